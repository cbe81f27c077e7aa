//! Bytes to text: EDGAR PDF, HTML and `.txt` letters, with pages and emphasis.
//!
//! Everything downstream (parsing, checking, search) reads letters as a [`Text`]: UTF-8 lines,
//! pages separated by `\f`, and the bold/italic/underline runs the parser needs to tell a repeated
//! staff comment from the company's answer. This crate is the only one that knows PDF and HTML
//! libraries; it turns every format EDGAR serves into that one shape:
//!
//! - PDF (staff letters, form UPLOAD) through pdf-extract, with the running header of pages 2+
//!   and the hidden template text of staff letters removed;
//! - HTML (company responses, form CORRESP), usually inside EDGAR's SGML wrapper, with
//!   Windows-1252 character references, tables as tab-separated lines and emphasis kept;
//! - plain `.txt` (with or without the wrapper), full submission `.txt` files holding several
//!   documents (their SGML header becomes a [`SubmissionHeader`]), and Markdown letters.
//!
//! The entry points are [`extract`] (bytes in memory) and [`extract_file`] (whose errors name the
//! file). Bad input is an [`Error`], never a panic.
//!
//! Hostile input is bounded ([`Limits`], see there for the figures): every PDF stream is decoded
//! through size-limited readers whatever its filter chain, with one decoded-size budget per
//! document, and PDF form XObjects are checked for loops before pdf-extract draws them; HTML
//! parsing is linear in the input whatever the nesting (elements nested past a depth limit are
//! read as flat text); and each document has a wall-clock budget, checked in every loop of the
//! crate. A document over a limit fails with an error naming the cause ([`Error::Decoded`],
//! [`Error::Timeout`], [`Error::TooLarge`]).
//!
//! ```
//! let html = b"<DOCUMENT>\n<TYPE>CORRESP\n<TEXT>\n<html><body><p><b>1. Revenue</b></p>\
//!              <p>We respectfully advise the Staff&#146;s comment.</p></body></html>\n</TEXT>\n</DOCUMENT>";
//! let got = corresp_extract::extract(html, "filename1.htm").unwrap();
//! assert_eq!(got.text.text, "1. Revenue\n\nWe respectfully advise the Staff\u{2019}s comment.\n");
//! assert!(got.text.emphasis_at(0).bold);
//! ```
#![deny(missing_docs)]

use std::path::Path;
use std::time::{Duration, Instant};

use corresp_model::{EdgarFacts, SourceFormat, Text};

mod clean;
mod error;
mod html;
mod markdown;
mod nesting;
mod pages;
mod pdf;
mod sgml;
mod table;

pub use error::{Error, Result};

/// Facts from an EDGAR SGML header (full submission `.txt`), when the input has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionHeader {
    /// Accession number with dashes.
    pub accession: Option<String>,
    /// Submission type (as `form`), filer CIK (ten digits), filer name and filing date.
    pub edgar: EdgarFacts,
}

/// One extracted document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text with its marks.
    pub text: Text,
    /// The SGML header's facts, for full submissions.
    pub submission: Option<SubmissionHeader>,
}

