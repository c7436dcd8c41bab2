//! The interface's words in the views: the [`Messages`] of the widget (or the site) as context,
//! plural categories from `Intl.PluralRules`.

use js_sys::Object;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::format::Locale;
use crate::model::i18n::{cldr_plural, Lang, Messages, Msg, Plural};

/// The words of the views below; provided by [`I18n::provide`], read with [`use_i18n`]. Holds
/// the [`Locale`] (which carries the `strings` overrides) rather than a signal of its own: one
/// reactive type less in the wasm.
#[derive(Clone, Copy)]
pub struct I18n(Signal<Locale>);

impl I18n {
    /// Provides the words of `locale` to the views below the current owner.
    pub fn provide(locale: Signal<Locale>) -> Self {
        let i18n = I18n(locale);
        provide_context(i18n);
        i18n
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

/// The words provided above; en-GB when none are (a view mounted on its own, in a test).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(Signal::default()))
}

/// The messages of a locale: the catalogue by its language subtag (else en-GB), with its overrides.
pub fn messages_of(locale: &Locale) -> Messages {
    Messages::new(Lang::pick(locale.locale.as_deref()), locale.strings.clone(), intl_plural)
}

/// `Intl.PluralRules(tag).select(n)`; CLDR's rule for en and cy when `Intl` cannot answer.
/// Constructed per call (headings and a countdown ask a few hundred times at most): a cache
/// costs more wasm than it saves time.
pub fn intl_plural(tag: &str, n: u64) -> Plural {
    super::format::construct("PluralRules", Some(tag), &Object::new())
        .and_then(|r| r.unchecked_into::<js_sys::Intl::PluralRules>().select(n as f64).as_string())
        .and_then(|c| Plural::parse(&c))
        .unwrap_or_else(|| cldr_plural(tag, n))
}
