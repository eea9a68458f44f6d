//! Lower stage: `openapiv3::OpenAPI` -> [`crate::ir::Api`]. Every decision is made here;
//! problems are collected as located errors or warnings rather than stopping at the
//! first.
//!
//! The passes, in order (each a module):
//! 1. [`schemas`]: component schemas, then every inline schema met on the way, into a
//!    table of types that refer to each other by [`TypeId`] (names come last);
//! 2. [`security`], [`operations`] (with [`parameters`], [`bodies`], [`responses`]):
//!    the client's credentials and one method per selected operation;
//!    with [`pagination`] deciding which lists the client can walk;
//! 4. [`examples`]: the document's examples with the types they must decode into;
//! 5. [`dedup`]: structurally identical types become one;
//! 6. [`reach`]: with an operation selection, only the types the selection reaches;
//! 7. [`unions`]: union members that would decode forever or never are dropped, with
//!    warnings;
//! 8. [`names`]: every type, variant and error body gets its Rust name;
//! 9. [`boxing`]: recursive fields and large variants are boxed;
//! 10. [`unions`] again: each member of an untagged union gets the shape it is chosen by;
//! 11. [`features`]: with several tags, the cargo feature of each, and the features
//!     that compile each operation, type, error body and example;
//! 12. [`example_fit`]: each example fitted to its final type (what the type does not keep
//!     left out, numbers written as the type writes them back), or dropped with a warning
//!     when it cannot decode.

mod bodies;
mod boxing;
mod dedup;
mod example_fit;
mod examples;
mod features;
/// Media types: which kind of body each is (public for the workspace's contract check,
/// which reads the document's media types as the generator does).
#[doc(hidden)]
pub mod media;
mod mock;
mod names;
mod operations;
mod pagination;
mod parameters;
mod reach;
mod refs;
mod responses;
mod schemas;
mod security;
mod shape;
mod unions;
mod visit;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::load::Loaded;
use crate::load::paths::Paths;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::ir::{
    Api, Auth, ClientHeader, Example, FormatType, Operation, Server, StatusMatch, TypeDef, TypeId,
    TypeRef,
};
use crate::naming::{self, Namespace};

pub use operations::CLIENT_SETTING_EXTENSION;
pub use pagination::PAGINATION_EXTENSION;

/// How a type in the table came to be, which decides its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A component schema, by its name in the document.
    Component(String),
    /// An inline schema: the name its context suggests (`UserRolesItem`), and the last
    /// word of that context (the property or parameter it sits under).
    Inline { hint: String, context: String },
    /// A type the generator makes for an operation (`ListUsersParams`,
    /// `CreateThingResponse`).
    Operation { hint: String },
}

/// The types being made, with how each came to be; names are given by [`names`].
#[derive(Debug, Default)]
pub(crate) struct TypeTable {
    pub(crate) defs: Vec<TypeDef>,
    pub(crate) origins: Vec<Origin>,
}

impl TypeTable {
    /// Adds a type (named later) and returns its id.
    pub(crate) fn push(&mut self, def: TypeDef, origin: Origin) -> TypeId {
        self.defs.push(def);
        self.origins.push(origin);
        TypeId(self.defs.len() - 1)
    }

    pub(crate) fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.defs.get(id.0)
    }

    pub(crate) fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        self.defs.get_mut(id.0)
    }
}

