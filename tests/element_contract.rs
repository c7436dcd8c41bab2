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

/// The bootstrap paints the loading skeleton before the wasm arrives, with CSS lines copied from
/// style/widget.css: each must still be there, so the skeleton looks as the core's does.
#[test]
fn bootstrap_skeleton_css_is_the_widgets() {
    let widget_css = include_str!("../style/widget.css");
    let css_lines: Vec<&str> = widget_css.lines().map(str::trim).collect();
    let start = BOOTSTRAP.find("const SKELETON_CSS = `").expect("SKELETON_CSS") + "const SKELETON_CSS = `".len();
    let end = start + BOOTSTRAP[start..].find('`').expect("end of SKELETON_CSS");
    let mut checked = 0;
    for line in BOOTSTRAP[start..end].lines().map(str::trim).filter(|l| !l.is_empty() && *l != "}") {
        assert!(css_lines.contains(&line), "the skeleton's CSS line `{line}` is not in style/widget.css");
        checked += 1;
    }
    assert!(checked > 20, "{checked} lines");
    // The classes the skeleton uses are the core's (src/ui/widget.rs).
    let widget_rs = include_str!("../src/ui/widget.rs");
    for class in ["ch-root", "ch-toolbar", "ch-title", "ch-skeleton", "ch-skeleton-row"] {
        assert!(widget_rs.contains(&format!("class=\"{class}\"")), "{class}");
        assert!(BOOTSTRAP.contains(&format!("'{class}'")), "{class}");
    }
}
