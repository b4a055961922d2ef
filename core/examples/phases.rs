#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Times the phases of a scan on a folder of files, and the slowest controls:
//! `cargo run --release --example phases -- DIR [HOW_MANY_CONTROLS]`.

use posture_core::engine::{catalog, plan, Evaluation};
use posture_core::source::{parse_file, Limits};
use posture_core::{InputFile, ScanOptions};
use std::time::{Duration, Instant};

/// The allocator the `posture` binary uses, so the figures are the ones users see.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let listed: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push(InputFile::new(entry.path().display().to_string(), bytes));
        }
    }
    let options = ScanOptions {
        timestamp: "2026-11-24T00:00:00Z".into(),
        ..Default::default()
    };
    let t = Instant::now();
    let parsed: Vec<_> = files
        .iter()
        .map(|f| parse_file(f, &Limits::default()))
        .collect();
    println!("parse     {:?}", t.elapsed());
    let plan = plan(catalog().unwrap(), &options).unwrap();
    let t = Instant::now();
    let mut evaluation = Evaluation::new(&plan, &parsed);
    println!("index     {:?}", t.elapsed());
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let all = Instant::now();
    loop {
        let (done, _) = evaluation.progress();
        let t = Instant::now();
        if !evaluation.step() {
            break;
        }
        slowest.push((t.elapsed(), plan.controls[done].0.id.clone()));
    }
    println!("controls  {:?}", all.elapsed());
    let t = Instant::now();
    let report = evaluation.finish(&options);
    println!(
        "report    {:?} ({} results)",
        t.elapsed(),
        report.results.len()
    );
    let t = Instant::now();
    let json = report.to_json();
    println!("json      {:?} ({} bytes)", t.elapsed(), json.len());
    let t = Instant::now();
    drop(report);
    drop(parsed);
    println!("free      {:?}", t.elapsed());
    slowest.sort_by(|a, b| b.cmp(a));
    for (time, id) in slowest.iter().take(listed) {
        println!("  {id:<14} {time:?}");
    }
}
