//! The command line of `generate`, shared by `openapi-codegen generate` and
//! `cargo xtask generate`: its flags (clap), the settings they make, and what a run
//! prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;
use openapi_codegen::Config;

use crate::drift::{Drift, drift_report, left_alone_lines};
use crate::generate::{GenerateOptions, ProtectedFolder, generate_crate, standalone_config};
use crate::plan::TreeReport;
use crate::settings::read_settings;
use crate::{DEFAULT_MAX_SPEC_BYTES, WarningsDenied, render_warnings_with_summary};

/// Examples shown under `generate --help`.
const GENERATE_EXAMPLES: &str = "\
Examples:
  generate --spec openapi.yaml --out ../my-client --crate-name my-client
  generate --spec openapi.yaml --out ../my-client --crate-name my-client --check
  generate --spec openapi.yaml --out ../my-client --crate-name my-client --only tag:Users,/invoices
  generate --config codegen.toml [--check]

A codegen.toml (paths relative to its own folder):
  spec = \"openapi.yaml\"
  output = \"../my-client\"
  [generator]
  crate_name = \"my-client\"
  crate_version = \"0.1.0\"          # optional
  only = [\"tag:Users\"]              # optional, also exclude = [...]
  standalone = true                  # false: a member of the enclosing workspace
  allow_outside_refs = false
  [generator.renames]                # optional: schema name -> Rust type name
  [generator.formats]                # optional: uuid = \"uuid\", date-time = \"chrono\", uri = \"url\"

Exit status: 0 on success (with --check: the crate is up to date), 1 on an error or on
drift, 2 on a usage error. Warnings go to stderr, each at its JSON pointer.";

/// Write (or check) a standalone crate for an OpenAPI 3.x or Swagger 2.0 document.
#[derive(Debug, Args)]
#[command(after_long_help = GENERATE_EXAMPLES)]
pub struct GenerateArgs {
    /// The OpenAPI 3.x or Swagger 2.0 document to read (YAML or JSON). Files its
    /// references name are read relative to its folder.
    #[arg(long, value_name = "FILE", required_unless_present = "config")]
    pub spec: Option<PathBuf>,
    /// The folder to write the crate into (created when absent; never a symlink). The
    /// crate is its own workspace, with a `Cargo.toml` listing exactly the dependencies
    /// the code uses.
    #[arg(long, value_name = "DIR", required_unless_present = "config")]
    pub out: Option<PathBuf>,
    /// The name of the generated crate (its `[package] name`).
    #[arg(long, value_name = "NAME", required_unless_present = "config")]
    pub crate_name: Option<String>,
    /// Read the settings from a codegen.toml file: `spec` and `output` (relative to the
    /// file's folder) and a `[generator]` table (`crate_name`, `crate_version`, `renames`,
    /// `formats`, `only`, `exclude`, `standalone`, `allow_outside_refs`). Flags given as
    /// well take precedence over the file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write nothing; exit 1 with a report (the files, short diffs) when the crate in the
    /// output folder differs from what would be written now: a changed, missing or orphan
    /// file. Files the generator did not write are not drift. Give the same settings as
    /// when generating (the file headers name the document as given).
    #[arg(long)]
    pub check: bool,
    /// Write into a folder that holds files the generator did not write (no header line):
    /// those at paths it writes are replaced (a symlink as a link, never its target), the
    /// others kept. Without it such a folder is refused and nothing is written.
    #[arg(long)]
    pub force: bool,
    /// Treat every generator warning as an error: exit 1 and write nothing.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Generate only these operations and the types they reach (comma-separated
    /// selectors: an operationId, `tag:<name>`, or a path prefix such as `/users`).
    #[arg(long, value_delimiter = ',', value_name = "SELECTORS")]
    pub only: Vec<String>,
    /// Leave out these operations (same selectors as `--only`).
    #[arg(long, value_delimiter = ',', value_name = "SELECTORS")]
    pub exclude: Vec<String>,
    /// Follow references to files outside the document's folder (`../common.yaml`, an
    /// absolute path, a symlink that leads out). Off by default: a document must not make
    /// the generator read arbitrary files.
    #[arg(long)]
    pub allow_outside_refs: bool,
    /// The largest file to read, in bytes (256 MiB by default), for the document and for
    /// each file it references; a larger one is refused after reading one byte past it.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SPEC_BYTES)]
    pub max_spec_bytes: u64,
    /// Print the process's peak resident set at the end (Linux; for `xtask mem-per-op`).
    #[arg(long, hide = true)]
    pub print_peak_memory: bool,
}

/// The process's peak resident set in KiB (`VmHWM` of `/proc/self/status`), where the
/// system says it.
pub fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What `generate` works on: the document, the output folder and the settings.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    config: Config,
}

