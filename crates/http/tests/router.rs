//! The router in-process (no socket) over the fake backend: status codes, JSON shapes, the token
//! rule, upload bounds, path traversal and malformed input. One test per rule. The check and
//! statistics pages, and the sample store, run on the real backend ([`corresp_app::service`]).

use std::io::Write;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use corresp_http::testkit::{FakeBackend, THREAD_ID};
use corresp_http::{Limits, Options, router};
use serde_json::Value;
use tower::ServiceExt;

mod common;

const TOKEN: &str = "test-token-123";

/// The router over the real backend on a temporary store of the test kit's letters.
fn real_app() -> (Router, tempfile::TempDir) {
    let (service, dir) = common::fixture_service();
    (router(Arc::new(service), Options::new(TOKEN)), dir)
}

fn app_with(backend: Arc<FakeBackend>, limits: Limits) -> Router {
    router(backend, Options { limits, ..Options::new(TOKEN) })
}

fn app() -> Router {
    app_with(Arc::new(FakeBackend::default()), Limits::default())
}

async fn send(app: Router, req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let res = app.oneshot(req).await.expect("the router never fails as a service");
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    (status, body.to_vec())
}

async fn get(uri: &str) -> (StatusCode, Vec<u8>) {
    send(app(), Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let (s, b) = get(uri).await;
    (
        s,
        serde_json::from_slice(&b)
            .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&b))),
    )
}

