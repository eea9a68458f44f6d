//! Load stage: YAML or JSON text -> `openapiv3::OpenAPI`.
//!
//! The text is parsed into a JSON value first (syntax errors located by line and column),
//! which the normalisation steps rewrite into an OpenAPI 3.0 document: Swagger 2.0 is
//! converted ([`swagger2`]), OpenAPI 3.1 is lowered to 3.0 ([`openapi31`]). Only then is
//! it read into the typed model the rest of the pipeline uses. A part of the document that
//! does not have the shape 3.0 gives it (a schema, a parameter, a response, an
//! operation) is replaced or left out with a located warning; the document is refused
//! only when it cannot be read at all.

mod bundle;
mod by_parts;
mod json_parts;
mod lenient;
mod openapi31;
pub mod paths;
pub(crate) mod refs;
pub mod schemas;
mod swagger2;
pub(crate) mod walk;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Diagnostic, Diagnostics, Error, pointer};
use crate::pointer::Table;
use by_parts::read_whole;

/// Which specification a document was written against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    /// Swagger / OpenAPI 2.0, converted to 3.0.
    Swagger2,
    /// OpenAPI 3.0.x, read as it is.
    OpenApi30,
    /// OpenAPI 3.1.x (or a later 3.x), lowered to 3.0.
    OpenApi31,
}

/// A document read into the typed 3.0 model, with the warnings of reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document, as OpenAPI 3.0, but for its path items, which are in `paths` (its
    /// own `paths` hold only their `x-` extensions).
    pub document: openapiv3::OpenAPI,
    /// The path items, in document order.
    pub paths: paths::Paths,
    /// The component schemas, when kept as JSON text (a document of very many path items;
    /// see [`schemas`]): then the document's own table is empty. Empty otherwise.
    pub schemas: schemas::ComponentSchemas,
    /// What was converted, replaced or left out, each at its JSON pointer.
    pub warnings: Vec<Diagnostic>,
    /// The specification the text was written against.
    pub source_version: SourceVersion,
}

impl Loaded {
    /// The whole document, its path items put back in.
    pub fn into_document(self) -> openapiv3::OpenAPI {
        let mut document = self.document;
        paths::put_back(&mut document, self.paths);
        schemas::put_back(&mut document, self.schemas);
        document
    }

    /// Every operation, with its path key and method key (`get`, ...), in document order
    /// (a path item that is a reference has none here).
    pub fn operations(&self) -> Vec<(String, &'static str, openapiv3::Operation)> {
        let mut operations = Vec::new();
        for (path, item) in self.paths.inline_items() {
            for (method, operation) in item.iter() {
                operations.push((path.to_owned(), method, operation.clone()));
            }
        }
        operations
    }
}

/// Parses and normalises a document from YAML or JSON text.
///
/// JSON is recognised by its first non-blank character being `{`; anything else is
/// read as YAML (which is also a superset of JSON).
pub fn load_document(text: &str) -> Result<Loaded, Error> {
    let Some(json) = json_text(text) else {
        return load_with(parse_text(text)?, || parse_text(text));
    };
    load_with(parse_json(json)?, || parse_text(text))
}

/// A document read from files, with what [`load_files`] read and where each part came
/// from.
pub(crate) struct LoadedFiles {
    pub(crate) loaded: Loaded,
    /// Every file read, the root first.
    pub(crate) sources: Vec<String>,
    /// Where the parts brought in from other files came from.
    pub(crate) origins: bundle::Origins,
}

pub(crate) use bundle::{Origins, Reader};

/// Reads the document `root` and every file its references name, through `read` (paths
/// relative to the root's folder; see [`bundle`]), and normalises it as one document.
/// Errors of loading are located in the file they are about; warnings are left to the
/// caller to locate ([`Origins::locate_all`]), with those of the later stages.
pub(crate) fn load_files(
    root: &str,
    read: &mut Reader<'_>,
    allow_outside: bool,
) -> Result<LoadedFiles, Error> {
    let text = read(root).map_err(|why| {
        Error::Invalid(vec![Diagnostic {
            pointer: format!("{root}#"),
            message: format!("cannot read the document: {why}"),
        }])
    })?;
    let value = parse_text(&text)?;
    if !bundle::has_external_references(&value) {
        return Ok(LoadedFiles {
            loaded: load_with(value, || parse_text(&text))?,
            sources: vec![root.to_owned()],
            origins: Origins::default(),
        });
    }
    drop(text);
    let bundled = bundle::bundle(value, root, read, allow_outside)?;
    let origins = bundled.origins;
    let again = bundled.value.clone();
    let mut loaded =
        load_with(bundled.value, move || Ok(again)).map_err(|error| origins.locate_error(error))?;
    // What bundling left out comes first: it was left out before the document was read.
    loaded.warnings.splice(0..0, bundled.warnings);
    Ok(LoadedFiles {
        loaded,
        sources: bundled.sources,
        origins,
    })
}

