//! What an evaluation says about one resource for one control, and the evidence behind it.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The verdict of a control on a resource. Ordered from most to least urgent, so the
/// verdict of a control over many resources is the minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    Error,
    Warn,
    NotAssessed,
    Manual,
    Waived,
    Pass,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Fail,
        Status::Error,
        Status::Warn,
        Status::NotAssessed,
        Status::Manual,
        Status::Waived,
        Status::Pass,
        Status::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::NotApplicable => "not_applicable",
            Status::NotAssessed => "not_assessed",
            Status::Manual => "manual",
            Status::Error => "error",
            Status::Waived => "waived",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a failure matters, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The thing a result is about. Its strings are shared: one workload has a result for each
/// control, and a scan of 10,000 objects writes over 100,000 results.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Resource {
    pub kind: Arc<str>,
    pub name: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Arc<str>>,
}

impl Resource {
    pub fn new(kind: impl Into<Arc<str>>, name: impl Into<Arc<str>>) -> Self {
        Resource {
            kind: kind.into(),
            name: name.into(),
            namespace: None,
            cluster: None,
        }
    }

    pub fn in_namespace(mut self, namespace: Option<&str>) -> Self {
        self.namespace = namespace.map(Arc::from);
        self
    }

    pub fn in_cluster(mut self, cluster: Option<&str>) -> Self {
        self.cluster = cluster.map(Arc::from);
        self
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(ns) = &self.namespace {
            write!(f, " {ns}/{}", self.name)
        } else {
            write!(f, " {}", self.name)
        }
    }
}

/// One field that supports a verdict: where it is and what it holds against what was expected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub file: Arc<str>,
    /// Index of the document inside a multi-document file (0-based).
    pub document: usize,
    /// JSON pointer (RFC 6901) into that document.
    pub pointer: String,
    /// Where the field is, or where its closest existing parent is when the field is absent.
    pub line: u32,
    pub column: u32,
    /// Whether the field exists at all.
    pub present: bool,
    pub observed: serde_json::Value,
    pub expected: Cow<'static, str>,
}

impl Evidence {
    /// The observed value as every output shows it: JSON, or `(absent)` for a missing field.
    pub fn observed_text(&self) -> String {
        if self.present {
            self.observed.to_string()
        } else {
            "(absent)".into()
        }
    }
}

/// The evidence behind one verdict. A list can be shared: every workload in a namespace cites
/// the same namespace labels for each Pod Security control, so they are written once.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceList {
    Owned(Vec<Evidence>),
    Shared(Arc<[Evidence]>),
}

impl EvidenceList {
    /// The list as a vector of its own (a copy if it was shared).
    pub fn into_owned(self) -> Vec<Evidence> {
        match self {
            EvidenceList::Owned(list) => list,
            EvidenceList::Shared(list) => list.to_vec(),
        }
    }

    /// Appends to the list, copying it first if it was shared.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Evidence>) {
        let mut list = std::mem::take(self).into_owned();
        list.extend(more);
        *self = EvidenceList::Owned(list);
    }
}

impl Default for EvidenceList {
    fn default() -> Self {
        EvidenceList::Owned(Vec::new())
    }
}

impl std::ops::Deref for EvidenceList {
    type Target = [Evidence];
    fn deref(&self) -> &[Evidence] {
        match self {
            EvidenceList::Owned(list) => list,
            EvidenceList::Shared(list) => list,
        }
    }
}

impl<'a> IntoIterator for &'a EvidenceList {
    type Item = &'a Evidence;
    type IntoIter = std::slice::Iter<'a, Evidence>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl From<Vec<Evidence>> for EvidenceList {
    fn from(list: Vec<Evidence>) -> Self {
        EvidenceList::Owned(list)
    }
}

impl Serialize for EvidenceList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for EvidenceList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(EvidenceList::Owned)
    }
}

/// A verdict on one resource, before the catalog adds control metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub resource: Resource,
    /// Shared, since many resources pass a control for the same reason.
    pub message: Arc<str>,
    pub evidence: EvidenceList,
    /// Set when the verdict changes the catalog severity (e.g. a downgrade by parameter).
    pub severity: Option<Severity>,
}

impl Outcome {
    pub fn new(status: Status, resource: Resource, message: impl Into<Arc<str>>) -> Self {
        Outcome {
            status,
            resource,
            message: message.into(),
            evidence: EvidenceList::default(),
            severity: None,
        }
    }

    pub fn with(mut self, evidence: Evidence) -> Self {
        self.evidence.extend([evidence]);
        self
    }

    pub fn with_all(mut self, evidence: impl IntoIterator<Item = Evidence>) -> Self {
        self.evidence.extend(evidence);
        self
    }

    /// Adds evidence many outcomes cite, without copying it when it is all there is.
    pub fn with_shared(mut self, evidence: &Arc<[Evidence]>) -> Self {
        if self.evidence.is_empty() {
            self.evidence = EvidenceList::Shared(evidence.clone());
        } else {
            self.evidence.extend(evidence.iter().cloned());
        }
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Evidence;

    #[test]
    fn absent_values_are_spelled_out() {
        let mut e = Evidence {
            file: "k8s.yaml".into(),
            document: 0,
            pointer: "/spec/hostNetwork".into(),
            line: 3,
            column: 5,
            present: false,
            observed: serde_json::Value::Null,
            expected: "false".into(),
        };
        assert_eq!(e.observed_text(), "(absent)");
        e.present = true;
        e.observed = serde_json::json!(["api"]);
        assert_eq!(e.observed_text(), "[\"api\"]");
    }
}
