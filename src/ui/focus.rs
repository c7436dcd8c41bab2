//! Focus between the timeline's articles (the APG feed pattern's keys, also across a virtual
//! window that has not rendered the neighbour yet) and focus after a view update.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// APG feed pattern: Page Down / Page Up move focus to the next / previous article (across
/// groups), Home / End (with Ctrl) to the first / last rendered one.
pub(super) fn move_focus(ev: &leptos::ev::KeyboardEvent) -> bool {
    let step: isize = match (ev.key().as_str(), ev.ctrl_key()) {
        ("PageDown", _) => 1,
        ("PageUp", _) => -1,
        ("Home", true) => isize::MIN,
        ("End", true) => isize::MAX,
        _ => return false,
    };
    let Some(article) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    let Some(articles) = rendered_articles(&article) else { return false };
    let Some(here) = articles.iter().position(|a| a.is_same_node(Some(&article))) else { return false };
    let target = match step {
        isize::MIN => 0,
        isize::MAX => articles.len().saturating_sub(1),
        s => here.saturating_add_signed(s).min(articles.len().saturating_sub(1)),
    };
    if target == here && (step == 1 || step == -1) && more_beyond(&article, step) {
        // A virtualised feed has not rendered the neighbour yet: bring this article to the far
        // edge so the window moves on, then focus the neighbour once it is there.
        article.scroll_into_view_with_bool(step == 1);
        focus_neighbour_when_rendered(article, step, 8);
        return true;
    }
    match articles.get(target) {
        Some(a) => {
            let _ = a.focus();
            true
        }
        None => false,
    }
}

/// The articles rendered in `article`'s timeline, in display order.
fn rendered_articles(article: &web_sys::Element) -> Option<Vec<web_sys::HtmlElement>> {
    let scope = article.closest(".ch-timeline").ok().flatten()?;
    let all = scope.query_selector_all("article").ok()?;
    Some((0..all.length()).filter_map(|i| all.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect())
}

/// True when `article` sits in a virtualised feed with unrendered articles in direction `step`.
fn more_beyond(article: &web_sys::Element, step: isize) -> bool {
    if article.closest(".ch-virtual").ok().flatten().is_none() {
        return false;
    }
    let number = |name: &str| article.get_attribute(name).and_then(|v| v.parse::<usize>().ok());
    let (Some(position), Some(size)) = (number("aria-posinset"), number("aria-setsize")) else { return false };
    if step > 0 {
        position < size
    } else {
        position > 1
    }
}

/// Focuses the article next to `article` (by `step`) as soon as a frame has rendered it, trying
/// for at most `frames` frames.
fn focus_neighbour_when_rendered(article: web_sys::HtmlElement, step: isize, frames: u8) {
    request_animation_frame(move || {
        let neighbour = rendered_articles(&article).and_then(|articles| {
            let here = articles.iter().position(|a| a.is_same_node(Some(&article)))?;
            articles.get(here.checked_add_signed(step)?).cloned()
        });
        match neighbour {
            Some(next) => {
                let _ = next.focus();
            }
            None if frames > 1 && article.is_connected() => focus_neighbour_when_rendered(article, step, frames - 1),
            None => {}
        }
    });
}

/// Focuses the first element matching `selector` in `root` (a shadow root or an element), now.
/// Use it before a change that removes the focused control, when the target is already there:
/// focus then never falls to `<body>`, not even for a frame.
pub fn focus_now(root: &web_sys::Node, selector: &str) {
    let found = root
        .dyn_ref::<web_sys::ShadowRoot>()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .or_else(|| root.dyn_ref::<web_sys::Element>().and_then(|e| e.query_selector(selector).ok().flatten()));
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focuses the first element matching `selector` in `root` once the view has updated (for a
/// target the change itself renders).
pub fn focus_later(root: web_sys::Node, selector: &'static str) {
    let root = send_wrapper::SendWrapper::new(root);
    set_timeout(move || focus_now(&root, selector), std::time::Duration::from_millis(30));
}
