//! Worker nodes: instance types, AMIs, instance metadata, SSH, volumes and addressing.
//!
//! A managed node group's settings live in the node group when it has no custom launch template,
//! and in the launch-template version it uses otherwise (then `instanceTypes`, `remoteAccess` and
//! `diskSize` are null). The version in use decides, never "any version".

use super::storage::ebs_default;
use super::versions::nodegroup_resource;
use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::config::glob;
use crate::detect::Kind;
use crate::document::{Node, Step};
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;

/// The launch template a node group runs on.
enum Template<'a> {
    /// The exported version in use, and whether the user supplied the template (custom).
    Found { version: &'a Obj<'a>, custom: bool },
    /// Referenced but not exported: what to export.
    Missing(String),
    /// No custom template, and the EKS-created one was not traced through its Auto Scaling group.
    EksDefault,
}

fn template_for<'a>(ctx: &Ctx<'a>, group: &'a Obj<'a>) -> Template<'a> {
    if let Some(lt) = group.get(path!["launchTemplate"]).filter(|n| n.is_map()) {
        let (id, name, version) = (
            lt.str_at("id"),
            lt.str_at("name"),
            lt.str_at("version").map(str::to_string).or_else(|| {
                lt.get("version")
                    .and_then(Node::as_i64)
                    .map(|v| v.to_string())
            }),
        );
        return match find_version(ctx, id, name, version.as_deref()) {
            Some(found) => Template::Found { version: found, custom: true },
            None => Template::Missing(format!(
                "launch template {} version {} (`aws ec2 describe-launch-template-versions --launch-template-id {}`)",
                id.or(name).unwrap_or("?"),
                version.as_deref().unwrap_or("?"),
                id.or(name).unwrap_or("?")
            )),
        };
    }
    // EKS-created template: node group → Auto Scaling group → template.
    let asg_names: Vec<&str> = group
        .get(path!["resources", "autoScalingGroups"])
        .map_or(&[][..], Node::as_seq)
        .iter()
        .filter_map(|a| a.str_at("name"))
        .collect();
    for asg in ctx.all(Kind::AutoScalingGroup) {
        if !asg_names.contains(&asg.node.str_at("AutoScalingGroupName").unwrap_or("")) {
            continue;
        }
        let spec = asg.get(path!["LaunchTemplate"]).or_else(|| {
            asg.get(path![
                "MixedInstancesPolicy",
                "LaunchTemplate",
                "LaunchTemplateSpecification"
            ])
        });
        if let Some(spec) = spec {
            let found = find_version(
                ctx,
                spec.str_at("LaunchTemplateId"),
                spec.str_at("LaunchTemplateName"),
                spec.str_at("Version"),
            );
            return match found {
                Some(version) => Template::Found {
                    version,
                    custom: false,
                },
                None => Template::Missing(format!(
                    "the EKS-created launch template {} of Auto Scaling group {}",
                    spec.str_at("LaunchTemplateId")
                        .or(spec.str_at("LaunchTemplateName"))
                        .unwrap_or("?"),
                    asg.node.str_at("AutoScalingGroupName").unwrap_or("?")
                )),
            };
        }
    }
    Template::EksDefault
}

/// The launch-template version matching id or name and `version` (`$Default`/`$Latest` resolved).
fn find_version<'a>(
    ctx: &Ctx<'a>,
    id: Option<&str>,
    name: Option<&str>,
    version: Option<&str>,
) -> Option<&'a Obj<'a>> {
    let candidates: Vec<&'a Obj<'a>> = ctx
        .all(Kind::Ec2LaunchTemplateVersion)
        .iter()
        .filter(|v| {
            let same_id = id.is_some() && v.node.str_at("LaunchTemplateId") == id;
            let same_name = name.is_some() && v.node.str_at("LaunchTemplateName") == name;
            same_id || same_name
        })
        .collect();
    let number = |v: &Obj<'_>| v.node.get("VersionNumber").and_then(Node::as_i64);
    match version.map(str::trim) {
        None | Some("$Default") => candidates
            .into_iter()
            .find(|v| v.node.get("DefaultVersion").and_then(Node::as_bool) == Some(true)),
        Some("$Latest") => candidates.into_iter().max_by_key(|v| number(v)),
        Some(n) => {
            let wanted = n.parse::<i64>().ok()?;
            candidates.into_iter().find(|v| number(v) == Some(wanted))
        }
    }
}

