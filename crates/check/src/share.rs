//! Shares of a total: "RMB145.8 million in 2013, which accounted for 7.4% of total net revenues",
//! "$82 million, or 0.6% of our total revenue of $12.9 billion".

use std::sync::LazyLock;

use corresp_model::ClaimKind;
use regex::Regex;

use crate::facts::{self, Facts};
use crate::interval::Iv;
use crate::token::Unit;
use crate::{Statement, Tokenized, judge};

/// Words between the part and its percentage, once translations and years are removed.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s,]*(?:which|that|and)?\s*(?:accounted for|accounts for|account for|accounting for|represented|represents|represent|representing|comprised|comprising|constituted|constituting|made up|or|being)\s*(?:approximately|about|roughly|around)?\s*$",
    )
    .expect("static regex")
});

/// "of total net revenues", up to where the measure's name ends; an inline total may follow.
static OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+of\s+(?P<m>(?:our|the|its|total|consolidated)\s+(?:[a-z][a-z'\u{2019}\-]*\s*){1,6}?)(?:\s+(?:in|for|during)\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)(?-u:\b)|\s+of\s+(?P<inline>(?:approximately\s+)?\S)|[,.;)]|\s+(?:as|and|which|compared|versus|while|during|for|in)(?-u:\b)|$)")
        .expect("static regex")
});

static OF_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+of\s+(?:(?:the|our|its|their|a|an|total|combined|aggregate|overall)\s+)*(?:approximately\s+|about\s+)?$")
        .expect("static regex")
});

static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\([^)]*\)|(?-u:\b)(?:in|for|during)\s+(?:fiscal\s+)?(?:19|20)\d\d(?-u:\b)")
        .expect("static regex")
});

pub(crate) fn find(doc: &Tokenized, facts: &Facts) -> Vec<Statement> {
    let mut out = Vec::new();
    for &(ss, se) in &doc.sents {
        if doc.s[ss..se].to_ascii_lowercase().contains("respectively") {
            continue;
        }
        let range = doc.toks_in(ss, se);
        for p in range.clone() {
            let pt = &doc.toks[p];
            if pt.unit != Unit::Percent {
                continue;
            }
            // "or 62% of the $339 million": the total printed right after, with no measure named.
            let next_amount = doc.toks_in(pt.end, se).find(|&i| doc.toks[i].unit != Unit::Year);
            let amount_total = next_amount
                .filter(|&i| doc.toks[i].is_money() && OF_AMOUNT.is_match(&doc.s[pt.end..doc.toks[i].start]));
            let c = OF_TOTAL.captures(&doc.s[pt.end..se]);
            if c.is_none() && amount_total.is_none() {
                continue;
            }
            let metric_m = c.as_ref().and_then(|c| c.name("m"));
            let metric = metric_m.map(|m| facts::normalise(m.as_str())).unwrap_or_default();
            if metric.is_empty() && amount_total.is_none() {
                continue;
            }
            // The part: the last amount before the percentage, tied to it by "which accounted for".
            let Some(part) = range.clone().filter(|&i| i < p).rev().find(|&i| {
                let t = &doc.toks[i];
                t.translation_of.is_none() && t.unit != Unit::Year
            }) else {
                continue;
            };
            let pa = &doc.toks[part];
            if !pa.is_money() {
                continue;
            }
            if pt.start - pa.end > 300 {
                continue;
            }
            let between = NOISE.replace_all(&doc.s[pa.end..pt.start], "");
            if !LINK.is_match(&between) {
                continue;
            }
            let end = metric_m.map_or(pt.end, |m| pt.end + m.start() + m.as_str().trim_end().len());
            let year = facts::year_after(doc, part)
                .or_else(|| c.as_ref().and_then(|c| c.name("y")).and_then(|y| y.as_str().parse().ok()))
                .or_else(|| year_before(doc, ss, part));
            // The total: inline ("of our total revenue of $12.9 billion") or named elsewhere.
            let (total, deps, end) = if let Some(i) = amount_total {
                (Some(i), Vec::new(), doc.toks[i].end)
            } else if c.as_ref().is_some_and(|c| c.name("inline").is_some()) {
                let from = end;
                let t = doc.toks_in(from, se).find(|&i| doc.toks[i].is_money());
                (t, Vec::new(), t.map_or(end, |i| doc.toks[i].end))
            } else {
                let t = lookup(doc, facts, &metric, year, pa.currency());
                (t, t.map(|i| vec![(doc.toks[i].start, doc.toks[i].end)]).unwrap_or_default(), end)
            };
            let mut f = Statement::new(ClaimKind::ShareOfTotal, pa.start, end);
            f.stated = Some(pt.printed);
            f.note = Some(format!("total of \"{metric}\" not found for this period"));
            f.deps = deps;
            if let Some(ti) = total {
                let tt = &doc.toks[ti];
                if tt.currency() == pa.currency()
                    && let Some(r) = pa.iv().div(&tt.iv())
                {
                    let r = r.scale(100.0);
                    let bound = pa.soft() || pt.soft() || tt.soft();
                    let stated = pt.iv();
                    f.verdict = judge(stated, r, bound);
                    f.computed = Some(pa.value / tt.value * 100.0);
                    f.tol = Some((stated, r));
                    f.note = Some(format!(
                        "{:.2}%..{:.2}% allowed; recomputed {:.2}%..{:.2}% of {} {}",
                        stated.lo,
                        stated.hi,
                        r.lo,
                        r.hi,
                        tt.currency().unwrap_or(""),
                        tt.printed
                    ));
                }
            }
            out.push(f);
        }
        out.extend(aside_share(doc, ss, se));
    }
    out
}

