//! The runtime pieces generated crates carry: each is a file of the workspace crate
//! `generator/runtime` (compiled, linted and tested there), copied verbatim into
//! `src/runtime/` of a generated crate that uses it. This module names them with a typed
//! enum, holds their text, and says which pieces each piece needs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One piece of the runtime (a file of `generator/runtime/src/runtime/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Piece {
    /// `ApiKey` credentials, whatever the key's place.
    ApiKeyCredentials,
    /// Sending an API key in a cookie.
    ApiKeyCookie,
    /// Sending an API key in a header.
    ApiKeyHeader,
    /// Sending an API key in the query.
    ApiKeyQuery,
    /// HTTP Basic credentials.
    BasicCredentials,
    /// Bearer-token credentials.
    BearerCredentials,
    /// Checking integer arguments against their bounds.
    CheckRange,
    /// The API-independent part of `Client` and its methods.
    ClientCore,
    /// How a client with credentials is built (`ClientOptions`).
    ClientOptions,
    /// Cookie parameters.
    CookieParams,
    /// Decoding documented error bodies.
    DecodeError,
    /// Decoding JSON success bodies.
    DecodeJson,
    /// Optional-and-nullable fields.
    DoubleOption,
    /// Percent-encoding.
    Encode,
    /// `Error`, `ErrorResponse`, `DecodeError`.
    Error,
    /// Form bodies (`application/x-www-form-urlencoded`).
    FormBody,
    /// Header parameters.
    HeaderParams,
    /// Idempotency keys.
    IdempotencyKey,
    /// The `integer_enum!` impls of integer enums.
    IntegerEnum,
    /// Parameters sent as JSON text.
    JsonParam,
    /// Mocks matched on header parameters (feature `mock`).
    MockHeaderParams,
    /// Mocks matched on multipart bodies (feature `mock`).
    MockMultipart,
    /// Mocks of cursor-paginated lists (feature `mock`).
    MockPages,
    /// Mocks matched on path parameters (feature `mock`).
    MockPathParams,
    /// Mocks matched on query parameters (feature `mock`).
    MockQueryParams,
    /// The mock server, its mocks and the requests it received (feature `mock`).
    MockServer,
    /// Multipart bodies: `FilePart`, `MultipartBody`.
    Multipart,
    /// Decoding structs from JSON objects.
    Object,
    /// `RetryPolicy`, `RequestOptions`, `DEFAULT_TIMEOUT`, `USER_AGENT`.
    Options,
    /// Page walking.
    Pagination,
    /// `name=value` pairs in the query styles (query parameters, form bodies).
    Pairs,
    /// The longest a parameter may be once written.
    ParamLength,
    /// Path parameters.
    PathParams,
    /// Query pairs.
    Query,
    /// Query parameters.
    QueryParams,
    /// `ApiResponse`.
    Response,
    /// One credential per security scheme, chosen per operation.
    SchemeCredentials,
    /// Sending with retries.
    Send,
    /// The `string_enum!` impls of string enums.
    StringEnum,
    /// Parameter values as styles see them.
    Style,
    /// Decoding unions without a discriminator.
    Untagged,
    /// Request URLs.
    Url,
}

impl Piece {
    /// Every piece.
    pub const ALL: [Piece; 42] = [
        Piece::ApiKeyCredentials,
        Piece::ApiKeyCookie,
        Piece::ApiKeyHeader,
        Piece::ApiKeyQuery,
        Piece::BasicCredentials,
        Piece::BearerCredentials,
        Piece::CheckRange,
        Piece::ClientCore,
        Piece::ClientOptions,
        Piece::CookieParams,
        Piece::DecodeError,
        Piece::DecodeJson,
        Piece::DoubleOption,
        Piece::Encode,
        Piece::Error,
        Piece::FormBody,
        Piece::HeaderParams,
        Piece::IdempotencyKey,
        Piece::IntegerEnum,
        Piece::JsonParam,
        Piece::MockHeaderParams,
        Piece::MockMultipart,
        Piece::MockPages,
        Piece::MockPathParams,
        Piece::MockQueryParams,
        Piece::MockServer,
        Piece::Multipart,
        Piece::Object,
        Piece::Options,
        Piece::Pagination,
        Piece::Pairs,
        Piece::ParamLength,
        Piece::PathParams,
        Piece::Query,
        Piece::QueryParams,
        Piece::Response,
        Piece::SchemeCredentials,
        Piece::Send,
        Piece::StringEnum,
        Piece::Style,
        Piece::Untagged,
        Piece::Url,
    ];

