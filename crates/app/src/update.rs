//! Writes that keep the search index in step: the one way letters get into the store and the
//! index, whoever asks (`corresp ingest`, `corresp fetch`, an upload to `corresp serve`, the
//! sample store, the Python package).
//!
//! The index is derived data, so it is written after the store: a failure there leaves the store
//! right and the index stale, and the next reader rebuilds a stale index
//! ([`crate::search::open`]). What is stale is decided by the store's change counter, not by what
//! a caller remembers to refresh.

use std::path::{Path, PathBuf};

use corresp_store::Store;

use crate::Result;
use crate::ingest::{IngestOptions, IngestSummary};

/// Ingests `paths` into `store` (see [`crate::ingest::ingest`]) and brings the search index
/// beside the store at `db` ([`crate::search::index_dir`]) in step with what changed.
pub fn ingest_and_index(
    store: &dyn Store,
    db: &Path,
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_done: &mut dyn FnMut(&Path),
) -> Result<IngestSummary> {
    let before = store.generation()?;
    let summary = crate::ingest::ingest(store, paths, opts, on_done)?;
    index_changes(store, db, before, &summary.changed)?;
    Ok(summary)
}

/// Brings the index of the store at `db` in step after writes that began when the store's
/// change counter was `before` and changed the letters `changed` (their index documents, that
/// is: stored again, or their comments' outcomes moved). When the index was in step at `before`,
/// only those letters are indexed again; otherwise (missing, or another writer left it behind)
/// it is rebuilt whole, which is what the next reader would have to do anyway.
pub fn index_changes(store: &dyn Store, db: &Path, before: u64, changed: &[String]) -> Result<()> {
    let dir = crate::search::index_dir(db);
    let now = store.generation()?;
    if now == before {
        return Ok(());
    }
    if crate::search::stamp(&dir) != Some(before) {
        tracing::info!(dir = %dir.display(), "search index was behind the store: rebuilding");
        crate::search::reindex(store, &dir)?;
        return Ok(());
    }
    if changed.is_empty() {
        // The writes changed no letter's index documents (threads rebuilt to the same outcomes).
        return crate::search::write_stamp(&dir, now);
    }
    crate::search::index_documents(store, &dir, changed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters")
    }

    #[test]
    fn an_ingest_leaves_the_index_in_step_and_a_replacement_makes_it_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("c.db");
        let store = corresp_store::SqliteStore::open(&db).unwrap();
        let s = ingest_and_index(&store, &db, &[letters()], &IngestOptions::default(), &mut |_| {}).unwrap();
        assert!(s.ingested > 0, "{s:?}");
        let dir = crate::search::index_dir(&db);
        assert_eq!(crate::search::stamp(&dir), Some(store.generation().unwrap()));
        // A document replaced behind the index's back (same count of documents) is seen as stale.
        let count = store.count_documents().unwrap();
        let acc = store.fingerprints().unwrap()[0].0.clone();
        let mut doc = store.document(&acc).unwrap().unwrap();
        doc.fingerprint.push_str("-replaced");
        store.put_document(&doc).unwrap();
        assert_eq!(store.count_documents().unwrap(), count);
        assert_ne!(crate::search::stamp(&dir), Some(store.generation().unwrap()));
        // The next update of a stale index rebuilds it whole, and leaves it in step.
        let again =
            ingest_and_index(&store, &db, &[letters()], &IngestOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(again.ingested, 0);
        assert_eq!(crate::search::stamp(&dir), Some(store.generation().unwrap()));
    }
}
