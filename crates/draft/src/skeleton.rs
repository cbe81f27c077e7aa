//! The skeleton: a parsed staff comment letter to the response letter's parts.

use std::sync::OnceLock;

use chrono::NaiveDate;
use corresp_model::{Comment, Filing, Letter, LetterKind, Person};
use regex::Regex;

use crate::reflow::paragraphs;
use crate::{ACKNOWLEDGMENT, Acknowledgment, Draft, Error, Section, StaffLetter};

/// The Commission's address as responses print it.
const COMMISSION: [&str; 4] = [
    "Division of Corporation Finance",
    "U.S. Securities and Exchange Commission",
    "100 F Street, N.E.",
    "Washington, D.C. 20549",
];

/// The response to `letter` (a parsed staff comment letter whose extracted text is `text`), dated
/// `today`. A letter of another kind is refused with one line saying what it is.
pub fn skeleton(letter: &Letter, text: &str, today: NaiveDate) -> Result<Draft, Error> {
    match letter.kind {
        LetterKind::Comments => {}
        LetterKind::Response => {
            return Err(Error::NotStaffComments(
                "this is a company response, not a staff comment letter".into(),
            ));
        }
        LetterKind::ReviewComplete => {
            return Err(Error::NotStaffComments(
                "this is a staff letter closing the review (nothing to answer), not a staff comment letter"
                    .into(),
            ));
        }
        LetterKind::Other => {
            return Err(Error::NotStaffComments(
                "this is not a staff comment letter (no staff comments found in it)".into(),
            ));
        }
    }
    let company = letter.company.clone();
    let staff = staff_people(letter, text);
    let office = letter.sender.as_ref().and_then(|p| p.organization.clone()).or_else(|| office_in(text));

    let mut addressee: Vec<String> = Vec::new();
    let names: Vec<&str> = staff.iter().filter_map(|p| p.name.as_deref()).collect();
    addressee.push(COMMISSION[0].to_string());
    if let Some(o) = &office {
        addressee.push(o.clone());
    }
    addressee.extend(COMMISSION[1..].iter().map(|s| s.to_string()));
    if !names.is_empty() {
        addressee.push(format!("Attention: {}", join_names(&names)));
    }

    let sections = sections(letter, text);
    let acknowledgment = asks_for_acknowledgment(text).then(|| Acknowledgment {
        lead: "In connection with this response, the Company acknowledges that:".into(),
        statements: ACKNOWLEDGMENT.iter().map(|s| s.to_string()).collect(),
    });
    let who = company.clone().unwrap_or_else(|| "[Company]".into());
    Ok(Draft {
        staff_letter: StaffLetter {
            accession: None,
            cik: None,
            company: company.clone(),
            date: letter.date,
            url: None,
        },
        letterhead: format!("[{} letterhead]", company.as_deref().unwrap_or("Company")),
        date: today.format("%B %-d, %Y").to_string(),
        delivery: "VIA EDGAR".into(),
        addressee,
        re: re_block(letter, text),
        salutation: salutation(&names),
        opening: opening(letter, &who),
        sections,
        acknowledgment,
        closing: "If you have any questions regarding this response, please contact [name] at [telephone] or [email].".into(),
        signature: vec!["Sincerely,".into(), String::new(), "[Name]".into(), "[Title]".into(), who],
        cc: Vec::new(),
    })
}

/// Whether the staff letter asks for the three-part acknowledgment (letters before late 2016 do).
pub fn asks_for_acknowledgment(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)(statement\s+from\s+the\s+company\s+acknowledging|acknowledging\s+that\s*:?\s*[\s•\-]*the\s+company\s+is\s+responsible)")
            .expect("acknowledgment pattern")
    });
    re.is_match(text)
}

/// One section per comment; a letter with no numbered comment gets one for its request.
fn sections(letter: &Letter, text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut previous: &[String] = &[];
    for c in &letter.comments {
        let common = c.headings.iter().zip(previous).take_while(|(a, b)| a == b).count();
        out.push(Section {
            ordinal: c.ordinal,
            number: c.number.clone(),
            headings: c.headings.clone(),
            new_headings: c.headings[common..].to_vec(),
            comment: comment_paragraphs(c, text),
            ..Section::default()
        });
        previous = &c.headings;
    }
    if out.is_empty() {
        let body = unnumbered_request(letter, text);
        if !body.is_empty() {
            out.push(Section { ordinal: 1, comment: paragraphs(&body), ..Section::default() });
        }
    }
    out
}

