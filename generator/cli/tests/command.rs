//! The `openapi-codegen` binary as a user runs it, in a fresh folder outside this
//! workspace: `--help` on everything; a crate generated from a document, then linted there
//! offline (`cargo clippy -D warnings`, sharing `target/generated-crates` with the fixture
//! crates so no dependency is built twice); `--check` clean right after and exit 1 once a
//! file is edited; `--config`; and the refusals, each with its message.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A fresh folder under the system temp dir (outside the workspace), removed on drop.
fn temp_dir(label: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("openapi-codegen-cli-{label}-"))
        .tempdir()
        .expect("create a temp dir")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

/// A user's project: a folder holding the Users document as `openapi.yaml`.
fn project(label: &str) -> TempDir {
    let temp = temp_dir(label);
    fs::copy(
        workspace_root().join("spec/sequence-users.yaml"),
        temp.path().join("openapi.yaml"),
    )
    .expect("copy the Users document");
    temp
}

/// Runs `openapi-codegen ARGS` in `dir`.
fn openapi_codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openapi-codegen")
}

/// Stdout and stderr, for assertion messages.
fn shown(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const GENERATE: &[&str] = &[
    "generate",
    "--spec",
    "openapi.yaml",
    "--out",
    "sdk",
    "--crate-name",
    "users-sdk",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    [GENERATE, extra].concat()
}

#[test]
fn help_describes_every_command_and_flag() {
    let temp = temp_dir("help");
    let top = openapi_codegen(temp.path(), &["--help"]);
    assert!(top.status.success(), "{}", shown(&top));
    let text = stdout(&top);
    for needle in ["Usage: openapi-codegen", "generate", "--check", "--version"] {
        assert!(text.contains(needle), "--help lacks {needle:?}:\n{text}");
    }
    let generate = openapi_codegen(temp.path(), &["generate", "--help"]);
    assert!(generate.status.success(), "{}", shown(&generate));
    let text = stdout(&generate);
    for needle in [
        "--spec <FILE>",
        "--out <DIR>",
        "--crate-name <NAME>",
        "--config <FILE>",
        "--check",
        "--force",
        "--deny-warnings",
        "--only <SELECTORS>",
        "--exclude <SELECTORS>",
        "--allow-outside-refs",
        "--max-spec-bytes <BYTES>",
        "codegen.toml",
        "Exit status",
    ] {
        assert!(
            text.contains(needle),
            "generate --help lacks {needle:?}:\n{text}"
        );
    }
    // No arguments: the help, and a usage error.
    let bare = openapi_codegen(temp.path(), &[]);
    assert_eq!(bare.status.code(), Some(2), "{}", shown(&bare));
    assert!(stderr(&bare).contains("Usage: openapi-codegen"));
}

/// The target folder the fixture crates and the corpus build in, shared so that the
/// dependencies of generated crates are built once.
fn shared_target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
    .join("generated-crates")
}

/// `cargo clippy --offline --all-features -- -D warnings` on the crate in `dir`, with the
/// workspace's lock file (every dependency is in the registry cache).
fn clippy_offline(dir: &Path) {
    fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--offline",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "cargo clippy on the generated crate in {}:\n{}",
        dir.display(),
        shown(&output)
    );
}

