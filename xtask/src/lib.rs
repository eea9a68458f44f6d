//! The project's tasks as a library, so that tests run the same drift check in-process:
//! reading the spec and its settings, running the generator, and comparing with or
//! writing to the generated crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use openapi_codegen::{Config, GeneratedFile};
use serde::Deserialize;

/// The command that rewrites the checked-in crate.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

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

/// Reads `spec/codegen.toml` and the document it names, and runs the generator.
pub fn plan_codegen(root: &Path) -> Result<Plan> {
    let settings_path = root.join("spec/codegen.toml");
    let settings_text = fs::read_to_string(&settings_path)
        .with_context(|| format!("reading {}", settings_path.display()))?;
    let settings: CodegenSettings = toml::from_str(&settings_text)
        .with_context(|| format!("parsing {}", settings_path.display()))?;
    let spec_path = root.join(&settings.spec);
    let spec_text = fs::read_to_string(&spec_path)
        .with_context(|| format!("reading {}", spec_path.display()))?;
    let mut config = settings.generator;
    config.source = settings.spec.clone();
    config.command = CODEGEN_COMMAND.to_owned();
    let generated = openapi_codegen::generate_from_text(&spec_text, &config)
        .with_context(|| format!("generating from {}", settings.spec))?;
    Ok(Plan {
        output_dir: root.join(&settings.output),
        files: generated.files,
        warnings: generated.warnings,
    })
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
    /// The file exists under the output directory but the generator no longer writes it.
    Orphan {
        /// Path relative to the output directory.
        path: String,
    },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changed { path, diff } => write!(f, "changed: {path}\n{diff}"),
            Drift::Missing { path } => write!(f, "missing: {path}"),
            Drift::Orphan { path } => write!(f, "orphan (no longer generated): {path}"),
        }
    }
}

/// How many diff lines a drift report shows per file.
const DIFF_LINES: usize = 40;

/// Compares the plan with the files on disk; writes nothing.
pub fn check(plan: &Plan) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    let mut expected = BTreeSet::new();
    for file in &plan.files {
        expected.insert(file.path.clone());
        let path = plan.output_dir.join(&file.path);
        match fs::read(&path) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(bytes) => drift.push(Drift::Changed {
                path: file.path.clone(),
                diff: short_diff(&String::from_utf8_lossy(&bytes), &file.contents, &file.path),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing {
                    path: file.path.clone(),
                });
            }
            Err(error) => {
                return Err(error).with_context(|| format!("reading {}", path.display()));
            }
        }
    }
    for path in files_under(&plan.output_dir)? {
        if !expected.contains(&path) {
            drift.push(Drift::Orphan { path });
        }
    }
    Ok(drift)
}

/// Writes the plan: creates and updates files, removes orphans. Returns what changed.
pub fn write(plan: &Plan) -> Result<Vec<Drift>> {
    let drift = check(plan)?;
    for item in &drift {
        match item {
            Drift::Changed { path, .. } | Drift::Missing { path } => {
                let target = plan.output_dir.join(path);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                let contents = plan
                    .files
                    .iter()
                    .find(|f| &f.path == path)
                    .map(|f| f.contents.as_str())
                    .unwrap_or_default();
                fs::write(&target, contents)
                    .with_context(|| format!("writing {}", target.display()))?;
            }
            Drift::Orphan { path } => {
                let target = plan.output_dir.join(path);
                fs::remove_file(&target)
                    .with_context(|| format!("removing {}", target.display()))?;
            }
        }
    }
    Ok(drift)
}

/// How `cargo xtask generate` treats what it finds.
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// Any generator warning is an error, and nothing is written (`--deny-warnings`).
    pub deny_warnings: bool,
}

/// Writes a standalone crate for any document into `out`, which must be empty or
/// absent; nothing is written when the document is refused, nor when it has warnings and
/// `options.deny_warnings` is set.
pub fn generate_standalone(
    spec: &Path,
    out: &Path,
    crate_name: &str,
    options: &GenerateOptions,
) -> Result<openapi_codegen::Generated> {
    let text = fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let mut config = Config::new(crate_name);
    config.source = spec.display().to_string();
    config.command = "cargo xtask generate".to_owned();
    config.standalone = true;
    let generated = openapi_codegen::generate_from_text(&text, &config)
        .with_context(|| format!("generating from {}", spec.display()))?;
    apply_warning_policy(&generated.warnings, options.deny_warnings)?;
    // Files already in `out` that the generator does not write are left alone: `out`
    // may hold the user's own files.
    for file in &generated.files {
        let target = out.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&target, &file.contents)
            .with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(generated)
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

/// Every file below `dir`, relative to it with `/` separators, sorted.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            fs::read_dir(&current).with_context(|| format!("listing {}", current.display()))?
        {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
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
        "the generated crate is out of date with the spec ({} file{}):\n",
        drift.len(),
        if drift.len() == 1 { "" } else { "s" }
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
pub fn ensure_no_drift(root: &Path) -> Result<()> {
    let plan = plan_codegen(root)?;
    let drift = check(&plan)?;
    if drift.is_empty() {
        Ok(())
    } else {
        bail!("{}", drift_report(&drift))
    }
}
