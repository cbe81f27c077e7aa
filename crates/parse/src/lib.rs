//! Text to a parsed letter: what an SEC filing-review letter is and what it says.
//!
//! [`parse`] takes the [`Text`] the extract crate makes of a staff comment letter (EDGAR `UPLOAD`,
//! usually PDF) or a company response (`CORRESP`, usually HTML) and returns a [`Letter`]: its kind,
//! printed date, company and filings under review (from the Re: block), the staff's numbered
//! comments with their captions, page and prior-comment references, or the company's answers paired
//! with comment numbers, proposed disclosure, promises to revise, the answered letter's date and the
//! three-part acknowledgment. Every field carries the byte span it came from.
//!
//! Parsing is total: it never fails and never panics. What it cannot settle stays `None` or empty
//! and is explained in [`Letter::diagnostics`].
//!
//! ```
//! use corresp_model::{LetterKind, Text};
//!
//! let text = Text::plain(
//!     "May 14, 2019\nRe: Widget Corp\nForm 10-K for Fiscal Year Ended December 31, 2018\n\
//!      Filed February 12, 2019\nFile No. 001-12345\nDear Ms. Doe:\n\
//!      We have reviewed your filing and have the following comment.\n\
//!      Results of Operations, page 30\n1. Please quantify each factor you cite.\n\
//!      We remind you that the company and its management are responsible.\n\
//!      Sincerely,\nDivision of Corporation Finance\nOffice of Manufacturing\n",
//! );
//! let letter = corresp_parse::parse(&text);
//! assert_eq!(letter.kind, LetterKind::Comments);
//! assert_eq!(letter.company.as_deref(), Some("Widget Corp"));
//! assert_eq!(letter.filings[0].form, "10-K");
//! assert_eq!(letter.comments[0].page_refs, ["30"]);
//! ```
#![deny(missing_docs)]

mod header;
mod kind;
mod lines;
mod people;
mod response;
mod staff;

use corresp_model::{Diagnostic, Letter, LetterKind, Span, Text};

/// What is known about a letter besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    /// EDGAR's form type, when known (`CORRESP`, `UPLOAD`, `SEC STAFF LETTER`, `SEC STAFF ACTION`;
    /// any case). It decides who wrote the letter: `CORRESP` is the company's side, the others the
    /// staff's. Text cues decide only when it is `None` or another form.
    pub form: Option<&'a str>,
}

/// Parses one letter's text when nothing else is known about it: its text decides whether the staff
/// or the company wrote it. Total: never fails, never panics; what it cannot settle is a diagnostic.
pub fn parse(text: &Text) -> Letter {
    parse_with(text, &ParseOptions::default())
}

/// Parses one letter's text with what is known about it ([`ParseOptions`]): EDGAR's form type, when
/// given, decides whether it is a staff letter or a company letter. Total like [`parse`].
pub fn parse_with(text: &Text, options: &ParseOptions<'_>) -> Letter {
    let src = text.text.as_str();
    let lines = lines::split_lines(src);
    let head = header::locate(&lines);
    let mut letter = Letter::default();
    let diag = letter_diag;
    let mut diagnostics = Vec::new();

    match header::letter_date(&lines, &head) {
        Some((d, span)) => {
            letter.date = Some(d);
            letter.spans.insert("date".into(), span);
        }
        None => diagnostics.push(diag("no_date", "no printed date found above the Re: block")),
    }
    if let Some((s, e)) = head.re {
        letter.spans.insert("re".into(), Span::new(lines[s].start, lines[e].end.max(lines[s].start)));
    }
    match header::company(src, &lines, &head) {
        Some((c, span)) => {
            letter.company = Some(c);
            letter.spans.insert("company".into(), span);
        }
        None => diagnostics.push(diag("no_company", "no company name on the Re: block's first line")),
    }
    letter.filings = header::filings(src, &lines, &head);
    let date_line = letter
        .spans
        .get("date")
        .and_then(|d| lines.iter().position(|l| l.start <= d.start && d.start <= l.end));
    letter.recipients = people::recipients(&lines, &head, date_line);
    letter.sender = people::sender(&lines, head.body);
    if let Some(s) = head.salutation {
        letter.spans.insert("salutation".into(), Span::new(lines[s].start, lines[s].end));
    }

    let side = options.form.and_then(kind::side_of_form).unwrap_or_else(|| kind::side(text, &lines, &head));
    if side == kind::Side::Staff {
        letter.comments = staff::comments(src, &lines, head.body);
        if letter.comments.is_empty()
            && let Some(c) = staff::single_unnumbered(src, &lines, head.body)
        {
            letter.comments.push(c);
        }
        letter.kind = kind::staff_kind(src, &letter.comments);
        if letter.kind != LetterKind::Comments {
            letter.comments.clear();
        } else if let Some(c) = letter.comments.last()
            && c.text.len() > 6000
        {
            diagnostics.push(Diagnostic {
                code: "long_comment".into(),
                message: "the last comment is very long: its end may include closing text".into(),
                span: Some(c.span),
            });
        }
        if letter.kind == LetterKind::Other && kind::asks_for_comments(src) {
            diagnostics.push(diag("no_comments", "the letter announces comments but none were found"));
        }
    } else {
        let cx = response::Ctx { text, lines: &lines, body: head.body };
        letter.responses = response::responses(&cx);
        if let Some((d, span)) = header::responds_to(src, &lines, &head) {
            letter.responds_to = Some(d);
            letter.spans.insert("responds_to".into(), span);
        }
        if let Some(span) = kind::acknowledgment(src) {
            letter.acknowledgment = true;
            letter.spans.insert("acknowledgment".into(), span);
        }
        letter.kind = kind::company_kind(src, &letter.responses);
        if letter.kind != LetterKind::Response {
            letter.responses.clear();
        }
        let numbers: Vec<u32> =
            letter.responses.iter().filter_map(|r| r.comment_number.as_ref()?.parse().ok()).collect();
        if numbers.windows(2).any(|w| w[1] <= w[0]) {
            diagnostics.push(diag("number_order", "answered comment numbers do not increase"));
        }
    }
    letter.diagnostics = diagnostics;
    letter
}

fn letter_diag(code: &str, message: &str) -> Diagnostic {
    Diagnostic { code: code.into(), message: message.into(), span: None }
}
