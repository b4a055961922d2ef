//! The check registry: for each check its id, level, catalog control, first policy version and
//! the baseline check it replaces at restricted level.

use super::{
    allow_privilege_escalation, app_armor_profile, capabilities_baseline, capabilities_restricted,
    host_namespaces, host_path_volumes, host_ports, host_probes, privileged, proc_mount,
    proc_mount_restricted, restricted_volumes, run_as_non_root, run_as_user, se_linux_options,
    seccomp_profile_baseline, seccomp_profile_restricted, sysctls, windows_host_process, Level,
    PodView, Version, Violation,
};
use std::fmt;

/// One check of the Pod Security Standards, named as in the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckId {
    AppArmorProfile,
    CapabilitiesBaseline,
    HostNamespaces,
    HostPathVolumes,
    HostPorts,
    HostProbesAndHostLifecycle,
    Privileged,
    ProcMount,
    SeLinuxOptions,
    SeccompProfileBaseline,
    Sysctls,
    WindowsHostProcess,
    AllowPrivilegeEscalation,
    CapabilitiesRestricted,
    ProcMountRestricted,
    RestrictedVolumes,
    RunAsNonRoot,
    RunAsUser,
    SeccompProfileRestricted,
}

type CheckFn = for<'a> fn(&PodView<'a>, Version) -> Option<Violation<'a>>;

/// What the registry knows about a check.
#[derive(Clone, Copy)]
pub struct CheckSpec {
    pub level: Level,
    /// The catalog control reporting this check.
    pub control: &'static str,
    /// First policy minor version (v1.`since`) at which the check exists.
    pub since: u32,
    /// The baseline check this restricted check replaces at restricted level.
    pub overrides: Option<CheckId>,
    run: CheckFn,
}

impl fmt::Debug for CheckSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckSpec")
            .field("level", &self.level)
            .field("control", &self.control)
            .field("since", &self.since)
            .field("overrides", &self.overrides)
            .finish()
    }
}

const fn baseline(control: &'static str, since: u32, run: CheckFn) -> CheckSpec {
    CheckSpec {
        level: Level::Baseline,
        control,
        since,
        overrides: None,
        run,
    }
}

const fn restricted(
    control: &'static str,
    since: u32,
    overrides: Option<CheckId>,
    run: CheckFn,
) -> CheckSpec {
    CheckSpec {
        level: Level::Restricted,
        control,
        since,
        overrides,
        run,
    }
}

impl CheckId {
    /// Every check in the reference's evaluation order: baseline ids sorted, then restricted
    /// ids sorted (byte order, so `seLinuxOptions` precedes `seccompProfile_baseline`).
    pub const ALL: [CheckId; 19] = [
        CheckId::AppArmorProfile,
        CheckId::CapabilitiesBaseline,
        CheckId::HostNamespaces,
        CheckId::HostPathVolumes,
        CheckId::HostPorts,
        CheckId::HostProbesAndHostLifecycle,
        CheckId::Privileged,
        CheckId::ProcMount,
        CheckId::SeLinuxOptions,
        CheckId::SeccompProfileBaseline,
        CheckId::Sysctls,
        CheckId::WindowsHostProcess,
        CheckId::AllowPrivilegeEscalation,
        CheckId::CapabilitiesRestricted,
        CheckId::ProcMountRestricted,
        CheckId::RestrictedVolumes,
        CheckId::RunAsNonRoot,
        CheckId::RunAsUser,
        CheckId::SeccompProfileRestricted,
    ];

