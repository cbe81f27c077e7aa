//! One function per page. Each gathers its data through the same helpers as the API, then writes
//! HTML with [`esc`] on every value that came from a letter.

use std::collections::BTreeMap;
use std::fmt::Write;

use axum::Form;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::Html;
use chrono::{Datelike, NaiveDate};
use corresp_model::{LetterKind, Thread, ThreadStatus, Verdict};
use serde::Deserialize;

use super::{PageResult, enc, esc, marked, page};
use crate::AppState;
use crate::api::{blocking, check_key, load_letter, run_search};
use crate::error::Error;
use crate::review::{AnswerView, CommentView, thread_view};
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

fn search_box(q: &str) -> String {
    format!(
        "<form class=\"search\" role=\"search\" action=\"/\" method=\"get\">\
<label for=\"q\" class=\"sr\">Search comments and answers</label>\
<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" placeholder=\"non-GAAP adjusted EBITDA, segment reporting…\" autofocus>\
<button type=\"submit\">Search</button></form>",
        esc(q)
    )
}

fn hit_href(h: &Hit) -> String {
    match (&h.thread_id, h.kind.as_str(), h.ordinal) {
        (Some(t), "comment", Some(o)) => format!("/threads/{}#c-{}-{o}", enc(t), esc(&h.accession)),
        (Some(t), "response", Some(o)) => format!("/threads/{}#a-{}-{o}", enc(t), esc(&h.accession)),
        _ => format!("/letters/{}", enc(&h.accession)),
    }
}

/// `/`: the search page with facets and snippets.
pub(crate) async fn search(
    State(s): State<AppState>,
    q: std::result::Result<Query<SearchQuery>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let mut body = String::from("<h1 class=\"sr\">Search</h1>");
    body.push_str(&search_box(&q.q));
    if q.q.trim().is_empty() {
        let threads = blocking(&s, |b| b.threads(&ThreadFilter::default())).await?;
        body.push_str("<p class=\"lede\">Search the staff's comments and the companies' answers, or open a review below.</p>");
        body.push_str("<h2>Latest reviews</h2>");
        let mut recent = threads;
        recent.sort_by_key(|t| std::cmp::Reverse(first_date(t)));
        recent.truncate(15);
        body.push_str(&thread_table(&recent));
        return Ok(Html(page("Search", "Search", notice(&s).as_deref(), &body)));
    }
    let res = run_search(&s, q.clone()).await?;
    body.push_str("<div class=\"results-layout\"><aside class=\"facets\" aria-label=\"Filters\">");
    for f in &res.facets {
        let _ = write!(body, "<section><h2>{}</h2><ul>", esc(&f.name));
        for v in f.values.iter().take(12) {
            let on = match f.name.as_str() {
                "company" => q.company.as_deref() == Some(v.value.as_str()),
                "kind" => q.kind.as_deref() == Some(v.value.as_str()),
                "topic" => q.topic.as_deref() == Some(v.value.as_str()),
                "year" => q.year.map(|y| y.to_string()).as_deref() == Some(v.value.as_str()),
                _ => false,
            };
            let href = facet_href(&q, &f.name, if on { None } else { Some(&v.value) });
            let _ = write!(
                body,
                "<li><a href=\"{href}\"{}>{}<span class=\"count\">{}</span></a></li>",
                if on { " aria-current=\"true\" class=\"on\"" } else { "" },
                esc(&snake_words(&v.value)),
                v.count
            );
        }
        body.push_str("</ul></section>");
    }
    body.push_str("</aside><section class=\"hits\" aria-label=\"Results\">");
    let _ = write!(body, "<p class=\"count-line\">{} results</p><ol class=\"hits\">", res.hits.len());
    for h in &res.hits {
        let marks: Vec<(usize, usize, &str)> = h.highlights.iter().map(|[a, b]| (*a, *b, "hit")).collect();
        let what = match (h.kind.as_str(), &h.number) {
            ("comment", Some(n)) => format!("Staff comment {}", esc(n)),
            ("response", Some(n)) => format!("Answer to comment {}", esc(n)),
            ("comment", None) => "Staff comment".into(),
            ("response", None) => "Answer".into(),
            _ => "Letter".into(),
        };
        let _ = write!(
            body,
            "<li class=\"hit\"><a class=\"hit-title\" href=\"{}\">{} · {}</a> <span class=\"muted\">{}</span><p class=\"snippet\">{}</p></li>",
            hit_href(h),
            esc(h.company.as_deref().unwrap_or("Unknown company")),
            what,
            d(h.date),
            marked(&h.snippet, &marks)
        );
    }
    if res.hits.is_empty() {
        body.push_str("<li class=\"none\">Nothing matches. Try fewer words.</li>");
    }
    body.push_str("</ol></section></div>");
    Ok(Html(page(&format!("Search: {}", q.q), "Search", notice(&s).as_deref(), &body)))
}

