//! Flow collections on one line: `[a, b]` and `{k: v}` of scalars and flow collections, as
//! hand-written manifests use them (`drop: ["ALL"]`); kubectl writes only the empty `[]` and `{}`.

use super::Reader;
use crate::document::{Entry, Node, Value};

impl Reader<'_> {
    /// A flow collection that ends on its line.
    pub(super) fn flow_value(&mut self, at: usize, depth: usize) -> Option<Node> {
        let (node, end) = self.flow(at, depth)?;
        if !self.rest_is_blank(end) {
            return None;
        }
        self.next_line();
        Some(node)
    }

    /// `[a, b]` or `{k: v}` at `at`, with the offset past its end; nothing in it may be empty
    /// and a mapping's `:` is followed by a space.
    fn flow(&mut self, at: usize, depth: usize) -> Option<(Node, usize)> {
        self.enter(depth)?;
        let pos = self.pos(at);
        let mapping = self.peek(at) == b'{';
        let close = if mapping { b'}' } else { b']' };
        let first_entry = self.entries.len();
        let first_item = self.items.len();
        let mut i = self.skip_spaces(at + 1);
        if self.peek(i) != close {
            loop {
                if mapping {
                    let key = self.scalar(i, true)?;
                    let colon = key.end;
                    if self.peek(colon) != b':' || self.peek(colon + 1) != b' ' {
                        return None;
                    }
                    let (key, key_pos) = self.key_text(key)?;
                    let (node, end) = self.flow_item(self.skip_spaces(colon + 1), depth)?;
                    self.entries.push(Entry { key, key_pos, node });
                    i = end;
                } else {
                    let (node, end) = self.flow_item(i, depth)?;
                    self.items.push(node);
                    i = end;
                }
                i = self.skip_spaces(i);
                match self.peek(i) {
                    b',' => i = self.skip_spaces(i + 1),
                    c if c == close => break,
                    _ => return None,
                }
            }
        }
        let value = if mapping {
            let entries = self.entries.split_off(first_entry);
            crate::source::check_duplicates(&entries).ok()?;
            Value::Map(entries)
        } else {
            Value::Seq(self.items.split_off(first_item))
        };
        Some((Node::new(value, pos), i + 1))
    }

    fn flow_item(&mut self, at: usize, depth: usize) -> Option<(Node, usize)> {
        if matches!(self.peek(at), b'[' | b'{') {
            return self.flow(at, depth + 1);
        }
        let scalar = self.scalar(at, true)?;
        let end = scalar.end;
        let pos = self.pos(at);
        Some((self.scalar_node(scalar, pos), end))
    }
}
