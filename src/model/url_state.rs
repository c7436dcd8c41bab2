//! The shareable view state (grouping, filters, scope, page) as a URL query string.
//!
//! Only view state goes in the URL: never the token or anything session-like, and such keys in
//! an incoming URL are ignored.

use chrono::NaiveDate;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::config::{is_valid_id, Scope, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use super::filters::{normalize_direction_key, normalize_method_key, normalize_status_key, Filters};
use super::grouping::GroupBy;

/// Everything but ASCII letters, digits, `-`, `_` and `.` is percent-encoded (`~` too, so the
/// `~none` token below cannot be confused with a value).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// How an empty value (e.g. "no status") is written in a list.
const EMPTY_TOKEN: &str = "~none";

/// The query keys this module reads and writes, in the order `to_query` writes them.
pub const QUERY_KEYS: [&str; 15] = [
    "group",
    "method",
    "direction",
    "status",
    "contacted",
    "from",
    "to",
    "q",
    "contact_in",
    "property_in",
    "account_in",
    "representative_in",
    "id_in",
    "page",
    "per_page",
];

/// The view the user sees, as far as a link can share it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewState {
    pub group_by: GroupBy,
    pub filters: Filters,
    pub scope: Scope,
    /// 1-based.
    pub page: u64,
    /// 1..=100.
    pub page_size: u32,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            group_by: GroupBy::default(),
            filters: Filters::default(),
            scope: Scope::default(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

fn decode(raw: &str) -> Option<String> {
    percent_decode_str(&raw.replace('+', " ")).decode_utf8().ok().map(|s| s.into_owned())
}

fn encode_list<'a>(values: impl IntoIterator<Item = &'a String>) -> String {
    values
        .into_iter()
        .map(|v| if v.is_empty() { EMPTY_TOKEN.to_owned() } else { encode(v) })
        .collect::<Vec<_>>()
        .join(",")
}

/// Splits a raw (still encoded) comma list; `~none` is the empty value; undecodable and empty
/// pieces are skipped.
fn decode_list(raw: &str) -> impl Iterator<Item = String> + '_ {
    raw.split(',')
        .filter(|p| !p.is_empty())
        .filter_map(|p| if p == EMPTY_TOKEN { Some(String::new()) } else { decode(p) })
}

fn date_text(d: NaiveDate) -> String {
    super::time::iso_date(d)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    super::time::parse_iso_date(s)
}

