//! `corresp stats`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use corresp_app::stats::{
    EndPoint, FormScope, LetterScope, StartPoint, StatsDefinitions as Definitions, YearBasis,
};

/// Arguments of `corresp stats`. The defaults follow Deloitte's definitions.
#[derive(clap::Args)]
pub struct Args {
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Print the statistics as one JSON object (the contract's shape).
    #[arg(long)]
    json: bool,
    /// Which letters count: staff-comments (Deloitte) or all.
    #[arg(long, default_value = "staff-comments", value_parser = ["staff-comments", "all"])]
    letters: String,
    /// How reviews get a year: review (first staff letter), calendar (last letter), june (years to June 30).
    #[arg(long, default_value = "review", value_parser = ["review", "calendar", "june"])]
    year: String,
    /// Which reviews count: all, or periodic (10-K/10-Q only).
    #[arg(long, default_value = "all", value_parser = ["all", "periodic"])]
    forms: String,
    /// When a review starts: first-staff-letter or filing (the reviewed filing's date).
    #[arg(long, default_value = "first-staff-letter", value_parser = ["first-staff-letter", "filing"])]
    start: String,
    /// When a review ends: review-complete or last-letter.
    #[arg(long, default_value = "review-complete", value_parser = ["review-complete", "last-letter"])]
    end: String,
    /// Write the per-thread rows as CSV to this file.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write the per-comment rows as CSV to this file.
    #[arg(long)]
    comments_csv: Option<PathBuf>,
    /// Write the per-thread and per-comment rows as Parquet into this folder (`threads.parquet`,
    /// `comments.parquet`; the same columns as the CSV files).
    #[arg(long, value_name = "DIR")]
    parquet: Option<PathBuf>,
    /// Write SVG charts (letters per review, days to complete) into this folder.
    #[arg(long)]
    charts: Option<PathBuf>,
}

impl Args {
    fn definitions(&self) -> Definitions {
        Definitions {
            letters: if self.letters == "all" { LetterScope::All } else { LetterScope::StaffComments },
            year: match self.year.as_str() {
                "calendar" => YearBasis::Calendar,
                "june" => YearBasis::JuneYear,
                _ => YearBasis::ReviewYear,
            },
            forms: if self.forms == "periodic" { FormScope::PeriodicOnly } else { FormScope::All },
            start: if self.start == "filing" { StartPoint::FilingDate } else { StartPoint::FirstStaffLetter },
            end: if self.end == "last-letter" { EndPoint::LastLetter } else { EndPoint::ReviewComplete },
        }
    }
}

/// Runs `corresp stats`.
pub fn run(args: Args) -> Result<()> {
    let defs = args.definitions();
    let db = crate::config::db_path(args.db.clone())?;
    let store = crate::config::open_store(&db, false)?;
    let export = corresp_app::stats::export(&store, &defs)?;
    if let Some(p) = &args.csv {
        export.write_threads_csv(p)?;
    }
    if let Some(p) = &args.comments_csv {
        export.write_comments_csv(p)?;
    }
    if let Some(dir) = &args.parquet {
        export.write_parquet(dir)?;
    }
    if let Some(dir) = &args.charts {
        export.write_charts(dir)?;
    }
    let stats = &export.stats;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, stats)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "reviews                      {}", stats.reviews)?;
    writeln!(out, "staff letters per review     {:.2}", stats.staff_letters_per_review)?;
    writeln!(out, "letters per review           {:.2}", stats.letters_per_review)?;
    let f = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
    writeln!(out, "days to complete: mean       {}", f(stats.days_to_complete.mean))?;
    writeln!(out, "days to complete: median     {}", f(stats.days_to_complete.median))?;
    writeln!(
        out,
        "completed within 60 days     {}",
        f(stats.days_to_complete.share_within_60.map(|x| x * 100.0))
    )?;
    for (year, n) in &stats.reviews_by_year {
        writeln!(out, "{year}: {n} reviews")?;
    }
    Ok(())
}