fn facet_href(q: &SearchQuery, name: &str, value: Option<&str>) -> String {
    let mut parts = vec![format!("q={}", enc(&q.q))];
    let mut add = |k: &str, cur: Option<String>| {
        let v = if k == name { value.map(str::to_string) } else { cur };
        if let Some(v) = v {
            parts.push(format!("{k}={}", enc(&v)));
        }
    };
    add("company", q.company.clone());
    add("year", q.year.map(|y| y.to_string()));
    add("kind", q.kind.clone());
    add("topic", q.topic.clone());
    format!("/?{}", esc(&parts.join("&")))
}

fn first_date(t: &Thread) -> Option<NaiveDate> {
    t.letters.iter().filter_map(|l| l.date.or(l.filing_date)).min()
}

fn thread_table(threads: &[Thread]) -> String {
    if threads.is_empty() {
        return "<p class=\"none\">No reviews.</p>".into();
    }
    let mut out = String::from(
        "<div class=\"table-wrap\"><table class=\"threads\"><thead><tr><th scope=\"col\">Company</th><th scope=\"col\">Filings</th><th scope=\"col\">First letter</th><th scope=\"col\">Rounds</th><th scope=\"col\">Status</th><th scope=\"col\">Days</th></tr></thead><tbody>",
    );
    for t in threads {
        let forms: Vec<&str> = t.filings.iter().map(|f| f.form.as_str()).collect();
        let company = esc(t.company.as_deref().unwrap_or("Unknown company"));
        let _ = write!(
            out,
            "<tr><td><a href=\"/threads/{}\">{company}</a></td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"badge {st}\">{st}</span></td><td>{}</td></tr>",
            enc(&t.id),
            esc(&forms.join(", ")),
            d(first_date(t)),
            t.rounds,
            t.days_to_complete.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
            st = status_label(t.status),
        );
    }
    out.push_str("</tbody></table></div>");
    out
}

/// `/threads`: every review, filterable.
pub(crate) async fn threads(
    State(s): State<AppState>,
    f: std::result::Result<Query<ThreadFilter>, QueryRejection>,
) -> PageResult {
    let Query(f) = f?;
    let fc = f.clone();
    let list = blocking(&s, move |b| b.threads(&fc)).await?;
    let v = |o: &Option<String>| esc(o.as_deref().unwrap_or(""));
    let mut body = format!(
        "<h1>Reviews</h1><form class=\"filters\" method=\"get\" action=\"/threads\">\
<label>Company <input name=\"company\" value=\"{}\"></label>\
<label>Form <input name=\"form\" value=\"{}\" size=\"8\"></label>\
<label>Year <input name=\"year\" inputmode=\"numeric\" value=\"{}\" size=\"5\"></label>\
<label>Topic <input name=\"topic\" value=\"{}\" size=\"12\"></label>\
<label>Status <select name=\"status\"><option value=\"\">any</option><option{}>open</option><option{}>complete</option></select></label>\
<button type=\"submit\">Filter</button></form>",
        v(&f.company),
        v(&f.form),
        f.year.map(|y| y.to_string()).unwrap_or_default(),
        v(&f.topic),
        if f.status == Some(ThreadStatus::Open) { " selected" } else { "" },
        if f.status == Some(ThreadStatus::Complete) { " selected" } else { "" },
    );
    let _ = write!(body, "<p class=\"count-line\">{} reviews</p>", list.len());
    body.push_str(&thread_table(&list));
    Ok(Html(page("Reviews", "Reviews", notice(&s).as_deref(), &body)))
}

