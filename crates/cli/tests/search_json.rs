//! `corresp search --json` as a user runs it: the built binary on a store ingested from
//! `testdata/letters/`, checked against the contract's fields, and bad queries refused cleanly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env_remove("CORRESP_DB").env("CORRESP_LOG", "error");
    c
}

fn letters() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters")
}

/// A store of the test letters in a fresh temporary folder.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = bin().arg("ingest").arg(letters()).arg("--db").arg(&db).output().unwrap();
    assert!(out.status.success(), "ingest failed: {}", String::from_utf8_lossy(&out.stderr));
    (dir, db)
}

fn search(db: &Path, args: &[&str]) -> Output {
    bin().arg("search").args(args).arg("--db").arg(db).output().unwrap()
}

fn hits(db: &Path, query: &str) -> Vec<serde_json::Value> {
    let out = search(db, &[query, "--json"]);
    assert!(out.status.success(), "{query:?}: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap_or_else(|| panic!("{query:?}: not an array: {v}")).clone()
}

#[test]
fn hits_carry_the_contract_fields_best_first() {
    let (_dir, db) = store();
    let hits = hits(&db, "warranty reserve");
    assert!(!hits.is_empty(), "the staff letters speak of the warranty reserve");
    for h in &hits {
        for key in ["accession", "kind", "company", "date", "ordinal", "score", "snippet"] {
            assert!(h.get(key).is_some(), "hit lacks {key}: {h}");
        }
        assert!(h["accession"].as_str().is_some_and(|a| !a.is_empty()), "{h}");
        let kind = h["kind"].as_str().unwrap();
        assert!(["comment", "response", "letter"].contains(&kind), "{h}");
        // A letter has no ordinal; a comment or an answer has its position.
        assert_eq!(h["ordinal"].is_null(), kind == "letter", "{h}");
        assert!(h["score"].as_f64().is_some(), "{h}");
        assert!(h["date"].is_null() || h["date"].as_str().is_some_and(|d| d.len() == 10), "{h}");
        assert!(h["snippet"].as_str().is_some(), "{h}");
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    // A comment itself outranks the letter that holds it.
    let first = &hits[0];
    assert_eq!(first["kind"], "comment", "{first}");
    assert!(first["snippet"].as_str().unwrap().contains("<b>warranty</b>"), "{first}");
    assert!(hits.iter().any(|h| h["kind"] == "letter"), "the letters match too");
}

#[test]
fn a_comments_opening_finds_that_comment_and_limit_is_kept() {
    let (_dir, db) = store();
    for q in [
        "Please quantify each factor that contributed to the 12 increase",
        "\"Please quantify each factor that contributed to the 12% increase\"",
    ] {
        let hits = hits(&db, q);
        let first = hits.iter().find(|h| h["kind"] == "comment").unwrap_or_else(|| panic!("{q:?}: {hits:?}"));
        assert_eq!(first["ordinal"], 1, "{q:?}: {first}");
    }
    let out = search(&db, &["sales", "--json", "--limit", "1"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    // Nothing found is an empty array, not an error.
    assert!(hits(&db, "\"zeppelin hangar\"").is_empty());
}

#[test]
fn bad_queries_exit_non_zero_with_one_clear_line() {
    let (_dir, db) = store();
    for (q, says) in [
        ("\"warranty reserve", "unbalanced quote"),
        ("colour:blue sales", "unknown field `colour:`"),
        ("year:twenty", "not a year"),
        ("(sales OR reserve", "never closed"),
    ] {
        let out = search(&db, &[q, "--json"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{q:?} should fail");
        assert!(err.contains(says), "{q:?}: {err}");
        assert!(!err.contains("panicked"), "{q:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{q:?}: one line: {err}");
        assert!(out.stdout.is_empty(), "{q:?}: nothing on stdout");
    }
}
