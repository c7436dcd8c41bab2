//! The `strings` property: a plain object of message id → text, read into checked
//! [`Overrides`]; what it leaves out is named in one console warning.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::i18n::{Overrides, Rejected};

/// The overrides in `value` (an object of strings; anything else is none). Values that are not
/// strings are ignored like unknown ids.
pub(super) fn read(value: &JsValue) -> Overrides {
    let Some(object) = value.dyn_ref::<Object>() else { return Overrides::default() };
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut not_text: Vec<String> = Vec::new();
    for key in Object::keys(object).iter() {
        let Some(id) = key.as_string() else { continue };
        match Reflect::get(value, &key).ok().and_then(|v| v.as_string()) {
            Some(text) => texts.push((id, text)),
            None => not_text.push(id),
        }
    }
    let (overrides, mut rejected) = Overrides::parse(texts.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    rejected.unknown.append(&mut not_text);
    warn(&rejected);
    overrides
}

/// One console warning naming what was left out (plain pushes: `format!` costs wasm).
fn warn(rejected: &Rejected) {
    if rejected.is_empty() {
        return;
    }
    let mut text = String::from("<ctrlhub-interactions> strings:");
    if !rejected.unknown.is_empty() {
        text.push_str(" unknown ids ignored: ");
        text.push_str(&rejected.unknown.join(", "));
        text.push(';');
    }
    for (id, missing) in &rejected.missing {
        text.push_str(" \"");
        text.push_str(id);
        text.push_str("\" rejected: it lacks {");
        text.push_str(&missing.join("}, {"));
        text.push_str("};");
    }
    web_sys::console::warn_1(&JsValue::from_str(&text));
}
