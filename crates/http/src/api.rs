//! The `/api/v1` handlers. Each one validates its input, calls the [`Backend`] on the blocking pool
//! and answers JSON; every failure goes through [`Error`]'s single status table.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use corresp_model::{Claim, Thread};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::error::{Error, ErrorBody, Result, quote, shorten_quotes};
use crate::review::{ThreadView, thread_view};
use crate::types::*;
use crate::upload::Collector;

/// Runs a backend call on the blocking pool: the store and the index block.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&dyn Backend) -> Result<T> + Send + 'static,
) -> Result<T> {
    let b = Arc::clone(&state.backend);
    tokio::task::spawn_blocking(move || f(b.as_ref()))
        .await
        .map_err(|e| Error::Internal(format!("backend task failed: {e}")))?
}

/// An accession or thread id: EDGAR's digits and dashes, or a `sha256:` content-hash key. Checked before
/// any lookup so odd input (`../../etc/passwd`) is a clear 400, not a miss deep in the store.
pub(crate) fn check_key(what: &str, s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        && !s.contains("..");
    if ok { Ok(()) } else { Err(Error::BadRequest(format!("{what} {} is not a valid key", quote(s)))) }
}

/// Query parameters as the OpenAPI document describes them: every one optional, and an empty
/// value (`?status=`, what an HTML form sends for a blank field) the same as leaving it out. A
/// value of only spaces is not empty: it is read, and refused where the parameter has a type.
pub(crate) struct Params<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        Params::parse(parts.uri.query().unwrap_or(""))
    }
}

impl<T: DeserializeOwned> Params<T> {
    pub(crate) fn parse(query: &str) -> Result<Self> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map_err(|e| {
                Error::BadRequest(format!("malformed query string: {}", shorten_quotes(&e.to_string())))
            })?
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let kept = serde_urlencoded::to_string(&pairs).map_err(|e| Error::Internal(e.to_string()))?;
        serde_urlencoded::from_str(&kept).map(Params).map_err(|e| {
            Error::BadRequest(format!("bad query parameter: {}", shorten_quotes(&e.to_string())))
        })
    }
}

/// 200 once the server answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "ready")))]
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// Review threads.
#[utoipa::path(get, path = "/api/v1/threads", params(ThreadFilter),
    responses((status = 200, description = "threads as `corresp threads --json` prints them", body = Vec<Object>),
              (status = 400, body = ErrorBody)))]
pub async fn threads(
    State(s): State<AppState>,
    Params(f): Params<ThreadFilter>,
) -> Result<Json<Vec<Thread>>> {
    Ok(Json(blocking(&s, move |b| b.threads(&f)).await?))
}

