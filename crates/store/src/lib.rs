//! The store: the truth of corresp. Every document ingested, its extracted text, its parsed record
//! and the review threads built from them live here; the search index is only a cache of it.
//!
//! - [`Store`]: what the rest of corresp asks of a store. Written without any SQL type in it, so a
//!   PostgreSQL backend can sit beside SQLite behind the same trait.
//! - [`SqliteStore`]: the embedded default (WAL mode, one transaction per document, threads
//!   replaced one company per transaction, append-only migrations in `migrations/sqlite/`).
//! - [`PostgresStore`]: the same store on a shared PostgreSQL server (a bounded pool, one
//!   transaction per document, migrations in `migrations/postgres/`), with a [`WorkQueue`] for
//!   ingest workers on many machines and LISTEN/NOTIFY to wake followers of the change counter.
//! - [`open`]: a store by its `--db` value, a path or a `postgres://` URL.
//! - [`StoredDocument`]: one document as stored; [`LetterFacts`] is its light form (no text),
//!   enough to rebuild threads quickly.
//!
//! ```
//! use corresp_store::{Put, SqliteStore, Store, StoredDocument};
//!
//! let store = SqliteStore::open_in_memory().unwrap();
//! let doc = StoredDocument {
//!     accession: "0000000000-19-000001".into(),
//!     source_hash: "ab".repeat(32),
//!     fingerprint: "f1".into(),
//!     ..StoredDocument::default()
//! };
//! assert_eq!(store.put_document(&doc).unwrap(), Put::Inserted);
//! assert_eq!(store.put_document(&doc).unwrap(), Put::Unchanged);
//! assert!(store.document("0000000000-19-000001").unwrap().is_some());
//! ```
#![deny(missing_docs)]

use std::sync::Arc;

use chrono::NaiveDate;
use corresp_model::{EdgarFacts, Letter, ReviewRecord, Text, Thread};

mod error;
mod postgres;
mod sqlite;

pub use error::{Error, Result};
pub use postgres::{PgOptions, PostgresStore, is_url, redact};
pub use sqlite::SqliteStore;

/// Opens the store `db` names: a `postgres://` (or `postgresql://`) URL, else a SQLite file path.
pub fn open(db: &str) -> Result<Box<dyn Store>> {
    if is_url(db) {
        Ok(Box::new(PostgresStore::connect(db, &PgOptions::default())?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(db))?))
    }
}

/// The company a document or thread belongs to, for rebuilding threads company by company: its
/// CIK, or `""` for those without one (loose files), which are rebuilt with everything else since
/// the thread grouping may join them to a company by its name.
pub fn company_key(cik: Option<&str>) -> &str {
    cik.unwrap_or("")
}

/// The order threads are listed in, the one `corresp_thread::group` returns: by the first letter's
/// filing date (else its date; none first), then by id. A store that replaces some companies'
/// threads keeps the whole list in this order.
pub fn thread_order(a: &Thread, b: &Thread) -> std::cmp::Ordering {
    let day = |t: &Thread| t.letters.first().and_then(|l| l.filing_date.or(l.date));
    day(a).cmp(&day(b)).then_with(|| a.id.cmp(&b.id))
}

/// Prefix of the key of a document with no accession (a loose file): its content hash.
pub const HASH_KEY_PREFIX: &str = "sha256:";

/// One stored document with its text and parsed record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredDocument {
    /// EDGAR accession number, or a content-hash key for loose files (see [`HASH_KEY_PREFIX`]).
    pub accession: String,
    /// What EDGAR says about it.
    pub edgar: EdgarFacts,
    /// Where it was read from.
    pub source_path: Option<String>,
    /// SHA-256 of the source bytes, hex.
    pub source_hash: String,
    /// What the record was made from (source hash and EDGAR facts): the same fingerprint again
    /// means there is nothing to redo, which is how a re-ingest skips extraction.
    pub fingerprint: String,
    /// Extracted text.
    pub text: Text,
    /// Parsed record.
    pub letter: Letter,
    /// Why the document could not be read; such a document has no text and no record.
    pub error: Option<String>,
    /// The review thread it belongs to.
    pub thread_id: Option<String>,
    /// The file it was read from as the file system describes it, hashed (path, size, times,
    /// inode, EDGAR's facts): a re-ingest that finds the same stamp skips the file unread. Kept
    /// for readable documents only; `None` when unknown (an upload) or too fresh to trust.
    pub file_stamp: Option<String>,
}

