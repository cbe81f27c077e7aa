//! What goes into the index: one [`IndexDoc`] per staff comment, per company answer and per letter.

use chrono::{Datelike, NaiveDate};
use corresp_model::{EdgarFacts, Letter, form_named};
use serde::{Deserialize, Serialize};

/// The three grains a hit can have. The contract names them `comment`, `response` and `letter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// One staff comment.
    Comment,
    /// One company answer to one staff comment.
    Response,
    /// A whole letter.
    Letter,
}

impl DocKind {
    /// The contract's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DocKind::Comment => "comment",
            DocKind::Response => "response",
            DocKind::Letter => "letter",
        }
    }

    /// Reads the contract's name.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "comment" | "comments" => Some(DocKind::Comment),
            "response" | "responses" | "answer" | "answers" => Some(DocKind::Response),
            "letter" | "letters" => Some(DocKind::Letter),
            _ => None,
        }
    }
}

/// One indexed unit, as plain values so the index never needs the store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IndexDoc {
    /// Which grain this is (`None` only in `Default`; [`crate::Writer::add`] refuses it).
    pub kind: Option<DocKind>,
    /// The letter's accession.
    pub accession: String,
    /// Position of the comment or answer in its letter; `None` for a letter.
    pub ordinal: Option<u32>,
    /// The comment number as printed; for an answer, the number of the comment it answers.
    pub number: Option<String>,
    /// Company name.
    pub company: String,
    /// Company CIK (ten digits) when known.
    pub cik: Option<String>,
    /// Normalised forms under review (`10-K`, `S-1/A`, ...): for a staff comment, the forms its
    /// captions name ("Form 10-Q for the Quarterly Period Ended ..."), else its letter's.
    pub forms: Vec<String>,
    /// The letter's date (printed date, else EDGAR filing date).
    pub date: Option<NaiveDate>,
    /// The letter's kind in the parse contract's words (`comments`, `response`, ...).
    pub letter_kind: String,
    /// Captions above the comment, outermost first.
    pub headings: Vec<String>,
    /// Topic ids (empty until a classifier fills them).
    pub topics: Vec<String>,
    /// The review thread, when known: answers are paired to comments inside it.
    pub thread: Option<String>,
    /// The text searched and shown.
    pub text: String,
    /// For a staff comment: its round in the thread and where its matter ended, from the stored
    /// comment–answer record (the `outcome:` filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<(u32, corresp_model::Outcome)>,
}

impl IndexDoc {
    /// The year of `date`, the `year:` filter.
    pub fn year(&self) -> Option<i32> {
        self.date.map(|d| d.year())
    }
}

/// What the store knows about a letter beyond its parsed record.
#[derive(Debug, Clone, Default)]
pub struct LetterMeta {
    /// The letter's accession.
    pub accession: String,
    /// What EDGAR says about it: its company name is preferred to the one printed in the letter,
    /// its filing date is used when the letter has no printed date.
    pub edgar: EdgarFacts,
    /// The review thread.
    pub thread: Option<String>,
    /// The full extracted text, indexed as the letter-grain document.
    pub text: String,
    /// The records of the letter's staff comments (round and outcome), from its thread's stored
    /// comment–answer record.
    pub comments: Vec<corresp_model::CommentRecord>,
}