/// "the total carrying value of $46.1 billion": an amount named as a total.
static NAMED_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:total|aggregate|overall)\s+(?:[a-z][a-z\-]*\s+){0,3}?(?:of|was|were|is)\s+(?:approximately\s+)?$")
        .expect("static regex")
});

/// "... the total carrying value of $46.1 billion of the assets reviewed, approximately $0.8
/// billion had been remeasured at fair value (approximately 2%)": a part with its share in an
/// aside, of a total named earlier in the sentence. Which total the share is of is read from
/// the wording, so a share that does not hold is `unverifiable`, never an alarm.
fn aside_share(doc: &Tokenized, ss: usize, se: usize) -> Vec<Statement> {
    let mut out = Vec::new();
    let figs: Vec<usize> = doc
        .toks_in(ss, se)
        .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != Unit::Year)
        .collect();
    for (k, &p) in figs.iter().enumerate() {
        let pt = &doc.toks[p];
        if pt.unit != Unit::Percent || k < 2 {
            continue;
        }
        // The percentage alone in its aside: "(2%)", "(approximately 2%)".
        let open = doc.s[..pt.start].trim_end().trim_end_matches("approximately").trim_end();
        if !open.ends_with('(') || !doc.s[pt.end..].trim_start().starts_with(')') {
            continue;
        }
        let part = figs[k - 1];
        let pa = &doc.toks[part];
        let gap = &doc.s[pa.end..pt.start];
        if !pa.is_money() || gap.len() > 120 || gap.split_whitespace().count() > 12 {
            continue;
        }
        let lo = crate::facts::ceil(doc.s, pa.start.saturating_sub(400)).max(ss);
        let Some(total) = figs[..k - 1].iter().rev().copied().find(|&i| {
            let t = &doc.toks[i];
            let w = crate::facts::ceil(doc.s, t.start.saturating_sub(50)).max(lo);
            t.start >= lo && t.is_money() && NAMED_TOTAL.is_match(&doc.s[w..t.start])
        }) else {
            continue;
        };
        let tt = &doc.toks[total];
        let Some(r) = pa.iv().div(&tt.iv()) else { continue };
        if tt.currency() != pa.currency() || tt.value <= pa.value {
            continue;
        }
        let r = r.scale(100.0);
        let stated = pt.iv();
        let mut f = Statement::new(ClaimKind::ShareOfTotal, tt.start, pt.end);
        f.stated = Some(pt.printed);
        f.computed = Some(pa.value / tt.value * 100.0);
        f.tol = Some((stated, r));
        if stated.meets(&r) {
            f.verdict = corresp_model::Verdict::Consistent;
            f.note = Some(format!("{:.2}%..{:.2}% of the total named before", r.lo, r.hi));
        } else {
            f.note = Some(format!(
                "recomputed {:.2}%..{:.2}% of the total named before; the share may be of another total",
                r.lo, r.hi
            ));
        }
        out.push(f);
    }
    out
}

