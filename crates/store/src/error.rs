//! The store's one error type.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or set up.
    #[error("cannot open the store {path}: {source}")]
    Open {
        /// The database path.
        path: String,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// The PostgreSQL server could not be reached or set up.
    #[error("cannot open the store {url}: {message}")]
    Connect {
        /// The URL, password removed.
        url: String,
        /// The cause, in one line.
        message: String,
    },
    /// A PostgreSQL error.
    #[error("postgres: {0}")]
    Pg(#[from] postgres::Error),
    /// The database was written by a newer corresp (its schema version is past ours).
    #[error("the store has schema version {found}, newer than this corresp knows ({known})")]
    TooNew {
        /// Version found in the database.
        found: i64,
        /// Latest version this build knows.
        known: i64,
    },
    /// A stored value does not read back (hand-edited or damaged database).
    #[error("corrupt store: {what}")]
    Corrupt {
        /// Which value, and why.
        what: String,
    },
    /// A database error.
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
