//! corresp-http: the `/api/v1` JSON API and the web UI of `corresp serve`.
//!
//! The server knows HTTP and nothing else: it reads and writes through a [`Backend`] (the real one
//! is [`corresp_app::service::Service`]: store, index, caches and uploads), maps every failure
//! through one table in [`Error`], and renders the UI on the server with a few lines of served
//! script, so it works offline and without a build step.
//!
//! - [`router`] builds the axum [`Router`] (API, UI, OpenAPI description, request log, security
//!   headers, Host check, request timeouts).
//! - [`serve`] / [`serve_with`] run it on a listener with bounded connections and timeouts until a
//!   shutdown future resolves.
//! - [`Backend`] is what the server needs from the rest of corresp. With the test-only feature
//!   `testkit`, `testkit::FakeBackend` implements it over a few hand-written letters (for tests
//!   of routes and pages that need letters no real pipeline would make, hostile ones included).
//!
//! ```no_run
//! use std::sync::Arc;
//! use corresp_http::{router, Options};
//!
//! let service = corresp_app::service::Service::open("corresp.db".as_ref()).unwrap();
//! let app = router(Arc::new(service), Options::new("token"));
//! # let _ = app;
//! ```
#![deny(missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

mod api;
mod error;
pub mod openapi;
pub mod review;
mod server;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
mod types;
mod ui;
pub mod upload;

pub use api::{CheckAnswer, LetterRecord, MAX_QUERY_CHARS};
pub use error::{Error, ErrorBody, Result};
pub use server::{ServerLimits, serve, serve_with};
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
    /// Host header values accepted (`name` or `name:port`; a name without a port matches any
    /// port). `None` accepts any Host; [`loopback_hosts`] gives the list for a loopback listener,
    /// which keeps DNS-rebinding pages from reading the API through a victim's browser.
    pub allowed_hosts: Option<Vec<String>>,
    /// Longest time one request may take, its body included (`POST /api/v1/ingest` excepted).
    pub request_timeout: Duration,
    /// Longest time an upload (`POST /api/v1/ingest`, which needs the token) may take.
    pub upload_timeout: Duration,
    /// Uploads unpacked and ingested at once; more wait their turn without holding a thread.
    pub upload_jobs: usize,
}

impl Options {
    /// Default limits and timeouts, any Host, no access log.
    pub fn new(token: impl Into<String>) -> Self {
        Options {
            token: token.into(),
            limits: Limits::default(),
            access_log: false,
            allowed_hosts: None,
            request_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(300),
            upload_jobs: 2,
        }
    }
}

/// The Host values a server listening on loopback `port` answers to: `localhost`, `127.0.0.1`
/// and `[::1]`, each with the port (and without it when the port is 80).
pub fn loopback_hosts(port: u16) -> Vec<String> {
    ["localhost", "127.0.0.1", "[::1]"].iter().map(|h| format!("{h}:{port}")).collect()
}

/// What every handler gets.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) backend: Arc<dyn Backend>,
    /// SHA-256 of the token: compared with the digest of what a client sends, in constant time.
    pub(crate) token_digest: Arc<[u8; 32]>,
    pub(crate) token_set: bool,
    pub(crate) limits: Limits,
    /// Bounds the uploads unpacked and ingested at once (each on the blocking pool).
    pub(crate) upload_jobs: Arc<tokio::sync::Semaphore>,
    /// Bounds the searches run at once: one per core (see `api::searching`).
    pub(crate) search_jobs: Arc<tokio::sync::Semaphore>,
}

