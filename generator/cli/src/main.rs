//! `openapi-codegen`: the generator as a command for any Rust project (clap over this
//! crate's library, the same code `cargo xtask generate` runs).

use std::process::ExitCode;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use openapi_codegen_cli::command::{GenerateArgs, print_error, run_generate};
use openapi_codegen_cli::{
    COMMAND, DEFAULT_MAX_SPEC_BYTES, ProtectedFolder, generate_from_document,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes a Rust client crate for an OpenAPI 3.x or Swagger 2.0 document (YAML or JSON):
/// model types with serde, an async client on reqwest, and a typed mock server behind the
/// crate's `mock` feature.
///
/// The generator writes only files of its own (each starts with its header line), only
/// into the folder it is given, atomically; files it did not write are kept. `--check`
/// writes nothing and exits 1 when the crate differs from what would be written now, for
/// a drift check in CI.
#[derive(Debug, Parser)]
#[command(name = "openapi-codegen", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write (or, with --check, compare) a standalone crate for a document.
    Generate(GenerateArgs),
    /// Print the `[dependencies]` and `[features]` tables the generated code needs, for
    /// the `Cargo.toml` of a crate that includes it as a module from `build.rs`
    /// (docs/build-rs.md).
    Dependencies(DependenciesArgs),
}

#[derive(Debug, Args)]
struct DependenciesArgs {
    /// The OpenAPI 3.x or Swagger 2.0 document (YAML or JSON; the files it refers to are
    /// read beside it).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// Follow references to files outside the document's folder.
    #[arg(long)]
    allow_outside_refs: bool,
    /// The largest file to read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SPEC_BYTES)]
    max_spec_bytes: u64,
}

/// Prints what the generated module of `args.spec` needs in its crate's `Cargo.toml`.
fn print_dependencies(args: &DependenciesArgs) -> anyhow::Result<ExitCode> {
    let mut config = openapi_codegen::Config::new("api");
    config.layout = openapi_codegen::Layout::Module;
    config.allow_outside_refs = args.allow_outside_refs;
    let generated = generate_from_document(&args.spec, &config, args.max_spec_bytes)?;
    print!("{}", generated.dependencies);
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(args) => {
            // The output folder is replaced as a whole, so it must not hold the folder the
            // command runs in.
            let protect = std::env::current_dir().ok().map(|path| ProtectedFolder {
                path,
                what: "the current folder".to_owned(),
            });
            run_generate(args, COMMAND, protect)
        }
        Command::Dependencies(args) => print_dependencies(args),
    };
    result.unwrap_or_else(|error| {
        print_error(&error);
        ExitCode::FAILURE
    })
}
