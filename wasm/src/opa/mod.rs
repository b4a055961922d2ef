//! The OPA Wasm ABI 1.3 module (`policy.wasm`), loadable by OPA's SDKs and Kubewarden.
//!
//! Build: `wasm32-unknown-unknown` with feature `opa`; `build.rs` links it against the host's
//! imported memory, and the post-link step (`wasm/postlink`) adds the ABI version globals.
// The ABI is raw addresses into shared memory and a host-managed heap: this module is where
// the crate's unsafe code lives, each use with its reason.
#![allow(unsafe_code)]

#[cfg(feature = "js")]
compile_error!("features `opa` and `js` build different modules; enable one at a time");

mod abi;
mod heap;
mod value;

#[global_allocator]
static ALLOCATOR: heap::BumpAllocator = heap::BumpAllocator;
