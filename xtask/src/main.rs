//! `cargo xtask <task>`: the command line (clap) over the xtask library. `codegen` and
//! `generate` write crates; `synth`, `gen-time`, `compile-cost` and `drift-time` measure.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

mod bench;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The project's tasks: regenerate the checked-in SDK, write a crate for any OpenAPI 3.0
/// document, and measure the generator.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Regenerate the checked-in crate (`generated/`) from `spec/codegen.toml`.
    ///
    /// Creates, updates and removes generated files and prints what changed. Files under
    /// the output folder that the generator did not write are left alone.
    Codegen(CodegenArgs),
    /// Write a standalone crate for any OpenAPI 3.0 document (YAML or JSON).
    Generate(GenerateArgs),
    /// Write a deterministic synthetic OpenAPI document (benchmarks, scale tests).
    Synth(bench::SynthArgs),
    /// Time each generator stage and the whole `generate` process.
    GenTime(bench::GenTimeArgs),
    /// Count the generated lines and items and time `cargo build` of the crate.
    CompileCost(bench::CompileCostArgs),
    /// Time the in-process drift check (what the drift test runs).
    DriftTime(bench::DriftTimeArgs),
}

#[derive(Debug, Args)]
struct CodegenArgs {
    /// Write nothing; exit with an error if the checked-in crate differs from what the
    /// generator writes now (a changed, missing or orphan file), showing a short diff.
    #[arg(long)]
    check: bool,
    /// Treat every generator warning as an error: exit 1 and write nothing.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// The OpenAPI 3.0 document to read (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The folder to write the crate into (created when absent).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The name of the generated crate (its `[package] name`).
    #[arg(long, value_name = "NAME")]
    crate_name: String,
    /// Treat every generator warning as an error: exit 1 and write nothing.
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.task) {
        Ok(code) => code,
        Err(error) => {
            if let Some(denied) = error.downcast_ref::<xtask::WarningsDenied>() {
                eprint!("{}", openapi_codegen::render_warnings(&denied.warnings));
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<ExitCode> {
    match task {
        Task::Codegen(args) => codegen(&args),
        Task::Generate(args) => generate(&args),
        Task::Synth(args) => bench::synth(&args).map(|()| ExitCode::SUCCESS),
        Task::GenTime(args) => bench::gen_time(&args).map(|()| ExitCode::SUCCESS),
        Task::CompileCost(args) => bench::compile_cost(&args).map(|()| ExitCode::SUCCESS),
        Task::DriftTime(args) => bench::drift_time(&args).map(|()| ExitCode::SUCCESS),
    }
}

fn codegen(args: &CodegenArgs) -> Result<ExitCode> {
    let root = xtask::workspace_root();
    let plan = xtask::plan_codegen(&root)?;
    xtask::apply_warning_policy(&plan.warnings, args.deny_warnings)?;
    eprint!("{}", xtask::render_warnings_with_summary(&plan.warnings));
    if args.check {
        let drift = xtask::check(&plan)?;
        if drift.is_empty() {
            println!("generated/ is up to date ({} files)", plan.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{}", xtask::drift_report(&drift));
        return Ok(ExitCode::FAILURE);
    }
    let changed = xtask::write(&plan)?;
    if changed.is_empty() {
        println!("generated/ is up to date ({} files)", plan.files.len());
    }
    for item in &changed {
        match item {
            xtask::Drift::Changed { path, .. } => println!("updated {path}"),
            xtask::Drift::Missing { path } => println!("created {path}"),
            xtask::Drift::Orphan { path } => println!("removed {path}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(args: &GenerateArgs) -> Result<ExitCode> {
    let options = xtask::GenerateOptions {
        deny_warnings: args.deny_warnings,
    };
    let generated = xtask::generate_standalone(&args.spec, &args.out, &args.crate_name, &options)?;
    eprint!(
        "{}",
        xtask::render_warnings_with_summary(&generated.warnings)
    );
    println!(
        "wrote {} files to {}",
        generated.files.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