/// What the thread grouping reads of a stored document: EDGAR's facts and the parsed ones
/// ([`corresp_model::LetterFacts`], the one type for them).
pub use corresp_model::LetterFacts;

/// A document that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Accession or content-hash key.
    pub accession: String,
    /// Where it was read from.
    pub source_path: Option<String>,
    /// Why it failed.
    pub error: String,
}

/// What [`Store::put_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// A new document.
    Inserted,
    /// An existing document whose content or facts changed (or which had failed before).
    Replaced,
    /// The same fingerprint was already stored: nothing was written.
    Unchanged,
}

/// A place that keeps documents: SQLite (the default) or PostgreSQL.
///
/// Every method takes `&self` and is safe to call from several threads; writes are atomic per
/// call, so a process killed between two calls leaves a store that the same calls complete.
pub trait Store: Send + Sync {
    /// Calls `f` for every readable document (failures excluded), in a stable order (filing date,
    /// then accession). Documents are read in small batches, so `f` may call back into the store.
    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()>;
    /// One document by accession (or content-hash key), failed ones included.
    fn document(&self, accession: &str) -> Result<Option<StoredDocument>>;
    /// Records the first day a letter appeared in EDGAR's daily index. May come before or after
    /// the document itself is stored.
    fn set_release_date(&self, accession: &str, date: NaiveDate) -> Result<()>;

