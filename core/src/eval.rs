//! Evaluators: one Rust function per control id, reading the indexed inputs.

// An early `Err(Outcome)` is the idiom for "this resource's verdict is already known"; it is
// built once per resource, so its size does not matter.
#![allow(clippy::result_large_err)]

mod cluster;
mod detection;
mod identity;
mod image_allowlist;
mod logging;
mod namespaces;
mod netpol;
mod network;
mod nodes;
mod pss;
mod rbac;
mod registry;
mod storage;
mod versions;
mod workloads;

use crate::bundle::{Bundle, Obj};
use crate::catalog::{Catalog, Control, Params};
use crate::detect::Kind;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;
use crate::pss::CheckId;

/// What an evaluator sees.
pub struct Ctx<'a> {
    pub bundle: &'a Bundle<'a>,
    pub params: &'a Params,
    pub control: &'a Control,
    /// `YYYY-MM-DD` of the evaluation time.
    pub date: &'a str,
    pub catalog: &'a Catalog,
}

type Evaluator = fn(&Ctx<'_>) -> Vec<Outcome>;

/// The evaluator of a control id; `None` for ids without one.
pub fn evaluator(id: &str) -> Option<Evaluator> {
    Some(match id {
        "EKS-ENC-1" => cluster::enc_1,
        "EKS-ENC-2" => cluster::enc_2,
        "EKS-ENC-3" => cluster::enc_3,
        "EKS-NET-1" => network::net_1,
        "EKS-NET-2" => network::net_2,
        "EKS-NET-3" => network::net_3,
        "EKS-NET-4" => network::net_4,
        "EKS-NET-5" => network::net_5,
        "EKS-LOG-1" => logging::log_1,
        "EKS-LOG-2" => logging::log_2,
        "EKS-LOG-3" => logging::log_3,
        "EKS-VER-1" => versions::ver_1,
        "EKS-VER-2" => versions::ver_2,
        "EKS-VER-3" => versions::ver_3,
        "EKS-RES-1" => cluster::res_1,
        "EKS-IAM-1" => identity::iam_1,
        "EKS-IAM-2" => identity::iam_2,
        "EKS-IAM-3" => identity::iam_3,
        "EKS-IAM-4" => identity::iam_4,
        "EKS-IAM-5" => identity::iam_5,
        "EKS-DET-1" => detection::det_1,
        "EKS-DET-2" => detection::det_2,
        "EKS-ECR-1" => registry::ecr_1,
        "EKS-ECR-2" => registry::ecr_2,
        "EKS-NODE-1" => nodes::node_1,
        "EKS-NODE-2" => nodes::node_2,
        "EKS-NODE-3" => nodes::node_3,
        "EKS-NODE-4" => nodes::node_4,
        "EKS-NODE-5" => nodes::node_5,
        "EKS-NODE-6" => nodes::node_6,
        "EKS-NODE-7" => nodes::node_7,
        "EKS-NODE-8" => nodes::node_8,
        "EKS-NODE-9" => nodes::node_9,
        "K8S-STO-1" => storage::sto_1,
        "K8S-STO-2" => storage::sto_2,
        "K8S-STO-3" => storage::sto_3,
        "K8S-STO-4" => storage::sto_4,
        "K8S-PSA-1" => namespaces::psa_1,
        "K8S-PSA-2" => namespaces::psa_2,
        "K8S-NP-1" => netpol::np_1,
        "K8S-NP-2" => netpol::np_2,
        "K8S-NP-3" => netpol::np_3,
        "K8S-RBAC-1" => rbac::rbac_1,
        "K8S-RBAC-2" => rbac::rbac_2,
        "K8S-RBAC-3" => rbac::rbac_3,
        "K8S-RBAC-4" => rbac::rbac_4,
        "K8S-RBAC-5" => rbac::rbac_5,
        "K8S-RBAC-6" => rbac::rbac_6,
        "K8S-RBAC-7" => rbac::rbac_7,
        "K8S-WL-1" => workloads::wl_1,
        "K8S-WL-2" => workloads::wl_2,
        "K8S-WL-3" => workloads::wl_3,
        "K8S-WL-4" => workloads::wl_4,
        "K8S-WL-5" => workloads::wl_5,
        "K8S-WL-6" => workloads::wl_6,
        "K8S-WL-7" => workloads::wl_7,
        "K8S-SEC-1" => workloads::sec_1,
        "K8S-IAM-1" => workloads::iam_1,
        // The Pod Security Standards controls are one evaluator; the check registry knows
        // which check each control id runs.
        id if CheckId::for_control(id).is_some() => pss::evaluate,
        _ => return None,
    })
}

/// Every control id that has an evaluator (the catalog test checks both directions).
pub fn implemented() -> impl Iterator<Item = &'static str> {
    EVALUATED
        .iter()
        .copied()
        .chain(CheckId::ALL.into_iter().map(CheckId::control))
}

