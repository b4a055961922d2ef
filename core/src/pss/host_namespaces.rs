//! `hostNamespaces` (baseline, v1.0): the pod must not share the host's network, PID or IPC
//! namespace.

use super::visit::{is_true, pod};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Step;

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut set = Vec::new();
    let mut fields = Vec::new();
    for key in ["hostNetwork", "hostPID", "hostIPC"] {
        if is_true(view.spec.get(key)) {
            set.push(format!("{key}=true"));
            fields.push(Field::spec(pod(&[Step::Key(key)]), "false or unset"));
        }
    }
    (!set.is_empty()).then(|| {
        Violation::new(
            CheckId::HostNamespaces,
            "host namespaces",
            set.join(", "),
            fields,
        )
    })
}