fn assert_error(v: &Value, code: &str) {
    assert_eq!(v["code"], code, "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

#[tokio::test]
async fn healthz_is_ok() {
    assert_eq!(get("/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn threads_list_has_the_contract_fields_and_filters() {
    let (s, v) = get_json("/api/v1/threads").await;
    assert_eq!(s, StatusCode::OK);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for key in ["id", "company", "cik", "filings", "letters", "rounds", "status", "days_to_complete"] {
        assert!(list[0].get(key).is_some(), "missing {key}");
    }
    assert!(list[0]["letters"][0].get("accession").is_some());
    let (_, v) = get_json("/api/v1/threads?status=complete").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get_json("/api/v1/threads?company=maple&year=2024&form=10-K&cik=912345").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get_json("/api/v1/threads?topic=segments").await;
    assert_eq!(v[0]["id"], THREAD_ID);
    let (_, v) = get_json("/api/v1/threads?year=1999").await;
    assert_eq!(v.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bad_thread_filters_are_400() {
    for q in ["year=twenty", "status=maybe"] {
        let (s, v) = get_json(&format!("/api/v1/threads?{q}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}");
        assert_error(&v, "bad_request");
    }
}

#[tokio::test]
async fn one_thread_pairs_each_comment_with_its_answers() {
    let (s, v) = get_json(&format!("/api/v1/threads/{THREAD_ID}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["id"], THREAD_ID);
    let letters = v["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 5);
    assert_eq!(letters[0]["kind"], "comments");
    let c = &letters[0]["comments"][0];
    assert_eq!(c["number"], "1");
    assert_eq!(c["ordinal"], 1);
    assert!(c["text"].as_str().unwrap().starts_with("Please quantify"));
    let a = &c["answers"][0];
    assert_eq!(a["accession"], "0001234567-24-000010");
    assert_eq!(a["ordinal"], 1);
    assert_eq!(a["answer"], "will_revise");
    assert!(a["text"].as_str().unwrap().contains("revise future filings"));
    assert_eq!(letters[2]["comments"][0]["answers"][0]["accession"], "0001234567-24-000020");
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_4xx_json() {
    let (s, v) = get_json("/api/v1/threads/not-a-thread").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
    let (s, v) = get_json("/api/v1/letters/0000000000-00-000000").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
    for p in
        ["/api/v1/letters/..%2F..%2F..%2Fetc%2Fpasswd", "/api/v1/threads/..%2Fx", "/api/v1/letters/a%00b"]
    {
        let (s, v) = get_json(p).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
        assert_error(&v, "bad_request");
    }
    let (s, v) = get_json("/api/v1/no-such-route").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
}

#[tokio::test]
async fn letter_is_the_parse_record_with_text_and_spans() {
    let (s, v) = get_json("/api/v1/letters/0000000000-24-000001").await;
    assert_eq!(s, StatusCode::OK);
    for key in [
        "kind",
        "date",
        "company",
        "filings",
        "comments",
        "responses",
        "responds_to",
        "acknowledgment",
        "text",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let span = v["comments"][0]["span"].as_array().unwrap();
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert!(v["text"].as_str().unwrap()[a..b].starts_with("Please quantify"));
}

#[tokio::test]
async fn search_answers_contract_hits() {
    let (s, v) = get_json("/api/v1/search?q=operating%20segments&limit=5").await;
    assert_eq!(s, StatusCode::OK);
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty());
    for key in ["accession", "kind", "company", "date", "ordinal", "score", "snippet"] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    let (s, v) = get_json("/api/v1/search/facets?q=segments").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["facets"][0]["name"], "company");
}

#[tokio::test]
async fn bad_searches_are_400() {
    let long = format!("/api/v1/search?q={}", "a".repeat(20_000));
    for uri in [
        "/api/v1/search",
        "/api/v1/search?q=",
        "/api/v1/search?q=x&limit=0",
        "/api/v1/search?q=x&limit=abc",
        "/api/v1/search?q=x&kind=memo",
        "/api/v1/search?q=%22%22%22",
        long.as_str(),
    ] {
        let (s, v) = get_json(uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{}", &uri[..uri.len().min(60)]);
        assert_error(&v, "bad_request");
    }
}

#[tokio::test]
async fn similar_and_stats() {
    let (s, v) = get_json("/api/v1/similar/0000000000-24-000001/2").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v[0]["answers"][0]["text"].is_string());
    assert_eq!(get_json("/api/v1/similar/0000000000-24-000001/99").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get_json("/api/v1/similar/0000000000-24-000001/0").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get_json("/api/v1/similar/0000000000-24-000001/x").await.0, StatusCode::BAD_REQUEST);
    let (s, v) = get_json("/api/v1/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["days_to_complete"]["median"].is_number());
}

fn post(uri: &str, ct: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri).header(header::CONTENT_TYPE, ct).body(body.into()).unwrap()
}

#[tokio::test]
async fn check_takes_text_or_json() {
    let text = "Net sales increased 9.5% from $100.0 million to $109.5 million.";
    let (s, b) = send(app(), post("/api/v1/check", "text/plain", text)).await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(v["claims"][0]["verdict"], "consistent");
    for key in ["kind", "text", "start", "end", "stated", "computed", "verdict"] {
        assert!(v["claims"][0].get(key).is_some(), "missing {key}");
    }
    let body = serde_json::json!({ "text": text.replace("109.5", "111.0") }).to_string();
    let (s, b) = send(app(), post("/api/v1/check", "application/json", body)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap()["claims"][0]["verdict"], "inconsistent");
}

#[tokio::test]
async fn check_refuses_malformed_json_binary_and_huge_bodies() {
    let (s, b) = send(app(), post("/api/v1/check", "application/json", "{\"text\": ")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&serde_json::from_slice(&b).unwrap(), "bad_request");
    let (s, _) = send(app(), post("/api/v1/check", "application/json", "{\"txt\": 1}")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = send(app(), post("/api/v1/check", "text/plain", vec![0xffu8, 0xfe, 0x00])).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, b) =
        send(app(), post("/api/v1/check", "application/x-www-form-urlencoded", vec![b'x'; 2_000_000])).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&serde_json::from_slice(&b).unwrap(), "too_large");
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "XbOuNdArYx";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn authed(mut r: Request<Body>, token: &str) -> Request<Body> {
    r.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    r
}

#[tokio::test]
async fn ingest_without_the_token_is_401_and_stores_nothing() {
    let backend = Arc::new(FakeBackend::default());
    let (ct, body) = multipart(&[("letter.htm", b"<html>Dear Sir</html>")]);
    for req in [
        post("/api/v1/ingest", &ct, body.clone()),
        authed(post("/api/v1/ingest", &ct, body.clone()), "wrong"),
        authed(post("/api/v1/ingest", "application/octet-stream", "x"), "test-token-12"),
    ] {
        let (s, b) = send(app_with(backend.clone(), Limits::default()), req).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_error(&serde_json::from_slice(&b).unwrap(), "unauthorized");
    }
    assert!(backend.ingested.lock().unwrap().is_empty());
}

#[tokio::test]
async fn ingest_takes_multipart_files_and_zips() {
    let backend = Arc::new(FakeBackend::default());
    let zip = zip_of(&[
        ("sec/ABC/t1/filings/0000000000-24-000001/filename1.pdf", b"%PDF-1.4 x"),
        ("sec/ABC/notes.docx", b"PK"),
    ]);
    let (ct, body) = multipart(&[("letter.htm", b"<html>Dear Sir</html>"), ("folder.zip", &zip)]);
    let (s, b) =
        send(app_with(backend.clone(), Limits::default()), authed(post("/api/v1/ingest", &ct, body), TOKEN))
            .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(v["files"], 2);
    assert_eq!(v["skipped"][0], "sec/ABC/notes.docx");
    let names: Vec<String> = backend.ingested.lock().unwrap().iter().map(|u| u.name.clone()).collect();
    assert_eq!(names, ["letter.htm", "sec/ABC/t1/filings/0000000000-24-000001/filename1.pdf"]);
    let (s, _) = send(
        app_with(backend.clone(), Limits::default()),
        authed(post("/api/v1/ingest", "application/zip", zip_of(&[("a.txt", b"Dear")])), TOKEN),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn ingest_refuses_traversal_types_and_oversize() {
    let backend = Arc::new(FakeBackend::default());
    let ing = |ct: &str, body: Vec<u8>| authed(post("/api/v1/ingest", ct, body), TOKEN);
    let small = Limits {
        max_body: 4096,
        max_files: 2,
        max_zip_entries: 3,
        max_inflated: 10_000,
        max_check: 1024,
        max_draft: 4096,
    };
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (ing("application/zip", zip_of(&[("../../evil.txt", b"x")])), StatusCode::BAD_REQUEST),
        (ing("application/zip", zip_of(&[("/etc/cron.d/x.txt", b"x")])), StatusCode::BAD_REQUEST),
        (
            {
                let (ct, b) = multipart(&[("../x.htm", b"<html>")]);
                ing(&ct, b)
            },
            StatusCode::BAD_REQUEST,
        ),
        (
            {
                let (ct, b) = multipart(&[("run.exe", b"MZ")]);
                ing(&ct, b)
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            {
                let (ct, b) = multipart(&[("fake.pdf", b"<html>")]);
                ing(&ct, b)
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (ing("application/json", b"{}".to_vec()), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (ing("application/zip", b"not a zip".to_vec()), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            ing("application/zip", zip_of(&[("a.txt", b"x"), ("b.txt", b"x"), ("c.txt", b"x")])),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            ing(
                "application/zip",
                zip_of(&[("1.txt", b"x"), ("2.txt", b"x"), ("3.txt", b"x"), ("4.txt", b"x")]),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        // A small zip that inflates past the bound: a zip bomb in miniature.
        (ing("application/zip", zip_of(&[("bomb.txt", &vec![b'a'; 50_000])])), StatusCode::PAYLOAD_TOO_LARGE),
        (ing("application/zip", vec![b'P'; 10_000]), StatusCode::PAYLOAD_TOO_LARGE),
        (
            {
                let (ct, b) = multipart(&[("big.txt", &vec![b'a'; 8_000])]);
                ing(&ct, b)
            },
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (ing("application/zip", zip_of(&[("x.docx", b"x")])), StatusCode::UNPROCESSABLE_ENTITY),
        (ing("multipart/form-data; boundary=zz", b"garbage".to_vec()), StatusCode::BAD_REQUEST),
    ];
    for (i, (req, want)) in cases.into_iter().enumerate() {
        let (s, b) = send(app_with(backend.clone(), small), req).await;
        assert_eq!(s, want, "case {i}: {}", String::from_utf8_lossy(&b));
        let v: Value = serde_json::from_slice(&b).unwrap_or_else(|_| panic!("case {i}: not JSON"));
        assert!(v["code"].is_string(), "case {i}");
    }
    assert!(backend.ingested.lock().unwrap().is_empty(), "nothing reached the store");
}

#[tokio::test]
async fn openapi_lists_every_route() {
    let (s, v) = get_json("/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    let paths = v["paths"].as_object().unwrap();
    for p in [
        "/api/v1/threads",
        "/api/v1/threads/{id}",
        "/api/v1/letters/{accession}",
        "/api/v1/search",
        "/api/v1/similar/{accession}/{ordinal}",
        "/api/v1/stats",
        "/api/v1/check",
        "/api/v1/ingest",
        "/api/v1/draft",
        "/api/v1/draft/render",
        "/healthz",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
}

fn html(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[tokio::test]
async fn pages_render() {
    for uri in [
        "/",
        "/?q=segments",
        "/?q=segments&company=Maple%20Ridge%20Outfitters%2C%20Inc.",
        "/threads",
        "/threads?status=open",
        "/stats",
        "/check",
        "/companies/0000912345",
        "/letters/0000000000-24-000001?at=10-30",
        "/similar/0000000000-24-000001/2",
        "/assets/style.css",
        "/assets/app.js",
    ] {
        let (s, b) = get(uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(!b.is_empty());
    }
    let (_, b) = get("/").await;
    assert!(html(&b).to_lowercase().contains("<html"));
}

#[tokio::test]
async fn review_page_puts_each_answer_beside_its_comment() {
    let (s, b) = get(&format!("/threads/{THREAD_ID}")).await;
    assert_eq!(s, StatusCode::OK);
    let page = html(&b);
    let pair =
        page.split("id=\"c-0000000000-24-000001-1\"").nth(1).unwrap().split("</article>").next().unwrap();
    assert!(pair.contains("class=\"answers\""));
    assert!(pair.contains("will revise"));
    assert!(pair.contains("<mark class=\"new\">organic growth was 4.0%</mark>"));
    assert!(page.contains("85 days to complete"));
    // Forty comments: every one has its own row and a jump link.
    let (_, b) = get("/threads/0000700100-0000000000-22-000400").await;
    let page = html(&b);
    assert_eq!(page.matches("class=\"pair\"").count(), 40);
    assert!(page.contains("class=\"toc\""));
}

#[tokio::test]
async fn check_page_marks_each_figure() {
    let (app, _dir) = real_app();
    let body = "text=Sales+increased+9.5%25+from+100.0+to+109.5.+Costs+increased+5.0%25+from+10.0+to+12.0.";
    let (s, b) = send(app, post("/check", "application/x-www-form-urlencoded", body)).await;
    assert_eq!(s, StatusCode::OK);
    let page = html(&b);
    assert!(page.contains("<mark class=\"consistent\">"), "{page}");
    assert!(page.contains("<mark class=\"inconsistent\">"), "{page}");
}

#[tokio::test]
async fn check_page_names_a_wrong_sum_and_its_tolerance() {
    let (app, _dir) = real_app();
    let text = "Fees of $20.0m and $15.0m totaled $36.0m.";
    let body = serde_urlencoded::to_string([("text", text)]).unwrap();
    let (s, b) = send(app, post("/check", "application/x-www-form-urlencoded", body)).await;
    assert_eq!(s, StatusCode::OK);
    let page = html(&b);
    assert!(page.contains("1 inconsistent"), "{page}");
    assert!(page.contains("<mark class=\"inconsistent\">"), "{page}");
    // The tolerance in words: what the stated total may stand for, what its parts allow.
    assert!(
        page.contains(
            "stated 36.0 (may stand for 35.95\u{2013}36.05); recomputed 34.90\u{2013}35.10 from the rounded figures: does not hold"
        ),
        "{page}"
    );
}

#[tokio::test]
async fn pages_escape_and_fail_as_pages() {
    let (s, b) = get("/?q=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html(&b).contains("<script>alert"));
    let (s, b) = get("/threads/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html(&b).contains("<html"));
    assert_eq!(get("/letters/..%2Fetc%2Fpasswd").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get("/nowhere").await.0, StatusCode::NOT_FOUND);
}

// Issue 13: the smaller holes, each as it was attacked.

#[tokio::test]
async fn padded_or_misspelt_tokens_are_refused_and_the_scheme_is_any_case() {
    let backend = Arc::new(FakeBackend::default());
    let (ct, body) = multipart(&[("letter.htm", b"<html>Dear Sir</html>")]);
    let with = |auth: &str| {
        let mut r = post("/api/v1/ingest", &ct, body.clone());
        r.headers_mut().insert(header::AUTHORIZATION, auth.parse().unwrap());
        r
    };
    for bad in [
        format!("Bearer   {TOKEN}   "),
        format!("Bearer  {TOKEN}"),
        format!("Bearer {TOKEN} "),
        format!("Bearer\t{TOKEN}"),
        format!("Bearer{TOKEN}"),
        format!("Basic {TOKEN}"),
        format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]),
        format!("Bearer {TOKEN}4"),
    ] {
        let (s, b) = send(app_with(backend.clone(), Limits::default()), with(&bad)).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{bad:?}");
        assert_error(&serde_json::from_slice(&b).unwrap(), "unauthorized");
    }
    assert!(backend.ingested.lock().unwrap().is_empty());
    for good in [format!("bearer {TOKEN}"), format!("BEARER {TOKEN}"), format!("Bearer {TOKEN}")] {
        let (s, b) = send(app_with(backend.clone(), Limits::default()), with(&good)).await;
        assert_eq!(s, StatusCode::OK, "{good:?}: {}", String::from_utf8_lossy(&b));
    }
}

async fn headers_of(app: Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap) {
    let res = app.oneshot(req).await.unwrap();
    (res.status(), res.headers().clone())
}

fn assert_security_headers(h: &axum::http::HeaderMap, what: &str) {
    let csp =
        h.get(header::CONTENT_SECURITY_POLICY).unwrap_or_else(|| panic!("{what}: no CSP")).to_str().unwrap();
    for part in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"] {
        assert!(csp.contains(part), "{what}: CSP {csp:?} lacks {part:?}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{what}: {csp}");
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff", "{what}");
    assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY", "{what}");
    assert!(h.get(header::REFERRER_POLICY).is_some(), "{what}");
}

#[tokio::test]
async fn security_headers_on_pages_api_assets_and_errors() {
    for uri in [
        "/",
        "/threads",
        &format!("/threads/{THREAD_ID}"),
        "/stats",
        "/check",
        "/assets/app.js",
        "/assets/style.css",
        "/healthz",
        "/api/v1/threads",
        "/api/v1/openapi.json",
        "/api/v1/threads/not-a-thread",
        "/api/v1/no-such-route",
        "/no-such-page",
    ] {
        let (s, h) = headers_of(app(), Request::get(uri).body(Body::empty()).unwrap()).await;
        assert!(s.as_u16() < 500, "{uri}: {s}");
        assert_security_headers(&h, uri);
    }
    let (s, h) = headers_of(app(), post("/api/v1/ingest", "application/zip", "x")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_security_headers(&h, "401");
}

#[tokio::test]
async fn pages_use_no_inline_script_or_style() {
    // The CSP allows only the server's own files: a page with inline script or style would break.
    for uri in ["/", "/threads", &format!("/threads/{THREAD_ID}"), "/stats", "/check"] {
        let (s, b) = get(uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        let page = html(&b);
        assert!(!page.contains("<style"), "{uri}: inline <style>");
        assert!(!page.contains(" style=\""), "{uri}: inline style attribute");
        for (i, _) in page.match_indices("<script") {
            let tag = &page[i..page[i..].find('>').map_or(page.len(), |e| i + e)];
            assert!(tag.contains(" src=\"/"), "{uri}: inline script {tag}");
        }
        for on in [" onclick=", " onload=", " onerror=", " onsubmit=", "javascript:"] {
            assert!(!page.contains(on), "{uri}: {on}");
        }
    }
}

fn loopback_app() -> Router {
    let opts = Options { allowed_hosts: Some(corresp_http::loopback_hosts(8080)), ..Options::new(TOKEN) };
    router(Arc::new(FakeBackend::default()), opts)
}

fn with_host(uri: &str, host: &str) -> Request<Body> {
    Request::get(uri).header(header::HOST, host).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn foreign_host_is_refused_with_421_json() {
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "LocalHost:8080"] {
        let (s, _) = send(loopback_app(), with_host("/api/v1/threads", host)).await;
        assert_eq!(s, StatusCode::OK, "{host}");
    }
    for host in [
        "evil.example:8080",
        "localhost:8081",
        "localhost",
        "127.0.0.1.evil.example:8080",
        "localhost:8080 x",
    ] {
        for uri in ["/api/v1/threads", "/", "/healthz"] {
            let res = loopback_app().oneshot(with_host(uri, host)).await.unwrap();
            assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST, "{host} {uri}");
            assert_security_headers(res.headers(), "421");
            let b = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
            assert_error(&serde_json::from_slice(&b).unwrap(), "host_not_allowed");
        }
    }
    let (s, _) = send(loopback_app(), Request::get("/api/v1/threads").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::MISDIRECTED_REQUEST, "no Host at all");
    // Names added for a shared host are answered on any port.
    let opts = Options {
        allowed_hosts: Some(
            [corresp_http::loopback_hosts(8080), vec!["corresp.example.com".into()]].concat(),
        ),
        ..Options::new(TOKEN)
    };
    let app = router(Arc::new(FakeBackend::default()), opts);
    let (s, _) = send(app, with_host("/api/v1/threads", "corresp.example.com:443")).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn errors_quote_only_a_short_prefix_of_bad_input() {
    let long = "A".repeat(20_000);
    for uri in [
        format!("/api/v1/threads/{long}"),
        format!("/api/v1/letters/{long}"),
        format!("/api/v1/similar/{long}/1"),
        format!("/api/v1/similar/0000000000-24-000001/{long}"),
        format!("/api/v1/threads?status={long}"),
        format!("/api/v1/threads?year={long}"),
        format!("/api/v1/search?q=x&limit={long}"),
        format!("/api/v1/search?q=x&kind={long}"),
        format!("/threads/{long}"),
        format!("/letters/{long}"),
    ] {
        let (s, b) = get(&uri).await;
        assert!(s.is_client_error(), "{}: {s}", &uri[..40]);
        assert!(b.len() < 1_500, "{}: {} bytes echoed", &uri[..40], b.len());
        let text = String::from_utf8_lossy(&b);
        assert!(!text.contains(&"A".repeat(100)), "{}: {text}", &uri[..40]);
    }
    let (_, v) = get_json(&format!("/api/v1/threads/{}", "a".repeat(500))).await;
    let m = v["message"].as_str().unwrap();
    assert!(m.contains(&"a".repeat(80)) && m.contains('…'), "{m}");
}

#[tokio::test]
async fn empty_optional_parameters_count_as_absent() {
    let (s, all) = get_json("/api/v1/threads").await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = get_json("/api/v1/threads?status=&company=&cik=&form=&year=&topic=").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, all);
    let (s, v) = get_json("/api/v1/search?q=segments&limit=&company=&year=&kind=&topic=").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = get_json("/api/v1/search/facets?q=segments&limit=").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = get_json("/api/v1/threads?status=shut").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&v, "bad_request");
}

#[tokio::test]
async fn blank_form_fields_of_the_pages_count_as_absent() {
    // What the review list's filter form sends when a field is left blank.
    let (s, body) = get("/threads?company=&cik=&form=&year=&topic=&status=").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let (s, body) = get("/?q=segments&year=&kind=&outcome=").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
}

#[tokio::test]
async fn openapi_describes_the_ingest_body_as_files_or_a_zip() {
    let (_, v) = get_json("/api/v1/openapi.json").await;
    let body = &v["paths"]["/api/v1/ingest"]["post"]["requestBody"];
    let mp = &body["content"]["multipart/form-data"]["schema"];
    assert_eq!(mp["type"], "object", "{body}");
    assert_eq!(mp["properties"]["files"]["items"]["type"], "string", "{body}");
    assert_eq!(mp["properties"]["files"]["items"]["format"], "binary", "{body}");
    let zip = &body["content"]["application/zip"]["schema"];
    assert_eq!(zip["type"], "string", "{body}");
    assert_eq!(zip["format"], "binary", "{body}");
    assert!(!body.to_string().contains("integer"), "{body}");
}

fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters").join(name))
        .unwrap()
}

#[tokio::test]
async fn draft_takes_a_letter_file_text_or_json_and_renders_each_format() {
    let letter = testdata("draft_comment_letter.txt");
    let (s, b) = send(app(), post("/api/v1/draft", "text/plain", letter.clone())).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let mut d: Value = serde_json::from_slice(&b).unwrap();
    let numbers: Vec<&str> =
        d["sections"].as_array().unwrap().iter().map(|s| s["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    assert!(d["acknowledgment"].is_object());

    let (ct, body) = multipart(&[("comment letter.txt", &letter)]);
    let (s, b) = send(app(), post("/api/v1/draft?precedents=2", &ct, body)).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let json = serde_json::json!({ "text": String::from_utf8(letter).unwrap() }).to_string();
    let (s, _) = send(app(), post("/api/v1/draft", "application/json", json)).await;
    assert_eq!(s, StatusCode::OK);

    // The writer's answers come back in every format.
    d["sections"][0]["response"] = Value::from("The Company will quantify price and volume effects.");
    let body = d.to_string();
    let (s, b) = send(app(), post("/api/v1/draft/render?format=md", "application/json", body.clone())).await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8_lossy(&b).contains("The Company will quantify price and volume effects."));
    let (s, b) =
        send(app(), post("/api/v1/draft/render?format=html", "application/json", body.clone())).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        String::from_utf8_lossy(&b).starts_with("<!DOCTYPE html>")
            || String::from_utf8_lossy(&b).starts_with("<!doctype html>")
    );
    let res = app().oneshot(post("/api/v1/draft/render", "application/json", body)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("response.docx"));
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
}

#[tokio::test]
async fn draft_refuses_what_is_not_a_staff_comment_letter() {
    let (s, b) = send(app(), post("/api/v1/draft", "text/html", testdata("response.htm"))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(v["message"], "this is a company response, not a staff comment letter");
    for (ct, body, want) in [
        ("application/json", "{\"accession\": \"../etc\"}", StatusCode::BAD_REQUEST),
        ("application/json", "{\"accession\": \"1\", \"text\": \"x\"}", StatusCode::UNPROCESSABLE_ENTITY),
        ("application/json", "{\"nope\": 1}", StatusCode::UNPROCESSABLE_ENTITY),
        ("application/json", "{", StatusCode::BAD_REQUEST),
        ("image/png", "x", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("text/plain", "", StatusCode::UNPROCESSABLE_ENTITY),
        ("text/plain", "\t", StatusCode::UNPROCESSABLE_ENTITY),
        ("application/pdf", "%PDF-1.4 broken", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (s, b) = send(app(), post("/api/v1/draft", ct, body)).await;
        assert_eq!(s, want, "{ct} {body}: {}", String::from_utf8_lossy(&b));
    }
    let (s, _) = send(app(), post("/api/v1/draft?precedents=11", "text/plain", "x")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(app(), post("/api/v1/draft/render?format=pdf", "application/json", "{}")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(app(), post("/api/v1/draft/render", "application/json", "{\"sections\": 3}")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = send(app(), post("/api/v1/draft", "text/plain", vec![b'x'; 17 << 20])).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn draft_page_links_its_script_and_uses_no_inline_script_or_style() {
    for uri in ["/draft", "/draft?accession=0000000000-24-000001", "/draft?accession="] {
        let res = app().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{uri}");
        let page = html(&axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap());
        assert!(page.contains("<script src=\"/assets/draft.js\" defer></script>"), "{uri}");
        assert!(page.contains("<a href=\"/draft\" aria-current=\"page\">Draft</a>"), "{uri}: nav");
        assert!(page.contains("role=\"alert\""), "{uri}: an alert for errors");
        assert!(!page.contains("<style"), "{uri}: inline <style>");
        assert!(!page.contains(" style=\""), "{uri}: inline style attribute");
        for (i, _) in page.match_indices("<script") {
            let tag = &page[i..page[i..].find('>').map_or(page.len(), |e| i + e)];
            assert!(tag.contains(" src=\"/"), "{uri}: inline script {tag}");
        }
        for on in [" onclick=", " onload=", " onerror=", " onsubmit=", " oninput=", "javascript:"] {
            assert!(!page.contains(on), "{uri}: {on}");
        }
    }
    let (s, b) = get("/draft?accession=0000000000-24-000001").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html(&b).contains("data-accession=\"0000000000-24-000001\""));
    let (s, _) = get("/draft?accession=..%2Fetc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let res = app().oneshot(Request::get("/assets/draft.js").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    let js = html(&axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap());
    assert!(js.contains("/api/v1/draft") && !js.contains("innerHTML"), "letters go in as text only");
    // The review page offers a draft for each staff comment letter.
    let (_, b) = get(&format!("/threads/{THREAD_ID}")).await;
    assert!(html(&b).contains("<a href=\"/draft?accession=0000000000-24-000001\">Draft a response</a>"));
}

/// Every page over a store whose every shown text (company, captions, comments, answers, proposed
/// disclosure, topics, filings, search snippets, similar comments, statistics, the notice) holds
/// hostile markup: the markup shows as text, never as a tag or an attribute.
#[tokio::test]
async fn hostile_letter_text_never_becomes_markup_on_any_page() {
    let hostile = || router(Arc::new(FakeBackend::hostile()), Options::new(TOKEN));
    let mut uris: Vec<String> = [
        "/",
        "/?q=alert",
        "/?q=operating",
        "/?q=alert&kind=comment",
        "/threads",
        "/threads?company=Maple",
        "/stats",
        "/check",
        "/draft?accession=0000000000-24-000001",
        "/companies/0000912345",
        "/letters/0000000000-24-000001?at=10-30",
        "/letters/0001234567-24-000010",
        "/similar/0000000000-24-000001/2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    uris.push(format!("/threads/{THREAD_ID}"));
    uris.push(
        "/similar?text=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
            .into(),
    );
    uris.push("/threads/0000700100-0000000000-22-000400".into());
    let mut seen = 0;
    for uri in &uris {
        let (s, b) = send(hostile(), Request::get(uri.as_str()).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        let page = html(&b);
        assert!(!page.contains("<script>alert"), "{uri}: a <script> got through");
        assert!(!page.contains("<img"), "{uri}: an <img> got through");
        for (i, _) in page.match_indices("onerror=") {
            // Only ever as text: the tag around it was escaped.
            assert!(page[..i].ends_with("&lt;img src=x "), "{uri}: onerror outside text");
        }
        seen += page.matches("&lt;script&gt;alert(1)&lt;/script&gt;").count();
    }
    assert!(seen > 20, "the hostile text is shown (as text) on the pages: {seen}");
    // The check page echoes what was posted, as text.
    let body =
        format!("text={}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
    let (s, b) = send(hostile(), post("/check", "application/x-www-form-urlencoded", body)).await;
    assert_eq!(s, StatusCode::OK);
    let page = html(&b);
    assert!(!page.contains("<script>alert") && !page.contains("<img"), "{page}");
}

/// The statistics page switches its definitions with a GET form, and offers the rows behind it as
/// CSV and Parquet under the same definitions: on the real backend, so the page reads the
/// statistics the store really gives.
#[tokio::test]
async fn stats_page_has_definition_controls_and_csv_and_parquet_downloads() {
    let (app, _dir) = real_app();
    let get = |uri: &str| send(app.clone(), Request::get(uri).body(Body::empty()).unwrap());
    let (s, b) = get("/stats?letters=all&forms=periodic").await;
    assert_eq!(s, StatusCode::OK);
    let page = html(&b);
    assert!(page.contains(r#"<form class="filters stats-defs" method="get" action="/stats""#), "{page}");
    for name in ["letters", "year", "start", "end"] {
        assert!(page.contains(&format!(r#"<select name="{name}">"#)), "{name}");
    }
    assert!(page.contains(r#"name="forms" value="periodic""#));
    // The real backend switches: the page shows (and links) the definitions asked for.
    assert!(page.contains(r#"<option value="all" selected>"#), "{page}");
    assert!(page.contains(r#"href="/stats.csv?letters=all&amp;forms=periodic""#), "{page}");
    let (_, b) = get("/stats").await;
    let page = html(&b);
    assert!(page.contains(r#"href="/stats.csv""#) && page.contains(r#"href="/stats.parquet?rows=comments""#));
    let (_, v) = get("/api/v1/stats").await;
    let v: Value = serde_json::from_slice(&v).unwrap();
    let median = v["days_to_complete"]["median"].as_f64().expect("a completed review in the fixtures");
    assert!(
        page.contains(&format!("<dd>{median}</dd>")),
        "median days to complete, from the typed statistics: {page}"
    );

    for (uri, ct, head) in [
        ("/stats.csv", "text/csv; charset=utf-8", &b"id,company,cik,forms,year"[..]),
        ("/stats.csv?letters=all&year=june&start=filing&end=last-letter", "text/csv; charset=utf-8", b"id,"),
        ("/stats.csv?rows=comments", "text/csv; charset=utf-8", b"thread_id,accession"),
        ("/stats.parquet", "application/vnd.apache.parquet", b"PAR1"),
        ("/stats.parquet?rows=comments&forms=periodic", "application/vnd.apache.parquet", b"PAR1"),
    ] {
        let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(res.headers()[header::CONTENT_TYPE], ct, "{uri}");
        assert!(res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        assert!(body.starts_with(head), "{uri}: {:?}", String::from_utf8_lossy(&body[..body.len().min(80)]));
    }
    // Each review counted is a row of the CSV, under the header.
    let reviews = v["reviews"].as_u64().unwrap() as usize;
    assert!(reviews >= 1, "{v}");
    let (_, b) = get("/stats.csv").await;
    assert_eq!(String::from_utf8(b).unwrap().lines().count(), reviews + 1);
    // The comment rows are the staff comments of those reviews.
    let (_, b) = get("/stats.csv?rows=comments").await;
    assert!(String::from_utf8(b).unwrap().lines().count() > 1, "comment rows");
    for uri in ["/stats?letters=some", "/stats.csv?year=fiscal", "/stats.parquet?rows=letters"] {
        assert_eq!(get(uri).await.0, StatusCode::BAD_REQUEST, "{uri}");
    }
}

/// With no store of one's own, `corresp serve` shows the sample: the letters of
/// `testdata/letters/`, ingested and indexed by the real pipeline, with a notice on every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_store_is_the_testdata_letters_through_the_real_pipeline() {
    let service = tokio::task::spawn_blocking(corresp_app::service::Service::sample).await.unwrap().unwrap();
    let app = router(Arc::new(service), Options::new(TOKEN));
    let get = |uri: &str| send(app.clone(), Request::get(uri).body(Body::empty()).unwrap());
    let (s, b) = get("/api/v1/threads").await;
    assert_eq!(s, StatusCode::OK);
    let threads: Value = serde_json::from_slice(&b).unwrap();
    let companies: Vec<&str> =
        threads.as_array().unwrap().iter().filter_map(|t| t["company"].as_str()).collect();
    assert!(companies.iter().any(|c| c.contains("Quillfeather")), "{threads}");
    assert!(companies.iter().any(|c| c.contains("Brackenridge")), "{threads}");
    // Searchable at once: the index was built by the ingest, not left to the first search.
    let (s, b) = get("/api/v1/search?q=Quillfeather").await;
    assert_eq!(s, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&b).unwrap().as_array().is_some_and(|a| !a.is_empty()));
    let (_, b) = get("/threads").await;
    assert!(html(&b).contains("Sample store"), "the notice says it is a sample");
}
