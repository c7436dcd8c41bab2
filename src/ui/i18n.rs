//! The interface's words in the views: the [`Messages`] of the widget (or the site) as context,
//! plural categories from `Intl.PluralRules`.

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

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

thread_local! {
    static PLURAL_RULES: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

fn plural_rules(tag: &str) -> Option<JsValue> {
    if let Some(r) = PLURAL_RULES.with_borrow(|c| c.iter().find(|(t, _)| t == tag).map(|(_, r)| r.clone())) {
        return Some(r);
    }
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let ctor = Reflect::get(&intl, &JsValue::from_str("PluralRules")).ok()?.dyn_into::<Function>().ok()?;
    let args = js_sys::Array::of2(&JsValue::from_str(tag), &Object::new());
    let rules = Reflect::construct(&ctor, &args).ok()?;
    PLURAL_RULES.with_borrow_mut(|c| c.push((tag.to_owned(), rules.clone())));
    Some(rules)
}

/// `Intl.PluralRules(tag).select(n)`; CLDR's rule for en and cy when `Intl` cannot answer.
pub fn intl_plural(tag: &str, n: u64) -> Plural {
    plural_rules(tag)
        .and_then(|r| {
            let select = Reflect::get(&r, &JsValue::from_str("select")).ok()?.dyn_into::<Function>().ok()?;
            select.call1(&r, &JsValue::from_f64(n as f64)).ok()?.as_string()
        })
        .and_then(|c| Plural::parse(&c))
        .unwrap_or_else(|| cldr_plural(tag, n))
}
