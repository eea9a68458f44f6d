//! Scale: a synthetic document of about 1,000 operations and 1,000 schemas goes through
//! the whole pipeline, deterministically, and the parallel pipeline writes exactly what
//! emitting and formatting the files one after another writes.

use openapi_codegen::{Config, GeneratedFile, emit, format, generate_from_text, load, lower};
use openapi_synthetic::{self as synthetic, Shape};

fn sequential(text: &str, config: &Config) -> Vec<GeneratedFile> {
    let loaded = load::load_document(text).expect("loads");
    let api = lower::lower(&loaded, config).expect("lowers").0;
    let mut files = format::format_all(emit::emit(&api, config), config).expect("formats");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[test]
fn a_thousand_operations_generate_deterministically() {
    let text = synthetic::document_json(&Shape::operations(1_000));
    assert_eq!(text, synthetic::document_json(&Shape::operations(1_000)));
    assert!(text.len() > 2_000_000, "{} bytes", text.len());
    let config = Config::new("large-api");
    let first = generate_from_text(&text, &config).expect("generates").files;
    let second = generate_from_text(&text, &config)
        .expect("generates again")
        .files;
    assert!(first == second, "two runs differ");

    let client = first
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("a client");
    // Two methods per operation, and the constructors.
    let methods = client.contents.matches("pub fn ").count();
    assert!(methods >= 2_000, "{methods} client methods");
    let models = first
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models");
    let types = models.contents.matches("\npub struct ").count()
        + models.contents.matches("\npub enum ").count();
    assert!(types >= 1_000, "{types} model types");
    // Self-references (`parent`) are boxed, not infinitely large.
    assert!(models.contents.contains("Box<"), "no boxed recursive field");

    let expected = sequential(&text, &config);
    assert_eq!(first.len(), expected.len());
    for (parallel, sequential) in first.iter().zip(&expected) {
        assert_eq!(parallel.path, sequential.path);
        assert!(
            parallel.contents == sequential.contents,
            "{} differs between the parallel and the sequential pipeline",
            parallel.path
        );
    }
}

/// The lean shape of the memory target (docs/performance.md) generates without a
/// warning: one client method pair and one model per operation.
#[test]
fn the_lean_document_generates_without_a_warning() {
    let generated =
        generate_from_text(&synthetic::lean_json(200), &Config::new("lean")).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let models = generated
        .files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models");
    assert_eq!(models.contents.matches("\npub struct Thing").count(), 200);
}

/// A document of `nodes` object schemas, each holding `links` others by value.
fn reference_graph(nodes: usize, links: usize) -> String {
    let mut schemas = Vec::new();
    for node in 0..nodes {
        let mut properties = vec![r#""id": {"type": "string"}"#.to_owned()];
        for link in 0..links {
            // A fixed scatter of targets: every node is on some cycle.
            let target = (node * 7 + link * 13 + 1) % nodes;
            properties.push(format!(
                r##""link{link}": {{"$ref": "#/components/schemas/Node{target}"}}"##
            ));
        }
        schemas.push(format!(
            r#""Node{node}": {{"type": "object", "properties": {{{}}}}}"#,
            properties.join(", ")
        ));
    }
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "Graph", "version": "1"}},
        "paths": {{"/node": {{"get": {{"operationId": "getNode", "responses": {{"200": {{
            "description": "ok",
            "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Node0"}}}}}}}}}}}}}}}},
        "components": {{"schemas": {{{}}}}}}}"##,
        schemas.join(",\n")
    )
}

#[test]
fn a_dense_reference_graph_is_boxed_in_one_pass() {
    // 1,500 schemas with 8 by-value references each: a search per field took seconds.
    let text = reference_graph(1_500, 8);
    let files = generate_from_text(&text, &Config::new("graph-api"))
        .expect("generates")
        .files;
    let models = files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models");
    assert!(models.contents.contains("pub link0: Option<Box<Node"));
}

