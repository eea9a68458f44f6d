//! The document's examples fitted to the types they decode into, once the types are
//! final. Each example becomes a test that decodes it and checks that it encodes back to
//! the same JSON value, so the example the test holds must be what its type can hold:
//!
//! - a property the type does not list (the schema leaves `additionalProperties` open,
//!   and the struct keeps only what it lists) is left out of the test, and so is `null`
//!   for a property that may only be left out (decoded as absent, so never written back);
//!   the test's documentation names what was left out;
//! - a whole float where the type holds an integer is written as the integer (`7.0`
//!   becomes `7`, which decodes); numbers are otherwise left as they are (the test
//!   compares numbers by value, floats at `f32` precision);
//! - an example the type cannot decode at all (a required property missing, a value of
//!   another JSON type) gets no test, and a warning naming where and why.
//!
//! A union is fitted as it decodes: to the first member that fits, or to the member its
//! discriminator names. The success enums of several statuses, bytes and the types of
//! string formats (uuid, dates, URLs) are left as they are: their tests check them
//! exactly.

use serde_json::{Map, Number, Value};

use crate::error::{Diagnostics, pointer};
use crate::ir::{Example, TypeDef, TypeKind, TypeRef, UnionDef, Wrapping};
use crate::untagged::{self, Failure, Kind, Member};

/// How many steps into an example (a property, an item, a union member, an alias) it is
/// followed: enough for examples nested 80 levels, each level a union, a property and an
/// item (serde_json reads at most 128 levels). A deeper example gets no test (and a
/// warning), since what it holds below this is not fitted.
const MAX_DEPTH: usize = 256;

/// Fits every example to its type (see the module docs), dropping those that cannot
/// decode, each with a warning.
pub(crate) fn fit_examples(
    examples: &mut Vec<Example>,
    types: &[TypeDef],
    diagnostics: &mut Diagnostics,
) {
    examples.retain_mut(|example| {
        let Ok(mut value) = serde_json::from_str::<Value>(&example.json) else {
            return true;
        };
        let mut fit = Fit {
            types,
            left_out: Vec::new(),
        };
        match fit.value(&example.ty, &mut value, "", 0) {
            Ok(changed) => {
                if changed {
                    example.json = serde_json::to_string(&value).unwrap_or_default();
                }
                example.left_out = fit.left_out;
                true
            }
            Err(Misfit { at, why }) => {
                diagnostics.warn(
                    format!("{}{at}", example.pointer),
                    format!(
                        "the example does not decode into its type ({why}); no round-trip test is written for it"
                    ),
                );
                false
            }
        }
    });
}

/// Why an example cannot decode, and where in it.
struct Misfit {
    /// JSON pointer inside the example (empty for the whole).
    at: String,
    why: String,
}

struct Fit<'t> {
    types: &'t [TypeDef],
    /// Pointers (inside the example) of what was left out.
    left_out: Vec<String>,
}