    /// The module name, which is also the file name under `src/runtime/`.
    pub fn module(self) -> &'static str {
        match self {
            Piece::ApiKeyCredentials => "credentials_api_key",
            Piece::ApiKeyCookie => "api_key_cookie",
            Piece::ApiKeyHeader => "api_key_header",
            Piece::ApiKeyQuery => "api_key_query",
            Piece::BasicCredentials => "credentials_basic",
            Piece::BearerCredentials => "credentials_bearer",
            Piece::CheckRange => "check_range",
            Piece::SchemeCredentials => "credentials_schemes",
            Piece::ClientCore => "client_core",
            Piece::ClientOptions => "client_options",
            Piece::CookieParams => "cookie_params",
            Piece::DecodeError => "decode_error",
            Piece::DecodeJson => "decode_json",
            Piece::DoubleOption => "double_option",
            Piece::Encode => "encode",
            Piece::Error => "error",
            Piece::FormBody => "form_body",
            Piece::HeaderParams => "header_params",
            Piece::IdempotencyKey => "idempotency_key",
            Piece::IntegerEnum => "integer_enum",
            Piece::JsonParam => "json_param",
            Piece::MockHeaderParams => "mock_header_params",
            Piece::MockMultipart => "mock_multipart",
            Piece::MockPages => "mock_pages",
            Piece::MockPathParams => "mock_path_params",
            Piece::MockQueryParams => "mock_query_params",
            Piece::MockServer => "mock_server",
            Piece::Multipart => "multipart",
            Piece::Object => "object",
            Piece::Options => "options",
            Piece::Pairs => "pairs",
            Piece::ParamLength => "param_length",
            Piece::Pagination => "pagination",
            Piece::PathParams => "path_params",
            Piece::Query => "query",
            Piece::QueryParams => "query_params",
            Piece::Response => "response",
            Piece::Send => "send",
            Piece::StringEnum => "string_enum",
            Piece::Style => "style",
            Piece::Untagged => "untagged",
            Piece::Url => "url",
        }
    }

    /// The piece's text, exactly as in `generator/runtime/src/runtime/`.
    pub fn source(self) -> &'static str {
        match self {
            Piece::ApiKeyCredentials => {
                include_str!("../runtime/src/runtime/credentials_api_key.rs")
            }
            Piece::ApiKeyCookie => include_str!("../runtime/src/runtime/api_key_cookie.rs"),
            Piece::ApiKeyHeader => include_str!("../runtime/src/runtime/api_key_header.rs"),
            Piece::ApiKeyQuery => include_str!("../runtime/src/runtime/api_key_query.rs"),
            Piece::BasicCredentials => include_str!("../runtime/src/runtime/credentials_basic.rs"),
            Piece::BearerCredentials => {
                include_str!("../runtime/src/runtime/credentials_bearer.rs")
            }
            Piece::CheckRange => include_str!("../runtime/src/runtime/check_range.rs"),
            Piece::SchemeCredentials => {
                include_str!("../runtime/src/runtime/credentials_schemes.rs")
            }
            Piece::ClientCore => include_str!("../runtime/src/runtime/client_core.rs"),
            Piece::ClientOptions => include_str!("../runtime/src/runtime/client_options.rs"),
            Piece::CookieParams => include_str!("../runtime/src/runtime/cookie_params.rs"),
            Piece::DecodeError => include_str!("../runtime/src/runtime/decode_error.rs"),
            Piece::DecodeJson => include_str!("../runtime/src/runtime/decode_json.rs"),
            Piece::DoubleOption => include_str!("../runtime/src/runtime/double_option.rs"),
            Piece::Encode => include_str!("../runtime/src/runtime/encode.rs"),
            Piece::Error => include_str!("../runtime/src/runtime/error.rs"),
            Piece::FormBody => include_str!("../runtime/src/runtime/form_body.rs"),
            Piece::HeaderParams => include_str!("../runtime/src/runtime/header_params.rs"),
            Piece::IdempotencyKey => include_str!("../runtime/src/runtime/idempotency_key.rs"),
            Piece::IntegerEnum => include_str!("../runtime/src/runtime/integer_enum.rs"),
            Piece::JsonParam => include_str!("../runtime/src/runtime/json_param.rs"),
            Piece::MockHeaderParams => {
                include_str!("../runtime/src/runtime/mock_header_params.rs")
            }
            Piece::MockPages => include_str!("../runtime/src/runtime/mock_pages.rs"),
            Piece::MockMultipart => include_str!("../runtime/src/runtime/mock_multipart.rs"),
            Piece::MockPathParams => include_str!("../runtime/src/runtime/mock_path_params.rs"),
            Piece::MockQueryParams => {
                include_str!("../runtime/src/runtime/mock_query_params.rs")
            }
            Piece::MockServer => include_str!("../runtime/src/runtime/mock_server.rs"),
            Piece::Multipart => include_str!("../runtime/src/runtime/multipart.rs"),
            Piece::Object => include_str!("../runtime/src/runtime/object.rs"),
            Piece::Options => include_str!("../runtime/src/runtime/options.rs"),
            Piece::Pairs => include_str!("../runtime/src/runtime/pairs.rs"),
            Piece::ParamLength => include_str!("../runtime/src/runtime/param_length.rs"),
            Piece::Pagination => include_str!("../runtime/src/runtime/pagination.rs"),
            Piece::PathParams => include_str!("../runtime/src/runtime/path_params.rs"),
            Piece::Query => include_str!("../runtime/src/runtime/query.rs"),
            Piece::QueryParams => include_str!("../runtime/src/runtime/query_params.rs"),
            Piece::Response => include_str!("../runtime/src/runtime/response.rs"),
            Piece::Send => include_str!("../runtime/src/runtime/send.rs"),
            Piece::StringEnum => include_str!("../runtime/src/runtime/string_enum.rs"),
            Piece::Style => include_str!("../runtime/src/runtime/style.rs"),
            Piece::Untagged => include_str!("../runtime/src/runtime/untagged.rs"),
            Piece::Url => include_str!("../runtime/src/runtime/url.rs"),
        }
    }

    /// The `[dependencies]` lines of a generated crate that this piece needs beyond
    /// serde, serde_json and reqwest (which every client crate has).
    pub fn dependencies(self) -> &'static [&'static str] {
        match self {
            Piece::Encode | Piece::Pairs | Piece::CookieParams => &["percent-encoding = \"2.3\""],
            Piece::Pagination => &[
                "futures-util = { version = \"0.3\", default-features = false, features = [\"std\"] }",
            ],
            // The retry backoff sleeps on tokio's timer (reqwest runs on tokio already), and
            // `Retry-After` dates are read by httpdate.
            Piece::Send => &[
                "tokio = { version = \"1\", default-features = false, features = [\"time\"] }",
                "httpdate = \"1\"",
            ],
            Piece::IdempotencyKey => &["uuid = { version = \"1\", features = [\"v4\"] }"],
            // hyper's HTTP/1.1 server on tokio; reqwest depends on all three already, so
            // they add no crate to the build, only their server code.
            Piece::MockServer => &[
                "hyper = { version = \"1\", features = [\"server\", \"http1\"], optional = true }",
                "hyper-util = { version = \"0.1\", features = [\"tokio\"], optional = true }",
                "http-body-util = { version = \"0.1\", optional = true }",
            ],
            _ => &[],
        }
    }

    /// The cargo feature of the generated crate that the piece is compiled under, if it
    /// is not always compiled: its module is declared under `#[cfg(feature = ...)]`, and
    /// its dependencies are optional, enabled by the feature.
    pub fn feature(self) -> Option<&'static str> {
        match self {
            Piece::MockHeaderParams
            | Piece::MockMultipart
            | Piece::MockPages
            | Piece::MockPathParams
            | Piece::MockQueryParams
            | Piece::MockServer => Some("mock"),
            _ => None,
        }
    }

    /// What the piece's feature turns on (`dep:` for its optional dependencies, and
    /// features of dependencies every client has).
    pub fn feature_enables(self) -> &'static [&'static str] {
        match self {
            // Listening (`net`) and a task per connection (`rt`) on the tokio the client
            // already has (for its timer).
            Piece::MockServer => &[
                "dep:hyper",
                "dep:hyper-util",
                "dep:http-body-util",
                "tokio/net",
                "tokio/rt",
            ],
            _ => &[],
        }
    }

    /// The pieces this one uses: every `super::<piece>` its text names (a sibling module;
    /// not `super::super::<name>`, a generated module), so the list cannot fall out of step
    /// with the code. Read from the texts once per process.
    pub fn requires(self) -> &'static [Piece] {
        static REQUIRES: OnceLock<Vec<Vec<Piece>>> = OnceLock::new();
        let table =
            REQUIRES.get_or_init(|| Piece::ALL.into_iter().map(Piece::read_requires).collect());
        Piece::ALL
            .iter()
            .position(|piece| *piece == self)
            .and_then(|index| table.get(index))
            .map_or(&[], Vec::as_slice)
    }

    fn read_requires(self) -> Vec<Piece> {
        let source = self.source();
        Piece::ALL
            .into_iter()
            .filter(|other| *other != self)
            .filter(|other| {
                let path = format!("super::{}", other.module());
                source.match_indices(&path).any(|(at, _)| {
                    // A whole module name: not `style` inside `style_x`, and a sibling: not
                    // the generated `error` module in `super::super::error`.
                    !source[at + path.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                        && !source[..at].ends_with("::")
                })
            })
            .collect()
    }
}

