//! Data-driven fixture tests: every document under `fixtures/ok/` generates the snapshot
//! in `fixtures/ok/snapshots/` (insta), and every generated crate compiles warning-free
//! under clippy; every document under `fixtures/bad/` is refused with the error text
//! snapshotted in `fixtures/bad/snapshots/`.
//!
//! A snapshot holds what the fixture's document decides: the warnings, `Cargo.toml`,
//! `lib.rs` (without the crate-level guide, fixed prose), the list of runtime pieces, the
//! models, the client, the errors and the examples. The runtime pieces themselves are
//! fixed text, tested in `generator/runtime`, so an edit there rewrites no snapshot.
//!
//! `INSTA_UPDATE=always cargo test -p openapi-codegen --test fixtures` rewrites the
//! snapshots (then review the diff), or `cargo insta review` with cargo-insta installed.
//! `SKIP_FIXTURE_BUILD=1` skips the compile step (which needs `cargo` and the registry
//! cache; see `fixture_crates_compile_without_warnings`).

use std::path::{Path, PathBuf};

use openapi_codegen::{Config, Error, Generated, generate_from_files, render_warnings};

mod common;
use common::{target_dir, workspace_root};

/// The command that rewrites the snapshots, as named in the generated files' headers.
const UPDATE_COMMAND: &str = "INSTA_UPDATE=always cargo test -p openapi-codegen --test fixtures";

/// Fixtures whose models `fixtures/behaviour.rs` exercises with real JSON.
const BEHAVIOUR_FIXTURES: &[&str] = &[
    "one_of_discriminator",
    "one_of_untagged",
    "enums",
    "all_of",
    "recursive",
    "objects",
    "schema_annotations",
    "additional_properties",
    "request_bodies",
    "responses",
    "header_cookie_params",
    "query_params",
    "formats_mapped",
    "path_item_params",
    "parameter_styles",
    "security_api_key_query",
    "security_api_key_cookie",
    "security_per_operation",
    "refs_into_paths",
    "path_template_mistakes",
    "hostile_text",
    "identical_shapes",
    "clippy_shapes",
    "form_bodies",
    "allow_reserved",
    "multipart",
    "hostile_unions",
    "path_fragments",
    "untyped_items",
];

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The names a document in several files has for its root file, in a folder of its own.
const ROOT_FILES: &[&str] = &[
    "openapi.yaml",
    "openapi.json",
    "swagger.yaml",
    "swagger.json",
];

/// The documents in a fixture folder: (name, path), sorted by name. A document in
/// several files is a folder holding one of [`ROOT_FILES`], named by the folder.
fn documents(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if let Some(root) = ROOT_FILES
            .iter()
            .map(|file| path.join(file))
            .find(|root| root.is_file())
        {
            let name = path
                .file_name()
                .and_then(|s| s.to_str())
                .expect("UTF-8 folder name");
            out.push((name.to_owned(), root));
            continue;
        }
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if matches!(ext, "yaml" | "yml" | "json") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name")
                .to_owned();
            out.push((name, path));
        }
    }
    out.sort();
    out
}

/// The generator settings of a fixture: defaults, plus `<name>.toml` when present.
fn fixture_config(name: &str, path: &Path) -> Config {
    let crate_name = format!("fixture-{}", name.replace('_', "-"));
    let settings = path.with_extension("toml");
    let mut config = if settings.exists() {
        let text = std::fs::read_to_string(&settings).expect("fixture settings");
        let mut table: toml::Table = toml::from_str(&text).expect("fixture settings are TOML");
        table.insert("crate_name".to_owned(), toml::Value::String(crate_name));
        table
            .try_into()
            .expect("fixture settings are a generator Config")
    } else {
        Config::new(crate_name)
    };
    config.source = relative_to_fixtures(path);
    config.command = UPDATE_COMMAND.to_owned();
    config
}

/// `path` from the repository's root (`generator/fixtures/ok/multi_file/openapi.yaml`).
fn relative_to_fixtures(path: &Path) -> String {
    let relative = path.strip_prefix(fixtures_dir()).unwrap_or(path);
    format!("generator/fixtures/{}", relative.display()).replace('\\', "/")
}

