//! Rewriting a document: replace the text of some values, keep every other byte.

use std::ops::Range;

use super::{parse, Document, Json5Error, Quote};

/// A string literal for `value` in the given quote style (an unquoted key style falls back to
/// double quotes). Only what must be escaped is: the quote, the backslash, control characters
/// and the line terminators JSON5 forbids raw.
pub fn string_literal(value: &str, quote: Quote) -> String {
    let q = if quote == Quote::Single { '\'' } else { '"' };
    let mut out = String::with_capacity(value.len() + 2);
    out.push(q);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

impl Document {
    /// The text with each `(span, replacement)` applied. Spans must not overlap.
    pub fn replaced(&self, mut edits: Vec<(Range<usize>, String)>) -> String {
        edits.sort_by_key(|(r, _)| r.start);
        let text = self.text();
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, replacement) in edits {
            debug_assert!(range.start >= pos, "overlapping edits");
            out.push_str(&text[pos..range.start]);
            out.push_str(&replacement);
            pos = range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    /// Applies the edits and parses the result again, so that what is returned is known to be
    /// valid JSON5.
    pub fn edit(&self, edits: Vec<(Range<usize>, String)>) -> Result<Document, Json5Error> {
        parse(&self.replaced(edits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json5::parse;

    #[test]
    fn literals_read_back() {
        for s in [
            "plain",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "l1\nl2",
            "\u{1}\u{7f}",
            "\u{2028}",
            "${X}",
        ] {
            for q in [Quote::Double, Quote::Single] {
                let lit = string_literal(s, q);
                assert_eq!(
                    parse(&lit).unwrap().to_json(),
                    serde_json::json!(s),
                    "{lit}"
                );
            }
        }
    }

    #[test]
    fn an_edit_keeps_everything_else() {
        let text = "{\n  // keep\n  a: 'x', /* and this */ b: [1, 2,],\n}\n";
        let doc = parse(text).unwrap();
        let a = doc
            .get(&crate::path::ConfigPath::root().key("a"))
            .unwrap()
            .span
            .clone();
        let edited = doc
            .edit(vec![(a, string_literal("y", Quote::Single))])
            .unwrap();
        assert_eq!(
            edited.text(),
            "{\n  // keep\n  a: 'y', /* and this */ b: [1, 2,],\n}\n"
        );
    }
}
