//! The intermediate representation: everything `emit` needs, with every decision made
//! (names, types, parameter placement and encoding, response handling, retries,
//! pagination). No `openapiv3` type appears here. Types refer to each other by
//! [`TypeId`], an index into [`Api::types`].

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
    /// Every model type, indexed by [`TypeId`]: components first, then inline types, in
    /// document order.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The distinct typed bodies of error responses: the variants of `ErrorBody`,
    /// indexed by [`ErrorBodyId`].
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// Every `example`/`examples` value of the document with the type it must decode
    /// into; each becomes a round-trip test in the generated crate.
    pub examples: Vec<Example>,
    /// The crate's cargo features, indexed by the numbers in each [`Gate`]: one per tag
    /// (and one for the untagged operations), then one for the types no operation uses,
    /// when there are any; empty when the operations form one group (a single tag), which
    /// then needs no feature.
    pub features: Vec<Feature>,
}

/// A cargo feature of the generated crate: the operations of one tag, or the types no
/// operation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml` (`pull-requests`), claimed by the naming
    /// authority against the crate's other features.
    pub name: String,
    /// What it turns on.
    pub of: FeatureOf,
}

/// What a [`Feature`] turns on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureOf {
    /// The operations of this tag (and the client).
    Tag(String),
    /// The operations without a tag (and the client).
    Untagged,
    /// The types of the schemas no operation uses (webhook payloads, say), and what
    /// they hold; not the client.
    OtherTypes,
}

impl Feature {
    /// The feature every tag's feature turns on: the client itself (its struct, errors,
    /// mock server and the runtime every call uses), compiled with any operation.
    pub const CLIENT: &'static str = "client";

    /// Whether it turns on operations (and so the client).
    pub fn has_operations(&self) -> bool {
        self.of != FeatureOf::OtherTypes
    }
}

/// The cargo features any one of which compiles an item: indexes into [`Api::features`],
/// ascending. Empty: the item is always compiled (no features, or every feature reaches
/// it, or no operation does).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Gate {
    /// The features, ascending.
    pub features: Vec<usize>,
}

impl Gate {
    /// Whether the item is compiled whatever the features.
    pub fn is_open(&self) -> bool {
        self.features.is_empty()
    }
}

impl Api {
    /// Every id the API holds (types, error bodies, client headers) is an index into its
    /// own tables; else the first one found that is not, in words. The emitter calls it
    /// before it writes anything, so that [`Api::ty`] is only ever asked for ids of this
    /// `Api`; an `Api` put together by hand, or ids mixed from two, is refused there as
    /// a generator bug rather than written out.
    pub fn check_ids(&self) -> Result<(), String> {
        let mut bad = None;
        let mut check = |ty: &TypeRef| {
            ty.for_each_named(&mut |id| {
                if id.index() >= self.types.len() {
                    bad.get_or_insert(format!(
                        "type id {} of {} types",
                        id.index(),
                        self.types.len()
                    ));
                }
            });
        };
        for def in &self.types {
            def.kind.for_each_ref(&mut check);
        }
        for op in &self.operations {
            op.for_each_ref(&mut check);
        }
        for variant in &self.error_bodies {
            check(&variant.ty);
        }
        for example in &self.examples {
            check(&example.ty);
        }
        if let Some(bad) = bad {
            return Err(bad);
        }
        let error_ids = self.operations.iter().flat_map(|op| &op.error_responses);
        if let Some(response) = error_ids
            .into_iter()
            .find(|r| r.body.0 >= self.error_bodies.len())
        {
            return Err(format!(
                "error body id {} of {}",
                response.body.0,
                self.error_bodies.len()
            ));
        }
        let header_ids = self.operations.iter().flat_map(|op| &op.client_headers);
        if let Some(id) = header_ids
            .into_iter()
            .find(|id| id.0 >= self.client_headers.len())
        {
            return Err(format!(
                "client header id {} of {}",
                id.0,
                self.client_headers.len()
            ));
        }
        Ok(())
    }

