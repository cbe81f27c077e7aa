//! Reading the DEV corpus for labelling, training and the cross-validation test.
//!
//! Shared by `examples/train.rs`, `examples/dump.rs` and `tests/cv.rs` through `#[path]`; it is not part
//! of the library because libraries here do no I/O. It splits letters with a deliberately plain
//! splitter (numbered comments, "Response" markers): labels are keyed by the printed comment number, so
//! any splitter that finds the same numbers yields the same training texts.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// The shared folder: `$CORRESP_SHARED`, else the workspace root's sibling `shared`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// The labels folder of the repository.
pub fn labels_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/labels"))
}

/// One hand label of a staff comment (the scorer's `topics.json` row plus `others`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct TopicLabel {
    pub path: String,
    pub number: Option<String>,
    pub ordinal: u32,
    pub primary: String,
    #[serde(default)]
    pub others: Vec<String>,
    pub ask: String,
}

/// One labelled response letter (the scorer's `answers.json` row).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct AnswerLabels {
    pub path: String,
    pub answers: Vec<AnswerLabel>,
}

/// One hand label of a company answer.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct AnswerLabel {
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub answer: String,
    /// For a mixed answer, its parts in the contract's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
}

/// A staff comment as this splitter finds it.
#[derive(Debug, Clone)]
pub struct RawComment {
    pub number: String,
    pub headings: Vec<String>,
    pub text: String,
}

/// A company answer as this splitter finds it.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub number: String,
    pub comment: String,
    pub text: String,
}

/// Plain text of a corpus PDF through `pdftotext -raw`, or `None` when the tool or file is missing.
pub fn pdf_text(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", "-raw"]).arg(path).arg("-").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when `pdftotext` can be run.
pub fn have_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

fn number_line(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix('.')?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest.trim()))
}

fn is_noise(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || t.starts_with("Page ")
        || t.contains("FirstName LastName")
        || t.contains("Comapany Name")
        || t.contains("NameLastName")
        || t.contains("<date>")
        || t.eq_ignore_ascii_case("United States securities and exchange commission logo")
}

fn looks_like_heading(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() < 110
        && !t.ends_with(['.', ';', ',', ':'])
        && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !t.starts_with("Please")
        && !is_date_line(t)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Running headers repeat the letter's date on a line of its own.
fn is_date_line(t: &str) -> bool {
    MONTHS.iter().any(|m| t.starts_with(m)) && t.len() < 20 && t.ends_with(|c: char| c.is_ascii_digit())
}

/// The Re: block of a letter, on one line (first four lines after "Re:").
pub fn re_block(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(i) = lines.iter().position(|l| l.trim_start().starts_with("Re:")) else { return String::new() };
    lines[i..lines.len().min(i + 4)].join(" | ")
}

/// Splits a staff letter's text into numbered comments with the caption lines above each.
pub fn split_comments(text: &str) -> Vec<RawComment> {
    let lines: Vec<&str> = text.lines().filter(|l| !is_noise(l)).collect();
    let end = lines
        .iter()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with("We remind you")
                || t.starts_with("We urge all persons")
                || t.starts_with("Sincerely")
        })
        .unwrap_or(lines.len());
    let lines = &lines[..end];
    let mut out: Vec<RawComment> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut body: Vec<String> = Vec::new();
    for line in lines {
        if let Some((n, rest)) = number_line(line)
            && n == out.len() as u32 + 1
        {
            // Trailing caption lines of the previous comment (or the preamble) belong to this one.
            let mut heads = Vec::new();
            let src = if out.is_empty() { &mut pending } else { &mut body };
            while src.last().is_some_and(|l| looks_like_heading(l)) && heads.len() < 4 {
                heads.insert(0, src.pop().unwrap_or_default());
            }
            if let Some(prev) = out.last_mut() {
                prev.text = body.join(" ");
            }
            body.clear();
            out.push(RawComment { number: n.to_string(), headings: heads, text: String::new() });
            body.push(rest.to_string());
        } else if out.is_empty() {
            pending.push(line.trim().to_string());
        } else {
            body.push(line.trim().to_string());
        }
    }
    if let Some(prev) = out.last_mut() {
        prev.text = body.join(" ");
    }
    out
}

