//! Cargo features per tag: each tag of the operations (and the untagged operations
//! together) becomes a feature of the generated crate; an operation is compiled with any
//! of its tags' features, a type with any feature whose operations reach it. A crate whose
//! operations form one group gets no features and no gates.

use super::{Parts, visit};
use crate::config::{Config, Layout};
use crate::ir::{ErrorBodyVariant, Feature, FeatureOf, Gate, TypeId};
use crate::naming::{self, Namespace};

/// The names a tag's feature may not take: the crate's other features, and the
/// dependencies a generated crate may have (a feature cannot share an optional
/// dependency's name, and a shared name would read as one).
const RESERVED_FEATURE_NAMES: &[&str] = &[
    "default",
    "full",
    "client",
    "mock",
    "tracing",
    "serde",
    "serde_json",
    "reqwest",
    "uuid",
    "chrono",
    "url",
    "futures-util",
    "futures_util",
    "tokio",
    "axum",
    "bytes",
    "percent-encoding",
];

/// The name of the feature of the untagged operations.
const UNTAGGED_FEATURE: &str = "untagged";

/// The name of the feature of the types no operation uses.
const OTHER_TYPES_FEATURE: &str = "other-types";

/// Decides the features and writes the gate of every operation, type, error body
/// variant and example; answers the features (empty for a single group). Code included
/// as a module of another crate (`Layout::Module`) has no features: its crate's own are
/// the user's to choose.
pub(crate) fn decide_features(
    parts: &mut Parts,
    error_bodies: &mut [ErrorBodyVariant],
    config: &Config,
) -> Vec<Feature> {
    if config.layout == Layout::Module {
        return Vec::new();
    }
    let mut names = Namespace::with_reserved(RESERVED_FEATURE_NAMES);
    let mut features = name_features(parts, &mut names);
    if features.len() < 2 {
        return Vec::new();
    }
    for operation in &mut parts.operations {
        let mut gate: Vec<usize> = operation
            .tags
            .iter()
            .filter_map(|tag| {
                features
                    .iter()
                    .position(|f| matches!(&f.of, FeatureOf::Tag(t) if t == tag))
            })
            .collect();
        if gate.is_empty() {
            gate.extend(features.iter().position(|f| f.of == FeatureOf::Untagged));
        }
        gate.sort_unstable();
        gate.dedup();
        operation.gate = Gate { features: gate };
    }
    let of_operations = features.len();
    gate_error_bodies(parts, error_bodies, of_operations);
    if gate_types(parts, error_bodies, of_operations) {
        features.push(Feature {
            name: names.claim(OTHER_TYPES_FEATURE),
            of: FeatureOf::OtherTypes,
        });
    }
    gate_examples(parts);
    features
}

