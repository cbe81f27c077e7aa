//! The client and the fetcher against a local EDGAR stand-in: fair access (User-Agent, pacing,
//! retries, gzip), the submissions API with older pages, indexes, and resuming.

mod support;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use corresp_edgar::{
    Client, ClientOptions, CompanyQuery, Endpoints, Error, Fetcher, IndexPeriod, ManualClock, Mirror, Outcome,
};
use support::{Company, Reply, Server, peak_per_second};

const UA: &str = "Corresp Tests tests@example.com";

/// A client on a manual clock: pacing and backoff cost no real time, and are recorded.
fn client(server: &Server, clock: &Arc<ManualClock>) -> Client {
    let mut o = ClientOptions::new(UA);
    o.endpoints = Endpoints::mirror(&server.url());
    o.clock = clock.clone();
    Client::new(o).unwrap()
}

fn cik() -> corresp_edgar::Cik {
    "4242".parse().unwrap()
}

#[test]
fn refuses_without_a_user_agent_and_sends_nothing() {
    let server = Server::start(None);
    Company::example().publish(&server);
    for ua in ["", "   ", "corresp"] {
        let mut o = ClientOptions::new(ua);
        o.endpoints = Endpoints::mirror(&server.url());
        let e = Client::new(o).err().expect("no client without a declared User-Agent");
        assert!(e.to_string().contains("nothing was sent"), "{e}");
    }
    assert!(server.hits().is_empty());
}

#[test]
fn company_with_older_pages_every_letter_once_with_the_user_agent() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    let company = Company::example();
    company.publish(&server);
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::beside(&tmp.path().join("c.db"));
    let c = client(&server, &clock);
    let report =
        Fetcher::new(&c, &mirror).company(CompanyQuery { cik: cik(), since: None, until: None }).unwrap();

    assert_eq!(report.filings.len(), 6, "three recent letters and three from the older page");
    assert_eq!(report.count(&Outcome::Downloaded), 6);
    let paths = server.paths();
    for doc in company.document_paths() {
        assert_eq!(paths.iter().filter(|p| **p == doc).count(), 1, "{doc} fetched once");
    }
    assert!(!paths.iter().any(|p| p.contains("x10k") || p.contains("-index") || p.ends_with(".gif")));
    // submissions + older page + (index.json + document) per letter
    assert_eq!(paths.len(), 2 + 2 * 6);
    assert!(server.hits().iter().all(|h| h.user_agent.as_deref() == Some(UA)));
    assert!(server.hits().iter().all(|h| h.accept_encoding.as_deref().is_some_and(|a| a.contains("gzip"))));

    // EDGAR's bytes, gzip undone, in the corpus layout.
    let (acc, _, _, name, bytes, _) = &company.filings[1];
    let kept = mirror.root().join("4242/correspondence/filings").join(acc).join(name);
    assert_eq!(&std::fs::read(kept).unwrap(), bytes);
    assert!(mirror.root().join("4242/company_submissions.json").is_file());
    assert!(mirror.root().join("4242").join(company.page_name()).is_file());
    assert!(mirror.root().join("4242/correspondence/filings").join(acc).join("index.json").is_file());

    // The second run asks for the listings only.
    server.clear();
    let again =
        Fetcher::new(&c, &mirror).company(CompanyQuery { cik: cik(), since: None, until: None }).unwrap();
    assert_eq!(again.count(&Outcome::OnDisk), 6);
    assert_eq!(server.paths().len(), 2, "{:?}", server.paths());
}

#[test]
fn dates_limit_the_letters_and_the_older_pages() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    Company::example().publish(&server);
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::new(tmp.path());
    let c = client(&server, &clock);
    let since = NaiveDate::from_ymd_opt(2024, 3, 10);
    let report = Fetcher::new(&c, &mirror).company(CompanyQuery { cik: cik(), since, until: None }).unwrap();
    let accs: Vec<_> = report.filings.iter().map(|f| f.filing.accession.to_string()).collect();
    assert_eq!(accs, ["0001004242-24-000020", "0000000000-24-000402"]);
    assert!(!server.paths().iter().any(|p| p.contains("submissions-001")), "the older page ends in 2015");
}

#[test]
fn pacing_on_a_controlled_clock_never_exceeds_ten_per_second() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    Company::example().publish(&server);
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::new(tmp.path());
    let c = client(&server, &clock);
    Fetcher::new(&c, &mirror).company(CompanyQuery { cik: cik(), since: None, until: None }).unwrap();
    let times: Vec<Duration> = server.hits().iter().map(|h| h.at_manual.unwrap()).collect();
    assert_eq!(times.len(), 14);
    assert!(peak_per_second(&times) <= 10);
    for w in times.windows(2) {
        assert!(w[1] - w[0] >= corresp_edgar::FAIR_ACCESS_INTERVAL, "{w:?}");
    }
    // Requests take no manual time, so the client slept exactly the gaps.
    assert_eq!(*times.last().unwrap(), corresp_edgar::FAIR_ACCESS_INTERVAL * 13);
}