/// One thread with each comment paired with its answers.
#[utoipa::path(get, path = "/api/v1/threads/{id}", params(("id" = String, Path, description = "thread id")),
    responses((status = 200, body = ThreadView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn thread(
    State(s): State<AppState>,
    id: std::result::Result<Path<String>, PathRejection>,
) -> Result<Json<ThreadView>> {
    let Path(id) = id?;
    check_key("thread id", &id)?;
    let td = blocking(&s, {
        let id = id.clone();
        move |b| b.thread(&id)
    })
    .await?
    .ok_or_else(|| Error::NotFound(format!("no thread {}", quote(&id))))?;
    Ok(Json(thread_view(&td)))
}

/// One letter: its parsed record (the parse contract) with spans, the text they point into, and
/// where it is filed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LetterRecord {
    /// Accession.
    pub accession: String,
    /// Company CIK.
    pub cik: Option<String>,
    /// EDGAR form.
    pub edgar_form: Option<String>,
    /// EDGAR filing date.
    #[schema(value_type = Option<String>, format = Date)]
    pub filing_date: Option<chrono::NaiveDate>,
    /// Its review thread.
    pub thread_id: Option<String>,
    /// The extracted text every span points into.
    pub text: String,
    /// The parsed record, as `corresp parse --json` prints it.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub letter: corresp_model::Letter,
}

/// One letter's parsed record.
#[utoipa::path(get, path = "/api/v1/letters/{accession}", params(("accession" = String, Path)),
    responses((status = 200, body = LetterRecord), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn letter(
    State(s): State<AppState>,
    acc: std::result::Result<Path<String>, PathRejection>,
) -> Result<Json<LetterRecord>> {
    let Path(acc) = acc?;
    let d = load_letter(&s, acc).await?;
    Ok(Json(LetterRecord {
        accession: d.accession,
        cik: d.edgar.cik,
        edgar_form: d.edgar.form,
        filing_date: d.edgar.filing_date,
        thread_id: d.thread_id,
        text: d.text.text,
        letter: d.letter,
    }))
}

pub(crate) async fn load_letter(s: &AppState, acc: String) -> Result<Doc> {
    check_key("accession", &acc)?;
    blocking(s, {
        let acc = acc.clone();
        move |b| b.letter(&acc)
    })
    .await?
    .ok_or_else(|| Error::NotFound(format!("no letter {}", quote(&acc))))
}

/// Longest query accepted: longer ones are not searches but pasted documents or probes.
pub const MAX_QUERY_CHARS: usize = 1_000;

pub(crate) fn validate_search(q: &mut SearchQuery) -> Result<()> {
    q.q = q.q.trim().to_string();
    if q.q.is_empty() {
        return Err(Error::BadRequest("empty query: give q=".into()));
    }
    if q.q.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::BadRequest(format!("query longer than {MAX_QUERY_CHARS} characters")));
    }
    match q.limit {
        Some(0) | Some(101..) => return Err(Error::BadRequest("limit must be 1..=100".into())),
        None => q.limit = Some(20),
        _ => {}
    }
    for f in [&mut q.company, &mut q.topic] {
        if f.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *f = None;
        }
    }
    if let Some(k) = q.kind.as_deref()
        && !matches!(k, "comment" | "response" | "letter")
    {
        return Err(Error::BadRequest(format!("kind {} is not comment, response or letter", quote(k))));
    }
    if let Some(o) = q.outcome.as_deref()
        && !matches!(o, "first-round" | "followed-up" | "closed" | "open")
    {
        return Err(Error::BadRequest(format!(
            "outcome {} is not first-round, followed-up, closed or open",
            quote(o)
        )));
    }
    Ok(())
}

/// A search with its facet counts (the search page, `/search/facets`).
pub(crate) async fn run_search(s: &AppState, q: SearchQuery) -> Result<SearchResults> {
    searching(s, q, |b, q| b.search(q)).await
}

/// Runs a validated search on the blocking pool, at most [`AppState::search_jobs`] at once:
/// searches are CPU work on an index held in memory, so more of them than there are cores only
/// share the cores, and every one of them finishes later (200 clients on 2 cores had 200
/// blocking threads preempting each other). The others wait their turn in the queue, in order
/// and without a thread; the router's request timeout bounds the wait.
async fn searching(
    s: &AppState,
    mut q: SearchQuery,
    f: fn(&dyn Backend, &SearchQuery) -> Result<SearchResults>,
) -> Result<SearchResults> {
    validate_search(&mut q)?;
    let _turn =
        s.search_jobs.acquire().await.map_err(|e| Error::Internal(format!("search queue closed: {e}")))?;
    blocking(s, move |b| f(b, &q)).await
}

/// Search hits, best first, as `corresp search --json` prints them.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = Vec<Hit>), (status = 400, body = ErrorBody)))]
pub async fn search(State(s): State<AppState>, Params(q): Params<SearchQuery>) -> Result<Json<Vec<Hit>>> {
    // Only the hits are answered: the facet counts are not asked of the backend.
    Ok(Json(searching(&s, q, |b, q| b.search_hits(q)).await?.hits))
}

