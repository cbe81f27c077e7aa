//! From a parsed tree to tantivy queries: the scored words and phrases kept apart from the
//! unscored filters, and what the ranking needs to know about the words.

use std::ops::Bound;

use chrono::NaiveDate;
use corresp_model::{LetterKind, normalise_form};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::parse::MAX_DEPTH;
use super::{HEADING_BOOST, Node, day_number};
use crate::doc::DocKind;
use crate::error::{Error, Result};
use crate::schema::Fields;

/// A query ready to run, plus what ranking needs to know about it.
///
/// The free-text part and the filters are kept apart: the free text is what BM25 ranks (and what
/// tantivy can prune with block-WAND when it is a plain conjunction or disjunction of words), the
/// filters (field values, dates, exclusions) only decide which documents may appear.
pub(crate) struct Compiled {
    /// What is scored: words, phrases, OR groups, `text:`. `None` for a query of filters only.
    pub scoring: Option<Box<dyn Query>>,
    /// What must also hold, unscored: field filters and NOT clauses. `None` when there are none.
    pub filter: Option<Box<dyn Query>>,
    /// The exact phrases, required but unscored (their words are in `scoring`). Kept apart from
    /// `filter` because a phrase never drives the search: it is checked on candidates only.
    pub phrases: Option<Box<dyn Query>>,
    /// The same phrases as analysed tokens, checked on candidates from the positions index.
    pub phrase_tokens: Vec<Vec<String>>,
    /// Bare words left out of `scoring` because they are very common (see
    /// [`Compiler::common_words`]): required, unscored, and checked on candidates only, each as
    /// its analysed token and whether it may also match in the captions.
    pub word_checks: Vec<(String, bool)>,
    /// The same words as queries, for the count and the snippets.
    pub checked_words: Option<Box<dyn Query>>,
    /// The positive free-text tokens in typed order: scored again, on the best candidates only,
    /// for how many of them stand together, in order, in the opening and in the text.
    pub proximity: Vec<String>,
    /// The query was only bare words: when nothing holds all of them, any of them will do.
    pub only_words: bool,
}

pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub analyzer: TextAnalyzer,
    /// Bare words are joined with OR instead of AND.
    pub any: bool,
    /// The index searched, when known: a phrase's very common words (in more than half of the
    /// documents) are then left to the phrase check instead of the ranked intersection.
    pub searcher: Option<&'a tantivy::Searcher>,
}

