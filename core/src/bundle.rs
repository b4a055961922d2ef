//! The parsed inputs of one scan, indexed by kind so cross-object controls never rescan.

use crate::detect::{detect, Detection, Kind};
use crate::document::{extend_pointer, Node, Step};
use crate::finding::{Evidence, Resource};
use crate::hash::HashMap;
use crate::source::SourceFile;
use crate::workload::{template_path, Workload, KINDS};
use std::borrow::Cow;
use std::sync::Arc;

/// An object inside an input file, with what is needed to point an auditor at any field of it.
#[derive(Clone, Debug)]
pub struct Obj<'a> {
    pub kind: Kind,
    pub node: &'a Node,
    /// The file's name, shared by every object and result from it.
    pub file: Arc<str>,
    pub document: usize,
    /// JSON pointer to `node` inside its document.
    pub pointer: String,
    /// The kind of a typed-list item, which carries no `kind` of its own.
    pub implied_kind: Option<&'a str>,
    /// A Kubernetes object's resource, attributed to the scan's only cluster; built once, as
    /// every control that reports on the object names it.
    pub resource: Option<Resource>,
}

impl<'a> Obj<'a> {
    /// Evidence for the field at `steps` below this object (present or not).
    pub fn evidence(&self, steps: &[Step<'_>], expected: impl Into<Cow<'static, str>>) -> Evidence {
        self.evidence_along(steps.iter(), expected)
    }

    /// [`Obj::evidence`] for a path given in parts (e.g. a pod template's place in its
    /// workload, then a field of it), without joining them first.
    pub fn evidence_along<'p, 's: 'p>(
        &self,
        steps: impl Iterator<Item = &'p Step<'s>> + Clone,
        expected: impl Into<Cow<'static, str>>,
    ) -> Evidence {
        let (node, pos, present) = self.node.locate(steps.clone());
        Evidence {
            file: self.file.clone(),
            document: self.document,
            pointer: extend_pointer(&self.pointer, steps),
            line: pos.line,
            column: pos.column,
            present,
            observed: node
                .filter(|_| present)
                .map_or(serde_json::Value::Null, Node::to_json),
            expected: expected.into(),
        }
    }

    /// Evidence whose observed value is stated by the evaluator (e.g. a derived set).
    pub fn evidence_with(
        &self,
        steps: &[Step<'_>],
        observed: serde_json::Value,
        expected: impl Into<Cow<'static, str>>,
    ) -> Evidence {
        let mut evidence = self.evidence(steps, expected);
        evidence.observed = observed;
        evidence
    }

    pub fn get(&self, steps: &[Step<'_>]) -> Option<&'a Node> {
        self.node.lookup(steps)
    }

    pub fn str(&self, steps: &[Step<'_>]) -> Option<&'a str> {
        self.get(steps).and_then(Node::as_str)
    }

    /// A child object sharing this object's file and document.
    pub fn child(&self, node: &'a Node, steps: &[Step<'_>]) -> Obj<'a> {
        Obj {
            kind: self.kind,
            node,
            file: self.file.clone(),
            document: self.document,
            pointer: extend_pointer(&self.pointer, steps),
            implied_kind: None,
            resource: None,
        }
    }

    /// `metadata.name` of a Kubernetes object.
    pub fn k8s_name(&self) -> &'a str {
        self.str(crate::path!["metadata", "name"]).unwrap_or("")
    }

    pub fn k8s_namespace(&self) -> Option<&'a str> {
        self.str(crate::path!["metadata", "namespace"])
    }

    pub fn k8s_kind(&self) -> &'a str {
        self.node.str_at("kind").or(self.implied_kind).unwrap_or("")
    }

    pub fn k8s_resource(&self) -> Resource {
        Resource::new(self.k8s_kind(), self.k8s_name()).in_namespace(self.k8s_namespace())
    }
}