/// The text without a byte-order mark, when it is JSON (its first non-blank character is
/// `{`).
fn json_text(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.trim_start().starts_with('{').then_some(text)
}

/// JSON text parsed on every thread ([`json_parts`]), or whole when it does not split
/// (which also locates a syntax error).
fn parse_json(json: &str) -> Result<Value, Error> {
    json_parts::parse(json).map_or_else(|| parse_json_whole(json), Ok)
}

/// JSON text parsed at once: a syntax error is reported at its line and column.
fn parse_json_whole(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        format: "JSON",
        line: e.line(),
        column: e.column(),
        message: strip_location_suffix(&e.to_string()),
    })
}

/// Normalises and reads a document already parsed into a JSON value.
pub fn load_value(value: Value) -> Result<Loaded, Error> {
    let again = value.clone();
    load_with(value, move || Ok(again))
}

/// Normalises `value` and reads it the fast way ([`read_whole`], which consumes it);
/// when a part does not read, starts again from `again()` (the same document) and reads
/// it the located, repairing way.
fn load_with(value: Value, again: impl FnOnce() -> Result<Value, Error>) -> Result<Loaded, Error> {
    let mut diagnostics = Diagnostics::default();
    let (source_version, value) = normalize(value, &mut diagnostics)?;
    let (document, paths, schemas) = match read_whole(value, by_parts::PATHS_KEPT_AS_JSON_ABOVE) {
        Some(read) => read,
        None => {
            diagnostics = Diagnostics::default();
            let (_, mut value) = normalize(again()?, &mut diagnostics)?;
            let mut document = read_located(&mut value, &mut diagnostics)?;
            let paths = paths::take_paths(&mut document);
            (document, paths, schemas::ComponentSchemas::default())
        }
    };
    let warnings = diagnostics.into_result()?;
    Ok(Loaded {
        document,
        paths,
        schemas,
        warnings,
        source_version,
    })
}

/// Rewrites a document of any supported version into an OpenAPI 3.0 value, with every
/// reference resolvable in place.
fn normalize(
    mut value: Value,
    diagnostics: &mut Diagnostics,
) -> Result<(SourceVersion, Value), Error> {
    let source_version = detect_version(&value)?;
    value = match source_version {
        SourceVersion::Swagger2 => {
            // Published 2.0 documents make the same schema mistakes (`required: true` on
            // a property, JSON Schema keywords 3.0 lacks) once converted.
            let mut converted = swagger2::convert(value, diagnostics)?;
            lenient::fix_common_mistakes(&mut converted, diagnostics);
            converted
        }
        SourceVersion::OpenApi31 => openapi31::normalize(value, diagnostics)?,
        SourceVersion::OpenApi30 => {
            lenient::fix_common_mistakes(&mut value, diagnostics);
            value
        }
    };
    refs::normalize_references(&mut value, diagnostics);
    Ok((source_version, value))
}

