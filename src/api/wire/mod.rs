//! JSON:API wire types: with the `lenient` machinery beneath them, the only serde code in the crate.
//!
//! Every member is optional and tolerant: a missing, null or mistyped member becomes `None`
//! (never a decode failure of the whole document), unknown members are skipped and a repeated
//! member's last value wins, as with `JSON.parse`.
//!
//! Documents are read in one pass over the body: each type lists its members once (`members!`)
//! and reads them straight from serde_json's map access, with no intermediate `Value` tree and
//! no second scan of any member. The one exception is an included resource's `attributes`, kept
//! as raw text borrowed from the body until its `type` says how to read it.

mod lenient;

use serde_json::value::RawValue;

use lenient::{boolean, items, members, object, present_uint, raw, string, uint};
pub use lenient::{from_slice, Items, Object};

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
