//! The draft as a standalone HTML document: the letter set like a letter, each comment's
//! precedents in an aside marked as a note to remove. Letter text comes from anyone (staff letters,
//! other companies' filings), so all of it goes through maud, which escapes it; no script.

use maud::{DOCTYPE, Markup, PreEscaped, html as markup};

use crate::docx::{captions, clean, is_item};
use crate::{Draft, Precedent, Section, answer_label};

/// Letter-like typography, and notes set apart so nobody files them by mistake.
const STYLE: &str = "\
body{margin:0;background:#f4f4f1;color:#111}\
main.letter{max-width:6.5in;margin:2em auto;padding:1in;background:#fff;\
font:12pt/1.45 'Times New Roman',Times,serif;box-shadow:0 0 4px #bbb}\
p{margin:0 0 1em}\
h2,h3,h4{font-size:12pt;margin:1.5em 0 .75em}\
h2{text-transform:uppercase}h3{font-style:italic}h4{font-weight:normal;text-decoration:underline}\
.re{display:grid;grid-template-columns:3.5em 1fr;font-weight:bold;margin:0 0 1em}\
.comment{font-weight:bold}.comment.item{margin-left:2em}\
.response-label{font-style:italic;text-decoration:underline}\
.placeholder{color:#555;background:#ffffcc}\
ul.acknowledgment{margin:0 0 1em 2em}\
aside.draft-note{margin:1em 0 1.5em;padding:.75em 1em;border:2px dashed #c33;background:#fff6f6;\
font:10pt/1.4 Arial,Helvetica,sans-serif}\
aside.draft-note .note-head{font-weight:bold;color:#a00}\
aside.draft-note ol{margin:0;padding-left:1.5em}aside.draft-note li{margin-bottom:.75em}\
aside.draft-note blockquote{margin:.25em 0 .25em 1em;font-style:italic}\
@media print{body{background:#fff}main.letter{box-shadow:none;margin:0;padding:0}}";

/// The draft as one HTML document (styles inline, no script).
pub fn html(d: &Draft) -> String {
    let who = d.staff_letter.company.as_deref().unwrap_or("the Company");
    let title = format!("Response to staff comments — {}", clean(who));
    markup! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main.letter {
                    p.letterhead { (clean(&d.letterhead)) }
                    p.date { (clean(&d.date)) }
                    p.delivery { strong { (clean(&d.delivery)) } }
                    @if !d.addressee.is_empty() { p.addressee { (lines(&d.addressee)) } }
                    @if !d.re.is_empty() {
                        div.re { span { "Re:" } span { (lines(&d.re)) } }
                    }
                    p.salutation { (clean(&d.salutation)) }
                    @for p in &d.opening { p { (clean(p)) } }
                    @for sec in &d.sections { (section(sec)) }
                    @if let Some(a) = &d.acknowledgment {
                        p { (clean(&a.lead)) }
                        ul.acknowledgment { @for st in &a.statements { li { (clean(st)) } } }
                    }
                    p.closing { (clean(&d.closing)) }
                    @if !d.signature.is_empty() { p.signature { (lines(&d.signature)) } }
                    @if !d.cc.is_empty() { p.cc { (lines(&d.cc)) } }
                }
            }
        }
    }
    .into_string()
}

/// One comment: captions, the comment in bold, "Response:", the answer or its placeholder, then the
/// precedents' note.
fn section(sec: &Section) -> Markup {
    let answer: Vec<&str> = sec.response.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    let label = sec.label().to_lowercase();
    markup! {
        section.comment-section data-ordinal=(sec.ordinal) {
            @for (depth, h) in captions(sec) {
                @match depth {
                    0 => h2 { (clean(h)) },
                    1 => h3 { (clean(h)) },
                    _ => h4 { (clean(h)) },
                }
            }
            @for (i, p) in sec.comment.iter().enumerate() {
                p.comment.item[is_item(p)] {
                    strong {
                        @if let (Some(n), 0) = (&sec.number, i) { (clean(n)) ". " }
                        (clean(p))
                    }
                }
            }
            p.response-label { em { u { "Response:" } } }
            @if answer.is_empty() {
                p.placeholder { "[Response to " (clean(&label)) "]" }
            } @else {
                @for p in &answer { p.response { (clean(p)) } }
            }
            @if !sec.precedents.is_empty() { (notes(&label, &sec.precedents)) }
        }
    }
}

/// The precedents of one comment, in an aside marked for removal before filing.
fn notes(label: &str, precedents: &[Precedent]) -> Markup {
    markup! {
        aside.draft-note data-remove="true" {
            p.note-head { "Note to draft — remove before filing: precedents for " (clean(label)) }
            ol {
                @for p in precedents { li { (precedent(p)) } }
            }
        }
    }
}

fn precedent(p: &Precedent) -> Markup {
    let staff_url = p.comment.url.as_deref().and_then(web);
    let answer_url = p.answer.as_ref().and_then(|a| a.letter.url.as_deref()).and_then(web);
    markup! {
        p {
            strong { (clean(&p.company)) }
            ", staff comment " (clean(p.comment.number.as_deref().unwrap_or("(unnumbered)")))
            " of " (clean(p.comment.date.as_deref().unwrap_or("undated letter")))
            @if !p.caption.is_empty() { " — " (clean(&p.caption.join(" / "))) }
        }
        blockquote.excerpt { "Comment: “" (clean(&p.comment_excerpt)) "”" }
        @match &p.answer {
            Some(a) => {
                @let kind = answer_label(a.answer_type, &a.parts);
                p.answer {
                    "Answer (" (clean(a.letter.date.as_deref().unwrap_or("undated"))) ", "
                    (kind.as_deref().unwrap_or("answer type not classified"))
                    "): “" (clean(&a.opening)) "”"
                }
                @if let Some(c) = &a.commitment { p.commitment { "Commitment: “" (clean(c)) "”" } }
            }
            None => { p.answer { "No answer on record." } }
        }
        p.outcome { "Outcome: " (p.outcome_line()) "." }
        p.cite {
            "Cite: " (clean(&p.citation))
            @if let Some(u) = staff_url { " — " a href=(u) rel="noopener noreferrer" { "staff letter" } }
            @if let Some(u) = answer_url {
                @if staff_url.is_some() { "," } @else { " —" }
                " " a href=(u) rel="noopener noreferrer" { "response" }
            }
        }
    }
}

/// Lines joined by `<br>`.
fn lines(ls: &[String]) -> Markup {
    markup! {
        @for (i, l) in ls.iter().enumerate() {
            @if i > 0 { br; }
            (clean(l))
        }
    }
}

/// `u` when it is an http(s) URL: anything else (`javascript:`, `data:`) is not linked.
fn web(u: &str) -> Option<&str> {
    let t = u.trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(t)
}
