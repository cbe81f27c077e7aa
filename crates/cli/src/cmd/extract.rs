//! `corresp extract`: one file's text to stdout, or a batch list to a folder (for benchmarks).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use corresp_model::Text;

/// Arguments of `corresp extract`.
#[derive(clap::Args)]
pub struct Args {
    /// The document: EDGAR .pdf, .htm/.html, .txt (with or without the SGML wrapper) or a full
    /// submission .txt.
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    file: Option<PathBuf>,
    /// Show emphasis: **bold**, *italic*, __underline__ around marked runs.
    #[arg(long)]
    marks: bool,
    /// Print the text and its marks as one JSON object (the model's `Text`).
    #[arg(long, conflicts_with = "marks")]
    json: bool,
    /// Batch mode: a file of `ID<TAB>PATH` lines; writes OUT/ID.txt for each, on all cores.
    #[arg(long, requires = "out")]
    list: Option<PathBuf>,
    /// Batch mode: the folder to write `ID.txt` files into.
    #[arg(long, requires = "list")]
    out: Option<PathBuf>,
    /// Batch mode: worker threads (default: available cores).
    #[arg(long)]
    jobs: Option<usize>,
}

/// Runs `corresp extract`.
pub fn run(args: Args) -> Result<()> {
    // A panic inside the PDF library is caught and reported as that file's error; the default
    // hook would also print a multi-line backtrace note on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    if let (Some(list), Some(out)) = (&args.list, &args.out) {
        return batch(list, out, args.jobs);
    }
    let Some(file) = &args.file else { bail!("no FILE given") };
    let text = corresp_app::letter::extract_file(file)?;
    let rendered = if args.json {
        serde_json::to_string(&text)? + "\n"
    } else if args.marks {
        with_marks(&text)
    } else {
        text.text
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// The text with each mark wrapped in Markdown-like delimiters (outermost first: bold,
/// italic, underline).
fn with_marks(t: &Text) -> String {
    let mut out = String::with_capacity(t.text.len() + t.marks.len() * 8);
    let mut at = 0;
    for m in &t.marks {
        let (s, e) = (m.span.start.min(t.text.len()), m.span.end.min(t.text.len()));
        if s < at || !t.text.is_char_boundary(s) || !t.text.is_char_boundary(e) {
            continue;
        }
        let mut open = String::new();
        if m.emphasis.bold {
            open.push_str("**");
        }
        if m.emphasis.italic {
            open.push('*');
        }
        if m.emphasis.underline {
            open.push_str("__");
        }
        let close: String = open.chars().rev().collect();
        out.push_str(&t.text[at..s]);
        out.push_str(&open);
        out.push_str(&t.text[s..e]);
        out.push_str(&close);
        at = e;
    }
    out.push_str(&t.text[at..]);
    out
}

/// Extracts every listed file on `jobs` threads; per-file failures are reported on stderr and
/// make the exit status non-zero once all files are done.
fn batch(list: &Path, out: &Path, jobs: Option<usize>) -> Result<()> {
    let src =
        std::fs::read_to_string(list).with_context(|| format!("cannot read list {}", list.display()))?;
    let items: Vec<(String, PathBuf)> = src
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('\t') {
            Some((id, path)) => Ok((id.trim().to_string(), PathBuf::from(path.trim()))),
            None => bail!("{}: line without a tab: {l}", list.display()),
        })
        .collect::<Result<_>>()?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((id, path)) = items.get(i) else { break };
                    let result = corresp_app::letter::extract_file(path)
                        .map_err(anyhow::Error::from)
                        .and_then(|text| {
                            let dest = out.join(format!("{id}.txt"));
                            std::fs::write(&dest, text.text)
                                .with_context(|| format!("cannot write {}", dest.display()))
                        });
                    if let Err(e) = result {
                        failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        eprintln!("corresp: {e}");
                    }
                }
            });
        }
    });
    let failed = failed.into_inner();
    if failed > 0 {
        bail!("{failed} of {} files failed", items.len());
    }
    Ok(())
}
