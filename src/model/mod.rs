//! Pure domain logic: no leptos, web-sys, wasm-bindgen or serde here.
//!
//! Everything in this module is tested natively with `cargo test`.

pub mod cache;
pub mod case;
pub mod config;
pub mod csv;
pub mod dedup;
pub mod error;
pub mod filters;
pub mod grouping;
pub mod i18n;
pub mod interaction;
pub mod labels;
pub mod page;
pub mod paging;
pub mod presentation;
pub mod retry;
pub mod search;
pub mod time;
pub mod url_state;
pub mod window;

pub use config::{Config, ConfigError, RawSettings, Scope};
pub use error::{ErrorKind, Failure};
pub use filters::{FacetValue, Facets, Filters};
pub use grouping::{build_timeline, Day, Entry, Group, GroupBy, GroupKey, Timeline};
pub use i18n::{Lang, Messages, Msg};
pub use interaction::{Direction, Interaction, Method, Related};
pub use page::{Page, Pagination};
pub use paging::PageNav;
pub use time::{DayLabel, FixedZone, RelUnit, Relative, Zone};
pub use url_state::ViewState;
