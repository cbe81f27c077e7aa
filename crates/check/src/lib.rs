//! Recompute numeric statements in disclosure text (placeholder API; being built).
#![deny(missing_docs)]

use corresp_model::Claim;

/// Finds every recomputable numeric statement in `text` and gives each a verdict.
pub fn check(_text: &str) -> Vec<Claim> {
    Vec::new()
}