impl Compiler<'_> {
    pub(crate) fn compile(&mut self, node: &Node) -> Result<Compiled> {
        // `query` and `collect_proximity` recurse once per tree level. A parsed tree is at most
        // `2 * MAX_DEPTH + 2` deep (each parenthesis adds an OR and an AND level, each NOT one);
        // checked here too so that no tree, however built, can overflow the stack.
        if tree_depth(node) > MAX_TREE_DEPTH {
            return Err(Error::Query(format!(
                "query nested too deeply: more than {MAX_DEPTH} levels of parentheses and NOT"
            )));
        }
        let mut proximity = Vec::new();
        self.collect_proximity(node, &mut proximity)?;
        let only_words = match node {
            Node::Word(_) => true,
            Node::And(parts) => parts.iter().all(|p| matches!(p, Node::Word(_))),
            _ => false,
        };
        let parts: Vec<&Node> = match node {
            Node::And(parts) => parts.iter().collect(),
            other => vec![other],
        };
        let mut scoring: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut phrases: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut phrase_tokens = Vec::new();
        let mut word_checks = Vec::new();
        let mut checked_words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let common = self.common_words(&parts)?;
        let mut positive_filter = false;
        for (i, p) in parts.into_iter().enumerate() {
            match p {
                Node::Not(inner) => {
                    if let Some(q) = self.query(inner)? {
                        filters.push((Occur::MustNot, excluded(q)));
                    }
                }
                Node::Field { name, .. } if name != "text" => {
                    if let Some(q) = self.query(p)? {
                        filters.push((Occur::Must, q));
                        positive_filter = true;
                    }
                }
                // An exact phrase is ranked by its words' BM25 (a term intersection, which
                // block-WAND prunes) and required, unscored, as a phrase: scoring every match of a
                // phrase of common words is what made such queries slow on big indexes.
                Node::Phrase(text) | Node::Field { name: _, value: text, quoted: true }
                    if matches!(p, Node::Phrase(_)) || is_text_field(p) =>
                {
                    let toks = self.tokens(text);
                    if toks.len() < 2 {
                        if let Some(q) = self.query(p)? {
                            scoring.push((Occur::Must, q));
                        }
                        continue;
                    }
                    let mut ranked: Vec<(u64, &String)> = Vec::with_capacity(toks.len());
                    for t in &toks {
                        let df = match self.searcher {
                            Some(s) => s.doc_freq(&Term::from_field_text(self.fields.text, t))?,
                            None => 0,
                        };
                        ranked.push((df, t));
                    }
                    let half = self.searcher.map_or(u64::MAX, |s| s.num_docs() / 2);
                    ranked.sort();
                    // The two rarest words always, the others unless very common; the phrase
                    // check reads every word's positions on the candidates anyway.
                    let kept = ranked.iter().enumerate().filter(|(i, (df, _))| *i < 2 || *df <= half);
                    for (_, (_, t)) in kept {
                        let term = Term::from_field_text(self.fields.text, t);
                        scoring.push((
                            Occur::Must,
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        ));
                    }
                    if let Some(q) = self.query(p)? {
                        phrases.push((Occur::Must, q));
                    }
                    phrase_tokens.push(toks);
                }
                Node::Word(_) if self.any => {
                    if let Some(q) = self.query(p)? {
                        scoring.push((Occur::Should, q));
                    }
                }
                Node::Word(_) if common.iter().any(|(at, _, _)| *at == i) => {
                    if let Some(q) = self.query(p)? {
                        checked_words.push((Occur::Must, q));
                    }
                    if let Some((_, tok, in_captions)) = common.iter().find(|(at, _, _)| *at == i) {
                        word_checks.push((tok.clone(), *in_captions));
                    }
                }
                _ => {
                    if let Some(q) = self.query(p)? {
                        scoring.push((Occur::Must, q));
                    }
                }
            }
        }
        if scoring.is_empty() && filters.is_empty() {
            return Err(Error::Query("the query has no searchable words".into()));
        }
        if !filters.is_empty() && !positive_filter {
            // Only exclusions: everything else is allowed.
            filters.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Compiled {
            scoring: conjunction(scoring),
            filter: conjunction(filters),
            phrases: conjunction(phrases),
            phrase_tokens,
            word_checks,
            checked_words: conjunction(checked_words),
            proximity,
            only_words,
        })
    }

    /// The bare words of a conjunction (by their place in `parts`) that are left out of the ranked
    /// intersection, as their token and whether a caption holds it: those in more than half of
    /// the documents' texts, the two rarest words of the query always kept. Walking the
    /// intersection of a dozen such lists is what made template openings slow; a word in most
    /// documents adds little to BM25 (its IDF is under ln 2) and is still required: checked on
    /// the candidates, and its run with the other words still counts in the rerank.
    fn common_words(&mut self, parts: &[&Node]) -> Result<Vec<(usize, String, bool)>> {
        let Some(searcher) = self.searcher else { return Ok(Vec::new()) };
        if self.any {
            return Ok(Vec::new());
        }
        let mut words: Vec<(u64, usize, String)> = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            if let Node::Word(w) = p {
                let toks = self.tokens(w);
                let [tok] = toks.as_slice() else { continue };
                let df = searcher.doc_freq(&Term::from_field_text(self.fields.text, tok))?;
                words.push((df, i, tok.clone()));
            }
        }
        if words.len() < 3 {
            return Ok(Vec::new());
        }
        words.sort();
        let half = searcher.num_docs() / 2;
        let mut out = Vec::new();
        for (df, i, tok) in words.into_iter().skip(2) {
            if df > half {
                let in_captions = searcher.doc_freq(&Term::from_field_text(self.fields.headings, &tok))? > 0;
                out.push((i, tok, in_captions));
            }
        }
        Ok(out)
    }

    fn collect_proximity(&mut self, node: &Node, out: &mut Vec<String>) -> Result<()> {
        match node {
            Node::Word(w) | Node::Phrase(w) => out.extend(self.tokens(w)),
            Node::Field { name, value, .. } if name == "text" => out.extend(self.tokens(value)),
            Node::And(parts) => {
                for p in parts {
                    self.collect_proximity(p, out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn tokens(&mut self, s: &str) -> Vec<String> {
        let mut stream = self.analyzer.token_stream(s);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn text_query(&mut self, field: Field, s: &str) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = self.tokens(s).iter().map(|t| Term::from_field_text(field, t)).collect();
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// A bare word matches the text or the captions ("Revenue Recognition" above a comment on
    /// principal versus agent), a caption's match weighing [`HEADING_BOOST`] of a text match. Each
    /// word must match in one or the other, so a query's words may be split between the two. A
    /// word no caption of the index holds stays a plain text term, so that a conjunction of such
    /// words is still a term intersection that block-WAND prunes.
    fn word_query(&mut self, s: &str) -> Result<Option<Box<dyn Query>>> {
        let Some(text) = self.text_query(self.fields.text, s) else { return Ok(None) };
        if let Some(searcher) = self.searcher {
            let mut in_captions = false;
            for t in self.tokens(s) {
                in_captions |= searcher.doc_freq(&Term::from_field_text(self.fields.headings, &t))? > 0;
            }
            if !in_captions {
                return Ok(Some(text));
            }
        }
        let Some(heading) = self.text_query(self.fields.headings, s) else { return Ok(Some(text)) };
        Ok(Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, text),
            (Occur::Should, Box::new(BoostQuery::new(heading, HEADING_BOOST))),
        ]))))
    }

    fn query(&mut self, node: &Node) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(w) => self.word_query(w)?,
            Node::Phrase(p) => self.text_query(self.fields.text, p),
            Node::Field { name, value, .. } => Some(self.field_query(name, value)?),
            Node::Not(inner) => match self.query(inner)? {
                Some(q) => Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, excluded(q)),
                ]))),
                None => None,
            },
            Node::Or(parts) => {
                let mut clauses = Vec::new();
                for p in parts {
                    if let Some(q) = self.query(p)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                let mut positive = false;
                for p in parts {
                    let (occur, node) = match p {
                        Node::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        Node::Word(_) if self.any => (Occur::Should, p),
                        _ => (Occur::Must, p),
                    };
                    if let Some(q) = self.query(node)? {
                        positive |= occur != Occur::MustNot;
                        clauses.push((occur, if occur == Occur::MustNot { excluded(q) } else { q }));
                    }
                }
                if clauses.is_empty() {
                    None
                } else {
                    if !positive {
                        clauses.push((Occur::Must, Box::new(AllQuery)));
                    } else if self.any && clauses.iter().any(|(o, _)| *o == Occur::Must) {
                        // Required filters plus optional words: at least one word must still match.
                        let (should, mut rest): (Vec<_>, Vec<_>) =
                            clauses.into_iter().partition(|(o, _)| *o == Occur::Should);
                        if !should.is_empty() {
                            rest.push((Occur::Must, Box::new(BooleanQuery::new(should))));
                        }
                        clauses = rest;
                    }
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
        })
    }

    fn field_query(&mut self, name: &str, value: &str) -> Result<Box<dyn Query>> {
        let f = self.fields;
        let raw = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
        };
        Ok(match name {
            "company" => self.text_query(f.company, value).unwrap_or_else(|| Box::new(EmptyQuery)),
            "heading" => self.text_query(f.headings, value).unwrap_or_else(|| Box::new(EmptyQuery)),
            "text" => self.text_query(f.text, value).unwrap_or_else(|| Box::new(EmptyQuery)),
            "cik" => {
                let digits = value.trim_start_matches('0');
                if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) || digits.len() > 10 {
                    return Err(Error::Query(format!("`cik:{value}` is not a CIK (up to ten digits)")));
                }
                raw(f.cik, &format!("{digits:0>10}"))
            }
            "form" => raw(f.form, &normalise_form(value)),
            "kind" => {
                let k = DocKind::from_name(&value.to_ascii_lowercase()).ok_or_else(|| {
                    Error::Query(format!("`kind:{value}` is not a kind; use comment, response or letter"))
                })?;
                raw(f.kind, k.as_str())
            }
            "letter" => {
                let k = LetterKind::from_name(&value.to_ascii_lowercase()).ok_or_else(|| {
                    Error::Query(format!(
                        "`letter:{value}` is not a letter kind; use comments, review_complete, response or other"
                    ))
                })?;
                raw(f.letter_kind, k.as_str())
            }
            "topic" => raw(f.topic, &value.to_ascii_lowercase()),
            "outcome" => {
                let v = value.to_ascii_lowercase();
                if !matches!(v.as_str(), "first-round" | "followed-up" | "closed" | "open") {
                    return Err(Error::Query(format!(
                        "`outcome:{value}` is not an outcome; use first-round, followed-up, closed or open"
                    )));
                }
                raw(f.outcome, &v)
            }
            "accession" => raw(f.accession, value),
            "thread" => raw(f.thread, value),
            "number" => raw(f.number, value.trim_end_matches('.')),
            "year" => {
                let (lo, hi) = range(value, |s| {
                    s.parse::<i64>().ok().filter(|y| (1900..=2999).contains(y)).ok_or_else(|| {
                        Error::Query(format!(
                            "`year:{value}`: `{s}` is not a year; write year:2019 or year:2019..2021"
                        ))
                    })
                })?;
                Box::new(RangeQuery::new(bound(f.year, lo), bound(f.year, hi)))
            }
            "date" => {
                let (lo, hi) = range(value, |s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(day_number).map_err(|_| {
                        Error::Query(format!(
                            "`date:{value}`: `{s}` is not a date; write date:2019-03-01 or date:2019-01-01..2019-06-30"
                        ))
                    })
                })?;
                Box::new(RangeQuery::new(bound(f.day, lo), bound(f.day, hi)))
            }
            _ => return Err(Error::Query(format!("unknown field `{name}:`"))),
        })
    }
}

