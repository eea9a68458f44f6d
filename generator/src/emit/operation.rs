//! One operation -> two methods of `Client`: `<name>(args)` answering the body, and
//! `<name>_with(args, &RequestOptions)` answering an `ApiResponse`. The request is built
//! from the IR's decisions only: the URL (path and query parameters in their styles),
//! credentials, headers, cookies and body; the runtime sends it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{allow_disallowed_names, code, doc_attrs, ident, line_attr, lines_attrs, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, Auth, BodyMedia, FormField, FormRule, Method, Operation, Param,
    ParamLocation, ParamStyle, PathPart, RequestBody, ResponseMedia, RetryRule, SchemeKind,
    StatusMatch, StatusVariant, SuccessBody, TypeKind, TypeRef,
};
use crate::naming;

/// The most arguments (`&self` included) clippy's `too_many_arguments` lets a function
/// have.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// Both methods of an operation. Each is short: the request is built in a closure the
/// runtime's `send::call` runs, and one boxed state machine of the runtime sends every
/// operation's request. Both are `#[inline]`, so that (as with an `async fn`, whose
/// state machine is compiled where it is awaited) a debug build of the crate does not
/// compile them: the crate that calls an operation compiles that one.
pub(crate) fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.rust_name);
    let with_name = ident(&op.derived.with);
    let doc = operation_doc(op);
    // Each use is a run of doc lines of its own.
    let errors_doc = || {
        lines_attrs(
            [
                "",
                " # Errors",
                "",
                " [`Error::Status`] when the server answers outside 2xx, [`Error::Decode`] when a",
                " 2xx body does not decode, [`Error::Transport`] when the request fails, and",
                " [`Error::InvalidArgument`] for an argument that cannot be sent.",
            ]
            .map(str::to_owned)
            .to_vec(),
        )
    };
    let (errors_doc, errors_doc_with) = (errors_doc(), errors_doc());
    let arguments = arguments(api, op);
    let argument_names = argument_names(op);
    let (return_type, finish) = success(api, op);
    let with_doc = format!(
        " [`Client::{}`] with per-call `options`, answering the body with the response's status and headers.",
        naming::unraw(&op.rust_name)
    );
    let with_doc = line_attr(with_doc);
    let build = build_request(api, op);
    let template = &op.path_template;
    let retryable = op.retry != RetryRule::Never;
    let decode_error = decode_error(api, op);
    // Path parameters stay positional however many there are (`&self` counts too).
    let allow_many = |count: usize| {
        (count > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]))
    };
    let (allow, allow_with) = (
        allow_many(arguments.len() + 1),
        allow_many(arguments.len() + 2),
    );
    // Path parameters are arguments named as the document names them.
    let allow_names = allow_disallowed_names(op.path_params.iter().map(|p| p.rust_name.as_str()));
    quote! {
        #doc
        #errors_doc
        #allow
        #allow_names
        #[inline]
        pub fn #name(&self, #(#arguments)*) -> BodyFuture<'_, #return_type> {
            self.#with_name(#(#argument_names,)* RequestOptions::defaults()).into_body()
        }

        #with_doc
        #errors_doc_with
        #allow_with
        #allow_names
        #[inline]
        pub fn #with_name<'a>(
            &'a self,
            #(#arguments)*
            options: &'a RequestOptions,
        ) -> ResponseFuture<'a, #return_type> {
            let call = runtime::send::Call {
                #[cfg(feature = "tracing")]
                path_template: #template,
                retryable: #retryable,
                decode_error: #decode_error,
            };
            let build = || {
                #build
                Ok(request)
            };
            runtime::send::call(&self.core, options, call, build, #finish)
        }
    }
}

fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
    }
    if let Some(description) = &op.description
        && op.summary.as_deref().map(str::trim) != Some(description.trim())
    {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(description.trim());
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&code(&format!(
        "{} {}",
        op.method.as_str(),
        op.path_template
    )));
    if op.deprecated {
        text.push_str("\n\n**Deprecated** by the API.");
    }
    doc_attrs(Some(&text))
}

