//! A tiny EDGAR stand-in on 127.0.0.1: canned replies per path, and a log of every request with
//! its headers and arrival time (real, and on the test's manual clock when it has one).

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use corresp_edgar::{Clock, ManualClock};

/// One canned reply.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Compress with gzip when the request accepts it.
    pub gzip: bool,
    /// Close the connection halfway through the body.
    pub cut: bool,
}

impl Reply {
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Reply { status: 200, headers: vec![], body: body.into(), gzip: false, cut: false }
    }
    pub fn status(status: u16) -> Self {
        Reply { status, headers: vec![], body: vec![], gzip: false, cut: false }
    }
    pub fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn gzip(mut self) -> Self {
        self.gzip = true;
        self
    }
    pub fn cut(mut self) -> Self {
        self.cut = true;
        self
    }
}

/// One request received.
#[derive(Clone, Debug)]
pub struct Hit {
    pub path: String,
    pub user_agent: Option<String>,
    pub accept_encoding: Option<String>,
    pub at: Instant,
    pub at_manual: Option<Duration>,
}

type Routes = Arc<Mutex<HashMap<String, VecDeque<Reply>>>>;

pub struct Server {
    port: u16,
    routes: Routes,
    log: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    pub fn start(clock: Option<Arc<ManualClock>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Routes = Arc::default();
        let log: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        // The thread lives as long as the test process; each test has its own port.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = handle(stream, &r, &l, clock.as_deref());
            }
        });
        Server { port, routes, log }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Serves `reply` at `path` from now on.
    pub fn serve(&self, path: &str, reply: Reply) {
        self.serve_seq(path, vec![reply]);
    }

    /// Serves the replies in order; the last one keeps being served.
    pub fn serve_seq(&self, path: &str, replies: Vec<Reply>) {
        self.routes.lock().unwrap().insert(path.to_string(), replies.into());
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }

    pub fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }

    pub fn clear(&self) {
        self.log.lock().unwrap().clear();
    }
}

fn handle(
    stream: TcpStream,
    routes: &Routes,
    log: &Mutex<Vec<Hit>>,
    clock: Option<&ManualClock>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let (mut ua, mut ae) = (None, None);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "user-agent" => ua = Some(v.trim().to_string()),
                "accept-encoding" => ae = Some(v.trim().to_string()),
                _ => {}
            }
        }
    }
    log.lock().unwrap().push(Hit {
        path: path.clone(),
        user_agent: ua,
        accept_encoding: ae.clone(),
        at: Instant::now(),
        at_manual: clock.map(|c| c.now()),
    });
    let reply = {
        let mut routes = routes.lock().unwrap();
        match routes.get_mut(&path) {
            Some(q) if q.len() > 1 => q.pop_front().unwrap(),
            Some(q) => q.front().cloned().unwrap(),
            None => Reply::status(404),
        }
    };
    let mut body = reply.body.clone();
    let mut headers = reply.headers.clone();
    if reply.gzip && ae.as_deref().is_some_and(|a| a.contains("gzip")) {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&body)?;
        body = enc.finish()?;
        headers.push(("Content-Encoding".into(), "gzip".into()));
    }
    let mut out = stream;
    write!(out, "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, body.len())?;
    for (k, v) in headers {
        write!(out, "{k}: {v}\r\n")?;
    }
    write!(out, "\r\n")?;
    if reply.cut {
        out.write_all(&body[..body.len() / 2])?;
        return Ok(());
    }
    out.write_all(&body)?;
    out.flush()
}

/// The largest number of times inside any half-open window `[t, t + 1 s)`.
pub fn peak_per_second(times: &[Duration]) -> usize {
    times
        .iter()
        .map(|&t| times.iter().filter(|&&u| u >= t && u < t + Duration::from_secs(1)).count())
        .max()
        .unwrap_or(0)
}

/// An EDGAR-shaped company for the tests: submissions JSON with `recent` and one older page,
/// filing folders with `index.json` (generated pages, the full submission, an image) and letters
/// written for the tests.
pub struct Company {
    pub cik: u64,
    pub filings: Vec<Row>,
}

/// (accession, form, filing date, document name, bytes, in `recent`?)
pub type Row = (String, String, String, String, Vec<u8>, bool);

