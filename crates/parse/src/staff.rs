//! Staff comments: the numbered paragraphs "1." ... of a comment letter, the captions above them,
//! and the pages and earlier comments each one points at.

use std::sync::LazyLock;

use corresp_model::{Comment, Span};
use regex::Regex;

use crate::lines::{Line, ends_sentence, number_word, squash};

/// A comment number at the start of a line: "1. We note", "1.We note", or "1." alone (the text then
/// starts on the next line).
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^(\d{1,3})\s*\.(?:\s+|$|([A-Z"“(]))"#).expect("static regex"));

/// Lines that close the comments: the staff's closing boilerplate and the sign-off.
pub(crate) static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:we\s+remind\s+you|we\s+urge\s+all\s+persons|in\s+closing|you\s+may\s+contact|please\s+contact|if\s+you\s+have\s+(?:any\s+)?questions|sincerely|very\s+truly\s+yours|cc\s*:|please\s+direct|we\s+also\s+remind\s+you|notwithstanding\s+our\s+comments|in\s+responding\s+to\s+our\s+comments|please\s+understand\s+that\s+we\s+may|a\s+company\s+and\s+its\s+management\s+are\s+responsible)")
        .expect("static regex")
});

/// Captions that name a filing: they start a new caption path instead of nesting under the last.
static FILING_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:forms?\s+[0-9A-Z]|schedule\s+(?:14|TO|13)|amendment\s+no|amended\s|(?:confidential\s+)?draft\s+registration|registration\s+statement|(?:definitive|preliminary|revised\s+preliminary)\s+(?:proxy|information)|annual\s+report\s+on|quarterly\s+report\s+on|current\s+report\s+on|post-effective|offering\s+statement|information\s+statement\s+on|proxy\s+statement)")
        .expect("static regex")
});

static PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpages?\s+((?:[A-Z]{1,2}-)?\d+(?:\s*(?:-|\u{2013}|\u{2014}|through|to|,\s*and|,|and|&)\s*(?:[A-Z]{1,2}-)?\d+)*)")
        .expect("static regex")
});
static PAGE_ONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[A-Z]{1,2}-)?\d+").expect("static regex"));
static PRIOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcomments?\s+(?:nos?\.?\s*|numbers?\s+)?((?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)(?:\s*(?:,\s*and|,|and|&|through)\s*(?:\d{1,3}\b|one|two|three|four|five|six|seven|eight|nine|ten))*)\b")
        .expect("static regex")
});

/// Where one numbered comment starts, as line indexes, before its text is cut.
struct CommentStart {
    number: u32,
    line: usize,
    /// Byte offset where the comment's text starts (after "1.").
    text_start: usize,
}

