//! The report: versioned JSON that carries everything an auditor needs to re-check a verdict.

use crate::catalog::{Area, Reference};
use crate::config::Waiver;
use crate::finding::{EvidenceList, Resource, Severity, Status};
use crate::source::{ParseError, Syntax};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

mod oscal;
mod policy_report;
mod sarif;

/// Version of this report format; bumped on any incompatible change.
pub const REPORT_VERSION: &str = "1.0";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub report_version: String,
    pub tool: Tool,
    pub catalog: CatalogRef,
    pub generated_at: String,
    pub profile: ProfileRef,
    /// Parameters in force, per control (only controls that declare any).
    pub parameters: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    pub inputs: Vec<InputRecord>,
    /// Files seen but not read (e.g. a README in an evidence folder), so nothing is lost silently.
    pub skipped: Vec<SkippedRecord>,
    pub summary: Summary,
    pub controls: Vec<ControlRecord>,
    pub results: Vec<ResultRecord>,
    pub waivers: Vec<WaiverRecord>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CatalogRef {
    pub version: String,
    pub sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ProfileRef {
    pub name: String,
    pub title: String,
}

/// One file handed in: its identity, what it was recognised as, or why it could not be read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InputRecord {
    pub path: String,
    pub sha256: String,
    pub size: usize,
    /// `json`, `yaml`, or absent when the file could not be parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syntax: Option<Syntax>,
    /// What the file holds, in words (e.g. `aws eks describe-cluster`, `kubernetes (42 objects)`).
    pub kind: String,
    pub documents: Vec<DocumentRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ParseError>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SkippedRecord {
    pub path: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DocumentRecord {
    pub index: usize,
    /// `empty`, `unrecognised`, `unsupported`, or the export it came from.
    pub kind: String,
    pub objects: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub controls: usize,
    pub results: usize,
    /// Results per status.
    pub by_status: BTreeMap<Status, usize>,
    /// Failing results per severity.
    pub failures_by_severity: BTreeMap<Severity, usize>,
    /// Controls per overall status.
    pub controls_by_status: BTreeMap<Status, usize>,
    pub inputs: usize,
    pub inputs_with_errors: usize,
    /// Per namespace: how many resources the results name, and how many of them fail.
    pub namespaces: BTreeMap<String, NamespaceSummary>,
}

/// The results about one namespace's resources, e.g. "payments: 3 workloads fail Pod Security".
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct NamespaceSummary {
    /// Distinct resources with at least one result.
    pub resources: usize,
    /// Distinct resources with at least one failing result.
    pub failing_resources: usize,
    /// Distinct workloads and pods failing at least one Pod Security Standards control
    /// (at the level and version the namespace enforces).
    pub failing_pod_security: usize,
}

/// A control in the run, with its overall status over all its results.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ControlRecord {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub area: Area,
    pub status: Status,
    pub description: String,
    pub remediation: String,
    pub references: Vec<Reference>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ResultRecord {
    pub control: Arc<str>,
    pub status: Status,
    pub severity: Severity,
    pub resource: Resource,
    pub message: Arc<str>,
    pub evidence: EvidenceList,
    /// Boxed: few results are waived, and every result is moved while the report is sorted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Box<Waiver>>,
}

/// A configured waiver and what became of it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WaiverRecord {
    pub waiver: Waiver,
    /// `applied`, `expired` or `unused`.
    pub state: WaiverState,
    pub results: usize,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    Applied,
    Expired,
    Unused,
}

impl Report {
    /// Pretty JSON with a final newline; the same report always gives the same bytes.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"report could not be serialised: {e}\"}}"));
        out.push('\n');
        out
    }

    /// The same bytes as [`Report::to_json`], written to `out` as they are produced (a large
    /// cluster's report is tens of MB, which need not be held twice).
    pub fn write_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")
    }

    /// Whether some failing result is at or above `threshold`.
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.results
            .iter()
            .any(|r| r.status == Status::Fail && r.severity >= threshold)
    }

    pub fn has_input_errors(&self) -> bool {
        self.inputs.iter().any(|i| i.error.is_some())
    }

    /// Each requirement of `framework` the controls map to, with those controls and their most
    /// urgent status (`not_applicable` only when every one of them is).
    pub fn requirements(&self, framework: &str) -> BTreeMap<&str, (Status, Vec<&ControlRecord>)> {
        let mut out: BTreeMap<&str, (Status, Vec<&ControlRecord>)> = BTreeMap::new();
        for control in &self.controls {
            for reference in control
                .references
                .iter()
                .filter(|r| r.framework == framework)
            {
                for id in &reference.ids {
                    let entry = out
                        .entry(id.as_str())
                        .or_insert((Status::NotApplicable, Vec::new()));
                    entry.0 = entry.0.min(control.status);
                    entry.1.push(control);
                }
            }
        }
        out
    }
}
