//! The three renderings of one hand-built draft: HTML escapes hostile letter text and keeps the
//! precedents in the note to remove; Markdown keeps every comment paragraph in order; the DOCX, read
//! back by python-docx (an independent reader), has the comments in bold and in order, captions in
//! heading styles and one Word comment per precedent.

use std::path::Path;
use std::process::Command;

use corresp_draft::{
    ACKNOWLEDGMENT, Acknowledgment, Cited, Draft, Precedent, PrecedentAnswer, Section, StaffLetter, docx,
    html, markdown,
};
use corresp_model::{AnswerType, ClosedBy};
use serde_json::Value;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";

fn precedent(company: &str, number: &str, urls: bool) -> Precedent {
    let url =
        |acc: &str| urls.then(|| format!("https://www.sec.gov/Archives/edgar/data/1234/{acc}-index.htm"));
    Precedent {
        company: company.into(),
        cik: Some("1234".into()),
        comment: Cited {
            accession: "0000000000-20-000001".into(),
            date: Some("March 3, 2020".into()),
            number: Some(number.into()),
            ordinal: Some(2),
            url: url("000000000020000001"),
        },
        caption: vec!["Results of Operations".into(), "Revenue".into()],
        comment_excerpt: "Please disaggregate revenue by product line".into(),
        answer: Some(PrecedentAnswer {
            letter: Cited {
                accession: "0000000000-20-000002".into(),
                date: Some("April 1, 2020".into()),
                number: Some(number.into()),
                ordinal: Some(2),
                url: url("000000000020000002"),
            },
            opening: "The Company respectfully advises the Staff".into(),
            answer_type: Some(AnswerType::Mixed),
            parts: vec![AnswerType::ProvidedInfo, AnswerType::WillRevise],
            commitment: Some("We will expand this disclosure in future filings.".into()),
        }),
        last_round: 1,
        round: 1,
        followed_up: false,
        closed_by: Some(ClosedBy::ReviewComplete),
        review_days: Some(45),
        score: 0.8,
        citation: format!("{company}, staff letter of March 3, 2020 (comment {number})"),
    }
}

fn draft() -> Draft {
    let mut hostile = precedent(&format!("Evil Corp {SCRIPT}{IMG}"), "4", true);
    hostile.comment.url = Some("javascript:alert(1)".into());
    Draft {
        staff_letter: StaffLetter {
            accession: Some("0000000000-21-000001".into()),
            cik: Some("99".into()),
            company: Some("Acme Widgets, Inc.".into()),
            date: chrono::NaiveDate::from_ymd_opt(2021, 5, 4),
            url: None,
        },
        letterhead: "[Acme Widgets, Inc. letterhead]".into(),
        date: "December 7, 2026".into(),
        delivery: "VIA EDGAR".into(),
        addressee: vec![
            "Division of Corporation Finance".into(),
            "U.S. Securities and Exchange Commission".into(),
            "100 F Street, N.E.".into(),
            "Washington, D.C. 20549".into(),
        ],
        re: vec!["Acme Widgets, Inc.".into(), "Form 10-K for the Fiscal Year Ended December 31, 2020".into()],
        salutation: "Dear Ms. Smith:".into(),
        opening: vec![
            "On behalf of Acme Widgets, Inc. (the \"Company\"), we respond to the letter of May 4, 2021."
                .into(),
        ],
        sections: vec![
            Section {
                ordinal: 1,
                number: Some("1".into()),
                headings: vec!["Management's Discussion and Analysis".into(), "Results of Operations".into()],
                new_headings: vec![
                    "Management's Discussion and Analysis".into(),
                    "Results of Operations".into(),
                ],
                comment: vec![
                    format!(
                        "Please tell us how you determined your segments. {SCRIPT} In your response, address:"
                    ),
                    "• the information your chief operating decision maker reviews;".into(),
                    format!("• how budgets are prepared {IMG} and approved; and"),
                    "Refer to ASC 280-10-50-1.".into(),
                ],
                response: String::new(),
                precedents: vec![precedent("Beta Corp", "2", true), hostile],
            },
            Section {
                ordinal: 2,
                number: None,
                headings: vec!["Management's Discussion and Analysis".into(), "Liquidity".into()],
                new_headings: vec!["Liquidity".into()],
                comment: vec!["Please expand your discussion of cash flows.".into()],
                response: "We have revised the disclosure.\n\nSee page 12 of Amendment No. 1.".into(),
                precedents: vec![],
            },
            Section {
                ordinal: 3,
                number: Some("2".into()),
                headings: vec!["Financial Statements".into()],
                new_headings: vec!["Financial Statements".into()],
                comment: vec!["Tell us why goodwill was not impaired.".into(), "Refer to ASC 350.".into()],
                response: String::new(),
                precedents: vec![precedent("Gamma LLC", "7", false)],
            },
        ],
        acknowledgment: Some(Acknowledgment {
            lead: "In connection with this response, the Company acknowledges that:".into(),
            statements: ACKNOWLEDGMENT.iter().map(|s| s.to_string()).collect(),
        }),
        closing: "Please contact [name] at [telephone] with any questions.".into(),
        signature: vec!["Sincerely,".into(), "/s/ [Name]".into(), "[Title]".into()],
        cc: vec!["cc: Jane Doe, Esq.".into()],
    }
}

