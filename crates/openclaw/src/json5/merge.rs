//! Writing a new value back into a document while keeping everything the user wrote that did
//! not change: comments, blank lines, quote styles, trailing commas, key order.
//!
//! The change is made as text edits on the concrete syntax tree: a changed scalar has its own
//! text replaced; a removed member or item has its text (and separator) cut; a new member or
//! item is inserted after the last one, in the style of its neighbours (indentation, quotes,
//! trailing comma). A file that is plain JSON stays plain JSON. The result is parsed again and
//! compared with the value that was asked for: a mismatch is refused, never written.

use serde_json::Value;
use std::ops::Range;

use super::{parse, string_literal, Document, Json5Error, Kind, Node, Quote};

/// The edit could not be made faithfully.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The edited text is not what was asked for (a bug we refuse to write).
    #[error("internal error: the rewritten file would not hold the requested value")]
    Mismatch,
    /// The rewritten text does not parse (a bug we refuse to write).
    #[error("internal error: the rewritten file would not parse: {0}")]
    Invalid(Json5Error),
}

/// How the document writes keys and strings.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Unquoted identifier keys are used somewhere in the file.
    bare_keys: bool,
    /// The quote of quoted keys and of strings.
    quote: Quote,
    /// One indentation step.
    unit: &'static str,
}

fn detect_style(doc: &Document) -> Style {
    let (mut bare, mut single, mut double) = (false, 0, 0);
    super::walk(
        doc.root(),
        &crate::path::ConfigPath::root(),
        &mut |_, node| {
            if let Kind::Object(members) = &node.kind {
                for m in members {
                    match m.key_quote {
                        Quote::None => bare = true,
                        Quote::Single => single += 1,
                        Quote::Double => double += 1,
                    }
                }
            }
            if let Kind::String(_, q) = &node.kind {
                match q {
                    Quote::Single => single += 1,
                    _ => double += 1,
                }
            }
        },
    );
    let text = doc.text();
    let unit = if text.contains("\n\t") {
        "\t"
    } else if text.contains("\n    ") && !text.contains("\n  \"") && !text.contains("\n  ") {
        "    "
    } else {
        "  "
    };
    Style {
        bare_keys: bare,
        quote: if single > double {
            Quote::Single
        } else {
            Quote::Double
        },
        unit,
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn key_text(key: &str, style: Style) -> String {
    if style.bare_keys && is_identifier(key) {
        key.to_string()
    } else {
        string_literal(
            key,
            if style.quote == Quote::Single {
                Quote::Single
            } else {
                Quote::Double
            },
        )
    }
}

/// `value` as JSON5 text in the file's style; `indent` is the indentation of the line it starts on.
fn serialize(value: &Value, style: Style, indent: &str) -> String {
    let inner = format!("{indent}{}", style.unit);
    match value {
        Value::String(s) => string_literal(s, style.quote),
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Object(map) if map.is_empty() => "{}".to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| format!("{inner}{}", serialize(v, style, &inner)))
                .collect();
            format!("[\n{}\n{indent}]", parts.join(",\n"))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{inner}{}: {}",
                        key_text(k, style),
                        serialize(v, style, &inner)
                    )
                })
                .collect();
            format!("{{\n{}\n{indent}}}", parts.join(",\n"))
        }
        other => serde_json::to_string(other).expect("a JSON scalar serialises"),
    }
}

/// Numbers compare as JavaScript does (one double type).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

struct Editor<'a> {
    text: &'a str,
    style: Style,
    edits: Vec<(Range<usize>, String)>,
}

