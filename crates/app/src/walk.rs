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

use chrono::{NaiveDate, NaiveDateTime};
use corresp_edgar::{Accession, Cik, Columns, Listing, Submissions as EdgarSubmissions};
use corresp_model::EdgarFacts;

use crate::{Error, Result};

mod prefetch;

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
    /// What EDGAR's files around it say (no release date: the walk reads no daily index).
    pub edgar: EdgarFacts,
}

/// What the walk found: a letter to ingest, or a file passed over and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
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
    Walk {
        pending: paths.iter().rev().map(|p| (p.clone(), None)).collect(),
        queue: Vec::new(),
        submissions: None,
        probed: Vec::new(),
        ahead: Ahead::NotStarted,
    }
}

/// Counts the letters `walk` would yield, for a progress bar; reads no file.
pub fn count(paths: &[PathBuf]) -> usize {
    let mut n = 0;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(entries) = listing(&p) {
                let in_accession = accession_of_dir(&p).is_some();
                let letters =
                    entries.iter().filter(|e| e.kind == Kind::File && is_letter_file(&e.path)).count();
                n += if in_accession { letters.min(1) } else { letters };
                stack.extend(entries.into_iter().filter(|e| e.kind == Kind::Dir).map(|e| e.path));
            }
        } else if is_letter_file(&p) {
            n += 1;
        }
    }
    n
}

/// What a folder entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Other,
}

/// One folder entry.
struct Entry {
    path: PathBuf,
    kind: Kind,
}

/// A folder's entries with their kinds, in name order. The kind comes with the listing (no `stat`
/// per entry) except for symbolic links, which are followed: at EDGAR's size a re-ingest made 15
/// `stat` calls a letter, most of them asking again what the listing had said.
fn listing(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for e in fs::read_dir(dir)? {
        let e = e?;
        let path = e.path();
        // An entry whose kind cannot be read (it vanished since the listing) is passed over, as a
        // file that is neither a letter nor a folder.
        let Ok(t) = e.file_type() else {
            entries.push(Entry { path, kind: Kind::Other });
            continue;
        };
        let kind = if t.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) if m.is_file() => Kind::File,
                Ok(m) if m.is_dir() => Kind::Dir,
                _ => Kind::Other,
            }
        } else if t.is_file() {
            Kind::File
        } else if t.is_dir() {
            Kind::Dir
        } else {
            Kind::Other
        };
        entries.push(Entry { path, kind });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// The streaming walk (an iterator of [`Walked`]).
pub struct Walk {
    /// Paths still to visit, last first, each with the depth at which the prefetcher read it
    /// (`None`: not asked for).
    pending: Vec<(PathBuf, Option<usize>)>,
    /// The IO threads reading ahead of the walk.
    ahead: Ahead,
    /// Results of the folder being read, last first.
    queue: Vec<Result<Walked>>,
    /// The company facts last read, with the file they came from.
    submissions: Option<(PathBuf, Arc<Submissions>)>,
    /// Folders lately asked whether they hold `company_submissions.json`, with the answer: a
    /// company's filings are walked one after the other, so their ancestors are asked once.
    probed: Vec<(PathBuf, bool)>,
}

/// How many folders [`Walk::probed`] remembers: more than a company folder's depth.
const PROBED: usize = 16;

/// How many of the next folders to visit the walk asks the prefetcher for.
const AHEAD: usize = 64;

/// The prefetcher of a walk: started at the first folder that has folders below it, so a walk of
/// single files or of one flat folder (an upload, a file named on the command line) starts no thread.
enum Ahead {
    NotStarted,
    Running(prefetch::Prefetch),
    /// Not wanted, or no thread could be started.
    Off,
}

impl Iterator for Walk {
    type Item = Result<Walked>;

