//! The generator of the deterministic data set ([`Dataset::generate`]): the organisation, its
//! staff, its customers (contacts and accounts), their properties and the customer interactions.
//! Everything is derived from `seed`, `size` and `now`.
//!
//! Depends on [`crate::data`] (the types it fills) and its helpers `names`, `notes` and `rng`;
//! nothing depends on it (the method is called through [`Dataset`]).

use chrono::{DateTime, TimeDelta, Timelike, Utc};

use crate::data::{
    Account, Address, Contact, Dataset, GenConfig, Interaction, Meter, Organisation, Property, Psr, User,
};
use crate::names::{self, Town};
use crate::notes::{self, NoteContext};
use crate::rng::Rng;

const DAY: i64 = 86_400;
/// How far back the history goes (about 18 months).
const HISTORY_DAYS: i64 = 548;
/// How far ahead scheduled interactions go.
const FUTURE_DAYS: i64 = 30;
const USERS: usize = 12;

fn secs(s: i64) -> TimeDelta {
    TimeDelta::seconds(s)
}

/// A random span between `lo` and `hi` days (to the second).
fn span(rng: &mut Rng, lo: i64, hi: i64) -> TimeDelta {
    secs(rng.range(lo * DAY, hi * DAY))
}

impl Dataset {
    /// Generate the data set. Same config, same data.
    pub fn generate(cfg: &GenConfig) -> Self {
        let now = DateTime::from_timestamp(cfg.now.timestamp(), 0).unwrap_or(cfg.now);
        let n_contacts = (cfg.size / 16).max(3);
        let n_properties = (cfg.size / 28).max(2);

        let organisation = Organisation {
            id: cfg.org_id.clone(),
            name: "Demo Utilities Ltd".into(),
            description: "Gas, electricity and water supply for homes and small businesses across the UK (demo data)."
                .into(),
            slug: "demo-utilities".into(),
            created_at: now - secs(6 * 365 * DAY),
        };
        let users = gen_users(cfg.seed, now);
        let properties = gen_properties(cfg.seed, n_properties, now);
        let (contacts, accounts) = gen_contacts(cfg.seed, n_contacts, n_properties, now);
        let mut interactions = gen_interactions(cfg.seed, cfg.size, now, &users, &contacts, &accounts, &properties);
        interactions.sort_by(|a, b| b.date_time.cmp(&a.date_time).then_with(|| a.id.cmp(&b.id)));

        Self::new(now, organisation, users, contacts, properties, accounts, interactions)
    }
}

fn gen_users(seed: u64, now: DateTime<Utc>) -> Vec<User> {
    let mut rng = Rng::stream(seed, "users");
    names::STAFF
        .iter()
        .take(USERS)
        .map(|(first, last, lang)| {
            let username = format!("{}{}", &first[..1], last).to_lowercase();
            User {
                id: rng.uuid(),
                first_name: (*first).into(),
                last_name: (*last).into(),
                email: format!("{}.{}@demo-utilities.co.uk", first.to_lowercase(), last.to_lowercase()),
                username,
                timezone: "Europe/London".into(),
                preferred_language: (*lang).into(),
                created_at: now - span(&mut rng, 700, 2000),
            }
        })
        .collect()
}

