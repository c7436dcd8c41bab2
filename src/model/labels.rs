//! Labels for related resources, per the contract's "label to show" column.
//!
//! Each builder takes plain optional fields and always returns a non-empty label,
//! falling back to a short form of the id. The words are the en-GB catalogue's (labels are made
//! when a page is decoded, before any view knows its language).

use super::i18n::{Lang, Msg};

fn en(m: Msg) -> &'static str {
    Lang::EnGb.text(m)
}

fn en_fill(m: Msg, values: &[(&str, &str)]) -> String {
    super::i18n::fill(en(m), values)
}

/// The first 8 characters of an id (UUIDs are long; the prefix is enough to tell them apart).
pub fn short_id(id: &str) -> String {
    let id = id.trim();
    if id.is_empty() {
        return en(Msg::UnknownId).to_owned();
    }
    id.chars().take(8).collect()
}

fn clean(part: Option<&str>) -> Option<&str> {
    part.map(str::trim).filter(|s| !s.is_empty())
}

fn join(parts: &[Option<&str>], sep: &str) -> Option<String> {
    let v: Vec<&str> = parts.iter().filter_map(|p| clean(*p)).collect();
    (!v.is_empty()).then(|| v.join(sep))
}

/// Fields of a `contacts` resource that make up its label.
#[derive(Clone, Debug, Default)]
pub struct ContactFields<'a> {
    pub salutation: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub telephone: Option<&'a str>,
}

/// salutation + first + last; else email; else telephone; else "Contact <short id>".
pub fn contact_label(id: &str, f: &ContactFields<'_>) -> String {
    // A salutation alone ("Mr") is not a name.
    if join(&[f.first_name, f.last_name], " ").is_some() {
        if let Some(name) = join(&[f.salutation, f.first_name, f.last_name], " ") {
            return name;
        }
    }
    clean(f.email).or(clean(f.telephone)).map(str::to_owned).unwrap_or_else(|| fallback("contacts", id))
}

/// Fields of a `properties` resource's `address`.
#[derive(Clone, Debug, Default)]
pub struct AddressFields<'a> {
    pub description: Option<&'a str>,
    pub department: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub number: Option<&'a str>,
    pub name: Option<&'a str>,
    pub thoroughfare: Option<&'a str>,
    pub dependent_thoroughfare: Option<&'a str>,
    pub post_town: Option<&'a str>,
    pub postcode: Option<&'a str>,
    pub po_box: Option<&'a str>,
}

/// `address.description`; else "number/name thoroughfare, post town, postcode"; else UPRN; else short id.
pub fn property_label(id: &str, a: &AddressFields<'_>, uprn: Option<&str>) -> String {
    if let Some(d) = clean(a.description) {
        return d.to_owned();
    }
    let premises = join(&[a.department, a.organisation], ", ");
    let building = match (clean(a.name), clean(a.number)) {
        (Some(name), Some(num)) => Some(format!("{name}, {num}")),
        (Some(name), None) => Some(name.to_owned()),
        (None, Some(num)) => Some(num.to_owned()),
        (None, None) => None,
    };
    let street = join(&[a.dependent_thoroughfare, a.thoroughfare], ", ");
    let first_line = match (building, street) {
        (Some(b), Some(s))
            if b.chars().all(|c| c.is_ascii_digit() || c.is_ascii_alphabetic())
                && b.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
        {
            Some(format!("{b} {s}"))
        }
        (Some(b), Some(s)) => Some(format!("{b}, {s}")),
        (b, s) => b.or(s),
    };
    let po_box = clean(a.po_box).map(|n| en_fill(Msg::PoBox, &[("number", n)]));
    let parts: Vec<String> =
        [premises, first_line, po_box, clean(a.post_town).map(str::to_owned), clean(a.postcode).map(str::to_owned)]
            .into_iter()
            .flatten()
            .collect();
    if !parts.is_empty() {
        return parts.join(", ");
    }
    match clean(uprn) {
        Some(u) => en_fill(Msg::Uprn, &[("uprn", u)]),
        None => fallback("properties", id),
    }
}

