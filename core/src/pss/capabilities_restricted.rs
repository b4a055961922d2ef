//! `capabilities_restricted` (restricted, v1.22): every container drops `ALL` and adds nothing
//! but `NET_BIND_SERVICE`. Pods with `spec.os.name: windows` are exempt from v1.25. Replaces
//! `capabilities_baseline` at restricted level.

use super::visit::{
    at, containers, containers_named, field, is_windows, join_quote, security, shown,
};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use crate::path;
use std::collections::BTreeSet;

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    if version.at_least(25) && is_windows(view.spec) {
        return None;
    }
    let mut missing_drop = Vec::new();
    let mut adding = Vec::new();
    let mut forbidden = BTreeSet::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        let drop_steps = at(&c, path!["securityContext", "capabilities", "drop"]);
        let Some(caps) = security(c.node, "capabilities") else {
            missing_drop.push(c.name());
            fields.push(Field::spec(drop_steps, "[\"ALL\"]"));
            continue;
        };
        let drop = caps.get("drop").map_or(&[][..], Node::as_seq);
        if !drop.iter().any(|d| d.as_str() == Some("ALL")) {
            missing_drop.push(c.name());
            fields.push(Field::spec(drop_steps, "[\"ALL\"]"));
        }
        let add = field(caps, "add").map_or(&[][..], Node::as_seq);
        let mut bad = false;
        for (i, cap) in add.iter().enumerate() {
            if cap.as_str() != Some("NET_BIND_SERVICE") {
                bad = true;
                forbidden.insert(shown(cap));
                fields.push(Field::spec(
                    at(
                        &c,
                        &[
                            Step::Key("securityContext"),
                            Step::Key("capabilities"),
                            Step::Key("add"),
                            Step::Index(i),
                        ],
                    ),
                    "only NET_BIND_SERVICE",
                ));
            }
        }
        if bad {
            adding.push(c.name());
        }
    }
    let mut details = Vec::new();
    if !missing_drop.is_empty() {
        details.push(format!(
            "{} must set securityContext.capabilities.drop=[\"ALL\"]",
            containers_named(&missing_drop)
        ));
    }
    if !adding.is_empty() {
        let forbidden: Vec<String> = forbidden.into_iter().collect();
        details.push(format!(
            "{} must not include {} in securityContext.capabilities.add",
            containers_named(&adding),
            join_quote(&forbidden)
        ));
    }
    (!details.is_empty()).then(|| {
        Violation::new(
            CheckId::CapabilitiesRestricted,
            "unrestricted capabilities",
            details.join("; "),
            fields,
        )
    })
}
