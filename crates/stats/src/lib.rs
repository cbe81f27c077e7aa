//! Review statistics over threads and comment rows, with every definition a switch.
//!
//! Deloitte, EY and Audit Analytics publish letters per review, days to complete a review and the top
//! comment topics, each with its own (mostly unstated) definitions. Here each definition is a field
//! of [`Definitions`], so the same store can give the table under either set:
//!
//! - [`compute`] turns `&[Thread]` plus per-comment rows into [`Stats`] (the `corresp stats --json`
//!   object of the contract);
//! - [`thread_rows`] and the `csv` and `parquet` functions give the per-thread and per-comment rows
//!   behind it;
//! - [`charts`] draws the charts of the web UI ([`svg_chart`]: bars with axes, ticks, values and units).
//!
//! ```
//! use corresp_stats::{Definitions, compute};
//! let stats = compute(&[], &[], &Definitions::default());
//! assert_eq!(stats.reviews, 0);
//! ```
#![deny(missing_docs)]

mod chart;
mod columnar;
mod export;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use corresp_model::{LetterKind, Thread};
use serde::{Deserialize, Serialize};

pub use chart::{Axes, charts, svg_bar_chart, svg_chart};
pub use columnar::{ParquetError, comments_parquet, threads_parquet};
pub use export::{comments_csv, threads_csv};

/// Which letters count as a review's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterScope {
    /// Staff comment letters only (Deloitte, EY).
    #[default]
    StaffComments,
    /// Every letter of the conversation: staff letters, responses, closing letters.
    All,
}

/// How a review is given a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    /// The calendar year of the review's first staff letter (Deloitte's "review year").
    #[default]
    ReviewYear,
    /// The calendar year of the review's last letter.
    Calendar,
    /// Years ending June 30, named by the year they end in (Audit Analytics-style twelve months to June).
    JuneYear,
}

/// Which reviewed filings count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormScope {
    /// Every review.
    #[default]
    All,
    /// Reviews of a Form 10-K or 10-Q only.
    PeriodicOnly,
}

/// When a review starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartPoint {
    /// The first staff letter's date (Deloitte).
    #[default]
    FirstStaffLetter,
    /// The reviewed filing's filing date, when the Re: block gives it.
    FilingDate,
}

/// When a review ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndPoint {
    /// The review-complete letter (open reviews have no end).
    #[default]
    ReviewComplete,
    /// The last letter of the thread, whatever it is.
    LastLetter,
}

/// Every definition behind the numbers. `Default` follows Deloitte: reviews with at least one staff
/// comment letter, staff comment letters only, days from the first staff letter to the
/// review-complete letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Definitions {
    /// Which letters count.
    pub letters: LetterScope,
    /// How a review gets its year.
    pub year: YearBasis,
    /// Which reviews count.
    pub forms: FormScope,
    /// When a review starts.
    pub start: StartPoint,
    /// When a review ends.
    pub end: EndPoint,
}

/// One staff comment with its labels, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CommentRow {
    /// The thread it belongs to.
    pub thread_id: String,
    /// The staff letter's accession.
    pub accession: String,
    /// The letter's date.
    pub date: Option<NaiveDate>,
    /// Position in the letter.
    pub ordinal: u32,
    /// Printed number.
    pub number: Option<String>,
    /// Primary topic id.
    pub primary: Option<String>,
    /// Other topic ids.
    #[serde(default)]
    pub others: Vec<String>,
    /// Ask type name.
    pub ask: Option<String>,
    /// Company name.
    #[serde(default)]
    pub company: Option<String>,
    /// The captions above the comment, outermost first, joined with " > ".
    #[serde(default)]
    pub caption: Option<String>,
    /// The comment's text.
    #[serde(default)]
    pub text: String,
    /// The staff letter's round in its thread (1-based).
    #[serde(default)]
    pub round: Option<u32>,
    /// How the company answered it (over all its paired answers; `mixed` when they differ).
    #[serde(default)]
    pub answer: Option<String>,
    /// For a mixed answer: its components.
    #[serde(default)]
    pub answer_parts: Vec<String>,
    /// An answer to it promises to revise a future or amended filing.
    #[serde(default)]
    pub commitment: bool,
    /// The later comments that follow it up, as `ACCESSION:NUMBER` (`how` after a slash).
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The last round its matter reached.
    #[serde(default)]
    pub last_round: Option<u32>,
    /// `review_complete` or `open`.
    #[serde(default)]
    pub closed_by: Option<String>,
    /// The company's answer type in that last round.
    #[serde(default)]
    pub outcome_answer: Option<String>,
}

