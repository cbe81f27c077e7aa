//! Finding letters on disk: files, loose folders and EDGAR's folder layout.
//!
//! EDGAR's layout keeps each filing in a folder named by its accession number, beside EDGAR's
//! `index.json` listing (whose `last-modified` is the acceptance time, New York time), under a
//! company folder holding `company_submissions.json` (EDGAR's submissions API: CIK, name, and per
//! accession the form, filing date and acceptance time). The walk reads those facts as it goes, one
//! company at a time, so memory does not grow with the corpus. Any other file is a loose letter.
//!
//! The collector's `metadata.json` (its own thread grouping) is deliberately never read.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Weekday};
use serde_json::Value;

use crate::{Error, Result};

/// Extensions of files that hold letters.
const LETTER_EXTENSIONS: [&str; 5] = ["pdf", "htm", "html", "txt", "md"];

/// How far up from a filing's folder `company_submissions.json` may sit
/// (`<TICKER>/<THREAD>/filings/<ACCESSION>/`).
const SUBMISSIONS_DEPTH: usize = 4;

/// One letter file to ingest, with what EDGAR's files around it say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// Accession number with dashes, when the file sits in an accession folder.
    pub accession: Option<String>,
    /// CIK, ten digits.
    pub cik: Option<String>,
    /// Company name as EDGAR has it.
    pub company: Option<String>,
    /// EDGAR form (`UPLOAD`, `CORRESP`, ...).
    pub edgar_form: Option<String>,
    /// EDGAR filing date.
    pub filing_date: Option<NaiveDate>,
    /// EDGAR acceptance time, UTC.
    pub accepted: Option<NaiveDateTime>,
}

/// What the walk found: a letter to ingest, or a file passed over and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A letter.
    Letter(Source),
    /// A file that is not ingested (an attachment beside a filing's main document).
    Skipped {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Walks `paths` (files or folders, recursively, in name order), yielding letters as it finds them.
pub fn walk(paths: &[PathBuf]) -> Walk {
    Walk { pending: paths.iter().rev().cloned().collect(), queue: Vec::new(), submissions: None }
}

/// Counts the letters `walk` would yield, for a progress bar; reads no file.
pub fn count(paths: &[PathBuf]) -> usize {
    let mut n = 0;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(entries) = fs::read_dir(&p) {
                let files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                let in_accession = accession_of_dir(&p).is_some();
                let letters = files.iter().filter(|f| f.is_file() && is_letter_file(f)).count();
                n += if in_accession { letters.min(1) } else { letters };
                stack.extend(files.into_iter().filter(|f| f.is_dir()));
            }
        } else if is_letter_file(&p) {
            n += 1;
        }
    }
    n
}

/// The streaming walk (an iterator of [`Found`]).
pub struct Walk {
    /// Paths still to visit, last first.
    pending: Vec<PathBuf>,
    /// Results of the folder being read, last first.
    queue: Vec<Result<Found>>,
    /// The company facts last read, with the file they came from.
    submissions: Option<(PathBuf, Arc<Submissions>)>,
}

impl Iterator for Walk {
    type Item = Result<Found>;

    fn next(&mut self) -> Option<Result<Found>> {
        loop {
            if let Some(found) = self.queue.pop() {
                return Some(found);
            }
            let path = self.pending.pop()?;
            if path.is_dir() {
                if let Err(e) = self.visit_dir(&path) {
                    return Some(Err(e));
                }
            } else if path.is_file() {
                // A file named on the command line is ingested whatever its name.
                let found = self.source_for(&path, None);
                return Some(found.map(Found::Letter));
            } else {
                return Some(Err(Error::Input { path, message: "no such file or folder".into() }));
            }
        }
    }
}

