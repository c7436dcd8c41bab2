//! The only code that does IO: one GET per page, with gloo-net.
//!
//! Each request has its own `AbortController` (held by [`Cancel`]) so a superseded or
//! unmounted request is really cancelled, and a timer that aborts it after [`TIMEOUT_SECS`].

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

use super::contract::{ACCEPT, RETRY_AFTER_HEADER, TOKEN_HEADER, TRACE_HEADER};
use super::convert::{decode_page, problems_from_body};
use super::error::Error;
use super::query::InteractionsRequest;
use crate::model::Page;

/// Default time limit for one request.
pub const TIMEOUT_SECS: u32 = 20;

/// Cancels one request. Cheap to clone; aborting twice is harmless.
#[derive(Clone, Debug)]
pub struct Cancel {
    controller: Option<AbortController>,
}

impl Default for Cancel {
    fn default() -> Self {
        Self::new()
    }
}

impl Cancel {
    pub fn new() -> Self {
        Self { controller: AbortController::new().ok() }
    }

    /// Cancels through a controller made elsewhere (the bootstrap's, for its prefetch).
    pub fn from_controller(controller: AbortController) -> Self {
        Self { controller: Some(controller) }
    }

    pub fn abort(&self) {
        if let Some(c) = &self.controller {
            c.abort();
        }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    fn aborted(&self) -> bool {
        self.signal().is_some_and(|s| s.aborted())
    }
}

/// The bootstrap's request for the first page, sent before the wasm was ready
/// (`js/ctrlhub-interactions.js`): its URL, the token it sent and the response on its way.
pub struct Prefetch {
    url: String,
    token: String,
    response: js_sys::Promise,
    cancel: Cancel,
}

impl Prefetch {
    pub fn new(url: String, token: String, response: js_sys::Promise, controller: AbortController) -> Self {
        Self { url, token, response, cancel: Cancel::from_controller(controller) }
    }

    /// The response and its canceller when `req` with `token` is exactly the request the
    /// bootstrap sent; otherwise the prefetch is aborted and `None` returned.
    pub fn matching(self, req: &InteractionsRequest, token: &str) -> Option<(js_sys::Promise, Cancel)> {
        if self.url == req.url() && self.token == token {
            Some((self.response, self.cancel))
        } else {
            self.abort();
            None
        }
    }

    pub fn abort(self) {
        self.cancel.abort();
    }
}

/// Where the element keeps the bootstrap's prefetch until the loader's first request takes it.
#[derive(Clone, Default)]
pub struct PrefetchSlot(Rc<std::cell::RefCell<Option<Prefetch>>>);

impl PrefetchSlot {
    pub fn put(&self, prefetch: Prefetch) {
        if let Some(old) = self.0.borrow_mut().replace(prefetch) {
            old.abort();
        }
    }

    pub fn take(&self) -> Option<Prefetch> {
        self.0.borrow_mut().take()
    }

    /// Aborts the prefetch, if it was not taken.
    pub fn abort(&self) {
        if let Some(p) = self.take() {
            p.abort();
        }
    }
}

/// Aborts the request when the time limit passes; cleared when dropped.
struct Deadline {
    handle: Option<i32>,
    fired: Rc<Cell<bool>>,
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn start(cancel: &Cancel, secs: u32) -> Self {
        let fired = Rc::new(Cell::new(false));
        let flag = fired.clone();
        let on_timeout = cancel.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            on_timeout.abort();
        });
        let ms = i32::try_from(u64::from(secs) * 1000).unwrap_or(i32::MAX);
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms).ok()
        });
        Self { handle, fired, _callback: Some(callback) }
    }

    fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(h), Some(w)) = (self.handle, web_sys::window()) {
            w.clear_timeout_with_handle(h);
        }
    }
}

/// Fetches and decodes one page. Never panics, whatever the server sends.
pub async fn fetch_page(req: &InteractionsRequest, token: &str, cancel: &Cancel) -> Result<Page, Error> {
    let deadline = Deadline::start(cancel, TIMEOUT_SECS);
    let signal = cancel.signal();
    let sent = Request::get(&req.url())
        .header(TOKEN_HEADER, token)
        .header("Accept", ACCEPT)
        .abort_signal(signal.as_ref())
        .send()
        .await;
    let response = sent.map_err(|e| failure(&deadline, cancel, describe(&e)))?;
    read_page(req, response, cancel, deadline).await
}

/// Reads a page from a response already in flight: the bootstrap's prefetch of the first page,
/// sent with the same URL and headers as [`fetch_page`] would (the caller checks that) and aborted
/// through `cancel`, whose controller the bootstrap's fetch listens to.
pub async fn adopt_page(req: &InteractionsRequest, response: js_sys::Promise, cancel: &Cancel) -> Result<Page, Error> {
    let deadline = Deadline::start(cancel, TIMEOUT_SECS);
    let response = match wasm_bindgen_futures::JsFuture::from(response).await {
        Ok(r) => r.dyn_into::<web_sys::Response>().map_err(|_| Error::Network("not a response".into()))?,
        Err(e) => {
            let why = js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
            return Err(failure(&deadline, cancel, why));
        }
    };
    read_page(req, Response::from(response), cancel, deadline).await
}

fn failure(deadline: &Deadline, cancel: &Cancel, why: String) -> Error {
    if deadline.fired() {
        Error::Timeout(TIMEOUT_SECS)
    } else if cancel.aborted() {
        Error::Aborted
    } else {
        Error::Network(why)
    }
}

async fn read_page(
    req: &InteractionsRequest,
    response: Response,
    cancel: &Cancel,
    deadline: Deadline,
) -> Result<Page, Error> {
    let status = response.status();
    let trace_id = header(&response, TRACE_HEADER);
    let retry_after = header(&response, RETRY_AFTER_HEADER);
    let content_type = header(&response, "Content-Type").unwrap_or_default();
    // The body as bytes, copied once into wasm memory: no decoding to a JS string and back.
    let body = response.binary().await.map_err(|e| match failure(&deadline, cancel, describe(&e)) {
        // The connection broke while the body was arriving.
        Error::Network(why) => {
            Error::decode(format!("The response was cut off ({why}).")).with_trace_id(trace_id.clone())
        }
        other => other,
    })?;
    drop(deadline);

    if !(200..300).contains(&status) {
        return Err(Error::Status { status, problems: problems_from_body(&body), trace_id, retry_after });
    }
    if !is_json(&content_type) {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        return Err(Error::decode(format!("Expected JSON but got \"{essence}\".")).with_trace_id(trace_id));
    }
    decode_page(&body, u64::from(req.limit), req.offset).map_err(|e| match e {
        Error::Status { status, problems, retry_after: r, .. } => {
            Error::Status { status, problems, trace_id: None, retry_after: r.or(retry_after.clone()) }
                .with_trace_id(trace_id.clone())
        }
        other => other.with_trace_id(trace_id.clone()),
    })
}

/// Resolves after `ms` milliseconds (for backoff and countdowns); at once without a window.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let ok = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, i32::try_from(ms).unwrap_or(i32::MAX))
                .ok()
        });
        if ok.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A missing content type is tolerated; anything else must be JSON (`application/json`,
/// `application/vnd.api+json`, `…+json`).
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence.is_empty() || essence == "application/json" || essence.ends_with("+json")
}

/// A response header, or `None` (also when CORS hides it).
fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn describe(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/vnd.api+json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json(""));
        assert!(!is_json("text/html"));
    }
}
