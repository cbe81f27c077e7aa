//! What the text says a measure was in a period ("net revenues ... RMB1,966.7 million in 2013"),
//! so a share of a total named elsewhere ("7.4% of total net revenues") can find its total.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::Tokenized;
use crate::token::Unit;

/// One stated value of a measure.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    /// Index of the figure in `Tokenized::toks`.
    pub tok: usize,
}

/// Facts by (normalised measure, year).
pub(crate) type Facts = HashMap<(String, Option<u16>), Vec<Fact>>;

/// The verb that ties a measure to an amount: a change ("increased ... from A to B") or a
/// statement ("was", "totaled", "of").
static TIE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<subj>.*)\s+(?:was|were|totaled|totalled|amounted to|reached|of|increased|decreased|grew|rose|declined|fell)(?-u:\b)").expect("static regex")
});

static YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\([^)]*\)\s*)?,?\s*(?:in|for|during|of|as of|at)\s+(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?(?:(?:ended|ending)\s+)?(?:[a-z]+\s+\d{1,2},\s*)?(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)(?-u:\b)",
    )
    .expect("static regex")
});

/// Words that name no measure of their own ("our", "total").
const STOP: &[&str] = &[
    "our",
    "the",
    "its",
    "their",
    "total",
    "consolidated",
    "company's",
    "group's",
    "overall",
    "aggregate",
    "a",
    "an",
    "reported",
];

/// The measure's key: lower case, determiners and "total" dropped, plurals folded.
pub(crate) fn normalise(phrase: &str) -> String {
    phrase
        .to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(|w| if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") { &w[..w.len() - 1] } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The year a figure belongs to, when the words right after it say ("in 2013", "for fiscal 2023",
/// "as of December 31, 2013"); a parenthesised translation in between is skipped.
pub(crate) fn year_after(doc: &Tokenized, tok: usize) -> Option<u16> {
    let rest = &doc.s[doc.toks[tok].end..];
    let rest = &rest[..floor(rest, 80)];
    YEAR_AFTER.captures(rest).and_then(|c| c["y"].parse().ok())
}

/// Smallest char boundary at or above `n`.
pub(crate) fn ceil(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n += 1;
    }
    n
}

/// Largest char boundary at or below `n`.
pub(crate) fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Start of the clause holding byte `pos` of the sentence `[ss, pos)`: after the last `,` (not a
/// thousands separator), `;`, `:` or `(`, or the sentence start; none when it is too far back.
fn clause_start(s: &str, ss: usize, pos: usize) -> Option<usize> {
    let b = s.as_bytes();
    // A clause longer than this names no measure we could match; the bound keeps run-on text linear.
    let low = ss.max(pos.saturating_sub(300));
    let found = (low..pos).rev().find(|&i| {
        matches!(b[i], b';' | b':' | b'(' | b'\n')
            || b[i] == b',' && b.get(i + 1).is_none_or(|c| !c.is_ascii_digit())
    });
    match found {
        Some(i) => Some(i + 1),
        None if low == ss => Some(ss),
        None => None,
    }
}

pub(crate) fn collect(doc: &Tokenized) -> Facts {
    let mut facts: Facts = HashMap::new();
    for &(ss, se) in &doc.sents {
        let range = doc.toks_in(ss, se);
        // The subject is tied to the first amount after its verb; in a change, to both ends.
        let mut subject: Option<String> = None;
        for i in range {
            let t = &doc.toks[i];
            if t.translation_of.is_some() || !matches!(t.unit, Unit::Money(_)) {
                continue;
            }
            let Some(cs) = clause_start(doc.s, ss, t.start) else {
                subject = None;
                continue;
            };
            let head = &doc.s[cs..t.start];
            if let Some(c) = TIE.captures(head.trim_end()) {
                let subj = c["subj"].trim();
                let n = subj.split_whitespace().count();
                // A long subject ("the contribution from X to our total net revenues") names a part
                // of a measure, never the measure: keep only short, plain noun phrases.
                subject = (1..=6).contains(&n).then(|| normalise(subj)).filter(|k| !k.is_empty());
            } else if !head.trim().to_ascii_lowercase().ends_with("to")
                && !head.trim().to_ascii_lowercase().ends_with("from")
            {
                subject = None;
            }
            if let Some(k) = &subject {
                facts.entry((k.clone(), year_after(doc, i))).or_default().push(Fact { tok: i });
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_statements_give_both_ends() {
        let s = "Our net revenues increased by 29.0% from RMB1,524.2 million in 2012 to RMB1,966.7 million (US$324.9 million) in 2013. In addition, the contribution from acquired businesses to our total net revenues was RMB145.8 million in 2013.";
        let doc = Tokenized::new(s);
        let f = collect(&doc);
        let v = |y| {
            f.get(&("net revenue".to_string(), Some(y)))
                .map(|v| v.iter().map(|x| doc.toks[x.tok].printed).collect::<Vec<_>>())
        };
        assert_eq!(v(2012), Some(vec![1524.2]));
        assert_eq!(v(2013), Some(vec![1966.7]));
    }
}
