//! The loader's values: what is shown ([`Loaded`], with [`Progress`] for `load="all"`), the state
//! of the data ([`Load`]) and the request to make ([`RequestSpec`]).

use std::sync::Arc;

use crate::api::InteractionsRequest;
use crate::model::dedup::SeenIds;
use crate::model::{Failure, Interaction, Page, Pagination};

/// The interactions on screen: one page, or several after "Load more".
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Loaded {
    pub items: Vec<Interaction>,
    /// Pagination of the last page loaded.
    pub pagination: Pagination,
    /// How many pages `items` holds.
    pub pages_loaded: u64,
    /// With `load="all"`: how far loading every page has got.
    pub progress: Option<Progress>,
}

/// Progress of `load="all"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// The user stopped it ("Stop loading").
    pub stopped: bool,
}

impl Progress {
    pub fn running(&self) -> bool {
        !self.stopped && self.done < self.total
    }
}

impl Loaded {
    pub(super) fn from_page(page: Page) -> Self {
        Self { items: page.items, pagination: page.pagination, pages_loaded: 1, progress: None }
    }

    /// What is shown with `page` appended ("Load more"), leaving out interactions already shown.
    pub(super) fn append(&self, page: Page) -> Self {
        let mut items = self.items.clone();
        SeenIds::of(&self.items).append(&mut items, page.items);
        Self { items, pagination: page.pagination, pages_loaded: self.pages_loaded + 1, progress: self.progress }
    }
}

/// The state of the data the widget shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// Nothing requested yet.
    Idle,
    /// A request is in flight; what was shown stays visible. `more`: appending a page.
    Loading {
        previous: Option<Arc<Loaded>>,
        more: bool,
    },
    Ready(Arc<Loaded>),
    /// The last request failed; what was shown stays visible.
    Failed {
        failure: Failure,
        previous: Option<Arc<Loaded>>,
    },
}

impl Load {
    pub fn loaded(&self) -> Option<Arc<Loaded>> {
        match self {
            Self::Idle => None,
            Self::Loading { previous, .. } | Self::Failed { previous, .. } => previous.clone(),
            Self::Ready(p) => Some(p.clone()),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Loading { .. } => "loading",
            Self::Ready(_) => "ready",
            Self::Failed { .. } => "error",
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
    }
}

/// The request to make (with its token), or why none can be made yet.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestSpec {
    Ready(InteractionsRequest, String),
    /// Waiting for something outside (the host's `tokenProvider`): shown as loading.
    Wait,
    Invalid(Failure),
}