/// Turns one parsed letter into its index documents: the letter, then each comment, then each
/// answer. Pure, so ingest and reindex produce the same documents.
pub fn docs_for_letter(meta: &LetterMeta, letter: &Letter) -> Vec<IndexDoc> {
    let company = meta.edgar.company.clone().or_else(|| letter.company.clone()).unwrap_or_default();
    let forms: Vec<String> =
        letter.filings.iter().map(|f| f.form.clone()).filter(|f| !f.is_empty()).collect();
    let base = IndexDoc {
        kind: Some(DocKind::Letter),
        accession: meta.accession.clone(),
        ordinal: None,
        number: None,
        company,
        cik: meta.edgar.cik.clone(),
        forms,
        date: letter.date.or(meta.edgar.filing_date),
        letter_kind: letter.kind.as_str().to_string(),
        headings: Vec::new(),
        topics: Vec::new(),
        thread: meta.thread.clone(),
        text: meta.text.clone(),
        outcome: None,
    };
    let mut out = Vec::with_capacity(1 + letter.comments.len() + letter.responses.len());
    for c in &letter.comments {
        let mut topics = Vec::new();
        if let Some(t) = &c.topics {
            topics.extend(t.primary.iter().cloned());
            topics.extend(t.others.iter().cloned());
        }
        // A letter reviewing a 10-K and a 10-Q captions each comment with its filing: the comment
        // is about that filing only (`form:10-K` must not bring the 10-Q's comments).
        let named = in_letters_words(caption_forms(&c.headings), &base.forms);
        out.push(IndexDoc {
            kind: Some(DocKind::Comment),
            ordinal: Some(c.ordinal),
            number: c.number.clone(),
            forms: if named.is_empty() { base.forms.clone() } else { named },
            headings: c.headings.clone(),
            topics,
            text: c.text.clone(),
            outcome: meta
                .comments
                .iter()
                .find(|r| r.ordinal == c.ordinal)
                .map(|r| (r.round, r.outcome.clone())),
            ..base.clone()
        });
    }
    // An answer's own words are what is searched (an answer has no captions, so it keeps the
    // letter's forms); the repeated comment would only make every
    // answer compete with the comment it repeats.
    for r in &letter.responses {
        out.push(IndexDoc {
            kind: Some(DocKind::Response),
            ordinal: Some(r.ordinal),
            number: r.comment_number.clone(),
            text: r.text.clone(),
            ..base.clone()
        });
    }
    out.insert(0, base);
    out
}

/// The forms the innermost caption that names any names, normalised as the parser normalises a
/// letter's filings (`10-K`, `S-1/A`, `DEF 14A`); empty when no caption names a form.
pub(crate) fn caption_forms(headings: &[String]) -> Vec<String> {
    headings.iter().rev().map(|h| forms_named(h)).find(|f| !f.is_empty()).unwrap_or_default()
}

/// The caption's forms as the letter's Re: block spells them when they are the same form written
/// otherwise: a caption's "Form 10" is the letter's `10-12G`, its "Schedule 14A" the letter's
/// `PRE 14A` (a caption seldom says "preliminary").
fn in_letters_words(named: Vec<String>, letter: &[String]) -> Vec<String> {
    fn family(f: &str) -> String {
        let (base, amended) = f.strip_suffix("/A").map_or((f, ""), |b| (b, "/A"));
        let base = match base {
            "10" | "10-12B" | "10-12G" => "10-12",
            b => b.strip_prefix("DEF ").or_else(|| b.strip_prefix("PRE ")).unwrap_or(b),
        };
        format!("{base}{amended}")
    }
    let mut out: Vec<String> = Vec::new();
    for n in named {
        let same: Vec<&String> = if letter.contains(&n) {
            Vec::new()
        } else {
            letter.iter().filter(|l| family(l) == family(&n)).collect()
        };
        if same.is_empty() {
            if !out.contains(&n) {
                out.push(n);
            }
        } else {
            for l in same {
                if !out.contains(l) {
                    out.push(l.clone());
                }
            }
        }
    }
    out
}

