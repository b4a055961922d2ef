//! Posture for WebAssembly hosts. Thin entry points over `posture-core`:
//!
//! - feature `js`: a wasm-bindgen API for Node and the browser (`js`);
//! - feature `opa`: an OPA Wasm ABI 1.3 policy module for OPA's SDKs and Kubewarden (`opa`);
//! - feature `kubewarden`: a Kubewarden waPC policy (`kubewarden`).
//!
//! The host-independent part (reading a host's input and settings, turning a report into a
//! decision) builds on every target, so native tests check the same code the modules run.

pub mod catalog_json;
pub mod entrypoint;
pub mod input;
pub mod settings;
pub mod verdict;

#[cfg(feature = "js")]
pub mod js;

#[cfg(all(feature = "opa", target_arch = "wasm32"))]
mod opa;

#[cfg(all(feature = "kubewarden", target_arch = "wasm32"))]
mod kubewarden;

pub use entrypoint::{evaluate, Entrypoint};
