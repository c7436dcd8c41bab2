//! One interaction as an `article` in the feed.

use leptos::prelude::*;

use super::format::Formats;
use crate::model::{Interaction, Method, Related};

fn icon(method: &Method) -> &'static str {
    match method {
        Method::Letter => "✉",
        Method::Email => "@",
        Method::Telephone => "☎",
        Method::Sms => "✆",
        Method::Other(_) => "•",
    }
}

fn label_of(r: &Option<Related>, none: &str) -> String {
    r.as_ref().map(|r| r.label.clone()).unwrap_or_else(|| none.to_owned())
}

/// The date as shown: formatted by `Intl`, or the raw value when it could not be parsed.
pub fn date_label(item: &Interaction, formats: &Formats) -> String {
    match &item.date_time {
        Some(dt) => formats.date_time(dt),
        None if item.date_time_raw.is_empty() => "No date".to_owned(),
        None => item.date_time_raw.clone(),
    }
}

#[component]
pub fn InteractionItem(item: Interaction, date: String, position: usize, set_size: usize) -> impl IntoView {
    let name = format!("{}, {}, {}", item.method.label(), item.direction.label().to_lowercase(), date);
    let contacted = match item.contacted {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Unknown",
    };
    let status_class = format!(
        "ch-badge ch-status-{}",
        item.status.trim().to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let notes = item.notes.clone();
    view! {
        <article
            class="ch-item"
            part="item"
            aria-label=name
            aria-posinset={position.to_string()}
            aria-setsize={set_size.to_string()}
            data-id={item.id.clone()}
            data-method={item.method.slug()}
        >
            <header class="ch-item-head">
                <span class="ch-icon" aria-hidden={"true"}>{icon(&item.method)}</span>
                <span class="ch-method">{item.method.label().to_owned()}</span>
                <span class="ch-direction">{item.direction.label().to_owned()}</span>
                <time class="ch-date" datetime={item.date_time_raw.clone()}>{date}</time>
                <span class=status_class>{item.status_label()}</span>
            </header>
            <dl class="ch-facts">
                <div><dt>{"Contact"}</dt><dd>{label_of(&item.contact, "No contact")}</dd></div>
                <div><dt>{"Property"}</dt><dd>{label_of(&item.property, "No property")}</dd></div>
                <div><dt>{"Representative"}</dt><dd>{label_of(&item.representative, "None")}</dd></div>
                <div><dt>{"Contacted"}</dt><dd>{contacted}</dd></div>
            </dl>
            {(!notes.trim().is_empty()).then(|| view! { <p class="ch-notes">{notes}</p> })}
        </article>
    }
}
