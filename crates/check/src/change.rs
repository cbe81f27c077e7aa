//! Changes between two figures: "increased by 29.0% from A to B", "to B from A", "increased $5.2
//! million, or 12.3%, to B", "decreased 1.2 percentage points from 10.0% to 8.8%", "an increase of X
//! from A to B".

use std::sync::LazyLock;

use corresp_model::{ClaimKind, Verdict};
use regex::Regex;

use crate::interval::Iv;
use crate::token::{Tok, Unit};
use crate::{Statement, Tokenized, judge};

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(increas(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|gr[eo]w(?:n|th|s)?|rose|rise[sn]?|declin(?:e|ed|es|ing)|fell|fall(?:en|s)?|dropp?(?:ed|s)?|reduc(?:ed|tion|es)|improv(?:ed|ement|es)|deteriorat(?:ed|ion)|expan(?:ded|ds|sion)|contracted|contraction|compress(?:ed|ion))(?-u:\b)",
    )
    .expect("static regex")
});

/// +1 for a rise, -1 for a fall, 0 when the word does not say ("improved" a loss is a fall).
fn direction(word: &str) -> i8 {
    let w = word.to_ascii_lowercase();
    if w.starts_with("increas")
        || w.starts_with("gr")
        || w.starts_with("ros")
        || w.starts_with("ris")
        || w.starts_with("expan")
    {
        1
    } else if w.starts_with("improv") || w.starts_with("deterior") {
        0
    } else {
        -1
    }
}

/// What the words right before a figure make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// "by", "of", or nothing: the size of the change.
    By,
    /// "or" after a change in amount: the same change in percent.
    Or,
    /// "from", "compared to", "versus": the starting figure.
    From,
    /// "to": the ending figure.
    To,
    Other,
}

const HEDGES: &[&str] = &[
    "approximately",
    "approx.",
    "about",
    "roughly",
    "around",
    "some",
    "a total of",
    "more than",
    "less than",
    "nearly",
    "almost",
    "at least",
    "over",
    "in excess of",
];

