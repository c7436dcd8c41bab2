//! The whole widget: toolbar, scope chips, status, the grouped timeline, pager and states. The
//! logic lives in hooks (`hooks.rs`), the pieces in their own components.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos_use_interval_fn::{use_interval_fn_with_options, Pausable, UseIntervalFnOptions};

use super::error_view::ErrorView;
use super::format::{Formats, Locale};
use super::hooks::{now_ms, use_export, use_formats, use_request, use_row_state, use_shown, use_virtual_window, Shown};
use super::i18n::I18n;
use super::item::ScopeKind;
use super::loader::{use_interactions, EventSink, Load, WidgetEvent};
use super::pager::Pager;
use super::scope_chips::ScopeChips;
use super::states::{Empty, Progress, Skeleton};
use super::status::StatusLine;
use super::timeline::{all_keys, Ctx, TimelineView};
use super::toolbar::Toolbar;
use crate::api::client::PrefetchSlot;
use crate::model::i18n::Msg;
use crate::model::paging::PageNav;
use crate::model::url_state::ViewState;
use crate::model::{Interaction, RawSettings};

/// Lets the host ask for the CSV of what is shown (`exportCsv()`).
#[derive(Clone, Default)]
pub struct ExportSlot(Rc<RefCell<Option<Exporter>>>);

type Exporter = Box<dyn Fn() -> String>;

impl ExportSlot {
    /// Downloads what is shown as CSV and returns the text (empty when nothing is mounted).
    pub fn export(&self) -> String {
        self.0.borrow().as_ref().map(|f| f()).unwrap_or_default()
    }

    fn set(&self, f: impl Fn() -> String + 'static) {
        *self.0.borrow_mut() = Some(Box::new(f));
    }

    fn clear(&self) {
        *self.0.borrow_mut() = None;
    }
}

/// What the status line says.
fn status_text(load: &Load, shown: usize, filtering: bool, formats: &Formats) -> String {
    let n = |v: u64| formats.number(v);
    let m = &formats.m;
    let done_of = |msg, done: u64, total: u64| m.fill(msg, &[("done", &n(done)), ("total", &n(total))]);
    let shown_of = |msg, shown: u64, total: u64| m.fill(msg, &[("shown", &n(shown)), ("total", &n(total))]);
    let hidden = |msg, hidden: u64| m.fill(msg, &[("hidden", &n(hidden))]);
    match load {
        Load::Idle => String::new(),
        Load::Loading { more: true, .. } => m.text(Msg::LoadingMore),
        Load::Loading { .. } => m.text(Msg::Loading),
        Load::Failed { .. } => m.text(Msg::LoadFailed),
        Load::Ready(l) => {
            let loaded = l.items.len() as u64;
            let total = l.pagination.total.max(loaded);
            let shown = shown as u64;
            if let Some(p) = l.progress {
                let pages = done_of(Msg::PagesOf, p.done, p.total);
                return match (p.running(), p.stopped, filtering) {
                    (true, _, _) => done_of(Msg::LoadingPages, p.done, p.total),
                    (_, true, true) => m.fill(
                        Msg::ShowingLoadedStopped,
                        &[("shown", &n(shown)), ("loaded", &n(loaded)), ("pages", &pages)],
                    ),
                    (_, true, false) => {
                        m.fill(Msg::ShowingStopped, &[("shown", &n(loaded)), ("total", &n(total)), ("pages", &pages)])
                    }
                    (_, false, _) if loaded == 0 => m.text(Msg::NoInteractions),
                    (_, false, true) if shown == 0 => hidden(Msg::NoneMatch, loaded),
                    (_, false, _) => shown_of(Msg::Showing, shown, total),
                };
            }
            let one_page = l.pages_loaded <= 1;
            match (loaded, shown, filtering) {
                (0, _, _) => m.text(Msg::NoInteractions),
                (_, 0, true) => hidden(if one_page { Msg::NoneMatchOnThisPage } else { Msg::NoneMatchLoaded }, loaded),
                (_, _, true) => m.fill(
                    if one_page { Msg::ShowingOnThisPage } else { Msg::ShowingLoaded },
                    &[("shown", &n(shown)), ("loaded", &n(loaded)), ("total", &n(total))],
                ),
                _ => shown_of(Msg::Showing, loaded, total),
            }
        }
    }
}

