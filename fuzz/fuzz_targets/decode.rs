//! `decode`: arbitrary response bodies through `api::decode_page`, then, when a page comes out, the
//! pure model over it (timeline, filters and facets, pager, CSV, highlighting), asserting the
//! invariants the view relies on. Any panic is a bug: `decode_page` must never panic, whatever the
//! body, and the model must accept whatever it returns.
//!
//! Input: `body`, optionally followed by a `0xFF` byte (the first in the input) and up to 28 bytes
//! of parameters (little endian, missing bytes read as 0): `limit: u64`, `offset: u64`, zone offset
//! `i32` (seconds), `now: i64` (ms). `0xFF` never occurs in UTF-8, so a plain JSON file is a body
//! with the default parameters (limit 25, offset 0, UTC, 2024-03-01). The body goes in as bytes, as
//! the widget reads it (`Response::binary`), invalid UTF-8 included.

#![no_main]

use std::collections::{BTreeSet, HashSet};

use ctrlhub_interactions::api::{convert::problems_from_body, decode_page};
use ctrlhub_interactions::model::csv::{parse, to_csv, HEADER};
use ctrlhub_interactions::model::Messages;
use ctrlhub_interactions::model::filters::{apply, facets, FacetValue};
use ctrlhub_interactions::model::search::{highlight, normalize, NoDecompose, Query, SearchIndex};
use ctrlhub_interactions::model::time::local_date;
use ctrlhub_interactions::model::{
    build_timeline, Filters, FixedZone, Group, GroupBy, Interaction, Page, PageNav, Timeline, Zone,
};
use libfuzzer_sys::fuzz_target;

/// 2024-03-01T00:00:00Z.
const DEFAULT_NOW_MS: i64 = 1_709_251_200_000;
/// What `Date.now()` can be: ±100,000,000 days around the epoch.
const MAX_DATE_MS: i64 = 8_640_000_000_000_000;
/// A fixed query for the highlighting checks.
const QUERY: &str = "boiler LEAK zoë";

struct Params {
    limit: u64,
    offset: u64,
    zone: FixedZone,
    now_ms: i64,
}

fn split(data: &[u8]) -> (&[u8], Params) {
    let Some(at) = data.iter().position(|&b| b == 0xFF) else {
        return (data, Params { limit: 25, offset: 0, zone: FixedZone(0), now_ms: DEFAULT_NOW_MS });
    };
    let mut raw = [0u8; 28];
    let tail = &data[at + 1..];
    let n = tail.len().min(raw.len());
    raw[..n].copy_from_slice(&tail[..n]);
    let u64_at = |i: usize| u64::from_le_bytes(raw[i..i + 8].try_into().unwrap());
    let zone = i32::from_le_bytes(raw[16..20].try_into().unwrap());
    let now = i64::from_le_bytes(raw[20..28].try_into().unwrap());
    let params = Params {
        limit: u64_at(0),
        offset: u64_at(8),
        // Real zones are within a day of UTC (in practice -12 h to +14 h).
        zone: FixedZone(zone % 86_400),
        now_ms: now % MAX_DATE_MS,
    };
    (&data[..at], params)
}

fuzz_target!(|data: &[u8]| {
    let (body, p) = split(data);
    let _ = problems_from_body(body);
    let result = decode_page(body, p.limit, p.offset);
    let again = decode_page(body, p.limit, p.offset);
    match (&result, &again) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "decode_page is not deterministic"),
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "decode_page is not deterministic"),
        _ => panic!("decode_page is not deterministic"),
    }
    if let Ok(page) = result {
        check_page(&page);
        check_model(&page.items, &p);
    }
});

