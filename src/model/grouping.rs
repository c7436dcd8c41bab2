//! The timeline: upcoming interactions first, then groups (by contact, property or none), each
//! holding days (or, when it spans several of the other kind, subgroups holding days).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::interaction::{self, Interaction, Method, Related};
use super::presentation::{method_counts, next_ms};
use super::time::{day_label, local_date, DayLabel, Zone};

/// How the timeline groups interactions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// By contact, then by property when a contact's interactions span several properties.
    #[default]
    Contact,
    /// By property, then by contact.
    Property,
    /// One group with every interaction.
    None,
}

impl GroupBy {
    pub const ALL: [GroupBy; 3] = [GroupBy::Contact, GroupBy::Property, GroupBy::None];

    /// `contact`, `property` or `none`, case-insensitively and trimmed.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL.into_iter().find(|g| g.as_str().eq_ignore_ascii_case(raw))
    }

    /// The attribute / URL value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Property => "property",
            Self::None => "none",
        }
    }
}

/// What a group collects.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// A contact, by id.
    Contact(String),
    /// A property, by id.
    Property(String),
    NoContact,
    NoProperty,
    /// The single group of [`GroupBy::None`].
    All,
}

impl Timeline {
    /// Names the groups that are no contact's or property's ("No contact", …) in `m`'s language.
    pub fn localize(&mut self, m: &super::i18n::Messages) {
        fn relabel(groups: &mut [Group], m: &super::i18n::Messages) {
            for g in groups {
                if let Some(msg) = g.key.msg() {
                    g.label = m.text(msg);
                }
                relabel(&mut g.subgroups, m);
            }
        }
        relabel(&mut self.groups, m);
    }
}

impl GroupKey {
    /// The message naming a group that is no contact's or property's ("No contact", …).
    pub fn msg(&self) -> Option<super::i18n::Msg> {
        use super::i18n::Msg;
        match self {
            Self::NoContact => Some(Msg::NoContact),
            Self::NoProperty => Some(Msg::NoProperty),
            Self::All => Some(Msg::AllInteractions),
            Self::Contact(_) | Self::Property(_) => None,
        }
    }
}

/// Encodes an id with only `[A-Za-z0-9-]` and `_hh` escapes (one per UTF-8 byte), so the result is
/// safe in a DOM id and a CSS selector, and distinct ids stay distinct.
fn encode_id(id: &str, out: &mut String) {
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
}

impl GroupKey {
    /// A stable string, distinct for distinct keys, made of `[A-Za-z0-9_-]` only and starting with a
    /// letter: `contact-<id>`, `property-<id>`, `no-contact`, `no-property`, `all`.
    pub fn as_string(&self) -> String {
        let (prefix, id) = match self {
            Self::Contact(id) => ("contact-", id),
            Self::Property(id) => ("property-", id),
            Self::NoContact => return "no-contact".to_owned(),
            Self::NoProperty => return "no-property".to_owned(),
            Self::All => return "all".to_owned(),
        };
        let mut out = String::with_capacity(prefix.len() + id.len());
        out.push_str(prefix);
        encode_id(id, &mut out);
        out
    }
}

/// One interaction in the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// Index into the `items` slice given to [`build_timeline`].
    pub index: usize,
    /// Scheduled, but its date has passed.
    pub overdue: bool,
}

/// The interactions of one local day (or the undated ones) within a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// `None` for the final bucket of undated interactions.
    pub date: Option<NaiveDate>,
    /// Today / Yesterday / a date; `None` for the undated bucket.
    pub label: Option<DayLabel>,
    /// Newest first.
    pub entries: Vec<Entry>,
}

impl Day {
    /// `YYYY-MM-DD`, or `undated`: unique within a group.
    pub fn key(&self) -> String {
        self.date.map_or_else(|| "undated".to_owned(), super::time::iso_date)
    }
}

/// A contact, property or "all" group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub key: GroupKey,
    /// Unique within the timeline (a subgroup's path includes its parent's): use it as the DOM id
    /// and the expanded/collapsed state key. `[A-Za-z0-9_-]` only.
    pub path: String,
    pub label: String,
    /// Every entry in the group, subgroups included.
    pub count: usize,
    /// The newest dated interaction in the group.
    pub newest_ms: Option<i64>,
    /// Interactions per method, most first (the heading's summary).
    pub methods: Vec<(Method, usize)>,
    /// Non-empty only when the group spans more than one property (or contact); then `days` is empty.
    pub subgroups: Vec<Group>,
    /// Newest day first; the undated day last.
    pub days: Vec<Day>,
}

