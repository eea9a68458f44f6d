//! One Rust type per distinct shape. Inline schemas that are structurally identical
//! (the same properties with the same types and wrapping, the same enum values in the
//! same order, the same union members; descriptions aside) become one type, and an
//! inline schema identical to a component schema uses the component. Component schemas
//! are never merged with one another: the document named each.
//!
//! Identity is decided by partition refinement (as when minimising an automaton): all
//! types start in one class, and a class splits while its members' definitions differ
//! once every reference is replaced by the class of its target. The result is stable
//! for recursive and mutually recursive types, and depends only on the document.

use std::hash::BuildHasher;

use rustc_hash::FxHashMap as HashMap;

use super::{Origin, Parts, visit};
use crate::ir::{TypeDef, TypeId, TypeKind};
use crate::naming;

/// How many places a merged type's documentation lists.
const PLACES_LISTED: usize = 5;

/// Merges structurally identical types (see the module documentation); `classes` are
/// the [`identical_classes`] of the types.
pub(crate) fn merge_identical_types(parts: &mut Parts, classes: &[usize]) {
    let representatives = representatives(classes, &parts.types.origins);
    let target = |id: TypeId| representatives.get(id.0).copied().unwrap_or(id);
    if (0..classes.len()).all(|index| target(TypeId(index)).0 == index) {
        return;
    }
    merge_docs_and_names(parts, &representatives);
    visit::remap_types(parts, &target);
    let keep: Vec<bool> = (0..classes.len())
        .map(|index| target(TypeId(index)).0 == index)
        .collect();
    visit::retain_types(parts, &keep);
}

/// The class of every type: equal classes mean structurally identical types. Types start
/// in classes by what they are apart from the types they refer to (each definition is
/// copied and hashed once), and classes are split until the classes of the types each
/// member refers to, in order, agree.
pub(crate) fn identical_classes(defs: &[TypeDef]) -> Vec<usize> {
    // Each base is kept only as its hash and the first type that has it (compared again
    // on a match): a table of the bases themselves would be a second copy of every type.
    let hasher = rustc_hash::FxBuildHasher;
    let mut bases: HashMap<u64, Vec<(usize, usize)>> =
        HashMap::with_capacity_and_hasher(defs.len(), Default::default());
    let mut classes = Vec::with_capacity(defs.len());
    let mut refers_to = Vec::with_capacity(defs.len());
    let mut count = 0;
    for (index, def) in defs.iter().enumerate() {
        let (base, refs) = base_and_refs(index, &def.kind);
        let same = bases.entry(hasher.hash_one(&base)).or_default();
        let known = same.iter().find(|(_, first)| {
            defs.get(*first)
                .is_some_and(|other| base_and_refs(*first, &other.kind).0 == base)
        });
        let class = match known {
            Some((class, _)) => *class,
            None => {
                same.push((count, index));
                count += 1;
                count - 1
            }
        };
        classes.push(class);
        refers_to.push(refs);
    }
    loop {
        let mut keys: HashMap<(usize, Vec<usize>), usize> =
            HashMap::with_capacity_and_hasher(defs.len(), Default::default());
        let mut next = Vec::with_capacity(defs.len());
        for (class, refs) in classes.iter().zip(&refers_to) {
            let targets = refs
                .iter()
                .map(|id| classes.get(*id).copied().unwrap_or(usize::MAX))
                .collect();
            let fresh = keys.len();
            next.push(*keys.entry((*class, targets)).or_insert(fresh));
        }
        let refined = keys.len();
        classes = next;
        if refined == count {
            return classes;
        }
        count = refined;
    }
}

/// A type's definition with documentation left out and every reference replaced by one
/// placeholder, and the types it refers to, in order. The per-status response enums of
/// operations keep their own identity (their index), so they are never merged.
fn base_and_refs(index: usize, kind: &TypeKind) -> (TypeKind, Vec<usize>) {
    let mut base = kind.clone();
    let mut refs = Vec::new();
    base.for_each_ref_mut(&mut |ty| {
        ty.map_named(&mut |id| {
            refs.push(id.0);
            TypeId(0)
        });
    });
    match &mut base {
        TypeKind::Struct(def) => def.fields.iter_mut().for_each(|f| f.doc = None),
        TypeKind::ResponseEnum(variants) => {
            variants
                .iter_mut()
                .for_each(|v| v.doc = Some(index.to_string()));
        }
        _ => {}
    }
    (base, refs)
}

/// For every type, the type that stands for it: itself for a component, else the first
/// component of its class, else the first member of its class.
fn representatives(classes: &[usize], origins: &[Origin]) -> Vec<TypeId> {
    let mut first: HashMap<usize, usize> = HashMap::default();
    let mut first_component: HashMap<usize, usize> = HashMap::default();
    for (index, &class) in classes.iter().enumerate() {
        first.entry(class).or_insert(index);
        if matches!(origins.get(index), Some(Origin::Component(_))) {
            first_component.entry(class).or_insert(index);
        }
    }
    classes
        .iter()
        .enumerate()
        .map(|(index, class)| {
            if matches!(origins.get(index), Some(Origin::Component(_))) {
                return TypeId(index);
            }
            let chosen = first_component.get(class).or_else(|| first.get(class));
            TypeId(chosen.copied().unwrap_or(index))
        })
        .collect()
}

