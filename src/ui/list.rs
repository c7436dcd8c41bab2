//! The interactions of one page as a feed of articles, newest first.

use leptos::prelude::*;

use super::format::{Formats, Locale};
use super::item::{date_label, InteractionItem};
use crate::model::Interaction;

#[component]
pub fn InteractionList(
    items: Vec<Interaction>,
    #[prop(optional)] locale: Locale,
    #[prop(into, optional)] busy: Signal<bool>,
) -> impl IntoView {
    let formats = Formats::new(&locale);
    let size = items.len();
    let rows: Vec<_> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let date = date_label(&item, &formats);
            view! { <InteractionItem item date position={i + 1} set_size=size/> }
        })
        .collect();
    view! {
        <div class="ch-feed" role="feed" aria-label={"Interactions"} aria-busy=move || busy.get().to_string()>
            {rows}
        </div>
    }
}