impl Group {
    /// The group's entries in display order (subgroups included).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.count);
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<Entry>) {
        for g in &self.subgroups {
            g.collect(out);
        }
        for d in &self.days {
            out.extend(d.entries.iter().copied());
        }
    }

    fn collect_paths(&self, out: &mut Vec<String>) {
        out.push(self.path.clone());
        for g in &self.subgroups {
            g.collect_paths(out);
        }
    }
}

/// The whole timeline for the shown interactions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Scheduled or future interactions: overdue first (oldest first), then soonest first, then
    /// undated scheduled ones.
    pub upcoming: Vec<Entry>,
    pub groups: Vec<Group>,
    /// Entries in the timeline: `indices.len()` for valid input.
    pub total: usize,
    /// "Upcoming"'s interactions per method, most first.
    pub upcoming_methods: Vec<(Method, usize)>,
    /// The soonest upcoming interaction still in the future.
    pub upcoming_next_ms: Option<i64>,
}

impl Timeline {
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Every index in display order: upcoming, then each group depth-first (for CSV export).
    pub fn ordered_indices(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.upcoming.iter().map(|e| e.index).collect();
        for g in &self.groups {
            out.extend(g.entries().into_iter().map(|e| e.index));
        }
        out
    }

    /// The paths of every group and subgroup (for "Expand all" / "Collapse all").
    pub fn group_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        for g in &self.groups {
            g.collect_paths(&mut out);
        }
        out
    }
}

fn contact_of(item: &Interaction) -> (GroupKey, Option<&Related>) {
    match &item.contact {
        Some(r) if !r.id.trim().is_empty() => (GroupKey::Contact(r.id.clone()), Some(r)),
        _ => (GroupKey::NoContact, None),
    }
}

fn property_of(item: &Interaction) -> (GroupKey, Option<&Related>) {
    match &item.property {
        Some(r) if !r.id.trim().is_empty() => (GroupKey::Property(r.id.clone()), Some(r)),
        _ => (GroupKey::NoProperty, None),
    }
}

type KeyFn = fn(&Interaction) -> (GroupKey, Option<&Related>);

/// The members of one group while it is being built, with the label candidates seen.
struct Part {
    key: GroupKey,
    resolved_label: Option<String>,
    any_label: Option<String>,
    members: Vec<usize>,
}

fn fallback_label(key: &GroupKey) -> String {
    match key {
        GroupKey::NoContact | GroupKey::NoProperty | GroupKey::All => {
            key.msg().map(|m| super::i18n::Lang::EnGb.text(m)).unwrap_or_default().to_owned()
        }
        GroupKey::Contact(id) => super::labels::fallback("contacts", id),
        GroupKey::Property(id) => super::labels::fallback("properties", id),
    }
}

/// [`interaction::newest_first`] on `items[a]` and `items[b]`; ties (same id) by index.
fn newest_first(items: &[Interaction], a: usize, b: usize) -> Ordering {
    interaction::newest_first(&items[a], &items[b]).then_with(|| a.cmp(&b))
}

struct Ctx<'a> {
    items: &'a [Interaction],
    zone: &'a dyn Zone,
    today: NaiveDate,
}

