//! Runs the check over letters and prints one JSON line per letter: its path and claims.
//!
//! `cargo run --release -p corresp-check --example claims -- PATH...` (files or folders; folders
//! are walked for `.htm`/`.html` responses, `.txt` documents and `.pdf` letters, whose tables set
//! in text are read too). Used by `bench/recall.py` and to read a corpus's flags.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| ["htm", "html", "txt", "pdf"].iter().any(|e| x.eq_ignore_ascii_case(e)))
        {
            out.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        let p = PathBuf::from(a);
        if p.is_dir() { walk(&p, &mut files) } else { files.push(p) }
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