/// The comment paragraphs as printed: the number before the first.
fn printed(sec: &Section) -> Vec<String> {
    sec.comment
        .iter()
        .enumerate()
        .map(|(i, p)| match (&sec.number, i) {
            (Some(n), 0) => format!("{n}. {p}"),
            _ => p.clone(),
        })
        .collect()
}

#[test]
fn html_escapes_letter_text_and_keeps_precedents_in_the_note() {
    let d = draft();
    let h = html(&d);
    assert!(h.starts_with("<!DOCTYPE html>") || h.to_ascii_lowercase().starts_with("<!doctype html>"));
    assert!(h.contains("<meta charset=\"utf-8\">"));
    assert!(h.contains("<title>"));
    let lower = h.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script element in the HTML");
    assert!(!lower.contains("<img"), "an img element in the HTML");
    assert!(!lower.contains("href=\"javascript:"), "a javascript: link in the HTML");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(h.contains("Evil Corp &lt;script&gt;"), "the hostile company name is shown, escaped");

    // Comments in bold, in order; the number starts the first paragraph.
    let mut at = 0;
    for sec in &d.sections {
        for p in printed(sec) {
            let esc = p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let found = h[at..]
                .find(&esc)
                .unwrap_or_else(|| panic!("comment paragraph missing or out of order: {p}"));
            at += found;
            assert!(h[..at].ends_with("<strong>"), "not bold: {p}");
        }
    }
    assert!(
        h.contains("<h2>Management's Discussion and Analysis</h2>") || h.contains("<h2>Management&#39;s")
    );
    assert!(h.contains("<h3>Results of Operations</h3>"));
    assert!(h.contains("<h3>Liquidity</h3>"), "a new sub-caption under an unchanged caption stays h3");

    // The precedents sit in the marked aside, after the response placeholder of their comment.
    let placeholder = h.find("[Response to comment 1]").expect("placeholder of comment 1");
    let aside = h.find("<aside class=\"draft-note\" data-remove=\"true\">").expect("the marked note");
    let aside_end = aside + h[aside..].find("</aside>").expect("closed aside");
    assert!(placeholder < aside, "the note comes after the response placeholder");
    assert!(h[aside..aside_end].contains("Note to draft — remove before filing: precedents for comment 1"));
    let note = &h[aside..aside_end];
    for want in [
        "Beta Corp",
        "Evil Corp",
        "Results of Operations / Revenue",
        "Please disaggregate revenue by product line",
        "provided information + will revise future filings",
        "The Company respectfully advises the Staff",
        "We will expand this disclosure in future filings.",
        "not followed up; review closed in 45 days",
        "Beta Corp, staff letter of March 3, 2020 (comment 2)",
        "href=\"https://www.sec.gov/Archives/edgar/data/1234/000000000020000001-index.htm\"",
        "href=\"https://www.sec.gov/Archives/edgar/data/1234/000000000020000002-index.htm\"",
    ] {
        assert!(note.contains(want), "note lacks {want}");
    }
    // No precedent text outside notes, and comment 2's note after its own placeholder.
    assert_eq!(h.matches("Please disaggregate revenue").count(), 3);
    let second = h.find("[Response to comment 2]").expect("placeholder of comment 2");
    let second_note = second + h[second..].find("<aside class=\"draft-note\"").expect("note of comment 2");
    assert!(h[second_note..].contains("Gamma LLC"));
    assert!(h.contains("We have revised the disclosure.") && h.contains("See page 12 of Amendment No. 1."));
    assert!(!h.contains("[Response to comment]"), "a typed response replaces the placeholder");
    assert_eq!(lower.matches("<li>").count(), 3 + 3, "three acknowledgment statements and three precedents");
}