impl Ctx<'_> {
    /// Buckets `indices` (already newest first) into days, newest day first, undated last.
    fn days(&self, indices: &[usize]) -> Vec<Day> {
        let mut dated: BTreeMap<Reverse<NaiveDate>, Vec<Entry>> = BTreeMap::new();
        let mut undated = Vec::new();
        for &i in indices {
            let entry = Entry { index: i, overdue: false };
            match self.items[i].timestamp_ms() {
                Some(ms) => dated.entry(Reverse(local_date(self.zone, ms))).or_default().push(entry),
                None => undated.push(entry),
            }
        }
        let mut out: Vec<Day> = dated
            .into_iter()
            .map(|(Reverse(date), entries)| Day { date: Some(date), label: Some(day_label(date, self.today)), entries })
            .collect();
        if !undated.is_empty() {
            out.push(Day { date: None, label: None, entries: undated });
        }
        out
    }

    /// Partitions `indices` (newest first) by `key_of`, keeping each part newest first, and builds
    /// one group per part: with subgroups by `inner` when the part spans more than one inner key.
    fn groups(&self, indices: &[usize], key_of: KeyFn, inner: Option<KeyFn>, parent: Option<&str>) -> Vec<Group> {
        let mut parts: Vec<Part> = Vec::new();
        let mut position: HashMap<GroupKey, usize> = HashMap::new();
        for &i in indices {
            let (key, related) = key_of(&self.items[i]);
            let n = *position.entry(key.clone()).or_insert_with(|| {
                parts.push(Part { key, resolved_label: None, any_label: None, members: Vec::new() });
                parts.len() - 1
            });
            let Some(part) = parts.get_mut(n) else { continue };
            if let Some(r) = related.filter(|r| !r.label.trim().is_empty()) {
                // Prefer the newest resolved label; else the newest fallback.
                if r.resolved && part.resolved_label.is_none() {
                    part.resolved_label = Some(r.label.clone());
                }
                if part.any_label.is_none() {
                    part.any_label = Some(r.label.clone());
                }
            }
            part.members.push(i);
        }
        let mut groups: Vec<Group> = parts
            .into_iter()
            .map(|Part { key, resolved_label, any_label, members }| {
                let label = resolved_label.or(any_label).unwrap_or_else(|| fallback_label(&key));
                let key_str = key.as_string();
                let path = match parent {
                    Some(p) => format!("{p}__{key_str}"),
                    None => key_str,
                };
                let newest_ms = members.iter().filter_map(|&i| self.items[i].timestamp_ms()).max();
                let (subgroups, days) = match inner {
                    Some(inner) if distinct_keys(self.items, &members, inner) > 1 => {
                        (self.groups(&members, inner, None, Some(&path)), Vec::new())
                    }
                    _ => (Vec::new(), self.days(&members)),
                };
                let methods = method_counts(self.items, members.iter().copied());
                Group { key, path, label, count: members.len(), newest_ms, methods, subgroups, days }
            })
            .collect();
        groups.sort_by(|a, b| {
            let newest = |g: &Group| (g.newest_ms.is_none(), Reverse(g.newest_ms));
            newest(a)
                .cmp(&newest(b))
                .then_with(|| super::case::lower(&a.label).cmp(&super::case::lower(&b.label)))
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.path.cmp(&b.path))
        });
        groups
    }
}

fn distinct_keys(items: &[Interaction], indices: &[usize], key_of: KeyFn) -> usize {
    let mut seen: Vec<GroupKey> = Vec::new();
    for &i in indices {
        let (k, _) = key_of(&items[i]);
        if !seen.contains(&k) {
            seen.push(k);
            if seen.len() > 1 {
                break;
            }
        }
    }
    seen.len()
}

