//! Time, behind a trait, so that tests can check the pacing and the backoff without waiting.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A monotonic clock that can also sleep. The client asks it for the time before each request and
/// sleeps on it between requests, so a test that passes a [`ManualClock`] sees every send time and
/// every wait, and runs instantly.
pub trait Clock: Send + Sync {
    /// Time elapsed since an arbitrary fixed origin.
    fn now(&self) -> Duration;
    /// Blocks (or pretends to) for `d`.
    fn sleep(&self, d: Duration);
}

/// The real clock: `Instant` and `thread::sleep`.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock { origin: Instant::now() }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// A clock that only moves when someone sleeps on it (or calls [`ManualClock::advance`]), and
/// remembers every sleep.
#[derive(Debug, Default)]
pub struct ManualClock {
    state: Mutex<(Duration, Vec<Duration>)>,
}

impl ManualClock {
    /// A clock at time zero.
    pub fn new() -> Self {
        Self::default()
    }
    /// Moves time forward without recording a sleep (time spent "working").
    pub fn advance(&self, d: Duration) {
        self.lock().0 += d;
    }
    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().1.clone()
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, (Duration, Vec<Duration>)> {
        // A poisoned lock only means another test thread panicked; the data is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.lock().0
    }
    fn sleep(&self, d: Duration) {
        let mut s = self.lock();
        s.0 += d;
        s.1.push(d);
    }
}
