//! One function per page. Each gathers its data through the same helpers as the API, then renders
//! a maud template: every value goes in as text and maud escapes it.

use std::collections::{BTreeMap, HashMap};

use axum::Form;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use corresp_model::{AnswerType, ClosedBy, FollowUp, FollowUpHow, LetterKind, Thread, ThreadStatus, Verdict};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::topics::{TOPICS, topic_id, topic_name};
use super::{PageError, PageResult, enc, marked, page, query};
use crate::AppState;
use crate::api::{blocking, check_key, load_letter, run_search};
use crate::error::Error;
use crate::review::{AnswerView, CommentView, ThreadView, thread_view};
use crate::types::*;

fn notice(s: &AppState) -> Option<String> {
    s.backend.notice()
}

fn d(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%b %-d, %Y").to_string()).unwrap_or_else(|| "undated".into())
}

fn kind_label(k: LetterKind) -> &'static str {
    match k {
        LetterKind::Comments => "Staff comments",
        LetterKind::ReviewComplete => "Review complete",
        LetterKind::Response => "Company response",
        LetterKind::Other => "Other letter",
    }
}

fn status_label(s: ThreadStatus) -> &'static str {
    match s {
        ThreadStatus::Open => "open",
        ThreadStatus::Complete => "complete",
    }
}

fn snake_words(s: &str) -> String {
    s.replace('_', " ")
}

fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(snake_words)).unwrap_or_default()
}

fn search_box(q: &str) -> Markup {
    html! {
        form.search role="search" action="/" method="get" {
            label.sr for="q" { "Search comments and answers" }
            input #q name="q" type="search" value=(q) placeholder="non-GAAP adjusted EBITDA, segment reporting…" autofocus;
            button type="submit" { "Search" }
        }
    }
}

fn hit_href(h: &Hit) -> String {
    match (&h.thread_id, h.kind.as_str(), h.ordinal) {
        (Some(t), "comment", Some(o)) => format!("/threads/{}#c-{}-{o}", enc(t), enc(&h.accession)),
        (Some(t), "response", Some(o)) => format!("/threads/{}#a-{}-{o}", enc(t), enc(&h.accession)),
        _ => format!("/letters/{}", enc(&h.accession)),
    }
}

/// Hits per page of the search page.
const SEARCH_PAGE: usize = 20;
/// Reviews per page of the reviews list.
const LIST_PAGE: usize = 50;
/// Facet values shown before "more".
const FACET_SHOWN: usize = 12;

