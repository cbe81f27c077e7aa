//! Two writers on one store file (a CLI ingest beside a running `serve`): neither may fail because
//! the other is writing. Before writes took the lock up front (`BEGIN IMMEDIATE`), a put whose
//! transaction had read while another connection held the write lock failed at once with
//! "database is locked", and ingest stopped after the first document.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use corresp_store::{Put, SqliteStore, Store, StoredDocument};

fn doc(acc: &str) -> StoredDocument {
    StoredDocument {
        accession: acc.into(),
        source_hash: "0".repeat(64),
        fingerprint: format!("fp-{acc}"),
        text: corresp_model::Text::plain(format!("Re: letter {acc}\n1. Revenue")),
        ..StoredDocument::default()
    }
}

/// Another connection holds a write transaction for a second and a half (an upload being stored);
/// every put from a second handle waits for it and succeeds.
#[test]
fn puts_wait_for_a_held_write_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    let store = SqliteStore::open(&path).unwrap();
    store.put_document(&doc("0000000000-19-000000")).unwrap();

    let held = Arc::new(Barrier::new(2));
    let holder = {
        let (path, held) = (path.clone(), held.clone());
        std::thread::spawn(move || {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            tx.execute("INSERT INTO release_date (accession, day) VALUES ('x', '2020-01-01')", []).unwrap();
            held.wait();
            std::thread::sleep(Duration::from_millis(1500));
            tx.commit().unwrap();
        })
    };
    held.wait();
    let started = Instant::now();
    for i in 1..=20 {
        let acc = format!("0000000000-19-{i:06}");
        assert_eq!(store.put_document(&doc(&acc)).unwrap(), Put::Inserted, "{acc}");
    }
    store
        .set_release_date("0000000000-19-000001", chrono::NaiveDate::from_ymd_opt(2020, 2, 1).unwrap())
        .unwrap();
    holder.join().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1000), "the first put waited for the holder");
    assert_eq!(store.count_documents().unwrap(), 21);
}

/// Two handles on two threads write as fast as they can, reading in between (documents and
/// release dates): all their writes
/// land, and the change counter counts them all.
#[test]
fn two_handles_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    let first = SqliteStore::open(&path).unwrap();
    let g0 = first.generation().unwrap();
    const EACH: usize = 150;
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["20", "21"]
        .into_iter()
        .map(|year| {
            let (path, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                let store = SqliteStore::open(&path).unwrap();
                start.wait();
                for i in 0..EACH {
                    let acc = format!("0000000000-{year}-{i:06}");
                    store.put_document(&doc(&acc)).unwrap_or_else(|e| panic!("{acc}: {e}"));
                    assert!(store.document(&acc).unwrap().is_some());
                    if i % 10 == 0 {
                        let day = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
                        store.set_release_date(&acc, day).unwrap();
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(first.count_documents().unwrap(), 2 * EACH as u64);
    assert!(first.generation().unwrap() >= g0 + 2 * EACH as u64);
}

/// Several processes opening a new store file at once (a CLI and a server started together): the
/// schema is created once, under the write lock, and every handle can write.
#[test]
fn handles_opening_a_new_file_at_once_all_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    let start = Arc::new(Barrier::new(4));
    let openers: Vec<_> = (0..4)
        .map(|i| {
            let (path, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let store = SqliteStore::open(&path).unwrap_or_else(|e| panic!("opener {i}: {e}"));
                store.put_document(&doc(&format!("0000000000-22-{i:06}"))).unwrap();
            })
        })
        .collect();
    for o in openers {
        o.join().unwrap();
    }
    assert_eq!(SqliteStore::open(&path).unwrap().count_documents().unwrap(), 4);
}