/// Everything the widget reads from its host (the element, the standalone views, a test): one
/// value instead of a prop each.
#[derive(Clone)]
pub struct WidgetInputs {
    pub settings: Signal<RawSettings>,
    /// The view state: grouping, filters, user scope, page. The host may set it too.
    pub view: RwSignal<ViewState>,
    /// Each change re-sends the current request (the host's `refresh()`).
    pub refresh: Signal<u64>,
    pub events: EventSink,
    /// Locale and time zone for dates and numbers; the locale also picks the catalogue (en-GB
    /// or Welsh), with the host's replacement texts (`strings`). Changes re-format the view.
    pub locale: Signal<Locale>,
    /// Seconds between silent refreshes; 0 = off.
    pub refresh_interval: Signal<u32>,
    pub no_toolbar: Signal<bool>,
    /// `load="all"`: every page, with progress, instead of one page at a time.
    pub load_all: Signal<bool>,
    pub export: ExportSlot,
    /// The bootstrap's request for the first page, used if it is exactly the first request.
    pub prefetch: PrefetchSlot,
}

impl WidgetInputs {
    /// `settings` and `events`, everything else at its default (a fresh view state, the browser's
    /// locale, no refresh interval, the toolbar, one page at a time). Call under the owner the
    /// widget is mounted in.
    pub fn new(settings: Signal<RawSettings>, events: EventSink) -> Self {
        Self {
            settings,
            view: RwSignal::new(ViewState::default()),
            refresh: Signal::default(),
            events,
            locale: Signal::default(),
            refresh_interval: Signal::default(),
            no_toolbar: Signal::default(),
            load_all: Signal::default(),
            export: ExportSlot::default(),
            prefetch: PrefetchSlot::default(),
        }
    }
}

