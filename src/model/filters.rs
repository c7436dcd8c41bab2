//! Client-side filters over the loaded interactions, and faceted counts for the filter controls.
//!
//! Within one facet the selected values are alternatives (OR); facets combine with AND. Facet counts
//! follow the usual faceted-search rule: a facet's values are counted over the items that match all
//! the *other* filters, so selecting a value never zeroes its siblings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::i18n::{Lang, Messages, Msg};
use super::interaction::{status_label, Direction, Interaction, Method};
use super::search::{Decompose, Query, SearchIndex};
use super::time::{item_local_date, Zone};

/// The client-side filters the toolbar sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// [`method_key`] values: `Method::slug()` for known methods, the raw text for others.
    pub methods: BTreeSet<String>,
    /// [`direction_key`] values: `inbound`, `outbound` or the raw text.
    pub directions: BTreeSet<String>,
    /// [`status_key`] values: lowercased trimmed status, `""` for none.
    pub statuses: BTreeSet<String>,
    pub contacted: Option<bool>,
    /// Inclusive bounds on the interaction's local date; undated interactions fail any bound.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Free text, see [`super::search::matches`].
    pub search: String,
}

impl Filters {
    /// True when no filter constrains anything (a blank search counts as none).
    pub fn is_empty(&self) -> bool {
        self.active_count() == 0
    }

