//! Leptos views: one component per file. Views format; logic lives in `model`.
//!
//! Trusted Types: Leptos turns a fully static element (only literal attributes and text)
//! into an "inert" element built by assigning an HTML string, which pages requiring Trusted Types
//! block. So every element here has at least one expression (`{"text"}` or `attr={…}`);
//! a wasm test in `tests/wasm.rs` traps any such assignment to enforce this.

pub mod error_view;
pub mod focus;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod item;
pub mod loader;
pub mod pager;
pub mod scope_chips;
pub mod signals;
pub mod site;
pub mod states;
pub mod status;
pub mod timeline;
pub mod toolbar;
pub mod widget;

pub use i18n::I18n;
pub use loader::{EventSink, WidgetEvent};
pub use signals::SetIfChanged;
pub use widget::{ExportSlot, Widget, WidgetInputs};
