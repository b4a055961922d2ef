//! Identity and access: authentication mode, aws-auth, access entries, workload identity.

use super::{cluster_name, cluster_resource, k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::document::Node;
use crate::finding::{Outcome, Resource, Status};
use crate::path;
use crate::source::{parse_file, InputFile, Limits};

fn auth_mode<'a>(cluster: &Obj<'a>) -> Option<&'a str> {
    cluster.str(path!["accessConfig", "authenticationMode"])
}

pub fn iam_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let evidence = cluster.evidence(path!["accessConfig", "authenticationMode"], "API");
        match auth_mode(cluster) {
            Some("API") => Outcome::new(Status::Pass, resource, "access is managed only through EKS access entries (authenticationMode API)"),
            Some("API_AND_CONFIG_MAP") => Outcome::new(
                Status::Warn,
                resource,
                "access entries are on, but the aws-auth ConfigMap is still honoured (API_AND_CONFIG_MAP): migrate its mappings and switch to API",
            ),
            Some(other) => Outcome::new(Status::Fail, resource, format!("authentication relies on the aws-auth ConfigMap (authenticationMode {other}): move to access entries")),
            None => Outcome::new(Status::Fail, resource, "no authenticationMode in the export: the cluster uses the aws-auth ConfigMap (CONFIG_MAP) by default"),
        }
        .with(evidence)
    })
}

/// Entries of an aws-auth `mapRoles`/`mapUsers` string that grant `system:masters`.
fn masters_entries(text: &str) -> Result<Vec<serde_json::Value>, String> {
    let parsed = parse_file(
        &InputFile::new("aws-auth", text.as_bytes()),
        &Limits::default(),
    );
    if let Some(e) = parsed.error {
        return Err(e.message);
    }
    Ok(parsed
        .documents
        .iter()
        .flat_map(|d| d.as_seq().iter())
        .filter(|entry| {
            entry
                .get("groups")
                .is_some_and(|g| g.strings().any(|s| s == "system:masters"))
        })
        .map(Node::to_json)
        .collect())
}

pub fn iam_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let aws_auth: Vec<&Obj<'_>> = ctx
        .bundle
        .k8s("ConfigMap")
        .filter(|c| c.k8s_name() == "aws-auth" && c.k8s_namespace() == Some("kube-system"))
        .collect();
    if let Some(cluster) = ctx.clusters().iter().find(|c| auth_mode(c) == Some("API")) {
        return vec![Outcome::new(
            Status::NotApplicable,
            cluster_resource(cluster),
            "authenticationMode is API: the aws-auth ConfigMap is ignored by the cluster",
        )
        .with(cluster.evidence(
            path!["accessConfig", "authenticationMode"],
            "API, or no system:masters in aws-auth",
        ))];
    }
    if aws_auth.is_empty() {
        return vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("ConfigMap", "aws-auth").in_namespace(Some("kube-system")),
            "not assessed: the kube-system/aws-auth ConfigMap was not supplied (`kubectl get configmap aws-auth -n kube-system -o yaml`)",
        )];
    }
    aws_auth
        .into_iter()
        .map(|cm| {
            let resource = k8s_resource(ctx, cm);
            let mut offending = Vec::new();
            let mut evidence = Vec::new();
            let mut unreadable = Vec::new();
            for key in ["mapRoles", "mapUsers"] {
                let Some(text) = cm.str(path!["data", key]) else { continue };
                match masters_entries(text) {
                    Ok(entries) if !entries.is_empty() => {
                        for entry in &entries {
                            let who = entry
                                .get("rolearn")
                                .or_else(|| entry.get("userarn"))
                                .and_then(serde_json::Value::as_str)
                                .unwrap_or("(no ARN)");
                            offending.push(who.to_string());
                        }
                        evidence.push(cm.evidence_with(path!["data", key], serde_json::Value::Array(entries), "no entry with groups containing system:masters"));
                    }
                    Ok(_) => evidence.push(cm.evidence_with(path!["data", key], serde_json::json!("no system:masters mapping"), "no entry with groups containing system:masters")),
                    Err(e) => unreadable.push(format!("`data.{key}` is not valid YAML: {e}")),
                }
            }
            if !offending.is_empty() {
                Outcome::new(Status::Fail, resource, format!("aws-auth maps {} to system:masters (unrestricted cluster-admin that RBAC cannot limit)", offending.join(", "))).with_all(evidence)
            } else if !unreadable.is_empty() {
                Outcome::new(Status::Error, resource, unreadable.join("; ")).with_all(evidence)
            } else {
                Outcome::new(Status::Pass, resource, "no aws-auth mapping grants system:masters").with_all(evidence)
            }
        })
        .collect()
}

