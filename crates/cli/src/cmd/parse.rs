//! `corresp parse`: extract a letter, parse it, print the record (JSON) or a readable summary.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use corresp_model::Letter;

/// Arguments of `corresp parse`.
#[derive(clap::Args)]
pub struct Args {
    /// The letter: EDGAR .pdf, .htm/.html or .txt.
    file: PathBuf,
    /// EDGAR's form type when known (`CORRESP`, `UPLOAD`, `SEC STAFF LETTER`, `SEC STAFF ACTION`):
    /// it decides whether the staff or the company wrote the letter.
    #[arg(long, value_name = "FORM")]
    form: Option<String>,
    /// Print the contract's JSON record instead of the readable summary.
    #[arg(long)]
    json: bool,
}

/// Runs `corresp parse`.
pub fn run(args: Args) -> Result<()> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("{}: cannot read", args.file.display()))?;
    // The path names the file in errors; its extension gives the type.
    let letter =
        corresp_app::letter::read(&bytes, &args.file.display().to_string(), args.form.as_deref())?.letter;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &letter)?;
        writeln!(out)?;
    } else {
        write_summary(&mut out, &letter)?;
    }
    out.flush()?;
    Ok(())
}

/// The readable view: the head, then one block per comment or answer.
fn write_summary(out: &mut impl Write, l: &Letter) -> std::io::Result<()> {
    let or_dash = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    writeln!(out, "kind:     {}", l.kind.as_str())?;
    writeln!(out, "date:     {}", or_dash(l.date.map(|d| d.to_string())))?;
    writeln!(out, "company:  {}", or_dash(l.company.clone()))?;
    for f in &l.filings {
        let mut parts = vec![f.form.clone()];
        if f.draft {
            parts.push("draft".into());
        }
        if let Some(p) = f.period {
            parts.push(format!("period {p}"));
        }
        if let Some(d) = f.filed {
            parts.push(format!("filed {d}"));
        }
        if let Some(n) = &f.file_number {
            parts.push(format!("file no. {n}"));
        }
        writeln!(out, "filing:   {}", parts.join(", "))?;
    }
    if let Some(d) = l.responds_to {
        writeln!(out, "answers:  letter of {d}")?;
    }
    if l.acknowledgment {
        writeln!(out, "acknowledgment: yes")?;
    }
    for c in &l.comments {
        writeln!(out)?;
        writeln!(out, "comment {} ({})", c.number.as_deref().unwrap_or("•"), c.headings.join(" > "))?;
        if !c.page_refs.is_empty() || !c.prior_comment_refs.is_empty() {
            writeln!(out, "  pages {:?}, prior comments {:?}", c.page_refs, c.prior_comment_refs)?;
        }
        writeln!(out, "  {}", clip(&c.text, 300))?;
    }
    for r in &l.responses {
        writeln!(out)?;
        let commits = if r.commits_to_revise { ", commits to revise" } else { "" };
        writeln!(out, "answer to comment {}{commits}", r.comment_number.as_deref().unwrap_or("•"))?;
        if let Some(c) = &r.comment_text {
            writeln!(out, "  comment: {}", clip(c, 200))?;
        }
        writeln!(out, "  answer:  {}", clip(&r.text, 300))?;
        for b in &r.revised_disclosure {
            writeln!(out, "  revised: {}", clip(b, 160))?;
        }
    }
    for d in &l.diagnostics {
        writeln!(out, "note: {} ({})", d.message, d.code)?;
    }
    Ok(())
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
