//! Storage: EBS volumes provisioned through StorageClasses must be encrypted.

use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::document::Node;
use crate::finding::{Outcome, Resource, Status};
use crate::path;

pub const EBS_PROVISIONERS: [&str; 3] = [
    "ebs.csi.aws.com",
    "ebs.csi.eks.amazonaws.com",
    "kubernetes.io/aws-ebs",
];

/// The account-level EBS default encryption, when exported.
pub fn ebs_default<'a>(ctx: &Ctx<'a>) -> Option<(&'a Obj<'a>, bool)> {
    let export = ctx.all(Kind::Ec2EbsEncryptionByDefault).first()?;
    Some((
        export,
        export
            .get(path!["EbsEncryptionByDefault"])
            .and_then(Node::as_bool)?,
    ))
}

pub fn sto_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("StorageClass", "(none supplied)"),
            "not assessed: needs the cluster's StorageClasses (`kubectl get storageclass,pv -o yaml`)",
        )];
    }
    let account_default = ebs_default(ctx).filter(|(_, on)| *on);
    let classes: Vec<&Obj<'_>> = ctx
        .bundle
        .k8s("StorageClass")
        .filter(|sc| {
            sc.node
                .str_at("provisioner")
                .is_some_and(|p| EBS_PROVISIONERS.contains(&p))
        })
        .collect();
    if classes.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("StorageClass", "(none)").in_cluster(ctx.bundle.sole_cluster()),
            "no StorageClass provisions EBS volumes",
        )];
    }
    let mut out = Vec::new();
    let mut failing = Vec::new();
    for sc in &classes {
        let resource = k8s_resource(ctx, sc);
        let evidence = sc.evidence(path!["parameters", "encrypted"], "\"true\"");
        let encrypted = sc
            .str(path!["parameters", "encrypted"])
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        out.push(if encrypted {
            Outcome::new(Status::Pass, resource, "volumes of this StorageClass are encrypted").with(evidence)
        } else if let Some((export, _)) = account_default {
            Outcome::new(
                Status::Pass,
                resource,
                "the StorageClass does not set encrypted: \"true\", but EBS encryption by default is on for the account",
            )
            .with(evidence)
            .with(export.evidence(path!["EbsEncryptionByDefault"], "true"))
        } else {
            failing.push(sc.k8s_name());
            Outcome::new(Status::Fail, resource, "volumes of this StorageClass are not encrypted: set parameters.encrypted: \"true\"").with(evidence)
        });
    }
    for pv in ctx.bundle.k8s("PersistentVolume") {
        let Some(class) = pv.str(path!["spec", "storageClassName"]) else {
            continue;
        };
        if failing.contains(&class) {
            out.push(
                Outcome::new(Status::Fail, k8s_resource(ctx, pv), format!("the volume was provisioned by StorageClass `{class}`, which does not encrypt"))
                    .with(pv.evidence(path!["spec", "storageClassName"], "a StorageClass with encrypted: \"true\"")),
            );
        }
    }
    out
}
