//! Runs the check over letters and prints one JSON line per letter: its path and claims.
//!
//! `cargo run --release -p corresp-check --example claims -- PATH...` (files or folders; folders
//! are walked for `.htm`/`.html` responses, `.txt` documents and `.pdf` letters, whose tables set
//! in text are read too). Used by `bench/recall.py` and to read a corpus's flags.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        let p = PathBuf::from(a);
        if p.is_dir() {
            files.extend(common::letters(&p, &["htm", "html", "txt", "pdf"]))
        } else {
            files.push(p)
        }
    }
    for f in files {
        let Ok(ex) = corresp_extract::extract_file(&f) else {
            eprintln!("{}: cannot extract", f.display());
            continue;
        };
        let claims = corresp_check::check_text(&ex.text);
        let line = serde_json::json!({ "path": f.display().to_string(), "claims": claims });
        println!("{line}");
    }
}
