//! Paths and operations -> client methods: the method's name, its path template with the
//! path parameters in order, the struct of its other parameters, its request body, its
//! responses and whether it authenticates. Parameters, bodies and responses each have a
//! module of their own.

use openapiv3::ReferenceOr;

use crate::load::paths::PathEntry;

use super::media::media_essence;
use super::parameters::{ParamNames, template_variables};
use super::{Lowerer, reach};
use crate::error::pointer;
use crate::ir::{
    BodyMedia, ClientHeaderId, DerivedNames, Gate, Method, MockPlan, Operation, Param,
    ParamLocation, ParamStyle, ParamsStruct, PathPart, RequestBody, RetryRule, SuccessBody,
    TypeRef,
};
use crate::naming::{self, Namespace};

/// The extension that marks a header parameter as a client-wide setting; its value is
/// the setting's name (`x-client-setting: api_version`), or `true` to derive one.
pub const CLIENT_SETTING_EXTENSION: &str = "x-client-setting";

/// What lowering the operations of one path item adds to, across path items.
struct PathWalk<'s, 'c> {
    selection: &'s mut reach::Selection<'c>,
    method_names: &'s mut Namespace,
    operations: &'s mut Vec<Operation>,
}

/// The parameters of one operation, sorted by where they go.
#[derive(Default)]
pub(crate) struct SortedParams {
    pub(crate) path: Vec<Param>,
    pub(crate) fields: Vec<Param>,
    pub(crate) client_headers: Vec<ClientHeaderId>,
    /// A `Content-Type` header parameter (ignored, as OpenAPI says): where, and the
    /// values its schema allows.
    pub(crate) content_type: Option<(String, Vec<String>)>,
}