/// `/`: the search page with facets and snippets.
pub(crate) async fn search(
    State(s): State<AppState>,
    q: std::result::Result<crate::api::Params<SearchQuery>, Error>,
) -> PageResult {
    // Blank form fields (`?year=`) count as absent, as in the API.
    let crate::api::Params(mut q) = q?;
    if q.q.trim().is_empty() {
        let threads = blocking(&s, |b| b.threads(&ThreadFilter::default())).await?;
        let mut recent = threads;
        recent.sort_by_key(|t| std::cmp::Reverse(first_date(t)));
        recent.truncate(15);
        let body = html! {
            h1.sr { "Search" }
            (search_box(&q.q))
            p.lede { "Search the staff's comments and the companies' answers, or open a review below." }
            h2 { "Latest reviews" }
            (thread_table(&recent))
        };
        return Ok(page("Search", "Search", notice(&s).as_deref(), body));
    }
    for f in [&mut q.form, &mut q.topic, &mut q.sort] {
        if f.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *f = None;
        }
    }
    q.form = q.form.map(|f| loose_form(&f));
    q.topic = q.topic.map(|t| topic_id(&t));
    q.limit = Some(SEARCH_PAGE);
    let offset = q.offset.unwrap_or(0).min(10_000);
    q.offset = Some(offset);
    let res = run_search(&s, q.clone()).await?;
    let facet_on = |name: &str, value: &str| match name {
        "company" => q.company.as_deref() == Some(value),
        "kind" => q.kind.as_deref() == Some(value),
        "topic" => q.topic.as_deref() == Some(value),
        "form" => q.form.as_deref() == Some(value),
        "year" => q.year.map(|y| y.to_string()).as_deref() == Some(value),
        "outcome" => q.outcome.as_deref() == Some(value),
        _ => false,
    };
    let facet_label = |name: &str, value: &str| match name {
        "topic" => topic_name(value),
        "kind" => match value {
            "comment" => "staff comments".into(),
            "response" => "company answers".into(),
            "letter" => "whole letters".into(),
            v => v.to_string(),
        },
        _ => value.to_string(),
    };
    let total = res.total.max(offset + res.hits.len());
    let about = if res.total_estimated { "about " } else { "" };
    let (first, last) = (offset + 1, offset + res.hits.len());
    let facet_link = |f: &Facet, v: &FacetValue| {
        let on = facet_on(&f.name, &v.value);
        let href = search_href(&q, &[(f.name.as_str(), if on { None } else { Some(v.value.as_str()) })]);
        html! {
            li {
                a.on[on] href=(href) aria-current=[on.then_some("true")] {
                    span.name { (facet_label(&f.name, &v.value)) }
                    span.count { (v.count) }
                }
            }
        }
    };
    let body = html! {
        h1.sr { "Search" }
        (search_box(&q.q))
        div.results-layout {
            aside.facets aria-label="Filters" {
                // Where a comment's matter ended: a filter of the query language, offered as links.
                section {
                    h2 { "Outcome" }
                    ul {
                        @for (value, label) in [("first-round", "settled by the first answer"), ("followed-up", "followed up by the staff"), ("closed", "review closed"), ("open", "review still open")] {
                            @let on = facet_on("outcome", value);
                            li {
                                a.on[on] href=(search_href(&q, &[("outcome", if on { None } else { Some(value) })])) aria-current=[on.then_some("true")] {
                                    span.name { (label) }
                                }
                            }
                        }
                    }
                }
                @for f in &res.facets {
                    section {
                        h2 { (facet_title(&f.name)) }
                        ul {
                            @for v in f.values.iter().take(FACET_SHOWN) { (facet_link(f, v)) }
                        }
                        @if f.values.len() > FACET_SHOWN {
                            details.more {
                                summary { (f.values.len() - FACET_SHOWN) " more" }
                                ul { @for v in f.values.iter().skip(FACET_SHOWN) { (facet_link(f, v)) } }
                            }
                        }
                    }
                }
            }
            section.hits aria-label="Results" {
                div.result-head {
                    p.count-line role="status" {
                        @if res.hits.is_empty() { "No results" }
                        @else { "Results " (first) "–" (last) " of " (about) (total) }
                    }
                    p.sort {
                        "Sort: "
                        @if q.sort.as_deref() == Some("date") {
                            a href=(search_href(&q, &[("sort", None)])) { "best match" } " · " strong aria-current="true" { "newest first" }
                        } @else {
                            strong aria-current="true" { "best match" } " · " a href=(search_href(&q, &[("sort", Some("date"))])) { "newest first" }
                        }
                    }
                }
                ol.hits start=(first) {
                    @for h in &res.hits {
                        @let marks: Vec<(usize, usize, &str)> = h.highlights.iter().map(|[a, b]| (*a, *b, "hl")).collect();
                        li.hit {
                            a.hit-title href=(hit_href(h)) {
                                (h.company.as_deref().unwrap_or("Unknown company")) " · " (hit_what(h))
                            }
                            " " span.muted { (d(h.date)) }
                            @if !h.forms.is_empty() { " " span.muted { "· " (h.forms.join(", ")) } }
                            @if !h.headings.is_empty() { p.caption { (h.headings.join(" › ")) } }
                            p.snippet {
                                @if h.snippet.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) { "… " }
                                (marked(&h.snippet, &marks))
                            }
                            @if let Some(o) = &h.outcome { p.outcome-line { (outcome_badge(o)) } }
                        }
                    }
                    @if res.hits.is_empty() {
                        li.none { "Nothing matches. Try fewer words." }
                    }
                }
                @if offset > 0 || last < total {
                    nav.pager aria-label="Pages of results" {
                        @if offset > 0 {
                            a rel="prev" href=(search_href(&q, &[("offset", Some(&offset.saturating_sub(SEARCH_PAGE).to_string()))])) { "← Previous" }
                        }
                        " "
                        @if last < total {
                            a rel="next" href=(search_href(&q, &[("offset", Some(&(offset + SEARCH_PAGE).to_string()))])) { "Next " (SEARCH_PAGE) " →" }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&format!("Search: {}", q.q), "Search", notice(&s).as_deref(), body))
}

fn facet_title(name: &str) -> &str {
    match name {
        "company" => "Company",
        "year" => "Year",
        "kind" => "What",
        "form" => "Form",
        "topic" => "Topic",
        n => n,
    }
}

/// What a hit is: "Staff comment 2", "Answer to comment 2", "Staff letter", "Company letter".
fn hit_what(h: &Hit) -> String {
    match (h.kind.as_str(), &h.number) {
        ("comment", Some(n)) => format!("Staff comment {n}"),
        ("response", Some(n)) => format!("Company answer to comment {n}"),
        ("comment", None) => "Staff comment".into(),
        ("response", None) => "Company answer".into(),
        _ => match h.letter_kind.as_deref() {
            Some("comments") => "Staff letter".into(),
            Some("review_complete") => "Staff letter closing the review".into(),
            Some("response") => "Company letter".into(),
            _ => "Letter".into(),
        },
    }
}

/// The search page's URL with the parameters `set` changed (`None` clears one), every other
/// filter kept; any change but paging goes back to the first page.
fn search_href(q: &SearchQuery, set: &[(&str, Option<&str>)]) -> String {
    let cur = [
        ("company", q.company.clone()),
        ("year", q.year.map(|y| y.to_string())),
        ("kind", q.kind.clone()),
        ("form", q.form.clone()),
        ("topic", q.topic.clone()),
        ("outcome", q.outcome.clone()),
        ("sort", q.sort.clone()),
        ("offset", None),
    ];
    let mut parts = vec![("q", q.q.clone())];
    for (k, v) in cur {
        let v = match set.iter().find(|(n, _)| *n == k) {
            Some((_, v)) => v.map(str::to_string),
            None => v,
        };
        if let Some(v) = v.filter(|v| !(k == "offset" && v == "0")) {
            parts.push((k, v));
        }
    }
    format!("/?{}", query(&parts))
}

/// The search page's URL with facet `name` set to `value` (or cleared), every other filter kept.
#[cfg(test)]
fn facet_href(q: &SearchQuery, name: &str, value: Option<&str>) -> String {
    search_href(q, &[(name, value)])
}

/// A search hit's outcome in a few words: whether the staff came back to it, how the review
/// ended and the company's last answer.
fn outcome_badge(o: &corresp_model::Outcome) -> Markup {
    let ended = match o.closed_by {
        corresp_model::ClosedBy::ReviewComplete => "review closed",
        corresp_model::ClosedBy::Open => "still open",
    };
    let answer = answer_label(o.answer, &o.answer_parts);
    html! {
        span.badge.outcome { "last raised in round " (o.last_round) ", " (ended) }
        @if let Some(a) = answer { " " span.badge { "answer: " (a) } }
    }
}

fn first_date(t: &Thread) -> Option<NaiveDate> {
    t.letters.iter().filter_map(|l| l.date.or(l.filing_date)).min()
}

/// The filings a review is about, each once, with the period it covers: "10-K (FY 2023-09-30)".
fn filings_label(t: &Thread) -> String {
    let mut seen: Vec<String> = Vec::new();
    for f in &t.filings {
        let s = match (f.period, f.filed) {
            (Some(p), _) => format!("{} (period {})", f.form, p.format("%Y-%m-%d")),
            (None, Some(d)) => format!("{} (filed {})", f.form, d.format("%Y-%m-%d")),
            _ => f.form.clone(),
        };
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join(", ")
}

fn thread_table(threads: &[Thread]) -> Markup {
    if threads.is_empty() {
        return html! { p.none { "No reviews." } };
    }
    html! {
        div.table-wrap {
            table.threads {
                thead { tr {
                    th scope="col" { "Company" } th scope="col" { "Filings" } th scope="col" { "First letter" }
                    th scope="col" { "Rounds" } th scope="col" { "Status" } th scope="col" { "Days" }
                } }
                tbody {
                    @for t in threads {
                        tr {
                            td { a href={ "/threads/" (enc(&t.id)) } { (t.company.as_deref().unwrap_or("Unknown company")) } }
                            td { (filings_label(t)) }
                            td { (d(first_date(t))) }
                            td { (t.rounds) }
                            td { span class={ "badge " (status_label(t.status)) } { (status_label(t.status)) } }
                            td { (t.days_to_complete.map(|x| x.to_string()).unwrap_or_else(|| "–".into())) }
                        }
                    }
                }
            }
        }
    }
}

/// Paging and order of the reviews list.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListPage {
    /// 1-based.
    page: Option<String>,
    /// `newest` (the default), `oldest`, `company`, `rounds`, `days`.
    sort: Option<String>,
}

/// `/threads`: every review, filterable, sorted and paged.
pub(crate) async fn threads(
    State(s): State<AppState>,
    f: std::result::Result<crate::api::Params<ThreadFilter>, Error>,
    lp: std::result::Result<Query<ListPage>, QueryRejection>,
) -> PageResult {
    let crate::api::Params(mut f) = f?;
    let Query(lp) = lp?;
    f.form = f.form.filter(|x| !x.trim().is_empty()).map(|x| loose_form(&x));
    f.topic = f.topic.filter(|x| !x.trim().is_empty()).map(|x| topic_id(&x));
    let fc = f.clone();
    let mut list = blocking(&s, move |b| b.threads(&fc)).await?;
    let sort = lp.sort.clone().filter(|x| ["oldest", "company", "rounds", "days"].contains(&x.as_str()));
    match sort.as_deref() {
        Some("oldest") => list.sort_by(|a, b| first_date(a).cmp(&first_date(b)).then(a.id.cmp(&b.id))),
        Some("company") => list.sort_by(|a, b| {
            a.company
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .cmp(&b.company.as_deref().unwrap_or("").to_lowercase())
        }),
        Some("rounds") => {
            list.sort_by(|a, b| b.rounds.cmp(&a.rounds).then(first_date(b).cmp(&first_date(a))))
        }
        Some("days") => list.sort_by_key(|t| std::cmp::Reverse(t.days_to_complete)),
        _ => list.sort_by(|a, b| first_date(b).cmp(&first_date(a)).then(a.id.cmp(&b.id))),
    }
    let total = list.len();
    let pages = total.div_ceil(LIST_PAGE).max(1);
    let page_no =
        lp.page.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, pages);
    let shown: Vec<Thread> = list.into_iter().skip((page_no - 1) * LIST_PAGE).take(LIST_PAGE).collect();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let cur = [
        ("company", v(&f.company)),
        ("form", v(&f.form)),
        ("year", f.year.map(|y| y.to_string()).unwrap_or_default()),
        ("topic", v(&f.topic)),
        ("status", f.status.map(|x| status_label(x).to_string()).unwrap_or_default()),
        ("sort", sort.clone().unwrap_or_default()),
    ];
    let href = |page: usize| {
        let mut parts: Vec<(&str, String)> = cur.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
        if page > 1 {
            parts.push(("page", page.to_string()));
        }
        format!("/threads?{}", query(&parts))
    };
    let body = html! {
        h1 { "Reviews" }
        form.filters method="get" action="/threads" {
            label { "Company " input name="company" value=(v(&f.company)); }
            label { "Form " input name="form" value=(v(&f.form)) size="8" placeholder="10-K"; }
            label { "Year " input name="year" inputmode="numeric" value=(f.year.map(|y| y.to_string()).unwrap_or_default()) size="5"; }
            label { "Topic "
                input name="topic" list="topic-names" value=(f.topic.as_deref().map(topic_name).unwrap_or_default()) size="18" placeholder="Non-GAAP measures";
            }
            datalist #topic-names { @for (_, n) in TOPICS { option value=(n) {} } }
            label { "Status "
                select name="status" {
                    option value="" { "any" }
                    option selected[f.status == Some(ThreadStatus::Open)] { "open" }
                    option selected[f.status == Some(ThreadStatus::Complete)] { "complete" }
                }
            }
            label { "Sort "
                select name="sort" {
                    @for (value, label) in [("", "newest first"), ("oldest", "oldest first"), ("company", "company"), ("rounds", "most rounds"), ("days", "longest")] {
                        option value=(value) selected[sort.as_deref().unwrap_or("") == value] { (label) }
                    }
                }
            }
            button type="submit" { "Filter" }
        }
        p.count-line role="status" {
            @if total == 0 { "No reviews match." }
            @else {
                "Reviews " ((page_no - 1) * LIST_PAGE + 1) "–" ((page_no - 1) * LIST_PAGE + shown.len()) " of " (total)
                @if pages > 1 { " · page " (page_no) " of " (pages) }
            }
        }
        p.muted.note {
            "A review here is one review cycle of one company: its staff letters, the answers and the closing letter, "
            "counted whatever its letters hold. Statistics counts only the reviews its definition keeps (see "
            a href="/stats#definitions" { "its definitions" } "), so its number can be smaller."
        }
        (thread_table(&shown))
        @if pages > 1 {
            nav.pager aria-label="Pages of reviews" {
                @if page_no > 1 { a rel="prev" href=(href(page_no - 1)) { "← Previous" } }
                " "
                @if page_no < pages { a rel="next" href=(href(page_no + 1)) { "Next " (LIST_PAGE) " →" } }
            }
        }
    };
    Ok(page("Reviews", "Reviews", notice(&s).as_deref(), body))
}

/// The anchor id of a staff comment on the review page; the same everywhere the page or another
/// page links to it (`#c-{accession}-{ordinal}`).
fn comment_anchor(acc: &str, ordinal: u32) -> String {
    format!("c-{acc}-{ordinal}")
}
/// Where each staff comment of a review sits, to name and link the comments a chain points at.
struct Loc<'a> {
    number: Option<&'a str>,
    round: Option<u32>,
    date: Option<NaiveDate>,
    follow_ups: &'a [FollowUp],
}

type Locs<'a> = HashMap<(&'a str, u32), Loc<'a>>;

fn locs(v: &ThreadView) -> Locs<'_> {
    let mut out = HashMap::new();
    for l in &v.letters {
        for c in &l.comments {
            out.insert(
                (l.accession.as_str(), c.ordinal),
                Loc { number: c.number.as_deref(), round: c.round, date: l.date, follow_ups: &c.follow_ups },
            );
        }
    }
    out
}

/// "comment 2 (round 1)".
fn comment_label(loc: Option<&Loc<'_>>) -> String {
    let Some(loc) = loc else { return "a comment not shown here".into() };
    let mut s = match loc.number {
        Some(n) => format!("comment {n}"),
        None => "an unnumbered comment".into(),
    };
    if let Some(r) = loc.round {
        s.push_str(&format!(" (round {r})"));
    }
    s
}

fn how_label(how: FollowUpHow) -> &'static str {
    match how {
        FollowUpHow::Explicit => "explicit",
        FollowUpHow::Implicit => "implicit",
    }
}

/// An answer type as people read it; a mixed answer with its parts ("mixed: will revise + declined").
fn answer_label(answer: Option<AnswerType>, parts: &[AnswerType]) -> Option<String> {
    let t = answer?;
    let name = json_name(&t);
    if parts.is_empty() {
        return Some(name);
    }
    let parts: Vec<String> = parts.iter().map(json_name).collect();
    Some(format!("{name}: {}", parts.join(" + ")))
}

/// The earlier comment a citation in a comment's text can link to: one of the comment's
/// `follows_up`, never a comment found by its number alone.
struct Target {
    number: Option<String>,
    round: Option<u32>,
    date: Option<NaiveDate>,
    href: String,
    /// "comment 2 (round 1)".
    label: String,
    /// How the record says this comment continues it.
    how: Option<FollowUpHow>,
}

