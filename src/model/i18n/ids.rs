//! The message ids: one enum, each variant with its stable id. The single source of truth for
//! the catalogues (`en_gb.rs` and `cy.rs` match on it exhaustively, so each has every message),
//! the `strings` property, the README's list and the manifest.

macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident = $id:literal,)*) => {
        /// One user-facing message.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            /// Every message, in the order of this table.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// How many messages there are.
            pub const COUNT: usize = Msg::ALL.len();

            /// The stable id a host uses in `strings` (kebab-case of the en-GB text, where short).
            pub fn id(self) -> &'static str {
                IDS.get(self as usize)
            }
        }

        const IDS: super::Packed = super::Packed::new(concat!($($id, "\u{1f}",)*));
    };
}

messages! {
    // The element and its regions.
    Region = "customer-interactions",
    Filters = "filters",
    Actions = "actions",
    Pagination = "pagination",
    UpcomingInteractions = "upcoming-interactions",
    /// A group's feed: `{group}` is its label.
    ResultsOf = "interactions-of-group",
    // Toolbar.
    GroupBy = "group-by",
    Contact = "contact",
    Property = "property",
    GroupNone = "none",
    Method = "method",
    AllMethods = "all-methods",
    Direction = "direction",
    BothDirections = "both-directions",
    Status = "status",
    AnyStatus = "any-status",
    Contacted = "contacted",
    ContactedOrNot = "contacted-or-not",
    From = "from",
    To = "to",
    SearchNotes = "search-notes",
    ClearFilters = "clear-filters",
    ExpandAll = "expand-all",
    CollapseAll = "collapse-all",
    ExportCsv = "export-csv",
    Refresh = "refresh",
    MoreActions = "more-actions",
    Search = "search",
    ActiveFilters = "active-filters",
    FilterChip = "filter-chip",
    RemoveFilter = "remove-filter",
    /// The "Filters" button's badge, read as part of its name ("Filters, 2 active").
    ActiveCount = "n-active",
    FacetOption = "facet-option",
    // Scope chips and "Only this …".
    OnlyThisContact = "only-this-contact",
    OnlyThisProperty = "only-this-property",
    OnlyThisRepresentative = "only-this-representative",
    OnlyContact = "only-contact",
    OnlyProperty = "only-property",
    OnlyRepresentative = "only-representative",
    RemoveContactFilter = "remove-contact-filter",
    RemovePropertyFilter = "remove-property-filter",
    RemoveRepresentativeFilter = "remove-representative-filter",
    // Status line.
    Loading = "loading-interactions",
    LoadingMore = "loading-more-interactions",
    LoadFailed = "could-not-load-interactions",
    NoInteractions = "no-interactions",
    LoadingPages = "loading-n-of-m-pages",
    PagesOf = "n-of-m-pages",
    Showing = "showing-n-of-m-interactions",
    ShowingStopped = "showing-stopped",
    ShowingLoadedStopped = "showing-loaded-stopped",
    ShowingOnThisPage = "showing-on-this-page",
    ShowingLoaded = "showing-loaded",
    NoneMatchOnThisPage = "none-match-on-this-page",
    NoneMatchLoaded = "none-match-loaded",
    NoneMatch = "none-match",
    Exported = "exported-csv",
    // Load all.
    LoadingAllPages = "loading-all-pages",
    StopLoading = "stop-loading",
    // Empty and error states.
    EmptyFiltered = "empty-filtered",
    Empty = "empty",
    TryAgain = "try-again",
    TraceReference = "trace-reference",
    /// Plural by `{count}` (seconds).
    RetryingIn = "retrying-in",
    // Groups and items.
    Upcoming = "upcoming",
    Overdue = "overdue",
    NoContact = "no-contact",
    NoProperty = "no-property",
    AllInteractions = "all-interactions",
    NoDate = "no-date",
    NoRepresentative = "no-representative",
    Representative = "representative",
    Author = "author",
    Yes = "yes",
    No = "no",
    Unknown = "unknown",
    ShowMore = "show-more",
    ShowLess = "show-less",
    Account = "account",
    Latest = "latest",
    /// "next in 3 days": the relative time reads "in …".
    NextIn = "next-in",
    /// "next: tomorrow": any other relative time.
    NextAt = "next-at",
    ShowMoreUpcoming = "show-n-more-upcoming",
    ShowFewerUpcoming = "show-fewer-upcoming",
    /// A group heading's count (plural by `{count}`): "1 interaction", "2 interactions".
    CountInteractions = "n-interactions",
    // An interaction's fields.
    Letter = "letter",
    Email = "email",
    Telephone = "telephone",
    Sms = "sms",
    UnknownMethod = "unknown-method",
    Inbound = "inbound",
    Outbound = "outbound",
    UnknownDirection = "unknown-direction",
    NoStatus = "no-status",
    Today = "today",
    Yesterday = "yesterday",
    Tomorrow = "tomorrow",
    Quoted = "quoted",
    // Labels of related resources.
    PoBox = "po-box",
    Uprn = "uprn",
    Unresolved = "unresolved",
    User = "user",
    Organisation = "organisation",
    Item = "item",
    UnknownId = "unknown-id",
    // CSV columns not named above.
    Id = "id",
    Date = "date",
    Notes = "notes",
    // Pager.
    FirstPage = "first-page",
    PreviousPage = "previous-page",
    NextPage = "next-page",
    LastPage = "last-page",
    PreviousShort = "previous-short",
    NextShort = "next-short",
    PerPage = "per-page",
    LoadMore = "load-more",
    PageOf = "page-n-of-m",
    // The standalone site.
    SiteTitle = "ctrl-hub-interactions",
    SignIn = "sign-in",
    SignOut = "sign-out",
    SignInLead = "sign-in-lead",
    SignInMissing = "sign-in-missing",
    SessionExpired = "session-expired",
    SessionRejected = "session-rejected",
    ApiBase = "api-base",
    OrganisationId = "organisation-id",
    SessionToken = "session-token",
    Remember = "remember-in-this-tab",
    /// `{command}` and `{url}` are shown as code.
    DemoHint = "demo-hint",
    OrganisationNamed = "organisation-named",
    Language = "language",
    // Configuration errors.
    ConfigMissingOrgId = "config-missing-org-id",
    ConfigMissingToken = "config-missing-token",
    ConfigInvalidOrgId = "config-invalid-org-id",
    ConfigInvalidApiBase = "config-invalid-api-base",
    ConfigInvalidPageSize = "config-invalid-page-size",
    ConfigInvalidId = "config-invalid-id",
    ConfigInvalidGroupBy = "config-invalid-group-by",
    ConfigInvalidLoad = "config-invalid-load",
    ConfigInvalidRefreshInterval = "config-invalid-refresh-interval",
    ConfigInvalidLocale = "config-invalid-locale",
    ConfigInvalidTimeZone = "config-invalid-time-zone",
    // Error headlines, one per `ctrlhub-error` kind.
    ErrorAuth = "error-auth",
    ErrorForbidden = "error-forbidden",
    ErrorNotFound = "error-not-found",
    ErrorBadRequest = "error-bad-request",
    ErrorRateLimited = "error-rate-limited",
    ErrorServer = "error-server",
    ErrorNetwork = "error-network",
    ErrorTimeout = "error-timeout",
    ErrorDecode = "error-decode",
    ErrorConfig = "error-config",
}

impl Msg {
    /// The message whose id is `id`.
    pub fn from_id(id: &str) -> Option<Msg> {
        Msg::ALL.iter().copied().find(|m| m.id() == id)
    }

    /// Messages whose text has one form per plural category (`one:…|other:…`), chosen by `{count}`.
    pub const fn is_plural(self) -> bool {
        matches!(self, Msg::CountInteractions | Msg::RetryingIn)
    }
}
