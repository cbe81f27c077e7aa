//! Cross-validated accuracy on the hand labels in `data/labels/`: must not fall below what the
//! README reports. Skips (with a message) when the corpus or `pdftotext` is missing.

#[path = "../examples/common/corpus.rs"]
mod corpus;
#[path = "../examples/common/labelled.rs"]
mod labelled;

/// The numbers reported in data/labels/README.md, rounded down.
const MIN_PRIMARY: f64 = 0.77;
const MIN_TOP3: f64 = 0.90;
const MIN_ASK: f64 = 0.81;
const MIN_ANSWER: f64 = 0.76;

#[test]
fn cross_validated_accuracy_holds() {
    let root = corpus::shared_dir().join("corpus");
    if !root.join("MANIFEST.tsv").exists() || !corpus::have_pdftotext() {
        eprintln!("skipping: no corpus at {} or no pdftotext", root.display());
        return;
    }
    let (comments, answers, missing) = labelled::load(&root).expect("labels load");
    assert!(comments.len() >= 750, "only {} labelled comments found", comments.len());
    assert!(answers.len() >= 200, "only {} labelled answers found", answers.len());
    assert!(missing * 20 <= comments.len(), "{missing} labels not found in the corpus");
    let cv = corresp_topics::train::cross_validate(&comments, &answers, 5);
    eprintln!("{cv:?}");
    assert!(cv.primary >= MIN_PRIMARY, "primary {:.3}", cv.primary);
    assert!(cv.top3 >= MIN_TOP3, "top-3 {:.3}", cv.top3);
    assert!(cv.ask >= MIN_ASK, "ask {:.3}", cv.ask);
    assert!(cv.answer >= MIN_ANSWER, "answer {:.3}", cv.answer);
}
