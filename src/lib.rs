//! `<ctrlhub-interactions>`: a Ctrl Hub organisation's customer interactions as a timeline.
//!
//! See the README's Architecture section for the bird's-eye view.

pub mod api;
#[cfg(feature = "bench")]
pub mod bench;
pub mod element;
pub mod model;
pub mod ui;
