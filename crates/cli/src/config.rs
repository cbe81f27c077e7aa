//! Resolution of settings shared by subcommands: flags < `CORRESP_*` environment < defaults.

use std::path::PathBuf;

use anyhow::Result;

/// Installs the stderr log subscriber (`CORRESP_LOG`, default warnings only).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CORRESP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,lopdf=error,pdf_extract=error"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The store: `--db`, else `$CORRESP_DB`, else `corresp.db` in the platform's data folder (the
/// rule lives in `corresp_app::db`, shared with the Python package). A `postgres://` URL names a
/// PostgreSQL store.
pub fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    Ok(corresp_app::db::path(flag)?)
}

/// Opens the store at `path` (a SQLite file, or a PostgreSQL URL). A command that only reads
/// (`create` false) refuses a SQLite store that does not exist yet rather than creating an empty
/// one and answering with nothing.
pub fn open_store(path: &std::path::Path, create: bool) -> Result<Box<dyn corresp_app::db::Store>> {
    Ok(corresp_app::db::open_store(path, create)?)
}
