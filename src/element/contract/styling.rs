//! The styling part of the element's contract: the shadow parts and the CSS custom properties a
//! host may set (re-exported by [`super`], where the rest of the contract is).

use super::Status::{self, Contract, Extension};

pub struct Part {
    pub name: &'static str,
    pub description: &'static str,
}

pub struct CssProperty {
    pub name: &'static str,
    pub syntax: &'static str,
    pub default: &'static str,
    pub description: &'static str,
    pub status: Status,
}

pub const PARTS: &[Part] = &[
    Part { name: "base", description: "The root section (the region named \"Customer interactions\")." },
    Part { name: "toolbar", description: "The header with the title, filters and actions." },
    Part { name: "filters", description: "The group of filter and grouping controls." },
    Part { name: "group", description: "One group of interactions (a contact or a property)." },
    Part { name: "group-header", description: "A group's heading with its disclosure button." },
    Part { name: "day", description: "A day separator in the timeline." },
    Part { name: "item", description: "One interaction (an `article`)." },
    Part { name: "pager", description: "The pagination navigation." },
    Part { name: "status", description: "The live region saying what is shown or that it is loading." },
    Part { name: "error", description: "The alert shown when a request failed, with its \"Try again\" button." },
    Part { name: "empty", description: "The message shown when there are no interactions." },
];

/// Said after every custom property's description in the manifest.
pub const CSS_PROPERTY_NOTE: &str = "Set it on the element (or an ancestor).";

pub const CSS_PROPERTIES: &[CssProperty] = &[
    CssProperty {
        name: "--ctrlhub-font-family",
        syntax: "*",
        default: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif",
        description: "Font family.",
        status: Contract,
    },
    CssProperty {
        name: "--ctrlhub-font-size",
        syntax: "<length>",
        default: "0.9375rem",
        description: "Base font size.",
        status: Contract,
    },
    CssProperty { name: "--ctrlhub-fg", syntax: "<color>", default: "#1b1f24", description: "Text colour.", status: Contract },
    CssProperty { name: "--ctrlhub-bg", syntax: "<color>", default: "#ffffff", description: "Background colour.", status: Contract },
    CssProperty {
        name: "--ctrlhub-muted",
        syntax: "<color>",
        default: "#57606a",
        description: "Secondary text colour.",
        status: Contract,
    },
    CssProperty {
        name: "--ctrlhub-accent",
        syntax: "<color>",
        default: "#0b5cad",
        description: "Accent colour (links, focus, selection).",
        status: Contract,
    },
    CssProperty { name: "--ctrlhub-border", syntax: "<color>", default: "#d0d7de", description: "Border colour.", status: Contract },
    CssProperty { name: "--ctrlhub-radius", syntax: "<length>", default: "6px", description: "Corner radius.", status: Contract },
    CssProperty {
        name: "--ctrlhub-space",
        syntax: "<length>",
        default: "0.5rem",
        description: "Base spacing unit.",
        status: Contract,
    },
    CssProperty {
        name: "--ctrlhub-max-height",
        syntax: "<length>",
        default: "80vh",
        description: "Extension (not in ELEMENT.md): the height at which a large, virtualised set (`load=\"all\"`) scrolls inside the element.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-focus",
        syntax: "<color>",
        default: "the accent colour",
        description: "Extension (not in ELEMENT.md): the focus outline colour.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-mark-bg",
        syntax: "<color>",
        default: "#ffd33d",
        description: "Extension (not in ELEMENT.md): background of search matches.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-mark-fg",
        syntax: "<color>",
        default: "#1b1f24",
        description: "Extension (not in ELEMENT.md): text colour of search matches.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-method-letter",
        syntax: "<color>",
        default: "#c2410c",
        description: "Extension (issue #11): the Letter icon's colour (≥ 3:1 against the background). Dark default #fb923c.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-method-email",
        syntax: "<color>",
        default: "#5b4fd6",
        description: "Extension: the Email icon's colour. Dark default #a5a0ff.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-method-telephone",
        syntax: "<color>",
        default: "#0f766e",
        description: "Extension: the Telephone icon's colour. Dark default #2dd4bf.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-method-sms",
        syntax: "<color>",
        default: "#be185d",
        description: "Extension: the SMS icon's colour. Dark default #f472b6.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-method-other",
        syntax: "<color>",
        default: "#57606a",
        description: "Extension: the icon colour of any other method. Dark default #9da7b3.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-status-planned",
        syntax: "<color>",
        default: "#0550ae",
        description: "Extension: badge text of planned statuses (scheduled, planned, booked); its background is this colour at 12 % on the background (≥ 4.5:1). Dark default #79c0ff.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-status-waiting",
        syntax: "<color>",
        default: "#7d4e00",
        description: "Extension: badge text of waiting statuses (pending, awaiting, in progress, open). Dark default #e3b341.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-status-done",
        syntax: "<color>",
        default: "#116329",
        description: "Extension: badge text of done statuses (completed, done, resolved, closed, sent, delivered). Dark default #56d364.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-status-problem",
        syntax: "<color>",
        default: "#a40e26",
        description: "Extension: badge text of failed statuses (failed, cancelled, missed, bounced). Dark default #ff7b72.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-status-neutral",
        syntax: "<color>",
        default: "var(--ctrlhub-muted)",
        description: "Extension: badge text of any other status.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-overdue",
        syntax: "<color>",
        default: "#cf222e",
        description: "Extension: the overdue flag and the overdue row's edge. Dark default #ff7b72.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-rail",
        syntax: "<color>",
        default: "var(--ctrlhub-border)",
        description: "Extension: the timeline rail through the icons.",
        status: Extension,
    },
    CssProperty {
        name: "--ctrlhub-row-gap",
        syntax: "<length>",
        default: "0.25em",
        description: "Extension: the vertical padding of a row.",
        status: Extension,
    },
];