fn check_page(page: &Page) {
    let mut ids = HashSet::new();
    for item in &page.items {
        assert!(item.id.is_empty() || ids.insert(item.id.as_str()), "duplicate id {:?}", item.id);
        assert!(item.date_time.is_none() || !item.date_time_raw.is_empty());
        assert_eq!(item.status, item.status.trim(), "status is trimmed");
        for r in [&item.contact, &item.property, &item.representative, &item.author, &item.account, &item.organisation]
            .into_iter()
            .flatten()
        {
            assert!(!r.id.trim().is_empty(), "related with a blank id: {r:?}");
            assert!(!r.label.trim().is_empty(), "related with a blank label: {r:?}");
        }
    }
    let pg = &page.pagination;
    assert!(pg.limit >= 1, "limit 0: {pg:?}");
    let seen = pg.offset.saturating_add(page.items.len() as u64);
    assert!(pg.total >= seen, "total below what was seen: {pg:?}, {} items", page.items.len());

    let nav = PageNav::from(pg);
    assert!(nav.current >= 1 && nav.pages >= nav.current && nav.limit >= 1, "{nav:?}");
    assert!(nav.label(&Messages::en_gb(), &|v| v.to_string()).contains(&nav.pages.to_string()));
    let _ = (nav.previous_offset(), nav.next_offset(), nav.first_offset(), nav.last_offset());
    for page_no in [0, 1, nav.current, nav.pages, u64::MAX] {
        let offset = nav.offset_for(page_no);
        assert!(offset <= nav.last_offset());
        let back = nav.page_for_offset(offset);
        assert!((1..=nav.pages).contains(&back), "{nav:?}: page {page_no} -> offset {offset} -> page {back}");
    }
    match nav.shown_range(page.items.len()) {
        None => assert!(page.items.is_empty()),
        Some((first, last)) => assert!(first >= 1 && first <= last, "{nav:?}: {first}..{last}"),
    }
}

fn check_model(items: &[Interaction], p: &Params) {
    let n = items.len();
    let all: Vec<usize> = (0..n).collect();
    let zone = &p.zone;

    // Timeline: every index exactly once, whatever the grouping and however the indices come.
    let mut messy: Vec<usize> = all.iter().rev().copied().collect();
    messy.extend([n, n + 7, usize::MAX]);
    messy.extend(all.iter().copied());
    let mut timeline = Timeline::default();
    for group_by in GroupBy::ALL {
        let t = build_timeline(items, &all, group_by, zone, p.now_ms);
        check_timeline(items, &t, zone);
        assert_eq!(t, build_timeline(items, &messy, group_by, zone, p.now_ms), "index order or repeats matter");
        if group_by == GroupBy::Contact {
            timeline = t;
        }
    }

    // Filters: no filters keep everything; facet counts add up; selecting one value shows its count.
    let none = Filters::default();
    assert_eq!(apply(items, &none, zone, &NoDecompose, &SearchIndex::new(items, &NoDecompose)), all);
    let fx = facets(items, &none, zone, &NoDecompose, &SearchIndex::new(items, &NoDecompose));
    for (name, values) in [("method", &fx.method), ("direction", &fx.direction), ("status", &fx.status)] {
        check_facet(name, values, n);
        for v in values.iter() {
            let mut f = Filters::default();
            match name {
                "method" => f.methods.insert(v.key.clone()),
                "direction" => f.directions.insert(v.key.clone()),
                _ => f.statuses.insert(v.key.clone()),
            };
            assert_eq!(apply(items, &f, zone, &NoDecompose, &SearchIndex::new(items, &NoDecompose)).len(), v.count, "{name} = {:?}", v.key);
        }
    }
    check_facet("contacted", &fx.contacted, n);
    for (key, value) in [("yes", true), ("no", false)] {
        let count = fx.contacted.iter().find(|v| v.key == key).map_or(0, |v| v.count);
        let f = Filters { contacted: Some(value), ..Default::default() };
        assert_eq!(apply(items, &f, zone, &NoDecompose, &SearchIndex::new(items, &NoDecompose)).len(), count, "contacted = {key}");
    }
    let searched = Filters { search: QUERY.into(), ..Default::default() };
    let hits = apply(items, &searched, zone, &NoDecompose, &SearchIndex::new(items, &NoDecompose));
    assert!(hits.windows(2).all(|w| w[0] < w[1]) && hits.iter().all(|&i| i < n));

    // CSV in timeline order: a header and one record of 12 fields per item, values intact.
    let ordered: Vec<&Interaction> = timeline.ordered_indices().into_iter().map(|i| &items[i]).collect();
    let m = Messages::en_gb();
    let csv = to_csv(&ordered, &|i: &Interaction| i.date_time_raw.clone(), &m);
    let header: Vec<&str> = HEADER.iter().map(|h| m.raw(*h)).collect();
    assert!(csv.starts_with(&format!("{}\r\n", header.join(","))), "no header");
    let records = parse(&csv).unwrap_or_else(|e| panic!("unparsable CSV ({e}): {csv:?}"));
    assert_eq!(records.len(), n + 1, "{csv:?}");
    for (record, item) in records[1..].iter().zip(&ordered) {
        assert_eq!(record.len(), HEADER.len());
        assert!(same_field(&record[0], &item.id), "id {:?} became {:?}", item.id, record[0]);
        assert!(same_field(&record[11], &item.notes), "notes {:?} became {:?}", item.notes, record[11]);
    }

    // Highlighting: runs rebuild the text and alternate; a word of the notes finds itself.
    for item in items {
        check_runs(&item.notes, QUERY);
        if let Some(word) = item.notes.split_whitespace().next() {
            let runs = check_runs(&item.notes, word);
            if !normalize(word, &NoDecompose).is_empty() {
                assert!(Query::new(word, &NoDecompose).matches(item, &NoDecompose), "{word:?} does not match notes {:?}", item.notes);
                assert!(runs.iter().any(|r| r.1), "{word:?} is not highlighted in {:?}", item.notes);
            }
        }
    }
}

