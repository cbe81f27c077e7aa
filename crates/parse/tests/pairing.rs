//! The pairing measurement on the DEV corpus (`shared/corpus`; skipped with a message when absent):
//! each company response parsed with its EDGAR form, compared with the staff letter it answers
//! (same company folder; the staff comment letter dated as the response's `responds_to`, else the
//! latest one dated on or before the response). A response is all-correct when its answered comment
//! numbers are exactly that letter's comment numbers (one unnumbered answer to a one-comment letter
//! counts: the thread pairs it). Run `cargo run -p corresp-parse --example pairing` to list misses.

mod support;

use std::path::PathBuf;

use support::pairing;

fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into())
}

#[test]
fn responses_answer_the_comments_of_the_letter_they_answer() {
    let root = shared().join("corpus");
    let Some(docs) = pairing::manifest(&root) else {
        assert!(
            std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
            "CORRESP_REQUIRE_ALL is set (CI): this test may not skip"
        );
        eprintln!("{} absent: pairing measurement skipped", root.display());
        return;
    };
    let r =
        pairing::measure(&docs, |d| corresp_extract::extract_file(&root.join(&d.rel)).ok().map(|e| e.text));
    for m in &r.mismatches {
        eprintln!("mismatch {m}");
    }
    for u in &r.unpaired {
        eprintln!("unpaired {u}");
    }
    for n in &r.no_letter {
        eprintln!("no staff letter for {n}");
    }
    let share = r.all_correct as f64 / r.with_letter.max(1) as f64;
    eprintln!(
        "responses {} (CORRESP read as other: {}), with a staff letter {}, all correct {} ({:.1} %), unpaired answers {}",
        r.responses,
        r.others,
        r.with_letter,
        r.all_correct,
        100.0 * share,
        r.unpaired.len()
    );
    assert!(r.with_letter >= 150, "too few responses compared: {}", r.with_letter);
    assert!(share >= MIN_SHARE, "responses all-correct {:.1} % < {:.1} %", 100.0 * share, 100.0 * MIN_SHARE);
    assert!(r.unpaired.len() <= MAX_UNPAIRED, "{} unpaired answers", r.unpaired.len());
}

/// The level reached on the DEV corpus: 192 of 204 responses all-correct (94.1 %), 13 answers
/// unpaired (read the misses listed by the test before lowering it). Some of the 12 misses are
/// right as parsed: responses that answer only some comments (EBAY, NRG), oral comments (WRB, ZBH,
/// MAR), a response to a letter outside the corpus (WM); see the commit notes.
const MIN_SHARE: f64 = 0.93;
const MAX_UNPAIRED: usize = 14;
