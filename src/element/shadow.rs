//! The element's open shadow root: its styles (one constructable stylesheet shared by every
//! instance, or a `<style>` where those are missing) and the point the view is mounted at.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

const CSS: &str = include_str!("../../style/widget.css");

thread_local! {
    /// One constructable stylesheet shared by every instance's shadow root.
    static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().filter(|s| s.replace_sync(CSS).is_ok());
}

/// Attaches (or reuses) the open shadow root, empties it (of anything a previous instance or the
/// bootstrap's loading skeleton left), adopts the styles and returns the element to mount into.
pub(super) fn prepare(host: &HtmlElement) -> Result<HtmlElement, JsValue> {
    let root = shadow_root(host)?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let mount_point: HtmlElement = doc.create_element("div")?.unchecked_into();
    mount_point.set_class_name("ch-host");
    root.set_text_content(None);
    adopt_styles(&root)?;
    root.append_child(&mount_point)?;
    Ok(mount_point)
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
