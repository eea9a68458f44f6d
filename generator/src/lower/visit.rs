//! The one walk over every type reference of the IR: in the types themselves, in the
//! operations (arguments, bodies, responses, pages), in the documented error bodies and
//! in the examples. The passes that merge, drop or renumber types use it, so no place
//! that holds a type can be forgotten by one of them.

use super::Parts;
use crate::ir::{Operation, SuccessBody, TypeId, TypeRef};

/// Calls `visit` on every named type an operation mentions (its arguments, body,
/// success body and page types; the per-status enum counts as one).
pub(crate) fn types_of_operation(operation: &Operation, visit: &mut impl FnMut(TypeId)) {
    operation.for_each_ref(&mut |ty| ty.for_each_named(&mut *visit));
    if let SuccessBody::Statuses(id) = &operation.success {
        visit(*id);
    }
}

/// Renames every type reference of the parts with `map` (old id -> new id).
pub(crate) fn remap_types(parts: &mut Parts, map: &impl Fn(TypeId) -> TypeId) {
    let mut remap = |ty: &mut TypeRef| ty.map_named(&mut |id| map(id));
    for def in &mut parts.types.defs {
        def.kind.for_each_ref_mut(&mut remap);
    }
    for operation in &mut parts.operations {
        operation.for_each_ref_mut(&mut remap);
        if let SuccessBody::Statuses(id) = &mut operation.success {
            *id = map(*id);
        }
    }
    for errors in &mut parts.pending_errors {
        errors.iter_mut().for_each(|e| remap(&mut e.ty));
    }
    for example in &mut parts.examples {
        remap(&mut example.ty);
    }
}

/// Keeps the types marked in `keep` (indexed by id), renumbering them in order, and
/// drops the examples whose type is gone.
pub(crate) fn retain_types(parts: &mut Parts, keep: &[bool]) {
    let mut new_ids = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &kept in keep {
        new_ids.push(kept.then_some(next));
        next += usize::from(kept);
    }
    let mentions_dropped = |ty: &TypeRef| {
        let mut dropped = false;
        ty.for_each_named(&mut |id| {
            dropped |= new_ids.get(id.0).copied().flatten().is_none();
        });
        dropped
    };
    parts
        .examples
        .retain(|example| !mentions_dropped(&example.ty));
    let defs = std::mem::take(&mut parts.types.defs);
    let origins = std::mem::take(&mut parts.types.origins);
    for ((def, origin), &kept) in defs.into_iter().zip(origins).zip(keep) {
        if kept {
            parts.types.defs.push(def);
            parts.types.origins.push(origin);
        }
    }
    // Every reference left points at a kept type (the callers keep what is reached).
    remap_types(parts, &|id| {
        TypeId(new_ids.get(id.0).copied().flatten().unwrap_or(0))
    });
}

/// Visits the types on `stack` and what they hold; `visit` answers whether a type is
/// met for the first time (then what it holds is visited too).
pub(crate) fn walk_types(
    parts: &Parts,
    stack: &mut Vec<TypeId>,
    visit: &mut impl FnMut(TypeId) -> bool,
) {
    while let Some(id) = stack.pop() {
        if id.0 >= parts.types.defs.len() || !visit(id) {
            continue;
        }
        if let Some(def) = parts.types.get(id) {
            def.kind.for_each_ref(&mut |ty| {
                ty.for_each_named(&mut |id| stack.push(id));
            });
        }
    }
}
