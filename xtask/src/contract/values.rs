//! Argument values for the contract check: a JSON value that a schema accepts, built
//! from the document (its own examples first, unless told not to), else from the
//! schema's keywords (enums, formats, bounds, lengths, simple patterns, required and
//! optional properties). Works on the document as JSON (OpenAPI 3.0, as the generator
//! loads it), so `$ref`s are resolved by pointer.

use serde_json::{Map, Number, Value, json};

use super::pattern;

/// Why no value could be built, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbuildable {
    /// JSON pointer of the schema (or example) in the document.
    pub pointer: String,
    /// What stands in the way.
    pub reason: String,
}

impl std::fmt::Display for Unbuildable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.reason)
    }
}

/// Below this depth optional properties are left out (recursive types end).
const OPTIONAL_DEPTH: usize = 4;
/// Deeper than this, a value cannot be built (a cycle of required properties).
const MAX_DEPTH: usize = 24;

/// Builds values from one document's schemas.
pub struct ValueBuilder<'d> {
    document: &'d Value,
    /// Which of several valid values to build (0: the first enum value and member,
    /// every optional property; others vary enum values and members, and leave optional
    /// properties out every other time).
    variant: usize,
    /// Whether the document's own examples (and defaults) come first.
    examples: bool,
    /// Set when an example or default of the document went into a value.
    used_example: std::cell::Cell<bool>,
    /// The fewest items of an array (at this level, not inside its items) when its schema
    /// allows that many: 2 for parameters (see [`ValueBuilder::for_parameter`]), else 1.
    least_items: usize,
    /// Whether the value is sent as text (a parameter), where `5` and `"5"` are one value:
    /// a `oneOf` member is chosen whose value's text no other member reads.
    as_text: bool,
}

/// A schema reached through its `$ref`s, with the pointer where it is written.
struct Resolved<'d> {
    schema: &'d Value,
    at: String,
}

impl<'d> ValueBuilder<'d> {
    /// A builder over `document` (an OpenAPI 3.0 document as JSON).
    pub fn new(document: &'d Value, variant: usize, examples: bool) -> Self {
        ValueBuilder {
            document,
            variant,
            examples,
            used_example: std::cell::Cell::new(false),
            least_items: 1,
            as_text: false,
        }
    }

    /// The builder for a parameter's value, sent as text: in a `oneOf` of an integer and a
    /// string (Directus's and GitHub's ids), the text of any integer is also a string, so
    /// only a string that is not a number matches one member alone, as `oneOf` asks.
    pub fn as_text(&self) -> Self {
        ValueBuilder {
            as_text: true,
            ..self.sibling(self.variant)
        }
    }

    /// The builder for a query parameter's value: arrays get two items where their schema
    /// allows (`?tag=a&tag=b`, `tag=a,b`), since one item is written as a scalar would be
    /// and does not show that the client writes the style's repetition or delimiter (Prism
    /// also reads one exploded item under a union with `null` as the scalar, and refuses
    /// it).
    pub fn for_parameter(&self) -> Self {
        ValueBuilder {
            least_items: 2,
            ..self.sibling(self.variant)
        }
    }

    /// A builder of another variant at the same level (the same least count of items).
    fn sibling(&self, variant: usize) -> Self {
        ValueBuilder {
            least_items: self.least_items,
            as_text: self.as_text,
            ..ValueBuilder::new(self.document, variant, self.examples)
        }
    }

    /// Which variant it builds.
    pub fn variant(&self) -> usize {
        self.variant
    }

    /// Whether the document's own examples are used.
    pub fn uses_examples(&self) -> bool {
        self.examples
    }

    /// Whether a document example went into a value built so far.
    pub fn used_an_example(&self) -> bool {
        self.used_example.get()
    }

    /// Takes over the record of `other`, a builder derived from this one: a document
    /// example that went into its value went into this one's.
    pub fn record_examples_of(&self, other: &ValueBuilder<'_>) {
        if other.used_an_example() {
            self.used_example.set(true);
        }
    }

    /// A value built as the nearest variant that sends every optional property (an even
    /// one): for a path parameter, whose object left empty would be an empty segment.
    pub fn build_whole(&self, schema: &'d Value, at: &str) -> Result<Value, Unbuildable> {
        let whole = self.sibling(self.variant & !1);
        let value = whole.build(schema, at);
        self.record_examples_of(&whole);
        value
    }

