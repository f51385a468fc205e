//! Restoring `__OPENCLAW_REDACTED__` sentinels in a config that came back from an editor or API
//! client, from the config on disk. OpenClaw's `restoreRedactedValues` (2026.9.6, quoted in
//! `tests/oracle/SEMANTICS.md`) is the model:
//!
//! - a sentinel is restored from the original value at the same key, where redaction could have
//!   put it (a sensitive path or a URL path); with no original value it is refused;
//! - array items are paired by a unique identity, else by position (a position claimed by an
//!   identity match is not reused);
//! - a SecretRef whose `id` is the sentinel gets the original `id`, if source and provider did
//!   not change;
//! - after restore, a sentinel anywhere is refused: it must never reach the disk.
//!
//! Two deliberate differences, both where OpenClaw silently loses or misplaces a secret:
//! items are identified by `agentId` too (REFERENCE.md: "by a unique `id`/`agentId` first"; OpenClaw
//! uses only `id`, so agents reordered by `agentId` swap their secrets), and a sentinel in a
//! string array with no original at its position is refused (OpenClaw turns it into `undefined`,
//! which `JSON.stringify` then drops or writes as `null`).

use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::redact::{is_secret_ref, is_sensitive_path, is_sensitive_url_config_path, SENTINEL};
use crate::resolve::references;

/// Why a document cannot be restored. Messages are OpenClaw's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    /// Nothing was sent.
    #[error("no input")]
    NoInput,
    /// A string, number or boolean was sent instead of a config.
    #[error("input not an object")]
    NotAnObject,
    /// A sentinel where there is no original value to restore.
    #[error("Sentinel value \"__OPENCLAW_REDACTED__\" in key {0} is not valid as real data")]
    NoOriginal(String),
    /// A sentinel left after restore (a key where redaction never puts one).
    #[error(
        "Reserved redaction sentinel \"__OPENCLAW_REDACTED__\" is not valid config data ({0})."
    )]
    Remaining(String),
    /// A SecretRef whose id cannot be restored.
    #[error("{0}")]
    SecretRef(String),
}

/// Restores every sentinel of `incoming` from `original`, then checks that none is left.
pub fn restore(incoming: &Value, original: &Value) -> Result<Value, RestoreError> {
    match incoming {
        Value::Null => return Err(RestoreError::NoInput),
        Value::Object(_) | Value::Array(_) => {}
        _ => return Err(RestoreError::NotAnObject),
    }
    let restored = restore_value(incoming, Some(original), "")?;
    assert_no_sentinel(&restored, &mut String::new())?;
    Ok(restored)
}

