//! Helpers shared by the test files: the shared folder, claim dumps, one-figure mutations.
#![allow(dead_code)] // each test file uses only some of the helpers

use std::path::PathBuf;

use corresp_model::{Claim, Verdict};

/// The team's shared folder (corpus, seed): `$CORRESP_SHARED`, else next to the workspace.
pub fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// Says a test is skipped because `path` is absent; in CI (`CORRESP_REQUIRE_ALL` set) it fails
/// instead, so a missing corpus or seed can never leave the check untested.
pub fn skip_absent(path: &std::path::Path) {
    assert!(
        std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
        "{} not found, and CORRESP_REQUIRE_ALL is set (CI): this test may not skip",
        path.display()
    );
    eprintln!("skipping: {} not found", path.display());
}

/// The files under `dir` whose extension is one of `exts` (any case), in name order.
pub fn letters(dir: &std::path::Path, exts: &[&str]) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e))))
        .collect()
}

/// One line per claim, for assertion messages.
pub fn show(c: &[Claim]) -> String {
    c.iter()
        .map(|c| {
            format!("{:?} {:?} {:?} {:?} {:?} [{}]", c.verdict, c.kind, c.stated, c.computed, c.note, c.text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `value` printed like `like`: same decimals, thousands separators when `like` has them.
pub fn format_like(value: f64, like: &str) -> String {
    let decimals = like.split_once('.').map_or(0, |(_, f)| f.len());
    let s = format!("{value:.decimals$}");
    if !like.contains(',') {
        return s;
    }
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// Changes every figure of every consistent statement of `text`, one at a time, by each factor;
/// returns the mutations that were missed or raised another alarm, and how many were tried.
pub fn mutations_missed(text: &str, factors: &[f64]) -> (Vec<String>, usize) {
    let number = regex::Regex::new(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?").unwrap();
    let mut spots: Vec<(usize, usize)> = Vec::new();
    for c in corresp_check::check(text).iter().filter(|c| c.verdict == Verdict::Consistent) {
        for m in number.find_iter(&c.text) {
            let is_year = m.as_str().len() == 4 && !m.as_str().contains(['.', ',']);
            if !is_year {
                spots.push((c.start + m.start(), c.start + m.end()));
            }
        }
    }
    spots.sort();
    spots.dedup();
    let mut failures = Vec::new();
    let mut tried = 0;
    for &(s, e) in &spots {
        let old = &text[s..e];
        let v: f64 = old.replace(',', "").parse().unwrap();
        for &factor in factors {
            let new = format_like(v * factor, old);
            if new == old {
                continue;
            }
            tried += 1;
            let mutated = format!("{}{}{}", &text[..s], new, &text[e..]);
            let claims = corresp_check::check(&mutated);
            let bad: Vec<&Claim> = claims.iter().filter(|c| c.verdict == Verdict::Inconsistent).collect();
            let hit = bad.iter().filter(|c| c.start <= s && s + new.len() <= c.end).count();
            if hit == 0 || hit != bad.len() {
                failures.push(format!(
                    "{old} -> {new}: caught {hit}, other alarms {}\n{}",
                    bad.len() - hit,
                    show(&claims)
                ));
            }
        }
    }
    (failures, tried)
}
