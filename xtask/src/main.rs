//! `cargo xtask codegen [--check]` and `cargo xtask generate --spec FILE --out DIR
//! --crate-name NAME`: the command line over the xtask library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

mod bench;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
      regenerate generated/ from spec/ (with --check: write nothing, fail on any difference)
  cargo xtask generate --spec FILE --out DIR --crate-name NAME
      write a standalone crate for any OpenAPI 3.0 document
  cargo xtask synth (--ops N | --github-size) --out FILE
      write a synthetic OpenAPI document (benchmarks, scale tests)
  cargo xtask gen-time --spec FILE [--runs N]
      time each generator stage and the whole `generate` process
  cargo xtask compile-cost --spec FILE [--name NAME] [--release]
      count the generated lines and items and time `cargo build` of the crate
  cargo xtask drift-time [--runs N]
      time the in-process drift check (what the drift test runs)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let Some((command, rest)) = args.split_first() else {
        bail!("no command given\n{USAGE}");
    };
    match command.as_str() {
        "codegen" => codegen(rest),
        "generate" => generate(rest),
        "synth" => bench::synth(rest).map(|()| ExitCode::SUCCESS),
        "gen-time" => bench::gen_time(rest).map(|()| ExitCode::SUCCESS),
        "compile-cost" => bench::compile_cost(rest).map(|()| ExitCode::SUCCESS),
        "drift-time" => bench::drift_time(rest).map(|()| ExitCode::SUCCESS),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

fn codegen(args: &[String]) -> Result<ExitCode> {
    let check_only = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("unexpected arguments {args:?}\n{USAGE}"),
    };
    let root = xtask::workspace_root();
    let plan = xtask::plan_codegen(&root)?;
    eprint!("{}", openapi_codegen::render_warnings(&plan.warnings));
    if check_only {
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

fn generate(args: &[String]) -> Result<ExitCode> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().map(String::as_str);
        match (flag.as_str(), value) {
            ("--spec", Some(value)) => spec = Some(PathBuf::from(value)),
            ("--out", Some(value)) => out = Some(PathBuf::from(value)),
            ("--crate-name", Some(value)) => crate_name = Some(value.to_owned()),
            _ => bail!("unexpected argument `{flag}`\n{USAGE}"),
        }
    }
    let (Some(spec), Some(out), Some(crate_name)) = (spec, out, crate_name) else {
        bail!("--spec, --out and --crate-name are all required\n{USAGE}");
    };
    let generated = xtask::generate_standalone(&spec, &out, &crate_name)?;
    eprint!("{}", openapi_codegen::render_warnings(&generated.warnings));
    println!("wrote {} files to {}", generated.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}
