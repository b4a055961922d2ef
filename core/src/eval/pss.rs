//! Pod Security Standards controls: K8S-PSS-B-1…12 run one baseline check each, K8S-PSS-R-1…7
//! one restricted check each, on every workload, at the level and policy version its namespace
//! enforces (labels `pod-security.kubernetes.io/enforce` and `enforce-version`), or the
//! parameters `default_level` / `default_version` where no Namespace object says.

use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::hash::HashMap;
use crate::path;
use crate::pss::{extract, CheckId, Enforcement, Level, PodView, Version};
use std::sync::Arc;

const ENFORCE: &str = "pod-security.kubernetes.io/enforce";
const ENFORCE_VERSION: &str = "pod-security.kubernetes.io/enforce-version";

/// The level and version a workload is held to, where they came from, and the messages every
/// workload that passes or is out of scope gets; computed once per namespace and control.
struct Policy {
    version: Version,
    /// The namespace labels behind the verdict, when a Namespace object was supplied.
    evidence: Arc<[Evidence]>,
    /// `Pod Security Standards <version>; <source>`, the tail of a failure's message.
    standard: String,
    /// Why the check does not apply in this namespace, if it does not.
    not_applicable: Option<Arc<str>>,
    /// The message of a workload that meets the check.
    pass: Arc<str>,
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

fn label_evidence(ns: Option<&Obj<'_>>) -> Arc<[Evidence]> {
    let Some(ns) = ns else {
        return Arc::new([]);
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
    out.into()
}

/// Reads the namespace labels, falling back to the parameters label by label as Pod Security
/// Admission falls back to its defaults. An invalid label is read as the reference reads it
/// (`restricted`, `latest`); an invalid parameter is a configuration error.
fn policy(ctx: &Ctx<'_>, namespace: &str, check: CheckId) -> Result<Policy, String> {
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
    let standard = format!("Pod Security Standards {}; {source}", version_text(version));
    let not_applicable = match enforcement {
        Enforcement::Privileged => Some(format!(
            "namespace enforces privileged: no Pod Security Standard applies; {source}"
        )),
        Enforcement::Level(Level::Baseline) if check.level() == Level::Restricted => Some(format!(
            "namespace enforces baseline, so restricted checks do not apply; {source}"
        )),
        Enforcement::Level(_) if !check.exists_at(version) => Some(format!(
            "not part of the Pod Security Standards {version}: `{check}` starts at v1.{}; {source}",
            check.since(),
        )),
        Enforcement::Level(_) => None,
    };
    Ok(Policy {
        version,
        evidence: label_evidence(ns),
        pass: format!(
            "meets `{check}` ({} check) of the {standard}",
            check.level()
        )
        .into(),
        not_applicable: not_applicable.map(Arc::from),
        standard,
    })
}

/// Runs `check` on every workload and reports one outcome per workload.
fn control(ctx: &Ctx<'_>, check: CheckId) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("workloads (`kubectl get deploy,sts,ds,job,cronjob,pod -A -o yaml`)");
    }
    let mut out = Vec::with_capacity(ctx.bundle.workload_count());
    // Per namespace: whether it is exempt, else its policy.
    let mut policies: HashMap<Option<&str>, Option<Result<Policy, String>>> = HashMap::default();
    for w in ctx.bundle.workloads() {
        if let Some(view) = extract::pod_view_of_workload(&w) {
            let policy = policies.entry(w.namespace).or_insert_with(|| {
                (!ctx.exempt(w.namespace))
                    .then(|| policy(ctx, w.namespace.unwrap_or("default"), check))
            });
            out.push(workload(
                check,
                k8s_resource(ctx, w.obj),
                w.obj,
                &view,
                policy.as_ref(),
            ));
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

/// The verdict on one workload; `policy` is `None` in an exempt namespace.
fn workload(
    check: CheckId,
    resource: Resource,
    obj: &Obj<'_>,
    view: &PodView<'_>,
    policy: Option<&Result<Policy, String>>,
) -> Outcome {
    let policy = match policy {
        None => {
            return Outcome::new(
                Status::NotApplicable,
                resource,
                "exempt namespace (parameter `exempt_namespaces`)",
            )
        }
        Some(Ok(policy)) => policy,
        Some(Err(why)) => return Outcome::new(Status::Error, resource, why.as_str()),
    };
    if let Some(why) = &policy.not_applicable {
        return Outcome::new(Status::NotApplicable, resource, why.clone())
            .with_shared(&policy.evidence);
    }
    // Baseline controls keep baseline semantics at restricted level too; the restricted check
    // that overrides one reports the stricter verdict under its own control.
    match check.run(view, policy.version) {
        None => {
            Outcome::new(Status::Pass, resource, policy.pass.clone()).with_shared(&policy.evidence)
        }
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
            .with_shared(&policy.evidence)
        }
    }
}

/// Runs the check of the control being evaluated (K8S-PSS-B-1…12, K8S-PSS-R-1…7).
pub fn evaluate(ctx: &Ctx<'_>) -> Vec<Outcome> {
    match CheckId::for_control(&ctx.control.id) {
        Some(check) => control(ctx, check),
        None => vec![Outcome::new(
            Status::Error,
            Resource::new("Control", ctx.control.id.as_str()),
            "not a Pod Security Standards control",
        )],
    }
}