fn postcode(rng: &mut Rng, town: &Town) -> String {
    const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let district = rng.range(i64::from(town.districts.0), i64::from(town.districts.1));
    let a = INWARD[rng.index(INWARD.len())] as char;
    let b = INWARD[rng.index(INWARD.len())] as char;
    format!("{}{} {}{}{}", town.area, district, rng.below(10), a, b)
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if lower == "upon" {
                return lower;
            }
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn gen_properties(seed: u64, count: usize, now: DateTime<Utc>) -> Vec<Property> {
    let mut rng = Rng::stream(seed, "properties");
    (0..count)
        .map(|_| {
            let id = rng.uuid();
            let town = rng.pick(names::TOWNS);
            let street = *rng.pick(names::STREETS);
            let postcode = postcode(&mut rng, town);
            let mut address = Address {
                description: None,
                department: None,
                organisation: None,
                number: None,
                name: None,
                thoroughfare: Some(street.to_string()),
                dependent_thoroughfare: None,
                post_town: town.post_town.to_string(),
                postcode,
                po_box: None,
                country: "United Kingdom".into(),
            };
            let kind = rng.unit();
            let mut first_line = Vec::new();
            if kind < 0.14 {
                // A flat in a named building, sometimes on a dependent street.
                let building = *rng.pick(names::BUILDING_NAMES);
                let flat = rng.range(1, 42);
                address.name = Some(format!("Flat {flat}, {building}"));
                first_line.push(format!("Flat {flat}, {building}"));
                if rng.chance(0.5) {
                    let dep = rng.pick(names::DEPENDENT_STREETS).to_string();
                    address.dependent_thoroughfare = Some(dep.clone());
                    first_line.push(dep);
                } else {
                    let n = rng.range(1, 220).to_string();
                    address.number = Some(n);
                }
            } else if kind < 0.19 {
                let (org, dept) = *rng.pick(names::BUSINESSES);
                address.organisation = Some(org.to_string());
                address.department = dept.map(str::to_string);
                address.number = Some(rng.range(1, 120).to_string());
                first_line.push(org.to_string());
            } else if kind < 0.31 {
                address.name = Some(rng.pick(names::HOUSE_NAMES).to_string());
                first_line.push(address.name.clone().unwrap_or_default());
                if rng.chance(0.3) {
                    address.number = Some(rng.range(1, 90).to_string());
                }
            } else {
                let mut n = rng.range(1, 240).to_string();
                if rng.chance(0.04) {
                    n.push(*rng.pick(&['A', 'B']));
                }
                address.number = Some(n);
            }
            let street_line = match &address.number {
                Some(n) => format!("{n} {street}"),
                None => street.to_string(),
            };
            first_line.push(street_line);
            if rng.chance(0.4) {
                let mut parts = first_line.clone();
                if rng.chance(0.5) {
                    parts.push(rng.pick(town.locality).to_string());
                }
                parts.push(title_case(town.post_town));
                parts.push(address.postcode.clone());
                address.description = Some(parts.join(", "));
            }
            let psr = if rng.chance(0.15) {
                Psr {
                    indicator: true,
                    priority: Some(rng.weighted(&[("high", 2), ("medium", 3), ("low", 2)]).to_string()),
                    notes: Some(rng.pick(names::PSR_NEEDS).to_string()),
                    contact: if rng.chance(0.4) {
                        Some(format!("{} (carer)", rng.pick(names::FEMALE_FIRST)))
                    } else {
                        None
                    },
                }
            } else {
                Psr { indicator: false, priority: None, notes: None, contact: None }
            };
            let mut meters = vec![Meter {
                kind: "electricity".into(),
                // MPAN core: 13 digits.
                number: 1_000_000_000_000 + rng.below(9_000_000_000_000),
            }];
            if rng.chance(0.7) {
                meters.push(Meter {
                    kind: "gas".into(),
                    // MPRN: 6 to 10 digits.
                    number: 100_000 + rng.below(9_999_900_000),
                });
            }
            if rng.chance(0.2) {
                meters.push(Meter { kind: "water".into(), number: 10_000_000 + rng.below(90_000_000) });
            }
            let created_at = now - span(&mut rng, 600, 3000);
            Property {
                id,
                address,
                uprn: 10_000_000_000 + rng.below(90_000_000_000),
                psr,
                meters,
                latitude: round6(town.centre.0 + (rng.unit() - 0.5) * 0.08),
                longitude: round6(town.centre.1 + (rng.unit() - 0.5) * 0.12),
                created_at,
                updated_at: created_at + span(&mut rng, 1, 500),
            }
        })
        .collect()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn gen_phone(rng: &mut Rng) -> String {
    let (prefix, digits) = *rng.pick(names::PHONE_FORMATS);
    let mut s = prefix.to_string();
    for _ in 0..digits {
        s.push(char::from(b'0' + rng.below(10) as u8));
    }
    s
}

fn gen_email(rng: &mut Rng, first: &str, last: &str) -> String {
    let first = first.to_lowercase();
    let last: String = last.to_lowercase().chars().filter(char::is_ascii_alphabetic).collect();
    let domain = rng.pick(names::EMAIL_DOMAINS);
    match rng.below(5) {
        0 => format!("{first}.{last}@{domain}"),
        1 => format!("{}{last}{}@{domain}", &first[..1], rng.range(1, 99)),
        2 => format!("{first}{last}@{domain}"),
        3 => format!("{first}_{last}{}@{domain}", rng.range(60, 99)),
        _ => format!("{last}.{first}@{domain}"),
    }
}

fn gen_contacts(seed: u64, count: usize, n_properties: usize, now: DateTime<Utc>) -> (Vec<Contact>, Vec<Account>) {
    let mut rng = Rng::stream(seed, "contacts");
    let mut acct_rng = Rng::stream(seed, "accounts");
    // Spread home properties over all properties before reusing any.
    let mut order: Vec<usize> = (0..n_properties).collect();
    for i in (1..order.len()).rev() {
        let j = rng.index(i + 1);
        order.swap(i, j);
    }
    let mut contacts: Vec<Contact> = Vec::with_capacity(count);
    let mut accounts: Vec<Account> = Vec::new();
    for i in 0..count {
        let id = rng.uuid();
        let female = rng.chance(0.52);
        let first = *rng.pick(if female { names::FEMALE_FIRST } else { names::MALE_FIRST });
        let household = i > 0 && rng.chance(0.4);
        let last = match (household, contacts.last()) {
            (true, Some(prev)) if rng.chance(0.7) => prev.last_name.clone(),
            _ => rng.pick(names::SURNAMES).to_string(),
        };
        let salutation = if rng.chance(0.15) {
            None
        } else if rng.chance(0.05) {
            Some("Dr")
        } else if female {
            Some(*rng.weighted(&[("Mrs", 5), ("Ms", 4), ("Miss", 3)]))
        } else {
            Some("Mr")
        };
        let association = rng.weighted(names::ASSOCIATIONS).to_string();
        let email = rng.chance(0.8).then(|| gen_email(&mut rng, first, &last));
        let telephone = rng.chance(0.85).then(|| gen_phone(&mut rng));
        let created_at = now - span(&mut rng, HISTORY_DAYS + 10, HISTORY_DAYS + 2500);
        let updated_at = created_at + span(&mut rng, 0, HISTORY_DAYS);

        let (account, home) = match (household, contacts.last()) {
            (true, Some(prev)) => (prev.account, prev.properties[0]),
            _ => {
                let home = order[accounts.len() % order.len()];
                let a_created = created_at - span(&mut acct_rng, 0, 90);
                accounts.push(Account {
                    id: acct_rng.uuid(),
                    contacts: Vec::new(),
                    properties: vec![home],
                    created_at: a_created,
                    updated_at: (a_created + span(&mut acct_rng, 0, 900)).min(now),
                });
                (accounts.len() - 1, home)
            }
        };
        let mut properties = vec![home];
        let extra_chance = if matches!(association.as_str(), "landlord" | "managing agent") { 0.8 } else { 0.15 };
        if n_properties > 1 && rng.chance(extra_chance) {
            for _ in 0..rng.range(1, 2) {
                let p = rng.index(n_properties);
                if !properties.contains(&p) {
                    properties.push(p);
                }
            }
        }
        if let Some(acc) = accounts.get_mut(account) {
            acc.contacts.push(i);
            for p in &properties {
                if !acc.properties.contains(p) {
                    acc.properties.push(*p);
                }
            }
        }
        contacts.push(Contact {
            id,
            association,
            salutation: salutation.map(str::to_string),
            first_name: first.to_string(),
            last_name: last,
            email,
            telephone,
            account,
            properties,
            created_at,
            updated_at,
        });
    }
    (contacts, accounts)
}

const METHODS: &[(&str, u32)] = &[("telephone", 40), ("email", 30), ("letter", 15), ("sms", 15)];
const PAST_STATUSES: &[(&str, u32)] =
    &[("completed", 790), ("missed", 55), ("cancelled", 50), ("failed", 40), ("pending", 30), ("scheduled", 15)];

/// A time of day (seconds after midnight) plausible for the channel.
fn time_of_day(rng: &mut Rng, method: &str, inbound: bool) -> i64 {
    if inbound && matches!(method, "email" | "sms") {
        rng.range(6 * 3600, 23 * 3600 + 59 * 60)
    } else {
        rng.range(8 * 3600, 19 * 3600 + 30 * 60)
    }
}

#[allow(clippy::too_many_arguments)]
fn gen_interactions(
    seed: u64,
    size: usize,
    now: DateTime<Utc>,
    users: &[User],
    contacts: &[Contact],
    accounts: &[Account],
    properties: &[Property],
) -> Vec<Interaction> {
    let mut rng = Rng::stream(seed, "interactions");
    let mut text_rng = Rng::stream(seed, "notes");
    let midnight = now - secs(i64::from(now.num_seconds_from_midnight()));
    let mut out = Vec::with_capacity(size);
    for _ in 0..size {
        let id = rng.uuid();
        let method = *rng.weighted(METHODS);
        let future = rng.chance(0.008);
        let mut status =
            if future { *rng.weighted(&[("scheduled", 9), ("pending", 1)]) } else { *rng.weighted(PAST_STATUSES) };
        if status == "failed" && method == "telephone" && rng.chance(0.6) {
            status = "missed";
        }
        let direction =
            if matches!(status, "scheduled" | "failed") || future || rng.chance(0.58) { "outbound" } else { "inbound" };
        let inbound = direction == "inbound";

        let date_time = if future {
            // Quarter-hour slots between 08:00 and 17:00 in the next 30 days.
            let day = rng.range(1, FUTURE_DAYS);
            midnight + secs(day * DAY + rng.range(32, 68) * 900)
        } else {
            let day = if status == "scheduled" {
                // Overdue: scheduled in the recent past but never completed.
                rng.range(1, 21)
            } else {
                (HISTORY_DAYS as f64 * rng.unit().powf(1.25)) as i64
            };
            let t = midnight - secs(day * DAY) + secs(time_of_day(&mut rng, method, inbound));
            if t >= now {
                t - secs(DAY)
            } else {
                t
            }
        };

        let contacted = match status {
            "completed" => !(method == "telephone" && !inbound && rng.chance(0.12)),
            "pending" => inbound,
            _ => false,
        };

        // Contact: skewed so some customers have long histories.
        let contact = if contacts.is_empty() || rng.chance(0.03) {
            None
        } else {
            let idx = (rng.unit().powf(1.6) * contacts.len() as f64) as usize;
            Some(idx.min(contacts.len() - 1))
        };
        let property = if properties.is_empty() || rng.chance(0.03) {
            None
        } else {
            match contact.and_then(|c| contacts.get(c)) {
                Some(c) if c.properties.len() > 1 && rng.chance(0.35) => {
                    Some(c.properties[rng.index(c.properties.len())])
                }
                Some(c) => c.properties.first().copied(),
                None => Some(rng.index(properties.len())),
            }
        };
        let account = match contact.and_then(|c| contacts.get(c)) {
            Some(c) => Some(c.account),
            None if !accounts.is_empty() && rng.chance(0.5) => Some(rng.index(accounts.len())),
            None => None,
        };
        let representative = rng.index(users.len().max(1));
        let author = if rng.chance(0.7) { representative } else { rng.index(users.len().max(1)) };

        let created_at = if date_time > now || status == "scheduled" {
            date_time.min(now) - secs(rng.range(3600, 20 * DAY))
        } else {
            (date_time + secs(rng.range(30, 4 * 3600))).min(now)
        };
        let updated_at =
            if rng.chance(0.3) { (created_at + secs(rng.range(60, 5 * DAY))).min(now) } else { created_at };
        let modified_at =
            if rng.chance(0.1) { (updated_at + secs(rng.range(60, 2 * DAY))).min(now) } else { updated_at };

        let customer = contact.and_then(|c| contacts.get(c)).map(|c| match &c.salutation {
            Some(s) => format!("{s} {}", c.last_name),
            None => format!("{} {}", c.first_name, c.last_name),
        });
        let rep_name = users.get(representative).map_or("the agent", |u| u.first_name.as_str());
        let notes = notes::note(
            &mut text_rng,
            &NoteContext { method, direction, status, customer: customer.as_deref(), rep: rep_name },
        );

        out.push(Interaction {
            id,
            method,
            direction,
            date_time,
            contacted,
            status,
            notes,
            created_at,
            updated_at,
            modified_at,
            author,
            representative,
            account,
            contact,
            property,
            quirk: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(seed: u64, size: usize) -> GenConfig {
        GenConfig {
            seed,
            size,
            now: DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z").expect("valid").with_timezone(&Utc),
            org_id: "demo-org".into(),
        }
    }

    #[test]
    fn sizes_scale() {
        let d = Dataset::generate(&cfg(42, 2500));
        assert_eq!(d.interactions.len(), 2500);
        assert_eq!(d.contacts.len(), 156);
        assert_eq!(d.properties.len(), 89);
        assert_eq!(d.users.len(), 12);
        assert!(d.accounts.len() >= d.contacts.len() / 2 && d.accounts.len() <= d.contacts.len());
        let tiny = Dataset::generate(&cfg(1, 5));
        assert_eq!(tiny.contacts.len(), 3);
        assert_eq!(tiny.properties.len(), 2);
        let empty = Dataset::generate(&cfg(1, 0));
        assert!(empty.interactions.is_empty());
    }

    #[test]
    fn deterministic_and_seed_dependent() {
        let a = Dataset::generate(&cfg(42, 300));
        let b = Dataset::generate(&cfg(42, 300));
        let c = Dataset::generate(&cfg(43, 300));
        let ids = |d: &Dataset| d.interactions.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
        assert_eq!(a.interactions[0].notes, b.interactions[0].notes);
    }

    #[test]
    fn sorted_newest_first_and_dates_in_range() {
        let d = Dataset::generate(&cfg(42, 2500));
        let now = d.now;
        for w in d.interactions.windows(2) {
            assert!(w[0].date_time > w[1].date_time || (w[0].date_time == w[1].date_time && w[0].id < w[1].id));
        }
        for i in &d.interactions {
            assert!(i.date_time <= now + secs((FUTURE_DAYS + 1) * DAY));
            assert!(i.date_time >= now - secs((HISTORY_DAYS + 2) * DAY));
            assert!(i.created_at <= now && i.updated_at <= now && i.modified_at <= now);
            if i.date_time > now {
                assert!(matches!(i.status, "scheduled" | "pending"), "{}", i.status);
            }
        }
        for c in &d.contacts {
            assert!(c.created_at <= c.updated_at && c.updated_at <= now);
        }
        for a in &d.accounts {
            assert!(a.created_at <= a.updated_at && a.updated_at <= now);
        }
        for p in &d.properties {
            assert!(p.created_at <= p.updated_at && p.updated_at <= now);
        }
        assert!(d.users.iter().all(|u| u.created_at <= now));
    }

    #[test]
    fn variety() {
        let d = Dataset::generate(&cfg(42, 2500));
        let now = d.now;
        for m in ["letter", "email", "telephone", "sms"] {
            assert!(d.interactions.iter().any(|i| i.method == m), "{m}");
        }
        for s in ["completed", "scheduled", "missed", "cancelled", "pending", "failed"] {
            assert!(d.interactions.iter().any(|i| i.status == s), "{s}");
        }
        assert!(d.interactions.iter().any(|i| i.status == "scheduled" && i.date_time < now));
        assert!(d.interactions.iter().any(|i| i.status == "scheduled" && i.date_time > now));
        assert!(d.interactions.iter().any(|i| i.direction == "inbound"));
        let null_contacts = d.interactions.iter().filter(|i| i.contact.is_none()).count();
        let null_props = d.interactions.iter().filter(|i| i.property.is_none()).count();
        assert!((25..=130).contains(&null_contacts), "{null_contacts}");
        assert!((25..=130).contains(&null_props), "{null_props}");
        assert!(d.interactions.iter().any(|i| i.notes.is_none()));
        // Some contacts have interactions at more than one property.
        let multi = d.contacts.iter().enumerate().any(|(ci, _)| {
            let mut props: Vec<usize> =
                d.interactions.iter().filter(|i| i.contact == Some(ci)).filter_map(|i| i.property).collect();
            props.sort_unstable();
            props.dedup();
            props.len() >= 2
        });
        assert!(multi);
        assert!(d.properties.iter().any(|p| p.address.description.is_some()));
        assert!(d.properties.iter().any(|p| p.address.name.as_deref().is_some_and(|n| n.starts_with("Flat"))));
        assert!(d.contacts.iter().any(|c| c.salutation.is_none()));
    }
}
