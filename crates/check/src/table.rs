//! Tables: the arithmetic a table states between its cells.
//!
//! A table's structure is read from its figures, not guessed from its words: a column is a
//! percent-change column when its rows agree with `(A / B - 1) x 100` for two amount columns A and
//! B of the same rows, a change column when they agree with `A - B`, a share column when they
//! agree with the row's amount over the column's total, a total row when its cells are the sum of
//! the rows above it (footing), a total column when its cells are the sum of the other columns
//! (cross-footing). Only a structure most rows (or columns) confirm is judged, so a row that
//! breaks it is flagged and a table built some other way is left alone.
//!
//! Cells are read the way filers set them: `$` and `)` or `%` in cells of their own, negatives
//! in parentheses, dashes for zero, footnote markers after a figure, and years in header rows.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use corresp_model::{CellRef, ClaimKind, Table, Verdict};
use regex::Regex;

use crate::Statement;
use crate::interval::Iv;

/// One figure of a table.
#[derive(Debug, Clone, Copy)]
struct Val {
    /// The figure's logical column: grid columns a figure and its closing cells take are merged
    /// with those of the figures above and below that overlap them.
    col: usize,
    /// Grid columns its cells take, from the number to its closing `)` or `%`.
    lo: usize,
    hi: usize,
    /// Grid column of the number's own cell (where a claim points).
    grid: usize,
    value: f64,
    half: f64,
    percent: bool,
    /// Printed as a dash: zero, or nothing to say ("not meaningful").
    dash: bool,
    /// A small whole number in parentheses: a negative, or a footnote reference.
    marker: bool,
    start: usize,
    end: usize,
}

impl Val {
    fn iv(&self) -> Iv {
        Iv::around(self.value, self.half)
    }
}

struct Row {
    idx: usize,
    label: String,
    vals: Vec<Val>,
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:US\$|\$|€|£|RMB)?\s*(?P<open>\()?\s*(?:US\$|\$|€|£|RMB)?\s*(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<close>\))?\s*(?P<pct>%)?\s*(?P<close2>\))?\s*(?:\(\d\)|\([a-z]\)|\*+|[a-z])?$",
    )
    .expect("static regex")
});

/// Cells that only close or qualify the figure before them.
fn is_tail(s: &str) -> bool {
    matches!(s.replace(' ', "").as_str(), ")" | "%" | ")%" | "%)" | "pts" | "bps")
}

fn is_dash(s: &str) -> bool {
    let t = s.trim_start_matches('$').trim();
    !t.is_empty()
        && t.chars().all(|c| matches!(c, '-' | '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2212}' | ' '))
}

/// The figures of one row, with its label (the text of cells before the first figure).
fn read_row(text: &str, t: &Table, r: usize) -> Row {
    let mut label = String::new();
    let mut vals: Vec<Val> = Vec::new();
    let mut years = 0;
    let cells = &t.rows[r].cells;
    for c in cells {
        let raw = text.get(c.span.start..c.span.end).unwrap_or("").trim();
        let col = c.col + c.cols.max(1) - 1;
        if raw.is_empty() || matches!(raw, "$" | "US$" | "€" | "£" | "(" | "$(" | "($") {
            continue;
        }
        if is_tail(raw) {
            if let Some(v) = vals.last_mut() {
                if raw.contains(')') && v.value > 0.0 {
                    v.value = -v.value;
                }
                v.percent |= raw.contains('%');
                v.end = c.span.end;
                v.hi = v.hi.max(col);
            }
            continue;
        }
        if is_dash(raw) {
            vals.push(Val {
                col,
                lo: c.col,
                hi: col,
                grid: col,
                value: 0.0,
                half: 0.0,
                percent: false,
                dash: true,
                marker: false,
                start: c.span.start,
                end: c.span.end,
            });
            continue;
        }
        match FIGURE.captures(raw) {
            Some(m) => {
                let n = &m["n"];
                let Ok(v) = n.replace(',', "").parse::<f64>() else { continue };
                let decimals = n.split_once('.').map_or(0, |(_, f)| f.len());
                let neg = m.name("open").is_some();
                let closed = m.name("close").is_some() || m.name("close2").is_some();
                let year = !n.contains([',', '.']) && (1990.0..=2100.0).contains(&v) && !neg;
                if year && vals.is_empty() && label.is_empty() {
                    // A year labelling a row ("2016  783  387"): not a figure.
                    label.push_str(raw);
                    continue;
                }
                years += usize::from(year && m.name("pct").is_none());
                vals.push(Val {
                    col,
                    lo: c.col,
                    hi: col,
                    grid: col,
                    value: if neg { -v } else { v },
                    half: 0.5 * 10f64.powi(-(decimals as i32)),
                    percent: m.name("pct").is_some(),
                    dash: false,
                    marker: neg && closed && !n.contains([',', '.']) && v <= 30.0,
                    start: c.span.start,
                    end: c.span.end,
                });
            }
            None if vals.is_empty() => {
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(raw);
            }
            None => {}
        }
    }
    // "2023  2022": a header row of years.
    if years > 0 && years == vals.len() {
        vals.clear();
    }
    Row { idx: r, label: label.to_lowercase(), vals }
}

