//! Removing what repeats on every page but is not the letter: running headers of pages 2+,
//! page-number footers and running footers, "Confidential Treatment Requested by ..." legends
//! with their page codes, and the hidden template text of 2018-2024 staff PDFs.
//!
//! Every pass is linear in the lines of the document and checks the time budget per page.

use std::collections::HashMap;

use crate::Budget;
use crate::pages::{Line, Pages};

/// Staff PDF pages 2+ open with the addressee, the company, the date and "Page N" (from late
/// 2024: the date and "Page N" only); 2018-2024 letters repeat that block as hidden template
/// text ("FirstName LastNameJane Doe", "Comapany NameAcme Inc.", "March 1, 2021 Page 2").
pub(crate) fn pdf_headers(doc: &mut Pages, budget: &Budget) -> crate::Result<()> {
    let address: Vec<String> = doc
        .pages
        .first()
        .map(|p| p.iter().filter(|l| !l.is_blank()).take(20).map(|l| l.text.trim().to_lowercase()).collect())
        .unwrap_or_default();
    for (i, page) in doc.pages.iter_mut().enumerate() {
        budget.check("removing page headers")?;
        if i == 0 {
            drop_logo_alt_text(page);
        } else {
            drop_top_block(page, 8);
        }
        drop_inner_header_blocks(page, &address);
        page.retain(|l| !is_template(&l.text));
        drop_legends(page);
    }
    Ok(())
}

/// A running header that the PDF draws after body text (a comment laid out as a table is often
/// written after the next page's header): a "Page N" line right below a printed date, with up to
/// two lines above it that repeat the first page's address block (addressee, company).
fn drop_inner_header_blocks(page: &mut Vec<Line>, address: &[String]) {
    // One pass: `kept` holds the indices of the lines kept so far, and a header block found at
    // a "Page N" line is cut from its end (each line is kept or cut once).
    let mut kept: Vec<usize> = Vec::with_capacity(page.len());
    for j in 0..page.len() {
        let t = page[j].text.trim();
        let is_page = t.len() <= 9 && is_header_page_line(t) && t.to_ascii_lowercase().starts_with("page");
        let d = if is_page { kept.iter().rposition(|&k| !page[k].is_blank()) } else { None };
        let Some(mut start) = d.filter(|&d| is_long_date(page[kept[d]].text.trim())) else {
            kept.push(j);
            continue;
        };
        for _ in 0..2 {
            match start.checked_sub(1) {
                Some(k) if repeats_address(page[kept[k]].text.trim(), address) => start = k,
                _ => break,
            }
        }
        kept.truncate(start);
    }
    if kept.len() < page.len() {
        let mut keep = vec![false; page.len()];
        for k in kept {
            keep[k] = true;
        }
        let mut it = keep.into_iter();
        page.retain(|_| it.next().unwrap_or(false));
    }
}

/// A line of the first page's address block, or that block's line with "Mr."/"Ms." dropped.
fn repeats_address(t: &str, address: &[String]) -> bool {
    let t = t.to_lowercase();
    !t.is_empty() && t.len() < 80 && address.iter().any(|a| *a == t || (a.ends_with(&t) && t.len() > 6))
}

/// "February 5, 2024", as staff letters print their date.
fn is_long_date(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let (Some(m), Some(d), Some(y), None) = (words.next(), words.next(), words.next(), words.next()) else {
        return false;
    };
    let d = d.trim_end_matches(',');
    corresp_model::month_number(m).is_some()
        && (1..=2).contains(&d.len())
        && d.chars().all(|c| c.is_ascii_digit())
        && y.len() == 4
        && y.chars().all(|c| c.is_ascii_digit())
}

/// EDGAR text renditions of staff letters carry the PDF's headers; text responses carry the
/// HTML ones.
pub(crate) fn text_headers(doc: &mut Pages, budget: &Budget) -> crate::Result<()> {
    pdf_headers(doc, budget)?;
    html_headers(doc, budget)
}

/// HTML responses repeat a header after each CSS page break ("Securities and Exchange
/// Commission / Company / date / Page N") and often a page number before it.
pub(crate) fn html_headers(doc: &mut Pages, budget: &Budget) -> crate::Result<()> {
    let n = doc.pages.len();
    for (i, page) in doc.pages.iter_mut().enumerate() {
        budget.check("removing page headers")?;
        drop_legends(page);
        if i > 0 {
            drop_top_block(page, 6);
        }
        if i + 1 < n || n > 1 {
            drop_page_number_footer(page);
        }
    }
    drop_repeated_top_lines(doc);
    drop_repeated_bottom_lines(doc);
    Ok(())
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
        if is_header_page_line(t) {
            cut = Some(j);
            break;
        }
        if !may_head_page(t) {
            // Body text above the "Page N" line: the header was drawn later (see
            // `drop_inner_header_blocks`).
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
        if is_template(t) || is_header_page_line(t) {
            cut = j;
            j += 1;
        } else {
            break;
        }
    }
    page.drain(..=cut);
}

