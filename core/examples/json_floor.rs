#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tooling code: a panic is a failed measurement
//! How much faster the one-pass JSON fast path reads a file than the full parser (the JSON
//! crate's syntax tree, converted to our positioned tree), and that both give the same tree.
//! `cargo run --release -p posture-core --example json_floor -- FILE.json [fast]`

use posture_core::source::{parse_json_fast, parse_json_full};
use posture_core::Limits;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: json_floor FILE.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let limits = Limits::default();
    if std::env::args().nth(2).as_deref() == Some("fast") {
        // The fast path alone, for a profiler.
        for _ in 0..10 {
            let t = Instant::now();
            let node = parse_json_fast(&text, &limits);
            println!("fast path in {:?} ({})", t.elapsed(), node.is_some());
        }
        return;
    }
    for _ in 0..3 {
        let t = Instant::now();
        let full = parse_json_full(&text, &limits).unwrap();
        let full_time = t.elapsed();
        let t = Instant::now();
        let fast = parse_json_fast(&text, &limits);
        let fast_time = t.elapsed();
        let fast = match &fast {
            Some(node) if *node == full => format!("{fast_time:?}"),
            Some(_) => "DIFFERS from the full parser".to_string(),
            None => format!("declined in {fast_time:?}"),
        };
        println!(
            "{} bytes: full tree in {full_time:?}; fast path {fast}",
            text.len()
        );
    }
}
