//! The shapes the service reads and answers with: what `corresp serve`'s API and pages show, in
//! the domain's words (the JSON of the contract where they are serialised).

use chrono::NaiveDate;
use corresp_model::{EdgarFacts, Letter, Text, Thread, ThreadStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::stats::{Stats, StatsDefinitions};

/// Filters of `GET /api/v1/threads`; every one that is set must hold.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadFilter {
    /// Part of the company's name, any case.
    pub company: Option<String>,
    /// The CIK, with or without leading zeros.
    pub cik: Option<String>,
    /// A form under review (`10-K`, `S-1`, ...).
    pub form: Option<String>,
    /// A year in which the thread has a letter.
    pub year: Option<i32>,
    /// A topic id of one of its comments (needs the documents; the service applies it).
    pub topic: Option<String>,
    /// `open` or `complete`.
    #[param(value_type = Option<String>)]
    pub status: Option<ThreadStatus>,
}

impl ThreadFilter {
    /// Whether `t` passes every filter that a thread's summary can decide (all but `topic`).
    pub fn matches(&self, t: &Thread) -> bool {
        if let Some(c) = self.company.as_deref().filter(|c| !c.trim().is_empty()) {
            let name = t.company.as_deref().unwrap_or("").to_lowercase();
            if !name.contains(&c.trim().to_lowercase()) {
                return false;
            }
        }
        if let Some(c) = self.cik.as_deref().filter(|c| !c.trim().is_empty()) {
            let want = c.trim().trim_start_matches('0');
            if t.cik.as_deref().map(|k| k.trim_start_matches('0')) != Some(want) {
                return false;
            }
        }
        if let Some(f) = self.form.as_deref().filter(|f| !f.trim().is_empty()) {
            let f = loose_form(f);
            let base = |s: &str| s.trim_end_matches("/A").to_string();
            if !t.filings.iter().any(|x| x.form == f || base(&x.form) == base(&f)) {
                return false;
            }
        }
        if let Some(y) = self.year {
            use chrono::Datelike;
            if !t.letters.iter().filter_map(|l| l.date.or(l.filing_date)).any(|d| d.year() == y) {
                return false;
            }
        }
        if let Some(s) = self.status
            && t.status != s
        {
            return false;
        }
        true
    }
}

/// A form as people type it, as EDGAR names it: `10K` is `10-K`, `s1/a` is `S-1/A`, `Form 20F`
/// is `20-F` (what [`corresp_model::normalise_form`] leaves alone, a missing dash, is put in).
pub fn loose_form(typed: &str) -> String {
    let f = corresp_model::normalise_form(typed);
    let (base, amend) = match f.strip_suffix("/A") {
        Some(b) => (b.to_string(), "/A"),
        None => (f.clone(), ""),
    };
    if base.contains('-') || base.contains(' ') {
        return f;
    }
    let digits = base.chars().take_while(char::is_ascii_digit).count();
    let letters = base.chars().take_while(char::is_ascii_alphabetic).count();
    let dashed =
        if digits > 0 && digits < base.len() && base[digits..].chars().all(|c| c.is_ascii_alphabetic()) {
            format!("{}-{}", &base[..digits], &base[digits..])
        } else if letters > 0
            && letters < base.len()
            && base[letters..].chars().all(|c| c.is_ascii_digit())
            && letters <= 2
        {
            format!("{}-{}", &base[..letters], &base[letters..])
        } else {
            return f;
        };
    format!("{dashed}{amend}")
}

/// One stored document as the server sees it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// EDGAR accession number, or a content-hash key for loose files.
    pub accession: String,
    /// What EDGAR says about it.
    pub edgar: EdgarFacts,
    /// The review thread it belongs to.
    pub thread_id: Option<String>,
    /// Extracted text: every span of `letter` points into it.
    pub text: Text,
    /// Parsed record.
    pub letter: Letter,
}

/// A thread and its documents, in the thread's letter order.
#[derive(Debug, Clone)]
pub struct ThreadDocs {
    /// The thread's summary.
    pub thread: Thread,
    /// Its stored documents (a letter listed in the thread but not stored is simply absent).
    pub docs: Vec<Doc>,
    /// Its stored comment–answer record (pairs, follow-ups, outcomes); `None` when none is stored,
    /// and the view then computes it from `docs`.
    pub review: Option<corresp_model::ReviewRecord>,
}

/// One file to ingest: a safe relative name (no `..`, no root) and its bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Relative path, `/`-separated, made only of normal components.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// What an upload's ingest did, as `POST /api/v1/ingest` answers it: files by their uploaded
/// names ([`crate::ingest::IngestSummary`] is the ingest's own, with paths on disk). The name is
/// the API description's, which clients read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IngestSummary {
    /// Files received.
    pub files: usize,
    /// Documents newly stored or updated.
    pub stored: usize,
    /// Documents already stored with the same bytes.
    pub unchanged: usize,
    /// Files that could not be read, each with the reason.
    #[serde(default)]
    pub failed: Vec<FileProblem>,
    /// Files left out (not a letter type; metadata the store does not need).
    #[serde(default)]
    pub skipped: Vec<String>,
}

