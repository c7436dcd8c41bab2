//! Integration tests of the router (via `tower::ServiceExt::oneshot`) and of
//! the real server over TCP.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Utc};
use ctrlhub_mock::{router, AppState, Dataset, GenConfig, Settings};
use serde_json::Value;
use tower::ServiceExt;

const NOW: &str = "2025-06-01T12:00:00Z";
const TOKEN: &str = "demo-token";
const BASE: &str = "/v3/orgs/demo-org/customers/interactions";
const ALL_INCLUDES: &str = "account,author,contact,organisation,property,representative";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW).expect("valid time").with_timezone(&Utc)
}

fn state_with(seed: u64, size: usize, settings: Settings) -> AppState {
    let data = Dataset::generate(&GenConfig { seed, size, now: now(), org_id: settings.org_id.clone() });
    AppState::new(data, settings, None)
}

fn state() -> AppState {
    state_with(42, 2500, Settings::default())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.expect("body").to_vec();
    Reply { status, headers, body }
}

async fn get(app: &Router, uri: &str, token: Option<&str>) -> Reply {
    let mut req = Request::builder().uri(uri);
    if let Some(t) = token {
        req = req.header("X-Session-Token", t);
    }
    send(app, req.body(Body::empty()).expect("request")).await
}

async fn api(app: &Router, query: &str) -> Reply {
    let uri = if query.is_empty() { BASE.to_string() } else { format!("{BASE}?{query}") };
    get(app, &uri, Some(TOKEN)).await
}

async fn control(app: &Router, method: Method, uri: &str) -> Reply {
    send(app, Request::builder().method(method).uri(uri).body(Body::empty()).expect("request")).await
}

