//! NetworkPolicy coverage: default deny per namespace, every workload selected, IMDS blocked.

use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::cidr::Cidr;
use crate::document::Node;
use crate::finding::{Outcome, Resource, Status};
use crate::hash::HashMap;
use crate::path;
use crate::workload::workloads;

/// NetworkPolicies by namespace (`default` when unset), in [`Bundle::k8s`] order. Built once per
/// control, so thousands of policies are not read again for each of thousands of workloads.
///
/// [`Bundle::k8s`]: crate::bundle::Bundle::k8s
struct Policies<'a>(HashMap<&'a str, Vec<&'a Obj<'a>>>);

impl<'a> Policies<'a> {
    fn new(ctx: &Ctx<'a>) -> Self {
        let mut by_namespace: HashMap<&'a str, Vec<&'a Obj<'a>>> = HashMap::default();
        for policy in ctx.bundle.k8s("NetworkPolicy") {
            let namespace = policy.k8s_namespace().unwrap_or("default");
            by_namespace.entry(namespace).or_default().push(policy);
        }
        Policies(by_namespace)
    }

    fn in_namespace(&self, namespace: &str) -> &[&'a Obj<'a>] {
        self.0.get(namespace).map_or(&[], Vec::as_slice)
    }
}

/// The directions a policy governs, with the Kubernetes defaults when `policyTypes` is absent.
fn governs(policy: &Obj<'_>, direction: &str) -> bool {
    match policy.get(path!["spec", "policyTypes"]) {
        Some(types) => types.strings().any(|t| t == direction),
        None => {
            direction == "Ingress"
                || policy
                    .get(path!["spec", "egress"])
                    .is_some_and(|e| !e.as_seq().is_empty())
        }
    }
}

fn selects_all(policy: &Obj<'_>) -> bool {
    policy.get(path!["spec", "podSelector"]).is_some_and(|s| {
        s.as_map().is_empty() && !matches!(s.value, crate::document::Value::Seq(_))
    })
}

/// An egress rule that only opens DNS (port 53), the one exception a default deny may carry.
fn dns_only(rule: &Node) -> bool {
    let ports = rule.get("ports").map_or(&[][..], Node::as_seq);
    !ports.is_empty()
        && ports
            .iter()
            .all(|p| p.get("port").and_then(Node::as_i64) == Some(53))
}

fn denies(policy: &Obj<'_>, direction: &str) -> bool {
    if !selects_all(policy) || !governs(policy, direction) {
        return false;
    }
    let rules = policy
        .get(&[
            crate::document::Step::Key("spec"),
            crate::document::Step::Key(if direction == "Ingress" {
                "ingress"
            } else {
                "egress"
            }),
        ])
        .map_or(&[][..], Node::as_seq);
    match direction {
        "Ingress" => rules.is_empty(),
        _ => rules.iter().all(dns_only),
    }
}

pub fn np_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s(
            "the cluster's Namespaces and NetworkPolicies (`kubectl get ns,netpol -A -o yaml`)",
        );
    }
    let all_policies = Policies::new(ctx);
    let mut out = Vec::new();
    for ns in ctx.namespaces() {
        let resource = Resource::new("Namespace", ns).in_cluster(ctx.bundle.sole_cluster());
        if ctx.exempt(Some(ns)) {
            out.push(Outcome::new(
                Status::NotApplicable,
                resource,
                "exempt namespace (parameter `exempt_namespaces`)",
            ));
            continue;
        }
        let policies = all_policies.in_namespace(ns);
        let ingress = policies.iter().find(|p| denies(p, "Ingress"));
        let egress = policies.iter().find(|p| denies(p, "Egress"));
        let evidence: Vec<_> = [ingress, egress]
            .into_iter()
            .flatten()
            .map(|p| {
                p.evidence(
                    path!["spec", "policyTypes"],
                    "a policy with podSelector {} denying this direction",
                )
            })
            .collect();
        let missing: Vec<&str> = [("ingress", ingress.is_none()), ("egress", egress.is_none())]
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(d, _)| d)
            .collect();
        out.push(if missing.is_empty() {
            let names: Vec<&str> = [ingress, egress].into_iter().flatten().map(|p| p.k8s_name()).collect();
            Outcome::new(Status::Pass, resource, format!("default deny for ingress and egress ({})", names.join(", "))).with_all(evidence)
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("no default-deny NetworkPolicy for {} (podSelector {{}}, policyTypes with no rules)", missing.join(" and ")),
            )
            .with_all(evidence)
            .with_all(ctx.namespace_evidence(ns, format!("a NetworkPolicy in this namespace with podSelector {{}} denying {}", missing.join(" and "))))
        });
    }
    if out.is_empty() {
        out.push(Outcome::new(
            Status::NotApplicable,
            Resource::new("Namespace", "(none)"),
            "no namespaces in the inputs",
        ));
    }
    out
}

