//! `<ctrlhub-interactions>`: the only code that knows the tag, its attributes, properties,
//! events and shadow DOM.
//!
//! The element class itself is defined by the small bootstrap module
//! `js/ctrlhub-interactions.js` (so it exists before the wasm arrives); each instance
//! creates one [`ElementCore`] and forwards its lifecycle, attribute and property changes.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::api::client::{Prefetch, PrefetchSlot};
use crate::model::grouping::GroupBy;
use crate::model::url_state::ViewState;
use crate::model::{config, Interaction, RawSettings, Related};
use crate::ui::format::Locale;
use crate::ui::{EventSink, ExportSlot, SetIfChanged, Widget, WidgetEvent, WidgetInputs};

pub mod contract;

use contract::event;
pub use contract::{OBSERVED_ATTRIBUTES, TAG};

const CSS: &str = include_str!("../style/widget.css");

thread_local! {
    /// One constructable stylesheet shared by every instance's shadow root.
    static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().filter(|s| s.replace_sync(CSS).is_ok());
}

/// Per-instance state behind one `<ctrlhub-interactions>`.
#[wasm_bindgen]
pub struct ElementCore {
    host: HtmlElement,
    mount_point: HtmlElement,
    settings: ArcRwSignal<RawSettings>,
    /// Grouping, filters, user scope and page: set by attributes and by the user.
    view: ArcRwSignal<ViewState>,
    no_toolbar: ArcRwSignal<bool>,
    locale: ArcRwSignal<Locale>,
    refresh_interval: ArcRwSignal<u32>,
    load_all: ArcRwSignal<bool>,
    /// The `scope` property: `{contact_in: [...], ...}` as comma lists, overriding attributes.
    scope_property: Option<config::Scope>,
    export: ExportSlot,
    /// Bumped by `refresh()`.
    refresh: ArcRwSignal<u64>,
    /// The `sessionToken` property (never reflected) and the host's `tokenProvider`.
    tokens: Rc<RefCell<Tokens>>,
    status: Rc<RefCell<Status>>,
    mounted: Option<UnmountHandle<AnyViewState>>,
    /// The bootstrap's request for the first page, until the loader takes (or aborts) it.
    prefetch: PrefetchSlot,
    /// The `group-by` and `page-size` attributes as last applied: a later sync (any attribute
    /// changing) applies them again only if they changed, so it never undoes the user's choice.
    applied_view_attrs: Option<(Option<String>, Option<String>)>,
}

/// Where the session token comes from.
#[derive(Default)]
struct Tokens {
    /// The `sessionToken` property.
    property: Option<String>,
    /// The last answer of `tokenProvider`: wins over the property and attribute until the host
    /// sets either again.
    provided: Option<String>,
    provider: Option<js_sys::Function>,
    asking: bool,
    /// `tokenProvider` was asked again after a 401; a second 401 is final.
    retried_after_401: bool,
}

/// Asks the host's `tokenProvider` (sync or async) for a token; then applies it and, after a
/// 401, sends the request again. Returns false when there is no provider.
fn ask_provider(
    tokens: &Rc<RefCell<Tokens>>,
    settings: &ArcRwSignal<RawSettings>,
    refresh: Option<ArcRwSignal<u64>>,
) -> bool {
    let Some(provider) = tokens.borrow().provider.clone() else { return false };
    tokens.borrow_mut().asking = true;
    settings.update(|s| s.awaiting_token = true);
    let (tokens, settings) = (tokens.clone(), settings.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match provider.call0(&JsValue::NULL) {
            Ok(v) if v.has_type::<js_sys::Promise>() => {
                wasm_bindgen_futures::JsFuture::from(v.unchecked_into::<js_sys::Promise>()).await.ok()
            }
            Ok(v) => Some(v),
            Err(_) => None,
        };
        let token = answer.and_then(|v| v.as_string()).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        {
            let mut t = tokens.borrow_mut();
            t.asking = false;
            if token.is_some() {
                t.provided = token.clone();
            }
        }
        settings.update(|s| {
            s.awaiting_token = false;
            if token.is_some() {
                s.token = token;
            }
        });
        if let Some(r) = refresh {
            r.update(|n| *n += 1);
        }
    });
    true
}

