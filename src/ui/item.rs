//! One interaction as an `article` in a feed: what, when, with whom, and the notes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use std::collections::HashSet;

use super::focus::{focus_later, move_focus};
use crate::model::i18n::{Messages, Msg};
use crate::model::interaction::status_label_in;
use crate::model::presentation::{status_tone, RowShows};
use crate::model::search;
use crate::model::{Direction, Interaction, Method, Related};

/// Notes longer than this are folded behind "Show more".
const FOLD_CHARS: usize = 320;

/// The method's glyph (decorative: the method is always named in text too).
pub fn icon(method: &Method) -> &'static str {
    match method {
        Method::Letter => "✉",
        Method::Email => "@",
        Method::Telephone => "☎",
        Method::Sms => "✆",
        Method::Other(_) => "•",
    }
}

fn arrow(direction: &Direction) -> &'static str {
    match direction {
        Direction::Inbound => "←",
        Direction::Outbound => "→",
        Direction::Other(_) => "·",
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
    /// Its messages: "Only this contact", "Only contact: {label}", "Remove contact filter {label}".
    pub fn msgs(self) -> (Msg, Msg, Msg) {
        match self {
            Self::Contact => (Msg::OnlyThisContact, Msg::OnlyContact, Msg::RemoveContactFilter),
            Self::Property => (Msg::OnlyThisProperty, Msg::OnlyProperty, Msg::RemovePropertyFilter),
            Self::Representative => {
                (Msg::OnlyThisRepresentative, Msg::OnlyRepresentative, Msg::RemoveRepresentativeFilter)
            }
        }
    }
}

/// Text for one item, formatted by the caller (views format once per list).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemText {
    /// Date and time, e.g. "25 Dec 2026, 15:30", or the raw value when unparseable.
    pub when: String,
    /// What the row shows on the right: the time under a day separator, else "Sat 28 Nov, 10:45".
    pub short: String,
    /// The same in a narrow widget: "Sat 10:45", "17 Nov" (CSS shows one of the two).
    pub compact: String,
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
    m: Messages,
    related: Option<Related>,
    kind: ScopeKind,
    none: Msg,
    query: String,
    on_scope: Callback<(ScopeKind, String, String)>,
) -> impl IntoView {
    let Some(r) = related else {
        return view! { <span class="ch-none">{m.text(none)}</span> }.into_any();
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
                                {m.text(kind.msgs().0)}
                            </button>
                        }
                    })
            }}
        </span>
    }
    .into_any()
}

/// True when the event started on an interactive element inside the article.
fn from_control(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("button, a, input, select, textarea, summary").ok().flatten())
        .is_some()
}

/// Which rows have their details open and whose long notes are unfolded, by interaction id.
/// Widget-wide (not per row), so both survive re-renders, paging back and the virtual window:
/// a row that leaves the window and comes back looks as it did, and its measured height holds.
#[derive(Clone, Copy)]
pub struct RowState {
    pub open: RwSignal<HashSet<String>>,
    pub unfolded: RwSignal<HashSet<String>>,
}

impl RowState {
    pub fn new() -> Self {
        Self { open: RwSignal::new(HashSet::new()), unfolded: RwSignal::new(HashSet::new()) }
    }
}

impl Default for RowState {
    fn default() -> Self {
        Self::new()
    }
}

/// Adds `id` to the set or takes it out.
fn toggle(set: RwSignal<HashSet<String>>, id: &str) {
    set.update(|s| {
        if !s.remove(id) {
            s.insert(id.to_owned());
        }
    });
}

