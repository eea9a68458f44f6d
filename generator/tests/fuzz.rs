//! A bounded fuzz test: documents from the fixture corpus (and the Users spec), mutated by
//! a deterministic PRNG (keys deleted, renamed and duplicated, values swapped for other
//! types, `$ref`s injected, schemas wrapped in compositions, text truncated), must never
//! make `generate_from_text` panic; for a sample of the documents that generate, every
//! Rust file must parse with syn.
//!
//! Bounded for CI (`FUZZ_SECONDS`, default 8, and `FUZZ_ITERATIONS`, default 100000,
//! whichever ends first). A longer run:
//! `FUZZ_SECONDS=600 FUZZ_SEED=7 cargo test --release -p openapi-codegen --test fuzz -- --nocapture`.
//! A panicking document is written to `target/fuzz-failures/` and named in the failure;
//! with `FUZZ_TRACE=FILE` every document is written to FILE before it is tried, so that
//! the one that aborted the process (a stack overflow) can be found.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use openapi_codegen::{Config, generate_from_text};
use openapi_synthetic::Rng;
use serde_json::{Map, Value};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seed documents, as JSON values.
fn corpus() -> Vec<(String, Value)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(manifest.join("fixtures/ok"))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.push(manifest.join("../spec/sequence-users.yaml"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let value: Value = if path.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).ok()?
            } else {
                serde_yaml::from_str(&text).ok()?
            };
            Some((path.display().to_string(), value))
        })
        .collect()
}

/// Every JSON pointer in a value (objects and arrays included), for picking a node.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const REFS: &[&str] = &[
    "#/components/schemas/Thing",
    "#/components/schemas/Missing",
    "#/components/parameters/Missing",
    "#/components/responses/NotFound",
    "#/components/requestBodies/ThingBody",
    "other.yaml#/Thing",
    "#/paths",
    "#",
    "#/components/schemas/",
    "#/components/schemas/a~1b",
    "#/components/schemas/Thing/properties/id",
    "#/paths/~1things/get/responses/200",
    "#/paths/~1things",
];

const KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "nullable",
    "required",
    "additionalProperties",
    "discriminator",
    "format",
    "$ref",
    "in",
    "name",
    "schema",
    "content",
    "style",
    "explode",
    "responses",
    "default",
    "readOnly",
    "operationId",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 7 } else { 10 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => Value::from(rng.below(300) as i64 - 100),
        3 => Value::from(1.5),
        4 => Value::from(
            [
                "string", "integer", "number", "boolean", "object", "array", "null", "file",
            ][rng.below(8)],
        ),
        5 => Value::from(
            [
                "",
                "1st",
                "a-b",
                "é",
                "type",
                "self",
                "{id}",
                "int32",
                "uuid",
                "date-time",
            ][rng.below(10)],
        ),
        6 => Value::from(REFS[rng.below(REFS.len())]),
        7 => {
            let mut map = Map::new();
            map.insert("$ref".to_owned(), Value::from(REFS[rng.below(REFS.len())]));
            Value::Object(map)
        }
        8 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(3) {
                map.insert(
                    KEYS[rng.below(KEYS.len())].to_owned(),
                    random_value(rng, depth + 1),
                );
            }
            Value::Object(map)
        }
    }
}

