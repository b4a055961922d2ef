#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tooling code: a panic is a failed measurement
//! How much of YAML parsing is the parser library itself: times iterating the raw events of a
//! file against building our positioned tree from them (the full parser) and against the block
//! fast path, which reads what `kubectl get -o yaml` writes without the library.
//! `cargo run --release -p posture-core --example yaml_floor -- FILE.yaml`

use posture_core::source::{parse_yaml_fast, parse_yaml_full};
use posture_core::Limits;
use saphyr_parser::Parser;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: yaml_floor FILE.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let limits = Limits::default();
    for _ in 0..3 {
        let t = Instant::now();
        let mut events = 0usize;
        let mut parser = Parser::new_from_str(&text);
        while let Some(event) = parser.next_event() {
            event.unwrap();
            events += 1;
        }
        let raw = t.elapsed();
        let t = Instant::now();
        let full = parse_yaml_full(&text, &limits).unwrap();
        let full_time = t.elapsed();
        let t = Instant::now();
        let fast = parse_yaml_fast(&text, &limits);
        let fast_time = t.elapsed();
        let fast = match &fast {
            Some(documents) if *documents == full => format!("{fast_time:?}"),
            Some(_) => "DIFFERS from the full parser".to_string(),
            None => format!("declined in {fast_time:?}"),
        };
        println!(
            "raw events {events} in {raw:?}; full tree in {full_time:?}; fast path {fast} ({} documents)",
            full.len()
        );
    }
}