/// The document, the folder and the settings from the flags and the `--config` file;
/// `command` is how the file headers name the command that rewrites them.
fn job(args: &GenerateArgs, command: &str) -> Result<Job> {
    let (spec, out, mut config) = match &args.config {
        Some(path) => {
            let settings = read_settings(path)?;
            let folder = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            let mut config = settings.generator;
            // A crate written by this command is its own workspace unless the file says.
            config.standalone = config.standalone || !settings.standalone_given;
            let spec = match &args.spec {
                Some(spec) => {
                    config.source = spec.display().to_string();
                    spec.clone()
                }
                None => {
                    config.source = settings.spec.clone();
                    folder.join(&settings.spec)
                }
            };
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| folder.join(&settings.output));
            (spec, out, config)
        }
        None => {
            let (Some(spec), Some(out), Some(crate_name)) =
                (&args.spec, &args.out, &args.crate_name)
            else {
                bail!("--spec, --out and --crate-name are needed, or --config FILE");
            };
            let config = standalone_config(crate_name, spec, command);
            (spec.clone(), out.clone(), config)
        }
    };
    if let Some(crate_name) = &args.crate_name {
        config.crate_name.clone_from(crate_name);
    }
    if !args.only.is_empty() {
        config.only.clone_from(&args.only);
    }
    if !args.exclude.is_empty() {
        config.exclude.clone_from(&args.exclude);
    }
    config.allow_outside_refs |= args.allow_outside_refs;
    config.command = command.to_owned();
    Ok(Job { spec, out, config })
}

/// Runs `generate` and prints what it did: the warnings (stderr), what was changed and
/// left alone; with `--check`, the drift report (stderr) and exit status 1 on drift.
/// `command` is how the file headers name the command (`openapi-codegen generate`); the
/// output folder may neither be nor hold `protect`.
pub fn run_generate(
    args: &GenerateArgs,
    command: &str,
    protect: Option<ProtectedFolder>,
) -> Result<ExitCode> {
    let job = job(args, command)?;
    let options = GenerateOptions {
        force: args.force,
        deny_warnings: args.deny_warnings,
        check: args.check,
        max_spec_bytes: Some(args.max_spec_bytes),
        protect,
        stop: None,
        spool_above: None,
    };
    let report = generate_crate(&job.spec, &job.out, &job.config, &options)?;
    if args.print_peak_memory {
        match peak_resident_kib() {
            Some(kib) => println!("peak resident set: {kib} KiB"),
            None => println!("peak resident set: unknown on this system"),
        }
    }
    eprint!(
        "{}",
        render_warnings_with_summary(&report.generated.warnings)
    );
    print_notes(&report.tree);
    let shown = report.out.display().to_string();
    for line in left_alone_lines(&shown, &report.tree.left_alone) {
        println!("{line}");
    }
    let files = report.generated.files.len();
    if args.check {
        if !report.tree.changes.is_empty() {
            let fix = format!("run the same `{command}` command without `--check` to rewrite it.");
            eprintln!("{}", drift_report(&report.tree.changes, &fix));
            return Ok(ExitCode::FAILURE);
        }
        println!("{shown}/ is up to date ({files} files)");
        return Ok(ExitCode::SUCCESS);
    }
    print_changes(&shown, &report.tree.changes);
    println!(
        "{files} files in {shown} ({} changed)",
        report.tree.changes.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints (stderr) what was done about, or found of, an interrupted run.
pub fn print_notes(report: &TreeReport) {
    for note in &report.notes {
        eprintln!("note: {note}");
    }
}

/// Prints one line per change written under `prefix`.
pub fn print_changes(prefix: &str, changes: &[Drift]) {
    for item in changes {
        match item {
            Drift::Changed { path, .. } => println!("updated {prefix}/{path}"),
            Drift::Missing { path } => println!("created {prefix}/{path}"),
            Drift::Orphan { path } => println!("removed {prefix}/{path}"),
            Drift::NotAFile { path, found } => {
                println!("replaced {prefix}/{path} ({found}; --force)")
            }
        }
    }
}

/// Prints an error of a run (stderr): the warnings first when they were denied.
pub fn print_error(error: &anyhow::Error) {
    if let Some(denied) = error.downcast_ref::<WarningsDenied>() {
        eprint!("{}", openapi_codegen::render_warnings(&denied.warnings));
    }
    eprintln!("error: {error:#}");
}
