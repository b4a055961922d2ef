//! `seccompProfile_baseline` (baseline): seccomp may not be set to `Unconfined`. Up to v1.18 the
//! reference reads the alpha annotations; from v1.19 the `seccompProfile` fields.

use super::visit::{at, containers, containers_named, join_quote, pluralize, pod, security, text};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use crate::path;
use std::collections::BTreeSet;

const POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
pub(super) const EXPECTED_TYPE: &str = "RuntimeDefault or Localhost";

/// A `seccompProfile` whose type is `RuntimeDefault` or `Localhost`.
pub(super) fn valid_profile(profile: &Node) -> bool {
    matches!(text(profile.get("type")), "RuntimeDefault" | "Localhost")
}

fn valid_annotation(value: &str) -> bool {
    value == "runtime/default" || value == "docker/default" || value.starts_with("localhost/")
}

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(19) {
        fields_check(view)
    } else {
        annotations_check(view)
    }
}

fn annotations_check<'a>(view: &PodView<'a>) -> Option<Violation<'a>> {
    let annotations = view.annotations();
    let mut forbidden = BTreeSet::new();
    let mut fields = Vec::new();
    let mut inspect = |key: &str| {
        let Some(entry) = annotations.iter().find(|e| &*e.key == key) else {
            return;
        };
        let value = text(Some(&entry.node));
        if !valid_annotation(value) {
            forbidden.insert(format!("{key}={value:?}"));
            fields.push(Field::metadata(
                vec![Step::Key("annotations"), Step::Key(&entry.key)],
                "runtime/default, docker/default or localhost/<profile>",
            ));
        }
    };
    inspect(POD_ANNOTATION);
    for c in containers(view.spec) {
        inspect(&format!("{CONTAINER_ANNOTATION_PREFIX}{}", c.name()));
    }
    (!forbidden.is_empty()).then(|| {
        let forbidden: Vec<String> = forbidden.into_iter().collect();
        Violation::new(
            CheckId::SeccompProfileBaseline,
            "seccompProfile",
            format!(
                "forbidden {} {}",
                pluralize("annotation", "annotations", forbidden.len()),
                forbidden.join(", ")
            ),
            fields,
        )
    })
}

fn fields_check<'a>(view: &PodView<'a>) -> Option<Violation<'a>> {
    let mut setters = Vec::new();
    let mut values = BTreeSet::new();
    let mut fields = Vec::new();
    if let Some(profile) = security(view.spec, "seccompProfile") {
        if !valid_profile(profile) {
            setters.push("pod".to_string());
            values.insert(text(profile.get("type")).to_string());
            fields.push(Field::spec(
                pod(path!["securityContext", "seccompProfile", "type"]),
                EXPECTED_TYPE,
            ));
        }
    }
    let mut names = Vec::new();
    for c in containers(view.spec) {
        if let Some(profile) = security(c.node, "seccompProfile") {
            if !valid_profile(profile) {
                names.push(c.name());
                values.insert(text(profile.get("type")).to_string());
                fields.push(Field::spec(
                    at(&c, path!["securityContext", "seccompProfile", "type"]),
                    EXPECTED_TYPE,
                ));
            }
        }
    }
    if !names.is_empty() {
        setters.push(containers_named(&names));
    }
    (!setters.is_empty()).then(|| {
        let values: Vec<String> = values.into_iter().collect();
        Violation::new(
            CheckId::SeccompProfileBaseline,
            "seccompProfile",
            format!(
                "{} must not set securityContext.seccompProfile.type to {}",
                setters.join(" and "),
                join_quote(&values)
            ),
            fields,
        )
    })
}
