//! Turning the bytes a caller hands in into documents, with a clear error per file.
//!
//! Every parser sits behind this module; `yaml` is the only place that knows the YAML crate.

mod json;
mod limits;
mod lines;
mod yaml;

/// The JSON fast path and the full parser, apart, for the test that proves them equal.
#[doc(hidden)]
pub use json::{parse_fast as parse_json_fast, parse_full as parse_json_full};
pub use limits::Limits;
/// The YAML fast path and the full parser, apart, for the test that proves them equal.
#[doc(hidden)]
pub use yaml::{parse_fast as parse_yaml_fast, parse_full as parse_yaml_full};

use crate::document::{Node, Pos};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A file handed in by the caller: a display name and its bytes.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Set when the caller could not read the file (so it is still listed in the report).
    pub error: Option<ParseError>,
}

impl InputFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            name: name.into(),
            bytes: bytes.into(),
            error: None,
        }
    }

    /// A file the caller could not read, with the reason.
    pub fn unreadable(name: impl Into<String>, error: ParseError) -> Self {
        InputFile {
            name: name.into(),
            bytes: Vec::new(),
            error: Some(error),
        }
    }
}

/// Why a file could not be read. Positions are 1-based; `None` where no position applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseErrorKind {
    /// Not UTF-8 text, or contains NUL bytes.
    Binary,
    /// Larger than the configured limit.
    TooLarge,
    /// Nested deeper than the configured limit.
    TooDeep,
    /// Alias expansion or node count beyond the limit (e.g. a YAML alias bomb).
    TooManyNodes,
    /// Not valid JSON.
    Json,
    /// Not valid YAML.
    Yaml,
    /// Duplicate keys in a mapping: which one wins is ambiguous, so the file is not evaluated.
    DuplicateKey,
    /// The caller could not read the file at all.
    Unreadable,
}

impl ParseError {
    pub(crate) fn new(kind: ParseErrorKind, message: impl Into<String>, pos: Option<Pos>) -> Self {
        ParseError {
            kind,
            message: message.into(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }

    /// An error for a file the caller failed to read (permissions, vanished, too large on disk).
    pub fn unreadable(kind: ParseErrorKind, message: impl Into<String>) -> Self {
        ParseError::new(kind, message, None)
    }
}

/// The syntax a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Json,
    Yaml,
}

/// A file after parsing: its documents, or the reason it could not be read.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
    pub size: usize,
    pub syntax: Option<Syntax>,
    pub documents: Vec<Node>,
    pub error: Option<ParseError>,
}

/// Parses one file. Never panics; a failure is recorded on the returned file.
pub fn parse_file(input: &InputFile, limits: &Limits) -> SourceFile {
    if let Some(error) = &input.error {
        return SourceFile {
            name: input.name.clone(),
            sha256: String::new(),
            size: 0,
            syntax: None,
            documents: Vec::new(),
            error: Some(error.clone()),
        };
    }
    let mut file = SourceFile {
        name: input.name.clone(),
        sha256: sha256_hex(&input.bytes),
        size: input.bytes.len(),
        syntax: None,
        documents: Vec::new(),
        error: None,
    };
    match parse_bytes(&input.bytes, limits) {
        Ok((syntax, documents)) => {
            file.syntax = Some(syntax);
            file.documents = documents;
        }
        Err(e) => file.error = Some(e),
    }
    file
}

fn parse_bytes(bytes: &[u8], limits: &Limits) -> Result<(Syntax, Vec<Node>), ParseError> {
    if bytes.len() > limits.max_file_bytes {
        return Err(ParseError::new(
            ParseErrorKind::TooLarge,
            format!(
                "file is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_file_bytes
            ),
            None,
        ));
    }
    let text = decode_text(bytes)?;
    let text: &str = &text;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let node = json::parse(text, limits)?;
        Ok((Syntax::Json, vec![node]))
    } else {
        Ok((Syntax::Yaml, yaml::parse(text, limits)?))
    }
}

/// The file's text: UTF-8 (with or without a byte-order mark), or UTF-16 with a byte-order mark
/// (what Windows PowerShell 5 writes for `aws eks describe-cluster > cluster.json`). Anything
/// else is reported as binary with its place.
fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, ParseError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(decode_utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(decode_utf16(rest, u16::from_be_bytes)?)
    } else {
        Cow::Borrowed(decode_utf8(bytes)?)
    };
    if let Some(offset) = text.find('\0') {
        return Err(ParseError::new(
            ParseErrorKind::Binary,
            format!("not a text file: NUL byte at offset {offset}"),
            Some(position_of(&text, offset)),
        ));
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ParseError> {
    let invalid = |text: &str, why: &str| {
        ParseError::new(
            ParseErrorKind::Binary,
            format!("not UTF-16 text: {why}"),
            Some(position_of(text, text.len())),
        )
    };
    let pairs = bytes.chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return Err(invalid(
            "",
            "an odd number of bytes after the byte-order mark",
        ));
    }
    let units = pairs.filter_map(|pair| <[u8; 2]>::try_from(pair).ok().map(unit));
    let mut text = String::with_capacity(bytes.len() / 2);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => return Err(invalid(&text, "an unpaired surrogate")),
        }
    }
    Ok(text)
}

fn decode_utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let pos = end_position(valid);
            return Err(ParseError::new(
                ParseErrorKind::Binary,
                format!(
                    "not UTF-8 text: invalid byte at offset {} (binary file?)",
                    e.valid_up_to()
                ),
                Some(pos),
            ));
        }
    };
    Ok(text)
}

fn end_position(valid: &[u8]) -> Pos {
    let text = String::from_utf8_lossy(valid);
    position_of(&text, text.len())
}

/// The 1-based line and column of a byte offset.
pub(crate) fn position_of(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Duplicate keys make a document ambiguous (parsers disagree on which wins), so they are errors.
fn check_duplicates(entries: &[crate::document::Entry]) -> Result<(), ParseError> {
    let duplicate = if entries.len() <= 16 {
        entries
            .iter()
            .enumerate()
            .find(|(i, e)| entries.iter().take(*i).any(|p| p.key == e.key))
            .map(|(_, e)| e)
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        entries.iter().find(|e| !seen.insert(&e.key))
    };
    match duplicate {
        Some(e) => Err(ParseError::new(
            ParseErrorKind::DuplicateKey,
            format!("duplicate key `{}`", e.key),
            Some(e.key_pos),
        )),
        None => Ok(()),
    }
}