#[derive(Default)]
struct Status {
    state: &'static str,
    total: u64,
}

fn attr(host: &HtmlElement, name: &str) -> Option<String> {
    host.get_attribute(name)
}

/// `locale`, else the nearest `lang` (the document's), else the browser's (`None`).
fn document_locale(host: &HtmlElement) -> Option<String> {
    attr(host, "locale")
        .or_else(|| host.closest("[lang]").ok().flatten().and_then(|e| e.get_attribute("lang")))
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
}

/// Resolves a relative API base (e.g. `/` behind a proxy) against the document's base URL.
fn resolve_base(raw: Option<String>) -> Option<String> {
    let raw = raw?;
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    Some(web_sys::Url::new_with_base(raw.trim(), &base).map(|u| u.href()).unwrap_or(raw))
}

fn shadow_root(host: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    match host.shadow_root() {
        Some(root) => Ok(root),
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)),
    }
}

fn adopt_styles(root: &ShadowRoot) -> Result<(), JsValue> {
    let adopted = SHEET.with(|sheet| {
        sheet
            .as_ref()
            .map(|s| Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &Array::of1(s)).unwrap_or(false))
            .unwrap_or(false)
    });
    if !adopted {
        // Browsers without constructable stylesheets: a <style> element, set as text.
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let style = doc.create_element("style")?;
        style.set_text_content(Some(CSS));
        root.append_child(&style)?;
    }
    Ok(())
}

