//! Walking a pod spec the way the reference does, and the small text helpers its messages use.

use crate::document::{Node, Step};
use crate::workload::{Container, ContainerList};

/// Every container: init, regular and ephemeral, in that order (the reference's visitor walks
/// all three, whatever the check's doc comment lists).
pub(super) fn containers(spec: &Node) -> impl Iterator<Item = Container<'_>> {
    ContainerList::ALL.into_iter().flat_map(move |list| {
        spec.get(list.key())
            .map_or(&[][..], Node::as_seq)
            .iter()
            .enumerate()
            .map(move |(index, node)| Container { list, index, node })
    })
}

/// A field that is present and not null (a non-nil pointer once decoded).
pub(super) fn set(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| !n.is_null())
}

/// `key` under `node`, when set.
pub(super) fn field<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    set(node.get(key))
}

/// A container's (or the pod's) `securityContext.<key>`, when set.
pub(super) fn security<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    field(node, "securityContext").and_then(|sc| field(sc, key))
}

pub(super) fn is_true(node: Option<&Node>) -> bool {
    node.and_then(Node::as_bool) == Some(true)
}

/// A string field, with unset or null read as "" (a Go string's zero value).
pub(super) fn text(node: Option<&Node>) -> &str {
    node.and_then(Node::as_str).unwrap_or("")
}

/// How a value is shown in a message: strings as they are, anything else as JSON.
pub(super) fn shown(node: &Node) -> String {
    match node.as_str() {
        Some(s) => s.to_string(),
        None => node.to_json().to_string(),
    }
}

/// The pod was created with `hostUsers: false` (its own user namespace).
pub(super) fn in_user_namespace(spec: &Node) -> bool {
    spec.get("hostUsers").and_then(Node::as_bool) == Some(false)
}

/// `spec.os.name` is `windows`.
pub(super) fn is_windows(spec: &Node) -> bool {
    field(spec, "os").and_then(|os| os.str_at("name")) == Some("windows")
}

/// Steps from the pod spec into a container.
pub(super) fn at<'a>(container: &Container<'_>, rest: &[Step<'a>]) -> Vec<Step<'a>> {
    container.steps(rest)
}

/// Steps from the pod spec to a pod-level field.
pub(super) fn pod<'a>(rest: &[Step<'a>]) -> Vec<Step<'a>> {
    rest.to_vec()
}

pub(super) fn pluralize<'s>(singular: &'s str, plural: &'s str, count: usize) -> &'s str {
    if count == 1 {
        singular
    } else {
        plural
    }
}

/// `"a", "b"`, as the reference quotes lists of names.
pub(super) fn join_quote<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| format!("\"{}\"", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `container "a"` or `containers "a", "b"`.
pub(super) fn containers_named<S: AsRef<str>>(names: &[S]) -> String {
    format!(
        "{} {}",
        pluralize("container", "containers", names.len()),
        join_quote(names)
    )
}
