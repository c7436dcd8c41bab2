//! When a failed request is tried again, as pure rules: the loader (`ui::loader`) brings the
//! clock, the randomness and the waiting.
//!
//! A server error (5xx) is tried again, up to [`SERVER_ATTEMPTS`] attempts in all, with
//! exponential backoff and jitter between them. A 429 is tried again once, automatically, after
//! its `Retry-After` (shown as a countdown); a second 429 is final.

use super::error::ErrorKind;

/// Attempts, the first included, for a request that fails with a server error.
pub const SERVER_ATTEMPTS: u32 = 3;
/// The wait after the first failed attempt; it doubles after each further one.
pub const BACKOFF_MS: u32 = 400;
/// Up to this much is added at random to each wait, so that many widgets do not retry in step.
pub const JITTER_MS: f64 = 250.0;
/// The longest `Retry-After` waited for automatically.
pub const RETRY_AFTER_CAP_SECS: u64 = 300;
/// How long a 429 without a usable `Retry-After` is waited for.
pub const RETRY_AFTER_DEFAULT_SECS: u64 = 10;

/// How long to wait before the next attempt, after attempt number `attempt` (from 1) failed with
/// `kind`; `None` when there is none: not a server error, or no attempts left. `random` is
/// uniform in `[0, 1)`.
pub fn server_backoff_ms(kind: ErrorKind, attempt: u32, random: f64) -> Option<u32> {
    (kind == ErrorKind::Server && attempt < SERVER_ATTEMPTS)
        .then(|| BACKOFF_MS * 2u32.pow(attempt.saturating_sub(1)) + (random * JITTER_MS) as u32)
}

/// Seconds to wait after a 429 before its one automatic retry: its `Retry-After` (already capped
/// at [`RETRY_AFTER_CAP_SECS`] by whoever read it), else [`RETRY_AFTER_DEFAULT_SECS`].
pub fn rate_limit_wait_secs(retry_after: Option<u64>) -> u64 {
    retry_after.unwrap_or(RETRY_AFTER_DEFAULT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_back_off_exponentially_with_jitter_then_give_up() {
        assert_eq!(server_backoff_ms(ErrorKind::Server, 1, 0.0), Some(400));
        assert_eq!(server_backoff_ms(ErrorKind::Server, 1, 0.999), Some(649));
        assert_eq!(server_backoff_ms(ErrorKind::Server, 2, 0.0), Some(800));
        assert_eq!(server_backoff_ms(ErrorKind::Server, 2, 0.5), Some(925));
        assert_eq!(server_backoff_ms(ErrorKind::Server, SERVER_ATTEMPTS, 0.0), None);
    }

    #[test]
    fn only_server_errors_back_off() {
        for kind in ErrorKind::ALL.into_iter().filter(|k| *k != ErrorKind::Server) {
            assert_eq!(server_backoff_ms(kind, 1, 0.0), None, "{kind:?}");
        }
    }

    #[test]
    fn rate_limit_waits_for_retry_after_or_the_default() {
        assert_eq!(rate_limit_wait_secs(Some(7)), 7);
        assert_eq!(rate_limit_wait_secs(Some(0)), 0);
        assert_eq!(rate_limit_wait_secs(None), RETRY_AFTER_DEFAULT_SECS);
    }
}