fn describe(version: &Obj<'_>) -> String {
    format!(
        "launch template {} version {}",
        version
            .node
            .str_at("LaunchTemplateName")
            .or(version.node.str_at("LaunchTemplateId"))
            .unwrap_or("?"),
        version
            .node
            .get("VersionNumber")
            .and_then(Node::as_i64)
            .unwrap_or(0)
    )
}

fn is_fargate_or_auto(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = ctx
        .all(Kind::EksFargateProfile)
        .iter()
        .map(|p| {
            Outcome::new(
                Status::NotApplicable,
                Resource::new(
                    "AWS::EKS::FargateProfile",
                    p.node.str_at("fargateProfileName").unwrap_or("(unnamed)"),
                )
                .in_cluster(p.node.str_at("clusterName")),
                "Fargate compute is managed by AWS: node settings are inherited, not configurable",
            )
        })
        .collect();
    for cluster in ctx.clusters() {
        if cluster
            .get(path!["computeConfig", "enabled"])
            .and_then(Node::as_bool)
            == Some(true)
        {
            out.push(
                Outcome::new(
                    Status::NotApplicable,
                    super::cluster_resource(cluster),
                    "EKS Auto Mode manages these node settings",
                )
                .with(cluster.evidence(path!["computeConfig", "enabled"], "true (Auto Mode)")),
            );
        }
    }
    out
}

/// Runs `check` on every managed node group; reports Fargate and Auto Mode as not applicable.
fn per_nodegroup<'a>(
    ctx: &Ctx<'a>,
    check: impl Fn(&'a Obj<'a>, Resource, Template<'a>) -> Outcome,
) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = ctx
        .all(Kind::EksNodegroup)
        .iter()
        .map(|g| check(g, nodegroup_resource(g), template_for(ctx, g)))
        .collect();
    out.extend(is_fargate_or_auto(ctx));
    if out.is_empty() {
        out.push(Outcome::new(
            Status::NotAssessed,
            Resource::new("AWS::EKS::Nodegroup", "(none supplied)")
                .in_cluster(ctx.bundle.sole_cluster()),
            "not assessed: no `aws eks describe-nodegroup` export was supplied",
        ));
    }
    out
}

fn missing(resource: Resource, what: &str) -> Outcome {
    Outcome::new(
        Status::NotAssessed,
        resource,
        format!("not assessed: needs {what}"),
    )
}

const EKS_DEFAULT_TEMPLATE: &str = "the launch template EKS created for this node group (`aws autoscaling describe-auto-scaling-groups` for its Auto Scaling group, then `aws ec2 describe-launch-template-versions`)";

// ---- EKS-NODE-1: Nitro ----

enum Hypervisor {
    Nitro(String),
    NotNitro(String),
    Unknown,
}

fn classify(ctx: &Ctx<'_>, instance_type: &str) -> Hypervisor {
    if let Some(info) = ctx
        .all(Kind::Ec2InstanceType)
        .iter()
        .find(|t| t.node.str_at("InstanceType") == Some(instance_type))
    {
        if info.node.get("BareMetal").and_then(Node::as_bool) == Some(true) {
            return Hypervisor::Nitro(
                "bare metal on the Nitro System (describe-instance-types BareMetal)".into(),
            );
        }
        match info.node.str_at("Hypervisor") {
            Some("nitro") => {
                return Hypervisor::Nitro("describe-instance-types Hypervisor nitro".into())
            }
            Some("xen") => {
                return Hypervisor::NotNitro("describe-instance-types Hypervisor xen".into())
            }
            _ => {}
        }
    }
    let Some(table) = ctx.catalog.data.get("nitro-families") else {
        return Hypervisor::Unknown;
    };
    let listed = |key: &str, value: &str| {
        table
            .pointer(key)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(value)))
    };
    let taken = table
        .get("taken")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("?");
    if listed("/exceptions/nitro", instance_type) {
        return Hypervisor::Nitro(format!("listed Nitro exception (bundled table, {taken})"));
    }
    let (family, size) = instance_type.split_once('.').unwrap_or((instance_type, ""));
    if size.starts_with("metal") {
        return Hypervisor::Nitro("bare-metal size on the Nitro System".into());
    }
    if listed("/nitro", family) {
        Hypervisor::Nitro(format!("family {family} is Nitro (bundled table, {taken})"))
    } else if listed("/xen", family) {
        Hypervisor::NotNitro(format!(
            "family {family} runs on Xen (bundled table, {taken})"
        ))
    } else {
        Hypervisor::Unknown
    }
}

