//! The `strings` property: a plain object of message id → text, read into checked
//! [`Overrides`]; what it leaves out is named in one console warning.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::i18n::Overrides;

/// The overrides in `value` (an object of strings; anything else is none). Values that are not
/// strings are left out like unknown ids.
pub(super) fn read(value: &JsValue) -> Overrides {
    let Some(object) = value.dyn_ref::<Object>() else { return Overrides::default() };
    let entries: Vec<(String, Option<String>)> = Object::keys(object)
        .iter()
        .filter_map(|key| Some((key.as_string()?, Reflect::get(value, &key).ok().and_then(|v| v.as_string()))))
        .collect();
    let (overrides, left_out) = Overrides::parse(&entries);
    if !left_out.is_empty() {
        super::warn(&(String::from("strings:") + &left_out));
    }
    overrides
}
