//! Markdown letters (like the seed letters): syntax stripped, `**bold**`, `*italic*` and
//! `<u>underline</u>` turned into marks, so the parser sees them as it sees an HTML letter.

use corresp_model::Emphasis;

use crate::pages::{Line, Pages};

/// Markdown is taken only when at least two distinct Markdown habits show (bold pairs, `\`
/// escapes, `---` rules, `#` headings, `<u>`): a plain letter with one stray asterisk stays plain.
pub(crate) fn looks_like(src: &str) -> bool {
    let mut bold = false;
    let mut escape = false;
    let mut rule = false;
    let mut heading = false;
    let mut underline = false;
    for line in src.lines().take(2000) {
        let t = line.trim();
        bold |= t.matches("**").count() >= 2;
        escape |= ["\\$", "\\*", "\\_", "\\#", "\\[", "\\-"].iter().any(|e| t.contains(e));
        rule |= t.len() >= 3
            && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*') || t.chars().all(|c| c == '_'));
        heading |= t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ");
        underline |= t.contains("<u>") && t.contains("</u>");
    }
    [bold, escape, rule, heading, underline].iter().filter(|&&b| b).count() >= 2
}

/// One page of lines; a paragraph (lines up to a blank one) is the scope of emphasis pairs.
pub(crate) fn read(src: &str) -> Pages {
    let mut lines = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    for raw in src.lines() {
        let t = raw.trim();
        if t.is_empty() || is_rule(t) {
            lines.extend(paragraph(&para));
            para.clear();
            lines.push(Line::default());
        } else {
            para.push(raw);
        }
    }
    lines.extend(paragraph(&para));
    Pages { pages: vec![lines] }
}

fn is_rule(t: &str) -> bool {
    let c: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    c.len() >= 3
        && (c.iter().all(|&x| x == '-') || c.iter().all(|&x| x == '*') || c.iter().all(|&x| x == '_'))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Delim {
    Bold,
    Italic,
    Underline,
}

#[derive(Debug)]
enum Tok {
    Text(String),
    /// A delimiter, whether it can open and close, and (once matched) whether it opens.
    Delim(Delim, bool, bool, Option<bool>),
    Break,
}

fn paragraph(lines: &[&str]) -> Vec<Line> {
    let mut toks = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        if i > 0 {
            toks.push(Tok::Break);
        }
        let mut t = raw.trim();
        let mut heading = false;
        if let Some(rest) = t.strip_prefix('#') {
            let rest = rest.trim_start_matches('#');
            if rest.starts_with(' ') {
                t = rest.trim();
                heading = true;
            }
        }
        if let Some(rest) =
            t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("+ "))
        {
            toks.push(Tok::Text("\u{2022} ".into()));
            t = rest;
        }
        if heading {
            toks.push(Tok::Delim(Delim::Bold, true, false, Some(true)));
        }
        tokenize(t, &mut toks);
        if heading {
            toks.push(Tok::Delim(Delim::Bold, false, true, Some(false)));
        }
    }
    pair(&mut toks);
    let mut out = vec![Line::default()];
    let (mut b, mut i, mut u) = (0i32, 0i32, 0i32);
    for tok in toks {
        match tok {
            Tok::Text(s) => {
                let e = Emphasis { bold: b > 0, italic: i > 0, underline: u > 0 };
                if let Some(line) = out.last_mut() {
                    line.push_str(&s, e);
                }
            }
            Tok::Break => out.push(Line::default()),
            Tok::Delim(d, _, _, Some(open)) => {
                let n = match d {
                    Delim::Bold => &mut b,
                    Delim::Italic => &mut i,
                    Delim::Underline => &mut u,
                };
                *n += if open { 1 } else { -1 };
            }
            Tok::Delim(_, _, _, None) => {}
        }
    }
    out
}