fn lead(gap: &str) -> (Lead, usize) {
    let mut t = gap.to_ascii_lowercase().replace(['\n', '\u{2019}'], " ");
    loop {
        let before = t.len();
        t = t.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '(').to_string();
        for h in HEDGES {
            if let Some(x) = t.strip_suffix(h) {
                t = x.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    let t = t.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ')');
    let words: Vec<&str> = t.split_whitespace().collect();
    let n = words.len();
    let last = words.last().copied().unwrap_or("");
    let prev = if n >= 2 { words[n - 2] } else { "" };
    let compared = t.contains("compared to") || t.contains("compared with") || t.contains("versus");
    let l = match last {
        // "an increase of $218 million, or 59.4%, when compared to operating income of $367 million"
        "of" if compared => Lead::From,
        "" | "by" | "of" => Lead::By,
        "or" => Lead::Or,
        "from" | "versus" | "vs." | "vs" => Lead::From,
        "with" if prev == "compared" => Lead::From,
        "to" if prev == "compared" => Lead::From,
        "to" if !matches!(
            prev,
            "due"
                | "related"
                | "attributable"
                | "up"
                | "owing"
                | "according"
                | "prior"
                | "similar"
                | "pursuant"
                | "relating"
                | "contributed"
                | "amounted"
        ) =>
        {
            Lead::To
        }
        _ => Lead::Other,
    };
    (l, n)
}

/// One change statement as read.
#[derive(Default, Clone)]
struct Parts {
    start: usize,
    end: usize,
    dir: i8,
    pct: Option<usize>,
    pts: Option<usize>,
    delta: Option<usize>,
    from: Option<usize>,
    to: Option<usize>,
}

pub(crate) fn find(doc: &Tokenized) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut prev_ss = 0;
    for &(ss, se) in &doc.sents {
        let lo = std::mem::replace(&mut prev_ss, ss);
        let sent = &doc.s[ss..se];
        // "increased by 10% and 12%, respectively" pairs figures across lists: not ours to guess.
        if sent.to_ascii_lowercase().contains("respectively") {
            continue;
        }
        let kws: Vec<_> =
            KEYWORD.find_iter(sent).map(|m| (ss + m.start(), ss + m.end(), direction(m.as_str()))).collect();
        let mut pending: Option<Parts> = None;
        for (k, &(ks, ke, dir)) in kws.iter().enumerate() {
            let seg_end = kws.get(k + 1).map_or(se, |n| n.0);
            let Some(mut p) = read(doc, ks, ke, seg_end, dir) else {
                pending = None;
                continue;
            };
            let stated = p.pct.is_some() || p.pts.is_some() || p.delta.is_some();
            let ends = p.from.is_some() || p.to.is_some();
            if stated && !ends {
                // "increased from A to B, an increase of 29.0%": the figures sit in the segment
                // before, unless the words between make the new figure a driver of the change
                // ("primarily due to a 610 basis points increase from higher volumes").
                match pending.take() {
                    // A figure read both as q's last end and as p's size ("... to $10 million
                    // increase of 5%") leaves no words between them: nothing restates.
                    Some(q) if doc.s.get(q.end..p.start).is_some_and(restates) => {
                        p.from = q.from;
                        p.to = q.to;
                        p.start = q.start;
                        if p.dir == 0 {
                            p.dir = q.dir;
                        }
                    }
                    Some(_) => {}
                    // "revenue of $640 million, compared to $410 million in the prior year,
                    // representing growth of 56%": both ends before the change, no change word.
                    None => {
                        if let Some((a, b)) =
                            compared_pair(doc, ss, &p).or_else(|| margin_asides(doc, lo, ss, &p))
                        {
                            p.start = doc.toks[a].start;
                            p.to = Some(a);
                            p.from = Some(b);
                        }
                    }
                }
            } else if !stated && p.from.is_some() && p.to.is_some() {
                pending = Some(p);
                continue;
            }
            pending = None;
            // "Operating income was $585 million (...) during 2021, an increase of $218 million,
            // or 59.4%, when compared to ... $367 million": the current figure before the change.
            if p.from.is_some()
                && p.to.is_none()
                && (p.pct.is_some() || p.delta.is_some())
                && let Some(a) = current_before(doc, ss, &p)
            {
                p.to = Some(a);
                p.start = doc.toks[a].start;
            }
            out.extend(judge_parts(doc, &p));
        }
    }
    out
}

/// Words that may stand between a change and its restatement ("from A to B in 2023, or an
/// increase of 25%"): dates, periods and connectives. Any other word ("primarily due to",
/// "driven by", "reflecting") makes the next figure something else: a driver or another measure.
const RESTATING: &[&str] = &[
    "a",
    "during",
    "at",
    "an",
    "or",
    "and",
    "representing",
    "represents",
    "represented",
    "which",
    "is",
    "was",
    "were",
    "for",
    "total",
    "of",
    "net",
    "overall",
    "resulting",
    "in",
    "approximately",
    "about",
    "roughly",
    "the",
    "this",
    "that",
    "year",
    "years",
    "quarter",
    "quarters",
    "month",
    "months",
    "period",
    "periods",
    "fiscal",
    "ended",
    "ending",
    "three",
    "six",
    "nine",
    "twelve",
    "first",
    "second",
    "third",
    "fourth",
    "prior",
    "previous",
    "same",
    "last",
    "comparable",
    "respective",
    "compared",
    "to",
    "with",
    "as",
    "year-over-year",
    "year-on-year",
    "yoy",
    "on",
    "basis",
    "i.e",
    "or a",
    "change",
    "q1",
    "q2",
    "q3",
    "q4",
];

fn restates(gap: &str) -> bool {
    let words: Vec<String> = gap
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map(|w| w.trim_matches('.').to_ascii_lowercase())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
        .collect();
    words.len() <= 16
        && words.iter().all(|w| RESTATING.contains(&w.as_str()) || corresp_model::month_number(w).is_some())
}

static COMPARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:compared\s+(?:to|with)|as\s+against|versus|vs\.?)\s").expect("static regex")
});

