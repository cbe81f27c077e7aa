//! Prints split comments or answers of corpus letters, to label them by reading.
//!
//! `cargo run -p corresp-topics --example dump -- comments|answers|all-comments|all-answers [SKIP] [COUNT]
//! [WIDTH]`: the letters are the first staff letter (comments) or first company response (answers) of
//! each DEV thread, or with `all-` every staff letter or response, in MANIFEST order.
//!
//! `... --example dump -- label-answers [SKIP] [COUNT] [WIDTH]`: every response in MANIFEST order,
//! each answer as the training code sees it: the repeated comment's rule ask, the opening WIDTH
//! characters and the closing WIDTH/2 characters of the answer, and its label in
//! `data/labels/answers.json` if it has one. Output goes to the terminal only: letter text never
//! enters the repository.

#[path = "common/corpus.rs"]
mod corpus;

use corresp_topics::{FilingContext, ask_name, rule_ask};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("comments");
    let skip: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let count: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let width: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(700);
    let root = corpus::shared_dir().join("corpus");
    let rows = corpus::manifest(&root);
    let mut seen = std::collections::HashSet::new();
    let label = mode == "label-answers";
    let all = mode.starts_with("all-") || label;
    let mode = mode.trim_start_matches("all-").trim_start_matches("label-");
    let want = if mode == "answers" { "CORRESP" } else { "UPLOAD" };
    let labels: Vec<corpus::AnswerLabels> =
        std::fs::read_to_string(corpus::labels_dir().join("answers.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
    let picks: Vec<_> = rows
        .iter()
        .filter(|r| r.1 == want && (all || seen.insert(r.0.clone())))
        .skip(skip)
        .take(count)
        .collect();
    for (thread, _, file, date) in picks {
        let Some(text) = corpus::doc_text(&root, file) else { continue };
        println!("=== {file} ({thread}, {date}) {}", corpus::re_block(&text));
        if label {
            let mine = labels.iter().find(|l| &l.path == file);
            for a in corpus::split_answers(&text) {
                let (comment, body) = if a.comment.trim().is_empty() {
                    corpus::split_comment_answer(&a.text)
                } else {
                    (a.comment.clone(), a.text.clone())
                };
                let ask = if comment.trim().is_empty() {
                    "none"
                } else {
                    ask_name(rule_ask(&comment, &[], FilingContext::Unknown))
                };
                let old = mine
                    .and_then(|m| m.answers.iter().find(|x| x.number.as_deref() == Some(a.number.as_str())))
                    .map(|x| x.answer.as_str())
                    .unwrap_or("-");
                let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
                let n = flat.chars().count();
                let head: String = flat.chars().take(width).collect();
                let tail: String = if n > width {
                    flat.chars().skip((n - width / 2).max(width)).collect()
                } else {
                    String::new()
                };
                let c: String = comment
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .take(width / 2)
                    .collect();
                println!(
                    "  [{}] ask={ask} old={old} len={n}\n    C: {c}\n    A: {head}\n    ...{tail}",
                    a.number
                );
            }
        } else if mode == "answers" {
            for a in corpus::split_answers(&text) {
                let t: String = a.text.replace('\n', " ").chars().take(width).collect();
                println!("  [{}] {}", a.number, t);
            }
        } else {
            for c in corpus::split_comments(&text) {
                let t: String = c.text.chars().take(width).collect();
                println!("  [{}] <{}> {}", c.number, c.headings.join(" / "), t);
            }
        }
    }
}
