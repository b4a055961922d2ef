//! Workload hygiene: root filesystems, service-account tokens, secrets and credentials, images,
//! namespaces, external secret stores.

use super::image_allowlist::ImageAllowlist;
use super::{k8s_resource, Ctx};
use crate::bundle::Obj;
use crate::config::glob;
use crate::document::{Node, Step};
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::hash::HashMap;
use crate::path;
use crate::workload::{workloads, Container, ContainerList, Workload};
use std::cell::RefCell;

/// Runs `check` on every workload outside the exempt namespaces.
fn per_workload<'a>(
    ctx: &Ctx<'a>,
    check: impl Fn(&Workload<'a>, Resource) -> Outcome,
) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("workloads (`kubectl get deploy,sts,ds,job,cronjob,pod -A -o yaml`)");
    }
    let all = workloads(ctx.bundle);
    if all.is_empty() {
        return vec![Outcome::new(
            Status::NotApplicable,
            Resource::new("Workload", "(none)"),
            "no workloads in the inputs",
        )];
    }
    let mut exempt = HashMap::default();
    all.iter()
        .map(|w| {
            let resource = k8s_resource(ctx, w.obj);
            let namespace = w.namespace();
            if *exempt
                .entry(namespace)
                .or_insert_with(|| ctx.exempt(namespace))
            {
                Outcome::new(
                    Status::NotApplicable,
                    resource,
                    "exempt namespace (parameter `exempt_namespaces`)",
                )
            } else {
                check(w, resource)
            }
        })
        .collect()
}

fn describe(c: &Container<'_>) -> String {
    let list = match c.list {
        ContainerList::Init => "init container",
        ContainerList::Regular => "container",
        ContainerList::Ephemeral => "ephemeral container",
    };
    format!("{list} \"{}\"", c.name())
}

pub fn wl_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_workload(ctx, |w, resource| {
        let mut bad = Vec::new();
        let mut evidence = Vec::new();
        for c in w
            .containers()
            .filter(|c| c.list != ContainerList::Ephemeral)
        {
            let field = path!["securityContext", "readOnlyRootFilesystem"];
            evidence.push(w.container_evidence(&c, field, "true"));
            if c.node.lookup(field).and_then(Node::as_bool) != Some(true) {
                bad.push(describe(&c));
            }
        }
        if bad.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                "every container has a read-only root filesystem",
            )
            .with_all(evidence)
        } else {
            evidence.retain(|e| e.observed != serde_json::json!(true));
            Outcome::new(Status::Fail, resource, format!("writable root filesystem: {} (set securityContext.readOnlyRootFilesystem: true, mount emptyDir for scratch)", bad.join(", "))).with_all(evidence)
        }
    })
}

pub fn wl_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let allowed = ctx.params.strings("token_required_workloads");
    per_workload(ctx, |w, resource| {
        let pod_field = path!["automountServiceAccountToken"];
        let pod_evidence = w.spec_evidence(pod_field, "false");
        let id = format!(
            "{}/{}",
            w.namespace().unwrap_or("default"),
            w.obj.k8s_name()
        );
        let allow_listed = allowed.iter().any(|p| glob(p, &id));
        let fail = |resource: Resource, why: String, evidence: Vec<Evidence>| {
            if allow_listed {
                Outcome::new(
                    Status::Pass,
                    resource,
                    format!("{why}; allowed by `token_required_workloads`"),
                )
                .with_all(evidence)
            } else {
                Outcome::new(Status::Fail, resource, format!("{why}: set automountServiceAccountToken: false unless the pod calls the API")).with_all(evidence)
            }
        };
        match w
            .spec
            .get("automountServiceAccountToken")
            .and_then(Node::as_bool)
        {
            Some(false) => {
                return Outcome::new(
                    Status::Pass,
                    resource,
                    "the pod does not mount a service-account token",
                )
                .with(pod_evidence)
            }
            Some(true) => {
                return fail(
                    resource,
                    "the pod mounts its service-account token".into(),
                    vec![pod_evidence],
                )
            }
            None => {}
        }
        let name = w
            .spec
            .str_at("serviceAccountName")
            .or(w.spec.str_at("serviceAccount"))
            .unwrap_or("default");
        let ns = w.namespace();
        let Some(sa) = ctx.bundle.k8s_get("ServiceAccount", ns, name) else {
            return Outcome::new(
                Status::NotAssessed,
                resource,
                format!("not assessed: the pod leaves automountServiceAccountToken unset and its ServiceAccount `{name}` was not supplied"),
            )
            .with(pod_evidence);
        };
        let sa_evidence = sa.evidence(path!["automountServiceAccountToken"], "false");
        match sa.get(path!["automountServiceAccountToken"]).and_then(Node::as_bool) {
            Some(false) => Outcome::new(Status::Pass, resource, format!("ServiceAccount `{name}` does not mount its token")).with(pod_evidence).with(sa_evidence),
            _ => fail(resource, format!("the token of ServiceAccount `{name}` is mounted (neither the pod nor the ServiceAccount sets false)"), vec![pod_evidence, sa_evidence]),
        }
    })
}

