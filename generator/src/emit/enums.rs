//! Forward-compatible enums: string and integer enums with a fallback variant that keeps
//! a value added to the API after this crate was generated, so it deserializes and
//! serializes back unchanged. The enum is written here with its documentation; its
//! conversions and serde impls come from one macro of the runtime (`string_enum!`,
//! `integer_enum!`), invoked with the table of values.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{code, ident, line_attr};
use crate::ir::EnumDef;

/// The lines (after `///`) that follow an enum's own documentation.
const FALLBACK_NOTE: [&str; 3] = [
    "",
    " Values unknown to this version of the client are kept in the fallback variant,",
    " so they deserialize and serialize back unchanged.",
];

/// The documentation line of a string enum's variant.
fn string_value_doc(value: &str) -> String {
    if value.is_empty() {
        " The empty string.".to_owned()
    } else {
        format!(" {}", code(value))
    }
}

/// The documentation line of an integer enum's variant.
fn integer_value_doc(value: i64) -> String {
    format!(" `{value}`")
}

/// A string enum with a fallback, serialized as the string.
pub(crate) fn emit_string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    body: &EnumDef<String>,
) -> TokenStream {
    let fallback = ident(&body.fallback);
    let variants = body.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let text = line_attr(string_value_doc(&v.value));
        quote!(#text #variant,)
    });
    let impls = string_enum_impls(name, body);
    let note = FALLBACK_NOTE;
    quote! {
        #doc
        #(#[doc = #note])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, as received.
            #fallback(String),
        }

        #impls
    }
}

/// The string enum's conversions and serde impls: the runtime's macro, given the table
/// of values.
fn string_enum_impls(name: &proc_macro2::Ident, body: &EnumDef<String>) -> TokenStream {
    let fallback = ident(&body.fallback);
    let table = body.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.value;
        quote!(#variant => #wire,)
    });
    quote! {
        super::runtime::string_enum::string_enum!(#name, #fallback, {
            #(#table)*
        });
    }
}

/// An integer enum with a fallback, serialized as the number.
pub(crate) fn emit_integer_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    body: &EnumDef<i64>,
) -> TokenStream {
    let fallback = ident(&body.fallback);
    let variants = body.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let text = line_attr(integer_value_doc(v.value));
        quote!(#text #variant,)
    });
    let impls = integer_enum_impls(name, body);
    let note = FALLBACK_NOTE;
    quote! {
        #doc
        #(#[doc = #note])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, as received.
            #fallback(i64),
        }

        #impls
    }
}

/// The integer enum's conversions and serde impls (see [`string_enum_impls`]).
fn integer_enum_impls(name: &proc_macro2::Ident, body: &EnumDef<i64>) -> TokenStream {
    let fallback = ident(&body.fallback);
    let table = body.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#variant => #value,)
    });
    quote! {
        super::runtime::integer_enum::integer_enum!(#name, #fallback, {
            #(#table)*
        });
    }
}
