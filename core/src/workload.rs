//! Pod templates inside every workload kind that Pod Security Admission evaluates, and the
//! containers inside them.

use crate::bundle::{Bundle, Obj};
use crate::document::{Node, Step};
use crate::finding::Evidence;

/// Where the pod template (`metadata` + `spec`) sits in each workload kind.
pub fn template_path(kind: &str) -> Option<&'static [Step<'static>]> {
    const ROOT: &[Step<'static>] = &[];
    const TEMPLATE: &[Step<'static>] = &[Step::Key("spec"), Step::Key("template")];
    const POD_TEMPLATE: &[Step<'static>] = &[Step::Key("template")];
    const CRON_JOB: &[Step<'static>] = &[
        Step::Key("spec"),
        Step::Key("jobTemplate"),
        Step::Key("spec"),
        Step::Key("template"),
    ];
    Some(match kind {
        "Pod" => ROOT,
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "ReplicationController" => TEMPLATE,
        "PodTemplate" => POD_TEMPLATE,
        "CronJob" => CRON_JOB,
        _ => return None,
    })
}

/// The kinds that carry a pod template, in name order: controls then write their results in
/// the report's order (kind, then name and namespace; see `Bundle::k8s`), so sorting the
/// report finds them sorted.
pub const KINDS: [&str; 9] = [
    "CronJob",
    "DaemonSet",
    "Deployment",
    "Job",
    "Pod",
    "PodTemplate",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
];

/// A workload and its pod template.
#[derive(Clone, Debug)]
pub struct Workload<'a> {
    pub obj: &'a Obj<'a>,
    /// Steps from the object root to the pod template.
    pub prefix: &'static [Step<'static>],
    pub metadata: Option<&'a Node>,
    pub spec: &'a Node,
    /// `metadata.namespace` of the workload.
    pub namespace: Option<&'a str>,
}

/// Which list a container comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerList {
    Init,
    Regular,
    Ephemeral,
}

impl ContainerList {
    pub const ALL: [ContainerList; 3] = [
        ContainerList::Init,
        ContainerList::Regular,
        ContainerList::Ephemeral,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContainerList::Init => "initContainers",
            ContainerList::Regular => "containers",
            ContainerList::Ephemeral => "ephemeralContainers",
        }
    }
}

/// A container with where it sits in the pod spec.
#[derive(Clone, Copy, Debug)]
pub struct Container<'a> {
    pub list: ContainerList,
    pub index: usize,
    pub node: &'a Node,
}

impl<'a> Container<'a> {
    pub fn name(&self) -> &'a str {
        self.node.str_at("name").unwrap_or("")
    }

    /// Steps from the pod spec to `rest` inside this container.
    pub fn steps<'s>(&self, rest: &[Step<'s>]) -> Vec<Step<'s>> {
        let mut steps = vec![Step::Key(self.list.key()), Step::Index(self.index)];
        steps.extend_from_slice(rest);
        steps
    }
}

impl<'a> Workload<'a> {
    pub fn namespace(&self) -> Option<&'a str> {
        self.namespace
    }

    /// Labels of the pods this workload creates.
    pub fn pod_labels(&self) -> &'a [crate::document::Entry] {
        self.metadata
            .and_then(|m| m.get("labels"))
            .map_or(&[], Node::as_map)
    }

    /// Every container: init, regular and ephemeral.
    pub fn containers(&self) -> impl Iterator<Item = Container<'a>> + 'a {
        let spec = self.spec;
        ContainerList::ALL.into_iter().flat_map(move |list| {
            spec.get(list.key())
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
                .map(move |(index, node)| Container { list, index, node })
        })
    }

    /// Evidence for `steps` below the pod spec.
    pub fn spec_evidence(
        &self,
        steps: &[Step<'_>],
        expected: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Evidence {
        self.evidence_at("spec", steps, expected)
    }

    /// Evidence for `steps` below the pod metadata.
    pub fn metadata_evidence(
        &self,
        steps: &[Step<'_>],
        expected: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Evidence {
        self.evidence_at("metadata", steps, expected)
    }

    /// Evidence for `rest` below a container of the pod spec.
    pub fn container_evidence(
        &self,
        container: &Container<'_>,
        rest: &[Step<'_>],
        expected: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Evidence {
        let at = [
            Step::Key("spec"),
            Step::Key(container.list.key()),
            Step::Index(container.index),
        ];
        let steps = self.prefix.iter().chain(&at).chain(rest);
        self.obj.evidence_along(steps, expected)
    }

    fn evidence_at(
        &self,
        part: &str,
        steps: &[Step<'_>],
        expected: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Evidence {
        let part = [Step::Key(part)];
        let full = self.prefix.iter().chain(&part).chain(steps);
        self.obj.evidence_along(full, expected)
    }
}

/// Every workload in the inputs, with its pod template.
pub fn workloads<'a>(bundle: &'a Bundle<'a>) -> Vec<Workload<'a>> {
    let mut all = Vec::with_capacity(bundle.workload_count());
    all.extend(bundle.workloads());
    all
}
