//! Kubernetes version support: the cluster's own, and node groups against it.

use super::{cluster_name, parse_version, version_of, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::finding::{Outcome, Resource, Status};
use crate::path;

/// Where a version's support status came from.
enum Support<'a> {
    /// `describe-cluster-versions` said so (authoritative).
    Exported {
        status: &'a str,
        entry: &'a Obj<'a>,
    },
    /// The bundled calendar, compared with the evaluation date.
    Calendar {
        status: &'static str,
        until: String,
    },
    Unknown,
}

fn calendar<'c>(ctx: &'c Ctx<'_>) -> Vec<&'c serde_json::Value> {
    ctx.catalog
        .data
        .get("eks-versions")
        .and_then(|d| d.get("versions"))
        .and_then(serde_json::Value::as_array)
        .map(|v| v.iter().collect())
        .unwrap_or_default()
}

fn field<'v>(entry: &'v serde_json::Value, name: &str) -> &'v str {
    entry
        .get(name)
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

fn support<'a>(ctx: &'a Ctx<'a>, version: (u32, u32)) -> Support<'a> {
    let exported = ctx
        .all(Kind::EksClusterVersion)
        .iter()
        .find(|e| e.node.str_at("clusterVersion").and_then(parse_version) == Some(version));
    if let Some(entry) = exported {
        if let Some(status) = entry.node.str_at("versionStatus") {
            return Support::Exported { status, entry };
        }
    }
    let row = calendar(ctx)
        .into_iter()
        .find(|v| parse_version(field(v, "version")) == Some(version));
    let Some(row) = row else {
        return Support::Unknown;
    };
    let standard = field(row, "end_of_standard_support");
    let extended = field(row, "end_of_extended_support");
    if ctx.date <= standard {
        Support::Calendar {
            status: "STANDARD_SUPPORT",
            until: standard.to_string(),
        }
    } else if ctx.date <= extended {
        Support::Calendar {
            status: "EXTENDED_SUPPORT",
            until: extended.to_string(),
        }
    } else {
        Support::Calendar {
            status: "UNSUPPORTED",
            until: extended.to_string(),
        }
    }
}

fn cluster_version(cluster: &Obj<'_>) -> Option<(u32, u32)> {
    version_of(cluster.get(path!["version"]))
}

fn show((major, minor): (u32, u32)) -> String {
    format!("{major}.{minor}")
}

pub fn ver_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let oldest = ctx.params.str("oldest_supported").and_then(parse_version);
    ctx.per_cluster(|cluster, resource| {
        let evidence = cluster.evidence(path!["version"], "a version in standard or extended support");
        let Some(version) = cluster_version(cluster) else {
            return Outcome::new(Status::NotAssessed, resource, "not assessed: the export has no readable `version`").with(evidence);
        };
        let v = show(version);
        match support(ctx, version) {
            Support::Exported { status, entry } => {
                let status_evidence = entry.evidence(path!["versionStatus"], "STANDARD_SUPPORT or EXTENDED_SUPPORT");
                if status == "UNSUPPORTED" {
                    Outcome::new(Status::Fail, resource, format!("Kubernetes {v} is no longer supported by EKS (describe-cluster-versions: UNSUPPORTED)"))
                } else {
                    Outcome::new(Status::Pass, resource, format!("Kubernetes {v} is supported ({status})"))
                }
                .with(evidence)
                .with(status_evidence)
            }
            Support::Calendar { status: "UNSUPPORTED", until } => Outcome::new(
                Status::Fail,
                resource,
                format!("Kubernetes {v} left EKS extended support on {until} (bundled EKS version calendar)"),
            )
            .with(evidence),
            Support::Calendar { status, until } => Outcome::new(
                Status::Pass,
                resource,
                format!("Kubernetes {v} is supported until {until} ({status}, bundled EKS version calendar)"),
            )
            .with(evidence),
            Support::Unknown => match oldest {
                Some(o) if version < o => Outcome::new(Status::Fail, resource, format!("Kubernetes {v} is older than the oldest supported version {}", show(o))).with(evidence),
                Some(o) => Outcome::new(Status::Pass, resource, format!("Kubernetes {v} is not older than {} (parameter `oldest_supported`)", show(o))).with(evidence),
                None => Outcome::new(
                    Status::NotAssessed,
                    resource,
                    format!("not assessed: Kubernetes {v} is not in the bundled calendar; supply `aws eks describe-cluster-versions` or set `oldest_supported`"),
                )
                .with(evidence),
            },
        }
    })
}

