//! The in-memory data set: one organisation, its staff, its customers (contacts and accounts),
//! their properties and the customer interactions, with id look-ups and filtering
//! ([`Dataset::select`]). `generate` fills it ([`Dataset::generate`]), `hostile` alters it.
//!
//! Depends on [`crate::query`] (filters) and [`crate::quirks`] (the `--hostile` deviations it
//! stores) only; never on `generate`, `hostile` or `document`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::query::{Filter, FilterName};
use crate::quirks::{IncludedQuirk, Quirk};

/// Inputs of the generator.
#[derive(Debug, Clone)]
pub struct GenConfig {
    pub seed: u64,
    /// Number of interactions.
    pub size: usize,
    /// The reference time: all dates are relative to it.
    pub now: DateTime<Utc>,
    /// The organisation id (the `{org_id}` of the URL).
    pub org_id: String,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub description: String,
    pub slug: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub email: String,
    pub timezone: String,
    pub preferred_language: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub id: String,
    pub association: String,
    pub salutation: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub account: usize,
    /// Home property first.
    pub properties: Vec<usize>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A property address in Royal Mail PAF style.
#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub description: Option<String>,
    pub department: Option<String>,
    pub organisation: Option<String>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub thoroughfare: Option<String>,
    pub dependent_thoroughfare: Option<String>,
    pub post_town: String,
    pub postcode: String,
    pub po_box: Option<String>,
    pub country: String,
}

/// Priority Services Register details.
#[derive(Debug, Clone, Serialize)]
pub struct Psr {
    pub indicator: bool,
    pub priority: Option<String>,
    pub notes: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meter {
    #[serde(rename = "type")]
    pub kind: String,
    pub number: u64,
}

#[derive(Debug, Clone)]
pub struct Property {
    pub id: String,
    pub address: Address,
    pub uprn: u64,
    pub psr: Psr,
    pub meters: Vec<Meter>,
    pub latitude: f64,
    pub longitude: f64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub contacts: Vec<usize>,
    pub properties: Vec<usize>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One customer interaction; related resources are indices into the
/// [`Dataset`] vectors. The organisation is always the data set's one.
#[derive(Debug, Clone)]
pub struct Interaction {
    pub id: String,
    pub method: &'static str,
    pub direction: &'static str,
    pub date_time: DateTime<Utc>,
    pub contacted: bool,
    pub status: &'static str,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
    pub author: usize,
    pub representative: usize,
    pub account: Option<usize>,
    pub contact: Option<usize>,
    pub property: Option<usize>,
    /// How its JSON deviates from the contract (`--hostile` only).
    pub quirk: Option<Quirk>,
}

/// The whole generated data set. `interactions` is sorted newest
/// `date_time` first, ties by id.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub now: DateTime<Utc>,
    pub organisation: Organisation,
    pub users: Vec<User>,
    pub contacts: Vec<Contact>,
    pub properties: Vec<Property>,
    pub accounts: Vec<Account>,
    pub interactions: Vec<Interaction>,
    /// Resources that relationships point at but that are never put in `included`
    /// (`--hostile`), as `(type, id)`.
    pub not_included: HashSet<(&'static str, String)>,
    /// How the `included` JSON of some resources deviates (`--hostile`), by `(type, id)`.
    pub included_quirks: HashMap<(&'static str, String), IncludedQuirk>,
    interaction_ids: HashMap<String, usize>,
    user_ids: HashMap<String, usize>,
    contact_ids: HashMap<String, usize>,
    property_ids: HashMap<String, usize>,
    account_ids: HashMap<String, usize>,
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, t) in items.iter().enumerate() {
        map.entry(id(t).to_string()).or_insert(i);
    }
    map
}

impl Dataset {
    /// A data set of these resources (`interactions` already in order), indexed, with nothing
    /// left out of `included` and no quirks.
    pub(crate) fn new(
        now: DateTime<Utc>,
        organisation: Organisation,
        users: Vec<User>,
        contacts: Vec<Contact>,
        properties: Vec<Property>,
        accounts: Vec<Account>,
        interactions: Vec<Interaction>,
    ) -> Self {
        let mut data = Self {
            now,
            organisation,
            users,
            contacts,
            properties,
            accounts,
            interactions,
            not_included: HashSet::new(),
            included_quirks: HashMap::new(),
            interaction_ids: HashMap::new(),
            user_ids: HashMap::new(),
            contact_ids: HashMap::new(),
            property_ids: HashMap::new(),
            account_ids: HashMap::new(),
        };
        data.reindex();
        data
    }

