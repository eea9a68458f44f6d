//! `cargo xtask <task>`: the command line (clap) over the xtask library. `codegen` and
//! `generate` write crates; `corpus` and `contract` judge them on real documents (the
//! latter on the wire, against Prism); `synth`, `gen-time`, `compile-cost` and
//! `drift-time` measure.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use openapi_codegen_cli::command::{
    GenerateArgs, print_changes, print_error, print_notes, run_generate,
};

mod bench;
mod contract;
mod corpus;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The project's tasks: regenerate the checked-in SDK, write a crate for any OpenAPI 3.x or
/// Swagger 2.0 document, and measure the generator.
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
    /// Creates, updates and removes generated files and prints what changed, replacing the
    /// folder atomically. Files under the output folder that the generator did not write
    /// (no header line) are left alone.
    Codegen(CodegenArgs),
    /// Write (or, with --check, compare) a standalone crate for any OpenAPI 3.x or
    /// Swagger 2.0 document (YAML or JSON); the same as the `openapi-codegen generate`
    /// command.
    Generate(GenerateArgs),
    /// Generate every document of the real-document corpus (`tests/corpus/`) and check
    /// each crate with `cargo clippy --all-features`, warnings denied.
    Corpus(corpus::CorpusArgs),
    /// Call every operation of a document's generated client against Prism (or a real
    /// server) and judge each request and answer; exits 1 on any failure.
    Contract(contract::ContractArgs),
    /// Write a deterministic synthetic OpenAPI document (benchmarks, scale tests).
    Synth(bench::SynthArgs),
    /// Time each generator stage and the whole `generate` process.
    GenTime(bench::GenTimeArgs),
    /// Count the generated lines and items and time `cargo build` of the crate.
    CompileCost(bench::CompileCostArgs),
    /// Time the in-process drift check (what the drift test runs).
    DriftTime(bench::DriftTimeArgs),
    /// The peak memory per operation of generating a synthetic document (issue 23's target
    /// of 10 KiB); exits 1 when the median run is over the target.
    MemPerOp(bench::MemPerOpArgs),
    /// Read a document with openapiv3 alone and exit: the process `gen-time` compares
    /// the whole `generate` process with.
    #[command(hide = true)]
    ParseFloor(bench::ParseFloorArgs),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.task) {
        Ok(code) => code,
        Err(error) => {
            print_error(&error);
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<ExitCode> {
    match task {
        Task::Codegen(args) => codegen(&args),
        Task::Generate(args) => run_generate(
            &args,
            xtask::GENERATE_COMMAND,
            Some(xtask::protected_workspace()),
        ),
        Task::Corpus(args) => corpus::corpus(&args).map(|()| ExitCode::SUCCESS),
        Task::Contract(args) => contract::contract(&args).map(|clean| {
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }),
        Task::Synth(args) => bench::synth(&args).map(|()| ExitCode::SUCCESS),
        Task::GenTime(args) => bench::gen_time(&args).map(|()| ExitCode::SUCCESS),
        Task::CompileCost(args) => bench::compile_cost(&args).map(|()| ExitCode::SUCCESS),
        Task::DriftTime(args) => bench::drift_time(&args).map(|()| ExitCode::SUCCESS),
        Task::MemPerOp(args) => bench::mem_per_op(&args).map(|met| {
            if met {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }),
        Task::ParseFloor(args) => bench::parse_floor(&args).map(|()| ExitCode::SUCCESS),
    }
}

fn codegen(args: &CodegenArgs) -> Result<ExitCode> {
    let root = xtask::workspace_root();
    let options = xtask::CodegenOptions {
        check: args.check,
        deny_warnings: args.deny_warnings,
        ..Default::default()
    };
    let xtask::CodegenReport { plan, tree } = xtask::codegen(&root, &options)?;
    eprint!("{}", xtask::render_warnings_with_summary(&plan.warnings));
    print_notes(&tree);
    let shown = plan
        .output_dir
        .strip_prefix(&root)
        .unwrap_or(&plan.output_dir);
    let shown = shown.display().to_string();
    // Files the generator did not write are named whether it writes or only checks: they
    // are not drift, but a maintainer should know they are there.
    for line in xtask::left_alone_lines(&shown, &tree.left_alone) {
        println!("{line}");
    }
    if args.check && !tree.changes.is_empty() {
        eprintln!("{}", xtask::drift_report(&tree.changes));
        return Ok(ExitCode::FAILURE);
    }
    if tree.changes.is_empty() {
        println!("{shown}/ is up to date ({} files)", plan.files.len());
    }
    print_changes(&shown, &tree.changes);
    Ok(ExitCode::SUCCESS)
}
