//! Every user-facing string, in one place, ready for translation (English, en-GB).
//!
//! Numbers and dates are formatted by the caller in the `locale` (see `ui::format`); these
//! functions only place them. Pure: used by `model` and `ui` alike.

// The element and its regions.
pub const REGION: &str = "Customer interactions";
pub const FILTERS: &str = "Filters";
pub const ACTIONS: &str = "Actions";
pub const PAGINATION: &str = "Pagination";
pub const RESULTS_UPCOMING: &str = "Upcoming interactions";
pub fn results_of(group: &str) -> String {
    format!("Interactions: {group}")
}

// Toolbar.
pub const GROUP_BY: &str = "Group by";
pub const GROUP_CONTACT: &str = "Contact";
pub const GROUP_PROPERTY: &str = "Property";
pub const GROUP_NONE: &str = "None";
pub const METHOD: &str = "Method";
pub const ALL_METHODS: &str = "All methods";
pub const DIRECTION: &str = "Direction";
pub const BOTH_DIRECTIONS: &str = "Both directions";
pub const STATUS: &str = "Status";
pub const ANY_STATUS: &str = "Any status";
pub const CONTACTED: &str = "Contacted";
pub const CONTACTED_ANY: &str = "Contacted or not";
pub const FROM: &str = "From";
pub const TO: &str = "To";
pub const SEARCH_NOTES: &str = "Search notes";
pub const CLEAR_FILTERS: &str = "Clear filters";
pub const EXPAND_ALL: &str = "Expand all";
pub const COLLAPSE_ALL: &str = "Collapse all";
pub const EXPORT_CSV: &str = "Export CSV";
pub const REFRESH: &str = "Refresh";
pub const MORE_ACTIONS: &str = "More actions";
pub const SEARCH: &str = "Search";
pub const MORE_FILTERS: &str = "Filters";
pub const ACTIVE_FILTERS: &str = "Active filters";
pub fn filter_chip(name: &str, value: &str) -> String {
    format!("{name}: {value}")
}
pub fn remove_filter(chip: &str) -> String {
    format!("Remove filter {chip}")
}
/// The "Filters" button's badge, read as part of its name ("Filters, 2 active").
pub fn active_count(n: usize) -> String {
    format!("{n} active")
}
pub fn facet_option(label: &str, count: &str) -> String {
    format!("{label} ({count})")
}

// Scope chips and "Only this …".
pub fn only_this(noun: &str) -> String {
    format!("Only this {noun}")
}
pub fn chip(noun: &str, label: &str) -> String {
    format!("Only {noun}: {label}")
}
pub fn remove_chip(noun: &str, label: &str) -> String {
    format!("Remove {noun} filter {label}")
}
pub const NOUN_CONTACT: &str = "contact";
pub const NOUN_PROPERTY: &str = "property";
pub const NOUN_REPRESENTATIVE: &str = "representative";

// Status line (numbers already formatted).
pub const LOADING: &str = "Loading interactions…";
pub const LOADING_MORE: &str = "Loading more interactions…";
pub const LOAD_FAILED: &str = "Could not load interactions";
pub const NO_INTERACTIONS: &str = "No interactions";
pub fn loading_pages(done: &str, total: &str) -> String {
    format!("Loading {done} of {total} pages…")
}
pub fn pages_of(done: &str, total: &str) -> String {
    format!("{done} of {total} pages")
}
pub fn showing(shown: &str, total: &str) -> String {
    format!("Showing {shown} of {total} interactions")
}
pub fn showing_stopped(shown: &str, total: &str, pages: &str) -> String {
    format!("Showing {shown} of {total} interactions (stopped after {pages})")
}
pub fn showing_loaded_stopped(shown: &str, loaded: &str, pages: &str) -> String {
    format!("Showing {shown} of {loaded} loaded interactions (stopped after {pages})")
}
/// `on_this_page`: one page is loaded (else several, after "Load more").
pub fn showing_filtered(shown: &str, loaded: &str, total: &str, on_this_page: bool) -> String {
    let place = if on_this_page { "on this page" } else { "loaded" };
    format!("Showing {shown} of {loaded} interactions {place} ({total} in all)")
}
pub fn none_match(hidden: &str, on_this_page: Option<bool>) -> String {
    match on_this_page {
        Some(true) => format!("No interactions match the filters ({hidden} on this page hidden)"),
        Some(false) => format!("No interactions match the filters ({hidden} loaded hidden)"),
        None => format!("No interactions match the filters ({hidden} hidden)"),
    }
}
pub fn exported(rows: &str) -> String {
    format!("Exported {rows} interactions as CSV")
}

