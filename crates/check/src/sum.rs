//! Components adding up to a stated total: "$10.0 million, consisting of $6.0 million of cash and
//! $4.0 million of stock", "$3.0 million, $2.0 million and $1.0 million, for a total of $6.0 million",
//! "fees of $20.0m and $15.0m totaled $35.0m" (also "aggregated", "combined to", "amounted in total
//! to", "which together totaled").
//!
//! Only wordings that claim the list is complete count; "including" or "primarily" lists are
//! partial and never checked.

use std::sync::LazyLock;

use corresp_model::{ClaimKind, Verdict};
use regex::Regex;

use crate::interval::Iv;
use crate::{Statement, Tokenized, judge};

static CONSISTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:consisting|comprised|composed|made up|comprising|consists|consisted)\s+(?:entirely\s+|solely\s+)?of\s*(?::\s*)?(?:\((?:i|a|1)\)\s*)?(?:approximately\s+)?$").expect("static regex")
});

static FOR_A_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:of\s+(?:[a-z'\-]+\s+){0,4}?[a-z'\-]+)?\s*,?\s*(?:(?:for|with|or)\s+(?:a|an)\s+(?:combined\s+)?(?:total|aggregate)(?:\s+amount)?\s+of|(?:which\s+)?(?:together\s+|combined\s+)?(?:totaling|totalling|total|totaled|totalled|aggregating)|in\s+total\s+of|or\s+(?:a\s+)?(?:combined|together|in\s+total|in\s+the\s+aggregate)|(?:together|combined)\s+(?:accounting|accounted)\s+for)\s*(?:approximately\s+)?$")
        .expect("static regex")
});

/// The words between the last listed amount and a total of money when the list comes first: "A
/// and B totaled T", "A and B, which together totaled T", "A, B and C aggregated T", "A and B
/// combined to T", "A and B amounted in total to T", "A and B, for combined fees of T". Only for
/// money: percentages joined by "and" are rarely parts of one whole.
static TOTAL_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*
        (?:(?:of|in)\s+(?:[a-z'\-]+\s+){0,4}?[a-z'\-]+)?\s*,?\s*
        (?:
            (?:and\s+|which\s+)?(?:together\s+|combined\s+|in\s+total\s+|in\s+the\s+aggregate\s+)?
            (?:totaled|totalled|totals|total|totaling|totalling|aggregated|aggregating
              |combined\s+to(?:\s+total)?
              |(?:together|combined)\s+(?:to\s+)?(?:total|totaled|totalled|totaling|totalling)
              |amounted\s+(?:in\s+total|in\s+the\s+aggregate|together|combined)\s+to)
          |(?:which\s+)?(?:together|combined|in\s+total|in\s+the\s+aggregate)\s+amounted\s+to
          |(?:for|with|representing|or)\s+(?:a\s+|an\s+)?combined\s+(?:[a-z'\-]+\s+){0,2}?(?:of|to)
          |(?:for|representing|resulting\s+in|bringing)\s+(?:a|an|the)\s+(?:combined\s+)?(?:total|aggregate)(?:\s+amount)?\s+(?:of|to)
        )
        \s*(?:approximately\s+|about\s+)?$",
    )
    .expect("static regex")
});

static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:including|includes|primarily|mainly|principally|among|such as|partially|partly|offset|net of|respectively|per)(?-u:\b)").expect("static regex")
});

static ENUMERATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\(|(?-u:\b))(?:[ivx]{1,4}|[a-h]|\d{1,2})\)").expect("static regex"));

/// A gap between listed amounts without its enumerators ("(ii)") and hedges ("approximately").
fn bare_gap(gap: &str) -> String {
    let g = ENUMERATOR.replace_all(gap, " ");
    let g = g.trim().to_ascii_lowercase();
    let g = g.trim_end_matches("approximately").trim_end_matches("about").trim();
    g.to_string()
}

