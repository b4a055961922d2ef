//! `runAsUser` (restricted, v1.23): neither the pod nor a container sets `runAsUser: 0`. From
//! v1.35 a pod in its own user namespace (`hostUsers: false`) is exempt.

use super::visit::{at, containers, containers_named, in_user_namespace, pod, security};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Node;
use crate::path;

fn is_root(node: &Node) -> bool {
    security(node, "runAsUser").and_then(Node::as_i64) == Some(0)
}

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(35) && in_user_namespace(view.spec) {
        return None;
    }
    let steps = path!["securityContext", "runAsUser"];
    let mut setters = Vec::new();
    let mut fields = Vec::new();
    if is_root(view.spec) {
        setters.push("pod".to_string());
        fields.push(Field::spec(pod(steps), "a non-zero UID, or unset"));
    }
    let mut names = Vec::new();
    for c in containers(view.spec) {
        if is_root(c.node) {
            names.push(c.name());
            fields.push(Field::spec(at(&c, steps), "a non-zero UID, or unset"));
        }
    }
    if !names.is_empty() {
        setters.push(containers_named(&names));
    }
    (!setters.is_empty()).then(|| {
        Violation::new(
            CheckId::RunAsUser,
            "runAsUser=0",
            format!("{} must not set runAsUser=0", setters.join(" and ")),
            fields,
        )
    })
}