/// The forms one caption names: "Form 10-K for the Fiscal Year Ended ...", "Forms 10-K and 10-Q",
/// "Amendment No. 1 to Registration Statement on Form S-1" (`S-1/A`), "Definitive Proxy Statement
/// on Schedule 14A" (`DEF 14A`).
fn forms_named(caption: &str) -> Vec<String> {
    let words: Vec<&str> = caption.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    // Where the words since the previous form begin: "Amendment No. 2 to ... on" applies to the
    // next form only.
    let mut since = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
        if !matches!(w.as_str(), "form" | "forms" | "schedule" | "schedules") {
            i += 1;
            continue;
        }
        let list = w.ends_with('s');
        let prefix = words[since..i].join(" ").to_ascii_lowercase();
        let mut j = i + 1;
        while let Some(raw) = words.get(j) {
            let mut code = form_word(raw);
            let mut used = 1;
            // "Form DEF 14A", "Schedule PRE 14C".
            if matches!(code.to_ascii_uppercase().as_str(), "DEF" | "PRE" | "DEFM" | "PREM")
                && let Some(next) = words.get(j + 1).map(|n| form_word(n))
                && matches!(next.to_ascii_uppercase().as_str(), "14A" | "14C")
            {
                code = format!("{code} {next}");
                used = 2;
            }
            if !code.bytes().any(|b| b.is_ascii_digit()) || !code.starts_with(|c: char| c.is_alphanumeric()) {
                break;
            }
            let form = form_named(&code, &prefix);
            if !out.contains(&form) {
                out.push(form);
            }
            j += used;
            // "Forms 10-K and 10-Q", "Forms 10-K, 10-Q and 8-K".
            let comma = words[j - 1].trim_end_matches([')', '.']).ends_with(',');
            match words.get(j).map(|n| n.to_ascii_lowercase()) {
                Some(n) if list && matches!(n.as_str(), "and" | "&" | "or") => j += 1,
                Some(_) if list && comma => {}
                _ => break,
            }
        }
        since = j;
        i = j.max(i + 1);
    }
    out
}

/// A word as a form code: dashes made hyphens, surrounding punctuation removed ("10-K,", "(S-1)").
fn form_word(w: &str) -> String {
    w.replace(['\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}'], "-")
        .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/')
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(c: &str) -> Vec<String> {
        forms_named(c)
    }

    #[test]
    fn captions_name_their_forms() {
        assert_eq!(named("Form 10-K for the Fiscal Year Ended December 31, 2015"), ["10-K"]);
        assert_eq!(named("Form 10-Q for the Quarterly Period Ended March 31, 2016"), ["10-Q"]);
        assert_eq!(named("Form 8-K filed July 28, 2021"), ["8-K"]);
        assert_eq!(named("Amendment No. 1 to Registration Statement on Form S-1"), ["S-1/A"]);
        assert_eq!(named("Registration Statement on Form S-1 filed May 2, 2019"), ["S-1"]);
        assert_eq!(named("Form 10-K/A for the Year Ended June 30, 2017"), ["10-K/A"]);
        assert_eq!(named("Forms 10-K and 10-Q"), ["10-K", "10-Q"]);
        assert_eq!(named("Forms 10-K, 10-Q and 8-K"), ["10-K", "10-Q", "8-K"]);
        assert_eq!(named("Definitive Proxy Statement on Schedule 14A"), ["DEF 14A"]);
        assert_eq!(named("Preliminary Proxy Statement on Schedule 14A"), ["PRE 14A"]);
        assert_eq!(named("Form 20\u{2013}F for the Year Ended"), ["20-F"]);
        assert_eq!(named("Form 10 filed March 3"), ["10"]);
        // Not a form: no code with a digit after the word.
        assert!(named("Form of Indenture").is_empty());
        assert!(named("Revenue Recognition").is_empty());
        assert!(named("Management's Discussion and Analysis").is_empty());
    }

    #[test]
    fn a_captions_form_is_spelled_as_its_letter_spells_it() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(in_letters_words(v(&["DEF 14A"]), &v(&["PRE 14A"])), ["PRE 14A"]);
        assert_eq!(in_letters_words(v(&["10"]), &v(&["10-12G/A", "10-12G"])), ["10-12G"]);
        assert_eq!(in_letters_words(v(&["10-Q"]), &v(&["10-K", "10-Q"])), ["10-Q"]);
        // An amendment the caption names stays one; a form the letter does not list stays too.
        assert_eq!(in_letters_words(v(&["S-1/A"]), &v(&["S-1"])), ["S-1/A"]);
        assert_eq!(in_letters_words(v(&["8-K"]), &v(&["10-K"])), ["8-K"]);
    }

    #[test]
    fn the_innermost_caption_naming_a_form_decides() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            caption_forms(&h(&["Form 10-Q for the Period Ended March 31, 2016", "Liquidity"])),
            ["10-Q"]
        );
        assert_eq!(caption_forms(&h(&["Form 10-K", "Exhibit 99.1 to Form 8-K"])), ["8-K"]);
        assert!(caption_forms(&h(&["Results of Operations", "Revenue"])).is_empty());
    }
}
