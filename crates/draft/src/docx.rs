//! The draft as a Word document: the letter in real Word styles (captions in Heading styles, the
//! comment repeated in bold), and each precedent as a Word comment anchored on the repeated staff
//! comment, so the notes sit in the margin and never print in the letter body.

use std::io::Cursor;

use chrono::NaiveDate;
use docx_rs::{
    AbstractNumbering, BreakType, Comment, Docx, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    NumberFormat, Numbering, NumberingId, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style,
    StyleType,
};

use crate::{Draft, Error, Precedent, Section, answer_label};

/// Author of the notes: Word shows it beside each comment.
const AUTHOR: &str = "corresp";
/// docx-rs always writes numbering 1 (decimal); the acknowledgment's bullets use their own.
const BULLETS: usize = 2;
/// Half-points: 12 pt, the size response letters are set in.
const BODY_SIZE: usize = 24;

/// The draft as DOCX bytes.
pub fn docx(d: &Draft) -> Result<Vec<u8>, Error> {
    let stamp = timestamp(d);
    let mut doc = Docx::new()
        .default_fonts(
            RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman"),
        )
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().after(240))
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(heading(1))
        .add_style(heading(2))
        .add_style(heading(3))
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));

    doc = doc.add_paragraph(text_para(&d.letterhead));
    doc = doc.add_paragraph(text_para(&d.date));
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(clean(&d.delivery)).bold()));
    if !d.addressee.is_empty() {
        doc = doc.add_paragraph(lines_para(Paragraph::new(), Run::new(), &d.addressee));
    }
    if !d.re.is_empty() {
        // "Re:" then a tab, the lines hanging after it as letters print the block.
        let p = Paragraph::new()
            .indent(Some(720), Some(SpecialIndentType::Hanging(720)), None, None)
            .add_run(Run::new().add_text("Re:").bold().add_tab());
        doc = doc.add_paragraph(lines_para(p, Run::new().bold(), &d.re));
    }
    doc = doc.add_paragraph(text_para(&d.salutation));
    for p in &d.opening {
        doc = doc.add_paragraph(text_para(p));
    }

    let mut next_id = 1usize;
    for sec in &d.sections {
        doc = section(doc, sec, &stamp, &mut next_id);
    }

    if let Some(a) = &d.acknowledgment {
        doc = doc.add_paragraph(text_para(&a.lead).keep_next(true));
        for st in &a.statements {
            doc = doc.add_paragraph(text_para(st).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)));
        }
    }
    doc = doc.add_paragraph(text_para(&d.closing));
    if !d.signature.is_empty() {
        doc = doc.add_paragraph(lines_para(Paragraph::new(), Run::new(), &d.signature));
    }
    if !d.cc.is_empty() {
        doc = doc.add_paragraph(lines_para(Paragraph::new(), Run::new(), &d.cc));
    }

    let mut out = Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| Error::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// One comment: its new captions, the comment repeated in bold (precedents anchored on it as Word
/// comments), "Response:" and the answer or its placeholder.
fn section(mut doc: Docx, sec: &Section, stamp: &str, next_id: &mut usize) -> Docx {
    for (depth, h) in captions(sec) {
        let level = (depth + 1).min(3);
        doc = doc.add_paragraph(text_para(h).style(&format!("Heading{level}")).keep_next(true));
    }

    let notes: Vec<Comment> = sec
        .precedents
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = *next_id;
            *next_id += 1;
            note(id, stamp, sec, i, p)
        })
        .collect();
    let ids: Vec<usize> = notes.iter().map(Comment::id).collect();

    let response_label = Run::new().add_text("Response:").underline("single");
    if sec.comment.is_empty() {
        // Nothing repeated to anchor on: the notes go on the "Response:" label.
        let p = ends(starts(Paragraph::new().keep_next(true), notes).add_run(response_label), &ids);
        doc = doc.add_paragraph(p);
    } else {
        let last = sec.comment.len() - 1;
        let mut notes = Some(notes);
        for (i, text) in sec.comment.iter().enumerate() {
            let text = match (&sec.number, i) {
                (Some(n), 0) => format!("{}. {}", clean(n), clean(text)),
                _ => clean(text),
            };
            let mut p = Paragraph::new().keep_next(true);
            if is_item(&text) {
                p = p.indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None);
            }
            if let Some(n) = notes.take() {
                p = starts(p, n);
            }
            p = p.add_run(Run::new().add_text(text).bold());
            if i == last {
                p = ends(p, &ids);
            }
            doc = doc.add_paragraph(p);
        }
        doc = doc.add_paragraph(Paragraph::new().keep_next(true).add_run(response_label));
    }

    let answer: Vec<&str> = sec.response.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    if answer.is_empty() {
        let placeholder = format!("[Response to {}]", sec.label().to_lowercase());
        doc = doc.add_paragraph(text_para(&placeholder));
    } else {
        for p in answer {
            doc = doc.add_paragraph(text_para(p));
        }
    }
    doc
}

/// `p` with the ranges of `notes` opened (before its runs: one range spans every paragraph of the
/// repeated comment, closed by [`ends`] in its last).
fn starts(p: Paragraph, notes: Vec<Comment>) -> Paragraph {
    notes.into_iter().fold(p, Paragraph::add_comment_start)
}

