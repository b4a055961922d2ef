//! `sysctls` (baseline): only namespaced, isolated sysctls. The safe list grew at v1.27, v1.29,
//! v1.32 and v1.37.

use super::visit::{field, pod, shown};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use std::collections::BTreeSet;

/// (first policy minor version, sysctls that became safe then).
const SAFE: [(u32, &[&str]); 5] = [
    (
        0,
        &[
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_unprivileged_port_start",
        ],
    ),
    (27, &["net.ipv4.ip_local_reserved_ports"]),
    (
        29,
        &[
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
        ],
    ),
    (32, &["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]),
    (
        37,
        &[
            "net.ipv4.tcp_slow_start_after_idle",
            "net.ipv4.tcp_notsent_lowat",
        ],
    ),
];

/// The sysctls allowed at `version`.
pub fn allowed(version: Version) -> impl Iterator<Item = &'static str> {
    SAFE.iter()
        .filter(move |(since, _)| version.at_least(*since))
        .flat_map(|(_, names)| names.iter().copied())
}

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    let safe: Vec<&str> = allowed(version).collect();
    // Written only for a violation: most pods have none.
    let expected = || format!("only sysctls safe at {version}: {}", safe.join(", "));
    let sysctls = field(view.spec, "securityContext")
        .and_then(|sc| sc.get("sysctls"))
        .map_or(&[][..], Node::as_seq);
    let mut forbidden = Vec::new();
    let mut seen = BTreeSet::new();
    let mut fields = Vec::new();
    for (i, sysctl) in sysctls.iter().enumerate() {
        let name = sysctl.get("name").map_or(String::new(), shown);
        if !safe.contains(&name.as_str()) {
            if seen.insert(name.clone()) {
                forbidden.push(name);
            }
            fields.push(Field::spec(
                pod(&[
                    Step::Key("securityContext"),
                    Step::Key("sysctls"),
                    Step::Index(i),
                    Step::Key("name"),
                ]),
                expected(),
            ));
        }
    }
    (!forbidden.is_empty()).then(|| {
        Violation::new(
            CheckId::Sysctls,
            "forbidden sysctls",
            forbidden.join(", "),
            fields,
        )
    })
}
