//! Pure domain logic: no leptos, web-sys, wasm-bindgen or serde here.
//!
//! Everything in this module is tested natively with `cargo test`.

pub mod config;
pub mod error;
pub mod interaction;
pub mod labels;
pub mod page;

pub use config::{Config, ConfigError, RawSettings, Scope};
pub use error::{ErrorKind, Failure};
pub use interaction::{Direction, Interaction, Method, Related};
pub use page::{Page, Pagination};
