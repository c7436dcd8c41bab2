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
