//! The query language: words, "exact phrases", AND/OR/NOT (or `-word`), parentheses and field
//! filters (`company:`, `form:10-K`, `year:2019..2021`, `kind:comment`, ...).
//!
//! Parsing is ours rather than tantivy's `QueryParser` so that mistakes get a message a reader
//! can act on (which quote is open, which field is unknown, which year is not a year) and so that
//! bare words can also be scored as a sloppy phrase (see [`Compiled::proximity`]).

use std::ops::Bound;

use chrono::NaiveDate;
use corresp_model::{LetterKind, normalise_form};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::doc::DocKind;
use crate::error::{Error, Result};
use crate::schema::Fields;

/// The field names a query may use, for the error message that lists them.
pub const KNOWN_FIELDS: &[&str] = &[
    "company",
    "cik",
    "form",
    "year",
    "date",
    "kind",
    "topic",
    "outcome",
    "accession",
    "heading",
    "letter",
    "number",
    "thread",
    "text",
];

/// How much a bare word's match in a comment's captions weighs against a match in its text.
pub(crate) const HEADING_BOOST: f32 = 0.5;

/// One node of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Word(String),
    Phrase(String),
    Field { name: String, value: String, quoted: bool },
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
    Quoted(String),
    Word(String),
    FieldQuoted(String, String),
}

fn lex(q: &str) -> Result<Vec<(usize, Tok)>> {
    let mut out = Vec::new();
    let b = q.as_bytes();
    let mut i = 0;
    // Byte-wise scanning is safe: every delimiter we look for is ASCII, and UTF-8 continuation
    // bytes never equal an ASCII byte, so slices always fall on char boundaries.
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'(' {
            out.push((i, Tok::Open));
            i += 1;
        } else if c == b')' {
            out.push((i, Tok::Close));
            i += 1;
        } else if c == b'"' {
            let end = q[i + 1..].find('"').ok_or_else(|| unbalanced(i))?;
            out.push((i, Tok::Quoted(q[i + 1..i + 1 + end].to_string())));
            i += end + 2;
        } else if c == b'-'
            && i + 1 < b.len()
            && !b[i + 1].is_ascii_whitespace()
            && !b[i + 1].is_ascii_digit()
        {
            out.push((i, Tok::Minus));
            i += 1;
        } else {
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'(' | b')' | b'"') {
                i += 1;
            }
            let w = &q[start..i];
            if w.ends_with(':') && i < b.len() && b[i] == b'"' && is_field_name(&w[..w.len() - 1]) {
                let end = q[i + 1..].find('"').ok_or_else(|| unbalanced(i))?;
                out.push((
                    start,
                    Tok::FieldQuoted(w[..w.len() - 1].to_string(), q[i + 1..i + 1 + end].to_string()),
                ));
                i += end + 2;
                continue;
            }
            let w = w.strip_prefix('+').unwrap_or(w);
            let tok = match w {
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                "" => continue,
                _ => Tok::Word(w.to_string()),
            };
            out.push((start, tok));
        }
    }
    Ok(out)
}

fn unbalanced(at: usize) -> Error {
    Error::Query(format!("unbalanced quote: the phrase opened at character {} is never closed", at + 1))
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphabetic() || c == b'_')
}

/// How deeply parentheses and NOT (or `-`) may nest. The parser and everything that walks the
/// tree it builds (the compiler's `query` and `collect_proximity`, and dropping the tree) recurse
/// once per level, so this bound is what keeps a hostile query (500 leading `-`, 50,000 `(`) from
/// overflowing the stack and aborting the process; people nest a handful of levels at most.
pub(crate) const MAX_DEPTH: usize = 32;

/// How many NOTs (or `-`) may sit inside one another. Each excluded clause other than a term is
/// compiled as a union of two copies of itself (see [`excluded`]), so nested exclusions double
/// the query: 30 of them in 54 bytes took over 2 GB (found by the fuzzer). Nobody means more than
/// a couple: `-(a -b)`.
pub(crate) const MAX_NOTS: usize = 4;

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    /// Parentheses and NOTs open at the current position.
    depth: usize,
    /// NOTs open at the current position.
    nots: usize,
}