/// YAML or JSON text -> a JSON value. YAML keys that are numbers or booleans (`200:`)
/// become strings, merge keys (`<<:`) are applied, and tags are dropped.
pub fn parse_text(text: &str) -> Result<Value, Error> {
    if let Some(json) = json_text(text) {
        return parse_json(json);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut yaml = serde_yaml::from_str::<YamlValue>(text)
        .map(|value| value.0)
        .map_err(|e| {
            let location = e.location();
            Error::Syntax {
                format: "YAML",
                line: location.as_ref().map_or(0, serde_yaml::Location::line),
                column: location.as_ref().map_or(0, serde_yaml::Location::column),
                message: strip_location_suffix(&e.to_string()),
            }
        })?;
    yaml.apply_merge().map_err(|e| Error::Syntax {
        format: "YAML",
        line: 0,
        column: 0,
        message: strip_location_suffix(&e.to_string()),
    })?;
    Ok(yaml_to_json(yaml))
}

/// A YAML value read as `serde_yaml::Value` reads it, except that an integer beyond 64
/// bits (which serde_yaml hands over as `u128` or `i128`, and its own `Value` refuses) is
/// a float, as serde_json reads such a number in JSON; a tag is dropped (as
/// [`yaml_to_json`] drops it anyway).
struct YamlValue(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for YamlValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(YamlValue)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(number.into()))
    }

    // Beyond 64 bits: the nearest float, as serde_json (without arbitrary precision)
    // reads the same digits in JSON.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E>(self, number: i128) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number((number as f64).into()))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E>(self, number: u128) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number((number as f64).into()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(number.into()))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(text))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut items: A,
    ) -> Result<Self::Value, A::Error> {
        let mut sequence = Vec::new();
        while let Some(YamlValue(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(serde_yaml::Value::Sequence(sequence))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut entries: A,
    ) -> Result<Self::Value, A::Error> {
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(YamlValue(key)) = entries.next_key()? {
            if mapping.contains_key(&key) {
                let key = serde_json::to_string(&yaml_to_json(key)).unwrap_or_default();
                return Err(serde::de::Error::custom(format!(
                    "duplicate entry with key {key}"
                )));
            }
            let YamlValue(value) = entries.next_value()?;
            mapping.insert(key, value);
        }
        Ok(serde_yaml::Value::Mapping(mapping))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, tagged: A) -> Result<Self::Value, A::Error> {
        use serde::de::VariantAccess as _;
        let (_tag, contents) = tagged.variant::<serde::de::IgnoredAny>()?;
        contents.newtype_variant::<YamlValue>().map(|value| value.0)
    }
}

fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(flag) => Value::Bool(flag),
        serde_yaml::Value::Number(number) => yaml_number(&number),
        serde_yaml::Value::String(text) => Value::String(text),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (yaml_key(key), yaml_to_json(value)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_number(number: &serde_yaml::Number) -> Value {
    if let Some(value) = number.as_u64() {
        Value::from(value)
    } else if let Some(value) = number.as_i64() {
        Value::from(value)
    } else {
        // NaN and infinities have no JSON form; keep them as text.
        number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(number.to_string()), Value::Number)
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(text) => text,
        serde_yaml::Value::Null => "null".to_owned(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        serde_yaml::Value::Number(number) => number.to_string(),
        other => serde_json::to_string(&yaml_to_json(other)).unwrap_or_default(),
    }
}

/// The two fields that say which specification a document follows.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    openapi: Option<Value>,
    #[serde(default)]
    swagger: Option<Value>,
}

/// A version written as a string or as a YAML number (`openapi: 3.0`).
fn version_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn detect_version(value: &Value) -> Result<SourceVersion, Error> {
    if !value.is_object() {
        return Err(Error::Shape {
            pointer: "#".to_owned(),
            message: "the document must be a mapping (a JSON object), not a single value or a list"
                .to_owned(),
        });
    }
    let probe = VersionProbe::deserialize(value).map_err(|e| Error::Shape {
        pointer: "#".to_owned(),
        message: e.to_string(),
    })?;
    let openapi = version_text(probe.openapi.as_ref());
    let swagger = version_text(probe.swagger.as_ref());
    match (openapi.as_deref(), swagger.as_deref()) {
        (Some(version), _) if version == "3" || version.starts_with("3.0") => {
            Ok(SourceVersion::OpenApi30)
        }
        (Some(version), _) if version.starts_with("3.") => Ok(SourceVersion::OpenApi31),
        (Some(version), _) => Err(Error::UnsupportedVersion {
            pointer: "#/openapi".to_owned(),
            message: format!(
                "unsupported OpenAPI version `{version}`; OpenAPI 3.x and Swagger 2.0 are supported"
            ),
        }),
        (None, Some(version)) if version == "2" || version.starts_with("2.") => {
            Ok(SourceVersion::Swagger2)
        }
        (None, Some(version)) => Err(Error::UnsupportedVersion {
            pointer: "#/swagger".to_owned(),
            message: format!(
                "unsupported Swagger version `{version}`; OpenAPI 3.x and Swagger 2.0 are supported"
            ),
        }),
        (None, None) => Err(Error::UnsupportedVersion {
            pointer: "#".to_owned(),
            message: "no `openapi` or `swagger` field: not an OpenAPI document (expected `openapi: 3.x.y` or `swagger: \"2.0\"`)"
                .to_owned(),
        }),
    }
}

/// How many parts of a document may be replaced or left out before it is refused.
const MAX_REPAIRS: usize = 10_000;

/// Reads the normalised value into the typed model. A schema that does not have a 3.0
/// shape becomes `{}` (any JSON); a parameter, response or operation that does not is
/// left out; each with a warning. Anything else is refused with the pointer of the
/// problem.
fn read_located(
    value: &mut Value,
    diagnostics: &mut Diagnostics,
) -> Result<openapiv3::OpenAPI, Error> {
    let mut schema_pointers: Option<Vec<String>> = None;
    for _ in 0..MAX_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*value) {
            Ok(document) => return Ok(document),
            Err(error) => error,
        };
        let reported_at = json_pointer(error.path());
        let message = strip_location_suffix(&error.into_inner().to_string());
        let schemas = schema_pointers.get_or_insert_with(|| all_schema_pointers(value));
        // Untagged enums (`$ref` or inline) hide where inside them a problem is: find the
        // innermost part that does not read on its own.
        let at = narrow(value, &reported_at, schemas);
        if let Some(schema_at) = innermost_containing(schemas, &at) {
            let schema_at = schema_at.to_owned();
            if repair_schemas(value, &schema_at, diagnostics) {
                continue;
            }
        }
        if let Some(part_at) = droppable_part(&at) {
            let detail = value
                .pointer(&at[1..])
                .and_then(|node| probe(&at, node, schemas))
                .unwrap_or_else(|| message.clone());
            if remove_at(value, &part_at) {
                diagnostics.warn(
                    part_at.clone(),
                    format!("left out: it does not have the shape OpenAPI 3.0 gives it ({detail})"),
                );
                schema_pointers = None;
                continue;
            }
        }
        return Err(Error::Shape {
            pointer: at,
            message,
        });
    }
    Err(Error::Shape {
        pointer: "#".to_owned(),
        message: format!("more than {MAX_REPAIRS} parts of the document are malformed"),
    })
}