#[test]
fn only_fields_on_a_cycle_are_boxed() {
    // A -> B -> C -> A is a cycle; D -> A is not on it.
    let text = r##"{"openapi": "3.0.3", "info": {"title": "Cycle", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
            "C": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "D": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                                                   "d": {"$ref": "#/components/schemas/D"}}}
        }}}"##;
    let files = generate_from_text(text, &Config::new("cycle-api"))
        .expect("generates")
        .files;
    let models = &files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models")
        .contents;
    for boxed in [
        "pub b: Option<Box<B>>",
        "pub c: Option<Box<C>>",
        "pub a: Option<Box<A>>",
        "pub d: Option<Box<D>>",
    ] {
        assert!(models.contains(boxed), "missing `{boxed}`");
    }
    assert!(
        models.contains("pub a: Option<A>,"),
        "D.a must stay unboxed"
    );
}

#[test]
fn many_clashing_names_are_numbered_in_order() {
    // 3,000 inline request bodies (each a different shape, so none are merged) of
    // operations that all want the name `Thing`: each name clash costs one try, and the
    // suffixes follow the document's order.
    let operations: Vec<String> = (0..3_000)
        .map(|index| {
            format!(
                r#""/things/{index}": {{"post": {{"operationId": "thing", "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"n{index}": {{"type": "integer"}}}}}}}}}}}}, "responses": {{"204": {{"description": "ok"}}}}}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Clash", "version": "1"}}, "paths": {{{}}}}}"#,
        operations.join(",\n")
    );
    let files = generate_from_text(&text, &Config::new("clash-api"))
        .expect("generates")
        .files;
    let client = &files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("client")
        .contents;
    assert!(client.contains("pub fn thing("));
    assert!(client.contains("pub fn thing2("));
    assert!(client.contains("pub fn thing3000("));
    let models = &files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models")
        .contents;
    assert!(models.contains("pub struct ThingRequest {"));
    assert!(models.contains("pub struct Thing3000Request {"));
}

/// A model `depth` levels deep, each level holding `width` fields of the next level by value
/// (no cycle), reached from a deep-object query parameter, a `oneOf` member and an error body.
fn wide_deep_model(depth: usize, width: usize) -> String {
    let mut schemas = Vec::new();
    for level in 0..depth {
        let properties: Vec<String> = if level + 1 == depth {
            vec![r#""leaf": {"type": "string"}"#.to_owned()]
        } else {
            (0..width)
                .map(|field| {
                    format!(
                        r##""field{field}": {{"$ref": "#/components/schemas/Level{}"}}"##,
                        level + 1
                    )
                })
                .collect()
        };
        schemas.push(format!(
            r#""Level{level}": {{"type": "object", "properties": {{{}}}}}"#,
            properties.join(", ")
        ));
    }
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "Wide", "version": "1"}},
        "paths": {{"/levels": {{"get": {{"operationId": "getLevels",
            "parameters": [{{"name": "filter", "in": "query", "style": "deepObject",
                "schema": {{"$ref": "#/components/schemas/Level0"}}}}],
            "responses": {{
                "200": {{"description": "ok", "content": {{"application/json": {{"schema":
                    {{"oneOf": [{{"$ref": "#/components/schemas/Level0"}}, {{"type": "string"}}]}}}}}}}},
                "400": {{"description": "bad", "content": {{"application/json": {{"schema":
                    {{"$ref": "#/components/schemas/Level0"}}}}}}}}}}}}}}}},
        "components": {{"schemas": {{{}}}}}}}"##,
        schemas.join(",\n")
    )
}

#[test]
fn a_wide_deep_model_is_sized_and_shaped_once_per_type() {
    // 30 levels of 12 fields each: following every path (12^30 of them) to decide how a
    // parameter is written or whether a variant is boxed never ended.
    let text = wide_deep_model(30, 12);
    let generated = generate_from_text(&text, &Config::new("wide-api")).expect("generates");
    let at_filter = "#/paths/~1levels/get/parameters/0";
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.pointer.starts_with(at_filter)),
        "a nested deep object is warned about: {:?}",
        generated.warnings
    );
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
            .expect(path)
    };
    assert!(file("src/models.rs").contains("Level0(Box<Level0>)"));
    assert!(file("src/error.rs").contains("Level0(Box<models::Level0>)"));
}
