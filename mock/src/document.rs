//! JSON:API documents: the list response, its resources and error documents.
//!
//! Depends on [`crate::data`], [`crate::query`] (`include`) and [`crate::types`]; it applies the
//! [`crate::quirks`] stored on the data set through their methods, without importing them.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use crate::data::{Dataset, Interaction};
use crate::query::{Include, INCLUDE_OPTIONS};
use crate::types::{ACCOUNT_TYPE, CONTACT_TYPE, INTERACTION_TYPE, ORGANISATION_TYPE, PROPERTY_TYPE, USER_TYPE};

pub const JSONAPI_MEDIA_TYPE: &str = "application/vnd.api+json";

/// RFC 3339 in UTC with a `Z`, whole seconds.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonApi {
    pub version: &'static str,
}

pub const JSONAPI: JsonApi = JsonApi { version: "1.0" };

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub pages: u64,
    pub resources: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Offsets {
    pub next: Option<u64>,
    pub previous: Option<u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Requested {
    pub limit: u64,
    pub offset: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Pagination {
    pub counts: Counts,
    pub current_page: u64,
    pub offsets: Offsets,
    pub requested: Requested,
}

/// The pagination block for `resources` matches, given `limit` (>= 1)
/// and `offset`.
pub fn pagination(resources: u64, limit: u64, offset: u64) -> Pagination {
    let limit_nz = limit.max(1);
    let next = offset.checked_add(limit).filter(|n| *n < resources);
    let previous = (offset > 0).then(|| offset.saturating_sub(limit));
    Pagination {
        counts: Counts { pages: resources.div_ceil(limit_nz), resources },
        current_page: offset / limit_nz + 1,
        offsets: Offsets { next, previous },
        requested: Requested { limit, offset },
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IncludeFeature {
    pub options: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Features {
    pub include: IncludeFeature,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListMeta {
    pub pagination: Pagination,
    pub features: Features,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListDocument {
    /// The `customer-interactions` resources, as JSON: with `--hostile`, some deviate from
    /// [`Resource`] (see [`crate::quirks::Quirk`]).
    pub data: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<Value>>,
    pub meta: ListMeta,
    pub jsonapi: JsonApi,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Identifier {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    pub data: Option<Identifier>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relationships {
    pub author: Relationship,
    pub organisation: Relationship,
    pub representative: Relationship,
    pub account: Relationship,
    pub contact: Relationship,
    pub property: Relationship,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attributes {
    pub method: &'static str,
    pub direction: &'static str,
    pub date_time: String,
    pub contacted: bool,
    pub status: &'static str,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceMeta {
    pub created_at: String,
    pub updated_at: String,
    pub modified_at: String,
}

/// One `customer-interactions` resource.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub attributes: Attributes,
    pub meta: ResourceMeta,
    pub relationships: Relationships,
}

/// The identifier a relationship of `item` points at (None: null).
pub fn related(data: &Dataset, item: &Interaction, rel: Include) -> Option<Identifier> {
    let ident = |id: &str, kind| Identifier { id: id.to_string(), kind };
    match rel {
        Include::Account => item.account.and_then(|i| data.accounts.get(i)).map(|a| ident(&a.id, ACCOUNT_TYPE)),
        Include::Author => data.users.get(item.author).map(|u| ident(&u.id, USER_TYPE)),
        Include::Contact => item.contact.and_then(|i| data.contacts.get(i)).map(|c| ident(&c.id, CONTACT_TYPE)),
        Include::Organisation => Some(ident(&data.organisation.id, ORGANISATION_TYPE)),
        Include::Property => item.property.and_then(|i| data.properties.get(i)).map(|p| ident(&p.id, PROPERTY_TYPE)),
        Include::Representative => data.users.get(item.representative).map(|u| ident(&u.id, USER_TYPE)),
    }
}

pub fn interaction_resource(data: &Dataset, item: &Interaction) -> Resource {
    let rel = |r| Relationship { data: related(data, item, r) };
    Resource {
        id: item.id.clone(),
        kind: INTERACTION_TYPE,
        attributes: Attributes {
            method: item.method,
            direction: item.direction,
            date_time: rfc3339(item.date_time),
            contacted: item.contacted,
            status: item.status,
            notes: item.notes.clone(),
        },
        meta: ResourceMeta {
            created_at: rfc3339(item.created_at),
            updated_at: rfc3339(item.updated_at),
            modified_at: rfc3339(item.modified_at),
        },
        relationships: Relationships {
            author: rel(Include::Author),
            organisation: rel(Include::Organisation),
            representative: rel(Include::Representative),
            account: rel(Include::Account),
            contact: rel(Include::Contact),
            property: rel(Include::Property),
        },
    }
}

fn ids(data_ids: impl Iterator<Item = String>, kind: &str) -> Value {
    Value::Array(data_ids.map(|id| json!({ "id": id, "type": kind })).collect())
}

/// The full resource object for an identifier, if it exists.
pub fn included_resource(data: &Dataset, ident: &Identifier) -> Option<Value> {
    let id = ident.id.as_str();
    let value = match ident.kind {
        CONTACT_TYPE => {
            let c = data.contacts.get(data.contact_index(id)?)?;
            json!({
                "id": c.id,
                "type": CONTACT_TYPE,
                "attributes": {
                    "association": c.association,
                    "salutation": c.salutation,
                    "first_name": c.first_name,
                    "last_name": c.last_name,
                    "email": c.email,
                    "telephone": c.telephone,
                },
                "meta": { "created_at": rfc3339(c.created_at), "updated_at": rfc3339(c.updated_at) },
                "relationships": {
                    "customer_accounts": { "data": ids(
                        data.accounts.get(c.account).map(|a| a.id.clone()).into_iter(),
                        ACCOUNT_TYPE,
                    ) },
                    "properties": { "data": ids(
                        c.properties.iter().filter_map(|p| data.properties.get(*p)).map(|p| p.id.clone()),
                        PROPERTY_TYPE,
                    ) },
                },
            })
        }
        PROPERTY_TYPE => {
            let p = data.properties.get(data.property_index(id)?)?;
            json!({
                "id": p.id,
                "type": PROPERTY_TYPE,
                "attributes": {
                    "address": p.address,
                    "uprn": p.uprn,
                    "psr": p.psr,
                    "meters": p.meters,
                    "location": {
                        "latitude": p.latitude,
                        "longitude": p.longitude,
                        "lat_long": { "latitude": p.latitude, "longitude": p.longitude },
                    },
                },
                "meta": { "created_at": rfc3339(p.created_at), "updated_at": rfc3339(p.updated_at) },
            })
        }
        USER_TYPE => {
            let u = data.users.get(data.user_index(id)?)?;
            json!({
                "id": u.id,
                "type": USER_TYPE,
                "attributes": {
                    "email": u.email,
                    "profile": {
                        "personal": {
                            "first_name": u.first_name,
                            "last_name": u.last_name,
                            "username": u.username,
                        },
                        "settings": {
                            "timezone": u.timezone,
                            "preferred_language": u.preferred_language,
                        },
                    },
                },
                "meta": { "created_at": rfc3339(u.created_at) },
            })
        }
        ACCOUNT_TYPE => {
            let a = data.accounts.get(data.account_index(id)?)?;
            json!({
                "id": a.id,
                "type": ACCOUNT_TYPE,
                "meta": { "created_at": rfc3339(a.created_at), "updated_at": rfc3339(a.updated_at) },
                "relationships": {
                    "contacts": { "data": ids(
                        a.contacts.iter().filter_map(|c| data.contacts.get(*c)).map(|c| c.id.clone()),
                        CONTACT_TYPE,
                    ) },
                    "properties": { "data": ids(
                        a.properties.iter().filter_map(|p| data.properties.get(*p)).map(|p| p.id.clone()),
                        PROPERTY_TYPE,
                    ) },
                },
            })
        }
        ORGANISATION_TYPE if id == data.organisation.id => {
            let o = &data.organisation;
            json!({
                "id": o.id,
                "type": ORGANISATION_TYPE,
                "attributes": { "name": o.name, "description": o.description, "slug": o.slug },
                "meta": { "created_at": rfc3339(o.created_at) },
            })
        }
        _ => return None,
    };
    Some(value)
}

/// The `included` member: every resource referenced through a requested
/// relationship of the returned items, once, in order of first reference
/// (with `--hostile`, some are left out, some altered, some twice).
pub fn included(data: &Dataset, items: &[&Interaction], include: &[Include]) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for item in items {
        for rel in Include::ALL.iter().filter(|r| include.contains(r)) {
            if let Some(ident) = related(data, item, *rel) {
                if seen.insert(ident.clone()) {
                    let key = (ident.kind, ident.id.clone());
                    if data.not_included.contains(&key) {
                        continue;
                    }
                    if let Some(mut v) = included_resource(data, &ident) {
                        match data.included_quirks.get(&key) {
                            None => out.push(v),
                            Some(quirk) => {
                                let extra = quirk.apply(&mut v);
                                out.push(v);
                                out.extend(extra);
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// The JSON of one interaction, as the API sends it (quirks applied).
pub fn interaction_json(data: &Dataset, item: &Interaction) -> Value {
    let mut v = serde_json::to_value(interaction_resource(data, item)).unwrap_or_default();
    if let Some(quirk) = item.quirk {
        quirk.apply(&mut v);
    }
    v
}

/// Build the list document for one page.
pub fn list_document(
    data: &Dataset,
    items: &[&Interaction],
    total: u64,
    limit: u64,
    offset: u64,
    include: Option<&[Include]>,
) -> ListDocument {
    ListDocument {
        data: items.iter().map(|i| interaction_json(data, i)).collect(),
        included: include.map(|inc| included(data, items, inc)),
        meta: ListMeta {
            pagination: pagination(total, limit, offset),
            features: Features { include: IncludeFeature { options: INCLUDE_OPTIONS.to_vec() } },
        },
        jsonapi: JSONAPI,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorSource {
    pub parameter: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorObject {
    pub status: String,
    pub title: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorDocument {
    pub errors: Vec<ErrorObject>,
    pub jsonapi: JsonApi,
}

impl ErrorDocument {
    /// A document with one error.
    pub fn single(status: u16, title: &str, detail: impl Into<String>) -> Self {
        Self {
            errors: vec![ErrorObject {
                status: status.to_string(),
                title: title.to_string(),
                detail: detail.into(),
                source: None,
            }],
            jsonapi: JSONAPI,
        }
    }

    /// A 400 about one query parameter.
    pub fn bad_parameter(parameter: &str, detail: impl Into<String>) -> Self {
        let mut doc = Self::single(400, "Bad Request", detail);
        for e in &mut doc.errors {
            e.source = Some(ErrorSource { parameter: parameter.to_string() });
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_first_page() {
        let p = pagination(95, 20, 0);
        assert_eq!(p.counts, Counts { pages: 5, resources: 95 });
        assert_eq!(p.current_page, 1);
        assert_eq!(p.offsets, Offsets { next: Some(20), previous: None });
        assert_eq!(p.requested, Requested { limit: 20, offset: 0 });
    }

    #[test]
    fn pagination_middle_page() {
        let p = pagination(95, 20, 40);
        assert_eq!(p.current_page, 3);
        assert_eq!(p.offsets, Offsets { next: Some(60), previous: Some(20) });
    }

    #[test]
    fn pagination_unaligned_offset() {
        let p = pagination(95, 20, 10);
        assert_eq!(p.current_page, 1);
        assert_eq!(p.offsets, Offsets { next: Some(30), previous: Some(0) });
    }

    #[test]
    fn pagination_last_page() {
        let p = pagination(95, 20, 80);
        assert_eq!(p.current_page, 5);
        assert_eq!(p.offsets, Offsets { next: None, previous: Some(60) });
        let exact = pagination(100, 20, 80);
        assert_eq!(exact.counts.pages, 5);
        assert_eq!(exact.offsets.next, None);
    }

    #[test]
    fn pagination_beyond_end() {
        let p = pagination(95, 20, 500);
        assert_eq!(p.counts.pages, 5);
        assert_eq!(p.current_page, 26);
        assert_eq!(p.offsets, Offsets { next: None, previous: Some(480) });
    }

    #[test]
    fn pagination_empty() {
        let p = pagination(0, 20, 0);
        assert_eq!(p.counts, Counts { pages: 0, resources: 0 });
        assert_eq!(p.current_page, 1);
        assert_eq!(p.offsets, Offsets { next: None, previous: None });
    }

    #[test]
    fn pagination_no_overflow() {
        let p = pagination(10, u64::MAX, u64::MAX);
        assert_eq!(p.offsets.next, None);
        assert_eq!(p.offsets.previous, Some(0));
    }

    #[test]
    fn error_documents() {
        let v = serde_json::to_value(ErrorDocument::bad_parameter("filter", "nope")).unwrap();
        assert_eq!(
            v,
            json!({"errors":[{"status":"400","title":"Bad Request","detail":"nope","source":{"parameter":"filter"}}],"jsonapi":{"version":"1.0"}})
        );
        let v = serde_json::to_value(ErrorDocument::single(401, "Unauthorized", "x")).unwrap();
        assert!(v["errors"][0].get("source").is_none());
    }

    #[test]
    fn timestamps_are_utc_z() {
        let t = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(rfc3339(t), "2023-11-14T22:13:20Z");
    }
}