/// The arguments after `&self`: path parameters, the params struct, the body.
fn arguments(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let (ty, _) = argument_type(api, &p.ty);
            quote!(#name: #ty,)
        })
        .collect();
    if let Some(params) = &op.params {
        let name = ident(&params.name);
        out.push(quote!(params: &models::#name,));
    }
    if let Some(body) = &op.body {
        out.push(body_argument(api, body));
    }
    out
}

fn argument_names(op: &Operation) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            quote!(#name)
        })
        .collect();
    if op.params.is_some() {
        out.push(quote!(params));
    }
    if op.body.is_some() {
        out.push(quote!(body));
    }
    out
}

/// How a path parameter (or a mock's matcher) takes a value of a type: `&str` for
/// strings, numbers and booleans by value, a slice for arrays (rather than `&Vec<T>`,
/// clippy's `ptr_arg`), anything else by reference. The client's methods and the mock's
/// matchers both follow it.
pub(crate) enum ArgumentForm<'t> {
    /// `&str`.
    Str,
    /// The type itself.
    ByValue,
    /// `&[T]` of the item type.
    Slice(&'t TypeRef),
    /// `&T`.
    Reference,
}

impl ArgumentForm<'_> {
    pub(crate) fn of(ty: &TypeRef) -> ArgumentForm<'_> {
        match ty {
            TypeRef::String => ArgumentForm::Str,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
                ArgumentForm::ByValue
            }
            TypeRef::Vec(item) => ArgumentForm::Slice(item),
            _ => ArgumentForm::Reference,
        }
    }

    /// Whether the argument is a reference.
    fn is_reference(&self) -> bool {
        !matches!(self, ArgumentForm::ByValue)
    }
}

