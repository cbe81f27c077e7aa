//! BM25's corpus statistics, computed so that two indexes of the same documents agree.
//!
//! Tantivy keeps each segment's token count per field as written; when it merges segments that
//! hold deleted documents it estimates the merged count from the documents' quantized field
//! norms instead. Two indexes of the same documents (a serve node that rebuilt from the store, and
//! one that followed the changes and then folded its replaced documents away) then disagree on a
//! field's mean length, and so on every score. Here every segment's count is the sum of its
//! documents' quantized field norms, whatever its history: the same in both. Segments never
//! change, so each count is computed once per segment and field and remembered in the [`Index`].
//!
//! [`Index`]: crate::Index

use std::collections::HashMap;
use std::sync::RwLock;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Token counts by segment and field (segments merged away are forgotten past
/// [`TOKEN_COUNTS`] entries).
pub(crate) type TokenCounts = RwLock<HashMap<(SegmentId, Field), u64>>;

/// Entries kept in a [`TokenCounts`]: far more than the segments and text fields of one index.
const TOKEN_COUNTS: usize = 4_096;

/// The statistics a search scores with: tantivy's, but for the token counts.
pub(crate) struct Stats<'a> {
    pub searcher: &'a Searcher,
    pub counts: &'a TokenCounts,
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut total = 0;
        for seg in self.searcher.segment_readers() {
            let key = (seg.segment_id(), field);
            if let Some(n) = self.counts.read().ok().and_then(|c| c.get(&key).copied()) {
                total += n;
                continue;
            }
            let n = match seg.fieldnorms_readers().get_field(field)? {
                // Every document, deleted ones too: as `total_num_docs` and `doc_freq` count them.
                Some(norms) => (0..seg.max_doc())
                    .map(|d| u64::from(FieldNormReader::id_to_fieldnorm(norms.fieldnorm_id(d))))
                    .sum(),
                None => seg.inverted_index(field)?.total_num_tokens(),
            };
            if let Ok(mut c) = self.counts.write() {
                if c.len() >= TOKEN_COUNTS {
                    c.clear();
                }
                c.insert(key, n);
            }
            total += n;
        }
        Ok(total)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}
