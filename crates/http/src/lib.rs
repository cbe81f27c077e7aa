//! corresp-http: the `/api/v1` JSON API and the web UI of `corresp serve`.
//!
//! The server knows HTTP and nothing else: it reads and writes through a [`Backend`] (the real one,
//! [`backend::AppBackend`], sits on corresp-app's store, index and checker), maps every failure
//! through one table in [`Error`], and renders the UI on the server with a few lines of embedded
//! script, so it works offline and without a build step.
//!
//! - [`router`] builds the axum [`Router`] (API, UI, OpenAPI description, request log).
//! - [`serve`] runs it on a listener until a shutdown future resolves.
//! - [`Backend`] is what the server needs from the rest of corresp; [`testkit::FakeBackend`]
//!   implements it over a few hand-written letters.
//!
//! ```
//! use std::sync::Arc;
//! use corresp_http::{router, Options, testkit::FakeBackend};
//!
//! let app = router(Arc::new(FakeBackend::default()), Options::new("token"));
//! # let _ = app;
//! ```
#![deny(missing_docs)]

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};

mod api;
pub mod backend;
mod error;
pub mod openapi;
pub mod review;
pub mod testkit;
mod types;
mod ui;
pub mod upload;

pub use api::{CheckAnswer, LetterRecord, MAX_QUERY_CHARS};
pub use error::{Error, ErrorBody, Result};
pub use types::*;
pub use upload::Limits;

/// How the server behaves, apart from what it serves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The bearer token writes need.
    pub token: String,
    /// Upload and body bounds.
    pub limits: Limits,
    /// Write one line per request to stderr (method, route template, status, time).
    pub access_log: bool,
}

impl Options {
    /// Default limits, no access log.
    pub fn new(token: impl Into<String>) -> Self {
        Options { token: token.into(), limits: Limits::default(), access_log: false }
    }
}

/// What every handler gets.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) backend: Arc<dyn Backend>,
    pub(crate) token: Arc<str>,
    pub(crate) limits: Limits,
}

/// The whole application: `/healthz`, `/api/v1/...`, the UI at `/`, and the request log.
pub fn router(backend: Arc<dyn Backend>, opts: Options) -> Router {
    let state = AppState { backend, token: opts.token.into(), limits: opts.limits };
    let api = Router::new()
        .route("/threads", get(api::threads))
        .route("/threads/{id}", get(api::thread))
        .route("/letters/{accession}", get(api::letter))
        .route("/search", get(api::search))
        .route("/search/facets", get(api::search_facets))
        .route("/similar/{accession}/{ordinal}", get(api::similar))
        .route("/stats", get(api::stats))
        .route("/check", post(api::check).layer(DefaultBodyLimit::max(opts.limits.max_check)))
        .route("/ingest", post(api::ingest).layer(DefaultBodyLimit::max(opts.limits.max_body)))
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(|| async { Error::NotFound("no such API route".into()) });
    let app = Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api)
        .merge(ui::routes(opts.limits.max_check))
        .with_state(state);
    if opts.access_log { app.layer(axum::middleware::from_fn(access_log)) } else { app }
}

/// One line per request, naming the route template (`/api/v1/threads/{id}`), not the raw URI, so
/// the log groups by endpoint and never echoes what a client typed.
async fn access_log(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let method = req.method().clone();
    let t = Instant::now();
    let res = next.run(req).await;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let route = route.as_deref().unwrap_or("(unmatched)");
    tracing::debug!(%method, route, status = res.status().as_u16(), ms, "request");
    eprintln!("{method} {route} {} {ms:.1}ms", res.status().as_u16());
    res
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
