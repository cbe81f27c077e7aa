//! EDGAR's file formats, read without I/O: the submissions API's column arrays, a filing folder's
//! `index.json`, and the pipe-separated `master.idx` indexes.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::America::New_York;
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};
use corresp_model::{Accession, Cik};

/// One filing as a listing names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingRef {
    /// The company it is filed under.
    pub cik: Cik,
    /// Its accession number.
    pub accession: Accession,
    /// EDGAR form (`UPLOAD`, `CORRESP`, ...).
    pub form: String,
    /// EDGAR filing date (for an UPLOAD, the letter's own date, not the day it was released).
    pub filing_date: Option<NaiveDate>,
    /// The main document, when the listing names it (the submissions API does).
    pub primary_document: Option<String>,
    /// When EDGAR accepted it, UTC, when the listing says (the submissions API does).
    pub accepted: Option<NaiveDateTime>,
}

/// The submissions API's column-oriented block, as in `filings.recent` and in each older page.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Columns {
    #[serde(default)]
    accession_number: Vec<String>,
    #[serde(default)]
    filing_date: Vec<String>,
    #[serde(default)]
    form: Vec<String>,
    #[serde(default)]
    primary_document: Vec<String>,
    #[serde(default)]
    acceptance_date_time: Vec<String>,
}

/// A page of older filings listed in `filings.files`.
#[derive(Debug, Clone, Deserialize)]
pub struct OlderPage {
    /// File name (`CIK##########-submissions-001.json`).
    pub name: String,
    /// First filing date in it.
    #[serde(rename = "filingFrom", default)]
    pub from: Option<String>,
    /// Last filing date in it.
    #[serde(rename = "filingTo", default)]
    pub to: Option<String>,
}

impl OlderPage {
    /// Whether the page can hold filings in `[since, until]`; unknown bounds count as overlapping.
    pub fn overlaps(&self, since: Option<NaiveDate>, until: Option<NaiveDate>) -> bool {
        let from = self.from.as_deref().and_then(parse_date);
        let to = self.to.as_deref().and_then(parse_date);
        let ends_before = matches!((to, since), (Some(t), Some(s)) if t < s);
        let starts_after = matches!((from, until), (Some(f), Some(u)) if f > u);
        !ends_before && !starts_after
    }

    /// Whether the name is a plain file name, safe to put in a URL and a path.
    pub fn is_safe_name(&self) -> bool {
        !self.name.is_empty()
            && self.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            && !self.name.starts_with('.')
    }
}

/// The top of the submissions JSON (what fetching and the folder walk need).
#[derive(Debug, Default, Deserialize)]
pub struct Submissions {
    /// The company, as EDGAR writes it (a string of ten digits; a number is read too).
    #[serde(default, deserialize_with = "lenient_cik")]
    pub cik: Option<Cik>,
    /// The company's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The filings.
    #[serde(default)]
    pub filings: SubmissionFilings,
}

/// A CIK given as a string or a number; anything else is no CIK rather than a broken file.
fn lenient_cik<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Cik>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s.parse().ok(),
        serde_json::Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    })
}

/// `filings` of the submissions JSON.
#[derive(Debug, Default, Deserialize)]
pub struct SubmissionFilings {
    /// The latest 1,000 filings.
    #[serde(default)]
    pub recent: Columns,
    /// Older pages.
    #[serde(default)]
    pub files: Vec<OlderPage>,
}