pub fn np_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s(
            "workloads and NetworkPolicies (`kubectl get deploy,sts,ds,cronjob,netpol -A -o yaml`)",
        );
    }
    let all = workloads(ctx.bundle);
    if all.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("Workload", "(none)"),
            "no workloads in the inputs",
        )];
    }
    let policies = Policies::new(ctx);
    all.iter()
        .map(|w| {
            let resource = k8s_resource(ctx, w.obj);
            let ns = w.namespace().unwrap_or("default");
            if ctx.exempt(Some(ns)) {
                return Outcome::new(
                    Status::NotApplicable,
                    resource,
                    "exempt namespace (parameter `exempt_namespaces`)",
                );
            }
            let labels = w.pod_labels();
            let selecting: Vec<&Obj<'_>> = policies
                .in_namespace(ns)
                .iter()
                .copied()
                .filter(|p| crate::selector::matches(p.get(path!["spec", "podSelector"]), labels))
                .collect();
            let evidence = w.metadata_evidence(
                path!["labels"],
                "labels selected by a NetworkPolicy in the namespace",
            );
            match selecting.as_slice() {
                [] => Outcome::new(
                    Status::Fail,
                    resource,
                    format!("no NetworkPolicy in `{ns}` selects these pods"),
                )
                .with(evidence),
                some => Outcome::new(
                    Status::Pass,
                    resource,
                    format!(
                        "selected by NetworkPolicy {}",
                        some.iter()
                            .map(|p| p.k8s_name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with(evidence),
            }
        })
        .collect()
}

const IMDS: [&str; 2] = ["169.254.169.254/32", "fd00:ec2::254/128"];

/// Whether an egress rule lets traffic reach instance metadata (HTTP, port 80).
fn rule_reaches_imds(rule: &Node) -> bool {
    let ports = rule.get("ports").map_or(&[][..], Node::as_seq);
    let port_ok = ports.is_empty()
        || ports.iter().any(|p| match p.get("port") {
            None => true,
            Some(n) => n.as_i64().is_none_or(|port| {
                let end = p.get("endPort").and_then(Node::as_i64).unwrap_or(port);
                (port..=end).contains(&80)
            }),
        });
    if !port_ok {
        return false;
    }
    let peers = rule.get("to").map_or(&[][..], Node::as_seq);
    if peers.is_empty() {
        return true;
    }
    peers.iter().any(|peer| {
        let Some(block) = peer.get("ipBlock") else {
            return false;
        };
        let Some(cidr) = block.str_at("cidr").and_then(Cidr::parse) else {
            return false;
        };
        IMDS.iter().filter_map(|i| Cidr::parse(i)).any(|imds| {
            cidr.contains(&imds)
                && !block
                    .get("except")
                    .map_or(&[][..], Node::as_seq)
                    .iter()
                    .filter_map(|e| e.as_str().and_then(Cidr::parse))
                    .any(|e| e.contains(&imds))
        })
    })
}

pub fn np_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's NetworkPolicies (`kubectl get netpol -A -o yaml`)");
    }
    let policies = Policies::new(ctx);
    let mut out = Vec::new();
    for ns in ctx.namespaces() {
        let resource = Resource::new("Namespace", ns).in_cluster(ctx.bundle.sole_cluster());
        if ctx.exempt(Some(ns)) {
            out.push(Outcome::new(
                Status::NotApplicable,
                resource,
                "exempt namespace (parameter `exempt_namespaces`)",
            ));
            continue;
        }
        let egress_policies: Vec<&Obj<'_>> = policies
            .in_namespace(ns)
            .iter()
            .copied()
            .filter(|p| governs(p, "Egress"))
            .collect();
        if egress_policies.is_empty() {
            out.push(
                Outcome::new(
                    Status::Warn,
                    resource,
                    "no NetworkPolicy restricts egress, so pods can reach 169.254.169.254 unless the node hop limit (EKS-NODE-5) stops them",
                )
                .with_all(ctx.namespace_evidence(ns, "a NetworkPolicy in this namespace restricting egress")),
            );
            continue;
        }
        let mut open = Vec::new();
        for p in &egress_policies {
            for (i, rule) in p
                .get(path!["spec", "egress"])
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                if rule_reaches_imds(rule) {
                    open.push(p.evidence(
                        path!["spec", "egress", i],
                        "no egress to 169.254.169.254/32 (add it to ipBlock.except)",
                    ));
                }
            }
        }
        out.push(if open.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                "no NetworkPolicy allows egress to instance metadata",
            )
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!(
                    "{} egress rule(s) allow traffic to 169.254.169.254 (instance metadata)",
                    open.len()
                ),
            )
            .with_all(open)
        });
    }
    if out.is_empty() {
        out.push(Outcome::new(
            Status::NotApplicable,
            Resource::new("Namespace", "(none)"),
            "no namespaces in the inputs",
        ));
    }
    out
}