/// The deepest tree [`parse`](super::parse()) can build: `MAX_DEPTH` parentheses and NOTs, each parenthesis with an
/// OR and an AND inside, plus the top OR and AND.
pub(super) const MAX_TREE_DEPTH: usize = 2 * MAX_DEPTH + 3;

/// How many levels deep `node` is (a leaf is 1), found without recursion.
pub(super) fn tree_depth(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 1)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        match n {
            Node::And(parts) | Node::Or(parts) => stack.extend(parts.iter().map(|p| (p, d + 1))),
            Node::Not(inner) => stack.push((inner, d + 1)),
            Node::Word(_) | Node::Phrase(_) | Node::Field { .. } => {}
        }
    }
    deepest
}

/// A query as an exclusion (`NOT`, `-`). A single term is excluded as it is (tantivy has a fast
/// path for it). Anything else goes in as a union of two copies of itself: tantivy 0.27 probes an
/// exclusion with `seek_danger`, and its phrase scorer asserts that such a probe never goes back
/// before its current document, which exclusion probing does (a debug assertion, too strict:
/// quickwit-oss/tantivy#2811). A debug build (tests, `cargo run`) then panicked on any excluded
/// phrase whose words occur, `-"segment reporting"`; the fuzzer found it at once. A union moves its
/// members with `seek` only, and only forward, so the same documents are excluded without the
/// probe. The price is evaluating a rare clause twice.
fn excluded(q: Box<dyn Query>) -> Box<dyn Query> {
    if q.is::<TermQuery>() {
        return q;
    }
    let copy = q.box_clone();
    Box::new(BooleanQuery::new(vec![(Occur::Should, q), (Occur::Should, copy)]))
}

