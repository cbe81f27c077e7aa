//! Arithmetic that is not a change, share or translation wording:
//!
//! - bridges: a change followed by the amounts it is put down to ("increased $115 million, driven
//!   by $40 million from acquisitions and organic growth of $75 million"; "partially offset by"
//!   amounts count negative);
//! - arithmetic written out ("$54 million/$1,800 million = 3.0%", "$30 million + $20 million =
//!   $50 million");
//! - a rate applied to a principal ("a one percent change in rates on $9 billion of debt would
//!   change interest expense by $90 million").
//!
//! A bridge or a rate sentence that does not add up is `unverifiable`, never `inconsistent`: a
//! company may name only some drivers, or state an effect after tax or on part of the debt.
//! Written-out arithmetic claims to be exact and is judged like any other statement.

use std::sync::LazyLock;

use corresp_model::{ClaimKind, Verdict};
use regex::Regex;

use crate::interval::Iv;
use crate::token::{Tok, Unit};
use crate::{Statement, Tokenized, judge};

/// The change itself: an amount right after a change word, or right before one.
static CHANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:increas(?:e|ed|es)|decreas(?:e|ed|es)|grew|rose|declin(?:e|ed)|fell|improv(?:ed|ement)|growth|change)\s+(?:by\s+|of\s+)?(?:approximately\s+|about\s+)?$")
        .expect("static regex")
});
static CHANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:net\s+)?(?:increase|decrease|improvement|decline|reduction|growth)(?-u:\b)")
        .expect("static regex")
});

/// Where the drivers start.
static DRIVERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:driven\s+by|due\s+to|attributable\s+to|as\s+a\s+result\s+of|resulting\s+from|reflecting|reflects|consisting\s+of|comprised\s+of|made\s+up\s+of)(?-u:\b)")
        .expect("static regex")
});

/// Words that make a list of drivers partial by its own account.
static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:primarily|mainly|largely|principally|in\s+part|among|such\s+as|including|other\s+factors|various|several)(?-u:\b)")
        .expect("static regex")
});
static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:partially\s+|partly\s+|largely\s+)?offset(?:\s+in\s+part)?\s+by(?-u:\b)")
        .expect("static regex")
});

/// The figures of clean range `[ss, se)` that a rule may read: no translations, no years or days.
fn figures(doc: &Tokenized, ss: usize, se: usize) -> Vec<usize> {
    doc.toks_in(ss, se)
        .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != Unit::Year)
        .collect()
}

pub(crate) fn find(doc: &Tokenized) -> Vec<Statement> {
    let mut out = Vec::new();
    for (si, &(ss, se)) in doc.sents.iter().enumerate() {
        let idx = figures(doc, ss, se);
        out.extend(points_bridge(doc, si, &idx));
        out.extend(remaining(doc, si, &idx));
        if idx.len() < 2 {
            // "Revenue increased $168 million." with its drivers in the next sentence.
            if idx.len() == 1 {
                out.extend(bridge(doc, si, &idx));
            }
            continue;
        }
        out.extend(bridge(doc, si, &idx));
        out.extend(of_which(doc, &idx));
        out.extend(segment_split(doc, si, &idx));
        out.extend(written(doc, &idx));
        out.extend(rate(doc, ss, se, &idx));
    }
    out
}

/// "The increase in net income was driven by ...", "Revenue benefited from ...": a sentence that
/// opens by putting the change of the sentence before down to its drivers.
static NEXT_DRIVERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:the|this)\s+(?:net\s+)?(?:increase|decrease|change|improvement|decline|growth)(?:\s+(?:in|of)\s+[a-z][a-z\s\-]{0,60}?)?\s+(?:was|were|is)\s+(?:driven\s+by|due\s+to|attributable\s+to|the\s+result\s+of|a\s+result\s+of)|[a-z][a-z\s\-]{0,40}?\s(?:benefited|benefitted)\s+from)(?-u:\b)")
        .expect("static regex")
});

/// Words that say which way a driver moved ("increased", "lower") and whether it is a cost.
static MOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<up>increas(?:e|ed|es|ing)|higher|favorable|favourable)|(?P<down>decreas(?:e|ed|es|ing)|lower|reduc(?:ed|tion)|unfavorable|unfavourable)(?-u:\b)")
        .expect("static regex")
});
static COST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:expenses?|costs?|tax|taxes|charges?|loss|losses)(?-u:\b)")
        .expect("static regex")
});

/// The sign a driver carries in a profit bridge, from its own words: "increased operating income
/// of $134 million" adds, "increased income tax expense of $31 million" subtracts, "decreased
/// interest expense of $1 million" adds. 1 when the words do not say.
fn profit_sign(clause: &str) -> f64 {
    let Some(m) = MOVE.captures(clause) else { return 1.0 };
    let up = if m.name("up").is_some() { 1.0 } else { -1.0 };
    let cost = if COST.is_match(clause) { -1.0 } else { 1.0 };
    up * cost
}

