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
}

/// What a 2xx response decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// No body (or a body the method ignores).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
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
