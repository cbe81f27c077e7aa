//! EDGAR's identities, typed once: a company's [`Cik`], a filing's [`Accession`], whether the staff
//! or the company filed it, which forms are correspondence, and where a filing lives. Each is
//! validated when built, so paths and URLs made from them are always well formed (no `..`, no
//! slashes smuggled in from a JSON file).

use std::fmt;
use std::str::FromStr;

use crate::Direction;

/// An identifier that is not EDGAR's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not a CIK (up to ten digits, optionally after `CIK`).
    BadCik(String),
    /// Not an accession number (`NNNNNNNNNN-YY-NNNNNN` or its 18 digits).
    BadAccession(String),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::BadCik(s) => write!(f, "not a CIK: {s:?} (up to ten digits)"),
            IdError::BadAccession(s) => {
                write!(f, "not an accession number: {s:?} (NNNNNNNNNN-YY-NNNNNN)")
            }
        }
    }
}

impl std::error::Error for IdError {}

/// A company's Central Index Key. Displays without leading zeros, as in Archives paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cik(u64);

impl Cik {
    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
    /// Ten digits, zero-padded, as the submissions API names its files and the store keeps it.
    pub fn padded(self) -> String {
        format!("{:010}", self.0)
    }
}

impl FromStr for Cik {
    type Err = IdError;
    /// Accepts `320193`, `0000320193` and `CIK0000320193`.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        let digits = t.strip_prefix("CIK").or_else(|| t.strip_prefix("cik")).unwrap_or(t);
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::BadCik(s.to_string()));
        }
        digits.parse().map(Cik).map_err(|_| IdError::BadCik(s.to_string()))
    }
}

impl fmt::Display for Cik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The filer-agent prefixes under which the SEC files its own documents (UPLOAD under the first,
/// SEC STAFF LETTER / ACTION under either), instead of a company's filer agent.
pub const STAFF_ACCESSION_PREFIXES: [&str; 2] = ["0000000000-", "9999999997-"];

/// An accession number, `NNNNNNNNNN-YY-NNNNNN`: the filer agent's CIK, the year, a sequence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Accession(String);

impl Accession {
    /// With dashes, as EDGAR prints it and as the corpus names its folders.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Without dashes, as the Archives folder is named.
    pub fn compact(&self) -> String {
        self.0.replace('-', "")
    }
    /// Filed by the SEC's staff ([`STAFF_ACCESSION_PREFIXES`]).
    pub fn is_staff(&self) -> bool {
        is_staff_accession(&self.0)
    }
    /// Only `UPLOAD` is filed under `0000000000-`; the other staff prefix is shared by SEC STAFF
    /// LETTER and ACTION, so the number alone names no form there.
    pub fn staff_form(&self) -> Option<&'static str> {
        self.0.starts_with(STAFF_ACCESSION_PREFIXES[0]).then_some("UPLOAD")
    }
}

/// Whether an accession number (as stored, with dashes) was filed by the staff. A key that is not
/// an accession number (a loose file's content hash) is not.
pub fn is_staff_accession(accession: &str) -> bool {
    STAFF_ACCESSION_PREFIXES.iter().any(|p| accession.starts_with(p))
}

impl FromStr for Accession {
    type Err = IdError;
    /// Accepts the dashed form and the 18-digit compact form.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        let digits: String = t.chars().filter(|c| *c != '-').collect();
        let dashed_ok = t.len() == 20 && t.as_bytes()[10] == b'-' && t.as_bytes()[13] == b'-';
        if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) || (t.len() != 18 && !dashed_ok)
        {
            return Err(IdError::BadAccession(s.to_string()));
        }
        Ok(Accession(format!("{}-{}-{}", &digits[..10], &digits[10..12], &digits[12..])))
    }
}