impl Target {
    /// The link's tooltip: "comment 2 (round 1), explicit follow-up".
    fn title(&self) -> String {
        format!(
            "{}{}",
            self.label,
            self.how.map(|h| format!(", {} follow-up", how_label(h))).unwrap_or_default()
        )
    }
}

/// A printed comment number as a key: "2", "2." and "two" are the same comment.
fn number_key(n: &str) -> String {
    let t = n.trim().trim_end_matches(['.', ')']).to_ascii_lowercase();
    match t.parse::<u32>().ok().or_else(|| corresp_model::number_word(&t)) {
        Some(k) => k.to_string(),
        None => t,
    }
}

/// A citation of an earlier comment in a comment's text: the byte range to link, the number it
/// names (`None` for "our previous comment") and the letters' dates its sentence names.
#[derive(Debug)]
struct Cite {
    start: usize,
    end: usize,
    number: Option<String>,
    dates: Vec<(u32, Option<u32>, Option<i32>)>,
}

/// The (month, day, year) dates a text names ("March 5, 2024", "March 5").
fn dates_in(lower: &str) -> Vec<(u32, Option<u32>, Option<i32>)> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphabetic());
        let Some(m) = corresp_model::month_number(w) else { continue };
        let day = words.get(i + 1).and_then(|d| d.trim_end_matches([',', '.', ';', ')']).parse::<u32>().ok());
        let year = words
            .get(i + 2)
            .and_then(|y| y.trim_end_matches([',', '.', ';', ')']).parse::<i32>().ok())
            .filter(|y| (1900..2200).contains(y));
        if day.is_some() {
            out.push((m, day, year));
        }
    }
    out
}

/// The citations of earlier comments in `text`: "prior comment 3", "comments 3 and 4 of our letter
/// dated ...", "your response to comment two", "our previous comment". "comment 2 above" points
/// inside the letter and is no citation.
fn citations_in(text: &str) -> Vec<Cite> {
    // ASCII lower-casing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let starts: Vec<usize> = lower
        .match_indices("comment")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || !b[i - 1].is_ascii_alphanumeric())
        .filter(|&i| {
            let after = i + "comment".len();
            match b.get(after) {
                None => true,
                Some(b's') => b.get(after + 1).is_none_or(|c| !c.is_ascii_alphanumeric()),
                Some(c) => !c.is_ascii_alphanumeric(),
            }
        })
        .collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let window_end = starts.get(k + 1).copied().unwrap_or(lower.len());
        let sentence_end = lower[s..window_end].find(". ").map_or(window_end, |e| s + e + 1);
        let mut at = s + "comment".len();
        if b.get(at) == Some(&b's') {
            at += 1;
        }
        // The numbers right after the word: "comments 1, 2 and 3", "comment no. 4", "comment two".
        let mut numbers: Vec<(usize, usize, String)> = Vec::new();
        let mut next_word = None;
        for _ in 0..10 {
            while at < b.len() && (b[at].is_ascii_whitespace() || matches!(b[at], b',' | b'&')) {
                at += 1;
            }
            let w0 = at;
            while at < b.len() && b[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if w0 == at {
                break;
            }
            let w = &lower[w0..at];
            match w {
                "no" | "nos" | "number" | "numbers" if numbers.is_empty() => {
                    if b.get(at) == Some(&b'.') {
                        at += 1;
                    }
                }
                "and" | "through" if !numbers.is_empty() => {}
                _ => {
                    let n = if w.len() <= 3 && w.bytes().all(|c| c.is_ascii_digit()) {
                        w.parse::<u32>().ok()
                    } else {
                        corresp_model::number_word(w)
                    };
                    match n {
                        Some(n) => numbers.push((w0, at, n.to_string())),
                        None => {
                            next_word = Some(w);
                            break;
                        }
                    }
                }
            }
        }
        if matches!(next_word, Some("above" | "below")) || lower[s..sentence_end].contains("this letter") {
            continue;
        }
        // "prior comment 3": the adjective belongs to the link.
        let before = &lower[..s];
        let lead =
            ["prior ", "previous ", "earlier "].iter().find(|p| before.ends_with(**p)).map_or(0, |p| p.len());
        let dates = dates_in(&lower[s..sentence_end]);
        if numbers.is_empty() {
            // "our previous comment", "the prior comment": only with the adjective, and singular.
            if lead > 0 && b.get(s + "comment".len()) != Some(&b's') {
                out.push(Cite { start: s - lead, end: s + "comment".len(), number: None, dates });
            }
            continue;
        }
        for (i, (ws, we, n)) in numbers.into_iter().enumerate() {
            let start = if i == 0 { s - lead } else { ws };
            out.push(Cite { start, end: we, number: Some(n), dates: dates.clone() });
        }
    }
    out
}

/// Which of `targets` a citation names: by its number (and, when several earlier letters hold a
/// comment of that number, by the letter's date it names, else the latest letter, as the record
/// reads an undated citation); "our previous comment" only when the comment continues exactly one.
fn resolve<'t>(c: &Cite, targets: &'t [Target]) -> Option<&'t Target> {
    let Some(n) = &c.number else {
        return (targets.len() == 1).then(|| &targets[0]);
    };
    let same: Vec<&Target> =
        targets.iter().filter(|t| t.number.as_deref().is_some_and(|m| number_key(m) == *n)).collect();
    if same.len() <= 1 {
        return same.first().copied();
    }
    if !c.dates.is_empty() {
        let dated: Vec<&Target> = same
            .iter()
            .copied()
            .filter(|t| {
                t.date.is_some_and(|d| {
                    c.dates.iter().any(|&(m, day, y)| {
                        d.month() == m && day.is_none_or(|x| x == d.day()) && y.is_none_or(|y| y == d.year())
                    })
                })
            })
            .collect();
        return (dated.len() == 1).then(|| dated[0]);
    }
    same.iter().copied().max_by_key(|t| t.round)
}

/// A comment's text with each citation of an earlier comment linked to that comment.
fn linked_text(text: &str, targets: &[Target]) -> Markup {
    let mut parts: Vec<(&str, Option<&Target>)> = Vec::new();
    let mut at = 0;
    if !targets.is_empty() {
        for c in citations_in(text) {
            let Some(t) = resolve(&c, targets) else { continue };
            if c.start < at || !text.is_char_boundary(c.start) || !text.is_char_boundary(c.end) {
                continue;
            }
            parts.push((&text[at..c.start], None));
            parts.push((&text[c.start..c.end], Some(t)));
            at = c.end;
        }
    }
    parts.push((&text[at..], None));
    html! {
        @for (s, t) in parts {
            @match t {
                Some(t) => a.cite href=(t.href) title=(t.title()) { (s) },
                None => (s),
            }
        }
    }
}

/// The earlier comments `c` (of letter `acc`) continues, as link targets.
fn targets_of(acc: &str, c: &CommentView, locs: &Locs<'_>) -> Vec<Target> {
    c.follows_up
        .iter()
        .map(|r| {
            let loc = locs.get(&(r.accession.as_str(), r.ordinal));
            let how = loc
                .and_then(|l| l.follow_ups.iter().find(|f| f.accession == acc && f.ordinal == c.ordinal))
                .map(|f| f.how);
            Target {
                number: loc.and_then(|l| l.number.map(str::to_string)),
                round: loc.and_then(|l| l.round),
                date: loc.and_then(|l| l.date),
                href: format!("#{}", comment_anchor(&r.accession, r.ordinal)),
                label: comment_label(loc),
                how,
            }
        })
        .collect()
}

/// The comment's chain, one step per item: raised (round) → answered (type) → followed up (links)
/// → how its matter ended.
fn chain_html(c: &CommentView, targets: &[Target], locs: &Locs<'_>) -> Markup {
    let num = c.number.as_deref().map(|n| format!("comment {n}")).unwrap_or_else(|| "this comment".into());
    let answers: Vec<String> = c
        .answers
        .iter()
        .map(|a| answer_label(a.answer, &a.answer_parts).unwrap_or_else(|| "type unknown".into()))
        .collect();
    let outcome = c.outcome.as_ref().map(|o| {
        let later = c.round.is_some_and(|r| o.last_round > r);
        let last_answer = if later {
            answer_label(o.answer, &o.answer_parts)
                .map(|a| format!(" (last answer: {a})"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        match o.closed_by {
            ClosedBy::ReviewComplete if c.round == Some(o.last_round) => {
                ("resolved", format!("resolved in round {}, not raised again", o.last_round))
            }
            ClosedBy::ReviewComplete => {
                ("resolved", format!("resolved in round {}, review closed{last_answer}", o.last_round))
            }
            ClosedBy::Open if later => {
                ("open", format!("still open, last raised in round {}{last_answer}", o.last_round))
            }
            ClosedBy::Open => ("open", "still open".to_string()),
        }
    });
    html! {
        ol.chain aria-label={ "What became of " (num) } {
            li.raised {
                "raised"
                @if let Some(r) = c.round { " in round " (r) }
                @if !targets.is_empty() {
                    ", continuing "
                    @for (i, t) in targets.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(t.href) { (t.label) }
                        @if let Some(h) = t.how { " " span.how { "(" (how_label(h)) ")" } }
                    }
                }
            }
            li.answered {
                @if answers.is_empty() { "no answer paired" } @else { "answered: " (answers.join(", then ")) }
            }
            @if !c.follow_ups.is_empty() {
                li.followed {
                    "followed up in "
                    @for (i, f) in c.follow_ups.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "#" (comment_anchor(&f.accession, f.ordinal)) } {
                            (comment_label(locs.get(&(f.accession.as_str(), f.ordinal))))
                        }
                        " " span.how { "(" (how_label(f.how)) ")" }
                    }
                }
            }
            @if let Some((class, what)) = outcome {
                li class={ "outcome " (class) } { (what) }
            }
        }
    }
}