fn scope_lists(s: &Scope) -> [(&'static str, &Vec<String>); 5] {
    [
        ("contact_in", &s.contact_in),
        ("property_in", &s.property_in),
        ("account_in", &s.account_in),
        ("representative_in", &s.representative_in),
        ("id_in", &s.id_in),
    ]
}

impl ViewState {
    /// The query string (no leading `?`) for the members that differ from the default, in the
    /// fixed order of [`QUERY_KEYS`]. Empty for the default state.
    pub fn to_query(&self) -> String {
        self.to_query_against(&Self::default())
    }

    /// Like [`Self::to_query`], but leaves out members equal to `defaults`' (e.g. a `group-by` or
    /// `page-size` set by the host). Read it back with [`Self::from_query_over`] and the same defaults.
    pub fn to_query_against(&self, defaults: &ViewState) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut put = |key: &str, value: String| parts.push(format!("{key}={value}"));
        let f = &self.filters;
        let d = &defaults.filters;
        if self.group_by != defaults.group_by {
            put("group", self.group_by.as_str().to_owned());
        }
        if f.methods != d.methods {
            put("method", encode_list(&f.methods));
        }
        if f.directions != d.directions {
            put("direction", encode_list(&f.directions));
        }
        if f.statuses != d.statuses {
            put("status", encode_list(&f.statuses));
        }
        if f.contacted != d.contacted {
            if let Some(c) = f.contacted {
                put("contacted", if c { "yes" } else { "no" }.to_owned());
            }
        }
        if f.from != d.from {
            if let Some(v) = f.from {
                put("from", date_text(v));
            }
        }
        if f.to != d.to {
            if let Some(v) = f.to {
                put("to", date_text(v));
            }
        }
        if f.search != d.search && !f.search.is_empty() {
            put("q", encode(&f.search));
        }
        for ((key, ids), (_, default_ids)) in scope_lists(&self.scope).into_iter().zip(scope_lists(&defaults.scope)) {
            if ids != default_ids && !ids.is_empty() {
                put(key, encode_list(ids.iter()));
            }
        }
        if self.page != defaults.page {
            put("page", self.page.to_string());
        }
        if self.page_size != defaults.page_size {
            put("per_page", self.page_size.to_string());
        }
        parts.join("&")
    }

    /// Reads a query string (with or without the leading `?`). Unknown keys, session-like keys
    /// (`token`, …) and invalid values are ignored, leaving the default; list keys may repeat.
    pub fn from_query(query: &str) -> Self {
        Self::from_query_over(query, Self::default())
    }

    /// Like [`Self::from_query`], starting from `defaults` instead of [`ViewState::default`].
    pub fn from_query_over(query: &str, defaults: ViewState) -> Self {
        let mut s = defaults;
        // A list key seen for the first time replaces the default list; repeats add to it.
        let mut seen_lists: Vec<&str> = Vec::new();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let first = !seen_lists.contains(&key);
            match key {
                "group" => {
                    if let Some(g) = decode(raw).as_deref().and_then(GroupBy::parse) {
                        s.group_by = g;
                    }
                }
                "method" | "direction" | "status" => {
                    let (set, canon): (_, fn(&str) -> String) = match key {
                        "method" => (&mut s.filters.methods, normalize_method_key),
                        "direction" => (&mut s.filters.directions, normalize_direction_key),
                        _ => (&mut s.filters.statuses, normalize_status_key),
                    };
                    if first {
                        set.clear();
                        seen_lists.push(key);
                    }
                    set.extend(decode_list(raw).map(|v| canon(&v)));
                }
                "contacted" => match decode(raw).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                    Some("yes" | "true" | "1") => s.filters.contacted = Some(true),
                    Some("no" | "false" | "0") => s.filters.contacted = Some(false),
                    _ => {}
                },
                "from" => {
                    if let Some(d) = decode(raw).as_deref().and_then(parse_date) {
                        s.filters.from = Some(d);
                    }
                }
                "to" => {
                    if let Some(d) = decode(raw).as_deref().and_then(parse_date) {
                        s.filters.to = Some(d);
                    }
                }
                "q" => {
                    if let Some(q) = decode(raw).filter(|q| !q.is_empty()) {
                        s.filters.search = q;
                    }
                }
                "contact_in" | "property_in" | "account_in" | "representative_in" | "id_in" => {
                    let list = match key {
                        "contact_in" => &mut s.scope.contact_in,
                        "property_in" => &mut s.scope.property_in,
                        "account_in" => &mut s.scope.account_in,
                        "representative_in" => &mut s.scope.representative_in,
                        _ => &mut s.scope.id_in,
                    };
                    if first {
                        list.clear();
                        seen_lists.push(key);
                    }
                    for id in decode_list(raw) {
                        let id = id.trim();
                        if is_valid_id(id) && !list.iter().any(|x| x == id) {
                            list.push(id.to_owned());
                        }
                    }
                }
                "page" => {
                    if let Some(p) = decode(raw).and_then(|v| v.trim().parse::<u64>().ok()).filter(|p| *p >= 1) {
                        s.page = p;
                    }
                }
                "per_page" => {
                    if let Some(n) = decode(raw)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                    {
                        s.page_size = n;
                    }
                }
                // Everything else, `token`, `session_token` and the host's own parameters included.
                _ => {}
            }
        }
        s
    }
}

