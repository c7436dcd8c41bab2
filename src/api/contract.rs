//! The API contract in one place (see `shared/api/INTERACTIONS.md`).
//!
//! Points marked *assumed* are our reading where Ctrl Hub's public material is silent or
//! disagrees; each is pinned by a test so that changing it is a deliberate, visible act.

use crate::model::Scope;

/// *Known*: the endpoint, relative to the API base. `{org_id}` is substituted.
pub const INTERACTIONS_PATH: &str = "/v3/orgs/{org_id}/customers/interactions";
/// *Known*: the session-token header.
pub const TOKEN_HEADER: &str = "X-Session-Token";
/// *Known*: identifies a request for Ctrl Hub support.
pub const TRACE_HEADER: &str = "X-Trace-Id";
pub const RETRY_AFTER_HEADER: &str = "Retry-After";
/// The JSON:API media type.
pub const ACCEPT: &str = "application/vnd.api+json";
/// *Known*: everything `include` accepts. We always ask for all of them, in the same request.
pub const INCLUDE_ALL: [&str; 6] = ["account", "author", "contact", "organisation", "property", "representative"];
/// *Known*: the resource type of interactions.
pub const INTERACTION_TYPE: &str = "customer-interactions";

/// *Assumed*: the filter wire form, `contact_in('a','b'),property_in('c')`.
///
/// IDs are validated by [`crate::model::config::is_valid_id`] before they get here, so they
/// never contain quotes or commas. Returns `None` when there is nothing to filter by.
pub fn filter_expression(scope: &Scope) -> Option<String> {
    let parts: Vec<String> = scope
        .filters()
        .into_iter()
        .map(|(name, ids)| {
            let quoted: Vec<String> = ids.iter().map(|id| format!("'{id}'")).collect();
            format!("{name}({})", quoted.join(","))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

/// *Assumed*: one SDK calls the `account` relationship `customer_account`.
pub const ACCOUNT_RELATIONSHIP_ALIASES: [&str; 2] = ["account", "customer_account"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_wire_form_is_pinned() {
        let scope =
            Scope { contact_in: vec!["a".into(), "b".into()], property_in: vec!["p".into()], ..Default::default() };
        assert_eq!(filter_expression(&scope).as_deref(), Some("contact_in('a','b'),property_in('p')"));
        assert_eq!(filter_expression(&Scope::default()), None);
    }

    #[test]
    fn path_and_includes_are_pinned() {
        assert_eq!(INTERACTIONS_PATH, "/v3/orgs/{org_id}/customers/interactions");
        assert_eq!(INCLUDE_ALL.join(","), "account,author,contact,organisation,property,representative");
    }
}
