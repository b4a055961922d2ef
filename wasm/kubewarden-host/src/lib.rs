//! Test-only crate: see `tests/wapc.rs`.
