//! Loading interactions: one request in flight per widget, latest wins.
//!
//! The request is a `Memo`, so only a change of the request itself sends one. A superseded
//! request is aborted (its `AbortController`) and its answer ignored (a generation counter).
//! "Load more" appends the next page to what is shown.
//!
//! Pages already fetched are kept (a small LRU keyed by the whole request), so going back to a
//! page costs no request until the next refresh; on page 2 and later, the next page is fetched
//! once the widget is idle, so "Next page" is instant. The first view makes one request.
//!
//! ## Why not `LocalResource` and `<Transition>`
//!
//! They would cover the plain case (one request in, one page out, the old page shown meanwhile),
//! not what this loader has to do:
//! - **Abort on supersede.** A `LocalResource` (reactive_graph's `AsyncDerived`) awaits one
//!   fetcher future at a time and drops a stale answer by version; it cannot abort the superseded
//!   `fetch`, so the next request would wait for the previous one (up to its 20 s timeout).
//! - **More than one page per answer.** "Load more" appends to what is shown; `load="all"` fetches
//!   every other page four at a time, shows them in batches with progress, and "Stop loading"
//!   keeps what has arrived. A resource's value is one fetch's answer.
//! - **Where an answer comes from.** The page cache, the idle prefetch of the next page, and the
//!   bootstrap's response for the first page (adopted only when it is exactly our request).
//! - **Retries.** A 5xx is retried with backoff and jitter, a 429 after a visible countdown of its
//!   `Retry-After`; "Try again" repeats what failed (the page, or the page being appended).
//! - **Events, in order.** Hosts get `ctrlhub-state` at each change of state, `ctrlhub-error` after
//!   the failed state is set and `ctrlhub-load` once the rows are rendered; each step emits its
//!   own. Effects watching a resource would run a tick later and no longer know which step
//!   (page, append, `load="all"` batch) made the value.
//! - **One state for everything outside the rows.** [`Load`] keeps what was shown while loading
//!   and after a failure, so the status line, the error view and the host's `state` read one value;
//!   a `<Transition>` only keeps the old children on screen.
//!
//! ## Shape
//!
//! [`use_interactions`] builds a [`machine::Machine`], a `Copy` struct of handles with one method
//! per step (a request changed, start, apply, load the rest, load more, retry, stop), and hands
//! out [`Interactions`] for the views. The values live in [`state`], the events in [`events`];
//! backoff and dropping repeated ids are pure rules in `model::retry` and `model::dedup`.

mod events;
mod machine;
mod state;

use leptos::prelude::*;

use crate::api::client::PrefetchSlot;
use machine::Machine;

pub use events::{EventSink, WidgetEvent};
pub use state::{Load, Loaded, Progress, RequestSpec};

/// Handle returned by [`use_interactions`].
#[derive(Clone, Copy)]
pub struct Interactions {
    pub load: ReadSignal<Load>,
    /// Seconds until an automatic retry after a 429 (`Retry-After`), while counting down.
    pub countdown: ReadSignal<Option<u64>>,
    machine: Machine,
}

impl Interactions {
    /// Sends the current request again ("Refresh").
    pub fn reload(&self) {
        self.machine.reload();
    }

    /// "Try again": repeats what failed (the page, or the page being appended).
    pub fn retry(&self) {
        self.machine.retry();
    }

    /// Stops loading every page (`load="all"`), keeping what has arrived.
    pub fn stop_loading_all(&self) {
        self.machine.stop();
    }

    /// Appends the next page, if there is one.
    pub fn load_more(&self) {
        self.machine.load_more();
    }
}

/// Loads what `request` asks for, re-requesting only when it changes. A change of `refresh`
/// (the refresh interval, the host's `refresh()`) sends the request again, from the API rather
/// than the cache.
pub fn use_interactions(
    request: Memo<RequestSpec>,
    refresh: Signal<u64>,
    load_all: Signal<bool>,
    events: EventSink,
    prefetch: PrefetchSlot,
) -> Interactions {
    let machine = Machine::new(request, load_all, events, prefetch);
    Effect::new(move |prev: Option<u64>| {
        let n = refresh.get();
        if prev.is_some_and(|p| p != n) {
            machine.clear_cache();
        }
        machine.on_request(request.get());
        n
    });
    on_cleanup(move || machine.cancel());
    Interactions { load: machine.load.read_only(), countdown: machine.countdown.read_only(), machine }
}