/// "A (...) in 2023, compared to B (...) in 2022, [an increase of] X": the last two figures of
/// the kind the stated change needs, before it in its sentence, joined by "compared to" and
/// followed only by restating words; `(current, prior)`.
fn compared_pair(doc: &Tokenized, ss: usize, p: &Parts) -> Option<(usize, usize)> {
    let stated = p.pts.or(p.pct).or(p.delta)?;
    let st = &doc.toks[stated];
    // A change in points compares percentages; a change in percent or in amount compares amounts.
    let want = |t: &Tok| match st.unit {
        Unit::Points => t.unit == Unit::Percent,
        Unit::Percent => t.is_amount(),
        _ => t.is_amount() && same_currency(t, st),
    };
    let upto = p.start.min(st.start);
    let cands: Vec<usize> = doc
        .toks_in(ss, upto)
        .filter(|&i| {
            let t = &doc.toks[i];
            t.translation_of.is_none() && t.unit != Unit::Year && i != stated
        })
        .collect();
    let mut it = cands.iter().rev().filter(|&&i| want(&doc.toks[i]));
    let b = *it.next()?;
    let a = *it.next()?;
    let (ta, tb) = (&doc.toks[a], &doc.toks[b]);
    if !same_currency(ta, tb) {
        return None;
    }
    let between = &doc.s[ta.end..tb.start];
    if between.len() > 200 || !COMPARED.is_match(between) {
        return None;
    }
    // Only asides ("(operating margin of 18.4%)") and dates may stand between the figures and
    // the comparison words; the tail up to the stated change must restate.
    let head = &between[..COMPARED.find(between).map_or(0, |m| m.start())];
    if !restates(&strip_asides(head)) || !restates(&strip_asides(&doc.s[tb.end..upto])) {
        return None;
    }
    Some((a, b))
}

/// "(operating margin of 11.3%)": a margin printed as an aside to an amount, its name captured.
static MARGIN_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\(\s*(?P<label>(?:[a-z][a-z\-]*\s+){0,4}?)margins?\s+(?:of\s+|was\s+)?(?:approximately\s+)?$",
    )
    .expect("static regex")
});

/// Words that make the figure after them a cause of the change rather than the change.
static DRIVER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:due|driven|reflect(?:s|ed|ing)?|result(?:s|ed|ing)?|attributable|primarily|mainly|largely|partially|offset|because|related|from|including|includes|included)(?-u:\b)")
        .expect("static regex")
});

/// A margin named in prose: "Operating margin", "adjusted EBITDA margin".
static MARGIN_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<label>(?:[a-z][a-z\-]*\s+){0,3})margins?(?-u:\b)").expect("static regex")
});

/// "an increase to adjusted EBITDA margin of 170 basis points": the margin named between the
/// change word and its size.
static MARGIN_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:to|in|of)\s+(?:the\s+|our\s+)?(?:[a-z][a-z\-]*\s+){0,3}margins?\s+of\s*$")
        .expect("static regex")
});

fn words_of(label: &str) -> Vec<String> {
    label.split_whitespace().map(str::to_ascii_lowercase).collect()
}

