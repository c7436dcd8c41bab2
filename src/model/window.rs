//! Virtualised layout of a [`Timeline`]: where every heading, day separator and item sits, and
//! which of them are near the viewport.
//!
//! [`layout`] places the whole timeline once (O(n), from measured or estimated heights);
//! [`Layout::project`] cuts out what intersects a window, as a tree of groups with padding above
//! and below, so the view keeps every group's heading (sticky) and its own feed, and the scroll
//! height stays that of the whole timeline. An unbounded window projects everything.

use std::collections::{HashMap, HashSet};

use super::grouping::{Entry, Group, GroupKey, Timeline};
use super::interaction::Method;
use super::time::DayLabel;

/// The path of the "Upcoming" pseudo-group (also its collapsed-state key).
pub const UPCOMING_PATH: &str = "upcoming";

/// Heights in CSS pixels: measured items, and estimates for everything not measured yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Heights {
    pub header: f64,
    pub subheader: f64,
    pub day: f64,
    pub item: f64,
    /// Measured item heights by index into the items slice.
    pub measured: HashMap<usize, f64>,
}

impl Default for Heights {
    fn default() -> Self {
        Self { header: 40.0, subheader: 34.0, day: 26.0, item: 48.0, measured: HashMap::new() }
    }
}

impl Heights {
    fn item(&self, index: usize) -> f64 {
        self.measured.get(&index).copied().unwrap_or(self.item)
    }

    /// Records a measured height; `true` when it differs from what the layout assumed by more
    /// than half a pixel (so a re-layout is worth it).
    pub fn record(&mut self, index: usize, height: f64) -> bool {
        if !height.is_finite() || height <= 0.0 {
            return false;
        }
        let before = self.item(index);
        self.measured.insert(index, height);
        (before - height).abs() > 0.5
    }

    /// Sets the estimate for unmeasured items to the median of the measured ones (of everything
    /// measured so far, so it settles instead of following the window; the median, so that one
    /// unfolded 1 MiB note does not make every unmeasured row a screen tall and the scroll height
    /// jump by millions of pixels); `true` when it moved.
    pub fn settle_estimate(&mut self) -> bool {
        let mut sorted: Vec<f64> = self.measured.values().copied().collect();
        if sorted.is_empty() {
            return false;
        }
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) { (sorted[mid - 1] + sorted[mid]) / 2.0 } else { sorted[mid] };
        Self::estimate(&mut self.item, median)
    }

    /// Sets an estimate (heading, day or unmeasured item height); `true` when it moved by more
    /// than half a pixel.
    pub fn estimate(slot: &mut f64, height: f64) -> bool {
        if !height.is_finite() || height <= 0.0 || (*slot - height).abs() <= 0.5 {
            return false;
        }
        *slot = height;
        true
    }
}

/// What one row of a feed shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    /// A day separator; `None` is the undated bucket.
    Day(Option<DayLabel>),
    /// An item, with its 1-based position in its feed.
    Item { entry: Entry, position: usize },
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    top: f64,
    bottom: f64,
    kind: RowKind,
}

#[derive(Clone, Debug, PartialEq)]
enum Body {
    Groups(Vec<Placed>),
    Feed { rows: Vec<Row>, size: usize },
}

/// A group placed in the layout.
#[derive(Clone, Debug, PartialEq)]
struct Placed {
    info: GroupInfo,
    top: f64,
    /// Where the body starts (below the heading).
    body_top: f64,
    bottom: f64,
    /// The height at the end of the body that is always rendered, outside the feed's rows
    /// ("Show N more upcoming"); not padding.
    tail: f64,
    body: Body,
}

/// What a group's heading shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupInfo {
    pub path: String,
    /// 3 for top-level groups, 4 for subgroups.
    pub level: u8,
    pub label: String,
    pub count: usize,
    pub collapsed: bool,
    /// The "Upcoming" pseudo-group.
    pub upcoming: bool,
    /// Its feed has day separators, so a row's time says enough: only the ungrouped feed
    /// (`group-by="none"`). A contact's or property's group, like "Upcoming", is short and mixes
    /// days: each row carries its date (the design's wireframe), and the group saves a line a day.
    pub days: bool,
    /// Holds subgroups rather than a feed.
    pub nested: bool,
    /// The newest dated interaction (for "Upcoming": the soonest still to come).
    pub latest_ms: Option<i64>,
    /// Interactions per method, most first.
    pub methods: Vec<(Method, usize)>,
    /// Interactions left out of the feed until "Show N more upcoming".
    pub more: usize,
}

