//! JSON:API wire types: the only serde types in the crate.
//!
//! Every member is optional and tolerant: a missing, null or mistyped member becomes `None`
//! (never a decode failure of the whole document), unknown members are skipped and a repeated
//! member's last value wins, as with `JSON.parse`.
//!
//! Documents are read in one pass over the body: each type lists its members once (`members!`)
//! and reads them straight from serde_json's map access, with no intermediate `Value` tree and
//! no second scan of any member. The one exception is an included resource's `attributes`, kept
//! as raw text borrowed from the body until its `type` says how to read it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A wire type read from a JSON object, member by member.
pub trait Object<'de>: Default {
    /// Reads the value of member `key` (its key already taken from `map`); a member this type
    /// does not know is skipped.
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Reads `body` (UTF-8) as a `T`: `Ok(None)` when it is valid JSON but not an object, `Err` when
/// it is not valid JSON or UTF-8 (or ends early).
pub fn from_slice<'de, T: Object<'de>>(body: &'de [u8]) -> Result<Option<T>, serde_json::Error> {
    serde_json::from_slice::<Lenient<T>>(body).map(|l| l.0)
}

fn read_object<'de, T: Object<'de>, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut out = T::default();
    while let Some(Key(key)) = map.next_key()? {
        out.member(&key, &mut map)?;
    }
    Ok(out)
}

/// A member name, borrowed from the body unless it has escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An object as `T`; anything else (null, a list, a scalar) is read past and becomes `None`.
struct Lenient<T>(Option<T>);

impl<'de, T: Object<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Object<'de>> Visitor<'de> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lenient<T>, A::Error> {
                read_object(map).map(|t| Lenient(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
            fn visit_unit<E>(self) -> Result<Lenient<T>, E> {
                Ok(Lenient(None))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A JSON scalar, read in one pass; objects and arrays are skipped unread.
enum Scalar {
    Text(String),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Bool(bool),
    /// `null`, an object or an array.
    Other,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Unsigned(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Signed(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    /// Strings, and numbers or booleans written where a string was expected (numbers as
    /// `serde_json` prints them).
    fn into_string(self) -> Option<String> {
        match self {
            Scalar::Text(s) => Some(s),
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Float(f) => serde_json::Number::from_f64(f).map(|n| n.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Other => None,
        }
    }

    fn into_u64(self) -> Option<u64> {
        match self {
            Scalar::Unsigned(n) => Some(n),
            Scalar::Float(f) if f >= 0.0 && f.fract() == 0.0 => Some(f as u64),
            Scalar::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn into_bool(self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(b),
            Scalar::Unsigned(n) => Some(n != 0),
            Scalar::Signed(n) => Some(n != 0),
            Scalar::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

// Member readers, one per kind of member (see `members!`).

fn object<'de, T: Object<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
    map.next_value::<Lenient<T>>().map(|l| l.0)
}

/// Strings, and numbers or booleans written where a string was expected.
fn string<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_string)
}

fn uint<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<u64>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_u64)
}

/// Distinguishes an explicit `null` (`Some(None)`) from a missing member (`None`).
fn present_uint<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Option<u64>>, A::Error> {
    map.next_value::<Scalar>().map(|s| Some(s.into_u64()))
}

fn boolean<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<bool>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_bool)
}

/// A list member; present even when `null` (then empty).
fn items<'de, T: Object<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Items<T>>, A::Error> {
    map.next_value::<Items<T>>().map(Some)
}

fn raw<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<&'de RawValue>, A::Error> {
    map.next_value::<Option<&'de RawValue>>()
}

/// Implements [`Object`]: `"member" => field: reader`. Unlisted members are skipped.
macro_rules! members {
    (<$de:lifetime> $ty:ty { $($key:pat => $field:ident: $read:ident),* $(,)? }) => {
        impl<$de> Object<$de> for $ty {
            fn member<A: MapAccess<$de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    $($key => self.$field = $read(map)?,)*
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(())
            }
        }
    };
}

/// A list whose unreadable elements (anything but an object) are skipped and counted, never
/// failing the whole list. A single object where a list was expected is a list of one.
#[derive(Debug, Default)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub skipped: usize,
}