fn comment_html(acc: &str, c: &CommentView, locs: &Locs<'_>, citing: &Citing<'_>) -> Markup {
    let citing = Citing { comment: c.number.as_deref(), ..*citing };
    let num = c.number.as_deref().map(|n| format!("{n}.")).unwrap_or_else(|| "•".into());
    let targets = targets_of(acc, c, locs);
    // Cited numbers the record found no comment for: said, not linked (never guessed).
    let unresolved: Vec<&str> = c
        .prior_comment_refs
        .iter()
        .filter(|n| {
            !targets.iter().any(|t| t.number.as_deref().is_some_and(|m| number_key(m) == number_key(n)))
        })
        .map(String::as_str)
        .collect();
    html! {
        article.pair id=(comment_anchor(acc, c.ordinal)) tabindex="-1" {
            div.comment {
                header {
                    span.num aria-label={ "Comment " (num) } { (num) }
                    @if !c.headings.is_empty() {
                        span.headings { (c.headings.join(" › ")) }
                    }
                }
                div.chips {
                    @if !c.page_refs.is_empty() { span.chip { "page " (c.page_refs.join(", ")) } }
                    @if !unresolved.is_empty() {
                        span.chip title="No earlier comment of this review matches the citation" {
                            "cites comment " (unresolved.join(", ")) ", not found"
                        }
                    }
                    @if let Some(t) = &c.topics {
                        @for topic in t.primary.iter().chain(t.others.iter()) {
                            span.chip.topic { (topic_name(topic)) }
                        }
                    }
                    @if let Some(a) = &c.ask { span.chip.ask { "asks: " (json_name(a)) } }
                }
                div.text { (paragraphs_with(&c.text, &c.bold, |p| linked_text(p, &targets))) }
                (chain_html(c, &targets, locs))
                p.links {
                    a href={ "/letters/" (enc(acc)) "?at=" (c.span.start) "-" (c.span.end) "#at" } { "source" }
                    " · "
                    a href={ "/similar/" (enc(acc)) "/" (c.ordinal) } { "similar comments" }
                }
            }
            div.answers {
                @if c.answers.is_empty() { p.none { "No answer paired with this comment." } }
                @for a in &c.answers { (answer_html(a, Some(&citing))) }
            }
        }
    }
}

/// Paragraphs of a comment's or an answer's text (PDF line breaks joined, bullets and enumerated
/// items each their own line), each rendered by `inline`.
fn paragraphs_with(text: &str, bold: &[[usize; 2]], inline: impl Fn(&str) -> Markup) -> Markup {
    let ps = corresp_app::draft::paragraphs(text);
    let runs = bold_runs(text, bold, &ps);
    html! {
        @for (p, runs) in ps.iter().zip(&runs) {
            @let body = html! {
                @for (seg, strong) in segments(p, runs) {
                    @if strong { strong { (inline(seg)) } } @else { (inline(seg)) }
                }
            };
            @if is_item(p) { p.item { (body) } } @else { p { (body) } }
        }
    }
}

/// Most bold runs looked for in one text (a hostile letter may mark every word).
const BOLD_RUNS: usize = 200;

/// The bold runs of `text` (byte ranges) as byte ranges of each reflowed paragraph of `ps`: each
/// run's words are looked for in order, from where the previous run ended, so a bold word does not
/// embolden its every other occurrence.
fn bold_runs(text: &str, bold: &[[usize; 2]], ps: &[String]) -> Vec<Vec<(usize, usize)>> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ps.len()];
    let (mut pi, mut at) = (0usize, 0usize);
    for [s, e] in bold.iter().take(BOLD_RUNS) {
        let Some(run) = text.get(*s..*e) else { continue };
        let words: Vec<&str> = run.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let phrase = words.join(" ");
        // The run is in this paragraph or a later one (a run across paragraphs is looked for by
        // its first words only up to the paragraph's end).
        let mut found = None;
        for (k, p) in ps.iter().enumerate().skip(pi) {
            let from = if k == pi { at } else { 0 };
            let Some(hay) = p.get(from..) else { continue };
            if let Some(i) = hay.find(&phrase) {
                found = Some((k, from + i, from + i + phrase.len()));
                break;
            }
        }
        if let Some((k, a, b)) = found {
            out[k].push((a, b));
            (pi, at) = (k, b);
        }
    }
    out
}

/// `p` cut at the bold `runs` (sorted, not overlapping): `(piece, bold)`.
fn segments<'a>(p: &'a str, runs: &[(usize, usize)]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in runs {
        if a < at || b > p.len() || !p.is_char_boundary(a) || !p.is_char_boundary(b) {
            continue;
        }
        if a > at {
            out.push((&p[at..a], false));
        }
        out.push((&p[a..b], true));
        at = b;
    }
    if at < p.len() || out.is_empty() {
        out.push((&p[at..], false));
    }
    out
}

/// A bullet or an enumerated item: "• ...", "- ...", "(a) ...", "a. ...".
fn is_item(p: &str) -> bool {
    let mut cs = p.chars();
    match cs.next() {
        Some('•' | '●' | '▪' | '◦' | '·' | '–' | '—' | '-' | '*' | '\u{f0b7}' | '\u{f0a7}') => {
            cs.next().is_some_and(char::is_whitespace)
        }
        Some('(') => p.find(')').is_some_and(|e| e > 1 && e <= 5),
        _ => false,
    }
}

/// What a user pastes into a memo: `<Company>, response dated <date> to SEC staff comment <n>
/// (letter of <date>), File No. <file number>, EDGAR accession <accession>`.
#[derive(Clone, Copy)]
struct Citing<'a> {
    company: &'a str,
    file_number: Option<&'a str>,
    comment: Option<&'a str>,
    staff_date: Option<NaiveDate>,
}

fn citation(c: &Citing<'_>, a: &AnswerView) -> String {
    let (response_date, staff_date) = (d(a.date), c.staff_date.map(|sd| d(Some(sd))));
    corresp_app::citation::Citation {
        company: c.company,
        comment: c.comment,
        staff_date: staff_date.as_deref(),
        staff_accession: None,
        response_date: Some(&response_date),
        response_accession: Some(&a.accession),
        file_number: c.file_number,
    }
    .text()
}

fn answer_html(a: &AnswerView, citing: Option<&Citing<'_>>) -> Markup {
    let cite = citing.map(|c| citation(c, a));
    let badge = match (&a.answer, answer_label(a.answer, &a.answer_parts)) {
        (Some(t), Some(label)) => Some((json_name(t).replace(' ', "_"), label)),
        _ => None,
    };
    html! {
        div.answer id={ "a-" (a.accession) "-" (a.ordinal) } {
            header {
                span.muted { "Response of " (d(a.date)) }
                @if let Some((class, label)) = badge { " " span class={ "badge answer-" (class) } { (label) } }
                @if a.commits_to_revise { " " span.badge.commit { "commits to revise" } }
            }
            div.text { (paragraphs_with(&a.text, &a.bold, |p| html! { (p) })) }
            @if let Some(c) = cite {
                p.cite-line {
                    button type="button" .copy-cite data-cite=(c) { "Copy citation" }
                    " " span.cite-status role="status" aria-live="polite" {}
                }
            }
            @for block in &a.revised_disclosure {
                @let marks: Vec<(usize, usize, &str)> = block.marked.iter().map(|[s, e]| (*s, *e, "new")).collect();
                figure.disclosure {
                    figcaption { "Proposed disclosure" @if !marks.is_empty() { " (new text marked)" } }
                    blockquote { (marked(&block.text, &marks)) }
                }
            }
            @if !a.commitments.is_empty() {
                ul.commitments aria-label="Commitments" {
                    @for c in &a.commitments { li { (c) } }
                }
            }
            p.links { a href={ "/letters/" (enc(&a.accession)) "?at=" (a.span.start) "-" (a.span.end) "#at" } { "source" } }
        }
    }
}

/// The answers the pairing could not match, and why: a quiet, folded section at the page's end.
fn pairing_notes_html(v: &ThreadView, shown: &[&AnswerView]) -> Markup {
    if v.pairing_notes.is_empty() {
        return html! {};
    }
    let n = v.pairing_notes.len();
    let s = if n == 1 { "" } else { "s" };
    html! {
        details.pairing-notes {
            summary { "Pairing notes: " (n) " answer" (s) " or letter" (s) " not paired with a staff comment" }
            ul {
                @for note in &v.pairing_notes {
                    @let date = d(v.letters.iter().find(|l| l.accession == note.accession).and_then(|l| l.date));
                    @let letter_href = format!("/letters/{}", enc(&note.accession));
                    li {
                        @match note.ordinal {
                            Some(o) if shown.iter().any(|a| a.accession == note.accession && a.ordinal == o) => {
                                a href={ "#a-" (note.accession) "-" (o) } { "answer " (o) " of the response of " (date) }
                            }
                            Some(o) => { "answer " (o) " of the " a href=(letter_href) { "response of " (date) } }
                            None => { "the " a href=(letter_href) { "response of " (date) } }
                        }
                        ": " (note.message) " " code { (note.code) }
                    }
                }
            }
        }
    }
}