fn bridge(doc: &Tokenized, si: usize, idx: &[usize]) -> Option<Statement> {
    let (ss, se) = doc.sents[si];
    // The first amount stated as a change.
    let (k, d) = idx.iter().enumerate().find(|&(_, &i)| {
        let t = &doc.toks[i];
        let before = &doc.s[crate::facts::ceil(doc.s, t.start.saturating_sub(60)).max(ss)..t.start];
        t.is_money() && (CHANGE_BEFORE.is_match(before) || CHANGE_AFTER.is_match(&doc.s[t.end..se]))
    })?;
    let dt = &doc.toks[*d];
    let rest = &doc.s[dt.end..se];
    let (items, drivers_at, se) = match DRIVERS.find(rest) {
        Some(m) => {
            let drivers_at = dt.end + m.end();
            // Between the change and its drivers only the change's own figures may stand (", or
            // 10%, to $1.2 billion from $1.1 billion"): at most three of them.
            let skipped = idx[k + 1..].iter().filter(|&&i| doc.toks[i].start < drivers_at).count();
            if skipped > 3 {
                return None;
            }
            (idx[k + 1 + skipped..].to_vec(), drivers_at, se)
        }
        // "... an increase of $102 million ... . The increase in net income was driven by ...":
        // the drivers in the next sentence, the change the last figure of its own sentence but
        // for its own percentage and ends.
        None => {
            let &(ns, ne) = doc.sents.get(si + 1)?;
            let m = NEXT_DRIVERS.find(&doc.s[ns..ne])?;
            if idx.len() - k - 1 > 3 {
                return None;
            }
            (figures(doc, ns, ne), ns + m.end(), ne)
        }
    };
    if items.len() < 2 || PARTIAL.is_match(&doc.s[dt.end..se]) {
        return None;
    }
    let start = dt.start;
    // "increased by $304,520 (9.7%), due to an increase in same-store sales of 6.3% and an increase
    // of 3.4% due to operating 69 more stores": drivers in percent add up to the change's own
    // percentage (counts after them are the drivers' own words).
    let own_pct = idx.get(k + 1).copied().filter(|&i| {
        doc.toks[i].unit == Unit::Percent
            && matches!(doc.s[dt.end..doc.toks[i].start].trim(), "(" | ", or" | "or")
    });
    let (dt, items) = match own_pct {
        Some(p) if doc.toks[items[0]].unit == Unit::Percent => {
            let items: Vec<usize> =
                items.iter().copied().take_while(|&i| doc.toks[i].unit == Unit::Percent).collect();
            (&doc.toks[p], items)
        }
        _ => (dt, items),
    };
    if items.len() < 2 {
        return None;
    }
    let mut sum = Iv::around(0.0, 0.0);
    let mut value = 0.0;
    // The same drivers signed by their own words, for a change in a profit measure.
    let mut signed = Iv::around(0.0, 0.0);
    let mut signed_value = 0.0;
    let mut sign = 1.0;
    let mut cursor = drivers_at;
    let mut soft = dt.soft();
    for (n, &i) in items.iter().enumerate() {
        let t = &doc.toks[i];
        if t.unit != dt.unit {
            return None;
        }
        let gap = &doc.s[cursor..t.start];
        if n > 0 && gap.split_whitespace().count() > 16 {
            return None;
        }
        if OFFSET.is_match(gap) {
            sign = -1.0;
        }
        sum = if sign > 0.0 { sum.add(&t.iv().abs()) } else { sum.sub(&t.iv().abs()) };
        value += sign * t.value.abs();
        let clause = gap.rsplit([',', ';']).next().unwrap_or(gap);
        let k = sign * profit_sign(clause);
        signed = if k > 0.0 { signed.add(&t.iv().abs()) } else { signed.sub(&t.iv().abs()) };
        signed_value += k * t.value.abs();
        soft |= t.soft();
        cursor = t.end;
    }
    // The list must end the sentence: no amount-less driver after the last amount's words.
    let tail = &doc.s[cursor..se];
    if tail.contains(',') && tail.split_whitespace().count() > 10 {
        return None;
    }
    let stated = dt.iv().abs();
    if !stated.meets(&sum) && stated.meets(&signed) {
        sum = signed;
        value = signed_value;
    }
    let mut f = Statement::new(ClaimKind::Sum, start, doc.toks[*items.last()?].end);
    f.stated = Some(dt.printed.abs());
    f.computed = Some(value / dt.scale);
    f.tol = Some((stated.scale(1.0 / dt.scale), sum.scale(1.0 / dt.scale)));
    if stated.meets(&sum) {
        f.verdict = Verdict::Consistent;
        f.note = Some(format!("the {} amounts the change is put down to add up to it", items.len()));
    } else {
        f.verdict = Verdict::Unverifiable;
        f.note = Some(format!(
            "the amounts the change is put down to add to {}, not {}: the list may leave drivers out{}",
            crate::round(value / dt.scale),
            dt.printed.abs(),
            if soft { " (and a figure is a bound or doubtful)" } else { "" }
        ));
    }
    Some(f)
}