fn restore_value(
    incoming: &Value,
    original: Option<&Value>,
    prefix: &str,
) -> Result<Value, RestoreError> {
    match incoming {
        Value::Array(items) => {
            let path = format!("{prefix}[]");
            let sensitive = is_sensitive_path(&path);
            let empty = Vec::new();
            let originals = original.and_then(Value::as_array).unwrap_or(&empty);
            let pairs = pair_items(items, originals);
            items
                .iter()
                .zip(pairs)
                .map(|(item, orig)| {
                    if item.as_str() == Some(SENTINEL) && sensitive {
                        orig.cloned()
                            .ok_or_else(|| RestoreError::NoOriginal(path.clone()))
                    } else {
                        restore_value(item, orig, &path)
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Value::Object(map) => {
            let empty = Map::new();
            let orig = original.and_then(Value::as_object).unwrap_or(&empty);
            let mut out = Map::new();
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                let can_restore = is_sensitive_path(&path) || is_sensitive_url_config_path(&path);
                let restored = if value.as_str() == Some(SENTINEL) && can_restore {
                    orig.get(key)
                        .cloned()
                        .ok_or_else(|| RestoreError::NoOriginal(path.clone()))?
                } else if value.is_object() || value.is_array() {
                    match can_restore
                        .then(|| restore_secret_ref_id(value, orig.get(key), &path))
                        .transpose()?
                        .flatten()
                    {
                        Some(v) => v,
                        None => restore_value(value, orig.get(key), &path)?,
                    }
                } else {
                    value.clone()
                };
                out.insert(key.clone(), restored);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

fn is_secret_ref_with_provider(v: &Value) -> bool {
    is_secret_ref(v) && v.get("provider").is_some_and(Value::is_string)
}

/// `maybeRestoreSecretRefId`: Some(restored) when `incoming` is a SecretRef with a redacted id.
fn restore_secret_ref_id(
    incoming: &Value,
    original: Option<&Value>,
    path: &str,
) -> Result<Option<Value>, RestoreError> {
    if !incoming.is_object() || !is_secret_ref(incoming) || incoming["id"] != SENTINEL {
        return Ok(None);
    }
    let original = original.filter(|o| o.is_object());
    let Some(orig) = original.filter(|o| is_secret_ref_with_provider(o)) else {
        let message = if original.is_some_and(is_secret_ref) {
            format!("SecretRef at {path} requires a provider field to restore the redacted id automatically (original ref lacks provider).")
        } else {
            format!("SecretRef at {path} contains a redacted id placeholder with no matching original value.")
        };
        return Err(RestoreError::SecretRef(message));
    };
    if !is_secret_ref_with_provider(incoming) {
        return Err(RestoreError::SecretRef(format!(
            "SecretRef at {path} must include source, provider, and id when redacted placeholders are present."
        )));
    }
    if incoming["source"] != orig["source"] || incoming["provider"] != orig["provider"] {
        return Err(RestoreError::SecretRef(format!(
            "SecretRef at {path} changed source/provider while id is redacted. Provide an explicit id when changing source/provider."
        )));
    }
    let mut restored = incoming.clone();
    restored["id"] = orig["id"].clone();
    Ok(Some(restored))
}

/// An array item's identity: its `id`, else its `agentId` (a non-empty string that is not the
/// sentinel and holds no `${VAR}` reference or `$${` escape).
pub fn item_identity(item: &Value) -> Option<&str> {
    fn usable(v: &Value) -> Option<&str> {
        let s = v.as_str()?;
        let has_reference = references(s).iter().any(|r| !r.escaped);
        (!s.is_empty() && s != SENTINEL && !has_reference && !s.contains("$${")).then_some(s)
    }
    let map = item.as_object()?;
    match map.get("id") {
        Some(id) => usable(id),
        None => map.get("agentId").and_then(usable),
    }
}

/// `mapRedactedArray`'s pairing: for each incoming item, the original it restores from.
fn pair_items<'a>(incoming: &[Value], original: &'a [Value]) -> Vec<Option<&'a Value>> {
    fn index(items: &[Value]) -> HashMap<&str, (usize, usize)> {
        let mut by_id: HashMap<&str, (usize, usize)> = HashMap::new(); // id -> (first index, count)
        for (i, item) in items.iter().enumerate() {
            if let Some(id) = item_identity(item) {
                by_id.entry(id).and_modify(|e| e.1 += 1).or_insert((i, 1));
            }
        }
        by_id
    }
    let original_by_id = index(original);
    let incoming_by_id = index(incoming);
    let unique =
        |m: &HashMap<&str, (usize, usize)>, id: &str| m.get(id).filter(|e| e.1 == 1).map(|e| e.0);
    let reserved: Vec<usize> = incoming_by_id
        .keys()
        .filter(|id| unique(&incoming_by_id, id).is_some())
        .filter_map(|id| unique(&original_by_id, id))
        .collect();
    let has_unique_original = original_by_id.values().any(|e| e.1 == 1);
    incoming
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item_identity(item);
            let once_incoming = id.is_some_and(|id| unique(&incoming_by_id, id).is_some());
            if once_incoming {
                let id = id.expect("checked");
                if let Some(j) = unique(&original_by_id, id) {
                    return original.get(j);
                }
                if !original_by_id.contains_key(id) && has_unique_original {
                    return None; // a new item: nothing to restore from
                }
            }
            if reserved.contains(&i) {
                None
            } else {
                original.get(i)
            }
        })
        .collect()
}

/// `assertNoRedactedSentinel`: the concrete path (`a.list[1]`, `<root>`) of a sentinel left.
fn assert_no_sentinel(value: &Value, path: &mut String) -> Result<(), RestoreError> {
    match value {
        Value::String(s) if s == SENTINEL => Err(RestoreError::Remaining(if path.is_empty() {
            "<root>".to_string()
        } else {
            path.clone()
        })),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                assert_no_sentinel(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                assert_no_sentinel(v, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restores_by_path_and_by_identity() {
        let original = json!({"gateway": {"auth": {"token": "gw"}}, "agents": {"list": [
            {"agentId": "a", "apiKey": "ka"}, {"agentId": "b", "apiKey": "kb"}]}});
        let edited = json!({"gateway": {"auth": {"token": SENTINEL}}, "agents": {"list": [
            {"agentId": "b", "apiKey": SENTINEL}, {"agentId": "a", "apiKey": SENTINEL}]}});
        let restored = restore(&edited, &original).unwrap();
        assert_eq!(restored["gateway"]["auth"]["token"], "gw");
        assert_eq!(
            restored["agents"]["list"][0]["apiKey"], "kb",
            "matched by agentId, not position"
        );
        assert_eq!(restored["agents"]["list"][1]["apiKey"], "ka");
    }

    #[test]
    fn refusals() {
        assert_eq!(
            restore(&json!({"x": {"token": SENTINEL}}), &json!({}))
                .unwrap_err()
                .to_string(),
            "Sentinel value \"__OPENCLAW_REDACTED__\" in key x.token is not valid as real data"
        );
        assert_eq!(
            restore(&json!({"a": {"list": ["x", SENTINEL]}}), &json!({})).unwrap_err().to_string(),
            "Reserved redaction sentinel \"__OPENCLAW_REDACTED__\" is not valid config data (a.list[1])."
        );
        assert!(matches!(
            restore(
                &json!({"apiKeys": ["k", SENTINEL]}),
                &json!({"apiKeys": ["k"]})
            ),
            Err(RestoreError::NoOriginal(_))
        ));
    }
}
