//! Namespace policy labels: which Pod Security Standard each namespace enforces.

use super::{k8s_resource, parse_version, version_of, Ctx};
use crate::finding::{Outcome, Status};
use crate::path;

const ENFORCE: &str = "pod-security.kubernetes.io/enforce";
const ENFORCE_VERSION: &str = "pod-security.kubernetes.io/enforce-version";

pub fn psa_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's Namespaces (`kubectl get ns -o yaml`)");
    }
    let cluster_version = ctx
        .clusters()
        .first()
        .and_then(|c| version_of(c.get(path!["version"])));
    let namespaces: Vec<_> = ctx.bundle.k8s("Namespace").collect();
    if namespaces.is_empty() {
        return ctx.no_k8s("the Namespace objects (`kubectl get ns -o yaml`)");
    }
    namespaces
        .into_iter()
        .map(|ns| {
            let resource = k8s_resource(ctx, ns);
            let label = path!["metadata", "labels", ENFORCE];
            let evidence = ns.evidence(label, "baseline or restricted");
            if ctx.exempt(Some(ns.k8s_name())) {
                return Outcome::new(Status::NotApplicable, resource, "exempt namespace (parameter `exempt_namespaces`)").with(evidence);
            }
            match ns.str(label) {
                None => Outcome::new(Status::Fail, resource, format!("no Pod Security Standard is enforced: label the namespace `{ENFORCE}=baseline` (or restricted)")).with(evidence),
                Some("privileged") => Outcome::new(Status::Fail, resource, "the namespace enforces `privileged`, which allows everything").with(evidence),
                Some(level @ ("baseline" | "restricted")) => {
                    let pinned = ns.str(path!["metadata", "labels", ENFORCE_VERSION]);
                    let old = match (pinned.filter(|v| *v != "latest").and_then(parse_version), cluster_version) {
                        (Some(p), Some(c)) if p < c => Some(p),
                        _ => None,
                    };
                    match old {
                        Some((major, minor)) => Outcome::new(
                            Status::Warn,
                            resource,
                            format!("enforces `{level}` pinned to v{major}.{minor}, older than the cluster: newer checks are not applied"),
                        )
                        .with(evidence)
                        .with(ns.evidence(path!["metadata", "labels", ENFORCE_VERSION], "latest or the cluster's version")),
                        None => Outcome::new(Status::Pass, resource, format!("enforces the `{level}` Pod Security Standard")).with(evidence),
                    }
                }
                Some(other) => Outcome::new(Status::Fail, resource, format!("`{other}` is not a Pod Security Standard level")).with(evidence),
            }
        })
        .collect()
}

pub fn psa_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let regulated = ctx.params.strings("regulated_namespaces");
    if regulated.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            crate::finding::Resource::new("Namespace", "(none configured)"),
            "no regulated namespaces configured (parameter `regulated_namespaces`)",
        )];
    }
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the regulated Namespaces (`kubectl get ns -o yaml`)");
    }
    regulated
        .iter()
        .map(|name| {
            let Some(ns) = ctx.bundle.k8s_get("Namespace", None, name) else {
                return Outcome::new(
                    Status::NotAssessed,
                    crate::finding::Resource::new("Namespace", *name).in_cluster(ctx.bundle.sole_cluster()),
                    format!("not assessed: regulated namespace `{name}` was not among the supplied Namespaces"),
                );
            };
            let label = path!["metadata", "labels", ENFORCE];
            let evidence = ns.evidence(label, "restricted");
            match ns.str(label) {
                Some("restricted") => Outcome::new(Status::Pass, k8s_resource(ctx, ns), "the regulated namespace enforces `restricted`"),
                other => Outcome::new(
                    Status::Fail,
                    k8s_resource(ctx, ns),
                    format!("the regulated namespace enforces `{}`, not `restricted`", other.unwrap_or("nothing")),
                ),
            }
            .with(evidence)
        })
        .collect()
}
