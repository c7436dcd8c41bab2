//! One customer interaction, with its related resources already resolved to labels.

use chrono::{DateTime, FixedOffset};
use std::fmt;

use super::i18n::{Lang, Messages, Msg};

/// How the interaction happened. Unknown values are kept verbatim and shown as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Letter,
    Email,
    Telephone,
    Sms,
    Other(String),
}

impl Method {
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_lowercase().as_str() {
            "letter" => Self::Letter,
            "email" => Self::Email,
            "telephone" | "phone" => Self::Telephone,
            "sms" | "text" => Self::Sms,
            _ => Self::Other(raw.trim().to_owned()),
        }
    }

    /// The message naming it; `None` for an unknown value, shown as given.
    pub fn msg(&self) -> Option<Msg> {
        match self {
            Self::Letter => Some(Msg::Letter),
            Self::Email => Some(Msg::Email),
            Self::Telephone => Some(Msg::Telephone),
            Self::Sms => Some(Msg::Sms),
            Self::Other(s) if s.is_empty() => Some(Msg::UnknownMethod),
            Self::Other(_) => None,
        }
    }

    /// Human name in en-GB, e.g. "Email", "SMS". Unknown values are shown as given (or "Unknown method").
    pub fn label(&self) -> &str {
        self.msg().map_or(self.raw(), |m| Lang::EnGb.text(m))
    }

    /// Human name in the interface's language.
    pub fn label_in<'a>(&'a self, m: &'a Messages) -> &'a str {
        self.msg().map_or(self.raw(), |msg| m.raw(msg))
    }

    fn raw(&self) -> &str {
        match self {
            Self::Other(s) => s,
            _ => "",
        }
    }

    /// A stable token for CSS classes and icons (`letter`, `email`, …, `other`).
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Letter => "letter",
            Self::Email => "email",
            Self::Telephone => "telephone",
            Self::Sms => "sms",
            Self::Other(_) => "other",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether the customer or the organisation started the interaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
    Other(String),
}

impl Direction {
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_lowercase().as_str() {
            "inbound" => Self::Inbound,
            "outbound" => Self::Outbound,
            _ => Self::Other(raw.trim().to_owned()),
        }
    }

    /// The message naming it; `None` for an unknown value, shown as given.
    pub fn msg(&self) -> Option<Msg> {
        match self {
            Self::Inbound => Some(Msg::Inbound),
            Self::Outbound => Some(Msg::Outbound),
            Self::Other(s) if s.is_empty() => Some(Msg::UnknownDirection),
            Self::Other(_) => None,
        }
    }

    /// Human name in en-GB ("Inbound", or the raw text).
    pub fn label(&self) -> &str {
        self.msg().map_or(self.raw(), |m| Lang::EnGb.text(m))
    }

    /// Human name in the interface's language.
    pub fn label_in<'a>(&'a self, m: &'a Messages) -> &'a str {
        self.msg().map_or(self.raw(), |msg| m.raw(msg))
    }

    fn raw(&self) -> &str {
        match self {
            Self::Other(s) => s,
            _ => "",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A related resource (contact, property, user, account, organisation) as the view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub id: String,
    /// Always non-empty: the resolved label, or a short fallback built from the id.
    pub label: String,
    /// False when the resource was not in `included` and `label` is a fallback.
    pub resolved: bool,
}

/// One customer interaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    pub id: String,
    pub method: Method,
    pub direction: Direction,
    /// Parsed `date_time`; `None` when missing or not RFC 3339.
    pub date_time: Option<DateTime<FixedOffset>>,
    /// The `date_time` exactly as sent, shown when it could not be parsed.
    pub date_time_raw: String,
    pub contacted: Option<bool>,
    /// Free text such as `completed` or `scheduled`; empty when absent.
    pub status: String,
    /// Free text; empty when absent or null.
    pub notes: String,
    pub contact: Option<Related>,
    pub property: Option<Related>,
    pub representative: Option<Related>,
    pub author: Option<Related>,
    pub account: Option<Related>,
    pub organisation: Option<Related>,
}

impl Interaction {
    /// Milliseconds since the Unix epoch, for ordering; undated interactions sort last.
    pub fn timestamp_ms(&self) -> Option<i64> {
        self.date_time.map(|d| d.timestamp_millis())
    }

    pub fn is_scheduled(&self) -> bool {
        self.status.trim().eq_ignore_ascii_case("scheduled")
    }
}

/// A status for display, from an interaction's `status` or a status filter key alike:
/// "Completed" from "completed", "No answer" from "no_answer"; "No status" when blank.
pub fn status_label(status: &str) -> String {
    status_label_in(status, &Messages::en_gb())
}

/// [`status_label`] in the interface's language ("No status" is a message; a status is data).
pub fn status_label_in(status: &str, m: &Messages) -> String {
    let s = status.trim();
    if s.is_empty() {
        return m.text(Msg::NoStatus);
    }
    super::case::capitalise(s).replace('_', " ")
}

/// Newest first; undated last; ties broken by id for stability.
pub fn newest_first(a: &Interaction, b: &Interaction) -> std::cmp::Ordering {
    match (a.timestamp_ms(), b.timestamp_ms()) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    }
}

/// Orders interactions newest first (see [`newest_first`]).
pub fn sort_newest_first(items: &mut [Interaction]) {
    items.sort_by(newest_first);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample(id: &str, date: &str) -> Interaction {
        Interaction {
            id: id.to_owned(),
            method: Method::Email,
            direction: Direction::Inbound,
            date_time: DateTime::parse_from_rfc3339(date).ok(),
            date_time_raw: date.to_owned(),
            contacted: Some(true),
            status: "completed".to_owned(),
            notes: String::new(),
            contact: None,
            property: None,
            representative: None,
            author: None,
            account: None,
            organisation: None,
        }
    }

    #[test]
    fn method_parses_known_values_case_insensitively() {
        assert_eq!(Method::parse("EMAIL"), Method::Email);
        assert_eq!(Method::parse(" sms "), Method::Sms);
        assert_eq!(Method::parse("letter").label(), "Letter");
        assert_eq!(Method::parse("telephone").slug(), "telephone");
    }

    #[test]
    fn unknown_method_is_kept_as_text() {
        let m = Method::parse("carrier pigeon");
        assert_eq!(m, Method::Other("carrier pigeon".into()));
        assert_eq!(m.label(), "carrier pigeon");
        assert_eq!(m.slug(), "other");
        assert_eq!(Method::parse("").label(), "Unknown method");
    }

    #[test]
    fn direction_parses_and_keeps_unknown() {
        assert_eq!(Direction::parse("Outbound"), Direction::Outbound);
        assert_eq!(Direction::parse("sideways").label(), "sideways");
        assert_eq!(Direction::parse("").label(), "Unknown direction");
    }

    #[test]
    fn status_label_capitalises_and_handles_empty() {
        assert_eq!(status_label("completed"), "Completed");
        assert_eq!(status_label("no_answer"), "No answer");
        assert_eq!(status_label("  "), "No status");
        let mut i = sample("a", "2024-01-01T00:00:00Z");
        i.status = "Scheduled".into();
        assert!(i.is_scheduled());
    }

    #[test]
    fn sorts_newest_first_with_undated_last_and_stable_ties() {
        let mut v = vec![
            sample("b", "2024-01-01T00:00:00Z"),
            sample("x", "not a date"),
            sample("c", "2024-06-01T00:00:00+01:00"),
            sample("a", "2024-01-01T00:00:00Z"),
        ];
        sort_newest_first(&mut v);
        let ids: Vec<_> = v.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b", "x"]);
    }
}