/// A label before a listed amount: "lease exits of" in "$12.0 million, lease exits of $8.0 million".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?P<w>(?:[a-z'\-]+\s+){0,2}[a-z'\-]+)\s+(?:of|for)$").expect("static regex")
});

/// Words that make a label a clause of its own ("compared with revenue of"), not a list item's name.
const NOT_LABEL: &[&str] = &[
    "compared",
    "versus",
    "with",
    "to",
    "from",
    "by",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "total",
    "totaled",
    "totalled",
    "increase",
    "decrease",
    "increased",
    "decreased",
    "change",
    "which",
    "that",
];

/// The gap without the label of the next amount, when what is left is nothing but a joiner
/// (", lease exits of" is ","; "and write-downs of" is "and").
fn strip_label(g: &str) -> &str {
    if let Some(c) = LABEL.captures(g) {
        let rest = g[..c.get(0).expect("group 0").start()].trim_end();
        let named = c["w"].split_whitespace().all(|w| !NOT_LABEL.contains(&w));
        if named && matches!(rest, "," | ";" | "and" | ", and" | ",and") {
            return rest;
        }
    }
    g
}

/// True when the words between two listed amounts join them ("and", ",", "of cash and",
/// ", lease exits of").
fn joins(gap: &str) -> bool {
    let b = bare_gap(gap);
    let g = strip_label(&b);
    let words = g.split_whitespace().count();
    (g.ends_with(',') || g.ends_with(" and") || g == "and" || g.ends_with(", and") || g.ends_with(';'))
        && words <= 10
        && !PARTIAL.is_match(g)
}

/// "It consisted of": a sentence whose components belong to the total that ends the sentence before.
static CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:it|this|this\s+amount|the\s+amount|the\s+total|this\s+total|such\s+amount)\s+(?:consisted|consists|was\s+comprised|is\s+comprised|comprised|was\s+made\s+up|is\s+made\s+up)\s+of\s*(?::\s*)?(?:\((?:i|a|1)\)\s*)?(?:approximately\s+)?$")
        .expect("static regex")
});

