//! The host's overrides (the `strings` property): an id → text map, checked against the catalogue.

use super::{placeholders, Lang, Msg};

/// The host's replacement texts, by message; they apply in every language. A few entries, so a
/// list (a map's code costs more in the wasm than a scan of a handful of entries).
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Overrides(Vec<(Msg, String)>);

/// What [`Overrides::parse`] left out, for the one console warning each.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Rejected {
    /// Ids that name no message.
    pub unknown: Vec<String>,
    /// Ids whose text lacks a placeholder of the message, with the placeholders it lacks.
    pub missing: Vec<(String, Vec<String>)>,
}

impl Rejected {
    pub fn is_empty(&self) -> bool {
        self.unknown.is_empty() && self.missing.is_empty()
    }
}

impl Overrides {
    /// Reads `entries` (id, text): unknown ids and texts that drop a placeholder of the message
    /// are left out and reported.
    pub fn parse<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Overrides, Rejected) {
        let mut list: Vec<(Msg, String)> = Vec::new();
        let mut rejected = Rejected::default();
        for (id, text) in entries {
            let Some(m) = Msg::from_id(id.trim()) else {
                rejected.unknown.push(id.to_owned());
                continue;
            };
            let have = placeholders(text);
            let lacking: Vec<String> =
                placeholders(Lang::EnGb.text(m)).into_iter().filter(|p| !have.contains(p)).map(str::to_owned).collect();
            if lacking.is_empty() {
                list.retain(|(k, _)| *k != m);
                list.push((m, text.to_owned()));
            } else {
                rejected.missing.push((id.to_owned(), lacking));
            }
        }
        (Overrides(list), rejected)
    }

    pub fn get(&self, m: Msg) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == m).map(|(_, t)| t.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
