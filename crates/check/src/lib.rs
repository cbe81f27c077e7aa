//! Recomputes the arithmetic of disclosure text: does "increased by 29.0% from RMB1,524.2 million to
//! RMB1,966.7 million" hold?
//!
//! Before a response with revised disclosure goes to the SEC, someone ticks and ties every figure by
//! hand. [`check`] finds each numeric statement that can be recomputed from the text itself and gives
//! it a [`Verdict`]:
//!
//! - percentage changes ("increased by 29.0% from A to B", "to B from A", "or 12.3%") and changes in
//!   percentage points or basis points;
//! - differences ("an increase of X from A to B", "increased $5.2 million to B");
//! - currency translations ("RMB1,966.7 million (US$324.9 million)") against the rate the document
//!   states, or else the one most of its translations agree on;
//! - shares of a total ("X, which accounted for 7.4% of total net revenues"), the total being stated
//!   inline or elsewhere in the text for the same period;
//! - sums ("a total of X, consisting of A and B", "A and B totaled X", "$20.0m and $15.0m, which
//!   together totaled $35.0m"), numbered lists however long their items ("comprised of: 1) A ...
//!   and 2) B"), splits ("X, of which A ... and an additional B", "the remaining B", a split by
//!   segment of an amount named before);
//! - changes in margin whose ends are printed as asides ("$585 million (operating margin of 11.3%)
//!   ... compared to $367 million (operating margin of 7.5%) ..., or a total increase of 380 basis
//!   points"), and bridges: a change and the amounts, percentages or basis points it is put down
//!   to, in its sentence or the ones after; arithmetic written out; rate times principal.
//!
//! Bridges and splits may be partial by the company's own choice, so they are `consistent` or
//! `unverifiable`, never an alarm. What extraction does to figures (a footnote marker glued to a
//! figure, old and new figures of tracked changes side by side, a figure split across lines)
//! makes a statement doubtful, never wrong.
//!
//! Every printed figure stands for the interval its rounding allows (29.0% is 28.95..29.05%), and a
//! statement holds when the stated interval meets the recomputed one. `inconsistent` is said only
//! when no rounding can reconcile the figures: a false alarm costs more trust than a miss, so
//! anything ambiguous (a bound such as "more than", a total that cannot be found, a figure that is
//! itself part of another broken statement) is `unverifiable`.
//!
//! ```
//! use corresp_model::{ClaimKind, Verdict};
//! let claims = corresp_check::check("Revenue increased by 10.0% from $50.0 million to $56.0 million.");
//! assert_eq!(claims[0].kind, ClaimKind::PercentChange);
//! assert_eq!(claims[0].verdict, Verdict::Inconsistent);
//! assert_eq!(claims[0].computed, Some(12.0));
//! ```
#![deny(missing_docs)]

mod bridge;
mod change;
mod clean;
mod facts;
mod interval;
mod share;
mod sum;
mod table;
mod text_table;
mod token;
mod translate;

use corresp_model::{CellRef, Claim, ClaimKind, Tolerance, Verdict};

use crate::interval::Iv;
use crate::token::Tok;

/// The cleaned text split into its figures and sentences once, shared by the rules.
pub(crate) struct Tokenized<'a> {
    pub s: &'a str,
    pub toks: Vec<Tok>,
    pub sents: Vec<(usize, usize)>,
}

impl<'a> Tokenized<'a> {
    /// Tokenises clean text once: its figures and its sentences.
    pub fn new(s: &'a str) -> Tokenized<'a> {
        Tokenized { s, toks: token::tokens(s), sents: token::sentences(s) }
    }

    /// Indices of the figures inside clean range `[start, end)`.
    pub fn toks_in(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let a = self.toks.partition_point(|t| t.start < start);
        let b = self.toks.partition_point(|t| t.start < end);
        a..b.max(a)
    }
}

/// A statement found by a rule, in clean-text offsets.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub kind: ClaimKind,
    pub start: usize,
    pub end: usize,
    pub stated: Option<f64>,
    pub computed: Option<f64>,
    pub verdict: Verdict,
    pub note: Option<String>,
    /// Figures outside the statement's own text that it relies on (a total named elsewhere).
    pub deps: Vec<(usize, usize)>,
    /// The stated and the recomputed intervals, in the units of `stated`.
    pub tol: Option<(Iv, Iv)>,
    /// The table cells the statement reads.
    pub cells: Vec<CellRef>,
}