/// first + last; else username; else email; else "User <short id>".
pub fn user_label(
    id: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    username: Option<&str>,
    email: Option<&str>,
) -> String {
    join(&[first_name, last_name], " ")
        .or_else(|| clean(username).map(str::to_owned))
        .or_else(|| clean(email).map(str::to_owned))
        .unwrap_or_else(|| fallback("users", id))
}

/// name; else slug; else "Organisation <short id>".
pub fn organisation_label(id: &str, name: Option<&str>, slug: Option<&str>) -> String {
    clean(name).or(clean(slug)).map(str::to_owned).unwrap_or_else(|| fallback("organisations", id))
}

/// The label shown for a relationship whose resource is not in `included`: never blank.
pub fn fallback(resource_type: &str, id: &str) -> String {
    let noun = match resource_type {
        "contacts" => Msg::Contact,
        "properties" => Msg::Property,
        "users" => Msg::User,
        "customer-accounts" | "accounts" | "customer_accounts" => Msg::Account,
        "organisations" | "organizations" => Msg::Organisation,
        _ => Msg::Item,
    };
    en_fill(Msg::Unresolved, &[("noun", en(noun)), ("id", &short_id(id))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_full_name_with_salutation() {
        let f = ContactFields {
            salutation: Some("Mrs"),
            first_name: Some("Ada"),
            last_name: Some("Lovelace"),
            ..Default::default()
        };
        assert_eq!(contact_label("id", &f), "Mrs Ada Lovelace");
    }

    #[test]
    fn contact_falls_back_to_email_then_phone_then_id() {
        let f = ContactFields {
            salutation: Some("Mr"),
            email: Some(" a@b.uk "),
            telephone: Some("0161"),
            ..Default::default()
        };
        assert_eq!(contact_label("id", &f), "a@b.uk");
        let f = ContactFields { telephone: Some("0161 496 0000"), ..Default::default() };
        assert_eq!(contact_label("id", &f), "0161 496 0000");
        let f = ContactFields::default();
        assert_eq!(contact_label("3c90c3cc-0d44", &f), "Contact 3c90c3cc");
    }

    #[test]
    fn property_prefers_description() {
        let a = AddressFields {
            description: Some("Flat 2, 10 High Street"),
            thoroughfare: Some("Ignored"),
            ..Default::default()
        };
        assert_eq!(property_label("p", &a, None), "Flat 2, 10 High Street");
    }

    #[test]
    fn property_builds_address_line() {
        let a = AddressFields {
            number: Some("10"),
            thoroughfare: Some("Downing Street"),
            post_town: Some("London"),
            postcode: Some("SW1A 2AA"),
            ..Default::default()
        };
        assert_eq!(property_label("p", &a, None), "10 Downing Street, London, SW1A 2AA");
        let a = AddressFields {
            name: Some("Rose Cottage"),
            thoroughfare: Some("Mill Lane"),
            post_town: Some("Bath"),
            ..Default::default()
        };
        assert_eq!(property_label("p", &a, None), "Rose Cottage, Mill Lane, Bath");
    }

    #[test]
    fn property_falls_back_to_uprn_then_id() {
        let a = AddressFields::default();
        assert_eq!(property_label("p", &a, Some("100023336956")), "UPRN 100023336956");
        assert_eq!(property_label("abcdef123456", &a, Some(" ")), "Property abcdef12");
    }

    #[test]
    fn user_and_organisation_labels() {
        assert_eq!(user_label("u", Some("Sam"), Some("Jones"), Some("sj"), None), "Sam Jones");
        assert_eq!(user_label("u", None, None, None, Some("sam@x.uk")), "sam@x.uk");
        assert_eq!(user_label("u1234567890", None, None, None, None), "User u1234567");
        assert_eq!(organisation_label("o", Some("Acme"), None), "Acme");
        assert_eq!(organisation_label("o", None, None), "Organisation o");
    }

    #[test]
    fn fallback_never_blank() {
        assert_eq!(fallback("customer-accounts", ""), "Account unknown");
        assert_eq!(fallback("weird", "x"), "Item x");
        assert_eq!(short_id("  "), "unknown");
    }
}