const CLUSTER_ADMIN_POLICY: &str = "AmazonEKSClusterAdminPolicy";

pub fn iam_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let max_admins = ctx.params.int("max_cluster_admins").unwrap_or(0);
    ctx.per_cluster(|cluster, resource| {
        let name = cluster_name(cluster);
        let exports = ctx.for_cluster(Kind::EksAssociatedAccessPolicies, name);
        if exports.is_empty() {
            return Outcome::new(
                Status::NotAssessed,
                resource,
                "not assessed: needs `aws eks list-associated-access-policies` for each access entry",
            );
        }
        let mut admins: Vec<&str> = Vec::new();
        let mut evidence = Vec::new();
        for export in &exports {
            let principal = export.node.str_at("principalArn").unwrap_or("(unknown principal)");
            for (i, policy) in export.get(path!["associatedAccessPolicies"]).map_or(&[][..], Node::as_seq).iter().enumerate() {
                let is_admin = policy.str_at("policyArn").is_some_and(|a| a.ends_with(CLUSTER_ADMIN_POLICY));
                let cluster_wide = policy.get("accessScope").and_then(|s| s.str_at("type")) == Some("cluster");
                if is_admin && cluster_wide && !admins.contains(&principal) {
                    admins.push(principal);
                    evidence.push(export.evidence(path!["associatedAccessPolicies", i, "policyArn"], format!("at most {max_admins} cluster-wide admins, none an IAM user")));
                }
            }
        }
        let users: Vec<&str> = admins.iter().copied().filter(|a| a.contains(":user/")).collect();
        let count = i64::try_from(admins.len()).unwrap_or(i64::MAX);
        let mut problems = Vec::new();
        if count > max_admins {
            problems.push(format!("{count} principals hold cluster-wide AmazonEKSClusterAdminPolicy (allowed: {max_admins})"));
        }
        if !users.is_empty() {
            problems.push(format!("IAM users hold cluster admin: {}", users.join(", ")));
        }
        if !problems.is_empty() {
            return Outcome::new(Status::Fail, resource, problems.join("; ")).with_all(evidence);
        }
        if cluster.get(path!["accessConfig", "bootstrapClusterCreatorAdminPermissions"]).and_then(Node::as_bool) == Some(true) {
            return Outcome::new(
                Status::Warn,
                resource,
                format!("{count} cluster-wide admin(s) via access entries, but the creating identity keeps implicit admin (bootstrapClusterCreatorAdminPermissions true)"),
            )
            .with_all(evidence)
            .with(cluster.evidence(path!["accessConfig", "bootstrapClusterCreatorAdminPermissions"], "false"));
        }
        Outcome::new(Status::Pass, resource, format!("{count} cluster-wide admin(s) via access entries, all roles: {}", if admins.is_empty() { "none".to_string() } else { admins.join(", ") }))
            .with_all(evidence)
    })
}