impl<'de, T: Object<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Object<'de>> V<T> {
            fn one_skipped<E>() -> Result<Items<T>, E> {
                Ok(Items { items: Vec::new(), skipped: 1 })
            }
        }
        impl<'de, T: Object<'de>> Visitor<'de> for V<T> {
            type Value = Items<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<T>, A::Error> {
                let mut out = Items { items: Vec::with_capacity(seq.size_hint().unwrap_or(0)), skipped: 0 };
                while let Some(Lenient(element)) = seq.next_element::<Lenient<T>>()? {
                    match element {
                        Some(t) => out.items.push(t),
                        None => out.skipped += 1,
                    }
                }
                Ok(out)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items<T>, A::Error> {
                read_object(map).map(|t| Items { items: vec![t], skipped: 0 })
            }
            fn visit_unit<E>(self) -> Result<Items<T>, E> {
                Ok(Items { items: Vec::new(), skipped: 0 })
            }
            fn visit_str<E>(self, _: &str) -> Result<Items<T>, E> {
                Self::one_skipped()
            }
            fn visit_u64<E>(self, _: u64) -> Result<Items<T>, E> {
                Self::one_skipped()
            }
            fn visit_i64<E>(self, _: i64) -> Result<Items<T>, E> {
                Self::one_skipped()
            }
            fn visit_f64<E>(self, _: f64) -> Result<Items<T>, E> {
                Self::one_skipped()
            }
            fn visit_bool<E>(self, _: bool) -> Result<Items<T>, E> {
                Self::one_skipped()
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A top-level JSON:API document (success or error).
#[derive(Debug, Default)]
pub struct Document<'a> {
    /// `None` when the member is absent (not a data document); `null` reads as empty.
    pub data: Option<Items<InteractionResource>>,
    pub included: Option<Items<IncludedResource<'a>>>,
    pub meta: Option<TopMeta>,
    pub errors: Option<Items<ErrorObject>>,
    /// Some pages show a bare error object instead of `errors[]`.
    pub title: Option<String>,
    pub detail: Option<String>,
    pub status: Option<String>,
}

members!(<'de> Document<'de> {
    "data" => data: items,
    "included" => included: items,
    "meta" => meta: object,
    "errors" => errors: items,
    "title" => title: string,
    "detail" => detail: string,
    "status" => status: string,
});

impl Document<'_> {
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorObject {
    pub status: Option<String>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub source: Option<ErrorSource>,
}

members!(<'de> ErrorObject {
    "status" => status: string,
    "code" => code: string,
    "title" => title: string,
    "detail" => detail: string,
    "source" => source: object,
});

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorSource {
    pub pointer: Option<String>,
    pub parameter: Option<String>,
    pub header: Option<String>,
}

members!(<'de> ErrorSource {
    "pointer" => pointer: string,
    "parameter" => parameter: string,
    "header" => header: string,
});

#[derive(Debug, Default)]
pub struct InteractionResource {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub attributes: Option<InteractionAttributes>,
    pub relationships: Option<Relationships>,
}

members!(<'de> InteractionResource {
    "id" => id: string,
    "type" => kind: string,
    "attributes" => attributes: object,
    "relationships" => relationships: object,
});

#[derive(Debug, Default)]
pub struct InteractionAttributes {
    pub method: Option<String>,
    pub direction: Option<String>,
    pub date_time: Option<String>,
    pub contacted: Option<bool>,
    pub status: Option<String>,
    pub notes: Option<String>,
}

members!(<'de> InteractionAttributes {
    "method" => method: string,
    "direction" => direction: string,
    "date_time" => date_time: string,
    "contacted" => contacted: boolean,
    "status" => status: string,
    "notes" => notes: string,
});

#[derive(Debug, Default)]
pub struct Relationships {
    pub author: Option<Relationship>,
    pub organisation: Option<Relationship>,
    pub representative: Option<Relationship>,
    pub account: Option<Relationship>,
    /// One SDK's name for `account`.
    pub customer_account: Option<Relationship>,
    pub contact: Option<Relationship>,
    pub property: Option<Relationship>,
}

members!(<'de> Relationships {
    "author" => author: object,
    "organisation" => organisation: object,
    "representative" => representative: object,
    "account" => account: object,
    "customer_account" => customer_account: object,
    "contact" => contact: object,
    "property" => property: object,
});

#[derive(Debug, Default)]
pub struct Relationship {
    pub data: Option<Identifier>,
}