/// The instance types of a node group, each with the field that names it.
fn instance_types<'a>(
    group: &Obj<'a>,
    template: &Template<'a>,
) -> Result<Vec<(&'a str, Evidence)>, Outcome> {
    let resource = nodegroup_resource(group);
    let listed: Vec<(&'a str, Evidence)> = group
        .get(path!["instanceTypes"])
        .map_or(&[][..], Node::as_seq)
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            t.as_str().map(|s| {
                (
                    s,
                    group.evidence(path!["instanceTypes", i], "Nitro-based instance types"),
                )
            })
        })
        .collect();
    if !listed.is_empty() {
        return Ok(listed);
    }
    match template {
        Template::Found { version, .. } => {
            let data = path!["LaunchTemplateData", "InstanceType"];
            if let Some(t) = version.str(data) {
                return Ok(vec![(
                    t,
                    version.evidence(data, "a Nitro-based instance type"),
                )]);
            }
            if version
                .get(path!["LaunchTemplateData", "InstanceRequirements"])
                .is_some()
            {
                return Err(Outcome::new(
                    Status::Manual,
                    resource,
                    format!("{} selects instance types by attributes (InstanceRequirements): the types cannot be classified statically; pin `karpenter.k8s.aws/instance-hypervisor` or list the types", describe(version)),
                )
                .with(version.evidence(path!["LaunchTemplateData", "InstanceRequirements"], "concrete Nitro-based instance types")));
            }
            Err(missing(resource, "the node group's instance types: neither the node group nor its launch template names one"))
        }
        Template::Missing(what) => Err(missing(resource, what)),
        Template::EksDefault => Err(missing(
            resource,
            "the node group's instance types (instanceTypes is empty)",
        )),
    }
}

fn judge_types(ctx: &Ctx<'_>, resource: Resource, types: Vec<(&str, Evidence)>) -> Outcome {
    let mut bad = Vec::new();
    let mut unknown = Vec::new();
    let mut good = Vec::new();
    let mut evidence = Vec::new();
    for (t, mut e) in types {
        match classify(ctx, t) {
            Hypervisor::Nitro(why) => good.push(format!("{t} ({why})")),
            Hypervisor::NotNitro(why) => {
                e.expected = format!("a Nitro-based instance type; {t}: {why}").into();
                bad.push(t.to_string());
            }
            Hypervisor::Unknown => unknown.push(t.to_string()),
        }
        evidence.push(e);
    }
    if !bad.is_empty() {
        Outcome::new(
            Status::Fail,
            resource,
            format!("not on the Nitro System: {}", bad.join(", ")),
        )
        .with_all(evidence)
    } else if !unknown.is_empty() {
        Outcome::new(
            Status::NotAssessed,
            resource,
            format!("not assessed: unknown instance family for {} (supply `aws ec2 describe-instance-types`)", unknown.join(", ")),
        )
        .with_all(evidence)
    } else {
        Outcome::new(
            Status::Pass,
            resource,
            format!("Nitro-based: {}", good.join("; ")),
        )
        .with_all(evidence)
    }
}

pub fn node_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let nodes: Vec<&Obj<'_>> = ctx.bundle.k8s("Node").collect();
    let mut out = per_nodegroup(ctx, |group, resource, template| {
        match instance_types(group, &template) {
            Ok(types) => judge_types(ctx, resource, types),
            Err(outcome) => outcome,
        }
    });
    let label = path!["metadata", "labels", "node.kubernetes.io/instance-type"];
    let node_results: Vec<Outcome> = nodes
        .iter()
        .filter_map(|n| {
            n.str(label).map(|t| {
                judge_types(
                    ctx,
                    k8s_resource(ctx, n),
                    vec![(t, n.evidence(label, "a Nitro-based instance type"))],
                )
            })
        })
        .collect();
    if !node_results.is_empty() {
        out.retain(|o| {
            !(o.status == Status::NotAssessed && &*o.resource.name == "(none supplied)")
        });
        out.extend(node_results);
    }
    out
}