    fn next(&mut self) -> Option<Result<Walked>> {
        loop {
            if let Some(found) = self.queue.pop() {
                return Some(found);
            }
            let (path, warmed) = self.pending.pop()?;
            if path.is_dir() {
                if let Err(e) = self.visit_dir(&path, warmed) {
                    return Some(Err(e));
                }
            } else if path.is_file() {
                // A file named on the command line is ingested whatever its name.
                let found = self.source_for(&path, None);
                return Some(found.map(Walked::Letter));
            } else {
                return Some(Err(Error::Input { path, message: "no such file or folder".into() }));
            }
        }
    }
}

impl Walk {
    fn visit_dir(&mut self, dir: &Path, warmed: Option<usize>) -> Result<()> {
        let entries = listing(dir).map_err(|e| Error::Io { path: dir.to_path_buf(), source: e })?;
        let entries_len = entries.len();
        let mut letters: Vec<&PathBuf> = entries
            .iter()
            .filter(|e| e.kind == Kind::File && is_letter_file(&e.path))
            .map(|e| &e.path)
            .collect();
        let accession = accession_of_dir(dir);
        let mut found = Vec::new();
        if accession.is_some() && letters.len() > 1 {
            // One filing, one letter: the main document; the rest are its attachments.
            letters.sort_by_key(|p| main_document_rank(p));
            for extra in letters.split_off(1) {
                let reason = format!("attachment beside {}", letters[0].display());
                found.push(Ok(Walked::Skipped { path: extra.clone(), reason }));
            }
        }
        let has = |name: &str| {
            entries.iter().any(|e| e.kind == Kind::File && e.path.file_name() == Some(name.as_ref()))
        };
        self.remember(dir, has("company_submissions.json"));
        let index = if accession.is_some() && has("index.json") { read_index_or_warn(dir) } else { None };
        for p in letters {
            found.push(self.source_for(p, Some(index.as_ref())).map(Walked::Letter));
        }
        // Files of this folder first, then its subfolders, all in name order.
        let subdirs: Vec<PathBuf> = entries
            .into_iter()
            .filter(|e| e.kind == Kind::Dir && !is_hidden(&e.path))
            .map(|e| e.path)
            .collect();
        // The prefetcher read below a small folder as deep as this.
        let below =
            warmed.filter(|&d| entries_len <= prefetch::SMALL_FOLDER && d < prefetch::DEPTH).map(|d| d + 1);
        self.pending.extend(subdirs.into_iter().rev().map(|p| (p, below)));
        self.queue.extend(found.into_iter().rev());
        self.ask_ahead();
        Ok(())
    }

    /// Asks the prefetcher for the next folders the walk will visit that it has not read yet.
    fn ask_ahead(&mut self) {
        if matches!(self.ahead, Ahead::NotStarted) && self.pending.iter().any(|(_, warmed)| warmed.is_none())
        {
            self.ahead = prefetch::Prefetch::start().map_or(Ahead::Off, Ahead::Running);
        }
        let Ahead::Running(prefetch) = &self.ahead else { return };
        for (path, warmed) in self.pending.iter_mut().rev().take(AHEAD) {
            if warmed.is_none() {
                if !prefetch.ask(path) {
                    return;
                }
                *warmed = Some(0);
            }
        }
    }

    /// Notes whether `dir` holds `company_submissions.json`.
    fn remember(&mut self, dir: &Path, has_submissions: bool) {
        if self.probed.len() >= PROBED {
            self.probed.remove(0);
        }
        self.probed.push((dir.to_path_buf(), has_submissions));
    }

    /// Whether `dir` holds `company_submissions.json`: remembered, else asked of the file system.
    fn holds_submissions(&mut self, dir: &Path) -> bool {
        if let Some((_, has)) = self.probed.iter().rev().find(|(d, _)| d == dir) {
            return *has;
        }
        let has = dir.join("company_submissions.json").is_file();
        self.remember(dir, has);
        has
    }

