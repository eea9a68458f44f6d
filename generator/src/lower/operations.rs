//! Paths and operations -> client methods: names, path templates, parameters (path,
//! query, header, client-wide settings), the JSON request body, and success and error
//! responses.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response, StatusCode};

use super::Lowerer;
use super::refs;
use super::schemas::SchemaView;
use crate::error::pointer;
use crate::ir::{
    BodyMedia, ClientHeader, ErrorResponse, Field, Method, Operation, Param, PathPart, RequestBody,
    ResponseMedia, StatusMatch, StatusVariant, SuccessBody, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// The extension that marks a header parameter as a client-wide setting; its value is
/// the setting's name (`x-client-setting: api_version`), or `true` to derive one.
pub const CLIENT_SETTING_EXTENSION: &str = "x-client-setting";

/// Method names the generated `Client` already has.
const RESERVED_METHOD_NAMES: &[&str] = &[
    "new",
    "from_http_client",
    "base_url",
    "clone",
    "fmt",
    "request",
    "settings",
    "timeout",
    "with_timeout",
    "without_timeout",
    "retry_policy",
    "with_retry_policy",
];

/// Where a parameter goes, after resolution.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

struct ResolvedParam<'d> {
    data: &'d openapiv3::ParameterData,
    location: Location,
    explode: bool,
    /// `style: deepObject` (query only).
    deep_object: bool,
    /// `style: pipeDelimited` or `spaceDelimited` (query only).
    delimited: bool,
    /// The text before a path value: `.` for `style: label`, `;name=` for `style: matrix`.
    path_prefix: Option<String>,
    at: String,
}

