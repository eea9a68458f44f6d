//! `cargo xtask contract`: every operation of a generated client called on the wire and
//! judged by a tool nobody here wrote. The crate for a document is generated under
//! `target/contract/work/<name>/api` with a driver beside it (see [`driver`]); the driver
//! calls each operation with arguments built from the document ([`values`]) against
//! Prism (`@stoplight/prism-cli`, installed by npm into `target/contract/prism`), which
//! checks each request against the document (its `sl-violations` header) and answers
//! with the document's examples or, with `--dynamic N`, random schema-valid bodies that
//! the generated types must decode. With `--base-url` the calls go to a real server
//! instead, only GET and HEAD unless `--allow-writes`.

mod driver;
mod pattern;
mod values;
mod warned;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead as _, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use openapi_codegen::ir::Api;
use openapi_codegen::lower::media::{is_json, media_essence};
use serde_json::Value;

use values::ValueBuilder;

/// The Prism release the check runs (the newest 5.x that runs on Node 20).
pub const PRISM_VERSION: &str = "5.14.2";

/// The bound Prism's faker gives a `format: float` number when it makes a value up in
/// static mode: 2^128, just past the largest `f32` (3.4028235e38), written as JavaScript
/// writes it.
const PRISM_FLOAT_BOUND: &str = "3.402823669209385e+38";

/// `cargo xtask contract` flags.
#[derive(Debug, Args)]
pub struct ContractArgs {
    /// The OpenAPI 3.x or Swagger 2.0 document (YAML or JSON).
    #[arg(long, value_name = "FILE", required_unless_present = "corpus")]
    spec: Option<PathBuf>,
    /// Call a real server at this base URL instead of Prism (only GET and HEAD unless
    /// `--allow-writes`). Credentials come from `CONTRACT_CREDENTIAL` (`id:secret` for
    /// HTTP Basic, else the token or API key).
    #[arg(long, value_name = "URL", conflicts_with = "dynamic")]
    base_url: Option<String>,
    /// Prism answers with random schema-valid bodies (`prism mock -d`); N calls per
    /// operation, each with other argument values.
    #[arg(long, value_name = "N")]
    dynamic: Option<usize>,
    /// With `--dynamic`: Prism's seed (`prism mock --seed`), to answer a second run as the
    /// first; without it every run gets other random answers.
    #[arg(long, value_name = "SEED", requires = "dynamic")]
    seed: Option<String>,
    /// With `--base-url`, also send POST, PUT, PATCH and DELETE.
    #[arg(long)]
    allow_writes: bool,
    /// How long Prism may take to read the document and listen, in seconds (a large
    /// document on a busy machine takes minutes).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 180,
        conflicts_with = "base_url"
    )]
    prism_wait: u64,
    /// Run the check over the corpus documents (`tests/corpus/corpus.toml`) and print
    /// the tally; with `--vendored` only the checked-in ones, with `--fetched` only the
    /// others (fetched by `python3 tests/corpus/fetch.py` into `target/corpus`).
    #[arg(long)]
    corpus: bool,
    /// With `--corpus`: only the documents checked in under `tests/corpus/docs/`.
    #[arg(long, requires = "corpus", conflicts_with = "fetched")]
    vendored: bool,
    /// With `--corpus`: only the documents not checked in (fetched into `target/corpus`).
    #[arg(long, requires = "corpus")]
    fetched: bool,
    /// With `--corpus`: only these documents (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "NAMES", requires = "corpus")]
    only: Vec<String>,
    /// With `--corpus`: not these documents (comma-separated names; the giant ones, say).
    #[arg(long, value_delimiter = ',', value_name = "NAMES", requires = "corpus")]
    except: Vec<String>,
}

/// How one operation fared.
#[derive(Debug, Clone)]
enum Verdict {
    /// Every call was accepted and every answer decoded.
    Clean,
    /// Clean with values built from the schemas, after the call with the document's own
    /// example failed (how).
    ExampleRefused(String),
    /// Something failed (each cause).
    Failed(Vec<Cause>),
    /// Not called, and why.
    Skipped(String),
}

/// The result of one document.
pub(crate) struct Tally {
    /// The operations, each with its label and verdict.
    rows: Vec<(String, String, Verdict)>,
    /// For each operation (as `rows`), the pointers of the generator's warnings that
    /// concern it ([`warned`]).
    warned: Vec<Vec<String>>,
}

impl Tally {
    fn count(&self, wanted: fn(&Verdict) -> bool) -> usize {
        self.rows.iter().filter(|(_, _, v)| wanted(v)).count()
    }

    fn driven(&self) -> usize {
        self.count(|v| !matches!(v, Verdict::Skipped(_)))
    }

    fn clean(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Clean | Verdict::ExampleRefused(_)))
    }

    fn failed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Failed(_)))
    }

    /// Failed operations whose first cause is of this fault (ours first when mixed).
    fn failed_by(&self, fault: Fault) -> usize {
        self.rows
            .iter()
            .filter(|(_, _, v)| match v {
                Verdict::Failed(causes) => causes.iter().map(|c| c.fault).min() == Some(fault),
                _ => false,
            })
            .count()
    }

    fn skipped(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Skipped(_)))
    }

    /// Driven operations the generator warned about (a fallback at one of their places).
    fn warned(&self) -> usize {
        self.rows
            .iter()
            .zip(&self.warned)
            .filter(|((_, _, v), w)| !matches!(v, Verdict::Skipped(_)) && !w.is_empty())
            .count()
    }

    /// Failed operations the generator did not warn about: each breaks its promise that
    /// what generates without a warning works, whoever the judge blames.
    fn failed_unwarned(&self) -> usize {
        self.rows
            .iter()
            .zip(&self.warned)
            .filter(|((_, _, v), w)| matches!(v, Verdict::Failed(_)) && w.is_empty())
            .count()
    }
}

/// Where the answers come from.
#[derive(Debug, Clone)]
pub(crate) enum Judge {
    /// Prism, answering with the document's examples (static) or random bodies.
    Prism {
        dynamic: Option<usize>,
        seed: Option<String>,
        /// How long Prism may take to listen.
        wait: Duration,
    },
    /// A real server.
    Server {
        base_url: String,
        allow_writes: bool,
    },
}

/// Runs the task.
pub fn contract(args: &ContractArgs) -> Result<bool> {
    let root = xtask::workspace_root();
    let judge = match &args.base_url {
        Some(base_url) => Judge::Server {
            base_url: base_url.clone(),
            allow_writes: args.allow_writes,
        },
        None => Judge::Prism {
            dynamic: args.dynamic,
            seed: args.seed.clone(),
            wait: Duration::from_secs(args.prism_wait),
        },
    };
    if args.corpus {
        return corpus_tally(&root, args, &judge);
    }
    let Some(spec) = &args.spec else {
        bail!("--spec or --corpus is needed");
    };
    let tally = check_document(&root, spec, &judge)?;
    print_tally(&tally);
    Ok(tally.failed() == 0)
}

/// The check of one document: generate, build the driver, call, judge.
pub(crate) fn check_document(root: &Path, spec: &Path, judge: &Judge) -> Result<Tally> {
    let spec = fs::canonicalize(spec).with_context(|| format!("reading {}", spec.display()))?;
    let name = work_name(&spec);
    let work = root.join("target/contract/work").join(&name);
    let api_package = format!("contract-api-{name}");
    let driver_package = format!("contract-driver-{name}");
    let mut config = openapi_codegen::Config::new(&api_package);
    config.source = spec.display().to_string();
    config.command = "cargo xtask contract".to_owned();
    // Read as `generate` reads a document: the root and every file its references name,
    // bundled into one document by the generator's load stage.
    let (loaded, api) = openapi_codegen_cli::document::read_document_files(
        &spec,
        config.allow_outside_refs,
        openapi_codegen_cli::DEFAULT_MAX_SPEC_BYTES,
        |root, read| openapi_codegen::lower_from_files(root, read, &config),
    )
    .with_context(|| format!("loading {}", spec.display()))?;
    let files = openapi_codegen::emit_api(&api, &config)
        .with_context(|| format!("generating from {}", spec.display()))?;
    let loaded_warnings = loaded.warnings.clone();
    let warnings: Vec<String> = loaded_warnings.iter().map(|w| w.pointer.clone()).collect();
    let mut document =
        serde_json::to_value(loaded.into_document()).context("the document as JSON")?;
    restore_property_names(&mut document, &spec)?;
    let operations: Vec<(String, String)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.path_template.clone(),
                op.method.as_str().to_ascii_lowercase(),
            )
        })
        .collect();
    let warned = warned::warnings_per_operation(&document, &operations, &warnings);
    for file in &files {
        write_if_changed(&work.join("api").join(&file.path), &file.contents)?;
    }
    let (plans, mut rows) = plan(&document, &api, judge);
    let driven: Vec<usize> = plans.keys().copied().collect();
    let read_only = std::sync::Arc::new(read_only_properties(&document));
    let document_examples = std::sync::Arc::new(structured_examples(&document));
    let answers: BTreeMap<usize, Answers> = driven
        .iter()
        .filter_map(|&index| {
            let op = api.operations.get(index)?;
            let mut answers = Answers::of(&document, op);
            answers.read_only = std::sync::Arc::clone(&read_only);
            answers.broken_examples = broken_examples(&document, op, &loaded_warnings);
            answers.document_examples = std::sync::Arc::clone(&document_examples);
            // `prism mock -d` makes every answer up (its faker's `useExamplesValue` is
            // off): no answer is the document's own example.
            if matches!(
                judge,
                Judge::Prism {
                    dynamic: Some(_),
                    ..
                }
            ) {
                answers.with_example.clear();
                answers.document_examples = std::sync::Arc::default();
            }
            Some((index, answers))
        })
        .collect();
    write_driver(root, &work, &api, &driven, &api_package, &driver_package)?;
    let binary = build_driver(root, &work, &driver_package)?;
    let verdicts = match judge {
        Judge::Prism {
            dynamic,
            seed,
            wait,
        } => {
            let prism = prism_binary(root)?;
            let for_prism = document_for_prism(&spec, &work)?;
            run_with_prism(
                &prism,
                &for_prism,
                &work,
                &binary,
                &plans,
                &answers,
                PrismRun {
                    dynamic: dynamic.map(|calls| (calls, seed.as_deref())),
                    wait: *wait,
                },
            )?
        }
        Judge::Server { base_url, .. } => {
            let mut run =
                |plan: &Path, calls: &[Planned]| run_driver(&binary, plan, base_url, calls);
            call_and_judge(&work, &first_calls(&plans), &answers, true, &mut run)?
        }
    };
    for (index, verdict) in verdicts {
        if let Some(op) = api.operations.get(index) {
            rows[index] = (driver::label(op), op.rust_name.clone(), verdict);
        }
    }
    Ok(Tally { rows, warned })
}