#[test]
fn a_generated_crate_lints_clean_outside_the_workspace_and_check_sees_every_edit() {
    let project = project("generate");
    let dir = project.path();
    let written = openapi_codegen(dir, GENERATE);
    assert!(written.status.success(), "{}", shown(&written));
    assert!(stdout(&written).contains("created "), "{}", shown(&written));
    let sdk = dir.join("sdk");
    let manifest = fs::read_to_string(sdk.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.starts_with(
            "# Generated by `openapi-codegen generate` from `openapi.yaml`. Do not edit by hand."
        ),
        "{manifest}"
    );
    assert!(manifest.contains("name = \"users-sdk\"") && manifest.contains("[workspace]"));

    let clean = openapi_codegen(dir, &with(&["--check"]));
    assert!(clean.status.success(), "{}", shown(&clean));
    assert!(
        stdout(&clean).contains("is up to date"),
        "{}",
        shown(&clean)
    );

    // Linted where a user would build it; the lock file it leaves is not the generator's.
    clippy_offline(&sdk);
    let still_clean = openapi_codegen(dir, &with(&["--check"]));
    assert!(still_clean.status.success(), "{}", shown(&still_clean));
    assert!(
        stdout(&still_clean).contains("left alone: ")
            && stdout(&still_clean).contains("Cargo.lock"),
        "{}",
        shown(&still_clean)
    );

    // An edited file and a deleted one are drift: exit 1, a diff, and the fix.
    let lib = sdk.join("src/lib.rs");
    let edited = format!(
        "{}\npub fn mine() {{}}\n",
        fs::read_to_string(&lib).expect("lib.rs")
    );
    fs::write(&lib, &edited).expect("edit lib.rs");
    fs::remove_file(sdk.join("src/error.rs")).expect("remove error.rs");
    let drift = openapi_codegen(dir, &with(&["--check"]));
    assert_eq!(drift.status.code(), Some(1), "{}", shown(&drift));
    let report = stderr(&drift);
    for needle in [
        "out of date",
        "changed: src/lib.rs",
        "-pub fn mine() {}",
        "missing: src/error.rs",
        "without `--check`",
    ] {
        assert!(
            report.contains(needle),
            "the report lacks {needle:?}:\n{report}"
        );
    }
    assert_eq!(
        fs::read_to_string(&lib).expect("lib.rs"),
        edited,
        "--check wrote nothing"
    );

    // Writing again needs --force, because of the lock file; nothing is written without.
    let refused = openapi_codegen(dir, GENERATE);
    assert_eq!(refused.status.code(), Some(1), "{}", shown(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("Cargo.lock") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(&lib).expect("lib.rs"),
        edited,
        "nothing written"
    );
    let forced = openapi_codegen(dir, &with(&["--force"]));
    assert!(forced.status.success(), "{}", shown(&forced));
    assert!(
        stdout(&forced).contains("updated") && stdout(&forced).contains("src/lib.rs"),
        "{}",
        shown(&forced)
    );
    let restored = openapi_codegen(dir, &with(&["--check"]));
    assert!(restored.status.success(), "{}", shown(&restored));
    assert!(sdk.join("Cargo.lock").is_file(), "the lock file is kept");
}

#[test]
fn settings_come_from_a_codegen_toml_and_flags_take_precedence() {
    let project = project("config");
    let dir = project.path();
    fs::create_dir_all(dir.join("api")).expect("mkdir");
    fs::rename(dir.join("openapi.yaml"), dir.join("api/users.yaml")).expect("move");
    fs::write(
        dir.join("api/codegen.toml"),
        "spec = \"users.yaml\"\noutput = \"../clients/users\"\n\n[generator]\n\
         crate_name = \"users-client\"\ncrate_version = \"2.1.0\"\nonly = [\"getUser\"]\n\n\
         [generator.renames]\nUser = \"Member\"\n",
    )
    .expect("codegen.toml");
    let written = openapi_codegen(dir, &["generate", "--config", "api/codegen.toml"]);
    assert!(written.status.success(), "{}", shown(&written));
    let crate_dir = dir.join("clients/users");
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.starts_with("# Generated by `openapi-codegen generate` from `users.yaml`."),
        "{manifest}"
    );
    for needle in [
        "name = \"users-client\"",
        "version = \"2.1.0\"",
        "[workspace]",
    ] {
        assert!(manifest.contains(needle), "{needle:?}:\n{manifest}");
    }
    let client = fs::read_to_string(crate_dir.join("src/client.rs")).expect("client.rs");
    assert!(client.contains("fn get_user") && !client.contains("fn delete_user"));
    assert!(
        fs::read_to_string(crate_dir.join("src/models.rs"))
            .expect("models.rs")
            .contains("pub struct Member")
    );

    let config = ["generate", "--config", "api/codegen.toml"];
    let clean = openapi_codegen(dir, &[&config[..], &["--check"]].concat());
    assert!(clean.status.success(), "{}", shown(&clean));
    // A flag wins over the file: another crate name is drift in Cargo.toml.
    let renamed = [&config[..], &["--crate-name", "other", "--check"]].concat();
    refused(dir, &renamed, 1, &["changed: Cargo.toml"]);
}

