//! The report as SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps): one rule
//! per control, one result per failing, warning or waived finding, located at its evidence.

use super::{ControlRecord, Report, ResultRecord};
use crate::finding::{Severity, Status};
use crate::source::sha256_hex;
use serde_json::{json, Value};
use std::collections::HashMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub's `security-severity` scale (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low < 4.0).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn rule(control: &ControlRecord) -> Value {
    let references: Vec<String> = control
        .references
        .iter()
        .map(|r| format!("{} {}", r.framework, r.ids.join(", ")))
        .collect();
    let mut tags = vec![
        "security".to_string(),
        "compliance".to_string(),
        control.area.as_str().to_string(),
    ];
    tags.extend(control.references.iter().map(|r| r.framework.clone()));
    tags.dedup();
    json!({
        "id": control.id,
        "name": control.id.replace('-', ""),
        "shortDescription": { "text": control.title },
        "fullDescription": { "text": control.description },
        "help": {
            "text": format!("{}\n\nRequirements: {}", control.remediation, references.join("; ")),
            "markdown": format!(
                "**Remediation.** {}\n\n**Requirements.** {}",
                control.remediation,
                references.join("; ")
            ),
        },
        "defaultConfiguration": { "level": level(control.severity) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": security_severity(control.severity),
        },
    })
}

fn result(r: &ResultRecord, rule_index: usize) -> Value {
    let level = match r.status {
        Status::Fail => level(r.severity),
        _ => "warning",
    };
    let resource = &r.resource;
    let qualified = match &resource.namespace {
        Some(ns) => format!("{}/{ns}/{}", resource.kind, resource.name),
        None => format!("{}/{}", resource.kind, resource.name),
    };
    let logical =
        json!([{ "name": resource.name, "kind": resource.kind, "fullyQualifiedName": qualified }]);
    let locations: Vec<Value> = r
        .evidence
        .iter()
        .map(|e| {
            json!({
                "logicalLocations": logical,
                "physicalLocation": {
                    "artifactLocation": { "uri": e.file },
                    "region": { "startLine": e.line.max(1), "startColumn": e.column.max(1) },
                },
                "message": { "text": format!("{}: observed {}, expected {}", e.pointer,
                    e.observed_text(), e.expected) },
            })
        })
        .collect();
    let (primary, related) = match locations.split_first() {
        Some((first, rest)) => (vec![first.clone()], rest.to_vec()),
        None => (Vec::new(), Vec::new()),
    };
    let pointer = r.evidence.first().map_or("", |e| e.pointer.as_str());
    let mut out = json!({
        "ruleId": r.control,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": format!("{}: {}", resource, r.message) },
        "locations": primary,
        "relatedLocations": related,
        // Stable across runs and file moves: the control, the resource and the field.
        "partialFingerprints": {
            "postureFinding/v1": sha256_hex(format!("{}|{qualified}|{pointer}", r.control).as_bytes()),
        },
        "properties": {
            "status": r.status.as_str(),
            "severity": r.severity.as_str(),
            "cluster": resource.cluster,
        },
    });
    if let (Some(waiver), Some(obj)) = (&r.waiver, out.as_object_mut()) {
        obj.insert(
            "suppressions".into(),
            json!([{ "kind": "external", "status": "accepted", "justification": waiver.reason }]),
        );
    }
    out
}

impl Report {
    /// SARIF 2.1.0 with a final newline. Failing, warning and waived (as suppressed) results are
    /// reported; passes and not-applicable results are not findings, and what could not be
    /// assessed stays in the JSON report.
    pub fn to_sarif(&self) -> String {
        let rules: Vec<Value> = self.controls.iter().map(rule).collect();
        let index: HashMap<&str, usize> = self
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let results: Vec<Value> = self
            .results
            .iter()
            .filter(|r| matches!(r.status, Status::Fail | Status::Warn | Status::Waived))
            .filter_map(|r| Some(result(r, *index.get(&*r.control)?)))
            .collect();
        let artifacts: Vec<Value> = self
            .inputs
            .iter()
            .map(|i| json!({ "location": { "uri": i.path }, "length": i.size, "hashes": { "sha-256": i.sha256 } }))
            .collect();
        let sarif = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": self.tool.name,
                    "version": self.tool.version,
                    "semanticVersion": self.tool.version,
                    "rules": rules,
                    "properties": { "catalogVersion": self.catalog.version, "catalogSha256": self.catalog.sha256, "profile": self.profile.name },
                } },
                "invocations": [{ "executionSuccessful": !self.has_input_errors(), "endTimeUtc": self.generated_at }],
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
            }],
        });
        let mut out = serde_json::to_string_pretty(&sarif)
            .unwrap_or_else(|e| format!("{{\"error\": \"SARIF could not be serialised: {e}\"}}"));
        out.push('\n');
        out
    }
}
