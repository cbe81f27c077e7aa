//! The full-text index of corresp: one tantivy document per staff comment, per company answer and
//! per letter, so a search lands on the comment itself and can show the answer beside it.
//!
//! The index is derived data. The store is the truth; this crate takes plain [`IndexDoc`] values
//! (built from a parsed [`corresp_model::Letter`] by [`docs_for_letter`]) and never reads the store,
//! so `corresp reindex` can always rebuild it and tests can run on an index held in RAM.
//!
//! - [`Index`]: open or create, [`Index::writer`] to add and delete, [`Index::search`] and
//!   [`Index::similar`] to read.
//! - [`SearchOptions`] and [`Hit`]: what a search asks for and what it returns.
//! - [`Similar`]: the staff comments most like a text, each with the company's answers.
//!
//! ```
//! use corresp_index::{DocKind, Index, IndexDoc, SearchOptions};
//!
//! let index = Index::create_in_ram()?;
//! let mut w = index.writer()?;
//! w.add(&IndexDoc {
//!     kind: Some(DocKind::Comment),
//!     accession: "0000000000-19-000001".into(),
//!     ordinal: Some(1),
//!     company: "Acme Widgets Inc".into(),
//!     text: "Please tell us how you considered the guidance on segment reporting.".into(),
//!     ..Default::default()
//! })?;
//! w.commit()?;
//! let hits = index.search("\"segment reporting\" kind:comment", &SearchOptions::default())?.hits;
//! assert_eq!(hits[0].ordinal, Some(1));
//! # Ok::<(), corresp_index::Error>(())
//! ```
#![deny(missing_docs)]

mod doc;
mod error;
mod query;
mod schema;
mod search;
mod similar;

use std::path::{Path, PathBuf};

use tantivy::schema::{Facet, TantivyDocument};
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, Term};

pub use doc::{DocKind, IndexDoc, LetterMeta, docs_for_letter};
pub use error::{Error, Result};
pub use query::KNOWN_FIELDS;
pub use search::{Facets, Hit, SearchOptions, SearchResults, Sort};
pub use similar::{Similar, SimilarHit, SimilarOptions};

use schema::Fields;

/// An open index: the tantivy index, its fields and a reader kept warm between searches.
pub struct Index {
    inner: tantivy::Index,
    fields: Fields,
    reader: IndexReader,
    /// Words the snippets normalized, for the next searches.
    stems: search::StemCache,
    /// Token counts by segment for scoring ([`search::Stats`]).
    token_counts: search::TokenCounts,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("docs", &self.reader.searcher().num_docs()).finish()
    }
}

impl Index {
    /// An empty index in memory, for tests and one-off use.
    pub fn create_in_ram() -> Result<Index> {
        let (schema, _) = schema::build();
        Index::wrap(tantivy::Index::create_in_ram(schema))
    }