impl<'d> Lowerer<'d> {
    /// Lowers every selected operation of every path, in document order.
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        self.collect_client_headers();
        self.name_client_settings();
        let reserved = crate::runtime::reserved_client_methods();
        let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let mut method_names = Namespace::with_reserved(&reserved);
        for header in &self.client_headers {
            let bare = naming::unraw(&header.setting);
            method_names.claim(&format!("with_{bare}"));
            method_names.claim(&format!("without_{bare}"));
            method_names.claim(&header.setting);
        }
        let mut selection = reach::Selection::new(self.config);
        let mut operations = Vec::new();
        let paths = self.paths;
        for (path, item) in paths.iter() {
            let item = match item {
                Ok(item) => item,
                Err(why) => {
                    self.report_unread(path, why);
                    continue;
                }
            };
            let mut scoped = self.scoped();
            let walk = PathWalk {
                selection: &mut selection,
                method_names: &mut method_names,
                operations: &mut operations,
            };
            scoped.lower_path_item(path, &item, walk);
            self.restore(scoped);
        }
        selection.report_unused(&mut self.diagnostics);
        operations
    }

    /// Lowers the selected operations of one path item (read for this walk).
    fn lower_path_item(
        &mut self,
        path: &str,
        item: &'d ReferenceOr<PathEntry>,
        walk: PathWalk<'_, '_>,
    ) {
        let path_at = pointer("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                self.diagnostics.push(
                    pointer(&path_at, "$ref"),
                    format!("path item reference `{reference}` names another file, which is read only when the document is generated from its file (`generate_from_files`, or the command's `--spec`)"),
                );
                return;
            }
        };
        if !item.servers.is_empty() {
            self.warn_servers_not_honoured(&path_at, "path");
        }
        let (sent, fragment) = split_fragment(path);
        let mut fragment_reported = false;
        for (method_key, operation) in item.iter() {
            let Some(method) = parse_method(method_key) else {
                continue;
            };
            if !walk.selection.selects(path, method_key, operation) {
                continue;
            }
            let at = pointer(&path_at, method_key);
            if !operation.servers.is_empty() {
                self.warn_servers_not_honoured(&at, "operation");
            }
            if let Some(fragment) = fragment.filter(|_| !fragment_reported) {
                self.warn_fragment_dropped(&path_at, path, sent, fragment);
                fragment_reported = true;
            }
            let paths = PathKey { key: path, sent };
            let lowered =
                self.lower_operation(paths, item, method, operation, &at, walk.method_names);
            walk.operations.push(lowered);
        }
    }

    /// Every client-wide header setting gets a name that is free with the names made of
    /// it (`with_<name>`, `without_<name>`) among the runtime's names of `Client`,
    /// `RequestOptions` and `ApiResponse` and the other settings: a setting named
    /// `timeout` becomes `timeout2`, and two headers with one setting name get two.
    fn name_client_settings(&mut self) {
        let reserved = crate::runtime::reserved_setting_names();
        let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let mut names = Namespace::with_reserved(&reserved);
        for header in &mut self.client_headers {
            header.setting = names.claim_with(&header.setting, |name| {
                vec![format!("with_{name}"), format!("without_{name}")]
            });
        }
    }

    /// `servers` of a path or an operation are not honoured: every call goes to the
    /// client's one base URL. Said with a warning at the `servers` pointer.
    fn warn_servers_not_honoured(&mut self, at: &str, place: &str) {
        self.diagnostics.warn(
            pointer(at, "servers"),
            format!(
                "{place}-level `servers` are not honoured: the calls go to the client's base URL (give `Client::new` this server's URL to reach it)"
            ),
        );
    }

    /// A path key holding a fragment (`/files/{id}#add_shared_link`, which Box writes to
    /// give several operations of one path and method): a fragment is never sent (RFC 3986,
    /// section 3.5), so the calls go to the path before it. Said with a warning at the path.
    fn warn_fragment_dropped(&mut self, path_at: &str, path: &str, sent: &str, fragment: &str) {
        self.diagnostics.warn(
            path_at.to_owned(),
            format!(
                "the path `{path}` holds a URL fragment (`#{fragment}`), which is never sent: its operations are sent to `{sent}`, and the fragment only names them"
            ),
        );
    }

    fn lower_operation(
        &mut self,
        paths: PathKey<'_>,
        item: &'d PathEntry,
        method: Method,
        operation: &'d openapiv3::Operation,
        at: &str,
        method_names: &mut Namespace,
    ) -> Operation {
        let (rust_name, derived) = claim_method_name(method_names, operation, method, paths.key);
        let type_prefix = naming::type_name(naming::unraw(&rust_name));
        let mut names = ParamNames::new();
        let mut sorted = self.lower_parameters(item, operation, at, &type_prefix, &mut names);
        let path_parts = self.lower_path(paths.sent, at, &mut sorted.path, &mut names);
        let body = self.lower_request_body(operation, at, &type_prefix);
        if let Some((param_at, values)) = sorted.content_type.take() {
            self.warn_content_type_param(&param_at, &values, body.as_ref());
        }
        let (success, errors, accept) = self.lower_responses(operation, at, &type_prefix);
        // A HEAD answer never has a body (RFC 9110, 9.3.2), whatever its response
        // documents: decoding one would fail on every call.
        let success = if method == Method::Head {
            SuccessBody::Empty
        } else {
            success
        };
        self.pending_errors.push(errors);
        let params = params_struct(&type_prefix, &rust_name, sorted.fields);
        let (authenticated, security) = self.lower_operation_security(operation);
        let mut lowered = Operation {
            retry: retry_rule(method, params.as_ref()),
            rust_name,
            derived,
            method,
            path_template: paths.key.to_owned(),
            path: path_parts,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            path_params: sorted.path,
            params,
            client_headers: sorted.client_headers,
            body,
            success,
            accept,
            error_responses: Vec::new(),
            authenticated,
            security,
            pagination: None,
            mock: MockPlan::default(),
            tags: operation.tags.clone(),
            gate: Gate::default(),
        };
        lowered.pagination = self.lower_pagination(operation, &lowered, at);
        lowered
    }

    /// A `Content-Type` header parameter is ignored, as OpenAPI says (the client sends the
    /// media type of the body it writes); when the values it allows do not include that
    /// type (Docker's `POST /build` names `application/x-tar` for an
    /// `application/octet-stream` body), a server that checks the header refuses the call:
    /// a warning.
    fn warn_content_type_param(&mut self, at: &str, values: &[String], body: Option<&RequestBody>) {
        if values.is_empty() {
            return;
        }
        let sent = body.map(|body| match &body.media {
            BodyMedia::Json => "application/json".to_owned(),
            BodyMedia::Form(_) => "application/x-www-form-urlencoded".to_owned(),
            BodyMedia::Multipart(_) => "multipart/form-data".to_owned(),
            BodyMedia::Text(media) | BodyMedia::Bytes(media) => media.clone(),
        });
        if let Some(sent) = &sent
            && values
                .iter()
                .any(|value| media_essence(value) == media_essence(sent))
        {
            return;
        }
        let allowed = values
            .iter()
            .map(|value| format!("`{value}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match sent {
            Some(sent) => format!(
                "a `Content-Type` header parameter is ignored, as OpenAPI says: the client \
                 sends the body's media type `{sent}`, which this parameter's values ({allowed}) \
                 do not include"
            ),
            None => format!(
                "a `Content-Type` header parameter is ignored, as OpenAPI says: the operation \
                 has no body, so none of this parameter's values ({allowed}) is sent"
            ),
        };
        self.diagnostics.warn(at.to_owned(), message);
    }

    /// The path template split into literal text and parameters, in template order. A
    /// template variable without a declared parameter (a common mistake of published
    /// documents) becomes a required string argument, with a warning; a declared path
    /// parameter the template does not use is left out, with a warning.
    fn lower_path(
        &mut self,
        path: &str,
        at: &str,
        declared: &mut Vec<Param>,
        names: &mut ParamNames,
    ) -> Vec<PathPart> {
        let template = template_variables(path);
        let used: Vec<&str> = template.iter().filter_map(|part| part.variable()).collect();
        declared.retain(|param| {
            let in_template = used.contains(&param.wire_name.as_str());
            if !in_template {
                self.diagnostics.warn(
                    at.to_owned(),
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`: left out",
                        param.wire_name
                    ),
                );
            }
            in_template
        });
        let mut ordered: Vec<Param> = Vec::new();
        let mut parts = Vec::new();
        for part in template {
            let Some(variable) = part.variable() else {
                parts.push(PathPart::Literal(part.text().to_owned()));
                continue;
            };
            let index = match ordered.iter().position(|p| p.wire_name == variable) {
                // A variable written twice (`/a/{id}/b/{id}`) takes the same value.
                Some(index) => index,
                None => {
                    let param = match declared.iter().position(|p| p.wire_name == variable) {
                        Some(found) => declared.remove(found),
                        None => {
                            self.diagnostics.warn(
                                at.to_owned(),
                                format!("path template variable `{{{variable}}}` in `{path}` has no path parameter: it is a required string argument"),
                            );
                            undeclared_path_param(variable, names)
                        }
                    };
                    ordered.push(param);
                    ordered.len() - 1
                }
            };
            parts.push(PathPart::Param(index));
        }
        *declared = ordered;
        parts
    }
}

/// An operation's path: its key in `paths`, and the template of what is sent.
#[derive(Clone, Copy)]
struct PathKey<'d> {
    key: &'d str,
    sent: &'d str,
}

/// A path key split at its first `#`: the template that is sent, and the fragment (after
/// the `#`), if any. A `?` stays in the template: the text after it is a fixed query that
/// is sent as written (Azure's `/?comp=list` tells operations apart by it), the query
/// parameters after it (`runtime::query`), and the mock routes by the path before it.
fn split_fragment(path: &str) -> (&str, Option<&str>) {
    match path.split_once('#') {
        Some((sent, fragment)) => (sent, Some(fragment)),
        None => (path, None),
    }
}

/// The method name from `operationId` (else method and path). Each operation also gets
/// `<name>_with` (per-call options) and, when paginated, `<name>_pages` and
/// `<name>_stream`: claim them all, so that an operation named like another's derived
/// method gets a suffix instead.
fn claim_method_name(
    method_names: &mut Namespace,
    operation: &openapiv3::Operation,
    method: Method,
    path: &str,
) -> (String, DerivedNames) {
    let base_name = match &operation.operation_id {
        Some(id) if !id.trim().is_empty() => naming::snake_name(id),
        _ => naming::snake_name(&format!("{} {}", method.as_str().to_lowercase(), path)),
    };
    loop {
        let candidate = method_names.claim(&base_name);
        let [with, pages, stream] = ["with", "pages", "stream"]
            .map(|suffix| format!("{}_{suffix}", naming::unraw(&candidate)));
        let derived = DerivedNames {
            with,
            pages,
            stream,
        };
        let names = [&derived.with, &derived.pages, &derived.stream];
        if names.iter().all(|name| !method_names.contains(name)) {
            for name in names {
                method_names.claim(name);
            }
            return (candidate, derived);
        }
    }
}

/// The string argument that stands for a template variable no parameter declares.
fn undeclared_path_param(variable: &str, names: &mut ParamNames) -> Param {
    Param {
        rust_name: names.claim(variable),
        wire_name: variable.to_owned(),
        doc: Some(format!(
            "The `{{{variable}}}` of the path (the document declares no parameter for it)."
        )),
        ty: TypeRef::String,
        required: true,
        deprecated: false,
        location: ParamLocation::Path,
        style: ParamStyle::Simple,
        explode: false,
        as_json: false,
        allow_reserved: false,
        bounds: None,
    }
}

/// The struct holding an operation's query, header and cookie parameters, if it has any.
fn params_struct(prefix: &str, rust_name: &str, fields: Vec<Param>) -> Option<ParamsStruct> {
    if fields.is_empty() {
        return None;
    }
    let has = |location: ParamLocation| fields.iter().any(|p| p.location == location);
    let kinds: Vec<&str> = [
        (ParamLocation::Query, "query"),
        (ParamLocation::Header, "header"),
        (ParamLocation::Cookie, "cookie"),
    ]
    .into_iter()
    .filter(|(location, _)| has(*location))
    .map(|(_, word)| word)
    .collect();
    let mut kinds = match kinds.as_slice() {
        [one] => (*one).to_owned(),
        [first, second] => format!("{first} and {second}"),
        _ => "query, header and cookie".to_owned(),
    };
    if let Some(first) = kinds.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Some(ParamsStruct {
        name: format!("{prefix}Params"),
        doc: format!("{kinds} parameters of `{}`.", naming::unraw(rust_name)),
        fields,
    })
}

/// The header whose presence makes a POST or PATCH safe to send again.
const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Whether a failed attempt may be sent again: idempotent methods, and POST/PATCH
/// operations that declare a string `Idempotency-Key` header.
fn retry_rule(method: Method, params: Option<&ParamsStruct>) -> RetryRule {
    match method {
        Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options => {
            RetryRule::Idempotent
        }
        Method::Post | Method::Patch | Method::Trace => params
            .and_then(|params| {
                params.fields.iter().position(|p| {
                    p.location == ParamLocation::Header
                        && p.wire_name.eq_ignore_ascii_case(IDEMPOTENCY_KEY_HEADER)
                        && p.ty == TypeRef::String
                })
            })
            .map_or(RetryRule::Never, RetryRule::IdempotencyKey),
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
