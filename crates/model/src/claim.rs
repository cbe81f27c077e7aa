//! Numeric statements found in disclosure text, recomputed.

use serde::{Deserialize, Serialize};

/// Kinds of recomputable statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// "increased by 29.0% from A to B".
    PercentChange,
    /// "increased by 1.2 percentage points from 10.0% to 11.2%".
    PointChange,
    /// "X, which accounted for 7.4% of total T".
    ShareOfTotal,
    /// "RMB1,966.7 million (US$324.9 million)".
    CurrencyTranslation,
    /// Components adding to a stated total.
    Sum,
    /// "an increase of X from A to B".
    Difference,
}

/// The verdict on one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Recomputed and it holds at the stated precision.
    Consistent,
    /// Recomputed and it does not hold: a figure is wrong.
    Inconsistent,
    /// Recognised but cannot be recomputed from the text.
    Unverifiable,
}

/// One numeric statement and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What kind of statement.
    pub kind: ClaimKind,
    /// The statement's text.
    pub text: String,
    /// Byte offset of its start in the extracted text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The figure as stated.
    pub stated: Option<f64>,
    /// The figure as recomputed from the others.
    pub computed: Option<f64>,
    /// Whether it holds.
    pub verdict: Verdict,
    /// Why, for a human (e.g. "28.95%..29.05% allowed; computed 29.03%").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
