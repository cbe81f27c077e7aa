//! Running a query: ranking, snippets and facet counts.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};
use std::sync::RwLock;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur, Query};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocId, DocSet, Searcher, TERMINATED, Term};

use crate::Index;
use crate::doc::DocKind;
use crate::error::Result;
use crate::query::{self, Compiled, Compiler};
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
    /// For a staff comment: where its matter ended (last round, how the review closed, the
    /// company's answer there), from the stored comment–answer record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<corresp_model::Outcome>,
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
    /// How many documents matched in all (see `total_estimated`).
    pub total: usize,
    /// `total` is an estimate: past a few thousand matches the count stops early and scales up
    /// what it had seen (with facets, or below that, it is exact).
    pub total_estimated: bool,
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

/// Weight of the query's words standing together, in order, in a comment's opening (per unit of
/// the summed IDF of the words in the run); tuned on the DEV corpus so a comment's first dozen
/// words bring that comment first (see `bench/` and the tests).
const OPENING_BOOST: f32 = 3.0;
/// Weight of the words standing together, in order, anywhere in the text.
const PROXIMITY_BOOST: f32 = 1.0;
/// Longest word run scored for proximity: enough for a known-item query, bounded in cost.
const PROXIMITY_MAX_TOKENS: usize = 16;
/// Candidates ranked by plain BM25 (with block-WAND pruning) before the proximity and grain
/// rerank: deep enough that a comment whose opening is the query is among them, small enough
/// that reading their positions costs well under a millisecond.
const RERANK_DEPTH: usize = 200;
/// Matches counted exactly. Past this (or past [`COUNT_HORIZON`]) the count stops and the total
/// is estimated from how much of the index it had walked ([`SearchResults::total_estimated`]); facets always count all.
const EXACT_COUNT: usize = 2_000;
/// Share of the index the count walks before it estimates (it walks at least
/// [`COUNT_HORIZON_MIN`] documents, so small indexes are always counted exactly).
const COUNT_HORIZON: f64 = 0.1;
const COUNT_HORIZON_MIN: u64 = 200_000;
/// A filter matching fewer documents than this (per segment), or under a quarter of what the
/// words match, drives the search itself; a broader one is checked on each candidate.
const DRIVING_FILTER: u32 = 4_096;
/// Longer texts (whole letters) are not handed whole to the snippet generator: a window around
/// the first place a query word occurs is.
const SNIPPET_SCAN: usize = 16 << 10;

impl Index {
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
                searcher,
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
            _ => count(searcher, matching.as_ref())?,
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
                searcher.search(matching.as_ref(), &top)?.into_iter().map(|((_, s, _), a)| (s, a)).collect()
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

    /// Every match counted, with the facet counts, in one unscored pass.
    fn count_with_facets(
        &self,
        searcher: &Searcher,
        matching: &dyn Query,
    ) -> Result<(usize, bool, Option<Facets>)> {
        let mut fc = FacetCollector::for_field("facets");
        for k in ["/company", "/form", "/year", "/kind", "/topic"] {
            fc.add_facet(k);
        }
        let (total, counts) = searcher.search(matching, &(Count, fc))?;
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
        Ok((total, false, Some(facets)))
    }

