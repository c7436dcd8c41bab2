//! The loader's state machine: [`Machine`] is a `Copy` bundle of handles (signals and stored
//! values), and each step is one method taking `self`, so a step can hand the machine to a task
//! it spawns without cloning closures into one another.
//!
//! Every request gets a new *generation*; an answer, a backoff, a countdown or a prefetch of an
//! older generation was superseded (or the view unmounted) and does nothing.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::events::{EventSink, WidgetEvent};
use super::state::{Load, Loaded, Progress, RequestSpec};
use crate::api::client::{self, Cancel, PrefetchSlot};
use crate::api::{self, InteractionsRequest};
use crate::model::cache::Lru;
use crate::model::dedup::SeenIds;
use crate::model::interaction::sort_newest_first;
use crate::model::retry::{self, RETRY_AFTER_CAP_SECS};
use crate::model::{ErrorKind, Failure, Page};

/// Pages kept for revisits.
const PAGE_CACHE: usize = 24;
/// How long a shown page waits before fetching the next one (an idle moment).
const PREFETCH_AFTER_MS: u32 = 400;
/// How many pages `load="all"` requests at once.
const LOAD_ALL_CONCURRENCY: usize = 4;
/// With `load="all"`, arrived pages are shown at most this often (each showing re-renders).
const LOAD_ALL_APPLY_MS: f64 = 700.0;

/// One request of the machine's: what it asks for, with which token, and for which generation.
#[derive(Clone)]
struct Job {
    req: InteractionsRequest,
    token: String,
    /// What the page is appended to ("Load more"); `None` for a page of its own.
    base: Option<Arc<Loaded>>,
    generation: u64,
}

#[derive(Clone, Copy)]
pub(super) struct Machine {
    // What it is given.
    request: Memo<RequestSpec>,
    load_all: Signal<bool>,
    events: StoredValue<EventSink, LocalStorage>,
    /// The bootstrap's request for the first page, until the first request takes (or aborts) it.
    prefetch: StoredValue<PrefetchSlot, LocalStorage>,
    // What it shows.
    pub(super) load: RwSignal<Load>,
    /// Seconds until the automatic retry after a 429, while counting down.
    pub(super) countdown: RwSignal<Option<u64>>,
    // Its bookkeeping.
    generation: StoredValue<u64>,
    /// What a new request aborts: the fetch in flight, or all of `load="all"`'s.
    in_flight: StoredValue<Vec<Cancel>, LocalStorage>,
    cache: StoredValue<Lru<InteractionsRequest, Page>>,
    /// The last failure was a "Load more": "Try again" retries the append.
    failed_more: StoredValue<bool>,
    /// A 429 was retried automatically already: the next one is final.
    rate_retried: StoredValue<bool>,
}

impl Machine {
    pub(super) fn new(
        request: Memo<RequestSpec>,
        load_all: Signal<bool>,
        events: EventSink,
        prefetch: PrefetchSlot,
    ) -> Self {
        Self {
            request,
            load_all,
            events: StoredValue::new_local(events),
            prefetch: StoredValue::new_local(prefetch),
            load: RwSignal::new(Load::Idle),
            countdown: RwSignal::new(None),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new_local(Vec::new()),
            cache: StoredValue::new(Lru::new(PAGE_CACHE)),
            failed_more: StoredValue::new(false),
            rate_retried: StoredValue::new(false),
        }
    }

    // The steps.

    /// The request changed (or is wanted again): starts it, or shows why it cannot be made yet.
    pub(super) fn on_request(self, spec: RequestSpec) {
        match spec {
            RequestSpec::Invalid(failure) => {
                self.cancel();
                self.fail(failure, None);
            }
            RequestSpec::Wait => {
                self.cancel();
                let previous = self.shown();
                self.set_state(Load::Loading { previous, more: false });
            }
            RequestSpec::Ready(req, token) => self.start(req, token, None),
        }
    }

    /// "Refresh": the current request again, from the API rather than the cache.
    pub(super) fn reload(self) {
        self.failed_more.try_set_value(false);
        self.clear_cache();
        if let Some(spec) = self.request.try_get_untracked() {
            self.on_request(spec);
        }
    }

