//! Lines: where they end, their indentation, and whether their characters are read by the full
//! parser as the fast path reads them.

use super::Reader;

/// One line of the text.
#[derive(Clone, Copy, Default)]
pub(super) struct Line {
    /// Offset of its first byte (the text's length at the end of the text).
    pub(super) start: usize,
    /// Offset of its line break (`\n` or `\r\n`), or the end of the text.
    pub(super) end: usize,
    /// Offset of the next line.
    pub(super) next: usize,
    /// 1-based.
    pub(super) no: u32,
    /// Leading spaces.
    pub(super) indent: usize,
    /// Columns are byte offsets on an ASCII line.
    pub(super) ascii: bool,
    /// Declined characters: tabs and every other control character, CR but in CRLF,
    /// byte-order marks, C1 controls (with NEL), the Unicode line and paragraph separators, and
    /// U+FFFE, U+FFFF.
    pub(super) valid: bool,
}

impl Line {
    /// Whether the line holds only spaces.
    pub(super) fn is_empty(&self) -> bool {
        self.start + self.indent >= self.end
    }
}

impl<'t> Reader<'t> {
    /// The line starting at `start`.
    pub(super) fn line_at(&self, start: usize, no: u32) -> Line {
        let len = self.bytes.len();
        let rest = self.bytes.get(start..).unwrap_or_default();
        let indent = rest.iter().take_while(|&&b| b == b' ').count();
        let (mut ascii, mut valid) = (true, true);
        let mut i = indent;
        let (end, next) = loop {
            // Printable ASCII is the common case: skip to anything else.
            let tail = rest.get(i..).unwrap_or_default();
            let Some(n) = tail.iter().position(|&b| !(0x20..0x7F).contains(&b)) else {
                break (len, len);
            };
            i += n;
            let at = |k: usize| rest.get(i + k).copied();
            match at(0) {
                Some(b'\n') => break (start + i, start + i + 1),
                Some(b'\r') if at(1) == Some(b'\n') => break (start + i, start + i + 2),
                Some(0x80..=0xFF) => {
                    ascii = false;
                    valid &= !matches!(
                        (at(0), at(1), at(2)),
                        (Some(0xC2), Some(0x80..=0x9F), _)
                            | (Some(0xE2), Some(0x80), Some(0xA8 | 0xA9))
                            | (Some(0xEF), Some(0xBB), Some(0xBF))
                            | (Some(0xEF), Some(0xBF), Some(0xBE | 0xBF))
                    );
                }
                _ => valid = false,
            }
            i += 1;
        };
        Line {
            start: start.min(len),
            end,
            next,
            no,
            indent,
            ascii,
            valid,
        }
    }

    /// Makes the first line with content (not empty, not only a comment) at or after `start`
    /// current, or the end of the text.
    pub(super) fn skip_to_content(&mut self, mut start: usize, mut no: u32) {
        self.passed_empty = 0;
        self.passed_comment = false;
        loop {
            let line = self.line_at(start, no);
            let comment = self.bytes.get(line.start + line.indent) == Some(&b'#');
            if line.start >= self.bytes.len() || !(line.is_empty() || comment) {
                self.set_line(line);
                return;
            }
            self.valid &= line.valid;
            self.passed_empty += usize::from(!comment);
            self.passed_comment |= comment;
            start = line.next;
            no = no.saturating_add(1);
        }
    }

    /// Makes `line` current.
    pub(super) fn set_line(&mut self, line: Line) {
        self.valid &= line.valid;
        self.line = line;
        self.current = self.bytes.get(..line.end).unwrap_or_default();
    }

    pub(super) fn next_line(&mut self) {
        self.skip_to_content(self.line.next, self.line.no.saturating_add(1));
    }

    pub(super) fn at_end(&self) -> bool {
        self.line.start >= self.bytes.len()
    }

    /// Whether the current line is `---` or `...` (alone or before a space).
    pub(super) fn at_marker(&self) -> bool {
        let start = self.line.start;
        let head = self.bytes.get(start..start + 3);
        self.line.indent == 0
            && (head == Some(b"---") || head == Some(b"..."))
            && matches!(self.peek(start + 3), 0 | b' ')
    }
}

/// Whether the text ends with a line of spaces without a line break (where the full parser
/// adds a line break to a block scalar).
pub(super) fn ends_with_spaces(bytes: &[u8]) -> bool {
    let last = bytes.rsplit(|&b| b == b'\n').next().unwrap_or_default();
    !last.is_empty() && last.iter().all(|&b| b == b' ')
}