/// An operation's documented error body, before the `ErrorBody` variants are made.
#[derive(Debug, Clone)]
pub(crate) struct PendingError {
    pub(crate) status: StatusMatch,
    pub(crate) ty: TypeRef,
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'d> {
    pub(crate) doc: &'d OpenAPI,
    /// The document's path items (its `doc.paths` hold none).
    pub(crate) paths: &'d Paths,
    /// The component schemas kept as JSON text, when they are (then `doc` has none).
    pub(crate) schemas: &'d crate::load::schemas::ComponentSchemas,
    pub(crate) config: &'d Config,
    pub(crate) diagnostics: Diagnostics,
    /// Every type made so far.
    pub(crate) types: TypeTable,
    /// Component schema name -> its type, reserved before anything is lowered.
    pub(crate) components: IndexMap<String, TypeId>,
    /// The type given to every schema position lowered, by JSON pointer: an inline
    /// schema met again (an `allOf` member merged into several structs) reuses it, and
    /// examples find their type here.
    pub(crate) schema_types: rustc_hash::FxHashMap<String, TypeRef>,
    /// String format -> the crate type the configuration maps it to.
    pub(crate) formats: BTreeMap<String, TypeRef>,
    pub(crate) client_headers: Vec<ClientHeader>,
    /// How the client authenticates (decided before operations: a parameter that is the
    /// API key is not an argument).
    pub(crate) auth: Auth,
    /// The documented error bodies of each lowered operation, by operation index.
    pub(crate) pending_errors: Vec<Vec<PendingError>>,
    /// The enum made for each list of string values met so far: documents repeat one
    /// inline enum (a list of country codes) under many properties.
    pub(crate) string_enums: rustc_hash::FxHashMap<Vec<String>, crate::ir::TypeKind>,
}

impl<'d> Lowerer<'d> {
    /// The lowerer with borrows as short as `'p`, holding all the state, for a walk of one
    /// path item read for the walk ([`Paths::iter`]); [`Lowerer::restore`] takes the state
    /// back.
    pub(crate) fn scoped<'p>(&mut self) -> Lowerer<'p>
    where
        'd: 'p,
    {
        Lowerer {
            doc: self.doc,
            paths: self.paths,
            schemas: self.schemas,
            config: self.config,
            diagnostics: std::mem::take(&mut self.diagnostics),
            types: std::mem::take(&mut self.types),
            components: std::mem::take(&mut self.components),
            schema_types: std::mem::take(&mut self.schema_types),
            formats: std::mem::take(&mut self.formats),
            client_headers: std::mem::take(&mut self.client_headers),
            auth: std::mem::replace(&mut self.auth, Auth::None),
            pending_errors: std::mem::take(&mut self.pending_errors),
            string_enums: std::mem::take(&mut self.string_enums),
        }
    }

    /// Takes back the state of a [`Lowerer::scoped`] lowerer.
    pub(crate) fn restore(&mut self, scoped: Lowerer<'_>) {
        let Lowerer {
            doc: _,
            paths: _,
            schemas: _,
            config: _,
            diagnostics,
            types,
            components,
            schema_types,
            formats,
            client_headers,
            auth,
            pending_errors,
            string_enums,
        } = scoped;
        self.diagnostics = diagnostics;
        self.types = types;
        self.components = components;
        self.schema_types = schema_types;
        self.formats = formats;
        self.client_headers = client_headers;
        self.auth = auth;
        self.pending_errors = pending_errors;
        self.string_enums = string_enums;
    }

    /// Reports a path item that no longer reads (read once when the document was loaded,
    /// so this does not happen), at its path.
    pub(crate) fn report_unread(&mut self, path: &str, why: String) {
        self.diagnostics
            .push(crate::error::pointer("#/paths", path), why);
    }
}

/// The parts of the API that hold type references, between the passes.
pub(crate) struct Parts {
    pub(crate) types: TypeTable,
    pub(crate) operations: Vec<Operation>,
    pub(crate) pending_errors: Vec<Vec<PendingError>>,
    pub(crate) examples: Vec<Example>,
}

/// Lowers a loaded document into the IR; returns it with the warnings of lowering.
pub fn lower(loaded: &Loaded, config: &Config) -> Result<(Api, Vec<Diagnostic>), Error> {
    finish(begin(loaded, config), config)
}

/// What lowering has made when it no longer reads the document: the passes after it work
/// on the types, operations and examples alone, so a caller that owns the document can
/// let it go before them ([`begin`], then [`finish`]).
pub(crate) struct Begun {
    parts: Parts,
    classes: Vec<usize>,
    diagnostics: Diagnostics,
    auth: Auth,
    client_headers: Vec<ClientHeader>,
    servers: Vec<Server>,
    title: String,
    version: String,
    description: Option<String>,
}