/// The names of the methods the runtime gives every `Client` (`with_timeout`, ...): an
/// operation never takes one. Read from the `client_core` piece itself, so a method
/// added there is reserved without a second list to keep in step.
pub fn reserved_client_methods() -> Vec<String> {
    let mut names = vec![
        "new".to_owned(),
        "new_with".to_owned(),
        "from_http_client".to_owned(),
        "with_core".to_owned(),
        "clone".to_owned(),
        "fmt".to_owned(),
    ];
    static CLIENT_METHODS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    let methods = CLIENT_METHODS.get_or_init(|| impl_methods(&[Piece::ClientCore]));
    names.extend(methods.get("Client").into_iter().flatten().cloned());
    names
}

/// The names a security scheme's setting (`Credentials::with_<scheme>`, for clients of
/// several schemes) may not take: the methods the runtime piece gives `Credentials`
/// (Plaid's scheme `secret` met the private helper `with_secret`), and those of the traits
/// it derives or implements.
pub fn reserved_credentials_methods() -> Vec<String> {
    static METHODS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    let methods = METHODS.get_or_init(|| impl_methods(&[Piece::SchemeCredentials]));
    let mut names: Vec<String> = ["new", "default", "clone", "clone_from", "fmt"]
        .map(str::to_owned)
        .to_vec();
    names.extend(methods.get("Credentials").into_iter().flatten().cloned());
    names
}

