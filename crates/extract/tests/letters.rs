//! The sample letters in `testdata/letters/` (written for these tests, never copied from real
//! filings): one per input format, each checked for text, pages, headers and marks.

use std::path::PathBuf;

use corresp_extract::{Error, extract, extract_file};
use corresp_model::SourceFormat;

fn letter(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/letters")).join(name)
}

#[test]
fn html_response_in_sgml_wrapper() {
    let got = extract_file(&letter("response.htm")).unwrap();
    let t = &got.text;
    assert_eq!(t.format, SourceFormat::Html);
    assert!(!t.text.contains("CORRESP") && !t.text.contains("tracking"), "wrapper or script left");
    assert!(t.text.contains("(the \u{201c}Company\u{201d})") && t.text.contains("Company\u{2019}s response"));
    assert!(t.text.contains("\u{2022} Price increases"), "cp1252 bullet: {}", t.text);
    assert!(t.text.contains("\n1.\tPlease quantify each factor"), "comment number kept on its row");
    assert!(t.text.contains("\u{c}2.\tPlease tell us why"));
    // one page break; the running header and the page number before it are gone
    assert_eq!(t.text.matches('\u{c}').count(), 1);
    let page2 = t.text.split('\u{c}').nth(1).unwrap();
    assert!(page2.starts_with("2.\tPlease tell us why"), "{page2:?}");
    assert!(!t.text.contains("\n2\n"));
    let comment = t.text.find("Please quantify").unwrap();
    let e = t.emphasis_at(comment);
    assert!(e.bold && e.italic && !e.underline);
    let heading = t.text.find("Management\u{2019}s Discussion").unwrap();
    assert!(t.emphasis_at(heading).bold && t.emphasis_at(heading).underline);
    assert!(t.emphasis_at(t.text.find("underlined").unwrap()).underline);
    assert!(t.emphasis_at(t.text.find("respectfully").unwrap()).is_plain());
}

#[test]
fn staff_letter_pdf_without_headers_or_template() {
    let got = extract_file(&letter("staff_letter.pdf")).unwrap();
    let t = &got.text.text;
    assert_eq!(got.text.format, SourceFormat::Pdf);
    let pages: Vec<&str> = t.split('\u{c}').collect();
    assert_eq!(pages.len(), 2, "{t}");
    assert!(pages[0].starts_with("February 25, 2031\n\nOrla Penhallow"), "{t}");
    assert!(pages[1].starts_with("Notes to Financial Statements\n\n3. Please"), "{:?}", pages[1]);
    assert!(!t.contains("FirstName") && !t.contains("Comapany") && !t.contains("Page 2"), "{t}");
    let one = t.find("\n1.").unwrap();
    let two = t.find("\n2.").unwrap();
    let three = t.find("\n3.").unwrap();
    assert!(one < two && two < three);
    assert!(!t.contains("  ") && !t.contains("\n\n\n"));
}

#[test]
fn edgar_text_with_wrapper_and_page_marker() {
    let got = extract_file(&letter("staff_letter.txt")).unwrap();
    let t = &got.text.text;
    assert_eq!(got.text.format, SourceFormat::Text);
    assert!(!t.contains("<PRE>") && !t.contains("UPLOAD"));
    let pages: Vec<&str> = t.split('\u{c}').collect();
    assert_eq!(pages.len(), 2);
    assert!(pages[1].starts_with("2. Please tell us why"), "{:?}", pages[1]);
    assert!(t.contains("\n1. Please quantify"));
}

#[test]
fn full_submission_takes_the_letter_and_its_header() {
    let got = extract_file(&letter("submission.txt")).unwrap();
    let h = got.submission.unwrap();
    assert_eq!(h.accession.as_deref(), Some("0009999999-31-000012"));
    assert_eq!(h.edgar.form.as_deref(), Some("CORRESP"));
    assert_eq!(h.edgar.cik.as_deref(), Some("0009999999"));
    assert_eq!(h.edgar.company.as_deref(), Some("QUILLFEATHER INSTRUMENTS, INC."));
    assert_eq!(h.edgar.filing_date, chrono::NaiveDate::from_ymd_opt(2031, 3, 4));
    assert_eq!(got.text.format, SourceFormat::Html);
    assert!(got.text.text.starts_with("March 4, 2031\n\nDear Ms. Brightwater:"), "{}", got.text.text);
    assert!(got.text.emphasis_at(got.text.text.find("1. Please").unwrap()).bold);
}

