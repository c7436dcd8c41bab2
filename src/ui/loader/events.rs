//! What the widget tells its host: [`WidgetEvent`]s, sent through an [`EventSink`] (the element
//! turns them into DOM events).

use std::rc::Rc;

use leptos::prelude::set_timeout;

use crate::model::{Failure, Interaction};

/// What the widget tells its host (the element turns these into DOM events).
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetEvent {
    /// `state` changed: `idle`, `loading`, `ready` or `error`.
    State(&'static str),
    Loaded {
        page: u64,
        page_count: u64,
        total: u64,
        count: usize,
    },
    Failed(Failure),
    /// The user activated an interaction.
    Selected(Box<Interaction>),
    /// The user changed filters, grouping, scope or page; `query` is the shareable view state.
    ViewChanged(Box<crate::model::url_state::ViewState>),
}

/// Where [`WidgetEvent`]s go. The standalone views and tests may pass a no-op.
#[derive(Clone)]
pub struct EventSink(Rc<dyn Fn(WidgetEvent)>);

impl EventSink {
    pub fn new(f: impl Fn(WidgetEvent) + 'static) -> Self {
        Self(Rc::new(f))
    }

    pub fn none() -> Self {
        Self::new(|_| {})
    }

    pub fn emit(&self, e: WidgetEvent) {
        (self.0)(e)
    }

    /// Emits `e` once the view shows the state just set: Leptos applies it in a microtask, this
    /// waits for the next task. So a host handling `ctrlhub-load` finds the rows in the DOM.
    pub fn emit_after_render(&self, e: WidgetEvent) {
        let this = self.clone();
        set_timeout(move || this.emit(e), std::time::Duration::ZERO);
    }
}
