//! Control-plane logging: which log types are on, and how long CloudWatch keeps them.

use super::{cluster_name, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::document::Node;
use crate::finding::{Outcome, Resource, Status};
use crate::path;
use std::collections::BTreeSet;

const ALL_TYPES: [&str; 5] = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

/// The union of `types` over every entry with `enabled: true`, wherever it sits in the list.
fn enabled_types<'a>(cluster: &Obj<'a>) -> BTreeSet<&'a str> {
    cluster
        .get(path!["logging", "clusterLogging"])
        .map_or(&[][..], Node::as_seq)
        .iter()
        .filter(|e| e.get("enabled").and_then(Node::as_bool) == Some(true))
        .flat_map(|e| e.get("types").into_iter().flat_map(Node::strings))
        .collect()
}

fn require_types(ctx: &Ctx<'_>, required: &[&str]) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let enabled = enabled_types(cluster);
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|t| !enabled.contains(t))
            .collect();
        let evidence = cluster.evidence_with(
            path!["logging", "clusterLogging"],
            serde_json::json!(enabled.iter().collect::<Vec<_>>()),
            format!("enabled log types include {}", required.join(", ")),
        );
        if missing.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                format!(
                    "control-plane log types enabled: {}",
                    enabled.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            )
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!(
                    "control-plane log types not enabled: {}",
                    missing.join(", ")
                ),
            )
        }
        .with(evidence)
    })
}

pub fn log_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    require_types(ctx, &["audit", "authenticator"])
}

pub fn log_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    require_types(ctx, &ALL_TYPES)
}

pub fn log_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let min_days = ctx.params.int("min_retention_days").unwrap_or(0);
    ctx.per_cluster(|cluster, resource| {
        let name = cluster_name(cluster);
        let group_name = format!("/aws/eks/{name}/cluster");
        let Some(group) = ctx.all(Kind::LogGroup).iter().find(|g| g.node.str_at("logGroupName") == Some(group_name.as_str())) else {
            return Outcome::new(
                Status::NotAssessed,
                resource,
                format!("not assessed: needs `aws logs describe-log-groups --log-group-name-prefix {group_name}`"),
            );
        };
        log_group_outcome(group, resource, min_days)
    })
}

fn log_group_outcome(group: &Obj<'_>, resource: Resource, min_days: i64) -> Outcome {
    let retention_evidence = group.evidence(
        path!["retentionInDays"],
        format!("absent (never expire) or at least {min_days}"),
    );
    let kms_evidence = group.evidence(path!["kmsKeyId"], "a KMS key ARN");
    match group.get(path!["retentionInDays"]).and_then(Node::as_i64) {
        Some(days) if days < min_days => {
            return Outcome::new(
                Status::Fail,
                resource,
                format!("control-plane logs are kept {days} days, less than {min_days}"),
            )
            .with(retention_evidence)
        }
        _ => {}
    }
    if group.str(path!["kmsKeyId"]).is_none() {
        return Outcome::new(
            Status::Warn,
            resource,
            "log retention meets policy, but the log group is not encrypted with a KMS key",
        )
        .with(retention_evidence)
        .with(kms_evidence);
    }
    Outcome::new(
        Status::Pass,
        resource,
        "control-plane logs are retained long enough and encrypted with a KMS key",
    )
    .with(retention_evidence)
    .with(kms_evidence)
}