#[test]
fn uuencoded_pdf_inside_a_submission() {
    let pdf = std::fs::read(letter("staff_letter.pdf")).unwrap();
    let mut uu = String::from("begin 644 filename1.pdf\n");
    for chunk in pdf.chunks(45) {
        uu.push((b' ' + chunk.len() as u8) as char);
        for g in chunk.chunks(3) {
            let b = [g[0], *g.get(1).unwrap_or(&0), *g.get(2).unwrap_or(&0)];
            for v in [b[0] >> 2, ((b[0] & 3) << 4) | (b[1] >> 4), ((b[1] & 15) << 2) | (b[2] >> 6), b[2] & 63]
            {
                uu.push(if v == 0 { '`' } else { (b' ' + v) as char });
            }
        }
        uu.push('\n');
    }
    uu.push_str("`\nend\n");
    let src = format!(
        "<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER:\t0000000000-31-000001\nCONFORMED SUBMISSION TYPE:\tUPLOAD\n</SEC-HEADER>\n\
         <DOCUMENT>\n<TYPE>UPLOAD\n<SEQUENCE>1\n<FILENAME>filename1.pdf\n<TEXT>\n{uu}</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    );
    let got = extract(src.as_bytes(), "0000000000-31-000001.txt").unwrap();
    assert_eq!(got.text.format, SourceFormat::Pdf);
    assert!(got.text.text.contains("Please disclose the accounting policy"));
    assert_eq!(got.submission.unwrap().edgar.form.as_deref(), Some("UPLOAD"));
}

#[test]
fn markdown_seed_style_letter() {
    let md = "January 5, 2031\n\n**VIA EDGAR**\n\n---\n\nDear Mr. Vale:\n\n**Results of Operations, page 40**\n\n\
              - We note your revenue discussion.**\n\nRevenue rose to US\\$4.0 million (<u>restated</u>).\n";
    let got = extract(md.as_bytes(), "000_letter.txt").unwrap();
    let t = &got.text;
    assert_eq!(
        t.text,
        "January 5, 2031\n\nVIA EDGAR\n\nDear Mr. Vale:\n\nResults of Operations, page 40\n\n\u{2022} We note your revenue discussion.\n\nRevenue rose to US$4.0 million (restated).\n"
    );
    assert!(t.emphasis_at(t.text.find("Results").unwrap()).bold);
    assert!(t.emphasis_at(t.text.find("restated").unwrap()).underline);
}

#[test]
fn bad_pdfs_are_named_errors() {
    let pdf = std::fs::read(letter("staff_letter.pdf")).unwrap();
    // truncated in the middle of the first content stream
    let cut = extract(&pdf[..400], "x.pdf").unwrap_err();
    assert!(matches!(cut, Error::Corrupt { .. } | Error::NoTextLayer | Error::Panicked(_)), "{cut}");
    // a page with no text at all reads as a scan
    let scan = make_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        "<< /Length 8 >>\nstream\n0 0 m S\n\nendstream",
    ]);
    let e = extract(&scan, "scan.pdf").unwrap_err();
    assert!(matches!(e, Error::NoTextLayer), "{e}");
    let e = extract_file(&letter("missing.pdf")).unwrap_err();
    assert!(e.to_string().contains("missing.pdf"), "{e}");
}

/// A PDF of the given objects (numbered from 1) with a correct cross-reference table.
fn make_pdf(objs: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn encrypted_pdf_is_named() {
    let enc = make_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) >>",
    ]);
    let enc = String::from_utf8(enc)
        .unwrap()
        .replace("/Root 1 0 R >>", "/Root 1 0 R /Encrypt 3 0 R /ID [(abc) (abc)] >>");
    let e = extract(enc.as_bytes(), "locked.pdf").unwrap_err();
    assert!(matches!(e, Error::Encrypted), "{e}");
}

