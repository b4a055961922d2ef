//! YAML (multi-document) with the position of every value. The only module that knows the
//! YAML crate, so it can be swapped without touching the rest.
//!
//! The block YAML that `kubectl get -o yaml` writes is read by a fast path (`block`) that gives
//! the same tree; it declines anything else, and the full parser reads it.
//!
//! Plain scalars resolve as Kubernetes' YAML library resolves them (YAML 1.1: `yes`, `on`, `y`
//! are true, `0644` is octal), so `privileged: yes` is the privileged pod the API server would
//! admit; merge keys (`<<`) are honoured as Kubernetes'
//! YAML library does. Aliases are expanded under the node budget, so alias bombs fail cleanly.

use super::{Limits, ParseError, ParseErrorKind};
use crate::document::{Entry, Node, Pos, Value};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

mod block;

pub use block::parse as parse_fast;

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        merges: Vec<Node>,
        pending_key: Option<(Box<str>, Pos)>,
        pos: Pos,
        anchor: usize,
    },
}

struct Builder<'l> {
    limits: &'l Limits,
    /// Most values this file may expand to.
    budget: usize,
    stack: Vec<Frame>,
    /// Anchored nodes with their sizes, so an alias is charged before it is copied.
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    documents: Vec<Node>,
    root: Option<Node>,
}

pub(super) fn parse(text: &str, limits: &Limits) -> Result<Vec<Node>, ParseError> {
    match block::parse(text, limits) {
        Some(documents) => Ok(documents),
        None => parse_full(text, limits),
    }
}

/// Most values a file may expand to.
fn node_budget(text: &str, limits: &Limits) -> usize {
    // Without aliases a document cannot hold more values than it has bytes; aliases may expand
    // it a little further, but not by orders of magnitude.
    limits
        .max_nodes
        .min(text.len().saturating_mul(4).max(100_000))
}

/// Every YAML file through the YAML crate's events (also what the fast path is checked against).
pub fn parse_full(text: &str, limits: &Limits) -> Result<Vec<Node>, ParseError> {
    let mut builder = Builder {
        limits,
        budget: node_budget(text, limits),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        documents: Vec::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            // The scanner bounds flow nesting itself; report that as the nesting limit it is.
            let (kind, message) = if e.info().contains("recursion limit") {
                (
                    ParseErrorKind::TooDeep,
                    format!("nested deeper than {} levels", limits.max_depth),
                )
            } else {
                (ParseErrorKind::Yaml, format!("invalid YAML: {}", e.info()))
            };
            ParseError::new(kind, message, Some(to_pos(e.marker())))
        })?;
        let pos = to_pos(&span.start);
        match event {
            Event::DocumentStart(_) => {
                builder.root = None;
                builder.anchors.clear();
            }
            Event::DocumentEnd => {
                let root = builder.root.take().unwrap_or(Node::new(Value::Null, pos));
                builder.documents.push(root);
            }
            Event::Scalar(text, style, anchor, tag) => {
                let node = Node::new(resolve_scalar(&text, style, tag.as_deref()), pos);
                builder.count(1, pos)?;
                builder.complete(node, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                builder.count(1, pos)?;
                builder.open(
                    Frame::Seq {
                        items: Vec::new(),
                        pos,
                        anchor,
                    },
                    pos,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                builder.count(1, pos)?;
                builder.open(
                    Frame::Map {
                        entries: Vec::new(),
                        merges: Vec::new(),
                        pending_key: None,
                        pos,
                        anchor,
                    },
                    pos,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close()?,
            Event::Alias(id) => {
                let size = builder
                    .anchors
                    .get(&id)
                    .map(|(_, size)| *size)
                    .ok_or_else(|| {
                        ParseError::new(
                            ParseErrorKind::Yaml,
                            "invalid YAML: unknown alias",
                            Some(pos),
                        )
                    })?;
                // Charge the expansion before copying, so a bomb never allocates.
                builder.count(size, pos)?;
                if let Some(node) = builder.anchors.get(&id).map(|(node, _)| node.clone()) {
                    builder.complete(node, 0)?;
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    Ok(builder.documents)
}

impl Builder<'_> {
    fn count(&mut self, n: usize, pos: Pos) -> Result<(), ParseError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.budget {
            return Err(ParseError::new(
                ParseErrorKind::TooManyNodes,
                format!("expands to more than {} values (alias bomb?)", self.budget),
                Some(pos),
            ));
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), ParseError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(ParseError::new(
                ParseErrorKind::TooDeep,
                format!("nested deeper than {} levels", self.limits.max_depth),
                Some(pos),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), ParseError> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { items, pos, anchor }) => (Node::new(Value::Seq(items), pos), anchor),
            Some(Frame::Map {
                mut entries,
                merges,
                pos,
                anchor,
                ..
            }) => {
                super::check_duplicates(&entries)?;
                merge_into(&mut entries, merges);
                (Node::new(Value::Map(entries), pos), anchor)
            }
            None => return Ok(()),
        };
        self.complete(node, anchor)
    }

    /// Places a finished node into its parent (or as the document root).
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), ParseError> {
        if anchor != 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let pos = node.pos;
                    *pending_key = Some((key_text(node)?, pos));
                }
                Some((key, key_pos)) if &*key == "<<" => match node.value {
                    Value::Map(_) => merges.push(node),
                    Value::Seq(items) => merges.extend(items),
                    _ => entries.push(Entry { key, key_pos, node }),
                },
                Some((key, key_pos)) => entries.push(Entry { key, key_pos, node }),
            },
        }
        Ok(())
    }
}