fn dispatch(host: &HtmlElement, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&ev);
    }
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl ElementCore {
    /// Attaches (or reuses) the open shadow root and its styles. Does not render until
    /// [`connected`](Self::connected).
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement) -> Result<ElementCore, JsValue> {
        let root = shadow_root(&host)?;
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let mount_point: HtmlElement = doc.create_element("div")?.unchecked_into();
        mount_point.set_class_name("ch-host");
        // Remove anything a previous instance (or the bootstrap's fallback message) left.
        root.set_text_content(None);
        adopt_styles(&root)?;
        root.append_child(&mount_point)?;
        let mut core = ElementCore {
            host,
            mount_point,
            settings: ArcRwSignal::new(RawSettings::default()),
            view: ArcRwSignal::new(ViewState::default()),
            no_toolbar: ArcRwSignal::new(false),
            locale: ArcRwSignal::new(Locale::default()),
            refresh_interval: ArcRwSignal::new(0),
            load_all: ArcRwSignal::new(false),
            scope_property: None,
            export: ExportSlot::default(),
            refresh: ArcRwSignal::new(0),
            tokens: Rc::new(RefCell::new(Tokens::default())),
            status: Rc::new(RefCell::new(Status { state: "idle", total: 0 })),
            mounted: None,
            prefetch: PrefetchSlot::default(),
            applied_view_attrs: None,
        };
        core.apply_view_attribute();
        core.sync();
        Ok(core)
    }

    /// Renders the view (first connection, or after being moved in the document).
    pub fn connected(&mut self) {
        if self.mounted.is_some() {
            return;
        }
        let settings = self.settings.clone();
        let refresh = self.refresh.clone();
        let view = self.view.clone();
        let no_toolbar = self.no_toolbar.clone();
        let export = self.export.clone();
        let host = self.host.clone();
        let status = self.status.clone();
        let (tokens, settings_for_auth, refresh_for_auth) =
            (self.tokens.clone(), self.settings.clone(), self.refresh.clone());
        let events = EventSink::new(move |e| {
            match &e {
                // A 401: ask the tokenProvider once more before giving up.
                WidgetEvent::Failed(f) if f.kind == crate::model::ErrorKind::Auth => {
                    let retry = {
                        let mut t = tokens.borrow_mut();
                        let first = t.provider.is_some() && !t.retried_after_401;
                        if first {
                            t.retried_after_401 = true;
                            t.provided = None;
                        }
                        first
                    };
                    if retry && ask_provider(&tokens, &settings_for_auth, Some(refresh_for_auth.clone())) {
                        return;
                    }
                }
                WidgetEvent::Loaded { .. } => tokens.borrow_mut().retried_after_401 = false,
                _ => {}
            }
            emit(&host, &status, e)
        });
        let locale = self.locale.clone();
        let refresh_interval = self.refresh_interval.clone();
        let load_all = self.load_all.clone();
        let prefetch = self.prefetch.clone();
        self.mounted = Some(leptos::mount::mount_to(self.mount_point.clone(), move || {
            let inputs = WidgetInputs {
                settings: settings.into(),
                view: view.into(),
                refresh: refresh.into(),
                events,
                locale: locale.into(),
                refresh_interval: refresh_interval.into(),
                no_toolbar: no_toolbar.into(),
                load_all: load_all.into(),
                export,
                prefetch,
            };
            view! { <Widget inputs/> }.into_any()
        }));
    }

    /// The view state (grouping, filters, scope, page, page size) as a query string. The bootstrap
    /// reads it before it releases this core (the element left the document: the core holds the
    /// element, a cycle through wasm that the garbage collector cannot see), and gives it to the
    /// next core with [`restore_view`](Self::restore_view) if the element comes back.
    #[wasm_bindgen(getter = viewQuery)]
    pub fn view_query(&self) -> String {
        self.view.with_untracked(ViewState::to_query)
    }

    /// Restores a view state read from [`view_query`](Self::view_query).
    #[wasm_bindgen(js_name = restoreView)]
    pub fn restore_view(&mut self, query: &str) {
        self.view.set_if_changed(ViewState::from_query(query));
    }

    /// The bootstrap's request for the first page (`url`, sent with `token`), whose response
    /// `response` resolves to and which `controller` aborts. The first request uses it when it is
    /// exactly that request; otherwise it is aborted. Call before [`connected`](Self::connected).
    #[wasm_bindgen(js_name = adoptPrefetch)]
    pub fn adopt_prefetch(
        &mut self,
        url: String,
        token: String,
        response: js_sys::Promise,
        controller: web_sys::AbortController,
    ) {
        self.prefetch.put(Prefetch::new(url, token, response, controller));
    }

    /// Unmounts the view: in-flight requests are aborted, timers stopped.
    pub fn disconnected(&mut self) {
        self.prefetch.abort();
        self.mounted = None;
        self.status.borrow_mut().state = "idle";
    }

    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&mut self, name: &str) {
        if name == "session-token" {
            self.tokens.borrow_mut().provided = None;
        }
        if name == "view" {
            self.apply_view_attribute();
        }
        self.sync();
    }

    /// The `scope` property: an object of ID arrays (or comma strings) per filter name.
    #[wasm_bindgen(js_name = setScope)]
    pub fn set_scope(&mut self, scope: JsValue) {
        self.scope_property = (!scope.is_null() && !scope.is_undefined()).then(|| {
            let list = |k: &str| -> Vec<String> {
                let v = Reflect::get(&scope, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
                let raw: Vec<String> = if Array::is_array(&v) {
                    Array::from(&v).iter().filter_map(|x| x.as_string()).collect()
                } else {
                    v.as_string().map(|s| vec![s]).unwrap_or_default()
                };
                raw.join(",").split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
            };
            config::Scope {
                id_in: list("id_in"),
                account_in: list("account_in"),
                contact_in: list("contact_in"),
                property_in: list("property_in"),
                representative_in: list("representative_in"),
            }
        });
        self.sync();
    }

    /// `exportCsv()`: downloads what is shown and returns the CSV text.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> String {
        self.export.export()
    }

    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(&mut self, token: Option<String>) {
        {
            let mut t = self.tokens.borrow_mut();
            t.property = token;
            t.provided = None;
            t.retried_after_401 = false;
        }
        self.sync();
    }

    /// `tokenProvider`: `() => string | Promise<string>`, asked when there is no token and once
    /// more after a 401. `answer`: what the provider already answered (the bootstrap asked it for
    /// its prefetch), so it is not asked twice for the first request.
    #[wasm_bindgen(js_name = setTokenProvider)]
    pub fn set_token_provider(&mut self, provider: Option<js_sys::Function>, answer: Option<String>) {
        {
            let mut t = self.tokens.borrow_mut();
            t.provider = provider;
            t.provided = answer.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        }
        self.sync();
    }

    /// `refresh()`: sends the current request again.
    pub fn refresh(&self) {
        self.refresh.update(|n| *n += 1);
    }

    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        self.status.borrow().state.to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn total(&self) -> f64 {
        self.status.borrow().total as f64
    }

    /// The `view` attribute (a query string, as in `ctrlhub-filter-change`'s `detail.query`).
    fn apply_view_attribute(&mut self) {
        self.view.set_if_changed(ViewState::from_query(&attr(&self.host, "view").unwrap_or_default()));
    }

    /// Reads attributes and properties into the settings and view the widget depends on.
    fn sync(&mut self) {
        let h = &self.host;
        let from_scope = |pick: fn(&config::Scope) -> &Vec<String>| {
            self.scope_property.as_ref().map(pick).filter(|v| !v.is_empty()).map(|v| v.join(","))
        };
        let (token, awaiting) = {
            let t = self.tokens.borrow();
            let token = t.provided.clone().or_else(|| t.property.clone()).or_else(|| attr(h, "session-token"));
            (token, t.asking)
        };
        let raw = RawSettings {
            org_id: attr(h, "org-id"),
            api_base: resolve_base(attr(h, "api-base")),
            token,
            awaiting_token: awaiting,
            page_size: attr(h, "page-size"),
            id_in: from_scope(|s| &s.id_in).or_else(|| attr(h, "id-in")),
            account_in: from_scope(|s| &s.account_in).or_else(|| attr(h, "account-in")),
            contact_in: from_scope(|s| &s.contact_in).or_else(|| attr(h, "contact-in")),
            property_in: from_scope(|s| &s.property_in).or_else(|| attr(h, "property-in")),
            representative_in: from_scope(|s| &s.representative_in).or_else(|| attr(h, "representative-in")),
        };
        let needs_token = raw.token.as_deref().is_none_or(|t| t.trim().is_empty()) && !raw.awaiting_token;
        self.settings.set_if_changed(raw);
        if needs_token {
            ask_provider(&self.tokens, &self.settings, None);
        }
        // Host-set grouping and page size, when the host changed them (not on every sync, which
        // would undo what the user picked); the `view` attribute's own values win.
        let view_query = attr(h, "view").unwrap_or_default();
        let attrs = (attr(h, "group-by"), attr(h, "page-size"));
        let last = self.applied_view_attrs.replace(attrs.clone());
        let group_changed = last.as_ref().is_none_or(|l| l.0 != attrs.0);
        let size_changed = last.as_ref().is_none_or(|l| l.1 != attrs.1);
        let group =
            attrs.0.as_deref().and_then(GroupBy::parse).filter(|_| group_changed && !view_query.contains("group="));
        let size = config::parse_page_size(attrs.1.as_deref())
            .ok()
            .filter(|_| size_changed && !view_query.contains("per_page="));
        self.view.maybe_update(|v| {
            let mut changed = false;
            if let Some(g) = group.filter(|g| *g != v.group_by) {
                v.group_by = g;
                changed = true;
            }
            if let Some(n) = size.filter(|n| *n != v.page_size) {
                v.page_size = n;
                v.page = 1;
                changed = true;
            }
            changed
        });
        let locale =
            Locale { locale: document_locale(h), time_zone: attr(h, "time-zone").filter(|z| !z.trim().is_empty()) };
        self.locale.set_if_changed(locale);
        // Whole seconds; anything else (or negative) is off.
        let interval = attr(h, "refresh-interval").and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(0);
        self.refresh_interval.set_if_changed(interval);
        // `load`: "page" (default) or "all"; anything else reads as "page".
        let all = attr(h, "load").is_some_and(|v| v.trim().eq_ignore_ascii_case("all"));
        self.load_all.set_if_changed(all);
        let no_toolbar = h.has_attribute("no-toolbar");
        self.no_toolbar.set_if_changed(no_toolbar);
    }
}