members!(<'de> Relationship { "data" => data: object });

#[derive(Clone, Debug, Default)]
pub struct Identifier {
    pub id: Option<String>,
    pub kind: Option<String>,
}

members!(<'de> Identifier {
    "id" => id: string,
    "type" => kind: string,
});

/// A member of `included`; its attributes are read according to its type.
#[derive(Debug, Default)]
pub struct IncludedResource<'a> {
    pub id: Option<String>,
    pub kind: Option<String>,
    /// Read once its type is known (`type` may come after `attributes`).
    pub attributes: Option<&'a RawValue>,
}

members!(<'de> IncludedResource<'de> {
    "id" => id: string,
    "type" => kind: string,
    "attributes" => attributes: raw,
});

impl<'a> IncludedResource<'a> {
    /// The attributes as `T`; a mistyped or missing object gives `T::default()`.
    pub fn attributes_as<T: Object<'a>>(&self) -> T {
        self.attributes.and_then(|raw| from_slice(raw.get().as_bytes()).ok().flatten()).unwrap_or_default()
    }
}

#[derive(Debug, Default)]
pub struct ContactAttributes {
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
}

members!(<'de> ContactAttributes {
    "salutation" => salutation: string,
    "first_name" => first_name: string,
    "last_name" => last_name: string,
    "email" => email: string,
    "telephone" => telephone: string,
});

#[derive(Debug, Default)]
pub struct PropertyAttributes {
    pub address: Option<Address>,
    pub uprn: Option<String>,
}

members!(<'de> PropertyAttributes {
    "address" => address: object,
    "uprn" => uprn: string,
});

#[derive(Debug, Default)]
pub struct Address {
    pub description: Option<String>,
    pub department: Option<String>,
    pub organisation: Option<String>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub thoroughfare: Option<String>,
    pub dependent_thoroughfare: Option<String>,
    pub post_town: Option<String>,
    pub postcode: Option<String>,
    pub po_box: Option<String>,
}

members!(<'de> Address {
    "description" => description: string,
    "department" => department: string,
    "organisation" => organisation: string,
    "number" => number: string,
    "name" => name: string,
    "thoroughfare" => thoroughfare: string,
    "dependent_thoroughfare" => dependent_thoroughfare: string,
    "post_town" => post_town: string,
    "postcode" => postcode: string,
    "po_box" | "pobox" => po_box: string,
});

#[derive(Debug, Default)]
pub struct UserAttributes {
    pub email: Option<String>,
    pub profile: Option<UserProfile>,
}

members!(<'de> UserAttributes {
    "email" => email: string,
    "profile" => profile: object,
});

#[derive(Debug, Default)]
pub struct UserProfile {
    pub personal: Option<UserPersonal>,
}

members!(<'de> UserProfile { "personal" => personal: object });

#[derive(Debug, Default)]
pub struct UserPersonal {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
}

members!(<'de> UserPersonal {
    "first_name" => first_name: string,
    "last_name" => last_name: string,
    "username" => username: string,
});

#[derive(Debug, Default)]
pub struct OrganisationAttributes {
    pub name: Option<String>,
    pub slug: Option<String>,
}

members!(<'de> OrganisationAttributes {
    "name" => name: string,
    "slug" => slug: string,
});

#[derive(Debug, Default)]
pub struct TopMeta {
    pub pagination: Option<PaginationMeta>,
}

members!(<'de> TopMeta { "pagination" => pagination: object });

#[derive(Debug, Default)]
pub struct PaginationMeta {
    pub counts: Option<Counts>,
    pub current_page: Option<u64>,
    pub offsets: Option<Offsets>,
    pub requested: Option<Requested>,
}

members!(<'de> PaginationMeta {
    "counts" => counts: object,
    "current_page" => current_page: uint,
    "offsets" => offsets: object,
    "requested" => requested: object,
});

#[derive(Debug, Default)]
pub struct Counts {
    pub pages: Option<u64>,
    pub resources: Option<u64>,
}

members!(<'de> Counts {
    "pages" => pages: uint,
    "resources" => resources: uint,
});

#[derive(Debug, Default)]
pub struct Offsets {
    pub next: Option<Option<u64>>,
    pub previous: Option<Option<u64>>,
}

members!(<'de> Offsets {
    "next" => next: present_uint,
    "previous" => previous: present_uint,
});

#[derive(Debug, Default)]
pub struct Requested {
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

members!(<'de> Requested {
    "limit" => limit: uint,
    "offset" => offset: uint,
});