/// The body of the review page: letters, each staff comment beside its answers with its chain,
/// the answers left unpaired and the pairing's notes.
fn review_body(v: &ThreadView) -> Markup {
    let company = v.company.clone().unwrap_or_else(|| "Unknown company".into());
    let filings: Vec<String> = v
        .filings
        .iter()
        .map(|f| match f.period {
            Some(p) => format!("{} ({})", f.form, p.format("%Y-%m-%d")),
            None => f.form.clone(),
        })
        .collect();
    let staff: Vec<_> = v.letters.iter().filter(|l| !l.comments.is_empty()).collect();
    let toc = staff.iter().map(|l| l.comments.len()).sum::<usize>() > 6;
    let locs = locs(v);
    let unpaired: Vec<&AnswerView> =
        v.letters.iter().flat_map(|l| l.responses.iter()).filter(|a| a.paired_with.is_none()).collect();
    let file_number = v.filings.iter().find_map(|f| f.file_number.as_deref());
    let edgar = |acc: &str| v.cik.as_deref().and_then(|cik| corresp_model::filing_index_url(cik, acc));
    html! {
        h1 { (company) }
        p.meta {
            @if let Some(cik) = &v.cik { a href={ "/companies/" (enc(cik)) } { "CIK " (cik) } " · " }
            @if !filings.is_empty() { (filings.join(", ")) " · " }
            @if let Some(f) = file_number { "File No. " (f) " · " }
            (v.rounds) " round" @if v.rounds != 1 { "s" } " · "
            span class={ "badge " (status_label(v.status)) } { (status_label(v.status)) }
            @if let Some(n) = v.days_to_complete { " · " (n) " days to complete" }
        }
        ol.timeline aria-label="Letters" {
            @for l in &v.letters {
                li class=(if l.kind.is_staff() { "staff" } else { "company" }) {
                    time { (d(l.date)) } " "
                    a href={ "/letters/" (enc(&l.accession)) } { (kind_label(l.kind)) }
                    @if let Some(r) = l.responds_to { " " span.muted { "answers the letter of " (d(Some(r))) } }
                    @if !l.stored { " " span.muted { "(not stored)" } }
                    @if let Some(u) = edgar(&l.accession) {
                        " " a.edgar href=(u) rel="noopener" { "EDGAR" span.sr { " filing index of the letter of " (d(l.date)) } }
                    }
                }
            }
        }
        @if toc {
            nav.toc aria-label="Comments" {
                h2.sr { "Comments" }
                @for (round, l) in staff.iter().enumerate() {
                    span.toc-round { "Round " (round + 1) }
                    @for c in &l.comments {
                        a href={ "#" (comment_anchor(&l.accession, c.ordinal)) } { (c.number.as_deref().unwrap_or("•")) }
                    }
                }
            }
        }
        @for (round, l) in staff.iter().enumerate() {
            section.round {
                h2 { "Round " (round + 1) ": staff letter of " (d(l.date)) }
                p.draft-link { a href={ "/draft?accession=" (enc(&l.accession)) } { "Draft a response" } }
                div.pair-head aria-hidden="true" { span { "Staff comment" } span { "Company answer" } }
                @let citing = Citing { company: &company, file_number, comment: None, staff_date: l.date };
                @for c in &l.comments { (comment_html(&l.accession, c, &locs, &citing)) }
            }
        }
        @if !unpaired.is_empty() {
            section.round {
                h2 { "Answers not paired with a comment" }
                @for a in &unpaired { (answer_html(a, None)) }
            }
        }
        @if staff.is_empty() && v.letters.iter().all(|l| l.responses.is_empty()) {
            p.none { "No comments were found in this review's letters." }
        }
        (pairing_notes_html(v, &unpaired))
    }
}

/// `/threads/{id}`: the review, each staff comment beside its answers.
pub(crate) async fn review(
    State(s): State<AppState>,
    id: std::result::Result<Path<String>, PathRejection>,
) -> PageResult {
    let Path(id) = id?;
    check_key("thread id", &id)?;
    let idc = id.clone();
    let td = blocking(&s, move |b| b.thread(&idc))
        .await?
        .ok_or_else(|| Error::NotFound(format!("no review {id:?}")))?;
    let v = thread_view(&td);
    let company = v.company.clone().unwrap_or_else(|| "Unknown company".into());
    Ok(page(&company, "Reviews", notice(&s).as_deref(), review_body(&v)))
}

/// `?at=START-END`: a span to show in a letter's text.
#[derive(Deserialize)]
pub(crate) struct At {
    at: Option<String>,
}

/// `/letters/{accession}`: the letter's text, with a span marked when `?at=` is given.
pub(crate) async fn letter(
    State(s): State<AppState>,
    acc: std::result::Result<Path<String>, PathRejection>,
    at: std::result::Result<Query<At>, QueryRejection>,
) -> PageResult {
    let Path(acc) = acc?;
    let Query(at) = at?;
    let doc = load_letter(&s, acc).await?;
    let span = at.at.as_deref().and_then(|a| {
        let (x, y) = a.split_once('-')?;
        Some((x.parse::<usize>().ok()?, y.parse::<usize>().ok()?))
    });
    let l = &doc.letter;
    let marks: Vec<(usize, usize, &str)> = span.map(|(a, b)| vec![(a, b, "at")]).unwrap_or_default();
    let body = html! {
        h1 { (kind_label(l.kind)) ": " (doc.edgar.company.as_deref().or(l.company.as_deref()).unwrap_or("Unknown company")) }
        p.meta {
            (d(l.date.or(doc.edgar.filing_date))) " · accession " (doc.accession)
            @if let Some(form) = &doc.edgar.form { " · EDGAR " (form) }
            @if let Some(t) = &doc.thread_id { " · " a href={ "/threads/" (enc(t)) } { "the review" } }
            @if let Some(u) = doc.edgar.cik.as_deref().and_then(|cik| corresp_model::filing_index_url(cik, &doc.accession)) {
                " · " a.edgar href=(u) rel="noopener" { "EDGAR filing index" }
            }
            " · " a href={ "/api/v1/letters/" (enc(&doc.accession)) } { "JSON" }
        }
        pre.source { (marked(&doc.text.text, &marks)) }
    };
    Ok(page(&format!("Letter {}", doc.accession), "", notice(&s).as_deref(), body))
}

/// `/companies/{cik}`: a company's reviews over time.
pub(crate) async fn company(
    State(s): State<AppState>,
    cik: std::result::Result<Path<String>, PathRejection>,
) -> PageResult {
    let Path(cik) = cik?;
    check_key("CIK", &cik)?;
    let f = ThreadFilter { cik: Some(cik.clone()), ..Default::default() };
    let mut list = blocking(&s, move |b| b.threads(&f)).await?;
    if list.is_empty() {
        return Err(Error::NotFound(format!("no reviews for CIK {cik}")).into());
    }
    list.sort_by_key(first_date);
    let name = list.iter().rev().find_map(|t| t.company.clone()).unwrap_or_else(|| format!("CIK {cik}"));
    let body = html! {
        h1 { (name) }
        p.meta { "CIK " (cik) " · " (list.len()) " reviews" }
        (timeline_svg(&list))
        (thread_table(&list))
    };
    Ok(page(&name, "Reviews", notice(&s).as_deref(), body))
}

/// One bar per review from its first to its last letter, on a shared time axis.
fn timeline_svg(list: &[Thread]) -> Markup {
    let spans: Vec<(NaiveDate, NaiveDate, &Thread)> = list
        .iter()
        .filter_map(|t| {
            let ds: Vec<NaiveDate> = t.letters.iter().filter_map(|l| l.date.or(l.filing_date)).collect();
            Some((*ds.iter().min()?, *ds.iter().max()?, t))
        })
        .collect();
    let (Some(y0), Some(y1)) =
        (spans.iter().map(|s| s.0.year()).min(), spans.iter().map(|s| s.1.year()).max())
    else {
        return html! {};
    };
    let (w, row, left) = (720.0, 22.0, 10.0);
    let years = (y1 - y0 + 1) as f64;
    let x = |d: NaiveDate| {
        left + (d.year() - y0) as f64 * (w - 2.0 * left) / years
            + d.ordinal0() as f64 / 366.0 * (w - 2.0 * left) / years
    };
    let h = 30.0 + row * spans.len() as f64;
    let f1 = |v: f64| format!("{v:.1}");
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="Reviews over time" {
                title { "Reviews over time" }
                @for y in y0..=y1 {
                    @let xx = x(NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default());
                    line x1=(f1(xx)) x2=(f1(xx)) y1="0" y2=(h) class="grid" {}
                    text x=(f1(xx + 3.0)) y=(f1(h - 6.0)) class="axis" { (y) }
                }
                @for (i, (a, b, t)) in spans.iter().enumerate() {
                    @let y = 6.0 + row * i as f64;
                    @let (xa, xb) = (x(*a), x(*b).max(x(*a) + 4.0));
                    rect x=(f1(xa)) y=(f1(y)) width=(f1(xb - xa)) height="14" rx="3" class={ "bar " (status_label(t.status)) } {}
                    @let label = format!("{} · {} round{} · {}", filings_label(t), t.rounds, if t.rounds == 1 { "" } else { "s" }, status_label(t.status));
                    @let right = xb + 6.0 + 7.0 * label.chars().count() as f64 > w;
                    text x=(f1(if right { xa - 6.0 } else { xb + 6.0 })) y=(f1(y + 11.0)) class="axis label" text-anchor=(if right { "end" } else { "start" }) { (label) }
                }
            }
            figcaption { "Each bar runs from a review's first letter to its last; the table below opens each review." }
        }
    }
}

/// Characters of a precedent's answer shown before "show the whole answer".
const ANSWER_SHOWN: usize = 600;

/// The first `n` characters of `s`, cut at a word, and whether it was cut.
fn truncated(s: &str, n: usize) -> (String, bool) {
    if s.chars().count() <= n {
        return (s.to_string(), false);
    }
    let cut: String = s.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).to_string();
    (format!("{cut} …"), true)
}

/// The precedents of a comment: each with its company, date, caption, score, outcome and the
/// company's answers (labelled, truncated, the whole text one click away).
fn similar_list(list: &[SimilarComment]) -> Markup {
    html! {
        ol.hits.similar {
            @for c in list {
                @let href = match &c.thread_id {
                    Some(t) => format!("/threads/{}#c-{}-{}", enc(t), enc(&c.accession), c.ordinal),
                    None => format!("/letters/{}", enc(&c.accession)),
                };
                li.hit {
                    a.hit-title href=(href) {
                        (c.company.as_deref().unwrap_or("Unknown company")) " · staff comment " (c.number.as_deref().unwrap_or("•"))
                    }
                    " " span.muted { "letter of " (d(c.date)) " · similarity " (format!("{:.2}", c.score)) }
                    @if !c.headings.is_empty() { p.caption { (c.headings.join(" › ")) } }
                    @let (text, _) = truncated(&c.text, ANSWER_SHOWN);
                    p.snippet { (text) }
                    p.outcome-line {
                        @match &c.outcome {
                            Some(o) => {
                                @if o.last_round > 1 {
                                    span.badge.open { "staff followed up: last raised in round " (o.last_round) }
                                } @else {
                                    span.badge.complete { "no staff follow-up" }
                                }
                                " " span.badge { @match o.closed_by { ClosedBy::ReviewComplete => "review closed", ClosedBy::Open => "review still open" } }
                                @if let Some(a) = answer_label(o.answer, &o.answer_parts) { " " span.badge { "last answer: " (a) } }
                            }
                            None => span.muted { "outcome not recorded" },
                        }
                    }
                    @for (i, a) in c.answers.iter().enumerate() {
                        @let (short, cut) = truncated(&a.text, ANSWER_SHOWN);
                        div.answer.precedent-answer {
                            header {
                                strong { "Company answer" @if c.answers.len() > 1 { " " (i + 1) } }
                                @if let Some(x) = &a.answer { " " span.badge { (snake_words(x)) } }
                                " " a href={ "/letters/" (enc(&a.accession)) } { "response " (a.accession) }
                            }
                            @if cut {
                                details {
                                    summary { (short) " " span.more { "Show the whole answer" } }
                                    div.text { (paragraphs_with(&a.text, &[], |p| html! { (p) })) }
                                }
                            } @else {
                                div.text { (paragraphs_with(&a.text, &[], |p| html! { (p) })) }
                            }
                        }
                    }
                    @if c.answers.is_empty() { p.none { "No answer paired with this comment." } }
                }
            }
            @if list.is_empty() { li.none { "No similar comments." } }
        }
    }
}

