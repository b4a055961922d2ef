//! RBAC: bindings resolved to their roles, and the grants that let a subject escalate.
//!
//! Default `system:` objects (name prefix, or label `kubernetes.io/bootstrapping: rbac-defaults`)
//! and EKS's own `eks:` objects are ignored unless `include_system_rbac` is set.

use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::config::glob;
use crate::document::Node;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;
use crate::workload::workloads;

fn is_system(obj: &Obj<'_>) -> bool {
    let name = obj.k8s_name();
    name.starts_with("system:")
        || name.starts_with("eks:")
        || obj.str(path!["metadata", "labels", "kubernetes.io/bootstrapping"])
            == Some("rbac-defaults")
}

fn considered<'a>(ctx: &Ctx<'a>, kind: &str) -> Vec<&'a Obj<'a>> {
    let include_system = ctx.params.bool("include_system_rbac");
    ctx.bundle
        .k8s(kind)
        .filter(|o| include_system || !is_system(o))
        .collect()
}

/// `Kind:name`, or `ServiceAccount:namespace/name`, as written in allow-lists.
fn subject_id(subject: &Node, binding_ns: Option<&str>) -> String {
    let kind = subject.str_at("kind").unwrap_or("?");
    let name = subject.str_at("name").unwrap_or("?");
    if kind == "ServiceAccount" {
        format!(
            "ServiceAccount:{}/{name}",
            subject
                .str_at("namespace")
                .or(binding_ns)
                .unwrap_or("default")
        )
    } else {
        format!("{kind}:{name}")
    }
}

fn subjects(binding: &Obj<'_>) -> Vec<String> {
    binding
        .get(path!["subjects"])
        .map_or(&[][..], Node::as_seq)
        .iter()
        .map(|s| subject_id(s, binding.k8s_namespace()))
        .collect()
}

/// The role a binding refers to: a ClusterRole, or a Role in the binding's namespace.
fn role_of<'a>(ctx: &Ctx<'a>, binding: &Obj<'a>) -> Option<&'a Obj<'a>> {
    let kind = binding.str(path!["roleRef", "kind"])?;
    let name = binding.str(path!["roleRef", "name"])?;
    let namespace = match kind {
        "ClusterRole" => None,
        _ => binding.k8s_namespace(),
    };
    ctx.bundle.k8s_get(kind, namespace, name)
}

fn has(list: Option<&Node>, wanted: &[&str]) -> bool {
    list.is_some_and(|l| l.strings().any(|v| v == "*" || wanted.contains(&v)))
}

/// A rule grants one of `verbs` on one of `resources` in one of `groups` (`*` counts as all).
fn grants(rule: &Node, groups: &[&str], resources: &[&str], verbs: &[&str]) -> bool {
    has(rule.get("apiGroups"), groups)
        && has(rule.get("resources"), resources)
        && has(rule.get("verbs"), verbs)
}

/// A dangerous grant: its description and the rule index.
type Finder = fn(&Node) -> Option<&'static str>;

fn secrets_access(rule: &Node) -> Option<&'static str> {
    let scoped = rule
        .get("resourceNames")
        .is_some_and(|n| !n.as_seq().is_empty());
    (!scoped && grants(rule, &[""], &["secrets"], &["get", "list", "watch"]))
        .then_some("read access to Secrets")
}

fn pod_exec(rule: &Node) -> Option<&'static str> {
    if grants(
        rule,
        &[""],
        &["pods/exec", "pods/attach"],
        &["create", "get"],
    ) {
        Some("exec/attach into pods")
    } else if grants(rule, &[""], &["pods"], &["create"]) {
        Some("create pods")
    } else {
        None
    }
}

fn escalation_verbs(rule: &Node) -> Option<&'static str> {
    if grants(
        rule,
        &["rbac.authorization.k8s.io"],
        &["roles", "clusterroles"],
        &["bind", "escalate"],
    ) {
        Some("bind/escalate on roles")
    } else if grants(
        rule,
        &["", "authentication.k8s.io"],
        &[
            "users",
            "groups",
            "serviceaccounts",
            "userextras/scopes",
            "uids",
        ],
        &["impersonate"],
    ) {
        Some("impersonate users, groups or service accounts")
    } else {
        None
    }
}

fn other_escalation(rule: &Node) -> Option<&'static str> {
    if grants(rule, &[""], &["persistentvolumes"], &["create"]) {
        Some("create PersistentVolumes")
    } else if has(rule.get("resources"), &["nodes/proxy"])
        && has(rule.get("apiGroups"), &[""])
        && rule.get("verbs").is_some_and(|v| !v.as_seq().is_empty())
    {
        Some("access to nodes/proxy")
    } else if grants(
        rule,
        &["admissionregistration.k8s.io"],
        &[
            "validatingwebhookconfigurations",
            "mutatingwebhookconfigurations",
        ],
        &["create", "update", "patch", "delete", "deletecollection"],
    ) {
        Some("write admission webhook configurations")
    } else if grants(rule, &[""], &["serviceaccounts/token"], &["create"]) {
        Some("create service account tokens")
    } else if grants(
        rule,
        &["certificates.k8s.io"],
        &["certificatesigningrequests/approval"],
        &["update", "patch"],
    ) || grants(rule, &["certificates.k8s.io"], &["signers"], &["approve"])
    {
        Some("approve certificate signing requests")
    } else {
        None
    }
}

