//! The project's tasks as a library, so that tests run the same drift check in-process:
//! reading the spec and its settings, running the generator, and comparing with or
//! writing to the generated crate. The tree on disk is handled by [`tree`] (what the
//! generator owns, atomic replacement) and checked by [`output_folder`] (where it may
//! write) so that no run loses a file it did not write.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use openapi_codegen::{Config, GeneratedFile};
use serde::Deserialize;

pub mod output_folder;
pub mod tree;

#[doc(hidden)]
pub use tree::StopAt;

/// The command that rewrites the checked-in crate.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// The command that writes a standalone crate.
pub const GENERATE_COMMAND: &str = "cargo xtask generate";

/// The largest document `codegen` and `generate` read unless told otherwise
/// (`generate --max-spec-bytes`): 256 MiB. A larger input (or one without an end, such as
/// `/dev/zero`) is refused after reading one byte past the limit.
pub const DEFAULT_MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the document at `path` as UTF-8 text, refusing it once it is known to be longer
/// than `max_bytes`: at most `max_bytes + 1` bytes are ever read, whatever the file is.
pub fn read_spec(path: &Path, max_bytes: u64) -> Result<String> {
    use std::io::Read as _;
    let reading = || format!("reading {}", path.display());
    let mut file = fs::File::open(path).with_context(reading)?;
    let cap = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
    // A regular file says its size; the buffer grows by doubling, never past the limit.
    let hint = file
        .metadata()
        .map_or(0, |metadata| metadata.len())
        .min(cap as u64);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    let mut chunk = vec![0u8; 64 * 1024];
    while bytes.len() < cap {
        let want = chunk.len().min(cap - bytes.len());
        let read = match file.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error).with_context(reading),
        };
        if bytes.len() + read > bytes.capacity() {
            let grown = (bytes.capacity().saturating_mul(2)).clamp(bytes.len() + read, cap);
            bytes.reserve_exact(grown - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{} is larger than {max_bytes} bytes, the most a document may have (raise it with \
             `--max-spec-bytes`)",
            path.display()
        );
    }
    String::from_utf8(bytes)
        .with_context(|| format!("reading {}: the document is not UTF-8 text", path.display()))
}

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// `spec/codegen.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodegenSettings {
    spec: String,
    output: String,
    generator: Config,
}

/// What `cargo xtask codegen` would write: the files and the directory they belong in.
#[derive(Debug)]
pub struct Plan {
    /// The generated crate's directory.
    pub output_dir: PathBuf,
    /// Every file, with paths relative to `output_dir`.
    pub files: Vec<GeneratedFile>,
    /// The generator's warnings: fallbacks taken for constructs without an exact mapping.
    pub warnings: Vec<openapi_codegen::Diagnostic>,
}

/// Reads `spec/codegen.toml` and the document it names, checks the output folder (see
/// [`output_folder::resolve_codegen_output`]) and runs the generator. Writes nothing.
pub fn plan_codegen(root: &Path) -> Result<Plan> {
    let settings_path = root.join("spec/codegen.toml");
    let settings_text = fs::read_to_string(&settings_path)
        .with_context(|| format!("reading {}", settings_path.display()))?;
    let settings: CodegenSettings = toml::from_str(&settings_text)
        .with_context(|| format!("parsing {}", settings_path.display()))?;
    let output_dir = output_folder::resolve_codegen_output(root, &settings.output)?;
    let spec_path = root.join(&settings.spec);
    let spec_text = read_spec(&spec_path, DEFAULT_MAX_SPEC_BYTES)?;
    let mut config = settings.generator;
    config.source = settings.spec.clone();
    config.command = CODEGEN_COMMAND.to_owned();
    let generated = openapi_codegen::generate_from_text(&spec_text, &config)
        .with_context(|| format!("generating from {}", settings.spec))?;
    ensure_every_file_carries_the_header(&generated.files)?;
    Ok(Plan {
        output_dir,
        files: generated.files,
        warnings: generated.warnings,
    })
}

