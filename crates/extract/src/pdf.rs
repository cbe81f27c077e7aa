//! PDF (staff letters) through pdf-extract, guarded: a size cap on inflated streams, encryption
//! and scans told apart, and a panic inside the library turned into [`Error::Panicked`].

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use crate::doc::{Doc, Line};
use crate::{Error, Limits, Result};

/// Text of each page, in content-stream order (which is reading order for EDGAR letters).
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Doc> {
    check_inflated_size(bytes, limits.max_inflated)?;
    let pages =
        catch_unwind(AssertUnwindSafe(|| pages(bytes))).map_err(|p| Error::Panicked(panic_message(&p)))??;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::NoTextLayer);
    }
    Ok(Doc { pages: pages.iter().map(|p| p.split('\n').map(Line::plain).collect()).collect() })
}

fn pages(bytes: &[u8]) -> Result<Vec<String>> {
    let mut doc = Document::load_mem(bytes).map_err(|e| corrupt(&e.to_string()))?;
    if doc.is_encrypted() {
        // Many PDFs are encrypted with an empty user password (owner restrictions only).
        doc.decrypt("").map_err(|_| Error::Encrypted)?;
    }
    if doc.get_pages().is_empty() {
        return Err(corrupt("no pages"));
    }
    let mut out = PageText::default();
    pdf_extract::output_doc(&doc, &mut out).map_err(|e| match e {
        OutputError::PdfError(e) => corrupt(&e.to_string()),
        e => corrupt(&format!("{e:?}")),
    })?;
    Ok(out.pages)
}

fn corrupt(cause: &str) -> Error {
    Error::Corrupt { format: "PDF", cause: cause.to_string() }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Inflates every Flate stream once, with a running cap, before lopdf does it without one:
/// a few kilobytes of zeros can inflate to gigabytes. The scan is over raw bytes, so it also
/// covers object streams that lopdf inflates while loading.
fn check_inflated_size(bytes: &[u8], limit: usize) -> Result<()> {
    let mut total = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        let mut rest = &bytes[at + 6..];
        // `stream` must end its line; `endstream` matches too and is skipped by this test.
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        match rest {
            [b'\r', b'\n', r @ ..] | [b'\n', r @ ..] | [b'\r', r @ ..] => rest = r,
            _ => continue,
        }
        if rest.first().is_none_or(|b| b & 0x0f != 8) {
            continue; // not a zlib header: not Flate, or not compressed
        }
        let mut z = flate2::read::ZlibDecoder::new(rest);
        loop {
            match z.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n;
                    if total > limit {
                        return Err(Error::TooLarge { what: "inflated PDF streams", limit });
                    }
                }
            }
        }
    }
    Ok(())
}

/// pdf-extract's plain-text layout rules (which give pdftotext's words), with a buffer per page.
struct PageText {
    pages: Vec<String>,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    flip_ctm: Transform,
}

impl Default for PageText {
    fn default() -> Self {
        PageText {
            pages: Vec::new(),
            last_end: 100_000.,
            last_y: 0.,
            first_char: false,
            flip_ctm: Transform::identity(),
        }
    }
}

impl OutputDev for PageText {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.flip_ctm = Transform::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        self.pages.push(String::new());
        self.last_end = 100_000.;
        self.last_y = 0.;
        self.first_char = false;
        Ok(())
    }
    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        ch: &str,
    ) -> std::result::Result<(), OutputError> {
        let Some(page) = self.pages.last_mut() else { return Ok(()) };
        let position = trm.post_transform(&self.flip_ctm);
        // The font size through the text matrix: side of the square with the area of the
        // transformed (size, size) vector, as pdf-extract's own plain-text output does.
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).sqrt();
        let (x, y) = (position.m31, position.m32);
        if self.first_char {
            if (y - self.last_y).abs() > size * 1.5 {
                page.push('\n');
            }
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                page.push('\n');
            }
            if x > self.last_end + size * 0.1 {
                page.push(' ');
            }
        }
        page.push_str(ch);
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }
    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        self.first_char = true;
        Ok(())
    }
    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}
