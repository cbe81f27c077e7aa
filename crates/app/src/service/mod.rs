//! The service `corresp serve` runs: a store (SQLite, or PostgreSQL at a `postgres://` URL), its
//! search index and the checker, kept open between requests. The HTTP crate translates requests
//! into calls of [`Service`] and its answers into JSON and pages; everything it shows is decided
//! here, once.
//!
//! Serving is read-mostly, so reads go through a small pool of read-only-in-practice SQLite
//! connections (WAL lets them run beside the one writer; a PostgreSQL store has its own pool),
//! the thread list and recently opened threads are cached in memory, and one index stays open
//! between searches. An upload is ingested and indexed as any ingest is
//! ([`crate::update::ingest_and_index`]), under the writer, then the caches are dropped; readers
//! keep being served meanwhile.
//!
//! Another process may write the same store (a CLI `corresp ingest` beside `serve`, or ingest
//! workers and other serve nodes on a PostgreSQL store). A watcher thread reads the store's change
//! counter ([`Store::generation`], one cheap query) once a second, or at once when PostgreSQL
//! notifies a commit ([`Store::wait_for_change`]); when it moved, the caches are dropped at once,
//! and once the writer has been quiet for a second (or after [`MAX_INDEX_LAG`] at the latest) the
//! search index is brought up to date: every document whose fingerprint differs from what was last
//! indexed is indexed again.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use corresp_index::Index;
use corresp_model::{Claim, Thread};
use corresp_store::{Store, StoredDocument};

use crate::search::{DocKind, SearchOptions, Similar, SimilarOptions};
use crate::stats::{StatsRows, TableFormat};
use crate::{Error, Result};

mod types;
pub use types::*;

/// A store shared by the service's threads.
type SharedStore = Arc<dyn Store>;

/// Read connections: enough for the 2-4 cores this runs on; more only queue on the disk.
const READERS: usize = 4;
/// Threads kept in the page cache before it is emptied and refilled.
const THREAD_CACHE: usize = 512;
/// How often the watcher reads the store's change counter.
pub const POLL: Duration = Duration::from_secs(1);
/// How long the store must have been quiet before the index catches up with another writer.
const QUIET: Duration = Duration::from_secs(1);
/// The longest the index lags behind another writer that never goes quiet.
pub const MAX_INDEX_LAG: Duration = Duration::from_secs(10);
/// How long the store must have been quiet, with the index caught up, before the index folds away
/// the documents it replaced ([`corresp_index::Index::fold_deletes`]): from then on its scores,
/// and so its order, are those of every other node's index of the same store.
pub const SETTLE: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Cache {
    threads: Option<Arc<Vec<Thread>>>,
    topics: Option<Arc<HashMap<String, HashSet<String>>>>,
    docs: HashMap<String, ThreadDocs>,
    /// Per definitions asked for (at most 48 sets).
    stats: Vec<(StatsDefinitions, Arc<StatsAndCharts>)>,
}

/// The statistics and the charts' `(title, svg)`.
type StatsAndCharts = (Stats, Vec<(String, String)>);

/// What the index holds and which store generation the caches were last dropped for. Lives in
/// the `ingesting` mutex: index writes (an upload, a catch-up) happen one at a time under it.
struct SyncState {
    /// The store's change counter when last read.
    seen: u64,
    /// Fingerprint of each document as the index holds it.
    indexed: HashMap<String, String>,
    /// A digest of each thread's letters and comment–answer record as the index holds them: a
    /// thread rebuilt by another writer changes its letters' index documents (thread id,
    /// outcomes) without changing any document's fingerprint.
    records: HashMap<String, u64>,
    /// Since when the index has been behind the store, and when the store last changed.
    behind_since: Option<Instant>,
    last_change: Instant,
    /// Whether the index has folded its replaced documents away since the store last changed.
    settled: bool,
}

