//! JSON:API wire types: the only serde types in the crate.
//!
//! Every member is optional and tolerant: a missing, null or mistyped member becomes `None`
//! (never a decode failure of the whole document), and unknown members are ignored.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// Any value that does not deserialize as `T` becomes `None`.
///
/// The member is first taken as raw JSON text (a scan, no allocation of a `Value` tree), then
/// parsed as `T`; a failure stays inside the member. Documents are read with
/// `serde_json::from_str` (see `convert::decode_page`), which is what raw values need.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let raw = Box::<RawValue>::deserialize(d)?;
    Ok(serde_json::from_str(raw.get()).ok())
}

fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Strings, and numbers or booleans written where a string was expected.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_to_string(&Value::deserialize(d)?))
}

fn value_to_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(value_to_u64(&Value::deserialize(d)?))
}

/// Distinguishes an explicit `null` (`Some(None)`) from a missing member (`None`, via `default`).
fn present_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u64>>, D::Error> {
    Ok(Some(value_to_u64(&Value::deserialize(d)?)))
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A list whose unreadable elements are skipped (and counted), never failing the whole list.
#[derive(Debug, Default)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub skipped: usize,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Raw JSON text per element (see `lenient`), so one bad element is skipped alone.
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get().trim_start();
        let elements: Vec<Box<RawValue>> = match text.as_bytes().first() {
            Some(b'[') => serde_json::from_str(text).map_err(serde::de::Error::custom)?,
            Some(b'n') => Vec::new(),
            // A single resource where a list was expected.
            Some(b'{') => vec![raw],
            _ => return Ok(Self { items: Vec::new(), skipped: 1 }),
        };
        let mut out = Self { items: Vec::with_capacity(elements.len()), skipped: 0 };
        for e in &elements {
            match serde_json::from_str::<T>(e.get()) {
                Ok(t) => out.items.push(t),
                Err(_) => out.skipped += 1,
            }
        }
        Ok(out)
    }
}

fn present_items<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<Items<T>>, D::Error> {
    Items::deserialize(d).map(Some)
}

/// A top-level JSON:API document (success or error).
#[derive(Debug, Default, Deserialize)]
pub struct Document {
    /// `None` when the member is absent (not a data document); `null` reads as empty.
    #[serde(default, deserialize_with = "present_items")]
    pub data: Option<Items<InteractionResource>>,
    #[serde(default)]
    pub included: Option<Items<IncludedResource>>,
    #[serde(default, deserialize_with = "lenient")]
    pub meta: Option<TopMeta>,
    #[serde(default)]
    pub errors: Option<Items<ErrorObject>>,
    /// Some pages show a bare error object instead of `errors[]`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub detail: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub status: Option<String>,
}

impl Document {
    /// `errors[]`, or the bare error object, or nothing.
    pub fn error_objects(&self) -> Vec<ErrorObject> {
        if let Some(errors) = &self.errors {
            if !errors.items.is_empty() {
                return errors.items.clone();
            }
        }
        if self.title.is_some() || self.detail.is_some() {
            return vec![ErrorObject {
                status: self.status.clone(),
                title: self.title.clone(),
                detail: self.detail.clone(),
                ..Default::default()
            }];
        }
        Vec::new()
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct ErrorObject {
    #[serde(default, deserialize_with = "lenient_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub detail: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub source: Option<ErrorSource>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct ErrorSource {
    #[serde(default, deserialize_with = "lenient_string")]
    pub pointer: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub parameter: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub header: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InteractionResource {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub attributes: Option<InteractionAttributes>,
    #[serde(default, deserialize_with = "lenient")]
    pub relationships: Option<Relationships>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InteractionAttributes {
    #[serde(default, deserialize_with = "lenient_string")]
    pub method: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub direction: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub date_time: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub contacted: Option<bool>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub notes: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Relationships {
    #[serde(default, deserialize_with = "lenient")]
    pub author: Option<Relationship>,
    #[serde(default, deserialize_with = "lenient")]
    pub organisation: Option<Relationship>,
    #[serde(default, deserialize_with = "lenient")]
    pub representative: Option<Relationship>,
    #[serde(default, deserialize_with = "lenient")]
    pub account: Option<Relationship>,
    /// One SDK's name for `account`.
    #[serde(default, deserialize_with = "lenient")]
    pub customer_account: Option<Relationship>,
    #[serde(default, deserialize_with = "lenient")]
    pub contact: Option<Relationship>,
    #[serde(default, deserialize_with = "lenient")]
    pub property: Option<Relationship>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Relationship {
    #[serde(default, deserialize_with = "lenient")]
    pub data: Option<Identifier>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Identifier {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient_string")]
    pub kind: Option<String>,
}

/// A member of `included`; its attributes are read according to its type.
#[derive(Debug, Default, Deserialize)]
pub struct IncludedResource {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient_string")]
    pub kind: Option<String>,
    #[serde(default)]
    pub attributes: Value,
}

impl IncludedResource {
    /// The attributes as `T`; a mistyped or missing object gives `T::default()`.
    pub fn attributes_as<T: DeserializeOwned + Default>(&self) -> T {
        T::deserialize(&self.attributes).unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ContactAttributes {
    #[serde(default, deserialize_with = "lenient_string")]
    pub salutation: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub telephone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PropertyAttributes {
    #[serde(default, deserialize_with = "lenient")]
    pub address: Option<Address>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub uprn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Address {
    #[serde(default, deserialize_with = "lenient_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub department: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub organisation: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub number: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub thoroughfare: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub dependent_thoroughfare: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub post_town: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub postcode: Option<String>,
    #[serde(default, deserialize_with = "lenient_string", alias = "pobox")]
    pub po_box: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct UserAttributes {
    #[serde(default, deserialize_with = "lenient_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub profile: Option<UserProfile>,
}

#[derive(Debug, Default, Deserialize)]
pub struct UserProfile {
    #[serde(default, deserialize_with = "lenient")]
    pub personal: Option<UserPersonal>,
}

#[derive(Debug, Default, Deserialize)]
pub struct UserPersonal {
    #[serde(default, deserialize_with = "lenient_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub username: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct OrganisationAttributes {
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub slug: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TopMeta {
    #[serde(default, deserialize_with = "lenient")]
    pub pagination: Option<PaginationMeta>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PaginationMeta {
    #[serde(default, deserialize_with = "lenient")]
    pub counts: Option<Counts>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub current_page: Option<u64>,
    #[serde(default, deserialize_with = "lenient")]
    pub offsets: Option<Offsets>,
    #[serde(default, deserialize_with = "lenient")]
    pub requested: Option<Requested>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Counts {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub pages: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub resources: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Offsets {
    #[serde(default, deserialize_with = "present_u64")]
    pub next: Option<Option<u64>>,
    #[serde(default, deserialize_with = "present_u64")]
    pub previous: Option<Option<u64>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Requested {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub limit: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub offset: Option<u64>,
}
