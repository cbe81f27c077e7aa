//! The `corresp` command. Parsing of arguments happens here (clap); each subcommand lives in its
//! own file under `cmd/` and turns its arguments into a call on the library crates.
//!
//! stdout is only data (text or the contract's JSON); logs and errors go to stderr.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod config;

/// corresp: SEC filing-review correspondence, parsed, threaded, searchable and checked.
#[derive(Parser)]
#[command(name = "corresp", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a letter's plain text (PDF, HTML, EDGAR .txt); pages separated by form feeds.
    Extract(cmd::extract::Args),
    /// Parse a letter into the record of the JSON contract.
    Parse(cmd::parse::Args),
    /// Recompute every numeric statement in a letter or disclosure text.
    Check(cmd::check::Args),
    /// Store letters (files, folders in EDGAR's layout, full submissions) and rebuild threads.
    Ingest(cmd::ingest::Args),
    /// List review threads.
    Threads(cmd::threads::Args),
    /// Full-text search over comments, answers and letters.
    Search(cmd::search::Args),
    /// Staff comments most like a given one, from other companies, with their answers.
    Similar(cmd::similar::Args),
    /// Draft a response to a staff comment letter, with precedents per comment.
    Draft(cmd::draft::Args),
    /// Rebuild the search index from the store.
    Reindex(cmd::reindex::Args),
    /// Review statistics.
    Stats(cmd::stats::Args),
    /// Fetch a company's correspondence from EDGAR and ingest it.
    Fetch(cmd::fetch::Args),
    /// Serve the HTTP API and web UI.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    config::init_logging();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Parse(a) => cmd::parse::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Threads(a) => cmd::threads::run(a),
        Command::Search(a) => cmd::search::run(a),
        Command::Similar(a) => cmd::similar::run(a),
        Command::Draft(a) => cmd::draft::run(a),
        Command::Reindex(a) => cmd::reindex::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Fetch(a) => cmd::fetch::run(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed stdout pipe (`corresp extract x | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let msg = e.chain().map(|c| c.to_string()).collect::<Vec<_>>().join(": ");
            let _ = writeln!(std::io::stderr(), "corresp: {}", msg.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
