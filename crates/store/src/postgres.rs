//! The PostgreSQL backend: the same store on a shared server.
//!
//! A bounded pool of connections (each with a connect timeout, a statement timeout and a lock
//! timeout), one transaction per document as in SQLite, and the change counter in `meta`, bumped
//! as the last statement of every write transaction: its row lock orders the commits, so the
//! `seq` written beside each row follows commit order, and every commit sends a NOTIFY on
//! [`CHANNEL`] that wakes followers ([`Store::wait_for_change`]).
//!
//! TLS: with `sslmode=require` in the URL every connection is encrypted and the server's
//! certificate is verified (name and chain) against the Mozilla roots and, when `$PGSSLROOTCERT`
//! names a PEM file ([`PgOptions::ca_file`]), the CA certificates in it (a team's own CA). That is stricter than libpq's
//! `require` (its `verify-full`), which the driver's URL grammar lacks. `disable` and the default
//! `prefer` connect without TLS.

use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDate;
use corresp_model::{EdgarFacts, LetterKind, Mark, ReviewRecord, Text, Thread};
use postgres::config::SslMode;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls, Row, Transaction};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::sqlite::{corrupt, day, edgar_facts, format_name, format_of, json, to_json};
use crate::{
    Error, Failure, HASH_KEY_PREFIX, LetterFacts, Put, Result, Store, StoredDocument, WorkItem, WorkQueue,
    company_key,
};

/// Append-only, like SQLite's.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/001.sql"),
    include_str!("../migrations/postgres/002.sql"),
    include_str!("../migrations/postgres/003.sql"),
];

/// The NOTIFY channel every write transaction signals on commit.
pub const CHANNEL: &str = "corresp_change";

/// Key of the advisory lock under which migrations run (two processes opening a new database).
const MIGRATION_LOCK: i64 = 0x636f_7272_0001;

/// How many times a write transaction is tried after a deadlock, a serialisation failure or a
/// dropped connection; between tries it waits 100 ms, doubling.
const WRITE_ATTEMPTS: u32 = 5;

/// How many documents [`Store::for_each_document`] reads per query.
const BATCH: i64 = 32;

/// Bounds of a PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Connections kept open at most (at least 2: a worker holds a lock on one while it writes on
    /// another).
    pub pool: usize,
    /// How long connecting may take (unless the URL sets `connect_timeout`).
    pub connect_timeout: Duration,
    /// The longest one statement may run.
    pub statement_timeout: Duration,
    /// The longest a statement waits for a row or table lock.
    pub lock_timeout: Duration,
    /// PEM certificates of the authorities a TLS server's certificate may chain to, besides the
    /// Mozilla roots (a team's own CA); by default the file `$PGSSLROOTCERT` names, as libpq.
    pub ca_file: Option<std::path::PathBuf>,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            pool: 4,
            connect_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(120),
            lock_timeout: Duration::from_secs(60),
            ca_file: std::env::var_os("PGSSLROOTCERT").map(std::path::PathBuf::from),
        }
    }
}

/// Whether a `--db` value is a PostgreSQL URL.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The URL with its password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, host) = match rest.rfind('@') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// A TLS connector that verifies the server against the Mozilla roots and the PEM certificates in
/// `ca_file` (a team's own certificate authority).
fn tls_connector(ca_file: Option<&std::path::Path>) -> std::result::Result<MakeRustlsConnect, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = ca_file {
        let shown = path.display();
        // A bundle of every public CA is about 200 KiB; a file far larger is a mistake.
        const MAX_CA_FILE: u64 = 4 << 20;
        let size = std::fs::metadata(path).map_err(|e| format!("CA file {shown}: {e}"))?.len();
        if size > MAX_CA_FILE {
            return Err(format!(
                "CA file {shown}: {size} bytes, more than the {} MiB a CA file may hold",
                MAX_CA_FILE >> 20
            ));
        }
        let mut added = 0;
        for cert in CertificateDer::pem_file_iter(path).map_err(|e| format!("CA file {shown}: {e}"))? {
            let cert = cert.map_err(|e| format!("CA file {shown}: {e}"))?;
            roots.add(cert).map_err(|e| format!("CA file {shown}: {e}"))?;
            added += 1;
        }
        if added == 0 {
            return Err(format!("CA file {shown}: no PEM certificate in it"));
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The first line of an error and its causes, without the driver's newlines.
fn one_line(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let line = c.to_string();
        if !s.contains(&line) {
            s.push_str(": ");
            s.push_str(&line);
        }
        cause = c.source();
    }
    s.replace('\n', " ")
}

/// A bounded pool: connections are made on first use and again after one broke.
struct Pool {
    config: Config,
    /// The TLS connector when the URL requires TLS.
    tls: Option<MakeRustlsConnect>,
    url: String,
    slots: Vec<Mutex<Option<Client>>>,
    next: AtomicUsize,
}

struct Conn<'a>(MutexGuard<'a, Option<Client>>);

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.0.as_ref().expect("a pooled connection is connected")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.0.as_mut().expect("a pooled connection is connected")
    }
}