/// Generates a fixture the way the command does: the root document and the files it
/// refers to, read from its folder.
fn generate(path: &Path, config: &Config) -> Result<Generated, Error> {
    let folder = path.parent().expect("a fixture is in a folder");
    let root = path
        .file_name()
        .and_then(|f| f.to_str())
        .expect("UTF-8 file name");
    generate_from_files(
        root,
        &mut |file: &str| std::fs::read_to_string(folder.join(file)).map_err(|e| e.to_string()),
        config,
    )
}

/// Whether a generated file is decided by the document (and so snapshotted): everything
/// but `rustfmt.toml` and the runtime pieces (their list, `runtime/mod.rs`, is kept).
fn decided_by_document(path: &str) -> bool {
    path != "rustfmt.toml" && (!path.starts_with("src/runtime/") || path == "src/runtime/mod.rs")
}

/// One text holding the warnings and the files the document decides, each under a
/// `//// path` line.
fn render_snapshot(generated: &Generated) -> String {
    let mut out = String::new();
    if generated.sources.len() > 1 {
        out.push_str("//// sources\n");
        for source in &generated.sources {
            out.push_str(source);
            out.push('\n');
        }
    }
    if !generated.warnings.is_empty() {
        out.push_str("//// warnings\n");
        out.push_str(&render_warnings(&generated.warnings));
    }
    for file in &generated.files {
        if !decided_by_document(&file.path) {
            continue;
        }
        out.push_str("//// ");
        out.push_str(&file.path);
        out.push('\n');
        let contents = if file.path == "src/lib.rs" {
            // The crate-level guide is fixed prose (its examples are compiled with the
            // crates); the title and version lines stay.
            let mut kept = Vec::new();
            for (index, line) in file.contents.lines().enumerate() {
                if !line.starts_with("//!") || index < 4 {
                    kept.push(line);
                }
            }
            kept.join("\n") + "\n"
        } else {
            file.contents.clone()
        };
        out.push_str(&contents);
        if !contents.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Runs `check` on every document of a fixture folder, with insta writing its
/// snapshots into that folder's `snapshots/`.
fn for_each_fixture(folder: &str, check: impl Fn(&str, &Path)) {
    let dir = fixtures_dir().join(folder);
    let fixtures = documents(&dir);
    assert!(fixtures.len() >= 5, "the {folder} fixtures went missing");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // Every fixture is checked (a failure does not hide the next ones), then the test
    // fails naming them all.
    let mut failed = Vec::new();
    settings.bind(|| {
        for (name, path) in &fixtures {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                settings_for(path).bind(|| check(name, path));
            }));
            if outcome.is_err() {
                failed.push(name.clone());
            }
        }
    });
    assert!(
        failed.is_empty(),
        "{folder} fixtures that differ from their snapshots: {failed:?}; review with `cargo insta review`, or accept with `{UPDATE_COMMAND}`"
    );
}

/// Each snapshot says which document it is of.
fn settings_for(path: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default();
    settings.set_input_file(path);
    settings.set_description(format!("generated from {file}"));
    settings
}

#[test]
fn ok_fixtures_match_their_snapshots() {
    for_each_fixture("ok", |name, path| {
        let snapshot = match generate(path, &fixture_config(name, path)) {
            Ok(generated) => render_snapshot(&generated),
            Err(error) => panic!("fixture `{name}` was refused:\n{error}"),
        };
        insta::assert_snapshot!(name, snapshot);
    });
}

#[test]
fn bad_fixtures_are_refused_with_their_errors() {
    for_each_fixture("bad", |name, path| {
        let actual = match generate(path, &Config::new("bad")) {
            Ok(_) => "(generated without an error)\n".to_owned(),
            Err(error) => format!("{error}\n"),
        };
        insta::assert_snapshot!(name, actual);
    });
}

/// Writes `contents` unless the file already holds it, so cargo's fingerprints (by
/// modification time) see unchanged crates as fresh.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, contents).expect("write file");
}