fn is_trace_id(s: Option<&str>) -> bool {
    s.is_some_and(|s| s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_uuid(s: &str) -> bool {
    let lens: Vec<usize> = s.split('-').map(str::len).collect();
    lens == [8, 4, 4, 4, 12] && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

fn is_rfc3339_z(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.ends_with('Z') && DateTime::parse_from_rfc3339(s).is_ok())
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}

fn assert_error(reply: &Reply, status: u16, parameter: Option<&str>) -> Value {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/vnd.api+json"));
    assert!(is_trace_id(reply.header("x-trace-id")));
    let v = reply.json();
    let err = &v["errors"][0];
    assert_eq!(err["status"], status.to_string());
    assert!(err["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(err["detail"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(v["jsonapi"]["version"], "1.0");
    if let Some(p) = parameter {
        assert_eq!(err["source"]["parameter"], p, "{v}");
    }
    v
}

/// Every interaction id of the unfiltered data set, newest first.
async fn all_items(app: &Router) -> Vec<Value> {
    let v = api(app, "limit=100000").await.json();
    v["data"].as_array().expect("data").clone()
}

#[tokio::test]
async fn unauthorized_without_token() {
    let app = router(state());
    let r = get(&app, BASE, None).await;
    let v = assert_error(&r, 401, None);
    assert_eq!(v["errors"][0]["title"], "Unauthorized");
    let r = get(&app, BASE, Some("")).await;
    assert_error(&r, 401, None);
}

#[tokio::test]
async fn unauthorized_with_wrong_token() {
    let app = router(state());
    let r = get(&app, BASE, Some("not-the-token")).await;
    assert_error(&r, 401, None);
}

#[tokio::test]
async fn extra_tokens_are_accepted() {
    let settings = Settings { tokens: vec!["alpha".into(), "beta".into()], ..Settings::default() };
    let app = router(state_with(42, 100, settings));
    assert_eq!(get(&app, BASE, Some("beta")).await.status, StatusCode::OK);
    assert_eq!(get(&app, BASE, Some("alpha")).await.status, StatusCode::OK);
    assert_error(&get(&app, BASE, Some(TOKEN)).await, 401, None);
    let demo = control(&app, Method::GET, "/__mock/demo").await.json();
    assert_eq!(demo["token"], "alpha");
}

#[tokio::test]
async fn unknown_org_is_404() {
    let app = router(state());
    let r = get(&app, "/v3/orgs/other-org/customers/interactions", Some(TOKEN)).await;
    let v = assert_error(&r, 404, None);
    assert_eq!(v["errors"][0]["title"], "Not Found");
    assert!(v["errors"][0]["detail"].as_str().is_some_and(|d| d.contains("organisation")));
}

#[tokio::test]
async fn seed_query_full_document_shape() {
    let app = router(state());
    let first = all_items(&app).await;
    let contact_id =
        first.iter().find_map(|i| i["relationships"]["contact"]["data"]["id"].as_str()).expect("a contact");
    let query = format!("include={ALL_INCLUDES}&filter=contact_in('{contact_id}')&limit=2&offset=1");
    let r = api(&app, &query).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/vnd.api+json"));
    assert!(is_trace_id(r.header("x-trace-id")));
    let v = r.json();
    assert_eq!(keys(&v), ["data", "included", "meta", "jsonapi"]);
    assert_eq!(v["jsonapi"]["version"], "1.0");

    let data = v["data"].as_array().expect("data");
    assert!(!data.is_empty() && data.len() <= 2);
    for item in data {
        assert_eq!(keys(item), ["id", "type", "attributes", "meta", "relationships"]);
        assert!(is_uuid(item["id"].as_str().expect("id")));
        assert_eq!(item["type"], "customer-interactions");
        let a = &item["attributes"];
        assert_eq!(keys(a), ["method", "direction", "date_time", "contacted", "status", "notes"]);
        assert!(["letter", "email", "telephone", "sms"].contains(&a["method"].as_str().expect("method")));
        assert!(["inbound", "outbound"].contains(&a["direction"].as_str().expect("direction")));
        assert!(is_rfc3339_z(&a["date_time"]));
        assert!(a["contacted"].is_boolean());
        assert!(a["status"].is_string());
        assert!(a["notes"].is_string() || a["notes"].is_null());
        let m = &item["meta"];
        assert_eq!(keys(m), ["created_at", "updated_at", "modified_at"]);
        for k in ["created_at", "updated_at", "modified_at"] {
            assert!(is_rfc3339_z(&m[k]), "{k}");
        }
        let rels = &item["relationships"];
        assert_eq!(keys(rels), ["author", "organisation", "representative", "account", "contact", "property"]);
        let expected_types = [
            ("author", "users"),
            ("organisation", "organisations"),
            ("representative", "users"),
            ("account", "customer-accounts"),
            ("contact", "contacts"),
            ("property", "properties"),
        ];
        for (rel, ty) in expected_types {
            let d = &rels[rel]["data"];
            assert!(d.is_null() || d["type"] == ty, "{rel}: {d}");
            if !d.is_null() {
                assert!(d["id"].is_string());
            }
        }
        assert_eq!(rels["contact"]["data"]["id"], contact_id);
        assert_eq!(rels["organisation"]["data"]["id"], "demo-org");
    }

    let meta = &v["meta"];
    let p = &meta["pagination"];
    assert_eq!(keys(p), ["counts", "current_page", "offsets", "requested"]);
    let resources = p["counts"]["resources"].as_u64().expect("resources");
    assert!(resources >= 2);
    assert_eq!(p["counts"]["pages"], resources.div_ceil(2));
    assert_eq!(p["current_page"], 1);
    assert_eq!(p["offsets"]["previous"], 0);
    if resources > 3 {
        assert_eq!(p["offsets"]["next"], 3);
    } else {
        assert!(p["offsets"]["next"].is_null());
    }
    assert_eq!(p["requested"]["limit"], 2);
    assert_eq!(p["requested"]["offset"], 1);
    assert_eq!(
        meta["features"]["include"]["options"],
        serde_json::json!(["account", "author", "contact", "organisation", "property", "representative"])
    );
}

#[tokio::test]
async fn include_resolution_is_complete_and_unique() {
    let app = router(state());
    let v = api(&app, &format!("include={ALL_INCLUDES}&limit=60&offset=7")).await.json();
    let included = v["included"].as_array().expect("included");
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for r in included {
        let key = (r["type"].as_str().expect("type").to_string(), r["id"].as_str().expect("id").to_string());
        *counts.entry(key).or_default() += 1;
    }
    assert!(counts.values().all(|n| *n == 1), "duplicates in included");
    let mut referenced = HashSet::new();
    for item in v["data"].as_array().expect("data") {
        for (_, rel) in item["relationships"].as_object().expect("rels") {
            let d = &rel["data"];
            if d.is_null() {
                continue;
            }
            let key = (d["type"].as_str().expect("type").to_string(), d["id"].as_str().expect("id").to_string());
            assert_eq!(counts.get(&key), Some(&1), "{key:?} not included");
            referenced.insert(key);
        }
    }
    assert_eq!(referenced.len(), counts.len(), "included has unreferenced resources");

    // Shapes of each included type.
    for r in included {
        match r["type"].as_str().expect("type") {
            "contacts" => assert_eq!(
                keys(&r["attributes"]),
                ["association", "salutation", "first_name", "last_name", "email", "telephone"]
            ),
            "properties" => {
                let a = &r["attributes"];
                assert_eq!(
                    keys(&a["address"]),
                    [
                        "description",
                        "department",
                        "organisation",
                        "number",
                        "name",
                        "thoroughfare",
                        "dependent_thoroughfare",
                        "post_town",
                        "postcode",
                        "po_box",
                        "country"
                    ]
                );
                assert_eq!(a["address"]["country"], "United Kingdom");
                assert!(a["uprn"].is_u64());
                assert!(a["psr"]["indicator"].is_boolean());
                assert!(a["meters"].as_array().is_some_and(|m| !m.is_empty()));
                assert!(a["location"]["latitude"].is_f64());
                assert!(a["location"]["longitude"].is_f64());
            }
            "users" => {
                let a = &r["attributes"];
                assert!(a["email"].is_string());
                let p = &a["profile"];
                for k in ["first_name", "last_name", "username"] {
                    assert!(p["personal"][k].is_string(), "{k}");
                }
                assert_eq!(p["settings"]["timezone"], "Europe/London");
                assert!(p["settings"]["preferred_language"].is_string());
            }
            "customer-accounts" => {
                assert!(r.get("attributes").is_none());
                assert!(r["meta"]["created_at"].is_string());
            }
            "organisations" => {
                assert_eq!(r["attributes"]["name"], "Demo Utilities Ltd");
                assert!(r["attributes"]["slug"].is_string());
                assert!(r["attributes"]["description"].is_string());
            }
            other => panic!("unexpected type {other}"),
        }
    }
}

#[tokio::test]
async fn include_only_requested_relationships() {
    let app = router(state());
    let v = api(&app, "include=author&limit=50").await.json();
    let authors: HashSet<&str> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|i| i["relationships"]["author"]["data"]["id"].as_str())
        .collect();
    let included = v["included"].as_array().expect("included");
    assert!(included.iter().all(|r| r["type"] == "users"));
    let ids: HashSet<&str> = included.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, authors);

    let none = api(&app, "limit=5").await.json();
    assert!(none.get("included").is_none());
    let blank = api(&app, "limit=5&include=").await.json();
    assert!(blank.get("included").is_none());
}

#[tokio::test]
async fn bad_parameters_are_400_with_source() {
    let app = router(state());
    for (query, param) in [
        ("include=contact,meters", "include"),
        ("filter=contact_in(abc)", "filter"),
        ("filter=contact_in('abc'", "filter"),
        ("filter=colour_in('red')", "filter"),
        ("filter=contact_in()", "filter"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
    ] {
        let r = api(&app, query).await;
        assert_error(&r, 400, Some(param));
    }
    // Unknown parameters are ignored.
    assert_eq!(api(&app, "sort=-date_time&page=2").await.status, StatusCode::OK);
}

#[tokio::test]
async fn filter_contact_in_returns_only_that_contact() {
    let app = router(state());
    let all = all_items(&app).await;
    let contact_of = |i: &Value| i["relationships"]["contact"]["data"]["id"].as_str().map(str::to_string);
    let mut per_contact: HashMap<String, usize> = HashMap::new();
    for i in &all {
        if let Some(c) = contact_of(i) {
            *per_contact.entry(c).or_default() += 1;
        }
    }
    let (busiest, expected) =
        per_contact.iter().max_by_key(|(_, n)| **n).map(|(c, n)| (c.clone(), *n)).expect("contacts");
    assert!(expected > 20, "want a contact with several pages");

    let v = api(&app, &format!("filter=contact_in('{busiest}')&limit=1000")).await.json();
    let data = v["data"].as_array().expect("data");
    assert_eq!(data.len(), expected);
    assert!(data.iter().all(|i| contact_of(i).as_deref() == Some(busiest.as_str())));
    assert_eq!(v["meta"]["pagination"]["counts"]["resources"], expected);

    // Percent-encoded form, default page size.
    let v = api(&app, &format!("filter=contact_in(%27{busiest}%27)")).await.json();
    assert_eq!(v["data"].as_array().expect("data").len(), 20);
    assert_eq!(v["meta"]["pagination"]["counts"]["resources"], expected);
    assert_eq!(v["meta"]["pagination"]["counts"]["pages"], expected.div_ceil(20));
}

#[tokio::test]
async fn filter_semantics_or_within_and_across() {
    let app = router(state());
    let all = all_items(&app).await;
    let rel = |i: &Value, r: &str| i["relationships"][r]["data"]["id"].as_str().map(str::to_string);
    let a = rel(&all[0], "contact").expect("contact");
    let b = all.iter().filter_map(|i| rel(i, "contact")).find(|c| *c != a).expect("second contact");
    let count = |pred: &dyn Fn(&Value) -> bool| all.iter().filter(|i| pred(i)).count();
    let resources = |v: &Value| v["meta"]["pagination"]["counts"]["resources"].as_u64().expect("n") as usize;

    let v = api(&app, &format!("filter=contact_in('{a}','{b}')&limit=1")).await.json();
    let want = count(&|i| matches!(rel(i, "contact"), Some(c) if c == a || c == b));
    assert_eq!(resources(&v), want);

    let p = rel(&all[0], "property").expect("property");
    let v = api(&app, &format!("filter=contact_in('{a}'),property_in('{p}')&limit=1")).await.json();
    let want = count(&|i| rel(i, "contact").as_deref() == Some(&a) && rel(i, "property").as_deref() == Some(&p));
    assert_eq!(resources(&v), want);
    assert!(want >= 1);

    let rep = rel(&all[0], "representative").expect("rep");
    let acct = rel(&all[0], "account").expect("account");
    let v = api(&app, &format!("filter=representative_in('{rep}'),account_in('{acct}')&limit=1")).await.json();
    let want =
        count(&|i| rel(i, "representative").as_deref() == Some(&rep) && rel(i, "account").as_deref() == Some(&acct));
    assert_eq!(resources(&v), want);

    let ids = [all[3]["id"].as_str().expect("id"), all[9]["id"].as_str().expect("id")];
    let v = api(&app, &format!("filter=id_in('{}','{}')", ids[0], ids[1])).await.json();
    let got: Vec<&str> = v["data"].as_array().expect("data").iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(got, ids);

    let v = api(&app, "filter=contact_in('no-such-contact')").await.json();
    assert_eq!(resources(&v), 0);
    assert_eq!(v["meta"]["pagination"]["counts"]["pages"], 0);
    assert!(v["data"].as_array().expect("data").is_empty());
}

#[tokio::test]
async fn newest_first_across_pages() {
    let app = router(state());
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let v = api(&app, &format!("limit=500&offset={offset}")).await.json();
        for i in v["data"].as_array().expect("data") {
            seen.push((
                i["attributes"]["date_time"].as_str().expect("dt").to_string(),
                i["id"].as_str().expect("id").to_string(),
            ));
        }
        match v["meta"]["pagination"]["offsets"]["next"].as_u64() {
            Some(n) => offset = n,
            None => break,
        }
    }
    assert_eq!(seen.len(), 2500);
    for w in seen.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (ta, tb) = (DateTime::parse_from_rfc3339(&a.0).expect("a"), DateTime::parse_from_rfc3339(&b.0).expect("b"));
        assert!(ta > tb || (ta == tb && a.1 < b.1), "{a:?} before {b:?}");
    }
    let unique: HashSet<&String> = seen.iter().map(|(_, id)| id).collect();
    assert_eq!(unique.len(), 2500);
}

#[tokio::test]
async fn pagination_defaults_and_beyond_end() {
    let app = router(state());
    let v = api(&app, "").await.json();
    assert_eq!(v["data"].as_array().expect("data").len(), 20);
    let p = &v["meta"]["pagination"];
    assert_eq!(p["counts"]["resources"], 2500);
    assert_eq!(p["counts"]["pages"], 125);
    assert_eq!(p["current_page"], 1);
    assert_eq!(p["offsets"]["next"], 20);
    assert!(p["offsets"]["previous"].is_null());
    assert_eq!(p["requested"]["limit"], 20);
    assert_eq!(p["requested"]["offset"], 0);

    let v = api(&app, "limit=20&offset=2480").await.json();
    let p = &v["meta"]["pagination"];
    assert_eq!(v["data"].as_array().expect("data").len(), 20);
    assert_eq!(p["current_page"], 125);
    assert!(p["offsets"]["next"].is_null());
    assert_eq!(p["offsets"]["previous"], 2460);

    let v = api(&app, "limit=20&offset=5000&include=contact").await.json();
    assert!(v["data"].as_array().expect("data").is_empty());
    assert!(v["included"].as_array().expect("included").is_empty());
    let p = &v["meta"]["pagination"];
    assert_eq!(p["counts"]["resources"], 2500);
    assert_eq!(p["current_page"], 251);
    assert!(p["offsets"]["next"].is_null());
    assert_eq!(p["offsets"]["previous"], 4980);
}

#[tokio::test]
async fn same_seed_same_first_page() {
    let a = router(state());
    let b = router(state());
    let c = router(state_with(7, 2500, Settings::default()));
    let q = format!("include={ALL_INCLUDES}");
    let (pa, pb, pc) = (api(&a, &q).await.json(), api(&b, &q).await.json(), api(&c, &q).await.json());
    assert_eq!(pa, pb);
    assert_ne!(pa["data"], pc["data"]);
}

#[tokio::test]
async fn legacy_path_is_served_too() {
    let app = router(state());
    let new = api(&app, "limit=3").await.json();
    let old = get(&app, "/v3/orgs/demo-org/customer-interactions?limit=3", Some(TOKEN)).await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.json(), new);
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let app = router(state());
    let r = send(
        &app,
        Request::builder()
            .method(Method::OPTIONS)
            .uri(BASE)
            .header("Origin", "http://localhost:3000")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "x-session-token, accept")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let methods = r.header("access-control-allow-methods").expect("methods").to_ascii_uppercase();
    assert!(methods.contains("GET"), "{methods}");
    let headers = r.header("access-control-allow-headers").expect("headers").to_ascii_lowercase();
    for h in ["x-session-token", "content-type", "accept"] {
        assert!(headers.contains(h), "{headers}");
    }
    assert!(is_trace_id(r.header("x-trace-id")));

    let r = send(
        &app,
        Request::builder()
            .uri(BASE)
            .header("Origin", "http://localhost:3000")
            .header("X-Session-Token", TOKEN)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let exposed = r.header("access-control-expose-headers").expect("expose").to_ascii_lowercase();
    assert!(exposed.contains("x-trace-id") && exposed.contains("retry-after"), "{exposed}");

    // Control endpoints are open too.
    let r = send(
        &app,
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/__mock/faults?kind=500")
            .header("Origin", "http://localhost:3000")
            .header("Access-Control-Request-Method", "POST")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r.header("access-control-allow-methods").is_some_and(|m| m.contains("POST")));
}

#[tokio::test]
async fn trace_id_on_every_response() {
    let app = router(state());
    let mut ids = HashSet::new();
    for r in [
        api(&app, "").await,
        get(&app, BASE, None).await,
        api(&app, "limit=0").await,
        get(&app, "/nowhere", None).await,
        control(&app, Method::GET, "/__mock/health").await,
    ] {
        let id = r.header("x-trace-id").map(str::to_string);
        assert!(is_trace_id(id.as_deref()), "{:?}", r.status);
        ids.insert(id);
    }
    assert_eq!(ids.len(), 5, "trace ids must be unique");
}

#[tokio::test]
async fn status_faults_via_control_endpoint() {
    let state = state();
    let app = router(state.clone());
    for code in [401u16, 403, 404, 429, 500, 502, 503] {
        let r = control(&app, Method::POST, &format!("/__mock/faults?kind={code}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = api(&app, "").await;
        assert_eq!(r.status.as_u16(), code);
        assert!(is_trace_id(r.header("x-trace-id")));
        match code {
            429 => {
                assert_eq!(r.header("retry-after"), Some("2"));
                assert_error(&r, 429, None);
            }
            500..=599 => assert!(serde_json::from_slice::<Value>(&r.body).is_err(), "5xx body must not be JSON"),
            _ => {
                assert_error(&r, code, None);
            }
        }
        // One shot only: the next request is normal.
        assert_eq!(api(&app, "").await.status, StatusCode::OK);
    }
    // A fault applies even without a token.
    control(&app, Method::POST, "/__mock/faults?kind=503").await;
    assert_eq!(get(&app, BASE, None).await.status.as_u16(), 503);
}

#[tokio::test]
async fn body_faults_via_control_endpoint() {
    let app = router(state());
    let normal = api(&app, "limit=5").await;

    control(&app, Method::POST, "/__mock/faults?kind=truncated").await;
    let r = api(&app, "limit=5").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/vnd.api+json"));
    assert_eq!(r.body.len(), normal.body.len() / 2);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    control(&app, Method::POST, "/__mock/faults?kind=non-json").await;
    let r = api(&app, "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(r.text().contains("<html>"));

    control(&app, Method::POST, "/__mock/faults?kind=errors-200").await;
    let r = api(&app, "").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert!(v.get("data").is_none());
    assert!(v["errors"][0]["title"].is_string());

    control(&app, Method::POST, "/__mock/faults?kind=slow:150").await;
    let start = Instant::now();
    let r = api(&app, "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(150));

    // Without a real connection `reset` is skipped.
    control(&app, Method::POST, "/__mock/faults?kind=reset").await;
    assert_eq!(api(&app, "").await.status, StatusCode::OK);
}

#[tokio::test]
async fn fault_queue_times_and_clear() {
    let app = router(state());
    control(&app, Method::POST, "/__mock/faults?kind=500&times=2").await;
    control(&app, Method::POST, "/__mock/faults?kind=429").await;
    let listed = control(&app, Method::GET, "/__mock/faults").await.json();
    assert_eq!(listed["queued"][0]["kind"], "500");
    assert_eq!(listed["queued"][0]["remaining"], 2);
    let statuses: Vec<u16> = futures_statuses(&app, 4).await;
    assert_eq!(statuses, [500, 500, 429, 200]);

    control(&app, Method::POST, "/__mock/faults?kind=502&times=0").await;
    assert_eq!(futures_statuses(&app, 3).await, [502, 502, 502]);
    let r = control(&app, Method::DELETE, "/__mock/faults").await;
    assert_eq!(r.json()["queued"], serde_json::json!([]));
    assert_eq!(futures_statuses(&app, 1).await, [200]);

    for bad in ["kind=418", "kind=bogus", "", "kind=500&times=-1"] {
        let r = control(&app, Method::POST, &format!("/__mock/faults?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.json()["error"].is_string());
    }
}

async fn futures_statuses(app: &Router, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(api(app, "").await.status.as_u16());
    }
    out
}

#[tokio::test]
async fn startup_fault_applies_when_queue_empty() {
    let data = Dataset::generate(&GenConfig { seed: 1, size: 50, now: now(), org_id: "demo-org".into() });
    let app = router(AppState::new(data, Settings::default(), Some("503".parse().expect("fault"))));
    assert_eq!(api(&app, "").await.status.as_u16(), 503);
    control(&app, Method::POST, "/__mock/faults?kind=401").await;
    assert_eq!(api(&app, "").await.status.as_u16(), 401);
    assert_eq!(api(&app, "").await.status.as_u16(), 503);
    // Control endpoints are never faulted.
    assert_eq!(control(&app, Method::GET, "/__mock/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn request_log_records_api_requests() {
    let app = router(state());
    api(&app, "limit=3&include=contact").await;
    get(&app, BASE, None).await;
    control(&app, Method::POST, "/__mock/faults?kind=500").await;
    get(&app, "/v3/orgs/demo-org/customer-interactions", Some(TOKEN)).await;
    control(&app, Method::GET, "/__mock/health").await;

    let log = control(&app, Method::GET, "/__mock/requests").await.json();
    let log = log.as_array().expect("array");
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], BASE);
    assert_eq!(log[0]["query"], "limit=3&include=contact");
    assert_eq!(log[0]["has_token"], true);
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[1]["has_token"], false);
    assert_eq!(log[1]["status"], 401);
    assert_eq!(log[1]["query"], "");
    assert_eq!(log[2]["path"], "/v3/orgs/demo-org/customer-interactions");
    assert_eq!(log[2]["status"], 500);
    assert_eq!(log[2]["fault"], "500");
    assert!(is_trace_id(log[2]["trace_id"].as_str()));

    let r = control(&app, Method::DELETE, "/__mock/requests").await;
    assert_eq!(r.json()["cleared"], 3);
    let log = control(&app, Method::GET, "/__mock/requests").await.json();
    assert_eq!(log, serde_json::json!([]));
}

#[tokio::test]
async fn health_and_demo_endpoints() {
    let app = router(state());
    let r = control(&app, Method::GET, "/__mock/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "ok");
    let v = control(&app, Method::GET, "/__mock/demo").await.json();
    assert_eq!(v, serde_json::json!({"org_id": "demo-org", "token": "demo-token", "api_base": ""}));

    let settings = Settings { org_id: "acme".into(), ..Settings::default() };
    let app = router(state_with(42, 10, settings));
    let v = control(&app, Method::GET, "/__mock/demo").await.json();
    assert_eq!(v["org_id"], "acme");
    let r = get(&app, "/v3/orgs/acme/customers/interactions?include=organisation", Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["included"][0]["id"], "acme");
    assert_error(&api(&app, "").await, 404, None);
}

#[tokio::test]
async fn latency_delays_api_responses() {
    let settings = Settings { latency: Duration::from_millis(120), ..Settings::default() };
    let app = router(state_with(42, 50, settings));
    let start = Instant::now();
    assert_eq!(api(&app, "").await.status, StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(120));
    let start = Instant::now();
    control(&app, Method::GET, "/__mock/health").await;
    assert!(start.elapsed() < Duration::from_millis(120));
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrlhub-mock-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[tokio::test]
async fn static_files_are_served() {
    let dist = temp_dir("dist");
    std::fs::write(dist.join("index.html"), "<html>widget</html>").expect("write");
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(dist.join("app.js"), "export {}").expect("write");
    let hosts = temp_dir("hosts");
    std::fs::create_dir_all(hosts.join("plain")).expect("dir");
    std::fs::write(hosts.join("plain").join("index.html"), "<html>host</html>").expect("write");

    let settings = Settings {
        statics: vec![
            format!("/={}", dist.display()).parse().expect("mount"),
            format!("/hosts={}", hosts.display()).parse().expect("mount"),
        ],
        ..Settings::default()
    };
    let app = router(state_with(42, 20, settings));
    let r = get(&app, "/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "<html>widget</html>");
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    let r = get(&app, "/app_bg.wasm", None).await;
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    let r = get(&app, "/app.js", None).await;
    assert!(r.header("content-type").is_some_and(|c| c.contains("javascript")));
    let r = get(&app, "/hosts/plain/", None).await;
    assert_eq!(r.text(), "<html>host</html>");
    assert!(is_trace_id(r.header("x-trace-id")));
    assert_eq!(get(&app, "/missing.txt", None).await.status, StatusCode::NOT_FOUND);
    // The API still wins.
    assert_eq!(api(&app, "").await.status, StatusCode::OK);

    let _ = std::fs::remove_dir_all(&dist);
    let _ = std::fs::remove_dir_all(&hosts);
}

#[tokio::test]
async fn unknown_route_is_jsonapi_404() {
    let app = router(state());
    let r = get(&app, "/v3/orgs/demo-org/customers", Some(TOKEN)).await;
    assert_error(&r, 404, None);
}

/// Raw HTTP/1.1 GET over TCP; returns the whole reply (empty when the
/// connection was closed or reset without a response).
async fn raw_get(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nX-Session-Token: {TOKEN}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[tokio::test]
async fn reset_fault_closes_the_connection_over_tcp() {
    let state = state_with(42, 100, Settings::default());
    let app = router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(ctrlhub_mock::net::serve(listener, app, async {
        let _ = stop_rx.await;
    }));

    let ok = raw_get(addr, BASE).await.expect("normal request");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.to_ascii_lowercase().contains("x-trace-id:"));

    state.faults.push("reset".parse().expect("fault"), 1);
    match raw_get(addr, BASE).await {
        Ok(reply) => assert!(reply.is_empty(), "expected no response, got {reply}"),
        Err(e) => assert!(
            matches!(e.kind(), std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted),
            "{e}"
        ),
    }
    let after = raw_get(addr, BASE).await.expect("request after reset");
    assert!(after.starts_with("HTTP/1.1 200"), "{after}");
    let log = state.log.snapshot();
    assert_eq!(log.len(), 3);
    assert_eq!(log[1].fault.as_deref(), Some("reset"));
    assert_eq!(log[1].status, None);

    let _ = stop_tx.send(());
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("server stops").expect("join").expect("serve ok");
}

#[cfg(unix)]
#[test]
fn binary_prints_address_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_ctrlhub-mock"))
        .args(["--port", "0", "--size", "200", "--now", NOW, "--token", "t1", "--token", "t2"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let line = line.trim_end();
    let rest = line
        .strip_prefix("ctrlhub-mock listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected line {line:?}"));
    let port: u16 = rest.parse().expect("port");

    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(
        b"GET /v3/orgs/demo-org/customers/interactions?limit=1 HTTP/1.1\r\nHost: x\r\nX-Session-Token: t2\r\nConnection: close\r\n\r\n",
    )
    .expect("write");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"resources\":200"), "{reply}");

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(code) = child.try_wait().expect("wait") {
            assert!(code.success(), "{code:?}");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn hostile_app() -> Router {
    let settings = Settings::default();
    let data =
        Dataset::generate_hostile(&GenConfig { seed: 42, size: 300, now: now(), org_id: settings.org_id.clone() });
    router(AppState::new(data, settings, None))
}

#[tokio::test]
async fn hostile_data_is_still_the_api() {
    let app = hostile_app();
    // Authentication and errors as usual.
    assert_error(&get(&app, BASE, None).await, 401, None);
    assert_error(&get(&app, BASE, Some("nope")).await, 401, None);
    assert_error(&get(&app, "/v3/orgs/other/customers/interactions", Some(TOKEN)).await, 404, None);
    assert_error(&api(&app, "limit=0").await, 400, Some("limit"));
    assert_error(&api(&app, "filter=nope('x')").await, 400, Some("filter"));

    // Paging covers every interaction once; pagination meta as usual.
    let first = api(&app, &format!("include={ALL_INCLUDES}&limit=50")).await;
    assert_eq!(first.status, StatusCode::OK);
    let v = first.json();
    let total = v["meta"]["pagination"]["counts"]["resources"].as_u64().expect("resources");
    assert!(total >= 300);
    assert_eq!(v["meta"]["pagination"]["counts"]["pages"].as_u64(), Some(total.div_ceil(50)));
    assert_eq!(v["meta"]["pagination"]["offsets"]["next"], 50);
    assert_eq!(v["data"].as_array().map(Vec::len), Some(50));
    let mut seen = 0;
    let mut offset = 0;
    while offset < total {
        let page = api(&app, &format!("limit=100&offset={offset}")).await.json();
        seen += page["data"].as_array().map_or(0, Vec::len) as u64;
        offset += 100;
    }
    assert_eq!(seen, total);

    // The first page carries the 1 MiB note; the whole set has every payload as a note.
    let newest = api(&app, "limit=1").await.json();
    assert!(newest["data"][0]["attributes"]["notes"].as_str().is_some_and(|n| n.len() >= 1 << 20));
    let all = api(&app, &format!("limit={total}")).await.json();
    let notes: HashSet<&str> =
        all["data"].as_array().expect("data").iter().filter_map(|r| r["attributes"]["notes"].as_str()).collect();
    for p in ctrlhub_mock::hostile::payloads() {
        assert!(notes.contains(p.as_str()), "{p}");
    }

    // A contact filter returns only that contact's interactions, even in hostile data.
    let contact = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .find_map(|r| r["relationships"]["contact"]["data"]["id"].as_str())
        .expect("a contact")
        .to_string();
    let filtered = api(&app, &format!("filter=contact_in('{contact}')&limit=100")).await.json();
    let items = filtered["data"].as_array().expect("data");
    assert!(!items.is_empty());
    for item in items {
        // A quirk may hide the relationships, but never shows another contact.
        if let Some(id) = item["relationships"]["contact"]["data"]["id"].as_str() {
            assert_eq!(id, contact);
        }
    }

    // Relationships to resources left out of `included` (dangling), and duplicates in it.
    let page = api(&app, &format!("include={ALL_INCLUDES}&limit={total}")).await.json();
    let included: Vec<(String, String)> = page["included"]
        .as_array()
        .expect("included")
        .iter()
        .map(|r| (r["type"].as_str().unwrap_or("").to_string(), r["id"].as_str().unwrap_or("").to_string()))
        .collect();
    let unique: HashSet<&(String, String)> = included.iter().collect();
    assert!(unique.len() < included.len(), "some resource is included twice");
    let dangling = page["data"].as_array().expect("data").iter().any(|r| {
        r["relationships"]["contact"]["data"]["id"]
            .as_str()
            .is_some_and(|id| !included.iter().any(|(t, i)| t == "contacts" && i == id))
    });
    assert!(dangling, "some contact relationship points at nothing included");
}

#[tokio::test]
async fn xss_trap_script_is_served() {
    let reply = control(&state_app(), Method::GET, "/__mock/xss.js").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").is_some_and(|c| c.starts_with("text/javascript")));
    assert!(reply.text().contains("window.__xss"));
}

fn state_app() -> Router {
    router(state_with(1, 50, Settings::default()))
}