// Load all.
pub const LOADING_ALL_PAGES: &str = "Loading all pages";
pub const STOP_LOADING: &str = "Stop loading";

// Empty and error states.
pub const EMPTY_FILTERED: &str = "No interactions match these filters.";
pub const EMPTY: &str = "No interactions to show.";
pub const TRY_AGAIN: &str = "Try again";
pub const TRACE_REFERENCE: &str = "Reference for Ctrl Hub support: ";
pub fn retrying_in(secs: u64) -> String {
    if secs == 1 {
        "Trying again in 1 second…".to_owned()
    } else {
        format!("Trying again in {secs} seconds…")
    }
}

// Groups and items.
pub const UPCOMING: &str = "Upcoming";
pub const OVERDUE: &str = "Overdue";
pub const NO_CONTACT: &str = "No contact";
pub const NO_PROPERTY: &str = "No property";
pub const ALL_INTERACTIONS: &str = "All interactions";
pub const NO_DATE: &str = "No date";
pub const NO_REPRESENTATIVE: &str = "None";
pub const CONTACT: &str = "Contact";
pub const PROPERTY: &str = "Property";
pub const REPRESENTATIVE: &str = "Representative";
pub const AUTHOR: &str = "Author";
pub const YES: &str = "Yes";
pub const NO: &str = "No";
pub const UNKNOWN: &str = "Unknown";
pub const SHOW_MORE: &str = "Show more";
pub const SHOW_LESS: &str = "Show less";
pub const ACCOUNT: &str = "Account";
pub fn latest(relative: &str) -> String {
    format!("latest {relative}")
}
/// "next in 3 days"; Intl's own "next week" / "tomorrow" are not doubled ("next next week").
pub fn next(relative: &str) -> String {
    if relative.starts_with("in ") {
        format!("next {relative}")
    } else {
        format!("next: {relative}")
    }
}
pub fn show_more_upcoming(n: usize) -> String {
    format!("Show {n} more upcoming")
}
pub const SHOW_FEWER_UPCOMING: &str = "Show fewer upcoming";
pub fn count_interactions(n: usize) -> String {
    if n == 1 {
        "1 interaction".to_owned()
    } else {
        format!("{n} interactions")
    }
}

// An interaction's fields, as the model names them (the views, the search and the CSV show them).
pub const METHOD_LETTER: &str = "Letter";
pub const METHOD_EMAIL: &str = "Email";
pub const METHOD_TELEPHONE: &str = "Telephone";
pub const METHOD_SMS: &str = "SMS";
pub const UNKNOWN_METHOD: &str = "Unknown method";
pub const INBOUND: &str = "Inbound";
pub const OUTBOUND: &str = "Outbound";
pub const UNKNOWN_DIRECTION: &str = "Unknown direction";
pub const NO_STATUS: &str = "No status";
pub const TODAY: &str = "Today";
pub const YESTERDAY: &str = "Yesterday";
pub const TOMORROW: &str = "Tomorrow";
/// A search shown as a filter chip's value.
pub fn quoted(text: &str) -> String {
    format!("“{text}”")
}

// Labels of related resources (see `model::labels`).
pub fn po_box(number: &str) -> String {
    format!("PO Box {number}")
}
pub fn uprn(uprn: &str) -> String {
    format!("UPRN {uprn}")
}
/// A resource the response did not include, named by its type and the start of its id: "Contact 3c90c3cc".
pub fn unresolved(noun: &str, short_id: &str) -> String {
    format!("{noun} {short_id}")
}
pub const UNRESOLVED_CONTACT: &str = "Contact";
pub const UNRESOLVED_PROPERTY: &str = "Property";
pub const UNRESOLVED_USER: &str = "User";
pub const UNRESOLVED_ACCOUNT: &str = "Account";
pub const UNRESOLVED_ORGANISATION: &str = "Organisation";
pub const UNRESOLVED_ITEM: &str = "Item";
/// The short id of a resource without one.
pub const UNKNOWN_ID: &str = "unknown";

