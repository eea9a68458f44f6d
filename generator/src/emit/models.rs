//! The models module: one item (or item plus impls) per type of the table, then the
//! parameter structs of operations. Enums and unions have modules of their own.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines_or, lines_attrs};
use super::{
    Position, allow_disallowed_names, code, doc_attrs, doc_attrs_or, enums, gates, ident,
    type_tokens, unions,
};
use crate::ir::{
    Api, BodyMedia, Field, MultipartStruct, Operation, Param, ParamsStruct, PartValue, StatusMatch,
    StatusVariant, StructDef, TypeDef, TypeKind, Wrapping,
};
use crate::naming;

/// The models module.
/// How many items `models.rs` writes one after another: the types, then the parameter
/// structs.
pub(crate) fn item_count(api: &Api) -> usize {
    api.types.len()
        + api
            .operations
            .iter()
            .filter(|op| op.params.is_some())
            .count()
        + multipart_structs(api).count()
}

/// The request structs of multipart bodies, in operation order.
fn multipart_structs(api: &Api) -> impl Iterator<Item = (&Operation, &MultipartStruct)> {
    api.operations
        .iter()
        .filter_map(|op| match op.body.as_ref()?.media {
            BodyMedia::Multipart(Some(ref form)) => Some((op, form)),
            _ => None,
        })
}

/// The part of `src/models.rs` holding the items of `range` (counted as in
/// [`item_count`]).
pub(crate) fn emit_models_part(api: &Api, range: Range<usize>, at: Position) -> TokenStream {
    let mut tokens = TokenStream::new();
    if at.first {
        tokens.extend(quote! {
            //! Model types of the API, one per distinct schema, and the parameter structs of
            //! operations.
        });
    }
    let type_count = api.types.len();
    let types = api
        .types
        .get(range.start.min(type_count)..range.end.min(type_count))
        .unwrap_or_default();
    tokens.extend(
        types
            .iter()
            .map(|def| gates::gate_items(api, &def.gate, emit_type(api, def))),
    );
    // The parameter structs are counted after the types.
    let params_from = range.start.saturating_sub(type_count);
    let params = api
        .operations
        .iter()
        .filter_map(|op| Some((op, op.params.as_ref()?)))
        .skip(params_from)
        .take(range.end.saturating_sub(type_count) - params_from);
    tokens.extend(
        params
            .map(|(op, params)| gates::gate_items(api, &op.gate, emit_params_struct(api, params))),
    );
    // The multipart request structs are counted after the parameter structs.
    let structs_before = type_count + params_count(api);
    let forms_from = range.start.saturating_sub(structs_before);
    let forms = multipart_structs(api).skip(forms_from).take(
        range
            .end
            .saturating_sub(structs_before)
            .saturating_sub(forms_from),
    );
    tokens.extend(
        forms.map(|(op, form)| gates::gate_items(api, &op.gate, emit_multipart_struct(api, form))),
    );
    tokens
}

fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = doc_attrs_or(def.doc.as_deref(), || code(&def.pointer));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(body) => {
            let derive_default = body
                .fields
                .iter()
                .all(|f| f.wrapping.is_optional())
                .then(|| quote!(Default,));
            let fields = body.fields.iter().map(|field| emit_field(api, field));
            let additional = body.additional.as_ref().map(|value| {
                let value = type_tokens(api, value, true);
                quote! {
                    /// Properties not listed above, kept as they came.
                    pub additional_properties: std::collections::BTreeMap<String, #value>,
                }
            });
            let serialize = struct_serialize(&name, body);
            let deserialize = struct_deserialize(&name, body);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #derive_default)]
                pub struct #name {
                    #(#fields)*
                    #additional
                }

                #serialize
                #deserialize
            }
        }
        TypeKind::StringEnum(body) => enums::emit_string_enum(&name, doc, body),
        TypeKind::IntegerEnum(body) => enums::emit_integer_enum(&name, doc, body),
        TypeKind::Union(body) => unions::emit_union(api, &name, doc, body),
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target, true);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
        TypeKind::Newtype(target) => {
            let target = type_tokens(api, target, true);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub struct #name(pub #target);

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serde::Serialize::serialize(&self.0, serializer)
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        serde::Deserialize::deserialize(deserializer).map(Self)
                    }
                }
            }
        }
        TypeKind::ResponseEnum(variants) => emit_response_enum(api, &name, doc, variants),
    }
}