    /// The type with this id: an id of this `Api` (see [`Api::check_ids`], which every
    /// generation runs before emitting; the fallback below is never reached then).
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        self.types
            .get(id.index())
            .or_else(|| self.types.first())
            .unwrap_or(&PLACEHOLDER_TYPE)
    }

    /// The error body variant with this id (see [`Api::ty`] for foreign ids).
    pub fn error_body(&self, id: ErrorBodyId) -> Option<&ErrorBodyVariant> {
        self.error_bodies.get(id.0)
    }

    /// The client header with this id.
    pub fn client_header(&self, id: ClientHeaderId) -> Option<&ClientHeader> {
        self.client_headers.get(id.0)
    }
}

/// What [`Api::ty`] answers for an id of an empty table (never made by the lowering).
static PLACEHOLDER_TYPE: TypeDef = TypeDef {
    name: String::new(),
    doc: None,
    pointer: String::new(),
    kind: TypeKind::Alias(TypeRef::Json),
    gate: Gate {
        features: Vec::new(),
    },
};

/// A model type: an index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) usize);

impl TypeId {
    /// The index into [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// A variant of `ErrorBody`: an index into [`Api::error_bodies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorBodyId(pub(crate) usize);

/// A client-wide header setting: an index into [`Api::client_headers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientHeaderId(pub(crate) usize);

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

/// How requests are authenticated. When the operations ask for one security scheme
/// only, the client holds that one credential (`Basic`, `Bearer`, `ApiKey`); when they
/// ask for several, it holds one per scheme (`Schemes`) and each operation says which
/// it sends ([`Operation::security`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme applies.
    None,
    /// HTTP Basic (`Authorization: Basic base64(id:secret)`).
    Basic,
    /// HTTP Bearer token (also OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// An API key.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// Several security schemes, each a credential of its own that the client may hold,
    /// in the order the document first names them; [`Operation::security`] indexes them.
    Schemes(Vec<SecurityScheme>),
}

