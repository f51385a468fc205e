//! The parse: npm dotenv's `LINE` regular expression, translated.
//!
//! npm's `parse(src)` turns CR LF and lone CR into LF, then runs this JavaScript regex with the
//! `m` and `g` flags over the text (verbatim from dotenv 16.6.1 `lib/main.js`):
//!
//! ```text
//! (?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)
//! ```
//!
//! then, per match: value = group 2 or "", trimmed (JavaScript `trim`); one pair of matching
//! outer quotes removed; if it was double-quoted, `\n` and `\r` become LF and CR. Later keys win.
//!
//! The `regex` crate's leftmost-first semantics pick the same match a backtracking engine does
//! for a pattern without back-references, so the translation is the pattern itself with
//! JavaScript's `\s` and `.` spelled out. One difference remains: JavaScript's `^`, `$` and `.`
//! also treat U+2028 and U+2029 as line ends; we treat only LF as one. Of the 417 oracle cases,
//! 7 with those characters differ (and `__proto__`, which npm drops); the other 409 agree.

use regex::Regex;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;
use zeroize::Zeroizing;

/// JavaScript's `\s` (ECMAScript WhiteSpace and LineTerminator), which differs from Unicode
/// White_Space: it includes U+FEFF (a byte-order mark) and excludes U+0085.
const JS_SPACE: &str = r"[\t\n\x0B\x0C\r \u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}]";

/// JavaScript's `.` without the `s` flag: anything but a line terminator.
const JS_DOT: &str = r"[^\n\r\u{2028}\u{2029}]";

static LINE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = r#"(?m)^S*(?:exportS+)?([A-Za-z0-9_.-]+)(?:S*=S*?|:S+?)(S*'(?:\\'|[^'])*'|S*"(?:\\"|[^"])*"|S*`(?:\\`|[^`])*`|[^#\r\n]+)?S*(?:#D*)?$"#
        .replace('S', JS_SPACE)
        .replace('D', JS_DOT);
    Regex::new(&pattern).expect("the dotenv LINE pattern is valid")
});

/// Whether `c` is whitespace to JavaScript's `String.prototype.trim`.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// How the value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// No quotes.
    None,
    /// `'…'`: taken literally.
    Single,
    /// `"…"`: `\n` and `\r` are expanded.
    Double,
    /// `` `…` ``: taken literally.
    Backtick,
}

/// One `KEY=value` of a file, with its place. Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    key: String,
    value: Zeroizing<String>,
    quote: Quote,
    /// Bytes of the key in the original text.
    pub key_span: Range<usize>,
    /// Bytes of the written value (quotes included, surrounding whitespace excluded); empty and
    /// placed after the separator when the value is empty.
    pub value_span: Range<usize>,
    /// Bytes of the whole entry: from the start of the key's line to the end of the line the
    /// entry ends on, line ending included.
    pub line_span: Range<usize>,
    /// 1-based line of the key.
    pub line: u32,
    /// 1-based column of the key, in characters.
    pub column: u32,
}

impl Entry {
    /// The variable's name.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value as dotenv gives it to the program. A secret: never print it.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// How the value was quoted.
    pub fn quote(&self) -> Quote {
        self.quote
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("value", &"<redacted>")
            .field("quote", &self.quote)
            .field("line", &self.line)
            .field("column", &self.column)
            .finish()
    }
}

/// A parsed `.env` file: the text exactly as read, and its entries in file order.
#[derive(Clone, PartialEq, Eq)]
pub struct EnvFile {
    text: Zeroizing<String>,
    entries: Vec<Entry>,
}

impl fmt::Debug for EnvFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvFile")
            .field("entries", &self.entries)
            .finish()
    }
}

/// A file that cannot be a `.env` file. The line is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A NUL byte: a binary file.
    #[error("line {line}: NUL byte: this is a binary file, not a .env file")]
    Binary {
        /// The line of the first NUL byte.
        line: u32,
    },
    /// Bytes that are not UTF-8.
    #[error("line {line}: invalid UTF-8")]
    InvalidUtf8 {
        /// The line of the first invalid byte.
        line: u32,
    },
}

impl ParseError {
    /// What is wrong, without the line (for callers that print `file:line: what`).
    pub fn what(&self) -> &'static str {
        match self {
            ParseError::Binary { .. } => "NUL byte: this is a binary file, not a .env file",
            ParseError::InvalidUtf8 { .. } => "invalid UTF-8",
        }
    }

    /// The 1-based line of the problem.
    pub fn line(&self) -> u32 {
        match self {
            ParseError::Binary { line } | ParseError::InvalidUtf8 { line } => *line,
        }
    }
}

