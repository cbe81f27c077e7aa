//! `corresp draft` as a user runs it: a staff letter written here drafted into each format with a
//! store of letters for precedents, and a company response refused with one line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env("CORRESP_LOG", "error");
    c
}

fn letter(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters").join(name)
}

#[test]
fn a_staff_letter_drafts_in_every_format_and_a_response_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // Precedents come from other companies' letters in the store.
    let out = bin()
        .args(["ingest", "--db"])
        .arg(&db)
        .args([letter("staff_letter.txt"), letter("response.htm"), letter("draft_unnumbered_letter.txt")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out =
        bin().arg("draft").arg(letter("draft_comment_letter.txt")).arg("--db").arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    for n in 1..=4 {
        assert!(md.contains(&format!("[Response to comment {n}]")), "{md}");
    }
    assert!(md.contains("Note to draft"), "precedents from the store: {md}");

    for ext in ["docx", "html", "json", "md"] {
        let path = dir.path().join(format!("response.{ext}"));
        let out = bin()
            .arg("draft")
            .arg(letter("draft_comment_letter.txt"))
            .arg("--db")
            .arg(&db)
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{ext}: {}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(&path).unwrap();
        match ext {
            "docx" => assert!(bytes.starts_with(b"PK\x03\x04")),
            "html" => assert!(String::from_utf8_lossy(&bytes).to_lowercase().starts_with("<!doctype html>")),
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(v["sections"].as_array().unwrap().len(), 4);
            }
            _ => assert!(String::from_utf8_lossy(&bytes).contains("**1. You attribute the 14% increase")),
        }
    }

    let out = bin().arg("draft").arg(letter("response.htm")).arg("--db").arg(&db).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim(), "corresp: this is a company response, not a staff comment letter");
    assert!(out.stdout.is_empty());

    let out = bin().args(["draft", "no-such-file.pdf", "--db"]).arg(&db).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
}