/// Plain text of an EDGAR HTML document: tags dropped, entities decoded (cp1252 for 128-159).
pub fn html_text(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len() / 2);
    let lower = raw.to_ascii_lowercase();
    let mut i = 0;
    let b = raw.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let close = raw[i..].find('>').map(|k| i + k + 1).unwrap_or(b.len());
            let tag = &lower[i..close];
            for skip in ["<script", "<style"] {
                if tag.starts_with(skip) {
                    let endtag = format!("</{}", &skip[1..]);
                    let j = lower[close..].find(&endtag).map(|k| close + k).unwrap_or(b.len());
                    i = j;
                }
            }
            if i >= b.len() {
                break;
            }
            let close = raw[i..].find('>').map(|k| i + k + 1).unwrap_or(b.len());
            let tag = &lower[i..close];
            let block = ["<br", "</p", "<p", "</div", "<div", "</tr", "</h", "</li", "<li", "</table"];
            if block.iter().any(|t| tag.starts_with(t)) {
                s.push('\n');
            } else if tag.starts_with("</td") {
                s.push(' ');
            }
            i = close;
        } else if b[i] == b'&' {
            let semi = raw[i..].find(';').filter(|k| *k < 10).map(|k| i + k);
            match semi.and_then(|j| decode_entity(&raw[i + 1..j]).map(|c| (j, c))) {
                Some((j, c)) => {
                    s.push(c);
                    i = j + 1;
                }
                None => {
                    s.push('&');
                    i += 1;
                }
            }
        } else {
            let ch = raw[i..].chars().next().unwrap_or(' ');
            s.push(ch);
            i += ch.len_utf8();
        }
    }
    let mut out = String::new();
    for line in s.lines() {
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
    }
    out
}

fn decode_entity(e: &str) -> Option<char> {
    const CP1252: [char; 32] = [
        '€', ' ', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', ' ', 'Ž', ' ', ' ', '\'', '\'', '"',
        '"', '•', '–', '—', '˜', '™', 'š', '›', 'œ', ' ', 'ž', 'Ÿ',
    ];
    if let Some(num) = e.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        if (128..160).contains(&n) {
            return Some(CP1252[(n - 128) as usize]);
        }
        return char::from_u32(n).map(|c| if c == '\u{a0}' { ' ' } else { c });
    }
    Some(match e {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" | "ldquo" | "rdquo" => '"',
        "apos" | "rsquo" | "lsquo" => '\'',
        "mdash" => '—',
        "ndash" => '–',
        "bull" => '•',
        "sect" => '§',
        _ => return None,
    })
}

fn response_marker(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let lower = t.to_ascii_lowercase();
    for m in ["response:", "response", "company response:", "company's response:", "answer:"] {
        if lower.starts_with(m) {
            let rest = &t[m.len()..];
            // "Response to Comment 3:" and similar
            let rest = match rest.find(':') {
                Some(k) if k < 30 && rest.trim_start().to_ascii_lowercase().starts_with("to") => {
                    &rest[k + 1..]
                }
                _ => rest,
            };
            if m == "response" && !(rest.is_empty() || rest.starts_with([':', ' ', '.', '—', '-'])) {
                return None;
            }
            return Some(rest.trim_start_matches([':', '.', ' ', '—', '-']).trim());
        }
    }
    None
}

/// Splits a response letter's text into answers keyed by comment number.
pub fn split_answers(text: &str) -> Vec<RawAnswer> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .rposition(|l| {
            let t = l.trim_start();
            t.starts_with("Sincerely")
                || t.starts_with("Very truly yours")
                || t.starts_with("Respectfully submitted")
        })
        .unwrap_or(lines.len());
    let mut out: Vec<RawAnswer> = Vec::new();
    let mut in_answer = false;
    for line in &lines[..end] {
        if let Some((n, rest)) = number_line(line)
            && n == out.len() as u32 + 1
        {
            out.push(RawAnswer { number: n.to_string(), comment: rest.to_string(), text: String::new() });
            in_answer = false;
            continue;
        }
        let Some(cur) = out.last_mut() else { continue };
        if !in_answer && let Some(rest) = response_marker(line) {
            in_answer = true;
            cur.text.push_str(rest);
            cur.text.push('\n');
        } else if in_answer {
            cur.text.push_str(line.trim());
            cur.text.push('\n');
        } else {
            cur.comment.push(' ');
            cur.comment.push_str(line.trim());
        }
    }
    // Letters without "Response" markers: keep the whole segment as the answer text.
    for a in &mut out {
        if a.text.is_empty() {
            a.text = std::mem::take(&mut a.comment);
        }
    }
    out
}

