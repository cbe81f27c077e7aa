//! The seed letter (a 20-F response with ~30 figures that all agree) and copies of it with one
//! figure changed, generated here at test time: the seed itself is never copied into the repository.

use std::path::PathBuf;

use corresp_model::{Claim, Verdict};

fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn seed() -> Option<String> {
    let p = shared().join("seed/000_9f869de1dbadbc9b.txt");
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(_) => {
            eprintln!("skipping: {} not found", p.display());
            None
        }
    }
}

fn show(c: &[Claim]) -> String {
    c.iter()
        .map(|c| {
            format!("{:?} {:?} {:?} {:?} {:?} [{}]", c.verdict, c.kind, c.stated, c.computed, c.note, c.text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seed_holds_everywhere() {
    let Some(text) = seed() else { return };
    let claims = corresp_check::check(&text);
    eprintln!("{}", show(&claims));
    let bad = claims.iter().filter(|c| c.verdict == Verdict::Inconsistent).count();
    let good = claims.iter().filter(|c| c.verdict == Verdict::Consistent).count();
    assert_eq!(bad, 0, "{}", show(&claims));
    assert!(good >= 25, "only {good} consistent:\n{}", show(&claims));
    for c in &claims {
        assert_eq!(&text[c.start..c.end], c.text);
    }
}

/// `value` printed like `like`: same decimals, thousands separators when `like` has them.
fn format_like(value: f64, like: &str) -> String {
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

/// Every figure of every statement in the seed, changed by a few percent one at a time, must be
/// caught, and be the only thing caught: each inconsistent statement's text holds the new figure.
#[test]
fn each_one_figure_change_of_the_seed_is_caught_alone() {
    let Some(text) = seed() else { return };
    let number = regex::Regex::new(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?").unwrap();
    let mut spots: Vec<(usize, usize)> = Vec::new();
    for c in corresp_check::check(&text).iter().filter(|c| c.verdict == Verdict::Consistent) {
        for m in number.find_iter(&c.text) {
            let is_year = m.as_str().len() == 4 && !m.as_str().contains(['.', ',']);
            if !is_year {
                spots.push((c.start + m.start(), c.start + m.end()));
            }
        }
    }
    spots.sort();
    spots.dedup();
    assert!(spots.len() >= 40, "only {} figures in statements", spots.len());
    let mut failures = Vec::new();
    for &(s, e) in &spots {
        let old = &text[s..e];
        let v: f64 = old.replace(',', "").parse().unwrap();
        for factor in [1.05, 0.96, 1.31] {
            let new = format_like(v * factor, old);
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
    assert!(
        failures.is_empty(),
        "{} of {} mutations missed or not alone:\n{}",
        failures.len(),
        spots.len() * 3,
        failures.join("\n\n")
    );
}
