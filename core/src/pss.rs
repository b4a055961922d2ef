//! The Kubernetes Pod Security Standards as the reference admission plugin
//! (`k8s.io/pod-security-admission`, package `policy`) defines them: every check, at levels
//! baseline and restricted, for every policy version from v1.0 to the newest known.
//!
//! A pure engine over a pod's metadata and spec; the catalog controls built on it live in
//! `eval/pss.rs`.

mod allow_privilege_escalation;
mod app_armor_profile;
mod capabilities_baseline;
mod capabilities_restricted;
pub mod extract;
mod host_namespaces;
mod host_path_volumes;
mod host_ports;
mod host_probes;
mod privileged;
mod proc_mount;
mod proc_mount_restricted;
mod registry;
mod restricted_volumes;
mod run_as_non_root;
mod run_as_user;
mod se_linux_options;
mod seccomp_profile_baseline;
mod seccomp_profile_restricted;
mod sysctls;
mod visit;
mod windows_host_process;

pub use registry::{CheckId, CheckSpec};

use crate::document::{Node, Step};
use std::fmt;

/// Why a level or version text could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PssError {
    #[error("`{0}` is not a policy version: use \"latest\" or \"v1.<minor>\"")]
    InvalidVersion(String),
    #[error("`{0}` is not a Pod Security Standard level: use privileged, baseline or restricted")]
    InvalidLevel(String),
}

/// A Pod Security Standard level that restricts something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Baseline,
    Restricted,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a namespace enforces: nothing (`privileged`) or a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Enforcement {
    Privileged,
    Level(Level),
}

impl Enforcement {
    /// The value of a `pod-security.kubernetes.io/enforce` label; exact, as the reference reads it.
    pub fn parse(text: &str) -> Result<Enforcement, PssError> {
        match text {
            "privileged" => Ok(Enforcement::Privileged),
            "baseline" => Ok(Enforcement::Level(Level::Baseline)),
            "restricted" => Ok(Enforcement::Level(Level::Restricted)),
            other => Err(PssError::InvalidLevel(other.to_string())),
        }
    }
}

impl fmt::Display for Enforcement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Enforcement::Privileged => f.write_str("privileged"),
            Enforcement::Level(level) => level.fmt(f),
        }
    }
}

/// A policy version: `latest`, or `v1.<minor>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    Latest,
    Minor(u32),
}

impl Version {
    /// The newest policy version whose checks are known (the newest in the reference fixtures).
    pub const NEWEST: u32 = 37;

    /// Parses `latest` or `v1.<minor>` exactly as the reference does (no leading zeros, no
    /// other major version).
    pub fn parse(text: &str) -> Result<Version, PssError> {
        if text == "latest" {
            return Ok(Version::Latest);
        }
        let invalid = || PssError::InvalidVersion(text.to_string());
        let minor = text.strip_prefix("v1.").ok_or_else(invalid)?;
        let digits_only = !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit());
        if !digits_only || (minor.len() > 1 && minor.starts_with('0')) {
            return Err(invalid());
        }
        // A minor too large for u32 is still a valid (future) version: it behaves as latest.
        Ok(Version::Minor(minor.parse::<u32>().unwrap_or(u32::MAX)))
    }

    /// The minor version whose rules apply: `latest` and anything newer than the newest known
    /// behave as the newest known, like the reference registry's clamp to its maximum version.
    pub fn effective_minor(self) -> u32 {
        match self {
            Version::Latest => Self::NEWEST,
            Version::Minor(minor) => minor.min(Self::NEWEST),
        }
    }

    /// Whether the rules of policy version v1.`minor` or later apply.
    pub fn at_least(self, minor: u32) -> bool {
        self.effective_minor() >= minor
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Latest => f.write_str("latest"),
            Version::Minor(minor) => write!(f, "v1.{minor}"),
        }
    }
}

