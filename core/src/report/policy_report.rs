//! The report as Kubernetes PolicyReports (`wgpolicyk8s.io/v1alpha2`), the shape Kyverno,
//! Kubewarden and Policy Reporter use: one `PolicyReport` per namespace and one
//! `ClusterPolicyReport` for everything else (cluster-scoped objects and AWS resources), in a
//! `kind: List` that `kubectl apply -f` accepts.

use super::{Report, ResultRecord};
use crate::finding::Status;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const API_VERSION: &str = "wgpolicyk8s.io/v1alpha2";

/// PolicyReport results are pass, fail, warn, error or skip; the exact Posture status is kept
/// in `properties.status`, so "not assessed" never reads as a pass.
fn result_of(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Warn => "warn",
        Status::Error => "error",
        Status::NotAssessed | Status::Manual | Status::Waived | Status::NotApplicable => "skip",
    }
}

fn seconds_of(timestamp: &str) -> i64 {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(timestamp, &Rfc3339).map_or(0, |t| t.unix_timestamp())
}

fn entry(r: &ResultRecord, area: &str, seconds: i64) -> Value {
    let mut resource = Map::new();
    resource.insert("kind".into(), json!(r.resource.kind));
    resource.insert("name".into(), json!(r.resource.name));
    if let Some(ns) = &r.resource.namespace {
        resource.insert("namespace".into(), json!(ns));
    }
    let mut properties = Map::new();
    properties.insert("status".into(), json!(r.status.as_str()));
    if let Some(cluster) = &r.resource.cluster {
        properties.insert("cluster".into(), json!(cluster));
    }
    for (i, e) in r.evidence.iter().enumerate() {
        properties.insert(
            format!("evidence.{i}"),
            json!(format!(
                "{}:{}:{} {} expected {}",
                e.file, e.line, e.column, e.pointer, e.expected
            )),
        );
    }
    json!({
        "source": "posture",
        "policy": r.control,
        "rule": r.control,
        "category": area,
        "severity": r.severity.as_str(),
        "result": result_of(r.status),
        "scored": matches!(r.status, Status::Pass | Status::Fail),
        "message": r.message,
        "timestamp": { "seconds": seconds, "nanos": 0 },
        "resources": [Value::Object(resource)],
        "properties": Value::Object(properties),
    })
}

fn report(kind: &str, namespace: Option<&str>, results: Vec<Value>) -> Value {
    let mut summary = BTreeMap::from([
        ("pass", 0),
        ("fail", 0),
        ("warn", 0),
        ("error", 0),
        ("skip", 0),
    ]);
    for r in &results {
        if let Some(n) = r["result"].as_str().and_then(|k| summary.get_mut(k)) {
            *n += 1;
        }
    }
    let mut metadata = Map::new();
    metadata.insert(
        "name".into(),
        json!(format!("posture-{}", namespace.unwrap_or("cluster"))),
    );
    if let Some(ns) = namespace {
        metadata.insert("namespace".into(), json!(ns));
    }
    metadata.insert(
        "labels".into(),
        json!({ "app.kubernetes.io/managed-by": "posture" }),
    );
    json!({
        "apiVersion": API_VERSION,
        "kind": kind,
        "metadata": Value::Object(metadata),
        "summary": summary,
        "results": results,
    })
}

impl Report {
    /// PolicyReports as a `kind: List` (JSON, with a final newline).
    pub fn to_policy_reports(&self) -> String {
        let seconds = seconds_of(&self.generated_at);
        let areas: BTreeMap<&str, &str> = self
            .controls
            .iter()
            .map(|c| (c.id.as_str(), c.area.as_str()))
            .collect();
        let mut namespaced: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        let mut cluster = Vec::new();
        for r in &self.results {
            let area = areas.get(&*r.control).copied().unwrap_or("");
            let value = entry(r, area, seconds);
            match r.resource.namespace.as_deref() {
                Some(ns) => namespaced.entry(ns).or_default().push(value),
                None => cluster.push(value),
            }
        }
        let mut items: Vec<Value> = namespaced
            .into_iter()
            .map(|(ns, results)| report("PolicyReport", Some(ns), results))
            .collect();
        items.push(report("ClusterPolicyReport", None, cluster));
        let list = json!({ "apiVersion": "v1", "kind": "List", "items": items });
        let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|e| {
            format!("{{\"error\": \"PolicyReports could not be serialised: {e}\"}}")
        });
        out.push('\n');
        out
    }
}