    /// How many facets constrain the view (for "Clear filters (3)").
    pub fn active_count(&self) -> usize {
        [
            !self.methods.is_empty(),
            !self.directions.is_empty(),
            !self.statuses.is_empty(),
            self.contacted.is_some(),
            self.from.is_some(),
            self.to.is_some(),
            !self.search.trim().is_empty(),
        ]
        .into_iter()
        .filter(|b| *b)
        .count()
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Adds `key` to `set` if absent, removes it if present (a checkbox).
    pub fn toggle(set: &mut BTreeSet<String>, key: &str) {
        if !set.remove(key) {
            set.insert(key.to_owned());
        }
    }
}

/// The filter key of an interaction's method.
pub fn method_key(item: &Interaction) -> String {
    match &item.method {
        Method::Other(raw) => raw.trim().to_owned(),
        known => known.slug().to_owned(),
    }
}

/// The filter key of an interaction's direction.
pub fn direction_key(item: &Interaction) -> String {
    match &item.direction {
        Direction::Inbound => "inbound".to_owned(),
        Direction::Outbound => "outbound".to_owned(),
        Direction::Other(raw) => raw.trim().to_owned(),
    }
}

/// The filter key of an interaction's status: lowercased and trimmed, `""` for none.
pub fn status_key(item: &Interaction) -> String {
    normalize_status_key(&item.status)
}

/// `yes`, `no` or `unknown`.
pub fn contacted_key(item: &Interaction) -> &'static str {
    match item.contacted {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// The canonical method key for any text (`"EMAIL"`, `"phone"` → `email`, `telephone`).
pub fn normalize_method_key(raw: &str) -> String {
    match Method::parse(raw) {
        Method::Other(raw) => raw,
        known => known.slug().to_owned(),
    }
}

/// The canonical direction key for any text.
pub fn normalize_direction_key(raw: &str) -> String {
    match Direction::parse(raw) {
        Direction::Inbound => "inbound".to_owned(),
        Direction::Outbound => "outbound".to_owned(),
        Direction::Other(raw) => raw,
    }
}

/// The canonical status key for any text.
pub fn normalize_status_key(raw: &str) -> String {
    super::case::lower(raw.trim())
}

/// Human label for a method key ("Email", "SMS", or the raw text).
pub fn method_label(key: &str) -> String {
    Method::parse(key).label().to_owned()
}

/// Human label for a direction key ("Inbound", or the raw text).
pub fn direction_label(key: &str) -> String {
    Direction::parse(key).label().to_owned()
}

/// Human label for a contacted key (en-GB).
pub fn contacted_label(key: &str) -> String {
    Lang::EnGb.text(contacted_msg(key)).to_owned()
}

fn contacted_msg(key: &str) -> Msg {
    match key {
        "yes" => Msg::Yes,
        "no" => Msg::No,
        _ => Msg::Unknown,
    }
}

/// Names the facet values the catalogue names (methods, directions, contacted, "No status") in
/// `m`'s language; values that are data (a status, an unknown method) keep their label.
pub fn localize(facets: &mut Facets, m: &Messages) {
    for v in &mut facets.method {
        if let Some(msg) = Method::parse(&v.key).msg() {
            v.label = m.text(msg);
        }
    }
    for v in &mut facets.direction {
        if let Some(msg) = Direction::parse(&v.key).msg() {
            v.label = m.text(msg);
        }
    }
    for v in &mut facets.contacted {
        v.label = m.text(contacted_msg(&v.key));
    }
    for v in facets.status.iter_mut().filter(|v| v.key.trim().is_empty()) {
        v.label = m.text(Msg::NoStatus);
    }
}

/// Which facets one interaction passes.
#[derive(Clone, Copy, Debug)]
struct Checks {
    method: bool,
    direction: bool,
    status: bool,
    contacted: bool,
    /// Date range and search.
    rest: bool,
}

impl Checks {
    fn all(&self) -> bool {
        self.method && self.direction && self.status && self.contacted && self.rest
    }
}

fn in_set(set: &BTreeSet<String>, key: String) -> bool {
    set.is_empty() || set.contains(&key)
}

/// `search_ok`: whether the item matches the search text (see [`SearchIndex`]).
fn check(item: &Interaction, f: &Filters, zone: &dyn Zone, search_ok: bool) -> Checks {
    let dates_ok = if f.from.is_none() && f.to.is_none() {
        true
    } else {
        match item_local_date(item, zone) {
            None => false,
            Some(d) => f.from.is_none_or(|from| d >= from) && f.to.is_none_or(|to| d <= to),
        }
    };
    Checks {
        method: in_set(&f.methods, method_key(item)),
        direction: in_set(&f.directions, direction_key(item)),
        status: in_set(&f.statuses, status_key(item)),
        contacted: f.contacted.is_none_or(|c| item.contacted == Some(c)),
        rest: dates_ok && search_ok,
    }
}

/// Whether `item` passes every filter. Dates compare the item's local date in `zone`.
pub fn matches(item: &Interaction, f: &Filters, zone: &dyn Zone, d: &dyn Decompose) -> bool {
    check(item, f, zone, Query::new(&f.search, d).matches(item, d)).all()
}

/// Indices (in order) of the items that pass every filter; `index` is `items`' search index.
pub fn apply(
    items: &[Interaction],
    f: &Filters,
    zone: &dyn Zone,
    d: &dyn Decompose,
    index: &SearchIndex,
) -> Vec<usize> {
    let query = Query::new(&f.search, d);
    items
        .iter()
        .enumerate()
        .filter(|(i, item)| check(item, f, zone, index.matches(*i, item, &query, d)).all())
        .map(|(i, _)| i)
        .collect()
}

/// One value of a facet with the number of items it would show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    pub key: String,
    pub label: String,
    /// Items matching all the other facets' filters that have this value.
    pub count: usize,
    /// Whether the value is currently selected.
    pub selected: bool,
}

/// Counts for every facet of the filter controls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub method: Vec<FacetValue>,
    pub direction: Vec<FacetValue>,
    pub status: Vec<FacetValue>,
    /// Keys `yes`, `no`, `unknown`.
    pub contacted: Vec<FacetValue>,
}

/// Per-facet tally: key -> (label, count).
#[derive(Default)]
struct Tally(BTreeMap<String, (String, usize)>);

impl Tally {
    fn see(&mut self, key: String, label: impl FnOnce() -> String, counted: bool) {
        let e = self.0.entry(key).or_insert_with(|| (label(), 0));
        if counted {
            e.1 += 1;
        }
    }

    fn ensure(&mut self, key: &str, label: impl FnOnce() -> String) {
        if !self.0.contains_key(key) {
            self.0.insert(key.to_owned(), (label(), 0));
        }
    }

    fn into_values(self, selected: impl Fn(&str) -> bool) -> Vec<FacetValue> {
        self.0
            .into_iter()
            .map(|(key, (label, count))| FacetValue { selected: selected(&key), key, label, count })
            .collect()
    }
}