pub fn wl_3(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_workload(ctx, |w, resource| {
        let mut evidence = Vec::new();
        let mut bad = Vec::new();
        for c in w.containers() {
            for (i, env) in c
                .node
                .get("env")
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                if env.lookup(path!["valueFrom", "secretKeyRef"]).is_some() {
                    evidence.push(w.container_evidence(
                        &c,
                        &[
                            Step::Key("env"),
                            Step::Index(i),
                            Step::Key("valueFrom"),
                            Step::Key("secretKeyRef"),
                        ],
                        "secrets mounted as files",
                    ));
                    bad.push(format!(
                        "{} env {}",
                        describe(&c),
                        env.str_at("name").unwrap_or("?")
                    ));
                }
            }
            for (i, from) in c
                .node
                .get("envFrom")
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                if from.get("secretRef").is_some() {
                    evidence.push(w.container_evidence(
                        &c,
                        &[Step::Key("envFrom"), Step::Index(i), Step::Key("secretRef")],
                        "secrets mounted as files",
                    ));
                    bad.push(format!("{} envFrom secret", describe(&c)));
                }
            }
        }
        if bad.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                "no Secrets are exposed as environment variables",
            )
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("Secrets in environment variables: {}", bad.join(", ")),
            )
            .with_all(evidence)
        }
    })
}

const SECRET_NAME_HINTS: [&str; 8] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "private_key",
    "credential",
];

fn secret_like_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_NAME_HINTS.iter().any(|h| lower.contains(h)) || lower == "aws_access_key_id"
}

fn secret_like_value(value: &str) -> bool {
    value.contains("-----BEGIN") && value.contains("PRIVATE KEY")
        || value.starts_with("AKIA") && value.len() == 20
}

pub fn wl_4(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let mut out = per_workload(ctx, |w, resource| {
        let mut evidence = Vec::new();
        let mut bad = Vec::new();
        for c in w.containers() {
            for (i, env) in c
                .node
                .get("env")
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                let name = env.str_at("name").unwrap_or("");
                let Some(value) = env.str_at("value").filter(|v| !v.is_empty()) else {
                    continue;
                };
                if secret_like_name(name) || secret_like_value(value) {
                    let mut e = w.container_evidence(
                        &c,
                        &[Step::Key("env"), Step::Index(i), Step::Key("value")],
                        "no literal credential (use a Secret or external store)",
                    );
                    e.observed = serde_json::json!("(redacted)");
                    evidence.push(e);
                    bad.push(format!("{} env {name}", describe(&c)));
                }
            }
        }
        if bad.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                "no credential-like literal values in environment variables",
            )
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("credentials written into the manifest: {}", bad.join(", ")),
            )
            .with_all(evidence)
        }
    });
    for cm in ctx
        .bundle
        .k8s("ConfigMap")
        .filter(|c| !ctx.exempt(c.k8s_namespace()))
    {
        let mut evidence = Vec::new();
        for entry in cm.get(path!["data"]).map_or(&[][..], Node::as_map) {
            let value = entry.node.as_str().unwrap_or("");
            if (secret_like_name(&entry.key) && !value.is_empty()) || secret_like_value(value) {
                let mut e = cm.evidence(
                    &[Step::Key("data"), Step::Key(&entry.key)],
                    "no credential in a ConfigMap",
                );
                e.observed = serde_json::json!("(redacted)");
                evidence.push(e);
            }
        }
        if !evidence.is_empty() {
            out.push(Outcome::new(Status::Fail, k8s_resource(ctx, cm), format!("{} credential-like value(s) in ConfigMap data: move them to a Secret or external store", evidence.len())).with_all(evidence));
        }
    }
    out
}

/// Image references and where each is written.
fn images<'a>(w: &Workload<'a>) -> Vec<(Container<'a>, &'a str, Evidence)> {
    w.containers()
        .filter_map(|c| {
            c.node
                .str_at("image")
                .map(|img| (c, img, w.container_evidence(&c, path!["image"], "")))
        })
        .collect()
}

