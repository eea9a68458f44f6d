//! Performance tasks: `synth` writes a synthetic document, `gen-time` times the generator
//! stage by stage and as a whole process, `compile-cost` measures what the generated code
//! costs to build.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use openapi_codegen::{Config, emit, format, load, lower};
use openapi_synthetic::{self as synthetic, Shape};

/// `synth (--ops N | --github-size) --out FILE`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of operations, with short descriptions and no examples (about 2.5 KB of
    /// JSON each).
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "github_size",
        conflicts_with = "github_size"
    )]
    pub ops: Option<usize>,
    /// About the size of GitHub's REST API description: 1,100 operations, long
    /// descriptions and examples, ~13 MB.
    #[arg(long)]
    pub github_size: bool,
    /// With `--ops N`: N operations that each repeat the same inline schemas (a
    /// 250-value country enum, address and money objects, a status enum), as
    /// hand-written vendor documents do (~12 KB per operation).
    #[arg(long, requires = "ops")]
    pub repeated_shapes: bool,
    /// The file to write the JSON document to.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Writes the synthetic document `args` describe.
pub fn synth(args: &SynthArgs) -> Result<()> {
    let text = match args.ops {
        Some(operations) if args.repeated_shapes => synthetic::repeated_shapes_json(operations),
        Some(operations) if !args.github_size => {
            synthetic::document_json(&Shape::operations(operations))
        }
        _ => synthetic::document_json(&Shape::github_size()),
    };
    let out = &args.out;
    fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
    let operations = args
        .ops
        .filter(|_| !args.github_size)
        .unwrap_or(Shape::github_size().operations);
    println!(
        "wrote {}: {operations} operations, {} bytes",
        out.display(),
        text.len()
    );
    Ok(())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The times of several runs of one measurement.
#[derive(Debug, Clone, Copy)]
struct Timing {
    median: Duration,
    best: Duration,
}

impl Timing {
    fn of(samples: Vec<Duration>) -> Timing {
        let best = samples.iter().min().copied().unwrap_or_default();
        Timing {
            median: median(samples),
            best,
        }
    }
}

/// Runs `f` `runs` times and returns its timing and the last result.
fn timed<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Timing, T)> {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f()?);
        samples.push(start.elapsed());
    }
    let last = last.context("no run")?;
    Ok((Timing::of(samples), last))
}

/// `gen-time --spec FILE [--runs N]`.
#[derive(Debug, Args)]
pub struct GenTimeArgs {
    /// The OpenAPI document to time the generator on.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// How many times to run each measurement; the median and the best are shown.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub runs: usize,
    /// Another generator to time in the same runs, as a command line whose words
    /// `{spec}` and `{out}` are replaced by the document and a fresh output folder
    /// (split at spaces, no shell): e.g.
    /// `--peer "/path/to/openapi-to-rust generate --input {spec} --output {out}"`.
    /// Each run of this generator is followed by one of the peer, so both see the same
    /// machine; the ratio of their medians is printed.
    #[arg(long, value_name = "COMMAND")]
    pub peer: Option<String>,
}

/// Runs the peer's command line once into `out`, answering how long it took.
fn run_peer(template: &str, spec: &Path, out: &Path) -> Result<Duration> {
    let words: Vec<String> = template
        .split_whitespace()
        .map(|word| {
            word.replace("{spec}", &spec.display().to_string())
                .replace("{out}", &out.display().to_string())
        })
        .collect();
    let (program, arguments) = words.split_first().context("--peer is an empty command")?;
    let start = Instant::now();
    let status = Command::new(program)
        .args(arguments)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running the peer `{program}`"))?;
    let elapsed = start.elapsed();
    if !status.success() {
        bail!(
            "the peer `{template}` failed ({status}) on {}",
            spec.display()
        );
    }
    Ok(elapsed)
}

