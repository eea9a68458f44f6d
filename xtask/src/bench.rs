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

/// `synth (--ops N [--repeated-shapes | --lean] | --github-size) --out FILE`.
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
    #[arg(long, requires = "ops", conflicts_with = "lean")]
    pub repeated_shapes: bool,
    /// With `--ops N`: N operations of one path parameter and one three-property
    /// component each (~0.9 KB per operation), the shape of the memory target in
    /// docs/performance.md.
    #[arg(long, requires = "ops")]
    pub lean: bool,
    /// The file to write the JSON document to.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Writes the synthetic document `args` describe.
pub fn synth(args: &SynthArgs) -> Result<()> {
    let text = match args.ops {
        Some(operations) if args.repeated_shapes => synthetic::repeated_shapes_json(operations),
        Some(operations) if args.lean => synthetic::lean_json(operations),
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
    let (lower_time, (api, _)) = timed(runs, || Ok(lower::lower(&loaded, &config)?))?;
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

/// `compile-cost --spec FILE [--name NAME] [--release] [--features SETS]... [--runs N]
/// [--incremental] [--peer COMMAND]`.
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
    /// The cargo feature sets of the generated crate to build and check it with, each
    /// measured in turn: `default` (the crate's default features), `none`
    /// (`--no-default-features`), `all` (`--all-features`) or a comma-separated list of
    /// features built without the defaults (`issues,tracing`). Several sets are separated
    /// by `|` or given as several `--features`; `default` alone when not given.
    #[arg(long, value_name = "SETS")]
    pub features: Vec<String>,
    /// How many times to run each measurement; the median is shown.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Also time a rebuild after `src/models.rs` is touched (a whole crate build again).
    #[arg(long)]
    pub incremental: bool,
    /// Another generator whose code for the same document is measured in the same runs,
    /// as a command line whose words `{spec}` and `{out}` are replaced by the document and
    /// a folder to write to (split at spaces, no shell): e.g. `--peer
    /// "/path/to/openapi-to-rust generate {spec} --output-dir {out} --quiet"`. `{out}` is
    /// `src/peer` of a crate written around it (`src/lib.rs` is `pub mod peer;`, the
    /// dependencies those of `{out}/REQUIRED_DEPS.toml` when the peer writes one, as
    /// openapi-to-rust does). Each run measures our crate and then the peer's, so both see
    /// the same machine.
    #[arg(long, value_name = "COMMAND")]
    pub peer: Option<String>,
}

/// One feature set of `--features`: its label and the cargo arguments that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FeatureSet {
    label: String,
    arguments: Vec<String>,
}

/// The feature sets `--features` names (see [`CompileCostArgs::features`]).
fn feature_sets(given: &[String]) -> Result<Vec<FeatureSet>> {
    let mut sets = Vec::new();
    for set in given.iter().flat_map(|value| value.split('|')) {
        let set = set.trim();
        let arguments: Vec<String> = match set {
            "" => bail!("--features has an empty feature set (in {given:?})"),
            "default" => Vec::new(),
            "none" => vec!["--no-default-features".to_owned()],
            "all" => vec!["--all-features".to_owned()],
            list => {
                if list.split(',').any(|feature| feature.trim().is_empty()) {
                    bail!("--features has an empty feature name in `{list}`");
                }
                vec![
                    "--no-default-features".to_owned(),
                    "--features".to_owned(),
                    list.to_owned(),
                ]
            }
        };
        sets.push(FeatureSet {
            label: set.to_owned(),
            arguments,
        });
    }
    if sets.is_empty() {
        sets.push(FeatureSet {
            label: "default".to_owned(),
            arguments: Vec::new(),
        });
    }
    Ok(sets)
}

/// The times of one crate under one feature set.
#[derive(Default)]
struct CrateTimes {
    build: Vec<Duration>,
    incremental: Vec<Duration>,
    check: Vec<Duration>,
}