/// "The contribution ... in 2013 were RMB89.0 million": the last year before the part in its
/// sentence, when no other amount stands between them.
fn year_before(doc: &Tokenized, ss: usize, part: usize) -> Option<u16> {
    let start = doc.toks_in(ss, doc.toks[part].start).start;
    for i in (start..part).rev() {
        let t = &doc.toks[i];
        match t.unit {
            Unit::Year => return Some(t.printed as u16),
            _ if t.translation_of.is_some() => continue,
            _ => return None,
        }
    }
    None
}

/// The one figure the text gives for `metric` in `year` (or, without a year, the one figure it
/// gives at all); none when the text gives several that differ.
fn lookup(
    doc: &Tokenized,
    facts: &Facts,
    metric: &str,
    year: Option<u16>,
    cur: Option<&str>,
) -> Option<usize> {
    let cands: Vec<usize> = match year {
        Some(_) => facts
            .get(&(metric.to_string(), year))
            .map(|v| v.iter().map(|f| f.tok).collect())
            .unwrap_or_default(),
        None => facts
            .iter()
            .filter(|((m, _), _)| m == metric)
            .flat_map(|(_, v)| v.iter().map(|f| f.tok))
            .collect(),
    };
    let cands: Vec<usize> = cands.into_iter().filter(|&i| doc.toks[i].currency() == cur).collect();
    let first = *cands.first()?;
    let v = doc.toks[first].value;
    cands.iter().all(|&i| Iv::around(doc.toks[i].value, 0.0).meets(&Iv::around(v, 0.0))).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use corresp_model::Verdict;

    fn run(s: &str) -> Vec<Statement> {
        let doc = Tokenized::new(s);
        let f = facts::collect(&doc);
        find(&doc, &f)
    }

    #[test]
    fn total_named_elsewhere_for_the_same_year() {
        let text = "Our net revenues increased by 25.0% from RMB800.0 million in 2022 to RMB1,000.0 million in 2023. Licensing contributed RMB150.0 million in 2023, which accounted for 15.0% of total net revenues, compared to RMB80.0 million in 2022, which accounted for 10.0% of total net revenues.";
        let f = run(text);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.verdict == Verdict::Consistent), "{f:?}");
        let f = run(&text.replace("15.0%", "16.0%"));
        assert_eq!(f.iter().filter(|f| f.verdict == Verdict::Inconsistent).count(), 1, "{f:?}");
    }

    #[test]
    fn inline_total_and_missing_total() {
        let f = run(
            "Breakage added $82 million, which represented approximately 0.6% of our total revenue of $13.1 billion.",
        );
        assert_eq!(f[0].verdict, Verdict::Consistent, "{f:?}");
        let f = run("Breakage added $82 million, which represented 0.6% of our total revenue.");
        assert_eq!(f[0].verdict, Verdict::Unverifiable);
    }

    #[test]
    fn share_of_a_printed_amount() {
        let f = run("Of that amount, $210 million, or 62% of the $339 million, related to Europe.");
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        let f = run("Of that amount, $210 million, or 66% of the $339 million, related to Europe.");
        assert_eq!(f[0].verdict, Verdict::Inconsistent, "{f:?}");
    }

    #[test]
    fn a_share_in_an_aside_of_a_total_named_before() {
        let s = "While we disclose the total carrying value of $52.4 billion of the assets reviewed, approximately $1.3 billion had been remeasured at fair value (approximately 2%), which were then written down.";
        let f = run(s);
        assert_eq!((f.len(), f[0].verdict), (1, Verdict::Consistent), "{f:?}");
        assert_eq!(run(&s.replace("approximately 2%", "9%"))[0].verdict, Verdict::Unverifiable);
        // Without a total named as such there is nothing to read.
        assert!(
            run("Revenue was $52.4 billion and approximately $1.3 billion came from fees (2%).").is_empty()
        );
    }
}
