//! Repeated interactions, dropped by id: the first of each id is kept, and interactions without an
//! id are all kept (nothing says two of them are the same one). Used when a page is decoded
//! (`api::convert`) and when pages are put together ("Load more", `load="all"`).

use std::collections::HashSet;

use super::interaction::Interaction;

/// The ids kept so far.
#[derive(Clone, Debug, Default)]
pub struct SeenIds(HashSet<String>);

impl SeenIds {
    /// The ids of `items`, which are kept as they are.
    pub fn of(items: &[Interaction]) -> Self {
        Self(items.iter().filter(|i| !i.id.is_empty()).map(|i| i.id.clone()).collect())
    }

    /// Appends to `items` each of `more` whose id has not been seen, in order, and remembers it.
    pub fn append(&mut self, items: &mut Vec<Interaction>, more: impl IntoIterator<Item = Interaction>) {
        items.extend(more.into_iter().filter(|i| i.id.is_empty() || self.0.insert(i.id.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::interaction::tests::sample;

    fn ids(items: &[Interaction]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn first_of_each_id_wins_and_blank_ids_are_all_kept() {
        let mut first = sample("a", "2024-01-01T00:00:00Z");
        first.notes = "first".into();
        let more = vec![
            first,
            sample("", "2024-01-02T00:00:00Z"),
            sample("b", "2024-01-03T00:00:00Z"),
            sample("a", "2024-01-04T00:00:00Z"),
            sample("", "2024-01-05T00:00:00Z"),
        ];
        let mut items = Vec::new();
        SeenIds::default().append(&mut items, more);
        assert_eq!(ids(&items), ["a", "", "b", ""]);
        assert_eq!(items[0].notes, "first");
    }

    #[test]
    fn pages_appended_later_skip_what_is_already_shown() {
        let mut items = vec![sample("a", "2024-01-01T00:00:00Z"), sample("", "2024-01-01T00:00:00Z")];
        let mut seen = SeenIds::of(&items);
        seen.append(&mut items, vec![sample("b", "2024-01-02T00:00:00Z"), sample("a", "2024-01-02T00:00:00Z")]);
        seen.append(&mut items, vec![sample("b", "2024-01-03T00:00:00Z"), sample("", "2024-01-03T00:00:00Z")]);
        assert_eq!(ids(&items), ["a", "", "b", ""]);
    }
}
