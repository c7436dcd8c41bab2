//! The widget's configuration, validated from raw attribute/property values.

use std::fmt;

/// Known default API origin.
pub const DEFAULT_API_BASE: &str = "https://api.ctrl-hub.com";
pub const DEFAULT_PAGE_SIZE: u32 = 25;
pub const MAX_PAGE_SIZE: u32 = 100;

/// The five server-side `_in` filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    pub id_in: Vec<String>,
    pub account_in: Vec<String>,
    pub contact_in: Vec<String>,
    pub property_in: Vec<String>,
    pub representative_in: Vec<String>,
}

impl Scope {
    /// `(filter name, ids)` for every non-empty filter, in a fixed order.
    pub fn filters(&self) -> Vec<(&'static str, &[String])> {
        [
            ("id_in", &self.id_in),
            ("account_in", &self.account_in),
            ("contact_in", &self.contact_in),
            ("property_in", &self.property_in),
            ("representative_in", &self.representative_in),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(n, v)| (n, v.as_slice()))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.filters().is_empty()
    }

    /// The host's fixed scope narrowed by the user's choices: per filter, the user's IDs
    /// where the host has none, else the IDs both allow.
    pub fn narrowed_by(&self, user: &Scope) -> Scope {
        fn narrow(host: &[String], user: &[String]) -> Vec<String> {
            match (host.is_empty(), user.is_empty()) {
                (_, true) => host.to_vec(),
                (true, false) => user.to_vec(),
                (false, false) => {
                    let both: Vec<String> = user.iter().filter(|u| host.contains(u)).cloned().collect();
                    // Nothing in common: keep the host's scope rather than widen or break it.
                    if both.is_empty() {
                        host.to_vec()
                    } else {
                        both
                    }
                }
            }
        }
        Scope {
            id_in: narrow(&self.id_in, &user.id_in),
            account_in: narrow(&self.account_in, &user.account_in),
            contact_in: narrow(&self.contact_in, &user.contact_in),
            property_in: narrow(&self.property_in, &user.property_in),
            representative_in: narrow(&self.representative_in, &user.representative_in),
        }
    }
}

/// Values as the host gave them (attributes or properties), before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawSettings {
    pub org_id: Option<String>,
    /// Already resolved to an absolute URL by the element (relative bases are resolved
    /// against the document).
    pub api_base: Option<String>,
    pub token: Option<String>,
    /// The host's `tokenProvider` is being asked: no token yet is not an error.
    pub awaiting_token: bool,
    pub page_size: Option<String>,
    pub id_in: Option<String>,
    pub account_in: Option<String>,
    pub contact_in: Option<String>,
    pub property_in: Option<String>,
    pub representative_in: Option<String>,
}

/// A valid configuration: everything needed to request interactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub org_id: String,
    /// No trailing slash.
    pub api_base: String,
    pub token: String,
    pub page_size: u32,
    pub scope: Scope,
}

/// What is wrong with the configuration, in words a host developer can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    MissingOrgId,
    MissingToken,
    InvalidOrgId(String),
    InvalidApiBase(String),
    InvalidPageSize(String),
    InvalidId { attribute: &'static str, value: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::strings as t;
        match self {
            Self::MissingOrgId => f.write_str(t::CONFIG_MISSING_ORG_ID),
            Self::MissingToken => f.write_str(t::CONFIG_MISSING_TOKEN),
            Self::InvalidOrgId(v) => f.write_str(&t::config_invalid_org_id(v)),
            Self::InvalidApiBase(v) => f.write_str(&t::config_invalid_api_base(v)),
            Self::InvalidPageSize(v) => f.write_str(&t::config_invalid_page_size(v, MAX_PAGE_SIZE)),
            Self::InvalidId { attribute, value } => f.write_str(&t::config_invalid_id(attribute, value)),
        }
    }
}

impl std::error::Error for ConfigError {}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// IDs are opaque but must be safe to put in a filter expression.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Parses a comma- or whitespace-separated ID list; empty entries are ignored.
pub fn parse_id_list(attribute: &'static str, raw: Option<&str>) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for id in raw.unwrap_or("").split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()) {
        if !is_valid_id(id) {
            return Err(ConfigError::InvalidId { attribute, value: id.to_owned() });
        }
        if !out.iter().any(|x| x == id) {
            out.push(id.to_owned());
        }
    }
    Ok(out)
}

pub fn parse_page_size(raw: Option<&str>) -> Result<u32, ConfigError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
            _ => Err(ConfigError::InvalidPageSize(s.to_owned())),
        },
    }
}

/// Validates an absolute API base and strips trailing slashes.
pub fn normalize_api_base(raw: Option<&str>) -> Result<String, ConfigError> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(DEFAULT_API_BASE);
    let lower = raw.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !raw.chars().any(char::is_whitespace) => {
            Ok(raw.trim_end_matches('/').to_owned())
        }
        _ => Err(ConfigError::InvalidApiBase(raw.to_owned())),
    }
}