    /// The source of one letter file, with the facts of its accession folder and company.
    /// `index`: the folder's `index.json` when the caller read the folder (`Some(None)`: it has
    /// none); `None` to look for it.
    fn source_for(&mut self, path: &Path, index: Option<Option<&Index>>) -> Result<Source> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut src = Source { path: path.to_path_buf(), ..Source::default() };
        src.accession = accession_of_dir(dir);
        let Some(accession) = src.accession.clone() else { return Ok(src) };
        let owned;
        let index = match index {
            Some(i) => i,
            None => {
                owned = read_index_or_warn(dir);
                owned.as_ref()
            }
        };
        if let Some(index) = index {
            src.edgar.cik = index.cik.clone();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            src.edgar.accepted = index.modified.get(name).copied();
            src.edgar.filing_date = src.edgar.accepted.map(corresp_edgar::new_york_day);
        }
        if let Some(subs) = self.submissions_near(dir)?
            && (src.edgar.cik.is_none() || src.edgar.cik == subs.cik)
        {
            src.edgar.cik = subs.cik.clone().or(src.edgar.cik);
            src.edgar.company = subs.name.clone();
            if let Some(row) = subs.filings.get(&accession) {
                src.edgar.form = Some(row.form.clone());
                src.edgar.filing_date = row.filing_date.or(src.edgar.filing_date);
                src.edgar.accepted = row.accepted.or(src.edgar.accepted);
            }
        }
        if src.edgar.form.is_none() {
            // Staff letters carry fixed accession prefixes, one of which only UPLOAD uses.
            src.edgar.form =
                accession.parse::<Accession>().ok().and_then(|a| a.staff_form()).map(str::to_string);
        }
        Ok(src)
    }

    fn submissions_near(&mut self, dir: &Path) -> Result<Option<Arc<Submissions>>> {
        let Some(file) = dir
            .ancestors()
            .take(SUBMISSIONS_DEPTH + 1)
            .find(|d| self.holds_submissions(d))
            .map(|d| d.join("company_submissions.json"))
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
    (name.trim() == name).then(|| name.parse::<Accession>().ok()).flatten().map(|a| a.as_str().to_string())
}

/// Pads a CIK to EDGAR's ten digits.
pub fn cik10(s: &str) -> Option<String> {
    s.parse::<Cik>().ok().map(Cik::padded)
}

/// What an accession folder's `index.json` says.
#[derive(Debug, Default)]
struct Index {
    cik: Option<String>,
    /// File name to last-modified time (EDGAR's acceptance time), UTC.
    modified: HashMap<String, NaiveDateTime>,
}

/// The largest EDGAR JSON file the walk reads. A company's `company_submissions.json` with its
/// whole history is a few MB (EDGAR moves older rows into other files); anything far larger is not
/// EDGAR's and is refused before it is held in memory.
const MAX_EDGAR_JSON: u64 = 64 << 20;

/// Reads one of EDGAR's JSON files through `corresp_edgar`'s typed readers, at most
/// [`MAX_EDGAR_JSON`] bytes.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    use std::io::Read;
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    let mut bytes = Vec::new();
    fs::File::open(path).map_err(io)?.take(MAX_EDGAR_JSON + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_EDGAR_JSON {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: format!("not {what}: larger than {} MiB", MAX_EDGAR_JSON >> 20),
        });
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::Input { path: path.to_path_buf(), message: format!("not {what}: {e}") })
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
    let listing: Listing = read_json(&path, "an EDGAR filing index")?;
    let modified =
        listing.directory.item.iter().filter_map(|i| Some((i.name.clone(), i.modified_utc()?))).collect();
    Ok(Some(Index { cik: listing.cik().map(Cik::padded), modified }))
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
    let subs: EdgarSubmissions = read_json(path, "EDGAR's submissions")?;
    let mut filings = HashMap::new();
    let source = path.display().to_string();
    if let Some(cik) = subs.cik {
        add_rows(&subs.filings.recent, cik, &source, &mut filings);
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
                match read_json::<Columns>(&page, "a page of EDGAR's submissions") {
                    Ok(columns) => add_rows(&columns, cik, &page.display().to_string(), &mut filings),
                    Err(e) => tracing::warn!(error = %e, "older submissions page ignored"),
                }
            }
        }
    }
    Ok(Submissions { cik: subs.cik.map(Cik::padded), name: subs.name, filings })
}

