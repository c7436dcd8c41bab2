//! The grouped timeline: "Upcoming" first, then groups (and sub-groups) with their own feed.
//!
//! Rendering goes through [`crate::model::window`]: the timeline is laid out once, then only what
//! intersects `window` is in the DOM (everything, when the window is unbounded), with padding for
//! the rest. Groups and rows are keyed, so scrolling adds and removes rows at the edges and leaves
//! the others (and focus inside them) alone.

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::format::Formats;
use super::item::{icon, InteractionItem, ItemText, RowState, ScopeKind};
use super::loader::Loaded;
use crate::model::grouping::{GroupBy, Timeline};
use crate::model::i18n::Msg;
use crate::model::presentation::{self, row_shows};
use crate::model::time;
use crate::model::window::{self, GroupInfo, Heights, Projection, RowKind, Shown, ShownBody, UPCOMING_PATH};
use crate::model::Interaction;

/// "Upcoming" shows this many rows until "Show N more upcoming" (`None`: all of them); the design
/// asks for 5 (see "Upcoming" in docs/timeline.md).
pub const UPCOMING_LIMIT: Option<usize> = Some(5);

/// Everything a row needs to render; cheap to clone.
#[derive(Clone)]
pub struct Ctx {
    pub loaded: Arc<Loaded>,
    pub formats: Rc<Formats>,
    pub now_ms: i64,
    pub query: String,
    pub collapsed: RwSignal<HashSet<String>>,
    /// Open details and unfolded notes, by interaction id.
    pub rows: RowState,
    /// Whether "Upcoming" shows all its rows ("Show N more upcoming").
    pub upcoming_all: RwSignal<bool>,
    pub group_by: GroupBy,
    pub on_select: Callback<Interaction>,
    pub on_scope: Callback<(ScopeKind, String, String)>,
}

/// `dated_feed`: the row sits under a day separator, so its time says enough.
fn item_text(item: &Interaction, formats: &Formats, now_ms: i64, overdue: bool, dated_feed: bool) -> ItemText {
    match &item.date_time {
        Some(dt) => {
            let when = formats.date_time(dt);
            let (short, compact) = if dated_feed {
                let time = formats.time(dt);
                (time.clone(), time)
            } else {
                (formats.short_date_time(dt, now_ms), formats.compact_date_time(dt, now_ms))
            };
            ItemText {
                short,
                compact,
                when,
                relative: formats.relative(&time::relative(now_ms, dt.timestamp_millis())),
                overdue,
            }
        }
        None => {
            let when =
                if item.date_time_raw.is_empty() { formats.m.text(Msg::NoDate) } else { item.date_time_raw.clone() };
            ItemText { short: when.clone(), compact: when.clone(), when, relative: String::new(), overdue }
        }
    }
}

/// Whole CSS pixels (integer formatting: no float formatting code in the wasm for this).
fn px(v: f64) -> String {
    format!("{}px", v.max(0.0).round() as u64)
}

/// Space for what is outside the window (nothing when it is zero).
fn pad(height: impl Fn() -> f64 + Send + Sync + 'static) -> impl IntoView {
    move || {
        let h = height();
        (h > 0.0).then(|| view! { <div class="ch-pad" aria-hidden={"true"} style:height=px(h)>{""}</div> })
    }
}

/// Identity of a feed row (stable while the timeline is).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum RowKey {
    Day(Option<time::DayLabel>),
    Item(usize),
}

fn row_key(row: &RowKind) -> RowKey {
    match row {
        RowKind::Day(label) => RowKey::Day(*label),
        RowKind::Item { entry, .. } => RowKey::Item(entry.index),
    }
}

fn row_view(ctx: &Ctx, row: RowKind, size: usize, info: &GroupInfo) -> AnyView {
    match row {
        RowKind::Day(label) => {
            let text = label.map(|l| ctx.formats.day(&l)).unwrap_or_else(|| ctx.formats.m.text(Msg::NoDate));
            view! { <div class="ch-day" part="day" aria-hidden={"true"}>{text}</div> }.into_any()
        }
        RowKind::Item { entry, position } => {
            let Some(item) = ctx.loaded.items.get(entry.index) else { return ().into_any() };
            let text = item_text(item, &ctx.formats, ctx.now_ms, entry.overdue, info.days);
            view! {
                <InteractionItem
                    item=item.clone()
                    text
                    index=entry.index
                    position
                    set_size=size
                    query=ctx.query.clone()
                    shows=row_shows(ctx.group_by, info.upcoming, info.level > 3)
                    rows=ctx.rows
                    on_select=ctx.on_select
                    on_scope=ctx.on_scope
                    m=ctx.formats.m.clone()
                />
            }
            .into_any()
        }
    }
}