// CSV export: the header row's columns, in order.
pub const CSV_HEADER: [&str; 12] = [
    "ID",
    "Date",
    "Method",
    "Direction",
    "Status",
    "Contacted",
    "Contact",
    "Property",
    "Representative",
    "Author",
    "Account",
    "Notes",
];

// Pager.
pub const FIRST_PAGE: &str = "First page";
pub const PREVIOUS_PAGE: &str = "Previous page";
pub const NEXT_PAGE: &str = "Next page";
pub const LAST_PAGE: &str = "Last page";
pub const PREVIOUS_SHORT: &str = "‹ Previous";
pub const NEXT_SHORT: &str = "Next ›";
pub const PER_PAGE: &str = "Per page";
pub const LOAD_MORE: &str = "Load more";
pub fn page_of(page: u64, pages: u64) -> String {
    format!("Page {page} of {pages}")
}

// The standalone site.
pub const SITE_TITLE: &str = "Ctrl Hub interactions";
pub const SIGN_IN: &str = "Sign in";
pub const SIGN_OUT: &str = "Sign out";
pub const SIGN_IN_LEAD: &str = "Sign in with your organisation ID and a session token.";
pub const SIGN_IN_MISSING: &str = "Enter the organisation ID and a session token.";
pub const SESSION_EXPIRED: &str = "Your session has expired. Sign in again.";
pub const SESSION_REJECTED: &str = "The session token was not accepted. Check it and sign in again.";
pub const API_BASE: &str = "API base";
pub const ORGANISATION_ID: &str = "Organisation ID";
pub const SESSION_TOKEN: &str = "Session token";
pub const REMEMBER: &str = "Remember in this tab";
pub const DEMO_HINT: [&str; 3] = ["No account? Run ", " and open the page with ", "."];
pub fn organisation(id: &str) -> String {
    format!("Organisation {id}")
}

// Configuration errors (`model::ConfigError`), in words a host developer can act on.
pub const CONFIG_MISSING_ORG_ID: &str = "No organisation ID: set the org-id attribute.";
pub const CONFIG_MISSING_TOKEN: &str = "No session token: set the sessionToken property (or a tokenProvider).";
pub fn config_invalid_org_id(value: &str) -> String {
    format!("The organisation ID \"{value}\" is not valid: use letters, digits, '-' and '_' only.")
}
pub fn config_invalid_api_base(value: &str) -> String {
    format!("api-base \"{value}\" is not an http(s) URL.")
}
pub fn config_invalid_page_size(value: &str, max: u32) -> String {
    format!("page-size must be a whole number from 1 to {max} (got \"{value}\").")
}
pub fn config_invalid_id(attribute: &str, value: &str) -> String {
    format!("{attribute} contains \"{value}\", which is not an ID: use letters, digits, '-' and '_' only.")
}
pub fn config_invalid_group_by(value: &str) -> String {
    format!("group-by must be contact, property or none (got \"{value}\").")
}
pub fn config_invalid_load(value: &str) -> String {
    format!("load must be page or all (got \"{value}\").")
}
pub fn config_invalid_refresh_interval(value: &str) -> String {
    format!("refresh-interval must be a whole number of seconds, 0 for off (got \"{value}\").")
}

// Error headlines, one per `ctrlhub-error` kind.
pub const ERROR_AUTH: &str = "Your session has expired or the token is not valid. Sign in again.";
pub const ERROR_FORBIDDEN: &str = "You do not have permission to see these interactions.";
pub const ERROR_NOT_FOUND: &str = "Organisation not found. Check the organisation ID.";
pub const ERROR_BAD_REQUEST: &str = "Ctrl Hub could not understand the request.";
pub const ERROR_RATE_LIMITED: &str = "Too many requests. Please wait a moment and try again.";
pub const ERROR_SERVER: &str = "Ctrl Hub had a problem answering. Please try again.";
pub const ERROR_NETWORK: &str = "Could not reach Ctrl Hub. Check your connection.";
pub const ERROR_TIMEOUT: &str = "Ctrl Hub took too long to answer.";
pub const ERROR_DECODE: &str = "Ctrl Hub sent a response the widget could not read.";
pub const ERROR_CONFIG: &str = "The widget is not set up correctly.";