/// One interaction: a compact row on the rail (method, direction, the dimension its group does
/// not name, status, date; the notes' first line), which expands in place when activated.
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
    /// Which of contact and property the first line names (the article names both anyway).
    #[prop(optional)]
    shows: Option<RowShows>,
    /// Open details and unfolded notes (widget-wide; see [`RowState`]).
    #[prop(optional)]
    rows: Option<RowState>,
    #[prop(optional, into)] on_select: Option<Callback<Interaction>>,
    #[prop(optional, into)] on_scope: Option<Callback<(ScopeKind, String, String)>>,
    /// The interface's words (en-GB when not given); the timeline is rebuilt when they change.
    #[prop(optional)]
    m: Messages,
) -> impl IntoView {
    let name = format!(
        "{}, {}, {}",
        item.method.label_in(&m),
        crate::model::case::lower(item.direction.label_in(&m)),
        text.when
    );
    let shows = shows.unwrap_or(RowShows { contact: true, property: true });
    let rows = rows.unwrap_or_default();
    let on_scope = on_scope.unwrap_or_else(|| Callback::new(|_| {}));
    let id = item.id.clone();
    let is_open = {
        let id = id.clone();
        move || rows.open.with(|e| e.contains(&id))
    };
    // Activating selects (the host's `ctrlhub-select`) and expands or folds the details in place.
    let activate = {
        let item = item.clone();
        move |toggle: bool| {
            if toggle {
                self::toggle(rows.open, &id);
            }
            if let Some(cb) = on_select {
                cb.run(item.clone());
            }
        }
    };
    let activate_click = activate.clone();
    let tone = format!("ch-badge ch-tone-{}", status_tone(&item.status).slug());
    let line = row_line(&item, shows, &query, &m);
    let facts = hidden_facts(&item, shows, &m);
    let open_view = {
        let (item, query, relative, is_open) = (item.clone(), query.clone(), text.relative.clone(), is_open.clone());
        let m = m.clone();
        move || {
            if is_open() {
                view! { <RowDetails m=m.clone() item=item.clone() query=query.clone() relative=relative.clone() unfolded=rows.unfolded on_scope/> }
                    .into_any()
            } else {
                preview(&item.notes, &query, &relative).into_any()
            }
        }
    };
    view! {
        <article
            class="ch-item"
            class:ch-overdue=text.overdue
            class:ch-open=is_open
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
                    activate_click(!in_details(&ev));
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" && !from_control(&ev) {
                    ev.prevent_default();
                    activate(true);
                } else if move_focus(&ev) {
                    ev.prevent_default();
                }
            }
        >
            <span class="ch-icon" data-method={item.method.slug()} aria-hidden={"true"}>{icon(&item.method)}</span>
            {line}
            <span class="ch-badges">
                <span class=tone>{status_label_in(&item.status, &m)}</span>
                {text.overdue.then(|| view! { <span class="ch-badge ch-badge-overdue">{m.text(Msg::Overdue)}</span> })}
            </span>
            <time class="ch-date" datetime={item.date_time_raw.clone()}>
                <span class="ch-date-wide">{text.short.clone()}</span><span class="ch-date-narrow">{text.compact.clone()}</span>
            </time>
            {open_view}
            <span class="ch-sr">{facts}</span>
        </article>
    }
}

/// The first line: method, direction, and the contact and/or property the group does not name.
fn row_line(item: &Interaction, shows: RowShows, query: &str, m: &Messages) -> impl IntoView {
    let label = |r: &Option<Related>, none: Msg| match r {
        Some(r) => highlighted(&r.label, query).into_any(),
        None => m.text(none).into_any(),
    };
    let contact = shows.contact.then(|| view! { <span class="ch-who">{label(&item.contact, Msg::NoContact)}</span> });
    let property =
        shows.property.then(|| view! { <span class="ch-where">{label(&item.property, Msg::NoProperty)}</span> });
    view! {
        <span class="ch-line">
            <span class="ch-method">{item.method.label_in(m).to_owned()}</span>
            <span class="ch-direction"><span aria-hidden={"true"}>{arrow(&item.direction)}</span><span class="ch-dir-word">{format!(" {}", item.direction.label_in(m))}</span></span>
            {contact}
            {property}
        </span>
    }
}

/// What the row does not show but the article must say: the contact or property its group
/// names, and the representative (visually hidden, read by assistive technology and in the text).
fn hidden_facts(item: &Interaction, shows: RowShows, m: &Messages) -> String {
    let fact = |field: Msg, r: &Option<Related>, none: Msg| {
        format!("{}: {}", m.raw(field), r.as_ref().map_or_else(|| m.text(none), |r| r.label.clone()))
    };
    let mut parts = Vec::new();
    if !shows.contact {
        parts.push(fact(Msg::Contact, &item.contact, Msg::NoContact));
    }
    if !shows.property {
        parts.push(fact(Msg::Property, &item.property, Msg::NoProperty));
    }
    parts.push(fact(Msg::Representative, &item.representative, Msg::NoRepresentative));
    format!(" {}.", parts.join("; "))
}