/// The names a client-wide header setting may not take, since the setting becomes a
/// field of `Client` (beside `core`), methods `<setting>`, `with_<setting>` and
/// `without_<setting>` of `Client`, `RequestOptions::with_<setting>`,
/// `ApiResponse::<setting>` and the mock's `ReceivedRequest::<setting>`: the runtime's
/// methods of those types, read from the pieces.
pub fn reserved_setting_names() -> Vec<String> {
    static OPTION_METHODS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    let methods = OPTION_METHODS.get_or_init(|| impl_methods(&[Piece::Options, Piece::Response]));
    let mut names = reserved_client_methods();
    names.push("core".to_owned());
    for type_name in ["RequestOptions", "ApiResponse"] {
        names.extend(methods.get(type_name).into_iter().flatten().cloned());
    }
    names.extend(reserved_mock_methods("ReceivedRequest"));
    names
}

/// The names of the methods the mock pieces give the runtime's mock type `type_name`
/// (`MockServer`, `MockBuilder`, `ReceivedRequest`): the generated `mock` module gives
/// those types one method per operation, parameter or client setting, and must not
/// take one of these names.
pub fn reserved_mock_methods(type_name: &str) -> Vec<String> {
    static MOCK_METHODS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    let methods = MOCK_METHODS.get_or_init(|| {
        let pieces: Vec<Piece> = Piece::ALL
            .into_iter()
            .filter(|piece| piece.feature() == Some("mock"))
            .collect();
        impl_methods(&pieces)
    });
    let mut names: Vec<String> = methods
        .get(type_name)
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    names.extend(["clone", "fmt", "drop"].map(str::to_owned));
    names
}