impl Columns {
    /// The rows, checked: the arrays run in parallel, so a short one means a broken file.
    pub fn filings(&self, cik: Cik, source: &str) -> Result<Vec<FilingRef>> {
        let n = self.accession_number.len();
        if self.form.len() != n {
            return Err(Error::Format {
                url: source.to_string(),
                reason: format!("{} accession numbers but {} forms", n, self.form.len()),
            });
        }
        let mut out = Vec::new();
        for i in 0..n {
            let accession = self.accession_number[i].parse().map_err(|_| Error::Format {
                url: source.to_string(),
                reason: format!("bad accession number {:?}", self.accession_number[i]),
            })?;
            out.push(FilingRef {
                cik,
                accession,
                form: self.form[i].trim().to_string(),
                filing_date: self.filing_date.get(i).and_then(|d| parse_date(d)),
                primary_document: self.primary_document.get(i).filter(|d| !d.trim().is_empty()).cloned(),
                // "2016-09-14T18:29:15.000Z"
                accepted: self.acceptance_date_time.get(i).and_then(|s| {
                    NaiveDateTime::parse_from_str(s.trim().trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f").ok()
                }),
            });
        }
        Ok(out)
    }
}

/// One entry of a filing folder's `index.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ListingItem {
    /// File name.
    pub name: String,
    /// EDGAR's icon type (`text.gif`, `image2.gif`, ...), empty for PDFs.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Byte count as a string, empty for generated index pages.
    #[serde(default)]
    pub size: String,
    /// When the file was last changed, New York time (`2019-05-14 14:29:15`): for a filing's
    /// documents, the moment EDGAR accepted it.
    #[serde(rename = "last-modified", default)]
    pub last_modified: Option<String>,
}

impl ListingItem {
    /// The declared size, when there is one.
    pub fn size(&self) -> Option<u64> {
        self.size.trim().parse().ok()
    }

    /// [`ListingItem::last_modified`], UTC.
    pub fn modified_utc(&self) -> Option<NaiveDateTime> {
        let t = self.last_modified.as_deref()?.trim();
        NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok().map(new_york_to_utc)
    }
}

/// A filing folder's `index.json`.
#[derive(Debug, Deserialize)]
pub struct Listing {
    /// The folder.
    pub directory: ListingDirectory,
}

/// `directory` of `index.json`.
#[derive(Debug, Deserialize)]
pub struct ListingDirectory {
    /// Its path, `/Archives/edgar/data/<CIK>/<ACCESSION without dashes>`.
    #[serde(default)]
    pub name: Option<String>,
    /// Its files.
    #[serde(default)]
    pub item: Vec<ListingItem>,
}

impl Listing {
    /// The company the folder is filed under: the path's folder above the filing's.
    pub fn cik(&self) -> Option<Cik> {
        self.directory.name.as_deref()?.trim_end_matches('/').rsplit('/').nth(1)?.parse().ok()
    }

    /// Picks the letter among a filing's files: the submissions API's primary document when it is
    /// listed, else the first PDF of a staff filing or the first HTML page of a response, then
    /// plain text; never EDGAR's generated index pages, the full submission `.txt`, or images.
    pub fn main_document(
        &self,
        accession: &Accession,
        form: &str,
        primary: Option<&str>,
    ) -> Option<&ListingItem> {
        let candidates: Vec<&ListingItem> =
            self.directory.item.iter().filter(|i| is_letter_candidate(&i.name, &i.kind, accession)).collect();
        if let Some(item) = primary.and_then(|p| candidates.iter().find(|i| i.name == p)) {
            return Some(item);
        }
        let staff = corresp_model::correspondence_author(form) != Some(corresp_model::Direction::Company);
        let rank = |name: &str| {
            let ext = extension(name);
            match (ext.as_str(), staff) {
                ("pdf", true) | ("htm" | "html", false) => 0,
                ("htm" | "html", true) | ("pdf", false) => 1,
                _ => 2,
            }
        };
        candidates
            .into_iter()
            .min_by(|a, b| rank(&a.name).cmp(&rank(&b.name)).then_with(|| natural(&a.name, &b.name)))
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

fn is_letter_candidate(name: &str, kind: &str, accession: &Accession) -> bool {
    let safe = !name.is_empty()
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    let lower = name.to_ascii_lowercase();
    let generated = lower.ends_with("-index.htm")
        || lower.ends_with("-index.html")
        || lower.ends_with("-index-headers.html")
        || lower == format!("{}.txt", accession.as_str())
        || lower == format!("{}.txt", accession.compact());
    let image = kind.starts_with("image");
    safe && !generated && !image && matches!(extension(name).as_str(), "pdf" | "htm" | "html" | "txt")
}

/// `filename2` before `filename10`.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        (digits.len(), digits, s.to_string())
    };
    key(a).cmp(&key(b))
}