/// A change in points stated as a whole: "a total increase of 380 basis points", "Operating
/// margin increased 480 basis points".
static POINTS_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:increas(?:e|ed)|decreas(?:e|ed)|expan(?:ded|sion)|improv(?:ed|ement)|declin(?:e|ed)|contract(?:ed|ion)|compress(?:ed|ion))\s+(?:by\s+|of\s+)?(?:approximately\s+|about\s+)?$")
        .expect("static regex")
});

/// Words that open the list of what makes up a change in margin.
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:includ(?:ed|es|ing)|driven\s+by|due\s+to|attributable\s+to|reflect(?:ed|s|ing)?|consist(?:ed|s|ing)\s+of|comprised\s+of|made\s+up\s+of|as\s+a\s+result\s+of)(?-u:\b)")
        .expect("static regex")
});

/// "Operating margin increased 380 basis points. Margin expansion included favorable impacts of
/// 280 basis points from ..., as well as 715 basis points from ..., which were driven by a 390
/// basis point increase ... and 90 basis points .... Margin expansion was offset by negative
/// impacts of 615 basis points driven by ...": a margin bridge, written over the sentences that
/// follow the change. Its top-level impacts add up (offsets negative); figures after "driven by"
/// in a sentence detail the impact before them and are not added again. It ends at the first
/// sentence without a figure in points, and reads at most four.
///
/// Like any bridge it is `consistent` or `unverifiable`, never an alarm: the details are often
/// partial, and an offset may be named without an amount ("partially offset by increases in
/// amortization"), which leaves the bridge open.
fn points_bridge(doc: &Tokenized, si: usize, idx: &[usize]) -> Option<Statement> {
    let (ss, se) = doc.sents[si];
    let (k, &ti) = idx.iter().enumerate().find(|&(_, &i)| {
        let t = &doc.toks[i];
        let w = crate::facts::ceil(doc.s, t.start.saturating_sub(60)).max(ss);
        t.unit == Unit::Points && POINTS_CHANGE.is_match(&doc.s[w..t.start])
    })?;
    let total = &doc.toks[ti];
    // A detail of another impact ("driven by a 390 basis point increase") is no total.
    let before = &doc.s[ss..total.start];
    if DRIVERS.is_match(before) || OFFSET.is_match(before) || PARTIAL_POINTS.is_match(&doc.s[ss..se]) {
        return None;
    }
    let mut items: Vec<(usize, f64)> = Vec::new();
    let mut open = false;
    let mut introduced = false;
    let mut runs: Vec<(usize, usize, Vec<usize>)> = vec![(total.end, se, idx[k + 1..].to_vec())];
    for &(ns, ne) in doc.sents.iter().skip(si + 1).take(4) {
        let f = figures(doc, ns, ne);
        if f.is_empty() || f.iter().any(|&i| doc.toks[i].unit != Unit::Points) {
            break;
        }
        runs.push((ns, ne, f));
    }
    for (from, to, figs) in &runs {
        let (mut cursor, mut sign, mut detail) = (*from, 1.0, false);
        for &i in figs {
            let t = &doc.toks[i];
            if t.unit != Unit::Points {
                return None;
            }
            let gap = &doc.s[cursor..t.start];
            introduced |= INTRO.is_match(gap);
            if OFFSET.is_match(gap) || NEGATIVE.is_match(gap) {
                sign = -1.0;
                detail = false;
            }
            if DRIVERS.is_match(gap) && !items.is_empty() && !OFFSET.is_match(gap) {
                detail = true;
            }
            if !detail {
                items.push((i, sign));
            }
            cursor = t.end;
        }
        // "partially offset by increases in amortization": an impact with no figure.
        if OFFSET.is_match(&doc.s[cursor..*to]) {
            open = true;
        }
    }
    if items.len() < 2 || !introduced {
        return None;
    }
    let mut sum = Iv::around(0.0, 0.0);
    let mut value = 0.0;
    for &(i, sign) in &items {
        let t = &doc.toks[i];
        sum = if sign > 0.0 { sum.add(&t.iv().abs()) } else { sum.sub(&t.iv().abs()) };
        value += sign * t.value.abs();
    }
    let scale = if total.printed != 0.0 { total.value / total.printed } else { 1.0 };
    let stated = total.iv().abs();
    let last = items.iter().map(|&(i, _)| doc.toks[i].end).max()?;
    let mut f = Statement::new(ClaimKind::Sum, total.start, last);
    f.stated = Some(total.printed.abs());
    f.computed = Some(value / scale);
    f.tol = Some((stated.scale(1.0 / scale), sum.scale(1.0 / scale)));
    if stated.meets(&sum) && !open {
        f.verdict = Verdict::Consistent;
        f.note =
            Some(format!("the {} impacts the change in margin is put down to add up to it", items.len()));
    } else {
        f.note = Some(format!(
            "the impacts add to {}, not {}: an impact may be named without its amount",
            crate::round(value / scale),
            total.printed.abs()
        ));
    }
    Some(f)
}