impl<'d> Lowerer<'d> {
    /// Lowers every operation of every path, in document order.
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        self.collect_client_headers();
        let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
        for header in &self.client_headers {
            let bare = naming::unraw(&header.setting);
            method_names.claim(&format!("with_{bare}"));
            method_names.claim(&format!("without_{bare}"));
            method_names.claim(&header.setting);
        }
        let mut operations = Vec::new();
        let doc = self.doc;
        for (path, item) in &doc.paths.paths {
            let path_at = pointer("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diagnostics.push(
                        pointer(&path_at, "$ref"),
                        format!("path item reference `{reference}` is not supported; write the path item inline"),
                    );
                    continue;
                }
            };
            for (method_key, operation) in item.iter() {
                let at = pointer(&path_at, method_key);
                let Some(method) = parse_method(method_key) else {
                    continue;
                };
                if let Some(lowered) =
                    self.lower_operation(path, item, method, operation, &at, &mut method_names)
                {
                    operations.push(lowered);
                }
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        path: &str,
        item: &'d PathItem,
        method: Method,
        operation: &'d openapiv3::Operation,
        at: &str,
        method_names: &mut Namespace,
    ) -> Option<Operation> {
        let base_name = match &operation.operation_id {
            Some(id) if !id.trim().is_empty() => naming::snake_name(id),
            _ => naming::snake_name(&format!("{} {}", method.as_str().to_lowercase(), path)),
        };
        // Each operation also gets `<name>_with` (per-call options) and, when paginated,
        // `<name>_pages` and `<name>_stream`: claim them all, so that an operation named
        // like another's derived method gets a suffix instead.
        let rust_name = loop {
            let candidate = method_names.claim(&base_name);
            let derived = ["with", "pages", "stream"]
                .map(|suffix| format!("{}_{suffix}", naming::unraw(&candidate)));
            if derived.iter().all(|name| !method_names.contains(name)) {
                for name in &derived {
                    method_names.claim(name);
                }
                break candidate;
            }
        };
        let type_prefix = naming::type_name(naming::unraw(&rust_name));

        let params = self.merge_parameters(item, operation, at);
        let template = parse_template(path);
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut cookie_params = Vec::new();
        let mut path_prefixes: Vec<(String, String)> = Vec::new();
        let mut client_headers = Vec::new();
        // The other arguments of the operation's methods.
        let mut param_names =
            Namespace::with_reserved(&["body", "client", "self", "params", "options"]);
        let mut ok = true;

        for resolved in &params {
            let data = resolved.data;
            if let Location::Header = resolved.location {
                if data.name.eq_ignore_ascii_case("authorization") {
                    // Credentials are client-wide (the security scheme); never an argument.
                    continue;
                }
                if let Some(index) = self.client_header_index(data) {
                    client_headers.push(index);
                    continue;
                }
            }
            let (schema, schema_at) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (schema, pointer(&resolved.at, "schema"))
                }
                ParameterSchemaOrContent::Content(content) => {
                    // A value serialized as a media type (usually JSON): the caller passes
                    // the serialized text, which is sent as it is.
                    let Some((media, _)) = content.iter().next() else {
                        self.diagnostics.push(
                            pointer(&resolved.at, "content"),
                            "`content` must name one media type",
                        );
                        ok = false;
                        continue;
                    };
                    let mut doc = data.description.clone().unwrap_or_default();
                    if !doc.is_empty() {
                        doc.push_str("\n\n");
                    }
                    doc.push_str(&format!(
                        "Serialized as `{media}`: pass the serialized text."
                    ));
                    let param = Param {
                        rust_name: param_names.claim(&naming::snake_name(&data.name)),
                        wire_name: data.name.clone(),
                        doc: Some(doc),
                        ty: TypeRef::String,
                        required: data.required,
                        explode: false,
                        minimum: None,
                        maximum: None,
                        deprecated: data.deprecated.unwrap_or(false),
                    };
                    match resolved.location {
                        Location::Path => path_params.push(param),
                        Location::Query => query_params.push(param),
                        Location::Header => header_params.push(param),
                        Location::Cookie => cookie_params.push(param),
                    }
                    continue;
                }
            };
            let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
            let view = SchemaView::of(schema);
            let is_object = self
                .schema_of(view)
                .is_some_and(|schema| match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                        !object.properties.is_empty()
                    }
                    openapiv3::SchemaKind::Any(any) => !any.properties.is_empty(),
                    _ => false,
                });
            if is_object
                && resolved.location == Location::Query
                && (resolved.deep_object || resolved.explode)
            {
                // An object in the query, exploded (`color=red&size=2`) or as a deep
                // object (`filter[color]=red`): one field per property.
                match self.object_query_params(resolved, view, &mut param_names) {
                    Some(params) => query_params.extend(params),
                    None => {
                        self.diagnostics.push(
                            schema_at.clone(),
                            "an object query parameter must be an object whose properties are strings, numbers, booleans or enums",
                        );
                        ok = false;
                    }
                }
                continue;
            }
            // Inline parameter schemas keep string formats as `String`: the text on the
            // wire is what the caller passes.
            let formats = std::mem::take(&mut self.formats);
            let ty = self.lower_schema(view, &schema_at, &hint);
            self.formats = formats;
            if !self.is_text_value(&ty) {
                self.diagnostics.push(
                    schema_at.clone(),
                    "only strings, numbers, booleans, enums and arrays of those are supported as parameters (objects in the query when exploded or as `deepObject`)",
                );
                ok = false;
                continue;
            }
            if resolved.delimited && !resolved.explode && matches!(ty, TypeRef::Vec(_)) {
                self.diagnostics.push(
                    resolved.at.clone(),
                    "`pipeDelimited` and `spaceDelimited` arrays are not supported unless exploded; use `style: form`",
                );
                ok = false;
                continue;
            }
            let bounds = self.schema_of(view).and_then(integer_bounds);
            let param = Param {
                rust_name: param_names.claim(&naming::snake_name(&data.name)),
                wire_name: data.name.clone(),
                doc: data.description.clone(),
                ty,
                required: data.required,
                explode: resolved.explode,
                minimum: bounds.and_then(|b| b.0),
                maximum: bounds.and_then(|b| b.1),
                deprecated: data.deprecated.unwrap_or(false),
            };
            match resolved.location {
                Location::Path => {
                    if matches!(param.ty, TypeRef::Vec(_)) {
                        self.diagnostics
                            .push(schema_at, "array path parameters are not supported");
                        ok = false;
                        continue;
                    }
                    if !template
                        .iter()
                        .any(|p| matches!(p, TemplatePart::Var(v) if v == &data.name))
                    {
                        self.diagnostics.push(
                            resolved.at.clone(),
                            format!(
                                "path parameter `{}` does not appear in the path template `{path}`",
                                data.name
                            ),
                        );
                        ok = false;
                        continue;
                    }
                    if let Some(prefix) = &resolved.path_prefix {
                        path_prefixes.push((data.name.clone(), prefix.clone()));
                    }
                    path_params.push(param);
                }
                Location::Query => query_params.push(param),
                Location::Header => header_params.push(param),
                Location::Cookie => {
                    if matches!(param.ty, TypeRef::Vec(_)) {
                        self.diagnostics
                            .push(schema_at, "array cookie parameters are not supported");
                        ok = false;
                        continue;
                    }
                    cookie_params.push(param);
                }
            }
        }

        let mut path_parts = Vec::new();
        let mut ordered_path_params = Vec::new();
        for part in template {
            match part {
                TemplatePart::Literal(text) => path_parts.push(PathPart::Literal(text)),
                TemplatePart::Var(name) => {
                    // Label and matrix styles put fixed text before the value.
                    if let Some((_, prefix)) = path_prefixes.iter().find(|(n, _)| n == &name) {
                        path_parts.push(PathPart::Literal(prefix.clone()));
                    }
                    match path_params.iter().position(|p| p.wire_name == name) {
                        Some(index) => {
                            path_parts.push(PathPart::Param(ordered_path_params.len()));
                            ordered_path_params.push(path_params.remove(index));
                        }
                        None => {
                            // A variable written twice (`/a/{id}/b/{id}`) takes the same value.
                            let already = ordered_path_params
                                .iter()
                                .position(|p: &Param| p.wire_name == name);
                            if let Some(index) = already {
                                path_parts.push(PathPart::Param(index));
                            } else {
                                self.diagnostics.push(
                                    at.to_owned(),
                                    format!("path template variable `{{{name}}}` in `{path}` has no path parameter"),
                                );
                                ok = false;
                            }
                        }
                    }
                }
            }
        }

        let body = self.lower_request_body(operation, at, &type_prefix);
        let (success, error_responses) = self.lower_responses(operation, at, &type_prefix, &mut ok);

        let params_struct =
            if query_params.is_empty() && header_params.is_empty() && cookie_params.is_empty() {
                None
            } else {
                let fields: Vec<Param> = header_params
                    .iter()
                    .chain(&cookie_params)
                    .cloned()
                    .collect();
                let kinds = [
                    (!query_params.is_empty()).then_some("query"),
                    (!header_params.is_empty()).then_some("header"),
                    (!cookie_params.is_empty()).then_some("cookie"),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
                let kinds = match kinds.as_slice() {
                    [one] => (*one).to_owned(),
                    [first, second] => format!("{first} and {second}"),
                    _ => "query, header and cookie".to_owned(),
                };
                let mut kinds_text = kinds;
                if let Some(first) = kinds_text.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                Some(self.params_struct(&type_prefix, &query_params, &fields, &kinds_text, at))
            };
        let params_all_optional = query_params
            .iter()
            .chain(&header_params)
            .chain(&cookie_params)
            .all(|p| !p.required);
        let authenticated = match &operation.security {
            Some(requirements) => {
                !requirements.is_empty() && requirements.iter().all(|r| !r.is_empty())
            }
            None => self
                .doc
                .security
                .as_ref()
                .is_some_and(|r| !r.is_empty() && r.iter().all(|r| !r.is_empty())),
        };
        ok.then(|| Operation {
            rust_name,
            method,
            path_template: path.to_owned(),
            path_parts,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            path_params: ordered_path_params,
            params_struct,
            params_all_optional,
            query_params,
            header_params,
            cookie_params,
            client_headers,
            body,
            success,
            error_responses,
            authenticated,
            // Decided after all operations are lowered, in `lower/pagination.rs`.
            retry: crate::ir::RetryRule::Never,
            pagination: None,
        })
    }

    /// Registers every header parameter marked as a client setting before any operation
    /// is named, so that the settings' methods (`with_api_version`) claim their names
    /// first. References that do not resolve are skipped here and reported later.
    fn collect_client_headers(&mut self) {
        let doc = self.doc;
        let components = doc.components.as_ref();
        let lookup = |item: &'d ReferenceOr<Parameter>| -> Option<&'d Parameter> {
            let mut current = item;
            for _ in 0..64 {
                match current {
                    ReferenceOr::Item(parameter) => return Some(parameter),
                    ReferenceOr::Reference { reference } => {
                        let name = refs::component_name(reference, "parameters").ok()?;
                        current = components?.parameters.get(&name)?;
                    }
                }
            }
            None
        };
        for item in doc.paths.paths.values() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let operation_params = item.iter().flat_map(|(_, op)| op.parameters.iter());
            for parameter in item.parameters.iter().chain(operation_params) {
                if let Some(Parameter::Header { parameter_data, .. }) = lookup(parameter) {
                    self.client_header_index(parameter_data);
                }
            }
        }
    }

    /// Path-item parameters merged with the operation's, which override by name and place.
    fn merge_parameters(
        &mut self,
        item: &'d PathItem,
        operation: &'d openapiv3::Operation,
        at: &str,
    ) -> Vec<ResolvedParam<'d>> {
        let path_at = at.rsplit_once('/').map_or("#", |(base, _)| base).to_owned();
        let mut merged: Vec<ResolvedParam<'d>> = Vec::new();
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
        for (item, item_at) in sources {
            let Some((parameter, defined_at)) = refs::resolve_parameter(self, item, &item_at)
            else {
                continue;
            };
            let mut deep_object = false;
            let mut delimited = false;
            let mut path_prefix = None;
            let (data, location, explode) = match parameter {
                Parameter::Path {
                    parameter_data,
                    style,
                } => {
                    path_prefix = match style {
                        openapiv3::PathStyle::Label => Some(".".to_owned()),
                        openapiv3::PathStyle::Matrix => Some(format!(";{}=", parameter_data.name)),
                        openapiv3::PathStyle::Simple => None,
                    };
                    (parameter_data, Location::Path, false)
                }
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let form = matches!(style, openapiv3::QueryStyle::Form);
                    deep_object = matches!(style, openapiv3::QueryStyle::DeepObject);
                    delimited = matches!(
                        style,
                        openapiv3::QueryStyle::PipeDelimited
                            | openapiv3::QueryStyle::SpaceDelimited
                    );
                    // Form style explodes by default; other styles do not.
                    (
                        parameter_data,
                        Location::Query,
                        parameter_data.explode.unwrap_or(form),
                    )
                }
                Parameter::Header { parameter_data, .. } => {
                    (parameter_data, Location::Header, false)
                }
                Parameter::Cookie { parameter_data, .. } => {
                    (parameter_data, Location::Cookie, false)
                }
            };
            let same = |other: &ResolvedParam<'_>| {
                other.data.name == data.name && other.location == location
            };
            let resolved = ResolvedParam {
                data,
                location,
                explode,
                deep_object,
                delimited,
                path_prefix,
                at: defined_at,
            };
            match merged.iter().position(same) {
                Some(index) => merged[index] = resolved,
                None => merged.push(resolved),
            }
        }
        merged
    }

    /// Registers a header parameter marked with the client-setting extension and returns
    /// its index in the client's settings; `None` for an ordinary header.
    fn client_header_index(&mut self, data: &openapiv3::ParameterData) -> Option<usize> {
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
            return Some(index);
        }
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_of(SchemaView::of(schema)).and_then(|schema| {
                    match (&schema.schema_data.default, &schema.schema_kind) {
                        (Some(serde_json::Value::String(value)), _) => Some(value.clone()),
                        (_, openapiv3::SchemaKind::Type(openapiv3::Type::String(s)))
                            if s.enumeration.len() == 1 =>
                        {
                            s.enumeration[0].clone()
                        }
                        _ => None,
                    }
                })
            }
            ParameterSchemaOrContent::Content(_) => None,
        };
        self.client_headers.push(ClientHeader {
            header: data.name.clone(),
            setting,
            default,
            doc: data.description.clone(),
        });
        Some(self.client_headers.len() - 1)
    }

    /// The properties of an exploded object or deep-object query parameter, each a query
    /// parameter of its own (`color`, or `filter[color]`); `None` when the schema is not
    /// an object of text values.
    fn object_query_params(
        &mut self,
        resolved: &ResolvedParam<'d>,
        view: SchemaView<'d>,
        param_names: &mut Namespace,
    ) -> Option<Vec<Param>> {
        let schema = self.schema_of(view)?;
        let (properties, required) = match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                (&object.properties, &object.required)
            }
            openapiv3::SchemaKind::Any(any) if !any.properties.is_empty() => {
                (&any.properties, &any.required)
            }
            _ => return None,
        };
        if properties.is_empty() {
            return None;
        }
        let data = resolved.data;
        let mut params = Vec::new();
        for (name, property) in properties {
            let property_view = SchemaView::of_boxed(property);
            let property_schema = self.schema_of(property_view)?;
            // Only plain values (an enum's values as text): no new types are made for an
            // object's properties here.
            let ty = match &property_schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::String(_)) => TypeRef::String,
                openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_)) => TypeRef::I64,
                openapiv3::SchemaKind::Type(openapiv3::Type::Number(_)) => TypeRef::F64,
                openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_)) => TypeRef::Bool,
                _ => return None,
            };
            let wire_name = if resolved.deep_object {
                format!("{}[{name}]", data.name)
            } else {
                name.clone()
            };
            let rust_name =
                param_names.claim(&naming::snake_name(&format!("{} {name}", data.name)));
            params.push(Param {
                rust_name,
                wire_name,
                doc: Some(format!(
                    "`{name}` of `{}`{}",
                    data.name,
                    data.description
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                )),
                ty,
                required: data.required && required.iter().any(|r| r == name),
                explode: true,
                minimum: None,
                maximum: None,
                deprecated: data.deprecated.unwrap_or(false),
            });
        }
        Some(params)
    }

    /// Whether values of `ty` can be written as text in a path, query or header.
    fn is_text_value(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Vec(item) => !matches!(**item, TypeRef::Vec(_)) && self.is_text_value(item),
            TypeRef::Named(name) => {
                match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                    Some(TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. }) => true,
                    Some(TypeKind::Alias(inner)) => {
                        !matches!(inner, TypeRef::Named(n) if n == name)
                            && self.is_text_value(inner)
                    }
                    _ => false,
                }
            }
            // `Display` of a chrono date-time is not RFC 3339.
            TypeRef::Format(format) => format != &crate::ir::FormatType::ChronoDateTime,
            TypeRef::Json | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Bytes => false,
        }
    }

    /// The struct holding an operation's query and header parameters.
    fn params_struct(
        &mut self,
        prefix: &str,
        query: &[Param],
        headers: &[Param],
        kinds: &str,
        at: &str,
    ) -> String {
        let name = self.type_names.claim(&format!("{prefix}Params"));
        let fields = query
            .iter()
            .chain(headers)
            .map(|p| Field {
                rust_name: p.rust_name.clone(),
                wire_name: p.wire_name.clone(),
                doc: p.doc.clone(),
                ty: p.ty.clone(),
                required: p.required,
                nullable: false,
                boxed: false,
                deprecated: p.deprecated,
            })
            .collect();
        self.param_structs.push(TypeDef {
            name: name.clone(),
            doc: Some(format!(
                "{kinds} parameters of `{}`.",
                naming::unraw(&naming::snake_name(prefix))
            )),
            pointer: at.to_owned(),
            kind: TypeKind::Struct {
                fields,
                additional: None,
            },
        });
        name
    }

    /// The request body: the first JSON media type, else form, multipart, text or bytes
    /// (in that order of preference) when several are listed.
    fn lower_request_body(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
    ) -> Option<RequestBody> {
        let body_at = pointer(at, "requestBody");
        let (body, body_at) =
            refs::resolve_request_body(self, operation.request_body.as_ref()?, &body_at)?;
        let ranked = body
            .content
            .iter()
            .min_by_key(|(media, _)| request_media_rank(media));
        let Some((media, media_type)) = ranked else {
            // A body with no media type: nothing to send.
            return None;
        };
        let media_at = pointer(&pointer(&body_at, "content"), media);
        let kind = if self.is_wildcard_json(media, media_type) {
            BodyMedia::Json
        } else {
            request_media(media)
        };
        let ty = match (&kind, &media_type.schema) {
            (BodyMedia::Json | BodyMedia::Form, Some(schema)) => self.lower_schema(
                SchemaView::of(schema),
                &pointer(&media_at, "schema"),
                &format!("{prefix}Request"),
            ),
            (BodyMedia::Json | BodyMedia::Form, None) => TypeRef::Json,
            (BodyMedia::Text(_), _) => TypeRef::String,
            (BodyMedia::Bytes(_) | BodyMedia::Multipart, _) => TypeRef::Bytes,
        };
        let mut doc = body.description.clone();
        if body.content.len() > 1 {
            let mut text = doc.unwrap_or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Sent as `{media}`."));
            doc = Some(text);
        }
        Some(RequestBody {
            ty,
            required: body.required,
            doc,
            media: kind,
        })
    }

    /// Success and error responses. One success body type when every 2xx status has the
    /// same body, else a per-status enum; `default` is the success response when no 2xx
    /// status is listed, else an error.
    fn lower_responses(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
        ok: &mut bool,
    ) -> (SuccessBody, Vec<ErrorResponse>) {
        let responses_at = pointer(at, "responses");
        let mut successes: Vec<SuccessEntry> = Vec::new();
        let mut errors = Vec::new();
        let has_success = operation
            .responses
            .responses
            .keys()
            .any(|status| match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            });
        let entries = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| (Some(status), response))
            .chain(operation.responses.default.iter().map(|r| (None, r)));
        for (status, response) in entries {
            let key = match status {
                Some(StatusCode::Code(code)) => code.to_string(),
                Some(StatusCode::Range(range)) => format!("{range}XX"),
                None => "default".to_owned(),
            };
            let response_at = pointer(&responses_at, &key);
            let Some((response, defined_at)) = refs::resolve_response(self, response, &response_at)
            else {
                *ok = false;
                continue;
            };
            let is_success = match status {
                Some(StatusCode::Code(code)) => (200..300).contains(code),
                Some(StatusCode::Range(range)) => *range == 2,
                None => !has_success,
            };
            let status_match = match status {
                Some(StatusCode::Code(code)) => StatusMatch::Code(*code),
                Some(StatusCode::Range(range)) => StatusMatch::Range(*range),
                None => StatusMatch::Default,
            };
            let hint = if is_success {
                format!("{prefix}Response")
            } else {
                format!("{prefix}Error")
            };
            let (media, body) = self.lower_response_body(response, &defined_at, &hint);
            if is_success {
                successes.push((
                    Some(status_match),
                    body,
                    media,
                    Some(response.description.clone()),
                ));
            } else if let (ResponseMedia::Json, Some(ty)) = (media, body) {
                // Non-JSON error bodies stay text (`ErrorBody::Text`).
                let index = self.error_body_index(&ty);
                errors.push(ErrorResponse {
                    status: status_match,
                    body: index,
                });
            }
        }
        (self.success_body(successes, prefix, at), errors)
    }

    /// One success body, or a per-status enum when the statuses differ.
    fn success_body(
        &mut self,
        successes: Vec<SuccessEntry>,
        prefix: &str,
        at: &str,
    ) -> SuccessBody {
        let distinct = |a: &SuccessEntry, b: &SuccessEntry| a.1 != b.1 || a.2 != b.2;
        let all_same = successes
            .first()
            .is_none_or(|first| successes.iter().all(|other| !distinct(first, other)));
        if all_same {
            return match successes.into_iter().next() {
                Some((_, Some(ty), ResponseMedia::Json, _)) => SuccessBody::Json(ty),
                Some((_, _, ResponseMedia::Text, _)) => SuccessBody::Text,
                Some((_, _, ResponseMedia::Bytes, _)) => SuccessBody::Bytes,
                _ => SuccessBody::Empty,
            };
        }
        let mut names = Namespace::default();
        let mut variants: Vec<StatusVariant> = successes
            .into_iter()
            .map(|(status, body, media, doc)| StatusVariant {
                rust_name: names.claim(&status_variant_name(status)),
                status,
                boxed: body.as_ref().is_some_and(|ty| {
                    super::schemas::estimated_size(&self.types, ty, 0)
                        > super::schemas::BOX_VARIANT_ABOVE
                }),
                body,
                media,
                doc,
            })
            .collect();
        let covered = variants
            .iter()
            .any(|v| matches!(v.status, Some(StatusMatch::Range(2) | StatusMatch::Default)));
        if !covered {
            variants.push(StatusVariant {
                rust_name: names.claim("Other"),
                status: None,
                body: None,
                media: ResponseMedia::Empty,
                boxed: false,
                doc: Some(
                    "A 2xx status the API does not document; the body is not read.".to_owned(),
                ),
            });
        }
        let enum_name = self.type_names.claim(&format!("{prefix}Response"));
        self.types.push(TypeDef {
            name: enum_name.clone(),
            doc: Some(format!(
                "The success responses of `{}`, one variant per status.",
                naming::unraw(&naming::snake_name(prefix))
            )),
            pointer: pointer(at, "responses"),
            kind: TypeKind::ResponseEnum {
                variants: variants.clone(),
            },
        });
        SuccessBody::Statuses {
            enum_name,
            variants,
        }
    }

    /// Whether a wildcard media type (`*/*`, `application/*`) with a schema that is not
    /// binary stands for JSON, as in documents written by frameworks that list `*/*`.
    fn is_wildcard_json(&self, media: &str, media_type: &'d openapiv3::MediaType) -> bool {
        let essence = media_essence(media);
        if !(essence == "*/*" || essence == "application/*") {
            return false;
        }
        let Some(schema) = &media_type.schema else {
            return false;
        };
        !self.schema_of(SchemaView::of(schema)).is_some_and(|schema| {
            matches!(
                &schema.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
                    if matches!(
                        string.format,
                        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                    )
            )
        })
    }

    /// How a response body is read and its type: JSON first, then text, then bytes.
    fn lower_response_body(
        &mut self,
        response: &'d Response,
        at: &str,
        hint: &str,
    ) -> (ResponseMedia, Option<TypeRef>) {
        let ranked = response
            .content
            .iter()
            .min_by_key(|(media, _)| response_media_rank(media));
        let Some((media, media_type)) = ranked else {
            return (ResponseMedia::Empty, None);
        };
        let rank = if self.is_wildcard_json(media, media_type) {
            0
        } else {
            response_media_rank(media)
        };
        match rank {
            0 => {
                let media_at = pointer(&pointer(at, "content"), media);
                let ty = match &media_type.schema {
                    Some(schema) => self.lower_schema(
                        SchemaView::of(schema),
                        &pointer(&media_at, "schema"),
                        hint,
                    ),
                    None => TypeRef::Json,
                };
                (ResponseMedia::Json, Some(ty))
            }
            1 => (ResponseMedia::Text, Some(TypeRef::String)),
            _ => (ResponseMedia::Bytes, Some(TypeRef::Bytes)),
        }
    }
}

