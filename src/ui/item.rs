//! One interaction as an `article` in a feed: what, when, with whom, and the notes.

use crate::strings as t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::search;
use crate::model::{Interaction, Method, Related};

/// Notes longer than this are folded behind "Show more".
const FOLD_CHARS: usize = 320;

fn icon(method: &Method) -> &'static str {
    match method {
        Method::Letter => "✉",
        Method::Email => "@",
        Method::Telephone => "☎",
        Method::Sms => "✆",
        Method::Other(_) => "•",
    }
}

/// Which server-side scope a label offers ("Only this contact").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Contact,
    Property,
    Representative,
}

impl ScopeKind {
    pub fn noun(self) -> &'static str {
        match self {
            Self::Contact => t::NOUN_CONTACT,
            Self::Property => t::NOUN_PROPERTY,
            Self::Representative => t::NOUN_REPRESENTATIVE,
        }
    }
}

/// Text for one item, formatted by the caller (views format once per list).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemText {
    /// Date and time, e.g. "25 Dec 2026, 15:30", or the raw value when unparseable.
    pub when: String,
    /// "in 3 days", "2 hours ago"; empty when undated.
    pub relative: String,
    pub overdue: bool,
}

/// Runs of `text` with the search terms marked.
fn highlighted(text: &str, query: &str) -> impl IntoView {
    if query.trim().is_empty() {
        return vec![text.to_owned().into_any()];
    }
    super::format::with_decompose(|d| search::highlight(text, query, d))
        .into_iter()
        .map(|(run, hit)| if hit { view! { <mark>{run}</mark> }.into_any() } else { run.into_any() })
        .collect::<Vec<_>>()
}

#[component]
fn Label(
    related: Option<Related>,
    kind: ScopeKind,
    none: &'static str,
    query: String,
    on_scope: Callback<(ScopeKind, String, String)>,
) -> impl IntoView {
    let Some(r) = related else {
        return view! { <span class="ch-none">{none}</span> }.into_any();
    };
    let open = RwSignal::new(false);
    let (id, label) = (r.id.clone(), r.label.clone());
    let text = highlighted(&r.label, &query);
    view! {
        <span class="ch-label">
            <button
                type="button"
                class="ch-link"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {text}
            </button>
            {move || {
                open.get()
                    .then(|| {
                        let (id, label) = (id.clone(), label.clone());
                        view! {
                            <button
                                type="button"
                                class="ch-button ch-only"
                                on:click=move |ev| {
                                    // This button goes away: keep focus on the new chip's remove button.
                                    let root = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).map(|n| n.get_root_node());
                                    open.set(false);
                                    on_scope.run((kind, id.clone(), label.clone()));
                                    if let Some(root) = root {
                                        focus_later(root, ".ch-chip-remove");
                                    }
                                }
                            >
                                {t::only_this(kind.noun())}
                            </button>
                        }
                    })
            }}
        </span>
    }
    .into_any()
}

/// APG feed pattern: Page Down / Page Up move focus to the next / previous article (across
/// groups), Home / End (with Ctrl) to the first / last rendered one.
fn move_focus(ev: &leptos::ev::KeyboardEvent) -> bool {
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

/// Focuses the first element matching `selector` in `root` once the view has updated.
pub fn focus_later(root: web_sys::Node, selector: &'static str) {
    let root = send_wrapper::SendWrapper::new(root);
    set_timeout(
        move || {
            let found = root
                .dyn_ref::<web_sys::ShadowRoot>()
                .and_then(|r| r.query_selector(selector).ok().flatten())
                .or_else(|| root.dyn_ref::<web_sys::Element>().and_then(|e| e.query_selector(selector).ok().flatten()));
            if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        },
        std::time::Duration::from_millis(30),
    );
}

/// True when the event started on an interactive element inside the article.
fn from_control(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("button, a, input, select, textarea, summary").ok().flatten())
        .is_some()
}

