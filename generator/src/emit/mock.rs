//! `mock.rs` (the generated crate's cargo feature `mock`): a typed mock of the API for
//! tests of code that calls it. The server is the runtime's `mock_server` piece; this
//! module writes what is the API's own: the `Operation` enum with each operation's route,
//! one marker type per operation, a `MockServer` method per operation, and for each
//! operation typed matchers (path, query and header parameters, the body) and typed
//! answers (the success body, each documented error body, the pages of a cursor list).
//!
//! The names it adds (enum variants, marker types, methods) and each builder's methods
//! are the lowering's plan (`ir::MockPlan`, made in `lower::mock`).

use std::collections::BTreeSet;
use std::ops::Range;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operation::argument_type;
pub(crate) use super::operation::style_keyword;
use super::pagination::next_cursor;
use super::{Position, Segment, code, gates, ident, line_attr, mentions_models, type_tokens};
use crate::ir::{
    Api, BodyMedia, MockMethodKind, Operation, Pagination, Param, PathPart, RequestBody,
    ResponseMedia, StatusMatch, StatusVariant, SuccessBody, TypeKind, TypeRef,
};
use crate::naming;
use crate::runtime::Piece;

/// The comment above the feature in the generated `Cargo.toml`.
pub(crate) const FEATURE_DOC: &str =
    "# `mock::MockServer`: a mock of the API on loopback, for tests of code that calls it.";

/// The mock pieces the crate's `mock` module uses (none without operations).
pub(crate) fn mock_pieces(operations: &[&Operation]) -> BTreeSet<Piece> {
    let mut pieces = BTreeSet::new();
    if operations.is_empty() {
        return pieces;
    }
    pieces.insert(Piece::MockServer);
    for method in operations.iter().flat_map(|op| &op.mock.methods) {
        match method.kind {
            MockMethodKind::Path(_) => pieces.insert(Piece::MockPathParams),
            MockMethodKind::Query(_) => pieces.insert(Piece::MockQueryParams),
            MockMethodKind::Header(_) => pieces.insert(Piece::MockHeaderParams),
            MockMethodKind::Pages => pieces.insert(Piece::MockPages),
            _ => false,
        };
    }
    if has_typed_multipart(operations.iter().copied()) {
        pieces.insert(Piece::MockMultipart);
    }
    pieces
}

/// Whether an operation takes a typed multipart body (which the mock matches and reads
/// back part by part).
fn has_typed_multipart<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> bool {
    operations.into_iter().any(|op| {
        matches!(
            op.body.as_ref().map(|body| &body.media),
            Some(BodyMedia::Multipart(Some(_)))
        )
    })
}

/// The field of the operation's params struct at `index`.
fn field(op: &Operation, index: usize) -> Option<&Param> {
    op.params.as_ref()?.fields.get(index)
}

/// The runs of `src/mock.rs`, each written in parts of at most `size` operations: the
/// file's header and the `Operation` enum, its table of names and routes, the marker
/// types, the `MockServer` methods, and the typed builders (with the `received` getters
/// last). Each list of every operation is a run of its own, so no part grows with the
/// API.
pub(crate) fn mock_segments(api: &Api) -> Vec<Segment<'_>> {
    let count = api.operations.len();
    vec![
        Segment::new(count, 3, 1, move |range, at| {
            let header = at.first.then(|| emit_mock_header(api));
            let variants = operations_of(api, range).map(variant);
            let attributes = at.first.then(|| {
                quote! {
                    /// The operations of the API, to ask a [`MockServer`] what it received.
                    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                }
            });
            quote! {
                #header
                #attributes
                pub enum Operation {
                    #(#variants)*
                }
            }
        }),
        Segment::new(count, 6, 3, move |range, at| {
            operation_table(api, range, at)
        }),
        Segment::new(count, 3, 1, move |range, at| {
            let markers = operations_of(api, range).map(marker);
            let doc = at.first.then(|| {
                quote! {
                    /// One type per operation, naming the operation of a [`MockBuilder`]: the typed
                    /// matchers and answers of `MockBuilder<'_, operations::X>` are those of `X`.
                }
            });
            quote! {
                #doc
                pub mod operations {
                    #(#markers)*
                }
            }
        }),
        Segment::new(count, 6, 1, move |range, _| {
            let methods = operations_of(api, range).map(|op| server_method(api, op));
            quote! {
                impl MockServer {
                    #(#methods)*
                }
            }
        }),
        Segment::new(count, 55, 0, move |range, at| {
            let mut tokens = TokenStream::new();
            for op in operations_of(api, range) {
                tokens.extend(gates::gate_items(api, &op.gate, emit_builder(api, op)));
            }
            if let Some(getters) = at.last.then(|| received_getters(api)).flatten() {
                tokens.extend(getters);
            }
            tokens
        }),
    ]
}