/// Writes every ok fixture's crate into one workspace under the target directory and
/// runs `cargo clippy --offline --workspace -- -D warnings` on it, then `cargo doc` with
/// warnings denied, each without and then with the crates' `mock` feature, and runs the
/// behaviour tests of `fixtures/behaviour.rs` (models and real JSON) and
/// `fixtures/behaviour_client.rs` (clients against their mock servers on loopback), and
/// each crate's own tests (its document's examples, decoded and encoded back). The
/// workspace has its own target directory (a nested cargo cannot share the one the test
/// runs from, which is locked), kept between runs: the first run compiles reqwest and its
/// dependencies (about a minute), later ones only the fixtures.
#[test]
fn fixture_crates_compile_without_warnings() {
    if std::env::var_os("SKIP_FIXTURE_BUILD").is_some() {
        eprintln!("SKIP_FIXTURE_BUILD is set: not compiling the fixtures");
        return;
    }
    let root = target_dir().join("fixture-crates");
    let fixtures = documents(&fixtures_dir().join("ok"));
    let mut members = Vec::new();
    // The crates with a client, which have the cargo feature `mock`.
    let mut with_mock = std::collections::BTreeSet::new();
    // The crates with a cargo feature per tag, each with its first tag's feature.
    let mut with_tags: Vec<(String, String)> = Vec::new();
    // The `other-types` features of the crates with types no operation uses.
    let mut with_other_types: Vec<String> = Vec::new();
    for (name, path) in &fixtures {
        let mut config = fixture_config(name, path);
        // Members of the one workspace, not workspaces of their own.
        config.standalone = false;
        // A refused fixture fails `ok_fixtures_match_their_snapshots`; compile the rest.
        let Ok(Generated { files, .. }) = generate(path, &config) else {
            continue;
        };
        for file in &files {
            write_if_changed(&root.join(name).join(&file.path), &file.contents);
        }
        if files.iter().any(|file| file.path == "src/mock.rs") {
            with_mock.insert(name.clone());
        }
        if let Some(tag) = files
            .iter()
            .find(|file| file.path == "Cargo.toml")
            .and_then(|file| first_tag_feature(&file.contents))
        {
            with_tags.push((name.clone(), tag));
        }
        if files
            .iter()
            .any(|file| file.path == "Cargo.toml" && file.contents.contains("\nother-types = []"))
        {
            with_other_types.push(format!("fixture-{}/other-types", name.replace('_', "-")));
        }
        members.push(format!("    \"{name}\",\n"));
    }
    // A crate whose tests decode and re-encode real JSON with some fixtures' models, and
    // call some fixtures' clients against their mock servers.
    let behaviour_deps: String = BEHAVIOUR_FIXTURES
        .iter()
        .map(|name| {
            let features = if with_mock.contains(*name) {
                ", features = [\"mock\"]"
            } else {
                ""
            };
            format!(
                "fixture-{} = {{ path = \"../{name}\"{features} }}\n",
                name.replace('_', "-")
            )
        })
        .collect();
    write_if_changed(
        &root.join("behaviour/Cargo.toml"),
        &format!(
            "[package]\nname = \"fixture-behaviour\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{behaviour_deps}\n[dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }}\nreqwest = {{ version = \"0.13\", default-features = false, features = [\"multipart\"] }}\n"
        ),
    );
    write_if_changed(
        &root.join("behaviour/src/lib.rs"),
        "//! Behaviour tests of generated fixture crates: see `tests/`.\n",
    );
    let behaviour = std::fs::read_to_string(fixtures_dir().join("behaviour.rs"))
        .expect("fixtures/behaviour.rs");
    write_if_changed(&root.join("behaviour/tests/behaviour.rs"), &behaviour);
    let client_behaviour = std::fs::read_to_string(fixtures_dir().join("behaviour_client.rs"))
        .expect("fixtures/behaviour_client.rs");
    write_if_changed(&root.join("behaviour/tests/client.rs"), &client_behaviour);
    members.push("    \"behaviour\",\n".to_owned());
    let manifest = format!(
        "# Written by generator/tests/fixtures.rs: every ok fixture's generated crate.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    // The workspace's lock file pins the same dependency versions the repository uses,
    // all of which are in the local registry cache, so `--offline` resolves.
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).unwrap_or_default();
    if !root.join("Cargo.lock").exists() {
        write_if_changed(&root.join("Cargo.lock"), &lock);
    }
    // Shared with `cargo xtask corpus`, whose crates have the same dependencies.
    let run = |args: &[&str], envs: &[(&str, &str)]| {
        common::cargo_in(&root, args, envs);
    };
    // Every crate with its default features only (the behaviour crate, which turns on
    // `mock` for the crates it uses, is left out), then every crate with all its features
    // (`mock` and `tracing` beside the default `full`).
    let mock_features: Vec<String> = with_mock
        .iter()
        .flat_map(|name| {
            let package = format!("fixture-{}", name.replace('_', "-"));
            [format!("{package}/mock"), format!("{package}/tracing")]
        })
        .collect();
    let mock_features = mock_features.join(",");
    for features in [
        &["--exclude", "fixture-behaviour"][..],
        &["--features", mock_features.as_str()][..],
    ] {
        let clippy = [
            "clippy",
            "--offline",
            "--workspace",
            "--keep-going",
            "--quiet",
        ];
        let deny = ["--", "-D", "warnings"];
        run(&[&clippy[..], features, &deny[..]].concat(), &[]);
        let doc = ["doc", "--offline", "--workspace", "--no-deps", "--quiet"];
        run(
            &[&doc[..], features].concat(),
            &[("RUSTDOCFLAGS", "-D warnings")],
        );
    }
    // The crates with a feature per tag, once with none of their features, once with
    // one tag's and the mock, and once with only the types no operation uses (the runs
    // above had every tag: `full` is on by default), tests included: each feature set
    // must build warning-free on its own.
    if !with_tags.is_empty() {
        let packages: Vec<String> = with_tags
            .iter()
            .map(|(name, _)| format!("fixture-{}", name.replace('_', "-")))
            .collect();
        let one_tag: Vec<String> = with_tags
            .iter()
            .zip(&packages)
            .flat_map(|((_, tag), package)| [format!("{package}/{tag}"), format!("{package}/mock")])
            .collect();
        let one_tag = one_tag.join(",");
        let other_types = with_other_types.join(",");
        let selected: Vec<&str> = packages
            .iter()
            .flat_map(|package| ["-p", package.as_str()])
            .collect();
        for features in [
            &["--no-default-features"][..],
            &["--no-default-features", "--features", one_tag.as_str()][..],
            &["--no-default-features", "--features", other_types.as_str()][..],
        ] {
            if features.last() == Some(&"") {
                continue;
            }
            let clippy = ["clippy", "--offline", "--all-targets", "--quiet"];
            let deny = ["--", "-D", "warnings"];
            run(&[&clippy[..], &selected, features, &deny[..]].concat(), &[]);
            let doc = ["doc", "--offline", "--no-deps", "--quiet"];
            run(
                &[&doc[..], &selected, features].concat(),
                &[("RUSTDOCFLAGS", "-D warnings")],
            );
        }
    }
    // The crates' own tests: each example of each document decodes into its type and
    // encodes back to the same JSON value (`examples_fit` has the examples published
    // documents get wrong); and the doc tests: the crate-level examples compile, and no
    // text of a document becomes a doc test (`hostile_text` has code blocks in every fence
    // that would fail to compile if they ran).
    run(
        &[
            "test",
            "--offline",
            "--workspace",
            "--exclude",
            "fixture-behaviour",
            "--quiet",
        ],
        &[],
    );
    run(
        &["test", "--offline", "-p", "fixture-behaviour", "--quiet"],
        &[],
    );
}

/// The first tag's feature of a generated `Cargo.toml` (the first of its `full`), if it
/// has features per tag.
fn first_tag_feature(manifest: &str) -> Option<String> {
    let full = manifest
        .lines()
        .find_map(|line| line.strip_prefix("full = ["))?;
    let first = full.split(',').next()?.trim().trim_end_matches(']');
    Some(first.trim_matches('"').to_owned()).filter(|tag| !tag.is_empty())
}
