//! The pairing measurement on a corpus, for reading misses by hand (the corpus test asserts it):
//! `cargo run -p corresp-parse --example pairing -- ../shared/corpus [CACHE_DIR]`.
//! Extracted texts are cached as JSON in CACHE_DIR (default `/tmp/corresp-parse-cache`) so that
//! reruns time parsing only.

#[path = "../tests/support/pairing.rs"]
mod pairing;

use std::path::PathBuf;

use corresp_model::Text;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let cache = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/corresp-parse-cache".into()));
    let _ = std::fs::create_dir_all(&cache);
    let Some(docs) = pairing::manifest(&root) else {
        eprintln!("{}: no MANIFEST.tsv", root.display());
        std::process::exit(1);
    };
    // PAIRING_SHOW=ACCESSION prints that letter's answers (number, repeated comment, answer).
    if let Ok(acc) = std::env::var("PAIRING_SHOW") {
        for d in docs.iter().filter(|d| d.rel.contains(&acc)) {
            let key = cache.join(format!("{}.json", d.rel.replace('/', "_")));
            let Some(t) = std::fs::read(&key).ok().and_then(|b| serde_json::from_slice::<Text>(&b).ok())
            else {
                continue;
            };
            let l = corresp_parse::parse_with(&t, &corresp_parse::ParseOptions { form: Some(&d.form) });
            println!(
                "{} {} kind {} date {:?} responds_to {:?}",
                d.rel,
                d.form,
                l.kind.as_str(),
                l.date,
                l.responds_to
            );
            let filings: Vec<String> =
                l.filings.iter().map(|f| format!("{} filed {:?}", f.form, f.filed)).collect();
            println!("  company {:?} filings {filings:?} acknowledgment {}", l.company, l.acknowledgment);
            for c in &l.comments {
                let t: String = c.text.chars().take(100).collect();
                println!("  comment {:?} {:?} | {t}", c.number, c.headings);
            }
            for r in &l.responses {
                let c: String = r.comment_text.as_deref().unwrap_or("").chars().take(90).collect();
                let a: String = r.text.chars().take(110).collect();
                println!("  answer {:?} | C: {c}\n      A: {a}", r.comment_number);
            }
        }
        return;
    }
    let r = pairing::measure(&docs, |d| {
        let key = cache.join(format!("{}.json", d.rel.replace('/', "_")));
        if let Some(t) = std::fs::read(&key).ok().and_then(|b| serde_json::from_slice::<Text>(&b).ok()) {
            return Some(t);
        }
        let t = corresp_extract::extract_file(&root.join(&d.rel)).ok()?.text;
        let _ = std::fs::write(&key, serde_json::to_vec(&t).ok()?);
        Some(t)
    });
    for m in &r.mismatches {
        println!("mismatch {m}");
    }
    for u in &r.unpaired {
        println!("unpaired {u}");
    }
    for n in &r.no_letter {
        println!("no staff letter {n}");
    }
    println!(
        "responses {} (others {}), with staff letter {}, all correct {} ({:.1} %), unpaired answers {}",
        r.responses,
        r.others,
        r.with_letter,
        r.all_correct,
        100.0 * r.all_correct as f64 / r.with_letter.max(1) as f64,
        r.unpaired.len()
    );
}
