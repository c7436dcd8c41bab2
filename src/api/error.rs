//! The one error type of the API layer.

use crate::model::ErrorKind;

/// One JSON:API error object, reduced to what we show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problem {
    pub status: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    /// `source.parameter`, e.g. `filter`.
    pub parameter: Option<String>,
}

/// Why a request for interactions failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status (or a 200 carrying an `errors` document).
    #[error("Ctrl Hub answered HTTP {status}")]
    Status { status: u16, problems: Vec<Problem>, trace_id: Option<String>, retry_after: Option<String> },
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the time limit; the request was aborted.
    #[error("no answer within {0} seconds")]
    Timeout(u32),
    /// We cancelled the request ourselves (superseded or unmounted). Never shown.
    #[error("request cancelled")]
    Aborted,
    /// An answer we could not read: not JSON, truncated, wrong content type, no `data`.
    #[error("unreadable response: {why}")]
    Decode { why: String, trace_id: Option<String> },
}

impl Error {
    /// A decode error (the trace id is added by the client, which has the headers).
    pub fn decode(why: impl Into<String>) -> Self {
        Self::Decode { why: why.into(), trace_id: None }
    }

    /// The same error, carrying the response's `X-Trace-Id` where it has room for one.
    pub fn with_trace_id(self, id: Option<String>) -> Self {
        match self {
            Self::Status { status, problems, trace_id, retry_after } => {
                Self::Status { status, problems, trace_id: trace_id.or(id), retry_after }
            }
            Self::Decode { why, trace_id } => Self::Decode { why, trace_id: trace_id.or(id) },
            other => other,
        }
    }

    /// Seconds to wait before retrying, from `Retry-After` (delta-seconds or an HTTP date),
    /// capped at `cap`. `None` when the header is absent, unreadable or unreadable by CORS.
    pub fn retry_after_secs(&self, now_ms: i64, cap: u64) -> Option<u64> {
        let Self::Status { retry_after: Some(v), .. } = self else { return None };
        let v = v.trim();
        let secs = match v.parse::<u64>() {
            Ok(s) => s,
            Err(_) => {
                let when = chrono::DateTime::parse_from_rfc2822(v).ok()?.timestamp_millis();
                u64::try_from((when - now_ms).max(0)).ok()?.div_ceil(1000)
            }
        };
        Some(secs.min(cap))
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Status { status, .. } => ErrorKind::from_status(*status),
            Self::Network(_) | Self::Aborted => ErrorKind::Network,
            Self::Timeout(_) => ErrorKind::Timeout,
            Self::Decode { .. } => ErrorKind::Decode,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Self::Status { trace_id, .. } | Self::Decode { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }

    /// What went wrong, in a sentence or two for the user: the kind's headline, then the
    /// API's own title/detail and the offending parameter where it gave them.
    pub fn user_message(&self) -> String {
        let mut msg = crate::model::Messages::en_gb().text(self.kind().headline());
        match self {
            Self::Status { problems, .. } => {
                if let Some(p) = problems.first() {
                    let said: Vec<&str> = [p.title.as_deref(), p.detail.as_deref()]
                        .into_iter()
                        .flatten()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect();
                    if !said.is_empty() {
                        msg.push(' ');
                        msg.push_str(&said.join(": "));
                        if !msg.ends_with('.') {
                            msg.push('.');
                        }
                    }
                    if let Some(param) = p.parameter.as_deref().filter(|s| !s.is_empty()) {
                        msg.push_str(&format!(" (parameter: {param})"));
                    }
                }
            }
            Self::Decode { why, .. } => {
                msg.push(' ');
                msg.push_str(why);
            }
            _ => {}
        }
        msg
    }
}

impl From<&Error> for crate::model::Failure {
    fn from(e: &Error) -> Self {
        Self {
            kind: e.kind(),
            status: e.status(),
            message: e.user_message(),
            trace_id: e.trace_id().map(str::to_owned),
            config: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_status() {
        let e = Error::Status { status: 401, problems: vec![], trace_id: None, retry_after: None };
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(Error::Timeout(20).kind(), ErrorKind::Timeout);
        assert_eq!(Error::decode("x").kind(), ErrorKind::Decode);
        assert_eq!(Error::Network("x".into()).kind(), ErrorKind::Network);
    }

    fn limited(v: &str) -> Error {
        Error::Status { status: 429, problems: vec![], trace_id: None, retry_after: Some(v.into()) }
    }

    #[test]
    fn retry_after_in_seconds_or_http_date() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z").unwrap().timestamp_millis();
        assert_eq!(limited("7").retry_after_secs(now, 300), Some(7));
        assert_eq!(limited(" 0 ").retry_after_secs(now, 300), Some(0));
        assert_eq!(limited("100000").retry_after_secs(now, 300), Some(300));
        assert_eq!(limited("Wed, 25 Nov 2026 12:00:30 GMT").retry_after_secs(now, 300), Some(30));
        // A date in the past: retry now.
        assert_eq!(limited("Wed, 25 Nov 2026 11:00:00 GMT").retry_after_secs(now, 300), Some(0));
        assert_eq!(limited("soon").retry_after_secs(now, 300), None);
        assert_eq!(Error::Timeout(20).retry_after_secs(now, 300), None);
    }

    #[test]
    fn bad_request_message_names_parameter() {
        let e = Error::Status {
            status: 400,
            problems: vec![Problem {
                title: Some("Invalid filter".into()),
                detail: Some("unknown filter colour_in".into()),
                parameter: Some("filter".into()),
                ..Default::default()
            }],
            trace_id: Some("abc".into()),
            retry_after: None,
        };
        let m = e.user_message();
        assert!(m.contains("Invalid filter: unknown filter colour_in."), "{m}");
        assert!(m.ends_with("(parameter: filter)"), "{m}");
        assert_eq!(e.trace_id(), Some("abc"));
    }
}
