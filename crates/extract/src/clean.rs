//! Removing what repeats on every page but is not the letter: running headers of pages 2+,
//! page-number footers, and the hidden template text of 2018-2024 staff PDFs.

use crate::doc::{Doc, Line};

/// Staff PDF pages 2+ open with the addressee, the company, the date and "Page N" (from late
/// 2024: the date and "Page N" only); 2018-2024 letters repeat that block as hidden template
/// text ("FirstName LastNameJane Doe", "Comapany NameAcme Inc.", "March 1, 2021 Page 2").
pub(crate) fn pdf_headers(doc: &mut Doc) {
    for (i, page) in doc.pages.iter_mut().enumerate() {
        if i == 0 {
            drop_logo_alt_text(page);
        } else {
            drop_top_block(page, 8);
        }
        page.retain(|l| !is_template(&l.text));
    }
}

/// EDGAR text renditions of staff letters carry the PDF's headers; text responses carry the
/// HTML ones.
pub(crate) fn text_headers(doc: &mut Doc) {
    pdf_headers(doc);
    html_headers(doc);
}

/// HTML responses repeat a header after each CSS page break ("Securities and Exchange
/// Commission / Company / date / Page N") and often a page number before it.
pub(crate) fn html_headers(doc: &mut Doc) {
    let n = doc.pages.len();
    for (i, page) in doc.pages.iter_mut().enumerate() {
        if i > 0 {
            drop_top_block(page, 6);
        }
        if i + 1 < n || n > 1 {
            drop_page_number_footer(page);
        }
    }
    drop_repeated_top_lines(doc);
}

/// Removes the lines from the top of `page` down to the first "Page N" line, when that line
/// is among the first `max` non-blank lines and every line above it is short (a header is
/// names and a date, never a paragraph). Template lines right below go too.
fn drop_top_block(page: &mut Vec<Line>, max: usize) {
    let mut seen = 0;
    let mut cut = None;
    for (j, line) in page.iter().enumerate() {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        if seen > max || t.len() > 90 {
            break;
        }
        if ends_with_page_number(t) {
            cut = Some(j);
            break;
        }
    }
    let Some(mut cut) = cut else { return };
    // The hidden template copy follows the visible header.
    let mut j = cut + 1;
    while let Some(line) = page.get(j) {
        let t = line.text.trim();
        if t.is_empty() {
            j += 1;
            continue;
        }
        if is_template(t) || (t.len() <= 60 && ends_with_page_number(t)) {
            cut = j;
            j += 1;
        } else {
            break;
        }
    }
    page.drain(..=cut);
}

/// "Page 2", "March 1, 2021 Page 2", "Page 2 of 5", "- 2 -".
fn ends_with_page_number(t: &str) -> bool {
    let t = t.trim();
    let t = match t.rfind(" of ") {
        Some(k) if t[k + 4..].trim().chars().all(|c| c.is_ascii_digit()) && !t[k + 4..].trim().is_empty() => {
            &t[..k]
        }
        _ => t,
    };
    let digits = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() == t.len() || t.len() - digits.len() > 3 {
        return is_dash_number(t);
    }
    let before = digits.trim_end();
    let lower = before.to_ascii_lowercase();
    lower == "page" || lower.ends_with(" page") || lower.ends_with("\tpage")
}

fn is_dash_number(t: &str) -> bool {
    let inner = t.trim_matches(|c: char| c == '-' || c == '\u{2013}' || c == '\u{2014}' || c == ' ');
    t.starts_with(['-', '\u{2013}', '\u{2014}'])
        && !inner.is_empty()
        && inner.len() <= 3
        && inner.chars().all(|c| c.is_ascii_digit())
}

/// Lines of the staff letter template that never belong to the body.
fn is_template(t: &str) -> bool {
    let t = t.trim();
    t.starts_with("FirstName LastName")
        || t.starts_with("Comapany Name")
        || t.starts_with("Company NameCompany")
}

fn drop_logo_alt_text(page: &mut [Line]) {
    const ALT: &str = "united states securities and exchange commission logo";
    for line in page.iter_mut().take(6) {
        if line.text.trim().eq_ignore_ascii_case(ALT) {
            *line = Line::default();
        }
    }
}