/// One security scheme of a client that holds several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name the document gives it under `components/securitySchemes`.
    pub name: String,
    /// The `Credentials` method that sets it (`with_petstore_auth`), claimed among
    /// `Credentials`'s own.
    pub setting: String,
    /// What it sends.
    pub kind: SchemeKind,
    /// Its `description`.
    pub doc: Option<String>,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Basic base64(id:secret)`.
    Basic,
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// An API key.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
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
    /// JSON pointer of the schema it comes from (the first, when several identical
    /// schemas share the type).
    pub pointer: String,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// The features whose operations reach it.
    pub gate: Gate,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum with a fallback variant for values not known today.
    StringEnum(EnumDef<String>),
    /// An integer enum with a fallback variant for values not known today.
    IntegerEnum(EnumDef<i64>),
    /// `oneOf`/`anyOf`: an enum with one variant per member.
    Union(UnionDef),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// `pub struct Name(pub Target);`, serialized as the target: breaks a cycle of
    /// aliases through an array or a map, which a type alias cannot express.
    Newtype(TypeRef),
    /// The success body of an operation whose 2xx statuses have different bodies: one
    /// variant per status (not serde; the client picks the variant by status).
    ResponseEnum(Vec<StatusVariant>),
}

impl TypeKind {
    /// Calls `visit` on every type reference the definition holds.
    pub fn for_each_ref(&self, visit: &mut impl FnMut(&TypeRef)) {
        match self {
            TypeKind::Struct(def) => {
                def.fields.iter().for_each(|f| visit(&f.ty));
                def.additional.iter().for_each(&mut *visit);
            }
            TypeKind::Union(def) => def.variants.iter().for_each(|v| visit(&v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
            TypeKind::ResponseEnum(variants) => {
                variants
                    .iter()
                    .filter_map(|v| v.body.as_ref())
                    .for_each(visit);
            }
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }

    /// Calls `visit` on every type reference the definition holds, to change it.
    pub fn for_each_ref_mut(&mut self, visit: &mut impl FnMut(&mut TypeRef)) {
        match self {
            TypeKind::Struct(def) => {
                def.fields.iter_mut().for_each(|f| visit(&mut f.ty));
                def.additional.iter_mut().for_each(&mut *visit);
            }
            TypeKind::Union(def) => def.variants.iter_mut().for_each(|v| visit(&mut v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
            TypeKind::ResponseEnum(variants) => {
                variants
                    .iter_mut()
                    .filter_map(|v| v.body.as_mut())
                    .for_each(visit);
            }
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StructDef {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Type of `additionalProperties` values, collected in a flattened map.
    pub additional: Option<TypeRef>,
}

/// A forward-compatible enum's known values and fallback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumDef<V> {
    /// Known values, in document order.
    pub variants: Vec<EnumVariant<V>>,
    /// Name of the fallback variant that keeps values not known today.
    pub fallback: String,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant<V> {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub value: V,
}

/// A union's members.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionDef {
    /// One per member, in document order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value selects the variant; `None` for an untagged enum (the
    /// first member that decodes wins).
    pub discriminator: Option<String>,
    /// With a discriminator: the variant that keeps a value with an unknown tag.
    pub fallback: Option<String>,
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The member's type.
    pub ty: TypeRef,
    /// Discriminator values that select this member (empty when untagged).
    pub tag_values: Vec<String>,
    /// Whether the value is boxed (recursion, or much larger than the other members).
    pub boxed: bool,
    /// Untagged unions: what a value must look like for this member to be decoded.
    pub shape: MemberShape,
    /// Untagged unions: whether a failed decode passes on to the next member. Only for
    /// a member that holds no union (its decoding is one pass over the value), or the
    /// last member tried that holds one: one member at most that holds a union is
    /// decoded, which keeps decoding linear in the value.
    pub passed_over: bool,
}

/// What an untagged union's member accepts, checked on the buffered value before the
/// member is decoded (the runtime piece `untagged`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MemberShape {
    /// The JSON types the value may have; `None` for any.
    pub kinds: Option<Vec<JsonKind>>,
    /// The properties an object must have (wire names).
    pub required: Vec<String>,
    /// The JSON types of the properties the member declares, checked when present.
    pub properties: Vec<(String, Vec<JsonKind>)>,
    /// The properties that hold one string value (a one-value `enum` or a `const`) and the
    /// value: a value carrying it tries this member before those that do not say, one
    /// carrying another string tries it last.
    pub values: Vec<(String, String)>,
}

/// A JSON type: the runtime piece `untagged`'s own `Kind`, which the generator compiles
/// too, so that the shapes it decides are the ones the generated code checks.
pub use crate::untagged::Kind as JsonKind;

/// One success status of an operation with several.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust name (snake case, possibly raw).
    pub rust_name: String,
    /// Name in JSON.
    pub wire_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Type of a present, non-null value.
    pub ty: TypeRef,
    /// How the value is wrapped: required, optional, or optional and nullable.
    pub wrapping: Wrapping,
    /// Whether the value must be boxed to break a recursive type.
    pub boxed: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// How a struct field wraps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Wrapping {
    /// `T`: required and not nullable.
    Plain,
    /// `Option<T>`, always written (`null` for `None`): required but nullable.
    Nullable,
    /// `Option<T>`, left out when `None`: optional, not nullable.
    Optional,
    /// `Option<Option<T>>`: optional and nullable (absent, `null`, a value).
    OptionalNullable,
}

impl Wrapping {
    /// The wrapping of a property that is `required` or not and `nullable` or not.
    pub fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Wrapping::Plain,
            (true, true) => Wrapping::Nullable,
            (false, false) => Wrapping::Optional,
            (false, true) => Wrapping::OptionalNullable,
        }
    }

    /// Whether the field may be left out (a struct of such fields derives `Default`).
    pub fn is_optional(self) -> bool {
        matches!(self, Wrapping::Optional | Wrapping::OptionalNullable)
    }

    /// How many `Option`s are around the value: 0, 1 or 2.
    pub fn option_layers(self) -> usize {
        match self {
            Wrapping::Plain => 0,
            Wrapping::Nullable | Wrapping::Optional => 1,
            Wrapping::OptionalNullable => 2,
        }
    }
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
    Named(TypeId),
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

impl TypeRef {
    /// Calls `visit` on every named type this reference mentions.
    pub fn for_each_named(&self, visit: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => visit(*id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.for_each_named(visit);
            }
            _ => {}
        }
    }

    /// Rewrites every named type this reference mentions.
    pub fn map_named(&mut self, map: &mut impl FnMut(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = map(*id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.map_named(map);
            }
            _ => {}
        }
    }

    /// The named type held by value (not through a `Vec` or a map), if any.
    pub fn by_value_target(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Nullable(inner) => inner.by_value_target(),
            _ => None,
        }
    }
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
    /// The names of the client methods derived from it (`delete_user_with`, ...), claimed
    /// beside it so that no other operation takes them.
    pub derived: DerivedNames,
    /// HTTP method.
    pub method: Method,
    /// The path as the document writes it, its key in `paths` (`/users/{id}`): the
    /// operation's name in documentation, traces and warnings.
    pub path_template: String,
    /// The path that is sent, split into literal text and parameters: the key without a
    /// fragment (`/files/{id}#add_shared_link` is sent to `/files/{id}`).
    pub path: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters: positional arguments, in template order.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters, as one struct argument.
    pub params: Option<ParamsStruct>,
    /// Client-wide headers this operation sends.
    pub client_headers: Vec<ClientHeaderId>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// What a successful response decodes into.
    pub success: SuccessBody,
    /// The `Accept` header sent when the success body is read as JSON: the JSON media
    /// types the operation's answers are documented with (`application/hal+json`, an
    /// error's `application/problem+json`), in document order, `application/json` for a
    /// wildcard; empty when every one is `application/json` (the header then says that).
    pub accept: Vec<String>,
    /// Statuses whose body decodes into an `ErrorBody` variant.
    pub error_responses: Vec<ErrorResponse>,
    /// Whether authentication applies.
    pub authenticated: bool,
    /// With [`Auth::Schemes`], the alternatives the operation accepts, in the document's
    /// order: each a set of indexes into the schemes, all of which are sent together. The
    /// client sends the first alternative whose every credential it holds, else nothing.
    /// Empty otherwise (and for an operation that needs no credentials).
    pub security: Vec<Vec<usize>>,
    /// Whether and how the client may send the request again after a transient failure.
    pub retry: RetryRule,
    /// How to walk the pages of a cursor-paginated list, if the operation is one (and
    /// the client can walk it: no path parameters, no body).
    pub pagination: Option<Pagination>,
    /// How the mock module serves the operation (made last, for the operations kept).
    pub mock: MockPlan,
    /// The operation's tags, as written.
    pub tags: Vec<String>,
    /// The features that compile it: those of its tags (any one of them).
    pub gate: Gate,
}

