//! Grouping, facet filters, search and the widget's actions.

use crate::strings as t;
use leptos::prelude::*;
use leptos_use_signal_debounce_throttle::signal_throttled;
use wasm_bindgen::JsCast;

use crate::model::filters::{FacetValue, Facets};
use crate::model::grouping::GroupBy;
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
    label: &'static str,
    all: &'static str,
    #[prop(into)] values: Signal<Vec<FacetValue>>,
    #[prop(into)] selected: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="ch-field">
            <span class="ch-field-label">{label}</span>
            <select
                class="ch-select"
                prop:value=move || selected.get()
                on:change=move |ev| on_pick.run(target_value(&ev))
            >
                <option value="" selected=move || selected.with(String::is_empty)>{all}</option>
                {move || {
                    values
                        .get()
                        .into_iter()
                        .map(|v| {
                            let key = v.key.clone();
                            let is = {
                                let key = key.clone();
                                move || selected.with(|s| *s == key)
                            };
                            view! { <option value=key selected=is>{t::facet_option(&v.label, &v.count.to_string())}</option> }
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

#[component]
pub fn Toolbar(
    view: RwSignal<ViewState>,
    #[prop(into)] facets: Signal<Facets>,
    /// Called after every user change to `view`.
    changed: Callback<()>,
    on_refresh: Callback<()>,
    on_export: Callback<()>,
    on_expand_all: Callback<()>,
    on_collapse_all: Callback<()>,
) -> impl IntoView {
    let edit = move |f: &dyn Fn(&mut ViewState)| {
        view.update(|v| f(v));
        changed.run(());
    };

    // Search: the first keystroke filters at once (the search index makes that cheap); while the
    // user keeps typing, at most every 150 ms, and the last text always applies (throttled,
    // leading and trailing edges).
    let typed = RwSignal::new(view.with_untracked(|v| v.filters.search.clone()));
    let debounced = signal_throttled(typed, 150.0);
    Effect::new(move |prev: Option<()>| {
        let q: String = debounced.get();
        if prev.is_some() && view.with_untracked(|v| v.filters.search != q) {
            view.update(|v| v.filters.search = q.clone());
            changed.run(());
        }
    });
    // The view's search changed elsewhere (the empty state's "Clear filters", the host's `view`):
    // mirror it into the box, unless the user is typing (typed text not yet applied).
    Effect::new(move |_| {
        let q = view.with(|v| v.filters.search.clone());
        let settled = debounced.with_untracked(|d| typed.with_untracked(|t| d == t));
        if settled && typed.with_untracked(|t| *t != q) {
            typed.set(q);
        }
    });
    let group_pick = Callback::new(move |v: String| {
        let g = GroupBy::parse(&v).unwrap_or_default();
        edit(&|s| s.group_by = g);
    });
    let method_pick = Callback::new(move |v: String| edit(&|s| s.filters.methods = single(v.clone())));
    let direction_pick = Callback::new(move |v: String| edit(&|s| s.filters.directions = single(v.clone())));
    let status_pick = Callback::new(move |v: String| edit(&|s| s.filters.statuses = single(v.clone())));
    let contacted_pick = Callback::new(move |v: String| {
        let c = match v.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        edit(&|s| s.filters.contacted = c);
    });
    let date_input = move |to: bool| {
        move |ev: leptos::ev::Event| {
            let d = crate::model::time::parse_iso_date(&target_value(&ev));
            edit(&|s| if to { s.filters.to = d } else { s.filters.from = d });
        }
    };
    let date_value = move |to: bool| {
        move || view.with(|v| if to { v.filters.to } else { v.filters.from }).map(|d| d.to_string()).unwrap_or_default()
    };

    view! {
        <div class="ch-toolbar-controls" part="filters" role="group" aria-label={t::FILTERS}>
            <label class="ch-field">
                <span class="ch-field-label">{t::GROUP_BY}</span>
                <select class="ch-select" prop:value=move || view.with(|v| v.group_by.as_str().to_owned()) on:change=move |ev| group_pick.run(target_value(&ev))>
                    <option value="contact" selected=move || view.with(|v| v.group_by == GroupBy::Contact)>{t::GROUP_CONTACT}</option>
                    <option value="property" selected=move || view.with(|v| v.group_by == GroupBy::Property)>{t::GROUP_PROPERTY}</option>
                    <option value="none" selected=move || view.with(|v| v.group_by == GroupBy::None)>{t::GROUP_NONE}</option>
                </select>
            </label>
            <FacetSelect label=t::METHOD all=t::ALL_METHODS values=Signal::derive(move || facets.with(|f| f.method.clone()))
                selected=Signal::derive(move || view.with(|v| first(&v.filters.methods))) on_pick=method_pick/>
            <FacetSelect label=t::DIRECTION all=t::BOTH_DIRECTIONS values=Signal::derive(move || facets.with(|f| f.direction.clone()))
                selected=Signal::derive(move || view.with(|v| first(&v.filters.directions))) on_pick=direction_pick/>
            <FacetSelect label=t::STATUS all=t::ANY_STATUS values=Signal::derive(move || facets.with(|f| f.status.clone()))
                selected=Signal::derive(move || view.with(|v| first(&v.filters.statuses))) on_pick=status_pick/>
            <FacetSelect label=t::CONTACTED all=t::CONTACTED_ANY values=Signal::derive(move || facets.with(|f| f.contacted.iter().filter(|v| v.key != "unknown").cloned().collect::<Vec<_>>()))
                selected=Signal::derive(move || view.with(|v| match v.filters.contacted { Some(true) => "yes".to_owned(), Some(false) => "no".to_owned(), None => String::new() }))
                on_pick=contacted_pick/>
            <label class="ch-field">
                <span class="ch-field-label">{t::FROM}</span>
                <input class="ch-input" type="date" prop:value=date_value(false) on:change=date_input(false)/>
            </label>
            <label class="ch-field">
                <span class="ch-field-label">{t::TO}</span>
                <input class="ch-input" type="date" prop:value=date_value(true) on:change=date_input(true)/>
            </label>
            <label class="ch-field ch-search">
                <span class="ch-field-label">{t::SEARCH_NOTES}</span>
                <input
                    class="ch-input"
                    type="search"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { typed.set(String::new()) }
                />
            </label>
        </div>
        <div class="ch-actions" role="group" aria-label={t::ACTIONS}>
            // aria-disabled, not disabled: the button must not drop keyboard focus when it empties
            // the filters it clears.
            <button type="button" class="ch-button" aria-disabled=move || view.with(|v| v.filters.is_empty()).to_string()
                on:click=move |_| {
                    if view.with_untracked(|v| !v.filters.is_empty()) {
                        typed.set(String::new());
                        edit(&|s| s.filters.clear());
                    }
                }>{t::CLEAR_FILTERS}</button>
            <button type="button" class="ch-button" on:click=move |_| on_expand_all.run(())>{t::EXPAND_ALL}</button>
            <button type="button" class="ch-button" on:click=move |_| on_collapse_all.run(())>{t::COLLAPSE_ALL}</button>
            <button type="button" class="ch-button" on:click=move |_| on_export.run(())>{t::EXPORT_CSV}</button>
            <button type="button" class="ch-button" on:click=move |_| on_refresh.run(())>{t::REFRESH}</button>
        </div>
    }
}