// ---- EKS-NODE-2: managed nodes ----

pub fn node_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let exempt = ctx.params.strings("exempt_nodes");
    let nodes: Vec<&Obj<'_>> = ctx.bundle.k8s("Node").collect();
    if nodes.is_empty() {
        return vec![missing(
            Resource::new("Node", "(none supplied)"),
            "the cluster's Node objects (`kubectl get nodes -o yaml`)",
        )];
    }
    nodes
        .iter()
        .map(|n| {
            let resource = k8s_resource(ctx, n);
            let nodegroup = path!["metadata", "labels", "eks.amazonaws.com/nodegroup"];
            let compute = path!["metadata", "labels", "eks.amazonaws.com/compute-type"];
            if let Some(g) = n.str(nodegroup) {
                return Outcome::new(
                    Status::Pass,
                    resource,
                    format!("node of managed node group `{g}`"),
                )
                .with(n.evidence(nodegroup, "a managed node group, Fargate or Auto Mode"));
            }
            if let Some(c) = n.str(compute) {
                return Outcome::new(Status::Pass, resource, format!("EKS-managed compute ({c})"))
                    .with(n.evidence(compute, "a managed node group, Fargate or Auto Mode"));
            }
            let evidence = n.evidence(
                path!["metadata", "labels"],
                "eks.amazonaws.com/nodegroup or eks.amazonaws.com/compute-type label",
            );
            if exempt.iter().any(|p| glob(p, n.k8s_name())) {
                Outcome::new(
                    Status::NotApplicable,
                    resource,
                    "self-managed node on the exception list (parameter `exempt_nodes`)",
                )
                .with(evidence)
            } else {
                Outcome::new(
                    Status::Fail,
                    resource,
                    "self-managed node: no managed node group, Fargate or Auto Mode label",
                )
                .with(evidence)
            }
        })
        .collect()
}

// ---- EKS-NODE-3: AMI ----

pub fn node_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let approved = ctx.params.strings("approved_ami_ids");
    per_nodegroup(ctx, |group, resource, template| {
        let evidence = group.evidence(path!["amiType"], "BOTTLEROCKET_* or AL2023_*");
        let ami = group.str(path!["amiType"]).unwrap_or("");
        let outcome = if ami.starts_with("BOTTLEROCKET") {
            Outcome::new(
                Status::Pass,
                resource,
                format!("hardened, container-optimised OS ({ami})"),
            )
        } else if ami.starts_with("AL2023") {
            Outcome::new(
                Status::Pass,
                resource,
                format!("supported EKS-optimised Amazon Linux 2023 ({ami})"),
            )
        } else if ami.starts_with("AL2_") {
            Outcome::new(Status::Fail, resource, format!("{ami}: AWS stopped publishing EKS-optimised AL2 AMIs on 2025-11-26; move to Bottlerocket or AL2023"))
        } else if ami.starts_with("WINDOWS") {
            Outcome::new(
                Status::Manual,
                resource,
                format!("{ami}: Windows node AMIs are reviewed separately"),
            )
        } else if ami == "CUSTOM" {
            let image = match &template {
                Template::Found { version, .. } => version
                    .str(path!["LaunchTemplateData", "ImageId"])
                    .map(|i| {
                        (
                            i,
                            version.evidence(
                                path!["LaunchTemplateData", "ImageId"],
                                format!("one of {}", approved.join(", ")),
                            ),
                        )
                    }),
                _ => None,
            };
            return match (approved.is_empty(), image) {
                (true, _) => Outcome::new(
                    Status::Manual,
                    resource,
                    "custom AMI: set `approved_ami_ids` or review the image's hardening by hand",
                )
                .with(evidence),
                (false, Some((id, e))) if approved.contains(&id) => Outcome::new(
                    Status::Pass,
                    resource,
                    format!("custom AMI {id} is approved"),
                )
                .with(evidence)
                .with(e),
                (false, Some((id, e))) => Outcome::new(
                    Status::Fail,
                    resource,
                    format!("custom AMI {id} is not on the approved list"),
                )
                .with(evidence)
                .with(e),
                (false, None) => missing(
                    resource,
                    "the launch template version with the custom AMI's ImageId",
                )
                .with(evidence),
            };
        } else if ami.is_empty() {
            missing(resource, "the node group's amiType")
        } else {
            Outcome::new(
                Status::Manual,
                resource,
                format!("AMI type {ami} is not classified: review by hand"),
            )
        };
        outcome.with(evidence)
    })
}

