//! Pure presentation rules of the timeline: a status's tone, which dimension a row shows, what a
//! group heading summarises, and the chips of the active filters. The views only format and place.

use super::filters::{FacetValue, Facets, Filters};
use super::grouping::GroupBy;
use super::i18n::{Messages, Msg};
use super::interaction::{Interaction, Method};

/// The colour family of a status badge. Status is free text: known words get a tone, anything
/// else the neutral one (the badge always carries the word itself, so nothing is told by colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Planned, not yet happened: scheduled, planned, booked.
    Planned,
    /// Waiting on someone: pending, awaiting, in progress, open.
    Waiting,
    /// Done: completed, done, resolved, closed, delivered.
    Done,
    /// Went wrong: failed, cancelled, missed, bounced, undelivered.
    Problem,
    /// Anything else, the empty status included.
    Neutral,
}

impl Tone {
    /// A stable token for CSS (`ch-tone-…`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Waiting => "waiting",
            Self::Done => "done",
            Self::Problem => "problem",
            Self::Neutral => "neutral",
        }
    }
}

/// The tone of a free-text status (case, spaces, `_` and `-` ignored).
pub fn status_tone(status: &str) -> Tone {
    let kept: String = status.trim().chars().filter(|c| !matches!(c, ' ' | '_' | '-')).collect();
    let word = crate::model::case::lower(&kept);
    match word.as_str() {
        "scheduled" | "planned" | "booked" | "upcoming" => Tone::Planned,
        "pending" | "awaiting" | "waiting" | "inprogress" | "open" | "draft" | "queued" => Tone::Waiting,
        "completed" | "complete" | "done" | "resolved" | "closed" | "delivered" | "sent" | "received" => Tone::Done,
        "failed" | "cancelled" | "canceled" | "missed" | "bounced" | "undelivered" | "noanswer" => Tone::Problem,
        _ => Tone::Neutral,
    }
}

/// Which of contact and property a collapsed row shows on its first line (the rest of the facts
/// are in the article's visually hidden text, so the article always names both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowShows {
    pub contact: bool,
    pub property: bool,
}

/// A row never repeats its group heading: under a contact's group it shows the property and the
/// reverse; a sub-group's heading names both, so its rows show neither; "Upcoming" and the
/// ungrouped stream show both.
pub fn row_shows(group_by: GroupBy, upcoming: bool, subgroup: bool) -> RowShows {
    if upcoming {
        return RowShows { contact: true, property: true };
    }
    match (group_by, subgroup) {
        (_, true) => RowShows { contact: false, property: false },
        (GroupBy::Contact, false) => RowShows { contact: false, property: true },
        (GroupBy::Property, false) => RowShows { contact: true, property: false },
        (GroupBy::None, false) => RowShows { contact: true, property: true },
    }
}

/// How many interactions of each method `indices` hold, most first (ties in the order methods
/// are first met), for a group heading's "✉ 3 ☎ 2".
pub fn method_counts(items: &[Interaction], indices: impl IntoIterator<Item = usize>) -> Vec<(Method, usize)> {
    let mut out: Vec<(Method, usize)> = Vec::new();
    for i in indices {
        let Some(item) = items.get(i) else { continue };
        match out.iter_mut().find(|(m, _)| *m == item.method) {
            Some((_, n)) => *n += 1,
            None => out.push((item.method.clone(), 1)),
        }
    }
    // Stable: equal counts keep their first-met order.
    out.sort_by_key(|m| std::cmp::Reverse(m.1));
    out
}

/// The newest dated interaction of `indices` (a group's "latest …").
pub fn latest_ms(items: &[Interaction], indices: impl IntoIterator<Item = usize>) -> Option<i64> {
    indices.into_iter().filter_map(|i| items.get(i)?.timestamp_ms()).max()
}

/// The soonest interaction still to come after `now_ms` ("Upcoming · next in 3 days").
pub fn next_ms(items: &[Interaction], indices: impl IntoIterator<Item = usize>, now_ms: i64) -> Option<i64> {
    indices.into_iter().filter_map(|i| items.get(i)?.timestamp_ms()).filter(|&t| t > now_ms).min()
}

