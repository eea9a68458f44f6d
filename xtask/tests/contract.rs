//! `cargo xtask contract` end to end on a small document (`tests/contract/`): the
//! generated client is called against Prism, and the command tells the clean calls from
//! the one whose documented answer does not decode and the one it cannot drive.
//! Needs Node.js and npm (Prism is installed by the command into `target/contract/`);
//! without Node the test says so and passes, and CI installs Node so it always runs.

use std::path::Path;
use std::process::Command;

#[test]
fn the_contract_check_judges_every_operation_of_a_small_document() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED: Node.js is not installed, so Prism cannot run (see the README, \
             \"Contract check\"); CI installs it"
        );
        return;
    }
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract/contract-fixture.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["contract", "--spec"])
        .arg(&spec)
        .output()
        .expect("run the xtask");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    // One failure: the command exits 1.
    assert_eq!(output.status.code(), Some(1), "{shown}");
    let lines: Vec<&str> = stdout.lines().collect();
    let line = |start: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?}\n{shown}"))
    };
    // Parameters with a pattern, an enum, bounds with a step and a uuid header, and a
    // body with lengths, an exclusive bound and unique items all pass Prism's checks.
    line("ok       GET /things/{id} (get_thing)");
    line("ok       POST /things (create_thing)");
    // The document's example answer has a string where its schema says integer: the
    // decode error names the field, and Prism's own words put the fault on the document.
    let broken = line("FAILED   GET /broken (get_broken)");
    let cause = lines[broken + 1];
    assert!(
        cause.contains("[document] decode 200: at `/count`"),
        "{shown}"
    );
    assert!(
        cause.contains("Prism: Response body property count must be integer"),
        "{shown}"
    );
    // A typed multipart body is driven: its file part is a small file Prism accepts.
    line("ok       POST /upload (upload)");
    line(
        "4 operations: 4 driven, 3 clean, 1 failed (0 ours, 1 the document's, 0 Prism's), 0 skipped",
    );
}
