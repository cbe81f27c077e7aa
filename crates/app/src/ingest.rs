//! Ingest: files on disk into the store, then threads rebuilt.
//!
//! The walk streams letters; a small pool reads, hashes, extracts and parses them in parallel;
//! one writer (the calling thread) stores each document in its own transaction. The channel
//! between them is bounded, so at most a few documents are in memory whatever the corpus size.
//!
//! A document whose fingerprint (source hash plus EDGAR's facts) is already stored is skipped
//! before extraction, which is what makes a second ingest of the same corpus fast. A killed ingest
//! leaves only whole documents behind, so running it again finishes the job.
//!
//! [`ingest_worker`] is the same work shared by processes on many machines over a PostgreSQL
//! store: files are claimed from the store's work table under a lease, stored and marked done in
//! one transaction, and each company's threads are rebuilt as soon as none of its files is left,
//! by one worker at a time per company.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use corresp_store::{HASH_KEY_PREFIX, Put, Store, StoredDocument};
use rayon::iter::{ParallelBridge, ParallelIterator};
use sha2::{Digest, Sha256};

use crate::walk::{self, Source, Walked};
use crate::{Error, Result};

/// How an ingest runs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Extract and parse again even documents whose fingerprint is stored (after an extractor or
    /// parser upgrade).
    pub force: bool,
    /// Worker threads for extraction and parsing; 0 means one per core.
    pub jobs: usize,
    /// The folder the files were put in for this ingest only (an upload's temporary folder): a
    /// document's recorded source is then `upload/<content hash>/<path under it>`, never a path
    /// of the server's.
    pub source_root: Option<PathBuf>,
}

/// A file that could not be ingested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedFile {
    /// The file.
    pub path: PathBuf,
    /// Why, in one line.
    pub cause: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Documents stored for the first time.
    pub ingested: usize,
    /// Documents stored again because their content or facts changed.
    pub replaced: usize,
    /// Documents already stored as they are.
    pub unchanged: usize,
    /// Of those, how many were known by their file's stamp and not even read.
    pub unread: usize,
    /// Files that could not be read, extracted or stored (recorded with their error when the
    /// bytes could be read at all).
    pub failed: Vec<FailedFile>,
    /// Files passed over, with the reason.
    pub skipped: Vec<FailedFile>,
    /// Keys of the documents inserted or replaced, in the order they were stored, then of the staff
    /// letters whose comments' outcomes the new letters changed: what a search index must
    /// (re)index.
    pub changed: Vec<String>,
    /// Threads in the store after the rebuild.
    pub threads: usize,
}

/// What a worker hands the writer.
enum Outcome {
    /// Already stored with this fingerprint: known by the file's stamp (`read` false), or read and
    /// hashed, then with the stamp to record when there is one.
    Unchanged { path: PathBuf, read: bool, restamp: Option<Restamp> },
    /// A document (or a recorded failure) to store.
    Store(Box<StoredDocument>, PathBuf),
    /// Could not be read at all: nothing to record in the store.
    Unreadable(FailedFile),
    /// Passed over by the walk.
    Skipped(FailedFile),
}

/// A stored document read again, unchanged, from a file with a new stamp (touched, copied, moved):
/// recorded so the next ingest need not read it.
struct Restamp {
    fingerprint: String,
    accession: Option<String>,
    stamp: String,
}

/// The extraction workers: `jobs` threads (0: one per core), named `<name>-<i>`.
fn worker_pool(jobs: usize, name: &'static str) -> Result<(usize, rayon::ThreadPool)> {
    let jobs = if jobs == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { jobs };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the ingest workers: {e}")))?;
    Ok((jobs, pool))
}