impl Pool {
    fn connect(&self) -> Result<Client> {
        match &self.tls {
            Some(tls) => self.config.connect(tls.clone()),
            None => self.config.connect(NoTls),
        }
        .map_err(|e| Error::Connect { url: self.url.clone(), message: one_line(&e) })
    }

    /// A free connection, else waits for whichever is freed first.
    fn get(&self) -> Result<Conn<'_>> {
        let n = self.slots.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        let mut slot = loop {
            let free = (0..n).find_map(|i| match self.slots[(start + i) % n].try_lock() {
                Ok(g) => Some(g),
                // A panic while holding a connection leaves at worst a transaction the server
                // rolls back.
                Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            });
            match free {
                Some(g) => break g,
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        };
        if slot.as_ref().is_none_or(|c| c.is_closed()) {
            *slot = Some(self.connect()?);
        }
        Ok(Conn(slot))
    }
}

/// A store on a PostgreSQL server.
pub struct PostgresStore {
    pool: Pool,
    /// The connection that LISTENs, apart from the pool.
    listener: Mutex<Option<Client>>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").field("url", &self.pool.url).finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to the server at `url` (`postgres://user[:password]@host[:port]/database`) and
    /// brings the schema up to date. A bad URL or an unreachable server is one line naming the URL
    /// (without its password).
    pub fn connect(url: &str, opts: &PgOptions) -> Result<Self> {
        let shown = redact(url);
        let mut config = Config::from_str(url).map_err(|e| Error::Connect {
            url: shown.clone(),
            message: format!("not a PostgreSQL URL: {}", one_line(&e)),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(opts.connect_timeout);
        }
        config.application_name("corresp");
        config.options(&format!(
            "-c statement_timeout={} -c lock_timeout={} -c idle_in_transaction_session_timeout=600000",
            opts.statement_timeout.as_millis(),
            opts.lock_timeout.as_millis()
        ));
        let tls = match config.get_ssl_mode() {
            SslMode::Disable | SslMode::Prefer => None,
            _ => Some(
                tls_connector(opts.ca_file.as_deref())
                    .map_err(|message| Error::Connect { url: shown.clone(), message })?,
            ),
        };
        let pool = Pool {
            config,
            tls,
            url: shown,
            slots: (0..opts.pool.max(2)).map(|_| Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
        };
        let store = PostgresStore { pool, listener: Mutex::new(None) };
        store.migrate()?;
        Ok(store)
    }

    /// The URL, password removed.
    pub fn url(&self) -> &str {
        &self.pool.url
    }

    fn migrate(&self) -> Result<()> {
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS corresp_schema (version integer NOT NULL)")?;
        let version: i32 = match tx.query_opt("SELECT version FROM corresp_schema", &[])? {
            Some(r) => r.get(0),
            None => {
                tx.execute("INSERT INTO corresp_schema (version) VALUES (0)", &[])?;
                0
            }
        };
        let known = MIGRATIONS.len() as i32;
        if version > known {
            return Err(Error::TooNew { found: version.into(), known: known.into() });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql)?;
            tx.execute("UPDATE corresp_schema SET version = $1", &[&(i as i32 + 1)])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` in one transaction and commits it, trying again (with backoff) after a deadlock, a
    /// serialisation failure or a lost connection. `f` must call [`bump`] last when it writes.
    fn write<T>(&self, mut f: impl FnMut(&mut Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut wait = Duration::from_millis(100);
        let mut attempt = 1;
        loop {
            let done = (|| {
                let mut c = self.pool.get()?;
                let mut tx = c.transaction()?;
                let v = f(&mut tx)?;
                tx.commit()?;
                Ok(v)
            })();
            match done {
                Err(e) if attempt < WRITE_ATTEMPTS && retryable(&e) => {
                    std::thread::sleep(wait);
                    wait *= 2;
                    attempt += 1;
                }
                done => return done,
            }
        }
    }

    fn read<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut c = self.pool.get()?;
        f(&mut c)
    }
}

/// Worth another try: a deadlock, a serialisation failure, or a connection that broke.
fn retryable(e: &Error) -> bool {
    match e {
        Error::Pg(e) => {
            e.is_closed()
                || e.code().is_some_and(|c| {
                    *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
                        || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
                })
        }
        Error::Connect { .. } => true,
        _ => false,
    }
}

/// Bumps the change counter (taking its row lock until commit, which orders commits) and signals
/// followers; returns the new value, for the `seq` of the rows written.
fn bump(tx: &mut Transaction<'_>) -> Result<i64> {
    let g: i64 = tx
        .query_one("UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value", &[])?
        .get(0);
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &g.to_string()])?;
    Ok(g)
}

const DOC_COLUMNS: &str = "d.accession, d.cik, d.company, d.edgar_form, d.filing_date, d.accepted, r.day, \
     d.source_path, d.source_hash, d.fingerprint, d.text, d.marks_json, d.format, d.letter_json, d.error, d.thread_id";

fn decode(row: &Row) -> Result<StoredDocument> {
    let s = |i: usize| -> Option<String> { row.get(i) };
    let text: Option<Vec<u8>> = row.get(10);
    let text =
        text.map(|b| String::from_utf8(b).map_err(|e| corrupt("text", e))).transpose()?.unwrap_or_default();
    let marks: Vec<Mark> = json(s(11), "marks")?.unwrap_or_default();
    Ok(StoredDocument {
        accession: s(0).unwrap_or_default(),
        edgar: edgar_of(row)?,
        source_path: s(7),
        source_hash: s(8).unwrap_or_default(),
        fingerprint: s(9).unwrap_or_default(),
        text: {
            let mut t = Text::plain(text);
            t.marks = marks;
            t.format = format_of(s(12).as_deref());
            t
        },
        letter: json(s(13), "letter")?.unwrap_or_default(),
        error: s(14),
        thread_id: s(15),
        // Only ingest asks for it, through `has_file_stamp`.
        file_stamp: None,
    })
}

/// [`Store::put_document`] inside a write transaction.
fn put_document(tx: &mut Transaction<'_>, doc: &StoredDocument) -> Result<Put> {
    let before = tx.query_opt(
        "SELECT fingerprint, error, COALESCE(cik, '') FROM document WHERE accession = $1 FOR UPDATE",
        &[&doc.accession],
    )?;
    // Companies a document leaves (its CIK changed, a loose file replaced): stale after this write.
    let mut left: Vec<String> = Vec::new();
    let mut put = match before {
        Some(r) if r.get::<_, String>(0) == doc.fingerprint && r.get::<_, Option<String>>(1) == doc.error => {
            if let Some(stamp) = doc.file_stamp.as_deref().filter(|_| doc.error.is_none()) {
                set_file_stamp(tx, &doc.fingerprint, Some(&doc.accession), stamp)?;
            }
            return Ok(Put::Unchanged);
        }
        Some(r) => {
            left.push(r.get(2));
            Put::Replaced
        }
        None => Put::Inserted,
    };
    if let Some(path) = doc.source_path.as_ref().filter(|_| doc.accession.starts_with(HASH_KEY_PREFIX)) {
        let gone = tx.query(
            "DELETE FROM document WHERE source_path = $1 AND accession LIKE 'sha256:%' AND accession <> $2
             RETURNING COALESCE(cik, '')",
            &[path, &doc.accession],
        )?;
        left.extend(gone.iter().map(|r| r.get::<_, String>(0)));
        let gone = gone.len();
        if gone > 0 && put == Put::Inserted {
            put = Put::Replaced;
        }
    }
    let readable = doc.error.is_none();
    let l = &doc.letter;
    let text = readable.then_some(doc.text.text.as_bytes());
    tx.execute(
        "INSERT INTO document (accession, cik, company, edgar_form, filing_date, accepted, source_path,
                 source_hash, fingerprint, text, marks_json, format, letter_json, kind, letter_date,
                 responds_to, filings_json, error, file_stamp)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19)
             ON CONFLICT (accession) DO UPDATE SET cik = excluded.cik, company = excluded.company,
                 edgar_form = excluded.edgar_form, filing_date = excluded.filing_date,
                 accepted = excluded.accepted, source_path = excluded.source_path,
                 source_hash = excluded.source_hash, fingerprint = excluded.fingerprint,
                 text = excluded.text, marks_json = excluded.marks_json, format = excluded.format,
                 letter_json = excluded.letter_json, kind = excluded.kind,
                 letter_date = excluded.letter_date, responds_to = excluded.responds_to,
                 filings_json = excluded.filings_json, error = excluded.error,
                 file_stamp = excluded.file_stamp",
        &[
            &doc.accession,
            &doc.edgar.cik,
            &doc.edgar.company,
            &doc.edgar.form,
            &doc.edgar.filing_date.map(|d| d.to_string()),
            &doc.edgar.accepted.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            &doc.source_path,
            &doc.source_hash,
            &doc.fingerprint,
            &text,
            &readable.then(|| to_json(&doc.text.marks)),
            &readable.then(|| format_name(doc.text.format)),
            &readable.then(|| to_json(l)),
            &readable.then(|| l.kind.as_str()),
            &l.date.filter(|_| readable).map(|d| d.to_string()),
            &l.responds_to.filter(|_| readable).map(|d| d.to_string()),
            &readable.then(|| to_json(&l.filings)),
            &doc.error,
            &doc.file_stamp.as_deref().filter(|_| readable),
        ],
    )?;
    let g = bump(tx)?;
    tx.execute("UPDATE document SET seq = $1 WHERE accession = $2", &[&g, &doc.accession])?;
    left.retain(|c| c != company_key(doc.edgar.cik.as_deref()));
    if !left.is_empty() {
        // Rare (a document moving between companies): the row lock taken here after the counter's
        // may deadlock with a rebuild, which the write's retry settles.
        tx.execute(
            "INSERT INTO company_threads (cik, moved) SELECT unnest($1::text[]), $2
             ON CONFLICT (cik) DO UPDATE SET moved = GREATEST(company_threads.moved, excluded.moved)",
            &[&left, &g],
        )?;
    }
    Ok(put)
}

/// [`Store::set_file_stamp`] inside a write transaction: no counter is bumped (nothing a reader
/// sees changes).
fn set_file_stamp(
    tx: &mut Transaction<'_>,
    fingerprint: &str,
    accession: Option<&str>,
    stamp: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE document SET file_stamp = $3
         WHERE fingerprint = $1 AND ($2::text IS NULL OR accession = $2) AND error IS NULL
           AND file_stamp IS DISTINCT FROM $3",
        &[&fingerprint, &accession, &stamp],
    )?;
    Ok(())
}

const SUMMARY_SELECT: &str = "SELECT d.accession, d.cik, d.company, d.edgar_form, d.filing_date, d.accepted, \
     r.day, d.kind, d.letter_date, d.filings_json, d.responds_to \
     FROM document d LEFT JOIN release_date r ON r.accession = d.accession";

/// EDGAR's facts from columns 1 to 6, in the order both row shapes select them (`d.cik`,
/// `d.company`, `d.edgar_form`, `d.filing_date`, `d.accepted`, `r.day`).
fn edgar_of(r: &Row) -> Result<EdgarFacts> {
    let s = |i: usize| -> Option<String> { r.get(i) };
    edgar_facts(s(1), s(2), s(3), s(4), s(5), s(6))
}

fn summary(r: &Row) -> Result<LetterFacts> {
    let s = |i: usize| -> Option<String> { r.get(i) };
    Ok(LetterFacts {
        accession: r.get(0),
        edgar: edgar_of(r)?,
        kind: s(7).as_deref().and_then(LetterKind::from_name).unwrap_or_default(),
        date: day(s(8), "letter_date")?,
        filings: json(s(9), "filings")?.unwrap_or_default(),
        responds_to: day(s(10), "responds_to")?,
    })
}

/// A thread row; `first_day` keeps the list in the grouping's order ([`crate::thread_order`])
/// whichever companies were replaced last. An id met again (a thread that changed company) is
/// overwritten, not refused.
const THREAD_INSERT: &str = "INSERT INTO thread (id, position, cik, company, status, record_json, review_json, first_day)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, cik = excluded.cik, company = excluded.company,
         status = excluded.status, record_json = excluded.record_json, review_json = excluded.review_json,
         first_day = excluded.first_day";

fn insert_thread(
    tx: &mut Transaction<'_>,
    put: &postgres::Statement,
    i: usize,
    t: &Thread,
    review: Option<&ReviewRecord>,
) -> Result<()> {
    let status = if t.status == corresp_model::ThreadStatus::Complete { "complete" } else { "open" };
    let first_day =
        t.letters.first().and_then(|l| l.filing_date.or(l.date)).map(|d| d.to_string()).unwrap_or_default();
    let review = review.map(to_json);
    tx.execute(put, &[&t.id, &(i as i32), &t.cik, &t.company, &status, &to_json(t), &review, &first_day])?;
    Ok(())
}

/// Sets the thread of each of `members` to the id beside it, in one statement.
fn set_members(tx: &mut Transaction<'_>, members: &[String], ids: &[String]) -> Result<()> {
    tx.execute(
        "UPDATE document d SET thread_id = m.id FROM unnest($1::text[], $2::text[]) AS m(acc, id)
         WHERE d.accession = m.acc AND d.thread_id IS DISTINCT FROM m.id",
        &[&members, &ids],
    )?;
    Ok(())
}

impl PostgresStore {
    /// The threads `filter` (a `WHERE` clause over `thread`, or nothing) selects, in thread order,
    /// with the release dates as stored now (they may arrive after the threads were built).
    fn threads_where(
        &self,
        filter: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Thread>> {
        let sql = format!("SELECT record_json FROM thread {filter} ORDER BY first_day, id");
        let (rows, released) = self.read(|c| {
            let rows = c.query(&sql, params)?;
            let released = c.query("SELECT accession, day FROM release_date", &[])?;
            Ok((rows, released))
        })?;
        let mut threads: Vec<Thread> = rows
            .iter()
            .map(|r| serde_json::from_str(r.get::<_, &str>(0)).map_err(|e| corrupt("thread", e)))
            .collect::<Result<_>>()?;
        let released: std::collections::HashMap<String, String> =
            released.iter().map(|r| (r.get(0), r.get(1))).collect();
        for l in threads.iter_mut().flat_map(|t| t.letters.iter_mut()) {
            if let Some(d) = released.get(&l.accession) {
                l.release_date = day(Some(d.clone()), "release_date")?;
            }
        }
        Ok(threads)
    }
}

impl Store for PostgresStore {
    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM document d LEFT JOIN release_date r ON r.accession = d.accession
             WHERE d.error IS NULL AND (COALESCE(d.filing_date, ''), d.accession) > ($1, $2)
             ORDER BY COALESCE(d.filing_date, ''), d.accession LIMIT {BATCH}"
        );
        let (mut after_day, mut after_acc) = (String::new(), String::new());
        loop {
            let rows = self.read(|c| Ok(c.query(&sql, &[&after_day, &after_acc])?))?;
            if rows.is_empty() {
                return Ok(());
            }
            for row in rows {
                let doc = decode(&row)?;
                after_day = doc.edgar.filing_date.map(|d| d.to_string()).unwrap_or_default();
                after_acc = doc.accession.clone();
                f(doc)?;
            }
        }
    }

    fn document(&self, accession: &str) -> Result<Option<StoredDocument>> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM document d LEFT JOIN release_date r ON r.accession = d.accession
             WHERE d.accession = $1"
        );
        let row = self.read(|c| Ok(c.query_opt(&sql, &[&accession])?))?;
        row.as_ref().map(decode).transpose()
    }

    fn set_release_date(&self, accession: &str, date: NaiveDate) -> Result<()> {
        self.write(|tx| {
            let g = bump(tx)?;
            tx.execute(
                "INSERT INTO release_date (accession, day, seq) VALUES ($1, $2, $3)
                 ON CONFLICT (accession) DO UPDATE SET day = excluded.day, seq = excluded.seq",
                &[&accession, &date.to_string(), &g],
            )?;
            Ok(())
        })
    }

    fn put_document(&self, doc: &StoredDocument) -> Result<Put> {
        self.write(|tx| put_document(tx, doc))
    }

    fn fingerprints(&self) -> Result<Vec<(String, String)>> {
        let rows = self
            .read(|c| Ok(c.query("SELECT accession, fingerprint FROM document WHERE error IS NULL", &[])?))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn has_file_stamp(&self, stamp: &str) -> Result<bool> {
        let row = self.read(|c| {
            Ok(c.query_one("SELECT EXISTS (SELECT 1 FROM document WHERE file_stamp = $1)", &[&stamp])?)
        })?;
        Ok(row.get(0))
    }

    fn set_file_stamp(&self, fingerprint: &str, accession: Option<&str>, stamp: &str) -> Result<()> {
        self.write(|tx| set_file_stamp(tx, fingerprint, accession, stamp))
    }

    fn has_fingerprint(&self, fingerprint: &str, accession: Option<&str>) -> Result<bool> {
        let row = self.read(|c| {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM document WHERE fingerprint = $1 AND error IS NULL
                                AND ($2::text IS NULL OR accession = $2))",
                &[&fingerprint, &accession],
            )?)
        })?;
        Ok(row.get(0))
    }

    fn summaries(&self) -> Result<Vec<LetterFacts>> {
        let sql = format!("{SUMMARY_SELECT} ORDER BY COALESCE(d.filing_date, ''), d.accession");
        let rows = self.read(|c| Ok(c.query(&sql, &[])?))?;
        rows.iter().map(summary).collect()
    }

    fn company_summaries(&self, companies: &[String]) -> Result<Vec<LetterFacts>> {
        let sql = format!(
            "{SUMMARY_SELECT} WHERE COALESCE(d.cik, '') = ANY($1) ORDER BY COALESCE(d.filing_date, ''), d.accession"
        );
        let rows = self.read(|c| Ok(c.query(&sql, &[&companies])?))?;
        rows.iter().map(summary).collect()
    }

    fn company_threads(&self, companies: &[String]) -> Result<Vec<Thread>> {
        self.threads_where("WHERE COALESCE(cik, '') = ANY($1)", &[&companies])
    }

    fn replace_company_threads(
        &self,
        companies: &[String],
        built_for: u64,
        threads: &[Thread],
        reviews: &[ReviewRecord],
    ) -> Result<Vec<String>> {
        let review_of: std::collections::HashMap<&str, &ReviewRecord> =
            reviews.iter().map(|r| (r.thread_id.as_str(), r)).collect();
        let mut companies = companies.to_vec();
        companies.sort();
        companies.dedup();
        let built_for = built_for as i64;
        self.write(|tx| {
            // The companies' marks, locked in one order (two rebuilds of overlapping companies
            // wait for each other instead of deadlocking); those already built from this state or
            // a later one are left as they are.
            tx.execute(
                "INSERT INTO company_threads (cik) SELECT unnest($1::text[]) ON CONFLICT (cik) DO NOTHING",
                &[&companies],
            )?;
            let replaced: Vec<String> = tx
                .query(
                    "SELECT cik FROM company_threads WHERE cik = ANY($1) AND built_for < $2 ORDER BY cik FOR UPDATE",
                    &[&companies, &built_for],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if replaced.is_empty() {
                return Ok(replaced);
            }
            let mine: std::collections::HashSet<&str> = replaced.iter().map(String::as_str).collect();
            tx.execute("DELETE FROM thread WHERE COALESCE(cik, '') = ANY($1)", &[&replaced])?;
            let put = tx.prepare(THREAD_INSERT)?;
            let (mut members, mut ids) = (Vec::new(), Vec::new());
            for (i, t) in threads.iter().enumerate() {
                if !mine.contains(company_key(t.cik.as_deref())) {
                    continue;
                }
                insert_thread(tx, &put, i, t, review_of.get(t.id.as_str()).copied())?;
                for l in &t.letters {
                    members.push(l.accession.clone());
                    ids.push(t.id.clone());
                }
            }
            tx.execute(
                "UPDATE document SET thread_id = NULL
                 WHERE COALESCE(cik, '') = ANY($1) AND thread_id IS NOT NULL AND NOT (accession = ANY($2))",
                &[&replaced, &members],
            )?;
            set_members(tx, &members, &ids)?;
            tx.execute(
                "UPDATE company_threads SET built_for = $2 WHERE cik = ANY($1)",
                &[&replaced, &built_for],
            )?;
            bump(tx)?;
            Ok(replaced)
        })
    }

    fn failures(&self) -> Result<Vec<Failure>> {
        let rows = self.read(|c| {
            Ok(c.query(
                "SELECT accession, source_path, error FROM document WHERE error IS NOT NULL ORDER BY accession",
                &[],
            )?)
        })?;
        Ok(rows
            .iter()
            .map(|r| Failure { accession: r.get(0), source_path: r.get(1), error: r.get(2) })
            .collect())
    }

    fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> Result<()> {
        let review_of: std::collections::HashMap<&str, &ReviewRecord> =
            reviews.iter().map(|r| (r.thread_id.as_str(), r)).collect();
        self.write(|tx| {
            // Two rebuilds at once would each delete what they saw and insert the same ids: the
            // second waits for the first, then sees its rows.
            tx.batch_execute("LOCK TABLE thread IN SHARE ROW EXCLUSIVE MODE")?;
            tx.execute("DELETE FROM thread", &[])?;
            let put = tx.prepare(THREAD_INSERT)?;
            let (mut members, mut ids) = (Vec::new(), Vec::new());
            for (i, t) in threads.iter().enumerate() {
                insert_thread(tx, &put, i, t, review_of.get(t.id.as_str()).copied())?;
                for l in &t.letters {
                    members.push(l.accession.clone());
                    ids.push(t.id.clone());
                }
            }
            // Membership in one statement each: clear the stale, set the new.
            tx.execute(
                "UPDATE document SET thread_id = NULL WHERE thread_id IS NOT NULL AND NOT (accession = ANY($1))",
                &[&members],
            )?;
            set_members(tx, &members, &ids)?;
            bump(tx)?;
            Ok(())
        })
    }

    fn review(&self, thread_id: &str) -> Result<Option<ReviewRecord>> {
        let row =
            self.read(|c| Ok(c.query_opt("SELECT review_json FROM thread WHERE id = $1", &[&thread_id])?))?;
        json(row.and_then(|r| r.get::<_, Option<String>>(0)), "review")
    }

    fn reviews(&self) -> Result<Vec<ReviewRecord>> {
        let rows = self.read(|c| {
            Ok(c.query(
                "SELECT review_json FROM thread WHERE review_json IS NOT NULL ORDER BY first_day, id",
                &[],
            )?)
        })?;
        rows.iter()
            .map(|r| serde_json::from_str(r.get::<_, &str>(0)).map_err(|e| corrupt("review", e)))
            .collect()
    }

    fn threads(&self) -> Result<Vec<Thread>> {
        self.threads_where("", &[])
    }

    fn count_documents(&self) -> Result<u64> {
        let n: i64 = self.read(|c| Ok(c.query_one("SELECT count(*) FROM document", &[])?.get(0)))?;
        Ok(n as u64)
    }

    fn generation(&self) -> Result<u64> {
        let n: i64 =
            self.read(|c| Ok(c.query_one("SELECT value FROM meta WHERE key = 'generation'", &[])?.get(0)))?;
        Ok(n as u64)
    }

    fn wait_for_change(&self, seen: u64, timeout: Duration) -> Result<u64> {
        let g = self.generation()?;
        if g != seen {
            return Ok(g);
        }
        {
            let mut l = self.listener.lock().unwrap_or_else(|p| p.into_inner());
            if l.as_ref().is_none_or(|c| c.is_closed()) {
                let mut c = self.pool.connect()?;
                c.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                *l = Some(c);
                // A write may have committed before LISTEN took effect: read again.
                drop(l);
                let g = self.generation()?;
                if g != seen {
                    return Ok(g);
                }
                l = self.listener.lock().unwrap_or_else(|p| p.into_inner());
            }
            // One notification (or the timeout) is enough: the counter says what happened.
            let broken = l.as_mut().is_some_and(|c| c.notifications().timeout_iter(timeout).next().is_err());
            if broken {
                // Made again at the next wait; the counter read below is still right.
                *l = None;
            }
        }
        self.generation()
    }

    fn work_queue(&self) -> Option<&dyn WorkQueue> {
        Some(self)
    }
}

impl WorkQueue for PostgresStore {
    fn enqueue(&self, items: &[WorkItem]) -> Result<usize> {
        let mut n = 0;
        for chunk in items.chunks(1000) {
            let keys: Vec<&str> = chunk.iter().map(|i| i.key.as_str()).collect();
            let sizes: Vec<i64> = chunk.iter().map(|i| i.size as i64).collect();
            let mtimes: Vec<i64> = chunk.iter().map(|i| i.mtime).collect();
            let ciks: Vec<Option<&str>> = chunk.iter().map(|i| i.cik.as_deref()).collect();
            n += self.write(|tx| {
                Ok(tx.execute(
                    "INSERT INTO work (key, size, mtime, cik)
                     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
                     ON CONFLICT (key) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
                         cik = excluded.cik, state = 'pending', owner = NULL, lease_until = NULL,
                         finished_at = NULL
                     WHERE (work.size, work.mtime) IS DISTINCT FROM (excluded.size, excluded.mtime)",
                    &[&keys, &sizes, &mtimes, &ciks],
                )?)
            })?;
        }
        Ok(n as usize)
    }

    fn claim(&self, worker: &str, n: usize, lease: Duration) -> Result<Vec<String>> {
        let rows = self.write(|tx| {
            Ok(tx.query(
                "UPDATE work SET owner = $1, lease_until = now() + make_interval(secs => $2),
                     attempts = attempts + 1
                 WHERE key IN (SELECT key FROM work
                               WHERE state = 'pending' AND (lease_until IS NULL OR lease_until < now())
                               ORDER BY key LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING key",
                &[&worker, &lease.as_secs_f64(), &(n as i64)],
            )?)
        })?;
        let mut keys: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        keys.sort();
        Ok(keys)
    }

    fn renew(&self, worker: &str, keys: &[String], lease: Duration) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE work SET lease_until = now() + make_interval(secs => $3)
                 WHERE owner = $1 AND state = 'pending' AND key = ANY($2)",
                &[&worker, &keys, &lease.as_secs_f64()],
            )?;
            Ok(())
        })
    }

    fn finish(
        &self,
        worker: &str,
        key: &str,
        doc: Option<&StoredDocument>,
        error: Option<&str>,
    ) -> Result<Option<Put>> {
        self.write(|tx| {
            let held = tx.query_opt(
                "SELECT 1 FROM work WHERE key = $1 AND owner = $2 AND state = 'pending' FOR UPDATE",
                &[&key, &worker],
            )?;
            if held.is_none() {
                return Ok(None);
            }
            let put = match doc {
                Some(d) => put_document(tx, d)?,
                None => Put::Unchanged,
            };
            tx.execute(
                "UPDATE work SET state = 'done', owner = NULL, lease_until = NULL, finished_at = now(),
                     accession = $2, error = $3
                 WHERE key = $1",
                &[&key, &doc.map(|d| d.accession.as_str()), &error],
            )?;
            Ok(Some(put))
        })
    }

    fn unfinished(&self) -> Result<u64> {
        let n: i64 =
            self.read(|c| Ok(c.query_one("SELECT count(*) FROM work WHERE state <> 'done'", &[])?.get(0)))?;
        Ok(n as u64)
    }

    fn progress(&self) -> Result<(u64, u64)> {
        let r = self.read(|c| {
            Ok(c.query_one(
                "SELECT count(*) FILTER (WHERE state = 'done'), COALESCE(sum(attempts), 0)::bigint FROM work",
                &[],
            )?)
        })?;
        Ok((r.get::<_, i64>(0) as u64, r.get::<_, i64>(1) as u64))
    }

    fn exclusively(&self, name: &str, f: &mut dyn FnMut()) -> Result<()> {
        let mut c = self.pool.get()?;
        c.execute("SELECT pg_advisory_lock(hashtext($1))", &[&name])?;
        // Released even when `f` panics: the lock belongs to the pooled session, which lives on.
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&mut *f));
        c.execute("SELECT pg_advisory_unlock(hashtext($1))", &[&name])?;
        if let Err(p) = done {
            std::panic::resume_unwind(p);
        }
        Ok(())
    }

    fn company_done(&self, company: &str) -> Result<bool> {
        let left: bool = self.read(|c| {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM work WHERE state <> 'done' AND (cik IS NULL OR cik = $1))",
                &[&company],
            )?
            .get(0))
        })?;
        Ok(!left)
    }

    fn stale_companies(&self, only: Option<&[String]>) -> Result<Vec<String>> {
        // The newest write of each company (documents, their release dates, documents that left
        // it) against the state its threads were built from.
        let filter =
            if only.is_some() { "WHERE COALESCE(d.cik, '') = ANY($1)" } else { "WHERE $1::text[] IS NULL" };
        let moved = if only.is_some() { "WHERE cik = ANY($1)" } else { "" };
        let sql = format!(
            "WITH w AS (
                 SELECT COALESCE(d.cik, '') AS cik, GREATEST(d.seq, COALESCE(r.seq, 0)) AS seq
                 FROM document d LEFT JOIN release_date r ON r.accession = d.accession {filter}
                 UNION ALL SELECT cik, moved FROM company_threads {moved})
             SELECT w.cik FROM w LEFT JOIN company_threads c ON c.cik = w.cik
             GROUP BY w.cik HAVING max(w.seq) > COALESCE(max(c.built_for), 0) ORDER BY w.cik"
        );
        let only: Option<Vec<String>> = only.map(<[String]>::to_vec);
        let rows = self.read(|c| Ok(c.query(&sql, &[&only])?))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_past_the_bound_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.pem");
        // Sparse: larger than the bound without using the disk.
        std::fs::File::create(&path).unwrap().set_len(5 << 20).unwrap();
        let err = tls_connector(Some(&path)).err().expect("refused");
        assert!(err.contains("more than the 4 MiB a CA file may hold"), "{err}");
        let err = tls_connector(Some(&dir.path().join("absent.pem"))).err().expect("refused");
        assert!(err.contains("absent.pem"), "{err}");
    }
}