/// The whole timeline, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    groups: Vec<Placed>,
    pub height: f64,
}

/// A group as shown in a window: its heading always, its body only when expanded, with the
/// height of what is outside the window as padding.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub info: GroupInfo,
    pub pad_top: f64,
    pub pad_bottom: f64,
    pub body: ShownBody,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ShownBody {
    Collapsed,
    Groups(Vec<Shown>),
    /// The feed's rows in the window; `size` is the number of items in the whole feed.
    Feed {
        rows: Vec<RowKind>,
        size: usize,
    },
}

/// The projection of a layout onto a window.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Projection {
    pub pad_top: f64,
    pub pad_bottom: f64,
    pub groups: Vec<Shown>,
}

impl Projection {
    /// Items shown, in order.
    pub fn item_count(&self) -> usize {
        fn count(g: &Shown) -> usize {
            match &g.body {
                ShownBody::Collapsed => 0,
                ShownBody::Groups(gs) => gs.iter().map(count).sum(),
                ShownBody::Feed { rows, .. } => rows.iter().filter(|r| matches!(r, RowKind::Item { .. })).count(),
            }
        }
        self.groups.iter().map(count).sum()
    }
}

struct Placer<'a> {
    heights: &'a Heights,
    collapsed: &'a HashSet<String>,
    y: f64,
}

impl Placer<'_> {
    fn feed(&mut self, days: &[(Option<Option<DayLabel>>, &[Entry])]) -> Body {
        let size = days.iter().map(|(_, e)| e.len()).sum();
        let mut rows = Vec::with_capacity(size + days.len());
        let mut position = 0;
        for (day, entries) in days {
            if let Some(label) = day {
                let top = self.y;
                self.y += self.heights.day;
                rows.push(Row { top, bottom: self.y, kind: RowKind::Day(*label) });
            }
            for &entry in *entries {
                position += 1;
                let top = self.y;
                self.y += self.heights.item(entry.index);
                rows.push(Row { top, bottom: self.y, kind: RowKind::Item { entry, position } });
            }
        }
        Body::Feed { rows, size }
    }

    fn group(&mut self, group: &Group, level: u8) -> Placed {
        let info = GroupInfo {
            path: group.path.clone(),
            level,
            label: group.label.clone(),
            count: group.count,
            collapsed: self.collapsed.contains(&group.path),
            upcoming: false,
            days: group.key == GroupKey::All,
            nested: !group.subgroups.is_empty(),
            latest_ms: group.newest_ms,
            methods: group.methods.clone(),
            more: 0,
        };
        let top = self.y;
        self.y += if level <= 3 { self.heights.header } else { self.heights.subheader };
        let body_top = self.y;
        let body = if info.collapsed {
            Body::Feed { rows: Vec::new(), size: 0 }
        } else if group.subgroups.is_empty() {
            let days: Vec<_> =
                group.days.iter().map(|d| (info.days.then_some(d.label), d.entries.as_slice())).collect();
            self.feed(&days)
        } else {
            Body::Groups(group.subgroups.iter().map(|g| self.group(g, level + 1)).collect())
        };
        Placed { info, top, body_top, bottom: self.y, tail: 0.0, body }
    }
}

/// The height of the "Show N more upcoming" button under a shortened "Upcoming" feed.
pub const MORE_HEIGHT: f64 = 32.0;

