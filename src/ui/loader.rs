//! Loading interactions: one request in flight per widget, latest wins.
//!
//! The request is a `Memo`, so only a change of the request itself sends one. A superseded
//! request is aborted (its `AbortController`) and its answer ignored (a generation counter).
//! "Load more" appends the next page to what is shown.
//!
//! Pages already fetched are kept (a small LRU keyed by the whole request), so going back to a
//! page costs no request until the next refresh; on page 2 and later, the next page is fetched
//! once the widget is idle, so "Next page" is instant. The first view makes one request.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::client::{self, Cancel, PrefetchSlot};
use crate::api::{self, InteractionsRequest};
use crate::model::cache::Lru;
use crate::model::{ErrorKind, Failure, Interaction, Page, Pagination};

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
    /// The user activated an interaction.
    Selected(Box<Interaction>),
    /// The user changed filters, grouping, scope or page; `query` is the shareable view state.
    ViewChanged(Box<crate::model::url_state::ViewState>),
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

    /// Emits `e` once the view shows the state just set: Leptos applies it in a microtask, this
    /// waits for the next task. So a host handling `ctrlhub-load` finds the rows in the DOM.
    pub fn emit_after_render(&self, e: WidgetEvent) {
        let this = self.clone();
        set_timeout(move || this.emit(e), std::time::Duration::ZERO);
    }
}

/// The interactions on screen: one page, or several after "Load more".
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Loaded {
    pub items: Vec<Interaction>,
    /// Pagination of the last page loaded.
    pub pagination: Pagination,
    /// How many pages `items` holds.
    pub pages_loaded: u64,
    /// With `load="all"`: how far loading every page has got.
    pub progress: Option<Progress>,
}

/// Progress of `load="all"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// The user stopped it ("Stop loading").
    pub stopped: bool,
}

impl Progress {
    pub fn running(&self) -> bool {
        !self.stopped && self.done < self.total
    }
}

impl Loaded {
    fn from_page(page: Page) -> Self {
        Self { items: page.items, pagination: page.pagination, pages_loaded: 1, progress: None }
    }

    fn append(&self, page: Page) -> Self {
        let mut items = self.items.clone();
        let mut ids: std::collections::HashSet<String> = self.items.iter().map(|i| i.id.clone()).collect();
        items.extend(page.items.into_iter().filter(|i| i.id.is_empty() || ids.insert(i.id.clone())));
        Self { items, pagination: page.pagination, pages_loaded: self.pages_loaded + 1, progress: self.progress }
    }
}

/// The state of the data the widget shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// Nothing requested yet.
    Idle,
    /// A request is in flight; what was shown stays visible. `more`: appending a page.
    Loading {
        previous: Option<Arc<Loaded>>,
        more: bool,
    },
    Ready(Arc<Loaded>),
    /// The last request failed; what was shown stays visible.
    Failed {
        failure: Failure,
        previous: Option<Arc<Loaded>>,
    },
}

impl Load {
    pub fn loaded(&self) -> Option<Arc<Loaded>> {
        match self {
            Self::Idle => None,
            Self::Loading { previous, .. } | Self::Failed { previous, .. } => previous.clone(),
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

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
    }
}

/// The request to make (with its token), or why none can be made yet.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestSpec {
    Ready(InteractionsRequest, String),
    /// Waiting for something outside (the host's `tokenProvider`): shown as loading.
    Wait,
    Invalid(Failure),
}

/// Handle returned by [`use_interactions`].
#[derive(Clone, Copy)]
pub struct Interactions {
    pub load: ReadSignal<Load>,
    retry: RwSignal<u64>,
    more: RwSignal<u64>,
    /// The last failure was a "Load more": "Try again" retries the append.
    failed_more: StoredValue<bool>,
    stop: RwSignal<u64>,
    /// Seconds until an automatic retry after a 429 (`Retry-After`), while counting down.
    pub countdown: ReadSignal<Option<u64>>,
}

impl Interactions {
    /// Sends the current request again ("Refresh").
    pub fn reload(&self) {
        self.failed_more.try_set_value(false);
        self.retry.update(|n| *n += 1);
    }

    /// "Try again": repeats what failed (the page, or the page being appended).
    pub fn retry(&self) {
        if self.failed_more.try_get_value().unwrap_or(false) {
            self.load_more();
        } else {
            self.reload();
        }
    }

    /// Stops loading every page (`load="all"`), keeping what has arrived.
    pub fn stop_loading_all(&self) {
        self.stop.update(|n| *n += 1);
    }

