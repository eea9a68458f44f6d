//! Boxing: a struct field or union variant that holds its own type by value (directly
//! or through other types' by-value parts) would make the type infinitely large, so it
//! is boxed; union and per-status enum variants much larger than the others are boxed
//! too, so that no enum is needlessly large (clippy's `large_enum_variant`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::Parts;
use crate::ir::{ErrorBodyVariant, TypeDef, TypeId, TypeKind, TypeRef};

/// Estimated size in bytes above which a variant is boxed, so that clippy's
/// `large_enum_variant` (a 200-byte difference between variants) never fires.
const BOX_VARIANT_ABOVE: usize = 128;

/// How deep the size estimate follows named types (recursive parts are boxed anyway).
const SIZE_DEPTH: usize = 8;

/// Marks recursive fields and variants, and large variants, as boxed.
pub(crate) fn box_recursive_and_large(parts: &mut Parts) {
    let types = &mut parts.types.defs;
    let component = strongly_connected_components(&by_value_edges(types));
    let reaches = |target: TypeId, goal: TypeId| {
        target == goal
            || matches!((component.get(&target), component.get(&goal)), (Some(a), Some(b)) if a == b)
    };
    let mut boxed_fields: Vec<(usize, usize)> = Vec::new();
    let mut boxed_variants: Vec<(usize, usize)> = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let id = TypeId(index);
        match &def.kind {
            TypeKind::Struct(def) => {
                for (field_index, field) in def.fields.iter().enumerate() {
                    if field
                        .ty
                        .by_value_target()
                        .is_some_and(|target| reaches(target, id))
                    {
                        boxed_fields.push((index, field_index));
                    }
                }
            }
            TypeKind::Union(union) => {
                for (variant_index, variant) in union.variants.iter().enumerate() {
                    let recursive = variant
                        .ty
                        .by_value_target()
                        .is_some_and(|target| reaches(target, id));
                    if recursive || estimated_size(types, &variant.ty) > BOX_VARIANT_ABOVE {
                        boxed_variants.push((index, variant_index));
                    }
                }
            }
            TypeKind::ResponseEnum(variants) => {
                for (variant_index, variant) in variants.iter().enumerate() {
                    let large = variant
                        .body
                        .as_ref()
                        .is_some_and(|ty| estimated_size(types, ty) > BOX_VARIANT_ABOVE);
                    if large {
                        boxed_variants.push((index, variant_index));
                    }
                }
            }
            _ => {}
        }
    }
    for (index, field_index) in boxed_fields {
        if let Some(TypeKind::Struct(def)) = types.get_mut(index).map(|t| &mut t.kind)
            && let Some(field) = def.fields.get_mut(field_index)
        {
            field.boxed = true;
        }
    }
    for (index, variant_index) in boxed_variants {
        match types.get_mut(index).map(|t| &mut t.kind) {
            Some(TypeKind::Union(union)) => {
                if let Some(variant) = union.variants.get_mut(variant_index) {
                    variant.boxed = true;
                }
            }
            Some(TypeKind::ResponseEnum(variants)) => {
                if let Some(variant) = variants.get_mut(variant_index) {
                    variant.boxed = true;
                }
            }
            _ => {}
        }
    }
}

/// Marks the large variants of `ErrorBody` as boxed (its other variant, `Text`, is a
/// `String`), after the types themselves are boxed, so that their sizes are final.
pub(crate) fn box_large_error_bodies(parts: &Parts, error_bodies: &mut [ErrorBodyVariant]) {
    for variant in error_bodies {
        variant.boxed = estimated_size(&parts.types.defs, &variant.ty) > BOX_VARIANT_ABOVE;
    }
}

/// Edges: type -> the named types it holds by value (not through `Vec` or a map).
fn by_value_edges(types: &[TypeDef]) -> BTreeMap<TypeId, Vec<TypeId>> {
    let mut edges = BTreeMap::new();
    for (index, def) in types.iter().enumerate() {
        let targets = match &def.kind {
            TypeKind::Struct(def) => def
                .fields
                .iter()
                .filter_map(|f| f.ty.by_value_target())
                .collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => {
                ty.by_value_target().into_iter().collect()
            }
            TypeKind::Union(union) => union
                .variants
                .iter()
                .filter_map(|v| v.ty.by_value_target())
                .collect(),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::ResponseEnum(_) => {
                Vec::new()
            }
        };
        edges.insert(TypeId(index), targets);
    }
    edges
}