    /// The second stage: each candidate's BM25 plus how many of the query's words stand together,
    /// in order, in its opening and in its text (read from the positions index, for these
    /// documents only), times its grain's weight. Best first.
    fn rerank(
        &self,
        searcher: &Searcher,
        mut cands: Vec<(f32, DocAddress)>,
        proximity: &[String],
    ) -> Result<Vec<(f32, DocAddress)>> {
        let f = &self.fields;
        let toks: Vec<&String> = proximity.iter().take(PROXIMITY_MAX_TOKENS).collect();
        let n_docs = searcher.num_docs() as f32;
        let mut idf = Vec::with_capacity(toks.len());
        if toks.len() >= 2 {
            for t in &toks {
                let df = searcher.doc_freq(&Term::from_field_text(f.text, t))? as f32;
                idf.push((1.0 + (n_docs - df + 0.5) / (df + 0.5)).ln());
            }
        }
        cands.sort_by_key(|(_, a)| (a.segment_ord, a.doc_id));
        let mut out = Vec::with_capacity(cands.len());
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); toks.len()];
        let mut i = 0;
        while i < cands.len() {
            let ord = cands[i].1.segment_ord;
            let end = i + cands[i..].iter().take_while(|(_, a)| a.segment_ord == ord).count();
            let seg = searcher.segment_reader(ord);
            let rank = seg.fast_fields().u64("kind_rank").ok();
            let tie = TieKeys::new(seg);
            let mut fields: Vec<(f32, Vec<Option<SegmentPostings>>)> = Vec::new();
            if !idf.is_empty() {
                for (field, boost) in [(f.opening, OPENING_BOOST), (f.text, PROXIMITY_BOOST)] {
                    let inv = seg.inverted_index(field)?;
                    let mut postings = Vec::with_capacity(toks.len());
                    for t in &toks {
                        let p = inv
                            .read_postings(
                                &Term::from_field_text(field, t),
                                IndexRecordOption::WithFreqsAndPositions,
                            )
                            .map_err(tantivy::TantivyError::from)?;
                        postings.push(p);
                    }
                    fields.push((boost, postings));
                }
            }
            for &(score, addr) in &cands[i..end] {
                let doc = addr.doc_id;
                let mut bonus = 0.0;
                for (boost, postings) in &mut fields {
                    for (p, buf) in postings.iter_mut().zip(&mut positions) {
                        buf.clear();
                        if let Some(p) = p {
                            if p.doc() < doc {
                                p.seek(doc);
                            }
                            if p.doc() == doc {
                                p.positions(buf);
                            }
                        }
                    }
                    bonus += *boost * longest_run(&positions, &idf);
                }
                let w = rank.as_ref().and_then(|c| c.first(doc)).map_or(1.0, kind_weight);
                out.push(((score + bonus) * w, tie.of(doc), addr));
            }
            i = end;
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(out.into_iter().map(|(score, _, addr)| (score, addr)).collect())
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

/// Longest snippet: tantivy's `max_num_chars`, which it compares with byte offsets.
const SNIPPET_CHARS: usize = 240;

/// Longest token kept, in bytes: [`schema::analyzer`]'s `RemoveLongFilter` limit (a test compares
/// these snippets with tantivy's generator over that analyzer, long tokens included).
const MAX_TOKEN_BYTES: usize = 40;

/// Words remembered per search by [`Snippets`].
const SNIPPET_MEMO: usize = 20_000;

/// The snippets of one search: the passage tantivy's `SnippetGenerator` would pick (the same
/// fragments, weights, choice and marks), found at a fraction of its cost.
///
/// The generator runs the field's analyzer over the whole text it is given (up to
/// [`SNIPPET_SCAN`] bytes of a letter) only to learn which words are query terms, then looks
/// every token up in a map; stemming every word was four fifths of a served search's time on
/// the DEV corpus (a letter hit stems some 2,500 words), the lookups most of the rest. Here
/// the text is cut into the analyzer's tokens (alphanumeric runs, over-long ones dropped) and a
/// token is normalized (lower case, folded, stemmed: [`schema::analyzer`]) and looked up only
/// when it could be a query term: its first letter is the first letter of a term. The English
/// stemmer rewrites suffixes, never a word's first letter (a test checks it), and lower-casing an
/// ASCII letter is what the analyzer does to it; tokens with other than ASCII are always
/// normalized. Each word's weight is remembered for the rest of the search (a letter repeats its
/// words), up to [`SNIPPET_MEMO`] of them, and its normalized form for later searches too
/// ([`StemCache`]).
pub(crate) struct Snippets<'a> {
    /// Each query term of the text field found in the index, weighted `1 / (1 + doc_freq)` as
    /// `SnippetGenerator::create` weighs it.
    weights: BTreeMap<String, f32>,
    /// `firsts[b]`: some term starts with the ASCII byte `b`.
    firsts: [bool; 128],
    /// The query's analysed words, to find where in a long text to look.
    terms: Vec<String>,
    memo: RefCell<Memo>,
    /// The index's words already normalized, shared by all searches ([`StemCache`]).
    stems: &'a StemCache,
}

/// Each word the snippets met (a raw token) as the analyzer normalizes it, lower-cased as the
/// snippet generator compares it, shared by the searches of one [`Index`]: normalizing is a
/// pure function of the word, and a corpus has far fewer distinct words than its searches meet
/// (stemming the words new to each search was a twentieth of a served search). Read-mostly;
/// bounded by [`STEM_CACHE`] words, past which new words are normalized each time.
pub(crate) type StemCache = RwLock<HashMap<String, String>>;