/// What `corresp serve` serves: a store, its index and caches, shared by the server's threads.
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    db: PathBuf,
    writer: SharedStore,
    readers: Vec<SharedStore>,
    next: AtomicUsize,
    index: RwLock<Option<Arc<Index>>>,
    cache: RwLock<Cache>,
    /// Held by whoever writes the index; lock it before `index` when taking both.
    ingesting: Mutex<SyncState>,
    notice: Option<String>,
    // Kept so a sample store's folder lives as long as the server.
    _tmp: Option<tempfile::TempDir>,
}

fn lock_poisoned<T>(_: T) -> Error {
    Error::Internal("a lock was poisoned by a panic".into())
}

impl Service {
    /// Opens the store at `db` (creating it when missing; a `postgres://` URL names a PostgreSQL
    /// store, whose index is a local cache) and its search index.
    pub fn open(db: &Path) -> Result<Self> {
        Self::open_with(db, None, None)
    }

    fn open_with(db: &Path, tmp: Option<tempfile::TempDir>, notice: Option<String>) -> Result<Self> {
        let open = |p: &Path| -> Result<SharedStore> { Ok(Arc::from(crate::db::open_store(p, true)?)) };
        let writer = open(db)?;
        let readers = if crate::db::is_url(db) {
            // One pool serves every reader.
            vec![Arc::clone(&writer)]
        } else {
            (0..READERS).map(|_| open(db)).collect::<Result<Vec<_>>>()?
        };
        let sync = SyncState {
            seen: writer.generation()?,
            indexed: writer.fingerprints()?.into_iter().collect(),
            records: thread_records(&writer)?.into_iter().map(|(id, (digest, _))| (id, digest)).collect(),
            behind_since: None,
            last_change: Instant::now(),
            settled: false,
        };
        let inner = Arc::new(Inner {
            db: db.to_path_buf(),
            writer,
            readers,
            next: AtomicUsize::new(0),
            index: RwLock::new(None),
            cache: RwLock::new(Cache::default()),
            ingesting: Mutex::new(sync),
            notice,
            _tmp: tmp,
        });
        watch(Arc::downgrade(&inner), Arc::clone(&inner.writer));
        Ok(Service { inner })
    }

    /// A store in a temporary folder holding the sample letters ([`crate::sample`], written for
    /// the tests, never copied from filings), ingested and indexed as any letters are, so a first
    /// `corresp serve` shows something.
    pub fn sample() -> Result<Self> {
        let tmp =
            tempfile::tempdir().map_err(|source| Error::OwnFile { path: std::env::temp_dir(), source })?;
        let db = tmp.path().join("sample.db");
        crate::sample::build(&db)?;
        let notice = "Sample store: these letters were written for corresp's tests. Run `corresp ingest` to serve yours.";
        Self::open_with(&db, Some(tmp), Some(notice.into()))
    }

    /// True when the store holds no document.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.inner.writer.count_documents()? == 0)
    }

    /// Catches up with the store now, as the watcher does every [`POLL`]: drops the caches when
    /// the store changed and, when `index` is true, brings the search index up to date too.
    pub fn refresh(&self, index: bool) -> Result<()> {
        let mut st = self.inner.ingesting.lock().map_err(lock_poisoned)?;
        self.inner.sync(&mut st, index)
    }
}

/// Each thread's digest (its letters and its stored comment–answer record) and its letters.
fn thread_records(store: &dyn Store) -> Result<HashMap<String, (u64, Vec<String>)>> {
    use std::hash::{Hash, Hasher};
    let reviews: HashMap<String, String> = store
        .reviews()?
        .into_iter()
        .map(|r| (r.thread_id.clone(), serde_json::to_string(&r).unwrap_or_default()))
        .collect();
    Ok(store
        .threads()?
        .into_iter()
        .map(|t| {
            let letters: Vec<String> = t.letters.iter().map(|l| l.accession.clone()).collect();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            letters.hash(&mut h);
            reviews.get(&t.id).hash(&mut h);
            (t.id, (h.finish(), letters))
        })
        .collect())
}

