//! Running a query: ranking, snippets and facet counts.

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query};
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use crate::Index;
use crate::doc::DocKind;
use crate::error::Result;
use crate::query::{self, Compiler};
use crate::schema;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest letter first (ties by relevance).
    Date,
}

/// What a search asks for beyond the query.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Ordering.
    pub sort: Sort,
    /// Also count matches by company, form, year, kind and topic.
    pub facets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, offset: 0, sort: Sort::Relevance, facets: false }
    }
}

/// One hit. The first seven fields are the contract of `corresp search --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The letter's accession.
    pub accession: String,
    /// Comment, response or letter.
    pub kind: DocKind,
    /// Company name.
    pub company: String,
    /// The letter's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Position of the comment or answer in its letter; `None` for a letter.
    pub ordinal: Option<u32>,
    /// Relevance (higher is better; comparable only within one search).
    pub score: f32,
    /// A passage of the text with matched terms in `<b>`…`</b>`, HTML-escaped.
    pub snippet: String,
    /// The comment number (for an answer: the number of the comment it answers).
    pub number: Option<String>,
    /// Company CIK.
    pub cik: Option<String>,
    /// Forms under review.
    pub forms: Vec<String>,
    /// The letter's kind in the parse contract's words.
    pub letter_kind: String,
    /// Captions above a comment.
    pub headings: Vec<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    /// The review thread.
    pub thread: Option<String>,
    /// The whole text, when the caller asked for it (similar comments and their answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The snippet as plain text, for terminals.
    #[serde(skip)]
    pub snippet_text: String,
    /// Byte ranges of matched terms in `snippet_text`.
    #[serde(skip)]
    pub snippet_marks: Vec<(usize, usize)>,
}

/// Counts of matching documents by value, largest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// By company name.
    pub company: Vec<(String, u64)>,
    /// By form under review.
    pub form: Vec<(String, u64)>,
    /// By year of the letter.
    pub year: Vec<(String, u64)>,
    /// By grain: comment, response, letter.
    pub kind: Vec<(String, u64)>,
    /// By topic id.
    pub topic: Vec<(String, u64)>,
}

/// The answer to one search.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// The hits asked for, best (or newest) first.
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// No document held all the words, so documents holding any of them were returned.
    pub relaxed: bool,
    /// Counts by company, form, year, kind and topic, when asked for.
    pub facets: Option<Facets>,
}

/// How much of a hit's score its grain keeps. The same words sit in a comment, in the letter
/// that holds it and in the answer that repeats it: the comment itself is the best answer, the
/// whole letter the least precise one.
fn kind_weight(rank: u64) -> f32 {
    match rank {
        0 => 1.0,
        1 => 0.9,
        _ => 0.6,
    }
}

/// Weight of the opening phrase match relative to plain BM25; tuned on the DEV corpus so a
/// comment's first dozen words bring that comment first (see `bench/` and the tests).
const OPENING_BOOST: f32 = 3.0;
/// Weight of the words appearing close together anywhere in the text.
const PROXIMITY_BOOST: f32 = 1.0;
/// Longest word run scored for proximity: enough for a known-item query, bounded in cost.
const PROXIMITY_MAX_TOKENS: usize = 16;

impl Index {
    /// Searches with the query language of [`crate::KNOWN_FIELDS`] and friends; see the `query`
    /// module for the syntax. A query that cannot be read is [`crate::Error::Query`].
    pub fn search(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let node = query::parse(q)?;
        let searcher = self.reader.searcher();
        let mut res = self.run(&searcher, &node, false, opts)?;
        if res.total == 0 {
            let mut probe = Compiler { fields: &self.fields, analyzer: schema::analyzer(), any: false };
            if probe.compile(&node)?.only_words {
                res = self.run(&searcher, &node, true, opts)?;
                res.relaxed = true;
            }
        }
        Ok(res)
    }

