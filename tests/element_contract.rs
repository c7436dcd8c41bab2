//! One source of truth for the element's public contract: `src/element/contract.rs`.
//!
//! Every other list of the element's names is generated from that table or checked against it in
//! both directions:
//! - the generated block of `js/ctrlhub-interactions.js` and all of `pkg/custom-elements.json` are
//!   written from it (`cargo xtask contract`, which runs this test with `UPDATE_CONTRACT=1`) and
//!   must match byte for byte;
//! - `../shared/ELEMENT.md` (its copy `tests/fixtures/ELEMENT.md`) names exactly its contract and
//!   planned entries, never its extensions;
//! - `style/widget.css` uses exactly its custom properties, `src/ui` renders exactly its parts, the
//!   core dispatches exactly its events, and the docs (README.md and docs/*.md: the embedding
//!   guide, `docs/embedding.md`) name all of them.

// Test code: a panic here is a failed test (clippy.toml allows it in #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ctrlhub_interactions::element::contract::{
    Reflect, Status, ATTRIBUTES, CSS_PROPERTIES, CSS_PROPERTY_NOTE, EVENTS, METHODS, PARTS, PROPERTIES, TAG,
};
use ctrlhub_interactions::element::OBSERVED_ATTRIBUTES;
use ctrlhub_interactions::model::i18n::{Lang, Msg};

const BOOTSTRAP: &str = "js/ctrlhub-interactions.js";
const MANIFEST: &str = "pkg/custom-elements.json";
const BEGIN: &str = "// BEGIN generated from src/element/contract.rs by `cargo xtask contract`: do not edit by hand.\n";
const END: &str = "// END generated\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_CONTRACT").is_some_and(|v| v == "1")
}

