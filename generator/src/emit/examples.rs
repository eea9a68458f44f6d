//! `examples.rs`: the document's examples as tests of the generated crate, each decoding
//! into its type and encoding back to the same JSON value.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Position, code, ident, line_attr, mentions_models, type_tokens};
use crate::ir::Api;

/// The part of `examples.rs` holding the examples of `range`: one round-trip test per
/// example of the document.
pub(crate) fn emit_examples_part(api: &Api, range: Range<usize>, at: Position) -> TokenStream {
    let uses_models =
        (at.first && api.examples.iter().any(|e| mentions_models(&e.ty))).then(|| {
            quote!(
                use crate::models;
            )
        });
    let tests = api
        .examples
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|example| {
            let name = ident(&example.test_name);
            let ty = type_tokens(api, &example.ty, false);
            let json = &example.json;
            let doc = format!(" {}", code(&example.pointer));
            let doc = line_attr(doc);
            quote! {
                #doc
                #[test]
                fn #name() {
                    round_trip::<#ty>(#json);
                }
            }
        });
    let helper = (at.first && !api.examples.is_empty()).then(|| {
        quote! {
            /// Decodes `json` as `T` and checks that it encodes back to the same JSON value.
            #[track_caller]
            fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
                let value: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
                let typed: T = serde_json::from_value(value.clone()).expect("the example decodes into its type");
                let back = serde_json::to_value(&typed).expect("the value encodes");
                assert_eq!(back, value, "the example does not survive a round trip");
            }
        }
    });
    let header = at.first.then(|| {
        quote! {
            //! The API document's examples as tests: each decodes into its type and encodes
            //! back to the same JSON value.
            #uses_models
        }
    });
    quote! {
        #header
        #helper
        #(#tests)*
    }
}