fn is_text_field(node: &Node) -> bool {
    matches!(node, Node::Field { name, quoted: true, .. } if name == "text")
}

/// The clauses as one query, without wrapping a single required clause (a lone term query keeps
/// its own block-WAND path; wrapped in a boolean query it would not).
fn conjunction(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 if clauses[0].0 != Occur::MustNot => clauses.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

fn bound(field: Field, v: Option<i64>) -> Bound<Term> {
    match v {
        Some(v) => Bound::Included(Term::from_field_i64(field, v)),
        None => Bound::Unbounded,
    }
}

/// Reads `A`, `A..B`, `A..` or `..B`; an open end is `None`.
fn range(value: &str, one: impl Fn(&str) -> Result<i64>) -> Result<(Option<i64>, Option<i64>)> {
    match value.split_once("..") {
        None => {
            let v = one(value)?;
            Ok((Some(v), Some(v)))
        }
        Some((a, b)) => {
            let lo = if a.is_empty() { None } else { Some(one(a)?) };
            let hi = if b.is_empty() { None } else { Some(one(b)?) };
            if lo.is_none() && hi.is_none() {
                return Err(Error::Query(format!("`{value}` is an empty range")));
            }
            if let (Some(l), Some(h)) = (lo, hi)
                && l > h
            {
                return Err(Error::Query(format!("`{value}`: the range runs backwards")));
            }
            Ok((lo, hi))
        }
    }
}
