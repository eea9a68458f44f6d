//! Client: operations -> async methods on `Client`, the credentials type, client-wide
//! header settings, and the `ErrorBody` enum of the error module.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{
    Api, Auth, Method, Operation, PathPart, RetryRule, StatusMatch, SuccessBody, TypeRef, Wrapping,
};

/// The error module: the fixed error types plus this API's `ErrorBody`.
pub(crate) fn emit_error(api: &Api) -> TokenStream {
    let fixed: TokenStream = match include_str!("../runtime/error.rs").parse() {
        Ok(tokens) => tokens,
        Err(_) => TokenStream::new(),
    };
    let variants = api.error_bodies.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty, false);
        let doc = format!(
            " The documented error body, decoded as `{}`.",
            variant.rust_name
        );
        quote!(#[doc = #doc] #name(#ty),)
    });
    let uses_models = api
        .error_bodies
        .iter()
        .any(|v| mentions_named(&v.ty))
        .then(|| {
            quote!(
                use crate::models;
            )
        });
    quote! {
        //! The error type of every client call.
        #uses_models

        /// The body of an error response: typed when it decodes as the operation
        /// documents for that status, else the raw text.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
            /// The body as text, when no documented type applies or it did not decode.
            Text(String),
        }

        #fixed
    }
}

fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            mentions_named(inner)
        }
        _ => false,
    }
}

