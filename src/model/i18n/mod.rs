//! The interface's words: message catalogues (en-GB and Welsh), the host's overrides (the
//! `strings` property), named placeholders (`{count}`) and plural forms.
//!
//! Pure: the plural category of a number comes from `Intl.PluralRules` in the browser (the UI
//! hands it in as a [`PluralFn`]); [`cldr_plural`] is the same rule for en and cy, natively tested
//! and the fallback.

/// A catalogue: `Name => "text",` for every message, in the order of [`Msg::ALL`] (a test checks
/// it; the count is checked when it compiles), packed into one string.
macro_rules! catalogue {
    ($($name:ident => $text:literal,)*) => {
        pub(super) const PACKED: super::Packed = super::Packed::new(concat!($($text, "\u{1f}",)*));
        #[cfg(test)]
        pub(super) const ORDER: &[super::Msg] = &[$(super::Msg::$name,)*];
    };
}
use catalogue;

mod cy;
mod en_gb;
mod ids;

use std::sync::Arc;

pub use ids::Msg;

/// A catalogue: a language the interface is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Lang {
    #[default]
    EnGb,
    Cy,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::EnGb, Lang::Cy];

    /// The catalogue for a BCP 47 tag: by its language subtag (`cy-GB` → Welsh), else en-GB.
    pub fn pick(tag: Option<&str>) -> Lang {
        // The primary subtag is "cy" (any case): bytes, not a split on a char set (less wasm).
        let t = tag.unwrap_or_default().trim().as_bytes();
        if t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"cy")) && matches!(t.get(2), None | Some(b'-' | b'_')) {
            Lang::Cy
        } else {
            Lang::EnGb
        }
    }

    /// The first of `tags` (e.g. `navigator.languages`) with a catalogue of its own, else en-GB.
    pub fn first_supported<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .map(|t| (t, Lang::pick(Some(t))))
            .find(|(t, l)| *l != Lang::EnGb || t.trim().to_ascii_lowercase().starts_with("en"))
            .map_or(Lang::EnGb, |(_, l)| l)
    }

    /// The `lang` attribute the interface carries.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::EnGb => "en-GB",
            Lang::Cy => "cy",
        }
    }

    /// The language's own name, for a language switch.
    pub const fn name(self) -> &'static str {
        match self {
            Lang::EnGb => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    /// The catalogue's text of `m` (plural messages hold all their forms).
    pub fn text(self, m: Msg) -> &'static str {
        match self {
            Lang::EnGb => en_gb::PACKED.get(m as usize),
            Lang::Cy => cy::PACKED.get(m as usize),
        }
    }
}

/// The locales an `Intl` formatter is asked for: the host's `locale`, then en-GB, the catalogues'
/// own fallback. A browser without data for a language (Chromium builds ship without Welsh dates)
/// would otherwise answer in its default locale, or in ICU's root forms ("2026 M12 7").
pub fn intl_locales(locale: &str) -> [&str; 2] {
    [locale, Lang::EnGb.tag()]
}

/// Whether an `Intl` formatter asked for `requested` answers in that language: the language
/// subtags of `requested` and of the formatter's `resolved` locale are the same (any case). No
/// `requested` (the browser's own locale) always does.
pub fn speaks(requested: Option<&str>, resolved: &str) -> bool {
    fn language(tag: &str) -> &str {
        tag.trim().split(['-', '_']).next().unwrap_or_default()
    }
    requested.is_none_or(|r| language(r).eq_ignore_ascii_case(language(resolved)))
}

/// Texts packed as one string, each ended by U+001F, with where each starts: in the wasm, one
/// string and a `u16` per text rather than a pointer and a length per text.
pub(crate) struct Packed {
    text: &'static str,
    starts: [u16; Msg::COUNT + 1],
}

impl Packed {
    /// Fails to compile unless `text` holds exactly one text per message.
    pub(crate) const fn new(text: &'static str) -> Packed {
        let bytes = text.as_bytes();
        let mut starts = [0u16; Msg::COUNT + 1];
        let (mut i, mut n) = (0, 0);
        while i < bytes.len() {
            if bytes[i] == 0x1f {
                n += 1;
                assert!(n <= Msg::COUNT, "more texts than messages");
                starts[n] = (i + 1) as u16;
            }
            i += 1;
        }
        assert!(n == Msg::COUNT, "fewer texts than messages");
        assert!(bytes.len() < u16::MAX as usize, "catalogue too long for u16 offsets");
        Packed { text, starts }
    }

    /// The `i`th text ("" past the end).
    pub(crate) fn get(&self, i: usize) -> &'static str {
        let start = self.starts.get(i).copied().unwrap_or_default() as usize;
        let end = self.starts.get(i + 1).map_or(start, |e| (*e as usize).saturating_sub(1));
        self.text.get(start..end.max(start)).unwrap_or_default()
    }
}