/// An impact that lowers the margin, named as such.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:negative|unfavorable|unfavourable|adverse)\s+(?:[a-z]+\s+){0,2}?impacts?(?-u:\b)",
    )
    .expect("static regex")
});

/// A margin bridge its own words call partial.
static PARTIAL_POINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:respectively|among\s+other|other\s+factors|such\s+as)(?-u:\b)")
        .expect("static regex")
});

/// "$244 million, of which": the parts of an amount named next.
static OF_WHICH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,?\s*(?:\([^)]{0,80}\)\s*,?\s*)?of\s+which\s+(?:approximately\s+|about\s+)?$")
        .expect("static regex")
});

/// The words before the last part of an "of which" list: "and", "and an additional".
static AND_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)and(?:\s+an?\s+additional|\s+the\s+remaining|\s+the\s+remainder\s+of|\s+the\s+other)?\s*(?:approximately\s+|about\s+)?$")
        .expect("static regex")
});

/// "severance costs of $353 million, of which $308 million were related to the May action ...,
/// and an additional $45 million which were recorded later"; "$244 million, of which $171 million
/// related to one integration and $73 million related to the other": an amount and the parts it
/// is split into. Companies also write "of which" for a part alone, so a split that does not add
/// up is `unverifiable`, never an alarm.
fn of_which(doc: &Tokenized, idx: &[usize]) -> Vec<Statement> {
    let mut out = Vec::new();
    for (k, w) in idx.windows(2).enumerate() {
        let (t, a) = (&doc.toks[w[0]], &doc.toks[w[1]]);
        if !t.is_money() || !OF_WHICH.is_match(&doc.s[t.end..a.start]) || a.unit != t.unit {
            continue;
        }
        let mut parts = vec![w[1]];
        let mut closed = false;
        for &i in idx[k + 2..].iter().take(12) {
            let prev = &doc.toks[*parts.last().expect("one part")];
            let gap = strip_parens(&doc.s[prev.end..doc.toks[i].start]);
            if doc.toks[i].unit != t.unit || gap.split_whitespace().count() > 24 || closed {
                break;
            }
            if AND_LAST.is_match(&gap) {
                closed = true;
            } else if !gap.trim_end().ends_with(',') {
                break;
            }
            parts.push(i);
        }
        if !closed || parts.len() < 2 {
            continue;
        }
        let last = doc.toks[*parts.last().expect("two parts")].end;
        out.push(split(doc, w[0], &parts, t.start, last, "the amount's parts"));
    }
    out
}

/// Text without its parenthesised asides.
fn strip_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A total against parts that should add up to it: `consistent`, else `unverifiable`.
fn split(doc: &Tokenized, total: usize, parts: &[usize], start: usize, end: usize, what: &str) -> Statement {
    let t = &doc.toks[total];
    let sum = parts.iter().fold(Iv::around(0.0, 0.0), |acc, &i| acc.add(&doc.toks[i].iv()));
    let value: f64 = parts.iter().map(|&i| doc.toks[i].value).sum();
    let scale = if t.printed != 0.0 { t.value / t.printed } else { 1.0 };
    let mut f = Statement::new(ClaimKind::Sum, start, end);
    f.stated = Some(t.printed);
    f.computed = Some(value / scale);
    f.tol = Some((t.iv().scale(1.0 / scale), sum.scale(1.0 / scale)));
    if t.iv().meets(&sum) {
        f.verdict = Verdict::Consistent;
        f.note = Some(format!("{what} add up to it"));
    } else {
        f.note = Some(format!(
            "{what} add to {}, not {}: the split may be partial",
            crate::round(value / scale),
            t.printed
        ));
    }
    f
}

/// "the remaining $495 million", "the balance of $12 million".
static REMAINING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:remaining|remainder\s+of|balance\s+of)\s+(?:the\s+)?(?:approximately\s+|about\s+)?$",
    )
    .expect("static regex")
});
/// "$494 million of this outstanding balance": a part of the amount named before.
static OF_THIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:of\s+(?:this|that|these|those|such|the)|of\s+which)(?-u:\b)")
        .expect("static regex")
});

/// "Borrowings were $989 million. We intend to repay approximately $494 million of this balance
/// .... Management intends to maintain the remaining $495 million ...": an amount, a part of
/// it, and the rest, over up to three sentences. `consistent` or `unverifiable`.
fn remaining(doc: &Tokenized, si: usize, idx: &[usize]) -> Vec<Statement> {
    let mut out = Vec::new();
    let lo = doc.sents[si.saturating_sub(2)].0;
    let lo = |at: usize| crate::facts::ceil(doc.s, at.saturating_sub(800)).max(lo);
    for &z in idx {
        let zt = &doc.toks[z];
        let w = crate::facts::ceil(doc.s, zt.start.saturating_sub(40));
        if !zt.is_money() || !REMAINING.is_match(&doc.s[w..zt.start]) {
            continue;
        }
        let money: Vec<usize> = doc
            .toks_in(lo(zt.start), zt.start)
            .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].is_money())
            .collect();
        let [.., t, p] = money.as_slice() else { continue };
        let (tt, pt) = (&doc.toks[*t], &doc.toks[*p]);
        if tt.currency() != zt.currency()
            || pt.currency() != zt.currency()
            || !OF_THIS.is_match(&doc.s[pt.end..])
        {
            continue;
        }
        out.push(split(doc, *t, &[*p, z], tt.start, zt.end, "the part and the rest"));
    }
    out
}

