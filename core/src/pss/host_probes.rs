//! `hostProbesAndHostLifecycle` (baseline, v1.34): probes and lifecycle hooks may not target
//! another host (`httpGet.host`, `tcpSocket.host`).

use super::visit::{at, containers, containers_named, field, join_quote, pluralize, text};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Step;
use std::collections::BTreeSet;

/// (path to a handler inside a container, e.g. `livenessProbe` or `lifecycle.postStart`).
const HANDLERS: [&[&str]; 5] = [
    &["livenessProbe"],
    &["readinessProbe"],
    &["startupProbe"],
    &["lifecycle", "postStart"],
    &["lifecycle", "preStop"],
];

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut names = BTreeSet::new();
    let mut hosts = BTreeSet::new();
    let mut fields = Vec::new();
    for c in containers(view.spec) {
        for handler_path in HANDLERS {
            let handler = handler_path
                .iter()
                .try_fold(c.node, |node, key| field(node, key));
            let Some(handler) = handler else {
                continue;
            };
            for action in ["httpGet", "tcpSocket"] {
                let host = text(field(handler, action).and_then(|a| a.get("host")));
                if host.is_empty() {
                    continue;
                }
                names.insert(c.name());
                hosts.insert(host);
                let mut steps: Vec<Step<'a>> = handler_path.iter().map(|k| Step::Key(k)).collect();
                steps.push(Step::Key(action));
                steps.push(Step::Key("host"));
                fields.push(Field::spec(
                    at(&c, &steps),
                    "unset or empty (the pod's own IP)",
                ));
            }
        }
    }
    (!names.is_empty()).then(|| {
        let names: Vec<&str> = names.into_iter().collect();
        let hosts: Vec<&str> = hosts.into_iter().collect();
        Violation::new(
            CheckId::HostProbesAndHostLifecycle,
            "probe or lifecycle host",
            format!(
                "{} {} {} {}",
                containers_named(&names),
                pluralize("uses", "use", names.len()),
                pluralize(
                    "probe or lifecycle host",
                    "probe or lifecycle hosts",
                    hosts.len()
                ),
                join_quote(&hosts)
            ),
            fields,
        )
    })
}
