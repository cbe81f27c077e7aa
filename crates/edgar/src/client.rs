//! The HTTP client: one declared User-Agent on every request, one pacer for all of them, retries
//! with exponential backoff on 429 and 5xx, gzip.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::pace::{FAIR_ACCESS_INTERVAL, Pacer};
use corresp_model::{Accession, Cik};

/// Where EDGAR lives. The SEC serves the submissions API and the Archives from two hosts; a
/// mirror or a test server serves both from one base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Base of `/submissions/...` (`https://data.sec.gov`).
    pub data: String,
    /// Base of `/Archives/edgar/...` (`https://www.sec.gov`).
    pub archives: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints { data: "https://data.sec.gov".into(), archives: "https://www.sec.gov".into() }
    }
}

impl Endpoints {
    /// One base for both hosts (`--edgar-url`).
    pub fn mirror(base: &str) -> Self {
        let base = base.trim_end_matches('/').to_string();
        Endpoints { data: base.clone(), archives: base }
    }
    /// The company's submissions JSON (latest 1,000 filings and the list of older pages).
    pub fn submissions(&self, cik: Cik) -> String {
        format!("{}/submissions/CIK{}.json", self.data, cik.padded())
    }
    /// An older submissions page named in `filings.files`.
    pub fn submissions_page(&self, name: &str) -> String {
        format!("{}/submissions/{}", self.data, name)
    }
    /// A filing's folder listing.
    pub fn filing_index(&self, cik: Cik, accession: &Accession) -> String {
        format!("{}/Archives/edgar/data/{}/{}/index.json", self.archives, cik, accession.compact())
    }
    /// A file inside a filing's folder.
    pub fn filing_file(&self, cik: Cik, accession: &Accession, name: &str) -> String {
        format!("{}/Archives/edgar/data/{}/{}/{}", self.archives, cik, accession.compact(), name)
    }
    /// The quarter's full index, pipe-separated (`master.idx`).
    pub fn full_index(&self, year: i32, quarter: u8) -> String {
        format!("{}/Archives/edgar/full-index/{year}/QTR{quarter}/master.idx", self.archives)
    }
    /// One day's index, pipe-separated (`master.YYYYMMDD.idx`).
    pub fn daily_index(&self, date: NaiveDate) -> String {
        use chrono::Datelike;
        let quarter = (date.month0() / 3) + 1;
        format!(
            "{}/Archives/edgar/daily-index/{}/QTR{quarter}/master.{}.idx",
            self.archives,
            date.year(),
            date.format("%Y%m%d")
        )
    }
}

/// How the client behaves. The defaults are the SEC's fair-access rules; tests shorten them.
#[derive(Clone)]
pub struct ClientOptions {
    /// The declared `User-Agent` ("Name contact@example.com"). Required.
    pub user_agent: String,
    /// Where EDGAR is.
    pub endpoints: Endpoints,
    /// Smallest gap between two requests (see [`FAIR_ACCESS_INTERVAL`]).
    pub interval: Duration,
    /// Requests sent for one URL at most, the first included.
    pub max_attempts: u32,
    /// First backoff after a 429, a 5xx or a network error; doubled at each retry.
    pub backoff: Duration,
    /// Longest wait between two attempts, whether from backoff or `Retry-After`.
    pub max_wait: Duration,
    /// Limit for one whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted (submissions JSON of large filers run to tens of MB).
    pub max_body: u64,
    /// The clock used for pacing and backoff.
    pub clock: Arc<dyn Clock>,
}

impl ClientOptions {
    /// Fair-access defaults for a declared User-Agent.
    pub fn new(user_agent: impl Into<String>) -> Self {
        ClientOptions {
            user_agent: user_agent.into(),
            endpoints: Endpoints::default(),
            interval: FAIR_ACCESS_INTERVAL,
            max_attempts: 5,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(600),
            timeout: Duration::from_secs(120),
            max_body: 512 * 1024 * 1024,
            clock: Arc::new(SystemClock::default()),
        }
    }
}

/// A client of EDGAR. Clones share one pacer, so a process that makes one `Client` and clones it
/// stays under the rate limit as a whole.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    opts: ClientOptions,
    pacer: Arc<Mutex<Pacer>>,
    stats: Arc<Mutex<Stats>>,
}

/// What the client has sent and received so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Body bytes received (after gzip decoding).
    pub bytes: u64,
}

impl Client {
    /// Builds a client, or refuses when the User-Agent is missing or names no contact: the SEC
    /// blocks undeclared clients, and an unusable declaration is better caught before anything is sent.
    pub fn new(opts: ClientOptions) -> Result<Self> {
        let ua = opts.user_agent.trim().to_string();
        if ua.is_empty() {
            return Err(Error::NoUserAgent);
        }
        let printable = ua.chars().all(|c| c.is_ascii() && !c.is_ascii_control());
        if !printable || !ua.contains('@') {
            return Err(Error::BadUserAgent(ua));
        }
        let config = ureq::Agent::config_builder()
            .user_agent(ua.as_str())
            // Statuses are ours to judge (retry 429/5xx, 404 is a fact, not a crash).
            .http_status_as_error(false)
            // Redirects are followed by hand so that each one also waits for the pacer.
            .max_redirects(0)
            .timeout_global(Some(opts.timeout))
            .build();
        Ok(Client {
            agent: config.into(),
            pacer: Arc::new(Mutex::new(Pacer::new(opts.interval))),
            stats: Arc::new(Mutex::new(Stats::default())),
            opts: ClientOptions { user_agent: ua, ..opts },
        })
    }

    /// Where this client fetches from.
    pub fn endpoints(&self) -> &Endpoints {
        &self.opts.endpoints
    }

