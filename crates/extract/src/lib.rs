//! Bytes to text: EDGAR PDF, HTML and `.txt` letters (placeholder API; being built).
#![deny(missing_docs)]

use corresp_model::Text;

/// What went wrong extracting one document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The format is not one corresp reads.
    #[error("unsupported format: {0}")]
    Unsupported(String),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Facts from an EDGAR SGML header (full submission `.txt`), when the input has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionHeader {
    /// Accession number with dashes.
    pub accession: Option<String>,
    /// Submission type (`CORRESP`, `UPLOAD`, ...).
    pub form: Option<String>,
    /// Filer CIK, ten digits.
    pub cik: Option<String>,
    /// Filer name.
    pub company: Option<String>,
    /// Filing date.
    pub filed: Option<chrono::NaiveDate>,
}

/// One extracted document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text with its marks.
    pub text: Text,
    /// The SGML header's facts, for full submissions.
    pub submission: Option<SubmissionHeader>,
}

/// Extracts text from `bytes`; `file_name` (the path's last part) hints at the format.
pub fn extract(_bytes: &[u8], file_name: &str) -> Result<Extracted> {
    Err(Error::Unsupported(file_name.to_string()))
}
