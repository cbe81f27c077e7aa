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
/// Share of the index the count walks before it estimates (it walks at least
/// [`COUNT_HORIZON_MIN`] documents, so small indexes are always counted exactly).
const COUNT_HORIZON: f64 = 0.1;
const COUNT_HORIZON_MIN: u64 = 200_000;

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

/// How many documents match: exact up to [`EXACT_COUNT`] matches or while the walk has covered
/// less than [`COUNT_HORIZON`] of the index; past either, estimated from the share of the index
/// walked (the second value says which).
pub(super) fn count(searcher: &Searcher, matching: &dyn Query) -> Result<(usize, bool, Option<Facets>)> {
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