/// Words kept in a [`StemCache`] (about 10 MB at most).
const STEM_CACHE: usize = 100_000;

/// What [`Snippets`] learnt about the words it met: each raw token's weight (none: not a term).
struct Memo {
    normalizer: TextAnalyzer,
    weight: HashMap<String, Option<f32>>,
}

/// One candidate passage, as tantivy's `FragmentCandidate`.
struct Fragment {
    score: f32,
    start: usize,
    stop: usize,
    marks: Vec<(usize, usize)>,
}

impl<'a> Snippets<'a> {
    pub(crate) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        terms: Vec<String>,
        stems: &'a StemCache,
    ) -> Result<Snippets<'a>> {
        let mut found: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                found.insert(term);
            }
        });
        let mut weights: BTreeMap<String, f32> = BTreeMap::new();
        for term in found {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            let df = searcher.doc_freq(term)?;
            if df > 0 {
                weights.insert(text.to_string(), 1.0 / (1.0 + df as f32));
            }
        }
        let mut firsts = [false; 128];
        for t in weights.keys() {
            if let Some(&b) = t.as_bytes().first().filter(|b| b.is_ascii()) {
                firsts[usize::from(b)] = true;
            }
        }
        let memo = Memo { normalizer: schema::analyzer(), weight: HashMap::new() };
        Ok(Snippets { weights, firsts, terms, memo: RefCell::new(memo), stems })
    }

    /// The weight of a token as a query term, if it is one.
    fn weight(&self, memo: &mut Memo, token: &str) -> Option<f32> {
        if token.is_ascii()
            && !token.as_bytes().first().is_some_and(|b| self.firsts[usize::from(b.to_ascii_lowercase())])
        {
            return None;
        }
        if let Some(w) = memo.weight.get(token) {
            return *w;
        }
        let cached = self
            .stems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .map(|n| self.weights.get(n).copied());
        let w = match cached {
            Some(w) => w,
            None => {
                let mut stream = memo.normalizer.token_stream(token);
                let normalized =
                    if stream.advance() { stream.token().text.to_lowercase() } else { String::new() };
                drop(stream);
                let w = self.weights.get(&normalized).copied();
                let mut stems = self.stems.write().unwrap_or_else(|e| e.into_inner());
                if stems.len() < STEM_CACHE {
                    stems.insert(token.to_string(), normalized);
                }
                w
            }
        };
        if memo.weight.len() < SNIPPET_MEMO {
            memo.weight.insert(token.to_string(), w);
        }
        w
    }

    /// The best passage of `text`: `(html with <b> marks, plain text, marks in the plain
    /// text)`, or `None` when no query term occurs in it. As tantivy's
    /// `SnippetGenerator::snippet` and `Snippet::to_html` (`search_fragments`,
    /// `select_best_fragment_combination`): a passage starts at a token and takes tokens while
    /// they end within [`SNIPPET_CHARS`] bytes of its start; it scores the weights of the terms
    /// in it; the best wins, the earliest on a tie.
    fn snippet(&self, text: &str) -> Option<Passage> {
        let mut memo = self.memo.borrow_mut();
        let mut fragments: Vec<Fragment> = Vec::new();
        let mut frag = Fragment { score: 0.0, start: 0, stop: 0, marks: Vec::new() };
        let mut at = 0;
        while at < text.len() {
            let (from, to) = next_word(text, at);
            at = to;
            if from == to {
                break;
            }
            if to - from >= MAX_TOKEN_BYTES {
                continue;
            }
            if to - frag.start > SNIPPET_CHARS {
                let next = Fragment { score: 0.0, start: from, stop: from, marks: Vec::new() };
                let done = std::mem::replace(&mut frag, next);
                if done.score > 0.0 {
                    fragments.push(done);
                }
            }
            frag.stop = to;
            // `next_word` cuts at character boundaries: `get` never misses, and never panics.
            if let Some(w) = text.get(from..to).and_then(|t| self.weight(&mut memo, t)) {
                frag.score += w;
                frag.marks.push((from, to));
            }
        }
        if frag.score > 0.0 {
            fragments.push(frag);
        }
        let best = fragments.iter().max_by(|l, r| {
            match l.score.partial_cmp(&r.score).unwrap_or(Ordering::Equal) {
                Ordering::Equal => (r.start, r.stop).cmp(&(l.start, l.stop)),
                other => other,
            }
        })?;
        if best.marks.is_empty() {
            return None;
        }
        // Every offset is a token's edge, so a character boundary: the `get`s never miss.
        let fragment = text.get(best.start..best.stop)?;
        let marks: Vec<(usize, usize)> =
            best.marks.iter().map(|&(a, b)| (a - best.start, b - best.start)).collect();
        let mut html = String::with_capacity(fragment.len() + 16 * marks.len());
        let mut at = 0;
        for (a, b) in collapse(&marks) {
            escape_minimal(fragment.get(at..a).unwrap_or_default(), &mut html);
            html.push_str("<b>");
            escape_minimal(fragment.get(a..b).unwrap_or_default(), &mut html);
            html.push_str("</b>");
            at = b;
        }
        escape_minimal(fragment.get(at..).unwrap_or_default(), &mut html);
        Some((html, fragment.to_string(), marks))
    }
}

