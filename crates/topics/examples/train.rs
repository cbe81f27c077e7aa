//! Rebuilds the shipped models from the hand labels and prints cross-validated accuracy.
//!
//! `cargo run -p corresp-topics --example train --release` (needs `pdftotext` and the DEV corpus in
//! `$CORRESP_SHARED/corpus`). Options: `--cv-only` (no files written), `--cue-weight X` (try another
//! cue weight in the cross-validation).

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/labelled.rs"]
mod labelled;

use corresp_topics::train;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cv_only = args.iter().any(|a| a == "--cv-only");
    let cue_weight: f32 = args
        .iter()
        .position(|a| a == "--cue-weight")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(train::CUE_WEIGHT);
    let root = corpus::shared_dir().join("corpus");
    if !root.exists() || !corpus::have_pdftotext() {
        eprintln!("train: needs the corpus at {} and pdftotext", root.display());
        std::process::exit(1);
    }
    let (comments, answers, missing) = match labelled::load(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("train: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "{} comments, {} answers, {} labels not found in the corpus",
        comments.len(),
        answers.len(),
        missing
    );
    let cv = train::cross_validate_with(&comments, &answers, 5, cue_weight);
    println!("{}", serde_json::to_string_pretty(&cv).unwrap_or_default());
    if cv_only {
        return;
    }
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models"));
    let mut topics = train::fit_topics(&comments);
    topics.cue_weight = cue_weight;
    let models =
        [("topics", topics), ("ask", train::fit_ask(&comments)), ("answer", train::fit_answers(&answers))];
    for (name, m) in models {
        let path = dir.join(format!("{name}.json"));
        let json = serde_json::to_string(&m).unwrap_or_default();
        if let Err(e) = std::fs::write(&path, json) {
            eprintln!("train: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        eprintln!("wrote {} ({} features)", path.display(), m.weights.len());
    }
}
