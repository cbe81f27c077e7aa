//! The local copy of what was fetched, in the corpus layout the ingest walker reads:
//!
//! ```text
//! <root>/<CIK>/company_submissions.json                       submissions API JSON
//! <root>/<CIK>/CIK##########-submissions-NNN.json             its older pages
//! <root>/<CIK>/correspondence/filings/<ACCESSION>/index.json  the filing folder's listing
//! <root>/<CIK>/correspondence/filings/<ACCESSION>/<document>  the letter, EDGAR's bytes
//! ```
//!
//! Every file is written to a `.part` name and renamed, so an interrupted run leaves either the
//! whole file or none: a document on disk is a document fetched, and is never asked for again.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::Listing;
use corresp_model::{Accession, Cik};

/// Suffix of files being written.
const PART: &str = ".part";

/// A folder that mirrors the EDGAR files fetched so far.
#[derive(Debug, Clone)]
pub struct Mirror {
    root: PathBuf,
}

impl Mirror {
    /// A mirror rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Mirror { root: root.into() }
    }

    /// The mirror kept beside a store: for `data/corresp.db`, `data/corresp.db.edgar/`.
    pub fn beside(db: &Path) -> Self {
        let mut root = db.as_os_str().to_owned();
        root.push(".edgar");
        Mirror { root: root.into() }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A company's folder: what to ingest after fetching it.
    pub fn company_dir(&self, cik: Cik) -> PathBuf {
        self.root.join(cik.to_string())
    }

    /// Where the company's submissions JSON is kept.
    pub fn submissions_path(&self, cik: Cik) -> PathBuf {
        self.company_dir(cik).join("company_submissions.json")
    }

    /// Where an older submissions page is kept (the name was checked by the caller).
    pub fn submissions_page_path(&self, cik: Cik, name: &str) -> PathBuf {
        self.company_dir(cik).join(name)
    }

    /// A filing's folder.
    pub fn filing_dir(&self, cik: Cik, accession: &Accession) -> PathBuf {
        self.company_dir(cik).join("correspondence").join("filings").join(accession.as_str())
    }

    /// The filing's `index.json`, if it was fetched before.
    pub fn listing(&self, cik: Cik, accession: &Accession) -> Result<Option<Listing>> {
        let path = self.filing_dir(cik, accession).join("index.json");
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| Error::Json { url: path.display().to_string(), source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// The filing's document, if a previous run wrote it: any complete file in the folder
    /// besides `index.json` (partial files keep their `.part` suffix).
    pub fn document(&self, cik: Cik, accession: &Accession) -> Option<PathBuf> {
        let dir = self.filing_dir(cik, accession);
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name != "index.json" && !name.ends_with(PART)
            })
            .collect();
        found.sort();
        found.into_iter().next()
    }

    /// Writes `bytes` to `path` so that it appears whole or not at all.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut part = path.as_os_str().to_owned();
        part.push(PART);
        let part = PathBuf::from(part);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&part)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&part, path)
        };
        write().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    //! Layout and atomic writes of the mirror.
    use super::*;

    #[test]
    fn documents_are_found_only_when_complete() {
        let tmp = tempfile::tempdir().unwrap();
        let m = Mirror::beside(&tmp.path().join("x.db"));
        assert!(m.root().ends_with("x.db.edgar"));
        let cik: Cik = "42".parse().unwrap();
        let acc: Accession = "0000000000-24-000001".parse().unwrap();
        let dir = m.filing_dir(cik, &acc);
        assert!(dir.ends_with("42/correspondence/filings/0000000000-24-000001"));
        assert_eq!(m.document(cik, &acc), None);
        m.write(&dir.join("index.json"), b"{}").unwrap();
        std::fs::write(dir.join("filename1.pdf.part"), b"%PDF-1.").unwrap();
        assert_eq!(m.document(cik, &acc), None, "a partial file is not a document");
        m.write(&dir.join("filename1.pdf"), b"%PDF-1.7 whole").unwrap();
        assert_eq!(m.document(cik, &acc), Some(dir.join("filename1.pdf")));
        assert!(!dir.join("filename1.pdf.part").exists(), "the stale part was replaced and renamed");
    }

    #[test]
    fn a_broken_listing_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let m = Mirror::new(tmp.path());
        let cik: Cik = "42".parse().unwrap();
        let acc: Accession = "0000000000-24-000001".parse().unwrap();
        assert!(m.listing(cik, &acc).unwrap().is_none());
        m.write(&m.filing_dir(cik, &acc).join("index.json"), b"{not json").unwrap();
        let e = m.listing(cik, &acc).unwrap_err();
        assert!(e.to_string().contains("index.json"), "{e}");
    }
}
