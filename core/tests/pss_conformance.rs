#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Conformance with the reference fixtures of `k8s.io/pod-security-admission`: every pod under
//! `testdata/<level>/v1.<minor>/<pass|fail>/` must be admitted (no violation) or rejected (at
//! least one, including the check the fixture was built to break) by `pss::evaluate` at that
//! level and version.
//!
//! Known disagreements are listed, with the reason, in `pss_conformance.known-failures`: the test
//! fails when an unlisted fixture disagrees and when a listed one starts to agree.

mod common;

use common::repo_root;
use posture_core::pss::{self, Level, PodView, Version};
use posture_core::source::parse_file;
use posture_core::{InputFile, Limits};
use std::path::{Path, PathBuf};

const FIXTURES: &str = "shared/conformance/pod-security-admission/testdata";

/// `POSTURE_PSA_FIXTURES` if set, else `shared/…` beside the checkout (`../shared`) or beside
/// one of its parent folders, so a clone nested deeper still finds them.
fn fixtures_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("POSTURE_PSA_FIXTURES") {
        return PathBuf::from(dir);
    }
    let root = repo_root().canonicalize().unwrap_or_else(|_| repo_root());
    root.ancestors()
        .skip(1)
        .map(|dir| dir.join(FIXTURES))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| root.join("..").join(FIXTURES))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// `<level>/v1.<minor>/<pass|fail>/<name>.yaml` → (level, version, must pass).
fn case_of(relative: &Path) -> (Level, Version, bool) {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        parts.len(),
        4,
        "unexpected fixture path {}",
        relative.display()
    );
    let level = match parts[0].as_str() {
        "baseline" => Level::Baseline,
        "restricted" => Level::Restricted,
        other => panic!("unknown level {other} in {}", relative.display()),
    };
    let version = Version::parse(&parts[1]).unwrap();
    let pass = match parts[2].as_str() {
        "pass" => true,
        "fail" => false,
        other => panic!("unknown verdict folder {other} in {}", relative.display()),
    };
    (level, version, pass)
}

/// The check a fixture was generated for: its file name without the index, lower-cased
/// (`seccompprofile_restricted1.yaml` → `seccompprofile_restricted`).
fn target_check(relative: &Path) -> String {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// The listed fixture paths (relative to the fixture root); `#` starts a comment.
fn known_failures() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pss_conformance.known-failures");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn reference_fixtures_agree() {
    let root = fixtures_root();
    assert!(
        root.is_dir(),
        "reference fixtures not found at {} (put them at ../shared/conformance/pod-security-admission/testdata or set POSTURE_PSA_FIXTURES)",
        root.display()
    );
    let mut files = Vec::new();
    files_under(&root, &mut files);
    files.sort();
    assert!(files.len() > 1000, "only {} fixtures found", files.len());

    let known = known_failures();
    let mut disagreements = Vec::new();
    let mut now_passing = Vec::new();
    let mut agree = 0;
    for path in &files {
        let relative = path.strip_prefix(&root).unwrap();
        let name = relative.display().to_string();
        let (level, version, must_pass) = case_of(relative);
        let parsed = parse_file(
            &InputFile::new(name.clone(), std::fs::read(path).unwrap()),
            &Limits::default(),
        );
        assert!(parsed.error.is_none(), "{name}: {:?}", parsed.error);
        let pod = parsed.documents.first().and_then(PodView::of_pod);
        let verdict = match &pod {
            Some(pod) => {
                let violations = pss::evaluate(pod, level, version);
                // A fail pod must be rejected by the check it was built to break (or by the
                // restricted check that replaces it), not by some other check by accident.
                let meant = target_check(relative);
                let by_target = violations.iter().any(|v| {
                    [Some(v.check), v.check.overrides()]
                        .into_iter()
                        .flatten()
                        .any(|c| c.as_str().to_lowercase() == meant)
                });
                let agrees = if must_pass {
                    violations.is_empty()
                } else {
                    by_target || meant.starts_with("base")
                };
                let said = if violations.is_empty() {
                    "no violation".to_string()
                } else {
                    violations
                        .iter()
                        .map(|v| v.message())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                (agrees, said)
            }
            None => (false, "no pod spec found".to_string()),
        };
        let listed = known.contains(&name);
        match (verdict.0, listed) {
            (true, false) => agree += 1,
            (true, true) => now_passing.push(name),
            (false, true) => {}
            (false, false) => disagreements.push(format!(
                "{name}: expected {}, got {}",
                if must_pass { "pass" } else { "fail" },
                verdict.1
            )),
        }
    }
    let stale: Vec<&String> = known
        .iter()
        .filter(|k| {
            !files
                .iter()
                .any(|f| f.strip_prefix(&root).unwrap().display().to_string() == **k)
        })
        .collect();
    eprintln!("{agree} of {} reference fixtures agree", files.len());
    assert!(
        disagreements.is_empty(),
        "{} of {} reference fixtures disagree:\n{}",
        disagreements.len(),
        files.len(),
        disagreements.join("\n")
    );
    assert!(
        now_passing.is_empty() && stale.is_empty(),
        "remove from pss_conformance.known-failures (now agreeing or gone): {:?} {:?}",
        now_passing,
        stale
    );
}