impl Walk {
    fn visit_dir(&mut self, dir: &Path) -> Result<()> {
        let io = |e| Error::Io { path: dir.to_path_buf(), source: e };
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        entries.sort();
        let mut letters: Vec<&PathBuf> =
            entries.iter().filter(|p| p.is_file() && is_letter_file(p)).collect();
        let accession = accession_of_dir(dir);
        let mut found = Vec::new();
        if accession.is_some() && letters.len() > 1 {
            // One filing, one letter: the main document; the rest are its attachments.
            letters.sort_by_key(|p| main_document_rank(p));
            for extra in letters.split_off(1) {
                let reason = format!("attachment beside {}", letters[0].display());
                found.push(Ok(Found::Skipped { path: extra.clone(), reason }));
            }
        }
        let index = if accession.is_some() { read_index_or_warn(dir) } else { None };
        for p in letters {
            found.push(self.source_for(p, index.as_ref()).map(Found::Letter));
        }
        // Files of this folder first, then its subfolders, all in name order.
        let subdirs: Vec<PathBuf> = entries.into_iter().filter(|p| p.is_dir() && !is_hidden(p)).collect();
        self.pending.extend(subdirs.into_iter().rev());
        self.queue.extend(found.into_iter().rev());
        Ok(())
    }

    /// The source of one letter file, with the facts of its accession folder and company.
    fn source_for(&mut self, path: &Path, index: Option<&Index>) -> Result<Source> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut src = Source { path: path.to_path_buf(), ..Source::default() };
        src.accession = accession_of_dir(dir);
        let Some(accession) = src.accession.clone() else { return Ok(src) };
        let owned;
        let index = match index {
            Some(i) => Some(i),
            None => {
                owned = read_index_or_warn(dir);
                owned.as_ref()
            }
        };
        if let Some(index) = index {
            src.cik = index.cik.clone();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            src.accepted = index.modified.get(name).copied().map(new_york_to_utc);
            src.filing_date = src.accepted.map(new_york_day);
        }
        if let Some(subs) = self.submissions_near(dir)?
            && (src.cik.is_none() || src.cik == subs.cik)
        {
            src.cik = subs.cik.clone().or(src.cik);
            src.company = subs.name.clone();
            if let Some(row) = subs.filings.get(&accession) {
                src.edgar_form = Some(row.form.clone());
                src.filing_date = row.filing_date.or(src.filing_date);
                src.accepted = row.accepted.or(src.accepted);
            }
        }
        if src.edgar_form.is_none() {
            // Staff letters carry fixed accession prefixes; SEC STAFF LETTER and ACTION share one,
            // so only UPLOAD can be told from the number alone.
            if accession.starts_with("0000000000-") {
                src.edgar_form = Some("UPLOAD".into());
            }
        }
        Ok(src)
    }

    fn submissions_near(&mut self, dir: &Path) -> Result<Option<Arc<Submissions>>> {
        let Some(file) = dir
            .ancestors()
            .take(SUBMISSIONS_DEPTH + 1)
            .map(|d| d.join("company_submissions.json"))
            .find(|f| f.is_file())
        else {
            return Ok(None);
        };
        if let Some((p, s)) = &self.submissions
            && *p == file
        {
            return Ok(Some(s.clone()));
        }
        // A damaged company file costs its facts, not the ingest: the letters still go in.
        let subs = Arc::new(read_submissions(&file).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "company facts ignored");
            Submissions::default()
        }));
        self.submissions = Some((file, subs.clone()));
        Ok(Some(subs))
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}

/// Letters are PDF, HTML and text files; a folder's own documentation (README, LICENSE) is not.
fn is_letter_file(p: &Path) -> bool {
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else { return false };
    let upper = name.to_ascii_uppercase();
    if name.starts_with('.')
        || ["README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"].iter().any(|d| upper.starts_with(d))
    {
        return false;
    }
    let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    LETTER_EXTENSIONS.contains(&ext.as_str())
}

/// The filing's main document sorts first: EDGAR's `filename1.*` (PDF or HTML before the
/// `filename2.txt` text rendering), and the full submission `.txt` last.
fn main_document_rank(p: &Path) -> (u8, String) {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let rank = match ext.as_str() {
        "pdf" | "htm" | "html" => 0,
        _ if accession_of_name(name.trim_end_matches(".txt")).is_some() => 2,
        _ => 1,
    };
    (rank, name)
}

/// The accession number a folder is named by (`0000950103-19-001234`, or EDGAR's 18 digits).
pub fn accession_of_dir(dir: &Path) -> Option<String> {
    accession_of_name(dir.file_name()?.to_str()?)
}

