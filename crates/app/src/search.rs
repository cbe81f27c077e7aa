//! Search and precedents: keeping the index in step with the store, and reading it.
//!
//! The index is a cache of the store, in the folder [`index_dir`] names beside the database. It is
//! rebuilt whole by [`reindex`], brought up to date for a few letters by [`index_documents`] (what
//! [`crate::update`] calls with the letters a write changed), and built on first use when it is
//! missing or stale. Stale means the store changed since: the index keeps the store's change
//! counter ([`Store::generation`]) as of its last update, which moves on every write, a replaced
//! document included (a count of documents would not).

use std::path::{Path, PathBuf};

pub use corresp_index::{
    DocKind, Facets, Hit, KNOWN_FIELDS, SearchOptions, SearchResults, Similar, SimilarHit, SimilarOptions,
    Sort,
};
use corresp_index::{Index, IndexDoc, LetterMeta};
use corresp_model::CommentRecord;
use corresp_store::{Store, StoredDocument};

use crate::{Error, Result};

/// File in the index folder holding the store's change counter ([`Store::generation`]) as of the
/// index's last update: a cheap way to notice that a write did not reach the index. (An older
/// index's `corresp-store-count` stamp is not read: such an index is rebuilt once.)
const STAMP: &str = "corresp-store-generation";

/// The index folder of the store at `db`: `X.index/` beside `X`; for a PostgreSQL URL, a local
/// cache folder ([`crate::db::cache_dir`]).
pub fn index_dir(db: &Path) -> PathBuf {
    if let Some(url) = db.to_str().filter(|s| corresp_store::is_url(s)) {
        return crate::db::cache_dir(url);
    }
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "corresp".into());
    name.push(".index");
    db.with_file_name(name)
}

/// The index documents of one stored document: the letter, its comments (with their outcomes,
/// from `records`, the stored comment–answer records of the letter's comments) and its answers.
pub fn index_docs(doc: &StoredDocument, records: Vec<CommentRecord>) -> Vec<IndexDoc> {
    let meta = LetterMeta {
        accession: doc.accession.clone(),
        edgar: doc.edgar.clone(),
        thread: doc.thread_id.clone(),
        text: doc.text.text.clone(),
        comments: records,
    };
    corresp_index::docs_for_letter(&meta, &doc.letter)
}

