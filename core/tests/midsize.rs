#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! A `kubectl get -A -o yaml` dump of a mid-size payments cluster (testdata/midsize-cluster, 309
//! objects written by testdata/tools/midsize_cluster.py, with the pods and ReplicaSets their
//! controllers created): every finding is one the dump was built to contain, and nothing else
//! fails or warns.

mod common;

use posture_core::Status;
use std::collections::{BTreeMap, BTreeSet};

/// (control, status, resources) for every failing or warning result, except K8S-WL-6 (images
/// pinned by tag, which every workload of the dump is).
const EXPECTED: &[(&str, &str, &[&str])] = &[
    (
        "K8S-NP-1",
        "fail",
        &[
            "Namespace batch",
            "Namespace default",
            "Namespace monitoring",
            "Namespace reporting",
        ],
    ),
    (
        "K8S-NP-2",
        "fail",
        &[
            "DaemonSet monitoring/node-exporter",
            "Deployment reporting/report-portal",
            "Pod monitoring/node-exporter-624f8",
            "Pod monitoring/node-exporter-6d428",
            "Pod reporting/report-portal-67bc1fba-4-2c758",
            "Pod reporting/report-portal-67bc1fba-4-d5da8",
            "ReplicaSet reporting/report-portal-67bc1fba-4",
        ],
    ),
    (
        "K8S-NP-3",
        "warn",
        &[
            "Namespace default",
            "Namespace monitoring",
            "Namespace reporting",
        ],
    ),
    (
        "K8S-PSA-1",
        "fail",
        &[
            "Namespace batch",
            "Namespace default",
            "Namespace monitoring",
        ],
    ),
    ("K8S-PSS-B-3", "fail", &["CronJob risk/packet-capture"]),
    (
        "K8S-PSS-B-5",
        "fail",
        &[
            "Deployment ingress/edge-proxy",
            "Pod ingress/edge-proxy-4b3f9913-a-059a8",
            "Pod ingress/edge-proxy-4b3f9913-a-5eab6",
            "ReplicaSet ingress/edge-proxy-4b3f9913-a",
        ],
    ),
    (
        "K8S-PSS-B-9",
        "fail",
        &[
            "Deployment reporting/report-portal",
            "Pod reporting/report-portal-67bc1fba-4-2c758",
            "Pod reporting/report-portal-67bc1fba-4-d5da8",
            "ReplicaSet reporting/report-portal-67bc1fba-4",
        ],
    ),
    (
        "K8S-PSS-R-2",
        "fail",
        &[
            "CronJob batch/nightly-export",
            "Deployment batch/statement-renderer",
            "Pod batch/statement-renderer-e0681758-1-0ce5d",
            "Pod batch/statement-renderer-e0681758-1-54e14",
            "ReplicaSet batch/statement-renderer-e0681758-1",
        ],
    ),
    (
        "K8S-PSS-R-3",
        "fail",
        &[
            "CronJob batch/nightly-export",
            "Deployment batch/statement-renderer",
            "Pod batch/statement-renderer-e0681758-1-0ce5d",
            "Pod batch/statement-renderer-e0681758-1-54e14",
            "ReplicaSet batch/statement-renderer-e0681758-1",
        ],
    ),
    (
        "K8S-PSS-R-5",
        "fail",
        &[
            "CronJob batch/nightly-export",
            "Deployment batch/statement-renderer",
            "Pod batch/statement-renderer-e0681758-1-0ce5d",
            "Pod batch/statement-renderer-e0681758-1-54e14",
            "ReplicaSet batch/statement-renderer-e0681758-1",
        ],
    ),
    (
        "K8S-PSS-R-6",
        "fail",
        &[
            "CronJob batch/nightly-export",
            "Deployment batch/statement-renderer",
            "Pod batch/statement-renderer-e0681758-1-0ce5d",
            "Pod batch/statement-renderer-e0681758-1-54e14",
            "ReplicaSet batch/statement-renderer-e0681758-1",
        ],
    ),
    ("K8S-STO-1", "fail", &["StorageClass gp2"]),
    ("K8S-STO-2", "fail", &["StorageClass gp2"]),
    (
        "K8S-WL-1",
        "fail",
        &[
            "CronJob batch/nightly-export",
            "Deployment batch/statement-renderer",
            "Pod batch/statement-renderer-e0681758-1-0ce5d",
            "Pod batch/statement-renderer-e0681758-1-54e14",
            "ReplicaSet batch/statement-renderer-e0681758-1",
        ],
    ),
];

