//! `capabilities_baseline` (baseline, v1.0): containers may only add capabilities from the
//! container runtime's default set.

use super::visit::{at, containers, containers_named, field, join_quote, security, shown};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Step;
use std::collections::BTreeSet;

pub(super) const ALLOWED: [&str; 13] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    // Written only for a violation: most pods have none.
    let expected = || format!("only {}", ALLOWED.join(", "));
    let mut names = Vec::new();
    let mut forbidden = BTreeSet::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        let Some(add) = security(c.node, "capabilities").and_then(|caps| field(caps, "add")) else {
            continue;
        };
        let mut bad = false;
        for (i, cap) in add.as_seq().iter().enumerate() {
            if !cap.as_str().is_some_and(|s| ALLOWED.contains(&s)) {
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
                    expected(),
                ));
            }
        }
        if bad {
            names.push(c.name());
        }
    }
    (!names.is_empty()).then(|| {
        let forbidden: Vec<String> = forbidden.into_iter().collect();
        Violation::new(
            CheckId::CapabilitiesBaseline,
            "non-default capabilities",
            format!(
                "{} must not include {} in securityContext.capabilities.add",
                containers_named(&names),
                join_quote(&forbidden)
            ),
            fields,
        )
    })
}