pub(crate) fn find(doc: &Tokenized) -> Vec<Statement> {
    let mut by_value: Vec<(f64, usize)> = (0..doc.toks.len())
        .filter(|&i| {
            doc.toks[i].is_money() && doc.toks[i].translation_of.is_none() && doc.toks[i].value > 0.0
        })
        .map(|i| (doc.toks[i].value, i))
        .collect();
    by_value.sort_by(|a, b| a.0.total_cmp(&b.0));
    let max_half = by_value.iter().map(|&(_, i)| doc.toks[i].half).fold(0.0, f64::max);
    let mut out = total_elsewhere(doc, &by_value, max_half);
    let mut prev_last: Option<usize> = None;
    for &(ss, se) in &doc.sents {
        let idx: Vec<usize> = doc
            .toks_in(ss, se)
            .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != crate::token::Unit::Year)
            .collect();
        let last_before = prev_last;
        prev_last = idx.last().copied();
        out.extend(numbered(doc, ss, se));
        if PARTIAL.is_match(&doc.s[ss..se]) {
            continue;
        }
        // "The price was $50 million. It consisted of $30 million of cash and $20 million of stock."
        if let (Some(t), Some(&first)) = (last_before, idx.first())
            && doc.toks[t].is_money()
            && doc.s[doc.toks[t].end..ss].trim().trim_end_matches(['.', ')']).trim().is_empty()
            && CONTINUES.is_match(&doc.s[ss..doc.toks[first].start])
        {
            let parts = list_from(doc, &idx, 0);
            out.extend(judge_sum(
                doc,
                t,
                &parts,
                doc.toks[t].start,
                doc.toks[*parts.last().expect("one part")].end,
            ));
        }
        for (k, &ti) in idx.iter().enumerate() {
            let t = &doc.toks[ti];
            if !t.is_money() && t.unit != crate::token::Unit::Percent {
                continue;
            }
            // "T, consisting of A and B": components after the total.
            if let Some(&first) = idx.get(k + 1) {
                let gap = &doc.s[t.end..doc.toks[first].start];
                let head = gap.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
                // A numbered list is read by `numbered`, whatever its items hold.
                let words = head.split_whitespace().count();
                if CONSISTING.is_match(head) && words <= 10 && !OPENS_ENUMERATION.is_match(head) {
                    let parts = list_from(doc, &idx, k + 1);
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
                let gap = &doc.s[doc.toks[prev].end..t.start];
                if FOR_A_TOTAL.is_match(gap) || t.is_money() && TOTAL_VERB.is_match(gap) {
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

/// Words too common in disclosure to tie a list to a total named elsewhere.
const GENERIC: &[&str] = &[
    "company",
    "company's",
    "million",
    "millions",
    "billion",
    "billions",
    "thousand",
    "quarter",
    "quarters",
    "fiscal",
    "ended",
    "ending",
    "months",
    "december",
    "september",
    "january",
    "february",
    "august",
    "october",
    "november",
    "previously",
    "disclosed",
    "respectively",
    "approximately",
    "related",
    "including",
    "amount",
    "amounts",
    "totaled",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "during",
    "compared",
    "within",
    "business",
    "segment",
    "segments",
    "recorded",
    "recognized",
    "reported",
    "period",
    "periods",
    "filed",
    "through",
    "exhibit",
];

/// The words that may name a measure in `s`: six letters or more, not generic.
fn measure_words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
        .filter(|w| w.chars().count() >= 6)
        .map(str::to_lowercase)
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect()
}

/// "$220 million in segment A, $105 million in segment B, and $28 million in segment C": three
/// amounts or more listed as a whole, with no total in their sentence, whose total is stated in
/// another paragraph ("severance costs ... of $353 million"). A total elsewhere is found only when
/// it equals the sum within rounding and the words before it share a measure with the list's
/// sentence ("severance"): such a statement is `consistent` or not reported, never an alarm
/// (nothing says the list was meant to add up to that figure).
fn total_elsewhere(doc: &Tokenized, by_value: &[(f64, usize)], max_half: f64) -> Vec<Statement> {
    let mut out = Vec::new();
    for &(ss, se) in &doc.sents {
        if PARTIAL.is_match(&doc.s[ss..se]) {
            continue;
        }
        let idx: Vec<usize> = doc
            .toks_in(ss, se)
            .filter(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].unit != crate::token::Unit::Year)
            .collect();
        // The list is the sentence's only amounts of money (it has no total of its own), so it
        // starts at the first of them: one list a sentence, read once.
        let money = idx.iter().filter(|&&i| doc.toks[i].is_money()).count();
        let Some(k) = idx.iter().position(|&i| doc.toks[i].is_money()).filter(|_| money >= 3) else {
            continue;
        };
        {
            let parts = list_from(doc, &idx, k);
            let t0 = &doc.toks[parts[0]];
            let n = parts.len();
            if n != money
                || !parts.iter().all(|&i| doc.toks[i].is_money() && doc.toks[i].currency() == t0.currency())
            {
                continue;
            }
            let last_gap = bare_gap(&doc.s[doc.toks[parts[n - 2]].end..doc.toks[parts[n - 1]].start]);
            if !strip_label(&last_gap).ends_with("and") {
                continue;
            }
            let sum = parts.iter().fold(Iv::around(0.0, 0.0), |acc, &i| acc.add(&doc.toks[i].iv()));
            let head = &doc.s[crate::facts::ceil(doc.s, t0.start.saturating_sub(400)).max(ss)..t0.start];
            let words = measure_words(head);
            if words.is_empty() {
                continue;
            }
            // Candidates by value: bounded scans keep many lists over many figures linear.
            let a = by_value.partition_point(|&(v, _)| v < sum.lo - max_half);
            let total = by_value[a..]
                .iter()
                .take_while(|&&(v, _)| v <= sum.hi + max_half)
                .take(500)
                .map(|&(_, i)| i)
                .filter(|&i| {
                    let t = &doc.toks[i];
                    (t.end <= ss || t.start >= se)
                        && t.currency() == t0.currency()
                        && !t.soft()
                        && t.iv().meets(&sum)
                })
                .take(20)
                .find(|&i| {
                    let t = &doc.toks[i];
                    let before = &doc.s[crate::facts::ceil(doc.s, t.start.saturating_sub(120))..t.start];
                    measure_words(before).iter().any(|w| words.contains(w))
                });
            let Some(ti) = total else { continue };
            let t = &doc.toks[ti];
            let value: f64 = parts.iter().map(|&i| doc.toks[i].value).sum();
            let mut f = Statement::new(ClaimKind::Sum, t0.start, doc.toks[parts[n - 1]].end);
            f.stated = Some(t.printed);
            f.computed = Some(value / t.scale);
            f.verdict = Verdict::Consistent;
            f.note = Some(format!("{n} parts add to the total stated elsewhere in the letter"));
            f.tol = Some((t.iv().scale(1.0 / t.scale), sum.scale(1.0 / t.scale)));
            f.deps.push((t.start, t.end));
            out.push(f);
        }
    }
    out
}

/// "consisting of (i)", "comprised of: (a)", "1)": a list that numbers its items.
static OPENS_ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\(|(?-u:\b))(?:i|a|1)\)\s*(?:approximately\s+)?$").expect("static regex")
});