/// A comment's paragraphs from its place in the letter, where the line breaks are; its parsed text
/// (whitespace folded) split at bullets when the two do not hold the same words.
fn comment_paragraphs(c: &Comment, text: &str) -> Vec<String> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    if let Some(raw) = text.get(c.span.start..c.span.end) {
        let mut raw = raw.trim_start();
        if let Some(n) = &c.number
            && let Some(rest) = raw.strip_prefix(n.as_str())
        {
            raw = rest.trim_start_matches(['.', ')', ':']).trim_start();
        }
        let ps = paragraphs(raw);
        if words(&ps.join(" ")) == words(&c.text) {
            return ps;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (i, part) in c.text.split(" • ").enumerate() {
        out.push(if i == 0 { part.to_string() } else { format!("• {part}") });
    }
    out
}

/// The body of a staff letter without numbered comments: after the salutation, up to the closing
/// boilerplate.
fn unnumbered_request(letter: &Letter, text: &str) -> String {
    static END: OnceLock<Regex> = OnceLock::new();
    let end = END.get_or_init(|| {
        Regex::new(r"(?m)^\s*(We urge all persons|In closing|We remind you|You may contact|Please contact|If you have any questions|Sincerely|Very truly yours)")
            .expect("closing pattern")
    });
    let start = letter
        .spans
        .get("salutation")
        .map(|s| s.end)
        .filter(|e| *e <= text.len() && text.is_char_boundary(*e))
        .unwrap_or(0);
    let body = &text[start..];
    let stop = end.find(body).map(|m| m.start()).unwrap_or(body.len());
    body[..stop].trim().to_string()
}

/// The Re: block as printed, without "Re:", one line each; else built from the filings.
fn re_block(letter: &Letter, text: &str) -> Vec<String> {
    if let Some(s) = letter.spans.get("re")
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
    {
        let block = &text[s.start..s.end];
        let lines: Vec<String> =
            block.lines().map(|l| strip_re(l.trim()).trim().to_string()).filter(|l| !l.is_empty()).collect();
        if !lines.is_empty() {
            return lines;
        }
    }
    let mut lines: Vec<String> = letter.company.iter().cloned().collect();
    for f in &letter.filings {
        lines.push(format!("Form {}{}", f.form, period_words(f, false)));
        if let Some(d) = f.filed {
            lines.push(format!("Filed {}", d.format("%B %-d, %Y")));
        }
        if let Some(n) = &f.file_number {
            lines.push(format!("File No. {n}"));
        }
    }
    lines
}

fn strip_re(line: &str) -> &str {
    for p in ["Re:", "RE:", "Re :", "Re.", "RE"] {
        if let Some(rest) = line.strip_prefix(p)
            && (p.ends_with(':') || p.ends_with('.') || rest.starts_with(char::is_whitespace))
        {
            return rest;
        }
    }
    line
}

/// " for the Fiscal Year Ended December 31, 2024" when the period is known.
/// As a Re: line capitalises it, or in running text (`prose`).
fn period_words(f: &Filing, prose: bool) -> String {
    let Some(p) = f.period else { return String::new() };
    let what = match (f.form.starts_with("10-Q"), prose) {
        (true, false) => "Quarterly Period Ended",
        (true, true) => "quarterly period ended",
        (false, false) => "Fiscal Year Ended",
        (false, true) => "fiscal year ended",
    };
    format!(" for the {what} {}", p.format("%B %-d, %Y"))
}

/// The opening: which letter is answered, about which filing, and how the response is laid out.
fn opening(letter: &Letter, company: &str) -> Vec<String> {
    let dated = match letter.date {
        Some(d) => format!("dated {} ", d.format("%B %-d, %Y")),
        None => String::new(),
    };
    let filings: Vec<String> = letter
        .filings
        .iter()
        .map(|f| {
            let mut s = format!("Form {}{}", f.form, period_words(f, true));
            if let Some(d) = f.filed {
                s.push_str(&format!(", filed {}", d.format("%B %-d, %Y")));
            }
            if let Some(n) = &f.file_number {
                s.push_str(&format!(" (File No. {n})"));
            }
            s
        })
        .collect();
    let regarding = if filings.is_empty() {
        "the filing referenced above".to_string()
    } else {
        format!("the Company’s {}", filings.join(" and "))
    };
    vec![
        format!(
            "On behalf of {company} (the “Company”), we are responding to the comment letter {dated}(the “Comment Letter”) from the staff (the “Staff”) of the Division of Corporation Finance of the U.S. Securities and Exchange Commission regarding {regarding}."
        ),
        "For the Staff’s convenience, each comment is repeated below in bold, followed by the Company’s response. The numbers and captions correspond to those in the Comment Letter.".into(),
    ]
}

/// "Dear [Mr./Ms.] Blye and [Mr./Ms.] Hardy:" for the staff named, else "Ladies and Gentlemen:".
fn salutation(names: &[&str]) -> String {
    if names.is_empty() {
        return "Ladies and Gentlemen:".into();
    }
    let surnames: Vec<String> =
        names.iter().map(|n| format!("[Mr./Ms.] {}", n.split_whitespace().last().unwrap_or(n))).collect();
    let refs: Vec<&str> = surnames.iter().map(String::as_str).collect();
    format!("Dear {}:", join_names(&refs))
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [a] => a.to_string(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The staff named in the letter: its signer, then those it says to contact, each once.
fn staff_people(letter: &Letter, text: &str) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    let mut add = |p: Person| {
        let Some(name) = p.name.as_deref() else { return };
        if !out.iter().any(|q| q.name.as_deref() == Some(name)) {
            out.push(p);
        }
    };
    for name in contacts_in(text) {
        add(Person { name: Some(name), ..Person::default() });
    }
    if let Some(s) = &letter.sender
        && s.name.as_deref().is_some_and(looks_like_name)
    {
        add(s.clone());
    }
    out
}

/// Names in "You may contact Jane Roe, Staff Accountant, at (202) 551-0000 or John Doe at ...".
fn contacts_in(text: &str) -> Vec<String> {
    static SENTENCE: OnceLock<Regex> = OnceLock::new();
    static NAME: OnceLock<Regex> = OnceLock::new();
    let sentence = SENTENCE.get_or_init(|| {
        Regex::new(r"(?is)\b(?:may|please)\s+contact\s+(.{5,400}?)(?:\bif you have|\bwith any questions|\bregarding|\.\s*(?:\n|$))")
            .expect("contact pattern")
    });
    let name = NAME.get_or_init(|| {
        Regex::new(r"\b([A-Z][a-z]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+[A-Z][A-Za-z'’\-]+){1,2})[ \t]*(?:,|\bat\b)")
            .expect("name pattern")
    });
    let mut out = Vec::new();
    for s in sentence.captures_iter(text) {
        let part = s[1].replace('\n', " ");
        for n in name.captures_iter(&part) {
            let n = n[1].trim().to_string();
            if looks_like_name(&n) && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Two or three capitalised words that are not an office or a title.
fn looks_like_name(s: &str) -> bool {
    const NOT: &[&str] = &[
        "Staff",
        "Accountant",
        "Attorney",
        "Counsel",
        "Chief",
        "Branch",
        "Office",
        "Division",
        "Assistant",
        "Director",
        "Legal",
        "Senior",
        "Special",
        "Corporation",
        "Finance",
        "Accounting",
        "Securities",
        "Commission",
        "Mail",
        "Stop",
        "Real",
        "Estate",
        "Manufacturing",
        "Technology",
        "Services",
        "Trade",
        "Energy",
        "Transportation",
        "Life",
        "Sciences",
        "Industrial",
        "Applications",
        "Mining",
        "Construction",
        "Disclosure",
        "Review",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len()) && !words.iter().any(|w| NOT.contains(&w.trim_end_matches([',', '.'])))
}

/// "Office of Global Security Risk" as printed under the signature.
fn office_in(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)^\s*(Office of [A-Z][A-Za-z,&' ]{3,80}?)\s*$").expect("office pattern")
    });
    re.captures_iter(text).last().map(|c| c[1].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_read_from_the_closing() {
        let text = "You may contact Jane Roe, Staff Accountant, at (202) 551-0001 or Ann B. Smith,\nAccounting Branch Chief, at (202) 551-0002 if you have questions.";
        assert_eq!(contacts_in(text), vec!["Jane Roe".to_string(), "Ann B. Smith".to_string()]);
        let text = "Please contact Tom Lee at 202-551-0003 or Mara Gold at 202-551-0004 with any questions.";
        assert_eq!(contacts_in(text), vec!["Tom Lee".to_string(), "Mara Gold".to_string()]);
    }

    #[test]
    fn acknowledgment_requests_are_recognised() {
        assert!(asks_for_acknowledgment(
            "In responding to our comments, please provide a written statement from the company acknowledging that"
        ));
        assert!(!asks_for_acknowledgment(
            "We remind you that the company and its management are responsible"
        ));
    }

    #[test]
    fn names_join_as_people_write_them() {
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
        assert_eq!(salutation(&["Jane Roe", "Tom Lee"]), "Dear [Mr./Ms.] Roe and [Mr./Ms.] Lee:");
        assert_eq!(salutation(&[]), "Ladies and Gentlemen:");
    }
}
