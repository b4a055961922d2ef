#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! The `posture` binary as users and CI pipelines run it: exit codes, outputs, bad inputs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const TS: &str = "2026-11-24T00:00:00Z";

fn posture(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const PUBLIC_CLUSTER: &str = r#"{
    "cluster": {
        "name": "retail-legacy",
        "arn": "arn:aws:eks:us-east-1:444455556666:cluster/retail-legacy",
        "version": "1.33",
        "resourcesVpcConfig": {
            "endpointPublicAccess": true,
            "endpointPrivateAccess": false,
            "publicAccessCidrs": ["0.0.0.0/0"]
        },
        "logging": {"clusterLogging": [{"types": ["api"], "enabled": true}]}
    }
}
"#;

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn failing_results_exit_1_and_the_threshold_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    let d = dir.path().to_str().unwrap();
    let out = posture(&["scan", d, "--timestamp", TS]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("EKS-NET-2"), "{text}");
    assert!(text.contains("0.0.0.0/0"), "{text}");
    // Nothing at or above `critical` fails except EKS-NET-2, which is critical: lift the bar above it.
    let json = json_of(&posture(&[
        "scan",
        d,
        "--timestamp",
        TS,
        "--format",
        "json",
    ]));
    let critical_fail = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["status"] == "fail" && r["severity"] == "critical");
    let code = posture(&["scan", d, "--timestamp", TS, "--fail-on", "critical"])
        .status
        .code();
    assert_eq!(code, Some(if critical_fail { 1 } else { 0 }));
}

