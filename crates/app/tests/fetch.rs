//! `fetch` end to end against a local EDGAR stand-in: letters downloaded once, ingested into
//! threads, release dates from daily indexes recorded, nothing sent without a User-Agent.
//! (The client's own rules, pacing, retries and resuming, are tested in `corresp-edgar`.)

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use corresp_app::fetch::{FetchRequest, NaiveDate, Quiet, fetch};
use corresp_store::{SqliteStore, Store};

/// Serves fixed files; logs every path with its User-Agent.
struct Edgar {
    url: String,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    log: Arc<Mutex<Vec<(String, String)>>>,
}

impl Edgar {
    fn start() -> Edgar {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let log: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (f, l) = (files.clone(), log.clone());
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut first, mut ua) = (String::new(), String::new());
                let _ = reader.read_line(&mut first);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = h.strip_prefix("user-agent:").or_else(|| h.strip_prefix("User-Agent:")) {
                        ua = v.trim().to_string();
                    }
                }
                let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
                l.lock().unwrap().push((path.clone(), ua));
                let body = f.lock().unwrap().get(&path).cloned();
                let _ = match body {
                    Some(b) => write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    )
                    .and_then(|_| stream.write_all(&b)),
                    None => write!(
                        stream,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    ),
                };
            }
        });
        Edgar { url, files, log }
    }

    fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.files.lock().unwrap().insert(path.to_string(), body.into());
    }

    fn paths(&self) -> Vec<String> {
        self.log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect()
    }
}

fn wrap(form: &str, body: &str) -> String {
    format!(
        "<DOCUMENT>\n<TYPE>{form}\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<HTML><BODY>{body}</BODY></HTML>\n</TEXT>\n</DOCUMENT>\n"
    )
}

/// Three letters of one review written for this test, the first on the submissions API's older page.
fn letters() -> Vec<(&'static str, &'static str, &'static str, String)> {
    vec![
        (
            "0000000000-24-000310",
            "UPLOAD",
            "2024-03-01",
            wrap(
                "LETTER",
                "<P>March 1, 2024</P><P>Jane Roe<BR>Chief Financial Officer<BR>Example Corp</P>\
<P>Re: Example Corp<BR>Form 10-K for the Fiscal Year Ended December 31, 2023<BR>Filed February 20, 2024<BR>File No. 001-12345</P>\
<P>Dear Jane Roe:</P><P>We have reviewed your filing and have the following comment.</P>\
<P><B>Form 10-K for the Fiscal Year Ended December 31, 2023</B></P><P><B>Management's Discussion and Analysis, page 40</B></P>\
<P>1. Please quantify the factors you cite for the change in revenue.</P>\
<P>Sincerely,</P><P>Division of Corporation Finance<BR>Office of Manufacturing</P>",
            ),
        ),
        (
            "0001004242-24-000020",
            "CORRESP",
            "2024-03-15",
            wrap(
                "CORRESP",
                "<P>March 15, 2024</P><P>Division of Corporation Finance<BR>Securities and Exchange Commission</P>\
<P>Re: Example Corp<BR>Form 10-K for the Fiscal Year Ended December 31, 2023<BR>Filed February 20, 2024<BR>File No. 001-12345</P>\
<P>This letter responds to the comment of the Staff in its letter dated March 1, 2024.</P>\
<P><I>1. Please quantify the factors you cite for the change in revenue.</I></P>\
<P>Response: In future filings we will quantify each factor.</P><P>Sincerely,<BR>Jane Roe</P>",
            ),
        ),
        (
            "0000000000-24-000402",
            "UPLOAD",
            "2024-04-02",
            wrap(
                "LETTER",
                "<P>April 2, 2024</P><P>Jane Roe<BR>Example Corp</P>\
<P>Re: Example Corp<BR>Form 10-K for the Fiscal Year Ended December 31, 2023<BR>File No. 001-12345</P>\
<P>We have completed our review of your filing. We remind you that the company and its management are responsible for the accuracy and adequacy of their disclosures.</P>\
<P>Sincerely,</P><P>Division of Corporation Finance<BR>Office of Manufacturing</P>",
            ),
        ),
    ]
}