fn rank_then_label<'a>(order: &'a [&'a str]) -> impl Fn(&FacetValue) -> (usize, String, String) + 'a {
    move |v| {
        let rank = order.iter().position(|k| *k == v.key).unwrap_or(order.len());
        (rank, super::case::lower(&v.label), v.key.clone())
    }
}

/// Facet counts over `items` under the filters `f` (see the module docs for the rule).
///
/// Every value present in `items` is listed, plus selected values that no item has (count 0).
/// Order: methods letter, email, telephone, SMS, then others by label; directions inbound,
/// outbound, then others; statuses by count (highest first) then label; contacted yes, no, unknown.
pub fn facets(items: &[Interaction], f: &Filters, zone: &dyn Zone, d: &dyn Decompose, index: &SearchIndex) -> Facets {
    let query = Query::new(&f.search, d);
    let (mut method, mut direction, mut status, mut contacted) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    for (i, item) in items.iter().enumerate() {
        let c = check(item, f, zone, index.matches(i, item, &query, d));
        method.see(
            method_key(item),
            || item.method.label().to_owned(),
            c.direction && c.status && c.contacted && c.rest,
        );
        direction.see(
            direction_key(item),
            || item.direction.label().to_owned(),
            c.method && c.status && c.contacted && c.rest,
        );
        status.see(status_key(item), || status_label(&item.status), c.method && c.direction && c.contacted && c.rest);
        let key = contacted_key(item);
        contacted.see(key.to_owned(), || contacted_label(key), c.method && c.direction && c.status && c.rest);
    }
    for k in &f.methods {
        method.ensure(k, || method_label(k));
    }
    for k in &f.directions {
        direction.ensure(k, || direction_label(k));
    }
    for k in &f.statuses {
        status.ensure(k, || status_label(k));
    }
    let selected_contacted = f.contacted.map(|c| if c { "yes" } else { "no" });
    if let Some(k) = selected_contacted {
        contacted.ensure(k, || contacted_label(k));
    }

    let mut method = method.into_values(|k| f.methods.contains(k));
    method.sort_by_key(rank_then_label(&["letter", "email", "telephone", "sms"]));
    let mut direction = direction.into_values(|k| f.directions.contains(k));
    direction.sort_by_key(rank_then_label(&["inbound", "outbound"]));
    let mut status = status.into_values(|k| f.statuses.contains(k));
    status.sort_by_key(|v| (std::cmp::Reverse(v.count), super::case::lower(&v.label), v.key.clone()));
    let mut contacted = contacted.into_values(|k| selected_contacted == Some(k));
    contacted.sort_by_key(rank_then_label(&["yes", "no", "unknown"]));
    Facets { method, direction, status, contacted }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::search::tests::Nfkd;

    fn apply(items: &[Interaction], f: &Filters, zone: &dyn Zone) -> Vec<usize> {
        super::apply(items, f, zone, &Nfkd, &SearchIndex::new(items, &Nfkd))
    }
    fn facets(items: &[Interaction], f: &Filters, zone: &dyn Zone) -> Facets {
        super::facets(items, f, zone, &Nfkd, &SearchIndex::new(items, &Nfkd))
    }
    fn matches(item: &Interaction, f: &Filters, zone: &dyn Zone) -> bool {
        super::matches(item, f, zone, &Nfkd)
    }
    use crate::model::interaction::tests::sample;
    use crate::model::time::tests::{d, new_york};
    use crate::model::time::{FixedZone, UTC};
    use crate::model::Related;
    use proptest::prelude::*;

    fn it(id: &str, date: &str, method: &str, dir: &str, status: &str, contacted: Option<bool>) -> Interaction {
        let mut i = sample(id, date);
        i.method = Method::parse(method);
        i.direction = Direction::parse(dir);
        i.status = status.into();
        i.contacted = contacted;
        i
    }

    fn data() -> Vec<Interaction> {
        vec![
            it("0", "2024-03-01T09:00:00Z", "email", "inbound", "completed", Some(true)),
            it("1", "2024-03-02T09:00:00Z", "email", "outbound", "Completed", Some(false)),
            it("2", "2024-03-03T09:00:00Z", "sms", "outbound", "scheduled", None),
            it("3", "2024-03-04T09:00:00Z", "letter", "inbound", "", Some(true)),
            it("4", "2024-03-05T09:00:00Z", "Carrier pigeon", "sideways", "no_answer", Some(false)),
            it("5", "not a date", "telephone", "inbound", "completed", Some(true)),
        ]
    }

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|s| s.to_string()).collect()
    }

    fn counts(v: &[FacetValue]) -> Vec<(&str, usize)> {
        v.iter().map(|f| (f.key.as_str(), f.count)).collect()
    }

    #[test]
    fn keys_are_canonical() {
        let items = data();
        assert_eq!(method_key(&items[0]), "email");
        assert_eq!(method_key(&items[4]), "Carrier pigeon");
        assert_eq!(direction_key(&items[4]), "sideways");
        assert_eq!(status_key(&items[1]), "completed");
        assert_eq!(status_key(&items[3]), "");
        assert_eq!(contacted_key(&items[2]), "unknown");
        assert_eq!(normalize_method_key(" PHONE "), "telephone");
        assert_eq!(normalize_direction_key("OUTBOUND"), "outbound");
        assert_eq!(normalize_status_key("  No_Answer "), "no_answer");
    }

    #[test]
    fn labels_for_keys() {
        assert_eq!(method_label("sms"), "SMS");
        assert_eq!(method_label("Fax"), "Fax");
        assert_eq!(method_label(""), "Unknown method");
        assert_eq!(direction_label("inbound"), "Inbound");
        assert_eq!(status_label("no_answer"), "No answer");
        assert_eq!(status_label(""), "No status");
        assert_eq!(contacted_label("no"), "No");
        // A key is labelled like the statuses it stands for.
        for raw in ["completed", "no_answer", "", "élan", "x"] {
            let mut i = sample("a", "2024-01-01T00:00:00Z");
            i.status = raw.into();
            assert_eq!(status_label(&status_key(&i)), status_label(&i.status));
        }
    }

    #[test]
    fn empty_filters_match_everything() {
        let items = data();
        let f = Filters::default();
        assert!(f.is_empty());
        assert_eq!(apply(&items, &f, &UTC), [0, 1, 2, 3, 4, 5]);
        let f = Filters { search: "   ".into(), ..Default::default() };
        assert!(f.is_empty());
    }

    #[test]
    fn or_within_and_across_facets() {
        let items = data();
        let mut f = Filters { methods: set(&["email", "sms"]), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [0, 1, 2]);
        f.directions = set(&["outbound"]);
        assert_eq!(apply(&items, &f, &UTC), [1, 2]);
        f.statuses = set(&["completed", ""]);
        assert_eq!(apply(&items, &f, &UTC), [1]);
        f.contacted = Some(true);
        assert!(apply(&items, &f, &UTC).is_empty());
        assert_eq!(f.active_count(), 4);
        f.clear();
        assert!(f.is_empty());
    }

    #[test]
    fn other_values_and_no_status() {
        let items = data();
        let f = Filters { methods: set(&["Carrier pigeon"]), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [4]);
        let f = Filters { directions: set(&["sideways"]), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [4]);
        let f = Filters { statuses: set(&[""]), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [3]);
        let f = Filters { contacted: Some(false), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [1, 4]);
    }

    #[test]
    fn date_bounds_are_inclusive_local_dates_and_exclude_undated() {
        let items = data();
        let f = Filters { from: Some(d("2024-03-02")), to: Some(d("2024-03-04")), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [1, 2, 3]);
        let f = Filters { from: Some(d("2024-03-04")), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [3, 4]);
        let f = Filters { to: Some(d("2024-03-01")), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [0]);
        // 09:00 UTC is the previous day 10 hours west.
        assert_eq!(apply(&items, &f, &FixedZone(-10 * 3600)), [0, 1]);
        let f = Filters { from: Some(d("2024-03-05")), to: Some(d("2024-03-01")), ..Default::default() };
        assert!(apply(&items, &f, &UTC).is_empty());
    }

    #[test]
    fn date_bound_across_midnight_in_new_york() {
        let items = vec![sample("late", "2024-07-15T03:30:00Z"), sample("early", "2024-07-15T04:30:00Z")];
        let f = Filters { from: Some(d("2024-07-15")), to: Some(d("2024-07-15")), ..Default::default() };
        assert_eq!(apply(&items, &f, &new_york()), [1]);
        assert_eq!(apply(&items, &f, &UTC), [0, 1]);
    }

    #[test]
    fn search_is_part_of_the_filters() {
        let mut items = data();
        items[3].notes = "Réclamation about the boiler".into();
        items[0].contact = Some(Related { id: "c".into(), label: "Zoë".into(), resolved: true });
        let f = Filters { search: "reclamation BOILER".into(), ..Default::default() };
        assert!(!f.is_empty());
        assert_eq!(apply(&items, &f, &UTC), [3]);
        let f = Filters { search: "zoe".into(), ..Default::default() };
        assert_eq!(apply(&items, &f, &UTC), [0]);
        assert!(matches(&items[0], &f, &UTC));
    }

    #[test]
    fn facets_list_everything_in_order_with_no_filters() {
        let items = data();
        let fx = facets(&items, &Filters::default(), &UTC);
        assert_eq!(
            counts(&fx.method),
            [("letter", 1), ("email", 2), ("telephone", 1), ("sms", 1), ("Carrier pigeon", 1)]
        );
        let labels: Vec<_> = fx.method.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["Letter", "Email", "Telephone", "SMS", "Carrier pigeon"]);
        assert_eq!(counts(&fx.direction), [("inbound", 3), ("outbound", 2), ("sideways", 1)]);
        assert_eq!(counts(&fx.status), [("completed", 3), ("no_answer", 1), ("", 1), ("scheduled", 1)]);
        let labels: Vec<_> = fx.status.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["Completed", "No answer", "No status", "Scheduled"]);
        assert_eq!(counts(&fx.contacted), [("yes", 3), ("no", 2), ("unknown", 1)]);
        assert!(fx.method.iter().all(|v| !v.selected));
    }

    #[test]
    fn selecting_a_value_does_not_zero_its_siblings() {
        let items = data();
        let f = Filters { methods: set(&["email"]), ..Default::default() };
        let fx = facets(&items, &f, &UTC);
        // The method facet ignores the method filter...
        assert_eq!(counts(&fx.method)[..2], [("letter", 1), ("email", 2)]);
        assert!(fx.method.iter().find(|v| v.key == "email").unwrap().selected);
        // ...while the other facets count only emails.
        assert_eq!(counts(&fx.direction), [("inbound", 1), ("outbound", 1), ("sideways", 0)]);
        assert_eq!(counts(&fx.contacted), [("yes", 1), ("no", 1), ("unknown", 0)]);
    }

    #[test]
    fn facets_respect_dates_and_search_for_every_facet() {
        let items = data();
        let f = Filters { to: Some(d("2024-03-02")), ..Default::default() };
        let fx = facets(&items, &f, &UTC);
        assert_eq!(fx.method.iter().map(|v| v.count).sum::<usize>(), 2);
        assert_eq!(fx.status.iter().map(|v| v.count).sum::<usize>(), 2);
        assert_eq!(counts(&fx.status)[0], ("completed", 2));
    }

    #[test]
    fn selected_values_absent_from_items_are_listed_with_zero() {
        let items = data();
        let f = Filters {
            methods: set(&["fax"]),
            directions: set(&["upward"]),
            statuses: set(&["cancelled"]),
            contacted: Some(false),
            ..Default::default()
        };
        let fx = facets(&items, &f, &UTC);
        let fax = fx.method.iter().find(|v| v.key == "fax").unwrap();
        assert_eq!((fax.count, fax.label.as_str(), fax.selected), (0, "fax", true));
        assert!(fx.direction.iter().any(|v| v.key == "upward" && v.count == 0 && v.selected));
        let cancelled = fx.status.iter().find(|v| v.key == "cancelled").unwrap();
        assert_eq!((cancelled.count, cancelled.label.as_str()), (0, "Cancelled"));
        assert!(fx.contacted.iter().any(|v| v.key == "no" && v.selected));
        // Nothing matches "fax", so other facets count zero.
        assert!(fx.direction.iter().all(|v| v.count == 0));

        let fx = facets(&[], &Filters { contacted: Some(true), ..Default::default() }, &UTC);
        assert_eq!(counts(&fx.contacted), [("yes", 0)]);
        assert!(fx.method.is_empty());
    }

    #[test]
    fn toggle_adds_and_removes() {
        let mut f = Filters::default();
        Filters::toggle(&mut f.methods, "email");
        assert_eq!(f.methods, set(&["email"]));
        Filters::toggle(&mut f.methods, "email");
        assert!(f.methods.is_empty());
    }

    fn arb_item() -> impl Strategy<Value = Interaction> {
        (
            prop::sample::select(vec!["email", "sms", "letter", "telephone", "fax", ""]),
            prop::sample::select(vec!["inbound", "outbound", "x"]),
            prop::sample::select(vec!["completed", "scheduled", "", "No_answer"]),
            prop::option::of(any::<bool>()),
            prop::option::of(0i64..40),
            prop::sample::select(vec!["", "boiler", "leak", "boiler leak"]),
        )
            .prop_map(|(m, dir, st, c, day, notes)| {
                let date = match day {
                    Some(n) => format!("2024-01-{:02}T12:00:00Z", n % 28 + 1),
                    None => "none".into(),
                };
                let mut i = it("i", &date, m, dir, st, c);
                i.notes = notes.into();
                i
            })
    }

    fn arb_filters() -> impl Strategy<Value = Filters> {
        (
            prop::collection::btree_set(prop::sample::select(vec!["email", "sms", "fax", ""]), 0..3),
            prop::collection::btree_set(prop::sample::select(vec!["inbound", "x"]), 0..2),
            prop::collection::btree_set(prop::sample::select(vec!["completed", "", "no_answer"]), 0..3),
            prop::option::of(any::<bool>()),
            prop::option::of(1u32..28),
            prop::option::of(1u32..28),
            prop::sample::select(vec!["", "boiler", "LEAK", "zzz"]),
        )
            .prop_map(|(m, dir, st, contacted, from, to, search)| Filters {
                methods: m.into_iter().map(String::from).collect(),
                directions: dir.into_iter().map(String::from).collect(),
                statuses: st.into_iter().map(String::from).collect(),
                contacted,
                from: from.and_then(|n| NaiveDate::from_ymd_opt(2024, 1, n)),
                to: to.and_then(|n| NaiveDate::from_ymd_opt(2024, 1, n)),
                search: search.into(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn facet_counts_sum_to_items_matching_the_other_filters(
            items in prop::collection::vec(arb_item(), 0..30),
            f in arb_filters(),
        ) {
            let fx = facets(&items, &f, &UTC);
            let without = |clear: fn(&mut Filters)| {
                let mut g = f.clone();
                clear(&mut g);
                apply(&items, &g, &UTC).len()
            };
            let sum = |v: &[FacetValue]| v.iter().map(|x| x.count).sum::<usize>();
            prop_assert_eq!(sum(&fx.method), without(|g| g.methods.clear()));
            prop_assert_eq!(sum(&fx.direction), without(|g| g.directions.clear()));
            prop_assert_eq!(sum(&fx.status), without(|g| g.statuses.clear()));
            prop_assert_eq!(sum(&fx.contacted), without(|g| g.contacted = None));
            // The selected values of a facet count exactly what the full filter shows.
            let shown = apply(&items, &f, &UTC).len();
            if !f.methods.is_empty() {
                let selected: usize = fx.method.iter().filter(|v| v.selected).map(|v| v.count).sum();
                prop_assert_eq!(selected, shown);
            }
            // Keys are unique within a facet, and every selected key is listed.
            for v in [&fx.method, &fx.direction, &fx.status, &fx.contacted] {
                let keys: BTreeSet<_> = v.iter().map(|x| x.key.clone()).collect();
                prop_assert_eq!(keys.len(), v.len());
            }
            prop_assert!(f.methods.iter().all(|k| fx.method.iter().any(|v| &v.key == k)));
        }

        #[test]
        fn apply_agrees_with_matches(items in prop::collection::vec(arb_item(), 0..20), f in arb_filters()) {
            let expected: Vec<usize> = (0..items.len()).filter(|&i| matches(&items[i], &f, &UTC)).collect();
            prop_assert_eq!(apply(&items, &f, &UTC), expected);
        }
    }
}
