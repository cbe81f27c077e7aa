//! Precedents: the staff comments most like a given one, each with the company's answers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{Searcher, Term};

use crate::Index;
use crate::doc::DocKind;
use crate::error::{Error, Result};
use crate::schema;
use crate::search::Hit;

/// What to find precedents for.
#[derive(Debug, Clone, Copy)]
pub enum Similar<'a> {
    /// A stored staff comment, by its letter's accession and its ordinal.
    Comment {
        /// The letter's accession.
        accession: &'a str,
        /// The comment's position in the letter.
        ordinal: u32,
    },
    /// Any text, e.g. a draft disclosure or a comment not stored.
    Text(&'a str),
}

/// Options of [`Index::similar`].
#[derive(Debug, Clone)]
pub struct SimilarOptions {
    /// Precedents to return.
    pub limit: usize,
    /// For a stored comment: leave out its own company's letters, not just its own review.
    pub other_companies: bool,
    /// Answers to attach per precedent. The index does not pair: `corresp_app::search::similar`
    /// attaches the answers the stored comment–answer record links to each precedent.
    pub answers: usize,
    /// Leave out this company's letters (by CIK) whatever the target: a text being answered by a
    /// company should not find that company's own past comments as precedents.
    pub exclude_cik: Option<String>,
}

impl Default for SimilarOptions {
    fn default() -> Self {
        SimilarOptions { limit: 10, other_companies: true, answers: 3, exclude_cik: None }
    }
}

/// One precedent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarHit {
    /// The staff comment, with its whole text.
    pub comment: Hit,
    /// Why it matches: the rarest words it shares with the target, rarest first.
    pub shared_terms: Vec<String>,
    /// The company's answers to it, as the thread's stored record pairs them (attached by the
    /// caller that holds the store; empty from the index alone).
    pub answers: Vec<Hit>,
    /// Where its matter ended (last round, how the review closed, the answer there), from the
    /// stored record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<corresp_model::Outcome>,
    /// The comment's round in its review (1-based), from the stored record: with the outcome's
    /// last round it says whether the staff came back to the matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
}

/// Common words that say nothing about why two comments are alike.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "that", "this", "with", "are", "was", "were", "have", "has", "had", "not", "you",
    "your", "our", "its", "from", "which", "such", "these", "those", "any", "all", "also", "been", "will",
    "would", "please", "page", "note", "comment", "comments", "response", "form", "filed", "fiscal", "year",
    "ended", "may", "how", "what", "whether", "other", "into", "their", "there", "they", "them", "than",
    "then", "each",
];

