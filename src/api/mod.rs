//! Everything that touches the wire: JSON:API types (the only serde types in the crate),
//! query building, conversion to model types, and the HTTP client (the only IO).

pub mod client;
pub mod contract;
pub mod convert;
pub mod error;
pub mod query;
pub mod wire;

pub use convert::decode_page;
pub use error::Error;
pub use query::InteractionsRequest;
