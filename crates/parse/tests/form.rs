//! EDGAR's form type decides the letter's side when it is known (`parse_with`); the text decides
//! only when it is not.

use corresp_model::{LetterKind, SourceFormat, Text};
use corresp_parse::{ParseOptions, parse, parse_with};

fn fixture(name: &str) -> Text {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name);
    let src = std::fs::read_to_string(path).expect("fixture readable");
    Text {
        format: if name.starts_with("staff_") { SourceFormat::Pdf } else { SourceFormat::Text },
        ..Text::plain(src)
    }
}

fn with(text: &Text, form: &str) -> corresp_model::Letter {
    parse_with(text, &ParseOptions { form: Some(form) })
}

/// A response whose letterhead reads like the staff's: "Mail Stop" first, the staff's opening words.
const STAFF_LOOKING_RESPONSE: &str = "Mail Stop 3561\nMay 3, 2018\n\nRe: Ridgeline Tools Corp.\nForm 10-K for the Fiscal Year Ended December 31, 2017\nFiled February 27, 2018\nFile No. 001-36001\n\nDear Ms. Examiner:\n\nWe have reviewed your letter dated April 19, 2018 and set forth our responses below.\n\n1. Please quantify the effect of price increases on net sales.\n\nResponse: Price increases added $14 million to net sales. We will quantify them in future filings.\n\n2. Please tell us why you present adjusted EBITDA before restructuring costs.\n\nResponse: Restructuring costs are not part of our ongoing operations.\n\nSincerely,\n/s/ R. Controller\nOffice of the Chief Financial Officer\n";

#[test]
fn corresp_is_the_company_side() {
    let text = Text::plain(STAFF_LOOKING_RESPONSE);
    assert_eq!(parse(&text).kind, LetterKind::Comments, "the text alone reads as a staff letter");
    for form in ["CORRESP", "corresp", " Corresp "] {
        let l = with(&text, form);
        assert_eq!(l.kind, LetterKind::Response, "{form}");
        let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
        assert_eq!(nums, [Some("1"), Some("2")]);
        assert_eq!(l.responds_to.map(|d| d.to_string()).as_deref(), Some("2018-04-19"));
        assert!(l.comments.is_empty());
    }
}

#[test]
fn staff_forms_are_the_staff_side() {
    let staff = fixture("staff_10k_captions.txt");
    for form in ["UPLOAD", "upload", "SEC STAFF LETTER", "sec staff action", "SEC-STAFF-LETTER"] {
        let l = with(&staff, form);
        assert_eq!(l.kind, LetterKind::Comments, "{form}");
        assert_eq!(l.comments.len(), 4);
    }
    // A response read as if the staff wrote it: the form wins over the text.
    let l = with(&fixture("response_mail_stop_address.txt"), "UPLOAD");
    assert!(l.responses.is_empty());
}

#[test]
fn the_kind_within_a_side_still_comes_from_the_text() {
    // A CORRESP that answers nothing stays `other`; an UPLOAD closing a review stays review_complete.
    assert_eq!(with(&fixture("other_acceleration_request.txt"), "CORRESP").kind, LetterKind::Other);
    assert_eq!(with(&fixture("other_extension_request.txt"), "CORRESP").kind, LetterKind::Other);
    assert_eq!(with(&fixture("other_extension_consented.txt"), "CORRESP").kind, LetterKind::Other);
    assert_eq!(with(&fixture("staff_review_complete.txt"), "UPLOAD").kind, LetterKind::ReviewComplete);
    assert_eq!(
        with(&fixture("staff_review_complete.txt"), "SEC STAFF LETTER").kind,
        LetterKind::ReviewComplete
    );
}

#[test]
fn unknown_forms_leave_the_side_to_the_text() {
    let text = fixture("response_mail_stop_address.txt");
    assert_eq!(with(&text, "10-K").kind, parse(&text).kind);
    assert_eq!(parse_with(&text, &ParseOptions::default()), parse(&text));
}