/// One line of a `master.idx` index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The filing.
    pub filing: FilingRef,
    /// Company name as the index prints it.
    pub company: String,
}

/// Reads a full (`full-index/.../master.idx`) or daily (`daily-index/.../master.YYYYMMDD.idx`)
/// master index: a free-text preamble, the header `CIK|Company Name|Form Type|Date Filed|File
/// Name`, a line of dashes, then one filing per line. The daily files print dates as `YYYYMMDD`,
/// the quarterly ones as `YYYY-MM-DD`. Lines that do not parse are skipped and counted.
pub fn parse_master_index(bytes: &[u8], source: &str) -> Result<(Vec<IndexEntry>, usize)> {
    // Company names are Latin-1 in old files; lossy decoding only affects names.
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    if !lines.by_ref().any(|l| l.trim_start().starts_with("CIK|Company Name|Form Type")) {
        return Err(Error::Format {
            url: source.to_string(),
            reason: "not an EDGAR master index (no `CIK|Company Name|Form Type|...` header)".into(),
        });
    }
    let mut entries = Vec::new();
    let mut skipped = 0;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() || line.bytes().all(|b| b == b'-') {
            continue;
        }
        match parse_master_line(line) {
            Some(e) => entries.push(e),
            None => skipped += 1,
        }
    }
    Ok((entries, skipped))
}

fn parse_master_line(line: &str) -> Option<IndexEntry> {
    // Split from the right: a company name could hold a `|`, the other fields cannot.
    let mut right = line.rsplitn(4, '|');
    let file = right.next()?.trim();
    let date = right.next()?.trim();
    let form = right.next()?.trim();
    let (cik, company) = right.next()?.split_once('|')?;
    let cik: Cik = cik.parse().ok()?;
    let stem = file.rsplit('/').next()?.strip_suffix(".txt")?;
    Some(IndexEntry {
        filing: FilingRef {
            cik,
            accession: stem.parse().ok()?,
            form: form.to_string(),
            filing_date: parse_date(date),
            primary_document: None,
            accepted: None,
        },
        company: company.trim().to_string(),
    })
}

/// New York time (EDGAR's clock) to UTC, by the time-zone database. The hour repeated when daylight
/// time ends is read as daylight time (the earlier instant); an hour skipped when it starts (which
/// EDGAR never prints) as standard time.
pub fn new_york_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    match New_York.from_local_datetime(&local).earliest() {
        Some(t) => t.naive_utc(),
        None => local + chrono::TimeDelta::hours(5),
    }
}

/// The New York calendar day of a UTC time: EDGAR's filing date for an acceptance time.
pub fn new_york_day(utc: NaiveDateTime) -> NaiveDate {
    New_York.from_utc_datetime(&utc).date_naive()
}

/// `2024-01-02` or `20240102`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%Y%m%d")).ok()
}

#[cfg(test)]
mod tests {
    //! Each EDGAR format on a small sample written in its documented shape.
    use super::*;

    fn acc(s: &str) -> Accession {
        s.parse().unwrap()
    }

