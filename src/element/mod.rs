//! `<ctrlhub-interactions>`: the only code that knows the tag, its attributes, properties,
//! events and shadow DOM. This module is its `#[wasm_bindgen]` surface, [`ElementCore`]; each
//! method hands its work to one of the modules below.
//!
//! The element class itself is defined by the small bootstrap module
//! `js/ctrlhub-interactions.js` (so it exists before the wasm arrives); each instance
//! creates one [`ElementCore`] and forwards its lifecycle, attribute and property changes.
//!
//! - [`contract`]: the public contract as one table (names, types, descriptions);
//! - `attributes`: reads attributes and the `scope` property (what they mean is
//!   `model::config::Settings::parse`);
//! - `inputs`: the signals the widget reads, set only when a value changed;
//! - `tokens`: the session token, the `tokenProvider` and the one retry after a 401;
//! - `strings`: the `strings` property (the host's replacement texts);
//! - `events`: `state`, `total` and the `ctrlhub-*` DOM events;
//! - `shadow`: the shadow root and its styles.

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::client::Prefetch;
use crate::model::config::{HostValues, Scope, Settings};
use crate::model::url_state::ViewState;
use crate::ui::{format, EventSink, SetIfChanged, Widget};

mod attributes;
pub mod contract;
mod events;
mod inputs;
mod shadow;
mod strings;
mod tokens;

pub use contract::{OBSERVED_ATTRIBUTES, TAG};
use events::Status;
use inputs::Inputs;
use tokens::Tokens;

/// Per-instance state behind one `<ctrlhub-interactions>`.
#[wasm_bindgen]
pub struct ElementCore {
    host: HtmlElement,
    mount_point: HtmlElement,
    inputs: Inputs,
    tokens: Tokens,
    status: Status,
    /// The `scope` property: `{contact_in: [...], ...}`, overriding the attributes.
    scope_property: Option<Scope>,
    /// The host's values as last read: `group-by` and `page-size` are put in the view again only
    /// when they changed, so that a later read never undoes the user's choice.
    last_read: Option<HostValues>,
    /// The last console warning about ignored values, so that it is not repeated.
    last_warning: Option<String>,
    mounted: Option<UnmountHandle<AnyViewState>>,
}

#[wasm_bindgen]
impl ElementCore {
    /// Attaches (or reuses) the open shadow root and its styles. Does not render until
    /// [`connected`](Self::connected).
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement) -> Result<ElementCore, JsValue> {
        let mount_point = shadow::prepare(&host)?;
        let inputs = Inputs::default();
        let tokens = Tokens::new(inputs.settings.clone(), inputs.refresh.clone());
        let mut core = ElementCore {
            host,
            mount_point,
            inputs,
            tokens,
            status: Status::default(),
            scope_property: None,
            last_read: None,
            last_warning: None,
            mounted: None,
        };
        core.sync(true);
        Ok(core)
    }

    /// Renders the view (first connection, or after being moved in the document).
    pub fn connected(&mut self) {
        if self.mounted.is_some() {
            return;
        }
        let (host, status, tokens) = (self.host.clone(), self.status.clone(), self.tokens.clone());
        let events = EventSink::new(move |e| {
            if !tokens.intercept(&e) {
                events::emit(&host, &status, e);
            }
        });
        let inputs = self.inputs.clone();
        self.mounted = Some(leptos::mount::mount_to(self.mount_point.clone(), move || {
            view! { <Widget inputs=inputs.for_widget(events)/> }.into_any()
        }));
    }

    /// The view state (grouping, filters, scope, page, page size) as a query string. The bootstrap
    /// reads it before it releases this core (the element left the document: the core holds the
    /// element, a cycle through wasm that the garbage collector cannot see), and gives it to the
    /// next core with [`restore_view`](Self::restore_view) if the element comes back.
    #[wasm_bindgen(getter = viewQuery)]
    pub fn view_query(&self) -> String {
        self.inputs.view.with_untracked(ViewState::to_query)
    }

    /// Restores a view state read from [`view_query`](Self::view_query).
    #[wasm_bindgen(js_name = restoreView)]
    pub fn restore_view(&mut self, query: &str) {
        self.inputs.view.set_if_changed(ViewState::from_query(query));
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
        self.inputs.prefetch.put(Prefetch::new(url, token, response, controller));
    }

    /// Unmounts the view: in-flight requests are aborted, timers stopped.
    pub fn disconnected(&mut self) {
        self.inputs.prefetch.abort();
        self.mounted = None;
        self.status.set_idle();
    }

    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&mut self, name: &str) {
        if name == "session-token" {
            self.tokens.attribute_changed();
        }
        self.sync(name == "view");
    }

    /// The `scope` property: an object of ID arrays (or comma strings) per filter name.
    #[wasm_bindgen(js_name = setScope)]
    pub fn set_scope(&mut self, scope: JsValue) {
        self.scope_property = attributes::scope_property(&scope);
        self.sync(false);
    }

    /// The `strings` property: an object of message id → text replacing the catalogue's
    /// (`null` or `undefined`: none). Unknown ids and texts missing a placeholder are left out,
    /// with one console warning.
    #[wasm_bindgen(js_name = setStrings)]
    pub fn set_strings(&mut self, strings: JsValue) {
        self.inputs.set_strings(strings::read(&strings));
    }

    /// `exportCsv()`: downloads what is shown and returns the CSV text.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> String {
        self.inputs.export.export()
    }

    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(&mut self, token: Option<String>) {
        self.tokens.set_property(token);
        self.sync(false);
    }

    /// `tokenProvider`: `() => string | Promise<string>`, asked when there is no token and once
    /// more after a 401. `answer`: what the provider already answered (the bootstrap asked it for
    /// its prefetch), so it is not asked twice for the first request.
    #[wasm_bindgen(js_name = setTokenProvider)]
    pub fn set_token_provider(&mut self, provider: Option<js_sys::Function>, answer: Option<String>) {
        self.tokens.set_provider(provider, answer);
        self.sync(false);
    }

    /// `refresh()`: sends the current request again.
    pub fn refresh(&self) {
        self.inputs.refresh.update(|n| *n += 1);
    }

    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        self.status.state().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn total(&self) -> f64 {
        self.status.total() as f64
    }

    /// Reads attributes and properties into the signals the widget reads. `view_changed`: the
    /// `view` attribute (a query string, as in `ctrlhub-filter-change`'s `detail.query`) is new,
    /// and replaces the view state.
    fn sync(&mut self, view_changed: bool) {
        let now = attributes::read(&self.host, &self.tokens, self.scope_property.as_ref());
        if view_changed {
            self.inputs.view.set_if_changed(ViewState::from_query(now.view.as_deref().unwrap_or_default()));
        }
        let mut settings = Settings::parse(&now, self.last_read.as_ref());
        settings.drop_unusable(format::usable_locale, format::usable_zone);
        // Said once per new set of ignored values, not on every read.
        let warning = settings.ignored_warning();
        if let Some(text) = warning.as_deref().filter(|_| warning != self.last_warning) {
            warn(text);
        }
        self.last_warning = warning;
        self.last_read = Some(now);
        self.inputs.apply(settings);
        self.tokens.ask_if_missing();
    }
}

/// A console warning for the host's developer, naming the element: `<ctrlhub-interactions> …`.
fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("<{TAG}> {text}")));
}

/// Mounts the standalone site (sign-in, then the element) into `target`.
#[wasm_bindgen(js_name = mountSite)]
pub fn mount_site(target: HtmlElement) {
    let handle = leptos::mount::mount_to(target, crate::ui::site::Site);
    // The site lives as long as the page.
    handle.forget();
}
