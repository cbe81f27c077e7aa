//! The accept loop: HTTP/1.1 connections driven by hyper with a header-read timeout, a bound on
//! open connections, and a shutdown that does not wait on idle or half-sent clients.
//!
//! `axum::serve` keeps every connection for as long as the client likes: a few thousand clients
//! that send half a request each exhaust the file descriptors and lock everyone out. Here:
//!
//! - a client has [`ServerLimits::header_timeout`] to send a request's head. hyper starts that
//!   clock whenever it waits for a head, so it also bounds a kept-alive connection's idle time;
//! - at most [`ServerLimits::max_connections`] are open. When a new client arrives at the limit,
//!   the connection idle (or half-sent) longest is closed to make room; only when every
//!   connection is busy with a request does the new one wait;
//! - on shutdown idle connections are closed at once, requests in flight get
//!   [`ServerLimits::shutdown_grace`] to finish, and whatever is left is dropped.
//!
//! The whole-request timeout is a layer of the router (see [`crate::Options`]).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt;

use crate::error::Result;

/// Bounds on connections and time.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// Time a client has to send a request's line and headers, and so also the longest a
    /// kept-alive connection may wait idle for its next request.
    pub header_timeout: Duration,
    /// Connections open at once. Keep it well under the process's file-descriptor limit: the
    /// store and the index need descriptors too.
    pub max_connections: usize,
    /// After a shutdown signal, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: default_max_connections(),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Half the soft limit on open files (the other half is left to the store, the index and the
/// blocking pool), between 64 and 4,096.
fn default_max_connections() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("Max open files"))
            .and_then(|l| l["Max open files".len()..].split_whitespace().next().map(str::to_string))
    });
    match soft.as_deref() {
        Some("unlimited") => 4_096,
        Some(n) => n.parse::<usize>().map_or(512, |n| (n / 2).clamp(64, 4_096)),
        None => 512,
    }
}

/// One open connection, as the accept loop sees it.
struct Conn {
    /// Requests being answered on it (0: idle, or still sending a request's head).
    busy: AtomicUsize,
    /// Told to close to make room for a new client.
    evict: Notify,
}

/// The open connections, oldest first, for eviction.
struct Conns {
    slots: Arc<Semaphore>,
    open: Mutex<BTreeMap<u64, Arc<Conn>>>,
}

impl Conns {
    /// Asks the oldest connection with no request in flight to close. False when every
    /// connection is busy.
    fn evict_oldest_idle(&self) -> bool {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let victim = open.iter().find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0).map(|(id, _)| *id);
        match victim.and_then(|id| open.remove(&id)) {
            Some(c) => {
                c.evict.notify_one();
                true
            }
            None => false,
        }
    }

    fn forget(&self, id: u64) {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

/// Counts a request as in flight while it lives.
struct Busy(Arc<Conn>);

impl Busy {
    fn new(c: &Arc<Conn>) -> Busy {
        c.busy.fetch_add(1, Ordering::SeqCst);
        Busy(Arc::clone(c))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves `app` on `listener` with [`ServerLimits::default`] until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    serve_with(listener, app, ServerLimits::default(), shutdown).await
}

/// Serves `app` on `listener` until `shutdown` resolves, then closes idle connections at once and
/// gives requests in flight `limits.shutdown_grace` to finish.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let conns = Arc::new(Conns {
        slots: Arc::new(Semaphore::new(limits.max_connections.max(1))),
        open: Mutex::new(BTreeMap::new()),
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let mut next_id = 0u64;
    let mut accept_errors_logged = 0u32;
    tokio::pin!(shutdown);
    loop {
        while tasks.try_join_next().is_some() {}
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(e) => {
                // Out of descriptors (or another transient failure): say so now and then, let
                // connections close, and go on.
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                ) {
                    if accept_errors_logged < 10 {
                        accept_errors_logged += 1;
                        eprintln!("corresp: accept error: {e}");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let permit = match Arc::clone(&conns.slots).try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                conns.evict_oldest_idle();
                tokio::select! {
                    p = Arc::clone(&conns.slots).acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    _ = &mut shutdown => break,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        next_id += 1;
        let id = next_id;
        let conn = Arc::new(Conn { busy: AtomicUsize::new(0), evict: Notify::new() });
        conns.open.lock().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::clone(&conn));
        let svc = {
            let app = app.clone();
            let conn = Arc::clone(&conn);
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let busy = Busy::new(&conn);
                let app = app.clone();
                async move {
                    let res = app.oneshot(req.map(Body::new)).await;
                    drop(busy);
                    res
                }
            })
        };
        let http = http.clone();
        let conns = Arc::clone(&conns);
        let mut stop = stop_rx.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let c = http.serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(c);
            let graceful = tokio::select! {
                _ = c.as_mut() => false,
                _ = conn.evict.notified() => true,
                _ = stop.wait_for(|s| *s) => true,
            };
            // Idle or half-sent: close now. A request in flight: let it finish, then close.
            if graceful && conn.busy.load(Ordering::SeqCst) > 0 {
                c.as_mut().graceful_shutdown();
                let _ = c.as_mut().await;
            }
            conns.forget(id);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained =
        tokio::time::timeout(limits.shutdown_grace, async { while tasks.join_next().await.is_some() {} })
            .await;
    if drained.is_err() {
        tasks.shutdown().await;
    }
    Ok(())
}