/// "severance costs of": the measure an amount is stated for, its last two words captured.
static MEASURE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<m>[a-z][a-z\-]*\s+[a-z][a-z\-]*)\s+(?:of|totaling|totalling)\s+(?:approximately\s+)?$")
        .expect("static regex")
});

/// ", " or ", and " after an item of a split by segment: "$78 million in the Wealth Management
/// business segment, and".
static IN_SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:in|for|from)\s+(?:the\s+|our\s+|its\s+)?(?:[A-Za-z&'\-]+\s+){0,5}?(?:business\s+)?(?:segments?|regions?|divisions?|units?)\s*(?P<j>,\s*and|,|and)\s+(?:approximately\s+)?$")
        .expect("static regex")
});

/// "Expenses included severance costs of $308 million .... We recorded severance costs of $207
/// million in the Institutional Securities business segment, $78 million in the Wealth
/// Management business segment, and $23 million in the Investment Management business segment":
/// a split by segment of an amount named, for the same measure, up to three sentences before.
/// `consistent` or `unverifiable`: a split may leave out a segment or a corporate line.
fn segment_split(doc: &Tokenized, si: usize, idx: &[usize]) -> Option<Statement> {
    let (ss, _) = doc.sents[si];
    let first = *idx.first()?;
    let ft = &doc.toks[first];
    let w = crate::facts::ceil(doc.s, ft.start.saturating_sub(60)).max(ss);
    let measure = MEASURE_OF.captures(&doc.s[w..ft.start])?["m"].to_ascii_lowercase();
    let mut parts = vec![first];
    let mut closed = false;
    for &i in idx[1..].iter().take(12) {
        let prev = &doc.toks[*parts.last().expect("one part")];
        let Some(c) = IN_SEGMENT.captures(&doc.s[prev.end..doc.toks[i].start]) else { break };
        if doc.toks[i].unit != ft.unit || closed {
            return None;
        }
        closed = c["j"].contains("and");
        parts.push(i);
    }
    if !closed || parts.len() < 2 {
        return None;
    }
    // The total: the nearest amount before, within three sentences, stated for the same measure.
    let lo = doc.sents[si.saturating_sub(3)].0;
    let lo = crate::facts::ceil(doc.s, ss.saturating_sub(1500)).max(lo);
    let total = doc.toks_in(lo, ss).rev().find(|&i| {
        let t = &doc.toks[i];
        let w = crate::facts::ceil(doc.s, t.start.saturating_sub(60)).max(lo);
        t.unit == ft.unit
            && MEASURE_OF.captures(&doc.s[w..t.start]).is_some_and(|c| c["m"].to_ascii_lowercase() == measure)
    })?;
    let last = doc.toks[*parts.last().expect("two parts")].end;
    Some(split(doc, total, &parts, doc.toks[total].start, last, "the segments' amounts"))
}

/// An operator between two figures, written out.
fn operator(gap: &str) -> Option<char> {
    match gap.trim() {
        "/" | "\u{f7}" => Some('/'),
        "x" | "X" | "\u{d7}" | "*" => Some('*'),
        "+" => Some('+'),
        "-" | "\u{2014}" => Some('-'),
        _ => None,
    }
}

fn written(doc: &Tokenized, idx: &[usize]) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut k = 0;
    while k + 2 < idx.len() {
        let mut j = k;
        let mut ops = Vec::new();
        while j + 1 < idx.len() {
            let gap = &doc.s[doc.toks[idx[j]].end..doc.toks[idx[j + 1]].start];
            match operator(gap) {
                Some(o) => ops.push(o),
                None => break,
            }
            j += 1;
        }
        if ops.is_empty() || j + 1 >= idx.len() {
            k = j + 1;
            continue;
        }
        let eq = &doc.s[doc.toks[idx[j]].end..doc.toks[idx[j + 1]].start];
        let eq = eq.trim().trim_start_matches(')').trim_end_matches('(').trim().to_ascii_lowercase();
        if !matches!(eq.as_str(), "=" | "equals" | "or" | "is") {
            k = j + 1;
            continue;
        }
        let operands: Vec<&Tok> = idx[k..=j].iter().map(|&i| &doc.toks[i]).collect();
        let result = &doc.toks[idx[j + 1]];
        if let Some(f) = evaluate(&operands, &ops, result) {
            out.push(f);
        }
        k = j + 2;
    }
    out
}