/// Generates a standalone crate into `target/compile-cost/cc-NAME`, counts its lines and
/// items, and times `cargo check` and `cargo build` of it (each after `cargo clean -p` of
/// the crate alone) with its dependencies already built in a shared target directory,
/// under every feature set asked for, and a peer generator's crate in the same runs.
pub fn compile_cost(args: &CompileCostArgs) -> Result<()> {
    let spec = &args.spec;
    let release = args.release;
    let sets = feature_sets(&args.features)?;
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

    let peer = match &args.peer {
        Some(template) => {
            let out = base.join(format!("peer-{name}"));
            let _ = fs::remove_dir_all(&out);
            run_peer(template, spec, &out.join("src/peer"))?;
            let package = crate::contract::package_name(&format!("peer-{name}"));
            write_peer_crate(&out, &package)?;
            fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
                .context("copying Cargo.lock")?;
            println!(
                "{}: the peer's crate `{package}`, {} Rust lines",
                out.display(),
                rust_lines(&out.join("src"))?
            );
            Some((out, package))
        }
        None => None,
    };

    let target_dir = base.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |dir: &Path, subcommand: &[&str], features: &[String]| -> Result<Duration> {
        let start = Instant::now();
        let mut command = Command::new(&cargo);
        command
            .args(subcommand)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if release && matches!(subcommand[0], "build" | "clean") {
            command.arg("--release");
        }
        if matches!(subcommand[0], "build" | "check") {
            command.args(features);
        }
        let status = command.status().context("running cargo")?;
        if !status.success() {
            bail!(
                "`cargo {} {}` failed on {}; run it by hand to see why",
                subcommand.join(" "),
                features.join(" "),
                dir.display()
            );
        }
        Ok(start.elapsed())
    };
    // Dependencies first, with every feature set, so that no measurement builds them.
    let mut first = Duration::ZERO;
    for set in &sets {
        first += run(&dir, &["build"], &set.arguments)?;
        run(&dir, &["check"], &set.arguments)?;
    }
    // A peer whose code does not compile is reported, and our crate measured alone.
    let peer = peer.filter(|(peer_dir, _)| {
        let built = run(peer_dir, &["check"], &[]).and_then(|_| run(peer_dir, &["build"], &[]));
        if let Err(error) = &built {
            println!("  the peer's crate is not measured: {error:#}");
        }
        built.is_ok()
    });
    let mut ours: Vec<CrateTimes> = sets.iter().map(|_| CrateTimes::default()).collect();
    let mut theirs = CrateTimes::default();
    let measure = |dir: &Path, package: &str, arguments: &[String], times: &mut CrateTimes| {
        run(dir, &["clean", "-p", package], &[])?;
        times.build.push(run(dir, &["build"], arguments)?);
        if args.incremental {
            touch(&dir.join("src/models.rs"))?;
            times.incremental.push(run(dir, &["build"], arguments)?);
        }
        run(dir, &["clean", "-p", package], &[])?;
        times.check.push(run(dir, &["check"], arguments)?);
        anyhow::Ok(())
    };
    for _ in 0..args.runs.max(1) {
        for (set, times) in sets.iter().zip(&mut ours) {
            measure(&dir, &crate_name, &set.arguments, times)?;
        }
        if let Some((peer_dir, package)) = &peer {
            measure(peer_dir, package, &[], &mut theirs)?;
        }
    }

    let profile = if release { "--release" } else { "debug" };
    println!(
        "  {profile}, median of {} (dependencies built first, {} incl. them):",
        args.runs.max(1),
        ms(first)
    );
    let report = |label: &str, times: CrateTimes| {
        let incremental = if times.incremental.is_empty() {
            String::new()
        } else {
            format!(
                "  incremental (models.rs touched) {:>10}",
                ms(median(times.incremental))
            )
        };
        println!(
            "    {label:<32} cargo check {:>10}  clean cargo build {:>10}{incremental}",
            ms(median(times.check)),
            ms(median(times.build)),
        );
    };
    for (set, times) in sets.iter().zip(ours) {
        report(&format!("features {}", set.label), times);
    }
    if peer.is_some() {
        report("peer", theirs);
    }
    Ok(())
}

/// A crate around the module a peer wrote to `dir/src/peer`: its `mod.rs` as the module
/// `peer`, and the dependencies its `REQUIRED_DEPS.toml` lists (a `[dependencies]` table,
/// openapi-to-rust's fragment), if any.
fn write_peer_crate(dir: &Path, package: &str) -> Result<()> {
    let module = dir.join("src/peer");
    if !module.join("mod.rs").is_file() {
        bail!(
            "the peer wrote no mod.rs into {}: compile-cost measures a module tree",
            module.display()
        );
    }
    let dependencies = match fs::read_to_string(module.join("REQUIRED_DEPS.toml")) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).context("reading the peer's REQUIRED_DEPS.toml"),
    };
    let manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n{dependencies}\n\n[workspace]\n"
    );
    fs::write(dir.join("Cargo.toml"), manifest).context("writing the peer's Cargo.toml")?;
    fs::write(dir.join("src/lib.rs"), "pub mod peer;\n").context("writing the peer's lib.rs")?;
    Ok(())
}

/// The lines of the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> Result<usize> {
    let mut lines = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            lines += rust_lines(&path)?;
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            lines += fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?
                .lines()
                .count();
        }
    }
    Ok(lines)
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

