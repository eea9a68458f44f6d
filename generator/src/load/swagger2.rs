//! Swagger 2.0 -> OpenAPI 3.0.3, on the document as JSON: `definitions`, `parameters`
//! (body, formData, `collectionFormat`), `responses`, `produces`/`consumes`,
//! `securityDefinitions` and `host`/`basePath`/`schemes` move to their 3.0 places.
//!
//! The structure is converted first; then one walk over the 3.0-shaped result
//! ([`walk::for_each_schema`]) rewrites what 2.0 schemas spell differently: `#/definitions/`
//! references, `x-nullable`, `type: file` and a `discriminator` that is a property name.
//!
//! What OpenAPI 3.0 cannot say exactly is converted as closely as it can be, with a
//! warning at the pointer of the 2.0 document:
//! - `collectionFormat` with no 3.0 style for its place (`tsv` anywhere; `ssv` and `pipes`
//!   in a path or a header; anything but `multi` in a `multipart/form-data` body; anything
//!   but `csv` in a response header): the value becomes one string, which the caller
//!   joins; an unknown format is read as `csv`, `multi` outside a query or form as `csv`;
//!   the `collectionFormat` of an array inside an array parameter is left out;
//! - a non-body parameter, form field or header with no `type` is a string;
//! - form parameters when `consumes` names no form media type: the form is sent as
//!   `multipart/form-data` when a parameter is a file, else
//!   `application/x-www-form-urlencoded`;
//!   `allowEmptyValue` of a form parameter is left out;
//! - a second body parameter, or form parameters beside a body parameter, are left out;
//!   a body parameter with no `schema` sends any value; one whose operation and document
//!   list no `consumes` is sent as JSON;
//! - response `examples` for a media type `produces` does not list, or of a response
//!   with no `schema`, are left out;
//! - `schemes` with no `host` are left out (a relative server URL follows the scheme the
//!   document was served with), with a warning only for a scheme other than `http` and
//!   `https`; a `host` that includes a scheme is the whole server URL;
//! - an oauth2 scheme with an unknown `flow` has no flows; a missing flow URL is empty;
//!   a security scheme of an unknown type is left out;
//! - a `consumes`, `produces` or `schemes` that is not a list of strings is left out.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::walk;
use crate::error::{Diagnostics, Error, pointer};

/// The OpenAPI version a converted document declares.
const OPENAPI_VERSION: &str = "3.0.3";

/// The media type of bodies when neither the operation nor the document lists any.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// The media type of a form sent as `name=value&...`.
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// The media type of a form sent in parts (files among them).
const MULTIPART: &str = "multipart/form-data";

/// The scheme of server URLs when the document names none.
const DEFAULT_SCHEME: &str = "https";

/// Keywords of a 2.0 non-body parameter, header or items object that describe its value;
/// in 3.0 they live in its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Converts a Swagger 2.0 document into an OpenAPI 3.0 one; what has no exact 3.0 form
/// is converted as closely as it can be, with a warning.
pub(crate) fn convert(document: Value, diagnostics: &mut Diagnostics) -> Result<Value, Error> {
    let Value::Object(mut root) = document else {
        return Err(shape_error(
            "#",
            "the document must be a mapping (a JSON object)",
        ));
    };
    let paths = take_table(&mut root, "paths")?.unwrap_or_default();
    let definitions = take_table(&mut root, "definitions")?;
    let security_definitions = take_table(&mut root, "securityDefinitions")?;
    let mut converter = Converter::new(&mut root, diagnostics)?;

    let mut out = Map::new();
    out.insert("openapi".to_owned(), Value::from(OPENAPI_VERSION));
    move_field(&mut root, &mut out, "info");
    move_field(&mut root, &mut out, "externalDocs");
    if !converter.document_servers.is_empty() {
        let servers = converter.document_servers.clone();
        out.insert("servers".to_owned(), Value::Array(servers));
    }
    move_field(&mut root, &mut out, "tags");
    move_field(&mut root, &mut out, "security");
    let paths = converter.convert_paths(paths);
    out.insert("paths".to_owned(), Value::Object(paths));
    let components = converter.components(definitions, security_definitions);
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    // What is left of the root is `swagger` (replaced by `openapi`), extensions, which
    // stay where they are, and fields neither version defines, which no reader uses.
    out.extend(root.into_iter().filter(|(key, _)| key.starts_with("x-")));

    let mut document = Value::Object(out);
    walk::for_each_schema(&mut document, &mut |schema, _| fix_schema(schema));
    Ok(document)
}

fn shape_error(at: &str, message: &str) -> Error {
    Error::Shape {
        pointer: at.to_owned(),
        message: message.to_owned(),
    }
}

/// Takes a top-level table (`paths`, `definitions`, ...): absent is `None`; anything but
/// a mapping makes the document unreadable.
fn take_table(
    root: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<Map<String, Value>>, Error> {
    match root.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(table)) => Ok(Some(table)),
        Some(_) => Err(shape_error(
            &pointer("#", key),
            &format!("`{key}` must be a mapping (a JSON object)"),
        )),
    }
}

fn move_field(from: &mut Map<String, Value>, to: &mut Map<String, Value>, key: &str) {
    if let Some(value) = from.shift_remove(key) {
        to.insert(key.to_owned(), value);
    }
}

/// A `consumes` or `produces` list and where it is written.
#[derive(Debug, Clone, Default)]
struct MediaList {
    /// The media types, as written.
    types: Vec<String>,
    /// The list's pointer; `None` when no list is written.
    at: Option<String>,
}

impl MediaList {
    /// The media types bodies are written in: the list, or JSON when it is empty.
    fn types_or_default(&self) -> Vec<String> {
        if self.types.is_empty() {
            vec![DEFAULT_MEDIA_TYPE.to_owned()]
        } else {
            self.types.clone()
        }
    }
}

/// Where the API is served: the 2.0 `host`, `basePath` and `schemes`.
#[derive(Debug, Clone, Default)]
struct Site {
    /// `host` (with a port, if any).
    host: Option<String>,
    /// `basePath` without a trailing `/`; empty for the root.
    base_path: String,
    /// `schemes`, when written.
    schemes: Option<Vec<String>>,
}

/// Where a value (a parameter, form field or header) is written: the places of 2.0
/// `collectionFormat`s differ in which 3.0 styles they have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Query,
    Path,
    Header,
    UrlencodedForm,
    MultipartForm,
    ResponseHeader,
}

impl Place {
    /// The place as a warning names it.
    fn describe(self) -> &'static str {
        match self {
            Place::Query => "in a query",
            Place::Path => "in a path",
            Place::Header => "in a header",
            Place::UrlencodedForm => "in an `application/x-www-form-urlencoded` body",
            Place::MultipartForm => "in a `multipart/form-data` body",
            Place::ResponseHeader => "in a response header",
        }
    }
}

/// How an array value is written in 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Serialization {
    /// Not an array, or an array in the default style of its place: nothing to write.
    Default,
    /// A 3.0 `style`; `explode` is written for `form`, whose default it is not always.
    Style { style: &'static str, explode: bool },
    /// No 3.0 style: the value is one string the caller joins.
    Joined,
}

/// One entry of a 2.0 `parameters` list, with a `$ref` to the top-level `parameters`
/// followed.
#[derive(Debug, Clone)]
struct SourceParameter {
    /// The entry as written: a `$ref` or a parameter.
    written: Value,
    /// The entry's pointer.
    listed_at: String,
    /// The parameter: the entry, or the top-level one a local `$ref` names; `None` for an
    /// external or dangling reference, or an entry that is not a mapping.
    resolved: Option<Map<String, Value>>,
    /// Where `resolved` is defined.
    defined_at: String,
    /// The name under `#/parameters` of a local `$ref`.
    reference: Option<String>,
}

impl SourceParameter {
    fn field(&self, key: &str) -> Option<&str> {
        self.resolved.as_ref()?.get(key)?.as_str()
    }

    /// `in`, when the parameter is known.
    fn location(&self) -> Option<&str> {
        self.field("in")
    }

    /// Name and place: what an operation's parameter overrides a path item's by.
    fn identity(&self) -> Option<(&str, &str)> {
        Some((self.field("name")?, self.location()?))
    }

    fn is_body(&self) -> bool {
        self.location() == Some("body")
    }

    fn is_form(&self) -> bool {
        self.location() == Some("formData")
    }

    fn is_required(&self) -> bool {
        let required = self.resolved.as_ref().and_then(|p| p.get("required"));
        required == Some(&Value::Bool(true))
    }
}

/// The conversion's state: the document-wide tables operations refer to, and the
/// diagnostics.
struct Converter<'a> {
    diagnostics: &'a mut Diagnostics,
    /// Warnings already given (pointer, message): a top-level parameter or response that
    /// several operations use is reported once.
    warned: BTreeSet<(String, String)>,
    /// The top-level `parameters`, as written.
    parameters: Map<String, Value>,
    /// The top-level `responses`, as written.
    responses: Map<String, Value>,
    /// The document's `consumes`.
    consumes: MediaList,
    /// The document's `produces`.
    produces: MediaList,
    site: Site,
    /// The document's `servers`, from `site`.
    document_servers: Vec<Value>,
}

impl<'a> Converter<'a> {
    /// Takes the document-wide fields operations depend on out of `root`.
    fn new(root: &mut Map<String, Value>, diagnostics: &'a mut Diagnostics) -> Result<Self, Error> {
        let mut converter = Converter {
            diagnostics,
            warned: BTreeSet::new(),
            parameters: take_table(root, "parameters")?.unwrap_or_default(),
            responses: take_table(root, "responses")?.unwrap_or_default(),
            consumes: MediaList::default(),
            produces: MediaList::default(),
            site: Site::default(),
            document_servers: Vec::new(),
        };
        if let Some(list) = root.shift_remove("consumes") {
            converter.consumes = converter.media_list(list, "#/consumes");
        }
        if let Some(list) = root.shift_remove("produces") {
            converter.produces = converter.media_list(list, "#/produces");
        }
        converter.site = converter.read_site(root);
        let schemes = converter.site.schemes.clone();
        converter.document_servers = converter.servers(schemes.as_deref(), "#/schemes");
        Ok(converter)
    }

