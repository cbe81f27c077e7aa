//! HTML tables as cells: the walker records where each cell starts and ends (anchors carried by
//! the lines through tidying), and [`resolve`] turns them into [`corresp_model::Table`]s of byte
//! ranges in the joined text. The text is the same with or without them.
//!
//! Grid columns follow HTML's table model: a cell takes the first column its row has free (cells
//! of earlier rows with `rowspan` keep theirs), and `colspan` columns from there.

use corresp_model::{Span, Table, TableCell, TableRow};

/// Past this many columns a `colspan` or a row is read as this many: no real letter comes near.
const MAX_COLS: usize = 1000;

#[derive(Debug, Default)]
pub(crate) struct Sketch {
    rows: Vec<Vec<SketchCell>>,
    /// Rows still covered by an earlier cell's `rowspan`, per column.
    covered: Vec<usize>,
    /// Columns taken in the current row.
    taken: Vec<bool>,
}

#[derive(Debug, Clone, Copy)]
struct SketchCell {
    col: usize,
    cols: usize,
    header: bool,
    start: u32,
    end: u32,
}

impl Sketch {
    /// A new row begins.
    pub fn row(&mut self) {
        self.rows.push(Vec::new());
        self.taken.clear();
        for (c, n) in self.covered.iter_mut().enumerate() {
            if *n > 0 {
                *n -= 1;
                if self.taken.len() <= c {
                    self.taken.resize(c + 1, false);
                }
                self.taken[c] = true;
            }
        }
    }

    /// A cell opens with anchors `start` and `end` (placed later); returns nothing.
    pub fn cell(&mut self, colspan: usize, rowspan: usize, header: bool, start: u32, end: u32) {
        if self.rows.is_empty() {
            self.row();
        }
        let mut col = 0;
        while self.taken.get(col).copied().unwrap_or(false) {
            col += 1;
        }
        let cols = colspan.clamp(1, MAX_COLS);
        if col + cols > MAX_COLS {
            return;
        }
        if self.taken.len() < col + cols {
            self.taken.resize(col + cols, false);
        }
        if self.covered.len() < col + cols {
            self.covered.resize(col + cols, 0);
        }
        for c in col..col + cols {
            self.taken[c] = true;
            self.covered[c] = self.covered[c].max(rowspan.clamp(1, MAX_COLS) - 1);
        }
        if let Some(r) = self.rows.last_mut() {
            r.push(SketchCell { col, cols, header, start, end });
        }
    }
}

/// Reads a `colspan`/`rowspan` attribute: a positive whole number, else 1.
pub(crate) fn span_attr(v: Option<&str>) -> usize {
    v.and_then(|v| v.trim().parse::<usize>().ok()).filter(|&n| n > 0).unwrap_or(1).min(MAX_COLS)
}

/// The tables of `text`, from the sketches and the anchors' offsets; cells with no text and rows
/// and tables with no cells are left out.
pub(crate) fn resolve(text: &str, sketches: Vec<Sketch>, at: &[Option<usize>]) -> Vec<Table> {
    let mut out = Vec::new();
    for sk in sketches {
        let mut rows = Vec::new();
        for r in sk.rows {
            let mut cells = Vec::new();
            for c in r {
                let (Some(Some(s)), Some(Some(e))) = (at.get(c.start as usize), at.get(c.end as usize))
                else {
                    continue;
                };
                let (s, e) = (*s, (*e).min(text.len()));
                if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    continue;
                }
                let raw = &text[s..e];
                let lead = raw.len() - raw.trim_start().len();
                let trimmed = raw.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let span = Span::new(s + lead, s + lead + trimmed.len());
                cells.push(TableCell { span, col: c.col, cols: c.cols, header: c.header });
            }
            if let (Some(f), Some(l)) = (cells.first(), cells.last()) {
                rows.push(TableRow { span: Span::new(f.span.start, l.span.end), cells });
            }
        }
        if let (Some(f), Some(l)) = (rows.first(), rows.last()) {
            out.push(Table { span: Span::new(f.span.start, l.span.end), rows });
        }
    }
    out
}