/// `propertyNames` (JSON Schema, OpenAPI 3.1) as the root file writes them, put back into
/// the loaded document at the same places: the loader leaves them out (no Rust type
/// expresses them), and the values built for a map need names they allow (Vercel's
/// `POST /v1/edge-config`). A schema the loader moved keeps none.
fn restore_property_names(document: &mut Value, spec: &Path) -> Result<()> {
    let text = fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    if !text.contains("propertyNames") {
        return Ok(());
    }
    if let Ok(written) = openapi_codegen::load::parse_text(&text) {
        drop(text);
        put_back_property_names(&written, &mut String::new(), document);
    }
    Ok(())
}

/// Copies each `propertyNames` of `written` (at or under the pointer `at`) to the object
/// at the same pointer of `document`, when that object is there and is a map too.
fn put_back_property_names(written: &Value, at: &mut String, document: &mut Value) {
    match written {
        Value::Object(members) => {
            if let Some(names) = members.get("propertyNames")
                && let Some(Value::Object(loaded)) = document.pointer_mut(at)
                && loaded.contains_key("additionalProperties")
                    == members.contains_key("additionalProperties")
            {
                loaded.insert("propertyNames".to_owned(), names.clone());
            }
            for (key, member) in members {
                let length = at.len();
                at.push('/');
                at.push_str(&values::escape_pointer(key));
                put_back_property_names(member, at, document);
                at.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = at.len();
                let _ = write!(at, "/{index}");
                put_back_property_names(item, at, document);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

/// The document Prism reads: the root file itself, so that Prism follows a document's
/// references to other files on its own, from the files as written (the judge does not
/// read the generator's bundle of them); unless an extension (`x-ms-examples`) refers to
/// files beside it that are not there, which Prism would fail to open: then a copy
/// without those extensions (they say nothing about requests or answers), whose
/// references to the root's other files are made absolute, since the copy is elsewhere.
fn document_for_prism(spec: &Path, work: &Path) -> Result<PathBuf> {
    let text = fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let Ok(mut value) = openapi_codegen::load::parse_text(&text) else {
        return Ok(spec.to_path_buf());
    };
    drop(text);
    let folder = spec.parent().unwrap_or(Path::new("."));
    if !drop_extensions_with_missing_files(&mut value, folder) {
        return Ok(spec.to_path_buf());
    }
    make_file_references_absolute(&mut value, folder);
    let copy = work.join("document-for-prism.json");
    write_if_changed(&copy, &serde_json::to_string(&value)?)?;
    Ok(copy)
}

/// Every `$ref` of `value` to a file (a path before the `#`, not a URL) made absolute,
/// read from `folder`.
fn make_file_references_absolute(value: &mut Value, folder: &Path) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                match member {
                    Value::String(reference) if key == "$ref" => {
                        let file = reference.split('#').next().unwrap_or("");
                        if !file.is_empty()
                            && !file.contains("://")
                            && Path::new(file).is_relative()
                        {
                            *reference = folder.join(reference.as_str()).display().to_string();
                        }
                    }
                    _ => make_file_references_absolute(member, folder),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                make_file_references_absolute(item, folder);
            }
        }
        _ => {}
    }
}

/// Removes every `x-` member whose value refers (`$ref`) to a file missing from
/// `folder`; whether any was removed.
fn drop_extensions_with_missing_files(value: &mut Value, folder: &Path) -> bool {
    fn refers_to_missing_file(value: &Value, folder: &Path) -> bool {
        match value {
            Value::Object(members) => members.iter().any(|(key, member)| {
                (key == "$ref"
                    && member.as_str().is_some_and(|r| {
                        let file = r.split('#').next().unwrap_or("");
                        !file.is_empty() && !folder.join(file).exists()
                    }))
                    || refers_to_missing_file(member, folder)
            }),
            Value::Array(items) => items
                .iter()
                .any(|item| refers_to_missing_file(item, folder)),
            _ => false,
        }
    }
    match value {
        Value::Object(members) => {
            let before = members.len();
            members.retain(|key, member| {
                !(key.starts_with("x-") && refers_to_missing_file(member, folder))
            });
            let mut dropped = members.len() != before;
            for member in members.values_mut() {
                dropped |= drop_extensions_with_missing_files(member, folder);
            }
            dropped
        }
        Value::Array(items) => items.iter_mut().fold(false, |dropped, item| {
            drop_extensions_with_missing_files(item, folder) | dropped
        }),
        _ => false,
    }
}

/// A folder name for a document: its file stem (see [`package_name`]).
fn work_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = package_name(&stem);
    if name.is_empty() {
        "document".to_owned()
    } else {
        name
    }
}

/// `text` as a cargo package name part: ASCII letters and digits in lower case, every
/// other character `-`.
pub(crate) fn package_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// What to call: per operation index, the argument builders' results for each call
/// (the first with the document's examples); the rest of the rows are the skipped.
type Plans = BTreeMap<usize, Vec<Planned>>;

/// One call of an operation.
#[derive(Debug, Clone)]
struct Planned {
    op: usize,
    args: Vec<Value>,
    /// Whether an example of the document went into the arguments.
    used_example: bool,
    /// The arguments built from the schemas only, for when Prism refuses the example.
    without_examples: Option<Vec<Value>>,
}

fn plan(document: &Value, api: &Api, judge: &Judge) -> (Plans, Vec<(String, String, Verdict)>) {
    let calls = match judge {
        Judge::Prism {
            dynamic: Some(count),
            ..
        } => (*count).max(1),
        _ => 1,
    };
    let mut plans = Plans::new();
    let mut rows = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let label = driver::label(op);
        let skip = |reason: String| {
            (
                label.clone(),
                op.rust_name.clone(),
                Verdict::Skipped(reason),
            )
        };
        if let Some(reason) = driver::unsupported(op) {
            rows.push(skip(reason));
            continue;
        }
        if let Judge::Server {
            allow_writes: false,
            ..
        } = judge
            && !driver::is_safe(op.method)
        {
            rows.push(skip(format!(
                "{} changes the server: pass --allow-writes to send it",
                op.method.as_str()
            )));
            continue;
        }
        let mut planned = Vec::new();
        let mut unbuildable = None;
        for variant in 0..calls {
            let builder = ValueBuilder::new(document, variant, variant == 0);
            match driver::arguments(document, op, &builder) {
                Ok(args) => {
                    let used_example = builder.used_an_example();
                    let without_examples = used_example
                        .then(|| {
                            driver::arguments(document, op, &ValueBuilder::new(document, 0, false))
                                .ok()
                        })
                        .flatten();
                    planned.push(Planned {
                        op: index,
                        args,
                        used_example,
                        without_examples,
                    });
                }
                Err(error) => {
                    unbuildable = Some(error);
                    break;
                }
            }
        }
        match unbuildable {
            Some(error) => rows.push(skip(format!("no valid argument can be built: {error}"))),
            None => {
                plans.insert(index, planned);
                rows.push((label, op.rust_name.clone(), Verdict::Clean));
            }
        }
    }
    (plans, rows)
}

fn write_driver(
    root: &Path,
    work: &Path,
    api: &Api,
    driven: &[usize],
    api_package: &str,
    driver_package: &str,
) -> Result<()> {
    write_if_changed(
        &work.join("Cargo.toml"),
        "# Written by `cargo xtask contract`: a generated crate and its driver.\n[workspace]\nresolver = \"3\"\nmembers = [\"api\", \"driver\"]\n",
    )?;
    if !work.join("Cargo.lock").exists() {
        fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).context("copying Cargo.lock")?;
    }
    write_if_changed(
        &work.join("driver/Cargo.toml"),
        &driver::manifest(driver_package, api_package),
    )?;
    write_if_changed(
        &work.join("driver/src/main.rs"),
        &driver::main_source(api, driven),
    )
}

/// Builds the driver (and the generated crate) offline, with the repository's lock file,
/// in the target folder the fixture and corpus crates share.
fn build_driver(root: &Path, work: &Path, driver_package: &str) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = root.join("target/generated-crates");
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet", "-p", driver_package])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .context("running cargo build")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let shown: Vec<&str> = stderr.lines().take(80).collect();
        bail!(
            "the generated crate or its driver does not build ({}):\n{}",
            work.display(),
            shown.join("\n")
        );
    }
    Ok(target.join("debug").join(driver_package))
}