    /// Rebuild the id look-ups after the vectors changed. With duplicate ids, the first wins.
    pub(crate) fn reindex(&mut self) {
        self.interaction_ids = index_of(&self.interactions, |i| &i.id);
        self.user_ids = index_of(&self.users, |u| &u.id);
        self.contact_ids = index_of(&self.contacts, |c| &c.id);
        self.property_ids = index_of(&self.properties, |p| &p.id);
        self.account_ids = index_of(&self.accounts, |a| &a.id);
    }

    pub fn user_index(&self, id: &str) -> Option<usize> {
        self.user_ids.get(id).copied()
    }
    pub fn contact_index(&self, id: &str) -> Option<usize> {
        self.contact_ids.get(id).copied()
    }
    pub fn property_index(&self, id: &str) -> Option<usize> {
        self.property_ids.get(id).copied()
    }
    pub fn account_index(&self, id: &str) -> Option<usize> {
        self.account_ids.get(id).copied()
    }
    pub fn interaction_index(&self, id: &str) -> Option<usize> {
        self.interaction_ids.get(id).copied()
    }

    /// Apply `filters` (AND across filters, OR within one) and return the
    /// total number of matches and the `limit` matches from `offset` on,
    /// in the data set's order (newest first).
    pub fn select(&self, filters: &[Filter], offset: u64, limit: u64) -> (u64, Vec<&Interaction>) {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if filters.is_empty() {
            let total = self.interactions.len();
            let start = offset.min(total);
            let end = start.saturating_add(limit).min(total);
            return (total as u64, self.interactions[start..end].iter().collect());
        }
        let matchers: Vec<Matcher> = filters.iter().map(|f| Matcher::new(self, f)).collect();
        let mut total = 0usize;
        let mut page = Vec::new();
        for item in &self.interactions {
            if matchers.iter().all(|m| m.matches(item)) {
                if total >= offset && page.len() < limit {
                    page.push(item);
                }
                total += 1;
            }
        }
        (total as u64, page)
    }
}

/// One filter resolved to indices (ids that do not exist match nothing); `id_in` compares
/// ids, so that every interaction sharing an id (`--hostile`) matches.
struct Matcher {
    name: FilterName,
    indices: Vec<usize>,
    ids: HashSet<String>,
}

impl Matcher {
    fn new(data: &Dataset, filter: &Filter) -> Self {
        if filter.name == FilterName::IdIn {
            return Self { name: filter.name, indices: Vec::new(), ids: filter.values.iter().cloned().collect() };
        }
        let lookup = |id: &str| match filter.name {
            FilterName::IdIn => None,
            FilterName::AccountIn => data.account_index(id),
            FilterName::ContactIn => data.contact_index(id),
            FilterName::PropertyIn => data.property_index(id),
            FilterName::RepresentativeIn => data.user_index(id),
        };
        let mut indices: Vec<usize> = filter.values.iter().filter_map(|v| lookup(v)).collect();
        indices.sort_unstable();
        indices.dedup();
        Self { name: filter.name, indices, ids: HashSet::new() }
    }

    fn matches(&self, item: &Interaction) -> bool {
        let key = match self.name {
            FilterName::IdIn => return self.ids.contains(&item.id),
            FilterName::AccountIn => item.account,
            FilterName::ContactIn => item.contact,
            FilterName::PropertyIn => item.property,
            FilterName::RepresentativeIn => Some(item.representative),
        };
        key.is_some_and(|k| self.indices.binary_search(&k).is_ok())
    }
}
