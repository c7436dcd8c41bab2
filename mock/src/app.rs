//! The HTTP application: the interactions endpoint, fault injection, the
//! `/__mock/` control endpoints, static files, CORS and `X-Trace-Id`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use crate::data::Dataset;
use crate::document::{list_document, ErrorDocument, JSONAPI_MEDIA_TYPE};
use crate::faults::{FaultKind, FaultQueue};
use crate::net::ConnKill;
use crate::query::parse_query_string;
use crate::rng::Rng;

pub const TRACE_ID_HEADER: &str = "x-trace-id";
pub const SESSION_TOKEN_HEADER: &str = "x-session-token";
/// The most request-log entries kept (oldest dropped first).
pub const REQUEST_LOG_CAP: usize = 10_000;

/// Serve the files of `dir` under the URL path `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticMount {
    pub prefix: String,
    pub dir: PathBuf,
}

impl FromStr for StaticMount {
    type Err = String;

    /// `PREFIX=DIR`, e.g. `/=dist` or `/hosts=tests/e2e/hosts`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (prefix, dir) = s.split_once('=').ok_or_else(|| format!("expected PREFIX=DIR, got '{s}'"))?;
        if dir.is_empty() {
            return Err(format!("empty directory in '{s}'"));
        }
        let trimmed = prefix.trim_end_matches('/');
        let prefix = if trimmed.is_empty() { "/".to_string() } else { trimmed.to_string() };
        if !prefix.starts_with('/') {
            return Err(format!("the URL prefix must start with '/', got '{prefix}'"));
        }
        if prefix.contains(['{', '}', '*', '?', '#']) {
            return Err(format!("the URL prefix '{prefix}' contains a reserved character"));
        }
        for reserved in ["/v3", "/__mock"] {
            if prefix == reserved || prefix.starts_with(&format!("{reserved}/")) {
                return Err(format!("the URL prefix '{prefix}' is reserved for the API"));
            }
        }
        Ok(Self { prefix, dir: PathBuf::from(dir) })
    }
}

/// Server settings that are not part of the data set.
#[derive(Debug, Clone)]
pub struct Settings {
    pub org_id: String,
    /// Accepted `X-Session-Token` values (the first is the demo token).
    pub tokens: Vec<String>,
    /// Delay added to every API response.
    pub latency: Duration,
    pub statics: Vec<StaticMount>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            org_id: "demo-org".into(),
            tokens: vec!["demo-token".into()],
            latency: Duration::ZERO,
            statics: Vec::new(),
        }
    }
}

impl Settings {
    /// Check the settings before building a router.
    pub fn validate(&self) -> Result<(), String> {
        if self.tokens.iter().all(|t| t.trim().is_empty()) {
            return Err("at least one non-empty --token is needed".into());
        }
        if self.org_id.is_empty() || self.org_id.contains('/') {
            return Err(format!("invalid --org '{}'", self.org_id));
        }
        let mut seen = std::collections::HashSet::new();
        for m in &self.statics {
            if !seen.insert(m.prefix.as_str()) {
                return Err(format!("--static prefix '{}' given twice", m.prefix));
            }
        }
        Ok(())
    }
}

/// One API request as seen by the mock.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The raw query string ("" when none).
    pub query: String,
    pub has_token: bool,
    /// The status sent; null when the connection was reset.
    pub status: Option<u16>,
    /// The injected fault, if any.
    pub fault: Option<String>,
    pub trace_id: String,
}

/// The API requests seen so far, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<Vec<RequestRecord>>,
}

impl RequestLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<RequestRecord>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn push(&self, record: RequestRecord) {
        let mut entries = self.lock();
        if entries.len() >= REQUEST_LOG_CAP {
            entries.remove(0);
        }
        entries.push(record);
    }

    pub fn snapshot(&self) -> Vec<RequestRecord> {
        self.lock().clone()
    }

    /// Remove every entry; returns how many there were.
    pub fn clear(&self) -> usize {
        let mut entries = self.lock();
        let n = entries.len();
        entries.clear();
        n
    }
}

/// Shared state of every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub data: Arc<Dataset>,
    pub settings: Arc<Settings>,
    pub faults: Arc<FaultQueue>,
    pub log: Arc<RequestLog>,
}

impl AppState {
    /// `fault` is the start-up default (`--fault`), applied whenever no
    /// fault is queued.
    pub fn new(data: Dataset, settings: Settings, fault: Option<FaultKind>) -> Self {
        Self {
            data: Arc::new(data),
            settings: Arc::new(settings),
            faults: Arc::new(FaultQueue::new(fault)),
            log: Arc::new(RequestLog::default()),
        }
    }
}

/// The trace id of the current request (set by the trace middleware).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceId(pub String);