/// The innermost part below `at` that does not read as what it is on its own (a path
/// item, an operation, a parameter, a response, a media type, a schema), or `at`.
fn narrow(value: &Value, at: &str, schemas: &[String]) -> String {
    let mut current = at.to_owned();
    'descend: loop {
        let Some(node) = node_at(value, &current) else {
            return current;
        };
        let children: Vec<(String, &Value)> = match node {
            Value::Object(map) => map.iter().map(|(k, v)| (pointer(&current, k), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (pointer(&current, &i.to_string()), v))
                .collect(),
            _ => return current,
        };
        for (child_at, child) in children {
            if probe(&child_at, child, schemas).is_some() {
                current = child_at;
                continue 'descend;
            }
        }
        return current;
    }
}

fn node_at<'v>(value: &'v Value, at: &str) -> Option<&'v Value> {
    crate::pointer::node_at(value, &crate::pointer::tokens(at)?)
}

/// Reads the part at `at` as the type the specification gives that place, if it is one
/// this stage knows; the reason it does not read, or `None` when it does (or when the
/// place holds nothing typed on its own).
fn probe(at: &str, node: &Value, schemas: &[String]) -> Option<String> {
    fn check<'de, T: Deserialize<'de>>(node: &'de Value) -> Option<String> {
        T::deserialize(node)
            .err()
            .map(|e| strip_location_suffix(&e.to_string()))
    }
    use openapiv3::ReferenceOr as R;
    if schemas.iter().any(|s| s == at) {
        return check::<R<openapiv3::Schema>>(node);
    }
    let tokens: Vec<&str> = at.strip_prefix("#/")?.split('/').collect();
    let is_method = |m: &str| walk::METHODS.contains(&m);
    match tokens.as_slice() {
        ["paths", _] => check::<R<openapiv3::PathItem>>(node),
        ["paths", _, "parameters", _] | ["paths", _, _, "parameters", _] => {
            check::<R<openapiv3::Parameter>>(node)
        }
        ["paths", _, m] if is_method(m) => check::<openapiv3::Operation>(node),
        ["paths", _, m, "responses"] if is_method(m) => check::<openapiv3::Responses>(node),
        ["paths", _, m, "responses", _] if is_method(m) => check::<R<openapiv3::Response>>(node),
        ["paths", _, m, "requestBody"] if is_method(m) => check::<R<openapiv3::RequestBody>>(node),
        [.., "content", _] => check::<openapiv3::MediaType>(node),
        ["components", table, _] => match Table::from_key(table)? {
            Table::Parameters => check::<R<openapiv3::Parameter>>(node),
            Table::Responses => check::<R<openapiv3::Response>>(node),
            Table::RequestBodies => check::<R<openapiv3::RequestBody>>(node),
            Table::Headers => check::<R<openapiv3::Header>>(node),
            Table::SecuritySchemes => check::<R<openapiv3::SecurityScheme>>(node),
            _ => None,
        },
        _ => None,
    }
}