#[component]
pub fn Widget(inputs: WidgetInputs) -> impl IntoView {
    let WidgetInputs {
        settings,
        view,
        refresh,
        events,
        locale,
        refresh_interval,
        no_toolbar,
        load_all,
        export,
        prefetch,
    } = inputs;
    let i18n = I18n::new(locale);
    super::format::install_case_mapping();
    let sink = StoredValue::new_local(events.clone());
    let emit = move |e: WidgetEvent| sink.with_value(|s| s.emit(e));

    let request = use_request(settings, view, load_all);
    let data_refresh = RwSignal::new(0u64);
    let refresh = Signal::derive(move || refresh.get() + data_refresh.get());
    let data = use_interactions(request, refresh, load_all, events, prefetch);
    let load = data.load;
    let loaded = Memo::new(move |_| load.with(Load::loaded));
    let tz = Memo::new(move |_| locale.with(|l| l.time_zone.clone()));
    let shown = use_shown(loaded, view, tz, i18n);
    let (formats, formats_rev) = use_formats(locale, i18n);
    use_refresh_interval(refresh_interval, data_refresh);
    let (status, notice) = use_status(load, shown, formats, formats_rev);

    // The user changed the view: tell the host (which may put it in the URL).
    let changed = Callback::new(move |_| emit(WidgetEvent::ViewChanged(Box::new(view.get_untracked()))));
    let collapsed = RwSignal::new(HashSet::<String>::new());
    let (rows, upcoming_all) = use_row_state();
    let results = NodeRef::<html::Div>::new();
    let focus_results = use_focus_results(load, results);
    let (on_page, on_per_page, on_scope) = use_view_actions(view, changed, focus_results);
    let on_select = Callback::new(move |item: Interaction| emit(WidgetEvent::Selected(Box::new(item))));
    let on_export = use_export_slot(&export, use_export(loaded, shown.timeline, formats, notice));
    let on_expand_all = Callback::new(move |_| collapsed.set(HashSet::new()));
    let on_collapse_all = Callback::new(move |_| collapsed.set(shown.timeline.with_untracked(all_keys)));
    let retry = Callback::new(move |_| data.retry());
    let reload = Callback::new(move |_| data.reload());

    let win = use_virtual_window(results, load_all, loaded, view);
    // Only a change of the search text re-renders the rows (their highlights), not any view change.
    let query = Memo::new(move |_| view.with(|v| v.filters.search.clone()));
    let group_by = Memo::new(move |_| view.with(|v| v.group_by));
    let body = move || {
        formats_rev.track();
        let loaded = loaded.get()?;
        let ctx = Ctx {
            loaded,
            formats: formats.get_value(),
            now_ms: now_ms(),
            query: query.get(),
            collapsed,
            rows,
            upcoming_all,
            group_by: group_by.get(),
            on_select,
            on_scope,
        };
        Some(view! { <TimelineView timeline=shown.timeline.get() ctx window=win.window.into() heights=win.heights/> })
    };
    let failure = move || match load.get() {
        Load::Failed { failure, .. } => {
            Some(view! { <ErrorView i18n failure on_retry=retry countdown=data.countdown/> })
        }
        _ => None,
    };
    let toolbar = move || {
        (!no_toolbar.get()).then(|| {
            view! {
                <Toolbar i18n view facets=Signal::derive(move || shown.facets.get()) changed on_refresh=reload
                    on_export on_expand_all on_collapse_all/>
            }
        })
    };

    view! {
        <section class="ch-root" part="base" lang=i18n.lang() aria-label=i18n.tr(Msg::Region)
            aria-busy=move || load.with(Load::is_loading).to_string()>
            <header class="ch-toolbar" part="toolbar">
                <h2 class="ch-title">{i18n.tr(Msg::Region)}</h2>
                {toolbar}
                {move || no_toolbar.get().then(|| view! {
                    <button type="button" class="ch-button" on:click=move |_| data.reload()>{i18n.tr(Msg::Refresh)}</button>
                })}
            </header>
            <ScopeChips i18n view loaded changed/>
            <StatusLine text=status/>
            <Progress i18n loaded data/>
            {failure}
            <Skeleton load/>
            <Empty i18n load loaded filtered=shown.filtered filtering=shown.filtering view changed/>
            <div
                class="ch-results"
                class:ch-virtual=move || win.virtual_mode.get()
                tabindex="-1"
                node_ref=results
                on:scroll=move |_| win.on_scroll()
                // Page Down/Up have moved focus (and scrolled) by the time the key bubbles here:
                // move the window now rather than a frame later, so the next key finds its article.
                on:keydown=move |_| win.on_scroll()
            >
                {body}
            </div>
            <PagerSection i18n loaded load load_all view data on_page on_per_page/>
        </section>
    }
}

/// The status line's text, and the notice that replaces it (e.g. the export's) until the next
/// load or filter change.
fn use_status(
    load: ReadSignal<Load>,
    shown: Shown,
    formats: StoredValue<Rc<Formats>, LocalStorage>,
    formats_rev: RwSignal<u32>,
) -> (Signal<String>, RwSignal<Option<String>>) {
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        load.track();
        shown.filtered.track();
        notice.set(None);
    });
    let status = Signal::derive(move || {
        notice.get().unwrap_or_else(|| {
            formats_rev.track();
            let n = shown.filtered.with(Vec::len);
            let text = |f: &Rc<Formats>| load.with(|l| status_text(l, n, shown.filtering.get(), f));
            formats.try_with_value(text).unwrap_or_default()
        })
    });
    (status, notice)
}

/// Silent refreshes every `refresh-interval` seconds while mounted (0 = off).
fn use_refresh_interval(refresh_interval: Signal<u32>, data_refresh: RwSignal<u64>) {
    // Not started by leptos-use at once (it would read the interval outside any reactive
    // context, a warning in debug builds): the effect below starts or pauses it.
    let Pausable { pause, resume, .. } = use_interval_fn_with_options(
        move || data_refresh.update(|n| *n += 1),
        Signal::derive(move || u64::from(refresh_interval.get().max(1)) * 1000),
        UseIntervalFnOptions::default().immediate(false),
    );
    Effect::new(move |_| if refresh_interval.get() == 0 { pause() } else { resume() });
}

