//! `examples.rs`: the document's examples as tests of the generated crate, each decoding
//! into its type and encoding back to the same JSON value.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Position, code, gates, ident, line_attr, mentions_models, type_tokens};
use crate::ir::{Api, Example};

/// The part of `examples.rs` holding the examples of `range`: one round-trip test per
/// example of the document.
pub(crate) fn emit_examples_part(api: &Api, range: Range<usize>, at: Position) -> TokenStream {
    let mut tokens = TokenStream::new();
    if at.first {
        let model_users: Vec<&Example> = api
            .examples
            .iter()
            .filter(|e| mentions_models(&e.ty))
            .collect();
        let uses_models = (!model_users.is_empty()).then(|| {
            let cfg = gates::cfg_used_by(api, model_users.iter().map(|e| &e.gate));
            quote!(
                #cfg
                use super::models;
            )
        });
        // The helpers are compiled with the tests that use them.
        let helpers_cfg = gates::cfg_used_by(api, api.examples.iter().map(|e| &e.gate));
        tokens.extend(quote! {
            //! The API document's examples as tests: each decodes into its type and encodes
            //! back to the same JSON value.
            #uses_models

            /// Decodes `json` as `T` and checks that it encodes back to the same JSON value.
            #helpers_cfg
            #[track_caller]
            fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
                let value: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
                let typed: T = serde_json::from_value(value.clone()).expect("the example decodes into its type");
                let back = serde_json::to_value(&typed).expect("the value encodes");
                assert!(same(&back, &value), "the example does not survive a round trip:\n{back}\nagainst\n{value}");
            }

            /// JSON values equal as the types hold them: a number written as a float equals
            /// the same number written as an integer, and floats are compared at `f32`
            /// precision (a `format: float` property holds an `f32`).
            #helpers_cfg
            fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
                        x.as_f64().map(|n| n as f32) == y.as_f64().map(|n| n as f32)
                    }
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same(x, y)))
                    }
                    _ => a == b,
                }
            }
        });
    }
    for example in api.examples.get(range).unwrap_or_default() {
        let json = proc_macro2::Literal::string(&example.json);
        let name = ident(&example.test_name);
        let ty = type_tokens(api, &example.ty, false);
        let doc = line_attr(example_doc(example));
        let cfg = gates::cfg(api, &example.gate);
        tokens.extend(quote! {
            #doc
            #cfg
            #[test]
            fn #name() {
                round_trip::<#ty>(#json);
            }
        });
    }
    tokens
}

/// The documentation line of an example's test: where the example is, and what of it the
/// test leaves out.
fn example_doc(example: &Example) -> String {
    let place = code(&example.pointer);
    if example.left_out.is_empty() {
        return format!(" {place}");
    }
    let left_out: Vec<String> = example.left_out.iter().map(|at| code(at)).collect();
    format!(
        " {place}, without {}: the type does not keep {}.",
        left_out.join(", "),
        if left_out.len() == 1 { "it" } else { "them" }
    )
}
