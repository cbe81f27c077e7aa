//! The server over real sockets (issue 13, hole 3): slow or idle clients cannot hold it, a
//! trickled body times out, shutdown does not wait on them; and a running server sees what
//! another process stores (hole 5). Limits are small here so the tests are fast.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use corresp_http::testkit::FakeBackend;
use corresp_http::{Options, ServerLimits, router};
use serde_json::Value;
use tower::ServiceExt;

/// A server on a loopback port in its own runtime, stopped when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    stopped: std::sync::mpsc::Receiver<()>,
}

impl Server {
    fn start(opts: Options, limits: ServerLimits) -> Server {
        let app = router(Arc::new(FakeBackend::default()), opts);
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = std_listener.local_addr().unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (done_tx, stopped) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                let shutdown = async move {
                    let _ = stop_rx.await;
                };
                corresp_http::serve_with(listener, app, limits, shutdown).await.unwrap();
            });
            let _ = done_tx.send(());
            rt.shutdown_background();
        });
        Server { addr, stop: Some(stop), stopped }
    }

    /// Asks the server to stop; how long it took to return.
    fn stop(&mut self) -> Duration {
        let t = Instant::now();
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.stopped.recv_timeout(Duration::from_secs(30)).expect("the server did not stop within 30 s");
        t.elapsed()
    }

    /// One complete request on a new connection; the status and how long it took.
    fn get(&self, path: &str) -> (u16, Duration) {
        let t = Instant::now();
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let head = String::from_utf8_lossy(&out[..out.len().min(20)]).to_string();
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, t.elapsed())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn limits(header_ms: u64, max_connections: usize) -> ServerLimits {
    ServerLimits {
        header_timeout: Duration::from_millis(header_ms),
        max_connections,
        shutdown_grace: Duration::from_secs(10),
    }
}

/// Whether the server has closed `s` (EOF or reset), waiting at most `wait` for it.
fn closed(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // an error answer (408) before the close
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

fn half_sent(addr: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /api/v1/threads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
    s
}

#[test]
fn slow_loris_is_cut_at_the_header_timeout_and_others_are_served() {
    let server = Server::start(Options::new("t"), limits(500, 64));
    let mut slow: Vec<TcpStream> = (0..200).map(|_| half_sent(server.addr)).collect();
    let (status, took) = server.get("/healthz");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(2), "healthz took {took:?} behind 200 half-sent requests");
    std::thread::sleep(Duration::from_millis(1_000));
    let still_open = slow.iter_mut().map(|s| closed(s, Duration::from_millis(1_500))).filter(|c| !c).count();
    assert_eq!(still_open, 0, "half-sent requests still open after the header timeout");
}

#[test]
fn idle_connections_beyond_the_limit_do_not_lock_out_healthz() {
    let server = Server::start(Options::new("t"), limits(30_000, 8));
    let mut idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(server.addr).unwrap()).collect();
    let (status, took) = server.get("/healthz");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(2), "healthz took {took:?} behind 100 idle connections");
    std::thread::sleep(Duration::from_millis(1_000));
    let open = idle.iter_mut().map(|s| closed(s, Duration::from_millis(20))).filter(|c| !c).count();
    assert!(open <= 8, "{open} idle connections still open with a limit of 8");
}

#[test]
fn busy_connections_are_not_evicted() {
    // A request in flight keeps its connection even when the limit is reached.
    let server = Server::start(Options::new("t"), limits(30_000, 2));
    let mut keep = TcpStream::connect(server.addr).unwrap();
    keep.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = [0u8; 512];
    keep.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let n = keep.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    for _ in 0..5 {
        assert_eq!(server.get("/healthz").0, 200);
    }
}

#[test]
fn kept_alive_idle_connection_is_closed_after_the_timeout() {
    let server = Server::start(Options::new("t"), limits(500, 64));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let t = Instant::now();
    assert!(closed(&mut s, Duration::from_secs(5)), "idle keep-alive connection never closed");
    assert!(t.elapsed() < Duration::from_secs(2), "closed only after {:?}", t.elapsed());
}