    fn run(
        &self,
        searcher: &Searcher,
        node: &query::Node,
        any: bool,
        opts: &SearchOptions,
    ) -> Result<SearchResults> {
        let f = &self.fields;
        let mut compiler = Compiler { fields: f, analyzer: schema::analyzer(), any };
        let compiled = compiler.compile(node)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, compiled.filter)];
        let toks: Vec<&String> = compiled.proximity.iter().take(PROXIMITY_MAX_TOKENS).collect();
        if toks.len() >= 2 {
            let slop = toks.len() as u32;
            for (field, boost, slop) in [(f.opening, OPENING_BOOST, slop), (f.text, PROXIMITY_BOOST, slop)] {
                let terms: Vec<(usize, Term)> =
                    toks.iter().enumerate().map(|(i, t)| (i, Term::from_field_text(field, t))).collect();
                let phrase = PhraseQuery::new_with_offset_and_slop(terms, slop);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(phrase), boost))));
            }
        }
        let query = BooleanQuery::new(clauses);

        let wanted = opts.limit + opts.offset;
        let sort = opts.sort;
        let top = TopDocs::with_limit(wanted.max(1)).tweak_score(move |seg: &tantivy::SegmentReader| {
            let ff = seg.fast_fields();
            let rank = ff.u64("kind_rank").ok();
            let day = ff.i64("day").ok();
            move |doc, score| {
                let w = rank.as_ref().and_then(|c| c.first(doc)).map_or(1.0, kind_weight);
                let d = match sort {
                    Sort::Relevance => 0,
                    Sort::Date => day.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
                };
                (d, score * w)
            }
        });
        let (top, total, facets) = if opts.facets {
            let mut fc = FacetCollector::for_field("facets");
            for k in ["/company", "/form", "/year", "/kind", "/topic"] {
                fc.add_facet(k);
            }
            let (top, total, counts) = searcher.search(&query, &(top, Count, fc))?;
            let list = |k: &str| -> Vec<(String, u64)> {
                let mut v: Vec<(String, u64)> = counts
                    .get(k)
                    .map(|(facet, n)| (facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(), n))
                    .collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v
            };
            let facets = Facets {
                company: list("/company"),
                form: list("/form"),
                year: list("/year"),
                kind: list("/kind"),
                topic: list("/topic"),
            };
            (top, total, Some(facets))
        } else {
            let (top, total) = searcher.search(&query, &(top, Count))?;
            (top, total, None)
        };

        let mut snippets = SnippetGenerator::create(searcher, &query, f.text)?;
        snippets.set_max_num_chars(240);
        let mut hits = Vec::with_capacity(opts.limit);
        for ((_, score), addr) in top.into_iter().skip(opts.offset) {
            hits.push(self.hit(searcher, addr, score, Some(&snippets))?);
        }
        Ok(SearchResults { hits, total, relaxed: false, facets })
    }

    /// Reads a stored document back as a hit (with a snippet when a generator is given).
    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        snippets: Option<&SnippetGenerator>,
    ) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = first_str(&doc, f.text).unwrap_or_default();
        self.hit_from_doc(doc, text, score, snippets)
    }

    fn hit_from_doc(
        &self,
        doc: TantivyDocument,
        text: String,
        score: f32,
        snippets: Option<&SnippetGenerator>,
    ) -> Result<Hit> {
        let f = &self.fields;
        let (snippet, snippet_text, snippet_marks) = match snippets.map(|g| g.snippet(&text)) {
            Some(s) if !s.is_empty() => {
                let marks = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                (s.to_html(), s.fragment().to_string(), marks)
            }
            _ => {
                let lead = lead(&text, 240);
                (escape_html(&lead), lead, Vec::new())
            }
        };
        Ok(Hit {
            accession: first_str(&doc, f.accession).unwrap_or_default(),
            kind: first_str(&doc, f.kind).and_then(|k| DocKind::from_name(&k)).unwrap_or(DocKind::Letter),
            company: first_str(&doc, f.company).unwrap_or_default(),
            date: first_str(&doc, f.date),
            ordinal: doc.get_first(f.ordinal).and_then(|v| v.as_u64()).and_then(|o| u32::try_from(o).ok()),
            score,
            snippet,
            number: first_str(&doc, f.number),
            cik: first_str(&doc, f.cik),
            forms: all_str(&doc, f.form),
            letter_kind: first_str(&doc, f.letter_kind).unwrap_or_default(),
            headings: all_str(&doc, f.headings),
            topics: all_str(&doc, f.topic),
            thread: first_str(&doc, f.thread),
            text: None,
            snippet_text,
            snippet_marks,
        })
    }
}

pub(crate) fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str().map(str::to_string))
}

fn all_str(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field).filter_map(|v| v.as_str().map(str::to_string)).collect()
}

/// The first `max` bytes of `text`, cut at a word boundary, whitespace collapsed.
fn lead(text: &str, max: usize) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.len() + w.len() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
