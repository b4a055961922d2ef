//! Anchors and aliases, as PyYAML writes them (`template: &id001` ... `template: *id001`).

use super::Reader;
use crate::document::{Node, Value};

impl Reader<'_> {
    /// `&name` and the value it names (as a mapping's value or a sequence's item), which the
    /// full parser places at the `&`. Declined: an anchored empty value, or key (`- &a k: v`).
    pub(super) fn anchored(
        &mut self,
        at: usize,
        col: usize,
        in_seq: bool,
        depth: usize,
    ) -> Option<Node> {
        let name_end = self.anchor_name_end(at + 1)?;
        let name = self.text.get(at + 1..name_end)?;
        let pos = self.pos(at);
        // The name refers to this value from its `&` on, though the value is not read yet.
        let slot = self.anchors.len();
        self.anchors.push((name, None));
        let value = self.skip_spaces(name_end);
        let mut node = match self.peek(value) {
            0 | b'#' => self
                .below(col, in_seq, pos, depth)
                .filter(|node| !matches!(node.value, Value::Null))?,
            b'|' | b'>' => self.block_scalar(value, col)?,
            b'[' | b'{' => self.flow_value(value, depth + 1)?,
            _ if self.is_key(value) => return None,
            _ => self.scalar_value(value, col)?,
        };
        node.pos = pos;
        if let Some((_, anchored)) = self.anchors.get_mut(slot) {
            *anchored = Some(node.clone());
        }
        Some(node)
    }

    /// `*name`: a copy of the value whose `&name` came last in this document, positions and all,
    /// counted as the full parser counts it. Declined while that value is still being read.
    pub(super) fn alias(&mut self, at: usize) -> Option<Node> {
        let end = self.anchor_name_end(at + 1)?;
        let name = self.text.get(at + 1..end)?;
        if !self.rest_is_blank(end) {
            return None;
        }
        let (_, node) = self.anchors.iter().rev().find(|(n, _)| *n == name)?;
        let node = node.clone()?;
        self.nodes += node.size();
        self.next_line();
        Some(node)
    }

    /// The end of an anchor's name at `at`: letters, digits, `_` and `-`, then a space or the
    /// end of the line (names with other characters are declined).
    fn anchor_name_end(&self, at: usize) -> Option<usize> {
        let mut end = at;
        while matches!(self.peek(end), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-') {
            end += 1;
        }
        (end > at && matches!(self.peek(end), 0 | b' ')).then_some(end)
    }
}
