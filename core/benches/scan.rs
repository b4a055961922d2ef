#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Whole-scan throughput on a generated corpus (see README, "Performance").

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use posture_core::{InputFile, ScanOptions};

/// The allocator the `posture` binary uses, so the figures are the ones users see.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "corpus.rs"]
mod corpus;

fn bundle(resources: usize) -> Vec<InputFile> {
    let groups = 10;
    let mut files = vec![
        InputFile::new("cluster.json", corpus::cluster_json()),
        InputFile::new(
            "launch-templates.json",
            corpus::launch_templates_json(groups),
        ),
        InputFile::new("k8s.yaml", corpus::kubernetes_yaml(resources)),
    ];
    files.extend(
        (0..groups).map(|i| InputFile::new(format!("ng-{i}.json"), corpus::nodegroup_json(i))),
    );
    files
}

fn scan(c: &mut Criterion) {
    let options = ScanOptions {
        timestamp: "2026-11-24T00:00:00Z".into(),
        ..ScanOptions::default()
    };
    let mut group = c.benchmark_group("scan");
    group.sample_size(10);
    for resources in [1_000, 10_000, 100_000] {
        let files = bundle(resources);
        group.throughput(Throughput::Elements(resources as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(resources),
            &files,
            |b, files| b.iter(|| posture_core::scan(files, &options).map(|r| r.results.len())),
        );
    }
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