/// Ingests `paths` into `store` and rebuilds the threads. `on_done` is called once per file
/// handled (for a progress bar), from the calling thread.
pub fn ingest(
    store: &dyn Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    on_done: &mut dyn FnMut(&Path),
) -> Result<IngestSummary> {
    let (jobs, pool) = worker_pool(opts.jobs, "corresp-ingest")?;
    let (tx, rx) = sync_channel::<Outcome>(jobs * 2);
    let mut summary = IngestSummary::default();
    let mut walk_error = None;

    let written: Result<()> = std::thread::scope(|scope| {
        let (force, root) = (opts.force, opts.source_root.as_deref());
        let producer = scope.spawn(move || {
            pool.install(|| {
                walk::walk(paths).par_bridge().try_for_each_with(tx, |tx, found| {
                    let outcome = match found {
                        Ok(Walked::Letter(src)) => process(src, store, force, root),
                        Ok(Walked::Skipped { path, reason }) => {
                            Outcome::Skipped(FailedFile { path, cause: reason })
                        }
                        // A folder that cannot be listed stops the ingest: its letters would
                        // silently be missing otherwise.
                        Err(e) => return Err(Some(e)),
                    };
                    tx.send(outcome).map_err(|_| None)
                })
            })
        });
        for outcome in rx {
            match outcome {
                Outcome::Unchanged { path, read, restamp } => {
                    summary.unchanged += 1;
                    summary.unread += usize::from(!read);
                    if let Some(r) = restamp
                        && let Err(e) = store.set_file_stamp(&r.fingerprint, r.accession.as_deref(), &r.stamp)
                    {
                        // Only the next ingest's shortcut is lost: it reads the file again.
                        tracing::warn!(path = %path.display(), "store: {e}; the file's stamp is not recorded");
                    }
                    on_done(&path);
                }
                Outcome::Store(doc, path) => {
                    let put = match put_with_retry(store, &doc) {
                        Ok(put) => put,
                        Err(e) => {
                            // Another writer kept the store busy past every retry (or the store
                            // refused this one document): it is named as failed, the rest go on,
                            // and the next ingest stores it.
                            summary
                                .failed
                                .push(FailedFile { path: path.clone(), cause: format!("store: {e}") });
                            on_done(&path);
                            continue;
                        }
                    };
                    if let Some(cause) = &doc.error {
                        summary.failed.push(FailedFile { path: path.clone(), cause: cause.clone() });
                    } else {
                        match put {
                            Put::Inserted => summary.ingested += 1,
                            Put::Replaced => summary.replaced += 1,
                            Put::Unchanged => summary.unchanged += 1,
                        }
                    }
                    if put != Put::Unchanged && doc.error.is_none() {
                        summary.changed.push(doc.accession.clone());
                    }
                    on_done(&path);
                }
                Outcome::Unreadable(f) => {
                    on_done(&f.path);
                    summary.failed.push(f);
                }
                Outcome::Skipped(f) => summary.skipped.push(f),
            }
        }
        match producer.join() {
            Ok(Err(Some(e))) => walk_error = Some(e),
            Ok(_) => {}
            Err(_) => return Err(Error::Internal("an ingest worker panicked".into())),
        }
        Ok(())
    });
    written?;
    if let Some(e) = walk_error {
        return Err(e);
    }
    tracing::info!(
        stored = summary.changed.len(),
        unchanged = summary.unchanged,
        failed = summary.failed.len(),
        "documents stored"
    );
    if summary.changed.is_empty() && store.threads_current()? {
        // Nothing stored, and the threads were built after the last write: a re-ingest of an
        // unchanged corpus need not read every document's facts again.
        summary.threads = store.count_threads()? as usize;
        return Ok(summary);
    }
    let already: std::collections::HashSet<String> = summary.changed.iter().cloned().collect();
    let (threads, outcomes_changed) = crate::threads::rebuild_and_compare(store, Some(&already))?;
    summary.threads = threads;
    summary.changed.extend(outcomes_changed.into_iter().filter(|a| !already.contains(a)));
    Ok(summary)
}

