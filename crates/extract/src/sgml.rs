//! EDGAR's SGML: the `<DOCUMENT><TYPE>..<TEXT>` wrapper of single documents, full submission
//! `.txt` files (an `<SEC-HEADER>` and several documents, PDFs uuencoded), and plain text.

use corresp_model::{Cik, EdgarFacts, SourceFormat};

use crate::pages::{Line, Pages};
use crate::{Budget, Error, Extracted, Result, SubmissionHeader, clean, markdown};

/// Document types that hold the letter itself, best first.
const LETTER_TYPES: &[&str] = &["CORRESP", "UPLOAD", "LETTER", "SEC STAFF LETTER", "SEC STAFF ACTION"];

/// Text of the letter in `src`: the wrapped document's content, or `src` itself when unwrapped.
pub(crate) fn read(src: &str, budget: &Budget) -> Result<Extracted> {
    let submission = header(src);
    let docs = documents(src);
    if docs.is_empty() {
        let text = if markdown::looks_like(src) {
            markdown::read(src)
        } else {
            let mut d = plain(src);
            clean::text_headers(&mut d, budget)?;
            d
        };
        return Ok(Extracted { text: crate::finish(text, SourceFormat::Text)?, submission });
    }
    let mut candidates: Vec<&Document> = Vec::new();
    for ty in LETTER_TYPES {
        candidates.extend(docs.iter().filter(|d| d.kind.eq_ignore_ascii_case(ty)));
    }
    if candidates.is_empty() {
        if docs.len() > 1 || submission.is_some() && docs.iter().all(|d| d.kind.is_empty()) {
            return Err(Error::NoLetter);
        }
        candidates.push(&docs[0]);
    }
    let mut last_err = Error::NoLetter;
    for doc in candidates {
        match body(doc, budget) {
            Ok(text) => return Ok(Extracted { text, submission }),
            Err(e) => last_err = e,
        }
    }
    Err(last_err)
}

struct Document<'a> {
    kind: &'a str,
    file_name: &'a str,
    text: &'a str,
}

fn body(doc: &Document, budget: &Budget) -> Result<corresp_model::Text> {
    let t = doc.text.trim_start();
    if t.starts_with("begin ") {
        let bytes = uudecode(t)
            .ok_or_else(|| Error::Corrupt { format: "SGML", cause: "bad uuencoded document".into() })?;
        return crate::extract_with(&bytes, doc.file_name, budget).map(|e| e.text);
    }
    // The first 4 KiB, cut back to a character boundary.
    let mut end = t.len().min(4096);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let head = t[..end].to_ascii_lowercase();
    let named_html = doc.file_name.to_ascii_lowercase().ends_with(".htm")
        || doc.file_name.to_ascii_lowercase().ends_with(".html");
    if head.contains("<html") || head.contains("<body") || (named_html && head.contains('<')) {
        return crate::html_text(doc.text, budget);
    }
    let mut d = plain(doc.text);
    clean::text_headers(&mut d, budget)?;
    crate::finish(d, SourceFormat::Text)
}

/// Every `<DOCUMENT>` of `src`, with its type, file name and `<TEXT>` content.
fn documents(src: &str) -> Vec<Document<'_>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(start) = find_tag(rest, "<DOCUMENT>") {
        let after = &rest[start + "<DOCUMENT>".len()..];
        let end = find_tag(after, "</DOCUMENT>").unwrap_or(after.len());
        let doc = &after[..end];
        let text = match find_tag(doc, "<TEXT>") {
            Some(i) => {
                let t = &doc[i + "<TEXT>".len()..];
                &t[..find_tag(t, "</TEXT>").unwrap_or(t.len())]
            }
            None => "",
        };
        out.push(Document { kind: field(doc, "<TYPE>"), file_name: field(doc, "<FILENAME>"), text });
        rest = &after[end..];
    }
    out
}

/// Byte offset of an SGML tag, ignoring ASCII case.
fn find_tag(hay: &str, tag: &str) -> Option<usize> {
    let upper = tag.as_bytes();
    hay.as_bytes().windows(upper.len()).position(|w| w.eq_ignore_ascii_case(upper))
}

/// The rest of the line after `tag` (SGML header fields have no closing tag).
fn field<'a>(doc: &'a str, tag: &str) -> &'a str {
    let head = &doc[..doc.len().min(find_tag(doc, "<TEXT>").unwrap_or(doc.len()))];
    match find_tag(head, tag) {
        Some(i) => head[i + tag.len()..].lines().next().unwrap_or("").trim(),
        None => "",
    }
}

/// The facts of a full submission's header; `None` when there is no header.
fn header(src: &str) -> Option<SubmissionHeader> {
    let end = find_tag(src, "<DOCUMENT>").unwrap_or(src.len().min(64 * 1024));
    let head = &src[..end];
    if find_tag(head, "ACCESSION NUMBER:").is_none() && find_tag(head, "<SEC-HEADER>").is_none() {
        return None;
    }
    let value = |key: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim().eq_ignore_ascii_case(key) && !v.trim().is_empty()).then(|| v.trim().to_string())
        })
    };
    Some(SubmissionHeader {
        accession: value("ACCESSION NUMBER"),
        edgar: EdgarFacts {
            form: value("CONFORMED SUBMISSION TYPE"),
            cik: value("CENTRAL INDEX KEY").and_then(|c| c.parse::<Cik>().ok()).map(Cik::padded),
            company: value("COMPANY CONFORMED NAME"),
            filing_date: value("FILED AS OF DATE")
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y%m%d").ok()),
            ..EdgarFacts::default()
        },
    })
}

