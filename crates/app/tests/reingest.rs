//! A re-ingest of an unchanged folder stores nothing and rebuilds no thread, unless an earlier
//! ingest stopped between storing documents and rebuilding: then it rebuilds.

use std::path::{Path, PathBuf};

use corresp_app::ingest::{IngestOptions, ingest};
use corresp_store::{SqliteStore, Store, StoredDocument};

/// Distinct copies of the test response letter (a comment makes each one's bytes differ).
fn letters(dir: &Path, n: usize) -> PathBuf {
    let html = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters/response.htm"),
    )
    .unwrap();
    let folder = dir.join("letters");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        std::fs::write(folder.join(format!("response_{i}.htm")), format!("{html}\n<!-- {i} -->\n")).unwrap();
    }
    folder
}

#[test]
fn an_unchanged_folder_rebuilds_nothing_unless_an_ingest_stopped_before_its_threads() {
    let dir = tempfile::tempdir().unwrap();
    let folder = letters(dir.path(), 3);
    let store = SqliteStore::open(&dir.path().join("corresp.db")).unwrap();
    let opts = IngestOptions { jobs: 2, ..Default::default() };
    let first = ingest(&store, std::slice::from_ref(&folder), &opts, &mut |_| {}).unwrap();
    assert_eq!(first.ingested, 3);
    assert!(first.threads > 0);
    assert!(store.threads_current().unwrap(), "threads built from the last write");
    let generation = store.generation().unwrap();

    let again = ingest(&store, std::slice::from_ref(&folder), &opts, &mut |_| {}).unwrap();
    assert_eq!((again.unchanged, again.threads), (3, first.threads));
    assert_eq!(store.generation().unwrap(), generation, "nothing written, threads not replaced");

    // An ingest that stored a document and stopped before rebuilding the threads.
    store
        .put_document(&StoredDocument {
            accession: "0000000000-24-000001".into(),
            source_hash: "0".repeat(64),
            fingerprint: "interrupted".into(),
            text: corresp_model::Text::plain(String::from("Dear Sir: We have reviewed your filing.")),
            ..StoredDocument::default()
        })
        .unwrap();
    assert!(!store.threads_current().unwrap());
    let after = ingest(&store, std::slice::from_ref(&folder), &opts, &mut |_| {}).unwrap();
    assert_eq!(after.unchanged, 3);
    assert!(store.threads_current().unwrap(), "the unchanged ingest rebuilt the threads");
    assert!(store.generation().unwrap() > generation + 1);
}

/// Sets a file's modification time `secs` seconds back: older than the settle time, so stamped.
fn age(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs)).unwrap();
}

#[test]
fn a_file_known_by_its_stamp_is_not_read_and_any_change_to_it_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let folder = letters(dir.path(), 3);
    let file = |i: usize| folder.join(format!("response_{i}.htm"));
    for i in 0..3 {
        age(&file(i), 600);
    }
    let store = SqliteStore::open(&dir.path().join("corresp.db")).unwrap();
    let opts = IngestOptions { jobs: 2, ..Default::default() };
    let run = || ingest(&store, std::slice::from_ref(&folder), &opts, &mut |_| {}).unwrap();
    assert_eq!(run().ingested, 3);
    let again = run();
    assert_eq!((again.unchanged, again.unread), (3, 3), "all three known by their stamps");

    // Touched: same bytes, a new time. Read and hashed once (nothing extracted), stamped again.
    age(&file(0), 300);
    let touched = run();
    assert_eq!((touched.unchanged, touched.unread, touched.changed.len()), (3, 2, 0));
    assert_eq!(run().unread, 3, "the new stamp was recorded");

    // Changed in place to bytes of the same length, its modification time set back as it was:
    // the change time still differs, so the file is read and its letter stored again.
    let old = std::fs::metadata(file(1)).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(file(1)).unwrap().replace("<!-- 1 -->", "<!-- 7 -->");
    std::fs::write(file(1), text).unwrap();
    std::fs::File::options().write(true).open(file(1)).unwrap().set_modified(old).unwrap();
    let changed = run();
    assert_eq!((changed.replaced, changed.unchanged, changed.unread), (1, 2, 2));

    // Written just now: too fresh to stamp, so read (and skipped by its content) each time.
    std::fs::write(file(2), std::fs::read(file(2)).unwrap()).unwrap();
    for _ in 0..2 {
        let fresh = run();
        assert_eq!((fresh.unchanged, fresh.unread), (3, 2));
    }

    // --force reads everything.
    let forced = ingest(
        &store,
        std::slice::from_ref(&folder),
        &IngestOptions { force: true, ..opts.clone() },
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(forced.unread, 0);
}
