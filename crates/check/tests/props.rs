//! Properties: `check` never panics, and every claim's offsets sit on char boundaries of the input
//! and cut out exactly the claim's text.

use proptest::prelude::*;

fn holds(text: &str) {
    for c in corresp_check::check(text) {
        assert!(c.start <= c.end && c.end <= text.len());
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert_eq!(&text[c.start..c.end], c.text);
    }
}

/// Pieces that look like disclosure, so random text reaches the rules and not only the tokenizer.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("increased by ".to_string()),
        Just("decreased ".to_string()),
        Just(" from ".to_string()),
        Just(" to ".to_string()),
        Just(", or ".to_string()),
        Just(" which accounted for ".to_string()),
        Just(" of total net revenues".to_string()),
        Just(" consisting of ".to_string()),
        Just(" and ".to_string()),
        Just(" percentage points".to_string()),
        Just(" (".to_string()),
        Just(")".to_string()),
        Just(". ".to_string()),
        Just("US\\$".to_string()),
        Just("RMB".to_string()),
        Just("€".to_string()),
        Just(" million".to_string()),
        Just(" in 2013".to_string()),
        Just("%".to_string()),
        Just("\u{a0}".to_string()),
        "[0-9]{1,4}(,[0-9]{3})?(\\.[0-9]{1,4})?",
        "\\PC{0,6}",
    ]
}

proptest! {
    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,300}") {
        holds(&s);
    }

    #[test]
    fn never_panics_on_disclosure_like_text(parts in proptest::collection::vec(piece(), 0..60)) {
        holds(&parts.concat());
    }
}

/// Long run-on text (a table flattened without full stops) is read whole: the rules look at
/// bounded windows, never at the whole prefix for each figure (its speed belongs in a benchmark).
#[test]
fn long_run_on_text_is_read() {
    let text = "RMB1,234.5 million (US$200.0 million) and an increase of 5.0% from RMB9.0 million to "
        .repeat(20_000);
    let claims = corresp_check::check(&text);
    assert!(claims.len() >= 20_000, "{} claims", claims.len());
}