fn comment_html(acc: &str, c: &CommentView) -> String {
    let mut out = String::new();
    let num = c.number.as_deref().map(|n| format!("{}.", esc(n))).unwrap_or_else(|| "•".into());
    let _ = write!(
        out,
        "<article class=\"pair\" id=\"c-{}-{}\" tabindex=\"-1\"><div class=\"comment\"><header>",
        esc(acc),
        c.ordinal
    );
    let _ = write!(out, "<span class=\"num\" aria-label=\"Comment {num}\">{num}</span>");
    if !c.headings.is_empty() {
        let hs: Vec<String> = c.headings.iter().map(|h| esc(h)).collect();
        let _ = write!(out, "<span class=\"headings\">{}</span>", hs.join(" › "));
    }
    out.push_str("</header><div class=\"chips\">");
    if !c.page_refs.is_empty() {
        let _ = write!(out, "<span class=\"chip\">page {}</span>", esc(&c.page_refs.join(", ")));
    }
    if !c.prior_comment_refs.is_empty() {
        let _ = write!(
            out,
            "<span class=\"chip\">prior comment {}</span>",
            esc(&c.prior_comment_refs.join(", "))
        );
    }
    if let Some(t) = &c.topics {
        for topic in t.primary.iter().chain(t.others.iter()) {
            let _ = write!(out, "<span class=\"chip topic\">{}</span>", esc(&snake_words(topic)));
        }
    }
    if let Some(a) = &c.ask {
        let _ = write!(out, "<span class=\"chip ask\">asks: {}</span>", esc(&json_name(a)));
    }
    let _ = write!(
        out,
        "</div><p class=\"text\">{}</p><p class=\"links\"><a href=\"/letters/{acc_enc}?at={}-{}#at\">source</a> · <a href=\"/similar/{acc_enc}/{}\">similar comments</a></p></div>",
        esc(&c.text),
        c.span.start,
        c.span.end,
        c.ordinal,
        acc_enc = enc(acc),
    );
    out.push_str("<div class=\"answers\">");
    if c.answers.is_empty() {
        out.push_str("<p class=\"none\">No answer paired with this comment.</p>");
    }
    for a in &c.answers {
        out.push_str(&answer_html(a));
    }
    out.push_str("</div></article>");
    out
}

