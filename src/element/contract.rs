//! The element's public contract as one table: tag, attributes, properties, methods, events,
//! parts and custom properties, each with its description.
//!
//! Everything else that lists these names is derived from here or checked against it, in both
//! directions, by `tests/element_contract.rs`:
//! - [`OBSERVED_ATTRIBUTES`] (what the core reads) is computed from [`ATTRIBUTES`];
//! - the generated block of `js/ctrlhub-interactions.js` (observed attributes and property kinds)
//!   and the whole of `pkg/custom-elements.json` are written from it (`cargo xtask contract`) and
//!   must match it byte for byte;
//! - `../shared/ELEMENT.md` (the contract hosts rely on) must name exactly the entries marked
//!   [`Status::Contract`] and [`Status::Planned`]; [`Status::Extension`] entries are ours alone;
//! - `style/widget.css` uses exactly the declared custom properties, `src/ui` exactly the declared
//!   parts, and the docs (`docs/embedding.md`) name every entry.
//!
//! Pure data: no web-sys, so the native tests read it.

/// Where an entry stands against `ELEMENT.md`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// Named by ELEMENT.md and implemented.
    Contract,
    /// Implemented, not in ELEMENT.md (documented in docs/embedding.md and the manifest as an extension).
    Extension,
    /// Named by ELEMENT.md, not implemented yet: the issue that will. Left out of the manifest and
    /// the bootstrap so that neither promises what the element does not do.
    Planned(&'static str),
}

/// How a reflected property converts to and from its attribute (in the bootstrap).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reflect {
    /// The attribute's text; `null` when absent.
    Text,
    /// A number; `null` when absent.
    Number,
    /// Present or absent.
    Boolean,
}

impl Reflect {
    /// The name of the bootstrap's map for this kind.
    pub const fn js_map(self) -> &'static str {
        match self {
            Reflect::Text => "STRING_PROPS",
            Reflect::Number => "NUMBER_PROPS",
            Reflect::Boolean => "BOOLEAN_PROPS",
        }
    }
}