/// How the mock module (the generated crate's cargo feature `mock`) serves one operation:
/// its names, and its builder's typed matchers and answers in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MockPlan {
    /// Variant of the mock's `Operation` enum, and marker type in its `operations`.
    pub variant: String,
    /// Method of `MockServer`.
    pub server_method: String,
    /// The builder's methods, each with the name it claimed.
    pub methods: Vec<MockMethod>,
}

/// One method of an operation's mock builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockMethod {
    /// Its name.
    pub name: String,
    /// What it does.
    pub kind: MockMethodKind,
}

/// What a mock builder's method does; parameters and errors by their index in the
/// operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockMethodKind {
    /// Matches the path parameter at this index of `path_params`.
    Path(usize),
    /// Matches the query parameter at this index of the params struct's fields.
    Query(usize),
    /// Matches the header parameter at this index of the params struct's fields.
    Header(usize),
    /// Matches the optional `Idempotency-Key` header at this index of the fields (the
    /// client writes it as a plain string).
    Key(usize),
    /// Matches the body (of a media the mock compares).
    Body,
    /// Answers the success body.
    Success,
    /// Answers the pages of a cursor list.
    Pages,
    /// Answers the documented error at this index of `error_responses`.
    Error(usize),
}

/// The client methods an operation's name gives besides its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedNames {
    /// The method that takes `RequestOptions` (`<name>_with`).
    pub with: String,
    /// The stream of pages of a cursor-paginated list (`<name>_pages`).
    pub pages: String,
    /// The stream of items across pages (`<name>_stream`).
    pub stream: String,
}