/// Parses a query into its tree. Empty and malformed queries are errors.
pub(crate) fn parse(q: &str) -> Result<Node> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(Error::Query("the query is empty".into()));
    }
    let mut p = Parser { toks, pos: 0, depth: 0, nots: 0 };
    let node = p.or()?;
    if let Some((at, t)) = p.toks.get(p.pos) {
        return Err(Error::Query(match t {
            Tok::Close => format!("unbalanced parenthesis: `)` at character {} closes nothing", at + 1),
            _ => format!("unexpected {} at character {}", describe(t), at + 1),
        }));
    }
    Ok(node)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Open => "`(`".into(),
        Tok::Close => "`)`".into(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Not => "NOT".into(),
        Tok::Minus => "`-`".into(),
        Tok::Quoted(s) => format!("\"{s}\""),
        Tok::Word(w) => format!("`{w}`"),
        Tok::FieldQuoted(f, v) => format!("`{f}:\"{v}\"`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks
            .get(self.pos)
            .map(|(a, _)| a + 1)
            .unwrap_or_else(|| self.toks.last().map(|(a, _)| a + 1).unwrap_or(0))
    }

    /// Enters one more level of nesting, refusing past [`MAX_DEPTH`].
    fn descend(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::Query(format!(
                "query nested too deeply: more than {MAX_DEPTH} levels of parentheses and NOT at character {at}"
            )));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Node> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                return Err(Error::Query(format!("OR at character {} has nothing after it", self.at())));
            }
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.pop().expect("one part") } else { Node::Or(parts) })
    }

    fn and(&mut self) -> Result<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    if parts.is_empty() {
                        return Err(Error::Query(format!(
                            "AND at character {} has nothing before it",
                            self.at()
                        )));
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                        return Err(Error::Query(format!(
                            "AND at character {} has nothing after it",
                            self.at()
                        )));
                    }
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(Error::Query(format!("expected a word or phrase at character {}", self.at()))),
            1 => Ok(parts.pop().expect("one part")),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Node> {
        if matches!(self.peek(), Some(Tok::Not) | Some(Tok::Minus)) {
            let at = self.at();
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                return Err(Error::Query(format!("NOT at character {at} has nothing after it")));
            }
            self.descend(at)?;
            self.nots += 1;
            if self.nots > MAX_NOTS {
                return Err(Error::Query(format!(
                    "query nested too deeply: more than {MAX_NOTS} NOTs inside one another at character {at}"
                )));
            }
            let inner = self.unary()?;
            self.nots -= 1;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node> {
        let at = self.at();
        let Some((_, tok)) = self.toks.get(self.pos).cloned() else {
            return Err(Error::Query("the query ends too early".into()));
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                self.descend(at)?;
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::Close) {
                    return Err(Error::Query(format!(
                        "unbalanced parenthesis: `(` at character {at} is never closed"
                    )));
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Quoted(s) => Ok(Node::Phrase(s)),
            Tok::FieldQuoted(name, value) => field(name, value, true),
            Tok::Word(w) => match w.split_once(':') {
                Some((name, value)) if is_field_name(name) => {
                    if value.is_empty() {
                        return Err(Error::Query(format!("field `{name}:` at character {at} has no value")));
                    }
                    field(name.to_string(), value.to_string(), false)
                }
                _ => Ok(Node::Word(w)),
            },
            other => Err(Error::Query(format!("unexpected {} at character {at}", describe(&other)))),
        }
    }
}

fn field(name: String, value: String, quoted: bool) -> Result<Node> {
    let lower = name.to_ascii_lowercase();
    let name = match lower.as_str() {
        "headings" => "heading".to_string(),
        "topics" => "topic".to_string(),
        _ => lower,
    };
    if !KNOWN_FIELDS.contains(&name.as_str()) {
        return Err(Error::Query(format!(
            "unknown field `{name}:`; known fields are {}",
            KNOWN_FIELDS.join(", ")
        )));
    }
    Ok(Node::Field { name, value, quoted })
}

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

/// The deepest tree [`parse`] can build: `MAX_DEPTH` parentheses and NOTs, each parenthesis with an
/// OR and an AND inside, plus the top OR and AND.
const MAX_TREE_DEPTH: usize = 2 * MAX_DEPTH + 3;

