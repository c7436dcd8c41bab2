//! The lenient serde machinery under the wire types: reading a JSON object member by member
//! ([`Object`], implemented with [`members!`]), scalars that accept near misses (a number where
//! a string was expected), lists that skip what is not an object ([`Items`]), and anything that is
//! not an object read past as absent. Nothing here knows JSON:API.

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

pub(super) fn object<'de, T: Object<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
    map.next_value::<Lenient<T>>().map(|l| l.0)
}

/// Strings, and numbers or booleans written where a string was expected.
pub(super) fn string<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_string)
}

pub(super) fn uint<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<u64>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_u64)
}

/// Distinguishes an explicit `null` (`Some(None)`) from a missing member (`None`).
pub(super) fn present_uint<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Option<u64>>, A::Error> {
    map.next_value::<Scalar>().map(|s| Some(s.into_u64()))
}

pub(super) fn boolean<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<bool>, A::Error> {
    map.next_value::<Scalar>().map(Scalar::into_bool)
}

/// A list member; present even when `null` (then empty).
pub(super) fn items<'de, T: Object<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Items<T>>, A::Error> {
    map.next_value::<Items<T>>().map(Some)
}

pub(super) fn raw<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<&'de RawValue>, A::Error> {
    map.next_value::<Option<&'de RawValue>>()
}

/// Implements [`Object`]: `"member" => field: reader`, the readers being this module's member
/// readers (`string`, `uint`, `object`, …) in scope where it is used. Unlisted members are skipped.
macro_rules! members {
    (<$de:lifetime> $ty:ty { $($key:pat => $field:ident: $read:ident),* $(,)? }) => {
        impl<$de> $crate::api::wire::Object<$de> for $ty {
            fn member<A: ::serde::de::MapAccess<$de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    $($key => self.$field = $read(map)?,)*
                    _ => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
                Ok(())
            }
        }
    };
}
pub(super) use members;

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
