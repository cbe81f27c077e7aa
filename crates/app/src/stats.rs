//! The review statistics of a store: the numbers, their charts and the rows behind them, as
//! `corresp stats`, the API's `/stats` and the statistics page give them. The definitions and
//! the computation are `corresp_stats`'s; this module reads the store for them.

use std::path::Path;

use corresp_store::Store;

use crate::{Error, Result};

pub use corresp_stats::{
    Definitions as StatsDefinitions, EndPoint, FormScope, LetterScope, StartPoint, Stats, YearBasis,
};

/// The review statistics under the default definitions (as `corresp stats --json` prints them)
/// and their bar charts, each `(title, svg)`.
pub fn stats(store: &dyn Store) -> Result<(serde_json::Value, Vec<(String, String)>)> {
    let (stats, charts) = stats_under(store, &StatsDefinitions::default())?;
    let json = serde_json::to_value(&stats).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((json, charts))
}

/// The review statistics under `defs` and their bar charts (axes, values, units), each
/// `(title, svg)`.
pub fn stats_under(store: &dyn Store, defs: &StatsDefinitions) -> Result<(Stats, Vec<(String, String)>)> {
    let threads = crate::threads::list(store)?;
    let comments = comment_rows(store)?;
    Ok(compute(&threads, &comments, defs))
}

/// The statistics of `threads` and their staff `comments` (the rows of [`comment_rows`]) under
/// `defs`, and their bar charts, each `(title, svg)`.
pub fn compute(
    threads: &[corresp_model::Thread],
    comments: &[corresp_stats::CommentRow],
    defs: &StatsDefinitions,
) -> (Stats, Vec<(String, String)>) {
    let stats = corresp_stats::compute(threads, comments, defs);
    let charts = corresp_stats::charts(&stats, &corresp_stats::thread_rows(threads, defs));
    (stats, charts)
}

/// Which rows a statistics download holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatsRows {
    /// One row per review counted under the definitions (`corresp stats --csv`).
    #[default]
    Threads,
    /// One row per staff comment of those reviews (`corresp stats --comments-csv`).
    Comments,
}

/// The file format of a statistics download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// CSV with a header line.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// The rows behind the statistics under `defs`, as CSV or Parquet bytes: the reviews counted, or
/// the staff comments of those reviews (`comments` may hold others; they are left out).
pub fn stats_table(
    threads: &[corresp_model::Thread],
    comments: &[corresp_stats::CommentRow],
    defs: &StatsDefinitions,
    rows: StatsRows,
    format: TableFormat,
) -> Result<Vec<u8>> {
    let reviews = corresp_stats::thread_rows(threads, defs);
    let internal = |e: corresp_stats::ParquetError| Error::Internal(e.to_string());
    Ok(match rows {
        StatsRows::Threads => match format {
            TableFormat::Csv => corresp_stats::threads_csv(&reviews).into_bytes(),
            TableFormat::Parquet => {
                let mut out = Vec::new();
                corresp_stats::threads_parquet(&reviews, &mut out).map_err(internal)?;
                out
            }
        },
        StatsRows::Comments => {
            let ids: std::collections::HashSet<&str> = reviews.iter().map(|r| r.id.as_str()).collect();
            let kept: Vec<corresp_stats::CommentRow> =
                comments.iter().filter(|c| ids.contains(c.thread_id.as_str())).cloned().collect();
            match format {
                TableFormat::Csv => corresp_stats::comments_csv(&kept).into_bytes(),
                TableFormat::Parquet => {
                    let mut out = Vec::new();
                    corresp_stats::comments_parquet(&kept, &mut out).map_err(internal)?;
                    out
                }
            }
        }
    })
}

/// [`stats_table`] over a store.
pub fn stats_table_of(
    store: &dyn Store,
    defs: &StatsDefinitions,
    rows: StatsRows,
    format: TableFormat,
) -> Result<Vec<u8>> {
    let threads = crate::threads::list(store)?;
    let comments = if rows == StatsRows::Comments { comment_rows(store)? } else { Vec::new() };
    stats_table(&threads, &comments, defs, rows, format)
}

/// One row per staff comment of a threaded letter, with its topics and ask, its answers (type,
/// parts, commitment), follow-ups and outcome from the stored record: what the statistics
/// count. The rows of [`crate::frames::comment_facts`], which the comments frame also reads.
pub fn comment_rows(store: &dyn Store) -> Result<Vec<corresp_stats::CommentRow>> {
    Ok(crate::frames::comment_facts(store)?.into_iter().map(|f| f.row).collect())
}

/// Everything `corresp stats` writes, read from the store once: the statistics under the
/// definitions, and the rows behind them for the CSV, Parquet and chart files.
pub struct Export {
    /// The statistics (`corresp stats --json`).
    pub stats: Stats,
    threads: Vec<corresp_stats::ThreadRow>,
    comments: Vec<corresp_stats::CommentRow>,
}

/// Reads the store and computes the statistics under `defs`.
pub fn export(store: &dyn Store, defs: &StatsDefinitions) -> Result<Export> {
    let threads = crate::threads::list(store)?;
    let comments = comment_rows(store)?;
    let stats = corresp_stats::compute(&threads, &comments, defs);
    Ok(Export { stats, threads: corresp_stats::thread_rows(&threads, defs), comments })
}

/// A file that could not be written, named.
fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

impl Export {
    /// One row per review counted, as CSV, to `path`.
    pub fn write_threads_csv(&self, path: &Path) -> Result<()> {
        std::fs::write(path, corresp_stats::threads_csv(&self.threads)).map_err(write_err(path))
    }

    /// One row per staff comment of every threaded letter, as CSV, to `path`.
    pub fn write_comments_csv(&self, path: &Path) -> Result<()> {
        std::fs::write(path, corresp_stats::comments_csv(&self.comments)).map_err(write_err(path))
    }

    /// `threads.parquet` and `comments.parquet` (the CSV files' columns) into `dir`, created
    /// when missing.
    pub fn write_parquet(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        let parquet = |path: &Path, e: corresp_stats::ParquetError| Error::Input {
            path: path.to_path_buf(),
            message: format!("cannot write: {e}"),
        };
        let path = dir.join("threads.parquet");
        let file = std::fs::File::create(&path).map_err(write_err(&path))?;
        corresp_stats::threads_parquet(&self.threads, file).map_err(|e| parquet(&path, e))?;
        let path = dir.join("comments.parquet");
        let file = std::fs::File::create(&path).map_err(write_err(&path))?;
        corresp_stats::comments_parquet(&self.comments, file).map_err(|e| parquet(&path, e))?;
        Ok(())
    }

    /// Two bar charts into `dir` (created when missing): `letters_per_review.svg` (reviews by
    /// staff letters) and `days_to_complete.svg` (reviews by days to complete, in 30-day bins).
    pub fn write_charts(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        let mut per: std::collections::BTreeMap<u32, f64> = Default::default();
        let mut days: std::collections::BTreeMap<i64, f64> = Default::default();
        for r in &self.threads {
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
            std::fs::write(&p, corresp_stats::svg_bar_chart(title, &bars)).map_err(write_err(&p))?;
        }
        Ok(())
    }
}
