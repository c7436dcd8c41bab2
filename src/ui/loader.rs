//! Loading interactions for the current settings: one request in flight, latest wins.
//!
//! A request is only sent when the request itself changes (a `Memo` over
//! [`InteractionsRequest`]); a superseded request is aborted and its answer ignored.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::client::{self, Cancel};
use crate::api::{self, InteractionsRequest};
use crate::model::{Config, Failure, Page, RawSettings};

/// What the widget tells its host (the element turns these into DOM events).
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetEvent {
    /// `state` changed: `idle`, `loading`, `ready` or `error`.
    State(&'static str),
    Loaded {
        page: u64,
        page_count: u64,
        total: u64,
        count: usize,
    },
    Failed(Failure),
}

/// Where [`WidgetEvent`]s go. The standalone views and tests may pass a no-op.
#[derive(Clone)]
pub struct EventSink(Rc<dyn Fn(WidgetEvent)>);

impl EventSink {
    pub fn new(f: impl Fn(WidgetEvent) + 'static) -> Self {
        Self(Rc::new(f))
    }

    pub fn none() -> Self {
        Self::new(|_| {})
    }

    pub fn emit(&self, e: WidgetEvent) {
        (self.0)(e)
    }
}

/// The state of the data the widget shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// Nothing requested yet.
    Idle,
    /// A request is in flight; the previous page (if any) stays visible.
    Loading {
        previous: Option<Arc<Page>>,
    },
    Ready(Arc<Page>),
    /// The last request failed; the previous page (if any) stays visible.
    Failed {
        failure: Failure,
        previous: Option<Arc<Page>>,
    },
}

impl Load {
    pub fn page(&self) -> Option<Arc<Page>> {
        match self {
            Self::Idle => None,
            Self::Loading { previous } | Self::Failed { previous, .. } => previous.clone(),
            Self::Ready(p) => Some(p.clone()),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Loading { .. } => "loading",
            Self::Ready(_) => "ready",
            Self::Failed { .. } => "error",
        }
    }
}

/// Handle returned by [`use_interactions`].
#[derive(Clone, Copy)]
pub struct Interactions {
    pub load: ReadSignal<Load>,
    retry: RwSignal<u64>,
}

impl Interactions {
    /// Sends the current request again (for "Try again" and "Refresh").
    pub fn reload(&self) {
        self.retry.update(|n| *n += 1);
    }
}

/// Loads the first page for `settings`, re-requesting only when the request changes.
pub fn use_interactions(settings: Signal<RawSettings>, refresh: Signal<u64>, events: EventSink) -> Interactions {
    let config = Memo::new(move |_| settings.with(Config::from_raw));
    let request = Memo::new(move |_| {
        config
            .with(|c| c.as_ref().map(|c| (InteractionsRequest::first_page(c), c.token.clone())).map_err(Failure::from))
    });
    let (load, set_load) = signal(Load::Idle);
    let retry = RwSignal::new(0u64);
    let generation = StoredValue::new(0u64);
    let in_flight: StoredValue<Option<Cancel>, LocalStorage> = StoredValue::new_local(None);

    let set_state = {
        let events = events.clone();
        move |next: Load| {
            let name = next.name();
            let changed = load.try_with_untracked(|l| l.name() != name).unwrap_or(false);
            if set_load.try_set(next).is_none() && changed {
                events.emit(WidgetEvent::State(name));
            }
        }
    };

    Effect::new(move |_| {
        retry.track();
        refresh.track();
        let req = request.get();
        if let Some(Some(c)) = in_flight.try_update_value(Option::take) {
            c.abort();
        }
        let generation_now = generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        let previous = load.with_untracked(Load::page);
        match req {
            Err(failure) => {
                set_state(Load::Failed { failure: failure.clone(), previous: None });
                events.emit(WidgetEvent::Failed(failure));
            }
            Ok((req, token)) => {
                let cancel = Cancel::new();
                in_flight.set_value(Some(cancel.clone()));
                set_state(Load::Loading { previous: previous.clone() });
                let events = events.clone();
                let set_state = set_state.clone();
                spawn_local(async move {
                    let result = client::fetch_page(&req, &token, &cancel).await;
                    // Superseded or unmounted: the answer is not ours to apply.
                    if generation.try_get_value() != generation_now {
                        return;
                    }
                    in_flight.try_set_value(None);
                    match result {
                        Ok(page) => {
                            let p = &page.pagination;
                            let loaded = WidgetEvent::Loaded {
                                page: p.current_page,
                                page_count: p.pages,
                                total: p.total,
                                count: page.items.len(),
                            };
                            set_state(Load::Ready(Arc::new(page)));
                            events.emit(loaded);
                        }
                        Err(api::Error::Aborted) => {}
                        Err(e) => {
                            let failure = Failure::from(&e);
                            set_state(Load::Failed { failure: failure.clone(), previous });
                            events.emit(WidgetEvent::Failed(failure));
                        }
                    }
                });
            }
        }
    });

    on_cleanup(move || {
        if let Some(Some(c)) = in_flight.try_update_value(Option::take) {
            c.abort();
        }
        generation.try_update_value(|g| *g += 1);
    });

    Interactions { load, retry }
}