    /// The value of a `$ref` (`#/components/...`), with its pointer.
    pub fn resolve(&self, value: &'d Value, at: &str) -> Result<(&'d Value, String), Unbuildable> {
        let mut current = value;
        let mut at = at.to_owned();
        for _ in 0..32 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Ok((current, at));
            };
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|pointer| self.document.pointer(&decode_uri_pointer(pointer)))
            else {
                return Err(Unbuildable {
                    pointer: at,
                    reason: format!("`$ref: {reference}` is not a reference into the document"),
                });
            };
            at = reference.trim_start_matches('#').to_owned();
            current = target;
        }
        Err(Unbuildable {
            pointer: at,
            reason: "a cycle of `$ref`s".to_owned(),
        })
    }

    /// The first example of an object with `example` or `examples` (a parameter or a
    /// media type), when examples are used.
    pub fn example_of(&self, holder: &'d Value) -> Option<Value> {
        if !self.uses_examples() {
            return None;
        }
        let found = holder.get("example").cloned().or_else(|| {
            let examples = holder.get("examples")?.as_object()?;
            examples.values().find_map(|example| {
                let (example, _) = self.resolve(example, "").ok()?;
                // An external example (`externalValue`) has no value here.
                example.get("value").cloned()
            })
        });
        if found.is_some() {
            self.used_example.set(true);
        }
        found
    }

    /// A value the schema at `at` accepts, as a request sends it (read-only properties
    /// left out).
    pub fn build(&self, schema: &'d Value, at: &str) -> Result<Value, Unbuildable> {
        self.value(schema, at, 0)
    }

    fn value(&self, schema: &'d Value, at: &str, depth: usize) -> Result<Value, Unbuildable> {
        if depth > MAX_DEPTH {
            return Err(Unbuildable {
                pointer: at.to_owned(),
                reason: "a cycle of required properties: no finite value".to_owned(),
            });
        }
        let (schema, at) = self.resolve(schema, at)?;
        let resolved = Resolved { schema, at };
        let Some(object) = schema.as_object() else {
            // `true` or `{}`: anything.
            return Ok(json!("value"));
        };
        // The document's own values: an example, else the default (which documents
        // write as loosely as examples: `"2"` for an integer).
        if self.uses_examples()
            && let Some(example) = object
                .get("example")
                .or_else(|| object.get("default").filter(|d| !d.is_null()))
        {
            self.used_example.set(true);
            return Ok(example.clone());
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty() {
                return Ok(values[self.variant % values.len()].clone());
            }
        }
        if let Some(constant) = object.get("const") {
            return Ok(constant.clone());
        }
        if let Some(members) = object.get("allOf").and_then(Value::as_array) {
            return self.all_of(&resolved, members, depth);
        }
        // Properties with a union of members that only require beside them (GitHub's
        // project items: `oneOf: [{required: [id]}, {required: [owner, repo, number]}]`):
        // the object, with what the variant's member requires.
        if object.contains_key("properties") && self.requirement_union(object).is_some() {
            // In a `oneOf` a value must meet one member's requirements alone: no optional
            // property but the chosen member's names.
            if object.contains_key("oneOf") && self.variant.is_multiple_of(2) {
                let lean = self.sibling(self.variant | 1);
                return lean.all_of(&resolved, &[], depth);
            }
            return self.all_of(&resolved, &[], depth);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = object.get(keyword).and_then(Value::as_array)
                && !members.is_empty()
            {
                return self.one_of(&resolved, keyword, members, depth);
            }
        }
        match schema_type(object) {
            Some("string") => self.string(&resolved),
            Some("integer") => integer(&resolved),
            Some("number") => number(&resolved),
            Some("boolean") => Ok(Value::Bool(self.variant.is_multiple_of(2))),
            Some("array") => self.array(&resolved, depth),
            Some("object") => self.object(&resolved, depth),
            Some("null") => Ok(Value::Null),
            // No type but `nullable` (a 3.1 `type: 'null'` as loaded): `null` always fits.
            _ if object.get("nullable") == Some(&Value::Bool(true)) => Ok(Value::Null),
            _ => Ok(json!("value")),
        }
    }

    /// `allOf`: each member's value, objects merged (with the schema's own properties).
    fn all_of(
        &self,
        resolved: &Resolved<'d>,
        members: &'d [Value],
        depth: usize,
    ) -> Result<Value, Unbuildable> {
        let mut merged: Option<Value> = None;
        for (index, member) in members.iter().enumerate() {
            // A member of annotations only (Asana's `{description: ...}` beside the
            // `$ref`) constrains nothing: its "any value" must not replace the others.
            if says_nothing(member) {
                continue;
            }
            let value = self.value(member, &format!("{}/allOf/{index}", resolved.at), depth + 1)?;
            merged = Some(match merged {
                None => value,
                Some(done) => merge(done, value),
            });
        }
        if resolved.schema.get("properties").is_some() {
            let own = self.object(resolved, depth)?;
            merged = Some(match merged {
                None => own,
                Some(done) => merge(done, own),
            });
        }
        let mut merged = merged.unwrap_or_else(|| json!({}));
        // `required` beside the `allOf` or in members that only require names properties
        // other members declare as optional (DigitalOcean's static sites require the
        // `name` of the component they extend; its firewalls `allOf` the firewall,
        // `{required: [name]}` and `{anyOf: [{required: [inbound_rules]}, ...]}`): built
        // from their declaration, also where a member put the placeholder of a property
        // it requires but does not declare.
        let mut required = Vec::new();
        self.required_names(resolved.schema, &mut required, 0);
        if let Some(object) = merged.as_object_mut() {
            for name in required {
                let placeholder = object.get(name) == Some(&json!("value"));
                if object.contains_key(name) && !placeholder {
                    continue;
                }
                if let Some((property, at)) = self.property_schema(resolved.schema, name, 0)
                    && !self.read_only(property, 0)
                {
                    object.insert(name.to_owned(), self.value(property, &at, depth + 1)?);
                }
            }
        }
        Ok(merged)
    }

    /// The names `schema` requires: its own `required`, its `allOf` members', and those
    /// of the member a union of members that declare nothing (`{required: [...]}` only)
    /// builds for this variant.
    fn required_names(&self, schema: &'d Value, names: &mut Vec<&'d str>, depth: usize) {
        let Ok((schema, _)) = self.resolve(schema, "") else {
            return;
        };
        let own = schema.get("required").and_then(Value::as_array);
        for name in own.into_iter().flatten().filter_map(Value::as_str) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if depth >= 8 {
            return;
        }
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.required_names(member, names, depth + 1);
        }
        if let Some(members) = schema.as_object().and_then(|o| self.requirement_union(o)) {
            self.required_names(&members[self.variant % members.len()], names, depth + 1);
        }
    }

    /// The members of the schema's `oneOf` (else `anyOf`) when each only requires
    /// (`{required: [...]}`, declaring nothing).
    fn requirement_union(&self, schema: &'d Map<String, Value>) -> Option<&'d Vec<Value>> {
        ["oneOf", "anyOf"].into_iter().find_map(|keyword| {
            schema
                .get(keyword)
                .and_then(Value::as_array)
                .filter(|members| {
                    !members.is_empty()
                        && members.iter().all(|member| declares_nothing(self, member))
                })
        })
    }

    /// `oneOf`/`anyOf`: a member (the variant's, else the next that builds), with the
    /// discriminator property set to the member's tag.
    fn one_of(
        &self,
        resolved: &Resolved<'d>,
        keyword: &str,
        members: &'d [Value],
        depth: usize,
    ) -> Result<Value, Unbuildable> {
        let mut first_error = None;
        // A value another member also accepts (or, as text, reads) is kept only if no
        // member's is alone.
        let mut read_by_two = None;
        for offset in 0..members.len() {
            let index = (self.variant + offset) % members.len();
            let member = &members[index];
            let at = format!("{}/{keyword}/{index}", resolved.at);
            let mut built = self.member_value(resolved, member, &at, depth);
            // A value with no optional property that another member of a `oneOf` accepts
            // too matches more than one (Vercel's `POST /v5/domains`: `{method, name}`
            // fits all three members): built whole instead.
            if keyword == "oneOf"
                && !self.variant.is_multiple_of(2)
                && built.as_ref().is_ok_and(|value| {
                    members.iter().enumerate().any(|(other, schema)| {
                        other != index && self.plainly_accepts(schema, value)
                    })
                })
            {
                let whole = self.sibling(self.variant & !1);
                built = whole.member_value(resolved, member, &at, depth);
            }
            match built {
                // A value another member accepts too matches more than one, which `oneOf`
                // refuses (WhatsApp's `Config`: a bearer config is also a basic one, whose
                // schema requires nothing): kept only if no member's value is alone.
                Ok(value)
                    if keyword == "oneOf"
                        && members.iter().enumerate().any(|(other, schema)| {
                            other != index
                                && (self.plainly_accepts(schema, &value)
                                    || (self.as_text && self.reads_as_text(schema, &value)))
                        }) =>
                {
                    read_by_two.get_or_insert(value);
                }
                Ok(value) => return Ok(value),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        if let Some(value) = read_by_two {
            return Ok(value);
        }
        Err(first_error.unwrap_or(Unbuildable {
            pointer: resolved.at.clone(),
            reason: format!("no member of `{keyword}` can be built"),
        }))
    }

    /// The value of one member of the union `resolved`, with its one-value properties and
    /// the discriminator's tag.
    fn member_value(
        &self,
        resolved: &Resolved<'d>,
        member: &'d Value,
        at: &str,
        depth: usize,
    ) -> Result<Value, Unbuildable> {
        let mut value = self.value(member, at, depth + 1)?;
        if let Some(object) = value.as_object_mut() {
            self.add_one_value_properties(member, object);
            if let Some((property, tag)) = self.discriminator_tag(resolved.schema, member) {
                object.insert(property, Value::String(tag));
            }
        }
        Ok(value)
    }

    /// Whether a scalar schema reads the scalar `value` sent as text: a string schema any
    /// text its `enum` (if any) lists, an integer, number or boolean schema the text of one.
    fn reads_as_text(&self, schema: &'d Value, value: &Value) -> bool {
        let Some(text) = scalar_text(value) else {
            return false;
        };
        let Ok((schema, _)) = self.resolve(schema, "") else {
            return false;
        };
        let Some(object) = schema.as_object() else {
            return true;
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            return values
                .iter()
                .any(|listed| scalar_text(listed).is_some_and(|listed| listed == text));
        }
        match schema_type(object) {
            Some("string") => true,
            Some("integer") => text.parse::<i128>().is_ok(),
            Some("number") => text.parse::<f64>().is_ok_and(f64::is_finite),
            Some("boolean") => text == "true" || text == "false",
            _ => false,
        }
    }

    /// Whether an object schema (no composition) accepts the object `value` as far as its
    /// `required` and a closed property list (`additionalProperties: false`) tell.
    fn plainly_accepts(&self, schema: &'d Value, value: &Value) -> bool {
        let (Ok((schema, _)), Some(object)) = (self.resolve(schema, ""), value.as_object()) else {
            return false;
        };
        if ["allOf", "oneOf", "anyOf", "$ref"]
            .iter()
            .any(|key| schema.get(*key).is_some())
            || schema_type(schema.as_object().unwrap_or(&Map::new())) != Some("object")
        {
            return false;
        }
        let declared = schema.get("properties").and_then(Value::as_object);
        let required = schema.get("required").and_then(Value::as_array);
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let fits = |key: &String, value: &Value| match declared.and_then(|d| d.get(key)) {
            // A declared property's `enum` (a one-value `type` tells members apart).
            Some(property) => self.resolve(property, "").is_ok_and(|(property, _)| {
                property
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_none_or(|values| values.contains(value))
            }),
            None => !closed,
        };
        required
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .all(|name| object.contains_key(name))
            && object.iter().all(|(key, value)| fits(key, value))
    }

    /// Every property of the union member `member` whose schema allows one value (an
    /// `enum` of one), set to it when the built `object` left it out: what tells the
    /// member apart from the others. Adyen's `paymentMethod` is a `oneOf` of 39 objects,
    /// 14 of which require nothing and each have an optional `type` of one value; `{}`
    /// (a variant that sends no optional property) matches all 14, which `oneOf` forbids.
    fn add_one_value_properties(&self, member: &'d Value, object: &mut Map<String, Value>) {
        let Ok((schema, at)) = self.resolve(member, "") else {
            return;
        };
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            if object.contains_key(name) {
                continue;
            }
            let Ok((property, _)) = self.resolve(property, &at) else {
                continue;
            };
            let read_only = self.read_only(property, 0);
            if let Some([value]) = property
                .get("enum")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                && !value.is_null()
                && !read_only
            {
                object.insert(name.clone(), value.clone());
            }
        }
    }

    /// The discriminator property and the tag that selects `member`: its key in the
    /// mapping, else the name of the schema it refers to.
    fn discriminator_tag(&self, schema: &Value, member: &Value) -> Option<(String, String)> {
        let discriminator = schema.get("discriminator")?;
        let property = discriminator.get("propertyName")?.as_str()?.to_owned();
        let reference = member.get("$ref")?.as_str()?;
        let mapped = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .and_then(|mapping| {
                mapping
                    .iter()
                    .find(|(_, target)| target.as_str() == Some(reference))
                    .map(|(tag, _)| tag.clone())
            });
        let tag = match mapped {
            Some(tag) => tag,
            // The schema's name, unless the member's property allows only other values:
            // DigitalOcean's inline members, named by the loader, not the document.
            None => {
                let name = reference.rsplit('/').next()?.to_owned();
                let allowed = self.property_enum(member, &property, 0);
                if allowed.is_some_and(|values| !values.contains(&Value::String(name.clone()))) {
                    return None;
                }
                name
            }
        };
        Some((property, tag))
    }

    /// The `enum` of the property `name` of `schema` (or of a member of its `allOf`).
    fn property_enum(&self, schema: &'d Value, name: &str, depth: usize) -> Option<&'d Vec<Value>> {
        let (property, _) = self.property_schema(schema, name, depth)?;
        property.get("enum").and_then(Value::as_array)
    }

    /// The schema of the property `name` of `schema` (or of a member of its `allOf`), with
    /// where it is.
    fn property_schema(
        &self,
        schema: &'d Value,
        name: &str,
        depth: usize,
    ) -> Option<(&'d Value, String)> {
        let (schema, at) = self.resolve(schema, "").ok()?;
        if let Some(property) = schema.get("properties").and_then(|p| p.get(name)) {
            return self.resolve(property, &at).ok();
        }
        if depth >= 8 {
            return None;
        }
        schema
            .get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .find_map(|member| self.property_schema(member, name, depth + 1))
    }

    fn string(&self, resolved: &Resolved<'_>) -> Result<Value, Unbuildable> {
        let schema = resolved.schema;
        let min = usize_keyword(schema, "minLength").unwrap_or(0);
        let max = usize_keyword(schema, "maxLength");
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        // A known format first: a `date` with a pattern (`^\d{4}-\d{2}-\d{2}$`) wants a
        // real date, which the pattern alone would not give (`0000-00-00`).
        if let Some(text) = format_value(format) {
            return Ok(Value::String(fit_length(text.to_owned(), min, max)));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            return pattern::string_matching(pattern, min, max)
                .map(Value::String)
                .map_err(|reason| Unbuildable {
                    pointer: format!("{}/pattern", resolved.at),
                    reason,
                });
        }
        let text = if self.variant == 0 {
            "string".to_owned()
        } else {
            format!("value{}", self.variant)
        };
        Ok(Value::String(fit_length(text, min, max)))
    }

    fn array(&self, resolved: &Resolved<'d>, depth: usize) -> Result<Value, Unbuildable> {
        let schema = resolved.schema;
        let min = usize_keyword(schema, "minItems").unwrap_or(0);
        let max = usize_keyword(schema, "maxItems");
        let count = min.max(self.least_items).min(max.unwrap_or(usize::MAX));
        let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let Some(items) = schema.get("items") else {
            return Ok(Value::Array(vec![json!("value"); count.min(1)]));
        };
        let at = format!("{}/items", resolved.at);
        let mut values: Vec<Value> = Vec::with_capacity(count);
        for index in 0..count {
            let builder = ValueBuilder::new(self.document, self.variant + index, self.examples);
            let value = builder.value(items, &at, depth + 1);
            self.record_examples_of(&builder);
            let value = value?;
            if unique && values.contains(&value) {
                // Past the least count the schema asks for, fewer items will do.
                if index >= min.max(1) {
                    break;
                }
                return Err(Unbuildable {
                    pointer: resolved.at.clone(),
                    reason: format!("{count} unique items are needed; the builder repeats one"),
                });
            }
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn object(&self, resolved: &Resolved<'d>, depth: usize) -> Result<Value, Unbuildable> {
        let schema = resolved.schema;
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        let mut skipped_read_only = Vec::new();
        for (name, property) in properties.into_iter().flatten() {
            let is_required = required.contains(&name.as_str());
            let (target, _) = self.resolve(property, &resolved.at)?;
            // A property no value fits (`false`, `not: {}`) is never sent: Vercel's
            // `additionalProperties: false` written among the properties.
            if !is_required && allows_nothing(target) {
                continue;
            }
            // Read-only properties are not sent, required or not (OpenAPI 3.0: they
            // SHOULD NOT be sent in requests; the generated field is optional).
            if self.read_only(property, 0) {
                skipped_read_only.push(name.as_str());
                continue;
            }
            // Every optional property at first (variant 0), every other one later; none
            // deep down, where recursive types must end.
            let optional_wanted = depth < OPTIONAL_DEPTH && (self.variant.is_multiple_of(2));
            if !is_required && !optional_wanted {
                continue;
            }
            let at = format!("{}/properties/{}", resolved.at, escape_pointer(name));
            out.insert(name.clone(), self.value(property, &at, depth + 1)?);
        }
        for name in &required {
            if !out.contains_key(*name) && !skipped_read_only.contains(name) {
                out.insert((*name).to_owned(), json!("value"));
            }
        }
        let least = usize_keyword(schema, "minProperties").unwrap_or(0);
        // `minProperties`: the optional properties left out, until there are enough.
        for (name, property) in properties.into_iter().flatten() {
            if out.len() >= least {
                break;
            }
            let (target, _) = self.resolve(property, &resolved.at)?;
            if out.contains_key(name) || allows_nothing(target) || self.read_only(property, 0) {
                continue;
            }
            let at = format!("{}/properties/{}", resolved.at, escape_pointer(name));
            out.insert(name.clone(), self.value(property, &at, depth + 1)?);
        }
        // Extra keys: one when the object declares no property (a map), and as many as
        // `minProperties` still wants.
        let extra = match schema.get("additionalProperties") {
            Some(additional @ (Value::Object(_) | Value::Bool(true))) => {
                let one =
                    usize::from(properties.is_none_or(|p| p.is_empty()) && additional.is_object());
                least.saturating_sub(out.len()).max(one)
            }
            _ => 0,
        };
        for index in 0..extra {
            let name = self.extra_name(resolved, &out, index, depth)?;
            let at = format!("{}/additionalProperties", resolved.at);
            let value = match schema.get("additionalProperties") {
                Some(additional @ Value::Object(_)) => self.value(additional, &at, depth + 1)?,
                _ => json!("value"),
            };
            out.insert(name, value);
        }
        Ok(Value::Object(out))
    }

    /// Whether a property's schema says `readOnly: true`: beside its `$ref`, in its
    /// target, or in a member of its `allOf` (DigitalOcean writes
    /// `allOf: [{readOnly: true}, {$ref: ...}]`).
    fn read_only(&self, schema: &'d Value, depth: usize) -> bool {
        if schema.get("readOnly").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        let Ok((target, _)) = self.resolve(schema, "") else {
            return false;
        };
        target.get("readOnly").and_then(Value::as_bool) == Some(true)
            || (depth < 4
                && target
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|members| members.iter().any(|m| self.read_only(m, depth + 1))))
    }

    /// The name of the `index`th extra key of an object: one its `propertyNames` allows
    /// (an enum value, a string its pattern and lengths allow), else `key`, `key2`, ...;
    /// never a declared property or a key already built.
    fn extra_name(
        &self,
        resolved: &Resolved<'d>,
        built: &Map<String, Value>,
        index: usize,
        depth: usize,
    ) -> Result<String, Unbuildable> {
        let schema = resolved.schema;
        let taken = |name: &str| {
            built.contains_key(name)
                || schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|declared| declared.contains_key(name))
        };
        let Some(names) = schema.get("propertyNames") else {
            return Ok((1..)
                .map(|n| {
                    if n == 1 {
                        "key".to_owned()
                    } else {
                        format!("key{n}")
                    }
                })
                .find(|name| !taken(name))
                .unwrap_or_default());
        };
        let at = format!("{}/propertyNames", resolved.at);
        let (names, names_at) = self.resolve(names, &at)?;
        let candidates: Vec<String> = match names.get("enum").and_then(Value::as_array) {
            Some(values) => values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            None => (0..=index)
                .map(|n| ValueBuilder::new(self.document, self.variant + n, false))
                .filter_map(|builder| builder.value(names, &names_at, depth + 1).ok())
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect(),
        };
        candidates
            .into_iter()
            .find(|name| !taken(name))
            .ok_or_else(|| Unbuildable {
                pointer: names_at,
                reason: format!(
                    "{} distinct property names are needed; the builder makes fewer",
                    index + 1
                ),
            })
    }
}

/// The schema's type: `type` (the first that is not `null` of a list), else what its
/// keywords say.
/// A scalar as a parameter sends it: a string's own text, a number's or a boolean's JSON.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

fn schema_type(object: &Map<String, Value>) -> Option<&str> {
    match object.get("type") {
        Some(Value::String(name)) => return Some(name),
        Some(Value::Array(names)) => {
            return names
                .iter()
                .filter_map(Value::as_str)
                .find(|name| *name != "null");
        }
        _ => {}
    }
    if object.contains_key("properties") || object.contains_key("additionalProperties") {
        Some("object")
    } else if object.contains_key("items") {
        Some("array")
    } else if ["format", "pattern", "minLength", "maxLength"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        Some("string")
    } else if ["minimum", "maximum", "multipleOf"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        Some("number")
    } else {
        None
    }
}

/// A value of a string format, for the formats JSON Schema and OpenAPI name.
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com/",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "aGVsbG8=",
        "int32" | "int64" | "integer" => "1",
        "number" | "double" | "float" | "decimal" => "1.5",
        "json-pointer" => "/a",
        "regex" => "a",
        _ => return None,
    })
}

