//! Fetching correspondence into a [`Mirror`]: listing the filings (submissions API or indexes),
//! then each filing's `index.json` and its letter, skipping what is already kept.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::formats::{self, Columns, FilingRef, Listing, Submissions};
use crate::mirror::Mirror;
use corresp_model::{Accession, Cik};

/// Which of EDGAR's indexes to list filings from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexPeriod {
    /// A quarter's full index (`full-index/YEAR/QTRn/master.idx`).
    Quarter {
        /// The year.
        year: i32,
        /// 1 to 4.
        quarter: u8,
    },
    /// One day's index (`daily-index/YEAR/QTRn/master.YYYYMMDD.idx`): filings disseminated that day.
    Day(NaiveDate),
}

/// What happened to one correspondence filing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fetched in this run.
    Downloaded,
    /// Already in the mirror from an earlier run: nothing was requested.
    OnDisk,
    /// Already in the store (the caller said so): nothing was requested.
    InStore,
    /// Could not be fetched; the message names the URL. The next run tries again.
    Failed(String),
}

/// One correspondence filing seen while fetching.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The filing.
    pub filing: FilingRef,
    /// Its document in the mirror (none when failed or only in the store).
    pub path: Option<PathBuf>,
    /// What happened.
    pub outcome: Outcome,
    /// The daily index it was listed in, if it came from one: the day it was released.
    pub listed_on: Option<NaiveDate>,
}

/// The result of a fetch.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every correspondence filing listed, in listing order.
    pub filings: Vec<Fetched>,
    /// The company folders of the mirror that hold them: what to ingest.
    pub companies: BTreeSet<Cik>,
    /// Index lines that did not parse.
    pub skipped_lines: usize,
    /// Index files EDGAR does not have (a daily index on a weekend or holiday).
    pub missing_indexes: Vec<String>,
}

impl Report {
    /// How many filings had this outcome (failures counted whatever their message).
    pub fn count(&self, outcome: &Outcome) -> usize {
        self.filings
            .iter()
            .filter(|f| match (outcome, &f.outcome) {
                (Outcome::Failed(_), Outcome::Failed(_)) => true,
                (a, b) => a == b,
            })
            .count()
    }

    /// Adds another report's findings to this one.
    pub fn merge(&mut self, other: Report) {
        self.filings.extend(other.filings);
        self.companies.extend(other.companies);
        self.skipped_lines += other.skipped_lines;
        self.missing_indexes.extend(other.missing_indexes);
    }
}

/// Progress of a fetch, for a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// Filings handled so far (this one included).
    pub done: usize,
    /// Filings to handle.
    pub total: usize,
    /// This one.
    pub accession: &'a Accession,
}

type Known<'a> = Box<dyn Fn(&Accession) -> bool + 'a>;
type OnProgress<'a> = Box<dyn Fn(Progress<'_>) + 'a>;

/// Fetches correspondence through one [`Client`] into one [`Mirror`].
pub struct Fetcher<'a> {
    client: &'a Client,
    mirror: &'a Mirror,
    known: Known<'a>,
    progress: OnProgress<'a>,
    /// Companies whose submissions JSON this fetcher already refreshed.
    refreshed: RefCell<HashSet<Cik>>,
}

/// A company's filings within dates.
#[derive(Debug, Clone, Copy)]
pub struct CompanyQuery {
    /// The company.
    pub cik: Cik,
    /// Earliest filing date kept.
    pub since: Option<NaiveDate>,
    /// Latest filing date kept.
    pub until: Option<NaiveDate>,
}

impl<'a> Fetcher<'a> {
    /// A fetcher that downloads every correspondence document not in the mirror.
    pub fn new(client: &'a Client, mirror: &'a Mirror) -> Self {
        Fetcher {
            client,
            mirror,
            known: Box::new(|_| false),
            progress: Box::new(|_| {}),
            refreshed: RefCell::new(HashSet::new()),
        }
    }

    /// Skips the filings for which `known` says yes (those already in the store), even when the
    /// mirror has lost them.
    pub fn skip_known(mut self, known: impl Fn(&Accession) -> bool + 'a) -> Self {
        self.known = Box::new(known);
        self
    }