/// A CLDR plural category.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    const ALL: [Plural; 6] = [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Many, Plural::Other];

    /// The category named as `Intl.PluralRules.select` names it.
    pub fn parse(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|p| p.as_str() == name)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

/// The plural category of a whole number in a language (given as its `lang` tag).
pub type PluralFn = fn(&str, u64) -> Plural;

/// CLDR's cardinal rules for whole numbers in en and cy (what `Intl.PluralRules` says).
pub fn cldr_plural(tag: &str, n: u64) -> Plural {
    match (Lang::pick(Some(tag)), n) {
        (Lang::EnGb, 1) => Plural::One,
        (Lang::EnGb, _) => Plural::Other,
        (Lang::Cy, 0) => Plural::Zero,
        (Lang::Cy, 1) => Plural::One,
        (Lang::Cy, 2) => Plural::Two,
        (Lang::Cy, 3) => Plural::Few,
        (Lang::Cy, 6) => Plural::Many,
        (Lang::Cy, _) => Plural::Other,
    }
}

/// The `{name}` placeholders of a text, in order of first appearance, without repeats.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for name in pieces(text).into_iter().filter_map(|(slot, _)| slot) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Replaces each `{name}` in `text` by its value; unknown placeholders stay as they are. One
/// parser ([`pieces`]) for the three uses: less wasm than a scan of its own each.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (slot, run) in pieces(text) {
        match slot.map(|name| (name, values.iter().find(|(k, _)| *k == name))) {
            Some((_, Some((_, value)))) => out.push_str(value),
            Some((name, None)) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            None => out.push_str(run),
        }
    }
    out
}

/// A text cut at its placeholders, for a view that puts an element in their place (a `<code>`):
/// `(None, text)` runs and `(Some(name), "")` slots, in order.
pub fn pieces(text: &str) -> Vec<(Option<&str>, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            out.push((None, &rest[..open + 1]));
            rest = after;
            continue;
        }
        if open > 0 {
            out.push((None, &rest[..open]));
        }
        out.push((Some(name), ""));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push((None, rest));
    }
    out
}

/// The form of a plural text (`one:…|other:…`) for `category`: its own, else `other`'s, else the
/// first; a text without forms is its own form for every category.
pub fn plural_form(text: &str, category: Plural) -> &str {
    let (mut other, mut first) = (None, None);
    for (name, form) in text.split('|').filter_map(|f| f.split_once(':')) {
        match Plural::parse(name.trim()) {
            Some(c) if c == category => return form,
            Some(c) => {
                if c == Plural::Other {
                    other = Some(form);
                }
                first = first.or(Some(form));
            }
            None => {}
        }
    }
    other.or(first).unwrap_or(text)
}

mod overrides;
pub use overrides::Overrides;

/// The interface's words in one language with the host's overrides: what views and the model
/// ask for text. Cheap to clone.
#[derive(Clone)]
pub struct Messages {
    lang: Lang,
    overrides: Arc<Overrides>,
    plural: PluralFn,
}

impl PartialEq for Messages {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && self.overrides == other.overrides
    }
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages").field("lang", &self.lang).field("overrides", &self.overrides).finish()
    }
}

impl Default for Messages {
    fn default() -> Self {
        Messages::new(Lang::EnGb, Arc::default(), cldr_plural)
    }
}

impl Messages {
    pub fn new(lang: Lang, overrides: Arc<Overrides>, plural: PluralFn) -> Self {
        Messages { lang, overrides, plural }
    }

    /// en-GB with no overrides: for text that leaves the interface (e.g. `ctrlhub-error`'s message).
    pub fn en_gb() -> Self {
        Messages::default()
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of `m`, as is (placeholders unfilled; all forms of a plural message).
    pub fn raw(&self, m: Msg) -> &str {
        self.overrides.get(m).unwrap_or_else(|| self.lang.text(m))
    }

    /// The text of a message without placeholders.
    pub fn text(&self, m: Msg) -> String {
        self.raw(m).to_owned()
    }

    /// The text of `m` with its placeholders filled.
    pub fn fill(&self, m: Msg, values: &[(&str, &str)]) -> String {
        fill(self.raw(m), values)
    }

    /// A plural message's form for `n`, its `{count}` filled with `count` (`n` as the locale
    /// writes it) and any other placeholder from `values`.
    pub fn count(&self, m: Msg, n: u64, count: &str, values: &[(&str, &str)]) -> String {
        let form = plural_form(self.raw(m), (self.plural)(self.lang.tag(), n));
        let mut all = vec![("count", count)];
        all.extend_from_slice(values);
        fill(form, &all)
    }
}

#[cfg(test)]
mod tests;
