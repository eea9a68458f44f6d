//! `lib.rs`: the crate documentation, the modules, the re-exports (the crate's main
//! types at its root, reqwest, and a prelude of the traits calls need), the API version
//! and the servers' URLs.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, inline};
use super::{code, gates, ident};
use crate::config::Config;
use crate::ir::{Api, Auth};
use crate::runtime::Piece;

/// `src/lib.rs`.
pub(crate) fn emit_lib(api: &Api, config: &Config, pieces: &BTreeSet<Piece>) -> TokenStream {
    let has_client = !api.operations.is_empty();
    let crate_doc = crate_doc(api, config, has_client);
    let modules = modules(api, has_client, !pieces.is_empty());
    let client_cfg = gates::client_cfg(api);
    let client_exports = has_client.then(|| {
        let credentials = (api.auth != Auth::None).then(|| quote!(ClientOptions, Credentials,));
        let exports = quote! {
            pub use client::{
                ApiResponse, Client, #credentials DEFAULT_DEADLINE, DEFAULT_MAX_PAGES,
                DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, RedirectPolicy, RequestOptions,
                RetryPolicy, USER_AGENT,
            };
            pub use error::{DecodeError, Error, ErrorBody, ErrorResponse};

            /// The HTTP client this crate is built on, so its types (`StatusCode`,
            /// `header::HeaderMap`, `Client` for [`Client::from_http_client`]) can be named
            /// at the version this crate uses.
            pub use reqwest;
        };
        match &client_cfg {
            Some(cfg) => gates::put_on_each(cfg, exports),
            None => exports,
        }
    });
    let piece_cfgs = super::runtime::piece_features(api);
    let piece_cfg = |piece: Piece| {
        piece_cfgs
            .get(&piece)
            .and_then(|features| features.as_deref())
            .and_then(|features| gates::used_by_predicate(api, features))
            .map(|predicate| quote!(#[cfg(#predicate)]))
    };
    let prelude = prelude(pieces, &piece_cfg);
    let multipart_exports = pieces.contains(&Piece::Multipart).then(|| {
        let cfg = piece_cfg(Piece::Multipart);
        quote! {
            #cfg
            pub use runtime::multipart::{FilePart, MultipartBody};
        }
    });
    let version = &api.version;
    let servers = api.servers.iter().map(|server| {
        let name = ident(&server.const_name);
        let url = &server.url;
        let doc = match &server.description {
            Some(description) => format!(" {}: {}.", inline(description), code(url)),
            None => format!(" {}.", code(url)),
        };
        quote!(#[doc = #doc] pub const #name: &str = #url;)
    });
    quote! {
        #crate_doc
        #![warn(missing_docs)]
        #![allow(clippy::type_complexity)]

        #modules
        #client_exports
        #multipart_exports
        #prelude

        /// The version of the API document this crate was generated from (`info.version`).
        pub const API_VERSION: &str = #version;

        /// Base URLs of the servers the API document lists.
        pub mod servers {
            #(#servers)*
        }
    }
}

/// The crate documentation: the document's title, version and description (made safe),
/// then the guide to the client.
fn crate_doc(api: &Api, config: &Config, has_client: bool) -> TokenStream {
    let mut lines = vec![
        format!(" # {}", inline(&api.title)),
        String::new(),
        format!(" API version {}.", code(&api.version)),
    ];
    if !has_client {
        lines.push(String::new());
        lines.push(
            " The document describes no operations, so this crate holds its model types only."
                .to_owned(),
        );
    }
    let description = doc_lines(api.description.as_deref());
    if !description.is_empty() {
        lines.push(String::new());
        lines.extend(description);
    }
    let as_doc_lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    };
    lines.extend(as_doc_lines(&super::guide::features_section(api)));
    let guide = if has_client {
        as_doc_lines(&super::guide::client_guide(api, config))
    } else {
        Vec::new()
    };
    // The guide links to the client, which a crate with features has only with one.
    let guide = match gates::client_cfg(api) {
        Some(_) if !guide.is_empty() => {
            let name = crate::ir::Feature::CLIENT;
            quote!(#![cfg_attr(feature = #name, #(doc = #guide),*)])
        }
        _ => quote!(#(#![doc = #guide])*),
    };
    quote!(#(#![doc = #lines])* #guide)
}

fn modules(api: &Api, has_client: bool, has_runtime: bool) -> TokenStream {
    let client = has_client.then(|| match gates::client_cfg(api) {
        None => quote! {
            pub mod client;
            pub mod error;
            #[cfg(feature = "mock")]
            pub mod mock;
        },
        Some(client) => {
            let name = crate::ir::Feature::CLIENT;
            quote! {
                #client
                pub mod client;
                #client
                pub mod error;
                #[cfg(all(feature = "mock", feature = #name))]
                pub mod mock;
            }
        }
    });
    let examples = (!api.examples.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            mod examples;
        }
    });
    let runtime = has_runtime.then(|| {
        quote!(
            mod runtime;
        )
    });
    quote! {
        #client
        #examples
        pub mod models;
        #runtime
    }
}

/// The traits calls need, to `use crate::prelude::*` at once: the stream traits for
/// paginated lists, and `Nullable` for optional-and-nullable fields. The stream traits
/// stay at the crate root too (hidden), where earlier versions put them.
fn prelude(
    pieces: &BTreeSet<Piece>,
    piece_cfg: &dyn Fn(Piece) -> Option<TokenStream>,
) -> TokenStream {
    let streams = pieces.contains(&Piece::Pagination);
    let nullable = pieces.contains(&Piece::DoubleOption);
    if !streams && !nullable {
        return TokenStream::new();
    }
    let stream_exports = streams.then(|| {
        quote! {
            /// The stream traits of `futures-util`, for the paginated `*_stream` and
            /// `*_pages` methods (`try_next`, `try_collect`, ...).
            pub use futures_util::{Stream, StreamExt, TryStreamExt};
        }
    });
    let nullable_export = nullable.then(|| {
        let cfg = piece_cfg(Piece::DoubleOption);
        quote! {
            #cfg
            pub use super::runtime::double_option::Nullable;
        }
    });
    let root_streams = streams.then(|| {
        quote! {
            #[doc(hidden)]
            pub use futures_util::{Stream, StreamExt, TryStreamExt};
        }
    });
    quote! {
        /// The traits that calls and fields need: `use <crate>::prelude::*;`.
        pub mod prelude {
            #stream_exports
            #nullable_export
        }
        #root_streams
    }
}
