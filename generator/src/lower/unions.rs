//! Unions made safe to decode, once the set of types is final:
//!
//! - a member that is the union itself, directly or through aliases and other unions'
//!   members (`H: oneOf: [$ref: H, string]`), would decode the same value again without
//!   consuming any of it, until the stack overflows: it is dropped with a warning (a union
//!   left with no member holds any JSON);
//! - with a discriminator, a member whose tags an earlier member already has (the same
//!   `$ref` listed twice) can never be chosen (and its match arm would not compile
//!   warning-free): it is dropped with a warning;
//! - each member of an untagged union gets the JSON shape it accepts and whether a failed
//!   decode may pass on to the next member (see the runtime piece `untagged`): one that
//!   holds no union, or the last that does, so at most one member that meets a union is
//!   decoded, which keeps decoding linear in the value.

use std::collections::VecDeque;

use super::Parts;
use crate::error::Diagnostics;
use crate::ir::{JsonKind, MemberShape, TypeDef, TypeId, TypeKind, TypeRef, Wrapping};

/// How many aliases the struct of a member is looked for through.
const ALIAS_DEPTH: usize = 16;

/// Drops the members of each union that never consume input (the union itself) and, with
/// a discriminator, the members whose tags an earlier member has; each with a warning.
pub(crate) fn drop_unsound_members(parts: &mut Parts, diagnostics: &mut Diagnostics) {
    let types = &mut parts.types.defs;
    for index in 0..types.len() {
        let id = TypeId(index);
        let TypeKind::Union(union) = &types[index].kind else {
            continue;
        };
        let mut keep = Vec::with_capacity(union.variants.len());
        let mut tags_seen: Vec<&str> = Vec::new();
        let mut problems = Vec::new();
        for (position, variant) in union.variants.iter().enumerate() {
            let member = member_label(types, &variant.ty, position);
            if reaches_without_input(types, &variant.ty, id) {
                problems.push(format!(
                    "the member {member} leads back to this union without reading any of the value (directly, or through aliases and other unions' members), so decoding would recurse until the stack overflows; it is left out"
                ));
                keep.push(false);
                continue;
            }
            if union.discriminator.is_some() {
                let fresh: Vec<&str> = variant
                    .tag_values
                    .iter()
                    .map(String::as_str)
                    .filter(|tag| !tags_seen.contains(tag))
                    .collect();
                if fresh.is_empty() {
                    problems.push(format!(
                        "the member {member} has only discriminator values an earlier member has, so it can never be chosen; it is left out"
                    ));
                    keep.push(false);
                    continue;
                }
                tags_seen.extend(fresh);
            }
            keep.push(true);
        }
        if problems.is_empty() {
            continue;
        }
        let at = types[index].pointer.clone();
        for problem in problems {
            diagnostics.warn(at.clone(), problem);
        }
        let kind = &mut types[index].kind;
        if let TypeKind::Union(union) = kind {
            let mut flags = keep.into_iter();
            union.variants.retain(|_| flags.next().unwrap_or(true));
            let mut seen: Vec<String> = Vec::new();
            for variant in &mut union.variants {
                variant.tag_values.retain(|tag| !seen.contains(tag));
                seen.extend(variant.tag_values.iter().cloned());
            }
            if union.variants.is_empty() {
                diagnostics.warn(
                    at.clone(),
                    "no member of the union is left: it holds any JSON value (`serde_json::Value`)",
                );
                *kind = TypeKind::Alias(TypeRef::Json);
            }
        }
    }
}

/// How a warning names a member: by the schema it comes from, or its position.
fn member_label(types: &[TypeDef], ty: &TypeRef, position: usize) -> String {
    match ty.by_value_target().and_then(|id| types.get(id.index())) {
        Some(def) => format!("`{}`", def.pointer),
        None => format!("at position {position}"),
    }
}

