//! Threat detection: GuardDuty EKS audit-log and runtime monitoring.

use super::{cluster_name, Ctx};
use crate::bundle::Obj;
use crate::detect::Kind;
use crate::document::Node;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;

fn detector_resource(detector: &Obj<'_>, cluster: Option<&str>) -> Resource {
    Resource::new("AWS::GuardDuty::Detector", detector.file.clone()).in_cluster(cluster)
}

/// The feature named `name` and its index in `Features`.
fn feature<'a>(detector: &Obj<'a>, name: &str) -> Option<(usize, &'a Node)> {
    detector
        .get(path!["Features"])?
        .as_seq()
        .iter()
        .enumerate()
        .find(|(_, f)| f.str_at("Name") == Some(name))
}

fn enabled(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str) == Some("ENABLED")
}

pub fn det_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let detectors = ctx.all(Kind::GuardDutyDetector);
    if detectors.is_empty() {
        return vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("AWS::GuardDuty::Detector", "(none supplied)").in_cluster(ctx.bundle.sole_cluster()),
            "not assessed: needs `aws guardduty get-detector --detector-id <id>` for the cluster's region",
        )];
    }
    detectors
        .iter()
        .map(|d| {
            let resource = detector_resource(d, ctx.bundle.sole_cluster());
            let status_evidence = d.evidence(path!["Status"], "ENABLED");
            if !enabled(d.get(path!["Status"])) {
                return Outcome::new(
                    Status::Fail,
                    resource,
                    "the GuardDuty detector is not enabled",
                )
                .with(status_evidence);
            }
            if let Some((i, f)) = feature(d, "EKS_AUDIT_LOGS") {
                let evidence = d.evidence(path!["Features", i, "Status"], "ENABLED");
                return if enabled(f.get("Status")) {
                    Outcome::new(
                        Status::Pass,
                        resource,
                        "GuardDuty EKS audit-log monitoring is enabled",
                    )
                } else {
                    Outcome::new(
                        Status::Fail,
                        resource,
                        "GuardDuty EKS audit-log monitoring (EKS_AUDIT_LOGS) is disabled",
                    )
                }
                .with(status_evidence)
                .with(evidence);
            }
            let legacy = path!["DataSources", "Kubernetes", "AuditLogs", "Status"];
            let evidence = d.evidence(legacy, "ENABLED");
            if enabled(d.get(legacy)) {
                Outcome::new(
                    Status::Pass,
                    resource,
                    "GuardDuty EKS audit-log monitoring is enabled (legacy DataSources)",
                )
            } else {
                Outcome::new(
                    Status::Fail,
                    resource,
                    "GuardDuty EKS audit-log monitoring is not enabled",
                )
            }
            .with(status_evidence)
            .with(evidence)
        })
        .collect()
}

/// Whether the detector covers EKS with runtime monitoring, and the fields that say so.
fn runtime_covered(d: &Obj<'_>) -> (bool, Vec<Evidence>) {
    let mut evidence = Vec::new();
    if !enabled(d.get(path!["Status"])) {
        return (false, vec![d.evidence(path!["Status"], "ENABLED")]);
    }
    if let Some((i, f)) = feature(d, "RUNTIME_MONITORING") {
        evidence.push(d.evidence(path!["Features", i, "Status"], "ENABLED"));
        let addon_managed = f
            .get("AdditionalConfiguration")
            .map_or(&[][..], Node::as_seq)
            .iter()
            .enumerate()
            .find(|(_, c)| c.str_at("Name") == Some("EKS_ADDON_MANAGEMENT"));
        if let Some((j, c)) = addon_managed {
            evidence.push(d.evidence(
                path!["Features", i, "AdditionalConfiguration", j, "Status"],
                "ENABLED",
            ));
            if enabled(f.get("Status")) && enabled(c.get("Status")) {
                return (true, evidence);
            }
        }
    }
    if let Some((i, f)) = feature(d, "EKS_RUNTIME_MONITORING") {
        evidence.push(d.evidence(path!["Features", i, "Status"], "ENABLED"));
        if enabled(f.get("Status")) {
            return (true, evidence);
        }
    }
    if evidence.is_empty() {
        evidence.push(d.evidence(
            path!["Features"],
            "RUNTIME_MONITORING with EKS_ADDON_MANAGEMENT enabled",
        ));
    }
    (false, evidence)
}

pub fn det_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let detectors = ctx.all(Kind::GuardDutyDetector);
    let agent = ctx
        .clusters()
        .iter()
        .find_map(|c| ctx.addon(cluster_name(c), "aws-guardduty-agent"))
        .or_else(|| {
            ctx.all(Kind::EksAddon)
                .iter()
                .find(|a| a.node.str_at("addonName") == Some("aws-guardduty-agent"))
        });
    if let Some(agent) = agent.filter(|a| a.node.str_at("status") == Some("ACTIVE")) {
        return vec![Outcome::new(
            Status::Pass,
            Resource::new("AWS::EKS::Addon", "aws-guardduty-agent")
                .in_cluster(agent.node.str_at("clusterName")),
            "the GuardDuty runtime agent add-on is active",
        )
        .with(agent.evidence(path!["status"], "ACTIVE"))];
    }
    if detectors.is_empty() {
        return vec![Outcome::new(
            Status::NotAssessed,
            Resource::new("AWS::GuardDuty::Detector", "(none supplied)").in_cluster(ctx.bundle.sole_cluster()),
            "not assessed: needs `aws guardduty get-detector` or `aws eks describe-addon --addon-name aws-guardduty-agent`",
        )];
    }
    detectors
        .iter()
        .map(|d| {
            let resource = detector_resource(d, ctx.bundle.sole_cluster());
            match runtime_covered(d) {
                (true, evidence) => Outcome::new(Status::Pass, resource, "GuardDuty runtime monitoring covers EKS").with_all(evidence),
                (false, evidence) => Outcome::new(
                    Status::Fail,
                    resource,
                    "GuardDuty runtime monitoring does not cover EKS: enable RUNTIME_MONITORING with EKS_ADDON_MANAGEMENT",
                )
                .with_all(evidence),
            }
        })
        .collect()
}
