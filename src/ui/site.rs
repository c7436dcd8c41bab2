//! The standalone site: sign in (API base, organisation ID, session token), then browse
//! with the same `<ctrlhub-interactions>` element a CRM page would embed.
//!
//! The token lives in memory only, or in `sessionStorage` when "Remember in this tab" is
//! ticked; never in the URL. `?demo` signs in to the bundled mock API's demo organisation.
//! When the widget reports an `auth` error (a 401: the token expired or was wrong), the site
//! forgets the token and asks to sign in again, keeping the API base and organisation.

use crate::strings as t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::config::DEFAULT_API_BASE;
use crate::model::url_state::{merge_query, ViewState};

/// The mock API's public demo fixture (see `mock/`): not a secret.
const DEMO_ORG: &str = "demo-org";
const DEMO_TOKEN: &str = "demo-token";
const STORAGE_KEY: &str = "ctrlhub-interactions.session";

#[derive(Clone, Debug, PartialEq, Eq)]
struct Session {
    api_base: String,
    org_id: String,
    token: String,
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn origin() -> String {
    window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok()?
}

fn search() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

fn is_demo_key(kv: &str) -> bool {
    kv == "demo" || kv.starts_with("demo=")
}

fn is_demo() -> bool {
    search().trim_start_matches('?').split('&').any(is_demo_key)
}

/// The view state part of the page's query (everything but `demo`).
fn view_query() -> String {
    search()
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !is_demo_key(kv))
        .collect::<Vec<_>>()
        .join("&")
}

