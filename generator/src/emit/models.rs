//! Models: named types -> Rust structs, forward-compatible string enums and aliases,
//! plus the parameter structs of operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{Api, EnumVariant, Field, TypeDef, TypeKind};
use crate::naming;

/// The models module: one item (or item plus impls) per named type.
pub(crate) fn emit_models(api: &Api) -> TokenStream {
    let types = api.types.iter().map(emit_type);
    let params = api.param_structs.iter().map(emit_params_struct);
    quote! {
        //! Model types of the API, one per schema, and the parameter structs of operations.
        #(#types)*
        #(#params)*
    }
}

fn emit_type(def: &TypeDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref().or(Some(&format!("`{}`", def.pointer))));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            let all_optional = fields.iter().all(|f| !f.required);
            let derive_default = if all_optional {
                quote!(Default,)
            } else {
                TokenStream::new()
            };
            let fields_tokens = fields.iter().map(emit_field);
            let additional = additional.as_ref().map(|value| {
                let value = type_tokens(value, true);
                quote! {
                    /// Properties not listed above, kept as they came.
                    #[serde(flatten)]
                    pub additional_properties: std::collections::BTreeMap<String, #value>,
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#fields_tokens)*
                    #additional
                }
            }
        }
        TypeKind::StringEnum { variants, fallback } => {
            emit_string_enum(&name, doc, variants, fallback)
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(target, true);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
    }
}

fn emit_field(field: &Field) -> TokenStream {
    let doc = field_doc(field);
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(&field.ty, true);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let rename = (naming::unraw(&field.rust_name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let (ty, serde_attr) = match (field.required, field.nullable) {
        (true, false) => (ty, TokenStream::new()),
        (true, true) => (quote!(Option<#ty>), TokenStream::new()),
        (false, false) => (
            quote!(Option<#ty>),
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
        ),
        (false, true) => (
            quote!(Option<Option<#ty>>),
            quote!(#[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::double_option")]),
        ),
    };
    quote! {
        #doc
        #rename
        #serde_attr
        pub #name: #ty,
    }
}

/// A field's documentation, with a fallback naming the wire name (every public item of
/// the generated crate is documented) and a note when it is deprecated. Deprecation is
/// not an attribute because the crate itself reads and writes these fields.
fn field_doc(field: &Field) -> TokenStream {
    let mut text = field
        .doc
        .clone()
        .unwrap_or_else(|| format!("`{}`", field.wire_name));
    if field.deprecated {
        text.push_str("\n\n**Deprecated** by the API.");
    }
    doc_attrs(Some(&text))
}

fn emit_string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[EnumVariant],
    fallback: &str,
) -> TokenStream {
    let fallback = ident(fallback);
    let variant_items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let text = format!(" `{}`", v.wire_value);
        quote!(#[doc = #text] #variant,)
    });
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote!(Self::#variant => #wire,)
    });
    let from_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #doc
        ///
        /// Values unknown to this version of the client are kept in the fallback variant,
        /// so they deserialize and serialize back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

fn emit_params_struct(def: &TypeDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let TypeKind::Struct { fields, .. } = &def.kind else {
        return TokenStream::new();
    };
    let all_optional = fields.iter().all(|f| !f.required);
    let derive_default = all_optional.then(|| quote!(Default,));
    let fields = fields.iter().map(|field| {
        let doc = field_doc(field);
        let name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, true);
        let ty = if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote!(#doc pub #name: #ty,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
    }
}