/// "Operating income was $585 million (operating margin of 11.3%) ..., compared to ... $367 million
/// (operating margin of 7.5%) ..., or a total increase of 380 basis points" (or "Operating margin
/// increased 380 basis points" in the next sentence): a change in points whose ends are the two
/// margins printed as asides to the amounts compared. Real responses print margins this way
/// rather than as "from X% to Y%". The asides must name the same margin, be joined by "compared
/// to", and, when the statement names a margin, be that margin (an adjusted margin is another
/// measure); `(current, prior)`.
fn margin_asides(doc: &Tokenized, lo: usize, ss: usize, p: &Parts) -> Option<(usize, usize)> {
    let st = &doc.toks[p.pts?];
    let upto = p.start.min(st.start);
    // The sentence before is read only when this one opens with the change itself.
    let from = if doc.toks_in(ss, upto).any(|i| doc.toks[i].unit != Unit::Year) { ss } else { lo };
    // Both figures stand close before the change: a bounded window keeps run-on text linear.
    let from = crate::facts::ceil(doc.s, upto.saturating_sub(600)).max(from);
    let cands: Vec<(usize, Vec<String>)> = doc
        .toks_in(from, upto)
        .filter_map(|i| {
            let t = &doc.toks[i];
            if t.unit != Unit::Percent {
                return None;
            }
            let w = crate::facts::ceil(doc.s, t.start.saturating_sub(80));
            let c = MARGIN_ASIDE.captures(&doc.s[w..t.start])?;
            doc.s[t.end..].trim_start().starts_with(')').then(|| (i, words_of(&c["label"])))
        })
        .collect();
    let [.., (a, la), (b, lb)] = cands.as_slice() else { return None };
    if la != lb {
        return None;
    }
    let between = &doc.s[doc.toks[*a].end..doc.toks[*b].start];
    if between.len() > 300 || !COMPARED.is_match(between) {
        return None;
    }
    // "..., primarily driven by a 150 basis point increase in volume": a driver, not the change.
    if DRIVER_WORDS.is_match(&doc.s[doc.toks[*b].end..upto]) {
        return None;
    }
    let named = strip_asides(&doc.s[ss..st.start]);
    if let Some(c) = MARGIN_NAMED.captures_iter(&named).last() {
        let words = words_of(&c["label"]);
        let n = la.len();
        let same = words.len() >= n && words[words.len() - n..] == la[..];
        let adjusted_only_here = la.first().is_none_or(|w| w != "adjusted")
            && words.len() > n
            && words[words.len() - n - 1] == "adjusted";
        if !same || adjusted_only_here {
            return None;
        }
    }
    Some((*a, *b))
}

/// The amount a change statement restates as its current figure: the last amount before it in
/// its sentence, outside asides, of the starting figure's kind, with only restating words between.
fn current_before(doc: &Tokenized, ss: usize, p: &Parts) -> Option<usize> {
    let from = &doc.toks[p.from?];
    let upto = p.start;
    let mut depth_ok = None;
    for i in doc.toks_in(ss, upto).rev() {
        let t = &doc.toks[i];
        if t.translation_of.is_some() || t.unit == Unit::Year {
            continue;
        }
        // A figure inside an aside ("(operating margin of 11.3%)") is read past.
        if paren_depth(0, &doc.s[t.end..upto]) == 0 && doc.s[t.end..upto].contains(')') {
            let tail = &doc.s[t.end..upto];
            let open = tail.bytes().filter(|&b| b == b'(').count();
            let close = tail.bytes().filter(|&b| b == b')').count();
            if close > open {
                continue;
            }
        }
        depth_ok = Some(i);
        break;
    }
    let a = depth_ok?;
    let ta = &doc.toks[a];
    (ta.is_amount() && same_currency(ta, from) && restates(&strip_asides(&doc.s[ta.end..upto]))).then_some(a)
}