/// One success response: status, body type, how the body is read, description.
type SuccessEntry = (
    Option<StatusMatch>,
    Option<TypeRef>,
    ResponseMedia,
    Option<String>,
);

/// A variant name for a success status (`Created` for 201).
fn status_variant_name(status: Option<StatusMatch>) -> String {
    match status {
        Some(StatusMatch::Code(code)) => match code {
            200 => "Ok".to_owned(),
            201 => "Created".to_owned(),
            202 => "Accepted".to_owned(),
            203 => "NonAuthoritativeInformation".to_owned(),
            204 => "NoContent".to_owned(),
            205 => "ResetContent".to_owned(),
            206 => "PartialContent".to_owned(),
            207 => "MultiStatus".to_owned(),
            other => format!("Status{other}"),
        },
        Some(StatusMatch::Range(_)) => "Success".to_owned(),
        Some(StatusMatch::Default) => "Default".to_owned(),
        None => "Other".to_owned(),
    }
}

/// The essence of a media type: lower case, without parameters.
fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

fn is_text_media(media: &str) -> bool {
    let essence = media_essence(media);
    essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/yaml"
}

/// Preference of request media types, lowest first.
fn request_media_rank(media: &str) -> u8 {
    let essence = media_essence(media);
    if is_json(media) {
        0
    } else if essence == "application/x-www-form-urlencoded" {
        1
    } else if essence == "multipart/form-data" {
        2
    } else if is_text_media(media) {
        3
    } else {
        4
    }
}

