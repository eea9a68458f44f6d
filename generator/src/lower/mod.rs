//! Lower stage: `openapiv3::OpenAPI` -> [`crate::ir::Api`]. Resolves `$ref`s, names every
//! type, classifies parameters, bodies and responses. Every decision is made here; problems
//! are collected as located diagnostics rather than stopping at the first.

mod examples;
mod operations;
mod pagination;
mod refs;
mod schemas;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::ir::{Api, Auth, ClientHeader, ErrorBodyVariant, FormatType, Server, TypeDef, TypeRef};
use crate::naming::{self, Namespace};

/// Names the generated models module already uses for itself, or that generated code
/// names unqualified (prelude traits, types and constructors).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "BTreeMap", "Some", "None", "Ok", "Err", "From",
    "Into", "Default", "Clone", "Copy", "Send", "Sync", "Sized", "ToOwned", "ToString",
];

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a OpenAPI,
    pub(crate) diagnostics: Diagnostics,
    /// Rust type names in the models module.
    pub(crate) type_names: Namespace,
    /// Component schema name -> Rust type name, claimed before anything inline.
    pub(crate) component_names: IndexMap<String, String>,
    /// Named types, in the order they were made.
    pub(crate) types: Vec<TypeDef>,
    pub(crate) param_structs: Vec<TypeDef>,
    pub(crate) client_headers: Vec<ClientHeader>,
    pub(crate) error_bodies: Vec<ErrorBodyVariant>,
    error_body_names: Namespace,
    /// String format -> the crate type the configuration maps it to.
    pub(crate) formats: BTreeMap<String, TypeRef>,
    /// Pointer of an inline schema -> the named type made for it. An inline schema met
    /// again (an `allOf` member's properties merged into several structs, or an inline
    /// schema that merges its enclosing component) reuses its type instead of recursing.
    pub(crate) inline_names: BTreeMap<String, String>,
}

/// Lowers a loaded document into the IR; returns it with the warnings of lowering.
pub fn lower(doc: &OpenAPI, config: &Config) -> Result<(Api, Vec<Diagnostic>), Error> {
    let mut lowerer = Lowerer {
        doc,
        diagnostics: Diagnostics::default(),
        type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
        component_names: IndexMap::new(),
        types: Vec::new(),
        param_structs: Vec::new(),
        client_headers: Vec::new(),
        error_bodies: Vec::new(),
        error_body_names: Namespace::with_reserved(&["Text"]),
        formats: BTreeMap::new(),
        inline_names: BTreeMap::new(),
    };
    lowerer.formats = lower_formats(config, &mut lowerer.diagnostics);
    check_crate_name(config, &mut lowerer.diagnostics);
    lowerer.claim_component_names(config);
    lowerer.lower_component_schemas();
    let auth = lowerer.lower_auth();
    let operations = lowerer.lower_operations();
    let operations = pagination::annotate_operations(&mut lowerer, operations);
    schemas::mark_recursive_fields(&mut lowerer.types);
    let examples = examples::lower_examples(&mut lowerer);
    let servers = lower_servers(doc);
    let warnings = lowerer.diagnostics.into_result()?;
    let api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        auth,
        client_headers: lowerer.client_headers,
        types: lowerer.types,
        param_structs: lowerer.param_structs,
        operations,
        error_bodies: lowerer.error_bodies,
        examples,
    };
    Ok((api, warnings))
}

impl Lowerer<'_> {
    /// Claims every component schema's name first, so that components keep their own
    /// names and inline types are the ones that get suffixed on a clash.
    fn claim_component_names(&mut self, config: &Config) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for name in components.schemas.keys() {
            let wanted = config
                .renames
                .get(name)
                .cloned()
                .unwrap_or_else(|| naming::type_name(name));
            let rust_name = self.type_names.claim(&wanted);
            self.component_names.insert(name.clone(), rust_name);
        }
    }

    /// Lowers the security requirements into one client-wide authentication method.
    fn lower_auth(&mut self) -> Auth {
        // The first scheme a requirement names decides: the document's own requirements
        // first, then each operation's, in document order; with the requirement's pointer.
        let global = self
            .doc
            .security
            .iter()
            .flatten()
            .flat_map(|requirement| requirement.keys())
            .map(|name| ("#/security".to_owned(), name));
        let per_operation = self.doc.paths.paths.iter().flat_map(|(path, item)| {
            let operations = match item {
                openapiv3::ReferenceOr::Item(item) => item.iter().collect::<Vec<_>>(),
                openapiv3::ReferenceOr::Reference { .. } => Vec::new(),
            };
            operations.into_iter().flat_map(move |(method, operation)| {
                let at = crate::error::pointer(
                    &crate::error::pointer(&crate::error::pointer("#/paths", path), method),
                    "security",
                );
                operation
                    .security
                    .iter()
                    .flatten()
                    .flat_map(|requirement| requirement.keys())
                    .map(move |name| (at.clone(), name))
            })
        });
        let first = global.chain(per_operation).next();
        if let Some((requirement_at, name)) = first {
            let pointer = crate::error::pointer("#/components/securitySchemes", name);
            let declared = self.doc.components.as_ref();
            let Some(scheme) = declared.and_then(|c| c.security_schemes.get(name)) else {
                self.diagnostics.push(
                    requirement_at,
                    format!("security requirement names `{name}`, which is not in #/components/securitySchemes"),
                );
                return Auth::None;
            };
            let Some((scheme, _)) = refs::resolve_security_scheme(self, scheme, &pointer) else {
                return Auth::None;
            };
            return match scheme {
                openapiv3::SecurityScheme::HTTP { scheme, .. }
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    Auth::Basic
                }
                openapiv3::SecurityScheme::HTTP { .. }
                | openapiv3::SecurityScheme::OAuth2 { .. }
                | openapiv3::SecurityScheme::OpenIDConnect { .. } => Auth::Bearer,
                openapiv3::SecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Header,
                    name,
                    ..
                } => Auth::ApiKeyHeader {
                    header: name.clone(),
                },
                openapiv3::SecurityScheme::APIKey { .. } => {
                    self.diagnostics.push(
                        pointer,
                        "API keys in the query or a cookie are not supported (a key in the URL ends up in error messages and logs); use a header key",
                    );
                    Auth::None
                }
            };
        }
        Auth::None
    }

    /// Registers `ty` as the body of an error response and returns its `ErrorBody` index.
    pub(crate) fn error_body_index(&mut self, ty: &TypeRef) -> usize {
        if let Some(index) = self.error_bodies.iter().position(|v| &v.ty == ty) {
            return index;
        }
        let wanted = match ty {
            TypeRef::Named(name) => name.clone(),
            _ => "Json".to_owned(),
        };
        let rust_name = self.error_body_names.claim(&wanted);
        self.error_bodies.push(ErrorBodyVariant {
            rust_name,
            ty: ty.clone(),
        });
        self.error_bodies.len() - 1
    }
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

    #[test]
    fn an_invalid_crate_name_is_refused_against_the_configuration() {
        let doc = crate::load::load_document(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
        )
        .expect("a minimal document loads")
        .document;
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

    #[test]
    fn an_undeclared_security_scheme_is_reported_at_its_requirement() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      security: [{Missing: []}]\n      responses: {'204': {description: none}}\n";
        let doc = crate::load::load_document(text).expect("loads").document;
        let error = lower(&doc, &Config::new("t")).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "the document has 1 problem:\n  - #/paths/~1x/get/security: security requirement names `Missing`, which is not in #/components/securitySchemes"
        );
    }
}