#[test]
fn decompression_bomb_is_refused() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..600 {
        z.write_all(&zeros).unwrap();
    }
    let bomb = z.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n".to_vec();
    pdf.extend_from_slice(&bomb);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n");
    // Without a cross-reference the file does not load: an error, and nothing inflated.
    let e = extract(&pdf, "bomb.pdf").unwrap_err();
    assert!(matches!(e, Error::Corrupt { .. }), "{e}");
    // The same stream as the contents of a well-formed page passes the decoded-size budget.
    let page = make_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        "4 0 R",
    ]);
    let mut stream = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", bomb.len()).into_bytes();
    stream.extend_from_slice(&bomb);
    stream.extend_from_slice(b"\nendstream");
    let at = page.windows(5).position(|w| w == b"4 0 R").unwrap();
    let at = at + page[at + 1..].windows(5).position(|w| w == b"4 0 R").unwrap() + 1;
    let mut pdf = page[..at].to_vec();
    pdf.extend_from_slice(&stream);
    pdf.extend_from_slice(&page[at + 5..]);
    let e = extract(&fix_xref(&pdf), "bomb.pdf").unwrap_err();
    assert!(matches!(e, Error::Decoded { .. }), "{e}");
    assert!(e.to_string().contains("PDF stream 4 0 R decodes to more than 256 MiB"), "{e}");
}

/// Rewrites the cross-reference table of a file from [`make_pdf`] after its objects changed size.
fn fix_xref(pdf: &[u8]) -> Vec<u8> {
    let xref = pdf.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let mut out = pdf[..xref].to_vec();
    let mut offsets = Vec::new();
    let mut i = 0;
    while let Some(k) = out[i..].windows(7).position(|w| w[1..] == *b" 0 obj" && w[0].is_ascii_digit()) {
        offsets.push(i + k);
        i += k + 7;
    }
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for off in &offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1)
            .as_bytes(),
    );
    out
}

#[test]
fn image_page_letter_keeps_its_lines_and_loses_its_legends() {
    // Each page an image with a hidden 1-pt white text layer: page 1 in positioned boxes, page 2
    // one run of text whose line ends are runs of no-break spaces.
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/slides_response.htm"));
    let got = extract_file(&path).unwrap();
    let t = &got.text.text;
    let lines: Vec<&str> = t.lines().collect();
    for line in [
        "March 4, 2024",
        "Division of Corporation Finance",
        "Re: Northwind Traders Inc.",
        "Dear Ms. Lindqvist:",
        "1. We note the growth of subscription revenue on page 41. Please tell us",
        "Response:",
        "\u{c}2. Please revise the segment discussion to quantify each factor.",
        "The Company will revise the discussion in future filings.",
    ] {
        assert!(lines.contains(&line), "{line:?} not a line of {t}");
    }
    // Paragraph gaps in the layout are blank lines; level boxes share a line.
    assert!(t.contains("Dear Ms. Lindqvist:\n\nWe write"), "{t}");
    assert!(t.contains("Please tell us\nhow renewals"), "{t}");
    // Legends with their page codes, the running header and the page number are gone.
    assert!(!t.contains("Confidential Treatment") && !t.contains("NWT-"), "{t}");
    assert!(!t.contains("Page 2") && !t.contains("Securities and Exchange Commission"), "{t}");
    assert!(!lines.contains(&"1"), "{t}");
    assert!(got.text.emphasis_at(t.find("We note the growth").unwrap()).bold);
}