/// A file that could not be ingested.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FileProblem {
    /// The uploaded name.
    pub name: String,
    /// Why.
    pub error: String,
}

/// `GET /api/v1/search` parameters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The query (words, "phrases").
    #[serde(default)]
    pub q: String,
    /// At most this many hits (1..=100, default 20).
    pub limit: Option<usize>,
    /// Only hits of this company (exact name, as a facet gives it).
    pub company: Option<String>,
    /// Only hits from letters dated in this year.
    pub year: Option<i32>,
    /// Only `comment`, `response` or `letter` hits.
    pub kind: Option<String>,
    /// Only comments (or their answers) with this topic id.
    pub topic: Option<String>,
    /// Only staff comments whose matter ended so: `first-round` (never came back after the
    /// company's first answer), `followed-up`, `closed` or `open`.
    pub outcome: Option<String>,
    /// Only hits about this form under review (`10-K`; `10K` is read as `10-K`).
    pub form: Option<String>,
    /// Hits to skip (paging; at most 10,000).
    pub offset: Option<usize>,
    /// `relevance` (the default) or `date` (newest first).
    pub sort: Option<String>,
}

/// Hits and facets.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct SearchResults {
    /// Best first.
    pub hits: Vec<Hit>,
    /// Counts of the matching documents by company, year, kind and topic.
    #[serde(default)]
    pub facets: Vec<Facet>,
    /// How many documents matched in all (`hits` is one page of them).
    #[serde(default)]
    pub total: usize,
    /// `total` is an estimate (the count stopped early on a very common query).
    #[serde(default)]
    pub total_estimated: bool,
}

/// One search hit, as `corresp search --json` prints it, plus where to open it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Hit {
    /// The letter's accession.
    pub accession: String,
    /// `comment`, `response` or `letter`.
    pub kind: String,
    /// Company name.
    pub company: Option<String>,
    /// The letter's date.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// Position of the comment or answer in its letter; null for a whole letter.
    pub ordinal: Option<u32>,
    /// Relevance, higher is better.
    pub score: f32,
    /// A short excerpt around the match.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Vec<usize>>)]
    pub highlights: Vec<[usize; 2]>,
    /// The review thread the letter belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// The comment's printed number (or the number an answer answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// For a staff comment: where its matter ended (last round, how the review closed, the
    /// company's answer there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<corresp_model::Outcome>,
    /// The captions above a comment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<String>,
    /// The letter's kind (`comments`, `response`, `review_complete`, `other`): whose letter it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_kind: Option<String>,
    /// Company CIK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cik: Option<String>,
    /// Forms under review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// Counts of one facet.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Facet {
    /// `company`, `year`, `kind` or `topic`.
    pub name: String,
    /// Values, most frequent first.
    pub values: Vec<FacetValue>,
}

/// One facet value and how many matches carry it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// How many matches carry it.
    pub count: usize,
}

/// A staff comment similar to another, with the company's answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct SimilarComment {
    /// The staff letter's accession.
    pub accession: String,
    /// The comment's position in its letter.
    pub ordinal: u32,
    /// Its printed number.
    pub number: Option<String>,
    /// Company name.
    pub company: Option<String>,
    /// The staff letter's date.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// Similarity, higher is closer.
    pub score: f32,
    /// The comment's text.
    pub text: String,
    /// The captions above the comment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<String>,
    /// The review thread.
    pub thread_id: Option<String>,
    /// The company's answers to it, as its thread's stored record pairs them.
    #[serde(default)]
    pub answers: Vec<AnswerRef>,
    /// Where its matter ended: the last round it reached, how the review closed, the answer there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<corresp_model::Outcome>,
}

/// A company answer in short.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct AnswerRef {
    /// The response letter's accession.
    pub accession: String,
    /// The answer's position in its letter.
    pub ordinal: u32,
    /// The answer's text.
    pub text: String,
    /// How the company answered (`revised`, `will_revise`, ...), when classified.
    pub answer: Option<String>,
}

/// One chart of the statistics page.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Chart {
    /// Caption.
    pub title: String,
    /// A complete `<svg>` element.
    pub svg: String,
}

/// The statistics page's data: the statistics (the `/api/v1/stats` object, typed) and their charts.
#[derive(Debug, Clone)]
pub struct StatsView {
    /// The statistics, with the definitions they were computed under.
    pub stats: Stats,
    /// Their charts.
    pub charts: Vec<Chart>,
}
