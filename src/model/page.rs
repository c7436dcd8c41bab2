//! A page of interactions and where it sits in the whole result set.

use super::interaction::Interaction;

/// Pagination facts from `meta.pagination`, made consistent when the server omits parts.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pagination {
    /// Total matching resources (`counts.resources`).
    pub total: u64,
    /// Total pages (`counts.pages`).
    pub pages: u64,
    /// 1-based page number (`current_page`).
    pub current_page: u64,
    pub limit: u64,
    pub offset: u64,
    pub next_offset: Option<u64>,
    pub previous_offset: Option<u64>,
}

impl Pagination {
    /// Builds pagination from whatever parts the server sent, deriving the rest from
    /// `limit`, `offset`, the item count and the total.
    pub fn reconcile(parts: PaginationParts, requested_limit: u64, requested_offset: u64, item_count: usize) -> Self {
        let limit = parts.limit.filter(|l| *l > 0).unwrap_or(requested_limit.max(1));
        let offset = parts.offset.unwrap_or(requested_offset);
        let seen = offset.saturating_add(item_count as u64);
        let total = parts.total.unwrap_or(seen).max(seen);
        let pages = parts.pages.unwrap_or_else(|| total.div_ceil(limit));
        let current_page = parts.current_page.filter(|p| *p > 0).unwrap_or((offset / limit).saturating_add(1));
        let next_offset = match parts.next_offset {
            Some(n) => n,
            None if parts.had_offsets => None,
            None => Some(offset.saturating_add(limit)).filter(|next| *next < total),
        };
        let previous_offset = match parts.previous_offset {
            Some(p) => p,
            None if parts.had_offsets => None,
            None => (offset > 0).then(|| offset.saturating_sub(limit)),
        };
        Self { total, pages, current_page, limit, offset, next_offset, previous_offset }
    }

    pub fn has_next(&self) -> bool {
        self.next_offset.is_some()
    }

    pub fn has_previous(&self) -> bool {
        self.previous_offset.is_some()
    }
}

/// The optional pieces of `meta.pagination` as the API sent them.
#[derive(Clone, Debug, Default)]
pub struct PaginationParts {
    pub total: Option<u64>,
    pub pages: Option<u64>,
    pub current_page: Option<u64>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// `Some(None)` is an explicit null ("no next page"); `None` means not sent.
    pub next_offset: Option<Option<u64>>,
    pub previous_offset: Option<Option<u64>>,
    /// Whether an `offsets` object was present at all.
    pub had_offsets: bool,
}

/// One page of resolved interactions.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Interaction>,
    pub pagination: Pagination,
    /// Resources in `data` that could not be read at all and were skipped.
    pub skipped: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_server_values_when_complete() {
        let parts = PaginationParts {
            total: Some(2500),
            pages: Some(100),
            current_page: Some(2),
            limit: Some(25),
            offset: Some(25),
            next_offset: Some(Some(50)),
            previous_offset: Some(Some(0)),
            had_offsets: true,
        };
        let p = Pagination::reconcile(parts, 25, 25, 25);
        assert_eq!((p.total, p.pages, p.current_page, p.limit, p.offset), (2500, 100, 2, 25, 25));
        assert_eq!((p.next_offset, p.previous_offset), (Some(50), Some(0)));
        assert!(p.has_next() && p.has_previous());
    }

    #[test]
    fn explicit_null_offsets_mean_no_neighbour() {
        let parts = PaginationParts {
            total: Some(3),
            next_offset: Some(None),
            previous_offset: Some(None),
            had_offsets: true,
            ..Default::default()
        };
        let p = Pagination::reconcile(parts, 25, 0, 3);
        assert!(!p.has_next() && !p.has_previous());
        assert_eq!((p.pages, p.current_page), (1, 1));
    }

    #[test]
    fn derives_everything_when_meta_is_missing() {
        let p = Pagination::reconcile(PaginationParts::default(), 10, 20, 10);
        // Without a total, we only know what we've seen.
        assert_eq!(p.total, 30);
        assert_eq!(p.current_page, 3);
        assert_eq!(p.previous_offset, Some(10));
        assert_eq!(p.next_offset, None);
    }

    #[test]
    fn total_never_below_what_was_seen_and_limit_never_zero() {
        let parts = PaginationParts { total: Some(1), limit: Some(0), ..Default::default() };
        let p = Pagination::reconcile(parts, 0, 0, 5);
        assert_eq!(p.total, 5);
        assert_eq!(p.limit, 1);
        assert_eq!(p.pages, 5);
    }

    #[test]
    fn huge_limit_and_offset_never_overflow() {
        // Found by the fuzzer: `offset + limit` overflowed.
        let p = Pagination::reconcile(PaginationParts::default(), u64::MAX, u64::MAX, 0);
        assert_eq!((p.limit, p.offset, p.current_page, p.next_offset), (u64::MAX, u64::MAX, 2, None));
        let parts = PaginationParts { total: Some(u64::MAX), ..Default::default() };
        let p = Pagination::reconcile(parts, u64::MAX - 1, 1, 0);
        assert_eq!(p.next_offset, None);
    }

    #[test]
    fn empty_result_has_zero_pages() {
        let parts = PaginationParts {
            total: Some(0),
            pages: Some(0),
            had_offsets: true,
            next_offset: Some(None),
            previous_offset: Some(None),
            ..Default::default()
        };
        let p = Pagination::reconcile(parts, 25, 0, 0);
        assert_eq!((p.total, p.pages, p.current_page), (0, 0, 1));
    }
}
