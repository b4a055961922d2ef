//! Evaluation settings as hosts pass them: OPA's `data` document, Kubewarden's policy settings
//! and the JavaScript API's options all share this one shape.

use posture_core::config::{ControlConfig, Waiver};
use posture_core::{Config, ScanOptions};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `{"profile", "parameters", "controls", "waivers", "timestamp"}`; every field is optional.
/// Unknown fields are errors, as in the CLI's configuration file, so a typo never weakens a
/// check silently.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub parameters: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub controls: BTreeMap<String, ControlConfig>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    /// Evaluation time (RFC 3339). The module has no clock, so time-dependent verdicts (EKS
    /// version support, waiver expiry) use this; the core's fixed default otherwise.
    #[serde(default)]
    pub timestamp: Option<String>,
    /// Pod Security Standard level for workloads whose namespace has no enforce label, as the
    /// CLI's `--pss-level`: sets the parameter `default_level`.
    #[serde(default)]
    pub pss_level: Option<String>,
    /// Policy version for namespaces without an enforce-version label, as `--pss-version`:
    /// sets the parameter `default_version`.
    #[serde(default)]
    pub pss_version: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid settings: {0}")]
pub struct SettingsError(String);

impl Settings {
    /// Reads settings from a JSON value; `null` (no data document) means defaults.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, SettingsError> {
        if value.is_null() {
            return Ok(Settings::default());
        }
        let settings = Settings::deserialize(value).map_err(|e| SettingsError(e.to_string()))?;
        if let Some(level) = &settings.pss_level {
            posture_core::pss::Enforcement::parse(level)
                .map_err(|e| SettingsError(format!("pss_level: {e}")))?;
        }
        if let Some(version) = &settings.pss_version {
            posture_core::pss::Version::parse(version)
                .map_err(|e| SettingsError(format!("pss_version: {e}")))?;
        }
        Ok(settings)
    }

    /// Everything a scan would refuse (profile, control and parameter names and types,
    /// timestamp, waiver dates), checked without input, e.g. when a policy server loads them.
    pub fn check(&self) -> Result<(), SettingsError> {
        let catalog = posture_core::catalog().map_err(|e| SettingsError(e.to_string()))?;
        posture_core::engine::plan(catalog, &self.scan_options())
            .map(|_| ())
            .map_err(|e| SettingsError(e.to_string()))
    }

    /// Scan options for these settings. The core checks profile, parameter and control names
    /// when the scan is planned.
    pub fn scan_options(&self) -> ScanOptions {
        let mut options = ScanOptions {
            profile: self.profile.clone(),
            config: Config {
                profile: None,
                parameters: self.parameters.clone(),
                controls: self.controls.clone(),
                waivers: self.waivers.clone(),
            },
            ..ScanOptions::default()
        };
        if let Some(timestamp) = &self.timestamp {
            options.timestamp = timestamp.clone();
        }
        // As on the command line, these win over `parameters`.
        for (name, value) in [
            ("default_level", &self.pss_level),
            ("default_version", &self.pss_version),
        ] {
            if let Some(value) = value {
                options
                    .config
                    .parameters
                    .insert(name.into(), value.clone().into());
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use serde_json::json;

    #[test]
    fn null_means_defaults_and_unknown_fields_are_rejected() {
        assert_eq!(
            Settings::from_json(&json!(null)).unwrap(),
            Settings::default()
        );
        let err = Settings::from_json(&json!({"profil": "fsi"})).unwrap_err();
        assert!(err.to_string().contains("profil"), "{err}");
    }

    #[test]
    fn fields_reach_the_scan_options() {
        let s = Settings::from_json(&json!({
            "profile": "cis-eks",
            "parameters": {"approved_kms_key_arns": ["arn:aws:kms:eu-west-1:1:key/x"]},
            "controls": {"EKS-NODE-9": {"enabled": false}},
            "timestamp": "2026-11-24T00:00:00Z"
        }))
        .unwrap();
        let o = s.scan_options();
        assert_eq!(o.profile.as_deref(), Some("cis-eks"));
        assert_eq!(o.timestamp, "2026-11-24T00:00:00Z");
        assert!(o.config.parameters.contains_key("approved_kms_key_arns"));
        assert_eq!(o.config.controls["EKS-NODE-9"].enabled, Some(false));
        assert!(s.check().is_ok());
    }

    #[test]
    fn pod_security_level_and_version_become_parameters() {
        let s = Settings::from_json(&json!({"pss_level": "baseline", "pss_version": "v1.30"}));
        let o = s.unwrap().scan_options();
        assert_eq!(o.config.parameters["default_level"], "baseline");
        assert_eq!(o.config.parameters["default_version"], "v1.30");
        assert!(Settings::from_json(&json!({"pss_level": "strict"})).is_err());
        assert!(Settings::from_json(&json!({"pss_version": "v2.0"})).is_err());
    }

    #[test]
    fn check_refuses_what_a_scan_would_refuse() {
        let refused = |v| {
            Settings::from_json(&v)
                .unwrap()
                .check()
                .unwrap_err()
                .to_string()
        };
        assert!(refused(json!({"profile": "pci"})).contains("unknown profile `pci`"));
        assert!(refused(json!({"parameters": {"nope": 1}})).contains("nope"));
        assert!(refused(json!({"timestamp": "today"})).contains("RFC 3339"));
        assert!(refused(json!({"controls": {"EKS-NOPE-1": {}}})).contains("EKS-NOPE-1"));
    }
}