/// Finds the numbered comments of a staff letter between `body` and the end: the longest run
/// 1, 2, 3, ... of line-initial numbers, so stray numbers in the text do not start comments.
pub(crate) fn comments(text: &str, lines: &[Line<'_>], body: usize) -> Vec<Comment> {
    let mut found: Vec<CommentStart> = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(body) {
        let Some(c) = NUMBERED.captures(l.text) else { continue };
        let Ok(n) = c[1].parse::<u32>() else { continue };
        if n as usize != found.len() + 1 {
            continue;
        }
        // "3. Discontinued Operations, page 69" above "3. Please provide ...": a note caption.
        if numbered_caption(l.text)
            && lines[i + 1..]
                .iter()
                .filter(|x| !x.text.is_empty())
                .take(3)
                .any(|x| NUMBERED.captures(x.text).is_some_and(|c| c[1].parse::<u32>().ok() == Some(n)))
        {
            continue;
        }
        let after = c.get(2).map(|g| g.start()).unwrap_or_else(|| c.get(0).expect("group 0").end());
        let mut text_start = l.start + after;
        if l.text[after..].trim().is_empty() {
            // "1." alone: the text starts on the next non-blank line.
            match lines[i + 1..].iter().find(|x| !x.text.is_empty()) {
                Some(next) => text_start = next.start,
                None => continue,
            }
        }
        found.push(CommentStart { number: n, line: i, text_start });
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for k in 0..found.len() {
        let f = &found[k];
        let lower = if k == 0 { body } else { found[k - 1].line + 1 };
        let (caps, _) = captions(lines, lower, f.line);
        if !caps.is_empty() {
            path = nest(&path, caps);
        }
        // The comment runs to the captions of the next comment, or to the closing boilerplate.
        let last_line = match found.get(k + 1) {
            Some(next) => captions(lines, f.line + 1, next.line).1.saturating_sub(1),
            None => (f.line + 1..lines.len())
                .find(|&i| CLOSING.is_match(lines[i].text))
                .map(|i| i - 1)
                .unwrap_or(lines.len() - 1),
        };
        let last_line =
            (f.line..=last_line.max(f.line)).rev().find(|&i| !lines[i].text.is_empty()).unwrap_or(f.line);
        let end = lines[last_line].end.max(f.text_start);
        let body_text = squash(&text[f.text_start..end]);
        let heading_pages = path.last().map(|h| page_refs(h)).unwrap_or_default();
        let mut pages = heading_pages;
        for p in page_refs(&body_text) {
            if !pages.contains(&p) {
                pages.push(p);
            }
        }
        out.push(Comment {
            ordinal: (k + 1) as u32,
            number: Some(f.number.to_string()),
            headings: path.clone(),
            page_refs: pages,
            prior_comment_refs: prior_refs(&body_text),
            text: body_text,
            span: Span::new(lines[f.line].start, end),
            topics: None,
            ask: None,
        });
    }
    out
}

/// Staff boilerplate that opens a letter around its comments, never a comment itself.
static OPENING_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:we\s+have\s+(?:reviewed|limited\s+our\s+review|selectively\s+reviewed)|based\s+(?:upon|on)\s+(?:a|our)\s+(?:limited\s+)?review|please\s+respond\s+to\s+(?:this\s+letter|these\s+comments?)|after\s+reviewing|in\s+some\s+of\s+our\s+comments|our\s+review\s+(?:was|is)\s+limited)")
        .expect("static regex")
});
/// What a comment asks: "Please advise us", "tell us", "revise", "provide", "explain" ...
static ASKS_SOMETHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bplease\s+(?:advise|tell|explain|provide|revise|confirm|describe|disclose|clarify|address|discuss|quantify|expand|file|amend|supplementally)\b")
        .expect("static regex")
});
/// Letters that ask nothing new: reminders of outstanding comments and redacted-exhibit requests.
static NOT_A_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)remain\s+outstanding|we\s+issued\s+comments|redacted|unredacted|completed\s+our\s+review|concluded\s+our")
        .expect("static regex")
});