fn accession_of_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if b.len() == 20
        && b[10] == b'-'
        && b[13] == b'-'
        && digits(&b[..10])
        && digits(&b[11..13])
        && digits(&b[14..])
    {
        return Some(name.to_string());
    }
    if b.len() == 18 && digits(b) {
        return Some(format!("{}-{}-{}", &name[..10], &name[10..12], &name[12..]));
    }
    None
}

/// Pads a CIK to EDGAR's ten digits.
pub fn cik10(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{s:0>10}"))
}

/// What an accession folder's `index.json` says.
#[derive(Debug, Default)]
struct Index {
    cik: Option<String>,
    /// File name to last-modified time (New York local).
    modified: HashMap<String, NaiveDateTime>,
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = fs::read(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::Input { path: path.to_path_buf(), message: format!("not JSON: {e}") })
}

/// A damaged `index.json` costs its facts (acceptance time, CIK), not the letter.
fn read_index_or_warn(dir: &Path) -> Option<Index> {
    read_index(dir).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "EDGAR index ignored");
        None
    })
}

fn read_index(dir: &Path) -> Result<Option<Index>> {
    let path = dir.join("index.json");
    if !path.is_file() {
        return Ok(None);
    }
    let v = read_json(&path)?;
    let d = &v["directory"];
    // "/Archives/edgar/data/1090872/000000000016092800": the CIK is the folder above the filing.
    let cik = d["name"].as_str().and_then(|n| n.trim_end_matches('/').rsplit('/').nth(1)).and_then(cik10);
    let mut modified = HashMap::new();
    for item in d["item"].as_array().into_iter().flatten() {
        let (Some(name), Some(t)) = (item["name"].as_str(), item["last-modified"].as_str()) else { continue };
        if let Ok(t) = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S") {
            modified.insert(name.to_string(), t);
        }
    }
    Ok(Some(Index { cik, modified }))
}

/// One filing row of the submissions API.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    form: String,
    filing_date: Option<NaiveDate>,
    accepted: Option<NaiveDateTime>,
}

/// What `company_submissions.json` says about a company.
#[derive(Debug, Default)]
struct Submissions {
    cik: Option<String>,
    name: Option<String>,
    filings: HashMap<String, Row>,
}

fn read_submissions(path: &Path) -> Result<Submissions> {
    let v = read_json(path)?;
    let cik = match &v["cik"] {
        Value::String(s) => cik10(s),
        Value::Number(n) => cik10(&n.to_string()),
        _ => None,
    };
    let name = v["name"].as_str().map(str::to_string);
    let mut filings = HashMap::new();
    add_rows(&v["filings"]["recent"], &mut filings);
    // Older filings sit in pages beside it (`CIK##########-submissions-001.json`, as `fetch`
    // saves them), in the same columns at the top level. A damaged page costs only its facts.
    if let Some(dir) = path.parent() {
        let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.starts_with("CIK") && n.contains("-submissions-") && n.ends_with(".json")
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        pages.sort();
        for page in pages {
            match read_json(&page) {
                Ok(v) => add_rows(&v, &mut filings),
                Err(e) => tracing::warn!(error = %e, "older submissions page ignored"),
            }
        }
    }
    Ok(Submissions { cik, name, filings })
}

/// Adds the correspondence rows of one submissions table (columns of equal length).
fn add_rows(table: &Value, filings: &mut HashMap<String, Row>) {
    let col = |k: &str| table[k].as_array().cloned().unwrap_or_default();
    let (acc, form, filed, accepted) =
        (col("accessionNumber"), col("form"), col("filingDate"), col("acceptanceDateTime"));
    for (i, a) in acc.iter().enumerate() {
        let Some(a) = a.as_str() else { continue };
        let form = form.get(i).and_then(Value::as_str).unwrap_or_default().to_string();
        // Only correspondence is ever looked up: keep the map small.
        if !(form == "UPLOAD" || form == "CORRESP" || form.starts_with("SEC STAFF")) {
            continue;
        }
        let filing_date =
            filed.get(i).and_then(Value::as_str).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        // "2016-09-14T18:29:15.000Z"
        let accepted = accepted.get(i).and_then(Value::as_str).and_then(|s| {
            NaiveDateTime::parse_from_str(s.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f").ok()
        });
        filings.entry(a.to_string()).or_insert(Row { form, filing_date, accepted });
    }
}

/// The `n`th `weekday` of a month (1-based), or the last one when `n` is 0.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    if n == 0 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        let mut d = next.unwrap_or(NaiveDate::MAX).pred_opt().unwrap_or(NaiveDate::MIN);
        while d.weekday() != weekday {
            d = d.pred_opt().unwrap_or(d);
        }
        return d;
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8).unwrap_or(NaiveDate::MIN)
}

