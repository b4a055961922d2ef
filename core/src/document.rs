//! The parsed form of every input: a tree of values that remembers where each one was written.

use std::fmt;

/// A 1-based line and column (columns count Unicode characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// One value of a parsed JSON or YAML document, with the position it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(Box<str>),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry; the key position is where an auditor looks for the field.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Box<str>,
    pub key_pos: Pos,
    pub node: Node,
}

/// One step of a path into a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> From<&'a str> for Step<'a> {
    fn from(key: &'a str) -> Self {
        Step::Key(key)
    }
}

impl From<usize> for Step<'_> {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

/// Builds a `&[Step]` from keys and indices: `path!["spec", "containers", 0]`.
#[macro_export]
macro_rules! path {
    ($($step:expr),* $(,)?) => { &[$($crate::document::Step::from($step)),*][..] };
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Self {
        Node { value, pos }
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.node)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| &*e.key == key),
            _ => None,
        }
    }

    /// The element at `index` when this node is a sequence.
    pub fn at(&self, index: usize) -> Option<&Node> {
        match &self.value {
            Value::Seq(items) => items.get(index),
            _ => None,
        }
    }

    /// Follows a path of keys and indices.
    pub fn lookup(&self, steps: &[Step<'_>]) -> Option<&Node> {
        steps.iter().try_fold(self, |node, step| match step {
            Step::Key(k) => node.get(k),
            Step::Index(i) => node.at(*i),
        })
    }

    /// Follows `steps` as far as they exist: the deepest node reached, its position (the key's
    /// position when it was reached through a mapping), and whether the whole path exists.
    pub fn locate<'p, 's: 'p>(
        &self,
        steps: impl IntoIterator<Item = &'p Step<'s>>,
    ) -> (Option<&Node>, Pos, bool) {
        let mut node = self;
        let mut pos = self.pos;
        for step in steps {
            let next = match step {
                Step::Key(k) => node.entry(k).map(|e| (&e.node, e.key_pos)),
                Step::Index(i) => node.at(*i).map(|n| (n, n.pos)),
            };
            match next {
                Some((n, p)) => {
                    node = n;
                    pos = p;
                }
                None => return (None, pos, false),
            }
        }
        (Some(node), pos, true)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// An integer, also from a string holding one (AWS and Kubernetes both do that).
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_map(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// A string under `key`, ignoring other types.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The strings of a sequence, skipping anything that is not a string.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        self.as_seq().iter().filter_map(Node::as_str)
    }

    /// Number of nodes in this subtree (used to bound alias expansion).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| e.node.size()).sum(),
            _ => 0,
        }
    }

    /// The value as JSON, for reports.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), e.node.to_json()))
                    .collect(),
            ),
        }
    }
}

pub(crate) fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Appends `steps` to a JSON pointer (RFC 6901), escaping `~` and `/`.
pub fn extend_pointer<'p, 's: 'p>(
    base: &str,
    steps: impl IntoIterator<Item = &'p Step<'s>>,
) -> String {
    let mut out = String::with_capacity(base.len() + 64);
    out.push_str(base);
    for step in steps {
        out.push('/');
        match step {
            Step::Key(k) if !k.contains(['~', '/']) => out.push_str(k),
            Step::Key(k) => {
                for c in k.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Step::Index(i) => match u32::try_from(*i).ok().and_then(|i| char::from_digit(i, 10)) {
                Some(digit) => out.push(digit),
                None => {
                    use std::fmt::Write;
                    let _ = write!(out, "{i}"); // writing to a String cannot fail
                }
            },
        }
    }
    out
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::{extend_pointer, Step};

    #[test]
    fn pointers_escape_slashes_and_tildes_as_rfc_6901_says() {
        let steps = [
            Step::Key("metadata"),
            Step::Key("annotations"),
            Step::Key("container.apparmor.security.beta.kubernetes.io/app"),
        ];
        assert_eq!(
            extend_pointer("/items/3", &steps),
            "/items/3/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app"
        );
        assert_eq!(
            extend_pointer("", &[Step::Key("a~b/c"), Step::Index(12), Step::Key("")]),
            "/a~0b~1c/12/"
        );
    }
}