/// The words that open a numbered list of parts, and its first enumerator.
static OPENS_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<w>consisting|comprised|composed|made\s+up|comprising|consists|consisted|including|includes|included)(?:\s+of)?\s*:?\s*(?:\(|(?-u:\b))(?:i|a|1)\)")
        .expect("static regex")
});

/// "$2,180 million of debt ..., including (i) $989 million of ...; (ii) $831 million of bonds with
/// ...; ... and (v) $28 million of ...", "$1.1 billion ... was comprised of: 1) $495 million of
/// paper, which are supported by the $2.25 billion facility, and 2) $629 million of other
/// obligations": a total, then parts that a numbered list names one by one. The items may hold
/// figures of their own and the subject before the list may be long: the enumerators say where
/// each part is. A list opened by "including", or in a sentence that calls itself partial, may
/// leave parts out: if it does not add up it is `unverifiable`, never an alarm.
fn numbered(doc: &Tokenized, ss: usize, se: usize) -> Vec<Statement> {
    let mut out = Vec::new();
    for m in OPENS_LIST.captures_iter(&doc.s[ss..se]) {
        let whole = m.get(0).expect("group 0");
        let (at, after) = (ss + whole.start(), ss + whole.end());
        // The total: the last amount of money before the list ("12 months" and dates between
        // are read past).
        let lo = crate::facts::ceil(doc.s, at.saturating_sub(400)).max(ss);
        let Some(total) = doc
            .toks_in(lo, at)
            .rev()
            .find(|&i| doc.toks[i].translation_of.is_none() && doc.toks[i].is_money())
        else {
            continue;
        };
        let t = &doc.toks[total];
        if doc.s[t.end..at].split_whitespace().count() > 25 {
            continue;
        }
        let Some(first) = doc.toks_in(after, se).find(|&i| doc.toks[i].translation_of.is_none()) else {
            continue;
        };
        let lead_in = doc.s[after..doc.toks[first].start].trim().to_ascii_lowercase();
        if !matches!(lead_in.as_str(), "" | "approximately" | "about" | "roughly") {
            continue;
        }
        let Some(parts) = enumerated(doc, se, first, t.currency()) else { continue };
        let end = doc.toks[*parts.last().expect("two parts")].end;
        let Some(mut f) = judge_sum(doc, total, &parts, t.start, end) else { continue };
        let partial = m["w"].to_ascii_lowercase().starts_with("includ") || PARTIAL.is_match(&doc.s[ss..se]);
        if partial && f.verdict == corresp_model::Verdict::Inconsistent {
            f.verdict = corresp_model::Verdict::Unverifiable;
            f.note = Some(format!(
                "{}; but the list may leave parts out",
                f.note.as_deref().unwrap_or("the parts do not add up")
            ));
        }
        out.push(f);
    }
    out
}