/// A staff letter whose one comment is not numbered ("We note the statement you issued ...
/// Please advise us ..."): the body between the opening boilerplate and the closing, as one
/// comment with no number, when it asks something.
pub(crate) fn single_unnumbered(text: &str, lines: &[Line<'_>], body: usize) -> Option<Comment> {
    let end = (body..lines.len()).find(|&i| CLOSING.is_match(lines[i].text))?;
    let mut first = None;
    let mut paragraph_start = true;
    for (i, l) in lines.iter().enumerate().take(end).skip(body) {
        if l.text.is_empty() {
            paragraph_start = true;
            continue;
        }
        if paragraph_start && OPENING_BOILERPLATE.is_match(l.text) {
            first = None;
        } else if first.is_none() && paragraph_start && !is_caption(l.text) {
            first = Some(i);
        }
        paragraph_start = false;
    }
    let first = first?;
    let last = (first..end).rev().find(|&i| !lines[i].text.is_empty())?;
    let (start, stop) = (lines[first].start, lines[last].end);
    let body_text = squash(&text[start..stop]);
    if !ASKS_SOMETHING.is_match(&body_text) || NOT_A_COMMENT.is_match(&body_text) || body_text.len() > 6000 {
        return None;
    }
    let (headings, _) = captions(lines, body, first);
    Some(Comment {
        ordinal: 1,
        number: None,
        page_refs: page_refs(&body_text),
        prior_comment_refs: prior_refs(&body_text),
        headings,
        text: body_text,
        span: Span::new(start, stop),
        topics: None,
        ask: None,
    })
}

/// The caption lines right above line `at` (not above `lower`), joined where a caption wraps, and
/// the index of the first caption line (`at` when there are none).
fn captions(lines: &[Line<'_>], lower: usize, at: usize) -> (Vec<String>, usize) {
    let mut idx: Vec<usize> = Vec::new();
    let mut i = at;
    while i > lower {
        i -= 1;
        let t = lines[i].text;
        if t.is_empty() {
            continue;
        }
        if is_caption(t) {
            idx.push(i);
        } else {
            break;
        }
    }
    idx.reverse();
    // A caption block must follow a finished sentence; otherwise its top line is the tail of the
    // paragraph above (a wrapped line that happens to look like a caption).
    while let Some(&top) = idx.first() {
        let above = (lower..top).rev().find(|&j| !lines[j].text.is_empty());
        match above {
            // EDGAR's plain-text letters set captions with no blank line around them, after
            // comments that may end with no period: a caption that reads as one stays.
            Some(j)
                if !ends_sentence(lines[j].text)
                    && !is_caption(lines[j].text)
                    && !strong_caption(lines[top].text) =>
            {
                idx.remove(0);
            }
            _ => break,
        }
    }
    let first = idx.first().copied().unwrap_or(at);
    let mut caps: Vec<String> = Vec::new();
    let mut prev_wraps = false;
    for &j in &idx {
        let t = squash(lines[j].text);
        let starts_lower = t.chars().next().is_some_and(|c| c.is_lowercase());
        match caps.last_mut() {
            Some(last) if prev_wraps || starts_lower => {
                last.push(' ');
                last.push_str(&t);
            }
            _ => caps.push(t.clone()),
        }
        let l = t.to_ascii_lowercase();
        prev_wraps = [
            " of", " and", " the", " to", " for", " in", " on", ",", "&", " a", " an", " with", " from",
            " page", " pages",
        ]
        .iter()
        .any(|w| l.ends_with(w));
    }
    (caps, first)
}

/// A caption: a short line that is not a sentence, does not start in lower case and is not a
/// running header, a bullet or a comment number.
fn is_caption(t: &str) -> bool {
    if t.len() > 180 || t.len() < 3 {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '\u{201c}' | '\'' | '\u{2018}' | '('))
    {
        return false;
    }
    if NUMBERED.is_match(t) {
        return numbered_caption(t);
    }
    if t.starts_with(['•', '\u{f0b7}', '·', '-', '*']) {
        return false;
    }
    // "Note 2. Revenue" and "Exhibit 99.1" end without a period; a sentence does not.
    let trimmed = t.trim_end_matches(['"', '\u{201d}', ')', ' ']);
    if trimmed.ends_with(['.', ';', ',', ':', '?', '!'])
        && !trimmed.ends_with("...")
        && !trimmed.ends_with(". .")
    {
        return false;
    }
    if CLOSING.is_match(t) || t.starts_with("Page ") && t[5..].trim().chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // Sentences that merely wrap short: too many small words for a caption.
    let words: Vec<&str> = t.split_whitespace().collect();
    let lower = words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase())).count();
    !(words.len() >= 14 && lower * 10 > words.len() * 7)
}

/// Small words a title-case caption leaves in lower case.
const SMALL_WORDS: [&str; 16] = [
    "of", "and", "the", "for", "in", "on", "to", "a", "an", "with", "from", "by", "or", "at", "page", "pages",
];

/// True when most words of `t` that are not small words start with a capital (or a digit).
fn title_case(t: &str) -> bool {
    let words: Vec<&str> = t
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        .count();
    !words.is_empty() && caps * 5 >= words.len() * 4
}

static ENDS_WITH_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s+pages?\s+(?:[A-Z]{1,2}-)?\d+(?:\s*(?:-|\u{2013}|and|,|through)\s*(?:[A-Z]{1,2}-)?\d+)*\s*$").expect("static regex")
});