fn evaluate(operands: &[&Tok], ops: &[char], result: &Tok) -> Option<Statement> {
    // A percentage operand or result stands for its fraction.
    let iv = |t: &Tok| if t.unit == Unit::Percent { t.iv().scale(0.01) } else { t.iv() };
    let val = |t: &Tok| if t.unit == Unit::Percent { t.value / 100.0 } else { t.value };
    let mut acc = iv(operands[0]);
    let mut v = val(operands[0]);
    for (o, t) in ops.iter().zip(&operands[1..]) {
        match o {
            '+' => {
                acc = acc.add(&iv(t));
                v += val(t);
            }
            '-' => {
                acc = acc.sub(&iv(t));
                v -= val(t);
            }
            '*' => {
                let b = iv(t);
                let c = [acc.lo * b.lo, acc.lo * b.hi, acc.hi * b.lo, acc.hi * b.hi];
                acc = Iv::new(
                    c.iter().copied().fold(f64::INFINITY, f64::min),
                    c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                );
                v *= val(t);
            }
            _ => {
                acc = acc.div(&iv(t))?;
                v /= val(t);
            }
        }
    }
    let kind = if ops.contains(&'/') {
        ClaimKind::ShareOfTotal
    } else if ops.contains(&'*') {
        ClaimKind::Difference
    } else {
        ClaimKind::Sum
    };
    // Report in the result's printed units.
    let unit = if result.unit == Unit::Percent {
        0.01
    } else {
        result.value / if result.printed != 0.0 { result.printed } else { 1.0 }
    };
    if unit == 0.0 || !unit.is_finite() {
        return None;
    }
    let stated = iv(result);
    let soft = result.soft() || operands.iter().any(|t| t.soft());
    let mut f = Statement::new(kind, operands[0].start, result.end);
    f.stated = Some(result.printed);
    f.computed = Some(v / unit);
    f.verdict = judge(stated, acc, soft);
    f.tol = Some((stated.scale(1.0 / unit), acc.scale(1.0 / unit)));
    f.note = Some("arithmetic written out, recomputed".into());
    Some(f)
}

static HYPOTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:would|could|hypothetical)(?-u:\b)").expect("static regex"));
static RATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:interest|rates?|exchange|yield)(?-u:\b)").expect("static regex")
});
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:by|of)\s+(?:approximately\s+|about\s+)?$").expect("static regex")
});
static ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:on|of|in|to)\s+(?:(?:the|our|its|a|an|total|aggregate|approximately|about)\s+)*$",
    )
    .expect("static regex")
});

/// "a one percent change in rates on $9 billion of debt would change interest expense by $90 million".
fn rate(doc: &Tokenized, ss: usize, se: usize, idx: &[usize]) -> Vec<Statement> {
    let sent = &doc.s[ss..se];
    if !HYPOTHETICAL.is_match(sent) || !RATES.is_match(sent) {
        return Vec::new();
    }
    let Some(&r) = idx.iter().find(|&&i| matches!(doc.toks[i].unit, Unit::Percent | Unit::Points)) else {
        return Vec::new();
    };
    let after: Vec<usize> = idx.iter().copied().filter(|&i| i > r).collect();
    let money: Vec<usize> = after.iter().copied().filter(|&i| doc.toks[i].is_money()).collect();
    if money.len() < 2 || after.len() != money.len() {
        return Vec::new();
    }
    let lead = |i: usize| {
        let t = &doc.toks[i];
        &doc.s[crate::facts::ceil(doc.s, t.start.saturating_sub(50)).max(ss)..t.start]
    };
    if money.len() > 2 {
        return rate_by_period(doc, r, &money, se, lead);
    }
    let (p, e) = match (BY.is_match(lead(money[1])), BY.is_match(lead(money[0]))) {
        (true, _) if ON.is_match(lead(money[0])) => (money[0], money[1]),
        (false, true) if ON.is_match(lead(money[1])) => (money[1], money[0]),
        _ => return Vec::new(),
    };
    rate_effect(doc, r, p, e, 1.0).into_iter().collect()
}

/// A period named after the effects of a rate change: its share of a year.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?P<m>three|six|nine|twelve)\s+months|year|annual|annually)(?-u:\b)")
        .expect("static regex")
});

