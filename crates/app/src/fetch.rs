//! Fetch: EDGAR's correspondence into the mirror beside the store, then into the store.
//!
//! The download itself is `corresp_edgar`'s (fair access, resuming); this use case decides what
//! to list, skips what the store already holds, ingests the company folders of the mirror,
//! records the day each letter was released when the listing came from a daily index, and brings
//! the search index in step with all of that ([`crate::update::index_changes`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use chrono::NaiveDate;
use corresp_edgar::{
    Cik, Client, ClientOptions, CompanyQuery, Endpoints, Fetcher, IndexPeriod, Mirror, Outcome,
};
use corresp_store::Store;

use crate::ingest::{IngestOptions, IngestSummary};
use crate::{Error, Result};

/// What to fetch, resolved from the command line.
#[derive(Debug, Clone, Default)]
pub struct FetchRequest {
    /// The declared User-Agent ("Name contact@example.com"); nothing is sent without one.
    pub user_agent: String,
    /// One base replacing both EDGAR hosts (a mirror, a test server).
    pub edgar_url: Option<String>,
    /// The company: alone, its filings through the submissions API; with `quarter` or `days`,
    /// a filter on those indexes.
    pub cik: Option<String>,
    /// Earliest filing date (submissions API only).
    pub since: Option<NaiveDate>,
    /// Latest filing date (submissions API only).
    pub until: Option<NaiveDate>,
    /// A quarter's full index, as (year, quarter).
    pub quarter: Option<(i32, u8)>,
    /// Daily indexes: each letter listed gets its release date.
    pub days: Vec<NaiveDate>,
}

/// What a fetch did.
#[derive(Debug, Clone, Default)]
pub struct FetchSummary {
    /// The download's report: every correspondence filing listed and what happened to it.
    pub report: corresp_edgar::Report,
    /// Requests sent to EDGAR, retries included.
    pub requests: u64,
    /// Bytes received.
    pub bytes: u64,
    /// The mirror folder the documents are kept in.
    pub mirror: PathBuf,
    /// The ingest of the mirror's company folders (none when nothing was listed).
    pub ingest: Option<IngestSummary>,
    /// Release dates recorded (letters seen in a daily index for the first time, or earlier
    /// than recorded before).
    pub release_dates: usize,
}

impl FetchSummary {
    /// Letters downloaded in this run.
    pub fn downloaded(&self) -> usize {
        self.report.count(&Outcome::Downloaded)
    }

    /// Letters not downloaded because the mirror or the store already had them.
    pub fn already_kept(&self) -> usize {
        self.report.count(&Outcome::OnDisk) + self.report.count(&Outcome::InStore)
    }

    /// Filings that could not be downloaded, with the cause (the next run tries them again).
    pub fn failures(&self) -> Vec<(String, String)> {
        self.report
            .filings
            .iter()
            .filter_map(|f| match &f.outcome {
                Outcome::Failed(m) => Some((f.filing.accession.to_string(), m.clone())),
                _ => None,
            })
            .collect()
    }
}

/// Refuses a missing or unusable User-Agent, before anything is opened or sent.
pub fn check_user_agent(user_agent: &str) -> Result<()> {
    Client::new(ClientOptions::new(user_agent))?;
    Ok(())
}

