//! Posture's compliance viewer: users drop EKS and Kubernetes exports into the page and read the
//! report. The core runs in the page itself (compiled to WebAssembly with the viewer), so no file
//! ever leaves the browser.

pub mod app;
pub mod components;
pub mod download;
pub mod format;
pub mod load;
pub mod model;
pub mod route;
pub mod sample;
