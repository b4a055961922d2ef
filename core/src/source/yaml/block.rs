//! A fast path for the block YAML that `kubectl get -o yaml` writes (and most hand-written
//! manifests look like): a byte-oriented reader of that subset which gives exactly the tree the
//! full parser gives, values and positions alike.
//!
//! It reads the whole file or declines (`None`) and the full parser reads it instead, so it never
//! reports an error of its own: anything it does not know to be read the same way (tags, merge
//! keys, complex keys, flow collections over several lines, anchors on keys, tabs, control
//! characters, duplicate keys, files beyond the limits...) is declined. Positions follow the full
//! parser's conventions, some of them surprising; each is noted where it is made.
//!
//! Accepted: block mappings and sequences (indented or at their key's indentation, compact
//! `- key: v` and `- - x`); plain and quoted scalars, also over several lines (kubectl wraps
//! long strings); block scalars (`|` and `>`, with chomping and an indentation indicator); flow
//! collections on one line; anchors on values and aliases (as PyYAML writes them); comments,
//! `---` and `...`.

mod anchor;
mod block_scalar;
mod flow;
mod line;
mod multiline;
mod scalar;

use super::{key_text, node_budget, resolve_scalar};
use crate::document::{Entry, Node, Pos, Value};
use crate::source::Limits;
use line::{ends_with_spaces, Line};
use saphyr_parser::ScalarStyle;
use scalar::Scalar;

/// Deepest nesting the fast path follows (it recurses); deeper files go to the full parser.
const MAX_DEPTH: usize = 100;

/// The full parser forgets a possible key 1024 characters after it starts; longer keys decline.
const MAX_KEY_BYTES: usize = 1000;

/// The documents of `text`, or `None` when the full parser must read it.
pub fn parse(text: &str, limits: &Limits) -> Option<Vec<Node>> {
    if ends_with_spaces(text.as_bytes()) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        line: Line::default(),
        current: &[],
        valid: true,
        passed_empty: 0,
        passed_comment: false,
        max_depth: limits.max_depth.min(MAX_DEPTH),
        nodes: 0,
        entries: Vec::with_capacity(64),
        items: Vec::with_capacity(64),
        anchors: Vec::new(),
    };
    reader.skip_to_content(0, 1);
    let documents = reader.documents()?;
    // Every line has been read. Values count as the full parser counts them.
    (reader.valid && reader.nodes <= node_budget(text, limits)).then_some(documents)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The current line: the next one with content (not blank, not only a comment).
    line: Line,
    /// The text up to the current line's end.
    current: &'t [u8],
    /// Whether every line read so far has only characters the fast path reads.
    valid: bool,
    /// What the last move to a line with content passed: empty lines, and whether a comment.
    passed_empty: usize,
    passed_comment: bool,
    max_depth: usize,
    /// Values read so far, counted as the full parser counts them against its budget.
    nodes: usize,
    /// Entries and items of the collections being read, as stacks: a finished collection takes
    /// its own off the top, so each is allocated once at its final size.
    entries: Vec<Entry>,
    items: Vec<Node>,
    /// The current document's anchors in the order of their `&`, with their values once read.
    anchors: Vec<(&'t str, Option<Node>)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Documents {
    /// Content may start a document without `---` (start of the stream, after `...`).
    Implicit,
    /// After `---`, before any content.
    Explicit,
    /// After a document's content: only `---`, `...` or the end may follow.
    Ended,
}

impl<'t> Reader<'t> {
    fn documents(&mut self) -> Option<Vec<Node>> {
        let mut documents = Vec::new();
        let mut state = Documents::Implicit;
        loop {
            if self.at_end() {
                if state == Documents::Explicit {
                    // The full parser places an empty last document on a line after the text.
                    let pos = Pos {
                        line: self.line.no,
                        column: 1,
                    };
                    documents.push(self.null(pos));
                }
                return Some(documents);
            }
            if self.at_marker() {
                if !self.rest_is_blank(self.line.start + 3) {
                    return None;
                }
                if state == Documents::Explicit {
                    // An empty document is placed at the marker that ends it.
                    let pos = self.pos(self.line.start);
                    documents.push(self.null(pos));
                }
                state = if self.peek(self.line.start) == b'-' {
                    Documents::Explicit
                } else {
                    Documents::Implicit
                };
                self.next_line();
                continue;
            }
            if state == Documents::Ended {
                return None;
            }
            self.anchors.clear();
            let at = self.line.start + self.line.indent;
            let root = if self.is_entry(at) {
                self.block_seq(at, false, 1)?
            } else if self.is_key(at) {
                self.block_map(at, 1)?
            } else {
                return None;
            };
            documents.push(root);
            state = Documents::Ended;
        }
    }

