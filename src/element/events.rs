//! The element's DOM events and read-only status: a widget event becomes the `state` and `total`
//! properties and a `ctrlhub-*` `CustomEvent` (bubbling, composed) with a plain-object `detail`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use super::contract::event;
use crate::model::{Interaction, Related};
use crate::ui::WidgetEvent;

/// The `state` and `total` properties.
#[derive(Clone)]
pub(super) struct Status(Rc<RefCell<StatusValues>>);

struct StatusValues {
    state: &'static str,
    total: u64,
}

impl Default for Status {
    fn default() -> Self {
        Self(Rc::new(RefCell::new(StatusValues { state: "idle", total: 0 })))
    }
}

impl Status {
    pub(super) fn state(&self) -> &'static str {
        self.0.borrow().state
    }

    pub(super) fn total(&self) -> u64 {
        self.0.borrow().total
    }

    /// Not connected: nothing is loading.
    pub(super) fn set_idle(&self) {
        self.0.borrow_mut().state = "idle";
    }
}

/// Turns a widget event into the element's `state`/`total` and a DOM event.
pub(super) fn emit(host: &HtmlElement, status: &Status, e: WidgetEvent) {
    match e {
        WidgetEvent::State(s) => status.0.borrow_mut().state = s,
        WidgetEvent::Loaded { page, page_count, total, count } => {
            status.0.borrow_mut().total = total;
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
            let list = |set: &BTreeSet<String>| -> JsValue {
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
            status.0.borrow_mut().state = "error";
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