fn columns(rows: &[&(&str, &str, &str, String)]) -> serde_json::Value {
    serde_json::json!({
        "accessionNumber": rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "filingDate": rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "acceptanceDateTime": rows.iter().map(|r| format!("{}T15:00:00.000Z", r.2)).collect::<Vec<_>>(),
        "form": rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "primaryDocument": rows.iter().map(|_| "filename1.htm").collect::<Vec<_>>(),
    })
}

fn publish(edgar: &Edgar) {
    let all = letters();
    let recent: Vec<_> = all.iter().skip(1).collect();
    let older: Vec<_> = all.iter().take(1).collect();
    let subs = serde_json::json!({"cik": "0000004242", "name": "EXAMPLE CORP", "filings": {
        "recent": columns(&recent),
        "files": [{"name": "CIK0000004242-submissions-001.json", "filingFrom": "2010-01-01", "filingTo": "2024-03-01"}]}});
    edgar.put("/submissions/CIK0000004242.json", subs.to_string());
    edgar.put("/submissions/CIK0000004242-submissions-001.json", columns(&older).to_string());
    for (acc, _, date, body) in &all {
        let folder = format!("/Archives/edgar/data/4242/{}", acc.replace('-', ""));
        let listing = serde_json::json!({"directory": {"name": folder, "item": [
            {"name": format!("{acc}-index.html"), "type": "text.gif", "size": "", "last-modified": format!("{date} 11:00:00")},
            {"name": format!("{acc}.txt"), "type": "text.gif", "size": "", "last-modified": format!("{date} 11:00:00")},
            {"name": "filename1.htm", "type": "text.gif", "size": body.len().to_string(), "last-modified": format!("{date} 11:00:00")}]}});
        edgar.put(&format!("{folder}/index.json"), listing.to_string());
        edgar.put(&format!("{folder}/filename1.htm"), body.clone());
    }
}

fn request(edgar: &Edgar) -> FetchRequest {
    FetchRequest {
        user_agent: "Corresp Tests tests@example.com".into(),
        edgar_url: Some(edgar.url.clone()),
        cik: Some("4242".into()),
        ..FetchRequest::default()
    }
}

/// Hits for `q` in the index at `dir`, opened as a search opens it.
fn corresp_index_hits(store: &dyn Store, dir: &Path, q: &str) -> usize {
    let opts = corresp_app::search::SearchOptions { limit: 10, ..Default::default() };
    corresp_app::search::search(store, dir, q, &opts).unwrap().hits.len()
}

fn stored_in_threads(store: &dyn Store) -> Vec<String> {
    let mut accs: Vec<String> = corresp_app::threads::list(store)
        .unwrap()
        .into_iter()
        .flat_map(|t| t.letters)
        .map(|l| l.accession)
        .collect();
    accs.sort();
    accs
}

#[test]
fn a_company_is_fetched_once_and_threaded() {
    let edgar = Edgar::start();
    publish(&edgar);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let store = SqliteStore::open(&db).unwrap();
    let s = fetch(&store, &db, &request(&edgar), &Quiet).unwrap();
    assert_eq!((s.report.filings.len(), s.downloaded(), s.failures().len()), (3, 3, 0));
    assert_eq!(s.ingest.as_ref().unwrap().ingested, 3, "{:?}", s.ingest);
    let mut want: Vec<String> = letters().iter().map(|l| l.0.to_string()).collect();
    want.sort();
    assert_eq!(stored_in_threads(&store), want);
    assert!(edgar.log.lock().unwrap().iter().all(|(_, ua)| ua == "Corresp Tests tests@example.com"));
    assert!(Path::new(&format!("{}.edgar/4242/company_submissions.json", db.display())).is_file());
    // The search index was brought in step by the fetch itself, not left to the first search.
    let dir = corresp_app::search::index_dir(&db);
    assert_eq!(corresp_app::search::stamp(&dir), Some(store.generation().unwrap()));
    let index = corresp_index_hits(&store, &dir, "Example");
    assert!(index > 0, "fetched letters are searchable");

    edgar.log.lock().unwrap().clear();
    let again = fetch(&store, &db, &request(&edgar), &Quiet).unwrap();
    assert_eq!((again.downloaded(), again.already_kept()), (0, 3));
    assert_eq!(edgar.paths().len(), 2, "the listings only: {:?}", edgar.paths());
    assert_eq!(again.ingest.unwrap().unchanged, 3);

    // The mirror lost, the store still knows them: nothing downloaded either.
    std::fs::remove_dir_all(format!("{}.edgar", db.display())).unwrap();
    edgar.log.lock().unwrap().clear();
    let third = fetch(&store, &db, &request(&edgar), &Quiet).unwrap();
    assert_eq!(third.downloaded(), 0);
    assert!(!edgar.paths().iter().any(|p| p.ends_with(".htm")));
}

