//! Turning an upload (multipart files, or one zip of an EDGAR folder) into bounded, typed files with
//! safe relative names. Nothing here touches the disk: the backend decides where files go, and can
//! only ever be handed names made of plain components.

use std::io::Read;

use crate::error::{Error, Result, quote};
use crate::types::Upload;

/// Bounds on what one ingest request may carry.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of the whole request body.
    pub max_body: usize,
    /// Files per request (after unpacking zips).
    pub max_files: usize,
    /// Entries in one zip, counting folders and skipped files.
    pub max_zip_entries: usize,
    /// Bytes of all files once inflated.
    pub max_inflated: u64,
    /// Bytes of `POST /api/v1/check` bodies.
    pub max_check: usize,
    /// Bytes of `POST /api/v1/draft` bodies (one staff letter) and of drafts sent to render.
    pub max_draft: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 64 << 20,
            max_files: 2_000,
            max_zip_entries: 10_000,
            max_inflated: 512 << 20,
            max_check: 1 << 20,
            max_draft: 16 << 20,
        }
    }
}

/// What a file's extension says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileType {
    Pdf,
    Html,
    Txt,
    /// EDGAR's JSON (index.json, metadata.json, company_submissions.json): threads need it.
    Json,
    Zip,
}

fn file_type(name: &str) -> Option<FileType> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "pdf" => FileType::Pdf,
        "htm" | "html" => FileType::Html,
        "txt" => FileType::Txt,
        "json" => FileType::Json,
        "zip" => FileType::Zip,
        _ => return None,
    })
}

/// Checks that the bytes are what the name says: a renamed binary is refused, not parsed.
fn content_matches(t: FileType, bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    match t {
        FileType::Pdf => head.windows(5).any(|w| w == b"%PDF-"),
        FileType::Zip => bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06"),
        FileType::Html | FileType::Txt | FileType::Json => !head.contains(&0),
    }
}

