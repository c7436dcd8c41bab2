//! The polite live region that says what is shown or that it is loading.

use leptos::prelude::*;

/// `text` is the whole message, e.g. "Showing 25 of 2,500 interactions".
#[component]
pub fn StatusLine(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <p class="ch-status" part="status" role="status" aria-live="polite" aria-atomic={"true"}>
            {move || text.get()}
        </p>
    }
}
