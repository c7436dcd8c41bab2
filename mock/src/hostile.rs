//! `--hostile`: a data set made of everything a client must survive.
//!
//! The normal generator's data, then:
//! - every XSS payload of [`payloads`] (the classes of the OWASP XSS Filter Evasion Cheat Sheet,
//!   `xss_payloads.txt`) as a whole note, and spread over contact names, e-mails and telephones,
//!   property addresses, staff names, the organisation's name, statuses and a few interaction ids;
//! - right-to-left text (Arabic, Hebrew, bidi overrides), combining characters, emoji and ZWJ
//!   sequences, zero-width and control characters, a 1 MiB note, an unbroken 5,000-character word;
//! - unknown `method`, `direction` and `status` values (and `__proto__`-like ones);
//! - [`Quirk`]s: null, missing or mistyped attributes, dates without a time zone, invalid dates,
//!   null or missing relationships, `customer_account` instead of `account`, a wrong `type`;
//! - relationships pointing at resources never put in `included`, included resources with null,
//!   missing or mistyped attributes, included resources sent twice, and interactions sharing an id.
//!
//! It stays a faithful API otherwise: filters, `include`, `limit`/`offset`, pagination, errors and
//! authentication behave exactly as without `--hostile`.
//!
//! Depends on [`crate::data`] (it alters the normal data set), [`crate::quirks`] (the deviations it
//! assigns) and [`crate::types`] (resource type names). No module of the crate depends on it: only
//! `main` (and the tests) call [`Dataset::generate_hostile`].

use std::sync::OnceLock;

use crate::data::{Dataset, GenConfig, User};
use crate::quirks::{IncludedQuirk, Quirk};
use crate::types::{CONTACT_TYPE, PROPERTY_TYPE, USER_TYPE};

const PAYLOAD_FILE: &str = include_str!("xss_payloads.txt");

/// The XSS payloads of `xss_payloads.txt`, control-character placeholders resolved.
pub fn payloads() -> &'static [String] {
    static PAYLOADS: OnceLock<Vec<String>> = OnceLock::new();
    PAYLOADS.get_or_init(|| parse_payloads(PAYLOAD_FILE))
}

/// One payload a line; `# ` comments and blank lines skipped; `{TAB}`, `{LF}`, `{CR}`, `{NUL}`.
pub fn parse_payloads(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# ") && *l != "#")
        .map(|l| l.replace("{TAB}", "\t").replace("{LF}", "\n").replace("{CR}", "\r").replace("{NUL}", "\0"))
        .collect()
}

/// Text that is hard to render rather than dangerous: scripts, direction, combining marks, emoji.
pub const UNICODE_TEXTS: &[&str] = &[
    // Arabic (right to left)
    "اتصل العميل بخصوص قراءة العداد وتم تحديث الحساب. شكراً لكم!",
    // Hebrew (right to left)
    "הלקוחה התקשרה לגבי חשבון החשמל; נשלח מכתב אישור.",
    // Right-to-left embedding and override inside left-to-right text
    "Invoice \u{202E}fdp.exe\u{202C} attached; see \u{202B}עמוד 2\u{202C} for details",
    // Combining characters ("Zalgo") and decomposed accents
    "Z\u{0351}\u{036B}\u{0343}\u{036A}\u{0302}\u{036B}\u{033D}\u{034F}\u{0334}\u{0319}a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}l\u{0327}\u{0328}\u{0329}g\u{0336}\u{0337}o\u{0338}\u{0339}\u{033A} Zoe\u{0308} Jose\u{0301} Nu\u{0303}ez",
    // Emoji, skin tones, ZWJ sequences, flags, keycaps
    "Family 👩\u{200D}👩\u{200D}👧\u{200D}👦 flag 🏳\u{FE0F}\u{200D}🌈 coder 👨🏽\u{200D}💻 people 🧑\u{200D}🤝\u{200D}🧑 🇬🇧 🇮🇱 keycap 1\u{FE0F}\u{20E3} 💥",
    // Zero-width characters, BOM, line and paragraph separators
    "zero\u{200B}width\u{200C}non\u{200D}joiner\u{FEFF}bom\u{2028}line\u{2029}paragraph",
    // Other scripts and astral-plane letters
    "山田太郎様よりお問い合わせ देवनागरी 𝕳𝖊𝖑𝖑𝖔 𝒲ℴ𝓇𝓁𝒹 ꧁꧂",
    // Names a JavaScript object map would trip over
    "__proto__",
    "constructor",
];

