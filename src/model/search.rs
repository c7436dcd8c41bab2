//! Free-text search: case- and accent-insensitive matching and highlighting.
//!
//! Text is folded one character at a time (compatibility decomposition, lowercase, combining marks
//! dropped, a few letters folded), so a match in the folded text maps back to whole characters of
//! the original, and highlights never split a character or, as far as a small set of rules can
//! tell, a grapheme cluster.
//!
//! The Unicode tables come through [`Decompose`], like time zones through `Zone`: the browser has
//! them (`String.prototype.normalize`), so the wasm does not carry its own; native tests use the
//! `unicode-normalization` crate.

use std::ops::Range;

use super::interaction::{status_label, Interaction};

/// Unicode data for folding: compatibility decomposition and combining marks.
pub trait Decompose {
    /// Calls `f` with each character of the compatibility decomposition (NFKD) of `c`, leaving out
    /// combining marks.
    fn decompose(&self, c: char, f: &mut dyn FnMut(char));
    /// Whether `c` is a combining mark (general category M).
    fn is_mark(&self, c: char) -> bool;
}

/// No decomposition: case folding and the letters of [`fold_letter`] only.
pub struct NoDecompose;

impl Decompose for NoDecompose {
    fn decompose(&self, c: char, f: &mut dyn FnMut(char)) {
        if !self.is_mark(c) {
            f(c)
        }
    }
    fn is_mark(&self, c: char) -> bool {
        matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
    }
}

/// Letters that do not decompose but that people type without their stroke or ligature.
fn fold_letter(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'ς' => out.push('σ'),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' => out.push('d'),
        'ı' => out.push('i'),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        _ => out.push(c),
    }
}

/// Appends the folded form of `c` (possibly nothing, e.g. for a combining mark).
fn fold_char(c: char, out: &mut String, d: &dyn Decompose) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    d.decompose(c, &mut |x| {
        super::case::lower_char(x, &mut |l| {
            // Lowercasing can produce marks ('İ' -> "i\u{307}") or decomposable letters.
            d.decompose(l, &mut |e| super::case::lower_char(e, &mut |f| fold_letter(f, out)));
        });
    });
}

/// Case- and accent-insensitive form of `s` for comparisons: compatibility-decomposed, lowercased,
/// combining marks dropped, `ß` as `ss`, and runs of whitespace collapsed to one space (trimmed).
pub fn normalize(s: &str, d: &dyn Decompose) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut folded, d);
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The normalised, deduplicated terms of a query (empty for a blank query).
pub fn terms(query: &str, d: &dyn Decompose) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in normalize(query, d).split(' ').filter(|t| !t.is_empty()) {
        if !out.iter().any(|x| x == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// A parsed query, to normalise it once and test many interactions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(query: &str, d: &dyn Decompose) -> Self {
        Self { terms: terms(query, d) }
    }

    /// True for a blank query, which matches everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Every term appears in at least one searchable field of `item`.
    pub fn matches(&self, item: &Interaction, d: &dyn Decompose) -> bool {
        if self.terms.is_empty() {
            return true;
        }
        let fields: Vec<String> = searchable_fields(item).iter().map(|f| normalize(f, d)).collect();
        self.terms.iter().all(|t| fields.iter().any(|f| f.contains(t.as_str())))
    }
}

/// Every item's searchable text, folded once, so a search (every keystroke) only looks for
/// substrings. Fields are joined with a newline, which no term contains (terms are split on
/// whitespace), so a term never matches across two fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    folded: Vec<String>,
}

impl SearchIndex {
    pub fn new(items: &[Interaction], d: &dyn Decompose) -> Self {
        let folded = items
            .iter()
            .map(|item| searchable_fields(item).iter().map(|f| normalize(f, d)).collect::<Vec<_>>().join("\n"))
            .collect();
        Self { folded }
    }

    /// Whether `items[index]` (the slice the index was built from) matches `query`; an item the
    /// index does not cover is folded now.
    pub fn matches(&self, index: usize, item: &Interaction, query: &Query, d: &dyn Decompose) -> bool {
        if query.is_empty() {
            return true;
        }
        match self.folded.get(index) {
            Some(text) => query.terms.iter().all(|t| text.contains(t.as_str())),
            None => query.matches(item, d),
        }
    }
}

