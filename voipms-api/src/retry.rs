//! The opt-in retry policy: which failed calls are tried again, and after how long.
//!
//! Only functions the spec marks read-only ([`Kind::Read`]) are ever retried, and only after a
//! failure that may pass: a transport error (connection, timeout), an HTTP 5xx status, or a
//! status code [`crate::ErrorCode::is_retryable`] marks (`api_limit_exceeded`). Functions that
//! change state or spend money (`orderDID`, `sendSMS`, ...) are never retried: a request that
//! timed out may still have been carried out, and a duplicate purchase or message is worse
//! than an error.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::Error;
use crate::meta::Kind;

/// The window of VoIP.ms's request limit: it counts requests per minute.
pub const LIMIT_WINDOW: Duration = Duration::from_secs(60);

/// How often and how patiently a read-only call is retried.
///
/// The delay before retry `n` (1-based) is `base_delay * 2^(n-1)`, capped at `max_delay`; with
/// jitter (the default) it is drawn uniformly between half of that and all of it, so that many
/// clients that failed together do not retry together.
///
/// ```
/// use std::time::Duration;
/// use voipms_api::RetryPolicy;
///
/// let policy = RetryPolicy::new(4)
///     .base_delay(Duration::from_millis(250))
///     .max_delay(Duration::from_secs(20));
/// assert_eq!(policy.max_attempts(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    jitter: bool,
    limit_window: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts in all, 500 ms then 1 s apart (with jitter), at most 30 s apart.
    fn default() -> Self {
        RetryPolicy::new(3)
    }
}

impl RetryPolicy {
    /// At most `max_attempts` attempts in all (the first one included; `1` never retries),
    /// starting 500 ms apart, at most 30 s apart, with jitter.
    pub fn new(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            jitter: true,
            limit_window: LIMIT_WINDOW,
        }
    }

    /// No retries: every call is sent once. What a client does unless told otherwise.
    pub fn never() -> RetryPolicy {
        RetryPolicy::new(1)
    }

    /// The delay before the first retry (default 500 ms); it doubles for each further one.
    pub fn base_delay(mut self, delay: Duration) -> RetryPolicy {
        self.base_delay = delay;
        self
    }

    /// The longest delay between two attempts (default 30 s).
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// Whether delays are randomised between half and all of the backoff (default `true`).
    pub fn jitter(mut self, jitter: bool) -> RetryPolicy {
        self.jitter = jitter;
        self
    }

    /// How long a retry waits after `api_limit_exceeded` (default one
    /// minute): the limit counts requests per minute, so the backoff, which gives up within
    /// seconds, would only spend the attempts. With jitter the wait is drawn between the window
    /// and a tenth more, so clients limited together do not return together.
    pub fn limit_window(mut self, window: Duration) -> RetryPolicy {
        self.limit_window = window;
        self
    }

    /// The most attempts a call gets, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before retry number `retry` (1 for the first retry), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// Whether a call of a function of `kind` that failed with `error` on attempt `attempt`
    /// (1-based) is tried again, and after how long. `kind` is `None` for functions the
    /// metadata table does not know, which are never retried.
    pub fn retry_after(&self, kind: Option<Kind>, error: &Error, attempt: u32) -> Option<Duration> {
        if kind != Some(Kind::Read) || attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        if matches!(error.api_code(), Some(crate::ErrorCode::ApiLimitExceeded)) {
            let window = self.limit_window;
            if !self.jitter || window.is_zero() {
                return Some(window);
            }
            let spread = u64::try_from((window / 10).as_nanos()).unwrap_or(u64::MAX);
            return Some(window + Duration::from_nanos(random_u64() % spread.saturating_add(1)));
        }
        let full = self.backoff(attempt);
        if !self.jitter || full.is_zero() {
            return Some(full);
        }
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        Some(half + Duration::from_nanos(random_u64() % spread.saturating_add(1)))
    }
}

/// A random number for jitter: std's randomly keyed hasher over a counter (no `rand` needed;
/// jitter needs spread, not cryptographic quality).
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn err(status: u16) -> Error {
        Error::Http {
            function: "getCDR".into(),
            status,
            excerpt: String::new(),
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::new(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1))
            .jitter(false);
        let d: Vec<u128> = (1..=6).map(|n| p.backoff(n).as_millis()).collect();
        assert_eq!(d, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(p.backoff(200), Duration::from_secs(1));
    }

    #[test]
    fn jitter_stays_between_half_and_full() {
        let p = RetryPolicy::new(5).base_delay(Duration::from_millis(400));
        let e = err(503);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let d = p.retry_after(Some(Kind::Read), &e, 2).unwrap();
            assert!(d >= Duration::from_millis(400) && d <= Duration::from_millis(800));
            seen.insert(d);
        }
        assert!(seen.len() > 100, "jitter spreads delays");
    }

    #[test]
    fn the_request_limit_waits_for_its_window() {
        let limit = Error::Api {
            function: "getCDR".into(),
            code: ErrorCode::ApiLimitExceeded,
            message: None,
        };
        let p = RetryPolicy::new(3).jitter(false);
        assert_eq!(
            p.retry_after(Some(Kind::Read), &limit, 1),
            Some(Duration::from_secs(60)),
            "a minute, not the 500 ms backoff"
        );
        assert_eq!(
            p.retry_after(Some(Kind::Read), &err(503), 1),
            Some(Duration::from_millis(500))
        );
        let p = RetryPolicy::new(3).limit_window(Duration::from_secs(2));
        for _ in 0..50 {
            let d = p.retry_after(Some(Kind::Read), &limit, 2).unwrap();
            assert!(
                d >= Duration::from_secs(2) && d <= Duration::from_millis(2200),
                "{d:?}"
            );
        }
        assert!(p.retry_after(Some(Kind::Write), &limit, 1).is_none());
    }

    #[test]
    fn only_reads_and_only_transient_failures() {
        let p = RetryPolicy::new(3);
        assert!(p.retry_after(Some(Kind::Read), &err(502), 1).is_some());
        assert!(p.retry_after(Some(Kind::Read), &err(502), 3).is_none());
        assert!(p.retry_after(Some(Kind::Read), &err(404), 1).is_none());
        assert!(p.retry_after(Some(Kind::Spend), &err(502), 1).is_none());
        assert!(p.retry_after(Some(Kind::Write), &err(502), 1).is_none());
        assert!(p.retry_after(None, &err(502), 1).is_none());
        let limit = Error::Api {
            function: "getCDR".into(),
            code: ErrorCode::ApiLimitExceeded,
            message: None,
        };
        assert!(p.retry_after(Some(Kind::Read), &limit, 1).is_some());
        let denied = Error::Api {
            function: "getCDR".into(),
            code: ErrorCode::InvalidCredentials,
            message: None,
        };
        assert!(p.retry_after(Some(Kind::Read), &denied, 1).is_none());
        assert!(
            RetryPolicy::never()
                .retry_after(Some(Kind::Read), &err(502), 1)
                .is_none()
        );
    }
}