/// What one document was recognised as, for the report's input list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Empty,
    Objects(Vec<(Kind, usize)>),
    Unsupported(&'static str),
    Unrecognised,
}

type K8sKey<'a> = (&'a str, Option<&'a str>, &'a str);

/// All inputs of a scan.
#[derive(Debug)]
pub struct Bundle<'a> {
    pub files: &'a [SourceFile],
    objects: Vec<Vec<Obj<'a>>>,
    k8s_by_kind: HashMap<&'a str, Vec<usize>>,
    /// Kubernetes objects by (kind, namespace, name); the first in input order wins.
    k8s_by_name: HashMap<K8sKey<'a>, usize>,
    /// The first Kubernetes object, in input order, of each namespace.
    first_in_namespace: HashMap<&'a str, usize>,
    /// Per file, per document: what it was recognised as.
    pub documents: Vec<Vec<DocumentKind>>,
    sole_cluster: Option<&'a str>,
    /// Every workload's pod template, found once for the many controls that read them.
    workloads: Vec<Template<'a>>,
}

/// Where a workload keeps its pod template; see [`Bundle::workloads`].
#[derive(Debug)]
struct Template<'a> {
    /// Index among the Kubernetes objects.
    object: usize,
    prefix: &'static [Step<'static>],
    metadata: Option<&'a Node>,
    spec: &'a Node,
    namespace: Option<&'a str>,
}

impl<'a> Bundle<'a> {
    pub fn new(files: &'a [SourceFile]) -> Self {
        let mut objects: Vec<Vec<Obj<'a>>> = (0..Kind::COUNT).map(|_| Vec::new()).collect();
        let mut documents = Vec::with_capacity(files.len());
        for file in files {
            let name: Arc<str> = Arc::from(file.name.as_str());
            let mut kinds = Vec::with_capacity(file.documents.len());
            for (index, root) in file.documents.iter().enumerate() {
                kinds.push(match detect(root) {
                    Detection::Empty => DocumentKind::Empty,
                    Detection::Unsupported(what) => DocumentKind::Unsupported(what),
                    Detection::Unrecognised => DocumentKind::Unrecognised,
                    Detection::Objects(found) => {
                        let mut counts: Vec<(Kind, usize)> = Vec::new();
                        for f in found {
                            match counts.iter_mut().find(|(k, _)| *k == f.kind) {
                                Some((_, n)) => *n += 1,
                                None => counts.push((f.kind, 1)),
                            }
                            if let Some(list) = objects.get_mut(f.kind as usize) {
                                list.push(Obj {
                                    kind: f.kind,
                                    node: f.node,
                                    file: name.clone(),
                                    document: index,
                                    pointer: f.pointer,
                                    implied_kind: f.implied_kind,
                                    resource: None,
                                });
                            }
                        }
                        DocumentKind::Objects(counts)
                    }
                });
            }
            documents.push(kinds);
        }
        let clusters: Vec<&'a str> = objects
            .get(Kind::EksCluster as usize)
            .into_iter()
            .flatten()
            .filter_map(|c| c.node.str_at("name"))
            .collect();
        let sole_cluster = match clusters.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let mut k8s_by_kind: HashMap<&'a str, Vec<usize>> = HashMap::default();
        let mut k8s_by_name: HashMap<K8sKey<'a>, usize> = HashMap::default();
        let mut first_in_namespace: HashMap<&'a str, usize> = HashMap::default();
        if let Some(k8s) = objects.get_mut(Kind::Kubernetes as usize) {
            for (i, obj) in k8s.iter_mut().enumerate() {
                obj.resource = Some(obj.k8s_resource().in_cluster(sole_cluster));
                k8s_by_kind.entry(obj.k8s_kind()).or_default().push(i);
                let key = (obj.k8s_kind(), obj.k8s_namespace(), obj.k8s_name());
                k8s_by_name.entry(key).or_insert(i);
                if let Some(namespace) = obj.k8s_namespace() {
                    first_in_namespace.entry(namespace).or_insert(i);
                }
            }
            // Name and namespace order, input order among equals: see `k8s`.
            for list in k8s_by_kind.values_mut() {
                list.sort_by(|&a, &b| {
                    let resource = |i: usize| k8s.get(i).and_then(|o| o.resource.as_ref());
                    resource(a).cmp(&resource(b))
                });
            }
        }
        let workloads = templates(objects.get(Kind::Kubernetes as usize), &k8s_by_kind);
        Bundle {
            files,
            objects,
            k8s_by_kind,
            k8s_by_name,
            first_in_namespace,
            documents,
            sole_cluster,
            workloads,
        }
    }