/// A last line that is only a page number ("3", "- 3 -", "Page 3").
fn drop_page_number_footer(page: &mut Vec<Line>) {
    let Some(j) = page.iter().rposition(|l| !l.is_blank()) else { return };
    let t = page[j].text.trim();
    let bare = t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit());
    let roman = t.len() <= 4 && t.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    if bare || roman || is_dash_number(t) || (t.len() <= 14 && ends_with_page_number(t)) {
        page.truncate(j);
    }
}

/// Header lines that no "Page N" line ends: a line among the first three of pages 2+ that
/// also opens at least half of those pages (two at least), digits ignored.
fn drop_repeated_top_lines(doc: &mut Doc) {
    if doc.pages.len() < 3 {
        return;
    }
    let key = |l: &Line| l.text.trim().to_lowercase().replace(|c: char| c.is_ascii_digit(), "#");
    let tops: Vec<Vec<String>> = doc.pages[1..]
        .iter()
        .map(|p| p.iter().filter(|l| !l.is_blank()).take(3).map(key).collect())
        .collect();
    let need = (tops.len() / 2).max(2);
    let repeated = |k: &String| k.len() < 90 && tops.iter().filter(|t| t.contains(k)).count() >= need;
    for page in doc.pages[1..].iter_mut() {
        let mut dropped = 0;
        while dropped < 3 {
            let Some(j) = page.iter().position(|l| !l.is_blank()) else { break };
            if !repeated(&key(&page[j])) {
                break;
            }
            page.drain(..=j);
            dropped += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    //! Header and template removal on pages written like staff letters and responses.
    use super::*;

    fn page(lines: &[&str]) -> Vec<Line> {
        lines.iter().map(|l| Line::plain(l)).collect()
    }

    fn texts(p: &[Line]) -> Vec<&str> {
        p.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn staff_header_and_template_go_body_stays() {
        let mut doc = Doc {
            pages: vec![
                page(&[
                    "United States securities and exchange commission logo",
                    "",
                    "May 2, 2022",
                    "Jane Roe",
                ]),
                page(&[
                    "Jane Roe",
                    "Acme Widgets, Inc.",
                    "May 2, 2022",
                    "Page 2",
                    "FirstName LastNameJane Roe",
                    "Comapany NameAcme Widgets, Inc.",
                    "May 2, 2022 Page 2",
                    "3. Please revise page 2 of the filing.",
                    "FirstName LastName",
                ]),
            ],
        };
        pdf_headers(&mut doc);
        assert_eq!(texts(&doc.pages[0]), vec!["", "", "May 2, 2022", "Jane Roe"]);
        assert_eq!(texts(&doc.pages[1]), vec!["3. Please revise page 2 of the filing."]);
    }

    #[test]
    fn body_line_ending_in_page_number_is_not_a_header_when_long() {
        let mut p = page(&[
            "We note your disclosure about revenue recognition and the related critical estimates on page 12",
            "Please revise.",
        ]);
        drop_top_block(&mut p, 8);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn page_number_patterns() {
        for yes in ["Page 2", "May 2, 2022 Page 2", "Page 3 of 7", "- 4 -"] {
            assert!(ends_with_page_number(yes), "{yes}");
        }
        for no in ["Results of Operations, page", "Note 12", "2", "Item 7"] {
            assert!(!ends_with_page_number(no), "{no}");
        }
    }

    #[test]
    fn html_running_headers_and_footers() {
        let mut doc = Doc {
            pages: vec![
                page(&["Dear Ms. Doe:", "Body one.", "1"]),
                page(&["Securities and Exchange Commission", "June 1, 2020", "Page 2", "Body two.", "2"]),
                page(&["Body three."]),
            ],
        };
        html_headers(&mut doc);
        assert_eq!(texts(&doc.pages[0]), vec!["Dear Ms. Doe:", "Body one."]);
        assert_eq!(texts(&doc.pages[1]), vec!["Body two."]);
        assert_eq!(texts(&doc.pages[2]), vec!["Body three."]);
    }
}