/// The first run of alphanumeric characters (a `SimpleTokenizer` token) at or after byte `at`
/// (a character boundary) of `text`, as a byte range; an empty one at the end. ASCII bytes are
/// judged as bytes, the rest decoded: a text is mostly ASCII, and decoding every character was
/// the larger part of the snippet's pass.
fn next_word(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    // The character at `i` (a boundary): `None` at the end.
    let char_at = |i: usize| text.get(i..).and_then(|t| t.chars().next());
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(i) {
                Some(c) if c.is_alphanumeric() => break,
                Some(c) => i += c.len_utf8(),
                None => i += 1,
            }
        }
    }
    let from = i;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(i) {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    (from, i)
}

/// A snippet: the passage as HTML with `<b>` marks, as plain text, and the marks' byte ranges in
/// the plain text.
type Passage = (String, String, Vec<(usize, usize)>);

/// Ranges sorted, repeats dropped, overlapping ones merged (adjacent ones are kept apart), as
/// tantivy's `collapse_overlapped_ranges`.
fn collapse(ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if last.1 > r.0 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

/// `s` with `"`, `&`, `'`, `<` and `>` written as entities, as htmlescape's `encode_minimal`
/// (the escaping of tantivy's `Snippet::to_html`).
fn escape_minimal(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The part of `text` the snippet generator reads: all of a short text; of a long one (a whole
/// letter), a window around the first place one of the words occurs, else its beginning.
fn snippet_source<'a>(text: &'a str, terms: &[String]) -> &'a str {
    if text.len() <= SNIPPET_SCAN {
        return text;
    }
    let lower = text.to_ascii_lowercase();
    let at = terms.iter().filter(|t| t.len() >= 2).filter_map(|t| lower.find(t.as_str())).min().unwrap_or(0);
    let start = floor_char(text, at.saturating_sub(SNIPPET_SCAN / 4));
    let end = floor_char(text, (start + SNIPPET_SCAN).min(text.len()));
    &text[start..end]
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The summed IDF of the longest run of consecutive query words found at consecutive positions
/// (`positions[i]` holds the sorted positions of the query's `i`-th word); runs of one word score 0.
fn longest_run(positions: &[Vec<u32>], idf: &[f32]) -> f32 {
    let mut best = 0.0f32;
    for i in 0..idf.len().saturating_sub(1) {
        for &p in &positions[i] {
            let mut w = idf[i];
            let mut k = 1;
            while i + k < idf.len() && positions[i + k].binary_search(&(p + k as u32)).is_ok() {
                w += idf[i + k];
                k += 1;
            }
            if k >= 2 && w > best {
                best = w;
            }
        }
    }
    best
}

/// The [`tie_key`](crate::tie_key)s of one segment's documents.
pub(crate) struct TieKeys(Option<tantivy::columnar::Column<u64>>);

impl TieKeys {
    pub(crate) fn new(seg: &tantivy::SegmentReader) -> TieKeys {
        TieKeys(seg.fast_fields().u64("tie").ok())
    }

    /// A document's key; the last place when it has none.
    pub(crate) fn of(&self, doc: DocId) -> u64 {
        self.0.as_ref().and_then(|c| c.first(doc)).unwrap_or(u64::MAX)
    }
}

/// A bounded best-first list of (score, tie key, address): among equal scores the smaller key is
/// kept, so the list is the same in every index of the same documents.
struct TopK {
    k: usize,
    heap: BinaryHeap<Reverse<Scored>>,
}

#[derive(PartialEq)]
struct Scored(f32, u64, DocAddress);

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    /// Higher score is greater; on a tie the smaller key is greater (kept).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then_with(|| other.1.cmp(&self.1))
    }
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK { k: k.max(1), heap: BinaryHeap::with_capacity(k.max(1) + 1) }
    }

    /// The score a document must beat to be offered: just under the lowest kept, so that a
    /// document tying with it is offered and its key decides.
    fn threshold(&self) -> f32 {
        if self.heap.len() < self.k {
            f32::MIN
        } else {
            self.heap.peek().map_or(f32::MIN, |r| r.0.0.next_down())
        }
    }

    /// Offers a document; its key is read only when the score could let it in.
    fn push(&mut self, score: f32, addr: DocAddress, key: impl FnOnce() -> u64) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(Scored(score, key(), addr)));
            return;
        }
        let Some(Reverse(last)) = self.heap.peek() else { return };
        if score < last.0 {
            return;
        }
        let entry = Scored(score, key(), addr);
        if entry > *last {
            self.heap.pop();
            self.heap.push(Reverse(entry));
        }
    }

    fn into_sorted(self) -> Vec<(f32, DocAddress)> {
        let mut v: Vec<Scored> = self.heap.into_iter().map(|Reverse(s)| s).collect();
        v.sort_by(|a, b| b.cmp(a));
        v.into_iter().map(|Scored(s, _, a)| (s, a)).collect()
    }
}

