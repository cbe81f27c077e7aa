//! The two stages of relevance order: BM25 over the words with block-WAND pruning into a bounded
//! top-K (ties decided by each document's stable key), then a rerank of those candidates by how
//! the query's words stand together; and the checks (phrases, left-out common words) applied to
//! each candidate on the way.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::collector::TopDocs;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, TERMINATED, Term};

use crate::Index;
use crate::error::Result;

/// How much of a hit's score its grain keeps. The same words sit in a comment, in the letter
/// that holds it and in the answer that repeats it: the comment itself is the best answer, the
/// whole letter the least precise one.
pub(super) fn kind_weight(rank: u64) -> f32 {
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
pub(super) const RERANK_DEPTH: usize = 200;
/// A filter matching fewer documents than this (per segment), or under a quarter of what the
/// words match, drives the search itself; a broader one is checked on each candidate.
const DRIVING_FILTER: u32 = 4_096;

impl Index {
    /// The second stage: each candidate's BM25 plus how many of the query's words stand together,
    /// in order, in its opening and in its text (read from the positions index, for these
    /// documents only), times its grain's weight. Best first.
    pub(super) fn rerank(
        &self,
        searcher: &Searcher,
        mut cands: Vec<(f32, DocAddress)>,
        proximity: &[String],
    ) -> Result<Vec<(f32, DocAddress)>> {
        let f = &self.fields;
        let toks: Vec<&String> = proximity.iter().take(PROXIMITY_MAX_TOKENS).collect();
        // Counted as BM25 counts them (deleted documents too, until folded away).
        let n_docs = tantivy::query::Bm25StatisticsProvider::total_num_docs(searcher)? as f32;
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
pub(super) fn first_pass(
    stats: &super::Stats<'_>,
    scoring: &dyn Query,
    filter: Option<&dyn Query>,
    phrases: &[Vec<String>],
    words: &[(String, bool)],
    depth: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let searcher = stats.searcher;
    let text = searcher.schema().get_field("text")?;
    let headings = searcher.schema().get_field("headings")?;
    let weight = scoring.weight(EnableScoring::enabled_from_statistics_provider(stats, searcher))?;
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

/// Share of the index (as 1/this) a query of filters only must be estimated to match before its
/// newest matches are looked for day by day: a narrower one is walked whole, which is cheaper
/// than asking many days for few matches (`year:2019`, a twentieth of the index, took twice as
/// long when it first asked its 127 newest days, all of other years).
const BY_DAY_MIN_SHARE: u64 = 4;
/// Days asked, at most, before the day-by-day search gives up and walks every match.
const BY_DAY_MAX_DAYS: usize = 127;

/// The first `n` matches in [`tie_key`](crate::tie_key) order (the newest first), for a query of
/// filters only under relevance order: index order would differ between two indexes of the
/// same documents. A broad query is answered from its newest days first (a document's key
/// begins with its day, so every match of a newer day comes before any of an older one), one
/// day, then two, four... until `n` are found: walking every match of `kind:comment` grew with
/// the index. Anything else walks every match.
pub(super) fn first_docs(
    searcher: &Searcher,
    matching: &dyn Query,
    n: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    if let Some(found) = first_docs_by_day(searcher, matching, n)? {
        return Ok(found);
    }
    all_docs_by_tie(searcher, matching, n)
}

/// Every match read, the first `n` by tie key kept.
fn all_docs_by_tie(searcher: &Searcher, matching: &dyn Query, n: usize) -> Result<Vec<(f32, DocAddress)>> {
    let top = TopDocs::with_limit(n.max(1)).order_by_u64_field("tie", tantivy::Order::Asc);
    Ok(searcher.search(matching, &top)?.into_iter().take(n).map(|(_, a)| (0.0, a)).collect())
}

/// [`first_docs`] from the newest days; `None` when the query is too narrow for it, when some
/// day is outside what a tie key holds, or when the first [`BY_DAY_MAX_DAYS`] days did not give `n`
/// matches (the documents without a date come last, and are found only by the whole walk).
fn first_docs_by_day(
    searcher: &Searcher,
    matching: &dyn Query,
    n: usize,
) -> Result<Option<Vec<(f32, DocAddress)>>> {
    let day = searcher.schema().get_field("day")?;
    let weight = matching.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut estimate = 0u64;
    for seg in searcher.segment_readers() {
        estimate += u64::from(weight.scorer(seg, 1.0)?.size_hint());
    }
    if estimate.saturating_mul(BY_DAY_MIN_SHARE) < searcher.num_docs() {
        return Ok(None);
    }
    // The days present, newest first.
    let mut days = std::collections::BTreeSet::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(day)?;
        let mut terms = inv.terms().stream().map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) else { return Ok(None) };
            let d = tantivy::u64_to_i64(u64::from_be_bytes(bytes));
            if !(0..=crate::MAX_DAY).contains(&d) {
                return Ok(None);
            }
            days.insert(d);
        }
    }
    let days: Vec<i64> = days.into_iter().rev().collect();
    let mut found: Vec<(Option<u64>, DocAddress)> = Vec::new();
    let (mut at, mut width) = (0, 1);
    while found.len() < n {
        if at >= days.len() || at >= BY_DAY_MAX_DAYS {
            return Ok(None);
        }
        let batch = &days[at..(at + width).min(days.len())];
        let on_days: Vec<(Occur, Box<dyn Query>)> = batch
            .iter()
            .map(|&d| {
                let t = Term::from_field_i64(day, d);
                (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
            })
            .collect();
        let q = BooleanQuery::new(vec![
            (Occur::Must, matching.box_clone()),
            (Occur::Must, Box::new(BooleanQuery::new(on_days))),
        ]);
        let top = TopDocs::with_limit(n.max(1)).order_by_u64_field("tie", tantivy::Order::Asc);
        found.extend(searcher.search(&q, &top)?);
        at += batch.len();
        width *= 2;
    }
    // Each batch comes in key order, and a newer day's keys are all smaller: `n` are kept.
    Ok(Some(found.into_iter().take(n).map(|(_, a)| (0.0, a)).collect()))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tantivy::query::AllQuery;

    use super::*;
    use crate::{DocKind, Index, IndexDoc};

    /// 600 comments over 40 days (15 a day, in no date order), every seventh without a date.
    fn index() -> Index {
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for i in 0..600usize {
            let day = (i * 13) % 40;
            let doc = IndexDoc {
                kind: Some(if i % 5 == 0 { DocKind::Response } else { DocKind::Comment }),
                accession: format!("0000000000-20-{i:06}"),
                ordinal: Some(1),
                date: (i % 7 != 0)
                    .then(|| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day as u64)),
                text: "segment reporting".into(),
                ..Default::default()
            };
            w.add(&doc).unwrap();
        }
        w.commit().unwrap();
        index
    }

    #[test]
    fn the_newest_matches_read_day_by_day_are_those_of_the_whole_walk() {
        let index = index();
        let searcher = index.reader.searcher();
        let kind = |k: DocKind| {
            TermQuery::new(Term::from_field_text(index.fields.kind, k.as_str()), IndexRecordOption::Basic)
        };
        let queries: Vec<Box<dyn Query>> = vec![Box::new(AllQuery), Box::new(kind(DocKind::Comment))];
        for q in &queries {
            for n in [1, 10, 15, 16, 40, 100, 600] {
                let whole = all_docs_by_tie(&searcher, q.as_ref(), n).unwrap();
                assert_eq!(first_docs(&searcher, q.as_ref(), n).unwrap(), whole, "{q:?} {n}");
                // Enough dated matches in the first days: read day by day, not walked whole.
                if n <= 100 {
                    assert!(first_docs_by_day(&searcher, q.as_ref(), n).unwrap().is_some(), "{q:?} {n}");
                }
            }
        }
        // Past the dated documents, only the whole walk finds the undated ones (they come last).
        let whole = all_docs_by_tie(&searcher, &AllQuery, 600).unwrap();
        assert_eq!(whole.len(), 600);
        assert!(first_docs_by_day(&searcher, &AllQuery, 600).unwrap().is_none());
    }
}
