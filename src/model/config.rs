//! The widget's configuration: every attribute and property the host sets, parsed from its text
//! ([`Settings::parse`]), and the request's part of it validated ([`Config::from_raw`]).
//!
//! The element (`src/element`) only reads the DOM into a [`HostValues`]; what the values mean, their
//! defaults and what counts as invalid are decided here, and tested natively.

use std::fmt;

use super::grouping::GroupBy;

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
    InvalidGroupBy(String),
    InvalidLoad(String),
    InvalidRefreshInterval(String),
    InvalidLocale(String),
    InvalidTimeZone(String),
}

impl ConfigError {
    /// What is wrong, in the interface's language.
    pub fn message(&self, m: &super::i18n::Messages) -> String {
        use super::i18n::Msg;
        let value = |msg, v: &str| m.fill(msg, &[("value", v)]);
        match self {
            Self::MissingOrgId => m.text(Msg::ConfigMissingOrgId),
            Self::MissingToken => m.text(Msg::ConfigMissingToken),
            Self::InvalidOrgId(v) => value(Msg::ConfigInvalidOrgId, v),
            Self::InvalidApiBase(v) => value(Msg::ConfigInvalidApiBase, v),
            Self::InvalidPageSize(v) => {
                m.fill(Msg::ConfigInvalidPageSize, &[("value", v), ("max", &MAX_PAGE_SIZE.to_string())])
            }
            Self::InvalidId { attribute, value } => {
                m.fill(Msg::ConfigInvalidId, &[("attribute", attribute), ("value", value)])
            }
            Self::InvalidGroupBy(v) => value(Msg::ConfigInvalidGroupBy, v),
            Self::InvalidLoad(v) => value(Msg::ConfigInvalidLoad, v),
            Self::InvalidRefreshInterval(v) => value(Msg::ConfigInvalidRefreshInterval, v),
            Self::InvalidLocale(v) => value(Msg::ConfigInvalidLocale, v),
            Self::InvalidTimeZone(v) => value(Msg::ConfigInvalidTimeZone, v),
        }
    }
}

/// In en-GB: what the `ctrlhub-error` event's `message` says.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&super::i18n::Messages::en_gb()))
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

/// `load`: one server page at a time, or every page (with progress, then virtualised).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoadMode {
    #[default]
    Page,
    All,
}

/// The text of an optional value, trimmed; `None` when absent or blank.
fn given(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// `group-by`: `None` when absent (the view's own grouping stays).
pub fn parse_group_by(raw: Option<&str>) -> Result<Option<GroupBy>, ConfigError> {
    match given(raw) {
        None => Ok(None),
        Some(s) => GroupBy::parse(s).map(Some).ok_or_else(|| ConfigError::InvalidGroupBy(s.to_owned())),
    }
}

/// `load`: `page` (the default) or `all`, in any case.
pub fn parse_load(raw: Option<&str>) -> Result<LoadMode, ConfigError> {
    match given(raw) {
        None => Ok(LoadMode::Page),
        Some(s) if s.eq_ignore_ascii_case("all") => Ok(LoadMode::All),
        Some(s) if s.eq_ignore_ascii_case("page") => Ok(LoadMode::Page),
        Some(s) => Err(ConfigError::InvalidLoad(s.to_owned())),
    }
}

/// `refresh-interval`: whole seconds; absent is 0 (off).
pub fn parse_refresh_interval(raw: Option<&str>) -> Result<u32, ConfigError> {
    match given(raw) {
        None => Ok(0),
        Some(s) => s.parse::<u32>().map_err(|_| ConfigError::InvalidRefreshInterval(s.to_owned())),
    }
}

impl Scope {
    /// The `scope` property: `strings(name)` is what it holds for a filter (an array's strings, or
    /// one string), each of which may list comma-separated IDs. Blanks are dropped; the IDs are
    /// validated with the attributes' (see [`Config::from_raw`]).
    pub fn from_property(mut strings: impl FnMut(&str) -> Vec<String>) -> Scope {
        let mut list = |name: &str| -> Vec<String> {
            strings(name).join(",").split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        };
        Scope {
            id_in: list("id_in"),
            account_in: list("account_in"),
            contact_in: list("contact_in"),
            property_in: list("property_in"),
            representative_in: list("representative_in"),
        }
    }
}

/// Every attribute and property of the element as the host set it: text, unparsed (absent is
/// `None`). The element reads it from the DOM; [`Settings::parse`] says what it means.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostValues {
    /// The request's attributes (`org-id`, `api-base` resolved against the document, the token as
    /// the element's token logic picks it, `page-size` and the `*-in` lists), before the `scope`
    /// property is applied.
    pub request: RawSettings,
    /// The `scope` property ([`Scope::from_property`]); its non-empty lists override the attributes.
    pub scope: Option<Scope>,
    pub group_by: Option<String>,
    /// The `view` attribute: a view state query (`url_state::ViewState::from_query` reads it).
    pub view: Option<String>,
    /// `locale`, else the nearest `lang`.
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub refresh_interval: Option<String>,
    pub load: Option<String>,
    pub no_toolbar: bool,
}