/// The box to paste a comment of one's own into.
fn similar_form(text: &str) -> Markup {
    html! {
        form.check.similar-form method="get" action="/similar" {
            label for="similar-text" { "Paste a staff comment to find how others answered comments like it" }
            textarea #similar-text name="text" rows="5" required { (text) }
            button type="submit" { "Find similar comments" }
        }
    }
}

/// `/similar/{accession}/{ordinal}`: comments like this one, with their answers.
pub(crate) async fn similar(
    State(s): State<AppState>,
    p: std::result::Result<Path<(String, u32)>, PathRejection>,
) -> PageResult {
    let Path((acc, ord)) = p?;
    check_key("accession", &acc)?;
    let a2 = acc.clone();
    let (list, doc) = blocking(&s, move |b| Ok((b.similar(&a2, ord, 10)?, b.letter(&a2)?))).await?;
    let comment = doc.as_ref().and_then(|d| d.letter.comments.iter().find(|c| c.ordinal == ord));
    let company = doc.as_ref().and_then(|d| d.edgar.company.clone().or(d.letter.company.clone()));
    let label = match comment.and_then(|c| c.number.as_deref()) {
        Some(n) => format!("comment {n}"),
        None => format!("comment {ord}"),
    };
    let body = html! {
        h1 { "Comments like " (label) " to " (company.as_deref().unwrap_or("Unknown company")) }
        @if let Some(c) = comment {
            figure.matched {
                figcaption {
                    "Staff " (label) ", letter of " (d(doc.as_ref().and_then(|d| d.letter.date))) " · "
                    a href={ "/letters/" (enc(&acc)) } { "accession " (acc) }
                    @if !c.headings.is_empty() { " · " (c.headings.join(" › ")) }
                }
                blockquote { (paragraphs_with(&c.text, &[], |p| html! { (p) })) }
            }
        }
        h2 { (list.len()) " similar comment" @if list.len() != 1 { "s" } " from other reviews" }
        (similar_list(&list))
        details.paste {
            summary { "Or paste a comment of your own" }
            (similar_form(""))
        }
    };
    Ok(page(&format!("Comments like {label}"), "Search", notice(&s).as_deref(), body))
}

/// `?text=`: a pasted comment.
#[derive(Deserialize)]
pub(crate) struct SimilarText {
    text: Option<String>,
}

/// Longest pasted comment, in characters.
const MAX_PASTED: usize = 20_000;

/// `/similar?text=...`: comments like a pasted one (the CLI's `similar --text`).
pub(crate) async fn similar_text(
    State(s): State<AppState>,
    q: std::result::Result<Query<SimilarText>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let text = q.text.unwrap_or_default().trim().to_string();
    if text.chars().count() > MAX_PASTED {
        return Err(Error::TooLarge(format!("pasted text longer than {MAX_PASTED} characters")).into());
    }
    let list = if text.is_empty() {
        None
    } else {
        let t2 = text.clone();
        Some(blocking(&s, move |b| b.similar_text(&t2, 10)).await?)
    };
    let body = html! {
        h1 { "Similar comments" }
        p.lede { "Paste a staff comment (yours, or one not stored here): the comments most like it come back with how the companies answered and how their reviews ended." }
        (similar_form(&text))
        @if let Some(list) = &list {
            h2 { (list.len()) " similar comment" @if list.len() != 1 { "s" } }
            (similar_list(list))
        }
    };
    Ok(page("Similar comments", "Search", notice(&s).as_deref(), body))
}

/// A definition the statistics differ on: its query name, its label and its choices
/// `(value, words)`, the default first, in the order of the stats crate's enum.
struct Switch {
    name: &'static str,
    label: &'static str,
    choices: &'static [(&'static str, &'static str)],
}

/// The switches of `corresp stats` (README, "Statistics and their definitions"), with the CLI's
/// values as query values.
const SWITCHES: [Switch; 5] = [
    Switch {
        name: "letters",
        label: "Letters per review counts",
        choices: &[
            ("staff-comments", "staff comment letters only"),
            ("all", "every letter of the conversation"),
        ],
    },
    Switch {
        name: "year",
        label: "A review's year",
        choices: &[
            ("review", "the year of its first staff letter"),
            ("calendar", "the year of its last letter"),
            ("june", "the year to June 30"),
        ],
    },
    Switch {
        name: "forms",
        label: "Reviews counted",
        choices: &[("all", "every review"), ("periodic", "reviews of a 10-K or 10-Q only")],
    },
    Switch {
        name: "start",
        label: "A review starts at",
        choices: &[
            ("first-staff-letter", "the first staff letter"),
            ("filing", "the reviewed filing's filing date"),
        ],
    },
    Switch {
        name: "end",
        label: "A review ends at",
        choices: &[
            ("review-complete", "the review-complete letter (open reviews left out of the days)"),
            ("last-letter", "the thread's last letter"),
        ],
    },
];

/// The choice of each switch in `d`, as an index into its `choices`.
fn choices_of(d: &StatsDefinitions) -> [usize; 5] {
    [d.letters as usize, d.year as usize, d.forms as usize, d.start as usize, d.end as usize]
}

/// The definitions a query asks for (`?letters=all&year=june...`); an absent or blank switch is
/// its default, an unknown value a bad request. Also the `rows` of a download.
fn stats_query(pairs: &[(String, String)]) -> Result<(StatsDefinitions, StatsRows), Error> {
    let mut ix = [0usize; 5];
    let mut rows = StatsRows::Threads;
    for (k, v) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let v = v.trim();
        if k == "rows" {
            rows = match v {
                "threads" => StatsRows::Threads,
                "comments" => StatsRows::Comments,
                _ => return Err(Error::BadRequest(format!("rows must be threads or comments, not {v:?}"))),
            };
        } else if let Some(i) = SWITCHES.iter().position(|sw| sw.name == k) {
            let sw = &SWITCHES[i];
            ix[i] = sw.choices.iter().position(|(c, _)| *c == v).ok_or_else(|| {
                let all: Vec<&str> = sw.choices.iter().map(|c| c.0).collect();
                Error::BadRequest(format!("{k} must be one of {}, not {v:?}", all.join(", ")))
            })?;
        }
    }
    let defs = StatsDefinitions {
        letters: if ix[0] == 1 { LetterScope::All } else { LetterScope::StaffComments },
        year: match ix[1] {
            1 => YearBasis::Calendar,
            2 => YearBasis::JuneYear,
            _ => YearBasis::ReviewYear,
        },
        forms: if ix[2] == 1 { FormScope::PeriodicOnly } else { FormScope::All },
        start: if ix[3] == 1 { StartPoint::FilingDate } else { StartPoint::FirstStaffLetter },
        end: if ix[4] == 1 { EndPoint::LastLetter } else { EndPoint::ReviewComplete },
    };
    Ok((defs, rows))
}

/// The query of `defs` with the defaults left out (empty for Deloitte's definitions).
fn defs_query(d: &StatsDefinitions) -> Vec<(&'static str, String)> {
    SWITCHES
        .iter()
        .zip(choices_of(d))
        .filter(|(_, i)| *i != 0)
        .map(|(sw, i)| (sw.name, sw.choices[i].0.to_string()))
        .collect()
}

fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() { path.to_string() } else { format!("{path}?{}", query(pairs)) }
}

type Pairs = std::result::Result<Query<Vec<(String, String)>>, QueryRejection>;

