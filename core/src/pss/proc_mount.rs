//! `procMount` (baseline, v1.0): containers keep the default `/proc` masks. From v1.35 a pod in
//! its own user namespace (`hostUsers: false`) may unmask them. (Before v1.35 that relaxation
//! sat behind an alpha feature gate, off by default, and was later removed from those versions.)

use super::visit::{
    at, containers, containers_named, in_user_namespace, join_quote, security, shown,
};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::path;
use std::collections::BTreeSet;

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(35) && in_user_namespace(view.spec) {
        return None;
    }
    default_masks(view, CheckId::ProcMount)
}

/// Every container leaves `procMount` unset or `Default`; reported as `check`.
pub(super) fn default_masks<'a>(view: &PodView<'a>, check: CheckId) -> Option<Violation<'a>> {
    let mut names = Vec::new();
    let mut values = BTreeSet::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        let Some(proc_mount) = security(c.node, "procMount") else {
            continue;
        };
        if proc_mount.as_str() != Some("Default") {
            names.push(c.name());
            values.insert(shown(proc_mount));
            fields.push(Field::spec(
                at(&c, path!["securityContext", "procMount"]),
                "Default or unset",
            ));
        }
    }
    (!names.is_empty()).then(|| {
        let values: Vec<String> = values.into_iter().collect();
        Violation::new(
            check,
            "procMount",
            format!(
                "{} must not set securityContext.procMount to {}",
                containers_named(&names),
                join_quote(&values)
            ),
            fields,
        )
    })
}
