//! Checking figures: every recomputable numeric statement of a text or a letter, with its verdict.
//! The rules are `corresp_check`'s; this is where the CLI and the server reach them.

use corresp_model::{Claim, Text};

/// The statements of plain `text` (no tables known).
pub fn check(text: &str) -> Vec<Claim> {
    corresp_check::check(text)
}

/// The statements of extracted text, its tables' sums included.
pub fn check_text(text: &Text) -> Vec<Claim> {
    corresp_check::check_text(text)
}
