//! Documents in several files: every reference to another file
//! (`$ref: ./schemas/pet.yaml`, `$ref: ../common.yaml#/components/parameters/Limit`) is
//! followed, and what it names is brought into the root document, so that the rest of the
//! pipeline reads one document as if it had been written so.
//!
//! - A referenced schema (and, in OpenAPI 3.x, a referenced parameter, response, request
//!   body, header, example, link, callback or security scheme) becomes a component of the
//!   kind its place needs, named by the fragment's last token, else by the file's stem
//!   (`pet.yaml` -> `pet`). A name already taken is qualified by the file's stem (or, for
//!   a stem, by its folder), then numbered: the same document always gives the same names.
//!   A component of the root that is only a reference to a file (the starter layouts'
//!   `Pet: {$ref: ./schemas/Pet.yaml}`) takes the file's contents under its own name.
//! - A referenced path item (and whatever 2.0 has no table for) is copied into its place.
//! - References inside a file are read relative to that file; one back into the root
//!   document becomes a local one.
//! - Files are read through the caller's reader, by paths relative to the folder it reads
//!   from (`/`-separated, `.` and `..` resolved). A reference that leaves the root
//!   document's folder, or an absolute path, is refused unless allowed
//!   ([`crate::Config::allow_outside_refs`]); a URL (`https://...`) is refused: nothing
//!   is fetched at generation time. Every refusal names the file and the pointer of the
//!   reference, and why.
//! - A discriminator `mapping` value naming a file that cannot be read (missing, not YAML
//!   or JSON, nothing at its fragment) is not needed to read the document: the entry is
//!   left out with a warning at it ([`Bundled::warnings`]); a `$ref` there is refused.
//! - [`Origins`] remembers where each brought-in part came from, so that warnings and
//!   errors about it name the file and the pointer inside it
//!   (`schemas/pet.yaml#/properties/age`).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error};
use crate::pointer::{self, from_tokens, node_at, node_at_mut, reference_tokens};

/// How many rounds of bringing files in may take place: each round follows one more
/// level of references, so only copies that refer to themselves (a path item that is a
/// reference to itself, across files) come near it.
const MAX_ROUNDS: usize = 64;

/// Reads one file by its path relative to the reader's folder: its text, or why not.
pub(crate) type Reader<'r> = dyn FnMut(&str) -> Result<String, String> + 'r;

/// The root document with every other file's part brought in.
pub(crate) struct Bundled {
    /// The document, all of whose references are local.
    pub(crate) value: Value,
    /// Every file read, the root first.
    pub(crate) sources: Vec<String>,
    /// Where the brought-in parts came from.
    pub(crate) origins: Origins,
    /// What was left out (a discriminator mapping entry naming a file that cannot be
    /// read), each at its place in the bundled document: [`Origins::locate`] names the
    /// file.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Where each part brought in from another file stands in the bundled document, and
/// where it came from.
#[derive(Debug, Default, Clone)]
pub(crate) struct Origins {
    /// (tokens in the bundled document, file, tokens in that file).
    parts: Vec<(Vec<String>, String, Vec<String>)>,
}

impl Origins {
    /// `pointer` (of the bundled document, in any form the later stages write: OpenAPI 2.0
    /// tables are read under their 3.0 names too) as the file and pointer it came from;
    /// unchanged for a place of the root document.
    pub(crate) fn locate(&self, pointer: &str) -> String {
        let Some(tokens) = pointer::tokens(pointer) else {
            return pointer.to_owned();
        };
        let best = self
            .parts
            .iter()
            .filter_map(|(at, file, inside)| {
                let rest = strip_part(&tokens, at)?;
                Some((at.len(), file, inside, rest))
            })
            .max_by_key(|(length, ..)| *length);
        match best {
            Some((_, file, inside, rest)) => {
                let mut tokens = inside.clone();
                tokens.extend(rest.iter().cloned());
                format!("{file}{}", from_tokens(&tokens))
            }
            None => pointer.to_owned(),
        }
    }

    /// Every located problem of `error` with its place written as [`Origins::locate`]
    /// writes it.
    pub(crate) fn locate_error(&self, error: Error) -> Error {
        if self.parts.is_empty() {
            return error;
        }
        match error {
            Error::Invalid(list) => Error::Invalid(self.locate_all(list)),
            Error::Shape { pointer, message } => Error::Shape {
                pointer: self.locate(&pointer),
                message,
            },
            other => other,
        }
    }

    /// The places the generated code names (each type's schema, each example) written as
    /// [`Origins::locate`] writes them.
    pub(crate) fn locate_api(&self, api: &mut crate::ir::Api) {
        if self.parts.is_empty() {
            return;
        }
        for def in &mut api.types {
            def.pointer = self.locate(&def.pointer);
        }
        for example in &mut api.examples {
            example.pointer = self.locate(&example.pointer);
        }
    }

    /// [`Origins::locate`] on every diagnostic.
    pub(crate) fn locate_all(&self, mut list: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if !self.parts.is_empty() {
            for diagnostic in &mut list {
                diagnostic.pointer = self.locate(&diagnostic.pointer);
            }
        }
        list
    }
}

/// The tokens of `tokens` after the part `at`, also when `at` is a 2.0 table entry
/// (`definitions/X`) and `tokens` name it as 3.0 does (`components/schemas/X`).
fn strip_part<'t>(tokens: &'t [String], at: &[String]) -> Option<&'t [String]> {
    if let Some(rest) = tokens.strip_prefix(at) {
        return Some(rest);
    }
    let (table, name) = match at {
        [table, name] => (table.as_str(), name),
        _ => return None,
    };
    let converted = match table {
        "definitions" => "schemas",
        "parameters" => "parameters",
        "responses" => "responses",
        _ => return None,
    };
    match tokens {
        [components, kind, entry, rest @ ..]
            if components == "components" && kind == converted && entry == name =>
        {
            Some(rest)
        }
        _ => None,
    }
}