/// Turns a widget event into the element's `state`/`total` and a DOM event.
fn emit(host: &HtmlElement, status: &Rc<RefCell<Status>>, e: WidgetEvent) {
    match e {
        WidgetEvent::State(s) => status.borrow_mut().state = s,
        WidgetEvent::Loaded { page, page_count, total, count } => {
            status.borrow_mut().total = total;
            let detail = object(&[
                ("page", JsValue::from_f64(page as f64)),
                ("pageCount", JsValue::from_f64(page_count as f64)),
                ("total", JsValue::from_f64(total as f64)),
                ("count", JsValue::from_f64(count as f64)),
            ]);
            dispatch(host, event::LOAD, &detail);
        }
        WidgetEvent::Selected(item) => {
            let detail = object(&[("id", JsValue::from_str(&item.id)), ("interaction", interaction_object(&item))]);
            dispatch(host, event::SELECT, &detail);
        }
        WidgetEvent::ViewChanged(v) => {
            let list = |set: &std::collections::BTreeSet<String>| -> JsValue {
                set.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
            };
            let f = &v.filters;
            let filters = object(&[
                ("method", list(&f.methods)),
                ("direction", list(&f.directions)),
                ("status", list(&f.statuses)),
                ("contacted", f.contacted.map(JsValue::from_bool).unwrap_or(JsValue::NULL)),
                ("from", opt_str(f.from.map(|d| d.to_string()).as_deref())),
                ("to", opt_str(f.to.map(|d| d.to_string()).as_deref())),
                ("search", JsValue::from_str(&f.search)),
            ]);
            let detail = object(&[
                ("filters", filters.into()),
                ("groupBy", JsValue::from_str(v.group_by.as_str())),
                ("page", JsValue::from_f64(v.page as f64)),
                ("pageSize", JsValue::from_f64(f64::from(v.page_size))),
                ("query", JsValue::from_str(&v.to_query())),
            ]);
            dispatch(host, event::FILTER_CHANGE, &detail);
        }
        WidgetEvent::Failed(f) => {
            status.borrow_mut().state = "error";
            let detail = object(&[
                ("kind", JsValue::from_str(f.kind.as_str())),
                ("status", f.status.map(|s| JsValue::from_f64(f64::from(s))).unwrap_or(JsValue::NULL)),
                ("message", JsValue::from_str(&f.message)),
                ("traceId", opt_str(f.trace_id.as_deref())),
            ]);
            dispatch(host, event::ERROR, &detail);
        }
    }
}

