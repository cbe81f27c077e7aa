//! Statements of every kind, in a letter written for these tests (`fixtures/kinds.txt`), and copies
//! of it with one figure changed: each change caught, nothing else flagged.

mod common;

use corresp_model::{ClaimKind, Verdict};

use common::{mutations_missed, show};

const KINDS: &str = include_str!("fixtures/kinds.txt");

#[test]
fn every_kind_is_found_and_holds() {
    let claims = corresp_check::check(KINDS);
    let msg = show(&claims);
    assert!(claims.iter().all(|c| c.verdict == Verdict::Consistent), "{msg}");
    let count = |k| claims.iter().filter(|c| c.kind == k).count();
    assert_eq!(count(ClaimKind::PercentChange), 4, "{msg}");
    assert_eq!(count(ClaimKind::PointChange), 1, "{msg}");
    assert_eq!(count(ClaimKind::Difference), 1, "{msg}");
    assert_eq!(count(ClaimKind::ShareOfTotal), 2, "{msg}");
    assert_eq!(count(ClaimKind::Sum), 1, "{msg}");
    assert_eq!(count(ClaimKind::CurrencyTranslation), 3, "{msg}");
}

#[test]
fn each_one_figure_change_is_caught_alone() {
    // Large enough steps that rounding cannot hide them, even for one-digit figures like 1.6.
    let (failures, tried) = mutations_missed(KINDS, &[1.12, 0.72, 1.31]);
    assert!(tried >= 60, "only {tried} mutations");
    assert!(
        failures.is_empty(),
        "{} of {tried} mutations missed or not alone:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn wording_that_is_no_statement_is_left_alone() {
    let text = "Revenue increased in 2023. The ratio rose to 52 days from 48 days. Costs were $5.0 million, \
                including $3.0 million of wages and $1.0 million of rent. We paid $10.0 million (or $2.00 per share).";
    let claims = corresp_check::check(text);
    assert!(claims.iter().all(|c| c.verdict != Verdict::Inconsistent), "{}", show(&claims));
}