impl Operation {
    /// Calls `visit` on every type reference of the operation: arguments, body (and the
    /// parts of a multipart request struct), success body (a per-status enum is a type of
    /// the table, visited there) and page types.
    pub fn for_each_ref(&self, visit: &mut impl FnMut(&TypeRef)) {
        self.for_each_signature_ref(visit);
        if let Some(RequestBody {
            media: BodyMedia::Multipart(Some(form)),
            ..
        }) = &self.body
        {
            form.parts
                .iter()
                .filter_map(|part| part.value.ty())
                .for_each(&mut *visit);
        }
    }

    /// Calls `visit` on the type references the client's methods name: those of
    /// [`Operation::for_each_ref`] but the parts of a multipart request struct.
    pub fn for_each_signature_ref(&self, visit: &mut impl FnMut(&TypeRef)) {
        self.path_params.iter().for_each(|p| visit(&p.ty));
        if let Some(params) = &self.params {
            params.fields.iter().for_each(|p| visit(&p.ty));
        }
        if let Some(body) = &self.body {
            visit(&body.ty);
        }
        if let SuccessBody::Json(ty) = &self.success {
            visit(ty);
        }
        if let Some(pagination) = &self.pagination {
            visit(&pagination.page_type);
            visit(&pagination.item_type);
        }
    }

    /// Calls `visit` on every type reference of the operation, to change it.
    pub fn for_each_ref_mut(&mut self, visit: &mut impl FnMut(&mut TypeRef)) {
        self.path_params.iter_mut().for_each(|p| visit(&mut p.ty));
        if let Some(params) = &mut self.params {
            params.fields.iter_mut().for_each(|p| visit(&mut p.ty));
        }
        if let Some(body) = &mut self.body {
            visit(&mut body.ty);
            if let BodyMedia::Multipart(Some(form)) = &mut body.media {
                form.parts
                    .iter_mut()
                    .filter_map(|part| part.value.ty_mut())
                    .for_each(&mut *visit);
            }
        }
        if let SuccessBody::Json(ty) = &mut self.success {
            visit(ty);
        }
        if let Some(pagination) = &mut self.pagination {
            visit(&mut pagination.page_type);
            visit(&mut pagination.item_type);
        }
    }
}

/// The struct that holds an operation's query, header and cookie parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsStruct {
    /// Rust type name (`ListUsersParams`).
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The parameters, each a field.
    pub fields: Vec<Param>,
}

impl ParamsStruct {
    /// Whether every field may be left out (the struct then derives `Default`).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|p| !p.required)
    }
}

/// When a failed attempt (429, 502, 503, 504 or a connection error) may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryRule {
    /// Never: the method is not idempotent (POST, PATCH) and nothing makes it so.
    Never,
    /// The method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS).
    Idempotent,
    /// The operation declares an `Idempotency-Key` header: the field at this index of
    /// the params struct. The same key goes out on every attempt (made by the client
    /// when the caller gives none).
    IdempotencyKey(usize),
}

/// How a cursor-paginated list operation walks its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Rust name of the cursor field of the params struct (`after`).
    pub cursor_field: String,
    /// Wire name of the cursor parameter.
    pub cursor_wire: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldStep {
    /// Rust name of the field.
    pub rust_name: String,
    /// How the value is wrapped in the Rust struct.
    pub wrapping: Wrapping,
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
    /// The example as compact JSON text, fitted to its type (see
    /// `lower::example_fit`).
    pub json: String,
    /// JSON pointers, inside the example, of what was left out of it because its type
    /// does not keep it (a property the type does not list, `null` for a property that may
    /// only be left out).
    pub left_out: Vec<String>,
    /// The features that compile its test (those that compile its type).
    pub gate: Gate,
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
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the parameter goes.
    pub location: ParamLocation,
    /// How its value is written there.
    pub style: ParamStyle,
    /// `explode`: arrays and objects as separate values.
    pub explode: bool,
    /// Whether the value is first serialized as JSON text (`content: application/json`
    /// parameters, and shapes no style can write).
    pub as_json: bool,
    /// `allowReserved` (query parameters): the reserved characters of RFC 3986 are sent
    /// as they are.
    pub allow_reserved: bool,
    /// Inclusive integer bounds that the client checks before sending.
    pub bounds: Option<Bounds>,
}

