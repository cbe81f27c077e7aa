//! A fake [`Backend`] over a few letters written for the tests (never copied from real filings),
//! so the router, the UI and the browser tests run without a store.

use std::sync::Mutex;

use chrono::NaiveDate;
use corresp_model::{
    AnswerType, Claim, ClaimKind, Comment, EdgarFacts, Filing, Letter, LetterKind, Response, Span, Text,
    Thread, ThreadLetter, ThreadStatus, Topics, Verdict,
};

use crate::error::{Error, Result};
use crate::types::*;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn span_of(text: &str, needle: &str) -> Span {
    // The fixtures are written so that every needle occurs; a miss is a bug in the fixture.
    let s = text.find(needle).unwrap_or_else(|| panic!("fixture text lacks {needle:?}"));
    Span::new(s, s + needle.len())
}

const STAFF1: &str = "January 8, 2024\n\nMaple Ridge Outfitters, Inc.\nRe: Maple Ridge Outfitters, Inc.\nForm 10-K for the Fiscal Year Ended September 30, 2023\n\nManagement's Discussion and Analysis\nResults of Operations, page 34\n\n1. Please quantify the extent to which the increase in net sales was due to acquired stores rather than organic growth.\n\nNotes to the Consolidated Financial Statements\nNote 9. Segment Information, page 71\n\n2. Please tell us how you identified your operating segments and why the wholesale and retail channels are aggregated.\n";
const RESP1: &str = "February 5, 2024\n\nRe: Maple Ridge Outfitters, Inc.\nThis letter responds to the comments in your letter dated January 8, 2024.\n\n1. Please quantify the extent to which the increase in net sales was due to acquired stores.\n\nResponse: The Company will revise future filings as follows (new text underlined): Net sales increased 9.5% to $412.0 million; organic growth was 4.0% and acquired stores added the rest.\n\n2. Please tell us how you identified your operating segments.\n\nResponse: Our chief operating decision maker reviews results for the Company as a whole, so we have one operating segment.\n";
const STAFF2: &str = "March 1, 2024\n\nRe: Maple Ridge Outfitters, Inc.\n\nNotes to the Consolidated Financial Statements\nNote 9. Segment Information, page 71\n\n1. We note your response to prior comment 2. Please provide us the reports your chief operating decision maker receives.\n";
const RESP2: &str = "March 20, 2024\n\nIn response to your letter dated March 1, 2024:\n\n1. Response: We have provided the requested reports supplementally under Rule 12b-4.\n";
const DONE: &str = "April 2, 2024\n\nWe have completed our review of your filing.\n";

