//! From a JSON:API document to model types, resolving `included` by `(type, id)`.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::error::{Error, Problem};
use super::wire::{self, Document, IncludedResource, InteractionResource, Relationship};
use crate::model::dedup::SeenIds;
use crate::model::labels::{self, AddressFields, ContactFields};
use crate::model::page::PaginationParts;
use crate::model::{Direction, Interaction, Method, Page, Pagination, Related};

/// Decodes a response body into a page. Never panics, whatever the body.
///
/// `limit`/`offset` are what we asked for, used where the server's meta is silent.
/// A 200 carrying an `errors` document is reported as an error, not an empty page.
pub fn decode_page(body: &[u8], limit: u64, offset: u64) -> Result<Page, Error> {
    // `Response.text()` would have dropped a byte order mark; so do we.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // serde would read a struct from a JSON array too: a document must be an object.
    if body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b != b'{') {
        return Err(Error::decode("The response is not a JSON:API document."));
    }
    let doc: Document = wire::from_slice(body)
        .map_err(|e| {
            if e.is_eof() {
                Error::decode("The response ended early (truncated).")
            } else {
                Error::decode("The response is not valid JSON.")
            }
        })?
        .ok_or_else(|| Error::decode("The response is not a JSON:API document."))?;
    page_from_document(doc, limit, offset)
}

/// The conversion half of [`decode_page`]: a document already read into wire types, into a page.
fn page_from_document(doc: Document, limit: u64, offset: u64) -> Result<Page, Error> {
    let problems = problems(&doc);
    if !problems.is_empty() && doc.data.is_none() {
        let status = problems
            .iter()
            .filter_map(|p| p.status.as_deref()?.trim().parse::<u16>().ok())
            .find(|s| *s >= 400)
            .unwrap_or(500);
        return Err(Error::Status { status, problems, trace_id: None, retry_after: None });
    }
    let Some(data) = doc.data else {
        return Err(Error::decode("The response has no data."));
    };
    let included = doc.included.map(|i| i.items).unwrap_or_default();
    let index = Index::new(&included);

    let mut items: Vec<Interaction> = Vec::with_capacity(data.items.len());
    // Duplicate ids: the first occurrence wins.
    SeenIds::default().append(&mut items, data.items.into_iter().map(|resource| interaction(resource, &index)));

    let parts = pagination_parts(doc.meta.and_then(|m| m.pagination));
    let pagination = Pagination::reconcile(parts, limit, offset, items.len());
    Ok(Page { items, pagination, skipped: data.skipped })
}

/// Error objects from a document, reduced to what we show.
pub fn problems(doc: &Document) -> Vec<Problem> {
    doc.error_objects()
        .into_iter()
        .map(|e| Problem {
            status: e.status,
            title: e.title,
            detail: e.detail,
            parameter: e.source.and_then(|s| s.parameter.or(s.pointer).or(s.header)),
        })
        .collect()
}

/// Error objects from an error response body, if it is JSON:API at all.
pub fn problems_from_body(body: &[u8]) -> Vec<Problem> {
    wire::from_slice::<Document>(body).ok().flatten().map(|d| problems(&d)).unwrap_or_default()
}

fn pagination_parts(meta: Option<wire::PaginationMeta>) -> PaginationParts {
    let Some(m) = meta else { return PaginationParts::default() };
    let counts = m.counts.unwrap_or_default();
    let requested = m.requested.unwrap_or_default();
    let had_offsets = m.offsets.is_some();
    let offsets = m.offsets.unwrap_or_default();
    PaginationParts {
        total: counts.resources,
        pages: counts.pages,
        current_page: m.current_page,
        limit: requested.limit,
        offset: requested.offset,
        next_offset: offsets.next,
        previous_offset: offsets.previous,
        had_offsets,
    }
}

