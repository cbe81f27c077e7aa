//! Text to a parsed letter (placeholder API; being built).
#![deny(missing_docs)]

use corresp_model::{Letter, Text};

/// Parses one letter's text. Total: never fails, never panics; what it cannot settle is a diagnostic.
pub fn parse(_text: &Text) -> Letter {
    Letter::default()
}
