//! `corresp ingest` and `corresp threads` as a user runs them: the built binary on folders of letters
//! written here, including an ingest killed with SIGKILL halfway and run again.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corresp_store::{SqliteStore, Store};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env_remove("CORRESP_DB").env("CORRESP_LOG", "error");
    c
}

/// A response letter in EDGAR's SGML wrapper, unique per `i` so each is its own document.
fn response_html(i: usize, answered: &str) -> String {
    let mut body = String::new();
    for n in 1..=6 {
        let _ = write!(
            body,
            "<p><b><i>{n}. Please tell us how you considered segment disclosure for widget line {i}.</i></b></p>\
             <p>The Company respectfully advises the Staff that widget line {i} is reported within its Industrial \
             segment, as described on page {n}4 of the Form 10-K.</p>"
        );
    }
    format!(
        "<DOCUMENT>\n<TYPE>CORRESP\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<HTML><BODY>\
         <p>May 28, 2019</p><p>Division of Corporation Finance<br>Securities and Exchange Commission</p>\
         <p><b>Re: Example Widgets {i}, Inc.<br>Form 10-K for the Fiscal Year Ended December 31, 2018<br>\
         Filed February 27, 2019<br>File No. 001-3{i:04}</b></p>\
         <p>Dear Ms. Smith:</p><p>This letter responds to the comments of the Staff in its letter dated {answered}.</p>\
         {body}<p>Sincerely,</p><p>/s/ Pat Jones<br>Chief Financial Officer</p></BODY></HTML>\n</TEXT>\n</DOCUMENT>\n"
    )
}

/// `n` loose letters plus one company in EDGAR's layout (a staff letter that is not a PDF, so it
/// fails, and an answer), so the runs exercise failures and threads too.
fn corpus(dir: &Path, n: usize) {
    let loose = dir.join("loose");
    std::fs::create_dir_all(&loose).unwrap();
    for i in 0..n {
        std::fs::write(loose.join(format!("letter-{i:05}.htm")), response_html(i, "May 14, 2019")).unwrap();
    }
    let company = dir.join("WID");
    for (acc, file, body, when) in [
        (
            "0000000000-19-000101",
            "filename1.pdf",
            "%PDF-1.4\n1 0 obj broken beyond repair".to_string(),
            "2019-05-14 14:29:15",
        ),
        (
            "0000012345-19-000007",
            "filename1.htm",
            response_html(99_999, "May 14, 2019"),
            "2019-05-28 16:00:00",
        ),
    ] {
        let f = company.join("WID_0000000000-19-000101/filings").join(acc);
        std::fs::create_dir_all(&f).unwrap();
        std::fs::write(f.join(file), body).unwrap();
        let index = format!(
            r#"{{"directory":{{"name":"/Archives/edgar/data/12345/{}","item":[{{"name":"{file}","type":"","size":"1","last-modified":"{when}"}}]}}}}"#,
            acc.replace('-', "")
        );
        std::fs::write(f.join("index.json"), index).unwrap();
    }
}

/// Everything a store holds, in a stable order, as text: two stores are equal when this is.
fn dump(db: &Path) -> String {
    let store = SqliteStore::open(db).unwrap();
    let mut out = String::new();
    let mut docs = Vec::new();
    store
        .for_each_document(&mut |d| {
            docs.push(format!("{d:?}"));
            Ok(())
        })
        .unwrap();
    docs.sort();
    for d in docs {
        out.push_str(&d);
        out.push('\n');
    }
    for f in store.failures().unwrap() {
        let _ = writeln!(out, "{f:?}");
    }
    for t in store.threads().unwrap() {
        let _ = writeln!(out, "{}", serde_json::to_string(&t).unwrap());
    }
    out
}

fn ingest(dir: &Path, db: &Path) -> std::process::Output {
    bin().arg("ingest").arg(dir).arg("--db").arg(db).output().unwrap()
}

#[test]
fn ingest_twice_changes_nothing_and_reports_failures() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path(), 5);
    let db = tmp.path().join("s.db");
    let first = ingest(tmp.path(), &db);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.starts_with("ingested 6, replaced 0, unchanged 0, failed 1"), "{text}");
    assert!(text.contains("failed: ") && text.contains("filename1.pdf"), "{text}");
    let before = dump(&db);
    let second = bin().args(["ingest", "--json"]).arg(tmp.path()).arg("--db").arg(&db).output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(summary["unchanged"], 6, "{summary}");
    assert_eq!(summary["ingested"], 0);
    assert_eq!(summary["failed"].as_array().unwrap().len(), 1, "a failure is reported again");
    assert_eq!(dump(&db), before);

    let threads = bin().args(["threads", "--json", "--db"]).arg(&db).output().unwrap();
    assert!(threads.status.success());
    let threads: serde_json::Value = serde_json::from_slice(&threads.stdout).unwrap();
    for t in threads.as_array().unwrap() {
        for key in ["id", "company", "cik", "filings", "letters", "rounds", "status", "days_to_complete"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        for l in t["letters"].as_array().unwrap() {
            for key in ["accession", "kind", "date", "release_date"] {
                assert!(l.get(key).is_some(), "{key} missing in {l}");
            }
        }
    }
    let edgar = threads
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["cik"] == "0000012345")
        .expect("the EDGAR company's thread");
    assert_eq!(edgar["letters"][0]["accession"], "0000012345-19-000007");
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["ingest", "/no/such/corresp/folder", "--db"])
        .arg(tmp.path().join("s.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/no/such/corresp/folder") && err.lines().count() == 1, "{err}");
    let out = bin().args(["threads", "--json", "--db"]).arg(tmp.path().join("none.db")).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.db"));
}

#[cfg(unix)]
#[test]
fn killed_ingest_then_rerun_equals_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 1500;
    corpus(tmp.path(), n);
    let whole = tmp.path().join("whole.db");
    assert!(ingest(tmp.path(), &whole).status.success());

    let killed = tmp.path().join("killed.db");
    let mut child = bin()
        .arg("ingest")
        .arg(tmp.path())
        .arg("--db")
        .arg(&killed)
        .args(["-j", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some documents are stored, then kill without warning.
    let start = Instant::now();
    let mut stored = 0;
    while start.elapsed() < Duration::from_secs(60) {
        if killed.exists() {
            stored = SqliteStore::open(&killed).and_then(|s| s.count_documents()).unwrap_or(0);
            if stored >= 20 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = child.id().to_string();
    let kill = Command::new("kill").args(["-9", &pid]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the ingest was killed, not finished");
    let after_kill = SqliteStore::open(&killed).unwrap().count_documents().unwrap();
    assert!(
        after_kill >= stored && after_kill < n as u64 + 2,
        "killed halfway: {after_kill} of {} stored",
        n + 2
    );

    let rerun = ingest(tmp.path(), &killed);
    assert!(rerun.status.success(), "{}", String::from_utf8_lossy(&rerun.stderr));
    let text = String::from_utf8_lossy(&rerun.stdout);
    assert!(
        text.contains(&format!("unchanged {}", after_kill.saturating_sub(1)))
            || text.contains(&format!("unchanged {after_kill}")),
        "{text}"
    );
    assert_eq!(dump(&killed), dump(&whole));
}