/// The header is how a later run knows which files are the generator's to replace or
/// remove; a file without it would be taken for someone else's on the next run.
fn ensure_every_file_carries_the_header(files: &[GeneratedFile]) -> Result<()> {
    for file in files {
        let first_line = file.contents.lines().next().unwrap_or_default();
        if !tree::is_generator_header(first_line) {
            bail!(
                "the generator wrote {} without its header line (found {first_line:?}); \
                 the xtask would not recognise it as generated",
                file.path
            );
        }
    }
    Ok(())
}

/// One difference between the generated tree on disk and what the generator writes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents; `diff` is a short unified diff.
    Changed {
        /// Path relative to the output directory.
        path: String,
        /// A unified diff from what is on disk to what would be written, cut short.
        diff: String,
    },
    /// The generator writes this file but it does not exist.
    Missing {
        /// Path relative to the output directory.
        path: String,
    },
    /// A file with the generator's header exists under the output directory but the
    /// generator no longer writes it.
    Orphan {
        /// Path relative to the output directory.
        path: String,
    },
    /// The generator writes a file at this path (or inside it) but something other than a
    /// regular file is there: a symlink, a folder, a special file, or a file where a
    /// folder must be.
    NotAFile {
        /// Path relative to the output directory.
        path: String,
        /// What is there, e.g. "a symlink".
        found: String,
    },
}

impl Drift {
    /// The path it is about, relative to the output directory.
    pub fn path(&self) -> &str {
        match self {
            Drift::Changed { path, .. }
            | Drift::Missing { path }
            | Drift::Orphan { path }
            | Drift::NotAFile { path, .. } => path,
        }
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changed { path, diff } => write!(f, "changed: {path}\n{diff}"),
            Drift::Missing { path } => write!(f, "missing: {path}"),
            Drift::Orphan { path } => write!(f, "orphan (no longer generated): {path}"),
            Drift::NotAFile { path, found } => {
                write!(f, "not a regular file: {path} ({found})")
            }
        }
    }
}

/// How many diff lines a drift report shows per file.
const DIFF_LINES: usize = 40;

/// What a look at (or a write of) the output folder found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeReport {
    /// The differences: with [`inspect`] the drift found, with [`write`] what was changed.
    pub changes: Vec<Drift>,
    /// Entries under the output folder the generator did not write (no header on their
    /// first line, symlinks), left as they are and not counted as drift; relative paths.
    pub left_alone: Vec<String>,
    /// What was done about (or, read-only, found of) folders left by an interrupted run.
    pub notes: Vec<String>,
}

/// Compares the plan with the files on disk; writes nothing.
pub fn inspect(plan: &Plan) -> Result<TreeReport> {
    let comparison = tree::compare(&plan.output_dir, &plan.files)?;
    Ok(TreeReport {
        changes: comparison.changes,
        left_alone: comparison.left_alone,
        notes: tree::describe_leftovers(&plan.output_dir)?,
    })
}

/// How many left-alone files a report names before it only counts them.
const LISTED_LEFT_ALONE: usize = 10;

/// The lines that name the files under the output folder (shown as `shown`) that the
/// generator did not write and left as they are: the first few by path, then a count.
pub fn left_alone_lines(shown: &str, left_alone: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = left_alone
        .iter()
        .take(LISTED_LEFT_ALONE)
        .map(|path| format!("left alone: {shown}/{path} (not written by the generator)"))
        .collect();
    if left_alone.len() > LISTED_LEFT_ALONE {
        lines.push(format!(
            "left alone: {} more files not written by the generator",
            left_alone.len() - LISTED_LEFT_ALONE
        ));
    }
    lines
}

/// The drift between the plan and the files on disk (see [`inspect`]); writes nothing.
pub fn check(plan: &Plan) -> Result<Vec<Drift>> {
    Ok(inspect(plan)?.changes)
}

/// Writes the plan: creates and updates files and removes orphans (files with the
/// generator's header it no longer writes), atomically (see [`tree`]); everything else
/// under the output folder is kept. Refuses, writing nothing, when a path it writes holds
/// a file without its header, a symlink or a folder. Returns what changed.
pub fn write(plan: &Plan) -> Result<TreeReport> {
    write_stopping_at(plan, StopAt::Never)
}