/// `generate --spec SPEC --out OUT --crate-name x EXTRA...`.
fn generate_args<'a>(spec: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let args = [
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        "--crate-name",
        "x",
    ];
    [&args[..], extra].concat()
}

/// Runs `openapi-codegen ARGS` in `dir` and checks that it exits with `code` and says
/// every one of `needles` on stderr.
fn refused(dir: &Path, args: &[&str], code: i32, needles: &[&str]) {
    let output = openapi_codegen(dir, args);
    assert_eq!(output.status.code(), Some(code), "{}", shown(&output));
    let text = stderr(&output);
    for needle in needles {
        assert!(
            text.contains(needle),
            "{args:?}: stderr lacks {needle:?}:\n{text}"
        );
    }
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let project = project("refusals");
    let dir = project.path();
    let usage = ["generate", "--spec", "openapi.yaml", "--out", "sdk"];
    refused(dir, &usage, 2, &["--crate-name"]);
    let missing = generate_args("nothing.yaml", "sdk", &[]);
    refused(dir, &missing, 1, &["reading nothing.yaml"]);
    let too_large = generate_args("openapi.yaml", "sdk", &["--max-spec-bytes", "100"]);
    refused(
        dir,
        &too_large,
        1,
        &["openapi.yaml is larger than 100 bytes"],
    );
    let here = generate_args("openapi.yaml", ".", &[]);
    refused(dir, &here, 1, &["would hold the current folder"]);
    assert!(!dir.join("sdk").exists(), "nothing written");

    #[cfg(unix)]
    {
        fs::create_dir_all(dir.join("real")).expect("mkdir");
        std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).expect("symlink");
        let link = generate_args("openapi.yaml", "link", &["--force"]);
        refused(dir, &link, 1, &["is a symlink"]);
        assert_eq!(fs::read_dir(dir.join("real")).expect("list").count(), 0);
    }

    fs::create_dir_all(dir.join("mine")).expect("mkdir");
    fs::write(dir.join("mine/notes.txt"), "mine\n").expect("write");
    let foreign = generate_args("openapi.yaml", "mine", &[]);
    refused(dir, &foreign, 1, &["notes.txt", "--force"]);
    assert_eq!(fs::read_dir(dir.join("mine")).expect("list").count(), 1);

    let warning = "openapi: 3.0.3\ninfo: {title: Warn, version: '1'}\npaths:\n  /things:\n    \
                   get:\n      operationId: listThings\n      responses: 7\n";
    fs::write(dir.join("warn.yaml"), warning).expect("warn.yaml");
    let denied = generate_args("warn.yaml", "warn", &["--deny-warnings"]);
    let needles = ["warning: #/paths/~1things/get", "denied by --deny-warnings"];
    refused(dir, &denied, 1, &needles);
    assert!(!dir.join("warn").exists(), "nothing written");

    // --check of a crate never written: every file is missing, and nothing is created.
    let never = generate_args("openapi.yaml", "new/sdk", &["--check"]);
    refused(
        dir,
        &never,
        1,
        &["missing: Cargo.toml", "missing: src/lib.rs"],
    );
    assert!(!dir.join("new").exists(), "--check created nothing");
}

/// Copies the folder `from` (a fixture of the generator) into `to`, recursively.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the folder");
    for entry in fs::read_dir(from).expect("read the fixture folder") {
        let entry = entry.expect("a folder entry");
        let path = entry.path();
        if path.is_dir() {
            copy_folder(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).expect("copy a fixture file");
        }
    }
}

/// A user's project holding, under `api/`, the generator's `multi_file` fixture (a
/// document in several files).
fn multi_file_project(label: &str) -> TempDir {
    let temp = temp_dir(label);
    copy_folder(
        &workspace_root().join("generator/fixtures/ok/multi_file"),
        &temp.path().join("api"),
    );
    temp
}

