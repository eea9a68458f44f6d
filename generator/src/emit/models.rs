//! Models: named types -> Rust structs, forward-compatible string enums and aliases,
//! plus the parameter structs of operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{
    Api, EnumVariant, Field, IntegerVariant, StatusMatch, StatusVariant, TypeDef, TypeKind,
    TypeRef, UnionVariant,
};
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
        TypeKind::Newtype(target) => {
            let target = type_tokens(target, true);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::IntegerEnum { variants, fallback } => {
            emit_integer_enum(&name, doc, variants, fallback)
        }
        TypeKind::ResponseEnum { variants } => emit_response_enum(&name, doc, variants),
        TypeKind::Union {
            variants,
            discriminator: None,
            ..
        } => emit_untagged_union(&name, doc, variants),
        TypeKind::Union {
            variants,
            discriminator: Some(property),
            fallback,
        } => emit_tagged_union(&name, doc, variants, property, fallback.as_deref()),
    }
}

/// The `[dependencies]` lines for the crates that configured string formats map to,
/// for exactly the formats the code uses.
pub(crate) fn format_dependencies(api: &Api) -> Vec<&'static str> {
    let mut used = std::collections::BTreeSet::new();
    let mut visit = |ty: &TypeRef| collect_formats(ty, &mut used);
    for def in api.types.iter().chain(&api.param_structs) {
        match &def.kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter().for_each(|f| visit(&f.ty));
                additional.iter().for_each(&mut visit);
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| visit(&v.ty)),
            TypeKind::ResponseEnum { variants } => {
                variants
                    .iter()
                    .filter_map(|v| v.body.as_ref())
                    .for_each(&mut visit);
            }
            TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
        }
    }
    for op in &api.operations {
        op.body.iter().for_each(|b| visit(&b.ty));
        op.path_params.iter().for_each(|p| visit(&p.ty));
        if let crate::ir::SuccessBody::Json(ty) = &op.success {
            visit(ty);
        }
    }
    used.into_iter()
        .map(|krate| match krate {
            "uuid" => "uuid = { version = \"1\", features = [\"serde\"] }",
            "chrono" => "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }",
            _ => "url = { version = \"2\", features = [\"serde\"] }",
        })
        .collect()
}

fn collect_formats(ty: &TypeRef, used: &mut std::collections::BTreeSet<&'static str>) {
    match ty {
        TypeRef::Format(format) => {
            used.insert(format.crate_name());
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            collect_formats(inner, used);
        }
        _ => {}
    }
}

/// The success body of an operation with different bodies per status.
fn emit_response_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[StatusVariant],
) -> TokenStream {
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let status = match v.status {
            Some(StatusMatch::Code(code)) => format!("`{code}`"),
            Some(StatusMatch::Range(class)) => format!("`{class}XX`"),
            Some(StatusMatch::Default) => "Any 2xx status".to_owned(),
            None => "Another 2xx status".to_owned(),
        };
        let text = match v.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(description) => format!("{status}: {description}"),
            None => format!("{status}."),
        };
        let doc = doc_attrs(Some(&text));
        match &v.body {
            Some(ty) if v.boxed => {
                let ty = type_tokens(ty, true);
                quote!(#doc #variant(Box<#ty>),)
            }
            Some(ty) => {
                let ty = type_tokens(ty, true);
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#items)*
        }
    }
}

/// The type a union variant holds, boxed when the IR says so.
fn variant_type(variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(&variant.ty, true);
    if variant.boxed { quote!(Box<#ty>) } else { ty }
}

fn variant_doc(variant: &UnionVariant) -> TokenStream {
    let text = match &variant.ty {
        TypeRef::Named(name) => format!(" A [`{name}`]."),
        _ => format!(" A value of type `{}`.", type_text(&variant.ty)),
    };
    quote!(#[doc = #text])
}

/// A type as a reader would write it (`Vec<Json>`), for documentation.
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Vec(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        other => type_tokens(other, true).to_string().replace(' ', ""),
    }
}

/// `oneOf`/`anyOf` without a usable discriminator: serde tries the members in order.
fn emit_untagged_union(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
) -> TokenStream {
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(v);
        let doc = variant_doc(v);
        quote!(#doc #variant(#ty),)
    });
    quote! {
        #doc
        ///
        /// One of several shapes; decoding tries them in the order listed.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#items)*
        }
    }
}

/// `oneOf`/`anyOf` with a discriminator: the tag property selects the variant; a tag this
/// version does not know is kept as JSON in the fallback variant. Serializing writes the
/// member and adds the tag when the member does not carry it itself.
fn emit_tagged_union(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
    property: &str,
    fallback: Option<&str>,
) -> TokenStream {
    let fallback = ident(fallback.unwrap_or("Unknown"));
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(v);
        let values = v
            .tag_values
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(" `{property}`: {values}.");
        let doc = variant_doc(v);
        quote!(#doc #[doc = ""] #[doc = #text] #variant(#ty),)
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
        " A value whose `{property}` this version of the client does not know, as received."
    );
    let told_apart = format!(" One of several shapes, told apart by the `{property}` property.");
    quote! {
        #doc
        ///
        #[doc = #told_apart]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#items)*
            #[doc = #fallback_doc]
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

/// An integer enum with a fallback, serialized as the number.
fn emit_integer_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[IntegerVariant],
    fallback: &str,
) -> TokenStream {
    let fallback = ident(fallback);
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
        let text = if v.wire_value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{}`", v.wire_value)
        };
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
