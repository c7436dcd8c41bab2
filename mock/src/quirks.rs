//! Quirks: how the JSON of one resource deviates from the contract (`--hostile`).
//!
//! [`Quirk`] alters an interaction resource, [`IncludedQuirk`] an included one. [`crate::data`]
//! stores them on the data set, [`crate::hostile`] assigns them and [`crate::document`] applies them
//! while building documents. A leaf module: it depends on no other module of the crate.

use serde_json::{json, Value};

/// How one interaction's JSON deviates from the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quirk {
    /// `date_time` without a zone: `2025-05-30T10:00:00`.
    DateWithoutZone,
    /// `date_time` that is well-formed but impossible: `2025-02-30T25:61:00Z`.
    DateInvalid,
    /// `date_time` that is not a date at all (an XSS payload).
    DateGarbage,
    DateNull,
    DateMissing,
    /// `date_time` as a number (Unix seconds).
    DateNumber,
    AttributesNull,
    AttributesMissing,
    AttributesEmpty,
    /// Every attribute of the wrong JSON type.
    WrongTypes,
    RelationshipsNull,
    RelationshipsMissing,
    /// Each relationship `{}` (no `data` member).
    RelationshipDataMissing,
    /// The contact relationship says `"type": "widgets"`.
    WrongRelationshipType,
    /// `customer_account` instead of `account` (an SDK's name).
    CustomerAccountAlias,
    MetaNull,
    IdMissing,
    IdNumber,
    /// `"type": "not-an-interaction"`.
    WrongType,
}

impl Quirk {
    pub const ALL: [Quirk; 19] = [
        Quirk::DateWithoutZone,
        Quirk::DateInvalid,
        Quirk::DateGarbage,
        Quirk::DateNull,
        Quirk::DateMissing,
        Quirk::DateNumber,
        Quirk::AttributesNull,
        Quirk::AttributesMissing,
        Quirk::AttributesEmpty,
        Quirk::WrongTypes,
        Quirk::RelationshipsNull,
        Quirk::RelationshipsMissing,
        Quirk::RelationshipDataMissing,
        Quirk::WrongRelationshipType,
        Quirk::CustomerAccountAlias,
        Quirk::MetaNull,
        Quirk::IdMissing,
        Quirk::IdNumber,
        Quirk::WrongType,
    ];

    /// Alter the JSON of an interaction resource.
    pub fn apply(self, resource: &mut Value) {
        let Some(obj) = resource.as_object_mut() else { return };
        let attrs = obj.get_mut("attributes").and_then(Value::as_object_mut);
        match self {
            Quirk::DateWithoutZone | Quirk::DateInvalid | Quirk::DateGarbage | Quirk::DateNull | Quirk::DateNumber => {
                if let Some(a) = attrs {
                    let value = match self {
                        Quirk::DateWithoutZone => {
                            let s = a.get("date_time").and_then(Value::as_str).unwrap_or("2025-05-30T10:00:00Z");
                            json!(s.trim_end_matches('Z'))
                        }
                        Quirk::DateInvalid => json!("2025-02-30T25:61:00Z"),
                        Quirk::DateGarbage => json!("<img src=x onerror=alert('date')>"),
                        Quirk::DateNumber => json!(1_700_000_000),
                        _ => Value::Null,
                    };
                    a.insert("date_time".into(), value);
                }
            }
            Quirk::DateMissing => {
                if let Some(a) = attrs {
                    a.remove("date_time");
                }
            }
            Quirk::AttributesNull => {
                obj.insert("attributes".into(), Value::Null);
            }
            Quirk::AttributesMissing => {
                obj.remove("attributes");
            }
            Quirk::AttributesEmpty => {
                obj.insert("attributes".into(), json!({}));
            }
            Quirk::WrongTypes => {
                obj.insert(
                    "attributes".into(),
                    json!({
                        "method": 42,
                        "direction": ["inbound"],
                        "date_time": { "at": "2025-05-30T10:00:00Z" },
                        "contacted": "yes",
                        "status": false,
                        "notes": { "html": "<b onmouseover=alert(1)>bold</b>" },
                    }),
                );
            }
            Quirk::RelationshipsNull => {
                obj.insert("relationships".into(), Value::Null);
            }
            Quirk::RelationshipsMissing => {
                obj.remove("relationships");
            }
            Quirk::RelationshipDataMissing => {
                if let Some(rels) = obj.get_mut("relationships").and_then(Value::as_object_mut) {
                    for (_, rel) in rels.iter_mut() {
                        *rel = json!({});
                    }
                }
            }
            Quirk::WrongRelationshipType => {
                if let Some(data) =
                    obj.get_mut("relationships").and_then(|r| r.get_mut("contact")).and_then(|c| c.get_mut("data"))
                {
                    if let Some(d) = data.as_object_mut() {
                        d.insert("type".into(), json!("widgets"));
                    }
                }
            }
            Quirk::CustomerAccountAlias => {
                if let Some(rels) = obj.get_mut("relationships").and_then(Value::as_object_mut) {
                    if let Some(account) = rels.remove("account") {
                        rels.insert("customer_account".into(), account);
                    }
                }
            }
            Quirk::MetaNull => {
                obj.insert("meta".into(), Value::Null);
            }
            Quirk::IdMissing => {
                obj.remove("id");
            }
            Quirk::IdNumber => {
                obj.insert("id".into(), json!(12345));
            }
            Quirk::WrongType => {
                obj.insert("type".into(), json!("not-an-interaction"));
            }
        }
    }
}

/// How one included resource's JSON deviates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludedQuirk {
    AttributesNull,
    AttributesMissing,
    /// Name members of the wrong JSON type.
    WrongTypes,
    /// Sent twice; the second copy has other (hostile) attributes.
    Duplicate,
}

impl IncludedQuirk {
    pub const ALL: [IncludedQuirk; 4] = [
        IncludedQuirk::AttributesNull,
        IncludedQuirk::AttributesMissing,
        IncludedQuirk::WrongTypes,
        IncludedQuirk::Duplicate,
    ];

    /// Alter an included resource; returns what else to send after it.
    pub fn apply(self, resource: &mut Value) -> Option<Value> {
        let obj = resource.as_object_mut()?;
        match self {
            IncludedQuirk::AttributesNull => {
                obj.insert("attributes".into(), Value::Null);
                None
            }
            IncludedQuirk::AttributesMissing => {
                obj.remove("attributes");
                None
            }
            IncludedQuirk::WrongTypes => {
                obj.insert(
                    "attributes".into(),
                    json!({
                        "first_name": 42,
                        "last_name": ["<script>alert(1)</script>"],
                        "salutation": true,
                        "email": { "x": 1 },
                        "address": "<img src=x onerror=alert(1)>",
                        "profile": 7,
                    }),
                );
                None
            }
            IncludedQuirk::Duplicate => {
                let mut copy = Value::Object(obj.clone());
                if let Some(a) = copy.get_mut("attributes").and_then(Value::as_object_mut) {
                    for key in ["first_name", "last_name", "email"] {
                        if a.contains_key(key) {
                            a.insert(key.into(), json!("<b>duplicate</b> <img src=x onerror=alert('dup')>"));
                        }
                    }
                    if let Some(addr) = a.get_mut("address").and_then(Value::as_object_mut) {
                        addr.insert("description".into(), json!("<i>duplicate</i> <svg onload=alert('dup')>"));
                    }
                }
                Some(copy)
            }
        }
    }
}
