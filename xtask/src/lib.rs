//! The project's tasks as a library, so that tests run the same drift check in-process:
//! `cargo xtask codegen` reads `spec/codegen.toml` and the document it names, runs the
//! generator and compares with or writes to the checked-in crate; `cargo xtask generate`
//! writes a standalone crate. Reading documents, checking and writing output folders is
//! the `openapi-codegen` command's library ([`openapi_codegen_cli`]): one implementation
//! for the command, the tasks and their tests.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
pub use openapi_codegen_cli::{
    DEFAULT_MAX_SPEC_BYTES, Drift, GenerateReport, Plan, ProtectedFolder, StopAt, TreeReport,
    WarningsDenied, apply_warning_policy, check, inspect, left_alone_lines, output_folder,
    read_spec, render_warnings_with_summary, tree, write,
};

/// The command that rewrites the checked-in crate.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// The command that writes a standalone crate.
pub const GENERATE_COMMAND: &str = "cargo xtask generate";

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The workspace root as a folder `generate --out` may neither be nor hold.
pub fn protected_workspace() -> ProtectedFolder {
    ProtectedFolder {
        path: workspace_root(),
        what: "this workspace".to_owned(),
    }
}

/// Reads `spec/codegen.toml` and the document it names (and every file the document's
/// references name), checks the output folder (see
/// [`output_folder::resolve_codegen_output`]) and runs the generator. Writes nothing.
pub fn plan_codegen(root: &Path) -> Result<Plan> {
    let settings = openapi_codegen_cli::read_settings(&root.join("spec/codegen.toml"))?;
    let output_dir = output_folder::resolve_codegen_output(root, &settings.output)?;
    let mut config = settings.generator;
    config.source = settings.spec.clone();
    config.command = CODEGEN_COMMAND.to_owned();
    let generated = openapi_codegen_cli::generate_from_document(
        &root.join(&settings.spec),
        &config,
        DEFAULT_MAX_SPEC_BYTES,
    )
    .with_context(|| format!("generating from {}", settings.spec))?;
    openapi_codegen_cli::ensure_every_file_carries_the_header(&generated.files)?;
    Ok(Plan {
        output_dir,
        files: generated.files,
        warnings: generated.warnings,
    })
}

/// What `cargo xtask codegen` is asked to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodegenOptions {
    /// Compare only, write nothing (`--check`).
    pub check: bool,
    /// Any generator warning is an error, and nothing is written (`--deny-warnings`).
    pub deny_warnings: bool,
    /// Where to stop as a crash would, for tests.
    #[doc(hidden)]
    pub stop: Option<StopAt>,
}

/// What `cargo xtask codegen` planned and did (or, with `check`, found).
#[derive(Debug)]
pub struct CodegenReport {
    /// The files and warnings of the generator, and the output folder.
    pub plan: Plan,
    /// With `check`, the drift found; otherwise what was changed.
    pub tree: TreeReport,
}

/// `cargo xtask codegen` for the workspace at `root`: plans, applies the warning policy,
/// then checks or writes. Fails with [`WarningsDenied`] when warnings are denied.
pub fn codegen(root: &Path, options: &CodegenOptions) -> Result<CodegenReport> {
    let plan = plan_codegen(root)?;
    apply_warning_policy(&plan.warnings, options.deny_warnings)?;
    let tree = if options.check {
        inspect(&plan)?
    } else {
        openapi_codegen_cli::plan::write_stopping_at(&plan, options.stop.unwrap_or(StopAt::Never))?
    };
    Ok(CodegenReport { plan, tree })
}

/// How `cargo xtask generate` treats what it finds (the command line's flags, for the
/// tasks and tests that call [`generate_standalone`]).
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// `--force`: see [`openapi_codegen_cli::GenerateOptions::force`].
    pub force: bool,
    /// `--deny-warnings`.
    pub deny_warnings: bool,
    /// `--only`: generate only the operations these selectors name.
    pub only: Vec<String>,
    /// `--exclude`: leave out the operations these selectors name.
    pub exclude: Vec<String>,
    /// `--max-spec-bytes`; [`DEFAULT_MAX_SPEC_BYTES`] when `None`.
    pub max_spec_bytes: Option<u64>,
    /// Where to stop as a crash would, for tests.
    #[doc(hidden)]
    pub stop: Option<StopAt>,
}

/// `cargo xtask generate`: writes a standalone crate named `crate_name` for the document
/// `spec` into `out` (see [`openapi_codegen_cli::generate_crate`]); `out` may neither be
/// nor hold this workspace.
pub fn generate_standalone(
    spec: &Path,
    out: &Path,
    crate_name: &str,
    options: &GenerateOptions,
) -> Result<GenerateReport> {
    let mut config = openapi_codegen_cli::standalone_config(crate_name, spec, GENERATE_COMMAND);
    config.only.clone_from(&options.only);
    config.exclude.clone_from(&options.exclude);
    let write_options = openapi_codegen_cli::GenerateOptions {
        force: options.force,
        deny_warnings: options.deny_warnings,
        check: false,
        max_spec_bytes: options.max_spec_bytes,
        protect: Some(protected_workspace()),
        stop: options.stop,
        spool_above: None,
    };
    openapi_codegen_cli::generate_crate(spec, out, &config, &write_options)
}

/// A drift report for the checked-in crate: what differs and the command that fixes it.
pub fn drift_report(drift: &[Drift]) -> String {
    openapi_codegen_cli::drift_report(
        drift,
        &format!("run `{CODEGEN_COMMAND}` to regenerate it, and commit the result."),
    )
}

/// Fails with the drift report when the checked-in crate differs from the generator's.
/// Files under the output folder without the generator's header are not drift.
pub fn ensure_no_drift(root: &Path) -> Result<()> {
    let plan = plan_codegen(root)?;
    let report = inspect(&plan)?;
    if report.changes.is_empty() {
        Ok(())
    } else {
        let mut message = drift_report(&report.changes);
        for note in &report.notes {
            message.push_str(&format!("note: {note}\n"));
        }
        anyhow::bail!("{message}")
    }
}
