//! The seed letter (a 20-F response whose ~30 figures all agree) and copies of it with one figure
//! changed, generated here at test time: the seed itself is never copied into the repository.

mod common;

use corresp_model::Verdict;

use common::{mutations_missed, shared, show};

fn seed() -> Option<String> {
    let p = shared().join("seed/000_9f869de1dbadbc9b.txt");
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            common::skip_absent(&p);
            None
        }
    }
}

#[test]
fn seed_holds_everywhere() {
    let Some(text) = seed() else { return };
    let claims = corresp_check::check(&text);
    let bad = claims.iter().filter(|c| c.verdict == Verdict::Inconsistent).count();
    let good = claims.iter().filter(|c| c.verdict == Verdict::Consistent).count();
    assert_eq!(bad, 0, "{}", show(&claims));
    assert!(good >= 25, "only {good} consistent:\n{}", show(&claims));
    for c in &claims {
        assert_eq!(&text[c.start..c.end], c.text);
    }
}

/// Every figure of every statement in the seed, changed by a few percent one at a time, must be
/// caught, and be the only thing caught: each inconsistent statement's text holds the new figure.
#[test]
fn each_one_figure_change_of_the_seed_is_caught_alone() {
    let Some(text) = seed() else { return };
    let (failures, tried) = mutations_missed(&text, &[1.05, 0.96, 1.31]);
    assert!(tried >= 120, "only {tried} mutations");
    assert!(
        failures.is_empty(),
        "{} of {tried} mutations missed or not alone:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
