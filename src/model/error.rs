//! The classes of failure the widget tells users (and hosts, via `ctrlhub-error`) about.

use super::i18n::{Lang, Messages, Msg};

/// The `kind` of a `ctrlhub-error` event. Names are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Auth,
    Forbidden,
    NotFound,
    BadRequest,
    RateLimited,
    Server,
    Network,
    Timeout,
    Decode,
    Config,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 10] = [
        Self::Auth,
        Self::Forbidden,
        Self::NotFound,
        Self::BadRequest,
        Self::RateLimited,
        Self::Server,
        Self::Network,
        Self::Timeout,
        Self::Decode,
        Self::Config,
    ];

    /// The contract's name for this kind, e.g. `not-found`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::BadRequest => "bad-request",
            Self::RateLimited => "rate-limited",
            Self::Server => "server",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Decode => "decode",
            Self::Config => "config",
        }
    }

    /// Classifies an HTTP error status.
    pub fn from_status(status: u16) -> Self {
        match status {
            401 => Self::Auth,
            403 => Self::Forbidden,
            404 | 410 => Self::NotFound,
            408 => Self::Timeout,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::BadRequest,
        }
    }

    /// A short, plain-language headline for the error state.
    pub fn headline(self) -> Msg {
        match self {
            Self::Auth => Msg::ErrorAuth,
            Self::Forbidden => Msg::ErrorForbidden,
            Self::NotFound => Msg::ErrorNotFound,
            Self::BadRequest => Msg::ErrorBadRequest,
            Self::RateLimited => Msg::ErrorRateLimited,
            Self::Server => Msg::ErrorServer,
            Self::Network => Msg::ErrorNetwork,
            Self::Timeout => Msg::ErrorTimeout,
            Self::Decode => Msg::ErrorDecode,
            Self::Config => Msg::ErrorConfig,
        }
    }
}

/// A failure as the user and the host see it: the `ctrlhub-error` detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    /// In en-GB (the event's `message`); [`Failure::message_in`] is what the interface shows.
    pub message: String,
    pub trace_id: Option<String>,
    /// The configuration error, for a `config` failure.
    pub config: Option<super::config::ConfigError>,
}

/// Takes the error (no clone of it in the wasm); its `message` in en-GB (the event's).
impl From<super::config::ConfigError> for Failure {
    fn from(e: super::config::ConfigError) -> Self {
        let message = e.message(&Messages::en_gb());
        Self { kind: ErrorKind::Config, status: None, message, trace_id: None, config: Some(e) }
    }
}

impl Failure {
    /// The message in the interface's language: the configuration error, or the kind's headline
    /// followed by what the API said (as it said it).
    pub fn message_in(&self, m: &Messages) -> String {
        if let Some(e) = &self.config {
            return e.message(m);
        }
        let en = Lang::EnGb.text(self.kind.headline());
        match self.message.strip_prefix(en) {
            Some(rest) => format!("{}{rest}", m.text(self.kind.headline())),
            None => self.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_contract_names() {
        let names: Vec<_> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "auth",
                "forbidden",
                "not-found",
                "bad-request",
                "rate-limited",
                "server",
                "network",
                "timeout",
                "decode",
                "config"
            ]
        );
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(ErrorKind::from_status(401), ErrorKind::Auth);
        assert_eq!(ErrorKind::from_status(403), ErrorKind::Forbidden);
        assert_eq!(ErrorKind::from_status(404), ErrorKind::NotFound);
        assert_eq!(ErrorKind::from_status(400), ErrorKind::BadRequest);
        assert_eq!(ErrorKind::from_status(422), ErrorKind::BadRequest);
        assert_eq!(ErrorKind::from_status(429), ErrorKind::RateLimited);
        assert_eq!(ErrorKind::from_status(503), ErrorKind::Server);
        assert!(ErrorKind::ALL.iter().all(|k| !Messages::en_gb().text(k.headline()).is_empty()));
    }
}