/// `text` made as long as `min` (padded) and no longer than `max` (cut).
fn fit_length(mut text: String, min: usize, max: Option<usize>) -> String {
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        text = text.chars().take(max).collect();
    }
    text
}

fn usize_keyword(schema: &Value, key: &str) -> Option<usize> {
    schema
        .get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// The bounds of a number schema, OpenAPI 3.0 (`exclusiveMinimum: true`) or 3.1
/// (`exclusiveMinimum: 5`) style: (lower, lower is exclusive, upper, upper is exclusive).
fn bounds(schema: &Value) -> (Option<f64>, bool, Option<f64>, bool) {
    let mut lower = (schema.get("minimum").and_then(Value::as_f64), false);
    let mut upper = (schema.get("maximum").and_then(Value::as_f64), false);
    match schema.get("exclusiveMinimum") {
        Some(Value::Bool(true)) => lower.1 = true,
        Some(Value::Number(n)) => lower = (n.as_f64(), true),
        _ => {}
    }
    match schema.get("exclusiveMaximum") {
        Some(Value::Bool(true)) => upper.1 = true,
        Some(Value::Number(n)) => upper = (n.as_f64(), true),
        _ => {}
    }
    (lower.0, lower.1, upper.0, upper.1)
}

fn integer(resolved: &Resolved<'_>) -> Result<Value, Unbuildable> {
    let (lower, lower_exclusive, upper, upper_exclusive) = bounds(resolved.schema);
    let lower = lower.map(|l| {
        let l = l.ceil() as i64;
        if lower_exclusive && (l as f64) <= lower.unwrap_or(0.0) {
            l + 1
        } else {
            l
        }
    });
    let upper = upper.map(|u| {
        let u = u.floor() as i64;
        if upper_exclusive && (u as f64) >= upper.unwrap_or(0.0) {
            u - 1
        } else {
            u
        }
    });
    let mut value: i64 = 1;
    if let Some(lower) = lower {
        value = value.max(lower);
    }
    if let Some(upper) = upper {
        value = value.min(upper);
    }
    if let Some(step) = resolved
        .schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s >= 1.0 && s.fract() == 0.0)
    {
        let step = step as i64;
        value = value.div_euclid(step) * step;
        if lower.is_some_and(|l| value < l) {
            value += step;
        }
    }
    if lower.is_some_and(|l| value < l) || upper.is_some_and(|u| value > u) {
        return Err(Unbuildable {
            pointer: resolved.at.clone(),
            reason: "no integer meets its bounds".to_owned(),
        });
    }
    Ok(Value::Number(value.into()))
}

