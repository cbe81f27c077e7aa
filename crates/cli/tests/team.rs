//! A team on one machine, with real processes: one PostgreSQL, 4 `corresp ingest --worker`
//! processes sharing a folder of the DEV corpus (one killed with SIGKILL in the middle), and 2
//! `corresp serve` nodes following the store. At the end every file is done once, `threads --json`
//! (rebuilt company by company by the workers) equals a single SQLite ingest of the same folders, both nodes answer a search the same, and a
//! letter ingested afterwards is found on a node that did not ingest it within seconds.
//!
//! Needs PostgreSQL and the corpus: skips with a message without them, fails in CI
//! (`CORRESP_REQUIRE_ALL`). `CORRESP_TEAM_COMPANIES=N` sets how many companies of the corpus
//! (default 8).

#[path = "../../store/tests/support/pg.rs"]
mod pg;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use corresp_store::{PgOptions, PostgresStore, Store};

const BIN: &str = env!("CARGO_BIN_EXE_corresp");
const TOKEN: &str = "team-test-token";

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("CORRESP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("corpus/lehigh/sec");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CORRESP_REQUIRE_ALL").is_some() {
        panic!("no corpus at {}", dir.display());
    }
    eprintln!("skipping the team test: no corpus at {}", dir.display());
    None
}