    /// The reference's id, e.g. `capabilities_baseline`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::AppArmorProfile => "appArmorProfile",
            CheckId::CapabilitiesBaseline => "capabilities_baseline",
            CheckId::HostNamespaces => "hostNamespaces",
            CheckId::HostPathVolumes => "hostPathVolumes",
            CheckId::HostPorts => "hostPorts",
            CheckId::HostProbesAndHostLifecycle => "hostProbesAndHostLifecycle",
            CheckId::Privileged => "privileged",
            CheckId::ProcMount => "procMount",
            CheckId::SeLinuxOptions => "seLinuxOptions",
            CheckId::SeccompProfileBaseline => "seccompProfile_baseline",
            CheckId::Sysctls => "sysctls",
            CheckId::WindowsHostProcess => "windowsHostProcess",
            CheckId::AllowPrivilegeEscalation => "allowPrivilegeEscalation",
            CheckId::CapabilitiesRestricted => "capabilities_restricted",
            CheckId::ProcMountRestricted => "procMount_restricted",
            CheckId::RestrictedVolumes => "restrictedVolumes",
            CheckId::RunAsNonRoot => "runAsNonRoot",
            CheckId::RunAsUser => "runAsUser",
            CheckId::SeccompProfileRestricted => "seccompProfile_restricted",
        }
    }

    /// The registry entry (spec tables §1.12 and §1.13 of the catalog design).
    pub fn spec(self) -> CheckSpec {
        use CheckId as C;
        match self {
            C::HostNamespaces => baseline("K8S-PSS-B-1", 0, host_namespaces::check),
            C::Privileged => baseline("K8S-PSS-B-2", 0, privileged::check),
            C::CapabilitiesBaseline => baseline("K8S-PSS-B-3", 0, capabilities_baseline::check),
            C::HostPathVolumes => baseline("K8S-PSS-B-4", 0, host_path_volumes::check),
            C::HostPorts => baseline("K8S-PSS-B-5", 0, host_ports::check),
            C::AppArmorProfile => baseline("K8S-PSS-B-6", 0, app_armor_profile::check),
            C::SeLinuxOptions => baseline("K8S-PSS-B-7", 0, se_linux_options::check),
            C::ProcMount => baseline("K8S-PSS-B-8", 0, proc_mount::check),
            C::SeccompProfileBaseline => {
                baseline("K8S-PSS-B-9", 0, seccomp_profile_baseline::check)
            }
            C::Sysctls => baseline("K8S-PSS-B-10", 0, sysctls::check),
            C::WindowsHostProcess => baseline("K8S-PSS-B-11", 0, windows_host_process::check),
            C::HostProbesAndHostLifecycle => baseline("K8S-PSS-B-12", 34, host_probes::check),
            C::RestrictedVolumes => restricted(
                "K8S-PSS-R-1",
                0,
                Some(C::HostPathVolumes),
                restricted_volumes::check,
            ),
            C::AllowPrivilegeEscalation => {
                restricted("K8S-PSS-R-2", 8, None, allow_privilege_escalation::check)
            }
            C::RunAsNonRoot => restricted("K8S-PSS-R-3", 0, None, run_as_non_root::check),
            C::RunAsUser => restricted("K8S-PSS-R-4", 23, None, run_as_user::check),
            C::SeccompProfileRestricted => restricted(
                "K8S-PSS-R-5",
                19,
                Some(C::SeccompProfileBaseline),
                seccomp_profile_restricted::check,
            ),
            C::CapabilitiesRestricted => restricted(
                "K8S-PSS-R-6",
                22,
                Some(C::CapabilitiesBaseline),
                capabilities_restricted::check,
            ),
            C::ProcMountRestricted => restricted(
                "K8S-PSS-R-7",
                35,
                Some(C::ProcMount),
                proc_mount_restricted::check,
            ),
        }
    }

    /// The check for a catalog control id.
    pub fn for_control(control: &str) -> Option<CheckId> {
        CheckId::ALL
            .into_iter()
            .find(|c| c.spec().control == control)
    }

    pub fn level(self) -> Level {
        self.spec().level
    }

    pub fn since(self) -> u32 {
        self.spec().since
    }

    pub fn overrides(self) -> Option<CheckId> {
        self.spec().overrides
    }

    pub fn control(self) -> &'static str {
        self.spec().control
    }

    /// Whether the check is part of the standards at `version`.
    pub fn exists_at(self, version: Version) -> bool {
        version.at_least(self.since())
    }

    /// Runs this check alone (whatever the level), at `version`.
    pub fn run<'a>(self, pod: &PodView<'a>, version: Version) -> Option<Violation<'a>> {
        if !self.exists_at(version) {
            return None;
        }
        (self.spec().run)(pod, version)
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