    /// Opens the index in `dir`, creating an empty one when the folder is absent or empty.
    pub fn open_or_create(dir: &Path) -> Result<Index> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let (schema, _) = schema::build();
        let directory = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| Error::Io { path: dir.to_path_buf(), source: std::io::Error::other(e) })?;
        let inner = tantivy::Index::open_or_create(directory, schema).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(_) => Error::Missing { path: dir.to_path_buf() },
            other => Error::Tantivy(other),
        })?;
        Index::wrap(inner)
    }

    /// Opens an existing index for reading: [`Error::Missing`] when there is none or it was built by
    /// an earlier layout, [`Error::Unreadable`] (with tantivy's reason) when its files are damaged.
    pub fn open(dir: &Path) -> Result<Index> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::Missing { path: dir.to_path_buf() });
        }
        let inner = tantivy::Index::open_in_dir(dir).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(_) => Error::Missing { path: dir.to_path_buf() },
            source => Error::Unreadable { path: dir.to_path_buf(), source },
        })?;
        Index::wrap(inner).map_err(|e| match e {
            Error::Missing { .. } => Error::Missing { path: dir.to_path_buf() },
            other => other,
        })
    }

    fn wrap(inner: tantivy::Index) -> Result<Index> {
        let fields = Fields::from_schema(&inner.schema())
            .ok_or(Error::Missing { path: PathBuf::from("(in memory)") })?;
        inner.tokenizers().register(schema::ANALYZER, schema::analyzer());
        let reader = inner.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Index { inner, fields, reader, stems: Default::default(), token_counts: Default::default() })
    }

    /// A writer. Only one may be open at a time per index (tantivy holds a lock file).
    pub fn writer(&self) -> Result<Writer<'_>> {
        // 64 MB in one thread: the team shares two cores, and the corpus is small.
        let inner = self.inner.writer_with_num_threads(1, 64 << 20)?;
        Ok(Writer { index: self, inner })
    }

    /// A writer with more threads and memory, for bulk builds (reindex, the benchmark).
    pub fn bulk_writer(&self, threads: usize, memory_bytes: usize) -> Result<Writer<'_>> {
        let inner = self
            .inner
            .writer_with_num_threads(threads.max(1), memory_bytes.max(threads.max(1) * (15 << 20)))?;
        Ok(Writer { index: self, inner })
    }

    /// Documents in the index (all grains).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Documents deleted or replaced but still held by their segments until a merge. Scoring
    /// counts them (a word's document frequency, the documents' mean length), so two indexes of
    /// the same documents score alike only once neither holds any: see [`Index::fold_deletes`].
    pub fn deleted_docs(&self) -> u64 {
        self.reader.searcher().segment_readers().iter().map(|s| u64::from(s.num_deleted_docs())).sum()
    }

    /// Rewrites the segments that hold deleted documents without them, so that every score is
    /// computed from the live documents alone and any two indexes of the same documents (two serve
    /// nodes that took the same letters in different batches) rank them the same. Returns how many
    /// deleted documents went. The cost is a rewrite of those segments: a node does it when its
    /// store has been quiet for a while, not on every change.
    pub fn fold_deletes(&self) -> Result<u64> {
        let metas = self.inner.searchable_segment_metas()?;
        let ids: Vec<tantivy::index::SegmentId> =
            metas.iter().filter(|m| m.has_deletes()).map(|m| m.id()).collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let folded = metas.iter().map(|m| u64::from(m.num_deleted_docs())).sum();
        let mut writer: IndexWriter = self.inner.writer_with_num_threads(1, 64 << 20)?;
        writer.merge(&ids).wait()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(folded)
    }
}

/// Adds and deletes documents; nothing is visible to searches until [`Writer::commit`].
pub struct Writer<'a> {
    index: &'a Index,
    inner: IndexWriter,
}

