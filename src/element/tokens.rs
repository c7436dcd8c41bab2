//! The session token: where it comes from (the `tokenProvider`'s answer, the `sessionToken`
//! property, the `session-token` attribute), asking the provider when there is none, and the one
//! retry after a 401. All the token and 401 logic is here.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::{ErrorKind, RawSettings};
use crate::ui::WidgetEvent;

/// The element's tokens, shared by its core and the widget's event sink.
#[derive(Clone)]
pub(super) struct Tokens {
    state: Rc<RefCell<State>>,
    /// The settings the token goes into (and `awaiting_token` while the provider is asked).
    settings: ArcRwSignal<RawSettings>,
    /// Bumped to send the request again once the provider answered after a 401.
    refresh: ArcRwSignal<u64>,
}

#[derive(Default)]
struct State {
    /// The `sessionToken` property.
    property: Option<String>,
    /// The last answer of `tokenProvider`: wins over the property and attribute until the host
    /// sets either again.
    provided: Option<String>,
    provider: Option<js_sys::Function>,
    asking: bool,
    /// `tokenProvider` was asked again after a 401; a second 401 is final.
    retried_after_401: bool,
}

/// A provider's answer as a token: trimmed, `None` when blank or not a string.
fn token_of(answer: Option<String>) -> Option<String> {
    answer.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl Tokens {
    pub(super) fn new(settings: ArcRwSignal<RawSettings>, refresh: ArcRwSignal<u64>) -> Self {
        Self { state: Rc::default(), settings, refresh }
    }

    /// The token to send, given the `session-token` attribute, and whether the provider is being
    /// asked for one.
    pub(super) fn current(&self, attribute: impl FnOnce() -> Option<String>) -> (Option<String>, bool) {
        let t = self.state.borrow();
        (t.provided.clone().or_else(|| t.property.clone()).or_else(attribute), t.asking)
    }

    /// The host set the `session-token` attribute: it wins over the provider's last answer.
    pub(super) fn attribute_changed(&self) {
        self.state.borrow_mut().provided = None;
    }

    /// The `sessionToken` property: wins over the provider's last answer, and a later 401 may be
    /// retried again.
    pub(super) fn set_property(&self, token: Option<String>) {
        let mut t = self.state.borrow_mut();
        t.property = token;
        t.provided = None;
        t.retried_after_401 = false;
    }

    /// `tokenProvider`, with what it already answered (the bootstrap asked it for its prefetch).
    pub(super) fn set_provider(&self, provider: Option<js_sys::Function>, answer: Option<String>) {
        let mut t = self.state.borrow_mut();
        t.provider = provider;
        t.provided = token_of(answer);
    }

    /// Asks the provider when the settings have no token and none is being asked for.
    pub(super) fn ask_if_missing(&self) {
        if self.settings.with_untracked(RawSettings::needs_token) {
            self.ask(false);
        }
    }

    /// Sees the widget's events before the host does. A 401 with a provider not yet asked again
    /// asks it once more and sends the request again with its answer: the event is then handled
    /// here (returns true) instead of reaching the host. A load resets that one retry.
    pub(super) fn intercept(&self, e: &WidgetEvent) -> bool {
        match e {
            WidgetEvent::Failed(f) if f.kind == ErrorKind::Auth => {
                let retry = {
                    let mut t = self.state.borrow_mut();
                    let first = t.provider.is_some() && !t.retried_after_401;
                    if first {
                        t.retried_after_401 = true;
                        t.provided = None;
                    }
                    first
                };
                retry && self.ask(true)
            }
            WidgetEvent::Loaded { .. } => {
                self.state.borrow_mut().retried_after_401 = false;
                false
            }
            _ => false,
        }
    }

    /// Asks the host's `tokenProvider` (sync or async) for a token, then applies it and, with
    /// `then_refresh` (after a 401), sends the request again. Returns false when there is no provider.
    fn ask(&self, then_refresh: bool) -> bool {
        let Some(provider) = self.state.borrow().provider.clone() else { return false };
        self.state.borrow_mut().asking = true;
        self.settings.update(|s| s.awaiting_token = true);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = match provider.call0(&JsValue::NULL) {
                Ok(v) if v.has_type::<js_sys::Promise>() => {
                    wasm_bindgen_futures::JsFuture::from(v.unchecked_into::<js_sys::Promise>()).await.ok()
                }
                Ok(v) => Some(v),
                Err(_) => None,
            };
            let token = token_of(answer.and_then(|v| v.as_string()));
            {
                let mut t = this.state.borrow_mut();
                t.asking = false;
                if token.is_some() {
                    t.provided = token.clone();
                }
            }
            this.settings.update(|s| {
                s.awaiting_token = false;
                if token.is_some() {
                    s.token = token;
                }
            });
            if then_refresh {
                this.refresh.update(|n| *n += 1);
            }
        });
        true
    }
}