/// `included`, indexed by `(type, id)` and by id alone (for identifiers with a wrong type).
/// Each resource's label is worked out once, the first time something refers to it.
struct Index<'a> {
    entries: Vec<(&'a IncludedResource<'a>, OnceCell<String>)>,
    by_key: HashMap<(&'a str, &'a str), usize>,
    by_id: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(included: &'a [IncludedResource<'a>]) -> Self {
        let mut entries = Vec::with_capacity(included.len());
        let mut by_key = HashMap::with_capacity(included.len());
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::with_capacity(included.len());
        for r in included {
            let (Some(id), Some(kind)) = (r.id.as_deref(), r.kind.as_deref()) else { continue };
            let at = entries.len();
            entries.push((r, OnceCell::new()));
            // Duplicates: the first occurrence wins.
            by_key.entry((kind, id)).or_insert(at);
            by_id.entry(id).or_default().push(at);
        }
        Self { entries, by_key, by_id }
    }

    /// Exact `(type, id)`; else `(expected type, id)`; else the only resource with that id.
    fn find(&self, kind: &str, expected: &str, id: &str) -> Option<usize> {
        self.by_key.get(&(kind, id)).or_else(|| self.by_key.get(&(expected, id))).copied().or_else(|| {
            match self.by_id.get(id) {
                Some(v) if v.len() == 1 => Some(v[0]),
                _ => None,
            }
        })
    }

    /// The label of entry `at` (found by `find`, so its id is `id`).
    fn label(&self, at: usize, expected: &str, id: &str) -> Option<String> {
        let (res, label) = self.entries.get(at)?;
        Some(label.get_or_init(|| self::label(res, expected, id)).clone())
    }
}

fn interaction(r: InteractionResource, index: &Index<'_>) -> Interaction {
    let mut a = r.attributes.unwrap_or_default();
    let trimmed = |s: Option<String>| s.map(|s| if s.trim().len() == s.len() { s } else { s.trim().to_owned() });
    let date_time_raw = trimmed(a.date_time.take()).unwrap_or_default();
    let rel = r.relationships.as_ref();
    let related = |pick: fn(&wire::Relationships) -> Option<&Relationship>, expected: &str| {
        rel.and_then(pick).and_then(|x| resolve(x, expected, index))
    };
    Interaction {
        id: r.id.unwrap_or_default(),
        method: Method::parse(a.method.as_deref().unwrap_or_default().trim()),
        direction: Direction::parse(a.direction.as_deref().unwrap_or_default().trim()),
        date_time: chrono::DateTime::parse_from_rfc3339(&date_time_raw).ok(),
        date_time_raw,
        contacted: a.contacted,
        status: trimmed(a.status.take()).unwrap_or_default(),
        notes: a.notes.take().unwrap_or_default(),
        contact: related(|r| r.contact.as_ref(), "contacts"),
        property: related(|r| r.property.as_ref(), "properties"),
        representative: related(|r| r.representative.as_ref(), "users"),
        author: related(|r| r.author.as_ref(), "users"),
        account: related(|r| r.account.as_ref().or(r.customer_account.as_ref()), "customer-accounts"),
        organisation: related(|r| r.organisation.as_ref(), "organisations"),
    }
}

fn resolve(rel: &Relationship, expected: &str, index: &Index<'_>) -> Option<Related> {
    let ident = rel.data.as_ref()?;
    let id = ident.id.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    let kind = ident.kind.as_deref().unwrap_or(expected);
    match index.find(kind, expected, id).and_then(|at| index.label(at, expected, id)) {
        Some(label) => Some(Related { id: id.to_owned(), label, resolved: true }),
        None => Some(Related { id: id.to_owned(), label: labels::fallback(expected, id), resolved: false }),
    }
}