fn scan() -> posture_core::Report {
    common::scan_bundle("midsize-cluster")
}

fn label(r: &posture_core::report::ResultRecord) -> String {
    let ns = r
        .resource
        .namespace
        .as_deref()
        .map(|n| format!("{n}/"))
        .unwrap_or_default();
    format!("{} {ns}{}", r.resource.kind, r.resource.name)
}

#[test]
fn exactly_the_planted_findings_fail_or_warn() {
    let report = scan();
    assert!(report.inputs.iter().all(|i| i.error.is_none()));
    let mut actual: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in &report.results {
        if matches!(r.status, Status::Fail | Status::Warn | Status::Error)
            && &*r.control != "K8S-WL-6"
        {
            actual
                .entry((r.control.to_string(), r.status.as_str().to_string()))
                .or_default()
                .insert(label(r));
        }
    }
    let expected: BTreeMap<(String, String), BTreeSet<String>> = EXPECTED
        .iter()
        .map(|(c, s, rs)| {
            (
                (c.to_string(), s.to_string()),
                rs.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn namespaces_get_the_level_and_version_they_enforce() {
    let report = scan();
    let find = |control: &str, resource: &str| {
        report
            .results
            .iter()
            .find(|r| &*r.control == control && label(r) == resource)
            .unwrap_or_else(|| panic!("no {control} result for {resource}"))
    };
    // A privileged namespace: no Pod Security Standard applies to the node exporter.
    let exporter = find("K8S-PSS-B-1", "DaemonSet monitoring/node-exporter");
    assert_eq!(exporter.status, Status::NotApplicable);
    assert!(
        exporter.message.contains("privileged"),
        "{}",
        exporter.message
    );
    // kube-system is exempt by default, even for a privileged host-network DaemonSet.
    let cni = find("K8S-PSS-B-2", "DaemonSet kube-system/aws-node");
    assert_eq!(cni.status, Status::NotApplicable);
    // A baseline namespace: restricted checks are not applicable, baseline ones pass.
    assert_eq!(
        find("K8S-PSS-R-3", "Deployment risk/risk-engine").status,
        Status::NotApplicable
    );
    assert_eq!(
        find("K8S-PSS-B-2", "Deployment risk/risk-engine").status,
        Status::Pass
    );
    // Pinned to v1.30: checks newer than that are not part of its standard.
    let fraud = find("K8S-PSS-R-7", "Deployment fraud/fraud-scoring");
    assert_eq!(fraud.status, Status::NotApplicable);
    assert!(fraud.message.contains("v1.35"), "{}", fraud.message);
    // No label: the default level (restricted, latest) applies, and says so.
    let batch = find("K8S-PSS-R-3", "CronJob batch/nightly-export");
    assert!(
        batch.message.contains("default level `restricted`"),
        "{}",
        batch.message
    );
}

#[test]
fn every_workload_and_pod_is_judged_once_per_pss_control() {
    let report = scan();
    let workloads = report
        .results
        .iter()
        .filter(|r| &*r.control == "K8S-PSS-B-1")
        .count();
    // 309 objects, of which Deployments, ReplicaSets, StatefulSets, DaemonSets, CronJobs and Pods
    // carry pod specs.
    let with_pods = report
        .results
        .iter()
        .filter(|r| &*r.control == "K8S-PSS-B-1")
        .map(label)
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(workloads, with_pods);
    assert!(workloads > 100, "{workloads}");
}

#[test]
fn the_summary_says_how_many_workloads_fail_per_namespace() {
    let report = scan();
    let ns = &report.summary.namespaces;
    // batch: the Deployment, its ReplicaSet, its two Pods and the CronJob all fail restricted.
    let batch = &ns["batch"];
    assert_eq!(batch.failing_pod_security, 5);
    assert_eq!(batch.failing_resources, 5);
    // risk: only the packet-capture CronJob.
    assert_eq!(ns["risk"].failing_pod_security, 1);
    // Well-run namespaces fail nothing.
    for clean in [
        "payments",
        "ledger",
        "treasury",
        "onboarding",
        "customer",
        "fraud",
    ] {
        assert_eq!(ns[clean].failing_resources, 0, "{clean}");
        assert!(ns[clean].resources > 5, "{clean}");
    }
}