/// Whether decoding `ty` can come back to `target` without consuming input: through
/// named types held by value that are aliases, newtypes or unions (whose members decode
/// the same value).
fn reaches_without_input(types: &[TypeDef], ty: &TypeRef, target: TypeId) -> bool {
    // Only the types on the way are marked: a table of every type per member would make
    // a document of many unions quadratic.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut pending: Vec<TypeId> = ty.by_value_target().into_iter().collect();
    while let Some(id) = pending.pop() {
        if id == target {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        match types.get(id.index()).map(|def| &def.kind) {
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                pending.extend(inner.by_value_target());
            }
            Some(TypeKind::Union(union)) => {
                pending.extend(union.variants.iter().filter_map(|v| v.ty.by_value_target()));
            }
            _ => {}
        }
    }
    false
}

/// Gives each member of every untagged union its shape, and whether a failed decode of
/// it passes on to the next member (when it holds no union, or no later member does).
pub(crate) fn decide_member_shapes(types: &mut [TypeDef]) {
    let holds_union = types_holding_a_union(types);
    let mut kinds = Kinds::new(types);
    let mut decided = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        if union.discriminator.is_some() {
            continue;
        }
        let holds: Vec<bool> = union
            .variants
            .iter()
            .map(|variant| {
                let mut holds = false;
                variant.ty.for_each_named(&mut |id| {
                    holds |= holds_union.get(id.index()).copied().unwrap_or(true);
                });
                holds
            })
            .collect();
        let shapes: Vec<MemberShape> = union
            .variants
            .iter()
            .map(|variant| member_shape(&mut kinds, &variant.ty))
            .collect();
        // A member that holds a union passes a failure on only when no member tried after
        // it does: then one member at most that meets a union is decoded, and those tried
        // after it are single passes (the catch-all `Json` after the item of `items`
        // without `type`, say). Members are tried in order unless one-value properties
        // rank them (see the runtime piece `untagged`): then only those holding no union.
        let in_order = shapes.iter().all(|shape| shape.values.is_empty());
        let members: Vec<(MemberShape, bool)> = shapes
            .into_iter()
            .enumerate()
            .map(|(position, shape)| {
                let last_to_hold = in_order && !holds[position + 1..].contains(&true);
                (shape, !holds[position] || last_to_hold)
            })
            .collect();
        decided.push((index, members));
    }
    for (index, members) in decided {
        if let Some(TypeKind::Union(union)) = types.get_mut(index).map(|def| &mut def.kind) {
            for (variant, (shape, passed_over)) in union.variants.iter_mut().zip(members) {
                variant.shape = shape;
                variant.passed_over = passed_over;
            }
        }
    }
}

/// For each type, whether decoding it can decode a union (it is one, or holds one
/// anywhere inside): found backwards from the unions, once over the references.
fn types_holding_a_union(types: &[TypeDef]) -> Vec<bool> {
    let mut held_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (index, def) in types.iter().enumerate() {
        def.kind.for_each_ref(&mut |ty| {
            ty.for_each_named(&mut |id| {
                if let Some(holders) = held_by.get_mut(id.index()) {
                    holders.push(index);
                }
            });
        });
    }
    let mut holds: Vec<bool> = types
        .iter()
        .map(|def| matches!(def.kind, TypeKind::Union(_)))
        .collect();
    let mut pending: VecDeque<usize> = (0..types.len()).filter(|&i| holds[i]).collect();
    while let Some(index) = pending.pop_front() {
        for &holder in &held_by[index] {
            if !std::mem::replace(&mut holds[holder], true) {
                pending.push_back(holder);
            }
        }
    }
    holds
}

/// The shape a member of type `ty` accepts: its JSON types and, for a struct, the
/// properties it must have (those decoded without a default), the JSON types of those it
/// declares, and the one value of those that allow one string only.
fn member_shape(kinds: &mut Kinds<'_>, ty: &TypeRef) -> MemberShape {
    let mut shape = MemberShape {
        kinds: kinds.of(ty),
        ..MemberShape::default()
    };
    let Some(TypeKind::Struct(body)) = struct_target(kinds.types, ty) else {
        return shape;
    };
    for field in &body.fields {
        if field.wrapping == Wrapping::Plain {
            shape.required.push(field.wire_name.clone());
        }
        if let Some(accepted) = kinds.of(&field.ty) {
            let accepted = if field.wrapping == Wrapping::Plain {
                accepted
            } else {
                with_null(accepted)
            };
            shape.properties.push((field.wire_name.clone(), accepted));
        }
        if let Some(value) = one_string_value(kinds.types, &field.ty) {
            shape
                .values
                .push((field.wire_name.clone(), value.to_owned()));
        }
    }
    shape
}

