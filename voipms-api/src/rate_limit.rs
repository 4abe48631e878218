//! An optional client-side limit on requests per period, so that a busy program waits instead
//! of meeting `api_limit_exceeded`.
//!
//! A sliding window: no more than `requests` attempts start within any `period`. Each attempt
//! (retries included) reserves the earliest slot the window allows and waits until then;
//! clones of a client share one limit.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// At most `requests` requests in any `period`.
///
/// ```
/// use std::time::Duration;
/// use voipms_api::RateLimit;
///
/// let limit = RateLimit::per_minute(60);
/// assert_eq!(limit, RateLimit::new(60, Duration::from_secs(60)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    period: Duration,
}

impl RateLimit {
    /// At most `requests` requests in any minute (VoIP.ms counts its own limit per minute).
    pub fn per_minute(requests: u32) -> RateLimit {
        RateLimit::new(requests, Duration::from_secs(60))
    }

    /// At most `requests` requests (at least 1) in any `period`.
    pub fn new(requests: u32, period: Duration) -> RateLimit {
        RateLimit {
            requests: requests.max(1),
            period,
        }
    }

    /// The number of requests allowed per period.
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The period.
    pub fn period(&self) -> Duration {
        self.period
    }
}

/// The shared state of a [`RateLimit`]: the start times of the last `requests` attempts.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    slots: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit,
            slots: Mutex::new(VecDeque::with_capacity(limit.requests as usize)),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Reserves the next slot and returns how long to wait before sending.
    pub(crate) fn reserve(&self) -> Duration {
        let now = Instant::now();
        self.reserve_at(now).saturating_duration_since(now)
    }

    /// Reserves the earliest start time at or after `now` that keeps at most `requests` starts
    /// in any period. Reserved times never decrease, so the oldest is always at the front.
    fn reserve_at(&self, now: Instant) -> Instant {
        // A panic elsewhere cannot leave the queue inconsistent: keep using it.
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let at = if slots.len() < self.limit.requests as usize {
            now
        } else {
            let oldest = slots.pop_front().unwrap_or(now);
            now.max(oldest + self.limit.period)
        };
        slots.push_back(at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_window_holds_more_than_the_limit() {
        let limiter = RateLimiter::new(RateLimit::new(3, Duration::from_secs(60)));
        let t0 = Instant::now();
        let got: Vec<u64> = (0..7)
            .map(|_| limiter.reserve_at(t0).duration_since(t0).as_secs())
            .collect();
        assert_eq!(got, [0, 0, 0, 60, 60, 60, 120]);
        // Later arrivals get the later of "now" and "a period after the slot they replace".
        let t1 = t0 + Duration::from_secs(500);
        assert_eq!(limiter.reserve_at(t1), t1);
    }

    #[test]
    fn reserve_waits_only_when_full() {
        let limiter = RateLimiter::new(RateLimit::new(2, Duration::from_secs(3600)));
        assert_eq!(limiter.reserve(), Duration::ZERO);
        assert_eq!(limiter.reserve(), Duration::ZERO);
        assert!(limiter.reserve() > Duration::from_secs(3500));
    }
}