/// Applies one mutation at a random node.
fn mutate(rng: &mut Rng, doc: &mut Value) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = all[rng.below(all.len())].clone();
    let Some(node) = doc.pointer_mut(&target) else {
        return;
    };
    match rng.below(8) {
        // Delete a key.
        0 => {
            if let Value::Object(map) = node
                && !map.is_empty()
            {
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
                map.remove(&key);
            } else if let Value::Array(items) = node
                && !items.is_empty()
            {
                items.remove(rng.below(items.len()));
            }
        }
        // Swap the value for one of another type.
        1 => *node = random_value(rng, 0),
        // Inject a `$ref`.
        2 => {
            if let Value::Object(map) = node {
                map.insert("$ref".to_owned(), Value::from(REFS[rng.below(REFS.len())]));
            }
        }
        // Rename a key (to another keyword, or to a variant of itself).
        3 => {
            if let Value::Object(map) = node
                && !map.is_empty()
            {
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
                if let Some(value) = map.remove(&key) {
                    let renamed = if rng.chance(50) {
                        KEYS[rng.below(KEYS.len())].to_owned()
                    } else {
                        format!("{}_{key}", key.to_uppercase())
                    };
                    map.insert(renamed, value);
                }
            }
        }
        // Duplicate a child under another key.
        4 => {
            if let Value::Object(map) = node
                && let Some((key, value)) = map.iter().nth(rng.below(map.len().max(1)))
            {
                let copy = (format!("{key}Copy"), value.clone());
                map.insert(copy.0, copy.1);
            }
        }
        // Wrap in a composition.
        5 => {
            let inner = node.take();
            let keyword = ["allOf", "oneOf", "anyOf", "not"][rng.below(4)];
            let mut map = Map::new();
            if keyword == "not" {
                map.insert(keyword.to_owned(), inner);
            } else {
                map.insert(keyword.to_owned(), Value::Array(vec![inner.clone(), inner]));
            }
            if rng.chance(30) {
                let mut discriminator = Map::new();
                discriminator.insert("propertyName".to_owned(), Value::from("kind"));
                map.insert("discriminator".to_owned(), Value::Object(discriminator));
            }
            *node = Value::Object(map);
        }
        // Add a keyword with a random value.
        6 => {
            if let Value::Object(map) = node {
                map.insert(KEYS[rng.below(KEYS.len())].to_owned(), random_value(rng, 0));
            }
        }
        // Mark nullable / read-only.
        _ => {
            if let Value::Object(map) = node {
                map.insert("nullable".to_owned(), Value::Bool(true));
                map.insert("readOnly".to_owned(), Value::Bool(rng.chance(50)));
            }
        }
    }
}

#[test]
fn mutated_documents_never_panic_the_generator() {
    let seconds = env_number("FUZZ_SECONDS", 8);
    let iterations = env_number("FUZZ_ITERATIONS", 100_000);
    let seed = env_number("FUZZ_SEED", 1);
    let trace = std::env::var_os("FUZZ_TRACE").map(PathBuf::from);
    let corpus = corpus();
    assert!(corpus.len() > 10, "the fuzz corpus went missing");
    let config = Config::new("fuzzed");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut generated, mut refused, mut parsed) = (0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    let mut done = 0u64;
    // Panics are caught and reported below; keep the default hook's noise out.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while done < iterations && started.elapsed() < Duration::from_secs(seconds) {
        done += 1;
        let (source, seed_doc) = &corpus[rng.below(corpus.len())];
        let mut doc = seed_doc.clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut doc);
        }
        let mut text = if rng.chance(80) {
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        } else {
            serde_yaml::to_string(&doc).unwrap_or_default()
        };
        if rng.chance(5) {
            // Truncate: the loader must report a syntax or shape error.
            let mut cut = rng.below(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        if let Some(trace) = &trace {
            // A stack overflow aborts the process: the last document is left here.
            let _ = std::fs::write(trace, &text);
        }
        match catch_unwind(AssertUnwindSafe(|| generate_from_text(&text, &config))) {
            Ok(Ok(files)) => {
                generated += 1;
                if generated % 10 == 1 {
                    for file in files.files.iter().filter(|f| f.path.ends_with(".rs")) {
                        if let Err(error) = syn::parse_file(&file.contents) {
                            failures.push(format!(
                                "{} from a mutation of {source} does not parse: {error}",
                                file.path
                            ));
                        }
                    }
                    parsed += 1;
                }
            }
            Ok(Err(error)) => {
                refused += 1;
                // Every refusal names a location.
                assert!(
                    !error.diagnostics().is_empty(),
                    "a refusal without diagnostics: {error}"
                );
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("seed{seed}-iteration{done}.txt"));
                let _ = std::fs::write(&path, &text);
                failures.push(format!(
                    "panic `{message}` on a mutation of {source}; document in {}",
                    path.display()
                ));
            }
        }
        if failures.len() >= 5 {
            break;
        }
    }
    std::panic::set_hook(default_hook);
    eprintln!(
        "fuzz: {done} documents in {:.1?} (seed {seed}): {generated} generated ({parsed} re-parsed), {refused} refused",
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        generated > 0 && refused > 0,
        "the mutations should produce both outcomes"
    );
}