/// The texts a search looks in: notes, the related resources' labels, method, direction and status.
pub fn searchable_fields(item: &Interaction) -> Vec<String> {
    let mut v = vec![item.notes.clone()];
    for r in [&item.contact, &item.property, &item.representative, &item.author, &item.account].into_iter().flatten() {
        v.push(r.label.clone());
    }
    v.push(item.method.label().to_owned());
    v.push(item.direction.label().to_owned());
    v.push(status_label(&item.status));
    v
}

/// Whether every whitespace-separated term of `query` appears (case- and accent-insensitively) in
/// the notes or a label of `item`. A blank query matches everything.
pub fn matches(item: &Interaction, query: &str, d: &dyn Decompose) -> bool {
    Query::new(query, d).matches(item, d)
}

// --- grapheme clusters (a simplified UAX #29, enough not to split what renders as one glyph) ---

fn is_extend(c: char, d: &dyn Decompose) -> bool {
    d.is_mark(c)
        || matches!(c as u32,
            0x200C | 0x200D                // ZWNJ, ZWJ
            | 0xFE00..=0xFE0F              // variation selectors
            | 0x1F3FB..=0x1F3FF            // emoji skin-tone modifiers
            | 0xE0020..=0xE007F            // tags (subdivision flags)
            | 0xE0100..=0xE01EF) // variation selectors supplement
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hangul {
    L,
    V,
    T,
    Lv,
    Lvt,
    None,
}

fn hangul(c: char) -> Hangul {
    match c as u32 {
        0x1100..=0x115F | 0xA960..=0xA97C => Hangul::L,
        0x1160..=0x11A7 | 0xD7B0..=0xD7C6 => Hangul::V,
        0x11A8..=0x11FF | 0xD7CB..=0xD7FB => Hangul::T,
        s @ 0xAC00..=0xD7A3 if (s - 0xAC00) % 28 == 0 => Hangul::Lv,
        0xAC00..=0xD7A3 => Hangul::Lvt,
        _ => Hangul::None,
    }
}

/// Byte offsets where a grapheme cluster starts, plus `text.len()`.
fn cluster_boundaries(text: &str, d: &dyn Decompose) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut ri_run = 0usize;
    for (i, c) in text.char_indices() {
        let joins = match prev {
            None => false,
            Some(p) => {
                (p == '\r' && c == '\n')
                    || (is_extend(c, d) && p != '\r' && p != '\n')
                    || p == '\u{200D}'
                    || (is_regional_indicator(p) && is_regional_indicator(c) && ri_run % 2 == 1)
                    || matches!(
                        (hangul(p), hangul(c)),
                        (Hangul::L, Hangul::L | Hangul::V | Hangul::Lv | Hangul::Lvt)
                            | (Hangul::Lv | Hangul::V, Hangul::V | Hangul::T)
                            | (Hangul::Lvt | Hangul::T, Hangul::T)
                    )
            }
        };
        if !joins {
            out.push(i);
        }
        ri_run = if is_regional_indicator(c) { ri_run + 1 } else { 0 };
        prev = Some(c);
    }
    out.push(text.len());
    out
}