/// Prism, installed once with npm into `target/contract/prism` (kept between runs; a
/// second run finds it and installs nothing).
fn prism_binary(root: &Path) -> Result<PathBuf> {
    let folder = root.join("target/contract/prism");
    let binary = folder.join("node_modules/.bin/prism");
    let installed = folder.join("node_modules/@stoplight/prism-cli/package.json");
    let version_matches = fs::read_to_string(&installed)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .is_some_and(|package| package["version"] == PRISM_VERSION);
    if version_matches && binary.exists() {
        return Ok(binary);
    }
    fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    eprintln!(
        "installing @stoplight/prism-cli@{PRISM_VERSION} into {}",
        folder.display()
    );
    let status = Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&folder)
        .args([
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            &format!("@stoplight/prism-cli@{PRISM_VERSION}"),
        ])
        .status()
        .context(
            "running npm: the contract check needs Node.js 18 to 22 and npm \
             (see the README, \"Contract check\")",
        )?;
    if !status.success() || !binary.exists() {
        bail!("npm install @stoplight/prism-cli@{PRISM_VERSION} failed ({status})");
    }
    Ok(binary)
}

/// A Prism server, stopped when dropped.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How Prism answers, and how long it may take to listen.
#[derive(Clone, Copy)]
struct PrismRun<'s> {
    /// `None` for static answers, else the calls per operation and an optional seed.
    dynamic: Option<(usize, Option<&'s str>)>,
    wait: Duration,
}

