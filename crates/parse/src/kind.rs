//! Who wrote the letter (the staff or the company) and what kind of letter it is.

use std::sync::LazyLock;

use corresp_model::{Comment, LetterKind, Response, SourceFormat, Span, Text};
use regex::Regex;

use crate::header::Head;
use crate::lines::Line;

/// The letter's writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Staff,
    Company,
}

/// The side EDGAR's form type names ([`corresp_model::correspondence_author`], with `_` or `-` read
/// as spaces); other forms (or none) leave it to the text.
pub(crate) fn side_of_form(form: &str) -> Option<Side> {
    let f = form.split(|c: char| c.is_whitespace() || c == '_' || c == '-').filter(|w| !w.is_empty());
    match corresp_model::correspondence_author(&f.collect::<Vec<_>>().join(" "))? {
        corresp_model::Direction::Company => Some(Side::Company),
        corresp_model::Direction::Staff => Some(Side::Staff),
    }
}

static STAFF_TOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)securities\s+and\s+exchange\s+commission\s+logo|^\s*mail\s+stop\s+\d+|^\s*division\s+of\s+corporation\s+finance\s*$").expect("static regex")
});
static SEC_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:u\.\s*s\.\s+)?securities\s+and\s+exchange\s+commission\s*$|100\s+f\s+street|^\s*division\s+of\s+corporat|^\s*office\s+of\s+[a-z]")
        .expect("static regex")
});
static WASHINGTON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:washington,?\s+d\.?\s*c\.?\s+20549|attn\b|attention\b)").expect("static regex")
});
static STAFF_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:we\s+have\s+(?:reviewed|limited\s+our\s+review|completed\s+our\s+review|concluded\s+our|received\s+your|selectively\s+reviewed|not\s+reviewed|conducted)|based\s+(?:upon|on)\s+(?:a|our)\s+(?:limited\s+)?review|this\s+is\s+to\s+advise\s+you|this\s+letter\s+is\s+to\s+advise\s+you|we\s+(?:do\s+not|will\s+not)\s+(?:intend\s+to\s+)?review|the\s+division\s+of\s+corporation\s+finance\s+has)")
        .expect("static regex")
});
static STAFF_SIGNOFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:division\s+of\s+corporation\s+finance|office\s+of\s+[a-z ,&]+|(?:senior\s+)?(?:assistant|associate|deputy)\s+director|(?:accounting\s+|legal\s+)?branch\s+chief|(?:senior\s+)?staff\s+(?:attorney|accountant)|special\s+counsel|(?:senior\s+)?assistant\s+chief\s+accountant)\s*$")
        .expect("static regex")
});
/// Words only the company writes: "our responses", "we have received your letter".
static OWN_ANSWERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bour\s+respons|\breceived\s+(?:your|the\s+staff['\u{2019}]s)\s+(?:comment\s+)?letter")
        .expect("static regex")
});
static COMPANY_VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:on\s+behalf\s+of\s+(?:our\s+client|[A-Z])|respectfully\s+(?:submits?|requests?|advises?)|in\s+response\s+to\s+(?:the\s+)?(?:staff|your\s+letter|the\s+letter)|this\s+letter\s+(?:sets\s+forth|responds|is\s+(?:being\s+)?submitted)|(?:we|the\s+company)\s+(?:hereby\s+)?request)")
        .expect("static regex")
});

