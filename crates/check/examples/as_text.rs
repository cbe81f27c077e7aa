//! Sets every HTML table of the given letters again as a fixed-width text table (label left,
//! figures right-aligned in columns two spaces apart, as an EDGAR `.txt` letter prints them) and
//! checks both: how much of what the HTML tables state the text-table reader finds again, and
//! whether it raises an alarm the HTML reading does not.
//!
//! `cargo run --release -p corresp-check --example as_text -- PATH...` (files or folders of
//! `.htm`); prints one line per letter with table claims, then the totals.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use corresp_model::{Claim, Table, Text, Verdict};

/// One table as fixed-width lines: each grid column as wide as the widest cell ending in it.
fn set_in_text(text: &str, t: &Table) -> String {
    let cell = |c: &corresp_model::TableCell| {
        text.get(c.span.start..c.span.end).unwrap_or("").trim().replace(['\t', '\n'], " ")
    };
    let ncols = t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.col + c.cols.max(1))).max().unwrap_or(0);
    let mut width = vec![0usize; ncols];
    // Labels (and notes spanning the table) start at column 0 and take the room of the longest
    // label, up to 60 characters; every other cell's width goes to the column it ends in.
    let mut label = 0;
    for c in t.rows.iter().flat_map(|r| &r.cells) {
        let n = cell(c).chars().count();
        if c.col == 0 {
            label = label.max(n.min(60));
        } else {
            let last = c.col + c.cols.max(1) - 1;
            width[last] = width[last].max(n);
        }
    }
    width[0] = label;
    // Right edge of each column: columns of nothing take no room.
    let mut right = vec![0usize; ncols];
    let mut at = 0;
    for k in 0..ncols {
        if width[k] > 0 {
            at += if at == 0 { width[k] } else { width[k] + 2 };
        }
        right[k] = at;
    }
    let mut out = String::new();
    for r in &t.rows {
        let mut line = String::new();
        for c in &r.cells {
            let s = cell(c);
            let n = s.chars().count();
            let end = right[(c.col + c.cols.max(1) - 1).min(ncols - 1)];
            // The label column is left-aligned; every other cell ends at its column's right edge.
            let start = if c.col == 0 { 0 } else { end.saturating_sub(n) };
            let have = line.chars().count();
            let start = if have == 0 { start } else { start.max(have + 2) };
            line.extend(std::iter::repeat_n(' ', start - have));
            line.push_str(&s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        let p = PathBuf::from(a);
        if p.is_dir() { files.extend(common::letters(&p, &["htm", "html"])) } else { files.push(p) }
    }
    let count = |c: &[Claim], v: Verdict| c.iter().filter(|x| !x.cells.is_empty() && x.verdict == v).count();
    let (mut html_all, mut text_all, mut text_flags, mut html_flags) = (0, 0, 0, 0);
    for f in files {
        let Ok(ex) = corresp_extract::extract_file(&f) else { continue };
        let html = corresp_check::check_text(&ex.text);
        let mut s = String::from("The Company respectfully advises the Staff as follows.\n\n");
        for t in &ex.text.tables {
            s.push_str(&set_in_text(&ex.text.text, t));
            s.push_str("\nThe Company will revise its disclosure accordingly.\n\n");
        }
        let text = corresp_check::check_text(&Text::plain(s.clone()));
        let (h, t) = (
            html.iter().filter(|c| !c.cells.is_empty()).count(),
            text.iter().filter(|c| !c.cells.is_empty()).count(),
        );
        if h + t == 0 {
            continue;
        }
        html_all += h;
        text_all += t;
        html_flags += count(&html, Verdict::Inconsistent);
        text_flags += count(&text, Verdict::Inconsistent);
        println!(
            "{}: html {h} table claims ({} flagged), as text {t} ({} flagged)",
            f.display(),
            count(&html, Verdict::Inconsistent),
            count(&text, Verdict::Inconsistent)
        );
        for c in text.iter().filter(|c| !c.cells.is_empty() && c.verdict == Verdict::Inconsistent) {
            println!(
                "   flag {:?}: {:?} stated {:?} computed {:?}; {}",
                c.kind,
                c.text,
                c.stated,
                c.computed,
                c.note.as_deref().unwrap_or("")
            );
        }
        if std::env::var_os("AS_TEXT_SHOW").is_some() {
            print!("{s}");
        }
    }
    println!(
        "total: html tables {html_all} claims ({html_flags} flagged); the same tables as text {text_all} claims ({text_flags} flagged)"
    );
}
