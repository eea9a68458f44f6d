//! Parameters -> arguments: path parameters become positional arguments, query, header
//! and cookie parameters fields of the operation's params struct, and headers marked
//! `x-client-setting` settings of the client. Each keeps its OpenAPI style and
//! `explode`; the runtime writes the value by those rules. A parameter of any schema is
//! accepted: shapes that no style can write exactly are written by a documented fallback
//! (JSON text inside lists and objects, the bracket convention inside deep objects), with
//! a warning.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr};

use crate::load::paths::PathEntry;

use super::Lowerer;
use super::operations::{CLIENT_SETTING_EXTENSION, SortedParams};
use super::schemas::{Hint, SchemaView};
use crate::error::pointer;
use crate::ir::{
    ApiKeyLocation, Auth, Bounds, ClientHeader, ClientHeaderId, Param, ParamLocation, ParamStyle,
    SchemeKind, StructDef, TypeId, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// Names of the generated method's own locals and arguments: a parameter never takes
/// one (it gets a suffix), so no local shadows an argument.
const RESERVED_ARGUMENT_NAMES: &[&str] = &[
    "self", "client", "body", "params", "options", "url", "request", "response", "call", "cookies",
    "value",
];

/// The argument and field names of one operation.
pub(crate) struct ParamNames(Namespace);

impl ParamNames {
    pub(crate) fn new() -> Self {
        ParamNames(Namespace::with_reserved(RESERVED_ARGUMENT_NAMES))
    }

    /// A unique snake-case name for the wire name `wire`.
    pub(crate) fn claim(&mut self, wire: &str) -> String {
        self.0.claim(&naming::snake_name(wire))
    }
}

/// A piece of a path template.
pub(crate) enum TemplatePart {
    Literal(String),
    Variable(String),
}

impl TemplatePart {
    pub(crate) fn variable(&self) -> Option<&str> {
        match self {
            TemplatePart::Variable(name) => Some(name),
            TemplatePart::Literal(_) => None,
        }
    }

    pub(crate) fn text(&self) -> &str {
        match self {
            TemplatePart::Variable(text) | TemplatePart::Literal(text) => text,
        }
    }
}

/// Splits `/users/{id}` into literal text and variables.
pub(crate) fn template_variables(path: &str) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(TemplatePart::Literal(rest[..start].to_owned()));
        }
        parts.push(TemplatePart::Variable(
            rest[start + 1..start + length].to_owned(),
        ));
        rest = &rest[start + length + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    parts
}

/// A parameter after resolving references, with its place and style.
/// The headers that frame an HTTP/1.1 request or its connection (RFC 9110 and 9112): the
/// HTTP client writes them, and a caller's value would break the request.
const FRAMING_HEADERS: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
];

/// The credentials an operation's security sends, in any of its alternatives.
#[derive(Default)]
struct SentCredentials {
    /// Whether one of them is an `Authorization` header.
    authorization: bool,
    /// Where its API keys go.
    keys: Vec<(ApiKeyLocation, String)>,
}

struct ResolvedParam<'d> {
    data: &'d ParameterData,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
    allow_reserved: bool,
    /// A query parameter's `allowEmptyValue`.
    allow_empty: bool,
    at: String,
}

/// What a value of a type looks like to a parameter style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ValueShape {
    Scalar,
    ListOfScalars,
    FlatObject,
    /// Arrays or objects inside arrays or objects, or any JSON.
    Nested,
}

