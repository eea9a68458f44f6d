//! The client module: the `Client` struct (the runtime's `ClientCore`, this API's
//! credentials and client-wide header settings), its constructors and settings, the
//! re-exports of the runtime's call types, and one method pair per operation.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Position, code, doc_attrs, gates, ident, mentions_models, operation, pagination};
use crate::ir::{Api, ApiKeyLocation, Auth, ClientHeader, Operation, SchemeKind};
use crate::naming;

/// `src/client.rs`.
pub(crate) fn emit_client_part(api: &Api, range: Range<usize>, at: Position) -> TokenStream {
    let operations = api
        .operations
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|op| gates::gate_items(api, &op.gate, operation::emit_operation(api, op)));
    // The page-walking methods come after every operation's: in the last part.
    let paginations: Vec<TokenStream> = if at.last {
        api.operations
            .iter()
            .filter_map(|op| {
                let methods = pagination::emit_pagination(api, op)?;
                Some(gates::gate_items(api, &op.gate, methods))
            })
            .collect()
    } else {
        Vec::new()
    };
    let methods = quote! {
        impl Client {
            #(#operations)*

            #(#paginations)*
        }
    };
    if !at.first {
        return methods;
    }
    let header = emit_client_header(api);
    quote! {
        #header
        #methods
    }
}

/// What `src/client.rs` holds before the operations' methods.
fn emit_client_header(api: &Api) -> TokenStream {
    let has_credentials = api.auth != Auth::None;
    let credentials_export = credentials_piece(&api.auth).map(|piece| {
        let piece = ident(piece);
        quote! {
            pub use super::runtime::#piece::Credentials;
            pub use super::runtime::client_options::ClientOptions;
        }
    });
    let uses_models = import_for(
        api,
        operation_mentions_models,
        quote!(
            use super::models;
        ),
    );
    let uses_error_body = import_for(
        api,
        |op| !op.error_responses.is_empty(),
        quote!(
            use super::error::ErrorBody;
        ),
    );
    let settings = client_settings(api);
    let scheme_settings = scheme_settings(&api.auth);
    let struct_and_constructors = client_struct(api, has_credentials);
    quote! {
        //! The API client: one method per operation answering a future of its body, plus
        //! a `*_with` form taking [`RequestOptions`] and answering an [`ApiResponse`] with
        //! status and headers.
        use super::error::Error;
        #uses_error_body
        #uses_models
        use super::runtime;

        pub use super::runtime::options::{
            DEFAULT_DEADLINE, DEFAULT_MAX_PAGES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
            RedirectPolicy, RequestOptions, RetryPolicy, USER_AGENT,
        };
        pub use super::runtime::response::ApiResponse;
        pub use super::runtime::send::{BodyFuture, ResponseFuture};
        #credentials_export

        #settings
        #scheme_settings
        #struct_and_constructors
    }
}

