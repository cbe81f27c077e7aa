//! Search benchmark: corresp's tantivy index beside SQLite FTS5 on the same documents.
//!
//! Not a timed test: run by `bench/search.sh`, which writes the figures to `bench/search.md`.
//!
//! ```text
//! search_bench [--docs DOCS.jsonl] [--synthetic N] [--dir WORK_DIR] [--runs R] [--fts-runs R]
//!              [--fts-max N] [--keep]
//! search_bench --probe INDEX_DIR QUERY...
//! ```
//! `--docs` reads the index documents `corresp reindex --export-docs` wrote (the real corpus);
//! `--synthetic N` generates N staff comments from templates with a Zipf-distributed vocabulary.
//! For each set it builds both indexes, then reports build time, size on disk and warm latency
//! (p50/p99 over R rounds of a fixed query list: words, phrases, filters, a known-item opening).
//! Synthetic documents are generated again for each engine, never held, so 10M fit in memory;
//! both indexes are deleted after measuring.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corresp_index::{DocKind, Index, IndexDoc, SearchOptions};

fn main() {
    if let Err(e) = real_main() {
        eprintln!("search_bench: {e}");
        std::process::exit(1);
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn real_main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let (mut docs, mut synthetic, mut dir, mut runs) =
        (None, None, std::env::temp_dir().join("corresp-bench"), 5usize);
    let (mut fts_runs, mut fts_max) = (None, None);
    let mut keep = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--docs" => docs = args.next().map(PathBuf::from),
            "--synthetic" => {
                synthetic = args.next().map(|n| n.replace('_', "").parse::<usize>()).transpose()?
            }
            "--dir" => dir = args.next().map(PathBuf::from).ok_or("--dir needs a folder")?,
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            "--keep" => keep = true,
            "--probe" => {
                // --probe INDEX_DIR QUERY...: time queries on an index kept by --keep.
                let dir = PathBuf::from(args.next().ok_or("--probe needs an index folder")?);
                let index = Index::open(&dir)?;
                let opts = SearchOptions { limit: 10, ..Default::default() };
                for q in args.by_ref() {
                    let mut times = Vec::new();
                    for _ in 0..4 {
                        let t = Instant::now();
                        let r = index.search(&q, &opts)?;
                        times.push(format!("{:.2}", ms(t.elapsed())));
                        if times.len() == 4 {
                            println!("{q}: total {} ({}) ms {}", r.total, r.total_estimated, times.join(" "));
                        }
                    }
                }
                return Ok(());
            }
            "--fts-runs" => fts_runs = Some(args.next().ok_or("--fts-runs needs a number")?.parse()?),
            "--fts-max" => {
                fts_max = Some(args.next().ok_or("--fts-max needs a number")?.replace('_', "").parse()?)
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    std::fs::create_dir_all(&dir)?;
    if let Some(path) = docs {
        let file = std::io::BufReader::new(std::fs::File::open(&path)?);
        let mut all = Vec::new();
        for line in file.lines() {
            all.push(serde_json::from_str::<IndexDoc>(&line?)?);
        }
        let comments: Vec<&IndexDoc> = all.iter().filter(|d| d.kind == Some(DocKind::Comment)).collect();
        // Real queries: openings of real comments (as phrase and as words), plus topical words.
        let mut queries: Vec<String> = Vec::new();
        for c in comments.iter().step_by((comments.len() / 40).max(1)).take(40) {
            let w: Vec<String> = c
                .text
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(12)
                .map(str::to_string)
                .collect();
            queries.push(format!("\"{}\"", w.join(" ")));
            queries.push(w.join(" "));
        }
        queries.extend(
            [
                "goodwill impairment",
                "\"non-GAAP\" kind:comment",
                "revenue recognition year:2018..2020",
                "segment kind:comment form:10-K",
                "\"critical accounting estimates\"",
                "cybersecurity OR climate",
                "liquidity NOT covid",
            ]
            .map(str::to_string),
        );
        let source = |f: &mut dyn FnMut(&IndexDoc) -> Res<()>| -> Res<()> {
            for d in &all {
                f(d)?;
            }
            Ok(())
        };
        let plan = Plan { runs, fts_runs: fts_runs.unwrap_or(runs), fts_max: None, keep };
        run_set("corpus", all.len(), &source, &queries, &dir, &plan)?;
        known_items(&all, &comments)?;
    }
    if let Some(n) = synthetic {
        // The documents are generated again for each engine rather than held: 10M would not fit.
        let t = Instant::now();
        let mut picked = Vec::new();
        generate(n, &mut |i, d| {
            if i % (n / 20 + 1) == 0 && picked.len() < 20 {
                picked.push(d.text.clone());
            }
            Ok(())
        })?;
        eprintln!("generated {n} comments in {:.1} s", t.elapsed().as_secs_f64());
        let mut queries: Vec<String> = [
            "impairment",
            "goodwill segment",
            "revenue recognition disclosure",
            "\"tell us how you\"",
            "\"operating segments\" year:2015..2018",
            "liquidity kind:comment company:\"company 17\"",
            "reserves OR derivatives",
            "tax NOT valuation",
            "form:10-K year:2020 segment",
        ]
        .map(str::to_string)
        .to_vec();
        for text in &picked {
            let w: Vec<&str> =
                text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()).take(12).collect();
            queries.push(format!("\"{}\"", w.join(" ")));
            queries.push(w.join(" "));
        }
        let source = |f: &mut dyn FnMut(&IndexDoc) -> Res<()>| -> Res<()> { generate(n, &mut |_, d| f(d)) };
        let plan = Plan { runs, fts_runs: fts_runs.unwrap_or(runs), fts_max, keep };
        run_set(&format!("synthetic {n}"), n, &source, &queries, &dir, &plan)?;
    }
    Ok(())
}

/// Known-item retrieval on the real corpus: every staff comment of at least six words, asked for
/// by its first twelve words (as a phrase, then as plain words), must be the first comment hit.
fn known_items(all: &[IndexDoc], comments: &[&IndexDoc]) -> Res<()> {
    let index = Index::create_in_ram()?;
    {
        let mut w = index.bulk_writer(1, 256 << 20)?;
        for d in all {
            w.add(d)?;
        }
        w.commit()?;
    }
    let opts = SearchOptions { limit: 5, ..Default::default() };
    let (mut n, mut phrase, mut words) = (0, 0, 0);
    for c in comments {
        let w: Vec<&str> =
            c.text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()).take(12).collect();
        if w.len() < 6 {
            continue;
        }
        n += 1;
        for (q, counter) in [(format!("\"{}\"", w.join(" ")), &mut phrase), (w.join(" "), &mut words)] {
            let hits = index.search(&q, &opts)?.hits;
            if hits
                .iter()
                .find(|h| h.kind == DocKind::Comment)
                .is_some_and(|h| h.accession == c.accession && h.ordinal == c.ordinal)
            {
                *counter += 1;
            }
        }
    }
    println!(
        "known-item (first 12 words of each comment, first comment hit; identical openings count as misses): \
         phrase {phrase}/{n}, words {words}/{n}\n"
    );
    Ok(())
}

