//! `corresp similar`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use corresp_app::search::{Similar, SimilarOptions, index_dir, self_check, similar};

/// Arguments of `corresp similar`.
#[derive(clap::Args)]
pub struct Args {
    /// A stored staff comment as ACCESSION:ORDINAL (e.g. 0000000000-19-008459:2).
    target: Option<String>,
    /// Find precedents for this text instead of a stored comment.
    #[arg(long, conflicts_with = "target")]
    text: Option<String>,
    /// The store (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Precedents to print.
    #[arg(long, short = 'n', default_value_t = 5)]
    limit: usize,
    /// Also show the comment's own company (other reviews only).
    #[arg(long)]
    same_company: bool,
    /// Measure instead: each answer's repeated comment must find its original comment first.
    #[arg(long, conflicts_with_all = ["target", "text"])]
    self_check: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `corresp similar`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let store = crate::config::open_store(&db, false)?;
    let dir = index_dir(&db);
    let mut out = std::io::stdout().lock();
    if args.self_check {
        let c = self_check(&store, &dir)
            .with_context(|| format!("self-check {}", corresp_app::db::display(&db)))?;
        let rate = if c.checked == 0 { 0.0 } else { c.found_first as f64 / c.checked as f64 };
        if args.json {
            let v = serde_json::json!({"checked": c.checked, "found_first": c.found_first, "rate": rate});
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{} of {} repeated comments found their original first ({:.1}%)",
                c.found_first,
                c.checked,
                rate * 100.0
            )?;
        }
        return Ok(());
    }
    let target = match (&args.target, &args.text) {
        (_, Some(t)) => Similar::Text(t),
        (Some(t), None) => {
            let Some((accession, ordinal)) = t.rsplit_once(':') else {
                bail!("`{t}`: give a comment as ACCESSION:ORDINAL, or --text");
            };
            let ordinal: u32 =
                ordinal.parse().with_context(|| format!("`{t}`: the ordinal `{ordinal}` is not a number"))?;
            Similar::Comment { accession, ordinal }
        }
        (None, None) => bail!("give a comment as ACCESSION:ORDINAL, or --text \"...\""),
    };
    let opts = SimilarOptions {
        limit: args.limit,
        other_companies: !args.same_company,
        answers: 3,
        exclude_cik: None,
    };
    let hits = similar(&store, &dir, target, &opts)
        .with_context(|| format!("similar in {}", corresp_app::db::display(&db)))?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "No similar staff comment found.")?;
    }
    for (i, s) in hits.iter().enumerate() {
        let c = &s.comment;
        writeln!(
            out,
            "\n{}. {} {}:{}  {}  score {:.2}",
            i + 1,
            c.company,
            c.accession,
            c.ordinal.unwrap_or(0),
            c.date.as_deref().unwrap_or("????-??-??"),
            c.score
        )?;
        writeln!(out, "   shared: {}", s.shared_terms.join(", "))?;
        writeln!(out, "   comment: {}", clip(c.text.as_deref().unwrap_or(""), 400))?;
        for a in &s.answers {
            writeln!(
                out,
                "   answer ({} {}): {}",
                a.accession,
                a.date.as_deref().unwrap_or(""),
                clip(a.text.as_deref().unwrap_or(""), 400)
            )?;
        }
        if s.answers.is_empty() {
            writeln!(out, "   answer: none stored")?;
        }
    }
    Ok(())
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}
