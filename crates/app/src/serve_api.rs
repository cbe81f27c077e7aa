//! What `corresp serve` needs from the crates below app, re-exported so the HTTP crate depends on
//! app alone: it keeps one index open across requests instead of reopening it per search.

pub use corresp_check::check;
pub use corresp_index::{Error as IndexError, Index};
pub use corresp_store::{Error as StoreError, SqliteStore, Store, StoredDocument};

use crate::Result;

pub use corresp_stats::{
    Definitions as StatsDefinitions, EndPoint, FormScope, LetterScope, StartPoint, Stats, YearBasis,
};

/// The review statistics under the default definitions (as `corresp stats --json` prints them)
/// and their bar charts, each `(title, svg)`.
pub fn stats(store: &dyn Store) -> Result<(serde_json::Value, Vec<(String, String)>)> {
    let (stats, charts) = stats_under(store, &StatsDefinitions::default())?;
    let json = serde_json::to_value(&stats).map_err(|e| crate::Error::Internal(e.to_string()))?;
    Ok((json, charts))
}

/// The review statistics under `defs` and their bar charts (axes, values, units), each
/// `(title, svg)`.
pub fn stats_under(store: &dyn Store, defs: &StatsDefinitions) -> Result<(Stats, Vec<(String, String)>)> {
    let threads = crate::threads::list(store)?;
    let comments = comment_rows(store)?;
    let stats = corresp_stats::compute(&threads, &comments, defs);
    let charts = corresp_stats::charts(&stats, &corresp_stats::thread_rows(&threads, defs));
    Ok((stats, charts))
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
    let internal = |e: corresp_stats::ParquetError| crate::Error::Internal(e.to_string());
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
