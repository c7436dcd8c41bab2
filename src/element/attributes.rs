//! Reads the element's attributes and the `scope` property's JS object as text, into a
//! [`HostValues`] for `model::config::Settings::parse`, which decides what they mean. What needs
//! the browser is done here: the nearest `lang`, resolving a relative `api-base`.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use super::tokens::Tokens;
use crate::model::config::{HostValues, RawSettings, Scope};

fn attr(host: &HtmlElement, name: &str) -> Option<String> {
    host.get_attribute(name)
}

/// The host's attributes; the token as [`Tokens`] picks it; the `scope` property as last set.
pub(super) fn read(host: &HtmlElement, tokens: &Tokens, scope: Option<&Scope>) -> HostValues {
    let (token, awaiting_token) = tokens.current(|| attr(host, "session-token"));
    HostValues {
        request: RawSettings {
            org_id: attr(host, "org-id"),
            api_base: resolve_base(attr(host, "api-base")),
            token,
            awaiting_token,
            page_size: attr(host, "page-size"),
            id_in: attr(host, "id-in"),
            account_in: attr(host, "account-in"),
            contact_in: attr(host, "contact-in"),
            property_in: attr(host, "property-in"),
            representative_in: attr(host, "representative-in"),
        },
        scope: scope.cloned(),
        group_by: attr(host, "group-by"),
        view: attr(host, "view"),
        locale: attr(host, "locale")
            .or_else(|| host.closest("[lang]").ok().flatten().and_then(|e| e.get_attribute("lang"))),
        time_zone: attr(host, "time-zone"),
        refresh_interval: attr(host, "refresh-interval"),
        load: attr(host, "load"),
        no_toolbar: host.has_attribute("no-toolbar"),
    }
}

/// Resolves a relative API base (e.g. `/` behind a proxy) against the document's base URL.
fn resolve_base(raw: Option<String>) -> Option<String> {
    let raw = raw?;
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    Some(web_sys::Url::new_with_base(raw.trim(), &base).map(|u| u.href()).unwrap_or(raw))
}

/// The `scope` property: an object of ID arrays (or comma strings) per filter name; `null` or
/// `undefined` is none (the attributes apply).
pub(super) fn scope_property(scope: &JsValue) -> Option<Scope> {
    (!scope.is_null() && !scope.is_undefined()).then(|| {
        Scope::from_property(|name| {
            let v = Reflect::get(scope, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            if Array::is_array(&v) {
                Array::from(&v).iter().filter_map(|x| x.as_string()).collect()
            } else {
                v.as_string().map(|s| vec![s]).unwrap_or_default()
            }
        })
    })
}
