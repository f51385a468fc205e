//! `${VAR}` substitution in openclaw.json, exactly as OpenClaw does it:
//!
//! - only `${NAME}` with NAME matching `[A-Z_][A-Z0-9_]*`; `${lower}` and `$VAR` stay literal text;
//! - in every string value (inline too: `"${BASE}/v1"`), never in keys, never in non-strings;
//! - `$${NAME}` is an escape for the literal `${NAME}` and never reads the environment;
//! - an empty value counts as missing; a missing one is the error
//!   `Missing env var "NAME" referenced at config path: a.b[0].c`, or, when missing values are
//!   allowed, the reference stays and a warning is returned;
//! - `${NAME:-fallback}` (OpenClaw's current docs; the 2026.9 package predates it): an unset or
//!   empty NAME takes the fallback, which holds no `$` or `{`.
//!
//! The scan mirrors OpenClaw's `substituteString`: one `$` at a time, the first `}` after it
//! closing the reference.

use serde_json::Value;

use crate::path::ConfigPath;

/// A reference to an environment variable inside a string value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The variable.
    pub name: String,
    /// The `:-` fallback, if any.
    pub fallback: Option<String>,
    /// Byte range of `${…}` in the string.
    pub span: std::ops::Range<usize>,
    /// `$${…}`: an escape, not a reference.
    pub escaped: bool,
}

/// A variable the config needs that the environment does not have (or has empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Missing env var \"{name}\" referenced at config path: {path}")]
pub struct MissingEnvVar {
    /// The variable.
    pub name: String,
    /// Where it is referenced.
    pub path: ConfigPath,
}

/// What to do about a missing variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnMissing {
    /// Fail with [`MissingEnvVar`] (OpenClaw's default).
    Fail,
    /// Keep the `${NAME}` text and report it (OpenClaw's lenient mode).
    Keep,
}

/// Whether `name` is a variable name OpenClaw substitutes.
pub fn is_env_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Splits `NAME` or `NAME:-fallback` (the inside of `${…}`); None when it is not a reference.
fn parse_inner(inner: &str) -> Option<(String, Option<String>)> {
    match inner.split_once(":-") {
        Some((name, fallback)) if is_env_var_name(name) && !fallback.contains(['$', '{']) => {
            Some((name.to_string(), Some(fallback.to_string())))
        }
        Some(_) => None,
        None if is_env_var_name(inner) => Some((inner.to_string(), None)),
        None => None,
    }
}