/// The controls with an evaluator of their own (the PSS controls come from the check registry).
const EVALUATED: &[&str] = &[
    "EKS-ENC-1",
    "EKS-ENC-2",
    "EKS-ENC-3",
    "EKS-NET-1",
    "EKS-NET-2",
    "EKS-NET-3",
    "EKS-NET-4",
    "EKS-NET-5",
    "EKS-LOG-1",
    "EKS-LOG-2",
    "EKS-LOG-3",
    "EKS-VER-1",
    "EKS-VER-2",
    "EKS-VER-3",
    "EKS-RES-1",
    "EKS-IAM-1",
    "EKS-IAM-2",
    "EKS-IAM-3",
    "EKS-IAM-4",
    "EKS-IAM-5",
    "EKS-DET-1",
    "EKS-DET-2",
    "EKS-ECR-1",
    "EKS-ECR-2",
    "EKS-NODE-1",
    "EKS-NODE-2",
    "EKS-NODE-3",
    "EKS-NODE-4",
    "EKS-NODE-5",
    "EKS-NODE-6",
    "EKS-NODE-7",
    "EKS-NODE-8",
    "EKS-NODE-9",
    "K8S-STO-1",
    "K8S-STO-2",
    "K8S-STO-3",
    "K8S-STO-4",
    "K8S-PSA-1",
    "K8S-PSA-2",
    "K8S-NP-1",
    "K8S-NP-2",
    "K8S-NP-3",
    "K8S-RBAC-1",
    "K8S-RBAC-2",
    "K8S-RBAC-3",
    "K8S-RBAC-4",
    "K8S-RBAC-5",
    "K8S-RBAC-6",
    "K8S-RBAC-7",
    "K8S-WL-1",
    "K8S-WL-2",
    "K8S-WL-3",
    "K8S-WL-4",
    "K8S-WL-5",
    "K8S-WL-6",
    "K8S-WL-7",
    "K8S-SEC-1",
    "K8S-IAM-1",
];

/// Runs the evaluator of `id`; a control without one is reported as `error`, not skipped.
pub fn run(id: &str, ctx: &Ctx<'_>) -> Vec<Outcome> {
    match evaluator(id) {
        Some(evaluate) => evaluate(ctx),
        None => vec![Outcome::new(
            Status::Error,
            Resource::new("Control", id),
            "this build has no evaluator for the control",
        )],
    }
}