/// The names of the functions in the `impl` blocks of the pieces' texts, by the name of
/// the type they are implemented on, in the pieces' order.
fn impl_methods(pieces: &[Piece]) -> BTreeMap<String, Vec<String>> {
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for piece in pieces {
        let Ok(file) = syn::parse_file(piece.source()) else {
            continue;
        };
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(path) = block.self_ty.as_ref() else {
                continue;
            };
            let Some(type_name) = path.path.segments.last() else {
                continue;
            };
            let entry = names.entry(type_name.ident.to_string()).or_default();
            for member in &block.items {
                if let syn::ImplItem::Fn(function) = member {
                    entry.push(function.sig.ident.to_string());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_is_valid_rust() {
        for piece in Piece::ALL {
            if let Err(error) = syn::parse_file(piece.source()) {
                panic!("piece `{}` does not parse: {error}", piece.module());
            }
        }
    }

    /// Pieces name other pieces and the generated modules by relative paths, so that
    /// one text serves a generated crate and a generated module of the user's crate,
    /// where `crate` (and a macro's `$crate`) is the user's crate.
    #[test]
    fn pieces_name_nothing_through_crate() {
        for piece in Piece::ALL {
            let source = piece.source();
            if let Some(at) = source.find("crate::") {
                let line = source[..at].lines().count();
                panic!("piece `{}` names `crate::` on line {line}", piece.module());
            }
        }
    }

    #[test]
    fn every_piece_of_the_runtime_crate_is_known() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the runtime crate")
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                let module = name.strip_suffix(".rs")?.to_owned();
                (module != "mod").then_some(module)
            })
            .collect();
        on_disk.sort();
        let mut known: Vec<String> = Piece::ALL.iter().map(|p| p.module().to_owned()).collect();
        known.sort();
        assert_eq!(known, on_disk);
    }

    #[test]
    fn pieces_know_the_pieces_they_use() {
        assert_eq!(
            Piece::ApiKeyQuery.requires(),
            vec![
                Piece::ApiKeyCredentials,
                Piece::Encode,
                Piece::Query,
                Piece::Url
            ]
        );
        assert!(Piece::Send.requires().contains(&Piece::ClientCore));
        assert!(Piece::Url.requires().is_empty());
    }

    #[test]
    fn mock_pieces_belong_to_the_mock_feature() {
        assert!(Piece::MockPages.requires().contains(&Piece::MockServer));
        assert!(Piece::MockServer.requires().is_empty());
        for piece in Piece::ALL {
            let mock = piece.module().starts_with("mock_");
            assert_eq!(piece.feature() == Some("mock"), mock, "{piece:?}");
            for dependency in piece.dependencies() {
                assert_eq!(dependency.contains("optional = true"), mock, "{dependency}");
            }
        }
        let builder = reserved_mock_methods("MockBuilder");
        for expected in [
            "with_header",
            "responds_status",
            "expect_path_param",
            "respond_pages",
        ] {
            assert!(
                builder.iter().any(|n| n == expected),
                "{expected}: {builder:?}"
            );
        }
        assert!(
            reserved_mock_methods("MockServer")
                .iter()
                .any(|n| n == "received")
        );
    }

    #[test]
    fn the_client_methods_of_the_runtime_are_reserved() {
        let names = reserved_client_methods();
        for expected in [
            "base_url",
            "with_timeout",
            "retry_policy",
            "with_retry_policy",
            "new_with",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
        }
        let settings = reserved_setting_names();
        for expected in ["core", "timeout", "with_header", "request_id", "into_body"] {
            assert!(
                settings.iter().any(|n| n == expected),
                "{expected}: {settings:?}"
            );
        }
    }
}
