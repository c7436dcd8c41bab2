//! Unicode case mapping without the standard library's case tables in the wasm.
//!
//! ASCII is mapped here. Other text goes, in the wasm, to the browser's `toLowerCase` /
//! `toUpperCase` (registered once by the element with [`set_mapping`]; the same full Unicode
//! default case mapping as `str::to_lowercase`), and natively (tests, fuzzing) to the standard
//! library. So `str::to_lowercase` never reaches the wasm and its tables stay out of it.

/// Maps non-ASCII text: `(lower, upper)`.
pub type Mapping = (fn(&str) -> String, fn(&str) -> String);

#[cfg(target_arch = "wasm32")]
thread_local! {
    static MAPPING: std::cell::Cell<Option<Mapping>> = const { std::cell::Cell::new(None) };
}

/// Registers how non-ASCII text is mapped (the element does, with the browser's functions).
#[cfg(target_arch = "wasm32")]
pub fn set_mapping(mapping: Mapping) {
    MAPPING.with(|m| m.set(Some(mapping)));
}

/// Natively the standard library maps: nothing to register.
#[cfg(not(target_arch = "wasm32"))]
pub fn set_mapping(_mapping: Mapping) {}

#[cfg(target_arch = "wasm32")]
fn map(s: &str, upper: bool) -> String {
    match MAPPING.with(std::cell::Cell::get) {
        Some((l, u)) => (if upper { u } else { l })(s),
        // Not registered: ASCII only (nothing in the wasm runs model code before the element).
        None if upper => s.to_ascii_uppercase(),
        None => s.to_ascii_lowercase(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn map(s: &str, upper: bool) -> String {
    if upper {
        s.to_uppercase()
    } else {
        s.to_lowercase()
    }
}

/// `s` lowercased (like `str::to_lowercase`).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        map(s, false)
    }
}

/// `s` uppercased (like `str::to_uppercase`).
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_uppercase()
    } else {
        map(s, true)
    }
}

/// Calls `f` with each character of `c` lowercased (like `char::to_lowercase`).
pub fn lower_char(c: char, f: &mut dyn FnMut(char)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase())
    } else {
        lower(c.encode_utf8(&mut [0; 4])).chars().for_each(f)
    }
}

/// The first character uppercased, the rest as it is: "completed" → "Completed".
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => {
            let mut out = upper(first.encode_utf8(&mut [0; 4]));
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_like_the_standard_library() {
        for s in ["Completed", "ÉMILE Zoë", "İstanbul", "ΣΟΦΙΑΣ", "straße", "", "a_b"] {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
            assert_eq!(upper(s), s.to_uppercase(), "{s}");
        }
        assert_eq!(capitalise("completed"), "Completed");
        assert_eq!(capitalise("ßtatus"), "SStatus");
        assert_eq!(capitalise("élan"), "Élan");
        let mut out = String::new();
        lower_char('İ', &mut |c| out.push(c));
        assert_eq!(out, "i\u{307}");
    }
}
