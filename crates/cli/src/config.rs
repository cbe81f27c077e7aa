//! Resolution of settings shared by subcommands: flags < `CORRESP_*` environment < defaults.

use std::path::PathBuf;

use anyhow::{Context, Result};

/// Installs the stderr log subscriber (`CORRESP_LOG`, default warnings only).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CORRESP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,lopdf=error,pdf_extract=error"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The store path: `--db`, else `$CORRESP_DB`, else `corresp.db` in the platform's data folder.
pub fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CORRESP_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .context("no --db, no $CORRESP_DB and no home folder to keep the store in")?;
    let dir = base.join("corresp");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir.join("corresp.db"))
}

/// Opens the SQLite store at `path`. A command that only reads (`create` false) refuses a store that
/// does not exist yet rather than creating an empty one and answering with nothing.
pub fn open_store(path: &std::path::Path, create: bool) -> Result<corresp_store::SqliteStore> {
    if !create && !path.exists() {
        anyhow::bail!("{}: no store here yet (run `corresp ingest` first, or pass --db)", path.display());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    corresp_store::SqliteStore::open(path).with_context(|| format!("{}", path.display()))
}