/// The operations of `range`.
fn operations_of(api: &Api, range: Range<usize>) -> impl Iterator<Item = &Operation> {
    api.operations.get(range).unwrap_or_default().iter()
}

/// What `src/mock.rs` holds before the `Operation` enum.
fn emit_mock_header(api: &Api) -> TokenStream {
    let multipart: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| has_typed_multipart([*op]))
        .collect();
    let received_parts = (!multipart.is_empty()).then(|| {
        let cfg = gates::cfg_used_by(api, multipart.iter().map(|op| &op.gate));
        quote! {
            #cfg
            pub use super::runtime::mock_multipart::ReceivedPart;
        }
    });
    let uses_models = models_import(api);
    quote! {
        //! A mock of the API for tests of code that calls it (the cargo feature `mock`, off
        //! by default).
        //!
        //! [`MockServer::start`] runs a real HTTP server on loopback; point the
        //! [`Client`](super::client::Client) at [`MockServer::url`]. Each operation has a
        //! method of [`MockServer`] that sets up a mock of it: narrow it with typed matchers
        //! (`with_<parameter>(value)`, compared with what the client writes for that value),
        //! then answer with `responds_ok(body)` (the success body), `responds_<status>(body)`
        //! (an error body the API documents), [`MockBuilder::responds_status`],
        //! [`MockBuilder::responds_raw`] or [`MockBuilder::drops_connection`].
        //! [`MockHandle::once`], [`MockHandle::times`], [`MockHandle::with_delay`] and
        //! [`MockHandle::with_retry_after`] shape the answers. [`MockServer::received`]
        //! tells what the server received for an [`Operation`]; a request no mock matches
        //! is answered `404` with the reason, and kept (see [`MockServer::unmatched`]), with
        //! at most [`DEFAULT_MAX_BODY_BYTES`] of its body ([`MockServer::with_max_body_bytes`]).
        #uses_models
        use super::runtime;

        pub use super::runtime::mock_server::{
            DEFAULT_MAX_BODY_BYTES, MockBuilder, MockHandle, MockServer, ReceivedRequest,
        };
        #received_parts
    }
}