#[test]
fn markdown_has_every_comment_paragraph_in_order() {
    let d = draft();
    let m = markdown(&d);
    // Markdown escapes its active characters with a backslash; read the text back without them.
    let mut plain = String::new();
    let mut chars = m.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        plain.push(c);
    }
    let mut at = 0;
    for sec in &d.sections {
        for p in printed(sec) {
            let found = plain[at..]
                .find(&p)
                .unwrap_or_else(|| panic!("comment paragraph missing or out of order: {p}"));
            at += found + p.len();
        }
    }
    assert!(!m.contains(SCRIPT), "Markdown passes raw HTML through; letter text must be escaped");
}

#[test]
fn docx_reads_back_in_python_docx() {
    let d = draft();
    let bytes = docx(&d).expect("docx");
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    let Some(python) = python_docx() else { return };

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.docx");
    std::fs::write(&path, &bytes).expect("write docx");
    let out = read_back(&python, dir.path(), &path);

    assert!(out["zip_ok"].as_bool().unwrap(), "zip test failed");
    let names: Vec<&str> = out["names"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(names.contains(&"word/document.xml"), "{names:?}");

    let paras: Vec<(String, String, bool)> = out["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["text"].as_str().unwrap().to_string(),
                p["style"].as_str().unwrap_or("").to_string(),
                p["bold"].as_bool().unwrap(),
            )
        })
        .collect();
    let texts: Vec<&str> = paras.iter().map(|p| p.0.as_str()).collect();

    // Every comment paragraph, word for word (hostile text is plain text here), in order, bold.
    let mut at = 0;
    for sec in &d.sections {
        for p in printed(sec) {
            let i = paras[at..]
                .iter()
                .position(|q| q.0 == p)
                .unwrap_or_else(|| panic!("comment paragraph missing or out of order: {p}\n{texts:#?}"))
                + at;
            assert!(paras[i].2, "comment paragraph not bold: {p}");
            at = i + 1;
        }
    }

    // Captions in heading styles, by depth.
    let style_of = |t: &str| paras.iter().find(|p| p.0 == t).map(|p| p.1.clone()).unwrap_or_default();
    assert_eq!(style_of("Management's Discussion and Analysis"), "Heading 1");
    assert_eq!(style_of("Results of Operations"), "Heading 2");
    assert_eq!(style_of("Liquidity"), "Heading 2");
    assert_eq!(style_of("Financial Statements"), "Heading 1");

    // "Response:" after each comment, the placeholders where nothing was typed, the typed answer.
    assert_eq!(texts.iter().filter(|t| **t == "Response:").count(), 3);
    assert!(texts.contains(&"[Response to comment 1]"));
    assert!(texts.contains(&"[Response to comment 2]"));
    assert!(
        texts.contains(&"We have revised the disclosure.")
            && texts.contains(&"See page 12 of Amendment No. 1.")
    );
    let listed: Vec<&str> = out["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["list"] == true)
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(listed, ACKNOWLEDGMENT, "the acknowledgment statements, and only they, are a list");
    assert!(texts.iter().any(|t| t.contains("VIA EDGAR")));
    assert!(texts.iter().any(|t| t.starts_with("Re:") && t.contains("Form 10-K")));

    // One Word comment per precedent, each carrying what the note needs.
    let comments: Vec<(String, String)> = out["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["author"].as_str().unwrap_or("").to_string(), c["text"].as_str().unwrap().to_string()))
        .collect();
    let total: usize = d.sections.iter().map(|s| s.precedents.len()).sum();
    assert_eq!(comments.len(), total, "{comments:#?}");
    assert!(comments.iter().all(|c| c.0 == "corresp"));
    let beta = &comments[0].1;
    for want in [
        "Beta Corp, staff comment 2 of March 3, 2020",
        "Results of Operations / Revenue",
        "provided information + will revise future filings",
        "The Company respectfully advises the Staff",
        "We will expand this disclosure in future filings.",
        "not followed up; review closed in 45 days",
        "Beta Corp, staff letter of March 3, 2020 (comment 2)",
        "https://www.sec.gov/Archives/edgar/data/1234/000000000020000001-index.htm",
        "https://www.sec.gov/Archives/edgar/data/1234/000000000020000002-index.htm",
    ] {
        assert!(beta.contains(want), "Word comment lacks {want}: {beta}");
    }
    assert!(comments[1].1.contains(&format!("Evil Corp {SCRIPT}{IMG}")), "{}", comments[1].1);
    assert!(comments[2].1.contains("Gamma LLC"));
    // Anchored on the repeated comment: the ranges open in the comment's first paragraph.
    let anchors = out["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), total);
    assert!(
        anchors.iter().take(2).all(|a| a.as_str() == Some(printed(&d.sections[0])[0].as_str())),
        "{anchors:?}"
    );
    assert_eq!(anchors[2].as_str(), Some(printed(&d.sections[2])[0].as_str()));
}

#[test]
fn docx_takes_any_input() {
    let empty = docx(&Draft::default()).expect("empty draft");
    assert!(empty.starts_with(b"PK"));

    let mut d = draft();
    let nasty = "a\u{0}b\u{1}c\u{8}d\u{b}e\u{c}f\u{e}g\u{1f}h\u{fffe}i\u{ffff}j\r\nk\tl";
    d.letterhead = nasty.into();
    d.sections[0].comment.push(nasty.into());
    d.sections[0].number = Some(String::new());
    d.sections[1].comment.clear();
    d.sections[1].precedents.push(precedent(nasty, nasty, true));
    d.sections[1].new_headings = vec![String::new(), nasty.into()];
    d.sections[2].precedents[0].caption = vec![String::new()];
    d.sections[2].precedents[0].answer = None;
    d.sections.push(Section::default());
    d.re.clear();
    d.addressee = vec![String::new()];
    let bytes = docx(&d).expect("docx of odd input");
    assert!(bytes.starts_with(b"PK"));
    let h = html(&d);
    assert!(!h.contains('\u{0}'));

    if let Some(python) = python_docx() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("odd.docx");
        std::fs::write(&path, &bytes).expect("write docx");
        let out = read_back(&python, dir.path(), &path);
        let texts: Vec<&str> =
            out["paragraphs"].as_array().unwrap().iter().filter_map(|p| p["text"].as_str()).collect();
        assert!(texts.contains(&"abcdefghij  k l"), "{texts:#?}");
        assert_eq!(out["comments"].as_array().unwrap().len(), 4);
    }
}

/// The Python to read DOCX with: `CORRESP_PYTHON` or `python3`, when it has python-docx. Without
/// it the test is skipped, unless `CORRESP_REQUIRE_ALL` is set (CI), where it fails.
fn python_docx() -> Option<String> {
    let python = std::env::var("CORRESP_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import docx"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Some(python);
    }
    if std::env::var_os("CORRESP_REQUIRE_ALL").is_some() {
        panic!(
            "python-docx is not importable by {python:?} and CORRESP_REQUIRE_ALL is set: \
             set CORRESP_PYTHON to a Python with python-docx (.ci/run makes one)"
        );
    }
    eprintln!("skipped: python-docx not installed (set CORRESP_PYTHON to a Python with python-docx)");
    None
}

/// Runs the reader script on `docx` and parses what it prints.
fn read_back(python: &str, dir: &Path, docx: &Path) -> Value {
    let script = dir.join("read_docx.py");
    std::fs::write(&script, READER).expect("write script");
    let out = Command::new(python).arg(&script).arg(docx).output().expect("run python");
    assert!(
        out.status.success(),
        "python-docx could not read the DOCX:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("reader output is JSON")
}

/// Paragraphs (text, style name, all runs bold), Word comments (author, text) and the text of the
/// paragraph each comment range starts in, as JSON.
const READER: &str = r#"
import json, sys, zipfile
import docx
from docx.oxml.ns import qn

path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    zip_ok = z.testzip() is None
    names = z.namelist()
    comments_xml = z.read("word/comments.xml") if "word/comments.xml" in names else None

d = docx.Document(path)
paragraphs = []
anchors = []
for p in d.paragraphs:
    runs = [r for r in p.runs if r.text]
    paragraphs.append({
        "text": p.text,
        "style": p.style.name if p.style is not None else "",
        # Runs with text: docx-rs closes a comment range with empty runs, which print nothing.
        "bold": bool(runs) and all(r.bold for r in runs),
        "list": p._p.pPr is not None and p._p.pPr.numPr is not None,
    })
    for _ in p._p.iter(qn("w:commentRangeStart")):
        anchors.append(p.text)

comments = []
if hasattr(d, "comments"):
    for c in d.comments:
        comments.append({"author": c.author, "text": "\n".join(p.text for p in c.paragraphs)})
elif comments_xml is not None:
    from lxml import etree
    root = etree.fromstring(comments_xml)
    for c in root.iter(qn("w:comment")):
        comments.append({
            "author": c.get(qn("w:author")),
            "text": "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in c.iter(qn("w:p"))),
        })

out = {"zip_ok": zip_ok, "names": names, "paragraphs": paragraphs, "comments": comments, "anchors": anchors}
json.dump(out, sys.stdout)
"#;

/// A letter of `testdata/letters`, parsed as the staff's (EDGAR form UPLOAD).
fn staff_letter(name: &str) -> (corresp_model::Letter, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters").join(name);
    let x = corresp_extract::extract_file(&path).expect("extract");
    let letter = corresp_parse::parse_with(&x.text, &corresp_parse::ParseOptions { form: Some("UPLOAD") });
    (letter, x.text.text)
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
fn a_written_comment_letter_drafts_in_all_three_formats() {
    let (letter, text) = staff_letter("draft_comment_letter.txt");
    let today = chrono::NaiveDate::from_ymd_opt(2031, 3, 10).unwrap();
    let d = corresp_draft::skeleton(&letter, &text, today).expect("a staff comment letter");

    assert_eq!(d.date, "March 10, 2031");
    assert_eq!(d.delivery, "VIA EDGAR");
    assert!(d.addressee.contains(&"Office of Trade & Services".to_string()), "{:?}", d.addressee);
    assert_eq!(d.addressee.last().unwrap(), "Attention: Idris Penhale and Corinne Vale");
    assert_eq!(d.re[0], "Brackenridge Outdoor Supply Co.");
    assert_eq!(d.re.last().unwrap(), "File No. 001-98765");
    assert_eq!(d.salutation, "Dear [Mr./Ms.] Penhale and [Mr./Ms.] Vale:");
    assert!(d.opening[0].contains("dated March 3, 2031"), "{}", d.opening[0]);
    assert!(d.acknowledgment.is_some(), "the letter asks for the acknowledgment");

    // One section per comment, in order, each repeated word for word; captions printed once.
    let numbers: Vec<_> = d.sections.iter().map(|s| s.number.clone().unwrap_or_default()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    for (s, c) in d.sections.iter().zip(&letter.comments) {
        assert_eq!(words(&s.comment.join(" ")), words(&c.text), "comment {:?}", s.number);
    }
    assert_eq!(d.sections[0].new_headings.len(), 3);
    assert!(d.sections[1].new_headings.is_empty());
    assert_eq!(d.sections[2].new_headings, ["Liquidity and Capital Resources, page 41"]);
    assert_eq!(d.sections[3].new_headings.len(), 2);
    // The sub-bullets stay their own paragraphs.
    assert_eq!(d.sections[1].comment.len(), 4, "{:#?}", d.sections[1].comment);
    assert!(d.sections[1].comment[1].starts_with("• the effect of freight costs"));

    let md = markdown(&d);
    let page = html(&d);
    let mut at_md = 0;
    let mut at_html = 0;
    for s in &d.sections {
        for p in printed(s) {
            let plain = md.replace('\\', "");
            at_md = plain[at_md..].find(&p).map(|i| i + at_md).unwrap_or_else(|| panic!("md lacks {p}"));
            let escaped = p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            at_html = page[at_html..]
                .find(&escaped)
                .map(|i| i + at_html)
                .unwrap_or_else(|| panic!("html lacks {p}"));
        }
    }
    assert!(md.contains("the Company is responsible for the adequacy and accuracy"));

    let bytes = docx(&d).expect("docx");
    let Some(python) = python_docx() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.docx");
    std::fs::write(&path, &bytes).expect("write docx");
    let out = read_back(&python, dir.path(), &path);
    let paras: Vec<(String, bool)> = out["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["text"].as_str().unwrap().to_string(), p["bold"].as_bool().unwrap()))
        .collect();
    let mut at = 0;
    for s in &d.sections {
        for p in printed(s) {
            let i =
                paras[at..].iter().position(|q| q.0 == p).unwrap_or_else(|| panic!("docx lacks {p}")) + at;
            assert!(paras[i].1, "not bold: {p}");
            at = i + 1;
        }
    }
}

#[test]
fn an_unnumbered_request_drafts_one_section_and_a_response_is_refused() {
    let (letter, text) = staff_letter("draft_unnumbered_letter.txt");
    let today = chrono::NaiveDate::from_ymd_opt(2031, 6, 12).unwrap();
    let d = corresp_draft::skeleton(&letter, &text, today).expect("a staff comment letter");
    assert_eq!(d.sections.len(), 1);
    assert_eq!(d.sections[0].number, None);
    assert!(d.sections[0].comment[0].starts_with("Please tell us whether any of your clinical trial sites"));
    assert!(d.acknowledgment.is_none(), "this letter does not ask for the acknowledgment");
    assert!(d.addressee.contains(&"Attention: Fenna Wray".to_string()), "{:?}", d.addressee);
    assert!(markdown(&d).contains("[Response to comment]"));

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters/response.htm");
    let x = corresp_extract::extract_file(&path).expect("extract");
    let response = corresp_parse::parse_with(&x.text, &corresp_parse::ParseOptions { form: Some("CORRESP") });
    let e = corresp_draft::skeleton(&response, &x.text.text, today).unwrap_err();
    assert_eq!(e.to_string(), "this is a company response, not a staff comment letter");
}