/// The first stage: the `depth` best documents by the words' BM25 among those the filter lets
/// through (and whose phrases hold). The words go through tantivy's pruning path (block-WAND for a conjunction or
/// disjunction of words); a narrow filter drives the walk instead, a broad one is checked on each
/// document that could still enter the list.
fn first_pass(
    searcher: &Searcher,
    scoring: &dyn Query,
    filter: Option<&dyn Query>,
    phrases: &[Vec<String>],
    words: &[(String, bool)],
    depth: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let text = searcher.schema().get_field("text")?;
    let headings = searcher.schema().get_field("headings")?;
    let weight = scoring.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let filter_weight =
        filter.map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher))).transpose()?;
    let mut top = TopK::new(depth);
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let alive = seg.alive_bitset();
        let tie = TieKeys::new(seg);
        let mut checks = Vec::with_capacity(phrases.len());
        for toks in phrases {
            checks.push(PhraseCheck::new(seg, text, toks)?);
        }
        let mut word_checks = Vec::with_capacity(words.len());
        for (tok, in_captions) in words {
            word_checks.push(WordCheck::new(seg, text, headings, tok, *in_captions)?);
        }
        let mut is_alive = |doc: DocId| {
            alive.is_none_or(|a| a.is_alive(doc))
                && word_checks.iter_mut().all(|c| c.holds(doc))
                && checks.iter_mut().all(|c| c.holds(doc))
        };
        let Some(fw) = &filter_weight else {
            weight.for_each_pruning(top.threshold(), seg, &mut |doc, score| {
                if is_alive(doc) {
                    top.push(score, DocAddress::new(ord, doc), || tie.of(doc));
                }
                top.threshold()
            })?;
            continue;
        };
        let mut fs = fw.scorer(seg, 1.0)?;
        if fs.doc() == TERMINATED {
            continue;
        }
        let mut sc = weight.scorer(seg, 1.0)?;
        let driven = fs.size_hint() < DRIVING_FILTER || fs.size_hint() < sc.size_hint() / 4;
        if driven {
            // Leapfrog the two: every document of the (small) intersection is scored.
            let mut d = sc.doc();
            while d != TERMINATED {
                let fd = if fs.doc() < d { fs.seek(d) } else { fs.doc() };
                if fd == TERMINATED {
                    break;
                }
                if fd == d {
                    if is_alive(d) {
                        top.push(sc.score(), DocAddress::new(ord, d), || tie.of(d));
                    }
                    d = sc.advance();
                } else {
                    d = sc.seek(fd);
                }
            }
        } else {
            drop(sc);
            weight.for_each_pruning(top.threshold(), seg, &mut |doc, score| {
                let fd = if fs.doc() < doc { fs.seek(doc) } else { fs.doc() };
                if fd == doc && is_alive(doc) {
                    top.push(score, DocAddress::new(ord, doc), || tie.of(doc));
                }
                top.threshold()
            })?;
        }
    }
    Ok(top.into_sorted())
}

