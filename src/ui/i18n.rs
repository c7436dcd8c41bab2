//! The interface's words in the views: the [`Messages`] of the widget (or the site), handed to
//! each component as an [`I18n`] prop (not Leptos context: nothing else in the wasm uses context,
//! and its type map costs ~1 KiB brotli), plural categories from `Intl.PluralRules`.

use js_sys::Object;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::format::Locale;
use crate::model::i18n::{cldr_plural, speaks, Lang, Messages, Msg, Plural};

/// The words of the views below, passed down as a prop (`Copy`). Holds
/// the [`Locale`] (which carries the `strings` overrides) rather than a signal of its own: one
/// reactive type less in the wasm.
#[derive(Clone, Copy)]
pub struct I18n(Signal<Locale>);

impl I18n {
    /// The words of `locale` (its language's catalogue, with its `strings` overrides).
    pub fn new(locale: Signal<Locale>) -> Self {
        I18n(locale)
    }

    /// The text of `m`, as a reactive closure for a view (follows the language and `strings`).
    pub fn tr(self, m: Msg) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.get().text(m)
    }

    /// The messages, tracked.
    pub fn get(self) -> Messages {
        messages_of(&self.0.get())
    }

    /// The messages, untracked: for views rebuilt as a whole when they change (the timeline).
    pub fn now(self) -> Messages {
        messages_of(&self.0.get_untracked())
    }

    /// The `lang` of the interface: the catalogue's language (`en-GB`, `cy`).
    pub fn lang(self) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.get().lang().tag()
    }
}

/// en-GB without overrides (a view mounted on its own, in a test).
impl Default for I18n {
    fn default() -> Self {
        I18n(Signal::default())
    }
}

/// The messages of a locale: the catalogue by its language subtag (else en-GB), with its overrides.
pub fn messages_of(locale: &Locale) -> Messages {
    Messages::new(Lang::pick(locale.locale.as_deref()), locale.strings.clone(), intl_plural)
}

/// `Intl.PluralRules(tag).select(n)`; CLDR's rule for en and cy when `Intl` cannot answer (or
/// lacks the language).
/// Constructed per call (headings and a countdown ask a few hundred times at most): a cache
/// costs more wasm than it saves time.
pub fn intl_plural(tag: &str, n: u64) -> Plural {
    super::format::construct("PluralRules", Some(tag), &Object::new())
        .map(|r| r.unchecked_into::<js_sys::Intl::PluralRules>())
        // A browser without the language's rules answers in the en-GB fallback: not Welsh's.
        .filter(|r| super::format::resolved_locale(r).is_some_and(|l| speaks(Some(tag), &l)))
        .and_then(|r| r.select(n as f64).as_string())
        .and_then(|c| Plural::parse(&c))
        .unwrap_or_else(|| cldr_plural(tag, n))
}