/// A document in several files (the generator's `multi_file` fixture: path items, schemas,
/// responses and parameters in files of their own) generates a crate that lints clean in a
/// fresh folder, and `--check` regenerates from every file: an edit of a referenced file
/// is drift.
#[test]
fn a_document_in_several_files_generates_and_check_watches_every_file() {
    let temp = multi_file_project("multi-file");
    let dir = temp.path();
    let args = [
        "generate",
        "--spec",
        "api/openapi.yaml",
        "--out",
        "sdk",
        "--crate-name",
        "pets-sdk",
    ];
    let written = openapi_codegen(dir, &args);
    assert!(written.status.success(), "{}", shown(&written));
    // The warning about a part of another file names that file.
    assert!(
        stderr(&written).contains("warning: components/schemas/Cat.yaml#/properties/indoor"),
        "{}",
        shown(&written)
    );
    let models = fs::read_to_string(dir.join("sdk/src/models.rs")).expect("models.rs");
    assert!(models.contains("pub struct CommonError") && models.contains("pub struct BItem"));
    clippy_offline(&dir.join("sdk"));

    let check = [args.as_slice(), &["--check"]].concat();
    let clean = openapi_codegen(dir, &check);
    assert!(clean.status.success(), "{}", shown(&clean));

    let error = dir.join("api/components/schemas/Error.yaml");
    let text = fs::read_to_string(&error).expect("Error.yaml");
    fs::write(&error, format!("{text}  detail: {{type: string}}\n")).expect("edit Error.yaml");
    let drift = openapi_codegen(dir, &check);
    assert_eq!(drift.status.code(), Some(1), "{}", shown(&drift));
    assert!(
        stderr(&drift).contains("changed: src/models.rs") && stderr(&drift).contains("detail"),
        "{}",
        shown(&drift)
    );

    // A reference out of the document's folder is refused, naming the place and the way
    // to allow it; nothing is read or written.
    fs::write(
        dir.join("api/components/schemas/Error.yaml"),
        "$ref: '../../../secret.yaml'\n",
    )
    .expect("write the outside reference");
    fs::write(dir.join("secret.yaml"), "type: string\n").expect("write the outside file");
    let refused = openapi_codegen(dir, &args);
    assert_eq!(refused.status.code(), Some(1), "{}", shown(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("components/schemas/Error.yaml")
            && message.contains("leaves the document's folder")
            && message.contains("--allow-outside-refs"),
        "{message}"
    );
    let allowed = openapi_codegen(
        dir,
        &[args.as_slice(), &["--allow-outside-refs", "--force"]].concat(),
    );
    assert!(allowed.status.success(), "{}", shown(&allowed));
}

/// `openapi-codegen dependencies` prints the tables a crate that includes the generated
/// module needs, the same the build-script example's `Cargo.toml` is checked to hold.
#[test]
fn dependencies_prints_what_a_module_needs() {
    let temp = multi_file_project("dependencies");
    let dir = temp.path();
    let printed = openapi_codegen(dir, &["dependencies", "--spec", "api/openapi.yaml"]);
    assert!(printed.status.success(), "{}", shown(&printed));
    let tables = stdout(&printed);
    for needle in [
        "[dependencies]\n",
        "serde_json = ",
        "reqwest = ",
        "[features]\n",
        "mock = [",
    ] {
        assert!(tables.contains(needle), "{needle:?} missing:\n{tables}");
    }
    let missing = openapi_codegen(dir, &["dependencies", "--spec", "api/nothing.yaml"]);
    assert_eq!(missing.status.code(), Some(1), "{}", shown(&missing));
    assert!(
        stderr(&missing).contains("nothing.yaml"),
        "{}",
        shown(&missing)
    );
}

/// Runs at the same time on one output folder take turns: a run waits, saying so, while
/// another holds the folder's lock, and four rounds of eight runs at once, from two
/// documents, all succeed and leave one whole tree and no temporary folder (before the lock, a run took
/// another live run's staging folder for a leftover and removed it under it).
#[cfg(unix)]
#[test]
fn runs_at_the_same_time_on_one_folder_take_turns() {
    let project = project("concurrent");
    let dir = project.path();
    fs::copy(
        workspace_root().join("generator/fixtures/ok/multipart.yaml"),
        dir.join("multipart.yaml"),
    )
    .expect("copy the multipart document");

    // Held here, the lock keeps a run waiting until it is released.
    let held = fs::File::open(dir).expect("open the project folder");
    held.lock().expect("lock the project folder");
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
        .args(generate_args("openapi.yaml", "sdk", &[]))
        .current_dir(dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start a run");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        waiting.try_wait().expect("poll the run").is_none(),
        "the run finished while another held the lock"
    );
    assert!(
        fs::symlink_metadata(dir.join("sdk")).is_err(),
        "the waiting run wrote"
    );
    drop(held);
    let output = waiting.wait_with_output().expect("wait for the run");
    assert!(output.status.success(), "{}", shown(&output));
    assert!(
        stderr(&output).contains("waiting for another run of the generator"),
        "{}",
        shown(&output)
    );

    // Four rounds: without the lock, about one round in five lost a run.
    for _round in 0..4 {
        eight_runs_at_once(dir);
    }
}

/// Eight runs into `dir/sdk` at once, half from each document: all succeed, the tree is
/// one document's crate whole, and no temporary folder is left.
#[cfg(unix)]
fn eight_runs_at_once(dir: &Path) {
    let runs: Vec<_> = (0..8)
        .map(|run| {
            let spec = if run % 2 == 0 {
                "openapi.yaml"
            } else {
                "multipart.yaml"
            };
            Command::new(env!("CARGO_BIN_EXE_openapi-codegen"))
                .args(generate_args(spec, "sdk", &[]))
                .current_dir(dir)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start a run")
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().expect("wait for a run");
        assert!(output.status.success(), "{}", shown(&output));
    }
    let whole = ["openapi.yaml", "multipart.yaml"].iter().any(|spec| {
        openapi_codegen(dir, &generate_args(spec, "sdk", &["--check"]))
            .status
            .success()
    });
    assert!(whole, "the tree is neither document's crate");
    let left: Vec<_> = fs::read_dir(dir)
        .expect("list the project")
        .map(|entry| entry.expect("an entry").file_name())
        .filter(|name| name.to_string_lossy().contains(".codegen-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Every file of a folder, by its path under it.
fn tree_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("read the folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under the folder");
                files.push((
                    relative.display().to_string(),
                    fs::read(&path).expect("read"),
                ));
            }
        }
    }
    files.sort();
    files
}

/// A crate whose files go to the spool folder as they are finished (here every file,
/// with a limit of 0 bytes held) is the crate written from memory, byte for byte, and
/// `--check` sees it up to date either way.
#[test]
fn a_crate_written_through_the_spool_is_the_crate_written_from_memory() {
    let temp = project("spool");
    let spec = temp.path().join("openapi.yaml");
    let config = openapi_codegen_cli::standalone_config("users", &spec, "openapi-codegen generate");
    let mut trees = Vec::new();
    for spool_above in [None, Some(0)] {
        let out = temp.path().join(format!("out-{spool_above:?}"));
        let options = openapi_codegen_cli::GenerateOptions {
            spool_above,
            ..Default::default()
        };
        let report =
            openapi_codegen_cli::generate_crate(&spec, &out, &config, &options).expect("generates");
        assert!(report.generated.files.len() > 10);
        let check = openapi_codegen_cli::GenerateOptions {
            check: true,
            spool_above,
            ..Default::default()
        };
        let checked =
            openapi_codegen_cli::generate_crate(&spec, &out, &config, &check).expect("checks");
        assert_eq!(checked.tree.changes, Vec::new(), "up to date");
        trees.push(tree_of(&out));
    }
    assert!(trees[0].len() > 10);
    assert_eq!(trees[0], trees[1]);
}