/// Search hits with facet counts (the search page's data).
#[utoipa::path(get, path = "/api/v1/search/facets", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody)))]
pub async fn search_facets(
    State(s): State<AppState>,
    Params(q): Params<SearchQuery>,
) -> Result<Json<SearchResults>> {
    Ok(Json(run_search(&s, q).await?))
}

/// `limit` of the similar route.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// At most this many comments (1..=50, default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<usize>,
}

/// Staff comments most like one comment, from other reviews, with their answers.
#[utoipa::path(get, path = "/api/v1/similar/{accession}/{ordinal}",
    params(("accession" = String, Path), ("ordinal" = u32, Path, minimum = 1), SimilarParams),
    responses((status = 200, body = Vec<SimilarComment>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn similar(
    State(s): State<AppState>,
    p: std::result::Result<Path<(String, u32)>, PathRejection>,
    Params(q): Params<SimilarParams>,
) -> Result<Json<Vec<SimilarComment>>> {
    let Path((acc, ordinal)) = p?;
    check_key("accession", &acc)?;
    let limit = q.limit.unwrap_or(10);
    if limit == 0 || limit > 50 || ordinal == 0 {
        return Err(Error::BadRequest("ordinal must be >= 1 and limit 1..=50".into()));
    }
    Ok(Json(blocking(&s, move |b| b.similar(&acc, ordinal, limit)).await?))
}

/// The review statistics, as `corresp stats --json` prints them.
#[utoipa::path(get, path = "/api/v1/stats", responses((status = 200, body = Object)))]
pub async fn stats(State(s): State<AppState>) -> Result<Json<serde_json::Value>> {
    Ok(Json(blocking(&s, |b| b.stats()).await?))
}

/// What `POST /api/v1/check` answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckAnswer {
    /// Each recomputable statement with its verdict.
    #[schema(value_type = Vec<Object>)]
    pub claims: Vec<Claim>,
}

#[derive(Deserialize)]
struct CheckJson {
    text: String,
}

/// Text of a check request: a JSON `{"text": ...}` body, or the body itself as UTF-8 text.
pub(crate) fn check_text(headers: &HeaderMap, body: &[u8]) -> Result<String> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ct.starts_with("application/json") {
        let j: CheckJson = serde_json::from_slice(body).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => {
                Error::Unprocessable(format!("expected {{\"text\": \"...\"}}: {e}"))
            }
            _ => Error::BadRequest(format!("malformed JSON: {e}")),
        })?;
        return Ok(j.text);
    }
    String::from_utf8(body.to_vec()).map_err(|_| Error::Unprocessable("the body is not UTF-8 text".into()))
}