/// Eastern time to UTC. US daylight time runs from the second Sunday of March to the first Sunday
/// of November since 2007 (first Sunday of April to the last Sunday of October before), switching
/// at 02:00 local; the ambiguous hour in November is read as daylight time.
pub fn new_york_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    let y = local.year();
    let (start, end) = if y >= 2007 {
        (nth_weekday(y, 3, Weekday::Sun, 2), nth_weekday(y, 11, Weekday::Sun, 1))
    } else {
        (nth_weekday(y, 4, Weekday::Sun, 1), nth_weekday(y, 10, Weekday::Sun, 0))
    };
    let two = |d: NaiveDate| d.and_hms_opt(2, 0, 0).unwrap_or_default();
    let daylight = local >= two(start) && local < two(end);
    local + TimeDelta::hours(if daylight { 4 } else { 5 })
}

/// The New York calendar day of a UTC time (EDGAR's filing date for an acceptance time).
fn new_york_day(utc: NaiveDateTime) -> NaiveDate {
    // Going back through the offset that applies: try daylight first, then standard.
    let edt = utc - TimeDelta::hours(4);
    if new_york_to_utc(edt) == utc { edt.date() } else { (utc - TimeDelta::hours(5)).date() }
}

#[cfg(test)]
mod tests {
    //! The walk over folders written in EDGAR's layout, and the time-zone arithmetic.
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn new_york_time_becomes_utc() {
        assert_eq!(new_york_to_utc(t("2016-09-14 14:29:15")), t("2016-09-14 18:29:15"));
        assert_eq!(new_york_to_utc(t("2016-01-14 14:29:15")), t("2016-01-14 19:29:15"));
        assert_eq!(new_york_to_utc(t("2024-03-10 01:59:00")), t("2024-03-10 06:59:00"));
        assert_eq!(new_york_to_utc(t("2024-03-10 03:00:00")), t("2024-03-10 07:00:00"));
        assert_eq!(new_york_to_utc(t("2024-11-03 02:30:00")), t("2024-11-03 07:30:00"));
        assert_eq!(new_york_day(t("2016-09-15 01:00:00")), NaiveDate::from_ymd_opt(2016, 9, 14).unwrap());
    }

    #[test]
    fn accession_names() {
        assert_eq!(accession_of_name("0001090872-16-000078").as_deref(), Some("0001090872-16-000078"));
        assert_eq!(accession_of_name("000000000016092800").as_deref(), Some("0000000000-16-092800"));
        assert_eq!(accession_of_name("filings"), None);
        assert_eq!(cik10("1090872").as_deref(), Some("0001090872"));
    }