    /// "Try again": repeats what failed, the page or the page being appended.
    pub(super) fn retry(self) {
        if self.failed_more.try_get_value().unwrap_or(false) {
            self.load_more();
        } else {
            self.reload();
        }
    }

    /// "Load more": appends the next page to what is shown (also after a failed attempt), if there
    /// is one and no request is in flight.
    pub(super) fn load_more(self) {
        let shown = self.load.try_with_untracked(|l| if l.is_loading() { None } else { l.loaded() }).flatten();
        if let (Some(loaded), Some(RequestSpec::Ready(req, token))) = (shown, self.request.try_get_untracked()) {
            if let Some(next) = loaded.pagination.next_offset {
                self.start(req.with_offset(next), token, Some(loaded));
            }
        }
    }

    /// "Stop loading" (`load="all"`): aborts what is in flight and keeps what has arrived.
    pub(super) fn stop(self) {
        self.supersede();
        if let Some(mut l) = self.shown().map(|l| (*l).clone()) {
            if let Some(p) = l.progress.as_mut() {
                p.stopped = true;
            }
            // While loading the rest the state is already "ready": no `state` event. After a
            // failed page it was "error": the host hears "ready", as the alert goes.
            self.set_state(Load::Ready(Arc::new(l)));
        }
    }

    /// Drops everything in progress (the view unmounts, or no request can be made): the
    /// bootstrap's prefetch, the requests in flight and, by a new generation, any answer, backoff
    /// or countdown still to come.
    pub(super) fn cancel(self) {
        self.prefetch.try_with_value(PrefetchSlot::abort);
        self.supersede();
    }

    /// Forgets the pages kept for revisits: the next requests go to the API.
    pub(super) fn clear_cache(self) {
        self.cache.try_update_value(|c| c.clear());
    }

    /// Fetches `req` and shows it; `base`: what it is appended to ("Load more"). From the cache
    /// when it is there, else from the bootstrap's prefetch when that is exactly this request,
    /// else from the API.
    fn start(self, req: InteractionsRequest, token: String, base: Option<Arc<Loaded>>) {
        let more = base.is_some();
        let Some(generation) = self.supersede() else {
            return;
        };
        self.countdown.try_set(None);
        let job = Job { req, token, base, generation };
        if !more && !self.load_all() {
            if let Some(page) = self.cache.try_update_value(|c| c.get(&job.req)).flatten() {
                self.prefetch.try_with_value(PrefetchSlot::abort);
                self.rate_retried.try_set_value(false);
                self.failed_more.try_set_value(false);
                self.apply(job, page);
                return;
            }
        }
        let (adopted, cancel) = self.adopt_prefetch(&job);
        self.in_flight.try_set_value(vec![cancel.clone()]);
        let previous = self.shown();
        self.set_state(Load::Loading { previous: previous.clone(), more });
        spawn_local(async move {
            if let Some(result) = self.fetch(&job, adopted, &cancel).await {
                self.finish(job, previous, result).await;
            }
        });
    }

    /// The bootstrap's response for the first page and its canceller, when `job` is exactly the
    /// request it sent; any other prefetch is aborted.
    fn adopt_prefetch(self, job: &Job) -> (Option<js_sys::Promise>, Cancel) {
        let adopted = match self.prefetch.try_with_value(PrefetchSlot::take).flatten() {
            Some(p) if job.base.is_none() => p.matching(&job.req, &job.token),
            Some(p) => {
                p.abort();
                None
            }
            None => None,
        };
        match adopted {
            Some((response, cancel)) => (Some(response), cancel),
            None => (None, Cancel::new()),
        }
    }

    /// The answer to `job`, tried again after a server error with backoff
    /// ([`retry::server_backoff_ms`]); `None` when superseded while backing off.
    async fn fetch(
        self,
        job: &Job,
        mut adopted: Option<js_sys::Promise>,
        cancel: &Cancel,
    ) -> Option<Result<Page, api::Error>> {
        let mut attempt = 1;
        loop {
            let result = match adopted.take() {
                Some(response) => client::adopt_page(&job.req, response, cancel).await,
                None => client::fetch_page(&job.req, &job.token, cancel).await,
            };
            let backoff = match &result {
                Err(e) => retry::server_backoff_ms(e.kind(), attempt, js_sys::Math::random()),
                Ok(_) => None,
            };
            let Some(ms) = backoff else {
                return Some(result);
            };
            client::sleep_ms(ms).await;
            if !self.is_current(job.generation) {
                return None;
            }
            attempt += 1;
        }
    }