impl Statement {
    /// A statement of `kind` over clean range `[start, end)`, not yet judged.
    pub fn new(kind: ClaimKind, start: usize, end: usize) -> Statement {
        Statement {
            kind,
            start,
            end,
            stated: None,
            computed: None,
            verdict: Verdict::Unverifiable,
            note: None,
            deps: Vec::new(),
            tol: None,
            cells: Vec::new(),
        }
    }
}

/// True when a consistent statement's recomputed range is so wide, next to the stated figure, that
/// almost any figure would have passed: more than a quarter of the stated figure's size.
pub(crate) fn is_weak(stated: f64, tol: Option<(Iv, Iv)>) -> bool {
    let Some((_, c)) = tol else { return false };
    let width = c.hi - c.lo;
    if !width.is_finite() {
        return true;
    }
    width > 0.25 * stated.abs().max(1e-9)
}

/// Compares a stated interval with a recomputed one. `bound` marks a hedge such as "more than"
/// that makes a mismatch no proof of error.
pub(crate) fn judge(stated: Iv, computed: Iv, bound: bool) -> Verdict {
    if stated.meets(&computed) {
        Verdict::Consistent
    } else if bound {
        Verdict::Unverifiable
    } else {
        Verdict::Inconsistent
    }
}

/// Rounds for reports: enough digits to see why a verdict was given, no float noise.
pub(crate) fn round(v: f64) -> f64 {
    if !v.is_finite() {
        return v;
    }
    let digits = if v.abs() >= 1000.0 { 2 } else { 4 };
    let k = 10f64.powi(digits);
    (v * k).round() / k
}

/// [`check`] over extracted text: its prose, its tables when the extraction kept them (HTML), and
/// the tables set in columns of spaces (PDF table rows, EDGAR `.txt` tables). Tables of the latter
/// are numbered after `text.tables` (table `text.tables.len()` is the first one set in text); their
/// rows are their lines with text, and their columns the label (0) and the figure columns (1...).
pub fn check_text(text: &corresp_model::Text) -> Vec<Claim> {
    let mut claims = check(&text.text);
    let laid_out = text_table::find(&text.text, &text.tables);
    let found = table::find(&text.text, &text.tables).into_iter().chain(table::find_laid_out(
        &text.text,
        &laid_out,
        text.tables.len(),
    ));
    claims.extend(found.map(|f| {
        let (start, end) = (f.start.min(text.text.len()), f.end.min(text.text.len()));
        claim(f, &text.text, start, end)
    }));
    claims.sort_by_key(|c| (c.start, c.end));
    claims
}

/// A found statement as the contract's claim over `text[start..end]`: figures rounded for
/// reading, the tolerance both sides were granted, weak when that tolerance hardly constrains.
fn claim(f: Statement, text: &str, start: usize, end: usize) -> Claim {
    let weak = f.verdict == Verdict::Consistent && f.stated.is_some_and(|v| is_weak(v, f.tol));
    Claim {
        kind: f.kind,
        text: text.get(start..end).unwrap_or_default().to_string(),
        start,
        end,
        stated: f.stated.map(round),
        computed: f.computed.map(round),
        verdict: f.verdict,
        note: f.note,
        tolerance: f.tol.map(|(s, c)| Tolerance {
            stated: [round(s.lo), round(s.hi)],
            computed: [round(c.lo), round(c.hi)],
        }),
        weak,
        cells: f.cells,
    }
}