impl Index {
    /// The staff comments most like the target, best first, each with the words it shares with
    /// the target and the company's answers. A stored comment is never its own precedent, nor
    /// are the comments of its own review (or company, with `other_companies`).
    pub fn similar(&self, target: Similar<'_>, opts: &SimilarOptions) -> Result<Vec<SimilarHit>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let mut filters: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, term(f.kind, DocKind::Comment.as_str()))];
        let text = match target {
            Similar::Text(t) => t.to_string(),
            Similar::Comment { accession, ordinal } => {
                let own = self.comment(accession, ordinal)?.ok_or_else(|| {
                    Error::NotFound(format!("no staff comment {accession}:{ordinal} in the index"))
                })?;
                filters.push((Occur::MustNot, term(f.accession, accession)));
                if let Some(t) = &own.thread {
                    filters.push((Occur::MustNot, term(f.thread, t)));
                }
                if opts.other_companies
                    && let Some(c) = &own.cik
                {
                    filters.push((Occur::MustNot, term(f.cik, c)));
                }
                own.text.unwrap_or_default()
            }
        };
        // CIKs are indexed as stored, ten digits with leading zeros.
        if let Some(c) =
            opts.exclude_cik.as_deref().map(|c| c.trim().trim_start_matches('0')).filter(|c| !c.is_empty())
        {
            filters.push((Occur::MustNot, term(f.cik, &format!("{c:0>10}"))));
        }
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_stop_words(STOP_WORDS.iter().map(|s| s.to_string()).collect())
            .with_document_fields(vec![(f.text, vec![OwnedValue::Str(text.clone())])]);
        filters.push((Occur::Must, Box::new(mlt)));
        let query = BooleanQuery::new(filters);
        // Equal scores in the order of their tie keys: the same on every node.
        let by_score_then_key =
            TopDocs::with_limit(opts.limit.max(1)).tweak_score(|seg: &tantivy::SegmentReader| {
                let tie = crate::search::TieKeys::new(seg);
                move |doc, score| (score, std::cmp::Reverse(tie.of(doc)))
            });
        let top: Vec<(f32, tantivy::DocAddress)> = searcher
            .search_with_statistics_provider(&query, &by_score_then_key, &self.stats(&searcher))?
            .into_iter()
            .map(|((s, _), a)| (s, a))
            .collect();

        let target_terms = self.surface_terms(&text);
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let mut comment = self.hit(&searcher, addr, score, None)?;
            let body: tantivy::schema::TantivyDocument = searcher.doc(addr)?;
            let body = crate::search::first_str(&body, f.text).unwrap_or_default();
            let shared = self.shared_terms(&searcher, &target_terms, &body)?;
            comment.text = Some(body);
            out.push(SimilarHit {
                comment,
                shared_terms: shared,
                answers: Vec::new(),
                outcome: None,
                round: None,
            });
        }
        Ok(out)
    }

    /// One staff comment with its whole text, or `None` when the index has no such comment.
    pub fn comment(&self, accession: &str, ordinal: u32) -> Result<Option<Hit>> {
        self.item(DocKind::Comment, accession, ordinal)
    }

    /// One company answer with its whole text, or `None` when the index has no such answer.
    pub fn answer(&self, accession: &str, ordinal: u32) -> Result<Option<Hit>> {
        self.item(DocKind::Response, accession, ordinal)
    }

    fn item(&self, kind: DocKind, accession: &str, ordinal: u32) -> Result<Option<Hit>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, term(f.kind, kind.as_str())),
            (Occur::Must, term(f.accession, accession)),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.ordinal, u64::from(ordinal)),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let Some((score, addr)) = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.pop() else {
            return Ok(None);
        };
        let mut hit = self.hit(&searcher, addr, score, None)?;
        let doc: tantivy::schema::TantivyDocument = searcher.doc(addr)?;
        hit.text = crate::search::first_str(&doc, f.text);
        Ok(Some(hit))
    }

    /// Each indexed token of `text` with the first word that produced it, so "why it matches" can
    /// show words a reader knows rather than stems.
    fn surface_terms(&self, text: &str) -> BTreeMap<String, String> {
        let mut analyzer = schema::analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = BTreeMap::new();
        while stream.advance() {
            let t = stream.token();
            let surface = text.get(t.offset_from..t.offset_to).unwrap_or(&t.text).to_ascii_lowercase();
            out.entry(t.text.clone()).or_insert(surface);
        }
        out
    }

    fn shared_terms(
        &self,
        searcher: &Searcher,
        target: &BTreeMap<String, String>,
        body: &str,
    ) -> Result<Vec<String>> {
        let mine: BTreeSet<String> = self.surface_terms(body).into_keys().collect();
        let mut shared = Vec::new();
        for (stem, surface) in target {
            if !mine.contains(stem) || surface.len() < 3 || STOP_WORDS.contains(&surface.as_str()) {
                continue;
            }
            if surface.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let df = searcher.doc_freq(&Term::from_field_text(self.fields.text, stem))?;
            shared.push((df, surface.clone()));
        }
        shared.sort();
        Ok(shared.into_iter().take(8).map(|(_, s)| s).collect())
    }
}

fn term(field: tantivy::schema::Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
}
