//! Review threads: one review cycle's letters.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Filing, LetterKind};

/// Whether a review is still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadStatus {
    /// No review-complete letter yet.
    Open,
    /// Closed by a review-complete letter.
    Complete,
}

/// One letter as a thread lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadLetter {
    /// EDGAR accession number (or a content-hash key for loose files).
    pub accession: String,
    /// The letter's kind.
    pub kind: LetterKind,
    /// The printed date (else EDGAR's filing date).
    pub date: Option<NaiveDate>,
    /// EDGAR form (`UPLOAD`, `CORRESP`, ...), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// EDGAR filing date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_date: Option<NaiveDate>,
    /// First day the letter appeared in EDGAR's daily index, when known.
    #[serde(default)]
    pub release_date: Option<NaiveDate>,
}

/// One review cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// Stable id: the CIK (or company key) and the first letter's accession.
    pub id: String,
    /// Registrant name.
    pub company: Option<String>,
    /// CIK, ten digits, when known.
    pub cik: Option<String>,
    /// Filings under review, merged from the letters' Re: blocks.
    pub filings: Vec<Filing>,
    /// Letters in time order.
    pub letters: Vec<ThreadLetter>,
    /// Staff comment letters.
    pub rounds: u32,
    /// Open or complete.
    pub status: ThreadStatus,
    /// Review-complete letter's date minus the first staff letter's date.
    pub days_to_complete: Option<i64>,
}