/// A pod as the checks see it: metadata and spec, with the steps from the object root to each
/// (so evidence points into Deployments and CronJobs, not only bare Pods).
#[derive(Clone, Debug)]
pub struct PodView<'a> {
    pub metadata: Option<&'a Node>,
    pub spec: &'a Node,
    /// Steps from the object root to the pod template (empty for a bare Pod).
    pub prefix: &'static [Step<'static>],
}

impl<'a> PodView<'a> {
    /// A bare pod: `metadata` and `spec` at the root of `pod`.
    pub fn of_pod(pod: &'a Node) -> Option<PodView<'a>> {
        extract::pod_view("Pod", pod)
    }

    /// Steps from the object root to `field`.
    pub fn steps_from_root(&self, field: &Field<'a>) -> Vec<Step<'a>> {
        let part = match field.part {
            Part::Metadata => "metadata",
            Part::Spec => "spec",
        };
        let mut steps: Vec<Step<'a>> =
            Vec::with_capacity(self.prefix.len() + 1 + field.steps.len());
        steps.extend_from_slice(self.prefix);
        steps.push(Step::Key(part));
        steps.extend_from_slice(&field.steps);
        steps
    }

    /// A pod-level annotation.
    fn annotations(&self) -> &'a [crate::document::Entry] {
        self.metadata
            .and_then(|m| m.get("annotations"))
            .map_or(&[], Node::as_map)
    }
}

/// Which part of the pod a field sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Metadata,
    Spec,
}

/// One offending field: where it is (relative to the pod's metadata or spec) and what was
/// expected there.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<'a> {
    pub part: Part,
    pub steps: Vec<Step<'a>>,
    pub expected: String,
}

impl<'a> Field<'a> {
    pub fn spec(steps: Vec<Step<'a>>, expected: impl Into<String>) -> Self {
        Field {
            part: Part::Spec,
            steps,
            expected: expected.into(),
        }
    }

    pub fn metadata(steps: Vec<Step<'a>>, expected: impl Into<String>) -> Self {
        Field {
            part: Part::Metadata,
            steps,
            expected: expected.into(),
        }
    }
}

/// A check that forbids the pod, with the reference's reason and detail texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation<'a> {
    pub check: CheckId,
    /// Short, e.g. `privileged`.
    pub reason: String,
    /// Which containers or fields, e.g. `container "app" must not set securityContext.privileged=true`.
    pub detail: String,
    pub fields: Vec<Field<'a>>,
}

impl<'a> Violation<'a> {
    pub(crate) fn new(
        check: CheckId,
        reason: impl Into<String>,
        detail: impl Into<String>,
        fields: Vec<Field<'a>>,
    ) -> Self {
        Violation {
            check,
            reason: reason.into(),
            detail: detail.into(),
            fields,
        }
    }

    /// `reason (detail)`, as the reference prints a forbidden check.
    pub fn message(&self) -> String {
        if self.detail.is_empty() {
            self.reason.clone()
        } else {
            format!("{} ({})", self.reason, self.detail)
        }
    }
}

/// The checks that run at `level` and `version`, in the reference's order (baseline checks,
/// then restricted ones, each sorted by id). At restricted level a restricted check replaces
/// the baseline checks it overrides, from the version where it exists.
pub fn checks_for(level: Level, version: Version) -> Vec<CheckId> {
    let active = |c: &CheckId| {
        c.exists_at(version) && (c.level() == Level::Baseline || level == Level::Restricted)
    };
    let overridden: Vec<CheckId> = CheckId::ALL
        .iter()
        .filter(|c| active(c))
        .filter_map(|c| c.overrides())
        .collect();
    CheckId::ALL
        .iter()
        .copied()
        .filter(|c| active(c) && !overridden.contains(c))
        .collect()
}

/// Every violation of the Pod Security Standard `level` at policy `version`; empty when the
/// reference would admit the pod.
pub fn evaluate<'a>(pod: &PodView<'a>, level: Level, version: Version) -> Vec<Violation<'a>> {
    checks_for(level, version)
        .into_iter()
        .filter_map(|check| check.run(pod, version))
        .collect()
}

#[cfg(test)]
mod tests;
