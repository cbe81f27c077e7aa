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
    /// The tolerance the printed rounding grants, in the units of `stated`: the range the stated
    /// figure may stand for and the range the other figures allow the recomputed one to cover. The
    /// statement holds when the two meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Tolerance>,
    /// Set on a `consistent` statement whose figures are printed so coarsely that it could hardly
    /// fail ("rose $0.5 billion, or 70%, to $1.2 billion from $0.7 billion" allows 53 %..92 %): it
    /// holds, but that says little, and it is not counted as verified.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak: bool,
    /// The table cells the statement reads, when it comes from a table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellRef>,
}

/// The tolerance of one statement: `[lo, hi]` ranges in the units of its stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tolerance {
    /// What the stated figure may stand for, given its rounding (and a hedge such as "approximately").
    pub stated: [f64; 2],
    /// What the other figures, given their rounding, allow the recomputed figure to be.
    pub computed: [f64; 2],
}

/// One cell of a table of the extracted text (`Text::tables`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellRef {
    /// Index of the table in the text.
    pub table: usize,
    /// Row index within the table (0-based, header rows included).
    pub row: usize,
    /// Grid column index (0-based, after column spans).
    pub col: usize,
}
