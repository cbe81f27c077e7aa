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
use crate::{Doc, Found, judge};

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

pub(crate) fn find(doc: &Doc) -> Vec<Found> {
    let mut out = Vec::new();
    for &(ss, se) in &doc.sents {
        let idx: Vec<usize> = doc
            .toks_in(ss, se)
            .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != Unit::Year)
            .collect();
        if idx.len() < 2 {
            continue;
        }
        out.extend(bridge(doc, ss, se, &idx));
        out.extend(written(doc, &idx));
        out.extend(rate(doc, ss, se, &idx));
    }
    out
}

fn bridge(doc: &Doc, ss: usize, se: usize, idx: &[usize]) -> Option<Found> {
    // The first amount stated as a change.
    let (k, d) = idx.iter().enumerate().find(|&(_, &i)| {
        let t = &doc.toks[i];
        let before = &doc.s[crate::facts::ceil(doc.s, t.start.saturating_sub(60)).max(ss)..t.start];
        t.is_money() && (CHANGE_BEFORE.is_match(before) || CHANGE_AFTER.is_match(&doc.s[t.end..se]))
    })?;
    let dt = &doc.toks[*d];
    let rest = &doc.s[dt.end..se];
    let m = DRIVERS.find(rest)?;
    let drivers_at = dt.end + m.end();
    // Between the change and its drivers only the change's own figures may stand (", or 10%, to
    // $1.2 billion from $1.1 billion"): at most three of them.
    let skipped = idx[k + 1..].iter().filter(|&&i| doc.toks[i].start < drivers_at).count();
    if skipped > 3 {
        return None;
    }
    let items: Vec<usize> = idx[k + 1 + skipped..].to_vec();
    if items.len() < 2 || PARTIAL.is_match(&doc.s[dt.end..se]) {
        return None;
    }
    let mut sum = Iv::around(0.0, 0.0);
    let mut value = 0.0;
    let mut sign = 1.0;
    let mut cursor = drivers_at;
    let mut soft = dt.soft();
    for (n, &i) in items.iter().enumerate() {
        let t = &doc.toks[i];
        if !t.is_money() || t.currency() != dt.currency() {
            return None;
        }
        let gap = &doc.s[cursor..t.start];
        if n > 0 && gap.split_whitespace().count() > 14 {
            return None;
        }
        if OFFSET.is_match(gap) {
            sign = -1.0;
        }
        sum = if sign > 0.0 { sum.add(&t.iv().abs()) } else { sum.sub(&t.iv().abs()) };
        value += sign * t.value.abs();
        soft |= t.soft();
        cursor = t.end;
    }
    // The list must end the sentence: no amount-less driver after the last amount's words.
    let tail = &doc.s[cursor..se];
    if tail.contains(',') && tail.split_whitespace().count() > 10 {
        return None;
    }
    let stated = dt.iv().abs();
    let mut f = Found::new(ClaimKind::Sum, dt.start, doc.toks[*items.last()?].end);
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

fn written(doc: &Doc, idx: &[usize]) -> Vec<Found> {
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

fn evaluate(operands: &[&Tok], ops: &[char], result: &Tok) -> Option<Found> {
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
    let mut f = Found::new(kind, operands[0].start, result.end);
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
fn rate(doc: &Doc, ss: usize, se: usize, idx: &[usize]) -> Option<Found> {
    let sent = &doc.s[ss..se];
    if !HYPOTHETICAL.is_match(sent) || !RATES.is_match(sent) {
        return None;
    }
    let r = *idx.iter().find(|&&i| matches!(doc.toks[i].unit, Unit::Percent | Unit::Points))?;
    let after: Vec<usize> = idx.iter().copied().filter(|&i| i > r).collect();
    let money: Vec<usize> = after.iter().copied().filter(|&i| doc.toks[i].is_money()).collect();
    if money.len() != 2 || after.len() != 2 {
        return None;
    }
    let lead = |i: usize| {
        let t = &doc.toks[i];
        &doc.s[crate::facts::ceil(doc.s, t.start.saturating_sub(50)).max(ss)..t.start]
    };
    let (p, e) = match (BY.is_match(lead(money[1])), BY.is_match(lead(money[0]))) {
        (true, _) if ON.is_match(lead(money[0])) => (money[0], money[1]),
        (false, true) if ON.is_match(lead(money[1])) => (money[1], money[0]),
        _ => return None,
    };
    let (rt, pt, et) = (&doc.toks[r], &doc.toks[p], &doc.toks[e]);
    if pt.currency() != et.currency() {
        return None;
    }
    let rv = rt.iv().scale(0.01);
    let pv = pt.iv();
    let c = [rv.lo * pv.lo, rv.lo * pv.hi, rv.hi * pv.lo, rv.hi * pv.hi];
    let computed = Iv::new(
        c.iter().copied().fold(f64::INFINITY, f64::min),
        c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let stated = et.iv().abs();
    let scale = if et.printed != 0.0 { et.value / et.printed } else { 1.0 };
    let mut f = Found::new(
        ClaimKind::Difference,
        rt.start.min(pt.start).min(et.start),
        rt.end.max(pt.end).max(et.end),
    );
    f.stated = Some(et.printed.abs());
    f.computed = Some(rt.value / 100.0 * pt.value / scale);
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

    fn run(s: &str) -> Vec<Found> {
        find(&Doc::new(s))
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
}