/// How an ingest worker ([`ingest_worker`]) runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// This worker's name in the work table (default: host name and process id).
    pub name: String,
    /// How long a claimed file stays this worker's without a renewal; renewed every third of it
    /// while the worker lives, so a killed worker's files are taken again after at most this.
    pub lease: std::time::Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        let host = std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_else(|| "worker".into());
        WorkerOptions {
            name: format!("{host}:{}", std::process::id()),
            lease: std::time::Duration::from_secs(60),
        }
    }
}

/// The key of a file in the work table: the name of the folder given and its path under it (the
/// file name for a file given itself), `/`-separated, so that workers on machines that mount the
/// folder elsewhere agree.
fn work_key(root: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => match root.file_name() {
            Some(name) => Path::new(name).join(rel),
            None => rel.to_path_buf(),
        },
        _ => PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
    };
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// One worker of an ingest shared by many processes over a store with a work queue (PostgreSQL):
/// walks `paths`, adds their files to the work table (a file done before with the same size and
/// modification time is not done again), then claims files a few at a time (`FOR UPDATE SKIP
/// LOCKED`, under [`WorkerOptions::lease`]), extracts and parses them on `opts.jobs` threads, and
/// stores each with its "done" mark in one transaction: a file whose lease was lost meanwhile (this
/// worker stalled past it and another took it) is not stored by this one.
///
/// Threads are rebuilt company by company ([`crate::threads::rebuild_companies`]): after each
/// batch, every company this worker stored documents of and of which no file is left in the table
/// (none queued under its CIK, none under no CIK) is rebuilt at once, under that company's lock and
/// only if no one rebuilt it since its last change; the last of several workers finishing a
/// company's files is the one that finds none left. When nothing is left to claim the worker waits
/// for the files others hold (a killed worker's come back when their lease expires), then rebuilds
/// every company still stale (a worker killed between storing and rebuilding leaves some). The
/// summary counts what this worker did; `threads` is the store's.
pub fn ingest_worker(
    store: &dyn Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    worker: &WorkerOptions,
    on_done: &mut dyn FnMut(&Path),
) -> Result<IngestSummary> {
    let queue = store.work_queue().ok_or_else(|| {
        Error::Missing("--worker needs a store shared by the workers: --db postgres://...".into())
    })?;
    let mut summary = IngestSummary::default();
    let mut sources: std::collections::HashMap<String, walk::Source> = Default::default();
    let mut items = Vec::new();
    for root in paths {
        for found in walk::walk(std::slice::from_ref(root)) {
            match found? {
                Walked::Letter(src) => {
                    let key = work_key(root, &src.path);
                    let meta = std::fs::metadata(&src.path)
                        .map_err(|e| Error::Io { path: src.path.clone(), source: e })?;
                    let mtime = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_secs() as i64);
                    items.push(corresp_store::WorkItem {
                        key: key.clone(),
                        size: meta.len(),
                        mtime,
                        cik: src.edgar.cik.clone(),
                    });
                    sources.insert(key, src);
                }
                Walked::Skipped { path, reason } => summary.skipped.push(FailedFile { path, cause: reason }),
            }
        }
    }
    queue.enqueue(&items)?;
    drop(items);
    let (jobs, pool) = worker_pool(opts.jobs, "corresp-worker")?;
    let held: std::sync::Mutex<Vec<String>> = Default::default();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let renew_every = worker.lease / 3;
    // Companies this worker stored documents of and has not rebuilt yet.
    let mut touched: std::collections::BTreeSet<String> = Default::default();
    std::thread::scope(|scope| -> Result<()> {
        // The heartbeat: the files in hand stay this worker's while it lives.
        scope.spawn(|| {
            let mut last = std::time::Instant::now();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if last.elapsed() >= renew_every {
                    last = std::time::Instant::now();
                    let keys = held.lock().map(|k| k.clone()).unwrap_or_default();
                    if let Err(e) = queue.renew(&worker.name, &keys, worker.lease) {
                        tracing::warn!("cannot renew the lease of {} files: {e}", keys.len());
                    }
                }
            }
        });
        let done = (|| -> Result<()> {
            loop {
                let keys = queue.claim(&worker.name, jobs * 2, worker.lease)?;
                if keys.is_empty() {
                    if queue.unfinished()? == 0 {
                        return Ok(());
                    }
                    // Others hold the rest; a dead worker's files come back when their lease ends.
                    std::thread::sleep(std::time::Duration::from_millis(500));
                    continue;
                }
                *held.lock().map_err(|_| Error::Internal("a lock was poisoned".into()))? = keys.clone();
                let force = opts.force;
                let outcomes: Vec<(String, Option<Outcome>)> = pool.install(|| {
                    use rayon::iter::{IntoParallelIterator, ParallelIterator};
                    keys.into_par_iter()
                        .map(|k| {
                            let out = sources.get(&k).map(|src| process(src.clone(), store, force, None));
                            (k, out)
                        })
                        .collect()
                });
                for (key, outcome) in outcomes {
                    let name = &worker.name;
                    match outcome {
                        None => {
                            // Another machine's folder holds a file this one's does not.
                            queue.finish(
                                name,
                                &key,
                                None,
                                Some("not found by the worker that claimed it"),
                            )?;
                        }
                        Some(Outcome::Unchanged { path, read, restamp }) => {
                            if let Some(r) = restamp
                                && let Err(e) =
                                    store.set_file_stamp(&r.fingerprint, r.accession.as_deref(), &r.stamp)
                            {
                                tracing::warn!(path = %path.display(), "store: {e}; the file's stamp is not recorded");
                            }
                            if queue.finish(name, &key, None, None)?.is_some() {
                                summary.unchanged += 1;
                                summary.unread += usize::from(!read);
                            }
                            on_done(&path);
                        }
                        Some(Outcome::Store(doc, path)) => {
                            let finished = queue.finish(name, &key, Some(&doc), doc.error.as_deref())?;
                            if finished.is_some_and(|put| put != Put::Unchanged) {
                                touched
                                    .insert(corresp_store::company_key(doc.edgar.cik.as_deref()).to_string());
                            }
                            match finished {
                                None => {} // lost to another worker, which stores it
                                Some(_) if doc.error.is_some() => summary.failed.push(FailedFile {
                                    path: path.clone(),
                                    cause: doc.error.clone().unwrap_or_default(),
                                }),
                                Some(put) => {
                                    match put {
                                        Put::Inserted => summary.ingested += 1,
                                        Put::Replaced => summary.replaced += 1,
                                        Put::Unchanged => summary.unchanged += 1,
                                    }
                                    if put != Put::Unchanged {
                                        summary.changed.push(doc.accession.clone());
                                    }
                                }
                            }
                            on_done(&path);
                        }
                        Some(Outcome::Unreadable(f)) => {
                            queue.finish(name, &key, None, Some(&f.cause))?;
                            on_done(&f.path);
                            summary.failed.push(f);
                        }
                        Some(Outcome::Skipped(f)) => {
                            queue.finish(name, &key, None, Some(&f.cause))?;
                            summary.skipped.push(f);
                        }
                    }
                }
                held.lock().map_err(|_| Error::Internal("a lock was poisoned".into()))?.clear();
                // Companies none of whose files is left: their threads now, not after the drain.
                let mut ready = Vec::new();
                for company in &touched {
                    if queue.company_done(company)? {
                        ready.push(company.clone());
                    }
                }
                if !ready.is_empty() {
                    // A rebuild that fails here (a lock wait past the store's timeout while another
                    // worker rebuilds a large company) stops no file: the company stays stale and
                    // the sweep after the drain takes it again.
                    if let Err(e) = crate::threads::rebuild_companies(store, &ready) {
                        tracing::warn!("threads of {} companies left to the end: {e}", ready.len());
                    }
                    for company in &ready {
                        touched.remove(company);
                    }
                }
            }
        })();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        done
    })?;
    // Whatever is still stale: companies whose files were done by a worker killed before it
    // rebuilt them, or changed by a writer that is not a worker. Each under its lock; a company
    // another worker is rebuilding is found current once it may be taken.
    let stale = queue.stale_companies(None)?;
    if !stale.is_empty() {
        crate::threads::rebuild_companies(store, &stale)?;
    }
    summary.threads = store.threads()?.len();
    Ok(summary)
}