/// What the host's values mean. Lenient where the contract says so: an invalid `group-by`,
/// `load` or `refresh-interval` (or, once [`Settings::drop_unusable`] asked the browser, `locale`
/// or `time-zone`) reads as its default and is listed in [`ignored`](Self::ignored);
/// the request's values are validated where the request is made ([`Config::from_raw`]), so that
/// an invalid one shows in the widget as a configuration error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub raw: RawSettings,
    /// The grouping to put in the view: `group-by`, only when it changed since the values read
    /// before (so that another attribute changing never undoes the user's choice) and the `view`
    /// attribute does not set one.
    pub view_group_by: Option<GroupBy>,
    /// The page size to put in the view, on the same terms as [`view_group_by`](Self::view_group_by)
    /// (an absent `page-size` is the default; an invalid one is left to [`Config::from_raw`]).
    pub view_page_size: Option<u32>,
    /// BCP 47 tag; `None`: the browser's.
    pub locale: Option<String>,
    /// IANA zone; `None`: the browser's.
    pub time_zone: Option<String>,
    /// Seconds between silent refreshes; 0 is off.
    pub refresh_interval: u32,
    pub load: LoadMode,
    pub no_toolbar: bool,
    /// Values that were not understood and read as their default instead.
    pub ignored: Vec<ConfigError>,
}

/// The value, or (noting the error) the default.
fn lenient<T: Default>(parsed: Result<T, ConfigError>, ignored: &mut Vec<ConfigError>) -> T {
    parsed.unwrap_or_else(|e| {
        ignored.push(e);
        T::default()
    })
}

impl Settings {
    /// The one console warning for the values read as their default (`None`: none), in en-GB
    /// like `ctrlhub-error`'s message: it is for the host's developer.
    pub fn ignored_warning(&self) -> Option<String> {
        if self.ignored.is_empty() {
            return None;
        }
        let what: Vec<String> = self.ignored.iter().map(ToString::to_string).collect();
        Some(format!("using the default instead: {}", what.join(" ")))
    }

    /// Reads as their defaults (the browser's) a `locale` and a `time-zone` that the browser's
    /// `Intl` rejects (`usable_locale`, `usable_zone` ask it), listing them in
    /// [`ignored`](Self::ignored): a typo ("en_GB", "Europe/Londn") is warned about instead of
    /// silently formatting dates some other way.
    pub fn drop_unusable(&mut self, usable_locale: impl Fn(&str) -> bool, usable_zone: impl Fn(&str) -> bool) {
        if let Some(l) = self.locale.take_if(|l| !usable_locale(l)) {
            self.ignored.push(ConfigError::InvalidLocale(l));
        }
        if let Some(z) = self.time_zone.take_if(|z| !usable_zone(z)) {
            self.ignored.push(ConfigError::InvalidTimeZone(z));
        }
    }

    /// Parses `now`; `last` is what was read before (`None` the first time).
    pub fn parse(now: &HostValues, last: Option<&HostValues>) -> Settings {
        let mut ignored = Vec::new();
        let group_by = lenient(parse_group_by(now.group_by.as_deref()), &mut ignored);
        let refresh_interval = lenient(parse_refresh_interval(now.refresh_interval.as_deref()), &mut ignored);
        let load = lenient(parse_load(now.load.as_deref()), &mut ignored);
        let view_query = now.view.as_deref().unwrap_or_default();
        let group_changed = last.is_none_or(|l| l.group_by != now.group_by);
        let size_changed = last.is_none_or(|l| l.request.page_size != now.request.page_size);
        Settings {
            raw: RawSettings::from_host(now),
            view_group_by: group_by.filter(|_| group_changed && !view_query.contains("group=")),
            view_page_size: parse_page_size(now.request.page_size.as_deref())
                .ok()
                .filter(|_| size_changed && !view_query.contains("per_page=")),
            locale: given(now.locale.as_deref()).map(str::to_owned),
            time_zone: now.time_zone.clone().filter(|z| !z.trim().is_empty()),
            refresh_interval,
            load,
            no_toolbar: now.no_toolbar,
            ignored,
        }
    }
}