    /// Takes the answer to `job`: shows the page, or the failure over `previous` (what was shown).
    /// A first 429 is waited out and tried once more.
    async fn finish(self, job: Job, previous: Option<Arc<Loaded>>, result: Result<Page, api::Error>) {
        // Superseded or unmounted: the answer is not ours to apply.
        if !self.is_current(job.generation) {
            return;
        }
        let more = job.base.is_some();
        self.in_flight.try_set_value(Vec::new());
        self.failed_more.try_set_value(more && result.is_err());
        if result.is_ok() {
            self.rate_retried.try_set_value(false);
        }
        match result {
            Ok(page) => {
                if !more && !self.load_all() {
                    self.cache.try_update_value(|c| c.put(job.req.clone(), page.clone()));
                }
                self.apply(job, page);
            }
            Err(api::Error::Aborted) => {}
            Err(e) if e.kind() == ErrorKind::RateLimited && !self.rate_retried.try_get_value().unwrap_or(true) => {
                self.wait_out_rate_limit(&e, job.generation, previous, more).await;
            }
            Err(e) => self.fail(Failure::from(&e), previous),
        }
    }

    /// A first 429: shown with a countdown of its `Retry-After`, then tried once more (the page,
    /// or the page being appended).
    async fn wait_out_rate_limit(self, e: &api::Error, generation: u64, previous: Option<Arc<Loaded>>, more: bool) {
        let retry_after = e.retry_after_secs(js_sys::Date::now() as i64, RETRY_AFTER_CAP_SECS);
        let mut left = retry::rate_limit_wait_secs(retry_after);
        self.set_state(Load::Failed { failure: Failure::from(e), previous });
        self.countdown.try_set(Some(left));
        while left > 0 {
            client::sleep_ms(1000).await;
            if !self.is_current(generation) {
                self.countdown.try_set(None);
                return;
            }
            left -= 1;
            self.countdown.try_set(Some(left));
        }
        self.countdown.try_set(None);
        self.rate_retried.try_set_value(true);
        if more {
            self.load_more();
        } else {
            self.reload();
        }
    }

    /// Shows a page that arrived (or came from the cache) and tells the host once it is rendered;
    /// on page 2 and later, fetches the next page once idle. With `load="all"`, a first page of
    /// several goes on to [`Self::load_rest`].
    fn apply(self, job: Job, page: Page) {
        let loaded = match &job.base {
            Some(b) => b.append(page),
            None => Loaded::from_page(page),
        };
        let load_all = self.load_all();
        if job.base.is_none() && load_all && loaded.pagination.pages > 1 {
            self.load_rest(job, loaded);
            return;
        }
        let p = &loaded.pagination;
        let event = WidgetEvent::Loaded {
            page: p.current_page,
            page_count: p.pages,
            total: p.total,
            count: loaded.items.len(),
        };
        let next = p.next_offset.filter(|_| job.base.is_none() && job.req.offset > 0 && !load_all);
        self.set_state(Load::Ready(Arc::new(loaded)));
        self.emit_after_render(event);
        if let Some(offset) = next {
            self.prefetch_next(Job { req: job.req.with_offset(offset), ..job });
        }
    }

    /// Fetches `job`'s page into the cache after an idle moment, unless it is there already. It
    /// counts as in flight, so a real request aborts it: one request at a time.
    fn prefetch_next(self, job: Job) {
        if self.cache.try_with_value(|c| c.contains(&job.req)).unwrap_or(true) {
            return;
        }
        spawn_local(async move {
            client::sleep_ms(PREFETCH_AFTER_MS).await;
            if !self.is_current(job.generation) {
                return;
            }
            let cancel = Cancel::new();
            self.in_flight.try_set_value(vec![cancel.clone()]);
            let result = client::fetch_page(&job.req, &job.token, &cancel).await;
            if self.is_current(job.generation) {
                self.in_flight.try_set_value(Vec::new());
                if let Ok(page) = result {
                    self.cache.try_update_value(|c| c.put(job.req, page));
                }
            }
        });
    }

