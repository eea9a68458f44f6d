//! `openapi-codegen`: the generator as a command for any Rust project (clap over this
//! crate's library, the same code `cargo xtask generate` runs).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_codegen_cli::command::{GenerateArgs, print_error, run_generate};
use openapi_codegen_cli::{COMMAND, ProtectedFolder};

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
    };
    result.unwrap_or_else(|error| {
        print_error(&error);
        ExitCode::FAILURE
    })
}