/// The `Operation` variant of an operation.
fn variant(op: &Operation) -> TokenStream {
    let variant = ident(&op.mock.variant);
    // The variants stay whatever the features (they hold no types, and `ALL` is an
    // array of them): the link to the method only where the method always is.
    let route = code(&format!("{} {}", op.method.as_str(), op.path_template));
    let doc = if op.gate.is_open() {
        format!(
            " {route}: [`Client::{name}`](super::client::Client::{name}).",
            name = op.rust_name,
        )
    } else {
        format!(" {route}: `Client::{}`.", naming::unraw(&op.rust_name))
    };
    let doc = line_attr(doc);
    quote!(#doc #variant,)
}

/// The marker type of an operation, in `mock::operations`.
fn marker(op: &Operation) -> TokenStream {
    let marker = ident(&op.mock.variant);
    let doc = format!(
        " The operation `{}` ({}), for [`MockBuilder`](super::MockBuilder).",
        naming::unraw(&op.rust_name),
        code(&format!("{} {}", op.method.as_str(), op.path_template))
    );
    let doc = line_attr(doc);
    quote!(#doc #[derive(Debug)] pub enum #marker {})
}

/// The `MockServer` method that sets up a mock of an operation.
fn server_method(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.mock.server_method);
    let marker = ident(&op.mock.variant);
    let doc = format!(
        " A mock of [`Client::{name}`](super::client::Client::{name}) ({}): narrow it with the `with_*` matchers of [`MockBuilder<'_, operations::{marker}>`](MockBuilder), then set it up with one of its `responds_*` answers.",
        code(&format!("{} {}", op.method.as_str(), op.path_template)),
        name = op.rust_name,
    );
    let doc = line_attr(doc);
    let cfg = gates::cfg(api, &op.gate);
    quote! {
        #doc
        #cfg
        pub fn #method(&self) -> MockBuilder<'_, operations::#marker> {
            MockBuilder::new(self, Operation::#marker)
        }
    }
}

/// `impl Operation`: `ALL`, the names and routes, read from one table, a `match` on the
/// operation's place in the enum whose arms `range` gives (the first part writes the
/// methods, the last the arm for no operation).
fn operation_table(api: &Api, range: Range<usize>, at: Position) -> TokenStream {
    let start = range.start;
    let arms = operations_of(api, range).enumerate().map(|(offset, op)| {
        let index = Literal::usize_unsuffixed(start + offset);
        let variant = ident(&op.mock.variant);
        let name = naming::unraw(&op.rust_name);
        let method = op.method.as_str();
        let (literals, params) = route_parts(op);
        quote! {
            #index => Some((
                Operation::#variant,
                #name,
                runtime::mock_server::Route {
                    method: #method,
                    literals: &[#(#literals),*],
                    params: &[#(#params),*],
                },
            )),
        }
    });
    let methods = at.first.then(|| {
        let count = Literal::usize_unsuffixed(api.operations.len());
        let first = api.operations.first().map(|op| ident(&op.mock.variant));
        quote! {
            /// Every operation, in the order of the API document.
            pub const ALL: [Operation; #count] = {
                let mut all = [Operation::#first; #count];
                let mut index = 0;
                while index < #count {
                    if let Some((operation, _, _)) = Operation::entry(index) {
                        all[index] = operation;
                    }
                    index += 1;
                }
                all
            };

            /// The name of the client's method for the operation.
            pub fn name(self) -> &'static str {
                Operation::entry(self as usize).map_or("", |(_, name, _)| name)
            }

            /// The method and path template of the operation's requests.
            pub(crate) fn route(self) -> runtime::mock_server::Route {
                Operation::entry(self as usize).map_or(
                    runtime::mock_server::Route {
                        method: "",
                        literals: &[],
                        params: &[],
                    },
                    |(_, _, route)| route,
                )
            }
        }
    });
    let none = at.last.then(|| quote!(_ => None,));
    let doc = at.first.then(|| {
        quote!(#[doc = " The operation at `index` in the enum's order, its name and its route."])
    });
    quote! {
        impl Operation {
            #methods

            #doc
            const fn entry(index: usize) -> Option<(Operation, &'static str, runtime::mock_server::Route)> {
                match index {
                    #(#arms)*
                    #none
                }
            }
        }
    }
}

/// The path template as the literal text around the path parameters' wire names.
fn route_parts(op: &Operation) -> (Vec<String>, Vec<String>) {
    let mut literals = vec![String::new()];
    let mut params = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => {
                if let Some(last) = literals.last_mut() {
                    last.push_str(text);
                }
            }
            PathPart::Param(index) => {
                let wire = op
                    .path_params
                    .get(*index)
                    .map_or_else(String::new, |p| p.wire_name.clone());
                params.push(wire);
                literals.push(String::new());
            }
        }
    }
    (literals, params)
}