    /// `load="all"`, after its first page: every other page, [`LOAD_ALL_CONCURRENCY`] at a time,
    /// shown newest first as they arrive (at most every [`LOAD_ALL_APPLY_MS`]). The first failure
    /// aborts the rest and is shown over what has arrived.
    fn load_rest(self, job: Job, first: Loaded) {
        use futures::stream::{self, StreamExt};
        let total = first.pagination.pages.max(1);
        let limit = u64::from(job.req.limit.max(1));
        let pages: Vec<(u64, Cancel)> = (1..total).map(|p| (p * limit, Cancel::new())).collect();
        self.in_flight.try_set_value(pages.iter().map(|(_, c)| c.clone()).collect());
        let mut acc = first;
        acc.progress = Some(Progress { done: 1, total, stopped: false });
        self.set_state(Load::Ready(Arc::new(acc.clone())));
        spawn_local(async move {
            let Job { req, token, generation, .. } = job;
            let mut seen = SeenIds::of(&acc.items);
            let mut applied_at = js_sys::Date::now();
            let mut results = stream::iter(pages)
                .map(|(offset, cancel)| {
                    let (req, token) = (req.clone().with_offset(offset), token.clone());
                    async move { client::fetch_page(&req, &token, &cancel).await }
                })
                .buffer_unordered(LOAD_ALL_CONCURRENCY);
            while let Some(result) = results.next().await {
                if !self.is_current(generation) {
                    return;
                }
                match result {
                    Ok(page) => {
                        seen.append(&mut acc.items, page.items);
                        acc.pages_loaded += 1;
                        if let Some(p) = acc.progress.as_mut() {
                            p.done += 1;
                        }
                    }
                    Err(api::Error::Aborted) => return,
                    Err(e) => {
                        self.abort_in_flight();
                        sort_newest_first(&mut acc.items);
                        self.fail(Failure::from(&e), Some(Arc::new(acc)));
                        return;
                    }
                }
                let finished = acc.progress.is_some_and(|p| !p.running());
                if finished || js_sys::Date::now() - applied_at > LOAD_ALL_APPLY_MS {
                    sort_newest_first(&mut acc.items);
                    self.set_state(Load::Ready(Arc::new(acc.clone())));
                    applied_at = js_sys::Date::now();
                }
            }
            self.in_flight.try_set_value(Vec::new());
            let p = &acc.pagination;
            let count = acc.items.len();
            self.emit_after_render(WidgetEvent::Loaded { page: p.pages, page_count: p.pages, total: p.total, count });
        });
    }

    // Helpers.

    /// Shows `next`, telling the host when the state's name changes (`ctrlhub-state`).
    fn set_state(self, next: Load) {
        let name = next.name();
        let changed = self.load.try_with_untracked(|l| l.name() != name).unwrap_or(false);
        if self.load.try_set(next).is_none() && changed {
            self.emit(WidgetEvent::State(name));
        }
    }

    /// Shows `failure` over `previous` (what stays visible) and tells the host (`ctrlhub-error`).
    fn fail(self, failure: Failure, previous: Option<Arc<Loaded>>) {
        self.set_state(Load::Failed { failure: failure.clone(), previous });
        self.emit(WidgetEvent::Failed(failure));
    }

    fn emit(self, e: WidgetEvent) {
        if let Some(sink) = self.events.try_get_value() {
            sink.emit(e);
        }
    }

    fn emit_after_render(self, e: WidgetEvent) {
        if let Some(sink) = self.events.try_get_value() {
            sink.emit_after_render(e);
        }
    }

    /// What is shown (also while loading or after a failure).
    fn shown(self) -> Option<Arc<Loaded>> {
        self.load.try_with_untracked(Load::loaded).flatten()
    }

    fn load_all(self) -> bool {
        self.load_all.try_get_untracked().unwrap_or(false)
    }

    /// Aborts what is in flight and starts a new generation, which it returns (`None` once the
    /// view is gone).
    fn supersede(self) -> Option<u64> {
        self.abort_in_flight();
        self.generation.try_update_value(|g| {
            *g += 1;
            *g
        })
    }

    fn is_current(self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    fn abort_in_flight(self) {
        if let Some(cancels) = self.in_flight.try_update_value(std::mem::take) {
            cancels.iter().for_each(Cancel::abort);
        }
    }
}
