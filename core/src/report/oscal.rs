//! The report as an OSCAL assessment-results document (NIST OSCAL 1.2.1), for GRC tools and
//! auditors who work in OSCAL: each result an observation (what was examined, with its evidence),
//! each NIST SP 800-53 requirement the controls support a finding on it.

use super::{Report, ResultRecord};
use crate::finding::Status;
use crate::source::sha256_hex;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const OSCAL_VERSION: &str = "1.2.1";
const NIST: &str = "nist-800-53";

/// A name-based UUID (version 5 layout, SHA-256 based): the same report gives the same ids.
fn uuid(seed: &str) -> String {
    let hash = sha256_hex(seed.as_bytes());
    let hex: Vec<char> = hash.chars().take(32).collect();
    let mut out = String::with_capacity(36);
    for (i, c) in hex.iter().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(match i {
            12 => '5',
            16 => match c {
                '0' | '4' | '8' | 'c' => '8',
                '1' | '5' | '9' | 'd' => '9',
                '2' | '6' | 'a' | 'e' => 'a',
                _ => 'b',
            },
            _ => *c,
        });
    }
    out
}

/// `AC-6(10)` → `ac-6.10`, as OSCAL's NIST SP 800-53 catalog names controls.
fn nist_control_id(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    match lower.split_once('(') {
        Some((base, rest)) => format!("{base}.{}", rest.trim_end_matches(')')),
        None => lower,
    }
}

fn prop(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "value": value.into() })
}

fn observation(r: &ResultRecord, report_uuid: &str, collected: &str) -> (String, Value) {
    let resource = &r.resource;
    let key = format!("{}|{resource}|{}", r.control, r.message);
    let id = uuid(&format!("{report_uuid}|observation|{key}"));
    let evidence: Vec<Value> = r
        .evidence
        .iter()
        .map(|e| {
            json!({
                "href": format!("{}#{}", e.file.replace(' ', "%20"), e.pointer),
                "description": format!("{}:{}:{} {}: observed {}, expected {}",
                    e.file, e.line, e.column, e.pointer, e.observed_text(), e.expected),
            })
        })
        .collect();
    let mut value = json!({
        "uuid": id,
        "title": format!("{} on {resource}", r.control),
        "description": r.message,
        "props": [
            prop("control", &*r.control),
            prop("status", r.status.as_str()),
            prop("severity", r.severity.as_str()),
        ],
        "methods": ["EXAMINE"],
        "subjects": [{
            "subject-uuid": uuid(&format!("subject|{resource}")),
            "type": "resource",
            "title": resource.to_string(),
        }],
        "collected": collected,
    });
    if let (false, Some(obj)) = (evidence.is_empty(), value.as_object_mut()) {
        obj.insert("relevant-evidence".into(), Value::Array(evidence));
    }
    (id, value)
}

impl Report {
    /// OSCAL assessment-results JSON with a final newline. Not-applicable results are left out;
    /// a requirement whose controls were not assessed is `not-satisfied` with reason `other`,
    /// never satisfied.
    pub fn to_oscal(&self) -> String {
        let report_uuid = uuid(&format!(
            "{}|{}|{}|{}",
            self.generated_at,
            self.catalog.sha256,
            self.profile.name,
            self.inputs
                .iter()
                .map(|i| i.sha256.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ));
        let mut observations = Vec::new();
        let mut by_control: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in self
            .results
            .iter()
            .filter(|r| r.status != Status::NotApplicable)
        {
            let (id, value) = observation(r, &report_uuid, &self.generated_at);
            by_control.entry(&*r.control).or_default().push(id);
            observations.push(value);
        }
        let findings: Vec<Value> = self
            .requirements(NIST)
            .into_iter()
            .filter(|(_, (status, _))| *status != Status::NotApplicable)
            .map(|(id, (status, controls))| {
                let controls: Vec<&str> = controls
                    .iter()
                    .filter(|c| c.status != Status::NotApplicable)
                    .map(|c| c.id.as_str())
                    .collect();
                let observed: Vec<&String> = controls
                    .iter()
                    .filter_map(|c| by_control.get(c))
                    .flatten()
                    .collect();
                let (state, reason, remarks) = match status {
                    Status::Pass | Status::Waived => ("satisfied", "pass", "every control supporting it passes (or is waived)"),
                    Status::Fail | Status::Error | Status::Warn => ("not-satisfied", "fail", "a control supporting it fails or warns"),
                    _ => ("not-satisfied", "other", "not assessed: the evidence it needs was not supplied, or it needs manual review"),
                };
                json!({
                    "uuid": uuid(&format!("{report_uuid}|finding|{id}")),
                    "title": format!("NIST SP 800-53 Rev. 5 {id}"),
                    "description": format!("Evaluated by {}.", controls.join(", ")),
                    "props": [prop("posture-status", status.as_str())],
                    "target": {
                        "type": "objective-id",
                        "target-id": nist_control_id(id),
                        "status": { "state": state, "reason": reason, "remarks": remarks },
                    },
                    "related-observations": observed
                        .iter()
                        .map(|o| json!({ "observation-uuid": o }))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut result = json!({
            "uuid": uuid(&format!("{report_uuid}|result")),
            "title": format!("EKS compliance assessment, profile {}", self.profile.name),
            "description": format!(
                "Posture {} evaluated {} input files against catalog {} (SHA-256 {}).",
                self.tool.version, self.inputs.len(), self.catalog.version, self.catalog.sha256
            ),
            "start": self.generated_at,
            "end": self.generated_at,
            "props": [
                prop("catalog-version", self.catalog.version.as_str()),
                prop("catalog-sha256", self.catalog.sha256.as_str()),
                prop("profile", self.profile.name.as_str()),
            ],
            "reviewed-controls": { "control-selections": [{ "include-all": {} }] },
        });
        if let Some(obj) = result.as_object_mut() {
            if !observations.is_empty() {
                obj.insert("observations".into(), Value::Array(observations));
            }
            if !findings.is_empty() {
                obj.insert("findings".into(), Value::Array(findings));
            }
        }
        let document = json!({
            "assessment-results": {
                "uuid": report_uuid,
                "metadata": {
                    "title": "Posture EKS compliance assessment",
                    "last-modified": self.generated_at,
                    "version": self.tool.version,
                    "oscal-version": OSCAL_VERSION,
                },
                "import-ap": { "href": format!("#posture-profile-{}", self.profile.name) },
                "results": [result],
            }
        });
        let mut out = serde_json::to_string_pretty(&document)
            .unwrap_or_else(|e| format!("{{\"error\": \"OSCAL could not be serialised: {e}\"}}"));
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_have_the_version_5_layout_and_are_stable() {
        let a = super::uuid("x");
        assert_eq!(a, super::uuid("x"));
        assert_ne!(a, super::uuid("y"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('5'));
        assert!(matches!(
            parts[3].chars().next(),
            Some('8' | '9' | 'a' | 'b')
        ));
    }

    #[test]
    fn nist_ids_follow_the_oscal_catalog() {
        assert_eq!(super::nist_control_id("AC-6(10)"), "ac-6.10");
        assert_eq!(super::nist_control_id("SC-28"), "sc-28");
    }
}