/// Spread of days to complete.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Days {
    /// Mean over reviews that have an end (null when none has).
    pub mean: Option<f64>,
    /// Median over the same reviews.
    pub median: Option<f64>,
    /// Share of those reviews completed within 60 days.
    pub share_within_60: Option<f64>,
}

/// The `corresp stats --json` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Stats {
    /// The definitions used.
    pub definitions: Definitions,
    /// Reviews counted.
    pub reviews: usize,
    /// Mean staff comment letters per review.
    pub staff_letters_per_review: f64,
    /// Mean letters per review under the letter scope.
    pub letters_per_review: f64,
    /// Days to complete.
    pub days_to_complete: Days,
    /// Share of reviews closed after one or two staff comment letters.
    pub share_one_or_two_letters: Option<f64>,
    /// Reviews per year.
    pub reviews_by_year: BTreeMap<String, usize>,
    /// Per year, per topic: the share of the year's staff comment letters with a comment on it.
    pub topics_by_year: BTreeMap<String, BTreeMap<String, f64>>,
}

/// One review as the tables count it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThreadRow {
    /// Thread id.
    pub id: String,
    /// Company.
    pub company: Option<String>,
    /// CIK.
    pub cik: Option<String>,
    /// Forms reviewed, `;`-joined.
    pub forms: String,
    /// Year under the definitions.
    pub year: Option<i32>,
    /// Staff comment letters.
    pub staff_letters: u32,
    /// Letters under the letter scope.
    pub letters: u32,
    /// Start date under the definitions.
    pub start: Option<NaiveDate>,
    /// End date under the definitions.
    pub end: Option<NaiveDate>,
    /// Days from start to end.
    pub days: Option<i64>,
    /// Whether a review-complete letter closed it.
    pub complete: bool,
}

/// Whether a review is within [`FormScope::PeriodicOnly`].
fn reviews_a_10k_or_10q(t: &Thread) -> bool {
    t.filings.iter().any(|f| corresp_model::is_annual_or_quarterly_report(&f.form))
}

fn year_of(d: NaiveDate, basis: YearBasis) -> i32 {
    match basis {
        YearBasis::JuneYear if d.month() > 6 => d.year() + 1,
        _ => d.year(),
    }
}