// ---- EKS-NODE-4 / 5: instance metadata ----

fn metadata_template<'a>(
    group_resource: Resource,
    template: Template<'a>,
) -> Result<&'a Obj<'a>, Outcome> {
    match template {
        Template::Found { version, .. } => Ok(version),
        Template::Missing(what) => Err(missing(group_resource, &what)),
        Template::EksDefault => Err(missing(group_resource, EKS_DEFAULT_TEMPLATE)),
    }
}

/// Where the instance-metadata settings sit in a launch-template version.
fn metadata_options() -> [Step<'static>; 2] {
    [
        Step::Key("LaunchTemplateData"),
        Step::Key("MetadataOptions"),
    ]
}

pub fn node_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_nodegroup(ctx, |_, resource, template| {
        let version = match metadata_template(resource.clone(), template) {
            Ok(v) => v,
            Err(o) => return o,
        };
        let lt = describe(version);
        let tokens = path!["LaunchTemplateData", "MetadataOptions", "HttpTokens"];
        let endpoint = path!["LaunchTemplateData", "MetadataOptions", "HttpEndpoint"];
        if version.str(endpoint) == Some("disabled") {
            return Outcome::new(
                Status::Pass,
                resource,
                format!("{lt}: the instance metadata endpoint is disabled"),
            )
            .with(version.evidence(endpoint, "disabled, or HttpTokens required"));
        }
        let evidence = version.evidence(tokens, "required");
        match version.str(tokens) {
            Some("required") => Outcome::new(Status::Pass, resource, format!("{lt}: IMDSv2 is required")).with(evidence),
            Some(other) => Outcome::new(Status::Fail, resource, format!("{lt}: IMDSv1 is allowed (HttpTokens {other}): set HttpTokens=required")).with(evidence),
            None => Outcome::new(
                Status::Fail,
                resource,
                format!("{lt}: the template does not require IMDSv2 (no HttpTokens); AMI or account defaults apply and the export cannot show them"),
            )
            .with(version.evidence(&metadata_options(), "HttpTokens: required")),
        }
    })
}

pub fn node_5(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_nodegroup(ctx, |_, resource, template| {
        let version = match metadata_template(resource.clone(), template) {
            Ok(v) => v,
            Err(o) => return o,
        };
        let lt = describe(version);
        let tokens = path!["LaunchTemplateData", "MetadataOptions", "HttpTokens"];
        let endpoint = path!["LaunchTemplateData", "MetadataOptions", "HttpEndpoint"];
        let hop = path![
            "LaunchTemplateData",
            "MetadataOptions",
            "HttpPutResponseHopLimit"
        ];
        if version.str(endpoint) == Some("disabled") {
            return Outcome::new(
                Status::Pass,
                resource,
                format!("{lt}: the instance metadata endpoint is disabled"),
            )
            .with(version.evidence(endpoint, "disabled"));
        }
        if version.get(&metadata_options()).is_none() {
            return Outcome::new(
                Status::Fail,
                resource,
                format!(
                    "{lt}: no MetadataOptions: pods may reach instance metadata under AMI defaults"
                ),
            )
            .with(version.evidence(
                &metadata_options(),
                "HttpTokens required and HttpPutResponseHopLimit 1",
            ));
        }
        let evidence = [
            version.evidence(tokens, "required"),
            version.evidence(hop, "1"),
        ];
        let limit = version.get(hop).and_then(Node::as_i64);
        match (version.str(tokens), limit) {
            (Some("required"), Some(1)) => Outcome::new(Status::Pass, resource, format!("{lt}: IMDSv2 required with hop limit 1: pods cannot reach node credentials")),
            (Some("required"), Some(n)) => Outcome::new(Status::Fail, resource, format!("{lt}: hop limit {n} lets pods reach instance metadata and the node role's credentials")),
            (Some("required"), None) => Outcome::new(Status::Fail, resource, format!("{lt}: no hop limit set; AMI defaults (2 on recent EKS AMIs) let pods reach instance metadata")),
            _ => Outcome::new(Status::Fail, resource, format!("{lt}: IMDSv1 is allowed, which ignores the hop limit: pods can reach node credentials")),
        }
        .with_all(evidence)
    })
}

