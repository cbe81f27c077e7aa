//! What the server asks of the rest of corresp ([`Backend`]); the shapes it reads and answers with
//! are corresp-app's ([`corresp_app::service`]), re-exported here under the names the handlers use.
//!
//! The trait is deliberately synchronous: the store is SQLite and the index is tantivy, both
//! blocking, so handlers call it on tokio's blocking pool. [`corresp_app::service::Service`] is
//! the real one; the tests' fake (feature `testkit`) exercises the routes without a store.

use corresp_app::service::Service;
use corresp_model::{Claim, Thread};

pub use corresp_app::service::{
    AnswerRef, Chart, Doc, Facet, FacetValue, FileProblem, Hit, IngestSummary, SearchQuery, SearchResults,
    SimilarComment, StatsView, ThreadDocs, ThreadFilter, Upload, loose_form,
};
pub use corresp_app::stats::{
    EndPoint, FormScope, LetterScope, StartPoint, Stats, StatsDefinitions, StatsRows, TableFormat, YearBasis,
};

use crate::error::{Result, from_app};

/// Everything the API and the UI read or write, in the domain's words.
pub trait Backend: Send + Sync + 'static {
    /// Review threads that pass `filter`, in a stable order (first letter's date, then id).
    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>>;
    /// One thread with its documents in the thread's letter order; `None` when no thread has `id`.
    fn thread(&self, id: &str) -> Result<Option<ThreadDocs>>;
    /// One stored document; `None` when nothing has `accession`.
    fn letter(&self, accession: &str) -> Result<Option<Doc>>;
    /// Full-text search, best first, with facet counts over the matching documents.
    fn search(&self, query: &SearchQuery) -> Result<SearchResults>;
    /// Full-text search for callers that show no facets (`GET /api/v1/search`): a backend may
    /// leave [`SearchResults::facets`] empty and `total` estimated, which spares it counting
    /// every match by five facets (most of a common query's time). By default, [`Backend::search`].
    fn search_hits(&self, query: &SearchQuery) -> Result<SearchResults> {
        self.search(query)
    }
    /// Staff comments most like comment `ordinal` of `accession`, each with its answers.
    fn similar(&self, accession: &str, ordinal: u32, limit: usize) -> Result<Vec<SimilarComment>>;
    /// Staff comments most like `text` (a comment a user pasted), each with its answers. Without
    /// an index (a fake backend), none.
    fn similar_text(&self, text: &str, limit: usize) -> Result<Vec<SimilarComment>> {
        let _ = (text, limit);
        Ok(Vec::new())
    }
    /// The review statistics, as `corresp stats --json` prints them.
    fn stats(&self) -> Result<serde_json::Value>;
    /// Charts of the statistics, as SVG documents written by our own code (never user input).
    fn charts(&self) -> Result<Vec<Chart>> {
        Ok(Vec::new())
    }
    /// The statistics page: the statistics under `defs` as a typed struct, with their charts. A
    /// backend without the switches answers with [`Backend::stats`] under its own definitions
    /// (the answer's `stats.definitions` says which were used).
    fn stats_under(&self, defs: &StatsDefinitions) -> Result<StatsView> {
        let _ = defs;
        let stats = serde_json::from_value(self.stats()?)
            .map_err(|e| crate::error::Error::Internal(format!("statistics: {e}")))?;
        Ok(StatsView { stats, charts: self.charts()? })
    }
    /// The rows behind the statistics under `defs` as CSV or Parquet: the reviews counted, or
    /// their staff comments. Without stored comment rows (a fake backend), the comment table is
    /// empty but for its columns.
    fn stats_table(&self, defs: &StatsDefinitions, rows: StatsRows, format: TableFormat) -> Result<Vec<u8>> {
        let threads = self.threads(&ThreadFilter::default())?;
        corresp_app::stats::stats_table(&threads, &[], defs, rows, format).map_err(from_app)
    }
    /// Every recomputable numeric statement in `text`.
    fn check(&self, text: &str) -> Vec<Claim>;
    /// Stores uploaded files (already bounded, typed and given safe relative names).
    fn ingest(&self, files: Vec<Upload>) -> Result<IngestSummary>;
    /// A response skeleton for a staff letter, with `precedents` precedents per comment from the
    /// store. Without a store (a fake backend), the skeleton alone.
    fn draft(
        &self,
        source: corresp_app::draft::DraftSource,
        precedents: usize,
    ) -> Result<corresp_app::draft::Draft> {
        let opts = corresp_app::draft::DraftOptions { precedents, ..Default::default() };
        corresp_app::draft::draft(None, None, source, &opts).map_err(from_app)
    }
    /// A line the UI shows on every page, e.g. that the store is a sample.
    fn notice(&self) -> Option<String> {
        None
    }
}

/// The real backend: each call goes to the service, each failure through the one status table.
impl Backend for Service {
    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        Service::threads(self, filter).map_err(from_app)
    }
    fn thread(&self, id: &str) -> Result<Option<ThreadDocs>> {
        Service::thread(self, id).map_err(from_app)
    }
    fn letter(&self, accession: &str) -> Result<Option<Doc>> {
        Service::letter(self, accession).map_err(from_app)
    }
    fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        Service::search(self, query).map_err(from_app)
    }
    fn search_hits(&self, query: &SearchQuery) -> Result<SearchResults> {
        Service::search_hits(self, query).map_err(from_app)
    }
    fn similar(&self, accession: &str, ordinal: u32, limit: usize) -> Result<Vec<SimilarComment>> {
        Service::similar(self, accession, ordinal, limit).map_err(from_app)
    }
    fn similar_text(&self, text: &str, limit: usize) -> Result<Vec<SimilarComment>> {
        Service::similar_text(self, text, limit).map_err(from_app)
    }
    fn stats(&self) -> Result<serde_json::Value> {
        Service::stats(self).map_err(from_app)
    }
    fn charts(&self) -> Result<Vec<Chart>> {
        Service::charts(self).map_err(from_app)
    }
    fn stats_under(&self, defs: &StatsDefinitions) -> Result<StatsView> {
        Service::stats_under(self, defs).map_err(from_app)
    }
    fn stats_table(&self, defs: &StatsDefinitions, rows: StatsRows, format: TableFormat) -> Result<Vec<u8>> {
        Service::stats_table(self, defs, rows, format).map_err(from_app)
    }
    fn check(&self, text: &str) -> Vec<Claim> {
        Service::check(self, text)
    }
    fn ingest(&self, files: Vec<Upload>) -> Result<IngestSummary> {
        Service::ingest(self, files).map_err(from_app)
    }
    fn draft(
        &self,
        source: corresp_app::draft::DraftSource,
        precedents: usize,
    ) -> Result<corresp_app::draft::Draft> {
        Service::draft(self, source, precedents).map_err(from_app)
    }
    fn notice(&self) -> Option<String> {
        Service::notice(self)
    }
}
