//! A bounded fuzz test: documents from the fixture corpus (and the Users spec), mutated
//! (keys deleted, renamed and duplicated, values swapped for other types, `$ref`s
//! injected, schemas wrapped in compositions, text truncated), must never make
//! `generate_from_text` panic; every refusal names a location; for a sample of the
//! documents that generate, every Rust file must parse with syn.
//!
//! The mutations are proptest strategies, drawn from a fixed seed: a failure is shrunk to
//! the fewest and simplest mutations that still fail, and both the first failing document
//! and the shrunk one are written to `target/fuzz-failures/`, with the shrunk mutations.
//!
//! Bounded for CI (`FUZZ_SECONDS`, default 8, and `FUZZ_ITERATIONS`, default 100000,
//! whichever ends first). A longer run:
//! `FUZZ_SECONDS=600 FUZZ_SEED=7 cargo test --release -p openapi-codegen --test fuzz -- --nocapture`.
//! With `FUZZ_TRACE=FILE` every document is written to FILE before it is tried, so that
//! the one that aborted the process (a stack overflow) can be found.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use openapi_codegen::{Config, generate_from_text};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
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

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "file",
];

const WORDS: &[&str] = &[
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
];

/// An object of `$ref` alone.
fn reference(target: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".to_owned(), Value::from(target));
    Value::Object(map)
}

/// Values of any JSON type, biased to the words and references documents hold.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-100i64..200).prop_map(Value::from),
        Just(Value::from(1.5)),
        select(TYPES).prop_map(Value::from),
        select(WORDS).prop_map(Value::from),
        select(REFS).prop_map(Value::from),
        select(REFS).prop_map(reference),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((select(KEYS), inner), 0..3).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    })
}

/// One edit at a node of the document.
#[derive(Debug, Clone)]
enum Edit {
    /// Delete a key of an object or an item of an array.
    Delete(Index),
    /// Swap the value for one of another type.
    Replace(Value),
    /// Add a `$ref` to an object.
    InjectRef(&'static str),
    /// Rename a key, to a keyword or (`None`) to a variant of itself.
    Rename(Index, Option<&'static str>),
    /// Copy a child under another key.
    Duplicate(Index),
    /// Wrap the value in `allOf`/`oneOf`/`anyOf` (twice) or `not`, maybe with a
    /// discriminator.
    Wrap(&'static str, bool),
    /// Add a keyword with a value.
    AddKeyword(&'static str, Value),
    /// Mark an object nullable, and read-only or not.
    Nullable(bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::Delete),
        value().prop_map(Edit::Replace),
        select(REFS).prop_map(Edit::InjectRef),
        (any::<Index>(), prop::option::of(select(KEYS))).prop_map(|(i, k)| Edit::Rename(i, k)),
        any::<Index>().prop_map(Edit::Duplicate),
        (
            select(&["allOf", "oneOf", "anyOf", "not"][..]),
            prop::bool::weighted(0.3)
        )
            .prop_map(|(keyword, discriminator)| Edit::Wrap(keyword, discriminator)),
        (select(KEYS), value()).prop_map(|(key, value)| Edit::AddKeyword(key, value)),
        any::<bool>().prop_map(Edit::Nullable),
    ]
}

/// A mutated document: which seed document, up to five edits (each at a node picked by
/// index among all nodes of the document as it is then), the text format, and where
/// the text is cut, if it is.
#[derive(Debug, Clone)]
struct Case {
    document: Index,
    edits: Vec<(Index, Edit)>,
    yaml: bool,
    truncate: Option<Index>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<Index>(),
        prop::collection::vec((any::<Index>(), edit()), 1..=5),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.05, any::<Index>()),
    )
        .prop_map(|(document, edits, yaml, truncate)| Case {
            document,
            edits,
            yaml,
            truncate,
        })
}

/// The key of `map` that `index` picks.
fn key_at(map: &Map<String, Value>, index: Index) -> Option<String> {
    if map.is_empty() {
        return None;
    }
    map.keys().nth(index.index(map.len())).cloned()
}

fn apply(doc: &mut Value, at: Index, edit: &Edit) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = all[at.index(all.len())].clone();
    let Some(node) = doc.pointer_mut(&target) else {
        return;
    };
    match (edit, node) {
        (Edit::Delete(index), Value::Object(map)) => {
            if let Some(key) = key_at(map, *index) {
                map.remove(&key);
            }
        }
        (Edit::Delete(index), Value::Array(items)) if !items.is_empty() => {
            items.remove(index.index(items.len()));
        }
        (Edit::Replace(value), node) => *node = value.clone(),
        (Edit::InjectRef(target), Value::Object(map)) => {
            map.insert("$ref".to_owned(), Value::from(*target));
        }
        (Edit::Rename(index, keyword), Value::Object(map)) => {
            if let Some(key) = key_at(map, *index)
                && let Some(value) = map.remove(&key)
            {
                let renamed =
                    keyword.map_or_else(|| format!("{}_{key}", key.to_uppercase()), str::to_owned);
                map.insert(renamed, value);
            }
        }
        (Edit::Duplicate(index), Value::Object(map)) => {
            if let Some(key) = key_at(map, *index)
                && let Some(value) = map.get(&key).cloned()
            {
                map.insert(format!("{key}Copy"), value);
            }
        }
        (Edit::Wrap(keyword, discriminator), node) => {
            let inner = node.take();
            let mut map = Map::new();
            if *keyword == "not" {
                map.insert((*keyword).to_owned(), inner);
            } else {
                map.insert(
                    (*keyword).to_owned(),
                    Value::Array(vec![inner.clone(), inner]),
                );
            }
            if *discriminator {
                let mut discriminator = Map::new();
                discriminator.insert("propertyName".to_owned(), Value::from("kind"));
                map.insert("discriminator".to_owned(), Value::Object(discriminator));
            }
            *node = Value::Object(map);
        }
        (Edit::AddKeyword(key, value), Value::Object(map)) => {
            map.insert((*key).to_owned(), value.clone());
        }
        (Edit::Nullable(read_only), Value::Object(map)) => {
            map.insert("nullable".to_owned(), Value::Bool(true));
            map.insert("readOnly".to_owned(), Value::Bool(*read_only));
        }
        // An edit that does not apply to this kind of node leaves it alone.
        _ => {}
    }
}

