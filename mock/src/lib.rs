//! `ctrlhub-mock`: a mock of the Ctrl Hub customer-interactions API
//! (`GET /v3/orgs/{org_id}/customers/interactions`), used as the demo
//! backend and as the test double of the browser tests.
//!
//! - [`data`]: the deterministic generated data set
//! - [`query`]: parsing `include`, `filter`, `limit`, `offset`
//! - [`document`]: JSON:API documents
//! - [`faults`]: fault injection
//! - [`hostile`]: the `--hostile` data set (XSS payloads, broken JSON:API, odd Unicode)
//! - [`app`]: the router ([`app::router`])
//! - [`net`]: serving over TCP (with connection resets)

pub mod app;
pub mod data;
pub mod document;
pub mod faults;
pub mod hostile;
pub mod net;
pub mod query;

mod names;
mod notes;
mod rng;

pub use app::{router, AppState, Settings, StaticMount};
pub use data::{Dataset, GenConfig};
pub use faults::FaultKind;
