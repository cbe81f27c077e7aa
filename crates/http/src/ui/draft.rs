//! `/draft`: draft a response to a staff comment letter. The page is a form (a file to upload, or
//! the letter's text pasted, or `?accession=` for a stored letter); `/assets/draft.js` posts it to
//! `POST /api/v1/draft`, lays out each comment with a box for its answer beside the precedents,
//! keeps the answers in the browser, checks their figures as they are typed and downloads the
//! response through `POST /api/v1/draft/render`. The server writes nothing of a letter here but the
//! (checked, escaped) accession: the script builds the draft's DOM with `textContent` only.

use std::fmt::Write;

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use serde::Deserialize;

use super::{PageResult, enc, esc, page};
use crate::AppState;
use crate::api::{MAX_DRAFT_PRECEDENTS, Params, check_key};

/// The page's script, served at [`SCRIPT_PATH`].
const SCRIPT: &str = include_str!("../../assets/draft.js");

/// Where the page's script is served.
pub(crate) const SCRIPT_PATH: &str = "/assets/draft.js";

/// `GET /draft` options.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DraftPage {
    /// A stored staff comment letter to draft against directly.
    accession: Option<String>,
}

/// The body of `/draft`: the source form, the error and status lines, and the (empty) place the
/// script fills with the draft.
fn draft_body(accession: Option<&str>) -> String {
    let mut body = String::from(
        "<h1>Draft a response</h1>\
<p class=\"lede\">Give a staff comment letter: each comment comes back with a box for its answer, \
beside how other companies answered comments like it. Answers stay in this browser; download the \
response as Word, Markdown or HTML.</p>\
<noscript><p class=\"notice\">This page needs JavaScript. Without it, use <code>corresp draft</code> \
or <code>POST /api/v1/draft</code>.</p></noscript>",
    );
    let data = accession.map(|a| format!(" data-accession=\"{}\"", esc(a))).unwrap_or_default();
    // Folded away by the script once a draft is shown, open again when it is closed.
    body.push_str(
        "<details id=\"draft-source-box\" class=\"draft-source-box\" open><summary>Staff letter to answer</summary>",
    );
    let _ = write!(
        body,
        "<form id=\"draft-form\" class=\"draft-source\" method=\"post\" action=\"/api/v1/draft\" \
enctype=\"multipart/form-data\"{data}>"
    );
    if let Some(a) = accession {
        let _ = write!(
            body,
            "<fieldset class=\"draft-stored\"><legend>Stored letter</legend>\
<p>Staff letter <a href=\"/letters/{}\">{}</a> \
<button type=\"button\" id=\"draft-stored\">Draft from the stored letter</button></p></fieldset>",
            enc(a),
            esc(a)
        );
    }
    let _ = write!(
        body,
        "<fieldset><legend>{}</legend>\
<div class=\"field\"><label for=\"draft-file\">Letter file <span class=\"muted\">(PDF, HTML or text)</span></label>\
<input type=\"file\" id=\"draft-file\" name=\"file\" accept=\".pdf,.htm,.html,.txt,application/pdf,text/html,text/plain\"></div>\
<div class=\"field\"><label for=\"draft-text\">Or paste the letter's text</label>\
<textarea id=\"draft-text\" name=\"text\" rows=\"6\"></textarea></div>\
<div class=\"field field-inline\"><label for=\"draft-precedents\">Precedents per comment</label>\
<input type=\"number\" id=\"draft-precedents\" name=\"precedents\" min=\"0\" max=\"{MAX_DRAFT_PRECEDENTS}\" value=\"3\"></div>\
<button type=\"submit\" id=\"draft-submit\">Draft</button></fieldset></form></details>",
        if accession.is_some() { "Or another letter" } else { "Staff letter" }
    );
    body.push_str(
        "<div id=\"draft-error\" class=\"alert\" role=\"alert\" tabindex=\"-1\" hidden></div>\
<p id=\"draft-status\" class=\"draft-status\" role=\"status\" aria-live=\"polite\"></p>\
<section id=\"draft-out\" class=\"draft-out\" aria-labelledby=\"draft-title\" hidden>\
<h2 id=\"draft-title\" tabindex=\"-1\">Response</h2><p id=\"draft-meta\" class=\"meta\"></p>\
<div class=\"draft-tools\" role=\"group\" aria-label=\"Download the response\">\
<span class=\"muted\">Download:</span>\
<button type=\"button\" class=\"draft-download\" data-format=\"docx\">Word (DOCX)</button>\
<button type=\"button\" class=\"draft-download\" data-format=\"md\">Markdown</button>\
<button type=\"button\" class=\"draft-download\" data-format=\"html\">HTML</button>\
<button type=\"button\" id=\"draft-close\" class=\"secondary\">Close this draft</button></div>\
<ol id=\"draft-sections\" class=\"draft-sections\"></ol></section>",
    );
    let _ = write!(body, "<script src=\"{SCRIPT_PATH}\" defer></script>");
    body
}

/// `GET /draft[?accession=ACC]`: the page.
pub(crate) async fn draft_page(State(s): State<AppState>, Params(p): Params<DraftPage>) -> PageResult {
    if let Some(a) = &p.accession {
        check_key("accession", a)?;
    }
    Ok(Html(page(
        "Draft a response",
        "Draft",
        s.backend.notice().as_deref(),
        &draft_body(p.accession.as_deref()),
    )))
}

/// `GET /assets/draft.js`.
pub(crate) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        SCRIPT,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accession_is_escaped_and_the_script_linked() {
        let b = draft_body(Some("0000000000-24-000001"));
        assert!(b.contains("data-accession=\"0000000000-24-000001\""));
        assert!(b.contains("href=\"/letters/0000000000-24-000001\""));
        assert!(b.contains("<script src=\"/assets/draft.js\" defer></script>"));
        assert!(b.contains("role=\"alert\""));
        assert!(!draft_body(None).contains("data-accession"));
        // Every control has its label.
        for id in ["draft-file", "draft-text", "draft-precedents"] {
            assert!(b.contains(&format!("<label for=\"{id}\"")), "{id}");
        }
    }
}