/// The groups of `parent` as a keyed list; each reads its own part of the projection.
fn groups_view(ctx: &Ctx, parent: Memo<Vec<Shown>>) -> impl IntoView {
    let ctx = SendWrapper::new(ctx.clone());
    view! {
        <For
            each=move || parent.with(|gs| gs.iter().map(|g| g.info.clone()).collect::<Vec<_>>())
            key=|info: &GroupInfo| info.path.clone()
            children=move |info: GroupInfo| {
                let path = info.path.clone();
                let shown = Memo::new(move |_| parent.with(|gs| gs.iter().find(|g| g.info.path == path).cloned()));
                group_view(&ctx, info, shown)
            }
        />
    }
}

/// A group: heading with its disclosure button, then (unless collapsed) its sub-groups or feed.
fn group_view(ctx: &Ctx, info: GroupInfo, shown: Memo<Option<Shown>>) -> AnyView {
    let collapsed = ctx.collapsed;
    let key = info.path.clone();
    let dom_id = format!("ch-group-{key}");
    let expanded = {
        let k = key.clone();
        move || !collapsed.with(|c| c.contains(&k))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            collapsed.update(|c| {
                if !c.remove(&key) {
                    c.insert(key.clone());
                }
            })
        }
    };
    let count =
        ctx.formats.m.count(Msg::CountInteractions, info.count as u64, &ctx.formats.number(info.count as u64), &[]);
    let button = view! {
        <button type="button" class="ch-disclosure" aria-expanded=move || expanded().to_string() aria-controls=dom_id.clone() on:click=toggle>
            <span class="ch-group-label">{info.label.clone()}</span>
            " "
            <span class="ch-count">{count}</span>
        </button>
    };
    let heading = if info.level <= 3 {
        view! { <h3 class="ch-group-header" part="group-header">{button}</h3> }.into_any()
    } else {
        view! { <h4 class="ch-group-header ch-subgroup-header" part="group-header">{button}</h4> }.into_any()
    };
    let heading = view! {
        <div class="ch-group-head" class:ch-subgroup-head={info.level > 3}>
            {heading}
            {summary(ctx, &info)}
        </div>
    };
    let body = if info.nested {
        let children = Memo::new(move |_| {
            shown.with(|s| match s.as_ref().map(|s| &s.body) {
                Some(ShownBody::Groups(gs)) => gs.clone(),
                _ => Vec::new(),
            })
        });
        groups_view(ctx, children).into_any()
    } else {
        let m = &ctx.formats.m;
        let label = if info.upcoming {
            m.text(Msg::UpcomingInteractions)
        } else {
            m.fill(Msg::ResultsOf, &[("group", &info.label)])
        };
        let rows = Memo::new(move |_| {
            shown.with(|s| match s.as_ref().map(|s| &s.body) {
                Some(ShownBody::Feed { rows, size }) => (rows.clone(), *size),
                _ => (Vec::new(), 0),
            })
        });
        let more = more_upcoming(ctx, &info, shown);
        let ctx = SendWrapper::new(ctx.clone());
        let info = SendWrapper::new(info.clone());
        view! {
            <div class="ch-feed" role="feed" aria-label=label>
                <For
                    each=move || { let (rows, size) = rows.get(); rows.into_iter().map(move |r| (r, size)) }
                    key=|(row, _)| row_key(row)
                    children=move |(row, size)| row_view(&ctx, row, size, &info)
                />
            </div>
            {more}
        }
        .into_any()
    };
    let k = key.clone();
    let is_collapsed = move || collapsed.with(|c| c.contains(&k));
    view! {
        <section class="ch-group" part="group" data-key=key>
            {heading}
            <div class="ch-group-body" id=dom_id hidden=is_collapsed>
                {pad(move || shown.with(|s| s.as_ref().map_or(0.0, |s| s.pad_top)))}
                {body}
                {pad(move || shown.with(|s| s.as_ref().map_or(0.0, |s| s.pad_bottom)))}
            </div>
        </section>
    }
    .into_any()
}

/// The heading's summary beside it: the latest (for "Upcoming": the next) date, relative, and
/// the count per method. Outside the heading, so the heading's name stays "label, count".
fn summary(ctx: &Ctx, info: &GroupInfo) -> impl IntoView {
    let when = info.latest_ms.map(|ms| {
        let rel = ctx.formats.relative(&time::relative(ctx.now_ms, ms));
        if info.upcoming {
            presentation::next(&rel, &ctx.formats.m)
        } else {
            presentation::latest(&rel, &ctx.formats.m)
        }
    });
    let methods = info
        .methods
        .iter()
        .map(|(m, n)| {
            view! {
                <span class="ch-mcount">
                    <span class="ch-icon ch-icon-sm" data-method={m.slug()} aria-hidden={"true"}>{icon(m)}</span>
                    <span class="ch-sr">{format!("{} ", m.label_in(&ctx.formats.m))}</span>
                    {n.to_string()}
                </span>
            }
        })
        .collect_view();
    view! {
        <span class="ch-summary">
            <span class="ch-latest">{when}</span>
            <span class="ch-methods">{methods}</span>
        </span>
    }
}

