//! The drift check: the checked-in `generated/` crate must be exactly what the generator
//! writes now, and the check must really notice a changed, missing or stray file. The
//! detection tests work on a copy in a temporary directory; the real tree is only read.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use xtask::{CODEGEN_COMMAND, Drift, Plan};

#[test]
fn checked_in_crate_matches_the_generator() {
    if let Err(error) = xtask::ensure_no_drift(&xtask::workspace_root()) {
        panic!("{error:#}");
    }
}

/// A directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sequence-api-drift-{}-{label}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        // A leftover from a killed run of the same pid would make the check see orphans.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn write_files(plan: &Plan, dir: &Path) {
    for file in &plan.files {
        let target = dir.join(&file.path);
        fs::create_dir_all(target.parent().expect("file has a parent")).expect("mkdir");
        fs::write(&target, &file.contents).expect("write generated file");
    }
}

/// The generator's current output, written to a fresh temp dir, and a plan pointing there.
fn plan_in_temp_dir(label: &str) -> (TempDir, Plan) {
    let real = xtask::plan_codegen(&xtask::workspace_root()).expect("plan codegen");
    assert!(
        real.files.iter().any(|f| f.path == "src/models.rs"),
        "the plan should contain src/models.rs: {:?}",
        real.files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    let temp = TempDir::new(label);
    let plan = Plan {
        output_dir: temp.0.clone(),
        files: real.files,
        warnings: Vec::new(),
    };
    write_files(&plan, &temp.0);
    (temp, plan)
}

#[test]
fn a_fresh_copy_has_no_drift() {
    let (_temp, plan) = plan_in_temp_dir("fresh");
    assert_eq!(xtask::check(&plan).expect("check"), Vec::new());
}

#[test]
fn one_changed_byte_is_reported_with_a_diff() {
    let (temp, plan) = plan_in_temp_dir("changed");
    let target = temp.0.join("src/models.rs");
    let mut bytes = fs::read(&target).expect("read");
    let position = bytes
        .iter()
        .position(|&b| b == b'{')
        .expect("models.rs has a brace");
    bytes[position] = b'[';
    fs::write(&target, &bytes).expect("write");

    let drift = xtask::check(&plan).expect("check");
    assert_eq!(drift.len(), 1, "{drift:#?}");
    let Drift::Changed { path, diff } = &drift[0] else {
        panic!("expected Drift::Changed, got {drift:#?}");
    };
    assert_eq!(path, "src/models.rs");
    assert!(
        diff.lines().any(|l| l.starts_with('-') && l.contains('['))
            && diff.lines().any(|l| l.starts_with('+') && l.contains('{')),
        "the diff should show the changed line both ways:\n{diff}"
    );
    assert!(xtask::drift_report(&drift).contains("src/models.rs"));
}

#[test]
fn a_deleted_file_is_reported_missing() {
    let (temp, plan) = plan_in_temp_dir("missing");
    fs::remove_file(temp.0.join("src/client.rs")).expect("remove");
    let drift = xtask::check(&plan).expect("check");
    assert_eq!(
        drift,
        vec![Drift::Missing {
            path: "src/client.rs".to_owned()
        }]
    );
}

#[test]
fn a_stray_file_is_reported_as_an_orphan() {
    let (temp, plan) = plan_in_temp_dir("orphan");
    fs::write(temp.0.join("src/stray.rs"), "// not generated\n").expect("write");
    fs::create_dir_all(temp.0.join("examples")).expect("mkdir");
    fs::write(temp.0.join("examples/extra.rs"), "fn main() {}\n").expect("write");
    let drift = xtask::check(&plan).expect("check");
    assert_eq!(
        drift,
        vec![
            Drift::Orphan {
                path: "examples/extra.rs".to_owned()
            },
            Drift::Orphan {
                path: "src/stray.rs".to_owned()
            },
        ]
    );
}

#[test]
fn report_names_every_file_and_the_fix_and_write_restores_the_tree() {
    let (temp, plan) = plan_in_temp_dir("all");
    let lib = temp.0.join("src/lib.rs");
    let mut text = fs::read_to_string(&lib).expect("read");
    text.push(' ');
    fs::write(&lib, text).expect("write");
    fs::remove_file(temp.0.join("Cargo.toml")).expect("remove");
    fs::write(temp.0.join("src/stray.rs"), "// stray\n").expect("write");

    let drift = xtask::check(&plan).expect("check");
    assert_eq!(drift.len(), 3, "{drift:#?}");
    let report = xtask::drift_report(&drift);
    assert_eq!(CODEGEN_COMMAND, "cargo xtask codegen");
    for needle in [
        "cargo xtask codegen",
        "src/lib.rs",
        "Cargo.toml",
        "src/stray.rs",
    ] {
        assert!(
            report.contains(needle),
            "report lacks {needle:?}:\n{report}"
        );
    }

    let written = xtask::write(&plan).expect("write plan");
    assert_eq!(written, drift, "write reports what it changed");
    assert_eq!(xtask::check(&plan).expect("check"), Vec::new());
    assert!(!temp.0.join("src/stray.rs").exists(), "orphan removed");
    for file in &plan.files {
        let on_disk = fs::read_to_string(temp.0.join(&file.path)).expect("read back");
        assert!(on_disk == file.contents, "{} restored exactly", file.path);
    }
}

/// `ensure_no_drift` itself (what the first test runs) fails on a drifted workspace, and
/// its error names the command. The workspace here is a temp copy of `spec/` plus the
/// generated tree.
#[test]
fn ensure_no_drift_fails_on_a_drifted_workspace() {
    let root = xtask::workspace_root();
    let temp = TempDir::new("workspace");
    fs::create_dir_all(temp.0.join("spec")).expect("mkdir");
    for entry in fs::read_dir(root.join("spec")).expect("list spec/") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            fs::copy(entry.path(), temp.0.join("spec").join(entry.file_name())).expect("copy");
        }
    }
    let plan = xtask::plan_codegen(&temp.0).expect("plan in temp workspace");
    assert!(plan.output_dir.starts_with(&temp.0));
    write_files(&plan, &plan.output_dir);
    xtask::ensure_no_drift(&temp.0).expect("a fresh copy has no drift");

    fs::write(plan.output_dir.join("src/stray.rs"), "// stray\n").expect("write");
    let error = xtask::ensure_no_drift(&temp.0).expect_err("a stray file is drift");
    let message = format!("{error:#}");
    assert!(
        message.contains("cargo xtask codegen") && message.contains("src/stray.rs"),
        "{message}"
    );
}
