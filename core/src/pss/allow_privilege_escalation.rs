//! `allowPrivilegeEscalation` (restricted, v1.8): every container sets
//! `allowPrivilegeEscalation: false`. Pods with `spec.os.name: windows` are exempt from v1.25.

use super::visit::{at, containers, containers_named, is_windows, security};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::path;

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(25) && is_windows(view.spec) {
        return None;
    }
    let mut names = Vec::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        let value = security(c.node, "allowPrivilegeEscalation");
        if value.and_then(|v| v.as_bool()) != Some(false) {
            names.push(c.name());
            fields.push(Field::spec(
                at(&c, path!["securityContext", "allowPrivilegeEscalation"]),
                "false",
            ));
        }
    }
    (!names.is_empty()).then(|| {
        Violation::new(
            CheckId::AllowPrivilegeEscalation,
            "allowPrivilegeEscalation != false",
            format!(
                "{} must set securityContext.allowPrivilegeEscalation=false",
                containers_named(&names)
            ),
            fields,
        )
    })
}
