#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! OSCAL assessment-results as auditors read them: one finding per NIST SP 800-53 requirement the
//! evaluated controls support, its state from those controls, and observations that carry the
//! evidence. (CI also validates these documents with compliance-trestle's OSCAL models:
//! `.ci/oscal/validate.sh`.)

mod common;

use common::scan_bundle as report;
use posture_core::Status;
use std::collections::BTreeSet;

#[test]
fn findings_follow_the_controls_that_support_each_requirement() {
    let report = report("legacy-public");
    let oscal: serde_json::Value = serde_json::from_str(&report.to_oscal()).unwrap();
    let result = &oscal["assessment-results"]["results"][0];
    let observations: BTreeSet<&str> = result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["uuid"].as_str().unwrap())
        .collect();
    let findings = result["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        let target = finding["target"]["target-id"].as_str().unwrap();
        // The controls mapped to this requirement, and their most urgent status.
        let worst = report
            .controls
            .iter()
            .filter(|c| c.status != Status::NotApplicable)
            .filter(|c| {
                c.references.iter().any(|r| {
                    r.framework == "nist-800-53"
                        && r.ids.iter().any(|id| {
                            id.to_ascii_lowercase().replace('(', ".").replace(')', "") == target
                        })
                })
            })
            .map(|c| c.status)
            .min()
            .unwrap();
        let state = finding["target"]["status"]["state"].as_str().unwrap();
        let expected = match worst {
            Status::Pass | Status::Waived => "satisfied",
            _ => "not-satisfied",
        };
        assert_eq!(state, expected, "{target}");
        if matches!(worst, Status::NotAssessed | Status::Manual) {
            assert_eq!(finding["target"]["status"]["reason"], "other", "{target}");
        }
        for related in finding["related-observations"].as_array().unwrap() {
            assert!(observations.contains(related["observation-uuid"].as_str().unwrap()));
        }
    }
    // Failing results carry their evidence into the observation.
    let failing = result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "status" && p["value"] == "fail")
        })
        .unwrap();
    assert!(failing["relevant-evidence"][0]["description"]
        .as_str()
        .unwrap()
        .contains("expected"));
}

#[test]
fn the_same_report_gives_the_same_document() {
    let a = report("regulated-prod").to_oscal();
    let b = report("regulated-prod").to_oscal();
    assert_eq!(a, b);
}