// ---- EKS-NODE-6: SSH ----

pub fn node_6(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_nodegroup(ctx, |group, resource, template| {
        let key = path!["remoteAccess", "ec2SshKey"];
        if let Some(k) = group.str(key).filter(|k| !k.is_empty()) {
            let sources = group
                .get(path!["remoteAccess", "sourceSecurityGroups"])
                .map_or(0, |s| s.as_seq().len());
            let evidence = [
                group.evidence(key, "no SSH key"),
                group.evidence(
                    path!["remoteAccess", "sourceSecurityGroups"],
                    "no SSH access",
                ),
            ];
            return if sources == 0 {
                Outcome::new(Status::Fail, resource, format!("SSH key `{k}` with no source security groups: EKS opens port 22 to 0.0.0.0/0"))
            } else {
                Outcome::new(Status::Warn, resource, format!("SSH key `{k}` allowed from {sources} security group(s): prefer SSM Session Manager"))
            }
            .with_all(evidence);
        }
        match template {
            Template::Found {
                version,
                custom: true,
            } => {
                let key_name = path!["LaunchTemplateData", "KeyName"];
                match version.str(key_name) {
                    Some(k) => Outcome::new(
                        Status::Warn,
                        resource,
                        format!(
                            "{}: SSH key `{k}` is set in the launch template",
                            describe(version)
                        ),
                    )
                    .with(version.evidence(key_name, "no SSH key")),
                    None => Outcome::new(
                        Status::Pass,
                        resource,
                        format!("no SSH key on the node group or in {}", describe(version)),
                    )
                    .with(version.evidence(key_name, "no SSH key")),
                }
            }
            Template::Missing(what) => missing(resource, &what),
            _ => Outcome::new(Status::Pass, resource, "no SSH remote access configured")
                .with(group.evidence(path!["remoteAccess"], "null (no SSH key)")),
        }
    })
}

// ---- EKS-NODE-7: volume encryption ----

pub fn node_7(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let account = ebs_default(ctx);
    per_nodegroup(ctx, |_, resource, template| {
        let by_default = |resource: Resource, reason: String| match account {
            Some((export, true)) => Outcome::new(
                Status::Pass,
                resource,
                format!("{reason}; EBS encryption by default is on for the account"),
            )
            .with(export.evidence(path!["EbsEncryptionByDefault"], "true")),
            Some((export, false)) => Outcome::new(
                Status::Fail,
                resource,
                format!("{reason}, and EBS encryption by default is off for the account"),
            )
            .with(export.evidence(path!["EbsEncryptionByDefault"], "true")),
            None => missing(
                resource,
                &format!("`aws ec2 get-ebs-encryption-by-default` ({reason})"),
            ),
        };
        match template {
            Template::Found { version, .. } => {
                let lt = describe(version);
                let mappings = version
                    .get(path!["LaunchTemplateData", "BlockDeviceMappings"])
                    .map_or(&[][..], Node::as_seq);
                let ebs: Vec<(usize, &Node)> = mappings
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.get("Ebs").is_some())
                    .collect();
                if ebs.is_empty() {
                    return by_default(
                        resource,
                        format!("{lt} sets no EBS volumes (the AMI's apply)"),
                    );
                }
                let evidence: Vec<Evidence> = ebs
                    .iter()
                    .map(|(i, _)| {
                        version.evidence(
                            path![
                                "LaunchTemplateData",
                                "BlockDeviceMappings",
                                *i,
                                "Ebs",
                                "Encrypted"
                            ],
                            "true",
                        )
                    })
                    .collect();
                let unencrypted = ebs
                    .iter()
                    .filter(|(_, m)| {
                        m.get("Ebs")
                            .and_then(|e| e.get("Encrypted"))
                            .and_then(Node::as_bool)
                            != Some(true)
                    })
                    .count();
                if unencrypted == 0 {
                    Outcome::new(
                        Status::Pass,
                        resource,
                        format!("{lt}: every EBS volume is encrypted"),
                    )
                    .with_all(evidence)
                } else {
                    by_default(
                        resource,
                        format!("{lt}: {unencrypted} EBS volume(s) without Encrypted: true"),
                    )
                    .with_all(evidence)
                }
            }
            Template::Missing(what) => missing(resource, &what),
            Template::EksDefault => by_default(
                resource,
                "the node group uses the EKS default volume settings".into(),
            ),
        }
    })
}

