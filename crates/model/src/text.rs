//! Extracted text: what `corresp extract` prints, plus the emphasis the parser needs.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a [`Text`]'s `text`; serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards, so it is always well formed).
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end { Span { start, end } } else { Span { start: end, end: start } }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Self {
        Span::new(a[0], a[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

/// Kinds of emphasis a source can carry. Staff comments repeated in responses are set in bold or
/// italics, and revised portions of proposed disclosure are underlined or bold: the parser needs both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Emphasis {
    /// Bold (`<b>`, `<strong>`, `font-weight: bold` or >= 600).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// Italic (`<i>`, `<em>`, `font-style: italic`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub italic: bool,
    /// Underlined (`<u>`, `text-decoration: underline`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub underline: bool,
}

impl Emphasis {
    /// True when no emphasis is set.
    pub fn is_plain(&self) -> bool {
        !(self.bold || self.italic || self.underline)
    }
}

/// A run of emphasised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Where the run sits in [`Text::text`].
    pub span: Span,
    /// Its emphasis.
    pub emphasis: Emphasis,
}

/// Where the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A PDF (staff letters).
    Pdf,
    /// HTML, usually inside EDGAR's SGML wrapper (company responses).
    Html,
    /// Plain text, EDGAR `.txt`, or Markdown.
    #[default]
    Text,
}

/// Extracted text of one document. Pages are separated by `\f`; `marks` are sorted by start and
/// never overlap.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// The plain text, UTF-8, lines separated by `\n`, pages by `\f`.
    pub text: String,
    /// Emphasised runs, when the source has them (HTML; empty for PDF and plain text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
    /// The source format.
    #[serde(default)]
    pub format: SourceFormat,
    /// The tables of the source (HTML `<table>`s), as cells pointing into `text`; the text itself
    /// is the same with or without them (rows are tab-separated lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
}

/// A table of the source, its cells as byte ranges of [`Text::text`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    /// From its first cell's start to its last cell's end.
    pub span: Span,
    /// Its rows that hold text, in order.
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableRow {
    /// From its first cell's start to its last cell's end.
    pub span: Span,
    /// Its cells that hold text, in order.
    pub cells: Vec<TableCell>,
}

/// One cell of a [`TableRow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableCell {
    /// Its text, trimmed.
    pub span: Span,
    /// Its first grid column (0-based, after the column and row spans of the cells before it).
    pub col: usize,
    /// How many grid columns it spans (1 or more).
    pub cols: usize,
    /// A header cell (`<th>`, or in `<thead>`).
    pub header: bool,
}

impl Text {
    /// Plain text with no marks.
    pub fn plain(text: impl Into<String>) -> Self {
        Text { text: text.into(), marks: Vec::new(), format: SourceFormat::Text, tables: Vec::new() }
    }

    /// The emphasis at byte `pos` (plain when no mark covers it).
    pub fn emphasis_at(&self, pos: usize) -> Emphasis {
        let i = self.marks.partition_point(|m| m.span.end <= pos);
        match self.marks.get(i) {
            Some(m) if m.span.start <= pos && pos < m.span.end => m.emphasis,
            _ => Emphasis::default(),
        }
    }

    /// Share (0..=1) of the non-space bytes in `span` that carry emphasis matching `pred`.
    pub fn emphasised_share(&self, span: Span, pred: impl Fn(Emphasis) -> bool) -> f64 {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        let bytes = &self.text.as_bytes()[start..end];
        let total = bytes.iter().filter(|b| !b.is_ascii_whitespace()).count();
        if total == 0 {
            return 0.0;
        }
        let mut hit = 0usize;
        let first = self.marks.partition_point(|m| m.span.end <= start);
        for m in &self.marks[first..] {
            if m.span.start >= end {
                break;
            }
            if !pred(m.emphasis) {
                continue;
            }
            let s = m.span.start.max(start);
            let e = m.span.end.min(end);
            hit += self.text.as_bytes()[s..e].iter().filter(|b| !b.is_ascii_whitespace()).count();
        }
        hit as f64 / total as f64
    }
}

/// True when a table cell holds a figure and nothing else (the one rule extraction uses to keep a
/// text table's columns and the check uses to read them): digits with their separators, a
/// currency sign, parentheses or a minus for negatives, a percent sign, or a dash (or a lone
/// currency sign) set apart from its figure. "1. We note", "3." or "22, 2023 Page 2" are not.
pub fn is_figure_cell(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix("US$").or_else(|| t.strip_prefix("RMB")).unwrap_or(t);
    let allowed = |c: char| {
        c.is_ascii_digit()
            || matches!(c, ',' | '.' | '$' | '(' | ')' | '%' | ' ' | '-' | '\u{2212}' | '\u{20ac}' | '\u{a3}')
    };
    let dash = matches!(t, "-" | "--" | "\u{2014}" | "\u{2013}" | "$" | "$ -" | "$ \u{2014}");
    // "3." or "(1)" before a comment or a note is its number, not a figure.
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let enumerator = digits <= 2 && t.ends_with('.') || digits == 1 && t.starts_with('(') && t.ends_with(')');
    dash || (digits > 0 && t.chars().all(allowed) && !enumerator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_serialises_as_pair() {
        let s = Span::new(3, 7);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,7]");
        assert_eq!(serde_json::from_str::<Span>("[7,3]").unwrap(), s);
    }

    #[test]
    fn emphasis_lookup() {
        let t = Text {
            text: "plain bold plain".into(),
            marks: vec![Mark {
                span: Span::new(6, 10),
                emphasis: Emphasis { bold: true, ..Default::default() },
            }],
            format: SourceFormat::Html,
            tables: Vec::new(),
        };
        assert!(t.emphasis_at(6).bold);
        assert!(!t.emphasis_at(10).bold);
        assert!(!t.emphasis_at(0).bold);
        assert_eq!(t.emphasised_share(Span::new(6, 10), |e| e.bold), 1.0);
        assert_eq!(t.emphasised_share(Span::new(0, 5), |e| e.bold), 0.0);
    }

    #[test]
    fn figure_cells_hold_figures_alone() {
        for yes in ["1,240", "(32)", "$ 1,105", "20.0 %", "(8.2)%", "\u{2014}", "$", "2023", "US$ 4.5"] {
            assert!(is_figure_cell(yes), "{yes}");
        }
        for no in ["1. We note", "3.", "(1)", "22, 2023 Page 2", "1934, AS AMENDED", "Total", "(a)", ""] {
            assert!(!is_figure_cell(no), "{no}");
        }
    }
}
