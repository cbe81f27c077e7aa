//! The tantivy schema: one place that names every field, so queries and documents agree.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

/// Name of the analyzer used by every free-text field.
pub(crate) const ANALYZER: &str = "corresp_en";

/// Words of a comment's opening kept in the `opening` field. A known-item query is the first dozen
/// words of a comment; a field holding only the opening lets a phrase match there outrank the same
/// words met later in a longer comment.
pub(crate) const OPENING_WORDS: usize = 32;

/// A field that only marks the layout of the documents: an index built before the documents or
/// their meaning changed lacks it, so it opens as missing and is rebuilt (`corresp reindex`, or
/// the app on first use). Bump the number when documents change without a field changing.
/// 2: a comment's forms are those its captions name. 3: every document carries its [`tie`](Fields::tie) key.
pub(crate) const LAYOUT: &str = "layout_3";

/// Handles on every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub kind: Field,
    pub kind_rank: Field,
    /// The order among equal scores, the same in every index of the same documents (see
    /// [`crate::tie_key`]): a document's address depends on how its index was built, so two serve
    /// nodes that took the same letters in different batches would otherwise order ties apart.
    pub tie: Field,
    pub accession: Field,
    pub ordinal: Field,
    pub number: Field,
    pub company: Field,
    pub company_raw: Field,
    pub cik: Field,
    pub form: Field,
    pub year: Field,
    pub day: Field,
    pub date: Field,
    pub letter_kind: Field,
    pub headings: Field,
    pub topic: Field,
    pub thread: Field,
    pub text: Field,
    pub opening: Field,
    pub facets: Field,
    pub outcome: Field,
    pub outcome_json: Field,
}

/// English words with stems (so "impairments" finds "impairment"), accents folded, and over-long
/// tokens (table garbage) dropped.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text_stored = TextOptions::default().set_indexing_options(text_indexing.clone()).set_stored();
    let text_only = TextOptions::default().set_indexing_options(text_indexing);
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        kind_rank: b.add_u64_field("kind_rank", FAST),
        tie: b.add_u64_field("tie", FAST),
        accession: b.add_text_field("accession", STRING | STORED),
        ordinal: b.add_u64_field("ordinal", INDEXED | STORED),
        number: b.add_text_field("number", STRING | STORED),
        company: b.add_text_field("company", text_stored.clone()),
        company_raw: b.add_text_field("company_raw", STRING),
        cik: b.add_text_field("cik", STRING | STORED),
        form: b.add_text_field("form", STRING | STORED),
        year: b.add_i64_field("year", INDEXED | FAST),
        day: b.add_i64_field("day", INDEXED | FAST),
        date: b.add_text_field("date", STORED),
        letter_kind: b.add_text_field("letter_kind", STRING | STORED),
        headings: b.add_text_field("headings", text_stored.clone()),
        topic: b.add_text_field("topic", STRING | STORED),
        thread: b.add_text_field("thread", STRING | STORED),
        text: b.add_text_field("text", text_stored),
        opening: b.add_text_field("opening", text_only),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        outcome: b.add_text_field("outcome", STRING),
        outcome_json: b.add_text_field("outcome_json", STORED),
    };
    b.add_u64_field(LAYOUT, NumericOptions::default());
    (b.build(), fields)
}

impl Fields {
    /// Finds the fields in an existing index's schema; `None` when it was built by another layout.
    pub(crate) fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |n: &str| schema.get_field(n).ok();
        f(LAYOUT)?;
        Some(Fields {
            kind: f("kind")?,
            kind_rank: f("kind_rank")?,
            tie: f("tie")?,
            accession: f("accession")?,
            ordinal: f("ordinal")?,
            number: f("number")?,
            company: f("company")?,
            company_raw: f("company_raw")?,
            cik: f("cik")?,
            form: f("form")?,
            year: f("year")?,
            day: f("day")?,
            date: f("date")?,
            letter_kind: f("letter_kind")?,
            headings: f("headings")?,
            topic: f("topic")?,
            thread: f("thread")?,
            text: f("text")?,
            opening: f("opening")?,
            facets: f("facets")?,
            outcome: f("outcome")?,
            outcome_json: f("outcome_json")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_of_an_earlier_layout_is_not_read() {
        let (schema, _) = build();
        assert!(Fields::from_schema(&schema).is_some());
        // The same fields without the layout mark: an index built before the documents changed.
        let mut b = Schema::builder();
        for (_, entry) in schema.fields() {
            if entry.name() != LAYOUT {
                b.add_field(entry.clone());
            }
        }
        assert!(Fields::from_schema(&b.build()).is_none());
    }
}