impl Editor<'_> {
    /// The indentation of the line `offset` is on.
    fn indent_at(&self, offset: usize) -> String {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }

    /// The offset just after the `,` that follows `end` (trivia skipped), if one does.
    fn comma_after(&self, end: usize) -> Option<usize> {
        let mut rest = &self.text[end..];
        let mut pos = end;
        loop {
            let trimmed = rest.trim_start();
            pos += rest.len() - trimmed.len();
            rest = trimmed;
            if let Some(r) = rest.strip_prefix("//") {
                let skip = r.find('\n').map_or(r.len(), |i| i);
                pos += 2 + skip;
                rest = &r[skip..];
            } else if let Some(r) = rest.strip_prefix("/*") {
                let skip = r.find("*/")? + 2;
                pos += 2 + skip;
                rest = &r[skip..];
            } else {
                return rest.starts_with(',').then_some(pos + 1);
            }
        }
    }

    /// The start of an element for cutting: its line start when only indentation precedes it.
    fn cut_start(&self, start: usize) -> usize {
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        if self.text[line_start..start].trim().is_empty() {
            line_start
        } else {
            start
        }
    }

    /// After `pos`: spaces and, if the element had its line to itself, the rest of that line
    /// (a comment about it) and the line break.
    fn cut_end(&self, pos: usize, from_line_start: bool) -> usize {
        let rest = &self.text[pos..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let mut end = pos + spaces;
        if from_line_start && self.text[end..].starts_with("//") {
            end += self.text[end..].find('\n').unwrap_or(self.text.len() - end);
            if self.text[..end].ends_with('\r') {
                end -= 1;
            }
        }
        if from_line_start {
            if self.text[end..].starts_with("\r\n") {
                end += 2;
            } else if self.text[end..].starts_with('\n') {
                end += 1;
            }
        }
        end
    }

    /// `key: value` (or the value alone, for an array item) in the file's style.
    fn element(&self, key: Option<&str>, value: &Value, indent: &str) -> String {
        let value = serialize(value, self.style, indent);
        match key {
            Some(k) => format!("{}: {value}", key_text(k, self.style)),
            None => value,
        }
    }

    /// Edits turning `node` into `new`.
    fn diff(&mut self, node: &Node, new: &Value) {
        match (&node.kind, new) {
            (Kind::Object(members), Value::Object(map)) => {
                let elements: Vec<(Range<usize>, usize)> = members
                    .iter()
                    .map(|m| (m.key_span.start..m.value.span.end, m.value.span.end))
                    .collect();
                let keep: Vec<bool> = members.iter().map(|m| map.contains_key(&m.key)).collect();
                for (m, kept) in members.iter().zip(&keep) {
                    if *kept {
                        self.diff(&m.value, &map[&m.key]);
                    }
                }
                let added: Vec<(Option<&str>, &Value)> = map
                    .iter()
                    .filter(|(k, _)| !members.iter().any(|m| &m.key == *k))
                    .map(|(k, v)| (Some(k.as_str()), v))
                    .collect();
                self.list(node, &elements, &keep, added, '{', '}');
            }
            (Kind::Array(items), Value::Array(values)) => {
                let common = items.len().min(values.len());
                for (item, value) in items.iter().zip(values).take(common) {
                    self.diff(item, value);
                }
                let elements: Vec<(Range<usize>, usize)> =
                    items.iter().map(|i| (i.span.clone(), i.span.end)).collect();
                let keep: Vec<bool> = (0..items.len()).map(|i| i < common).collect();
                let added: Vec<(Option<&str>, &Value)> =
                    values[common..].iter().map(|v| (None, v)).collect();
                self.list(node, &elements, &keep, added, '[', ']');
            }
            (Kind::String(s, q), Value::String(t)) => {
                if s != t {
                    self.edits.push((node.span.clone(), string_literal(t, *q)));
                }
            }
            _ => {
                if !same(&node.to_json(), new) {
                    let indent = self.indent_at(node.span.start);
                    self.edits
                        .push((node.span.clone(), serialize(new, self.style, &indent)));
                }
            }
        }
    }

    /// Cuts the elements not kept and appends `added` (`key` empty for array items).
    fn list(
        &mut self,
        node: &Node,
        elements: &[(Range<usize>, usize)],
        keep: &[bool],
        added: Vec<(Option<&str>, &Value)>,
        open: char,
        close: char,
    ) {
        let kept_count = keep.iter().filter(|k| **k).count();
        if kept_count == 0 && (!added.is_empty() || !elements.is_empty()) {
            // Nothing of the old list survives: write the list anew in the file's style.
            let indent = self.indent_at(node.span.start);
            let multiline = self.text[node.span.clone()].contains('\n') || added.len() > 1;
            let text = if added.is_empty() {
                format!("{open}{close}")
            } else if multiline {
                let value = if open == '{' {
                    Value::Object(
                        added
                            .iter()
                            .map(|(k, v)| (k.unwrap_or_default().to_string(), (*v).clone()))
                            .collect(),
                    )
                } else {
                    Value::Array(added.iter().map(|(_, v)| (*v).clone()).collect())
                };
                serialize(&value, self.style, &indent)
            } else {
                let inner: Vec<String> = added
                    .iter()
                    .map(|(k, v)| self.element(*k, v, &indent))
                    .collect();
                format!("{open} {} {close}", inner.join(", "))
            };
            // Drop nested edits inside the replaced node.
            self.edits
                .retain(|(r, _)| !(r.start >= node.span.start && r.end <= node.span.end));
            self.edits.push((node.span.clone(), text));
            return;
        }
        // Cut runs of removed elements.
        let last_kept = keep.iter().rposition(|k| *k);
        let mut i = 0;
        while i < elements.len() {
            if keep[i] {
                i += 1;
                continue;
            }
            let run_start = i;
            while i < elements.len() && !keep[i] {
                i += 1;
            }
            let run_end = i - 1;
            let at_end = i == elements.len();
            let trailing_comma = self.comma_after(elements[run_end].1);
            if at_end && trailing_comma.is_none() {
                // `…, last` with no trailing comma: cut from the end of the kept one before it.
                let prev = last_kept.expect("at least one element is kept");
                self.edits
                    .push((elements[prev].1..elements[run_end].1, String::new()));
            } else {
                let after = trailing_comma.expect("a non-final element is followed by a comma");
                let start = self.cut_start(elements[run_start].0.start);
                let end = self.cut_end(after, start != elements[run_start].0.start);
                self.edits.push((start..end, String::new()));
            }
        }
        if added.is_empty() {
            return;
        }
        let last = &elements[last_kept.expect("at least one element is kept")];
        let multiline = self.text[node.span.start..last.0.start].contains('\n');
        let indent = if multiline {
            self.indent_at(last.0.start)
        } else {
            String::new()
        };
        let parts: Vec<String> = added
            .iter()
            .map(|(k, v)| self.element(*k, v, &indent))
            .collect();
        let sep = if multiline {
            format!(",\n{indent}")
        } else {
            ", ".to_string()
        };
        let removed_after_last = keep[last_kept.unwrap_or(0) + 1..].iter().any(|k| !k);
        match self.comma_after(last.1).filter(|_| !removed_after_last) {
            Some(after_comma) => {
                let lead = if multiline {
                    format!("\n{indent}")
                } else {
                    " ".to_string()
                };
                self.edits.push((
                    after_comma..after_comma,
                    format!("{lead}{},", parts.join(&sep)),
                ));
            }
            None => {
                self.edits
                    .push((last.1..last.1, format!("{sep}{}", parts.join(&sep))));
            }
        }
    }
}

