//! Scalars that end on their line: plain, single-quoted and double-quoted.

use super::Reader;
use std::borrow::Cow;

/// A scalar's text (borrowed unless it had escapes) and where it starts and ends.
pub(super) struct Scalar<'t> {
    pub(super) text: Cow<'t, str>,
    /// Plain scalars resolve to null, booleans and numbers; quoted ones are strings.
    pub(super) plain: bool,
    pub(super) start: usize,
    /// Offset past the scalar (past a closing quote; before a plain scalar's trailing spaces).
    pub(super) end: usize,
}

/// Ends a flow scalar: `,[]{}`.
fn is_flow(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

/// Whether a plain scalar ends at a `:` followed by `b` (or cannot start with `-` before it).
fn ends_plain(b: u8, flow: bool) -> bool {
    b == 0 || b == b' ' || (flow && is_flow(b))
}

/// Bytes where a plain scalar may end: in block context (`BLOCK`), in flow context (`FLOW`).
const BLOCK: u8 = 1;
const FLOW: u8 = 2;
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an overrun would not compile
const STOPS: [u8; 256] = {
    let mut stops = [0; 256];
    stops[b' ' as usize] = BLOCK | FLOW;
    stops[b':' as usize] = BLOCK | FLOW;
    stops[b',' as usize] = FLOW;
    stops[b'[' as usize] = FLOW;
    stops[b']' as usize] = FLOW;
    stops[b'{' as usize] = FLOW;
    stops[b'}' as usize] = FLOW;
    // The end of a line.
    stops[0] = BLOCK | FLOW;
    stops[b'\r' as usize] = BLOCK | FLOW;
    stops[b'\n' as usize] = BLOCK | FLOW;
    stops
};

impl<'t> Reader<'t> {
    /// The plain or quoted scalar at `at` (inside a flow collection when `flow`), or `None` for
    /// anything else: an indicator, a scalar that goes on past its line.
    pub(super) fn scalar(&self, at: usize, flow: bool) -> Option<Scalar<'t>> {
        match self.peek(at) {
            b'\'' => self.single_quoted(at),
            b'"' => self.double_quoted(at),
            _ => self.plain(at, flow),
        }
    }

    pub(super) fn plain(&self, at: usize, flow: bool) -> Option<Scalar<'t>> {
        match self.peek(at) {
            // Indicators, and the rarer `?x`, `:x` that the full parser reads as plain.
            0 | b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'?' | b':' => return None,
            b'-' if ends_plain(self.peek(at + 1), flow) => return None,
            _ => {}
        }
        let mask = if flow { FLOW } else { BLOCK };
        let mut i = at + 1;
        let end = loop {
            // Skip to the next byte that may end the scalar.
            let tail = self.current.get(i..).unwrap_or_default();
            i += tail
                .iter()
                .position(|&b| STOPS.get(usize::from(b)).is_some_and(|s| s & mask != 0))
                .unwrap_or(tail.len());
            match self.peek(i) {
                b' ' => {
                    let next = self.skip_spaces(i);
                    // A comment, trailing spaces, or what ends the scalar after spaces.
                    let ends = match self.peek(next) {
                        0 | b'#' => true,
                        b':' => ends_plain(self.peek(next + 1), flow),
                        // The full parser rejects `-` before `,[]{}` after spaces too.
                        b'-' if flow && is_flow(self.peek(next + 1)) => return None,
                        b => flow && is_flow(b),
                    };
                    if ends {
                        break i;
                    }
                    i = next;
                }
                b':' if !ends_plain(self.peek(i + 1), flow) => i += 1,
                // The end of the line, `: `, or a flow indicator in a flow collection.
                _ => break i,
            }
        };
        Some(Scalar {
            text: Cow::Borrowed(self.text.get(at..end)?),
            plain: true,
            start: at,
            end,
        })
    }

    /// `'...'` with `''` for a quote, ending on its line.
    fn single_quoted(&self, at: usize) -> Option<Scalar<'t>> {
        let body = at + 1;
        let line = self.current;
        let mut owned: Option<String> = None;
        let mut segment = body;
        let mut i = body;
        loop {
            let quote = i + line.get(i..)?.iter().position(|&b| b == b'\'')?;
            if self.peek(quote + 1) == b'\'' {
                // `''`: keep one quote.
                owned
                    .get_or_insert_with(String::new)
                    .push_str(self.text.get(segment..=quote)?);
                i = quote + 2;
                segment = i;
                continue;
            }
            let last = self.text.get(segment..quote)?;
            let text = match owned {
                None => Cow::Borrowed(last),
                Some(mut s) => {
                    s.push_str(last);
                    Cow::Owned(s)
                }
            };
            return Some(Scalar {
                text,
                plain: false,
                start: at,
                end: quote + 1,
            });
        }
    }

    /// `"..."` with YAML's escapes, ending on its line (no escaped line breaks).
    fn double_quoted(&self, at: usize) -> Option<Scalar<'t>> {
        let mut owned: Option<String> = None;
        let mut segment = at + 1;
        let mut i = segment;
        loop {
            // Skip to the closing quote or an escape.
            let tail = self.current.get(i..).unwrap_or_default();
            i += tail
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .unwrap_or(tail.len());
            match self.peek(i) {
                0 => return None,
                b'"' => break,
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(self.text.get(segment..i)?);
                    let (c, len) = self.escape(i + 1)?;
                    s.push(c);
                    i += 1 + len;
                    segment = i;
                }
                _ => i += 1,
            }
        }
        let last = self.text.get(segment..i)?;
        let text = match owned {
            None => Cow::Borrowed(last),
            Some(mut s) => {
                s.push_str(last);
                Cow::Owned(s)
            }
        };
        Some(Scalar {
            text,
            plain: false,
            start: at,
            end: i + 1,
        })
    }

    /// The character an escape after `\` stands for (YAML 1.2, 5.7) and its length.
    pub(super) fn escape(&self, at: usize) -> Option<(char, usize)> {
        let c = match self.peek(at) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return Some((self.hex(at + 1, 2)?, 3)),
            b'u' => return Some((self.hex(at + 1, 4)?, 5)),
            b'U' => return Some((self.hex(at + 1, 8)?, 9)),
            _ => return None,
        };
        Some((c, 1))
    }

    fn hex(&self, at: usize, digits: usize) -> Option<char> {
        let mut code = 0u32;
        for i in at..at + digits {
            code = code * 16 + char::from(self.peek(i)).to_digit(16)?;
        }
        char::from_u32(code)
    }
}