/// The client module.
pub(crate) fn emit_client(api: &Api) -> TokenStream {
    let credentials = emit_credentials(&api.auth);
    let has_credentials = api.auth != Auth::None;

    let setting_fields = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        quote!(#name: Option<String>,)
    });
    let setting_inits = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        match &h.default {
            Some(default) => quote!(#name: Some(#default.to_owned()),),
            None => quote!(#name: None,),
        }
    });
    let setting_debug = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        let label = h.setting.trim_start_matches("r#");
        quote!(.field(#label, &self.#name))
    });
    let setting_methods = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        let bare = h.setting.trim_start_matches("r#");
        let with = format_ident!("with_{}", bare);
        let without = format_ident!("without_{}", bare);
        let header = &h.header;
        let default_note = match &h.default {
            Some(default) => format!(" Sent as `{header}`; the default is `{default}`."),
            None => format!(" Sent as `{header}`; not sent unless set."),
        };
        let doc = doc_attrs(h.doc.as_deref());
        let without_doc = format!(" Stops sending `{header}`.");
        let getter_doc = format!(" The value sent as `{header}`, if any.");
        quote! {
            #doc
            #[doc = ""]
            #[doc = #default_note]
            #[must_use]
            pub fn #with(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }

            #[doc = #without_doc]
            #[must_use]
            pub fn #without(mut self) -> Self {
                self.#name = None;
                self
            }

            #[doc = #getter_doc]
            pub fn #name(&self) -> Option<&str> {
                self.#name.as_deref()
            }
        }
    });

    let (credentials_field, credentials_param, credentials_init, credentials_debug, new_doc) =
        if has_credentials {
            (
                quote!(credentials: Credentials,),
                quote!(, credentials: Credentials),
                quote!(credentials,),
                quote!(.field("credentials", &self.credentials)),
                " A client for `base_url` (see [`crate::servers`]) that authenticates with `credentials`.",
            )
        } else {
            (
                TokenStream::new(),
                TokenStream::new(),
                TokenStream::new(),
                TokenStream::new(),
                " A client for `base_url` (see [`crate::servers`]).",
            )
        };
    let credentials_arg = has_credentials.then(|| quote!(, credentials));
    let authenticate = match &api.auth {
        // Without credentials the builder is the whole answer (no `let` to return).
        Auth::None => TokenStream::new(),
        Auth::Basic => quote! {
            if authenticated {
                request.basic_auth(&self.credentials.client_id, Some(&self.credentials.client_secret))
            } else {
                request
            }
        },
        Auth::Bearer => quote! {
            if authenticated {
                request.bearer_auth(&self.credentials.token)
            } else {
                request
            }
        },
        Auth::ApiKeyHeader { header } => quote! {
            if authenticated {
                let mut value = reqwest::header::HeaderValue::from_str(&self.credentials.key)
                    .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
                value.set_sensitive(true);
                request.header(#header, value)
            } else {
                request
            }
        },
    };
    let build_request = if authenticate.is_empty() {
        quote!(
            self.http
                .request(method, format!("{}{}", self.base_url, path))
        )
    } else {
        quote! {
            let request = self.http.request(method, format!("{}{}", self.base_url, path));
            #authenticate
        }
    };
    let authenticated_param = if has_credentials {
        quote!(authenticated: bool)
    } else {
        quote!(_authenticated: bool)
    };
    let operations = api.operations.iter().map(|op| emit_operation(api, op));
    let paginations = api.operations.iter().filter_map(emit_pagination);
    let support: TokenStream = include_str!("../runtime/client_support.rs")
        .parse()
        .unwrap_or_default();
    let option_setters = api.client_headers.iter().map(|h| {
        let bare = h.setting.trim_start_matches("r#");
        let with = format_ident!("with_{}", bare);
        let header = &h.header;
        let doc =
            format!(" Sends `{header}: value` with this call instead of the client's setting.");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #with(self, value: impl Into<String>) -> Self {
                self.with_header(#header, &value.into())
            }
        }
    });
    let response_getters = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        let header = &h.header;
        let doc = format!(" The `{header}` header of the response, if the server sent one.");
        quote! {
            #[doc = #doc]
            pub fn #name(&self) -> Option<&str> {
                self.header(#header)
            }
        }
    });
    let uses_models = (api.operations.iter().any(operation_mentions_models)).then(|| {
        quote!(
            use crate::models;
        )
    });
    let uses_error_body = api
        .operations
        .iter()
        .any(|op| !op.error_responses.is_empty())
        .then(|| {
            quote!(
                use crate::error::ErrorBody;
            )
        });

    quote! {
        //! The API client: one async method per operation, plus a `*_with` form taking
        //! [`RequestOptions`] and answering an [`ApiResponse`] with status and headers.
        use crate::error::Error;
        #uses_error_body
        #uses_models
        use crate::runtime;

        #credentials

        /// The `User-Agent` the client sends: the crate's name and version.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #support

        impl RequestOptions {
            #(#option_setters)*
        }

        impl<T> ApiResponse<T> {
            #(#response_getters)*
        }

        /// An API client. Cheap to clone: clones share one connection pool.
        ///
        /// Every call has a timeout ([`DEFAULT_TIMEOUT`] unless set with
        /// [`Client::with_timeout`]) and is retried per the client's [`RetryPolicy`]
        /// ([`RetryPolicy::default`] unless set with [`Client::with_retry_policy`]).
        #[derive(Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            retry: RetryPolicy,
            timeout: Option<std::time::Duration>,
            #credentials_field
            #(#setting_fields)*
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("retry", &self.retry)
                    .field("timeout", &self.timeout)
                    #credentials_debug
                    #(#setting_debug)*
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #[doc = #new_doc]
            ///
            /// # Errors
            ///
            /// [`Error::Transport`] when the HTTP client cannot be built (no TLS backend).
            pub fn new(base_url: impl Into<String> #credentials_param) -> Result<Self, Error> {
                let http = reqwest::Client::builder().user_agent(USER_AGENT).build()?;
                Ok(Self::from_http_client(http, base_url #credentials_arg))
            }

            /// A client that sends its requests through `http`, for custom proxies,
            /// TLS or connection pools. Set the `User-Agent` on `http` yourself. The
            /// client's own timeout ([`DEFAULT_TIMEOUT`]) overrides one set on `http`:
            /// call [`Client::without_timeout`] to keep that one.
            pub fn from_http_client(http: reqwest::Client, base_url: impl Into<String> #credentials_param) -> Self {
                let mut base_url = base_url.into();
                while base_url.ends_with('/') {
                    base_url.pop();
                }
                Client {
                    http,
                    base_url,
                    retry: RetryPolicy::default(),
                    timeout: Some(DEFAULT_TIMEOUT),
                    #credentials_init
                    #(#setting_inits)*
                }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The timeout of every call (connecting, sending and reading the whole
            /// response), unless [`RequestOptions::with_timeout`] overrides it. A call that
            /// times out fails with an [`Error::Transport`] for which
            /// [`Error::is_timeout`] holds, and is not retried.
            #[must_use]
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// No timeout of the client's own (one set on the `reqwest::Client` still applies).
            #[must_use]
            pub fn without_timeout(mut self) -> Self {
                self.timeout = None;
                self
            }

            /// The timeout of every call, if any.
            pub fn timeout(&self) -> Option<std::time::Duration> {
                self.timeout
            }

            /// When and how often calls are retried; [`RetryPolicy::none`] turns retries off.
            #[must_use]
            pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            /// The retry policy of every call, unless [`RequestOptions::with_retry_policy`]
            /// overrides it.
            pub fn retry_policy(&self) -> &RetryPolicy {
                &self.retry
            }

            #(#setting_methods)*

            fn settings(&self) -> runtime::Settings<'_> {
                runtime::Settings {
                    http: &self.http,
                    retry: &self.retry,
                    timeout: self.timeout,
                }
            }

            fn request(&self, method: reqwest::Method, path: &str, #authenticated_param) -> reqwest::RequestBuilder {
                #build_request
            }

            #(#operations)*

            #(#paginations)*
        }
    }
}

fn operation_mentions_models(op: &Operation) -> bool {
    op.params_struct.is_some()
        || op.path_params.iter().any(|p| mentions_named(&p.ty))
        || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
        || matches!(&op.success, SuccessBody::Json(ty) if mentions_named(ty))
        || super::media::success_mentions_models(&op.success)
}

fn emit_credentials(auth: &Auth) -> TokenStream {
    match auth {
        Auth::None => TokenStream::new(),
        Auth::Basic => quote! {
            /// HTTP Basic credentials: a client id and its secret.
            ///
            /// `Debug` never shows the secret.
            #[derive(Clone)]
            pub struct Credentials {
                client_id: String,
                client_secret: String,
            }

            impl Credentials {
                /// Credentials from a client id and its secret.
                pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                    Credentials {
                        client_id: client_id.into(),
                        client_secret: client_secret.into(),
                    }
                }

                /// The client id.
                pub fn client_id(&self) -> &str {
                    &self.client_id
                }
            }

            impl std::fmt::Debug for Credentials {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct("Credentials")
                        .field("client_id", &self.client_id)
                        .field("client_secret", &"<redacted>")
                        .finish()
                }
            }
        },
        Auth::Bearer => quote! {
            /// A bearer token. `Debug` never shows it.
            #[derive(Clone)]
            pub struct Credentials {
                token: String,
            }

            impl Credentials {
                /// Credentials from a bearer token.
                pub fn bearer(token: impl Into<String>) -> Self {
                    Credentials { token: token.into() }
                }
            }

            impl std::fmt::Debug for Credentials {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct("Credentials").field("token", &"<redacted>").finish()
                }
            }
        },
        Auth::ApiKeyHeader { .. } => quote! {
            /// An API key. `Debug` never shows it.
            #[derive(Clone)]
            pub struct Credentials {
                key: String,
            }

            impl Credentials {
                /// Credentials from an API key.
                pub fn api_key(key: impl Into<String>) -> Self {
                    Credentials { key: key.into() }
                }
            }

            impl std::fmt::Debug for Credentials {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct("Credentials").field("key", &"<redacted>").finish()
                }
            }
        },
    }
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

