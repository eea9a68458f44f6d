//! Synthetic OpenAPI 3.0 documents of any size, for benchmarks and scale tests. The text is
//! a pure function of the [`Shape`]: a fixed-seed generator picks the variety (objects of
//! 10-20 properties, enums, arrays, maps, `$ref`s, nested inline objects, path, query and
//! header parameters, shared responses, error bodies), so every run writes the same bytes.
//! A dev-only crate: `cargo xtask synth`, the generator's benches and its scale and fuzz
//! tests use it; the generator library does not.

/// How large and how wordy a document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Number of operations.
    pub operations: usize,
    /// Words of description on each operation, schema and property.
    pub prose_words: usize,
    /// Whether responses and schemas carry example values (as large real documents do).
    pub examples: bool,
}

impl Shape {
    /// `operations` operations with short descriptions and no examples: about 2 KB of
    /// JSON per operation (200 operations make about 400 KB).
    pub fn operations(operations: usize) -> Self {
        Shape {
            operations,
            prose_words: 3,
            examples: false,
        }
    }

    /// About the size of GitHub's REST API description: ~1,000 operations on ~700 paths,
    /// ~1,000 schemas, long descriptions and examples, ~13 MB of pretty-printed JSON.
    pub fn github_size() -> Self {
        Shape {
            operations: 1_100,
            prose_words: 60,
            examples: true,
        }
    }
}

/// The document as pretty-printed JSON (two-space indentation, keys in insertion order).
pub fn document_json(shape: &Shape) -> String {
    let document = Builder::new(shape).document();
    let mut out = String::with_capacity(shape.operations * 2_500);
    write_json(&document, 0, &mut out);
    out.push('\n');
    out
}

/// A document of `operations` operations that each repeat the same inline schemas, as
/// hand-written and framework-written documents do: a 250-value country enum, an address
/// object, a money object with a currency enum and a status enum pasted under every
/// request and response (the shape of the 8.6 MB vendor document of the "one type per
/// distinct shape" issue). Pretty-printed JSON, the same bytes on every run.
pub fn repeated_shapes_json(operations: usize) -> String {
    let countries: Vec<Json> = (0..250)
        .map(|index| {
            let first = (b'A' + (index / 26) as u8) as char;
            let second = (b'A' + (index % 26) as u8) as char;
            Json::String(format!("{first}{second}"))
        })
        .collect();
    let currencies: Vec<Json> = (0..30)
        .map(|index| Json::String(format!("C{index:02}")))
        .collect();
    let country = || {
        obj([
            ("type", s("string")),
            ("description", s("ISO 3166-1 alpha-2 country code.")),
            (
                "enum",
                Json::Array(countries.iter().map(Json::clone_value).collect()),
            ),
        ])
    };
    let money = || {
        obj([
            ("type", s("object")),
            ("required", Json::Array(vec![s("value"), s("currency")])),
            (
                "properties",
                obj([
                    (
                        "value",
                        obj([("type", s("string")), ("description", s("Decimal amount."))]),
                    ),
                    (
                        "currency",
                        obj([
                            ("type", s("string")),
                            (
                                "enum",
                                Json::Array(currencies.iter().map(Json::clone_value).collect()),
                            ),
                        ]),
                    ),
                ]),
            ),
        ])
    };
    let address = || {
        obj([
            ("type", s("object")),
            (
                "properties",
                obj([
                    ("line1", obj([("type", s("string"))])),
                    ("city", obj([("type", s("string"))])),
                    ("postal_code", obj([("type", s("string"))])),
                    ("country_code", country()),
                ]),
            ),
        ])
    };
    let status = || {
        obj([
            ("type", s("string")),
            (
                "enum",
                Json::Array(vec![
                    s("draft"),
                    s("open"),
                    s("paid"),
                    s("void"),
                    s("uncollectible"),
                ]),
            ),
        ])
    };
    let record = || {
        obj([
            ("type", s("object")),
            ("required", Json::Array(vec![s("id")])),
            (
                "properties",
                obj([
                    ("id", obj([("type", s("string"))])),
                    ("country_code", country()),
                    ("billing_address", address()),
                    ("shipping_address", address()),
                    ("total", money()),
                    ("status", status()),
                ]),
            ),
        ])
    };
    let mut paths = Vec::with_capacity(operations);
    for index in 0..operations {
        let body = |schema: Json| {
            obj([(
                "content",
                obj([("application/json", obj([("schema", schema)]))]),
            )])
        };
        let mut response = body(record());
        push(&mut response, "description", s("The record."));
        let operation = obj([
            ("operationId", Json::String(format!("operation{index}"))),
            ("requestBody", body(record())),
            ("responses", obj([("200", response)])),
        ]);
        paths.push((format!("/records{index}"), obj([("post", operation)])));
    }
    let document = obj([
        ("openapi", s("3.0.3")),
        (
            "info",
            obj([("title", s("Repeated shapes")), ("version", s("1"))]),
        ),
        ("paths", Json::Object(paths)),
    ]);
    let mut out = String::with_capacity(operations * 12_000);
    write_json(&document, 0, &mut out);
    out.push('\n');
    out
}