/// Inclusive bounds of an integer parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest allowed value.
    pub minimum: Option<i64>,
    /// Largest allowed value.
    pub maximum: Option<i64>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query.
    Query,
    /// A header.
    Header,
    /// The `Cookie` header.
    Cookie,
}

/// How a parameter's value is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path, header).
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `form` (query, cookie).
    Form,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
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
    /// `application/x-www-form-urlencoded`; the argument is `&T` (an object), each
    /// property written by its rule (properties not listed by the defaults the runtime's
    /// `form_body` piece gives).
    Form(Vec<FormField>),
    /// `multipart/form-data`; the argument is anything `MultipartBody`: the request
    /// struct of the parts the document describes (`Some`), or a
    /// `reqwest::multipart::Form` put together by hand.
    Multipart(Option<MultipartStruct>),
    /// Text with this content type; the argument is `&str`.
    Text(String),
    /// Bytes with this content type; the argument is `Vec<u8>`.
    Bytes(String),
}

/// The request struct of a `multipart/form-data` body: one field per part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartStruct {
    /// Rust type name (`UploadRequest`).
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The parts, in the document's order.
    pub parts: Vec<MultipartPart>,
}

/// One part (a property of the schema) of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartPart {
    /// Rust field name.
    pub rust_name: String,
    /// The part's name.
    pub wire_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// What the part holds.
    pub value: PartValue,
    /// Must be sent.
    pub required: bool,
    /// The part's content type (`encoding.contentType` when it names one type, else
    /// OpenAPI's default for the value); a file's own, when given, wins.
    pub content_type: String,
    /// Headers with the fixed values the document gives (`encoding.headers` with a
    /// `default` or a single `enum` value).
    pub headers: Vec<(String, String)>,
}

/// What a part of a multipart body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartValue {
    /// A file (`type: string, format: binary`, or `contentMediaType`).
    File,
    /// Files, each a part of the same name (an array of binary strings).
    Files,
    /// A value written as text (scalars; an array's items each a part of the same name).
    Text(TypeRef),
    /// A value written as its JSON text (objects, and a JSON `contentType`).
    Json(TypeRef),
}

impl PartValue {
    /// The type of a value part.
    pub fn ty(&self) -> Option<&TypeRef> {
        match self {
            PartValue::Text(ty) | PartValue::Json(ty) => Some(ty),
            PartValue::File | PartValue::Files => None,
        }
    }

    fn ty_mut(&mut self) -> Option<&mut TypeRef> {
        match self {
            PartValue::Text(ty) | PartValue::Json(ty) => Some(ty),
            PartValue::File | PartValue::Files => None,
        }
    }
}

/// How one property of a form body is written (OpenAPI's Encoding Object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The property's name on the wire.
    pub wire_name: String,
    /// How its value is written.
    pub rule: FormRule,
}

/// How a property of a form body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRule {
    /// As its JSON text (`contentType: application/json`, the default for objects).
    Json,
    /// In a query style, as a query parameter would be.
    Style {
        /// `style` (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`).
        style: ParamStyle,
        /// `explode`.
        explode: bool,
        /// `allowReserved`.
        allow_reserved: bool,
    },
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
    /// Different bodies per status: this [`TypeKind::ResponseEnum`].
    Statuses(TypeId),
}

/// Which statuses a response entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// The `ErrorBody` variant it decodes into.
    pub body: ErrorBodyId,
}

/// A variant of the generated `ErrorBody` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodyVariant {
    /// Variant name.
    pub rust_name: String,
    /// The body type.
    pub ty: TypeRef,
    /// Held as `Box<ty>`: the type is large, and every other variant is small.
    pub boxed: bool,
    /// The features of the operations whose errors decode into it.
    pub gate: Gate,
}