/// Puts the view state in the address bar (replacing the entry), keeping other parameters
/// such as `demo`.
fn write_view_query(query: &str) {
    let merged = merge_query(&search(), &ViewState::from_query(query));
    let path = window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let url = if merged.is_empty() { path } else { format!("{path}?{merged}") };
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

fn remembered() -> Option<Session> {
    let raw = storage()?.get_item(STORAGE_KEY).ok()??;
    let mut parts = raw.splitn(3, '\n');
    let (api_base, org_id, token) = (parts.next()?, parts.next()?, parts.next()?);
    Some(Session { api_base: api_base.into(), org_id: org_id.into(), token: token.into() })
}

fn remember(s: &Session) {
    if let Some(st) = storage() {
        let _ = st.set_item(STORAGE_KEY, &format!("{}\n{}\n{}", s.api_base, s.org_id, s.token));
    }
}

fn forget() {
    if let Some(st) = storage() {
        let _ = st.remove_item(STORAGE_KEY);
    }
}

fn initial_session() -> Option<Session> {
    if is_demo() {
        return Some(Session { api_base: origin(), org_id: DEMO_ORG.into(), token: DEMO_TOKEN.into() });
    }
    remembered()
}

fn input_value(ev: &leptos::ev::Event) -> String {
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

/// What the sign-in form holds (the token only until it is submitted).
#[derive(Clone, Copy)]
struct Fields {
    api_base: RwSignal<String>,
    org_id: RwSignal<String>,
    token: RwSignal<String>,
    /// "Remember in this tab".
    keep: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
}

impl Fields {
    fn new() -> Self {
        Self {
            api_base: RwSignal::new(DEFAULT_API_BASE.to_owned()),
            org_id: RwSignal::new(String::new()),
            token: RwSignal::new(String::new()),
            keep: RwSignal::new(false),
            problem: RwSignal::new(None),
        }
    }

    /// Forgets the token (memory and sessionStorage) but keeps where the user was (API base,
    /// organisation) in the form, to sign in again quickly.
    fn drop_token(self, session: RwSignal<Option<Session>>) {
        forget();
        if let Some(s) = session.get_untracked() {
            self.api_base.set(s.api_base);
            self.org_id.set(s.org_id);
        }
        self.token.set(String::new());
        self.keep.set(false);
    }
}

#[component]
pub fn Site() -> impl IntoView {
    let session = RwSignal::new(initial_session());
    let fields = Fields::new();
    let problem = fields.problem;
    // Whether the widget has loaded anything with the current token.
    let loaded = RwSignal::new(false);

    let sign_out = move |_| {
        // Also drop the view state from the address bar.
        fields.drop_token(session);
        loaded.set(false);
        session.set(None);
        // Also leave `?demo`, or a reload would sign straight back in.
        let path = window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        if let Some(h) = window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    };
    let form_ref = NodeRef::<leptos::html::Main>::new();
    let on_load = move |_: leptos::ev::Event| loaded.set(true);
    // A 401: forget the token (memory and sessionStorage), keep the API base, organisation and
    // view (in the URL), and ask again.
    let on_error = move |ev: leptos::ev::Event| {
        let kind = ev
            .dyn_ref::<web_sys::CustomEvent>()
            .and_then(|e| js_sys::Reflect::get(&e.detail(), &"kind".into()).ok())
            .and_then(|k| k.as_string());
        if kind.as_deref() != Some("auth") {
            return;
        }
        fields.drop_token(session);
        // Expired if it worked before in this session; otherwise the token was wrong from the start.
        let text = if loaded.get_untracked() { t::SESSION_EXPIRED } else { t::SESSION_REJECTED };
        problem.set(Some(text.into()));
        loaded.set(false);
        session.set(None);
        if let Some(main) = form_ref.get_untracked() {
            let node: web_sys::Node = main.into();
            crate::ui::item::focus_later(node, "input[name=session-token]");
        }
    };
    let on_view_change = move |ev: leptos::ev::Event| {
        let query = ev
            .dyn_ref::<web_sys::CustomEvent>()
            .and_then(|e| js_sys::Reflect::get(&e.detail(), &"query".into()).ok())
            .and_then(|q| q.as_string());
        if let Some(q) = query {
            write_view_query(&q);
        }
    };

    view! {
        <main class="site" node_ref=form_ref>
            {move || match session.get() {
                None => view! { <SignInForm fields session/> }.into_any(),
                Some(s) => view! {
                    <div class="site-bar">
                        <span class="site-org">{t::organisation(&s.org_id)}</span>
                        <button type="button" on:click=sign_out>{t::SIGN_OUT}</button>
                    </div>
                    <ctrlhub-interactions
                        org-id={s.org_id.clone()}
                        api-base={s.api_base.clone()}
                        view={view_query()}
                        prop:sessionToken={s.token.clone()}
                        on:ctrlhub-filter-change=on_view_change
                        on:ctrlhub-error=on_error
                        on:ctrlhub-load=on_load
                    ></ctrlhub-interactions>
                }.into_any(),
            }}
        </main>
    }
}

/// The sign-in form: on submit, starts the session (remembered in this tab if asked).
#[component]
fn SignInForm(fields: Fields, session: RwSignal<Option<Session>>) -> impl IntoView {
    let Fields { api_base, org_id, token, keep, problem } = fields;
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = Session {
            api_base: api_base.get_untracked().trim().to_owned(),
            org_id: org_id.get_untracked().trim().to_owned(),
            token: token.get_untracked().trim().to_owned(),
        };
        if s.org_id.is_empty() || s.token.is_empty() {
            problem.set(Some(t::SIGN_IN_MISSING.into()));
            return;
        }
        problem.set(None);
        if keep.get_untracked() {
            remember(&s);
        } else {
            forget();
        }
        token.set(String::new());
        session.set(Some(s));
    };
    view! {
        <form class="site-signin" on:submit=sign_in aria-label={t::SIGN_IN}>
            <h1>{t::SITE_TITLE}</h1>
            <p class="site-lead">{t::SIGN_IN_LEAD}</p>
            <label>{t::API_BASE}<input type="url" name="api-base" prop:value=move || api_base.get() on:input=move |ev| api_base.set(input_value(&ev))/></label>
            <label>{t::ORGANISATION_ID}<input type="text" name="org-id" autocomplete={"organization"} prop:value=move || org_id.get() on:input=move |ev| org_id.set(input_value(&ev))/></label>
            <label>{t::SESSION_TOKEN}<input type="password" name="session-token" autocomplete={"off"} prop:value=move || token.get() on:input=move |ev| token.set(input_value(&ev))/></label>
            <label class="site-check"><input type="checkbox" name="remember" prop:checked=move || keep.get() on:change=move |ev| {
                let checked = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
                keep.set(checked);
            }/>{t::REMEMBER}</label>
            {move || problem.get().map(|p| view! { <p class="site-problem" role="alert">{p}</p> })}
            <button type="submit">{t::SIGN_IN}</button>
            <p class="site-hint">{t::DEMO_HINT[0]}<code>{"cargo xtask demo"}</code>{t::DEMO_HINT[1]}<code>{"?demo"}</code>{t::DEMO_HINT[2]}</p>
        </form>
    }
}