/// Gives each figure the logical column its grid columns fall in: overlapping spans of figures
/// (a number and its `)` in cells of their own here, one wide cell there) are one column. Also
/// says whether two figures of one row fell in the same column (the first is kept).
fn logical_columns(mut rows: Vec<Row>) -> (Vec<Row>, bool) {
    let mut spans: Vec<(usize, usize)> =
        rows.iter().flat_map(|r| r.vals.iter().map(|v| (v.lo, v.hi))).collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in spans {
        match merged.last_mut() {
            Some(m) if lo <= m.1 => m.1 = m.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    let mut collided = false;
    for r in &mut rows {
        for v in &mut r.vals {
            let i = merged.partition_point(|m| m.1 < v.lo);
            v.col = merged.get(i).map_or(v.hi, |m| m.1);
        }
        // Two figures of a row in one logical column: keep the first.
        let mut seen = Vec::new();
        let n = r.vals.len();
        r.vals.retain(|v| {
            let new = !seen.contains(&v.col);
            seen.push(v.col);
            new
        });
        collided |= r.vals.len() < n;
    }
    (rows, collided)
}

fn cell_ref(table: usize, row: usize, col: usize) -> CellRef {
    CellRef { table, row, col }
}

/// Most logical columns a table set in text may have: real tables have ten or so, and the
/// column relations are searched over every pair of columns.
const MAX_TEXT_COLUMNS: usize = 12;

/// Every claim the tables of `text` state.
pub(crate) fn find(text: &str, tables: &[Table]) -> Vec<Statement> {
    tables.iter().enumerate().flat_map(|(ti, t)| find_one(text, t, ti, false)).collect()
}

/// Every claim the tables read from text columns state ([`crate::text_table`]), numbered from
/// `first`. Their columns come from character positions, which a misread layout can shift: a
/// table where two figures of a row fall in one column, or with more columns than a real table
/// has, is not read confidently and gives nothing.
pub(crate) fn find_laid_out(text: &str, tables: &[Table], first: usize) -> Vec<Statement> {
    tables.iter().enumerate().flat_map(|(k, t)| find_one(text, t, first + k, true)).collect()
}

/// The claims of table `t` (number `ti`); `strict` for tables whose columns are guessed.
fn find_one(text: &str, t: &Table, ti: usize, strict: bool) -> Vec<Statement> {
    let mut out = Vec::new();
    {
        if t.rows.len() > 200_000 {
            return out;
        }
        let rows: Vec<Row> =
            (0..t.rows.len()).map(|r| read_row(text, t, r)).filter(|r| !r.vals.is_empty()).collect();
        if rows.len() < 2 {
            return out;
        }
        let (mut rows, collided) = logical_columns(rows);
        if strict {
            let mut cols: Vec<usize> = rows.iter().flat_map(|r| r.vals.iter().map(|v| v.col)).collect();
            cols.sort_unstable();
            cols.dedup();
            if collided || cols.len() > MAX_TEXT_COLUMNS {
                return out;
            }
            // Grid columns of text are character columns: claims name the column by its place
            // instead, the label being column 0.
            for v in rows.iter_mut().flat_map(|r| r.vals.iter_mut()) {
                let k = 1 + cols.partition_point(|&c| c < v.col);
                (v.col, v.grid) = (k, k);
            }
        }
        // Which columns hold percentages: most of their figures say so.
        let mut pct_votes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for r in &rows {
            for v in &r.vals {
                let e = pct_votes.entry(v.col).or_default();
                e.0 += usize::from(v.percent);
                e.1 += 1;
            }
        }
        // A column of "(7)", "(8)": footnote references.
        let mut markers: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for r in &rows {
            for v in r.vals.iter().filter(|v| !v.dash) {
                let e = markers.entry(v.col).or_default();
                e.0 += usize::from(v.marker);
                e.1 += 1;
            }
        }
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|mut r| {
                r.vals.retain(|v| markers.get(&v.col).is_none_or(|&(m, n)| m < n));
                r
            })
            .collect();
        let pct_col = |c: usize| pct_votes.get(&c).is_some_and(|&(p, n)| p * 2 > n);
        let cols: Vec<usize> = pct_votes.keys().copied().collect();
        // Amount columns hold mostly amounts; a percentage in one ("Percentage of total" as the
        // last row) is no amount of it.
        let amount_cols: Vec<usize> =
            cols.iter().copied().filter(|&c| pct_votes.get(&c).is_some_and(|&(p, n)| p * 2 < n)).collect();
        let get = |r: &Row, c: usize| {
            let v = r.vals.iter().find(|v| v.col == c).copied()?;
            (v.percent == pct_col(c)).then_some(v)
        };
        let mut found = change_columns(ti, &rows, &cols, &amount_cols, &pct_col, &get);
        found.extend(footing(ti, &rows, &amount_cols, &get, strict));
        found.extend(shares(ti, &rows, &cols, &amount_cols, &pct_col, &get));
        one_alarm_per_cell(&mut found);
        out.extend(found);
    }
    out
}

/// One wrong cell breaks every relation it takes part in (its column's total, the row's change
/// and percent change): the alarm goes to the statement that states that cell, or the first one,
/// and the others, which only rely on it, become unverifiable.
fn one_alarm_per_cell(found: &mut [Statement]) {
    let bad: Vec<usize> = (0..found.len()).filter(|&i| found[i].verdict == Verdict::Inconsistent).collect();
    let mut count: BTreeMap<CellRef, usize> = BTreeMap::new();
    for &i in &bad {
        for c in &found[i].cells {
            *count.entry(*c).or_default() += 1;
        }
    }
    let mut alarmed: Vec<CellRef> = Vec::new();
    // Statements stating the shared cell first.
    let mut order = bad.clone();
    order.sort_by_key(|&i| found[i].cells.last().is_none_or(|c| count.get(c).copied().unwrap_or(0) < 2));
    for i in order {
        let shared: Vec<CellRef> =
            found[i].cells.iter().copied().filter(|c| count.get(c).copied().unwrap_or(0) >= 2).collect();
        if shared.is_empty() {
            continue;
        }
        if shared.iter().any(|c| alarmed.contains(c)) {
            found[i].verdict = Verdict::Unverifiable;
            found[i].note = Some(format!(
                "{}; but a cell it relies on is flagged by another statement",
                found[i].note.as_deref().unwrap_or("does not hold")
            ));
        } else {
            alarmed.extend(shared);
        }
    }
}

type Get<'a> = dyn Fn(&Row, usize) -> Option<Val> + 'a;

/// How a column follows from two others.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    /// `(A / B - 1) x 100`.
    Pct,
    /// `A - B`.
    Diff,
    /// `A + B` (cross-footing: "as reported" plus "adjustment").
    Add,
}

