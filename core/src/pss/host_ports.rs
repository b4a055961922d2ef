//! `hostPorts` (baseline, v1.0): no container port may be bound on the node.

use super::visit::{at, containers, containers_named, pluralize, set, shown};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use std::collections::BTreeSet;

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut names = Vec::new();
    let mut ports = BTreeSet::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        let mut bad = false;
        let list = c.node.get("ports").map_or(&[][..], Node::as_seq);
        for (i, port) in list.iter().enumerate() {
            let Some(host_port) = set(port.get("hostPort")) else {
                continue;
            };
            if host_port.as_i64() != Some(0) {
                bad = true;
                ports.insert(shown(host_port));
                fields.push(Field::spec(
                    at(
                        &c,
                        &[Step::Key("ports"), Step::Index(i), Step::Key("hostPort")],
                    ),
                    "0 or unset",
                ));
            }
        }
        if bad {
            names.push(c.name());
        }
    }
    (!names.is_empty()).then(|| {
        let ports: Vec<String> = ports.into_iter().collect();
        Violation::new(
            CheckId::HostPorts,
            "hostPort",
            format!(
                "{} {} {} {}",
                containers_named(&names),
                pluralize("uses", "use", names.len()),
                pluralize("hostPort", "hostPorts", ports.len()),
                ports.join(", ")
            ),
            fields,
        )
    })
}