impl Fit<'_> {
    /// Fits `value` to `ty`; answers whether it changed.
    fn value(
        &mut self,
        ty: &TypeRef,
        value: &mut Value,
        at: &str,
        depth: usize,
    ) -> Result<bool, Misfit> {
        let misfit = |why: &str| Misfit {
            at: at.to_owned(),
            why: why.to_owned(),
        };
        if depth > MAX_DEPTH {
            return Err(misfit("it is nested deeper than examples are followed"));
        }
        match ty {
            TypeRef::String => match value {
                Value::String(_) => Ok(false),
                _ => Err(misfit("a string is expected")),
            },
            TypeRef::Bool => match value {
                Value::Bool(_) => Ok(false),
                _ => Err(misfit("a boolean is expected")),
            },
            TypeRef::I32 | TypeRef::I64 => integer(value, matches!(ty, TypeRef::I32))
                .ok_or_else(|| misfit("an integer of the type's range is expected")),
            TypeRef::F32 | TypeRef::F64 => match value {
                Value::Number(_) => Ok(false),
                _ => Err(misfit("a number is expected")),
            },
            TypeRef::Json | TypeRef::Bytes | TypeRef::Format(_) => Ok(false),
            TypeRef::Nullable(inner) => match value {
                Value::Null => Ok(false),
                _ => self.value(inner, value, at, depth + 1),
            },
            TypeRef::Vec(item) => {
                let Value::Array(items) = value else {
                    return Err(misfit("an array is expected"));
                };
                let mut changed = false;
                for (index, entry) in items.iter_mut().enumerate() {
                    let entry_at = pointer(at, &index.to_string());
                    changed |= self.value(item, entry, &entry_at, depth + 1)?;
                }
                Ok(changed)
            }
            TypeRef::Map(entry_ty) => {
                let Value::Object(entries) = value else {
                    return Err(misfit("an object is expected"));
                };
                let mut changed = false;
                for (key, entry) in entries.iter_mut() {
                    changed |= self.value(entry_ty, entry, &pointer(at, key), depth + 1)?;
                }
                Ok(changed)
            }
            TypeRef::Named(id) => {
                let Some(def) = self.types.get(id.index()) else {
                    return Ok(false);
                };
                match &def.kind {
                    TypeKind::Struct(body) => {
                        let Value::Object(object) = value else {
                            return Err(misfit("an object is expected"));
                        };
                        self.object(body, object, at, depth)
                    }
                    TypeKind::StringEnum(_) => match value {
                        Value::String(_) => Ok(false),
                        _ => Err(misfit("a string is expected")),
                    },
                    TypeKind::IntegerEnum(_) => {
                        integer(value, false).ok_or_else(|| misfit("an integer is expected"))
                    }
                    TypeKind::Alias(target) | TypeKind::Newtype(target) => {
                        self.value(target, value, at, depth + 1)
                    }
                    TypeKind::Union(union) => self.union(union, value, at, depth),
                    TypeKind::ResponseEnum(_) => Ok(false),
                }
            }
        }
    }

    /// Fits a value to a union as the union decodes it: without a discriminator, to the
    /// first member it fits (serde tries them in order); with one, to the member its tag
    /// names, keeping the tag (the union writes it back when the member does not list it).
    /// A value with a tag no member has is kept whole by the union's fallback.
    fn union(
        &mut self,
        union: &UnionDef,
        value: &mut Value,
        at: &str,
        depth: usize,
    ) -> Result<bool, Misfit> {
        let Some(property) = &union.discriminator else {
            return self.untagged(union, value, at, depth);
        };
        let Some(tag) = value
            .get(property)
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return Ok(false);
        };
        let Some(variant) = union.variants.iter().find(|v| v.tag_values.contains(&tag)) else {
            return Ok(false);
        };
        let kept = self.left_out.len();
        let changed = self.value(&variant.ty, value, at, depth + 1)?;
        if let Value::Object(object) = value
            && !object.contains_key(property)
        {
            object.insert(property.clone(), Value::String(tag));
            let tag_at = pointer(at, property);
            let mut index = kept;
            while index < self.left_out.len() {
                if self.left_out[index] == tag_at {
                    self.left_out.remove(index);
                } else {
                    index += 1;
                }
            }
        }
        Ok(changed)
    }

    /// Fits a value to an untagged union as the generated union decodes it, with the same
    /// code (the runtime piece `untagged`): to the first member whose shape it has, passing
    /// over a failed member only when that member holds no union or no member tried after
    /// it does, so that a deep example is fitted in one pass per member of the unions
    /// around each part.
    fn untagged(
        &mut self,
        union: &UnionDef,
        value: &mut Value,
        at: &str,
        depth: usize,
    ) -> Result<bool, Misfit> {
        let variants = &union.variants;
        let required: Vec<Vec<&str>> = variants
            .iter()
            .map(|v| v.shape.required.iter().map(String::as_str).collect())
            .collect();
        let properties: Vec<Vec<(&str, &[Kind])>> = variants
            .iter()
            .map(|v| {
                let properties = v.shape.properties.iter();
                properties
                    .map(|(name, kinds)| (name.as_str(), kinds.as_slice()))
                    .collect()
            })
            .collect();
        let values: Vec<Vec<(&str, &str)>> = variants
            .iter()
            .map(|v| {
                let values = v.shape.values.iter();
                values
                    .map(|(name, one)| (name.as_str(), one.as_str()))
                    .collect()
            })
            .collect();
        let members: Vec<Member<'_>> = variants
            .iter()
            .zip(required.iter().zip(&properties).zip(&values))
            .map(|(v, ((required, properties), values))| Member {
                kinds: v.shape.kinds.as_deref(),
                required,
                properties,
                values,
                passed_over: v.passed_over,
            })
            .collect();
        let types = self.types;
        let no_member = || Misfit {
            at: at.to_owned(),
            why: "no member of the union decodes it".to_owned(),
        };
        let decided = untagged::decode(value, &members, |index, value| {
            let variant = variants.get(index).ok_or_else(no_member)?;
            let mut attempt = value.clone();
            let mut trial = Fit {
                types,
                left_out: Vec::new(),
            };
            let changed = trial.value(&variant.ty, &mut attempt, at, depth + 1)?;
            Ok((attempt, changed, trial.left_out))
        });
        match decided {
            Ok((attempt, changed, mut left_out)) => {
                if changed {
                    *value = attempt;
                }
                self.left_out.append(&mut left_out);
                Ok(changed)
            }
            Err(Failure::NoMember) => Err(no_member()),
            Err(Failure::Member(misfit)) => Err(misfit),
        }
    }

    /// Fits an object to a struct: its fields by wire name, the rest to the struct's
    /// additional properties or left out.
    fn object(
        &mut self,
        body: &crate::ir::StructDef,
        object: &mut Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<bool, Misfit> {
        for field in &body.fields {
            let required = matches!(field.wrapping, Wrapping::Plain | Wrapping::Nullable);
            if required && !object.contains_key(&field.wire_name) {
                return Err(Misfit {
                    at: at.to_owned(),
                    why: format!("the required property `{}` is missing", field.wire_name),
                });
            }
        }
        let mut changed = false;
        let mut left_out = Vec::new();
        for (key, entry) in object.iter_mut() {
            let entry_at = pointer(at, key);
            match body.fields.iter().find(|f| f.wire_name == *key) {
                Some(field) => match (field.wrapping, entry.is_null()) {
                    (Wrapping::Nullable | Wrapping::OptionalNullable, true) => {}
                    // Decoded as absent, so never written back.
                    (Wrapping::Optional, true) => left_out.push((key.clone(), entry_at)),
                    _ => changed |= self.value(&field.ty, entry, &entry_at, depth + 1)?,
                },
                None => match &body.additional {
                    Some(additional) => {
                        changed |= self.value(additional, entry, &entry_at, depth + 1)?;
                    }
                    None => left_out.push((key.clone(), entry_at)),
                },
            }
        }
        for (key, entry_at) in left_out {
            object.remove(&key);
            self.left_out.push(entry_at);
            changed = true;
        }
        Ok(changed)
    }
}

