//! Recognising what each document is by its content, never by its file name.

use crate::document::{Node, Value};
use serde::Serialize;

/// Every kind of object the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    EksCluster,
    EksClusterVersion,
    EksNodegroup,
    EksAddon,
    EksAddonList,
    EksAccessEntryList,
    EksAccessEntry,
    EksAssociatedAccessPolicies,
    EksFargateProfile,
    EksPodIdentityAssociations,
    Ec2LaunchTemplateVersion,
    Ec2InstanceType,
    Ec2EbsEncryptionByDefault,
    Ec2Subnet,
    AutoScalingGroup,
    GuardDutyDetector,
    EcrRepository,
    EcrRegistryScanning,
    KmsKey,
    KmsKeyRotation,
    LogGroup,
    EfsFileSystem,
    IamOidcProviders,
    Kubernetes,
}

impl Kind {
    pub const COUNT: usize = Kind::Kubernetes as usize + 1;

    /// The command or format the object came from, as a user would name it.
    pub fn source(self) -> &'static str {
        match self {
            Kind::EksCluster => "aws eks describe-cluster",
            Kind::EksClusterVersion => "aws eks describe-cluster-versions",
            Kind::EksNodegroup => "aws eks describe-nodegroup",
            Kind::EksAddon => "aws eks describe-addon",
            Kind::EksAddonList => "aws eks list-addons",
            Kind::EksAccessEntryList => "aws eks list-access-entries",
            Kind::EksAccessEntry => "aws eks describe-access-entry",
            Kind::EksAssociatedAccessPolicies => "aws eks list-associated-access-policies",
            Kind::EksFargateProfile => "aws eks describe-fargate-profile",
            Kind::EksPodIdentityAssociations => "aws eks list-pod-identity-associations",
            Kind::Ec2LaunchTemplateVersion => "aws ec2 describe-launch-template-versions",
            Kind::Ec2InstanceType => "aws ec2 describe-instance-types",
            Kind::Ec2EbsEncryptionByDefault => "aws ec2 get-ebs-encryption-by-default",
            Kind::Ec2Subnet => "aws ec2 describe-subnets",
            Kind::AutoScalingGroup => "aws autoscaling describe-auto-scaling-groups",
            Kind::GuardDutyDetector => "aws guardduty get-detector",
            Kind::EcrRepository => "aws ecr describe-repositories",
            Kind::EcrRegistryScanning => "aws ecr get-registry-scanning-configuration",
            Kind::KmsKey => "aws kms describe-key",
            Kind::KmsKeyRotation => "aws kms get-key-rotation-status",
            Kind::LogGroup => "aws logs describe-log-groups",
            Kind::EfsFileSystem => "aws efs describe-file-systems",
            Kind::IamOidcProviders => "aws iam list-open-id-connect-providers",
            Kind::Kubernetes => "kubernetes",
        }
    }
}

/// One object found in a document: its kind, its node and the JSON pointer to it.
#[derive(Debug)]
pub struct Found<'a> {
    pub kind: Kind,
    pub node: &'a Node,
    pub pointer: String,
    /// The Kubernetes kind of an item of a typed list (`DeploymentList` items carry no `kind`).
    pub implied_kind: Option<&'a str>,
}

