//! Building the request URL: pure functions, tested natively.

use super::contract::{self, INCLUDE_ALL, INTERACTIONS_PATH};
use crate::model::{Config, Scope};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left unescaped in query values (RFC 3986 unreserved).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Everything that identifies one request for a page of interactions.
///
/// Two equal values mean the same request: the UI uses this to decide whether to refetch.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InteractionsRequest {
    pub api_base: String,
    pub org_id: String,
    pub scope: Scope,
    pub include: Vec<&'static str>,
    pub limit: u32,
    pub offset: u64,
}

impl InteractionsRequest {
    /// The first page for a configuration, including every related resource.
    pub fn first_page(config: &Config) -> Self {
        Self {
            api_base: config.api_base.clone(),
            org_id: config.org_id.clone(),
            scope: config.scope.clone(),
            include: INCLUDE_ALL.to_vec(),
            limit: config.page_size,
            offset: 0,
        }
    }

    pub fn with_offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// The full URL: base, path, then `include`, `filter`, `limit`, `offset`.
    pub fn url(&self) -> String {
        let path = INTERACTIONS_PATH.replace("{org_id}", &encode(&self.org_id));
        let mut params: Vec<(&str, String)> = Vec::new();
        if !self.include.is_empty() {
            params.push(("include", self.include.join(",")));
        }
        if let Some(filter) = contract::filter_expression(&self.scope) {
            params.push(("filter", filter));
        }
        params.push(("limit", self.limit.max(1).to_string()));
        params.push(("offset", self.offset.to_string()));
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        format!("{}{}?{}", self.api_base.trim_end_matches('/'), path, query.join("&"))
    }
}

/// Percent-encodes a path segment or query value.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            org_id: "demo-org".into(),
            api_base: "https://api.ctrl-hub.com".into(),
            token: "secret".into(),
            page_size: 25,
            scope: Scope::default(),
        }
    }

    #[test]
    fn first_page_url() {
        let url = InteractionsRequest::first_page(&config()).url();
        assert_eq!(
            url,
            "https://api.ctrl-hub.com/v3/orgs/demo-org/customers/interactions\
             ?include=account%2Cauthor%2Ccontact%2Corganisation%2Cproperty%2Crepresentative&limit=25&offset=0"
        );
    }

    #[test]
    fn url_never_contains_the_token() {
        let url = InteractionsRequest::first_page(&config()).url();
        assert!(!url.contains("secret"));
    }

    #[test]
    fn filter_and_offset_are_encoded() {
        let mut c = config();
        c.scope.contact_in = vec!["c1".into(), "c2".into()];
        let url = InteractionsRequest::first_page(&c).with_offset(50).url();
        assert!(url.contains("&filter=contact_in%28%27c1%27%2C%27c2%27%29&"), "{url}");
        assert!(url.ends_with("&limit=25&offset=50"), "{url}");
    }

    #[test]
    fn base_with_path_prefix_and_trailing_slash() {
        let mut c = config();
        c.api_base = "http://127.0.0.1:8080/proxy/".into();
        let url = InteractionsRequest::first_page(&c).url();
        assert!(url.starts_with("http://127.0.0.1:8080/proxy/v3/orgs/demo-org/customers/interactions?"), "{url}");
    }

    #[test]
    fn equal_requests_compare_equal() {
        let a = InteractionsRequest::first_page(&config());
        let b = InteractionsRequest::first_page(&config());
        assert_eq!(a, b);
        assert_ne!(a, b.with_offset(25));
    }

    #[test]
    fn encode_escapes_reserved_characters() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("safe-._~"), "safe-._~");
    }
}
