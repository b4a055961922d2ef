#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! PolicyReports (`wgpolicyk8s.io/v1alpha2`) as the CRD constrains them and Policy Reporter reads
//! them: one report per namespace plus one cluster report, every result with a `policy`, a
//! result and severity from the CRD's enums, string-only properties, and summaries that count.

mod common;

#[test]
fn every_result_lands_in_its_namespace_report_with_crd_values() {
    let report = common::scan_bundle("midsize-cluster");
    let list: serde_json::Value = serde_json::from_str(&report.to_policy_reports()).unwrap();
    assert_eq!(list["kind"], "List");
    let items = list["items"].as_array().unwrap();
    let mut total = 0;
    for item in items {
        assert_eq!(item["apiVersion"], "wgpolicyk8s.io/v1alpha2");
        let namespace = item["metadata"]["namespace"].as_str();
        match item["kind"].as_str().unwrap() {
            "PolicyReport" => assert!(namespace.is_some()),
            "ClusterPolicyReport" => assert!(namespace.is_none()),
            other => panic!("unexpected kind {other}"),
        }
        let results = item["results"].as_array().unwrap();
        let mut counted = 0;
        for key in ["pass", "fail", "warn", "error", "skip"] {
            let n = item["summary"][key].as_u64().unwrap() as usize;
            assert_eq!(
                n,
                results.iter().filter(|r| r["result"] == key).count(),
                "{key}"
            );
            counted += n;
        }
        assert_eq!(counted, results.len());
        for r in results {
            assert!(r["policy"].is_string());
            assert!(["critical", "high", "medium", "low", "info"]
                .contains(&r["severity"].as_str().unwrap()));
            assert!(r["properties"]
                .as_object()
                .unwrap()
                .values()
                .all(|v| v.is_string()));
            assert_eq!(r["resources"][0]["namespace"].as_str(), namespace);
        }
        total += results.len();
    }
    assert_eq!(total, report.results.len(), "no result is lost");
    // "Not assessed" is a skip whose exact status stays visible.
    let not_assessed = items
        .iter()
        .flat_map(|i| i["results"].as_array().unwrap())
        .find(|r| r["properties"]["status"] == "not_assessed")
        .unwrap();
    assert_eq!(not_assessed["result"], "skip");
    assert_eq!(not_assessed["scored"], false);
}
