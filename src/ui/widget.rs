//! The whole widget: a region with a status line, the feed, and error/empty states.

use leptos::prelude::*;

use super::error_view::ErrorView;
use super::format::{Formats, Locale};
use super::list::InteractionList;
use super::loader::{use_interactions, EventSink, Load};
use super::status::StatusLine;
use crate::model::RawSettings;

/// What the status line says for a load state.
fn status_text(load: &Load, formats: &Formats) -> String {
    match load {
        Load::Idle => String::new(),
        Load::Loading { .. } => "Loading interactions…".to_owned(),
        Load::Failed { .. } => "Could not load interactions".to_owned(),
        Load::Ready(page) if page.items.is_empty() => "No interactions".to_owned(),
        Load::Ready(page) => format!(
            "Showing {} of {} interactions",
            formats.number(page.items.len() as u64),
            formats.number(page.pagination.total)
        ),
    }
}

#[component]
pub fn Widget(
    #[prop(into)] settings: Signal<RawSettings>,
    /// Each change re-sends the current request (the host's `refresh()`).
    #[prop(into, optional)]
    refresh: Signal<u64>,
    events: EventSink,
    #[prop(optional)] locale: Locale,
) -> impl IntoView {
    let data = use_interactions(settings, refresh, events);
    let load = data.load;
    let status_locale = locale.clone();
    let status = Signal::derive(move || load.with(|l| status_text(l, &Formats::new(&status_locale))));
    let busy = Signal::derive(move || matches!(load.get(), Load::Loading { .. }));
    let retry = Callback::new(move |_| data.reload());

    // The feed is rebuilt only when the page changes, not on every state change.
    let page = Memo::new(move |_| load.with(Load::page));
    let feed = move || {
        let locale = locale.clone();
        page.get().map(|p| view! { <InteractionList items={p.items.clone()} locale busy/> })
    };
    let skeleton = move || {
        matches!(load.get(), Load::Loading { previous: None }).then(|| {
            view! {
                <div class="ch-skeleton" aria-hidden={"true"}>
                    {(0..3).map(|_| view! { <div class="ch-skeleton-row">{""}</div> }).collect_view()}
                </div>
            }
        })
    };
    let failure = move || match load.get() {
        Load::Failed { failure, .. } => Some(view! { <ErrorView failure on_retry=retry/> }),
        _ => None,
    };
    let empty = move || {
        matches!(load.get(), Load::Ready(ref p) if p.items.is_empty())
            .then(|| view! { <p class="ch-empty" part="empty">{"No interactions to show."}</p> })
    };

    view! {
        <section class="ch-root" part="base" aria-label={"Customer interactions"}>
            <header class="ch-toolbar" part="toolbar">
                <h2 class="ch-title">{"Customer interactions"}</h2>
                <button type="button" class="ch-button" on:click=move |_| data.reload()>{"Refresh"}</button>
            </header>
            <StatusLine text=status/>
            {failure}
            {skeleton}
            {empty}
            {feed}
        </section>
    }
}
