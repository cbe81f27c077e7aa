//! Drafting over the real DEV corpus: every staff comment letter drafts without error, one section
//! per comment, each comment repeated word for word in order, with precedents from other companies
//! whose EDGAR links are well formed. Prints how long a draft with precedents takes.

use std::path::PathBuf;
use std::time::Instant;

use corresp_app::draft::{DraftOptions, DraftSource, draft};
use corresp_app::ingest::{IngestOptions, ingest};
use corresp_model::LetterKind;
use corresp_store::{SqliteStore, Store};

fn shared() -> PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[test]
fn every_staff_comment_letter_of_the_corpus_drafts() {
    let corpus = shared().join("corpus");
    if !corpus.join("lehigh").is_dir() {
        assert!(std::env::var_os("CORRESP_REQUIRE_ALL").is_none(), "no corpus at {}", corpus.display());
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("corpus.db");
    let store = SqliteStore::open(&db).unwrap();
    ingest(&store, &[corpus.join("lehigh")], &IngestOptions::default(), &mut |_| {}).unwrap();
    corresp_app::search::reindex(&store, &corresp_app::search::index_dir(&db)).unwrap();
    let index = corresp_app::draft::open_index(&store, &db).unwrap().expect("an index");

    let mut staff = Vec::new();
    store
        .for_each_document(&mut |d| {
            if d.letter.kind == LetterKind::Comments {
                staff.push((
                    d.accession.clone(),
                    d.edgar.cik.clone(),
                    d.source_path.clone(),
                    d.letter.comments.clone(),
                ));
            }
            Ok(())
        })
        .unwrap();
    assert!(staff.len() > 100, "{} staff comment letters", staff.len());

    let opts = DraftOptions { precedents: 3, ..DraftOptions::default() };
    let (mut sections, mut with_precedent, mut drafted, mut from_files) = (0usize, 0usize, 0usize, 0usize);
    let mut file_problems = Vec::new();
    let started = Instant::now();
    for (acc, cik, path, comments) in &staff {
        let d = draft(Some(&store), Some(&index), DraftSource::Accession(acc.clone()), &opts)
            .unwrap_or_else(|e| panic!("{acc}: {e}"));
        drafted += 1;
        let expected = comments.len().max(1);
        assert_eq!(d.sections.len(), expected, "{acc}: one section per comment");
        for (s, c) in d.sections.iter().zip(comments) {
            assert_eq!(
                words(&s.comment.join(" ")),
                words(&c.text),
                "{acc} comment {:?}: word for word",
                c.number
            );
            assert_eq!(s.number, c.number, "{acc}: in order");
        }
        for s in &d.sections {
            sections += 1;
            if !s.precedents.is_empty() {
                with_precedent += 1;
            }
            for p in &s.precedents {
                assert!(p.cik.is_some() && p.cik != *cik, "{acc}: a precedent from the same company");
                for url in p.comment.url.iter().chain(p.answer.as_ref().and_then(|a| a.letter.url.as_ref())) {
                    assert!(
                        url.starts_with("https://www.sec.gov/Archives/edgar/data/") && url.ends_with('/'),
                        "{url}"
                    );
                }
            }
        }
        // The same letter given as a file (no EDGAR form to say who wrote it) drafts the same.
        let file = PathBuf::from(path.as_deref().expect("a source path"));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        match draft(None, None, DraftSource::File { bytes, name: file.display().to_string() }, &opts) {
            Ok(f) if f.sections.len() == d.sections.len() => from_files += 1,
            Ok(f) => file_problems.push(format!("{acc}: {} sections from the file", f.sections.len())),
            Err(e) => file_problems.push(format!("{acc}: {e}")),
        }
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / drafted as f64;
    eprintln!(
        "drafted {drafted} staff letters: {sections} sections, {with_precedent} with a precedent ({:.1} %); {per:.1} ms per draft (with the file re-read)",
        100.0 * with_precedent as f64 / sections as f64
    );
    eprintln!("from the files alone: {from_files} of {drafted} the same; {file_problems:#?}");
    assert!(with_precedent * 10 >= sections * 9, "fewer than 90 % of comments have a precedent");
    assert!(
        from_files * 100 >= drafted * 95,
        "{} letters draft differently from their files",
        file_problems.len()
    );
}
