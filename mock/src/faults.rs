//! Fault injection: kinds of failure, and the FIFO queue of faults that the
//! control endpoint fills.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

/// Default delay of the `slow` fault.
pub const DEFAULT_SLOW: Duration = Duration::from_secs(30);

/// A way for an API request to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// A status with its canonical error response (401, 403, 404, 429, 500, 502, 503).
    Status(u16),
    /// Delay, then answer normally.
    Slow(Duration),
    /// The normal status and headers with the body cut in half.
    Truncated,
    /// 200 with an HTML body.
    NonJson,
    /// 200 with a JSON:API `errors` document.
    Errors200,
    /// Close the connection without a response.
    Reset,
}

pub const STATUS_FAULTS: [u16; 7] = [401, 403, 404, 429, 500, 502, 503];

/// The names accepted by `--fault` and `POST /__mock/faults?kind=`.
pub const FAULT_NAMES: &str =
    "401, 403, 404, 429, 500, 502, 503, slow, slow:MS, truncated, non-json, errors-200, reset";

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(code) = s.parse::<u16>() {
            if STATUS_FAULTS.contains(&code) {
                return Ok(FaultKind::Status(code));
            }
        }
        match s {
            "slow" => return Ok(FaultKind::Slow(DEFAULT_SLOW)),
            "truncated" => return Ok(FaultKind::Truncated),
            "non-json" => return Ok(FaultKind::NonJson),
            "errors-200" => return Ok(FaultKind::Errors200),
            "reset" => return Ok(FaultKind::Reset),
            _ => {}
        }
        if let Some(ms) = s.strip_prefix("slow:") {
            if let Ok(ms) = ms.parse::<u64>() {
                return Ok(FaultKind::Slow(Duration::from_millis(ms)));
            }
        }
        Err(format!("unknown fault '{s}'; expected one of: {FAULT_NAMES}"))
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Status(code) => write!(f, "{code}"),
            FaultKind::Slow(d) if *d == DEFAULT_SLOW => f.write_str("slow"),
            FaultKind::Slow(d) => write!(f, "slow:{}", d.as_millis()),
            FaultKind::Truncated => f.write_str("truncated"),
            FaultKind::NonJson => f.write_str("non-json"),
            FaultKind::Errors200 => f.write_str("errors-200"),
            FaultKind::Reset => f.write_str("reset"),
        }
    }
}

impl Serialize for FaultKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A queued fault; `remaining: None` means forever (until cleared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedFault {
    pub kind: FaultKind,
    pub remaining: Option<u32>,
}

/// The queued faults plus the start-up default (`--fault`), which applies
/// whenever the queue is empty.
#[derive(Debug, Default)]
pub struct FaultQueue {
    default: Option<FaultKind>,
    queue: Mutex<VecDeque<QueuedFault>>,
}

impl FaultQueue {
    pub fn new(default: Option<FaultKind>) -> Self {
        Self { default, queue: Mutex::new(VecDeque::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<QueuedFault>> {
        // A poisoned lock only means a panic elsewhere; the queue is still usable.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queue `kind` for the next `times` API requests (0 = forever).
    pub fn push(&self, kind: FaultKind, times: u32) {
        self.lock().push_back(QueuedFault { kind, remaining: (times > 0).then_some(times) });
    }

    /// Remove every queued fault (the `--fault` default stays).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The queued faults, front first.
    pub fn snapshot(&self) -> Vec<QueuedFault> {
        self.lock().iter().cloned().collect()
    }

    pub fn default_fault(&self) -> Option<FaultKind> {
        self.default
    }

    /// The fault for the next API request, consuming one use of the front
    /// queue entry.
    pub fn take(&self) -> Option<FaultKind> {
        let mut q = self.lock();
        let Some(front) = q.front_mut() else {
            return self.default;
        };
        let kind = front.kind;
        if let Some(n) = front.remaining.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                q.pop_front();
            }
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for name in [
            "401",
            "403",
            "404",
            "429",
            "500",
            "502",
            "503",
            "slow",
            "slow:250",
            "truncated",
            "non-json",
            "errors-200",
            "reset",
        ] {
            let k: FaultKind = name.parse().unwrap();
            assert_eq!(k.to_string(), name);
        }
        assert_eq!("slow".parse::<FaultKind>().unwrap(), FaultKind::Slow(DEFAULT_SLOW));
        for bad in ["200", "418", "slow:abc", "boom", ""] {
            assert!(bad.parse::<FaultKind>().is_err(), "{bad}");
        }
    }

    #[test]
    fn queue_is_fifo_with_counts() {
        let q = FaultQueue::new(None);
        q.push(FaultKind::Status(500), 2);
        q.push(FaultKind::Status(429), 1);
        assert_eq!(q.take(), Some(FaultKind::Status(500)));
        assert_eq!(q.take(), Some(FaultKind::Status(500)));
        assert_eq!(q.take(), Some(FaultKind::Status(429)));
        assert_eq!(q.take(), None);
    }

    #[test]
    fn forever_until_cleared_then_default() {
        let q = FaultQueue::new(Some(FaultKind::NonJson));
        assert_eq!(q.take(), Some(FaultKind::NonJson));
        q.push(FaultKind::Reset, 0);
        for _ in 0..5 {
            assert_eq!(q.take(), Some(FaultKind::Reset));
        }
        assert_eq!(q.snapshot().len(), 1);
        q.clear();
        assert_eq!(q.take(), Some(FaultKind::NonJson));
    }
}
