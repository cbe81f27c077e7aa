//! Rebuilds the shipped models from the hand labels and prints cross-validated accuracy.
//!
//! `cargo run -p corresp-topics --example train --release` (needs `pdftotext` and the DEV corpus in
//! `$CORRESP_SHARED/corpus`). Options:
//! - `--cv-only`: no files written;
//! - `--cue-weight X`, `--epochs N`, `--answer-epochs N`, `--class-power X`, `--ask-class-power X`,
//!   `--others-ratio X`, `--bags N`, `--ask-rule-bonus X`, `--answer-rule-bonus X`: try other parameters than the shipped ones (`train::PARAMS`);
//! - `--grid`: cross-validate a small grid of parameters around the shipped ones, one line each
//!   (`--grid-cue 12,24`, `--grid-epochs 12,24`, `--grid-class 0,0.3` choose the values);
//! - `--misses`: print the held-out mistakes (label, prediction, first words) to the terminal.

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/labelled.rs"]
mod labelled;

use corresp_topics::train::{self, Params};

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cv_only = args.iter().any(|a| a == "--cv-only");
    let d = train::PARAMS;
    let p = Params {
        cue_weight: arg(&args, "--cue-weight").unwrap_or(d.cue_weight),
        epochs: arg(&args, "--epochs").unwrap_or(d.epochs),
        answer_epochs: arg(&args, "--answer-epochs").unwrap_or(d.answer_epochs),
        class_power: arg(&args, "--class-power").unwrap_or(d.class_power),
        ask_class_power: arg(&args, "--ask-class-power").unwrap_or(d.ask_class_power),
        others_ratio: arg(&args, "--others-ratio").unwrap_or(d.others_ratio),
        bags: arg(&args, "--bags").unwrap_or(d.bags),
        ask_rule_bonus: arg(&args, "--ask-rule-bonus").unwrap_or(d.ask_rule_bonus),
        answer_rule_bonus: arg(&args, "--answer-rule-bonus").unwrap_or(d.answer_rule_bonus),
    };
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
    if args.iter().any(|a| a == "--grid") {
        let list = |name: &str, default: &[f32]| -> Vec<f32> {
            arg::<String>(&args, name)
                .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_else(|| default.to_vec())
        };
        for cue_weight in list("--grid-cue", &[12.0, 24.0, 48.0]) {
            for epochs in list("--grid-epochs", &[12.0, 24.0, 40.0]).into_iter().map(|e| e as usize) {
                for class_power in list("--grid-class", &[0.0, 0.3, 0.6]) {
                    let q = Params { cue_weight, epochs, class_power, ..p };
                    let (cv, _) = train::cross_validate_with(&comments, &answers, 5, &q);
                    println!(
                        "cue {cue_weight:>4} epochs {epochs:>2} class {class_power:.1}: primary {:.3} top3 {:.3} ask {:.3} answer {:.3}",
                        cv.primary, cv.top3, cv.ask, cv.answer
                    );
                }
            }
        }
        return;
    }
    let (cv, misses) = train::cross_validate_with(&comments, &answers, 5, &p);
    println!("{}", serde_json::to_string_pretty(&cv).unwrap_or_default());
    if args.iter().any(|a| a == "--misses") {
        for m in &misses {
            let text = match m.what {
                "answer" => answers[m.index].text.replace('\n', " "),
                _ => comments[m.index].text.clone(),
            };
            let group = match m.what {
                "answer" => answers[m.index].group.as_str(),
                _ => comments[m.index].group.as_str(),
            };
            let short: String = text.chars().take(160).collect();
            let cues = match m.what {
                "answer" => {
                    let a = &answers[m.index];
                    let f = corresp_topics::answer_model_features_in(
                        &a.text,
                        &a.comment,
                        a.has_revised_disclosure,
                        a.commits,
                        a.ctx,
                    );
                    f.into_iter()
                        .filter(|x| {
                            (x.starts_with("p:") && !x.contains("&tell"))
                                || x.starts_with("ctx:")
                                || x.starts_with("cq:")
                                || x.starts_with("rule")
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                }
                _ => String::new(),
            };
            let want = match m.what {
                "answer" if !answers[m.index].parts.is_empty() => {
                    format!("{}:{}", m.want, answers[m.index].parts.join("+"))
                }
                _ => m.want.clone(),
            };
            eprintln!("{:7} want {:32} got {:32} {} [{cues}] | {short}", m.what, want, m.got, group);
        }
    }
    if cv_only {
        return;
    }
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models"));
    let models = [
        ("topics", train::fit_topics_with(&comments, &p)),
        ("ask", train::fit_ask_with(&comments, &p)),
        ("answer", train::fit_answers_with(&answers, &p)),
    ];
    let parts = serde_json::to_string(&train::fit_parts_with(&answers, &p)).unwrap_or_default();
    let models = models.into_iter().map(|(n, m)| (n, serde_json::to_string(&m).unwrap_or_default()));
    for (name, json) in models.chain(std::iter::once(("parts", parts))) {
        let path = dir.join(format!("{name}.json"));
        if let Err(e) = std::fs::write(&path, &json) {
            eprintln!("train: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        eprintln!("wrote {} ({} bytes)", path.display(), json.len());
    }
}
