//! Control-plane encryption (ENC) and deletion protection (RES).

use super::{cluster_name, version_of, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::finding::{Outcome, Resource, Severity, Status};
use crate::path;

/// The KMS key ARN that envelope-encrypts secrets, and the entry's index.
fn secrets_key<'a>(cluster: &Obj<'a>) -> Option<(usize, &'a str)> {
    cluster
        .get(path!["encryptionConfig"])?
        .as_seq()
        .iter()
        .enumerate()
        .find_map(|(i, entry)| {
            let covers_secrets = entry
                .get("resources")
                .is_some_and(|r| r.strings().any(|s| s == "secrets"));
            let key = entry
                .get("provider")
                .and_then(|p| p.str_at("keyArn"))
                .filter(|k| !k.trim().is_empty());
            key.filter(|_| covers_secrets).map(|k| (i, k))
        })
}

pub fn enc_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        if let Some((i, key)) = secrets_key(cluster) {
            return Outcome::new(
                Status::Pass,
                resource,
                format!("secrets are envelope-encrypted with KMS key `{key}`"),
            )
            .with(cluster.evidence(
                path!["encryptionConfig", i, "provider", "keyArn"],
                "a customer-managed KMS key ARN for `secrets`",
            ));
        }
        let evidence = cluster.evidence(
            path!["encryptionConfig"],
            "an entry with resources [\"secrets\"] and provider.keyArn",
        );
        let default_encrypted = version_of(cluster.get(path!["version"])).is_some_and(|v| v >= (1, 28));
        if ctx.params.bool("accept_aws_owned_key") && default_encrypted {
            return Outcome::new(
                Status::Warn,
                resource,
                "secrets rely on the AWS-owned default key of EKS 1.28+ (accepted by parameter `accept_aws_owned_key`); no customer-managed key is configured",
            )
            .with(evidence)
            .severity(Severity::Low);
        }
        let note = if default_encrypted {
            " (the AWS-owned default key of EKS 1.28+ is not a customer-managed key)"
        } else {
            ""
        };
        Outcome::new(
            Status::Fail,
            resource,
            format!("secrets are not envelope-encrypted with a customer-managed KMS key{note}: associate one with `aws eks associate-encryption-config`"),
        )
        .with(evidence)
    })
}

pub fn enc_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let approved = ctx.params.strings("approved_kms_key_arns");
    ctx.per_cluster(|cluster, resource| {
        if approved.is_empty() {
            return Outcome::new(
                Status::NotApplicable,
                resource,
                "no approved KMS keys configured (parameter `approved_kms_key_arns`)",
            );
        }
        let expected = format!("one of {}", approved.join(", "));
        match secrets_key(cluster) {
            Some((i, key)) if approved.contains(&key) => Outcome::new(
                Status::Pass,
                resource,
                format!("secrets KMS key `{key}` is on the approved list"),
            )
            .with(cluster.evidence(path!["encryptionConfig", i, "provider", "keyArn"], expected)),
            Some((i, key)) => Outcome::new(
                Status::Fail,
                resource,
                format!("secrets KMS key `{key}` is not on the approved list"),
            )
            .with(cluster.evidence(path!["encryptionConfig", i, "provider", "keyArn"], expected)),
            None => Outcome::new(
                Status::Fail,
                resource,
                "no customer-managed KMS key encrypts secrets, so none is approved",
            )
            .with(cluster.evidence(path!["encryptionConfig"], expected)),
        }
    })
}

/// Whether a KMS export describes `key_arn` (exports may carry the ARN or the bare key id).
fn same_key(key_arn: &str, candidate: Option<&str>) -> bool {
    candidate.is_some_and(|c| c == key_arn || key_arn.ends_with(&format!("key/{c}")))
}

pub fn enc_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let Some((_, key)) = secrets_key(cluster) else {
            return Outcome::new(
                Status::NotApplicable,
                resource,
                "no customer-managed key encrypts secrets (see EKS-ENC-1)",
            );
        };
        let metadata = ctx.all(Kind::KmsKey).iter().find(|k| {
            same_key(key, k.node.str_at("Arn")) || same_key(key, k.node.str_at("KeyId"))
        });
        let rotation = ctx
            .all(Kind::KmsKeyRotation)
            .iter()
            .find(|r| same_key(key, r.node.str_at("KeyId")))
            .or_else(|| {
                // Older CLI versions print only `KeyRotationEnabled`: usable when it is the only one.
                let all = ctx.all(Kind::KmsKeyRotation);
                (all.len() == 1).then(|| all.first()).flatten().filter(|r| r.node.str_at("KeyId").is_none())
            });
        let mut problems = Vec::new();
        let mut evidence = Vec::new();
        if let Some(m) = metadata {
            let manager = m.str(path!["KeyManager"]);
            evidence.push(m.evidence(path!["KeyManager"], "CUSTOMER"));
            if manager != Some("CUSTOMER") {
                problems.push(format!("key manager is `{}`, not CUSTOMER", manager.unwrap_or("unknown")));
            }
            let state = m.str(path!["KeyState"]);
            evidence.push(m.evidence(path!["KeyState"], "Enabled"));
            if state != Some("Enabled") {
                problems.push(format!("key state is `{}`", state.unwrap_or("unknown")));
            }
        }
        if let Some(r) = rotation {
            evidence.push(r.evidence(path!["KeyRotationEnabled"], "true"));
            if r.get(path!["KeyRotationEnabled"]).and_then(|n| n.as_bool()) != Some(true) {
                problems.push("automatic key rotation is off".into());
            }
        }
        if !problems.is_empty() {
            return Outcome::new(Status::Fail, resource, format!("secrets KMS key `{key}`: {}", problems.join("; ")))
                .with_all(evidence);
        }
        match (metadata, rotation) {
            (Some(_), Some(_)) => Outcome::new(
                Status::Pass,
                resource,
                format!("secrets KMS key `{key}` is customer-managed, enabled and rotated"),
            )
            .with_all(evidence),
            _ => Outcome::new(
                Status::NotAssessed,
                resource,
                format!(
                    "not assessed: needs `aws kms describe-key` and `aws kms get-key-rotation-status` for `{key}` ({} missing)",
                    match (metadata, rotation) {
                        (None, None) => "both",
                        (None, _) => "describe-key",
                        _ => "get-key-rotation-status",
                    }
                ),
            )
            .with_all(evidence),
        }
    })
}

pub fn res_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource: Resource| {
        let evidence = cluster.evidence(path!["deletionProtection"], "true");
        match cluster.get(path!["deletionProtection"]).and_then(|n| n.as_bool()) {
            Some(true) => Outcome::new(Status::Pass, resource, "deletion protection is on").with(evidence),
            Some(false) => Outcome::new(
                Status::Fail,
                resource,
                format!("deletion protection is off: `aws eks update-cluster-config --name {} --deletion-protection`", cluster_name(cluster)),
            )
            .with(evidence),
            None => Outcome::new(
                Status::NotAssessed,
                resource,
                "not assessed: the export has no `deletionProtection` field (exported with an older AWS CLI?)",
            )
            .with(evidence),
        }
    })
}