/// The median time of each stage in-process, the parse floor (`openapiv3` alone), and
/// the whole `xtask generate` process from reading the file to writing the crate.
pub fn gen_time(args: &GenTimeArgs) -> Result<()> {
    let spec = &args.spec;
    let runs = args.runs;
    let text = fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let config = Config::new("gen-time-api");
    let is_json = text.trim_start().starts_with('{');

    let (floor, _) = timed(runs, || parse_with_openapiv3(&text, is_json))?;
    let (load_time, loaded) = timed(runs, || Ok(load::load_document(&text)?))?;
    let (lower_time, (api, _)) = timed(runs, || Ok(lower::lower(&loaded.document, &config)?))?;
    let (emit_time, _) = timed(runs, || Ok(emit::emit(&api, &config).len()))?;
    let mut format_samples = Vec::new();
    for _ in 0..runs.max(1) {
        let files = emit::emit(&api, &config);
        let start = Instant::now();
        format::format_all(files, &config)?;
        format_samples.push(start.elapsed());
    }
    let (whole, files) = timed(runs, || {
        Ok(openapi_codegen::generate_from_text(&text, &config)?)
    })?;
    let lines: usize = files.files.iter().map(|f| f.contents.lines().count()).sum();

    // The whole process, as a user runs it: this binary's `generate` command, each run
    // into a fresh folder (a run into an up-to-date folder would write nothing).
    let outs = std::env::temp_dir().join(format!("xtask-gen-time-{}", std::process::id()));
    let exe = std::env::current_exe().context("finding the xtask binary")?;
    // The floor as a process too: starting, reading the file and touching fresh memory
    // for the document, which the in-process floor (warm, repeated) does not pay.
    let (floor_process, _) = timed(runs, || {
        let status = Command::new(&exe)
            .args(["parse-floor", "--spec"])
            .arg(spec)
            .status()
            .context("running xtask parse-floor")?;
        if !status.success() {
            bail!("xtask parse-floor failed");
        }
        Ok(())
    })?;
    // Each process run follows a run of the floor, so that a pair sees the same machine:
    // on a VM whose speed drifts between minutes, the ratio run by run is steadier than
    // the ratio of two figures taken apart.
    let mut process_samples = Vec::with_capacity(runs.max(1));
    let mut ratios = Vec::with_capacity(runs.max(1));
    let mut peer_samples = Vec::new();
    for run in 1..=runs.max(1) {
        let start = Instant::now();
        parse_with_openapiv3(&text, is_json)?;
        let floor_now = start.elapsed();
        let start = Instant::now();
        let status = Command::new(&exe)
            .args(["generate", "--crate-name", "gen-time-api", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(outs.join(format!("run-{run}")))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .context("running xtask generate")?;
        let elapsed = start.elapsed();
        if !status.success() {
            bail!("xtask generate failed");
        }
        process_samples.push(elapsed);
        ratios.push(elapsed.as_secs_f64() / floor_now.as_secs_f64().max(1e-9));
        if let Some(peer) = &args.peer {
            let out = outs.join(format!("peer-{run}"));
            peer_samples.push(run_peer(peer, spec, &out)?);
        }
    }
    let process = Timing::of(process_samples);
    let peer = (!peer_samples.is_empty()).then(|| Timing::of(peer_samples));
    let _ = fs::remove_dir_all(&outs);

    println!(
        "{}: {} bytes, {} generated lines; {runs} runs ({} threads available)",
        spec.display(),
        text.len(),
        lines,
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    let rows = [
        ("parse floor (openapiv3 alone)", floor),
        ("load", load_time),
        ("lower", lower_time),
        ("emit (all files, one thread)", emit_time),
        ("format (all files, one thread)", Timing::of(format_samples)),
        ("generate_from_text (files in parallel)", whole),
        ("whole `xtask generate` process", process),
        ("openapiv3 alone, as a process", floor_process),
    ];
    let rows = rows
        .into_iter()
        .chain(peer.map(|peer| ("the peer (--peer), as a process", peer)));
    println!("  {:<40} {:>10} {:>10}", "", "median", "best");
    for (label, time) in rows {
        println!(
            "  {label:<40} {:>10} {:>10}",
            ms(time.median),
            ms(time.best)
        );
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!(
        "  whole process / parse floor: {:.1}x (medians), {:.1}x (bests)",
        ratio(process.median, floor.median),
        ratio(process.best, floor.best)
    );
    println!(
        "  whole process / openapiv3 as a process: {:.1}x (medians), {:.1}x (bests)",
        ratio(process.median, floor_process.median),
        ratio(process.best, floor_process.best)
    );
    if let Some(peer) = peer {
        println!(
            "  whole process / the peer: {:.2} (medians), {:.2} (bests)",
            ratio(process.median, peer.median),
            ratio(process.best, peer.best)
        );
    }
    // The median only: the lowest pair is the run whose floor was slowed the most.
    ratios.sort_by(f64::total_cmp);
    println!(
        "  whole process / parse floor run by run (the floor just before each process run): \
         {:.1}x (median)",
        ratios.get(ratios.len() / 2).copied().unwrap_or_default()
    );
    Ok(())
}

/// `parse-floor --spec FILE`.
#[derive(Debug, Args)]
pub struct ParseFloorArgs {
    /// The OpenAPI document to read.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
}

/// Reads the document with openapiv3 alone (JSON or YAML, as `gen-time` does).
pub fn parse_floor(args: &ParseFloorArgs) -> Result<()> {
    let text = fs::read_to_string(&args.spec)
        .with_context(|| format!("reading {}", args.spec.display()))?;
    let is_json = text.trim_start().starts_with('{');
    parse_with_openapiv3(&text, is_json).map(drop)
}

fn parse_with_openapiv3(text: &str, is_json: bool) -> Result<openapiv3::OpenAPI> {
    Ok(if is_json {
        serde_json::from_str(text)?
    } else {
        serde_yaml::from_str(text)?
    })
}

/// `compile-cost --spec FILE [--name NAME] [--release] [--features LIST]`.
#[derive(Debug, Args)]
pub struct CompileCostArgs {
    /// The OpenAPI document to generate the crate from.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// A short name for the crate and its folder (default: the document's file stem);
    /// the crate is written to `target/compile-cost/cc-NAME`.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Time `cargo build --release` instead of a debug build.
    #[arg(long)]
    pub release: bool,
    /// Cargo features of the generated crate to build and check it with (`mock`,
    /// `tracing`, comma-separated); none by default.
    #[arg(long, value_name = "LIST")]
    pub features: Option<String>,
}

/// Generates a standalone crate into `target/compile-cost/cc-NAME`, counts its lines and
/// items, and times `cargo build` of it with its dependencies already built in a shared
/// target directory.
pub fn compile_cost(args: &CompileCostArgs) -> Result<()> {
    let spec = &args.spec;
    let release = args.release;
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .to_owned();
    let name = args.name.clone().unwrap_or(stem);
    let crate_name = crate::contract::package_name(&format!("cc-{name}"));
    let root = xtask::workspace_root();
    let base = root.join("target/compile-cost");
    let dir = base.join(&crate_name);
    let _ = fs::remove_dir_all(&dir);
    let files =
        xtask::generate_standalone(spec, &dir, &crate_name, &xtask::GenerateOptions::default())?
            .generated;
    // The workspace's lock file pins the same dependency versions as the workspace.
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).context("copying Cargo.lock")?;

    let mut lines = 0;
    let mut counts = ItemCounts::default();
    for file in files.files.iter().filter(|f| f.path.ends_with(".rs")) {
        lines += file.contents.lines().count();
        let parsed = syn::parse_file(&file.contents)
            .with_context(|| format!("parsing generated {}", file.path))?;
        counts.add_items(&parsed.items);
    }

    let target_dir = base.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |subcommand: &[&str]| -> Result<Duration> {
        let start = Instant::now();
        let mut command = Command::new(&cargo);
        command
            .args(subcommand)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if release && subcommand[0] == "build" {
            command.arg("--release");
        }
        if let Some(features) = &args.features
            && matches!(subcommand[0], "build" | "check")
        {
            command.arg("--features").arg(features);
        }
        let status = command.status().context("running cargo")?;
        if !status.success() {
            bail!(
                "`cargo {}` failed on {}; run it by hand to see why",
                subcommand.join(" "),
                dir.display()
            );
        }
        Ok(start.elapsed())
    };
    let first = run(&["build"])?;
    let mut clean = Vec::new();
    let mut incremental = Vec::new();
    let mut check = Vec::new();
    for _ in 0..3 {
        let mut clean_args = vec!["clean", "-p", crate_name.as_str()];
        if release {
            clean_args.push("--release");
        }
        run(&clean_args)?;
        clean.push(run(&["build"])?);
        touch(&dir.join("src/models.rs"))?;
        incremental.push(run(&["build"])?);
        run(&["clean", "-p", crate_name.as_str()])?;
        check.push(run(&["check"])?);
    }
    println!(
        "{}: {} generated Rust lines; {} items ({} structs, {} enums, {} type aliases, {} impl blocks, {} fns incl. methods, {} other)",
        dir.display(),
        lines,
        counts.total(),
        counts.structs,
        counts.enums,
        counts.aliases,
        counts.impls,
        counts.functions,
        counts.other
    );
    let features = args
        .features
        .as_ref()
        .map(|features| format!(" --features {features}"))
        .unwrap_or_default();
    println!(
        "  cargo build{}{features} (median of 3, dependencies already built):",
        if release { " --release" } else { "" }
    );
    println!("    first build incl. dependencies  {:>10}", ms(first));
    println!(
        "    clean crate                     {:>10}",
        ms(median(clean))
    );
    println!(
        "    incremental (models.rs touched) {:>10}",
        ms(median(incremental))
    );
    println!(
        "  cargo check{features}, clean crate  {:>10}",
        ms(median(check))
    );
    Ok(())
}

/// Sets a file's modification time to now, so cargo rebuilds the crate.
fn touch(path: &Path) -> Result<()> {
    let file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .with_context(|| format!("touching {}", path.display()))
}

#[derive(Default)]
struct ItemCounts {
    structs: usize,
    enums: usize,
    aliases: usize,
    impls: usize,
    functions: usize,
    other: usize,
}

impl ItemCounts {
    fn total(&self) -> usize {
        self.structs + self.enums + self.aliases + self.impls + self.functions + self.other
    }

    fn add_items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(_) => self.structs += 1,
                syn::Item::Enum(_) => self.enums += 1,
                syn::Item::Type(_) => self.aliases += 1,
                syn::Item::Fn(_) => self.functions += 1,
                syn::Item::Impl(block) => {
                    self.impls += 1;
                    self.functions += block
                        .items
                        .iter()
                        .filter(|i| matches!(i, syn::ImplItem::Fn(_)))
                        .count();
                }
                syn::Item::Mod(module) => {
                    self.other += 1;
                    if let Some((_, inner)) = &module.content {
                        self.add_items(inner);
                    }
                }
                _ => self.other += 1,
            }
        }
    }
}

/// `drift-time [--runs N]`.
#[derive(Debug, Args)]
pub struct DriftTimeArgs {
    /// How many times to run each measurement; the median is shown.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub runs: usize,
}

/// The in-process drift check (`plan_codegen` + `check`), as the drift test runs it.
pub fn drift_time(args: &DriftTimeArgs) -> Result<()> {
    let runs = args.runs;
    let root = xtask::workspace_root();
    let (plan_time, plan) = timed(runs, || xtask::plan_codegen(&root))?;
    let (check_time, drift) = timed(runs, || xtask::check(&plan))?;
    let (whole, _) = timed(runs, || {
        let plan = xtask::plan_codegen(&root)?;
        xtask::check(&plan)
    })?;
    println!(
        "drift check of {} ({} files, {}): median of {runs} runs",
        plan.output_dir.display(),
        plan.files.len(),
        if drift.is_empty() {
            "up to date"
        } else {
            "DRIFTED"
        }
    );
    println!(
        "  plan_codegen (read spec, generate)  {:>10}",
        ms(plan_time.median)
    );
    println!(
        "  check (compare with disk)           {:>10}",
        ms(check_time.median)
    );
    println!(
        "  both                                {:>10}",
        ms(whole.median)
    );
    Ok(())
}