/// Per binding: does the bound role grant what `find` looks for to a subject not approved?
fn per_binding(ctx: &Ctx<'_>, find: Finder) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("RBAC objects (`kubectl get role,rolebinding,clusterrole,clusterrolebinding -A -o yaml`)");
    }
    let approved = ctx.params.strings("approved_subjects");
    let bindings: Vec<&Obj<'_>> = considered(ctx, "RoleBinding")
        .into_iter()
        .chain(considered(ctx, "ClusterRoleBinding"))
        .collect();
    if bindings.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("RoleBinding", "(none)").in_cluster(ctx.bundle.sole_cluster()),
            "no (non-system) RoleBindings or ClusterRoleBindings in the inputs",
        )];
    }
    bindings
        .into_iter()
        .map(|binding| {
            let resource = k8s_resource(ctx, binding);
            let Some(role) = role_of(ctx, binding) else {
                return Outcome::new(
                    Status::NotAssessed,
                    resource,
                    format!(
                        "not assessed: the bound {} `{}` was not supplied",
                        binding.str(path!["roleRef", "kind"]).unwrap_or("role"),
                        binding.str(path!["roleRef", "name"]).unwrap_or("?")
                    ),
                )
                .with(binding.evidence(path!["roleRef"], "a role among the inputs"));
            };
            let found: Vec<(usize, &str)> = role
                .get(path!["rules"])
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
                .filter_map(|(i, r)| find(r).map(|what| (i, what)))
                .collect();
            let unapproved: Vec<String> = subjects(binding)
                .into_iter()
                .filter(|s| !approved.iter().any(|a| glob(a, s)))
                .collect();
            let mut evidence: Vec<Evidence> = found
                .iter()
                .map(|(i, what)| {
                    role.evidence(path!["rules", *i], format!("no rule granting {what}"))
                })
                .collect();
            evidence.push(binding.evidence(
                path!["subjects"],
                "only approved subjects (parameter `approved_subjects`)",
            ));
            if found.is_empty() {
                Outcome::new(
                    Status::Pass,
                    resource,
                    format!(
                        "{} `{}` grants none of these permissions",
                        role.k8s_kind(),
                        role.k8s_name()
                    ),
                )
            } else if unapproved.is_empty() {
                Outcome::new(
                    Status::Pass,
                    resource,
                    format!(
                        "{} `{}` grants {} only to approved subjects",
                        role.k8s_kind(),
                        role.k8s_name(),
                        found.first().map_or("", |(_, w)| *w)
                    ),
                )
            } else {
                let mut grants: Vec<&str> = found.iter().map(|(_, w)| *w).collect();
                grants.dedup();
                Outcome::new(
                    Status::Fail,
                    resource,
                    format!(
                        "{} `{}` grants {} to {}",
                        role.k8s_kind(),
                        role.k8s_name(),
                        grants.join(", "),
                        unapproved.join(", ")
                    ),
                )
            }
            .with_all(evidence)
        })
        .collect()
}

pub fn rbac_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx
            .no_k8s("RBAC bindings (`kubectl get rolebinding,clusterrolebinding -A -o yaml`)");
    }
    let approved = ctx.params.strings("approved_subjects");
    let bindings: Vec<&Obj<'_>> = considered(ctx, "ClusterRoleBinding")
        .into_iter()
        .chain(considered(ctx, "RoleBinding"))
        .filter(|b| {
            b.str(path!["roleRef", "name"]) == Some("cluster-admin")
                && b.str(path!["roleRef", "kind"]) == Some("ClusterRole")
        })
        .collect();
    if bindings.is_empty() {
        return vec![Outcome::new(
            Status::Pass,
            Resource::new("ClusterRole", "cluster-admin").in_cluster(ctx.bundle.sole_cluster()),
            "no non-system binding to cluster-admin",
        )];
    }
    bindings
        .into_iter()
        .map(|b| {
            let unapproved: Vec<String> = subjects(b)
                .into_iter()
                .filter(|s| !approved.iter().any(|a| glob(a, s)))
                .collect();
            let evidence = b.evidence(
                path!["subjects"],
                "only approved subjects (parameter `approved_subjects`)",
            );
            if unapproved.is_empty() {
                Outcome::new(
                    Status::Pass,
                    k8s_resource(ctx, b),
                    "cluster-admin is bound only to approved subjects",
                )
            } else {
                Outcome::new(
                    Status::Fail,
                    k8s_resource(ctx, b),
                    format!("cluster-admin is bound to {}", unapproved.join(", ")),
                )
            }
            .with(evidence)
        })
        .collect()
}