pub fn wl_5(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let patterns: Vec<(String, Option<regex_lite::Regex>)> = ctx
        .params
        .strings("allowed_registries")
        .into_iter()
        .map(|p| (p.to_string(), regex_lite::Regex::new(p).ok()))
        .collect();
    if let Some((bad, _)) = patterns.iter().find(|(_, r)| r.is_none()) {
        return vec![Outcome::new(
            Status::Error,
            Resource::new("Control", "K8S-WL-5"),
            format!("parameter `allowed_registries`: `{bad}` is not a valid regular expression"),
        )];
    }
    let expected = format!(
        "an image matching {}",
        patterns
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>()
            .join(" or ")
    );
    let allowlist = RefCell::new(ImageAllowlist::new(
        patterns.into_iter().filter_map(|(_, r)| r).collect(),
    ));
    per_workload(ctx, |w, resource| {
        let mut bad = Vec::new();
        let mut evidence = Vec::new();
        for (c, image, mut e) in images(w) {
            e.expected = expected.clone().into();
            if !allowlist.borrow_mut().is_approved(image) {
                bad.push(format!("{} uses {image}", describe(&c)));
            }
            evidence.push(e);
        }
        if bad.is_empty() {
            Outcome::new(
                Status::Pass,
                resource,
                "every image comes from an approved registry",
            )
            .with_all(evidence)
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("images from unapproved registries: {}", bad.join("; ")),
            )
            .with_all(evidence)
        }
    })
}

/// The tag of an image reference, ignoring a registry port (`host:5000/app`).
fn tag_of(image: &str) -> Option<&str> {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split_once(':').map(|(_, tag)| tag)
}

pub fn wl_6(ctx: &Ctx<'_>) -> Vec<Outcome> {
    per_workload(ctx, |w, resource| {
        let (mut floating, mut tagged, mut evidence) = (Vec::new(), Vec::new(), Vec::new());
        for (c, image, mut e) in images(w) {
            e.expected = "pinned by digest (@sha256:…)".into();
            if !image.contains("@sha256:") {
                match tag_of(image) {
                    None | Some("latest") => floating.push(format!("{} ({image})", describe(&c))),
                    Some(_) => tagged.push(format!("{} ({image})", describe(&c))),
                }
            }
            evidence.push(e);
        }
        if !floating.is_empty() {
            Outcome::new(
                Status::Fail,
                resource,
                format!(
                    "images without a tag or with `latest`: {}",
                    floating.join(", ")
                ),
            )
            .with_all(evidence)
        } else if !tagged.is_empty() {
            Outcome::new(
                Status::Warn,
                resource,
                format!("images pinned by tag, not digest: {}", tagged.join(", ")),
            )
            .with_all(evidence)
        } else {
            Outcome::new(Status::Pass, resource, "every image is pinned by digest")
                .with_all(evidence)
        }
    })
}

/// Kinds that have no namespace.
const CLUSTER_SCOPED: [&str; 16] = [
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "PriorityClass",
    "IngressClass",
    "CSIDriver",
    "APIService",
    "RuntimeClass",
    "VolumeSnapshotClass",
    "ClusterIssuer",
];

/// Objects Kubernetes itself creates in every namespace, including `default`.
fn created_by_kubernetes(obj: &Obj<'_>) -> bool {
    matches!(
        (obj.k8s_kind(), obj.k8s_name()),
        ("ServiceAccount", "default")
            | ("ConfigMap", "kube-root-ca.crt")
            | ("Service", "kubernetes")
            | ("Endpoints", "kubernetes")
            | ("EndpointSlice", "kubernetes")
    )
}

pub fn wl_7(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("Kubernetes manifests or a `kubectl get -A` dump");
    }
    let objects: Vec<&Obj<'_>> = ctx
        .all(crate::detect::Kind::Kubernetes)
        .iter()
        .filter(|o| !CLUSTER_SCOPED.contains(&o.k8s_kind()) && !o.k8s_kind().ends_with("List"))
        .filter(|o| !created_by_kubernetes(o))
        .collect();
    let in_default: Vec<&&Obj<'_>> = objects
        .iter()
        .filter(|o| o.k8s_namespace().is_none_or(|n| n == "default"))
        .collect();
    if in_default.is_empty() {
        return vec![Outcome::new(
            Status::Pass,
            Resource::new("Namespace", "default").in_cluster(ctx.bundle.sole_cluster()),
            format!(
                "none of the {} namespaced objects uses the default namespace",
                objects.len()
            ),
        )];
    }
    in_default
        .into_iter()
        .map(|o| {
            let message = if o.k8s_namespace().is_none() {
                "no namespace set: it is created in the current context's namespace, usually `default`"
            } else {
                "placed in the `default` namespace: use a dedicated namespace"
            };
            Outcome::new(Status::Fail, k8s_resource(ctx, o), message).with(o.evidence(path!["metadata", "namespace"], "a dedicated namespace"))
        })
        .collect()
}

