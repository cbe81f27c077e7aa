//! PDF (staff letters) through pdf-extract, guarded: every stream decoded through a cap before
//! the library sees it (see [`guard`]), a time budget checked as text is drawn, encryption and
//! scans told apart, and a panic inside the library turned into [`Error::Panicked`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::pages::{Line, Pages};
use crate::{Budget, Error, Result};

mod decode;
mod guard;
mod raw;

/// Text of each page, in content-stream order (which is reading order for EDGAR letters).
pub(crate) fn read(bytes: &[u8], budget: &Budget) -> Result<Pages> {
    let pages = catch_unwind(AssertUnwindSafe(|| pages(bytes, budget)))
        .map_err(|p| Error::Panicked(panic_message(&p)))??;
    if pages.iter().all(|p| p.text.trim().is_empty()) {
        return Err(Error::NoTextLayer);
    }
    Ok(Pages { pages: pages.iter().map(layout_lines).collect() })
}

/// A gap wider than this many font sizes between two words is a column gap, not a word space
/// (justified prose stretches its spaces to well under one).
const COLUMN_GAP: f64 = 1.2;

/// Character columns are measured in half font sizes: the width of a digit in the usual text
/// faces, so that right-aligned figures keep their right edges in line.
const COLUMN_WIDTH: f64 = 0.5;

/// The lines of one page; a table row (a line with a figure alone in a cell after a column gap)
/// carries where each of its cells starts, so that tidying lays it out in columns rather than
/// collapsing its gaps into single spaces. Prose lines are read exactly as before.
fn layout_lines(page: &PageBuf) -> Vec<Line> {
    let margin = page.lines.iter().filter_map(|g| g.x0.map(|(x, _)| x)).fold(f64::INFINITY, f64::min);
    let col = |x: f64, size: f64| {
        let c = ((x - margin) / (COLUMN_WIDTH * size.max(1.0))).round();
        if c.is_finite() && (0.0..=f64::from(MAX_COLUMN)).contains(&c) { Some(c as usize) } else { None }
    };
    page.text
        .split('\n')
        .enumerate()
        .map(|(i, text)| {
            let mut line = Line::plain(text);
            let Some(g) = page.lines.get(i) else { return line };
            let line_end = g.start + text.len();
            let figures = g.cells.iter().enumerate().any(|(k, &(at, _, _))| {
                let end = g.cells.get(k + 1).map_or(line_end, |c| c.0);
                page.text.get(at..end).is_some_and(corresp_model::is_figure_cell)
            });
            if let (true, Some((x0, s0))) = (figures, g.x0) {
                let cells: Option<Vec<(usize, usize)>> = std::iter::once(col(x0, s0).map(|c| (0, c)))
                    .chain(
                        g.cells.iter().map(|&(at, x, size)| Some((at.checked_sub(g.start)?, col(x, size)?))),
                    )
                    .collect();
                line.layout = cells.unwrap_or_default();
            }
            line
        })
        .collect()
}

/// Columns past this are no real table's: the line is read as prose.
const MAX_COLUMN: u16 = 400;