/// Splits a line into text and delimiters; `\` escapes make punctuation literal.
fn tokenize(line: &str, toks: &mut Vec<Tok>) {
    let chars: Vec<char> = line.chars().collect();
    let mut text = String::new();
    let mut k = 0;
    let flush = |text: &mut String, toks: &mut Vec<Tok>| {
        if !text.is_empty() {
            toks.push(Tok::Text(std::mem::take(text)));
        }
    };
    while k < chars.len() {
        let c = chars[k];
        if c == '\\' && chars.get(k + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            text.push(chars[k + 1]);
            k += 2;
            continue;
        }
        if c == '*' {
            let run = chars[k..].iter().take_while(|&&x| x == '*').count();
            let before = k.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(k + run).copied();
            let can_open = after.is_some_and(|a| !a.is_whitespace());
            let can_close = before.is_some_and(|b| !b.is_whitespace());
            if run > 3 || !(can_open || can_close) {
                text.extend(std::iter::repeat_n('*', run));
                k += run;
                continue;
            }
            flush(&mut text, toks);
            // `***` opens bold then italic and closes italic then bold.
            let kinds: &[Delim] = match (run, can_close) {
                (1, _) => &[Delim::Italic],
                (2, _) => &[Delim::Bold],
                (_, true) => &[Delim::Italic, Delim::Bold],
                _ => &[Delim::Bold, Delim::Italic],
            };
            for &d in kinds {
                toks.push(Tok::Delim(d, can_open, can_close, None));
            }
            k += run;
            continue;
        }
        let rest: String = chars[k..chars.len().min(k + 4)].iter().collect();
        if rest.eq_ignore_ascii_case("<u>") || rest.to_ascii_lowercase().starts_with("<u>") {
            flush(&mut text, toks);
            toks.push(Tok::Delim(Delim::Underline, true, false, None));
            k += 3;
            continue;
        }
        if rest.eq_ignore_ascii_case("</u>") {
            flush(&mut text, toks);
            toks.push(Tok::Delim(Delim::Underline, false, true, None));
            k += 4;
            continue;
        }
        text.push(c);
        k += 1;
    }
    flush(&mut text, toks);
}

/// Matches closers to the nearest open delimiter of the same kind; the rest stay unmatched and
/// are dropped (a stray `**` is noise in these letters, not a literal).
fn pair(toks: &mut [Tok]) {
    let mut open: Vec<(usize, Delim)> = Vec::new();
    for j in 0..toks.len() {
        let Tok::Delim(d, can_open, can_close, state) = &toks[j] else { continue };
        if state.is_some() {
            continue;
        }
        let (d, can_open, can_close) = (*d, *can_open, *can_close);
        if can_close && let Some(pos) = open.iter().rposition(|(_, od)| *od == d) {
            let (oj, _) = open[pos];
            open.truncate(pos);
            if let Tok::Delim(_, _, _, s) = &mut toks[oj] {
                *s = Some(true);
            }
            if let Tok::Delim(_, _, _, s) = &mut toks[j] {
                *s = Some(false);
            }
            continue;
        }
        if can_open {
            open.push((j, d));
        }
    }
}

#[cfg(test)]
mod tests {
    //! Markdown detection and conversion on lines written like the seed letters.
    use super::*;
    use corresp_model::SourceFormat;

    fn text(src: &str) -> corresp_model::Text {
        let mut d = read(src);
        d.tidy();
        d.into_text(SourceFormat::Text)
    }

    #[test]
    fn detection_is_conservative() {
        assert!(!looks_like("Dear Sir:\nThe price was 5 * 3 dollars.\n"));
        assert!(!looks_like("**Re: Acme**\nplain letter\n"));
        assert!(looks_like("**Re: Acme**\n\n---\n\nCost was US\\$5 million.\n"));
    }

    #[test]
    fn emphasis_becomes_marks() {
        let t = text(
            "**Results of Operations, page 4**\n\n- We note your *segment* disclosure.**\n\nRevised <u>text</u> costs US\\$3.\n\n\\* \\* \\*",
        );
        assert_eq!(
            t.text,
            "Results of Operations, page 4\n\n\u{2022} We note your segment disclosure.\n\nRevised text costs US$3.\n\n* * *\n"
        );
        assert!(t.emphasis_at(0).bold);
        let seg = t.text.find("segment").unwrap();
        assert!(t.emphasis_at(seg).italic && !t.emphasis_at(seg).bold);
        assert!(t.emphasis_at(t.text.find("text").unwrap()).underline);
        assert!(t.emphasis_at(t.text.find("Revised").unwrap()).is_plain());
    }

    #[test]
    fn triple_stars_and_multiline_bold() {
        let t = text("***\"Year Ended 2013***\n\n**Re: Acme Inc.  \nForm 10-K**");
        assert_eq!(t.text, "\"Year Ended 2013\n\nRe: Acme Inc.\nForm 10-K\n");
        let e = t.emphasis_at(1);
        assert!(e.bold && e.italic);
        assert!(t.emphasis_at(t.text.find("Form").unwrap()).bold);
    }
}
