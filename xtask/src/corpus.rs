//! `cargo xtask corpus`: the generator against real public documents (`tests/corpus/`).
//! Each document is generated in-process (timed, its warnings counted), its crate
//! written as a member of one workspace under `target/corpus-crates/` (so dependencies
//! build once), and each crate is checked with `cargo clippy --all-features` (its mock
//! server and tracing included), warnings denied. The result is a table, printed and
//! (with `--write`) saved as `tests/corpus/RESULTS.md`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Deserialize;

/// `cargo xtask corpus` flags.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Only the documents checked in under `tests/corpus/docs/` (no download needed).
    #[arg(long)]
    vendored: bool,
    /// Only these documents (comma-separated names from `tests/corpus/corpus.toml`).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    only: Vec<String>,
    /// Where `tests/corpus/fetch.py` put the documents (default: `target/corpus/`).
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Generate only; do not run `cargo clippy` on the crates.
    #[arg(long)]
    no_check: bool,
    /// Also check crates of documents with more than this many operations (checking the
    /// largest takes long and much memory).
    #[arg(long, default_value_t = 2_000, value_name = "N")]
    check_up_to: usize,
    /// Write the table to `tests/corpus/RESULTS.md`.
    #[arg(long)]
    write: bool,
}

/// One entry of `corpus.toml` (the fields this task reads).
#[derive(Debug, Deserialize)]
struct Entry {
    name: String,
    package: String,
    version: String,
    spec: String,
    format: String,
    bytes: u64,
    operations: usize,
    #[serde(default)]
    vendored: bool,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    document: Vec<Entry>,
}

/// What happened to one document.
struct Outcome<'e> {
    entry: &'e Entry,
    generated: Result<Generated, String>,
    check: Check,
}

struct Generated {
    warnings: usize,
    lines: usize,
    types: usize,
    time: Duration,
}

enum Check {
    Passed(Duration),
    Failed(String),
    Skipped(&'static str),
}

/// Runs the task; fails when a document is refused or a crate does not check.
pub fn corpus(args: &CorpusArgs) -> Result<()> {
    let root = xtask::workspace_root();
    let manifest_path = root.join("tests/corpus/corpus.toml");
    let text = fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let manifest: Manifest = toml::from_str(&text).context("parsing corpus.toml")?;
    let cache = args
        .cache
        .clone()
        .unwrap_or_else(|| root.join("target/corpus"));
    let selected: Vec<&Entry> = manifest
        .document
        .iter()
        .filter(|e| !args.vendored || e.vendored)
        .filter(|e| args.only.is_empty() || args.only.contains(&e.name))
        .collect();
    if selected.is_empty() {
        bail!("no corpus document matches the selection");
    }
    let crates = root.join("target/corpus-crates");
    let mut outcomes = Vec::new();
    for entry in &selected {
        let path = document_path(&root, &cache, entry);
        let generated = generate(&path, entry, &crates);
        outcomes.push(Outcome {
            entry,
            generated,
            check: Check::Skipped("not checked"),
        });
    }
    write_workspace(&root, &crates, &outcomes)?;
    if !args.no_check {
        for outcome in &mut outcomes {
            outcome.check = check(&crates, outcome, args.check_up_to);
        }
    }
    let table = render(&outcomes, !args.no_check);
    println!("{table}");
    if args.write {
        let results = root.join("tests/corpus/RESULTS.md");
        fs::write(&results, results_page(&table))
            .with_context(|| format!("writing {}", results.display()))?;
        println!("wrote {}", results.display());
    }
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.generated.is_err() || matches!(o.check, Check::Failed(_)))
        .map(|o| o.entry.name.as_str())
        .collect();
    if !failed.is_empty() {
        for outcome in outcomes
            .iter()
            .filter(|o| failed.contains(&o.entry.name.as_str()))
        {
            if let Err(error) = &outcome.generated {
                eprintln!("\n{}: refused:\n{error}", outcome.entry.name);
            }
            if let Check::Failed(output) = &outcome.check {
                eprintln!("\n{}: cargo check failed:\n{output}", outcome.entry.name);
            }
        }
        bail!(
            "{} of {} documents failed: {}",
            failed.len(),
            outcomes.len(),
            failed.join(", ")
        );
    }
    Ok(())
}

/// Which corpus documents a command runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selection {
    /// Every document of `corpus.toml`.
    All,
    /// Only those checked in under `tests/corpus/docs/`.
    Vendored,
    /// Only those `fetch.py` fetches into `target/corpus` (not checked in).
    Fetched,
}

/// The corpus documents (name and path) of `corpus.toml` in the selection, only those
/// named in `only` when it is not empty, none named in `except`; a document not fetched
/// yet is left out with a note.
pub(crate) fn selected_documents(
    root: &Path,
    selection: Selection,
    only: &[String],
    except: &[String],
) -> Result<Vec<(String, PathBuf)>> {
    let manifest_path = root.join("tests/corpus/corpus.toml");
    let text = fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let manifest: Manifest = toml::from_str(&text).context("parsing corpus.toml")?;
    let cache = root.join("target/corpus");
    let mut out = Vec::new();
    for entry in &manifest.document {
        let wanted = match selection {
            Selection::All => true,
            Selection::Vendored => entry.vendored,
            Selection::Fetched => !entry.vendored,
        };
        if !wanted
            || (!only.is_empty() && !only.contains(&entry.name))
            || except.contains(&entry.name)
        {
            continue;
        }
        let path = document_path(root, &cache, entry);
        if path.exists() {
            out.push((entry.name.clone(), path));
        } else {
            eprintln!(
                "note: {} is not fetched (run `python3 tests/corpus/fetch.py`)",
                entry.name
            );
        }
    }
    if out.is_empty() {
        bail!("no corpus document matches the selection");
    }
    Ok(out)
}

