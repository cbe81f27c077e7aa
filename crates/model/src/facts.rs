//! What is known about one letter before it is grouped into a review: EDGAR's facts
//! ([`EdgarFacts`], the one type for them wherever a document is carried: the walk's source, the
//! stored document, the served one) and the parsed ones. The store keeps them per document, the
//! thread grouping reads them: one type for both.

use chrono::{NaiveDate, NaiveDateTime};

use crate::{Filing, LetterKind};

/// What EDGAR says about a document besides its accession: who filed it, as which form, and when.
/// Every field is optional because a loose file has none of them and a letter fetched from EDGAR
/// learns them one source at a time (the filing index, the submissions file, the daily index).
/// The accession stays beside it, on the holder, because it is the document's key in the store,
/// a content hash for a loose file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgarFacts {
    /// Company CIK, ten digits.
    pub cik: Option<String>,
    /// Company name (EDGAR's, else as the letter prints it).
    pub company: Option<String>,
    /// EDGAR form of the document (`UPLOAD`, `CORRESP`, `SEC STAFF LETTER`, ...).
    pub form: Option<String>,
    /// EDGAR filing date.
    pub filing_date: Option<NaiveDate>,
    /// EDGAR acceptance time (UTC): orders letters filed the same day.
    pub accepted: Option<NaiveDateTime>,
    /// First day the letter appeared in EDGAR's daily index.
    pub release_date: Option<NaiveDate>,
}

impl EdgarFacts {
    /// Fills the fields still unknown from `other`, a source read later (a full submission's
    /// header after the filing index): what was known first is kept.
    pub fn fill_gaps(&mut self, other: &EdgarFacts) {
        let text = |mine: &mut Option<String>, theirs: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        };
        text(&mut self.cik, &other.cik);
        text(&mut self.company, &other.company);
        text(&mut self.form, &other.form);
        self.filing_date = self.filing_date.or(other.filing_date);
        self.accepted = self.accepted.or(other.accepted);
        self.release_date = self.release_date.or(other.release_date);
    }
}

/// What the grouping knows about one letter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterFacts {
    /// EDGAR accession number (or a content-hash key for loose files).
    pub accession: String,
    /// What EDGAR says about it.
    pub edgar: EdgarFacts,
    /// The parsed letter's kind.
    pub kind: LetterKind,
    /// The printed date.
    pub date: Option<NaiveDate>,
    /// Filings under review, from the Re: block.
    pub filings: Vec<Filing>,
    /// For a response: the date of the staff letter it answers.
    pub responds_to: Option<NaiveDate>,
}

/// Who wrote a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The SEC staff.
    Staff,
    /// The company or its counsel.
    Company,
}

impl LetterFacts {
    /// Who wrote the letter. EDGAR's form says it best ([`crate::correspondence_author`]), then the
    /// accession's filer agent ([`crate::is_staff_accession`]); the parsed kind decides only for
    /// loose files.
    pub fn direction(&self) -> Direction {
        if let Some(d) = self.edgar.form.as_deref().and_then(crate::correspondence_author) {
            return d;
        }
        if crate::is_staff_accession(&self.accession) {
            return Direction::Staff;
        }
        if self.kind.is_staff() { Direction::Staff } else { Direction::Company }
    }

    /// A staff letter about redacted exhibits (its Re: block names exhibits): an assessment of
    /// those exhibits with its own conclusion letter, kept apart from the filing's review.
    pub fn is_exhibit_assessment(&self) -> bool {
        self.direction() == Direction::Staff
            && matches!(self.kind, LetterKind::Other | LetterKind::ReviewComplete)
            && self.filings.iter().any(|f| !f.exhibits.is_empty())
    }

    /// The day the letter counts for: its printed date, else EDGAR's filing date.
    pub fn day(&self) -> Option<NaiveDate> {
        self.date.or(self.edgar.filing_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_gaps_keeps_what_was_known_first() {
        let day = |d| NaiveDate::from_ymd_opt(2031, 3, d).unwrap();
        let mut mine =
            EdgarFacts { cik: Some("0000012345".into()), filing_date: Some(day(4)), ..EdgarFacts::default() };
        let header = EdgarFacts {
            cik: Some("0000099999".into()),
            company: Some("QUILLFEATHER INSTRUMENTS, INC.".into()),
            form: Some("CORRESP".into()),
            filing_date: Some(day(5)),
            accepted: None,
            release_date: Some(day(20)),
        };
        mine.fill_gaps(&header);
        assert_eq!(mine.cik.as_deref(), Some("0000012345"));
        assert_eq!(mine.company.as_deref(), Some("QUILLFEATHER INSTRUMENTS, INC."));
        assert_eq!(mine.form.as_deref(), Some("CORRESP"));
        assert_eq!(mine.filing_date, Some(day(4)));
        assert_eq!(mine.accepted, None);
        assert_eq!(mine.release_date, Some(day(20)));
    }
}
