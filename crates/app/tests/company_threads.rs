//! Threads rebuilt company by company on a PostgreSQL store (ingest workers, issue 20): two
//! workers rebuild different companies at once, a company written after its rebuild is stale again,
//! and one company is rebuilt by one worker at a time. Every result is compared with a whole rebuild
//! of the same documents in SQLite (threads and comment–answer records).
//!
//! Real letters: three small companies of the DEV corpus, ingested into SQLite and copied into a
//! throwaway PostgreSQL cluster. Skips with a message without the corpus or PostgreSQL (fails in CI,
//! `CORRESP_REQUIRE_ALL`).

#[path = "../../store/tests/support/pg.rs"]
mod pg;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corresp_app::ingest::{IngestOptions, ingest};
use corresp_app::threads::{rebuild, rebuild_companies};
use corresp_store::{PgOptions, PostgresStore, SqliteStore, Store, StoredDocument};

fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// Three small companies of the corpus, ingested into a SQLite store in `dir`.
fn reference(dir: &Path) -> Option<SqliteStore> {
    let sec = shared().join("corpus/lehigh/sec");
    if !sec.is_dir() {
        assert!(std::env::var_os("CORRESP_REQUIRE_ALL").is_none(), "no corpus at {}", sec.display());
        eprintln!("skipping: no corpus at {}", sec.display());
        return None;
    }
    let folders: Vec<PathBuf> = ["MS", "FIX", "TPR"].iter().map(|c| sec.join(c)).collect();
    let store = SqliteStore::open(&dir.join("ref.db")).unwrap();
    ingest(&store, &folders, &IngestOptions { jobs: 2, ..IngestOptions::default() }, &mut |_| {}).unwrap();
    Some(store)
}

/// Every document of `from` (failed ones too), in filing order.
fn documents(from: &dyn Store) -> Vec<StoredDocument> {
    let mut docs = Vec::new();
    from.for_each_document(&mut |d| {
        docs.push(d);
        Ok(())
    })
    .unwrap();
    for f in from.failures().unwrap() {
        docs.extend(from.document(&f.accession).unwrap());
    }
    docs
}

fn companies(docs: &[StoredDocument]) -> Vec<String> {
    let mut c: Vec<String> = docs.iter().map(|d| d.edgar.cik.clone().unwrap_or_default()).collect();
    c.sort();
    c.dedup();
    c
}

/// Threads and records of `got` equal those of `want`.
fn assert_same(got: &dyn Store, want: &dyn Store, what: &str) {
    assert_eq!(got.threads().unwrap(), want.threads().unwrap(), "{what}: threads");
    assert_eq!(got.reviews().unwrap(), want.reviews().unwrap(), "{what}: records");
}

fn connect(url: &str) -> PostgresStore {
    PostgresStore::connect(url, &PgOptions::default()).unwrap()
}

#[test]
fn two_workers_rebuild_different_companies_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let Some(want) = reference(dir.path()) else { return };
    let Some(pg) = pg::start("the per-company rebuild test") else { return };
    let url = pg.create_db("apart");
    let (a, b) = (connect(&url), connect(&url));
    let docs = documents(&want);
    for d in &docs {
        a.put_document(d).unwrap();
    }
    let cs = companies(&docs);
    assert_eq!(cs.len(), 3, "{cs:?}");
    assert!(!cs.contains(&String::new()), "every corpus letter has a CIK");
    let q = a.work_queue().unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), cs);

    // Worker a is in the middle of company 0 (holds its lock); worker b rebuilds companies 1 and 2
    // meanwhile, without waiting for a.
    let held = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        let first = s.spawn(|| {
            q.exclusively(&format!("corresp-threads:{}", cs[0]), &mut || {
                held.wait();
                std::thread::sleep(Duration::from_millis(1500));
            })
            .unwrap();
            rebuild_companies(&a, &cs[..1]).unwrap()
        });
        held.wait();
        let t = Instant::now();
        let other = rebuild_companies(&b, &cs[1..]).unwrap();
        assert!(t.elapsed() < Duration::from_millis(1400), "b waited for a's company: {:?}", t.elapsed());
        assert_eq!(other.rebuilt, cs[1..]);
        assert!(!other.outcomes_changed.is_empty(), "new records name their letters");
        assert_eq!(q.stale_companies(None).unwrap(), cs[..1], "a's company is still to do");
        assert_eq!(first.join().unwrap().rebuilt, cs[..1]);
    });
    assert!(q.stale_companies(None).unwrap().is_empty());
    assert_same(&a, &want, "two workers");
    for d in &docs {
        let stored = a.document(&d.accession).unwrap().unwrap();
        assert_eq!(stored.thread_id, d.thread_id, "membership of {}", d.accession);
    }
}