    /// Stores one document (or its failure) in one transaction: inserted, replaced when its
    /// fingerprint changed, untouched when it did not. A loose file (content-hash key) replaces
    /// the loose document read earlier from the same path.
    fn put_document(&self, doc: &StoredDocument) -> Result<Put>;
    /// Fingerprints of readable documents, with their keys: what an ingest may skip.
    fn fingerprints(&self) -> Result<Vec<(String, String)>>;
    /// Whether a readable document with this fingerprint is stored, under `accession` when one is
    /// given: what an ingest asks of each file before extracting it, so that it never holds every
    /// fingerprint of the store. The default reads [`Store::fingerprints`].
    fn has_fingerprint(&self, fingerprint: &str, accession: Option<&str>) -> Result<bool> {
        Ok(self
            .fingerprints()?
            .iter()
            .any(|(key, fp)| fp == fingerprint && accession.is_none_or(|a| a == key)))
    }
    /// Whether a readable document was last read from a file with this stamp
    /// ([`StoredDocument::file_stamp`]): what a re-ingest asks before opening the file. The
    /// default knows none, so every file is read.
    fn has_file_stamp(&self, stamp: &str) -> Result<bool> {
        let _ = stamp;
        Ok(false)
    }
    /// Records that the readable document with this fingerprint (under `accession` when given)
    /// was read again, unchanged, from a file with this stamp (touched, copied or moved). Changes
    /// nothing a reader sees. The default records nothing.
    fn set_file_stamp(&self, fingerprint: &str, accession: Option<&str>, stamp: &str) -> Result<()> {
        let _ = (fingerprint, accession, stamp);
        Ok(())
    }
    /// Every document without its text, for thread building.
    fn summaries(&self) -> Result<Vec<LetterFacts>>;
    /// Documents that could not be read, by key.
    fn failures(&self) -> Result<Vec<Failure>>;
    /// Replaces all threads (in the given order), their comment–answer records (`reviews`, by
    /// thread id; a thread may have none) and every document's thread membership, in one
    /// transaction. Marks no company as built (see [`Store::replace_company_threads`]).
    fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> Result<()>;
    /// The documents of some companies without their text ([`company_key`]: a CIK, or `""` for
    /// documents without one), in the order of [`Store::summaries`]: what rebuilding the threads
    /// of those companies alone reads, since a review never spans two companies.
    fn company_summaries(&self, companies: &[String]) -> Result<Vec<LetterFacts>> {
        let want: std::collections::HashSet<&str> = companies.iter().map(String::as_str).collect();
        Ok(self
            .summaries()?
            .into_iter()
            .filter(|d| want.contains(company_key(d.edgar.cik.as_deref())))
            .collect())
    }
    /// The stored threads of some companies (by the thread's CIK, `""` for none), in thread order.
    fn company_threads(&self, companies: &[String]) -> Result<Vec<Thread>> {
        let want: std::collections::HashSet<&str> = companies.iter().map(String::as_str).collect();
        Ok(self.threads()?.into_iter().filter(|t| want.contains(company_key(t.cik.as_deref()))).collect())
    }
    /// Replaces the threads of `companies` (and their records and their documents' membership)
    /// by `threads`, leaving every other company's untouched, in one transaction, and records that
    /// they were built from the documents as of change counter `built_for`. A company whose stored
    /// threads were already built from a later (or the same) state is skipped: a slow rebuild never
    /// overwrites a newer one, which is what lets workers on many machines rebuild companies
    /// without a store-wide lock. Returns the companies replaced.
    ///
    /// The default (used by wrappers) merges with the other companies' threads and replaces all.
    fn replace_company_threads(
        &self,
        companies: &[String],
        built_for: u64,
        threads: &[Thread],
        reviews: &[ReviewRecord],
    ) -> Result<Vec<String>> {
        let _ = built_for;
        let want: std::collections::HashSet<&str> = companies.iter().map(String::as_str).collect();
        let mut all: Vec<Thread> =
            self.threads()?.into_iter().filter(|t| !want.contains(company_key(t.cik.as_deref()))).collect();
        let kept: std::collections::HashSet<&str> = all.iter().map(|t| t.id.as_str()).collect();
        let mut records: Vec<ReviewRecord> =
            self.reviews()?.into_iter().filter(|r| kept.contains(r.thread_id.as_str())).collect();
        drop(kept);
        all.extend(threads.iter().cloned());
        all.sort_by(thread_order);
        records.extend(reviews.iter().cloned());
        self.replace_threads(&all, &records)?;
        Ok(companies.to_vec())
    }
    /// Every company ([`company_key`]) with documents or threads, sorted: what a rebuild that goes
    /// one company at a time walks. As many entries as companies, not documents.
    fn companies(&self) -> Result<Vec<String>> {
        let mut all: Vec<String> = self
            .summaries()?
            .iter()
            .map(|d| company_key(d.edgar.cik.as_deref()).to_string())
            .chain(self.threads()?.iter().map(|t| company_key(t.cik.as_deref()).to_string()))
            .collect();
        all.sort();
        all.dedup();
        Ok(all)
    }
    /// Called after a rebuild replaced every company's threads ([`Store::companies`], read after
    /// the change counter was `built_for`) one company per [`Store::replace_company_threads`], each
    /// in its own transaction: marks the threads current ([`Store::threads_current`]) unless a
    /// document or release date was written since `built_for`. Returns whether it did. A rebuild
    /// stopped before this call leaves them not current, so the next ingest rebuilds. The default
    /// marks nothing (PostgreSQL keeps a mark per company, set by each replace).
    fn mark_threads_built(&self, built_for: u64) -> Result<bool> {
        let _ = built_for;
        Ok(false)
    }
    /// The comment–answer record of one thread, when one was stored.
    fn review(&self, thread_id: &str) -> Result<Option<ReviewRecord>>;
    /// Every thread's comment–answer record, in thread order.
    fn reviews(&self) -> Result<Vec<ReviewRecord>>;
    /// All threads, in [`thread_order`] (the grouping's order, in which they are always given to the
    /// replace methods; the stores list them by it, since companies are replaced one at a time).
    fn threads(&self) -> Result<Vec<Thread>>;
    /// Number of stored documents (failed ones included).
    fn count_documents(&self) -> Result<u64>;
    /// Number of stored threads.
    fn count_threads(&self) -> Result<u64> {
        Ok(self.threads()?.len() as u64)
    }
    /// Whether the stored threads were built after the last write to the documents and release
    /// dates, so that an ingest that stored nothing has nothing to rebuild (a re-ingest of an
    /// unchanged corpus reads no thread). False when the store cannot tell: then it rebuilds, which
    /// is always right. An ingest that stopped between storing documents and rebuilding leaves it
    /// false, so the next one rebuilds.
    fn threads_current(&self) -> Result<bool> {
        Ok(false)
    }
    /// The store's change counter: a number that grows with every committed write (a document
    /// stored, a release date, threads replaced), whichever process or connection made it, and
    /// stays the same when nothing was written. It is one cheap read, so a long-running reader
    /// (`serve`, with its caches and search index) can check it on each request or every second
    /// and refresh only when another writer (a CLI ingest into the same file) changed the store.
    /// Compare for inequality only: it says *that* something changed, not what.
    fn generation(&self) -> Result<u64>;
    /// Waits until [`Store::generation`] differs from `seen` or `timeout` has passed, and returns
    /// it. SQLite sleeps and reads; PostgreSQL wakes on a NOTIFY sent by every write (a wake-up
    /// only: the counter is the truth, so a lost notification costs at most `timeout`).
    fn wait_for_change(&self, seen: u64, timeout: std::time::Duration) -> Result<u64> {
        let g = self.generation()?;
        if g != seen {
            return Ok(g);
        }
        std::thread::sleep(timeout);
        self.generation()
    }
    /// The work table that ingest workers on many machines share, when the backend has one
    /// (PostgreSQL).
    fn work_queue(&self) -> Option<&dyn WorkQueue> {
        None
    }
}

