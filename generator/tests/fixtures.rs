//! Data-driven fixture tests: every document under `fixtures/ok/` generates the checked-in
//! snapshot beside it, and every generated crate compiles warning-free under clippy;
//! every document under `fixtures/bad/` is refused with the exact error text beside it.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test -p openapi-codegen --test fixtures` rewrites the
//! snapshots and expected errors instead of comparing them (then review the diff).
//! `SKIP_FIXTURE_BUILD=1` skips the compile step (which needs `cargo` and the registry
//! cache; see `fixture_crates_compile_without_warnings`).

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_codegen::{Config, Generated, GeneratedFile, generate_from_text};

/// The command that rewrites the snapshots, as named in their headers.
const UPDATE_COMMAND: &str = "UPDATE_SNAPSHOTS=1 cargo test -p openapi-codegen --test fixtures";

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
];

/// Files of a generated crate that are fixed text and stay out of the snapshots.
const UNSNAPSHOTTED: &[&str] = &["rustfmt.toml", "src/runtime.rs", "src/error.rs"];

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The documents in a fixture folder: (name, path), sorted by name.
fn documents(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
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
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or(name);
    config.source = format!("generator/fixtures/ok/{file}");
    config.command = UPDATE_COMMAND.to_owned();
    config
}

/// One text holding the interesting generated files, each under a `//// path` line.
fn render_snapshot(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for file in files {
        if UNSNAPSHOTTED.contains(&file.path.as_str()) {
            continue;
        }
        out.push_str("//// ");
        out.push_str(&file.path);
        out.push('\n');
        out.push_str(&file.contents);
        if !file.contents.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Where `expected` and `actual` first differ, for a short failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (None, None) => return "(only line endings differ)".to_owned(),
            (e, a) => {
                return format!(
                    "line {line}:\n  expected: {}\n  actual:   {}",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>")
                );
            }
        }
    }
}

/// Compares `actual` with the file at `path`, or rewrites it in update mode; returns a
/// failure message.
fn check_or_update(path: &Path, actual: &str) -> Option<String> {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    if updating() {
        std::fs::write(path, actual).expect("write snapshot");
        return None;
    }
    Some(format!(
        "{} differs ({}); run `{UPDATE_COMMAND}` and review the diff",
        path.display(),
        first_difference(&expected, actual)
    ))
}

#[test]
fn ok_fixtures_match_their_snapshots() {
    let dir = fixtures_dir().join("ok");
    let fixtures = documents(&dir);
    assert!(fixtures.len() >= 20, "the corpus went missing");
    let mut failures = Vec::new();
    for (name, path) in &fixtures {
        let text = std::fs::read_to_string(path).expect("fixture document");
        let files = match generate_from_text(&text, &fixture_config(name, path)) {
            Ok(generated) => generated.files,
            Err(error) => {
                failures.push(format!("fixture `{name}` was refused:\n{error}"));
                continue;
            }
        };
        let snapshot = dir.join(format!("{name}.snap"));
        failures.extend(check_or_update(&snapshot, &render_snapshot(&files)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_fixtures_are_refused_with_their_errors() {
    let dir = fixtures_dir().join("bad");
    let fixtures = documents(&dir);
    assert!(fixtures.len() >= 10, "the catalogue went missing");
    let mut failures = Vec::new();
    for (name, path) in &fixtures {
        let text = std::fs::read_to_string(path).expect("bad document");
        let actual = match generate_from_text(&text, &Config::new("bad")) {
            Ok(_) => "(generated without an error)\n".to_owned(),
            Err(error) => format!("{error}\n"),
        };
        let expected = dir.join(format!("{name}.expected.txt"));
        failures.extend(check_or_update(&expected, &actual));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is inside the workspace")
        .to_owned()
}

fn target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Writes every ok fixture's crate into one workspace under the target directory and
/// runs `cargo clippy --offline --workspace -- -D warnings` on it, then `cargo doc` with
/// warnings denied, and runs the behaviour tests of `fixtures/behaviour.rs` (models and
/// real JSON) and `fixtures/behaviour_client.rs` (clients and a loopback axum server). The workspace has its own target directory (a nested cargo cannot
/// share the one the test runs from, which is locked), kept between runs: the first run
/// compiles reqwest and its dependencies (about a minute), later ones only the fixtures.
#[test]
fn fixture_crates_compile_without_warnings() {
    if std::env::var_os("SKIP_FIXTURE_BUILD").is_some() {
        eprintln!("SKIP_FIXTURE_BUILD is set: not compiling the fixtures");
        return;
    }
    let root = target_dir().join("fixture-crates");
    let fixtures = documents(&fixtures_dir().join("ok"));
    let mut members = Vec::new();
    for (name, path) in &fixtures {
        let mut config = fixture_config(name, path);
        // Members of the one workspace, not workspaces of their own.
        config.standalone = false;
        let text = std::fs::read_to_string(path).expect("fixture document");
        // A refused fixture fails `ok_fixtures_match_their_snapshots`; compile the rest.
        let Ok(Generated { files, .. }) = generate_from_text(&text, &config) else {
            continue;
        };
        for file in &files {
            write_if_changed(&root.join(name).join(&file.path), &file.contents);
        }
        members.push(format!("    \"{name}\",\n"));
    }
    // A crate whose tests decode and re-encode real JSON with some fixtures' models.
    let behaviour_deps: String = BEHAVIOUR_FIXTURES
        .iter()
        .map(|name| {
            format!(
                "fixture-{} = {{ path = \"../{name}\" }}\n",
                name.replace('_', "-")
            )
        })
        .collect();
    write_if_changed(
        &root.join("behaviour/Cargo.toml"),
        &format!(
            "[package]\nname = \"fixture-behaviour\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{behaviour_deps}\n[dev-dependencies]\naxum = \"0.8\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }}\nreqwest = {{ version = \"0.13\", default-features = false, features = [\"multipart\"] }}\n"
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
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |args: &[&str], envs: &[(&str, &str)]| {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .env_remove("RUSTFLAGS")
            .envs(envs.iter().copied())
            .output()
            .expect("run cargo");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "`cargo {}` failed on the fixture crates in {}:\n{stdout}\n{stderr}",
            args.join(" "),
            root.display()
        );
    };
    run(
        &[
            "clippy",
            "--offline",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    run(
        &["doc", "--offline", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    run(
        &["test", "--offline", "-p", "fixture-behaviour", "--quiet"],
        &[],
    );
}
