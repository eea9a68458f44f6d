//! Generation speed: each stage (load, lower, emit, format) and the whole pipeline on the
//! Users spec and on synthetic documents of 10 to 1,000 operations, GitHub's size, and one
//! that repeats the same inline schemas under every operation (the case type dedup is for).
//!
//! `cargo bench -p openapi-codegen --bench pipeline` (all), or with a filter such as
//! `-- scaling` or `-- stages/users`. The synthetic documents are made in memory by
//! `openapi_synthetic` (`generator/synthetic/`), so nothing large is checked in.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use openapi_codegen::{Config, emit, format, load, lower};
use openapi_synthetic::{self as synthetic, Shape};

fn users_spec() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/sequence-users.yaml");
    std::fs::read_to_string(path).expect("spec/sequence-users.yaml")
}

/// The documents the stage benches run on: name and text.
fn documents() -> Vec<(&'static str, String)> {
    vec![
        ("users", users_spec()),
        (
            "synthetic-200",
            synthetic::document_json(&Shape::operations(200)),
        ),
        (
            "synthetic-1000",
            synthetic::document_json(&Shape::operations(1_000)),
        ),
        (
            "github-size",
            synthetic::document_json(&Shape::github_size()),
        ),
        // 150 operations repeating the same inline schemas (8.4 MB): the dedup case.
        ("repeated-150", synthetic::repeated_shapes_json(150)),
    ]
}

fn format_all(files: Vec<emit::EmittedFile>, config: &Config) -> usize {
    format::format_all(files, config)
        .expect("formats")
        .iter()
        .map(|file| file.contents.len())
        .sum()
}

fn stages(c: &mut Criterion) {
    let config = Config::new("bench-api");
    for (name, text) in documents() {
        let mut group = c.benchmark_group(format!("stages/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1_000_000 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(8));
        }
        let loaded = load::load_document(&text).expect("loads");
        let api = lower::lower(&loaded, &config).expect("lowers").0;
        group.bench_function("load", |b| {
            b.iter(|| load::load_document(black_box(&text)).expect("loads"))
        });
        group.bench_function("lower", |b| {
            b.iter(|| lower::lower(black_box(&loaded), &config).expect("lowers").0)
        });
        group.bench_function("emit", |b| b.iter(|| emit::emit(black_box(&api), &config)));
        group.bench_function("format", |b| {
            b.iter_batched(
                || emit::emit(&api, &config),
                |files| format_all(files, &config),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("generate_from_text", |b| {
            b.iter(|| {
                openapi_codegen::generate_from_text(black_box(&text), &config)
                    .expect("generates")
                    .files
            })
        });
        group.finish();
    }
}

/// Whole pipeline at 10, 100 and 1,000 operations: time per operation should stay flat.
fn scaling(c: &mut Criterion) {
    let config = Config::new("bench-api");
    let mut group = c.benchmark_group("scaling");
    for operations in [10, 100, 1_000] {
        let text = synthetic::document_json(&Shape::operations(operations));
        group.throughput(Throughput::Elements(operations as u64));
        if operations >= 1_000 {
            group.sample_size(20);
        }
        group.bench_function(format!("generate_from_text/{operations}-ops"), |b| {
            b.iter(|| {
                openapi_codegen::generate_from_text(black_box(&text), &config)
                    .expect("generates")
                    .files
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, scaling);
criterion_main!(benches);
