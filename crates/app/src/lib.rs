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

/// What went wrong in a use case. [`Error::kind`] says who must act on it; each variant keeps
/// its cause ([`std::error::Error::source`]) where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder the user named could not be read (or written: an output file).
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
    /// The request cannot be carried out as given (nothing to fetch, options that exclude each
    /// other): the message says what to give instead.
    #[error("{0}")]
    Usage(String),
    /// A file or folder of corresp's own (the search index and its stamp, a temporary folder)
    /// could not be read or written: not the user's input, so an internal failure.
    #[error("{}: {source}", path.display())]
    OwnFile {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A letter was read but is not the kind the use case needs (a company response given to
    /// `draft`): the message says what it is.
    #[error("{0}")]
    WrongKind(String),
    /// A bug or resource failure inside corresp.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Who must act on an [`Error`]: what callers map to an HTTP status or a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller's input is wrong: a file, a query, an option, an identifier.
    BadInput,
    /// What the caller named does not exist or cannot be reached (no such letter, thread or
    /// comment; no such filing at EDGAR; a store server that does not answer).
    NotFound,
    /// The store or the index cannot be read as corresp wrote it (damaged, hand-edited, or written
    /// by a newer corresp): whoever keeps the store must act (restore, upgrade, `corresp reindex`).
    Corrupt,
    /// Something failed inside corresp or on its machine (a bug, a full disk, EDGAR down).
    Internal,
}

impl Error {
    /// For `map_err`: a failure on `path`, a file or folder of corresp's own ([`Error::OwnFile`]).
    pub(crate) fn own_file(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::OwnFile { path: path.to_path_buf(), source }
    }

    /// Who must act on this error.
    pub fn kind(&self) -> ErrorKind {
        use corresp_index::Error as I;
        use corresp_store::Error as S;
        match self {
            Error::Missing(_) | Error::Index(I::NotFound(_)) | Error::Store(S::Connect { .. }) => {
                ErrorKind::NotFound
            }
            Error::Io { .. }
            | Error::Input { .. }
            | Error::Unreadable { .. }
            | Error::WrongKind(_)
            | Error::Usage(_)
            | Error::Index(I::Query(_))
            | Error::Store(S::Open { .. }) => ErrorKind::BadInput,
            Error::Edgar(e) => match e {
                corresp_edgar::Error::NoUserAgent
                | corresp_edgar::Error::BadUserAgent(_)
                | corresp_edgar::Error::BadCik(_)
                | corresp_edgar::Error::BadAccession(_) => ErrorKind::BadInput,
                corresp_edgar::Error::NotFound { .. } => ErrorKind::NotFound,
                _ => ErrorKind::Internal,
            },
            Error::Store(S::Corrupt { .. } | S::TooNew { .. }) | Error::Index(I::Missing { .. }) => {
                ErrorKind::Corrupt
            }
            Error::Store(_) | Error::Index(_) | Error::OwnFile { .. } | Error::Internal(_) => {
                ErrorKind::Internal
            }
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    //! Who must act on each failure, and that the cause stays attached.
    use std::error::Error as _;

    use super::*;

    #[test]
    fn nothing_to_fetch_is_the_users_to_fix() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("c.db");
        let store = corresp_store::SqliteStore::open(&db).unwrap();
        let req = fetch::FetchRequest {
            user_agent: "Corresp Tests tests@example.com".into(),
            ..Default::default()
        };
        let e = fetch::fetch(&store, &db, &req, &fetch::Quiet).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput, "{e}");
        assert!(e.to_string().starts_with("nothing to fetch"), "{e}");
    }

    #[test]
    fn failing_to_write_our_own_index_stamp_is_internal_with_its_cause() {
        let tmp = tempfile::tempdir().unwrap();
        let e = search::write_stamp(&tmp.path().join("no-such-index"), 1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Internal, "{e}");
        let cause = e.source().expect("the I/O error is kept");
        assert!(cause.downcast_ref::<std::io::Error>().is_some(), "{cause}");
    }

    #[test]
    fn a_file_that_is_not_a_store_is_bad_input_and_a_damaged_one_is_corrupt() {
        let tmp = tempfile::tempdir().unwrap();
        let not_a_db = tmp.path().join("letter.pdf");
        std::fs::write(&not_a_db, vec![b'x'; 4096]).unwrap();
        let Err(e) = db::open(&not_a_db, false) else { panic!("opened a file that is not a database") };
        assert_eq!(e.kind(), ErrorKind::BadInput, "{e}");
        assert!(e.source().is_some(), "the database's own message is kept: {e}");
        let corrupt = Error::Store(corresp_store::Error::Corrupt { what: "letter_json of x".into() });
        assert_eq!(corrupt.kind(), ErrorKind::Corrupt);
        let missing = Error::Index(corresp_index::Error::NotFound("x/1".into()));
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        assert_eq!(Error::Missing("x".into()).kind(), ErrorKind::NotFound);
    }
}
