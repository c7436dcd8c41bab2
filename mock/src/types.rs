//! The JSON:API resource type names (the `type` member), shared by [`crate::document`], which
//! builds the documents, and [`crate::hostile`], which keys its quirks and left-out resources by
//! `(type, id)`. A leaf module: it depends on no other module of the crate.

pub const INTERACTION_TYPE: &str = "customer-interactions";
pub const CONTACT_TYPE: &str = "contacts";
pub const PROPERTY_TYPE: &str = "properties";
pub const USER_TYPE: &str = "users";
pub const ACCOUNT_TYPE: &str = "customer-accounts";
pub const ORGANISATION_TYPE: &str = "organisations";