/// How many levels deep `node` is (a leaf is 1), found without recursion.
fn tree_depth(node: &Node) -> usize {
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

/// A date as the sortable integer `YYYYMMDD`, the `day` field.
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

#[cfg(test)]
mod tests {
    //! Parsing: the tree a query gives, and the message a mistake gets.
    use super::*;

    fn err(q: &str) -> String {
        match parse(q) {
            Err(Error::Query(m)) => m,
            other => panic!("{q:?} should fail, got {other:?}"),
        }
    }

    #[test]
    fn words_phrases_and_operators() {
        assert_eq!(parse("revenue").unwrap(), Node::Word("revenue".into()));
        assert_eq!(
            parse("\"segment information\" goodwill").unwrap(),
            Node::And(vec![Node::Phrase("segment information".into()), Node::Word("goodwill".into())])
        );
        assert_eq!(
            parse("a OR b AND NOT c").unwrap(),
            Node::Or(vec![
                Node::Word("a".into()),
                Node::And(vec![Node::Word("b".into()), Node::Not(Box::new(Node::Word("c".into())))])
            ])
        );
        assert_eq!(parse("(a OR b) -c").unwrap(), parse("(a OR b) NOT c").unwrap());
        assert_eq!(
            parse("company:\"Acme Widgets\" year:2019..2021").unwrap(),
            Node::And(vec![
                Node::Field { name: "company".into(), value: "Acme Widgets".into(), quoted: true },
                Node::Field { name: "year".into(), value: "2019..2021".into(), quoted: false },
            ])
        );
        // A hyphenated number is a word, not a negation.
        assert_eq!(parse("-5%").unwrap(), Node::Word("-5%".into()));
    }

    /// Runs `f` on a thread with a small stack (512 KB), as deep recursion would overflow it: before
    /// the depth limit, these queries aborted the whole process with a stack overflow.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new().stack_size(512 << 10).spawn(f).unwrap().join().unwrap()
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        for q in [
            format!("{}revenue", "-".repeat(500)),
            format!("{}revenue", "NOT ".repeat(500)),
            format!("{}revenue{}", "(".repeat(50_000), ")".repeat(50_000)),
            format!("{}revenue", "(".repeat(50_000)),
            format!("{}revenue{}", "(-".repeat(20_000), ")".repeat(20_000)),
            format!("{}revenue", "(a OR -".repeat(10_000)),
        ] {
            let m = on_small_stack(move || match parse(&q) {
                Err(Error::Query(m)) => m,
                other => panic!("should fail: {other:?}"),
            });
            assert!(m.contains("query nested too deeply"), "{m}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_parses_and_its_tree_is_bounded() {
        let parens = format!("{}a OR b c{}", "(x OR y ".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        let nots = format!("{}a", "-".repeat(MAX_NOTS));
        let mixed = format!(
            "{}{}a OR b c{}",
            "(x OR -".repeat(MAX_NOTS),
            "(x OR ".repeat(MAX_DEPTH - 2 * MAX_NOTS),
            ")".repeat(MAX_DEPTH - MAX_NOTS)
        );
        for q in [parens, nots, mixed] {
            let depth = on_small_stack(move || tree_depth(&parse(&q).expect("within the limit")));
            assert!(depth <= MAX_TREE_DEPTH, "{depth}");
        }
        let over = format!("{}a", "-".repeat(MAX_DEPTH + 1));
        assert!(err(&over).contains("nested too deeply"));
        let over = format!("{}a{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert!(err(&over).contains("nested too deeply"));
    }

    #[test]
    fn nested_nots_are_bounded() {
        // The fuzzer's input: 30 NOTs in 54 bytes compiled to 2^30 copies.
        let q = "evenNf -iiNfOR +AN-\r---------------------\u{16}--------nk";
        assert!(err(q).contains("nested too deeply"), "{}", err(q));
        assert!(parse("-(a -(b -(c -d)))").is_ok());
        assert!(err("-(a -(b -(c -(d -e))))").contains("NOTs inside one another"));
    }

    #[test]
    fn mistakes_get_clear_messages() {
        assert!(err("\"segment information").contains("unbalanced quote"));
        assert!(err("company:\"Acme").contains("unbalanced quote"));
        assert!(err("(a OR b").contains("never closed"));
        assert!(err("a OR b)").contains("closes nothing"));
        let m = err("colour:blue");
        assert!(m.contains("unknown field `colour:`") && m.contains("company"), "{m}");
        assert!(err("a OR").contains("nothing after"));
        assert!(err("AND a").contains("nothing before"));
        assert!(err("NOT").contains("nothing after"));
        assert!(err("   ").contains("empty"));
        assert!(err("year:").contains("no value"));
    }
}