    /// Records a warning once per pointer and message.
    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        let key = (at.into(), message.into());
        if self.warned.insert(key.clone()) {
            self.diagnostics.warn(key.0, key.1);
        }
    }

    /// A list of strings; what is not one is left out with a warning.
    fn string_list(&mut self, value: Value, at: &str) -> Vec<String> {
        let Value::Array(items) = value else {
            self.warn(at, "this must be a list of strings; it is left out");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.into_iter().enumerate() {
            match item {
                Value::String(text) => out.push(text),
                _ => self.warn(
                    pointer(at, &index.to_string()),
                    "this must be a string; it is left out",
                ),
            }
        }
        out
    }

    fn media_list(&mut self, value: Value, at: &str) -> MediaList {
        MediaList {
            types: self.string_list(value, at),
            at: Some(at.to_owned()),
        }
    }

    /// The operation's `consumes` or `produces` when it writes one, else the document's.
    fn operation_media(
        &mut self,
        operation: &Map<String, Value>,
        key: &str,
        at: &str,
    ) -> MediaList {
        match operation.get(key) {
            Some(list) => self.media_list(list.clone(), &pointer(at, key)),
            None if key == "consumes" => self.consumes.clone(),
            None => self.produces.clone(),
        }
    }

    /// Takes `host`, `basePath` and `schemes` out of the root.
    fn read_site(&mut self, root: &mut Map<String, Value>) -> Site {
        let host = match root.shift_remove("host") {
            Some(Value::String(host)) if !host.trim().is_empty() => Some(host.trim().to_owned()),
            None | Some(Value::Null | Value::String(_)) => None,
            Some(_) => {
                self.warn("#/host", "`host` must be a string; it is left out");
                None
            }
        };
        let base_path = match root.shift_remove("basePath") {
            Some(Value::String(path)) => normalize_base_path(&path),
            None | Some(Value::Null) => String::new(),
            Some(_) => {
                self.warn("#/basePath", "`basePath` must be a string; it is left out");
                String::new()
            }
        };
        let schemes = root
            .shift_remove("schemes")
            .map(|list| self.string_list(list, "#/schemes"));
        Site {
            host,
            base_path,
            schemes,
        }
    }

    /// The servers for `schemes` (the document's or an operation's): one per scheme,
    /// `https` when none is named; a relative URL when there is no `host`.
    fn servers(&mut self, schemes: Option<&[String]>, schemes_at: &str) -> Vec<Value> {
        let base_path = self.site.base_path.clone();
        let Some(host) = self.site.host.clone() else {
            // `http` and `https` are what a client's base URL names anyway, so saying
            // them loses nothing (Kubernetes says `https` on each of its 1,014
            // operations); another scheme (`ws`, `wss`) has no place to go.
            if schemes.is_some_and(|list| list.iter().any(|s| s != "http" && s != "https")) {
                self.warn(
                    schemes_at,
                    "with no `host`, the server URL is relative to where the document is served and cannot name a scheme other than the client's; `schemes` is left out",
                );
            }
            if base_path.is_empty() {
                return Vec::new();
            }
            return vec![json!({ "url": base_path })];
        };
        if host.contains("://") {
            self.warn(
                "#/host",
                "`host` must not include a scheme; it is used as the server URL as written, followed by `basePath`",
            );
            return vec![json!({ "url": format!("{}{base_path}", host.trim_end_matches('/')) })];
        }
        let default = [DEFAULT_SCHEME.to_owned()];
        let schemes = match schemes {
            Some(list) if !list.is_empty() => list,
            _ => &default,
        };
        schemes
            .iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
            .collect()
    }

    /// An operation's `schemes` -> its own `servers`, when they differ from the document's.
    fn operation_servers(&mut self, schemes: Value, at: &str) -> Option<Vec<Value>> {
        let schemes = self.string_list(schemes, at);
        let servers = self.servers(Some(&schemes), at);
        (servers != self.document_servers).then_some(servers)
    }
}

/// `basePath` as a URL suffix: with a leading `/`, without a trailing one (the root is
/// empty).
fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() || trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

// Paths, path items and operations.
impl Converter<'_> {
    fn convert_paths(&mut self, paths: Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths {
            let item = match item {
                Value::Object(item) if !path.starts_with("x-") => {
                    Value::Object(self.convert_path_item(item, &pointer("#/paths", &path)))
                }
                // Extensions, and path items that are not mappings, which the 3.0 reader
                // reports where they are.
                other => other,
            };
            out.insert(path, item);
        }
        out
    }

    /// A path item: its own non-body parameters stay; its body and form parameters go into
    /// the request body of each of its operations.
    fn convert_path_item(&mut self, item: Map<String, Value>, at: &str) -> Map<String, Value> {
        let shared = match item.get("parameters") {
            Some(list) => self.source_parameters(list, &pointer(at, "parameters")),
            None => Vec::new(),
        };
        let mut out = Map::new();
        for (key, value) in item {
            match value {
                Value::Array(_) if key == "parameters" => {
                    let kept = self.plain_parameters(&shared);
                    if !kept.is_empty() {
                        out.insert(key, Value::Array(kept));
                    }
                }
                Value::Object(operation) if walk::METHODS.contains(&key.as_str()) => {
                    let operation_at = pointer(at, &key);
                    let converted = self.convert_operation(operation, &operation_at, &shared);
                    out.insert(key, Value::Object(converted));
                }
                value => {
                    out.insert(key, value);
                }
            }
        }
        out
    }

    /// An operation: `consumes`/`produces` become media types, body and form parameters
    /// (its own and its path item's) a `requestBody`, `schemes` its own `servers`.
    fn convert_operation(
        &mut self,
        operation: Map<String, Value>,
        at: &str,
        shared: &[SourceParameter],
    ) -> Map<String, Value> {
        let own = match operation.get("parameters") {
            Some(list) => self.source_parameters(list, &pointer(at, "parameters")),
            None => Vec::new(),
        };
        let consumes = self.operation_media(&operation, "consumes", at);
        let produces = self.operation_media(&operation, "produces", at);
        let mut request_body = self.request_body(&merge_parameters(shared, &own), &consumes);
        let mut out = Map::new();
        for (key, value) in operation {
            match (key.as_str(), value) {
                ("consumes" | "produces", _) => {}
                ("parameters", Value::Array(_)) => {
                    let kept = self.plain_parameters(&own);
                    if !kept.is_empty() {
                        out.insert(key, Value::Array(kept));
                    }
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".to_owned(), body);
                    }
                }
                ("responses", Value::Object(responses)) => {
                    if let Some(body) = request_body.take() {
                        out.insert("requestBody".to_owned(), body);
                    }
                    let responses_at = pointer(at, "responses");
                    let converted = self.convert_responses(responses, &produces, &responses_at);
                    out.insert(key, Value::Object(converted));
                }
                ("schemes", schemes) => {
                    if let Some(servers) = self.operation_servers(schemes, &pointer(at, "schemes"))
                    {
                        out.insert("servers".to_owned(), Value::Array(servers));
                    }
                }
                (_, value) => {
                    out.insert(key, value);
                }
            }
        }
        if let Some(body) = request_body {
            out.insert("requestBody".to_owned(), body);
        }
        out
    }
}

/// A path item's parameters with an operation's: the operation's override by name and
/// place, in the path item's order, then the operation's new ones.
fn merge_parameters<'p>(
    shared: &'p [SourceParameter],
    own: &'p [SourceParameter],
) -> Vec<&'p SourceParameter> {
    let mut merged: Vec<&SourceParameter> = shared.iter().collect();
    for parameter in own {
        let same = parameter
            .identity()
            .and_then(|identity| merged.iter().position(|p| p.identity() == Some(identity)));
        match same {
            Some(index) => merged[index] = parameter,
            None => merged.push(parameter),
        }
    }
    merged
}

/// The name a local reference such as `#/parameters/limit` gives under `prefix`,
/// decoded (`~1`, `~0` and `%XX` escapes); `None` for any other reference.
fn local_name(reference: &str, prefix: &str) -> Option<String> {
    let escaped = reference.strip_prefix(prefix)?;
    if escaped.is_empty() || escaped.contains('/') {
        return None;
    }
    Some(crate::pointer::reference_token(escaped))
}