    /// A block mapping whose first key starts at `at` on the current line.
    fn block_map(&mut self, mut at: usize, depth: usize) -> Option<Node> {
        self.enter(depth)?;
        // Only spaces and `- ` precede a block key on its line, so bytes are columns here.
        let col = at - self.line.start;
        let first = self.entries.len();
        let mut pos = None;
        loop {
            let (key, key_pos, colon) = self.key(at)?;
            // A mapping starts at its first key.
            pos.get_or_insert(key_pos);
            let null_pos = self.pos(colon);
            let node = self.map_value(colon + 1, col, null_pos, depth)?;
            self.entries.push(Entry { key, key_pos, node });
            if self.at_end() || self.at_marker() || self.line.indent < col {
                break;
            }
            at = self.line.start + col;
            // More indented: a continuation line or an error; a `-` here is an error.
            if self.line.indent > col || self.is_entry(at) {
                return None;
            }
        }
        let entries = self.entries.split_off(first);
        crate::source::check_duplicates(&entries).ok()?;
        Some(Node::new(Value::Map(entries), pos?))
    }

    /// A block sequence whose first `-` is at `at` on the current line; `indentless` when it
    /// sits at its parent key's indentation (`key:\n- a`).
    fn block_seq(&mut self, mut at: usize, indentless: bool, depth: usize) -> Option<Node> {
        self.enter(depth)?;
        let col = at - self.line.start;
        let first = self.items.len();
        let mut pos = None;
        loop {
            let item = self.skip_spaces(at + 1);
            // The full parser marks an entry past its `-`, spaces and comment: that is where an
            // empty item is, and where a sequence at its key's indentation starts.
            let entry = if self.peek(item) == b'#' {
                self.pos(self.line.end)
            } else {
                self.pos(item)
            };
            // An indented sequence starts at its first `-`.
            pos.get_or_insert(if indentless { entry } else { self.pos(at) });
            let node = self.seq_item(item, col, entry, depth)?;
            self.items.push(node);
            if self.at_end() || self.at_marker() || self.line.indent < col {
                break;
            }
            if self.line.indent > col {
                return None;
            }
            at = self.line.start + col;
            if !self.is_entry(at) {
                // A key after an indentless sequence belongs to the mapping around it.
                if indentless {
                    break;
                }
                return None;
            }
        }
        let items = self.items.split_off(first);
        Some(Node::new(Value::Seq(items), pos?))
    }

    /// The value after a key's `:` (at `at`) in a mapping at column `col`.
    fn map_value(&mut self, at: usize, col: usize, null_pos: Pos, depth: usize) -> Option<Node> {
        let at = self.skip_spaces(at);
        match self.peek(at) {
            0 | b'#' => self.below(col, false, null_pos, depth),
            b'&' => self.anchored(at, col, false, depth),
            b'*' => self.alias(at),
            b'|' | b'>' => self.block_scalar(at, col),
            b'[' | b'{' => self.flow_value(at, depth + 1),
            _ => self.scalar_value(at, col),
        }
    }

    /// The item after a `-` (at `at`) of a sequence at column `col`.
    fn seq_item(&mut self, at: usize, col: usize, entry: Pos, depth: usize) -> Option<Node> {
        match self.peek(at) {
            0 | b'#' => self.below(col, true, entry, depth),
            b'&' => self.anchored(at, col, true, depth),
            b'*' => self.alias(at),
            b'|' | b'>' => self.block_scalar(at, col),
            b'[' | b'{' => self.flow_value(at, depth + 1),
            _ if self.is_entry(at) => self.block_seq(at, false, depth + 1),
            _ if self.is_key(at) => self.block_map(at, depth + 1),
            _ => self.scalar_value(at, col),
        }
    }

