//! Forward-compatible enums: string and integer enums with a fallback variant that keeps
//! a value added to the API after this crate was generated, so it deserializes and
//! serializes back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, ident};
use crate::ir::EnumDef;

/// A string enum with a fallback, serialized as the string.
pub(crate) fn emit_string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    body: &EnumDef<String>,
) -> TokenStream {
    let variants = &body.variants;
    let fallback = ident(&body.fallback);
    let variant_items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let text = if v.value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" {}", code(&v.value))
        };
        quote!(#[doc = #text] #variant,)
    });
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.value;
        quote!(Self::#variant => #wire,)
    });
    let from_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.value;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #doc
        ///
        /// Values unknown to this version of the client are kept in the fallback variant,
        /// so they deserialize and serialize back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            /// A value this version of the client does not know, as received.
            #fallback(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#fallback(_) => Self::#fallback(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// An integer enum with a fallback, serialized as the number.
pub(crate) fn emit_integer_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    body: &EnumDef<i64>,
) -> TokenStream {
    let variants = &body.variants;
    let fallback = ident(&body.fallback);
    let variant_items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let text = format!(" `{}`", v.value);
        quote!(#[doc = #text] #variant,)
    });
    let to_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(Self::#variant => #value,)
    });
    let from_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(#value => Self::#variant,)
    });
    quote! {
        #doc
        ///
        /// Values unknown to this version of the client are kept in the fallback variant,
        /// so they deserialize and serialize back unchanged.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            /// A value this version of the client does not know, as received.
            #fallback(i64),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => Self::#fallback(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