/// A caption that cannot be the tail of a sentence: title case, or ending "..., page 33", or a
/// filing's name.
fn strong_caption(t: &str) -> bool {
    let t = t.trim();
    t.len() <= 120
        && !ends_sentence(t)
        && (FILING_CAPTION.is_match(t)
            || ENDS_WITH_PAGE.is_match(t) && t.split_whitespace().count() <= 12
            || title_case(t))
}

/// A note caption that starts with its note number: "2. Discontinued Operations, page 69",
/// "10. Income Taxes, page 85" (short, title case, no final period).
pub(crate) fn numbered_caption(t: &str) -> bool {
    let Some(c) = NUMBERED.captures(t) else { return false };
    let rest = t[c.get(0).expect("group 0").end()..].trim();
    let rest = c.get(2).map(|g| &t[g.start()..]).unwrap_or(rest);
    !rest.is_empty()
        && rest.len() <= 90
        && !ends_sentence(rest)
        && rest.chars().next().is_some_and(char::is_uppercase)
        && title_case(rest)
}

/// Puts a new caption block on the path: a block that names a filing starts afresh; otherwise it
/// replaces as many of the deepest levels as it has lines, under the filing caption.
fn nest(path: &[String], caps: Vec<String>) -> Vec<String> {
    if FILING_CAPTION.is_match(&caps[0]) {
        return caps;
    }
    let (root, rest): (Vec<String>, Vec<String>) = match path.first() {
        Some(p) if FILING_CAPTION.is_match(p) => (vec![p.clone()], path[1..].to_vec()),
        _ => (Vec::new(), path.to_vec()),
    };
    let keep = rest.len().saturating_sub(caps.len());
    let mut out = root;
    out.extend_from_slice(&rest[..keep]);
    out.extend(caps);
    out
}

/// Pages a text points at: "page 13" → 13, "pages 14, 16 and 93", "pages 50-51" → 50, 51, "page F-23".
pub(crate) fn page_refs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in PAGES.captures_iter(s) {
        for p in PAGE_ONE.find_iter(&c[1]) {
            let p = p.as_str().to_string();
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Earlier comments a text refers to: "prior comment 3", "comments 3 and 4 of our letter dated ...",
/// "our prior comment two".
pub(crate) fn prior_refs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in PRIOR.captures_iter(s) {
        for w in c[1].split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let n = match w.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => number_word(w),
            };
            if let Some(n) = n {
                let n = n.to_string();
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    #[test]
    fn refs() {
        assert_eq!(page_refs("see pages 14, 16, 18, 93 and elsewhere"), ["14", "16", "18", "93"]);
        assert_eq!(page_refs("on pages 50-51 and page F-23"), ["50", "51", "F-23"]);
        assert_eq!(
            prior_refs("Refer to comment 2 of our March 15, 2023 letter and comments 3 and 4."),
            ["2", "3", "4"]
        );
        assert_eq!(prior_refs("our prior comment two"), ["2"]);
    }

    #[test]
    fn numbered_comments_under_captions() {
        let t = "Dear Mr. Roe:\nWe have reviewed your filing.\nForm 10-K for the Fiscal Year Ended December 31, 2023\nNotes to Financial Statements\nNote 3. Revenue, page 60\n1. Please tell us how you\nrecognise revenue.\nSegment Information, page 70\n2. Please explain. Refer to prior comment 4.\nWe remind you that the company is responsible.\n";
        let l = split_lines(t);
        let c = comments(t, &l, 1);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].text, "Please tell us how you recognise revenue.");
        assert_eq!(
            c[0].headings,
            [
                "Form 10-K for the Fiscal Year Ended December 31, 2023",
                "Notes to Financial Statements",
                "Note 3. Revenue, page 60"
            ]
        );
        assert_eq!(c[0].page_refs, ["60"]);
        assert_eq!(
            c[1].headings,
            [
                "Form 10-K for the Fiscal Year Ended December 31, 2023",
                "Notes to Financial Statements",
                "Segment Information, page 70"
            ]
        );
        assert_eq!(c[1].prior_comment_refs, ["4"]);
        assert_eq!(c[1].text, "Please explain. Refer to prior comment 4.");
    }
}
