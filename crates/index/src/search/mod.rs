//! Running a query: the two-stage ranking ([`rank`]), the count and facets ([`count`](mod@count)), the
//! snippets ([`snippets`]), and the hits read back ([`results`] holds the types callers see).

mod count;
mod rank;
mod results;
mod snippets;
mod stats;

pub(crate) use rank::TieKeys;
pub use results::{Facets, Hit, SearchOptions, SearchResults, Sort};
pub(crate) use snippets::{Snippets, StemCache};
pub(crate) use stats::{Stats, TokenCounts};

use std::cmp::Reverse;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query};
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher};

use crate::Index;
use crate::doc::DocKind;
use crate::error::Result;
use crate::query::{self, Compiled, Compiler};
use crate::schema;

use count::{COUNT_HORIZON, count};
use rank::{RERANK_DEPTH, first_docs, first_pass, kind_weight};
use snippets::snippet_source;

impl Index {
    /// The statistics this index scores with ([`Stats`]).
    pub(crate) fn stats<'a>(&'a self, searcher: &'a Searcher) -> Stats<'a> {
        Stats { searcher, counts: &self.token_counts }
    }

    /// Searches with the query language of [`crate::KNOWN_FIELDS`] and friends; see the `query`
    /// module for the syntax. A query that cannot be read is [`crate::Error::Query`].
    pub fn search(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let node = query::parse(q)?;
        let searcher = self.reader.searcher();
        let mut compiler = Compiler {
            fields: &self.fields,
            analyzer: schema::analyzer(),
            any: false,
            searcher: Some(&searcher),
        };
        let compiled = compiler.compile(&node)?;
        let mut res = self.run(&searcher, &compiled, opts)?;
        if res.total == 0 && compiled.only_words {
            compiler.any = true;
            res = self.run(&searcher, &compiler.compile(&node)?, opts)?;
            res.relaxed = true;
        }
        Ok(res)
    }

    fn run(&self, searcher: &Searcher, compiled: &Compiled, opts: &SearchOptions) -> Result<SearchResults> {
        let f = &self.fields;
        // What matches, scored by the words only: the filters are wrapped to add nothing.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(s) = &compiled.scoring {
            clauses.push((Occur::Must, s.box_clone()));
        }
        for q in [&compiled.filter, &compiled.phrases, &compiled.checked_words].into_iter().flatten() {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q.box_clone(), 0.0))));
        }
        let matching: Box<dyn Query> = match clauses.len() {
            0 => Box::new(EmptyQuery),
            1 => clauses.pop().map(|(_, q)| q).expect("one clause"),
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        let wanted = opts.limit + opts.offset;
        let depth = wanted.max(RERANK_DEPTH);
        // Relevance order with words: the first stage runs before counting, because when it finds
        // fewer documents than it had room for, it has seen every match and the count is free.
        let cands = match (opts.sort, &compiled.scoring) {
            (Sort::Relevance, Some(scoring)) => Some(first_pass(
                &self.stats(searcher),
                scoring.as_ref(),
                compiled.filter.as_deref(),
                &compiled.phrase_tokens,
                &compiled.word_checks,
                depth,
            )?),
            _ => None,
        };
        let (total, total_estimated, facets) = match &cands {
            _ if opts.facets => self.count_with_facets(searcher, matching.as_ref())?,
            Some(c) if c.len() < depth => (c.len(), false, None),
            _ => count(searcher, matching.as_ref(), COUNT_HORIZON, cands.as_ref().map_or(0, Vec::len))?,
        };
        if total == 0 {
            return Ok(SearchResults { total, facets, ..Default::default() });
        }

        let ranked: Vec<(f32, DocAddress)> = match (opts.sort, cands) {
            (Sort::Date, _) => {
                let top =
                    TopDocs::with_limit(wanted.max(1)).tweak_score(move |seg: &tantivy::SegmentReader| {
                        let ff = seg.fast_fields();
                        let rank = ff.u64("kind_rank").ok();
                        let day = ff.i64("day").ok();
                        let tie = TieKeys::new(seg);
                        move |doc, score| {
                            let w = rank.as_ref().and_then(|c| c.first(doc)).map_or(1.0, kind_weight);
                            (
                                day.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
                                score * w,
                                Reverse(tie.of(doc)),
                            )
                        }
                    });
                searcher
                    .search_with_statistics_provider(matching.as_ref(), &top, &self.stats(searcher))?
                    .into_iter()
                    .map(|((_, s, _), a)| (s, a))
                    .collect()
            }
            (Sort::Relevance, None) => first_docs(searcher, matching.as_ref(), wanted)?,
            (Sort::Relevance, Some(cands)) => {
                let mut ranked = self.rerank(searcher, cands, &compiled.proximity)?;
                ranked.truncate(wanted);
                ranked
            }
        };

        let snippets = match &compiled.scoring {
            Some(q) => {
                // The very common words left out of the ranking are still marked.
                let with_checked: Box<dyn Query> = match &compiled.checked_words {
                    Some(c) => Box::new(BooleanQuery::new(vec![
                        (Occur::Must, q.box_clone()),
                        (Occur::Must, c.box_clone()),
                    ])),
                    None => q.box_clone(),
                };
                Some(Snippets::new(
                    searcher,
                    with_checked.as_ref(),
                    f.text,
                    compiled.proximity.clone(),
                    &self.stems,
                )?)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(opts.limit);
        for (score, addr) in ranked.into_iter().skip(opts.offset) {
            hits.push(self.hit(searcher, addr, score, snippets.as_ref())?);
        }
        Ok(SearchResults { hits, total, total_estimated, relaxed: false, facets })
    }

    /// Reads a stored document back as a hit (with a snippet when a generator is given).
    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        snippets: Option<&Snippets>,
    ) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        // Borrowed: a letter's text is tens of kilobytes, and only a passage of it is kept.
        let text = doc.get_first(f.text).and_then(|v| v.as_str()).unwrap_or_default();
        self.hit_from_doc(&doc, text, score, snippets)
    }

    fn hit_from_doc(
        &self,
        doc: &TantivyDocument,
        text: &str,
        score: f32,
        snippets: Option<&Snippets>,
    ) -> Result<Hit> {
        let f = &self.fields;
        let snippet = snippets.and_then(|s| s.snippet(snippet_source(text, &s.terms)));
        let (snippet, snippet_text, snippet_marks) = match snippet {
            Some(s) => s,
            None => {
                let lead = lead(text, 240);
                (escape_html(&lead), lead, Vec::new())
            }
        };
        Ok(Hit {
            accession: first_str(doc, f.accession).unwrap_or_default(),
            kind: first_str(doc, f.kind).and_then(|k| DocKind::from_name(&k)).unwrap_or(DocKind::Letter),
            company: first_str(doc, f.company).unwrap_or_default(),
            date: first_str(doc, f.date),
            ordinal: doc.get_first(f.ordinal).and_then(|v| v.as_u64()).and_then(|o| u32::try_from(o).ok()),
            score,
            snippet,
            number: first_str(doc, f.number),
            cik: first_str(doc, f.cik),
            forms: all_str(doc, f.form),
            letter_kind: first_str(doc, f.letter_kind).unwrap_or_default(),
            headings: all_str(doc, f.headings),
            topics: all_str(doc, f.topic),
            thread: first_str(doc, f.thread),
            outcome: first_str(doc, f.outcome_json).and_then(|j| serde_json::from_str(&j).ok()),
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