fn emit_field(api: &Api, field: &Field) -> TokenStream {
    let doc = field_doc(field.doc.as_deref(), &field.wire_name, field.deprecated);
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(api, &field.ty, true);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let ty = match field.wrapping {
        Wrapping::Plain => ty,
        Wrapping::Nullable | Wrapping::Optional => quote!(Option<#ty>),
        Wrapping::OptionalNullable => quote!(Option<Option<#ty>>),
    };
    quote! {
        #doc
        pub #name: #ty,
    }
}

/// A struct's `Serialize`: a JSON object of its fields in order, then its additional
/// properties. Optional fields that are `None` are left out; a required nullable one is
/// written as `null`, and so is the `Some(None)` of an optional nullable one.
fn struct_serialize(name: &proc_macro2::Ident, body: &StructDef) -> TokenStream {
    let writes = body.fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        match field.wrapping {
            Wrapping::Plain | Wrapping::Nullable => {
                quote!(map.serialize_entry(#wire, &self.#member)?;)
            }
            Wrapping::Optional | Wrapping::OptionalNullable => quote! {
                if let Some(value) = &self.#member {
                    map.serialize_entry(#wire, value)?;
                }
            },
        }
    });
    let additional = body.additional.is_some().then(|| {
        quote! {
            for (key, value) in &self.additional_properties {
                map.serialize_entry(key, value)?;
            }
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                #additional
                map.end()
            }
        }
    }
}

/// A struct's `Deserialize`, through the runtime piece `object`: one slot per field, filled
/// by the property of its name (a property given twice is an error); properties not listed
/// go to the additional properties, or are skipped. A missing required field is an error;
/// a missing optional or required nullable one is `None`.
fn struct_deserialize(name: &proc_macro2::Ident, body: &StructDef) -> TokenStream {
    // The visitor's own locals, named apart from the fields' slots.
    let taken = |candidate: &str| {
        body.fields
            .iter()
            .any(|field| naming::unraw(&field.rust_name) == candidate)
    };
    let local = |base: &str| {
        let mut candidate = base.to_owned();
        while taken(&candidate) {
            candidate.push('_');
        }
        ident(&candidate)
    };
    let (map, key) = (local("map"), local("key"));
    let members: Vec<_> = body.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let slots = members.iter().map(|member| quote!(let mut #member = None;));
    // Where properties not listed go, and what the struct gets of them.
    let (additional, rest, additional_value) = match body.additional {
        Some(_) => (
            quote!(let mut additional_properties = std::collections::BTreeMap::new();),
            quote!(&mut additional_properties),
            quote!(additional_properties),
        ),
        None => (TokenStream::new(), quote!(&mut ()), TokenStream::new()),
    };
    let read = if body.fields.is_empty() {
        quote!(#map.read(#key, #rest)?;)
    } else {
        let arms = body.fields.iter().zip(&members).map(|(field, member)| {
            let wire = &field.wire_name;
            quote!(#wire => #map.read(#key, &mut #member)?,)
        });
        quote! {
            match &*#key {
                #(#arms)*
                _ => #map.read(#key, #rest)?,
            }
        }
    };
    let required = body
        .fields
        .iter()
        .zip(&members)
        .filter(|(field, _)| field.wrapping == Wrapping::Plain)
        .map(|(field, member)| {
            let wire = &field.wire_name;
            quote! {
                let Some(#member) = #member else {
                    return Err(serde::de::Error::missing_field(#wire));
                };
            }
        });
    let values = body
        .fields
        .iter()
        .zip(&members)
        .map(|(field, member)| match field.wrapping {
            Wrapping::Plain | Wrapping::OptionalNullable => quote!(#member),
            Wrapping::Nullable | Wrapping::Optional => quote!(#member: #member.unwrap_or_default()),
        });
    // The slots are locals named as the fields, which the document named.
    let lint = allow_disallowed_names(body.fields.iter().map(|f| f.rust_name.as_str()));
    let expecting = format!("struct {name}");
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                super::runtime::object::decode(deserializer, #expecting)
            }
        }

        impl super::runtime::object::Object for #name {
            #lint
            fn visit<'de, A: serde::de::MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
                use super::runtime::object::Entries as _;
                #(#slots)*
                #additional
                while let Some(#key) = #map.key()? {
                    #read
                }
                #(#required)*
                Ok(Self { #(#values,)* #additional_value })
            }
        }
    }
}

/// A field's documentation, with a fallback naming the wire name (every public item of
/// the generated crate is documented) and a note when it is deprecated. Deprecation is
/// not an attribute because the crate itself reads and writes these fields.
fn field_doc(doc: Option<&str>, wire_name: &str, deprecated: bool) -> TokenStream {
    lines_attrs(field_doc_lines(doc, wire_name, deprecated))
}

/// The lines of [`field_doc`].
fn field_doc_lines(doc: Option<&str>, wire_name: &str, deprecated: bool) -> Vec<String> {
    if !deprecated {
        return doc_lines_or(doc, || code(wire_name));
    }
    let mut text = doc.unwrap_or_default().to_owned();
    text.push_str("\n\n**Deprecated** by the API.");
    doc_lines_or(Some(&text), || code(wire_name))
}

/// The success body of an operation with different bodies per status.
fn emit_response_enum(
    api: &Api,
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
                let ty = type_tokens(api, ty, true);
                quote!(#doc #variant(Box<#ty>),)
            }
            Some(ty) => {
                let ty = type_tokens(api, ty, true);
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }
    }
}

fn params_count(api: &Api) -> usize {
    api.operations
        .iter()
        .filter(|op| op.params.is_some())
        .count()
}

/// The request struct of a multipart body, and how it is written as parts (one
/// `Parts::push` per field, with the part's name, content type and fixed headers).
fn emit_multipart_struct(api: &Api, form: &MultipartStruct) -> TokenStream {
    let doc = doc_attrs(Some(&form.doc));
    let name = ident(&form.name);
    let all_optional = form.parts.iter().all(|part| !part.required);
    let derive_default = all_optional.then(|| quote!(Default,));
    let fields = form.parts.iter().map(|part| {
        let doc = field_doc(part.doc.as_deref(), &part.wire_name, false);
        let field = ident(&part.rust_name);
        let ty = match &part.value {
            PartValue::File => quote!(super::FilePart),
            PartValue::Files => quote!(Vec<super::FilePart>),
            PartValue::Text(ty) | PartValue::Json(ty) => type_tokens(api, ty, true),
        };
        let ty = if part.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote!(#doc pub #field: #ty,)
    });
    let pushes = form.parts.iter().map(|part| {
        let wire = &part.wire_name;
        let field = ident(&part.rust_name);
        let value = match &part.value {
            PartValue::File | PartValue::Files => quote!(self.#field),
            PartValue::Text(_) | PartValue::Json(_) => quote!(&self.#field),
        };
        let content_type = &part.content_type;
        let json = matches!(part.value, PartValue::Json(_));
        let headers = part
            .headers
            .iter()
            .map(|(header, value)| quote!((#header, #value)));
        quote!(parts.push(#wire, #value, #content_type, #json, &[#(#headers),*])?;)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parts, in the document's order.
            pub(crate) fn parts(self) -> Result<super::runtime::multipart::Parts, super::Error> {
                let mut parts = super::runtime::multipart::Parts::default();
                #(#pushes)*
                Ok(parts)
            }
        }

        impl super::MultipartBody for #name {
            fn into_form(self) -> Result<reqwest::multipart::Form, super::Error> {
                self.parts()?.into_form()
            }

            fn attach(
                self,
                request: reqwest::RequestBuilder,
            ) -> Result<reqwest::RequestBuilder, super::Error> {
                self.parts()?.attach(request)
            }
        }
    }
}

/// The struct of an operation's query, header and cookie parameters.
fn emit_params_struct(api: &Api, params: &ParamsStruct) -> TokenStream {
    let doc = doc_attrs(Some(&params.doc));
    let name = ident(&params.name);
    let derive_default = params.all_optional().then(|| quote!(Default,));
    let fields = params
        .fields
        .iter()
        .map(|param| emit_param_field(api, param));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_param_field(api: &Api, param: &Param) -> TokenStream {
    let doc = field_doc(param.doc.as_deref(), &param.wire_name, param.deprecated);
    let name = ident(&param.rust_name);
    let ty = type_tokens(api, &param.ty, true);
    let ty = if param.required {
        ty
    } else {
        quote!(Option<#ty>)
    };
    quote!(#doc pub #name: #ty,)
}