/// Recomputes every numeric statement in the posted text.
#[utoipa::path(post, path = "/api/v1/check",
    request_body(content = String, description = "disclosure text (text/plain), or JSON {\"text\": ...}"),
    responses((status = 200, body = CheckAnswer), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Result<Json<CheckAnswer>> {
    let text = check_text(&headers, &body?)?;
    Ok(Json(CheckAnswer { claims: blocking(&s, move |b| Ok(b.check(&text))).await? }))
}

/// Precedents per comment a draft may ask for.
pub const MAX_DRAFT_PRECEDENTS: usize = 10;

/// `POST /api/v1/draft` options.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftParams {
    /// Precedents per comment (0..=10, default 3).
    pub precedents: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftJson {
    accession: Option<String>,
    text: Option<String>,
    precedents: Option<usize>,
}

/// A response skeleton for a staff comment letter, with precedents per comment: the letter as a
/// file (multipart/form-data, one file part; or the body itself as application/pdf, text/html or
/// text/plain), or JSON `{"accession": "..."}` for a stored letter or `{"text": "..."}`.
#[utoipa::path(post, path = "/api/v1/draft", params(DraftParams),
    request_body(content = Object, description = "JSON {\"accession\"} or {\"text\"}; or a letter file (multipart/form-data part `file`, or the body as application/pdf, text/html, text/plain)"),
    responses((status = 200, description = "the skeleton and precedents (`corresp draft --format json`)", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft(
    State(s): State<AppState>,
    Params(p): Params<DraftParams>,
    req: Request,
) -> Result<Json<corresp_app::draft::Draft>> {
    use corresp_app::draft::DraftSource;
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut precedents = p.precedents;
    let source = if ct.starts_with("application/json") {
        let body = axum::body::to_bytes(req.into_body(), s.limits.max_draft)
            .await
            .map_err(|_| Error::TooLarge(format!("body larger than {} bytes", s.limits.max_draft)))?;
        let j: DraftJson = serde_json::from_slice(&body).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => Error::Unprocessable(format!(
                "expected {{\"accession\": \"...\"}} or {{\"text\": \"...\"}}: {e}"
            )),
            _ => Error::BadRequest(format!("malformed JSON: {e}")),
        })?;
        precedents = precedents.or(j.precedents);
        match (j.accession, j.text) {
            (Some(a), None) => {
                check_key("accession", &a)?;
                DraftSource::Accession(a)
            }
            (None, Some(t)) => DraftSource::File { bytes: t.into_bytes(), name: "letter.txt".into() },
            _ => return Err(Error::Unprocessable("give exactly one of \"accession\" and \"text\"".into())),
        }
    } else if ct.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &()).await?;
        let mut file = None;
        while let Some(field) = mp.next_field().await? {
            let Some(name) = field.file_name().map(str::to_string) else { continue };
            crate::upload::check_name(&name)?;
            if file.is_some() {
                return Err(Error::Unprocessable("send one staff letter per draft".into()));
            }
            file = Some((name, Vec::from(field.bytes().await?)));
        }
        let (name, bytes) =
            file.ok_or_else(|| Error::Unprocessable("no file part: send the staff letter as a file".into()))?;
        DraftSource::File { bytes, name }
    } else {
        let name = match ct.split(';').next().unwrap_or("").trim() {
            "application/pdf" => "letter.pdf",
            "text/html" | "application/xhtml+xml" => "letter.htm",
            "text/plain" | "" => "letter.txt",
            other => {
                return Err(Error::Unsupported(format!(
                    "content type {}: send JSON, multipart/form-data, application/pdf, text/html or text/plain",
                    quote(other)
                )));
            }
        };
        let bytes = axum::body::to_bytes(req.into_body(), s.limits.max_draft)
            .await
            .map_err(|_| Error::TooLarge(format!("body larger than {} bytes", s.limits.max_draft)))?;
        DraftSource::File { bytes: Vec::from(bytes), name: name.into() }
    };
    let n = precedents.unwrap_or(3);
    if n > MAX_DRAFT_PRECEDENTS {
        return Err(Error::BadRequest(format!("precedents must be 0..={MAX_DRAFT_PRECEDENTS}")));
    }
    if let DraftSource::File { bytes, .. } = &source
        && bytes.is_empty()
    {
        return Err(Error::Unprocessable("the letter is empty".into()));
    }
    // Extraction blocks: it shares the upload pool's bound on concurrent work.
    let permit = Arc::clone(&s.upload_jobs)
        .acquire_owned()
        .await
        .map_err(|_| Error::Internal("the upload pool is closed".into()))?;
    Ok(Json(
        blocking(&s, move |b| {
            let _permit = permit;
            b.draft(source, n)
        })
        .await?,
    ))
}

/// `POST /api/v1/draft/render` options.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RenderParams {
    /// `docx` (default), `md` or `html`.
    pub format: Option<String>,
}