/// A line that can stand in a running header above its "Page N" line: a name, a company, a date,
/// template text; not a comment's first line ("2. Please ...") nor a sentence's end ("purposes.").
fn may_head_page(t: &str) -> bool {
    let starts_numbered = t
        .split_once('.')
        .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()));
    let last_word = t.split_whitespace().last().unwrap_or("");
    let ends_sentence =
        t.ends_with(['.', '?', ';', ':']) && last_word.chars().next().is_some_and(|c| c.is_lowercase());
    is_template(t) || is_long_date(t) || (t.len() <= 80 && !starts_numbered && !ends_sentence)
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

/// A running header's page line: "Page 2", "May 2, 2022 Page 2", "Page 2 of 5", "- 2 -"; not a
/// caption that ends in a page reference ("Results of Operations, page 40").
fn is_header_page_line(t: &str) -> bool {
    let t = t.trim();
    if is_dash_number(t) {
        return true;
    }
    if !ends_with_page_number(t) {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    let Some(k) = lower.rfind("page") else { return false };
    let before = t[..k].trim();
    // Captions write "page 40" in lower case after a comma; headers write "Page 2".
    before.is_empty() || is_long_date(before) || t[k..].starts_with('P')
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
fn drop_repeated_top_lines(doc: &mut Pages) {
    if doc.pages.len() < 3 {
        return;
    }
    let tops: Vec<Vec<String>> = doc.pages[1..]
        .iter()
        .map(|p| p.iter().filter(|l| !l.is_blank()).take(3).map(furniture_key).collect())
        .collect();
    let counts = page_counts(&tops);
    let need = (tops.len() / 2).max(2);
    let repeated = |k: &String| k.len() < 90 && counts.get(k.as_str()).is_some_and(|&n| n >= need);
    for page in doc.pages[1..].iter_mut() {
        let mut dropped = 0;
        while dropped < 3 {
            let Some(j) = page.iter().position(|l| !l.is_blank()) else { break };
            if !repeated(&furniture_key(&page[j])) {
                break;
            }
            page.drain(..=j);
            dropped += 1;
        }
    }
}

/// Running footers: a line among the last three of a page that also ends at least half of the
/// pages (three pages at least), digits ignored ("Acme Corp. | Response to Staff Comments").
fn drop_repeated_bottom_lines(doc: &mut Pages) {
    if doc.pages.len() < 3 {
        return;
    }
    let bottoms: Vec<Vec<String>> = doc
        .pages
        .iter()
        .map(|p| p.iter().rev().filter(|l| !l.is_blank()).take(3).map(furniture_key).collect())
        .collect();
    let counts = page_counts(&bottoms);
    let need = (bottoms.len() / 2).max(3);
    // Footers can be a sentence long ("Acme requests that the bracketed information be treated
    // as confidential ..."): what matters is that it ends half the pages.
    // A line without letters ("[***]", "* * *") is a redaction mark or separator of the body.
    let repeated = |k: &String| {
        k.len() < 200
            && k.chars().any(char::is_alphabetic)
            && counts.get(k.as_str()).is_some_and(|&n| n >= need)
    };
    for page in doc.pages.iter_mut() {
        let mut dropped = 0;
        while dropped < 3 {
            let Some(j) = page.iter().rposition(|l| !l.is_blank()) else { break };
            if !repeated(&furniture_key(&page[j])) {
                break;
            }
            page.truncate(j);
            dropped += 1;
        }
    }
}

/// A line as running headers and footers repeat it: trimmed, lower case, digits as `#`.
fn furniture_key(l: &Line) -> String {
    l.text.trim().to_lowercase().replace(|c: char| c.is_ascii_digit(), "#")
}

/// On how many pages each key occurs (once per page).
fn page_counts(keys: &[Vec<String>]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for page in keys {
        for (i, k) in page.iter().enumerate() {
            if !page[..i].contains(k) {
                *counts.entry(k.as_str()).or_default() += 1;
            }
        }
    }
    counts
}

/// Confidential-treatment legends ("Confidential Treatment Requested by Acme Corp. ACME-0003",
/// "FOIA Confidential Treatment Requested by Acme"), and a bare page code ("ACME-0003") on a line
/// next to one. A legend is a short line that starts with the phrase; a sentence about
/// confidential treatment in the body is longer and stays.
fn drop_legends(page: &mut Vec<Line>) {
    let mut legends: Vec<usize> = Vec::new();
    for j in 0..page.len() {
        let t = page[j].text.trim();
        let code_at_end = t.rsplit(' ').next().is_some_and(is_page_code);
        if is_legend(t) || (is_legend_by_line(t) && code_at_end) {
            // The second form: the legend's second line alone, its first line in another cell.
            legends.push(j);
        } else if is_split_legend(t) {
            // "CONFIDENTIAL TREATMENT REQUESTED" / "BY ACME CORP.: ACME-001" on two lines.
            let next = (j + 1..page.len().min(j + 3)).find(|&k| !page[k].is_blank());
            if let Some(k) = next.filter(|&k| is_legend_by_line(page[k].text.trim())) {
                legends.push(j);
                legends.push(k);
            }
        }
    }
    if legends.is_empty() {
        return;
    }
    let mut drop = vec![false; page.len()];
    for &j in &legends {
        drop[j] = true;
        let near = |k: usize| k.abs_diff(j) <= 2 && k != j;
        for (k, d) in drop.iter_mut().enumerate().take((j + 3).min(page.len())).skip(j.saturating_sub(2)) {
            if near(k) && is_page_code(page[k].text.trim()) {
                *d = true;
            }
        }
    }
    let mut it = drop.into_iter();
    page.retain(|_| !it.next().unwrap_or(false));
}

fn is_split_legend(t: &str) -> bool {
    let t = t.trim_start_matches(['*', '[', '(', ' ', '\t']).trim_end();
    ["confidential treatment requested", "foia confidential treatment requested"]
        .iter()
        .any(|p| t.eq_ignore_ascii_case(p))
}

/// The second line of a split legend: "by Acme Corp." with perhaps its page code.
fn is_legend_by_line(t: &str) -> bool {
    t.len() <= 100
        && t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "))
        && t.split_whitespace().count() <= 12
}

fn is_legend(t: &str) -> bool {
    let t = t.trim_start_matches(['*', '[', '(', ' ', '\t']);
    let lower = t.to_lowercase();
    let rest = ["foia confidential treatment requested by ", "confidential treatment requested by "]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    let Some(rest) = rest else { return false };
    t.len() <= 140 && rest.split_whitespace().count() <= 12
}

/// A Bates-style page code: letters, then a dash or space, then digits ("ACME-0003",
/// "[ACME 000123]", "CTR-ACME-0012").
fn is_page_code(t: &str) -> bool {
    let t = t.trim_matches(['[', ']', '(', ')', ' ']);
    let Some(k) = t.rfind(['-', ' ']) else { return false };
    let (head, digits) = (&t[..k], &t[k + 1..]);
    (2..=8).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !head.is_empty()
        && head.len() <= 24
        && head.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '&' | '.'))
        && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    //! Header and template removal on pages written like staff letters and responses.
    use super::*;

    fn budget() -> Budget {
        Budget::new(&crate::Limits::default())
    }

    fn page(lines: &[&str]) -> Vec<Line> {
        lines.iter().map(|l| Line::plain(l)).collect()
    }

    fn texts(p: &[Line]) -> Vec<&str> {
        p.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn staff_header_and_template_go_body_stays() {
        let mut doc = Pages {
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
        pdf_headers(&mut doc, &budget()).unwrap();
        assert_eq!(texts(&doc.pages[0]), vec!["", "", "May 2, 2022", "Jane Roe"]);
        assert_eq!(texts(&doc.pages[1]), vec!["3. Please revise page 2 of the filing."]);
    }

    #[test]
    fn header_drawn_after_body_text_goes() {
        let mut doc = Pages {
            pages: vec![
                page(&[
                    "March 3, 2023",
                    "Jane Roe",
                    "Chief Financial Officer",
                    "Acme Widgets, Inc.",
                    "Re: Acme",
                ]),
                page(&[
                    "2. Please revise to clarify the",
                    "purposes.",
                    "Jane Roe",
                    "Acme Widgets, Inc.",
                    "March 3, 2023",
                    "Page 2",
                    "",
                    "Results of Operations, page 40",
                    "Our review covered Page 7 of the report",
                ]),
            ],
        };
        pdf_headers(&mut doc, &budget()).unwrap();
        assert_eq!(
            texts(&doc.pages[1]),
            vec![
                "2. Please revise to clarify the",
                "purposes.",
                "",
                "Results of Operations, page 40",
                "Our review covered Page 7 of the report"
            ]
        );
    }

    #[test]
    fn a_date_and_page_line_in_the_body_without_an_address_stays_partly() {
        // The address lines stay when they do not repeat page 1; only the date and "Page N" go.
        let mut p = page(&["Someone Else", "March 3, 2023", "Page 2", "Body."]);
        drop_inner_header_blocks(&mut p, &["jane roe".to_string()]);
        assert_eq!(texts(&p), vec!["Someone Else", "Body."]);
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
        let mut doc = Pages {
            pages: vec![
                page(&["Dear Ms. Doe:", "Body one.", "1"]),
                page(&["Securities and Exchange Commission", "June 1, 2020", "Page 2", "Body two.", "2"]),
                page(&["Body three."]),
            ],
        };
        html_headers(&mut doc, &budget()).unwrap();
        assert_eq!(texts(&doc.pages[0]), vec!["Dear Ms. Doe:", "Body one."]);
        assert_eq!(texts(&doc.pages[1]), vec!["Body two."]);
        assert_eq!(texts(&doc.pages[2]), vec!["Body three."]);
    }
}
