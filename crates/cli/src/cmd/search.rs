//! `corresp search`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_app::search::{SearchOptions, Sort, index_dir, search};

/// Arguments of `corresp search`.
#[derive(clap::Args)]
pub struct Args {
    /// The query: words, "exact phrases", AND/OR/NOT (or -word), parentheses, and filters
    /// company:, cik:, form:10-K, year:2019..2021, date:2020-01-01..2020-06-30, kind:comment|response|letter,
    /// topic:, heading:, letter:comments|response, number:, thread:, accession:.
    #[arg(required = true)]
    query: Vec<String>,
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Hits to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Hits to skip (paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Order: by relevance, or newest letter first.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Also count matches by company, form, year, kind and topic (with --json the output becomes
    /// `{"hits", "total", "facets"}`).
    #[arg(long)]
    facets: bool,
    /// Print the hits as the contract's JSON array.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

/// Runs `corresp search`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, false)?;
    let query = args.query.join(" ");
    let opts = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        facets: args.facets,
    };
    let res = search(&store, &index_dir(&db), &query, &opts)
        .with_context(|| format!("search {}", corresp_app::db::display(&db)))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = if args.facets {
            serde_json::json!({"hits": res.hits, "total": res.total, "relaxed": res.relaxed, "facets": res.facets})
        } else {
            serde_json::to_value(&res.hits)?
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let color = std::io::stdout().is_terminal();
    if res.relaxed {
        writeln!(out, "No letter holds all the words; showing those with any of them.")?;
    }
    let about = if res.total_estimated { "about " } else { "" };
    writeln!(out, "{about}{} match{}", res.total, if res.total == 1 { "" } else { "es" })?;
    for (i, h) in res.hits.iter().enumerate() {
        let place = match (h.ordinal, &h.number) {
            (Some(o), Some(n)) => format!(" #{o} (no. {n})"),
            (Some(o), None) => format!(" #{o}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "\n{}. {} {}{}  {}  {}  score {:.2}",
            i + 1 + args.offset,
            h.kind.as_str(),
            h.accession,
            place,
            h.company,
            h.date.as_deref().unwrap_or("????-??-??"),
            h.score
        )?;
        if let Some(head) = h.headings.last() {
            writeln!(out, "   {head}")?;
        }
        writeln!(out, "   {}", marked(&h.snippet_text, &h.snippet_marks, color))?;
    }
    if let Some(f) = &res.facets {
        for (name, counts) in [
            ("kind", &f.kind),
            ("year", &f.year),
            ("form", &f.form),
            ("company", &f.company),
            ("topic", &f.topic),
        ] {
            if counts.is_empty() {
                continue;
            }
            let list: Vec<String> = counts.iter().take(10).map(|(v, n)| format!("{v} {n}")).collect();
            writeln!(out, "\n{name}: {}", list.join(", "))?;
        }
    }
    Ok(())
}

/// The snippet with matched terms in bold on a terminal, in `[brackets]` elsewhere.
fn marked(text: &str, marks: &[(usize, usize)], color: bool) -> String {
    let (on, off) = if color { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::with_capacity(text.len() + marks.len() * 8);
    let mut at = 0;
    for &(s, e) in marks {
        let (Some(before), Some(word)) = (text.get(at..s), text.get(s..e)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(on);
        out.push_str(word);
        out.push_str(off);
        at = e;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
