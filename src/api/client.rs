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
    let fail = |e: gloo_net::Error| -> Error {
        if deadline.fired() {
            Error::Timeout(TIMEOUT_SECS)
        } else if cancel.aborted() {
            Error::Aborted
        } else {
            Error::Network(describe(&e))
        }
    };
    let signal = cancel.signal();
    let response = Request::get(&req.url())
        .header(TOKEN_HEADER, token)
        .header("Accept", ACCEPT)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(fail)?;
    let status = response.status();
    let trace_id = header(&response, TRACE_HEADER);
    let retry_after = header(&response, RETRY_AFTER_HEADER);
    let content_type = header(&response, "Content-Type").unwrap_or_default();
    // The body as bytes, copied once into wasm memory: no decoding to a JS string and back.
    let body = response.binary().await.map_err(|e| match fail(e) {
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
