//! `corresp ingest`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_app::ingest::{IngestOptions, IngestSummary, ingest_and_index};

/// Arguments of `corresp ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (walked recursively: EDGAR's layout or loose letters).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Extract and parse again even documents already stored unchanged.
    #[arg(long)]
    force: bool,
    /// Worker threads for extraction and parsing (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `corresp ingest`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, true)?;
    let opts = IngestOptions { force: args.force, jobs: args.jobs, ..IngestOptions::default() };
    // The bar only on a terminal: scripts and CI read a clean summary.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(corresp_app::walk::count(&args.paths) as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} letters {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    // The store, then the search index (derived data) in step with what this ingest changed.
    let summary = ingest_and_index(&store, &db, &args.paths, &opts, &mut |_| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    })
    .with_context(|| format!("ingest into {}", db.display()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary.to_json())?)?;
    } else {
        print_summary(&mut out, &summary)?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, s: &IngestSummary) -> Result<()> {
    writeln!(
        out,
        "ingested {}, replaced {}, unchanged {}, failed {}, skipped {}; {} threads",
        s.ingested,
        s.replaced,
        s.unchanged,
        s.failed.len(),
        s.skipped.len(),
        s.threads
    )?;
    for f in &s.failed {
        writeln!(out, "failed: {}: {}", f.path.display(), f.cause.replace('\n', " "))?;
    }
    Ok(())
}