impl<'d> Lowerer<'d> {
    /// Every parameter of an operation (path-item parameters merged in), lowered and
    /// sorted by where it goes.
    pub(crate) fn lower_parameters(
        &mut self,
        item: &'d PathEntry,
        operation: &'d openapiv3::Operation,
        at: &str,
        type_prefix: &str,
        names: &mut ParamNames,
    ) -> SortedParams {
        let mut sorted = SortedParams::default();
        let sent = self.credentials_sent(operation);
        for resolved in self.merge_parameters(item, operation, at) {
            if resolved.location == ParamLocation::Header
                && resolved.data.name.eq_ignore_ascii_case("content-type")
            {
                let values = match &resolved.data.format {
                    ParameterSchemaOrContent::Schema(schema) => self
                        .schema_of(schema)
                        .map(string_values)
                        .unwrap_or_default(),
                    ParameterSchemaOrContent::Content(_) => Vec::new(),
                };
                sorted.content_type = Some((resolved.at.clone(), values));
            }
            if self.is_client_wide(&resolved, &sent) {
                if let Some(id) = self.client_header_id(resolved.data) {
                    sorted.client_headers.push(id);
                }
                continue;
            }
            let param = self.lower_param(&resolved, type_prefix, names);
            match param.location {
                ParamLocation::Path => sorted.path.push(param),
                _ => sorted.fields.push(param),
            }
        }
        sorted
    }

    /// The credentials the operation's security sends, in any of its alternatives: an
    /// `Authorization` header, and where its API keys go (`location`, name). A parameter
    /// there is the credential, not an argument. A key of a scheme the operation does not
    /// name is not sent by it (Apideck's `x-apideck-app-id` is a scheme's header and,
    /// where only the other scheme applies, a required parameter): such a parameter stays
    /// an argument.
    fn credentials_sent(&self, operation: &openapiv3::Operation) -> SentCredentials {
        let requirements = self.security_requirements(operation);
        let named = |scheme: &str| requirements.iter().any(|r| r.contains_key(scheme));
        let any = requirements.iter().any(|r| !r.is_empty());
        // One scheme for the whole client is sent wherever the operation asks for any.
        let kinds: Vec<SchemeKind> = match &self.auth {
            Auth::Basic if any => vec![SchemeKind::Basic],
            Auth::Bearer if any => vec![SchemeKind::Bearer],
            Auth::ApiKey { location, name } if any => vec![SchemeKind::ApiKey {
                location: *location,
                name: name.clone(),
            }],
            Auth::Schemes(schemes) => schemes
                .iter()
                .filter(|scheme| named(&scheme.name))
                .map(|scheme| scheme.kind.clone())
                .collect(),
            _ => Vec::new(),
        };
        let mut sent = SentCredentials::default();
        for kind in kinds {
            match kind {
                SchemeKind::Basic | SchemeKind::Bearer => sent.authorization = true,
                SchemeKind::ApiKey { location, name } => {
                    if location == ApiKeyLocation::Header
                        && name.eq_ignore_ascii_case("authorization")
                    {
                        sent.authorization = true;
                    }
                    sent.keys.push((location, name));
                }
            }
        }
        sent
    }

    /// Parameters that are not arguments: credentials (`Authorization`, the API key the
    /// operation's security sends: `sent`), what OpenAPI says to ignore (`Accept`,
    /// `Content-Type` headers), the headers that frame the request, and client settings.
    fn is_client_wide(&mut self, resolved: &ResolvedParam<'d>, sent: &SentCredentials) -> bool {
        let name = resolved.data.name.as_str();
        let header = resolved.location == ParamLocation::Header;
        let is = |names: &[&str]| names.iter().any(|n| name.eq_ignore_ascii_case(n));
        if header && is(&["accept", "content-type"]) {
            return true;
        }
        if header && is(&["authorization"]) {
            if sent.authorization {
                return true;
            }
            // OpenAPI says to ignore it, and that credentials are the security schemes'.
            // Where no scheme of the operation's security sends `Authorization`
            // (brandlovers declares its key scheme and names it nowhere), ignoring it would
            // leave every call without credentials: it stays an argument.
            self.diagnostics.warn(
                resolved.at.clone(),
                "an `Authorization` header parameter, which OpenAPI says to ignore, where the operation's security sends no `Authorization`: it is an argument, sent as given (name a security scheme in the operation's `security` to make it a credential)",
            );
            return false;
        }
        // Vercel's `POST /v2/files` has a `Content-Length` parameter and no body: sent as
        // given, it would tell the server to wait for bytes that never come.
        if header && is(FRAMING_HEADERS) {
            self.diagnostics.warn(
                resolved.at.clone(),
                format!(
                    "the header `{name}` frames the HTTP request, which the HTTP client writes \
                     from what it sends: the parameter is left out"
                ),
            );
            return true;
        }
        for (location, key_name) in &sent.keys {
            let same_place = matches!(
                (location, resolved.location),
                (ApiKeyLocation::Header, ParamLocation::Header)
                    | (ApiKeyLocation::Query, ParamLocation::Query)
                    | (ApiKeyLocation::Cookie, ParamLocation::Cookie)
            );
            let same_name = if resolved.location == ParamLocation::Header {
                name.eq_ignore_ascii_case(key_name)
            } else {
                name == key_name
            };
            if same_place && same_name {
                return true;
            }
        }
        resolved.location == ParamLocation::Header && self.client_header_id(resolved.data).is_some()
    }