/// What a whole document was recognised as.
#[derive(Debug)]
pub enum Detection<'a> {
    Empty,
    Objects(Vec<Found<'a>>),
    /// Recognised, but no control reads it yet; named so it is not silently dropped.
    Unsupported(&'static str),
    Unrecognised,
}

/// Wrapper keys of single-object AWS CLI outputs.
const WRAPPED: &[(&str, Kind)] = &[
    ("cluster", Kind::EksCluster),
    ("nodegroup", Kind::EksNodegroup),
    ("addon", Kind::EksAddon),
    ("accessEntry", Kind::EksAccessEntry),
    ("fargateProfile", Kind::EksFargateProfile),
    ("KeyMetadata", Kind::KmsKey),
];

/// List keys of AWS CLI outputs whose items are objects of their own.
const LISTED: &[(&str, Kind)] = &[
    ("clusterVersions", Kind::EksClusterVersion),
    ("LaunchTemplateVersions", Kind::Ec2LaunchTemplateVersion),
    ("InstanceTypes", Kind::Ec2InstanceType),
    ("Subnets", Kind::Ec2Subnet),
    ("AutoScalingGroups", Kind::AutoScalingGroup),
    ("repositories", Kind::EcrRepository),
    ("logGroups", Kind::LogGroup),
    ("FileSystems", Kind::EfsFileSystem),
];

/// Outputs read as one object from the document root, recognised by a key they always carry.
const ROOTED: &[(&str, Kind)] = &[
    (
        "associatedAccessPolicies",
        Kind::EksAssociatedAccessPolicies,
    ),
    ("accessEntries", Kind::EksAccessEntryList),
    ("addons", Kind::EksAddonList),
    ("associations", Kind::EksPodIdentityAssociations),
    ("EbsEncryptionByDefault", Kind::Ec2EbsEncryptionByDefault),
    ("KeyRotationEnabled", Kind::KmsKeyRotation),
    ("scanningConfiguration", Kind::EcrRegistryScanning),
    ("OpenIDConnectProviderList", Kind::IamOidcProviders),
];

/// Objects saved without their wrapper (`aws eks describe-cluster --query cluster`), recognised
/// by a key only that kind of object carries.
const UNWRAPPED: &[(&str, Kind)] = &[
    ("resourcesVpcConfig", Kind::EksCluster),
    ("nodegroupArn", Kind::EksNodegroup),
    ("addonArn", Kind::EksAddon),
    ("accessEntryArn", Kind::EksAccessEntry),
    ("fargateProfileArn", Kind::EksFargateProfile),
    ("KeyManager", Kind::KmsKey),
];

/// Lists saved without their wrapper (`--query LaunchTemplateVersions`): a top-level array
/// whose items all carry the key only that kind of item carries.
const BARE_LISTS: &[(&str, Kind)] = &[
    ("clusterVersion", Kind::EksClusterVersion),
    ("LaunchTemplateData", Kind::Ec2LaunchTemplateVersion),
    ("ProcessorInfo", Kind::Ec2InstanceType),
    ("SubnetId", Kind::Ec2Subnet),
    ("AutoScalingGroupName", Kind::AutoScalingGroup),
    ("repositoryArn", Kind::EcrRepository),
    ("logGroupName", Kind::LogGroup),
    ("PerformanceMode", Kind::EfsFileSystem),
];

pub fn detect(root: &Node) -> Detection<'_> {
    if root.is_null() {
        return Detection::Empty;
    }
    if let Value::Seq(items) = &root.value {
        return detect_bare_list(items);
    }
    if !root.is_map() {
        return Detection::Unrecognised;
    }
    if let (Some(api_version), Some(kind)) = (root.str_at("apiVersion"), root.str_at("kind")) {
        return detect_kubernetes(root, api_version, kind);
    }
    for (key, kind) in WRAPPED {
        if let Some(node) = root.get(key).filter(|n| n.is_map()) {
            return single(*kind, node, format!("/{key}"));
        }
    }
    for (key, kind) in LISTED {
        if let Some(list) = root.get(key).filter(|n| matches!(n.value, Value::Seq(_))) {
            let found = list
                .as_seq()
                .iter()
                .enumerate()
                .filter(|(_, item)| item.is_map())
                .map(|(i, item)| Found {
                    kind: *kind,
                    node: item,
                    pointer: format!("/{key}/{i}"),
                    implied_kind: None,
                })
                .collect();
            return Detection::Objects(found);
        }
    }
    for (key, kind) in ROOTED {
        if root.get(key).is_some() {
            return single(*kind, root, String::new());
        }
    }
    if root.str_at("Status").is_some()
        && [
            "Features",
            "DataSources",
            "ServiceRole",
            "FindingPublishingFrequency",
        ]
        .iter()
        .any(|k| root.get(k).is_some())
    {
        return single(Kind::GuardDutyDetector, root, String::new());
    }
    for (key, kind) in UNWRAPPED {
        if root.get(key).is_some() {
            return single(*kind, root, String::new());
        }
    }
    Detection::Unrecognised
}

fn detect_bare_list(items: &[Node]) -> Detection<'_> {
    let Some(first) = items.first() else {
        return Detection::Unrecognised;
    };
    let Some((key, kind)) = BARE_LISTS.iter().find(|(key, _)| first.get(key).is_some()) else {
        return Detection::Unrecognised;
    };
    if !items.iter().all(|item| item.get(key).is_some()) {
        return Detection::Unrecognised;
    }
    let found = items
        .iter()
        .enumerate()
        .map(|(i, item)| Found {
            kind: *kind,
            node: item,
            pointer: format!("/{i}"),
            implied_kind: None,
        })
        .collect();
    Detection::Objects(found)
}

fn single(kind: Kind, node: &Node, pointer: String) -> Detection<'_> {
    Detection::Objects(vec![Found {
        kind,
        node,
        pointer,
        implied_kind: None,
    }])
}

fn detect_kubernetes<'a>(root: &'a Node, api_version: &str, kind: &'a str) -> Detection<'a> {
    if api_version.starts_with("eksctl.io/") {
        return Detection::Unsupported(
            "eksctl ClusterConfig (not evaluated: export the cluster with the AWS CLI)",
        );
    }
    if let Some(list_of) = kind.strip_suffix("List") {
        if let Some(items) = root.get("items") {
            // `kind: List` (kubectl) items name their kind; a typed list's (`DeploymentList`,
            // from the API or client libraries) do not, and take it from the list.
            let implied = (!list_of.is_empty()).then_some(list_of);
            let found: Vec<Found<'_>> = items
                .as_seq()
                .iter()
                .enumerate()
                .filter(|(_, item)| item.is_map())
                .filter_map(|(i, item)| {
                    let implied_kind = match item.str_at("kind") {
                        Some(_) => None,
                        None => Some(implied?),
                    };
                    Some(Found {
                        kind: Kind::Kubernetes,
                        node: item,
                        pointer: format!("/items/{i}"),
                        implied_kind,
                    })
                })
                .collect();
            if found.is_empty() && !items.as_seq().is_empty() {
                return Detection::Unrecognised;
            }
            return Detection::Objects(found);
        }
    }
    single(Kind::Kubernetes, root, String::new())
}