fn answer_html(a: &AnswerView) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"answer\" id=\"a-{}-{}\"><header><span class=\"muted\">Response of {}</span>",
        esc(&a.accession),
        a.ordinal,
        d(a.date)
    );
    if let Some(t) = &a.answer {
        let name = json_name(t);
        let _ = write!(
            out,
            " <span class=\"badge answer-{}\">{}</span>",
            esc(&name.replace(' ', "_")),
            esc(&name)
        );
    }
    if a.commits_to_revise {
        out.push_str(" <span class=\"badge commit\">commits to revise</span>");
    }
    let _ = write!(out, "</header><p class=\"text\">{}</p>", esc(&a.text));
    for block in &a.revised_disclosure {
        let marks: Vec<(usize, usize, &str)> = block.marked.iter().map(|[s, e]| (*s, *e, "new")).collect();
        let _ = write!(
            out,
            "<figure class=\"disclosure\"><figcaption>Proposed disclosure{}</figcaption><blockquote>{}</blockquote></figure>",
            if marks.is_empty() { "" } else { " (new text marked)" },
            marked(&block.text, &marks)
        );
    }
    if !a.commitments.is_empty() {
        out.push_str("<ul class=\"commitments\" aria-label=\"Commitments\">");
        for c in &a.commitments {
            let _ = write!(out, "<li>{}</li>", esc(c));
        }
        out.push_str("</ul>");
    }
    let _ = write!(
        out,
        "<p class=\"links\"><a href=\"/letters/{}?at={}-{}#at\">source</a></p></div>",
        enc(&a.accession),
        a.span.start,
        a.span.end
    );
    out
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
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1><p class=\"meta\">", esc(&company));
    if let Some(cik) = &v.cik {
        let _ = write!(body, "<a href=\"/companies/{}\">CIK {}</a> · ", enc(cik), esc(cik));
    }
    let filings: Vec<String> = v
        .filings
        .iter()
        .map(|f| {
            let mut s = esc(&f.form);
            if let Some(p) = f.period {
                let _ = write!(s, " ({})", p.format("%Y-%m-%d"));
            }
            s
        })
        .collect();
    if !filings.is_empty() {
        let _ = write!(body, "{} · ", filings.join(", "));
    }
    let _ = write!(
        body,
        "{} round{} · <span class=\"badge {st}\">{st}</span>{}</p>",
        v.rounds,
        if v.rounds == 1 { "" } else { "s" },
        v.days_to_complete.map(|n| format!(" · {n} days to complete")).unwrap_or_default(),
        st = status_label(v.status),
    );
    body.push_str("<ol class=\"timeline\" aria-label=\"Letters\">");
    for l in &v.letters {
        let _ = write!(
            body,
            "<li class=\"{}\"><time>{}</time> <a href=\"/letters/{}\">{}</a>{}{}</li>",
            if l.kind.is_staff() { "staff" } else { "company" },
            d(l.date),
            enc(&l.accession),
            kind_label(l.kind),
            l.responds_to
                .map(|r| format!(" <span class=\"muted\">answers the letter of {}</span>", d(Some(r))))
                .unwrap_or_default(),
            if l.stored { "" } else { " <span class=\"muted\">(not stored)</span>" },
        );
    }
    body.push_str("</ol>");
    let staff: Vec<_> = v.letters.iter().filter(|l| !l.comments.is_empty()).collect();
    if staff.iter().map(|l| l.comments.len()).sum::<usize>() > 6 {
        body.push_str("<nav class=\"toc\" aria-label=\"Comments\"><h2 class=\"sr\">Comments</h2>");
        for (round, l) in staff.iter().enumerate() {
            let _ = write!(body, "<span class=\"toc-round\">Round {}</span>", round + 1);
            for c in &l.comments {
                let _ = write!(
                    body,
                    "<a href=\"#c-{}-{}\">{}</a>",
                    esc(&l.accession),
                    c.ordinal,
                    esc(c.number.as_deref().unwrap_or("•"))
                );
            }
        }
        body.push_str("</nav>");
    }
    for (round, l) in staff.iter().enumerate() {
        let _ = write!(
            body,
            "<section class=\"round\"><h2>Round {}: staff letter of {}</h2><div class=\"pair-head\" aria-hidden=\"true\"><span>Staff comment</span><span>Company answer</span></div>",
            round + 1,
            d(l.date)
        );
        for c in &l.comments {
            body.push_str(&comment_html(&l.accession, c));
        }
        body.push_str("</section>");
    }
    let unpaired: Vec<&AnswerView> =
        v.letters.iter().flat_map(|l| l.responses.iter()).filter(|a| a.paired_with.is_none()).collect();
    if !unpaired.is_empty() {
        body.push_str("<section class=\"round\"><h2>Answers not paired with a comment</h2>");
        for a in unpaired {
            body.push_str(&answer_html(a));
        }
        body.push_str("</section>");
    }
    if staff.is_empty() && v.letters.iter().all(|l| l.responses.is_empty()) {
        body.push_str("<p class=\"none\">No comments were found in this review's letters.</p>");
    }
    Ok(Html(page(&company, "Reviews", notice(&s).as_deref(), &body)))
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
    let mut body = format!(
        "<h1>{}: {}</h1><p class=\"meta\">",
        kind_label(l.kind),
        esc(doc.company.as_deref().or(l.company.as_deref()).unwrap_or("Unknown company"))
    );
    let _ = write!(body, "{} · accession {}", d(l.date.or(doc.filing_date)), esc(&doc.accession));
    if let Some(form) = &doc.edgar_form {
        let _ = write!(body, " · EDGAR {}", esc(form));
    }
    if let Some(t) = &doc.thread_id {
        let _ = write!(body, " · <a href=\"/threads/{}\">the review</a>", enc(t));
    }
    let _ = write!(body, " · <a href=\"/api/v1/letters/{}\">JSON</a></p>", enc(&doc.accession));
    let text = &doc.text.text;
    let marks: Vec<(usize, usize, &str)> = span.map(|(a, b)| vec![(a, b, "at")]).unwrap_or_default();
    let html = marked(text, &marks).replacen(
        "<mark class=\"at\">",
        "<mark class=\"at\" id=\"at\" tabindex=\"-1\">",
        1,
    );
    let _ = write!(body, "<pre class=\"source\">{html}</pre>");
    Ok(Html(page(&format!("Letter {}", doc.accession), "", notice(&s).as_deref(), &body)))
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
    let mut body =
        format!("<h1>{}</h1><p class=\"meta\">CIK {} · {} reviews</p>", esc(&name), esc(&cik), list.len());
    body.push_str(&timeline_svg(&list));
    body.push_str(&thread_table(&list));
    Ok(Html(page(&name, "Reviews", notice(&s).as_deref(), &body)))
}