/// Where enumerator `n` next stands in `hay`: "(n)", or "n)" after a space.
fn find_mark(hay: &str, n: &str) -> Option<(usize, usize)> {
    let mark = format!("{n})");
    hay.match_indices(&mark).find_map(|(p, _)| {
        let prev = hay[..p].chars().next_back();
        match prev {
            Some('(') => Some((p - 1, p + mark.len())),
            None => Some((p, p + mark.len())),
            Some(c) if c.is_whitespace() => Some((p, p + mark.len())),
            _ => None,
        }
    })
}

/// The enumerators that follow `first` in a list: "i" then "ii", "a" then "b", "1" then "2".
fn next_enumerator(e: &str) -> Option<String> {
    const ROMAN: &[&str] = &["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    if let Some(p) = ROMAN.iter().position(|r| *r == e) {
        return ROMAN.get(p + 1).map(|r| (*r).to_string());
    }
    if let Ok(n) = e.parse::<u8>() {
        return (n < 20).then(|| (n + 1).to_string());
    }
    let c = e.chars().next().filter(|c| c.is_ascii_lowercase() && e.len() == 1)?;
    (c < 'j').then(|| char::from(c as u8 + 1).to_string())
}

/// The items of a numbered list whose first amount is `first`: the amount right after each next
/// enumerator of the sentence (ending at `se`), whatever else an item's words hold ("with
/// maturities of 364 days"). None unless every enumerator leads straight to an amount and the
/// last one follows "and": a list that numbers its items and closes is complete.
fn enumerated(doc: &Tokenized, se: usize, first: usize, cur: Option<&str>) -> Option<Vec<usize>> {
    let before =
        &doc.s[crate::facts::ceil(doc.s, doc.toks[first].start.saturating_sub(24))..doc.toks[first].start];
    let mut e = ENUMERATOR.find_iter(before).last()?.as_str().trim_matches(['(', ')']).to_string();
    // "(a) ...; (b) ...; and (c) ...": the items run on past the semicolons that end sentences.
    let mut se = se;
    let mut hops = 0;
    while doc.s[..se].ends_with(';') && hops < 12 {
        hops += 1;
        let k = doc.sents.partition_point(|&(s, _)| s < se);
        match doc.sents.get(k) {
            Some(&(s, e)) if s == se => se = e,
            _ => break,
        }
    }
    // "(iv) C$128 million, or $99 million, of borrowings": the part in the total's currency.
    let in_currency = |i: usize| -> Option<usize> {
        let t = &doc.toks[i];
        if t.currency() == cur {
            return Some(i);
        }
        let j = doc.toks_in(t.end, se).find(|&j| doc.toks[j].translation_of.is_none())?;
        let gap = doc.s[t.end..doc.toks[j].start].trim();
        (matches!(gap, ", or" | "(or" | "(" | "or") && doc.toks[j].currency() == cur).then_some(j)
    };
    let first = in_currency(first)?;
    let mut parts = vec![first];
    let mut cursor = doc.toks[first].end;
    let mut closed = false;
    while let Some(n) = next_enumerator(&e) {
        // An item is a clause, not a page: the next enumerator is looked for nearby only.
        let window = crate::facts::floor(doc.s, (cursor + 600).min(se));
        let Some((at, after)) = find_mark(&doc.s[cursor..window], &n).map(|(a, b)| (cursor + a, cursor + b))
        else {
            break;
        };
        let lead = doc.s[cursor..at].trim_end().trim_end_matches([',', ';', ':']).trim_end();
        closed = lead.to_ascii_lowercase().ends_with(" and") || lead.ends_with(" or");
        let next = doc.toks_in(after, se).find(|&i| doc.toks[i].translation_of.is_none())?;
        // "(ii) $13 billion", "(ii) approximately $13 billion"; not "(ii) the $2.25 billion facility".
        let lead_in = doc.s[after..doc.toks[next].start].trim().to_ascii_lowercase();
        if !matches!(lead_in.as_str(), "" | "approximately" | "about" | "roughly")
            || !doc.toks[next].is_money()
            || lead.ends_with(" or")
        {
            return None;
        }
        let next = in_currency(next)?;
        parts.push(next);
        cursor = doc.toks[next].end;
        e = n;
    }
    (parts.len() >= 2 && closed).then_some(parts)
}

