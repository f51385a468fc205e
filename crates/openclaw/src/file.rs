//! Reading openclaw.json safely, and the views of it the CLI prints.

use std::path::Path;

use crate::json5::{self, string_literal, Document, Quote};
use crate::redact::{redaction_paths, SENTINEL};
use crate::resolve::{substitute, MissingEnvVar, OnMissing};

/// Largest config we read: OpenClaw configs are kilobytes; a bigger file is not one.
pub const MAX_CONFIG_BYTES: u64 = 64 << 20;

/// A config file that cannot be used, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {message}", place.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file as named.
    pub path: String,
    /// 1-based line and column, where there is one.
    pub place: Option<(u32, u32)>,
    /// What is wrong.
    pub message: String,
}

/// Reads and parses `path`: refuses binary files, invalid UTF-8, oversized files and invalid
/// JSON5 (with line and column).
pub fn load(path: &Path) -> Result<Document, ConfigError> {
    let name = path.display().to_string();
    let err = |place, message: String| ConfigError {
        path: name.clone(),
        place,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(None, e.to_string()))?;
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(err(
            None,
            format!(
                "{} bytes is too large for a config (limit {MAX_CONFIG_BYTES})",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| err(None, e.to_string()))?;
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..i].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        return Err(err(
            Some((line, 1)),
            "NUL byte: this is a binary file, not JSON5".to_string(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        err(Some((line, 1)), "invalid UTF-8".to_string())
    })?;
    json5::parse(&text).map_err(|e| err(Some((e.line, e.column)), e.message))
}

/// The document's text with every secret replaced by the sentinel, comments and formatting kept.
pub fn redacted_text(doc: &Document) -> String {
    let edits = redaction_paths(&doc.to_json())
        .into_iter()
        .filter_map(|path| doc.get(&path))
        .map(|node| {
            let quote = match &node.kind {
                json5::Kind::String(_, q) => *q,
                _ => Quote::Double,
            };
            (node.span.clone(), string_literal(SENTINEL, quote))
        })
        .collect();
    doc.replaced(edits)
}

/// The document's text with every `${VAR}` substituted in place, comments and formatting kept.
pub fn resolved_text(
    doc: &Document,
    env: &dyn Fn(&str) -> Option<String>,
    on_missing: OnMissing,
) -> Result<(String, Vec<MissingEnvVar>), MissingEnvVar> {
    let mut missing = Vec::new();
    let mut edits = Vec::new();
    for (path, node, value) in doc.strings() {
        let resolved = substitute(value, &path, env, on_missing, &mut missing)?;
        if resolved != value {
            let quote = match &node.kind {
                json5::Kind::String(_, q) => *q,
                _ => Quote::Double,
            };
            edits.push((node.span.clone(), string_literal(&resolved, quote)));
        }
    }
    Ok((doc.replaced(edits), missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_text_keeps_comments_and_quotes() {
        let text = "{\n  // the gateway\n  gateway: { auth: { token: 'abc123-literal' } }, // inline\n  env: { BRAVE_API_KEY: \"${BRAVE_API_KEY}\" },\n  gcp: { serviceAccount: { key: 1 } },\n}\n";
        let doc = json5::parse(text).unwrap();
        assert_eq!(
            redacted_text(&doc),
            "{\n  // the gateway\n  gateway: { auth: { token: '__OPENCLAW_REDACTED__' } }, // inline\n  env: { BRAVE_API_KEY: \"${BRAVE_API_KEY}\" },\n  gcp: { serviceAccount: \"__OPENCLAW_REDACTED__\" },\n}\n"
        );
    }
}
