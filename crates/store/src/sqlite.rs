//! The embedded SQLite backend.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use corresp_model::{EdgarFacts, Letter, LetterKind, Mark, ReviewRecord, SourceFormat, Text, Thread};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior, params};

use crate::{Error, Failure, HASH_KEY_PREFIX, LetterFacts, Put, Result, Store, StoredDocument};

/// Append-only: a released migration is never edited; a change is a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/001.sql"),
    include_str!("../migrations/sqlite/002.sql"),
    include_str!("../migrations/sqlite/003.sql"),
    include_str!("../migrations/sqlite/004.sql"),
    include_str!("../migrations/sqlite/005.sql"),
    include_str!("../migrations/sqlite/006.sql"),
    include_str!("../migrations/sqlite/007.sql"),
];

/// How long one statement waits for another connection's write lock (SQLite's busy handler)
/// before it reports SQLITE_BUSY.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many times a write transaction is tried when the store stays busy or locked past
/// [`BUSY_TIMEOUT`]; between tries it waits [`RETRY_BACKOFF`], doubling. With the busy timeout this
/// gives another writer about half a minute before a write gives up.
const WRITE_ATTEMPTS: u32 = 5;

/// The first wait between two tries of a write transaction.
const RETRY_BACKOFF: Duration = Duration::from_millis(100);

/// How many documents [`Store::for_each_document`] reads per lock: small enough to keep memory flat,
/// large enough that the lock is not taken per row.
const BATCH: i64 = 32;