/// The amounts listed from `idx[k]` on, as long as the words between them join them.
fn list_from(doc: &Tokenized, idx: &[usize], k: usize) -> Vec<usize> {
    let mut parts = vec![idx[k]];
    for w in idx[k..].windows(2) {
        if !joins(&doc.s[doc.toks[w[0]].end..doc.toks[w[1]].start]) {
            break;
        }
        parts.push(w[1]);
    }
    parts
}

fn judge_sum(doc: &Tokenized, total: usize, parts: &[usize], start: usize, end: usize) -> Option<Statement> {
    let t = &doc.toks[total];
    // Amounts of one currency, or percentages adding to a percentage.
    let alike = |i: usize| {
        let p = &doc.toks[i];
        if t.unit == crate::token::Unit::Percent {
            p.unit == t.unit
        } else {
            p.is_money() && p.currency() == t.currency()
        }
    };
    if parts.len() < 2 || !parts.iter().all(|&i| alike(i)) {
        return None;
    }
    // A complete list closes with "and" before its last item ("A, B and C"); "A, B in notes and
    // warrants" has items that are not amounts, so the amounts are not the whole.
    let n = parts.len();
    let last_gap = bare_gap(&doc.s[doc.toks[parts[n - 2]].end..doc.toks[parts[n - 1]].start]);
    if !strip_label(&last_gap).ends_with("and") {
        return None;
    }
    let sum = parts.iter().fold(Iv::around(0.0, 0.0), |acc, &i| acc.add(&doc.toks[i].iv()));
    let bound = std::iter::once(total).chain(parts.iter().copied()).any(|i| doc.toks[i].soft());
    let verdict = judge(t.iv(), sum, bound);
    let value: f64 = parts.iter().map(|&i| doc.toks[i].value).sum();
    let mut f = Statement::new(ClaimKind::Sum, start, end);
    f.stated = Some(t.printed);
    f.computed = Some(value / t.scale);
    f.verdict = verdict;
    f.note = Some(format!("{} parts add to {}..{}", parts.len(), sum.lo, sum.hi));
    f.tol = Some((t.iv().scale(1.0 / t.scale), sum.scale(1.0 / t.scale)));
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use corresp_model::Verdict;

    fn run(s: &str) -> Vec<Statement> {
        let doc = Tokenized::new(s);
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

    fn one(s: &str) -> Verdict {
        let f = run(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        f[0].verdict
    }

    #[test]
    fn enumerators_approximately_and_long_items() {
        let s = "Restructuring charges were $40 million, consisting of (i) $20 million of severance and other employee costs, (ii) $15 million of asset write-downs and (iii) $5 million of contract exit costs.";
        assert_eq!(one(s), Verdict::Consistent);
        assert_eq!(one(&s.replace("$15 million", "$19 million")), Verdict::Inconsistent);
        let s = "The charge of $12.5 million consisted of approximately $8.0 million of inventory write-offs and approximately $4.5 million of accelerated depreciation.";
        assert_eq!(one(s), Verdict::Consistent);
    }

    #[test]
    fn list_then_total_verb() {
        // The shapes of "A and B totaled T": each right, then with a wrong total.
        let shapes = [
            ("Fees of $20.0m and $15.0m totaled $35.0m.", "$35.0m", "$36.0m"),
            ("Fees of $20.0 million and $15.0 million totalled $35.0 million.", "$35.0", "$36.0"),
            (
                "License fees of $20.0 million and $15.0 million, which together totaled $35.0 million, were deferred.",
                "$35.0",
                "$36.0",
            ),
            ("The Company paid $20.0 million and $15.0 million, totaling $35.0 million.", "$35.0", "$36.0"),
            (
                "Severance of $12.0 million, lease exits of $8.0 million and write-downs of $5.0 million totaled $25.0 million.",
                "$25.0",
                "$26.0",
            ),
            (
                "The two notes of RMB 1.2 billion and RMB 0.8 billion aggregated RMB 2.0 billion.",
                "RMB 2.0",
                "RMB 2.2",
            ),
            ("Deposits of $4.5m and $2.5m combined to $7.0m.", "$7.0m", "$7.5m"),
            ("Deposits of $4.5m and $2.5m combined to total $7.0m.", "$7.0m", "$7.5m"),
            (
                "The payments of $4.5 million and $2.5 million amounted in total to $7.0 million.",
                "$7.0",
                "$7.4",
            ),
            (
                "We paid $3.0 million in cash and $2.0 million in stock, for a total of $5.0 million.",
                "$5.0",
                "$5.5",
            ),
            (
                "Grants of $3.0 million and $2.0 million, for combined funding of $5.0 million, were received.",
                "$5.0",
                "$5.5",
            ),
            (
                "Revenues from the two contracts were $3.0 million and $2.0 million and together totaled $5.0 million.",
                "$5.0",
                "$5.5",
            ),
        ];
        for (s, right, wrong) in shapes {
            let f = run(s);
            assert_eq!(f.len(), 1, "{s}: {f:?}");
            assert_eq!((f[0].kind, f[0].verdict), (ClaimKind::Sum, Verdict::Consistent), "{s}: {f:?}");
            let w = s.replacen(right, wrong, 1);
            let f = run(&w);
            assert_eq!(f.len(), 1, "{w}: {f:?}");
            assert_eq!((f[0].kind, f[0].verdict), (ClaimKind::Sum, Verdict::Inconsistent), "{w}: {f:?}");
        }
    }

    #[test]
    fn total_verb_rounding_and_what_is_not_a_sum() {
        // Rounded parts may add to a total printed from the unrounded ones: $20.0m + $15.0m is
        // $34.9m..$35.1m, so $35.1m holds and $35.2m does not.
        assert_eq!(one("Fees of $20.0m and $15.0m totaled $35.1m."), Verdict::Consistent);
        assert_eq!(one("Fees of $20.0m and $15.0m totaled $35.2m."), Verdict::Inconsistent);
        assert_eq!(one("Fees of approximately $20m and $15m totaled $36m."), Verdict::Consistent);
        let f = run("Fees of $20.0m and $15.0m totaled $36.0m.");
        let (stated, computed) = f[0].tol.expect("a tolerance");
        assert!((stated.lo - 35.95).abs() < 1e-9 && (stated.hi - 36.05).abs() < 1e-9, "{stated:?}");
        assert!((computed.lo - 34.9).abs() < 1e-9 && (computed.hi - 35.1).abs() < 1e-9, "{computed:?}");
        for s in [
            // Two periods' figures, not parts of one whole.
            "Revenue of $20.0 million and $15.0 million, respectively, totaled $40.0 million in the year.",
            "Revenue was $20.0 million and $15.0 million in 2023 and 2022, totaling $40.0 million over two years.",
            // A list that does not run up to the total.
            "Fees rose to $20.0 million and $15.0 million, and costs totaled $40.0 million.",
            // Percentages joined by "and" are not shares of one whole.
            "Margins of 20% and 15% combined to 40% of the peak.",
            // Another currency in the list.
            "Fees of $20.0 million and RMB15.0 million totaled $40.0 million.",
            // A bound proves nothing.
            "Fees of $20.0 million and $15.0 million totaled more than $40.0 million.",
        ] {
            let f = run(s);
            assert!(f.iter().all(|f| f.verdict != Verdict::Inconsistent), "{s}: {f:?}");
        }
    }

    #[test]
    fn spread_over_two_sentences_and_percentages() {
        let s = "The purchase price was $50.0 million. It consisted of $30.0 million in cash and $20.0 million of common stock.";
        assert_eq!(one(s), Verdict::Consistent);
        assert_eq!(one(&s.replace("$20.0", "$22.0")), Verdict::Inconsistent);
        let s = "Our three largest customers represented 14%, 11% and 9% of revenue, for a total of 34%.";
        assert_eq!(one(s), Verdict::Consistent);
        assert_eq!(one(&s.replace("34%", "38%")), Verdict::Inconsistent);
    }

    #[test]
    fn numbered_items_with_figures_of_their_own() {
        let s = "The financing consists of $9.5 billion of new debt to fund part of the cash consideration, consisting of (i) $3.5 billion in term loans under the credit agreement, with maturities of 364 days and three years, and (ii) $6 billion in senior notes issued in lieu of borrowings under the bridge facility, maturing in up to 30 years.";
        assert_eq!(one(s), Verdict::Consistent);
        assert_eq!(one(&s.replace("$6 billion", "$7 billion")), Verdict::Inconsistent);
        let s = "Charges were $40 million, consisting of (a) $25 million of severance; (b) approximately $10 million of lease exits; and (c) $5 million of other costs.";
        assert_eq!(one(s), Verdict::Consistent);
        // An item that opens with another figure than its amount is not read.
        let s = "Debt was $40 million, consisting of (i) $25 million of notes and (ii) the $30 million facility's drawn portion of $15 million.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
        // An item without an amount after its enumerator, or an "or": no sum.
        let s = "Charges were $40 million, consisting of (i) $25 million of severance and (ii) other costs of $15 million.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
        let s =
            "The price was $40 million, consisting of (i) $25 million in cash or (ii) $30 million in stock.";
        assert!(run(s).iter().all(|f| f.verdict != Verdict::Inconsistent), "{:?}", run(s));
    }

    #[test]
    fn numbered_lists_after_a_long_subject_and_including() {
        let s = "The $2.4 billion of notes due within the next 12 months that we classified as long-term as of June 30, 2023 was comprised of: 1) $1,150 million of paper backed by our $3.0 billion credit line and 2) $1,260 million of other obligations.";
        assert_eq!(one(s), Verdict::Consistent);
        assert_eq!(one(&s.replace("$1,260", "$1,760")), Verdict::Inconsistent);
        let s = "We had $1,520 million of debt due within a year, including (i) $700 million of commercial paper; (ii) $500 million of bonds, including $90 million of green bonds; (iii) C$150 million, or $110 million, of term loans and (iv) $210 million of other borrowings.";
        assert_eq!(one(s), Verdict::Consistent);
        // "including" may leave parts out: a list that does not add up says nothing.
        assert_eq!(one(&s.replace("$210 million", "$150 million")), Verdict::Unverifiable);
    }

    #[test]
    fn a_split_whose_total_is_in_another_paragraph() {
        let total = "In 2023 we recognized restructuring charges of $412 million in connection with the plan.\n\n\
                     The Staff asked about segments.\n\n";
        let split = "We allocate restructuring charges of $250 million to Industrial, $110 million to \
                     Consumer, and $52 million to Healthcare.";
        let f = run(&format!("{total}{split}"));
        let s: Vec<_> =
            f.iter().filter(|x| x.note.as_deref().is_some_and(|n| n.contains("elsewhere"))).collect();
        assert_eq!(s.len(), 1, "{f:?}");
        assert_eq!((s[0].verdict, s[0].stated), (Verdict::Consistent, Some(412.0)));
        // A total that does not match, or that names another measure, gives nothing (never an alarm).
        for other in
            [total.replace("$412", "$415"), total.replace("restructuring charges", "capital spending")]
        {
            let f = run(&format!("{other}{split}"));
            assert!(f.iter().all(|x| !x.note.as_deref().is_some_and(|n| n.contains("elsewhere"))), "{f:?}");
            assert!(f.iter().all(|x| x.verdict != Verdict::Inconsistent), "{f:?}");
        }
    }
}
