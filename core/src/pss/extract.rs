//! The pod inside each workload kind Pod Security Admission evaluates: a Pod's own `metadata`
//! and `spec`, `spec.template` of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and
//! ReplicationController, `template` of PodTemplate, `spec.jobTemplate.spec.template` of CronJob
//! (the reference's default pod-spec extractor).

use super::PodView;
use crate::document::Node;
use crate::workload::{template_path, Workload};

/// The pod of an object of `kind`, when the kind carries one and its spec is a mapping.
pub fn pod_view<'a>(kind: &str, object: &'a Node) -> Option<PodView<'a>> {
    let prefix = template_path(kind)?;
    let template = object.lookup(prefix)?;
    let spec = template.get("spec").filter(|s| s.is_map())?;
    Some(PodView {
        metadata: template.get("metadata").filter(|m| m.is_map()),
        spec,
        prefix,
    })
}

/// The pod of a workload whose template was already found, under the same conditions.
pub fn pod_view_of_workload<'a>(workload: &Workload<'a>) -> Option<PodView<'a>> {
    Some(PodView {
        metadata: workload.metadata.filter(|m| m.is_map()),
        spec: Some(workload.spec).filter(|s| s.is_map())?,
        prefix: workload.prefix,
    })
}

/// The pod of a Kubernetes object, by its own `kind`.
pub fn pod_view_of(object: &Node) -> Option<PodView<'_>> {
    pod_view(object.str_at("kind")?, object)
}
