//! The layering the README's architecture section promises, kept by a test rather than by hand:
//! `src/model` is pure domain logic (tested natively) and imports none of the UI, browser or wire
//! crates; `src/api/client.rs` is the only code in `src/api` that does IO; `src/api/wire/` holds
//! the only serde code.

// Test code: a panic here is a failed test (clippy.toml allows it in #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every file under `src/<dir>` that names one of `crates` (as `crate::` or `crate ::` paths).
fn files_naming(dir: &str, crates: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no Rust files under {}", root.display());
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for name in crates {
                let named = code.match_indices(name).any(|(at, _)| {
                    let before = code[..at].chars().last();
                    let after = &code[at + name.len()..];
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.trim_start().starts_with("::")
                });
                if named {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn model_imports_no_ui_browser_or_wire_crate() {
    let found = files_naming(
        "model",
        &[
            "leptos",
            "leptos_use",
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "wasm_bindgen_futures",
            "gloo_net",
            "serde",
            "serde_json",
        ],
    );
    assert!(found.is_empty(), "src/model must stay pure:\n{}", found.join("\n"));
}

#[test]
fn only_the_client_does_io_in_api() {
    let found: Vec<String> = files_naming("api", &["gloo_net", "web_sys", "wasm_bindgen_futures"])
        .into_iter()
        .filter(|hit| !hit.contains("client.rs:"))
        .collect();
    assert!(found.is_empty(), "IO belongs in src/api/client.rs:\n{}", found.join("\n"));
}

#[test]
fn only_the_wire_types_use_serde() {
    // Hits read `<path>:<line>: <code>`: only files inside the folder `src/api/wire/` may name serde.
    let wire = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("api").join("wire");
    let wire = format!("{}{}", wire.display(), std::path::MAIN_SEPARATOR);
    let in_wire = |hit: &String| hit.starts_with(&wire);
    let mut found = Vec::new();
    for dir in ["api", "ui", "element", "model"] {
        found.extend(
            files_naming(dir, &["serde", "serde_json", "serde_wasm_bindgen"]).into_iter().filter(|hit| !in_wire(hit)),
        );
    }
    assert!(found.is_empty(), "serde belongs in src/api/wire/:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_an_import() {
    // The scanner itself: a file that does import a crate is reported.
    let found = files_naming("api", &["serde"]);
    assert!(!found.is_empty(), "src/api uses serde: the scanner must see it");
}
