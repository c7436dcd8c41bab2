//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown --test wasm`).

// Test code: a panic here is a failed test (clippy.toml allows it in #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use ctrlhub_interactions::element::ElementCore;
use ctrlhub_interactions::model::grouping::{build_timeline, GroupBy};
use ctrlhub_interactions::model::search::highlight;
use ctrlhub_interactions::model::time::FixedZone;
use ctrlhub_interactions::model::window::Heights;
use ctrlhub_interactions::model::{Direction, Interaction, Method, RawSettings, Related};
use ctrlhub_interactions::ui::format::with_decompose;
use ctrlhub_interactions::ui::format::{Formats, Locale};
use ctrlhub_interactions::ui::item::{InteractionItem, ItemText, RowState};
use ctrlhub_interactions::ui::loader::Loaded;
use ctrlhub_interactions::ui::timeline::{Ctx, TimelineView};
use ctrlhub_interactions::ui::{EventSink, Widget, WidgetEvent, WidgetInputs};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_div() -> HtmlElement {
    let div: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Resolves after `ms` milliseconds, letting effects and fetches run.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Polls until `f` holds or ~5 s pass.
async fn until(mut f: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if f() {
            return true;
        }
        sleep(50).await;
    }
    f()
}

fn related(id: &str, label: &str) -> Option<Related> {
    Some(Related { id: id.into(), label: label.into(), resolved: true })
}

fn interaction(id: &str, notes: &str) -> Interaction {
    Interaction {
        id: id.into(),
        method: Method::Email,
        direction: Direction::Inbound,
        date_time: chrono::DateTime::parse_from_rfc3339("2024-03-01T10:30:00Z").ok(),
        date_time_raw: "2024-03-01T10:30:00Z".into(),
        contacted: Some(true),
        status: "completed".into(),
        notes: notes.into(),
        contact: related("c1", "Mrs Ada Lovelace"),
        property: related("p1", "12 Canal Street, Manchester, M1 3HE"),
        representative: related("u1", "Tom Reid"),
        author: None,
        account: None,
        organisation: None,
    }
}

