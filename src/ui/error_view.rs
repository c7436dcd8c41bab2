//! A failure: what happened, the trace id to quote to support, and "Try again".

use crate::strings as t;
use leptos::prelude::*;

use crate::model::{ErrorKind, Failure};

#[component]
pub fn ErrorView(
    failure: Failure,
    #[prop(into)] on_retry: Callback<()>,
    /// Seconds until an automatic retry (after a 429's `Retry-After`).
    #[prop(into, optional)]
    countdown: Signal<Option<u64>>,
) -> impl IntoView {
    let retryable = failure.kind != ErrorKind::Config;
    let trace = failure.trace_id.clone();
    view! {
        <div class="ch-error" part="error" role="alert" data-kind={failure.kind.as_str()}>
            <p class="ch-error-message">{failure.message.clone()}</p>
            {trace.map(|t| view! {
                <p class="ch-error-trace">{t::TRACE_REFERENCE}<code>{t}</code></p>
            })}
            {move || countdown.get().map(|n| view! { <p class="ch-error-countdown" aria-live="off">{t::retrying_in(n)}</p> })}
            {retryable.then(|| view! {
                <button type="button" class="ch-button" on:click=move |_| on_retry.run(())>{t::TRY_AGAIN}</button>
            })}
        </div>
    }
}