/// Finds every recomputable numeric statement in `text` and gives each a verdict.
///
/// `start`/`end` of each claim are byte offsets into `text` (on char boundaries). Raw Markdown is
/// tolerated: `\$` escapes and `**` emphasis are read through. Never panics; text with no figures
/// gives an empty list.
pub fn check(text: &str) -> Vec<Claim> {
    let clean = clean::Clean::new(text);
    let doc = Tokenized::new(&clean.s);
    let mut found = rules(&doc);
    glued_footnotes(&doc, &mut found);
    absolve_dependents(&mut found);
    found.sort_by_key(|a| (a.start, a.end));
    found.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    found
        .into_iter()
        .map(|f| {
            let (start, end) = clean.original(f.start, f.end);
            claim(f, text, start, end)
        })
        .collect()
}

/// Every prose rule over one document.
fn rules(doc: &Tokenized) -> Vec<Statement> {
    let facts = facts::collect(doc);
    let mut found = Vec::new();
    found.extend(change::find(doc));
    found.extend(translate::find(doc));
    found.extend(share::find(doc, &facts));
    found.extend(sum::find(doc));
    found.extend(bridge::find(doc));
    found
}

/// "$45" followed by footnote 2 set as a superscript reaches the checker as "$452": extraction
/// keeps no trace of the superscript. An alarm that goes away when the last digit of one of the
/// statement's whole figures is read as such a marker is no proof of an error, only of a doubt:
/// it becomes `unverifiable`. Only alarms are re-read (they are few), over their own sentences.
fn glued_footnotes(doc: &Tokenized, found: &mut [Statement]) {
    for f in found.iter_mut().filter(|f| f.verdict == Verdict::Inconsistent) {
        let a = doc.sents.partition_point(|&(_, e)| e <= f.start);
        let b = doc.sents.partition_point(|&(s, _)| s < f.end);
        let ws = doc.sents.get(a).map_or(f.start, |s| s.0).min(f.start);
        let we = b.checked_sub(1).and_then(|b| doc.sents.get(b)).map_or(f.end, |s| s.1).max(f.end);
        if we - ws > 4000 {
            continue;
        }
        for i in doc.toks_in(f.start, f.end) {
            let t = &doc.toks[i];
            let printed = &doc.s[t.start..t.end];
            // The digits of a whole figure printed without separators: "$452", "452 million".
            let Some(d) = printed.rfind(|c: char| c.is_ascii_digit()).map(|d| t.start + d) else { continue };
            let digits = printed.bytes().filter(u8::is_ascii_digit).count();
            if digits < 2 || printed.contains([',', '.']) || t.unit == token::Unit::Year {
                continue;
            }
            let mut s = String::with_capacity(we - ws);
            s.push_str(&doc.s[ws..d]);
            s.push_str(&doc.s[d + 1..we]);
            let again = rules(&Tokenized::new(&s));
            let holds = again.iter().any(|g| g.kind == f.kind && g.verdict == Verdict::Consistent);
            if holds && again.iter().all(|g| g.verdict != Verdict::Inconsistent) {
                f.verdict = Verdict::Unverifiable;
                f.note = Some(format!(
                    "{}; it would hold if the last digit of \"{printed}\" were a footnote marker",
                    f.note.as_deref().unwrap_or("does not hold")
                ));
                break;
            }
        }
    }
}

/// A statement that fails only because a figure it borrows from elsewhere is itself part of a
/// failing statement is not evidence of its own error: one wrong figure should raise one alarm,
/// where the figure is printed.
fn absolve_dependents(found: &mut [Statement]) {
    let flagged: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.verdict == Verdict::Inconsistent && f.deps.is_empty())
        .map(|f| (f.start, f.end))
        .collect();
    for f in found.iter_mut() {
        if f.verdict != Verdict::Inconsistent {
            continue;
        }
        let suspect = f.deps.iter().any(|&(ds, de)| flagged.iter().any(|&(s, e)| s <= ds && de <= e));
        if suspect {
            f.verdict = Verdict::Unverifiable;
            f.note = Some(format!(
                "{}; but a figure it relies on is part of another inconsistent statement",
                f.note.as_deref().unwrap_or("does not hold")
            ));
        }
    }
}