/// Builds the timeline of `items[i]` for each `i` in `indices` (any order).
///
/// Scheduled interactions and those dated after `now_ms` go to `upcoming`; the rest are grouped
/// per `group_by` and bucketed by their local date in `zone`. Out-of-range and repeated indices are
/// ignored, so every valid index appears exactly once.
pub fn build_timeline(
    items: &[Interaction],
    indices: &[usize],
    group_by: GroupBy,
    zone: &dyn Zone,
    now_ms: i64,
) -> Timeline {
    let mut seen = vec![false; items.len()];
    let mut upcoming: Vec<Entry> = Vec::new();
    let mut past: Vec<usize> = Vec::new();
    for &i in indices {
        let Some(item) = items.get(i) else { continue };
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let ts = item.timestamp_ms();
        let scheduled = item.is_scheduled();
        if scheduled || ts.is_some_and(|t| t > now_ms) {
            upcoming.push(Entry { index: i, overdue: scheduled && ts.is_some_and(|t| t < now_ms) });
        } else {
            past.push(i);
        }
    }
    let total = upcoming.len() + past.len();

    upcoming.sort_by(|a, b| {
        let class = |e: &Entry| match items[e.index].timestamp_ms() {
            _ if e.overdue => 0,
            Some(_) => 1,
            None => 2,
        };
        class(a)
            .cmp(&class(b))
            .then_with(|| items[a.index].timestamp_ms().cmp(&items[b.index].timestamp_ms()))
            .then_with(|| items[a.index].id.cmp(&items[b.index].id))
            .then_with(|| a.index.cmp(&b.index))
    });
    past.sort_by(|&a, &b| newest_first(items, a, b));

    let ctx = Ctx { items, zone, today: local_date(zone, now_ms) };
    let groups = if past.is_empty() {
        Vec::new()
    } else {
        match group_by {
            GroupBy::Contact => ctx.groups(&past, contact_of, Some(property_of), None),
            GroupBy::Property => ctx.groups(&past, property_of, Some(contact_of), None),
            GroupBy::None => {
                let key = GroupKey::All;
                vec![Group {
                    path: key.as_string(),
                    label: fallback_label(&key),
                    key,
                    count: past.len(),
                    newest_ms: past.iter().filter_map(|&i| items[i].timestamp_ms()).max(),
                    methods: method_counts(items, past.iter().copied()),
                    subgroups: Vec::new(),
                    days: ctx.days(&past),
                }]
            }
        }
    };
    let upcoming_methods = method_counts(items, upcoming.iter().map(|e| e.index));
    let upcoming_next_ms = next_ms(items, upcoming.iter().map(|e| e.index), now_ms);
    Timeline { upcoming, groups, total, upcoming_methods, upcoming_next_ms }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::interaction::tests::sample;
    use crate::model::time::tests::{d, london, ms, new_york};
    use crate::model::time::{FixedZone, UTC};
    use chrono::DateTime;
    use proptest::prelude::*;
    use std::collections::HashSet;

    const NOW: &str = "2024-06-15T12:00:00Z";

    fn rel(id: &str, label: &str) -> Option<Related> {
        Some(Related { id: id.into(), label: label.into(), resolved: true })
    }

    fn it(id: &str, date: &str, contact: Option<&str>, property: Option<&str>) -> Interaction {
        let mut i = sample(id, date);
        i.contact = contact.and_then(|c| rel(c, &format!("Contact {c}")));
        i.property = property.and_then(|p| rel(p, &format!("Property {p}")));
        i
    }

    fn all(items: &[Interaction]) -> Vec<usize> {
        (0..items.len()).collect()
    }

    fn ids(items: &[Interaction], entries: &[Entry]) -> Vec<String> {
        entries.iter().map(|e| items[e.index].id.clone()).collect()
    }

    fn build(items: &[Interaction], by: GroupBy) -> Timeline {
        build_timeline(items, &all(items), by, &UTC, ms(NOW))
    }

    /// `label: [day: ids]` or `label: {sub: ...}` for readable assertions.
    fn shape(items: &[Interaction], groups: &[Group]) -> Vec<String> {
        groups
            .iter()
            .map(|g| {
                if g.subgroups.is_empty() {
                    let days: Vec<String> =
                        g.days.iter().map(|d| format!("{}: {}", d.key(), ids(items, &d.entries).join(" "))).collect();
                    format!("{} [{}]", g.label, days.join("; "))
                } else {
                    format!("{} {{{}}}", g.label, shape(items, &g.subgroups).join(", "))
                }
            })
            .collect()
    }

    #[test]
    fn group_by_parses_case_insensitively() {
        assert_eq!(GroupBy::parse("Contact"), Some(GroupBy::Contact));
        assert_eq!(GroupBy::parse(" PROPERTY "), Some(GroupBy::Property));
        assert_eq!(GroupBy::parse("none"), Some(GroupBy::None));
        assert_eq!(GroupBy::parse("account"), None);
        assert_eq!(GroupBy::parse(""), None);
        assert_eq!(GroupBy::default(), GroupBy::Contact);
        for g in GroupBy::ALL {
            assert_eq!(GroupBy::parse(g.as_str()), Some(g));
        }
    }

    #[test]
    fn group_keys_are_stable_distinct_and_dom_safe() {
        let keys = [
            GroupKey::Contact("3c90c3cc-0d44".into()),
            GroupKey::Contact("a_b".into()),
            GroupKey::Contact("a_5fb".into()),
            GroupKey::Contact("a b".into()),
            GroupKey::Contact("a.b".into()),
            GroupKey::Contact("".into()),
            GroupKey::Contact("é\"<>".into()),
            GroupKey::Property("3c90c3cc-0d44".into()),
            GroupKey::NoContact,
            GroupKey::NoProperty,
            GroupKey::All,
        ];
        let strings: Vec<String> = keys.iter().map(GroupKey::as_string).collect();
        assert_eq!(strings[0], "contact-3c90c3cc-0d44");
        assert_eq!(strings[1], "contact-a_5fb");
        assert_eq!(strings[2], "contact-a_5f5fb");
        assert_eq!(strings[6], "contact-_c3_a9_22_3c_3e");
        assert_eq!(strings[8..], ["no-contact", "no-property", "all"]);
        assert_eq!(strings.iter().collect::<HashSet<_>>().len(), strings.len());
        for s in &strings {
            assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{s}");
            assert!(s.starts_with(|c: char| c.is_ascii_alphabetic()));
            assert!(!s.contains("__"));
        }
    }

    #[test]
    fn by_contact_with_property_subgroups_only_when_needed() {
        let items = vec![
            it("a1", "2024-06-10T10:00:00Z", Some("A"), Some("P1")),
            it("a2", "2024-06-12T10:00:00Z", Some("A"), Some("P2")),
            it("a3", "2024-06-12T09:00:00Z", Some("A"), None),
            it("b1", "2024-06-14T10:00:00Z", Some("B"), Some("P1")),
            it("b2", "2024-06-01T10:00:00Z", Some("B"), Some("P1")),
            it("n1", "2024-06-13T10:00:00Z", None, Some("P1")),
            it("n2", "2024-05-13T10:00:00Z", None, None),
        ];
        let t = build(&items, GroupBy::Contact);
        assert!(t.upcoming.is_empty());
        assert_eq!(t.total, 7);
        assert_eq!(
            shape(&items, &t.groups),
            [
                "Contact B [2024-06-14: b1; 2024-06-01: b2]",
                "No contact {Property P1 [2024-06-13: n1], No property [2024-05-13: n2]}",
                "Contact A {Property P2 [2024-06-12: a2], No property [2024-06-12: a3], Property P1 [2024-06-10: a1]}",
            ]
        );
        let a = &t.groups[2];
        assert_eq!((a.count, a.newest_ms), (3, Some(ms("2024-06-12T10:00:00Z"))));
        assert!(a.days.is_empty());
        assert_eq!(a.key, GroupKey::Contact("A".into()));
        assert_eq!(a.subgroups[1].key, GroupKey::NoProperty);
        assert_eq!(a.subgroups[1].path, "contact-A__no-property");
        assert_eq!(t.groups[1].key, GroupKey::NoContact);
        assert_eq!(t.groups[1].count, 2);
    }

    #[test]
    fn by_property_is_the_inverse() {
        let items = vec![
            it("a1", "2024-06-10T10:00:00Z", Some("A"), Some("P1")),
            it("b1", "2024-06-11T10:00:00Z", Some("B"), Some("P1")),
            it("a2", "2024-06-09T10:00:00Z", Some("A"), Some("P2")),
            it("x", "2024-06-12T10:00:00Z", None, None),
            it("y", "2024-06-08T10:00:00Z", Some("A"), None),
        ];
        let t = build(&items, GroupBy::Property);
        assert_eq!(
            shape(&items, &t.groups),
            [
                "No property {No contact [2024-06-12: x], Contact A [2024-06-08: y]}",
                "Property P1 {Contact B [2024-06-11: b1], Contact A [2024-06-10: a1]}",
                "Property P2 [2024-06-09: a2]",
            ]
        );
        assert_eq!(t.groups[0].key, GroupKey::NoProperty);
        assert_eq!(t.groups[1].subgroups[0].path, "property-P1__contact-B");
    }

    #[test]
    fn group_by_none_is_one_group_of_days() {
        let items = vec![
            it("a", "2024-06-10T10:00:00Z", Some("A"), None),
            it("b", "2024-06-10T11:00:00Z", Some("B"), Some("P")),
            it("c", "2024-06-14T23:59:00Z", None, None),
            it("u", "garbage", None, None),
        ];
        let t = build(&items, GroupBy::None);
        assert_eq!(shape(&items, &t.groups), ["All interactions [2024-06-14: c; 2024-06-10: b a; undated: u]"]);
        let g = &t.groups[0];
        assert_eq!((g.key.clone(), g.count, g.path.as_str()), (GroupKey::All, 4, "all"));
        assert_eq!(g.days[0].label, Some(DayLabel::Yesterday));
        assert_eq!(g.days[1].label, Some(DayLabel::Date(d("2024-06-10"))));
        assert_eq!(g.days[2].label, None);
        assert_eq!(g.days[2].date, None);
    }

    #[test]
    fn groups_order_by_newest_then_label_then_key_and_undated_last() {
        let items = vec![
            it("1", "bad", Some("U"), None),
            it("2", "2024-06-01T10:00:00Z", Some("Z"), None),
            it("3", "2024-06-01T10:00:00Z", Some("Y"), None),
            it("4", "2024-06-02T10:00:00Z", Some("X"), None),
            it("5", "bad", Some("T"), None),
        ];
        let t = build(&items, GroupBy::Contact);
        let labels: Vec<_> = t.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["Contact X", "Contact Y", "Contact Z", "Contact T", "Contact U"]);
        assert_eq!(t.groups[3].newest_ms, None);
        // Same label, different ids: ordered by key.
        let mut items =
            vec![it("1", "2024-06-01T10:00:00Z", Some("c2"), None), it("2", "2024-06-01T10:00:00Z", Some("c1"), None)];
        items[0].contact = rel("c2", "Sam");
        items[1].contact = rel("c1", "Sam");
        let t = build(&items, GroupBy::Contact);
        let keys: Vec<_> = t.groups.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(keys, ["contact-c1", "contact-c2"]);
    }

    #[test]
    fn entries_newest_first_with_id_ties_and_undated_day_last() {
        let items = vec![
            it("b", "2024-06-10T10:00:00Z", Some("A"), None),
            it("a", "2024-06-10T10:00:00Z", Some("A"), None),
            it("c", "2024-06-10T12:00:00Z", Some("A"), None),
            it("z", "nope", Some("A"), None),
            it("y", "", Some("A"), None),
            it("d", "2024-06-10T11:00:00+01:00", Some("A"), None),
        ];
        let t = build(&items, GroupBy::Contact);
        assert_eq!(shape(&items, &t.groups), ["Contact A [2024-06-10: c a b d; undated: y z]"]);
        assert_eq!(t.groups[0].newest_ms, Some(ms("2024-06-10T12:00:00Z")));
    }

    #[test]
    fn upcoming_and_overdue() {
        let mut items = vec![
            it("past", "2024-06-14T10:00:00Z", Some("A"), None),
            it("future", "2024-06-20T10:00:00Z", Some("A"), None),
            it("soon", "2024-06-15T13:00:00Z", None, None),
            it("late1", "2024-06-10T10:00:00Z", Some("A"), None),
            it("late2", "2024-06-01T10:00:00Z", Some("B"), None),
            it("sched", "2024-06-16T10:00:00Z", Some("A"), None),
            it("nodate", "", Some("A"), None),
            it("now", NOW, Some("A"), None),
        ];
        for i in [3, 4, 5, 6, 7] {
            items[i].status = "Scheduled".into();
        }
        let t = build(&items, GroupBy::Contact);
        assert_eq!(ids(&items, &t.upcoming), ["late2", "late1", "now", "soon", "sched", "future", "nodate"]);
        let overdue: Vec<bool> = t.upcoming.iter().map(|e| e.overdue).collect();
        assert_eq!(overdue, [true, true, false, false, false, false, false]);
        assert_eq!(shape(&items, &t.groups), ["Contact A [2024-06-14: past]"]);
        assert_eq!(t.total, 8);
        assert_eq!(t.ordered_indices(), [4, 3, 7, 2, 5, 1, 6, 0]);
    }

    #[test]
    fn only_upcoming_gives_no_groups() {
        let items = vec![it("f", "2030-01-01T00:00:00Z", Some("A"), None)];
        let t = build(&items, GroupBy::None);
        assert!(t.groups.is_empty());
        assert_eq!(t.upcoming.len(), 1);
        assert!(!t.is_empty());
        let t = build_timeline(&items, &[], GroupBy::None, &UTC, 0);
        assert!(t.is_empty() && t.groups.is_empty() && t.upcoming.is_empty());
    }

    #[test]
    fn uses_only_the_given_indices_in_any_order_ignoring_bad_ones() {
        let items: Vec<_> =
            (0..5).map(|n| it(&n.to_string(), &format!("2024-06-0{}T10:00:00Z", n + 1), Some("A"), None)).collect();
        let t = build_timeline(&items, &[4, 0, 2, 2, 99], GroupBy::Contact, &UTC, ms(NOW));
        assert_eq!(t.total, 3);
        assert_eq!(t.ordered_indices(), [4, 2, 0]);
        assert_eq!(t.groups[0].count, 3);
    }

    #[test]
    fn label_prefers_a_resolved_one() {
        let mut items =
            vec![it("1", "2024-06-10T10:00:00Z", Some("A"), None), it("2", "2024-06-01T10:00:00Z", Some("A"), None)];
        items[0].contact = Some(Related { id: "A".into(), label: "Contact A0000".into(), resolved: false });
        items[1].contact = rel("A", "Ada Lovelace");
        let t = build(&items, GroupBy::Contact);
        assert_eq!(t.groups[0].label, "Ada Lovelace");
        // An empty contact id counts as no contact.
        items[1].contact = rel(" ", "Ghost");
        let t = build(&items, GroupBy::Contact);
        assert_eq!(t.groups.len(), 2);
        assert_eq!(t.groups[1].label, "No contact");
    }

    #[test]
    fn days_follow_london_across_dst() {
        let items = vec![
            it("spring-before", "2024-03-30T23:30:00Z", None, None), // 23:30 GMT on the 30th
            it("spring-after", "2024-03-31T23:30:00Z", None, None),  // 00:30 BST on April 1st
            it("autumn-before", "2024-10-26T23:30:00Z", None, None), // 00:30 BST on the 27th
            it("autumn-after", "2024-10-27T23:30:00Z", None, None),  // 23:30 GMT on the 27th
        ];
        let t = build_timeline(&items, &all(&items), GroupBy::None, &london(), ms("2024-12-01T00:00:00Z"));
        assert_eq!(shape(&items, &t.groups), [
            "All interactions [2024-10-27: autumn-after autumn-before; 2024-04-01: spring-after; 2024-03-30: spring-before]"
        ]);
    }

    #[test]
    fn days_follow_new_york_across_dst_and_today_is_local() {
        let items = vec![
            it("a", "2024-03-10T04:30:00Z", None, None), // 23:30 EST on the 9th
            it("b", "2024-03-10T05:30:00Z", None, None), // 00:30 EST on the 10th
            it("c", "2024-03-11T03:30:00Z", None, None), // 23:30 EDT on the 10th
            it("e", "2024-03-11T04:30:00Z", None, None), // 00:30 EDT on the 11th
            it("f", "2024-11-03T04:30:00Z", None, None), // 00:30 EDT on Nov 3rd
            it("g", "2024-11-04T04:30:00Z", None, None), // 23:30 EST on Nov 3rd
        ];
        // "Now" is 02:00 UTC on the 12th: still the 11th in New York.
        let now = ms("2024-03-12T02:00:00Z");
        let t = build_timeline(&items, &[0, 1, 2, 3], GroupBy::None, &new_york(), now);
        assert_eq!(shape(&items, &t.groups), ["All interactions [2024-03-11: e; 2024-03-10: c b; 2024-03-09: a]"]);
        let labels: Vec<_> = t.groups[0].days.iter().map(|d| d.label).collect();
        assert_eq!(labels, [Some(DayLabel::Today), Some(DayLabel::Yesterday), Some(DayLabel::Date(d("2024-03-09")))]);
        // In UTC the same instants fall on other days, and "now" is the 12th.
        let t = build_timeline(&items, &[0, 1, 2, 3], GroupBy::None, &UTC, now);
        assert_eq!(shape(&items, &t.groups), ["All interactions [2024-03-11: e c; 2024-03-10: b a]"]);
        assert_eq!(t.groups[0].days[0].label, Some(DayLabel::Yesterday));
        let t = build_timeline(&items, &[4, 5], GroupBy::None, &new_york(), ms("2025-01-01T00:00:00Z"));
        assert_eq!(shape(&items, &t.groups), ["All interactions [2024-11-03: g f]"]);
    }

    #[test]
    fn midnight_differs_by_zone() {
        let items = vec![it("x", "2024-06-14T23:30:00Z", None, None)];
        let day = |z: &dyn Zone| build_timeline(&items, &[0], GroupBy::None, z, ms(NOW)).groups[0].days[0].date;
        assert_eq!(day(&UTC), Some(d("2024-06-14")));
        assert_eq!(day(&london()), Some(d("2024-06-15")));
        assert_eq!(day(&new_york()), Some(d("2024-06-14")));
        assert_eq!(day(&FixedZone(-12 * 3600)), Some(d("2024-06-14")));
        assert_eq!(day(&FixedZone(9 * 3600)), Some(d("2024-06-15")));
    }

    #[test]
    fn group_paths_and_entries_cover_subgroups() {
        let items = vec![
            it("1", "2024-06-10T10:00:00Z", Some("A"), Some("P")),
            it("2", "2024-06-09T10:00:00Z", Some("A"), None),
        ];
        let t = build(&items, GroupBy::Contact);
        assert_eq!(t.group_paths(), ["contact-A", "contact-A__property-P", "contact-A__no-property"]);
        assert_eq!(t.groups[0].entries().iter().map(|e| e.index).collect::<Vec<_>>(), [0, 1]);
    }

    // --- properties ---

    fn arb_items() -> impl Strategy<Value = Vec<Interaction>> {
        let one = (
            prop::option::of(prop::sample::select(vec!["c1", "c2", "c3"])),
            prop::option::of(prop::sample::select(vec!["p1", "p2"])),
            prop::option::of(-40i64..40),
            prop::sample::select(vec!["completed", "scheduled", ""]),
            any::<bool>(),
        );
        prop::collection::vec(one, 0..40).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(n, (c, p, hours, status, resolved))| {
                    let date = hours
                        .map(|h| (DateTime::from_timestamp_millis(ms(NOW) + h * 7_200_000).unwrap()).to_rfc3339())
                        .unwrap_or_default();
                    let mut i = it(&format!("i{}", n % 7), &date, c, p);
                    i.status = status.into();
                    if let Some(c) = &mut i.contact {
                        c.resolved = resolved;
                    }
                    i
                })
                .collect()
        })
    }

    fn check_group(items: &[Interaction], g: &Group, now: i64, seen: &mut Vec<usize>) -> Result<(), TestCaseError> {
        prop_assert!(g.subgroups.is_empty() != g.days.is_empty(), "a group has days xor subgroups");
        let entries = g.entries();
        prop_assert_eq!(entries.len(), g.count);
        prop_assert!(g.count > 0);
        prop_assert_eq!(g.newest_ms, entries.iter().filter_map(|e| items[e.index].timestamp_ms()).max());
        if !g.subgroups.is_empty() {
            prop_assert!(g.subgroups.len() > 1);
            prop_assert_eq!(g.subgroups.iter().map(|s| s.count).sum::<usize>(), g.count);
            for s in &g.subgroups {
                prop_assert!(s.subgroups.is_empty());
                let prefix = format!("{}__", g.path);
                prop_assert!(s.path.starts_with(&prefix), "{} under {}", s.path, g.path);
                check_group(items, s, now, seen)?;
            }
            return Ok(());
        }
        // Days newest first, undated last, entries newest first within a day.
        let dates: Vec<_> = g.days.iter().map(|d| d.date).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| match (a, b) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
        sorted.dedup();
        prop_assert_eq!(&dates, &sorted);
        for day in &g.days {
            prop_assert!(!day.entries.is_empty());
            for w in day.entries.windows(2) {
                prop_assert_ne!(newest_first(items, w[0].index, w[1].index), Ordering::Greater);
            }
            for e in &day.entries {
                let item = &items[e.index];
                prop_assert!(!e.overdue);
                prop_assert!(!item.is_scheduled());
                prop_assert!(item.timestamp_ms().is_none_or(|t| t <= now));
                prop_assert_eq!(item.timestamp_ms().map(|t| local_date(&UTC, t)), day.date);
                seen.push(e.index);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn grouping_loses_and_duplicates_nothing(
            items in arb_items(),
            by in prop::sample::select(GroupBy::ALL.to_vec()),
            keep in prop::collection::vec(any::<bool>(), 40),
            seed in any::<u64>(),
        ) {
            let now = ms(NOW);
            let mut indices: Vec<usize> = (0..items.len()).filter(|&i| keep[i]).collect();
            // Any order: rotate by the seed.
            if !indices.is_empty() {
                let k = (seed % indices.len() as u64) as usize;
                indices.rotate_left(k);
                if seed % 2 == 0 {
                    indices.reverse();
                }
            }
            let t = build_timeline(&items, &indices, by, &UTC, now);
            prop_assert_eq!(t.total, indices.len());
            let mut seen: Vec<usize> = t.upcoming.iter().map(|e| e.index).collect();
            for e in &t.upcoming {
                let item = &items[e.index];
                prop_assert!(item.is_scheduled() || item.timestamp_ms().is_some_and(|ts| ts > now));
                prop_assert_eq!(e.overdue, item.is_scheduled() && item.timestamp_ms().is_some_and(|ts| ts < now));
            }
            // Upcoming order: overdue (oldest first), then dated soonest first, then undated.
            let class = |e: &Entry| (if e.overdue { 0 } else if items[e.index].timestamp_ms().is_some() { 1 } else { 2 }, items[e.index].timestamp_ms());
            for w in t.upcoming.windows(2) {
                prop_assert!(class(&w[0]) <= class(&w[1]));
            }
            for g in &t.groups {
                check_group(&items, g, now, &mut seen)?;
            }
            // Groups newest first, undated-only last.
            for w in t.groups.windows(2) {
                let k = |g: &Group| (g.newest_ms.is_none(), Reverse(g.newest_ms));
                prop_assert!(k(&w[0]) <= k(&w[1]));
            }
            let mut sorted_seen = seen.clone();
            sorted_seen.sort_unstable();
            let mut expected = indices.clone();
            expected.sort_unstable();
            prop_assert_eq!(sorted_seen, expected, "every index exactly once");
            prop_assert_eq!(t.ordered_indices().len(), t.total);
            let paths = t.group_paths();
            prop_assert_eq!(paths.iter().collect::<HashSet<_>>().len(), paths.len());
            if by == GroupBy::None {
                prop_assert!(t.groups.len() <= 1);
            }
        }
    }
}