#[test]
fn pacing_on_the_real_clock_as_a_server_counts_it() {
    let server = Server::start(None);
    server.serve("/x", Reply::ok("x"));
    let mut o = ClientOptions::new(UA);
    o.endpoints = Endpoints::mirror(&server.url());
    let c = Client::new(o).unwrap();
    for _ in 0..13 {
        c.get(&format!("{}/x", server.url())).unwrap();
    }
    let t0 = server.hits()[0].at;
    let times: Vec<Duration> = server.hits().iter().map(|h| h.at - t0).collect();
    assert!(peak_per_second(&times) <= 10, "{times:?}");
}

#[test]
fn retries_429_and_503_with_retry_after_then_backoff() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    server.serve_seq(
        "/busy",
        vec![Reply::status(429).header("Retry-After", "3"), Reply::status(503), Reply::ok("finally")],
    );
    let c = client(&server, &clock);
    let body = c.get(&format!("{}/busy", server.url())).unwrap();
    assert_eq!(body, b"finally");
    assert_eq!(server.hits().len(), 3);
    let sleeps = clock.sleeps();
    assert!(sleeps.contains(&Duration::from_secs(3)), "Retry-After honoured: {sleeps:?}");
    assert!(sleeps.contains(&Duration::from_secs(2)), "second backoff doubles the first: {sleeps:?}");
    assert_eq!(c.stats().requests, 3);
}

#[test]
fn gives_up_with_an_error_naming_the_url() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    server.serve("/down", Reply::status(500));
    server.serve("/forbidden", Reply::status(403));
    server.serve("/bad.json", Reply::ok("<html>maintenance</html>"));
    let c = client(&server, &clock);
    let down = format!("{}/down", server.url());
    let e = c.get(&down).unwrap_err();
    assert!(matches!(e, Error::Status { status: 500, attempts: 5, .. }), "{e}");
    assert!(e.to_string().contains(&down));
    assert_eq!(server.hits().len(), 5);
    let e = c.get(&format!("{}/forbidden", server.url())).unwrap_err();
    assert!(matches!(e, Error::Status { status: 403, attempts: 1, .. }), "403 is not retried: {e}");
    let e = c.get_json::<serde_json::Value>(&format!("{}/bad.json", server.url())).unwrap_err();
    assert!(matches!(e, Error::Json { .. }) && e.to_string().contains("/bad.json"), "{e}");
    let e = c.get(&format!("{}/nothing", server.url())).unwrap_err();
    assert!(e.is_not_found() && e.to_string().contains("/nothing"), "{e}");
}

#[test]
fn network_failures_are_retried_then_reported() {
    let clock = Arc::new(ManualClock::new());
    // A port that was open a moment ago and is closed now: connections are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut o = ClientOptions::new(UA);
    o.clock = clock.clone();
    o.max_attempts = 3;
    let c = Client::new(o).unwrap();
    let url = format!("http://127.0.0.1:{port}/x");
    let e = c.get(&url).unwrap_err();
    assert!(matches!(e, Error::Network { attempts: 3, .. }), "{e}");
    assert!(e.to_string().contains(&url));
    assert_eq!(clock.sleeps().iter().filter(|d| **d >= Duration::from_secs(1)).count(), 2);
    // A body cut short is retried too.
    let server = Server::start(Some(clock.clone()));
    server.serve_seq("/cut", vec![Reply::ok(vec![b'a'; 4000]).cut(), Reply::ok(vec![b'a'; 4000])]);
    let c = client(&server, &clock);
    assert_eq!(c.get(&format!("{}/cut", server.url())).unwrap().len(), 4000);
}