/// The passes of lowering that read the document: schemas, credentials, operations,
/// examples, and which types are identical.
pub(crate) fn begin(loaded: &Loaded, config: &Config) -> Begun {
    let doc = &loaded.document;
    let mut lowerer = Lowerer {
        doc,
        paths: &loaded.paths,
        schemas: &loaded.schemas,
        config,
        diagnostics: Diagnostics::default(),
        types: TypeTable::default(),
        components: IndexMap::new(),
        schema_types: rustc_hash::FxHashMap::default(),
        formats: BTreeMap::new(),
        client_headers: Vec::new(),
        auth: Auth::None,
        pending_errors: Vec::new(),
        string_enums: rustc_hash::FxHashMap::default(),
    };
    lowerer.formats = lower_formats(config, &mut lowerer.diagnostics);
    check_crate_name(config, &mut lowerer.diagnostics);
    lowerer.lower_component_schemas();
    lowerer.auth = lowerer.lower_auth();
    let operations = lowerer.lower_operations();
    if !operations.iter().any(|op| op.authenticated) {
        // No generated call sends credentials: the client takes none.
        lowerer.auth = Auth::None;
    }
    // Which types are identical depends only on the types, and the examples only on the
    // document and where the types stand: the two are worked out side by side.
    let types = std::mem::take(&mut lowerer.types);
    let (classes, examples) = crate::parallel::join(
        || dedup::identical_classes(&types.defs),
        || examples::lower_examples(&mut lowerer),
    );
    Begun {
        parts: Parts {
            types,
            operations,
            pending_errors: std::mem::take(&mut lowerer.pending_errors),
            examples,
        },
        classes,
        diagnostics: lowerer.diagnostics,
        auth: lowerer.auth,
        client_headers: lowerer.client_headers,
        servers: lower_servers(doc),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
    }
}

/// The passes of lowering after [`begin`], which do not read the document.
pub(crate) fn finish(begun: Begun, config: &Config) -> Result<(Api, Vec<Diagnostic>), Error> {
    let Begun {
        mut parts,
        classes,
        mut diagnostics,
        auth,
        client_headers,
        servers,
        title,
        version,
        description,
    } = begun;
    dedup::merge_identical_types(&mut parts, &classes);
    drop(classes);
    if reach::is_selective(config) {
        reach::keep_reachable_types(&mut parts);
    }
    unions::drop_unsound_members(&mut parts, &mut diagnostics);
    let mut error_bodies = names::assign_names(&mut parts, config);
    boxing::box_recursive_and_large(&mut parts);
    boxing::box_large_error_bodies(&parts, &mut error_bodies);
    unions::decide_member_shapes(&mut parts.types.defs);
    let features = features::decide_features(&mut parts, &mut error_bodies, config);
    mock::plan_mocks(&mut parts.operations, &error_bodies);
    example_fit::fit_examples(&mut parts.examples, &parts.types.defs, &mut diagnostics);
    let warnings = diagnostics.into_result()?;
    let api = Api {
        title,
        version,
        description,
        servers,
        auth,
        client_headers,
        types: parts.types.defs,
        operations: parts.operations,
        error_bodies,
        examples: parts.examples,
        features,
    };
    Ok((api, warnings))
}

/// The configured mappings of string formats to crate types; an unknown format or crate
/// is reported against the configuration.
fn lower_formats(config: &Config, diagnostics: &mut Diagnostics) -> BTreeMap<String, TypeRef> {
    let mut formats = BTreeMap::new();
    for (format, krate) in &config.formats {
        let ty = match (format.as_str(), krate.as_str()) {
            ("uuid", "uuid") => FormatType::Uuid,
            ("date-time", "chrono") => FormatType::ChronoDateTime,
            ("date", "chrono") => FormatType::ChronoDate,
            ("uri" | "url", "url") => FormatType::Url,
            _ => {
                diagnostics.push(
                    format!("[generator.formats] {format}"),
                    format!(
                        "format `{format}` cannot be mapped to `{krate}`; supported: uuid = \"uuid\", date-time = \"chrono\", date = \"chrono\", uri = \"url\""
                    ),
                );
                continue;
            }
        };
        formats.insert(format.clone(), TypeRef::Format(ty));
    }
    formats
}