/// Compares a generated file with the one checked in, or writes it with `UPDATE_CONTRACT=1`.
fn check_generated(path: &str, want: &str) {
    let have = read(path);
    if have == want {
        return;
    }
    if updating() {
        std::fs::write(root().join(path), want).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    let line = have.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
    panic!(
        "{path} is out of date with src/element/contract.rs (first difference at line {}: have {:?}, want {:?}); \
         run `cargo xtask contract`",
        line + 1,
        have.lines().nth(line),
        want.lines().nth(line)
    );
}

fn shipped<T>(entries: &'static [T], status: impl Fn(&T) -> Status) -> impl Iterator<Item = &'static T> {
    entries.iter().filter(move |e| !matches!(status(e), Status::Planned(_)))
}

// ---------------------------------------------------------------- the bootstrap's generated block

/// `[ 'a', 'b', ... ]` or `{ k: 'v', ... }` items, wrapped at 100 columns with two-space indent.
fn wrap(items: &[String], open: &str, close: &str) -> String {
    let pad = if open == "{" { " " } else { "" };
    let one_line = format!("{open}{pad}{}{pad}{close}", items.join(", "));
    if one_line.len() <= 80 {
        return one_line;
    }
    let mut out = format!("{open}\n");
    let mut line = String::from(" ");
    for item in items {
        if line.len() + item.len() + 2 > 100 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(" ");
        }
        line.push_str(&format!(" {item},"));
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out.push_str(close);
    out
}

fn bootstrap_block() -> String {
    let observed: Vec<String> = shipped(ATTRIBUTES, |a| a.status).map(|a| format!("'{}'", a.name)).collect();
    let mut out = String::from(BEGIN);
    out.push_str("// Attributes the element observes (the core reads the same list: OBSERVED_ATTRIBUTES).\n");
    out.push_str(&format!("const OBSERVED = {};\n", wrap(&observed, "[", "]")));
    out.push_str("// Properties reflected to an attribute of the same meaning, by kind.\n");
    for kind in [Reflect::Text, Reflect::Number, Reflect::Boolean] {
        let pairs: Vec<String> = shipped(ATTRIBUTES, |a| a.status)
            .filter_map(|a| a.property.filter(|p| p.1 == kind).map(|p| format!("{}: '{}'", p.0, a.name)))
            .collect();
        out.push_str(&format!("const {} = {};\n", kind.js_map(), wrap(&pairs, "{", "}")));
    }
    let plain: Vec<String> =
        shipped(PROPERTIES, |p| p.status).filter(|p| !p.readonly).map(|p| format!("'{}'", p.name)).collect();
    out.push_str("// Properties that are never reflected.\n");
    out.push_str(&format!("const PLAIN_PROPS = {};\n", wrap(&plain, "[", "]")));
    out.push_str(END);
    out
}

fn bootstrap_with_block() -> String {
    let js = read(BOOTSTRAP);
    let start = js.find(BEGIN).unwrap_or_else(|| panic!("{BOOTSTRAP} has no line `{}`", BEGIN.trim_end()));
    let end = start + js[start..].find(END).unwrap_or_else(|| panic!("{BOOTSTRAP} has no line `{}`", END.trim_end()));
    format!("{}{}{}", &js[..start], bootstrap_block(), &js[end + END.len()..])
}

#[test]
fn bootstrap_is_generated_from_the_table() {
    check_generated(BOOTSTRAP, &bootstrap_with_block());
    let js = read(BOOTSTRAP);
    assert!(js.contains(&format!("const TAG = '{TAG}';")), "the bootstrap defines {TAG}");
    for p in shipped(PROPERTIES, |p| p.status).filter(|p| p.readonly) {
        assert!(js.contains(&format!("get {}()", p.name)), "the bootstrap has a getter for {}", p.name);
    }
    for m in METHODS {
        assert!(js.contains(&format!("  {}(", m.name)), "the bootstrap defines {}()", m.name);
    }
}

#[test]
fn the_core_observes_the_table() {
    let names: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
    assert_eq!(OBSERVED_ATTRIBUTES.as_slice(), names.as_slice());
    assert!(ATTRIBUTES.iter().all(|a| !matches!(a.status, Status::Planned(_))), "the core reads every attribute");
}

// ---------------------------------------------------------------- custom-elements.json

/// A JSON value that keeps its members in the order written.
enum J {
    S(String),
    B(bool),
    A(Vec<J>),
    O(Vec<(&'static str, J)>),
}

/// The manifest's type of a property: the table's, except `strings`, whose keys are the message ids.
fn property_type(name: &str, table: &str) -> String {
    if name != "strings" {
        return table.to_owned();
    }
    let ids: Vec<String> = Msg::ALL.iter().map(|m| format!("'{}'", m.id())).collect();
    format!("Partial<Record<{}, string>> | null", ids.join(" | "))
}

fn s(text: &str) -> J {
    J::S(text.to_owned())
}

fn ty(text: &str) -> J {
    J::O(vec![("text", s(text))])
}

impl J {
    fn write(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            J::S(text) => out.push_str(&serde_json::to_string(text).unwrap()),
            J::B(b) => out.push_str(if *b { "true" } else { "false" }),
            J::A(items) if items.is_empty() => out.push_str("[]"),
            J::A(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            J::O(members) => {
                out.push_str("{\n");
                for (i, (key, value)) in members.iter().enumerate() {
                    out.push_str(&format!("{}\"{key}\": ", pad(indent + 1)));
                    value.write(out, indent + 1);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
}

fn manifest() -> String {
    let class = "CtrlhubInteractionsElement";
    let module = "ctrlhub-interactions.js";
    let attributes = shipped(ATTRIBUTES, |a| a.status)
        .map(|a| {
            let mut o = vec![("name", s(a.name)), ("description", s(a.description)), ("type", ty(a.ty))];
            if let Some(d) = a.default {
                o.push(("default", s(d)));
            }
            if let Some((field, _)) = a.property {
                o.push(("fieldName", s(field)));
            }
            J::O(o)
        })
        .collect();
    let mut members: Vec<J> = shipped(ATTRIBUTES, |a| a.status)
        .filter_map(|a| {
            let (field, kind) = a.property?;
            let (ty_text, default, reflects) = match kind {
                Reflect::Boolean => {
                    ("boolean".to_owned(), Some("false"), format!("Reflects the `{}` attribute.", a.name))
                }
                _ => (
                    format!("{} | null", a.ty),
                    None,
                    format!("Reflects the `{}` attribute (`null` when it is absent).", a.name),
                ),
            };
            let mut o = vec![
                ("kind", s("field")),
                ("name", s(field)),
                ("type", ty(&ty_text)),
                ("description", s(&format!("{} {reflects}", a.description))),
                ("attribute", s(a.name)),
                ("reflects", J::B(true)),
            ];
            if let Some(d) = default {
                o.push(("default", s(d)));
            }
            Some(J::O(o))
        })
        .collect();
    members.extend(shipped(PROPERTIES, |p| p.status).map(|p| {
        let mut o = vec![("kind", s("field")), ("name", s(p.name)), ("type", ty(&property_type(p.name, p.ty)))];
        if p.readonly {
            o.push(("readonly", J::B(true)));
        }
        o.push(("description", s(p.description)));
        if let Some(d) = p.default {
            o.push(("default", s(d)));
        }
        J::O(o)
    }));
    members.extend(METHODS.iter().map(|m| {
        J::O(vec![
            ("kind", s("method")),
            ("name", s(m.name)),
            ("return", J::O(vec![("type", ty(m.returns))])),
            ("description", s(m.description)),
        ])
    }));
    let events = EVENTS
        .iter()
        .map(|e| {
            J::O(vec![
                ("name", s(e.name)),
                ("description", s(e.description)),
                ("type", ty(&format!("CustomEvent<{}>", e.detail))),
            ])
        })
        .collect();
    let parts = PARTS.iter().map(|p| J::O(vec![("name", s(p.name)), ("description", s(p.description))])).collect();
    let css = shipped(CSS_PROPERTIES, |c| c.status)
        .map(|c| {
            J::O(vec![
                ("name", s(c.name)),
                ("description", s(&format!("{} {CSS_PROPERTY_NOTE}", c.description))),
                ("syntax", s(c.syntax)),
                ("default", s(c.default)),
            ])
        })
        .collect();
    let declaration = |name: &str| J::O(vec![("name", s(name)), ("module", s(module))]);
    let doc = J::O(vec![
        ("schemaVersion", s("2.1.0")),
        ("readme", s("README.md")),
        (
            "modules",
            J::A(vec![J::O(vec![
                ("kind", s("javascript-module")),
                ("path", s(module)),
                (
                    "summary",
                    s("Defines <ctrlhub-interactions> as soon as it is evaluated; loads its WebAssembly core (wasm/, relative to this module) on first connection."),
                ),
                (
                    "declarations",
                    J::A(vec![
                        J::O(vec![
                            ("kind", s("class")),
                            ("customElement", J::B(true)),
                            ("tagName", s(TAG)),
                            ("name", s(class)),
                            (
                                "summary",
                                s("A Ctrl Hub organisation's customer interactions (letters, emails, calls, texts) as a timeline."),
                            ),
                            (
                                "description",
                                s("Renders in an open shadow root: page CSS does not reach it and its CSS does not leak; style it through the `--ctrlhub-*` custom properties and the parts. Frameworks should set `sessionToken`, `tokenProvider` and `scope` as properties."),
                            ),
                            ("superclass", J::O(vec![("name", s("HTMLElement")), ("package", s("global:"))])),
                            ("attributes", J::A(attributes)),
                            ("members", J::A(members)),
                            ("events", J::A(events)),
                            ("cssParts", J::A(parts)),
                            ("cssProperties", J::A(css)),
                        ]),
                        J::O(vec![
                            ("kind", s("function")),
                            ("name", s("load")),
                            (
                                "description",
                                s("Loads and instantiates the WebAssembly core once (the element calls it on first connection; call it earlier to preload)."),
                            ),
                            ("return", J::O(vec![("type", ty("Promise<unknown>"))])),
                        ]),
                    ]),
                ),
                (
                    "exports",
                    J::A(vec![
                        J::O(vec![("kind", s("js")), ("name", s(class)), ("declaration", declaration(class))]),
                        J::O(vec![("kind", s("js")), ("name", s("load")), ("declaration", declaration("load"))]),
                        J::O(vec![
                            ("kind", s("custom-element-definition")),
                            ("name", s(TAG)),
                            ("declaration", declaration(class)),
                        ]),
                    ]),
                ),
            ])]),
        ),
    ]);
    let mut out = String::new();
    doc.write(&mut out, 0);
    out.push('\n');
    out
}

#[test]
fn manifest_is_generated_from_the_table() {
    let text = manifest();
    serde_json::from_str::<serde_json::Value>(&text).expect("the generated manifest is JSON");
    check_generated(MANIFEST, &text);
}

// ---------------------------------------------------------------- the message ids in the README

const IDS_BEGIN: &str = "<!-- BEGIN message ids, generated from src/model/i18n by `cargo xtask contract` -->\n";
const IDS_END: &str = "<!-- END message ids -->\n";

/// The README's table of message ids (the `strings` property's keys) with their en-GB text.
fn message_table() -> String {
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("| id | en-GB text |\n|---|---|\n");
    for m in Msg::ALL {
        out.push_str(&format!("| `{}` | {} |\n", m.id(), cell(Lang::EnGb.text(*m))));
    }
    out
}

#[test]
fn the_readme_lists_every_message_id() {
    let readme = read("README.md");
    let (Some(start), Some(end)) = (readme.find(IDS_BEGIN), readme.find(IDS_END)) else {
        panic!("README.md has no message id block ({IDS_BEGIN:?} … {IDS_END:?})");
    };
    let start = start + IDS_BEGIN.len();
    let want = format!("{}{}{}", &readme[..start], message_table(), &readme[end..]);
    check_generated("README.md", &want);
}

// ---------------------------------------------------------------- ELEMENT.md

/// The names ELEMENT.md gives, read from its tables and lists (the layout the e2e suite also reads).
#[derive(Debug, Default)]
struct ElementMd {
    attributes: BTreeSet<String>,
    properties: BTreeSet<String>,
    read_only: BTreeSet<String>,
    methods: BTreeSet<String>,
    events: BTreeSet<String>,
    parts: BTreeSet<String>,
    css: BTreeSet<String>,
}

fn ticks(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn names(text: &str) -> impl Iterator<Item = String> + '_ {
    ticks(text)
        .into_iter()
        .filter(|t| {
            t.starts_with(|c: char| c.is_ascii_lowercase()) && t.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        })
        .map(str::to_owned)
}

fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md.find(&format!("\n## {title}")).unwrap_or_else(|| panic!("ELEMENT.md has no `## {title}` section"));
    let end = md[start + 1..].find("\n## ").map_or(md.len(), |i| start + 1 + i);
    &md[start..end]
}

fn rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .skip(2)
        .map(|l| l.trim().trim_matches('|').split('|').collect())
        .collect()
}

fn without_parentheses(text: &str) -> String {
    let mut depth = 0;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

fn parse_element_md(md: &str) -> ElementMd {
    let mut out = ElementMd::default();
    let attrs = section(md, "Attributes");
    for cells in rows(attrs) {
        out.attributes.extend(names(cells[0]));
        out.properties.extend(names(cells[1]));
    }
    let prose: String = attrs.lines().filter(|l| !l.trim_start().starts_with('|')).collect::<Vec<_>>().join(" ");
    let read_only = prose.split("Read-only properties:").nth(1).and_then(|t| t.split("Methods:").next()).unwrap_or("");
    out.read_only.extend(names(&without_parentheses(read_only)));
    let methods = prose.split("Methods:").nth(1).unwrap_or("");
    out.methods.extend(ticks(methods).into_iter().filter_map(|t| t.strip_suffix("()")).map(str::to_owned));
    for cells in rows(section(md, "Events")) {
        out.events.extend(names(cells[0]).take(1));
    }
    let styling = section(md, "Styling");
    for word in styling.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        if word.starts_with("--ctrlhub-") {
            out.css.insert(word.to_owned());
        }
    }
    let parts = styling.lines().find(|l| l.trim_start().starts_with("- parts:")).unwrap_or("");
    out.parts.extend(names(parts));
    // Guard the parser: if ELEMENT.md's layout changes, fail here rather than pass vacuously.
    assert!(out.attributes.contains("org-id") && out.properties.contains("tokenProvider"), "{out:?}");
    assert_eq!(out.read_only, set(["state", "total"]));
    assert!(out.events.contains("ctrlhub-select") && out.parts.contains("item") && out.css.len() > 5, "{out:?}");
    out
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// The team's shared contract, `../shared/ELEMENT.md`, is outside this repository: the tests read
/// the copy in `tests/fixtures/` (so a clean clone is self-contained) and, where the shared file
/// is there (or `CTRLHUB_ELEMENT_MD` names it), check that the copy is still the same.
#[test]
fn the_fixture_element_md_is_the_shared_one() {
    let path =
        std::env::var_os("CTRLHUB_ELEMENT_MD").map_or_else(|| root().join("../shared/ELEMENT.md"), PathBuf::from);
    match std::fs::read_to_string(&path) {
        Ok(shared) => assert!(
            shared == read("tests/fixtures/ELEMENT.md"),
            "{} changed: copy it to tests/fixtures/ELEMENT.md, then update src/element/contract.rs",
            path.display()
        ),
        Err(e) => eprintln!("{} not read ({e}): checking against tests/fixtures/ELEMENT.md only", path.display()),
    }
}

#[test]
fn element_md_names_exactly_the_contract_and_planned_entries() {
    let md = parse_element_md(&read("tests/fixtures/ELEMENT.md"));
    let promised = |status: Status| status != Status::Extension;

    let attributes = set(ATTRIBUTES.iter().filter(|a| promised(a.status)).map(|a| a.name));
    assert_eq!(md.attributes, attributes, "attributes");
    let mut properties = set(ATTRIBUTES.iter().filter(|a| promised(a.status)).filter_map(|a| a.property.map(|p| p.0)));
    properties.extend(set(PROPERTIES.iter().filter(|p| promised(p.status) && !p.readonly).map(|p| p.name)));
    assert_eq!(md.properties, properties, "properties");
    assert_eq!(md.read_only, set(PROPERTIES.iter().filter(|p| p.readonly).map(|p| p.name)), "read-only properties");
    assert_eq!(md.methods, set(METHODS.iter().map(|m| m.name)), "methods");
    assert_eq!(md.events, set(EVENTS.iter().map(|e| e.name)), "events");
    assert_eq!(md.parts, set(PARTS.iter().map(|p| p.name)), "parts");
    assert_eq!(md.css, set(CSS_PROPERTIES.iter().filter(|c| promised(c.status)).map(|c| c.name)), "custom properties");
}

// ---------------------------------------------------------------- the code and the docs

/// Every `--ctrlhub-*` name in a text.
fn custom_properties(css: &str) -> BTreeSet<String> {
    // Comments may mention the family (`--ctrlhub-*`); only declarations and var() uses count.
    let text: String = css
        .split("/*")
        .enumerate()
        .map(|(i, part)| if i == 0 { part } else { part.split_once("*/").map_or("", |(_, rest)| rest) })
        .collect();
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--ctrlhub-"))
        .map(str::to_owned)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The values of `key="…"` in a text.
fn quoted_after<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.split(key).skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

#[test]
fn the_stylesheet_uses_exactly_the_declared_custom_properties() {
    let used = custom_properties(&read("style/widget.css"));
    let declared = set(shipped(CSS_PROPERTIES, |c| c.status).map(|c| c.name));
    assert_eq!(used, declared, "custom properties in style/widget.css vs src/element/contract.rs");
}

#[test]
fn the_views_render_exactly_the_declared_parts() {
    let mut files = Vec::new();
    rust_files(&root().join("src/ui"), &mut files);
    let mut used = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        used.extend(quoted_after(&text, "part=\"").into_iter().map(str::to_owned));
    }
    assert_eq!(used, set(PARTS.iter().map(|p| p.name)), "part=\"…\" in src/ui vs src/element/contract.rs");
}

#[test]
fn the_core_dispatches_only_declared_events() {
    // The element's code (src/element/), but for the contract table itself.
    let mut files = Vec::new();
    rust_files(&root().join("src/element"), &mut files);
    files.retain(|f| !f.components().any(|c| c.as_os_str() == "contract" || c.as_os_str() == "contract.rs"));
    assert!(!files.is_empty(), "no element code under src/element");
    let core: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    for e in EVENTS {
        assert!(core.contains(&format!("dispatch(host, event::{}", event_const(e.name))), "{} is dispatched", e.name);
    }
    assert!(!core.contains("\"ctrlhub-"), "src/element/ names events through contract::event");
}

fn event_const(name: &str) -> String {
    name.trim_start_matches("ctrlhub-").replace('-', "_").to_ascii_uppercase()
}

/// The README and every `docs/*.md` file, each with its path (the embedding guide,
/// `docs/embedding.md`, is where a host developer looks up the element's names).
fn documentation() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap_or_else(|e| panic!("cannot list docs/: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let mut docs = vec![("README.md".to_owned(), read("README.md"))];
    for path in paths {
        let rel = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let text = read(&path);
        docs.push((rel, text));
    }
    docs
}

#[test]
fn the_docs_name_every_entry() {
    let docs = documentation();
    assert!(
        docs.iter().any(|(path, _)| path == "docs/embedding.md"),
        "docs/embedding.md is missing; it documents the element's contract"
    );
    let mut missing = Vec::new();
    let all = shipped(ATTRIBUTES, |a| a.status)
        .flat_map(|a| [Some(a.name), a.property.map(|p| p.0)])
        .flatten()
        .chain(shipped(PROPERTIES, |p| p.status).map(|p| p.name))
        .chain(METHODS.iter().map(|m| m.name))
        .chain(EVENTS.iter().map(|e| e.name))
        .chain(PARTS.iter().map(|p| p.name))
        .chain(shipped(CSS_PROPERTIES, |c| c.status).map(|c| c.name));
    for name in all {
        let named =
            |(_, text): &(String, String)| text.contains(&format!("`{name}`")) || text.contains(&format!("`{name}("));
        if !docs.iter().any(named) {
            missing.push(name);
        }
    }
    let searched: Vec<&str> = docs.iter().map(|(path, _)| path.as_str()).collect();
    assert!(
        missing.is_empty(),
        "no documentation names {missing:?} in backticks (searched {searched:?}); \
         describe them in docs/embedding.md, \"Configuring it\""
    );
}

#[test]
fn the_error_event_lists_every_error_kind() {
    use ctrlhub_interactions::model::ErrorKind;
    let error = EVENTS.iter().find(|e| e.name == "ctrlhub-error").expect("ctrlhub-error");
    for kind in ErrorKind::ALL {
        assert!(error.detail.contains(&format!("'{}'", kind.as_str())), "{}", kind.as_str());
    }
}

/// The bootstrap paints the loading skeleton before the wasm arrives, with CSS lines copied from
/// style/widget.css: each must still be there, so the skeleton looks as the core's does.
#[test]
fn bootstrap_skeleton_css_is_the_widgets() {
    let widget_css = read("style/widget.css");
    let css_lines: Vec<&str> = widget_css.lines().map(str::trim).collect();
    let bootstrap = read(BOOTSTRAP);
    let start = bootstrap.find("const SKELETON_CSS = `").expect("SKELETON_CSS") + "const SKELETON_CSS = `".len();
    let end = start + bootstrap[start..].find('`').expect("end of SKELETON_CSS");
    let mut checked = 0;
    for line in bootstrap[start..end].lines().map(str::trim).filter(|l| !l.is_empty() && *l != "}") {
        assert!(css_lines.contains(&line), "the skeleton's CSS line `{line}` is not in style/widget.css");
        checked += 1;
    }
    assert!(checked > 20, "{checked} lines");
    // The classes the skeleton uses are the core's (src/ui/widget.rs, src/ui/states.rs).
    let views = read("src/ui/widget.rs") + &read("src/ui/states.rs");
    for class in ["ch-root", "ch-toolbar", "ch-title", "ch-skeleton", "ch-skeleton-row"] {
        assert!(views.contains(&format!("class=\"{class}\"")), "{class}");
        assert!(bootstrap.contains(&format!("'{class}'")), "{class}");
    }
}

/// The declarations of the first block that starts with `opening` (up to its closing brace),
/// trimmed, in order.
fn css_block(css: &str, opening: &str) -> Vec<String> {
    let start = css.find(opening).unwrap_or_else(|| panic!("style/widget.css has no `{opening}`")) + opening.len();
    let end = start + css[start..].find('}').unwrap();
    css[start..end].lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[test]
fn the_dark_palette_is_the_same_for_theme_dark_and_a_dark_system() {
    let css = read("style/widget.css");
    let explicit = css_block(&css, ":host([theme=\"dark\"]) {");
    let system = css_block(&css, "@media (prefers-color-scheme: dark) {\n  :host(:not([theme=\"light\"])) {");
    assert!(explicit.len() > 5, "the dark palette: {explicit:?}");
    assert_eq!(explicit, system, "theme=\"dark\" and prefers-color-scheme: dark must set the same palette");
}
