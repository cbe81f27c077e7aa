//! Property: extract returns (text or error) on any bytes, never panics, and any text it
//! returns keeps its marks on character boundaries.

use proptest::prelude::*;

const NAMES: &[&str] = &["a.pdf", "a.htm", "a.txt", "a"];
const PREFIXES: &[&[u8]] = &[
    b"",
    b"%PDF-1.4\n",
    b"<DOCUMENT>\n<TYPE>CORRESP\n<TEXT>\n<html>",
    b"<SEC-DOCUMENT>\nACCESSION NUMBER: 1\n<DOCUMENT>\n<TYPE>UPLOAD\n<TEXT>\nbegin 644 a.pdf\n",
    b"**a** \\$ ---\n",
];

fn check(bytes: &[u8], name: &str) {
    if let Ok(got) = corresp_extract::extract(bytes, name) {
        let t = &got.text;
        for m in &t.marks {
            assert!(m.span.start < m.span.end && m.span.end <= t.text.len());
            assert!(t.text.is_char_boundary(m.span.start) && t.text.is_char_boundary(m.span.end));
        }
        assert!(!t.text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes(prefix in 0..PREFIXES.len(), body in proptest::collection::vec(any::<u8>(), 0..2000), name in 0..NAMES.len()) {
        let mut bytes = PREFIXES[prefix].to_vec();
        bytes.extend_from_slice(&body);
        check(&bytes, NAMES[name]);
    }

    #[test]
    fn markup_soup(s in "(<(p|b|i|u|td|tr|table|div|br|ol|li|pre)( style=\"(font-weight:bold|page-break-before:always|display:none)\")?>|</(p|b|td|tr|table|div|pre)>|&#1[2-5][0-9];|\\*\\*|\\*|\\\\\\$|---|\n|Page 2|[a-z ]{1,8}){0,60}") {
        check(s.as_bytes(), "a.htm");
        check(s.as_bytes(), "a.txt");
    }

    #[test]
    fn damaged_sample_pdf(cuts in proptest::collection::vec((0usize..2300, any::<u8>()), 0..8), len in 0usize..2300) {
        let mut pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/letters/staff_letter.pdf")).unwrap();
        for (at, b) in cuts {
            if at < pdf.len() {
                pdf[at] = b;
            }
        }
        pdf.truncate(len.max(8));
        check(&pdf, "a.pdf");
    }
}
