//! The whole widget: toolbar, scope chips, status, the grouped timeline, pager and states.

use crate::strings as t;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos_use_interval_fn::{use_interval_fn, Pausable};

use super::error_view::ErrorView;
use super::format::{with_decompose, Formats, IntlZone, Locale};
use super::item::{focus_later, ScopeKind};
use super::loader::{use_interactions, EventSink, Load, Loaded, RequestSpec, WidgetEvent};
use super::pager::Pager;
use super::status::StatusLine;
use super::timeline::{all_keys, Ctx, TimelineView};
use super::toolbar::Toolbar;
use crate::api::InteractionsRequest;
use crate::model::filters;
use crate::model::grouping::build_timeline;
use crate::model::paging::PageNav;
use crate::model::search::{Decompose, SearchIndex};
use crate::model::url_state::ViewState;
use crate::model::window::Heights;
use crate::model::{csv, labels, Config, Failure, Filters, Interaction, RawSettings, Zone};

/// More loaded interactions than this are rendered virtualised (see [`TimelineView`]).
const VIRTUALISE_OVER: usize = 200;
/// The rendered window moves in steps of this many CSS pixels.
const WINDOW_STEP: f64 = 200.0;

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

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Offers the CSV text as a file download.
fn download(text: &str, name: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(a).ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The label for a scope chip: from the loaded data when possible.
fn chip_label(items: &[Interaction], kind: ScopeKind, id: &str) -> String {
    let found = items.iter().find_map(|i| {
        let r = match kind {
            ScopeKind::Contact => i.contact.as_ref(),
            ScopeKind::Property => i.property.as_ref(),
            ScopeKind::Representative => i.representative.as_ref(),
        }?;
        (r.id == id).then(|| r.label.clone())
    });
    found.unwrap_or_else(|| {
        let t = match kind {
            ScopeKind::Contact => "contacts",
            ScopeKind::Property => "properties",
            ScopeKind::Representative => "users",
        };
        labels::fallback(t, id)
    })
}

/// What the status line says.
fn status_text(load: &Load, shown: usize, filtering: bool, formats: &Formats) -> String {
    let n = |v: u64| formats.number(v);
    match load {
        Load::Idle => String::new(),
        Load::Loading { more: true, .. } => t::LOADING_MORE.to_owned(),
        Load::Loading { .. } => t::LOADING.to_owned(),
        Load::Failed { .. } => t::LOAD_FAILED.to_owned(),
        Load::Ready(l) => {
            let loaded = l.items.len() as u64;
            let total = l.pagination.total.max(loaded);
            if let Some(p) = l.progress {
                let pages = t::pages_of(&n(p.done), &n(p.total));
                return match (p.running(), p.stopped, filtering) {
                    (true, _, _) => t::loading_pages(&n(p.done), &n(p.total)),
                    (_, true, true) => t::showing_loaded_stopped(&n(shown as u64), &n(loaded), &pages),
                    (_, true, false) => t::showing_stopped(&n(loaded), &n(total), &pages),
                    (_, false, _) if loaded == 0 => t::NO_INTERACTIONS.to_owned(),
                    (_, false, true) if shown == 0 => t::none_match(&n(loaded), None),
                    (_, false, _) => t::showing(&n(shown as u64), &n(total)),
                };
            }
            let one_page = l.pages_loaded <= 1;
            match (loaded, shown, filtering) {
                (0, _, _) => t::NO_INTERACTIONS.to_owned(),
                (_, 0, true) => t::none_match(&n(loaded), Some(one_page)),
                (_, _, true) => t::showing_filtered(&n(shown as u64), &n(loaded), &n(total), one_page),
                _ => t::showing(&n(loaded), &n(total)),
            }
        }
    }
}

/// Runs `f` over what filtering and its facet counts both read: the loaded items, the filters,
/// the time zone, Unicode decomposition and the search index. Before a load, `R::default()`.
fn over_filter_inputs<R: Default>(
    loaded: Memo<Option<Arc<Loaded>>>,
    filters_now: Memo<Filters>,
    search_index: Memo<SearchIndex>,
    tz: Memo<Option<String>>,
    f: impl FnOnce(&[Interaction], &Filters, &dyn Zone, &dyn Decompose, &SearchIndex) -> R,
) -> R {
    let zone = IntlZone::shared(tz.get().as_deref());
    loaded.with(|l| match l.as_ref() {
        Some(l) => {
            filters_now.with(|fs| search_index.with(|index| with_decompose(|d| f(&l.items, fs, &*zone, d, index))))
        }
        None => R::default(),
    })
}

#[component]
pub fn Widget(
    #[prop(into)] settings: Signal<RawSettings>,
    /// The view state: grouping, filters, user scope, page. The host may set it too.
    #[prop(optional)]
    view: Option<RwSignal<ViewState>>,
    /// Each change re-sends the current request (the host's `refresh()`).
    #[prop(into, optional)]
    refresh: Signal<u64>,
    events: EventSink,
    /// Locale and time zone for dates and numbers; changes re-format the view.
    #[prop(into, optional)]
    locale: Signal<Locale>,
    /// Seconds between silent refreshes; 0 = off.
    #[prop(into, optional)]
    refresh_interval: Signal<u32>,
    #[prop(into, optional)] no_toolbar: Signal<bool>,
    /// `load="all"`: every page, with progress, instead of one page at a time.
    #[prop(into, optional)]
    load_all: Signal<bool>,
    #[prop(optional)] export: ExportSlot,
) -> impl IntoView {
    let view = view.unwrap_or_else(|| RwSignal::new(ViewState::default()));
    let sink = StoredValue::new_local(events.clone());
    let emit = move |e: WidgetEvent| sink.with_value(|s| s.emit(e));

    let request = Memo::new(move |_| -> RequestSpec {
        if settings.with(|s| s.awaiting_token && s.token.is_none()) {
            return RequestSpec::Wait;
        }
        let config = match settings.with(Config::from_raw) {
            Ok(c) => c,
            Err(e) => return RequestSpec::Invalid(Failure::from(&e)),
        };
        let mut req = InteractionsRequest::first_page(&config);
        view.with(|v| {
            req.scope = config.scope.narrowed_by(&v.scope);
            req.limit = v.page_size.max(1);
            req.offset = if load_all.get() { 0 } else { (v.page.max(1) - 1) * u64::from(req.limit) };
        });
        RequestSpec::Ready(req, config.token)
    });
    let data_refresh = RwSignal::new(0u64);
    let refresh = Signal::derive(move || refresh.get() + data_refresh.get());
    let data = use_interactions(request, refresh, load_all, events);
    let load = data.load;
    let loaded = Memo::new(move |_| load.with(Load::loaded));

    let tz = Memo::new(move |_| locale.with(|l| l.time_zone.clone()));
    // Narrow memos, so a change of grouping does not re-filter and a change of page does neither.
    let filters_now = Memo::new(move |_| view.with(|v| v.filters.clone()));
    let group_by = Memo::new(move |_| view.with(|v| v.group_by));
    // Every item's folded search text, once per load (not per keystroke). Never compared: a new
    // load is a new index.
    let search_index = Memo::new_with_compare(
        move |_| {
            loaded.with(|l| l.as_ref().map(|l| with_decompose(|d| SearchIndex::new(&l.items, d))).unwrap_or_default())
        },
        |_, _| true,
    );
    let filtered = Memo::new(move |_| over_filter_inputs(loaded, filters_now, search_index, tz, filters::apply));
    let facets = Memo::new(move |_| over_filter_inputs(loaded, filters_now, search_index, tz, filters::facets));
    let timeline = Memo::new(move |_| {
        let zone = IntlZone::shared(tz.get().as_deref());
        let group_by = group_by.get();
        loaded.with(|l| {
            let items: &[Interaction] = l.as_ref().map(|l| l.items.as_slice()).unwrap_or(&[]);
            filtered.with(|idx| build_timeline(items, idx, group_by, &*zone, now_ms()))
        })
    });
    let filtering = Memo::new(move |_| view.with(|v| !v.filters.is_empty()));
    // Intl formatters are JS objects: held in a local arena slot (the handle is `Send`).
    let formats = StoredValue::new_local(Rc::new(Formats::new(&locale.get_untracked())));
    // Bumped when the locale changes, so formatted text is rebuilt.
    let formats_rev = RwSignal::new(0u32);
    Effect::new(move |prev: Option<()>| {
        let l = locale.get();
        if prev.is_some() {
            formats.set_value(Rc::new(Formats::new(&l)));
            formats_rev.update(|n| *n += 1);
        }
    });
    {
        // Silent refreshes every `refresh-interval` seconds while mounted.
        let Pausable { pause, resume, .. } = use_interval_fn(
            move || data_refresh.update(|n| *n += 1),
            Signal::derive(move || u64::from(refresh_interval.get().max(1)) * 1000),
        );
        Effect::new(move |_| if refresh_interval.get() == 0 { pause() } else { resume() });
    }
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        load.track();
        filtered.track();
        notice.set(None);
    });
    let status = {
        Signal::derive(move || {
            notice.get().unwrap_or_else(|| {
                formats_rev.track();
                let shown = filtered.with(Vec::len);
                let text = |f: &Rc<Formats>| load.with(|l| status_text(l, shown, filtering.get(), f));
                formats.try_with_value(text).unwrap_or_default()
            })
        })
    };

    // The user changed the view: tell the host (which may put it in the URL).
    let changed = Callback::new(move |_| emit(WidgetEvent::ViewChanged(Box::new(view.get_untracked()))));
    let collapsed = RwSignal::new(HashSet::<String>::new());
    // Open details by interaction id: kept across re-renders, pages and the virtual window.
    let expanded = RwSignal::new(HashSet::<String>::new());
    let upcoming_all = RwSignal::new(false);
    let results = NodeRef::<html::Div>::new();
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
    let remove_scope = move |kind: ScopeKind| {
        view.update(|v| {
            match kind {
                ScopeKind::Contact => v.scope.contact_in.clear(),
                ScopeKind::Property => v.scope.property_in.clear(),
                ScopeKind::Representative => v.scope.representative_in.clear(),
            }
            v.page = 1;
        });
        changed.run(());
    };
    let on_select = Callback::new(move |item: Interaction| emit(WidgetEvent::Selected(Box::new(item))));

    let export_now = {
        move || {
            let (text, rows) = loaded
                .try_with_untracked(|l| {
                    let empty: &[Interaction] = &[];
                    let items = l.as_ref().map(|l| l.items.as_slice()).unwrap_or(empty);
                    // What is shown, in the order it is shown (Upcoming, then group by group).
                    let shown: Vec<&Interaction> = timeline
                        .try_with_untracked(|t| t.ordered_indices().into_iter().filter_map(|i| items.get(i)).collect())
                        .unwrap_or_default();
                    (csv::to_csv(&shown, &|i: &Interaction| i.date_time_raw.clone()), shown.len())
                })
                .unwrap_or_default();
            download(&text, "interactions.csv");
            let rows = formats.try_with_value(|f| f.number(rows as u64)).unwrap_or_default();
            notice.set(Some(t::exported(&rows)));
            text
        }
    };
    export.set(export_now);
    {
        // Unmounted: the host's exportCsv() must not reach disposed signals.
        let export = send_wrapper::SendWrapper::new(export.clone());
        on_cleanup(move || export.clear());
    }
    let on_export = Callback::new(move |_| {
        export_now();
    });
    let on_expand_all = Callback::new(move |_| collapsed.set(HashSet::new()));
    let on_collapse_all = Callback::new(move |_| collapsed.set(timeline.with_untracked(all_keys)));
    let retry = Callback::new(move |_| data.retry());
    let reload = Callback::new(move |_| data.reload());

    let chips = move || {
        let labels: Vec<(ScopeKind, String)> = view
            .with(|v| {
                [
                    (ScopeKind::Contact, v.scope.contact_in.clone()),
                    (ScopeKind::Property, v.scope.property_in.clone()),
                    (ScopeKind::Representative, v.scope.representative_in.clone()),
                ]
            })
            .into_iter()
            .filter_map(|(kind, ids)| {
                let id = ids.first()?.clone();
                let label = loaded.with(|l| chip_label(l.as_ref().map_or(&[][..], |l| l.items.as_slice()), kind, &id));
                Some((kind, label))
            })
            .collect();
        labels
            .into_iter()
            .map(|(kind, label)| {
            let noun = kind.noun();
            view! {
                <span class="ch-chip">
                    <span>{t::chip(noun, &label)}</span>
                    <button type="button" class="ch-chip-remove" aria-label={t::remove_chip(noun, &label)}
                        on:click=move |ev| {
                            // This chip goes away: focus the next chip's button, else the results.
                            let root = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok()).map(|n| n.get_root_node());
                            remove_scope(kind);
                            if let Some(root) = root {
                                focus_later(root, ".ch-chip-remove, .ch-results");
                            }
                        }>{"×"}</button>
                </span>
            }
            })
            .collect_view()
    };

    // Large sets (load="all", or many "Load more" pages) scroll inside the results and render
    // only what is near the viewport; page-sized sets render everything.
    let virtual_mode = Memo::new(move |_| {
        load_all.get() || loaded.with(|l| l.as_ref().is_some_and(|l| l.items.len() > VIRTUALISE_OVER))
    });
    let heights = RwSignal::new(Heights::default());
    let scrolled = RwSignal::new((0.0f64, 0.0f64));
    let on_scroll = move |_| {
        if let Some(el) = results.get_untracked() {
            let next = (f64::from(el.scroll_top()), f64::from(el.client_height()));
            if next != scrolled.get_untracked() {
                scrolled.set(next);
            }
        }
    };
    // A new grouping or new filters start at the top (new pages of `load="all"` do not move it).
    Effect::new(move |prev: Option<()>| {
        view.with(|v| (v.group_by, v.filters.clone(), v.scope.clone()));
        if prev.is_some() {
            if let Some(el) = results.get_untracked() {
                el.set_scroll_top(0);
            }
            scrolled.update(|s| s.0 = 0.0);
        }
    });
    // The first measurement, once the scroller is in the document.
    Effect::new(move |_| {
        if virtual_mode.get() {
            request_animation_frame(move || on_scroll(()));
        }
    });
    let window = Memo::new(move |_| {
        if !virtual_mode.get() {
            return (f64::NEG_INFINITY, f64::INFINITY);
        }
        let (top, height) = scrolled.get();
        // Half a screen above and below, in steps, so small scrolls change nothing.
        let height = if height > 0.0 { height } else { 800.0 };
        let over = (height / 2.0).max(240.0);
        let from = ((top - over) / WINDOW_STEP).floor() * WINDOW_STEP;
        let to = ((top + height + over) / WINDOW_STEP).ceil() * WINDOW_STEP;
        (from, to)
    });
    // Only a change of the search text re-renders the rows (their highlights), not any view change.
    let query = Memo::new(move |_| view.with(|v| v.filters.search.clone()));
    let body = {
        move || {
            formats_rev.track();
            let loaded = loaded.get()?;
            let ctx = Ctx {
                loaded,
                formats: formats.get_value(),
                now_ms: now_ms(),
                query: query.get(),
                collapsed,
                expanded,
                upcoming_all,
                group_by: group_by.get(),
                on_select,
                on_scope,
            };
            Some(view! { <TimelineView timeline=timeline.get() ctx window=window.into() heights/> })
        }
    };
    let skeleton = move || {
        matches!(load.get(), Load::Loading { previous: None, .. }).then(|| {
            view! {
                <div class="ch-skeleton" aria-hidden={"true"}>
                    {(0..3).map(|_| view! { <div class="ch-skeleton-row">{""}</div> }).collect_view()}
                </div>
            }
        })
    };
    let failure = move || match load.get() {
        Load::Failed { failure, .. } => Some(view! { <ErrorView failure on_retry=retry countdown=data.countdown/> }),
        _ => None,
    };
    let empty = move || {
        let ready_empty = load.with(|l| matches!(l, Load::Ready(_))) && filtered.with(Vec::is_empty);
        ready_empty.then(|| {
            let hidden = filtering.get() && loaded.with(|l| l.as_ref().is_some_and(|l| !l.items.is_empty()));
            view! {
                <div class="ch-empty" part="empty">
                    <p>{if hidden { t::EMPTY_FILTERED } else { t::EMPTY }}</p>
                    {hidden.then(|| view! {
                        <button type="button" class="ch-button" on:click=move |_| {
                            view.update(|v| v.filters.clear());
                            changed.run(());
                        }>{t::CLEAR_FILTERS}</button>
                    })}
                </div>
            }
        })
    };
    let nav = Memo::new(move |_| loaded.with(|l| l.as_ref().map(|l| PageNav::from(&l.pagination)).unwrap_or_default()));
    let appended =
        Signal::derive(move || loaded.with(|l| l.as_ref().map(|l| l.pages_loaded.saturating_sub(1)).unwrap_or(0)));
    let progress = move || {
        let p = loaded.with(|l| l.as_ref().and_then(|l| l.progress)).filter(|p| p.running())?;
        Some(view! {
            <div class="ch-progress">
                <progress max=p.total.to_string() value=p.done.to_string() aria-label={t::LOADING_ALL_PAGES}></progress>
                <button type="button" class="ch-button" on:click=move |_| data.stop_loading_all()>{t::STOP_LOADING}</button>
            </div>
        })
    };
    // A Memo, so the pager (and its local state) is built once, not again for every page.
    let show_pager = Memo::new(move |_| {
        !load_all.get() && loaded.with(|l| l.as_ref().is_some_and(|l| l.pagination.total > 0 && !l.items.is_empty()))
    });
    let pager = move || {
        show_pager.get().then(|| {
            view! {
                <Pager
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
    };
    let toolbar = move || {
        (!no_toolbar.get()).then(|| {
            view! {
                <Toolbar
                    view
                    facets=Signal::derive(move || facets.get())
                    changed
                    on_refresh=reload
                    on_export
                    on_expand_all
                    on_collapse_all
                />
            }
        })
    };

    view! {
        <section class="ch-root" part="base" aria-label={t::REGION} aria-busy=move || load.with(Load::is_loading).to_string()>
            <header class="ch-toolbar" part="toolbar">
                <h2 class="ch-title">{t::REGION}</h2>
                {toolbar}
                {move || no_toolbar.get().then(|| view! {
                    <button type="button" class="ch-button" on:click=move |_| data.reload()>{t::REFRESH}</button>
                })}
            </header>
            <div class="ch-chips">{chips}</div>
            <StatusLine text=status/>
            {progress}
            {failure}
            {skeleton}
            {empty}
            <div
                class="ch-results"
                class:ch-virtual=move || virtual_mode.get()
                tabindex="-1"
                node_ref=results
                on:scroll=move |_| on_scroll(())
                // Page Down/Up have moved focus (and scrolled) by the time the key bubbles here:
                // move the window now rather than a frame later, so the next key finds its article.
                on:keydown=move |_| on_scroll(())
            >
                {body}
            </div>
            {pager}
        </section>
    }
}