/// How the engines are timed.
struct Plan {
    /// Timed rounds of the query list on tantivy.
    runs: usize,
    /// Timed rounds on FTS5 (it is far slower on big sets).
    fts_runs: usize,
    /// Build FTS5 on only the first this many documents (when a full build would take too long).
    fts_max: Option<usize>,
    /// Leave the indexes in place (for `--probe`).
    keep: bool,
}

type Source<'a> = dyn Fn(&mut dyn FnMut(&IndexDoc) -> Res<()>) -> Res<()> + 'a;

fn run_set(name: &str, n: usize, docs: &Source<'_>, queries: &[String], dir: &Path, plan: &Plan) -> Res<()> {
    let fts_n = plan.fts_max.map_or(n, |m| m.min(n));
    println!(
        "## {name}: {n} documents ({fts_n} in FTS5), {} queries, tantivy {} runs, FTS5 {} runs (warm)",
        queries.len(),
        plan.runs,
        plan.fts_runs
    );
    let tdir = dir.join("tantivy");
    let _ = std::fs::remove_dir_all(&tdir);
    let t = Instant::now();
    let index = Index::open_or_create(&tdir)?;
    {
        let mut w = index.bulk_writer(2, 1 << 30)?;
        docs(&mut |d| Ok(w.add(d)?))?;
        w.commit()?;
    }
    let t_build = t.elapsed();
    let t_size = dir_size(&tdir);
    eprintln!("tantivy built in {:.1} s", t_build.as_secs_f64());

    let db = dir.join("fts5.db");
    let _ = std::fs::remove_file(&db);
    let t = Instant::now();
    let conn = rusqlite::Connection::open(&db)?;
    conn.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE docs USING fts5(text, company, kind UNINDEXED, accession UNINDEXED,
             ordinal UNINDEXED, year UNINDEXED, form UNINDEXED, tokenize = 'porter unicode61');",
    )?;
    {
        let tx = conn.unchecked_transaction()?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO docs(text, company, kind, accession, ordinal, year, form) VALUES (?,?,?,?,?,?,?)",
            )?;
            let mut left = fts_n;
            if fts_n > 0 {
                docs(&mut |d| {
                    if left == 0 {
                        return Ok(());
                    }
                    left -= 1;
                    ins.execute(rusqlite::params![
                        d.text,
                        d.company,
                        d.kind.map(|k| k.as_str()).unwrap_or("letter"),
                        d.accession,
                        d.ordinal,
                        d.year(),
                        d.forms.first().cloned().unwrap_or_default()
                    ])?;
                    Ok(())
                })?;
            }
        }
        tx.commit()?;
        conn.execute_batch("INSERT INTO docs(docs) VALUES('optimize');")?;
    }
    let f_build = t.elapsed();
    let f_size = std::fs::metadata(&db)?.len();
    eprintln!("FTS5 built in {:.1} s", f_build.as_secs_f64());

    // Warm each: one untimed pass, then the timed rounds.
    let opts = SearchOptions { limit: 10, ..Default::default() };
    let fts_queries: Vec<FtsQuery> = queries.iter().map(|q| fts_query(q)).collect();
    let mut tl = Vec::new();
    let mut per_query = vec![Duration::ZERO; queries.len()];
    for round in 0..=plan.runs {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            index.search(q, &opts)?;
            let e = t.elapsed();
            if round > 0 {
                tl.push(e);
                per_query[i] = per_query[i].max(e);
            }
        }
    }
    let mut fl = Vec::new();
    for round in 0..=plan.fts_runs {
        for f in &fts_queries {
            let t = Instant::now();
            fts(&conn, f)?;
            if round > 0 {
                fl.push(t.elapsed());
            }
        }
    }
    let (tp50, tp99) = pct(&mut tl);
    let (fp50, fp99) = pct(&mut fl);
    println!("| engine | docs | build s | size MB | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| tantivy (corresp) | {n} | {:.1} | {:.1} | {:.2} | {:.2} |",
        t_build.as_secs_f64(),
        mb(t_size),
        ms(tp50),
        ms(tp99)
    );
    // No FTS5 timings (`--fts-runs 0`): no row and no ratio.
    if !fl.is_empty() {
        println!(
            "| SQLite FTS5 | {fts_n} | {:.1} | {:.1} | {:.2} | {:.2} |",
            f_build.as_secs_f64(),
            mb(f_size),
            ms(fp50),
            ms(fp99)
        );
        println!(
            "ratio tantivy/FTS5{}: build {:.2}, size {:.2}, p50 {:.2}, p99 {:.2}\n",
            if fts_n == n { "" } else { " (not the same document count)" },
            t_build.as_secs_f64() / f_build.as_secs_f64(),
            t_size as f64 / f_size as f64,
            ms(tp50) / ms(fp50),
            ms(tp99) / ms(fp99)
        );
    }
    let mut slow: Vec<(Duration, &String)> = per_query.into_iter().zip(queries).collect();
    slow.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest tantivy queries (worst of {} runs):", plan.runs);
    for (d, q) in slow.iter().take(5) {
        println!("- {:.2} ms `{q}`", ms(*d));
    }
    println!();
    drop(index);
    drop(conn);
    if !plan.keep {
        let _ = std::fs::remove_dir_all(&tdir);
        let _ = std::fs::remove_file(&db);
    }
    Ok(())
}

