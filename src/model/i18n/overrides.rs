//! The host's overrides (the `strings` property): an id → text map, checked against the catalogue.

use super::{placeholders, Lang, Msg};

/// The host's replacement texts, by message; they apply in every language. A few entries, so a
/// list (a map's code costs more in the wasm than a scan of a handful of entries).
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Overrides(Vec<(Msg, String)>);

impl Overrides {
    /// Reads `entries` (id, text; `None`: not text): unknown ids, values that are not text and
    /// texts that drop a placeholder of the message are left out. Returns what it left out as
    /// one sentence for the console ("" when nothing was): written as it goes, not collected
    /// into lists first (less wasm).
    pub fn parse(entries: &[(String, Option<String>)]) -> (Overrides, String) {
        let mut list: Vec<(Msg, String)> = Vec::new();
        let mut left_out = String::new();
        for (id, text) in entries {
            let Some((m, text)) = Msg::from_id(id.trim()).zip(text.as_deref()) else {
                left_out.push_str(" \"");
                left_out.push_str(id);
                left_out.push_str("\" ignored: no such message id, or not text;");
                continue;
            };
            let have = placeholders(text);
            let lacking: Vec<&str> =
                placeholders(Lang::EnGb.text(m)).into_iter().filter(|p| !have.contains(p)).collect();
            if lacking.is_empty() {
                list.retain(|(k, _)| *k != m);
                list.push((m, text.to_owned()));
            } else {
                left_out.push_str(" \"");
                left_out.push_str(id);
                left_out.push_str("\" rejected: it lacks {");
                left_out.push_str(&lacking.join("}, {"));
                left_out.push_str("};");
            }
        }
        (Overrides(list), left_out)
    }

    pub fn get(&self, m: Msg) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == m).map(|(_, t)| t.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