/// The text of a case: the seed document with the edits applied, as JSON or YAML, cut.
fn render(corpus: &[(String, Value)], case: &Case) -> (String, String) {
    let (source, seed_doc) = &corpus[case.document.index(corpus.len())];
    let mut doc = seed_doc.clone();
    for (at, edit) in &case.edits {
        apply(&mut doc, *at, edit);
    }
    let mut text = if case.yaml {
        serde_yaml::to_string(&doc).unwrap_or_default()
    } else {
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    };
    if let Some(cut) = case.truncate {
        // Truncated: the loader must report a syntax or shape error.
        let mut cut = cut.index(text.len().max(1));
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    (source.clone(), text)
}

/// What one document did.
enum Outcome {
    Generated,
    Refused,
    /// A panic, a refusal without a location, or a file that does not parse.
    Failed(String),
}

fn try_document(text: &str, config: &Config, parse: bool) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| generate_from_text(text, config))) {
        Ok(Ok(generated)) => {
            if parse {
                for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    if let Err(error) = syn::parse_file(&file.contents) {
                        return Outcome::Failed(format!("{} does not parse: {error}", file.path));
                    }
                }
            }
            Outcome::Generated
        }
        Ok(Err(error)) if error.diagnostics().is_empty() => {
            Outcome::Failed(format!("a refusal without diagnostics: {error}"))
        }
        Ok(Err(_)) => Outcome::Refused,
        Err(panic) => Outcome::Failed(format!(
            "panic `{}`",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        )),
    }
}

/// Shrinks a failing case: simplifies while it still fails (any failure counts), at most
/// `steps` tries. Answers the smallest failing case found.
fn shrink(
    mut tree: impl ValueTree<Value = Case>,
    corpus: &[(String, Value)],
    config: &Config,
    steps: usize,
) -> Case {
    let fails = |case: &Case| {
        matches!(
            try_document(&render(corpus, case).1, config, true),
            Outcome::Failed(_)
        )
    };
    let mut smallest = tree.current();
    for _ in 0..steps {
        if !tree.simplify() {
            break;
        }
        // Simplified too far: step back towards the failing case until it fails again.
        while !fails(&tree.current()) {
            if !tree.complicate() {
                return smallest;
            }
        }
        smallest = tree.current();
    }
    smallest
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
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = case();
    let started = Instant::now();
    let (mut generated, mut refused, mut parsed) = (0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    let mut done = 0u64;
    // Panics are caught and reported below; keep the default hook's noise out.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while done < iterations && started.elapsed() < Duration::from_secs(seconds) {
        done += 1;
        let tree = strategy
            .new_tree(&mut runner)
            .expect("the strategies never reject");
        let (source, text) = render(&corpus, &tree.current());
        if let Some(trace) = &trace {
            // A stack overflow aborts the process: the last document is left here.
            let _ = std::fs::write(trace, &text);
        }
        // Every tenth generated document's files are parsed with syn.
        let parse = generated % 10 == 0;
        match try_document(&text, &config, parse) {
            Outcome::Generated => {
                generated += 1;
                parsed += u64::from(parse);
            }
            Outcome::Refused => refused += 1,
            Outcome::Failed(what) => {
                let smallest = shrink(tree, &corpus, &config, 2_000);
                let (_, small_text) = render(&corpus, &smallest);
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("seed{seed}-iteration{done}.txt"));
                let small_path = dir.join(format!("seed{seed}-iteration{done}-shrunk.txt"));
                let _ = std::fs::write(&path, &text);
                let _ = std::fs::write(&small_path, &small_text);
                failures.push(format!(
                    "{what} on a mutation of {source}; document in {}, shrunk to {} by {:?}",
                    path.display(),
                    small_path.display(),
                    smallest.edits
                ));
                if failures.len() >= 5 {
                    break;
                }
            }
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
