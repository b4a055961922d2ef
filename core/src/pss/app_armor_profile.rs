//! `appArmorProfile` (baseline, v1.0): AppArmor may not be disabled or overridden, through the
//! `appArmorProfile` fields of the pod and its containers or through the deprecated
//! `container.apparmor.security.beta.kubernetes.io/*` annotations. Both are read at every
//! version: the reference added the field check to its v1.0 function.

use super::visit::{
    at, containers, containers_named, join_quote, pluralize, pod, security, shown, text,
};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use crate::path;
use std::collections::BTreeSet;

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
const EXPECTED_TYPE: &str = "RuntimeDefault or Localhost";

fn allowed_type(profile: &Node) -> bool {
    matches!(text(profile.get("type")), "RuntimeDefault" | "Localhost")
}

fn allowed_annotation(value: &str) -> bool {
    value.is_empty() || value == "runtime/default" || value.starts_with("localhost/")
}

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut setters = Vec::new();
    let mut values = BTreeSet::new();
    let mut fields = Vec::new();
    if let Some(profile) = security(view.spec, "appArmorProfile") {
        if !allowed_type(profile) {
            setters.push("pod".to_string());
            values.insert(text(profile.get("type")).to_string());
            fields.push(Field::spec(
                pod(path!["securityContext", "appArmorProfile", "type"]),
                EXPECTED_TYPE,
            ));
        }
    }
    let mut names = Vec::new();
    for c in containers(view.spec) {
        if let Some(profile) = security(c.node, "appArmorProfile") {
            if !allowed_type(profile) {
                names.push(c.name());
                values.insert(text(profile.get("type")).to_string());
                fields.push(Field::spec(
                    at(&c, path!["securityContext", "appArmorProfile", "type"]),
                    EXPECTED_TYPE,
                ));
            }
        }
    }
    if !names.is_empty() {
        setters.push(containers_named(&names));
    }
    let mut annotations = Vec::new();
    for entry in view.annotations() {
        if !entry.key.starts_with(ANNOTATION_PREFIX) {
            continue;
        }
        let value = match entry.node.as_str() {
            Some(v) => v.to_string(),
            None if entry.node.is_null() => String::new(),
            None => shown(&entry.node),
        };
        if !allowed_annotation(&value) {
            annotations.push(format!("{}={value:?}", entry.key));
            fields.push(Field::metadata(
                vec![Step::Key("annotations"), Step::Key(&entry.key)],
                "runtime/default or localhost/<profile>",
            ));
        }
    }
    annotations.sort();
    if !annotations.is_empty() {
        setters.push(pluralize("annotation", "annotations", annotations.len()).to_string());
    }
    if setters.is_empty() {
        return None;
    }
    let mut all: Vec<String> = values.into_iter().collect();
    all.extend(annotations);
    Some(Violation::new(
        CheckId::AppArmorProfile,
        pluralize(
            "forbidden AppArmor profile",
            "forbidden AppArmor profiles",
            all.len(),
        ),
        format!(
            "{} must not set AppArmor profile type to {}",
            setters.join(" and "),
            join_quote(&all)
        ),
        fields,
    ))
}
