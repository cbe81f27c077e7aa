//! How many documents match: exact when it is cheap, estimated past a horizon; facets count all.

use tantivy::collector::{Count, FacetCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

use super::results::*;
use crate::Index;
use crate::error::Result;

/// Matches counted exactly. Past this (or past [`COUNT_HORIZON`]) the count stops and the total
/// is estimated from how much of the index it had walked ([`SearchResults::total_estimated`]); facets always count all.
const EXACT_COUNT: usize = 2_000;
/// Documents the count walks (by document id, across segments) before it estimates. A fixed
/// number, not a share of the index: a share made the count of a query with few matches per
/// document grow with the index. Indexes up to this size are always counted exactly.
pub(super) const COUNT_HORIZON: u64 = 200_000;

impl Index {
    /// Every match counted, with the facet counts, in one unscored pass.
    pub(super) fn count_with_facets(
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
}

/// How many documents match: exact up to [`EXACT_COUNT`] matches within the first `horizon`
/// documents (see [`COUNT_HORIZON`]); past either, estimated from the share of the index walked,
/// and never below `at_least` (matches already seen, as the first stage's full list). The second
/// value says whether it is an estimate.
pub(super) fn count(
    searcher: &Searcher,
    matching: &dyn Query,
    horizon: u64,
    at_least: usize,
) -> Result<(usize, bool, Option<Facets>)> {
    let weight = matching.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let all: u64 = searcher.segment_readers().iter().map(|s| u64::from(s.max_doc())).sum();
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
                    let estimate = (n as f64 / share).round() as usize;
                    return Ok((estimate.max(at_least), true, None));
                }
            }
            d = ds.advance();
        }
        walked += u64::from(seg.max_doc());
        // The next segment starts past the horizon: what was counted is all that will be.
        if walked >= horizon && walked < all && n < EXACT_COUNT {
            let share = walked as f64 / all as f64;
            let estimate = (n as f64 / share).round() as usize;
            return Ok((estimate.max(at_least), true, None));
        }
    }
    Ok((n, false, None))
}

#[cfg(test)]
mod tests {
    use tantivy::Term;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;

    use super::*;
    use crate::{DocKind, IndexDoc};

    /// 3,000 comments in one segment: `alpha` in all, `beta` in every tenth, `gamma` in the last 100.
    fn index() -> Index {
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for i in 0..3_000 {
            let mut text = "alpha".to_string();
            if i % 10 == 0 {
                text.push_str(" beta");
            }
            if i >= 2_900 {
                text.push_str(" gamma");
            }
            let doc = IndexDoc {
                kind: Some(DocKind::Comment),
                accession: format!("0000000000-20-{i:06}"),
                ordinal: Some(1),
                text,
                ..Default::default()
            };
            w.add(&doc).unwrap();
        }
        w.commit().unwrap();
        index
    }

    fn word(index: &Index, w: &str) -> TermQuery {
        TermQuery::new(Term::from_field_text(index.fields.text, w), IndexRecordOption::Basic)
    }

    #[test]
    fn the_count_is_exact_within_the_horizon_and_estimated_past_it() {
        let index = index();
        let searcher = index.reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        // The whole index within the horizon: exact, however many matches below the cap.
        let (n, estimated, _) = count(&searcher, &word(&index, "beta"), COUNT_HORIZON, 0).unwrap();
        assert_eq!((n, estimated), (300, false));
        // A horizon of 1,000 documents: a third of the index walked, the rest estimated.
        let (n, estimated, _) = count(&searcher, &word(&index, "beta"), 1_000, 0).unwrap();
        assert!(estimated);
        assert!((290..=310).contains(&n), "{n}");
        // Past the exact cap: estimated even within the horizon.
        let (n, estimated, _) = count(&searcher, &word(&index, "alpha"), COUNT_HORIZON, 0).unwrap();
        assert!(estimated);
        assert_eq!(n, 3_000);
    }

    #[test]
    fn an_estimate_never_falls_below_the_matches_already_seen() {
        let index = index();
        let searcher = index.reader.searcher();
        // `gamma` starts past the horizon: one match seen in 2,901 documents.
        let (n, estimated, _) = count(&searcher, &word(&index, "gamma"), 1_000, 0).unwrap();
        assert_eq!((n, estimated), (1, true));
        let (n, estimated, _) = count(&searcher, &word(&index, "gamma"), 1_000, 100).unwrap();
        assert_eq!((n, estimated), (100, true));
    }
}