/// Percent-change, change and total columns: `P = (A / B - 1) x 100`, `D = A - B`, `T = A + B`,
/// for the pair of columns most rows agree with. Rows with a dash or a zero among the three are
/// no evidence (a zero makes `A - B` and `A + B` alike) and are not judged.
fn change_columns(
    ti: usize,
    rows: &[Row],
    cols: &[usize],
    amount_cols: &[usize],
    pct_col: &dyn Fn(usize) -> bool,
    get: &Get,
) -> Vec<Statement> {
    let mut out = Vec::new();
    let usable = |v: &Val| !v.dash && v.value != 0.0;
    for &p in cols {
        let rels: &[Rel] = if pct_col(p) {
            &[Rel::Pct]
        } else if amount_cols.contains(&p) {
            &[Rel::Diff, Rel::Add]
        } else {
            continue;
        };
        let mut best: Option<(usize, usize, usize, usize, Rel)> = None; // (agree, total, a, b, rel)
        for &rel in rels {
            for &a in amount_cols.iter().filter(|&&a| a != p) {
                for &b in amount_cols.iter().filter(|&&b| b != p && b != a) {
                    // A change column stands after the columns it compares; a sum is symmetric.
                    if a > p || b > p || (rel == Rel::Add && a > b) {
                        continue;
                    }
                    let (mut agree, mut total) = (0, 0);
                    for r in rows {
                        let (Some(va), Some(vb), Some(vp)) = (get(r, a), get(r, b), get(r, p)) else {
                            continue;
                        };
                        if !(usable(&va) && usable(&vb) && usable(&vp)) {
                            continue;
                        }
                        let Some(c) = relation(rel, va, vb) else { continue };
                        total += 1;
                        agree += usize::from(vp.iv().abs().meets(&c.abs()));
                    }
                    if total > 0 && best.is_none_or(|x| agree > x.0) {
                        best = Some((agree, total, a, b, rel));
                    }
                }
            }
        }
        let Some((agree, total, a, b, rel)) = best else { continue };
        // The relation must be the column's rule, not a coincidence: four rows in five, and
        // three at least.
        if agree < 3 || agree * 5 < total * 4 {
            continue;
        }
        for r in rows {
            let (Some(va), Some(vb), Some(vp)) = (get(r, a), get(r, b), get(r, p)) else { continue };
            if !(usable(&va) && usable(&vb) && usable(&vp)) {
                continue;
            }
            let Some(c) = relation(rel, va, vb) else { continue };
            let ok = vp.iv().abs().meets(&c.abs());
            let kind = match rel {
                Rel::Pct => ClaimKind::PercentChange,
                Rel::Diff => ClaimKind::Difference,
                Rel::Add => ClaimKind::Sum,
            };
            let mut f = Statement::new(kind, va.start.min(vb.start), vp.end.max(va.end).max(vb.end));
            f.start = va.start.min(vb.start).min(vp.start);
            f.stated = Some(vp.value);
            let point = match rel {
                Rel::Pct => (va.value / vb.value - 1.0) * 100.0,
                Rel::Diff => va.value - vb.value,
                Rel::Add => va.value + vb.value,
            };
            f.computed = Some(if vp.value < 0.0 { -point.abs() } else { point.abs() });
            f.tol = Some((vp.iv().abs(), c.abs()));
            f.verdict = if ok { Verdict::Consistent } else { Verdict::Inconsistent };
            let what = match rel {
                Rel::Pct => "percent-change column",
                Rel::Diff => "change column",
                Rel::Add => "total column",
            };
            f.note =
                Some(format!("{what}: {agree} of {total} rows agree, from columns {} and {}", a + 1, b + 1));
            f.cells = vec![
                cell_ref(ti, r.idx, va.grid),
                cell_ref(ti, r.idx, vb.grid),
                cell_ref(ti, r.idx, vp.grid),
            ];
            out.push(f);
        }
    }
    out
}