#[test]
fn running_footers_and_legends_go_body_text_stays() {
    let page = |n: u32, body: &str| {
        let topic = ["pricing", "volume", "margin", "renewal"][n as usize - 1];
        format!(
            "<p>{body}</p><p>Confidential treatment of this paragraph was requested by the Company under Rule 83 \
             because it describes {topic} terms with customers.</p>\
             <p>Northwind Traders Inc. | Response to Staff Comments</p>\
             <p>CONFIDENTIAL TREATMENT REQUESTED BY NORTHWIND TRADERS INC.</p><p>NWT-{n:04}</p>\
             <hr style='page-break-after:always'>"
        )
    };
    let html = format!(
        "<html><body>{}{}{}{}</body></html>",
        page(1, "Dear Sir:"),
        page(2, "1. Revenue. We advise the Staff."),
        page(3, "2. Segments. We will revise."),
        page(4, "Sincerely,")
    );
    let got = extract(html.as_bytes(), "r.htm").unwrap();
    let t = &got.text.text;
    assert!(!t.contains("Response to Staff Comments"), "{t}");
    assert!(!t.contains("CONFIDENTIAL") && !t.contains("NWT-"), "{t}");
    assert_eq!(t.matches("Confidential treatment of this paragraph").count(), 4, "{t}");
    for body in
        ["Dear Sir:", "1. Revenue. We advise the Staff.", "2. Segments. We will revise.", "Sincerely,"]
    {
        assert!(t.contains(body), "{body}: {t}");
    }
}

/// A page in Helvetica 10 pt: a sentence, then a table whose figures are right-aligned at fixed
/// x positions (as a word processor sets them), written for this test.
fn table_pdf() -> Vec<u8> {
    fn width(s: &str) -> f64 {
        s.chars()
            .map(|c| match c {
                '0'..='9' | '$' => 556.0,
                ',' | '.' | ' ' => 278.0,
                '(' | ')' => 333.0,
                '%' => 889.0,
                _ => 500.0,
            })
            .sum::<f64>()
            / 100.0
    }
    let mut ops =
        String::from("BT /F1 10 Tf 72 700 Td (Revenues for the year were as follows, in millions:) Tj ET\n");
    let rows: &[(&str, [&str; 3])] = &[
        ("", ["2023", "2022", "% Change"]),
        ("Product revenue", ["1,200", "1,000", "20.0%"]),
        ("Services", ["300", "250", "20.0%"]),
        ("Licensing", ["150", "100", "50.0%"]),
        ("Total revenues", ["1,650", "1,350", "22.2%"]),
    ];
    for (i, (label, figs)) in rows.iter().enumerate() {
        let y = 670 - 14 * i;
        if !label.is_empty() {
            ops.push_str(&format!("BT /F1 10 Tf 72 {y} Td ({label}) Tj ET\n"));
        }
        for (k, f) in figs.iter().enumerate() {
            let right = 300.0 + 80.0 * k as f64;
            ops.push_str(&format!("BT /F1 10 Tf {:.2} {y} Td ({f}) Tj ET\n", right - width(f)));
        }
    }
    let contents = format!("<< /Length {} >>\nstream\n{ops}\nendstream", ops.len() + 1);
    make_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        &contents,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
}

#[test]
fn pdf_table_rows_keep_their_columns() {
    let got = extract(&table_pdf(), "table.pdf").unwrap();
    let t = &got.text.text;
    // Prose keeps single spaces; table rows keep their gaps.
    assert!(t.contains("Revenues for the year were as follows, in millions:\n"), "{t}");
    let rows: Vec<&str> = t.lines().filter(|l| l.contains("  ")).collect();
    assert_eq!(rows.len(), 5, "{t}");
    // Right edges of each column line up within a character.
    let ends = |fig: &str| rows.iter().find_map(|r| r.find(fig).map(|i| i + fig.len())).unwrap();
    for (a, b) in [("1,200", "300"), ("300", "1,650"), ("1,000", "100"), ("20.0%", "22.2%")] {
        assert!(ends(a).abs_diff(ends(b)) <= 1, "{a} / {b}:\n{t}");
    }
    assert!(ends("1,200") + 2 < ends("1,000") - 5, "{t}");
}

#[test]
fn fixed_width_text_tables_keep_their_columns() {
    let src = "Revenues were as follows.  We expect growth.\n\n\
               \x20                      2023       2022\n\
               Product revenue      $ 1,200    $ 1,000\n\
               Services                 300        250\n";
    let got = extract(src.as_bytes(), "letter.txt").unwrap();
    let t = &got.text.text;
    assert!(t.contains("Revenues were as follows. We expect growth.\n"), "{t}");
    assert!(t.contains("\n                       2023       2022\n"), "{t}");
    assert!(t.contains("\nServices                 300        250\n"), "{t}");
}