    /// One parameter as an argument or field.
    fn lower_param(
        &mut self,
        resolved: &ResolvedParam<'d>,
        type_prefix: &str,
        names: &mut ParamNames,
    ) -> Param {
        let data = resolved.data;
        let hint = Hint::new(format!("{type_prefix}{}", naming::type_name(&data.name)));
        let (ty, as_json, bounds, doc) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_at = pointer(&resolved.at, "schema");
                let ty = self.lower_schema(SchemaView::of(schema), &schema_at, &hint);
                // Bounds are checked before sending for integer arguments only.
                let target = self.schema_of(schema);
                let bounds = target
                    .and_then(integer_bounds)
                    .filter(|_| matches!(ty, TypeRef::I32 | TypeRef::I64));
                if target.is_some_and(only_the_empty_string) {
                    self.warn_only_empty(resolved, data.required);
                }
                if let Some(kind) = target.and_then(|s| self.overlapping_text(s)) {
                    self.diagnostics.warn(
                        schema_at.clone(),
                        format!(
                            "on the wire a parameter is text, and the text of every {kind} \
                             value is a `string` too: such values match two members of this \
                             `oneOf`, which a server that checks `oneOf` strictly refuses"
                        ),
                    );
                }
                (ty, false, bounds, data.description.clone())
            }
            ParameterSchemaOrContent::Content(content) => {
                self.lower_content_param(resolved, content, &hint)
            }
        };
        let mut required = data.required;
        if resolved.location == ParamLocation::Path && !required {
            self.diagnostics.warn(
                resolved.at.clone(),
                "a path parameter is always required (OpenAPI says so); `required: false` is ignored",
            );
            required = true;
        }
        if !as_json {
            self.warn_about_shape(resolved, &ty);
        }
        Param {
            rust_name: names.claim(&data.name),
            wire_name: data.name.clone(),
            doc,
            ty,
            required,
            deprecated: data.deprecated.unwrap_or(false),
            location: resolved.location,
            style: resolved.style,
            explode: resolved.explode,
            as_json,
            allow_reserved: resolved.allow_reserved,
            bounds,
        }
    }

    /// The kind (`integer`, `number`, `boolean`) of a `oneOf` member whose values' text a
    /// plain `string` member of the same `oneOf` also accepts (Directus's ids: `oneOf:
    /// [integer, string]`).
    fn overlapping_text(&self, schema: &'d openapiv3::Schema) -> Option<&'static str> {
        let openapiv3::SchemaKind::OneOf { one_of } = &schema.schema_kind else {
            return None;
        };
        let members: Vec<&openapiv3::Schema> = one_of
            .iter()
            .filter_map(|member| self.schema_of(member))
            .collect();
        let plain_string = members.iter().any(|member| {
            matches!(
                &member.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
                    if string.enumeration.is_empty()
                        && string.pattern.is_none()
                        && matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Empty)
            )
        });
        if !plain_string {
            return None;
        }
        members.iter().find_map(|member| match &member.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_)) => Some("`integer`"),
            openapiv3::SchemaKind::Type(openapiv3::Type::Number(_)) => Some("`number`"),
            openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_)) => Some("`boolean`"),
            _ => None,
        })
    }

    /// A parameter whose one value is `""` (AutoRest's `enum: [""]` test parameters): no
    /// path segment can be empty (the client refuses the call: an empty segment changes
    /// the path), and a required query or header value may not be empty unless
    /// `allowEmptyValue` says so (a server reads `name=` as absent).
    fn warn_only_empty(&mut self, resolved: &ResolvedParam<'d>, required: bool) {
        let message = match resolved.location {
            ParamLocation::Path => {
                "the parameter's one value is the empty string, and no path segment can be \
                 empty: the client refuses every call with `InvalidArgument`"
            }
            ParamLocation::Query if !required || resolved.allow_empty => {
                return;
            }
            _ => {
                "the parameter's one value is the empty string, which is sent as no value \
                 (`name=`): OpenAPI allows an empty value only with `allowEmptyValue`, and \
                 servers may read it as absent"
            }
        };
        self.diagnostics.warn(resolved.at.clone(), message);
    }

    /// A parameter given by `content` (a value serialized as a media type): JSON media
    /// types are sent as the value's JSON text; others as the text the caller passes.
    fn lower_content_param(
        &mut self,
        resolved: &ResolvedParam<'d>,
        content: &'d indexmap::IndexMap<String, openapiv3::MediaType>,
        hint: &Hint,
    ) -> (TypeRef, bool, Option<Bounds>, Option<String>) {
        let data = resolved.data;
        let content_at = pointer(&resolved.at, "content");
        let Some((media, media_type)) = content.iter().next() else {
            self.diagnostics.warn(
                content_at,
                "`content` names no media type: the parameter is sent as the text the caller passes",
            );
            return (TypeRef::String, false, None, data.description.clone());
        };
        let json = super::media::is_json(media);
        let ty = match (&media_type.schema, json) {
            (Some(schema), true) => {
                let schema_at = pointer(&pointer(&content_at, media), "schema");
                self.lower_schema(SchemaView::of(schema), &schema_at, hint)
            }
            (None, true) => TypeRef::Json,
            (_, false) => TypeRef::String,
        };
        let mut doc = data.description.clone().unwrap_or_default();
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&if json {
            format!("Sent as `{media}` text.")
        } else {
            format!("Sent as `{media}`: pass the serialized text.")
        });
        (ty, json, None, Some(doc))
    }

    /// Warns when the style has no exact rule for values of `ty`.
    fn warn_about_shape(&mut self, resolved: &ResolvedParam<'d>, ty: &TypeRef) {
        self.warn_about_style_shape(resolved.style, pointer(&resolved.at, "schema"), ty);
    }

    /// Warns at `at` (a schema) when `style` has no exact rule for values of `ty`: a
    /// parameter's, or a property's of a form body.
    pub(crate) fn warn_about_style_shape(&mut self, style: ParamStyle, at: String, ty: &TypeRef) {
        let shape = self.value_shape(ty);
        let message = match (style, shape) {
            (ParamStyle::DeepObject, ValueShape::Scalar) => {
                "`deepObject` is defined for objects only: a single value is sent as `name=value`"
            }
            (ParamStyle::DeepObject, ValueShape::ListOfScalars) => {
                "`deepObject` is defined for objects only: an array is sent as `name[]=item` pairs (the common bracket convention)"
            }
            (ParamStyle::DeepObject, ValueShape::Nested) => {
                "OpenAPI gives no rule for arrays and objects inside a `deepObject`: they are sent as `name[key][inner]=value` and `name[key][]=item` (the common bracket convention)"
            }
            (_, ValueShape::Nested) => {
                "no OpenAPI style writes arrays or objects inside a parameter's array or object: such inner values are sent as JSON text"
            }
            _ => return,
        };
        self.diagnostics.warn(at, message);
    }

    /// What values of `ty` look like to a style (following named types). Each named type
    /// is looked at once (a parameter's type can reach a whole wide model: walking every
    /// path was exponential in its depth); one met again on the way in counts as nested.
    pub(crate) fn value_shape(&self, ty: &TypeRef) -> ValueShape {
        self.shape_of(ty, &mut BTreeMap::new())
    }

    fn shape_of(&self, ty: &TypeRef, shapes: &mut BTreeMap<TypeId, ValueShape>) -> ValueShape {
        match ty {
            TypeRef::Vec(item) if self.shape_of(item, shapes) == ValueShape::Scalar => {
                ValueShape::ListOfScalars
            }
            TypeRef::Map(value) if self.shape_of(value, shapes) == ValueShape::Scalar => {
                ValueShape::FlatObject
            }
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Bytes => {
                ValueShape::Nested
            }
            TypeRef::Nullable(inner) => self.shape_of(inner, shapes),
            TypeRef::Named(id) => {
                if let Some(known) = shapes.get(id) {
                    return *known;
                }
                shapes.insert(*id, ValueShape::Nested);
                let shape = match self.types.get(*id).map(|def| &def.kind) {
                    Some(TypeKind::Struct(StructDef { fields, additional })) => {
                        let flat = fields
                            .iter()
                            .map(|f| &f.ty)
                            .chain(additional)
                            .all(|ty| self.shape_of(ty, shapes) == ValueShape::Scalar);
                        if flat {
                            ValueShape::FlatObject
                        } else {
                            ValueShape::Nested
                        }
                    }
                    Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                        self.shape_of(inner, shapes)
                    }
                    Some(TypeKind::Union(union)) => union
                        .variants
                        .iter()
                        .map(|v| self.shape_of(&v.ty, shapes))
                        .max()
                        .unwrap_or(ValueShape::Scalar),
                    _ => ValueShape::Scalar,
                };
                shapes.insert(*id, shape);
                shape
            }
            _ => ValueShape::Scalar,
        }
    }

    /// Path-item parameters merged with the operation's, which override by name and place.
    fn merge_parameters(
        &mut self,
        item: &'d PathEntry,
        operation: &'d openapiv3::Operation,
        at: &str,
    ) -> Vec<ResolvedParam<'d>> {
        let path_at = at.rsplit_once('/').map_or("#", |(base, _)| base).to_owned();
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer(&pointer(&path_at, "parameters"), &i.to_string())))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer(&pointer(at, "parameters"), &i.to_string()))),
            )
            .collect::<Vec<_>>();
        let table = self.table("parameters", |c| &c.parameters);
        let mut merged: Vec<ResolvedParam<'d>> = Vec::new();
        for (item, item_at) in sources {
            let Some((parameter, defined_at)) = self.resolve(item, &item_at, &table) else {
                continue;
            };
            let resolved = resolved_param(parameter, defined_at);
            let same = |other: &ResolvedParam<'_>| {
                other.data.name == resolved.data.name && other.location == resolved.location
            };
            match merged.iter().position(same) {
                Some(index) => merged[index] = resolved,
                None => merged.push(resolved),
            }
        }
        merged
    }

    /// Registers every header parameter marked as a client setting before any operation
    /// is named, so that the settings' methods (`with_api_version`) claim their names
    /// first. References that do not resolve are skipped here and reported later.
    pub(crate) fn collect_client_headers(&mut self) {
        let paths = self.paths;
        for (_, item) in paths.inline_items() {
            let operation_params = item.iter().flat_map(|(_, op)| op.parameters.iter());
            for parameter in item.parameters.iter().chain(operation_params) {
                let parameter = match parameter {
                    ReferenceOr::Item(parameter) => Some(parameter),
                    ReferenceOr::Reference { reference } => {
                        let table = self.table("parameters", |c| &c.parameters);
                        self.named_quietly(reference, &table)
                    }
                };
                if let Some(Parameter::Header { parameter_data, .. }) = parameter {
                    self.client_header_id(parameter_data);
                }
            }
        }
    }

    /// Registers a header parameter marked with the client-setting extension and returns
    /// its id; `None` for an ordinary header.
    fn client_header_id(&mut self, data: &ParameterData) -> Option<ClientHeaderId> {
        let setting = match data.extensions.get(CLIENT_SETTING_EXTENSION)? {
            serde_json::Value::String(name) => naming::snake_name(name),
            serde_json::Value::Bool(true) => naming::snake_name(&data.name),
            _ => return None,
        };
        if let Some(index) = self
            .client_headers
            .iter()
            .position(|h| h.header.eq_ignore_ascii_case(&data.name))
        {
            return Some(ClientHeaderId(index));
        }
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.schema_of(schema).and_then(|schema| {
                match (&schema.schema_data.default, &schema.schema_kind) {
                    (Some(serde_json::Value::String(value)), _) => Some(value.clone()),
                    (_, openapiv3::SchemaKind::Type(openapiv3::Type::String(s)))
                        if s.enumeration.len() == 1 =>
                    {
                        s.enumeration[0].clone()
                    }
                    _ => None,
                }
            }),
            ParameterSchemaOrContent::Content(_) => None,
        };
        self.client_headers.push(ClientHeader {
            header: data.name.clone(),
            setting,
            default,
            doc: data.description.clone(),
        });
        Some(ClientHeaderId(self.client_headers.len() - 1))
    }
}