fn number(resolved: &Resolved<'_>) -> Result<Value, Unbuildable> {
    let (lower, lower_exclusive, upper, upper_exclusive) = bounds(resolved.schema);
    let mut value = match (lower, upper) {
        (Some(l), Some(u)) if lower_exclusive || upper_exclusive => (l + u) / 2.0,
        (Some(l), _) if lower_exclusive => l + 1.0,
        (Some(l), _) => l.max(1.5),
        (None, Some(u)) if upper_exclusive => u - 1.0,
        (None, Some(u)) => u.min(1.5),
        (None, None) => 1.5,
    };
    if let Some(u) = upper
        && !upper_exclusive
    {
        value = value.min(u);
    }
    if let Some(step) = resolved
        .schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
    {
        value = (value / step).ceil() * step;
    }
    // `type: number` with an integer format (pims.io's ids: `format: int32`): a whole
    // number, which Prism's format check asks for.
    if matches!(
        resolved.schema.get("format").and_then(Value::as_str),
        Some("int32" | "int64")
    ) {
        value = value.ceil();
    }
    let fits = lower.is_none_or(|l| {
        if lower_exclusive {
            value > l
        } else {
            value >= l
        }
    }) && upper.is_none_or(|u| {
        if upper_exclusive {
            value < u
        } else {
            value <= u
        }
    });
    match Number::from_f64(value) {
        Some(number) if fits => Ok(Value::Number(number)),
        _ => Err(Unbuildable {
            pointer: resolved.at.clone(),
            reason: "no number meets its bounds".to_owned(),
        }),
    }
}