/// One file for the ingest workers: its key (the path under the folder given) and what tells a
/// changed file from a done one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// The path under the folder the workers were given (the same on every machine).
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// The company the walk says the file is of (EDGAR's folder layout), when it says: a
    /// company's threads are rebuilt once none of its files is left ([`WorkQueue::company_done`]).
    pub cik: Option<String>,
}

/// A shared work table: each file is claimed by one worker at a time under a lease, and stored and
/// marked done in one transaction, so N workers on N machines do nothing twice and a worker killed
/// mid-document leaves it to be claimed again once its lease expires.
pub trait WorkQueue: Send + Sync {
    /// Adds files to do; a file already done with the same size and mtime stays done, a changed one
    /// is done again. Returns how many were added or reopened.
    fn enqueue(&self, items: &[WorkItem]) -> Result<usize>;
    /// Claims up to `n` files nobody holds (`SELECT ... FOR UPDATE SKIP LOCKED`), each leased to
    /// `worker` for `lease`.
    fn claim(&self, worker: &str, n: usize, lease: std::time::Duration) -> Result<Vec<String>>;
    /// Extends the lease of files `worker` still holds.
    fn renew(&self, worker: &str, keys: &[String], lease: std::time::Duration) -> Result<()>;
    /// Stores `doc` (when given) and marks the file done, in one transaction, if `worker` still
    /// holds it; `None` when its lease was lost to another worker (nothing is written).
    fn finish(
        &self,
        worker: &str,
        key: &str,
        doc: Option<&StoredDocument>,
        error: Option<&str>,
    ) -> Result<Option<Put>>;
    /// Files not done yet (pending or held).
    fn unfinished(&self) -> Result<u64>;
    /// `(done, claims)`: files done and claims made over them (more claims than files means
    /// some were taken again after a lease expired).
    fn progress(&self) -> Result<(u64, u64)>;
    /// Runs `f` while holding the store-wide lock `name` (other processes asking for it wait).
    fn exclusively(&self, name: &str, f: &mut dyn FnMut()) -> Result<()>;
    /// Whether none of the files not done yet may hold documents of `company` ([`company_key`]):
    /// none is queued under its CIK, and none under no CIK (such a file could be anyone's).
    fn company_done(&self, company: &str) -> Result<bool>;
    /// The companies ([`company_key`]) whose documents or release dates changed since their
    /// threads were last built ([`Store::replace_company_threads`]), or whose documents moved to
    /// another company; with `only`, among those.
    fn stale_companies(&self, only: Option<&[String]>) -> Result<Vec<String>>;
    /// Whether any company's threads are stale ([`WorkQueue::stale_companies`]).
    fn threads_stale(&self) -> Result<bool> {
        Ok(!self.stale_companies(None)?.is_empty())
    }
}