fn check_timeline(items: &[Interaction], t: &Timeline, zone: &dyn Zone) {
    let n = items.len();
    let mut order = t.ordered_indices();
    assert_eq!(t.total, n);
    order.sort_unstable();
    assert_eq!(order, (0..n).collect::<Vec<_>>(), "not every index exactly once");
    let counted: usize = t.upcoming.len() + t.groups.iter().map(|g| g.count).sum::<usize>();
    assert_eq!(counted, n);
    let paths = t.group_paths();
    let unique: BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "duplicate group paths: {paths:?}");
    for path in &paths {
        assert!(path.starts_with(|c: char| c.is_ascii_alphabetic()), "{path:?}");
        assert!(path.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{path:?}");
    }
    for g in &t.groups {
        check_group(items, g, zone);
    }
}

fn check_group(items: &[Interaction], g: &Group, zone: &dyn Zone) {
    assert!(!g.label.trim().is_empty(), "blank group label: {:?}", g.key);
    assert_eq!(g.count, g.entries().len());
    assert!(g.count > 0);
    if g.subgroups.is_empty() {
        assert!(!g.days.is_empty());
    } else {
        assert!(g.days.is_empty() && g.subgroups.len() > 1, "{:?}", g.key);
    }
    let keys: BTreeSet<String> = g.days.iter().map(|d| d.key()).collect();
    assert_eq!(keys.len(), g.days.len(), "duplicate days in {}", g.path);
    for (i, day) in g.days.iter().enumerate() {
        assert!(!day.entries.is_empty());
        match day.date {
            None => assert_eq!(i + 1, g.days.len(), "the undated day is not last"),
            Some(date) => {
                for e in &day.entries {
                    let ms = items[e.index].timestamp_ms().expect("an undated entry in a dated day");
                    assert_eq!(local_date(zone, ms), date);
                }
            }
        }
    }
    for sub in &g.subgroups {
        assert!(sub.path.starts_with(&g.path));
        check_group(items, sub, zone);
    }
}

fn check_facet(name: &str, values: &[FacetValue], n: usize) {
    assert_eq!(values.iter().map(|v| v.count).sum::<usize>(), n, "{name} facet counts");
    let keys: BTreeSet<&str> = values.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys.len(), values.len(), "duplicate {name} facet keys");
    assert!(values.iter().all(|v| !v.selected && v.count > 0 && !v.label.is_empty()), "{name}: {values:?}");
}

fn check_runs(text: &str, query: &str) -> Vec<(String, bool)> {
    let runs = highlight(text, query, &NoDecompose);
    assert_eq!(
        runs.iter().map(|r| r.0.as_str()).collect::<String>(),
        text,
        "highlight runs do not rebuild {text:?} for {query:?}"
    );
    assert!(runs.iter().all(|r| !r.0.is_empty()), "empty run: {runs:?}");
    assert!(runs.windows(2).all(|w| w[0].1 != w[1].1), "runs do not alternate: {runs:?}");
    runs
}

/// The CSV field as written: the value, or `'` + the value when it was neutralised.
fn same_field(field: &str, value: &str) -> bool {
    let neutral = matches!(value.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    if neutral {
        field.strip_prefix('\'') == Some(value)
    } else {
        field == value
    }
}

