//! What goes into the index: one [`IndexDoc`] per staff comment, per company answer and per letter.

use chrono::{Datelike, NaiveDate};
use corresp_model::Letter;
use serde::{Deserialize, Serialize};

/// The three grains a hit can have. The contract names them `comment`, `response` and `letter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// One staff comment.
    Comment,
    /// One company answer to one staff comment.
    Response,
    /// A whole letter.
    Letter,
}

impl DocKind {
    /// The contract's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DocKind::Comment => "comment",
            DocKind::Response => "response",
            DocKind::Letter => "letter",
        }
    }

    /// Reads the contract's name.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "comment" | "comments" => Some(DocKind::Comment),
            "response" | "responses" | "answer" | "answers" => Some(DocKind::Response),
            "letter" | "letters" => Some(DocKind::Letter),
            _ => None,
        }
    }
}

/// One indexed unit, as plain values so the index never needs the store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IndexDoc {
    /// Which grain this is (`None` only in `Default`; [`crate::Writer::add`] refuses it).
    pub kind: Option<DocKind>,
    /// The letter's accession.
    pub accession: String,
    /// Position of the comment or answer in its letter; `None` for a letter.
    pub ordinal: Option<u32>,
    /// The comment number as printed; for an answer, the number of the comment it answers.
    pub number: Option<String>,
    /// Company name.
    pub company: String,
    /// Company CIK (ten digits) when known.
    pub cik: Option<String>,
    /// Normalised forms under review (`10-K`, `S-1/A`, ...).
    pub forms: Vec<String>,
    /// The letter's date (printed date, else EDGAR filing date).
    pub date: Option<NaiveDate>,
    /// The letter's kind in the parse contract's words (`comments`, `response`, ...).
    pub letter_kind: String,
    /// Captions above the comment, outermost first.
    pub headings: Vec<String>,
    /// Topic ids (empty until a classifier fills them).
    pub topics: Vec<String>,
    /// The review thread, when known: answers are paired to comments inside it.
    pub thread: Option<String>,
    /// The text searched and shown.
    pub text: String,
    /// For a staff comment: its round in the thread and where its matter ended, from the stored
    /// comment–answer record (the `outcome:` filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<(u32, corresp_model::Outcome)>,
}

impl IndexDoc {
    /// The year of `date`, the `year:` filter.
    pub fn year(&self) -> Option<i32> {
        self.date.map(|d| d.year())
    }
}

/// What the store knows about a letter beyond its parsed record.
#[derive(Debug, Clone, Default)]
pub struct LetterMeta {
    /// The letter's accession.
    pub accession: String,
    /// Company name from EDGAR, preferred to the name printed in the letter.
    pub company: Option<String>,
    /// Company CIK.
    pub cik: Option<String>,
    /// EDGAR filing date, used when the letter has no printed date.
    pub filing_date: Option<NaiveDate>,
    /// The review thread.
    pub thread: Option<String>,
    /// The full extracted text, indexed as the letter-grain document.
    pub text: String,
    /// The records of the letter's staff comments (round and outcome), from its thread's stored
    /// comment–answer record.
    pub comments: Vec<corresp_model::CommentRecord>,
}

/// Turns one parsed letter into its index documents: the letter, then each comment, then each
/// answer. Pure, so ingest and reindex produce the same documents.
pub fn docs_for_letter(meta: &LetterMeta, letter: &Letter) -> Vec<IndexDoc> {
    let company = meta.company.clone().or_else(|| letter.company.clone()).unwrap_or_default();
    let forms: Vec<String> =
        letter.filings.iter().map(|f| f.form.clone()).filter(|f| !f.is_empty()).collect();
    let base = IndexDoc {
        kind: Some(DocKind::Letter),
        accession: meta.accession.clone(),
        ordinal: None,
        number: None,
        company,
        cik: meta.cik.clone(),
        forms,
        date: letter.date.or(meta.filing_date),
        letter_kind: letter.kind.as_str().to_string(),
        headings: Vec::new(),
        topics: Vec::new(),
        thread: meta.thread.clone(),
        text: meta.text.clone(),
        outcome: None,
    };
    let mut out = Vec::with_capacity(1 + letter.comments.len() + letter.responses.len());
    for c in &letter.comments {
        let mut topics = Vec::new();
        if let Some(t) = &c.topics {
            topics.extend(t.primary.iter().cloned());
            topics.extend(t.others.iter().cloned());
        }
        out.push(IndexDoc {
            kind: Some(DocKind::Comment),
            ordinal: Some(c.ordinal),
            number: c.number.clone(),
            headings: c.headings.clone(),
            topics,
            text: c.text.clone(),
            outcome: meta
                .comments
                .iter()
                .find(|r| r.ordinal == c.ordinal)
                .map(|r| (r.round, r.outcome.clone())),
            ..base.clone()
        });
    }
    // An answer's own words are what is searched; the repeated comment would only make every
    // answer compete with the comment it repeats.
    for r in &letter.responses {
        out.push(IndexDoc {
            kind: Some(DocKind::Response),
            ordinal: Some(r.ordinal),
            number: r.comment_number.clone(),
            text: r.text.clone(),
            ..base.clone()
        });
    }
    out.insert(0, base);
    out
}
