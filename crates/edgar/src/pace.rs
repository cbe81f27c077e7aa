//! The request pacer: the "at most ten requests per second" of the SEC's fair-access policy.

use std::time::Duration;

use crate::clock::Clock;

/// The gap the client keeps between two requests by default: 110 ms, about nine requests per
/// second. The SEC allows ten; the extra 10 ms absorb timing jitter on either end, so that a
/// server counting arrivals never sees eleven requests inside one second.
pub const FAIR_ACCESS_INTERVAL: Duration = Duration::from_millis(110);

/// An interval limiter: each request may start no sooner than `interval` after the previous one.
/// With sequential requests this is a token bucket of depth one, the strictest reading of "N per
/// second": it never bursts.
#[derive(Debug, Clone)]
pub struct Pacer {
    interval: Duration,
    next: Option<Duration>,
}

impl Pacer {
    /// A pacer that lets one request through every `interval`.
    pub fn new(interval: Duration) -> Self {
        Pacer { interval, next: None }
    }

    /// Waits on `clock` until the next request may start, and returns that start time.
    pub fn wait(&mut self, clock: &dyn Clock) -> Duration {
        let now = clock.now();
        let start = match self.next {
            Some(next) if next > now => {
                clock.sleep(next - now);
                // A real sleep may overshoot; the later time is the true start.
                clock.now().max(next)
            }
            _ => now,
        };
        self.next = Some(start + self.interval);
        start
    }
}

#[cfg(test)]
mod tests {
    //! The pacer alone, on a manual clock.
    use super::*;
    use crate::clock::ManualClock;

    /// The largest number of start times inside any half-open window `[t, t + 1 s)`.
    fn peak_per_second(starts: &[Duration]) -> usize {
        starts
            .iter()
            .map(|&t| starts.iter().filter(|&&u| u >= t && u < t + Duration::from_secs(1)).count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn never_more_than_ten_in_a_second_even_when_callers_hurry() {
        let clock = ManualClock::new();
        let mut pacer = Pacer::new(Duration::from_millis(100));
        let starts: Vec<_> = (0..50).map(|_| pacer.wait(&clock)).collect();
        assert_eq!(peak_per_second(&starts), 10);
        assert_eq!(starts[49], Duration::from_millis(4900));
        let mut fair = Pacer::new(FAIR_ACCESS_INTERVAL);
        let clock = ManualClock::new();
        let starts: Vec<_> = (0..50).map(|_| fair.wait(&clock)).collect();
        assert!(peak_per_second(&starts) <= 10);
    }

    #[test]
    fn a_slow_caller_is_not_delayed() {
        let clock = ManualClock::new();
        let mut pacer = Pacer::new(Duration::from_millis(100));
        pacer.wait(&clock);
        clock.advance(Duration::from_millis(250));
        assert_eq!(pacer.wait(&clock), Duration::from_millis(250));
        assert!(clock.sleeps().is_empty());
        // The next one waits the full interval from the last start, not from the first.
        assert_eq!(pacer.wait(&clock), Duration::from_millis(350));
        assert_eq!(clock.sleeps(), vec![Duration::from_millis(100)]);
    }
}