/// Column `p` recomputed from `a` and `b`.
fn relation(rel: Rel, a: Val, b: Val) -> Option<Iv> {
    match rel {
        Rel::Pct => {
            if b.value <= 0.0 || a.value < 0.0 {
                return None;
            }
            let r = a.iv().div(&b.iv())?;
            Some(Iv::new(r.lo - 1.0, r.hi - 1.0).scale(100.0))
        }
        Rel::Diff => Some(a.iv().sub(&b.iv())),
        Rel::Add => Some(a.iv().add(&b.iv())),
    }
}

/// Share columns: a percentage column with a row at 100% whose amount is the total, and the
/// other rows' percentages their amount over it.
fn shares(
    ti: usize,
    rows: &[Row],
    cols: &[usize],
    amount_cols: &[usize],
    pct_col: &dyn Fn(usize) -> bool,
    get: &Get,
) -> Vec<Statement> {
    let mut out = Vec::new();
    for &p in cols.iter().filter(|&&p| pct_col(p)) {
        let Some(tr) = rows.iter().position(|r| get(r, p).is_some_and(|v| (v.value - 100.0).abs() < 1e-9))
        else {
            continue;
        };
        for &a in amount_cols {
            let Some(total) = get(&rows[tr], a).filter(|t| t.value > 0.0) else { continue };
            let judged: Vec<(usize, Val, Val, Iv)> = rows
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != tr)
                .filter_map(|(k, r)| {
                    let (va, vp) = (get(r, a)?, get(r, p)?);
                    if va.dash || vp.dash {
                        return None;
                    }
                    Some((k, va, vp, va.iv().div(&total.iv())?.scale(100.0)))
                })
                .collect();
            let agree = judged.iter().filter(|(_, _, vp, c)| vp.iv().meets(c)).count();
            if agree < 3 || agree * 5 < judged.len() * 4 {
                continue;
            }
            for (k, va, vp, c) in judged {
                let mut f = Statement::new(ClaimKind::ShareOfTotal, va.start, vp.end);
                f.stated = Some(vp.value);
                f.computed = Some(va.value / total.value * 100.0);
                f.tol = Some((vp.iv(), c));
                f.verdict = if vp.iv().meets(&c) { Verdict::Consistent } else { Verdict::Inconsistent };
                f.note =
                    Some(format!("share column: {agree} rows agree with column {} over its 100% row", a + 1));
                f.cells = vec![
                    cell_ref(ti, rows[k].idx, va.grid),
                    cell_ref(ti, rows[tr].idx, total.grid),
                    cell_ref(ti, rows[k].idx, vp.grid),
                ];
                out.push(f);
            }
            break;
        }
    }
    out
}