/// A boxed or shared store is a store: what [`open`] returns can be passed wherever `&impl Store`
/// or `&dyn Store` is taken.
macro_rules! forward_store {
    ($($ptr:ident),*) => {$(
        impl<S: Store + ?Sized> Store for $ptr<S> {
            fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()> {
                (**self).for_each_document(f)
            }
            fn document(&self, accession: &str) -> Result<Option<StoredDocument>> {
                (**self).document(accession)
            }
            fn set_release_date(&self, accession: &str, date: NaiveDate) -> Result<()> {
                (**self).set_release_date(accession, date)
            }
            fn put_document(&self, doc: &StoredDocument) -> Result<Put> {
                (**self).put_document(doc)
            }
            fn fingerprints(&self) -> Result<Vec<(String, String)>> {
                (**self).fingerprints()
            }
            fn has_fingerprint(&self, fingerprint: &str, accession: Option<&str>) -> Result<bool> {
                (**self).has_fingerprint(fingerprint, accession)
            }
            fn has_file_stamp(&self, stamp: &str) -> Result<bool> {
                (**self).has_file_stamp(stamp)
            }
            fn set_file_stamp(&self, fingerprint: &str, accession: Option<&str>, stamp: &str) -> Result<()> {
                (**self).set_file_stamp(fingerprint, accession, stamp)
            }
            fn summaries(&self) -> Result<Vec<LetterFacts>> {
                (**self).summaries()
            }
            fn failures(&self) -> Result<Vec<Failure>> {
                (**self).failures()
            }
            fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> Result<()> {
                (**self).replace_threads(threads, reviews)
            }
            fn company_summaries(&self, companies: &[String]) -> Result<Vec<LetterFacts>> {
                (**self).company_summaries(companies)
            }
            fn company_threads(&self, companies: &[String]) -> Result<Vec<Thread>> {
                (**self).company_threads(companies)
            }
            fn replace_company_threads(
                &self,
                companies: &[String],
                built_for: u64,
                threads: &[Thread],
                reviews: &[ReviewRecord],
            ) -> Result<Vec<String>> {
                (**self).replace_company_threads(companies, built_for, threads, reviews)
            }
            fn companies(&self) -> Result<Vec<String>> {
                (**self).companies()
            }
            fn mark_threads_built(&self, built_for: u64) -> Result<bool> {
                (**self).mark_threads_built(built_for)
            }
            fn review(&self, thread_id: &str) -> Result<Option<ReviewRecord>> {
                (**self).review(thread_id)
            }
            fn reviews(&self) -> Result<Vec<ReviewRecord>> {
                (**self).reviews()
            }
            fn threads(&self) -> Result<Vec<Thread>> {
                (**self).threads()
            }
            fn count_documents(&self) -> Result<u64> {
                (**self).count_documents()
            }
            fn count_threads(&self) -> Result<u64> {
                (**self).count_threads()
            }
            fn threads_current(&self) -> Result<bool> {
                (**self).threads_current()
            }
            fn generation(&self) -> Result<u64> {
                (**self).generation()
            }
            fn wait_for_change(&self, seen: u64, timeout: std::time::Duration) -> Result<u64> {
                (**self).wait_for_change(seen, timeout)
            }
            fn work_queue(&self) -> Option<&dyn WorkQueue> {
                (**self).work_queue()
            }
        }
    )*};
}

forward_store!(Box, Arc);
