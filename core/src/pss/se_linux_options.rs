//! `seLinuxOptions` (baseline, v1.0): only the container SELinux types, and no custom user or
//! role. `container_engine_t` is allowed from v1.31.

use super::visit::{at, containers, containers_named, join_quote, pluralize, pod, security, text};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use std::collections::BTreeSet;

fn allowed_type(selinux_type: &str, version: Version) -> bool {
    matches!(
        selinux_type,
        "" | "container_t" | "container_init_t" | "container_kvm_t"
    ) || (version.at_least(31) && selinux_type == "container_engine_t")
}

fn expected_type(version: Version) -> &'static str {
    if version.at_least(31) {
        "unset, container_t, container_init_t, container_kvm_t or container_engine_t"
    } else {
        "unset, container_t, container_init_t or container_kvm_t"
    }
}

#[derive(Default)]
struct Found<'a> {
    types: BTreeSet<String>,
    user: bool,
    role: bool,
    fields: Vec<Field<'a>>,
}

impl<'a> Found<'a> {
    /// Records what is wrong with one `seLinuxOptions`; `steps` leads to it. True when valid.
    fn inspect(&mut self, options: &Node, steps: Vec<Step<'a>>, version: Version) -> bool {
        let mut valid = true;
        let field = |key: &'static str, expected: &str| {
            let mut s = steps.clone();
            s.push(Step::Key(key));
            Field::spec(s, expected)
        };
        let selinux_type = text(options.get("type"));
        if !allowed_type(selinux_type, version) {
            valid = false;
            self.types.insert(selinux_type.to_string());
            self.fields.push(field("type", expected_type(version)));
        }
        for (key, flag) in [("user", &mut self.user), ("role", &mut self.role)] {
            if !text(options.get(key)).is_empty() {
                valid = false;
                *flag = true;
                self.fields.push(field(key, "unset"));
            }
        }
        valid
    }
}

pub(super) fn check<'a>(view: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
    let mut found = Found::default();
    let mut setters = Vec::new();
    const OPTIONS: [Step<'static>; 2] = [Step::Key("securityContext"), Step::Key("seLinuxOptions")];
    if let Some(options) = security(view.spec, "seLinuxOptions") {
        if !found.inspect(options, pod(&OPTIONS), version) {
            setters.push("pod".to_string());
        }
    }
    let mut names = Vec::new();
    for c in containers(view.spec) {
        if let Some(options) = security(c.node, "seLinuxOptions") {
            if !found.inspect(options, at(&c, &OPTIONS), version) {
                names.push(c.name());
            }
        }
    }
    if !names.is_empty() {
        setters.push(containers_named(&names));
    }
    if setters.is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    if !found.types.is_empty() {
        let types: Vec<String> = found.types.into_iter().collect();
        problems.push(format!(
            "{} {}",
            pluralize("type", "types", types.len()),
            join_quote(&types)
        ));
    }
    if found.user {
        problems.push("user may not be set".to_string());
    }
    if found.role {
        problems.push("role may not be set".to_string());
    }
    Some(Violation::new(
        CheckId::SeLinuxOptions,
        "seLinuxOptions",
        format!(
            "{} set forbidden securityContext.seLinuxOptions: {}",
            setters.join(" and "),
            problems.join("; ")
        ),
        found.fields,
    ))
}