static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:total|subtotal|net(?-u:\b)|sum(?-u:\b))").expect("static regex")
});

/// Total rows: a row labelled "total" (or unlabelled) whose figures are the sum of the rows above
/// it back to the previous total; judged when the table's other columns confirm the rule.
fn footing(ti: usize, rows: &[Row], amount_cols: &[usize], get: &Get, strict: bool) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut block_start = 0;
    // Per column, the rows since the block's start: their sum, their values' sum and count.
    let mut running: BTreeMap<usize, (Iv, f64, usize)> = BTreeMap::new();
    for (k, r) in rows.iter().enumerate() {
        let labelled = TOTAL.is_match(&r.label);
        let mut per_col = Vec::new();
        if k >= block_start + 2 {
            for &c in amount_cols {
                let Some(total) = get(r, c) else { continue };
                let Some(&(sum, value, n)) = running.get(&c) else { continue };
                if n < 2 {
                    continue;
                }
                per_col.push((c, total, sum, value, n, total.iv().meets(&sum)));
            }
        }
        let agree = per_col.iter().filter(|x| x.5).count();
        // A total the other columns confirm; alone, only a labelled total that foots counts. A
        // row named otherwise ("Adjusted net income") is a total when two columns or more foot.
        let confirmed = agree >= 2 && agree * 3 >= per_col.len() * 2;
        let alone = amount_cols.len() == 1;
        if agree == 0 || !(labelled || r.label.is_empty() || confirmed || alone) {
            for v in &r.vals {
                let e = running.entry(v.col).or_insert((Iv::around(0.0, 0.0), 0.0, 0));
                *e = (e.0.add(&v.iv()), e.1 + v.value, e.2 + 1);
            }
            continue;
        }
        let parts = &rows[block_start..k];
        for (c, total, sum, value, n, ok) in per_col {
            // A table of one column of amounts has no other column to confirm its totals: a row
            // that foots is read as its total (it can hold, never fail).
            // Judged when other columns confirm the row is a total; otherwise only a row that
            // foots and is named a total (or stands in a one-column table) is reported.
            if !confirmed && (!ok || !(labelled || alone)) {
                continue;
            }
            let first = parts.iter().find_map(|p| get(p, c)).map_or(total.start, |v| v.start);
            let mut f = Statement::new(ClaimKind::Sum, first, total.end);
            f.stated = Some(total.value);
            f.computed = Some(value);
            f.tol = Some((total.iv(), sum));
            f.verdict = if ok { Verdict::Consistent } else { Verdict::Inconsistent };
            f.note = Some(format!("column total over {n} rows ({agree} columns foot)"));
            // In a table set in text, a row with figures but none in this column may have had its
            // figure shifted into another column by the layout: no proof of a wrong total.
            if strict && !ok && parts.iter().any(|p| get(p, c).is_none()) {
                f.verdict = Verdict::Unverifiable;
                f.note = Some(format!(
                    "column total over {n} rows does not foot, but a row above has no figure in this column"
                ));
            }
            f.cells = parts
                .iter()
                .filter_map(|p| get(p, c).map(|v| cell_ref(ti, p.idx, v.grid)))
                .chain(std::iter::once(cell_ref(ti, r.idx, total.grid)))
                .collect();
            out.push(f);
        }
        block_start = k + 1;
        running.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use corresp_model::{Span, TableCell, TableRow};

    /// A table from tab-separated lines; `|` inside a line splits a figure over two cells.
    fn table(lines: &[&str]) -> (String, Vec<Table>) {
        let mut text = String::new();
        let mut rows = Vec::new();
        for l in lines {
            let mut cells = Vec::new();
            let mut col = 0;
            for (i, c) in l.split('\t').enumerate() {
                if i > 0 {
                    text.push('\t');
                }
                for part in c.split('|') {
                    let s = text.len();
                    text.push_str(part);
                    if !part.is_empty() {
                        cells.push(TableCell { span: Span::new(s, text.len()), col, cols: 1, header: false });
                    }
                    col += 1;
                }
            }
            text.push('\n');
            let span = Span::new(cells.first().map_or(0, |c: &TableCell| c.span.start), text.len() - 1);
            rows.push(TableRow { span, cells });
        }
        let span = Span::new(0, text.len());
        (text, vec![Table { span, rows }])
    }

    // Each figure takes three cells: a currency sign, the number, a closing mark.
    const T: &[&str] = &[
        "\t|2023|\t|2022|\t|$ change|\t|% change|",
        "Product\t$|1,200|\t$|1,000|\t|200|\t|20.0|%",
        "Services\t|300|\t|250|\t|50|\t|20.0|%",
        "Other\t|(50|)\t|(40|)\t|(10|)\t|\u{2014}|",
        "Licensing\t|150|\t|100|\t|50|\t|50.0|%",
        "Support\t|80|\t|64|\t|16|\t|25.0|%",
        "Total\t$|1,680|\t$|1,374|\t|306|\t|22.3|%",
    ];

    fn verdicts(lines: &[&str]) -> Vec<(ClaimKind, Verdict)> {
        let (text, tables) = table(lines);
        find(&text, &tables).iter().map(|f| (f.kind, f.verdict)).collect()
    }

    #[test]
    fn footing_and_change_columns_hold() {
        let (text, tables) = table(T);
        let f = find(&text, &tables);
        assert!(f.iter().all(|x| x.verdict == Verdict::Consistent), "{f:?}");
        let v = verdicts(T);
        let count = |k| v.iter().filter(|x| x.0 == k).count();
        assert_eq!(count(ClaimKind::Sum), 3, "{v:?}"); // 2023, 2022 and the change column foot
        assert_eq!(count(ClaimKind::Difference), 6, "{v:?}");
        assert_eq!(count(ClaimKind::PercentChange), 5, "{v:?}");
    }

    #[test]
    fn one_wrong_cell_is_flagged() {
        let mut t = T.to_vec();
        t[2] = "Services\t|300|\t|250|\t|50|\t|25.0|%";
        let v = verdicts(&t);
        assert_eq!(v.iter().filter(|x| x.1 == Verdict::Inconsistent).count(), 1, "{v:?}");
        let mut t = T.to_vec();
        t[6] = "Total\t$|1,690|\t$|1,374|\t|306|\t|22.3|%";
        let (text, tables) = table(&t);
        let f = find(&text, &tables);
        let bad: Vec<_> = f.iter().filter(|x| x.verdict == Verdict::Inconsistent).collect();
        assert_eq!(bad.len(), 1, "{f:?}");
        assert_eq!(bad[0].kind, ClaimKind::Sum);
        assert_eq!(bad.iter().filter(|b| b.kind == ClaimKind::Sum).count(), 1);
        assert_eq!(bad[0].cells.last(), Some(&CellRef { table: 0, row: 6, col: 2 }));
    }

    #[test]
    fn share_columns() {
        let t = [
            "\t|Amount|\t|% of total|",
            "Property\t$|1,917|\t|2.5|%",
            "Casualty\t|12,056|\t|15.7|%",
            "Marine\t|4,555|\t|5.9|%",
            "Aviation\t|1,000|\t|1.3|%",
            "Other\t|57,390|\t|74.6|%",
            "Total\t$|76,918|\t|100.0|%",
        ];
        let v = verdicts(&t);
        assert_eq!(
            v.iter().filter(|x| x.0 == ClaimKind::ShareOfTotal && x.1 == Verdict::Consistent).count(),
            5,
            "{v:?}"
        );
        let mut t2 = t;
        t2[3] = "Marine\t|4,555|\t|6.9|%";
        let v = verdicts(&t2);
        assert_eq!(v.iter().filter(|x| x.1 == Verdict::Inconsistent).count(), 1, "{v:?}");
    }

    #[test]
    fn tables_without_that_arithmetic_say_nothing() {
        let v = verdicts(&["\tShares\tPrice", "Alice\t1,000\t12.50", "Bob\t2,000\t13.75", "Total\t3,500\t"]);
        assert!(v.iter().all(|x| x.1 != Verdict::Inconsistent), "{v:?}");
    }
}