/// A rough size in bytes of a value of `ty`, for deciding what to box. Recursion is cut
/// off at a depth (recursive parts are boxed anyway); each named type is sized once per
/// depth, so a wide model reached through many fields costs its size, not its paths.
fn estimated_size(types: &[TypeDef], ty: &TypeRef) -> usize {
    size_at(types, ty, 0, &mut HashMap::default())
}

fn size_at(
    types: &[TypeDef],
    ty: &TypeRef,
    depth: usize,
    sizes: &mut HashMap<(TypeId, usize), usize>,
) -> usize {
    if depth > SIZE_DEPTH {
        return 8;
    }
    match ty {
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::F32 => 4,
        TypeRef::I64 | TypeRef::F64 => 8,
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes => 24,
        TypeRef::Json | TypeRef::Format(_) => 32,
        TypeRef::Nullable(inner) => size_at(types, inner, depth + 1, sizes) + 8,
        TypeRef::Named(id) => named_size(types, *id, depth, sizes),
    }
}

fn named_size(
    types: &[TypeDef],
    id: TypeId,
    depth: usize,
    sizes: &mut HashMap<(TypeId, usize), usize>,
) -> usize {
    if let Some(size) = sizes.get(&(id, depth)) {
        return *size;
    }
    let size = match types.get(id.0).map(|t| &t.kind) {
        Some(TypeKind::Struct(def)) => {
            let fields_size: usize = def
                .fields
                .iter()
                .map(|f| {
                    if f.boxed {
                        8
                    } else {
                        let optional = f.wrapping.option_layers() * 8;
                        size_at(types, &f.ty, depth + 1, sizes) + optional
                    }
                })
                .sum();
            fields_size + usize::from(def.additional.is_some()) * 24
        }
        Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
            size_at(types, inner, depth + 1, sizes)
        }
        Some(TypeKind::Union(union)) => {
            union
                .variants
                .iter()
                .map(|v| {
                    if v.boxed {
                        8
                    } else {
                        size_at(types, &v.ty, depth + 1, sizes)
                    }
                })
                .max()
                .unwrap_or(0)
                + 8
        }
        Some(TypeKind::StringEnum(_) | TypeKind::ResponseEnum(_)) => 24,
        Some(TypeKind::IntegerEnum(_)) => 16,
        None => 8,
    };
    sizes.insert((id, depth), size);
    size
}

/// Tarjan's algorithm, iterative (deep reference chains must not overflow the stack):
/// each node's strongly connected component, as a number. Linear in nodes plus edges.
fn strongly_connected_components(edges: &BTreeMap<TypeId, Vec<TypeId>>) -> HashMap<TypeId, usize> {
    struct NodeState {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut state: HashMap<TypeId, NodeState> =
        HashMap::with_capacity_and_hasher(edges.len(), Default::default());
    let mut component: HashMap<TypeId, usize> =
        HashMap::with_capacity_and_hasher(edges.len(), Default::default());
    let mut stack: Vec<TypeId> = Vec::new();
    let mut next_index = 0;
    let mut components = 0;
    for &root in edges.keys() {
        if state.contains_key(&root) {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames: Vec<(TypeId, usize)> = vec![(root, 0)];
        state.insert(
            root,
            NodeState {
                index: next_index,
                low: next_index,
                on_stack: true,
            },
        );
        stack.push(root);
        next_index += 1;
        while let Some(&mut (node, ref mut followed)) = frames.last_mut() {
            let targets = edges.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(*followed) {
                *followed += 1;
                if !edges.contains_key(&target) {
                    continue;
                }
                match state.get(&target) {
                    None => {
                        state.insert(
                            target,
                            NodeState {
                                index: next_index,
                                low: next_index,
                                on_stack: true,
                            },
                        );
                        stack.push(target);
                        next_index += 1;
                        frames.push((target, 0));
                    }
                    Some(target_state) if target_state.on_stack => {
                        let target_index = target_state.index;
                        if let Some(node_state) = state.get_mut(&node) {
                            node_state.low = node_state.low.min(target_index);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            let (index, low) = state.get(&node).map_or((0, 0), |s| (s.index, s.low));
            if let Some(&(parent, _)) = frames.last()
                && let Some(parent_state) = state.get_mut(&parent)
            {
                parent_state.low = parent_state.low.min(low);
            }
            if low == index {
                while let Some(member) = stack.pop() {
                    if let Some(member_state) = state.get_mut(&member) {
                        member_state.on_stack = false;
                    }
                    component.insert(member, components);
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}
