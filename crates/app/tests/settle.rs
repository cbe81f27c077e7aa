//! A serving process follows another writer into its search index, replacing the index documents
//! of the letters that changed; once the store has been quiet for a while it folds the replaced
//! ones away, and its ranked lists are then those of an index built afresh from the same store:
//! what makes two serve nodes of one team store answer alike.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corresp_app::ingest::IngestOptions;
use corresp_app::service::{SETTLE as SERVICE_SETTLE, SearchQuery, Service};
use corresp_index::{Index, SearchOptions};
use corresp_store::SqliteStore;

/// The workspace's test letters, copied so that one can be changed.
fn letters(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters");
    let to = dir.join("letters");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name();
        if [".htm", ".pdf", ".txt"].iter().any(|x| name.to_string_lossy().ends_with(x)) {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
    to
}

/// (letter, ordinal, score) of each hit.
type Ranked = Vec<(String, Option<u32>, f32)>;

fn served(service: &Service, q: &str) -> Ranked {
    let q = SearchQuery { q: q.into(), limit: Some(50), ..Default::default() };
    service.search_hits(&q).unwrap().hits.into_iter().map(|h| (h.accession, h.ordinal, h.score)).collect()
}

fn fresh(index: &Index, q: &str) -> Ranked {
    let opts = SearchOptions { limit: 50, ..Default::default() };
    index.search(q, &opts).unwrap().hits.into_iter().map(|h| (h.accession, h.ordinal, h.score)).collect()
}

#[test]
fn a_followed_index_settles_to_the_ranking_of_one_built_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let folder = letters(dir.path());
    let db = dir.path().join("corresp.db");
    let store = SqliteStore::open(&db).unwrap();
    let opts = IngestOptions { jobs: 1, ..Default::default() };
    let ingest = |store: &SqliteStore| {
        corresp_app::update::ingest_and_index(store, &db, std::slice::from_ref(&folder), &opts, &mut |_| {})
            .unwrap()
    };
    ingest(&store);
    let service = Service::open(&db).unwrap();
    let queries = ["revenue", "segment", "please tell us", "kind:comment"];
    for q in queries {
        served(&service, q);
    }
    // Another writer changes the company's letter: its index documents are replaced.
    let response = folder.join("response.htm");
    let html = std::fs::read_to_string(&response).unwrap();
    std::fs::write(
        &response,
        html.replace("</body>", "<p>We will expand the segment revenue discussion.</p></body>"),
    )
    .unwrap();
    assert_eq!(ingest(&store).replaced, 1, "the changed letter is stored again");

    let rebuilt = dir.path().join("fresh-index");
    corresp_app::search::reindex(&store, &rebuilt).unwrap();
    let afresh = Index::open(&rebuilt).unwrap();
    let want: Vec<Ranked> = queries.iter().map(|q| fresh(&afresh, q)).collect();
    assert!(want.iter().all(|r| !r.is_empty()), "{want:?}");
    let t = Instant::now();
    loop {
        let got: Vec<Ranked> = queries.iter().map(|q| served(&service, q)).collect();
        if got == want {
            break;
        }
        assert!(
            t.elapsed() < SERVICE_SETTLE + Duration::from_secs(20),
            "the served ranking never settled to the fresh one:\n{got:?}\n{want:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