/// The argument type of a path parameter.
fn path_arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            type_tokens(ty, false)
        }
        other => {
            let ty = type_tokens(other, false);
            quote!(&#ty)
        }
    }
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.rust_name);
    let mut doc_text = String::new();
    if let Some(summary) = &op.summary {
        doc_text.push_str(summary.trim());
    }
    if let Some(description) = &op.description
        && op.summary.as_deref().map(str::trim) != Some(description.trim())
    {
        if !doc_text.is_empty() {
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(description.trim());
    }
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!("`{} {}`", op.method.as_str(), op.path_template));
    if op.deprecated {
        doc_text.push_str("\n\n**Deprecated** by the API.");
    }
    let doc = doc_attrs(Some(&doc_text));
    let errors_doc = quote! {
        ///
        /// # Errors
        ///
        /// [`Error::Status`] when the server answers outside 2xx, [`Error::Decode`] when a
        /// 2xx body does not decode, [`Error::Transport`] when the request fails, and
        /// [`Error::InvalidArgument`] for an argument that cannot be sent.
    };

    let path_args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = path_arg_type(&p.ty);
            quote!(#name: #ty,)
        })
        .collect();
    let mut arg_names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            quote!(#name,)
        })
        .collect();
    if op.params_struct.is_some() {
        arg_names.push(quote!(params,));
    }
    if op.body.is_some() {
        arg_names.push(quote!(body,));
    }
    let params_arg = op.params_struct.as_ref().map(|s| {
        let s = ident(s);
        quote!(params: &models::#s,)
    });
    let body_arg = op.body.as_ref().map(super::media::emit_body_arg);

    // The path, with each parameter percent-encoded into its own segment.
    let mut format_string = String::new();
    let mut segments = Vec::new();
    for (position, part) in op.path_parts.iter().enumerate() {
        match part {
            PathPart::Literal(text) => {
                format_string.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                if let Some(param) = op.path_params.get(*index) {
                    let name = ident(&param.rust_name);
                    let segment =
                        format_ident!("{}_segment", crate::naming::unraw(&param.rust_name));
                    format_string.push_str(&format!("{{{segment}}}"));
                    let wire = &param.wire_name;
                    let text = match param.ty {
                        TypeRef::String => quote!(#name),
                        _ => quote!(&#name.to_string()),
                    };
                    // A variable written twice in the template is encoded once.
                    let first_use = !op.path_parts[..position]
                        .iter()
                        .any(|part| part == &PathPart::Param(*index));
                    if first_use {
                        segments.push(
                            quote!(let #segment = runtime::encode_path_segment(#wire, #text)?;),
                        );
                    }
                }
            }
        }
    }
    let path = if segments.is_empty() {
        quote!(let path = #format_string;)
    } else {
        quote!(#(#segments)* let path = format!(#format_string);)
    };
    let path_ref = if segments.is_empty() {
        quote!(path)
    } else {
        quote!(&path)
    };
    let method = method_tokens(op.method);
    let authenticated = op.authenticated;

    let range_checks = op
        .query_params
        .iter()
        .chain(&op.header_params)
        .filter(|p| p.minimum.is_some() || p.maximum.is_some())
        .filter(|p| matches!(p.ty, TypeRef::I32 | TypeRef::I64))
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let minimum = option_tokens(p.minimum);
            let maximum = option_tokens(p.maximum);
            if p.required {
                quote!(runtime::check_range(#wire, i64::from(params.#field), #minimum, #maximum)?;)
            } else {
                quote! {
                    if let Some(value) = params.#field {
                        runtime::check_range(#wire, i64::from(value), #minimum, #maximum)?;
                    }
                }
            }
        });

    let client_headers = op
        .client_headers
        .iter()
        .filter_map(|index| api.client_headers.get(*index))
        .map(|h| {
            let field = ident(&h.setting);
            let header = &h.header;
            quote! {
                if let Some(value) = &self.#field {
                    request = request.header(#header, value);
                }
            }
        });

    let query = (!op.query_params.is_empty()).then(|| {
        let pushes = op.query_params.iter().map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let push = match &p.ty {
                TypeRef::Vec(_) if p.explode => quote! {
                    for item in value {
                        query.push((#wire, item.to_string()));
                    }
                },
                TypeRef::Vec(_) => quote! {
                    query.push((#wire, value.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")));
                },
                _ => quote!(query.push((#wire, value.to_string()));),
            };
            if p.required {
                quote! {
                    let value = &params.#field;
                    #push
                }
            } else {
                quote! {
                    if let Some(value) = &params.#field {
                        #push
                    }
                }
            }
        });
        quote! {
            let mut query: Vec<(&str, String)> = Vec::new();
            #(#pushes)*
            request = request.query(&query);
        }
    });

    let headers = op.header_params.iter().enumerate().map(|(index, p)| {
        let field = ident(&p.rust_name);
        let wire = &p.wire_name;
        if op.retry == RetryRule::IdempotencyKey(index) && !p.required {
            // One key for the call, made before the first attempt, so that every retry
            // carries the same key and the server applies the request at most once.
            return quote! {
                match &params.#field {
                    Some(value) => request = request.header(#wire, value.as_str()),
                    None => request = request.header(#wire, runtime::idempotency_key()),
                }
            };
        }
        let value = match &p.ty {
            TypeRef::Vec(_) => quote!(
                value
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            _ => quote!(value.to_string()),
        };
        if p.required {
            quote! {
                let value = &params.#field;
                request = request.header(#wire, #value);
            }
        } else {
            quote! {
                if let Some(value) = &params.#field {
                    request = request.header(#wire, #value);
                }
            }
        }
    });

    let body = op.body.as_ref().map(super::media::emit_set_body);
    let cookies = super::media::emit_cookies(op);

    let accept = super::media::decodes_json(&op.success)
        .then(|| quote!(request = request.header(reqwest::header::ACCEPT, "application/json");));

    let decode_error = emit_decode_error(api, op);
    let (return_type, finish) = match &op.success {
        SuccessBody::Json(ty) => {
            let ty = type_tokens(ty, false);
            (ty, quote!(runtime::decode_json(response)))
        }
        SuccessBody::Empty => (quote!(()), quote!(Ok(runtime::empty_response(response)))),
        other => super::media::emit_success(other),
    };
    let with_name = format_ident!("{}_with", crate::naming::unraw(&op.rust_name));
    let with_doc = format!(
        " [`Client::{}`] with per-call `options`, answering the body with the response's status and headers.",
        crate::naming::unraw(&op.rust_name)
    );
    let template = &op.path_template;
    let retryable = op.retry != RetryRule::Never;
    let needs_mut = client_headers_nonempty(op)
        || query.is_some()
        || !op.header_params.is_empty()
        || body.is_some()
        || cookies.is_some()
        || accept.is_some();
    let binding = if needs_mut {
        quote!(let mut request)
    } else {
        quote!(let request)
    };

    quote! {
        #doc
        #errors_doc
        pub async fn #name(&self, #(#path_args)* #params_arg #body_arg) -> Result<#return_type, Error> {
            self.#with_name(#(#arg_names)* &RequestOptions::new())
                .await
                .map(ApiResponse::into_body)
        }

        #[doc = #with_doc]
        #errors_doc
        pub async fn #with_name(
            &self,
            #(#path_args)* #params_arg #body_arg
            options: &RequestOptions,
        ) -> Result<ApiResponse<#return_type>, Error> {
            #(#range_checks)*
            #path
            #binding = self.request(#method, #path_ref, #authenticated);
            #(#client_headers)*
            #accept
            #query
            #(#headers)*
            #cookies
            #body
            let call = runtime::Call {
                #[cfg(feature = "tracing")]
                path_template: #template,
                retryable: #retryable,
                decode_error: #decode_error,
            };
            let response = runtime::send(self.settings(), request, &call, options).await?;
            #finish
        }
    }
}

fn client_headers_nonempty(op: &Operation) -> bool {
    !op.client_headers.is_empty()
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

/// A function from status and body to the operation's typed error body.
fn emit_decode_error(api: &Api, op: &Operation) -> TokenStream {
    if op.error_responses.is_empty() {
        return quote!(|_, _| None);
    }
    // Exact codes first, then `4XX`-style ranges, then `default`.
    // Exact codes with the same body share one arm: `400 | 401 => ...`.
    let mut exact: Vec<(usize, Vec<Literal>)> = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for response in &op.error_responses {
        let Some(variant) = api.error_bodies.get(response.body) else {
            continue;
        };
        let variant = ident(&variant.rust_name);
        let decode = quote!(runtime::decode_error_as(body).map(ErrorBody::#variant));
        match response.status {
            StatusMatch::Code(code) => {
                match exact.iter_mut().find(|(body, _)| *body == response.body) {
                    Some((_, codes)) => codes.push(Literal::u16_unsuffixed(code)),
                    None => exact.push((response.body, vec![Literal::u16_unsuffixed(code)])),
                }
            }
            StatusMatch::Range(class) => {
                let low = Literal::u16_unsuffixed(class.saturating_mul(100));
                let high = Literal::u16_unsuffixed(class.saturating_mul(100).saturating_add(99));
                ranges.push(quote!(#low..=#high => #decode,));
            }
            StatusMatch::Default => default = Some(quote!(_ => #decode,)),
        }
    }
    // Only `default`: every status decodes alike, so there is nothing to match on.
    if exact.is_empty()
        && ranges.is_empty()
        && let Some(response) = op
            .error_responses
            .iter()
            .find(|r| r.status == StatusMatch::Default)
        && let Some(variant) = api.error_bodies.get(response.body)
    {
        let variant = ident(&variant.rust_name);
        return quote!(|_, body| runtime::decode_error_as(body).map(ErrorBody::#variant));
    }
    let exact = exact.into_iter().filter_map(|(body, codes)| {
        let variant = ident(&api.error_bodies.get(body)?.rust_name);
        Some(quote!(#(#codes)|* => runtime::decode_error_as(body).map(ErrorBody::#variant),))
    });
    let default = default.unwrap_or_else(|| quote!(_ => None,));
    quote! {
        |status, body| match status {
            #(#exact)*
            #(#ranges)*
            #default
        }
    }
}

/// `*_pages` and `*_stream` methods of a cursor-paginated list operation.
fn emit_pagination(op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let params_struct = ident(op.params_struct.as_ref()?);
    // The walker re-sends the operation with only the cursor changed: path parameters and a
    // body would have to be cloned into every request, and list operations have neither.
    if !op.path_params.is_empty() || op.body.is_some() {
        return None;
    }
    let bare = crate::naming::unraw(&op.rust_name);
    let name = ident(&op.rust_name);
    let pages = format_ident!("{}_pages", bare);
    let stream = format_ident!("{}_stream", bare);
    let cursor = ident(&pagination.cursor_field);
    let page_type = type_tokens(&pagination.page_type, false);
    let item_type = type_tokens(&pagination.item_type, false);

    let items_field = ident(&pagination.items.rust_name);
    let items = match pagination.items.wrapping {
        Wrapping::Plain => quote!(page.#items_field),
        Wrapping::Option => quote!(page.#items_field.unwrap_or_default()),
        Wrapping::DoubleOption => quote!(page.#items_field.flatten().unwrap_or_default()),
    };

    // Plain fields are followed directly, then `Option` layers with `and_then`.
    let mut path = quote!(page);
    let mut optional = false;
    for step in &pagination.next_cursor {
        let field = ident(&step.rust_name);
        path = match (optional, step.wrapping) {
            (false, Wrapping::Plain) => quote!(#path.#field),
            (false, Wrapping::Option) => quote!(#path.#field.as_ref()),
            (false, Wrapping::DoubleOption) => {
                quote!(#path.#field.as_ref().and_then(Option::as_ref))
            }
            (true, Wrapping::Plain) => quote!(#path.map(|value| &value.#field)),
            (true, Wrapping::Option) => quote!(#path.and_then(|value| value.#field.as_ref())),
            (true, Wrapping::DoubleOption) => quote!(
                #path.and_then(|value| value.#field.as_ref().and_then(Option::as_ref))
            ),
        };
        optional = optional || step.wrapping != Wrapping::Plain;
    }
    let next_cursor = if optional {
        quote!(#path.cloned())
    } else {
        quote!(Some(#path.clone()))
    };

    let cursor_wire = op
        .query_params
        .iter()
        .find(|p| p.rust_name == pagination.cursor_field)
        .map_or_else(|| pagination.cursor_field.clone(), |p| p.wire_name.clone());
    let pages_doc = format!(
        " Every page of [`Client::{bare}`], from the page at `params.{}` (the first when\n unset), following each page's next cursor into `{cursor_wire}` until there is none.\n\n The stream owns what it needs (it does not borrow the client). Each page is one\n call with the client's timeout and retry policy; an error ends the stream. A cursor the\n server already gave ends it with [`Error::RepeatedCursor`].",
        crate::naming::unraw(&pagination.cursor_field)
    );
    let stream_doc = format!(
        " Every item of [`Client::{bare}`], across pages: the items of [`Client::{pages}`],\n in order. Pin it (`std::pin::pin!`) and take items with\n [`TryStreamExt::try_next`](crate::TryStreamExt::try_next), or gather them with\n [`TryStreamExt::try_collect`](crate::TryStreamExt::try_collect)."
    );
    let stream_doc_lines = stream_doc.split('\n').map(str::to_owned);
    let pages_doc_lines = pages_doc.split('\n').map(str::to_owned);
    Some(quote! {
        #(#[doc = #pages_doc_lines])*
        pub fn #pages(
            &self,
            params: &models::#params_struct,
        ) -> impl futures_util::Stream<Item = Result<#page_type, Error>> + use<> {
            let client = self.clone();
            let params = params.clone();
            runtime::walk_pages(
                params.#cursor.clone(),
                move |cursor| {
                    let client = client.clone();
                    let mut params = params.clone();
                    params.#cursor = cursor;
                    async move { client.#name(&params).await }
                },
                |page: &#page_type| #next_cursor,
            )
        }

        #(#[doc = #stream_doc_lines])*
        pub fn #stream(
            &self,
            params: &models::#params_struct,
        ) -> impl futures_util::Stream<Item = Result<#item_type, Error>> + use<> {
            runtime::page_items(self.#pages(params), |page: #page_type| #items)
        }
    })
}
