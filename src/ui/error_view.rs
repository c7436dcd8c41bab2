//! A failure: what happened, the trace id to quote to support, and "Try again".

use leptos::prelude::*;

use super::i18n::I18n;
use crate::model::i18n::{pieces, Msg};

use crate::model::{ErrorKind, Failure};

#[component]
pub fn ErrorView(
    i18n: I18n,
    failure: Failure,
    #[prop(into)] on_retry: Callback<()>,
    /// Seconds until an automatic retry (after a 429's `Retry-After`).
    #[prop(into, optional)]
    countdown: Signal<Option<u64>>,
) -> impl IntoView {
    let retryable = failure.kind != ErrorKind::Config;
    let trace = failure.trace_id.clone();
    let message = {
        let failure = failure.clone();
        move || failure.message_in(&i18n.get())
    };
    view! {
        <div class="ch-error" part="error" role="alert" data-kind={failure.kind.as_str()}>
            <p class="ch-error-message">{message}</p>
            {trace.map(|id| view! {
                <p class="ch-error-trace">
                    {move || {
                        let m = i18n.get();
                        pieces(m.raw(Msg::TraceReference))
                            .into_iter()
                            .map(|(slot, text)| match slot {
                                Some(_) => view! { <code>{id.clone()}</code> }.into_any(),
                                None => text.to_owned().into_any(),
                            })
                            .collect_view()
                    }}
                </p>
            })}
            {move || countdown.get().map(|n| {
                let text = i18n.get().count(Msg::RetryingIn, n, &n.to_string(), &[]);
                view! { <p class="ch-error-countdown" aria-live="off">{text}</p> }
            })}
            {retryable.then(|| view! {
                <button type="button" class="ch-button" on:click=move |_| on_retry.run(())>{i18n.tr(Msg::TryAgain)}</button>
            })}
        </div>
    }
}