/// [`write`], stopping where a crash would when `stop` says so.
fn write_stopping_at(plan: &Plan, stop: StopAt) -> Result<TreeReport> {
    let notes = tree::recover_leftovers(&plan.output_dir)?;
    let comparison = tree::compare(&plan.output_dir, &plan.files)?;
    if !comparison.in_the_way.is_empty() {
        bail!(
            "refusing to write {}: {}\nthe generator never writes over a file it did not \
             write (one without its header line) nor through a symlink; move these away and \
             run `{CODEGEN_COMMAND}` again",
            plan.output_dir.display(),
            list_in_the_way(&comparison.in_the_way)
        );
    }
    if !comparison.changes.is_empty() {
        tree::write_tree(&plan.output_dir, &plan.files, &comparison, stop)?;
    }
    Ok(TreeReport {
        changes: comparison.changes,
        left_alone: comparison.left_alone,
        notes,
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
        write_stopping_at(&plan, options.stop.unwrap_or(StopAt::Never))?
    };
    Ok(CodegenReport { plan, tree })
}

/// How many paths an error lists before it says how many more there are.
const LISTED_PATHS: usize = 5;

fn list_in_the_way(in_the_way: &[(String, tree::EntryKind)]) -> String {
    let mut out = format!(
        "{} the generator writes {} something it did not write:",
        count(in_the_way.len(), "path"),
        if in_the_way.len() == 1 {
            "holds"
        } else {
            "hold"
        }
    );
    for (path, kind) in in_the_way.iter().take(LISTED_PATHS) {
        out.push_str(&format!("\n  {path}: {}", kind.describe()));
    }
    if in_the_way.len() > LISTED_PATHS {
        out.push_str(&format!(
            "\n  ... and {} more",
            in_the_way.len() - LISTED_PATHS
        ));
    }
    out
}

/// How `cargo xtask generate` treats what it finds.
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// Write into a folder that holds files without the generator's header: those at
    /// paths the generator writes are replaced (a symlink there is replaced as a link, its
    /// target untouched), the others kept (`--force`).
    pub force: bool,
    /// Any generator warning is an error, and nothing is written (`--deny-warnings`).
    pub deny_warnings: bool,
    /// Generate only the operations these selectors name (`--only`).
    pub only: Vec<String>,
    /// Leave out the operations these selectors name (`--exclude`).
    pub exclude: Vec<String>,
    /// The largest document read, in bytes (`--max-spec-bytes`);
    /// [`DEFAULT_MAX_SPEC_BYTES`] when `None`.
    pub max_spec_bytes: Option<u64>,
    /// Where to stop as a crash would, for tests.
    #[doc(hidden)]
    pub stop: Option<StopAt>,
}

/// What `generate` produced and did.
#[derive(Debug)]
pub struct GenerateReport {
    /// The generator's files and warnings.
    pub generated: openapi_codegen::Generated,
    /// The folder written, its parent resolved.
    pub out: PathBuf,
    /// What changed in it, what was left alone, what was recovered.
    pub tree: TreeReport,
}

/// Writes a standalone crate for any document into `out`. Nothing is written when the
/// document is refused, when it has warnings and `options.deny_warnings` is set, and
/// (unless `options.force`) when `out` holds any file without the generator's header.
/// `out` must not be a symlink; nothing under it is followed.
pub fn generate_standalone(
    spec: &Path,
    out: &Path,
    crate_name: &str,
    options: &GenerateOptions,
) -> Result<GenerateReport> {
    let max_bytes = options.max_spec_bytes.unwrap_or(DEFAULT_MAX_SPEC_BYTES);
    let text = read_spec(spec, max_bytes)?;
    let mut config = Config::new(crate_name);
    config.source = spec.display().to_string();
    config.command = GENERATE_COMMAND.to_owned();
    config.standalone = true;
    config.only.clone_from(&options.only);
    config.exclude.clone_from(&options.exclude);
    let generated = openapi_codegen::generate_from_text(&text, &config)
        .with_context(|| format!("generating from {}", spec.display()))?;
    apply_warning_policy(&generated.warnings, options.deny_warnings)?;
    ensure_every_file_carries_the_header(&generated.files)?;
    let target = output_folder::resolve_generate_output(out, &workspace_root())?;
    let notes = tree::recover_leftovers(&target)?;
    let comparison = tree::compare(&target, &generated.files)?;
    ensure_generate_may_write(out, &comparison, options.force)?;
    if !comparison.changes.is_empty() || fs::symlink_metadata(&target).is_err() {
        let stop = options.stop.unwrap_or(StopAt::Never);
        tree::write_tree(&target, &generated.files, &comparison, stop)?;
    }
    Ok(GenerateReport {
        generated,
        out: target,
        tree: TreeReport {
            changes: comparison.changes,
            left_alone: comparison.left_alone,
            notes,
        },
    })
}