/// The same query for FTS5: phrases kept, words ANDed, our filters turned into SQL conditions.
struct FtsQuery {
    matches: String,
    sql_filter: String,
}

fn fts_query(q: &str) -> FtsQuery {
    let mut terms = Vec::new();
    let mut filters = Vec::new();
    let mut rest = q;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[1..];
        } else if c == '"' {
            let end = rest[1..].find('"').map_or(rest.len(), |e| e + 1);
            let phrase: String = rest[1..end]
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            terms.push(format!("\"{phrase}\""));
            rest = rest.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let w = &rest[..end];
            rest = &rest[end..];
            if let Some((f, v)) = w.split_once(':') {
                let v = v.trim_matches('"');
                match f {
                    "kind" => filters.push(format!("kind = '{v}'")),
                    "form" => filters.push(format!("form = '{v}'")),
                    "company" => {
                        // company:"company 17" arrives split; take the quoted run up to the next quote.
                        let name = if w.ends_with('"') || !w.contains('"') {
                            v.to_string()
                        } else {
                            let end = rest.find('"').unwrap_or(rest.len());
                            let n = format!("{v}{}", &rest[..end]);
                            rest = rest.get(end + 1..).unwrap_or("");
                            n
                        };
                        terms.push(format!("company : \"{name}\""));
                    }
                    "year" => match v.split_once("..") {
                        Some((a, b)) => filters.push(format!("year BETWEEN {a} AND {b}")),
                        None => filters.push(format!("year = {v}")),
                    },
                    _ => {}
                }
            } else if matches!(w, "AND" | "OR" | "NOT") {
                terms.push(w.to_string());
            } else {
                let clean: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
                if !clean.is_empty() {
                    terms.push(format!("\"{clean}\""));
                }
            }
        }
    }
    FtsQuery {
        matches: terms.join(" "),
        sql_filter: if filters.is_empty() {
            String::new()
        } else {
            format!(" AND {}", filters.join(" AND "))
        },
    }
}

