//! The intermediate representation: everything `emit` needs, with every decision made
//! (names, types, parameter placement, response handling). No `openapiv3` type appears here.

/// A whole API, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The document's servers, each with a constant name.
    pub servers: Vec<Server>,
    /// How the client authenticates.
    pub auth: Auth,
    /// Headers that are client-wide settings rather than per-call arguments.
    pub client_headers: Vec<ClientHeader>,
    /// Every named model type, in document order (components first, then inline types).
    pub types: Vec<TypeDef>,
    /// Parameter structs of operations, one per operation that has query/header params.
    pub param_structs: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The distinct typed bodies of error responses, the variants of `ErrorBody`.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// Every `example`/`examples` value of the document with the type it must decode
    /// into; each becomes a round-trip test in the generated crate.
    pub examples: Vec<Example>,
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Constant name, e.g. `PRODUCTION`.
    pub const_name: String,
    /// The URL as written.
    pub url: String,
    /// `description`, if any.
    pub description: Option<String>,
}

/// How requests are authenticated; client-wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme applies.
    None,
    /// HTTP Basic (`Authorization: Basic base64(id:secret)`).
    Basic,
    /// HTTP Bearer token.
    Bearer,
    /// An API key sent in the named header.
    ApiKeyHeader {
        /// Header name.
        header: String,
    },
}

/// A header that the client sends on every request that declares it, set once.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    /// Wire name of the header.
    pub header: String,
    /// Rust name of the setting (`api_version`).
    pub setting: String,
    /// Default value (from `default` or a single-valued `enum`).
    pub default: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
}

/// A named type in the generated models module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// Fields in document order.
        fields: Vec<Field>,
        /// Type of `additionalProperties` values, collected in a flattened map.
        additional: Option<TypeRef>,
    },
    /// A string enum with a fallback variant for values not known today.
    StringEnum {
        /// Known values.
        variants: Vec<EnumVariant>,
        /// Name of the fallback variant that keeps unknown values.
        fallback: String,
    },
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// An integer enum with a fallback variant for values not known today.
    IntegerEnum {
        /// Known values.
        variants: Vec<IntegerVariant>,
        /// Name of the fallback variant that keeps unknown values.
        fallback: String,
    },
    /// `oneOf`/`anyOf`: an enum with one variant per member.
    Union {
        /// One per member, in document order.
        variants: Vec<UnionVariant>,
        /// The property whose value selects the variant; `None` for an untagged enum
        /// (the first member that decodes wins).
        discriminator: Option<String>,
        /// With a discriminator: the variant that keeps a value with an unknown tag.
        fallback: Option<String>,
    },
    /// `pub struct Name(pub Target);`, serialized as the target: breaks a cycle of
    /// aliases through an array or a map, which a type alias cannot express.
    Newtype(TypeRef),
    /// The success body of an operation whose 2xx statuses have different bodies: one
    /// variant per status (not serde; the client picks the variant by status).
    ResponseEnum {
        /// One per documented success status, then the fallback for other 2xx statuses.
        variants: Vec<StatusVariant>,
    },
}

/// One success status of an operation with several.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Rust variant name (`Created`).
    pub rust_name: String,
    /// The statuses it covers; `None` for the fallback of undocumented 2xx statuses.
    pub status: Option<StatusMatch>,
    /// The body: `None` for no content, else its type (`String` for text, `Bytes`).
    pub body: Option<TypeRef>,
    /// How the body is read.
    pub media: ResponseMedia,
    /// Whether the body is boxed (much larger than the other variants).
    pub boxed: bool,
    /// The response's description.
    pub doc: Option<String>,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// No body (or one the operation does not describe).
    Empty,
    /// JSON, decoded with serde.
    Json,
    /// Text (`text/*`, XML), as a `String`.
    Text,
    /// Anything else, as bytes.
    Bytes,
}

/// One known value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub value: i64,
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The member's type.
    pub ty: TypeRef,
    /// Discriminator values that select this member (empty when untagged).
    pub tag_values: Vec<String>,
    /// Whether the value is boxed (recursion, or much larger than the other members).
    pub boxed: bool,
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (snake case, possibly raw).
    pub rust_name: String,
    /// Name in JSON.
    pub wire_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Type of a present, non-null value.
    pub ty: TypeRef,
    /// The field must be present.
    pub required: bool,
    /// The field may be `null`.
    pub nullable: bool,
    /// Whether the value must be boxed to break a recursive type.
    pub boxed: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub wire_value: String,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `serde_json::Value`: any JSON.
    Json,
    /// A named type in the models module.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>` for nullable items inside arrays and maps.
    Nullable(Box<TypeRef>),
    /// A string format mapped to a crate's type by the configuration.
    Format(FormatType),
    /// `Vec<u8>`: a binary request or response body (never inside a model).
    Bytes,
}

/// Types of other crates that string formats can be mapped to (opt-in, see
/// `Config::formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormatType {
    /// `uuid::Uuid` (`format: uuid`).
    Uuid,
    /// `chrono::DateTime<chrono::Utc>` (`format: date-time`).
    ChronoDateTime,
    /// `chrono::NaiveDate` (`format: date`).
    ChronoDate,
    /// `url::Url` (`format: uri`).
    Url,
}