/// Merge keys: entries of the merged mappings that the mapping does not set itself.
fn merge_into(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for merged in merges {
        if let Value::Map(more) = merged.value {
            for entry in more {
                if !entries.iter().any(|e| e.key == entry.key) {
                    entries.push(entry);
                }
            }
        }
    }
}

/// The text of a mapping key; takes the node so a string key is moved, not copied.
fn key_text(node: Node) -> Result<Box<str>, ParseError> {
    match node.value {
        Value::String(s) => Ok(s),
        Value::Null => Ok("null".into()),
        Value::Bool(b) => Ok(b.to_string().into_boxed_str()),
        Value::Number(n) => Ok(crate::document::number_to_json(n)
            .to_string()
            .into_boxed_str()),
        Value::Seq(_) | Value::Map(_) => Err(ParseError::new(
            ParseErrorKind::Yaml,
            "invalid YAML: complex mapping keys are not supported",
            Some(node.pos),
        )),
    }
}

fn to_pos(marker: &Marker) -> Pos {
    Pos {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
        column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
    }
}

/// Resolution of plain scalars as Kubernetes' YAML library (go-yaml v2, YAML 1.1) does it;
/// quoted and block scalars are strings.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
        match tag.suffix.as_str() {
            "str" => return Value::String(text.into()),
            "null" => return Value::Null,
            "bool" => {
                if let Some(b) = parse_bool(text) {
                    return Value::Bool(b);
                }
            }
            "int" | "float" => {
                if let Some(n) = parse_number(text) {
                    return Value::Number(n);
                }
            }
            _ => {}
        }
    }
    if style != ScalarStyle::Plain || !may_be_null_bool_or_number(text) {
        return Value::String(text.into());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = parse_bool(text) {
        return Value::Bool(b);
    }
    match parse_number(text) {
        Some(n) => Value::Number(n),
        None => Value::String(text.into()),
    }
}

/// Whether `text` starts as a null, a boolean or a number below can (most keys and strings do
/// not, and skip the comparisons).
fn may_be_null_bool_or_number(text: &str) -> bool {
    text.bytes().next().is_none_or(|first| {
        matches!(
            first,
            b'~' | b'n' | b'N' | b't' | b'T' | b'y' | b'Y' | b'o' | b'O' | b'f' | b'F' | b'0'
                ..=b'9' | b'-' | b'+' | b'.'
        )
    })
}

/// YAML 1.1 booleans, as go-yaml v2 (behind `kubectl` and the API server) reads them.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "y" | "Y" | "on" | "On" | "ON" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "n" | "N" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

fn parse_number(text: &str) -> Option<f64> {
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(|n| n as f64);
    }
    // YAML 1.1 octal, as in `defaultMode: 0644`.
    if let Some(oct) = text.strip_prefix('0').filter(|d| !d.is_empty()) {
        if oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8).ok().map(|n| n as f64);
        }
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // Core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i + 1..)?)),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if mantissa_ok && exponent_ok {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{resolve_scalar, Value};
    use saphyr_parser::ScalarStyle;

    #[test]
    fn plain_scalars_resolve_as_go_yaml_v2_reads_them() {
        let plain = |text| resolve_scalar(text, ScalarStyle::Plain, None);
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(null), Value::Null, "{null:?}");
        }
        for (text, value) in [
            ("true", true),
            ("Yes", true),
            ("y", true),
            ("ON", true),
            ("False", false),
            ("no", false),
            ("N", false),
            ("off", false),
        ] {
            assert_eq!(plain(text), Value::Bool(value), "{text:?}");
        }
        for (text, value) in [
            ("0", 0.0),
            ("0644", 420.0),
            ("089", 89.0),
            ("0x1F", 31.0),
            ("-1.5", -1.5),
            ("+2e3", 2000.0),
            (".5", 0.5),
            ("-.inf", f64::NEG_INFINITY),
        ] {
            assert_eq!(plain(text), Value::Number(value), "{text:?}");
        }
        assert!(matches!(plain(".nan"), Value::Number(n) if n.is_nan()));
        for text in ["metadata", "nginx", "Never", "n/a", "on-failure", "-x", "é"] {
            assert_eq!(plain(text), Value::String(text.into()), "{text:?}");
        }
        let quoted = resolve_scalar("true", ScalarStyle::DoubleQuoted, None);
        assert_eq!(quoted, Value::String("true".into()));
    }
}
