#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tooling code: a panic is a failed measurement
//! How much of YAML parsing is the parser library itself: times iterating the raw events of a
//! file against building our positioned tree from it.
//! `cargo run --release -p posture-core --example yaml_floor -- FILE.yaml`

use posture_core::source::parse_file;
use posture_core::InputFile;
use saphyr_parser::Parser;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: yaml_floor FILE.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let input = InputFile::new(path, text.as_bytes().to_vec());
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
        let parsed = parse_file(&input, &Default::default());
        println!(
            "raw events {events} in {raw:?}; positioned tree in {:?} ({} documents)",
            t.elapsed(),
            parsed.documents.len()
        );
    }
}
