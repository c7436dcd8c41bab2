//! The standalone site: sign in (API base, organisation ID, session token), then browse
//! with the same `<ctrlhub-interactions>` element a CRM page would embed.
//!
//! The token lives in memory only, or in `sessionStorage` when "Remember in this tab" is
//! ticked; never in the URL. `?demo` signs in to the bundled mock API's demo organisation.
//! When the widget reports an `auth` error (a 401: the token expired or was wrong), the site
//! forgets the token and asks to sign in again, keeping the API base and organisation.
//!
//! The site speaks the browser's language (`navigator.languages`: Welsh or English) until the user
//! picks one with the language switch (remembered in `localStorage`); the element follows it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::format::Locale;
use super::i18n::I18n;
use super::signals::SetIfChanged;
use crate::model::config::DEFAULT_API_BASE;
use crate::model::i18n::{pieces, Lang, Msg};
use crate::model::url_state::{merge_query, ViewState};

/// The mock API's public demo fixture (see `mock/`): not a secret.
const DEMO_ORG: &str = "demo-org";
const DEMO_TOKEN: &str = "demo-token";
const STORAGE_KEY: &str = "ctrlhub-interactions.session";
const LANG_KEY: &str = "ctrlhub-interactions.lang";

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

/// The language picked with the switch, else the browser's first with a catalogue, else en-GB.
fn initial_lang() -> Lang {
    let picked = window().and_then(|w| w.local_storage().ok()?).and_then(|s| s.get_item(LANG_KEY).ok()?);
    if let Some(tag) = picked {
        return Lang::pick(Some(&tag));
    }
    // navigator.languages, read through Reflect (no web-sys feature for one array).
    let languages: Vec<String> = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"languages".into()))
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|l| js_sys::Array::from(&l).iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    Lang::first_supported(languages.iter().map(String::as_str))
}

/// The site's language as a [`Locale`] (the signal type the element already feeds its widget:
/// no new reactive type in the wasm); the page's `lang` follows it.
fn use_lang() -> ArcRwSignal<Locale> {
    let lang = initial_lang();
    set_page_lang(lang);
    ArcRwSignal::new(locale_of(lang))
}

fn locale_of(lang: Lang) -> Locale {
    Locale { locale: Some(lang.tag().to_owned()), ..Locale::default() }
}

fn set_page_lang(lang: Lang) {
    if let Some(html) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", lang.tag());
    }
}

/// Switches the site's language: remembered, the page's `lang`, then the words (plain calls in
/// the change handler rather than an effect: one effect type less in the wasm).
fn switch_lang(locale: &ArcRwSignal<Locale>, lang: Lang) {
    set_page_lang(lang);
    if let Some(s) = window().and_then(|w| w.local_storage().ok()?) {
        let _ = s.set_item(LANG_KEY, lang.tag());
    }
    locale.set_if_changed(locale_of(lang));
}

/// The language switch: English / Cymraeg, each option named in its own language.
#[component]
fn LanguageSwitch(i18n: I18n, locale: ArcRwSignal<Locale>) -> impl IntoView {
    // The select shows the user's pick itself; only the first selection comes from here.
    let first = i18n.now().lang();
    let options = Lang::ALL
        .iter()
        .map(|l| view! { <option value=l.tag() lang=l.tag() selected=*l == first>{l.name()}</option> })
        .collect_view();
    view! {
        <label class="site-lang">
            {i18n.tr(Msg::Language)}
            <select name="language"
                on:change=move |ev| {
                    let v = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value());
                    switch_lang(&locale, Lang::pick(v.as_deref()));
                }>
                {options}
            </select>
        </label>
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
    problem: RwSignal<Option<Msg>>,
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
    let locale = use_lang();
    let i18n = I18n::new(locale.clone().into());
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
        let text = if loaded.get_untracked() { Msg::SessionExpired } else { Msg::SessionRejected };
        problem.set(Some(text));
        loaded.set(false);
        session.set(None);
        if let Some(main) = form_ref.get_untracked() {
            let node: web_sys::Node = main.into();
            crate::ui::focus::focus_later(node, "input[name=session-token]");
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
            <LanguageSwitch i18n locale/>
            {move || match session.get() {
                None => view! { <SignInForm i18n fields session/> }.into_any(),
                Some(s) => view! {
                    <div class="site-bar">
                        <span class="site-org">{
                            let id = s.org_id.clone();
                            move || i18n.get().fill(Msg::OrganisationNamed, &[("id", &id)])
                        }</span>
                        <button type="button" on:click=sign_out>{i18n.tr(Msg::SignOut)}</button>
                    </div>
                    <ctrlhub-interactions
                        locale=i18n.lang()
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
fn SignInForm(i18n: I18n, fields: Fields, session: RwSignal<Option<Session>>) -> impl IntoView {
    let Fields { api_base, org_id, token, keep, problem } = fields;
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = Session {
            api_base: api_base.get_untracked().trim().to_owned(),
            org_id: org_id.get_untracked().trim().to_owned(),
            token: token.get_untracked().trim().to_owned(),
        };
        if s.org_id.is_empty() || s.token.is_empty() {
            problem.set(Some(Msg::SignInMissing));
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
        <form class="site-signin" on:submit=sign_in aria-label=i18n.tr(Msg::SignIn)>
            <h1>{i18n.tr(Msg::SiteTitle)}</h1>
            <p class="site-lead">{i18n.tr(Msg::SignInLead)}</p>
            <label>{i18n.tr(Msg::ApiBase)}<input type="url" name="api-base" prop:value=move || api_base.get() on:input=move |ev| api_base.set(input_value(&ev))/></label>
            <label>{i18n.tr(Msg::OrganisationId)}<input type="text" name="org-id" autocomplete={"organization"} prop:value=move || org_id.get() on:input=move |ev| org_id.set(input_value(&ev))/></label>
            <label>{i18n.tr(Msg::SessionToken)}<input type="password" name="session-token" autocomplete={"off"} prop:value=move || token.get() on:input=move |ev| token.set(input_value(&ev))/></label>
            <label class="site-check"><input type="checkbox" name="remember" prop:checked=move || keep.get() on:change=move |ev| {
                let checked = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
                keep.set(checked);
            }/>{i18n.tr(Msg::Remember)}</label>
            {move || problem.get().map(|p| view! { <p class="site-problem" role="alert">{i18n.tr(p)}</p> })}
            <button type="submit">{i18n.tr(Msg::SignIn)}</button>
            <p class="site-hint">{move || demo_hint(i18n.get().raw(Msg::DemoHint))}</p>
        </form>
    }
}

/// "No account? Run `cargo xtask demo` and open the page with `?demo`.": the placeholders as code.
fn demo_hint(text: &str) -> impl IntoView {
    pieces(text)
        .into_iter()
        .map(|(slot, run)| match slot {
            Some("command") => view! { <code>{"cargo xtask demo"}</code> }.into_any(),
            Some("url") => view! { <code>{"?demo"}</code> }.into_any(),
            Some(other) => other.to_owned().into_any(),
            None => run.to_owned().into_any(),
        })
        .collect_view()
}