#[component]
pub fn InteractionItem(
    item: Interaction,
    text: ItemText,
    /// Index into the loaded items (`data-index`, for measuring rendered rows).
    #[prop(optional)]
    index: Option<usize>,
    position: usize,
    set_size: usize,
    #[prop(optional)] query: String,
    #[prop(optional, into)] on_select: Option<Callback<Interaction>>,
    #[prop(optional, into)] on_scope: Option<Callback<(ScopeKind, String, String)>>,
) -> impl IntoView {
    let name = format!("{}, {}, {}", item.method.label(), crate::model::case::lower(item.direction.label()), text.when);
    let contacted = match item.contacted {
        Some(true) => t::YES,
        Some(false) => t::NO,
        None => t::UNKNOWN,
    };
    let status_slug = item.status.trim().to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let status_class = format!("ch-badge ch-status-{status_slug}");
    let on_scope = on_scope.unwrap_or_else(|| Callback::new(|_| {}));
    let author = item.author.as_ref().map(|a| a.label.clone());

    // Long notes are folded; the fold point is a char boundary.
    let notes = item.notes.trim_end().to_owned();
    let long = notes.chars().count() > FOLD_CHARS;
    let expanded = RwSignal::new(false);
    let folded: String = notes.chars().take(FOLD_CHARS).collect();
    let notes_view = {
        let query = query.clone();
        move || {
            let shown = if long && !expanded.get() { format!("{}…", folded.trim_end()) } else { notes.clone() };
            highlighted(&shown, &query)
        }
    };

    let select = {
        let item = item.clone();
        move || {
            if let Some(cb) = on_select {
                cb.run(item.clone());
            }
        }
    };
    let select_click = select.clone();

    view! {
        <article
            class="ch-item"
            class:ch-overdue=text.overdue
            part="item"
            tabindex="0"
            aria-label=name
            aria-posinset={position.to_string()}
            aria-setsize={set_size.to_string()}
            data-id={item.id.clone()}
            data-index={index.map(|i| i.to_string())}
            data-method={item.method.slug()}
            on:click=move |ev| {
                if !from_control(&ev) {
                    select_click();
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" && !from_control(&ev) {
                    ev.prevent_default();
                    select();
                } else if move_focus(&ev) {
                    ev.prevent_default();
                }
            }
        >
            <header class="ch-item-head">
                <span class="ch-icon" aria-hidden={"true"}>{icon(&item.method)}</span>
                <span class="ch-method">{item.method.label().to_owned()}</span>
                <span class="ch-direction">{item.direction.label().to_owned()}</span>
                <span class=status_class>{item.status_label()}</span>
                {text.overdue.then(|| view! { <span class="ch-badge ch-badge-overdue">{t::OVERDUE}</span> })}
                <span class="ch-when">
                    <time class="ch-date" datetime={item.date_time_raw.clone()}>{text.when.clone()}</time>
                    {(!text.relative.is_empty()).then(|| view! { <span class="ch-relative">{format!(" · {}", text.relative)}</span> })}
                </span>
            </header>
            <dl class="ch-facts">
                <div>
                    <dt>{t::CONTACT}</dt>
                    <dd><Label related=item.contact.clone() kind=ScopeKind::Contact none=t::NO_CONTACT query=query.clone() on_scope/></dd>
                </div>
                <div>
                    <dt>{t::PROPERTY}</dt>
                    <dd><Label related=item.property.clone() kind=ScopeKind::Property none=t::NO_PROPERTY query=query.clone() on_scope/></dd>
                </div>
                <div>
                    <dt>{t::REPRESENTATIVE}</dt>
                    <dd><Label related=item.representative.clone() kind=ScopeKind::Representative none=t::NO_REPRESENTATIVE query=query.clone() on_scope/></dd>
                </div>
                <div><dt>{t::CONTACTED}</dt><dd>{contacted}</dd></div>
                {author.map(|a| view! { <div><dt>{t::AUTHOR}</dt><dd>{a}</dd></div> })}
            </dl>
            {(!item.notes.trim().is_empty()).then(|| view! {
                <p class="ch-notes">{notes_view}</p>
                {long.then(|| view! {
                    <button
                        type="button"
                        class="ch-link ch-more"
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        {move || if expanded.get() { t::SHOW_LESS } else { t::SHOW_MORE }}
                    </button>
                })}
            })}
        </article>
    }
}