/// Starts the thread that notices writes by other processes; it ends soon after the service.
fn watch(inner: Weak<Inner>, store: SharedStore) {
    let spawned = std::thread::Builder::new().name("corresp-store-watch".into()).spawn(move || {
        let mut seen = None;
        loop {
            // At most POLL; PostgreSQL wakes it at once when a write commits.
            match seen {
                Some(g) => {
                    if let Err(e) = store.wait_for_change(g, POLL) {
                        tracing::warn!(error = %e, "cannot read the store's change counter");
                        std::thread::sleep(POLL);
                    }
                }
                None => std::thread::sleep(POLL),
            }
            let Some(inner) = inner.upgrade() else { break };
            // An upload in progress refreshes everything when it is done.
            let Ok(mut st) = inner.ingesting.try_lock() else {
                seen = None;
                continue;
            };
            let now = Instant::now();
            let due = st.behind_since.is_some_and(|since| {
                now.duration_since(st.last_change) >= QUIET || now.duration_since(since) >= MAX_INDEX_LAG
            });
            if let Err(e) = inner.sync(&mut st, due) {
                // The other writer may hold the index's lock: try again at the next poll.
                tracing::warn!(error = %e, "cannot catch up with the store");
            } else if st.behind_since.is_none() && !st.settled && now.duration_since(st.last_change) >= SETTLE
            {
                match inner.settle() {
                    Ok(()) => st.settled = true,
                    Err(e) => tracing::warn!(error = %e, "cannot fold the index's replaced documents"),
                }
            }
            seen = Some(st.seen);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the store watcher: writes by other processes show after a restart");
    }
}

impl Inner {
    /// Drops the caches when the store's change counter moved; with `index`, indexes again every
    /// document whose fingerprint is not the one indexed (and drops those that are gone).
    fn sync(&self, st: &mut SyncState, index: bool) -> Result<()> {
        let g = self.writer.generation()?;
        let now = Instant::now();
        if g != st.seen {
            st.seen = g;
            st.last_change = now;
            st.settled = false;
            st.behind_since.get_or_insert(now);
            *self.cache.write().map_err(lock_poisoned)? = Cache::default();
        }
        if !index || st.behind_since.is_none() {
            return Ok(());
        }
        let current: HashMap<String, String> = self.writer.fingerprints()?.into_iter().collect();
        let mut stale: Vec<String> = current
            .iter()
            .filter(|(k, fp)| st.indexed.get(*k) != Some(*fp))
            .map(|(k, _)| k.clone())
            .collect();
        stale.extend(st.indexed.keys().filter(|k| !current.contains_key(*k)).cloned());
        let records = thread_records(&self.writer)?;
        for (id, (digest, letters)) in &records {
            if st.records.get(id) != Some(digest) {
                stale.extend(letters.iter().filter(|a| current.contains_key(*a)).cloned());
            }
        }
        stale.sort();
        stale.dedup();
        if !stale.is_empty() {
            tracing::info!(
                documents = stale.len(),
                "another writer changed the store: updating the search index"
            );
            let dir = crate::search::index_dir(&self.db);
            crate::search::index_documents(&self.writer, &dir, &stale)?;
            self.reopen_index(&dir)?;
        }
        st.indexed = current;
        st.records = records.into_iter().map(|(id, (digest, _))| (id, digest)).collect();
        st.behind_since = None;
        // Threads may have been rebuilt meanwhile: read them afresh.
        *self.cache.write().map_err(lock_poisoned)? = Cache::default();
        Ok(())
    }

    /// Folds away the documents the index replaced, in the open index when there is one (its
    /// searches see the result at once), else in the folder. Called with the `ingesting` lock held:
    /// no other index writer of this process is open.
    fn settle(&self) -> Result<()> {
        let open = self.index.read().map_err(lock_poisoned)?.clone();
        let dir = crate::search::index_dir(&self.db);
        let folded = match open {
            Some(index) => index.fold_deletes()?,
            None if dir.join("meta.json").is_file() => match Index::open(&dir) {
                Ok(index) => index.fold_deletes()?,
                // Of an earlier layout, or damaged: rebuilt on first use, nothing to fold now.
                Err(corresp_index::Error::Missing { .. } | corresp_index::Error::Unreadable { .. }) => 0,
                Err(e) => return Err(e.into()),
            },
            None => 0,
        };
        if folded > 0 {
            tracing::info!(documents = folded, "index settled: replaced documents folded away");
        }
        Ok(())
    }

    /// Replaces an open index by one that sees the latest commit (readers reload by hand).
    fn reopen_index(&self, dir: &Path) -> Result<()> {
        let mut slot = self.index.write().map_err(lock_poisoned)?;
        if slot.is_some() {
            *slot = Some(Arc::new(Index::open(dir)?));
        }
        Ok(())
    }

    fn reader(&self) -> &dyn Store {
        &self.readers[self.next.fetch_add(1, Ordering::Relaxed) % self.readers.len()]
    }

    fn index(&self) -> Result<Arc<Index>> {
        if let Some(i) = self.index.read().map_err(lock_poisoned)?.as_ref() {
            return Ok(Arc::clone(i));
        }
        // Whoever writes the index holds `ingesting`: opening (maybe rebuilding) waits for them.
        let _writers = self.ingesting.lock().map_err(lock_poisoned)?;
        let mut slot = self.index.write().map_err(lock_poisoned)?;
        if let Some(i) = slot.as_ref() {
            return Ok(Arc::clone(i));
        }
        // Builds the index when it is missing or stale (an ingest by another process).
        let dir = crate::search::index_dir(&self.db);
        let i = Arc::new(crate::search::open(&self.writer, &dir)?);
        *slot = Some(Arc::clone(&i));
        Ok(i)
    }

    fn all_threads(&self) -> Result<Arc<Vec<Thread>>> {
        if let Some(t) = self.cache.read().map_err(lock_poisoned)?.threads.as_ref() {
            return Ok(Arc::clone(t));
        }
        let t = Arc::new(crate::threads::list(self.reader())?);
        self.cache.write().map_err(lock_poisoned)?.threads = Some(Arc::clone(&t));
        Ok(t)
    }

    /// Statistics read every document: computed once per definitions, then kept until the next
    /// ingest.
    fn stats_and_charts(&self, defs: &StatsDefinitions) -> Result<Arc<StatsAndCharts>> {
        if let Some((_, s)) = self.cache.read().map_err(lock_poisoned)?.stats.iter().find(|(d, _)| d == defs)
        {
            return Ok(Arc::clone(s));
        }
        let s = Arc::new(crate::stats::stats_under(self.reader(), defs)?);
        let mut cache = self.cache.write().map_err(lock_poisoned)?;
        if !cache.stats.iter().any(|(d, _)| d == defs) {
            cache.stats.push((*defs, Arc::clone(&s)));
        }
        Ok(s)
    }

    fn topics(&self) -> Result<Arc<HashMap<String, HashSet<String>>>> {
        if let Some(t) = self.cache.read().map_err(lock_poisoned)?.topics.as_ref() {
            return Ok(Arc::clone(t));
        }
        let mut map: HashMap<String, HashSet<String>> = HashMap::new();
        self.reader().for_each_document(&mut |d| {
            if let Some(tid) = d.thread_id {
                let set = map.entry(tid).or_default();
                for c in &d.letter.comments {
                    if let Some(t) = &c.topics {
                        set.extend(t.primary.iter().chain(t.others.iter()).cloned());
                    }
                }
            }
            Ok(())
        })?;
        let map = Arc::new(map);
        self.cache.write().map_err(lock_poisoned)?.topics = Some(Arc::clone(&map));
        Ok(map)
    }
}

fn to_doc(d: StoredDocument) -> Doc {
    Doc { accession: d.accession, edgar: d.edgar, thread_id: d.thread_id, text: d.text, letter: d.letter }
}

fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace(['"', '\\'], " "))
}