/// Replaces this module's keys in `existing` (a page's query, with or without `?`) by `state`'s,
/// keeping every other parameter as it was and where it was. No leading `?` in the result.
pub fn merge_query(existing: &str, state: &ViewState) -> String {
    let existing = existing.strip_prefix('?').unwrap_or(existing);
    let mut parts: Vec<String> = existing
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split_once('=').map_or(*p, |(k, _)| k);
            !QUERY_KEYS.contains(&key)
        })
        .map(str::to_owned)
        .collect();
    let ours = state.to_query();
    if !ours.is_empty() {
        parts.push(ours);
    }
    parts.join("&")
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::time::tests::d;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|s| s.to_string()).collect()
    }

    fn full() -> ViewState {
        ViewState {
            group_by: GroupBy::Property,
            filters: Filters {
                methods: set(&["email", "Carrier pigeon"]),
                directions: set(&["inbound"]),
                statuses: set(&["", "no_answer", "a,b"]),
                contacted: Some(false),
                from: Some(d("2024-01-01")),
                to: Some(d("2024-12-31")),
                search: "Zoë & co = 100% +1".into(),
            },
            scope: Scope {
                contact_in: vec!["c2".into(), "c1".into()],
                property_in: vec!["p1".into()],
                account_in: vec!["a.1".into()],
                representative_in: vec!["r_1".into()],
                id_in: vec!["i-1".into()],
            },
            page: 3,
            page_size: 50,
        }
    }

    #[test]
    fn default_state_is_an_empty_query() {
        assert_eq!(ViewState::default().to_query(), "");
        assert_eq!(ViewState::from_query(""), ViewState::default());
        assert_eq!(ViewState::from_query("?"), ViewState::default());
        let s = ViewState::default();
        assert_eq!((s.group_by, s.page, s.page_size), (GroupBy::Contact, 1, 25));
    }

    #[test]
    fn full_state_in_fixed_order_and_encoded() {
        let q = full().to_query();
        assert_eq!(
            q,
            "group=property&method=Carrier%20pigeon,email&direction=inbound&status=~none,a%2Cb,no_answer\
             &contacted=no&from=2024-01-01&to=2024-12-31&q=Zo%C3%AB%20%26%20co%20%3D%20100%25%20%2B1\
             &contact_in=c2,c1&property_in=p1&account_in=a.1&representative_in=r_1&id_in=i-1&page=3&per_page=50"
        );
        assert_eq!(ViewState::from_query(&q), full());
        assert_eq!(ViewState::from_query(&format!("?{q}")), full());
    }

    #[test]
    fn only_non_default_members_are_written() {
        let mut s = ViewState { page: 2, ..Default::default() };
        assert_eq!(s.to_query(), "page=2");
        s.page = 1;
        s.filters.contacted = Some(true);
        assert_eq!(s.to_query(), "contacted=yes");
        s.filters.contacted = None;
        s.filters.search = "boiler".into();
        s.group_by = GroupBy::None;
        assert_eq!(s.to_query(), "group=none&q=boiler");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let s = ViewState::from_query(
            "?group=account&contacted=maybe&from=2024-13-01&to=yesterday&page=0&per_page=1000&q=%FF&method=,,",
        );
        assert_eq!(s, ViewState::default());
        assert_eq!(ViewState::from_query("page=-1&per_page=0").page_size, 25);
        assert_eq!(ViewState::from_query("page=abc").page, 1);
        assert_eq!(ViewState::from_query("per_page=100").page_size, 100);
        assert_eq!(ViewState::from_query("page=18446744073709551615").page, u64::MAX);
        assert_eq!(ViewState::from_query("page=18446744073709551616").page, 1);
        assert_eq!(ViewState::from_query("group=&from=&q=").filters, Filters::default());
    }

    #[test]
    fn ids_are_validated_and_deduplicated() {
        let s = ViewState::from_query("contact_in=ok,bad'id,%20ok%20,x%2Fy,a.b_c-1&id_in=%3Cscript%3E");
        assert_eq!(s.scope.contact_in, ["ok", "a.b_c-1"]);
        assert!(s.scope.id_in.is_empty());
        let long = "a".repeat(129);
        assert!(ViewState::from_query(&format!("property_in={long}")).scope.property_in.is_empty());
    }

    #[test]
    fn session_like_and_unknown_keys_are_ignored() {
        let s = ViewState::from_query("token=secret&session_token=s&sessionToken=t&X-Session-Token=u&foo=bar&page=2");
        assert_eq!(s, ViewState { page: 2, ..Default::default() });
        assert!(!s.to_query().contains("secret"));
    }

    #[test]
    fn lenient_forms_are_canonicalised() {
        let s = ViewState::from_query(
            "group=PROPERTY&method=EMAIL,phone&direction=Outbound&status=Completed,%20No_Answer&contacted=TRUE",
        );
        assert_eq!(s.group_by, GroupBy::Property);
        assert_eq!(s.filters.methods, set(&["email", "telephone"]));
        assert_eq!(s.filters.directions, set(&["outbound"]));
        assert_eq!(s.filters.statuses, set(&["completed", "no_answer"]));
        assert_eq!(s.filters.contacted, Some(true));
        // '+' is a space in form encoding; the encoder writes %2B for a real '+'.
        assert_eq!(ViewState::from_query("q=boiler+leak").filters.search, "boiler leak");
        assert_eq!(ViewState::from_query("q=%2B44").filters.search, "+44");
    }

    #[test]
    fn repeated_list_keys_accumulate_and_scalars_take_the_last() {
        let s = ViewState::from_query("method=email&method=sms&page=2&page=5&contact_in=a&contact_in=b,a");
        assert_eq!(s.filters.methods, set(&["email", "sms"]));
        assert_eq!(s.page, 5);
        assert_eq!(s.scope.contact_in, ["a", "b"]);
    }

    #[test]
    fn empty_token_is_the_no_value_key_and_literal_tilde_is_not() {
        let mut s = ViewState::default();
        s.filters.statuses = set(&["", "~none"]);
        let q = s.to_query();
        assert_eq!(q, "status=~none,%7Enone");
        assert_eq!(ViewState::from_query(&q), s);
    }

    #[test]
    fn defaults_from_the_host() {
        let host = ViewState { group_by: GroupBy::None, page_size: 10, ..Default::default() };
        let s = ViewState { page: 2, ..host.clone() };
        assert_eq!(s.to_query_against(&host), "page=2");
        assert_eq!(ViewState::from_query_over("page=2", host.clone()), s);
        let t = ViewState { group_by: GroupBy::Contact, ..host.clone() };
        assert_eq!(t.to_query_against(&host), "group=contact");
        assert_eq!(ViewState::from_query_over(&t.to_query_against(&host), host), t);
    }

    #[test]
    fn merge_keeps_the_hosts_parameters() {
        let s = ViewState { page: 4, ..Default::default() };
        assert_eq!(merge_query("?demo&page=2&lang=fr&q=old", &s), "demo&lang=fr&page=4");
        assert_eq!(merge_query("", &ViewState::default()), "");
        assert_eq!(merge_query("?demo", &ViewState::default()), "demo");
        assert_eq!(merge_query("page=9", &ViewState::default()), "");
    }

    fn arb_key() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec!["", "email", "sms", "letter", "telephone", "inbound", "completed", "~none"])
                .prop_map(String::from),
            "[A-Za-z0-9 ,&=%~+?#é_]{0,8}",
            any::<String>(),
        ]
    }

    fn arb_ids() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[A-Za-z0-9._-]{1,10}", 0..4).prop_map(|v| {
            let mut out: Vec<String> = Vec::new();
            for id in v {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            out
        })
    }

    fn arb_date() -> impl Strategy<Value = Option<NaiveDate>> {
        prop::option::of((1i32..=9999, 1u32..=366).prop_filter_map("valid", |(y, o)| NaiveDate::from_yo_opt(y, o)))
    }

    prop_compose! {
        fn arb_state()(
            group_by in prop::sample::select(GroupBy::ALL.to_vec()),
            methods in prop::collection::vec(arb_key(), 0..4),
            directions in prop::collection::vec(arb_key(), 0..3),
            statuses in prop::collection::vec(arb_key(), 0..4),
            contacted in prop::option::of(any::<bool>()),
            from in arb_date(),
            to in arb_date(),
            search in prop_oneof![Just(String::new()), any::<String>(), "[a-z +%&=]{1,12}"],
            scope in (arb_ids(), arb_ids(), arb_ids(), arb_ids(), arb_ids()),
            page in prop_oneof![Just(1u64), 1u64..1000, Just(u64::MAX)],
            page_size in 1u32..=100,
        ) -> ViewState {
            ViewState {
                group_by,
                filters: Filters {
                    methods: methods.iter().map(|k| normalize_method_key(k)).collect(),
                    directions: directions.iter().map(|k| normalize_direction_key(k)).collect(),
                    statuses: statuses.iter().map(|k| normalize_status_key(k)).collect(),
                    contacted,
                    from,
                    to,
                    search,
                },
                scope: Scope {
                    contact_in: scope.0,
                    property_in: scope.1,
                    account_in: scope.2,
                    representative_in: scope.3,
                    id_in: scope.4,
                },
                page,
                page_size,
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn url_state_round_trips(s in arb_state()) {
            let q = s.to_query();
            prop_assert_eq!(ViewState::from_query(&q), s.clone(), "query: {}", q);
            prop_assert!(q.is_ascii());
            prop_assert!(!q.contains(['#', ' ', '?']));
            prop_assert_eq!(ViewState::from_query(&merge_query("?demo&lang=en", &s)), s);
        }

        #[test]
        fn any_query_parses_to_a_valid_state(q in any::<String>(), tail in "[a-z_]{1,10}=[^&]{0,10}") {
            for q in [q.clone(), format!("{q}&{tail}"), tail.clone()] {
                let s = ViewState::from_query(&q);
                prop_assert!(s.page >= 1);
                prop_assert!((1..=100).contains(&s.page_size));
                for (_, ids) in scope_lists(&s.scope) {
                    prop_assert!(ids.iter().all(|id| is_valid_id(id)));
                }
            }
        }
    }
}
