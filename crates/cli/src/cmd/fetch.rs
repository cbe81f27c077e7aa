//! `corresp fetch`: a company's correspondence (or a whole index's) from EDGAR, into the store.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use corresp_app::fetch::{FetchProgress, FetchRequest, NaiveDate, parse_day, parse_quarter};

/// Arguments of `corresp fetch`.
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).multiple(true).args(["cik", "index", "daily"]))]
pub struct Args {
    /// The company's CIK (`320193` or `0000320193`): its UPLOAD, CORRESP and SEC STAFF
    /// LETTER/ACTION filings through the submissions API. With --index or --daily: only its lines.
    #[arg(long)]
    cik: Option<String>,
    /// Earliest filing date kept (YYYY-MM-DD), with --cik alone.
    #[arg(long, value_parser = parse_day, requires = "cik")]
    since: Option<NaiveDate>,
    /// Latest filing date kept (YYYY-MM-DD), with --cik alone.
    #[arg(long, value_parser = parse_day, requires = "cik")]
    until: Option<NaiveDate>,
    /// A quarter's full index (all companies): YEAR:QTR, e.g. 2024:1.
    #[arg(long, value_name = "YEAR:QTR", value_parser = parse_quarter)]
    index: Option<(i32, u8)>,
    /// A day's index (all companies), repeatable: records each letter's release date.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    daily: Vec<NaiveDate>,
    /// The store (default: $CORRESP_DB, else the platform's data folder). Documents are kept
    /// beside it, in `<DB>.edgar/`.
    #[arg(long)]
    db: Option<PathBuf>,
    /// One base URL for both EDGAR hosts (a mirror or a test server).
    #[arg(long, value_name = "BASE")]
    edgar_url: Option<String>,
    /// Who you are, as the SEC asks: "Name contact@example.com" (else $CORRESP_USER_AGENT).
    #[arg(long, value_name = "\"NAME EMAIL\"")]
    user_agent: Option<String>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Shows progress on stderr, only when it is a terminal.
struct Terminal {
    on: bool,
}

impl FetchProgress for Terminal {
    fn fetched(&self, done: usize, total: usize) {
        if self.on {
            let _ = write!(std::io::stderr(), "\rfetching {done}/{total}   ");
        }
    }
    fn ingested(&self, path: &Path) {
        if self.on {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let _ = write!(std::io::stderr(), "\ringesting {name:<40.40}");
        }
    }
}

/// Runs `corresp fetch`.
pub fn run(args: Args) -> Result<()> {
    // Resolve the User-Agent before touching the store: a refusal must leave nothing behind.
    let user_agent = args
        .user_agent
        .or_else(|| std::env::var("CORRESP_USER_AGENT").ok())
        .filter(|ua| !ua.trim().is_empty());
    let Some(user_agent) = user_agent else {
        bail!(
            "no User-Agent: the SEC's fair-access policy asks every EDGAR client to say who it is; \
             pass --user-agent \"Jane Doe jane@example.com\" or set $CORRESP_USER_AGENT (nothing was sent)"
        );
    };
    let had_days = !args.daily.is_empty();
    let req = FetchRequest {
        user_agent,
        edgar_url: args.edgar_url,
        cik: args.cik,
        since: args.since,
        until: args.until,
        quarter: args.index,
        days: args.daily,
    };
    // Refuse a bad declaration before the store is created, too.
    corresp_app::fetch::check_user_agent(&req.user_agent)?;
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, true)?;
    let progress = Terminal { on: std::io::stderr().is_terminal() };
    let summary = corresp_app::fetch::fetch(&store, &db, &req, &progress)?;
    if progress.on {
        let _ = write!(std::io::stderr(), "\r{:60}\r", "");
    }

    let r = &summary.report;
    let failures = summary.failures();
    let ingest = summary.ingest.clone().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({
            "listed": r.filings.len(),
            "downloaded": summary.downloaded(),
            "already_kept": summary.already_kept(),
            "failed": failures.iter().map(|(a, m)| serde_json::json!({"accession": a, "error": m})).collect::<Vec<_>>(),
            "requests": summary.requests,
            "bytes": summary.bytes,
            "missing_indexes": r.missing_indexes,
            "mirror": summary.mirror.display().to_string(),
            "ingested": ingest.ingested,
            "replaced": ingest.replaced,
            "unchanged": ingest.unchanged,
            "ingest_failed": ingest.failed.len(),
            "threads": ingest.threads,
            "release_dates": summary.release_dates,
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "fetched: {} letters listed, {} downloaded, {} already kept, {} failed ({} requests, {} KB)",
            r.filings.len(),
            summary.downloaded(),
            summary.already_kept(),
            failures.len(),
            summary.requests,
            summary.bytes / 1024
        )?;
        for url in &r.missing_indexes {
            writeln!(out, "no index (weekend or holiday?): {url}")?;
        }
        writeln!(
            out,
            "ingested: {} new, {} replaced, {} unchanged, {} failed; {} threads",
            ingest.ingested,
            ingest.replaced,
            ingest.unchanged,
            ingest.failed.len(),
            ingest.threads
        )?;
        for f in &ingest.failed {
            writeln!(out, "  failed: {}: {}", f.path.display(), f.cause)?;
        }
        if had_days {
            writeln!(out, "release dates recorded: {}", summary.release_dates)?;
        }
        writeln!(out, "kept in: {}", summary.mirror.display())?;
    }
    if let Some((acc, msg)) = failures.first() {
        bail!(
            "{} of {} letters could not be fetched (run again to retry); first: {acc}: {msg}",
            failures.len(),
            r.filings.len()
        );
    }
    Ok(())
}