/// The typed matchers and answers of one operation's mock: its builder, as the lowering
/// planned it.
fn emit_builder(api: &Api, op: &Operation) -> TokenStream {
    let items = op
        .mock
        .methods
        .iter()
        .filter_map(|method| emit_method(api, op, method.kind, &method.name));
    let marker = ident(&op.mock.variant);
    quote! {
        impl MockBuilder<'_, operations::#marker> {
            #(#items)*
        }
    }
}

/// One method of a builder; `None` only for an index the operation does not have (the
/// lowering never plans one).
fn emit_method(api: &Api, op: &Operation, kind: MockMethodKind, name: &str) -> Option<TokenStream> {
    Some(match kind {
        MockMethodKind::Path(index) => path_matcher(api, op.path_params.get(index)?, name),
        MockMethodKind::Query(index) => query_matcher(api, field(op, index)?, name),
        MockMethodKind::Header(index) => header_matcher(api, field(op, index)?, name),
        MockMethodKind::Key(index) => key_matcher(field(op, index)?, name),
        MockMethodKind::Body => body_matcher(api, op.body.as_ref()?, name),
        MockMethodKind::Success => success_answer(api, op, name),
        MockMethodKind::Pages => pages_answer(api, op.pagination.as_ref()?, name),
        MockMethodKind::Error(index) => {
            let response = op.error_responses.get(index)?;
            let variant = api.error_body(response.body)?;
            error_answer(api, response.status, &variant.ty, name)
        }
    })
}

/// The documentation line of the answer for a documented error status (none for
/// `default`, whose documentation is fixed).
fn error_doc(status: StatusMatch) -> Option<String> {
    match status {
        StatusMatch::Code(status) => Some(format!(
            " Answers `{status}` with `body`, the error body the API documents for it."
        )),
        StatusMatch::Range(class) => Some(format!(
            " Answers `status` (a `{class}xx` status) with `body`, the error body the API documents for those statuses."
        )),
        StatusMatch::Default => None,
    }
}

fn error_answer(api: &Api, status: StatusMatch, ty: &TypeRef, name: &str) -> TokenStream {
    let ty = type_tokens(api, ty, false);
    let method = ident(name);
    let doc = error_doc(status).map(line_attr);
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! {
                #doc
                pub fn #method(self, body: #ty) -> MockHandle {
                    self.responds_status(#code, body)
                }
            }
        }
        StatusMatch::Range(_) => quote! {
            #doc
            pub fn #method(self, status: u16, body: #ty) -> MockHandle {
                self.responds_status(status, body)
            }
        },
        StatusMatch::Default => quote! {
            /// Answers `status` (one the API documents no other body for) with
            /// `body`, the API's `default` error body.
            pub fn #method(self, status: u16, body: #ty) -> MockHandle {
                self.responds_status(status, body)
            }
        },
    }
}

