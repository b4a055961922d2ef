//! The user's configuration file: profile, parameter overrides, per-control settings, waivers.

use crate::finding::{Resource, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub profile: Option<String>,
    /// Values for every selected control that declares the parameter.
    #[serde(default)]
    pub parameters: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub controls: BTreeMap<String, ControlConfig>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ControlConfig {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub parameters: BTreeMap<String, serde_json::Value>,
}

/// An accepted risk: a failing or warning result turned into `waived`, with its justification.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// A control id, or a prefix ending in `*`.
    pub control: String,
    /// Which resources; fields left out match anything, `*` in a name matches any text.
    #[serde(default)]
    pub resource: ResourceMatch,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Last day the waiver applies (`YYYY-MM-DD`, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResourceMatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl Waiver {
    pub fn matches(&self, control: &str, resource: &Resource) -> bool {
        let field = |pattern: &Option<String>, value: Option<&str>| match pattern {
            None => true,
            Some(p) => value.is_some_and(|v| glob(p, v)),
        };
        glob(&self.control, control)
            && field(&self.resource.kind, Some(&resource.kind))
            && field(&self.resource.name, Some(&resource.name))
            && field(&self.resource.namespace, resource.namespace.as_deref())
            && field(&self.resource.cluster, resource.cluster.as_deref())
    }

    /// Whether the waiver has lapsed on `date` (`YYYY-MM-DD`).
    pub fn expired_on(&self, date: &str) -> bool {
        self.expires.as_deref().is_some_and(|e| e < date)
    }
}

/// `*` matches any run of characters; everything else literally.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let mut parts = parts.peekable();
    if parts.peek().is_none() {
        return rest.is_empty();
    }
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(i) => rest = rest.get(i + part.len()..).unwrap_or(""),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_matches_prefix_suffix_and_middle() {
        assert!(glob("EKS-*", "EKS-NET-1"));
        assert!(!glob("EKS-*", "K8S-NET-1"));
        assert!(glob("legacy-*-ng", "legacy-payments-ng"));
        assert!(!glob("legacy-*-ng", "legacy-payments-ng2"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
        assert!(glob("*", ""));
    }
}

/// Why a configuration file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config `{file}`: {message}")]
    Syntax { file: String, message: String },
    #[error("config `{file}`: {source}")]
    Invalid {
        file: String,
        source: serde_json::Error,
    },
}

/// Reads a configuration file (YAML or JSON); unknown fields are errors, to catch typos.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Config, ConfigError> {
    let parsed = crate::source::parse_file(
        &crate::source::InputFile::new(file, bytes),
        &crate::source::Limits::default(),
    );
    if let Some(e) = parsed.error {
        let at = e.line.map(|l| format!(" at line {l}")).unwrap_or_default();
        return Err(ConfigError::Syntax {
            file: file.to_string(),
            message: format!("{}{at}", e.message),
        });
    }
    let json = parsed
        .documents
        .first()
        .map_or(serde_json::Value::Null, crate::document::Node::to_json);
    if json.is_null() {
        return Ok(Config::default());
    }
    serde_json::from_value(json).map_err(|source| ConfigError::Invalid {
        file: file.to_string(),
        source,
    })
}
