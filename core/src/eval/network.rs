//! Cluster networking: API endpoint exposure, network-policy enforcement, security groups for pods.

use super::Ctx;
use crate::cidr::Cidr;
use crate::document::Node;
use crate::finding::{Outcome, Status};
use crate::path;

fn public_access(cluster: &crate::bundle::Obj<'_>) -> Option<bool> {
    cluster
        .get(path!["resourcesVpcConfig", "endpointPublicAccess"])
        .and_then(Node::as_bool)
}

pub fn net_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let evidence = cluster.evidence(path!["resourcesVpcConfig", "endpointPublicAccess"], "false");
        match public_access(cluster) {
            Some(false) => Outcome::new(Status::Pass, resource, "the API server has no public endpoint"),
            Some(true) => Outcome::new(
                Status::Fail,
                resource,
                "the API server endpoint is reachable from the internet: set endpointPublicAccess=false (with endpointPrivateAccess=true)",
            ),
            None => Outcome::new(
                Status::NotAssessed,
                resource,
                "not assessed: `resourcesVpcConfig.endpointPublicAccess` is missing from the export",
            ),
        }
        .with(evidence)
    })
}

pub fn net_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let min_prefix = ctx.params.int("min_prefix_len").unwrap_or(0);
    let allowed: Vec<(String, Option<Cidr>)> = ctx
        .params
        .strings("allowed_public_cidrs")
        .into_iter()
        .map(|s| (s.to_string(), Cidr::parse(s)))
        .collect();
    ctx.per_cluster(|cluster, resource| {
        match public_access(cluster) {
            Some(false) => {
                // The API still returns the default 0.0.0.0/0 here; it means nothing.
                return Outcome::new(
                    Status::NotApplicable,
                    resource,
                    "the public endpoint is off, so its CIDR list (still returned by the API) does not apply",
                )
                .with(cluster.evidence(path!["resourcesVpcConfig", "endpointPublicAccess"], "false, or a restricted CIDR list"));
            }
            None => {
                return Outcome::new(
                    Status::NotAssessed,
                    resource,
                    "not assessed: `resourcesVpcConfig.endpointPublicAccess` is missing from the export",
                )
            }
            Some(true) => {}
        }
        let list = cluster.get(path!["resourcesVpcConfig", "publicAccessCidrs"]);
        let cidrs: Vec<(usize, &str)> = list.map_or(&[][..], Node::as_seq).iter().enumerate().filter_map(|(i, n)| n.as_str().map(|s| (i, s))).collect();
        let expected = if allowed.is_empty() {
            format!("CIDRs no wider than /{min_prefix}, never 0.0.0.0/0 or ::/0")
        } else {
            format!("CIDRs inside {} and no wider than /{min_prefix}", allowed.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(", "))
        };
        if cidrs.is_empty() {
            return Outcome::new(
                Status::Fail,
                resource,
                "the public endpoint is on with no CIDR restriction (the default is 0.0.0.0/0)",
            )
            .with(cluster.evidence(path!["resourcesVpcConfig", "publicAccessCidrs"], expected));
        }
        let mut problems = Vec::new();
        let mut evidence = Vec::new();
        for (i, text) in &cidrs {
            let problem = match Cidr::parse(text) {
                None => Some(format!("`{text}` is not a CIDR block")),
                Some(c) if c.is_everything() => Some(format!("`{text}` is the whole internet")),
                Some(c) if i64::from(c.prefix()) < min_prefix => Some(format!("`{text}` is wider than /{min_prefix}")),
                Some(c) if !allowed.is_empty() && !allowed.iter().any(|(_, a)| a.is_some_and(|a| a.contains(&c))) => {
                    Some(format!("`{text}` is not inside the allowed ranges"))
                }
                Some(_) => None,
            };
            if let Some(p) = problem {
                problems.push(p);
                evidence.push(cluster.evidence(path!["resourcesVpcConfig", "publicAccessCidrs", *i], expected.clone()));
            }
        }
        if problems.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                format!("the public endpoint is restricted to {}", cidrs.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(", ")),
            )
            .with(cluster.evidence(path!["resourcesVpcConfig", "publicAccessCidrs"], expected))
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("the public API endpoint is too open: {}", problems.join("; ")),
            )
            .with_all(evidence)
        }
    })
}

pub fn net_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let evidence = cluster.evidence(path!["resourcesVpcConfig", "endpointPrivateAccess"], "true");
        match cluster.get(path!["resourcesVpcConfig", "endpointPrivateAccess"]).and_then(Node::as_bool) {
            Some(true) => Outcome::new(Status::Pass, resource, "private endpoint access is enabled"),
            _ => Outcome::new(
                Status::Fail,
                resource,
                "private endpoint access is disabled: nodes and admins reach the API over the public endpoint",
            ),
        }
        .with(evidence)
    })
}