fn fts(conn: &rusqlite::Connection, q: &FtsQuery) -> Res<usize> {
    let sql = format!(
        "SELECT accession, ordinal, snippet(docs, 0, '<b>', '</b>', '…', 24) FROM docs WHERE docs MATCH ?1{} ORDER BY rank LIMIT 10",
        q.sql_filter
    );
    let mut st = conn.prepare_cached(&sql)?;
    let n = st.query_map([&q.matches], |r| r.get::<_, String>(0))?.count();
    Ok(n)
}

/// Median and 99th percentile; zero for no timings (`--fts-runs 0` times no FTS5 query).
fn pct(v: &mut [Duration]) -> (Duration, Duration) {
    if v.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    v.sort();
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p).map_or(0, |rd| rd.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
}

/// Staff-comment-like text: a template with slots filled from a Zipf vocabulary, so frequent and
/// rare terms behave as in real letters. Deterministic (xorshift).
fn generate(n: usize, f: &mut dyn FnMut(usize, &IndexDoc) -> Res<()>) -> Res<()> {
    const OPENERS: &[&str] = &[
        "Please tell us how you",
        "We note your disclosure that you",
        "Please revise to disclose how you",
        "Please expand your discussion to explain how you",
        "Refer to your response to prior comment and tell us whether you",
        "Please provide us with your analysis of how you",
    ];
    const VERBS: &[&str] =
        &["determined", "evaluated", "measured", "recognized", "allocated", "assessed", "estimated"];
    const NOUNS: &[&str] = &[
        "goodwill",
        "revenue",
        "segment",
        "impairment",
        "liquidity",
        "reserves",
        "derivatives",
        "tax",
        "valuation",
        "leases",
        "inventory",
        "recognition",
        "disclosure",
        "allowance",
        "contingencies",
        "pension",
        "cybersecurity",
        "climate",
        "acquisition",
        "restructuring",
    ];
    let syll =
        ["ba", "ce", "di", "fo", "gu", "ha", "ke", "li", "mo", "nu", "pa", "re", "si", "to", "va", "ze"];
    let vocab: Vec<String> = (0..40_000u32)
        .map(|i| {
            let mut w = String::new();
            let mut x = i + 16;
            while x > 0 {
                w.push_str(syll[(x % 16) as usize]);
                x /= 16;
            }
            w
        })
        .collect();
    // Zipf(1) cumulative weights.
    let mut cum = Vec::with_capacity(vocab.len());
    let mut s = 0.0f64;
    for r in 1..=vocab.len() {
        s += 1.0 / r as f64;
        cum.push(s);
    }
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for i in 0..n {
        let mut text = String::with_capacity(320);
        text.push_str(OPENERS[(next() % OPENERS.len() as u64) as usize]);
        for _ in 0..3 {
            text.push(' ');
            text.push_str(VERBS[(next() % VERBS.len() as u64) as usize]);
            text.push_str(" the ");
            text.push_str(NOUNS[(next() % NOUNS.len() as u64) as usize]);
            for _ in 0..(4 + next() % 8) {
                let u = (next() % 1_000_000) as f64 / 1_000_000.0 * s;
                let k = cum.partition_point(|&c| c < u).min(vocab.len() - 1);
                text.push(' ');
                text.push_str(&vocab[k]);
            }
            text.push('.');
        }
        let year = 2005 + (next() % 21) as i32;
        f(
            i,
            &IndexDoc {
                kind: Some(DocKind::Comment),
                accession: format!("0000000000-{:02}-{:06}", year % 100, i / 8),
                ordinal: Some((i % 8) as u32 + 1),
                number: Some(((i % 8) + 1).to_string()),
                company: format!("Company {}", next() % 3000),
                cik: None,
                forms: vec![["10-K", "10-Q", "8-K", "S-1", "DEF 14A"][(next() % 5) as usize].to_string()],
                date: chrono::NaiveDate::from_ymd_opt(
                    year,
                    1 + (next() % 12) as u32,
                    1 + (next() % 28) as u32,
                ),
                letter_kind: "comments".into(),
                headings: vec![format!("{} {}", NOUNS[i % NOUNS.len()], "Discussion")],
                topics: Vec::new(),
                thread: None,
                text,
                outcome: None,
            },
        )?;
    }
    Ok(())
}