pub fn rbac_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("Roles and ClusterRoles (`kubectl get role,clusterrole -A -o yaml`)");
    }
    let roles: Vec<&Obj<'_>> = considered(ctx, "Role")
        .into_iter()
        .chain(considered(ctx, "ClusterRole"))
        .collect();
    if roles.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("Role", "(none)"),
            "no (non-system) Roles or ClusterRoles in the inputs",
        )];
    }
    roles
        .into_iter()
        .map(|role| {
            let mut evidence = Vec::new();
            for (i, rule) in role
                .get(path!["rules"])
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                for field in ["apiGroups", "resources", "verbs"] {
                    if rule
                        .get(field)
                        .is_some_and(|l| l.strings().any(|v| v == "*"))
                    {
                        evidence.push(
                            role.evidence(path!["rules", i, field], "explicit values, no \"*\""),
                        );
                    }
                }
            }
            if evidence.is_empty() {
                Outcome::new(
                    Status::Pass,
                    k8s_resource(ctx, role),
                    "no wildcards in rules",
                )
            } else {
                Outcome::new(
                    Status::Fail,
                    k8s_resource(ctx, role),
                    format!(
                        "{} wildcard(s) in rules: enumerate API groups, resources and verbs",
                        evidence.len()
                    ),
                )
                .with_all(evidence)
            }
        })
        .collect()
}

pub fn rbac_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_binding(ctx, secrets_access)
}

pub fn rbac_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_binding(ctx, pod_exec)
}

pub fn rbac_5(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_binding(ctx, escalation_verbs)
}

pub fn rbac_6(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_binding(ctx, other_escalation)
}

pub fn rbac_7(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("workloads, ServiceAccounts and bindings (`kubectl get deploy,sts,ds,cronjob,sa,rolebinding,clusterrolebinding -A -o yaml`)");
    }
    let mut out = Vec::new();
    for w in workloads(ctx.bundle) {
        let resource = k8s_resource(ctx, w.obj);
        if ctx.exempt(w.namespace()) {
            out.push(Outcome::new(
                Status::NotApplicable,
                resource,
                "exempt namespace (parameter `exempt_namespaces`)",
            ));
            continue;
        }
        let account = w
            .spec
            .str_at("serviceAccountName")
            .or(w.spec.str_at("serviceAccount"));
        let evidence = w.spec_evidence(path!["serviceAccountName"], "a dedicated ServiceAccount");
        out.push(match account {
            Some(name) if name != "default" => Outcome::new(
                Status::Pass,
                resource,
                format!("runs as ServiceAccount `{name}`"),
            )
            .with(evidence),
            _ => Outcome::new(
                Status::Fail,
                resource,
                "runs as the namespace's `default` ServiceAccount: create a dedicated one",
            )
            .with(evidence),
        });
    }
    let include_system = ctx.params.bool("include_system_rbac");
    for binding in ctx
        .bundle
        .k8s("RoleBinding")
        .chain(ctx.bundle.k8s("ClusterRoleBinding"))
        .filter(|b| include_system || !is_system(b))
    {
        for (i, subject) in binding
            .get(path!["subjects"])
            .map_or(&[][..], Node::as_seq)
            .iter()
            .enumerate()
        {
            if subject.str_at("kind") == Some("ServiceAccount")
                && subject.str_at("name") == Some("default")
            {
                out.push(
                    Outcome::new(
                        Status::Fail,
                        k8s_resource(ctx, binding),
                        "grants permissions to a `default` ServiceAccount",
                    )
                    .with(binding.evidence(path!["subjects", i], "no default ServiceAccount")),
                );
            }
        }
    }
    for sa in ctx
        .bundle
        .k8s("ServiceAccount")
        .filter(|s| s.k8s_name() == "default" && !ctx.exempt(s.k8s_namespace()))
    {
        let field = path!["automountServiceAccountToken"];
        let evidence = sa.evidence(field, "false");
        out.push(if sa.get(field).and_then(Node::as_bool) == Some(false) {
            Outcome::new(Status::Pass, k8s_resource(ctx, sa), "the default ServiceAccount does not mount its token")
        } else {
            Outcome::new(Status::Warn, k8s_resource(ctx, sa), "the default ServiceAccount mounts its token: set automountServiceAccountToken: false")
        }
        .with(evidence));
    }
    if out.is_empty() {
        out.push(Outcome::new(
            Status::NotApplicable,
            Resource::new("Workload", "(none)"),
            "no workloads, bindings or default ServiceAccounts in the inputs",
        ));
    }
    out
}
