//! The comment–answer record over the real DEV corpus: answers paired to the comments of the staff
//! letter they answer, and follow-up links scored against the hand labels of
//! `shared/corpus/chains-examples.json` (the way `shared/tools/score_chains.py` scores them).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use corresp_app::ingest::{IngestOptions, ingest};
use corresp_model::LetterKind;
use corresp_store::SqliteStore;

fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn key(acc: &str, n: Option<&str>) -> String {
    format!("{acc}:{}", n.unwrap_or("null"))
}

#[test]
fn answers_pair_and_follow_ups_match_the_hand_labels() {
    let corpus = shared().join("corpus");
    if !corpus.join("lehigh").is_dir() {
        assert!(
            std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
            "CORRESP_REQUIRE_ALL is set (CI): this test may not skip"
        );
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&tmp.path().join("corpus.db")).unwrap();
    ingest(&store, &[corpus.join("lehigh")], &IngestOptions::default(), &mut |_| {}).unwrap();
    let views = corresp_app::review::load_all(&store).unwrap();

    // Pairing: a response is right when every answer it gives is paired with a comment of the
    // staff letter it answers.
    let (mut responses, mut all_paired, mut answers, mut unpaired) = (0, 0, 0, Vec::new());
    for v in &views {
        for l in v.letters.iter().filter(|l| l.kind == LetterKind::Response && !l.responses.is_empty()) {
            responses += 1;
            answers += l.responses.len();
            let missing: Vec<_> = l.responses.iter().filter(|a| a.paired_with.is_none()).collect();
            if missing.is_empty() {
                all_paired += 1;
            }
            for a in missing {
                let why = v
                    .pairing_notes
                    .iter()
                    .find(|n| n.accession == l.accession && n.ordinal.is_none_or(|o| o == a.ordinal))
                    .map_or("no note".to_string(), |n| format!("{}: {}", n.code, n.message));
                unpaired.push(format!("{} answer {}: {why}", l.accession, a.ordinal));
            }
        }
    }
    eprintln!(
        "responses {responses}, every answer paired {all_paired} ({:.1} %); answers {answers}, unpaired {}",
        100.0 * all_paired as f64 / responses as f64,
        unpaired.len()
    );
    for u in &unpaired {
        eprintln!("  {u}");
    }

    // Follow-ups against the hand labels (skip-round links are neutral, as in score_chains.py).
    let gold: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus.join("chains-examples.json")).unwrap()).unwrap();
    let mut labelled = BTreeSet::new();
    let mut gold_links: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut neutral = BTreeSet::new();
    // Rounds the matter went on after the comment's own (the labels number rounds over their own
    // thread, which may hold two of our reviews).
    let mut gold_last: HashMap<String, u64> = HashMap::new();
    for t in gold["threads"].as_array().unwrap() {
        for c in t["comments"].as_array().unwrap() {
            let k = key(c["accession"].as_str().unwrap(), c["number"].as_str());
            gold_last.insert(k.clone(), c["last_round"].as_u64().unwrap() - c["round"].as_u64().unwrap());
            for f in c["followed_up_by"].as_array().unwrap() {
                let to = key(f["accession"].as_str().unwrap(), f["number"].as_str());
                gold_links.insert((k.clone(), to), f["how"].as_str().unwrap().to_string());
            }
            for f in c["later_followed_up_by"].as_array().unwrap() {
                neutral.insert((k.clone(), key(f["accession"].as_str().unwrap(), f["number"].as_str())));
            }
            labelled.insert(k);
        }
    }
    let mut predicted = BTreeSet::new();
    let mut last_ok = 0;
    for v in &views {
        for l in &v.letters {
            for c in &l.comments {
                let from = key(&l.accession, c.number.as_deref());
                if !labelled.contains(&from) {
                    continue;
                }
                let went_on = c.outcome.as_ref().zip(c.round).map(|(o, r)| (o.last_round - r) as u64);
                if went_on == gold_last.get(&from).copied() {
                    last_ok += 1;
                }
                for f in &c.follow_ups {
                    let to = key(&f.accession, f.number.as_deref());
                    if labelled.contains(&to) && !neutral.contains(&(from.clone(), to.clone())) {
                        predicted.insert((from.clone(), to));
                    }
                }
            }
        }
    }
    let tp = predicted.iter().filter(|l| gold_links.contains_key(*l)).count();
    for l in predicted.iter().filter(|l| !gold_links.contains_key(*l)) {
        eprintln!("  FP {} -> {}", l.0, l.1);
    }
    for (l, how) in gold_links.iter().filter(|(l, _)| !predicted.contains(*l)) {
        eprintln!("  FN {} -> {} {how}", l.0, l.1);
    }
    let p = tp as f64 / predicted.len().max(1) as f64;
    let r = tp as f64 / gold_links.len() as f64;
    eprintln!("chains: P {p:.3} R {r:.3}, last_round {last_ok}/{}", labelled.len());

    // Measured on 2026-12-07: 199 of 202 responses (98.5 %) with every answer paired, 7 of 609
    // answers unpaired (4 in a supplemental letter after the review closed, 2 answering more
    // comments than the staff letter was read to hold, 1 unnumbered); chains P 0.979 R 0.920,
    // last_round 98/100. The implicit-link threshold was chosen on these 12 labelled threads.
    assert!(
        all_paired as f64 >= 0.95 * responses as f64,
        "only {all_paired} of {responses} responses pair fully"
    );
    assert!(p >= 0.95 && r >= 0.88, "chains P {p:.3} R {r:.3}");
    assert!(last_ok >= 95, "last_round {last_ok}/100");
}