/// Objects merged key by key (objects inside merged too); otherwise the later value.
/// Whether a schema holds annotations only (`description`, `title`, examples, `x-`
/// extensions...): it accepts any value.
fn says_nothing(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "externalDocs",
        "$comment",
        "readOnly",
        "writeOnly",
    ];
    schema.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
    })
}

/// Whether a union member only requires (`{required: [...]}`, with annotations): it
/// declares no property and has no type.
fn declares_nothing(builder: &ValueBuilder<'_>, member: &Value) -> bool {
    builder.resolve(member, "").is_ok_and(|(member, _)| {
        member.as_object().is_some_and(|object| {
            object.contains_key("required")
                && !["properties", "type", "allOf", "oneOf", "anyOf", "$ref"]
                    .iter()
                    .any(|key| object.contains_key(*key))
        })
    })
}

/// Whether no value fits `schema`: `false`, or `{not: {}}` (what `false` may be loaded as).
fn allows_nothing(schema: &Value) -> bool {
    schema == &Value::Bool(false)
        || schema.get("not").is_some_and(|not| {
            not == &Value::Bool(true) || not.as_object().is_some_and(Map::is_empty)
        })
}

fn merge(earlier: Value, later: Value) -> Value {
    match (earlier, later) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (key, value) in b {
                let merged = match a.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                a.insert(key, merged);
            }
            Value::Object(a)
        }
        (earlier, Value::Object(b)) if b.is_empty() => earlier,
        // The "any value" of a property a member requires but does not declare
        // (DigitalOcean's `{required: [type]}` beside the member that declares `type` as an
        // enum) never replaces a value built from a declaration.
        (earlier, Value::String(text)) if text == "value" => earlier,
        (_, later) => later,
    }
}

