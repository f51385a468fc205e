//! Editing a `.env` file in place: set, add or remove one key; every other byte stays.

use crate::parse::{parse, EnvFile};

/// An edit that cannot be made safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No quoting makes dotenv read this value back unchanged (it holds `'`, `` ` `` and `"`
    /// together with a literal `\n`, or similar).
    #[error("the value of {key} cannot be written so that dotenv reads it back unchanged")]
    Unrepresentable {
        /// The key being set.
        key: String,
    },
    /// Not a key dotenv would read.
    #[error("{key:?} is not a valid variable name (letters, digits, `_`, `.`, `-`)")]
    InvalidKey {
        /// The rejected key.
        key: String,
    },
}

/// Characters that need no quotes: what generated secrets, URLs and plain settings use.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-./+=:@%,~^!*?()[]{}&|;<>$".contains(c)
}

/// How to write `value` so that npm dotenv reads exactly `value` back: bare when it is plain,
/// else in single quotes, backticks or double quotes, whichever represents it.
pub fn encode_value(value: &str) -> Option<String> {
    let starts_with_quote = value.starts_with(['\'', '"', '`']);
    if !value.is_empty() && value.chars().all(is_plain) && !starts_with_quote {
        return Some(value.to_string());
    }
    if value.is_empty() {
        return Some(String::new());
    }
    let candidates = [
        (!value.contains('\'')).then(|| format!("'{value}'")),
        (!value.contains('`')).then(|| format!("`{value}`")),
        (!value.contains('"')
            && !value.contains("\\n")
            && !value.contains("\\r")
            && !value.contains('\r'))
        .then(|| format!("\"{}\"", value.replace('\n', "\\n"))),
    ];
    // Trust nothing: keep the first candidate that parses back to the value.
    candidates
        .into_iter()
        .flatten()
        .find(|encoded| parse(&format!("K={encoded}\n")).value("K") == Some(value))
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

impl EnvFile {
    /// Sets `key` to `value`. The entry dotenv uses (the last) gets its value rewritten in place,
    /// keeping its `export`, spacing and comment; an absent key is appended as `KEY=value` in the
    /// file's line-ending style.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), EditError> {
        if !valid_key(key) {
            return Err(EditError::InvalidKey {
                key: key.to_string(),
            });
        }
        let encoded = encode_value(value).ok_or_else(|| EditError::Unrepresentable {
            key: key.to_string(),
        })?;
        let text = self.text();
        let new_text = match self.get(key) {
            Some(entry) => {
                let span = entry.value_span.clone();
                let mut out = String::with_capacity(text.len() + encoded.len());
                out.push_str(&text[..span.start]);
                // `KEY:` needs a space before the value (`:\s+`); `KEY=` does not.
                if span.is_empty() && text[..span.start].ends_with(':') {
                    out.push(' ');
                }
                out.push_str(&encoded);
                out.push_str(&text[span.end..]);
                out
            }
            None => {
                let mut out = text.to_string();
                let ending = self.line_ending();
                if !out.is_empty() && !out.ends_with('\n') && !out.ends_with('\r') {
                    out.push_str(ending);
                }
                out.push_str(key);
                out.push('=');
                out.push_str(&encoded);
                out.push_str(ending);
                out
            }
        };
        self.replace_checked(new_text, key, Some(value))
    }

    /// Removes every entry of `key`, each with its whole line(s). Returns whether one existed.
    pub fn remove(&mut self, key: &str) -> Result<bool, EditError> {
        let spans: Vec<_> = self
            .entries()
            .iter()
            .filter(|e| e.key() == key)
            .map(|e| e.line_span.clone())
            .collect();
        if spans.is_empty() {
            return Ok(false);
        }
        let text = self.text();
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for span in spans {
            if span.start < pos {
                continue; // two entries on one line: already gone
            }
            out.push_str(&text[pos..span.start]);
            pos = span.end;
        }
        out.push_str(&text[pos..]);
        self.replace_checked(out, key, None)?;
        Ok(true)
    }

    /// Re-parses `new_text` and checks that the edit did what it meant to: `key` has `expected`
    /// and every other variable kept its value. A mismatch is a bug we refuse to write.
    fn replace_checked(
        &mut self,
        new_text: String,
        key: &str,
        expected: Option<&str>,
    ) -> Result<(), EditError> {
        let new = parse(&new_text);
        let others_kept = self
            .effective()
            .iter()
            .filter(|e| e.key() != key)
            .all(|e| new.value(e.key()) == Some(e.value()));
        let key_right = new.value(key) == expected;
        let no_new_keys = new
            .effective()
            .iter()
            .all(|e| e.key() == key || self.get(e.key()).is_some());
        if !(others_kept && key_right && no_new_keys) {
            return Err(EditError::Unrepresentable {
                key: key.to_string(),
            });
        }
        *self = new;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_rewrites_only_the_value() {
        let mut f = parse("# top\nexport JWT_SECRET = old  # keep me\nPORT=3000\n");
        f.set("JWT_SECRET", "0123abcd").unwrap();
        assert_eq!(
            f.text(),
            "# top\nexport JWT_SECRET = 0123abcd  # keep me\nPORT=3000\n"
        );
    }

    #[test]
    fn set_fills_an_empty_value_and_colon_syntax() {
        let mut f = parse("A=\nB: x\n");
        f.set("A", "v").unwrap();
        assert_eq!(f.text(), "A=v\nB: x\n");
        f.set("B", "y z").unwrap();
        assert_eq!(f.text(), "A=v\nB: 'y z'\n");
    }

    #[test]
    fn add_appends_in_the_file_style() {
        let mut f = parse("A=1\r\nB=2");
        f.set("C", "3").unwrap();
        assert_eq!(f.text(), "A=1\r\nB=2\r\nC=3\r\n");
        let mut empty = parse("");
        empty.set("X", "1").unwrap();
        assert_eq!(empty.text(), "X=1\n");
    }

    #[test]
    fn set_changes_the_last_duplicate() {
        let mut f = parse("A=1\nA=2\n");
        f.set("A", "3").unwrap();
        assert_eq!(f.text(), "A=1\nA=3\n");
    }

    #[test]
    fn remove_takes_whole_lines_including_multi_line_values() {
        let mut f = parse("A=1\nB=\"x\ny\"\nC=3\nB=4\n");
        assert!(f.remove("B").unwrap());
        assert_eq!(f.text(), "A=1\nC=3\n");
        assert!(!f.remove("Z").unwrap());
    }

    #[test]
    fn encode_quotes_what_needs_it() {
        assert_eq!(encode_value("abc+/=").unwrap(), "abc+/=");
        assert_eq!(encode_value("a#b").unwrap(), "'a#b'");
        assert_eq!(encode_value("it's #1").unwrap(), "`it's #1`");
        assert_eq!(encode_value("l1\nl2").unwrap(), "'l1\nl2'");
        assert_eq!(encode_value(" pad ").unwrap(), "' pad '");
    }

    #[test]
    fn invalid_key_is_refused() {
        let mut f = parse("");
        assert!(matches!(
            f.set("BAD KEY", "v"),
            Err(EditError::InvalidKey { .. })
        ));
    }
}