fn related_object(r: &Option<Related>) -> JsValue {
    match r {
        Some(r) => object(&[
            ("id", JsValue::from_str(&r.id)),
            ("label", JsValue::from_str(&r.label)),
            ("resolved", JsValue::from_bool(r.resolved)),
        ])
        .into(),
        None => JsValue::NULL,
    }
}

/// An interaction as a plain object for `ctrlhub-select`'s detail.
fn interaction_object(i: &Interaction) -> JsValue {
    object(&[
        ("id", JsValue::from_str(&i.id)),
        ("method", JsValue::from_str(i.method.label())),
        ("direction", JsValue::from_str(i.direction.label())),
        ("dateTime", JsValue::from_str(&i.date_time_raw)),
        ("status", JsValue::from_str(&i.status)),
        ("contacted", i.contacted.map(JsValue::from_bool).unwrap_or(JsValue::NULL)),
        ("notes", JsValue::from_str(&i.notes)),
        ("contact", related_object(&i.contact)),
        ("property", related_object(&i.property)),
        ("representative", related_object(&i.representative)),
        ("author", related_object(&i.author)),
        ("account", related_object(&i.account)),
        ("organisation", related_object(&i.organisation)),
    ])
    .into()
}

/// Mounts the standalone site (sign-in, then the element) into `target`.
#[wasm_bindgen(js_name = mountSite)]
pub fn mount_site(target: HtmlElement) {
    let handle = leptos::mount::mount_to(target, crate::ui::site::Site);
    // The site lives as long as the page.
    handle.forget();
}
