//! Tables set in text: rows whose cells are separated by runs of spaces, as EDGAR `.txt`
//! documents print them and as extraction lays out the table rows of a PDF (each cell at the
//! character column of its x position). They are read into the model HTML tables use
//! ([`corresp_model::Table`]: cells with byte spans and grid columns), so the same footing,
//! cross-footing, change and share rules apply to them.
//!
//! A cell's grid columns are its character columns, so the figures of one column (right-aligned,
//! or shifted a character by a proportional font) overlap and are merged into one logical column
//! by the table rules. Only text the extraction left in columns is read: a line is a table row
//! when a figure stands after a gap of two spaces or more, and extracted prose has single spaces.

use corresp_model::{Span, Table, TableCell, TableRow};

/// Most cells a table row has; a line with more is not a table row (and the column search stays
/// small).
const MAX_CELLS: usize = 24;

/// Text-only lines (a subheading such as "Operating expenses:") a table may hold in a row.
const MAX_TEXT_RUN: usize = 2;

/// One line's cells: `(byte start, byte end, first char column, char width)`.
type Cells = Vec<(usize, usize, usize, usize)>;

/// What a line is to a table.
enum Kind {
    /// Cells, at least one a figure after a gap.
    Figures(Cells),
    /// Cells with no figure after a gap: a label, a header, a subheading.
    Words(Cells),
    /// Blank, or a rule of dashes or equals signs.
    Spacer,
}

/// The tables set in columns in `text`, outside the spans of `known` tables (the HTML ones,
/// already read from their cells). Each has two figure rows at least.
pub(crate) fn find(text: &str, known: &[Table]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut rows: Vec<TableRow> = Vec::new();
    // Rows since the last figure row, and spacers in a row, which end the table past a limit.
    let (mut words, mut spacers, mut figures) = (0usize, 0usize, 0usize);
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        // A page break ends a table: the next page repeats its header or starts anew.
        let (line, start, page) = match line.rfind('\u{c}') {
            Some(i) => (&line[i + 1..], start + i + 1, true),
            None => (line, start, false),
        };
        let inside = known.iter().any(|t| t.span.start <= start && start < t.span.end);
        let kind = if inside { Kind::Spacer } else { classify(line) };
        if page || inside {
            close(&mut out, &mut rows, &mut figures, words);
            words = 0;
            spacers = 0;
        }
        match kind {
            Kind::Figures(cells) => {
                rows.push(row(start, &cells));
                figures += 1;
                words = 0;
                spacers = 0;
            }
            Kind::Words(cells) if !rows.is_empty() && words < MAX_TEXT_RUN && spacers == 0 => {
                rows.push(row(start, &cells));
                words += 1;
            }
            Kind::Words(cells) => {
                close(&mut out, &mut rows, &mut figures, words);
                // A header line in columns may open the next table; a line of prose does not.
                words = 0;
                if cells.len() >= 2 {
                    rows.push(row(start, &cells));
                    words = 1;
                }
                spacers = 0;
            }
            Kind::Spacer if !inside && spacers < 1 => spacers += 1,
            Kind::Spacer => {
                close(&mut out, &mut rows, &mut figures, words);
                words = 0;
                spacers = 0;
            }
        }
    }
    close(&mut out, &mut rows, &mut figures, words);
    out
}

/// Ends the table being read: its trailing text-only rows are not its own, and it is kept when
/// two rows or more hold figures.
fn close(out: &mut Vec<Table>, rows: &mut Vec<TableRow>, figures: &mut usize, words: usize) {
    let keep = rows.len().saturating_sub(words.min(rows.len()));
    rows.truncate(keep);
    if *figures >= 2 && !rows.is_empty() {
        let span = Span::new(rows[0].span.start, rows[rows.len() - 1].span.end);
        out.push(Table { span, rows: std::mem::take(rows) });
    }
    rows.clear();
    *figures = 0;
}

fn row(start: usize, cells: &Cells) -> TableRow {
    let cells: Vec<TableCell> = cells
        .iter()
        .map(|&(s, e, col, width)| TableCell {
            span: Span::new(start + s, start + e),
            col,
            cols: width.max(1),
            header: false,
        })
        .collect();
    let span =
        Span::new(cells.first().map_or(start, |c| c.span.start), cells.last().map_or(start, |c| c.span.end));
    TableRow { span, cells }
}