/// Byte ranges of `text` (snapped to clusters, merged, sorted) where any term matches.
fn match_ranges(text: &str, terms: &[String], d: &dyn Decompose) -> Vec<Range<usize>> {
    // The folded text, and for each of its bytes the original character's byte range.
    let mut folded = String::with_capacity(text.len());
    let mut owner: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        fold_char(c, &mut folded, d);
        owner.resize(folded.len(), i..i + c.len_utf8());
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for term in terms.iter().filter(|t| !t.is_empty()) {
        let mut from = 0;
        while let Some(pos) = folded.get(from..).and_then(|rest| rest.find(term.as_str())) {
            let start = from + pos;
            let end = start + term.len();
            if let (Some(a), Some(b)) = (owner.get(start), owner.get(end - 1)) {
                ranges.push(a.start..b.end);
            }
            // Next candidate: the next character of the folded text (overlapping matches count).
            from = start + folded.get(start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
        }
    }
    if ranges.is_empty() {
        return ranges;
    }
    let bounds = cluster_boundaries(text, d);
    for r in &mut ranges {
        // Largest boundary <= start, smallest boundary >= end.
        let s = bounds.partition_point(|&b| b <= r.start);
        r.start = if s > 0 { bounds[s - 1] } else { 0 };
        let e = bounds.partition_point(|&b| b < r.end);
        r.end = bounds.get(e).copied().unwrap_or(text.len());
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Splits `text` into runs, `true` for the runs that match a term of `query` (case- and
/// accent-insensitively). The runs concatenate to `text`; empty text gives no runs.
///
/// `highlight("Café Zoë", "cafe")` is `[("Café", true), (" Zoë", false)]`.
pub fn highlight(text: &str, query: &str, d: &dyn Decompose) -> Vec<(String, bool)> {
    if text.is_empty() {
        return Vec::new();
    }
    let ranges = match_ranges(text, &terms(query, d), d);
    let mut out = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for r in ranges {
        if r.start > at {
            if let Some(s) = text.get(at..r.start) {
                out.push((s.to_owned(), false));
            }
        }
        if let Some(s) = text.get(r.start..r.end) {
            out.push((s.to_owned(), true));
        }
        at = r.end;
    }
    if at < text.len() {
        if let Some(s) = text.get(at..) {
            out.push((s.to_owned(), false));
        }
    }
    out
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tests {
    use super::*;
    use crate::model::interaction::tests::sample;
    use crate::model::{Method, Related};
    use proptest::prelude::*;

    /// The Unicode tables of the `unicode-normalization` crate (what browsers implement).
    pub struct Nfkd;

    impl Decompose for Nfkd {
        fn decompose(&self, c: char, f: &mut dyn FnMut(char)) {
            unicode_normalization::char::decompose_compatible(c, |x| {
                if !unicode_normalization::char::is_combining_mark(x) {
                    f(x)
                }
            })
        }
        fn is_mark(&self, c: char) -> bool {
            unicode_normalization::char::is_combining_mark(c)
        }
    }

    fn normalize(s: &str) -> String {
        super::normalize(s, &Nfkd)
    }
    fn terms(q: &str) -> Vec<String> {
        super::terms(q, &Nfkd)
    }
    fn highlight(text: &str, q: &str) -> Vec<(String, bool)> {
        super::highlight(text, q, &Nfkd)
    }
    fn matches(item: &Interaction, q: &str) -> bool {
        super::matches(item, q, &Nfkd)
    }

    fn related(id: &str, label: &str) -> Option<Related> {
        Some(Related { id: id.into(), label: label.into(), resolved: true })
    }

    fn hl(text: &str, q: &str) -> Vec<(&'static str, bool)> {
        highlight(text, q).into_iter().map(|(s, b)| (&*Box::leak(s.into_boxed_str()), b)).collect()
    }

    #[test]
    fn the_index_agrees_with_matching_and_never_matches_across_fields() {
        let mut a = sample("a", "2026-01-01T10:00:00Z");
        a.notes = "Café au lait".into();
        a.contact = related("c1", "Zoë Ball");
        let items = vec![a.clone()];
        let index = SearchIndex::new(&items, &Nfkd);
        for q in ["cafe", "zoe ball", "lait zoe", "email", "xyz", "lait\nzoe", ""] {
            let query = Query::new(q, &Nfkd);
            assert_eq!(index.matches(0, &a, &query, &Nfkd), query.matches(&a, &Nfkd), "{q:?}");
        }
        // "ball" + "email" are separate fields; "ballemail" is not a thing.
        assert!(!index.matches(0, &a, &Query::new("ballemail", &Nfkd), &Nfkd));
        // Out of range: folded on the spot.
        assert!(index.matches(5, &a, &Query::new("cafe", &Nfkd), &Nfkd));
    }

    #[test]
    fn normalize_folds_case_accents_and_whitespace() {
        assert_eq!(normalize("  Café   Zoë\t\nÅNGSTRÖM "), "cafe zoe angstrom");
        assert_eq!(normalize("e\u{0301}te\u{0301}"), "ete");
        assert_eq!(normalize("Straße STRASSE"), "strasse strasse");
        assert_eq!(normalize("ＡＢＣ ﬁne ①"), "abc fine 1");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("ΟΔΥΣΣΕΥΣ Οδυσσευς"), "οδυσσευσ οδυσσευσ");
        assert_eq!(normalize("Søren Łódź Æsop"), "soren lodz aesop");
        assert_eq!(normalize("℡ 3㎒"), "tel 3mhz");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{0301} "), "");
    }

    #[test]
    fn normalize_keeps_emoji_rtl_and_cjk() {
        assert_eq!(normalize("I ❤️ NY 👍🏽"), "i ❤ ny 👍🏽");
        assert_eq!(normalize("שָׁלוֹם עולם"), "שלום עולם");
        assert_eq!(normalize("مرحبا"), "مرحبا");
        assert_eq!(normalize("東京"), "東京");
    }

    #[test]
    fn terms_split_and_dedupe() {
        assert_eq!(terms("  Boiler  boiler LEAK "), ["boiler", "leak"]);
        assert!(terms(" \t ").is_empty());
        assert!(Query::new("", &Nfkd).is_empty());
    }

    fn item() -> Interaction {
        let mut i = sample("i1", "2024-01-01T10:00:00Z");
        i.notes = "Called about the boiler; résumé sent. 🔥 שלום".into();
        i.contact = related("c1", "Mrs Zoë Ørsted");
        i.property = related("p1", "10 Downing Street, London");
        i.representative = related("u1", "Sam Jones");
        i.author = related("u2", "Ada Admin");
        i.account = related("a1", "Account 42");
        i.method = Method::Telephone;
        i.status = "no_answer".into();
        i
    }

    #[test]
    fn matches_every_term_in_any_field() {
        let i = item();
        assert!(matches(&i, ""));
        assert!(matches(&i, "   "));
        assert!(matches(&i, "BOILER"));
        assert!(matches(&i, "resume"));
        assert!(matches(&i, "zoe orsted"));
        assert!(matches(&i, "downing boiler sam"));
        assert!(matches(&i, "ada"));
        assert!(matches(&i, "account 42"));
        assert!(matches(&i, "telephone"));
        assert!(matches(&i, "no answer"));
        assert!(matches(&i, "inbound"));
        assert!(matches(&i, "🔥"));
        assert!(matches(&i, "שלום"));
        assert!(!matches(&i, "boiler kettle"));
        assert!(!matches(&i, "email"));
    }

    #[test]
    fn terms_do_not_match_across_fields() {
        let mut i = sample("x", "2024-01-01T00:00:00Z");
        i.notes = "abc".into();
        i.contact = related("c", "def");
        assert!(matches(&i, "abc def"));
        assert!(!matches(&i, "cdef"));
        assert!(!matches(&i, "abcdef"));
    }

    #[test]
    fn highlight_basic_and_accented() {
        assert_eq!(hl("Café Zoë", "cafe"), [("Café", true), (" Zoë", false)]);
        assert_eq!(hl("Café Zoë", "ZOE"), [("Café ", false), ("Zoë", true)]);
        assert_eq!(hl("Café Zoë", "e"), [("Caf", false), ("é", true), (" Zo", false), ("ë", true)]);
        assert_eq!(hl("Café Zoë", ""), [("Café Zoë", false)]);
        assert_eq!(hl("Café Zoë", "tea"), [("Café Zoë", false)]);
        assert!(highlight("", "x").is_empty());
    }

    #[test]
    fn highlight_several_terms_and_overlaps() {
        assert_eq!(
            hl("boiler leak in boiler room", "boiler room"),
            [("boiler", true), (" leak in ", false), ("boiler", true), (" ", false), ("room", true)]
        );
        assert_eq!(hl("aaa", "aa"), [("aaa", true)]);
        assert_eq!(hl("abcd", "abc bcd"), [("abcd", true)]);
    }

    #[test]
    fn highlight_keeps_combining_marks_with_their_base() {
        // Decomposed é: the mark stays with the highlighted e.
        assert_eq!(hl("cafe\u{0301}!", "cafe"), [("cafe\u{0301}", true), ("!", false)]);
        assert_eq!(hl("e\u{0301}\u{0323}x", "e"), [("e\u{0301}\u{0323}", true), ("x", false)]);
    }

    #[test]
    fn highlight_expansions_cover_the_whole_character() {
        assert_eq!(hl("Straße", "ss"), [("Stra", false), ("ß", true), ("e", false)]);
        assert_eq!(hl("Straße", "strasse"), [("Straße", true)]);
        assert_eq!(hl("ﬁsh", "f"), [("ﬁ", true), ("sh", false)]);
    }

    #[test]
    fn highlight_emoji_clusters_are_not_split() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let text = format!("a {family} b");
        assert_eq!(
            highlight(&text, "👩"),
            vec![("a ".to_owned(), false), (family.to_owned(), true), (" b".to_owned(), false)]
        );
        assert_eq!(hl("ok 👍🏽!", "👍"), [("ok ", false), ("👍🏽", true), ("!", false)]);
        assert_eq!(hl("I ❤️ NY", "❤"), [("I ", false), ("❤️", true), (" NY", false)]);
        // Flags are pairs of regional indicators: 🇬🇧🇫🇷 is two flags.
        let flags = "🇬🇧🇫🇷";
        assert_eq!(highlight(flags, "🇧🇫"), vec![(flags.to_owned(), true)]);
        assert_eq!(highlight(flags, "🇫🇷"), vec![("🇬🇧".to_owned(), false), ("🇫🇷".to_owned(), true)]);
    }

    #[test]
    fn highlight_rtl_and_cjk() {
        assert_eq!(hl("שָׁלוֹם עולם", "שלום"), [("שָׁלוֹם", true), (" עולם", false)]);
        assert_eq!(hl("مرحبا بالعالم", "بالعالم"), [("مرحبا ", false), ("بالعالم", true)]);
        assert_eq!(hl("東京タワー", "京"), [("東", false), ("京", true), ("タワー", false)]);
        // Syllables decompose to jamo: an initial consonant highlights its whole syllable.
        assert_eq!(hl("한국어", "ㄱ"), [("한", false), ("국", true), ("어", false)]);
        assert_eq!(hl("한국어", "국"), [("한", false), ("국", true), ("어", false)]);
    }

    #[test]
    fn cluster_boundaries_basics() {
        assert_eq!(cluster_boundaries("", &Nfkd), [0]);
        assert_eq!(cluster_boundaries("ab", &Nfkd), [0, 1, 2]);
        assert_eq!(cluster_boundaries("a\r\nb", &Nfkd), [0, 1, 3, 4]);
        assert_eq!(cluster_boundaries("e\u{301}x", &Nfkd), [0, 3, 4]);
        assert_eq!(cluster_boundaries("\u{1100}\u{1161}\u{11A8}", &Nfkd), [0, 9]);
    }

    fn unicode_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "É",
            "e\u{301}",
            "ß",
            "ﬁ",
            " ",
            "\t",
            "\n",
            "\r\n",
            "👍🏽",
            "👨\u{200D}👩",
            "\u{200D}",
            "🇬",
            "🇧",
            "שָׁ",
            "م",
            "東",
            "한",
            "\u{1100}",
            "\u{1161}",
            "İ",
            "Σ",
            "ς",
            "\u{301}",
            "℡",
            "\u{FE0F}",
            "x",
        ]);
        prop::collection::vec(prop_oneof![pieces.prop_map(str::to_owned), any::<char>().prop_map(String::from)], 0..24)
            .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn highlight_runs_concatenate_to_the_text(text in unicode_text(), query in unicode_text()) {
            let runs = highlight(&text, &query);
            let joined: String = runs.iter().map(|(s, _)| s.as_str()).collect();
            prop_assert_eq!(&joined, &text);
            prop_assert!(runs.iter().all(|(s, _)| !s.is_empty()));
            prop_assert!(runs.windows(2).all(|w| w[0].1 != w[1].1));
        }

        #[test]
        fn a_highlighted_substring_always_matches(text in unicode_text(), start in 0usize..24, len in 1usize..6) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let query: String = chars[start..(start + len).min(chars.len())].iter().collect();
            let runs = highlight(&text, &query);
            if !terms(&query).is_empty() && !query.chars().any(char::is_whitespace) {
                prop_assert!(runs.iter().any(|(_, hit)| *hit), "{:?} in {:?}", query, text);
            }
        }

        #[test]
        fn normalize_is_idempotent(text in unicode_text()) {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn text_always_matches_itself(text in unicode_text()) {
            let mut i = sample("x", "2024-01-01T00:00:00Z");
            i.notes = text.clone();
            prop_assert!(matches(&i, &text));
        }
    }
}