fn start_prism(prism: &Path, spec: &Path, work: &Path, how: PrismRun<'_>) -> Result<Prism> {
    let dynamic = how.dynamic.map(|(_, seed)| seed);
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .context("finding a free port")?
        .port();
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let log = work.join(if dynamic.is_some() {
        "prism-dynamic.log"
    } else {
        "prism-static.log"
    });
    let log_file = fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let mut command = Command::new(prism);
    command
        .arg("mock")
        .arg(spec)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    if let Some(seed) = dynamic {
        command.arg("--dynamic");
        if let Some(seed) = seed {
            command.args(["--seed", seed]);
        }
    }
    let child = command
        .spawn()
        .with_context(|| format!("starting {}", prism.display()))?;
    let mut server = Prism {
        child,
        address,
        log,
    };
    let started = Instant::now();
    loop {
        if TcpStream::connect_timeout(&server.address, Duration::from_millis(200)).is_ok() {
            return Ok(server);
        }
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "Prism stopped ({status}) before it listened:\n{}",
                log_tail(&server.log)
            );
        }
        if started.elapsed() > how.wait {
            bail!(
                "Prism did not listen within {} s (`--prism-wait` gives it longer):\n{}",
                how.wait.as_secs(),
                log_tail(&server.log)
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Prism's fatal lines, else the end of its log.
fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let fatal: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("fatal"))
        .take(2)
        .collect();
    if !fatal.is_empty() {
        return fatal.join(" ");
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The first call of each operation.
fn first_calls(plans: &Plans) -> Vec<Planned> {
    plans.values().filter_map(|p| p.first().cloned()).collect()
}

fn run_with_prism(
    prism: &Path,
    spec: &Path,
    work: &Path,
    binary: &Path,
    plans: &Plans,
    answers: &BTreeMap<usize, Answers>,
    how: PrismRun<'_>,
) -> Result<BTreeMap<usize, Verdict>> {
    let calls: Vec<Planned> = match how.dynamic {
        Some(_) => plans.values().flatten().cloned().collect(),
        None => first_calls(plans),
    };
    let mut server: Option<Prism> = None;
    let mut run = |plan: &Path, calls: &[Planned]| -> Result<Vec<Value>> {
        let mut lines = Vec::with_capacity(calls.len());
        // Prism may stop on a request it cannot read (a crash in its own code): that call
        // is Prism's failure, and the calls after it go to a fresh Prism.
        while lines.len() < calls.len() {
            let prism_server = match &mut server {
                Some(running) => running,
                None => server.insert(start_prism(prism, spec, work, how)?),
            };
            let base_url = format!("http://{}", prism_server.address);
            let rest = &calls[lines.len()..];
            let mut out = run_driver(binary, plan, &base_url, rest)?;
            if !prism_stopped(&mut prism_server.child, &out)? {
                lines.append(&mut out);
                break;
            }
            let crash = crash_line(&prism_server.log);
            server = None;
            let stopped_at = out
                .iter()
                .position(|line| line["outcome"] == "error")
                .unwrap_or(0);
            out.truncate(stopped_at);
            lines.append(&mut out);
            lines.push(serde_json::json!({"outcome": "prism-stopped", "detail": crash}));
        }
        Ok(lines)
    };
    call_and_judge(work, &calls, answers, false, &mut run)
}

/// Whether Prism has stopped. A call that could not reach it may come before Node has
/// finished exiting (it writes its stack trace first, while the driver's next calls are
/// refused at once): then Prism is given a few seconds to be seen stopped.
fn prism_stopped(child: &mut std::process::Child, out: &[Value]) -> Result<bool> {
    let unreachable = out
        .iter()
        .any(|line| line["outcome"] == "error" && line["status"].is_null());
    let deadline = Instant::now() + Duration::from_secs(if unreachable { 5 } else { 0 });
    loop {
        if child.try_wait()?.is_some() {
            return Ok(true);
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The first line of the error Prism stopped on.
fn crash_line(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .find(|l| l.contains("Error:") && !l.contains("[VALIDATOR]"))
        .map_or_else(
            || "(no error in its log)".to_owned(),
            |l| l.trim().to_owned(),
        )
}

/// Runs calls (a plan file and the calls) and answers one driver line per call.
type RunCalls<'r> = dyn FnMut(&Path, &[Planned]) -> Result<Vec<Value>> + 'r;

/// Runs the calls and judges them; a call that carried an example of the document and
/// failed is made again with values built from the schemas, which tells the document's
/// fault (an example that breaks its own schema) from ours.
fn call_and_judge(
    work: &Path,
    calls: &[Planned],
    answers: &BTreeMap<usize, Answers>,
    real_server: bool,
    run: &mut RunCalls<'_>,
) -> Result<BTreeMap<usize, Verdict>> {
    let lines = run(&work.join("plan.json"), calls)?;
    let mut verdicts = judge_calls(calls, &lines, answers, real_server);
    let mut first_failures = BTreeMap::new();
    let again: Vec<Planned> = calls
        .iter()
        .zip(&lines)
        .filter(|(call, _)| call.used_example)
        .filter_map(|(call, line)| {
            let facts = answers.get(&call.op).cloned().unwrap_or_default();
            let Verdict::Failed(causes) = judge_line(line, &facts, real_server) else {
                return None;
            };
            let texts: Vec<String> = causes.into_iter().map(|c| c.text).collect();
            first_failures.insert(call.op, texts.join("; "));
            Some(Planned {
                op: call.op,
                args: call.without_examples.clone()?,
                used_example: false,
                without_examples: None,
            })
        })
        .collect();
    if again.is_empty() {
        return Ok(verdicts);
    }
    let retried = run(&work.join("plan-again.json"), &again)?;
    for (op, verdict) in judge_calls(&again, &retried, answers, real_server) {
        let first = first_failures.remove(&op).unwrap_or_default();
        verdicts.insert(
            op,
            match verdict {
                Verdict::Clean => Verdict::ExampleRefused(first),
                other => other,
            },
        );
    }
    Ok(verdicts)
}

/// Writes the plan and runs the driver on it; one JSON line per call.
fn run_driver(binary: &Path, plan: &Path, base_url: &str, calls: &[Planned]) -> Result<Vec<Value>> {
    let plan_json: Vec<Value> = calls
        .iter()
        .map(|c| serde_json::json!({"op": c.op, "args": c.args}))
        .collect();
    fs::write(plan, serde_json::to_string_pretty(&plan_json)?)
        .with_context(|| format!("writing {}", plan.display()))?;
    let mut child = Command::new(binary)
        .arg(plan)
        .arg(base_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let mut lines = vec![Value::Null; calls.len()];
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(value) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if let Some(slot) = value["call"]
                .as_u64()
                .and_then(|n| lines.get_mut(n as usize))
            {
                *slot = value;
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("the driver failed ({status})");
    }
    Ok(lines)
}

/// Prism's request violations of one call (errors, in its own words).
fn request_violations(line: &Value) -> Vec<String> {
    violations(line, "request")
}

/// Prism's violations on one side (`request`, `response`): from its `sl-violations`
/// header, and for the request also from the body of the 422 it makes up when the
/// document has no answer for an invalid request.
fn violations(line: &Value, side: &str) -> Vec<String> {
    let header = header_violations(&line["violations"]);
    let from_header = header.iter().filter(|v| v["location"][0] == side);
    let from_problem = line["problem"]["validation"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|_| side == "request");
    let mut out: Vec<String> = Vec::new();
    for violation in from_header.chain(from_problem) {
        let message = violation["message"].as_str().unwrap_or("(no message)");
        if violation["severity"] == "Error" && !out.iter().any(|m| m == message) {
            out.push(message.to_owned());
        }
    }
    out
}

/// The violations of an `sl-violations` header: its JSON list, or, when it was too long,
/// the whole ones of the list Prism cut short at 8 kB behind "Too many violations! ".
fn header_violations(header: &Value) -> Vec<Value> {
    match header {
        Value::Array(list) => list.clone(),
        Value::String(text) => {
            let cut = text.strip_prefix("Too many violations! ").unwrap_or(text);
            // Each violation is an object that starts with its `location`; keep those
            // before the last such start, the one the cut went through.
            let whole = match cut.rfind(r#",{"location""#) {
                Some(end) => format!("{}]", &cut[..end]),
                None => "[]".to_owned(),
            };
            serde_json::from_str(&whole).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// What the document says about an operation's answers, to tell whose fault a failure
/// is.
#[derive(Debug, Clone, Default)]
pub(crate) struct Answers {
    /// The documented statuses (`200`, `2XX`, `default`) that carry an example.
    with_example: Vec<String>,
    /// Whether any 2xx (or `default`) answer is documented.
    has_success: bool,
    /// Every documented status (`404`, `4XX`, `default`), with whether its answer has
    /// a JSON body with a schema (which the client decodes into its documented type).
    documented: Vec<(String, bool)>,
    /// The operation's path parameters, in lower case (as Prism names them).
    path_params: Vec<String>,
    /// The names of the properties the document marks `readOnly` anywhere (shared by
    /// every operation of the document).
    read_only: std::sync::Arc<Vec<String>>,
    /// The parts of a multipart body the client writes as JSON (objects) or as repeated
    /// parts of one name (arrays).
    structured_parts: Vec<String>,
    /// The array properties of an `application/x-www-form-urlencoded` body that no
    /// `encoding` entry names (written by OpenAPI's default, `name=a&name=b`).
    default_form_arrays: Vec<String>,
    /// The documented statuses whose JSON answer's first example (the one Prism answers
    /// with) the generator found not to decode into its type, with that warning.
    broken_examples: Vec<(String, String)>,
    /// Every object or array the document gives as an `example` (or an `examples`
    /// entry's `value`), with its pointer: in static mode Prism builds an answer from
    /// the examples nested in its schema, so a part of an answer equal to one came from
    /// the document (shared by every operation; empty in dynamic mode).
    document_examples: std::sync::Arc<Vec<(String, Value)>>,
    /// Whether an answer is documented under a wildcard media type (`*/*`).
    wildcard_answer: bool,
}

impl Answers {
    /// Reads the operation's `responses` from the document.
    fn of(document: &Value, op: &openapi_codegen::ir::Operation) -> Self {
        let method = op.method.as_str().to_ascii_lowercase();
        let responses = document["paths"][&op.path_template][&method]["responses"].as_object();
        let mut out = Answers {
            path_params: op
                .path_params
                .iter()
                .map(|p| p.wire_name.to_ascii_lowercase())
                .collect(),
            structured_parts: structured_parts(op),
            default_form_arrays: default_form_arrays(document, op),
            ..Answers::default()
        };
        for (status, response) in responses.into_iter().flatten() {
            if status.starts_with('2') || status == "default" {
                out.has_success = true;
            }
            let response = ValueBuilder::new(document, 0, true)
                .resolve(response, "")
                .map_or(response, |(r, _)| r);
            let json_body = response["content"].as_object().is_some_and(|content| {
                content
                    .iter()
                    .any(|(media, body)| is_json(media) && body.get("schema").is_some())
            });
            out.documented.push((status.clone(), json_body));
            out.wildcard_answer |= response["content"]
                .as_object()
                .is_some_and(|content| content.keys().any(|media| media.contains('*')));
            let has_example = response["content"].as_object().is_some_and(|content| {
                content.values().any(|media| {
                    media.get("example").is_some()
                        || media.get("examples").is_some()
                        || media["schema"].get("example").is_some()
                })
            });
            if has_example {
                out.with_example.push(status.clone());
            }
        }
        out
    }

    /// Whether the answer with this status comes from an example of the document.
    fn example_for(&self, status: u64) -> bool {
        self.with_example.iter().any(|s| status_matches(s, status))
    }

    /// The generator's warning that the example Prism answers this status with does not
    /// decode into its type.
    fn broken_example_for(&self, status: u64) -> Option<&str> {
        self.broken_examples
            .iter()
            .find(|(s, _)| status_matches(s, status))
            .map(|(_, warning)| warning.as_str())
    }

    /// Whether the document gives this status, and if so whether with a JSON body.
    fn documents(&self, status: u64) -> Option<bool> {
        // The exact code before its class before `default`, as the client picks.
        let code = status.to_string();
        let class = format!("{}XX", status / 100);
        [code.as_str(), class.as_str(), "default"]
            .iter()
            .find_map(|key| {
                self.documented
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(key))
            })
            .map(|(_, json)| *json)
    }
}

/// Whether a documented status key (`404`, `4XX`, `default`) covers a status.
fn status_matches(key: &str, status: u64) -> bool {
    key == status.to_string()
        || key.eq_ignore_ascii_case(&format!("{}XX", status / 100))
        || key == "default"
}

/// The generator's warnings that the first example of a JSON answer of `op` (the one
/// Prism answers with) does not decode into its type, by documented status: the answer
/// is then the document's own contradiction, whatever Prism finds in it (Slack's
/// `{"ok": true}` for answers that require more, on which Prism reports nothing).
fn broken_examples(
    document: &Value,
    op: &openapi_codegen::ir::Operation,
    warnings: &[openapi_codegen::Diagnostic],
) -> Vec<(String, String)> {
    let method = op.method.as_str().to_ascii_lowercase();
    let operation_at = format!(
        "#/paths/{}/{method}",
        values::escape_pointer(&op.path_template)
    );
    let Some(responses) = document["paths"][&op.path_template][&method]["responses"].as_object()
    else {
        return Vec::new();
    };
    let builder = ValueBuilder::new(document, 0, true);
    let mut out = Vec::new();
    for (status, response) in responses {
        let at = format!(
            "{operation_at}/responses/{}",
            values::escape_pointer(status)
        );
        // A shared response's warnings are at its component (`resolve` gives the pointer
        // without its `#`).
        let (response, at) = match builder.resolve(response, &at) {
            Ok((response, resolved)) if resolved.starts_with('/') => {
                (response, format!("#{resolved}"))
            }
            Ok(resolved) => resolved,
            Err(_) => (response, at),
        };
        let Some(content) = response["content"].as_object() else {
            continue;
        };
        for (media, body) in content.iter().filter(|(media, _)| is_json(media)) {
            let media_at = format!("{at}/content/{}", values::escape_pointer(media));
            let first = if body.get("example").is_some() {
                format!("{media_at}/example")
            } else if let Some((name, _)) =
                body["examples"].as_object().and_then(|e| e.iter().next())
            {
                format!("{media_at}/examples/{}", values::escape_pointer(name))
            } else {
                continue;
            };
            let found = warnings.iter().find(|warning| {
                (warning.pointer == first || warning.pointer.starts_with(&format!("{first}/")))
                    && warning.message.contains("does not decode into its type")
            });
            if let Some(warning) = found {
                out.push((
                    status.clone(),
                    format!("{}: {}", warning.pointer, warning.message),
                ));
            }
        }
    }
    out
}

/// The verdict of each operation from its calls' lines (an operation fails if any
/// call does).
fn judge_calls(
    calls: &[Planned],
    lines: &[Value],
    answers: &BTreeMap<usize, Answers>,
    real_server: bool,
) -> BTreeMap<usize, Verdict> {
    let mut out: BTreeMap<usize, Verdict> = BTreeMap::new();
    for (call, line) in calls.iter().zip(lines) {
        let facts = answers.get(&call.op).cloned().unwrap_or_default();
        let verdict = judge_line(line, &facts, real_server);
        let entry = out.entry(call.op).or_insert(Verdict::Clean);
        if let Verdict::Failed(causes) = verdict {
            match entry {
                Verdict::Failed(existing) => {
                    for cause in causes {
                        if !existing.contains(&cause) {
                            existing.push(cause);
                        }
                    }
                }
                other => *other = Verdict::Failed(causes),
            }
        }
    }
    out
}

/// Whose fault a failure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fault {
    /// The generated client (or this check): what the issue tracker should hear of.
    Ours,
    /// The document contradicts itself (an example that breaks its schema, no 2xx).
    Document,
    /// Prism cannot answer as the document says (its own errors, its answers for
    /// recursive schemas).
    Prism,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::Ours => "ours",
            Fault::Document => "document",
            Fault::Prism => "Prism",
        }
    }
}

/// One cause of a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cause {
    fault: Fault,
    text: String,
}

/// Every object or array the document gives as an `example` or as an `examples`
/// entry's `value`, with its pointer, in document order.
fn structured_examples(document: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, at: &str, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    let child_at = format!("{at}/{}", values::escape_pointer(key));
                    if key == "example" && (child.is_object() || child.is_array()) {
                        out.push((child_at.clone(), child.clone()));
                    }
                    if key == "examples"
                        && let Some(entries) = child.as_object()
                    {
                        for (name, entry) in entries {
                            let value = &entry["value"];
                            if value.is_object() || value.is_array() {
                                let name = values::escape_pointer(name);
                                out.push((format!("{child_at}/{name}/value"), value.clone()));
                            }
                        }
                    }
                    walk(child, &child_at, out);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, "#", &mut out);
    out
}

/// The names of the properties marked `readOnly` anywhere in the document, sorted.
fn read_only_properties(document: &Value) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut pending = vec![document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(properties) = object.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        let member_says = |member: &Value| member["readOnly"] == true;
                        let members = property.get("allOf").and_then(Value::as_array);
                        if property.get("readOnly").and_then(Value::as_bool) == Some(true)
                            || members.is_some_and(|members| members.iter().any(member_says))
                        {
                            names.insert(name.clone());
                        }
                    }
                }
                pending.extend(object.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    names.into_iter().collect()
}

/// The cause of an answer that did not decode: Prism's when it made the answer up and
/// it sent no body, a float past `f32`, a recursive schema cut short, or an answer that
/// breaks the schema by Prism's own words; the document's when its own example breaks
/// its schema (by Prism's words, by the generator's warning about the example Prism
/// answers with, or as the part that did not decode is an example the document gives);
/// else ours.
fn decode_cause(line: &Value, answers: &Answers, status: &str) -> Cause {
    let response_violations = violations(line, "response");
    let code = line["status"].as_u64();
    let detail = line["detail"].as_str().unwrap_or("");
    let pointer = line["pointer"].as_str().unwrap_or("");
    let body = line["body"].as_str();
    let text = format!("decode{status}: at `{pointer}`: {detail}");
    let from_example = code.is_some_and(|c| answers.example_for(c));
    let broken_example = code
        .filter(|_| from_example)
        .and_then(|c| answers.broken_example_for(c));
    // The part of the answer that did not decode, when it is an example the document
    // gives (Box's `created_by`: an array of four one-property objects, for a user).
    let nested_example = match &line["value"] {
        value @ (Value::Object(_) | Value::Array(_)) if !value_is_empty(value) => answers
            .document_examples
            .iter()
            .find(|(_, example)| example == value)
            .map(|(at, _)| at.as_str()),
        _ => None,
    };
    let (fault, note) = if !from_example && body == Some("") {
        (
            Fault::Prism,
            "Prism sent no body for a JSON answer".to_owned(),
        )
    } else if !from_example
        && detail.contains("number out of range")
        && (body.is_some_and(|body| body.contains(PRISM_FLOAT_BOUND))
            || line["value"].as_f64().is_some_and(is_prisms_float_bound))
    {
        (
            Fault::Prism,
            "Prism made up ±2^128 for a `format: float` number, past the largest f32, and \
             finds no violation in it"
                .to_owned(),
        )
    } else if !from_example
        && response_violations.is_empty()
        && detail.starts_with("missing field")
        && cut_short(line, pointer)
    {
        (
            Fault::Prism,
            "Prism cut a recursive schema short with `{}`, which lacks the properties the \
             schema requires, and finds no violation in it"
                .to_owned(),
        )
    } else if let Some(warning) = broken_example.filter(|_| response_violations.is_empty()) {
        (
            Fault::Document,
            format!(
                "the document's own example answer does not fit its schema; the generator warned at {warning}"
            ),
        )
    } else if let Some(at) = nested_example.filter(|_| response_violations.is_empty()) {
        (
            Fault::Document,
            format!(
                "the part that does not decode is the document's own example at {at}, which Prism answered with: it does not fit its schema"
            ),
        )
    } else if response_violations.is_empty() {
        return Cause {
            fault: Fault::Ours,
            text,
        };
    } else if from_example {
        (
            Fault::Document,
            format!(
                "the document's own example answer breaks its schema; Prism: {}",
                response_violations.join("; ")
            ),
        )
    } else {
        (
            Fault::Prism,
            format!(
                "the answer Prism made up breaks the document's schema; Prism: {}",
                response_violations.join("; ")
            ),
        )
    };
    Cause {
        fault,
        text: format!("{text} ({note})"),
    }
}

/// Whether the answer holds an empty object `{}` at `pointer` (the place that did not
/// decode: the driver's `value`, else read from the answer's `body`, which is cut) where
/// the path to it goes through the same property twice: where Prism's made-up answer
/// stops following a recursive schema.
/// Whether a value is `{}` or `[]`.
fn value_is_empty(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Whether a number is ±2^128, what Prism makes up for a `format: float` number (the
/// value the driver gives at the failing place when the body it reports is cut short).
fn is_prisms_float_bound(number: f64) -> bool {
    (number.abs() / 2f64.powi(128) - 1.0).abs() < 1e-12
}

fn cut_short(line: &Value, pointer: &str) -> bool {
    let empty = Value::Object(serde_json::Map::new());
    let found = match &line["value"] {
        Value::Null => line["body"]
            .as_str()
            .and_then(|body| serde_json::from_str::<Value>(body).ok())
            .is_some_and(|body| body.pointer(pointer) == Some(&empty)),
        value => *value == empty,
    };
    let names: Vec<&str> = pointer
        .split('/')
        .skip(1)
        .filter(|token| token.parse::<usize>().is_err())
        .collect();
    found
        && names
            .iter()
            .enumerate()
            .any(|(at, name)| names[at + 1..].contains(name))
}

fn judge_line(line: &Value, answers: &Answers, real_server: bool) -> Verdict {
    let ours = |text: String| Cause {
        fault: Fault::Ours,
        text,
    };
    let messages = request_violations(line);
    // Query parameters Prism did not read as an array (see `request_cause`).
    let not_arrays: Vec<String> = messages
        .iter()
        .filter_map(|m| {
            let rest = m.strip_prefix("Request query parameter ")?;
            let (name, rule) = rest.split_once(' ')?;
            rule.starts_with("must be array").then(|| name.to_owned())
        })
        .collect();
    let mut causes: Vec<Cause> = messages
        .into_iter()
        .map(|m| request_cause(m, answers, &not_arrays))
        .collect();
    // A union member refused only for a read-only property Prism requires makes Prism
    // also say that the body matches no member (and that the value fits another
    // member's enum): those follow from its own misreading.
    if causes.iter().any(|c| c.text.contains(READ_ONLY_NOTE)) {
        for cause in &mut causes {
            let follows = [
                "must match exactly one schema in oneOf",
                "must match a schema in anyOf",
                "must be equal to one of the allowed values",
            ]
            .iter()
            .any(|rule| cause.text.contains(rule));
            if cause.fault == Fault::Ours && follows {
                cause.fault = Fault::Prism;
                cause
                    .text
                    .push_str(" (follows from the read-only property Prism requires)");
            }
        }
    }
    let code = line["status"].as_u64();
    let status = code.map_or_else(String::new, |s| format!(" {s}"));
    let detail = line["detail"].as_str().unwrap_or("");
    match line["outcome"].as_str() {
        Some("ok") => {}
        Some("decode") => causes.push(decode_cause(line, answers, &status)),
        // A redirect the client does not follow (a POST's 303) is an answer like any
        // other non-2xx one.
        Some("status" | "error")
            if causes.is_empty() && !real_server && detail.contains("a redirect not followed") =>
        {
            causes.extend(status_cause(line, answers, &status, detail));
        }
        Some("status") if causes.is_empty() && !real_server => {
            causes.extend(status_cause(line, answers, &status, detail));
        }
        Some("status") => {}
        Some("argument") => causes.push(ours(format!(
            "the built argument `{}` does not decode into its Rust type at `{}`: {detail}",
            line["argument"].as_str().unwrap_or(""),
            line["pointer"].as_str().unwrap_or("")
        ))),
        Some("refused") => causes.push(ours(format!("the client refused the call: {detail}"))),
        Some("prism-stopped") => causes.push(Cause {
            fault: Fault::Prism,
            text: format!("Prism stopped on this request: {detail}"),
        }),
        Some(other) => causes.push(ours(format!("{other}{status}: {detail}"))),
        None => causes.push(ours(
            "no answer from the driver (it stopped before this call)".to_owned(),
        )),
    }
    if causes.is_empty() {
        Verdict::Clean
    } else {
        Verdict::Failed(causes)
    }
}

/// A request violation, with whose fault it is: ours, unless Prism names a path
/// parameter the operation does not have (it matched the request to another path
/// template), or a query parameter it did not read as an array (Prism reads one value,
/// `name=a`, which is how `form` writes a one-item array, as an array only when the
/// schema's type is `array` alone, not a union with `null`: two values pass), or the
/// document lists no media type for the body.
fn request_cause(message: String, answers: &Answers, not_arrays: &[String]) -> Cause {
    let query_name = message
        .strip_prefix("Request query parameter ")
        .and_then(|rest| rest.split_whitespace().next());
    let other_template = message
        .strip_prefix("Request path parameter ")
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|name| !answers.path_params.iter().any(|p| p == name));
    let (fault, text) = if other_template {
        (
            Fault::Prism,
            format!("request: {message} (Prism matched the request to another path template)"),
        )
    } else if query_name.is_some_and(|name| not_arrays.iter().any(|n| n == name)) {
        (
            Fault::Prism,
            format!(
                "request: {message} (Prism reads one query value as an array only when the type is `array` alone)"
            ),
        )
    } else if (message.starts_with("Request header must have required property ")
        && required_property(&message).is_some_and(|name| {
            ["content-type", "accept"].contains(&name.to_ascii_lowercase().as_str())
        }))
        || message
            .to_ascii_lowercase()
            .starts_with("request header parameter accept ")
    {
        // VTEX's bodiless POSTs, Walmart's `Accept` of an enum: OpenAPI says a
        // `Content-Type` or `Accept` header parameter SHALL be ignored (the client sends
        // the media types of what it sends and reads); Prism checks it as declared.
        (
            Fault::Prism,
            format!(
                "request: {message} (OpenAPI says a `Content-Type` or `Accept` header parameter is ignored; Prism requires it)"
            ),
        )
    } else if required_property(&message)
        .is_some_and(|name| answers.read_only.iter().any(|r| r == name))
    {
        (
            Fault::Prism,
            format!("request: {message} ({READ_ONLY_NOTE})"),
        )
    } else if body_property_of_kind(&message)
        .is_some_and(|name| answers.structured_parts.iter().any(|p| p == name))
    {
        // Box's `attributes` (a JSON part), readme's `array` (repeated parts): Prism
        // checks each part's text as it is, a string.
        (
            Fault::Prism,
            format!(
                "request: {message} (the client sends this multipart part as JSON or as repeated parts, as OpenAPI's defaults say; Prism reads every part as one text)"
            ),
        )
    } else if body_property_of_kind(&message)
        .is_some_and(|name| answers.default_form_arrays.iter().any(|p| p == name))
        && message.ends_with("must be array")
    {
        // Twilio's `MediaUrl`, `StatusCallbackEvent`: on a small document Prism refuses
        // `a=x` and `a=x&a=y` alike, and takes `a[]=x` or an `encoding` entry.
        (
            Fault::Prism,
            format!(
                "request: {message} (the client writes a form array as OpenAPI's default says, `name=a&name=b`; Prism reads an array there only with an `encoding` entry)"
            ),
        )
    } else if message.starts_with("No supported content types") {
        (
            Fault::Document,
            format!(
                "request: {message} (the document lists no media type for the body; the client sends JSON)"
            ),
        )
    } else {
        (Fault::Ours, format!("request: {message}"))
    };
    Cause { fault, text }
}

/// The parts of the operation's multipart body that are not one text or file: JSON
/// parts and arrays sent as repeated parts.
fn structured_parts(op: &openapi_codegen::ir::Operation) -> Vec<String> {
    use openapi_codegen::ir::{BodyMedia, PartValue, TypeRef};
    let Some(BodyMedia::Multipart(Some(body))) = op.body.as_ref().map(|b| &b.media) else {
        return Vec::new();
    };
    body.parts
        .iter()
        .filter(|part| {
            matches!(
                &part.value,
                PartValue::Json(_) | PartValue::Files | PartValue::Text(TypeRef::Vec(_))
            )
        })
        .map(|part| part.wire_name.clone())
        .collect()
}

/// The array properties of the operation's `application/x-www-form-urlencoded` body
/// that its `encoding` does not name.
fn default_form_arrays(document: &Value, op: &openapi_codegen::ir::Operation) -> Vec<String> {
    let builder = ValueBuilder::new(document, 0, true);
    let resolve = |value: &'_ Value| -> Option<Value> {
        builder.resolve(value, "").ok().map(|(v, _)| v.clone())
    };
    let method = op.method.as_str().to_ascii_lowercase();
    let Some(body) = resolve(&document["paths"][&op.path_template][&method]["requestBody"]) else {
        return Vec::new();
    };
    let Some(media) = body["content"].as_object().and_then(|content| {
        content.iter().find_map(|(name, media)| {
            (media_essence(name) == "application/x-www-form-urlencoded").then_some(media)
        })
    }) else {
        return Vec::new();
    };
    let Some(schema) = resolve(&media["schema"]) else {
        return Vec::new();
    };
    let encoding = media["encoding"].as_object();
    schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, property)| {
            encoding.is_none_or(|e| !e.contains_key(*name))
                && resolve(property).is_some_and(|p| p["type"] == "array")
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// The top-level property of Prism's "Request body property NAME must be array" (or
/// `object`), when the message is of that form.
fn body_property_of_kind(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Request body property ")?;
    let (name, kind) = rest.split_once(" must be ")?;
    matches!(kind, "array" | "object").then(|| name.split('.').next().unwrap_or(name))
}

/// Why a required read-only property missing from a request is Prism's fault.
const READ_ONLY_NOTE: &str = "the property is readOnly: OpenAPI applies `required` to it in responses only, and the client does not send it; Prism requires it below the body's top level and in union members";

/// The property of Prism's "... must have required property 'name'".
fn required_property(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("must have required property '")?;
    rest.strip_suffix('\'')
}

/// A non-2xx answer to a request Prism accepted: Prism's own error; or, when the
/// document gives no 2xx answer, none when the answer is one it documents (its JSON body
/// decoded into the documented type, a redirect not followed) and the document's fault
/// otherwise.
fn status_cause(line: &Value, answers: &Answers, status: &str, detail: &str) -> Option<Cause> {
    if let Some(title) = prism_error_title(line) {
        // Prism refusing the request itself (credentials, validation, an `Accept` that
        // names no media type the document gives the answer) is ours; its other errors
        // are what it cannot make of the document.
        // A 406 for an answer documented under a wildcard (Spring's `*/*`) is Prism's: it
        // cannot match a concrete `Accept` to a wildcard it was given.
        let refused = ["UNAUTHORIZED", "UNPROCESSABLE"]
            .iter()
            .any(|kind| title.starts_with(kind))
            || (title.starts_with("NOT_ACCEPTABLE") && !answers.wildcard_answer);
        return Some(Cause {
            fault: if refused { Fault::Ours } else { Fault::Prism },
            text: format!("answered{status}, Prism's error: {title}"),
        });
    }
    if answers.has_success {
        return Some(Cause {
            fault: Fault::Ours,
            text: format!("answered{status}: {detail}"),
        });
    }
    // The document leaves Prism only its error answers: the call is right when the
    // answer is one of them and reads as documented.
    let documented = line["status"]
        .as_u64()
        .and_then(|code| answers.documents(code));
    let typed = line["typed"].as_bool().unwrap_or(false);
    match documented {
        Some(false) => None,
        Some(true) if typed => None,
        Some(true) => Some(Cause {
            fault: Fault::Ours,
            text: format!(
                "answered{status}, a documented error whose JSON body did not decode into its type: {detail}"
            ),
        }),
        None => Some(Cause {
            fault: Fault::Document,
            text: format!("answered{status}: the document gives no 2xx answer for Prism to make"),
        }),
    }
}

/// The kind and title of a Prism error body (`{"type":
/// "https://stoplight.io/prism/errors#NOT_ACCEPTABLE", "title": ...}`).
fn prism_error_title(line: &Value) -> Option<String> {
    let problem = &line["problem"];
    let kind = problem["type"]
        .as_str()?
        .strip_prefix("https://stoplight.io/prism/errors#")?;
    // Some titles hold a whole schema or a stack trace: the first line, cut short.
    let title = problem["title"].as_str().unwrap_or_default();
    let title: String = title
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(160)
        .collect();
    Some(format!("{kind} ({title})"))
}

fn print_tally(tally: &Tally) {
    for ((label, rust_name, verdict), warned) in tally.rows.iter().zip(&tally.warned) {
        match verdict {
            Verdict::Clean => println!("ok       {label} ({rust_name})"),
            Verdict::ExampleRefused(why) => println!(
                "ok       {label} ({rust_name}), with values built from the schemas; with the document's own example: {why}"
            ),
            Verdict::Failed(causes) => {
                println!("FAILED   {label} ({rust_name}){}", warned_note(warned));
                for cause in causes {
                    println!("           [{}] {}", cause.fault.name(), cause.text);
                }
            }
            Verdict::Skipped(why) => println!("skipped  {label} ({rust_name}): {why}"),
        }
    }
    println!(
        "{} operations: {} driven, {} clean, {} failed ({} ours, {} the document's, {} Prism's), {} skipped",
        tally.rows.len(),
        tally.driven(),
        tally.clean(),
        tally.failed(),
        tally.failed_by(Fault::Ours),
        tally.failed_by(Fault::Document),
        tally.failed_by(Fault::Prism),
        tally.skipped()
    );
    println!(
        "generated with a warning: {} driven operations; failed without one: {}",
        tally.warned(),
        tally.failed_unwarned()
    );
}

/// What a failed operation's line says of the generator's warnings about it.
fn warned_note(warned: &[String]) -> String {
    match warned {
        [] => " (no generation warning)".to_owned(),
        [one] => format!(" (warned at {one})"),
        [first, rest @ ..] => format!(" (warned at {first} and {} more)", rest.len()),
    }
}

/// `--corpus`: the check over the corpus documents, with a table for the README.
fn corpus_tally(root: &Path, args: &ContractArgs, judge: &Judge) -> Result<bool> {
    let selection = if args.vendored {
        crate::corpus::Selection::Vendored
    } else if args.fetched {
        crate::corpus::Selection::Fetched
    } else {
        crate::corpus::Selection::All
    };
    let entries = crate::corpus::selected_documents(root, selection, &args.only, &args.except)?;
    let mut table = String::from(
        "| document | operations | driven | clean | failed: ours | failed: document | failed: Prism | skipped | examples refused | warned | failed, not warned |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut failures = String::new();
    let mut totals = [0usize; 10];
    for (name, path) in entries {
        println!("== {name}");
        let tally = match check_document(root, &path, judge) {
            Ok(tally) => tally,
            Err(error) => {
                let _ = writeln!(table, "| {name} | - | - | - | - | - | - | - | - | - | - |");
                let _ = writeln!(failures, "- {name}: not checked: {error:#}");
                println!("not checked: {error:#}");
                continue;
            }
        };
        print_tally(&tally);
        let refused = tally.count(|v| matches!(v, Verdict::ExampleRefused(_)));
        let row = [
            tally.rows.len(),
            tally.driven(),
            tally.clean(),
            tally.failed_by(Fault::Ours),
            tally.failed_by(Fault::Document),
            tally.failed_by(Fault::Prism),
            tally.skipped(),
            refused,
            tally.warned(),
            tally.failed_unwarned(),
        ];
        for (total, n) in totals.iter_mut().zip(row) {
            *total += n;
        }
        let cells: Vec<String> = row.iter().map(usize::to_string).collect();
        let _ = writeln!(table, "| {name} | {} |", cells.join(" | "));
        for ((label, _, verdict), warned) in tally.rows.iter().zip(&tally.warned) {
            if let Verdict::Failed(causes) = verdict {
                let texts: Vec<String> = causes
                    .iter()
                    .map(|c| format!("[{}] {}", c.fault.name(), c.text))
                    .collect();
                let _ = writeln!(
                    failures,
                    "- {name} `{label}`{}: {}",
                    warned_note(warned),
                    texts.join("; ")
                );
            }
        }
    }
    let cells: Vec<String> = totals.iter().map(usize::to_string).collect();
    let _ = writeln!(table, "| **total** | {} |", cells.join(" | "));
    println!("\n{table}\n{failures}");
    Ok(totals[3] + totals[4] + totals[5] == 0 && !failures.contains("not checked"))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answers() -> Answers {
        Answers {
            with_example: vec!["200".to_owned()],
            has_success: true,
            documented: vec![("200".to_owned(), true)],
            path_params: vec!["id".to_owned()],
            read_only: std::sync::Arc::new(vec!["created".to_owned()]),
            structured_parts: vec!["attributes".to_owned(), "tags".to_owned()],
            default_form_arrays: vec!["MediaUrl".to_owned()],
            broken_examples: Vec::new(),
            wildcard_answer: false,
            document_examples: std::sync::Arc::new(vec![(
                "#/components/schemas/Collaboration/properties/created_by/allOf/2/example"
                    .to_owned(),
                json!([{"id": 1}, {"type": "user"}]),
            )]),
        }
    }

    /// Whose fault a request violation of these words is, for the operation of
    /// [`answers`].
    fn request_fault(message: &str) -> Fault {
        request_cause(message.to_owned(), &answers(), &[]).fault
    }

    #[test]
    fn a_form_array_written_by_openapis_default_that_prism_does_not_read_is_prisms_fault() {
        assert_eq!(
            request_fault("Request body property MediaUrl must be array"),
            Fault::Prism
        );
        for message in [
            "Request body property Body must be array",
            "Request body property MediaUrl must be object",
        ] {
            assert_eq!(request_fault(message), Fault::Ours, "{message}");
        }
    }

    /// Box's `created_by`: Prism answers with the schema's nested examples, among them an
    /// array for a user object, and finds nothing wrong; the client refuses the array.
    #[test]
    fn a_part_of_an_answer_that_is_a_nested_example_of_the_document_is_the_documents() {
        let decode = |value: Value| {
            json!({"outcome": "decode", "status": 201, "pointer": "/created_by",
                   "detail": "invalid type: sequence, expected struct UserCollaborations",
                   "body": "{}", "violations": null, "value": value})
        };
        let (fault, text) = causes(decode(json!([{"id": 1}, {"type": "user"}])), &answers())
            .into_iter()
            .next()
            .unwrap();
        assert_eq!(fault, Fault::Document);
        assert!(
            text.contains("Collaboration/properties/created_by/allOf/2/example"),
            "{text}"
        );
        // Another value, an empty one, or none: ours.
        for value in [json!([{"id": 2}]), json!([]), Value::Null] {
            assert_eq!(
                causes(decode(value.clone()), &answers())[0].0,
                Fault::Ours,
                "{value}"
            );
        }
        let document = json!({"a": {"example": [1, 2], "examples": {"x": {"value": {"k": 1}}, "y": {"value": 3}}},
                              "b": {"example": "text"}});
        assert_eq!(
            structured_examples(&document),
            [
                ("#/a/example".to_owned(), json!([1, 2])),
                ("#/a/examples/x/value".to_owned(), json!({"k": 1}))
            ]
        );
    }

    /// Slack's `usergroups.create`: the example `{"ok": true}` lacks the required
    /// `usergroup`; the generator warns, Prism answers with it and finds nothing wrong.
    #[test]
    fn an_answer_from_an_example_the_generator_found_broken_is_the_documents() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {"/g": {"post": {"responses": {
                "200": {"$ref": "#/components/responses/Group"},
                "201": {"description": "Made.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Group"},
                    "examples": {"first": {"value": {"id": 1}}, "second": {"value": {"ok": true}}}
                }}}
            }}}},
            "components": {
                "responses": {"Group": {"description": "The group.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Group"},
                    "examples": {"response": {"value": {"ok": true}}}
                }}}},
                "schemas": {"Group": {"type": "object", "required": ["ok", "id"],
                    "properties": {"ok": {"type": "boolean"}, "id": {"type": "integer"}}}}
            }
        });
        let config = openapi_codegen::Config::new("t");
        let loaded = openapi_codegen::load::load_value(document.clone()).expect("loads");
        let (api, warnings) = openapi_codegen::lower::lower(&loaded, &config).expect("lowers");
        let broken = broken_examples(&document, &api.operations[0], &warnings);
        // The 200's one example, in the shared response, lacks `id`; the 201's first
        // example (the one Prism answers with) lacks `ok`: both found. A broken second
        // example alone would not count.
        let statuses: Vec<&str> = broken.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(statuses, ["200", "201"], "{broken:?}");
        assert!(
            broken[0].1.starts_with(
                "#/components/responses/Group/content/application~1json/examples/response"
            ),
            "{broken:?}"
        );
        let mut facts = answers();
        facts.broken_examples = broken;
        let missing = json!({"outcome": "decode", "status": 200, "pointer": "",
                             "detail": "missing field `id`", "body": "{\"ok\":true}",
                             "violations": null});
        assert_eq!(causes(missing.clone(), &facts)[0].0, Fault::Document);
        // Without the warning, or for an answer Prism made up (dynamic: no example), ours.
        assert_eq!(causes(missing.clone(), &answers())[0].0, Fault::Ours);
        facts.with_example.clear();
        assert_eq!(causes(missing, &facts)[0].0, Fault::Ours);
    }

    #[test]
    fn the_form_arrays_no_encoding_entry_names_are_read_from_the_document() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {"/m": {"post": {"responses": {"204": {"description": "Sent."}}, "requestBody": {"content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"$ref": "#/components/schemas/Message"},
                    "encoding": {"Tags": {"style": "form", "explode": true}}
                }
            }}}}},
            "components": {"schemas": {"Message": {"type": "object", "properties": {
                "MediaUrl": {"type": "array", "items": {"type": "string"}},
                "Tags": {"type": "array", "items": {"type": "string"}},
                "Body": {"type": "string"},
                "Events": {"$ref": "#/components/schemas/Events"}
            }}, "Events": {"type": "array", "items": {"type": "string"}}}}
        });
        let config = openapi_codegen::Config::new("t");
        let loaded = openapi_codegen::load::load_value(document.clone()).expect("loads");
        let (api, _) = openapi_codegen::lower::lower(&loaded, &config).expect("lowers");
        let op = &api.operations[0];
        assert_eq!(default_form_arrays(&document, op), ["MediaUrl", "Events"]);
    }

    #[test]
    fn a_json_or_repeated_multipart_part_prism_reads_as_text_is_prisms_fault() {
        for message in [
            "Request body property attributes must be object",
            "Request body property tags must be array",
        ] {
            assert_eq!(request_fault(message), Fault::Prism, "{message}");
        }
        // A part the client sends as one text, or another kind of violation: ours.
        for message in [
            "Request body property name must be object",
            "Request body property attributes must be string",
            "Request body must have required property 'attributes'",
        ] {
            assert_eq!(request_fault(message), Fault::Ours, "{message}");
        }
    }

    #[test]
    fn a_read_only_property_prism_requires_in_a_request_is_prisms_fault() {
        let line = json!({
            "outcome": "ok",
            "status": 200,
            "violations": [
                violation("request", "Request body property owner must have required property 'created'"),
                violation("request", "Request body must match exactly one schema in oneOf"),
                violation("request", "Request body must have required property 'name'"),
            ],
        });
        let faults: Vec<Fault> = causes(line, &answers()).into_iter().map(|c| c.0).collect();
        assert_eq!(faults, vec![Fault::Prism, Fault::Prism, Fault::Ours]);
    }

    #[test]
    fn a_recursive_answer_prism_cut_short_is_prisms_fault_and_other_missing_fields_ours() {
        let decode = |pointer: &str, body: &str| {
            json!({"outcome": "decode", "status": 201, "violations": [], "pointer": pointer,
                   "detail": "missing field `id` at line 1 column 40", "body": body})
        };
        let cut = r#"{"id":1,"owner":{"pets":[{"id":2,"owner":{"pets":[{}]}}]}}"#;
        let found = causes(decode("/owner/pets/0/owner/pets/0", cut), &answers());
        assert_eq!(found[0].0, Fault::Prism, "{found:?}");
        // An empty object not on a cycle, or a field missing from a full object: ours.
        let flat = r#"{"owner":{}}"#;
        assert_eq!(causes(decode("/owner", flat), &answers())[0].0, Fault::Ours);
        let full = r#"{"owner":{"pets":[{"owner":{"pets":[{"name":"x"}]}}]}}"#;
        let found = causes(decode("/owner/pets/0/owner/pets/0", full), &answers());
        assert_eq!(found[0].0, Fault::Ours);
        // A body too long to keep whole: the driver gives the value at the place.
        let mut long = decode("/a/b/0/a/b/0", "{\"a\": {\"b\": [{\"a\"");
        long["value"] = json!({});
        assert_eq!(causes(long, &answers())[0].0, Fault::Prism);
    }

    #[test]
    fn property_names_the_loader_left_out_are_put_back_where_they_were_written() {
        let written = json!({"components": {"schemas": {
            "Items": {"type": "object", "additionalProperties": {"type": ["string", "null"]},
                      "propertyNames": {"pattern": "^[a-z]+$"}},
            "Gone": {"propertyNames": {"enum": ["a"]}},
        }}});
        let mut loaded = json!({"components": {"schemas": {
            "Items": {"type": "object", "additionalProperties": {"type": "string", "nullable": true}},
        }}});
        put_back_property_names(&written, &mut String::new(), &mut loaded);
        assert_eq!(
            loaded["components"]["schemas"]["Items"]["propertyNames"],
            json!({"pattern": "^[a-z]+$"})
        );
        assert!(loaded["components"]["schemas"].get("Gone").is_none());
    }

    #[test]
    fn a_violations_header_prism_cut_short_gives_its_whole_violations() {
        let one = |place: &str| {
            json!({"location": ["response", "body", place], "severity": "Error",
                   "message": format!("Response body property {place} must have required property 'description'")})
        };
        let list = serde_json::to_string(&json!([one("a"), one("b"), one("c")])).unwrap();
        let cut = format!("Too many violations! {}", &list[..list.len() - 30]);
        let found = header_violations(&Value::String(cut));
        assert_eq!(found, vec![one("a"), one("b")]);
        let line = json!({"violations": Value::String(format!("Too many violations! {list}"))});
        assert_eq!(violations(&line, "response").len(), 2);
        assert_eq!(header_violations(&json!([one("a")])), vec![one("a")]);
        assert!(header_violations(&json!("Too many violations! [{\"loc")).is_empty());
    }

    fn causes(line: Value, answers: &Answers) -> Vec<(Fault, String)> {
        match judge_line(&line, answers, false) {
            Verdict::Failed(causes) => causes.into_iter().map(|c| (c.fault, c.text)).collect(),
            Verdict::Clean => Vec::new(),
            other => panic!("{other:?}"),
        }
    }

    fn violation(side: &str, message: &str) -> Value {
        json!({"location": [side], "severity": "Error", "message": message})
    }

    #[test]
    fn a_clean_call_is_clean_and_warnings_do_not_count() {
        let line = json!({"outcome": "ok", "status": 200, "violations": [
            {"location": ["request"], "severity": "Warning", "message": "deprecated"}]});
        assert!(causes(line, &answers()).is_empty());
    }

    #[test]
    fn request_violations_are_ours_in_prisms_words() {
        let line = json!({"outcome": "status", "status": 422, "violations": [
            violation("request", "Request body must have required property 'name'")]});
        assert_eq!(
            causes(line, &answers()),
            vec![(
                Fault::Ours,
                "request: Request body must have required property 'name'".to_owned()
            )]
        );
    }

    #[test]
    fn what_prism_gets_wrong_is_told_apart() {
        // Another path template matched (a parameter this operation does not have).
        let line = json!({"outcome": "status", "status": 400, "violations": [
            violation("request", "Request path parameter other must be equal to one of the allowed values: a")]});
        assert_eq!(causes(line, &answers())[0].0, Fault::Prism);
        // A one-item query array under a union with null: every message of that parameter.
        let line = json!({"outcome": "status", "status": 422, "problem": {"validation": [
            violation("query", "Request query parameter mask must be array"),
            violation("query", "Request query parameter mask must match a schema in anyOf"),
            violation("query", "Request query parameter limit must be <= 100"),
        ]}});
        let found = causes(line, &answers());
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0, Fault::Prism);
        assert_eq!(found[1].0, Fault::Prism);
        assert_eq!(found[2].0, Fault::Ours, "another parameter stays ours");
        // Prism's own error body.
        let line = json!({"outcome": "status", "status": 500, "problem": {
            "type": "https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT",
            "title": "Cannot serialise complex objects as text"}});
        assert_eq!(
            causes(line, &answers()),
            vec![(
                Fault::Prism,
                "answered 500, Prism's error: NO_COMPLEX_OBJECT_TEXT (Cannot serialise complex objects as text)".to_owned()
            )]
        );
        // Prism refusing the client's `Accept` (pims.io's `application/hal+json` answers,
        // asked for as `application/json`): the request's fault, ours.
        let line = json!({"outcome": "status", "status": 406, "problem": {
            "type": "https://stoplight.io/prism/errors#NOT_ACCEPTABLE",
            "title": "The server cannot produce a representation for your accept header"}});
        assert_eq!(causes(line.clone(), &answers())[0].0, Fault::Ours);
        // Unless the answer is documented under `*/*` (peoplegeneratorapi's Spring
        // answers), which Prism cannot match to any `Accept`.
        let wildcard = Answers {
            wildcard_answer: true,
            ..answers()
        };
        assert_eq!(causes(line, &wildcard)[0].0, Fault::Prism);
        // A `Content-Type` or `Accept` header parameter OpenAPI says to ignore, which
        // Prism requires (VTEX's bodiless POSTs): Prism's; another header: ours.
        for (name, fault) in [
            ("content-type", Fault::Prism),
            ("Accept", Fault::Prism),
            ("x-apideck-app-id", Fault::Ours),
        ] {
            let message = format!("Request header must have required property '{name}'");
            assert_eq!(request_fault(&message), fault, "{message}");
        }
        // The `Accept` the client sends (`*/*` when it reads no JSON) against a parameter's
        // enum: Prism's; a `Content-Type` parameter's values against the body's media type
        // stay ours (Docker's `POST /build`, which the generator warns about).
        let accept = "Request header parameter accept must be equal to one of the allowed values: application/xml, application/json";
        assert_eq!(request_fault(accept), Fault::Prism);
        let content_type = "Request header parameter content-type must be equal to one of the allowed values: application/x-tar";
        assert_eq!(request_fault(content_type), Fault::Ours);
    }

    #[test]
    fn decode_errors_are_ours_unless_the_answer_breaks_the_schema() {
        let decode = |violations: Value, status: u64| {
            json!({"outcome": "decode", "status": status, "pointer": "/count",
                   "detail": "invalid type", "body": "{}", "violations": violations})
        };
        assert_eq!(
            causes(decode(json!(null), 200), &answers())[0].0,
            Fault::Ours
        );
        let broken = json!([violation(
            "response",
            "Response body property count must be integer"
        )]);
        // From the document's example: the document's; made up by Prism: Prism's.
        assert_eq!(
            causes(decode(broken.clone(), 200), &answers())[0].0,
            Fault::Document
        );
        assert_eq!(causes(decode(broken, 201), &answers())[0].0, Fault::Prism);
        // Prism's 2^128 for a `format: float` field (readme-star-trek's stardates): Prism's;
        // another number out of range stays ours.
        let out_of_range = |body: &str| {
            json!({"outcome": "decode", "status": 201, "pointer": "/stardate",
                   "detail": "number out of range at line 1 column 30",
                   "body": body, "violations": null})
        };
        assert_eq!(
            causes(
                out_of_range(r#"{"stardate":-3.402823669209385e+38}"#),
                &answers()
            )[0]
            .0,
            Fault::Prism
        );
        assert_eq!(
            causes(out_of_range(r#"{"stardate":1e400}"#), &answers())[0].0,
            Fault::Ours
        );
        // Past the 300 characters of the body the driver reports: the value at the place.
        let mut deep = out_of_range(r#"{"books":[{"title":"a long answer"#);
        deep["value"] = json!(-3.402823669209385e38);
        assert_eq!(causes(deep.clone(), &answers())[0].0, Fault::Prism);
        deep["value"] = json!(-3.5e38);
        assert_eq!(causes(deep, &answers())[0].0, Fault::Ours);
    }

    #[test]
    fn a_non_2xx_answer_to_an_accepted_request_is_the_documents_when_it_has_no_2xx() {
        let line = json!({"outcome": "status", "status": 405, "detail": "Text(\"\")"});
        let mut without_success = answers();
        without_success.has_success = false;
        assert_eq!(causes(line.clone(), &without_success)[0].0, Fault::Document);
        assert_eq!(causes(line, &answers())[0].0, Fault::Ours);
    }

    #[test]
    fn prism_is_seen_stopped_when_it_exits_just_after_a_call_could_not_reach_it() {
        let refused = [json!({"outcome": "error", "status": null, "detail": "connection refused"})];
        let answered = [json!({"outcome": "ok", "status": 200})];
        // A Prism that is still exiting when the driver is done: seen stopped.
        let mut exiting = Command::new("sleep")
            .arg("0.5")
            .spawn()
            .expect("sleep runs");
        assert!(prism_stopped(&mut exiting, &refused).expect("waits"));
        // One that keeps running: not stopped, and not waited for when every call was
        // answered.
        let mut running = Command::new("sleep").arg("30").spawn().expect("sleep runs");
        let start = Instant::now();
        assert!(!prism_stopped(&mut running, &answered).expect("looks"));
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(!prism_stopped(&mut running, &refused).expect("waits"));
        running.kill().expect("stops");
        running.wait().expect("reaped");
    }

    #[test]
    fn a_documented_error_answer_is_clean_when_the_document_gives_no_2xx() {
        let mut only_errors = answers();
        only_errors.has_success = false;
        only_errors.documented = vec![("400".to_owned(), false), ("4XX".to_owned(), true)];
        // 400 documents no body: whatever came is right.
        let bare =
            json!({"outcome": "status", "status": 400, "detail": "Text(\"\")", "typed": false});
        assert!(causes(bare, &only_errors).is_empty());
        // 404 falls to `4XX`, which documents JSON: clean only when it decoded.
        let typed =
            json!({"outcome": "status", "status": 404, "detail": "Error(..)", "typed": true});
        assert!(causes(typed, &only_errors).is_empty());
        let text =
            json!({"outcome": "status", "status": 404, "detail": "Text(\"{}\")", "typed": false});
        assert_eq!(causes(text, &only_errors)[0].0, Fault::Ours);
        // A status the document does not give is still the document's.
        let other =
            json!({"outcome": "status", "status": 500, "detail": "Text(\"\")", "typed": false});
        assert_eq!(causes(other, &only_errors)[0].0, Fault::Document);
        // A redirect not followed, documented as such.
        only_errors.documented.push(("303".to_owned(), false));
        let redirect = json!({"outcome": "error", "status": 303,
            "detail": "server answered 303 See Other, a redirect not followed: not GET or HEAD"});
        assert!(causes(redirect, &only_errors).is_empty());
        // With a 2xx documented, an error answer is never clean.
        only_errors.has_success = true;
        let bare =
            json!({"outcome": "status", "status": 400, "detail": "Text(\"\")", "typed": false});
        assert_eq!(causes(bare, &only_errors)[0].0, Fault::Ours);
    }

    #[test]
    fn extensions_that_refer_to_missing_files_are_dropped_for_prism() {
        let mut document = json!({"paths": {"/a": {"get": {
            "x-ms-examples": {"one": {"$ref": "./examples/missing.json"}},
            "x-other": {"$ref": "#/components/schemas/A"},
            "responses": {},
        }}}});
        assert!(drop_extensions_with_missing_files(
            &mut document,
            Path::new("/nowhere")
        ));
        let get = &document["paths"]["/a"]["get"];
        assert!(get.get("x-ms-examples").is_none());
        assert!(get.get("x-other").is_some(), "a local reference stays");
        assert!(!drop_extensions_with_missing_files(
            &mut document,
            Path::new("/nowhere")
        ));
    }
}