impl Writer<'_> {
    /// Adds one document.
    pub fn add(&mut self, d: &IndexDoc) -> Result<()> {
        let f = &self.index.fields;
        let kind = d.kind.ok_or_else(|| Error::Query("an index document needs a kind".into()))?;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, kind.as_str());
        doc.add_u64(
            f.kind_rank,
            match kind {
                DocKind::Comment => 0,
                DocKind::Response => 1,
                DocKind::Letter => 2,
            },
        );
        doc.add_text(f.accession, &d.accession);
        doc.add_u64(f.tie, tie_key(d.date.map(query::day_number), &d.accession, kind, d.ordinal));
        if let Some(o) = d.ordinal {
            doc.add_u64(f.ordinal, u64::from(o));
        }
        if let Some(n) = &d.number {
            doc.add_text(f.number, n.trim_end_matches('.'));
        }
        doc.add_text(f.company, &d.company);
        doc.add_text(f.company_raw, &d.company);
        if let Some(c) = &d.cik {
            doc.add_text(f.cik, c);
        }
        for form in &d.forms {
            doc.add_text(f.form, form);
            // `form:10-K` should also find reviews of `10-K/A`.
            if let Some(base) = form.strip_suffix("/A")
                && !d.forms.iter().any(|x| x == base)
            {
                doc.add_text(f.form, base);
            }
            doc.add_facet(f.facets, Facet::from_path(["form", form.as_str()]));
        }
        if let Some(date) = d.date {
            doc.add_i64(f.year, i64::from(d.year().unwrap_or_default()));
            doc.add_i64(f.day, query::day_number(date));
            doc.add_text(f.date, date.format("%Y-%m-%d").to_string());
            doc.add_facet(f.facets, Facet::from_path(["year", date.format("%Y").to_string().as_str()]));
        }
        doc.add_text(f.letter_kind, &d.letter_kind);
        for h in &d.headings {
            doc.add_text(f.headings, h);
        }
        for t in &d.topics {
            let t = t.to_ascii_lowercase();
            doc.add_text(f.topic, &t);
            doc.add_facet(f.facets, Facet::from_path(["topic", t.as_str()]));
        }
        if let Some(t) = &d.thread {
            doc.add_text(f.thread, t);
        }
        doc.add_text(f.text, &d.text);
        if kind != DocKind::Letter {
            let opening: Vec<&str> = d.text.split_whitespace().take(schema::OPENING_WORDS).collect();
            doc.add_text(f.opening, opening.join(" "));
        }
        if let Some((round, o)) = &d.outcome {
            for class in outcome_classes(*round, o) {
                doc.add_text(f.outcome, class);
            }
            doc.add_text(f.outcome_json, serde_json::to_string(o).unwrap_or_default());
        }
        doc.add_facet(f.facets, Facet::from_path(["kind", kind.as_str()]));
        if !d.company.is_empty() {
            doc.add_facet(f.facets, Facet::from_path(["company", d.company.as_str()]));
        }
        self.inner.add_document(doc)?;
        Ok(())
    }

    /// Deletes every document of one letter (all its grains), before it is added again.
    pub fn delete_accession(&mut self, accession: &str) {
        self.inner.delete_term(Term::from_field_text(self.index.fields.accession, accession));
    }

    /// Deletes everything, for a rebuild in place.
    pub fn delete_all(&mut self) -> Result<()> {
        self.inner.delete_all_documents()?;
        Ok(())
    }

    /// Makes the changes durable and visible to this [`Index`]'s searches.
    pub fn commit(mut self) -> Result<()> {
        self.inner.commit()?;
        self.inner.wait_merging_threads()?;
        self.index.reader.reload()?;
        Ok(())
    }
}

/// The `outcome:` values a comment answers to: `first-round` (the matter never came back after the
/// company's first answer) or `followed-up`, and `closed` (a review-complete letter closed it) or
/// `open`.
pub fn outcome_classes(round: u32, o: &corresp_model::Outcome) -> [&'static str; 2] {
    [
        if o.last_round <= round { "first-round" } else { "followed-up" },
        if o.closed_by == corresp_model::ClosedBy::ReviewComplete { "closed" } else { "open" },
    ]
}

/// The last day a tie key can hold (`day` is YYYYMMDD); a day outside `0..=MAX_DAY` is clamped.
pub(crate) const MAX_DAY: i64 = 99_999_999;

/// The order among documents of equal score: the newer first, then an order fixed by the
/// document's identity (letter, grain, ordinal). Smaller comes first. It depends on nothing but
/// the document, so every index of the same documents, however built, orders ties alike.
pub(crate) fn tie_key(day: Option<i64>, accession: &str, kind: DocKind, ordinal: Option<u32>) -> u64 {
    // `day` is YYYYMMDD: counted down from the largest, a newer day is smaller.
    let age = MAX_DAY - day.unwrap_or(0).clamp(0, MAX_DAY);
    // FNV-1a, written out: its output must not change between builds (std's hasher may).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let ord = ordinal.unwrap_or(u32::MAX).to_le_bytes();
    for b in accession.bytes().chain([0, kind as u8]).chain(ord) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ((age as u64) << 32) | (h >> 32)
}