#[test]
fn a_company_written_after_its_rebuild_is_stale_again() {
    let dir = tempfile::tempdir().unwrap();
    let Some(want) = reference(dir.path()) else { return };
    let Some(pg) = pg::start("the per-company staleness test") else { return };
    let url = pg.create_db("stale");
    let store = connect(&url);
    let q = store.work_queue().unwrap();
    let docs = documents(&want);
    let cs = companies(&docs);
    // Company 0's last letter arrives after the company was rebuilt.
    let late = docs.iter().rposition(|d| d.edgar.cik.as_deref() == Some(&cs[0])).unwrap();
    for (i, d) in docs.iter().enumerate() {
        if i != late {
            store.put_document(d).unwrap();
        }
    }
    let first = rebuild_companies(&store, &cs).unwrap();
    assert_eq!(first.rebuilt, cs);
    assert!(q.stale_companies(None).unwrap().is_empty());
    let again = rebuild_companies(&store, &cs).unwrap();
    assert!(again.rebuilt.is_empty() && again.current == cs, "nothing changed: {again:?}");

    store.put_document(&docs[late]).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), cs[..1], "only the company written");
    // A release date of another company's letter makes that one stale too.
    let other = docs.iter().find(|d| d.edgar.cik.as_deref() == Some(&cs[1])).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap();
    store.set_release_date(&other.accession, day).unwrap();
    want.set_release_date(&other.accession, day).unwrap();
    rebuild(&want).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), cs[..2]);

    let done = rebuild_companies(&store, &cs).unwrap();
    assert_eq!(done.rebuilt, cs[..2]);
    assert_eq!(done.current, cs[2..]);
    assert_same(&store, &want, "after the late letter");
}

#[test]
fn one_company_is_rebuilt_by_one_worker_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let Some(want) = reference(dir.path()) else { return };
    let Some(pg) = pg::start("the per-company lock test") else { return };
    let url = pg.create_db("locked");
    let handles: Vec<PostgresStore> = (0..3).map(|_| connect(&url)).collect();
    let docs = documents(&want);
    for d in &docs {
        handles[0].put_document(d).unwrap();
    }
    let cs = companies(&docs);
    let company = &cs[..1];

    // Held by someone else: a rebuild of the same company waits for it.
    let held = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        let holder = s.spawn(|| {
            handles[0]
                .work_queue()
                .unwrap()
                .exclusively(&format!("corresp-threads:{}", cs[0]), &mut || {
                    held.wait();
                    std::thread::sleep(Duration::from_millis(800));
                })
                .unwrap()
        });
        held.wait();
        let t = Instant::now();
        let done = rebuild_companies(&handles[1], company).unwrap();
        assert!(t.elapsed() >= Duration::from_millis(600), "did not wait: {:?}", t.elapsed());
        assert_eq!(done.rebuilt, company);
        holder.join().unwrap();
    });

    // Two workers asking for the same stale company at once: one rebuilds it, the other finds it
    // current once it gets the lock.
    let mut changed = docs.iter().find(|d| d.edgar.cik.as_deref() == Some(&cs[0])).unwrap().clone();
    changed.fingerprint.push_str("-again");
    handles[0].put_document(&changed).unwrap();
    let (x, y) = std::thread::scope(|s| {
        let x = s.spawn(|| rebuild_companies(&handles[1], company).unwrap());
        let y = s.spawn(|| rebuild_companies(&handles[2], company).unwrap());
        (x.join().unwrap(), y.join().unwrap())
    });
    let mut rebuilt = [x.rebuilt.len(), y.rebuilt.len()];
    rebuilt.sort();
    assert_eq!(rebuilt, [0, 1], "{x:?} {y:?}");
    assert_eq!(x.current.len() + y.current.len(), 1);
}

/// A letter without a CIK may join a company's thread by the company's name: while the store holds
/// one, a rebuild of any company takes every company, and still equals a whole rebuild.
#[test]
fn a_letter_without_a_cik_makes_a_rebuild_take_every_company() {
    let dir = tempfile::tempdir().unwrap();
    let Some(want) = reference(dir.path()) else { return };
    let Some(pg) = pg::start("the per-company rebuild test with a loose letter") else { return };
    let url = pg.create_db("loose");
    let store = connect(&url);
    let q = store.work_queue().unwrap();
    let docs = documents(&want);
    let cs = companies(&docs);
    // A copy of one of company 0's letters as a loose file: no CIK, the company's name.
    let mut loose = docs.iter().find(|d| d.edgar.cik.as_deref() == Some(&cs[0])).unwrap().clone();
    loose.accession = "sha256:0123456789abcdef01234567".into();
    loose.edgar.cik = None;
    loose.fingerprint = "loose".into();
    loose.source_path = Some("/letters/loose.htm".into());
    want.put_document(&loose).unwrap();
    rebuild(&want).unwrap();
    for d in &docs {
        store.put_document(d).unwrap();
    }
    store.put_document(&loose).unwrap();

    let first = rebuild_companies(&store, &cs[2..]).unwrap();
    assert_eq!(first.rebuilt, cs[2..]);
    assert!(q.stale_companies(None).unwrap().is_empty(), "every company was taken");
    assert_same(&store, &want, "with a loose letter");
    assert!(
        store.threads().unwrap().iter().any(|t| t.letters.iter().any(|l| l.accession == loose.accession)),
        "the loose letter joined a thread"
    );

    // A letter of company 1 written again: the rebuild (of every company) equals a whole one.
    let mut again = docs.iter().find(|d| d.edgar.cik.as_deref() == Some(&cs[1])).unwrap().clone();
    again.fingerprint.push_str("-again");
    again.edgar.release_date = None;
    store.put_document(&again).unwrap();
    want.put_document(&again).unwrap();
    rebuild(&want).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), cs[1..2]);
    assert_eq!(rebuild_companies(&store, &cs[1..2]).unwrap().rebuilt, cs[1..2]);
    assert_same(&store, &want, "after a letter written again");
}
