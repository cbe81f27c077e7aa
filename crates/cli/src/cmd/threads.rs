//! `corresp threads`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

/// Arguments of `corresp threads`.
#[derive(clap::Args)]
pub struct Args {
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Print the threads as a JSON array (the contract's shape).
    #[arg(long)]
    json: bool,
    /// With --json: each thread as `GET /api/v1/threads/{id}` gives it (staff comments with their
    /// answers, follow-ups and outcomes).
    #[arg(long, requires = "json")]
    comments: bool,
}

/// Runs `corresp threads`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, false)?;
    let mut out = std::io::stdout().lock();
    if args.comments {
        // One thread at a time: a store of any size prints in flat memory.
        write!(out, "[")?;
        for (i, t) in corresp_app::threads::list(&store)?.iter().enumerate() {
            if i > 0 {
                write!(out, ",")?;
            }
            serde_json::to_writer(&mut out, &corresp_app::review::view_of(&store, t)?)?;
        }
        writeln!(out, "]")?;
        return Ok(());
    }
    let threads = corresp_app::threads::list(&store)?;
    if args.json {
        serde_json::to_writer(&mut out, &threads)?;
        writeln!(out)?;
        return Ok(());
    }
    for t in &threads {
        let first = t.letters.first().and_then(|l| l.date).map(|d| d.to_string()).unwrap_or_default();
        let status = match t.status {
            corresp_model::ThreadStatus::Complete => "complete",
            corresp_model::ThreadStatus::Open => "open",
        };
        let days = t.days_to_complete.map(|d| format!(" in {d} days")).unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {} letters, {} rounds, {status}{days}",
            t.id,
            first,
            t.company.as_deref().unwrap_or("?"),
            t.letters.len(),
            t.rounds
        )?;
    }
    Ok(())
}
