//! The web UI: server-rendered pages over the same [`crate::Backend`] as the API, with one small
//! embedded script for keyboard shortcuts (and one for the draft page, which needs a script). No
//! CDN, no build step: it works offline.

mod draft;
mod layout;
mod pages;
mod topics;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::html;

use crate::AppState;
use crate::error::Error;

pub(crate) use layout::{enc, marked, page, page_with, query};

/// The shared style sheet, then the review page's own rules (one file, one request).
const STYLE: &str = concat!(include_str!("../../assets/style.css"), include_str!("review.css"));
const SCRIPT: &str = include_str!("../../assets/app.js");

/// An error shown as a page rather than JSON, with the status of the same table.
pub(crate) struct PageError(pub(crate) Error);

impl<E: Into<Error>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _) = self.0.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "page failed");
        }
        let title = status.canonical_reason().unwrap_or("Error");
        let body = html! {
            h1 { (title) }
            p { (self.0.to_string()) }
            p { a href="/" { "Back to search" } }
        };
        (status, page(title, "", None, body)).into_response()
    }
}

pub(crate) type PageResult = std::result::Result<Html<String>, PageError>;

pub(crate) fn routes(max_check: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(pages::search))
        .route("/threads", get(pages::threads))
        .route("/threads/{id}", get(pages::review))
        .route("/letters/{accession}", get(pages::letter))
        .route("/companies/{cik}", get(pages::company))
        .route("/similar", get(pages::similar_text))
        .route("/similar/{accession}/{ordinal}", get(pages::similar))
        .route("/stats", get(pages::stats))
        .route("/stats.csv", get(pages::stats_csv))
        .route("/stats.parquet", get(pages::stats_parquet))
        .route("/draft", get(draft::draft_page))
        .route(draft::SCRIPT_PATH, get(draft::script))
        .route(
            "/check",
            get(pages::check_form).post(pages::check_post).layer(DefaultBodyLimit::max(max_check * 3 + 64)),
        )
        .route(
            "/assets/style.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "max-age=3600"),
                    ],
                    STYLE,
                )
            }),
        )
        .route(
            "/assets/app.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "max-age=3600"),
                    ],
                    SCRIPT,
                )
            }),
        )
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                page(
                    "Not found",
                    "",
                    None,
                    html! { h1 { "Not found" } p { "No page here. " a href="/" { "Search" } } },
                ),
            )
        })
}