/// Right-to-left and decorated names (first, last).
const ODD_NAMES: &[(&str, &str)] = &[
    ("محمد", "عبد الله"),
    ("שרה", "כהן"),
    ("Zoe\u{0308}", "Nu\u{0303}n\u{0303}ez"),
    ("👩\u{200D}👩\u{200D}👧\u{200D}👦", "🏳\u{FE0F}\u{200D}🌈"),
    ("__proto__", "constructor"),
    ("\u{202E}evilbert", "\u{202C}Smith"),
    ("山田", "太郎"),
];

/// Unknown values of the enumerated attributes (the payloads are added to these).
const ODD_METHODS: &[&str] = &["fax", "carrier-pigeon", "EMAIL", "", "  ", "__proto__", "tele\u{0}phone"];
const ODD_DIRECTIONS: &[&str] = &["sideways", "", "INBOUND", "__proto__", "<b>in</b>"];
const ODD_STATUSES: &[&str] =
    &["on_hold", "", "   ", "💥 exploded", "__proto__", "constructor", "toString", "ملغى", "בוטל"];

/// The 1 MiB note: numbered lines mixing payloads and Unicode, just over 1,048,576 bytes.
pub fn megabyte_note() -> String {
    const TARGET: usize = 1 << 20;
    let p = payloads();
    let mut s = String::with_capacity(TARGET + 4096);
    s.push_str("1 MiB note. ");
    let mut n = 0usize;
    while s.len() < TARGET {
        let payload = p.get(n % p.len().max(1)).map_or("", String::as_str);
        let extra = UNICODE_TEXTS[n % UNICODE_TEXTS.len()];
        s.push_str(&format!("Line {n}: {payload} {extra}\n"));
        n += 1;
    }
    s
}

/// A 5,000-character word with no break opportunity.
pub fn unbroken_word() -> String {
    "Unbroken".repeat(625)
}

/// The smallest `--size` that holds every payload as a note of its own and every quirk.
pub fn min_size() -> usize {
    payloads().len() + 120
}

const GHOST_CONTACT: &str = "00000000-0000-4000-8000-00000000dead";
const GHOST_PROPERTY: &str = "00000000-0000-4000-8000-0000000beef0";
const GHOST_USER: &str = "00000000-0000-4000-8000-00000000f00d";