/// Whether a document holds a phrase, read from the positions of its words in that document only
/// (tantivy's phrase scorer, asked to seek, would check every document on the way). The words are
/// read rarest first and the check stops at the first that cannot continue a start of the phrase:
/// the very common words of a template opening, with many positions each, are rarely read.
struct PhraseCheck {
    /// One postings list per token, with the token's place in the phrase, rarest first; `None`
    /// when a token is absent from the segment.
    postings: Vec<(u32, Option<SegmentPostings>)>,
    positions: Vec<u32>,
    starts: Vec<u32>,
}

impl PhraseCheck {
    fn new(seg: &tantivy::SegmentReader, field: Field, toks: &[String]) -> Result<PhraseCheck> {
        let inv = seg.inverted_index(field)?;
        let mut postings = Vec::with_capacity(toks.len());
        for (at, t) in toks.iter().enumerate() {
            let term = Term::from_field_text(field, t);
            let df = inv.doc_freq(&term).map_err(tantivy::TantivyError::from)?;
            let p = inv
                .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                .map_err(tantivy::TantivyError::from)?;
            postings.push((df, at as u32, p));
        }
        postings.sort_by_key(|(df, at, _)| (*df, *at));
        Ok(PhraseCheck {
            postings: postings.into_iter().map(|(_, at, p)| (at, p)).collect(),
            positions: Vec::new(),
            starts: Vec::new(),
        })
    }

    /// Documents must be asked in increasing order.
    fn holds(&mut self, doc: DocId) -> bool {
        for (_, p) in &mut self.postings {
            let Some(p) = p else { return false };
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() != doc {
                return false;
            }
        }
        self.starts.clear();
        for (i, (at, p)) in self.postings.iter_mut().enumerate() {
            let Some(p) = p else { return false };
            self.positions.clear();
            p.positions(&mut self.positions);
            if i == 0 {
                self.starts.extend(self.positions.iter().filter(|&&q| q >= *at).map(|&q| q - *at));
            } else {
                let ps = &self.positions;
                self.starts.retain(|&s| ps.binary_search(&(s + *at)).is_ok());
            }
            if self.starts.is_empty() {
                return false;
            }
        }
        true
    }
}

/// Whether a document holds a word left out of the ranking: in its text, or in its captions when
/// the word is a caption's (as the word's query has it).
struct WordCheck {
    text: Option<SegmentPostings>,
    headings: Option<SegmentPostings>,
}

impl WordCheck {
    fn new(
        seg: &tantivy::SegmentReader,
        text: Field,
        headings: Field,
        tok: &str,
        in_captions: bool,
    ) -> Result<WordCheck> {
        let read = |field: Field| -> Result<Option<SegmentPostings>> {
            Ok(seg
                .inverted_index(field)?
                .read_postings(&Term::from_field_text(field, tok), IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?)
        };
        Ok(WordCheck { text: read(text)?, headings: if in_captions { read(headings)? } else { None } })
    }

    /// Documents must be asked in increasing order.
    fn holds(&mut self, doc: DocId) -> bool {
        [&mut self.text, &mut self.headings].into_iter().flatten().any(|p| {
            if p.doc() < doc {
                p.seek(doc);
            }
            p.doc() == doc
        })
    }
}

/// The first `n` matches in [`tie_key`](crate::tie_key) order (the newest first), for a query of
/// filters only under relevance order: index order would differ between two indexes of the
/// same documents.
fn first_docs(searcher: &Searcher, matching: &dyn Query, n: usize) -> Result<Vec<(f32, DocAddress)>> {
    let top = TopDocs::with_limit(n.max(1)).order_by_u64_field("tie", tantivy::Order::Asc);
    Ok(searcher.search(matching, &top)?.into_iter().take(n).map(|(_, a)| (0.0, a)).collect())
}

/// How many documents match: exact up to [`EXACT_COUNT`] matches or while the walk has covered
/// less than [`COUNT_HORIZON`] of the index; past either, estimated from the share of the index
/// walked (the second value says which).
fn count(searcher: &Searcher, matching: &dyn Query) -> Result<(usize, bool, Option<Facets>)> {
    let weight = matching.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let all: u64 = searcher.segment_readers().iter().map(|s| u64::from(s.max_doc())).sum();
    let horizon = ((all as f64 * COUNT_HORIZON) as u64).max(COUNT_HORIZON_MIN);
    let mut n = 0usize;
    let mut walked = 0u64;
    for seg in searcher.segment_readers() {
        let alive = seg.alive_bitset();
        let mut ds = weight.scorer(seg, 1.0)?;
        let mut d = ds.doc();
        while d != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(d)) {
                n += 1;
            }
            let at = walked + u64::from(d) + 1;
            if n >= EXACT_COUNT || at >= horizon {
                let share = at as f64 / all.max(1) as f64;
                if share < 1.0 {
                    return Ok(((n as f64 / share).round() as usize, true, None));
                }
            }
            d = ds.advance();
        }
        walked += u64::from(seg.max_doc());
    }
    Ok((n, false, None))
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