impl fmt::Display for Accession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The EDGAR forms of filing-review correspondence: the staff's letters (`UPLOAD`, and the rarer
/// `SEC STAFF LETTER` / `SEC STAFF ACTION`) and the company's responses (`CORRESP`).
pub const CORRESPONDENCE_FORMS: [&str; 4] = ["UPLOAD", "CORRESP", "SEC STAFF LETTER", "SEC STAFF ACTION"];

/// Whether a form (as EDGAR spells it) is filing-review correspondence.
pub fn is_correspondence(form: &str) -> bool {
    correspondence_author(form).is_some()
}

/// Who files a correspondence form: the staff (`UPLOAD`, `SEC STAFF ...`) or the company
/// (`CORRESP`); `None` for any other form.
pub fn correspondence_author(form: &str) -> Option<Direction> {
    let f = form.trim().to_ascii_uppercase();
    match f.as_str() {
        "CORRESP" => Some(Direction::Company),
        "UPLOAD" => Some(Direction::Staff),
        _ if f.starts_with("SEC STAFF") => Some(Direction::Staff),
        _ => None,
    }
}

/// EDGAR's filing index of an accession filed under a CIK:
/// `https://www.sec.gov/Archives/edgar/data/<CIK>/<ACCESSION without dashes>/`. `None` when either
/// is not EDGAR's (a content-hash key of a loose file, a CIK with letters), so no link is made up.
pub fn filing_index_url(cik: &str, accession: &str) -> Option<String> {
    let cik: Cik = cik.parse().ok()?;
    let accession: Accession = accession.parse().ok()?;
    Some(format!("https://www.sec.gov/Archives/edgar/data/{cik}/{}/", accession.compact()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_urls_only_for_edgar_identities() {
        assert_eq!(
            filing_index_url("0001090872", "0000000000-16-092800").as_deref(),
            Some("https://www.sec.gov/Archives/edgar/data/1090872/000000000016092800/")
        );
        assert_eq!(filing_index_url("1090872", "sha256:abcd"), None);
        assert_eq!(filing_index_url("", "0000000000-16-092800"), None);
        assert_eq!(filing_index_url("12a", "0000000000-16-092800"), None);
        assert_eq!(filing_index_url("12", "0000000000-16-0928"), None);
    }

    #[test]
    fn ciks_in_every_spelling() {
        for s in ["1090872", "0001090872", "CIK0001090872", " 1090872 "] {
            let c: Cik = s.parse().unwrap();
            assert_eq!(c.to_string(), "1090872");
            assert_eq!(c.padded(), "0001090872");
        }
        for s in ["", "12a", "12345678901", "../1"] {
            assert!(s.parse::<Cik>().is_err(), "{s}");
        }
    }

    #[test]
    fn accessions_dashed_or_compact() {
        let a: Accession = "000000000016092800".parse().unwrap();
        assert_eq!(a.as_str(), "0000000000-16-092800");
        assert_eq!(a.compact(), "000000000016092800");
        assert!(a.is_staff());
        assert_eq!(a.staff_form(), Some("UPLOAD"));
        let b: Accession = "0001090872-16-000078".parse().unwrap();
        assert!(!b.is_staff());
        assert!(is_staff_accession("9999999997-24-000009"));
        assert!(!is_staff_accession("sha256:0000000000-"));
        for s in ["0001090872-16-00007", "000109087-216-000078", "0001090872-16-00007x", "../../etc"] {
            assert!(s.parse::<Accession>().is_err(), "{s}");
        }
    }

    #[test]
    fn correspondence_forms_and_who_files_them() {
        assert_eq!(correspondence_author("UPLOAD"), Some(Direction::Staff));
        assert_eq!(correspondence_author("SEC STAFF ACTION"), Some(Direction::Staff));
        assert_eq!(correspondence_author(" corresp "), Some(Direction::Company));
        assert_eq!(correspondence_author("10-K"), None);
        assert!(CORRESPONDENCE_FORMS.iter().all(|f| is_correspondence(f)));
    }
}
