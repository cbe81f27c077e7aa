//! `corresp reindex`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_app::search::{export_docs, index_dir, reindex};

/// Arguments of `corresp reindex`.
#[derive(clap::Args)]
pub struct Args {
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Instead of rebuilding, write every index document as JSON lines to FILE (for the benchmark).
    #[arg(long, value_name = "FILE")]
    export_docs: Option<PathBuf>,
}

/// Runs `corresp reindex`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, false)?;
    let dir = index_dir(&db);
    if let Some(path) = &args.export_docs {
        let file =
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = std::io::BufWriter::new(file);
        let n = export_docs(&store, &mut w).with_context(|| format!("export to {}", path.display()))?;
        w.flush().with_context(|| format!("write {}", path.display()))?;
        eprintln!("wrote {n} index documents to {}", path.display());
        return Ok(());
    }
    let t = std::time::Instant::now();
    let s = reindex(&store, &dir).with_context(|| format!("reindex {}", corresp_app::db::display(&db)))?;
    let secs = t.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({"letters": s.letters, "docs": s.docs, "index": dir, "seconds": secs});
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "indexed {} letters ({} documents) into {} in {:.1} s",
            s.letters,
            s.docs,
            dir.display(),
            secs
        )?;
    }
    Ok(())
}
