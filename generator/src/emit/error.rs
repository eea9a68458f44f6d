//! The error module: the fixed error types of the runtime, and this API's `ErrorBody`
//! with one variant per documented error body type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{gates, ident, mentions_models, type_tokens};
use crate::ir::{Api, ErrorBodyVariant};

/// `src/error.rs`.
pub(crate) fn emit_error(api: &Api) -> TokenStream {
    let variants = api.error_bodies.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let mut ty = type_tokens(api, &variant.ty, false);
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = format!(
            " The documented error body, decoded as `{}`.",
            variant.rust_name
        );
        let cfg = gates::cfg(api, &variant.gate);
        quote!(#[doc = #doc] #cfg #name(#ty),)
    });
    let model_users: Vec<&ErrorBodyVariant> = api
        .error_bodies
        .iter()
        .filter(|v| mentions_models(&v.ty))
        .collect();
    let uses_models = (!model_users.is_empty()).then(|| {
        let cfg = gates::cfg_used_by(api, model_users.iter().map(|v| &v.gate));
        quote!(
            #cfg
            use super::models;
        )
    });
    quote! {
        //! The error type of every client call.
        #uses_models

        pub use super::runtime::error::{DecodeError, Error, ErrorResponse};

        /// The body of an error response: typed when it decodes as the operation
        /// documents for that status, else the raw text.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
            /// The body as text, when no documented type applies or it did not decode.
            Text(String),
        }
    }
}