/// Adds the correspondence rows of one submissions table; a table whose columns do not line up
/// costs its facts, with a warning.
fn add_rows(table: &Columns, cik: Cik, source: &str, filings: &mut HashMap<String, Row>) {
    let rows = match table.filings(cik, source) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "submissions table ignored");
            return;
        }
    };
    // Only correspondence is ever looked up: keep the map small.
    for f in rows.into_iter().filter(|f| corresp_model::is_correspondence(&f.form)) {
        filings.entry(f.accession.as_str().to_string()).or_insert(Row {
            form: f.form,
            filing_date: f.filing_date,
            accepted: f.accepted,
        });
    }
}

#[cfg(test)]
mod tests {
    //! The walk over folders written in EDGAR's layout, and the time-zone arithmetic.
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
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
        let found: Vec<Walked> = walk(&[root.path().to_path_buf()]).map(Result::unwrap).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        let Walked::Letter(loose) = &found[0] else { panic!("{found:?}") };
        assert_eq!(loose.accession, None);
        let Walked::Skipped { path, .. } = &found[1] else { panic!("{found:?}") };
        assert!(path.ends_with("filename2.txt"));
        let Walked::Letter(pdf) = &found[2] else { panic!("{found:?}") };
        assert_eq!(pdf.accession.as_deref(), Some("0000000000-19-000101"));
        assert_eq!(pdf.edgar.cik.as_deref(), Some("0000012345"));
        assert_eq!(pdf.edgar.company.as_deref(), Some("EXAMPLE WIDGETS INC"));
        assert_eq!(pdf.edgar.form.as_deref(), Some("UPLOAD"));
        assert_eq!(pdf.edgar.filing_date, NaiveDate::from_ymd_opt(2019, 5, 14));
        assert_eq!(pdf.edgar.accepted, Some(t("2019-05-14 18:29:15")));
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
        let found: Vec<Walked> = walk(&[root.path().to_path_buf()]).map(Result::unwrap).collect();
        let Some(Walked::Letter(letter)) = found.first() else { panic!("{found:?}") };
        assert_eq!(letter.accession.as_deref(), Some("0000012345-09-000007"));
        assert_eq!(letter.edgar.form.as_deref(), Some("CORRESP"));
        assert_eq!(letter.edgar.filing_date, NaiveDate::from_ymd_opt(2009, 3, 2));
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
        let found: Vec<Walked> = walk(&[filing.join("filename1.htm")]).map(Result::unwrap).collect();
        let Walked::Letter(s) = &found[0] else { panic!() };
        assert_eq!(s.edgar.accepted, Some(t("2019-01-10 22:00:00")));
        assert_eq!(s.edgar.filing_date, NaiveDate::from_ymd_opt(2019, 1, 10));
        assert_eq!(s.edgar.form, None);
    }

    #[test]
    fn an_oversized_edgar_json_is_refused_unread_and_the_letter_still_walked() {
        let root = tempfile::tempdir().unwrap();
        let filing = root.path().join("0000012345-19-000001");
        fs::create_dir_all(&filing).unwrap();
        fs::write(filing.join("filename1.htm"), b"<p>x</p>").unwrap();
        // Sparse: larger than the bound without using the disk.
        let big = fs::File::create(filing.join("index.json")).unwrap();
        big.set_len(MAX_EDGAR_JSON + 1).unwrap();
        let err = read_json::<Listing>(&filing.join("index.json"), "an EDGAR filing index").unwrap_err();
        assert!(err.to_string().contains("larger than 64 MiB"), "{err}");
        let found: Vec<Walked> = walk(&[filing.join("filename1.htm")]).map(Result::unwrap).collect();
        let Walked::Letter(s) = &found[0] else { panic!() };
        assert_eq!(s.accession.as_deref(), Some("0000012345-19-000001"));
        assert_eq!(s.edgar.accepted, None);
    }

    #[test]
    fn missing_path_is_an_error_not_a_panic() {
        let got: Vec<_> = walk(&[PathBuf::from("/no/such/corresp/path")]).collect();
        assert!(matches!(got.as_slice(), [Err(Error::Input { .. })]));
    }
}