    fn listing(items: &[(&str, &str, &str)]) -> Listing {
        Listing {
            directory: ListingDirectory {
                name: None,
                item: items
                    .iter()
                    .map(|(n, k, s)| ListingItem {
                        name: n.to_string(),
                        kind: k.to_string(),
                        size: s.to_string(),
                        last_modified: None,
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn main_document_skips_index_pages_full_submission_and_images() {
        let a = acc("0000000000-19-001234");
        let l = listing(&[
            ("0000000000-19-001234-index-headers.html", "text.gif", ""),
            ("0000000000-19-001234-index.html", "text.gif", ""),
            ("0000000000-19-001234.txt", "text.gif", ""),
            ("filename2.txt", "text.gif", "3000"),
            ("filename1.pdf", "", "40000"),
        ]);
        assert_eq!(l.main_document(&a, "UPLOAD", None).unwrap().name, "filename1.pdf");
        let b = acc("0001234567-19-000010");
        let r = listing(&[
            ("0001234567-19-000010.txt", "text.gif", ""),
            ("logo.jpg", "image2.gif", "800"),
            ("filename2.pdf", "", "9000"),
            ("filename1.htm", "text.gif", "21000"),
        ]);
        assert_eq!(r.main_document(&b, "CORRESP", None).unwrap().name, "filename1.htm");
        // The API's primary document wins when it is in the folder, and only then.
        assert_eq!(r.main_document(&b, "CORRESP", Some("filename2.pdf")).unwrap().name, "filename2.pdf");
        assert_eq!(r.main_document(&b, "CORRESP", Some("gone.htm")).unwrap().name, "filename1.htm");
        let empty = listing(&[("0001234567-19-000010-index.htm", "text.gif", "")]);
        assert!(empty.main_document(&b, "CORRESP", None).is_none());
        let unsafe_name = listing(&[("../x.pdf", "", "1")]);
        assert!(unsafe_name.main_document(&b, "UPLOAD", None).is_none());
    }

    #[test]
    fn numbered_names_sort_naturally() {
        let a = acc("0000000000-19-001234");
        let l = listing(&[("letter10.pdf", "", "1"), ("letter2.pdf", "", "1")]);
        assert_eq!(l.main_document(&a, "UPLOAD", None).unwrap().name, "letter2.pdf");
    }

    #[test]
    fn submissions_columns_become_rows_and_broken_ones_are_refused() {
        let json = r#"{"name":"Example Corp","filings":{"recent":{
            "accessionNumber":["0000000000-24-000001","0000950170-24-000002"],
            "filingDate":["2024-03-01","2024-02-01"],
            "form":["UPLOAD","10-K"],
            "primaryDocument":["filename1.pdf",""]},
            "files":[{"name":"CIK0000000042-submissions-001.json","filingFrom":"2001-01-01","filingTo":"2015-12-31"}]}}"#;
        let s: Submissions = serde_json::from_str(json).unwrap();
        let cik: Cik = "42".parse().unwrap();
        let rows = s.filings.recent.filings(cik, "test").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].primary_document.as_deref(), Some("filename1.pdf"));
        assert_eq!(rows[1].primary_document, None);
        assert_eq!(rows[0].filing_date, NaiveDate::from_ymd_opt(2024, 3, 1));
        let page = &s.filings.files[0];
        assert!(page.is_safe_name());
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(page.overlaps(None, None));
        assert!(page.overlaps(d("2015-06-01"), None));
        assert!(!page.overlaps(d("2016-01-01"), None));
        assert!(!page.overlaps(None, d("2000-12-31")));
        let broken: Columns =
            serde_json::from_str(r#"{"accessionNumber":["0000000000-24-000001"],"form":[]}"#).unwrap();
        assert!(matches!(broken.filings(cik, "u"), Err(Error::Format { .. })));
    }

    #[test]
    fn master_index_daily_and_quarterly() {
        let daily = "Description:           Daily Index of EDGAR Dissemination Feed by Company Name\n\
Last Data Received:    March 4, 2024\n\
Comments:              webmaster@sec.gov\n\
Anonymous FTP:         ftp://ftp.sec.gov/edgar/\n\
\n\
CIK|Company Name|Form Type|Date Filed|File Name\n\
--------------------------------------------------------------------------------\n\
42|EXAMPLE CORP|UPLOAD|20240115|edgar/data/42/0000000000-24-000001.txt\n\
42|EXAMPLE | HOLDINGS|SEC STAFF LETTER|20240304|edgar/data/42/9999999997-24-000009.txt\n\
garbage line\n\
77|OTHER INC|10-K|20240304|edgar/data/77/0000950170-24-000002.txt\n";
        let (entries, skipped) = parse_master_index(daily.as_bytes(), "u").unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].filing.filing_date, NaiveDate::from_ymd_opt(2024, 1, 15));
        assert_eq!(entries[1].company, "EXAMPLE | HOLDINGS");
        assert_eq!(entries[1].filing.form, "SEC STAFF LETTER");
        assert_eq!(entries[2].filing.accession.as_str(), "0000950170-24-000002");
        let quarterly = "CIK|Company Name|Form Type|Date Filed|File Name\n---\n\
42|EXAMPLE CORP|CORRESP|2024-01-20|edgar/data/42/0001234567-24-000003.txt\n";
        let (q, _) = parse_master_index(quarterly.as_bytes(), "u").unwrap();
        assert_eq!(q[0].filing.filing_date, NaiveDate::from_ymd_opt(2024, 1, 20));
        assert!(parse_master_index(b"<html>Not here</html>", "u").is_err());
    }

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn new_york_time_becomes_utc_by_the_time_zone_database() {
        assert_eq!(new_york_to_utc(t("2016-09-14 14:29:15")), t("2016-09-14 18:29:15"));
        assert_eq!(new_york_to_utc(t("2016-01-14 14:29:15")), t("2016-01-14 19:29:15"));
        assert_eq!(new_york_to_utc(t("2024-03-10 01:59:00")), t("2024-03-10 06:59:00"));
        assert_eq!(new_york_to_utc(t("2024-03-10 03:00:00")), t("2024-03-10 07:00:00"));
        // The repeated hour is daylight time; the hour after it standard time.
        assert_eq!(new_york_to_utc(t("2024-11-03 01:30:00")), t("2024-11-03 05:30:00"));
        assert_eq!(new_york_to_utc(t("2024-11-03 02:30:00")), t("2024-11-03 07:30:00"));
        // Before 2007 daylight time began in April and ended in late October.
        assert_eq!(new_york_to_utc(t("2006-03-20 12:00:00")), t("2006-03-20 17:00:00"));
        assert_eq!(new_york_to_utc(t("2006-10-30 12:00:00")), t("2006-10-30 17:00:00"));
        assert_eq!(new_york_to_utc(t("2006-10-27 12:00:00")), t("2006-10-27 16:00:00"));
        assert_eq!(new_york_day(t("2016-09-15 01:00:00")), NaiveDate::from_ymd_opt(2016, 9, 14).unwrap());
        assert_eq!(new_york_day(t("2016-09-15 05:00:00")), NaiveDate::from_ymd_opt(2016, 9, 15).unwrap());
    }

    #[test]
    fn submissions_and_listings_give_the_walks_facts() {
        let subs: Submissions = serde_json::from_str(
            r#"{"cik":"12345","name":"EXAMPLE WIDGETS INC","filings":{"recent":{
                "accessionNumber":["0000012345-19-000001"],"filingDate":["2019-05-20"],
                "acceptanceDateTime":["2019-05-20T20:00:00.000Z"],"form":["CORRESP"]}}}"#,
        )
        .unwrap();
        let cik = subs.cik.unwrap();
        assert_eq!(
            (cik.padded().as_str(), subs.name.as_deref()),
            ("0000012345", Some("EXAMPLE WIDGETS INC"))
        );
        let rows = subs.filings.recent.filings(cik, "test").unwrap();
        assert_eq!(rows[0].accepted, Some(t("2019-05-20 20:00:00")));
        // A number is a CIK too; a file with no filings is still read.
        let subs: Submissions = serde_json::from_str(r#"{"cik":12345}"#).unwrap();
        assert_eq!(subs.cik.map(Cik::get), Some(12345));
        let l: Listing = serde_json::from_str(
            r#"{"directory":{"name":"/Archives/edgar/data/12345/000001234519000001","item":[
                {"name":"filename1.htm","type":"","size":"8","last-modified":"2019-01-10 17:00:00"}]}}"#,
        )
        .unwrap();
        assert_eq!(l.cik().map(Cik::get), Some(12345));
        assert_eq!(l.directory.item[0].modified_utc(), Some(t("2019-01-10 22:00:00")));
    }
}
