//! Ranking, filters, facets and precedents on a small in-RAM index of letters written for the tests.

use chrono::NaiveDate;
use corresp_index::{
    DocKind, Error, Index, IndexDoc, LetterMeta, SearchOptions, Similar, SimilarOptions, Sort,
    docs_for_letter,
};
use corresp_model::{
    ClosedBy, Comment, CommentRecord, EdgarFacts, Filing, Letter, LetterKind, Outcome, Response,
};

fn comment(ordinal: u32, headings: &[&str], text: &str) -> Comment {
    Comment {
        ordinal,
        number: Some(ordinal.to_string()),
        headings: headings.iter().map(|h| h.to_string()).collect(),
        text: text.into(),
        ..Default::default()
    }
}

fn staff(date: (i32, u32, u32), form: &str, comments: Vec<Comment>) -> Letter {
    Letter {
        kind: LetterKind::Comments,
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
        filings: vec![Filing { form: form.into(), ..Default::default() }],
        comments,
        ..Default::default()
    }
}

fn meta(acc: &str, company: &str, cik: &str, thread: &str, letter: &Letter) -> LetterMeta {
    let mut text = String::new();
    for c in &letter.comments {
        text.push_str(&c.text);
        text.push_str("\n\n");
    }
    for r in &letter.responses {
        text.push_str(r.comment_text.as_deref().unwrap_or(""));
        text.push('\n');
        text.push_str(&r.text);
        text.push_str("\n\n");
    }
    LetterMeta {
        accession: acc.into(),
        edgar: EdgarFacts { company: Some(company.into()), cik: Some(cik.into()), ..EdgarFacts::default() },
        thread: Some(thread.into()),
        text,
        comments: Vec::new(),
    }
}

const SEG: &str = "Please tell us how you identified your operating segments and whether the chief operating \
decision maker reviews discrete financial information for each of the retail and wholesale businesses.";
const SEG_LATER: &str = "We note your disclosure of revenue by product line. Please revise to disclose revenues \
from external customers for each product and service, and tell us how you identified your operating segments.";
const GOODWILL: &str = "Please expand your critical accounting estimates to describe the goodwill impairment \
test for the reporting unit whose fair value exceeded its carrying value by less than ten percent.";
const NONGAAP: &str = "You present adjusted operating income as a non-GAAP measure. Please present the most \
directly comparable GAAP measure with equal or greater prominence in your earnings release.";
const SEG_OTHER: &str = "Please explain how you determined your operating segments, and tell us whether the chief \
operating decision maker receives financial information for each region.";