fn corresp(args: &[&str], cache: &Path) -> std::process::Output {
    let out = Command::new(BIN).args(args).env("XDG_CACHE_HOME", cache).output().unwrap();
    assert!(out.status.success(), "corresp {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// GET `path` from a node; the body.
fn get(port: u16, path: &str) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n")?;
    if !head.starts_with("HTTP/1.1 200") {
        return None;
    }
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        return Some(dechunk(body));
    }
    Some(body.to_string())
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// The accessions of a search's hits on a node, in order.
fn hits(port: u16, q: &str) -> Option<Vec<String>> {
    let body = get(port, &format!("/api/v1/search?q={q}&limit=50"))?;
    let v: serde_json::Value = serde_json::from_str(&body).ok()?;
    // The hits, as an array (or under `hits` with the totals).
    let hits = if v.is_array() { &v } else { &v["hits"] };
    Some(
        hits.as_array()?
            .iter()
            .map(|h| format!("{}#{}", h["accession"].as_str().unwrap_or(""), h["ordinal"]))
            .collect(),
    )
}

/// A search's hits on a node with their scores, best first (at most 100, the API's limit).
fn scored_hits(port: u16, q: &str) -> Option<Vec<(String, f64)>> {
    let body = get(port, &format!("/api/v1/search?q={q}&limit=100"))?;
    let v: serde_json::Value = serde_json::from_str(&body).ok()?;
    let hits = if v.is_array() { &v } else { &v["hits"] };
    Some(
        hits.as_array()?
            .iter()
            .map(|h| {
                let key = format!("{}#{}", h["accession"].as_str().unwrap_or(""), h["ordinal"]);
                (key, h["score"].as_f64().unwrap_or(0.0))
            })
            .collect(),
    )
}

struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(url: &str, port: u16, cache: &Path) -> Node {
    let child = Command::new(BIN)
        .args(["serve", "--db", url, "--addr", &format!("127.0.0.1:{port}"), "--quiet", "--no-sample"])
        .env("CORRESP_TOKEN", TOKEN)
        .env("XDG_CACHE_HOME", cache)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while get(port, "/api/v1/threads").is_none() {
        assert!(t.elapsed() < Duration::from_secs(60), "node on {port} did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Node(child)
}

fn wait_until<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> (T, Duration) {
    let t = Instant::now();
    loop {
        if let Some(v) = f() {
            return (v, t.elapsed());
        }
        assert!(t.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn four_workers_one_killed_two_nodes_in_step() {
    let Some(corpus) = corpus() else { return };
    let Some(pg) = pg::start("the team test") else { return };
    let n: usize = std::env::var("CORRESP_TEAM_COMPANIES").ok().and_then(|n| n.parse().ok()).unwrap_or(8);
    let mut companies: Vec<PathBuf> =
        std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    companies.sort();
    companies.truncate(n);
    let folders: Vec<&str> = companies.iter().map(|p| p.to_str().unwrap()).collect();
    let tmp = tempfile::tempdir().unwrap();
    let cache = |name: &str| tmp.path().join(name);

    // The reference: one SQLite ingest of the same folders.
    let sqlite = tmp.path().join("ref.db");
    let sqlite = sqlite.to_str().unwrap();
    let mut args = vec!["ingest", "--db", sqlite];
    args.extend(&folders);
    corresp(&args, &cache("ref"));
    let want = corresp(&["threads", "--db", sqlite, "--json"], &cache("ref")).stdout;

    let url = pg.create_db("team");
    // Two nodes on the empty store, each with its own index cache.
    let (pa, pb) = (free_port(), free_port());
    let _a = serve(&url, pa, &cache("node-a"));
    let _b = serve(&url, pb, &cache("node-b"));

    // Four workers; the first is killed once documents are coming in.
    let t = Instant::now();
    let mut workers: Vec<Child> = (0..4)
        .map(|i| {
            let mut args = vec!["ingest", "--db", &url, "--worker", "--lease", "3", "-j", "1", "--json"];
            args.extend(&folders);
            Command::new(BIN)
                .args(&args)
                .env("XDG_CACHE_HOME", cache(&format!("worker-{i}")))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let store = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
    wait_until("documents coming in", Duration::from_secs(120), || {
        (store.count_documents().unwrap_or(0) >= 5).then_some(())
    });
    workers[0].kill().unwrap(); // SIGKILL
    let _ = workers[0].wait();
    let killed_at = store.count_documents().unwrap();
    for w in workers.drain(1..) {
        let out = w.wait_with_output().unwrap();
        assert!(out.status.success(), "a worker failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let took = t.elapsed();

    let q = store.work_queue().unwrap();
    assert_eq!(q.unfinished().unwrap(), 0, "every file is done");
    let (done, claims) = q.progress().unwrap();
    let reference = corresp_store::SqliteStore::open(Path::new(sqlite)).unwrap();
    assert_eq!(store.count_documents().unwrap(), reference.count_documents().unwrap(), "each document once");
    let got = corresp(&["threads", "--db", &url, "--json"], &cache("cli")).stdout;
    assert!(got == want, "threads --json differs from the SQLite ingest");
    // Rebuilt company by company, by whichever worker finished each: none is left stale.
    assert_eq!(q.stale_companies(None).unwrap(), Vec::<String>::new(), "companies left stale");
    eprintln!(
        "team: {done} files by 4 workers (one killed at {killed_at} documents) in {took:.1?}; \
         {claims} claims ({} taken again after the kill)",
        claims - done
    );

    // Both nodes answer alike, once they caught up and the store has been quiet long enough for
    // each to fold away the documents it replaced: the same hits, in the same order, with the
    // same scores, for words, a phrase, filters alone and date order.
    let queries = [
        "revenue",
        "segment%20reporting",
        "%22non-GAAP%22",
        "kind:comment%20year:2019",
        "impairment&sort=date",
    ];
    let answers = |port: u16| -> Option<Vec<Vec<(String, f64)>>> {
        queries.iter().map(|q| scored_hits(port, q)).collect()
    };
    let mut last;
    let t = Instant::now();
    let same = loop {
        let (a, b) = (answers(pa), answers(pb));
        if a.is_some() && a == b {
            break a.unwrap_or_default();
        }
        last = (a, b);
        assert!(t.elapsed() < Duration::from_secs(90), "nodes not in step within 90 s: {last:?}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let lag = t.elapsed();
    assert!(same.iter().all(|hits| !hits.is_empty()), "{same:?}");
    eprintln!(
        "team: both nodes return the same ranked lists ({} hits over {} queries), {lag:.1?} after the workers ended",
        same.iter().map(Vec::len).sum::<usize>(),
        queries.len()
    );

    // A letter ingested by one process is found on both nodes within seconds.
    let letter = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters");
    let t = Instant::now();
    corresp(&["ingest", "--db", &url, letter.to_str().unwrap()], &cache("cli"));
    let ingested = t.elapsed();
    let (_, lag_b) = wait_until("the new letter on node b", Duration::from_secs(30), || {
        hits(pb, "Quillfeather").filter(|h| !h.is_empty())
    });
    let (_, lag_a) = wait_until("the new letter on node a", Duration::from_secs(30), || {
        hits(pa, "Quillfeather").filter(|h| !h.is_empty())
    });
    eprintln!(
        "team: ingest took {ingested:.1?}; then found on node b after {lag_b:.1?}, node a after {:.1?}",
        lag_b + lag_a
    );
    assert!(lag_b < Duration::from_secs(15), "{lag_b:?}");
}
