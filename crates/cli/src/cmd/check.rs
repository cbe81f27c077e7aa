//! `corresp check`: recompute every numeric statement of a letter (or of text on stdin).

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use corresp_model::{Claim, Verdict};

/// Arguments of `corresp check`.
#[derive(clap::Args)]
pub struct Args {
    /// The letter (PDF, HTML, EDGAR .txt, Markdown); `-` reads standard input.
    file: Option<PathBuf>,
    /// Print `{"claims": [...]}` (the contract's JSON) instead of a report.
    #[arg(long)]
    json: bool,
    /// The input is already plain text: check it as it is, without extraction (reads standard
    /// input when no FILE is given).
    #[arg(long)]
    text: bool,
    /// In the report, list only the statements that do not hold.
    #[arg(long)]
    flagged: bool,
    /// Exit 0 even when a figure does not hold (by default the exit code is 1 then, like a
    /// linter's).
    #[arg(long)]
    exit_zero: bool,
}

/// What to read, resolved from the arguments.
enum Input {
    Stdin,
    File(PathBuf),
}

/// Runs `corresp check`.
pub fn run(args: Args) -> Result<()> {
    let input = match &args.file {
        Some(p) if p.as_os_str() == "-" => Input::Stdin,
        Some(p) => Input::File(p.clone()),
        None if args.text => Input::Stdin,
        None => bail!("give a FILE, `-` for standard input, or --text"),
    };
    let (name, bytes) = match &input {
        Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b).context("reading standard input")?;
            ("-".to_string(), b)
        }
        Input::File(p) => (
            p.display().to_string(),
            std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?,
        ),
    };
    let text = if args.text {
        corresp_model::Text::plain(
            String::from_utf8(bytes).with_context(|| format!("{name}: not UTF-8 text"))?,
        )
    } else {
        let file_name = match &input {
            Input::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Input::Stdin => "stdin.txt".to_string(),
        };
        corresp_app::letter::extract(&bytes, &file_name)
            .with_context(|| format!("{name}: cannot extract text"))?
    };
    let claims = corresp_app::check::check_text(&text);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &serde_json::json!({ "claims": claims }))?;
        writeln!(out)?;
    } else {
        report(&mut out, &name, &claims, args.flagged)?;
    }
    out.flush()?;
    drop(out);
    if !args.exit_zero && claims.iter().any(|c| c.verdict == Verdict::Inconsistent) {
        std::process::exit(1);
    }
    Ok(())
}

/// The readable report: one line per statement, the ones that fail first, then a count.
fn report(out: &mut impl Write, name: &str, claims: &[Claim], flagged_only: bool) -> Result<()> {
    let count = |v| claims.iter().filter(|c| c.verdict == v).count();
    let mut order: Vec<&Claim> =
        claims.iter().filter(|c| !flagged_only || c.verdict == Verdict::Inconsistent).collect();
    order.sort_by_key(|c| (c.verdict != Verdict::Inconsistent, c.start));
    for c in order {
        let mark = match c.verdict {
            Verdict::Consistent => "ok     ",
            Verdict::Inconsistent => "WRONG  ",
            Verdict::Unverifiable => "unknown",
        };
        let kind = serde_json::to_value(c.kind)?;
        let one_line: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mark = if c.weak { "weak   " } else { mark };
        let figures = match (c.stated, c.computed) {
            (Some(s), Some(k)) => format!("stated {s}, recomputed {k}"),
            (Some(s), None) => format!("stated {s}"),
            _ => String::new(),
        };
        let tolerance = c.tolerance.map_or(String::new(), |t| {
            format!(
                " (rounding allows {}..{}; recomputed {}..{})",
                t.stated[0], t.stated[1], t.computed[0], t.computed[1]
            )
        });
        let cells = match c.cells.first() {
            Some(r) => format!(" table {} row {} col {}", r.table + 1, r.row + 1, r.col + 1),
            None => String::new(),
        };
        writeln!(
            out,
            "{mark} {:<21} @{:<6} {figures}{tolerance}{cells}",
            kind.as_str().unwrap_or(""),
            c.start
        )?;
        writeln!(out, "        \"{one_line}\"")?;
        if let Some(n) = &c.note
            && c.verdict != Verdict::Consistent
        {
            writeln!(out, "        {n}")?;
        }
    }
    let weak = claims.iter().filter(|c| c.weak).count();
    writeln!(
        out,
        "{name}: {} statements: {} consistent, {} inconsistent, {} unverifiable; {weak} consistent but weak",
        claims.len(),
        count(Verdict::Consistent),
        count(Verdict::Inconsistent),
        count(Verdict::Unverifiable)
    )?;
    Ok(())
}
