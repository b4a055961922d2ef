#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! The catalog's integrity: schema, ids, evaluators, references.

mod common;

use common::repo_root;

#[test]
fn every_control_file_matches_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("policies/schema/control.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(repo_root().join("policies/controls"))
        .unwrap()
        .flatten()
    {
        let path = entry.path().join("control.yaml");
        let bytes = std::fs::read(&path).unwrap();
        let parsed = posture_core::source::parse_file(
            &posture_core::InputFile::new(path.display().to_string(), bytes),
            &Default::default(),
        );
        assert!(
            parsed.error.is_none(),
            "{}: {:?}",
            path.display(),
            parsed.error
        );
        let json = parsed.documents[0].to_json();
        for error in validator.iter_errors(&json) {
            problems.push(format!(
                "{}: {} at {}",
                path.display(),
                error,
                error.instance_path()
            ));
        }
        count += 1;
    }
    assert!(count > 0);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_control_has_an_evaluator_and_every_evaluator_a_control() {
    let catalog = posture_core::catalog().unwrap();
    let without: Vec<&String> = catalog
        .controls
        .keys()
        .filter(|id| posture_core::eval::evaluator(id).is_none())
        .collect();
    assert!(
        without.is_empty(),
        "controls without evaluator: {without:?}"
    );
    let unused: Vec<&str> = posture_core::eval::implemented()
        .filter(|id| !catalog.controls.contains_key(*id))
        .collect();
    assert!(unused.is_empty(), "evaluators without control: {unused:?}");
    for id in posture_core::eval::implemented() {
        assert!(
            posture_core::eval::evaluator(id).is_some(),
            "{id} listed but not dispatched"
        );
    }
}

#[test]
fn references_name_known_frameworks_and_profiles_are_valid() {
    let catalog = posture_core::catalog().unwrap();
    for control in catalog.controls.values() {
        for reference in &control.references {
            assert!(
                catalog.framework(&reference.framework).is_some(),
                "{}: unknown framework {}",
                control.id,
                reference.framework
            );
        }
        for (name, spec) in &control.parameters {
            assert!(
                spec.kind.accepts(&spec.default),
                "{}: default of {name} has the wrong type",
                control.id
            );
        }
    }
    assert!(catalog.profile(None).is_some(), "default profile missing");
    assert!(catalog.data.contains_key("nitro-families"));
    assert!(catalog.data.contains_key("eks-versions"));
}

#[test]
fn catalog_hash_is_stable_and_reported() {
    let catalog = posture_core::catalog().unwrap();
    assert_eq!(catalog.sha256.len(), 64);
    let again = posture_core::Catalog::embedded().unwrap();
    assert_eq!(catalog.sha256, again.sha256);
}

#[test]
fn area_ids_are_spelled_as_in_the_catalog_files() {
    use posture_core::catalog::Area;
    for area in Area::ALL {
        let spelled = serde_json::to_value(area).unwrap();
        assert_eq!(spelled, area.as_str(), "{area:?}");
    }
    let catalog = posture_core::catalog().unwrap();
    for control in catalog.controls.values() {
        assert!(Area::ALL.contains(&control.area), "{}", control.id);
    }
}
