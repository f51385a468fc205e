//! A recursive-descent JSON5 parser (spec: json5.org, 1.0.0) that records spans.

use super::{line_column, Document, Json5Error, Kind, Member, Node, Quote};

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// Parses JSON5 text into a [`Document`]. Duplicate keys in one object are refused: OpenClaw
/// would silently take the last, and a secret hidden by a later key is a trap.
pub fn parse(text: &str) -> Result<Document, Json5Error> {
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    p.skip_trivia()?;
    let root = p.value()?;
    p.skip_trivia()?;
    if p.pos < text.len() {
        return Err(p.error_at(p.pos, "unexpected text after the end of the document"));
    }
    Ok(Document {
        text: text.to_string(),
        root,
    })
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_json5_space(c: char) -> bool {
    matches!(c, '\t' | '\x0B' | '\x0C' | ' ' | '\u{A0}' | '\u{FEFF}')
        || is_line_terminator(c)
        || (c as u32 > 0x7f && c.is_whitespace() && c != '\u{85}')
}

fn is_id_start(c: char) -> bool {
    c == '$' || c == '_' || c.is_alphabetic()
}

fn is_id_continue(c: char) -> bool {
    is_id_start(c) || c.is_alphanumeric() || c == '\u{200C}' || c == '\u{200D}'
}

impl<'a> Parser<'a> {
    fn error_at(&self, offset: usize, message: impl Into<String>) -> Json5Error {
        let (line, column) = line_column(self.text, offset);
        Json5Error {
            line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn skip_trivia(&mut self) -> Result<(), Json5Error> {
        loop {
            match self.peek() {
                Some(c) if is_json5_space(c) => {
                    self.bump();
                }
                Some('/') if self.text[self.pos..].starts_with("//") => {
                    while let Some(c) = self.peek() {
                        if is_line_terminator(c) {
                            break;
                        }
                        self.bump();
                    }
                }
                Some('/') if self.text[self.pos..].starts_with("/*") => {
                    let start = self.pos;
                    match self.text[self.pos + 2..].find("*/") {
                        Some(end) => self.pos += 2 + end + 2,
                        None => return Err(self.error_at(start, "unterminated /* comment")),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self) -> Result<Node, Json5Error> {
        let start = self.pos;
        let kind = match self.peek() {
            None => {
                return Err(self.error_at(start, "unexpected end of input: a value was expected"))
            }
            Some('{') => self.object()?,
            Some('[') => self.array()?,
            Some(q @ ('"' | '\'')) => {
                let s = self.string(q)?;
                Kind::String(
                    s,
                    if q == '"' {
                        Quote::Double
                    } else {
                        Quote::Single
                    },
                )
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'I' | 'N') => {
                Kind::Number(self.number()?)
            }
            Some(_) if self.eat("null") => Kind::Null,
            Some(_) if self.eat("true") => Kind::Bool(true),
            Some(_) if self.eat("false") => Kind::Bool(false),
            Some(c) => {
                return Err(self.error_at(
                    start,
                    format!("unexpected character {c:?}: a value was expected"),
                ))
            }
        };
        if matches!(kind, Kind::Null | Kind::Bool(_)) && self.peek().is_some_and(is_id_continue) {
            return Err(self.error_at(start, "unexpected identifier: a value was expected"));
        }
        Ok(Node {
            kind,
            span: start..self.pos,
        })
    }

    fn enter(&mut self) -> Result<(), Json5Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(
                self.pos,
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Kind, Json5Error> {
        self.enter()?;
        self.bump(); // {
        let mut members: Vec<Member> = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.eat("}") {
                break;
            }
            let key_start = self.pos;
            let (key, key_quote) = self.key()?;
            let key_span = key_start..self.pos;
            if members.iter().any(|m| m.key == key) {
                return Err(
                    self.error_at(key_start, format!("duplicate key {key:?} in one object"))
                );
            }
            self.skip_trivia()?;
            if !self.eat(":") {
                return Err(self.error_at(self.pos, "expected ':' after the key"));
            }
            self.skip_trivia()?;
            let value = self.value()?;
            members.push(Member {
                key,
                key_quote,
                key_span,
                value,
            });
            self.skip_trivia()?;
            if self.eat(",") {
                continue;
            }
            if self.eat("}") {
                break;
            }
            return Err(self.error_at(self.pos, "expected ',' or '}' in the object"));
        }
        self.depth -= 1;
        Ok(Kind::Object(members))
    }

    fn array(&mut self) -> Result<Kind, Json5Error> {
        self.enter()?;
        self.bump(); // [
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.eat("]") {
                break;
            }
            items.push(self.value()?);
            self.skip_trivia()?;
            if self.eat(",") {
                continue;
            }
            if self.eat("]") {
                break;
            }
            return Err(self.error_at(self.pos, "expected ',' or ']' in the array"));
        }
        self.depth -= 1;
        Ok(Kind::Array(items))
    }

    fn key(&mut self) -> Result<(String, Quote), Json5Error> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                let s = self.string(q)?;
                Ok((
                    s,
                    if q == '"' {
                        Quote::Double
                    } else {
                        Quote::Single
                    },
                ))
            }
            Some(_) => self.identifier().map(|s| (s, Quote::None)),
            None => Err(self.error_at(self.pos, "unexpected end of input: a key was expected")),
        }
    }

    fn identifier(&mut self) -> Result<String, Json5Error> {
        let start = self.pos;
        let mut out = String::new();
        let mut first = true;
        loop {
            let c = match self.peek() {
                Some('\\') => {
                    let at = self.pos;
                    self.bump();
                    if !self.eat("u") {
                        return Err(self.error_at(at, "invalid escape in an identifier"));
                    }
                    self.hex_char(4, at)?
                }
                Some(c) if (first && is_id_start(c)) || (!first && is_id_continue(c)) => {
                    self.bump();
                    c
                }
                _ => break,
            };
            if (first && !is_id_start(c)) || (!first && !is_id_continue(c)) {
                return Err(self.error_at(start, "invalid character in an identifier"));
            }
            out.push(c);
            first = false;
        }
        if out.is_empty() {
            let found = self
                .peek()
                .map_or("end of input".to_string(), |c| format!("{c:?}"));
            return Err(self.error_at(start, format!("unexpected {found}: a key was expected")));
        }
        Ok(out)
    }

    fn hex_char(&mut self, digits: usize, at: usize) -> Result<char, Json5Error> {
        let hex = self
            .text
            .get(self.pos..self.pos + digits)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            return Err(self.error_at(at, "invalid hexadecimal escape"));
        };
        let code = u32::from_str_radix(hex, 16).expect("checked hex digits");
        self.pos += digits;
        if (0xD800..0xDC00).contains(&code)
            && digits == 4
            && self.text[self.pos..].starts_with("\\u")
        {
            // A surrogate pair written as two escapes.
            let save = self.pos;
            self.pos += 2;
            if let Some(low) = self
                .text
                .get(self.pos..self.pos + 4)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .filter(|l| (0xDC00..0xE000).contains(l))
            {
                self.pos += 4;
                let c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(c)
                    .ok_or_else(|| self.error_at(at, "invalid surrogate pair"));
            }
            self.pos = save;
        }
        // A lone surrogate cannot be held by a Rust string; JavaScript would keep it.
        char::from_u32(code)
            .ok_or_else(|| self.error_at(at, "a lone UTF-16 surrogate escape is not supported"))
    }

    fn string(&mut self, quote: char) -> Result<String, Json5Error> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.error_at(start, "unterminated string"));
            };
            match c {
                c if c == quote => return Ok(out),
                '\\' => {
                    let at = self.pos - 1;
                    let Some(e) = self.bump() else {
                        return Err(self.error_at(start, "unterminated string"));
                    };
                    match e {
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{C}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'v' => out.push('\u{B}'),
                        '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('\0'),
                        '1'..='9' | '0' => {
                            return Err(self.error_at(at, "octal escapes are not allowed in JSON5"))
                        }
                        'x' => out.push(self.hex_char(2, at)?),
                        'u' => out.push(self.hex_char(4, at)?),
                        '\r' => {
                            self.eat("\n"); // a line continuation
                        }
                        '\n' | '\u{2028}' | '\u{2029}' => {}
                        other => out.push(other),
                    }
                }
                '\n' | '\r' => {
                    return Err(
                        self.error_at(self.pos - 1, "a line break inside a string must be escaped")
                    )
                }
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<f64, Json5Error> {
        let start = self.pos;
        let sign = if self.eat("-") {
            -1.0
        } else {
            self.eat("+");
            1.0
        };
        if self.eat("Infinity") {
            return Ok(sign * f64::INFINITY);
        }
        if self.eat("NaN") {
            return Ok(f64::NAN);
        }
        if self.eat("0x") || self.eat("0X") {
            let digits_start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.bump();
            }
            let digits = &self.text[digits_start..self.pos];
            if digits.is_empty() {
                return Err(self.error_at(start, "invalid hexadecimal number"));
            }
            let value = digits.chars().fold(0f64, |acc, d| {
                acc * 16.0 + d.to_digit(16).unwrap_or(0) as f64
            });
            return self.end_number(start, sign * value);
        }
        let digits_start = self.pos;
        let int_start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        let int_digits = self.pos - int_start;
        if int_digits > 1 && self.text[int_start..].starts_with('0') {
            return Err(self.error_at(start, "a number cannot have a leading zero"));
        }
        let mut frac_digits = 0;
        if self.eat(".") {
            let f = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
            frac_digits = self.pos - f;
        }
        if int_digits == 0 && frac_digits == 0 {
            return Err(self.error_at(start, "invalid number"));
        }
        if self.peek().is_some_and(|c| c == 'e' || c == 'E') {
            self.bump();
            if !self.eat("+") {
                self.eat("-");
            }
            let e = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
            if self.pos == e {
                return Err(self.error_at(start, "invalid number exponent"));
            }
        }
        let literal = self.text[digits_start..self.pos].trim_end_matches('.');
        let literal = if literal.starts_with('.') {
            format!("0{literal}")
        } else {
            literal.to_string()
        };
        let value: f64 = literal
            .parse()
            .map_err(|_| self.error_at(start, "invalid number"))?;
        self.end_number(start, sign * value)
    }

    fn end_number(&self, start: usize, value: f64) -> Result<f64, Json5Error> {
        if self.peek().is_some_and(|c| is_id_continue(c) || c == '.') {
            return Err(self.error_at(start, "invalid number"));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> serde_json::Value {
        parse(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .to_json()
    }

    #[test]
    fn json5_features() {
        let text = "// top\n{\n  unquoted: 'single',\n  \"double\": \"a\\nb\",\n  hex: 0x1F, neg: -.5, pos: +1, exp: 1e3, trail: 5.,\n  inf: Infinity, nan: NaN,\n  /* block */ arr: [1, 2, 3,],\n  cont: 'a\\\nb',\n  esc: '\\x41\\u0042\\'',\n}\n";
        let v = json(text);
        assert_eq!(v["unquoted"], "single");
        assert_eq!(v["double"], "a\nb");
        assert_eq!(v["hex"], 31);
        assert_eq!(v["neg"], -0.5);
        assert_eq!(v["pos"], 1);
        assert_eq!(v["exp"], 1000);
        assert_eq!(v["trail"], 5);
        assert_eq!(v["inf"], serde_json::Value::Null);
        assert_eq!(v["arr"], serde_json::json!([1, 2, 3]));
        assert_eq!(v["cont"], "ab");
        assert_eq!(v["esc"], "AB'");
    }

    #[test]
    fn spans_and_positions() {
        let text = "{\n  gateway: { auth: { token: \"${OPENCLAW_GATEWAY_TOKEN}\" } },\n}";
        let doc = parse(text).unwrap();
        let path = crate::path::ConfigPath::root()
            .key("gateway")
            .key("auth")
            .key("token");
        let node = doc.get(&path).unwrap();
        assert_eq!(&text[node.span.clone()], "\"${OPENCLAW_GATEWAY_TOKEN}\"");
        assert_eq!(doc.line_column(node.span.start), (2, 29));
    }

    #[test]
    fn errors_have_line_and_column() {
        for (text, line, column) in [
            ("{\n  a: 1,\n  a: 2\n}", 3, 3),
            ("{\n  a: [1, 2\n}", 3, 1),
            ("{ a: 'x }", 1, 6),
            ("{ a: 01 }", 1, 6),
            ("{ /* x ", 1, 3),
            ("{} x", 1, 4),
            ("{ a: tru }", 1, 6),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(parse(&text).unwrap_err().message.contains("nested"));
    }
}
