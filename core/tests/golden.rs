#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Golden reports: each bundle in `testdata/` must produce exactly the committed report.
//! After an intended change, regenerate with `BLESS=1 cargo test -p posture-core --test golden`
//! and review the diff like code.

mod common;

use common::{options, read_case, repo_root};
use posture_core::Config;

const BUNDLES: &[&str] = &["regulated-prod", "legacy-public", "mixed-launch-templates"];

/// The catalog hash and tool version change with every release; the rest must not drift.
fn normalise(mut report: serde_json::Value) -> serde_json::Value {
    report["catalog"]["sha256"] = "(catalog sha256)".into();
    report["tool"]["version"] = "(tool version)".into();
    report
}

#[test]
fn bundles_produce_their_golden_reports() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut drifted = Vec::new();
    for bundle in BUNDLES {
        let dir = repo_root().join("testdata").join(bundle);
        assert!(dir.is_dir(), "missing bundle {}", dir.display());
        let (files, _) = read_case(&dir, &repo_root());
        let report = posture_core::scan(&files, &options(Config::default())).unwrap();
        let actual = normalise(serde_json::to_value(&report).unwrap());
        let golden = repo_root()
            .join("testdata/golden")
            .join(format!("{bundle}.report.json"));
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(
                &golden,
                format!("{}\n", serde_json::to_string_pretty(&actual).unwrap()),
            )
            .unwrap();
            continue;
        }
        let expected: serde_json::Value = match std::fs::read_to_string(&golden) {
            Ok(text) => serde_json::from_str(&text).unwrap(),
            Err(_) => {
                drifted.push(format!(
                    "{bundle}: no golden report at {} (run with BLESS=1)",
                    golden.display()
                ));
                continue;
            }
        };
        if actual != expected {
            let a = actual["results"].as_array().unwrap();
            let e = expected["results"].as_array().unwrap();
            let changed: Vec<String> = a
                .iter()
                .filter(|r| !e.contains(r))
                .take(10)
                .map(|r| {
                    format!(
                        "  now: {} {} {} — {}",
                        r["control"], r["status"], r["resource"], r["message"]
                    )
                })
                .collect();
            drifted.push(format!(
                "{bundle}: report differs from {}\n{}",
                golden.display(),
                changed.join("\n")
            ));
        }
    }
    assert!(drifted.is_empty(), "{}", drifted.join("\n"));
}

#[test]
fn reports_are_byte_identical_across_runs() {
    for bundle in BUNDLES {
        let dir = repo_root().join("testdata").join(bundle);
        let (files, _) = read_case(&dir, &repo_root());
        let a = posture_core::scan(&files, &options(Config::default()))
            .unwrap()
            .to_json();
        let b = posture_core::scan(&files, &options(Config::default()))
            .unwrap()
            .to_json();
        assert_eq!(a, b, "{bundle}");
    }
}

#[test]
fn the_streamed_json_report_is_the_same_bytes() {
    for bundle in BUNDLES {
        let dir = repo_root().join("testdata").join(bundle);
        let (files, _) = read_case(&dir, &repo_root());
        let report = posture_core::scan(&files, &options(Config::default())).unwrap();
        let mut streamed = Vec::new();
        report.write_json(&mut streamed).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            report.to_json(),
            "{bundle}"
        );
    }
}

#[test]
fn results_do_not_depend_on_the_order_files_are_given_in() {
    for bundle in BUNDLES {
        let dir = repo_root().join("testdata").join(bundle);
        let (mut files, _) = read_case(&dir, &repo_root());
        let forward = posture_core::scan(&files, &options(Config::default())).unwrap();
        files.reverse();
        let backward = posture_core::scan(&files, &options(Config::default())).unwrap();
        let json = |r: &posture_core::Report| serde_json::to_value(&r.results).unwrap();
        assert_eq!(json(&forward), json(&backward), "{bundle}");
        assert_eq!(forward.controls.len(), backward.controls.len());
    }
}

#[test]
fn a_stepped_evaluation_gives_the_scan_report() {
    use posture_core::engine::{plan, Evaluation};
    use posture_core::source::parse_file;
    let dir = repo_root().join("testdata/legacy-public");
    let (files, _) = read_case(&dir, &repo_root());
    let opts = options(Config::default());
    let catalog = posture_core::catalog().unwrap();
    let plan = plan(catalog, &opts).unwrap();
    let sources: Vec<_> = files.iter().map(|f| parse_file(f, &opts.limits)).collect();
    let mut evaluation = Evaluation::new(&plan, &sources);
    let (_, total) = evaluation.progress();
    assert_eq!(total, plan.controls.len());
    let mut steps = 0;
    while evaluation.step() {
        steps += 1;
        assert_eq!(evaluation.progress(), (steps, total));
    }
    assert_eq!(steps, total);
    let stepped = evaluation.finish(&opts);
    let scanned = posture_core::scan(&files, &opts).unwrap();
    assert_eq!(stepped, scanned);
}
