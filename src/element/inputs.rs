//! What the element hands the widget: the signals its attributes and properties are written into
//! (each set only when its value changed), the view state, and the export and prefetch slots.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::client::PrefetchSlot;
use crate::model::config::{LoadMode, Settings};
use crate::model::i18n::Overrides;
use crate::model::url_state::ViewState;
use crate::model::RawSettings;
use crate::ui::format::Locale;
use crate::ui::{EventSink, ExportSlot, SetIfChanged, WidgetInputs};

/// Lives as long as the element's core; the widget reads it through [`Inputs::for_widget`].
#[derive(Clone, Default)]
pub(super) struct Inputs {
    pub(super) settings: ArcRwSignal<RawSettings>,
    /// Grouping, filters, user scope and page: set by attributes and by the user.
    pub(super) view: ArcRwSignal<ViewState>,
    /// Bumped by `refresh()` (and by the token logic after a 401).
    pub(super) refresh: ArcRwSignal<u64>,
    /// Locale, time zone and the `strings` property (see [`Inputs::set_strings`]).
    locale: ArcRwSignal<Locale>,
    refresh_interval: ArcRwSignal<u32>,
    load_all: ArcRwSignal<bool>,
    no_toolbar: ArcRwSignal<bool>,
    pub(super) export: ExportSlot,
    /// The bootstrap's request for the first page, until the loader takes (or aborts) it.
    pub(super) prefetch: PrefetchSlot,
}

impl Inputs {
    /// Writes what the host's values mean into the signals the widget reads.
    pub(super) fn apply(&self, s: Settings) {
        self.settings.set_if_changed(s.raw);
        // Host-set grouping and page size, when the host changed them (`Settings::parse` decides).
        self.view.maybe_update(|v| {
            let mut changed = false;
            if let Some(g) = s.view_group_by.filter(|g| *g != v.group_by) {
                v.group_by = g;
                changed = true;
            }
            if let Some(n) = s.view_page_size.filter(|n| *n != v.page_size) {
                v.page_size = n;
                v.page = 1;
                changed = true;
            }
            changed
        });
        let strings = self.locale.get_untracked().strings;
        self.locale.set_if_changed(Locale { locale: s.locale, time_zone: s.time_zone, strings });
        self.refresh_interval.set_if_changed(s.refresh_interval);
        self.load_all.set_if_changed(s.load == LoadMode::All);
        self.no_toolbar.set_if_changed(s.no_toolbar);
    }

    /// The host's replacement texts (the `strings` property).
    pub(super) fn set_strings(&self, strings: Overrides) {
        let mut locale = self.locale.get_untracked();
        locale.strings = Arc::new(strings);
        // The same compare-then-set as `apply` (no second copy of the signal's code in the wasm).
        self.locale.set_if_changed(locale);
    }

    /// The widget's inputs, as arena signals: call it under the owner the widget is mounted in.
    pub(super) fn for_widget(self, events: EventSink) -> WidgetInputs {
        WidgetInputs {
            settings: self.settings.into(),
            view: self.view.into(),
            refresh: self.refresh.into(),
            events,
            locale: self.locale.into(),
            refresh_interval: self.refresh_interval.into(),
            no_toolbar: self.no_toolbar.into(),
            load_all: self.load_all.into(),
            export: self.export,
            prefetch: self.prefetch,
        }
    }
}
