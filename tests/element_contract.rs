//! The element's public names (shared/ELEMENT.md) agree between the Rust core and the
//! JavaScript bootstrap that defines the element before the wasm arrives.
#![cfg(not(target_arch = "wasm32"))]

use ctrlhub_interactions::element::{OBSERVED_ATTRIBUTES, TAG};
use ctrlhub_interactions::model::ErrorKind;

const BOOTSTRAP: &str = include_str!("../js/ctrlhub-interactions.js");

#[test]
fn bootstrap_defines_the_same_tag() {
    assert_eq!(TAG, "ctrlhub-interactions");
    assert!(BOOTSTRAP.contains(&format!("const TAG = '{TAG}';")));
}

#[test]
fn bootstrap_observes_exactly_the_attributes_the_core_reads() {
    let start = BOOTSTRAP.find("const OBSERVED = [").expect("OBSERVED list");
    let end = start + BOOTSTRAP[start..].find("];").expect("end of OBSERVED");
    let js: Vec<&str> = BOOTSTRAP[start..end].split('\'').skip(1).step_by(2).collect();
    assert_eq!(js, OBSERVED_ATTRIBUTES);
}

#[test]
fn every_contract_attribute_is_observed() {
    for a in [
        "org-id",
        "api-base",
        "session-token",
        "contact-in",
        "property-in",
        "account-in",
        "representative-in",
        "id-in",
        "group-by",
        "page-size",
        "load",
        "locale",
        "time-zone",
        "theme",
        "refresh-interval",
        "no-toolbar",
        "view",
    ] {
        assert!(OBSERVED_ATTRIBUTES.contains(&a), "{a}");
    }
}

#[test]
fn bootstrap_defines_contract_properties() {
    for p in [
        "orgId",
        "apiBase",
        "sessionToken",
        "tokenProvider",
        "scope",
        "groupBy",
        "pageSize",
        "load",
        "locale",
        "timeZone",
        "theme",
        "refreshInterval",
        "noToolbar",
    ] {
        assert!(BOOTSTRAP.contains(p), "property {p} missing from the bootstrap");
    }
    for kind in ErrorKind::ALL {
        assert!(!kind.as_str().is_empty());
    }
}
