//! Components adding up to a stated total: "$10.0 million, consisting of $6.0 million of cash and
//! $4.0 million of stock", "$3.0 million, $2.0 million and $1.0 million, for a total of $6.0 million".
//!
//! Only wordings that claim the list is complete count; "including" or "primarily" lists are
//! partial and never checked.

use std::sync::LazyLock;

use corresp_model::ClaimKind;
use regex::Regex;

use crate::interval::Iv;
use crate::token::Hedge;
use crate::{Doc, Found, judge};

static CONSISTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:consisting|comprised|composed|made up|comprising|consists|consisted)\s+(?:entirely\s+|solely\s+)?of\s*$").expect("static regex")
});

static FOR_A_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,?\s*(?:(?:for|with|or)\s+(?:a|an)\s+(?:combined\s+)?(?:total|aggregate)(?:\s+amount)?\s+of|totaling|totalling|aggregating|in\s+total\s+of)\s*(?:approximately\s+)?$")
        .expect("static regex")
});

static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:including|includes|primarily|mainly|principally|among|such as|partially|partly|offset|net of|respectively|per)\b").expect("static regex")
});

/// True when the words between two listed amounts join them ("and", ",", "of cash and").
fn joins(gap: &str) -> bool {
    let g = gap.trim().trim_end_matches("approximately").trim().to_ascii_lowercase();
    let words = g.split_whitespace().count();
    (g.ends_with(',') || g.ends_with(" and") || g == "and" || g.ends_with(", and"))
        && words <= 6
        && !PARTIAL.is_match(&g)
}

pub(crate) fn find(doc: &Doc) -> Vec<Found> {
    let mut out = Vec::new();
    for &(ss, se) in &doc.sents {
        if PARTIAL.is_match(&doc.s[ss..se]) {
            continue;
        }
        let idx: Vec<usize> = doc
            .toks_in(ss, se)
            .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != crate::token::Unit::Year)
            .collect();
        for (k, &ti) in idx.iter().enumerate() {
            let t = &doc.toks[ti];
            if !t.is_money() {
                continue;
            }
            // "T, consisting of A and B": components after the total.
            if let Some(&first) = idx.get(k + 1) {
                let gap = &doc.s[t.end..doc.toks[first].start];
                let head = gap.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
                if CONSISTING.is_match(head) && head.split_whitespace().count() <= 4 {
                    let mut parts = vec![first];
                    for w in idx[k + 1..].windows(2) {
                        if !joins(&doc.s[doc.toks[w[0]].end..doc.toks[w[1]].start]) {
                            break;
                        }
                        parts.push(w[1]);
                    }
                    out.extend(judge_sum(
                        doc,
                        ti,
                        &parts,
                        t.start,
                        doc.toks[*parts.last().expect("one part at least")].end,
                    ));
                }
            }
            // "A, B and C, for a total of T": components before the total.
            if k >= 2 {
                let prev = idx[k - 1];
                if FOR_A_TOTAL.is_match(&doc.s[doc.toks[prev].end..t.start]) {
                    let mut parts = vec![prev];
                    let mut j = k - 1;
                    while j > 0 && joins(&doc.s[doc.toks[idx[j - 1]].end..doc.toks[idx[j]].start]) {
                        j -= 1;
                        parts.insert(0, idx[j]);
                    }
                    out.extend(judge_sum(doc, ti, &parts, doc.toks[parts[0]].start, t.end));
                }
            }
        }
    }
    out
}

fn judge_sum(doc: &Doc, total: usize, parts: &[usize], start: usize, end: usize) -> Option<Found> {
    let t = &doc.toks[total];
    if parts.len() < 2 || parts.iter().any(|&i| doc.toks[i].currency() != t.currency()) {
        return None;
    }
    // A complete list closes with "and" before its last item ("A, B and C"); "A, B in notes and
    // warrants" has items that are not amounts, so the amounts are not the whole.
    let n = parts.len();
    let last_gap =
        doc.s[doc.toks[parts[n - 2]].end..doc.toks[parts[n - 1]].start].trim().to_ascii_lowercase();
    if !last_gap.ends_with("and") {
        return None;
    }
    let sum = parts.iter().fold(Iv::around(0.0, 0.0), |acc, &i| acc.add(&doc.toks[i].iv()));
    let bound =
        std::iter::once(total).chain(parts.iter().copied()).any(|i| doc.toks[i].hedge == Hedge::Bound);
    let verdict = judge(t.iv(), sum, bound);
    let value: f64 = parts.iter().map(|&i| doc.toks[i].value).sum();
    Some(Found {
        kind: ClaimKind::Sum,
        start,
        end,
        stated: Some(t.printed),
        computed: Some(value / t.scale),
        verdict,
        note: Some(format!("{} parts add to {}..{}", parts.len(), sum.lo, sum.hi)),
        deps: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use corresp_model::Verdict;

    fn run(s: &str) -> Vec<Found> {
        let doc = Doc::new(s);
        find(&doc)
    }

    #[test]
    fn both_orders() {
        let f = run(
            "The consideration was $10.0 million, consisting of $6.0 million of cash and $4.0 million of stock.",
        );
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        let f = run("We paid $3.0 million, $2.0 million and $1.5 million, for a total of $6.0 million.");
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Inconsistent), "{f:?}");
    }

    #[test]
    fn partial_lists_are_not_sums() {
        assert!(
            run("Costs were $10.0 million, including $6.0 million of cash and $1.0 million of stock.")
                .is_empty()
        );
    }
}
