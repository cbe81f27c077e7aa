//! What a search is asked and what it answers: the types callers see.

use serde::Serialize;

use crate::doc::DocKind;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest letter first (ties by relevance).
    Date,
}

/// What a search asks for beyond the query.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Ordering.
    pub sort: Sort,
    /// Also count matches by company, form, year, kind and topic.
    pub facets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, offset: 0, sort: Sort::Relevance, facets: false }
    }
}

/// One hit. The first seven fields are the contract of `corresp search --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The letter's accession.
    pub accession: String,
    /// Comment, response or letter.
    pub kind: DocKind,
    /// Company name.
    pub company: String,
    /// The letter's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Position of the comment or answer in its letter; `None` for a letter.
    pub ordinal: Option<u32>,
    /// Relevance (higher is better; comparable only within one search).
    pub score: f32,
    /// A passage of the text with matched terms in `<b>`…`</b>`, HTML-escaped.
    pub snippet: String,
    /// The comment number (for an answer: the number of the comment it answers).
    pub number: Option<String>,
    /// Company CIK.
    pub cik: Option<String>,
    /// Forms under review.
    pub forms: Vec<String>,
    /// The letter's kind in the parse contract's words.
    pub letter_kind: String,
    /// Captions above a comment.
    pub headings: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// The review thread.
    pub thread: Option<String>,
    /// For a staff comment: where its matter ended (last round, how the review closed, the
    /// company's answer there), from the stored comment–answer record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<corresp_model::Outcome>,
    /// The whole text, when the caller asked for it (similar comments and their answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The snippet as plain text, for terminals.
    #[serde(skip)]
    pub snippet_text: String,
    /// Byte ranges of matched terms in `snippet_text`.
    #[serde(skip)]
    pub snippet_marks: Vec<(usize, usize)>,
}

/// Counts of matching documents by value, largest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// By company name.
    pub company: Vec<(String, u64)>,
    /// By form under review.
    pub form: Vec<(String, u64)>,
    /// By year of the letter.
    pub year: Vec<(String, u64)>,
    /// By grain: comment, response, letter.
    pub kind: Vec<(String, u64)>,
    /// By topic id.
    pub topic: Vec<(String, u64)>,
}

/// The answer to one search.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// The hits asked for, best (or newest) first.
    pub hits: Vec<Hit>,
    /// How many documents matched in all (see `total_estimated`).
    pub total: usize,
    /// `total` is an estimate: past a few thousand matches, or past the first 200,000 documents
    /// of a larger index, the count stops early and scales up what it had seen (with facets, or
    /// below both, it is exact).
    pub total_estimated: bool,
    /// No document held all the words, so documents holding any of them were returned.
    pub relaxed: bool,
    /// Counts by company, form, year, kind and topic, when asked for.
    pub facets: Option<Facets>,
}