/// The crate name goes into `Cargo.toml` and becomes the library's name: cargo accepts
/// ASCII letters, digits, `-` and `_`, starting with a letter.
fn check_crate_name(config: &Config, diagnostics: &mut Diagnostics) {
    let name = config.crate_name.as_str();
    let starts_with_letter = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !starts_with_letter || !valid_chars {
        diagnostics.push(
            "[generator] crate_name",
            format!(
                "crate name {name:?} is not a valid package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            ),
        );
    }
}

/// Gives each server a constant name: its description when that is one word, else
/// `SERVER_<n>`.
fn lower_servers(doc: &OpenAPI) -> Vec<Server> {
    let mut names = Namespace::default();
    doc.servers
        .iter()
        .enumerate()
        .map(|(index, server)| {
            let from_description = server
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty() && d.len() <= 40 && d.split_whitespace().count() <= 3)
                .map(naming::constant_name);
            let wanted = from_description.unwrap_or_else(|| format!("SERVER_{}", index + 1));
            Server {
                const_name: names.claim(&wanted),
                url: server.url.clone(),
                description: server.description.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API lowered from a document's text with the default settings.
    fn lowered(text: &str) -> crate::ir::Api {
        let loaded = crate::load::load_document(text).expect("the document loads");
        lower(&loaded, &Config::new("x")).expect("lowered").0
    }

    /// The success body of the operation at `path`.
    fn success_at(api: &crate::ir::Api, path: &str) -> Option<crate::ir::SuccessBody> {
        api.operations
            .iter()
            .find(|op| op.path_template == path)
            .map(|op| op.success.clone())
    }

    #[test]
    fn format_mappings_are_checked() {
        let mut config = Config::new("x");
        config.formats.insert("uuid".to_owned(), "uuid".to_owned());
        config
            .formats
            .insert("date-time".to_owned(), "time".to_owned());
        let mut diagnostics = Diagnostics::default();
        let formats = lower_formats(&config, &mut diagnostics);
        assert_eq!(
            formats.get("uuid"),
            Some(&TypeRef::Format(FormatType::Uuid))
        );
        assert!(!formats.contains_key("date-time"));
        let error = diagnostics.into_result().expect_err("`time` is refused");
        assert!(error.to_string().contains("[generator.formats] date-time"));
    }

    /// Found by the contract check on Oxide's document: its HEAD operations document the
    /// JSON body of the matching GET, and decoding the empty answer failed every call.
    #[test]
    fn a_head_operation_answers_no_body_whatever_its_response_documents() {
        let api = lowered(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    \
             get: &answer\n      responses:\n        '200':\n          description: ok\n          \
             content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n    \
             head: *answer\n",
        );
        let success = |method: crate::ir::Method| {
            api.operations
                .iter()
                .find(|op| op.method == method)
                .map(|op| op.success.clone())
        };
        assert!(matches!(
            success(crate::ir::Method::Get),
            Some(crate::ir::SuccessBody::Json(_))
        ));
        assert_eq!(
            success(crate::ir::Method::Head),
            Some(crate::ir::SuccessBody::Empty)
        );
    }

    /// Found by the contract check on Asana's document: a 204 that documents a JSON body
    /// failed every call (the answer has no content).
    #[test]
    fn a_no_content_answer_has_no_body_whatever_its_response_documents() {
        let api = lowered(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n      \
             responses:\n        '204':\n          description: ok\n          \
             content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n  \
             /b:\n    post:\n      responses:\n        '200':\n          description: ok\n          \
             content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n        \
             '204':\n          description: none\n          \
             content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n",
        );
        let success = |path: &str| success_at(&api, path);
        assert_eq!(success("/a"), Some(crate::ir::SuccessBody::Empty));
        // With a 200 beside it: one variant per status, the 204's without a body.
        let Some(crate::ir::SuccessBody::Statuses(id)) = success("/b") else {
            panic!("per status: {:?}", success("/b"));
        };
        let Some(crate::ir::TypeKind::ResponseEnum(variants)) =
            api.types.get(id.index()).map(|t| &t.kind)
        else {
            panic!("a response enum");
        };
        let bodies: Vec<bool> = variants.iter().map(|v| v.body.is_some()).collect();
        assert!(bodies.starts_with(&[true, false]), "{bodies:?}");
    }

    /// Found by the contract check on Oxide's document (`AllowedSourceIps`): untagged,
    /// `{"allow": "list", "ips": [...]}` decoded as the first member (its enum keeps
    /// `"list"` as unknown) and went out without `ips`.
    #[test]
    fn a_union_whose_members_require_one_value_each_of_a_property_is_tagged_by_it() {
        let api = lowered(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             Allowed:\n      oneOf:\n        \
             - {type: object, required: [allow], properties: {allow: {type: string, enum: [any]}}}\n        \
             - type: object\n          required: [allow, ips]\n          properties:\n            \
             allow: {type: string, enum: [list]}\n            ips: {type: array, items: {type: string}}\n    \
             Loose:\n      oneOf:\n        \
             - {type: object, properties: {kind: {type: string, enum: [a]}}}\n        \
             - {type: object, required: [kind], properties: {kind: {type: string, enum: [b]}}}\n",
        );
        let union = |name: &str| {
            api.types
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| match &t.kind {
                    crate::ir::TypeKind::Union(union) => Some(union.clone()),
                    _ => None,
                })
        };
        let allowed = union("Allowed").expect("a union");
        assert_eq!(allowed.discriminator.as_deref(), Some("allow"));
        let tags: Vec<&[String]> = allowed.variants.iter().map(|v| &v.tag_values[..]).collect();
        assert_eq!(tags, [["any".to_owned()], ["list".to_owned()]]);
        // A tag one member may leave out tells nothing: still untagged, but each member's
        // one value orders the members when a value carries it (the runtime's `untagged`).
        let loose = union("Loose").expect("a union");
        assert_eq!(loose.discriminator, None);
        let values: Vec<&[(String, String)]> =
            loose.variants.iter().map(|v| &v.shape.values[..]).collect();
        assert_eq!(
            values,
            [
                [("kind".to_owned(), "a".to_owned())],
                [("kind".to_owned(), "b".to_owned())]
            ]
        );
    }

    /// Found by the contract check on airflow3-private-ui (`GET /ui/dags/{dag_id}/latest_run`
    /// answers `anyOf` an object and `null`): Prism's `null` did not decode.
    #[test]
    fn a_nullable_json_success_body_decodes_into_an_option() {
        let api = lowered(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /latest:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema:\n                anyOf:\n                  \
             - $ref: '#/components/schemas/Run'\n                  - type: 'null'\n  /run:\n    \
             get:\n      responses:\n        '200':\n          description: ok\n          \
             content: {application/json: {schema: {$ref: '#/components/schemas/Run'}}}\n\
             components:\n  schemas:\n    Run: {type: object, properties: {id: {type: string}}}\n",
        );
        let success = |path: &str| success_at(&api, path);
        let Some(crate::ir::SuccessBody::Json(crate::ir::TypeRef::Nullable(inner))) =
            success("/latest")
        else {
            panic!("an Option: {:?}", success("/latest"));
        };
        assert!(matches!(*inner, crate::ir::TypeRef::Named(_)));
        assert!(matches!(
            success("/run"),
            Some(crate::ir::SuccessBody::Json(crate::ir::TypeRef::Named(_)))
        ));
    }

    #[test]
    fn an_invalid_crate_name_is_refused_against_the_configuration() {
        let doc = crate::load::load_document(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
        )
        .expect("a minimal document loads");
        for bad in ["", "1st", "my crate", "a\"b"] {
            let error = lower(&doc, &Config::new(bad)).expect_err("refused");
            assert!(
                error
                    .to_string()
                    .contains("[generator] crate_name: crate name"),
                "{bad:?}: {error}"
            );
        }
        assert!(lower(&doc, &Config::new("my-client_2")).is_ok());
    }
}