/// The argument and the reference to it that the client's encoders take (as JSON text
/// when the parameter is sent so).
fn matcher_value(api: &Api, param: &Param) -> (TokenStream, TokenStream) {
    let (argument, by_reference) = argument_type(api, &param.ty);
    let place = if by_reference {
        quote!(value)
    } else {
        quote!(&value)
    };
    let value = if param.as_json {
        quote!(&runtime::json_param::JsonText(#place))
    } else {
        place
    };
    (argument, value)
}

/// The documentation line of a parameter's matcher.
fn matcher_doc(param: &Param, place: &str) -> String {
    format!(
        " Only requests whose {place} {} is `value`, compared with what the client writes for it.",
        code(&param.wire_name)
    )
}

fn path_matcher(api: &Api, param: &Param, method: &str) -> TokenStream {
    let method = ident(method);
    let (argument, value) = matcher_value(api, param);
    let wire = &param.wire_name;
    let style = style_keyword(param.style);
    let explode = param.explode;
    let doc = matcher_doc(param, "path parameter");
    let doc = line_attr(doc);
    quote! {
        #doc
        pub fn #method(self, value: #argument) -> Self {
            self.expect_path_param(#wire, #value, #style, #explode)
        }
    }
}

fn query_matcher(api: &Api, param: &Param, method: &str) -> TokenStream {
    let method = ident(method);
    let (argument, value) = matcher_value(api, param);
    let wire = &param.wire_name;
    let style = style_keyword(param.style);
    let explode = param.explode;
    let allow_reserved = param.allow_reserved;
    let doc = matcher_doc(param, "query parameter");
    let doc = line_attr(doc);
    quote! {
        #doc
        pub fn #method(self, value: #argument) -> Self {
            self.expect_query_param(#wire, #value, #style, #explode, #allow_reserved)
        }
    }
}

fn header_matcher(api: &Api, param: &Param, method: &str) -> TokenStream {
    let method = ident(method);
    let (argument, value) = matcher_value(api, param);
    let wire = &param.wire_name;
    let explode = param.explode;
    let doc = matcher_doc(param, "header");
    let doc = line_attr(doc);
    quote! {
        #doc
        pub fn #method(self, value: #argument) -> Self {
            self.expect_header_param(#wire, #value, #explode)
        }
    }
}

/// The matcher of an optional `Idempotency-Key` header (a string the client sends as it
/// is, or a key it makes when none is given).
fn key_matcher(param: &Param, method: &str) -> TokenStream {
    let method = ident(method);
    let wire = &param.wire_name;
    let doc = matcher_doc(param, "header");
    let doc = line_attr(doc);
    quote! {
        #doc
        ///
        /// # Panics
        ///
        /// When `value` cannot be a header value.
        #[track_caller]
        pub fn #method(self, value: &str) -> Self {
            self.with_header(#wire, value)
        }
    }
}

/// The body matcher, for bodies the mock can compare (which `lower::mock` plans).
fn body_matcher(api: &Api, body: &RequestBody, method: &str) -> TokenStream {
    let (argument, call) = match &body.media {
        BodyMedia::Json => (
            argument_type(api, &body.ty).0,
            quote!(self.with_json_body(value)),
        ),
        BodyMedia::Bytes(_) => (quote!(&[u8]), quote!(self.with_raw_body(value))),
        BodyMedia::Form(fields) => {
            let fields = fields.iter().map(super::operation::form_field);
            (
                argument_type(api, &body.ty).0,
                quote! {
                    match runtime::form_body::form_body(value, &[#(#fields),*]) {
                        Ok(text) => self.with_raw_body(text),
                        Err(error) => {
                            let reason = format!("the body is expected to be one the client refuses ({error})");
                            self.expect(move |_| Err(reason.clone()))
                        }
                    }
                },
            )
        }
        BodyMedia::Multipart(Some(form)) => {
            let name = ident(&form.name);
            (
                quote!(&super::models::#name),
                quote!(self.expect_multipart_body(value.clone().parts())),
            )
        }
        _ => (quote!(&str), quote!(self.with_raw_body(value))),
    };
    let doc = line_attr(body_matcher_doc(&body.media));
    let method = ident(method);
    quote! {
        #doc
        pub fn #method(self, value: #argument) -> Self {
            #call
        }
    }
}

/// The documentation line of the body matcher.
fn body_matcher_doc(media: &BodyMedia) -> &'static str {
    match media {
        BodyMedia::Json => " Only requests whose JSON body is `value` (compared as JSON values).",
        BodyMedia::Multipart(_) => {
            " Only requests whose `multipart/form-data` body holds the parts of `value`, in order."
        }
        BodyMedia::Form(_) => {
            " Only requests whose form body is exactly what the client writes for `value`."
        }
        _ => " Only requests whose body is exactly `value`.",
    }
}

/// `responds_ok`: the success body, with the status the client reads it from.
fn success_answer(api: &Api, op: &Operation, method: &str) -> TokenStream {
    let method = ident(method);
    match &op.success {
        SuccessBody::Json(ty) => {
            let ty = type_tokens(api, ty, false);
            quote! {
                /// Answers `200` with `body`, the operation's success body, as JSON.
                pub fn #method(self, body: #ty) -> MockHandle {
                    self.responds_status(200, body)
                }
            }
        }
        SuccessBody::Empty => quote! {
            /// Answers `204` with no body, the operation's success.
            pub fn #method(self) -> MockHandle {
                self.responds_empty(204)
            }
        },
        SuccessBody::Text => quote! {
            /// Answers `200` with `body`, the operation's success body, as text.
            pub fn #method(self, body: impl Into<String>) -> MockHandle {
                self.responds_raw(200, &[("content-type", "text/plain; charset=utf-8")], body.into())
            }
        },
        SuccessBody::Bytes => quote! {
            /// Answers `200` with `body`, the operation's success body, as bytes.
            pub fn #method(self, body: impl Into<Vec<u8>>) -> MockHandle {
                self.responds_raw(200, &[("content-type", "application/octet-stream")], body)
            }
        },
        SuccessBody::Statuses(id) => {
            let def = api.ty(*id);
            let name = ident(&def.name);
            let variants: &[StatusVariant] = match &def.kind {
                TypeKind::ResponseEnum(variants) => variants,
                _ => &[],
            };
            let taken: Vec<u16> = variants
                .iter()
                .filter_map(|v| match v.status {
                    Some(StatusMatch::Code(code)) => Some(code),
                    _ => None,
                })
                .collect();
            let arms = variants.iter().map(|v| status_arm(&name, v, &taken));
            quote! {
                /// Answers with `body`, one of the operation's success bodies, with the status
                /// the client reads that variant from.
                pub fn #method(self, body: models::#name) -> MockHandle {
                    match body {
                        #(#arms)*
                    }
                }
            }
        }
    }
}

