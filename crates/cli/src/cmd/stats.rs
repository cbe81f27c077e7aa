//! `corresp stats`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_stats::{
    Definitions, EndPoint, FormScope, LetterScope, StartPoint, YearBasis, compute, thread_rows,
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
    let threads = corresp_app::threads::list(&store)?;
    let comments = corresp_app::serve_api::comment_rows(&store)?;
    let stats = compute(&threads, &comments, &defs);
    if let Some(p) = &args.csv {
        let rows = thread_rows(&threads, &defs);
        std::fs::write(p, corresp_stats::threads_csv(&rows))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &args.comments_csv {
        std::fs::write(p, corresp_stats::comments_csv(&comments))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(dir) = &args.parquet {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let rows = thread_rows(&threads, &defs);
        let path = dir.join("threads.parquet");
        let file =
            std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        corresp_stats::threads_parquet(&rows, file)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let path = dir.join("comments.parquet");
        let file =
            std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        corresp_stats::comments_parquet(&comments, file)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(dir) = &args.charts {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let rows = thread_rows(&threads, &defs);
        let mut per: std::collections::BTreeMap<u32, f64> = Default::default();
        let mut days: std::collections::BTreeMap<i64, f64> = Default::default();
        for r in &rows {
            *per.entry(r.staff_letters).or_default() += 1.0;
            if let Some(d) = r.days {
                *days.entry(d / 30 * 30).or_default() += 1.0;
            }
        }
        let letters: Vec<(String, f64)> = per.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let days: Vec<(String, f64)> =
            days.into_iter().map(|(k, v)| (format!("{k}-{}", k + 29), v)).collect();
        for (name, title, bars) in [
            ("letters_per_review.svg", "Reviews by staff letters", letters),
            ("days_to_complete.svg", "Reviews by days to complete", days),
        ] {
            let p = dir.join(name);
            std::fs::write(&p, corresp_stats::svg_bar_chart(title, &bars))
                .with_context(|| format!("cannot write {}", p.display()))?;
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
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