/// Every schema's pointer, parents before children.
fn all_schema_pointers(value: &mut Value) -> Vec<String> {
    let mut out = Vec::new();
    walk::for_each_schema(value, &mut |_, at| out.push(at.to_owned()));
    out
}

/// The longest of `pointers` that is `at` or an ancestor of it.
fn innermost_containing<'p>(pointers: &'p [String], at: &str) -> Option<&'p str> {
    pointers
        .iter()
        .filter(|p| {
            at == p.as_str()
                || at
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|p| p.len())
        .map(String::as_str)
}

/// Replaces every schema under `at` (itself included) that does not read as a 3.0
/// schema, innermost first, with `{}`. Returns whether anything was replaced.
fn repair_schemas(value: &mut Value, at: &str, diagnostics: &mut Diagnostics) -> bool {
    let Some(schema) = value.pointer_mut(&at[1..]) else {
        return false;
    };
    let mut inside = Vec::new();
    walk::walk_schema(schema, at, &mut |_, p| inside.push(p.to_owned()));
    let mut repaired = false;
    // Reversed pre-order puts every schema after all of its descendants.
    for schema_at in inside.iter().rev() {
        let Some(node) = value.pointer_mut(&schema_at[1..]) else {
            continue;
        };
        if let Err(error) = openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(&*node) {
            *node = Value::Object(serde_json::Map::new());
            diagnostics.warn(
                schema_at.clone(),
                format!(
                    "this schema does not have an OpenAPI 3.0 shape ({}); it is read as any JSON value",
                    strip_location_suffix(&error.to_string())
                ),
            );
            repaired = true;
        }
    }
    repaired
}

/// The parameter, response or operation that holds `at`, if any.
fn droppable_part(at: &str) -> Option<String> {
    let tokens: Vec<&str> = at.strip_prefix("#/")?.split('/').collect();
    let keep = match tokens.as_slice() {
        ["paths", _, "parameters", _, ..] => 4,
        ["paths", _, method, "parameters" | "responses", _, ..]
            if walk::METHODS.contains(method) =>
        {
            5
        }
        ["paths", _, method, ..] if walk::METHODS.contains(method) => 3,
        _ => return None,
    };
    Some(format!("#/{}", tokens[..keep].join("/")))
}

