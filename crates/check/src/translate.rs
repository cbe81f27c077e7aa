//! Convenience translations: "RMB1,966.7 million (US$324.9 million)".
//!
//! A document translates at one rate per pair of currencies. When it prints the rate ("RMB6.0537 to
//! US$1.00") every translation is checked against it; otherwise the rate is the one most
//! translations agree on (each translation allows an interval of rates, given the rounding of both
//! figures), and only a translation that no agreed rate fits is flagged. With fewer than three
//! translations, or no clear majority, nothing is flagged.

use std::collections::BTreeMap;

use corresp_model::{ClaimKind, Verdict};

use crate::interval::Iv;
use crate::{Statement, Tokenized};

struct Pair {
    parent: usize,
    child: usize,
    /// Units of the pair's first currency per unit of its second.
    rate: Iv,
    /// True when the child is in the pair's first currency.
    child_first: bool,
}

/// Below this many translations a majority says little about the rate.
const MIN_AGREEING: usize = 3;

pub(crate) fn find(doc: &Tokenized) -> Vec<Statement> {
    let mut groups: BTreeMap<(&str, &str), Vec<Pair>> = BTreeMap::new();
    for (j, b) in doc.toks.iter().enumerate() {
        let Some(i) = b.translation_of else { continue };
        let a = &doc.toks[i];
        let (Some(ca), Some(cb)) = (a.currency(), b.currency()) else { continue };
        if a.soft() || b.soft() {
            continue;
        }
        let (ai, bi) = (a.iv().abs(), b.iv().abs());
        let (key, num, den, child_first) =
            if ca < cb { ((ca, cb), ai, bi, false) } else { ((cb, ca), bi, ai, true) };
        let Some(rate) = num.div(&den) else { continue };
        if rate.lo <= 0.0 {
            continue;
        }
        groups.entry(key).or_default().push(Pair { parent: i, child: j, rate, child_first });
    }
    let stated = stated_rates(doc);
    let mut out = Vec::new();
    for (key, pairs) in groups {
        let printed: Vec<Iv> = stated.iter().filter(|(k, _)| *k == key).map(|(_, r)| *r).collect();
        let (consensus, how) = if !printed.is_empty() {
            let one = printed.iter().skip(1).try_fold(printed[0], |acc, r| acc.intersect(r));
            match one {
                Some(r) => (Some((r, true)), format!("stated rate {} {:.4} = {} 1", key.0, r.mid(), key.1)),
                None => (None, "the text states several rates".to_string()),
            }
        } else {
            match agreed(&pairs) {
                Some((r, n)) => (
                    Some((r, false)),
                    format!(
                        "rate {} {:.4} = {} 1, agreed by {n} of {} translations",
                        key.0,
                        r.mid(),
                        key.1,
                        pairs.len()
                    ),
                ),
                None => (None, format!("no rate agreed by a majority of {} translations", pairs.len())),
            }
        };
        for p in &pairs {
            let (a, b) = (&doc.toks[p.parent], &doc.toks[p.child]);
            let mut end = b.end;
            if doc.s[end..].starts_with(')') {
                end += 1;
            }
            let mut f = Statement::new(ClaimKind::CurrencyTranslation, a.start, end);
            f.stated = Some(b.printed);
            f.note = Some(how.clone());
            if let Some((r, _)) = consensus {
                let m = r.mid();
                let child_value = if p.child_first { a.value.abs() * m } else { a.value.abs() / m };
                f.computed = Some(child_value / b.scale);
                // The child's range given the parent's rounding and the agreed (or stated) rate.
                let ai = a.iv().abs();
                let c = if p.child_first { Some(Iv::new(ai.lo * r.lo, ai.hi * r.hi)) } else { ai.div(&r) };
                f.tol = c.map(|c| (b.iv().abs().scale(1.0 / b.scale), c.scale(1.0 / b.scale)));
                f.verdict = if p.rate.meets(&r) { Verdict::Consistent } else { Verdict::Inconsistent };
                if f.verdict == Verdict::Inconsistent {
                    f.note = Some(format!("{how}; this one implies {:.4}..{:.4}", p.rate.lo, p.rate.hi));
                }
            }
            out.push(f);
        }
    }
    out
}

