//! Property tests: parsing is total on arbitrary text, and what it returns is well formed.

use corresp_model::{SourceFormat, Text};
use proptest::prelude::*;

/// Pieces of real letter structure, so that random text reaches the deeper branches.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Re: ".to_string()),
        Just("Dear Sir:\n".to_string()),
        Just("1. ".to_string()),
        Just("2.".to_string()),
        Just("Response:".to_string()),
        Just("Response to Comments 3 and 4:".to_string()),
        Just("Comments 5 through 7\n".to_string()),
        Just("Mail Stop 3561\n".to_string()),
        Just("Holding Company, Inc.\n".to_string()),
        Just("foreclose adequacy and accuracy as a defense".to_string()),
        Just("Comment No. 3:".to_string()),
        Just("Form 10-K for the Fiscal Year Ended December 31, 2023\n".to_string()),
        Just("Filed February 12, 2019 File No. 001-14829".to_string()),
        Just("page 12, pages 3-4 and F-7".to_string()),
        Just("letter dated May 3, 2017".to_string()),
        Just("as follows:\n\"".to_string()),
        Just("• ".to_string()),
        Just("\n".to_string()),
        Just("\u{c}".to_string()),
        "\\PC{0,40}",
    ]
}

proptest! {
    #[test]
    fn parse_is_total(parts in proptest::collection::vec(piece(), 0..40), html in any::<bool>(), form in 0..3usize) {
        let text = Text { format: if html { SourceFormat::Html } else { SourceFormat::Pdf }, ..Text::plain(parts.concat()) };
        let form = [None, Some("CORRESP"), Some("UPLOAD")][form];
        let l = corresp_parse::parse_with(&text, &corresp_parse::ParseOptions { form });
        for (i, c) in l.comments.iter().enumerate() {
            prop_assert_eq!(c.ordinal as usize, i + 1);
            prop_assert!(c.span.end <= text.text.len());
        }
        for (i, r) in l.responses.iter().enumerate() {
            prop_assert_eq!(r.ordinal as usize, i + 1);
            prop_assert!(r.span.end <= text.text.len());
        }
        for s in l.spans.values() {
            prop_assert!(s.end <= text.text.len() && text.text.is_char_boundary(s.start) && text.text.is_char_boundary(s.end));
        }
    }
}
