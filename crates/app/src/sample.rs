//! The sample store a first `corresp serve` shows when the store is empty: the letters of
//! `testdata/letters/` (written for corresp's tests, never copied from filings), built into the
//! binary and ingested through the same pipeline as anyone's letters, so the sample shows what
//! extraction, parsing and threading really make of them.

use std::path::Path;

use crate::{Error, Result};

/// The sample letters: a name (its extension gives the type) and the bytes.
pub const LETTERS: &[(&str, &[u8])] = &[
    ("staff_letter.txt", include_bytes!("../../../testdata/letters/staff_letter.txt")),
    ("staff_letter.pdf", include_bytes!("../../../testdata/letters/staff_letter.pdf")),
    ("response.htm", include_bytes!("../../../testdata/letters/response.htm")),
    ("submission.txt", include_bytes!("../../../testdata/letters/submission.txt")),
    ("draft_comment_letter.txt", include_bytes!("../../../testdata/letters/draft_comment_letter.txt")),
    ("draft_unnumbered_letter.txt", include_bytes!("../../../testdata/letters/draft_unnumbered_letter.txt")),
];

/// Builds the sample store at `db` (a SQLite file, created) and its search index: the letters
/// are written to a folder beside it and ingested. Returns what the ingest did.
pub fn build(db: &Path) -> Result<crate::ingest::IngestSummary> {
    let internal =
        |what: &str, e: std::io::Error| Error::Internal(format!("sample store: cannot {what}: {e}"));
    let dir = db.with_extension("letters");
    std::fs::create_dir_all(&dir).map_err(|e| internal("create its letters folder", e))?;
    for (name, bytes) in LETTERS {
        std::fs::write(dir.join(name), bytes).map_err(|e| internal("write a letter", e))?;
    }
    let store = corresp_store::SqliteStore::open(db)?;
    // Recorded sources name the sample letters, never the temporary folder they were put in.
    let opts = crate::ingest::IngestOptions { source_root: Some(dir.clone()), ..Default::default() };
    crate::update::ingest_and_index(&store, db, &[dir], &opts, &mut |_| {})
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_sample_letter_is_stored_and_threaded() {
        let tmp = tempfile::tempdir().unwrap();
        let s = super::build(&tmp.path().join("sample.db")).unwrap();
        assert!(s.failed.is_empty(), "{:?}", s.failed);
        assert!(s.ingested >= 4, "{s:?}");
        assert!(s.threads >= 2, "{s:?}");
    }
}