/// Which filter a chip removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    Method,
    Direction,
    Status,
    Contacted,
    From,
    To,
    Search,
}

impl FilterField {
    /// Clears this filter in `filters`.
    pub fn clear(self, filters: &mut Filters) {
        match self {
            Self::Method => filters.methods.clear(),
            Self::Direction => filters.directions.clear(),
            Self::Status => filters.statuses.clear(),
            Self::Contacted => filters.contacted = None,
            Self::From => filters.from = None,
            Self::To => filters.to = None,
            Self::Search => filters.search.clear(),
        }
    }
}

/// One active filter as a removable chip: "Method: Email".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterChip {
    pub field: FilterField,
    pub label: String,
}

fn value_label(values: &[FacetValue], key: &str) -> String {
    values.iter().find(|v| v.key == key).map(|v| v.label.clone()).unwrap_or_else(|| key.to_owned())
}

fn joined(values: &[FacetValue], keys: &std::collections::BTreeSet<String>) -> String {
    keys.iter().map(|k| value_label(values, k)).collect::<Vec<_>>().join(", ")
}

/// The chips of the active filters, in the order of the filter panel, then the search. Facet
/// values are named as the facets name them (the value's key when it is not listed any more).
pub fn filter_chips(filters: &Filters, facets: &Facets, m: &Messages) -> Vec<FilterChip> {
    let mut out = Vec::new();
    let mut push = |field, name: Msg, value: String| {
        out.push(FilterChip { field, label: m.fill(Msg::FilterChip, &[("name", m.raw(name)), ("value", &value)]) })
    };
    if !filters.methods.is_empty() {
        push(FilterField::Method, Msg::Method, joined(&facets.method, &filters.methods));
    }
    if !filters.directions.is_empty() {
        push(FilterField::Direction, Msg::Direction, joined(&facets.direction, &filters.directions));
    }
    if !filters.statuses.is_empty() {
        push(FilterField::Status, Msg::Status, joined(&facets.status, &filters.statuses));
    }
    if let Some(c) = filters.contacted {
        push(FilterField::Contacted, Msg::Contacted, m.text(if c { Msg::Yes } else { Msg::No }));
    }
    if let Some(d) = filters.from {
        push(FilterField::From, Msg::From, super::time::iso_date(d));
    }
    if let Some(d) = filters.to {
        push(FilterField::To, Msg::To, super::time::iso_date(d));
    }
    if !filters.search.trim().is_empty() {
        push(FilterField::Search, Msg::Search, m.fill(Msg::Quoted, &[("text", filters.search.trim())]));
    }
    out
}

/// "latest 2 days ago" (`relative` as `Intl.RelativeTimeFormat` wrote it).
pub fn latest(relative: &str, m: &Messages) -> String {
    m.fill(Msg::Latest, &[("when", relative)])
}

/// "next in 3 days"; Intl's own "next week" / "tomorrow" are not doubled ("next next week").
pub fn next(relative: &str, m: &Messages) -> String {
    let msg = if relative.starts_with("in ") { Msg::NextIn } else { Msg::NextAt };
    m.fill(msg, &[("when", relative)])
}