fn to_hit(h: crate::search::Hit) -> Hit {
    Hit {
        accession: h.accession,
        kind: h.kind.as_str().into(),
        company: Some(h.company).filter(|c| !c.is_empty()),
        date: h.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        ordinal: h.ordinal,
        score: h.score,
        highlights: h.snippet_marks.iter().map(|(a, b)| [*a, *b]).collect(),
        snippet: h.snippet_text,
        thread_id: h.thread,
        number: h.number,
        outcome: h.outcome,
        headings: h.headings,
        letter_kind: Some(h.letter_kind).filter(|k| !k.is_empty()),
        cik: h.cik,
        forms: h.forms,
    }
}

impl Service {
    /// Review threads that pass `filter`, in a stable order (first letter's date, then id).
    pub fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        self.inner.threads(filter)
    }

    /// One thread with its documents in the thread's letter order; `None` when no thread has `id`.
    pub fn thread(&self, id: &str) -> Result<Option<ThreadDocs>> {
        self.inner.thread(id)
    }

    /// One stored document; `None` when nothing has `accession`.
    pub fn letter(&self, accession: &str) -> Result<Option<Doc>> {
        self.inner.letter(accession)
    }

    /// Full-text search, best first, with facet counts over the matching documents.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        self.inner.search(q, true)
    }

    /// Full-text search without facets, and with `total` maybe estimated: counting every match
    /// by five facets is most of a common query's time, and the API's search shows none.
    pub fn search_hits(&self, q: &SearchQuery) -> Result<SearchResults> {
        self.inner.search(q, false)
    }

    /// Staff comments most like comment `ordinal` of `accession`, each with its answers.
    pub fn similar(&self, accession: &str, ordinal: u32, limit: usize) -> Result<Vec<SimilarComment>> {
        self.inner.similar(Similar::Comment { accession, ordinal }, limit)
    }

    /// Staff comments most like `text` (a comment a user pasted), each with its answers.
    pub fn similar_text(&self, text: &str, limit: usize) -> Result<Vec<SimilarComment>> {
        self.inner.similar(Similar::Text(text), limit)
    }

    /// The review statistics under the default definitions, as `corresp stats --json` prints them.
    pub fn stats(&self) -> Result<serde_json::Value> {
        self.inner.stats()
    }

    /// Charts of the statistics under the default definitions (SVG written by corresp's own code).
    pub fn charts(&self) -> Result<Vec<Chart>> {
        self.inner.charts()
    }

    /// The statistics under `defs` as a typed struct, with their charts (the statistics page).
    pub fn stats_under(&self, defs: &StatsDefinitions) -> Result<StatsView> {
        self.inner.stats_under(defs)
    }

    /// The rows behind the statistics under `defs` as CSV or Parquet: the reviews counted, or
    /// their staff comments.
    pub fn stats_table(
        &self,
        defs: &StatsDefinitions,
        rows: StatsRows,
        format: TableFormat,
    ) -> Result<Vec<u8>> {
        crate::stats::stats_table_of(self.inner.reader(), defs, rows, format)
    }

    /// Every recomputable numeric statement in `text`.
    pub fn check(&self, text: &str) -> Vec<Claim> {
        crate::check::check(text)
    }

    /// Stores uploaded files (already bounded, typed and given safe relative names) and brings
    /// the index and the caches up to date before answering.
    pub fn ingest(&self, files: Vec<Upload>) -> Result<IngestSummary> {
        self.inner.ingest(files)
    }

    /// A response skeleton for a staff letter, with `precedents` precedents per comment from the
    /// store.
    pub fn draft(&self, source: crate::draft::DraftSource, precedents: usize) -> Result<crate::draft::Draft> {
        let opts = crate::draft::DraftOptions { precedents, ..Default::default() };
        let index = self.inner.index()?;
        crate::draft::draft(Some(self.inner.reader()), Some(&*index), source, &opts)
    }

    /// A line every page shows, e.g. that the store is a sample.
    pub fn notice(&self) -> Option<String> {
        self.inner.notice.clone()
    }
}