pub struct Attribute {
    pub name: &'static str,
    /// TypeScript type of the attribute's value (the manifest's `type.text`).
    pub ty: &'static str,
    pub default: Option<&'static str>,
    pub description: &'static str,
    /// The property that reflects it, and how.
    pub property: Option<(&'static str, Reflect)>,
    pub status: Status,
}

/// A property that is not the reflection of an attribute.
pub struct Property {
    pub name: &'static str,
    pub ty: &'static str,
    pub default: Option<&'static str>,
    pub description: &'static str,
    pub readonly: bool,
    pub status: Status,
}

pub struct Method {
    pub name: &'static str,
    pub returns: &'static str,
    pub description: &'static str,
}

pub struct Event {
    pub name: &'static str,
    /// TypeScript type of `detail`.
    pub detail: &'static str,
    pub description: &'static str,
}

/// The custom element's tag.
pub const TAG: &str = "ctrlhub-interactions";

mod styling;

pub use styling::{CssProperty, Part, CSS_PROPERTIES, CSS_PROPERTY_NOTE, PARTS};
use Reflect::{Boolean, Number, Text};
use Status::{Contract, Extension};

pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        name: "org-id",
        ty: "string",
        default: None,
        description: "The Ctrl Hub organisation ID. Required: without it the element shows a clear message and fires `ctrlhub-error` with kind `config`.",
        property: Some(("orgId", Text)),
        status: Contract,
    },
    Attribute {
        name: "api-base",
        ty: "string",
        default: Some("https://api.ctrl-hub.com"),
        description: "API origin or prefix. A relative value (`/`) resolves against the page, for a same-origin proxy.",
        property: Some(("apiBase", Text)),
        status: Contract,
    },
    Attribute {
        name: "session-token",
        ty: "string",
        default: None,
        description: "Session token sent as `X-Session-Token`. Prefer the `sessionToken` property, which is never reflected to an attribute. The property wins when both are set.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "contact-in",
        ty: "string",
        default: None,
        description: "Fixed server-side scope: comma-separated contact IDs (a contact page shows only its contact). The `scope` property's `contact_in` overrides it.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "property-in",
        ty: "string",
        default: None,
        description: "Fixed server-side scope: comma-separated property IDs. The `scope` property's `property_in` overrides it.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "account-in",
        ty: "string",
        default: None,
        description: "Fixed server-side scope: comma-separated customer account IDs. The `scope` property's `account_in` overrides it.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "representative-in",
        ty: "string",
        default: None,
        description: "Fixed server-side scope: comma-separated representative IDs. The `scope` property's `representative_in` overrides it.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "id-in",
        ty: "string",
        default: None,
        description: "Fixed server-side scope: comma-separated interaction IDs. The `scope` property's `id_in` overrides it.",
        property: None,
        status: Contract,
    },
    Attribute {
        name: "group-by",
        ty: "'contact' | 'property' | 'none'",
        default: Some("contact"),
        description: "`contact` (contact, then property), `property` (property, then contact) or `none`.",
        property: Some(("groupBy", Text)),
        status: Contract,
    },
    Attribute {
        name: "page-size",
        ty: "number",
        default: Some("25"),
        description: "Interactions per request, 1–100.",
        property: Some(("pageSize", Number)),
        status: Contract,
    },
    Attribute {
        name: "load",
        ty: "'page' | 'all'",
        default: Some("page"),
        description: "`page` (server pages) or `all` (every page, with progress, then virtualised).",
        property: Some(("load", Text)),
        status: Contract,
    },
    Attribute {
        name: "locale",
        ty: "string",
        default: None,
        description: "BCP 47 tag for dates and numbers. Default: the document's `lang`, else the browser's. A tag the browser rejects (`en_GB`) reads as the default, with a console warning.",
        property: Some(("locale", Text)),
        status: Contract,
    },
    Attribute {
        name: "time-zone",
        ty: "string",
        default: None,
        description: "IANA time zone for dates. Default: the browser's. A zone the browser does not know reads as the default, with a console warning.",
        property: Some(("timeZone", Text)),
        status: Contract,
    },
    Attribute {
        name: "theme",
        ty: "'light' | 'dark' | 'auto'",
        default: Some("auto"),
        description: "`light`, `dark` or `auto` (follows `prefers-color-scheme`).",
        property: Some(("theme", Text)),
        status: Contract,
    },
    Attribute {
        name: "refresh-interval",
        ty: "number",
        default: Some("0"),
        description: "Seconds between silent refreshes; 0 = off.",
        property: Some(("refreshInterval", Number)),
        status: Contract,
    },
    Attribute {
        name: "no-toolbar",
        ty: "boolean",
        default: None,
        description: "Present: hide filters and grouping controls (compact embeds).",
        property: Some(("noToolbar", Boolean)),
        status: Contract,
    },
    Attribute {
        name: "view",
        ty: "string",
        default: None,
        description: "Extension (not in ELEMENT.md): the view state as a query string (`group=property&method=email&page=3`), as `ctrlhub-filter-change` reports it in `detail.query`; lets a host restore what the user was looking at.",
        property: Some(("view", Text)),
        status: Extension,
    },
];

/// Properties that do not reflect an attribute (the reflected ones come from [`ATTRIBUTES`]).
pub const PROPERTIES: &[Property] = &[
    Property {
        name: "sessionToken",
        ty: "string | null",
        default: Some("null"),
        description: "Session token sent as `X-Session-Token`. Never reflected to an attribute, never put in a URL, an event or an error message. Takes precedence over the `session-token` attribute. Set before the element is defined, it is honoured once the element upgrades.",
        readonly: false,
        status: Contract,
    },
    Property {
        name: "tokenProvider",
        ty: "(() => string | Promise<string>) | null",
        default: Some("null"),
        description: "Asked for a session token before the first request when no token is set, and once again after a 401 before the element reports an `auth` error.",
        readonly: false,
        status: Contract,
    },
    Property {
        name: "scope",
        ty: "{ contact_in?: string[]; property_in?: string[]; account_in?: string[]; representative_in?: string[]; id_in?: string[] } | null",
        default: Some("null"),
        description: "Fixed server-side scope as ID arrays (or comma-separated strings) per filter name, e.g. `{ contact_in: [\"c-1\"] }`. Overrides the `*-in` attributes of the same name; `null` falls back to them.",
        readonly: false,
        status: Contract,
    },
    Property {
        name: "strings",
        ty: "Record<string, string> | null",
        default: Some("null"),
        description: "Replaces interface messages by id: `{ \"next-page\": \"Onward\" }`. The id of a name in the contract is the kebab-case of its en-GB text (`Next page` → `next-page`); every id is listed in the README's Languages section. Messages with values use named placeholders (`{count}`), and a text missing one of its message's placeholders is rejected; plural messages take one form per `Intl.PluralRules` category (`one:{count} visit|other:{count} visits`). Unknown ids are ignored; both are named in one console warning. Applies in every language; set before or after the element upgrades.",
        readonly: false,
        status: Contract,
    },
    Property {
        name: "state",
        ty: "'idle' | 'loading' | 'ready' | 'error'",
        default: None,
        description: "Where the element is: `idle` (not connected or not started), `loading`, `ready` or `error`.",
        readonly: true,
        status: Contract,
    },
    Property {
        name: "total",
        ty: "number",
        default: None,
        description: "Number of interactions the server reports for the current request (its resources count); 0 before the first load.",
        readonly: true,
        status: Contract,
    },
];