/// Without `force`, a folder holding anything the generator did not write is refused;
/// with it, only a folder at a path the generator writes a file to is.
fn ensure_generate_may_write(out: &Path, comparison: &tree::Comparison, force: bool) -> Result<()> {
    if let Some((path, _)) = comparison
        .in_the_way
        .iter()
        .find(|(_, kind)| *kind == tree::EntryKind::Folder)
    {
        bail!(
            "{} holds a folder `{path}` where the generator writes a file; move it away",
            out.display()
        );
    }
    if force || comparison.foreign.is_empty() {
        return Ok(());
    }
    let mut listed = String::new();
    for path in comparison.foreign.iter().take(LISTED_PATHS) {
        listed.push_str(&format!("\n  {path}"));
    }
    if comparison.foreign.len() > LISTED_PATHS {
        listed.push_str(&format!(
            "\n  ... and {} more",
            comparison.foreign.len() - LISTED_PATHS
        ));
    }
    bail!(
        "{} holds {} the generator did not write (no header line, or a symlink); nothing was \
         written:{listed}\npass --force to write anyway: the generator's paths are replaced \
         (symlinks as links, never their targets), everything else is kept",
        out.display(),
        count(comparison.foreign.len(), "file")
    )
}

/// The error of a run whose warnings were denied (`--deny-warnings`); it carries the
/// warnings so that the command line can print them before the error.
#[derive(Debug)]
pub struct WarningsDenied {
    /// Every warning of the run, in the generator's order.
    pub warnings: Vec<openapi_codegen::Diagnostic>,
}

impl std::fmt::Display for WarningsDenied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} denied by --deny-warnings; nothing was written",
            count(self.warnings.len(), "warning")
        )
    }
}

impl std::error::Error for WarningsDenied {}

/// With `deny` set, any warning fails the run with [`WarningsDenied`], before anything is
/// written.
pub fn apply_warning_policy(warnings: &[openapi_codegen::Diagnostic], deny: bool) -> Result<()> {
    if deny && !warnings.is_empty() {
        return Err(WarningsDenied {
            warnings: warnings.to_vec(),
        }
        .into());
    }
    Ok(())
}

/// The warnings rustc style (`warning: <json pointer>: <message>`), then a count line
/// (`warning: 2 warnings emitted`); nothing when there are none.
pub fn render_warnings_with_summary(warnings: &[openapi_codegen::Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = openapi_codegen::render_warnings(warnings);
    out.push_str(&format!(
        "warning: {} emitted\n",
        count(warnings.len(), "warning")
    ));
    out
}

/// `1 warning`, `2 warnings`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn short_diff(old: &str, new: &str, path: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (on disk)"),
            &format!("{path} (generated now)"),
        )
        .to_string();
    let mut lines: Vec<&str> = text.lines().take(DIFF_LINES + 1).collect();
    if lines.len() > DIFF_LINES {
        lines.truncate(DIFF_LINES);
        lines.push("  ... (diff cut short)");
    }
    lines.join("\n")
}

/// A drift report for people: what differs and the command that fixes it.
pub fn drift_report(drift: &[Drift]) -> String {
    let mut out = format!(
        "the generated crate is out of date with the spec ({}):\n",
        count(drift.len(), "file")
    );
    for item in drift {
        out.push_str(&format!("\n{item}\n"));
    }
    out.push_str(&format!(
        "\nrun `{CODEGEN_COMMAND}` to regenerate it, and commit the result.\n"
    ));
    out
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
        bail!("{message}")
    }
}
