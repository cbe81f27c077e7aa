//! Use cases of corresp: the one crate that combines extract, parse, store and the thread rules.
//!
//! - [`update::ingest_and_index`]: files and folders (EDGAR's layout or loose letters) into the
//!   store ([`ingest::ingest`]: in parallel with a single writer, then threads rebuilt), then the
//!   search index brought in step; the one way in for `corresp ingest`, `fetch`, uploads and the
//!   sample store.
//! - [`service`]: what `corresp serve` serves (store, index, caches, uploads); the HTTP crate
//!   only translates.
//! - [`stats`], [`check`], [`letter`]: the statistics, the figure checks, and one letter read
//!   from its bytes.
//! - [`walk`]: finding letters and EDGAR's facts about them on disk.
//! - [`threads`]: rebuilding and listing review threads.
//! - [`frames`]: the store as typed columns (threads, letters, comments, answers, search hits),
//!   for the Python package's data frames.
//! - [`db`]: where the store lives (`--db`, `$CORRESP_DB`, the data folder) and opening it.
//!
//! ```no_run
//! use corresp_app::ingest::{ingest, IngestOptions};
//! use corresp_store::SqliteStore;
//!
//! let store = SqliteStore::open("corresp.db".as_ref()).unwrap();
//! let summary = ingest(&store, &["letters/".into()], &IngestOptions::default(), &mut |_| {}).unwrap();
//! println!("{} ingested, {} threads", summary.ingested, summary.threads);
//! ```
#![deny(missing_docs)]

use std::path::PathBuf;

pub mod check;
pub mod citation;
pub mod db;
pub mod draft;
pub mod fetch;
pub mod frames;
pub mod ingest;
pub mod letter;
pub mod review;
pub mod sample;
pub mod search;
pub mod service;
pub mod stats;
pub mod threads;
pub mod update;
pub mod walk;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An input is not what it should be (missing, or an EDGAR JSON file that is not JSON).
    #[error("{}: {message}", path.display())]
    Input {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] corresp_store::Error),
    /// The search index failed, or a query could not be read (`corresp_index::Error::Query`).
    #[error(transparent)]
    Index(#[from] corresp_index::Error),
    /// EDGAR could not be reached, refused, or answered with something unreadable (the message
    /// names the URL); or no User-Agent was declared.
    #[error(transparent)]
    Edgar(#[from] corresp_edgar::Error),
    /// A letter's bytes could not be turned into text (empty, broken, not a letter format): the
    /// message names the file and the cause.
    #[error("{name}: cannot extract: {message}")]
    Unreadable {
        /// The file's name.
        name: String,
        /// Why.
        message: String,
    },
    /// Nothing is stored under the key asked for.
    #[error("{0}")]
    Missing(String),
    /// A letter was read but is not the kind the use case needs (a company response given to
    /// `draft`): the message says what it is.
    #[error("{0}")]
    WrongKind(String),
    /// A bug or resource failure inside corresp.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Broad classes of [`Error`] that callers (HTTP status, exit code) act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller's input is wrong.
    BadInput,
    /// What the caller named does not exist (no such letter, thread or comment).
    NotFound,
    /// Something failed inside corresp or its store.
    Internal,
}

impl Error {
    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Missing(_) | Error::Index(corresp_index::Error::NotFound(_)) => ErrorKind::NotFound,
            Error::Io { .. } | Error::Input { .. } | Error::Unreadable { .. } | Error::WrongKind(_) => {
                ErrorKind::BadInput
            }
            Error::Edgar(e) => match e {
                corresp_edgar::Error::NoUserAgent
                | corresp_edgar::Error::BadUserAgent(_)
                | corresp_edgar::Error::BadCik(_)
                | corresp_edgar::Error::BadAccession(_)
                | corresp_edgar::Error::NotFound { .. } => ErrorKind::BadInput,
                _ => ErrorKind::Internal,
            },
            Error::Index(corresp_index::Error::Query(_)) => ErrorKind::BadInput,
            Error::Store(_) | Error::Index(_) | Error::Internal(_) => ErrorKind::Internal,
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