#[test]
fn unreadable_inputs_exit_2_but_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    write(
        dir.path(),
        "truncated.json",
        b"{\n  \"nodegroup\": {\n    \"nodegroupName\": ",
    );
    write(
        dir.path(),
        "tabs.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n",
    );
    // A PNG saved with the wrong extension (FF FE would now be a UTF-16 byte-order mark).
    write(dir.path(), "garbage.yaml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let report = dir.path().join("out/report.json");
    std::fs::create_dir_all(report.parent().unwrap()).unwrap();
    let out = posture(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--timestamp",
        TS,
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("truncated.json:3:22"), "{stderr}");
    assert!(stderr.contains("tabs.yaml:4"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let errors: Vec<&serde_json::Value> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["error"].is_null())
        .collect();
    assert_eq!(errors.len(), 3);
    assert!(json["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["control"] == "EKS-NET-1" && r["status"] == "fail"));
}

#[test]
fn a_200_mb_file_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    let big = std::fs::File::create(dir.path().join("huge.json")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let out = posture(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--timestamp",
        TS,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let json = json_of(&out);
    let huge = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("huge.json"))
        .unwrap();
    assert_eq!(huge["error"]["kind"], "too_large");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(["scan", "-", "--timestamp", TS, "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PUBLIC_CLUSTER.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    assert_eq!(json["inputs"][0]["path"], "-");
    assert_eq!(json["inputs"][0]["kind"], "aws eks describe-cluster");
}

#[test]
fn same_inputs_and_timestamp_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    let d = dir.path().to_str().unwrap();
    let a = posture(&["scan", d, "--timestamp", TS, "--format", "json"]).stdout;
    let b = posture(&["scan", d, "--timestamp", TS, "--format", "json"]).stdout;
    assert_eq!(a, b);
    let with_epoch = Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(["scan", d, "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1795478400")
        .output()
        .unwrap();
    assert_eq!(json_of(&with_epoch)["generated_at"], "2026-11-24T00:00:00Z");
}

#[test]
fn folders_skip_non_yaml_files_but_list_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    write(dir.path(), "README.md", b"# evidence for Q4\n");
    let json = json_of(&posture(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--timestamp",
        TS,
        "--format",
        "json",
    ]));
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("README.md"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    let d = dir.path().to_str().unwrap();
    assert_eq!(
        posture(&["scan", d, "--profile", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(posture(&["scan", "/does/not/exist"]).status.code(), Some(2));
    assert_eq!(
        posture(&["scan", d, "--timestamp", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    write(
        dir.path(),
        "conf/bad.yaml",
        b"parameters:\n  allowed_public_cidrz: []\n",
    );
    let out = posture(&[
        "scan",
        d,
        "--config",
        dir.path().join("conf/bad.yaml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("allowed_public_cidrz"));
}

#[test]
fn config_parameters_and_waivers_change_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ev/cluster.json", PUBLIC_CLUSTER.as_bytes());
    write(
        dir.path(),
        "posture.yaml",
        b"waivers:\n  - control: EKS-NET-1\n    resource: {kind: 'AWS::EKS::Cluster', name: retail-*}\n    reason: decommissioning in Q1\n    approved_by: CISO\n    expires: 2027-03-31\n  - control: EKS-LOG-*\n    reason: old\n    expires: 2025-01-01\n",
    );
    let out = posture(&[
        "scan",
        dir.path().join("ev").to_str().unwrap(),
        "--timestamp",
        TS,
        "--format",
        "json",
        "--config",
        dir.path().join("posture.yaml").to_str().unwrap(),
    ]);
    let json = json_of(&out);
    let net1 = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == "EKS-NET-1")
        .unwrap();
    assert_eq!(net1["status"], "waived");
    assert_eq!(net1["waiver"]["approved_by"], "CISO");
    let states: Vec<&str> = json["waivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["applied", "expired"]);
    let log = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == "EKS-LOG-1")
        .unwrap();
    assert_eq!(log["status"], "fail", "an expired waiver must not apply");
}

#[test]
fn controls_and_explain_describe_the_catalog() {
    let out = posture(&["controls", "--area", "network"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("EKS-NET-1") && !text.contains("EKS-LOG-1"),
        "{text}"
    );
    let out = posture(&["explain", "eks-net-2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("allowed_public_cidrs"), "{text}");
    assert!(text.contains("CIS Amazon EKS Benchmark 1.8.0"), "{text}");
    assert_eq!(posture(&["explain", "NOPE-1"]).status.code(), Some(2));
}

/// The status of `control` on the single workload of a report.
fn status_of(report: &serde_json::Value, control: &str) -> String {
    let results: Vec<_> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["control"] == control)
        .collect();
    assert_eq!(results.len(), 1, "{control}: {results:?}");
    results[0]["status"].as_str().unwrap().to_string()
}

#[test]
fn pod_security_level_and_version_can_be_set_for_namespaces_without_labels() {
    let dir = tempfile::tempdir().unwrap();
    // No Namespace object: the level and version come from the defaults.
    let deployment = br#"apiVersion: apps/v1
kind: Deployment
metadata: {name: reports, namespace: finance}
spec:
  selector: {matchLabels: {app: reports}}
  template:
    metadata: {labels: {app: reports}}
    spec:
      securityContext:
        runAsUser: 0
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: reports
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/finance/reports:1.0.0
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
"#;
    write(dir.path(), "deploy.yaml", deployment);
    let d = dir.path().to_str().unwrap();
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", d, "--format", "json", "--timestamp", TS];
        args.extend_from_slice(extra);
        json_of(&posture(&args))
    };
    // Default: restricted, latest; UID 0 fails runAsUser and runAsNonRoot.
    let default = scan(&[]);
    assert_eq!(status_of(&default, "K8S-PSS-R-4"), "fail");
    assert_eq!(status_of(&default, "K8S-PSS-R-3"), "fail");
    // Baseline: the restricted checks do not apply.
    let baseline = scan(&["--pss-level", "baseline"]);
    assert_eq!(status_of(&baseline, "K8S-PSS-R-4"), "not_applicable");
    assert_eq!(status_of(&baseline, "K8S-PSS-B-2"), "pass");
    // Restricted at v1.22: runAsUser did not exist yet, runAsNonRoot did.
    let old = scan(&["--pss-version", "v1.22"]);
    assert_eq!(status_of(&old, "K8S-PSS-R-4"), "not_applicable");
    assert_eq!(status_of(&old, "K8S-PSS-R-3"), "fail");
    // A level that does not exist is a usage error naming the choices.
    let bad = posture(&["scan", d, "--pss-level", "strict"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("privileged, baseline or restricted"));
}

#[test]
fn sarif_goes_to_stdout_with_the_same_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cluster.json", PUBLIC_CLUSTER.as_bytes());
    let d = dir.path().to_str().unwrap();
    let out = posture(&["scan", d, "--format", "sarif", "--timestamp", TS]);
    assert_eq!(out.status.code(), Some(1));
    let sarif = json_of(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "EKS-NET-2"));
    // `controls` keeps its own formats.
    let bad = posture(&["controls", "--format", "sarif"]);
    assert_eq!(bad.status.code(), Some(2));
}
