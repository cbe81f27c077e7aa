//! `corresp stats` as a user runs it on a store of the test letters: the JSON on stdout, and the
//! CSV, Parquet and chart files it writes, all from one reading of the store (`app::stats`).

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env_remove("CORRESP_DB").env("CORRESP_LOG", "error");
    c
}

#[test]
fn stats_prints_json_and_writes_its_tables_and_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("c.db");
    let letters = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters");
    let out = bin().args(["ingest", "--db"]).arg(&db).arg(&letters).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let (csv, comments, parquet, charts) =
        (tmp.path().join("t.csv"), tmp.path().join("c.csv"), tmp.path().join("pq"), tmp.path().join("svg"));
    let out = bin()
        .args(["stats", "--json", "--letters", "all", "--db"])
        .arg(&db)
        .arg("--csv")
        .arg(&csv)
        .arg("--comments-csv")
        .arg(&comments)
        .arg("--parquet")
        .arg(&parquet)
        .arg("--charts")
        .arg(&charts)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["definitions"]["letters"], "all", "{v}");
    let reviews = v["reviews"].as_u64().unwrap() as usize;
    assert!(reviews >= 1, "{v}");
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with("id,company,cik,forms,year"), "{csv}");
    assert_eq!(csv.lines().count(), reviews + 1, "{csv}");
    assert!(std::fs::read_to_string(&comments).unwrap().starts_with("thread_id,accession"));
    for name in ["threads.parquet", "comments.parquet"] {
        assert!(std::fs::read(parquet.join(name)).unwrap().starts_with(b"PAR1"), "{name}");
    }
    for name in ["letters_per_review.svg", "days_to_complete.svg"] {
        assert!(std::fs::read_to_string(charts.join(name)).unwrap().starts_with("<svg"), "{name}");
    }

    // A file that cannot be written is named in the error.
    let out = bin()
        .args(["stats", "--db"])
        .arg(&db)
        .arg("--csv")
        .arg(tmp.path().join("no/such/dir/t.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/dir/t.csv"), "{err}");
}
