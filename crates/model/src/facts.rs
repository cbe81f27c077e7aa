//! What is known about one letter before it is grouped into a review: EDGAR's facts and the parsed
//! ones. The store keeps them per document, the thread grouping reads them: one type for both.

use chrono::{NaiveDate, NaiveDateTime};

use crate::{Filing, LetterKind};

/// What the grouping knows about one letter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterFacts {
    /// EDGAR accession number (or a content-hash key for loose files).
    pub accession: String,
    /// Company CIK, ten digits, when known.
    pub cik: Option<String>,
    /// Company name (EDGAR's, else as the letter prints it).
    pub company: Option<String>,
    /// EDGAR form of the document (`UPLOAD`, `CORRESP`, `SEC STAFF LETTER`, ...), when known.
    pub edgar_form: Option<String>,
    /// EDGAR filing date, when known.
    pub filing_date: Option<NaiveDate>,
    /// EDGAR acceptance time (UTC), when known: orders letters filed the same day.
    pub accepted: Option<NaiveDateTime>,
    /// First day the letter appeared in EDGAR's daily index, when known.
    pub release_date: Option<NaiveDate>,
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
        if let Some(d) = self.edgar_form.as_deref().and_then(crate::correspondence_author) {
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
        self.date.or(self.filing_date)
    }
}
