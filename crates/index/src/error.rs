//! The one error type of the index.

use std::path::PathBuf;

/// What went wrong in the index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query could not be read; the message says where and why, for the person who typed it.
    #[error("bad query: {0}")]
    Query(String),
    /// No document has that accession (and ordinal).
    #[error("not found: {0}")]
    NotFound(String),
    /// The index folder is missing or was built by an incompatible version: run `corresp reindex`.
    #[error("no usable search index at {path}: run `corresp reindex`")]
    Missing {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder holds an index that tantivy cannot open (a damaged or half-written file). The
    /// index is a cache of the store: rebuilding it (`corresp reindex`) mends it.
    #[error("search index at {path} cannot be opened ({source}): run `corresp reindex`")]
    Unreadable {
        /// The index folder.
        path: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// Reading or writing the index folder failed.
    #[error("index folder {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Any other tantivy failure.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
