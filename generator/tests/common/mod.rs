//! What the tests that build generated crates with cargo share: where the workspace and
//! its target folder are, and how cargo is run on a crate outside the workspace.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is inside the workspace")
        .to_owned()
}

pub fn target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Runs `cargo ARGS` in `dir` with the target folder every generated crate shares
/// (`target/generated-crates`, also `cargo xtask corpus`'s: the same dependencies are
/// built once), without the caller's `RUSTFLAGS`, and with `envs`; panics with what cargo
/// printed when it fails. Answers its stderr.
pub fn cargo_in(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(&cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir().join("generated-crates"))
        .env_remove("RUSTFLAGS")
        .envs(envs.iter().copied())
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}\n{stderr}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}