/// A fresh 32-hex-digit trace id.
pub fn new_trace_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        nanos ^ u64::from(std::process::id()).rotate_left(32)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut rng = Rng::new(start ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

async fn trace_middleware(mut req: Request, next: Next) -> Response {
    let id = new_trace_id();
    req.extensions_mut().insert(TraceId(id.clone()));
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(TRACE_ID_HEADER, v);
    }
    resp
}

/// The CORS policy: open to any origin, exposes `X-Trace-Id` and `Retry-After`.
pub fn cors_layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([HeaderName::from_static(SESSION_TOKEN_HEADER), header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([HeaderName::from_static(TRACE_ID_HEADER), header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .route("/v3/orgs/{org_id}/customers/interactions", get(interactions))
        .route("/v3/orgs/{org_id}/customer-interactions", get(interactions))
        .route("/__mock/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/__mock/requests", get(list_requests).delete(clear_requests))
        .route("/__mock/health", get(|| async { "ok" }))
        .route("/__mock/demo", get(demo))
        .route("/__mock/xss.js", get(xss_trap));

    let mut has_root = false;
    for mount in &state.settings.statics {
        let serve_dir = ServeDir::new(&mount.dir).append_index_html_on_directories(true);
        if mount.prefix == "/" {
            if !has_root {
                app = app.fallback_service(serve_dir);
                has_root = true;
            }
        } else {
            app = app.nest_service(&mount.prefix, serve_dir);
        }
    }
    if !has_root {
        app = app.fallback(not_found);
    }

    app.with_state(state).layer(cors_layer()).layer(middleware::from_fn(trace_middleware))
}

/// A JSON:API response.
pub fn jsonapi_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static(JSONAPI_MEDIA_TYPE))], bytes).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn error_response(status: StatusCode, title: &str, detail: impl Into<String>) -> Response {
    jsonapi_response(status, &ErrorDocument::single(status.as_u16(), title, detail))
}

async fn not_found(req: Request) -> Response {
    error_response(StatusCode::NOT_FOUND, "Not Found", format!("No route for {} {}", req.method(), req.uri().path()))
}

fn session_token(parts: &Parts) -> Option<&str> {
    parts.headers.get(SESSION_TOKEN_HEADER).and_then(|v| v.to_str().ok()).map(str::trim).filter(|t| !t.is_empty())
}

/// `GET /v3/orgs/{org_id}/customers/interactions` (and the legacy path).
async fn interactions(State(state): State<AppState>, Path(org_id): Path<String>, parts: Parts) -> Response {
    let fault = state.faults.take();
    let trace_id = parts.extensions.get::<TraceId>().map(|t| t.0.clone()).unwrap_or_default();
    let mut record = RequestRecord {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        has_token: session_token(&parts).is_some(),
        status: None,
        fault: fault.map(|f| f.to_string()),
        trace_id,
    };

    if !state.settings.latency.is_zero() {
        tokio::time::sleep(state.settings.latency).await;
    }

    let response = match fault {
        None => list(&state, &org_id, &parts),
        Some(FaultKind::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            list(&state, &org_id, &parts)
        }
        Some(FaultKind::Status(code)) => status_fault(code),
        Some(FaultKind::Truncated) => truncate(list(&state, &org_id, &parts)).await,
        Some(FaultKind::NonJson) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], NON_JSON_BODY).into_response()
        }
        Some(FaultKind::Errors200) => jsonapi_response(
            StatusCode::OK,
            &ErrorDocument::single(
                500,
                "Internal Server Error",
                "An unexpected error occurred while listing customer interactions.",
            ),
        ),
        Some(FaultKind::Reset) => match parts.extensions.get::<ConnectInfo<ConnKill>>() {
            Some(ConnectInfo(kill)) => {
                kill.kill();
                state.log.push(record);
                // Never written: the connection is closed instead.
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            // Not served over a real connection (e.g. in tests): skip the fault.
            None => list(&state, &org_id, &parts),
        },
    };
    record.status = Some(response.status().as_u16());
    state.log.push(record);
    response
}

/// The normal answer of the list endpoint.
fn list(state: &AppState, org_id: &str, parts: &Parts) -> Response {
    let settings = &state.settings;
    match session_token(parts) {
        None => {
            return error_response(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "The X-Session-Token header is missing or empty.",
            )
        }
        Some(token) if !settings.tokens.iter().any(|t| t == token) => {
            return error_response(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "The session token is invalid or has expired.",
            )
        }
        Some(_) => {}
    }
    if org_id != settings.org_id {
        return error_response(
            StatusCode::NOT_FOUND,
            "Not Found",
            format!("The organisation '{org_id}' does not exist or you do not have access to it."),
        );
    }
    let query = match parse_query_string(parts.uri.query()) {
        Ok(q) => q,
        Err(e) => {
            return jsonapi_response(StatusCode::BAD_REQUEST, &ErrorDocument::bad_parameter(e.parameter, e.detail))
        }
    };
    let data = &state.data;
    let (total, items) = data.select(&query.filters, query.offset, query.limit);
    let doc = list_document(data, &items, total, query.limit, query.offset, query.include.as_deref());
    jsonapi_response(StatusCode::OK, &doc)
}