impl Inner {
    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        let all = self.all_threads()?;
        let topics = match filter.topic.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(_) => Some(self.topics()?),
            None => None,
        };
        Ok(all
            .iter()
            .filter(|t| filter.matches(t))
            .filter(|t| match (&topics, filter.topic.as_deref()) {
                (Some(map), Some(topic)) => map.get(&t.id).is_some_and(|s| s.contains(topic.trim())),
                _ => true,
            })
            .cloned()
            .collect())
    }

    fn thread(&self, id: &str) -> Result<Option<ThreadDocs>> {
        if let Some(td) = self.cache.read().map_err(lock_poisoned)?.docs.get(id) {
            return Ok(Some(td.clone()));
        }
        let all = self.all_threads()?;
        let Some(thread) = all.iter().find(|t| t.id == id).cloned() else { return Ok(None) };
        let store = self.reader();
        let mut docs = Vec::new();
        for l in &thread.letters {
            if let Some(d) = store.document(&l.accession)? {
                docs.push(to_doc(d));
            }
        }
        let review = store.review(&thread.id)?;
        let td = ThreadDocs { thread, docs, review };
        let mut cache = self.cache.write().map_err(lock_poisoned)?;
        if cache.docs.len() >= THREAD_CACHE {
            cache.docs.clear();
        }
        cache.docs.insert(id.to_string(), td.clone());
        Ok(Some(td))
    }

    fn letter(&self, accession: &str) -> Result<Option<Doc>> {
        Ok(self.reader().document(accession)?.map(to_doc))
    }

    /// A search, with the facet counts when `facets` (the search page, `/search/facets`).
    fn search(&self, q: &SearchQuery, facets: bool) -> Result<SearchResults> {
        let mut query = q.q.clone();
        if let Some(c) = &q.company {
            query.push_str(&format!(" company:{}", quoted(c)));
        }
        if let Some(y) = q.year {
            query.push_str(&format!(" year:{y}"));
        }
        if let Some(k) = &q.kind {
            query.push_str(&format!(" kind:{k}"));
        }
        if let Some(t) = &q.topic {
            query.push_str(&format!(" topic:{}", quoted(t)));
        }
        if let Some(o) = q.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
            query.push_str(&format!(" outcome:{}", quoted(o.trim())));
        }
        if let Some(f) = q.form.as_deref().filter(|f| !f.trim().is_empty()) {
            query.push_str(&format!(" form:{}", quoted(&loose_form(f))));
        }
        let sort = match q.sort.as_deref() {
            Some("date") => crate::search::Sort::Date,
            _ => crate::search::Sort::Relevance,
        };
        let opts = SearchOptions {
            limit: q.limit.unwrap_or(20),
            offset: q.offset.unwrap_or(0).min(10_000),
            sort,
            facets,
        };
        let res = self.index()?.search(&query, &opts)?;
        let mut facets = Vec::new();
        if let Some(f) = res.facets {
            for (name, values) in [
                ("kind", f.kind),
                ("company", f.company),
                ("year", f.year),
                ("form", f.form),
                ("topic", f.topic),
            ] {
                if values.is_empty() {
                    continue;
                }
                let values = values
                    .into_iter()
                    .map(|(value, count)| FacetValue { value, count: count as usize })
                    .collect();
                facets.push(Facet { name: name.into(), values });
            }
        }
        Ok(SearchResults {
            hits: res.hits.into_iter().map(to_hit).collect(),
            facets,
            total: res.total,
            total_estimated: res.total_estimated,
        })
    }

    fn similar(&self, what: Similar<'_>, limit: usize) -> Result<Vec<SimilarComment>> {
        let opts = SimilarOptions { limit, ..Default::default() };
        let hits = crate::search::precedents(self.reader(), &*self.index()?, what, &opts)?;
        Ok(hits
            .into_iter()
            .map(|h| {
                let c = h.comment;
                SimilarComment {
                    date: c.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                    text: c.text.clone().unwrap_or(c.snippet_text),
                    headings: c.headings,
                    accession: c.accession,
                    ordinal: c.ordinal.unwrap_or(0),
                    number: c.number,
                    company: Some(c.company).filter(|s| !s.is_empty()),
                    score: c.score,
                    thread_id: c.thread,
                    outcome: h.outcome,
                    answers: h
                        .answers
                        .into_iter()
                        .filter(|a| a.kind == DocKind::Response)
                        .map(|a| AnswerRef {
                            text: a.text.clone().unwrap_or(a.snippet_text),
                            accession: a.accession,
                            ordinal: a.ordinal.unwrap_or(0),
                            answer: None,
                        })
                        .collect(),
                }
            })
            .collect())
    }

    fn stats(&self) -> Result<serde_json::Value> {
        let s = self.stats_and_charts(&StatsDefinitions::default())?;
        serde_json::to_value(&s.0).map_err(|e| Error::Internal(e.to_string()))
    }

    fn charts(&self) -> Result<Vec<Chart>> {
        Ok(self.stats_under(&StatsDefinitions::default())?.charts)
    }

    fn stats_under(&self, defs: &StatsDefinitions) -> Result<StatsView> {
        let s = self.stats_and_charts(defs)?;
        let charts =
            s.1.iter().map(|(title, svg)| Chart { title: title.clone(), svg: svg.clone() }).collect();
        Ok(StatsView { stats: s.0.clone(), charts })
    }

    fn ingest(&self, files: Vec<Upload>) -> Result<IngestSummary> {
        // One ingest at a time; readers go on using their own connections and the old caches.
        let mut st = self.ingesting.lock().map_err(lock_poisoned)?;
        // The server's own temporary folder: failing to write there is not the client's fault.
        let tmp = tempfile::tempdir().map_err(Error::own_file(&std::env::temp_dir()))?;
        let root = tmp.path().join("upload");
        let n = files.len();
        for f in files {
            let rel = Path::new(&f.name);
            // Names were checked when the upload was read; check again where it matters, at the
            // disk, so no later change upstream can make us write outside the folder.
            if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
                return Err(Error::Input { path: rel.to_path_buf(), message: "unsafe file name".into() });
            }
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(Error::own_file(parent))?;
            }
            std::fs::write(&path, &f.bytes).map_err(Error::own_file(&path))?;
        }
        // Stored sources name the uploaded files, never this server's temporary folder.
        let opts = crate::ingest::IngestOptions { source_root: Some(root.clone()), ..Default::default() };
        // Searches go on with the open index (a reader does not hold the writer's lock) until
        // the new one is committed.
        let s = crate::update::ingest_and_index(
            &self.writer,
            &self.db,
            std::slice::from_ref(&root),
            &opts,
            &mut |_| {},
        )?;
        self.reopen_index(&crate::search::index_dir(&self.db))?;
        *self.cache.write().map_err(lock_poisoned)? = Cache::default();
        // What this upload stored is indexed: the watcher need not index it again.
        if !s.changed.is_empty() {
            let fps: HashMap<String, String> = self.writer.fingerprints()?.into_iter().collect();
            for acc in &s.changed {
                if let Some(fp) = fps.get(acc) {
                    st.indexed.insert(acc.clone(), fp.clone());
                }
            }
        }
        let rel = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
        // Causes name the file: by its uploaded name, never by where the server put it.
        let (prefix, folder) = (format!("{}/", root.display()), root.display().to_string());
        let scrub = |cause: &str| cause.replace(&prefix, "").replace(&folder, "upload");
        Ok(IngestSummary {
            files: n,
            stored: s.ingested + s.replaced,
            unchanged: s.unchanged,
            failed: s
                .failed
                .iter()
                .map(|f| FileProblem { name: rel(&f.path), error: scrub(&f.cause) })
                .collect(),
            skipped: s.skipped.iter().map(|f| format!("{}: {}", rel(&f.path), scrub(&f.cause))).collect(),
        })
    }
}