#[cfg(test)]
mod tests {
    //! The fast snippet tokenizer against tantivy's generator over the field's own analyzer.
    use super::*;
    use crate::{DocKind, IndexDoc};
    use tantivy::snippet::SnippetGenerator;

    /// Every word of the workspace's test letters plus words the stemmer treats specially.
    fn vocabulary() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters");
        let mut words: Vec<String> = [
            "dying",
            "lying",
            "tying",
            "skies",
            "skis",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "news",
            "howe",
            "atlas",
            "cosmos",
            "bias",
            "andes",
            "yelling",
            "ies",
            "ied",
            "Yield",
            "cries",
            "ties",
            "hoping",
            "generously",
            "Über",
            "résumé",
            "ÉCOLE",
            "Ärger",
            "ﬁnance",
            "İstanbul",
            "y",
            "Y",
            "ye",
            "yy",
            "eed",
            "ing",
            "sses",
            "a1b2",
            "10-K",
            "x".repeat(39).as_str(),
            "y".repeat(40).as_str(),
            "z".repeat(41).as_str(),
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for f in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(f.path()) {
                words.extend(
                    t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string),
                );
            }
        }
        words
    }

    #[test]
    fn the_stemmer_keeps_a_word_s_first_letter() {
        let mut a = schema::analyzer();
        for w in vocabulary().iter().filter(|w| w.is_ascii()) {
            let mut s = a.token_stream(w);
            while let Some(t) = s.next() {
                assert_eq!(
                    t.text.as_bytes()[0],
                    w.as_bytes()[t.offset_from].to_ascii_lowercase(),
                    "{w} -> {}",
                    t.text
                );
            }
        }
    }

    #[test]
    fn snippets_are_those_of_the_field_s_analyzer() {
        let words = vocabulary();
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        // Texts of shifted windows of the vocabulary, so terms fall at every place of a fragment.
        let mut texts = Vec::new();
        for (i, start) in (0..words.len()).step_by(37).enumerate() {
            let len = [12, 60, 400, 3000][i % 4];
            let text = words
                .iter()
                .cycle()
                .skip(start)
                .take(len)
                .cloned()
                .collect::<Vec<_>>()
                .join([" ", ", ", " & \"<'> ", "\n—é "][(i / 4) % 4]);
            texts.push(text.clone());
            w.add(&IndexDoc {
                kind: Some(DocKind::Comment),
                accession: format!("a{i}"),
                text,
                ..Default::default()
            })
            .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader.searcher();
        let f = index.fields;
        let queries = [
            "revenue",
            "dying skies",
            "comment response staff",
            "ÉCOLE über",
            "yelling early",
            "Please note",
            "10-K form",
            "the",
        ];
        let mut marked = 0;
        for q in queries {
            let node = query::parse(q).unwrap();
            let mut compiler =
                Compiler { fields: &f, analyzer: schema::analyzer(), any: true, searcher: Some(&searcher) };
            let compiled = compiler.compile(&node).unwrap();
            let Some(scoring) = &compiled.scoring else { continue };
            let mut reference = SnippetGenerator::create(&searcher, scoring.as_ref(), f.text).unwrap();
            reference.set_max_num_chars(SNIPPET_CHARS);
            let fast = Snippets::new(&searcher, scoring.as_ref(), f.text, Vec::new(), &index.stems).unwrap();
            for t in &texts {
                let a = reference.snippet(t);
                let b = fast.snippet(t);
                let a = (!a.is_empty()).then(|| {
                    let marks = a.highlighted().iter().map(|r| (r.start, r.end)).collect::<Vec<_>>();
                    (a.to_html(), a.fragment().to_string(), marks)
                });
                assert_eq!(a, b, "{q}");
                marked += usize::from(a.is_some());
            }
        }
        assert!(marked > texts.len(), "too few texts hold the query words: {marked}");
    }
}
