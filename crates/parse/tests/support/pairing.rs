//! The pairing measurement over the corpus, shared by the corpus test (`tests/pairing.rs`) and the
//! `pairing` example (which reads cached texts): for each company response, the staff letter it
//! answers (same company folder; the staff comment letter whose printed date equals the
//! response's `responds_to`, else the latest one dated on or before the response) and whether the
//! answered comment numbers are exactly that letter's comment numbers.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use corresp_model::{Letter, LetterKind, Text};

/// One manifest row.
#[derive(Debug, Clone)]
pub struct Doc {
    pub ticker: String,
    pub form: String,
    pub rel: String,
    pub filing_date: Option<NaiveDate>,
}

/// Every document of `MANIFEST.tsv`, or `None` when the corpus is absent.
pub fn manifest(root: &Path) -> Option<Vec<Doc>> {
    let m = std::fs::read_to_string(root.join("MANIFEST.tsv")).ok()?;
    let mut out = Vec::new();
    for l in m.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 10 {
            continue;
        }
        out.push(Doc {
            ticker: f[1].to_string(),
            form: f[4].to_string(),
            rel: f[5].to_string(),
            filing_date: NaiveDate::parse_from_str(f[9], "%Y-%m-%d").ok(),
        });
    }
    // The same document may sit in two threads of the collecting project: count it once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert(d.rel.rsplit('/').nth(1).unwrap_or("").to_string()));
    Some(out)
}

/// The outcome of the measurement.
#[derive(Debug, Default)]
pub struct Report {
    /// Company letters read as responses.
    pub responses: usize,
    /// Responses whose answered staff letter is in the corpus.
    pub with_letter: usize,
    /// Of those, responses whose answered numbers are exactly the letter's comment numbers.
    pub all_correct: usize,
    /// CORRESP documents read as `other`.
    pub others: usize,
    /// Answers whose number is null or not a comment of the answered letter.
    pub unpaired: Vec<String>,
    /// Responses whose numbers differ, with both lists.
    pub mismatches: Vec<String>,
    /// Responses with no staff letter to compare with.
    pub no_letter: Vec<String>,
}

struct Parsed {
    doc: Doc,
    letter: Letter,
}

/// Parses every document with its EDGAR form (`load` gives a document's text) and measures.
pub fn measure(docs: &[Doc], mut load: impl FnMut(&Doc) -> Option<Text>) -> Report {
    let mut by_ticker: BTreeMap<String, Vec<Parsed>> = BTreeMap::new();
    for d in docs {
        let Some(text) = load(d) else { continue };
        let letter = corresp_parse::parse_with(&text, &corresp_parse::ParseOptions { form: Some(&d.form) });
        by_ticker.entry(d.ticker.clone()).or_default().push(Parsed { doc: d.clone(), letter });
    }
    let mut r = Report::default();
    for letters in by_ticker.values() {
        let staff: Vec<&Parsed> = letters
            .iter()
            .filter(|p| p.doc.form != "CORRESP" && p.letter.kind == LetterKind::Comments)
            .collect();
        for p in letters.iter().filter(|p| p.doc.form == "CORRESP") {
            if p.letter.kind != LetterKind::Response {
                r.others += 1;
                continue;
            }
            r.responses += 1;
            let date = p.letter.date.or(p.doc.filing_date);
            let staff_date = |s: &Parsed| s.letter.date.or(s.doc.filing_date);
            let answered =
                p.letter.responds_to.and_then(|rt| staff.iter().find(|s| staff_date(s) == Some(rt))).or_else(
                    || {
                        staff
                            .iter()
                            .filter(|s| staff_date(s).is_some() && staff_date(s) <= date)
                            .max_by_key(|s| staff_date(s))
                    },
                );
            let Some(s) = answered else {
                r.no_letter.push(p.doc.rel.clone());
                continue;
            };
            r.with_letter += 1;
            let want: Vec<Option<&str>> = s.letter.comments.iter().map(|c| c.number.as_deref()).collect();
            let got: Vec<Option<&str>> =
                p.letter.responses.iter().map(|a| a.comment_number.as_deref()).collect();
            // One unnumbered answer to a one-comment letter is paired later, by the thread.
            let single = want.len() == 1 && got == [None];
            if got == want || single {
                r.all_correct += 1;
            } else {
                r.mismatches.push(format!(
                    "{} (answers {}): got {:?}, want {:?}",
                    p.doc.rel,
                    staff_date(s).map(|d| d.to_string()).unwrap_or_default(),
                    got.iter().map(|n| n.unwrap_or("-")).collect::<Vec<_>>(),
                    want.iter().map(|n| n.unwrap_or("-")).collect::<Vec<_>>()
                ));
            }
            for a in &p.letter.responses {
                let ok = match a.comment_number.as_deref() {
                    Some(n) => want.contains(&Some(n)),
                    None => single,
                };
                if !ok {
                    r.unpaired.push(format!(
                        "{} #{} ({}): {}",
                        p.doc.rel,
                        a.ordinal,
                        a.comment_number.as_deref().unwrap_or("no number"),
                        a.text.chars().take(80).collect::<String>()
                    ));
                }
            }
        }
    }
    r
}
