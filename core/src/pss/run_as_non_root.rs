//! `runAsNonRoot` (restricted, v1.0): `runAsNonRoot: true` on the pod, or on every container,
//! and `false` nowhere. From v1.35 a pod in its own user namespace (`hostUsers: false`) is
//! exempt (before, only behind an alpha feature gate that was later removed).

use super::visit::{at, containers, containers_named, in_user_namespace, pod, security};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::path;

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(35) && in_user_namespace(view.spec) {
        return None;
    }
    let pod_steps = path!["securityContext", "runAsNonRoot"];
    let mut setters = Vec::new();
    let mut explicit_fields = Vec::new();
    let mut pod_true = false;
    if let Some(value) = security(view.spec, "runAsNonRoot") {
        if value.as_bool() == Some(true) {
            pod_true = true;
        } else {
            setters.push("pod".to_string());
            explicit_fields.push(Field::spec(pod(pod_steps), "true"));
        }
    }
    let mut explicit = Vec::new();
    let mut implicit = Vec::new();
    let mut implicit_fields = Vec::new();
    for c in containers(view.spec) {
        let steps = at(&c, path!["securityContext", "runAsNonRoot"]);
        match security(c.node, "runAsNonRoot") {
            Some(value) if value.as_bool() != Some(true) => {
                explicit.push(c.name());
                explicit_fields.push(Field::spec(steps, "true or unset"));
            }
            Some(_) => {}
            None if !pod_true => {
                implicit.push(c.name());
                implicit_fields.push(Field::spec(
                    steps,
                    "true (here or in the pod's securityContext)",
                ));
            }
            None => {}
        }
    }
    if !explicit.is_empty() {
        setters.push(containers_named(&explicit));
    }
    if !setters.is_empty() {
        return Some(Violation::new(
            CheckId::RunAsNonRoot,
            "runAsNonRoot != true",
            format!(
                "{} must not set securityContext.runAsNonRoot=false",
                setters.join(" and ")
            ),
            explicit_fields,
        ));
    }
    (!implicit.is_empty()).then(|| {
        implicit_fields.insert(0, Field::spec(pod(pod_steps), "true"));
        Violation::new(
            CheckId::RunAsNonRoot,
            "runAsNonRoot != true",
            format!(
                "pod or {} must set securityContext.runAsNonRoot=true",
                containers_named(&implicit)
            ),
            implicit_fields,
        )
    })
}