fn line_of(bytes: &[u8], offset: usize) -> u32 {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Parses raw bytes: refuses NUL bytes and invalid UTF-8, naming the line.
pub fn parse_bytes(bytes: &[u8]) -> Result<EnvFile, ParseError> {
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err(ParseError::Binary {
            line: line_of(bytes, i),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ParseError::InvalidUtf8 {
        line: line_of(bytes, e.valid_up_to()),
    })?;
    Ok(parse(text))
}

/// Maps offsets in the LF-normalised text back to the original: npm replaces `\r\n?` by `\n`,
/// which removes one byte per CR LF.
struct OffsetMap {
    /// Normalised offsets of the LFs that replaced a CR LF pair, ascending.
    collapsed: Vec<usize>,
}

impl OffsetMap {
    fn original(&self, normalised: usize) -> usize {
        normalised + self.collapsed.partition_point(|&p| p < normalised)
    }
}

fn normalise_line_endings(text: &str) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut collapsed = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                collapsed.push(out.len());
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    (out, OffsetMap { collapsed })
}

/// Parses `.env` text exactly as npm `dotenv` does.
pub fn parse(text: &str) -> EnvFile {
    let (normalised, map) = normalise_line_endings(text);
    let normalised = Zeroizing::new(normalised);
    let mut entries = Vec::new();
    // Lines are counted incrementally: one LF in the normalised text per line break of the
    // original, whichever ending it had.
    let (mut counted_to, mut line) = (0usize, 1usize);
    for caps in LINE.captures_iter(&normalised) {
        let whole = caps.get(0).expect("group 0 always matches");
        let key = caps.get(1).expect("the key group always matches");
        let (raw_value, value_span) = match caps.get(2) {
            Some(m) => {
                let raw = m.as_str();
                let lead = raw.len() - raw.trim_start_matches(is_js_space).len();
                let trimmed = raw.trim_matches(is_js_space);
                let start = m.start() + lead;
                (trimmed, start..start + trimmed.len())
            }
            None => ("", whole.end()..whole.end()),
        };
        let (value, quote) = unquote(raw_value);
        let line_start = normalised[..key.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = normalised[whole.end()..]
            .find('\n')
            .map_or(normalised.len(), |i| whole.end() + i + 1);
        let original_key_start = map.original(key.start());
        line += normalised[counted_to..key.start()].matches('\n').count();
        counted_to = key.start();
        let column = normalised[line_start..key.start()].chars().count() + 1;
        // An empty value has no span of its own: edits insert right after the separator.
        let value_span = if caps.get(2).is_some() && !value_span.is_empty() {
            value_span
        } else {
            let sep_end = separator_end(&normalised, key.end());
            sep_end..sep_end
        };
        entries.push(Entry {
            key: key.as_str().to_string(),
            value: Zeroizing::new(value),
            quote,
            key_span: original_key_start..map.original(key.end()),
            value_span: map.original(value_span.start)..map.original(value_span.end),
            line_span: map.original(line_start)..map.original(line_end),
            line: line as u32,
            column: column as u32,
        });
    }
    EnvFile {
        text: Zeroizing::new(text.to_string()),
        entries,
    }
}

/// The end of the `=` or `:` that follows a key ending at `key_end`.
fn separator_end(text: &str, key_end: usize) -> usize {
    let rest = &text[key_end..];
    let after_space = rest.len() - rest.trim_start_matches(is_js_space).len();
    let sep = key_end + after_space;
    if text[sep..].starts_with(['=', ':']) {
        sep + 1
    } else {
        key_end
    }
}

/// npm's value clean-up after the trim: one pair of matching outer quotes goes, and a
/// double-quoted value gets `\n` and `\r` expanded.
fn unquote(raw: &str) -> (String, Quote) {
    let first = raw.chars().next();
    let quote = match first {
        Some('\'') => Quote::Single,
        Some('"') => Quote::Double,
        Some('`') => Quote::Backtick,
        _ => Quote::None,
    };
    let stripped = strip_outer_quotes(raw);
    let closed = stripped.len() != raw.len();
    let mut value = stripped.to_string();
    if first == Some('"') {
        // npm expands even when the quotes did not close (`KEY="a\nb` keeps its quote).
        value = value.replace("\\n", "\n").replace("\\r", "\r");
    }
    (value, if closed { quote } else { Quote::None })
}

/// `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`. With the `m` flag `^` and `$` also match at
/// line ends, so the first match starts at offset 0 or just after an LF, and ends before an LF
/// or at the end; `[\s\S]*` is greedy, so it ends at the last such place. After a match at 0 the
/// global scan goes on from its end, where no `^` can match unless the match ended at an LF.
fn strip_outer_quotes(value: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut pos = 0; // next unconsumed byte
    let mut changed = false;
    let mut search_from = 0;
    while search_from <= value.len() {
        // Candidate starts: offset 0 or after an LF, at or after `search_from`.
        let Some(start) = (search_from..=value.len())
            .find(|&i| (i == 0 || value.as_bytes()[i - 1] == b'\n') && value.is_char_boundary(i))
        else {
            break;
        };
        let Some(q) = value[start..]
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'))
        else {
            search_from = start + 1;
            continue;
        };
        // The last position p > start with value[p] == q and p+1 at a line end or the end.
        let end = (start + 1..value.len()).rev().find(|&p| {
            value.as_bytes()[p] == q as u8
                && (p + 1 == value.len() || value.as_bytes()[p + 1] == b'\n')
        });
        match end {
            Some(p) => {
                out.push_str(&value[pos..start]);
                out.push_str(&value[start + 1..p]);
                pos = p + 1;
                changed = true;
                search_from = p + 1;
                if search_from == value.len() {
                    break;
                }
                // A match that ended before an LF: the next `^` is after that LF.
            }
            None => search_from = start + 1,
        }
    }
    if !changed {
        return std::borrow::Cow::Borrowed(value);
    }
    out.push_str(&value[pos..]);
    std::borrow::Cow::Owned(out)
}

impl EnvFile {
    /// The text exactly as it was read (or as the last edit left it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every entry in file order, duplicates included.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry dotenv uses for `key`: the last one.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }

    /// The value dotenv gives `key`.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).map(Entry::value)
    }

    /// The effective variables in first-appearance order, each with its last value (what
    /// `dotenv.parse` returns, as pairs).
    pub fn effective(&self) -> Vec<&Entry> {
        let last = self.last_index();
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .filter(|e| seen.insert(e.key.as_str()))
            .map(|e| &self.entries[last[e.key.as_str()]])
            .collect()
    }

    /// Index of the last entry of every key.
    fn last_index(&self) -> std::collections::HashMap<&str, usize> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i))
            .collect()
    }

    /// Keys set more than once: (key, the lines of the ignored earlier entries).
    pub fn duplicates(&self) -> Vec<(&str, Vec<u32>)> {
        let last = self.last_index();
        let mut earlier: std::collections::HashMap<&str, Vec<u32>> =
            std::collections::HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if last[e.key.as_str()] != i {
                earlier.entry(e.key.as_str()).or_default().push(e.line);
            }
        }
        self.effective()
            .into_iter()
            .filter_map(|e| earlier.remove(e.key()).map(|lines| (e.key(), lines)))
            .collect()
    }

    /// The line ending the file uses most: `"\r\n"` or `"\n"`.
    pub fn line_ending(&self) -> &'static str {
        let crlf = self.text.matches("\r\n").count();
        let lf = self.text.matches('\n').count() - crlf;
        if crlf > lf {
            "\r\n"
        } else {
            "\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text)
            .effective()
            .into_iter()
            .map(|e| (e.key().to_string(), e.value().to_string()))
            .collect()
    }

    #[test]
    fn basics() {
        assert_eq!(
            pairs("A=1\nexport B = two # c\nC='x # y'\nD=\"a\\nb\"\nE=`q`\n# comment\nF=\n"),
            [
                ("A", "1"),
                ("B", "two"),
                ("C", "x # y"),
                ("D", "a\nb"),
                ("E", "q"),
                ("F", ""),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn spans_point_into_the_original_text_with_crlf() {
        let text = "# head\r\nA=one\r\nB=\"two\"  # c\r\n";
        let file = parse(text);
        let b = file.get("B").unwrap();
        assert_eq!(&text[b.key_span.clone()], "B");
        assert_eq!(&text[b.value_span.clone()], "\"two\"");
        assert_eq!(&text[b.line_span.clone()], "B=\"two\"  # c\r\n");
        assert_eq!((b.line, b.column), (3, 1));
        let a = file.get("A").unwrap();
        assert_eq!(&text[a.line_span.clone()], "A=one\r\n");
    }

    #[test]
    fn empty_value_span_sits_after_the_separator() {
        let text = "A=\nB :  x\n";
        let file = parse(text);
        let a = file.get("A").unwrap();
        assert_eq!(a.value_span, 2..2);
    }

    #[test]
    fn multi_line_values_and_line_numbers() {
        let text = "A=\"l1\nl2\"\nB=2\n";
        let file = parse(text);
        assert_eq!(file.value("A"), Some("l1\nl2"));
        assert_eq!(file.get("B").unwrap().line, 3);
        assert_eq!(
            &text[file.get("A").unwrap().line_span.clone()],
            "A=\"l1\nl2\"\n"
        );
    }

    #[test]
    fn debug_never_shows_values() {
        let file = parse("TOKEN=hunter2hunter2\n");
        assert!(!format!("{file:?}").contains("hunter2"));
    }

    #[test]
    fn bad_bytes_name_the_line() {
        assert_eq!(
            parse_bytes(b"A=1\nB=\0\n").unwrap_err(),
            ParseError::Binary { line: 2 }
        );
        assert_eq!(
            parse_bytes(b"A=1\n\nB=\xff\n").unwrap_err(),
            ParseError::InvalidUtf8 { line: 3 }
        );
    }

    #[test]
    fn duplicates_report_the_ignored_lines() {
        let file = parse("A=1\nB=2\nA=3\n");
        assert_eq!(file.value("A"), Some("3"));
        assert_eq!(file.duplicates(), vec![("A", vec![1])]);
    }
}
