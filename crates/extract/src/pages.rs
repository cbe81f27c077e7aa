//! The intermediate form every reader fills: pages of lines, each line with its emphasis runs.
//!
//! Readers only append; cleaning (spaces, blank lines, running headers) works on whole lines, and
//! byte offsets of marks are fixed once, when the lines are joined into a [`Text`].

use corresp_model::{Emphasis, Mark, SourceFormat, Span, Text};

/// One line of text and the emphasised byte ranges within it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    /// Sorted, non-overlapping `(start, end, emphasis)` ranges into `text`.
    pub marks: Vec<(usize, usize, Emphasis)>,
    /// Named positions in `text` (`(offset, id)`: where a table cell starts or ends), carried
    /// through normalisation to the joined text.
    pub anchors: Vec<(usize, u32)>,
    /// A table row laid out in columns: `(byte offset in text, character column)` where each
    /// of its cells starts, the first at offset 0. Tidying keeps these columns (by padding with
    /// spaces) instead of collapsing the gaps, so the checker can read the row's columns.
    pub layout: Vec<(usize, usize)>,
}

impl Line {
    pub fn plain(text: &str) -> Self {
        Line { text: text.to_string(), marks: Vec::new(), anchors: Vec::new(), layout: Vec::new() }
    }

    /// Appends `s` with emphasis `e`, extending the last mark when it is adjacent and alike.
    pub fn push_str(&mut self, s: &str, e: Emphasis) {
        let start = self.text.len();
        self.text.push_str(s);
        if e.is_plain() || s.is_empty() {
            return;
        }
        match self.marks.last_mut() {
            Some(last) if last.1 == start && last.2 == e => last.1 = self.text.len(),
            _ => self.marks.push((start, self.text.len(), e)),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Spaces made plain: odd Unicode spaces become ' ', control characters (C0 but tab, and
    /// every C1) and invisible format characters go, runs of spaces shrink to one, ends are
    /// trimmed. Marks follow their characters.
    pub fn normalize(&mut self) {
        if !self.layout.is_empty() && self.normalize_layout() {
            return;
        }
        let mut out = String::with_capacity(self.text.len());
        // new offset of each old byte offset, for remapping marks
        let mut map = vec![0usize; self.text.len() + 1];
        let mut pending_space = false;
        for (i, c) in self.text.char_indices() {
            let c = match c {
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
                '\r' | '\n' | '\u{b}' | '\u{c}' => ' ',
                c => c,
            };
            let drop = matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
                || (c.is_control() && c != '\t' && c != ' ');
            let pos = out.len() + usize::from(pending_space && c != ' ' && c != '\t' && !drop);
            for m in map.iter_mut().skip(i).take(c.len_utf8().max(1)) {
                *m = pos;
            }
            if drop {
                continue;
            }
            if c == ' ' {
                pending_space = !out.is_empty() && !out.ends_with('\t');
                continue;
            }
            if c == '\t' {
                pending_space = false;
                while out.ends_with(' ') {
                    out.pop();
                }
                if !out.is_empty() && !out.ends_with('\t') {
                    out.push('\t');
                }
                map[i] = out.len();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            map[i] = out.len();
            out.push(c);
        }
        while out.ends_with('\t') || out.ends_with(' ') {
            out.pop();
        }
        let len = out.len();
        map[self.text.len()] = len;
        let mut marks: Vec<(usize, usize, Emphasis)> = Vec::new();
        for &(s, e, emph) in &self.marks {
            let (s, e) = (map[s].min(len), map[e].min(len));
            if s >= e {
                continue;
            }
            match marks.last_mut() {
                Some(last) if last.2 == emph && s >= last.1 && out[last.1..s].trim().is_empty() => last.1 = e,
                _ => marks.push((s, e, emph)),
            }
        }
        // A run never starts or ends on a space.
        for m in &mut marks {
            while m.0 < m.1 && out.as_bytes()[m.0].is_ascii_whitespace() {
                m.0 += 1;
            }
            while m.1 > m.0 && out.as_bytes()[m.1 - 1].is_ascii_whitespace() {
                m.1 -= 1;
            }
        }
        marks.retain(|m| m.0 < m.1);
        for a in &mut self.anchors {
            a.0 = map.get(a.0).copied().unwrap_or(len).min(len);
        }
        self.text = out;
        self.marks = marks;
    }
}

impl Line {
    /// A table row set in columns: each cell normalised alone and started at its column (or two
    /// spaces after the cell before, when that one runs long). False, with the line unchanged,
    /// when the columns do not fit the text (marks or anchors to carry, bad offsets).
    fn normalize_layout(&mut self) -> bool {
        let ok = self.marks.is_empty()
            && self.anchors.is_empty()
            && self.layout.first().is_some_and(|&(at, _)| at == 0)
            && self.layout.windows(2).all(|w| w[0].0 < w[1].0)
            && self.layout.iter().all(|&(at, _)| self.text.is_char_boundary(at));
        if !ok {
            self.layout.clear();
            return false;
        }
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut chars = 0;
        for (j, &(at, col)) in self.layout.iter().enumerate() {
            let end = self.layout.get(j + 1).map_or(self.text.len(), |x| x.0);
            let mut cell = Line::plain(&self.text[at..end]);
            cell.normalize();
            if cell.text.is_empty() {
                continue;
            }
            let want = if out.is_empty() { col } else { col.max(chars + 2) };
            while chars < want {
                out.push(' ');
                chars += 1;
            }
            chars += cell.text.chars().count();
            out.push_str(&cell.text);
        }
        self.text = out;
        true
    }
}

/// A document as pages of lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pages {
    pub pages: Vec<Vec<Line>>,
}

impl Pages {
    /// Normalises every line, keeps at most one blank line in a row, drops blank lines at page
    /// ends and pages left empty.
    pub fn tidy(&mut self) {
        for page in &mut self.pages {
            let mut kept: Vec<Line> = Vec::with_capacity(page.len());
            for mut line in page.drain(..) {
                line.normalize();
                if line.text.is_empty() && kept.last().is_none_or(|l| l.text.is_empty()) {
                    continue;
                }
                kept.push(line);
            }
            while kept.last().is_some_and(|l| l.text.is_empty()) {
                kept.pop();
            }
            *page = kept;
        }
        self.pages.retain(|p| !p.is_empty());
    }

    /// Joins lines with `\n` and pages with `\n\f`, turning line marks into text marks.
    pub fn into_text(self, format: SourceFormat) -> Text {
        self.into_text_with_anchors(format, 0).0
    }

    /// [`Pages::into_text`], with the text offset of each of the `n` anchors (ids `0..n`) the lines
    /// carry; `None` for an anchor whose line was dropped.
    pub fn into_text_with_anchors(self, format: SourceFormat, n: usize) -> (Text, Vec<Option<usize>>) {
        let mut at: Vec<Option<usize>> = vec![None; n];
        let mut text = String::new();
        let mut marks: Vec<Mark> = Vec::new();
        for (pi, page) in self.pages.into_iter().enumerate() {
            if pi > 0 {
                text.push('\u{c}');
            }
            for line in page {
                let base = text.len();
                for &(off, id) in &line.anchors {
                    if let Some(slot) = at.get_mut(id as usize) {
                        *slot = Some(base + off.min(line.text.len()));
                    }
                }
                for (s, e, emphasis) in line.marks {
                    let (s, e) = (base + s, base + e);
                    // Runs split only by line ends or spaces are one run to a reader.
                    match marks.last_mut() {
                        Some(last)
                            if last.emphasis == emphasis
                                && text
                                    .get(last.span.end..s)
                                    .is_some_and(|gap| gap.trim().is_empty() && !gap.contains('\u{c}'))
                                && s >= last.span.end =>
                        {
                            last.span.end = e
                        }
                        _ => marks.push(Mark { span: Span::new(s, e), emphasis }),
                    }
                }
                text.push_str(&line.text);
                text.push('\n');
            }
        }
        (Text { text, marks, format, tables: Vec::new() }, at)
    }
}

#[cfg(test)]
mod tests {
    //! Line normalisation and joining, with marks that must follow their characters.
    use super::*;

    fn bold() -> Emphasis {
        Emphasis { bold: true, ..Default::default() }
    }

    #[test]
    fn normalize_collapses_spaces_and_keeps_marks() {
        let mut l = Line::default();
        l.push_str("  a\u{a0}\u{a0} ", Emphasis::default());
        l.push_str("bold  run", bold());
        l.push_str(" \u{85}end ", Emphasis::default());
        l.normalize();
        assert_eq!(l.text, "a bold run end");
        assert_eq!(l.marks, vec![(2, 10, bold())]);
        assert_eq!(&l.text[2..10], "bold run");
    }

    #[test]
    fn tabs_separate_cells_once() {
        let mut l = Line::plain(" 1. \t\t Comment text \t");
        l.normalize();
        assert_eq!(l.text, "1.\tComment text");
    }

    #[test]
    fn join_pages_and_merge_marks() {
        let mut a = Line::default();
        a.push_str("Bold one", bold());
        let mut b = Line::default();
        b.push_str("bold two", bold());
        let mut d =
            Pages { pages: vec![vec![a, Line::default(), Line::default(), b], vec![Line::plain("p2")]] };
        d.tidy();
        let t = d.into_text(SourceFormat::Html);
        assert_eq!(t.text, "Bold one\n\nbold two\n\u{c}p2\n");
        assert_eq!(t.marks.len(), 1);
        assert_eq!(t.marks[0].span, Span::new(0, 18));
    }

    #[test]
    fn a_row_in_columns_keeps_them() {
        let mut l = Line::plain("Services 300 250");
        l.layout = vec![(0, 2), (9, 20), (13, 30)];
        l.normalize();
        assert_eq!(l.text, "  Services          300       250");
        // A cell that runs past the next column's start is followed by two spaces.
        let mut l = Line::plain("Research and development costs 12,006");
        l.layout = vec![(0, 0), (31, 20)];
        l.normalize();
        assert_eq!(l.text, "Research and development costs  12,006");
    }
}
