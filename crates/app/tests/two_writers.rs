//! An ingest beside another writer (`serve` storing an upload while `corresp ingest` runs on the
//! same store): every letter is stored, and a letter the store still refuses is named as failed
//! while the rest go on. Before, the first "database is locked" aborted the whole run (1 document
//! of 448 stored).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use corresp_app::ingest::{IngestOptions, ingest};
use corresp_model::{ReviewRecord, Thread};
use corresp_store::{Failure, LetterFacts, Put, SqliteStore, Store, StoredDocument};

fn letter() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters/response.htm");
    std::fs::read_to_string(root).unwrap()
}

/// `n` distinct copies of the test response letter (a comment makes each one's bytes differ).
fn letters(dir: &Path, names: &[String]) -> PathBuf {
    let folder = dir.join("letters");
    std::fs::create_dir_all(&folder).unwrap();
    let html = letter();
    for name in names {
        std::fs::write(folder.join(name), format!("{html}\n<!-- {name} -->\n")).unwrap();
    }
    folder
}

#[test]
fn ingest_beside_another_writer_stores_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corresp.db");
    let names: Vec<String> = (0..40).map(|i| format!("response_{i:02}.htm")).collect();
    let folder = letters(dir.path(), &names);
    let cli = SqliteStore::open(&db).unwrap();

    // The other writer: a server storing uploads (large ones, so each holds the write lock a
    // while) and release dates, as fast as it can, for as long as the ingest runs.
    let done = Arc::new(AtomicBool::new(false));
    let server = {
        let (db, done) = (db.clone(), done.clone());
        std::thread::spawn(move || {
            let store = SqliteStore::open(&db).unwrap();
            let big = "Revenue recognition. ".repeat(50_000);
            let mut n = 0u32;
            while !done.load(Ordering::Relaxed) {
                let acc = format!("9999999999-20-{n:06}");
                let doc = StoredDocument {
                    accession: acc.clone(),
                    source_hash: "0".repeat(64),
                    fingerprint: acc.clone(),
                    text: corresp_model::Text::plain(big.clone()),
                    ..StoredDocument::default()
                };
                store.put_document(&doc).unwrap_or_else(|e| panic!("server write {acc}: {e}"));
                store.set_release_date(&acc, NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()).unwrap();
                n += 1;
            }
            n
        })
    };
    let summary = ingest(&cli, &[folder], &IngestOptions { jobs: 2, ..Default::default() }, &mut |_| {});
    done.store(true, Ordering::Relaxed);
    let server_writes = server.join().unwrap();
    let summary = summary.expect("the ingest completes");
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.ingested, names.len());
    assert!(server_writes > 0, "the two writers overlapped");
    assert_eq!(cli.count_documents().unwrap(), names.len() as u64 + u64::from(server_writes));
}

/// A store that refuses documents read from a file whose name contains "refused".
struct Refusing(SqliteStore);

impl Store for Refusing {
    fn for_each_document(
        &self,
        f: &mut dyn FnMut(StoredDocument) -> corresp_store::Result<()>,
    ) -> corresp_store::Result<()> {
        self.0.for_each_document(f)
    }
    fn document(&self, accession: &str) -> corresp_store::Result<Option<StoredDocument>> {
        self.0.document(accession)
    }
    fn set_release_date(&self, accession: &str, date: NaiveDate) -> corresp_store::Result<()> {
        self.0.set_release_date(accession, date)
    }
    fn put_document(&self, doc: &StoredDocument) -> corresp_store::Result<Put> {
        if doc.source_path.as_deref().is_some_and(|p| p.contains("refused")) {
            return Err(corresp_store::Error::Corrupt { what: "database is locked (test)".into() });
        }
        self.0.put_document(doc)
    }
    fn fingerprints(&self) -> corresp_store::Result<Vec<(String, String)>> {
        self.0.fingerprints()
    }
    fn summaries(&self) -> corresp_store::Result<Vec<LetterFacts>> {
        self.0.summaries()
    }
    fn failures(&self) -> corresp_store::Result<Vec<Failure>> {
        self.0.failures()
    }
    fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> corresp_store::Result<()> {
        self.0.replace_threads(threads, reviews)
    }
    fn review(&self, thread_id: &str) -> corresp_store::Result<Option<ReviewRecord>> {
        self.0.review(thread_id)
    }
    fn reviews(&self) -> corresp_store::Result<Vec<ReviewRecord>> {
        self.0.reviews()
    }
    fn threads(&self) -> corresp_store::Result<Vec<Thread>> {
        self.0.threads()
    }
    fn count_documents(&self) -> corresp_store::Result<u64> {
        self.0.count_documents()
    }
    fn generation(&self) -> corresp_store::Result<u64> {
        self.0.generation()
    }
}

#[test]
fn a_document_the_store_refuses_is_named_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = (0..6).map(|i| format!("response_{i}.htm")).collect();
    names.push("refused.htm".into());
    let folder = letters(dir.path(), &names);
    let store = Refusing(SqliteStore::open_in_memory().unwrap());
    let summary = ingest(&store, &[folder], &IngestOptions { jobs: 2, ..Default::default() }, &mut |_| {})
        .expect("one refused document does not abort the ingest");
    assert_eq!(summary.ingested, 6);
    assert_eq!(summary.failed.len(), 1, "{:?}", summary.failed);
    let failed = &summary.failed[0];
    assert!(failed.path.ends_with("refused.htm"), "{failed:?}");
    assert!(failed.cause.starts_with("store: ") && failed.cause.contains("database is locked"), "{failed:?}");
    assert_eq!(store.count_documents().unwrap(), 6);
}