fn staff1() -> Doc {
    let t = STAFF1;
    let c1 = "Please quantify the extent to which the increase in net sales was due to acquired stores rather than organic growth.";
    let c2 = "Please tell us how you identified your operating segments and why the wholesale and retail channels are aggregated.";
    let letter = Letter {
        kind: LetterKind::Comments,
        date: date(2024, 1, 8),
        company: Some("Maple Ridge Outfitters, Inc.".into()),
        filings: vec![Filing {
            form: "10-K".into(),
            period: date(2023, 9, 30),
            file_number: Some("001-35126".into()),
            ..Default::default()
        }],
        comments: vec![
            Comment {
                ordinal: 1,
                number: Some("1".into()),
                headings: vec![
                    "Management's Discussion and Analysis".into(),
                    "Results of Operations, page 34".into(),
                ],
                page_refs: vec!["34".into()],
                text: c1.into(),
                span: span_of(t, c1),
                topics: Some(Topics { primary: Some("mdna_results".into()), others: vec![] }),
                ask: Some(corresp_model::Ask::Disclose),
                ..Default::default()
            },
            Comment {
                ordinal: 2,
                number: Some("2".into()),
                headings: vec![
                    "Notes to the Consolidated Financial Statements".into(),
                    "Note 9. Segment Information, page 71".into(),
                ],
                page_refs: vec!["71".into()],
                text: c2.into(),
                span: span_of(t, c2),
                topics: Some(Topics { primary: Some("segments".into()), others: vec![] }),
                ask: Some(corresp_model::Ask::Explain),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    doc("0000000000-24-000001", "UPLOAD", t, letter)
}

fn resp1() -> Doc {
    let t = RESP1;
    let a1 = "The Company will revise future filings as follows (new text underlined): Net sales increased 9.5% to $412.0 million; organic growth was 4.0% and acquired stores added the rest.";
    let block = "Net sales increased 9.5% to $412.0 million; organic growth was 4.0% and acquired stores added the rest.";
    let a2 = "Our chief operating decision maker reviews results for the Company as a whole, so we have one operating segment.";
    let letter = Letter {
        kind: LetterKind::Response,
        date: date(2024, 2, 5),
        company: Some("Maple Ridge Outfitters, Inc.".into()),
        responds_to: date(2024, 1, 8),
        responses: vec![
            Response {
                ordinal: 1,
                comment_number: Some("1".into()),
                comment_text: Some("Please quantify the extent to which the increase in net sales was due to acquired stores.".into()),
                text: a1.into(),
                span: span_of(t, a1),
                revised_disclosure: vec![block.into()],
                revised_disclosure_spans: vec![span_of(t, block)],
                marked_portions: vec![span_of(t, "organic growth was 4.0%")],
                commits_to_revise: true,
                commitments: vec![span_of(t, "The Company will revise future filings as follows")],
                answer: Some(AnswerType::WillRevise),
                ..Default::default()
            },
            Response {
                ordinal: 2,
                comment_number: Some("2".into()),
                text: a2.into(),
                span: span_of(t, a2),
                answer: Some(AnswerType::Declined),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    doc("0001234567-24-000010", "CORRESP", t, letter)
}

fn staff2() -> Doc {
    let t = STAFF2;
    let c = "We note your response to prior comment 2. Please provide us the reports your chief operating decision maker receives.";
    let letter = Letter {
        kind: LetterKind::Comments,
        date: date(2024, 3, 1),
        company: Some("Maple Ridge Outfitters, Inc.".into()),
        comments: vec![Comment {
            ordinal: 1,
            number: Some("1".into()),
            headings: vec!["Note 9. Segment Information, page 71".into()],
            page_refs: vec!["71".into()],
            prior_comment_refs: vec!["2".into()],
            text: c.into(),
            span: span_of(t, c),
            topics: Some(Topics { primary: Some("segments".into()), others: vec![] }),
            ask: Some(corresp_model::Ask::Support),
        }],
        ..Default::default()
    };
    doc("0000000000-24-000002", "UPLOAD", t, letter)
}

fn resp2() -> Doc {
    let t = RESP2;
    let a = "We have provided the requested reports supplementally under Rule 12b-4.";
    let letter = Letter {
        kind: LetterKind::Response,
        date: date(2024, 3, 20),
        responds_to: date(2024, 3, 1),
        responses: vec![Response {
            ordinal: 1,
            comment_number: Some("1".into()),
            text: a.into(),
            span: span_of(t, a),
            answer: Some(AnswerType::ProvidedInfo),
            ..Default::default()
        }],
        ..Default::default()
    };
    doc("0001234567-24-000020", "CORRESP", t, letter)
}

fn done() -> Doc {
    let letter = Letter { kind: LetterKind::ReviewComplete, date: date(2024, 4, 2), ..Default::default() };
    doc("0000000000-24-000003", "UPLOAD", DONE, letter)
}

fn doc(acc: &str, form: &str, text: &str, letter: Letter) -> Doc {
    Doc {
        accession: acc.into(),
        edgar: EdgarFacts {
            cik: Some("0000912345".into()),
            company: Some("Maple Ridge Outfitters, Inc.".into()),
            form: Some(form.into()),
            filing_date: letter.date,
            ..Default::default()
        },
        thread_id: Some(THREAD_ID.into()),
        text: Text::plain(text),
        letter,
    }
}

/// The id of the sample thread.
pub const THREAD_ID: &str = "0000912345-0000000000-24-000001";

/// A complete review: comments, response, second round, response, review complete.
pub fn sample_thread() -> ThreadDocs {
    let docs = vec![staff1(), resp1(), staff2(), resp2(), done()];
    let letters = docs
        .iter()
        .map(|d| ThreadLetter {
            accession: d.accession.clone(),
            kind: d.letter.kind,
            date: d.letter.date,
            form: d.edgar.form.clone(),
            filing_date: d.edgar.filing_date,
            release_date: None,
        })
        .collect();
    let thread = Thread {
        id: THREAD_ID.into(),
        company: Some("Maple Ridge Outfitters, Inc.".into()),
        cik: Some("0000912345".into()),
        filings: vec![Filing {
            form: "10-K".into(),
            period: date(2023, 9, 30),
            file_number: Some("001-35126".into()),
            ..Default::default()
        }],
        letters,
        rounds: 2,
        status: ThreadStatus::Complete,
        days_to_complete: Some(85),
    };
    ThreadDocs { thread, docs, review: None }
}

/// A backend over [`sample_thread`] plus a letter with many comments (to see long reviews render).
#[derive(Default)]
pub struct FakeBackend {
    /// Every upload the backend was asked to ingest, to let tests see what reached it.
    pub ingested: Mutex<Vec<Upload>>,
    /// Every text a page shows (companies, captions, comments, answers, proposed disclosure,
    /// topics, filings, statistics) carries [`HOSTILE`]: to prove no page lets a letter's text
    /// become markup.
    pub hostile: bool,
}

/// Markup a letter anyone uploads may hold; no page may show it as anything but text.
pub const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

/// `td` with [`HOSTILE`] in every text field a page shows.
pub fn poisoned(mut td: ThreadDocs) -> ThreadDocs {
    let p = |s: &mut String| s.push_str(HOSTILE);
    let po = |s: &mut Option<String>| s.get_or_insert_with(String::new).push_str(HOSTILE);
    po(&mut td.thread.company);
    for f in &mut td.thread.filings {
        p(&mut f.form);
        po(&mut f.file_number);
    }
    for d in &mut td.docs {
        po(&mut d.edgar.company);
        po(&mut d.letter.company);
        po(&mut d.edgar.form);
        d.text.text.push_str(HOSTILE);
        for f in &mut d.letter.filings {
            p(&mut f.form);
            po(&mut f.file_number);
        }
        for c in &mut d.letter.comments {
            p(&mut c.text);
            c.headings.push(HOSTILE.into());
            c.page_refs.push(HOSTILE.into());
            c.prior_comment_refs.push(HOSTILE.into());
            if let Some(t) = &mut c.topics {
                t.others.push(HOSTILE.into());
            }
        }
        for r in &mut d.letter.responses {
            p(&mut r.text);
            r.revised_disclosure.push(format!("Revised: {HOSTILE}"));
        }
    }
    td
}

impl FakeBackend {
    /// A backend whose every shown text is hostile markup (see [`HOSTILE`]).
    pub fn hostile() -> Self {
        FakeBackend { hostile: true, ..Default::default() }
    }

    fn all(&self) -> Vec<ThreadDocs> {
        let all = vec![sample_thread(), long_thread()];
        if self.hostile { all.into_iter().map(poisoned).collect() } else { all }
    }
}

/// A staff letter of 40 comments with long headings, answered one by one.
pub fn long_thread() -> ThreadDocs {
    let mut text =
        String::from("June 3, 2022\n\nRe: Northwind Harbor Bancorp\nForm S-4 Filed May 2, 2022\n\n");
    let mut comments = Vec::new();
    for i in 1..=40u32 {
        let c = format!(
            "Comment {i}: please expand the discussion of the merger's background and tell us how the fairness opinion's projections were prepared, including the assumptions on deposit growth for period {i}."
        );
        let start = text.len();
        text.push_str(&format!("{i}. {c}\n\n"));
        let s = start + format!("{i}. ").len();
        comments.push(Comment {
            ordinal: i,
            number: Some(i.to_string()),
            headings: vec![
                "Registration Statement on Form S-4".into(),
                format!("Background of the Merger, page {}", 40 + i),
            ],
            page_refs: vec![(40 + i).to_string()],
            text: c.clone(),
            span: Span::new(s, s + c.len()),
            ..Default::default()
        });
    }
    let staff = Doc {
        accession: "0000000000-22-000400".into(),
        edgar: EdgarFacts {
            cik: Some("0000700100".into()),
            company: Some("Northwind Harbor Bancorp".into()),
            form: Some("UPLOAD".into()),
            filing_date: date(2022, 6, 3),
            ..Default::default()
        },
        thread_id: Some("0000700100-0000000000-22-000400".into()),
        text: Text::plain(text),
        letter: Letter {
            kind: LetterKind::Comments,
            date: date(2022, 6, 3),
            company: Some("Northwind Harbor Bancorp".into()),
            filings: vec![Filing { form: "S-4".into(), filed: date(2022, 5, 2), ..Default::default() }],
            comments,
            ..Default::default()
        },
    };
    let thread = Thread {
        id: "0000700100-0000000000-22-000400".into(),
        company: Some("Northwind Harbor Bancorp".into()),
        cik: Some("0000700100".into()),
        filings: staff.letter.filings.clone(),
        letters: vec![ThreadLetter {
            accession: staff.accession.clone(),
            kind: LetterKind::Comments,
            date: date(2022, 6, 3),
            form: Some("UPLOAD".into()),
            filing_date: date(2022, 6, 3),
            release_date: None,
        }],
        rounds: 1,
        status: ThreadStatus::Open,
        days_to_complete: None,
    };
    ThreadDocs { thread, docs: vec![staff], review: None }
}

impl Backend for FakeBackend {
    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        Ok(self
            .all()
            .into_iter()
            .filter(|td| filter.matches(&td.thread))
            .filter(|td| {
                filter.topic.as_deref().is_none_or(|topic| {
                    td.docs
                        .iter()
                        .flat_map(|d| &d.letter.comments)
                        .any(|c| c.topics.as_ref().is_some_and(|t| t.primary.as_deref() == Some(topic)))
                })
            })
            .map(|td| td.thread)
            .collect())
    }

    fn thread(&self, id: &str) -> Result<Option<ThreadDocs>> {
        Ok(self.all().into_iter().find(|td| td.thread.id == id))
    }

    fn letter(&self, accession: &str) -> Result<Option<Doc>> {
        Ok(self.all().into_iter().flat_map(|td| td.docs).find(|d| d.accession == accession))
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        // Enough of a search engine for tests: every comment or answer containing all the words.
        if query.q.contains("\"\"\"") {
            return Err(Error::BadRequest("unbalanced quotes".into()));
        }
        let words: Vec<String> =
            query.q.split_whitespace().map(|w| w.trim_matches('"').to_lowercase()).collect();
        let mut hits = Vec::new();
        for td in self.all() {
            for d in &td.docs {
                let forms: Vec<String> = td.thread.filings.iter().map(|f| f.form.clone()).collect();
                let letter_kind =
                    serde_json::to_value(d.letter.kind).ok().and_then(|v| v.as_str().map(String::from));
                let mut push =
                    |kind: &str, ordinal: u32, number: Option<String>, headings: &[String], text: &str| {
                        let lower = text.to_lowercase();
                        if words.iter().all(|w| lower.contains(w.as_str())) {
                            let highlights = words
                                .iter()
                                .filter_map(|w| lower.find(w.as_str()).map(|s| [s, s + w.len()]))
                                .collect();
                            hits.push(Hit {
                                accession: d.accession.clone(),
                                kind: kind.into(),
                                company: d.edgar.company.clone(),
                                date: d.letter.date,
                                ordinal: Some(ordinal),
                                score: 1.0,
                                snippet: text.to_string(),
                                highlights,
                                thread_id: d.thread_id.clone(),
                                number,
                                outcome: None,
                                headings: headings.to_vec(),
                                letter_kind: letter_kind.clone(),
                                cik: d.edgar.cik.clone(),
                                forms: forms.clone(),
                            });
                        }
                    };
                for c in &d.letter.comments {
                    push("comment", c.ordinal, c.number.clone(), &c.headings, &c.text);
                }
                for r in &d.letter.responses {
                    push("response", r.ordinal, r.comment_number.clone(), &[], &r.text);
                }
            }
        }
        hits.retain(|h| query.kind.as_deref().is_none_or(|k| h.kind == k));
        hits.retain(|h| query.company.as_deref().is_none_or(|c| h.company.as_deref() == Some(c)));
        hits.retain(|h| query.form.as_deref().is_none_or(|f| h.forms.contains(&loose_form(f))));
        if query.sort.as_deref() == Some("date") {
            hits.sort_by_key(|h| std::cmp::Reverse(h.date));
        }
        let mut companies: Vec<FacetValue> = Vec::new();
        let mut forms: Vec<FacetValue> = Vec::new();
        for h in &hits {
            let c = h.company.clone().unwrap_or_default();
            match companies.iter_mut().find(|v| v.value == c) {
                Some(v) => v.count += 1,
                None => companies.push(FacetValue { value: c, count: 1 }),
            }
            for f in &h.forms {
                match forms.iter_mut().find(|v| &v.value == f) {
                    Some(v) => v.count += 1,
                    None => forms.push(FacetValue { value: f.clone(), count: 1 }),
                }
            }
        }
        let total = hits.len();
        hits.drain(..query.offset.unwrap_or(0).min(hits.len()));
        hits.truncate(query.limit.unwrap_or(20));
        let facets = vec![
            Facet { name: "company".into(), values: companies },
            Facet { name: "form".into(), values: forms },
        ];
        Ok(SearchResults { hits, facets, total, total_estimated: false })
    }

    fn similar(&self, accession: &str, ordinal: u32, limit: usize) -> Result<Vec<SimilarComment>> {
        let td = self.all().swap_remove(0);
        if !td
            .docs
            .iter()
            .any(|d| d.accession == accession && d.letter.comments.iter().any(|c| c.ordinal == ordinal))
        {
            return Err(Error::NotFound(format!("no comment {ordinal} in {accession}")));
        }
        let s = &td.docs[2];
        let c = &s.letter.comments[0];
        let mut out = vec![SimilarComment {
            accession: s.accession.clone(),
            ordinal: c.ordinal,
            number: c.number.clone(),
            company: s.edgar.company.clone(),
            date: s.letter.date,
            score: 0.5,
            text: c.text.clone(),
            headings: c.headings.clone(),
            thread_id: s.thread_id.clone(),
            answers: vec![AnswerRef {
                accession: "0001234567-24-000020".into(),
                ordinal: 1,
                text: td.docs[3].letter.responses[0].text.clone(),
                answer: Some(if self.hostile { HOSTILE.into() } else { "provided_info".into() }),
            }],
            outcome: Some(corresp_model::Outcome {
                last_round: 2,
                closed_by: corresp_model::ClosedBy::ReviewComplete,
                answer: Some(AnswerType::ProvidedInfo),
                answer_parts: vec![],
            }),
        }];
        out.truncate(limit);
        Ok(out)
    }

    fn similar_text(&self, text: &str, limit: usize) -> Result<Vec<SimilarComment>> {
        // The first comment of the sample's second round stands for "the most similar" text.
        let _ = text;
        self.similar("0000000000-24-000002", 1, limit)
    }

    fn stats(&self) -> Result<serde_json::Value> {
        // The real statistics of the fake's threads (the `/api/v1/stats` shape is the real one),
        // with hostile keys where a store's text can appear.
        let threads = self.threads(&ThreadFilter::default())?;
        let (mut stats, _) = corresp_app::stats::compute(&threads, &[], &StatsDefinitions::default());
        if self.hostile {
            stats.reviews_by_year.insert(HOSTILE.into(), 1);
            stats.topics_by_year.entry(HOSTILE.into()).or_default().insert(HOSTILE.into(), 0.5);
        }
        serde_json::to_value(&stats).map_err(|e| Error::Internal(e.to_string()))
    }

    fn charts(&self) -> Result<Vec<Chart>> {
        Ok(vec![Chart {
            title: if self.hostile { HOSTILE.into() } else { "Reviews by year".into() },
            svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\" role=\"img\"><title>Reviews by year</title><rect x=\"10\" y=\"20\" width=\"60\" height=\"30\" fill=\"#4a78b5\"/><rect x=\"90\" y=\"10\" width=\"60\" height=\"40\" fill=\"#4a78b5\"/></svg>".into(),
        }])
    }

    fn notice(&self) -> Option<String> {
        self.hostile.then(|| format!("Sample `{HOSTILE}`"))
    }

    fn check(&self, text: &str) -> Vec<Claim> {
        // Recognises exactly one shape, "increased X% from A to B", enough to exercise the page.
        let mut out = Vec::new();
        let re = "increased ";
        let mut from = 0;
        while let Some(i) = text[from..].find(re) {
            let s = from + i;
            // A statement ends at a full stop followed by a space (decimal points are not).
            let end = text[s..].find(". ").map(|e| s + e).unwrap_or(text.len());
            let stmt = &text[s..end];
            let nums: Vec<f64> = stmt
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter_map(|w| w.trim_matches('.').parse().ok())
                .collect();
            if let [pct, a, b] = nums[..] {
                let computed = (b - a) / a * 100.0;
                let ok = (computed - pct).abs() < 0.05 + 1e-9;
                out.push(Claim {
                    kind: ClaimKind::PercentChange,
                    text: stmt.into(),
                    start: s,
                    end,
                    stated: Some(pct),
                    computed: Some((computed * 100.0).round() / 100.0),
                    verdict: if ok { Verdict::Consistent } else { Verdict::Inconsistent },
                    note: None,
                    tolerance: None,
                    weak: false,
                    cells: Vec::new(),
                });
            }
            from = end.max(s + re.len());
        }
        out
    }

    fn ingest(&self, files: Vec<Upload>) -> Result<IngestSummary> {
        let n = files.len();
        // Only fails when a mutex holder panicked, which the tests would already report.
        self.ingested.lock().map_err(|_| Error::Internal("poisoned".into()))?.extend(files);
        Ok(IngestSummary { files: n, stored: n, ..Default::default() })
    }
}
