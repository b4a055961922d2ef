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

fn classes_by<'a>(ctx: &Ctx<'a>, provisioners: &[&str]) -> Vec<&'a Obj<'a>> {
    ctx.bundle
        .k8s("StorageClass")
        .filter(|sc| {
            sc.node
                .str_at("provisioner")
                .is_some_and(|p| provisioners.contains(&p))
        })
        .collect()
}

/// A `kmsKeyId` is set, and on the approved list when one is configured.
fn kms_key_outcomes(
    ctx: &Ctx<'_>,
    classes: Vec<&Obj<'_>>,
    what: &str,
    missing_status: Status,
) -> Vec<Outcome> {
    let approved = ctx.params.strings("approved_kms_key_arns");
    let expected = if approved.is_empty() {
        "a customer-managed KMS key ARN".to_string()
    } else {
        format!("one of {}", approved.join(", "))
    };
    classes
        .into_iter()
        .map(|sc| {
            let evidence = sc.evidence(path!["parameters", "kmsKeyId"], expected.clone());
            let resource = k8s_resource(ctx, sc);
            match sc
                .str(path!["parameters", "kmsKeyId"])
                .filter(|k| !k.is_empty())
            {
                None => Outcome::new(
                    missing_status,
                    resource,
                    format!("{what} volumes use the AWS-managed key: set parameters.kmsKeyId"),
                ),
                Some(key) if !approved.is_empty() && !approved.contains(&key) => Outcome::new(
                    Status::Fail,
                    resource,
                    format!("KMS key `{key}` is not on the approved list"),
                ),
                Some(key) => Outcome::new(
                    Status::Pass,
                    resource,
                    format!("{what} volumes are encrypted with customer-managed key `{key}`"),
                ),
            }
            .with(evidence)
        })
        .collect()
}

pub fn sto_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's StorageClasses (`kubectl get storageclass -o yaml`)");
    }
    let classes = classes_by(ctx, &EBS_PROVISIONERS);
    if classes.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("StorageClass", "(none)"),
            "no StorageClass provisions EBS volumes",
        )];
    }
    kms_key_outcomes(ctx, classes, "EBS", Status::Fail)
}

pub fn sto_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's StorageClasses and PersistentVolumes");
    }
    // File systems referenced by EFS StorageClasses and PersistentVolumes, with where.
    let mut references: Vec<(&Obj<'_>, &str, Vec<crate::document::Step<'static>>)> = Vec::new();
    for sc in classes_by(ctx, &["efs.csi.aws.com"]) {
        if let Some(fs) = sc.str(path!["parameters", "fileSystemId"]) {
            references.push((
                sc,
                fs,
                vec![
                    crate::document::Step::Key("parameters"),
                    crate::document::Step::Key("fileSystemId"),
                ],
            ));
        }
    }
    for pv in ctx
        .bundle
        .k8s("PersistentVolume")
        .filter(|pv| pv.str(path!["spec", "csi", "driver"]) == Some("efs.csi.aws.com"))
    {
        if let Some(handle) = pv.str(path!["spec", "csi", "volumeHandle"]) {
            let fs = handle
                .split("::")
                .next()
                .unwrap_or(handle)
                .split(':')
                .next()
                .unwrap_or(handle);
            references.push((
                pv,
                fs,
                vec![
                    crate::document::Step::Key("spec"),
                    crate::document::Step::Key("csi"),
                    crate::document::Step::Key("volumeHandle"),
                ],
            ));
        }
    }
    if references.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("StorageClass", "(none)"),
            "no EFS StorageClass or PersistentVolume",
        )];
    }
    let file_systems = ctx.all(Kind::EfsFileSystem);
    references
        .into_iter()
        .map(|(obj, fs, steps)| {
            let resource = k8s_resource(ctx, obj);
            let evidence = obj.evidence(&steps, "an encrypted EFS file system");
            match file_systems.iter().find(|f| f.node.str_at("FileSystemId") == Some(fs)) {
                None => Outcome::new(Status::NotAssessed, resource, format!("not assessed: needs `aws efs describe-file-systems` for `{fs}`")).with(evidence),
                Some(f) => {
                    let fs_evidence = f.evidence(path!["Encrypted"], "true");
                    if f.node.get("Encrypted").and_then(Node::as_bool) == Some(true) {
                        Outcome::new(Status::Pass, resource, format!("EFS file system `{fs}` is encrypted at rest"))
                    } else {
                        Outcome::new(Status::Fail, resource, format!("EFS file system `{fs}` is not encrypted at rest: recreate it encrypted and migrate the data"))
                    }
                    .with(evidence)
                    .with(fs_evidence)
                }
            }
        })
        .collect()
}

pub fn sto_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's StorageClasses (`kubectl get storageclass -o yaml`)");
    }
    let classes = classes_by(ctx, &["fsx.csi.aws.com"]);
    if classes.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("StorageClass", "(none)"),
            "no FSx for Lustre StorageClass",
        )];
    }
    kms_key_outcomes(ctx, classes, "FSx for Lustre", Status::Fail)
}