    /// Requests and bytes so far.
    pub fn stats(&self) -> Stats {
        *self.stats.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Fetches `url`: 200 gives the body; 404/410 give [`Error::NotFound`]; 429 and 5xx are retried
    /// after `Retry-After` or an exponential backoff; other statuses give [`Error::Status`].
    pub fn get(&self, url: &str) -> Result<Vec<u8>> {
        let mut current = url.to_string();
        let mut redirects = 0;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pace();
            tracing::debug!(url = %current, attempt, "GET");
            let outcome = self.agent.get(&current).call();
            self.stats.lock().unwrap_or_else(|p| p.into_inner()).requests += 1;
            let wait = match outcome {
                Err(e) => {
                    if attempt >= self.opts.max_attempts {
                        return Err(Error::Network { url: current, attempts: attempt, source: e });
                    }
                    tracing::warn!(url = %current, error = %e, attempt, "network error, will retry");
                    self.backoff(attempt)
                }
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    match status {
                        200..=299 => {
                            match resp.body_mut().with_config().limit(self.opts.max_body).read_to_vec() {
                                Ok(body) => {
                                    self.stats.lock().unwrap_or_else(|p| p.into_inner()).bytes +=
                                        body.len() as u64;
                                    return Ok(body);
                                }
                                // A connection cut mid-body is as transient as one refused.
                                Err(e) if attempt < self.opts.max_attempts => {
                                    tracing::warn!(url = %current, error = %e, attempt, "body cut, will retry");
                                    self.backoff(attempt)
                                }
                                Err(e) => {
                                    return Err(Error::Network {
                                        url: current,
                                        attempts: attempt,
                                        source: e,
                                    });
                                }
                            }
                        }
                        301 | 302 | 303 | 307 | 308 if redirects < 5 => {
                            let location = resp.headers().get("location").and_then(|v| v.to_str().ok());
                            let Some(location) = location else {
                                return Err(Error::Status { url: current, status, attempts: attempt });
                            };
                            current = resolve(&current, location);
                            redirects += 1;
                            attempt -= 1;
                            continue;
                        }
                        404 | 410 => return Err(Error::NotFound { url: current, status }),
                        429 | 500..=599 if attempt < self.opts.max_attempts => {
                            let after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok());
                            let wait =
                                after.and_then(parse_retry_after).unwrap_or_else(|| self.backoff(attempt));
                            tracing::warn!(url = %current, status, attempt, wait_ms = wait.as_millis() as u64, "will retry");
                            wait
                        }
                        _ => return Err(Error::Status { url: current, status, attempts: attempt }),
                    }
                }
            };
            self.opts.clock.sleep(wait.min(self.opts.max_wait));
        }
    }

    /// Fetches and decodes JSON, naming the URL if it does not decode.
    pub fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T> {
        let body = self.get(url)?;
        serde_json::from_slice(&body).map_err(|source| Error::Json { url: url.to_string(), source })
    }

    fn pace(&self) {
        // Holding the lock while sleeping is the point: other threads queue behind it.
        let mut pacer = self.pacer.lock().unwrap_or_else(|p| p.into_inner());
        pacer.wait(self.opts.clock.as_ref());
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << (attempt.saturating_sub(1)).min(16);
        self.opts.backoff.saturating_mul(factor).min(self.opts.max_wait)
    }
}

/// `Retry-After` is either seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

/// Resolves a `Location` header against the URL that gave it.
fn resolve(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        format!("{}{}", &base[..origin_end], location)
    } else {
        let dir_end = base.rfind('/').filter(|&i| i >= origin_end).map_or(base.len(), |i| i + 1);
        let sep = if dir_end == base.len() && !base.ends_with('/') { "/" } else { "" };
        format!("{}{sep}{}", &base[..dir_end], location)
    }
}

#[cfg(test)]
mod tests {
    //! Pure helpers of the client; the network behaviour is tested in `tests/fetch.rs`.
    use super::*;

    #[test]
    fn user_agent_must_be_declared_with_a_contact() {
        assert!(matches!(Client::new(ClientOptions::new("  ")), Err(Error::NoUserAgent)));
        assert!(matches!(Client::new(ClientOptions::new("corresp")), Err(Error::BadUserAgent(_))));
        assert!(Client::new(ClientOptions::new("A b@c.d\n")).is_ok());
        assert!(matches!(Client::new(ClientOptions::new("A\tb@c.d")), Err(Error::BadUserAgent(_))));
    }

    #[test]
    fn urls_follow_edgar_layout() {
        let e = Endpoints::default();
        let cik: Cik = "1090872".parse().unwrap();
        let acc: Accession = "0000000000-16-092800".parse().unwrap();
        assert_eq!(e.submissions(cik), "https://data.sec.gov/submissions/CIK0001090872.json");
        assert_eq!(
            e.filing_index(cik, &acc),
            "https://www.sec.gov/Archives/edgar/data/1090872/000000000016092800/index.json"
        );
        let d = NaiveDate::from_ymd_opt(2024, 11, 5).unwrap();
        assert_eq!(
            Endpoints::mirror("http://127.0.0.1:9/").daily_index(d),
            "http://127.0.0.1:9/Archives/edgar/daily-index/2024/QTR4/master.20241105.idx"
        );
        assert_eq!(
            e.full_index(2016, 3),
            "https://www.sec.gov/Archives/edgar/full-index/2016/QTR3/master.idx"
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn locations_resolve_like_a_browser() {
        assert_eq!(resolve("http://h:1/a/b.json", "https://x/y"), "https://x/y");
        assert_eq!(resolve("http://h:1/a/b.json", "/c/d"), "http://h:1/c/d");
        assert_eq!(resolve("http://h:1/a/b.json", "c.json"), "http://h:1/a/c.json");
    }
}
