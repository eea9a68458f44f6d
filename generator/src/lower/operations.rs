//! Paths and operations -> client methods: names, path templates, parameters (path,
//! query, header, client-wide settings), the JSON request body, and success and error
//! responses.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response, StatusCode};

use super::Lowerer;
use super::refs;
use super::schemas::SchemaView;
use crate::error::pointer;
use crate::ir::{
    ClientHeader, ErrorResponse, Field, Method, Operation, Param, PathPart, RequestBody,
    StatusMatch, SuccessBody, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// The extension that marks a header parameter as a client-wide setting; its value is
/// the setting's name (`x-client-setting: api_version`), or `true` to derive one.
pub const CLIENT_SETTING_EXTENSION: &str = "x-client-setting";

/// Method names the generated `Client` already has.
const RESERVED_METHOD_NAMES: &[&str] = &["new", "from_http_client", "base_url", "clone", "fmt"];

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
    at: String,
}

impl<'d> Lowerer<'d> {
    /// Lowers every operation of every path, in document order.
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        self.collect_client_headers();
        let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
        for header in &self.client_headers {
            method_names.claim(&format!("with_{}", header.setting));
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
        let rust_name = method_names.claim(&base_name);
        let type_prefix = naming::type_name(naming::unraw(&rust_name));

        let params = self.merge_parameters(item, operation, at);
        let template = parse_template(path);
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut client_headers = Vec::new();
        let mut param_names = Namespace::with_reserved(&["body", "client", "self"]);
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
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    self.diagnostics.push(
                        pointer(&resolved.at, "content"),
                        "parameters described by `content` are not supported yet; use `schema`",
                    );
                    ok = false;
                    continue;
                }
            };
            let schema_at = pointer(&resolved.at, "schema");
            let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
            let view = SchemaView::of(schema);
            let ty = self.lower_schema(view, &schema_at, &hint);
            if !self.is_text_value(&ty) {
                self.diagnostics.push(
                    schema_at.clone(),
                    "only strings, numbers, booleans, string enums and arrays of those are supported as parameters",
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
                    path_params.push(param);
                }
                Location::Query => query_params.push(param),
                Location::Header => header_params.push(param),
                Location::Cookie => {
                    self.diagnostics.push(
                        resolved.at.clone(),
                        "cookie parameters are not supported yet",
                    );
                    ok = false;
                }
            }
        }

        let mut path_parts = Vec::new();
        let mut ordered_path_params = Vec::new();
        for part in template {
            match part {
                TemplatePart::Literal(text) => path_parts.push(PathPart::Literal(text)),
                TemplatePart::Var(name) => {
                    match path_params.iter().position(|p| p.wire_name == name) {
                        Some(index) => {
                            path_parts.push(PathPart::Param(ordered_path_params.len()));
                            ordered_path_params.push(path_params.remove(index));
                        }
                        None => {
                            let already = ordered_path_params
                                .iter()
                                .any(|p: &Param| p.wire_name == name);
                            if !already {
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

        let body = self.lower_request_body(operation, at, &type_prefix, &mut ok);
        let (success, error_responses) = self.lower_responses(operation, at, &type_prefix, &mut ok);

        let params_struct = if query_params.is_empty() && header_params.is_empty() {
            None
        } else {
            Some(self.params_struct(&type_prefix, &query_params, &header_params, at))
        };
        let params_all_optional = query_params
            .iter()
            .chain(&header_params)
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
            client_headers,
            body,
            success,
            error_responses,
            authenticated,
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
            let (data, location, explode) = match parameter {
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path, false),
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    let form = matches!(style, openapiv3::QueryStyle::Form);
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
                    Some(TypeKind::StringEnum { .. }) => true,
                    Some(TypeKind::Alias(inner)) => {
                        !matches!(inner, TypeRef::Named(n) if n == name)
                            && self.is_text_value(inner)
                    }
                    _ => false,
                }
            }
            TypeRef::Json | TypeRef::Map(_) | TypeRef::Nullable(_) => false,
        }
    }

    /// The struct holding an operation's query and header parameters.
    fn params_struct(
        &mut self,
        prefix: &str,
        query: &[Param],
        headers: &[Param],
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
                "Query and header parameters of `{}`.",
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

    fn lower_request_body(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
        ok: &mut bool,
    ) -> Option<RequestBody> {
        let body_at = pointer(at, "requestBody");
        let (body, body_at) =
            refs::resolve_request_body(self, operation.request_body.as_ref()?, &body_at)?;
        let Some((media, media_type)) = body.content.iter().find(|(media, _)| is_json(media))
        else {
            let listed = body.content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.diagnostics.push(
                pointer(&body_at, "content"),
                format!(
                    "request bodies of media type {listed} are not supported yet; only JSON is"
                ),
            );
            *ok = false;
            return None;
        };
        let media_at = pointer(&pointer(&body_at, "content"), media);
        let ty = match &media_type.schema {
            Some(schema) => self.lower_schema(
                SchemaView::of(schema),
                &pointer(&media_at, "schema"),
                &format!("{prefix}Request"),
            ),
            None => TypeRef::Json,
        };
        Some(RequestBody {
            ty,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn lower_responses(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
        ok: &mut bool,
    ) -> (SuccessBody, Vec<ErrorResponse>) {
        let responses_at = pointer(at, "responses");
        let mut success: Option<SuccessBody> = None;
        let mut errors = Vec::new();
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
                None => false,
            };
            let hint = if is_success {
                format!("{prefix}Response")
            } else {
                format!("{prefix}Error")
            };
            let body = match self.lower_response_body(response, &defined_at, &hint) {
                Ok(body) => body,
                Err(()) => {
                    *ok = false;
                    continue;
                }
            };
            if is_success {
                if success.is_none() {
                    success = Some(match body {
                        Some(ty) => SuccessBody::Json(ty),
                        None => SuccessBody::Empty,
                    });
                }
            } else if let Some(ty) = body {
                let index = self.error_body_index(&ty);
                let status = match status {
                    Some(StatusCode::Code(code)) => StatusMatch::Code(*code),
                    Some(StatusCode::Range(range)) => StatusMatch::Range(*range),
                    None => StatusMatch::Default,
                };
                errors.push(ErrorResponse {
                    status,
                    body: index,
                });
            }
        }
        (success.unwrap_or(SuccessBody::Empty), errors)
    }

    /// The JSON body type of a response, `None` for no content, `Err` (reported) for a
    /// media type that is not supported.
    fn lower_response_body(
        &mut self,
        response: &'d Response,
        at: &str,
        hint: &str,
    ) -> Result<Option<TypeRef>, ()> {
        if response.content.is_empty() {
            return Ok(None);
        }
        let Some((media, media_type)) = response.content.iter().find(|(media, _)| is_json(media))
        else {
            let listed = response
                .content
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            self.diagnostics.push(
                pointer(at, "content"),
                format!("responses of media type {listed} are not supported yet; only JSON is"),
            );
            return Err(());
        };
        let media_at = pointer(&pointer(at, "content"), media);
        Ok(Some(match &media_type.schema {
            Some(schema) => {
                self.lower_schema(SchemaView::of(schema), &pointer(&media_at, "schema"), hint)
            }
            None => TypeRef::Json,
        }))
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