/// The argument type of a path parameter (and of a mock's matcher), see [`ArgumentForm`];
/// and whether it is a reference.
pub(crate) fn argument_type(api: &Api, ty: &TypeRef) -> (TokenStream, bool) {
    let form = ArgumentForm::of(ty);
    let tokens = match form {
        ArgumentForm::Str => quote!(&str),
        ArgumentForm::ByValue => type_tokens(api, ty, false),
        ArgumentForm::Slice(item) => {
            let item = type_tokens(api, item, false);
            quote!(&[#item])
        }
        ArgumentForm::Reference => {
            let ty = type_tokens(api, ty, false);
            quote!(&#ty)
        }
    };
    (tokens, form.is_reference())
}

/// The body argument: `&T` for serde bodies (a slice for arrays), `&str` for text,
/// `Vec<u8>` for bytes; for multipart, `impl MultipartBody` (the request struct, or a
/// `reqwest::multipart::Form`) or, without a request struct, a `reqwest::multipart::Form`.
fn body_argument(api: &Api, body: &RequestBody) -> TokenStream {
    let ty = match &body.media {
        BodyMedia::Json | BodyMedia::Form(_) => match &body.ty {
            // A slice rather than `&Vec<T>` (clippy's `ptr_arg`); serde writes both alike.
            TypeRef::Vec(item) => {
                let item = type_tokens(api, item, false);
                quote!(&[#item])
            }
            other => {
                let ty = type_tokens(api, other, false);
                quote!(&#ty)
            }
        },
        BodyMedia::Text(_) => quote!(&str),
        BodyMedia::Bytes(_) => quote!(Vec<u8>),
        BodyMedia::Multipart(None) => quote!(reqwest::multipart::Form),
        // The request struct, or a `reqwest::multipart::Form` built by hand.
        BodyMedia::Multipart(Some(_)) => quote!(impl super::MultipartBody),
    };
    if body.required {
        quote!(body: #ty,)
    } else {
        quote!(body: Option<#ty>,)
    }
}

/// The statements that build `request`: argument checks, the URL, credentials, headers,
/// cookies and the body.
fn build_request(api: &Api, op: &Operation) -> TokenStream {
    let fields: Vec<&Param> = op.params.iter().flat_map(|p| &p.fields).collect();
    let range_checks = op.path_params.iter().map(|p| range_check(p, false));
    let field_range_checks = fields.iter().map(|p| range_check(p, true));
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(url.push(#text);),
        PathPart::Param(index) => match op.path_params.get(*index) {
            Some(param) => path_param(param),
            None => TokenStream::new(),
        },
    });
    let query = fields
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| query_param(p));
    let security = scheme_security(api, op);
    let query_key = match &api.auth {
        Auth::ApiKey {
            location: ApiKeyLocation::Query,
            name,
        } if op.authenticated => {
            Some(quote!(self.credentials.authenticate_query(&mut url, #name);))
        }
        Auth::Schemes(_) if security.is_some() => {
            Some(quote!(self.credentials.authenticate_query(SECURITY, &mut url);))
        }
        _ => None,
    };
    let method = method_tokens(op.method);
    let authenticate = authenticate(api, op);
    let client_headers = op
        .client_headers
        .iter()
        .filter_map(|id| api.client_header(*id))
        .map(|h| {
            let field = ident(&h.setting);
            let header = &h.header;
            quote! {
                if let Some(value) = &self.#field {
                    request = request.header(#header, value);
                }
            }
        });
    let accept = decodes_json(api, op).then(|| {
        let media = if op.accept.is_empty() {
            "application/json".to_owned()
        } else {
            op.accept.join(", ")
        };
        quote!(request = request.header(reqwest::header::ACCEPT, #media);)
    });
    let headers = fields
        .iter()
        .enumerate()
        .filter(|(_, p)| p.location == ParamLocation::Header)
        .map(|(index, p)| header_param(op, index, p));
    let cookies = cookies(api, op, &fields);
    let body = op.body.as_ref().map(set_body);
    // `request` is rebuilt by every step after it; without one, it is not mutable.
    let request_changes = authenticate.is_some()
        || !op.client_headers.is_empty()
        || accept.is_some()
        || fields.iter().any(|p| p.location == ParamLocation::Header)
        || cookies.is_some()
        || body.is_some();
    let request_binding = if request_changes {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    let empty_path = op.path.is_empty().then(|| quote!(url.push("");));
    quote! {
        #security
        #(#range_checks)*
        #(#field_range_checks)*
        let mut url = runtime::url::UrlBuilder::new(&self.core.base_url);
        #empty_path
        #(#path)*
        #(#query)*
        #query_key
        #request_binding = self.core.http.request(#method, url.finish());
        #authenticate
        #(#client_headers)*
        #accept
        #(#headers)*
        #cookies
        #body
    }
}

/// The value expression passed to the runtime for a parameter (a reference), as JSON
/// text when the parameter says so.
fn param_value(param: &Param, in_struct: bool) -> TokenStream {
    let name = ident(&param.rust_name);
    let place = if in_struct {
        quote!(params.#name)
    } else {
        quote!(#name)
    };
    // Path arguments of reference types are references already.
    let by_reference = !in_struct && ArgumentForm::of(&param.ty).is_reference();
    match (param.as_json, param.required || !in_struct, by_reference) {
        (false, _, true) => place,
        (false, _, false) => quote!(&#place),
        (true, true, true) => quote!(&runtime::json_param::JsonText(#place)),
        (true, true, false) => quote!(&runtime::json_param::JsonText(&#place)),
        (true, false, _) => quote!(&#place.as_ref().map(runtime::json_param::JsonText)),
    }
}

fn path_param(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let value = param_value(param, false);
    let style = style_keyword(param.style);
    let explode = param.explode;
    quote! {
        url.push_path_param(#wire, #value, #style, #explode)?;
    }
}

fn query_param(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let value = param_value(param, true);
    let style = style_keyword(param.style);
    let explode = param.explode;
    let allow_reserved = param.allow_reserved;
    quote! {
        url.push_query_param(#wire, #value, #style, #explode, #allow_reserved)?;
    }
}

/// The OpenAPI keyword of a style, which the runtime reads.
pub(crate) fn style_keyword(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "simple",
        ParamStyle::Label => "label",
        ParamStyle::Matrix => "matrix",
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
    }
}

fn header_param(op: &Operation, index: usize, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let field = ident(&param.rust_name);
    if op.retry == RetryRule::IdempotencyKey(index) && !param.required {
        // One key for the call, made before the first attempt, so that every retry
        // carries the same key and the server applies the request at most once.
        return quote! {
            match &params.#field {
                Some(value) => request = request.header(#wire, value.as_str()),
                None => request = request.header(#wire, runtime::idempotency_key::idempotency_key()),
            }
        };
    }
    let value = param_value(param, true);
    let explode = param.explode;
    quote! {
        if let Some(value) = runtime::header_params::header_value(#wire, #value, #explode)? {
            request = request.header(#wire, value);
        }
    }
}

/// The `Cookie` header from cookie parameters and an API key in a cookie, if any.
fn cookies(api: &Api, op: &Operation, fields: &[&Param]) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = fields
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let wire = &p.wire_name;
            let value = param_value(p, true);
            let explode = p.explode;
            quote!(cookies.push(#wire, #value, #explode)?;)
        })
        .collect();
    let key = match &api.auth {
        Auth::ApiKey {
            location: ApiKeyLocation::Cookie,
            name,
        } if op.authenticated => {
            Some(quote!(self.credentials.authenticate_cookie(&mut cookies, #name)?;))
        }
        // Every other credential of the chosen alternative goes on here too, so that an
        // API key in a cookie joins the cookie parameters in one `Cookie` header.
        Auth::Schemes(_) if !op.security.is_empty() => {
            Some(quote!(request = self.credentials.authenticate(SECURITY, request, &mut cookies)?;))
        }
        _ => None,
    };
    if pushes.is_empty() && key.is_none() {
        return None;
    }
    Some(quote! {
        let mut cookies = runtime::cookie_params::Cookies::default();
        #(#pushes)*
        #key
        request = cookies.apply(request);
    })
}

/// Header credentials (Basic, bearer, an API key header) for an operation that
/// authenticates.
fn authenticate(api: &Api, op: &Operation) -> Option<TokenStream> {
    if !op.authenticated {
        return None;
    }
    match &api.auth {
        Auth::Basic | Auth::Bearer => {
            Some(quote!(request = self.credentials.authenticate(request);))
        }
        Auth::ApiKey {
            location: ApiKeyLocation::Header,
            name,
        } => Some(quote!(request = self.credentials.authenticate(request, #name);)),
        // Sent with the cookies (see `cookies`).
        Auth::ApiKey { .. } | Auth::None | Auth::Schemes(_) => None,
    }
}

/// With several security schemes, the operation's alternatives as the constant
/// `SECURITY` the runtime chooses from; `None` when it sends no credentials.
fn scheme_security(api: &Api, op: &Operation) -> Option<TokenStream> {
    let Auth::Schemes(schemes) = &api.auth else {
        return None;
    };
    if op.security.is_empty() {
        return None;
    }
    let alternatives = op.security.iter().map(|alternative| {
        let entries = alternative
            .iter()
            .filter_map(|index| schemes.get(*index))
            .map(|scheme| {
                let name = &scheme.name;
                let (place, key) = match &scheme.kind {
                    SchemeKind::Basic => ("basic", ""),
                    SchemeKind::Bearer => ("bearer", ""),
                    SchemeKind::ApiKey { location, name } => (
                        match location {
                            ApiKeyLocation::Header => "header",
                            ApiKeyLocation::Query => "query",
                            ApiKeyLocation::Cookie => "cookie",
                        },
                        name.as_str(),
                    ),
                };
                quote!((#name, #place, #key))
            });
        quote!(&[#(#entries),*])
    });
    Some(quote! {
        const SECURITY: runtime::credentials_schemes::Security = &[#(#alternatives),*];
    })
}

fn range_check(param: &Param, in_struct: bool) -> TokenStream {
    let Some(bounds) = param.bounds else {
        return TokenStream::new();
    };
    let field = ident(&param.rust_name);
    let wire = &param.wire_name;
    let minimum = option_tokens(bounds.minimum);
    let maximum = option_tokens(bounds.maximum);
    let place = if in_struct {
        quote!(params.#field)
    } else {
        quote!(#field)
    };
    // An `i32` widens to `i64`; an `i64` goes as it is.
    let widen = |value: TokenStream| match param.ty {
        TypeRef::I32 => quote!(i64::from(#value)),
        _ => value,
    };
    if param.required || !in_struct {
        let value = widen(place);
        quote!(runtime::check_range::check_range(#wire, #value, #minimum, #maximum)?;)
    } else {
        let value = widen(quote!(value));
        quote! {
            if let Some(value) = #place {
                runtime::check_range::check_range(#wire, #value, #minimum, #maximum)?;
            }
        }
    }
}

fn option_tokens(value: Option<i64>) -> TokenStream {
    match value {
        Some(value) => {
            let value = Literal::i64_unsuffixed(value);
            quote!(Some(#value))
        }
        None => quote!(None),
    }
}

fn set_body(body: &RequestBody) -> TokenStream {
    let set = match &body.media {
        BodyMedia::Json => quote!(request = request.json(body);),
        BodyMedia::Form(fields) => {
            let fields = fields.iter().map(form_field);
            quote! {
                let form = runtime::form_body::form_body(body, &[#(#fields),*])?;
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(form);
            }
        }
        BodyMedia::Multipart(None) => quote!(request = request.multipart(body);),
        BodyMedia::Multipart(Some(_)) => {
            quote!(request = super::MultipartBody::attach(body, request)?;)
        }
        BodyMedia::Text(content_type) => quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, #content_type)
                .body(body.to_owned());
        },
        BodyMedia::Bytes(content_type) => quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, #content_type)
                .body(body);
        },
    };
    if body.required {
        set
    } else {
        quote! {
            if let Some(body) = body {
                #set
            }
        }
    }
}

/// The runtime's rule for one property of a form body (the client's and the mock's).
pub(crate) fn form_field(field: &FormField) -> TokenStream {
    let name = &field.wire_name;
    let rule = match field.rule {
        FormRule::Json => quote!(runtime::form_body::FormRule::Json),
        FormRule::Style {
            style,
            explode,
            allow_reserved,
        } => {
            let style = style_keyword(style);
            quote! {
                runtime::form_body::FormRule::Style {
                    style: #style,
                    explode: #explode,
                    allow_reserved: #allow_reserved,
                }
            }
        }
    };
    quote!(runtime::form_body::FormField { name: #name, rule: #rule })
}

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Delete => quote!(reqwest::Method::DELETE),
        Method::Options => quote!(reqwest::Method::OPTIONS),
        Method::Head => quote!(reqwest::Method::HEAD),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Trace => quote!(reqwest::Method::TRACE),
    }
}

/// Whether a success body is decoded as JSON (then `Accept` names its JSON media types).
fn decodes_json(api: &Api, op: &Operation) -> bool {
    match &op.success {
        SuccessBody::Json(_) => true,
        SuccessBody::Statuses(id) => match &api.ty(*id).kind {
            TypeKind::ResponseEnum(variants) => {
                variants.iter().any(|v| v.media == ResponseMedia::Json)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The return type of the operation and the function that makes it from the 2xx
/// response (a `fn` the runtime calls).
fn success(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    match &op.success {
        SuccessBody::Json(ty) => (
            type_tokens(api, ty, false),
            quote!(runtime::decode_json::decode_json),
        ),
        SuccessBody::Empty => (quote!(()), quote!(|response| Ok(response.answer(())))),
        SuccessBody::Text => (
            quote!(String),
            quote! {
                |response| {
                    let body = String::from_utf8_lossy(&response.body).into_owned();
                    Ok(response.answer(body))
                }
            },
        ),
        SuccessBody::Bytes => (
            quote!(Vec<u8>),
            quote! {
                |mut response| {
                    let body = std::mem::take(&mut response.body);
                    Ok(response.answer(body))
                }
            },
        ),
        SuccessBody::Statuses(id) => {
            let def = api.ty(*id);
            let name = ident(&def.name);
            let variants: &[StatusVariant] = match &def.kind {
                TypeKind::ResponseEnum(variants) => variants,
                _ => &[],
            };
            (quote!(models::#name), status_match(&name, variants))
        }
    }
}

/// The per-status decoding of an operation whose 2xx statuses have different bodies.
fn status_match(name: &proc_macro2::Ident, variants: &[StatusVariant]) -> TokenStream {
    let arm = |variant: &StatusVariant| {
        let variant_name = ident(&variant.rust_name);
        let construct = if variant.boxed {
            quote!(|body| models::#name::#variant_name(Box::new(body)))
        } else {
            quote!(models::#name::#variant_name)
        };
        match variant.media {
            ResponseMedia::Json => quote! {
                runtime::decode_json::decode_json(response).map(|decoded| decoded.map(#construct))
            },
            ResponseMedia::Text => quote! {{
                let body = String::from_utf8_lossy(&response.body).into_owned();
                Ok(response.answer(body).map(#construct))
            }},
            ResponseMedia::Bytes => quote! {{
                let body = std::mem::take(&mut response.body);
                Ok(response.answer(body).map(#construct))
            }},
            ResponseMedia::Empty => quote!(Ok(response.answer(models::#name::#variant_name))),
        }
    };
    // Exact codes first; a range, `default` or the fallback takes the rest.
    let exact = variants.iter().filter_map(|v| match v.status {
        Some(StatusMatch::Code(code)) => {
            let code = Literal::u16_unsuffixed(code);
            let body = arm(v);
            Some(quote!(#code => #body,))
        }
        _ => None,
    });
    let rest = variants
        .iter()
        .find(|v| !matches!(v.status, Some(StatusMatch::Code(_))))
        .map(|v| {
            let body = arm(v);
            quote!(_ => #body,)
        });
    // Only a bytes body takes the response's body out of it.
    let binding = if variants.iter().any(|v| v.media == ResponseMedia::Bytes) {
        quote!(mut response)
    } else {
        quote!(response)
    };
    quote! {
        |#binding| match response.status.as_u16() {
            #(#exact)*
            #rest
        }
    }
}

/// The patterns matching `codes`, ascending: runs of three or more consecutive codes as
/// one range (`403..=405`, as clippy's `manual_range_patterns` asks), the rest one by one.
fn status_patterns(mut codes: Vec<u16>) -> Vec<TokenStream> {
    codes.sort_unstable();
    codes.dedup();
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for code in codes {
        match runs.last_mut() {
            Some((_, high)) if high.checked_add(1) == Some(code) => *high = code,
            _ => runs.push((code, code)),
        }
    }
    let literal = |code: u16| {
        let code = Literal::u16_unsuffixed(code);
        quote!(#code)
    };
    let mut patterns = Vec::new();
    for (low, high) in runs {
        if high - low >= 2 {
            let (low, high) = (literal(low), literal(high));
            patterns.push(quote!(#low..=#high));
        } else {
            patterns.extend((low..=high).map(literal));
        }
    }
    patterns
}

/// A function from status and body to the operation's typed error body.
fn decode_error(api: &Api, op: &Operation) -> TokenStream {
    if op.error_responses.is_empty() {
        return quote!(|_, _| None);
    }
    let decode = |body| -> Option<TokenStream> {
        let variant = api.error_body(body)?;
        let name = ident(&variant.rust_name);
        Some(if variant.boxed {
            quote!(runtime::decode_error::decode_error_as(body).map(|b| ErrorBody::#name(Box::new(b))))
        } else {
            quote!(runtime::decode_error::decode_error_as(body).map(ErrorBody::#name))
        })
    };
    // Exact codes first, then `4XX`-style ranges, then `default`; exact codes with the
    // same body share one arm: `400 | 401 => ...`.
    let mut exact: Vec<(crate::ir::ErrorBodyId, Vec<u16>)> = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for response in &op.error_responses {
        let Some(decoded) = decode(response.body) else {
            continue;
        };
        match response.status {
            StatusMatch::Code(code) => match exact.iter_mut().find(|(b, _)| *b == response.body) {
                Some((_, codes)) => codes.push(code),
                None => exact.push((response.body, vec![code])),
            },
            StatusMatch::Range(class) => {
                let low = Literal::u16_unsuffixed(class.saturating_mul(100));
                let high = Literal::u16_unsuffixed(class.saturating_mul(100).saturating_add(99));
                ranges.push(quote!(#low..=#high => #decoded,));
            }
            StatusMatch::Default => default = Some(decoded),
        }
    }
    // Only `default`: every status decodes alike, so there is nothing to match on.
    if exact.is_empty()
        && ranges.is_empty()
        && let Some(decoded) = &default
    {
        return quote!(|_, body| #decoded);
    }
    let exact = exact.into_iter().filter_map(|(body, codes)| {
        let decoded = decode(body)?;
        let patterns = status_patterns(codes);
        Some(quote!(#(#patterns)|* => #decoded,))
    });
    let default = default.map_or_else(|| quote!(_ => None,), |decoded| quote!(_ => #decoded,));
    quote! {
        |status, body| match status {
            #(#exact)*
            #(#ranges)*
            #default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::status_patterns;

    #[test]
    fn runs_of_three_or_more_statuses_become_ranges() {
        let text = |codes: Vec<u16>| {
            status_patterns(codes)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert_eq!(text(vec![405, 403, 404, 400]), "400 | 403 ..= 405");
        assert_eq!(text(vec![400, 401, 409, 409]), "400 | 401 | 409");
        assert_eq!(text(vec![500, 501, 502, 503, 599]), "500 ..= 503 | 599");
    }
}