fn build() -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    // Acme: a 10-K review of 2019 with its answer.
    let acme = staff(
        (2019, 3, 12),
        "10-K",
        vec![
            comment(
                1,
                &["Form 10-K for the Fiscal Year Ended December 31, 2018", "Segment Information"],
                SEG_LATER,
            ),
            comment(2, &["Segment Information"], SEG),
            comment(3, &["Critical Accounting Estimates", "Goodwill"], GOODWILL),
        ],
    );
    let acme_resp = Letter {
        kind: LetterKind::Response,
        date: NaiveDate::from_ymd_opt(2019, 4, 2),
        filings: vec![Filing { form: "10-K".into(), ..Default::default() }],
        responses: vec![
            Response {
                ordinal: 1,
                comment_number: Some("1".into()),
                comment_text: Some(SEG_LATER.into()),
                text: "The Company respectfully advises the Staff that it will add a table of revenues by \
                       product line in future filings."
                    .into(),
                ..Default::default()
            },
            Response {
                ordinal: 2,
                comment_number: Some("2".into()),
                comment_text: Some(SEG.into()),
                text:
                    "The Company identified two operating segments, retail and wholesale, because its chief \
                       operating decision maker reviews discrete financial information for each."
                        .into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    // Borealis: a 2021 earnings-release review, and a 2022 segment comment.
    let bor = staff((2021, 8, 30), "8-K", vec![comment(1, &["Form 8-K filed July 28, 2021"], NONGAAP)]);
    let bor2 = staff((2022, 5, 3), "10-K/A", vec![comment(1, &["Segments"], SEG_OTHER)]);
    let bor2_resp = Letter {
        kind: LetterKind::Response,
        date: NaiveDate::from_ymd_opt(2022, 5, 20),
        responses: vec![Response {
            ordinal: 1,
            comment_number: Some("1".into()),
            comment_text: Some(SEG_OTHER.into()),
            text: "Borealis manages its business as one segment; regional information is reviewed only in total."
                .into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    for (acc, company, cik, thread, letter) in [
        ("0000000000-19-000101", "Acme Widgets Inc", "0000000101", "ACME_1", &acme),
        ("0000101000-19-000002", "Acme Widgets Inc", "0000000101", "ACME_1", &acme_resp),
        ("0000000000-21-000301", "Borealis Energy Corp", "0000000202", "BOR_1", &bor),
        ("0000000000-22-000404", "Borealis Energy Corp", "0000000202", "BOR_2", &bor2),
        ("0000202000-22-000005", "Borealis Energy Corp", "0000000202", "BOR_2", &bor2_resp),
    ] {
        let mut m = meta(acc, company, cik, thread, letter);
        // Where two comments' matters ended: Acme's segment comment came back in a second round;
        // Borealis's was settled by its first answer.
        let record = |ordinal: u32, last_round: u32| CommentRecord {
            accession: acc.into(),
            ordinal,
            number: Some(ordinal.to_string()),
            round: 1,
            answers: Vec::new(),
            follow_ups: Vec::new(),
            outcome: Outcome {
                last_round,
                closed_by: ClosedBy::ReviewComplete,
                answer: None,
                answer_parts: vec![],
            },
        };
        match acc {
            "0000000000-19-000101" => m.comments = vec![record(2, 2)],
            "0000000000-22-000404" => m.comments = vec![record(1, 1)],
            _ => {}
        }
        for d in docs_for_letter(&m, letter) {
            w.add(&d).unwrap();
        }
    }
    w.commit().unwrap();
    index
}

fn first_comment(index: &Index, q: &str) -> (String, u32) {
    let hits = index.search(q, &SearchOptions { limit: 5, ..Default::default() }).unwrap().hits;
    let h =
        hits.iter().find(|h| h.kind == DocKind::Comment).unwrap_or_else(|| panic!("no comment for {q:?}"));
    (h.accession.clone(), h.ordinal.unwrap())
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_comments_opening_finds_that_comment_first() {
    let index = build();
    let words: String =
        first_words(SEG, 12).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    // SEG_LATER shares most of these words and is shorter in places; the opening must win.
    assert_eq!(first_comment(&index, &words), ("0000000000-19-000101".into(), 2));
    assert_eq!(first_comment(&index, &format!("\"{words}\"")), ("0000000000-19-000101".into(), 2));
    let w2 = first_words(SEG_OTHER, 12).replace(',', "");
    assert_eq!(first_comment(&index, &w2), ("0000000000-22-000404".into(), 1));
}

#[test]
fn comments_rank_above_the_letters_that_hold_them() {
    let index = build();
    let hits = index.search("\"goodwill impairment test\"", &SearchOptions::default()).unwrap().hits;
    assert_eq!(hits[0].kind, DocKind::Comment);
    assert_eq!(hits[0].ordinal, Some(3));
    assert!(hits.iter().any(|h| h.kind == DocKind::Letter), "the letter matches too");
    assert!(hits[0].snippet.contains("<b>goodwill</b>"), "{}", hits[0].snippet);
}

#[test]
fn filters_narrow_and_boolean_operators_combine() {
    let index = build();
    let opts = SearchOptions { limit: 50, ..Default::default() };
    let segs = index.search("segments kind:comment", &opts).unwrap();
    assert_eq!(segs.total, 3);
    let y = index.search("segments kind:comment year:2020..2022", &opts).unwrap();
    assert_eq!(y.hits.iter().map(|h| h.accession.as_str()).collect::<Vec<_>>(), ["0000000000-22-000404"]);
    let c = index.search("segments kind:comment company:acme", &opts).unwrap();
    assert!(c.hits.iter().all(|h| h.company == "Acme Widgets Inc") && c.total == 2);
    // form:10-K also finds the review of a 10-K/A.
    let f = index.search("segments kind:comment form:10-K", &opts).unwrap();
    assert_eq!(f.total, 3);
    let f8 = index.search("kind:comment form:8-K", &opts).unwrap();
    assert_eq!(f8.total, 1);
    let not = index.search("segments kind:comment NOT wholesale", &opts).unwrap();
    assert_eq!(not.total, 2);
    let or = index.search("kind:comment (goodwill OR non-GAAP)", &opts).unwrap();
    assert_eq!(or.total, 2);
    let resp = index.search("kind:response \"operating decision maker\"", &opts).unwrap();
    assert_eq!(resp.hits.len(), 1);
    assert_eq!(resp.hits[0].number.as_deref(), Some("2"));
}

#[test]
fn words_that_never_meet_fall_back_to_any_word() {
    let index = build();
    let r = index.search("goodwill zeppelin", &SearchOptions::default()).unwrap();
    assert!(r.relaxed);
    assert!(r.hits.iter().any(|h| h.ordinal == Some(3)));
    let r = index.search("\"goodwill zeppelin\"", &SearchOptions::default()).unwrap();
    assert!(!r.relaxed && r.total == 0);
}

#[test]
fn date_sort_puts_the_newest_first() {
    let index = build();
    let r = index
        .search("kind:comment segments", &SearchOptions { sort: Sort::Date, ..Default::default() })
        .unwrap();
    let dates: Vec<_> = r.hits.iter().map(|h| h.date.clone().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(dates[0], "2022-05-03");
}

#[test]
fn facets_count_matches() {
    let index = build();
    let r = index.search("segments", &SearchOptions { facets: true, ..Default::default() }).unwrap();
    let f = r.facets.unwrap();
    let kinds: u64 = f.kind.iter().map(|(_, n)| n).sum();
    assert_eq!(kinds as usize, r.total);
    assert!(f.company.iter().any(|(c, _)| c == "Acme Widgets Inc"));
    assert!(f.year.iter().any(|(y, _)| y == "2022"));
    assert!(f.form.iter().any(|(x, _)| x == "10-K/A"));
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let index = build();
    for q in
        ["\"open", "colour:red", "year:twenty", "year:2021..2019", "kind:memo", "(a", "cik:abc", "", "!!!"]
    {
        match index.search(q, &SearchOptions::default()) {
            Err(Error::Query(m)) => assert!(!m.is_empty()),
            other => panic!("{q:?}: {other:?}"),
        }
    }
}

#[test]
fn precedents_come_from_other_companies_with_their_answers() {
    let index = build();
    let sim = index
        .similar(
            Similar::Comment { accession: "0000000000-19-000101", ordinal: 2 },
            &SimilarOptions::default(),
        )
        .unwrap();
    assert!(!sim.is_empty());
    assert!(sim.iter().all(|s| s.comment.company != "Acme Widgets Inc"));
    let top = &sim[0];
    assert_eq!((top.comment.accession.as_str(), top.comment.ordinal), ("0000000000-22-000404", Some(1)));
    assert!(top.shared_terms.iter().any(|t| t == "segments" || t == "decision"), "{:?}", top.shared_terms);
    // The index does not pair answers (the stored record does, in the app); it finds an answer by
    // its place.
    assert!(top.answers.is_empty());
    let answer = index.answer("0000202000-22-000005", 1).unwrap().unwrap();
    assert!(answer.text.as_deref().unwrap().starts_with("Borealis manages"));
    // The repeated comment in an answer finds its original first.
    let sim = index
        .similar(Similar::Text(SEG), &SimilarOptions { other_companies: false, ..Default::default() })
        .unwrap();
    assert_eq!(
        (sim[0].comment.accession.as_str(), sim[0].comment.ordinal),
        ("0000000000-19-000101", Some(2))
    );
    assert!(matches!(
        index.similar(Similar::Comment { accession: "nope", ordinal: 1 }, &SimilarOptions::default()),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn the_outcome_filter_keeps_comments_whose_matter_ended_as_asked() {
    let index = build();
    let q = |q: &str| index.search(q, &SearchOptions::default()).unwrap().hits;
    let first = q("segments outcome:first-round");
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!((first[0].accession.as_str(), first[0].ordinal), ("0000000000-22-000404", Some(1)));
    assert_eq!(first[0].outcome.as_ref().map(|o| o.last_round), Some(1));
    let later = q("segments outcome:followed-up");
    assert_eq!(
        later.iter().map(|h| (h.accession.as_str(), h.ordinal)).collect::<Vec<_>>(),
        [("0000000000-19-000101", Some(2))]
    );
    assert_eq!(q("segments outcome:closed").len(), 2);
    assert!(matches!(index.search("outcome:maybe", &SearchOptions::default()), Err(Error::Query(_))));
}

#[test]
fn deleting_a_letter_removes_all_its_grains() {
    let index = build();
    let before = index.num_docs();
    let mut w = index.writer().unwrap();
    w.delete_accession("0000000000-19-000101");
    w.commit().unwrap();
    assert_eq!(before - index.num_docs(), 4, "the letter and its three comments");
    let _ = IndexDoc::default();
}

fn plain(kind: DocKind, i: usize, text: String) -> IndexDoc {
    IndexDoc {
        kind: Some(kind),
        accession: format!("0000000000-20-{i:06}"),
        ordinal: (kind != DocKind::Letter).then_some(1),
        company: format!("Company {}", i % 7),
        date: NaiveDate::from_ymd_opt(2018 + (i % 4) as i32, 1, 1),
        text,
        ..Default::default()
    }
}

#[test]
fn the_rerank_lifts_the_comment_whose_opening_is_the_query_over_shorter_matches() {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let opening = "Please describe the revenue recognition policy for bundled software licenses";
    // The target: the words in order at its start, then a long body (plain BM25 ranks it low).
    let body = "The staff notes additional matters in the filing that need attention. ".repeat(12);
    w.add(&plain(DocKind::Comment, 0, format!("{opening}. {body}"))).unwrap();
    // Thirty short comments holding the same words scattered: each beats the target on BM25.
    for i in 1..=30 {
        w.add(&plain(
            DocKind::Comment,
            i,
            "licenses for software policy: describe bundled revenue, please, the recognition".into(),
        ))
        .unwrap();
    }
    w.commit().unwrap();
    let words = opening.to_string();
    for q in [words.clone(), format!("\"{words}\"")] {
        let r = index.search(&q, &SearchOptions { limit: 5, ..Default::default() }).unwrap();
        let first = r.hits.iter().find(|h| h.kind == DocKind::Comment).unwrap();
        assert_eq!(first.accession, "0000000000-20-000000", "{q:?}: {:?}", r.hits);
        if !q.starts_with('"') {
            assert_eq!(r.total, 31);
            assert!(!r.total_estimated);
        }
    }
    // With the words alone (no order), the short comments come first again.
    let r = index.search("licenses revenue", &SearchOptions { limit: 3, ..Default::default() }).unwrap();
    assert!(r.hits.iter().all(|h| h.accession != "0000000000-20-000000"), "{:?}", r.hits);
}

#[test]
fn many_matches_estimate_the_total_and_broad_filters_still_hold() {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.bulk_writer(1, 64 << 20).unwrap();
    // Past the driving-filter size, so `kind:comment` is checked on candidates, not walked.
    let n = 90_000;
    for i in 0..n {
        let kind = if i % 3 == 0 { DocKind::Response } else { DocKind::Comment };
        let pad = " filler".repeat(i % 5);
        let extra = if i % 1000 == 7 { " rarity" } else { "" };
        w.add(&plain(kind, i, format!("segment reporting{pad}{extra}"))).unwrap();
    }
    w.commit().unwrap();
    let r = index.search("segment", &SearchOptions::default()).unwrap();
    assert!(r.total_estimated);
    assert!((r.total as f64 - n as f64).abs() < n as f64 * 0.1, "{}", r.total);
    // Facets count every match.
    let r = index.search("segment year:2019", &SearchOptions { facets: true, ..Default::default() }).unwrap();
    assert_eq!((r.total, r.total_estimated), (n / 4, false));
    // A broad filter: the best comments are the shortest ones, and only comments come back.
    let r = index
        .search("segment reporting kind:comment", &SearchOptions { limit: 20, ..Default::default() })
        .unwrap();
    assert_eq!(r.hits.len(), 20);
    assert!(
        r.hits.iter().all(|h| h.kind == DocKind::Comment && h.snippet_text == "segment reporting"),
        "{:?}",
        r.hits
    );
    // A narrow filter drives the search; an exclusion is a filter too.
    let r = index
        .search("segment rarity kind:response", &SearchOptions { limit: 100, ..Default::default() })
        .unwrap();
    assert_eq!(r.total, n / 1000 / 3);
    assert!(r.hits.iter().all(|h| h.kind == DocKind::Response));
    let r = index
        .search("rarity NOT kind:response", &SearchOptions { limit: 100, ..Default::default() })
        .unwrap();
    assert_eq!((r.total, r.hits.len()), (60, 60));
    // Date order still sorts every match, filters applied.
    let r = index
        .search("rarity kind:comment", &SearchOptions { sort: Sort::Date, limit: 80, ..Default::default() })
        .unwrap();
    assert_eq!(r.hits.len(), 60);
    assert!(r.hits.windows(2).all(|p| p[0].date >= p[1].date));
}

/// Indexes one staff letter (all its grains) in a new in-RAM index.
fn one_letter(letter: &Letter) -> Index {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let m = meta("0000000000-16-000777", "Cobalt Outfitters Inc", "0000000777", "COB_1", letter);
    for d in docs_for_letter(&m, letter) {
        w.add(&d).unwrap();
    }
    w.commit().unwrap();
    index
}

#[test]
fn captions_are_searched_with_the_text() {
    let letter = staff(
        (2018, 6, 4),
        "10-K",
        vec![
            comment(
                1,
                &["Management's Discussion and Analysis", "Revenue Recognition"],
                "Please tell us whether you act as principal or as agent when third-party sellers \
                 fulfil orders placed on your marketplace, and which indicators of control you weighed.",
            ),
            comment(
                2,
                &["Liquidity and Capital Resources"],
                "Please discuss the principal payments due on your term loan and the role of the \
                 administrative agent in waiving the covenant breach.",
            ),
            comment(
                3,
                &["Financial Statements"],
                "Please expand your revenue recognition policy to describe when control of the goods \
                 passes to the customer.",
            ),
        ],
    );
    let index = one_letter(&letter);
    let opts = SearchOptions { limit: 10, ..Default::default() };
    // The words are split between the caption (revenue recognition) and the body (principal,
    // agent): every word is still required, in one or the other.
    let r = index.search("revenue recognition principal agent kind:comment", &opts).unwrap();
    assert!(!r.relaxed, "{r:?}");
    assert_eq!(r.hits.iter().map(|h| h.ordinal).collect::<Vec<_>>(), [Some(1)], "{:?}", r.hits);
    let r = index.search("revenue recognition principal agent", &opts).unwrap();
    assert!(!r.relaxed);
    assert_eq!(first_comment(&index, "revenue recognition principal agent").1, 1);
    // The snippet comes from the text, not the caption.
    let hit = r.hits.iter().find(|h| h.kind == DocKind::Comment).unwrap();
    assert!(hit.snippet.contains("<b>principal</b>"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("Recognition"), "{}", hit.snippet);
    // A word met in the text still outranks the same word met only in a caption.
    assert_eq!(first_comment(&index, "revenue recognition control").1, 3);
    // `text:` is the text alone.
    let r = index.search("text:liquidity", &opts).unwrap();
    assert_eq!(r.total, 0);
    assert_eq!(index.search("liquidity kind:comment", &opts).unwrap().hits[0].ordinal, Some(2));
}

#[test]
fn a_comment_is_filtered_by_the_form_its_captions_name() {
    let mut letter = staff(
        (2016, 7, 19),
        "10-K",
        vec![
            comment(
                1,
                &["Form 10-K for the Fiscal Year Ended December 31, 2015", "Segment Reporting"],
                "Please tell us how you aggregated the operating segments of the outdoor gear business.",
            ),
            comment(
                2,
                &["Form 10-Q for the Quarterly Period Ended March 31, 2016", "Inventory"],
                "Please explain the write-down of seasonal inventory recorded in the first quarter.",
            ),
            comment(3, &[], "Please file the exhibits omitted from both reports."),
        ],
    );
    letter.filings.push(Filing { form: "10-Q".into(), ..Default::default() });
    let index = one_letter(&letter);
    let opts = SearchOptions { limit: 10, facets: true, ..Default::default() };
    let ordinals = |q: &str| -> Vec<Option<u32>> {
        let mut v: Vec<_> = index.search(q, &opts).unwrap().hits.iter().map(|h| h.ordinal).collect();
        v.sort();
        v
    };
    // The 10-Q comment is not one of the 10-K's, and the reverse; an uncaptioned comment keeps
    // the letter's forms.
    assert_eq!(ordinals("kind:comment form:10-K"), [Some(1), Some(3)]);
    assert_eq!(ordinals("kind:comment form:10-Q"), [Some(2), Some(3)]);
    assert_eq!(ordinals("inventory form:10-K kind:comment"), []);
    assert_eq!(ordinals("inventory form:10-Q kind:comment"), [Some(2)]);
    // The letter reviews both.
    assert_eq!(ordinals("kind:letter form:10-K"), [None]);
    assert_eq!(ordinals("kind:letter form:10-Q"), [None]);
    // The hit and the facet counts say the same.
    let r = index.search("kind:comment", &opts).unwrap();
    let two = r.hits.iter().find(|h| h.ordinal == Some(2)).unwrap();
    assert_eq!(two.forms, ["10-Q"]);
    let form = r.facets.unwrap().form;
    assert_eq!(form, [("10-K".to_string(), 2), ("10-Q".to_string(), 2)]);
}

#[test]
fn very_common_words_left_out_of_the_ranking_are_still_required_and_marked() {
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    w.add(&plain(DocKind::Comment, 0, "alpha beta gamma usual".into())).unwrap();
    // Lacks the common word: not a match of all four words.
    w.add(&plain(DocKind::Comment, 1, "alpha beta gamma".into())).unwrap();
    // Holds it only in a caption: a bare word may match there.
    w.add(&IndexDoc {
        headings: vec!["Usual Matters".into()],
        ..plain(DocKind::Comment, 2, "alpha beta gamma".into())
    })
    .unwrap();
    // `usual` in more than half of the documents.
    for i in 3..12 {
        w.add(&plain(DocKind::Comment, i, format!("usual filler {i}"))).unwrap();
    }
    w.commit().unwrap();
    let r = index.search("alpha beta gamma usual", &SearchOptions::default()).unwrap();
    let mut found: Vec<&str> = r.hits.iter().map(|h| h.accession.as_str()).collect();
    found.sort();
    assert_eq!(found, ["0000000000-20-000000", "0000000000-20-000002"], "{:?}", r.hits);
    assert_eq!((r.total, r.total_estimated, r.relaxed), (2, false, false));
    let first = r.hits.iter().find(|h| h.accession == "0000000000-20-000000").unwrap();
    assert_eq!(first.snippet_text, "alpha beta gamma usual");
    assert_eq!(first.snippet_marks.len(), 4, "{:?}", first.snippet_marks);
    // The same as a phrase: the rarest words are read first, the order still checked.
    let r = index.search("\"gamma usual\"", &SearchOptions::default()).unwrap();
    assert_eq!(r.hits.iter().map(|h| h.accession.as_str()).collect::<Vec<_>>(), ["0000000000-20-000000"]);
    let r = index.search("\"usual gamma\"", &SearchOptions::default()).unwrap();
    assert_eq!(r.total, 0);
}

/// What two indexes return for a query: each hit's letter, grain, ordinal and score.
fn ranked(index: &Index, q: &str, sort: Sort) -> Vec<(String, DocKind, Option<u32>, f32)> {
    let r = index.search(q, &SearchOptions { limit: 40, sort, ..Default::default() }).unwrap();
    r.hits.into_iter().map(|h| (h.accession, h.kind, h.ordinal, h.score)).collect()
}

#[test]
fn two_indexes_of_the_same_documents_rank_them_alike_however_they_were_built() {
    // Many comments with the very same text (equal scores), and some that differ.
    let doc = |i: usize, text: &str| plain(DocKind::Comment, i, text.to_string());
    let same = "Please tell us how you considered the guidance on segment reporting";
    let finals: Vec<IndexDoc> = (0..60)
        .map(|i| match i % 3 {
            0 => doc(i, same),
            1 => doc(i, &format!("{same} and the aggregation criteria for operating segment {i}")),
            // Long ones: their lengths are stored rounded, which a merge sums differently.
            _ => doc(
                i,
                &format!(
                    "Revise the critical accounting estimates to explain the goodwill impairment test. {}",
                    "Tell us the reporting units, the headroom and the key assumptions used. "
                        .repeat(3 + i % 9)
                ),
            ),
        })
        .collect();
    // One index built in one go.
    let one = Index::create_in_ram().unwrap();
    let mut w = one.writer().unwrap();
    for d in finals.iter().rev() {
        w.add(d).unwrap();
    }
    w.commit().unwrap();
    // Another built in batches, half its letters first indexed with an earlier text and replaced
    // later (as a serve node does when threads are rebuilt), so its segments keep deleted ones.
    let other = Index::create_in_ram().unwrap();
    for batch in finals.chunks(25) {
        let mut w = other.writer().unwrap();
        for (i, d) in batch.iter().enumerate() {
            let draft = IndexDoc { text: format!("{} segment reporting draft", d.text), ..d.clone() };
            w.add(if i % 2 == 0 { &draft } else { d }).unwrap();
        }
        w.commit().unwrap();
    }
    for batch in finals.chunks(25) {
        let mut w = other.writer().unwrap();
        for d in batch.iter().step_by(2) {
            w.delete_accession(&d.accession);
            w.add(d).unwrap();
        }
        w.commit().unwrap();
    }
    assert!(other.deleted_docs() > 0);
    let queries = ["segment reporting", "guidance segment", "goodwill impairment", "\"segment reporting\""];
    let differs =
        queries.iter().any(|q| ranked(&one, q, Sort::Relevance) != ranked(&other, q, Sort::Relevance));
    assert!(differs, "the deleted documents should weigh on the scores before they are folded");
    assert_eq!(other.fold_deletes().unwrap(), 31);
    assert_eq!((other.deleted_docs(), other.num_docs()), (0, one.num_docs()));
    assert_eq!(other.fold_deletes().unwrap(), 0, "nothing left to fold");
    for q in queries {
        for sort in [Sort::Relevance, Sort::Date] {
            let (a, b) = (ranked(&one, q, sort), ranked(&other, q, sort));
            assert!(a.len() >= 20, "{q}: {a:?}");
            assert_eq!(a, b, "{q} {sort:?}");
        }
    }
    // Filters alone: the newest first, the same list in both.
    let (a, b) =
        (ranked(&one, "kind:comment", Sort::Relevance), ranked(&other, "kind:comment", Sort::Relevance));
    assert_eq!(a, b);
    let first = one.search("kind:comment", &SearchOptions { limit: 40, ..Default::default() }).unwrap();
    assert!(first.hits.windows(2).all(|p| p[0].date >= p[1].date));
}

#[test]
fn a_damaged_index_is_unreadable_with_its_cause_and_an_absent_one_missing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(Index::open(dir.path()), Err(Error::Missing { .. })));
    drop(Index::open_or_create(dir.path()).unwrap());
    Index::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
    match Index::open(dir.path()) {
        Err(e @ Error::Unreadable { .. }) => {
            let shown = e.to_string();
            assert!(
                shown.contains("meta.json") || shown.contains("json") || shown.contains("Data"),
                "{shown}"
            );
            assert!(std::error::Error::source(&e).is_some(), "the cause is kept");
        }
        other => panic!("{other:?}"),
    }
}