/// Before the merged types go: a representative that stands for places with other
/// documentation says which places it stands for, and an inline representative whose
/// places all sit under the same word (`country_code`) is named after that word.
fn merge_docs_and_names(parts: &mut Parts, representatives: &[TypeId]) {
    let mut members: HashMap<usize, Vec<usize>> = HashMap::default();
    for (index, representative) in representatives.iter().enumerate() {
        if representative.0 != index {
            members.entry(representative.0).or_default().push(index);
        }
    }
    let mut merged: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
    merged.sort_unstable();
    for (representative, absorbed) in merged {
        let defs = &parts.types.defs;
        let Some(def) = defs.get(representative) else {
            continue;
        };
        let docs_differ = absorbed
            .iter()
            .any(|&other| defs.get(other).map(|o| &o.doc) != Some(&def.doc));
        if docs_differ {
            let places: Vec<String> = std::iter::once(representative)
                .chain(absorbed.iter().copied())
                .filter_map(|index| defs.get(index))
                .map(|def| format!("`{}`", def.pointer))
                .collect();
            let note = places_note(&places);
            if let Some(def) = parts.types.defs.get_mut(representative) {
                let mut doc = def.doc.take().unwrap_or_default();
                if !doc.is_empty() {
                    doc.push_str("\n\n");
                }
                doc.push_str(&note);
                def.doc = Some(doc);
            }
        }
        name_after_shared_word(parts, representative, &absorbed);
    }
}

/// "The type of N identical schemas: `a`, `b`, ... and M more."
fn places_note(places: &[String]) -> String {
    let shown = places
        .iter()
        .take(PLACES_LISTED)
        .cloned()
        .collect::<Vec<_>>();
    let more = places.len().saturating_sub(PLACES_LISTED);
    let mut note = format!(
        "The type of {} schemas of the document that differ only in their descriptions: {}",
        places.len(),
        shown.join(", ")
    );
    if more > 0 {
        note.push_str(&format!(" and {more} more"));
    }
    note.push('.');
    note
}

fn name_after_shared_word(parts: &mut Parts, representative: usize, absorbed: &[usize]) {
    let origins = &parts.types.origins;
    let word = |index: usize| match origins.get(index) {
        Some(Origin::Inline { context, .. }) => Some(naming::type_name(context)),
        _ => None,
    };
    let Some(shared) = word(representative) else {
        return;
    };
    if absorbed
        .iter()
        .all(|&index| word(index).as_ref() == Some(&shared))
        && let Some(Origin::Inline { hint, .. }) = parts.types.origins.get_mut(representative)
    {
        *hint = shared;
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ir::{Api, TypeKind};

    fn lower(text: &str) -> Api {
        let loaded = crate::load::load_document(text).expect("loads");
        crate::lower::lower(&loaded, &Config::new("t"))
            .expect("lowers")
            .0
    }

    fn names(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Customer:
      type: object
      properties:
        country_code: {type: string, enum: [DE, FR, GB]}
        address: {$ref: '#/components/schemas/Address'}
        billing:
          type: object
          properties:
            street: {type: string}
            city: {type: string}
    Supplier:
      type: object
      properties:
        country_code: {type: string, enum: [DE, FR, GB], description: Where it is.}
        shipping_country: {type: string, enum: [DE, FR, GB, US]}
        stock: {type: string, enum: [low, high]}
    Warehouse:
      type: object
      properties:
        stock: {type: string, enum: [high, low]}
        address:
          type: object
          required: [street]
          properties:
            street: {type: string}
            city: {type: string}
    Address:
      type: object
      properties:
        street: {type: string}
        city: {type: string}
"#;

    #[test]
    fn identical_inline_schemas_become_one_type_named_after_their_shared_word() {
        let api = lower(DOCUMENT);
        let names = names(&api);
        assert!(names.contains(&"CountryCode"), "{names:?}");
        assert!(
            !names.iter().any(|n| n.contains("SupplierCountryCode")),
            "{names:?}"
        );
        let country = api
            .types
            .iter()
            .find(|t| t.name == "CountryCode")
            .expect("merged");
        let doc = country.doc.as_deref().unwrap_or_default();
        assert!(doc.contains("differ only in their descriptions"), "{doc}");
    }

    #[test]
    fn an_inline_copy_of_a_component_uses_the_component() {
        let api = lower(DOCUMENT);
        assert!(
            !names(&api).contains(&"CustomerBilling"),
            "{:?}",
            names(&api)
        );
        let customer = api
            .types
            .iter()
            .find(|t| t.name == "Customer")
            .expect("Customer");
        let TypeKind::Struct(def) = &customer.kind else {
            panic!("a struct")
        };
        let billing = def
            .fields
            .iter()
            .find(|f| f.wire_name == "billing")
            .expect("billing");
        assert_eq!(
            billing.ty, def.fields[1].ty,
            "billing and address share Address"
        );
    }

    #[test]
    fn near_identical_shapes_stay_apart() {
        let api = lower(DOCUMENT);
        let names = names(&api);
        // One more enum value, values in another order, one more required field.
        assert!(names.contains(&"SupplierShippingCountry"), "{names:?}");
        assert!(names.contains(&"SupplierStock"), "{names:?}");
        assert!(names.contains(&"WarehouseStock"), "{names:?}");
        assert!(names.contains(&"WarehouseAddress"), "{names:?}");
    }
}