/// The whole application: `/healthz`, `/api/v1/...`, the UI at `/`, the request log, security
/// headers on every answer, the Host check and request timeouts.
pub fn router(backend: Arc<dyn Backend>, opts: Options) -> Router {
    let state = AppState {
        backend,
        token_digest: Arc::new(api::digest(opts.token.as_bytes())),
        token_set: !opts.token.is_empty(),
        limits: opts.limits,
        upload_jobs: Arc::new(tokio::sync::Semaphore::new(opts.upload_jobs.max(1))),
        search_jobs: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        )),
    };
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
        .route("/draft", post(api::draft).layer(DefaultBodyLimit::max(opts.limits.max_draft)))
        .route("/draft/render", post(api::draft_render).layer(DefaultBodyLimit::max(opts.limits.max_draft)))
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(|| async { Error::NotFound("no such API route".into()) });
    let app = Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api)
        .merge(ui::routes(opts.limits.max_check))
        .with_state(state);
    // Innermost first: the timeout bounds the handler, the Host check refuses before any of it,
    // the log sees every answer, and the headers go on every answer, refusals included.
    let timeouts = Timeouts { request: opts.request_timeout, upload: opts.upload_timeout };
    let app = app.layer(axum::middleware::from_fn_with_state(timeouts, request_timeout));
    let app = match opts.allowed_hosts {
        Some(list) => {
            let hosts: Arc<[HostPattern]> = list.iter().filter_map(|h| HostPattern::parse(h)).collect();
            app.layer(axum::middleware::from_fn_with_state(hosts, host_check))
        }
        None => app,
    };
    let app = if opts.access_log { app.layer(axum::middleware::from_fn(access_log)) } else { app };
    app.layer(axum::middleware::from_fn(security_headers))
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

/// The Content-Security-Policy of every answer: scripts, styles and everything else only from the
/// server itself (the UI's script and style sheet are served files, never inline), forms posting
/// only back to it, and no page of ours inside anyone's frame.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
frame-ancestors 'none'";

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    res
}

#[derive(Clone, Copy)]
struct Timeouts {
    request: Duration,
    upload: Duration,
}

/// Bounds a whole request, reading its body included: a client that trickles a body is cut off
/// with a 408 instead of holding a connection and a task for ever.
async fn request_timeout(State(t): State<Timeouts>, req: Request, next: Next) -> Response {
    // Uploads (ingest, a staff letter to draft) may carry large PDFs to extract.
    let limit =
        if matches!(req.uri().path(), "/api/v1/ingest" | "/api/v1/draft") { t.upload } else { t.request };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = Error::Timeout(format!("the request took longer than {} s", limit.as_secs_f64()))
                .into_response();
            res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            res
        }
    }
}

/// One accepted Host value: a lower-case name (`[::1]` with its brackets) and maybe a port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HostPattern {
    name: String,
    port: Option<u16>,
}

impl HostPattern {
    /// `name`, `name:port`, `[v6]` or `[v6]:port`; `None` when it is none of those.
    fn parse(s: &str) -> Option<HostPattern> {
        let s = s.trim();
        let (name, port) = if let Some(rest) = s.strip_prefix('[') {
            let (inside, after) = rest.split_once(']')?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':')?.parse().ok()?),
            };
            (format!("[{inside}]"), port)
        } else {
            match s.rsplit_once(':') {
                Some((n, p)) => (n.to_string(), Some(p.parse().ok()?)),
                None => (s.to_string(), None),
            }
        };
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'));
        ok.then(|| HostPattern { name: name.to_ascii_lowercase(), port })
    }

    fn accepts(&self, got: &HostPattern) -> bool {
        self.name == got.name && self.port.is_none_or(|p| got.port.unwrap_or(80) == p)
    }
}

/// Refuses a request whose Host is not one the server answers to (421, JSON), so a page on
/// another site whose name was rebound to 127.0.0.1 cannot read the API through a browser.
async fn host_check(State(allowed): State<Arc<[HostPattern]>>, req: Request, next: Next) -> Response {
    let raw = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()));
    let Some(raw) = raw else {
        return Error::MisdirectedHost("the request has no Host header".into()).into_response();
    };
    let ok = HostPattern::parse(&raw).is_some_and(|got| allowed.iter().any(|a| a.accepts(&got)));
    if ok {
        next.run(req).await
    } else {
        Error::MisdirectedHost(format!(
            "this server does not answer to Host {}; start it with --allowed-host NAME to add one",
            error::quote(&raw)
        ))
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns() {
        let p = |s| HostPattern::parse(s).unwrap();
        assert!(p("localhost:8080").accepts(&p("LOCALHOST:8080")));
        assert!(!p("localhost:8080").accepts(&p("localhost:8081")));
        assert!(!p("localhost:8080").accepts(&p("localhost")));
        assert!(p("localhost:80").accepts(&p("localhost")));
        assert!(p("[::1]:8080").accepts(&p("[::1]:8080")));
        assert!(p("corresp.example.com").accepts(&p("corresp.example.com:443")));
        assert!(!p("localhost:8080").accepts(&p("evil.example:8080")));
        assert!(HostPattern::parse("a b").is_none());
        assert!(HostPattern::parse("x:99999").is_none());
    }
}
