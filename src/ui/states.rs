//! The widget's states around the timeline: the loading skeleton, the empty state and the
//! progress of `load="all"`.

use std::sync::Arc;

use leptos::prelude::*;

use super::i18n::I18n;
use super::loader::{Interactions, Load, Loaded};
use crate::model::i18n::Msg;
use crate::model::url_state::ViewState;

/// Rows of the skeleton (shaped like the timeline's rows).
const SKELETON_ROWS: usize = 3;

/// While the first page loads: placeholder rows shaped like the real ones.
#[component]
pub fn Skeleton(load: ReadSignal<Load>) -> impl IntoView {
    move || {
        matches!(load.get(), Load::Loading { previous: None, .. }).then(|| {
            view! {
                <div class="ch-skeleton" aria-hidden={"true"}>
                    {(0..SKELETON_ROWS).map(|_| view! { <div class="ch-skeleton-row">{""}</div> }).collect_view()}
                </div>
            }
        })
    }
}

/// Nothing to show: says whether filters hide results, and offers to clear them.
#[component]
pub fn Empty(
    i18n: I18n,
    load: ReadSignal<Load>,
    loaded: Memo<Option<Arc<Loaded>>>,
    filtered: Memo<Vec<usize>>,
    filtering: Memo<bool>,
    view: RwSignal<ViewState>,
    changed: Callback<()>,
) -> impl IntoView {
    move || {
        let ready_empty = load.with(|l| matches!(l, Load::Ready(_))) && filtered.with(Vec::is_empty);
        ready_empty.then(|| {
            let hidden = filtering.get() && loaded.with(|l| l.as_ref().is_some_and(|l| !l.items.is_empty()));
            view! {
                <div class="ch-empty" part="empty">
                    <p>{i18n.tr(if hidden { Msg::EmptyFiltered } else { Msg::Empty })}</p>
                    {hidden.then(|| view! {
                        <button type="button" class="ch-button" on:click=move |_| {
                            view.update(|v| v.filters.clear());
                            changed.run(());
                        }>{i18n.tr(Msg::ClearFilters)}</button>
                    })}
                </div>
            }
        })
    }
}

/// `load="all"` while pages arrive: a progress bar and "Stop loading".
#[component]
pub fn Progress(i18n: I18n, loaded: Memo<Option<Arc<Loaded>>>, data: Interactions) -> impl IntoView {
    move || {
        let p = loaded.with(|l| l.as_ref().and_then(|l| l.progress)).filter(|p| p.running())?;
        Some(view! {
            <div class="ch-progress">
                <progress max=p.total.to_string() value=p.done.to_string() aria-label=i18n.tr(Msg::LoadingAllPages)></progress>
                <button type="button" class="ch-button" on:click=move |_| data.stop_loading_all()>{i18n.tr(Msg::StopLoading)}</button>
            </div>
        })
    }
}
