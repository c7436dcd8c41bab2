//! Pager arithmetic over the server's pagination.

use super::page::Pagination;

/// What the pager shows and where its buttons go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNav {
    /// 1-based, at least 1.
    pub current: u64,
    /// At least 1 and at least `current`.
    pub pages: u64,
    /// Items per page, at least 1.
    pub limit: u64,
    /// Offset of the current page's first item.
    pub offset: u64,
    /// Total matching items.
    pub total: u64,
    /// The offsets of the neighbouring pages as the server gave (or `reconcile` derived) them;
    /// prefer the `next_offset()` / `previous_offset()` methods, which fall back to arithmetic.
    pub server_next: Option<u64>,
    pub server_previous: Option<u64>,
}

impl From<&Pagination> for PageNav {
    fn from(p: &Pagination) -> Self {
        let current = p.current_page.max(1);
        Self {
            current,
            pages: p.pages.max(1).max(current),
            limit: p.limit.max(1),
            offset: p.offset,
            total: p.total,
            server_next: p.next_offset,
            server_previous: p.previous_offset,
        }
    }
}

/// Page 1 of 1, before anything has loaded.
impl Default for PageNav {
    fn default() -> Self {
        Self::from(&Pagination::default())
    }
}

impl PageNav {
    pub fn has_previous(&self) -> bool {
        self.previous_offset().is_some()
    }

    pub fn has_next(&self) -> bool {
        self.next_offset().is_some()
    }

    /// Where "Previous page" goes: the server's offset, else the page before this one.
    pub fn previous_offset(&self) -> Option<u64> {
        self.server_previous.or_else(|| (self.current > 1).then(|| self.offset_for(self.current - 1)))
    }

    /// Where "Next page" goes: the server's offset, else the page after this one.
    pub fn next_offset(&self) -> Option<u64> {
        self.server_next.or_else(|| (self.current < self.pages).then(|| self.offset_for(self.current + 1)))
    }

    /// The offset of `page` (1-based), clamped to the valid pages.
    pub fn offset_for(&self, page: u64) -> u64 {
        (page.clamp(1, self.pages) - 1).saturating_mul(self.limit)
    }

    /// The page (1-based) holding the item at `offset`, clamped to the valid pages.
    pub fn page_for_offset(&self, offset: u64) -> u64 {
        (offset / self.limit).saturating_add(1).min(self.pages)
    }

    pub fn first_offset(&self) -> u64 {
        0
    }

    pub fn last_offset(&self) -> u64 {
        self.offset_for(self.pages)
    }

    /// "Page N of M" (`n` writes a number as the locale does).
    pub fn label(&self, m: &super::i18n::Messages, n: &dyn Fn(u64) -> String) -> String {
        m.fill(super::i18n::Msg::PageOf, &[("page", &n(self.current)), ("pages", &n(self.pages))])
    }

