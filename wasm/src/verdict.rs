//! From a report to a decision: the deny messages, and Kubewarden's admission response.

use crate::input::Scope;
use posture_core::catalog::Area;
use posture_core::report::ControlRecord;
use posture_core::{Report, Resource, Status};
use serde_json::{json, Value};

/// One message per failing result, and one per input that could not be read (a control never
/// passes because its input was unreadable). Empty means allowed.
///
/// For a single object (an admission request or a lone manifest), controls of the `network`
/// area are left out: whether a namespace's NetworkPolicies cover a workload needs those
/// policies, which one object never carries. The report still lists their results.
pub fn deny_messages(report: &Report, scope: &Scope) -> Vec<String> {
    let mut deny: Vec<String> = report
        .inputs
        .iter()
        .filter_map(|input| {
            let error = input.error.as_ref()?;
            let at = match (error.line, error.column) {
                (Some(line), Some(column)) => format!(" (line {line}, column {column})"),
                _ => String::new(),
            };
            Some(format!("input {}: {}{at}", input.path, error.message))
        })
        .collect();
    let judged = |control: &str| {
        !scope.is_single_object()
            || !report
                .controls
                .iter()
                .any(|c: &ControlRecord| c.id == control && c.area == Area::Network)
    };
    deny.extend(
        report
            .results
            .iter()
            .filter(|r| r.status == Status::Fail && judged(&r.control))
            .map(|r| format!("{} {}: {}", r.control, describe(&r.resource), r.message)),
    );
    deny
}

/// `Kind namespace/name`, or `Kind name` outside namespaces.
fn describe(resource: &Resource) -> String {
    match &resource.namespace {
        Some(ns) => format!("{} {ns}/{}", resource.kind, resource.name),
        None => format!("{} {}", resource.kind, resource.name),
    }
}

/// Kubewarden's OPA-mode result: `{"response": AdmissionResponse}`; denied requests carry the
/// deny messages, joined, as the status message.
pub fn kubewarden_response(uid: &str, deny: &[String]) -> Value {
    if deny.is_empty() {
        json!({"response": {"uid": uid, "allowed": true}})
    } else {
        json!({"response": {
            "uid": uid,
            "allowed": false,
            "status": {"message": deny.join("; ")}
        }})
    }
}
