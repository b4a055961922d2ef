//! Posture's core: reads EKS configuration exports and Kubernetes manifests handed in by the
//! caller, evaluates the embedded control catalog, and returns a report with evidence.
//!
//! Pure library: no file system, network or clock of its own.

pub mod bundle;
pub mod catalog;
pub mod cidr;
pub mod config;
pub mod detect;
pub mod document;
pub mod engine;
pub mod eval;
pub mod finding;
mod hash;
pub mod pss;
pub mod report;
pub mod selector;
pub mod source;
pub mod workload;

pub use catalog::Catalog;
pub use config::Config;
pub use engine::{catalog, scan, ScanError, ScanOptions};
pub use finding::{Evidence, EvidenceList, Resource, Severity, Status};
pub use report::Report;
pub use source::{InputFile, Limits};
