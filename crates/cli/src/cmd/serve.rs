//! `corresp serve`: the HTTP API and web UI on the store.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use corresp_app::service::Service;
use corresp_http::{Options, ServerLimits};

/// Arguments of `corresp serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The store (default: `$CORRESP_DB`, else the platform's data folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on. The default is loopback only: serving other machines is a choice.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Bearer token that writes (`POST /api/v1/ingest`) need; generated and printed when unset.
    #[arg(long, env = "CORRESP_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Do not log each request to stderr.
    #[arg(long)]
    quiet: bool,
    /// Serve the store as it is even when empty, instead of a sample store of test letters.
    #[arg(long)]
    no_sample: bool,
    /// A Host name (or `name:port`) the server also answers to, for a shared host or a reverse
    /// proxy; repeatable. On a loopback address only localhost, 127.0.0.1 and `[::1]` are answered
    /// otherwise, so a web page whose name was rebound to 127.0.0.1 cannot read the API.
    #[arg(long = "allowed-host", env = "CORRESP_ALLOWED_HOSTS", value_delimiter = ',')]
    allowed_hosts: Vec<String>,
    /// Connections open at once (default: half the open-files limit, at most 4096).
    #[arg(long)]
    max_connections: Option<usize>,
}

/// A fresh random token: 128 bits from the operating system's generator, hex.
fn generate_token() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("cannot get random bytes from the system to make a token; set $CORRESP_TOKEN")?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Runs `corresp serve`.
pub fn run(args: Args) -> Result<()> {
    let db = crate::config::db_path(args.db)?;
    let backend = Service::open(&db)
        .with_context(|| format!("cannot open the store {}", corresp_app::db::display(&db)))?;
    let backend = if !args.no_sample && backend.is_empty()? {
        eprintln!(
            "corresp: the store {} is empty: serving a sample store of letters written for the tests",
            corresp_app::db::display(&db)
        );
        Service::sample().context("cannot build the sample store")?
    } else {
        backend
    };
    let token = match args.token.filter(|t| !t.trim().is_empty()) {
        Some(t) => t,
        None => {
            let t = generate_token()?;
            eprintln!("corresp: write token (send as `Authorization: Bearer <token>`): {t}");
            t
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let mut limits = ServerLimits::default();
    if let Some(n) = args.max_connections {
        limits.max_connections = n.max(1);
    }
    let backend = Arc::new(backend);
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        let mut opts = Options::new(token);
        opts.access_log = !args.quiet;
        opts.allowed_hosts = allowed_hosts(local, &args.allowed_hosts);
        let app = corresp_http::router(backend, opts);
        eprintln!("corresp: serving http://{local}/ (Ctrl-C to stop)");
        let shutdown = async {
            // Ctrl-C, or SIGTERM from a service manager: stop taking connections, finish the rest.
            #[cfg(unix)]
            {
                let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                let term = async {
                    match term.as_mut() {
                        Some(t) => {
                            t.recv().await;
                        }
                        None => std::future::pending::<()>().await,
                    }
                };
                tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = term => {} }
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("corresp: shutting down");
        };
        corresp_http::serve_with(listener, app, limits, shutdown).await.context("server failed")
    });
    // An upload still being stored on the blocking pool gets a moment; the store loses nothing
    // when it is cut short (each document is one transaction).
    rt.shutdown_timeout(std::time::Duration::from_secs(5));
    served
}

/// The Host values to accept: on a loopback address, its own names and the extra ones; on
/// another address, any Host unless names are given (then those, the address and loopback's).
fn allowed_hosts(local: std::net::SocketAddr, extra: &[String]) -> Option<Vec<String>> {
    let extra: Vec<String> = extra.iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect();
    if !local.ip().is_loopback() && extra.is_empty() {
        return None;
    }
    let mut hosts = corresp_http::loopback_hosts(local.port());
    if !local.ip().is_loopback() && !local.ip().is_unspecified() {
        hosts.push(local.to_string());
    }
    hosts.extend(extra);
    Some(hosts)
}

#[cfg(test)]
mod token_tests {
    #[test]
    fn tokens_are_128_random_bits_in_hex() {
        let (a, b) = (super::generate_token().unwrap(), super::generate_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{a}");
        assert_ne!(a, b);
    }
}