    #[test]
    fn edgar_layout_gives_facts_and_loose_files_none() {
        let root = tempfile::tempdir().unwrap();
        let company = root.path().join("WID");
        let filing = company.join("WID_0000000000-19-000101/filings/0000000000-19-000101");
        fs::create_dir_all(&filing).unwrap();
        fs::write(filing.join("filename1.pdf"), b"%PDF-1.4").unwrap();
        fs::write(filing.join("filename2.txt"), b"text version").unwrap();
        fs::write(filing.join("metadata.json"), b"{}").unwrap();
        fs::write(
            filing.join("index.json"),
            r#"{"directory":{"name":"/Archives/edgar/data/12345/000000000019000101","item":[
                {"name":"filename1.pdf","type":"","size":"8","last-modified":"2019-05-14 14:29:15"}]}}"#,
        )
        .unwrap();
        fs::write(
            company.join("company_submissions.json"),
            r#"{"cik":"0000012345","name":"EXAMPLE WIDGETS INC","filings":{"recent":{
                "accessionNumber":["0000000000-19-000101","0000012345-19-000001"],
                "filingDate":["2019-05-14","2019-05-20"],
                "acceptanceDateTime":["2019-05-14T18:29:15.000Z","2019-05-20T20:00:00.000Z"],
                "form":["UPLOAD","10-K"]}}}"#,
        )
        .unwrap();
        fs::write(root.path().join("loose.htm"), b"<p>hello</p>").unwrap();
        fs::write(root.path().join("README.md"), b"# not a letter").unwrap();
        let found: Vec<Found> = walk(&[root.path().to_path_buf()]).map(Result::unwrap).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        let Found::Letter(loose) = &found[0] else { panic!("{found:?}") };
        assert_eq!(loose.accession, None);
        let Found::Skipped { path, .. } = &found[1] else { panic!("{found:?}") };
        assert!(path.ends_with("filename2.txt"));
        let Found::Letter(pdf) = &found[2] else { panic!("{found:?}") };
        assert_eq!(pdf.accession.as_deref(), Some("0000000000-19-000101"));
        assert_eq!(pdf.cik.as_deref(), Some("0000012345"));
        assert_eq!(pdf.company.as_deref(), Some("EXAMPLE WIDGETS INC"));
        assert_eq!(pdf.edgar_form.as_deref(), Some("UPLOAD"));
        assert_eq!(pdf.filing_date, NaiveDate::from_ymd_opt(2019, 5, 14));
        assert_eq!(pdf.accepted, Some(t("2019-05-14 18:29:15")));
        assert_eq!(count(&[root.path().to_path_buf()]), 2);
    }

    #[test]
    fn older_submissions_pages_give_facts_too() {
        let root = tempfile::tempdir().unwrap();
        let company = root.path().join("0000012345");
        let filing = company.join("correspondence/filings/0000012345-09-000007");
        fs::create_dir_all(&filing).unwrap();
        fs::write(filing.join("response.htm"), b"<p>Response</p>").unwrap();
        fs::write(
            company.join("company_submissions.json"),
            r#"{"cik":"12345","name":"EXAMPLE WIDGETS INC","filings":{"recent":{
                "accessionNumber":["0000012345-19-000001"],"filingDate":["2019-05-20"],
                "acceptanceDateTime":["2019-05-20T20:00:00.000Z"],"form":["10-K"]},
                "files":[{"name":"CIK0000012345-submissions-001.json"}]}}"#,
        )
        .unwrap();
        fs::write(
            company.join("CIK0000012345-submissions-001.json"),
            r#"{"accessionNumber":["0000012345-09-000007"],"filingDate":["2009-03-02"],
                "acceptanceDateTime":["2009-03-02T15:00:00.000Z"],"form":["CORRESP"]}"#,
        )
        .unwrap();
        let found: Vec<Found> = walk(&[root.path().to_path_buf()]).map(Result::unwrap).collect();
        let Some(Found::Letter(letter)) = found.first() else { panic!("{found:?}") };
        assert_eq!(letter.accession.as_deref(), Some("0000012345-09-000007"));
        assert_eq!(letter.edgar_form.as_deref(), Some("CORRESP"));
        assert_eq!(letter.filing_date, NaiveDate::from_ymd_opt(2009, 3, 2));
    }

    #[test]
    fn index_json_alone_gives_utc_acceptance() {
        let root = tempfile::tempdir().unwrap();
        let filing = root.path().join("0000012345-19-000001");
        fs::create_dir_all(&filing).unwrap();
        fs::write(filing.join("filename1.htm"), b"<p>x</p>").unwrap();
        fs::write(
            filing.join("index.json"),
            r#"{"directory":{"name":"/Archives/edgar/data/12345/000001234519000001","item":[
                {"name":"filename1.htm","type":"","size":"8","last-modified":"2019-01-10 17:00:00"}]}}"#,
        )
        .unwrap();
        let found: Vec<Found> = walk(&[filing.join("filename1.htm")]).map(Result::unwrap).collect();
        let Found::Letter(s) = &found[0] else { panic!() };
        assert_eq!(s.accepted, Some(t("2019-01-10 22:00:00")));
        assert_eq!(s.filing_date, NaiveDate::from_ymd_opt(2019, 1, 10));
        assert_eq!(s.edgar_form, None);
    }

    #[test]
    fn missing_path_is_an_error_not_a_panic() {
        let got: Vec<_> = walk(&[PathBuf::from("/no/such/corresp/path")]).collect();
        assert!(matches!(got.as_slice(), [Err(Error::Input { .. })]));
    }
}