    /// Calls `f` after each filing.
    pub fn on_progress(mut self, f: impl Fn(Progress<'_>) + 'a) -> Self {
        self.progress = Box::new(f);
        self
    }

    /// One company's correspondence through the submissions API: `filings.recent` and the older
    /// pages of `filings.files` whose dates overlap the query.
    pub fn company(&self, q: CompanyQuery) -> Result<Report> {
        let mut filings = self.refresh_submissions(q.cik, Some((q.since, q.until)))?;
        let in_range = |d: Option<NaiveDate>| {
            d.is_none_or(|d| q.since.is_none_or(|s| d >= s) && q.until.is_none_or(|u| d <= u))
        };
        filings.retain(|f| corresp_model::is_correspondence(&f.form) && in_range(f.filing_date));
        let mut seen = HashSet::new();
        filings.retain(|f| seen.insert(f.accession.clone()));
        let mut report = Report::default();
        report.companies.insert(q.cik);
        self.download_all(filings.into_iter().map(|f| (f, None)).collect(), &mut report);
        Ok(report)
    }

    /// All companies' correspondence listed in one of EDGAR's indexes (`only`: one company's).
    /// A daily index that EDGAR does not have (weekends, holidays) is noted, not an error.
    pub fn index(&self, period: IndexPeriod, only: Option<Cik>) -> Result<Report> {
        let endpoints = self.client.endpoints();
        let (url, day) = match period {
            IndexPeriod::Quarter { year, quarter } => (endpoints.full_index(year, quarter), None),
            IndexPeriod::Day(d) => (endpoints.daily_index(d), Some(d)),
        };
        let mut report = Report::default();
        let bytes = match self.client.get(&url) {
            Ok(b) => b,
            Err(e) if e.is_not_found() && day.is_some() => {
                report.missing_indexes.push(url);
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        let (entries, skipped) = formats::parse_master_index(&bytes, &url)?;
        report.skipped_lines = skipped;
        let mut seen = HashSet::new();
        let filings: Vec<(FilingRef, Option<NaiveDate>)> = entries
            .into_iter()
            .map(|e| e.filing)
            .filter(|f| corresp_model::is_correspondence(&f.form) && only.is_none_or(|c| c == f.cik))
            .filter(|f| seen.insert(f.accession.clone()))
            .map(|f| (f, day))
            .collect();
        // The ingest walker learns forms and acceptance times from the company's submissions
        // JSON, so refresh it for every company that has something new (once per fetcher).
        let fresh: BTreeSet<Cik> = filings
            .iter()
            .filter(|(f, _)| {
                self.mirror.document(f.cik, &f.accession).is_none() && !(self.known)(&f.accession)
            })
            .map(|(f, _)| f.cik)
            .collect();
        for cik in fresh {
            if !self.refreshed.borrow().contains(&cik) {
                // Without it the letters are still fetched; ingest falls back on the documents.
                if let Err(e) = self.refresh_submissions(cik, None) {
                    tracing::warn!(cik = %cik, error = %e, "submissions JSON not refreshed");
                }
            }
        }
        report.companies.extend(filings.iter().map(|(f, _)| f.cik));
        self.download_all(filings, &mut report);
        Ok(report)
    }

    /// Fetches and keeps the submissions JSON (and, when `pages` gives a date range, the older
    /// pages overlapping it), returning every filing listed.
    fn refresh_submissions(
        &self,
        cik: Cik,
        pages: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    ) -> Result<Vec<FilingRef>> {
        let url = self.client.endpoints().submissions(cik);
        let bytes = self.client.get(&url)?;
        let subs: Submissions =
            serde_json::from_slice(&bytes).map_err(|source| Error::Json { url: url.clone(), source })?;
        self.mirror.write(&self.mirror.submissions_path(cik), &bytes)?;
        self.refreshed.borrow_mut().insert(cik);
        let mut filings = subs.filings.recent.filings(cik, &url)?;
        let Some((since, until)) = pages else { return Ok(filings) };
        for page in subs.filings.files.iter().filter(|p| p.overlaps(since, until)) {
            if !page.is_safe_name() {
                return Err(Error::Format { url, reason: format!("unexpected page name {:?}", page.name) });
            }
            let page_url = self.client.endpoints().submissions_page(&page.name);
            let bytes = self.client.get(&page_url)?;
            let cols: Columns = serde_json::from_slice(&bytes)
                .map_err(|source| Error::Json { url: page_url.clone(), source })?;
            self.mirror.write(&self.mirror.submissions_page_path(cik, &page.name), &bytes)?;
            filings.extend(cols.filings(cik, &page_url)?);
        }
        Ok(filings)
    }

    fn download_all(&self, filings: Vec<(FilingRef, Option<NaiveDate>)>, report: &mut Report) {
        let total = filings.len();
        for (i, (filing, listed_on)) in filings.into_iter().enumerate() {
            let (path, outcome) = if let Some(p) = self.mirror.document(filing.cik, &filing.accession) {
                (Some(p), Outcome::OnDisk)
            } else if (self.known)(&filing.accession) {
                (None, Outcome::InStore)
            } else {
                match self.download(&filing) {
                    Ok(p) => (Some(p), Outcome::Downloaded),
                    Err(e) => {
                        tracing::warn!(accession = %filing.accession, error = %e, "not fetched");
                        (None, Outcome::Failed(error_chain(&e)))
                    }
                }
            };
            (self.progress)(Progress { done: i + 1, total, accession: &filing.accession });
            report.filings.push(Fetched { filing, path, outcome, listed_on });
        }
    }

    /// One filing: its listing (from the mirror when an interrupted run already kept it), then
    /// its main document.
    fn download(&self, f: &FilingRef) -> Result<PathBuf> {
        let dir = self.mirror.filing_dir(f.cik, &f.accession);
        let listing = match self.mirror.listing(f.cik, &f.accession) {
            Ok(Some(l)) => l,
            // A listing that does not read is fetched again rather than trusted.
            Ok(None) | Err(_) => {
                let url = self.client.endpoints().filing_index(f.cik, &f.accession);
                let bytes = self.client.get(&url)?;
                let l: Listing =
                    serde_json::from_slice(&bytes).map_err(|source| Error::Json { url, source })?;
                self.mirror.write(&dir.join("index.json"), &bytes)?;
                l
            }
        };
        let Some(item) = listing.main_document(&f.accession, &f.form, f.primary_document.as_deref()) else {
            return Err(Error::Format {
                url: self.client.endpoints().filing_index(f.cik, &f.accession),
                reason: format!("no letter among the {} files listed", listing.directory.item.len()),
            });
        };
        let url = self.client.endpoints().filing_file(f.cik, &f.accession, &item.name);
        let bytes = self.client.get(&url)?;
        if let Some(size) = item.size().filter(|&s| s != bytes.len() as u64) {
            return Err(Error::Format {
                url,
                reason: format!("{} bytes received, index.json says {size}", bytes.len()),
            });
        }
        let path = dir.join(&item.name);
        self.mirror.write(&path, &bytes)?;
        Ok(path)
    }
}

/// An error with its causes on one line, for a report that outlives the error.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
