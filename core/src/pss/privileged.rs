//! `privileged` (baseline, v1.0): no container may run privileged.

use super::visit::{at, containers, containers_named, is_true, security};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::path;

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut names = Vec::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        if is_true(security(c.node, "privileged")) {
            names.push(c.name());
            fields.push(Field::spec(
                at(&c, path!["securityContext", "privileged"]),
                "false or unset",
            ));
        }
    }
    (!names.is_empty()).then(|| {
        Violation::new(
            CheckId::Privileged,
            "privileged",
            format!(
                "{} must not set securityContext.privileged=true",
                containers_named(&names)
            ),
            fields,
        )
    })
}