/// Decides who wrote the letter: a staff letter has the SEC logo or "Mail Stop" on top, opens with
/// "We have reviewed ...", or is signed by a Division office; otherwise the source format decides
/// (staff letters are PDFs, responses HTML).
pub(crate) fn side(text: &Text, lines: &[Line<'_>], head: &Head) -> Side {
    let top = head.re.map(|r| r.0).unwrap_or(lines.len().min(25)).min(lines.len());
    let top_lines = &lines[..top.min(12)];
    // A response addresses the Commission: "Mail Stop 4720" under "100 F Street" is the staff's
    // address written by the company, not the staff's own letterhead.
    let addressed_to_sec = |k: usize| top_lines[..k].iter().any(|l| SEC_ADDRESS.is_match(l.text));
    // The staff's "Mail Stop 4720" heads the letter, followed by its date or "Via E-mail"; in an
    // addressee block it sits among the Commission's address lines ("Washington, D.C. 20549").
    let letterhead = |k: usize| {
        let l = top_lines[k].text;
        if !l.to_ascii_lowercase().starts_with("mail") {
            return true;
        }
        let first = top_lines[..k].iter().all(|x| x.text.is_empty() || STAFF_TOP.is_match(x.text));
        let rest = l.split_once(char::is_numeric).map(|x| x.1).unwrap_or("");
        let next = top_lines[k + 1..].iter().find(|x| !x.text.is_empty()).map(|x| x.text).unwrap_or("");
        let dated = |t: &str| crate::lines::first_date(t).is_some_and(|d| d.1 < 12);
        let near_address = top_lines[k.saturating_sub(3)..(k + 4).min(top_lines.len())]
            .iter()
            .any(|x| SEC_ADDRESS.is_match(x.text) || WASHINGTON.is_match(x.text));
        (first || dated(rest) || dated(next) || next.to_ascii_lowercase().starts_with("via")) && !near_address
    };
    if top_lines.iter().enumerate().any(|(k, l)| {
        STAFF_TOP.is_match(l.text)
            && !l.text.to_ascii_lowercase().starts_with("division")
            && !addressed_to_sec(k)
            && letterhead(k)
    }) {
        return Side::Staff;
    }
    let body_end = (head.body + 12).min(lines.len());
    let staff_opening = lines[head.body.min(body_end)..body_end]
        .iter()
        .filter(|l| !l.text.is_empty())
        .take(3)
        .any(|l| STAFF_OPENING.is_match(l.text));
    let tail: Vec<&Line<'_>> = lines.iter().rev().filter(|l| !l.text.is_empty()).take(14).collect();
    let staff_signoff = tail.iter().any(|l| STAFF_SIGNOFF.is_match(l.text))
        && !tail.iter().any(|l| l.text.to_ascii_lowercase().starts_with("cc"));
    let company_voice = COMPANY_VOICE.is_match(body_start(text, lines, head));
    if !staff_signoff && OWN_ANSWERS.is_match(body_start(text, lines, head)) {
        return Side::Company;
    }
    match (staff_opening, staff_signoff, company_voice) {
        (true, _, false) | (_, true, false) => Side::Staff,
        (true, true, true) => Side::Staff,
        // Staff letters quote "in response to comment 3" too; an opening such as "We have reviewed
        // your amended draft" outweighs it unless the letter came as HTML (responses do).
        (true, false, true) if text.format != SourceFormat::Html => Side::Staff,
        (false, false, false) if text.format == SourceFormat::Pdf => Side::Staff,
        _ => Side::Company,
    }
}

/// The first two thousand bytes of the body, where a letter says why it is written.
fn body_start<'a>(text: &'a Text, lines: &[Line<'_>], head: &Head) -> &'a str {
    let s = lines.get(head.body).map(|l| l.start).unwrap_or(0);
    let mut e = (s + 2000).min(text.text.len());
    while !text.text.is_char_boundary(e) {
        e -= 1;
    }
    &text.text[s.min(e)..e]
}

static COMPLETE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)completed\s+(?:our|its|the)\s+review|concluded\s+(?:our|its|the)\s+(?:review|assessment)|(?:do|does|will)\s+not\s+(?:intend\s+to\s+)?review|not\s+reviewed\s+and\s+will\s+not\s+review|no\s+further\s+comments|decided\s+not\s+to\s+review|will\s+not\s+be\s+reviewed|not\s+be\s+subject\s+to\s+(?:a\s+)?(?:full\s+)?review")
        .expect("static regex")
});
/// Words that put a "concluded our review" into the future or a condition ("we will notify you ...
/// that we have concluded our assessment"): such a letter still waits on the company.
static NOT_YET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwill\s+(?:notify|inform|advise|let)\b|\bwhen\s+we\b|\bonce\s+we\b|\bif\s+we\b|\buntil\b|\bafter\s+we\b")
        .expect("static regex")
});

/// True when some sentence says the review is over (or will not happen), not merely that it will be.
fn says_complete(s: &str) -> bool {
    COMPLETE.find_iter(s).any(|m| {
        let before = &s[..m.start()];
        let sentence = before.rfind(['.', ';', ':']).map(|i| &before[i + 1..]).unwrap_or(before);
        !NOT_YET.is_match(sentence)
    })
}

static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:have|has)\s+the\s+following\s+comments?|our\s+comments?\s+(?:follow|below)")
        .expect("static regex")
});

/// True when a staff letter announces comments ("we have the following comments").
pub(crate) fn asks_for_comments(s: &str) -> bool {
    ASKS.is_match(s)
}

/// A staff letter with comments is `comments`; one that closes or declines the review is
/// `review_complete`; anything else (requests for documents, orders) is `other`.
pub(crate) fn staff_kind(s: &str, comments: &[Comment]) -> LetterKind {
    if !comments.is_empty() {
        LetterKind::Comments
    } else if says_complete(s) {
        LetterKind::ReviewComplete
    } else {
        LetterKind::Other
    }
}

static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)accelerat\w*\s+(?:of\s+)?(?:the\s+)?effective|request(?:s|ed)?\s+(?:that\s+)?(?:the\s+)?(?:effective\s+date|effectiveness)|declared\s+effective|rule\s+461|request(?:s|ed|ing)?\s+(?:an\s+)?(?:additional\s+)?extension|extension\s+of\s+(?:the\s+)?(?:time|deadline|due\s+date)|additional\s+time\s+(?:to|in\s+which\s+to)\s+respond|(?:will|intends?\s+to|expects?\s+to|plans?\s+to)\s+(?:submit\s+its\s+|provide\s+its\s+)?respon(?:d|se)\s+(?:to\s+(?:the|your)\s+(?:staff|comment|letter)\w*\s+)?(?:on\s+or\s+)?(?:before|by|no\s+later)|rule\s+477|request(?:s|ed)?\s+(?:the\s+)?withdrawal|withdraw\s+(?:the|its|our)\s+registration")
        .expect("static regex")
});
static ANSWERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:in\s+response\s+to|responds?\s+to|responding\s+to|response\s+to|respond\s+to|addresses?)\s+(?:the\s+|your\s+|each\s+of\s+the\s+)?(?:staff['\u{2019}]s\s+)?(?:comments?|letter|comment\s+letter|the\s+comment)|(?:set\s+forth|sets\s+forth)\s+(?:below\s+)?(?:the\s+|our\s+)?(?:company['\u{2019}]s\s+)?respon")
        .expect("static regex")
});