/// Whether any `$ref` of `value` (or a discriminator mapping) may name another file: when
/// none does, the document is read as one file, as it is.
pub(crate) fn has_external_references(value: &Value) -> bool {
    let ids = schema_ids(value);
    any_external(value, &ids)
}

fn any_external(value: &Value, ids: &HashSet<String>) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| match (key.as_str(), child) {
            ("$ref", Value::String(reference)) => names_another_document(reference, ids),
            ("mapping", Value::Object(entries)) => entries
                .values()
                .any(|entry| entry.as_str().is_some_and(names_a_file)),
            // Values, never references (this quick look need not know every place).
            ("example" | "default" | "enum" | "const", _) => false,
            _ => any_external(child, ids),
        }),
        Value::Array(items) => items.iter().any(|item| any_external(item, ids)),
        _ => false,
    }
}

/// Whether `reference` names another document: not a local one, and not one of the
/// document's own schemas by its `$id` (OpenAPI 3.1), which the 3.1 reading resolves.
fn names_another_document(reference: &str, ids: &HashSet<String>) -> bool {
    let document = reference
        .split_once('#')
        .map_or(reference, |(document, _)| document);
    !document.is_empty() && !ids.contains(document)
}

/// Every `$id` of the document's schemas (OpenAPI 3.1).
fn schema_ids(value: &Value) -> HashSet<String> {
    fn walk(value: &Value, ids: &mut HashSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("$id") {
                    ids.insert(
                        id.split_once('#')
                            .map_or(id.as_str(), |(id, _)| id)
                            .to_owned(),
                    );
                }
                map.values().for_each(|child| walk(child, ids));
            }
            Value::Array(items) => items.iter().for_each(|child| walk(child, ids)),
            _ => {}
        }
    }
    let mut ids = HashSet::new();
    walk(value, &mut ids);
    ids
}

/// Whether a discriminator mapping's value is a reference to another file rather than a
/// component's name (which may hold dots, never `/` or `#`).
fn names_a_file(entry: &str) -> bool {
    !entry.starts_with('#')
        && (entry.contains('/')
            || entry.contains('#')
            || [".yaml", ".yml", ".json"]
                .iter()
                .any(|extension| entry.ends_with(extension)))
}

