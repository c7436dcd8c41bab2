//! The grouped timeline: "Upcoming" first, then groups (and sub-groups) with their own feed.

use crate::strings as t;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::format::Formats;
use super::item::{InteractionItem, ItemText, ScopeKind};
use crate::model::grouping::{Entry, Group, Timeline};
use crate::model::time;
use crate::model::Interaction;

/// Everything a group needs to render its items; cheap to clone.
#[derive(Clone)]
pub struct Ctx {
    pub items: Arc<Vec<Interaction>>,
    pub formats: Rc<Formats>,
    pub now_ms: i64,
    pub query: String,
    pub collapsed: RwSignal<HashSet<String>>,
    pub on_select: Callback<Interaction>,
    pub on_scope: Callback<(ScopeKind, String, String)>,
}

fn item_text(item: &Interaction, formats: &Formats, now_ms: i64, overdue: bool) -> ItemText {
    match &item.date_time {
        Some(dt) => ItemText {
            when: formats.date_time(dt),
            relative: formats.relative(&time::relative(now_ms, dt.timestamp_millis())),
            overdue,
        },
        None => ItemText {
            when: if item.date_time_raw.is_empty() { t::NO_DATE.to_owned() } else { item.date_time_raw.clone() },
            relative: String::new(),
            overdue,
        },
    }
}

/// A feed of entries, with day separators (hidden from assistive technology: each article's
/// name already carries its date).
fn feed(ctx: &Ctx, label: String, days: Vec<(Option<String>, Vec<Entry>)>) -> impl IntoView {
    let size: usize = days.iter().map(|(_, e)| e.len()).sum();
    let mut position = 0;
    let formats = &ctx.formats;
    let mut children = Vec::new();
    for (day, entries) in days {
        if let Some(day) = day {
            children.push(view! { <div class="ch-day" part="day" aria-hidden={"true"}>{day}</div> }.into_any());
        }
        for entry in entries {
            position += 1;
            let Some(item) = ctx.items.get(entry.index) else { continue };
            let text = item_text(item, formats, ctx.now_ms, entry.overdue);
            children.push(
                view! {
                    <InteractionItem
                        item=item.clone()
                        text
                        position
                        set_size=size
                        query=ctx.query.clone()
                        on_select=ctx.on_select
                        on_scope=ctx.on_scope
                    />
                }
                .into_any(),
            );
        }
    }
    view! { <div class="ch-feed" role="feed" aria-label=label>{children}</div> }
}

/// A group heading with its disclosure button, and a body shown unless collapsed.
fn disclosure(
    ctx: &Ctx,
    key: String,
    dom_id: String,
    level: u8,
    label: String,
    count: usize,
    body: AnyView,
) -> AnyView {
    let collapsed = ctx.collapsed;
    let k = key.clone();
    let expanded = move || !collapsed.with(|c| c.contains(&k));
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
    let button = view! {
        <button type="button" class="ch-disclosure" aria-expanded=move || expanded().to_string() aria-controls=dom_id.clone() on:click=toggle>
            <span class="ch-group-label">{label}</span>
            " "
            <span class="ch-count">{t::count_interactions(count)}</span>
        </button>
    };
    let heading = if level <= 3 {
        view! { <h3 class="ch-group-header" part="group-header">{button}</h3> }.into_any()
    } else {
        view! { <h4 class="ch-group-header ch-subgroup-header" part="group-header">{button}</h4> }.into_any()
    };
    let k = key.clone();
    view! {
        <section class="ch-group" part="group" data-key=key>
            {heading}
            <div class="ch-group-body" id=dom_id hidden=move || collapsed.with(|c| c.contains(&k))>{body}</div>
        </section>
    }
    .into_any()
}

fn group_view(ctx: &Ctx, group: &Group, level: u8) -> AnyView {
    let key = group.path.clone();
    let dom_id = format!("ch-group-{key}");
    let body = if group.subgroups.is_empty() {
        let days = group
            .days
            .iter()
            .map(|d| {
                (
                    Some(d.label.as_ref().map(|l| ctx.formats.day(l)).unwrap_or_else(|| t::NO_DATE.into())),
                    d.entries.clone(),
                )
            })
            .collect();
        feed(ctx, t::results_of(&group.label), days).into_any()
    } else {
        group.subgroups.iter().map(|g| group_view(ctx, g, level + 1)).collect_view().into_any()
    };
    disclosure(ctx, key, dom_id, level, group.label.clone(), group.count, body)
}

/// Every group and sub-group key in the timeline, for "Collapse all".
pub fn all_keys(timeline: &Timeline) -> HashSet<String> {
    let mut out: HashSet<String> = timeline.group_paths().into_iter().collect();
    out.insert(UPCOMING_KEY.to_owned());
    out
}

const UPCOMING_KEY: &str = "upcoming";

#[component]
pub fn TimelineView(timeline: Timeline, ctx: Ctx) -> impl IntoView {
    let upcoming = (!timeline.upcoming.is_empty()).then(|| {
        let body = feed(&ctx, t::RESULTS_UPCOMING.to_owned(), vec![(None, timeline.upcoming.clone())]).into_any();
        disclosure(
            &ctx,
            UPCOMING_KEY.into(),
            "ch-group-upcoming".into(),
            3,
            t::UPCOMING.into(),
            timeline.upcoming.len(),
            body,
        )
    });
    let groups: Vec<AnyView> = timeline.groups.iter().map(|g| group_view(&ctx, g, 3)).collect();
    view! {
        <div class="ch-timeline">
            {upcoming}
            {groups}
        </div>
    }
}