fn request_media(media: &str) -> BodyMedia {
    match request_media_rank(media) {
        0 => BodyMedia::Json,
        1 => BodyMedia::Form,
        2 => BodyMedia::Multipart,
        3 => BodyMedia::Text(media.to_owned()),
        _ => {
            // A wildcard is no content type to send; bytes are `application/octet-stream`.
            let essence = media_essence(media);
            if essence.contains('*') {
                BodyMedia::Bytes("application/octet-stream".to_owned())
            } else {
                BodyMedia::Bytes(media.to_owned())
            }
        }
    }
}

/// Preference of response media types: JSON (0), text (1), anything else (2).
fn response_media_rank(media: &str) -> u8 {
    if is_json(media) {
        0
    } else if is_text_media(media) {
        1
    } else {
        2
    }
}

fn parse_method(key: &str) -> Option<Method> {
    Some(match key {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

/// `application/json`, `application/json; charset=utf-8`, `application/problem+json`.
pub(crate) fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn integer_bounds(schema: &openapiv3::Schema) -> Option<(Option<i64>, Option<i64>)> {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) => {
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
            Some((minimum, maximum))
        }
        _ => None,
    }
}

enum TemplatePart {
    Literal(String),
    Var(String),
}

/// Splits `/users/{id}` into literal text and variables.
fn parse_template(path: &str) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(TemplatePart::Literal(rest[..start].to_owned()));
        }
        parts.push(TemplatePart::Var(
            rest[start + 1..start + length].to_owned(),
        ));
        rest = &rest[start + length + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    parts
}