/// The one value of a string enum of one value (`enum: [ideal]`, `const: ideal`), through
/// aliases.
fn one_string_value<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t str> {
    let mut id = ty.by_value_target()?;
    for _ in 0..ALIAS_DEPTH {
        match &types.get(id.index())?.kind {
            TypeKind::StringEnum(def) => {
                return match def.variants.as_slice() {
                    [only] => Some(only.value.as_str()),
                    _ => None,
                };
            }
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => id = inner.by_value_target()?,
            _ => return None,
        }
    }
    None
}

/// The struct a member decodes as, through aliases and `null`-able wrappers.
fn struct_target<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t TypeKind> {
    let mut id = ty.by_value_target()?;
    for _ in 0..ALIAS_DEPTH {
        let kind = &types.get(id.index())?.kind;
        match kind {
            TypeKind::Struct(_) => return Some(kind),
            TypeKind::Alias(inner) => id = inner.by_value_target()?,
            _ => return None,
        }
    }
    None
}

/// The JSON types a value of `ty` may have (`None` for any), worked out once per named
/// type (unions of unions are shared, so a walk without memory could repeat itself
/// exponentially).
struct Kinds<'t> {
    types: &'t [TypeDef],
    /// Per type: not yet asked, being worked out (a cycle: any), or the answer.
    memo: Vec<Memo>,
}

#[derive(Clone)]
enum Memo {
    Unknown,
    Pending,
    Known(Option<Vec<JsonKind>>),
}

impl<'t> Kinds<'t> {
    fn new(types: &'t [TypeDef]) -> Self {
        Kinds {
            types,
            memo: vec![Memo::Unknown; types.len()],
        }
    }

    fn of(&mut self, ty: &TypeRef) -> Option<Vec<JsonKind>> {
        match ty {
            TypeRef::String | TypeRef::Format(_) => Some(vec![JsonKind::String]),
            TypeRef::Bool => Some(vec![JsonKind::Boolean]),
            TypeRef::I32 | TypeRef::I64 => Some(vec![JsonKind::Integer]),
            TypeRef::F32 | TypeRef::F64 => Some(vec![JsonKind::Integer, JsonKind::Fraction]),
            TypeRef::Vec(_) | TypeRef::Bytes => Some(vec![JsonKind::Array]),
            TypeRef::Map(_) => Some(vec![JsonKind::Object]),
            TypeRef::Json => None,
            TypeRef::Nullable(inner) => self.of(inner).map(with_null),
            TypeRef::Named(id) => match self.memo.get(id.index())? {
                Memo::Known(kinds) => kinds.clone(),
                Memo::Pending => None,
                Memo::Unknown => {
                    self.memo[id.index()] = Memo::Pending;
                    let kinds = self.of_named(*id);
                    self.memo[id.index()] = Memo::Known(kinds.clone());
                    kinds
                }
            },
        }
    }

    fn of_named(&mut self, id: TypeId) -> Option<Vec<JsonKind>> {
        let types = self.types;
        match &types.get(id.index())?.kind {
            TypeKind::Struct(_) => Some(vec![JsonKind::Object]),
            TypeKind::StringEnum(_) => Some(vec![JsonKind::String]),
            TypeKind::IntegerEnum(_) => Some(vec![JsonKind::Integer]),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.of(inner),
            // The fallback of a discriminated union keeps any value.
            TypeKind::Union(union) if union.discriminator.is_some() => None,
            TypeKind::Union(union) => {
                let mut all = Vec::new();
                for variant in &union.variants {
                    all.extend(self.of(&variant.ty)?);
                }
                all.sort();
                all.dedup();
                Some(all)
            }
            TypeKind::ResponseEnum(_) => None,
        }
    }
}

/// `kinds` with `null` added.
fn with_null(mut kinds: Vec<JsonKind>) -> Vec<JsonKind> {
    if !kinds.contains(&JsonKind::Null) {
        kinds.insert(0, JsonKind::Null);
    }
    kinds
}