#[test]
fn daily_indexes_record_the_first_day_each_letter_appears() {
    let edgar = Edgar::start();
    publish(&edgar);
    let head = "Description:           Daily Index of EDGAR Dissemination Feed by Company Name\n\n\
                CIK|Company Name|Form Type|Date Filed|File Name\n---------------------------------\n";
    edgar.put(
        "/Archives/edgar/daily-index/2024/QTR2/master.20240402.idx",
        format!(
            "{head}4242|EXAMPLE CORP|UPLOAD|20240301|edgar/data/4242/0000000000-24-000310.txt\n\
                 4242|EXAMPLE CORP|UPLOAD|20240402|edgar/data/4242/0000000000-24-000402.txt\n\
                 4242|EXAMPLE CORP|8-K|20240402|edgar/data/4242/0001004242-24-000031.txt\n"
        ),
    );
    edgar.put(
        "/Archives/edgar/daily-index/2024/QTR2/master.20240403.idx",
        format!("{head}4242|EXAMPLE CORP|UPLOAD|20240301|edgar/data/4242/0000000000-24-000310.txt\n"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let store = SqliteStore::open(&db).unwrap();
    let day = |d: u32| NaiveDate::from_ymd_opt(2024, 4, d).unwrap();
    let mut req = FetchRequest { days: vec![day(3)], cik: None, ..request(&edgar) };
    let s = fetch(&store, &db, &req, &Quiet).unwrap();
    assert_eq!((s.downloaded(), s.release_dates), (1, 1));
    // A later run over an earlier day moves the release back; the later day changes nothing.
    req.days = vec![day(2), day(3), day(6)];
    let s = fetch(&store, &db, &req, &Quiet).unwrap();
    assert_eq!(s.release_dates, 2, "both letters dated April 2");
    assert_eq!(s.report.missing_indexes.len(), 1, "April 6, 2024 was a Saturday");
    let released = |acc: &str| store.document(acc).unwrap().and_then(|d| d.edgar.release_date);
    assert_eq!(released("0000000000-24-000310"), Some(day(2)));
    assert_eq!(released("0000000000-24-000402"), Some(day(2)));
    let thread_dates: Vec<_> = corresp_app::threads::list(&store)
        .unwrap()
        .into_iter()
        .flat_map(|t| t.letters)
        .filter_map(|l| l.release_date)
        .collect();
    assert_eq!(thread_dates, [day(2), day(2)], "threads show release dates");
    // Recording release dates rebuilt the threads: the index followed that write too.
    let dir = corresp_app::search::index_dir(&db);
    assert_eq!(corresp_app::search::stamp(&dir), Some(store.generation().unwrap()));
}

#[test]
fn nothing_is_sent_or_stored_without_a_user_agent() {
    let edgar = Edgar::start();
    publish(&edgar);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let store = SqliteStore::open(&db).unwrap();
    for ua in ["", "no contact"] {
        let req = FetchRequest { user_agent: ua.into(), ..request(&edgar) };
        let e = fetch(&store, &db, &req, &Quiet).unwrap_err();
        assert!(e.to_string().contains("nothing was sent"), "{e}");
    }
    assert!(edgar.paths().is_empty());
    assert!(!Path::new(&format!("{}.edgar", db.display())).exists());
}