    /// 1-based numbers of the first and last item shown when this page holds `count` items
    /// (`None` when it holds none), for "Showing 26–50 of 2,500".
    pub fn shown_range(&self, count: usize) -> Option<(u64, u64)> {
        let count = u64::try_from(count).ok().filter(|c| *c > 0)?;
        Some((self.offset.saturating_add(1), self.offset.saturating_add(count)))
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::page::PaginationParts;
    use proptest::prelude::*;

    fn nav(total: u64, limit: u64, offset: u64, count: usize) -> PageNav {
        PageNav::from(&Pagination::reconcile(
            PaginationParts { total: Some(total), ..Default::default() },
            limit,
            offset,
            count,
        ))
    }

    #[test]
    fn middle_page() {
        let n = nav(2500, 25, 25, 25);
        assert_eq!((n.current, n.pages, n.limit), (2, 100, 25));
        assert!(n.has_previous() && n.has_next());
        assert_eq!((n.previous_offset(), n.next_offset()), (Some(0), Some(50)));
        assert_eq!(n.label(&crate::model::Messages::en_gb(), &|v| v.to_string()), "Page 2 of 100");
        assert_eq!((n.first_offset(), n.last_offset()), (0, 2475));
        assert_eq!(n.shown_range(25), Some((26, 50)));
    }

    #[test]
    fn first_and_last_pages() {
        let n = nav(2500, 25, 0, 25);
        assert!(!n.has_previous() && n.has_next());
        let n = nav(2500, 25, 2475, 25);
        assert!(n.has_previous() && !n.has_next());
        assert_eq!(n.label(&crate::model::Messages::en_gb(), &|v| v.to_string()), "Page 100 of 100");
        // A partial last page.
        let n = nav(51, 25, 50, 1);
        assert_eq!((n.current, n.pages), (3, 3));
        assert_eq!(n.last_offset(), 50);
        assert_eq!(n.shown_range(1), Some((51, 51)));
    }

    #[test]
    fn empty_result_is_page_1_of_1() {
        let n = nav(0, 25, 0, 0);
        assert_eq!(n.label(&crate::model::Messages::en_gb(), &|v| v.to_string()), "Page 1 of 1");
        assert!(!n.has_previous() && !n.has_next());
        assert_eq!(n.last_offset(), 0);
        assert_eq!(n.shown_range(0), None);
        let n = PageNav::from(&Pagination::default());
        assert_eq!((n.current, n.pages, n.limit), (1, 1, 1));
        assert_eq!(n.label(&crate::model::Messages::en_gb(), &|v| v.to_string()), "Page 1 of 1");
    }

    #[test]
    fn offsets_are_clamped() {
        let n = nav(100, 10, 30, 10);
        assert_eq!(n.offset_for(0), 0);
        assert_eq!(n.offset_for(1), 0);
        assert_eq!(n.offset_for(5), 40);
        assert_eq!(n.offset_for(10), 90);
        assert_eq!(n.offset_for(11), 90);
        assert_eq!(n.offset_for(u64::MAX), 90);
        assert_eq!(n.page_for_offset(0), 1);
        assert_eq!(n.page_for_offset(95), 10);
        assert_eq!(n.page_for_offset(10_000), 10);
    }

    #[test]
    fn server_offsets_win_and_inconsistent_pages_are_safe() {
        // The server says page 5 of 3 (data shrank): the label never reads "5 of 3".
        let p = Pagination {
            total: 60,
            pages: 3,
            current_page: 5,
            limit: 20,
            offset: 80,
            next_offset: None,
            previous_offset: Some(60),
        };
        let n = PageNav::from(&p);
        assert_eq!(n.label(&crate::model::Messages::en_gb(), &|v| v.to_string()), "Page 5 of 5");
        assert_eq!(n.previous_offset(), Some(60));
        assert!(!n.has_next());
        // Explicit neighbours from the server are used as given.
        let p = Pagination {
            next_offset: Some(7),
            ..Pagination { pages: 1, current_page: 1, limit: 5, ..Default::default() }
        };
        assert_eq!(PageNav::from(&p).next_offset(), Some(7));
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let p = Pagination {
            total: u64::MAX,
            pages: u64::MAX,
            current_page: u64::MAX,
            limit: u64::MAX,
            ..Default::default()
        };
        let n = PageNav::from(&p);
        assert_eq!(n.offset_for(u64::MAX), u64::MAX);
        assert!(!n.has_next());
        assert_eq!(n.shown_range(usize::MAX).map(|r| r.1), Some(u64::MAX));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn navigation_is_consistent(total in 0u64..10_000, limit in 1u64..=100, page in 1u64..200) {
            let pages = total.div_ceil(limit).max(1);
            let page = page.min(pages);
            let offset = (page - 1) * limit;
            let count = usize::try_from(total.saturating_sub(offset).min(limit)).unwrap();
            let n = nav(total, limit, offset, count);
            prop_assert_eq!(n.current, page);
            prop_assert_eq!(n.pages, pages);
            prop_assert_eq!(n.has_previous(), page > 1);
            prop_assert_eq!(n.has_next(), page < pages);
            prop_assert_eq!(n.offset_for(page), offset);
            prop_assert_eq!(n.page_for_offset(offset), page);
            prop_assert!(n.last_offset() < total.max(1));
            if let Some(next) = n.next_offset() {
                prop_assert_eq!(next, offset + limit);
            }
        }
    }
}