/// Every `${…}` reference (and `$${…}` escape) in `s`, in order.
pub fn references(s: &str) -> Vec<Reference> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let escaped = bytes.get(i + 1) == Some(&b'$') && bytes.get(i + 2) == Some(&b'{');
        let open = if escaped { i + 2 } else { i + 1 };
        if bytes.get(open) == Some(&b'{') {
            if let Some(close) = s[open + 1..].find('}').map(|j| open + 1 + j) {
                if let Some((name, fallback)) = parse_inner(&s[open + 1..close]) {
                    out.push(Reference {
                        name,
                        fallback,
                        span: i..close + 1,
                        escaped,
                    });
                    i = close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Whether `s` is exactly one `${NAME}` reference (what redaction leaves visible).
pub fn is_whole_reference(s: &str) -> bool {
    matches!(references(s).as_slice(), [r] if !r.escaped && r.span == (0..s.len()))
}

/// Substitutes the references of one string value at `path`.
pub fn substitute(
    s: &str,
    path: &ConfigPath,
    env: &dyn Fn(&str) -> Option<String>,
    on_missing: OnMissing,
    missing: &mut Vec<MissingEnvVar>,
) -> Result<String, MissingEnvVar> {
    if !s.contains('$') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut pos = 0;
    for r in references(s) {
        out.push_str(&s[pos..r.span.start]);
        pos = r.span.end;
        if r.escaped {
            out.push_str(&s[r.span.start + 1..r.span.end]); // drop one `$`
            continue;
        }
        match env(&r.name).filter(|v| !v.is_empty()) {
            Some(value) => out.push_str(&value),
            None => match &r.fallback {
                Some(fallback) => out.push_str(fallback),
                None => {
                    let error = MissingEnvVar {
                        name: r.name.clone(),
                        path: path.clone(),
                    };
                    if on_missing == OnMissing::Fail {
                        return Err(error);
                    }
                    missing.push(error);
                    out.push_str(&s[r.span.clone()]);
                }
            },
        }
    }
    out.push_str(&s[pos..]);
    Ok(out)
}

/// Resolves every string of `value`. With [`OnMissing::Keep`] the missing variables come back
/// as warnings.
pub fn resolve(
    value: &Value,
    env: &dyn Fn(&str) -> Option<String>,
    on_missing: OnMissing,
) -> Result<(Value, Vec<MissingEnvVar>), MissingEnvVar> {
    let mut missing = Vec::new();
    let resolved = resolve_at(value, &ConfigPath::root(), env, on_missing, &mut missing)?;
    Ok((resolved, missing))
}

fn resolve_at(
    value: &Value,
    path: &ConfigPath,
    env: &dyn Fn(&str) -> Option<String>,
    on_missing: OnMissing,
    missing: &mut Vec<MissingEnvVar>,
) -> Result<Value, MissingEnvVar> {
    Ok(match value {
        Value::String(s) => Value::String(substitute(s, path, env, on_missing, missing)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| resolve_at(v, &path.index(i), env, on_missing, missing))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                out.insert(
                    k.clone(),
                    resolve_at(v, &path.key(k), env, on_missing, missing)?,
                );
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn env(name: &str) -> Option<String> {
        match name {
            "TOKEN" => Some("t0k".into()),
            "BASE" => Some("https://api".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn sub(s: &str) -> Result<String, MissingEnvVar> {
        substitute(
            s,
            &ConfigPath::root().key("k"),
            &env,
            OnMissing::Fail,
            &mut Vec::new(),
        )
    }

    #[test]
    fn substitution_rules() {
        assert_eq!(sub("${TOKEN}").unwrap(), "t0k");
        assert_eq!(
            sub("${BASE}/v1?t=${TOKEN}").unwrap(),
            "https://api/v1?t=t0k"
        );
        assert_eq!(sub("$${TOKEN}").unwrap(), "${TOKEN}");
        assert_eq!(
            sub("${lower} $TOKEN ${1X} ${} ${TOKEN").unwrap(),
            "${lower} $TOKEN ${1X} ${} ${TOKEN"
        );
        assert_eq!(sub("${EMPTY:-fb}").unwrap(), "fb");
        assert_eq!(sub("${NOPE:-}").unwrap(), "");
        assert_eq!(
            sub("${NOPE:-a$b}").unwrap(),
            "${NOPE:-a$b}",
            "a fallback with `$` is no reference"
        );
    }

    #[test]
    fn missing_and_empty_fail_with_the_path() {
        let e = sub("${EMPTY}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Missing env var \"EMPTY\" referenced at config path: k"
        );
        let cfg = json!({"a": {"b": [{"c": "${NOPE}"}]}});
        let e = resolve(&cfg, &env, OnMissing::Fail).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Missing env var \"NOPE\" referenced at config path: a.b[0].c"
        );
        let (v, warnings) = resolve(&cfg, &env, OnMissing::Keep).unwrap();
        assert_eq!(v, cfg);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn keys_and_non_strings_are_never_touched() {
        let cfg = json!({"${TOKEN}": 1, "n": 5, "b": true, "z": null});
        assert_eq!(resolve(&cfg, &env, OnMissing::Fail).unwrap().0, cfg);
    }

    #[test]
    fn whole_references() {
        assert!(is_whole_reference("${TOKEN}"));
        assert!(!is_whole_reference("${TOKEN}x"));
        assert!(!is_whole_reference("$${TOKEN}"));
        assert!(!is_whole_reference("literal"));
    }
}