impl Company {
    pub fn example() -> Company {
        let pdf =
            |text: &str| format!("%PDF-1.7\n% a letter written for the tests\n{text}\n%%EOF\n").into_bytes();
        let htm = |text: &str| {
            format!("<DOCUMENT>\n<TYPE>CORRESP\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<HTML><BODY><P>{text}</P></BODY></HTML>\n</TEXT>\n</DOCUMENT>\n")
                .into_bytes()
        };
        let f = |a: &str, form: &str, d: &str, n: &str, b: Vec<u8>, recent: bool| {
            (a.to_string(), form.to_string(), d.to_string(), n.to_string(), b, recent)
        };
        Company {
            cik: 4242,
            filings: vec![
                f(
                    "0000000000-24-000310",
                    "UPLOAD",
                    "2024-03-01",
                    "filename1.pdf",
                    pdf("Re: Example Corp Form 10-K. 1. Please tell us"),
                    true,
                ),
                f(
                    "0001004242-24-000020",
                    "CORRESP",
                    "2024-03-15",
                    "filename1.htm",
                    htm("In response to the Staff's comment"),
                    true,
                ),
                f(
                    "0000000000-24-000402",
                    "UPLOAD",
                    "2024-04-02",
                    "filename1.pdf",
                    pdf("We have completed our review"),
                    true,
                ),
                f(
                    "0000000000-15-000111",
                    "UPLOAD",
                    "2015-06-01",
                    "filename1.pdf",
                    pdf("Re: Example Corp Form S-1. 1. Please revise"),
                    false,
                ),
                f(
                    "0001004242-15-000007",
                    "CORRESP",
                    "2015-06-20",
                    "filename1.htm",
                    htm("Set forth below in bold"),
                    false,
                ),
                f(
                    "9999999997-15-000900",
                    "SEC STAFF LETTER",
                    "2015-07-01",
                    "filename1.pdf",
                    pdf("Staff letter"),
                    false,
                ),
            ],
        }
    }

    pub fn submissions_path(&self) -> String {
        format!("/submissions/CIK{:010}.json", self.cik)
    }

    pub fn page_name(&self) -> String {
        format!("CIK{:010}-submissions-001.json", self.cik)
    }

    pub fn folder(&self, acc: &str) -> String {
        format!("/Archives/edgar/data/{}/{}", self.cik, acc.replace('-', ""))
    }

    fn columns(rows: &[&Row], noise: bool) -> serde_json::Value {
        let mut acc: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut form: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
        let mut date: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
        let mut prim: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
        if noise {
            acc.push("0001004242-24-000001".into());
            form.push("10-K".into());
            date.push("2024-02-15".into());
            prim.push("x10k.htm".into());
        }
        let n = acc.len();
        serde_json::json!({
            "accessionNumber": acc, "filingDate": date, "reportDate": vec![""; n],
            "acceptanceDateTime": vec!["2024-01-01T00:00:00.000Z"; n], "act": vec![""; n],
            "form": form, "fileNumber": vec![""; n], "primaryDocument": prim,
        })
    }

    /// Puts the whole company on `server`.
    pub fn publish(&self, server: &Server) {
        let recent: Vec<_> = self.filings.iter().filter(|f| f.5).collect();
        let older: Vec<_> = self.filings.iter().filter(|f| !f.5).collect();
        let subs = serde_json::json!({
            "cik": format!("{:010}", self.cik), "name": "EXAMPLE CORP", "tickers": ["EXC"],
            "filings": {
                "recent": Self::columns(&recent, true),
                "files": [{"name": self.page_name(), "filingCount": older.len(),
                           "filingFrom": "2001-01-01", "filingTo": "2015-12-31"}]
            }
        });
        server.serve(&self.submissions_path(), Reply::ok(subs.to_string()).gzip());
        server.serve(
            &format!("/submissions/{}", self.page_name()),
            Reply::ok(Self::columns(&older, false).to_string()),
        );
        for (acc, _, date, name, bytes, _) in &self.filings {
            let folder = self.folder(acc);
            let listing = serde_json::json!({"directory": {
            "name": folder, "parent-dir": format!("/Archives/edgar/data/{}", self.cik),
            "item": [
                {"name": format!("{acc}-index-headers.html"), "type": "text.gif", "size": "", "last-modified": format!("{date} 10:00:00")},
                {"name": format!("{acc}-index.html"), "type": "text.gif", "size": "", "last-modified": format!("{date} 10:00:00")},
                {"name": format!("{acc}.txt"), "type": "text.gif", "size": "", "last-modified": format!("{date} 10:00:00")},
                {"name": "logo1.gif", "type": "image2.gif", "size": "120", "last-modified": format!("{date} 10:00:00")},
                {"name": name, "type": "", "size": bytes.len().to_string(), "last-modified": format!("{date} 10:00:00")},
            ]}});
            server.serve(&format!("{folder}/index.json"), Reply::ok(listing.to_string()));
            server.serve(&format!("{folder}/{name}"), Reply::ok(bytes.clone()).gzip());
        }
    }

    pub fn document_paths(&self) -> Vec<String> {
        self.filings.iter().map(|f| format!("{}/{}", self.folder(&f.0), f.3)).collect()
    }
}