impl FormatType {
    /// The crate the type comes from.
    pub fn crate_name(self) -> &'static str {
        match self {
            FormatType::Uuid => "uuid",
            FormatType::ChronoDateTime | FormatType::ChronoDate => "chrono",
            FormatType::Url => "url",
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: a client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name (`delete_user`).
    pub rust_name: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as written (`/users/{id}`).
    pub path_template: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters: positional arguments, in template order.
    pub path_params: Vec<Param>,
    /// Name of the params struct holding query and header parameters, if any.
    pub params_struct: Option<String>,
    /// Whether every field of the params struct is optional (so it has `Default`).
    pub params_all_optional: bool,
    /// Query parameters (fields of the params struct).
    pub query_params: Vec<Param>,
    /// Header parameters (fields of the params struct).
    pub header_params: Vec<Param>,
    /// Cookie parameters (fields of the params struct), sent in one `Cookie` header.
    pub cookie_params: Vec<Param>,
    /// Client-wide headers this operation sends (indices into `Api::client_headers`).
    pub client_headers: Vec<usize>,
    /// JSON request body, if any.
    pub body: Option<RequestBody>,
    /// What a successful response decodes into.
    pub success: SuccessBody,
    /// Status codes whose body decodes into an `ErrorBody` variant (index into
    /// `Api::error_bodies`); `None` status means `default`.
    pub error_responses: Vec<ErrorResponse>,
    /// Whether authentication applies.
    pub authenticated: bool,
    /// Whether and how the client may send the request again after a transient failure.
    pub retry: RetryRule,
    /// How to walk the pages of a cursor-paginated list, if the operation is one.
    pub pagination: Option<Pagination>,
}

/// When a failed attempt (429, 502, 503, 504 or a connection error) may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryRule {
    /// Never: the method is not idempotent (POST, PATCH) and nothing makes it so.
    Never,
    /// The method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS).
    Idempotent,
    /// The operation declares an `Idempotency-Key` header: the header parameter at this
    /// index of `Operation::header_params`. The same key goes out on every attempt.
    IdempotencyKey(usize),
}

/// How a cursor-paginated list operation walks its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Rust name of the cursor field of the params struct (`after`).
    pub cursor_field: String,
    /// The page type (the success body).
    pub page_type: TypeRef,
    /// The field of the page holding the items.
    pub items: FieldStep,
    /// The type of one item.
    pub item_type: TypeRef,
    /// The fields leading from the page to the next cursor (`pagination.after`).
    pub next_cursor: Vec<FieldStep>,
}

/// One field access on the way through a response.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// Rust name of the field.
    pub rust_name: String,
    /// How the value is wrapped in the Rust struct.
    pub wrapping: Wrapping,
}

/// How a struct field wraps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// `T`: required and not nullable.
    Plain,
    /// `Option<T>`: optional or nullable.
    Option,
    /// `Option<Option<T>>`: optional and nullable.
    DoubleOption,
}

/// One example value from the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Name of the generated test function.
    pub test_name: String,
    /// JSON pointer of the example in the document.
    pub pointer: String,
    /// The Rust type it must decode into.
    pub ty: TypeRef,
    /// The example as compact JSON text.
    pub json: String,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text, sent as written.
    Literal(String),
    /// The path parameter at this index of `Operation::path_params`.
    Param(usize),
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name.
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Value type.
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// For arrays in the query: one `name=value` pair per item (`explode: true`) or
    /// one comma-joined pair (`explode: false`).
    pub explode: bool,
    /// Inclusive bounds that the client checks before sending.
    pub minimum: Option<i64>,
    /// Inclusive upper bound.
    pub maximum: Option<i64>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Type of the body.
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// How the body is encoded.
    pub media: BodyMedia,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    /// JSON (serde); the argument is `&T`.
    Json,
    /// `application/x-www-form-urlencoded` (serde); the argument is `&T`.
    Form,
    /// `multipart/form-data`; the argument is a `reqwest::multipart::Form`.
    Multipart,
    /// Text with this content type; the argument is `&str`.
    Text(String),
    /// Bytes with this content type; the argument is `Vec<u8>`.
    Bytes(String),
}

/// What a 2xx response decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// No body (or a body the method ignores).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body (`text/*`, XML), as a `String`.
    Text,
    /// A body of any other media type, as bytes.
    Bytes,
    /// Different bodies per status: the named [`TypeKind::ResponseEnum`] in the models.
    Statuses {
        /// Name of the enum.
        enum_name: String,
        /// Its variants (the same as the enum's).
        variants: Vec<StatusVariant>,
    },
}

/// Which statuses a response entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (stored as `4`).
    Range(u16),
    /// `default`: every status not listed otherwise.
    Default,
}

/// The typed body of one error status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// Index into `Api::error_bodies`.
    pub body: usize,
}

/// A variant of the generated `ErrorBody` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodyVariant {
    /// Variant name.
    pub rust_name: String,
    /// The body type.
    pub ty: TypeRef,
}
