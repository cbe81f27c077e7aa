//! The store: the truth of corresp (placeholder API; being built).
#![deny(missing_docs)]

use chrono::NaiveDate;
use corresp_model::{Letter, Text};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A database error.
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// One stored document with its text and parsed record.
#[derive(Debug, Clone, Default)]
pub struct StoredDocument {
    /// EDGAR accession number, or a content-hash key for loose files.
    pub accession: String,
    /// Company CIK, ten digits, when known.
    pub cik: Option<String>,
    /// Company name (EDGAR's, else the letter's).
    pub company: Option<String>,
    /// EDGAR form of the document (`UPLOAD`, `CORRESP`, ...), when known.
    pub edgar_form: Option<String>,
    /// EDGAR filing date, when known.
    pub filing_date: Option<NaiveDate>,
    /// First day the letter appeared in EDGAR's daily index, when known.
    pub release_date: Option<NaiveDate>,
    /// Where it was read from.
    pub source_path: Option<String>,
    /// SHA-256 of the source bytes, hex.
    pub source_hash: String,
    /// Extracted text.
    pub text: Text,
    /// Parsed record.
    pub letter: Letter,
    /// The review thread it belongs to.
    pub thread_id: Option<String>,
}

/// A place that keeps documents. SQLite is the default backend; PostgreSQL can follow.
pub trait Store {
    /// Calls `f` for every stored document, in a stable order (filing date, then accession).
    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()>;
    /// One document by accession.
    fn document(&self, accession: &str) -> Result<Option<StoredDocument>>;
    /// Records the first day a letter appeared in EDGAR's daily index.
    fn set_release_date(&self, accession: &str, date: NaiveDate) -> Result<()>;
}
