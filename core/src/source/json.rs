//! Strict JSON (RFC 8259) with the position of every value.

use super::lines::LineIndex;
use super::{Limits, ParseError, ParseErrorKind};
use crate::document::{Entry, Node, Value};
use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

mod fast;

pub(super) fn parse(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    match fast::parse(text, limits) {
        Some(node) => Ok(node),
        None => parse_full(text, limits),
    }
}

/// Strict JSON in one pass over the bytes, or `None` when the full parser must read it: the
/// tree is exactly what `parse_full` gives, and only `parse_full` reports errors.
pub fn parse_fast(text: &str, limits: &Limits) -> Option<Node> {
    fast::parse(text, limits)
}

/// Every JSON file through the JSON crate's syntax tree (also what the fast path is checked
/// against).
pub fn parse_full(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    let lines = LineIndex::new(text);
    check_depth(text, limits, &lines)?;
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
            let range = e.range();
            ParseError::new(
                ParseErrorKind::Json,
                format!("invalid JSON: {}", e.kind()),
                Some(lines.pos(range.start)),
            )
        })?;
    let value = parsed.value.ok_or_else(|| {
        ParseError::new(
            ParseErrorKind::Json,
            "invalid JSON: no value",
            Some(lines.pos(0)),
        )
    })?;
    convert(value, &lines)
}

/// Rejects nesting beyond the limit before the recursive parser sees it.
fn check_depth(text: &str, limits: &Limits, lines: &LineIndex<'_>) -> Result<(), ParseError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(ParseError::new(
                        ParseErrorKind::TooDeep,
                        format!("nested deeper than {} levels", limits.max_depth),
                        Some(lines.pos(offset)),
                    ));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn convert(value: ast::Value<'_>, lines: &LineIndex<'_>) -> Result<Node, ParseError> {
    Ok(match value {
        ast::Value::StringLit(s) => Node::new(
            Value::String(s.value.into_owned().into_boxed_str()),
            lines.pos(s.range.start),
        ),
        ast::Value::NumberLit(n) => {
            let parsed = n.value.parse::<f64>().map_err(|_| {
                ParseError::new(
                    ParseErrorKind::Json,
                    format!("invalid JSON: number `{}` out of range", n.value),
                    Some(lines.pos(n.range.start)),
                )
            })?;
            Node::new(Value::Number(parsed), lines.pos(n.range.start))
        }
        ast::Value::BooleanLit(b) => Node::new(Value::Bool(b.value), lines.pos(b.range.start)),
        ast::Value::NullKeyword(n) => Node::new(Value::Null, lines.pos(n.range.start)),
        ast::Value::Array(a) => {
            let pos = lines.pos(a.range.start);
            let items = a
                .elements
                .into_iter()
                .map(|v| convert(v, lines))
                .collect::<Result<Vec<_>, _>>()?;
            Node::new(Value::Seq(items), pos)
        }
        ast::Value::Object(o) => {
            let pos = lines.pos(o.range.start);
            let mut entries = Vec::with_capacity(o.properties.len());
            for prop in o.properties {
                let key_pos = lines.pos(prop.range.start);
                let key = prop.name.into_string().into_boxed_str();
                entries.push(Entry {
                    key,
                    key_pos,
                    node: convert(prop.value, lines)?,
                });
            }
            super::check_duplicates(&entries)?;
            Node::new(Value::Map(entries), pos)
        }
    })
}