    /// A value that starts on a later line than its key or `-` (in a collection at `col`), or
    /// the empty value the full parser places at `null_pos`.
    fn below(&mut self, col: usize, in_seq: bool, null_pos: Pos, depth: usize) -> Option<Node> {
        self.next_line();
        if self.at_end() || self.at_marker() {
            return Some(self.null(null_pos));
        }
        let indent = self.line.indent;
        let at = self.line.start + indent;
        if self.is_entry(at) {
            // A mapping's value may be a sequence at the key's own indentation.
            if indent > col || (indent == col && !in_seq) {
                return self.block_seq(at, indent == col, depth + 1);
            }
        } else if indent > col {
            // Anything else more indented would be a scalar on its own line: declined.
            return if self.is_key(at) {
                self.block_map(at, depth + 1)
            } else {
                None
            };
        }
        Some(self.null(null_pos))
    }

    /// A plain or quoted scalar that ends its line, or goes on over lines more indented than
    /// its collection at `col`.
    fn scalar_value(&mut self, at: usize, col: usize) -> Option<Node> {
        let pos = self.pos(at);
        let scalar = match self.peek(at) {
            b'\'' | b'"' => match self.scalar(at, false) {
                Some(scalar) => scalar,
                None => self.quoted_lines(at, col)?,
            },
            _ => return self.plain_lines(at, col, pos),
        };
        if !self.rest_is_blank(scalar.end) {
            return None;
        }
        let node = self.scalar_node(scalar, pos);
        self.next_line();
        Some(node)
    }

    /// The key at `at`, its position and the offset of its `:` (followed by a space or the end
    /// of the line).
    fn key(&mut self, at: usize) -> Option<(Box<str>, Pos, usize)> {
        let scalar = self.scalar(at, false)?;
        let colon = scalar.end;
        if !self.is_colon(colon) || colon - at > MAX_KEY_BYTES {
            return None;
        }
        let (key, pos) = self.key_text(scalar)?;
        Some((key, pos, colon))
    }

    /// A key's text as the full parser makes it; merge keys are declined.
    fn key_text(&mut self, scalar: Scalar<'t>) -> Option<(Box<str>, Pos)> {
        let pos = self.pos(scalar.start);
        let node = self.scalar_node(scalar, pos);
        let key = key_text(node).ok()?;
        (&*key != "<<").then_some((key, pos))
    }

    /// Whether a block key (a scalar followed by `:`) starts at `at`.
    fn is_key(&self, at: usize) -> bool {
        self.scalar(at, false)
            .is_some_and(|scalar| self.is_colon(scalar.end))
    }

    fn is_colon(&self, at: usize) -> bool {
        self.peek(at) == b':' && matches!(self.peek(at + 1), 0 | b' ')
    }

    /// Whether a block sequence entry (`-` then a space or the end of the line) is at `at`.
    fn is_entry(&self, at: usize) -> bool {
        self.peek(at) == b'-' && matches!(self.peek(at + 1), 0 | b' ')
    }

    fn scalar_node(&mut self, scalar: Scalar<'t>, pos: Pos) -> Node {
        self.nodes += 1;
        let value = if scalar.plain {
            resolve_scalar(&scalar.text, ScalarStyle::Plain, None)
        } else {
            Value::String(scalar.text.into_owned().into_boxed_str())
        };
        Node::new(value, pos)
    }

    fn null(&mut self, pos: Pos) -> Node {
        self.nodes += 1;
        Node::new(Value::Null, pos)
    }

    /// Counts a collection at nesting `depth` (1 for a document's root), if within the limit.
    fn enter(&mut self, depth: usize) -> Option<()> {
        self.nodes += 1;
        (depth <= self.max_depth).then_some(())
    }

    /// The byte at `at` on the current line; 0 at its end (the text holds no NUL).
    fn peek(&self, at: usize) -> u8 {
        self.current.get(at).copied().unwrap_or(0)
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.peek(at) == b' ' {
            at += 1;
        }
        at
    }

    /// Whether only spaces and a comment (after a space) follow `at` on the current line.
    fn rest_is_blank(&self, at: usize) -> bool {
        let next = self.skip_spaces(at);
        match self.peek(next) {
            0 => true,
            b'#' => next > at,
            _ => false,
        }
    }

    /// The position of offset `at` on the current line.
    fn pos(&self, at: usize) -> Pos {
        let start = self.line.start;
        let column = if self.line.ascii {
            at.saturating_sub(start)
        } else {
            let before = self.bytes.get(start..at).unwrap_or_default();
            // Columns count characters: every byte that is not a UTF-8 continuation byte.
            before.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        };
        Pos {
            line: self.line.no,
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}