/// A document of `operations` operations as small as an operation usually is: each on a
/// path of its own with one string path parameter, answering a component object of three
/// properties (one required) of its own. About 0.9 KB of pretty-printed JSON per
/// operation: the shape the memory target of 10 KB per operation (issue 23, item 12) is
/// measured on, where the generator's own structures, not the document's text, are the
/// memory.
pub fn lean_json(operations: usize) -> String {
    let mut paths = Vec::with_capacity(operations);
    let mut schemas = Vec::with_capacity(operations);
    for index in 0..operations {
        let parameter = obj([
            ("name", s("id")),
            ("in", s("path")),
            ("required", Json::Bool(true)),
            ("schema", obj([("type", s("string"))])),
        ]);
        let answer = obj([
            ("description", s("ok")),
            (
                "content",
                obj([(
                    "application/json",
                    obj([("schema", schema_ref(&format!("Thing{index}")))]),
                )]),
            ),
        ]);
        let operation = obj([
            ("operationId", Json::String(format!("getThing{index}"))),
            ("parameters", Json::Array(vec![parameter])),
            ("responses", obj([("200", answer)])),
        ]);
        paths.push((format!("/things{index}/{{id}}"), obj([("get", operation)])));
        let property = |kind: &str| obj([("type", s(kind))]);
        schemas.push((
            format!("Thing{index}"),
            obj([
                ("type", s("object")),
                (
                    "properties",
                    obj([
                        ("id", property("string")),
                        ("count", property("integer")),
                        ("name", property("string")),
                    ]),
                ),
                ("required", Json::Array(vec![s("id")])),
            ]),
        ));
    }
    let document = obj([
        ("openapi", s("3.0.3")),
        ("info", obj([("title", s("Lean")), ("version", s("1"))])),
        ("paths", Json::Object(paths)),
        ("components", obj([("schemas", Json::Object(schemas))])),
    ]);
    let mut out = String::with_capacity(operations * 1_000);
    write_json(&document, 0, &mut out);
    out.push('\n');
    out
}

/// A JSON value whose objects keep insertion order.
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    String(String),
    Int(i64),
    Bool(bool),
    Null,
}

impl Json {
    fn clone_value(&self) -> Json {
        match self {
            Json::Object(pairs) => Json::Object(
                pairs
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone_value()))
                    .collect(),
            ),
            Json::Array(items) => Json::Array(items.iter().map(Json::clone_value).collect()),
            Json::String(text) => Json::String(text.clone()),
            Json::Int(value) => Json::Int(*value),
            Json::Bool(value) => Json::Bool(*value),
            Json::Null => Json::Null,
        }
    }
}

fn s(text: &str) -> Json {
    Json::String(text.to_owned())
}

