use crate::finding::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `policies/catalog.yaml`: the catalog's own identity.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogInfo {
    pub version: String,
    pub default_profile: String,
    pub frameworks: Vec<Framework>,
}

/// A compliance framework the controls map to.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// Where a control sits in the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Encryption,
    Network,
    Logging,
    Lifecycle,
    Identity,
    Detection,
    Registry,
    Nodes,
    Namespaces,
    PodSecurity,
    Workloads,
    Rbac,
    Storage,
}

impl Area {
    pub const ALL: [Area; 13] = [
        Area::Encryption,
        Area::Network,
        Area::Logging,
        Area::Lifecycle,
        Area::Identity,
        Area::Detection,
        Area::Registry,
        Area::Nodes,
        Area::Namespaces,
        Area::PodSecurity,
        Area::Workloads,
        Area::Rbac,
        Area::Storage,
    ];

    /// The id as the catalog spells it, e.g. `pod-security`.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Encryption => "encryption",
            Area::Network => "network",
            Area::Logging => "logging",
            Area::Lifecycle => "lifecycle",
            Area::Identity => "identity",
            Area::Detection => "detection",
            Area::Registry => "registry",
            Area::Nodes => "nodes",
            Area::Namespaces => "namespaces",
            Area::PodSecurity => "pod-security",
            Area::Workloads => "workloads",
            Area::Rbac => "rbac",
            Area::Storage => "storage",
        }
    }
}

/// One control of `policies/controls/<id>/control.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub area: Area,
    /// What is checked, in the catalog's words.
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    /// The exports this control reads, named as the user produces them.
    pub inputs: Vec<String>,
    pub references: Vec<Reference>,
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamSpec>,
}

/// A requirement of a framework that the control provides evidence for.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// A framework id from `catalog.yaml`.
    pub framework: String,
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A tunable input of a control.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    #[serde(rename = "type")]
    pub kind: ParamType,
    pub default: serde_json::Value,
    pub description: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    Boolean,
    Integer,
    String,
    StringList,
}

impl ParamType {
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        match self {
            ParamType::Boolean => value.is_boolean(),
            ParamType::Integer => value.is_i64() || value.is_u64(),
            ParamType::String => value.is_string(),
            ParamType::StringList => value
                .as_array()
                .is_some_and(|items| items.iter().all(serde_json::Value::is_string)),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::Boolean => "boolean",
            ParamType::Integer => "integer",
            ParamType::String => "string",
            ParamType::StringList => "list of strings",
        }
    }
}

/// A named selection of controls with parameter defaults (`policies/profiles/*.yaml`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub title: String,
    pub description: String,
    /// Control ids or prefixes ending in `*` (e.g. `EKS-*`).
    pub controls: Vec<String>,
    /// Parameter values for every control that declares the parameter.
    #[serde(default)]
    pub parameters: BTreeMap<String, serde_json::Value>,
}

impl Profile {
    pub fn includes(&self, control_id: &str) -> bool {
        self.controls
            .iter()
            .any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => control_id.starts_with(prefix),
                None => pattern == control_id,
            })
    }
}