#[test]
fn resumes_after_an_interruption_without_fetching_twice() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    let company = Company::example();
    company.publish(&server);
    // The third letter's server dies (every retry fails), the fourth's listing is a 404.
    let third = company.document_paths()[2].clone();
    server.serve(&third, Reply::status(502));
    let fourth = format!("{}/index.json", company.folder(&company.filings[3].0));
    server.serve(&fourth, Reply::status(404));
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::new(tmp.path());
    let c = client(&server, &clock);
    let q = CompanyQuery { cik: cik(), since: None, until: None };
    let first = Fetcher::new(&c, &mirror).company(q).unwrap();
    assert_eq!(first.count(&Outcome::Downloaded), 4);
    assert_eq!(first.count(&Outcome::Failed(String::new())), 2);
    let failed: Vec<_> = first
        .filings
        .iter()
        .filter_map(|f| match &f.outcome {
            Outcome::Failed(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    assert!(failed[0].contains(&third) && failed[0].contains("502"), "{failed:?}");
    assert!(failed[1].contains(&fourth), "{failed:?}");
    // A partial file left by a killed process is not taken for a document.
    let fifth = &company.filings[4];
    let dir = mirror.filing_dir(cik(), &fifth.0.parse().unwrap());
    std::fs::remove_file(dir.join(&fifth.3)).unwrap();
    std::fs::write(dir.join(format!("{}.part", fifth.3)), &fifth.4[..10]).unwrap();

    company.publish(&server);
    server.clear();
    let second = Fetcher::new(&c, &mirror).company(q).unwrap();
    assert_eq!(second.count(&Outcome::Downloaded), 3);
    assert_eq!(second.count(&Outcome::OnDisk), 3);
    let docs: Vec<_> = server.paths().into_iter().filter(|p| company.document_paths().contains(p)).collect();
    assert_eq!(docs.len(), 3, "only the missing letters: {docs:?}");
    // The third letter's listing was kept by the first run: not asked for again.
    assert!(!server.paths().contains(&format!("{}/index.json", company.folder(&company.filings[2].0))));
    assert_eq!(std::fs::read(dir.join(&fifth.3)).unwrap(), fifth.4);
}

#[test]
fn letters_already_in_the_store_are_not_fetched() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    let company = Company::example();
    company.publish(&server);
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::new(tmp.path());
    let c = client(&server, &clock);
    let stored = company.filings[0].0.clone();
    let report = Fetcher::new(&c, &mirror)
        .skip_known(|a| a.as_str() == stored)
        .company(CompanyQuery { cik: cik(), since: None, until: None })
        .unwrap();
    assert_eq!(report.count(&Outcome::InStore), 1);
    assert!(!server.paths().iter().any(|p| p.starts_with(&company.folder(&stored))));
}

fn daily_index(lines: &[&str]) -> String {
    let mut s = String::from(
        "Description:           Daily Index of EDGAR Dissemination Feed by Company Name\n\
         Last Data Received:    April 2, 2024\nComments:              webmaster@sec.gov\n\
         Anonymous FTP:         ftp://ftp.sec.gov/edgar/\n\n\n\
         CIK|Company Name|Form Type|Date Filed|File Name\n\
         --------------------------------------------------------------------------------\n",
    );
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

#[test]
fn daily_indexes_give_the_day_each_letter_was_released() {
    let clock = Arc::new(ManualClock::new());
    let server = Server::start(Some(clock.clone()));
    let company = Company::example();
    company.publish(&server);
    // The UPLOAD dated March 1 became public on April 2, with the closing letter.
    server.serve(
        "/Archives/edgar/daily-index/2024/QTR2/master.20240402.idx",
        Reply::ok(daily_index(&[
            "4242|EXAMPLE CORP|UPLOAD|20240301|edgar/data/4242/0000000000-24-000310.txt",
            "4242|EXAMPLE CORP|UPLOAD|20240402|edgar/data/4242/0000000000-24-000402.txt",
            "4242|EXAMPLE CORP|10-Q|20240402|edgar/data/4242/0001004242-24-000030.txt",
            "5151|OTHER INC|CORRESP|20240402|edgar/data/5151/0005151000-24-000001.txt",
        ])),
    );
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::new(tmp.path());
    let c = client(&server, &clock);
    let f = Fetcher::new(&c, &mirror);
    let day = NaiveDate::from_ymd_opt(2024, 4, 2).unwrap();
    let report = f.index(IndexPeriod::Day(day), Some(cik())).unwrap();
    let got: Vec<_> = report
        .filings
        .iter()
        .map(|f| (f.filing.accession.to_string(), f.listed_on, f.outcome.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("0000000000-24-000310".to_string(), Some(day), Outcome::Downloaded),
            ("0000000000-24-000402".to_string(), Some(day), Outcome::Downloaded),
        ]
    );
    assert_eq!(report.filings[0].filing.filing_date, NaiveDate::from_ymd_opt(2024, 3, 1));
    assert!(
        server.paths().contains(&company.submissions_path()),
        "forms for ingest come with the submissions JSON"
    );
    assert!(!server.paths().iter().any(|p| p.contains("5151")), "--cik limits the index");

    // A weekend has no daily index: noted, not an error.
    let sunday = NaiveDate::from_ymd_opt(2024, 4, 7).unwrap();
    let r = f.index(IndexPeriod::Day(sunday), None).unwrap();
    assert_eq!(
        r.missing_indexes,
        [format!("{}/Archives/edgar/daily-index/2024/QTR2/master.20240407.idx", server.url())]
    );
    // A quarter's full index lists all companies.
    server.serve(
        "/Archives/edgar/full-index/2015/QTR2/master.idx",
        Reply::ok(daily_index(&[
            "4242|EXAMPLE CORP|UPLOAD|2015-06-01|edgar/data/4242/0000000000-15-000111.txt",
            "4242|EXAMPLE CORP|CORRESP|2015-06-20|edgar/data/4242/0001004242-15-000007.txt",
        ])),
    );
    let q = f.index(IndexPeriod::Quarter { year: 2015, quarter: 2 }, None).unwrap();
    assert_eq!(q.count(&Outcome::Downloaded), 2);
    assert!(q.filings.iter().all(|f| f.listed_on.is_none()), "a quarter does not date releases");
    assert!(f.index(IndexPeriod::Quarter { year: 2016, quarter: 1 }, None).unwrap_err().is_not_found());
}