/// A 2.0 reference as 3.0 spells it: `#/definitions/`, `#/parameters/` and `#/responses/`
/// move under `#/components/`; any other reference (external ones too) stays as written.
fn rewrite_reference(reference: &str) -> String {
    const MOVED: &[(&str, &str)] = &[
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ];
    for (from, to) in MOVED {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// Whether a media type is one of the two form media types (parameters aside).
fn is_form_media(media: &str) -> bool {
    let essence = media_essence(media);
    essence == URLENCODED || essence == MULTIPART
}

/// A media type without parameters, in lower case.
fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

// Parameters.
impl Converter<'_> {
    /// The entries of a `parameters` list; nothing for a list that is not one (the 3.0
    /// reader reports it where it is).
    fn source_parameters(&self, list: &Value, at: &str) -> Vec<SourceParameter> {
        let Value::Array(entries) = list else {
            return Vec::new();
        };
        entries
            .iter()
            .enumerate()
            .map(|(index, entry)| self.source_parameter(entry, pointer(at, &index.to_string())))
            .collect()
    }

    fn source_parameter(&self, entry: &Value, listed_at: String) -> SourceParameter {
        let reference = entry.get("$ref").and_then(Value::as_str);
        let Some(reference) = reference else {
            return SourceParameter {
                written: entry.clone(),
                resolved: entry.as_object().cloned(),
                defined_at: listed_at.clone(),
                listed_at,
                reference: None,
            };
        };
        let name = local_name(reference, "#/parameters/");
        let resolved = name
            .as_ref()
            .and_then(|name| self.parameters.get(name))
            .and_then(Value::as_object)
            .filter(|parameter| !parameter.contains_key("$ref"))
            .cloned();
        let defined_at = match (&name, &resolved) {
            (Some(name), Some(_)) => pointer("#/parameters", name),
            _ => listed_at.clone(),
        };
        SourceParameter {
            written: entry.clone(),
            listed_at,
            resolved,
            defined_at,
            reference: name,
        }
    }

    /// The 3.0 `parameters` list for entries: every one but body and form parameters,
    /// references to top-level parameters kept as references.
    fn plain_parameters(&mut self, parameters: &[SourceParameter]) -> Vec<Value> {
        let mut out = Vec::new();
        for parameter in parameters {
            if parameter.is_body() || parameter.is_form() {
                continue;
            }
            let converted = match (&parameter.written, &parameter.resolved) {
                (Value::Object(written), _) if written.contains_key("$ref") => {
                    let reference = written.get("$ref").and_then(Value::as_str).unwrap_or("");
                    json!({ "$ref": rewrite_reference(reference) })
                }
                (_, Some(resolved)) => {
                    self.convert_parameter(resolved.clone(), &parameter.defined_at)
                }
                (written, None) => written.clone(),
            };
            out.push(converted);
        }
        out
    }

    /// A non-body parameter: its value keywords move into `schema`, its
    /// `collectionFormat` becomes `style`/`explode`.
    fn convert_parameter(&mut self, parameter: Map<String, Value>, at: &str) -> Value {
        let place = match parameter.get("in").and_then(Value::as_str) {
            Some("query") => Place::Query,
            Some("path") => Place::Path,
            Some("header") => Place::Header,
            // Not a 2.0 place: the 3.0 reader reports it where it is.
            _ => return Value::Object(parameter),
        };
        let (schema, serialization) =
            if !parameter.contains_key("type") && parameter.contains_key("schema") {
                // Written the 3.0 way already: the schema is kept.
                (Map::new(), Serialization::Default)
            } else {
                self.value_schema(&parameter, at, place)
            };
        let mut out = Map::new();
        for (key, value) in parameter {
            let moved = VALUE_KEYWORDS.contains(&key.as_str()) || key == "collectionFormat";
            let query_only = key == "allowEmptyValue" && place != Place::Query;
            if !moved && !query_only {
                out.insert(key, value);
            }
        }
        if let Serialization::Style { style, explode } = serialization {
            out.insert("style".to_owned(), Value::from(style));
            if style == "form" {
                out.insert("explode".to_owned(), Value::Bool(explode));
            }
        }
        if !schema.is_empty() {
            out.insert("schema".to_owned(), Value::Object(schema));
        }
        Value::Object(out)
    }

    /// The 3.0 schema of a 2.0 parameter, form field or header (its value keywords), and
    /// how its array values are written at `place`. No `type` is read as a string.
    fn value_schema(
        &mut self,
        value: &Map<String, Value>,
        at: &str,
        place: Place,
    ) -> (Map<String, Value>, Serialization) {
        if !value.contains_key("type") {
            self.warn(at, "this has no `type`; it is read as a string");
            let mut schema = Map::new();
            schema.insert("type".to_owned(), Value::from("string"));
            return (schema, Serialization::Default);
        }
        let mut schema = Map::new();
        for (key, keyword) in value {
            if key == "items" {
                let items = self.items_schema(keyword, &pointer(at, "items"));
                schema.insert(key.clone(), items);
            } else if VALUE_KEYWORDS.contains(&key.as_str()) {
                schema.insert(key.clone(), keyword.clone());
            }
        }
        if value.get("type").and_then(Value::as_str) != Some("array") {
            return (schema, Serialization::Default);
        }
        let serialization = self.serialization(value.get("collectionFormat"), at, place);
        if serialization == Serialization::Joined {
            schema = Map::new();
            schema.insert("type".to_owned(), Value::from("string"));
        }
        (schema, serialization)
    }

    /// A 2.0 items object as a schema: a `collectionFormat` of an inner array has no 3.0
    /// form and is left out.
    fn items_schema(&mut self, items: &Value, at: &str) -> Value {
        let Value::Object(items) = items else {
            return items.clone();
        };
        let mut out = Map::new();
        for (key, value) in items {
            match key.as_str() {
                "collectionFormat" => self.warn(
                    pointer(at, "collectionFormat"),
                    "an array inside an array parameter has no OpenAPI 3.0 style; its `collectionFormat` is left out",
                ),
                "items" => {
                    let inner = self.items_schema(value, &pointer(at, "items"));
                    out.insert(key.clone(), inner);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// How an array written with `collectionFormat` (default `csv`) is written at `place`
    /// in 3.0.
    fn serialization(&mut self, format: Option<&Value>, at: &str, place: Place) -> Serialization {
        let format_at = pointer(at, "collectionFormat");
        let mut format = match format {
            None => "csv",
            Some(Value::String(text))
                if ["csv", "ssv", "tsv", "pipes", "multi"].contains(&text.as_str()) =>
            {
                text.as_str()
            }
            Some(_) => {
                self.warn(
                    &format_at,
                    "`collectionFormat` must be one of csv, ssv, tsv, pipes, multi; it is read as csv",
                );
                "csv"
            }
        };
        let query_like = matches!(place, Place::Query | Place::UrlencodedForm);
        if format == "multi" && !query_like && place != Place::MultipartForm {
            self.warn(
                &format_at,
                format!("`collectionFormat: multi` is for query and form parameters, not {}; it is read as csv", place_noun(place)),
            );
            format = "csv";
        }
        let style = |style, explode| Serialization::Style { style, explode };
        match (place, format) {
            (Place::Query | Place::UrlencodedForm, "csv") => style("form", false),
            (Place::Query | Place::UrlencodedForm, "multi") => style("form", true),
            (Place::Query | Place::UrlencodedForm, "ssv") => style("spaceDelimited", false),
            (Place::Query | Place::UrlencodedForm, "pipes") => style("pipeDelimited", false),
            (Place::Path | Place::Header, "csv") => style("simple", false),
            (Place::ResponseHeader, "csv") | (Place::MultipartForm, "multi") => {
                Serialization::Default
            }
            (_, format) => {
                self.warn(
                    &format_at,
                    format!(
                        "`collectionFormat: {format}` has no OpenAPI 3.0 style {}; the value is read as one string: join the items with {}",
                        place.describe(),
                        separator_name(format)
                    ),
                );
                Serialization::Joined
            }
        }
    }
}

/// The kind of value at a place, as a warning names it.
fn place_noun(place: Place) -> &'static str {
    match place {
        Place::Path => "a path parameter",
        Place::Header => "a header parameter",
        Place::ResponseHeader => "a response header",
        Place::Query | Place::UrlencodedForm | Place::MultipartForm => "this parameter",
    }
}

/// What a `collectionFormat` separates items with, as a warning names it.
fn separator_name(format: &str) -> &'static str {
    match format {
        "ssv" => "spaces",
        "tsv" => "tab characters",
        "pipes" => "`|`",
        _ => "commas",
    }
}

// Request bodies.
impl Converter<'_> {
    /// The `requestBody` of an operation from its body parameter, else its form
    /// parameters; `None` when it has neither.
    fn request_body(&mut self, merged: &[&SourceParameter], consumes: &MediaList) -> Option<Value> {
        let bodies: Vec<&SourceParameter> =
            merged.iter().copied().filter(|p| p.is_body()).collect();
        let forms: Vec<&SourceParameter> = merged.iter().copied().filter(|p| p.is_form()).collect();
        let Some((body, extra)) = bodies.split_first() else {
            return (!forms.is_empty()).then(|| self.form_body(&forms, consumes));
        };
        for parameter in extra {
            self.warn(
                parameter.listed_at.clone(),
                "an operation has one body parameter; this second one is left out",
            );
        }
        for parameter in &forms {
            self.warn(
                parameter.listed_at.clone(),
                "an operation with a body parameter has no form parameters; this one is left out",
            );
        }
        if consumes.types.is_empty() {
            self.warn(
                body.listed_at.clone(),
                format!(
                    "no `consumes` (of the operation or the document) names the media type of this body: it is sent as `{DEFAULT_MEDIA_TYPE}`"
                ),
            );
        }
        Some(self.body_parameter_body(body, consumes))
    }

    /// The request body of a body parameter: a reference to the component it became when
    /// it is a top-level parameter and the operation consumes what the document does.
    fn body_parameter_body(&mut self, body: &SourceParameter, consumes: &MediaList) -> Value {
        let media = consumes.types_or_default();
        if let Some(name) = &body.reference
            && media == self.consumes.types_or_default()
        {
            return json!({ "$ref": pointer("#/components/requestBodies", name) });
        }
        match &body.resolved {
            Some(parameter) => {
                self.convert_body_parameter(parameter.clone(), &media, &body.defined_at)
            }
            None => body.written.clone(),
        }
    }

    /// A body parameter -> a request body with its schema in every media type.
    fn convert_body_parameter(
        &mut self,
        parameter: Map<String, Value>,
        media: &[String],
        at: &str,
    ) -> Value {
        let media_type = match parameter.get("schema") {
            Some(schema) => json!({ "schema": schema }),
            None => {
                self.warn(at, "a body parameter needs a `schema`; any value is sent");
                json!({})
            }
        };
        let content: Map<String, Value> = media
            .iter()
            .map(|media| (media.clone(), media_type.clone()))
            .collect();
        let mut out = Map::new();
        if let Some(description) = parameter.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        out.insert("content".to_owned(), Value::Object(content));
        if let Some(required) = parameter.get("required") {
            out.insert("required".to_owned(), required.clone());
        }
        out.extend(
            parameter
                .into_iter()
                .filter(|(key, _)| key.starts_with("x-")),
        );
        Value::Object(out)
    }

    /// Form parameters -> a request body with an object schema of one property per
    /// parameter, in each form media type `consumes` names.
    fn form_body(&mut self, forms: &[&SourceParameter], consumes: &MediaList) -> Value {
        let has_file = forms.iter().any(|p| p.field("type") == Some("file"));
        let mut media: Vec<String> = consumes
            .types
            .iter()
            .filter(|media| is_form_media(media))
            .cloned()
            .collect();
        if media.is_empty() {
            let chosen = if has_file { MULTIPART } else { URLENCODED };
            if let (Some(at), false) = (&consumes.at, consumes.types.is_empty()) {
                self.warn(
                    at.clone(),
                    format!("form parameters are sent as `{URLENCODED}` or `{MULTIPART}`, which this list does not name; the form is sent as `{chosen}`"),
                );
            }
            media.push(chosen.to_owned());
        }
        let mut content = Map::new();
        for media in media {
            let multipart = media_essence(&media) == MULTIPART;
            content.insert(media, self.form_media_type(forms, multipart));
        }
        let mut out = Map::new();
        out.insert("content".to_owned(), Value::Object(content));
        if forms.iter().any(|p| p.is_required()) {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// One form media type: the object schema, and the `encoding` of array properties in
    /// a urlencoded form.
    fn form_media_type(&mut self, forms: &[&SourceParameter], multipart: bool) -> Value {
        let place = if multipart {
            Place::MultipartForm
        } else {
            Place::UrlencodedForm
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for parameter in forms {
            let (Some(resolved), Some(name)) = (&parameter.resolved, parameter.field("name"))
            else {
                self.warn(
                    parameter.defined_at.clone(),
                    "a form parameter needs a `name`; it is left out",
                );
                continue;
            };
            let (property, serialization) =
                self.form_property(resolved, &parameter.defined_at, place);
            if let Serialization::Style { style, explode } = serialization {
                encoding.insert(
                    name.to_owned(),
                    json!({ "style": style, "explode": explode }),
                );
            }
            if parameter.is_required() {
                required.push(Value::from(name));
            }
            properties.insert(name.to_owned(), Value::Object(property));
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), Value::from("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_owned(), Value::Array(required));
        }
        let mut media_type = Map::new();
        media_type.insert("schema".to_owned(), Value::Object(schema));
        if !encoding.is_empty() {
            media_type.insert("encoding".to_owned(), Value::Object(encoding));
        }
        Value::Object(media_type)
    }

    /// A form parameter -> a property schema: its value keywords, description and
    /// extensions.
    fn form_property(
        &mut self,
        parameter: &Map<String, Value>,
        at: &str,
        place: Place,
    ) -> (Map<String, Value>, Serialization) {
        let (mut property, serialization) = self.value_schema(parameter, at, place);
        if let Some(description) = parameter.get("description") {
            property.insert("description".to_owned(), description.clone());
        }
        for (key, value) in parameter {
            if key.starts_with("x-") {
                property.insert(key.clone(), value.clone());
            }
        }
        if parameter.contains_key("allowEmptyValue") {
            self.warn(
                pointer(at, "allowEmptyValue"),
                "OpenAPI 3.0 has no `allowEmptyValue` for form fields; it is left out",
            );
        }
        (property, serialization)
    }
}

// Responses and headers.
impl Converter<'_> {
    fn convert_responses(
        &mut self,
        responses: Map<String, Value>,
        produces: &MediaList,
        at: &str,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (status, response) in responses {
            let response_at = pointer(at, &status);
            let converted = match response {
                Value::Object(response) if !status.starts_with("x-") => {
                    self.convert_response_entry(response, produces, &response_at)
                }
                other => other,
            };
            out.insert(status, converted);
        }
        out
    }

    /// A response or a reference to a top-level one. A referenced response with a schema
    /// is written inline when the operation produces other media types than the document.
    fn convert_response_entry(
        &mut self,
        response: Map<String, Value>,
        produces: &MediaList,
        at: &str,
    ) -> Value {
        let media = produces.types_or_default();
        let Some(reference) = response.get("$ref").and_then(Value::as_str) else {
            // 2.0 gives no default media type, and Prism answers such a response with no
            // body (YouTube's document lists no `produces`): the answer is read as JSON,
            // with a warning, as a body with no `consumes` is sent.
            if produces.types.is_empty() && response.contains_key("schema") {
                self.warn(
                    pointer(at, "schema"),
                    format!(
                        "no `produces` (of the operation or the document) names the media type of this answer: it is read as `{DEFAULT_MEDIA_TYPE}`"
                    ),
                );
            }
            return self.convert_response(response, &media, at);
        };
        let target = local_name(reference, "#/responses/").and_then(|name| {
            let target = self.responses.get(&name)?.as_object()?.clone();
            Some((name, target))
        });
        match target {
            Some((name, target))
                if target.contains_key("schema")
                    && !target.contains_key("$ref")
                    && media != self.produces.types_or_default() =>
            {
                self.convert_response(target, &media, &pointer("#/responses", &name))
            }
            _ => json!({ "$ref": rewrite_reference(reference) }),
        }
    }

    /// A response: `schema` becomes `content` in every media type (with `examples` by
    /// media type), headers get schemas.
    fn convert_response(
        &mut self,
        mut response: Map<String, Value>,
        media: &[String],
        at: &str,
    ) -> Value {
        let examples = response.shift_remove("examples");
        let mut out = Map::new();
        let mut has_schema = false;
        for (key, value) in response {
            match (key.as_str(), value) {
                ("schema", schema) => {
                    has_schema = true;
                    let content = self.response_content(schema, examples.clone(), media, at);
                    out.insert("content".to_owned(), Value::Object(content));
                }
                ("headers", Value::Object(headers)) => {
                    let converted = self.convert_headers(headers, &pointer(at, "headers"));
                    out.insert(key, Value::Object(converted));
                }
                (_, value) => {
                    out.insert(key, value);
                }
            }
        }
        let has_examples = examples
            .as_ref()
            .is_some_and(|e| !e.as_object().is_some_and(Map::is_empty));
        if !has_schema && has_examples {
            self.warn(
                pointer(at, "examples"),
                "a response with no `schema` has no content in OpenAPI 3.0; its examples are left out",
            );
        }
        Value::Object(out)
    }

    /// `content` of a response: the schema in each media type, with the example written
    /// for it.
    fn response_content(
        &mut self,
        schema: Value,
        examples: Option<Value>,
        media: &[String],
        at: &str,
    ) -> Map<String, Value> {
        let mut content: Map<String, Value> = media
            .iter()
            .map(|media| (media.clone(), json!({ "schema": schema })))
            .collect();
        let examples_at = pointer(at, "examples");
        let examples = match examples {
            None => return content,
            Some(Value::Object(examples)) => examples,
            Some(_) => {
                self.warn(
                    examples_at,
                    "`examples` must map media types to examples; it is left out",
                );
                return content;
            }
        };
        for (example_media, example) in examples {
            let key = content
                .keys()
                .find(|key| **key == example_media)
                .or_else(|| {
                    let essence = media_essence(&example_media);
                    content.keys().find(|key| media_essence(key) == essence)
                });
            match key.cloned().and_then(|key| content.get_mut(&key)) {
                Some(Value::Object(media_type)) => {
                    media_type.insert("example".to_owned(), example);
                }
                _ => self.warn(
                    pointer(&examples_at, &example_media),
                    format!("`produces` does not list `{example_media}`; this example is left out"),
                ),
            }
        }
        content
    }

    fn convert_headers(&mut self, headers: Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, header) in headers {
            let converted = match header {
                Value::Object(header) => self.convert_header(header, &pointer(at, &name)),
                other => other,
            };
            out.insert(name, converted);
        }
        out
    }

    /// A response header: its value keywords move into `schema`.
    fn convert_header(&mut self, header: Map<String, Value>, at: &str) -> Value {
        let (schema, _) = self.value_schema(&header, at, Place::ResponseHeader);
        let mut out = Map::new();
        for (key, value) in header {
            if !VALUE_KEYWORDS.contains(&key.as_str()) && key != "collectionFormat" {
                out.insert(key, value);
            }
        }
        out.insert("schema".to_owned(), Value::Object(schema));
        Value::Object(out)
    }
}

// Components and security schemes.
impl Converter<'_> {
    /// `definitions`, the top-level `parameters` and `responses`, and
    /// `securityDefinitions` -> `components`.
    fn components(
        &mut self,
        definitions: Option<Map<String, Value>>,
        security_definitions: Option<Map<String, Value>>,
    ) -> Map<String, Value> {
        let (parameters, request_bodies) = self.component_parameters();
        let responses = self.component_responses();
        let security_schemes = match security_definitions {
            Some(table) => self.security_schemes(table),
            None => Map::new(),
        };
        let tables = [
            ("schemas", definitions.unwrap_or_default()),
            ("parameters", parameters),
            ("requestBodies", request_bodies),
            ("responses", responses),
            ("securitySchemes", security_schemes),
        ];
        tables
            .into_iter()
            .filter(|(_, table)| !table.is_empty())
            .map(|(name, table)| (name.to_owned(), Value::Object(table)))
            .collect()
    }

    /// The top-level parameters: body ones become request bodies (in the document's
    /// `consumes`); form ones are written into the forms of the operations that use them.
    fn component_parameters(&mut self) -> (Map<String, Value>, Map<String, Value>) {
        let mut parameters = Map::new();
        let mut request_bodies = Map::new();
        let media = self.consumes.types_or_default();
        for (name, parameter) in self.parameters.clone() {
            let at = pointer("#/parameters", &name);
            let Value::Object(parameter) = parameter else {
                parameters.insert(name, parameter);
                continue;
            };
            if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
                let rewritten = json!({ "$ref": rewrite_reference(reference) });
                parameters.insert(name, rewritten);
                continue;
            }
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let body = self.convert_body_parameter(parameter, &media, &at);
                    request_bodies.insert(name, body);
                }
                Some("formData") => {}
                _ => {
                    let converted = self.convert_parameter(parameter, &at);
                    parameters.insert(name, converted);
                }
            }
        }
        (parameters, request_bodies)
    }

    /// The top-level responses, in the document's `produces`.
    fn component_responses(&mut self) -> Map<String, Value> {
        let produces = self.produces.clone();
        let responses = std::mem::take(&mut self.responses);
        let converted = self.convert_responses(responses.clone(), &produces, "#/responses");
        self.responses = responses;
        converted
    }

    fn security_schemes(&mut self, table: Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, scheme) in table {
            let at = pointer("#/securityDefinitions", &name);
            let converted = match scheme {
                Value::Object(scheme) => self.security_scheme(scheme, &at),
                other => Some(other),
            };
            if let Some(converted) = converted {
                out.insert(name, converted);
            }
        }
        out
    }

    /// A security definition: `basic` -> HTTP basic, `apiKey` as it is, `oauth2` with its
    /// one flow under `flows`. An unknown type is left out.
    fn security_scheme(&mut self, scheme: Map<String, Value>, at: &str) -> Option<Value> {
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let mut out = Map::new();
        match kind.as_str() {
            "basic" => {
                out.insert("type".to_owned(), Value::from("http"));
                out.insert("scheme".to_owned(), Value::from("basic"));
            }
            "apiKey" => {
                out.insert("type".to_owned(), Value::from("apiKey"));
                for key in ["name", "in"] {
                    if let Some(value) = scheme.get(key) {
                        out.insert(key.to_owned(), value.clone());
                    }
                }
            }
            "oauth2" => {
                out.insert("type".to_owned(), Value::from("oauth2"));
                let flows = self.oauth2_flows(&scheme, at);
                out.insert("flows".to_owned(), Value::Object(flows));
            }
            _ => {
                self.warn(
                    at,
                    format!("security scheme type `{kind}` is none of basic, apiKey, oauth2; the scheme is left out"),
                );
                return None;
            }
        }
        if let Some(description) = scheme.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        out.extend(scheme.into_iter().filter(|(key, _)| key.starts_with("x-")));
        Some(Value::Object(out))
    }

    /// The one 2.0 oauth2 `flow`, with its URLs and scopes, as 3.0 `flows`.
    fn oauth2_flows(&mut self, scheme: &Map<String, Value>, at: &str) -> Map<String, Value> {
        let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
        let (name, urls): (&str, &[&str]) = match flow {
            "implicit" => ("implicit", &["authorizationUrl"]),
            "password" => ("password", &["tokenUrl"]),
            "application" => ("clientCredentials", &["tokenUrl"]),
            "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            _ => {
                self.warn(
                    pointer(at, "flow"),
                    format!("oauth2 flow `{flow}` is none of implicit, password, application, accessCode; the scheme has no flows"),
                );
                return Map::new();
            }
        };
        let mut out = Map::new();
        for url in urls {
            let value = match scheme.get(*url) {
                Some(Value::String(text)) => text.clone(),
                _ => {
                    self.warn(
                        pointer(at, url),
                        format!("the `{flow}` flow needs `{url}`; it is written empty"),
                    );
                    String::new()
                }
            };
            out.insert((*url).to_owned(), Value::from(value));
        }
        let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
        out.insert("scopes".to_owned(), scopes);
        let mut flows = Map::new();
        flows.insert(name.to_owned(), Value::Object(out));
        flows
    }
}