    /// Appends the next page, if there is one.
    pub fn load_more(&self) {
        self.more.update(|n| *n += 1);
    }
}

/// Loads what `request` asks for, re-requesting only when it changes.
/// Attempts for a request that fails with a 5xx, with exponential backoff and jitter between.
const SERVER_ATTEMPTS: u32 = 3;
const BACKOFF_MS: u32 = 400;
const JITTER_MS: f64 = 250.0;
/// Longest `Retry-After` we wait for automatically; without one, how long we wait.
const RETRY_AFTER_CAP_SECS: u64 = 300;
const RETRY_AFTER_DEFAULT_SECS: u64 = 10;

/// Pages kept for revisits.
const PAGE_CACHE: usize = 24;
/// How long a shown page waits before fetching the next one (an idle moment).
const PREFETCH_AFTER_MS: u32 = 400;

/// How many pages `load="all"` requests at once.
const LOAD_ALL_CONCURRENCY: usize = 4;
/// With `load="all"`, arrived pages are shown at most this often (each showing re-renders).
const LOAD_ALL_APPLY_MS: f64 = 700.0;

pub fn use_interactions(
    request: Memo<RequestSpec>,
    refresh: Signal<u64>,
    load_all: Signal<bool>,
    events: EventSink,
    prefetch: PrefetchSlot,
) -> Interactions {
    let (load, set_load) = signal(Load::Idle);
    let retry = RwSignal::new(0u64);
    let more = RwSignal::new(0u64);
    let failed_more = StoredValue::new(false);
    let generation = StoredValue::new(0u64);
    let stop = RwSignal::new(0u64);
    let (countdown, set_countdown) = signal(None::<u64>);
    // A 429 is retried once, automatically, after its `Retry-After`; a second one is final.
    let rate_retried = StoredValue::new(false);
    let in_flight: StoredValue<Vec<Cancel>, LocalStorage> = StoredValue::new_local(Vec::new());
    let cache: StoredValue<Lru<InteractionsRequest, Page>> = StoredValue::new(Lru::new(PAGE_CACHE));
    let prefetch: StoredValue<PrefetchSlot, LocalStorage> = StoredValue::new_local(prefetch);
    let abort_prefetch = move || {
        prefetch.try_with_value(PrefetchSlot::abort);
    };

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
    let abort_in_flight = move || {
        if let Some(cancels) = in_flight.try_update_value(std::mem::take) {
            cancels.iter().for_each(Cancel::abort);
        }
    };

    // `load="all"`: every other page, `LOAD_ALL_CONCURRENCY` at a time, shown as they arrive.
    let load_rest = {
        let events = events.clone();
        let set_state = set_state.clone();
        move |req: InteractionsRequest, token: String, first: Loaded, generation_now: u64| {
            use futures::stream::{self, StreamExt};
            let total = first.pagination.pages.max(1);
            let limit = u64::from(req.limit.max(1));
            let jobs: Vec<(u64, Cancel)> = (1..total).map(|p| (p * limit, Cancel::new())).collect();
            in_flight.set_value(jobs.iter().map(|(_, c)| c.clone()).collect());
            let mut acc = first;
            acc.progress = Some(Progress { done: 1, total, stopped: false });
            set_state(Load::Ready(Arc::new(acc.clone())));
            let events = events.clone();
            let set_state = set_state.clone();
            spawn_local(async move {
                let mut ids: std::collections::HashSet<String> = acc.items.iter().map(|i| i.id.clone()).collect();
                let mut applied_at = js_sys::Date::now();
                let mut pages = stream::iter(jobs)
                    .map(|(offset, cancel)| {
                        let (req, token) = (req.clone().with_offset(offset), token.clone());
                        async move { client::fetch_page(&req, &token, &cancel).await }
                    })
                    .buffer_unordered(LOAD_ALL_CONCURRENCY);
                while let Some(result) = pages.next().await {
                    if generation.try_get_value() != Some(generation_now) {
                        return;
                    }
                    match result {
                        Ok(page) => {
                            for item in page.items {
                                if item.id.is_empty() || ids.insert(item.id.clone()) {
                                    acc.items.push(item);
                                }
                            }
                            acc.pages_loaded += 1;
                            if let Some(p) = acc.progress.as_mut() {
                                p.done += 1;
                            }
                        }
                        Err(api::Error::Aborted) => return,
                        Err(e) => {
                            abort_in_flight();
                            crate::model::interaction::sort_newest_first(&mut acc.items);
                            let failure = Failure::from(&e);
                            set_state(Load::Failed { failure: failure.clone(), previous: Some(Arc::new(acc)) });
                            events.emit(WidgetEvent::Failed(failure));
                            return;
                        }
                    }
                    let finished = acc.progress.is_some_and(|p| !p.running());
                    if finished || js_sys::Date::now() - applied_at > LOAD_ALL_APPLY_MS {
                        crate::model::interaction::sort_newest_first(&mut acc.items);
                        set_state(Load::Ready(Arc::new(acc.clone())));
                        applied_at = js_sys::Date::now();
                    }
                }
                in_flight.try_set_value(Vec::new());
                let p = &acc.pagination;
                events.emit_after_render(WidgetEvent::Loaded {
                    page: p.pages,
                    page_count: p.pages,
                    total: p.total,
                    count: acc.items.len(),
                });
            });
        }
    };

    // Shows a page that arrived (or came from the cache); on page 2 and later, fetches the next
    // page once idle. `base` is what "Load more" appends to.
    let apply = {
        let events = events.clone();
        let set_state = set_state.clone();
        let load_rest = load_rest.clone();
        move |req: InteractionsRequest, token: String, base: Option<Arc<Loaded>>, page: Page, generation_now: u64| {
            let loaded = match &base {
                Some(b) => b.append(page),
                None => Loaded::from_page(page),
            };
            if base.is_none() && load_all.get_untracked() && loaded.pagination.pages > 1 {
                load_rest(req, token, loaded, generation_now);
                return;
            }
            let p = &loaded.pagination;
            let event = WidgetEvent::Loaded {
                page: p.current_page,
                page_count: p.pages,
                total: p.total,
                count: loaded.items.len(),
            };
            let next = p.next_offset.filter(|_| base.is_none() && req.offset > 0 && !load_all.get_untracked());
            set_state(Load::Ready(Arc::new(loaded)));
            events.emit_after_render(event);
            if let Some(offset) = next {
                let next_req = req.with_offset(offset);
                if cache.try_with_value(|c| c.contains(&next_req)).unwrap_or(true) {
                    return;
                }
                spawn_local(async move {
                    client::sleep_ms(PREFETCH_AFTER_MS).await;
                    if generation.try_get_value() != Some(generation_now) {
                        return;
                    }
                    // Counted as in flight, so a real request aborts it: one request at a time.
                    let cancel = Cancel::new();
                    in_flight.try_set_value(vec![cancel.clone()]);
                    let result = client::fetch_page(&next_req, &token, &cancel).await;
                    if generation.try_get_value() == Some(generation_now) {
                        in_flight.try_set_value(Vec::new());
                        if let Ok(page) = result {
                            cache.try_update_value(|c| c.put(next_req, page));
                        }
                    }
                });
            }
        }
    };

    // Fetches `req` (or takes it from the cache, or the bootstrap's prefetch when it is exactly
    // this request) and shows it.
    let start = {
        let events = events.clone();
        let set_state = set_state.clone();
        let apply = apply.clone();
        let (retry_signal, more_signal) = (retry, more);
        move |req: InteractionsRequest, token: String, base: Option<Arc<Loaded>>, more: bool| {
            abort_in_flight();
            set_countdown.try_set(None);
            let Some(generation_now) = generation.try_update_value(|g| {
                *g += 1;
                *g
            }) else {
                return;
            };
            if !more && !load_all.get_untracked() {
                if let Some(page) = cache.try_update_value(|c| c.get(&req)).flatten() {
                    abort_prefetch();
                    rate_retried.try_set_value(false);
                    failed_more.try_set_value(false);
                    apply(req, token, base, page, generation_now);
                    return;
                }
            }
            // The bootstrap's request for the first page, if it is exactly this one (else aborted).
            let adopted = match prefetch.try_with_value(PrefetchSlot::take).flatten() {
                Some(p) if !more => p.matching(&req, &token),
                Some(p) => {
                    p.abort();
                    None
                }
                None => None,
            };
            let (mut adopted, cancel) = match adopted {
                Some((response, cancel)) => (Some(response), cancel),
                None => (None, Cancel::new()),
            };
            in_flight.set_value(vec![cancel.clone()]);
            let previous = load.with_untracked(Load::loaded);
            set_state(Load::Loading { previous: previous.clone(), more });
            let events = events.clone();
            let set_state = set_state.clone();
            let apply = apply.clone();
            spawn_local(async move {
                let superseded = move || generation.try_get_value() != Some(generation_now);
                let mut attempt = 1;
                let result = loop {
                    let r = match adopted.take() {
                        Some(response) => client::adopt_page(&req, response, &cancel).await,
                        None => client::fetch_page(&req, &token, &cancel).await,
                    };
                    match &r {
                        Err(e) if e.kind() == ErrorKind::Server && attempt < SERVER_ATTEMPTS => {
                            let jitter = (js_sys::Math::random() * JITTER_MS) as u32;
                            client::sleep_ms(BACKOFF_MS * 2u32.pow(attempt - 1) + jitter).await;
                            if superseded() {
                                return;
                            }
                            attempt += 1;
                        }
                        _ => break r,
                    }
                };
                // Superseded or unmounted: the answer is not ours to apply.
                if superseded() {
                    return;
                }
                in_flight.try_set_value(Vec::new());
                failed_more.try_set_value(more && result.is_err());
                if result.is_ok() {
                    rate_retried.try_set_value(false);
                }
                match result {
                    Ok(page) => {
                        if !more && !load_all.get_untracked() {
                            cache.try_update_value(|c| c.put(req.clone(), page.clone()));
                        }
                        apply(req, token, base, page, generation_now);
                    }
                    Err(api::Error::Aborted) => {}
                    Err(e) if e.kind() == ErrorKind::RateLimited && !rate_retried.try_get_value().unwrap_or(true) => {
                        // Honour Retry-After with a visible countdown, then try once more.
                        let mut left = e
                            .retry_after_secs(js_sys::Date::now() as i64, RETRY_AFTER_CAP_SECS)
                            .unwrap_or(RETRY_AFTER_DEFAULT_SECS);
                        set_state(Load::Failed { failure: Failure::from(&e), previous });
                        set_countdown.try_set(Some(left));
                        while left > 0 {
                            client::sleep_ms(1000).await;
                            if superseded() {
                                set_countdown.try_set(None);
                                return;
                            }
                            left -= 1;
                            set_countdown.try_set(Some(left));
                        }
                        set_countdown.try_set(None);
                        rate_retried.try_set_value(true);
                        if more {
                            more_signal.try_update(|n| *n += 1);
                        } else {
                            retry_signal.try_update(|n| *n += 1);
                        }
                    }
                    Err(e) => {
                        let failure = Failure::from(&e);
                        set_state(Load::Failed { failure: failure.clone(), previous });
                        events.emit(WidgetEvent::Failed(failure));
                    }
                }
            });
        }
    };

    {
        let start = start.clone();

        Effect::new(move |prev: Option<(u64, u64)>| {
            let counters = (retry.get(), refresh.get());
            // "Refresh", "Try again", refresh-interval: from the API again, not from the cache.
            if prev.is_some_and(|p| p != counters) {
                cache.try_update_value(|c| c.clear());
            }
            match request.get() {
                RequestSpec::Invalid(failure) => {
                    abort_prefetch();
                    abort_in_flight();
                    generation.try_update_value(|g| *g += 1);
                    set_state(Load::Failed { failure: failure.clone(), previous: None });
                    events.emit(WidgetEvent::Failed(failure));
                }
                RequestSpec::Wait => {
                    abort_prefetch();
                    abort_in_flight();
                    generation.try_update_value(|g| *g += 1);
                    let previous = load.with_untracked(Load::loaded);
                    set_state(Load::Loading { previous, more: false });
                }
                RequestSpec::Ready(req, token) => start(req, token, None, false),
            }
            counters
        });
    }

    // "Stop loading": keep what has arrived.
    Effect::new(move |prev: Option<u64>| {
        let n = stop.get();
        if prev.is_some_and(|p| p != n) {
            abort_in_flight();
            generation.try_update_value(|g| *g += 1);
            let shown = load.with_untracked(Load::loaded);
            if let Some(mut l) = shown.map(|l| (*l).clone()) {
                if let Some(p) = l.progress.as_mut() {
                    p.stopped = true;
                }
                set_load.try_set(Load::Ready(Arc::new(l)));
            }
        }
        n
    });

    Effect::new(move |prev: Option<u64>| {
        let n = more.get();
        if prev.is_some_and(|p| p != n) {
            // What is shown (also after a failed attempt), unless a request is in flight.
            let current = load.with_untracked(|l| if l.is_loading() { None } else { l.loaded() });
            if let (Some(loaded), RequestSpec::Ready(req, token)) = (current, request.get_untracked()) {
                if let Some(next) = loaded.pagination.next_offset {
                    start(req.with_offset(next), token, Some(loaded), true);
                }
            }
        }
        n
    });

    on_cleanup(move || {
        abort_prefetch();
        abort_in_flight();
        generation.try_update_value(|g| *g += 1);
    });

    Interactions { load, retry, more, failed_more, stop, countdown }
}