    /// Every workload with a pod template, by kind then in [`Bundle::k8s`] order.
    pub fn workloads(&self) -> impl Iterator<Item = Workload<'_>> + '_ {
        let all = self.all(Kind::Kubernetes);
        self.workloads.iter().filter_map(move |t| {
            Some(Workload {
                obj: all.get(t.object)?,
                prefix: t.prefix,
                metadata: t.metadata,
                spec: t.spec,
                namespace: t.namespace,
            })
        })
    }

    pub fn workload_count(&self) -> usize {
        self.workloads.len()
    }

    /// Every object of one kind, in input order.
    pub fn all(&self, kind: Kind) -> &[Obj<'a>] {
        self.objects.get(kind as usize).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, kind: Kind) -> bool {
        !self.all(kind).is_empty()
    }

    /// Kubernetes objects of one `kind` (e.g. `Deployment`), ordered by name and namespace as
    /// the report is, and in input order among objects that share both.
    pub fn k8s(&self, kind: &str) -> impl Iterator<Item = &Obj<'a>> + '_ {
        let all = self.all(Kind::Kubernetes);
        self.k8s_by_kind
            .get(kind)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(move |&i| all.get(i))
    }

    /// The Kubernetes object of `kind` named `name` in `namespace` (`None` for cluster-scoped
    /// kinds), found through an index so cross-object lookups stay linear.
    pub fn k8s_get(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<&Obj<'a>> {
        let index = *self.k8s_by_name.get(&(kind, namespace, name))?;
        self.all(Kind::Kubernetes).get(index)
    }

    /// The first Kubernetes object, in input order, that names `namespace` as its own.
    pub fn first_in_namespace(&self, namespace: &str) -> Option<&Obj<'a>> {
        let index = *self.first_in_namespace.get(namespace)?;
        self.all(Kind::Kubernetes).get(index)
    }

    /// Whether any Kubernetes object was supplied at all.
    pub fn has_k8s(&self) -> bool {
        self.has(Kind::Kubernetes)
    }

    /// The only cluster, when exactly one was supplied: objects without a cluster name
    /// (Kubernetes manifests, account-level exports) are attributed to it.
    pub fn sole_cluster(&self) -> Option<&'a str> {
        self.sole_cluster
    }
}

/// The pod templates of the workload kinds, in `KINDS` order and each kind's index order.
fn templates<'a>(
    k8s: Option<&Vec<Obj<'a>>>,
    by_kind: &HashMap<&'a str, Vec<usize>>,
) -> Vec<Template<'a>> {
    let mut out = Vec::new();
    for kind in KINDS {
        let Some(prefix) = template_path(kind) else {
            continue;
        };
        for &object in by_kind.get(kind).map_or(&[][..], Vec::as_slice) {
            let Some(obj) = k8s.and_then(|all| all.get(object)) else {
                continue;
            };
            let template = obj.node.lookup(prefix);
            let Some(spec) = template.and_then(|t| t.get("spec")) else {
                continue;
            };
            out.push(Template {
                object,
                prefix,
                metadata: template.and_then(|t| t.get("metadata")),
                spec,
                namespace: obj.k8s_namespace(),
            });
        }
    }
    out
}