/// Text with its parenthesised asides removed.
fn strip_asides(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Parenthesis depth after `gap`, starting from `depth`.
fn paren_depth(mut depth: usize, gap: &str) -> usize {
    for c in gap.bytes() {
        match c {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// Reads the figures of one change statement: keyword at `[ks, ke)`, its segment up to `seg_end`.
fn read(doc: &Tokenized, ks: usize, ke: usize, seg_end: usize, dir: i8) -> Option<Parts> {
    let mut p = Parts { start: ks, end: ke, dir, ..Default::default() };
    // "a 29.0% increase", "a $5.2 million decrease": the size comes before the word.
    let before = doc.toks_in(0, ks);
    if let Some(i) = before.clone().last() {
        let t = &doc.toks[i];
        let gap = &doc.s[t.end..ks];
        if t.translation_of.is_none() && gap.trim().trim_matches('-').is_empty() && t.unit != Unit::Year {
            match t.unit {
                Unit::Percent => p.pct = Some(i),
                Unit::Points => p.pts = Some(i),
                _ => p.delta = Some(i),
            }
            p.start = t.start;
        }
    }
    let mut cursor = ke;
    let mut depth = 0usize;
    let mut first = p.pct.is_none() && p.delta.is_none() && p.pts.is_none();
    for i in doc.toks_in(ke, seg_end) {
        let t = &doc.toks[i];
        if t.translation_of.is_some() || t.unit == Unit::Year {
            cursor = t.end;
            continue;
        }
        let gap = &doc.s[cursor..t.start];
        let (l, words) = lead(gap);
        depth = paren_depth(depth, gap);
        cursor = t.end;
        // "to $460 million (operating margin of 18.4%) from ...": an aside is read past.
        if depth > 0 && !matches!(l, Lead::Or | Lead::From) {
            continue;
        }
        let mut used = true;
        match (l, &t.unit) {
            (Lead::By, Unit::Percent) if first && words <= 2 => p.pct = Some(i),
            (Lead::By, Unit::Points) if first && (words <= 2 || MARGIN_OF.is_match(gap)) => p.pts = Some(i),
            (Lead::By, _) if first && words <= 2 => p.delta = Some(i),
            (Lead::Or, Unit::Percent) if p.delta.is_some() && p.pct.is_none() => p.pct = Some(i),
            (Lead::From, _) if p.from.is_none() => p.from = Some(i),
            (Lead::To, _) if p.to.is_none() => p.to = Some(i),
            _ => used = false,
        }
        first = false;
        if !used {
            break;
        }
        p.end = t.end;
        if p.from.is_some() && p.to.is_some() {
            break;
        }
    }
    let any = p.pct.is_some() || p.pts.is_some() || p.delta.is_some() || p.from.is_some() || p.to.is_some();
    any.then_some(p)
}

fn same_currency(a: &Tok, b: &Tok) -> bool {
    match (a.currency(), b.currency()) {
        (Some(x), Some(y)) => x == y,
        _ => a.is_amount() == b.is_amount() || a.unit == Unit::Plain || b.unit == Unit::Plain,
    }
}

fn judge_parts(doc: &Tokenized, p: &Parts) -> Vec<Statement> {
    let t = |i: Option<usize>| i.map(|i| &doc.toks[i]);
    let (from, to, pct, pts, delta) = (t(p.from), t(p.to), t(p.pct), t(p.pts), t(p.delta));
    let bound = [from, to, pct, pts, delta].iter().flatten().any(|t| t.soft());
    let mut out = Vec::new();
    let found = |kind, stated: f64, computed: Option<f64>, verdict, note: String, tol: Option<(Iv, Iv)>| {
        let mut f = Statement::new(kind, p.start, p.end);
        f.stated = Some(stated);
        f.computed = computed;
        f.verdict = verdict;
        f.note = Some(note);
        f.tol = tol;
        f
    };
    // Ends of the change: both printed, or one derived from the other and the amount of change.
    let ends: Option<(Iv, Iv, f64, f64)> = match (from, to, delta) {
        (Some(a), Some(b), _) if same_currency(a, b) => Some((a.iv(), b.iv(), a.value, b.value)),
        (Some(a), None, Some(d)) if p.dir != 0 && a.is_amount() && same_currency(a, d) => {
            let k = f64::from(p.dir);
            Some((a.iv(), a.iv().add(&d.iv().abs().scale(k)), a.value, a.value + k * d.value.abs()))
        }
        (None, Some(b), Some(d)) if p.dir != 0 && b.is_amount() && same_currency(b, d) => {
            let k = f64::from(p.dir);
            Some((b.iv().sub(&d.iv().abs().scale(k)), b.iv(), b.value - k * d.value.abs(), b.value))
        }
        _ => None,
    };
    let Some((a, b, av, bv)) = ends else { return out };
    let (ta, tb) = (from.or(to).expect("ends come from a printed figure"), to.or(from).expect("idem"));
    let percents = ta.unit == Unit::Percent && tb.unit == Unit::Percent;
    let signed = |iv: Iv, dir: i8| match dir {
        1 => iv,
        -1 => iv.neg(),
        _ => iv.abs(),
    };
    let signed_v = |v: f64, dir: i8| match dir {
        1 => v,
        -1 => -v,
        _ => v.abs(),
    };

    if let Some(s) = pct {
        let stated = s.iv().abs();
        if percents {
            // "rose 2.0% from 30.0% to 32.0%": relative or in points? Either reading may hold.
            let rel = b.div(&a).map(|r| Iv::new(r.lo - 1.0, r.hi - 1.0).scale(100.0));
            let pts = b.sub(&a);
            let ok =
                rel.is_some_and(|r| stated.meets(&signed(r, p.dir))) || stated.meets(&signed(pts, p.dir));
            let v = if ok { Verdict::Consistent } else { Verdict::Unverifiable };
            out.push(found(
                ClaimKind::PercentChange,
                s.printed,
                Some(signed_v(bv - av, p.dir)),
                v,
                "ends are percentages: read as relative or as points".into(),
                None,
            ));
        } else if a.lo <= 0.0 || b.lo < 0.0 {
            out.push(found(
                ClaimKind::PercentChange,
                s.printed,
                None,
                Verdict::Unverifiable,
                "a percentage change from zero or a negative figure is not defined one way".into(),
                None,
            ));
        } else if let Some(r) = b.div(&a) {
            let r = Iv::new(r.lo - 1.0, r.hi - 1.0).scale(100.0);
            let point = signed_v((bv / av - 1.0) * 100.0, p.dir);
            let mut v = judge(stated, signed(r, p.dir), bound);
            let mut note = format!(
                "{:.2}%..{:.2}% allowed; recomputed {:.2}%..{:.2}%",
                stated.lo,
                stated.hi,
                signed(r, p.dir).lo,
                signed(r, p.dir).hi
            );
            if v == Verdict::Inconsistent && p.dir != 0 && stated.meets(&r.abs()) {
                v = Verdict::Unverifiable;
                note = "the size holds but the direction word disagrees with the figures".into();
            }
            let tol = Some((stated, signed(r, p.dir)));
            out.push(found(ClaimKind::PercentChange, s.printed, Some(point), v, note, tol));
        }
    }
    if let Some(s) = pts
        && percents
    {
        let stated = s.iv().abs();
        let d = signed(b.sub(&a), p.dir);
        let v = judge(stated, d, bound);
        let note =
            format!("{:.2}..{:.2} points allowed; recomputed {:.2}..{:.2}", stated.lo, stated.hi, d.lo, d.hi);
        // Points are kept in points; a figure printed in basis points reports in basis points.
        let scale = if s.printed != 0.0 { s.value / s.printed } else { 1.0 };
        let tol = Some((stated.scale(1.0 / scale), d.scale(1.0 / scale)));
        out.push(found(
            ClaimKind::PointChange,
            s.printed,
            Some(signed_v(bv - av, p.dir) / scale),
            v,
            note,
            tol,
        ));
    }
    if let Some(s) = delta
        && from.is_some()
        && to.is_some()
        && same_currency(s, ta)
        && s.is_amount()
        && ta.is_amount()
    {
        let stated = s.iv().abs();
        let d = signed(b.sub(&a), p.dir);
        let mut v = judge(stated, d, bound);
        let mut note = format!("{}..{} allowed; recomputed {}..{}", stated.lo, stated.hi, d.lo, d.hi);
        if v == Verdict::Inconsistent && p.dir != 0 && stated.meets(&b.sub(&a).abs()) {
            v = Verdict::Unverifiable;
            note = "the size holds but the direction word disagrees with the figures".into();
        }
        let tol = Some((stated.scale(1.0 / s.scale), d.scale(1.0 / s.scale)));
        out.push(found(
            ClaimKind::Difference,
            s.printed,
            Some(signed_v(bv - av, p.dir) / s.scale),
            v,
            note,
            tol,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<Statement> {
        let doc = Tokenized::new(s);
        find(&doc)
    }

    #[test]
    fn a_figure_shared_by_two_statements_is_not_a_restatement() {
        // The figure ends one statement and sizes the next: the slice between them is empty
        // the wrong way round, which once panicked (found by the fuzzer).
        let f = run("Revenue increased from $5 million to $10 million increase of 5% in 2023.");
        // Neither reading is sure of its figures, so neither is judged.
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn from_to_and_to_from() {
        let f = run(
            "Our revenues increased by 29.0% from RMB1,524.2 million in 2012 to RMB1,966.7 million (US$324.9 million) in 2013.",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].verdict, Verdict::Consistent, "{:?}", f[0]);
        let f = run(
            "Fees increased by 17.1% to RMB146.6 million (US$24.2 million) in 2013 from RMB125.2 million in 2012.",
        );
        assert_eq!(f[0].verdict, Verdict::Consistent, "{:?}", f[0]);
        let f = run("Fees increased by 18.1% to RMB146.6 million in 2013 from RMB125.2 million in 2012.");
        assert_eq!(f[0].verdict, Verdict::Inconsistent);
    }

    #[test]
    fn decreases_points_and_amounts() {
        let f = run("Gross margin decreased by 1.5 percentage points from 32.0% in 2022 to 30.5% in 2023.");
        assert_eq!((f[0].kind, f[0].verdict), (ClaimKind::PointChange, Verdict::Consistent));
        let f =
            run("Selling expenses decreased $2.1 million, or 10.5%, to $17.9 million from $20.0 million.");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.verdict == Verdict::Consistent), "{f:?}");
        let f = run("Net sales increased $5.0 million, or 10.0%, to $55.0 million.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].verdict, Verdict::Consistent, "{f:?}");
        let f = run("Net sales increased $5.0 million, or 12.0%, to $55.0 million.");
        assert_eq!(f[0].verdict, Verdict::Inconsistent, "{f:?}");
    }

    #[test]
    fn compared_to_a_named_base() {
        let f = run(
            "Operating income was $585 million, an increase of $218 million, or 59.4%, when compared to operating income of $367 million in 2020.",
        );
        // The current figure before the change is read too: the percentage and the amount hold.
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.verdict == Verdict::Consistent), "{f:?}");
        let f = run(
            "Operating income was $595 million (operating margin of 11.3%) during 2021, an increase of $218 million, or 59.4%, when compared to operating income of $367 million.",
        );
        assert_eq!(f.iter().filter(|f| f.verdict == Verdict::Inconsistent).count(), 2, "{f:?}");
    }

    #[test]
    fn stated_after_the_ends() {
        let f =
            run("Revenue rose from $40.0 million in 2022 to $50.0 million in 2023, an increase of 25.0%.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].verdict, Verdict::Consistent, "{f:?}");
    }

    #[test]
    fn bounds_and_respectively_are_never_alarms() {
        let f = run("Revenue increased by more than 40% from $40.0 million to $50.0 million.");
        assert_eq!(f[0].verdict, Verdict::Unverifiable);
        assert!(run("Revenue and costs increased by 10% and 20%, respectively, from $1 to $2.").is_empty());
    }

    fn verdicts(s: &str) -> Vec<(ClaimKind, Verdict, Option<f64>)> {
        run(s).iter().map(|f| (f.kind, f.verdict, f.stated)).collect()
    }

    #[test]
    fn a_driver_after_due_to_is_not_the_change() {
        let s = "Operating margin increased from 18.2% in 2022 to 21.0% in 2023 primarily due to a 450 basis points increase from higher prices.";
        assert!(run(s).is_empty(), "{:?}", run(s));
        let s = "Gross margin fell from 40.0% to 38.0%, driven by a 3.5 percentage point decrease in product mix.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
        // The same words restating the change are still read.
        let s = "Operating margin increased from 18.2% in 2022 to 21.0% in 2023, an increase of 280 basis points.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PointChange, Verdict::Consistent, Some(280.0))]);
    }

    #[test]
    fn both_ends_first_then_compared_to_then_the_change() {
        let s = "Subscription revenue was $640 million, compared to $410 million in the prior year, representing growth of 56%.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PercentChange, Verdict::Consistent, Some(56.0))]);
        let f = run(&s.replace("56%", "59%"));
        assert_eq!(f[0].verdict, Verdict::Inconsistent, "{f:?}");
        // A figure between the two ends that is not an aside breaks the pair.
        let s = "Revenue was $640 million, of which $90 million came from services, compared to $410 million, representing growth of 56%.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent));
    }

    #[test]
    fn full_dates_between_the_figures() {
        let s = "Net revenue increased from $85 million in the quarter ended March 31, 2021 to $132 million in the quarter ended March 31, 2022, an increase of 55%.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PercentChange, Verdict::Consistent, Some(55.0))]);
        let f = run(&s.replace("55%", "61%"));
        assert_eq!(f[0].verdict, Verdict::Inconsistent, "{f:?}");
    }

    #[test]
    fn margin_asides_and_basis_points() {
        let s = "Operating income was $460 million (operating margin of 18.4%) in 2023, compared to $410 million (operating margin of 17.1%) in 2022, an increase of 130 basis points.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PointChange, Verdict::Consistent, Some(130.0))]);
        assert_eq!(run(&s.replace("130 basis", "160 basis"))[0].verdict, Verdict::Inconsistent);
        let s = "Operating income increased 12.2% to $460 million (operating margin of 18.4%) from $410 million (operating margin of 17.1%).";
        assert_eq!(verdicts(s), vec![(ClaimKind::PercentChange, Verdict::Consistent, Some(12.2))]);
        let s = "Segment margin expanded 130 basis points to 18.4% from 17.1%.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PointChange, Verdict::Consistent, Some(130.0))]);
    }

    #[test]
    fn side_by_side_figures_never_raise_an_alarm() {
        let s = "Revenue increased by 10.0% from $400.0 million to $410 $436.0 million.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
    }

    #[test]
    fn margins_printed_as_asides_to_the_amounts_compared() {
        let s = "Segment income was $412 million (segment margin of 14.2%) in 2023, an increase of $97 million, or 30.8%, when compared to segment income of $315 million (segment margin of 11.6%) in the prior year, or a total increase of 260 basis points.";
        let f = run(s);
        let pts: Vec<_> = f.iter().filter(|f| f.kind == ClaimKind::PointChange).collect();
        assert_eq!(pts.len(), 1, "{f:?}");
        assert_eq!(pts[0].verdict, Verdict::Consistent, "{f:?}");
        let f = run(&s.replace("260 basis", "330 basis"));
        assert!(
            f.iter().any(|f| f.kind == ClaimKind::PointChange && f.verdict == Verdict::Inconsistent),
            "{f:?}"
        );
        // The change in its own sentence, right after the comparison.
        let s = "Operating income was $88 million (operating margin of 9.4%) for the quarter, compared to operating income of $61 million (operating margin of 7.1%) in the prior year quarter. Operating margin increased 230 basis points, reflecting lower freight costs.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PointChange, Verdict::Consistent, Some(230.0))]);
        // The margin named between the change word and its size.
        let s = "Adjusted EBITDA was $140 million (adjusted EBITDA margin of 22.5%), compared to adjusted EBITDA of $118 million (adjusted EBITDA margin of 20.9%), an increase to adjusted EBITDA margin of 160 basis points.";
        assert_eq!(verdicts(s), vec![(ClaimKind::PointChange, Verdict::Consistent, Some(160.0))]);
        // Another margin than the asides' is not read against them.
        let s = "Operating income was $88 million (operating margin of 9.4%), compared to $61 million (operating margin of 7.1%) in the prior year. Adjusted operating margin increased 90 basis points.";
        assert!(run(s).is_empty(), "{:?}", run(s));
        let s = "Operating income was $88 million (operating margin of 9.4%), compared to $61 million (gross margin of 7.1%) in the prior year. Margins increased 230 basis points.";
        assert!(run(s).is_empty(), "{:?}", run(s));
        // A driver after the comparison is not the change in margin.
        let s = "Operating income was $88 million (operating margin of 9.4%), compared to $61 million (operating margin of 7.1%), primarily driven by a 150 basis point increase in volume.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
        let s = "Operating income was $88 million (operating margin of 9.4%), compared to $61 million (operating margin of 7.1%) in the prior year. The change reflects a 150 basis point increase from volume.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
    }
}
