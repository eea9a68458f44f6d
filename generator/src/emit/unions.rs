//! `oneOf`/`anyOf` unions: untagged enums (the first member whose shape fits is decoded), or, with
//! a discriminator, enums told apart by a property with a fallback for tags this version
//! does not know.

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, ident, line_attr, type_text, type_tokens};
use crate::ir::{Api, JsonKind, TypeRef, UnionDef, UnionVariant};

/// A union: tagged when it has a discriminator, else untagged.
pub(crate) fn emit_union(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    body: &UnionDef,
) -> TokenStream {
    match &body.discriminator {
        Some(property) => emit_tagged_union(
            api,
            name,
            doc,
            &body.variants,
            property,
            body.fallback.as_deref(),
        ),
        None => emit_untagged_union(api, name, doc, &body.variants),
    }
}

/// The type a union variant holds, boxed when the IR says so.
fn variant_type(api: &Api, variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(api, &variant.ty, true);
    if variant.boxed { quote!(Box<#ty>) } else { ty }
}

fn variant_doc(api: &Api, variant: &UnionVariant) -> TokenStream {
    let text = match &variant.ty {
        TypeRef::Named(id) => format!(" A [`{}`].", api.ty(*id).name),
        _ => format!(" A value of type {}.", code(&type_text(api, &variant.ty))),
    };
    let text = line_attr(text);
    quote!(#text)
}

/// `oneOf`/`anyOf` without a usable discriminator: encoded as the member it holds;
/// decoded by the runtime piece `untagged`, which buffers the value once and decodes the
/// first member whose JSON shape it has (linear in the value, unlike serde's untagged
/// enums, which retry every member at every level).
fn emit_untagged_union(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
) -> TokenStream {
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(api, v);
        let doc = variant_doc(api, v);
        quote!(#doc #variant(#ty),)
    });
    let uses_kinds = variants
        .iter()
        .any(|v| v.shape.kinds.is_some() || !v.shape.properties.is_empty());
    let imports = if uses_kinds {
        quote!(
            use super::runtime::untagged::{Kind, Member};
        )
    } else {
        quote!(
            use super::runtime::untagged::Member;
        )
    };
    let serialize_arms = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(Self::#variant(value) => serde::Serialize::serialize(value, serializer),)
    });
    // A union of no member has no value: `*self` is matched with no arm.
    let matched = if variants.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    let members = variants.iter().map(member_tokens);
    let decode_member = |v: &UnionVariant| {
        let variant = ident(&v.rust_name);
        quote!(serde::Deserialize::deserialize(value).map(Self::#variant))
    };
    let decode_by_index = match variants {
        [] => quote!(|_, _| Err(serde::de::Error::custom("the union has no member"))),
        [only] => {
            let decode = decode_member(only);
            quote!(|_, value| #decode)
        }
        [first @ .., last] => {
            let arms = first.iter().enumerate().map(|(index, v)| {
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                let decode = decode_member(v);
                quote!(#index => #decode,)
            });
            let last = decode_member(last);
            quote!(|index, value| match index { #(#arms)* _ => #last, })
        }
    };
    let name_text = name.to_string();
    quote! {
        #doc
        ///
        /// One of several shapes; decoding picks the first member whose JSON shape the value
        /// has (its type, the properties it must have), in the order listed.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match #matched {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #imports
                const MEMBERS: &[Member<'static>] = &[#(#members),*];
                let value = serde_json::Value::deserialize(deserializer)?;
                super::runtime::untagged::decode(&value, MEMBERS, #decode_by_index)
                .map_err(|failure| failure.into_error(#name_text))
            }
        }
    }
}

/// A member's shape as the runtime's `Member`.
fn member_tokens(variant: &UnionVariant) -> TokenStream {
    let kinds_of = |kinds: &[JsonKind]| {
        let kinds = kinds.iter().map(|kind| {
            let kind = ident(&format!("{kind:?}"));
            quote!(Kind::#kind)
        });
        quote!(&[#(#kinds),*])
    };
    let shape = &variant.shape;
    let kinds = match &shape.kinds {
        Some(kinds) => {
            let kinds = kinds_of(kinds);
            quote!(Some(#kinds))
        }
        None => quote!(None),
    };
    let required = &shape.required;
    let properties = shape.properties.iter().map(|(name, kinds)| {
        let kinds = kinds_of(kinds);
        quote!((#name, #kinds))
    });
    let values = shape
        .values
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let passed_over = variant.passed_over;
    quote! {
        Member {
            kinds: #kinds,
            required: &[#(#required),*],
            properties: &[#(#properties),*],
            values: &[#(#values),*],
            passed_over: #passed_over,
        }
    }
}

/// `oneOf`/`anyOf` with a discriminator: the tag property selects the variant; a tag this
/// version does not know is kept as JSON in the fallback variant. Serializing writes the
/// member and adds the tag when the member does not carry it itself.
fn emit_tagged_union(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
    property: &str,
    fallback: Option<&str>,
) -> TokenStream {
    let fallback = ident(fallback.unwrap_or("Unknown"));
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(api, v);
        let values = v
            .tag_values
            .iter()
            .map(|t| code(t))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(" {}: {values}.", code(property));
        let text = line_attr(text);
        let doc = variant_doc(api, v);
        quote!(#doc #[doc = ""] #text #variant(#ty),)
    });
    let to_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tag = v.tag_values.first().map(String::as_str).unwrap_or_default();
        quote!(Self::#variant(value) => (#tag, serde_json::to_value(value)),)
    });
    let from_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tag_values;
        let construct = if v.boxed {
            quote!(|value| Self::#variant(Box::new(value)))
        } else {
            quote!(Self::#variant)
        };
        quote! {
            Some(#(#tags)|*) => serde_json::from_value(value)
                .map(#construct)
                .map_err(serde::de::Error::custom),
        }
    });
    let fallback_doc = format!(
        " A value whose {} this version of the client does not know, as received.",
        code(property)
    );
    let fallback_doc = line_attr(fallback_doc);
    let told_apart = format!(
        " One of several shapes, told apart by the {} property.",
        code(property)
    );
    let told_apart = line_attr(told_apart);
    quote! {
        #doc
        ///
        #told_apart
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            #fallback_doc
            #fallback(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#to_value)*
                    Self::#fallback(value) => return value.serialize(serializer),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let serde_json::Value::Object(map) = &mut value {
                    map.entry(#property)
                        .or_insert_with(|| serde_json::Value::from(tag));
                }
                value.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                match tag.as_deref() {
                    #(#from_value)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    }
}