/// Caps that keep hostile input from exhausting memory or time; [`Limits::default`] is what
/// [`extract`] uses.
///
/// - `max_input` (256 MiB): larger inputs are refused before anything is read.
/// - `max_decoded` (256 MiB): every PDF stream is decoded through size-limited readers, whatever
///   its filter chain (Flate, also raw deflate behind a bad zlib header, LZW, ASCII85, ASCIIHex,
///   RunLength, PNG predictors); all decoded bytes of one document count against this budget,
///   and a document over it fails naming the stream ("PDF stream 12 0 R decodes to more than
///   256 MiB"). Decoded streams are kept in memory while the document is read, so this is also
///   its memory budget (about twice this at the peak). Nothing is inflated after the fact: the PDF library only ever sees plain streams.
/// - `max_time` (30 s): a wall-clock budget per document, checked while PDF streams are decoded
///   and pages drawn, while HTML is parsed and walked, and while text is cleaned; a document over
///   it fails with [`Error::Timeout`] naming the stage.
/// - `max_html_depth` (256) and `max_html_formatting` (64): HTML elements nested deeper, and
///   formatting elements (`<b>`, `<i>`, `<font>`...) left open beyond that many, are read as flat
///   text (a dropped block element still ends its line), which keeps HTML parsing linear in the
///   input and the tree walk's memory bounded.
///
/// Real letters are under 2 MB, decode to a few MB, nest 20 deep and extract in milliseconds:
/// these caps leave a wide margin.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input: usize,
    /// Largest total of decoded PDF stream bytes per document.
    pub max_decoded: usize,
    /// Wall-clock budget per document.
    pub max_time: Duration,
    /// Deepest HTML element nesting read as structure.
    pub max_html_depth: usize,
    /// Most HTML formatting elements left open at once.
    pub max_html_formatting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: 256 << 20,
            max_decoded: 256 << 20,
            max_time: Duration::from_secs(30),
            max_html_depth: 256,
            max_html_formatting: 64,
        }
    }
}

/// The limits of one extraction and its deadline.
pub(crate) struct Budget {
    pub limits: Limits,
    deadline: Instant,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Self {
        Budget { limits: *limits, deadline: Instant::now() + limits.max_time }
    }

    /// [`Error::Timeout`] once the deadline has passed; `stage` says what was running.
    pub(crate) fn check(&self, stage: &'static str) -> Result<()> {
        if Instant::now() > self.deadline {
            return Err(Error::Timeout { stage, limit: self.limits.max_time });
        }
        Ok(())
    }
}

/// What the bytes are, from their content first and the file name second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Html,
    /// SGML-wrapped or plain text (the wrapper may hold HTML or a uuencoded PDF).
    Text,
}

/// Extracts text from `bytes`; `file_name` (the path's last part) hints at the format when the
/// content does not tell.
pub fn extract(bytes: &[u8], file_name: &str) -> Result<Extracted> {
    extract_with_limits(bytes, file_name, &Limits::default())
}

/// [`extract`] with other [`Limits`] than the defaults.
pub fn extract_with_limits(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Extracted> {
    extract_with(bytes, file_name, &Budget::new(limits))
}

fn extract_with(bytes: &[u8], file_name: &str, budget: &Budget) -> Result<Extracted> {
    let limits = &budget.limits;
    if bytes.len() > limits.max_input {
        return Err(Error::TooLarge { what: "input", limit: limits.max_input });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty);
    }
    match sniff(bytes, file_name)? {
        Kind::Pdf => {
            let mut doc = pdf::read(bytes, budget)?;
            clean::pdf_headers(&mut doc, budget)?;
            Ok(Extracted { text: finish(doc, SourceFormat::Pdf)?, submission: None })
        }
        Kind::Html => Ok(Extracted { text: html_text(&decode(bytes), budget)?, submission: None }),
        Kind::Text => sgml::read(&decode(bytes), budget),
    }
}

/// Reads the file at `path` and extracts it; every error names the file.
pub fn extract_file(path: &Path) -> Result<Extracted> {
    let named = |e: Error| Error::File { path: path.to_path_buf(), cause: Box::new(e) };
    let bytes = std::fs::read(path).map_err(|e| named(Error::Io(e)))?;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    extract(&bytes, &name).map_err(named)
}

/// HTML text with its running headers removed.
pub(crate) fn html_text(src: &str, budget: &Budget) -> Result<Text> {
    let (mut doc, sketches, anchors) = html::read_with_tables(src, budget)?;
    clean::html_headers(&mut doc, budget)?;
    doc.tidy();
    if doc.pages.is_empty() {
        return Err(Error::Empty);
    }
    let (mut text, at) = doc.into_text_with_anchors(SourceFormat::Html, anchors);
    text.tables = table::resolve(&text.text, sketches, &at);
    Ok(text)
}