pub const METHODS: &[Method] = &[
    Method { name: "refresh", returns: "void", description: "Sends the current request again." },
    Method {
        name: "exportCsv",
        returns: "string",
        description: "Downloads what is shown as a CSV file and returns the CSV text (`\"\"` before the first load).",
    },
];

/// Event names, for the code that dispatches them.
pub mod event {
    pub const LOAD: &str = "ctrlhub-load";
    pub const ERROR: &str = "ctrlhub-error";
    pub const SELECT: &str = "ctrlhub-select";
    pub const FILTER_CHANGE: &str = "ctrlhub-filter-change";
}

pub const EVENTS: &[Event] = &[
    Event {
        name: event::LOAD,
        detail: "{ page: number; pageCount: number; total: number; count: number }",
        description: "A page (or, with `load=\"all\"`, the whole set) finished loading. Bubbles and is composed.",
    },
    Event {
        name: event::ERROR,
        detail: "{ kind: 'auth' | 'forbidden' | 'not-found' | 'bad-request' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'decode' | 'config'; status: number | null; message: string; traceId: string | null }",
        description: "A request failed for good (or the configuration is invalid: kind `config`). Bubbles and is composed.",
    },
    Event {
        name: event::SELECT,
        detail: "{ id: string; interaction: { id: string; method: string; direction: string; dateTime: string; status: string; contacted: boolean | null; notes: string; contact: { id: string; label: string; resolved: boolean } | null; property: { id: string; label: string; resolved: boolean } | null; representative: { id: string; label: string; resolved: boolean } | null; author: { id: string; label: string; resolved: boolean } | null; account: { id: string; label: string; resolved: boolean } | null; organisation: { id: string; label: string; resolved: boolean } | null } }",
        description: "The user activated an interaction (click or Enter). `interaction` is a plain object with resolved labels. Bubbles and is composed.",
    },
    Event {
        name: event::FILTER_CHANGE,
        detail: "{ filters: { method: string[]; direction: string[]; status: string[]; contacted: boolean | null; from: string | null; to: string | null; search: string }; groupBy: 'contact' | 'property' | 'none'; page: number }",
        description: "The user (not the host) changed filters, grouping or page. Bubbles and is composed.",
    },
];

/// Attributes the element reads (the bootstrap observes the same list).
pub const OBSERVED_ATTRIBUTES: [&str; ATTRIBUTES.len()] = {
    let mut names = [""; ATTRIBUTES.len()];
    let mut i = 0;
    while i < ATTRIBUTES.len() {
        names[i] = ATTRIBUTES[i].name;
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut all: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
        all.extend(ATTRIBUTES.iter().filter_map(|a| a.property.map(|p| p.0)));
        all.extend(PROPERTIES.iter().map(|p| p.name));
        all.extend(METHODS.iter().map(|m| m.name));
        let mut attrs: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
        attrs.sort_unstable();
        attrs.dedup();
        assert_eq!(attrs.len(), ATTRIBUTES.len(), "attribute names repeat");
        let members: Vec<&str> = all[ATTRIBUTES.len()..].to_vec();
        let mut unique = members.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), members.len(), "property or method names repeat");
        for a in ATTRIBUTES {
            assert!(a.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", a.name);
        }
        for e in EVENTS {
            assert!(e.name.starts_with("ctrlhub-"), "{}", e.name);
        }
        for c in CSS_PROPERTIES {
            assert!(c.name.starts_with("--ctrlhub-"), "{}", c.name);
        }
        for d in ATTRIBUTES
            .iter()
            .map(|a| (a.description, a.status))
            .chain(CSS_PROPERTIES.iter().map(|c| (c.description, c.status)))
        {
            assert_eq!(d.0.starts_with("Extension"), d.1 == Status::Extension, "{}", d.0);
        }
    }
}