/// One feature per tag, in the order the operations first name them, then the one of
/// the untagged operations; each named through the naming authority.
fn name_features(parts: &Parts, names: &mut Namespace) -> Vec<Feature> {
    let mut tags: Vec<&str> = Vec::new();
    let mut untagged = false;
    for operation in &parts.operations {
        untagged |= operation.tags.is_empty();
        for tag in &operation.tags {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
    }
    let mut features: Vec<Feature> = tags
        .into_iter()
        .map(|tag| Feature {
            name: names.claim(&naming::feature_name(tag)),
            of: FeatureOf::Tag(tag.to_owned()),
        })
        .collect();
    if untagged {
        features.push(Feature {
            name: names.claim(UNTAGGED_FEATURE),
            of: FeatureOf::Untagged,
        });
    }
    features
}

/// The features whose operations reach each type (through arguments, bodies, answers
/// and documented error bodies, and the types those hold). A type every feature reaches
/// is open. The types no operation reaches, and what they hold, are compiled with one
/// more feature, numbered `count`, of their own (a service that calls one tag does not
/// compile GitHub's hundreds of webhook payloads); answers whether there are any.
fn gate_types(parts: &mut Parts, error_bodies: &[ErrorBodyVariant], count: usize) -> bool {
    let types = parts.types.defs.len();
    let mut gates: Vec<Vec<usize>> = vec![Vec::new(); types];
    let mut stack: Vec<TypeId> = Vec::new();
    for feature in 0..count {
        for operation in &parts.operations {
            if !operation.gate.features.contains(&feature) {
                continue;
            }
            visit::types_of_operation(operation, &mut |id| stack.push(id));
            for response in &operation.error_responses {
                if let Some(variant) = error_bodies.get(response.body.0) {
                    variant.ty.for_each_named(&mut |id| stack.push(id));
                }
            }
        }
        visit::walk_types(parts, &mut stack, &mut |id| {
            let gate = &mut gates[id.0];
            if gate.last() == Some(&feature) {
                return false;
            }
            gate.push(feature);
            true
        });
    }
    stack.extend(
        gates
            .iter()
            .enumerate()
            .filter(|(_, gate)| gate.is_empty())
            .map(|(index, _)| TypeId(index)),
    );
    let other_types = !stack.is_empty();
    visit::walk_types(parts, &mut stack, &mut |id| {
        let gate = &mut gates[id.0];
        if gate.last() == Some(&count) {
            return false;
        }
        gate.push(count);
        true
    });
    for (def, gate) in parts.types.defs.iter_mut().zip(gates) {
        // Reached by every tag's operations: compiled whatever the features.
        let open = gate.iter().filter(|&&feature| feature < count).count() == count;
        def.gate = if open {
            Gate::default()
        } else {
            Gate { features: gate }
        };
    }
    other_types
}

/// An error body variant is compiled with the operations whose errors decode into it
/// (its type is then compiled too: those operations reach it).
fn gate_error_bodies(parts: &Parts, error_bodies: &mut [ErrorBodyVariant], count: usize) {
    let mut gates: Vec<Vec<usize>> = vec![Vec::new(); error_bodies.len()];
    for operation in &parts.operations {
        for response in &operation.error_responses {
            if let Some(gate) = gates.get_mut(response.body.0) {
                gate.extend(&operation.gate.features);
            }
        }
    }
    for (variant, mut gate) in error_bodies.iter_mut().zip(gates) {
        gate.sort_unstable();
        gate.dedup();
        if gate.len() < count {
            variant.gate = Gate { features: gate };
        }
    }
}

/// An example's test is compiled with the features that compile every type it decodes
/// into. An example whose types no single feature compiles together (never met: an
/// example names one schema) is dropped rather than gated on a combination.
fn gate_examples(parts: &mut Parts) {
    let defs = &parts.types.defs;
    parts.examples.retain_mut(|example| {
        let mut gate: Option<Vec<usize>> = None;
        example.ty.for_each_named(&mut |id| {
            let Some(def) = defs.get(id.0) else { return };
            if def.gate.is_open() {
                return;
            }
            gate = Some(match gate.take() {
                None => def.gate.features.clone(),
                Some(mut features) => {
                    features.retain(|f| def.gate.features.contains(f));
                    features
                }
            });
        });
        match gate {
            None => true,
            Some(features) if features.is_empty() => false,
            Some(features) => {
                example.gate = Gate { features };
                true
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Layout};
    use crate::ir::Api;

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pet Store]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/PetProblem'}}}}
  /orders:
    get:
      operationId: listOrders
      tags: [orders, mock]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
  /health:
    get:
      operationId: health
      responses:
        '204': {description: up}
components:
  schemas:
    Owner: {type: object, properties: {name: {type: string}}}
    Pet: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    PetProblem: {type: object, properties: {missing: {type: string}}}
    Order: {type: object, properties: {buyer: {$ref: '#/components/schemas/Owner'}, item: {$ref: '#/components/schemas/Item'}}}
    Item: {type: object, properties: {sku: {type: string}}}
    Unused: {type: object, properties: {item: {$ref: '#/components/schemas/Item'}}}
"#;

    fn lower(config: &Config) -> Api {
        let loaded = crate::load::load_document(DOCUMENT).expect("loads");
        super::super::lower(&loaded, config).expect("lowers").0
    }

    fn type_gate(api: &Api, name: &str) -> Vec<usize> {
        api.types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.gate.features.clone())
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    #[test]
    fn each_tag_is_a_feature_and_types_follow_the_operations_that_reach_them() {
        let api = lower(&Config::new("t"));
        let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
        // `mock` is the crate's own feature: the tag's takes a number.
        assert_eq!(
            names,
            ["pet-store", "orders", "mock2", "untagged", "other-types"]
        );
        let gates: Vec<&[usize]> = api
            .operations
            .iter()
            .map(|op| op.gate.features.as_slice())
            .collect();
        assert_eq!(gates, [&[0][..], &[1, 2], &[3]]);
        assert_eq!(type_gate(&api, "Pet"), [0]);
        assert_eq!(
            type_gate(&api, "PetProblem"),
            [0],
            "reached by an error body"
        );
        assert_eq!(
            type_gate(&api, "Owner"),
            [0, 1, 2],
            "shared by two operations"
        );
        assert_eq!(type_gate(&api, "Order"), [1, 2]);
        // A component no operation uses has a feature of its own, and so does what it
        // holds, beside the operations that reach it.
        assert_eq!(api.features[4].name, "other-types");
        assert!(!api.features[4].has_operations());
        assert_eq!(type_gate(&api, "Unused"), [4]);
        assert_eq!(type_gate(&api, "Item"), [1, 2, 4]);
        let problem = api
            .error_bodies
            .iter()
            .find(|v| v.rust_name == "PetProblem")
            .expect("an error body variant");
        assert_eq!(problem.gate.features, [0]);
    }

    #[test]
    fn one_group_and_the_module_layout_have_no_features() {
        let mut config = Config::new("t");
        config.only = vec!["tag:Pet Store".to_owned()];
        let api = lower(&config);
        assert!(api.features.is_empty());
        assert!(api.types.iter().all(|t| t.gate.is_open()));
        let mut config = Config::new("t");
        config.layout = Layout::Module;
        let api = lower(&config);
        assert!(api.features.is_empty());
        assert!(api.operations.iter().all(|op| op.gate.is_open()));
    }
}
