//! `ctrlhub-mock`: a mock of the Ctrl Hub customer-interactions API
//! (`GET /v3/orgs/{org_id}/customers/interactions`), used as the demo
//! backend and as the test double of the browser tests.
//!
//! - [`data`]: the data set (types, id look-ups, filtering); `generate` fills it deterministically
//! - [`query`]: parsing `include`, `filter`, `limit`, `offset`
//! - [`document`]: JSON:API documents
//! - [`types`]: the JSON:API resource type names
//! - [`faults`]: fault injection
//! - [`hostile`]: the `--hostile` data set (XSS payloads, broken JSON:API, odd Unicode)
//! - [`quirks`]: how one resource's JSON deviates (`--hostile`)
//! - [`app`]: the router ([`app::router`])
//! - [`net`]: serving over TCP (with connection resets)
//!
//! Module dependencies, all one way (test modules too: `hostile`'s also use `document` and `query`):
//! - leaves: `rng`, `names`, `query`, `quirks`, `types`, `faults`, `net`
//! - `notes` → `rng`
//! - `data` → `query`, `quirks`
//! - `generate` → `data`, `names`, `notes`, `rng` (the generator, [`Dataset::generate`])
//! - `hostile` → `data`, `quirks`, `types`
//! - `document` → `data`, `query`, `types`
//! - `app` → `data`, `document`, `faults`, `net`, `query`, `rng`

pub mod app;
pub mod data;
pub mod document;
pub mod faults;
pub mod hostile;
pub mod net;
pub mod query;
pub mod quirks;
pub mod types;

mod generate;
mod names;
mod notes;
mod rng;

pub use app::{router, AppState, Settings, StaticMount};
pub use data::{Dataset, GenConfig};
pub use faults::FaultKind;