/// Places every heading, day and item of `timeline`, top to bottom: "Upcoming" first (at most
/// `upcoming_limit` rows), then each group; collapsed groups take only their heading. Day
/// separators only in the ungrouped feed ([`GroupInfo::days`]).
pub fn layout(
    timeline: &Timeline,
    upcoming_label: &str,
    collapsed: &HashSet<String>,
    heights: &Heights,
    upcoming_limit: usize,
) -> Layout {
    let mut p = Placer { heights, collapsed, y: 0.0 };
    let mut groups = Vec::with_capacity(timeline.groups.len() + 1);
    if !timeline.upcoming.is_empty() {
        let shown = timeline.upcoming.len().min(upcoming_limit.max(1));
        let info = GroupInfo {
            path: UPCOMING_PATH.to_owned(),
            level: 3,
            label: upcoming_label.to_owned(),
            count: timeline.upcoming.len(),
            collapsed: collapsed.contains(UPCOMING_PATH),
            upcoming: true,
            days: false,
            nested: false,
            latest_ms: timeline.upcoming_next_ms,
            methods: timeline.upcoming_methods.clone(),
            more: timeline.upcoming.len() - shown,
        };
        let top = p.y;
        p.y += heights.header;
        let body_top = p.y;
        let body = if info.collapsed {
            Body::Feed { rows: Vec::new(), size: 0 }
        } else {
            p.feed(&[(None, &timeline.upcoming[..shown])])
        };
        let tail = if info.more > 0 && !info.collapsed { MORE_HEIGHT } else { 0.0 };
        p.y += tail;
        groups.push(Placed { info, top, body_top, bottom: p.y, tail, body });
    }
    for g in &timeline.groups {
        groups.push(p.group(g, 3));
    }
    Layout { groups, height: p.y }
}

/// The index range of `spans` (sorted, contiguous, non-overlapping) that intersects `[from, to)`.
fn visible<T>(items: &[T], span: impl Fn(&T) -> (f64, f64), from: f64, to: f64) -> std::ops::Range<usize> {
    let start = items.partition_point(|x| span(x).1 <= from);
    let end = items.partition_point(|x| span(x).0 < to);
    start..end.max(start)
}

fn project_groups(groups: &[Placed], outer_top: f64, outer_bottom: f64, from: f64, to: f64) -> (f64, f64, Vec<Shown>) {
    let range = visible(groups, |g| (g.top, g.bottom), from, to);
    let shown: Vec<Shown> = groups[range.clone()].iter().map(|g| project_group(g, from, to)).collect();
    let (first, last) = (groups.get(range.start), range.end.checked_sub(1).and_then(|i| groups.get(i)));
    let (pad_top, pad_bottom) = match (first, last) {
        (Some(first), Some(last)) if !range.is_empty() => (first.top - outer_top, outer_bottom - last.bottom),
        // Nothing in the window: all of it is padding.
        _ => (outer_bottom - outer_top, 0.0),
    };
    (pad_top.max(0.0), pad_bottom.max(0.0), shown)
}

fn project_group(g: &Placed, from: f64, to: f64) -> Shown {
    if g.info.collapsed {
        return Shown { info: g.info.clone(), pad_top: 0.0, pad_bottom: 0.0, body: ShownBody::Collapsed };
    }
    match &g.body {
        Body::Groups(children) => {
            let (pad_top, pad_bottom, shown) = project_groups(children, g.body_top, g.bottom, from, to);
            Shown { info: g.info.clone(), pad_top, pad_bottom, body: ShownBody::Groups(shown) }
        }
        Body::Feed { rows, size } => {
            let range = visible(rows, |r| (r.top, r.bottom), from, to);
            let rows_bottom = g.bottom - g.tail;
            let (pad_top, pad_bottom) =
                match (rows.get(range.start), range.end.checked_sub(1).and_then(|i| rows.get(i))) {
                    (Some(first), Some(last)) if !range.is_empty() => {
                        (first.top - g.body_top, rows_bottom - last.bottom)
                    }
                    _ => (rows_bottom - g.body_top, 0.0),
                };
            let shown = rows[range].iter().map(|r| r.kind.clone()).collect();
            Shown {
                info: g.info.clone(),
                pad_top: pad_top.max(0.0),
                pad_bottom: pad_bottom.max(0.0),
                body: ShownBody::Feed { rows: shown, size: *size },
            }
        }
    }
}

impl Layout {
    /// What intersects `[from, to)` (CSS pixels from the top of the timeline). Groups that
    /// intersect keep their heading; rows outside become padding. `f64::NEG_INFINITY..INFINITY`
    /// shows everything. A window past the end is moved back to end there (the scroll height may
    /// have shrunk under it), so something is always shown.
    pub fn project(&self, from: f64, to: f64) -> Projection {
        let (from, to) = if to.is_finite() && from.is_finite() && to > self.height {
            let span = (to - from).max(0.0);
            ((self.height - span).max(0.0), self.height)
        } else {
            (from, to)
        };
        let (pad_top, pad_bottom, groups) = project_groups(&self.groups, 0.0, self.height, from, to);
        Projection { pad_top, pad_bottom, groups }
    }