/// A store in one SQLite file (or in memory, for tests).
///
/// One connection behind a mutex: SQLite has one writer at a time anyway, and ingest already
/// funnels its writes through one thread.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let open_err = |source| Error::Open { path: path.display().to_string(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        // First, so that even opening waits for another process that holds the file.
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL: readers (search, serve) never block the ingest's writer. synchronous=NORMAL is
        // durable against a killed process, which is the crash ingest must survive.
        // Switching a new file to WAL takes an exclusive lock for which SQLite does not always call
        // the busy handler (several processes opening a new store at once got "database is
        // locked" at once): tried again like a busy write.
        retry_busy(|| {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)
        })?;
        Self::setup(conn)
    }

    /// A private in-memory store.
    pub fn open_in_memory() -> Result<Self> {
        let conn =
            Connection::open_in_memory().map_err(|source| Error::Open { path: ":memory:".into(), source })?;
        Self::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        // Every statement of the ingest's per-document write and the thread rebuild stays prepared:
        // parsing the SQL again was 3 % of a DEV ingest's CPU.
        conn.set_prepared_statement_cache_capacity(64);
        let known = MIGRATIONS.len() as i64;
        let version: i64 = retry_busy(|| Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?))?;
        if version > known {
            return Err(Error::TooNew { found: version, known });
        }
        if version < known {
            // Under the write lock, reading the version again: two processes opening a new file at
            // once must not both run the same migration.
            retry_busy(|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if version > known {
                    return Err(Error::TooNew { found: version, known });
                }
                for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                    tx.execute_batch(sql)?;
                    tx.pragma_update(None, "user_version", i as i64 + 1)?;
                }
                tx.commit()?;
                Ok(())
            })?;
        }
        Ok(SqliteStore { conn: Mutex::new(conn) })
    }

    /// Runs `f` in one write transaction and commits it.
    ///
    /// The transaction is `BEGIN IMMEDIATE`: it takes the write lock before its first read. A
    /// deferred transaction that reads and then writes cannot wait for another writer (SQLite
    /// answers "database is locked" at once, since its snapshot may be stale), which is how a CLI
    /// ingest beside a running server used to fail. Taking the lock first lets the busy timeout
    /// wait, and a store still busy after it is tried again ([`WRITE_ATTEMPTS`], with backoff);
    /// the connection's mutex is released between tries so readers in this process go on.
    /// `f` must call [`bump`] when it writes anything.
    fn write<T>(&self, mut f: impl FnMut(&Transaction<'_>) -> Result<T>) -> Result<T> {
        retry_busy(|| {
            let mut conn = self.conn();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind (SQLite
        // rolls it back), so a poisoned lock is still safe to use.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Whether an error is another connection holding the database (busy or locked): worth a retry.
fn is_busy(e: &Error) -> bool {
    let db = match e {
        Error::Db(e) | Error::Open { source: e, .. } => e,
        _ => return false,
    };
    matches!(db.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// Runs `attempt` until it succeeds, fails with something other than busy/locked, or has been
/// tried [`WRITE_ATTEMPTS`] times, sleeping between tries (doubling from [`RETRY_BACKOFF`]).
fn retry_busy<T>(mut attempt: impl FnMut() -> Result<T>) -> Result<T> {
    let mut wait = RETRY_BACKOFF;
    for _ in 1..WRITE_ATTEMPTS {
        match attempt() {
            Err(e) if is_busy(&e) => {
                std::thread::sleep(wait);
                wait *= 2;
            }
            done => return done,
        }
    }
    attempt()
}

/// Bumps the store's change counter ([`Store::generation`]) inside a write transaction.
fn bump(tx: &Transaction<'_>) -> Result<()> {
    tx.prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'generation'")?.execute([])?;
    Ok(())
}

/// [`bump`] for a write to documents or release dates: also records the counter as the last such
/// write, which threads built from an older state are not current with ([`Store::threads_current`]).
fn bump_documents(tx: &Transaction<'_>) -> Result<()> {
    bump(tx)?;
    tx.prepare_cached(
        "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'generation') WHERE key = 'documents_written'",
    )?
    .execute([])?;
    Ok(())
}

/// The day a thread is listed by ([`crate::thread_order`]): its first letter's filing day, else its
/// date; `""` sorts first, as a thread without one does.
fn first_day(t: &Thread) -> String {
    t.letters.first().and_then(|l| l.filing_date.or(l.date)).map(|d| d.to_string()).unwrap_or_default()
}

/// Inserts one thread row with its record.
fn insert_thread(
    tx: &Transaction<'_>,
    position: usize,
    t: &Thread,
    review: Option<&ReviewRecord>,
) -> Result<()> {
    let mut put = tx.prepare_cached(
        "INSERT INTO thread (id, position, cik, company, status, record_json, review_json, first_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let status = if t.status == corresp_model::ThreadStatus::Complete { "complete" } else { "open" };
    put.execute(params![
        t.id,
        position as i64,
        t.cik,
        t.company,
        status,
        to_json(t),
        review.map(to_json),
        first_day(t)
    ])?;
    Ok(())
}

/// The columns of [`LetterFacts`], read from the covering index `document_company`.
const SUMMARY_SELECT: &str =
    "SELECT d.accession, d.cik, d.company, d.edgar_form, d.filing_date, d.accepted, r.day,
        d.kind, d.letter_date, d.filings_json, d.responds_to
     FROM document d LEFT JOIN release_date r ON r.accession = d.accession";

/// Rows of a [`SUMMARY_SELECT`] query, decoded.
fn summaries_of(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<LetterFacts>> {
    type Raw = (String, [Option<String>; 10]);
    let raws: Vec<Raw> = {
        let mut stmt = conn.prepare_cached(sql)?;
        stmt.query_map(params, |r| {
            let mut cols: [Option<String>; 10] = Default::default();
            for (i, c) in cols.iter_mut().enumerate() {
                *c = r.get(i + 1)?;
            }
            Ok((r.get(0)?, cols))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    raws.into_iter()
        .map(|(accession, cols)| {
            let [cik, company, form, filed, accepted, release, kind, date, filings, responds_to] = cols;
            Ok(LetterFacts {
                accession,
                edgar: edgar_facts(cik, company, form, filed, accepted, release)?,
                kind: kind.as_deref().and_then(LetterKind::from_name).unwrap_or_default(),
                date: day(date, "letter_date")?,
                filings: json(filings, "filings")?.unwrap_or_default(),
                responds_to: day(responds_to, "responds_to")?,
            })
        })
        .collect()
}

/// A set of companies ([`crate::company_key`]) as one SQL parameter, read back with
/// `IN (SELECT value FROM json_each(?))`: any number of them, without a statement per size.
fn company_list(companies: &[String]) -> String {
    to_json(&companies)
}

const DOC_COLUMNS: &str = "d.accession, d.cik, d.company, d.edgar_form, d.filing_date, d.accepted, r.day, \
     d.source_path, d.source_hash, d.fingerprint, d.text, d.marks_json, d.format, d.letter_json, d.error, d.thread_id";

pub(crate) fn day(s: Option<String>, what: &str) -> Result<Option<NaiveDate>> {
    s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| corrupt(what, e))).transpose()
}

pub(crate) fn time(s: Option<String>) -> Result<Option<NaiveDateTime>> {
    s.map(|s| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S").map_err(|e| corrupt("accepted", e)))
        .transpose()
}

/// EDGAR's facts from their six text columns, as both backends store them.
pub(crate) fn edgar_facts(
    cik: Option<String>,
    company: Option<String>,
    form: Option<String>,
    filed: Option<String>,
    accepted: Option<String>,
    release: Option<String>,
) -> Result<EdgarFacts> {
    Ok(EdgarFacts {
        cik,
        company,
        form,
        filing_date: day(filed, "filing_date")?,
        accepted: time(accepted)?,
        release_date: day(release, "release_date")?,
    })
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Corrupt { what: format!("{what}: {e}") }
}

pub(crate) fn json<T: serde::de::DeserializeOwned>(s: Option<String>, what: &str) -> Result<Option<T>> {
    s.map(|s| serde_json::from_str(&s).map_err(|e| corrupt(what, e))).transpose()
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    // Model types serialise to JSON without fail: plain structs, string keys.
    serde_json::to_string(v).expect("model types serialise")
}

pub(crate) fn format_name(f: SourceFormat) -> &'static str {
    match f {
        SourceFormat::Pdf => "pdf",
        SourceFormat::Html => "html",
        SourceFormat::Text => "text",
    }
}

pub(crate) fn format_of(s: Option<&str>) -> SourceFormat {
    match s {
        Some("pdf") => SourceFormat::Pdf,
        Some("html") => SourceFormat::Html,
        _ => SourceFormat::Text,
    }
}

/// The raw columns of one document row; decoded outside the row callback so errors keep their kind.
struct RawDoc {
    cols: [Option<String>; 16],
}

fn raw_doc(row: &Row<'_>) -> rusqlite::Result<RawDoc> {
    let mut cols: [Option<String>; 16] = Default::default();
    for (i, c) in cols.iter_mut().enumerate() {
        *c = row.get(i)?;
    }
    Ok(RawDoc { cols })
}

impl RawDoc {
    fn decode(self) -> Result<StoredDocument> {
        let [
            acc,
            cik,
            company,
            form,
            filed,
            accepted,
            release,
            path,
            hash,
            fp,
            text,
            marks,
            format,
            letter,
            error,
            thread,
        ] = self.cols;
        let marks: Vec<Mark> = json(marks, "marks")?.unwrap_or_default();
        let letter: Letter = json(letter, "letter")?.unwrap_or_default();
        Ok(StoredDocument {
            accession: acc.unwrap_or_default(),
            edgar: edgar_facts(cik, company, form, filed, accepted, release)?,
            source_path: path,
            source_hash: hash.unwrap_or_default(),
            fingerprint: fp.unwrap_or_default(),
            text: Text {
                text: text.unwrap_or_default(),
                marks,
                format: format_of(format.as_deref()),
                tables: Vec::new(),
            },
            letter,
            error,
            thread_id: thread,
            // Only ingest asks for it, through `has_file_stamp`.
            file_stamp: None,
        })
    }
}

/// [`Store::put_document`] inside its write transaction.
fn put_document(tx: &Transaction<'_>, doc: &StoredDocument) -> Result<Put> {
    let before: Option<(String, Option<String>)> = tx
        .prepare_cached("SELECT fingerprint, error FROM document WHERE accession = ?1")?
        .query_row([&doc.accession], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut put = match &before {
        Some((fp, err)) if *fp == doc.fingerprint && *err == doc.error => {
            if let Some(stamp) = doc.file_stamp.as_deref().filter(|_| doc.error.is_none()) {
                set_file_stamp(tx, &doc.fingerprint, Some(&doc.accession), stamp)?;
            }
            return Ok(Put::Unchanged);
        }
        Some(_) => Put::Replaced,
        None => Put::Inserted,
    };
    if let Some(path) = doc.source_path.as_ref().filter(|_| doc.accession.starts_with(HASH_KEY_PREFIX)) {
        let gone = tx.execute(
            "DELETE FROM document WHERE source_path = ?1 AND accession LIKE 'sha256:%' AND accession <> ?2",
            params![path, doc.accession],
        )?;
        if gone > 0 && put == Put::Inserted {
            put = Put::Replaced;
        }
    }
    let readable = doc.error.is_none();
    let l = &doc.letter;
    tx.prepare_cached(
        "INSERT INTO document (accession, cik, company, edgar_form, filing_date, accepted, source_path,
                 source_hash, fingerprint, text, marks_json, format, letter_json, kind, letter_date,
                 responds_to, filings_json, error, file_stamp, thread_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, (SELECT thread_id FROM document WHERE accession = ?1))
             ON CONFLICT (accession) DO UPDATE SET cik = excluded.cik, company = excluded.company,
                 edgar_form = excluded.edgar_form, filing_date = excluded.filing_date,
                 accepted = excluded.accepted, source_path = excluded.source_path,
                 source_hash = excluded.source_hash, fingerprint = excluded.fingerprint,
                 text = excluded.text, marks_json = excluded.marks_json, format = excluded.format,
                 letter_json = excluded.letter_json, kind = excluded.kind,
                 letter_date = excluded.letter_date, responds_to = excluded.responds_to,
                 filings_json = excluded.filings_json, error = excluded.error,
                 file_stamp = excluded.file_stamp",
    )?
    .execute(params![
        doc.accession,
        doc.edgar.cik,
        doc.edgar.company,
        doc.edgar.form,
        doc.edgar.filing_date.map(|d| d.to_string()),
        doc.edgar.accepted.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        doc.source_path,
        doc.source_hash,
        doc.fingerprint,
        readable.then_some(&doc.text.text),
        readable.then(|| to_json(&doc.text.marks)),
        readable.then(|| format_name(doc.text.format)),
        readable.then(|| to_json(l)),
        readable.then(|| l.kind.as_str()),
        l.date.filter(|_| readable).map(|d| d.to_string()),
        l.responds_to.filter(|_| readable).map(|d| d.to_string()),
        readable.then(|| to_json(&l.filings)),
        doc.error,
        doc.file_stamp.as_deref().filter(|_| readable),
    ])?;
    bump_documents(tx)?;
    Ok(put)
}

/// [`Store::set_file_stamp`] inside a write transaction. Not a change of the store's content: no
/// counter is bumped, so threads and index stay current.
fn set_file_stamp(
    tx: &Transaction<'_>,
    fingerprint: &str,
    accession: Option<&str>,
    stamp: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE document SET file_stamp = ?3
         WHERE fingerprint = ?1 AND (?2 IS NULL OR accession = ?2) AND error IS NULL
           AND file_stamp IS NOT ?3",
    )?
    .execute(params![fingerprint, accession, stamp])?;
    Ok(())
}

/// [`Store::replace_threads`] inside its write transaction.
fn replace_threads(tx: &Transaction<'_>, threads: &[Thread], reviews: &[ReviewRecord]) -> Result<()> {
    let review_of: std::collections::HashMap<&str, &ReviewRecord> =
        reviews.iter().map(|r| (r.thread_id.as_str(), r)).collect();
    tx.execute("DELETE FROM thread", [])?;
    for (i, t) in threads.iter().enumerate() {
        insert_thread(tx, i, t, review_of.get(t.id.as_str()).copied())?;
    }
    // Membership: only the documents whose thread changed are written. Updating a column rewrites
    // the whole row, text included, so setting every document's thread again rewrote the whole
    // database on each ingest (most of a re-ingest with nothing changed).
    let mut member: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for t in threads {
        for l in &t.letters {
            member.insert(l.accession.as_str(), t.id.as_str());
        }
    }
    let current: Vec<(String, Option<String>)> = {
        let mut st = tx.prepare("SELECT accession, thread_id FROM document")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let mut set = tx.prepare("UPDATE document SET thread_id = ?1 WHERE accession = ?2")?;
    for (accession, now) in &current {
        let want = member.get(accession.as_str()).copied();
        if now.as_deref() != want {
            set.execute(params![want, accession])?;
        }
    }
    drop(set);
    // Threads given whole are not a rebuild from the documents: not current until one.
    tx.execute("DELETE FROM meta WHERE key = 'threads_built'", [])?;
    bump(tx)
}

impl Store for SqliteStore {
    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM document d LEFT JOIN release_date r ON r.accession = d.accession
             WHERE d.error IS NULL AND COALESCE(d.filing_date, '') >= ?1
               AND (COALESCE(d.filing_date, ''), d.accession) > (?1, ?2)
             ORDER BY COALESCE(d.filing_date, ''), d.accession LIMIT {BATCH}"
        );
        let (mut after_day, mut after_acc) = (String::new(), String::new());
        loop {
            let batch: Vec<RawDoc> = {
                let conn = self.conn();
                let mut stmt = conn.prepare_cached(&sql)?;
                stmt.query_map(params![after_day, after_acc], raw_doc)?.collect::<rusqlite::Result<_>>()?
            };
            if batch.is_empty() {
                return Ok(());
            }
            for raw in batch {
                let doc = raw.decode()?;
                after_day = doc.edgar.filing_date.map(|d| d.to_string()).unwrap_or_default();
                after_acc = doc.accession.clone();
                f(doc)?;
            }
        }
    }

    fn document(&self, accession: &str) -> Result<Option<StoredDocument>> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM document d LEFT JOIN release_date r ON r.accession = d.accession
             WHERE d.accession = ?1"
        );
        let raw = self.conn().prepare_cached(&sql)?.query_row([accession], raw_doc).optional()?;
        raw.map(RawDoc::decode).transpose()
    }

    fn set_release_date(&self, accession: &str, date: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO release_date (accession, day) VALUES (?1, ?2)
                 ON CONFLICT (accession) DO UPDATE SET day = excluded.day",
                params![accession, date.to_string()],
            )?;
            bump_documents(tx)
        })
    }

    fn put_document(&self, doc: &StoredDocument) -> Result<Put> {
        self.write(|tx| put_document(tx, doc))
    }
    fn fingerprints(&self) -> Result<Vec<(String, String)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT accession, fingerprint FROM document WHERE error IS NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// By accession from the covering index `document_fingerprints`; a loose file (no accession)
    /// by its fingerprint (index `document_fingerprint`, then the row).
    fn has_fingerprint(&self, fingerprint: &str, accession: Option<&str>) -> Result<bool> {
        let conn = self.conn();
        let found = match accession {
            Some(a) => conn
                .prepare_cached(
                    // The planner would take the primary key and read the row for `error`, which
                    // sits after the text: every letter's overflow pages on a re-ingest.
                    "SELECT 1 FROM document INDEXED BY document_fingerprints
                     WHERE accession = ?1 AND fingerprint = ?2 AND error IS NULL",
                )?
                .exists(params![a, fingerprint])?,
            None => conn
                .prepare_cached("SELECT 1 FROM document WHERE fingerprint = ?1 AND error IS NULL")?
                .exists([fingerprint])?,
        };
        Ok(found)
    }

    /// From the partial index `document_file_stamp` alone: only readable documents have a stamp.
    fn has_file_stamp(&self, stamp: &str) -> Result<bool> {
        let conn = self.conn();
        Ok(conn.prepare_cached("SELECT 1 FROM document WHERE file_stamp = ?1")?.exists([stamp])?)
    }

    fn set_file_stamp(&self, fingerprint: &str, accession: Option<&str>, stamp: &str) -> Result<()> {
        self.write(|tx| set_file_stamp(tx, fingerprint, accession, stamp))
    }

    fn summaries(&self) -> Result<Vec<LetterFacts>> {
        let sql = format!("{SUMMARY_SELECT} ORDER BY COALESCE(d.filing_date, ''), d.accession");
        summaries_of(&self.conn(), &sql, [])
    }

    /// From the index `document_company`: the store's size does not matter, only the companies'.
    fn company_summaries(&self, companies: &[String]) -> Result<Vec<LetterFacts>> {
        let sql = format!(
            "{SUMMARY_SELECT} WHERE COALESCE(d.cik, '') IN (SELECT value FROM json_each(?1))
             ORDER BY COALESCE(d.filing_date, ''), d.accession"
        );
        summaries_of(&self.conn(), &sql, [company_list(companies)])
    }

    fn company_threads(&self, companies: &[String]) -> Result<Vec<Thread>> {
        let raws: Vec<String> = {
            let conn = self.conn();
            let mut stmt = conn.prepare_cached(
                "SELECT record_json FROM thread WHERE COALESCE(cik, '') IN (SELECT value FROM json_each(?1))
                 ORDER BY first_day, id",
            )?;
            stmt.query_map([company_list(companies)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let mut threads: Vec<Thread> = raws
            .into_iter()
            .map(|s| serde_json::from_str(&s).map_err(|e| corrupt("thread", e)))
            .collect::<Result<_>>()?;
        // Release dates may arrive after the threads were built: read them fresh, letter by letter.
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT day FROM release_date WHERE accession = ?1")?;
        for l in threads.iter_mut().flat_map(|t| t.letters.iter_mut()) {
            let d: Option<String> = stmt.query_row([&l.accession], |r| r.get(0)).optional()?;
            if d.is_some() {
                l.release_date = day(d, "release_date")?;
            }
        }
        Ok(threads)
    }

    /// Every company with documents or threads, from the indexes `document_company` and
    /// `thread_company`.
    fn companies(&self) -> Result<Vec<String>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT COALESCE(cik, '') FROM document UNION SELECT COALESCE(cik, '') FROM thread ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn failures(&self) -> Result<Vec<Failure>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT accession, source_path, error FROM document WHERE error IS NOT NULL ORDER BY accession",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Failure { accession: r.get(0)?, source_path: r.get(1)?, error: r.get(2)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> Result<()> {
        self.write(|tx| replace_threads(tx, threads, reviews))
    }

    /// Only the companies' rows are read and written: their threads are deleted and `threads`
    /// (those of these companies) inserted, and of their documents only those whose thread changed
    /// are written. The threads are current afterwards ([`Store::threads_current`]) when they cover
    /// every company with documents and nothing was written to the documents since `built_for`; a
    /// rebuild that goes one company at a time marks them with [`Store::mark_threads_built`].
    fn replace_company_threads(
        &self,
        companies: &[String],
        built_for: u64,
        threads: &[Thread],
        reviews: &[ReviewRecord],
    ) -> Result<Vec<String>> {
        let mut companies = companies.to_vec();
        companies.sort();
        companies.dedup();
        let want: std::collections::HashSet<&str> = companies.iter().map(String::as_str).collect();
        let list = company_list(&companies);
        let review_of: std::collections::HashMap<&str, &ReviewRecord> =
            reviews.iter().map(|r| (r.thread_id.as_str(), r)).collect();
        self.write(|tx| {
            let others: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM document
                                WHERE COALESCE(cik, '') NOT IN (SELECT value FROM json_each(?1)))",
                [&list],
                |r| r.get(0),
            )?;
            // The companies' documents in their old threads, by accession: what membership was.
            let mut was: std::collections::HashMap<String, String> = std::collections::HashMap::new();
            {
                let mut ids = tx.prepare_cached(
                    "SELECT id FROM thread WHERE COALESCE(cik, '') IN (SELECT value FROM json_each(?1))",
                )?;
                let old: Vec<String> = ids.query_map([&list], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                let mut members = tx.prepare_cached("SELECT accession FROM document WHERE thread_id = ?1")?;
                for id in old {
                    for acc in members.query_map([&id], |r| r.get::<_, String>(0))? {
                        was.insert(acc?, id.clone());
                    }
                }
            }
            tx.execute("DELETE FROM thread WHERE COALESCE(cik, '') IN (SELECT value FROM json_each(?1))", [&list])?;
            let mut set = tx.prepare_cached("UPDATE document SET thread_id = ?1 WHERE accession = ?2")?;
            for (i, t) in threads.iter().enumerate() {
                if !want.contains(crate::company_key(t.cik.as_deref())) {
                    continue;
                }
                insert_thread(tx, i, t, review_of.get(t.id.as_str()).copied())?;
                for l in &t.letters {
                    if was.remove(&l.accession).as_deref() != Some(t.id.as_str()) {
                        set.execute(params![t.id, l.accession])?;
                    }
                }
            }
            // Documents in none of the new threads leave the old one (a document another company's
            // rebuild already took keeps its new thread).
            let mut leave =
                tx.prepare_cached("UPDATE document SET thread_id = NULL WHERE accession = ?1 AND thread_id = ?2")?;
            for (acc, id) in &was {
                leave.execute(params![acc, id])?;
            }
            bump(tx)?;
            let written: i64 =
                tx.query_row("SELECT value FROM meta WHERE key = 'documents_written'", [], |r| r.get(0))?;
            let mark = if !others && written as u64 <= built_for {
                "INSERT OR REPLACE INTO meta (key, value) SELECT 'threads_built', value FROM meta WHERE key = 'generation'"
            } else {
                "DELETE FROM meta WHERE key = 'threads_built'"
            };
            tx.execute(mark, [])?;
            Ok(companies.clone())
        })
    }

    fn mark_threads_built(&self, built_for: u64) -> Result<bool> {
        self.write(|tx| {
            let written: i64 =
                tx.query_row("SELECT value FROM meta WHERE key = 'documents_written'", [], |r| r.get(0))?;
            if written as u64 > built_for {
                return Ok(false);
            }
            // Not a write to the documents or the threads: the counter stays, so a reader's caches
            // stay valid.
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) SELECT 'threads_built', value FROM meta WHERE key = 'generation'",
                [],
            )?;
            Ok(true)
        })
    }

    fn review(&self, thread_id: &str) -> Result<Option<ReviewRecord>> {
        let raw: Option<Option<String>> = self
            .conn()
            .query_row("SELECT review_json FROM thread WHERE id = ?1", [thread_id], |r| r.get(0))
            .optional()?;
        json(raw.flatten(), "review")
    }

    fn reviews(&self) -> Result<Vec<ReviewRecord>> {
        let raws: Vec<String> = {
            let conn = self.conn();
            let mut stmt = conn.prepare(
                "SELECT review_json FROM thread WHERE review_json IS NOT NULL ORDER BY first_day, id",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        raws.into_iter().map(|s| serde_json::from_str(&s).map_err(|e| corrupt("review", e))).collect()
    }

    fn threads(&self) -> Result<Vec<Thread>> {
        let raws: Vec<String> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT record_json FROM thread ORDER BY first_day, id")?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let mut threads: Vec<Thread> = raws
            .into_iter()
            .map(|s| serde_json::from_str(&s).map_err(|e| corrupt("thread", e)))
            .collect::<Result<_>>()?;
        // Release dates may arrive after the threads were built: read them fresh.
        let released: std::collections::HashMap<String, String> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT accession, day FROM release_date")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
        };
        for l in threads.iter_mut().flat_map(|t| t.letters.iter_mut()) {
            if let Some(d) = released.get(&l.accession) {
                l.release_date = day(Some(d.clone()), "release_date")?;
            }
        }
        Ok(threads)
    }

    fn count_documents(&self) -> Result<u64> {
        let n: i64 = self.conn().query_row("SELECT COUNT(*) FROM document", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn generation(&self) -> Result<u64> {
        let n: i64 =
            self.conn().query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn count_threads(&self) -> Result<u64> {
        let n: i64 = self.conn().query_row("SELECT COUNT(*) FROM thread", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn threads_current(&self) -> Result<bool> {
        let current: bool = self.conn().query_row(
            "SELECT COALESCE((SELECT value FROM meta WHERE key = 'threads_built')
                            >= (SELECT value FROM meta WHERE key = 'documents_written'), 0)",
            [],
            |r| r.get(0),
        )?;
        Ok(current)
    }
}