fn document_path(root: &Path, cache: &Path, entry: &Entry) -> PathBuf {
    let file = format!("{}.{}", entry.name, entry.format);
    let vendored = root.join("tests/corpus/docs").join(&file);
    if entry.vendored && vendored.exists() {
        vendored
    } else {
        cache.join(file)
    }
}

fn crate_name(entry: &Entry) -> String {
    format!("corpus-{}", entry.name.replace('.', "-"))
}

/// Generates one document's crate into `crates/<name>/`, writing only changed files
/// (so cargo sees unchanged crates as fresh).
fn generate(path: &Path, entry: &Entry, crates: &Path) -> Result<Generated, String> {
    let text = fs::read_to_string(path).map_err(|error| {
        format!(
            "{}: {error} (run `python3 tests/corpus/fetch.py` first)",
            path.display()
        )
    })?;
    let mut config = openapi_codegen::Config::new(crate_name(entry));
    config.source = format!("{}@{} ({})", entry.package, entry.version, entry.name);
    config.command = "cargo xtask corpus".to_owned();
    let started = Instant::now();
    let generated =
        openapi_codegen::generate_from_text(&text, &config).map_err(|error| error.to_string())?;
    let time = started.elapsed();
    let mut lines = 0;
    let mut types = 0;
    for file in &generated.files {
        if file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/") {
            lines += file.contents.lines().count();
        }
        if file.path == "src/models.rs" {
            types = file
                .contents
                .lines()
                .filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum "))
                .count();
        }
        write_if_changed(&crates.join(&entry.name).join(&file.path), &file.contents)
            .map_err(|error| error.to_string())?;
    }
    Ok(Generated {
        warnings: generated.warnings.len(),
        lines,
        types,
        time,
    })
}

fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

/// The workspace of the generated crates, with the repository's lock file (every
/// dependency is in the registry cache, so `--offline` resolves).
fn write_workspace(root: &Path, crates: &Path, outcomes: &[Outcome<'_>]) -> Result<()> {
    let members: String = outcomes
        .iter()
        .filter(|o| o.generated.is_ok())
        .map(|o| format!("    \"{}\",\n", o.entry.name))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: the crates of the corpus documents.\n[workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n"
    );
    write_if_changed(&crates.join("Cargo.toml"), &manifest)?;
    if !crates.join("Cargo.lock").exists() {
        fs::copy(root.join("Cargo.lock"), crates.join("Cargo.lock"))
            .context("copying Cargo.lock")?;
    }
    Ok(())
}

/// `cargo clippy --all-features` of one crate with warnings (compiler and clippy) denied for the crate
/// itself, not its dependencies, which are built once in the target folder the fixture
/// tests use too.
fn check(crates: &Path, outcome: &Outcome<'_>, check_up_to: usize) -> Check {
    if outcome.generated.is_err() {
        return Check::Skipped("refused");
    }
    if outcome.entry.operations > check_up_to {
        return Check::Skipped("too large (see --check-up-to)");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = crates
        .parent()
        .map_or_else(|| crates.join("target"), |t| t.join("generated-crates"));
    let started = Instant::now();
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--all-features",
            "-p",
            &crate_name(outcome.entry),
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(crates)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output();
    match output {
        Ok(output) if output.status.success() => Check::Passed(started.elapsed()),
        Ok(output) => Check::Failed(
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .take(60)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Err(error) => Check::Failed(format!("cargo did not run: {error}")),
    }
}

fn render(outcomes: &[Outcome<'_>], checked: bool) -> String {
    let mut out = String::from(
        "| document | spec | size | operations | generated | warnings | lines | types | generation | `cargo clippy --all-features -D warnings` |\n|---|---|---:|---:|---|---:|---:|---:|---:|---|\n",
    );
    for outcome in outcomes {
        let entry = outcome.entry;
        let size = if entry.bytes >= 1_000_000 {
            format!("{:.1} MB", entry.bytes as f64 / 1e6)
        } else {
            format!("{} KB", entry.bytes.div_ceil(1000))
        };
        let (status, warnings, lines, types, time) = match &outcome.generated {
            Ok(g) => (
                "yes".to_owned(),
                g.warnings.to_string(),
                g.lines.to_string(),
                g.types.to_string(),
                format!("{} ms", g.time.as_millis()),
            ),
            Err(_) => (
                "**refused**".to_owned(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ),
        };
        let check = match &outcome.check {
            Check::Passed(time) => format!("passed ({:.1} s)", time.as_secs_f64()),
            Check::Failed(_) => "**failed**".to_owned(),
            Check::Skipped(reason) if checked => format!("skipped: {reason}"),
            Check::Skipped(_) => "-".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {size} | {} | {status} | {warnings} | {lines} | {types} | {time} | {check} |",
            entry.name, entry.spec, entry.operations
        );
    }
    out
}

fn results_page(table: &str) -> String {
    format!(
        "# Corpus results\n\nWritten by `cargo xtask corpus --write` (after `python3 tests/corpus/fetch.py`): every document of `corpus.toml` generated in-process (time of `generate_from_text` in a debug or release build of the xtask, as run), lines of the generated Rust outside the copied runtime, types in `models.rs`, and `cargo clippy --all-features -- -D warnings` of the crate (its `mock` and `tracing` features on; compiler and clippy warnings denied; dependencies built once for all, then each crate on its own).\n\n{table}"
    )
}
