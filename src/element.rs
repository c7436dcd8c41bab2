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

use crate::model::RawSettings;
use crate::ui::format::Locale;
use crate::ui::{EventSink, Widget, WidgetEvent};

/// The custom element's tag.
pub const TAG: &str = "ctrlhub-interactions";

/// Attributes the element reads (the bootstrap observes the same list; a test checks it).
pub const OBSERVED_ATTRIBUTES: [&str; 16] = [
    "org-id",
    "api-base",
    "session-token",
    "contact-in",
    "property-in",
    "account-in",
    "representative-in",
    "id-in",
    "group-by",
    "page-size",
    "load",
    "locale",
    "time-zone",
    "theme",
    "refresh-interval",
    "no-toolbar",
];

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
    /// Bumped by `refresh()`.
    refresh: ArcRwSignal<u64>,
    /// The `sessionToken` property (never reflected to an attribute).
    token_property: Option<String>,
    status: Rc<RefCell<Status>>,
    mounted: Option<UnmountHandle<AnyViewState>>,
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
            refresh: ArcRwSignal::new(0),
            token_property: None,
            status: Rc::new(RefCell::new(Status { state: "idle", total: 0 })),
            mounted: None,
        };
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
        let host = self.host.clone();
        let status = self.status.clone();
        let events = EventSink::new(move |e| emit(&host, &status, e));
        let locale = Locale { locale: document_locale(&self.host), time_zone: attr(&self.host, "time-zone") };
        self.mounted = Some(leptos::mount::mount_to(self.mount_point.clone(), move || {
            view! { <Widget settings=Signal::from(settings) refresh=Signal::from(refresh) events locale/> }.into_any()
        }));
    }

    /// Unmounts the view: in-flight requests are aborted, timers stopped.
    pub fn disconnected(&mut self) {
        self.mounted = None;
        self.status.borrow_mut().state = "idle";
    }

    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&mut self, _name: &str) {
        self.sync();
    }

    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(&mut self, token: Option<String>) {
        self.token_property = token;
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

    /// Reads attributes and properties into the settings the view depends on.
    fn sync(&mut self) {
        let h = &self.host;
        let raw = RawSettings {
            org_id: attr(h, "org-id"),
            api_base: resolve_base(attr(h, "api-base")),
            token: self.token_property.clone().or_else(|| attr(h, "session-token")),
            page_size: attr(h, "page-size"),
            id_in: attr(h, "id-in"),
            account_in: attr(h, "account-in"),
            contact_in: attr(h, "contact-in"),
            property_in: attr(h, "property-in"),
            representative_in: attr(h, "representative-in"),
        };
        if self.settings.with_untracked(|s| *s != raw) {
            self.settings.set(raw);
        }
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
            dispatch(host, "ctrlhub-load", &detail);
        }
        WidgetEvent::Failed(f) => {
            status.borrow_mut().state = "error";
            let detail = object(&[
                ("kind", JsValue::from_str(f.kind.as_str())),
                ("status", f.status.map(|s| JsValue::from_f64(f64::from(s))).unwrap_or(JsValue::NULL)),
                ("message", JsValue::from_str(&f.message)),
                ("traceId", opt_str(f.trace_id.as_deref())),
            ]);
            dispatch(host, "ctrlhub-error", &detail);
        }
    }
}

/// Mounts the standalone site (sign-in, then the element) into `target`.
#[wasm_bindgen(js_name = mountSite)]
pub fn mount_site(target: HtmlElement) {
    let handle = leptos::mount::mount_to(target, crate::ui::site::Site);
    // The site lives as long as the page.
    handle.forget();
}
