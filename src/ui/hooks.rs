//! The widget's hooks: the request, the filtered timeline, formatters, the virtual window and the
//! CSV export. Each owns its signals and returns what the views read.

use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use super::format::{with_decompose, Formats, IntlZone, Locale};
use super::i18n::I18n;
use super::item::RowState;
use super::loader::{Loaded, RequestSpec};
use super::signals::SetIfChanged;
use crate::api::InteractionsRequest;
use crate::model::filters;
use crate::model::grouping::{build_timeline, GroupBy};
use crate::model::i18n::Msg;
use crate::model::search::{Decompose, SearchIndex};
use crate::model::url_state::ViewState;
use crate::model::window::Heights;
use crate::model::{csv, Config, Facets, Failure, Filters, Interaction, RawSettings, Timeline, Zone};

/// More loaded interactions than this are rendered virtualised (see `TimelineView`).
const VIRTUALISE_OVER: usize = 200;
/// The rendered window moves in steps of this many CSS pixels.
const WINDOW_STEP: f64 = 200.0;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The request the settings and the view ask for: a change of anything else sends nothing.
pub fn use_request(
    settings: Signal<RawSettings>,
    view: RwSignal<ViewState>,
    load_all: Signal<bool>,
) -> Memo<RequestSpec> {
    Memo::new(move |_| -> RequestSpec {
        if settings.with(|s| s.awaiting_token && s.token.is_none()) {
            return RequestSpec::Wait;
        }
        let config = match settings.with(Config::from_raw) {
            Ok(c) => c,
            Err(e) => return RequestSpec::Invalid(Failure::from(e)),
        };
        let mut req = InteractionsRequest::first_page(&config);
        view.with(|v| {
            req.scope = config.scope.narrowed_by(&v.scope);
            req.limit = v.page_size.max(1);
            req.offset = if load_all.get() { 0 } else { (v.page.max(1) - 1) * u64::from(req.limit) };
        });
        RequestSpec::Ready(req, config.token)
    })
}

/// What is shown: the filtered indices, the facet counts and the grouped timeline.
#[derive(Clone, Copy)]
pub struct Shown {
    pub filtered: Memo<Vec<usize>>,
    pub facets: Memo<Facets>,
    pub timeline: Memo<Timeline>,
    pub filtering: Memo<bool>,
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

pub fn use_shown(
    loaded: Memo<Option<Arc<Loaded>>>,
    view: RwSignal<ViewState>,
    tz: Memo<Option<String>>,
    i18n: I18n,
) -> Shown {
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
    let facets = Memo::new(move |_| {
        let mut f = over_filter_inputs(loaded, filters_now, search_index, tz, filters::facets);
        filters::localize(&mut f, &i18n.get());
        f
    });
    let timeline = Memo::new(move |_| {
        let zone = IntlZone::shared(tz.get().as_deref());
        let group_by: GroupBy = group_by.get();
        loaded.with(|l| {
            let items: &[Interaction] = l.as_ref().map(|l| l.items.as_slice()).unwrap_or(&[]);
            let mut t = filtered.with(|idx| build_timeline(items, idx, group_by, &*zone, now_ms()));
            t.localize(&i18n.get());
            t
        })
    });
    let filtering = Memo::new(move |_| view.with(|v| !v.filters.is_empty()));
    Shown { filtered, facets, timeline, filtering }
}

/// Intl formatters (JS objects, so held in a local arena slot) and a revision bumped when the
/// locale or the words change, so formatted text is rebuilt.
pub fn use_formats(locale: Signal<Locale>, i18n: I18n) -> (StoredValue<Rc<Formats>, LocalStorage>, RwSignal<u32>) {
    let formats = StoredValue::new_local(Rc::new(Formats::new(&locale.get_untracked(), i18n.now())));
    let formats_rev = RwSignal::new(0u32);
    Effect::new(move |prev: Option<()>| {
        let l = locale.get();
        let m = i18n.get();
        if prev.is_some() {
            formats.set_value(Rc::new(Formats::new(&l, m)));
            formats_rev.update(|n| *n += 1);
        }
    });
    (formats, formats_rev)
}

/// Large sets (`load="all"`, or many "Load more" pages) scroll inside the results and render only
/// what is near the viewport; page-sized sets render everything.
#[derive(Clone, Copy)]
pub struct VirtualWindow {
    pub virtual_mode: Memo<bool>,
    pub heights: RwSignal<Heights>,
    /// `(from, to)` in CSS pixels of the timeline; unbounded when not virtual.
    pub window: Memo<(f64, f64)>,
    scrolled: RwSignal<(f64, f64)>,
    results: NodeRef<html::Div>,
}

impl VirtualWindow {
    /// Reads the scroller's position (on scroll, and on keys that move focus through the feed).
    pub fn on_scroll(self) {
        if let Some(el) = self.results.get_untracked() {
            self.scrolled.set_if_changed((f64::from(el.scroll_top()), f64::from(el.client_height())));
        }
    }
}

pub fn use_virtual_window(
    results: NodeRef<html::Div>,
    load_all: Signal<bool>,
    loaded: Memo<Option<Arc<Loaded>>>,
    view: RwSignal<ViewState>,
) -> VirtualWindow {
    let virtual_mode = Memo::new(move |_| {
        load_all.get() || loaded.with(|l| l.as_ref().is_some_and(|l| l.items.len() > VIRTUALISE_OVER))
    });
    let heights = RwSignal::new(Heights::default());
    let scrolled = RwSignal::new((0.0f64, 0.0f64));
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
    let w = VirtualWindow { virtual_mode, heights, window, scrolled, results };
    // The first measurement, once the scroller is in the document.
    Effect::new(move |_| {
        if virtual_mode.get() {
            request_animation_frame(move || w.on_scroll());
        }
    });
    w
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

/// "Export CSV": downloads what is shown, in the order it is shown (Upcoming, then group by
/// group), says so in the status line (`notice`) and returns the text.
pub fn use_export(
    loaded: Memo<Option<Arc<Loaded>>>,
    timeline: Memo<Timeline>,
    formats: StoredValue<Rc<Formats>, LocalStorage>,
    notice: RwSignal<Option<String>>,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    move || {
        let m = formats.try_with_value(|f| f.m.clone()).unwrap_or_default();
        let (text, rows) = loaded
            .try_with_untracked(|l| {
                let empty: &[Interaction] = &[];
                let items = l.as_ref().map(|l| l.items.as_slice()).unwrap_or(empty);
                let shown: Vec<&Interaction> = timeline
                    .try_with_untracked(|t| t.ordered_indices().into_iter().filter_map(|i| items.get(i)).collect())
                    .unwrap_or_default();
                (csv::to_csv(&shown, &|i: &Interaction| i.date_time_raw.clone(), &m), shown.len())
            })
            .unwrap_or_default();
        download(&text, "interactions.csv");
        let rows = formats.try_with_value(|f| f.number(rows as u64)).unwrap_or_default();
        notice.set(Some(m.fill(Msg::Exported, &[("rows", &rows)])));
        text
    }
}

/// Open details and unfolded notes (by interaction id) and whether "Upcoming" shows all its rows:
/// widget-wide, so they survive re-renders, pages and the virtual window.
pub fn use_row_state() -> (RowState, RwSignal<bool>) {
    (RowState::new(), RwSignal::new(false))
}
