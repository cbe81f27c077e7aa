//! A comment's text as paragraphs: PDF extraction keeps the printed line breaks, so a comment comes
//! out as lines of about 90 characters; HTML extraction gives one line per paragraph.

/// The paragraphs of `text`, every word kept in order: hard-wrapped lines joined (with no space after
/// a line-end hyphen, "U.S.-" + "designated"), blank lines and bullets starting new paragraphs.
/// Text whose longest line is over 130 characters was not hard-wrapped: each line is a paragraph.
///
/// A bullet inside a line (a staff letter's list run together into one line, or drawn with a
/// symbol font's private-use glyph) starts its own paragraph, shown as "•".
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = bullets_on_their_lines(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let wrapped = longest <= 130;
    // A line this long reached the right margin: the next line continues it.
    let full = (longest * 3 / 5).max(40);
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    let mut prev_len = 0usize;
    for line in lines {
        if line.is_empty() {
            open = false;
            continue;
        }
        let starts_item = is_item_start(line);
        let continues = open
            && wrapped
            && !starts_item
            && (prev_len >= full || line.chars().next().is_some_and(|c| c.is_lowercase()));
        match out.last_mut() {
            Some(p) if continues => {
                if !p.ends_with('-') || p.ends_with(" -") {
                    p.push(' ');
                }
                p.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        open = true;
        prev_len = line.chars().count();
    }
    out
}

/// Bullet glyphs, the private-use ones of symbol fonts among them.
const BULLETS: [char; 5] = ['•', '\u{f0b7}', '\u{f0a7}', '●', '▪'];

/// `text` with each bullet glyph that follows other text on its line moved to a line of its own,
/// and the private-use glyphs written "•".
fn bullets_on_their_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(BULLETS) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if BULLETS.contains(&ch) {
            let kept = out.trim_end_matches([' ', '\t']).len();
            out.truncate(kept);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push(if ch == '\u{f0b7}' || ch == '\u{f0a7}' { '•' } else { ch });
        } else {
            out.push(ch);
        }
    }
    out.into()
}

/// A bullet, a dash or an enumerator "(a)", "a.", "(ii)" at the start of a line.
fn is_item_start(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('•' | '●' | '▪' | '◦' | '·' | '–' | '—' | '-' | '*' | '\u{f0b7}' | '\u{f0a7}') => {
            return chars.next().is_some_and(char::is_whitespace);
        }
        Some('(') => {
            let inner: String = chars.by_ref().take_while(|c| *c != ')').collect();
            return !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_alphanumeric());
        }
        _ => {}
    }
    // "a. ", "ii. ", "1. " (an enumerator of one to four characters then a dot and a space)
    let head: String = line.chars().take(6).collect();
    if let Some(dot) = head.find(". ") {
        let e = &head[..dot];
        return !e.is_empty()
            && e.len() <= 4
            && (e.chars().all(|c| c.is_ascii_digit())
                || (e.len() == 1 && e.chars().all(|c| c.is_ascii_lowercase()))
                || e.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn hard_wrapped_lines_join_and_bullets_stay() {
        let text = "Please tell us how you determined that the retail and wholesale businesses are\n\
                    one reportable segment. In your response, address the following:\n\
                    • the information your chief operating decision maker reviews;\n\
                    • how budgets are prepared and approved at the U.S.-\n\
                    based subsidiaries; and\n\
                    \n\
                    Refer to ASC 280-10-50-1.";
        let p = paragraphs(text);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].ends_with("retail and wholesale businesses are one reportable segment. In your response, address the following:"));
        assert_eq!(p[2], "• how budgets are prepared and approved at the U.S.-based subsidiaries; and");
        assert_eq!(p[3], "Refer to ASC 280-10-50-1.");
    }

    #[test]
    fn bullets_run_into_one_line_are_items_again() {
        let text =
            "Please address the following: \u{f0b7} You quantify the amount. \u{f0b7} We note the change.";
        assert_eq!(
            paragraphs(text),
            ["Please address the following:", "• You quantify the amount.", "• We note the change."]
        );
    }

    #[test]
    fn one_line_per_paragraph_text_keeps_its_paragraphs() {
        let long = "We note your disclosure that revenue from the sale of gift cards is recognized when the card is redeemed or when the likelihood of redemption becomes remote.";
        let text = format!("{long}\n{long}");
        assert_eq!(paragraphs(&text).len(), 2);
    }

    #[test]
    fn every_word_is_kept_in_order() {
        let text = "Revise to disclose the amount\nof the\n\n(a) first item\n(b) second item\nii. third";
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&paragraphs(text).join(" ")), words(text));
    }
}