/// One bar per review from its first to its last letter, on a shared time axis.
fn timeline_svg(list: &[Thread]) -> String {
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
        return String::new();
    };
    let (w, row, left) = (720.0, 22.0, 10.0);
    let years = (y1 - y0 + 1) as f64;
    let x = |d: NaiveDate| {
        left + (d.year() - y0) as f64 * (w - 2.0 * left) / years
            + d.ordinal0() as f64 / 366.0 * (w - 2.0 * left) / years
    };
    let h = 30.0 + row * spans.len() as f64;
    let mut out = format!(
        "<figure class=\"chart\"><svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Reviews over time\"><title>Reviews over time</title>"
    );
    for y in y0..=y1 {
        let xx = x(NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default());
        let _ = write!(
            out,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"0\" y2=\"{h}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\">{y}</text>",
            xx + 3.0,
            h - 6.0
        );
    }
    for (i, (a, b, t)) in spans.iter().enumerate() {
        let y = 6.0 + row * i as f64;
        let (xa, xb) = (x(*a), x(*b).max(x(*a) + 4.0));
        let _ = write!(
            out,
            "<a href=\"/threads/{}\"><rect x=\"{xa:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"14\" rx=\"3\" class=\"bar {}\"><title>{} to {}</title></rect></a>",
            enc(&t.id),
            xb - xa,
            status_label(t.status),
            a,
            b
        );
    }
    out.push_str("</svg></figure>");
    out
}

/// `/similar/{accession}/{ordinal}`: comments like this one, with their answers.
pub(crate) async fn similar(
    State(s): State<AppState>,
    p: std::result::Result<Path<(String, u32)>, PathRejection>,
) -> PageResult {
    let Path((acc, ord)) = p?;
    check_key("accession", &acc)?;
    let a2 = acc.clone();
    let list = blocking(&s, move |b| b.similar(&a2, ord, 10)).await?;
    let mut body = format!(
        "<h1>Comments like comment {ord} of <a href=\"/letters/{}\">{}</a></h1><ol class=\"hits\">",
        enc(&acc),
        esc(&acc)
    );
    for c in &list {
        let href = match &c.thread_id {
            Some(t) => format!("/threads/{}#c-{}-{}", enc(t), esc(&c.accession), c.ordinal),
            None => format!("/letters/{}", enc(&c.accession)),
        };
        let _ = write!(
            body,
            "<li class=\"hit\"><a class=\"hit-title\" href=\"{href}\">{} · comment {}</a> <span class=\"muted\">{}</span><p class=\"snippet\">{}</p>",
            esc(c.company.as_deref().unwrap_or("Unknown company")),
            esc(c.number.as_deref().unwrap_or("•")),
            d(c.date),
            esc(&c.text)
        );
        for a in &c.answers {
            let _ = write!(
                body,
                "<div class=\"answer\"><header>{}</header><p class=\"text\">{}</p></div>",
                a.answer
                    .as_deref()
                    .map(|x| format!("<span class=\"badge\">{}</span>", esc(&snake_words(x))))
                    .unwrap_or_default(),
                esc(&a.text)
            );
        }
        body.push_str("</li>");
    }
    if list.is_empty() {
        body.push_str("<li class=\"none\">No similar comments.</li>");
    }
    body.push_str("</ol>");
    Ok(Html(page("Similar comments", "Search", notice(&s).as_deref(), &body)))
}

