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