/// The stored records of a letter's staff comments, by the letter's thread.
fn records_of(store: &dyn Store, doc: &StoredDocument) -> Result<Vec<CommentRecord>> {
    let Some(t) = &doc.thread_id else { return Ok(Vec::new()) };
    Ok(store
        .review(t)?
        .map(|r| r.comments.into_iter().filter(|c| c.accession == doc.accession).collect())
        .unwrap_or_default())
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReindexSummary {
    /// Letters read from the store.
    pub letters: usize,
    /// Index documents written (letters, comments and answers).
    pub docs: usize,
}

/// Threads whose review records a rebuild keeps at hand.
const REVIEWS_CACHED: usize = 4096;

/// Rebuilds the index in `dir` from every document of the store. The new index is built beside
/// the old one and swapped in at the end, so searches keep working during a rebuild and a failed
/// rebuild leaves the old index in place.
pub fn reindex(store: &dyn Store, dir: &Path) -> Result<ReindexSummary> {
    tracing::info!(dir = %dir.display(), "reindexing");
    let tmp = sibling(dir, ".new");
    remove_dir(&tmp)?;
    // Read before the documents: a write during the rebuild leaves the index stale, not missed.
    let generation = store.generation()?;
    let mut summary = ReindexSummary::default();
    {
        let index = Index::open_or_create(&tmp)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        let mut w = index.bulk_writer(threads, 256 << 20)?;
        let mut failed: Option<Error> = None;
        // Review records by thread, read as the documents come: they come in filing-date order,
        // so a thread's letters come close together. Bounded, so that memory does not grow with
        // the store (all records at once would be about 1 GB at EDGAR's size).
        let mut reviews: std::collections::HashMap<String, Option<corresp_model::ReviewRecord>> =
            std::collections::HashMap::new();
        store.for_each_document(&mut |doc| {
            if failed.is_some() {
                return Ok(());
            }
            summary.letters += 1;
            let records: Vec<CommentRecord> = match &doc.thread_id {
                Some(t) => {
                    if !reviews.contains_key(t) {
                        if reviews.len() >= REVIEWS_CACHED {
                            reviews.clear();
                        }
                        reviews.insert(t.clone(), store.review(t)?);
                    }
                    reviews[t]
                        .iter()
                        .flat_map(|r| &r.comments)
                        .filter(|c| c.accession == doc.accession)
                        .cloned()
                        .collect()
                }
                None => Vec::new(),
            };
            for d in index_docs(&doc, records) {
                summary.docs += 1;
                if let Err(e) = w.add(&d) {
                    failed = Some(e.into());
                    break;
                }
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        w.commit()?;
    }
    write_stamp(&tmp, generation)?;
    let old = sibling(dir, ".old");
    remove_dir(&old)?;
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|source| Error::OwnFile { path: dir.to_path_buf(), source })?;
    }
    std::fs::rename(&tmp, dir).map_err(|source| Error::OwnFile { path: dir.to_path_buf(), source })?;
    remove_dir(&old)?;
    tracing::info!(letters = summary.letters, docs = summary.docs, dir = %dir.display(), "reindexed");
    Ok(summary)
}

/// Re-indexes the given letters (new or replaced in the store; a key no longer stored is only
/// removed) and marks the index in step with the store. The caller vouches that these are every
/// letter changed since the index was last in step ([`crate::update::index_changes`] checks that
/// before calling). Returns the index documents written.
pub fn index_documents(store: &dyn Store, dir: &Path, accessions: &[String]) -> Result<usize> {
    if accessions.is_empty() {
        return Ok(0);
    }
    let generation = store.generation()?;
    if !dir.join("meta.json").is_file() {
        return Ok(reindex(store, dir)?.docs);
    }
    let index = match Index::open_or_create(dir) {
        // Built by an earlier layout (a field added since): rebuild it from the store.
        Err(corresp_index::Error::Missing { .. }) => return Ok(reindex(store, dir)?.docs),
        other => other?,
    };
    let mut w = index.writer()?;
    let mut n = 0;
    for acc in accessions {
        w.delete_accession(acc);
        if let Some(doc) = store.document(acc)?.filter(|d| d.error.is_none()) {
            for d in index_docs(&doc, records_of(store, &doc)?) {
                w.add(&d)?;
                n += 1;
            }
        }
    }
    w.commit()?;
    write_stamp(dir, generation)?;
    Ok(n)
}

/// The store generation the index in `dir` was last brought in step with; `None` when it has no
/// readable stamp (missing, or built by an older corresp).
pub fn stamp(dir: &Path) -> Option<u64> {
    std::fs::read_to_string(dir.join(STAMP)).ok().and_then(|s| s.trim().parse::<u64>().ok())
}

/// Opens the index for reading, building it first when it is missing or the store changed since
/// its last update (a write that did not reach it).
pub fn open(store: &dyn Store, dir: &Path) -> Result<Index> {
    let fresh = stamp(dir) == Some(store.generation()?);
    if !fresh || !dir.join("meta.json").is_file() {
        tracing::info!(dir = %dir.display(), "search index missing or stale: rebuilding");
        reindex(store, dir)?;
    }
    match Index::open(dir) {
        // Built by an earlier layout (a field added since): rebuild it from the store.
        Err(corresp_index::Error::Missing { .. }) => {
            tracing::info!(dir = %dir.display(), "search index of an earlier layout: rebuilding");
            reindex(store, dir)?;
            Ok(Index::open(dir)?)
        }
        other => Ok(other?),
    }
}

/// Searches the index of `store` (see `corresp_index` for the query language).
pub fn search(store: &dyn Store, dir: &Path, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
    Ok(open(store, dir)?.search(query, opts)?)
}

/// The staff comments most like a stored comment or a text, with their answers.
pub fn similar(
    store: &dyn Store,
    dir: &Path,
    target: Similar<'_>,
    opts: &SimilarOptions,
) -> Result<Vec<SimilarHit>> {
    precedents(store, &open(store, dir)?, target, opts)
}

/// The staff comments most like the target (from `index`), each with the answers and the outcome
/// that its thread's stored record gives it: never an answer to another round or another comment.
pub fn precedents(
    store: &dyn Store,
    index: &Index,
    target: Similar<'_>,
    opts: &SimilarOptions,
) -> Result<Vec<SimilarHit>> {
    let mut hits = index.similar(target, opts)?;
    let mut records: std::collections::HashMap<String, Option<corresp_model::ReviewRecord>> =
        std::collections::HashMap::new();
    for h in &mut hits {
        let (Some(thread), Some(ordinal)) = (h.comment.thread.clone(), h.comment.ordinal) else { continue };
        if !records.contains_key(&thread) {
            records.insert(thread.clone(), store.review(&thread)?);
        }
        let Some(Some(rec)) = records.get(&thread) else { continue };
        let Some(c) = rec.comment(&h.comment.accession, ordinal) else { continue };
        h.outcome = Some(c.outcome.clone());
        h.round = Some(c.round);
        for a in c.answers.iter().take(opts.answers) {
            if let Some(hit) = index.answer(&a.accession, a.ordinal)? {
                h.answers.push(hit);
            }
        }
    }
    Ok(hits)
}

/// The self-check of precedents: each company answer repeats the staff comment it answers; that
/// repeated text, used as a `similar` query, should find the original comment first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SelfCheck {
    /// Answers whose repeated comment (at least eight words) has an original in the index.
    pub checked: usize,
    /// Of those, how many found that original first.
    pub found_first: usize,
}

/// Runs the self-check over the whole store.
pub fn self_check(store: &dyn Store, dir: &Path) -> Result<SelfCheck> {
    let index = open(store, dir)?;
    let mut check = SelfCheck::default();
    let opts = SimilarOptions { limit: 1, other_companies: false, answers: 0, exclude_cik: None };
    let mut failed: Option<Error> = None;
    store.for_each_document(&mut |doc| {
        if failed.is_some() {
            return Ok(());
        }
        for r in &doc.letter.responses {
            let (Some(text), Some(number), Some(thread)) =
                (&r.comment_text, &r.comment_number, &doc.thread_id)
            else {
                continue;
            };
            if text.split_whitespace().count() < 8 {
                continue;
            }
            let number = number.trim_end_matches('.');
            // Only answers whose comment is in the index count: otherwise nothing could be found.
            let q = format!("kind:comment number:\"{number}\" thread:\"{thread}\"");
            let original = index.search(&q, &SearchOptions { limit: 1, ..Default::default() });
            if !matches!(original, Ok(ref r) if r.total > 0) {
                continue;
            }
            match index.similar(Similar::Text(text), &opts) {
                Ok(hits) => {
                    check.checked += 1;
                    if let Some(h) = hits.first()
                        && h.comment.thread.as_deref() == Some(thread.as_str())
                        && h.comment.number.as_deref() == Some(number)
                    {
                        check.found_first += 1;
                    }
                }
                Err(e) => {
                    failed = Some(e.into());
                    return Ok(());
                }
            }
        }
        Ok(())
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(check),
    }
}

/// Writes every index document of the store as JSON lines: the input of the search benchmark
/// (`crates/index/examples/search_bench.rs`) and a way to see exactly what is indexed.
pub fn export_docs(store: &dyn Store, out: &mut dyn std::io::Write) -> Result<usize> {
    let mut n = 0;
    let mut failed: Option<Error> = None;
    store.for_each_document(&mut |doc| {
        let records = match records_of(store, &doc) {
            Ok(r) => r,
            Err(e) => {
                failed = failed.take().or(Some(e));
                return Ok(());
            }
        };
        for d in index_docs(&doc, records) {
            if failed.is_some() {
                break;
            }
            let line = serde_json::to_string(&d).map_err(|e| Error::Internal(e.to_string()));
            match line.and_then(|l| writeln!(out, "{l}").map_err(|e| Error::Internal(e.to_string()))) {
                Ok(()) => n += 1,
                Err(e) => failed = Some(e),
            }
        }
        Ok(())
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

/// `dir` with `suffix` added to its last component (`X.index` → `X.index.new`).
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    dir.with_file_name(name)
}

/// Removes a folder of the index's (a rebuild's leftovers) and its contents; a folder that is not
/// there is fine.
fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::OwnFile { path: dir.to_path_buf(), source: e })
        }
        _ => Ok(()),
    }
}

/// Records that the index in `dir` is in step with the store at change counter `generation`.
pub(crate) fn write_stamp(dir: &Path, generation: u64) -> Result<()> {
    let path = dir.join(STAMP);
    std::fs::write(&path, generation.to_string()).map_err(|source| Error::OwnFile { path, source })
}

#[cfg(test)]
mod tests {
    //! Index folder naming and the store → index round trip on an in-memory store.
    use super::*;

    #[test]
    fn the_index_sits_beside_the_store() {
        assert_eq!(index_dir(Path::new("/data/corresp.db")), PathBuf::from("/data/corresp.db.index"));
        assert_eq!(sibling(Path::new("/d/x.index"), ".new"), PathBuf::from("/d/x.index.new"));
    }
}