/// The rate most translations fit, as the interval all of them allow, with their number; none
/// without a clear majority of at least [`MIN_AGREEING`].
fn agreed(pairs: &[Pair]) -> Option<(Iv, usize)> {
    // Coverage is highest at some interval's lower end: try each (n is small in a letter).
    let mut best: Option<(usize, f64)> = None;
    for p in pairs.iter().take(2000) {
        let x = p.rate.lo;
        let n = pairs.iter().filter(|q| q.rate.contains(x)).count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, x));
        }
    }
    let (n, x) = best?;
    if n < MIN_AGREEING || n * 2 <= pairs.len() {
        return None;
    }
    let members = pairs.iter().filter(|q| q.rate.contains(x));
    let r = members
        .map(|q| q.rate)
        .try_fold(Iv::new(f64::NEG_INFINITY, f64::INFINITY), |acc, r| acc.intersect(&r))?;
    Some((r, n))
}

/// Rates the text prints: "RMB6.0537 to US$1.00", "US$1.00 = RMB6.0537", keyed like the pairs.
fn stated_rates<'a>(doc: &Tokenized<'a>) -> Vec<((&'static str, &'static str), Iv)> {
    let mut out = Vec::new();
    for w in doc.toks.windows(2) {
        let (x, y) = (&w[0], &w[1]);
        let (Some(cx), Some(cy)) = (x.currency(), y.currency()) else { continue };
        if cx == cy {
            continue;
        }
        let gap = doc.s[x.end..y.start].trim().to_ascii_lowercase();
        if !matches!(gap.as_str(), "=" | "to" | "per" | "for" | ":" | "against" | "to each" | "for each") {
            continue;
        }
        // One of the two is a single unit; the other is the rate.
        let (unit, other) = if x.printed == 1.0 && x.scale == 1.0 {
            (x, y)
        } else if y.printed == 1.0 && y.scale == 1.0 {
            (y, x)
        } else {
            continue;
        };
        let (cu, co) = (unit.currency().unwrap_or(""), other.currency().unwrap_or(""));
        let r = other.iv();
        if r.lo <= 0.0 {
            continue;
        }
        // Keyed as (first, second) with the rate in units of first per second.
        if co < cu {
            out.push(((co, cu), r));
        } else if let Some(inv) = Iv::around(1.0, 0.0).div(&r) {
            out.push(((cu, co), inv));
        }
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

    const FOUR: &str = "Sales were RMB700.0 million (US$100.0 million), costs RMB350.0 million (US$50.0 million), taxes RMB70.0 million (US$10.0 million) and profit RMB140.0 million (US$20.0 million).";

    #[test]
    fn inferred_rate_flags_the_odd_one() {
        assert!(run(FOUR).iter().all(|f| f.verdict == Verdict::Consistent));
        let f = run(&FOUR.replace("US$50.0", "US$51.0"));
        let bad: Vec<_> = f.iter().filter(|f| f.verdict == Verdict::Inconsistent).collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(
            &FOUR.replace("US$50.0", "US$51.0")[bad[0].start..bad[0].end],
            "RMB350.0 million (US$51.0 million)"
        );
    }

    #[test]
    fn stated_rate_wins_and_few_translations_say_nothing() {
        let s = "Translations use RMB7.0000 to US$1.00. Sales were RMB700.0 million (US$101.0 million).";
        assert_eq!(run(s)[0].verdict, Verdict::Inconsistent);
        let s =
            "Sales were RMB700.0 million (US$101.0 million) and costs RMB350.0 million (US$50.0 million).";
        assert!(run(s).iter().all(|f| f.verdict == Verdict::Unverifiable));
    }
}