/// `p` with the ranges `ids` closed after its runs.
fn ends(p: Paragraph, ids: &[usize]) -> Paragraph {
    ids.iter().fold(p, |p, id| p.add_comment_end(*id))
}

/// One precedent as a Word comment: what a reader needs to judge it and cite it, URLs as text
/// (a comment's hyperlinks need relationships docx-rs writes only for the document body).
fn note(id: usize, stamp: &str, sec: &Section, i: usize, p: &Precedent) -> Comment {
    let mut lines = vec![
        format!(
            "Note to draft — remove before filing: precedent {} of {} for {}",
            i + 1,
            sec.precedents.len(),
            sec.label().to_lowercase()
        ),
        format!(
            "{}, staff comment {} of {}",
            p.company,
            p.comment.number.as_deref().unwrap_or("(unnumbered)"),
            p.comment.date.as_deref().unwrap_or("undated letter")
        ),
    ];
    if !p.caption.is_empty() {
        lines.push(format!("Caption: {}", p.caption.join(" / ")));
    }
    lines.push(format!("Comment: “{}”", p.comment_excerpt));
    match &p.answer {
        Some(a) => {
            let kind =
                answer_label(a.answer_type, &a.parts).unwrap_or_else(|| "answer type not classified".into());
            lines.push(format!(
                "Answer ({}, {}): “{}”",
                a.letter.date.as_deref().unwrap_or("undated"),
                kind,
                a.opening
            ));
            if let Some(c) = &a.commitment {
                lines.push(format!("Commitment: “{c}”"));
            }
        }
        None => lines.push("No answer on record.".into()),
    }
    lines.push(format!("Outcome: {}.", p.outcome_line()));
    lines.push(format!("Cite: {}", p.citation));
    if let Some(u) = &p.comment.url {
        lines.push(format!("Staff letter on EDGAR: {u}"));
    }
    if let Some(u) = p.answer.as_ref().and_then(|a| a.letter.url.as_ref()) {
        lines.push(format!("Response on EDGAR: {u}"));
    }
    // One paragraph, lines broken: docx-rs 0.4.22 writes a comment to comments.xml once per
    // paragraph it holds (same id repeated), which Word and python-docx read as duplicates.
    let mut p = Paragraph::new();
    for (n, l) in lines.iter().enumerate() {
        let mut run = Run::new();
        if n > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(clean(l));
        p = p.add_run(if n == 1 { run.bold() } else { run });
    }
    Comment::new(id).author(AUTHOR).date(stamp).add_paragraph(p)
}

/// A paragraph style "Heading{n}" named as Word's built-in "heading n", so Word, LibreOffice and
/// readers (navigation pane, python-docx) treat captions as headings.
fn heading(n: usize) -> Style {
    let s = Style::new(format!("Heading{n}"), StyleType::Paragraph)
        .name(format!("heading {n}"))
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(BODY_SIZE)
        .outline_lvl(n - 1)
        .line_spacing(LineSpacing::new().before(240).after(120));
    if n > 1 { s.italic() } else { s }
}

/// A plain paragraph of `t`.
fn text_para(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(clean(t)))
}

/// `lines` as one paragraph with line breaks (an address block), each in a copy of `run`.
fn lines_para(mut p: Paragraph, run: Run, lines: &[String]) -> Paragraph {
    for (i, l) in lines.iter().enumerate() {
        let mut r = run.clone();
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r.add_text(clean(l)));
    }
    p
}

/// The captions to print with their depth (0 = outermost): the new captions are the tail of all of
/// them, so a new sub-caption under an unchanged caption stays a sub-caption.
pub(crate) fn captions(sec: &Section) -> impl Iterator<Item = (usize, &String)> {
    let offset = if sec.headings.ends_with(&sec.new_headings) {
        sec.headings.len() - sec.new_headings.len()
    } else {
        0
    };
    sec.new_headings.iter().enumerate().map(move |(i, h)| (offset + i, h))
}

/// A bulleted or enumerated item of a comment (as [`crate::paragraphs`] keeps them), indented.
pub(crate) fn is_item(t: &str) -> bool {
    let mut c = t.chars();
    let mark = c.next().is_some_and(|m| "•●▪◦·–—-*\u{f0b7}\u{f0a7}".contains(m));
    mark && c.next().is_some_and(char::is_whitespace)
}

/// `t` as XML 1.0 can carry it: line breaks and tabs become spaces (docx-rs drops a newline,
/// gluing words), other control characters and U+FFFE/U+FFFF are dropped (they make the part
/// unreadable to Word).
pub(crate) fn clean(t: &str) -> String {
    t.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => None,
            c => Some(c),
        })
        .collect()
}

/// The response's date as an ISO timestamp for the notes and document properties (the printed date
/// when it parses, else the staff letter's, else the epoch): the draft's date, not the clock's.
fn timestamp(d: &Draft) -> String {
    NaiveDate::parse_from_str(d.date.trim(), "%B %d, %Y")
        .ok()
        .or(d.staff_letter.date)
        .map(|day| format!("{}T00:00:00Z", day.format("%Y-%m-%d")))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}