fn obj<const N: usize>(pairs: [(&str, Json); N]) -> Json {
    Json::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn schema_ref(name: &str) -> Json {
    obj([("$ref", Json::String(format!("#/components/schemas/{name}")))])
}

fn push(object: &mut Json, key: &str, value: Json) {
    if let Json::Object(pairs) = object {
        pairs.push((key.to_owned(), value));
    }
}

fn write_json(value: &Json, indent: usize, out: &mut String) {
    const PAD: &str = "                                                                ";
    let pad = |out: &mut String, level: usize| {
        let mut width = level * 2;
        while width > 0 {
            let take = width.min(PAD.len());
            out.push_str(&PAD[..take]);
            width -= take;
        }
    };
    match value {
        Json::Object(pairs) if pairs.is_empty() => out.push_str("{}"),
        Json::Object(pairs) => {
            out.push_str("{\n");
            for (index, (key, item)) in pairs.iter().enumerate() {
                pad(out, indent + 1);
                write_string(key, out);
                out.push_str(": ");
                write_json(item, indent + 1, out);
                out.push_str(if index + 1 < pairs.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                pad(out, indent + 1);
                write_json(item, indent + 1, out);
                out.push_str(if index + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        Json::String(text) => write_string(text, out),
        Json::Int(value) => out.push_str(&value.to_string()),
        Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Json::Null => out.push_str("null"),
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// SplitMix64: small, fast and the same everywhere. Shared with the fuzz test, which
/// needs the same determinism.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `0` for an empty range, without drawing.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NOUNS: &[&str] = &[
    "account",
    "invoice",
    "customer",
    "product",
    "price",
    "plan",
    "subscription",
    "coupon",
    "credit_note",
    "payment",
    "refund",
    "tax_rate",
    "usage_event",
    "meter",
    "quote",
    "contract",
    "discount",
    "webhook",
    "team",
    "project",
    "repository",
    "issue",
    "comment",
    "release",
    "deployment",
    "artifact",
    "workflow",
    "runner",
    "secret",
    "variable",
    "environment",
    "package",
    "member",
    "organization",
    "label",
    "milestone",
    "check_run",
    "commit",
    "branch",
    "gist",
];

const STATES: &[&str] = &[
    "active",
    "pending",
    "archived",
    "deleted",
    "draft",
    "open",
    "closed",
    "in_progress",
    "in-review",
    "failed",
    "succeeded",
    "2fa_required",
    "on_hold",
    "expired",
];

const VERBS: &[&str] = &["archive", "restore", "approve", "send", "sync", "void"];

const WORDS: &[&str] = &[
    "the",
    "returns",
    "a",
    "list",
    "of",
    "items",
    "for",
    "this",
    "resource",
    "when",
    "is",
    "set",
    "value",
    "only",
    "in",
    "requests",
    "made",
    "with",
    "token",
    "scope",
    "field",
    "may",
    "be",
    "omitted",
    "and",
    "default",
    "applies",
    "see",
    "`id`",
    "[docs](https://example.com/docs)",
    "each",
    "page",
    "cursor",
    "updated",
    "after",
    "creation",
    "read-only",
    "deprecated",
];

/// One resource of the API and the operations it gets.
struct Resource {
    /// snake_case noun (`credit_note`), unique.
    name: String,
    /// The parent resource's noun for nested collections (`/accounts/{account_id}/...`).
    parent: Option<String>,
    /// Which of list, get, create, update, delete, action it has.
    operations: Vec<OperationKind>,
    has_summary: bool,
    verb: &'static str,
    camel_fields: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OperationKind {
    List,
    Get,
    Create,
    Update,
    Delete,
    Action,
}

struct Builder {
    shape: Shape,
    rng: Rng,
    resources: Vec<Resource>,
}

fn camel(snake: &str) -> String {
    snake
        .split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn lower_camel(snake: &str) -> String {
    let upper = camel(snake);
    let mut chars = upper.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => upper,
    }
}

impl Builder {
    fn new(shape: &Shape) -> Self {
        let mut rng = Rng(0x5EED_0FA1_10A5);
        let mut resources = Vec::new();
        let mut total = 0;
        let mut index = 0;
        while total < shape.operations {
            let (name, parent) = if index < NOUNS.len() {
                (NOUNS[index].to_owned(), None)
            } else {
                let child = NOUNS[index % NOUNS.len()];
                let parent = NOUNS[(index / NOUNS.len() + index) % NOUNS.len()];
                let round = index / (NOUNS.len() * NOUNS.len());
                let name = if round == 0 {
                    format!("{parent}_{child}")
                } else {
                    format!("{parent}_{child}_{round}")
                };
                (name, Some(parent.to_owned()))
            };
            let mut operations = vec![OperationKind::List, OperationKind::Get];
            for (kind, percent) in [
                (OperationKind::Create, 70),
                (OperationKind::Update, 50),
                (OperationKind::Delete, 50),
                (OperationKind::Action, 40),
            ] {
                if rng.chance(percent) {
                    operations.push(kind);
                }
            }
            operations.truncate(shape.operations - total);
            total += operations.len();
            resources.push(Resource {
                name,
                parent,
                operations,
                has_summary: rng.chance(50),
                verb: rng.pick(VERBS),
                camel_fields: rng.chance(30),
            });
            index += 1;
        }
        Builder {
            shape: *shape,
            rng,
            resources,
        }
    }

    fn prose(&mut self, lead: &str) -> String {
        let mut text = lead.to_owned();
        for index in 0..self.shape.prose_words {
            text.push(' ');
            text.push_str(self.rng.pick(WORDS));
            if index % 24 == 23 {
                text.push_str(".\n\n");
                text.push_str(self.rng.pick(&["Note:", "When", "Each", "The"]));
            }
        }
        text.push('.');
        text
    }

    fn document(&mut self) -> Json {
        let mut paths = Vec::new();
        for index in 0..self.resources.len() {
            self.resource_paths(index, &mut paths);
        }
        let mut schemas = self.shared_schemas();
        for index in 0..self.resources.len() {
            self.resource_schemas(index, &mut schemas);
        }
        let description = self.prose("A synthetic API made for benchmarks");
        obj([
            ("openapi", s("3.0.3")),
            (
                "info",
                obj([
                    ("title", s("Synthetic API")),
                    ("version", s("2024-01-01")),
                    ("description", Json::String(description)),
                ]),
            ),
            (
                "servers",
                Json::Array(vec![
                    obj([
                        ("url", s("https://api.example.com/v1")),
                        ("description", s("production")),
                    ]),
                    obj([
                        ("url", s("https://sandbox.example.com/v1")),
                        ("description", s("sandbox")),
                    ]),
                ]),
            ),
            (
                "security",
                Json::Array(vec![obj([("BearerAuth", Json::Array(Vec::new()))])]),
            ),
            ("paths", Json::Object(paths)),
            (
                "components",
                obj([
                    ("schemas", Json::Object(schemas)),
                    ("parameters", shared_parameters()),
                    ("responses", shared_responses()),
                    (
                        "securitySchemes",
                        obj([(
                            "BearerAuth",
                            obj([("type", s("http")), ("scheme", s("bearer"))]),
                        )]),
                    ),
                ]),
            ),
        ])
    }

    fn collection_path(&self, index: usize) -> String {
        let resource = &self.resources[index];
        match &resource.parent {
            Some(parent) => format!("/{parent}s/{{{parent}_id}}/{}s", resource.name),
            None => format!("/{}s", resource.name),
        }
    }

    fn resource_paths(&mut self, index: usize, paths: &mut Vec<(String, Json)>) {
        let collection = self.collection_path(index);
        let name = self.resources[index].name.clone();
        let parent = self.resources[index].parent.clone();
        let kinds = self.resources[index].operations.clone();
        let verb = self.resources[index].verb;
        let item_path = format!("{collection}/{{{name}_id}}");
        let mut collection_item = obj([]);
        let mut item_item = obj([]);
        let mut action_item = obj([]);
        for kind in kinds {
            let (target, method, operation) = match kind {
                OperationKind::List => (&mut collection_item, "get", self.list_operation(&name)),
                OperationKind::Create => {
                    let operation = self.create_operation(&name);
                    (&mut collection_item, "post", operation)
                }
                OperationKind::Get => (&mut item_item, "get", self.get_operation(&name)),
                OperationKind::Update => (&mut item_item, "patch", self.update_operation(&name)),
                OperationKind::Delete => (&mut item_item, "delete", self.delete_operation(&name)),
                OperationKind::Action => {
                    (&mut action_item, "post", self.action_operation(&name, verb))
                }
            };
            push(target, method, operation);
        }
        let parent_param = parent.map(|p| path_param(&p));
        let own_param = path_param(&name);
        let with_params = |mut item: Json, params: Vec<Json>| {
            if !params.is_empty()
                && let Json::Object(pairs) = &mut item
            {
                pairs.insert(0, ("parameters".to_owned(), Json::Array(params)));
            }
            item
        };
        let parent_params = || parent_param.iter().map(clone_json).collect::<Vec<_>>();
        let item_params = || {
            let mut params = parent_params();
            params.push(clone_json(&own_param));
            params
        };
        if !is_empty(&collection_item) {
            paths.push((collection, with_params(collection_item, parent_params())));
        }
        if !is_empty(&item_item) {
            paths.push((item_path.clone(), with_params(item_item, item_params())));
        }
        if !is_empty(&action_item) {
            paths.push((
                format!("{item_path}/{verb}"),
                with_params(action_item, item_params()),
            ));
        }
    }

    fn operation(&mut self, id: String, summary: String, tag: &str) -> Json {
        let description = self.prose(&summary);
        obj([
            ("tags", Json::Array(vec![Json::String(camel(tag))])),
            ("operationId", Json::String(id)),
            ("summary", Json::String(summary)),
            ("description", Json::String(description)),
        ])
    }

    fn responses(&mut self, name: &str, success: (&str, Option<Json>), errors: &[&str]) -> Json {
        let mut responses = obj([]);
        let (status, body) = success;
        let mut ok = obj([("description", s("Success."))]);
        if let Some(schema) = body {
            let mut media = obj([("schema", schema)]);
            if self.shape.examples {
                let example = self.example_of(name, status == "200-list");
                push(&mut media, "example", example);
            }
            push(&mut ok, "content", obj([("application/json", media)]));
        }
        push(
            &mut responses,
            if status == "200-list" { "200" } else { status },
            ok,
        );
        for error in errors {
            let response = match *error {
                "401" => obj([("$ref", s("#/components/responses/Unauthorized"))]),
                "404" => obj([("$ref", s("#/components/responses/NotFound"))]),
                "422" => obj([("$ref", s("#/components/responses/Invalid"))]),
                "400" => json_response("Bad request.", schema_ref("ApiError")),
                _ => obj([("$ref", s("#/components/responses/Error"))]),
            };
            push(&mut responses, error, response);
        }
        responses
    }

    fn list_operation(&mut self, name: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("list{type_name}s"),
            format!("List {}s", name.replace('_', " ")),
            name,
        );
        let mut params = vec![
            component_param("ApiVersion"),
            component_param("Limit"),
            component_param("After"),
            query_param(
                "status",
                schema_ref(&format!("{type_name}Status")),
                "Only items in this state.",
            ),
        ];
        if self.rng.chance(50) {
            let mut tags = query_param(
                "tags",
                obj([
                    ("type", s("array")),
                    ("items", obj([("type", s("string"))])),
                ]),
                "Only items with all of these tags.",
            );
            push(&mut tags, "explode", Json::Bool(false));
            params.push(tags);
        }
        if self.rng.chance(40) {
            params.push(query_param(
                "since",
                obj([("type", s("string")), ("format", s("date-time"))]),
                "Only items changed after this time.",
            ));
        }
        if self.rng.chance(30) {
            params.push(query_param(
                "include_archived",
                obj([("type", s("boolean"))]),
                "Whether archived items are listed too.",
            ));
        }
        push(&mut operation, "parameters", Json::Array(params));
        let responses = self.responses(
            name,
            ("200-list", Some(schema_ref(&format!("{type_name}List")))),
            &["401", "default"],
        );
        push(&mut operation, "responses", responses);
        operation
    }

    fn get_operation(&mut self, name: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("get{type_name}"),
            format!("Get one {}", name.replace('_', " ")),
            name,
        );
        let mut params = vec![component_param("ApiVersion")];
        if self.rng.chance(30) {
            params.push(component_param("RequestId"));
        }
        push(&mut operation, "parameters", Json::Array(params));
        let responses = self.responses(
            name,
            ("200", Some(schema_ref(&type_name))),
            &["401", "404", "default"],
        );
        push(&mut operation, "responses", responses);
        operation
    }

    fn create_operation(&mut self, name: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("create{type_name}"),
            format!("Create a {}", name.replace('_', " ")),
            name,
        );
        push(
            &mut operation,
            "requestBody",
            obj([
                ("required", Json::Bool(true)),
                (
                    "content",
                    obj([(
                        "application/json",
                        obj([("schema", schema_ref(&format!("{type_name}Create")))]),
                    )]),
                ),
            ]),
        );
        let responses = self.responses(
            name,
            ("201", Some(schema_ref(&type_name))),
            &["400", "401", "422"],
        );
        push(&mut operation, "responses", responses);
        operation
    }

    fn update_operation(&mut self, name: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("update{type_name}"),
            format!("Update a {}", name.replace('_', " ")),
            name,
        );
        // An inline request body: the generator names it after the operation.
        let body = obj([
            ("type", s("object")),
            (
                "properties",
                obj([
                    ("name", obj([("type", s("string"))])),
                    (
                        "description",
                        obj([("type", s("string")), ("nullable", Json::Bool(true))]),
                    ),
                    ("status", schema_ref(&format!("{type_name}Status"))),
                    (
                        "labels",
                        obj([
                            ("type", s("array")),
                            ("items", obj([("type", s("string"))])),
                        ]),
                    ),
                ]),
            ),
        ]);
        push(
            &mut operation,
            "requestBody",
            obj([(
                "content",
                obj([("application/json", obj([("schema", body)]))]),
            )]),
        );
        let responses = self.responses(
            name,
            ("200", Some(schema_ref(&type_name))),
            &["401", "404", "422"],
        );
        push(&mut operation, "responses", responses);
        operation
    }

    fn delete_operation(&mut self, name: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("delete{type_name}"),
            format!("Delete a {}", name.replace('_', " ")),
            name,
        );
        let responses = self.responses(name, ("204", None), &["401", "404"]);
        push(&mut operation, "responses", responses);
        operation
    }

    fn action_operation(&mut self, name: &str, verb: &str) -> Json {
        let type_name = camel(name);
        let mut operation = self.operation(
            format!("{verb}{type_name}"),
            format!("{} a {}", camel(verb), name.replace('_', " ")),
            name,
        );
        // An inline response object with an inline enum.
        let job = obj([
            ("type", s("object")),
            ("required", Json::Array(vec![s("job_id"), s("state")])),
            (
                "properties",
                obj([
                    ("job_id", obj([("type", s("string"))])),
                    (
                        "state",
                        obj([
                            ("type", s("string")),
                            (
                                "enum",
                                Json::Array(vec![s("queued"), s("running"), s("done")]),
                            ),
                        ]),
                    ),
                    (
                        "eta_seconds",
                        obj([("type", s("integer")), ("format", s("int32"))]),
                    ),
                ]),
            ),
        ]);
        let mut responses = obj([]);
        push(&mut responses, "202", json_response("Accepted.", job));
        push(
            &mut responses,
            "404",
            obj([("$ref", s("#/components/responses/NotFound"))]),
        );
        push(&mut operation, "responses", responses);
        operation
    }

    fn shared_schemas(&mut self) -> Vec<(String, Json)> {
        let string = || obj([("type", s("string"))]);
        let nullable_string = || obj([("type", s("string")), ("nullable", Json::Bool(true))]);
        vec![
            (
                "ApiError".to_owned(),
                obj([
                    ("type", s("object")),
                    ("required", Json::Array(vec![s("code"), s("message")])),
                    (
                        "properties",
                        obj([
                            ("code", string()),
                            ("message", string()),
                            (
                                "details",
                                obj([
                                    ("type", s("array")),
                                    ("items", schema_ref("ApiErrorDetail")),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            (
                "ApiErrorDetail".to_owned(),
                obj([
                    ("type", s("object")),
                    (
                        "properties",
                        obj([("field", string()), ("reason", string())]),
                    ),
                ]),
            ),
            (
                "ValidationError".to_owned(),
                obj([
                    ("type", s("object")),
                    ("required", Json::Array(vec![s("message")])),
                    (
                        "properties",
                        obj([
                            ("message", string()),
                            (
                                "errors",
                                obj([
                                    ("type", s("array")),
                                    (
                                        "items",
                                        obj([
                                            ("type", s("object")),
                                            (
                                                "properties",
                                                obj([("field", string()), ("code", string())]),
                                            ),
                                        ]),
                                    ),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            (
                "Pagination".to_owned(),
                obj([
                    ("type", s("object")),
                    (
                        "properties",
                        obj([
                            ("after", nullable_string()),
                            ("before", nullable_string()),
                            (
                                "total",
                                obj([
                                    ("type", s("integer")),
                                    ("format", s("int64")),
                                    ("nullable", Json::Bool(true)),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
        ]
    }

    fn resource_schemas(&mut self, index: usize, schemas: &mut Vec<(String, Json)>) {
        let name = self.resources[index].name.clone();
        let type_name = camel(&name);
        let camel_fields = self.resources[index].camel_fields;
        let field = |wire: &str| {
            if camel_fields {
                lower_camel(wire)
            } else {
                wire.to_owned()
            }
        };

        // The status enum.
        let count = 3 + self.rng.below(5);
        let start = self.rng.below(STATES.len());
        let values = (0..count)
            .map(|i| s(STATES[(start + i) % STATES.len()]))
            .collect();
        schemas.push((
            format!("{type_name}Status"),
            obj([("type", s("string")), ("enum", Json::Array(values))]),
        ));

        // The main object: 10-20 properties drawn from the pool.
        let mut properties = vec![
            (
                field("id"),
                obj([("type", s("string")), ("readOnly", Json::Bool(true))]),
            ),
            (
                field("created_at"),
                obj([("type", s("string")), ("format", s("date-time"))]),
            ),
            (field("status"), schema_ref(&format!("{type_name}Status"))),
        ];
        let mut required = vec![
            s(&field("id")),
            s(&field("created_at")),
            s(&field("status")),
        ];
        let wanted = 10 + self.rng.below(11);
        let mut pool: Vec<usize> = (0..PROPERTY_POOL).collect();
        while properties.len() < wanted && !pool.is_empty() {
            let pick = pool.swap_remove(self.rng.below(pool.len()));
            let (wire, mut schema) = self.pool_property(pick, index, &type_name);
            if self.shape.prose_words > 0 && self.rng.chance(40) {
                let text = self.prose(&format!("The {}", wire.replace('_', " ")));
                push(&mut schema, "description", Json::String(text));
            }
            if self.rng.chance(40) {
                required.push(s(&field(wire)));
            }
            properties.push((field(wire), schema));
        }
        let description = self.prose(&format!("A {}", name.replace('_', " ")));
        let mut main = obj([
            ("type", s("object")),
            ("description", Json::String(description)),
            ("required", Json::Array(required)),
            ("properties", Json::Object(properties)),
        ]);
        if self.shape.examples {
            let example = self.example_of(&name, false);
            push(&mut main, "example", example);
        }
        schemas.push((type_name.clone(), main));

        // The page of a list.
        schemas.push((
            format!("{type_name}List"),
            obj([
                ("type", s("object")),
                ("required", Json::Array(vec![s("items"), s("pagination")])),
                (
                    "properties",
                    obj([
                        (
                            "items",
                            obj([("type", s("array")), ("items", schema_ref(&type_name))]),
                        ),
                        ("pagination", schema_ref("Pagination")),
                    ]),
                ),
            ]),
        ));

        if self.resources[index]
            .operations
            .contains(&OperationKind::Create)
        {
            schemas.push((
                format!("{type_name}Create"),
                obj([
                    ("type", s("object")),
                    ("required", Json::Array(vec![s("name")])),
                    (
                        "properties",
                        obj([
                            (
                                "name",
                                obj([("type", s("string")), ("minLength", Json::Int(1))]),
                            ),
                            ("description", obj([("type", s("string"))])),
                            ("status", schema_ref(&format!("{type_name}Status"))),
                            (
                                "tags",
                                obj([
                                    ("type", s("array")),
                                    ("items", obj([("type", s("string"))])),
                                ]),
                            ),
                            (
                                "metadata",
                                obj([
                                    ("type", s("object")),
                                    ("additionalProperties", obj([("type", s("string"))])),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ));
        }

        if self.resources[index].has_summary {
            schemas.push((
                format!("{type_name}Summary"),
                obj([
                    ("type", s("object")),
                    ("required", Json::Array(vec![s("id")])),
                    (
                        "properties",
                        obj([
                            ("id", obj([("type", s("string"))])),
                            ("name", obj([("type", s("string"))])),
                            ("url", obj([("type", s("string")), ("format", s("uri"))])),
                        ]),
                    ),
                ]),
            ));
        }
    }

    /// Another resource that has a summary schema, if any.
    fn summary_of_other(&mut self, index: usize) -> Option<String> {
        let start = self.rng.below(self.resources.len());
        (0..self.resources.len())
            .map(|offset| (start + offset) % self.resources.len())
            .find(|&other| other != index && self.resources[other].has_summary)
            .map(|other| format!("{}Summary", camel(&self.resources[other].name)))
    }

    /// Property number `pick` of the pool: its wire name and schema.
    fn pool_property(
        &mut self,
        pick: usize,
        index: usize,
        type_name: &str,
    ) -> (&'static str, Json) {
        let string = |format: &str| obj([("type", s("string")), ("format", s(format))]);
        match pick {
            0 => ("name", obj([("type", s("string"))])),
            1 => (
                "description",
                obj([("type", s("string")), ("nullable", Json::Bool(true))]),
            ),
            2 => (
                "quantity",
                obj([
                    ("type", s("integer")),
                    ("format", s("int32")),
                    ("minimum", Json::Int(0)),
                ]),
            ),
            3 => (
                "amount",
                obj([("type", s("number")), ("format", s("double"))]),
            ),
            4 => ("enabled", obj([("type", s("boolean"))])),
            5 => (
                "tags",
                obj([
                    ("type", s("array")),
                    ("items", obj([("type", s("string"))])),
                ]),
            ),
            6 => (
                "metadata",
                obj([
                    ("type", s("object")),
                    ("additionalProperties", obj([("type", s("string"))])),
                ]),
            ),
            7 => match self.summary_of_other(index) {
                Some(summary) => ("owner", schema_ref(&summary)),
                None => ("owner", obj([("type", s("string"))])),
            },
            8 => {
                let other = self.rng.below(self.resources.len());
                let target = camel(&self.resources[other].name);
                (
                    "related",
                    obj([("type", s("array")), ("items", schema_ref(&target))]),
                )
            }
            // A by-value reference to its own type: recursive, so boxed.
            9 => ("parent", schema_ref(type_name)),
            10 => (
                "address",
                obj([
                    ("type", s("object")),
                    ("required", Json::Array(vec![s("line1"), s("country")])),
                    (
                        "properties",
                        obj([
                            ("line1", obj([("type", s("string"))])),
                            ("line2", obj([("type", s("string"))])),
                            ("city", obj([("type", s("string"))])),
                            ("postal_code", obj([("type", s("string"))])),
                            (
                                "country",
                                obj([
                                    ("type", s("string")),
                                    (
                                        "enum",
                                        Json::Array(vec![s("GB"), s("FR"), s("DE"), s("US")]),
                                    ),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            11 => {
                let count = 2 + self.rng.below(5);
                let start = self.rng.below(STATES.len());
                let values = (0..count)
                    .map(|i| s(STATES[(start + i) % STATES.len()]))
                    .collect();
                (
                    "kind",
                    obj([("type", s("string")), ("enum", Json::Array(values))]),
                )
            }
            12 => (
                "limits",
                obj([
                    ("type", s("object")),
                    ("nullable", Json::Bool(true)),
                    (
                        "properties",
                        obj([
                            ("max", obj([("type", s("integer")), ("format", s("int64"))])),
                            (
                                "period",
                                obj([
                                    ("type", s("string")),
                                    ("enum", Json::Array(vec![s("day"), s("month"), s("year")])),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            13 => {
                let actor = match self.summary_of_other(index) {
                    Some(summary) => schema_ref(&summary),
                    None => obj([("type", s("string"))]),
                };
                (
                    "history",
                    obj([
                        ("type", s("array")),
                        (
                            "items",
                            obj([
                                ("type", s("object")),
                                (
                                    "properties",
                                    obj([
                                        ("at", string("date-time")),
                                        ("event", obj([("type", s("string"))])),
                                        ("actor", actor),
                                    ]),
                                ),
                            ]),
                        ),
                    ]),
                )
            }
            14 => (
                "score",
                obj([
                    ("type", s("number")),
                    ("format", s("float")),
                    ("nullable", Json::Bool(true)),
                ]),
            ),
            15 => ("html_url", string("uri")),
            16 => (
                "archived_at",
                obj([
                    ("type", s("string")),
                    ("format", s("date-time")),
                    ("nullable", Json::Bool(true)),
                ]),
            ),
            17 => match self.summary_of_other(index) {
                Some(summary) => (
                    "members",
                    obj([
                        ("type", s("object")),
                        ("additionalProperties", schema_ref(&summary)),
                    ]),
                ),
                None => ("members", obj([("type", s("object"))])),
            },
            18 => ("extra", obj([("type", s("object"))])),
            19 => (
                "version",
                obj([("type", s("integer")), ("format", s("int64"))]),
            ),
            20 => (
                "currency",
                obj([("type", s("string")), ("minLength", Json::Int(3))]),
            ),
            _ => (
                "updated_at",
                obj([("type", s("string")), ("format", s("date-time"))]),
            ),
        }
    }

    /// An example value of a resource (or of a page of them).
    fn example_of(&mut self, name: &str, list: bool) -> Json {
        let one = |rng: &mut Rng, id: usize| {
            let mut state = rng.next_u64();
            let mut words = |n: usize| {
                (0..n)
                    .map(|_| {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                        WORDS[(state >> 33) as usize % WORDS.len()]
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            obj([
                ("id", Json::String(format!("{name}_{id:06}"))),
                ("created_at", s("2024-05-01T12:00:00Z")),
                ("status", s("active")),
                ("name", Json::String(words(3))),
                ("description", Json::String(words(20))),
                ("quantity", Json::Int(id as i64 % 100)),
                ("enabled", Json::Bool(id.is_multiple_of(2))),
                (
                    "tags",
                    Json::Array(vec![Json::String(words(1)), Json::String(words(1))]),
                ),
                (
                    "metadata",
                    obj([("source", s("import")), ("batch", Json::String(words(2)))]),
                ),
                (
                    "html_url",
                    Json::String(format!("https://example.com/{name}/{id}")),
                ),
                ("archived_at", Json::Null),
            ])
        };
        if list {
            let items = (0..EXAMPLE_PAGE).map(|i| one(&mut self.rng, i)).collect();
            obj([
                ("items", Json::Array(items)),
                (
                    "pagination",
                    obj([("after", s("c2VxdWVuY2U")), ("before", Json::Null)]),
                ),
            ])
        } else {
            one(&mut self.rng, 1)
        }
    }
}

/// Items in a list response's example (large documents carry whole example pages).
const EXAMPLE_PAGE: usize = 36;

/// How many properties [`Builder::pool_property`] knows.
const PROPERTY_POOL: usize = 22;

fn is_empty(item: &Json) -> bool {
    matches!(item, Json::Object(pairs) if pairs.is_empty())
}

fn clone_json(value: &Json) -> Json {
    match value {
        Json::Object(pairs) => Json::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), clone_json(v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(clone_json).collect()),
        Json::String(text) => Json::String(text.clone()),
        Json::Int(value) => Json::Int(*value),
        Json::Bool(value) => Json::Bool(*value),
        Json::Null => Json::Null,
    }
}

fn path_param(resource: &str) -> Json {
    obj([
        ("name", Json::String(format!("{resource}_id"))),
        ("in", s("path")),
        ("required", Json::Bool(true)),
        (
            "description",
            Json::String(format!("The id of the {}.", resource.replace('_', " "))),
        ),
        ("schema", obj([("type", s("string"))])),
    ])
}

fn query_param(name: &str, schema: Json, description: &str) -> Json {
    obj([
        ("name", s(name)),
        ("in", s("query")),
        ("required", Json::Bool(false)),
        ("description", s(description)),
        ("schema", schema),
    ])
}

fn component_param(name: &str) -> Json {
    obj([(
        "$ref",
        Json::String(format!("#/components/parameters/{name}")),
    )])
}

fn json_response(description: &str, schema: Json) -> Json {
    obj([
        ("description", s(description)),
        (
            "content",
            obj([("application/json", obj([("schema", schema)]))]),
        ),
    ])
}

fn shared_parameters() -> Json {
    obj([
        (
            "ApiVersion",
            obj([
                ("name", s("Api-Version")),
                ("in", s("header")),
                ("required", Json::Bool(false)),
                ("x-client-setting", s("api_version")),
                ("description", s("The API version to answer with.")),
                (
                    "schema",
                    obj([("type", s("string")), ("default", s("2024-01-01"))]),
                ),
            ]),
        ),
        (
            "Limit",
            query_param(
                "limit",
                obj([
                    ("type", s("integer")),
                    ("format", s("int32")),
                    ("minimum", Json::Int(1)),
                    ("maximum", Json::Int(100)),
                ]),
                "Largest number of items in one page.",
            ),
        ),
        (
            "After",
            query_param(
                "after",
                obj([("type", s("string"))]),
                "Opaque cursor: the page after it.",
            ),
        ),
        (
            "RequestId",
            obj([
                ("name", s("X-Request-Id")),
                ("in", s("header")),
                ("required", Json::Bool(false)),
                ("description", s("An id to trace the request by.")),
                ("schema", obj([("type", s("string"))])),
            ]),
        ),
    ])
}

fn shared_responses() -> Json {
    obj([
        (
            "NotFound",
            json_response("No such item.", schema_ref("ApiError")),
        ),
        (
            "Unauthorized",
            json_response("Missing or wrong credentials.", schema_ref("ApiError")),
        ),
        (
            "Invalid",
            json_response("Invalid request.", schema_ref("ValidationError")),
        ),
        (
            "Error",
            json_response("Unexpected error.", schema_ref("ApiError")),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_deterministic_and_sized() {
        let small = document_json(&Shape::operations(10));
        assert_eq!(small, document_json(&Shape::operations(10)));
        let parsed: serde_json::Value = serde_json::from_str(&small).expect("valid JSON");
        let operations: usize = parsed["paths"]
            .as_object()
            .expect("paths")
            .values()
            .map(|item| {
                item.as_object()
                    .expect("path item")
                    .keys()
                    .filter(|k| *k != "parameters")
                    .count()
            })
            .sum();
        assert_eq!(operations, 10);
    }

    #[test]
    fn the_lean_document_has_one_operation_and_one_component_per_operation() {
        let text = lean_json(3);
        assert_eq!(text, lean_json(3));
        let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let paths = parsed["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), 3);
        assert_eq!(
            paths["/things2/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/Thing2"
        );
        let schemas = parsed["components"]["schemas"]
            .as_object()
            .expect("schemas");
        assert_eq!(schemas.len(), 3);
        assert_eq!(
            schemas["Thing0"]["properties"].as_object().map(|p| p.len()),
            Some(3)
        );
        // About 0.9 KB of JSON per operation, as the documents the memory target is for.
        let per_operation = lean_json(1_000).len() / 1_000;
        assert!(
            (800..1_000).contains(&per_operation),
            "{per_operation} bytes"
        );
    }
}