/// "Show N more upcoming" (and back) under a shortened "Upcoming" feed.
fn more_upcoming(ctx: &Ctx, info: &GroupInfo, shown: Memo<Option<Shown>>) -> impl IntoView {
    let all = ctx.upcoming_all;
    let (upcoming, count) = (info.upcoming, info.count);
    let m = ctx.formats.m.clone();
    move || {
        let more = shown.with(|s| s.as_ref().map_or(0, |s| s.info.more));
        let label = if !upcoming {
            return None;
        } else if more > 0 {
            m.fill(Msg::ShowMoreUpcoming, &[("count", &more.to_string())])
        } else if all.get() && UPCOMING_LIMIT.is_some_and(|limit| count > limit) {
            m.text(Msg::ShowFewerUpcoming)
        } else {
            return None;
        };
        Some(view! {
            <button type="button" class="ch-link ch-more-upcoming" on:click=move |_| all.update(|a| *a = !*a)>{label}</button>
        })
    }
}

/// Every group and sub-group key in the timeline, for "Collapse all".
pub fn all_keys(timeline: &Timeline) -> HashSet<String> {
    let mut out: HashSet<String> = timeline.group_paths().into_iter().collect();
    out.insert(UPCOMING_PATH.to_owned());
    out
}

/// Height of `el` including its vertical margins.
fn outer_height(el: &web_sys::Element) -> f64 {
    let h = el.get_bounding_client_rect().height();
    let margins = web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .map(|s| {
            // The browser's parseFloat ("12px" → 12): no float parser in the wasm for this one use.
            let m = |p: &str| s.get_property_value(p).ok().map(|v| js_sys::parse_float(&v)).filter(|v| v.is_finite());
            m("margin-top").unwrap_or(0.0) + m("margin-bottom").unwrap_or(0.0)
        })
        .unwrap_or(0.0);
    h + margins
}

fn first_height(root: &web_sys::Element, selector: &str) -> Option<f64> {
    root.query_selector(selector).ok().flatten().map(|e| outer_height(&e))
}

/// Measures what is rendered and updates `heights` if the layout assumed otherwise.
fn measure(root: &web_sys::Element, heights: RwSignal<Heights>) {
    let mut items = Vec::new();
    if let Ok(list) = root.query_selector_all("article[data-index]") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let Some(index) = el.get_attribute("data-index").and_then(|v| v.parse::<usize>().ok()) else { continue };
            items.push((index, outer_height(&el)));
        }
    }
    let header = first_height(root, ".ch-group-head:not(.ch-subgroup-head)");
    let subheader = first_height(root, ".ch-subgroup-head");
    let day = first_height(root, ".ch-day");
    let Some(mut next) = heights.try_get_untracked() else { return };
    let mut changed = false;
    for (index, h) in items {
        changed |= next.record(index, h);
    }
    changed |= next.settle_estimate();
    for (slot, value) in [(&mut next.header, header), (&mut next.subheader, subheader), (&mut next.day, day)] {
        if let Some(v) = value {
            changed |= Heights::estimate(slot, v);
        }
    }
    if changed {
        heights.try_set(next);
    }
}

#[component]
pub fn TimelineView(
    timeline: Timeline,
    ctx: Ctx,
    /// The part of the timeline to render, in CSS pixels from its top (unbounded: everything).
    window: Signal<(f64, f64)>,
    /// Row heights, measured while rendering a bounded window.
    heights: RwSignal<Heights>,
) -> impl IntoView {
    let collapsed = ctx.collapsed;
    let upcoming_all = ctx.upcoming_all;
    let upcoming = ctx.formats.m.text(Msg::Upcoming);
    let layout = Memo::new(move |_| {
        let limit = if upcoming_all.get() { usize::MAX } else { UPCOMING_LIMIT.unwrap_or(usize::MAX) };
        collapsed.with(|c| heights.with(|h| window::layout(&timeline, &upcoming, c, h, limit)))
    });
    let projection: Memo<Projection> = Memo::new(move |_| {
        let (from, to) = window.get();
        layout.with(|l| l.project(from, to))
    });
    let top = Memo::new(move |_| projection.with(|p| p.groups.clone()));
    let root = NodeRef::<leptos::html::Div>::new();
    // A bounded window: measure what was rendered (after layout) so the padding is right; again
    // when a row opens, folds or unfolds its notes, which changes its height without a new
    // projection (else the layout keeps the old height and a jump past the row lands elsewhere).
    let rows = ctx.rows;
    Effect::new(move |_| {
        projection.track();
        rows.open.track();
        rows.unfolded.track();
        let (from, to) = window.get_untracked();
        let Some(el) = root.get_untracked() else { return };
        if from.is_finite() || to.is_finite() {
            // After layout; the view may be gone by then (the element is kept alive, not the view).
            let el = SendWrapper::new(el);
            request_animation_frame(move || {
                if el.is_connected() {
                    measure(&el, heights);
                }
            });
        }
    });
    view! {
        <div class="ch-timeline" node_ref=root>
            {pad(move || projection.with(|p| p.pad_top))}
            {groups_view(&ctx, top)}
            {pad(move || projection.with(|p| p.pad_bottom))}
        </div>
    }
}