/// The document rewritten to hold `new`, every unchanged byte kept.
pub fn write_back(doc: &Document, new: &Value) -> Result<Document, MergeError> {
    let style = detect_style(doc);
    let mut editor = Editor {
        text: doc.text(),
        style,
        edits: Vec::new(),
    };
    editor.diff(doc.root(), new);
    let edits = editor.edits;
    let result = parse(&doc.replaced(edits)).map_err(MergeError::Invalid)?;
    if !same(&result.to_json(), new) {
        return Err(MergeError::Mismatch);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn back(text: &str, new: Value) -> String {
        let doc = parse(text).unwrap();
        write_back(&doc, &new)
            .unwrap_or_else(|e| panic!("{e}"))
            .text()
            .to_string()
    }

    const FILE: &str = "// OpenClaw\n{\n  gateway: {\n    port: 18789, // the port\n    auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },\n  },\n  /* agents */\n  agents: ['a', 'b'],\n}\n";

    #[test]
    fn unchanged_is_byte_identical() {
        let doc = parse(FILE).unwrap();
        assert_eq!(back(FILE, doc.to_json()), FILE);
    }

    #[test]
    fn a_changed_scalar_keeps_everything_else() {
        let mut v = parse(FILE).unwrap().to_json();
        v["gateway"]["port"] = json!(18790);
        v["gateway"]["auth"]["mode"] = json!("password");
        assert_eq!(
            back(FILE, v),
            FILE.replace("18789", "18790")
                .replace("'token', token", "'password', token")
        );
    }

    #[test]
    fn added_members_follow_the_neighbours() {
        let mut v = parse(FILE).unwrap().to_json();
        v["gateway"]["bind"] = json!("loopback");
        v["channels"] = json!({"telegram": {"enabled": true}});
        let out = back(FILE, v.clone());
        assert!(out.contains("    auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },\n    bind: 'loopback',\n  },"), "{out}");
        assert!(out.contains("  agents: ['a', 'b'],\n  channels: {\n    telegram: {\n      enabled: true\n    }\n  },\n}"), "{out}");
        assert!(
            out.starts_with("// OpenClaw\n")
                && out.contains("// the port")
                && out.contains("/* agents */")
        );
        assert_eq!(parse(&out).unwrap().to_json(), v);
    }

    #[test]
    fn removed_members_and_items_take_their_separators() {
        let mut v = parse(FILE).unwrap().to_json();
        v["gateway"].as_object_mut().unwrap().remove("port");
        v["agents"] = json!(["a"]);
        let out = back(FILE, v.clone());
        assert_eq!(out, "// OpenClaw\n{\n  gateway: {\n    auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },\n  },\n  /* agents */\n  agents: ['a'],\n}\n");
    }

    #[test]
    fn plain_json_stays_plain_json() {
        let text = "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n";
        let out = back(text, json!({"a": 1, "b": [1, 2, 3], "c": {"d": "e"}}));
        let _: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(
            out,
            "{\n  \"a\": 1,\n  \"b\": [1, 2, 3],\n  \"c\": {\n    \"d\": \"e\"\n  }\n}\n"
        );
    }

    #[test]
    fn emptied_and_filled_lists() {
        assert_eq!(
            back("{ a: [1, 2], b: {x: 1} }", json!({"a": [], "b": {}})),
            "{ a: [], b: {} }"
        );
        assert_eq!(
            back("{ a: [], b: {} }", json!({"a": [1], "b": {"x": 1}})),
            "{ a: [ 1 ], b: { x: 1 } }"
        );
    }
}
