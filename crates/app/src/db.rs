//! Where the store lives and how it is opened: the one rule the CLI (`--db`) and the Python
//! package (`corresp.open(db=None)`) share. `--db` (or `$CORRESP_DB`) is a SQLite file path or a
//! `postgres://` URL ([`open_store`]); a PostgreSQL store's search index is a local cache
//! ([`cache_dir`]).
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let path = corresp_app::db::path(Some(dir.path().join("c.db"))).unwrap();
//! let err = corresp_app::db::open(&path, false).unwrap_err();
//! assert!(err.to_string().ends_with("c.db: no store here yet (run `corresp ingest` first, or pass --db)"));
//! assert!(corresp_app::db::open(&path, true).is_ok());
//! ```

use std::path::{Path, PathBuf};

use corresp_store::SqliteStore;
/// The store an opened `db` is: what every use case reads and writes through.
pub use corresp_store::Store;

use crate::{Error, Result};

/// The store path: the one given, else `$CORRESP_DB`, else `corresp.db` in corresp's folder of the
/// platform's data folder (Linux: `$XDG_DATA_HOME/corresp`, else `~/.local/share/corresp`; macOS:
/// `~/Library/Application Support/corresp`; Windows: `%APPDATA%\corresp\data`), which is created.
pub fn path(given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CORRESP_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("", "", "corresp").ok_or_else(|| {
        Error::Missing("no --db, no $CORRESP_DB and no home folder to keep the store in".into())
    })?;
    let dir = dirs.data_dir();
    create_dir(dir)?;
    Ok(dir.join("corresp.db"))
}

/// Whether `db` names a PostgreSQL store (`postgres://` or `postgresql://`).
pub fn is_url(db: &Path) -> bool {
    db.to_str().is_some_and(corresp_store::is_url)
}

/// `db` for messages: a URL without its password, else the path.
pub fn display(db: &Path) -> String {
    match db.to_str().filter(|s| corresp_store::is_url(s)) {
        Some(url) => corresp_store::redact(url),
        None => db.display().to_string(),
    }
}

/// Opens the store `db` names: a PostgreSQL store at a `postgres://` URL (created tables and all
/// on first use), else the SQLite file as [`open`] does. A bad URL or an unreachable server is one
/// line naming the URL without its password.
pub fn open_store(db: &Path, create: bool) -> Result<Box<dyn Store>> {
    match db.to_str().filter(|s| corresp_store::is_url(s)) {
        Some(url) => Ok(Box::new(
            corresp_store::PostgresStore::connect(url, &corresp_store::PgOptions::default())
                .map_err(Error::Store)?,
        )),
        None => Ok(Box::new(open(db, create)?)),
    }
}

/// The local folder that caches the search index of the PostgreSQL store at `url`:
/// `index-<hash of the URL without its password>` in corresp's folder of the platform's cache
/// folder (Linux: `$XDG_CACHE_HOME/corresp`, else `~/.cache/corresp`), else in the temporary
/// folder. Each machine keeps its own; it is rebuilt from the store when missing or behind.
pub fn cache_dir(url: &str) -> PathBuf {
    use sha2::Digest;
    let base = directories::ProjectDirs::from("", "", "corresp")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("corresp"));
    let hash = sha2::Sha256::digest(corresp_store::redact(url).as_bytes());
    base.join(format!("index-{}", hex::encode(&hash[..8])))
}

/// Opens the SQLite store at `path`. A use that only reads (`create` false) refuses a store that
/// does not exist yet rather than creating an empty one and answering with nothing.
pub fn open(path: &Path, create: bool) -> Result<SqliteStore> {
    if !create && !path.exists() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: "no store here yet (run `corresp ingest` first, or pass --db)".into(),
        });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_dir(dir)?;
    }
    Ok(SqliteStore::open(path)?)
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Input { path: dir.to_path_buf(), message: format!("cannot create: {e}") })
}