impl RawSettings {
    /// The request's values: the `scope` property's non-empty lists win over the attributes.
    fn from_host(h: &HostValues) -> RawSettings {
        let attributes = &h.request;
        let scoped = |pick: fn(&Scope) -> &Vec<String>, attribute: &Option<String>| {
            h.scope.as_ref().map(pick).filter(|v| !v.is_empty()).map(|v| v.join(",")).or_else(|| attribute.clone())
        };
        RawSettings {
            id_in: scoped(|s| &s.id_in, &attributes.id_in),
            account_in: scoped(|s| &s.account_in, &attributes.account_in),
            contact_in: scoped(|s| &s.contact_in, &attributes.contact_in),
            property_in: scoped(|s| &s.property_in, &attributes.property_in),
            representative_in: scoped(|s| &s.representative_in, &attributes.representative_in),
            ..attributes.clone()
        }
    }

    /// No token yet and none being asked for: the `tokenProvider` (if any) should be asked.
    pub fn needs_token(&self) -> bool {
        self.token.as_deref().is_none_or(|t| t.trim().is_empty()) && !self.awaiting_token
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

    fn host() -> HostValues {
        HostValues { request: request(RawSettings::default()), ..Default::default() }
    }

    /// `r` with the demo organisation and a token.
    fn request(r: RawSettings) -> RawSettings {
        RawSettings { org_id: Some("demo-org".into()), token: Some("t".into()), ..r }
    }

    #[test]
    fn lenient_values_read_as_their_defaults_with_a_clear_error() {
        assert_eq!(parse_refresh_interval(None), Ok(0));
        assert_eq!(parse_refresh_interval(Some(" 30 ")), Ok(30));
        for bad in ["-5", "1.5", "soon"] {
            let e = parse_refresh_interval(Some(bad)).unwrap_err();
            assert!(e.to_string().contains("refresh-interval") && e.to_string().contains(bad), "{e}");
        }
        assert_eq!(parse_load(None), Ok(LoadMode::Page));
        assert_eq!(parse_load(Some(" ALL ")), Ok(LoadMode::All));
        assert_eq!(parse_load(Some("page")), Ok(LoadMode::Page));
        assert!(parse_load(Some("everything")).unwrap_err().to_string().contains("\"everything\""));
        assert_eq!(parse_group_by(Some(" Property")), Ok(Some(GroupBy::Property)));
        assert_eq!(parse_group_by(Some("  ")), Ok(None));
        assert!(parse_group_by(Some("day")).unwrap_err().to_string().contains("group-by"));

        let h = HostValues {
            refresh_interval: Some("often".into()),
            load: Some("lots".into()),
            group_by: Some("day".into()),
            ..host()
        };
        let s = Settings::parse(&h, None);
        assert_eq!((s.refresh_interval, s.load, s.view_group_by), (0, LoadMode::Page, None));
        assert_eq!(s.ignored.len(), 3, "{:?}", s.ignored);
        // One warning names all three, with their values.
        let warning = s.ignored_warning().unwrap_or_default();
        for part in ["group-by", "\"day\"", "often", "lots"] {
            assert!(warning.contains(part), "{part} in {warning}");
        }
        assert_eq!(Settings::parse(&host(), None).ignored_warning(), None);
    }

    #[test]
    fn a_locale_or_time_zone_the_browser_rejects_reads_as_the_default_with_a_warning() {
        let h = HostValues { locale: Some("en_GB".into()), time_zone: Some("Europe/Londn".into()), ..host() };
        let mut s = Settings::parse(&h, None);
        s.drop_unusable(|l| !l.contains('_'), |z| z != "Europe/Londn");
        assert_eq!((s.locale.as_deref(), s.time_zone.as_deref()), (None, None));
        let warning = s.ignored_warning().unwrap_or_default();
        for part in ["locale", "\"en_GB\"", "time-zone", "\"Europe/Londn\""] {
            assert!(warning.contains(part), "{part} in {warning}");
        }
        let good = HostValues { locale: Some("cy".into()), time_zone: Some("Europe/London".into()), ..host() };
        let mut s = Settings::parse(&good, None);
        s.drop_unusable(|_| true, |_| true);
        assert_eq!((s.locale.as_deref(), s.time_zone.as_deref()), (Some("cy"), Some("Europe/London")));
        assert_eq!(s.ignored_warning(), None);
    }

    #[test]
    fn settings_parse_every_value() {
        let h = HostValues {
            request: request(RawSettings {
                api_base: Some("https://x.test".into()),
                page_size: Some("50".into()),
                ..Default::default()
            }),
            group_by: Some("none".into()),
            locale: Some(" cy ".into()),
            time_zone: Some("Europe/London".into()),
            refresh_interval: Some("60".into()),
            load: Some("all".into()),
            no_toolbar: true,
            ..host()
        };
        let s = Settings::parse(&h, None);
        assert_eq!(s.raw.org_id.as_deref(), Some("demo-org"));
        assert_eq!(s.raw.api_base.as_deref(), Some("https://x.test"));
        assert_eq!(s.raw.page_size.as_deref(), Some("50"));
        assert_eq!(s.view_group_by, Some(GroupBy::None));
        assert_eq!(s.view_page_size, Some(50));
        assert_eq!(s.locale.as_deref(), Some("cy"));
        assert_eq!(s.time_zone.as_deref(), Some("Europe/London"));
        assert_eq!((s.refresh_interval, s.load, s.no_toolbar), (60, LoadMode::All, true));
        assert!(s.ignored.is_empty());
        let blank =
            Settings::parse(&HostValues { locale: Some(" ".into()), time_zone: Some(" ".into()), ..host() }, None);
        assert_eq!((blank.locale, blank.time_zone), (None, None));
    }

    #[test]
    fn host_grouping_and_page_size_apply_only_when_changed_and_not_set_by_the_view() {
        let first = HostValues {
            group_by: Some("property".into()),
            request: request(RawSettings { page_size: Some("10".into()), ..Default::default() }),
            ..host()
        };
        let s = Settings::parse(&first, None);
        assert_eq!((s.view_group_by, s.view_page_size), (Some(GroupBy::Property), Some(10)));
        // Another attribute changed: the user's own grouping and page size stay.
        let again = HostValues { locale: Some("cy".into()), ..first.clone() };
        let s = Settings::parse(&again, Some(&first));
        assert_eq!((s.view_group_by, s.view_page_size), (None, None));
        // page-size removed: back to the default size.
        let removed = HostValues { request: request(RawSettings::default()), ..first.clone() };
        assert_eq!(Settings::parse(&removed, Some(&first)).view_page_size, Some(DEFAULT_PAGE_SIZE));
        // An invalid page size is not put in the view (the request reports it).
        let bad = HostValues {
            request: request(RawSettings { page_size: Some("500".into()), ..Default::default() }),
            ..first.clone()
        };
        assert_eq!(Settings::parse(&bad, Some(&first)).view_page_size, None);
        assert!(Config::from_raw(&Settings::parse(&bad, None).raw).is_err());
        // The `view` attribute's own values win.
        let viewed = HostValues { view: Some("group=none&per_page=5".into()), ..first.clone() };
        let s = Settings::parse(&viewed, None);
        assert_eq!((s.view_group_by, s.view_page_size), (None, None));
    }

    #[test]
    fn the_scope_property_overrides_the_attributes_list_by_list() {
        let property = Scope::from_property(|name| match name {
            "contact_in" => vec!["c1, c2".into(), " ".into(), "c3".into()],
            "property_in" => vec![],
            _ => vec!["".into()],
        });
        assert_eq!(property.contact_in, ["c1", "c2", "c3"]);
        assert!(property.property_in.is_empty() && property.id_in.is_empty());
        let attributes =
            RawSettings { contact_in: Some("a".into()), property_in: Some("p".into()), ..Default::default() };
        let h = HostValues { request: request(attributes), scope: Some(property), ..host() };
        let raw = Settings::parse(&h, None).raw;
        assert_eq!(raw.contact_in.as_deref(), Some("c1,c2,c3"));
        assert_eq!(raw.property_in.as_deref(), Some("p"), "an empty list falls back to the attribute");
        assert_eq!(raw.id_in, None);
    }

    #[test]
    fn a_token_is_needed_unless_one_is_set_or_asked_for() {
        let mut raw = Settings::parse(&host(), None).raw;
        assert!(!raw.needs_token());
        raw.token = Some(" ".into());
        assert!(raw.needs_token());
        raw.awaiting_token = true;
        assert!(!raw.needs_token());
    }
}