/// The answer for one variant of a per-status success body. A variant without a status
/// of its own (a `2XX` range, `default`, or the fallback for statuses the document does
/// not list) is answered with the first 2xx status no other variant has, which the
/// client reads back as that variant.
fn status_arm(name: &proc_macro2::Ident, variant: &StatusVariant, taken: &[u16]) -> TokenStream {
    let status = match variant.status {
        Some(StatusMatch::Code(code)) => code,
        _ => (200..300).find(|code| !taken.contains(code)).unwrap_or(299),
    };
    let status = Literal::u16_unsuffixed(status);
    let variant_name = ident(&variant.rust_name);
    let body = if variant.boxed {
        quote!(*body)
    } else {
        quote!(body)
    };
    match variant.media {
        ResponseMedia::Empty => {
            quote!(models::#name::#variant_name => self.responds_empty(#status),)
        }
        ResponseMedia::Json => {
            quote!(models::#name::#variant_name(body) => self.responds_status(#status, #body),)
        }
        ResponseMedia::Text => quote! {
            models::#name::#variant_name(body) => self.responds_raw(#status, &[("content-type", "text/plain; charset=utf-8")], #body),
        },
        ResponseMedia::Bytes => quote! {
            models::#name::#variant_name(body) => self.responds_raw(#status, &[("content-type", "application/octet-stream")], #body),
        },
    }
}

/// `responds_pages`: every page of a cursor-paginated list.
fn pages_answer(api: &Api, pagination: &Pagination, method: &str) -> TokenStream {
    let method = ident(method);
    let page_type = type_tokens(api, &pagination.page_type, false);
    let cursor_wire = &pagination.cursor_wire;
    let next_cursor = next_cursor(pagination);
    let doc = format!(
        " Answers with `pages`, as the client's page walker reads them: the first page to a request without {}, each later page to a request whose {} is the next cursor of the page before it (the cursor the walker reads from the page).",
        code(cursor_wire),
        code(cursor_wire)
    );
    let doc = line_attr(doc);
    quote! {
        #doc
        pub fn #method(self, pages: Vec<#page_type>) -> MockHandle {
            self.respond_pages(#cursor_wire, pages, |page: &#page_type| #next_cursor)
        }
    }
}

/// `ReceivedRequest::<setting>()` for each client-wide header, as `ApiResponse` has.
fn received_getters(api: &Api) -> Option<TokenStream> {
    // Settings are named apart from each other and from `ReceivedRequest`'s own methods
    // by the lowering (`runtime::reserved_setting_names`).
    let getters: Vec<TokenStream> = api
        .client_headers
        .iter()
        .map(|h| {
            let name = ident(&h.setting);
            let header = &h.header;
            let doc = format!(
                " The {} header of the request, if the client sent one.",
                code(header)
            );
            let doc = line_attr(doc);
            quote! {
                #doc
                pub fn #name(&self) -> Option<&str> {
                    self.header(#header)
                }
            }
        })
        .collect();
    if getters.is_empty() {
        return None;
    }
    Some(quote! {
        impl ReceivedRequest {
            #(#getters)*
        }
    })
}

/// The `use` of the models module, compiled with the operations whose mocks name a
/// model type; nothing when none does.
fn models_import(api: &Api) -> Option<TokenStream> {
    let users: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| mock_mentions_models(api, op))
        .collect();
    if users.is_empty() {
        return None;
    }
    let cfg = gates::cfg_used_by(api, users.iter().map(|op| &op.gate));
    Some(quote!(
        #cfg
        use super::models;
    ))
}

/// Whether the mock of `op` names a type of the models module.
fn mock_mentions_models(api: &Api, op: &Operation) -> bool {
    let mut found = false;
    let mut visit = |ty: &TypeRef| found |= mentions_models(ty);
    for method in &op.mock.methods {
        let param = match method.kind {
            MockMethodKind::Path(index) => op.path_params.get(index),
            MockMethodKind::Query(index) | MockMethodKind::Header(index) => field(op, index),
            _ => None,
        };
        param.into_iter().for_each(|param| visit(&param.ty));
    }
    if let Some(body) = &op.body
        && matches!(body.media, BodyMedia::Json | BodyMedia::Form(_))
    {
        visit(&body.ty);
    }
    let per_status = match &op.success {
        SuccessBody::Json(ty) => {
            visit(ty);
            false
        }
        SuccessBody::Statuses(_) => true,
        _ => false,
    };
    if let (Some(pagination), Some(_)) = (&op.pagination, &op.params) {
        visit(&pagination.page_type);
    }
    for response in &op.error_responses {
        if let Some(variant) = api.error_body(response.body) {
            visit(&variant.ty);
        }
    }
    found || per_status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn lowered(text: &str) -> Api {
        let loaded = crate::load::load_document(text).expect("the document loads");
        crate::lower::lower(&loaded, &Config::new("x"))
            .expect("the document lowers")
            .0
    }

    const PAGED: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [items, meta]
                properties:
                  items: {type: array, items: {type: string}}
                  meta:
                    type: object
                    properties:
                      page: {type: object, required: [after], properties: {after: {type: string, nullable: true}}}
      x-pagination: {cursor-param: after, items: items, next-cursor: meta.page.after}
  /things/{id}:
    get:
      operationId: start
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: header, in: header, schema: {type: string}}
      responses:
        '204': {description: none}
"#;

    #[test]
    fn names_of_the_runtime_are_not_taken() {
        let api = lowered(PAGED);
        let plan = &api.operations[1].mock;
        assert_eq!(
            plan.server_method, "start2",
            "`MockServer::start` is the runtime's"
        );
        assert_eq!(plan.variant, "Start");
        let names: Vec<&str> = plan.methods.iter().map(|m| m.name.as_str()).collect();
        assert!(names.contains(&"with_header2"), "{names:?}");
        assert!(names.contains(&"with_id"), "{names:?}");
        assert_eq!(
            mock_pieces(&api.operations.iter().collect::<Vec<_>>()).len(),
            5
        );
    }
}