/// The collapsed row's second line: the start of the notes (one line, cut by CSS) and the
/// relative time.
fn preview(notes: &str, query: &str, relative: &str) -> impl IntoView {
    let notes = notes.trim();
    let folded: String = notes.chars().take(FOLD_CHARS).collect();
    let text = (!notes.is_empty()).then(|| view! { <p class="ch-notes ch-preview">{highlighted(&folded, query)}</p> });
    let relative = (!relative.is_empty()).then(|| view! { <span class="ch-relative">{relative.to_owned()}</span> });
    view! { <span class="ch-sub">{text}{relative}</span> }
}

/// True when the click landed inside the expanded details (reading them must not fold them).
fn in_details(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".ch-details").ok().flatten())
        .is_some()
}

/// The expanded details: contact and property (with "Only this …"), representative, author,
/// account, contacted, the full notes (long ones folded behind "Show more").
#[component]
fn RowDetails(
    m: Messages,
    item: Interaction,
    query: String,
    relative: String,
    /// Interactions whose long notes are unfolded (see [`RowState`]).
    unfolded: RwSignal<HashSet<String>>,
    on_scope: Callback<(ScopeKind, String, String)>,
) -> impl IntoView {
    let contacted = match item.contacted {
        Some(true) => Msg::Yes,
        Some(false) => Msg::No,
        None => Msg::Unknown,
    };
    let plain = |r: &Option<Related>| r.as_ref().map(|r| r.label.clone());
    let fact = |name: Msg, value: String| view! { <div><dt>{m.text(name)}</dt><dd>{value}</dd></div> };
    let q = query.clone();
    let scoped = |kind, related: Option<Related>, none| {
        view! { <Label m=m.clone() related kind none query=q.clone() on_scope/> }
    };
    view! {
        <div class="ch-details">
            <dl class="ch-facts">
                <div><dt>{m.text(Msg::Contact)}</dt><dd>{scoped(ScopeKind::Contact, item.contact.clone(), Msg::NoContact)}</dd></div>
                <div><dt>{m.text(Msg::Property)}</dt><dd>{scoped(ScopeKind::Property, item.property.clone(), Msg::NoProperty)}</dd></div>
                <div><dt>{m.text(Msg::Representative)}</dt><dd>{scoped(ScopeKind::Representative, item.representative.clone(), Msg::NoRepresentative)}</dd></div>
                {plain(&item.author).map(|a| fact(Msg::Author, a))}
                {plain(&item.account).map(|a| fact(Msg::Account, a))}
                {fact(Msg::Contacted, m.text(contacted))}
            </dl>
            <Notes m=m.clone() id=item.id.clone() notes=item.notes.clone() query unfolded/>
            {(!relative.is_empty()).then(|| view! { <span class="ch-relative">{relative}</span> })}
        </div>
    }
}

/// The full notes; longer than [`FOLD_CHARS`], folded behind "Show more".
#[component]
fn Notes(m: Messages, id: String, notes: String, query: String, unfolded: RwSignal<HashSet<String>>) -> impl IntoView {
    let notes = notes.trim_end().to_owned();
    if notes.trim().is_empty() {
        return ().into_any();
    }
    let long = notes.chars().count() > FOLD_CHARS;
    let is_unfolded = {
        let id = id.clone();
        Signal::derive(move || unfolded.with(|u| u.contains(&id)))
    };
    let folded: String = notes.chars().take(FOLD_CHARS).collect();
    let text = {
        let query = query.clone();
        move || {
            let shown = if long && !is_unfolded.get() { format!("{}…", folded.trim_end()) } else { notes.clone() };
            highlighted(&shown, &query)
        }
    };
    view! {
        <p class="ch-notes">{text}</p>
        {long.then(|| view! {
            <button
                type="button"
                class="ch-link ch-more"
                aria-expanded=move || is_unfolded.get().to_string()
                on:click=move |_| toggle(unfolded, &id)
            >
                {move || m.text(if is_unfolded.get() { Msg::ShowLess } else { Msg::ShowMore })}
            </button>
        })}
    }
    .into_any()
}