pub fn iam_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    ctx.per_cluster(|cluster, resource| {
        let name = cluster_name(cluster);
        if let Some(agent) = ctx.addon(name, "eks-pod-identity-agent").filter(|a| a.node.str_at("status") == Some("ACTIVE")) {
            return Outcome::new(Status::Pass, resource, "the EKS Pod Identity agent add-on is active")
                .with(agent.evidence(path!["status"], "ACTIVE"));
        }
        let issuer_evidence = cluster.evidence(path!["identity", "oidc", "issuer"], "an OIDC issuer with a matching IAM OIDC provider");
        let Some(issuer) = cluster.str(path!["identity", "oidc", "issuer"]).filter(|s| !s.is_empty()) else {
            return Outcome::new(
                Status::Fail,
                resource,
                "no workload identity: no OIDC issuer for IRSA and no active eks-pod-identity-agent add-on",
            )
            .with(issuer_evidence);
        };
        let host_path = issuer.trim_start_matches("https://");
        let providers = ctx.all(Kind::IamOidcProviders);
        if providers.is_empty() {
            return Outcome::new(Status::Pass, resource, format!("IRSA is possible through the OIDC issuer {issuer}")).with(issuer_evidence);
        }
        let matched = providers.iter().find_map(|p| {
            p.get(path!["OpenIDConnectProviderList"])?.as_seq().iter().enumerate().find_map(|(i, entry)| {
                entry.str_at("Arn").filter(|arn| arn.ends_with(&format!("oidc-provider/{host_path}"))).map(|_| p.evidence(path!["OpenIDConnectProviderList", i, "Arn"], "an IAM OIDC provider for the issuer"))
            })
        });
        match matched {
            Some(evidence) => Outcome::new(Status::Pass, resource, format!("IRSA is set up: IAM OIDC provider for {issuer}")).with(issuer_evidence).with(evidence),
            None => Outcome::new(
                Status::Fail,
                resource,
                format!("the cluster has an OIDC issuer but no IAM OIDC provider for it (`eksctl utils associate-iam-oidc-provider`): {issuer}"),
            )
            .with(issuer_evidence),
        }
    })
}

pub fn iam_5(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let aws_node = ctx
        .bundle
        .k8s("ServiceAccount")
        .find(|sa| sa.k8s_name() == "aws-node" && sa.k8s_namespace() == Some("kube-system"));
    let role_annotation = path!["metadata", "annotations", "eks.amazonaws.com/role-arn"];
    ctx.per_cluster(|cluster, resource| {
        let addon = ctx.addon(cluster_name(cluster), "vpc-cni");
        if let Some(addon) = addon {
            if addon.str(path!["serviceAccountRoleArn"]).is_some_and(|s| !s.is_empty()) {
                return Outcome::new(Status::Pass, resource, "the vpc-cni add-on uses its own IAM role (IRSA)")
                    .with(addon.evidence(path!["serviceAccountRoleArn"], "an IAM role ARN"));
            }
            if !addon.get(path!["podIdentityAssociations"]).map_or(&[][..], Node::as_seq).is_empty() {
                return Outcome::new(Status::Pass, resource, "the vpc-cni add-on uses EKS Pod Identity")
                    .with(addon.evidence(path!["podIdentityAssociations"], "a Pod Identity association"));
            }
        }
        if let Some(sa) = aws_node {
            if sa.str(role_annotation).is_some_and(|s| !s.is_empty()) {
                return Outcome::new(Status::Pass, resource, "the aws-node ServiceAccount has its own IAM role (IRSA annotation)")
                    .with(sa.evidence(role_annotation, "eks.amazonaws.com/role-arn set"));
            }
        }
        let mut evidence = Vec::new();
        if let Some(addon) = addon {
            evidence.push(addon.evidence(path!["serviceAccountRoleArn"], "an IAM role ARN"));
        }
        if let Some(sa) = aws_node {
            evidence.push(sa.evidence(role_annotation, "eks.amazonaws.com/role-arn set"));
        }
        if evidence.is_empty() {
            return Outcome::new(
                Status::NotAssessed,
                resource,
                "not assessed: needs `aws eks describe-addon --addon-name vpc-cni` or the kube-system/aws-node ServiceAccount",
            );
        }
        Outcome::new(
            Status::Fail,
            resource,
            "the VPC CNI runs with the node IAM role: give aws-node its own role (IRSA or Pod Identity)",
        )
        .with_all(evidence)
    })
}
