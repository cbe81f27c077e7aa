//! EDGAR's two identifiers, validated once when built so that paths and URLs made from them are
//! always well formed (no `..`, no slashes smuggled in from a JSON file).

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A company's Central Index Key. Displays without leading zeros, as in Archives paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cik(u64);

impl Cik {
    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
    /// Ten digits, zero-padded, as the submissions API names its files.
    pub fn padded(self) -> String {
        format!("{:010}", self.0)
    }
}

impl FromStr for Cik {
    type Err = Error;
    /// Accepts `320193`, `0000320193` and `CIK0000320193`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        let digits = t.strip_prefix("CIK").or_else(|| t.strip_prefix("cik")).unwrap_or(t);
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::BadCik(s.to_string()));
        }
        digits.parse().map(Cik).map_err(|_| Error::BadCik(s.to_string()))
    }
}

impl fmt::Display for Cik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

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
    /// Staff documents (UPLOAD, SEC STAFF LETTER/ACTION) are filed by the SEC under these agent
    /// prefixes rather than by the company's filer agent.
    pub fn is_staff(&self) -> bool {
        self.0.starts_with("0000000000-") || self.0.starts_with("9999999997-")
    }
}

impl FromStr for Accession {
    type Err = Error;
    /// Accepts the dashed form and the 18-digit compact form.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        let digits: String = t.chars().filter(|c| *c != '-').collect();
        let dashed_ok = t.len() == 20 && t.as_bytes()[10] == b'-' && t.as_bytes()[13] == b'-';
        if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) || (t.len() != 18 && !dashed_ok)
        {
            return Err(Error::BadAccession(s.to_string()));
        }
        Ok(Accession(format!("{}-{}-{}", &digits[..10], &digits[10..12], &digits[12..])))
    }
}

impl fmt::Display for Accession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    //! Parsing of CIKs and accession numbers.
    use super::*;

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
        let b: Accession = "0001090872-16-000078".parse().unwrap();
        assert!(!b.is_staff());
        for s in ["0001090872-16-00007", "000109087-216-000078", "0001090872-16-00007x", "../../etc"] {
            assert!(s.parse::<Accession>().is_err(), "{s}");
        }
    }
}