/// Plain text: `<PAGE>` markers and form feeds make pages; `<PRE>` and the table markup of
/// old EDGAR text filings go.
pub(crate) fn plain(src: &str) -> Pages {
    let mut pages = vec![Vec::new()];
    for raw in src.lines() {
        let mut line = raw;
        let upper = line.trim().to_ascii_uppercase();
        if upper.starts_with("<PAGE>") {
            pages.push(Vec::new());
            continue;
        }
        let mut parts = line.split('\u{c}');
        line = parts.next().unwrap_or("");
        let cleaned = strip_text_tags(line);
        if let Some(page) = pages.last_mut() {
            page.push(fixed_width(&cleaned));
        }
        for more in parts {
            pages.push(vec![Line::plain(&strip_text_tags(more))]);
        }
    }
    Pages { pages }
}

/// A line of a fixed-width text table keeps its columns (see [`Line::layout`]): a line with
/// figures alone in cells after runs of spaces, two such cells or one after three spaces at least
/// (one gap of two is the double space after a full stop). Other lines, and any with a tab, are
/// prose.
fn fixed_width(text: &str) -> Line {
    let mut line = Line::plain(text);
    if text.contains('\t') || !text.contains("  ") {
        return line;
    }
    let mut cells = Vec::new();
    // The gap before each cell.
    let mut gaps = Vec::new();
    let (mut col, mut spaces) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        if c == ' ' {
            spaces += 1;
        } else {
            if cells.is_empty() {
                cells.push((0, col));
                gaps.push(0);
            } else if spaces >= 2 {
                cells.push((i, col));
                gaps.push(spaces);
            }
            spaces = 0;
        }
        col += 1;
    }
    let (mut figures, mut wide) = (0, false);
    for k in 1..cells.len() {
        let end = cells.get(k + 1).map_or(text.len(), |c| c.0);
        if corresp_model::is_figure_cell(&text[cells[k].0..end]) {
            figures += 1;
            wide |= gaps[k] >= 3;
        }
    }
    if figures >= 2 || (figures == 1 && wide) {
        line.layout = cells;
    }
    line
}

fn strip_text_tags(line: &str) -> String {
    const TAGS: &[&str] =
        &["<PRE>", "</PRE>", "<TABLE>", "</TABLE>", "<CAPTION>", "</CAPTION>", "<S>", "<C>", "<FN>", "</FN>"];
    let mut s = line.to_string();
    for tag in TAGS {
        while let Some(i) = find_tag(&s, tag) {
            s.replace_range(i..i + tag.len(), "");
        }
    }
    s
}

/// Decodes the first uuencoded file in `src` (`begin 644 name` ... `end`).
fn uudecode(src: &str) -> Option<Vec<u8>> {
    let mut lines = src.lines();
    lines.next()?.starts_with("begin ").then_some(())?;
    let mut out = Vec::new();
    for line in lines {
        let line = line.trim_end_matches('\r').as_bytes();
        if line == b"end" {
            return Some(out);
        }
        let Some((&first, data)) = line.split_first() else { continue };
        let n = usize::from(first.wrapping_sub(b' ') & 63);
        if n == 0 {
            continue;
        }
        let val = |c: u8| c.wrapping_sub(b' ') & 63;
        let mut got = Vec::with_capacity(n + 2);
        for chunk in data.chunks(4) {
            let c: Vec<u8> = (0..4).map(|k| val(*chunk.get(k).unwrap_or(&b'`'))).collect();
            got.push((c[0] << 2) | (c[1] >> 4));
            got.push((c[1] << 4) | (c[2] >> 2));
            got.push((c[2] << 6) | c[3]);
        }
        if got.len() < n {
            return None;
        }
        out.extend_from_slice(&got[..n]);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    //! Wrapper, header, document choice and uudecode on hand-written submissions.
    use super::*;

    #[test]
    fn header_fields() {
        let src = "<SEC-DOCUMENT>x\n<SEC-HEADER>x\nACCESSION NUMBER:\t\t0001234567-20-000001\n\
                   CONFORMED SUBMISSION TYPE:\tCORRESP\nFILED AS OF DATE:\t\t20200115\n\
                   COMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\t\t\tACME WIDGETS INC\n\
                   \t\tCENTRAL INDEX KEY:\t\t\t0000012345\n</SEC-HEADER>\n";
        let h = header(src).unwrap();
        assert_eq!(h.accession.as_deref(), Some("0001234567-20-000001"));
        assert_eq!(h.edgar.form.as_deref(), Some("CORRESP"));
        assert_eq!(h.edgar.cik.as_deref(), Some("0000012345"));
        assert_eq!(h.edgar.company.as_deref(), Some("ACME WIDGETS INC"));
        assert_eq!(h.edgar.filing_date, chrono::NaiveDate::from_ymd_opt(2020, 1, 15));
    }

    #[test]
    fn uudecode_round_trip() {
        // "Cat" uuencoded is "#0V%T".
        assert_eq!(uudecode("begin 644 a.txt\n#0V%T\n`\nend\n").unwrap(), b"Cat");
    }

    #[test]
    fn plain_pages_and_pre() {
        let d = plain("<PRE>\nline one\n<PAGE>\nline two\u{c}three\n</PRE>");
        let pages: Vec<Vec<&str>> =
            d.pages.iter().map(|p| p.iter().map(|l| l.text.as_str()).collect()).collect();
        assert_eq!(pages, vec![vec!["", "line one"], vec!["line two"], vec!["three", ""]]);
    }
}
