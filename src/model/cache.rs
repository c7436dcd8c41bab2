//! A small least-recently-used cache, for pages already fetched (revisiting a page costs no
//! request until the next refresh).
//!
//! Keys are compared with `==` in a short list: the cache holds a few dozen pages at most, and
//! request types need not be hashable.

use std::collections::VecDeque;

#[derive(Clone, Debug)]
pub struct Lru<K, V> {
    capacity: usize,
    /// Most recently used last.
    entries: VecDeque<(K, V)>,
}

impl<K: PartialEq, V: Clone> Lru<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), entries: VecDeque::new() }
    }

    /// The value for `key`, marking it as recently used.
    pub fn get(&mut self, key: &K) -> Option<V> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at)?;
        let value = entry.1.clone();
        self.entries.push_back(entry);
        Some(value)
    }

    pub fn contains(&self, key: &K) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Stores `value` for `key`, dropping the least recently used entry when full.
    pub fn put(&mut self, key: K, value: V) {
        if let Some(at) = self.entries.iter().position(|(k, _)| *k == key) {
            self.entries.remove(at);
        }
        while self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((key, value));
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn returns_what_was_put_and_forgets_the_least_recently_used() {
        let mut c = Lru::new(2);
        c.put("a", 1);
        c.put("b", 2);
        assert_eq!(c.get(&"a"), Some(1)); // "b" is now the least recently used
        c.put("c", 3);
        assert_eq!(c.get(&"b"), None);
        assert_eq!(c.get(&"a"), Some(1));
        assert_eq!(c.get(&"c"), Some(3));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn putting_a_key_again_replaces_its_value() {
        let mut c = Lru::new(3);
        c.put(1, "old");
        c.put(1, "new");
        assert_eq!(c.len(), 1);
        assert_eq!(c.get(&1), Some("new"));
        c.clear();
        assert!(c.is_empty());
        assert!(!c.contains(&1));
    }

    proptest! {
        #[test]
        fn never_holds_more_than_its_capacity(cap in 0usize..5, keys in proptest::collection::vec(0u8..8, 0..40)) {
            let mut c = Lru::new(cap);
            for k in keys {
                c.put(k, k);
                prop_assert!(c.len() <= cap.max(1));
                prop_assert_eq!(c.get(&k), Some(k));
            }
        }
    }
}