/// Tidies lines and joins them; an all-blank result is [`Error::Empty`].
pub(crate) fn finish(mut doc: pages::Pages, format: SourceFormat) -> Result<Text> {
    doc.tidy();
    if doc.pages.is_empty() {
        return Err(Error::Empty);
    }
    Ok(doc.into_text(format))
}

/// Text from bytes: UTF-8 when valid, else Windows-1252 (what EDGAR's older filers wrote).
pub(crate) fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

fn sniff(bytes: &[u8], file_name: &str) -> Result<Kind> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Ok(Kind::Pdf);
    }
    let start: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    let lower_name = file_name.to_ascii_lowercase();
    if start.starts_with(b"<document>")
        || start.starts_with(b"<sec-document>")
        || start.starts_with(b"<sec-header>")
        || start.starts_with(b"<ims-document>")
    {
        return Ok(Kind::Text);
    }
    if start.starts_with(b"<!doctype html")
        || start.starts_with(b"<html")
        || start.starts_with(b"<?xml")
        || start.starts_with(b"<head")
        || start.starts_with(b"<body")
    {
        return Ok(Kind::Html);
    }
    if let Some(format) = binary_signature(bytes) {
        return Err(Error::Unsupported(format.to_string()));
    }
    if lower_name.ends_with(".pdf") {
        return Err(Error::Corrupt { format: "PDF", cause: "no %PDF header".into() });
    }
    if is_binary(head) {
        return Err(Error::Unsupported("binary data".into()));
    }
    let looks_html = start.first() == Some(&b'<')
        && memchr::memmem::find(&bytes[..bytes.len().min(8192)].to_ascii_lowercase(), b"<p").is_some();
    if lower_name.ends_with(".htm")
        || lower_name.ends_with(".html")
        || lower_name.ends_with(".xhtml")
        || looks_html
    {
        return Ok(Kind::Html);
    }
    Ok(Kind::Text)
}

fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "zip archive"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"\xd0\xcf\x11\xe0", "MS Office document"),
        (b"\x1f\x8b", "gzip data"),
    ];
    SIGS.iter().find(|(sig, _)| bytes.starts_with(sig)).map(|(_, name)| *name)
}

/// Text files have no NUL bytes and few control characters.
fn is_binary(head: &[u8]) -> bool {
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    head.contains(&0) || ctrl * 20 > head.len()
}

#[cfg(test)]
mod tests {
    //! Format sniffing and the errors of bad input.
    use super::*;

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert!(matches!(extract(b"", "a.pdf"), Err(Error::Empty)));
        assert!(matches!(extract(b"  \n", "a.htm"), Err(Error::Empty)));
        assert!(matches!(extract(b"\x89PNG\r\n\x1a\nxxxx", "a.htm"), Err(Error::Unsupported(_))));
        assert!(matches!(extract(b"hello", "a.pdf"), Err(Error::Corrupt { .. })));
        assert!(matches!(extract(b"%PDF-1.4\n1 0 obj", "a.pdf"), Err(Error::Corrupt { .. })));
    }

    #[test]
    fn content_wins_over_extension() {
        let got = extract(b"<html><body><p>Dear Sir:</p></body></html>", "letter.pdf").unwrap();
        assert_eq!(got.text.text, "Dear Sir:\n");
        assert_eq!(got.text.format, SourceFormat::Html);
    }

    #[test]
    fn too_large_input_is_refused() {
        let small = Limits { max_input: 10, ..Limits::default() };
        assert!(matches!(extract_with_limits(b"0123456789ab", "a.txt", &small), Err(Error::TooLarge { .. })));
    }

    #[test]
    fn file_errors_name_the_file() {
        let e = extract_file(Path::new("/nonexistent/letter.pdf")).unwrap_err();
        assert!(e.to_string().starts_with("/nonexistent/letter.pdf: cannot read"), "{e}");
    }
}