fn pages(bytes: &[u8], budget: &Budget) -> Result<Vec<PageBuf>> {
    let limit = budget.limits.max_decoded;
    let mut meter = guard::Meter { left: limit, limit };
    let facts = guard::check_xref_streams(bytes, &mut meter, budget)?;
    let mut doc = guard::load(bytes, &facts, &mut meter)?;
    if doc.is_encrypted() {
        // Many PDFs are encrypted with an empty user password (owner restrictions only).
        doc.decrypt("").map_err(|_| Error::Encrypted)?;
    }
    let page_ids: Vec<_> = doc.get_pages().into_values().collect();
    if page_ids.is_empty() {
        return Err(corrupt("no pages"));
    }
    // pdf-extract looks attributes up the /Parent chain with no end: a page tree that loops
    // (a page that is its own parent) would hang it.
    for id in page_ids {
        let mut seen = std::collections::HashSet::from([id]);
        let mut at = doc.get_dictionary(id).ok();
        while let Some(dict) = at {
            let Ok(parent) = dict.get(b"Parent").and_then(|p| p.as_reference()) else { break };
            if !seen.insert(parent) || seen.len() > 64 {
                return Err(corrupt(&format!(
                    "the page tree loops or nests too deep at object {} {} R",
                    parent.0, parent.1
                )));
            }
            at = doc.get_dictionary(parent).ok();
        }
    }
    guard::decode_all(&mut doc, &mut meter, budget)?;
    guard::check_forms(&doc, budget)?;
    budget.check("reading PDF pages")?;
    let mut out = PageText { budget: Some(budget), ..PageText::default() };
    let drawn = pdf_extract::output_doc(&doc, &mut out);
    if let Some(e) = out.late.take() {
        return Err(e);
    }
    drawn.map_err(|e| match e {
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

/// One page's text and where its lines and column gaps fall.
#[derive(Default)]
struct PageBuf {
    text: String,
    /// One per line of `text` (split at `\n`).
    lines: Vec<LineGeom>,
}

/// Where one line starts on the page and the words that follow a column gap.
#[derive(Default, Clone)]
struct LineGeom {
    /// Byte offset of the line in the page's text.
    start: usize,
    /// The x and font size of its first character.
    x0: Option<(f64, f64)>,
    /// `(byte offset in the page's text, x, font size)` of each word after a column gap.
    cells: Vec<(usize, f64, f64)>,
}

impl PageBuf {
    fn newline(&mut self) {
        self.text.push('\n');
        self.lines.push(LineGeom { start: self.text.len(), ..LineGeom::default() });
    }
}

/// pdf-extract's plain-text layout rules (which give pdftotext's words), with a buffer per page.
struct PageText<'b> {
    pages: Vec<PageBuf>,
    /// The document's time budget, checked on every page, word and line.
    budget: Option<&'b Budget>,
    /// Set when the budget ran out: the drawing was stopped for it.
    late: Option<Error>,
    calls: u32,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    flip_ctm: Transform,
}

impl Default for PageText<'_> {
    fn default() -> Self {
        PageText {
            pages: Vec::new(),
            budget: None,
            late: None,
            calls: 0,
            last_end: 100_000.,
            last_y: 0.,
            first_char: false,
            flip_ctm: Transform::identity(),
        }
    }
}

impl PageText<'_> {
    /// Stops the drawing (with an error pdf-extract passes up) once the time budget is spent.
    fn on_time(&mut self) -> std::result::Result<(), OutputError> {
        self.calls = self.calls.wrapping_add(1);
        if self.calls & 255 != 0 {
            return Ok(());
        }
        match self.budget.map(|b| b.check("drawing PDF pages")) {
            Some(Err(e)) => {
                self.late = Some(e);
                Err(OutputError::FormatError(std::fmt::Error))
            }
            _ => Ok(()),
        }
    }
}

impl OutputDev for PageText<'_> {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.flip_ctm = Transform::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        self.calls = 255;
        self.on_time()?;
        self.pages.push(PageBuf { text: String::new(), lines: vec![LineGeom::default()] });
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
        self.on_time()?;
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
                page.newline();
            }
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                page.newline();
            }
            if x > self.last_end + size * 0.1 {
                page.text.push(' ');
                if x > self.last_end + size * COLUMN_GAP
                    && let Some(g) = page.lines.last_mut()
                    && g.x0.is_some()
                {
                    g.cells.push((page.text.len(), x, size));
                }
            }
        }
        if let Some(g) = page.lines.last_mut()
            && g.x0.is_none()
        {
            g.x0 = Some((x, size));
        }
        page.text.push_str(ch);
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }
    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        self.first_char = true;
        self.on_time()
    }
    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        self.on_time()
    }
}