/// After a page change, focus (and scroll to) the results once the page is there. Returns the
/// flag to set when the user changes page.
fn use_focus_results(load: ReadSignal<Load>, results: NodeRef<html::Div>) -> RwSignal<bool> {
    let focus_results = RwSignal::new(false);
    Effect::new(move |_| {
        if load.with(|l| matches!(l, Load::Ready(_))) && focus_results.get_untracked() {
            focus_results.set(false);
            if let Some(el) = results.get_untracked() {
                let _ = el.focus();
                el.scroll_into_view();
            }
        }
    });
    focus_results
}

/// "Only this contact" (…): the kind, id and label of the scope asked for.
type ScopeAction = Callback<(ScopeKind, String, String)>;

/// What the pager's buttons do to the view: change page (focusing the results once it is there),
/// page size, or server scope ("Only this …").
fn use_view_actions(
    view: RwSignal<ViewState>,
    changed: Callback<()>,
    focus_results: RwSignal<bool>,
) -> (Callback<u64>, Callback<u32>, ScopeAction) {
    let on_page = Callback::new(move |page: u64| {
        view.update(|v| v.page = page.max(1));
        focus_results.set(true);
        changed.run(());
    });
    let on_per_page = Callback::new(move |size: u32| {
        view.update(|v| {
            v.page_size = size;
            v.page = 1;
        });
        changed.run(());
    });
    let on_scope = Callback::new(move |(kind, id, _label): (ScopeKind, String, String)| {
        view.update(|v| {
            let list = match kind {
                ScopeKind::Contact => &mut v.scope.contact_in,
                ScopeKind::Property => &mut v.scope.property_in,
                ScopeKind::Representative => &mut v.scope.representative_in,
            };
            *list = vec![id];
            v.page = 1;
        });
        changed.run(());
    });
    (on_page, on_per_page, on_scope)
}

/// The pager, when there are server pages to move between (not with `load="all"`).
#[component]
fn PagerSection(
    i18n: I18n,
    loaded: Memo<Option<std::sync::Arc<super::loader::Loaded>>>,
    load: ReadSignal<Load>,
    load_all: Signal<bool>,
    view: RwSignal<ViewState>,
    data: super::loader::Interactions,
    on_page: Callback<u64>,
    on_per_page: Callback<u32>,
) -> impl IntoView {
    let nav = Memo::new(move |_| loaded.with(|l| l.as_ref().map(|l| PageNav::from(&l.pagination)).unwrap_or_default()));
    let appended =
        Signal::derive(move || loaded.with(|l| l.as_ref().map(|l| l.pages_loaded.saturating_sub(1)).unwrap_or(0)));
    // A Memo, so the pager (and its local state) is built once, not again for every page.
    let show_pager = Memo::new(move |_| {
        !load_all.get() && loaded.with(|l| l.as_ref().is_some_and(|l| l.pagination.total > 0 && !l.items.is_empty()))
    });
    move || {
        show_pager.get().then(|| {
            view! {
                <Pager
                    i18n
                    nav
                    per_page=Signal::derive(move || view.with(|v| v.page_size))
                    busy=Signal::derive(move || load.with(Load::is_loading))
                    appended
                    on_page
                    on_per_page
                    on_more=Callback::new(move |_| data.load_more())
                />
            }
        })
    }
}

/// Hands the export to the host's `exportCsv()` while mounted; returns the "Export CSV" action.
fn use_export_slot(
    export: &ExportSlot,
    export_now: impl Fn() -> String + Clone + Send + Sync + 'static,
) -> Callback<()> {
    export.set(export_now.clone());
    // Unmounted: the host's exportCsv() must not reach disposed signals.
    let slot = send_wrapper::SendWrapper::new(export.clone());
    on_cleanup(move || slot.clear());
    Callback::new(move |_| {
        export_now();
    })
}