impl IngestSummary {
    /// The summary as `corresp ingest --json` prints it: counts, the failed and skipped files
    /// (`{file, cause}`), the changed keys and the number of threads.
    pub fn to_json(&self) -> serde_json::Value {
        let files = |v: &[FailedFile]| {
            v.iter()
                .map(|f| serde_json::json!({"file": f.path.display().to_string(), "cause": f.cause}))
                .collect::<Vec<_>>()
        };
        serde_json::json!({
            "ingested": self.ingested,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "unread": self.unread,
            "failed": files(&self.failed),
            "skipped": files(&self.skipped),
            "changed": self.changed,
            "threads": self.threads,
        })
    }
}

/// How many times the writer offers one document to the store. The store already waits for
/// another writer (busy timeout, then its own retries with backoff); this is one more round after
/// a pause, for a writer that held the store a long time (a large upload, a thread rebuild).
const PUT_ATTEMPTS: u32 = 2;

/// The pause before the writer offers a document to the store again.
const PUT_RETRY_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);

/// Stores one document, trying again after a pause when the store fails (in practice: busy).
fn put_with_retry(store: &dyn Store, doc: &StoredDocument) -> corresp_store::Result<Put> {
    let mut attempt = 1;
    loop {
        match store.put_document(doc) {
            Err(e) if attempt < PUT_ATTEMPTS => {
                tracing::warn!(accession = %doc.accession, "store: {e}; trying again");
                std::thread::sleep(PUT_RETRY_PAUSE);
                attempt += 1;
            }
            done => return done,
        }
    }
}

