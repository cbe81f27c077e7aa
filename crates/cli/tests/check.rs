//! `corresp check` as a user runs it: the built binary on a letter written here, on standard input,
//! and on a file that does not exist.

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env("CORRESP_LOG", "error");
    c
}

const LETTER: &str = "<DOCUMENT>\n<TYPE>CORRESP\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<HTML><BODY>\
    <p>April 2, 2024</p><p>Dear Mr. Reyes:</p>\
    <p>Response: We will revise our disclosure as follows:</p>\
    <p>&#147;Net sales increased by 12.5% from $480.0&nbsp;million in 2022 to $540.0 million in 2023. \
    Cost of sales increased by 9.0% from $300.0 million in 2022 to $330.0 million in 2023.&#148;</p>\
    <p>Sincerely,</p></BODY></HTML>\n</TEXT>\n</DOCUMENT>\n";

#[test]
fn json_claims_with_offsets_into_the_extracted_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filename1.htm");
    std::fs::write(&path, LETTER).unwrap();
    let out = bin().args(["check", path.to_str().unwrap(), "--json"]).output().unwrap();
    // The second statement does not hold: the run fails like a linter's, the JSON is whole.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2, "{v}");
    let text = bin().args(["extract", path.to_str().unwrap()]).output().unwrap().stdout;
    for c in claims {
        let (s, e) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert_eq!(std::str::from_utf8(&text[s..e]).unwrap(), c["text"].as_str().unwrap());
        for key in ["kind", "stated", "computed", "verdict"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
    assert_eq!(claims[0]["verdict"], "consistent");
    assert_eq!(claims[1]["verdict"], "inconsistent");
    assert_eq!(claims[1]["computed"], 10.0);
}

#[test]
fn report_from_standard_input() {
    let mut child =
        bin().args(["check", "--text"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"Fees fell by 20.0% to $4.0 million from $6.0 million.").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a figure that does not hold fails the run");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("WRONG"), "{report}");
    assert!(report.contains("1 statements: 0 consistent, 1 inconsistent"), "{report}");
    assert!(report.contains("rounding allows 19.95..20.05; recomputed 31.9328..34.7107"), "{report}");
}

fn check_stdin(args: &[&str], text: &str) -> std::process::Output {
    let mut child =
        bin().arg("check").args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn exit_code_like_a_linter() {
    let bad = "Fees fell by 20.0% to $4.0 million from $6.0 million.";
    let good = "Fees fell by 33.3% to $4.0 million from $6.0 million.";
    assert_eq!(check_stdin(&["--text"], good).status.code(), Some(0));
    assert_eq!(check_stdin(&["--text", "--json"], bad).status.code(), Some(1));
    assert_eq!(check_stdin(&["--text", "--exit-zero"], bad).status.code(), Some(0));
}

#[test]
fn tolerance_and_weak_in_the_json() {
    let out = check_stdin(
        &["--text", "--json"],
        "Sales rose $0.5 billion, or 70%, to $1.2 billion from $0.7 billion.",
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pct = v["claims"].as_array().unwrap().iter().find(|c| c["kind"] == "percent_change").unwrap().clone();
    assert_eq!(pct["verdict"], "consistent", "{pct}");
    assert_eq!(pct["weak"], true, "{pct}");
    let lo = pct["tolerance"]["computed"][0].as_f64().unwrap();
    let hi = pct["tolerance"]["computed"][1].as_f64().unwrap();
    assert!((50.0..56.0).contains(&lo) && (90.0..95.0).contains(&hi), "{pct}");
    assert_eq!(pct["tolerance"]["stated"], serde_json::json!([69.5, 70.5]));
}

#[test]
fn missing_file_is_one_line_naming_it() {
    let out = bin().args(["check", "/no/such/letter.htm", "--json"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/letter.htm"), "{err}");
}