const NON_JSON_BODY: &str = "<!DOCTYPE html>\n<html><head><title>Ctrl Hub - Maintenance</title></head>\
<body><h1>We'll be back soon</h1><p>Ctrl Hub is undergoing scheduled maintenance.</p></body></html>\n";

const BAD_GATEWAY_BODY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The canned response of a status fault.
fn status_fault(code: u16) -> Response {
    match code {
        401 => {
            error_response(StatusCode::UNAUTHORIZED, "Unauthorized", "The session has expired. Please sign in again.")
        }
        403 => error_response(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "You do not have permission to view customer interactions in this organisation.",
        ),
        404 => error_response(
            StatusCode::NOT_FOUND,
            "Not Found",
            "The organisation does not exist or you do not have access to it.",
        ),
        429 => {
            let mut resp = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests",
                "Rate limit exceeded. Retry after 2 seconds.",
            );
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            resp
        }
        502 => (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], BAD_GATEWAY_BODY).into_response(),
        503 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain")],
            "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
        )
            .into_response(),
        // 500 and anything else: no body at all.
        _ => StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}

/// Keep the status and headers, cut the body in half.
async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(half))
}

fn control_error(detail: impl Into<String>) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": detail.into() }))).into_response()
}

fn faults_state(state: &AppState) -> serde_json::Value {
    json!({
        "queued": state.faults.snapshot(),
        "default": state.faults.default_fault(),
    })
}

/// `POST /__mock/faults?kind=500&times=1`
async fn add_fault(State(state): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    let Some(kind) = params.get("kind") else {
        return control_error("missing ?kind=");
    };
    let kind = match kind.parse::<FaultKind>() {
        Ok(k) => k,
        Err(e) => return control_error(e),
    };
    let times = match params.get("times").map(|t| t.trim().parse::<u32>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => return control_error("times must be an integer >= 0 (0 = until cleared)"),
    };
    state.faults.push(kind, times);
    Json(faults_state(&state)).into_response()
}

async fn list_faults(State(state): State<AppState>) -> Response {
    Json(faults_state(&state)).into_response()
}

async fn clear_faults(State(state): State<AppState>) -> Response {
    state.faults.clear();
    Json(faults_state(&state)).into_response()
}

async fn list_requests(State(state): State<AppState>) -> Response {
    Json(state.log.snapshot()).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> Response {
    let cleared = state.log.clear();
    Json(json!({ "cleared": cleared })).into_response()
}

/// `GET /__mock/xss.js`: what the `--hostile` payloads load. If it ever runs, it says so in
/// `window.__xss` (and in the console), which the hostile e2e spec checks.
async fn xss_trap() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        "window.__xss = (window.__xss || []).concat('xss.js');\nconsole.error('XSS: /__mock/xss.js ran');\n",
    )
        .into_response()
}

async fn demo(State(state): State<AppState>) -> Response {
    Json(json!({
        "org_id": state.settings.org_id,
        "token": state.settings.tokens.first(),
        "api_base": "",
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_mount_parsing() {
        assert_eq!("/=dist".parse::<StaticMount>().unwrap(), StaticMount { prefix: "/".into(), dir: "dist".into() });
        assert_eq!("/hosts/=tests/e2e/hosts".parse::<StaticMount>().unwrap().prefix, "/hosts");
        assert_eq!("=dist".parse::<StaticMount>().unwrap().prefix, "/");
        for bad in ["dist", "/x=", "hosts=dir", "/v3=dir", "/__mock/x=dir", "/{a}=dir"] {
            assert!(bad.parse::<StaticMount>().is_err(), "{bad}");
        }
    }

    #[test]
    fn trace_ids_are_32_hex_and_unique() {
        let a = new_trace_id();
        let b = new_trace_id();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }

    #[test]
    fn settings_validation() {
        assert!(Settings::default().validate().is_ok());
        let s = Settings { tokens: vec![" ".into()], ..Settings::default() };
        assert!(s.validate().is_err());
        let s = Settings { statics: vec!["/a=x".parse().unwrap(), "/a/=y".parse().unwrap()], ..Settings::default() };
        assert!(s.validate().is_err());
    }
}
