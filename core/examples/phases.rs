#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Times the phases of a scan on a folder of files: `cargo run --release --example phases -- DIR`.

use posture_core::source::{parse_file, Limits};
use posture_core::InputFile;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push(InputFile::new(entry.path().display().to_string(), bytes));
        }
    }
    let t = Instant::now();
    let parsed: Vec<_> = files
        .iter()
        .map(|f| parse_file(f, &Limits::default()))
        .collect();
    println!("parse    {:?}", t.elapsed());
    let t = Instant::now();
    let bundle = posture_core::bundle::Bundle::new(&parsed);
    println!(
        "index    {:?} ({} k8s objects)",
        t.elapsed(),
        bundle.all(posture_core::detect::Kind::Kubernetes).len()
    );
    let options = posture_core::ScanOptions {
        timestamp: "2026-11-24T00:00:00Z".into(),
        ..Default::default()
    };
    let t = Instant::now();
    let report = posture_core::scan(&files, &options).map(|r| r.results.len());
    println!("scan     {:?} ({report:?} results)", t.elapsed());
    let t = Instant::now();
    let json = posture_core::scan(&files, &options).map(|r| r.to_json().len());
    println!("scan+json {:?} ({json:?} bytes)", t.elapsed());
}
