//! Signal helpers shared by the views and the element.

use leptos::prelude::*;

/// Compare-then-set: sets a signal only when the new value differs from the one it holds, so that
/// nothing reading it (memos, effects, the request) runs again for an equal value.
pub trait SetIfChanged<T> {
    /// Returns whether the value changed.
    fn set_if_changed(&self, value: T) -> bool;
}

impl<S, T> SetIfChanged<T> for S
where
    S: Update<Value = T>,
    T: PartialEq,
{
    fn set_if_changed(&self, value: T) -> bool {
        let mut changed = false;
        self.maybe_update(|held| {
            changed = *held != value;
            if changed {
                *held = value;
            }
            changed
        });
        changed
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    #[test]
    fn an_equal_value_leaves_the_signal_and_its_readers_alone() {
        let signal = ArcRwSignal::new(3);
        let runs = Arc::new(AtomicUsize::new(0));
        let memo = {
            let (signal, runs) = (signal.clone(), runs.clone());
            ArcMemo::new(move |_| {
                runs.fetch_add(1, Ordering::SeqCst);
                signal.get()
            })
        };
        assert_eq!(memo.get_untracked(), 3);
        assert!(!signal.set_if_changed(3));
        assert_eq!(memo.get_untracked(), 3);
        assert_eq!(runs.load(Ordering::SeqCst), 1, "an equal value re-ran the memo");
        assert!(signal.set_if_changed(4));
        assert_eq!(memo.get_untracked(), 4);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