/// Parses `YEAR:QTR` (`2024:1`, `2024:QTR1`, `2024Q1`).
pub fn parse_quarter(s: &str) -> std::result::Result<(i32, u8), String> {
    let bad = || format!("{s:?} is not YEAR:QTR (e.g. 2024:1)");
    let t = s.trim().to_ascii_uppercase();
    let (y, q) = t.split_once(':').or_else(|| t.split_once('Q')).ok_or_else(bad)?;
    let q = q.trim_start_matches("QTR").trim_start_matches('Q');
    let year: i32 = y.trim().parse().map_err(|_| bad())?;
    let quarter: u8 = q.trim().parse().map_err(|_| bad())?;
    if !(1993..=9999).contains(&year) || !(1..=4).contains(&quarter) {
        return Err(bad());
    }
    Ok((year, quarter))
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_day(s: &str) -> std::result::Result<NaiveDate, String> {
    corresp_edgar::parse_date(s).ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// Callbacks for a terminal: download progress, then ingest progress.
pub trait FetchProgress {
    /// After each filing listed: `done` of `total`.
    fn fetched(&self, done: usize, total: usize);
    /// After each file ingested.
    fn ingested(&self, path: &Path);
}

/// Progress that shows nothing.
pub struct Quiet;

impl FetchProgress for Quiet {
    fn fetched(&self, _: usize, _: usize) {}
    fn ingested(&self, _: &Path) {}
}

/// Fetches what `req` names into the mirror beside `db` (`<db>.edgar/`), ingests it into
/// `store` and updates the search index beside `db`. A User-Agent is checked before anything else, so a refusal sends nothing. Filings
/// that fail to download are reported in the summary, not as an error: the rest are ingested and
/// the next run picks the failed ones up.
pub fn fetch(
    store: &dyn Store,
    db: &Path,
    req: &FetchRequest,
    progress: &dyn FetchProgress,
) -> Result<FetchSummary> {
    let mut opts = ClientOptions::new(req.user_agent.clone());
    if let Some(base) = &req.edgar_url {
        opts.endpoints = Endpoints::mirror(base);
    }
    let client = Client::new(opts)?;
    let cik: Option<Cik> =
        req.cik.as_deref().map(str::parse).transpose().map_err(corresp_edgar::Error::from)?;
    if cik.is_none() && req.quarter.is_none() && req.days.is_empty() {
        return Err(Error::Usage("nothing to fetch: give --cik, --index or --daily".into()));
    }
    let mirror = Mirror::beside(db);
    let before = store.generation()?;
    // Letters already stored and readable are not downloaded again, even if the mirror is gone.
    let stored: HashSet<String> = store.fingerprints()?.into_iter().map(|(key, _)| key).collect();
    let fetcher = Fetcher::new(&client, &mirror)
        .skip_known(|a| stored.contains(a.as_str()))
        .on_progress(|p| progress.fetched(p.done, p.total));

    let mut report = corresp_edgar::Report::default();
    if let Some((year, quarter)) = req.quarter {
        report.merge(fetcher.index(IndexPeriod::Quarter { year, quarter }, cik)?);
    }
    for day in &req.days {
        report.merge(fetcher.index(IndexPeriod::Day(*day), cik)?);
    }
    if let (Some(cik), None, true) = (cik, req.quarter, req.days.is_empty()) {
        report.merge(fetcher.company(CompanyQuery { cik, since: req.since, until: req.until })?);
    }
    drop(fetcher);

    let folders: Vec<PathBuf> =
        report.companies.iter().map(|c| mirror.company_dir(*c)).filter(|d| d.is_dir()).collect();
    let mut ingest = if folders.is_empty() {
        None
    } else {
        Some(crate::ingest::ingest(store, &folders, &IngestOptions::default(), &mut |p| {
            progress.ingested(p)
        })?)
    };

    let mut release_dates = 0;
    for f in &report.filings {
        let Some(day) = f.listed_on else { continue };
        let acc = f.filing.accession.as_str();
        let known = store.document(acc)?.and_then(|d| d.edgar.release_date);
        if known.is_none_or(|k| day < k) {
            store.set_release_date(acc, day)?;
            release_dates += 1;
        }
    }
    let mut changed: Vec<String> = ingest.as_ref().map(|i| i.changed.clone()).unwrap_or_default();
    if release_dates > 0 {
        // Threads carry each letter's release date: rebuild them to show the new ones.
        let already: HashSet<String> = changed.iter().cloned().collect();
        let (threads, outcomes) = crate::threads::rebuild_and_compare(store, Some(&already))?;
        changed.extend(outcomes.into_iter().filter(|a| !already.contains(a)));
        if let Some(i) = ingest.as_mut() {
            i.threads = threads;
        }
    }
    crate::update::index_changes(store, db, before, &changed)?;
    let stats = client.stats();
    Ok(FetchSummary {
        report,
        requests: stats.requests,
        bytes: stats.bytes,
        mirror: mirror.root().to_path_buf(),
        ingest,
        release_dates,
    })
}

#[cfg(test)]
mod tests {
    //! Argument parsing; the whole fetch runs against a local server in `tests/fetch.rs`.
    use super::*;

    #[test]
    fn quarters_in_the_usual_spellings() {
        assert_eq!(parse_quarter("2024:1"), Ok((2024, 1)));
        assert_eq!(parse_quarter("2016:QTR3"), Ok((2016, 3)));
        assert_eq!(parse_quarter("2019q4"), Ok((2019, 4)));
        for bad in ["2024", "2024:5", "24:1", "x:1", ""] {
            assert!(parse_quarter(bad).is_err(), "{bad}");
        }
        assert!(parse_day("2024-02-30").is_err());
        assert_eq!(parse_day("2024-02-29"), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
    }
}