fn label(res: &IncludedResource, expected: &str, id: &str) -> String {
    let kind = res.kind.as_deref().unwrap_or(expected);
    match kind {
        "contacts" => {
            let c: wire::ContactAttributes = res.attributes_as();
            let f = ContactFields {
                salutation: c.salutation.as_deref(),
                first_name: c.first_name.as_deref(),
                last_name: c.last_name.as_deref(),
                email: c.email.as_deref(),
                telephone: c.telephone.as_deref(),
            };
            labels::contact_label(id, &f)
        }
        "properties" => {
            let p: wire::PropertyAttributes = res.attributes_as();
            let a = p.address.unwrap_or_default();
            let f = AddressFields {
                description: a.description.as_deref(),
                department: a.department.as_deref(),
                organisation: a.organisation.as_deref(),
                number: a.number.as_deref(),
                name: a.name.as_deref(),
                thoroughfare: a.thoroughfare.as_deref(),
                dependent_thoroughfare: a.dependent_thoroughfare.as_deref(),
                post_town: a.post_town.as_deref(),
                postcode: a.postcode.as_deref(),
                po_box: a.po_box.as_deref(),
            };
            labels::property_label(id, &f, p.uprn.as_deref())
        }
        "users" => {
            let u: wire::UserAttributes = res.attributes_as();
            let personal = u.profile.and_then(|p| p.personal).unwrap_or_default();
            labels::user_label(
                id,
                personal.first_name.as_deref(),
                personal.last_name.as_deref(),
                personal.username.as_deref(),
                u.email.as_deref(),
            )
        }
        "organisations" => {
            let o: wire::OrganisationAttributes = res.attributes_as();
            labels::organisation_label(id, o.name.as_deref(), o.slug.as_deref())
        }
        other => labels::fallback(other, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The tests write bodies as text.
    fn decode_page(body: &str, limit: u64, offset: u64) -> Result<Page, Error> {
        super::decode_page(body.as_bytes(), limit, offset)
    }

    fn problems_from_body(body: &str) -> Vec<Problem> {
        super::problems_from_body(body.as_bytes())
    }

    const SEED: &str = include_str!("../../tests/fixtures/seed-interactions.json");

    fn doc(data: &str, included: &str) -> String {
        format!(
            r#"{{"data": {data}, "included": {included}, "meta": {{"pagination": {{"counts": {{"pages": 1, "resources": 1}}, "current_page": 1, "offsets": {{"next": null, "previous": null}}, "requested": {{"limit": 25, "offset": 0}}}}}}}}"#
        )
    }

    const ONE: &str = r#"[{"id": "i1", "type": "customer-interactions",
        "attributes": {"method": "telephone", "direction": "outbound", "date_time": "2024-03-01T10:00:00Z", "contacted": false, "status": "completed", "notes": "Rang about meter"},
        "relationships": {
            "contact": {"data": {"id": "c1", "type": "contacts"}},
            "property": {"data": {"id": "p1", "type": "properties"}},
            "representative": {"data": {"id": "u1", "type": "users"}},
            "author": {"data": {"id": "u2", "type": "users"}},
            "customer_account": {"data": {"id": "a1234567890", "type": "customer-accounts"}},
            "organisation": {"data": null}
        }}]"#;

    const INCLUDED: &str = r#"[
        {"id": "c1", "type": "contacts", "attributes": {"salutation": "Ms", "first_name": "Priya", "last_name": "Shah"}},
        {"id": "p1", "type": "properties", "attributes": {"address": {"number": 12, "thoroughfare": "Canal Street", "post_town": "Manchester", "postcode": "M1 3HE"}, "uprn": 10009}},
        {"id": "u1", "type": "users", "attributes": {"email": "rep@x.uk", "profile": {"personal": {"first_name": "Tom", "last_name": "Reid"}}}},
        {"id": "c1", "type": "contacts", "attributes": {"first_name": "Duplicate"}}
    ]"#;

    #[test]
    fn decodes_the_seed_example_document() {
        let page = decode_page(SEED, 25, 0).unwrap();
        assert_eq!(page.items.len(), 1);
        let i = &page.items[0];
        assert_eq!(i.id, "3c90c3cc-0d44-4b50-8888-8dd25736052a");
        assert_eq!(i.method, Method::Email);
        assert_eq!(i.direction, Direction::Inbound);
        assert_eq!(i.date_time.map(|d| d.timestamp()), Some(1_699_335_116));
        assert_eq!(i.contacted, Some(true));
        assert!(i.is_scheduled());
        assert_eq!(i.notes, "<string>");
        // Relationship types are "<string>" and nothing is included: fallbacks, never blank.
        let contact = i.contact.as_ref().unwrap();
        assert_eq!(contact.label, "Contact 3c90c3cc");
        assert!(!contact.resolved);
        assert_eq!(i.account.as_ref().unwrap().label, "Account 3c90c3cc");
        let p = &page.pagination;
        // The example claims 123 resources at offset 123: the total is raised to what was seen.
        assert_eq!((p.total, p.pages, p.current_page), (124, 123, 123));
        assert_eq!((p.next_offset, p.previous_offset), (Some(123), Some(123)));
        assert_eq!((p.limit, p.offset), (123, 123));
    }

    #[test]
    fn resolves_included_by_type_and_id() {
        let page = decode_page(&doc(ONE, INCLUDED), 25, 0).unwrap();
        let i = &page.items[0];
        assert_eq!(i.contact.as_ref().unwrap().label, "Ms Priya Shah");
        assert_eq!(i.property.as_ref().unwrap().label, "12 Canal Street, Manchester, M1 3HE");
        assert_eq!(i.representative.as_ref().unwrap().label, "Tom Reid");
        assert!(i.representative.as_ref().unwrap().resolved);
        // Author not included: fallback label.
        assert_eq!(i.author.as_ref().unwrap().label, "User u2");
        // `customer_account` accepted as `account`.
        assert_eq!(i.account.as_ref().unwrap().label, "Account a1234567");
        // `data: null` relationship: none.
        assert!(i.organisation.is_none());
        assert_eq!(i.method, Method::Telephone);
        assert_eq!(i.contacted, Some(false));
    }

    #[test]
    fn wrong_identifier_type_falls_back_to_id_lookup() {
        let data = r#"[{"id": "i1", "relationships": {"contact": {"data": {"id": "c1", "type": "<string>"}}}}]"#;
        let page = decode_page(&doc(data, INCLUDED), 25, 0).unwrap();
        assert_eq!(page.items[0].contact.as_ref().unwrap().label, "Ms Priya Shah");
    }

    #[test]
    fn tolerates_missing_null_and_mistyped_members() {
        let data = r#"[
            {"id": "a", "attributes": null, "relationships": "nonsense", "extra": {"x": 1}},
            {"id": 42, "attributes": {"method": 7, "contacted": "yes", "date_time": "yesterday", "notes": null, "status": ["x"]}},
            "not an object",
            {"id": "a", "attributes": {"method": "email"}}
        ]"#;
        let page = decode_page(&format!(r#"{{"data": {data}}}"#), 25, 0).unwrap();
        assert_eq!(page.skipped, 1, "the string element is skipped");
        assert_eq!(page.items.len(), 2, "duplicate id 'a' dropped");
        assert_eq!(page.items[0].method, Method::Other(String::new()));
        let b = &page.items[1];
        assert_eq!(b.id, "42");
        assert_eq!(b.method, Method::Other("7".into()));
        assert_eq!(b.contacted, Some(true));
        assert_eq!(b.date_time, None);
        assert_eq!(b.date_time_raw, "yesterday");
        assert_eq!(b.notes, "");
        assert_eq!(b.status, "");
        // No meta: pagination derived from what we asked and saw.
        assert_eq!(page.pagination.total, 2);
        assert_eq!(page.pagination.pages, 1);
    }

    #[test]
    fn repeated_members_keep_the_last_value_as_json_parse_does() {
        let data = r#"[{"id": "x", "id": "a", "attributes": {"method": "letter", "notes": "old", "method": "email", "notes": "new"},
            "relationships": {"contact": {"data": {"id": "zz"}}, "contact": {"data": {"id": "c1", "type": "contacts"}}}}]"#;
        let included = r#"[{"id": "c1", "type": "contacts", "attributes": {"first_name": "A", "first_name": "Priya", "last_name": "Shah"}}]"#;
        let page = decode_page(&doc(data, included), 25, 0).unwrap();
        let i = &page.items[0];
        assert_eq!((i.id.as_str(), &i.method, i.notes.as_str()), ("a", &Method::Email, "new"));
        assert_eq!(i.contact.as_ref().unwrap().label, "Priya Shah");
    }

    #[test]
    fn escaped_member_names_and_a_single_object_for_a_list() {
        // "\u0069d" is "id" written with an escape; `data` holds one object, not a list.
        let body = r#"{"data": {"\u0069d": "one", "attributes": {"not\u0065s": "hi"}}, "included": 7}"#;
        let page = decode_page(body, 25, 0).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!((page.items[0].id.as_str(), page.items[0].notes.as_str()), ("one", "hi"));
    }

    #[test]
    fn mistyped_nested_members_stay_inside_their_member() {
        let data = r#"[{"id": "a", "relationships": {
            "contact": {"data": ["c1"]},
            "property": {"data": {"id": {"deep": [1, {"x": null}]}, "type": "properties"}},
            "representative": 12,
            "author": {"data": {"id": "u2", "type": "users"}}},
            "attributes": {"notes": {"html": "<b>x</b>"}, "date_time": 20240301, "method": true}}]"#;
        let page = decode_page(&doc(data, INCLUDED), 25, 0).unwrap();
        let i = &page.items[0];
        assert!(i.contact.is_none() && i.property.is_none() && i.representative.is_none());
        assert_eq!(i.author.as_ref().unwrap().label, "User u2");
        assert_eq!((i.notes.as_str(), i.date_time_raw.as_str()), ("", "20240301"));
        assert_eq!(i.method, Method::Other("true".into()));
    }

    #[test]
    fn null_data_is_an_empty_page_but_missing_data_is_an_error() {
        let page = decode_page(r#"{"data": null}"#, 25, 0).unwrap();
        assert!(page.items.is_empty());
        assert!(matches!(decode_page(r#"{"meta": {}}"#, 25, 0), Err(Error::Decode { .. })));
    }

    #[test]
    fn errors_document_with_200_is_an_error() {
        let body = r#"{"errors": [{"status": "403", "title": "Forbidden", "detail": "No access"}]}"#;
        match decode_page(body, 25, 0) {
            Err(Error::Status { status, problems, .. }) => {
                assert_eq!(status, 403);
                assert_eq!(problems[0].detail.as_deref(), Some("No access"));
            }
            other => panic!("expected status error, got {other:?}"),
        }
    }

    #[test]
    fn bare_error_object_is_accepted() {
        let p = problems_from_body(r#"{"status": 400, "title": "Bad", "detail": "limit must be >= 1"}"#);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].status.as_deref(), Some("400"));
        assert_eq!(p[0].detail.as_deref(), Some("limit must be >= 1"));
        let p = problems_from_body(r#"{"errors": [{"title": "Bad filter", "source": {"parameter": "filter"}}]}"#);
        assert_eq!(p[0].parameter.as_deref(), Some("filter"));
        assert!(problems_from_body("<html>").is_empty());
    }

    #[test]
    fn bytes_a_byte_order_mark_and_invalid_utf8() {
        // A leading byte order mark is dropped, as `Response.text()` would.
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SEED.as_bytes()].concat();
        assert_eq!(super::decode_page(&with_bom, 25, 0).unwrap().items.len(), 1);
        // Invalid UTF-8, in a note or anywhere else, is a decode error, never a panic.
        let mut bytes = br#"{"data": [{"id": "a", "attributes": {"notes": "caf"}}]}"#.to_vec();
        let at = bytes.windows(3).position(|w| w == b"caf").unwrap() + 3;
        bytes.insert(at, 0xE9); // Latin-1 "é": not UTF-8
        match super::decode_page(&bytes, 25, 0) {
            Err(Error::Decode { why, .. }) => assert!(why.contains("not valid JSON"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(super::decode_page(b"\xFF\xFE{", 25, 0).is_err());
        assert!(super::problems_from_body(b"\xFF").is_empty());
    }

    #[test]
    fn a_top_level_array_is_not_a_document() {
        // Found by the fuzzer: serde reads a struct from an array.
        for body in ["[{\"id\":\"x\"}]", "[null]", "[1]", " \n[]"] {
            assert!(matches!(decode_page(body, 25, 0), Err(Error::Decode { .. })), "{body}");
        }
    }

    #[test]
    fn garbage_and_truncated_bodies_are_decode_errors() {
        for body in ["", "<html>oops</html>", "[1,2", "null", "42", "\"str\"", "{\"data\": [", "\u{0}"] {
            let r = decode_page(body, 25, 0);
            assert!(r.is_err(), "{body:?} should fail");
        }
        match decode_page(&SEED[..SEED.len() / 2], 25, 0) {
            Err(Error::Decode { why, .. }) => assert!(why.contains("truncated"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn offsets_as_strings_and_missing_pagination_parts() {
        let body = r#"{"data": [], "meta": {"pagination": {"counts": {"resources": "50"}, "requested": {"limit": "25", "offset": "25"}}}}"#;
        let p = decode_page(body, 10, 0).unwrap().pagination;
        assert_eq!((p.total, p.pages, p.current_page, p.limit), (50, 2, 2, 25));
        assert_eq!(p.previous_offset, Some(0));
        assert_eq!(p.next_offset, None);
    }
}