impl<'a> Ctx<'a> {
    pub fn all(&self, kind: Kind) -> &'a [Obj<'a>] {
        self.bundle.all(kind)
    }

    pub fn clusters(&self) -> &'a [Obj<'a>] {
        self.all(Kind::EksCluster)
    }

    /// Objects of `kind` that belong to `cluster`: those naming it in `clusterName`, and those
    /// naming no cluster when the scan holds only one cluster.
    pub fn for_cluster(&self, kind: Kind, cluster: &str) -> Vec<&'a Obj<'a>> {
        let sole = self.bundle.sole_cluster();
        self.all(kind)
            .iter()
            .filter(|o| match o.node.str_at("clusterName") {
                Some(name) => name == cluster,
                None => sole.is_none_or(|s| s == cluster),
            })
            .collect()
    }

    /// The add-on export named `name` for `cluster`.
    pub fn addon(&self, cluster: &str, name: &str) -> Option<&'a Obj<'a>> {
        self.for_cluster(Kind::EksAddon, cluster)
            .into_iter()
            .find(|a| a.node.str_at("addonName") == Some(name))
    }

    /// The outcome every cluster-level control gives when no `describe-cluster` was supplied.
    pub fn no_cluster(&self) -> Vec<Outcome> {
        vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("AWS::EKS::Cluster", "(none supplied)"),
            "not assessed: no `aws eks describe-cluster` export was supplied",
        )]
    }

    /// Runs `check` on every cluster, or reports that none was supplied.
    pub fn per_cluster(&self, check: impl Fn(&'a Obj<'a>, Resource) -> Outcome) -> Vec<Outcome> {
        if self.clusters().is_empty() {
            return self.no_cluster();
        }
        self.clusters()
            .iter()
            .map(|c| check(c, cluster_resource(c)))
            .collect()
    }
}

pub fn cluster_name<'a>(cluster: &Obj<'a>) -> &'a str {
    cluster.node.str_at("name").unwrap_or("(unnamed)")
}

pub fn cluster_resource(cluster: &Obj<'_>) -> Resource {
    let name = cluster_name(cluster);
    Resource::new("AWS::EKS::Cluster", name).in_cluster(Some(name))
}

/// A Kubernetes object's resource, attributed to the scan's only cluster when there is one.
pub fn k8s_resource(ctx: &Ctx<'_>, obj: &Obj<'_>) -> Resource {
    match &obj.resource {
        Some(resource) => resource.clone(),
        None => obj.k8s_resource().in_cluster(ctx.bundle.sole_cluster()),
    }
}

/// `major.minor` as numbers, so `1.9 < 1.10`.
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches('v');
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// A version field that may be written as a string (`"1.33"`) or a YAML number (`1.33`).
pub fn version_of(node: Option<&crate::document::Node>) -> Option<(u32, u32)> {
    let node = node?;
    match node.as_str() {
        Some(s) => parse_version(s),
        None => node.as_f64().and_then(|n| parse_version(&format!("{n}"))),
    }
}

impl<'a> Ctx<'a> {
    /// Whether `namespace` is exempt by the control's `exempt_namespaces` parameter.
    pub fn exempt(&self, namespace: Option<&str>) -> bool {
        let ns = namespace.unwrap_or("default");
        self.params
            .each_string("exempt_namespaces")
            .any(|p| crate::config::glob(p, ns))
    }

    /// Where a namespace shows in the inputs: its Namespace object's name, else the
    /// `metadata.namespace` of the first object in it. Evidence for findings about what a
    /// namespace lacks (a policy, a label), which have no field of their own to point at.
    pub fn namespace_evidence(
        &self,
        namespace: &str,
        expected: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Option<Evidence> {
        let expected = expected.into();
        if let Some(ns) = self.bundle.k8s_get("Namespace", None, namespace) {
            return Some(ns.evidence(path!["metadata", "name"], expected));
        }
        self.bundle
            .first_in_namespace(namespace)
            .map(|o| o.evidence(path!["metadata", "namespace"], expected))
    }

    /// Every namespace the inputs mention: Namespace objects and namespaces of other objects.
    pub fn namespaces(&self) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = self
            .bundle
            .k8s("Namespace")
            .map(|n| n.k8s_name())
            .chain(
                self.all(Kind::Kubernetes)
                    .iter()
                    .filter_map(|o| o.k8s_namespace()),
            )
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The outcome of a Kubernetes control when no Kubernetes object was supplied.
    pub fn no_k8s(&self, what: &str) -> Vec<Outcome> {
        vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("Kubernetes", "(none supplied)"),
            format!("not assessed: needs {what}"),
        )]
    }
}