/// A `$ref`'s fragment (percent-encoded) as a JSON pointer.
fn decode_uri_pointer(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = fragment.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One JSON pointer token, escaped.
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(schema: Value) -> Value {
        build_variant(schema, 0)
    }

    fn build_variant(schema: Value, variant: usize) -> Value {
        let document = json!({"components": {"schemas": {"S": schema}}});
        ValueBuilder::new(&document, variant, variant == 0)
            .build(&json!({"$ref": "#/components/schemas/S"}), "#/x")
            .unwrap()
    }

    #[test]
    fn enums_give_one_of_their_values_never_null() {
        let schema = json!({"type": "string", "nullable": true, "enum": [null, "a", "b"]});
        assert_eq!(build_variant(schema.clone(), 0), json!("a"));
        assert_eq!(build_variant(schema, 1), json!("b"));
        assert_eq!(build(json!({"type": "integer", "enum": [7, 9]})), json!(7));
    }

    #[test]
    fn integers_meet_their_bounds_and_steps() {
        assert_eq!(build(json!({"type": "integer", "minimum": 5})), json!(5));
        assert_eq!(
            build(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true})),
            json!(6)
        );
        assert_eq!(
            build(json!({"type": "integer", "exclusiveMinimum": 10})),
            json!(11)
        );
        assert_eq!(build(json!({"type": "integer", "maximum": 0})), json!(0));
        assert_eq!(
            build(json!({"type": "integer", "maximum": 0, "exclusiveMaximum": true})),
            json!(-1)
        );
        assert_eq!(
            build(json!({"type": "integer", "minimum": 3, "multipleOf": 5})),
            json!(5)
        );
        let document = json!({});
        let impossible = json!({"type": "integer", "minimum": 5, "maximum": 4});
        assert!(
            ValueBuilder::new(&document, 0, true)
                .build(&impossible, "#/x")
                .is_err()
        );
    }

    #[test]
    fn numbers_meet_their_bounds() {
        let value = build(json!({"type": "number", "minimum": 0, "maximum": 1}));
        let value = value.as_f64().unwrap();
        assert!((0.0..=1.0).contains(&value), "{value}");
        let value = build(json!({"type": "number", "exclusiveMinimum": 2, "maximum": 3}));
        let value = value.as_f64().unwrap();
        assert!(value > 2.0 && value <= 3.0, "{value}");
        assert_eq!(
            build(json!({"type": "number", "minimum": 2, "multipleOf": 0.5})),
            json!(2.0)
        );
    }

    #[test]
    fn strings_have_their_format_and_length() {
        assert_eq!(
            build(json!({"type": "string", "format": "date-time"})),
            json!("2024-01-02T03:04:05Z")
        );
        assert_eq!(
            build(json!({"type": "string", "format": "uuid"})),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        );
        assert_eq!(
            build(json!({"type": "string", "minLength": 10})),
            json!("stringxxxx")
        );
        assert_eq!(
            build(json!({"type": "string", "maxLength": 3})),
            json!("str")
        );
        assert_eq!(
            build(json!({"type": "string", "pattern": "^[A-Z]{3}-\\d{2}$"})),
            json!("AAA-00")
        );
        // A format wins over a pattern, which alone would give `0000-00-00`.
        assert_eq!(
            build(json!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})),
            json!("2024-01-02")
        );
    }

    #[test]
    fn objects_have_every_required_property_and_optional_ones_at_first() {
        let schema = json!({
            "type": "object",
            "required": ["id", "undeclared", "created"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                // Read-only, required or not: never sent.
                "created": {"type": "string", "readOnly": true},
            },
        });
        assert_eq!(
            build_variant(schema.clone(), 0),
            json!({"id": 1, "name": "string", "undeclared": "value"})
        );
        assert_eq!(
            build_variant(schema, 1),
            json!({"id": 1, "undeclared": "value"})
        );
    }

    #[test]
    fn examples_and_defaults_come_first_unless_left_out() {
        let schema = json!({"type": "string", "example": "from the document"});
        assert_eq!(build_variant(schema.clone(), 0), json!("from the document"));
        assert_eq!(build_variant(schema, 1), json!("value1"));
        // A default as loose as documents write them: built from the type without it.
        let schema = json!({"type": "integer", "default": "2"});
        assert_eq!(build_variant(schema.clone(), 0), json!("2"));
        assert_eq!(build_variant(schema, 1), json!(1));
    }

    #[test]
    fn a_union_member_keeps_its_one_value_properties_when_optional_ones_are_left_out() {
        let document = json!({"components": {"schemas": {
            "Android": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["androidpay"]},
                "token": {"type": "string"}}},
            "Card": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["scheme"]}}}}}});
        let schema = json!({"oneOf": [
            {"$ref": "#/components/schemas/Card"},
            {"$ref": "#/components/schemas/Android"}]});
        // Variant 1: the second member, no optional property but its one-value `type`.
        let builder = ValueBuilder::new(&document, 1, false);
        assert_eq!(
            builder.build(&schema, "#").unwrap(),
            json!({"type": "androidpay"})
        );
    }

    #[test]
    fn one_of_with_a_discriminator_sets_the_tag() {
        let document = json!({"components": {"schemas": {
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
            },
        }}});
        let value = ValueBuilder::new(&document, 0, true)
            .build(&json!({"$ref": "#/components/schemas/Pet"}), "#/x")
            .unwrap();
        assert_eq!(value, json!({"kind": "cat"}));
    }

    /// Without a mapping the tag is the member schema's name, unless the member's own
    /// property allows only other values (then the value built from its enum stays).
    #[test]
    fn a_tag_the_members_property_does_not_allow_is_not_set() {
        let document = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["reboot", "resize"]}}},
            "Resize": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"size": {"type": "string"}}}]},
            "Named": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
            "Action": {
                "anyOf": [{"$ref": "#/components/schemas/Resize"}, {"$ref": "#/components/schemas/Named"}],
                "discriminator": {"propertyName": "type"},
            },
        }}});
        let action = json!({"$ref": "#/components/schemas/Action"});
        let value = ValueBuilder::new(&document, 0, true)
            .build(&action, "#/x")
            .unwrap();
        assert_eq!(value["type"], json!("reboot"));
        let value = ValueBuilder::new(&document, 1, true)
            .build(&action, "#/x")
            .unwrap();
        assert_eq!(value["type"], json!("Named"));
    }

    #[test]
    fn a_member_requiring_an_undeclared_property_keeps_what_another_declares() {
        let value = build(json!({"allOf": [
            {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["assign", "unassign"]}}},
            {"type": "object", "required": ["type"]},
        ]}));
        assert_eq!(value, json!({"type": "assign"}));
    }

    /// Variant 1 builds no optional property; `required` beside the `allOf` still has
    /// `name` built from the member that declares it.
    #[test]
    fn required_beside_all_of_builds_what_a_member_declares() {
        let document = json!({"components": {"schemas": {
            "Component": {"type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}},
        }}});
        let schema = json!({
            "allOf": [{"$ref": "#/components/schemas/Component"}, {"type": "object", "properties": {"index": {"type": "string"}}}],
            "required": ["name"],
        });
        let value = ValueBuilder::new(&document, 1, true)
            .build(&schema, "#/x")
            .unwrap();
        assert!(value.get("name").is_some_and(Value::is_string), "{value}");
    }

    /// DigitalOcean's firewalls and volumes at a variant that builds no optional property:
    /// members that only require, and the placeholder of a member that requires what it
    /// does not declare, are built from the declaration.
    #[test]
    fn names_members_only_require_are_built_from_their_declaration() {
        let document = json!({"components": {"schemas": {"Firewall": {"type": "object", "properties": {
            "name": {"type": "string"},
            "inbound_rules": {"type": "array", "items": {"type": "integer"}},
            "outbound_rules": {"type": "array", "items": {"type": "integer"}},
            "id": {"type": "string", "readOnly": true},
        }}}}});
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Firewall"},
            {"required": ["name", "id"]},
            {"anyOf": [{"required": ["inbound_rules"]}, {"required": ["outbound_rules"]}]},
        ]});
        let value = |variant| {
            ValueBuilder::new(&document, variant, false)
                .build(&schema, "#/x")
                .unwrap()
        };
        assert_eq!(value(1), json!({"name": "value1", "outbound_rules": [1]}));
        assert_eq!(value(3), json!({"name": "value3", "outbound_rules": [1]}));
        assert_eq!(
            value(2),
            json!({"name": "value2", "inbound_rules": [1], "outbound_rules": [1]})
        );
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Firewall"},
            {"type": "object", "required": ["inbound_rules"], "properties": {"x": {"type": "boolean"}}},
        ]});
        let value = ValueBuilder::new(&document, 1, false)
            .build(&schema, "#/x")
            .unwrap();
        assert_eq!(value, json!({"inbound_rules": [1]}));
    }

    #[test]
    fn a_property_read_only_by_an_all_of_member_is_not_sent() {
        let document = json!({"components": {"schemas": {
            "Connection": {"type": "object", "required": ["uri"], "properties": {"uri": {"type": "string"}}},
        }}});
        let schema = json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"},
            "connection": {"allOf": [{"readOnly": true}, {"$ref": "#/components/schemas/Connection"}]},
        }});
        for variant in [0, 1] {
            let value = ValueBuilder::new(&document, variant, false)
                .build(&schema, "#/x")
                .unwrap();
            assert!(value.get("connection").is_none(), "{value}");
        }
        // Where it is sent (the schema alone), the annotation adds nothing to the value.
        let value = ValueBuilder::new(&document, 0, false)
            .build(&schema["properties"]["connection"], "#/x")
            .unwrap();
        assert_eq!(value, json!({"uri": "string"}));
    }

    /// Directus's and GitHub's ids, `oneOf` an integer and a string: sent as text, an
    /// integer's is also a string, so the parameter's value is a string that is not a
    /// number; in a body (JSON), `5` and `"5"` differ and the variant's member stands.
    #[test]
    fn a_parameter_of_one_of_integer_and_string_is_a_string_no_other_member_reads() {
        let document = json!({"components": {"schemas": {
            "Id": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "Digits": {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["7", "8"]}]},
            "Flag": {"oneOf": [{"type": "boolean"}, {"type": "integer"}]}
        }}});
        let build = |name: &str, text: bool| {
            let builder = ValueBuilder::new(&document, 0, false);
            let builder = if text { builder.as_text() } else { builder };
            builder
                .build(
                    &json!({"$ref": format!("#/components/schemas/{name}")}),
                    "#/x",
                )
                .unwrap()
        };
        assert!(build("Id", false).is_number());
        let text = build("Id", true);
        assert!(
            text.as_str().is_some_and(|t| t.parse::<f64>().is_err()),
            "{text}"
        );
        // Every member's value is read by another: the variant's member, as before.
        assert!(build("Digits", true).is_number());
        // Members that read each other's text not at all: the variant's member.
        assert_eq!(build("Flag", true), json!(true));
    }

    #[test]
    fn a_number_with_an_integer_format_is_whole() {
        assert_eq!(build(json!({"type": "number"})), json!(1.5));
        assert_eq!(
            build(json!({"type": "number", "format": "int32"})),
            json!(2.0)
        );
        assert_eq!(
            build(json!({"type": "number", "format": "int64", "minimum": 3.2})),
            json!(4.0)
        );
    }

    /// WhatsApp's media provider `Config`: `oneOf` a bearer config (requires `bearer`)
    /// and a basic one (requires nothing): a bearer value is also a basic one, so the
    /// value built is the basic member's, which the bearer member refuses.
    #[test]
    fn a_one_of_member_whose_value_another_accepts_gives_way_to_one_alone() {
        let schema = json!({"oneOf": [
            {"type": "object", "required": ["bearer"], "properties": {"bearer": {"type": "string"}}},
            {"type": "object", "properties": {"basic": {"type": "string"}}}
        ]});
        assert_eq!(build(schema), json!({"basic": "string"}));
    }

    /// Vercel's `POST /v5/domains`: the members' required properties alone fit all three.
    #[test]
    fn a_one_of_member_built_lean_that_others_accept_is_built_whole() {
        let member = |extra: &str| {
            json!({"type": "object", "additionalProperties": false, "required": ["method", "name"],
                   "properties": {"method": {"type": "string"}, "name": {"type": "string"}, extra: {"type": "boolean"}}})
        };
        let schema = json!({"oneOf": [member("token"), member("authCode")]});
        assert_eq!(
            build_variant(schema.clone(), 1),
            json!({"method": "string", "name": "string", "authCode": true})
        );
        // Told apart without optional properties: left lean.
        let mut apart = schema;
        apart["oneOf"][1]["required"] = json!(["method", "name", "authCode"]);
        assert_eq!(
            build_variant(apart, 1),
            json!({"method": "value1", "name": "value1", "authCode": false})
        );
    }

    #[test]
    fn properties_beside_a_union_of_requirements_are_an_object_with_the_members_names() {
        let schema = json!({
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["Issue"]},
                "id": {"type": "integer"},
                "owner": {"type": "string"},
                "number": {"type": "integer"}
            },
            "required": ["type"],
            "oneOf": [{"required": ["id"]}, {"required": ["owner", "number"]}]
        });
        // One member's names alone: a `oneOf` refuses a value that meets both.
        for variant in 0..4 {
            let value = build_variant(schema.clone(), variant);
            assert_eq!(value["type"], "Issue");
            let by_id = value.get("id").is_some();
            let by_name = value.get("owner").is_some() && value.get("number").is_some();
            assert!(by_id != by_name, "{value}");
        }
    }

    #[test]
    fn a_property_no_value_fits_is_left_out() {
        let value = build(json!({"type": "object", "properties": {
            "additionalProperties": false,
            "never": {"not": {}},
            "name": {"type": "string"},
        }}));
        assert_eq!(value, json!({"name": "string"}));
    }

    #[test]
    fn extra_keys_have_names_their_property_names_allow() {
        // A name the pattern allows, where `key` would not (Vercel's edge config items
        // name theirs by `propertyNames: {pattern: ...}`); or one of an enum.
        let value = build(json!({"type": "object",
            "additionalProperties": {"type": "integer"},
            "propertyNames": {"type": "string", "pattern": "^[a-c][0-9]-$"}}));
        let name = value.as_object().unwrap().keys().next().unwrap().clone();
        assert!(regex_lite_like(&name), "{value}");
        let value = build(json!({"type": "object",
            "additionalProperties": {"type": "integer"},
            "propertyNames": {"enum": ["north", "south"]}}));
        assert_eq!(value, json!({"north": 1}));
    }

    /// `^[a-c][0-9]-$`, checked by hand.
    fn regex_lite_like(name: &str) -> bool {
        let bytes = name.as_bytes();
        bytes.len() == 3
            && (b'a'..=b'c').contains(&bytes[0])
            && bytes[1].is_ascii_digit()
            && bytes[2] == b'-'
    }

    #[test]
    fn objects_have_at_least_min_properties() {
        // Optional properties first, left out at an odd variant...
        let schema = json!({"type": "object", "minProperties": 2, "properties": {
            "a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "boolean"}}});
        assert_eq!(build_variant(schema, 1), json!({"a": 1, "b": "value1"}));
        // ... then extra keys, named apart from the declared properties.
        let schema = json!({"type": "object", "minProperties": 3,
            "properties": {"key": {"type": "string", "readOnly": true}},
            "additionalProperties": {"type": "string", "maxLength": 4096}});
        assert_eq!(
            build(schema),
            json!({"key2": "string", "key3": "string", "key4": "string"})
        );
        // A map with `minProperties: 0` has its one key, as before.
        let schema = json!({"type": "object", "minProperties": 0,
            "additionalProperties": {"type": "string"}});
        assert_eq!(build(schema), json!({"key": "string"}));
    }

    #[test]
    fn a_schema_of_null_only_is_built_as_null() {
        assert_eq!(build(json!({"nullable": true})), Value::Null);
        assert_eq!(build(json!({"type": "null"})), Value::Null);
        assert_eq!(build(json!({})), json!("value"));
    }

    #[test]
    fn all_of_merges_its_members() {
        let value = build(json!({"allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {"type": "object", "properties": {"b": {"type": "boolean"}}},
        ]}));
        assert_eq!(value, json!({"a": 1, "b": true}));
        // Asana's `WebhookFilter` items: a member of annotations only adds nothing.
        let value = build(json!({"allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {"description": "A set of filters."},
            {"type": "object"},
        ]}));
        assert_eq!(value, json!({"a": 1}));
    }

    #[test]
    fn recursive_required_properties_are_unbuildable_not_endless() {
        let document = json!({"components": {"schemas": {"Node": {
            "type": "object",
            "required": ["next"],
            "properties": {"next": {"$ref": "#/components/schemas/Node"}},
        }}}});
        let error = ValueBuilder::new(&document, 0, true)
            .build(&json!({"$ref": "#/components/schemas/Node"}), "#/x")
            .unwrap_err();
        assert!(error.reason.contains("cycle"), "{error}");
        // Optional recursion ends.
        let document = json!({"components": {"schemas": {"Node": {
            "type": "object",
            "properties": {"next": {"$ref": "#/components/schemas/Node"}},
        }}}});
        let value = ValueBuilder::new(&document, 0, true)
            .build(&json!({"$ref": "#/components/schemas/Node"}), "#/x")
            .unwrap();
        assert_eq!(value, json!({"next": {"next": {"next": {"next": {}}}}}));
    }

    #[test]
    fn parameter_arrays_have_two_items_where_the_schema_allows() {
        let document = json!({});
        let builder = ValueBuilder::new(&document, 0, true);
        let param = builder.for_parameter();
        let tags =
            json!({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]});
        assert_eq!(
            param.build(&tags, "#/p").unwrap(),
            json!(["string", "value1"])
        );
        let one = json!({"type": "array", "maxItems": 1, "items": {"type": "integer"}});
        assert_eq!(param.build(&one, "#/p").unwrap(), json!([1]));
        // A unique array of a one-value enum stops at the one value it can have.
        let only = json!({"type": "array", "uniqueItems": true, "items": {"enum": ["a"]}});
        assert_eq!(param.build(&only, "#/p").unwrap(), json!(["a"]));
        // Bodies keep one item.
        assert_eq!(builder.build(&tags, "#/b").unwrap(), json!(["string"]));
    }

    #[test]
    fn arrays_have_their_least_count_and_unique_items() {
        let value = build(json!({"type": "array", "minItems": 2, "uniqueItems": true,
            "items": {"type": "string", "enum": ["x", "y", "z"]}}));
        assert_eq!(value, json!(["x", "y"]));
        assert_eq!(
            build(json!({"type": "array", "items": {"type": "integer"}})),
            json!([1])
        );
    }
}