/// The vpc-cni add-on's `configurationValues`, a JSON (or YAML) document held in a string.
fn cni_configuration(addon: &crate::bundle::Obj<'_>) -> Option<serde_json::Value> {
    let text = addon.str(path!["configurationValues"])?;
    if text.trim().is_empty() {
        return None;
    }
    let parsed = crate::source::parse_file(
        &crate::source::InputFile::new("configurationValues", text.as_bytes()),
        &crate::source::Limits::default(),
    );
    parsed.documents.first().map(Node::to_json)
}

fn truthy(value: Option<&serde_json::Value>) -> bool {
    match value {
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        Some(serde_json::Value::Bool(b)) => *b,
        _ => false,
    }
}

const ENFORCING_CNI: &[&str] = &["calico-node", "cilium"];

pub fn net_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let name = super::cluster_name(cluster);
        let addon = ctx.addon(name, "vpc-cni");
        if let Some(addon) = addon {
            let config = cni_configuration(addon);
            if truthy(config.as_ref().and_then(|c| c.get("enableNetworkPolicy"))) {
                return Outcome::new(Status::Pass, resource, "the vpc-cni add-on enforces NetworkPolicies (enableNetworkPolicy=\"true\")")
                    .with(addon.evidence_with(path!["configurationValues"], config.unwrap_or_default(), "{\"enableNetworkPolicy\": \"true\"}"));
            }
        }
        let daemonsets: Vec<_> = ctx.bundle.k8s("DaemonSet").collect();
        if let Some(ds) = daemonsets.iter().find(|d| ENFORCING_CNI.contains(&d.k8s_name())) {
            return Outcome::new(
                Status::Pass,
                resource,
                format!("a policy-enforcing CNI runs: DaemonSet `{}`", ds.k8s_name()),
            )
            .with(ds.evidence(path!["metadata", "name"], "calico-node or cilium"));
        }
        match addon {
            Some(addon) => Outcome::new(
                Status::Fail,
                resource,
                "NetworkPolicies are not enforced: the vpc-cni add-on does not set enableNetworkPolicy=\"true\" and no Calico or Cilium DaemonSet was found",
            )
            .with(addon.evidence_with(path!["configurationValues"], cni_configuration(addon).unwrap_or_default(), "{\"enableNetworkPolicy\": \"true\"}")),
            None if !daemonsets.is_empty() => Outcome::new(
                Status::Fail,
                resource,
                "NetworkPolicies are not enforced: no Calico or Cilium DaemonSet among the supplied DaemonSets, and no vpc-cni add-on export",
            )
            .with_all(daemonsets.iter().map(|d| d.evidence(path!["metadata", "name"], "calico-node or cilium"))),
            None => Outcome::new(
                Status::Manual,
                resource,
                "needs `aws eks describe-addon --addon-name vpc-cni` or the cluster's DaemonSets to decide whether NetworkPolicies are enforced",
            ),
        }
    })
}

pub fn net_5(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let regulated = ctx.params.strings("regulated_namespaces");
    ctx.per_cluster(|cluster, resource| {
        if regulated.is_empty() {
            return Outcome::new(
                Status::NotApplicable,
                resource,
                "no regulated namespaces configured (parameter `regulated_namespaces`)",
            );
        }
        let name = super::cluster_name(cluster);
        let Some(addon) = ctx.addon(name, "vpc-cni") else {
            return Outcome::new(
                Status::NotAssessed,
                resource,
                "not assessed: needs `aws eks describe-addon --addon-name vpc-cni` to see ENABLE_POD_ENI",
            );
        };
        let config = cni_configuration(addon);
        let pod_eni = truthy(config.as_ref().and_then(|c| c.get("env")).and_then(|e| e.get("ENABLE_POD_ENI")));
        let policies: Vec<_> = ctx.bundle.k8s("SecurityGroupPolicy").collect();
        let uncovered: Vec<&str> = regulated
            .iter()
            .copied()
            .filter(|ns| !policies.iter().any(|p| p.k8s_namespace() == Some(ns)))
            .collect();
        let evidence = addon.evidence_with(path!["configurationValues"], config.clone().unwrap_or_default(), "{\"env\": {\"ENABLE_POD_ENI\": \"true\"}}");
        if pod_eni && uncovered.is_empty() {
            Outcome::new(Status::Pass, resource, format!("security groups for pods are enabled and every regulated namespace ({}) has a SecurityGroupPolicy", regulated.join(", "))).with(evidence)
        } else {
            let mut problems = Vec::new();
            if !pod_eni {
                problems.push("ENABLE_POD_ENI is not \"true\" on the vpc-cni add-on".to_string());
            }
            if !uncovered.is_empty() {
                problems.push(format!("no SecurityGroupPolicy in {}", uncovered.join(", ")));
            }
            Outcome::new(Status::Fail, resource, problems.join("; ")).with(evidence)
        }
    })
}