impl Config {
    /// Validates raw settings. Missing organisation is reported before a missing token.
    pub fn from_raw(raw: &RawSettings) -> Result<Self, ConfigError> {
        let org_id = non_empty(&raw.org_id).ok_or(ConfigError::MissingOrgId)?;
        if !is_valid_id(org_id) {
            return Err(ConfigError::InvalidOrgId(org_id.to_owned()));
        }
        let api_base = normalize_api_base(raw.api_base.as_deref())?;
        let page_size = parse_page_size(raw.page_size.as_deref())?;
        let scope = Scope {
            id_in: parse_id_list("id-in", raw.id_in.as_deref())?,
            account_in: parse_id_list("account-in", raw.account_in.as_deref())?,
            contact_in: parse_id_list("contact-in", raw.contact_in.as_deref())?,
            property_in: parse_id_list("property-in", raw.property_in.as_deref())?,
            representative_in: parse_id_list("representative-in", raw.representative_in.as_deref())?,
        };
        let token = non_empty(&raw.token).ok_or(ConfigError::MissingToken)?;
        Ok(Self { org_id: org_id.to_owned(), api_base, token: token.to_owned(), page_size, scope })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawSettings {
        RawSettings {
            org_id: Some("demo-org".into()),
            api_base: Some("http://127.0.0.1:8080/".into()),
            token: Some("t".into()),
            ..Default::default()
        }
    }

    #[test]
    fn valid_config_with_defaults() {
        let c = Config::from_raw(&raw()).unwrap();
        assert_eq!(c.org_id, "demo-org");
        assert_eq!(c.api_base, "http://127.0.0.1:8080");
        assert_eq!(c.page_size, DEFAULT_PAGE_SIZE);
        assert!(c.scope.is_empty());
    }

    #[test]
    fn default_api_base_when_absent() {
        let mut r = raw();
        r.api_base = None;
        assert_eq!(Config::from_raw(&r).unwrap().api_base, DEFAULT_API_BASE);
    }

    #[test]
    fn missing_org_then_missing_token() {
        let mut r = raw();
        r.org_id = Some("  ".into());
        r.token = None;
        assert_eq!(Config::from_raw(&r), Err(ConfigError::MissingOrgId));
        r.org_id = Some("o".into());
        assert_eq!(Config::from_raw(&r), Err(ConfigError::MissingToken));
    }

    #[test]
    fn rejects_bad_org_and_base() {
        let mut r = raw();
        r.org_id = Some("a/b".into());
        assert!(matches!(Config::from_raw(&r), Err(ConfigError::InvalidOrgId(_))));
        assert!(normalize_api_base(Some("ftp://x")).is_err());
        assert!(normalize_api_base(Some("https://")).is_err());
        assert!(normalize_api_base(Some("javascript:alert(1)")).is_err());
        assert_eq!(normalize_api_base(Some("https://api.ctrl-hub.dev/")).unwrap(), "https://api.ctrl-hub.dev");
    }

    #[test]
    fn page_size_bounds() {
        assert_eq!(parse_page_size(Some("100")), Ok(100));
        assert_eq!(parse_page_size(Some(" 10 ")), Ok(10));
        assert!(parse_page_size(Some("0")).is_err());
        assert!(parse_page_size(Some("101")).is_err());
        assert!(parse_page_size(Some("ten")).is_err());
        let msg = parse_page_size(Some("250")).unwrap_err().to_string();
        assert!(msg.contains("250") && msg.contains("100"), "{msg}");
    }

    #[test]
    fn id_lists_split_trim_dedupe_and_validate() {
        assert_eq!(parse_id_list("contact-in", Some(" a, b ,,a c")).unwrap(), ["a", "b", "c"]);
        assert!(parse_id_list("contact-in", None).unwrap().is_empty());
        let err = parse_id_list("contact-in", Some("ok,x')")).unwrap_err();
        assert!(err.to_string().contains("contact-in"));
    }

    #[test]
    fn user_scope_narrows_host_scope() {
        let host = Scope { contact_in: vec!["a".into(), "b".into()], ..Default::default() };
        let user = Scope { contact_in: vec!["b".into()], property_in: vec!["p".into()], ..Default::default() };
        let s = host.narrowed_by(&user);
        assert_eq!(s.contact_in, ["b"]);
        assert_eq!(s.property_in, ["p"]);
        let outside = Scope { contact_in: vec!["z".into()], ..Default::default() };
        assert_eq!(host.narrowed_by(&outside).contact_in, ["a", "b"]);
        assert_eq!(Scope::default().narrowed_by(&Scope::default()), Scope::default());
    }

    #[test]
    fn scope_lists_filters_in_fixed_order() {
        let mut r = raw();
        r.property_in = Some("p1".into());
        r.contact_in = Some("c1,c2".into());
        let c = Config::from_raw(&r).unwrap();
        let names: Vec<_> = c.scope.filters().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["contact_in", "property_in"]);
    }
}
