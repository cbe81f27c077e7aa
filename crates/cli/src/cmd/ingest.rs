//! `corresp ingest`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_app::ingest::{IngestOptions, IngestSummary, WorkerOptions, ingest_worker};
use corresp_app::update::ingest_and_index;

/// Arguments of `corresp ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (walked recursively: EDGAR's layout or loose letters).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The store: a SQLite file or a `postgres://` URL (else $CORRESP_DB, else the platform's data
    /// folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Share the work with other `--worker` processes (on this or other machines) over a PostgreSQL
    /// store: files are claimed from its work table, none is done twice, and a killed worker's
    /// files are taken again when their lease ends. The search index is left to the serve nodes.
    #[arg(long)]
    worker: bool,
    /// With --worker: seconds a claimed file stays this worker's without a renewal.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(2..=3600))]
    lease: u64,
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
    let mut tick = |_: &std::path::Path| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let summary = if args.worker {
        let worker =
            WorkerOptions { lease: std::time::Duration::from_secs(args.lease), ..Default::default() };
        ingest_worker(&store, &args.paths, &opts, &worker, &mut tick)
    } else {
        // The store, then the search index (derived data) in step with what this ingest changed.
        ingest_and_index(&store, &db, &args.paths, &opts, &mut tick)
    }
    .with_context(|| format!("ingest into {}", corresp_app::db::display(&db)))?;
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