/// Splits a line at runs of two spaces or more (a tab is no column gap here: HTML cells are
/// tab-separated and read from their own structure).
fn classify(line: &str) -> Kind {
    if line.contains('\t') {
        return Kind::Words(Vec::new());
    }
    let t = line.trim();
    if t.is_empty()
        || (t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '=' | '_' | ' ' | '\u{2014}' | '\u{2013}')))
    {
        return Kind::Spacer;
    }
    let mut cells: Cells = Vec::new();
    let (mut col, mut spaces) = (0usize, 0usize);
    let mut open: Option<(usize, usize)> = None; // (byte start, col start) of the cell being read
    let mut last_end = (0usize, 0usize); // (byte end, col end) of its last non-space char
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{a0}' {
            spaces += 1;
            if spaces == 2
                && let Some((s, sc)) = open.take()
            {
                cells.push((s, last_end.0, sc, last_end.1 - sc));
            }
        } else {
            if open.is_none() {
                open = Some((i, col));
            }
            spaces = 0;
            last_end = (i + c.len_utf8(), col + 1);
        }
        col += 1;
        if cells.len() > MAX_CELLS {
            return Kind::Words(Vec::new());
        }
    }
    if let Some((s, sc)) = open {
        cells.push((s, last_end.0, sc, last_end.1 - sc));
    }
    // A figure alone in a cell after a gap (or in an indented first cell): set in columns.
    let figure = cells
        .iter()
        .enumerate()
        .any(|(k, c)| (k > 0 || c.2 > 0) && corresp_model::is_figure_cell(&line[c.0..c.1]));
    if figure && (cells.len() >= 2 || line.starts_with("  ")) {
        Kind::Figures(cells)
    } else {
        Kind::Words(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| text[c.span.start..c.span.end].to_string()).collect())
            .collect()
    }

    const LETTER: &str = "We respectfully advise the Staff that revenue by product line was:\n\
\n\
                               2023         2022\n\
                           ---------    ---------\n\
Hardware                   $   1,240    $   1,105\n\
Software licenses                415          388\n\
Maintenance and support          (32)         (18)\n\
                           ---------    ---------\n\
Total                      $   1,623    $   1,475\n\
\n\
We will expand this disclosure in future filings.\n";

    #[test]
    fn a_fixed_width_table_is_read_into_rows_and_columns() {
        let t = find(LETTER, &[]);
        assert_eq!(t.len(), 1, "{t:?}");
        let c = cells(LETTER, &t[0]);
        assert_eq!(c[0], ["2023", "2022"]);
        assert_eq!(c[1], ["Hardware", "$", "1,240", "$", "1,105"]);
        assert_eq!(c[3], ["Maintenance and support", "(32)", "(18)"]);
        assert_eq!(c.len(), 5, "the rules are no rows and the prose after is not the table's: {c:?}");
        // Grid columns are character columns: right edges line up.
        let end = |r: usize, k: usize| t[0].rows[r].cells[k].col + t[0].rows[r].cells[k].cols;
        assert_eq!(end(1, 2), end(2, 1));
        assert_eq!(end(1, 4), end(4, 4));
    }

    #[test]
    fn prose_and_html_tables_are_not_read() {
        assert!(find("Revenue rose 12% to $1,240 million. Costs rose 3% to $415 million.\n", &[]).is_empty());
        assert!(find("Sentence one.  2,000 units.\nSentence two.  3,000 units.\n", &[]).len() <= 1);
        let known = [Table { span: Span::new(0, LETTER.len()), rows: Vec::new() }];
        assert!(find(LETTER, &known).is_empty());
    }

    #[test]
    fn a_page_break_ends_a_table() {
        let s =
            "Alpha     100     90\nBeta      200    180\n\u{c}Gamma     300    270\nDelta     400    360\n";
        assert_eq!(find(s, &[]).len(), 2);
    }

    #[test]
    fn long_lines_are_not_rows() {
        let s: String = (0..100).map(|i| format!("{i}  ")).collect::<String>() + "\n";
        let s = format!("{s}{s}");
        assert!(find(&s, &[]).is_empty());
    }
}