/// `/stats`: the statistics and their charts.
pub(crate) async fn stats(State(s): State<AppState>) -> PageResult {
    let (st, charts) = blocking(&s, |b| Ok((b.stats()?, b.charts()?))).await?;
    let num = |p: &str| st.pointer(p).and_then(|v| v.as_f64());
    let f = |x: Option<f64>, digits: usize| x.map(|v| format!("{v:.digits$}")).unwrap_or_else(|| "–".into());
    let mut body = String::from("<h1>Statistics</h1><dl class=\"figures\">");
    for (label, v) in [
        ("Reviews", f(num("/reviews"), 0)),
        ("Staff letters per review", f(num("/staff_letters_per_review"), 2)),
        ("Letters per review", f(num("/letters_per_review"), 2)),
        ("Days to complete, median", f(num("/days_to_complete/median"), 0)),
        ("Days to complete, mean", f(num("/days_to_complete/mean"), 1)),
        (
            "Completed within 60 days",
            num("/days_to_complete/share_within_60")
                .map(|v| format!("{:.0}%", v * 100.0))
                .unwrap_or_else(|| "–".into()),
        ),
    ] {
        let _ = write!(body, "<div><dt>{label}</dt><dd>{v}</dd></div>");
    }
    body.push_str("</dl>");
    for c in &charts {
        // The SVG comes from our own statistics code, never from a letter or a request.
        let _ = write!(
            body,
            "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>",
            c.svg,
            esc(&c.title)
        );
    }
    if let Some(by_year) = st.get("topics_by_year").and_then(|v| v.as_object()) {
        let mut totals: BTreeMap<String, f64> = BTreeMap::new();
        for y in by_year.values().filter_map(|v| v.as_object()) {
            for (t, share) in y {
                *totals.entry(t.clone()).or_default() += share.as_f64().unwrap_or(0.0);
            }
        }
        let mut topics: Vec<(String, f64)> = totals.into_iter().collect();
        topics.sort_by(|a, b| b.1.total_cmp(&a.1));
        topics.truncate(8);
        body.push_str("<h2>Topics by year</h2><p class=\"muted\">Share of reviews' staff letters that raise each topic.</p><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Year</th>");
        for (t, _) in &topics {
            let _ = write!(body, "<th scope=\"col\">{}</th>", esc(&snake_words(t)));
        }
        body.push_str("</tr></thead><tbody>");
        for (year, y) in by_year {
            let _ = write!(body, "<tr><th scope=\"row\">{}</th>", esc(year));
            for (t, _) in &topics {
                let v = y.get(t).and_then(|v| v.as_f64());
                let _ =
                    write!(body, "<td>{}</td>", v.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_default());
            }
            body.push_str("</tr>");
        }
        body.push_str("</tbody></table></div>");
    }
    if let Some(defs) = st.get("definitions").and_then(|v| v.as_object()) {
        body.push_str("<h2>Definitions</h2><dl class=\"defs\">");
        for (k, v) in defs {
            let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            let _ = write!(body, "<dt>{}</dt><dd>{}</dd>", esc(&snake_words(k)), esc(&v));
        }
        body.push_str("</dl>");
    }
    Ok(Html(page("Statistics", "Statistics", notice(&s).as_deref(), &body)))
}

fn check_page(text: &str, result: Option<&[corresp_model::Claim]>) -> String {
    let mut body = format!(
        "<h1>Check figures</h1><p class=\"lede\">Paste disclosure text: every percentage change, share of a total, currency translation and sum that can be recomputed is marked consistent or not.</p>\
<form method=\"post\" action=\"/check\" class=\"check\"><label for=\"text\">Disclosure text</label>\
<textarea id=\"text\" name=\"text\" rows=\"10\" required>{}</textarea>\
<button type=\"submit\">Check <span class=\"muted\">(Ctrl+Enter)</span></button></form>",
        esc(text)
    );
    if let Some(claims) = result {
        let verdict = |v: Verdict| match v {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Unverifiable => "unverifiable",
        };
        let n_bad = claims.iter().filter(|c| c.verdict == Verdict::Inconsistent).count();
        let _ = write!(
            body,
            "<section class=\"check-result\" aria-live=\"polite\"><h2>{} figure statement{} found, {n_bad} inconsistent</h2>",
            claims.len(),
            if claims.len() == 1 { "" } else { "s" }
        );
        let marks: Vec<(usize, usize, &str)> =
            claims.iter().map(|c| (c.start, c.end, verdict(c.verdict))).collect();
        let _ = write!(body, "<div class=\"checked-text\">{}</div>", marked(text, &marks));
        body.push_str("<div class=\"table-wrap\"><table class=\"claims\"><thead><tr><th scope=\"col\">Statement</th><th scope=\"col\">Stated</th><th scope=\"col\">Recomputed</th><th scope=\"col\">Verdict</th></tr></thead><tbody>");
        for c in claims {
            let n = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_else(|| "–".into());
            let _ = write!(
                body,
                "<tr class=\"{v}\"><td>{}</td><td>{}</td><td>{}</td><td><span class=\"badge {v}\">{v}</span></td></tr>",
                esc(&c.text),
                n(c.stated),
                n(c.computed),
                v = verdict(c.verdict)
            );
        }
        body.push_str("</tbody></table></div></section>");
    }
    body
}

/// `GET /check`: the form.
pub(crate) async fn check_form(State(s): State<AppState>) -> PageResult {
    Ok(Html(page("Check figures", "Check", notice(&s).as_deref(), &check_page("", None))))
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
    Ok(Html(page("Check figures", "Check", notice(&s).as_deref(), &check_page(&text, Some(&claims)))))
}
