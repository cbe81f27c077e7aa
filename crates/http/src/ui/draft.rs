//! `/draft`: draft a response to a staff comment letter. The page is a form (a file to upload, or
//! the letter's text pasted, or `?accession=` for a stored letter); `/assets/draft.js` posts it to
//! `POST /api/v1/draft`, lays out each comment with a box for its answer beside the precedents,
//! keeps the answers in the browser, checks their figures as they are typed and downloads the
//! response through `POST /api/v1/draft/render`. The server writes nothing of a letter here but the
//! (checked, escaped) accession: the script builds the draft's DOM with `textContent` only.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use maud::{Markup, html};
use serde::Deserialize;

use super::{PageResult, enc, page_with};
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
fn draft_body(accession: Option<&str>) -> Markup {
    html! {
        h1 { "Draft a response" }
        p.lede {
            "Give a staff comment letter: each comment comes back with a box for its answer, beside how \
    other companies answered comments like it. Answers stay in this browser; download the response as \
    Word, Markdown or HTML."
        }
        noscript {
            p.notice {
                "This page needs JavaScript. Without it, use " code { "corresp draft" } " or "
                code { "POST /api/v1/draft" } "."
            }
        }
        // Folded away by the script once a draft is shown, open again when it is closed.
        details #draft-source-box .draft-source-box open {
            summary { "Staff letter to answer" }
            form #draft-form .draft-source method="post" action="/api/v1/draft" enctype="multipart/form-data"
                data-accession=[accession] {
                @if let Some(a) = accession {
                    fieldset.draft-stored {
                        legend { "Stored letter" }
                        p {
                            "Staff letter " a href={ "/letters/" (enc(a)) } { (a) } " "
                            button type="button" #draft-stored { "Draft from the stored letter" }
                        }
                    }
                }
                fieldset {
                    legend { @if accession.is_some() { "Or another letter" } @else { "Staff letter" } }
                    div.field {
                        label for="draft-file" { "Letter file " span.muted { "(PDF, HTML or text)" } }
                        input type="file" #draft-file name="file"
                            accept=".pdf,.htm,.html,.txt,application/pdf,text/html,text/plain";
                    }
                    div.field {
                        label for="draft-text" { "Or paste the letter's text" }
                        textarea #draft-text name="text" rows="6" {}
                    }
                    div.field.field-inline {
                        label for="draft-precedents" { "Precedents per comment" }
                        input type="number" #draft-precedents name="precedents" min="0"
                            max=(MAX_DRAFT_PRECEDENTS) value="3";
                    }
                    button type="submit" #draft-submit { "Draft" }
                }
            }
        }
        div #draft-error .alert role="alert" tabindex="-1" hidden {}
        p #draft-status .draft-status role="status" aria-live="polite" {}
        section #draft-out .draft-out aria-labelledby="draft-title" hidden {
            h2 #draft-title tabindex="-1" { "Response" }
            p #draft-meta .meta {}
            div.draft-tools role="group" aria-label="Download the response" {
                span.muted { "Download:" }
                button type="button" .draft-download data-format="docx" { "Word (DOCX)" }
                button type="button" .draft-download data-format="md" { "Markdown" }
                button type="button" .draft-download data-format="html" { "HTML" }
                button type="button" #draft-close .secondary { "Close this draft" }
            }
            ol #draft-sections .draft-sections {}
        }
    }
}

/// `GET /draft[?accession=ACC]`: the page.
pub(crate) async fn draft_page(State(s): State<AppState>, Params(p): Params<DraftPage>) -> PageResult {
    if let Some(a) = &p.accession {
        check_key("accession", a)?;
    }
    Ok(page_with(
        "Draft a response",
        "Draft",
        s.backend.notice().as_deref(),
        &[SCRIPT_PATH],
        draft_body(p.accession.as_deref()),
    ))
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
        let b = draft_body(Some("0000000000-24-000001")).into_string();
        assert!(b.contains("data-accession=\"0000000000-24-000001\""));
        assert!(b.contains("href=\"/letters/0000000000-24-000001\""));
        assert!(b.contains("role=\"alert\""));
        assert!(!draft_body(None).into_string().contains("data-accession"));
        let hostile = draft_body(Some("\"><script>x</script>")).into_string();
        assert!(!hostile.contains("<script>"));
        // Every control has its label.
        for id in ["draft-file", "draft-text", "draft-precedents"] {
            assert!(b.contains(&format!("<label for=\"{id}\"")), "{id}");
        }
    }
}
