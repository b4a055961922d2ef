//! `windowsHostProcess` (baseline, v1.0): no Windows HostProcess containers, at pod or
//! container level.

use super::visit::{at, containers, containers_named, field, is_true, pod, security};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Node;
use crate::path;

fn host_process(node: &Node) -> bool {
    is_true(security(node, "windowsOptions").and_then(|w| field(w, "hostProcess")))
}

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let steps = path!["securityContext", "windowsOptions", "hostProcess"];
    let mut setters = Vec::new();
    let mut fields = Vec::new();
    if host_process(view.spec) {
        setters.push("pod".to_string());
        fields.push(Field::spec(pod(steps), "false or unset"));
    }
    let mut names = Vec::new();
    for c in containers(view.spec) {
        if host_process(c.node) {
            names.push(c.name());
            fields.push(Field::spec(at(&c, steps), "false or unset"));
        }
    }
    if !names.is_empty() {
        setters.push(containers_named(&names));
    }
    (!setters.is_empty()).then(|| {
        Violation::new(
            CheckId::WindowsHostProcess,
            "hostProcess",
            format!(
                "{} must not set securityContext.windowsOptions.hostProcess=true",
                setters.join(" and ")
            ),
            fields,
        )
    })
}