/// The fingerprint: the content and every EDGAR fact the record is built from.
fn fingerprint(source_hash: &str, src: &Source) -> String {
    hex::encode(Sha256::digest(format!("{source_hash}\n{}", facts_line(src)).as_bytes()))
}

/// The EDGAR facts a record is built from, as the fingerprint and the file stamp hash them.
fn facts_line(src: &Source) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        src.accession,
        src.edgar.cik,
        src.edgar.company,
        src.edgar.form,
        src.edgar.filing_date,
        src.edgar.accepted
    )
}

/// A file modified this recently gets no stamp: it could be written again within the same tick of
/// the file system's clock after it was read, and its stamp would then not change (git's "racily
/// clean" files). It is read again by the next ingest, which stamps it.
const STAMP_SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// What the file system says of the file a letter comes from, with the EDGAR facts, hashed: the
/// same stamp means the same bytes and the same record, so a re-ingest skips the file unread (as
/// make, rsync and git do). Path, size, modification time and, on Unix, inode and change time (which
/// nothing can set back). `None` when the file cannot be described or changed too recently.
fn file_stamp(src: &Source) -> Option<String> {
    let meta = std::fs::metadata(&src.path).ok()?;
    let modified = meta.modified().ok()?;
    let age = std::time::SystemTime::now().duration_since(modified).ok()?;
    if age < STAMP_SETTLE {
        return None;
    }
    #[cfg(unix)]
    let node = {
        use std::os::unix::fs::MetadataExt;
        format!("{}:{}:{}.{}", meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    };
    #[cfg(not(unix))]
    let node = String::new();
    let line = format!("{}\n{}\n{:?}\n{node}\n{}", src.path.display(), meta.len(), modified, facts_line(src));
    Some(hex::encode(&Sha256::digest(line.as_bytes())[..16]))
}

/// Reads, hashes, extracts and parses one letter. Never panics: a panic inside a PDF or HTML
/// library becomes that document's error. Whether the store already holds it is asked of the store
/// file by file ([`Store::has_fingerprint`]), so no ingest holds every fingerprint of the store.
fn process(src: Source, store: &dyn Store, force: bool, root: Option<&Path>) -> Outcome {
    let stamp = file_stamp(&src);
    // Known by its stamp: the file is not even opened. A store that cannot answer is taken as
    // not knowing it (the file is read and hashed as below).
    if !force
        && let Some(s) = &stamp
        && store.has_file_stamp(s).unwrap_or_else(|e| {
            tracing::warn!(path = %src.path.display(), "store: {e}; the file is read again");
            false
        })
    {
        return Outcome::Unchanged { path: src.path, read: false, restamp: None };
    }
    let bytes = match std::fs::read(&src.path) {
        Ok(b) => b,
        Err(e) => return Outcome::Unreadable(FailedFile { path: src.path, cause: e.to_string() }),
    };
    let source_hash = hex::encode(Sha256::digest(&bytes));
    let fp = fingerprint(&source_hash, &src);
    let hash_key = format!("{HASH_KEY_PREFIX}{}", &source_hash[..24]);
    // A loose full submission is stored under the accession its header gives: known by its
    // fingerprint alone. A store that cannot answer is taken as not holding it (extracted again).
    let known = !force
        && store.has_fingerprint(&fp, src.accession.as_deref()).unwrap_or_else(|e| {
            tracing::warn!(path = %src.path.display(), "store: {e}; the file is read again");
            false
        });
    if known {
        let restamp = stamp.map(|stamp| Restamp { fingerprint: fp, accession: src.accession.clone(), stamp });
        return Outcome::Unchanged { path: src.path, read: true, restamp };
    }
    let file_name = src.path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let _span = tracing::debug_span!("ingest", path = %src.path.display()).entered();
    let extracted = catch_unwind(AssertUnwindSafe(|| corresp_extract::extract(&bytes, &file_name)));
    drop(bytes);
    let mut doc = StoredDocument {
        accession: src.accession.clone().unwrap_or(hash_key),
        edgar: src.edgar.clone(),
        source_path: Some(match root.and_then(|r| src.path.strip_prefix(r).ok()) {
            Some(rel) => format!("upload/{}/{}", &source_hash[..12], rel.display()),
            None => src.path.display().to_string(),
        }),
        source_hash,
        fingerprint: fp,
        file_stamp: stamp,
        ..StoredDocument::default()
    };
    let extracted = match extracted {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => {
            doc.error = Some(format!("extract: {e}"));
            return Outcome::Store(Box::new(doc), src.path);
        }
        Err(_) => {
            doc.error = Some("extract: the extractor panicked on this file".into());
            return Outcome::Store(Box::new(doc), src.path);
        }
    };
    if let Some(h) = &extracted.submission {
        if src.accession.is_none()
            && let Some(a) = &h.accession
        {
            doc.accession = a.clone();
        }
        doc.edgar.fill_gaps(&h.edgar);
    }
    // Topics, ask and answer types are part of the record the store keeps and the index facets on.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        // EDGAR's form type, when known, decides staff letter vs company letter.
        crate::letter::parse(&extracted.text, doc.edgar.form.as_deref())
    }));
    let letter = match parsed {
        Ok(l) => l,
        Err(_) => {
            doc.error = Some("parse: the parser panicked on this letter".into());
            return Outcome::Store(Box::new(doc), src.path);
        }
    };
    if doc.edgar.company.is_none() {
        doc.edgar.company = letter.company.clone();
    }
    doc.text = extracted.text;
    doc.letter = letter;
    Outcome::Store(Box::new(doc), src.path)
}
