//! The real backend ([`Service`]) on a temporary store holding the test kit's hand-written letters:
//! what the UI tests run against wherever a page needs no letter a real pipeline would refuse
//! (the hostile fixtures stay with the fake backend).
//!
//! The letters go into the store as the kit wrote their records (the kit pins spans, topics and
//! asks that the pages are checked against); the threads, the comment–answer records, the search
//! index, the statistics and the caches are then the product's own.

#![allow(dead_code)]

use std::path::Path;

use corresp_app::service::Service;
use corresp_store::{SqliteStore, Store, StoredDocument};

/// Writes the kit's letters (the sample thread and the long thread) into a new store at `db` and
/// groups them into threads.
pub fn fixture_store(db: &Path) {
    let store = SqliteStore::open(db).expect("a new store");
    for td in [corresp_http::testkit::sample_thread(), corresp_http::testkit::long_thread()] {
        for d in td.docs {
            let sd = StoredDocument {
                source_hash: format!("{:0>64}", d.accession.replace('-', "")),
                fingerprint: format!("fixture-{}", d.accession),
                accession: d.accession,
                edgar: d.edgar,
                text: d.text,
                letter: d.letter,
                ..Default::default()
            };
            store.put_document(&sd).expect("store a fixture letter");
        }
    }
    corresp_app::threads::rebuild(&store).expect("group the fixture letters");
}

/// The real service over [`fixture_store`] in a temporary folder (kept as long as the service).
pub fn fixture_service() -> (Service, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("fixtures.db");
    fixture_store(&db);
    (Service::open(&db).expect("open the fixture store"), tmp)
}
