//! The `strings` property: a plain object of message id → text, read into checked
//! [`Overrides`]; what it leaves out is named in one console warning.

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::model::i18n::{Overrides, Rejected};

/// The overrides in `value` (an object of strings; anything else is none). Values that are not
/// strings are ignored like unknown ids.
pub(super) fn read(value: &JsValue) -> Overrides {
    if value.is_null() || value.is_undefined() || !value.is_object() {
        return Overrides::default();
    }
    let entries: Vec<(String, Option<String>)> = Object::entries(&Object::from(value.clone()))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()))
        })
        .collect();
    let (texts, not_text): (Vec<_>, Vec<_>) = entries.iter().partition(|(_, v)| v.is_some());
    let (overrides, mut rejected) =
        Overrides::parse(texts.iter().map(|(k, v)| (k.as_str(), v.as_deref().unwrap_or_default())));
    rejected.unknown.extend(not_text.into_iter().map(|(k, _)| k.clone()));
    warn(&rejected);
    overrides
}

fn warn(rejected: &Rejected) {
    if rejected.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    if !rejected.unknown.is_empty() {
        parts.push(format!("unknown ids ignored: {}", rejected.unknown.join(", ")));
    }
    for (id, missing) in &rejected.missing {
        let names: Vec<String> = missing.iter().map(|p| format!("{{{p}}}")).collect();
        parts.push(format!("\"{id}\" rejected: it lacks {}", names.join(", ")));
    }
    web_sys::console::warn_1(&JsValue::from_str(&format!("<ctrlhub-interactions> strings: {}.", parts.join("; "))));
}