/// An integer in the range of `i32` (`narrow`) or `i64`, written as an integer; `None`
/// when the value is not one. Answers whether it was rewritten.
fn integer(value: &mut Value, narrow: bool) -> Option<bool> {
    let Value::Number(number) = value else {
        return None;
    };
    let whole = match (number.as_i64(), number.as_f64()) {
        (Some(whole), _) => whole,
        (None, Some(float)) if float.fract() == 0.0 && float.abs() < 9.0e15 => float as i64,
        _ => return None,
    };
    if narrow && i32::try_from(whole).is_err() {
        return None;
    }
    if number.as_i64().is_some() {
        return Some(false);
    }
    *value = Value::Number(Number::from(whole));
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, StructDef, TypeId};

    fn field(wire: &str, ty: TypeRef, wrapping: Wrapping) -> Field {
        Field {
            rust_name: wire.to_owned(),
            wire_name: wire.to_owned(),
            doc: None,
            ty,
            wrapping,
            boxed: false,
            deprecated: false,
        }
    }

    fn types() -> Vec<TypeDef> {
        let body = StructDef {
            fields: vec![
                field("id", TypeRef::I64, Wrapping::Plain),
                field("price", TypeRef::F64, Wrapping::Optional),
                field("note", TypeRef::String, Wrapping::Optional),
                field("gone", TypeRef::String, Wrapping::Nullable),
                field("ratio", TypeRef::F32, Wrapping::OptionalNullable),
            ],
            additional: None,
        };
        vec![TypeDef {
            name: "Item".to_owned(),
            doc: None,
            pointer: "#/components/schemas/Item".to_owned(),
            kind: TypeKind::Struct(body),
            gate: crate::ir::Gate::default(),
        }]
    }

    fn fitted(ty: TypeRef, json: &str) -> (Vec<Example>, Vec<crate::Diagnostic>) {
        let mut examples = vec![Example {
            test_name: "t".to_owned(),
            pointer: "#/x/example".to_owned(),
            ty,
            json: json.to_owned(),
            left_out: Vec::new(),
            gate: crate::ir::Gate::default(),
        }];
        let mut diagnostics = Diagnostics::default();
        fit_examples(&mut examples, &types(), &mut diagnostics);
        (examples, diagnostics.into_result().unwrap())
    }

    fn item() -> TypeRef {
        TypeRef::Named(TypeId(0))
    }

    #[test]
    fn an_example_that_fits_is_left_as_it_is() {
        let json = r#"{"id":1,"price":2.5,"gone":null,"ratio":null}"#;
        let (examples, warnings) = fitted(item(), json);
        assert_eq!(examples[0].json, json);
        assert!(examples[0].left_out.is_empty() && warnings.is_empty());
    }

    #[test]
    fn what_the_type_does_not_keep_is_left_out_and_named() {
        let json = r#"[{"id":1,"extra":{"a":1},"note":null,"gone":"x"}]"#;
        let (examples, warnings) = fitted(TypeRef::Vec(Box::new(item())), json);
        assert_eq!(examples[0].json, r#"[{"id":1,"gone":"x"}]"#);
        assert_eq!(examples[0].left_out, ["/0/extra", "/0/note"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn whole_floats_are_written_as_integers_where_the_type_holds_one() {
        let json = r#"{"id":7.0,"price":3,"gone":null,"ratio":0.1}"#;
        let (examples, _) = fitted(item(), json);
        assert_eq!(
            examples[0].json,
            r#"{"id":7,"price":3,"gone":null,"ratio":0.1}"#
        );
        assert!(examples[0].left_out.is_empty());
    }

    #[test]
    fn an_example_that_cannot_decode_gets_no_test_and_a_located_warning() {
        for (json, at, why) in [
            (
                r#"{"gone":null}"#,
                "#/x/example",
                "the required property `id` is missing",
            ),
            (r#"{"id":"1","gone":null}"#, "#/x/example/id", "an integer"),
            (r#"{"id":null,"gone":null}"#, "#/x/example/id", "an integer"),
            (
                r#"{"id":1,"gone":null,"note":5}"#,
                "#/x/example/note",
                "a string",
            ),
            ("[1]", "#/x/example/0", "an object"),
        ] {
            let ty = if json.starts_with('[') {
                TypeRef::Vec(Box::new(item()))
            } else {
                item()
            };
            let (examples, warnings) = fitted(ty, json);
            assert!(examples.is_empty(), "{json}");
            assert_eq!(warnings.len(), 1, "{json}");
            assert_eq!(warnings[0].pointer, at, "{json}");
            assert!(
                warnings[0].message.contains(why),
                "{json}: {}",
                warnings[0].message
            );
        }
    }

    /// Types 1 and 2: an untagged union of a string and `Item`, and a union tagged by
    /// `kind` whose member (`Item`) does not list the tag.
    fn with_unions() -> Vec<TypeDef> {
        let mut types = types();
        let union = |discriminator: Option<&str>, variants: Vec<(TypeRef, &str)>| {
            TypeKind::Union(UnionDef {
                variants: variants
                    .into_iter()
                    .map(|(ty, tag)| crate::ir::UnionVariant {
                        rust_name: "V".to_owned(),
                        ty,
                        tag_values: vec![tag.to_owned()],
                        boxed: false,
                        shape: crate::ir::MemberShape::default(),
                        passed_over: false,
                    })
                    .collect(),
                discriminator: discriminator.map(str::to_owned),
                fallback: None,
            })
        };
        for kind in [
            union(None, vec![(TypeRef::String, ""), (item(), "")]),
            union(Some("kind"), vec![(item(), "item")]),
        ] {
            types.push(TypeDef {
                name: "U".to_owned(),
                doc: None,
                pointer: "#/components/schemas/U".to_owned(),
                kind,
                gate: crate::ir::Gate::default(),
            });
        }
        types
    }

    #[test]
    fn a_union_is_fitted_to_the_member_that_decodes_it() {
        let fit_one = |ty: TypeRef, json: &str| {
            let mut value: Value = serde_json::from_str(json).unwrap();
            let mut types = with_unions();
            super::super::unions::decide_member_shapes(&mut types);
            let mut fit = Fit {
                types: &types,
                left_out: Vec::new(),
            };
            let result = fit.value(&ty, &mut value, "", 0).map(|_| value);
            (result.map_err(|misfit| misfit.why), fit.left_out)
        };
        let json = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let untagged = TypeRef::Named(TypeId(1));
        assert_eq!(
            fit_one(untagged.clone(), r#""text""#).0,
            Ok(json(r#""text""#))
        );
        let (fitted, left_out) = fit_one(untagged.clone(), r#"{"id":1,"gone":null,"x":2}"#);
        assert_eq!(fitted, Ok(json(r#"{"id":1,"gone":null}"#)));
        assert_eq!(left_out, ["/x"]);
        let (misfit, _) = fit_one(untagged, "5");
        assert!(misfit.unwrap_err().contains("no member"));
        // The tag stays: the union writes it back; what the member does not keep goes.
        let tagged = TypeRef::Named(TypeId(2));
        let (fitted, left_out) = fit_one(
            tagged.clone(),
            r#"{"kind":"item","id":1,"gone":null,"x":2}"#,
        );
        assert_eq!(fitted, Ok(json(r#"{"id":1,"gone":null,"kind":"item"}"#)));
        assert_eq!(left_out, ["/x"]);
        // A tag no member has is kept whole by the fallback.
        let unknown = r#"{"kind":"other","x":2}"#;
        assert_eq!(fit_one(tagged, unknown).0, Ok(json(unknown)));
    }

    /// `Expr` (0) is `Weighted` (1: `terms`, an integer `weight`), `Group` (2: `terms`)
    /// or `Leaf` (3: `field`); `terms` are `Expr`s.
    fn expression_types() -> Vec<TypeDef> {
        let terms = || {
            field(
                "terms",
                TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0)))),
                Wrapping::Plain,
            )
        };
        let def = |name: &str, kind| TypeDef {
            name: name.to_owned(),
            doc: None,
            pointer: format!("#/components/schemas/{name}"),
            kind,
            gate: crate::ir::Gate::default(),
        };
        let strukt = |fields| {
            TypeKind::Struct(StructDef {
                fields,
                additional: None,
            })
        };
        let member = |id| crate::ir::UnionVariant {
            rust_name: "V".to_owned(),
            ty: TypeRef::Named(TypeId(id)),
            tag_values: Vec::new(),
            boxed: false,
            shape: crate::ir::MemberShape::default(),
            passed_over: false,
        };
        let mut types = vec![
            def(
                "Expr",
                TypeKind::Union(UnionDef {
                    variants: vec![member(1), member(2), member(3)],
                    discriminator: None,
                    fallback: None,
                }),
            ),
            def(
                "Weighted",
                strukt(vec![
                    terms(),
                    field("weight", TypeRef::I64, Wrapping::Plain),
                ]),
            ),
            def("Group", strukt(vec![terms()])),
            def(
                "Leaf",
                strukt(vec![field("field", TypeRef::String, Wrapping::Plain)]),
            ),
        ];
        super::super::unions::decide_member_shapes(&mut types);
        types
    }

    /// Each level's `Weighted` fails at `weight` only after its `terms`: trying members
    /// in turn fitted the terms twice per level (2^30 fits); the shapes choose `Group`
    /// at once.
    #[test]
    fn a_deep_example_of_a_recursive_union_is_fitted_in_one_pass() {
        let mut json = r#"{"field":"name"}"#.to_owned();
        let mut expected = json.clone();
        for _ in 0..30 {
            json = format!(r#"{{"terms":[{json}],"weight":"heavy"}}"#);
            expected = format!(r#"{{"terms":[{expected}]}}"#);
        }
        let mut examples = vec![Example {
            test_name: "t".to_owned(),
            pointer: "#/x/example".to_owned(),
            ty: TypeRef::Named(TypeId(0)),
            json,
            left_out: Vec::new(),
            gate: crate::ir::Gate::default(),
        }];
        let mut diagnostics = Diagnostics::default();
        fit_examples(&mut examples, &expression_types(), &mut diagnostics);
        assert!(diagnostics.into_result().unwrap().is_empty());
        assert_eq!(examples[0].json, expected);
        assert_eq!(examples[0].left_out.len(), 30);
    }

    #[test]
    fn integers_out_of_an_i32_range_do_not_fit() {
        let mut value = Value::from(3_000_000_000_i64);
        assert_eq!(integer(&mut value, true), None);
        assert_eq!(integer(&mut value, false), Some(false));
        let mut half = Value::from(1.5);
        assert_eq!(integer(&mut half, false), None);
    }
}
