#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a panic is a failed check
//! The shared fixture suite (`wasm/fixtures/cases`), evaluated natively through the same
//! entrypoints the WebAssembly modules export. The Node and Python host tests hold the modules
//! to the same `expect` blocks, so every host must give these exact verdicts.
//!
//! After an intended change: `BLESS=1 cargo test -p posture-wasm --test fixtures`, then review
//! the diff. With `POSTURE_VERDICTS_DIR` set, the verdicts are also written there as
//! `native.json` for the cross-host comparison.

use posture_wasm::{evaluate, Entrypoint};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases")
}

fn cases() -> Vec<(String, PathBuf, Value)> {
    let mut out: Vec<_> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let case = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, p, case)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 12, "fixture suite is missing cases");
    out
}

/// What every host must agree on: the deny messages, and the report's summary.
fn verdict(case: &Value) -> Value {
    let deny = evaluate(Entrypoint::Deny, &case["input"], &case["data"]);
    let report = evaluate(Entrypoint::Report, &case["input"], &case["data"]);
    json!({
        "allowed": deny.as_array().unwrap().is_empty(),
        "deny": deny,
        "summary": report.get("summary").cloned().unwrap_or(Value::Null),
    })
}

/// Control ids named by deny messages (`EKS-NET-1 AWS::EKS::Cluster …`).
fn denied_controls(deny: &Value) -> Vec<String> {
    deny.as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str()?.split(' ').next())
        .filter(|id| id.starts_with("EKS-") || id.starts_with("K8S-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn hand_written_checks_hold() {
    let mut failures = Vec::new();
    for (name, _, case) in cases() {
        let denied = denied_controls(&verdict(&case)["deny"]);
        for id in case["checks"]["denied"].as_array().unwrap() {
            if !denied.iter().any(|d| d == id.as_str().unwrap()) {
                failures.push(format!("{name}: {id} should deny"));
            }
        }
        for id in case["checks"]["not_denied"].as_array().unwrap() {
            if denied.iter().any(|d| d == id.as_str().unwrap()) {
                failures.push(format!("{name}: {id} should not deny"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn verdicts_match_the_shared_expectations() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut all = BTreeMap::new();
    let mut drifted = Vec::new();
    for (name, path, mut case) in cases() {
        let actual = verdict(&case);
        if case.get("expect") != Some(&actual) {
            drifted.push(name.clone());
            if bless {
                case["expect"] = actual.clone();
                let text = serde_json::to_string_pretty(&case).unwrap() + "\n";
                std::fs::write(&path, text).unwrap();
            }
        }
        all.insert(name, actual);
    }
    if let Some(dir) = std::env::var_os("POSTURE_VERDICTS_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        let text = serde_json::to_string_pretty(&all).unwrap();
        std::fs::write(PathBuf::from(dir).join("native.json"), text).unwrap();
    }
    assert!(
        bless || drifted.is_empty(),
        "verdicts differ from `expect` in: {} (BLESS=1 to accept, then review the diff)",
        drifted.join(", ")
    );
}

#[test]
fn kubewarden_answers_with_the_deny_messages() {
    for (name, _, case) in cases() {
        let deny = evaluate(Entrypoint::Deny, &case["input"], &case["data"]);
        let response = &evaluate(Entrypoint::Kubewarden, &case["input"], &case["data"])["response"];
        let uid = case["input"]
            .pointer("/request/uid")
            .or_else(|| case["input"].get("uid"))
            .and_then(Value::as_str)
            .unwrap_or("");
        assert_eq!(response["uid"], uid, "{name}");
        let messages: Vec<&str> = deny
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(response["allowed"], messages.is_empty(), "{name}");
        if !messages.is_empty() {
            assert_eq!(response["status"]["message"], messages.join("; "), "{name}");
        }
    }
}

#[test]
fn the_report_entrypoint_is_the_core_report() {
    let (_, _, case) = cases()
        .into_iter()
        .find(|(n, _, _)| n == "bundle-legacy-public")
        .unwrap();
    let files: Vec<posture_core::InputFile> = case["input"]["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, text)| posture_core::InputFile::new(name, text.as_str().unwrap()))
        .collect();
    let options = posture_core::ScanOptions {
        timestamp: case["data"]["timestamp"].as_str().unwrap().into(),
        ..Default::default()
    };
    let core = posture_core::scan(&files, &options).unwrap();
    let entry = evaluate(Entrypoint::Report, &case["input"], &case["data"]);
    assert_eq!(entry, serde_json::to_value(&core).unwrap());
}
