//! Parse throughput on a folder of letters (a benchmark, not a test): extracts every PDF, HTML
//! and text file once, then times `parse` alone over all texts for several rounds, and prints
//! letters/s and MB/s beside the time extraction took on the same files, as the anchor.
//!
//! `cargo run --release -p corresp-parse --example throughput -- ../shared/corpus [ROUNDS]`

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
            Some("pdf" | "htm" | "html" | "txt")
        ) {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let rounds: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let t = Instant::now();
    let texts: Vec<_> =
        paths.iter().filter_map(|p| corresp_extract::extract_file(p).ok().map(|e| e.text)).collect();
    let extract_s = t.elapsed().as_secs_f64();
    let bytes: usize = texts.iter().map(|t| t.text.len()).sum();
    let t = Instant::now();
    let mut comments = 0usize;
    for _ in 0..rounds {
        for text in &texts {
            comments += std::hint::black_box(corresp_parse::parse(text)).comments.len();
        }
    }
    let parse_s = t.elapsed().as_secs_f64() / f64::from(rounds);
    let n = texts.len() as f64;
    println!(
        "{} letters, {:.1} MB of text, {} rounds ({} comments per round)",
        texts.len(),
        bytes as f64 / 1e6,
        rounds,
        comments / rounds as usize
    );
    println!(
        "parse:   {parse_s:.3} s per round  {:.0} letters/s  {:.1} MB/s",
        n / parse_s,
        bytes as f64 / 1e6 / parse_s
    );
    println!("extract: {extract_s:.3} s once      {:.0} letters/s  (anchor)", n / extract_s);
    println!("ratio parse/extract: {:.3}", parse_s / extract_s);
}
