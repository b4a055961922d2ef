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

    fn plain(&self, at: usize, flow: bool) -> Option<Scalar<'t>> {
        // A character that ends a plain scalar when it follows `:` (or starts one after `-`).
        let ends = |b: u8| b == 0 || b == b' ' || (flow && is_flow(b));
        match self.peek(at) {
            // Indicators, and the rarer `?x`, `:x` that the full parser reads as plain.
            0 | b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'?' | b':' => return None,
            b'-' if ends(self.peek(at + 1)) => return None,
            _ => {}
        }
        let mut i = at + 1;
        let mut end = i;
        loop {
            match self.peek(i) {
                0 => break,
                b' ' => {
                    let next = self.skip_spaces(i);
                    // A comment, or trailing spaces.
                    if matches!(self.peek(next), 0 | b'#') {
                        break;
                    }
                    i = next;
                }
                b':' if ends(self.peek(i + 1)) => break,
                b if flow && is_flow(b) => break,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
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
        let line = self.bytes.get(..self.line.end)?;
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
    fn escape(&self, at: usize) -> Option<(char, usize)> {
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

/// Whether the text holds only what the fast path reads as the full parser does (`None` if
/// not), and whether it is ASCII. Declined: tabs and every other control character, CR but in
/// CRLF, byte-order marks, C1 controls (with NEL), the Unicode line and paragraph separators,
/// U+FFFE and U+FFFF, and a last line of spaces without a line break.
pub(super) fn check_chars(bytes: &[u8]) -> Option<bool> {
    let mut ascii = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if (0x20..0x7F).contains(&b) || b == b'\n' {
            continue;
        }
        let next = bytes.get(i).copied();
        let after = bytes.get(i + 1).copied();
        let allowed = match b {
            b'\r' => next == Some(b'\n'),
            0x00..=0x7F => false,
            0xC2 => !matches!(next, Some(0x80..=0x9F)),
            0xE2 => !(next == Some(0x80) && matches!(after, Some(0xA8 | 0xA9))),
            0xEF => !matches!(
                (next, after),
                (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
            ),
            _ => true,
        };
        if !allowed {
            return None;
        }
        ascii &= b < 0x80;
    }
    let last = bytes.rsplit(|&b| b == b'\n').next().unwrap_or_default();
    if !last.is_empty() && last.iter().all(|&b| b == b' ') {
        return None;
    }
    Some(ascii)
}