/// The oldest version still in standard support, from the export or the calendar.
fn oldest_standard(ctx: &Ctx<'_>) -> Option<(u32, u32)> {
    let exported = ctx
        .all(Kind::EksClusterVersion)
        .iter()
        .filter(|e| e.node.str_at("versionStatus") == Some("STANDARD_SUPPORT"))
        .filter_map(|e| e.node.str_at("clusterVersion").and_then(parse_version))
        .min();
    if ctx.bundle.has(Kind::EksClusterVersion) {
        return exported;
    }
    calendar(ctx)
        .into_iter()
        .filter(|row| {
            ctx.date <= field(row, "end_of_standard_support") && field(row, "release") <= ctx.date
        })
        .filter_map(|row| parse_version(field(row, "version")))
        .min()
}

pub fn ver_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let oldest = oldest_standard(ctx);
    ctx.per_cluster(|cluster, resource| {
        let evidence = cluster.evidence(path!["version"], "a version in standard support, newer than the oldest one");
        let Some(version) = cluster_version(cluster) else {
            return Outcome::new(Status::NotAssessed, resource, "not assessed: the export has no readable `version`").with(evidence);
        };
        let v = show(version);
        let extended_note = if cluster.str(path!["upgradePolicy", "supportType"]) == Some("EXTENDED") {
            " (upgradePolicy.supportType is EXTENDED: the cluster will move into paid extended support when standard support ends)"
        } else {
            ""
        };
        let status = match support(ctx, version) {
            Support::Exported { status, .. } => status,
            Support::Calendar { status, .. } => status,
            Support::Unknown => {
                return Outcome::new(Status::NotAssessed, resource, format!("not assessed: the support status of Kubernetes {v} is unknown; supply `aws eks describe-cluster-versions`")).with(evidence)
            }
        };
        match status {
            "STANDARD_SUPPORT" if oldest == Some(version) => Outcome::new(
                Status::Warn,
                resource,
                format!("Kubernetes {v} is the oldest version in standard support: plan the upgrade{extended_note}"),
            ),
            "STANDARD_SUPPORT" => Outcome::new(Status::Pass, resource, format!("Kubernetes {v} is in standard support{extended_note}")),
            other => Outcome::new(
                Status::Fail,
                resource,
                format!("Kubernetes {v} is out of standard support ({other}){extended_note}"),
            ),
        }
        .with(evidence)
    })
}

pub fn ver_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let max_skew = ctx.params.int("max_minor_skew").unwrap_or(0);
    if ctx.clusters().is_empty() {
        return ctx.no_cluster();
    }
    let mut out = Vec::new();
    for cluster in ctx.clusters() {
        let name = cluster_name(cluster);
        let groups = ctx.for_cluster(Kind::EksNodegroup, name);
        if groups.is_empty() {
            out.push(Outcome::new(
                Status::NotAssessed,
                super::cluster_resource(cluster),
                "not assessed: no `aws eks describe-nodegroup` export for this cluster",
            ));
            continue;
        }
        let Some(control_plane) = cluster_version(cluster) else {
            continue;
        };
        for group in groups {
            let resource = nodegroup_resource(group);
            let evidence = group.evidence(
                path!["version"],
                format!(
                    "{} (control plane), at most {max_skew} minor behind",
                    show(control_plane)
                ),
            );
            let outcome = match version_of(group.get(path!["version"])) {
                None => Outcome::new(
                    Status::NotAssessed,
                    resource,
                    "not assessed: the node group export has no readable `version`",
                ),
                Some(v) => {
                    let skew = i64::from(control_plane.1) - i64::from(v.1);
                    if v.0 != control_plane.0 || skew > max_skew || skew < 0 {
                        Outcome::new(
                            Status::Fail,
                            resource,
                            format!(
                                "node group runs Kubernetes {} while the control plane runs {}",
                                show(v),
                                show(control_plane)
                            ),
                        )
                    } else {
                        Outcome::new(
                            Status::Pass,
                            resource,
                            format!(
                                "node group runs Kubernetes {} (control plane {})",
                                show(v),
                                show(control_plane)
                            ),
                        )
                    }
                }
            };
            out.push(outcome.with(evidence));
        }
    }
    out
}

pub fn nodegroup_resource(group: &Obj<'_>) -> Resource {
    Resource::new(
        "AWS::EKS::Nodegroup",
        group.node.str_at("nodegroupName").unwrap_or("(unnamed)"),
    )
    .in_cluster(group.node.str_at("clusterName"))
}