/// Letters that only set a date for the answer: "requests a 30 calendar day extension", "the
/// Staff consented to an extension", "will file a response by November 18, 2016", "anticipates
/// submitting a response to the Comment Letter on or before August 24, 2018".
static EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bextension\b[^.]{{0,120}}?\brespon|\badditional\s+(?:\w+\s+){{0,3}}days\b[^.]{{0,80}}?\brespon|\brespon(?:d|se|ding)\b[^.]{{0,120}}?\b(?:by|no\s+later\s+than|on\s+or\s+before|until(?:\s+on\s+or\s+about)?)\s+(?:\w+,\s+)?{}\.?\s+\d",
        crate::lines::MONTH
    ))
    .expect("static regex")
});

/// A company letter is a `response` when it answers comments (one by one, or in one narrative);
/// acceleration, extension and withdrawal requests, and letters that answer nothing, are `other`.
pub(crate) fn company_kind(s: &str, responses: &[Response]) -> LetterKind {
    let head = &s[..s.floor_char_boundary_compat(6000)];
    if !responses.is_empty() {
        return LetterKind::Response;
    }
    if OTHER.is_match(head) || EXTENSION.is_match(head) {
        return LetterKind::Other;
    }
    if ANSWERS.is_match(head) {
        return LetterKind::Response;
    }
    LetterKind::Other
}

/// `str::floor_char_boundary` is not stable yet: the nearest char boundary at or before `i`.
trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, i: usize) -> usize {
        let mut i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

static ACK_ADEQUACY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:adequacy\s+and\s+accuracy|accuracy\s+and\s+adequacy)").expect("static regex")
});
static ACK_FORECLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bforeclose").expect("static regex"));
static ACK_DEFENSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bas\s+a\s+defen[cs]e\b").expect("static regex"));

/// The company's three-part acknowledgment: responsible for adequacy and accuracy, staff comments
/// do not foreclose action, may not assert staff comments as a defense. All three must be there.
/// The parts may come in any order (2005-era letters put "foreclose" first).
pub(crate) fn acknowledgment(s: &str) -> Option<Span> {
    let parts: Vec<Vec<(usize, usize)>> = [&*ACK_ADEQUACY, &*ACK_FORECLOSE, &*ACK_DEFENSE]
        .iter()
        .map(|r| r.find_iter(s).map(|m| (m.start(), m.end())).collect())
        .collect();
    // The three parts sit together; mentions spread over a long letter are not the acknowledgment.
    for &(start, end) in parts.iter().flatten() {
        let near = |p: &Vec<(usize, usize)>| {
            p.iter().copied().filter(|m| m.0.abs_diff(start) < 2500).min_by_key(|m| m.0.abs_diff(start))
        };
        let found: Option<Vec<(usize, usize)>> = parts.iter().map(near).collect();
        if let Some(found) = found {
            let a = found.iter().map(|m| m.0).min().unwrap_or(start).min(start);
            let b = found.iter().map(|m| m.1).max().unwrap_or(end).max(end);
            if b - a < 2500 {
                return Some(Span::new(a, b));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledgment_in_any_order() {
        let ours = "The Company acknowledges that it is responsible for the adequacy and accuracy of the disclosure in the filing; staff comments do not foreclose the Commission from taking any action; and the Company may not assert staff comments as a defense in any proceeding.";
        let old = "The Company acknowledges that staff comments or changes to disclosure do not foreclose the Commission from taking any action with respect to the filing; the Company is responsible for the adequacy and accuracy of the disclosure in the filing; and the Company may not assert staff comments as a defense in any proceeding.";
        assert_eq!(acknowledgment(ours).map(|s| s.start), ours.find("adequacy"));
        assert_eq!(acknowledgment(old).map(|s| s.start), old.find("foreclose"));
        assert_eq!(acknowledgment(old).map(|s| s.end), old.find(" in any proceeding"));
        assert!(
            acknowledgment("We are responsible for the adequacy and accuracy of the disclosure.").is_none()
        );
    }

    #[test]
    fn complete_only_when_said_as_done() {
        assert!(says_complete("We have completed our review of your filing."));
        assert!(says_complete(
            "This is to advise you that we have not reviewed and will not review your filing."
        ));
        assert!(!says_complete(
            "We will notify you of any comments we may have or that we have concluded our assessment of your compliance."
        ));
        assert!(!says_complete("When we have completed our review, we may have further comments."));
    }
}
