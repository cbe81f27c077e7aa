//! The draft as Markdown: the letter, with each comment's precedents in a quoted block marked as
//! notes to remove.

use std::fmt::Write;

use crate::{Draft, Precedent, answer_label};

/// The draft as a Markdown document.
pub fn markdown(d: &Draft) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", md(&d.letterhead));
    let _ = writeln!(s, "{}\n", md(&d.date));
    let _ = writeln!(s, "**{}**\n", md(&d.delivery));
    lines(&mut s, &d.addressee);
    let _ = writeln!(s, "**Re:** {}\n", d.re.iter().map(|l| md(l)).collect::<Vec<_>>().join("  \n"));
    let _ = writeln!(s, "{}\n", md(&d.salutation));
    for p in &d.opening {
        let _ = writeln!(s, "{}\n", md(p));
    }
    for sec in &d.sections {
        // A caption's level is its depth among all of the comment's captions, so a new
        // sub-caption under an unchanged one stays a sub-heading.
        let above = sec.headings.len().saturating_sub(sec.new_headings.len());
        for (depth, h) in sec.new_headings.iter().enumerate() {
            let level = "#".repeat((above + depth + 2).min(4));
            let _ = writeln!(s, "{level} {}\n", md(h));
        }
        for (i, p) in sec.comment.iter().enumerate() {
            match (&sec.number, i) {
                (Some(n), 0) => {
                    let _ = writeln!(s, "**{}. {}**\n", md(n), md(p));
                }
                _ => {
                    let _ = writeln!(s, "**{}**\n", md(p));
                }
            }
        }
        let _ = writeln!(s, "*Response:*\n");
        if sec.response.trim().is_empty() {
            let _ = writeln!(s, "[Response to {}]\n", sec.label().to_lowercase());
        } else {
            for p in sec.response.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                let _ = writeln!(s, "{}\n", md(p));
            }
        }
        if !sec.precedents.is_empty() {
            notes(&mut s, &sec.label(), &sec.precedents);
        }
    }
    if let Some(a) = &d.acknowledgment {
        let _ = writeln!(s, "{}\n", md(&a.lead));
        for st in &a.statements {
            let _ = writeln!(s, "- {}", md(st));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}\n", md(&d.closing));
    lines(&mut s, &d.signature);
    if !d.cc.is_empty() {
        lines(&mut s, &d.cc);
    }
    s
}

/// The precedents of one comment, as a quoted block to delete before filing.
fn notes(s: &mut String, label: &str, precedents: &[Precedent]) {
    let _ =
        writeln!(s, "> **[Note to draft — remove before filing] Precedents for {}**", label.to_lowercase());
    for (i, p) in precedents.iter().enumerate() {
        let _ = writeln!(s, ">");
        let caption =
            if p.caption.is_empty() { String::new() } else { format!(" — {}", p.caption.join(" / ")) };
        let _ = writeln!(
            s,
            "> {}. **{}**, staff comment {} of {}{}",
            i + 1,
            md(&p.company),
            p.comment.number.as_deref().unwrap_or("(unnumbered)"),
            p.comment.date.as_deref().unwrap_or("undated letter"),
            md(&caption)
        );
        let _ = writeln!(s, ">    Comment: “{}”", md(&p.comment_excerpt));
        match &p.answer {
            Some(a) => {
                let kind = answer_label(a.answer_type, &a.parts)
                    .unwrap_or_else(|| "answer type not classified".into());
                let _ = writeln!(
                    s,
                    ">    Answer ({}, {}): “{}”",
                    a.letter.date.as_deref().unwrap_or("undated"),
                    kind,
                    md(&a.opening)
                );
                if let Some(c) = &a.commitment {
                    let _ = writeln!(s, ">    Commitment: “{}”", md(c));
                }
            }
            None => {
                let _ = writeln!(s, ">    No answer on record.");
            }
        }
        let _ = writeln!(s, ">    Outcome: {}.", p.outcome_line());
        let mut links = Vec::new();
        if let Some(u) = &p.comment.url {
            links.push(format!("[staff letter]({u})"));
        }
        if let Some(u) = p.answer.as_ref().and_then(|a| a.letter.url.as_ref()) {
            links.push(format!("[response]({u})"));
        }
        let _ = writeln!(
            s,
            ">    Cite: {}{}",
            md(&p.citation),
            if links.is_empty() { String::new() } else { format!(" — {}", links.join(", ")) }
        );
    }
    s.push('\n');
}

fn lines(s: &mut String, ls: &[String]) {
    let body: Vec<String> = ls.iter().map(|l| md(l)).collect();
    let _ = writeln!(s, "{}\n", body.join("  \n"));
}

/// Text with Markdown's active characters escaped, so letter text cannot become markup or links.
fn md(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