    /// The top of the item with index `index` (into the items slice), if it is placed and in an
    /// expanded group: to scroll to it.
    pub fn item_top(&self, index: usize) -> Option<f64> {
        fn find(groups: &[Placed], index: usize) -> Option<f64> {
            groups.iter().find_map(|g| match &g.body {
                Body::Groups(children) => find(children, index),
                Body::Feed { rows, .. } => rows.iter().find_map(|r| match r.kind {
                    RowKind::Item { entry, .. } if entry.index == index => Some(r.top),
                    _ => None,
                }),
            })
        }
        find(&self.groups, index)
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::grouping::{build_timeline, GroupBy};
    use crate::model::interaction::tests::sample;
    use crate::model::time::UTC;
    use crate::model::{Interaction, Related};
    use proptest::prelude::*;

    const NOW: i64 = 1_790_000_000_000;

    fn items(n: usize) -> Vec<Interaction> {
        use chrono::TimeZone;
        (0..n)
            .map(|i| {
                let ms = NOW - 3_600_000 * (i as i64 % 200) - 1_000 * i as i64;
                let date = chrono::Utc.timestamp_millis_opt(ms).single().map(|d| d.to_rfc3339()).unwrap_or_default();
                let mut it = sample(&format!("i{i}"), &date);
                it.contact =
                    Some(Related { id: format!("c{}", i % 7), label: format!("Contact {}", i % 7), resolved: true });
                it
            })
            .collect()
    }

    fn timeline(items: &[Interaction], by: GroupBy) -> Timeline {
        let idx: Vec<usize> = (0..items.len()).collect();
        build_timeline(items, &idx, by, &UTC, NOW)
    }

    fn shown_items(p: &Projection) -> Vec<usize> {
        fn walk(g: &Shown, out: &mut Vec<usize>) {
            match &g.body {
                ShownBody::Collapsed => {}
                ShownBody::Groups(gs) => gs.iter().for_each(|g| walk(g, out)),
                ShownBody::Feed { rows, .. } => out.extend(rows.iter().filter_map(|r| match r {
                    RowKind::Item { entry, .. } => Some(entry.index),
                    RowKind::Day(_) => None,
                })),
            }
        }
        let mut out = Vec::new();
        p.groups.iter().for_each(|g| walk(g, &mut out));
        out
    }

    /// The height a projection would render: its paddings plus the estimated rows it shows.
    fn rendered_height(p: &Projection, h: &Heights) -> f64 {
        fn walk(g: &Shown, h: &Heights) -> f64 {
            let head = if g.info.level <= 3 { h.header } else { h.subheader };
            let tail = if g.info.more > 0 { MORE_HEIGHT } else { 0.0 };
            head + g.pad_top
                + g.pad_bottom
                + tail
                + match &g.body {
                    ShownBody::Collapsed => 0.0,
                    ShownBody::Groups(gs) => gs.iter().map(|g| walk(g, h)).sum(),
                    ShownBody::Feed { rows, .. } => rows
                        .iter()
                        .map(|r| match r {
                            RowKind::Day(_) => h.day,
                            RowKind::Item { entry, .. } => h.item(entry.index),
                        })
                        .sum(),
                }
        }
        p.pad_top + p.pad_bottom + p.groups.iter().map(|g| walk(g, h)).sum::<f64>()
    }

    /// (group label, days?, day separators, items) of each top-level group of `items` by `by`.
    fn feeds(items: &[Interaction], by: GroupBy) -> Vec<(String, bool, usize, usize)> {
        let l = layout(&timeline(items, by), "Upcoming", &HashSet::new(), &Heights::default(), usize::MAX);
        l.groups
            .iter()
            .map(|g| match &g.body {
                Body::Feed { rows, .. } => {
                    let days = rows.iter().filter(|r| matches!(r.kind, RowKind::Day(_))).count();
                    (g.info.label.clone(), g.info.days, days, rows.len() - days)
                }
                Body::Groups(_) => (g.info.label.clone(), g.info.days, 0, 0),
            })
            .collect()
    }

    #[test]
    fn day_separators_only_in_the_ungrouped_feed() {
        let items = items(60);
        // The sample spans several days (an hour apart, 60 of them).
        let none = feeds(&items, GroupBy::None);
        assert_eq!(none.len(), 1, "{none:?}");
        let (_, days, separators, rows) = &none[0];
        assert!(*days && *separators >= 3 && *rows == 60, "{none:?}");
        // By contact: seven groups, each spanning days, none with a separator; each row its date.
        let by_contact = feeds(&items, GroupBy::Contact);
        assert_eq!(by_contact.len(), 7);
        for (label, days, separators, rows) in &by_contact {
            assert!(!days && *separators == 0 && *rows > 0, "{label}: {by_contact:?}");
        }
        assert_eq!(by_contact.iter().map(|g| g.3).sum::<usize>(), 60);
    }

    #[test]
    fn upcoming_can_be_limited_with_the_rest_counted_and_placed_below() {
        let mut items = items(40);
        for it in items.iter_mut().take(9) {
            it.status = "scheduled".into();
        }
        let t = timeline(&items, GroupBy::Contact);
        assert_eq!(t.upcoming.len(), 9);
        let h = Heights::default();
        let all = layout(&t, "Upcoming", &HashSet::new(), &h, usize::MAX);
        let five = layout(&t, "Upcoming", &HashSet::new(), &h, 5);
        let p = five.project(f64::NEG_INFINITY, f64::INFINITY);
        let up = &p.groups[0];
        assert!(up.info.upcoming);
        assert_eq!((up.info.count, up.info.more), (9, 4));
        assert!(matches!(&up.body, ShownBody::Feed { rows, size: 5 } if rows.len() == 5));
        assert_eq!(p.item_count(), 40 - 4);
        // The button is rendered below the rows, not padding: no padding when all rows show.
        assert_eq!((up.pad_top, up.pad_bottom), (0.0, 0.0));
        assert!((rendered_height(&p, &h) - five.height).abs() < 1e-6);
        // The hidden rows' height is gone; the "Show N more" button's is there.
        assert!((all.height - five.height - (4.0 * h.item - MORE_HEIGHT)).abs() < 1e-6);
        assert_eq!(all.project(f64::NEG_INFINITY, f64::INFINITY).groups[0].info.more, 0);
        // The heading's summary: the soonest still to come, and methods.
        assert_eq!(up.info.methods.iter().map(|(_, n)| n).sum::<usize>(), 9);
    }

    #[test]
    fn unbounded_window_shows_everything_in_display_order() {
        let items = items(300);
        for by in [GroupBy::Contact, GroupBy::Property, GroupBy::None] {
            let t = timeline(&items, by);
            let l = layout(&t, "Upcoming", &HashSet::new(), &Heights::default(), usize::MAX);
            let p = l.project(f64::NEG_INFINITY, f64::INFINITY);
            assert_eq!(shown_items(&p), t.ordered_indices(), "{by:?}");
            assert_eq!(p.pad_top, 0.0);
            assert_eq!(p.pad_bottom, 0.0);
        }
    }

    #[test]
    fn a_small_window_shows_few_items_and_keeps_the_scroll_height() {
        let items = items(10_000);
        let t = timeline(&items, GroupBy::Contact);
        let h = Heights::default();
        let l = layout(&t, "Upcoming", &HashSet::new(), &h, usize::MAX);
        for from in [0.0, 5_000.0, l.height / 2.0, l.height - 300.0] {
            let p = l.project(from, from + 800.0);
            let n = p.item_count();
            assert!((1..=20).contains(&n), "{n} items at {from}");
            assert!((rendered_height(&p, &h) - l.height).abs() < 1e-6, "height at {from}");
            // What is shown is a contiguous run of the display order.
            let order = t.ordered_indices();
            let shown = shown_items(&p);
            let start = order.iter().position(|&i| i == shown[0]).unwrap();
            assert_eq!(&order[start..start + shown.len()], shown.as_slice());
        }
    }

    #[test]
    fn an_empty_window_before_the_start_is_all_padding() {
        // Found by the property below: n = 1, from = -474.6, span = 0.
        let items = items(1);
        let t = timeline(&items, GroupBy::Contact);
        let h = Heights::default();
        let l = layout(&t, "Upcoming", &HashSet::new(), &h, usize::MAX);
        let p = l.project(-474.6, -474.6);
        assert!(p.groups.is_empty());
        assert_eq!(rendered_height(&p, &h), l.height);
    }

    #[test]
    fn a_window_past_the_end_shows_the_last_items() {
        let items = items(500);
        let t = timeline(&items, GroupBy::Contact);
        let l = layout(&t, "Upcoming", &HashSet::new(), &Heights::default(), usize::MAX);
        let p = l.project(l.height * 3.0, l.height * 3.0 + 900.0);
        let shown = shown_items(&p);
        assert!(!shown.is_empty());
        assert_eq!(shown.last(), t.ordered_indices().last());
    }

    #[test]
    fn the_item_estimate_is_the_median_of_what_was_measured() {
        let mut h = Heights::default();
        h.record(1, 100.0);
        h.record(2, 200.0);
        assert!(h.settle_estimate());
        assert_eq!(h.item, 150.0);
        assert!(!h.settle_estimate());
        // One unfolded huge note does not make every unmeasured row huge.
        h.record(3, 186_000.0);
        assert!(h.settle_estimate());
        assert_eq!(h.item, 200.0);
    }

    #[test]
    fn collapsed_groups_take_only_their_heading() {
        let items = items(50);
        let t = timeline(&items, GroupBy::Contact);
        let h = Heights::default();
        let all: HashSet<String> = t.group_paths().into_iter().collect();
        let l = layout(&t, "Upcoming", &all, &h, usize::MAX);
        assert_eq!(l.height, h.header * t.groups.len() as f64);
        let p = l.project(f64::NEG_INFINITY, f64::INFINITY);
        assert!(p.groups.iter().all(|g| g.body == ShownBody::Collapsed));
    }

    #[test]
    fn measured_heights_move_what_follows() {
        let items = items(20);
        let t = timeline(&items, GroupBy::None);
        let mut h = Heights::default();
        let before = layout(&t, "Upcoming", &HashSet::new(), &h, usize::MAX);
        let first = t.ordered_indices()[0];
        let second = t.ordered_indices()[1];
        assert!(h.record(first, 200.0));
        assert!(!h.record(first, 200.2), "sub-pixel changes do not re-layout");
        assert!(!h.record(second, f64::NAN));
        let after = layout(&t, "Upcoming", &HashSet::new(), &h, usize::MAX);
        assert!((after.height - before.height - (200.2 - h.item)).abs() < 1e-9);
        assert_eq!(after.item_top(second), before.item_top(second).map(|y| y + 200.2 - h.item));
    }

    #[test]
    fn positions_count_items_within_each_feed() {
        let items = items(40);
        let t = timeline(&items, GroupBy::Contact);
        let l = layout(&t, "Upcoming", &HashSet::new(), &Heights::default(), usize::MAX);
        let p = l.project(f64::NEG_INFINITY, f64::INFINITY);
        fn check(g: &Shown) {
            match &g.body {
                ShownBody::Feed { rows, size } => {
                    let pos: Vec<usize> = rows
                        .iter()
                        .filter_map(|r| if let RowKind::Item { position, .. } = r { Some(*position) } else { None })
                        .collect();
                    assert_eq!(pos, (1..=*size).collect::<Vec<_>>());
                }
                ShownBody::Groups(gs) => gs.iter().for_each(check),
                ShownBody::Collapsed => {}
            }
        }
        p.groups.iter().for_each(check);
    }

    proptest! {
        #[test]
        fn projection_preserves_height_and_order(n in 0usize..400, from in -500.0f64..60_000.0, span in 0.0f64..3_000.0,
                                                 by in 0u8..3, collapse_every in 1usize..6) {
            let items = items(n);
            let by = [GroupBy::Contact, GroupBy::Property, GroupBy::None][by as usize];
            let t = timeline(&items, by);
            let collapsed: HashSet<String> = t.group_paths().into_iter().step_by(collapse_every).skip(1).collect();
            let h = Heights::default();
            let l = layout(&t, "Upcoming", &collapsed, &h, usize::MAX);
            let p = l.project(from, from + span);
            prop_assert!((rendered_height(&p, &h) - l.height).abs() < 1e-6);
            let all = shown_items(&l.project(f64::NEG_INFINITY, f64::INFINITY));
            let shown = shown_items(&p);
            if let Some(first) = shown.first() {
                let start = all.iter().position(|i| i == first).unwrap();
                prop_assert_eq!(&all[start..start + shown.len()], shown.as_slice());
            }
        }
    }
}