fn query_all(root: &web_sys::Node, selector: &str) -> Vec<Element> {
    let list = match root.dyn_ref::<Element>() {
        Some(e) => e.query_selector_all(selector).unwrap(),
        None => root.unchecked_ref::<web_sys::DocumentFragment>().query_selector_all(selector).unwrap(),
    };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn text(when: &str) -> ItemText {
    ItemText {
        when: when.into(),
        short: when.into(),
        compact: when.into(),
        relative: "2 hours ago".into(),
        overdue: false,
    }
}

/// Mounts a grouped timeline of `items` (grouped by contact, "now" = 2024-06-01).
fn mount_timeline(div: &HtmlElement, items: Vec<Interaction>) -> impl Drop {
    mount_timeline_window(div, items, (f64::NEG_INFINITY, f64::INFINITY))
}

fn mount_timeline_window(div: &HtmlElement, items: Vec<Interaction>, window: (f64, f64)) -> impl Drop {
    let now = chrono::DateTime::parse_from_rfc3339("2024-06-01T00:00:00Z").unwrap().timestamp_millis();
    let indices: Vec<usize> = (0..items.len()).collect();
    let timeline = build_timeline(&items, &indices, GroupBy::Contact, &FixedZone(0), now);
    let ctx = Ctx {
        loaded: std::sync::Arc::new(Loaded { items, ..Default::default() }),
        formats: Rc::new(Formats::new(
            &Locale { locale: Some("en-GB".into()), time_zone: Some("UTC".into()), ..Locale::default() },
            Default::default(),
        )),
        now_ms: now,
        query: String::new(),
        collapsed: RwSignal::new(Default::default()),
        rows: RowState::new(),
        upcoming_all: RwSignal::new(false),
        group_by: GroupBy::Contact,
        on_select: Callback::new(|_| {}),
        on_scope: Callback::new(|_| {}),
    };
    let heights = RwSignal::new(Heights::default());
    let window = Signal::stored(window);
    leptos::mount::mount_to(div.clone(), move || view! { <TimelineView timeline ctx window heights/> })
}

#[wasm_bindgen_test]
async fn item_renders_accessible_name_and_expands_in_place() {
    let div = fresh_div();
    let item = interaction("a", "Rang about the meter");
    let _handle = leptos::mount::mount_to(div.clone(), move || {
        view! { <InteractionItem item text=text("1 Mar 2024, 10:30") position=1 set_size=3/> }
    });
    let articles = query_all(&div, "article");
    assert_eq!(articles.len(), 1);
    let name = articles[0].get_attribute("aria-label").unwrap();
    assert_eq!(name, "Email, inbound, 1 Mar 2024, 10:30");
    let text = articles[0].text_content().unwrap();
    for expected in
        ["Mrs Ada Lovelace", "12 Canal Street", "Tom Reid", "Completed", "Rang about the meter", "2 hours ago"]
    {
        assert!(text.contains(expected), "{expected:?} missing from {text:?}");
    }
    assert_eq!(articles[0].get_attribute("aria-setsize").as_deref(), Some("3"));
    // Collapsed: no controls and no details; a click opens them in place.
    assert!(query_all(&div, "article button, article dl").is_empty());
    let article: HtmlElement = articles[0].clone().unchecked_into();
    article.click();
    sleep(10).await;
    assert_eq!(query_all(&div, "article dl").len(), 1);
    let text = articles[0].text_content().unwrap();
    assert!(text.contains("Contacted") && text.contains("Yes"), "{text:?}");
    article.click();
    sleep(10).await;
    assert!(query_all(&div, "article dl").is_empty());
}

#[wasm_bindgen_test]
fn notes_and_labels_are_rendered_as_text_never_html() {
    let div = fresh_div();
    let mut item = interaction("x", "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>");
    item.contact = related("c", "<b>Bold</b> & co");
    let _handle = leptos::mount::mount_to(div.clone(), move || {
        view! { <InteractionItem item text=text("now") position=1 set_size=1/> }
    });
    assert!(query_all(&div, "img, script, b").is_empty(), "markup was injected");
    let text = div.text_content().unwrap();
    assert!(text.contains("<script>window.__pwned=1</script>"));
    assert!(text.contains("<b>Bold</b> & co"));
}

#[wasm_bindgen_test]
async fn timeline_groups_by_contact_with_disclosure_and_feeds() {
    let div = fresh_div();
    let a = interaction("a", "first");
    let mut b = interaction("b", "second");
    b.contact = related("c2", "Mr Brian Cox");
    b.date_time = chrono::DateTime::parse_from_rfc3339("2024-05-30T09:00:00Z").ok();
    let mut c = interaction("c", "third");
    c.contact = None;
    let _h = mount_timeline(&div, vec![a, b, c]);
    let headings: Vec<String> = query_all(&div, "h3").iter().filter_map(|h| h.text_content()).collect();
    assert_eq!(headings, ["Mr Brian Cox 1 interaction", "Mrs Ada Lovelace 1 interaction", "No contact 1 interaction"]);
    // Each group has its own feed; headings and buttons sit outside it.
    assert_eq!(query_all(&div, "[role=feed]").len(), 3);
    assert!(query_all(&div, "[role=feed] h3, [role=feed] button.ch-disclosure").is_empty());
    let button: HtmlElement = query_all(&div, "h3 button")[0].clone().unchecked_into();
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    button.click();
    sleep(10).await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    let body = document().get_element_by_id(&button.get_attribute("aria-controls").unwrap());
    let body = body
        .or_else(|| div.query_selector(&format!("#{}", button.get_attribute("aria-controls").unwrap())).ok().flatten());
    assert!(body.unwrap().has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn no_inner_html_anywhere() {
    // Trusted Types pages block innerHTML; our views must never use it (see src/ui/mod.rs).
    js_sys::Function::new_no_args(
        "if (!window.__innerHtmlTrap) {
           window.__innerHtmlWrites = 0;
           const d = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
           Object.defineProperty(Element.prototype, 'innerHTML', {
             get: d.get, configurable: true,
             set(v) { window.__innerHtmlWrites++; d.set.call(this, v); },
           });
           window.__innerHtmlTrap = true;
         }",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let writes =
        || js_sys::Reflect::get(&web_sys::window().unwrap(), &"__innerHtmlWrites".into()).unwrap().as_f64().unwrap();
    let before = writes();

    let div = fresh_div();
    let _timeline = mount_timeline(&div, vec![interaction("a", "notes"), interaction("b", "")]);
    // A widget that fails (nothing listens on port 9) renders the error state too.
    let settings = RawSettings {
        org_id: Some("demo-org".into()),
        api_base: Some("http://127.0.0.1:9".into()),
        token: Some("t".into()),
        ..Default::default()
    };
    let div2 = fresh_div();
    let _widget = leptos::mount::mount_to(div2.clone(), move || {
        view! { <Widget inputs=WidgetInputs::new(Signal::stored(settings), EventSink::none())/> }
    });
    assert!(until(|| !query_all(&div2, "[role=alert]").is_empty()).await, "error state never shown");
    let div3 = fresh_div();
    let _site = leptos::mount::mount_to(div3.clone(), ctrlhub_interactions::ui::site::Site);
    assert!(!query_all(&div3, "form").is_empty());

    assert_eq!(writes(), before, "a view wrote innerHTML");
}

#[wasm_bindgen_test]
async fn unreachable_api_shows_alert_with_try_again_and_reports_network_error() {
    let div = fresh_div();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = {
        let events = events.clone();
        EventSink::new(move |e| events.borrow_mut().push(e))
    };
    let settings = RawSettings {
        org_id: Some("demo-org".into()),
        api_base: Some("http://127.0.0.1:9".into()),
        token: Some("t".into()),
        ..Default::default()
    };
    let _h = leptos::mount::mount_to(
        div.clone(),
        move || view! { <Widget inputs=WidgetInputs::new(Signal::stored(settings), sink)/> },
    );
    assert!(until(|| !query_all(&div, "[role=alert]").is_empty()).await);
    let alert = &query_all(&div, "[role=alert]")[0];
    assert!(alert.text_content().unwrap().contains("Could not reach Ctrl Hub"));
    let buttons: Vec<String> = query_all(alert, "button").iter().filter_map(|b| b.text_content()).collect();
    assert_eq!(buttons, ["Try again"]);
    let status = query_all(&div, "[role=status]")[0].text_content().unwrap();
    assert_eq!(status, "Could not load interactions");
    let kinds: Vec<String> = events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            WidgetEvent::Failed(f) => Some(f.kind.as_str().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["network"]);
}

#[wasm_bindgen_test]
async fn element_core_without_org_id_shows_config_error_in_its_shadow_root() {
    let host = fresh_div();
    let seen = Rc::new(RefCell::new(None::<String>));
    let listener = {
        let seen = seen.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let kind = js_sys::Reflect::get(&e.detail(), &"kind".into()).ok().and_then(|k| k.as_string());
            *seen.borrow_mut() = kind;
        })
    };
    host.add_event_listener_with_callback("ctrlhub-error", listener.as_ref().unchecked_ref()).unwrap();

    let mut core = ElementCore::new(host.clone()).unwrap();
    core.connected();
    let shadow = host.shadow_root().expect("open shadow root");
    assert!(until(|| !query_all(&shadow, "[role=alert]").is_empty()).await);
    let text = query_all(&shadow, "[role=alert]")[0].text_content().unwrap();
    assert!(text.contains("No organisation ID"), "{text}");
    assert!(query_all(&shadow, "[role=alert] button").is_empty(), "a config error cannot be retried");
    assert_eq!(seen.borrow().as_deref(), Some("config"));
    assert_eq!(core.state(), "error");
    // Nothing rendered into the light DOM.
    assert_eq!(host.child_element_count(), 0);

    core.disconnected();
    assert!(query_all(&shadow, "section").is_empty(), "unmounted on disconnect");
    drop(listener);
}

#[wasm_bindgen_test]
async fn a_bounded_window_renders_only_nearby_rows_with_padding_for_the_rest() {
    let div = fresh_div();
    let items: Vec<Interaction> = (0..2_000)
        .map(|i| {
            let mut it = interaction(&format!("i{i}"), "notes");
            it.date_time = chrono::DateTime::parse_from_rfc3339("2024-05-30T09:00:00Z")
                .ok()
                .map(|d| d - chrono::Duration::minutes(i64::from(i)));
            it
        })
        .collect();
    let _h = mount_timeline_window(&div, items, (0.0, 800.0));
    sleep(50).await;
    let articles = query_all(&div, "article");
    assert!(!articles.is_empty() && articles.len() < 40, "{} articles rendered", articles.len());
    // The feed still says how many items it has in all, and padding keeps the scroll height.
    assert_eq!(articles[0].get_attribute("aria-setsize").as_deref(), Some("2000"));
    let pads = query_all(&div, ".ch-pad");
    assert!(!pads.is_empty());
    assert!(pads.iter().all(|p| p.get_attribute("aria-hidden").as_deref() == Some("true")));
    let height: f64 = div.get_bounding_client_rect().height();
    assert!(height > 2_000.0 * 40.0, "scroll height {height}");
}

#[wasm_bindgen_test]
fn the_browser_folds_accents_ligatures_and_width_for_search() {
    let hl = |text: &str, q: &str| with_decompose(|d| highlight(text, q, d));
    assert_eq!(hl("Café Zoë", "cafe"), [("Café".to_owned(), true), (" Zoë".to_owned(), false)]);
    assert_eq!(
        hl("ﬁne ＡＢＣ", "fine abc"),
        [("ﬁne".to_owned(), true), (" ".to_owned(), false), ("ＡＢＣ".to_owned(), true)]
    );
    // A combining mark stays with its letter.
    assert_eq!(hl("e\u{301}te", "e"), [("e\u{301}".to_owned(), true), ("t".to_owned(), false), ("e".to_owned(), true)]);
    assert_eq!(hl("Łódź", "lodz"), [("Łódź".to_owned(), true)]);
}
