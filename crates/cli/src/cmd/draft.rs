//! `corresp draft`: a response skeleton for a staff comment letter, with precedents per comment.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use corresp_app::draft::{DraftOptions, DraftSource, docx, draft, html, markdown, open_index};

/// Output formats of `corresp draft`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, precedents in quoted notes to remove.
    Md,
    /// A Word document, precedents as Word comments on each repeated comment.
    Docx,
    /// One HTML page, precedents in marked notes to remove.
    Html,
    /// The skeleton and precedents as JSON (what `POST /api/v1/draft` answers).
    Json,
}

/// Arguments of `corresp draft`.
#[derive(clap::Args)]
pub struct Args {
    /// The staff comment letter: a file (.pdf, .htm/.html, EDGAR .txt) or a stored accession.
    staff_letter: String,
    /// The store precedents come from (else $CORRESP_DB, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Output format (default: from -o's extension, else md).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write here instead of stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Precedents per comment.
    #[arg(long, default_value_t = 3)]
    precedents: usize,
}

/// Runs `corresp draft`.
pub fn run(args: Args) -> Result<()> {
    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("docx") => Format::Docx,
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            _ => Format::Md,
        }
    });
    let db = crate::config::db_path(args.db)?;
    let path = PathBuf::from(&args.staff_letter);
    let source = if path.is_file() {
        let bytes = std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        DraftSource::File { bytes, name: path.display().to_string() }
    } else if is_accession(&args.staff_letter) {
        DraftSource::Accession(args.staff_letter.clone())
    } else {
        bail!("{}: no such file, and not an accession (0000000000-24-000001)", args.staff_letter);
    };
    let has_store = corresp_app::db::is_url(&db) || db.exists();
    if !has_store && matches!(source, DraftSource::Accession(_)) {
        bail!(
            "{}: no store here yet (run `corresp ingest` first, or pass --db)",
            corresp_app::db::display(&db)
        );
    }
    let opts = DraftOptions { precedents: args.precedents, ..DraftOptions::default() };
    let d = if has_store {
        let store = crate::config::open_store(&db, false)?;
        let index = open_index(&store, &db)?;
        draft(Some(&store), index.as_ref(), source, &opts)?
    } else {
        let d = draft(None, None, source, &opts)?;
        eprintln!("corresp: no store at {}: drafted without precedents", corresp_app::db::display(&db));
        d
    };
    let bytes = match format {
        Format::Md => markdown(&d).into_bytes(),
        Format::Html => html(&d).into_bytes(),
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(&d)?;
            v.push(b'\n');
            v
        }
        Format::Docx => docx(&d)?,
    };
    match &args.output {
        Some(p) => std::fs::write(p, &bytes).with_context(|| format!("{}: cannot write", p.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            if format == Format::Docx && out.is_terminal() {
                bail!("a DOCX is binary: give -o FILE.docx or redirect stdout");
            }
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// EDGAR's accession shape: ten digits, two, six.
fn is_accession(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && [10, 2, 6].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
}