/// What 2.0 schemas spell differently, rewritten in one schema (the walk visits each):
/// `#/definitions/` references, `x-nullable`, `type: file` and a string `discriminator`.
fn fix_schema(schema: &mut Map<String, Value>) {
    if let Some(Value::String(reference)) = schema.get_mut("$ref") {
        *reference = rewrite_reference(reference);
    }
    match schema.shift_remove("x-nullable") {
        // 3.0 ignores what stands beside a `$ref`, so a nullable reference is an `allOf`
        // of the one reference, the usual 3.0 spelling.
        Some(Value::Bool(true)) if schema.contains_key("$ref") => {
            let reference = schema.shift_remove("$ref").unwrap_or(Value::Null);
            schema.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
            schema.insert("nullable".to_owned(), Value::Bool(true));
        }
        Some(Value::Bool(_)) if schema.contains_key("$ref") => {}
        Some(Value::Bool(flag)) => {
            schema.insert("nullable".to_owned(), Value::Bool(flag));
        }
        // Not a boolean: an extension of its own, kept.
        Some(other) => {
            schema.insert("x-nullable".to_owned(), other);
        }
        None => {}
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".to_owned(), Value::from("string"));
        schema.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        schema.insert("discriminator".to_owned(), discriminator);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts `document`, returning the 3.0 value and the warnings as (pointer, message).
    fn converted(document: Value) -> (Value, Vec<(String, String)>) {
        let mut diagnostics = Diagnostics::default();
        let value = convert(document, &mut diagnostics).expect("converts");
        let warnings = diagnostics
            .into_result()
            .expect("no errors")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (value, warnings)
    }

    /// A 2.0 document with `info` and the given fields.
    fn swagger(fields: Value) -> Value {
        let mut document = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}});
        if let (Value::Object(document), Value::Object(fields)) = (&mut document, fields) {
            document.extend(fields);
        }
        document
    }

    /// The 3.0 document `convert` gives for `swagger(...)` with the given fields.
    fn openapi(fields: Value) -> Value {
        let mut document = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}});
        if let (Value::Object(document), Value::Object(fields)) = (&mut document, fields) {
            document.extend(fields);
        }
        document
    }

    /// The warning for a body that no `consumes` gives a media type.
    const NO_CONSUMES: &str = "no `consumes` (of the operation or the document) names the media type of this body: it is sent as `application/json`";

    fn warning(at: &str, message: &str) -> (String, String) {
        (at.to_owned(), message.to_owned())
    }

    #[test]
    fn document_fields_become_servers_and_stay_in_place() {
        let (value, warnings) = converted(swagger(json!({
            "host": "api.example.com:8443",
            "basePath": "/v2/",
            "schemes": ["http", "https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "tags": [{"name": "pets", "description": "Pets."}],
            "externalDocs": {"url": "https://example.com/docs"},
            "security": [{"key": []}],
            "x-audience": "public",
            "paths": {"x-paths-note": 1}
        })));
        assert_eq!(
            value,
            openapi(json!({
                "externalDocs": {"url": "https://example.com/docs"},
                "servers": [
                    {"url": "http://api.example.com:8443/v2"},
                    {"url": "https://api.example.com:8443/v2"}
                ],
                "tags": [{"name": "pets", "description": "Pets."}],
                "security": [{"key": []}],
                "paths": {"x-paths-note": 1},
                "x-audience": "public"
            }))
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn servers_without_a_host_are_relative_and_https_is_the_default_scheme() {
        let servers = |fields: Value| {
            let (value, warnings) = converted(swagger(fields));
            (value.get("servers").cloned(), warnings)
        };
        assert_eq!(
            servers(json!({"host": "example.com", "paths": {}})),
            (Some(json!([{"url": "https://example.com"}])), vec![])
        );
        assert_eq!(
            servers(json!({"basePath": "/api", "paths": {}})),
            (Some(json!([{"url": "/api"}])), vec![])
        );
        assert_eq!(
            servers(json!({"basePath": "/", "paths": {}})),
            (None, vec![])
        );
        assert_eq!(
            servers(json!({"schemes": ["http", "https"], "paths": {}})),
            (None, vec![])
        );
        assert_eq!(
            servers(json!({"schemes": ["wss"], "paths": {}})),
            (
                None,
                vec![warning(
                    "#/schemes",
                    "with no `host`, the server URL is relative to where the document is served and cannot name a scheme other than the client's; `schemes` is left out"
                )]
            )
        );
        assert_eq!(
            servers(json!({"host": "https://example.com/", "basePath": "v1", "paths": {}})),
            (
                Some(json!([{"url": "https://example.com/v1"}])),
                vec![warning(
                    "#/host",
                    "`host` must not include a scheme; it is used as the server URL as written, followed by `basePath`"
                )]
            )
        );
    }

    #[test]
    fn operation_schemes_become_operation_servers_when_they_differ() {
        let (value, warnings) = converted(swagger(json!({
            "host": "example.com",
            "schemes": ["https"],
            "paths": {"/a": {
                "get": {"schemes": ["https"], "responses": {"200": {"description": "ok"}}},
                "put": {"schemes": ["http"], "responses": {"200": {"description": "ok"}}}
            }}
        })));
        assert_eq!(
            value["paths"]["/a"],
            json!({
                "get": {"responses": {"200": {"description": "ok"}}},
                "put": {
                    "servers": [{"url": "http://example.com"}],
                    "responses": {"200": {"description": "ok"}}
                }
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn definitions_become_component_schemas_with_every_reference_rewritten() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/pets": {"get": {"produces": ["application/json"], "responses": {"200": {
                "description": "Pets.",
                "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}
            }}}}},
            "definitions": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "readOnly": true},
                        "owner": {"$ref": "#/definitions/Owner"},
                        "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                        "extra": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Tag"}},
                        "remote": {"$ref": "common.yaml#/definitions/Remote"}
                    }
                },
                "Owner": {"allOf": [{"$ref": "#/definitions/Person"}, {"type": "object"}]},
                "Person": {"type": "object"},
                "Tag": {"type": "string"}
            }
        })));
        assert_eq!(
            value,
            openapi(json!({
                "paths": {"/pets": {"get": {"responses": {"200": {
                    "description": "Pets.",
                    "content": {"application/json": {"schema": {
                        "type": "array", "items": {"$ref": "#/components/schemas/Pet"}
                    }}}
                }}}}},
                "components": {"schemas": {
                    "Pet": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string", "readOnly": true},
                            "owner": {"$ref": "#/components/schemas/Owner"},
                            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                            "extra": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tag"}},
                            "remote": {"$ref": "common.yaml#/definitions/Remote"}
                        }
                    },
                    "Owner": {"allOf": [{"$ref": "#/components/schemas/Person"}, {"type": "object"}]},
                    "Person": {"type": "object"},
                    "Tag": {"type": "string"}
                }}
            }))
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn schema_spellings_of_2_0_become_3_0_ones() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {},
            "definitions": {
                "Pet": {
                    "type": "object",
                    "discriminator": "kind",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string"},
                        "nickname": {"type": "string", "x-nullable": true},
                        "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                        "vet": {"$ref": "#/definitions/Owner", "x-nullable": false},
                        "photo": {"type": "file"},
                        "odd": {"type": "string", "x-nullable": "yes"}
                    }
                },
                "Owner": {"type": "object", "x-nullable": false}
            }
        })));
        assert_eq!(
            value["components"]["schemas"],
            json!({
                "Pet": {
                    "type": "object",
                    "discriminator": {"propertyName": "kind"},
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string"},
                        "nickname": {"type": "string", "nullable": true},
                        "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                        "vet": {"$ref": "#/components/schemas/Owner"},
                        "photo": {"type": "string", "format": "binary"},
                        "odd": {"type": "string", "x-nullable": "yes"}
                    }
                },
                "Owner": {"type": "object", "nullable": false}
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_body_parameter_becomes_a_request_body_in_every_media_type_consumed() {
        let (value, warnings) = converted(swagger(json!({
            "consumes": ["application/json", "application/xml"],
            "paths": {"/pets": {
                "post": {
                    "operationId": "addPet",
                    "parameters": [{
                        "in": "body", "name": "pet", "description": "The pet.", "required": true,
                        "schema": {"$ref": "#/definitions/Pet"}, "x-body-note": 1
                    }],
                    "responses": {"201": {"description": "Added."}}
                },
                "put": {
                    "consumes": ["application/merge-patch+json"],
                    "parameters": [{"in": "body", "name": "pet", "schema": {"type": "object"}}],
                    "responses": {"204": {"description": "Done."}}
                }
            }},
            "definitions": {"Pet": {"type": "object"}}
        })));
        assert_eq!(
            value["paths"]["/pets"],
            json!({
                "post": {
                    "operationId": "addPet",
                    "requestBody": {
                        "description": "The pet.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                        "required": true,
                        "x-body-note": 1
                    },
                    "responses": {"201": {"description": "Added."}}
                },
                "put": {
                    "requestBody": {"content": {
                        "application/merge-patch+json": {"schema": {"type": "object"}}
                    }},
                    "responses": {"204": {"description": "Done."}}
                }
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn json_is_the_media_type_when_none_is_listed_and_bodies_go_one_per_operation() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a": {"post": {
                "consumes": [],
                "parameters": [
                    {"in": "body", "name": "a", "schema": {"type": "string"}},
                    {"in": "body", "name": "b", "schema": {"type": "integer"}},
                    {"in": "formData", "name": "c", "type": "string"},
                    {"in": "body", "name": "d"}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/a"]["post"],
            json!({
                "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "Done."}}
            })
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/paths/~1a/post/parameters/1",
                    "an operation has one body parameter; this second one is left out"
                ),
                warning(
                    "#/paths/~1a/post/parameters/3",
                    "an operation has one body parameter; this second one is left out"
                ),
                warning(
                    "#/paths/~1a/post/parameters/2",
                    "an operation with a body parameter has no form parameters; this one is left out"
                ),
                warning("#/paths/~1a/post/parameters/0", NO_CONSUMES),
            ]
        );
    }

    #[test]
    fn form_parameters_become_a_urlencoded_body_with_array_encodings() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/pets/{id}": {"post": {
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "type": "integer"},
                    {"in": "formData", "name": "name", "description": "New name.", "required": true, "type": "string", "maxLength": 20},
                    {"in": "formData", "name": "tags", "type": "array", "items": {"type": "string"}},
                    {"in": "formData", "name": "colors", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                    {"in": "formData", "name": "sizes", "type": "array", "items": {"type": "integer"}, "collectionFormat": "pipes"},
                    {"in": "formData", "name": "note", "type": "string", "allowEmptyValue": true, "x-nullable": true}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/pets/{id}"]["post"],
            json!({
                "parameters": [{"in": "path", "name": "id", "required": true, "schema": {"type": "integer"}}],
                "requestBody": {
                    "content": {"application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string", "maxLength": 20, "description": "New name."},
                                "tags": {"type": "array", "items": {"type": "string"}},
                                "colors": {"type": "array", "items": {"type": "string"}},
                                "sizes": {"type": "array", "items": {"type": "integer"}},
                                "note": {"type": "string", "nullable": true}
                            },
                            "required": ["name"]
                        },
                        "encoding": {
                            "tags": {"style": "form", "explode": false},
                            "colors": {"style": "form", "explode": true},
                            "sizes": {"style": "pipeDelimited", "explode": false}
                        }
                    }},
                    "required": true
                },
                "responses": {"204": {"description": "Done."}}
            })
        );
        assert_eq!(
            warnings,
            vec![warning(
                "#/paths/~1pets~1{id}/post/parameters/5/allowEmptyValue",
                "OpenAPI 3.0 has no `allowEmptyValue` for form fields; it is left out"
            )]
        );
    }

    #[test]
    fn a_file_parameter_makes_the_form_multipart() {
        let (value, warnings) = converted(swagger(json!({
            "consumes": ["application/json"],
            "paths": {"/upload": {"post": {
                "parameters": [
                    {"in": "formData", "name": "file", "required": true, "type": "file"},
                    {"in": "formData", "name": "labels", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                    {"in": "formData", "name": "sizes", "type": "array", "items": {"type": "integer"}}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/upload"]["post"]["requestBody"],
            json!({
                "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "labels": {"type": "array", "items": {"type": "string"}},
                        "sizes": {"type": "string"}
                    },
                    "required": ["file"]
                }}},
                "required": true
            })
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/consumes",
                    "form parameters are sent as `application/x-www-form-urlencoded` or `multipart/form-data`, which this list does not name; the form is sent as `multipart/form-data`"
                ),
                warning(
                    "#/paths/~1upload/post/parameters/2/collectionFormat",
                    "`collectionFormat: csv` has no OpenAPI 3.0 style in a `multipart/form-data` body; the value is read as one string: join the items with commas"
                ),
            ]
        );
    }

    #[test]
    fn a_form_goes_in_each_form_media_type_consumed() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a": {"post": {
                "consumes": ["multipart/form-data", "application/x-www-form-urlencoded", "application/json"],
                "parameters": [{"in": "formData", "name": "ids", "type": "array", "items": {"type": "integer"}, "collectionFormat": "multi"}],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        let schema = json!({"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}});
        assert_eq!(
            value["paths"]["/a"]["post"]["requestBody"],
            json!({"content": {
                "multipart/form-data": {"schema": schema},
                "application/x-www-form-urlencoded": {
                    "schema": schema,
                    "encoding": {"ids": {"style": "form", "explode": true}}
                }
            }})
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn path_item_parameters_stay_and_its_body_and_form_parameters_join_each_operation() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/pets/{id}": {
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "type": "string"},
                    {"in": "query", "name": "verbose", "type": "boolean"},
                    {"in": "formData", "name": "name", "type": "string"},
                    {"in": "formData", "name": "age", "type": "integer"}
                ],
                "post": {
                    "parameters": [
                        {"in": "query", "name": "verbose", "type": "string", "enum": ["yes", "no"]},
                        {"in": "formData", "name": "age", "type": "integer", "required": true, "minimum": 0}
                    ],
                    "responses": {"204": {"description": "Done."}}
                },
                "put": {
                    "parameters": [{"in": "body", "name": "pet", "schema": {"type": "object"}}],
                    "responses": {"204": {"description": "Done."}}
                }
            }}
        })));
        assert_eq!(
            value["paths"]["/pets/{id}"],
            json!({
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "schema": {"type": "string"}},
                    {"in": "query", "name": "verbose", "schema": {"type": "boolean"}}
                ],
                "post": {
                    "parameters": [{"in": "query", "name": "verbose", "schema": {"type": "string", "enum": ["yes", "no"]}}],
                    "requestBody": {
                        "content": {"application/x-www-form-urlencoded": {"schema": {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string"},
                                "age": {"type": "integer", "minimum": 0}
                            },
                            "required": ["age"]
                        }}},
                        "required": true
                    },
                    "responses": {"204": {"description": "Done."}}
                },
                "put": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"204": {"description": "Done."}}
                }
            })
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/paths/~1pets~1{id}/parameters/2",
                    "an operation with a body parameter has no form parameters; this one is left out"
                ),
                warning(
                    "#/paths/~1pets~1{id}/parameters/3",
                    "an operation with a body parameter has no form parameters; this one is left out"
                ),
                warning("#/paths/~1pets~1{id}/put/parameters/0", NO_CONSUMES),
            ]
        );
    }

    #[test]
    fn collection_formats_become_styles_where_3_0_has_one() {
        let array = |name: &str, place: &str, format: Option<&str>| {
            let mut parameter =
                json!({"in": place, "name": name, "type": "array", "items": {"type": "string"}});
            if let Some(format) = format {
                parameter["collectionFormat"] = Value::from(format);
            }
            parameter
        };
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a/{ids}": {"get": {
                "parameters": [
                    array("csv", "query", None),
                    array("multi", "query", Some("multi")),
                    array("ssv", "query", Some("ssv")),
                    array("pipes", "query", Some("pipes")),
                    array("tsv", "query", Some("tsv")),
                    array("ids", "path", Some("csv")),
                    array("X-Tags", "header", None),
                    array("X-Spaced", "header", Some("ssv")),
                    array("X-Many", "header", Some("multi")),
                    array("odd", "query", Some("semicolons")),
                    {"in": "query", "name": "empty", "type": "string", "allowEmptyValue": true},
                    {"in": "header", "name": "X-Empty", "type": "string", "allowEmptyValue": true}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        let strings = json!({"type": "array", "items": {"type": "string"}});
        assert_eq!(
            value["paths"]["/a/{ids}"]["get"]["parameters"],
            json!([
                {"in": "query", "name": "csv", "style": "form", "explode": false, "schema": strings},
                {"in": "query", "name": "multi", "style": "form", "explode": true, "schema": strings},
                {"in": "query", "name": "ssv", "style": "spaceDelimited", "schema": strings},
                {"in": "query", "name": "pipes", "style": "pipeDelimited", "schema": strings},
                {"in": "query", "name": "tsv", "schema": {"type": "string"}},
                {"in": "path", "name": "ids", "style": "simple", "schema": strings},
                {"in": "header", "name": "X-Tags", "style": "simple", "schema": strings},
                {"in": "header", "name": "X-Spaced", "schema": {"type": "string"}},
                {"in": "header", "name": "X-Many", "style": "simple", "schema": strings},
                {"in": "query", "name": "odd", "style": "form", "explode": false, "schema": strings},
                {"in": "query", "name": "empty", "allowEmptyValue": true, "schema": {"type": "string"}},
                {"in": "header", "name": "X-Empty", "schema": {"type": "string"}}
            ])
        );
        let at = "#/paths/~1a~1{ids}/get/parameters";
        assert_eq!(
            warnings,
            vec![
                warning(
                    &format!("{at}/4/collectionFormat"),
                    "`collectionFormat: tsv` has no OpenAPI 3.0 style in a query; the value is read as one string: join the items with tab characters"
                ),
                warning(
                    &format!("{at}/7/collectionFormat"),
                    "`collectionFormat: ssv` has no OpenAPI 3.0 style in a header; the value is read as one string: join the items with spaces"
                ),
                warning(
                    &format!("{at}/8/collectionFormat"),
                    "`collectionFormat: multi` is for query and form parameters, not a header parameter; it is read as csv"
                ),
                warning(
                    &format!("{at}/9/collectionFormat"),
                    "`collectionFormat` must be one of csv, ssv, tsv, pipes, multi; it is read as csv"
                ),
            ]
        );
    }

    #[test]
    fn parameter_value_keywords_move_into_the_schema() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a": {"get": {
                "parameters": [
                    {
                        "in": "query", "name": "limit", "description": "Page size.", "required": false,
                        "type": "integer", "format": "int32", "default": 20, "minimum": 1, "maximum": 100,
                        "exclusiveMaximum": false, "multipleOf": 1, "x-client-default": 20
                    },
                    {
                        "in": "query", "name": "grid", "type": "array", "minItems": 1, "uniqueItems": true,
                        "items": {"type": "array", "items": {"type": "integer"}, "collectionFormat": "pipes"}
                    },
                    {"in": "query", "name": "q", "pattern": "^[a-z]+$"},
                    {"in": "query", "name": "written3", "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/a"]["get"]["parameters"],
            json!([
                {
                    "in": "query", "name": "limit", "description": "Page size.", "required": false,
                    "x-client-default": 20,
                    "schema": {
                        "type": "integer", "format": "int32", "default": 20, "minimum": 1,
                        "maximum": 100, "exclusiveMaximum": false, "multipleOf": 1
                    }
                },
                {
                    "in": "query", "name": "grid", "style": "form", "explode": false,
                    "schema": {
                        "type": "array", "minItems": 1, "uniqueItems": true,
                        "items": {"type": "array", "items": {"type": "integer"}}
                    }
                },
                {"in": "query", "name": "q", "schema": {"type": "string"}},
                {"in": "query", "name": "written3", "schema": {"type": "string"}}
            ])
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/paths/~1a/get/parameters/1/items/collectionFormat",
                    "an array inside an array parameter has no OpenAPI 3.0 style; its `collectionFormat` is left out"
                ),
                warning(
                    "#/paths/~1a/get/parameters/2",
                    "this has no `type`; it is read as a string"
                ),
            ]
        );
    }

    #[test]
    fn top_level_parameters_become_components_and_references_follow_them() {
        let (value, warnings) = converted(swagger(json!({
            "parameters": {
                "limit": {"in": "query", "name": "limit", "type": "integer"},
                "pet": {"in": "body", "name": "pet", "required": true, "schema": {"$ref": "#/definitions/Pet"}},
                "upload": {"in": "formData", "name": "upload", "type": "file", "required": true},
                "elsewhere": {"$ref": "common.yaml#/parameters/x"}
            },
            "paths": {"/pets": {
                "parameters": [{"$ref": "#/parameters/limit"}],
                "get": {
                    "parameters": [{"$ref": "#/parameters/missing"}, {"$ref": "other.yaml#/parameters/y"}],
                    "responses": {"204": {"description": "Done."}}
                },
                "post": {
                    "parameters": [{"$ref": "#/parameters/pet"}],
                    "responses": {"204": {"description": "Done."}}
                },
                "put": {
                    "consumes": ["application/xml"],
                    "parameters": [{"$ref": "#/parameters/pet"}],
                    "responses": {"204": {"description": "Done."}}
                },
                "patch": {
                    "parameters": [{"$ref": "#/parameters/upload"}],
                    "responses": {"204": {"description": "Done."}}
                }
            }},
            "definitions": {"Pet": {"type": "object"}}
        })));
        let done = json!({"204": {"description": "Done."}});
        assert_eq!(
            value["paths"]["/pets"],
            json!({
                "parameters": [{"$ref": "#/components/parameters/limit"}],
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/missing"}, {"$ref": "other.yaml#/parameters/y"}],
                    "responses": done
                },
                "post": {"requestBody": {"$ref": "#/components/requestBodies/pet"}, "responses": done},
                "put": {
                    "requestBody": {
                        "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        "required": true
                    },
                    "responses": done
                },
                "patch": {
                    "requestBody": {
                        "content": {"multipart/form-data": {"schema": {
                            "type": "object",
                            "properties": {"upload": {"type": "string", "format": "binary"}},
                            "required": ["upload"]
                        }}},
                        "required": true
                    },
                    "responses": done
                }
            })
        );
        assert_eq!(
            value["components"],
            json!({
                "schemas": {"Pet": {"type": "object"}},
                "parameters": {
                    "limit": {"in": "query", "name": "limit", "schema": {"type": "integer"}},
                    "elsewhere": {"$ref": "common.yaml#/parameters/x"}
                },
                "requestBodies": {"pet": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    "required": true
                }}
            })
        );
        assert_eq!(
            warnings,
            vec![warning("#/paths/~1pets/post/parameters/0", NO_CONSUMES)]
        );
    }

    #[test]
    fn responses_get_content_per_media_type_headers_with_schemas_and_examples() {
        let (value, warnings) = converted(swagger(json!({
            "produces": ["application/json", "text/csv"],
            "paths": {"/pets": {"get": {
                "responses": {
                    "200": {
                        "description": "Pets.",
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "headers": {
                            "X-Rate-Limit": {"type": "integer", "format": "int32", "description": "Calls left."},
                            "X-Tags": {"type": "array", "items": {"type": "string"}},
                            "X-Piped": {"type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
                        },
                        "examples": {
                            "application/json; charset=utf-8": ["rex"],
                            "application/xml": "<pets/>"
                        },
                        "x-response-note": true
                    },
                    "204": {"description": "None.", "examples": {"application/json": []}},
                    "default": {"description": "Error."},
                    "x-responses-note": 1
                }
            }}}
        })));
        let schema = json!({"type": "array", "items": {"type": "string"}});
        assert_eq!(
            value["paths"]["/pets"]["get"]["responses"],
            json!({
                "200": {
                    "description": "Pets.",
                    "content": {
                        "application/json": {"schema": schema, "example": ["rex"]},
                        "text/csv": {"schema": schema}
                    },
                    "headers": {
                        "X-Rate-Limit": {"description": "Calls left.", "schema": {"type": "integer", "format": "int32"}},
                        "X-Tags": {"schema": schema},
                        "X-Piped": {"schema": {"type": "string"}}
                    },
                    "x-response-note": true
                },
                "204": {"description": "None."},
                "default": {"description": "Error."},
                "x-responses-note": 1
            })
        );
        let at = "#/paths/~1pets/get/responses";
        assert_eq!(
            warnings,
            vec![
                warning(
                    &format!("{at}/200/examples/application~1xml"),
                    "`produces` does not list `application/xml`; this example is left out"
                ),
                warning(
                    &format!("{at}/200/headers/X-Piped/collectionFormat"),
                    "`collectionFormat: pipes` has no OpenAPI 3.0 style in a response header; the value is read as one string: join the items with `|`"
                ),
                warning(
                    &format!("{at}/204/examples"),
                    "a response with no `schema` has no content in OpenAPI 3.0; its examples are left out"
                ),
            ]
        );
    }

    #[test]
    fn top_level_responses_become_components_and_are_inlined_for_other_media_types() {
        let (value, warnings) = converted(swagger(json!({
            "responses": {
                "Error": {"description": "Error.", "schema": {"$ref": "#/definitions/Error"}},
                "Gone": {"description": "Gone."}
            },
            "paths": {"/a": {
                "get": {"responses": {"404": {"$ref": "#/responses/Error"}, "410": {"$ref": "#/responses/Gone"}}},
                "put": {
                    "produces": ["application/problem+json"],
                    "responses": {"400": {"$ref": "#/responses/Error"}, "410": {"$ref": "#/responses/Gone"}}
                }
            }},
            "definitions": {"Error": {"type": "object"}}
        })));
        assert_eq!(
            value["paths"]["/a"],
            json!({
                "get": {"responses": {
                    "404": {"$ref": "#/components/responses/Error"},
                    "410": {"$ref": "#/components/responses/Gone"}
                }},
                "put": {"responses": {
                    "400": {
                        "description": "Error.",
                        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                    },
                    "410": {"$ref": "#/components/responses/Gone"}
                }}
            })
        );
        assert_eq!(
            value["components"]["responses"],
            json!({
                "Error": {
                    "description": "Error.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                },
                "Gone": {"description": "Gone."}
            })
        );
        // The document lists no `produces`: the top-level answer with a schema is read as
        // JSON, with a warning where it is written (not again where it is referred to).
        assert_eq!(
            warnings,
            [(
                "#/responses/Error/schema".to_owned(),
                "no `produces` (of the operation or the document) names the media type of this answer: it is read as `application/json`".to_owned()
            )]
        );
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {},
            "security": [{"basicAuth": []}],
            "securityDefinitions": {
                "basicAuth": {"type": "basic", "description": "User and password."},
                "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key", "x-key-note": 1},
                "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://auth.example.com/authorize", "scopes": {"read": "Read."}},
                "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://auth.example.com/token", "scopes": {}},
                "application": {"type": "oauth2", "flow": "application", "tokenUrl": "https://auth.example.com/token"},
                "accessCode": {
                    "type": "oauth2", "flow": "accessCode",
                    "authorizationUrl": "https://auth.example.com/authorize",
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"write": "Write."}
                },
                "broken": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://auth.example.com/authorize"},
                "strange": {"type": "oauth2", "flow": "device"},
                "unknown": {"type": "mutualTLS"}
            }
        })));
        assert_eq!(value["security"], json!([{"basicAuth": []}]));
        assert_eq!(
            value["components"]["securitySchemes"],
            json!({
                "basicAuth": {"type": "http", "scheme": "basic", "description": "User and password."},
                "key": {"type": "apiKey", "name": "X-Api-Key", "in": "header", "x-key-note": 1},
                "implicit": {"type": "oauth2", "flows": {"implicit": {
                    "authorizationUrl": "https://auth.example.com/authorize", "scopes": {"read": "Read."}
                }}},
                "password": {"type": "oauth2", "flows": {"password": {
                    "tokenUrl": "https://auth.example.com/token", "scopes": {}
                }}},
                "application": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://auth.example.com/token", "scopes": {}
                }}},
                "accessCode": {"type": "oauth2", "flows": {"authorizationCode": {
                    "authorizationUrl": "https://auth.example.com/authorize",
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"write": "Write."}
                }}},
                "broken": {"type": "oauth2", "flows": {"authorizationCode": {
                    "authorizationUrl": "https://auth.example.com/authorize", "tokenUrl": "", "scopes": {}
                }}},
                "strange": {"type": "oauth2", "flows": {}}
            })
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/securityDefinitions/broken/tokenUrl",
                    "the `accessCode` flow needs `tokenUrl`; it is written empty"
                ),
                warning(
                    "#/securityDefinitions/strange/flow",
                    "oauth2 flow `device` is none of implicit, password, application, accessCode; the scheme has no flows"
                ),
                warning(
                    "#/securityDefinitions/unknown",
                    "security scheme type `mutualTLS` is none of basic, apiKey, oauth2; the scheme is left out"
                ),
            ]
        );
    }

    #[test]
    fn operation_fields_and_extensions_are_kept() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a": {
                "x-path-note": "p",
                "get": {
                    "tags": ["a"],
                    "summary": "Get.",
                    "description": "Gets.",
                    "externalDocs": {"url": "https://example.com"},
                    "operationId": "getA",
                    "produces": ["text/plain"],
                    "deprecated": true,
                    "security": [{"key": []}],
                    "x-operation-note": "o",
                    "responses": {"200": {"description": "A.", "schema": {"type": "string"}}}
                }
            }}
        })));
        assert_eq!(
            value["paths"]["/a"],
            json!({
                "x-path-note": "p",
                "get": {
                    "tags": ["a"],
                    "summary": "Get.",
                    "description": "Gets.",
                    "externalDocs": {"url": "https://example.com"},
                    "operationId": "getA",
                    "deprecated": true,
                    "security": [{"key": []}],
                    "x-operation-note": "o",
                    "responses": {"200": {"description": "A.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
                }
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn malformed_lists_are_left_out_with_warnings() {
        let (value, warnings) = converted(swagger(json!({
            "consumes": "application/json",
            "produces": ["text/plain", 7],
            "paths": {"/a": {"post": {
                "parameters": [{"in": "formData", "type": "string"}, {"in": "body", "name": "b"}],
                "responses": {"200": {"description": "A.", "schema": {"type": "string"}}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/a"]["post"],
            json!({
                "requestBody": {"content": {"application/json": {}}},
                "responses": {"200": {"description": "A.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
            })
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/consumes",
                    "this must be a list of strings; it is left out"
                ),
                warning("#/produces/1", "this must be a string; it is left out"),
                warning(
                    "#/paths/~1a/post/parameters/0",
                    "an operation with a body parameter has no form parameters; this one is left out"
                ),
                warning("#/paths/~1a/post/parameters/1", NO_CONSUMES),
                warning(
                    "#/paths/~1a/post/parameters/1",
                    "a body parameter needs a `schema`; any value is sent"
                ),
            ]
        );
    }

    #[test]
    fn a_form_parameter_with_no_name_is_left_out_and_one_with_no_type_is_a_string() {
        let (value, warnings) = converted(swagger(json!({
            "paths": {"/a": {"post": {
                "parameters": [
                    {"in": "formData", "type": "string"},
                    {"in": "formData", "name": "b", "type": "string"},
                    {"in": "formData", "name": "c", "description": "Any text."}
                ],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/a"]["post"]["requestBody"],
            json!({"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "properties": {
                    "b": {"type": "string"},
                    "c": {"type": "string", "description": "Any text."}
                }
            }}}})
        );
        assert_eq!(
            warnings,
            vec![
                warning(
                    "#/paths/~1a/post/parameters/0",
                    "a form parameter needs a `name`; it is left out"
                ),
                warning(
                    "#/paths/~1a/post/parameters/2",
                    "this has no `type`; it is read as a string"
                ),
            ]
        );
    }

    #[test]
    fn what_cannot_be_read_is_refused() {
        let mut diagnostics = Diagnostics::default();
        let error = convert(swagger(json!({"paths": []})), &mut diagnostics).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "#/paths: `paths` must be a mapping (a JSON object)"
        );
        let error = convert(
            swagger(json!({"paths": {}, "definitions": "Pet"})),
            &mut diagnostics,
        )
        .expect_err("refused");
        assert_eq!(
            error.to_string(),
            "#/definitions: `definitions` must be a mapping (a JSON object)"
        );
        let (value, _) = converted(swagger(json!({})));
        assert_eq!(value["paths"], json!({}));
    }

    #[test]
    fn percent_escapes_are_decoded_only_when_they_are_two_hex_digits() {
        assert_eq!(
            local_name("#/parameters/a~1b~0c", "#/parameters/"),
            Some("a/b~c".to_owned())
        );
        assert_eq!(local_name("#/parameters/a/b", "#/parameters/"), None);
        assert_eq!(
            local_name("other.yaml#/parameters/a", "#/parameters/"),
            None
        );
    }

    #[test]
    fn references_with_escaped_names_are_followed() {
        let (value, _) = converted(swagger(json!({
            "parameters": {"a/b c": {"in": "body", "name": "x", "schema": {"type": "string"}}},
            "paths": {"/a": {"post": {
                "consumes": ["text/plain"],
                "parameters": [{"$ref": "#/parameters/a~1b%20c"}],
                "responses": {"204": {"description": "Done."}}
            }}}
        })));
        assert_eq!(
            value["paths"]["/a"]["post"]["requestBody"],
            json!({"content": {"text/plain": {"schema": {"type": "string"}}}})
        );
    }
    /// A pet store written against Swagger 2.0, with every construct the conversion knows.
    const PET_STORE: &str = r##"
swagger: "2.0"
info:
  title: Pet Store
  description: Pets, their owners and photos.
  version: "2.4.0"
host: petstore.example.com
basePath: /api/v2
schemes: [https, http]
consumes: [application/json]
produces: [application/json]
tags:
  - {name: pets, description: Everything about pets.}
  - {name: owners}
securityDefinitions:
  basicAuth: {type: basic}
  apiKey: {type: apiKey, in: header, name: X-Api-Key}
  queryKey: {type: apiKey, in: query, name: api_key}
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://auth.example.com/authorize
    tokenUrl: https://auth.example.com/token
    scopes: {"read:pets": Read pets., "write:pets": Change pets.}
security:
  - apiKey: []
parameters:
  petId: {in: path, name: petId, required: true, type: integer, format: int64}
  limit: {in: query, name: limit, type: integer, minimum: 1, maximum: 100, default: 20}
  traceId: {in: header, name: X-Trace-Id, type: string, format: uuid}
  newPet:
    in: body
    name: pet
    required: true
    schema: {$ref: "#/definitions/NewPet"}
  caption: {in: formData, name: caption, type: string, maxLength: 140}
responses:
  NotFound:
    description: No such resource.
    schema: {$ref: "#/definitions/Error"}
  Unauthorized:
    description: Credentials are missing or wrong.
paths:
  /pets:
    parameters:
      - $ref: "#/parameters/traceId"
    get:
      tags: [pets]
      operationId: listPets
      summary: Lists pets.
      parameters:
        - $ref: "#/parameters/limit"
        - {in: query, name: tags, type: array, items: {type: string}}
        - {in: query, name: status, type: array, items: {type: string, enum: [available, sold]}, collectionFormat: multi}
        - {in: query, name: sort, type: array, items: {type: string}, collectionFormat: ssv}
        - {in: query, name: fields, type: array, items: {type: string}, collectionFormat: pipes}
        - {in: query, name: near, type: array, items: {type: number}, collectionFormat: tsv}
        - {in: header, name: X-Flags, type: array, items: {type: string}, collectionFormat: csv}
      responses:
        "200":
          description: A page of pets.
          schema:
            type: array
            items: {$ref: "#/definitions/Pet"}
          headers:
            X-Total-Count: {type: integer, format: int32, description: All pets.}
          examples:
            application/json: [{id: 1, name: Rex, petType: Dog}]
        "401": {$ref: "#/responses/Unauthorized"}
    post:
      tags: [pets]
      operationId: addPet
      security:
        - oauth: ["write:pets"]
      parameters:
        - $ref: "#/parameters/newPet"
      responses:
        "201":
          description: Added.
          schema: {$ref: "#/definitions/Pet"}
  /pets/{petId}:
    parameters:
      - $ref: "#/parameters/petId"
    get:
      operationId: getPet
      responses:
        "200":
          description: The pet.
          schema: {$ref: "#/definitions/Pet"}
        "404": {$ref: "#/responses/NotFound"}
    put:
      operationId: replacePet
      consumes: [application/json, application/xml]
      parameters:
        - {in: body, name: pet, required: true, schema: {$ref: "#/definitions/NewPet"}}
      responses:
        "204": {description: Replaced.}
    post:
      operationId: updatePetWithForm
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {in: formData, name: name, type: string, required: true}
        - {in: formData, name: status, type: string, enum: [available, sold]}
      responses:
        "204": {description: Updated.}
    delete:
      operationId: deletePet
      deprecated: true
      responses:
        "204": {description: Deleted.}
        "404": {$ref: "#/responses/NotFound"}
  /pets/{petId}/photos:
    parameters:
      - $ref: "#/parameters/petId"
    post:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      produces: [application/json, text/plain]
      parameters:
        - {in: formData, name: photo, type: file, required: true}
        - $ref: "#/parameters/caption"
        - {in: formData, name: labels, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        "201":
          description: Stored.
          schema: {$ref: "#/definitions/Photo"}
        "404": {$ref: "#/responses/NotFound"}
  /owners/{ownerId}:
    get:
      operationId: getOwner
      security:
        - basicAuth: []
      parameters:
        - {in: path, name: ownerId, required: true, type: string}
      responses:
        "200":
          description: The owner.
          schema: {$ref: "#/definitions/Owner"}
definitions:
  Pet:
    type: object
    discriminator: petType
    required: [name, petType]
    properties:
      id: {type: integer, format: int64, readOnly: true}
      name: {type: string}
      petType: {type: string}
      tags:
        type: array
        items: {$ref: "#/definitions/Tag"}
      owner: {$ref: "#/definitions/Owner", x-nullable: true}
      birthday: {type: string, format: date, x-nullable: true}
  Cat:
    allOf:
      - $ref: "#/definitions/Pet"
      - type: object
        properties:
          indoor: {type: boolean}
  Dog:
    allOf:
      - $ref: "#/definitions/Pet"
      - type: object
        properties:
          packSize: {type: integer, minimum: 0}
  NewPet:
    type: object
    required: [name]
    properties:
      name: {type: string}
      tags:
        type: array
        items: {$ref: "#/definitions/Tag"}
  Tag:
    type: object
    properties:
      name: {type: string}
  Owner:
    type: object
    properties:
      name: {type: string}
      address: {$ref: "#/definitions/Address"}
  Address:
    type: object
    properties:
      city: {type: string}
  Photo:
    type: object
    properties:
      url: {type: string, format: uri}
      caption: {type: string, x-nullable: true}
  Error:
    type: object
    required: [message]
    properties:
      message: {type: string}
"##;

    /// The operation with `operation_id` in a loaded document.
    fn operation(loaded: &crate::load::Loaded, operation_id: &str) -> openapiv3::Operation {
        loaded
            .operations()
            .into_iter()
            .map(|(_, _, operation)| operation)
            .find(|operation| operation.operation_id.as_deref() == Some(operation_id))
            .unwrap_or_else(|| panic!("operation {operation_id}"))
    }

    /// The inline request body of an operation.
    fn request_body(operation: &openapiv3::Operation) -> &openapiv3::RequestBody {
        match operation.request_body.as_ref().expect("a request body") {
            openapiv3::ReferenceOr::Item(body) => body,
            openapiv3::ReferenceOr::Reference { reference } => panic!("a reference {reference}"),
        }
    }

    /// The property names of an inline object schema.
    fn property_names(schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> Vec<&str> {
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            panic!("an inline schema")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            panic!("an object schema")
        };
        object.properties.keys().map(String::as_str).collect()
    }

    fn load_pet_store() -> crate::load::Loaded {
        crate::load::load_document(PET_STORE).expect("loads")
    }

    #[test]
    fn a_realistic_pet_store_loads_as_openapi_3_with_its_operations_and_one_warning() {
        let loaded = load_pet_store();
        assert_eq!(loaded.source_version, crate::load::SourceVersion::Swagger2);
        let document = &loaded.document;
        assert_eq!(document.openapi, "3.0.3");
        let urls: Vec<&str> = document.servers.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://petstore.example.com/api/v2",
                "http://petstore.example.com/api/v2"
            ]
        );
        let operations = loaded.operations();
        let ids: Vec<&str> = operations
            .iter()
            .filter_map(|(_, _, operation)| operation.operation_id.as_deref())
            .collect();
        assert_eq!(
            ids,
            [
                "listPets",
                "addPet",
                "getPet",
                "replacePet",
                "updatePetWithForm",
                "deletePet",
                "uploadPhoto",
                "getOwner"
            ]
        );
        let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "#/paths/~1pets/get/parameters/5/collectionFormat: `collectionFormat: tsv` has no OpenAPI 3.0 style in a query; the value is read as one string: join the items with tab characters"
            ]
        );
    }

    #[test]
    fn the_pet_store_bodies_and_forms_are_request_bodies() {
        let loaded = load_pet_store();
        // A body parameter of the document is a request body component.
        assert_eq!(
            operation(&loaded, "addPet").request_body,
            Some(openapiv3::ReferenceOr::ref_(
                "#/components/requestBodies/newPet"
            ))
        );
        let replace_operation = operation(&loaded, "replacePet");
        let replace = request_body(&replace_operation);
        assert!(replace.required);
        assert_eq!(
            replace.content.keys().collect::<Vec<_>>(),
            ["application/json", "application/xml"]
        );
        let form_operation = operation(&loaded, "updatePetWithForm");
        let form = request_body(&form_operation);
        let urlencoded = &form.content["application/x-www-form-urlencoded"];
        assert_eq!(
            property_names(urlencoded.schema.as_ref().expect("schema")),
            ["name", "status"]
        );
        let upload_operation = operation(&loaded, "uploadPhoto");
        let upload = request_body(&upload_operation);
        let multipart = &upload.content["multipart/form-data"];
        assert_eq!(
            property_names(multipart.schema.as_ref().expect("schema")),
            ["photo", "caption", "labels"]
        );
    }

    #[test]
    fn the_pet_store_query_arrays_take_the_style_of_their_collection_format() {
        let loaded = load_pet_store();
        let styles: Vec<String> = operation(&loaded, "listPets")
            .parameters
            .iter()
            .map(|parameter| match parameter {
                openapiv3::ReferenceOr::Reference { reference } => reference.clone(),
                openapiv3::ReferenceOr::Item(openapiv3::Parameter::Query {
                    parameter_data,
                    style,
                    ..
                }) => format!(
                    "{} {style:?} {:?}",
                    parameter_data.name, parameter_data.explode
                ),
                openapiv3::ReferenceOr::Item(other) => {
                    format!("{} other", other.parameter_data_ref().name)
                }
            })
            .collect();
        assert_eq!(
            styles,
            [
                "#/components/parameters/limit",
                "tags Form Some(false)",
                "status Form Some(true)",
                "sort SpaceDelimited None",
                "fields PipeDelimited None",
                "near Form None",
                "X-Flags other",
            ]
        );
    }

    #[test]
    fn the_pet_store_definitions_and_security_are_components() {
        let loaded = load_pet_store();
        let components = loaded.document.components.as_ref().expect("components");
        assert_eq!(
            components.schemas.keys().collect::<Vec<_>>(),
            [
                "Pet", "Cat", "Dog", "NewPet", "Tag", "Owner", "Address", "Photo", "Error"
            ]
        );
        let openapiv3::ReferenceOr::Item(pet) = &components.schemas["Pet"] else {
            panic!("Pet is inline")
        };
        let discriminator = pet
            .schema_data
            .discriminator
            .as_ref()
            .expect("a discriminator");
        assert_eq!(discriminator.property_name, "petType");
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(pet)) = &pet.schema_kind else {
            panic!("Pet is an object")
        };
        let openapiv3::ReferenceOr::Item(owner) = &pet.properties["owner"] else {
            panic!("a nullable owner is an allOf")
        };
        assert!(owner.schema_data.nullable);
        assert_eq!(
            components.security_schemes.keys().collect::<Vec<_>>(),
            ["basicAuth", "apiKey", "queryKey", "oauth"]
        );
        assert_eq!(
            components.parameters.keys().collect::<Vec<_>>(),
            ["petId", "limit", "traceId"]
        );
        assert_eq!(
            components.request_bodies.keys().collect::<Vec<_>>(),
            ["newPet"]
        );
        assert_eq!(
            components.responses.keys().collect::<Vec<_>>(),
            ["NotFound", "Unauthorized"]
        );
    }
}