/// A name made only of plain components joined by `/`, or an error naming the offending input.
///
/// Refuses `..`, absolute paths, drive letters and backslashes instead of "cleaning" them: a
/// client sending those is either broken or probing, and either way deserves a 400.
pub fn safe_name(raw: &str) -> Result<String> {
    let bad = || Error::BadRequest(format!("unsafe file name {}", quote(raw)));
    if raw.is_empty() || raw.len() > 512 || raw.contains('\\') || raw.contains('\0') || raw.contains(':') {
        return Err(bad());
    }
    let mut parts = Vec::new();
    for p in raw.split('/') {
        match p {
            "" if parts.is_empty() && raw.starts_with('/') => return Err(bad()),
            "" | "." => continue,
            ".." => return Err(bad()),
            p if p.chars().any(|c| c.is_control()) => return Err(bad()),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(bad());
    }
    Ok(parts.join("/"))
}

/// Checks an uploaded part's name (safe, of a type taken) before its bytes are read.
pub(crate) fn check_name(raw: &str) -> Result<()> {
    typed_name(raw).map(|_| ())
}

/// The safe name of an uploaded part and the type its extension says.
fn typed_name(raw: &str) -> Result<(String, FileType)> {
    let name = safe_name(raw)?;
    match file_type(&name) {
        Some(t) => Ok((name, t)),
        None => Err(Error::Unsupported(format!(
            "{}: only .pdf, .htm, .html, .txt, .json files or a .zip are taken",
            quote(&name)
        ))),
    }
}

/// Accumulates files while enforcing the count and size bounds.
pub(crate) struct Collector {
    limits: Limits,
    pub(crate) files: Vec<Upload>,
    pub(crate) skipped: Vec<String>,
    total: u64,
}

impl Collector {
    pub(crate) fn new(limits: Limits) -> Self {
        Collector { limits, files: Vec::new(), skipped: Vec::new(), total: 0 }
    }

    /// Adds one uploaded part: a letter file, EDGAR JSON, or a zip to unpack.
    pub(crate) fn add(&mut self, raw_name: &str, bytes: Vec<u8>) -> Result<()> {
        let (name, t) = typed_name(raw_name)?;
        if !content_matches(t, &bytes) {
            return Err(Error::Unsupported(format!("{}: the content is not a {t:?} file", quote(&name))));
        }
        if t == FileType::Zip {
            return self.unzip(&name, bytes);
        }
        self.push(name, bytes)
    }

    fn push(&mut self, name: String, bytes: Vec<u8>) -> Result<()> {
        if self.files.len() >= self.limits.max_files {
            return Err(Error::TooLarge(format!("more than {} files in one upload", self.limits.max_files)));
        }
        self.total += bytes.len() as u64;
        if self.total > self.limits.max_inflated {
            return Err(Error::TooLarge(format!(
                "more than {} bytes in one upload",
                self.limits.max_inflated
            )));
        }
        self.files.push(Upload { name, bytes });
        Ok(())
    }

    fn unzip(&mut self, zip_name: &str, bytes: Vec<u8>) -> Result<()> {
        let zip_name = quote(zip_name);
        let bad =
            |e: zip::result::ZipError| Error::Unprocessable(format!("{zip_name}: not a readable zip ({e})"));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
        if archive.len() > self.limits.max_zip_entries {
            return Err(Error::TooLarge(format!(
                "{zip_name}: {} entries, more than {}",
                archive.len(),
                self.limits.max_zip_entries
            )));
        }
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(bad)?;
            if entry.is_dir() {
                continue;
            }
            let raw = entry.name().map_err(bad)?.into_owned();
            let name = safe_name(&raw)?;
            let Some(t) = file_type(&name).filter(|t| *t != FileType::Zip) else {
                self.skipped.push(name);
                continue;
            };
            // The declared size can lie; read at most one byte past what is left of the budget so
            // a zip bomb is caught by the bytes it actually inflates to.
            let left = self.limits.max_inflated.saturating_sub(self.total);
            let mut buf = Vec::new();
            (&mut entry).take(left + 1).read_to_end(&mut buf).map_err(|e| {
                Error::Unprocessable(format!("{zip_name}: cannot inflate {} ({e})", quote(&name)))
            })?;
            if buf.len() as u64 > left {
                return Err(Error::TooLarge(format!(
                    "{zip_name}: inflates to more than {} bytes",
                    self.limits.max_inflated
                )));
            }
            if !content_matches(t, &buf) {
                self.skipped.push(name);
                continue;
            }
            self.push(name, buf)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Name safety and bounds, without HTTP.
    use super::*;

    #[test]
    fn traversal_and_absolute_names_are_refused() {
        for n in ["../x.pdf", "a/../../x.pdf", "/etc/passwd", "..\\x.htm", "C:x.htm", "", "a/\u{7}.txt"] {
            assert!(safe_name(n).is_err(), "{n:?}");
        }
        assert_eq!(safe_name("./a//b/filename1.htm").unwrap(), "a/b/filename1.htm");
    }

    #[test]
    fn types_are_checked_by_content() {
        let mut c = Collector::new(Limits::default());
        assert!(matches!(c.add("x.pdf", b"<html>".to_vec()), Err(Error::Unsupported(_))));
        assert!(matches!(c.add("x.exe", b"MZ".to_vec()), Err(Error::Unsupported(_))));
        c.add("x.pdf", b"%PDF-1.4 ...".to_vec()).unwrap();
        assert_eq!(c.files.len(), 1);
    }

    #[test]
    fn count_bound_holds() {
        let mut c = Collector::new(Limits { max_files: 2, ..Limits::default() });
        c.add("a.txt", b"a".to_vec()).unwrap();
        c.add("b.txt", b"b".to_vec()).unwrap();
        assert!(matches!(c.add("c.txt", b"c".to_vec()), Err(Error::TooLarge(_))));
    }
}