fn pick(list: &'static [String], i: usize) -> &'static str {
    list.get(i % list.len().max(1)).map_or("", String::as_str)
}

impl Dataset {
    /// The hostile data set (see the module docs): deterministic like [`Dataset::generate`], with at
    /// least [`min_size`] interactions.
    pub fn generate_hostile(cfg: &GenConfig) -> Self {
        let cfg = GenConfig { size: cfg.size.max(min_size()), ..cfg.clone() };
        let mut data = Dataset::generate(&cfg);
        let p = payloads();
        let np = p.len();

        data.organisation.name = pick(p, 7).to_string();
        data.organisation.description = pick(p, 8).to_string();

        for (u, user) in data.users.iter_mut().enumerate() {
            match u % 3 {
                0 => {
                    user.first_name = pick(p, 3 * u).to_string();
                    user.last_name = pick(p, 3 * u + 1).to_string();
                }
                1 => {
                    let (first, last) = ODD_NAMES[u % ODD_NAMES.len()];
                    user.first_name = first.to_string();
                    user.last_name = last.to_string();
                }
                _ => {
                    user.first_name = String::new();
                    user.last_name = String::new();
                    user.username = String::new();
                    user.email = pick(p, 3 * u + 2).to_string();
                }
            }
        }

        for (c, contact) in data.contacts.iter_mut().enumerate() {
            let (a, b) = (pick(p, 2 * c + 11), pick(p, 2 * c + 12));
            match c % 8 {
                0 => (contact.first_name, contact.last_name) = (a.into(), b.into()),
                1 | 5 => {
                    let (first, last) = ODD_NAMES[(c / 8) % ODD_NAMES.len()];
                    (contact.first_name, contact.last_name) = (first.into(), last.into());
                }
                2 => (contact.first_name, contact.last_name) = (a.into(), "כהן".into()),
                3 => {
                    (contact.first_name, contact.last_name) = (String::new(), " ".into());
                    contact.email = Some(a.into());
                }
                4 => {
                    (contact.first_name, contact.last_name, contact.email) = (String::new(), String::new(), None);
                    contact.telephone = Some(a.into());
                }
                6 => {
                    contact.salutation = Some(a.into());
                    contact.last_name = b.into();
                }
                _ => {
                    (contact.first_name, contact.last_name) = (String::new(), String::new());
                    (contact.email, contact.telephone, contact.salutation) = (None, None, None);
                }
            }
            contact.association = pick(p, c + 40).to_string();
        }
        for (c, contact) in data.contacts.iter().enumerate() {
            if c % 5 == 2 {
                let quirk = IncludedQuirk::ALL[(c / 5) % IncludedQuirk::ALL.len()];
                data.included_quirks.insert((CONTACT_TYPE, contact.id.clone()), quirk);
            }
        }

        for (i, property) in data.properties.iter_mut().enumerate() {
            let a = &mut property.address;
            match i % 4 {
                0 => a.description = Some(pick(p, 3 * i + 5).into()),
                1 => {
                    a.description = None;
                    a.name = Some(pick(p, 3 * i + 5).into());
                    a.thoroughfare = Some(pick(p, 3 * i + 6).into());
                    a.post_town = ODD_NAMES[i % ODD_NAMES.len()].0.into();
                    a.postcode = pick(p, 3 * i + 7).into();
                }
                2 => {
                    a.description = Some(UNICODE_TEXTS[i % UNICODE_TEXTS.len()].into());
                }
                _ => {
                    (a.description, a.department, a.organisation, a.number, a.name) = (None, None, None, None, None);
                    (a.thoroughfare, a.dependent_thoroughfare, a.po_box) = (None, None, None);
                    (a.post_town, a.postcode) = (String::new(), String::new());
                }
            }
            property.psr.notes = Some(pick(p, i + 9).into());
        }
        for (i, property) in data.properties.iter().enumerate() {
            if i % 6 == 5 {
                let quirk = IncludedQuirk::ALL[(i / 6) % IncludedQuirk::ALL.len()];
                data.included_quirks.insert((PROPERTY_TYPE, property.id.clone()), quirk);
            }
        }

        // Resources that relationships point at, never included.
        let now = data.now;
        let template_contact = data.contacts.first().cloned();
        if let Some(mut ghost) = template_contact {
            ghost.id = GHOST_CONTACT.into();
            data.contacts.push(ghost);
            data.not_included.insert((CONTACT_TYPE, GHOST_CONTACT.into()));
        }
        let template_property = data.properties.first().cloned();
        if let Some(mut ghost) = template_property {
            ghost.id = GHOST_PROPERTY.into();
            data.properties.push(ghost);
            data.not_included.insert((PROPERTY_TYPE, GHOST_PROPERTY.into()));
        }
        data.users.push(User {
            id: GHOST_USER.into(),
            first_name: "Ghost".into(),
            last_name: "User".into(),
            username: "ghost".into(),
            email: "ghost@example.invalid".into(),
            timezone: "Europe/London".into(),
            preferred_language: "en-GB".into(),
            created_at: now,
        });
        data.not_included.insert((USER_TYPE, GHOST_USER.into()));
        let (ghost_contact, ghost_property, ghost_user) =
            (data.contacts.len() - 1, data.properties.len() - 1, data.users.len() - 1);

        let specials = special_notes();
        let n_special = specials.len();
        let mut quirks = 0usize;
        for (i, item) in data.interactions.iter_mut().enumerate() {
            item.notes = if i < n_special {
                specials[i].clone()
            } else if i < n_special + np {
                Some(p[i - n_special].clone())
            } else {
                let k = i - n_special - np;
                let payload = pick(p, k * 7);
                Some(match k % 3 {
                    0 => format!("Customer wrote: {payload}"),
                    1 => format!("{payload}\n\n{}", UNICODE_TEXTS[k % UNICODE_TEXTS.len()]),
                    _ => format!("{} {payload}", UNICODE_TEXTS[(k + 1) % UNICODE_TEXTS.len()]),
                })
            };
            if i % 7 == 3 {
                item.method = odd(ODD_METHODS, p, i / 7);
            }
            if i % 11 == 5 {
                item.direction = odd(ODD_DIRECTIONS, p, i / 11 + 3);
            }
            if i % 5 == 1 {
                item.status = odd(ODD_STATUSES, p, i / 5 + 17);
            }
            // Quirks (every one, in turn) on every fifth interaction, except those whose note is a
            // bare payload: a quirk could hide the note, and every payload must reach the client.
            let bare_payload = (n_special..n_special + np).contains(&i);
            if i % 5 == 4 && !bare_payload {
                item.quirk = Some(Quirk::ALL[quirks % Quirk::ALL.len()]);
                quirks += 1;
            }
            if i % 19 == 9 {
                item.contact = Some(ghost_contact);
            }
            if i % 23 == 11 {
                item.property = Some(ghost_property);
            }
            if i % 29 == 14 {
                item.representative = ghost_user;
            }
            if i % 31 == 3 {
                item.author = ghost_user;
            }
        }
        // Interactions sharing an id (on the first page and further on), and ids that are payloads.
        for i in [2usize, 60, 61] {
            if let Some(id) = data.interactions.get(i).map(|x| x.id.clone()) {
                if let Some(next) = data.interactions.get_mut(i + 1) {
                    next.id = id;
                }
            }
        }
        for (i, id) in [(6usize, "\"><img src=x onerror=alert('id')>"), (12, "<svg/onload=window.__xss='id'>")] {
            if let Some(item) = data.interactions.get_mut(i) {
                item.id = id.into();
            }
        }
        data.reindex();
        data
    }
}

/// `ODD` values and payloads, alternately.
fn odd(list: &[&'static str], p: &'static [String], k: usize) -> &'static str {
    if k.is_multiple_of(2) {
        list[(k / 2) % list.len()]
    } else {
        pick(p, k)
    }
}

/// The notes of the newest interactions: the 1 MiB note, Unicode, empty, null, long.
fn special_notes() -> Vec<Option<String>> {
    let mut out = vec![Some(megabyte_note())];
    out.extend(UNICODE_TEXTS.iter().map(|t| Some((*t).to_string())));
    out.push(Some(unbroken_word()));
    out.push(Some(String::new()));
    out.push(Some(" \t\n ".into()));
    out.push(None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{included, list_document};
    use crate::query::Include;
    use crate::types::ACCOUNT_TYPE;
    use chrono::{DateTime, Utc};

    fn is_nameless(c: &crate::data::Contact) -> bool {
        c.first_name.trim().is_empty() && c.last_name.trim().is_empty()
    }

    fn cfg(size: usize) -> GenConfig {
        GenConfig {
            seed: 42,
            size,
            now: DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z").expect("valid").with_timezone(&Utc),
            org_id: "demo-org".into(),
        }
    }

    #[test]
    fn the_payload_file_parses() {
        let p = payloads();
        assert!(p.len() >= 120, "{}", p.len());
        assert!(p.iter().all(|s| !s.is_empty() && !s.starts_with("# ")));
        assert!(p.iter().any(|s| s.contains('\t')) && p.iter().any(|s| s.contains('\0')));
        assert!(p.iter().any(|s| s.contains('\n')));
        // One of each class.
        for needle in [
            "<script>",
            "onerror",
            "<svg",
            "javascript:",
            "&#x6A",
            "<iframe",
            "expression(",
            "<STYLE",
            "<META",
            "<math>",
        ] {
            assert!(p.iter().any(|s| s.contains(needle)), "{needle}");
        }
        assert_eq!(parse_payloads("# c\n\na{TAB}b\n#\n<x>{NUL}\n"), ["a\tb", "<x>\0"]);
    }

    #[test]
    fn every_payload_is_a_note_of_its_own() {
        let d = Dataset::generate_hostile(&cfg(10));
        assert!(d.interactions.len() >= min_size());
        for payload in payloads() {
            assert!(d.interactions.iter().any(|i| i.notes.as_deref() == Some(payload.as_str())), "{payload}");
        }
    }

    #[test]
    fn labels_carry_payloads_and_unicode() {
        let d = Dataset::generate_hostile(&cfg(2500));
        let p = payloads();
        assert!(d.contacts.iter().any(|c| p.contains(&c.first_name)));
        assert!(d.contacts.iter().any(|c| c.first_name == "محمد"));
        assert!(d.contacts.iter().any(|c| c.last_name == "כהן"));
        assert!(d.contacts.iter().any(|c| is_nameless(c) && c.email.as_ref().is_some_and(|e| p.contains(e))));
        assert!(d.contacts.iter().any(|c| c.salutation.as_ref().is_some_and(|s| p.contains(s))));
        assert!(d.properties.iter().any(|x| x.address.description.as_ref().is_some_and(|s| p.contains(s))));
        assert!(d.properties.iter().any(|x| x.address.thoroughfare.as_ref().is_some_and(|s| p.contains(s))));
        assert!(d.users.iter().any(|u| p.contains(&u.first_name)));
        assert!(p.contains(&d.organisation.name));
        assert!(d.interactions.iter().any(|i| p.iter().any(|s| s == i.status)));
        assert!(d.interactions.iter().any(|i| !["letter", "email", "telephone", "sms"].contains(&i.method)));
        assert!(d.interactions.iter().any(|i| !["inbound", "outbound"].contains(&i.direction)));
        for t in UNICODE_TEXTS {
            assert!(d.interactions.iter().any(|i| i.notes.as_deref() == Some(*t)), "{t}");
        }
    }

    #[test]
    fn a_megabyte_note_on_the_first_page() {
        let d = Dataset::generate_hostile(&cfg(300));
        let n = d.interactions[0].notes.as_ref().map_or(0, String::len);
        assert!((1 << 20..(1 << 20) + 4096).contains(&n), "{n}");
    }

    #[test]
    fn every_quirk_is_used_and_changes_the_json() {
        let d = Dataset::generate_hostile(&cfg(1));
        for q in Quirk::ALL {
            let item = d.interactions.iter().find(|i| i.quirk == Some(q));
            let item = item.unwrap_or_else(|| panic!("{q:?} unused"));
            let plain = serde_json::to_value(crate::document::interaction_resource(&d, item)).expect("json");
            let quirky = crate::document::interaction_json(&d, item);
            assert_ne!(plain, quirky, "{q:?}");
        }
        let doc = list_document(&d, &d.interactions.iter().collect::<Vec<_>>(), 1, 1, 0, None);
        let v = serde_json::to_value(&doc).expect("json");
        let data = v["data"].as_array().expect("data");
        assert!(data.iter().any(|r| r["attributes"].is_null() && r.get("attributes").is_some()));
        assert!(data.iter().any(|r| r.get("id").is_none()));
        assert!(data.iter().any(|r| r["attributes"]["date_time"] == "2025-02-30T25:61:00Z"));
        assert!(data
            .iter()
            .any(|r| r["attributes"]["date_time"].as_str().is_some_and(|t| !t.ends_with('Z') && t.len() == 19)));
        assert!(data.iter().any(|r| r["relationships"].get("customer_account").is_some()));
    }

    #[test]
    fn duplicate_ids_and_dangling_relationships() {
        let d = Dataset::generate_hostile(&cfg(300));
        assert_eq!(d.interactions[2].id, d.interactions[3].id);
        let items: Vec<_> = d.interactions.iter().collect();
        let inc = included(&d, &items, &Include::ALL);
        // Ghosts are referenced but never included.
        assert!(d.interactions.iter().any(|i| i.contact == Some(d.contacts.len() - 1)));
        assert!(!inc.iter().any(|r| r["id"] == GHOST_CONTACT || r["id"] == GHOST_PROPERTY || r["id"] == GHOST_USER));
        // Some included resource appears twice; some has null attributes.
        let mut seen = std::collections::HashSet::new();
        let dup = inc.iter().any(|r| !seen.insert((r["type"].to_string(), r["id"].to_string())));
        assert!(dup);
        assert!(inc.iter().any(|r| r["type"] == CONTACT_TYPE && r["attributes"].is_null()));
        assert!(inc.iter().any(|r| r["type"] == ACCOUNT_TYPE));
    }

    #[test]
    fn id_in_matches_every_interaction_sharing_the_id() {
        let d = Dataset::generate_hostile(&cfg(300));
        let id = d.interactions[2].id.clone();
        let filter = crate::query::Filter { name: crate::query::FilterName::IdIn, values: vec![id] };
        let (total, page) = d.select(&[filter], 0, 10);
        assert_eq!(total, 2);
        assert_eq!(page.len(), 2);
    }

    #[test]
    fn deterministic() {
        let a = Dataset::generate_hostile(&cfg(300));
        let b = Dataset::generate_hostile(&cfg(300));
        let ids = |d: &Dataset| d.interactions.iter().map(|i| (i.id.clone(), i.notes.clone())).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
    }
}
