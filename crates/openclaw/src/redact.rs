//! Redaction of a config for API responses and logs, with OpenClaw's rules (2026.9.6,
//! `redactConfigObject` without schema hints; the code is quoted in
//! `tests/oracle/SEMANTICS.md`):
//!
//! - a key path is sensitive when the whole dotted path (arrays as `[]`) matches `token$`,
//!   `password`, `secret`, `api.?key`, `encrypt.?key`, `private.?key` or `serviceaccount(ref)?$`
//!   (case-insensitive), unless the lower-cased path ends in a counter such as `maxtokens` or
//!   `passwordfile`; everything under `localService.env.` is sensitive;
//! - a sensitive string becomes the sentinel unless it is empty, blank or one whole `${…}`;
//! - an object under `…serviceAccount` or `…serviceAccountRef` becomes the sentinel;
//! - a URL at `*.baseUrl`, `*.httpUrl`, `*.cdpUrl`, `*.request.proxy.url` or an MCP server `url`
//!   that carries credentials (user info, a token-like query or fragment parameter, a Telegram
//!   bot token in the path) becomes the sentinel.
//!
//! One deliberate difference: a SecretRef (`{source, provider, id}`) under a sensitive key keeps
//! `source` and `provider` and has only `id` hidden, as OpenClaw does when it has its schema
//! hints (the gateway's config API) and as REFERENCE.md specifies. Without hints the package hides
//! all three, and then its own restore rejects the result.

use serde_json::Value;

use crate::path::ConfigPath;

/// What OpenClaw shows instead of a secret.
pub const SENTINEL: &str = "__OPENCLAW_REDACTED__";

const WHITELIST_SUFFIXES: &[&str] = &[
    "maxtokens",
    "maxoutputtokens",
    "maxinputtokens",
    "maxcompletiontokens",
    "contexttokens",
    "totaltokens",
    "tokencount",
    "tokenlimit",
    "tokenbudget",
    "passwordfile",
];

/// `isSensitiveConfigPath`: the dotted path (keys as written, arrays as `[]`).
pub fn is_sensitive_config_path(path: &str) -> bool {
    let trimmed = path.trim();
    if contains_ignore_case(trimmed, "localservice.env.") {
        return true;
    }
    if WHITELIST_SUFFIXES
        .iter()
        .any(|s| ends_with_ignore_case(trimmed, s))
    {
        return false;
    }
    // The patterns are tested on the untrimmed path, case-insensitively, in one pass.
    SENSITIVE_PATTERNS.is_match(path)
}

/// OpenClaw's `SENSITIVE_PATTERNS`, verbatim, as one case-insensitive expression.
static SENSITIVE_PATTERNS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)token$|password|secret|api.?key|encrypt.?key|private.?key|serviceaccount(?:ref)?$",
    )
    .expect("the sensitive-path pattern is valid")
});

