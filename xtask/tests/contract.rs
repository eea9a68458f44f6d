//! `cargo xtask contract` end to end on small documents (`tests/contract/`, and the
//! generator's fixture in files): the generated client is called against Prism, and the
//! command tells the clean calls from the one whose documented answer does not decode and
//! the one it cannot drive.
//! Needs Node.js and npm (Prism is installed by the command into `target/contract/`);
//! without Node the tests say so and pass, and CI installs Node so they always run.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

/// One run at a time: the first installs Prism with npm, which two at once would race.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `cargo xtask contract --spec SPEC` (a path relative to the workspace): its exit code,
/// its stdout, and both outputs to show on failure; `None` (and a note) without Node.
fn contract(spec: &str) -> Option<(Option<i32>, String, String)> {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED: Node.js is not installed, so Prism cannot run (see the README, \
             \"Contract check\"); CI installs it"
        );
        return None;
    }
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(spec);
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["contract", "--spec"])
        .arg(&spec)
        .output()
        .expect("run the xtask");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    Some((output.status.code(), stdout, shown))
}

/// The index of the line of `stdout` that starts with `start`.
fn find_line(stdout: &str, shown: &str, start: &str) -> usize {
    stdout
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?}\n{shown}"))
}

#[test]
fn the_contract_check_judges_every_operation_of_a_small_document() {
    let Some((code, stdout, shown)) = contract("xtask/tests/contract/contract-fixture.yaml") else {
        return;
    };
    // One failure: the command exits 1.
    assert_eq!(code, Some(1), "{shown}");
    let lines: Vec<&str> = stdout.lines().collect();
    let line = |start: &str| find_line(&stdout, &shown, start);
    // Parameters with a pattern, an enum, bounds with a step and a uuid header, and a
    // body with lengths, an exclusive bound and unique items all pass Prism's checks.
    line("ok       GET /things/{id} (get_thing)");
    line("ok       POST /things (create_thing)");
    // The document's example answer has a string where its schema says integer: the
    // decode error names the field, and Prism's own words put the fault on the document.
    let broken = line("FAILED   GET /broken (get_broken)");
    let cause = lines[broken + 1];
    says_the_document_breaks_count(cause, &shown);
    // A typed multipart body is driven: its file part is a small file Prism accepts.
    line("ok       POST /upload (upload)");
    line(
        "4 operations: 4 driven, 3 clean, 1 failed (0 ours, 1 the document's, 0 Prism's), 0 skipped",
    );
}

/// The line under a failed operation whose example answer has a string where its schema
/// says integer: the decode error names the field, and Prism's words blame the document.
fn says_the_document_breaks_count(cause: &str, shown: &str) {
    assert!(
        cause.contains("[document] decode 200: at `/count`"),
        "{shown}"
    );
    assert!(
        cause.contains("Prism: Response body property count must be integer"),
        "{shown}"
    );
}

#[test]
fn the_contract_check_reads_a_document_in_several_files_and_prism_reads_them_too() {
    let Some((code, stdout, shown)) =
        contract("xtask/tests/contract/multi-file/contract-multi-file.yaml")
    else {
        return;
    };
    assert_eq!(code, Some(1), "{shown}");
    // A path item, its parameter (with a pattern), a body schema and its enum, each in a
    // file of its own, and a reference from a file back into the root document.
    find_line(&stdout, &shown, "ok       GET /labels/{id} (get_label)");
    find_line(&stdout, &shown, "ok       PUT /labels/{id} (put_label)");
    // An example in one file breaks the schema in another: Prism read both, as written.
    let broken = find_line(&stdout, &shown, "FAILED   GET /counts (get_count)");
    let cause = stdout.lines().nth(broken + 1).unwrap_or("");
    says_the_document_breaks_count(cause, &shown);
    find_line(
        &stdout,
        &shown,
        "3 operations: 3 driven, 2 clean, 1 failed (0 ours, 1 the document's, 0 Prism's), 0 skipped",
    );
}

/// The generator's own fixture in files (`generator/fixtures/ok/multi_file`): every
/// operation is driven and none fails on the client. Prism answers the four operations
/// whose answers hold the `Pet` <-> `Owner` cycle with a `Pet` cut short as `{}`, and
/// does not check any body holding a `Pet`: `Cat.yaml` keeps the `required: true` on a
/// property that the fixture is there to show the generator repairing, and Prism checks
/// no body under a schema it cannot compile (docs/contract.md).
#[test]
fn the_generators_fixture_in_files_is_driven_whole_and_clean_on_the_client() {
    let Some((code, stdout, shown)) = contract("generator/fixtures/ok/multi_file/openapi.yaml")
    else {
        return;
    };
    assert_eq!(code, Some(1), "{shown}");
    find_line(
        &stdout,
        &shown,
        "ok       DELETE /pets/{petId} (delete_pet)",
    );
    for failed in [
        "FAILED   GET /pets (list_pets)",
        "FAILED   POST /pets (create_pet)",
        "FAILED   GET /pets/{petId} (get_pet)",
        "FAILED   GET /owners/{ownerId} (get_owner)",
    ] {
        let at = find_line(&stdout, &shown, failed);
        let cause = stdout.lines().nth(at + 1).unwrap_or("");
        assert!(
            cause.contains("[Prism] decode")
                && cause.contains("Prism cut a recursive schema short"),
            "{shown}"
        );
    }
    find_line(
        &stdout,
        &shown,
        "5 operations: 5 driven, 1 clean, 4 failed (0 ours, 0 the document's, 4 Prism's), 0 skipped",
    );
}
