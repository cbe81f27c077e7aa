//! Cross-validated accuracy on the hand labels in `data/labels/`, folds split by company (no
//! company's letters are both trained on and scored): must not fall below what
//! `data/labels/README.md` reports. Skips (with a message) when the corpus or `pdftotext` is missing.

#[path = "../examples/common/corpus.rs"]
mod corpus;
#[path = "../examples/common/labelled.rs"]
mod labelled;

/// The numbers reported in data/labels/README.md, rounded down.
const MIN_PRIMARY: f64 = 0.71;
const MIN_TOP3: f64 = 0.85;
const MIN_ASK: f64 = 0.82;
const MIN_ANSWER: f64 = 0.75;
/// Answer type and parts both right (parts empty unless mixed).
const MIN_ANSWER_AND_PARTS: f64 = 0.75;
/// Labelled mixed answers predicted mixed with exactly their parts.
const MIN_MIXED_PARTS: f64 = 0.34;

#[test]
fn cross_validated_accuracy_by_company_holds() {
    let root = corpus::shared_dir().join("corpus");
    if !root.join("MANIFEST.tsv").exists() || !corpus::have_pdftotext() {
        assert!(
            std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
            "CORRESP_REQUIRE_ALL is set (CI): this test may not skip"
        );
        eprintln!("skipping: no corpus at {} or no pdftotext", root.display());
        return;
    }
    let (comments, answers, missing) = labelled::load(&root).expect("labels load");
    assert!(comments.len() >= 750, "only {} labelled comments found", comments.len());
    assert!(answers.len() >= 400, "only {} labelled answers found", answers.len());
    assert!(missing * 20 <= comments.len(), "{missing} labels not found in the corpus");
    let cv = corresp_topics::train::cross_validate(&comments, &answers, 5);
    eprintln!(
        "cross-validation by company: primary {:.3}, top-3 {:.3}, ask {:.3}, answer {:.3}, answer and parts {:.3}, mixed with right parts {:.3} ({} mixed)",
        cv.primary, cv.top3, cv.ask, cv.answer, cv.answer_and_parts, cv.mixed_parts, cv.mixed
    );
    eprintln!("{cv:?}");
    assert!(cv.primary >= MIN_PRIMARY, "primary {:.3}", cv.primary);
    assert!(cv.top3 >= MIN_TOP3, "top-3 {:.3}", cv.top3);
    assert!(cv.ask >= MIN_ASK, "ask {:.3}", cv.ask);
    assert!(cv.answer >= MIN_ANSWER, "answer {:.3}", cv.answer);
    assert!(cv.answer_and_parts >= MIN_ANSWER_AND_PARTS, "answer and parts {:.3}", cv.answer_and_parts);
    assert!(cv.mixed_parts >= MIN_MIXED_PARTS, "mixed parts {:.3}", cv.mixed_parts);
}