#[cfg(test)]
mod tests {
    use super::feature_sets;

    fn arguments(given: &[&str]) -> Vec<(String, Vec<String>)> {
        let given: Vec<String> = given.iter().map(|value| (*value).to_owned()).collect();
        feature_sets(&given)
            .expect("valid sets")
            .into_iter()
            .map(|set| (set.label, set.arguments))
            .collect()
    }

    #[test]
    fn feature_sets_are_split_at_bars_and_read_by_keyword() {
        let sets = arguments(&["none|all", "issues,pulls"]);
        let labels: Vec<&str> = sets.iter().map(|(label, _)| label.as_str()).collect();
        assert_eq!(labels, ["none", "all", "issues,pulls"]);
        assert_eq!(sets[0].1, ["--no-default-features"]);
        assert_eq!(sets[1].1, ["--all-features"]);
        assert_eq!(
            sets[2].1,
            ["--no-default-features", "--features", "issues,pulls"]
        );
        assert_eq!(arguments(&[]), [("default".to_owned(), Vec::new())]);
        assert_eq!(
            arguments(&["default"]),
            [("default".to_owned(), Vec::new())]
        );
    }

    #[test]
    fn empty_feature_sets_and_names_are_refused() {
        for given in ["none||all", "issues,,pulls", ""] {
            assert!(
                feature_sets(&[given.to_owned()]).is_err(),
                "{given:?} was accepted"
            );
        }
    }
}

/// `mem-per-op [--ops N] [--runs R] [--target-kb K]`.
#[derive(Debug, Args)]
pub struct MemPerOpArgs {
    /// Operations of the synthetic document (`synth --lean`: one path parameter and one
    /// three-property component each).
    #[arg(long, default_value_t = 100_000)]
    ops: usize,
    /// Runs, each a fresh `xtask generate` process into a fresh folder.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// The target: the most KiB per operation at the peak (issue 23, item 12b).
    #[arg(long, default_value_t = 10.0)]
    target_kb: f64,
}

/// The peak resident set of generating a synthetic document of `--ops` operations, per
/// operation, each run a process of its own (this build's `xtask generate`, which runs
/// what `openapi-codegen generate` runs, with the same allocator): fails when the median
/// run is over the target. Linux only (the peak is the process's `VmHWM`).
pub fn mem_per_op(args: &MemPerOpArgs) -> Result<bool> {
    if args.ops == 0 || args.runs == 0 {
        bail!("--ops and --runs must be at least 1");
    }
    let folder = std::env::temp_dir().join(format!("xtask-mem-per-op-{}", std::process::id()));
    fs::create_dir(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let measured = measure_runs(args, &folder);
    let removed = fs::remove_dir_all(&folder);
    let mut peaks = measured?;
    removed.with_context(|| format!("removing {}", folder.display()))?;
    peaks.sort_unstable();
    let per_op = |kib: u64| kib as f64 / args.ops as f64;
    let median = peaks[peaks.len() / 2];
    for (run, kib) in peaks.iter().enumerate() {
        println!(
            "  run {}: {kib} KiB, {:.2} KiB per operation",
            run + 1,
            per_op(*kib)
        );
    }
    let within = per_op(median) <= args.target_kb;
    println!(
        "median {median} KiB for {} operations: {:.2} KiB per operation, target {:.2}: {}",
        args.ops,
        per_op(median),
        args.target_kb,
        if within { "met" } else { "NOT met" }
    );
    Ok(within)
}

fn measure_runs(args: &MemPerOpArgs, folder: &Path) -> Result<Vec<u64>> {
    let spec = folder.join("lean.json");
    fs::write(&spec, synthetic::lean_json(args.ops))
        .with_context(|| format!("writing {}", spec.display()))?;
    let exe = std::env::current_exe().context("finding this xtask's binary")?;
    let mut peaks = Vec::new();
    for run in 0..args.runs {
        let out = folder.join(format!("out-{run}"));
        let output = Command::new(&exe)
            .arg("generate")
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .args(["--crate-name", "synthetic", "--print-peak-memory"])
            .output()
            .with_context(|| format!("running {}", exe.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!(
                "generate failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let kib = stdout
            .lines()
            .find_map(|line| line.strip_prefix("peak resident set: "))
            .and_then(|rest| rest.strip_suffix(" KiB"))
            .and_then(|kib| kib.parse::<u64>().ok())
            .with_context(|| format!("no peak in the output (Linux only): {stdout}"))?;
        peaks.push(kib);
        fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    Ok(peaks)
}