/// A parameter's place, style and `explode` (with OpenAPI's defaults: `explode` is true
/// for the `form` style, false for the others).
fn resolved_param(parameter: &Parameter, at: String) -> ResolvedParam<'_> {
    let mut allow_reserved = false;
    let mut allow_empty = false;
    let (data, location, style) = match parameter {
        Parameter::Path {
            parameter_data,
            style,
        } => {
            let style = match style {
                openapiv3::PathStyle::Label => ParamStyle::Label,
                openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                openapiv3::PathStyle::Simple => ParamStyle::Simple,
            };
            (parameter_data, ParamLocation::Path, style)
        }
        Parameter::Query {
            parameter_data,
            style,
            allow_reserved: reserved,
            allow_empty_value,
        } => {
            allow_reserved = *reserved;
            allow_empty = *allow_empty_value == Some(true);
            let style = match style {
                openapiv3::QueryStyle::Form => ParamStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (parameter_data, ParamLocation::Query, style)
        }
        Parameter::Header { parameter_data, .. } => {
            (parameter_data, ParamLocation::Header, ParamStyle::Simple)
        }
        Parameter::Cookie { parameter_data, .. } => {
            (parameter_data, ParamLocation::Cookie, ParamStyle::Form)
        }
    };
    let explode = data.explode.unwrap_or(style == ParamStyle::Form);
    ResolvedParam {
        data,
        location,
        style,
        explode,
        allow_reserved,
        allow_empty,
        at,
    }
}

/// Inclusive bounds of an integer schema, if it has any.
fn integer_bounds(schema: &openapiv3::Schema) -> Option<Bounds> {
    let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = &schema.schema_kind else {
        return None;
    };
    let minimum = integer.minimum.map(|m| {
        if integer.exclusive_minimum {
            m.saturating_add(1)
        } else {
            m
        }
    });
    let maximum = integer.maximum.map(|m| {
        if integer.exclusive_maximum {
            m.saturating_sub(1)
        } else {
            m
        }
    });
    (minimum.is_some() || maximum.is_some()).then_some(Bounds { minimum, maximum })
}

/// Whether a schema's `enum` allows only the empty string.
fn only_the_empty_string(schema: &openapiv3::Schema) -> bool {
    matches!(
        &schema.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
            if !string.enumeration.is_empty()
                && string.enumeration.iter().all(|v| v.as_deref() == Some(""))
    )
}

/// The string values a schema's `enum` allows.
fn string_values(schema: &openapiv3::Schema) -> Vec<String> {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
            string.enumeration.iter().flatten().cloned().collect()
        }
        _ => Vec::new(),
    }
}