/// "A one percent change in the rate of the $13 billion ... would change interest expense by $33
/// million and $130 million for the three months ended March 31 and for the year ended December
/// 31, respectively": one effect per period named, each the annual effect times the period's
/// share of a year.
fn rate_by_period<'a>(
    doc: &'a Tokenized,
    r: usize,
    money: &[usize],
    se: usize,
    lead: impl Fn(usize) -> &'a str,
) -> Vec<Statement> {
    let (p, effects) = (money[0], &money[1..]);
    if !ON.is_match(lead(p)) || !BY.is_match(lead(effects[0])) {
        return Vec::new();
    }
    let joined = effects.windows(2).all(|w| {
        let g = doc.s[doc.toks[w[0]].end..doc.toks[w[1]].start].trim().to_ascii_lowercase();
        matches!(g.as_str(), "and" | "," | ", and")
    });
    let last = doc.toks[*effects.last().expect("two effects at least")].end;
    let tail = &doc.s[last..se];
    if !joined || !tail.to_ascii_lowercase().contains("respectively") {
        return Vec::new();
    }
    let periods: Vec<f64> = PERIOD
        .captures_iter(tail)
        .map(|c| match c.name("m").map(|m| m.as_str().to_ascii_lowercase()) {
            Some(m) if m == "three" => 0.25,
            Some(m) if m == "six" => 0.5,
            Some(m) if m == "nine" => 0.75,
            _ => 1.0,
        })
        .collect();
    if periods.len() != effects.len() {
        return Vec::new();
    }
    effects.iter().zip(periods).filter_map(|(&e, k)| rate_effect(doc, r, p, e, k)).collect()
}

