//! Pod Security Standards controls: K8S-PSS-B-1…12 run one baseline check each, K8S-PSS-R-1…7
//! one restricted check each, on every workload, at the level and policy version its namespace
//! enforces (labels `pod-security.kubernetes.io/enforce` and `enforce-version`), or the
//! parameters `default_level` / `default_version` where no Namespace object says.

use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;
use crate::pss::{extract, CheckId, Enforcement, Level, PodView, Version};
use crate::workload::KINDS;
use std::collections::HashMap;

const ENFORCE: &str = "pod-security.kubernetes.io/enforce";
const ENFORCE_VERSION: &str = "pod-security.kubernetes.io/enforce-version";

/// The level and version a workload is held to, and where they came from; computed once per
/// namespace and control.
struct Policy {
    enforcement: Enforcement,
    version: Version,
    /// The namespace labels behind the verdict, when a Namespace object was supplied.
    evidence: Vec<Evidence>,
    /// Where the level and version came from, for messages.
    source: String,
    /// `Pod Security Standards <version>; <source>`, the tail of every message (built once).
    standard: String,
}

/// The version as evaluated, e.g. `latest (v1.37)` or `v1.28`.
fn version_text(version: Version) -> String {
    let newest = Version::NEWEST;
    match version {
        Version::Latest => format!("latest (v1.{newest})"),
        Version::Minor(minor) if minor > newest => {
            format!("v1.{minor} (evaluated as v1.{newest}, the newest known)")
        }
        Version::Minor(minor) => format!("v1.{minor}"),
    }
}

fn label_evidence(ns: Option<&Obj<'_>>) -> Vec<Evidence> {
    let Some(ns) = ns else {
        return Vec::new();
    };
    let mut out = vec![ns.evidence(
        path!["metadata", "labels", ENFORCE],
        "baseline or restricted",
    )];
    if ns
        .get(path!["metadata", "labels", ENFORCE_VERSION])
        .is_some()
    {
        out.push(ns.evidence(
            path!["metadata", "labels", ENFORCE_VERSION],
            "latest or v1.<minor>",
        ));
    }
    out
}

/// Reads the namespace labels, falling back to the parameters label by label as Pod Security
/// Admission falls back to its defaults. An invalid label is read as the reference reads it
/// (`restricted`, `latest`); an invalid parameter is a configuration error.
fn policy(ctx: &Ctx<'_>, namespace: &str) -> Result<Policy, String> {
    let ns = ctx.bundle.k8s_get("Namespace", None, namespace);
    let label = |key: &str| ns.and_then(|n| n.str(path!["metadata", "labels", key]));
    let (enforcement, level_source) = match label(ENFORCE) {
        Some(text) => match Enforcement::parse(text) {
            Ok(e) => (e, format!("namespace `{namespace}` enforces `{text}`")),
            Err(_) => (
                Enforcement::Level(Level::Restricted),
                format!("namespace `{namespace}` has the invalid label `{ENFORCE}={text}`, which Pod Security Admission reads as `restricted`"),
            ),
        },
        None => {
            let text = ctx.params.str("default_level").unwrap_or("restricted");
            let e = Enforcement::parse(text).map_err(|e| format!("parameter `default_level`: {e}"))?;
            let whose = match ns {
                Some(_) => format!("namespace `{namespace}` has no `{ENFORCE}` label"),
                None => format!("no Namespace object for `{namespace}`"),
            };
            (e, format!("{whose}; default level `{text}` (parameter `default_level`)"))
        }
    };
    let (version, version_source) = match label(ENFORCE_VERSION) {
        Some(text) => match Version::parse(text) {
            Ok(v) => (v, format!("pinned to `{text}`")),
            Err(_) => (
                Version::Latest,
                format!("invalid `{ENFORCE_VERSION}={text}`, read as `latest`"),
            ),
        },
        None => {
            let text = ctx.params.str("default_version").unwrap_or("latest");
            let v =
                Version::parse(text).map_err(|e| format!("parameter `default_version`: {e}"))?;
            (v, format!("version `{text}` (parameter `default_version`)"))
        }
    };
    let source = format!("{level_source}, {version_source}");
    Ok(Policy {
        enforcement,
        version,
        evidence: label_evidence(ns),
        standard: format!("Pod Security Standards {}; {source}", version_text(version)),
        source,
    })
}

