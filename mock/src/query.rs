//! Parsing the query string of the list endpoint into a typed [`ListQuery`].
//! Pure functions; every error names the offending parameter.
//!
//! ASSUMED wire form of `filter` (the contract marks it *assumed*): named
//! filters in expression style, values single-quoted and comma separated,
//! several filters joined by commas:
//! `filter=contact_in('id1','id2'),property_in('b')`.
//! AND across filters, OR within one filter's values.

use std::fmt;

/// Default page size when `limit` is absent.
pub const DEFAULT_LIMIT: u64 = 20;

/// The `include` options, in the order the API advertises them.
pub const INCLUDE_OPTIONS: [&str; 6] = ["account", "author", "contact", "organisation", "property", "representative"];

/// The filter names the API knows.
pub const FILTER_NAMES: [&str; 5] = ["id_in", "account_in", "contact_in", "property_in", "representative_in"];

/// A relationship that may be included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Include {
    Account,
    Author,
    Contact,
    Organisation,
    Property,
    Representative,
}

impl Include {
    pub const ALL: [Include; 6] = [
        Include::Account,
        Include::Author,
        Include::Contact,
        Include::Organisation,
        Include::Property,
        Include::Representative,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Include::Account => "account",
            Include::Author => "author",
            Include::Contact => "contact",
            Include::Organisation => "organisation",
            Include::Property => "property",
            Include::Representative => "representative",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }
}

/// A named filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterName {
    IdIn,
    AccountIn,
    ContactIn,
    PropertyIn,
    RepresentativeIn,
}

impl FilterName {
    pub fn name(self) -> &'static str {
        match self {
            FilterName::IdIn => "id_in",
            FilterName::AccountIn => "account_in",
            FilterName::ContactIn => "contact_in",
            FilterName::PropertyIn => "property_in",
            FilterName::RepresentativeIn => "representative_in",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "id_in" => Some(FilterName::IdIn),
            "account_in" => Some(FilterName::AccountIn),
            "contact_in" => Some(FilterName::ContactIn),
            "property_in" => Some(FilterName::PropertyIn),
            "representative_in" => Some(FilterName::RepresentativeIn),
            _ => None,
        }
    }
}

/// One filter: the item matches when its related id is one of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub name: FilterName,
    pub values: Vec<String>,
}

/// A validated request for one page of interactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// `None` when `include` was absent or empty (then no `included` member).
    pub include: Option<Vec<Include>>,
    pub filters: Vec<Filter>,
    pub limit: u64,
    pub offset: u64,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self { include: None, filters: Vec::new(), limit: DEFAULT_LIMIT, offset: 0 }
    }
}

/// A 400 error about one query parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub parameter: &'static str,
    pub detail: String,
}

impl QueryError {
    fn new(parameter: &'static str, detail: impl Into<String>) -> Self {
        Self { parameter, detail: detail.into() }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.parameter, self.detail)
    }
}

impl std::error::Error for QueryError {}

/// Parse a raw (still percent-encoded) query string.
pub fn parse_query_string(raw: Option<&str>) -> Result<ListQuery, QueryError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(raw.unwrap_or("").as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    parse_pairs(&pairs)
}

/// Parse decoded query pairs. `include` and `filter` may repeat (their
/// contents are combined); for `limit` and `offset` the last one wins.
/// Unknown parameters are ignored.
pub fn parse_pairs(pairs: &[(String, String)]) -> Result<ListQuery, QueryError> {
    let mut query = ListQuery::default();
    let mut limit = None;
    let mut offset = None;
    for (key, value) in pairs {
        match key.as_str() {
            "include" => {
                if let Some(list) = parse_include(value)? {
                    let merged = query.include.get_or_insert_with(Vec::new);
                    for i in list {
                        if !merged.contains(&i) {
                            merged.push(i);
                        }
                    }
                }
            }
            "filter" => query.filters.extend(parse_filter(value)?),
            "limit" => limit = Some(value.as_str()),
            "offset" => offset = Some(value.as_str()),
            _ => {}
        }
    }
    query.limit = parse_limit(limit)?;
    query.offset = parse_offset(offset)?;
    Ok(query)
}

