//! Replays every input kept under `fuzz/regressions/query/` (crashes the `query` fuzz target found,
//! and the hostile queries of issue 13) through the same entry point as the fuzz target: a search
//! on a small index in RAM. Each must return, as hits or as an error, without panicking or
//! overflowing the stack. Queries nested past the limit get "query nested too deeply".

use std::path::Path;

use corresp_index::{DocKind, Error, Index, IndexDoc, SearchOptions};

fn index() -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    for (i, text) in [
        "Please tell us how you considered the guidance on segment reporting.",
        "Revise your non-GAAP measures to remove the adjustment for revenue.",
        "We respectfully advise the Staff that goodwill impairment was considered.",
    ]
    .into_iter()
    .enumerate()
    {
        w.add(&IndexDoc {
            kind: Some(if i == 2 { DocKind::Response } else { DocKind::Comment }),
            accession: format!("0000000000-19-00000{i}"),
            ordinal: Some(i as u32 + 1),
            company: "Acme Widgets Inc".into(),
            text: text.into(),
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    index
}

#[test]
fn every_kept_query_input_returns() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/query");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs under {}", dir.display());
    // The search runs on a thread with a 512 KB stack, well under what a server's worker has.
    let results = std::thread::Builder::new()
        .stack_size(512 << 10)
        .spawn(move || {
            let index = index();
            files
                .into_iter()
                .map(|f| {
                    let q = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
                    let got = index.search(&q, &SearchOptions::default()).map(|r| r.hits.len());
                    (f, got)
                })
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .expect("no kept input panics or overflows the stack");
    for (f, got) in results {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if ["leading_minus_500", "open_parens_50000", "not_500"].contains(&name.as_str()) {
            match got {
                Err(Error::Query(m)) => assert!(m.contains("query nested too deeply"), "{name}: {m}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

/// Excluded phrases and groups (found by the `query` target: in a debug build tantivy's phrase
/// scorer asserted on the exclusion probe and the search panicked) exclude exactly what they name.
#[test]
fn excluded_phrases_and_groups_exclude_what_they_name() {
    let index = index();
    let hits = |q: &str| -> Vec<String> {
        let r = index.search(q, &SearchOptions::default()).unwrap_or_else(|e| panic!("{q}: {e}"));
        let mut accs: Vec<String> = r.hits.into_iter().map(|h| h.accession).collect();
        accs.sort();
        accs
    };
    let others = ["0000000000-19-000001", "0000000000-19-000002"];
    assert_eq!(hits("-\"segment reporting\""), others);
    assert_eq!(hits("NOT \"segment reporting\""), others);
    assert_eq!(hits("-(\"segment reporting\" please)"), others);
    assert_eq!(hits("-(\"segment reporting\" OR goodwill)"), ["0000000000-19-000001"]);
    assert_eq!(hits("-the-the"), ["0000000000-19-000000", "0000000000-19-000001", "0000000000-19-000002"]);
    assert_eq!(
        hits("company:acme -\"segment reporting\" -\"respectfully advise\""),
        ["0000000000-19-000001"]
    );
    assert_eq!(hits("-revenue"), ["0000000000-19-000000", "0000000000-19-000002"]);
}