/// Runs `check` on every workload and reports one outcome per workload.
fn control(ctx: &Ctx<'_>, check: CheckId) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("workloads (`kubectl get deploy,sts,ds,job,cronjob,pod -A -o yaml`)");
    }
    let mut out = Vec::new();
    let mut policies: HashMap<&str, Result<Policy, String>> = HashMap::new();
    for kind in KINDS {
        for obj in ctx.bundle.k8s(kind) {
            if let Some(view) = extract::pod_view(kind, obj.node) {
                let namespace = obj.k8s_namespace().unwrap_or("default");
                let policy = policies
                    .entry(namespace)
                    .or_insert_with(|| policy(ctx, namespace));
                out.push(workload(ctx, check, obj, &view, policy));
            }
        }
    }
    if out.is_empty() {
        out.push(Outcome::new(
            Status::NotApplicable,
            Resource::new("Workload", "(none)").in_cluster(ctx.bundle.sole_cluster()),
            "no workloads in the inputs",
        ));
    }
    out
}

fn workload(
    ctx: &Ctx<'_>,
    check: CheckId,
    obj: &Obj<'_>,
    view: &PodView<'_>,
    policy: &Result<Policy, String>,
) -> Outcome {
    let resource = k8s_resource(ctx, obj);
    if ctx.exempt(obj.k8s_namespace()) {
        return Outcome::new(
            Status::NotApplicable,
            resource,
            "exempt namespace (parameter `exempt_namespaces`)",
        );
    }
    let policy = match policy {
        Ok(policy) => policy,
        Err(why) => return Outcome::new(Status::Error, resource, why.clone()),
    };
    let not_applicable = |why: String| {
        Outcome::new(Status::NotApplicable, resource.clone(), why)
            .with_all(policy.evidence.iter().cloned())
    };
    let level = match policy.enforcement {
        Enforcement::Privileged => {
            return not_applicable(format!(
                "namespace enforces privileged: no Pod Security Standard applies; {}",
                policy.source
            ))
        }
        Enforcement::Level(level) => level,
    };
    if check.level() == Level::Restricted && level == Level::Baseline {
        return not_applicable(format!(
            "namespace enforces baseline, so restricted checks do not apply; {}",
            policy.source
        ));
    }
    if !check.exists_at(policy.version) {
        return not_applicable(format!(
            "not part of the Pod Security Standards {}: `{check}` starts at v1.{}; {}",
            policy.version,
            check.since(),
            policy.source
        ));
    }
    // Baseline controls keep baseline semantics at restricted level too; the restricted check
    // that overrides one reports the stricter verdict under its own control.
    match check.run(view, policy.version) {
        None => Outcome::new(
            Status::Pass,
            resource,
            format!(
                "meets `{check}` ({} check) of the {}",
                check.level(),
                policy.standard
            ),
        )
        .with_all(policy.evidence.iter().cloned()),
        Some(violation) => {
            let evidence: Vec<Evidence> = violation
                .fields
                .iter()
                .map(|f| obj.evidence(&view.steps_from_root(f), f.expected.clone()))
                .collect();
            Outcome::new(
                Status::Fail,
                resource,
                format!("{}; {}", violation.message(), policy.standard),
            )
            .with_all(evidence)
            .with_all(policy.evidence.iter().cloned())
        }
    }
}

/// Runs the check of the control being evaluated (K8S-PSS-B-1…12, K8S-PSS-R-1…7).
pub fn evaluate(ctx: &Ctx<'_>) -> Vec<Outcome> {
    match CheckId::for_control(&ctx.control.id) {
        Some(check) => control(ctx, check),
        None => vec![Outcome::new(
            Status::Error,
            Resource::new("Control", &ctx.control.id),
            "not a Pod Security Standards control",
        )],
    }
}