/// `/stats`: the statistics under the definitions of the query, their charts, the form that
/// switches the definitions and the downloads of the rows behind them.
pub(crate) async fn stats(State(s): State<AppState>, q: Pairs) -> PageResult {
    let Query(pairs) = q?;
    let (asked, _) = stats_query(&pairs)?;
    let view = blocking(&s, move |b| b.stats_under(&asked)).await?;
    let st = &view.stats;
    // What was used: a backend without the switches answers under its own definitions.
    let defs = st.definitions;
    let chosen = choices_of(&defs);
    let f1 = |x: f64, digits: usize| format!("{x:.digits$}");
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let counted = st.reviews > 0;
    let letters_label = match defs.letters {
        LetterScope::StaffComments => "Letters per review (staff comment letters)",
        LetterScope::All => "Letters per review, every letter",
    };
    // A figure the store does not have is left out rather than shown as a dash.
    let figures: Vec<(&str, String)> = [
        ("Reviews", Some(st.reviews.to_string())),
        ("Staff letters per review", counted.then(|| f1(st.staff_letters_per_review, 2))),
        (letters_label, (counted && defs.letters == LetterScope::All).then(|| f1(st.letters_per_review, 2))),
        ("Days to complete, median", st.days_to_complete.median.map(|x| f1(x, 0))),
        ("Days to complete, mean", st.days_to_complete.mean.map(|x| f1(x, 1))),
        ("Completed within 60 days", st.days_to_complete.share_within_60.map(pct)),
        ("Closed after one or two staff letters", st.share_one_or_two_letters.map(pct)),
    ]
    .into_iter()
    .filter_map(|(l, v)| Some((l, v?)))
    .collect();
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for y in st.topics_by_year.values() {
        for (t, share) in y {
            *totals.entry(t.as_str()).or_default() += share;
        }
    }
    let mut topics: Vec<(&str, f64)> = totals.into_iter().collect();
    topics.sort_by(|a, b| b.1.total_cmp(&a.1));
    topics.truncate(8);
    let q = defs_query(&defs);
    let comments_q: Vec<(&str, String)> =
        q.iter().cloned().chain([("rows", "comments".to_string())]).collect();
    let this_year = chrono::Utc::now().year();
    let body = html! {
        h1 { "Statistics" }
        form.filters.stats-defs method="get" action="/stats" aria-label="Definitions" {
            @for (i, sw) in SWITCHES.iter().enumerate() {
                @if sw.name == "forms" {
                    label.inline {
                        input type="checkbox" name="forms" value="periodic" checked[chosen[i] == 1];
                        " 10-K and 10-Q reviews only"
                    }
                } @else {
                    label { (sw.label)
                        select name=(sw.name) {
                            @for (j, (value, words)) in sw.choices.iter().enumerate() {
                                option value=(value) selected[chosen[i] == j] { (words) }
                            }
                        }
                    }
                }
            }
            button type="submit" { "Recompute" }
            @if !q.is_empty() { a href="/stats" { "Defaults (Deloitte)" } }
        }
        dl.figures {
            @for (label, v) in &figures { div { dt { (label) } dd { (v) } } }
        }
        p.downloads {
            "Download the reviews behind these figures: "
            a href=(with_query("/stats.csv", &q)) download { "CSV" } ", "
            a href=(with_query("/stats.parquet", &q)) download { "Parquet" }
            "; their staff comments: "
            a href=(with_query("/stats.csv", &comments_q)) download { "CSV" } ", "
            a href=(with_query("/stats.parquet", &comments_q)) download { "Parquet" } "."
        }
        @for c in &view.charts {
            figure.chart {
                // The SVG comes from our own statistics code (crates/stats), which escapes every
                // text in it: the one markup the pages take as it is.
                (PreEscaped(&c.svg))
                // The chart draws its own title: the caption is then for screen readers only.
                @if c.svg.contains(&format!(">{}</text>", c.title)) { figcaption.sr { (c.title) } }
                @else { figcaption { (c.title) } }
            }
        }
        @if !st.topics_by_year.is_empty() {
            h2 { "Topics by year" }
            p.muted { "Share of reviews' staff letters that raise each topic." }
            div.table-wrap {
                table {
                    thead { tr {
                        th scope="col" { "Year" }
                        @for (t, _) in &topics { th scope="col" { (topic_name(t)) } }
                    } }
                    tbody {
                        @for (year, y) in &st.topics_by_year {
                            tr {
                                th scope="row" {
                                    (year)
                                    @if year.parse::<i32>().ok() == Some(this_year) { " " span.muted { "(partial year)" } }
                                }
                                @for (t, _) in &topics {
                                    td { (pct(y.get(*t).copied().unwrap_or(0.0))) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 #definitions { "Definitions" }
        p.muted { "A review is a thread with at least one staff comment letter. The defaults follow Deloitte." }
        dl.defs {
            @for (i, sw) in SWITCHES.iter().enumerate() {
                dt { (sw.label) }
                dd { (sentence_case(sw.choices[chosen[i]].1)) }
            }
        }
    };
    Ok(page("Statistics", "Statistics", notice(&s).as_deref(), body))
}

/// `/stats.csv`: the rows behind the statistics page under the same definitions (`rows=comments`
/// for the staff comments).
pub(crate) async fn stats_csv(
    State(s): State<AppState>,
    q: Pairs,
) -> std::result::Result<Response, PageError> {
    stats_download(s, q, TableFormat::Csv).await
}

/// `/stats.parquet`: as `/stats.csv`, as Apache Parquet.
pub(crate) async fn stats_parquet(
    State(s): State<AppState>,
    q: Pairs,
) -> std::result::Result<Response, PageError> {
    stats_download(s, q, TableFormat::Parquet).await
}

async fn stats_download(
    s: AppState,
    q: Pairs,
    format: TableFormat,
) -> std::result::Result<Response, PageError> {
    let Query(pairs) = q?;
    let (defs, rows) = stats_query(&pairs)?;
    let bytes = blocking(&s, move |b| b.stats_table(&defs, rows, format)).await?;
    let name = if rows == StatsRows::Comments { "comments" } else { "reviews" };
    let (ct, ext) = match format {
        TableFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        TableFormat::Parquet => ("application/vnd.apache.parquet", "parquet"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{ext}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// "days to complete" is "Days to complete".
fn sentence_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Consistent => "consistent",
        Verdict::Inconsistent => "inconsistent",
        Verdict::Unverifiable => "unverifiable",
    }
}

/// The unit a claim's stated figure is printed in, when its kind says so (a sum or a difference
/// may be of money or of percentages, a point change of points or basis points: no unit then).
fn claim_unit(kind: corresp_model::ClaimKind) -> &'static str {
    use corresp_model::ClaimKind as K;
    match kind {
        K::PercentChange | K::ShareOfTotal => " %",
        _ => "",
    }
}

/// Decimals of a figure whose rounding allows a range `width` wide (`0.1` wide: one decimal).
fn decimals_of(width: f64) -> usize {
    if !(width.is_finite() && width > 0.0) {
        return 2;
    }
    (-width.log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize
}

/// A range printed outward at `d` decimals, so rounding for reading never narrows it.
fn range_words(lo: f64, hi: f64, d: usize, unit: &str) -> String {
    if !(lo.is_finite() && hi.is_finite()) {
        return "any value".into();
    }
    let k = 10f64.powi(d as i32);
    // Outward, but a bound already at `d` decimals (35.95 stored as 35.949999…) stays put.
    let snap = |x: f64, out: fn(f64) -> f64| if (x - x.round()).abs() < 1e-6 { x.round() } else { out(x) };
    let (lo, hi) = (snap(lo * k, f64::floor) / k, snap(hi * k, f64::ceil) / k);
    format!("{lo:.d$}{unit}\u{2013}{hi:.d$}{unit}")
}

/// The tolerance of a claim in words: "stated 36.0 (may stand for 35.95–36.05); recomputed
/// 34.90–35.10 from the rounded figures: does not hold".
fn tolerance_words(c: &corresp_model::Claim) -> Option<String> {
    let t = c.tolerance?;
    let unit = claim_unit(c.kind);
    let d = decimals_of(t.stated[1] - t.stated[0]);
    let stated =
        c.stated.map_or_else(|| "the stated figure".to_string(), |v| format!("stated {v:.d$}{unit}"));
    let outcome = match c.verdict {
        Verdict::Consistent => "holds",
        Verdict::Inconsistent => "does not hold",
        Verdict::Unverifiable => "cannot be settled (a bound, or a figure that is itself in doubt)",
    };
    Some(format!(
        "{stated} (may stand for {}); recomputed {} from the rounded figures: {outcome}",
        range_words(t.stated[0], t.stated[1], d + 1, unit),
        range_words(t.computed[0], t.computed[1], d + 1, unit),
    ))
}

/// The table cells a claim reads: "table 1, row 3, column 2".
fn cells_words(c: &corresp_model::Claim) -> Option<String> {
    if c.cells.is_empty() {
        return None;
    }
    let cells: Vec<String> = c
        .cells
        .iter()
        .map(|r| format!("table {}, row {}, column {}", r.table + 1, r.row + 1, r.col + 1))
        .collect();
    Some(format!("Reads {}", cells.join("; ")))
}

fn check_page(text: &str, result: Option<&[corresp_model::Claim]>) -> Markup {
    let n = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_else(|| "–".into());
    html! {
        h1 { "Check figures" }
        p.lede { "Paste disclosure text: every percentage change, share of a total, currency translation and sum that can be recomputed is marked consistent or not." }
        form.check method="post" action="/check" {
            label for="text" { "Disclosure text" }
            textarea #text name="text" rows="10" required { (text) }
            button type="submit" { "Check " span.muted { "(Ctrl+Enter)" } }
        }
        @if let Some(claims) = result {
            @let n_bad = claims.iter().filter(|c| c.verdict == Verdict::Inconsistent).count();
            @let marks: Vec<(usize, usize, &str)> = claims.iter().map(|c| (c.start, c.end, verdict_name(c.verdict))).collect();
            section.check-result aria-live="polite" {
                h2 { (claims.len()) " figure statement" @if claims.len() != 1 { "s" } " found, " (n_bad) " inconsistent" }
                div.checked-text { (marked(text, &marks)) }
                div.table-wrap {
                    table.claims {
                        thead { tr {
                            th scope="col" { "Statement" } th scope="col" { "Stated" }
                            th scope="col" { "Recomputed" } th scope="col" { "Verdict" }
                        } }
                        tbody {
                            @for c in claims {
                                @let v = verdict_name(c.verdict);
                                tr class=(v) {
                                    td {
                                        (c.text)
                                        @if let Some(t) = tolerance_words(c) { p.tolerance { (t) } }
                                        @if let Some(w) = cells_words(c) { p.cells { (w) } }
                                    }
                                    td { (n(c.stated)) } td { (n(c.computed)) }
                                    td {
                                        span class={ "badge " (v) } { (v) }
                                        @if c.weak {
                                            " " span.badge.weak title="The rounded figures allow so wide a range that almost any figure would pass: it holds, but says little." { "weak" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /check`: the form.
pub(crate) async fn check_form(State(s): State<AppState>) -> PageResult {
    Ok(page("Check figures", "Check", notice(&s).as_deref(), check_page("", None)))
}

#[derive(Deserialize)]
pub(crate) struct CheckForm {
    text: String,
}

/// `POST /check`: the form with each figure marked.
pub(crate) async fn check_post(
    State(s): State<AppState>,
    form: std::result::Result<Form<CheckForm>, FormRejection>,
) -> PageResult {
    let Form(f) = form?;
    if f.text.len() > s.limits.max_check {
        return Err(Error::TooLarge(format!("text longer than {} bytes", s.limits.max_check)).into());
    }
    let text = f.text.replace("\r\n", "\n");
    let t2 = text.clone();
    let claims = blocking(&s, move |b| Ok(b.check(&t2))).await?;
    Ok(page("Check figures", "Check", notice(&s).as_deref(), check_page(&text, Some(&claims))))
}

#[cfg(test)]
mod tests {
    //! The review page's citation links, comment chains, answer parts and pairing notes, rendered
    //! from small hand-made threads.
    use super::*;
    use crate::testkit;
    use corresp_model::{PairingNote, Response, Span};

    const STAFF1: &str = "0000000000-24-000001";
    const RESP1: &str = "0001234567-24-000010";
    const STAFF2: &str = "0000000000-24-000002";

    /// The `<article>` of one comment.
    fn article<'a>(body: &'a str, acc: &str, ordinal: u32) -> &'a str {
        let id = format!("id=\"c-{acc}-{ordinal}\"");
        body.split(id.as_str())
            .nth(1)
            .unwrap_or_else(|| panic!("no {id}"))
            .split("</article>")
            .next()
            .unwrap()
    }

    #[test]
    fn the_outcome_filter_is_kept_by_every_facet_link_and_hits_show_their_outcome() {
        let q = SearchQuery { q: "segments".into(), kind: Some("comment".into()), ..Default::default() };
        let on = facet_href(&q, "outcome", Some("first-round"));
        assert_eq!(on, "/?q=segments&kind=comment&outcome=first-round");
        let q = SearchQuery { outcome: Some("first-round".into()), ..q };
        assert!(facet_href(&q, "year", Some("2020")).ends_with("&outcome=first-round"));
        assert!(!facet_href(&q, "outcome", None).contains("outcome"));
        let o = corresp_model::Outcome {
            last_round: 2,
            closed_by: corresp_model::ClosedBy::ReviewComplete,
            answer: None,
            answer_parts: vec![],
        };
        assert!(outcome_badge(&o).into_string().contains("last raised in round 2, review closed"));
    }

    #[test]
    fn prior_comment_links_to_the_earlier_comment_and_each_comment_shows_its_chain() {
        let v = thread_view(&testkit::sample_thread());
        let body = review_body(&v).into_string();
        // Round 2's comment 1 says "We note your response to prior comment 2": the citation links
        // to round 1's comment 2, whose anchor is on the same page.
        let later = article(&body, STAFF2, 1);
        assert!(
            later.contains(&format!(
                "<a class=\"cite\" href=\"#c-{STAFF1}-2\" title=\"comment 2 (round 1), explicit follow-up\">prior comment 2</a>"
            )),
            "{later}"
        );
        assert!(body.contains(&format!("id=\"c-{STAFF1}-2\"")));
        assert!(later.contains(&format!(
            "<li class=\"raised\">raised in round 2, continuing <a href=\"#c-{STAFF1}-2\">comment 2 (round 1)</a> <span class=\"how\">(explicit)</span></li>"
        )));
        assert!(later.contains("<li class=\"answered\">answered: provided info</li>"));
        assert!(later.contains("<li class=\"outcome resolved\">resolved in round 2, not raised again</li>"));
        // Round 1's comment 2: raised → declined → followed up (explicitly) → resolved in round 2.
        let earlier = article(&body, STAFF1, 2);
        assert!(
            earlier.contains(&format!(
                "<ol class=\"chain\" aria-label=\"What became of comment 2\"><li class=\"raised\">raised in round 1</li>\
<li class=\"answered\">answered: declined</li>\
<li class=\"followed\">followed up in <a href=\"#c-{STAFF2}-1\">comment 1 (round 2)</a> <span class=\"how\">(explicit)</span></li>\
<li class=\"outcome resolved\">resolved in round 2, review closed (last answer: provided info)</li></ol>"
            )),
            "{earlier}"
        );
        // Round 1's comment 1 never came back.
        let first = article(&body, STAFF1, 1);
        assert!(first.contains("resolved in round 1, not raised again"), "{first}");
        assert!(!first.contains("class=\"cite\""));
        assert!(!first.contains("class=\"followed\""));
    }

    fn lt(text: &str, targets: &[Target]) -> String {
        linked_text(text, targets).into_string()
    }

    #[test]
    fn citations_link_only_to_the_comments_the_record_names() {
        let t = |number: &str, round: u32, date: (i32, u32, u32), href: &str| Target {
            number: Some(number.into()),
            round: Some(round),
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
            href: href.into(),
            label: "t".into(),
            how: None,
        };
        let one = [t("2", 1, (2024, 1, 8), "#r1-2")];
        let html = lt("Refer to prior comment 2, to comment 3 of our letter and to comment 2 above.", &one);
        assert_eq!(
            html,
            "Refer to <a class=\"cite\" href=\"#r1-2\" title=\"t\">prior comment 2</a>, to comment 3 of our letter and to comment 2 above."
        );
        // Nothing the record names: no link, whatever the number.
        assert_eq!(lt("See prior comment 2.", &[]), "See prior comment 2.");
        // Two earlier letters each hold a comment 2: the date named decides; undated means the
        // latest letter, as the record reads it; a date naming neither links nothing.
        let two = [t("2", 1, (2024, 1, 8), "#r1-2"), t("2.", 2, (2024, 3, 1), "#r2-2")];
        assert!(lt("See comment 2 of our letter dated January 8, 2024.", &two).contains("href=\"#r1-2\""));
        assert!(lt("See prior comment two.", &two).contains("href=\"#r2-2\""));
        assert!(!lt("See comment 2 of our letter dated May 5, 2024.", &two).contains("<a"));
        // "comments 1 and 2": each number its own link; "our previous comment" when it continues one.
        let pair = [t("1", 1, (2024, 1, 8), "#a"), t("2", 1, (2024, 1, 8), "#b")];
        assert_eq!(
            lt("Refer to prior comments 1 and 2.", &pair),
            "Refer to <a class=\"cite\" href=\"#a\" title=\"t\">prior comments 1</a> and <a class=\"cite\" href=\"#b\" title=\"t\">2</a>."
        );
        assert_eq!(
            lt("We reissue our previous comment.", &one),
            "We reissue our <a class=\"cite\" href=\"#r1-2\" title=\"t\">previous comment</a>."
        );
        assert!(!lt("We reissue our previous comment.", &pair).contains("<a"));
        // Hostile text around a citation stays text.
        assert_eq!(
            lt("<b>prior comment 2</b>", &one),
            "&lt;b&gt;<a class=\"cite\" href=\"#r1-2\" title=\"t\">prior comment 2</a>&lt;/b&gt;"
        );
    }

    #[test]
    fn mixed_answers_show_their_parts_unpaired_answers_their_notes_and_stored_text_is_escaped() {
        let mut td = testkit::sample_thread();
        let c = &mut td.docs[2].letter.comments[0];
        c.text = format!("<script>alert(1)</script>{} <img src=x onerror=alert(2)>", c.text);
        c.headings = vec!["\"><svg onload=alert(3)>".into()];
        let r = &mut td.docs[1].letter.responses;
        r[1].answer = Some(AnswerType::Mixed);
        r[1].answer_parts = vec![AnswerType::WillRevise, AnswerType::Declined];
        r.push(Response {
            ordinal: 3,
            comment_number: Some("9".into()),
            text: "<iframe src=javascript:alert(4)>".into(),
            span: Span::new(0, 5),
            ..Default::default()
        });
        let mut v = thread_view(&td);
        v.pairing_notes.push(PairingNote {
            accession: RESP1.into(),
            ordinal: None,
            code: "<i>x</i>".into(),
            message: "<script>alert(5)</script>".into(),
        });
        let body = review_body(&v).into_string();
        for bad in ["<script", "<img", "<svg", "<iframe", "<i>"] {
            assert!(!body.contains(bad), "{bad} got through");
        }
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(body.contains("&quot;&gt;&lt;svg onload=alert(3)&gt;"));
        // The citation is still linked inside the hostile text.
        assert!(article(&body, STAFF2, 1).contains(&format!("href=\"#c-{STAFF1}-2\" title=")));
        // The mixed answer: its badge and its comment's chain name the parts.
        let c2 = article(&body, STAFF1, 2);
        assert!(
            c2.contains("<span class=\"badge answer-mixed\">mixed: will revise + declined</span>"),
            "{c2}"
        );
        assert!(c2.contains("<li class=\"answered\">answered: mixed: will revise + declined</li>"));
        // The answer to a comment 9 the letter lacks: shown unpaired, and its note says why.
        let notes = body.split("<details class=\"pairing-notes\">").nth(1).expect("pairing notes");
        assert!(body.contains(&format!("id=\"a-{RESP1}-3\"")));
        assert!(
            notes.contains(&format!("<a href=\"#a-{RESP1}-3\">answer 3 of the response of Feb 5, 2024</a>:"))
        );
        assert!(notes.contains("<code>no_such_comment</code>"), "{notes}");
        assert!(notes.contains("&lt;script&gt;alert(5)&lt;/script&gt; <code>&lt;i&gt;x&lt;/i&gt;</code>"));
    }

    #[test]
    fn bold_runs_are_kept_in_reflowed_paragraphs_in_order_and_escaped() {
        let text = "Revenue Recognition\nWe note that you recognise\nrevenue on shipment.\n\nThe <b> tag and Revenue again.";
        let bold = [[0, 19], [text.find("<b>").unwrap(), text.find("<b>").unwrap() + 3]];
        let html = paragraphs_with(text, &bold, |p| html! { (p) }).into_string();
        assert!(html.starts_with("<p><strong>Revenue Recognition</strong>"), "{html}");
        // Only the run that was bold, not the other "Revenue"; markup inside a run still escaped.
        assert_eq!(html.matches("<strong>").count(), 2, "{html}");
        assert!(html.contains("<strong>&lt;b&gt;</strong> tag and Revenue again."), "{html}");
        // Ranges off the text or off character boundaries are skipped, never a panic.
        let odd = paragraphs_with("Ávila", &[[1, 2], [3, 99]], |p| html! { (p) }).into_string();
        assert_eq!(odd, "<p>Ávila</p>");
    }
}
