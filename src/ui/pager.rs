//! Pagination from `meta.pagination`: first/previous/next/last, "Page N of M", "Per page"
//! and "Load more".

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::I18n;
use crate::model::i18n::Msg;
use crate::model::paging::PageNav;

/// Which pager control to keep in view after the page changes size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kept {
    LoadMore,
    PerPage,
}

pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];

#[component]
pub fn Pager(
    i18n: I18n,
    #[prop(into)] nav: Signal<PageNav>,
    #[prop(into)] per_page: Signal<u32>,
    #[prop(into)] busy: Signal<bool>,
    /// Pages appended with "Load more" beyond the current one.
    #[prop(into)]
    appended: Signal<u64>,
    on_page: Callback<u64>,
    on_per_page: Callback<u32>,
    on_more: Callback<()>,
) -> impl IntoView {
    let go = move |page: u64| move |_| on_page.run(page);
    // `nav` is the last page loaded; "Load more" put `appended` pages before it on screen.
    let last_shown = move || nav.with(|n| n.current);
    let first_shown = move || last_shown().saturating_sub(appended.get()).max(1);
    let label = move || nav.with(|n| n.label(&i18n.get(), &|v| v.to_string()));
    let at_start = move || first_shown() <= 1 || busy.get();
    let at_end = move || nav.with(|n| n.current >= n.pages.max(1)) || busy.get();
    // The page grows (or shrinks) above the control the user just used: once the new page is
    // shown, scroll that control back into view so keyboard focus stays visible.
    let keep_in_view = RwSignal::new(None::<Kept>);
    let more_button = NodeRef::<leptos::html::Button>::new();
    let per_page_select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if busy.get() {
            return;
        }
        let el: Option<web_sys::Element> = match keep_in_view.get_untracked() {
            Some(Kept::LoadMore) => more_button.get_untracked().map(Into::into),
            Some(Kept::PerPage) => per_page_select.get_untracked().map(Into::into),
            None => None,
        };
        if let Some(el) = el {
            keep_in_view.set(None);
            el.scroll_into_view_with_bool(false);
        }
    });
    view! {
        <nav class="ch-pager" part="pager" aria-label=i18n.tr(Msg::Pagination)>
            <button type="button" class="ch-button" aria-label=i18n.tr(Msg::FirstPage) disabled=at_start on:click=move |ev| go(1)(ev)>{"«"}</button>
            <button type="button" class="ch-button" aria-label=i18n.tr(Msg::PreviousPage) disabled=at_start
                on:click=move |ev| go(first_shown().saturating_sub(1).max(1))(ev)>{i18n.tr(Msg::PreviousShort)}</button>
            <span class="ch-page-label">{label}</span>
            <button type="button" class="ch-button" aria-label=i18n.tr(Msg::NextPage) disabled=at_end
                on:click=move |ev| go(last_shown() + 1)(ev)>{i18n.tr(Msg::NextShort)}</button>
            <button type="button" class="ch-button" aria-label=i18n.tr(Msg::LastPage) disabled=at_end
                on:click=move |ev| go(nav.with(|n| n.pages.max(1)))(ev)>{"»"}</button>
            <label class="ch-field ch-per-page">
                <span class="ch-field-label">{i18n.tr(Msg::PerPage)}</span>
                <select
                    class="ch-select"
                    node_ref=per_page_select
                    prop:value=move || per_page.get().to_string()
                    on:change=move |ev| {
                        let v = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                            .and_then(|s| s.value().parse::<u32>().ok());
                        if let Some(v) = v {
                            keep_in_view.set(Some(Kept::PerPage));
                            on_per_page.run(v);
                        }
                    }
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|n| {
                            let n = *n;
                            view! { <option value=n.to_string() selected=move || per_page.get() == n>{n.to_string()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            // While loading, aria-disabled (not disabled), so keyboard focus stays on the button.
            <button
                type="button"
                class="ch-button ch-more-pages"
                disabled=move || nav.with(|n| n.current >= n.pages.max(1))
                aria-disabled=move || busy.get().to_string()
                on:click=move |_| {
                    if !busy.get_untracked() {
                        keep_in_view.set(Some(Kept::LoadMore));
                        on_more.run(());
                    }
                }
                node_ref=more_button
            >
                {i18n.tr(Msg::LoadMore)}
            </button>
        </nav>
    }
}
