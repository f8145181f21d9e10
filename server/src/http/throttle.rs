//! In-memory limits per client address, checked before anything is written.
//!
//! An unauthenticated client must not be able to make the server write without bound
//! (to its log, or to the database's one writer). A [`Throttle`] counts events per key
//! in fixed windows, in memory, so refusing costs a hash-map lookup. Memory is bounded:
//! when the map grows past its cap, windows that have ended are forgotten, and if that
//! is not enough the map starts over (a flood of distinct addresses loses its counts,
//! which errs on the side of letting requests through, never of writing more per key).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most keys remembered at once.
const MAX_KEYS: usize = 100_000;

/// A count of events per key within fixed windows.
#[derive(Debug)]
pub struct Throttle {
    max: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

/// What [`Throttle::hit`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// The first event of the key's window; `dropped` is how many events of the window
    /// before it went over the limit (0 when the key was quiet), for summaries.
    First { dropped: u32 },
    /// A later event, within the limit.
    Within,
    /// Over the limit; the window ends in this many seconds.
    Over { retry_after: u64 },
}

impl Throttle {
    /// At most `max` events per key in each `window`.
    pub fn new(max: u32, window: Duration) -> Throttle {
        Throttle {
            max,
            window,
            counts: Mutex::default(),
        }
    }

    /// Counts one event of `key`.
    pub fn hit(&self, key: &str) -> Hit {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= MAX_KEYS && !counts.contains_key(key) {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
            if counts.len() >= MAX_KEYS {
                counts.clear();
            }
        }
        let entry = counts.entry(key.to_owned()).or_insert((now, 0));
        let mut dropped = 0;
        if now.duration_since(entry.0) >= self.window {
            dropped = entry.1.saturating_sub(self.max);
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        if entry.1 == 1 {
            Hit::First { dropped }
        } else if entry.1 <= self.max {
            Hit::Within
        } else {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            Hit::Over {
                retry_after: left.as_secs().max(1),
            }
        }
    }
}

/// The throttles of the server, one per kind of event.
#[derive(Debug)]
pub struct Throttles {
    /// Failure reports of the app, per address: 20 a minute.
    pub client_errors: Throttle,
    /// Refusals written to the audit log (missing anti-forgery header, refused staff
    /// token, code requests over quota), per address and kind: the first of each minute
    /// is written, the rest are counted and their number goes into the next one written.
    pub refusals: Throttle,
    /// Login tries per code subject and client (see [`crate::http::auth::quota_key`]):
    /// [`careway_core::api::account::CODE_MAX_TRIES`] in 15 minutes. A guesser locks himself out, not the patient the code was sent to.
    pub code_tries: Throttle,
}

impl Default for Throttles {
    fn default() -> Throttles {
        Throttles {
            client_errors: Throttle::new(20, Duration::from_secs(60)),
            refusals: Throttle::new(1, Duration::from_secs(60)),
            code_tries: Throttle::new(
                careway_core::api::account::CODE_MAX_TRIES,
                Duration::from_secs(15 * 60),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_let_through_up_to_its_limit_then_told_when_to_come_back() {
        let t = Throttle::new(3, Duration::from_secs(60));
        assert_eq!(t.hit("a"), Hit::First { dropped: 0 });
        assert_eq!(t.hit("a"), Hit::Within);
        assert_eq!(t.hit("a"), Hit::Within);
        assert!(matches!(t.hit("a"), Hit::Over { retry_after } if (1..=60).contains(&retry_after)));
        assert_eq!(t.hit("b"), Hit::First { dropped: 0 });
    }

    #[test]
    fn a_window_that_ended_starts_over() {
        let t = Throttle::new(1, Duration::from_millis(20));
        assert_eq!(t.hit("a"), Hit::First { dropped: 0 });
        assert!(matches!(t.hit("a"), Hit::Over { .. }));
        assert!(matches!(t.hit("a"), Hit::Over { .. }));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(t.hit("a"), Hit::First { dropped: 2 });
    }
}
