//! JSON5 with a concrete syntax tree: every value knows its byte span, its path and its
//! line:column, and the document's text is kept as read, so printing an unedited document gives
//! back the exact bytes and an edit rewrites only the text of what changed.
//!
//! Why not a crate: `json5` and `serde_json5` parse into values and lose comments, quote styles
//! and trailing commas; `jsonc-parser` keeps comments but is JSONC, not JSON5 (no single quotes,
//! unquoted keys, hex numbers, `Infinity`). openclaw.json is hand-edited JSON5 whose comments
//! the user wrote for a reason, and a write-back that drops them is one of the upstream bugs
//! we are here to fix.

mod edit;
mod merge;
mod parse;

pub use edit::string_literal;
pub use merge::{write_back, MergeError};

pub use parse::parse;

use std::ops::Range;

use crate::path::{ConfigPath, Segment};

/// A document that is not JSON5, or not one we accept (duplicate keys).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct Json5Error {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// How a string or key was quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"…"`.
    Double,
    /// `'…'`.
    Single,
    /// An unquoted identifier key.
    None,
}

/// A JSON5 value with its place in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Bytes of the value's own text (a string's quotes included).
    pub span: Range<usize>,
}

/// The kinds of JSON5 values.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as a double (JSON5's `Infinity`, `NaN` and hex included).
    Number(f64),
    /// A string, decoded, and how it was quoted.
    String(String, Quote),
    /// An array's items.
    Array(Vec<Node>),
    /// An object's members, in file order.
    Object(Vec<Member>),
}

/// One `key: value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, decoded.
    pub key: String,
    /// How the key was written.
    pub key_quote: Quote,
    /// Bytes of the key's text.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Node,
}

/// A parsed document: the text exactly as read and its tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    text: String,
    root: Node,
}

impl Document {
    /// The text as read (or as the last edit left it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The root value.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// 1-based line and column (characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        line_column(&self.text, offset)
    }

    /// The node at `path`, if there is one.
    pub fn get(&self, path: &ConfigPath) -> Option<&Node> {
        let mut node = &self.root;
        for segment in &path.0 {
            node = match (segment, &node.kind) {
                (Segment::Key(k), Kind::Object(members)) => {
                    &members.iter().rev().find(|m| &m.key == k)?.value
                }
                (Segment::Index(i), Kind::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Every string value with its path, in document order.
    pub fn strings(&self) -> Vec<(ConfigPath, &Node, &str)> {
        let mut out = Vec::new();
        walk(&self.root, &ConfigPath::root(), &mut |path, node| {
            if let Kind::String(s, _) = &node.kind {
                out.push((path.clone(), node, s.as_str()));
            }
        });
        out
    }

    /// The value as JSON (`Infinity` and `NaN` become `null`, as in `JSON.stringify`).
    pub fn to_json(&self) -> serde_json::Value {
        self.root.to_json()
    }
}

/// Calls `f` on every node under `node` (itself first), with its path.
pub fn walk<'a>(node: &'a Node, path: &ConfigPath, f: &mut dyn FnMut(&ConfigPath, &'a Node)) {
    f(path, node);
    match &node.kind {
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), f);
            }
        }
        Kind::Object(members) => {
            for m in members {
                walk(&m.value, &path.key(&m.key), f);
            }
        }
        _ => {}
    }
}

impl Node {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => number_to_json(*n),
            Kind::String(s, _) => Value::String(s.clone()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.clone(), m.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// A double as JSON the way JavaScript prints it: integers without a fraction.
pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// 1-based line and column (characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u32, before[start..].chars().count() as u32 + 1)
}
