//! `examples.rs`: the document's examples as tests of the generated crate, each decoding
//! into its type and encoding back to the same JSON value.

use std::ops::Range;

use quote::quote;

use super::{Piece, Pieces, Position, code, ident, line_attr, mentions_models, text, type_tokens};
use crate::ir::Api;

/// The part of `examples.rs` holding the examples of `range`: one round-trip test per
/// example of the document. With `text_items`, the tests [`text`] writes come as
/// laid-out text.
pub(crate) fn emit_examples_part(
    api: &Api,
    range: Range<usize>,
    at: Position,
    text_items: bool,
) -> Vec<Piece> {
    let mut pieces = Pieces::default();
    if at.first {
        let uses_models = api
            .examples
            .iter()
            .any(|e| mentions_models(&e.ty))
            .then(|| {
                quote!(
                    use crate::models;
                )
            });
        pieces.tokens(quote! {
            //! The API document's examples as tests: each decodes into its type and encodes
            //! back to the same JSON value.
            #uses_models

            /// Decodes `json` as `T` and checks that it encodes back to the same JSON value.
            #[track_caller]
            fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
                let value: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
                let typed: T = serde_json::from_value(value.clone()).expect("the example decodes into its type");
                let back = serde_json::to_value(&typed).expect("the value encodes");
                assert_eq!(back, value, "the example does not survive a round trip");
            }
        });
    }
    for example in api.examples.get(range).unwrap_or_default() {
        let json = string_literal(&example.json);
        let as_text = text_items
            .then(|| text::example_item(api, example, &json.to_string()))
            .flatten();
        match as_text {
            Some(text) => pieces.text(text),
            None => {
                let name = ident(&example.test_name);
                let ty = type_tokens(api, &example.ty, false);
                let doc = line_attr(pointer_doc(&example.pointer));
                pieces.tokens(quote! {
                    #doc
                    #[test]
                    fn #name() {
                        round_trip::<#ty>(#json);
                    }
                });
            }
        }
    }
    pieces.into_vec()
}

/// The documentation line of an example's test: where the example is.
pub(crate) fn pointer_doc(pointer: &str) -> String {
    format!(" {}", code(pointer))
}

/// The string literal `Literal::string` makes, made faster: printable ASCII (most of
/// compact JSON) is copied as it is but for `"` and `\`, any other character is escaped by
/// `char::escape_debug` as `Literal::string` does (which leaves `'` as it is), and the
/// literal is checked by reading it back. Text with a NUL (which `Literal::string`
/// escapes by what follows it) goes to `Literal::string`.
fn string_literal(text: &str) -> proc_macro2::Literal {
    if !text.contains('\0') {
        let mut repr = String::with_capacity(text.len() + text.len() / 8 + 2);
        repr.push('"');
        for c in text.chars() {
            match c {
                '"' | '\\' => {
                    repr.push('\\');
                    repr.push(c);
                }
                ' '..='~' => repr.push(c),
                _ => repr.extend(c.escape_debug()),
            }
        }
        repr.push('"');
        if let Ok(literal) = repr.parse() {
            return literal;
        }
    }
    proc_macro2::Literal::string(text)
}

#[cfg(test)]
mod tests {
    use super::string_literal;

    /// The quick literal is `Literal::string`'s, character for character.
    #[test]
    fn string_literals_are_what_proc_macro2_makes() {
        for text in [
            "",
            "plain",
            r#"{"a":"b\"c","d":"e\\f","g":'h'}"#,
            "\\\"\\",
            "tab\there",
            "line\nbreak",
            "caf\u{e9} \u{202e} \u{0}7",
            "~ and space and `backtick`",
            "\u{301}accent \u{a0}nbsp \u{7f}del \u{ffff} \u{1f600} \u{2019}",
            "nul \u{0} and \u{0}x",
        ] {
            assert_eq!(
                string_literal(text).to_string(),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }
}
