//! What `corresp serve` needs from the crates below app, re-exported so the HTTP crate depends on
//! app alone: it keeps one index open across requests instead of reopening it per search.

pub use corresp_check::check;
pub use corresp_index::{Error as IndexError, Index};
pub use corresp_store::{Error as StoreError, SqliteStore, Store, StoredDocument};

use crate::Result;

/// The review statistics under the default definitions (as `corresp stats --json` prints them)
/// and two bar charts, each `(title, svg)`.
pub fn stats(store: &dyn Store) -> Result<(serde_json::Value, Vec<(String, String)>)> {
    let defs = corresp_stats::Definitions::default();
    let threads = crate::threads::list(store)?;
    let comments = comment_rows(store)?;
    let stats = corresp_stats::compute(&threads, &comments, &defs);
    let rows = corresp_stats::thread_rows(&threads, &defs);
    let mut per: std::collections::BTreeMap<u32, f64> = Default::default();
    let mut days: std::collections::BTreeMap<i64, f64> = Default::default();
    for r in &rows {
        *per.entry(r.staff_letters).or_default() += 1.0;
        if let Some(d) = r.days {
            *days.entry(d / 30 * 30).or_default() += 1.0;
        }
    }
    let letters: Vec<(String, f64)> = per.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let days: Vec<(String, f64)> = days.into_iter().map(|(k, v)| (format!("{k}-{}", k + 29), v)).collect();
    let years: Vec<(String, f64)> =
        stats.reviews_by_year.iter().map(|(y, n)| (y.clone(), *n as f64)).collect();
    let charts = [
        ("Reviews by year", years),
        ("Reviews by staff letters", letters),
        ("Reviews by days to complete", days),
    ]
    .into_iter()
    .filter(|(_, bars)| !bars.is_empty())
    .map(|(title, bars)| (title.to_string(), corresp_stats::svg_bar_chart(title, &bars)))
    .collect();
    let json = serde_json::to_value(&stats).map_err(|e| crate::Error::Internal(e.to_string()))?;
    Ok((json, charts))
}

/// One row per staff comment of a threaded letter, with its topics and ask, its answers (type,
/// parts, commitment), follow-ups and outcome from the stored record: what the statistics
/// count. The rows of [`crate::frames::comment_facts`], which the comments frame also reads.
pub fn comment_rows(store: &dyn Store) -> Result<Vec<corresp_stats::CommentRow>> {
    Ok(crate::frames::comment_facts(store)?.into_iter().map(|f| f.row).collect())
}