/// Brings every file the root document `value` (read from `root`) refers to into it.
pub(crate) fn bundle(
    value: Value,
    root: &str,
    read: &mut Reader<'_>,
    allow_outside: bool,
) -> Result<Bundled, Error> {
    // Paths are read from the root document's folder: the root is its own file name there.
    let root = root.rsplit(['/', '\\']).next().unwrap_or(root).to_owned();
    let swagger2 = value.get("swagger").is_some();
    let ids = schema_ids(&value);
    let mut bundler = Bundler {
        root,
        allow_outside,
        swagger2,
        files: HashMap::new(),
        sources: Vec::new(),
        placed: HashMap::new(),
        claimed: HashSet::new(),
        origins: Origins::default(),
        warnings: Vec::new(),
        document: value,
        read,
    };
    bundler.sources.push(bundler.root.clone());
    for round in 0.. {
        let mut sites = Vec::new();
        collect(
            &bundler.document,
            State::Root,
            &mut Vec::new(),
            &ids,
            &mut sites,
        );
        if sites.is_empty() {
            break;
        }
        if round == MAX_ROUNDS {
            let site = &sites[0];
            return Err(located(
                &pointer::push(&bundler.origins.locate(&from_tokens(&site.at)), "$ref"),
                format!(
                    "reference `{}` is part of a cycle of files that cannot be brought in \
                     (a path item, or a part with no table of its own, that refers to itself)",
                    site.reference
                ),
            ));
        }
        // Root components that are only a reference take their file's name first.
        sites.sort_by_key(|site| !site.adopts);
        let mut errors = Vec::new();
        for site in sites {
            if let Err(diagnostic) = bundler.bring_in(&site) {
                errors.push(diagnostic);
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
    }
    Ok(Bundled {
        value: bundler.document,
        sources: bundler.sources,
        origins: bundler.origins,
        warnings: bundler.warnings,
    })
}

fn located(pointer: &str, message: String) -> Error {
    Error::Invalid(vec![Diagnostic {
        pointer: pointer.to_owned(),
        message,
    }])
}

/// What an object of the document is, as far as references care: which kind of thing a
/// `$ref` there stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    PathItem,
    Operation,
    Schema,
    Parameter,
    Header,
    Response,
    RequestBody,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

/// Where a walk of the document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Root,
    Components,
    /// A map or list whose every entry is a `Node`.
    Entries(Node),
    Node(Node),
    Discriminator,
    Mapping,
    /// Data (examples, defaults, extensions) or a part references do not reach.
    Other,
}

impl State {
    /// The state of the value under `key`.
    fn step(self, key: &str) -> State {
        use Node::*;
        match self {
            State::Root => match key {
                "paths" | "webhooks" => State::Entries(PathItem),
                "components" => State::Components,
                "definitions" => State::Entries(Schema),
                "parameters" => State::Entries(Parameter),
                "responses" => State::Entries(Response),
                "securityDefinitions" => State::Entries(SecurityScheme),
                _ => State::Other,
            },
            State::Components => component_node(key).map_or(State::Other, State::Entries),
            State::Entries(node) => State::Node(node),
            State::Node(node) => node_step(node, key),
            State::Discriminator if key == "mapping" => State::Mapping,
            State::Discriminator | State::Mapping | State::Other => State::Other,
        }
    }
}

/// The kind of the entries of the components table `key`.
fn component_node(key: &str) -> Option<Node> {
    use Node::*;
    Some(match key {
        "schemas" => Schema,
        "responses" => Response,
        "parameters" => Parameter,
        "examples" => Example,
        "requestBodies" => RequestBody,
        "headers" => Header,
        "securitySchemes" => SecurityScheme,
        "links" => Link,
        "callbacks" => Callback,
        "pathItems" => PathItem,
        _ => return None,
    })
}

fn node_step(node: Node, key: &str) -> State {
    use Node::*;
    match (node, key) {
        (PathItem | Operation, "parameters") => State::Entries(Parameter),
        (PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            State::Node(Operation)
        }
        (Operation, "requestBody") => State::Node(RequestBody),
        (Operation, "responses") => State::Entries(Response),
        (Operation, "callbacks") => State::Entries(Callback),
        (Callback, _) => State::Node(PathItem),
        (Parameter | Header, "schema" | "items") | (Response | MediaType, "schema") => {
            State::Node(Schema)
        }
        (Parameter | Header | Response | RequestBody, "content") => State::Entries(MediaType),
        (Parameter | Header | MediaType, "examples") => State::Entries(Example),
        (Response | Encoding, "headers") => State::Entries(Header),
        (Response, "links") => State::Entries(Link),
        (MediaType, "encoding") => State::Entries(Encoding),
        (
            Schema,
            "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas"
            | "allOf" | "anyOf" | "oneOf" | "prefixItems",
        ) => State::Entries(Schema),
        (
            Schema,
            "items"
            | "additionalProperties"
            | "not"
            | "additionalItems"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema",
        ) => State::Node(Schema),
        (Schema, "discriminator") => State::Discriminator,
        _ => State::Other,
    }
}

/// One reference to another file: where it is and what it says.
struct Site {
    /// The object holding `$ref`, or the mapping entry.
    at: Vec<String>,
    node: Node,
    reference: String,
    /// A discriminator mapping's value rather than a `$ref`.
    mapping: bool,
    /// A root component that is only this reference: it takes the file's contents.
    adopts: bool,
}

/// Every reference to another file below `value`, in document order (a reference to one
/// of the document's schema `ids` is its own).
fn collect(
    value: &Value,
    state: State,
    at: &mut Vec<String>,
    ids: &HashSet<String>,
    sites: &mut Vec<Site>,
) {
    match value {
        Value::Object(map) => {
            if let (State::Node(node), Some(Value::String(reference))) = (state, map.get("$ref")) {
                if names_another_document(reference, ids) {
                    sites.push(Site {
                        at: at.clone(),
                        node,
                        reference: reference.clone(),
                        mapping: false,
                        adopts: map.len() == 1 && is_table_entry(at),
                    });
                }
                return;
            }
            for (key, child) in map {
                if state == State::Mapping {
                    if let Value::String(entry) = child
                        && names_a_file(entry)
                    {
                        at.push(key.clone());
                        sites.push(Site {
                            at: at.clone(),
                            node: Node::Schema,
                            reference: entry.clone(),
                            mapping: true,
                            adopts: false,
                        });
                        at.pop();
                    }
                    continue;
                }
                let next = state.step(key);
                if next != State::Other {
                    at.push(key.clone());
                    collect(child, next, at, ids, sites);
                    at.pop();
                }
            }
        }
        Value::Array(items) => {
            let entry = match state {
                State::Entries(node) => State::Node(node),
                // `items` as a list (a tuple, JSON Schema's older form).
                State::Node(Node::Schema) => state,
                _ => return,
            };
            {
                for (index, child) in items.iter().enumerate() {
                    at.push(index.to_string());
                    collect(child, entry, at, ids, sites);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}

/// Whether `at` is an entry of a components table (3.x) or a 2.0 top-level table.
fn is_table_entry(at: &[String]) -> bool {
    match at {
        [components, table, _] => components == "components" && component_node(table).is_some(),
        [table, _] => matches!(table.as_str(), "definitions" | "parameters" | "responses"),
        _ => false,
    }
}

/// A file and the tokens of a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    file: String,
    tokens: Vec<String>,
}

struct Bundler<'r, 'f> {
    root: String,
    allow_outside: bool,
    swagger2: bool,
    /// Files read, parsed.
    files: HashMap<String, Value>,
    sources: Vec<String>,
    /// Targets already given a place in the document: the pointer of that place.
    placed: HashMap<Target, String>,
    /// Table entries the bundler has named, as `(table, name)`.
    claimed: HashSet<(Vec<String>, String)>,
    origins: Origins,
    warnings: Vec<Diagnostic>,
    document: Value,
    read: &'r mut Reader<'f>,
}

impl Bundler<'_, '_> {
    /// Gives the target of `site` a place in the document (once) and points the site
    /// at it.
    fn bring_in(&mut self, site: &Site) -> Result<(), Diagnostic> {
        let here = self.origins.locate(&from_tokens(&site.at));
        let fail = |message: String| Diagnostic {
            pointer: if site.mapping {
                here.clone()
            } else {
                pointer::push(&here, "$ref")
            },
            message,
        };
        // The reference was rebased onto the root's folder when its file was brought in.
        let target = self
            .resolve(&self.root.clone(), &site.reference)
            .map_err(&fail)?;
        if target.file == self.root {
            let local = from_tokens(&target.tokens);
            self.point(site, local);
            return Ok(());
        }
        if let Some(place) = self.placed.get(&target) {
            let place = place.clone();
            self.point(site, place);
            return Ok(());
        }
        let part = match self.part(&target) {
            Ok(part) => part,
            // A mapping value is not needed to read the document: the entry is left out.
            Err(why) if site.mapping => {
                self.leave_out_mapping(site, why);
                return Ok(());
            }
            Err(why) => return Err(fail(why)),
        };
        let content = self.rebased_part(part, &target, site.node).map_err(&fail)?;
        if site.adopts {
            self.placed.insert(target.clone(), from_tokens(&site.at));
            self.origins
                .parts
                .push((site.at.clone(), target.file.clone(), target.tokens.clone()));
            if let Some(slot) = node_at_mut(&mut self.document, &site.at) {
                *slot = content;
            }
            return Ok(());
        }
        match self.table_of(site.node) {
            Some(table) => {
                let name = self.claim(&table, &target);
                let mut at = table.clone();
                at.push(name.clone());
                let place = from_tokens(&at);
                self.placed.insert(target.clone(), place.clone());
                self.origins
                    .parts
                    .push((at, target.file.clone(), target.tokens.clone()));
                insert_at(&mut self.document, &table, name, content);
                self.point(site, place);
            }
            None => {
                self.origins.parts.push((
                    site.at.clone(),
                    target.file.clone(),
                    target.tokens.clone(),
                ));
                if let Some(slot) = node_at_mut(&mut self.document, &site.at) {
                    let siblings = match std::mem::take(slot) {
                        Value::Object(mut map) => {
                            map.remove("$ref");
                            map
                        }
                        _ => Map::new(),
                    };
                    *slot = content;
                    if let Value::Object(copied) = slot {
                        for (key, value) in siblings {
                            copied.entry(key).or_insert(value);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes `place` (a local reference) at the site.
    fn point(&mut self, site: &Site, place: String) {
        let Some(slot) = node_at_mut(&mut self.document, &site.at) else {
            return;
        };
        if site.mapping {
            *slot = Value::String(place);
        } else if let Some(map) = slot.as_object_mut() {
            map.insert("$ref".to_owned(), Value::String(place));
        }
    }

    /// The table a part of kind `node` is brought into, when the document's version has
    /// one for it.
    fn table_of(&self, node: Node) -> Option<Vec<String>> {
        let path: &[&str] = match (self.swagger2, node) {
            (true, Node::Schema) => &["definitions"],
            (true, Node::Parameter) => &["parameters"],
            (true, Node::Response) => &["responses"],
            (true, _)
            | (false, Node::PathItem | Node::Operation | Node::MediaType | Node::Encoding) => {
                return None;
            }
            (false, Node::Schema) => &["components", "schemas"],
            (false, Node::Parameter) => &["components", "parameters"],
            (false, Node::Header) => &["components", "headers"],
            (false, Node::Response) => &["components", "responses"],
            (false, Node::RequestBody) => &["components", "requestBodies"],
            (false, Node::Example) => &["components", "examples"],
            (false, Node::Link) => &["components", "links"],
            (false, Node::Callback) => &["components", "callbacks"],
            (false, Node::SecurityScheme) => &["components", "securitySchemes"],
        };
        Some(path.iter().map(|token| (*token).to_owned()).collect())
    }

    /// A name in `table` for `target`: the fragment's last token, else the file's stem;
    /// when taken, qualified by the file's stem (or by the folder, for a stem), then
    /// numbered.
    fn claim(&mut self, table: &[String], target: &Target) -> String {
        let stem = stem_of(&target.file);
        let (name, qualifier) = match target.tokens.last() {
            Some(last) => (last.clone(), stem.to_owned()),
            None => (stem.to_owned(), last_folder(&target.file).to_owned()),
        };
        let qualified = if qualifier.is_empty() || qualifier == name {
            None
        } else {
            Some(format!("{qualifier}_{name}"))
        };
        let base = qualified.clone().unwrap_or_else(|| name.clone());
        let mut candidates = std::iter::once(name)
            .chain(qualified)
            .chain((2..=usize::MAX).map(|n| format!("{base}_{n}")));
        let entries = node_at(&self.document, table).and_then(Value::as_object);
        // The numbered names outnumber any table, so a free one is always found.
        let free = candidates
            .find(|candidate| {
                !entries.is_some_and(|entries| entries.contains_key(candidate))
                    && !self.claimed.contains(&(table.to_vec(), candidate.clone()))
            })
            .unwrap_or(base);
        self.claimed.insert((table.to_vec(), free.clone()));
        free
    }

    /// Removes the discriminator mapping entry of `site`, whose target cannot be read
    /// (`why`), with a warning at the entry: the value falls back as one that names no
    /// member does.
    fn leave_out_mapping(&mut self, site: &Site, why: String) {
        let Some((key, parent)) = site.at.split_last() else {
            return;
        };
        if let Some(Value::Object(entries)) = node_at_mut(&mut self.document, parent) {
            entries.remove(key);
        }
        self.warnings.push(Diagnostic {
            pointer: from_tokens(&site.at),
            message: format!(
                "the discriminator mapping `{key}` names `{}`, which cannot be brought in \
                 ({why}): the entry is left out, and the value selects a member as if it \
                 were not mapped",
                site.reference
            ),
        });
    }

    /// The part `target` names, copied as its file has it: an error when the file
    /// cannot be read or parsed, or has nothing there.
    fn part(&mut self, target: &Target) -> Result<Value, String> {
        if !self.files.contains_key(&target.file) {
            let text = (self.read)(&target.file)
                .map_err(|why| format!("cannot read `{}`: {why}", target.file))?;
            let value = super::parse_text(&text).map_err(|error| {
                format!("`{}` is not a YAML or JSON document: {error}", target.file)
            })?;
            self.files.insert(target.file.clone(), value);
            self.sources.push(target.file.clone());
        }
        let file = &self.files[&target.file];
        let Some(node) = node_at(file, &target.tokens) else {
            return Err(format!(
                "`{}` has nothing at `{}`",
                target.file,
                from_tokens(&target.tokens)
            ));
        };
        Ok(node.clone())
    }

    /// `part` (the part `target` names) with its references rebased onto the root's
    /// folder.
    fn rebased_part(
        &self,
        mut copy: Value,
        target: &Target,
        node_kind: Node,
    ) -> Result<Value, String> {
        let mut inside = target.tokens.clone();
        self.rebase(&mut copy, State::Node(node_kind), &target.file, &mut inside)?;
        Ok(copy)
    }

    /// Rewrites every reference in `value` (a part of `file`, at `inside`) so that it reads
    /// from the root's folder: `#/x` becomes `file#/x`, `./y.yaml` the path of `y.yaml`
    /// from the root's folder, one into the root document a local one.
    fn rebase(
        &self,
        value: &mut Value,
        state: State,
        file: &str,
        inside: &mut Vec<String>,
    ) -> Result<(), String> {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if holds_data(state, key) {
                        continue;
                    }
                    match (key.as_str(), &mut *child) {
                        ("$ref", Value::String(reference)) => {
                            *reference = self.rebased(file, reference, inside)?;
                        }
                        ("mapping", Value::Object(entries)) => {
                            for entry in entries.values_mut() {
                                if let Value::String(text) = entry
                                    && (names_a_file(text) || text.starts_with('#'))
                                {
                                    *text = self.rebased(file, text, inside)?;
                                }
                            }
                        }
                        _ => {
                            inside.push(key.clone());
                            let result = self.rebase(child, state.step(key), file, inside);
                            inside.pop();
                            result?;
                        }
                    }
                }
            }
            Value::Array(items) => {
                let entry = match state {
                    State::Entries(node) => State::Node(node),
                    other => other,
                };
                for (index, child) in items.iter_mut().enumerate() {
                    inside.push(index.to_string());
                    let result = self.rebase(child, entry, file, inside);
                    inside.pop();
                    result?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `reference`, written in `file`, as the root's folder reads it.
    fn rebased(&self, file: &str, reference: &str, inside: &[String]) -> Result<String, String> {
        let target = self
            .resolve(file, reference)
            .map_err(|why| format!("{why} (at {file}{})", from_tokens(inside)))?;
        Ok(if target.file == self.root {
            from_tokens(&target.tokens)
        } else if target.tokens.is_empty() {
            target.file
        } else {
            format!("{}{}", target.file, from_tokens(&target.tokens))
        })
    }

    /// The file and place `reference` names, read from `file`.
    fn resolve(&self, file: &str, reference: &str) -> Result<Target, String> {
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (reference, None),
        };
        let tokens = match fragment {
            None => Vec::new(),
            Some(fragment) => reference_tokens(&format!("#{fragment}")).ok_or_else(|| {
                format!("reference `{reference}` has a fragment that is not a JSON pointer")
            })?,
        };
        if path.is_empty() {
            return Ok(Target {
                file: file.to_owned(),
                tokens,
            });
        }
        if let Some(scheme) = scheme_of(path) {
            return Err(
                if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                    format!(
                        "reference `{reference}` is a URL: nothing is fetched at generation time; \
                     save the file beside the document and refer to it by a relative path"
                    )
                } else {
                    format!(
                        "reference `{reference}` is not a relative file path (scheme `{scheme}:`); \
                     only files beside the document are read"
                    )
                },
            );
        }
        let decoded = pointer::percent_decode(path);
        let outside = format!(
            "reference `{reference}` leaves the document's folder; a document may only refer \
             to files in its own folder unless allowed (`allow_outside_refs`, \
             `--allow-outside-refs`)"
        );
        let absolute = decoded.starts_with('/') || decoded.starts_with('\\');
        if absolute && !self.allow_outside {
            return Err(outside);
        }
        let joined = if absolute {
            decoded
        } else {
            let folder = folder_of(file);
            if folder.is_empty() {
                decoded
            } else {
                format!("{folder}/{decoded}")
            }
        };
        let normalized = normalize(&joined).ok_or_else(|| outside.clone())?;
        if !self.allow_outside && !within(&normalized) {
            return Err(outside);
        }
        Ok(Target {
            file: normalized,
            tokens,
        })
    }
}

/// Whether the value under `key` is data (an example, a default, an enum's values), whose
/// `$ref` keys are not references. Places the walk does not know are read as OpenAPI,
/// except for these keys.
fn holds_data(state: State, key: &str) -> bool {
    match state {
        State::Node(Node::Schema) => {
            matches!(key, "example" | "examples" | "default" | "enum" | "const")
        }
        State::Node(Node::Parameter | Node::Header | Node::MediaType) => key == "example",
        State::Node(Node::Example) => key == "value",
        // OpenAPI 2.0's examples of a response are values by media type.
        State::Node(Node::Response) => key == "examples",
        State::Other => matches!(
            key,
            "example" | "examples" | "default" | "enum" | "const" | "value"
        ),
        _ => false,
    }
}

/// Inserts `value` under `name` in the table at `table`, creating the table (and the
/// objects above it) when absent.
fn insert_at(document: &mut Value, table: &[String], name: String, value: Value) {
    let mut current = document;
    for token in table {
        let Some(map) = current.as_object_mut() else {
            return;
        };
        let entry = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        current = entry;
    }
    if let Some(map) = current.as_object_mut() {
        map.insert(name, value);
    }
}

/// The scheme of a URI reference (`https` of `https://x`), if it has one. A one-letter
/// "scheme" is a Windows drive (`C:/x`), read as an absolute path.
fn scheme_of(path: &str) -> Option<&str> {
    let (scheme, _) = path.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `path` with `.` and `..` resolved and repeated separators dropped; `None` when it
/// climbs above where it starts and is not absolute (`../x` keeps its `..` only when
/// the caller allows it, see [`within`]).
fn normalize(path: &str) -> Option<String> {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let mut climbs = 0usize;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    if absolute {
                        return None;
                    }
                    climbs += 1;
                }
            }
            part => parts.push(part),
        }
    }
    let mut out = String::new();
    if absolute {
        out.push('/');
    }
    for _ in 0..climbs {
        out.push_str("../");
    }
    out.push_str(&parts.join("/"));
    Some(out)
}

/// Whether the normalised `path` lies in the root document's folder.
fn within(path: &str) -> bool {
    !(path.starts_with('/') || path.starts_with("../") || path == "..")
}

/// The folder part of a normalised path (`""` for a bare file name).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// The file name without its last extension (`pet` of `schemas/pet.yaml`).
fn stem_of(path: &str) -> &str {
    let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The name of the folder that holds the file (`schemas` of `a/schemas/pet.yaml`).
fn last_folder(path: &str) -> &str {
    let folder = folder_of(path);
    folder.rsplit_once('/').map_or(folder, |(_, last)| last)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    /// Bundles `root` (as `openapi.yaml`) with `files` readable (a string is the file's
    /// text as it stands); also the paths asked for.
    fn run(
        root: Value,
        files: &[(&str, Value)],
        allow_outside: bool,
    ) -> (Result<Bundled, Error>, Vec<String>) {
        let files: BTreeMap<String, String> = files
            .iter()
            .map(|(path, value)| {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                ((*path).to_owned(), text)
            })
            .collect();
        let mut asked = Vec::new();
        let mut read = |path: &str| {
            asked.push(path.to_owned());
            files
                .get(path)
                .cloned()
                .ok_or_else(|| "no such file".to_owned())
        };
        let result = bundle(root, "openapi.yaml", &mut read, allow_outside);
        (result, asked)
    }

    fn document(schemas: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
               "components": {"schemas": schemas}})
    }

    fn message(result: Result<Bundled, Error>) -> String {
        match result {
            Ok(_) => panic!("bundled without an error"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn paths_are_normalised_and_kept_in_the_folder() {
        assert_eq!(normalize("a/./b/../c.yaml").as_deref(), Some("a/c.yaml"));
        assert_eq!(normalize("a//b\\c.yaml").as_deref(), Some("a/b/c.yaml"));
        assert_eq!(normalize("../x.yaml").as_deref(), Some("../x.yaml"));
        assert_eq!(normalize("/../x"), None);
        assert!(within("a/b.yaml"));
        assert!(!within("../b.yaml"));
        assert!(!within("/etc/passwd"));
        assert_eq!(scheme_of("https://x/y.yaml"), Some("https"));
        assert_eq!(scheme_of("file:x.yaml"), Some("file"));
        assert_eq!(scheme_of("pets.yaml#/a:b"), None);
        assert_eq!(stem_of("a/pet.schema.yaml"), "pet.schema");
        assert_eq!(last_folder("x/schemas/pet.yaml"), "schemas");
    }

    #[test]
    fn a_mapping_value_names_a_file_only_by_a_path_or_an_extension() {
        assert!(names_a_file("./dog.yaml"));
        assert!(names_a_file("dog.json"));
        assert!(names_a_file("common.yaml#/Dog"));
        assert!(!names_a_file("Dog"));
        assert!(!names_a_file("Pet.v2"));
        assert!(!names_a_file("#/components/schemas/Dog"));
    }

    #[test]
    fn names_taken_are_qualified_by_the_file_then_numbered() {
        let root = document(json!({
            "Error": {"type": "string"},
            "Holder": {"type": "object", "properties": {
                "a": {"$ref": "common.yaml#/Error"},
                "b": {"$ref": "other.yaml#/Error"},
                "c": {"$ref": "x/item.yaml"},
                "d": {"$ref": "y/item.yaml"},
                "e": {"$ref": "z/item.yaml"},
                "f": {"$ref": "./common.yaml#/Error"}
            }}
        }));
        let files = [
            ("common.yaml", json!({"Error": {"type": "integer"}})),
            ("other.yaml", json!({"Error": {"type": "boolean"}})),
            ("x/item.yaml", json!({"type": "number"})),
            ("y/item.yaml", json!({"type": "number"})),
            ("z/item.yaml", json!({"type": "number"})),
        ];
        let (result, asked) = run(root, &files, false);
        let bundled = result.unwrap();
        let schemas = &bundled.value["components"]["schemas"];
        let names: Vec<&String> = schemas.as_object().unwrap().keys().collect();
        assert_eq!(
            names,
            [
                "Error",
                "Holder",
                "common_Error",
                "other_Error",
                "item",
                "y_item",
                "z_item"
            ]
        );
        let holder = &schemas["Holder"]["properties"];
        assert_eq!(holder["a"]["$ref"], "#/components/schemas/common_Error");
        // The same target, written another way, is the same component.
        assert_eq!(holder["f"]["$ref"], "#/components/schemas/common_Error");
        assert_eq!(asked.len(), 5, "each file read once: {asked:?}");
        assert_eq!(bundled.sources[0], "openapi.yaml");
        assert_eq!(
            bundled.origins.locate("#/components/schemas/y_item/format"),
            "y/item.yaml#/format"
        );
        assert_eq!(
            bundled.origins.locate("#/components/schemas/Error"),
            "#/components/schemas/Error"
        );
    }

    #[test]
    fn references_inside_a_file_are_read_from_it_and_back_into_the_root_are_local() {
        let root = document(json!({
            "Root": {"type": "string"},
            "Pet": {"$ref": "schemas/pet.yaml"}
        }));
        let files = [
            (
                "schemas/pet.yaml",
                json!({"type": "object", "properties": {
                "owner": {"$ref": "#/$defs/Owner"},
                "root": {"$ref": "../openapi.yaml#/components/schemas/Root"},
                "example": {"type": "object", "example": {"$ref": "not a reference"}},
                "kind": {"oneOf": [{"$ref": "./cat.yaml"}],
                         "discriminator": {"propertyName": "k", "mapping": {"cat": "cat.yaml"}}}
            }, "$defs": {"Owner": {"type": "string"}}}),
            ),
            ("schemas/cat.yaml", json!({"type": "object"})),
        ];
        let bundled = run(root, &files, false).0.unwrap();
        let schemas = &bundled.value["components"]["schemas"];
        // The root's component takes the file under its own name.
        let pet = &schemas["Pet"]["properties"];
        assert_eq!(pet["owner"]["$ref"], "#/components/schemas/Owner");
        assert_eq!(pet["root"]["$ref"], "#/components/schemas/Root");
        assert_eq!(pet["example"]["example"]["$ref"], "not a reference");
        assert_eq!(pet["kind"]["oneOf"][0]["$ref"], "#/components/schemas/cat");
        assert_eq!(
            pet["kind"]["discriminator"]["mapping"]["cat"],
            "#/components/schemas/cat"
        );
        assert_eq!(schemas["Owner"], json!({"type": "string"}));
        assert_eq!(
            bundled
                .origins
                .locate("#/components/schemas/Pet/properties/owner"),
            "schemas/pet.yaml#/properties/owner"
        );
    }

    #[test]
    fn a_mapping_naming_what_cannot_be_read_is_left_out_with_a_warning_a_ref_is_refused() {
        let kind = |mapping: Value| {
            json!({"oneOf": [{"$ref": "cat.yaml"}],
                   "discriminator": {"propertyName": "k", "mapping": mapping}})
        };
        let root = document(json!({
            "Pet": {"$ref": "schemas/pet.yaml"},
            "Root": kind(json!({"gone": "models/gone.yml#/Gone", "cat": "cat.yaml"}))
        }));
        let files = [
            (
                "schemas/pet.yaml",
                kind(
                    json!({"gone": "./gone.yaml", "bad": "bad.yaml", "none": "cat.yaml#/x",
                            "cat": "cat.yaml"}),
                ),
            ),
            ("cat.yaml", json!({"type": "object"})),
            ("schemas/cat.yaml", json!({"type": "object"})),
        ];
        let mut with_bad = files.to_vec();
        with_bad.push(("schemas/bad.yaml", json!("[unclosed")));
        let bundled = run(root.clone(), &with_bad, false).0.unwrap();
        let schemas = &bundled.value["components"]["schemas"];
        assert_eq!(
            schemas["Root"]["discriminator"]["mapping"],
            json!({"cat": "#/components/schemas/cat"})
        );
        assert_eq!(
            schemas["Pet"]["discriminator"]["mapping"],
            json!({"cat": "#/components/schemas/schemas_cat"})
        );
        let located: Vec<String> = bundled
            .warnings
            .iter()
            .map(|w| format!("{} {}", bundled.origins.locate(&w.pointer), w.message))
            .collect();
        assert_eq!(located.len(), 4, "{located:#?}");
        let expected = [
            (
                "#/components/schemas/Root/discriminator/mapping/gone",
                "`models/gone.yml#/Gone`",
            ),
            (
                "schemas/pet.yaml#/discriminator/mapping/gone",
                "`schemas/gone.yaml`",
            ),
            (
                "schemas/pet.yaml#/discriminator/mapping/bad",
                "not a YAML or JSON document",
            ),
            (
                "schemas/pet.yaml#/discriminator/mapping/none",
                "has nothing at `#/x`",
            ),
        ];
        for (line, (place, why)) in located.iter().zip(expected) {
            assert!(line.starts_with(&format!("{place} ")), "{line}");
            assert!(line.contains(why) && line.contains("left out"), "{line}");
        }
        assert!(!bundled.sources.iter().any(|s| s.contains("gone")));
        // A `$ref` to the same missing file is a document that cannot be read.
        let mut refused = root;
        refused["components"]["schemas"]["Gone"] = json!({"$ref": "models/gone.yml#/Gone"});
        let error = message(run(refused, &files, false).0);
        assert!(
            error.contains("#/components/schemas/Gone/$ref") && error.contains("cannot read"),
            "{error}"
        );
    }

    #[test]
    fn path_items_are_copied_into_their_place_and_other_kinds_into_their_table() {
        let root = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"$ref": "paths/pets.yaml"}}});
        let files = [
            (
                "paths/pets.yaml",
                json!({"get": {
                "parameters": [{"$ref": "../common.yaml#/components/parameters/Limit"}],
                "responses": {"default": {"$ref": "../responses/problem.yaml"}}}}),
            ),
            (
                "common.yaml",
                json!({"components": {"parameters": {"Limit":
                {"name": "limit", "in": "query", "schema": {"type": "integer"}}}}}),
            ),
            ("responses/problem.yaml", json!({"description": "bad"})),
        ];
        let bundled = run(root, &files, false).0.unwrap();
        let get = &bundled.value["paths"]["/pets"]["get"];
        assert_eq!(
            get["parameters"][0]["$ref"],
            "#/components/parameters/Limit"
        );
        assert_eq!(
            get["responses"]["default"]["$ref"],
            "#/components/responses/problem"
        );
        assert_eq!(
            bundled.value["components"]["responses"]["problem"],
            json!({"description": "bad"})
        );
        assert_eq!(
            bundled.origins.locate("#/paths/~1pets/get/responses"),
            "paths/pets.yaml#/get/responses"
        );
    }

    #[test]
    fn swagger2_parts_go_to_its_tables_and_are_located_under_their_3_0_names() {
        let root = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {}, "definitions": {"A": {"$ref": "defs.yaml#/definitions/B"}}});
        let files = [(
            "defs.yaml",
            json!({"definitions": {"B": {"type": "object",
            "properties": {"c": {"$ref": "#/definitions/C"}}}, "C": {"type": "string"}}}),
        )];
        let bundled = run(root, &files, false).0.unwrap();
        assert_eq!(
            bundled.value["definitions"]["A"]["properties"]["c"]["$ref"],
            "#/definitions/C"
        );
        assert_eq!(
            bundled
                .origins
                .locate("#/components/schemas/A/properties/c"),
            "defs.yaml#/definitions/B/properties/c"
        );
    }

    #[test]
    fn files_outside_the_folder_are_read_only_when_allowed() {
        let root = document(json!({"A": {"$ref": "../common/a.yaml"}}));
        let files = [("../common/a.yaml", json!({"type": "string"}))];
        let (refused, asked) = run(root.clone(), &files, false);
        assert!(message(refused).contains("leaves the document's folder"));
        assert_eq!(
            asked,
            Vec::<String>::new(),
            "nothing is read for a refused reference"
        );
        let (allowed, asked) = run(root, &files, true);
        assert_eq!(
            allowed.unwrap().value["components"]["schemas"]["A"]["type"],
            "string"
        );
        assert_eq!(asked, ["../common/a.yaml"]);
        for reference in [
            "/etc/passwd",
            "file:///etc/passwd",
            "http://example.com/a.yaml",
        ] {
            let root = document(json!({"A": {"$ref": reference}}));
            let (refused, asked) = run(root, &[], false);
            let text = message(refused);
            assert!(text.contains("#/components/schemas/A/$ref"), "{text}");
            assert!(asked.is_empty(), "{reference}: {asked:?}");
        }
    }

    #[test]
    fn a_reference_inside_a_file_that_leaves_the_folder_names_that_file() {
        let root = document(json!({"A": {"$ref": "a.yaml"}}));
        let files = [(
            "a.yaml",
            json!({"properties": {"b": {"$ref": "../../b.yaml"}}}),
        )];
        let text = message(run(root, &files, false).0);
        assert!(text.contains("at a.yaml#/properties/b"), "{text}");
    }

    #[test]
    fn percent_encoded_paths_and_schema_ids_are_read_as_such() {
        let root = document(json!({
            "A": {"$ref": "my%20file.yaml"},
            "B": {"$id": "https://example.com/b", "type": "string"},
            "C": {"$ref": "https://example.com/b"}
        }));
        assert!(has_external_references(&root));
        let files = [("my file.yaml", json!({"type": "string"}))];
        let bundled = run(root, &files, false).0.unwrap();
        assert_eq!(bundled.sources, ["openapi.yaml", "my file.yaml"]);
        assert_eq!(
            bundled.value["components"]["schemas"]["C"]["$ref"],
            "https://example.com/b"
        );
        let own = document(json!({
            "B": {"$id": "https://example.com/b", "type": "string"},
            "C": {"$ref": "https://example.com/b#/type"},
            "D": {"example": {"$ref": "data.yaml"}, "$ref": "#/components/schemas/B"}
        }));
        assert!(!has_external_references(&own));
    }
}