#[test]
fn a_trickled_body_gets_408() {
    let opts = Options { request_timeout: Duration::from_millis(400), ..Options::new("t") };
    let server = Server::start(opts, limits(5_000, 64));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(
        b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nRevenue",
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let t = Instant::now();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"timeout\""), "{text}");
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[test]
fn shutdown_does_not_wait_on_idle_or_half_sent_clients() {
    let mut server = Server::start(Options::new("t"), limits(60_000, 512));
    let _idle: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(server.addr).unwrap()).collect();
    let _slow: Vec<TcpStream> = (0..20).map(|_| half_sent(server.addr)).collect();
    assert_eq!(server.get("/healthz").0, 200);
    let took = server.stop();
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
}

// Hole 5: a running server notices what another process stores.

fn letters_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/letters"))
}

async fn get_json(app: &axum::Router, uri: &str) -> Value {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    let b = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    serde_json::from_slice(&b).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn letters_stored_by_another_handle_show_without_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("c.db");
    let backend = corresp_app::service::Service::open(&db).unwrap();
    let app = router(Arc::new(backend), Options::new("t"));
    // The server has read (and cached) the empty store, and opened its index.
    assert_eq!(get_json(&app, "/api/v1/threads").await, serde_json::json!([]));
    assert_eq!(get_json(&app, "/api/v1/search?q=Quillfeather").await, serde_json::json!([]));

    // Another process (here: another handle on the same file) stores letters, and does not
    // touch the search index.
    let db2 = db.clone();
    tokio::task::spawn_blocking(move || {
        let other = corresp_app::db::open_store(&db2, true).unwrap();
        let opts = corresp_app::ingest::IngestOptions::default();
        let s = corresp_app::ingest::ingest(&other, &[letters_dir()], &opts, &mut |_| {}).unwrap();
        assert!(s.ingested > 0, "{s:?}");
    })
    .await
    .unwrap();

    let t = Instant::now();
    loop {
        let threads = get_json(&app, "/api/v1/threads").await;
        let hits = get_json(&app, "/api/v1/search?q=Quillfeather").await;
        if threads.as_array().is_some_and(|a| !a.is_empty()) && hits.as_array().is_some_and(|a| !a.is_empty())
        {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "after {:?} the server still shows threads {threads} and hits {hits}",
            t.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_answers_name_files_by_their_uploaded_names_only() {
    let tmp = tempfile::tempdir().unwrap();
    let backend = corresp_app::service::Service::open(&tmp.path().join("c.db")).unwrap();
    let app = router(Arc::new(backend), Options::new("t"));
    let boundary = "XyZ";
    let mut body = Vec::new();
    for (name, bytes) in [("broken.pdf", &b"%PDF-1.4\nnot really a pdf"[..]), ("empty.htm", &b""[..])] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let req = Request::post("/api/v1/ingest")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("authorization", "Bearer t")
        .body(Body::from(body))
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let b = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8_lossy(&b);
    assert_eq!(status, StatusCode::OK, "{text}");
    let tmpdir = std::env::temp_dir().display().to_string();
    assert!(!text.contains(&tmpdir) && !text.contains("/upload/"), "a server path in {text}");
    assert!(text.contains("broken.pdf"), "{text}");
    // Nor does the store keep one: the failed upload's source is its uploaded name.
    let store = corresp_app::db::open_store(&tmp.path().join("c.db"), false).unwrap();
    let failures = store.failures().unwrap();
    let sources: Vec<String> = failures.iter().filter_map(|f| f.source_path.clone()).collect();
    assert!(!sources.is_empty(), "{failures:?}");
    for s in &sources {
        assert!(s.starts_with("upload/") && (s.ends_with(".pdf") || s.ends_with(".htm")), "{s}");
        assert!(!s.contains(&tmpdir), "a server path stored: {s}");
    }
}