// ---- EKS-NODE-8: public addressing ----

pub fn node_8(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_nodegroup(ctx, |group, resource, template| {
        let mut override_private = None;
        if let Template::Found { version, .. } = &template {
            for (i, nic) in version
                .get(path!["LaunchTemplateData", "NetworkInterfaces"])
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                let field = path![
                    "LaunchTemplateData",
                    "NetworkInterfaces",
                    i,
                    "AssociatePublicIpAddress"
                ];
                match nic.get("AssociatePublicIpAddress").and_then(Node::as_bool) {
                    Some(true) => {
                        return Outcome::new(
                            Status::Fail,
                            resource,
                            format!(
                                "{}: network interface {i} gets a public IP",
                                describe(version)
                            ),
                        )
                        .with(version.evidence(field, "false"));
                    }
                    Some(false) => override_private = Some(version.evidence(field, "false")),
                    None => {}
                }
            }
        }
        if let Some(evidence) = override_private {
            return Outcome::new(
                Status::Pass,
                resource,
                "the launch template gives nodes no public IP",
            )
            .with(evidence);
        }
        if let Template::Missing(what) = &template {
            return missing(resource, what);
        }
        let subnets: Vec<(usize, &str)> = group
            .get(path!["subnets"])
            .map_or(&[][..], Node::as_seq)
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_str().map(|s| (i, s)))
            .collect();
        let mut public = Vec::new();
        let mut unknown = Vec::new();
        let mut evidence = Vec::new();
        for (i, id) in &subnets {
            match ctx
                .all(Kind::Ec2Subnet)
                .iter()
                .find(|s| s.node.str_at("SubnetId") == Some(id))
            {
                Some(s) => {
                    evidence.push(s.evidence(path!["MapPublicIpOnLaunch"], "false"));
                    if s.node.get("MapPublicIpOnLaunch").and_then(Node::as_bool) == Some(true) {
                        public.push(*id);
                    }
                }
                None => {
                    unknown.push(*id);
                    evidence.push(group.evidence(path!["subnets", *i], "a private subnet"));
                }
            }
        }
        if !public.is_empty() {
            Outcome::new(
                Status::Fail,
                resource,
                format!(
                    "nodes launch in subnets that assign public IPs: {}",
                    public.join(", ")
                ),
            )
            .with_all(evidence)
        } else if !unknown.is_empty() || subnets.is_empty() {
            missing(
                resource,
                &format!(
                    "`aws ec2 describe-subnets` for {}",
                    if unknown.is_empty() {
                        "the node group's subnets".to_string()
                    } else {
                        unknown.join(", ")
                    }
                ),
            )
            .with_all(evidence)
        } else {
            Outcome::new(
                Status::Pass,
                resource,
                "nodes launch only in subnets that assign no public IP",
            )
            .with_all(evidence)
        }
    })
}

// ---- EKS-NODE-9: kubelet hardening ----

pub fn node_9(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let resource = Resource::new(
        "AWS::EKS::Cluster",
        ctx.bundle.sole_cluster().unwrap_or("(all clusters)"),
    )
    .in_cluster(ctx.bundle.sole_cluster());
    vec![Outcome::new(
        Status::Manual,
        resource,
        "kubelet and node file settings are not in configuration exports: attach kube-bench `eks-1.8.0` node results, or cite the Bottlerocket/AL2023 AMI defaults as evidence",
    )]
}
