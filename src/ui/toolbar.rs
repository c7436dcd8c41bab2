//! The toolbar: "Group by" as a segmented control, "Search notes", a "Filters" button opening the
//! facets, the active filters as removable chips, and the quiet actions ("More actions").

use leptos::prelude::*;
use leptos_use_signal_debounce_throttle::signal_throttled;
use wasm_bindgen::JsCast;

use super::i18n::I18n;
use super::signals::SetIfChanged;
use crate::model::filters::{FacetValue, Facets};
use crate::model::grouping::GroupBy;
use crate::model::i18n::Msg;
use crate::model::presentation::{filter_chips, panel_filter_count, FilterField};
use crate::model::url_state::ViewState;

fn target_value(ev: &leptos::ev::Event) -> String {
    let Some(t) = ev.target() else { return String::new() };
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

/// A facet as a labelled `<select>`: "All …" plus each value with its count.
#[component]
fn FacetSelect(
    i18n: I18n,
    label: Msg,
    all: Msg,
    #[prop(into)] values: Signal<Vec<FacetValue>>,
    #[prop(into)] selected: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="ch-field">
            <span class="ch-field-label">{i18n.tr(label)}</span>
            <select
                class="ch-select"
                prop:value=move || selected.get()
                on:change=move |ev| on_pick.run(target_value(&ev))
            >
                <option value="" selected=move || selected.with(String::is_empty)>{i18n.tr(all)}</option>
                {move || {
                    let m = i18n.get();
                    values
                        .get()
                        .into_iter()
                        .map(|v| {
                            let key = v.key.clone();
                            let is = {
                                let key = key.clone();
                                move || selected.with(|s| *s == key)
                            };
                            view! { <option value=key selected=is>{m.fill(Msg::FacetOption, &[("label", &v.label), ("count", &v.count.to_string())])}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

fn first(set: &std::collections::BTreeSet<String>) -> String {
    set.iter().next().cloned().unwrap_or_default()
}

fn single(v: String) -> std::collections::BTreeSet<String> {
    if v.is_empty() {
        Default::default()
    } else {
        [v].into_iter().collect()
    }
}

/// The "Filters" button's name: "Filters", or "Filters 2 active".
fn filters_name(m: &crate::model::Messages, count: usize) -> String {
    match count {
        0 => m.text(Msg::Filters),
        n => format!("{} {}", m.raw(Msg::Filters), m.fill(Msg::ActiveCount, &[("count", &n.to_string())])),
    }
}

/// Applies a user's change to the view and tells the host.
#[derive(Clone, Copy)]
struct Edit {
    view: RwSignal<ViewState>,
    changed: Callback<()>,
}

impl Edit {
    fn apply(self, f: impl FnOnce(&mut ViewState)) {
        self.view.update(f);
        self.changed.run(());
    }
}

#[component]
pub fn Toolbar(
    i18n: I18n,
    view: RwSignal<ViewState>,
    #[prop(into)] facets: Signal<Facets>,
    /// Called after every user change to `view`.
    changed: Callback<()>,
    on_refresh: Callback<()>,
    on_export: Callback<()>,
    on_expand_all: Callback<()>,
    on_collapse_all: Callback<()>,
) -> impl IntoView {
    let edit = Edit { view, changed };
    let typed = use_search(edit);
    let open = RwSignal::new(false);
    let count = Memo::new(move |_| view.with(|v| panel_filter_count(&v.filters)));
    view! {
        <div class="ch-bar">
            <GroupBySegments i18n edit/>
            <div class="ch-search">
                <input
                    class="ch-input"
                    type="search"
                    aria-label=i18n.tr(Msg::SearchNotes)
                    placeholder=i18n.tr(Msg::SearchNotes)
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { typed.set(String::new()) }
                />
            </div>
            <button type="button" class="ch-button ch-filters-toggle" aria-expanded=move || open.get().to_string()
                aria-controls="ch-filter-panel" on:click=move |_| open.update(|o| *o = !*o)
                aria-label=move || filters_name(&i18n.get(), count.get())>
                {i18n.tr(Msg::Filters)}
                {move || (count.get() > 0).then(|| view! { <span class="ch-filter-count">{count.get().to_string()}</span> })}
            </button>
        </div>
        <FilterPanel i18n edit facets open/>
        <FilterChips i18n edit facets typed/>
        <MoreActions i18n on_refresh on_export on_expand_all on_collapse_all/>
    }
}

/// Search: the first keystroke filters at once (the search index makes that cheap); while the
/// user keeps typing, at most every 150 ms, and the last text always applies (throttled, leading
/// and trailing edges). Returns the box's text.
fn use_search(edit: Edit) -> RwSignal<String> {
    let view = edit.view;
    let typed = RwSignal::new(view.with_untracked(|v| v.filters.search.clone()));
    let debounced = signal_throttled(typed, 150.0);
    Effect::new(move |prev: Option<()>| {
        let q: String = debounced.get();
        if prev.is_some() && view.with_untracked(|v| v.filters.search != q) {
            edit.apply(|v| v.filters.search = q.clone());
        }
    });
    // The view's search changed elsewhere (a chip, "Clear filters", the host's `view`): mirror it
    // into the box, unless the user is typing (typed text not yet applied).
    Effect::new(move |_| {
        let q = view.with(|v| v.filters.search.clone());
        let settled = debounced.with_untracked(|d| typed.with_untracked(|t| d == t));
        if settled {
            typed.set_if_changed(q);
        }
    });
    typed
}

/// "Group by" as a segmented control: a radio group (arrow keys move between the options).
#[component]
fn GroupBySegments(i18n: I18n, edit: Edit) -> impl IntoView {
    let view = edit.view;
    let option = move |value: GroupBy, label: Msg| {
        view! {
            <label class="ch-seg-option">
                <input
                    type="radio"
                    name="ch-group-by"
                    value={value.as_str()}
                    prop:checked=move || view.with(|v| v.group_by == value)
                    on:change=move |_| edit.apply(|s| s.group_by = value)
                />
                <span>{i18n.tr(label)}</span>
            </label>
        }
    };
    view! {
        <div class="ch-seg-wrap">
            <span class="ch-seg-label" aria-hidden={"true"}>{i18n.tr(Msg::GroupBy)}</span>
            <div class="ch-seg" role="radiogroup" aria-label=i18n.tr(Msg::GroupBy)>
                {option(GroupBy::Contact, Msg::Contact)}
                {option(GroupBy::Property, Msg::Property)}
                {option(GroupBy::None, Msg::GroupNone)}
            </div>
        </div>
    }
}

/// The facets, with counts, in a panel the "Filters" button opens.
#[component]
fn FilterPanel(i18n: I18n, edit: Edit, facets: Signal<Facets>, open: RwSignal<bool>) -> impl IntoView {
    let view = edit.view;
    let pick = move |f: fn(&mut ViewState, String)| Callback::new(move |v: String| edit.apply(|s| f(s, v)));
    let date_input = move |to: bool| {
        move |ev: leptos::ev::Event| {
            let d = crate::model::time::parse_iso_date(&target_value(&ev));
            edit.apply(|s| if to { s.filters.to = d } else { s.filters.from = d });
        }
    };
    let date_value = move |to: bool| {
        move || view.with(|v| if to { v.filters.to } else { v.filters.from }).map(|d| d.to_string()).unwrap_or_default()
    };
    let values = move |f: fn(&Facets) -> Vec<FacetValue>| Signal::derive(move || facets.with(f));
    let contacted = |v: &ViewState| match v.filters.contacted {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => String::new(),
    };
    view! {
        <div id="ch-filter-panel" class="ch-filter-panel" part="filters" role="group" aria-label=i18n.tr(Msg::Filters)
            hidden=move || !open.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.set(false) }>
            <FacetSelect i18n label=Msg::Method all=Msg::AllMethods values=values(|f| f.method.clone())
                selected=Signal::derive(move || view.with(|v| first(&v.filters.methods)))
                on_pick=pick(|s, v| s.filters.methods = single(v))/>
            <FacetSelect i18n label=Msg::Direction all=Msg::BothDirections values=values(|f| f.direction.clone())
                selected=Signal::derive(move || view.with(|v| first(&v.filters.directions)))
                on_pick=pick(|s, v| s.filters.directions = single(v))/>
            <FacetSelect i18n label=Msg::Status all=Msg::AnyStatus values=values(|f| f.status.clone())
                selected=Signal::derive(move || view.with(|v| first(&v.filters.statuses)))
                on_pick=pick(|s, v| s.filters.statuses = single(v))/>
            <FacetSelect i18n label=Msg::Contacted all=Msg::ContactedOrNot
                values=values(|f| f.contacted.iter().filter(|v| v.key != "unknown").cloned().collect())
                selected=Signal::derive(move || view.with(contacted))
                on_pick=pick(|s, v| s.filters.contacted = match v.as_str() { "yes" => Some(true), "no" => Some(false), _ => None })/>
            <label class="ch-field">
                <span class="ch-field-label">{i18n.tr(Msg::From)}</span>
                <input class="ch-input" type="date" prop:value=date_value(false) on:change=date_input(false)/>
            </label>
            <label class="ch-field">
                <span class="ch-field-label">{i18n.tr(Msg::To)}</span>
                <input class="ch-input" type="date" prop:value=date_value(true) on:change=date_input(true)/>
            </label>
        </div>
    }
}

/// The active filters as removable chips, then "Clear filters" (only while some filter is set).
#[component]
fn FilterChips(i18n: I18n, edit: Edit, facets: Signal<Facets>, typed: RwSignal<String>) -> impl IntoView {
    let view = edit.view;
    let chips = Memo::new(move |_| {
        let m = i18n.get();
        view.with(|v| facets.with(|f| filter_chips(&v.filters, f, &m)))
    });
    let remove = move |field: FilterField, ev: leptos::ev::MouseEvent| {
        if field == FilterField::Search {
            typed.set(String::new());
        }
        let root = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).map(|n| n.get_root_node());
        edit.apply(|s| field.clear(&mut s.filters));
        // This chip goes away: focus the next chip's button, else the "Filters" button.
        if let Some(root) = root {
            super::focus::focus_later(root, ".ch-filter-chip .ch-chip-remove, .ch-filters-toggle");
        }
    };
    let clear = move |ev: leptos::ev::MouseEvent| {
        // This button goes away with the filters: focus the "Filters" button first, so that focus
        // never falls to <body> in between.
        if let Some(root) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).map(|n| n.get_root_node()) {
            super::focus::focus_now(&root, ".ch-filters-toggle");
        }
        typed.set(String::new());
        edit.apply(|s| s.filters.clear());
    };
    move || {
        let list = chips.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|chip| {
                    let field = chip.field;
                    view! {
                        <li class="ch-chip ch-filter-chip">
                            <span>{chip.label.clone()}</span>
                            <button type="button" class="ch-chip-remove" aria-label=i18n.get().fill(Msg::RemoveFilter, &[("chip", &chip.label)])
                                on:click=move |ev| remove(field, ev)>{"×"}</button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="ch-chips ch-filter-chips">
                    <ul class="ch-chip-list" aria-label=i18n.tr(Msg::ActiveFilters)>{items}</ul>
                    <button type="button" class="ch-link ch-clear" on:click=clear>{i18n.tr(Msg::ClearFilters)}</button>
                </div>
            }
        })
    }
}

/// Refresh, and the rarer actions behind "More actions": Expand all, Collapse all, Export CSV.
#[component]
fn MoreActions(
    i18n: I18n,
    on_refresh: Callback<()>,
    on_export: Callback<()>,
    on_expand_all: Callback<()>,
    on_collapse_all: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    // An action closes the menu and gives focus back to its button.
    let run = move |cb: Callback<()>| {
        move |_| {
            cb.run(());
            open.set(false);
            if let Some(b) = toggle.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div class="ch-actions" role="group" aria-label=i18n.tr(Msg::Actions)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" && open.get_untracked() {
                open.set(false);
                if let Some(b) = toggle.get_untracked() { let _ = b.focus(); }
            }>
            <button type="button" class="ch-button ch-quiet ch-refresh" on:click=move |_| on_refresh.run(())>
                <span class="ch-refresh-label">{i18n.tr(Msg::Refresh)}</span>
            </button>
            <div class="ch-menu-wrap">
                <button type="button" class="ch-button ch-more-actions" node_ref=toggle aria-label=i18n.tr(Msg::MoreActions)
                    aria-expanded=move || open.get().to_string() aria-controls="ch-more-actions"
                    on:click=move |_| open.update(|o| *o = !*o)>{"⋯"}</button>
                <div id="ch-more-actions" class="ch-menu" hidden=move || !open.get()>
                    <button type="button" class="ch-button ch-quiet" on:click=run(on_expand_all)>{i18n.tr(Msg::ExpandAll)}</button>
                    <button type="button" class="ch-button ch-quiet" on:click=run(on_collapse_all)>{i18n.tr(Msg::CollapseAll)}</button>
                    <button type="button" class="ch-button ch-quiet" on:click=run(on_export)>{i18n.tr(Msg::ExportCsv)}</button>
                </div>
            </div>
        </div>
    }
}