/// Reads one corpus document (PDF or HTML) as plain text.
pub fn doc_text(corpus: &Path, rel: &str) -> Option<String> {
    let p = corpus.join(rel);
    if rel.ends_with(".pdf") {
        pdf_text(&p)
    } else {
        let bytes = std::fs::read(&p).ok()?;
        Some(html_text(&String::from_utf8_lossy(&bytes)))
    }
}

/// The MANIFEST rows: (thread id, form, file, filing date).
pub fn manifest(corpus: &Path) -> Vec<(String, String, String, String)> {
    let Ok(s) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) else { return Vec::new() };
    s.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 10).then(|| (f[0].to_string(), f[4].to_string(), f[5].to_string(), f[9].to_string()))
        })
        .collect()
}

/// Splits a segment that repeats the staff comment and then answers it without a "Response" marker:
/// the answer starts at the first sentence in the company's voice ("The Company acknowledges the
/// Staff's comment", "We respectfully advise", "In response to the Staff's comment"). Returns
/// `(comment, answer)`; the comment is empty when no such sentence follows a staff request.
pub fn split_comment_answer(segment: &str) -> (String, String) {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?:^|[.:?]\s+|\n)\s*((?:In response|In recognition|As (?:requested|discussed|noted)|The Company|Company|Management|Our |We (\w+)|[A-Z][A-Za-z&.\-]+(?: [A-Z][A-Za-z&.\-]+){0,2} (?:respectfully|acknowledges|advises|confirms|will|has|believes|concluded|performed))\b)",
        )
        .expect("constant pattern compiles")
    });
    // Sentences in the staff's voice start "We note", "We refer", ...; the company's do not.
    let staff_we = [
        "note",
        "refer",
        "remind",
        "understand",
        "are",
        "continue",
        "have",
        "reissue",
        "may",
        "acknowledge",
        "also",
        "further",
        "urge",
        "request",
        "believe",
        "do",
        "will",
    ];
    let staff =
        ["Please", "please", "tell us", "We note", "Tell us", "Refer to", "Explain", "Provide", "Describe"];
    for m in re.captures_iter(segment) {
        let Some(g) = m.get(1) else { continue };
        if let Some(w) = m.get(2)
            && staff_we.contains(&w.as_str())
            && !segment[g.end()..].trim_start().starts_with("the Staff")
        {
            // "We have revised", "We will", "We believe" are the company's only after the request.
            let before = &segment[..g.start()];
            let request_seen = staff.iter().any(|x| before.contains(x));
            let company = ["have", "will", "believe", "do", "acknowledge"].contains(&w.as_str());
            if !(request_seen && company) {
                continue;
            }
        }
        let before = &segment[..g.start()];
        if g.start() > 40 && staff.iter().any(|w| before.contains(w)) {
            return (before.trim().to_string(), segment[g.start()..].trim().to_string());
        }
    }
    (String::new(), segment.to_string())
}

/// A rough stand-in for the parser's `revised_disclosure`: the answer quotes new disclosure text.
pub fn quotes_disclosure(answer: &str) -> bool {
    let lower = answer.to_ascii_lowercase();
    [
        "as follows",
        "revised disclosure",
        "underlined",
        "marked to show",
        "proposed disclosure",
        "sample disclosure",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// A rough stand-in for the parser's `commits_to_revise`.
pub fn commits(answer: &str) -> bool {
    let lower = answer.to_ascii_lowercase();
    lower.contains("future filings") || lower.contains("future periodic") || lower.contains("will revise")
}
