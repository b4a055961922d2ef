//! One pass over the bytes of strict JSON (RFC 8259), building our tree directly and counting
//! lines and columns on the way. Declines (`None`) anything it does not fully understand, and
//! anything the full parser rejects; it never reports an error itself.

use super::super::{check_duplicates, Limits};
use crate::document::{Entry, Node, Pos, Value};

/// Nesting beyond this goes to the full parser whatever the limit: it bounds the recursion
/// here, and the JSON crate has a nesting limit of its own (512 open ranges, an object and each
/// of its properties counting one each), which 256 levels of anything stay within.
const MAX_RECURSION: usize = 256;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of eight string bytes needs a closer look: a quote, a backslash, a control
/// character or non-ASCII text (bytewise tests in one word).
fn special(chunk: u64) -> bool {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = zero(chunk ^ (ONES * u64::from(b'"')));
    let backslash = zero(chunk ^ (ONES * u64::from(b'\\')));
    let control = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGHS;
    (quote | backslash | control | (chunk & HIGHS)) != 0
}

/// The tree of `text`, or `None` when the full parser must read it.
pub(super) fn parse(text: &str, limits: &Limits) -> Option<Node> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        continuations: 0,
        line_continuations: 0,
        max_depth: limits.max_depth.min(MAX_RECURSION),
        items: Vec::with_capacity(64),
        entries: Vec::with_capacity(64),
        scratch: String::new(),
    };
    parser.skip_whitespace();
    let root = parser.value(0)?;
    parser.skip_whitespace();
    (parser.at == parser.bytes.len()).then_some(root)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Byte offset of the next byte to read.
    at: usize,
    /// The current line (1-based) and the byte offset it starts at.
    line: usize,
    line_start: usize,
    /// UTF-8 continuation bytes read so far, and up to the start of the current line (columns
    /// count characters, and only strings hold non-ASCII text).
    continuations: usize,
    line_continuations: usize,
    max_depth: usize,
    /// Values and entries of the open collections, moved out when each one closes.
    items: Vec<Node>,
    entries: Vec<Entry>,
    /// Decoded text of a string with escapes.
    scratch: String,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// The next eight bytes as one word, if there are eight.
    fn word8(&self) -> Option<u64> {
        let chunk = self.bytes.get(self.at..)?.first_chunk::<8>()?;
        Some(u64::from_le_bytes(*chunk))
    }

    /// Skips string bytes eight at a time while none of them needs a closer look.
    fn skip_plain(&mut self) {
        while self.word8().is_some_and(|chunk| !special(chunk)) {
            self.at += 8;
        }
    }

    /// The 1-based line and character column of the next byte, as `LineIndex::pos` gives it.
    fn pos(&self) -> Pos {
        let column = self.at - self.line_start - (self.continuations - self.line_continuations) + 1;
        Pos {
            line: u32::try_from(self.line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// Space, tab, line feed and carriage return (a CR is a character of its line, as in
    /// `LineIndex`: only LF starts a new line).
    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                    self.line_continuations = self.continuations;
                    // Indentation, eight spaces at a time.
                    while self.word8() == Some(u64::from_le_bytes([b' '; 8])) {
                        self.at += 8;
                    }
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        let pos = self.pos();
        let value = match self.peek()? {
            b'{' => self.object(depth + 1)?,
            b'[' => self.array(depth + 1)?,
            b'"' => Value::String(self.string()?),
            b't' => self.word(b"true", Value::Bool(true))?,
            b'f' => self.word(b"false", Value::Bool(false))?,
            b'n' => self.word(b"null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return None,
        };
        Some(Node { value, pos })
    }

    fn word(&mut self, word: &[u8], value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, converted as the full parser converts
    /// the same text.
    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        // A digit straight after `0` (a leading zero) is not JSON.
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
        self.text.get(start..self.at)?.parse::<f64>().ok()
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// A string starting at its opening quote, decoded.
    fn string(&mut self) -> Option<Box<str>> {
        self.at += 1;
        let start = self.at;
        // The plain run up to the closing quote or the first escape.
        loop {
            self.skip_plain();
            let byte = self.peek()?;
            match byte {
                b'"' => {
                    let value = self.text.get(start..self.at)?;
                    self.at += 1;
                    return Some(Box::from(value));
                }
                b'\\' => break,
                0..=0x1F => return None,
                0x80..=0xBF => self.continuations += 1,
                _ => {}
            }
            self.at += 1;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.push_str(self.text.get(start..self.at)?);
        let decoded = self.escaped(&mut scratch);
        self.scratch = scratch;
        decoded.then(|| Box::from(self.scratch.as_str()))
    }

    /// The rest of a string from its first backslash, decoded into `out`; false to decline.
    fn escaped(&mut self, out: &mut String) -> bool {
        let mut run = self.at;
        loop {
            self.skip_plain();
            let Some(byte) = self.peek() else {
                return false;
            };
            match byte {
                b'"' => {
                    let Some(tail) = self.text.get(run..self.at) else {
                        return false;
                    };
                    out.push_str(tail);
                    self.at += 1;
                    return true;
                }
                b'\\' => {
                    let Some(head) = self.text.get(run..self.at) else {
                        return false;
                    };
                    out.push_str(head);
                    self.at += 1;
                    let Some(escape) = self.peek() else {
                        return false;
                    };
                    self.at += 1;
                    let decoded = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{08}',
                        b'f' => '\u{0C}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => match self.unicode_escape() {
                            Some(c) => c,
                            None => return false,
                        },
                        _ => return false,
                    };
                    out.push(decoded);
                    run = self.at;
                    continue;
                }
                0..=0x1F => return false,
                0x80..=0xBF => self.continuations += 1,
                _ => {}
            }
            self.at += 1;
        }
    }

    /// After `\u`: a character, or a surrogate pair written as two escapes. Lone surrogates
    /// decline (the full parser rejects them).
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
                    return None;
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            _ => first,
        };
        char::from_u32(code)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let mut code = 0u32;
        for &digit in digits {
            code = code * 16 + char::from(digit).to_digit(16)?;
        }
        self.at += 4;
        Some(code)
    }

    /// `[` … `]`, at nesting `depth` (the root collection is depth 1, as the full parser counts).
    fn array(&mut self, depth: usize) -> Option<Value> {
        if depth > self.max_depth {
            return None;
        }
        self.at += 1;
        self.skip_whitespace();
        let mark = self.items.len();
        if self.peek()? != b']' {
            loop {
                let item = self.value(depth)?;
                self.items.push(item);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    b']' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1;
        let items: Vec<Node> = self.items.drain(mark..).collect();
        Some(Value::Seq(items))
    }

    /// `{` … `}`, at nesting `depth`; declines duplicate keys as the full parser rejects them.
    fn object(&mut self, depth: usize) -> Option<Value> {
        if depth > self.max_depth {
            return None;
        }
        self.at += 1;
        self.skip_whitespace();
        let mark = self.entries.len();
        if self.peek()? != b'}' {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let key_pos = self.pos();
                let key = self.string()?;
                self.skip_whitespace();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                self.skip_whitespace();
                let node = self.value(depth)?;
                self.entries.push(Entry { key, key_pos, node });
                self.skip_whitespace();
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.at += 1;
        let entries: Vec<Entry> = self.entries.drain(mark..).collect();
        check_duplicates(&entries).ok()?;
        Some(Value::Map(entries))
    }
}
