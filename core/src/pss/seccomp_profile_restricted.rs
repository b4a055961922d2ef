//! `seccompProfile_restricted` (restricted, v1.19): seccomp must be `RuntimeDefault` or
//! `Localhost`, set on the pod or on every container. Pods with `spec.os.name: windows` are
//! exempt from v1.25. Replaces `seccompProfile_baseline` at restricted level.

use super::seccomp_profile_baseline::{valid_profile, EXPECTED_TYPE};
use super::visit::{at, containers, containers_named, is_windows, join_quote, pod, security, text};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::path;
use std::collections::BTreeSet;

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(25) && is_windows(view.spec) {
        return None;
    }
    let pod_steps = path!["securityContext", "seccompProfile", "type"];
    let mut setters = Vec::new();
    let mut values = BTreeSet::new();
    let mut explicit = Vec::new();
    let mut implicit = Vec::new();
    let mut explicit_fields = Vec::new();
    let mut implicit_fields = Vec::new();
    let mut pod_set = false;
    if let Some(profile) = security(view.spec, "seccompProfile") {
        if valid_profile(profile) {
            pod_set = true;
        } else {
            setters.push("pod".to_string());
            values.insert(text(profile.get("type")).to_string());
            explicit_fields.push(Field::spec(pod(pod_steps), EXPECTED_TYPE));
        }
    }
    for c in containers(view.spec) {
        let steps = at(&c, path!["securityContext", "seccompProfile", "type"]);
        match security(c.node, "seccompProfile") {
            Some(profile) if !valid_profile(profile) => {
                explicit.push(c.name());
                values.insert(text(profile.get("type")).to_string());
                explicit_fields.push(Field::spec(steps, EXPECTED_TYPE));
            }
            Some(_) => {}
            None if !pod_set => {
                implicit.push(c.name());
                implicit_fields.push(Field::spec(
                    steps,
                    "RuntimeDefault or Localhost (here or in the pod's securityContext)",
                ));
            }
            None => {}
        }
    }
    if !explicit.is_empty() {
        setters.push(containers_named(&explicit));
    }
    if !setters.is_empty() {
        let values: Vec<String> = values.into_iter().collect();
        return Some(Violation::new(
            CheckId::SeccompProfileRestricted,
            "seccompProfile",
            format!(
                "{} must not set securityContext.seccompProfile.type to {}",
                setters.join(" and "),
                join_quote(&values)
            ),
            explicit_fields,
        ));
    }
    (!implicit.is_empty()).then(|| {
        implicit_fields.insert(0, Field::spec(pod(pod_steps), EXPECTED_TYPE));
        Violation::new(
            CheckId::SeccompProfileRestricted,
            "seccompProfile",
            format!(
                "pod or {} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                containers_named(&implicit)
            ),
            implicit_fields,
        )
    })
}
