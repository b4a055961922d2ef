//! Plain and quoted scalars that go on over the following lines, as kubectl writes strings longer
//! than 80 columns. Folding follows the full parser: a line break between two lines is a space,
//! unless empty lines (each kept as a line break) separate them; spaces around a line break are
//! dropped.

use super::scalar::Scalar;
use super::Reader;
use crate::document::{Node, Pos};
use std::borrow::Cow;

impl<'t> Reader<'t> {
    /// The plain scalar at `at` (placed at `pos`), with the lines after it that are more
    /// indented than its collection at `col`; moves to the next line with content.
    pub(super) fn plain_lines(&mut self, at: usize, col: usize, pos: Pos) -> Option<Node> {
        let first = self.plain(at, false)?;
        if !self.rest_is_blank(first.end) {
            return None;
        }
        // A comment ends the scalar, and no line may continue it (the full parser errs).
        let goes_on = self.peek(self.skip_spaces(first.end)) == 0;
        let mut scalar = first;
        self.next_line();
        while goes_on && !self.at_end() && self.line.indent > col && !self.passed_comment {
            // A continuation line: text (not an indicator, then no `: ` or ` #` in it).
            let more = self.plain(self.line.start + self.line.indent, false)?;
            if self.peek(self.skip_spaces(more.end)) != 0 {
                return None;
            }
            let text = scalar.text.to_mut();
            if self.passed_empty == 0 {
                text.push(' ');
            }
            text.extend(std::iter::repeat_n('\n', self.passed_empty));
            text.push_str(&more.text);
            self.next_line();
        }
        Some(self.scalar_node(scalar, pos))
    }

    /// The quoted scalar at `at` that does not close on its line; its further lines must be more
    /// indented than its collection at `col`. Leaves the line where it closes current.
    pub(super) fn quoted_lines(&mut self, at: usize, col: usize) -> Option<Scalar<'t>> {
        let single = self.peek(at) == b'\'';
        let mut text = String::new();
        let mut i = at + 1;
        loop {
            // The text up to the last character that is not a space from the line itself:
            // spaces before a line break are dropped, escaped ones kept.
            let mut keep = text.len();
            let escaped_break = loop {
                let b = self.peek(i);
                match b {
                    0 => break false,
                    b'\'' if single && self.peek(i + 1) == b'\'' => {
                        text.push('\'');
                        i += 2;
                    }
                    b'\'' if single => return self.closed(text, at, i),
                    b'"' if !single => return self.closed(text, at, i),
                    b'\\' if !single && self.peek(i + 1) == 0 => break true,
                    b'\\' if !single => {
                        let (c, len) = self.escape(i + 1)?;
                        text.push(c);
                        i += 1 + len;
                    }
                    b' ' => {
                        text.push(' ');
                        i += 1;
                        continue;
                    }
                    _ => {
                        // One character (UTF-8 lead byte and continuation bytes).
                        let len = self.text.get(i..)?.chars().next().map_or(1, char::len_utf8);
                        text.push_str(self.text.get(i..i + len)?);
                        i += len;
                    }
                }
                keep = text.len();
            };
            if !escaped_break {
                text.truncate(keep);
            }
            // Empty lines, then a line that goes on more indented than the collection.
            let mut empty = 0;
            let mut line = self.line_at(self.line.next, self.line.no.saturating_add(1));
            while line.start < self.bytes.len() && line.is_empty() {
                empty += 1;
                line = self.line_at(line.next, line.no.saturating_add(1));
            }
            if line.start >= self.bytes.len() || line.indent <= col {
                return None;
            }
            if empty == 0 && !escaped_break {
                text.push(' ');
            }
            text.extend(std::iter::repeat_n('\n', empty));
            self.set_line(line);
            i = line.start + line.indent;
        }
    }

    fn closed(&self, text: String, at: usize, quote: usize) -> Option<Scalar<'t>> {
        Some(Scalar {
            text: Cow::Owned(text),
            plain: false,
            start: at,
            end: quote + 1,
        })
    }
}