fn ends_with_ignore_case(haystack: &str, suffix: &str) -> bool {
    haystack.len() >= suffix.len()
        && haystack.is_char_boundary(haystack.len() - suffix.len())
        && haystack[haystack.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The sensitivity test of a redaction path: an array's `[]` suffix stripped once.
pub(crate) fn is_sensitive_path(path: &str) -> bool {
    is_sensitive_config_path(path.strip_suffix("[]").unwrap_or(path))
}

/// Strings the sentinel never replaces: empty, blank, or one whole `${…}` (trimmed).
pub fn is_concrete_sensitive_string(value: &str) -> bool {
    let t = value.trim_matches(mosbot_envfile::is_js_space);
    let whole_reference =
        t.starts_with("${") && t.ends_with('}') && !t[2..t.len() - 1].contains('}');
    !(t.is_empty() || whole_reference)
}

fn is_whole_object_sensitive_path(path: &str) -> bool {
    let trimmed = path.trim();
    ends_with_ignore_case(trimmed, "serviceaccount")
        || ends_with_ignore_case(trimmed, "serviceaccountref")
}

/// `isSensitiveUrlConfigPath`: the places where OpenClaw inspects URLs for credentials.
pub fn is_sensitive_url_config_path(path: &str) -> bool {
    if path.ends_with(".baseUrl") || path.ends_with(".httpUrl") || path.ends_with(".cdpUrl") {
        return true;
    }
    if path.ends_with(".request.proxy.url") {
        return true;
    }
    let rest = path.strip_prefix("nodeHost.").unwrap_or(path);
    rest.strip_prefix("mcp.servers.")
        .and_then(|r| r.strip_suffix(".url"))
        .is_some_and(|server| !server.is_empty() && !server.contains('.'))
}

/// A SecretRef: an object with string `source` and `id`.
pub fn is_secret_ref(value: &Value) -> bool {
    value.get("source").is_some_and(Value::is_string)
        && value.get("id").is_some_and(Value::is_string)
}

/// The paths whose values redaction replaces with the sentinel, in document order.
pub fn redaction_paths(value: &Value) -> Vec<ConfigPath> {
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut ConfigPath::root(), &mut out);
    out
}

/// `prefix` is the dotted sensitivity path and `at` the concrete path of `value`; both are
/// grown and shrunk in place (a config has tens of thousands of keys).
fn walk(value: &Value, prefix: &mut String, at: &mut ConfigPath, out: &mut Vec<ConfigPath>) {
    use crate::path::Segment;
    match value {
        Value::Array(items) => {
            let len = prefix.len();
            prefix.push_str("[]");
            let sensitive = is_sensitive_path(prefix);
            for (i, item) in items.iter().enumerate() {
                at.0.push(Segment::Index(i));
                match item {
                    Value::String(s) if sensitive && is_concrete_sensitive_string(s) => {
                        out.push(at.clone())
                    }
                    Value::Object(_) | Value::Array(_) => walk(item, prefix, at, out),
                    _ => {}
                }
                at.0.pop();
            }
            prefix.truncate(len);
        }
        Value::Object(map) => {
            for (key, child) in map {
                let len = prefix.len();
                if len > 0 {
                    prefix.push('.');
                }
                prefix.push_str(key);
                at.0.push(Segment::Key(key.clone()));
                visit_member(child, prefix, at, out);
                at.0.pop();
                prefix.truncate(len);
            }
        }
        _ => {}
    }
}

fn visit_member(child: &Value, path: &mut String, at: &mut ConfigPath, out: &mut Vec<ConfigPath>) {
    let sensitive = is_sensitive_path(path);
    if sensitive && is_secret_ref(child) {
        // Walking into it would hide `source` and `provider` too (see the module doc).
        if child["id"]
            .as_str()
            .is_some_and(is_concrete_sensitive_string)
        {
            out.push(at.key("id"));
        }
        return;
    }
    match child {
        Value::String(s) if sensitive && is_concrete_sensitive_string(s) => out.push(at.clone()),
        Value::Object(_) if sensitive && is_whole_object_sensitive_path(path) => {
            out.push(at.clone())
        }
        Value::String(s)
            if is_sensitive_url_config_path(path) && crate::url::carries_credentials(s) =>
        {
            out.push(at.clone())
        }
        Value::Object(_) | Value::Array(_) => walk(child, path, at, out),
        _ => {}
    }
}

/// `value` with every secret replaced by [`SENTINEL`].
pub fn redact(value: &Value) -> Value {
    let mut out = value.clone();
    for path in redaction_paths(value) {
        if let Some(slot) = pointer_mut(&mut out, &path) {
            *slot = Value::String(SENTINEL.to_string());
        }
    }
    out
}

/// The value at `path`, mutably.
pub fn pointer_mut<'a>(value: &'a mut Value, path: &ConfigPath) -> Option<&'a mut Value> {
    use crate::path::Segment;
    let mut node = value;
    for segment in &path.0 {
        node = match segment {
            Segment::Key(k) => node.as_object_mut()?.get_mut(k)?,
            Segment::Index(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sensitive_paths() {
        for p in [
            "gateway.auth.token",
            "channels.telegram.botToken",
            "x.apiKey",
            "x.api_key",
            "db.password",
            "secrets.providers.vault.command",
            "gcp.serviceAccount",
            "localService.env.maxTokens",
            "a.privateKeyPem",
        ] {
            assert!(is_sensitive_config_path(p), "{p}");
        }
        for p in [
            "agents.defaults.maxTokens",
            "x.tokens",
            "x.tokenizer",
            "keyboard",
            "monkey",
            "x.passwordFile",
            "x.encryptionKey",
            "x.token.value",
        ] {
            assert!(!is_sensitive_config_path(p), "{p}");
        }
    }

    #[test]
    fn what_is_kept_and_what_is_hidden() {
        let cfg = json!({
            "gateway": {"auth": {"mode": "token", "token": "literal-secret"}},
            "env": {"TELEGRAM_BOT_TOKEN": "${TELEGRAM_BOT_TOKEN}", "BRAVE_API_KEY": ""},
            "agents": {"defaults": {"maxTokens": 4096}},
            "models": {"providers": {"openai": {"apiKey": {"source": "env", "provider": "default", "id": "OPENAI_API_KEY"}, "baseUrl": "https://u:p@api.example/v1"}}},
        });
        let r = redact(&cfg);
        assert_eq!(r["gateway"]["auth"]["token"], SENTINEL);
        assert_eq!(r["gateway"]["auth"]["mode"], "token");
        assert_eq!(r["env"]["TELEGRAM_BOT_TOKEN"], "${TELEGRAM_BOT_TOKEN}");
        assert_eq!(r["env"]["BRAVE_API_KEY"], "");
        assert_eq!(r["agents"]["defaults"]["maxTokens"], 4096);
        assert_eq!(
            r["models"]["providers"]["openai"]["apiKey"],
            json!({"source": "env", "provider": "default", "id": SENTINEL})
        );
        assert_eq!(r["models"]["providers"]["openai"]["baseUrl"], SENTINEL);
    }
}