/// A draft (as `POST /api/v1/draft` answers it, answers filled in `sections[].response`) as a
/// file to download: DOCX, Markdown or HTML.
#[utoipa::path(post, path = "/api/v1/draft/render", params(RenderParams),
    request_body(content = Object, description = "a draft as POST /api/v1/draft answers it, with `response` filled where answered"),
    responses((status = 200, description = "the letter as a file (Content-Disposition: attachment)"),
              (status = 400, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_render(
    Params(p): Params<RenderParams>,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let format = p.format.unwrap_or_else(|| "docx".into());
    let (mime, ext) = match format.as_str() {
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        "md" => ("text/markdown; charset=utf-8", "md"),
        "html" => ("text/html; charset=utf-8", "html"),
        other => return Err(Error::BadRequest(format!("format {} is not docx, md or html", quote(other)))),
    };
    let d: corresp_app::draft::Draft = serde_json::from_slice(&body?).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            Error::Unprocessable(format!("not a draft: {}", shorten_quotes(&e.to_string())))
        }
        _ => Error::BadRequest(format!("malformed JSON: {}", shorten_quotes(&e.to_string()))),
    })?;
    let bytes = tokio::task::spawn_blocking(move || match ext {
        "docx" => corresp_app::draft::docx(&d).map_err(|e| Error::Internal(e.to_string())),
        "md" => Ok(corresp_app::draft::markdown(&d).into_bytes()),
        _ => Ok(corresp_app::draft::html(&d).into_bytes()),
    })
    .await
    .map_err(|e| Error::Internal(format!("render task failed: {e}")))??;
    let disposition = format!("attachment; filename=\"response.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// SHA-256 of a token: tokens are compared as digests, so the comparison takes the same time
/// whatever their lengths.
pub(crate) fn digest(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}

/// The token of an `Authorization` value: scheme `Bearer` in any case, exactly one space, then a
/// token with no whitespace around or inside it (`Bearer   token   ` is refused, not trimmed).
fn bearer_token(v: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = v.split_at_checked(6)?;
    let token = rest.strip_prefix(b" ")?;
    let ok = scheme.eq_ignore_ascii_case(b"bearer")
        && !token.is_empty()
        && token.iter().all(|b| b.is_ascii_graphic());
    ok.then_some(token)
}

/// Whether the request carries the server's token. The presented token is hashed and compared
/// with the token's digest in constant time, with no early return: neither the token's length nor
/// a matching prefix can be timed out of the server.
pub(crate) fn authorised(headers: &HeaderMap, token_digest: &[u8; 32], token_set: bool) -> bool {
    let presented = headers.get(header::AUTHORIZATION).and_then(|v| bearer_token(v.as_bytes()));
    let well_formed = presented.is_some();
    let same: bool = digest(presented.unwrap_or(b"")).ct_eq(token_digest).into();
    well_formed & same & token_set
}

/// Stores uploaded letters: multipart files, or a zip (of an EDGAR folder) as the body.
#[utoipa::path(post, path = "/api/v1/ingest",
    // The body (multipart file parts, or a zip) is described in `openapi::document`: utoipa has
    // no word for a binary string.
    security(("bearer" = [])),
    responses((status = 200, body = IngestSummary), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 408, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn ingest(State(s): State<AppState>, req: Request) -> Result<Json<IngestSummary>> {
    // The token is checked before a byte of the body is read.
    if !authorised(req.headers(), &s.token_digest, s.token_set) {
        return Err(Error::Unauthorized);
    }
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    // The parts as received: each body is kept as the one buffer it was read into (`Vec::from`
    // of a `Bytes` takes the buffer over, it does not copy it).
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    if ct.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &()).await?;
        while let Some(field) = mp.next_field().await? {
            let name = field.file_name().or(field.name()).unwrap_or("").to_string();
            // Refuse a bad name or type before reading the part.
            crate::upload::check_name(&name)?;
            let bytes = field.bytes().await?;
            parts.push((name, Vec::from(bytes)));
        }
    } else if ct.starts_with("application/zip") || ct.starts_with("application/octet-stream") || ct.is_empty()
    {
        let bytes = axum::body::to_bytes(req.into_body(), s.limits.max_body)
            .await
            .map_err(|_| Error::TooLarge(format!("body larger than {} bytes", s.limits.max_body)))?;
        parts.push(("upload.zip".into(), Vec::from(bytes)));
    } else {
        return Err(Error::Unsupported(format!(
            "content type {}: send multipart/form-data or application/zip",
            quote(&ct)
        )));
    }
    // Unzipping, extraction and the store block: they run on the blocking pool, at most
    // `upload_jobs` at once; the others wait here without holding a thread. The permit goes with
    // the work, so a request that times out does not free a slot its work still uses.
    let permit = Arc::clone(&s.upload_jobs)
        .acquire_owned()
        .await
        .map_err(|_| Error::Internal("the upload pool is closed".into()))?;
    let limits = s.limits;
    let summary = blocking(&s, move |b| {
        let _permit = permit;
        let mut files = Collector::new(limits);
        for (name, bytes) in parts {
            files.add(&name, bytes)?;
        }
        if files.files.is_empty() {
            return Err(Error::Unprocessable("no letter in the upload".into()));
        }
        let skipped = std::mem::take(&mut files.skipped);
        let mut summary = b.ingest(files.files)?;
        summary.skipped.extend(skipped);
        Ok(summary)
    })
    .await?;
    Ok(Json(summary))
}