/// The effect `e` of rate `r` on principal `p` over `k` of a year.
fn rate_effect(doc: &Tokenized, r: usize, p: usize, e: usize, k: f64) -> Option<Statement> {
    let (rt, pt, et) = (&doc.toks[r], &doc.toks[p], &doc.toks[e]);
    if pt.currency() != et.currency() {
        return None;
    }
    let rt_iv = rt.iv().scale(k);
    let rv = rt_iv.scale(0.01);
    let pv = pt.iv();
    let c = [rv.lo * pv.lo, rv.lo * pv.hi, rv.hi * pv.lo, rv.hi * pv.hi];
    let computed = Iv::new(
        c.iter().copied().fold(f64::INFINITY, f64::min),
        c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let stated = et.iv().abs();
    let scale = if et.printed != 0.0 { et.value / et.printed } else { 1.0 };
    let mut f = Statement::new(
        ClaimKind::Difference,
        rt.start.min(pt.start).min(et.start),
        rt.end.max(pt.end).max(et.end),
    );
    f.stated = Some(et.printed.abs());
    f.computed = Some(k * rt.value / 100.0 * pt.value / scale);
    f.tol = Some((stated.scale(1.0 / scale), computed.scale(1.0 / scale)));
    if stated.meets(&computed) {
        f.verdict = Verdict::Consistent;
        f.note = Some("rate change times principal".into());
    } else {
        f.note = Some("rate change times principal differs: the effect may be after tax, annualised or on part of the amount".into());
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<Statement> {
        find(&Tokenized::new(s))
    }

    #[test]
    fn bridges_add_up_or_say_nothing() {
        let s = "Net sales increased $115 million, driven by $40 million from acquisitions and organic growth of $75 million.";
        let f = run(s);
        assert_eq!((f.len(), f[0].kind, f[0].verdict), (1, ClaimKind::Sum, Verdict::Consistent), "{f:?}");
        let s = "Operating income increased $30 million, reflecting $45 million from higher volumes and $10 million from pricing, partially offset by $25 million of higher freight costs.";
        assert_eq!(run(s)[0].verdict, Verdict::Consistent, "{:?}", run(s));
        let f = run(&s.replace("$10 million", "$20 million"));
        assert_eq!(f[0].verdict, Verdict::Unverifiable, "{f:?}");
        assert!(run("Net sales increased $115 million, primarily driven by $40 million from acquisitions and $60 million of price.").is_empty());
    }

    #[test]
    fn arithmetic_written_out() {
        let f = run("The ratio is $54 million/$1,800 million = 3.0%, below our threshold.");
        assert_eq!(
            (f.len(), f[0].kind, f[0].verdict),
            (1, ClaimKind::ShareOfTotal, Verdict::Consistent),
            "{f:?}"
        );
        assert_eq!(run("The ratio is $54 million/$1,800 million = 3.4%.")[0].verdict, Verdict::Inconsistent);
        let f = run("Total costs were $30.5 million + $20.0 million = $50.5 million.");
        assert_eq!((f[0].kind, f[0].verdict), (ClaimKind::Sum, Verdict::Consistent), "{f:?}");
    }

    #[test]
    fn rate_times_principal() {
        let s = "A one percent change in interest rates on our $9 billion of variable-rate debt would change annual interest expense by approximately $90 million.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        let s = "A hypothetical 50 basis point increase in rates on $2.0 billion of floating-rate borrowings would increase interest expense by $10.0 million.";
        assert_eq!(run(s)[0].verdict, Verdict::Consistent, "{:?}", run(s));
        assert_eq!(run(&s.replace("$10.0", "$14.0"))[0].verdict, Verdict::Unverifiable);
    }

    #[test]
    fn margin_bridges_over_the_sentences_that_follow() {
        let s = "Operating margin increased 250 basis points. The expansion included favorable impacts of 120 basis points from lower restructuring costs, as well as 410 basis points from operating gains, which were driven by a 300 basis point increase from productivity and 60 basis points from price. Margin expansion was offset by negative impacts of 280 basis points driven by 200 basis points of inflation. Adjusted operating income was $210 million.";
        let f = run(s);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].kind, f[0].verdict, f[0].computed.map(crate::round)),
            (ClaimKind::Sum, Verdict::Consistent, Some(250.0)),
            "{f:?}"
        );
        // Impacts that do not add up, or an offset named without its amount, say nothing.
        assert_eq!(run(&s.replace("410 basis", "450 basis"))[0].verdict, Verdict::Unverifiable);
        let open = "Segment margin increased 90 basis points, which included favorable impacts of 60 basis points from volume, partially offset by higher amortization. The expansion also included 30 basis points of price realization.";
        let f = run(open);
        assert!(f.iter().all(|f| f.verdict == Verdict::Unverifiable), "{f:?}");
        // A detail figure is never read as the total.
        let s = "Margin expansion was driven by a 120 basis point increase from volume and 40 basis points of price.";
        assert!(run(s).is_empty(), "{:?}", run(s));
    }

    #[test]
    fn drivers_in_the_next_sentence_and_signed_by_their_words() {
        let s = "Segment revenue increased $74 million, or 6.2%, to $1,268 million in 2023. Revenue benefited from $29 million of foreign currency translation, with the change at constant currency coming entirely from organic growth of $45 million.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        let s = "Net income was $148 million, an increase of $61 million as compared to $87 million in the prior year. The increase in net income was driven by increased operating income of $90 million, decreased other income of $4 million, decreased interest expense of $3 million and increased income tax expense of $28 million.";
        let f = run(s);
        assert_eq!(
            (f.len(), f[0].verdict, f[0].computed.map(crate::round)),
            (1, Verdict::Consistent, Some(61.0)),
            "{f:?}"
        );
        assert_eq!(run(&s.replace("$28 million", "$24 million"))[0].verdict, Verdict::Unverifiable);
        // A next sentence that does not open with the change's drivers is not read.
        let s = "Revenue increased $74 million in 2023. Costs of $29 million and $45 million were incurred.";
        assert!(run(s).is_empty(), "{:?}", run(s));
    }

    #[test]
    fn rate_effects_per_period_respectively() {
        let s = "A one percent change in the assumed interest rate of the $6 billion in new borrowings would increase or decrease interest expense by $15 million and $60 million for the three months ended March 31, 2023 and for the year ended December 31, 2022, respectively.";
        let f = run(s);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.verdict == Verdict::Consistent), "{f:?}");
        let f = run(&s.replace("$60 million", "$75 million"));
        assert_eq!(
            f.iter().map(|f| f.verdict).collect::<Vec<_>>(),
            vec![Verdict::Consistent, Verdict::Unverifiable]
        );
        // Periods that cannot be paired with the effects: nothing.
        assert!(run(&s.replace(" and for the year ended December 31, 2022", "")).is_empty());
    }

    #[test]
    fn drivers_in_percent_add_to_the_change_in_percent() {
        let s = "Merchandise revenue increased by $212,400 (8.4%), due to an increase in same-store sales of 5.1% and an increase of 3.3% due to operating 41 more stores than a year ago.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict, f[0].stated), (1, Verdict::Consistent, Some(8.4)), "{f:?}");
        assert_eq!(run(&s.replace("3.3%", "4.3%"))[0].verdict, Verdict::Unverifiable);
    }

    #[test]
    fn amounts_split_with_of_which_and_the_remaining() {
        let s = "We recognized severance costs of $412 million, of which $298 million were related to the March 2023 action (the \"first action\"), and an additional $114 million which were recorded in the fourth quarter.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        assert_eq!(run(&s.replace("$114", "$14"))[0].verdict, Verdict::Unverifiable);
        let s = "Integration expenses were $318 million, of which $205 million related to the first business and $113 million related to the second.";
        assert_eq!(run(s)[0].verdict, Verdict::Consistent, "{:?}", run(s));
        // A part alone is no split.
        assert!(
            run("Expenses were $318 million, of which $205 million related to the first business.")
                .is_empty()
        );
        let s = "Borrowings outstanding were $1,204 million at year end. We intend to repay approximately $610 million of this balance within 12 months from operating cash. We intend to keep the remaining $594 million outstanding.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        assert_eq!(run(&s.replace("$594", "$694"))[0].verdict, Verdict::Unverifiable);
    }

    #[test]
    fn a_split_by_segment_of_an_amount_named_before() {
        let s = "For the half year, expenses included restructuring charges of $412 million, associated with the plan announced in March. The plan affected about 3% of staff. We recorded restructuring charges of $250 million in the Consumer business segment, $121 million in the Commercial business segment, and $41 million in the Asset Management business segment.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        assert_eq!(run(&s.replace("$121", "$101"))[0].verdict, Verdict::Unverifiable);
        // Another measure is no total.
        let s = s.replace("restructuring charges of $412", "legal costs of $412");
        assert!(run(&s).is_empty(), "{:?}", run(&s));
    }
}