/// How many filters the "Filters" button counts: the facets in its panel (the search has its own box).
pub fn panel_filter_count(filters: &Filters) -> usize {
    filters.active_count() - usize::from(!filters.search.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn item(id: &str, method: &str, date: &str) -> Interaction {
        Interaction {
            id: id.into(),
            method: Method::parse(method),
            direction: super::super::Direction::parse("outbound"),
            date_time: chrono::DateTime::parse_from_rfc3339(date).ok(),
            date_time_raw: date.into(),
            contacted: None,
            status: String::new(),
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
    fn known_statuses_get_a_tone_and_anything_else_is_neutral() {
        assert_eq!(status_tone("scheduled"), Tone::Planned);
        assert_eq!(status_tone(" Scheduled "), Tone::Planned);
        assert_eq!(status_tone("pending"), Tone::Waiting);
        assert_eq!(status_tone("In_Progress"), Tone::Waiting);
        assert_eq!(status_tone("completed"), Tone::Done);
        assert_eq!(status_tone("sent"), Tone::Done);
        assert_eq!(status_tone("failed"), Tone::Problem);
        assert_eq!(status_tone("no-answer"), Tone::Problem);
        assert_eq!(status_tone(""), Tone::Neutral);
        assert_eq!(status_tone("<script>"), Tone::Neutral);
        assert_eq!(status_tone("İ"), Tone::Neutral);
        assert_eq!(Tone::Done.slug(), "done");
    }

    #[test]
    fn heading_words_read_well_with_intl_relative_times() {
        let m = Messages::en_gb();
        assert_eq!(next("in 3 days", &m), "next in 3 days");
        assert_eq!(next("next week", &m), "next: next week");
        assert_eq!(next("tomorrow", &m), "next: tomorrow");
        assert_eq!(latest("2 days ago", &m), "latest 2 days ago");
    }

    #[test]
    fn a_row_never_repeats_its_group() {
        let both = RowShows { contact: true, property: true };
        assert_eq!(row_shows(GroupBy::Contact, false, false), RowShows { contact: false, property: true });
        assert_eq!(row_shows(GroupBy::Property, false, false), RowShows { contact: true, property: false });
        assert_eq!(row_shows(GroupBy::None, false, false), both);
        assert_eq!(row_shows(GroupBy::Contact, false, true), RowShows { contact: false, property: false });
        assert_eq!(row_shows(GroupBy::Property, false, true), RowShows { contact: false, property: false });
        for g in GroupBy::ALL {
            assert_eq!(row_shows(g, true, false), both, "Upcoming is not grouped");
        }
    }

    #[test]
    fn method_counts_are_most_first_and_stable() {
        let items = [
            item("a", "letter", "2026-01-01T00:00:00Z"),
            item("b", "email", "2026-01-02T00:00:00Z"),
            item("c", "email", "2026-01-03T00:00:00Z"),
            item("d", "telephone", "x"),
            item("e", "fax", "2026-01-05T00:00:00Z"),
        ];
        let counts = method_counts(&items, [0, 1, 2, 3, 4, 99]);
        assert_eq!(
            counts,
            vec![(Method::Email, 2), (Method::Letter, 1), (Method::Telephone, 1), (Method::Other("fax".into()), 1)]
        );
        assert_eq!(method_counts(&items, []), vec![]);
        assert_eq!(latest_ms(&items, [0, 1, 3]), items[1].timestamp_ms());
        assert_eq!(latest_ms(&items, [3]), None);
        let now = items[1].timestamp_ms().unwrap_or_default();
        assert_eq!(next_ms(&items, [0, 1, 2, 4], now), items[2].timestamp_ms());
        assert_eq!(next_ms(&items, [0, 1], now), None);
    }

    #[test]
    fn chips_name_each_active_filter_and_remove_it() {
        let facets = Facets {
            method: vec![FacetValue { key: "email".into(), label: "Email".into(), count: 3, selected: true }],
            ..Facets::default()
        };
        let mut f = Filters::default();
        assert!(filter_chips(&f, &facets, &Messages::en_gb()).is_empty());
        f.methods.insert("email".into());
        f.statuses.insert("gone".into());
        f.contacted = Some(false);
        f.from = NaiveDate::from_ymd_opt(2026, 11, 1);
        f.search = "  meter ".into();
        let chips = filter_chips(&f, &facets, &Messages::en_gb());
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Method: Email", "Status: gone", "Contacted: No", "From: 2026-11-01", "Search: “meter”"]);
        assert_eq!(panel_filter_count(&f), 4);
        for chip in &chips {
            chip.field.clear(&mut f);
        }
        assert!(f.is_empty());
        assert_eq!(panel_filter_count(&f), 0);
    }
}