#[cfg(test)]
mod tests {
    //! Input validation that needs no router.
    use super::*;

    #[test]
    fn keys_refuse_traversal() {
        assert!(check_key("a", "0000950103-24-001234").is_ok());
        assert!(check_key("a", "../../etc/passwd").is_err());
        assert!(check_key("a", "a/b").is_err());
        assert!(check_key("a", "").is_err());
    }

    fn auth(value: Option<&str>, token: &str) -> bool {
        let mut h = HeaderMap::new();
        if let Some(v) = value {
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
        }
        authorised(&h, &digest(token.as_bytes()), !token.is_empty())
    }

    #[test]
    fn token_must_match_exactly() {
        assert!(!auth(None, "s3cret"));
        assert!(!auth(Some("Bearer s3cre"), "s3cret"));
        assert!(!auth(Some("Bearer s3cret0"), "s3cret"));
        assert!(auth(Some("Bearer s3cret"), "s3cret"));
        assert!(!auth(Some("Bearer "), ""));
        assert!(!auth(Some("Bearer s3cret"), ""));
    }

    #[test]
    fn scheme_any_case_one_space_no_padding() {
        assert!(auth(Some("bearer s3cret"), "s3cret"));
        assert!(auth(Some("BEARER s3cret"), "s3cret"));
        for bad in [
            "Bearer   s3cret   ",
            "Bearer  s3cret",
            "Bearer s3cret ",
            "Bearer\ts3cret",
            "Bearers3cret",
            "Basic s3cret",
            "s3cret",
            "Bearer s3 cret",
        ] {
            assert!(!auth(Some(bad), "s3cret"), "{bad:?}");
        }
    }

    #[test]
    fn empty_query_values_are_absent() {
        let Params(f) = Params::<ThreadFilter>::parse("status=&year=&company=&cik=").unwrap();
        assert!(f.status.is_none() && f.year.is_none() && f.company.is_none());
        let Params(f) = Params::<ThreadFilter>::parse("status=open").unwrap();
        assert!(f.status.is_some());
        assert!(Params::<ThreadFilter>::parse("status=shut").is_err());
        // Only spaces is a value, and not a year.
        assert!(Params::<ThreadFilter>::parse("year=%0D").is_err());
        assert!(Params::<SearchQuery>::parse("q=x&limit=%09").is_err());
        let Params(mut q) = Params::<SearchQuery>::parse("q=x&kind=+").unwrap();
        assert!(validate_search(&mut q).is_err());
        let Params(mut q) = Params::<SearchQuery>::parse("q=x&outcome=+").unwrap();
        assert!(validate_search(&mut q).is_err());
        let Params(mut q) = Params::<SearchQuery>::parse("q=x&kind=&outcome=&limit=").unwrap();
        assert!(validate_search(&mut q).is_ok());
        let long = "x".repeat(20_000);
        let e = Params::<ThreadFilter>::parse(&format!("status={long}")).err().unwrap().to_string();
        assert!(e.len() < 300, "{e}");
    }
}
