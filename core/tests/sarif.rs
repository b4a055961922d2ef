#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! SARIF output as code-scanning services read it: one rule per control, each failing, warning
//! or waived result with its rule, level, location and a stable fingerprint. (CI also validates
//! these files against the SARIF schema and GitHub's ingestion rules with Microsoft's SARIF
//! multitool: `.ci/sarif/validate.sh`.)

mod common;

use common::scan_bundle as report;
use posture_core::Status;

const BUNDLES: &[&str] = &[
    "regulated-prod",
    "legacy-public",
    "mixed-launch-templates",
    "midsize-cluster",
];

#[test]
fn every_finding_becomes_a_located_result_of_its_rule() {
    for bundle in BUNDLES {
        let report = report(bundle);
        let sarif: serde_json::Value = serde_json::from_str(&report.to_sarif()).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        let run = &sarif["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), report.controls.len());
        let findings: Vec<_> = report
            .results
            .iter()
            .filter(|r| matches!(r.status, Status::Fail | Status::Warn | Status::Waived))
            .collect();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), findings.len(), "{bundle}");
        for (result, finding) in results.iter().zip(&findings) {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert_eq!(result["ruleId"], &*finding.control);
            let location = &result["locations"][0]["physicalLocation"];
            let evidence = &finding.evidence[0];
            assert_eq!(location["artifactLocation"]["uri"], &*evidence.file);
            assert_eq!(location["region"]["startLine"], evidence.line);
            assert!(result["partialFingerprints"]["postureFinding/v1"].is_string());
            assert_eq!(
                result.get("suppressions").is_some(),
                finding.status == Status::Waived
            );
        }
        for rule in rules {
            let severity: f64 = rule["properties"]["security-severity"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((0.0..=10.0).contains(&severity));
            assert!(rule["help"]["text"].as_str().unwrap().len() > 20);
        }
    }
}

#[test]
fn every_failing_or_warning_result_carries_evidence() {
    // Auditors need a place to look, and SARIF consumers need a location for every alert.
    for bundle in BUNDLES {
        for r in &report(bundle).results {
            if matches!(r.status, Status::Fail | Status::Warn) {
                assert!(
                    !r.evidence.is_empty(),
                    "{bundle}: {} {} has no evidence",
                    r.control,
                    r.resource
                );
            }
        }
    }
}

#[test]
fn fingerprints_are_stable_across_runs_and_distinct_across_findings() {
    let a: serde_json::Value = serde_json::from_str(&report("legacy-public").to_sarif()).unwrap();
    let b: serde_json::Value = serde_json::from_str(&report("legacy-public").to_sarif()).unwrap();
    let prints = |s: &serde_json::Value| -> Vec<String> {
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["postureFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(prints(&a), prints(&b));
    let mut unique = prints(&a);
    unique.sort();
    unique.dedup();
    assert!(
        unique.len() * 10 >= prints(&a).len() * 9,
        "most findings have their own fingerprint"
    );
}
