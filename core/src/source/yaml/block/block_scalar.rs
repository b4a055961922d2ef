//! Block scalars: literal `|` and folded `>`, with `-` or `+` chomping and an indentation
//! indicator (which kubectl writes when the text starts with spaces).

use super::Reader;
use crate::document::{Node, Pos, Value};

#[derive(Clone, Copy, PartialEq)]
enum Chomp {
    /// `-`: no final line break.
    Strip,
    /// One final line break.
    Clip,
    /// `+`: the final line break and the empty lines after it.
    Keep,
}

impl Reader<'_> {
    /// The block scalar whose `|` or `>` is at `at`, in a collection at column `parent`.
    pub(super) fn block_scalar(&mut self, at: usize, parent: usize) -> Option<Node> {
        let folded = self.peek(at) == b'>';
        // The header: chomping and an indentation indicator, in either order.
        let mut chomp = Chomp::Clip;
        let mut indicator = None;
        let mut after = at + 1;
        loop {
            match self.peek(after) {
                b'-' if chomp == Chomp::Clip => chomp = Chomp::Strip,
                b'+' if chomp == Chomp::Clip => chomp = Chomp::Keep,
                d @ b'1'..=b'9' if indicator.is_none() => indicator = Some(usize::from(d - b'0')),
                _ => break,
            }
            after += 1;
        }
        // Only a comment may follow it.
        match self.peek(after) {
            0 => {}
            b' ' if self.rest_is_blank(after) => {}
            _ => return None,
        }
        // An indicator counts from the collection's column.
        let fixed = indicator.map(|n| parent + n);
        // Empty lines before the first line with content (with an indicator, lines of more
        // spaces than it are content).
        let mut breaks = 0;
        let mut widest = 0;
        let mut line = self.line_at(self.line.next, self.line.no.saturating_add(1));
        while line.is_empty() && fixed.is_none_or(|fixed| line.indent <= fixed) {
            if line.start >= self.bytes.len() || !line.valid {
                // The full parser treats a scalar that ends the text without content apart.
                return None;
            }
            widest = widest.max(line.indent);
            breaks += 1;
            line = self.line_at(line.next, line.no.saturating_add(1));
        }
        let indent = match fixed {
            // The full parser would take the widest empty line for the indentation.
            None if widest > line.indent => return None,
            None => line.indent,
            // A first line less indented than the indicator ends an empty scalar, or is an error.
            Some(fixed) if line.indent < fixed && line.indent > parent => return None,
            Some(fixed) if line.indent < fixed => line.indent,
            Some(fixed) => fixed,
        };
        // The full parser places the scalar where its first content line's text starts (or,
        // when it is empty, the next line's).
        let pos = Pos {
            line: line.no,
            column: u32::try_from(indent + 1).unwrap_or(u32::MAX),
        };
        let mut text = String::new();
        let mut lines = 0;
        // Whether the previous line was more indented (its content starts with a space).
        let mut previous_spaced = false;
        // Content lines: those indented at least `indent`, and lines of more spaces than that
        // (their extra spaces are content); lines of fewer spaces are empty lines.
        while indent > parent && line.start < self.bytes.len() && line.indent >= indent {
            if !line.valid {
                return None;
            }
            let content = self.text.get(line.start + indent..line.end)?;
            let spaced = content.starts_with(' ');
            if folded && lines > 0 && !previous_spaced && !spaced {
                // Folding: a line break between two lines is a space, unless empty lines
                // (kept as line breaks) separate them.
                if breaks == 0 {
                    text.push(' ');
                }
            } else if lines > 0 {
                text.push('\n');
            }
            text.extend(std::iter::repeat_n('\n', breaks));
            text.push_str(content);
            lines += 1;
            previous_spaced = spaced;
            breaks = 0;
            line = self.line_at(line.next, line.no.saturating_add(1));
            while line.start < self.bytes.len() && line.is_empty() && line.indent <= indent {
                breaks += 1;
                line = self.line_at(line.next, line.no.saturating_add(1));
            }
        }
        // The last content line's break (also when the text ends without one).
        if lines > 0 && chomp != Chomp::Strip {
            text.push('\n');
        }
        if chomp == Chomp::Keep {
            text.extend(std::iter::repeat_n('\n', breaks));
        }
        self.nodes += 1;
        self.skip_to_content(line.start, line.no);
        Some(Node::new(Value::String(text.into_boxed_str()), pos))
    }
}