/// With several security schemes, one `Credentials` method per scheme that sets its
/// credential.
fn scheme_settings(auth: &Auth) -> Option<TokenStream> {
    let Auth::Schemes(schemes) = auth else {
        return None;
    };
    let methods = schemes.iter().map(|scheme| {
        let setting = ident(&scheme.setting);
        let name = &scheme.name;
        let (sent, signature, body) = match &scheme.kind {
            SchemeKind::Basic => (
                "as `Authorization: Basic`".to_owned(),
                quote!(client_id: impl Into<String>, client_secret: impl Into<String>),
                quote!(self.with_basic_for(#name, client_id, client_secret)),
            ),
            SchemeKind::Bearer => (
                "as `Authorization: Bearer`".to_owned(),
                quote!(token: impl Into<String>),
                quote!(self.with_token_for(#name, token)),
            ),
            SchemeKind::ApiKey { location, name: key } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                (
                    format!("as the {place} {}", code(key)),
                    quote!(key: impl Into<String>),
                    quote!(self.with_token_for(#name, key)),
                )
            }
        };
        let doc = scheme.doc.as_deref().map(|text| {
            let lines = doc_attrs(Some(text));
            quote!(#lines #[doc = ""])
        });
        let note = format!(
            " The credential of the security scheme {}, sent {sent} by the operations that accept it.",
            code(name)
        );
        quote! {
            #doc
            #[doc = #note]
            #[must_use]
            pub fn #setting(self, #signature) -> Self {
                #body
            }
        }
    });
    Some(quote! {
        impl Credentials {
            #(#methods)*
        }
    })
}

/// The runtime piece that defines this API's `Credentials`.
fn credentials_piece(auth: &Auth) -> Option<&'static str> {
    match auth {
        Auth::None => None,
        Auth::Basic => Some("credentials_basic"),
        Auth::Bearer => Some("credentials_bearer"),
        Auth::ApiKey { .. } => Some("credentials_api_key"),
        Auth::Schemes(_) => Some("credentials_schemes"),
    }
}

/// The `use` line of something only some operations need, compiled when one of them
/// is; nothing when none does.
fn import_for(
    api: &Api,
    needs: impl Fn(&Operation) -> bool,
    line: TokenStream,
) -> Option<TokenStream> {
    let users: Vec<&Operation> = api.operations.iter().filter(|op| needs(op)).collect();
    if users.is_empty() {
        return None;
    }
    let cfg = gates::cfg_used_by(api, users.iter().map(|op| &op.gate));
    Some(quote!(#cfg #line))
}

fn operation_mentions_models(op: &Operation) -> bool {
    let mut found =
        op.params.is_some() || matches!(op.success, crate::ir::SuccessBody::Statuses(_));
    op.for_each_signature_ref(&mut |ty| found |= mentions_models(ty));
    found
}

/// The `Client` struct, its `Debug`, its constructors and its header settings.
fn client_struct(api: &Api, has_credentials: bool) -> TokenStream {
    let headers = &api.client_headers;
    let setting_fields = headers.iter().map(|h| {
        let name = ident(&h.setting);
        quote!(#name: Option<String>,)
    });
    let setting_inits = headers.iter().map(|h| {
        let name = ident(&h.setting);
        match &h.default {
            Some(default) => quote!(#name: Some(#default.to_owned()),),
            None => quote!(#name: None,),
        }
    });
    let setting_debug = headers.iter().map(|h| {
        let name = ident(&h.setting);
        let label = naming::unraw(&h.setting);
        quote!(.field(#label, &self.#name))
    });
    let setting_methods = headers.iter().map(setting_methods);
    let (field, param, init, debug) = if has_credentials {
        (
            quote!(credentials: Credentials,),
            quote!(, credentials: Credentials),
            quote!(credentials,),
            quote!(.field("credentials", &self.credentials)),
        )
    } else {
        (
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
        )
    };
    let constructors = if has_credentials {
        credentialed_constructors()
    } else {
        plain_constructors()
    };
    quote! {
        /// An API client. Cheap to clone: clones share one connection pool.
        ///
        /// Every attempt has a timeout ([`DEFAULT_TIMEOUT`] unless set with
        /// [`Client::with_timeout`]), every call a deadline over all its attempts
        /// ([`DEFAULT_DEADLINE`], [`Client::with_deadline`]), and calls are retried per
        /// the client's [`RetryPolicy`] ([`RetryPolicy::default`] unless set with
        /// [`Client::with_retry_policy`]).
        #[derive(Clone)]
        pub struct Client {
            pub(crate) core: runtime::client_core::ClientCore,
            #field
            #(#setting_fields)*
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.core.shown_base_url())
                    .field("retry", &self.core.retry)
                    .field("timeout", &self.core.timeout)
                    #debug
                    #(#setting_debug)*
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #constructors

            fn with_core(core: runtime::client_core::ClientCore #param) -> Self {
                Client {
                    core,
                    #init
                    #(#setting_inits)*
                }
            }

            #(#setting_methods)*
        }
    }
}

/// `new` and `from_http_client` of a client without credentials.
fn plain_constructors() -> TokenStream {
    quote! {
        /// A client for `base_url` (see [`servers`](super::servers)).
        ///
        /// # Errors
        ///
        /// [`Error::Transport`] when the HTTP client cannot be built (no TLS backend).
        pub fn new(base_url: impl Into<String>) -> Result<Self, Error> {
            let core = runtime::client_core::ClientCore::new(base_url.into())?;
            Ok(Self::with_core(core))
        }

        /// A client that sends its requests through `http`, for custom proxies, TLS or
        /// connection pools. Set the `User-Agent` on `http` yourself, and build it with
        /// `.redirect(reqwest::redirect::Policy::none())` so that the client's
        /// [`RedirectPolicy`] decides every redirect. The client's own timeout
        /// ([`DEFAULT_TIMEOUT`]) overrides one set on `http`: call
        /// [`Client::without_timeout`] to keep that one.
        pub fn from_http_client(http: reqwest::Client, base_url: impl Into<String>) -> Self {
            let core = runtime::client_core::ClientCore::from_http_client(http, base_url.into());
            Self::with_core(core)
        }
    }
}

/// `new`, `new_with` and `from_http_client` of a client with credentials: the checked
/// constructors refuse credentials that cannot be sent and a base URL that would send
/// them unencrypted.
fn credentialed_constructors() -> TokenStream {
    quote! {
        /// A client for `base_url` (see [`servers`](super::servers)) that authenticates with
        /// `credentials`.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidArgument`] for credentials that cannot be sent (control
        /// characters) and for a base URL that is not `https://` (`http://` is allowed
        /// to loopback only, see [`ClientOptions::allow_insecure_http`]);
        /// [`Error::Transport`] when the HTTP client cannot be built (no TLS backend).
        pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Result<Self, Error> {
            Self::new_with(base_url, credentials, ClientOptions::new())
        }

        /// [`Client::new`] with options: an HTTP client of your own
        /// ([`ClientOptions::with_http_client`]), or plain `http://` to a host other than
        /// loopback ([`ClientOptions::allow_insecure_http`]).
        ///
        /// # Errors
        ///
        /// As [`Client::new`].
        pub fn new_with(
            base_url: impl Into<String>,
            credentials: Credentials,
            options: ClientOptions,
        ) -> Result<Self, Error> {
            credentials.check()?;
            let core = runtime::client_core::ClientCore::new_with(base_url.into(), options)?;
            Ok(Self::with_core(core, credentials))
        }

        /// A client that sends its requests through `http`, taken as it is: the base URL
        /// and the credentials are not checked (use [`Client::new_with`] with
        /// [`ClientOptions::with_http_client`] for the checks). Set the `User-Agent` on
        /// `http` yourself, and build it with
        /// `.redirect(reqwest::redirect::Policy::none())` so that the client's
        /// [`RedirectPolicy`] decides every redirect. The client's own timeout
        /// ([`DEFAULT_TIMEOUT`]) overrides one set on `http`: call
        /// [`Client::without_timeout`] to keep that one.
        pub fn from_http_client(
            http: reqwest::Client,
            base_url: impl Into<String>,
            credentials: Credentials,
        ) -> Self {
            let core = runtime::client_core::ClientCore::from_http_client(http, base_url.into());
            Self::with_core(core, credentials)
        }
    }
}

/// `with_<setting>`, `without_<setting>` and `<setting>()` of a client-wide header.
fn setting_methods(header: &ClientHeader) -> TokenStream {
    let name = ident(&header.setting);
    let bare = naming::unraw(&header.setting);
    let with = format_ident!("with_{}", bare);
    let without = format_ident!("without_{}", bare);
    let wire = code(&header.header);
    let default_note = match &header.default {
        Some(default) => format!(" Sent as {wire}; the default is {}.", code(default)),
        None => format!(" Sent as {wire}; not sent unless set."),
    };
    let doc = doc_attrs(header.doc.as_deref());
    let without_doc = format!(" Stops sending {wire}.");
    let getter_doc = format!(" The value sent as {wire}, if any.");
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
}

/// Per-call setters (`RequestOptions::with_<setting>`) and response getters
/// (`ApiResponse::<setting>()`) of the client-wide headers. They are this API's own, so
/// they are generated; the runtime defines every other method of those types.
fn client_settings(api: &Api) -> Option<TokenStream> {
    if api.client_headers.is_empty() {
        return None;
    }
    let setters = api.client_headers.iter().map(|h| {
        let with = format_ident!("with_{}", naming::unraw(&h.setting));
        let header = &h.header;
        let doc = format!(
            " Sends {} with this call instead of the client's setting.",
            code(&format!("{header}: value"))
        );
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #with(self, value: impl Into<String>) -> Self {
                self.with_header(#header, &value.into())
            }
        }
    });
    let getters = api.client_headers.iter().map(|h| {
        let name = ident(&h.setting);
        let header = &h.header;
        let doc = format!(
            " The {} header of the response, if the server sent one.",
            code(header)
        );
        quote! {
            #[doc = #doc]
            pub fn #name(&self) -> Option<&str> {
                self.header(#header)
            }
        }
    });
    Some(quote! {
        impl RequestOptions {
            #(#setters)*
        }

        impl<T> ApiResponse<T> {
            #(#getters)*
        }
    })
}
