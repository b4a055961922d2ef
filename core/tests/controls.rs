#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Every control is run on the pass/fail (and other status) fixtures beside it in `policies/`.
//! The folder a case sits in is the control's expected overall status for that case.

mod common;

use common::{options, read_case, repo_root};
use posture_core::Status;
use std::path::PathBuf;

const STATUS_FOLDERS: &[(&str, Status)] = &[
    ("pass", Status::Pass),
    ("fail", Status::Fail),
    ("warn", Status::Warn),
    ("not_assessed", Status::NotAssessed),
    ("not_applicable", Status::NotApplicable),
    ("manual", Status::Manual),
];

fn cases(dir: &PathBuf) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_control_fixture_gets_its_expected_status() {
    let root = repo_root().join("policies/controls");
    let catalog = posture_core::catalog().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in catalog.controls.keys() {
        let folder = root.join(id);
        for (name, expected) in STATUS_FOLDERS {
            for case in cases(&folder.join(name)) {
                let (files, config) = read_case(&case, &repo_root());
                let report = posture_core::scan(&files, &options(config)).unwrap();
                checked += 1;
                let control = report.controls.iter().find(|c| &c.id == id);
                let actual = control.map(|c| c.status);
                if actual != Some(*expected) {
                    let messages: Vec<String> = report
                        .results
                        .iter()
                        .filter(|r| *r.control == **id)
                        .map(|r| format!("    {} {}: {}", r.status, r.resource, r.message))
                        .collect();
                    let unreadable: Vec<String> = report
                        .inputs
                        .iter()
                        .filter_map(|i| {
                            i.error
                                .as_ref()
                                .map(|e| format!("    input {}: {}", i.path, e.message))
                        })
                        .collect();
                    failures.push(format!(
                        "{}: expected {expected}, got {}\n{}\n{}",
                        case.strip_prefix(repo_root()).unwrap_or(&case).display(),
                        actual.map_or("nothing".into(), |s| s.to_string()),
                        messages.join("\n"),
                        unreadable.join("\n")
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {checked} fixture cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_control_has_pass_and_fail_fixtures() {
    let root = repo_root().join("policies/controls");
    let catalog = posture_core::catalog().unwrap();
    let missing: Vec<String> = catalog
        .controls
        .keys()
        .filter(|id| {
            let has_fail = !cases(&root.join(id).join("fail")).is_empty();
            // Controls that can never pass (manual by nature) may show `manual` instead.
            let has_pass = !cases(&root.join(id).join("pass")).is_empty()
                || !cases(&root.join(id).join("manual")).is_empty();
            // These two never fail by design: kubelet settings are not in exports (always manual),
            // and the absence of an external secret store is a question, not a finding.
            let never_fails = ["EKS-NODE-9", "K8S-SEC-1"].contains(&id.as_str());
            !(has_pass && (has_fail || never_fails))
        })
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "controls without pass and fail fixtures: {missing:?}"
    );
}