/// The per-thread rows under `defs`: only reviews (threads with a staff comment letter) in scope.
pub fn thread_rows(threads: &[Thread], defs: &Definitions) -> Vec<ThreadRow> {
    let mut rows = Vec::new();
    for t in threads {
        if t.rounds == 0 || (defs.forms == FormScope::PeriodicOnly && !reviews_a_10k_or_10q(t)) {
            continue;
        }
        let dates = |pred: &dyn Fn(LetterKind) -> bool| -> Vec<NaiveDate> {
            t.letters.iter().filter(|l| pred(l.kind)).filter_map(|l| l.date).collect()
        };
        let first_staff = dates(&|k| k == LetterKind::Comments).into_iter().min();
        let closing = dates(&|k| k == LetterKind::ReviewComplete).into_iter().max();
        let last = dates(&|_| true).into_iter().max();
        let start = match defs.start {
            StartPoint::FirstStaffLetter => first_staff,
            StartPoint::FilingDate => t.filings.iter().filter_map(|f| f.filed).min().or(first_staff),
        };
        let end = match defs.end {
            EndPoint::ReviewComplete => closing,
            EndPoint::LastLetter => last,
        };
        // The Deloitte definition is exactly what the thread already reports, so use its number:
        // `corresp threads --json` and `corresp stats --json` must agree to the day.
        let days = if defs.start == StartPoint::FirstStaffLetter && defs.end == EndPoint::ReviewComplete {
            t.days_to_complete
        } else {
            match (start, end) {
                (Some(s), Some(e)) if e >= s => Some((e - s).num_days()),
                _ => None,
            }
        };
        let year_date = match defs.year {
            YearBasis::Calendar => last,
            _ => first_staff.or(last),
        };
        let letters = match defs.letters {
            LetterScope::StaffComments => t.rounds,
            LetterScope::All => t.letters.len() as u32,
        };
        rows.push(ThreadRow {
            id: t.id.clone(),
            company: t.company.clone(),
            cik: t.cik.clone(),
            forms: t.filings.iter().map(|f| f.form.as_str()).collect::<Vec<_>>().join(";"),
            year: year_date.map(|d| year_of(d, defs.year)),
            staff_letters: t.rounds,
            letters,
            start,
            end,
            days,
            complete: closing.is_some(),
        });
    }
    rows
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// The statistics of `threads` (and their labelled `comments`) under `defs`.
pub fn compute(threads: &[Thread], comments: &[CommentRow], defs: &Definitions) -> Stats {
    let rows = thread_rows(threads, defs);
    let n = rows.len();
    let staff: Vec<f64> = rows.iter().map(|r| r.staff_letters as f64).collect();
    let letters: Vec<f64> = rows.iter().map(|r| r.letters as f64).collect();
    let days: Vec<f64> = rows.iter().filter_map(|r| r.days).map(|d| d as f64).collect();
    let mut by_year: BTreeMap<String, usize> = BTreeMap::new();
    let mut year_of_thread: BTreeMap<&str, String> = BTreeMap::new();
    for r in &rows {
        let y = r.year.map(|y| y.to_string()).unwrap_or_else(|| "unknown".into());
        *by_year.entry(y.clone()).or_default() += 1;
        year_of_thread.insert(r.id.as_str(), y);
    }
    // Topic shares: per year, the staff comment letters with at least one comment on the topic,
    // over all staff comment letters of the year's reviews.
    let mut letters_in_year: BTreeMap<String, usize> = BTreeMap::new();
    for t in threads {
        if let Some(y) = year_of_thread.get(t.id.as_str()) {
            let k = t.letters.iter().filter(|l| l.kind == LetterKind::Comments).count();
            *letters_in_year.entry(y.clone()).or_default() += k;
        }
    }
    let mut hits: BTreeMap<String, BTreeMap<String, std::collections::BTreeSet<&str>>> = BTreeMap::new();
    for c in comments {
        let (Some(y), Some(p)) = (year_of_thread.get(c.thread_id.as_str()), c.primary.as_ref()) else {
            continue;
        };
        hits.entry(y.clone()).or_default().entry(p.clone()).or_default().insert(c.accession.as_str());
    }
    let topics_by_year = hits
        .into_iter()
        .map(|(y, topics)| {
            let total = letters_in_year.get(&y).copied().unwrap_or(0).max(1) as f64;
            let shares = topics.into_iter().map(|(t, accs)| (t, round4(accs.len() as f64 / total))).collect();
            (y, shares)
        })
        .collect();
    Stats {
        definitions: *defs,
        reviews: n,
        staff_letters_per_review: mean(&staff).unwrap_or(0.0),
        letters_per_review: mean(&letters).unwrap_or(0.0),
        days_to_complete: Days {
            mean: mean(&days),
            median: median(&days),
            share_within_60: mean(&days.iter().map(|d| (*d <= 60.0) as u8 as f64).collect::<Vec<_>>()),
        },
        share_one_or_two_letters: mean(&staff.iter().map(|s| (*s <= 2.0) as u8 as f64).collect::<Vec<_>>()),
        reviews_by_year: by_year,
        topics_by_year,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