/// `include=contact,property`: `Ok(None)` when blank.
pub fn parse_include(value: &str) -> Result<Option<Vec<Include>>, QueryError> {
    let mut out = Vec::new();
    for raw in value.split(',') {
        let name = raw.trim();
        if name.is_empty() {
            continue;
        }
        let include = Include::parse(name).ok_or_else(|| {
            QueryError::new(
                "include",
                format!("'{name}' cannot be included; the options are: {}", INCLUDE_OPTIONS.join(", ")),
            )
        })?;
        if !out.contains(&include) {
            out.push(include);
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// `limit`: an integer >= 1, default [`DEFAULT_LIMIT`].
pub fn parse_limit(value: Option<&str>) -> Result<u64, QueryError> {
    let Some(v) = value else {
        return Ok(DEFAULT_LIMIT);
    };
    match v.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(QueryError::new("limit", format!("limit must be an integer greater than or equal to 1, got '{v}'"))),
    }
}

/// `offset`: an integer >= 0, default 0.
pub fn parse_offset(value: Option<&str>) -> Result<u64, QueryError> {
    let Some(v) = value else {
        return Ok(0);
    };
    v.trim().parse::<u64>().map_err(|_| {
        QueryError::new("offset", format!("offset must be an integer greater than or equal to 0, got '{v}'"))
    })
}

/// Parse a filter expression such as `contact_in('a','b'),property_in('c')`.
/// A blank expression means no filter.
pub fn parse_filter(expr: &str) -> Result<Vec<Filter>, QueryError> {
    let mut p = Parser { chars: expr.chars().collect(), pos: 0 };
    let mut filters = Vec::new();
    p.skip_ws();
    if p.at_end() {
        return Ok(filters);
    }
    loop {
        filters.push(p.filter()?);
        p.skip_ws();
        match p.next() {
            None => return Ok(filters),
            Some(',') => p.skip_ws(),
            Some(c) => {
                let detail = format!(
                    "unexpected '{c}' at position {}; separate filters with a comma, {}",
                    p.pos, "e.g. contact_in('a'),property_in('b')"
                );
                return Err(p.error(detail));
            }
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

const EXAMPLE: &str = "e.g. filter=contact_in('id1','id2')";

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, detail: String) -> QueryError {
        QueryError::new("filter", detail)
    }

    fn filter(&mut self) -> Result<Filter, QueryError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if name.is_empty() {
            return Err(self.error(match self.peek() {
                Some(c) => format!("expected a filter name at position {}, found '{c}' ({EXAMPLE})", self.pos + 1),
                None => format!("expected a filter name after the trailing comma ({EXAMPLE})"),
            }));
        }
        let filter_name = FilterName::parse(&name).ok_or_else(|| {
            self.error(format!("unknown filter '{name}'; available filters: {}", FILTER_NAMES.join(", ")))
        })?;
        self.skip_ws();
        if self.next() != Some('(') {
            return Err(self.error(format!("expected '(' after the filter name '{name}' ({EXAMPLE})")));
        }
        let mut values = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            return Err(self.error(format!("filter '{name}' needs at least one quoted value, e.g. {name}('id')")));
        }
        loop {
            self.skip_ws();
            match self.next() {
                Some('\'') => {}
                Some(c) => {
                    return Err(self.error(format!(
                        "values of filter '{name}' must be single-quoted, found '{c}' at position {}, e.g. {name}('id1','id2')",
                        self.pos
                    )))
                }
                None => {
                    return Err(self.error(format!(
                        "filter '{name}' is missing its closing ')'"
                    )))
                }
            }
            let value_start = self.pos;
            loop {
                match self.next() {
                    Some('\'') => break,
                    Some(_) => {}
                    None => {
                        return Err(
                            self.error(format!("unterminated quoted value in filter '{name}' (missing closing ')"))
                        )
                    }
                }
            }
            values.push(self.chars[value_start..self.pos - 1].iter().collect());
            self.skip_ws();
            match self.next() {
                Some(',') => continue,
                Some(')') => break,
                Some(c) => {
                    return Err(self.error(format!(
                        "unexpected '{c}' at position {} in filter '{name}'; separate values with a comma and close with ')'",
                        self.pos
                    )))
                }
                None => {
                    return Err(self.error(format!(
                        "filter '{name}' is missing its closing ')'"
                    )))
                }
            }
        }
        Ok(Filter { name: filter_name, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: FilterName, values: &[&str]) -> Filter {
        Filter { name, values: values.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn filter_single_and_multiple_values() {
        assert_eq!(parse_filter("contact_in('a')").unwrap(), vec![f(FilterName::ContactIn, &["a"])]);
        assert_eq!(parse_filter("contact_in('id1','id2')").unwrap(), vec![f(FilterName::ContactIn, &["id1", "id2"])]);
    }

    #[test]
    fn filter_several_filters_and_whitespace() {
        let parsed = parse_filter(
            " contact_in( 'a' , 'b' ) , property_in('c'),id_in('x'),account_in('y'),representative_in('z') ",
        )
        .unwrap();
        assert_eq!(
            parsed,
            vec![
                f(FilterName::ContactIn, &["a", "b"]),
                f(FilterName::PropertyIn, &["c"]),
                f(FilterName::IdIn, &["x"]),
                f(FilterName::AccountIn, &["y"]),
                f(FilterName::RepresentativeIn, &["z"]),
            ]
        );
    }

    #[test]
    fn filter_blank_is_no_filter() {
        assert!(parse_filter("").unwrap().is_empty());
        assert!(parse_filter("   ").unwrap().is_empty());
    }

    #[test]
    fn filter_values_may_contain_commas_and_parens() {
        assert_eq!(parse_filter("id_in('a,b)')").unwrap(), vec![f(FilterName::IdIn, &["a,b)"])]);
    }

    #[test]
    fn filter_unknown_name() {
        let e = parse_filter("colour_in('red')").unwrap_err();
        assert_eq!(e.parameter, "filter");
        assert!(e.detail.contains("unknown filter 'colour_in'"), "{}", e.detail);
        assert!(e.detail.contains("contact_in"));
    }

    #[test]
    fn filter_malformed_quotes() {
        for bad in [
            "contact_in('a)",
            "contact_in(a)",
            "contact_in(\"a\")",
            "contact_in('a'",
            "contact_in('a' 'b')",
            "contact_in'a'",
            "contact_in",
        ] {
            let e = parse_filter(bad).unwrap_err();
            assert_eq!(e.parameter, "filter", "{bad}");
            assert!(!e.detail.is_empty());
        }
        let e = parse_filter("contact_in(a)").unwrap_err();
        assert!(e.detail.contains("single-quoted"), "{}", e.detail);
        let e = parse_filter("contact_in('a)").unwrap_err();
        assert!(e.detail.contains("unterminated"), "{}", e.detail);
    }

    #[test]
    fn filter_empty_list_and_stray_commas() {
        let e = parse_filter("contact_in()").unwrap_err();
        assert!(e.detail.contains("at least one"), "{}", e.detail);
        assert!(parse_filter("contact_in('a'),").is_err());
        assert!(parse_filter(",contact_in('a')").is_err());
        assert!(parse_filter("contact_in('a') property_in('b')").is_err());
        assert!(parse_filter("contact_in('a',)").is_err());
    }

    #[test]
    fn legacy_bracket_form_is_ignored_as_unknown_param() {
        let q = parse_query_string(Some("filter%5Bcontact_in%5D=abc")).unwrap();
        assert!(q.filters.is_empty());
    }

    #[test]
    fn limit_validation() {
        assert_eq!(parse_limit(None).unwrap(), 20);
        assert_eq!(parse_limit(Some("1")).unwrap(), 1);
        assert_eq!(parse_limit(Some("250")).unwrap(), 250);
        for bad in ["0", "-1", "abc", "", "1.5", "99999999999999999999999"] {
            let e = parse_limit(Some(bad)).unwrap_err();
            assert_eq!(e.parameter, "limit", "{bad}");
        }
    }

    #[test]
    fn offset_validation() {
        assert_eq!(parse_offset(None).unwrap(), 0);
        assert_eq!(parse_offset(Some("0")).unwrap(), 0);
        assert_eq!(parse_offset(Some("40")).unwrap(), 40);
        for bad in ["-1", "x", "", "2.0"] {
            let e = parse_offset(Some(bad)).unwrap_err();
            assert_eq!(e.parameter, "offset", "{bad}");
        }
    }

    #[test]
    fn include_parsing() {
        assert_eq!(parse_include("").unwrap(), None);
        assert_eq!(
            parse_include("contact, property,contact").unwrap(),
            Some(vec![Include::Contact, Include::Property])
        );
        let all = parse_include(&INCLUDE_OPTIONS.join(",")).unwrap().unwrap();
        assert_eq!(all.len(), 6);
        let e = parse_include("contact,meters").unwrap_err();
        assert_eq!(e.parameter, "include");
        assert!(e.detail.contains("'meters'"));
    }

    #[test]
    fn full_query_string() {
        let q = parse_query_string(Some(
            "include=account,author&filter=contact_in(%27a%27,%27b%27),property_in('c')&limit=5&offset=10&unknown=1",
        ))
        .unwrap();
        assert_eq!(q.include, Some(vec![Include::Account, Include::Author]));
        assert_eq!(q.filters.len(), 2);
        assert_eq!(q.filters[0].values, vec!["a", "b"]);
        assert_eq!((q.limit, q.offset), (5, 10));
        assert_eq!(parse_query_string(None).unwrap(), ListQuery::default());
        let e = parse_query_string(Some("limit=0")).unwrap_err();
        assert_eq!(e.parameter, "limit");
        let e = parse_query_string(Some("offset=-3")).unwrap_err();
        assert_eq!(e.parameter, "offset");
    }
}
