//! Benchmark hooks for `cargo xtask bench` (feature `bench`, off by default: the shipped wasm has
//! none of this). The bench page times them against `JSON.parse` of the same text.

use wasm_bindgen::prelude::*;

use crate::api::convert::decode_page;

fn failed(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// The widget's own path: a response body's bytes (a `Uint8Array`, copied into wasm memory as
/// `Response::binary` does) through serde_json into the wire types, then converted to the model.
/// Returns the number of interactions.
#[wasm_bindgen(js_name = benchDecode)]
pub fn bench_decode(body: &[u8], limit: u32) -> Result<u32, JsValue> {
    let page = decode_page(body, u64::from(limit), 0).map_err(failed)?;
    u32::try_from(page.items.len()).map_err(failed)
}
