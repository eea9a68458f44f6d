//! Names, given once the set of types is final: component schemas first (so a component
//! keeps its own name and an inline type is the one suffixed on a clash), then the
//! operations' parameter structs, then inline and per-status types in the order they
//! were made; then the names that derive from type names (union variants, `ErrorBody`
//! variants).

use super::{Origin, Parts, PendingError};
use crate::config::Config;
use crate::ir::{BodyMedia, ErrorBodyId, ErrorBodyVariant, ErrorResponse, Gate, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// Names the generated models module already uses for itself, or that generated code
/// names unqualified (prelude traits, types and constructors).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "BTreeMap", "Some", "None", "Ok", "Err", "From",
    "Into", "Default", "Clone", "Copy", "Send", "Sync", "Sized", "ToOwned", "ToString",
];

/// Names every type, parameter struct, union variant and error body; returns the
/// `ErrorBody` variants, which the operations' error responses now refer to.
pub(crate) fn assign_names(parts: &mut Parts, config: &Config) -> Vec<ErrorBodyVariant> {
    let mut names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
    let Parts {
        types, operations, ..
    } = &mut *parts;
    for (def, origin) in types.defs.iter_mut().zip(&types.origins) {
        if let Origin::Component(name) = origin {
            let wanted = config
                .renames
                .get(name)
                .cloned()
                .unwrap_or_else(|| naming::type_name(name));
            def.name = names.claim(&wanted);
        }
    }
    for params in operations.iter_mut().filter_map(|op| op.params.as_mut()) {
        params.name = names.claim(&params.name);
    }
    for body in operations.iter_mut().filter_map(|op| op.body.as_mut()) {
        if let BodyMedia::Multipart(Some(form)) = &mut body.media {
            form.name = names.claim(&form.name);
        }
    }
    for (def, origin) in types.defs.iter_mut().zip(&types.origins) {
        match origin {
            Origin::Component(_) => {}
            Origin::Inline { hint, .. } | Origin::Operation { hint } => {
                def.name = names.claim(&naming::type_name(hint));
            }
        }
    }
    name_union_variants(parts);
    error_bodies(parts)
}

/// A union's variants are named after their member types (`Cat`, `Dog`), or after what
/// they hold (`String`, `Array`) when the member has no name.
fn name_union_variants(parts: &mut Parts) {
    let type_names: Vec<String> = parts.types.defs.iter().map(|d| d.name.clone()).collect();
    for def in &mut parts.types.defs {
        let TypeKind::Union(union) = &mut def.kind else {
            continue;
        };
        let mut names = Namespace::default();
        for variant in &mut union.variants {
            let wanted = match &variant.ty {
                TypeRef::Named(id) => type_names.get(id.0).cloned().unwrap_or_default(),
                other => variant_label(other).to_owned(),
            };
            variant.rust_name = names.claim(&wanted);
        }
        if union.fallback.is_some() {
            union.fallback = Some(names.claim("Unknown"));
        }
    }
}

/// The distinct documented error bodies as `ErrorBody` variants, named after their
/// types, and each operation's error responses pointing at them.
fn error_bodies(parts: &mut Parts) -> Vec<ErrorBodyVariant> {
    let mut variants: Vec<ErrorBodyVariant> = Vec::new();
    let mut names = Namespace::with_reserved(&["Text"]);
    let pending = std::mem::take(&mut parts.pending_errors);
    for (operation, errors) in parts.operations.iter_mut().zip(pending) {
        for PendingError { status, ty } in errors {
            let index = match variants.iter().position(|v| v.ty == ty) {
                Some(index) => index,
                None => {
                    let wanted = match &ty {
                        TypeRef::Named(id) => parts
                            .types
                            .get(*id)
                            .map_or_else(|| "Json".to_owned(), |def| def.name.clone()),
                        _ => "Json".to_owned(),
                    };
                    variants.push(ErrorBodyVariant {
                        rust_name: names.claim(&wanted),
                        ty,
                        boxed: false,
                        gate: Gate::default(),
                    });
                    variants.len() - 1
                }
            };
            operation.error_responses.push(ErrorResponse {
                status,
                body: ErrorBodyId(index),
            });
        }
    }
    variants
}

/// A variant name for a member type without a name of its own.
fn variant_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Json | TypeRef::Named(_) => "Json",
        TypeRef::Format(_) => "Formatted",
        TypeRef::Bytes => "Bytes",
    }
}
