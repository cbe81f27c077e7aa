//! Prints split comments or answers of corpus letters, to label them by reading.
//!
//! `cargo run -p corresp-topics --example dump -- comments|answers|all-comments|all-answers [SKIP] [COUNT]
//! [WIDTH]`: the letters are the first staff letter (comments) or first company response (answers) of
//! each DEV thread, or with `all-` every staff letter or response, in MANIFEST order. Output goes to the
//! terminal only: letter text never enters the repository.

#[path = "common/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("comments");
    let skip: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let count: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let width: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(700);
    let root = corpus::shared_dir().join("corpus");
    let rows = corpus::manifest(&root);
    let mut seen = std::collections::HashSet::new();
    let all = mode.starts_with("all-");
    let mode = mode.trim_start_matches("all-");
    let want = if mode == "answers" { "CORRESP" } else { "UPLOAD" };
    let picks: Vec<_> = rows
        .iter()
        .filter(|r| r.1 == want && (all || seen.insert(r.0.clone())))
        .skip(skip)
        .take(count)
        .collect();
    for (thread, _, file, date) in picks {
        let Some(text) = corpus::doc_text(&root, file) else { continue };
        println!("=== {file} ({thread}, {date}) {}", corpus::re_block(&text));
        if mode == "answers" {
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