/// Removes the element at a pointer from its parent object or array.
fn remove_at(value: &mut Value, at: &str) -> bool {
    let Some(mut tokens) = crate::pointer::tokens(at) else {
        return false;
    };
    let Some(key) = tokens.pop() else {
        return false;
    };
    match crate::pointer::node_at_mut(value, &tokens) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(index) if index < items.len() => {
                items.remove(index);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Turns serde's path into a JSON pointer.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::from("#");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => out = pointer(&out, key),
            serde_path_to_error::Segment::Seq { index } => out = pointer(&out, &index.to_string()),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

/// The parsers write " at line X column Y" into their messages (serde_yaml even twice);
/// the location is reported separately, so drop every such phrase from the message.
fn strip_location_suffix(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        out.push_str(&rest[..index]);
        let after =
            rest[index + " at line ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        let after = after.strip_prefix(',').unwrap_or(after);
        rest = match after.strip_prefix(" column ") {
            Some(column) => column.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => after,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document at hand (the fixtures and the vendored corpus), normalised.
    fn normalised_documents() -> Vec<(std::path::PathBuf, Value)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut documents = Vec::new();
        for folder in ["fixtures/ok", "../tests/corpus/docs"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "json")
                })
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let value = parse_text(&text).unwrap();
                let (_, value) = normalize(value, &mut Diagnostics::default()).unwrap();
                documents.push((path, value));
            }
        }
        documents
    }

    type Read = (openapiv3::OpenAPI, paths::Paths, schemas::ComponentSchemas);

    #[test]
    fn reading_by_parts_gives_what_reading_the_whole_value_gives() {
        let documents = normalised_documents();
        assert!(documents.len() > 50, "{} documents", documents.len());
        let mut read_by_parts = 0;
        for (path, value) in &documents {
            // Both with their path items taken out as the later stages read them.
            let whole = openapiv3::OpenAPI::deserialize(value)
                .ok()
                .map(|mut document| {
                    let paths = paths::take_paths(&mut document);
                    (document, paths, schemas::ComponentSchemas::default())
                });
            // Path items and component schemas kept as JSON are compared as they read.
            let read = |(mut document, paths, schemas): Read| {
                let paths: Vec<_> = paths.into_read().collect();
                schemas::put_back(&mut document, schemas);
                (document, paths)
            };
            let whole = whole.map(read);
            let parts = read_whole(value.clone(), usize::MAX).map(read);
            assert_eq!(parts.is_some(), whole.is_some(), "{}", path.display());
            // Path items kept as JSON text read the same.
            let as_json = read_whole(value.clone(), 0).map(read);
            assert!(
                as_json == whole,
                "{} reads differently from JSON",
                path.display()
            );
            assert!(
                parts == whole,
                "{} reads differently by parts",
                path.display()
            );
            read_by_parts += usize::from(parts.is_some());
        }
        // The fast way is the common way, not one that always gives up.
        assert!(read_by_parts * 10 >= documents.len() * 9, "{read_by_parts}");
    }

    #[test]
    fn path_items_and_component_schemas_are_kept_as_json_text_only_above_the_limit() {
        let value = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {"204": {"description": "none"}}}},
                "/b": {"get": {"operationId": "b", "responses": {"204": {"description": "none"}}}},
            },
            "components": {"schemas": {"A": {"type": "string"}, "B": {"$ref": "#/components/schemas/A"}}},
        });
        let (typed_document, typed, no_schemas) = read_whole(value.clone(), 2).expect("reads");
        assert_eq!(typed.kept_as_json(), 0);
        assert!(no_schemas.is_empty());
        let (json_document, json, schemas) = read_whole(value, 1).expect("reads");
        assert_eq!(json.kept_as_json(), 2);
        assert!(
            json_document
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.is_empty())
        );
        let read = |paths: paths::Paths| paths.into_read().collect::<Vec<_>>();
        assert_eq!(read(json), read(typed));
        let typed_schemas = &typed_document
            .components
            .as_ref()
            .expect("components")
            .schemas;
        // A lookup reads a schema once and keeps it; a walk lends it from then on.
        assert_eq!(schemas.get("B"), typed_schemas.get("B"));
        let walked: Vec<_> = schemas
            .iter()
            .map(|(name, schema)| (name.to_owned(), schema.map(std::borrow::Cow::into_owned)))
            .collect();
        let expected: Vec<_> = typed_schemas
            .iter()
            .map(|(name, schema)| (name.clone(), Some(schema.clone())))
            .collect();
        assert_eq!(walked, expected);
        assert_eq!(
            schemas.into_read().collect::<indexmap::IndexMap<_, _>>(),
            *typed_schemas
        );
    }

    #[test]
    fn a_part_that_does_not_read_leaves_reading_to_the_located_way() {
        let value = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": 5}},
        });
        assert!(openapiv3::OpenAPI::deserialize(&value).is_err());
        assert!(read_whole(value.clone(), 0).is_none());
        // The located way leaves the operation out, and says where.
        let loaded = load_value(value).unwrap();
        assert!(loaded.paths.contains_key("/a"));
        let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1a/get"]);
    }

    #[test]
    fn locations_are_dropped_from_parser_messages() {
        assert_eq!(
            strip_location_suffix(
                "did not find ']' at line 4 column 10, while parsing at line 3 column 9"
            ),
            "did not find ']', while parsing"
        );
        assert_eq!(
            strip_location_suffix("key must be a string at line 4 column 13"),
            "key must be a string"
        );
        assert_eq!(strip_location_suffix("no location"), "no location");
    }

    #[test]
    fn yaml_keys_become_strings_and_merge_keys_apply() {
        let value = parse_text(
            "openapi: 3.0.3\nbase: &base {a: 1}\nmerged:\n  <<: *base\n  b: 2\nresponses:\n  200: ok\n  true: yes\n",
        )
        .expect("parses");
        assert_eq!(value["merged"], serde_json::json!({"a": 1, "b": 2}));
        assert_eq!(value["responses"]["200"], "ok");
        assert_eq!(value["responses"]["true"], "yes");
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_read_as_json_reads_them() {
        for number in [
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "18446744073709551616",
            "-9223372036854775809",
        ] {
            let json = parse_text(&format!("{{\"maximum\": {number}}}")).expect("JSON parses");
            let yaml = parse_text(&format!("maximum: {number}\n")).expect("YAML parses");
            assert_eq!(yaml, json, "{number}");
            assert!(yaml["maximum"].is_f64(), "{number}: {yaml}");
        }
        // Within 64 bits they stay integers; other numbers and words are untouched.
        let yaml = parse_text(
            "a: 18446744073709551615\nb: -9223372036854775808\nc: 1.5e300\nd: 0x1F\ne: 12ab\nf: .inf\n",
        )
        .expect("parses");
        assert_eq!(yaml["a"], serde_json::json!(18_446_744_073_709_551_615_u64));
        assert_eq!(yaml["b"], serde_json::json!(i64::MIN));
        assert_eq!(yaml["c"], serde_json::json!(1.5e300));
        assert_eq!(yaml["d"], serde_json::json!(31));
        assert_eq!(yaml["e"], "12ab");
        assert_eq!(yaml["f"], ".inf");
        // Tags are dropped, duplicate keys refused, as before.
        let tagged = parse_text("a: !custom 5\nb: !!str 6\n").expect("parses");
        assert_eq!(tagged, serde_json::json!({"a": 5, "b": "6"}));
        let duplicate = parse_text("a: 1\na: 2\n").expect_err("a duplicate key");
        assert!(
            duplicate.to_string().contains("duplicate entry"),
            "{duplicate}"
        );
        // A whole document with such a bound loads as its JSON twin does.
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big: {type: integer, maximum: 123456789012345678901234567890}\n";
        load_document(yaml).expect("the YAML document loads");
    }

    #[test]
    fn a_malformed_schema_becomes_any_json_with_a_warning() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        good: {type: string}\n        bad: {type: string, required: true}\n";
        let loaded = load_document(text).expect("loads");
        let schemas = &loaded.document.components.expect("components").schemas;
        assert!(schemas.contains_key("A"));
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(
            loaded.warnings[0].pointer,
            "#/components/schemas/A/properties/bad"
        );
    }

    #[test]
    fn a_malformed_operation_is_left_out_with_a_warning() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n    post:\n      responses: 7\n";
        let loaded = load_document(text).expect("loads");
        let item = loaded.paths.get("/a").expect("path").expect("reads");
        let openapiv3::ReferenceOr::Item(item) = item.as_ref() else {
            panic!("inline path item")
        };
        let methods: Vec<&str> = item.iter().map(|(method, _)| method).collect();
        assert_eq!(methods, ["get"]);
        assert_eq!(loaded.warnings[0].pointer, "#/paths/~1a/post");
    }

    #[test]
    fn what_is_not_a_document_is_refused() {
        assert!(matches!(
            load_document("- a\n- b\n"),
            Err(Error::Shape { .. })
        ));
        assert!(matches!(
            load_document("openapi: 4.0.0\n"),
            Err(Error::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            load_document("title: x\n"),
            Err(Error::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            load_document("{\"openapi\": "),
            Err(Error::Syntax { format: "JSON", .. })
        ));
    }
}