pub fn sec_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    if !ctx.bundle.has_k8s() {
        return ctx.no_k8s("the cluster's SecretProviderClass / ExternalSecret objects");
    }
    let stores: Vec<&Obj<'_>> = ctx
        .bundle
        .k8s("SecretProviderClass")
        .chain(ctx.bundle.k8s("ExternalSecret"))
        .chain(ctx.bundle.k8s("ClusterSecretStore"))
        .chain(ctx.bundle.k8s("SecretStore"))
        .collect();
    match stores.first() {
        Some(first) => vec![Outcome::new(
            Status::Pass,
            Resource::new("Cluster", ctx.bundle.sole_cluster().unwrap_or("(cluster)")).in_cluster(ctx.bundle.sole_cluster()),
            format!("an external secret store is in use: {} object(s), e.g. {} `{}`", stores.len(), first.k8s_kind(), first.k8s_name()),
        )
        .with(first.evidence(path!["kind"], "SecretProviderClass or ExternalSecret"))],
        None => vec![Outcome::new(
            Status::Manual,
            Resource::new("Cluster", ctx.bundle.sole_cluster().unwrap_or("(cluster)")).in_cluster(ctx.bundle.sole_cluster()),
            "no SecretProviderClass or ExternalSecret in the inputs: confirm how secrets are stored (Secrets Store CSI driver, External Secrets, or KMS-encrypted Secrets)",
        )],
    }
}

const AWS_KEYS: [&str; 3] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

pub fn iam_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let mut out = per_workload(ctx, |w, resource| {
        let mut evidence = Vec::new();
        let mut found = Vec::new();
        for c in w.containers() {
            for (i, env) in c
                .node
                .get("env")
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                let name = env.str_at("name").unwrap_or("");
                if AWS_KEYS.contains(&name) {
                    let mut e = w.container_evidence(
                        &c,
                        &[Step::Key("env"), Step::Index(i)],
                        "no static AWS credentials (use IRSA or EKS Pod Identity)",
                    );
                    if env.get("value").is_some() {
                        e.observed = serde_json::json!({"name": name, "value": "(redacted)"});
                    }
                    evidence.push(e);
                    found.push(format!("{} {name}", describe(&c)));
                }
            }
        }
        if found.is_empty() {
            let sa = w.spec.str_at("serviceAccountName").unwrap_or("default");
            let irsa = ctx
                .bundle
                .k8s_get("ServiceAccount", w.namespace(), sa)
                .and_then(|s| {
                    s.str(path![
                        "metadata",
                        "annotations",
                        "eks.amazonaws.com/role-arn"
                    ])
                });
            let note = irsa
                .map(|r| format!("; AWS access through IRSA role {r}"))
                .unwrap_or_default();
            Outcome::new(
                Status::Pass,
                resource,
                format!("no static AWS credentials in the pod spec{note}"),
            )
        } else {
            Outcome::new(
                Status::Fail,
                resource,
                format!("static AWS credentials: {}", found.join(", ")),
            )
            .with_all(evidence)
        }
    });
    for secret in ctx.bundle.k8s("Secret") {
        let keys: Vec<&str> = ["data", "stringData"]
            .iter()
            .flat_map(|f| secret.get(&[Step::Key(f)]).map_or(&[][..], Node::as_map))
            .map(|e| &*e.key)
            .filter(|k| {
                AWS_KEYS.iter().any(|a| a.eq_ignore_ascii_case(k))
                    || k.eq_ignore_ascii_case("aws_secret_access_key")
            })
            .collect();
        if !keys.is_empty() {
            let mut e = secret.evidence(path!["data"], "no AWS access keys stored in Secrets");
            e.observed = serde_json::json!(keys);
            out.push(
                Outcome::new(
                    Status::Fail,
                    k8s_resource(ctx, secret),
                    format!("the Secret holds AWS access keys ({})", keys.join(", ")),
                )
                .with(e),
            );
        }
    }
    out
}
