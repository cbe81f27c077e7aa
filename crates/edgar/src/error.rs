//! The one error type of this crate.

use std::path::PathBuf;

/// What can go wrong talking to EDGAR or keeping its files. Every variant that comes from a request
/// names the URL, so a user can paste it into a browser and see for themselves.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No User-Agent was given: the client refuses to be built, so nothing is ever sent.
    #[error(
        "no User-Agent declared: the SEC's fair-access policy asks every EDGAR client to name itself \
         with a contact e-mail (for example \"Jane Doe jane@example.com\"); nothing was sent"
    )]
    NoUserAgent,
    /// The User-Agent names nobody the SEC could write to, or cannot be sent as a header.
    #[error(
        "User-Agent {0:?} is not a declaration the SEC accepts: give a name and a contact e-mail \
         (for example \"Jane Doe jane@example.com\"); nothing was sent"
    )]
    BadUserAgent(String),
    /// The text is not a CIK (a company's EDGAR number, up to ten digits).
    #[error("{0:?} is not a CIK (up to ten digits, e.g. 320193 or 0000320193)")]
    BadCik(String),
    /// The text is not an accession number (`0000950170-24-000123`).
    #[error("{0:?} is not an EDGAR accession number (like 0000950170-24-000123)")]
    BadAccession(String),
    /// The server has no such file (404 or 410). Daily indexes do not exist for weekends and
    /// holidays, so callers treat this one differently from other failures.
    #[error("{url}: not found (HTTP {status})")]
    NotFound {
        /// The URL requested.
        url: String,
        /// 404 or 410.
        status: u16,
    },
    /// Any other unsuccessful HTTP status, after the retries for 429 and 5xx ran out.
    #[error("{url}: HTTP {status} after {attempts} attempt(s)")]
    Status {
        /// The URL requested.
        url: String,
        /// The last status received.
        status: u16,
        /// How many requests were sent for it.
        attempts: u32,
    },
    /// The connection failed (refused, reset, timed out, TLS) after the retries ran out.
    #[error("{url}: network error after {attempts} attempt(s)")]
    Network {
        /// The URL requested.
        url: String,
        /// How many requests were sent for it.
        attempts: u32,
        /// What the HTTP client reported.
        #[source]
        source: ureq::Error,
    },
    /// The server answered with JSON this crate cannot read.
    #[error("{url}: bad JSON")]
    Json {
        /// The URL (or file) the JSON came from.
        url: String,
        /// What serde reported.
        #[source]
        source: serde_json::Error,
    },
    /// The server answered with a file that is not in EDGAR's documented format.
    #[error("{url}: {reason}")]
    Format {
        /// The URL (or file) read.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing the local mirror failed.
    #[error("{}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS reported.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Whether the server said the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl From<corresp_model::IdError> for Error {
    fn from(e: corresp_model::IdError) -> Error {
        match e {
            corresp_model::IdError::BadCik(s) => Error::BadCik(s),
            corresp_model::IdError::BadAccession(s) => Error::BadAccession(s),
        }
    }
}
