//! `config externalize`: move every literal secret of openclaw.json into an env file and put a
//! `${NAME}` reference in its place. Both files are written atomically, comments kept; resolving
//! afterwards gives the same config as before (checked before anything is written).

use mosbot_envfile::EnvFile;
use std::path::{Path, PathBuf};

use crate::apply::{rotate_backups, ApplyError};
use crate::file::load;
use crate::json5::{parse, string_literal, Kind, Quote};
use crate::path::{ConfigPath, Segment};
use crate::redact::{is_concrete_sensitive_string, redaction_paths};
use crate::resolve::{resolve, OnMissing};

/// `gateway.auth.token` or `gateway.auth.password`.
pub fn is_gateway_auth(path: &ConfigPath) -> bool {
    let keys: Vec<&str> = path
        .0
        .iter()
        .map(|s| match s {
            Segment::Key(k) => k.as_str(),
            Segment::Index(_) => "[]",
        })
        .collect();
    matches!(keys.as_slice(), ["gateway", "auth", "token" | "password"])
}

/// The env var name a literal at `path` would get: the catalog's for known places, else one
/// derived from the path (`channels.telegram.botToken` → `TELEGRAM_BOT_TOKEN`).
pub fn suggested_variable(path: &ConfigPath) -> String {
    if is_gateway_auth(path) {
        return if path.last_key() == Some("password") {
            "OPENCLAW_GATEWAY_PASSWORD"
        } else {
            "OPENCLAW_GATEWAY_TOKEN"
        }
        .to_string();
    }
    let keys: Vec<&str> = path
        .0
        .iter()
        .filter_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
        .collect();
    // The last key, prefixed with its owner (`telegram`, `openai`) unless it already names it.
    let generic = [
        "channels",
        "providers",
        "models",
        "env",
        "tools",
        "auth",
        "agents",
        "defaults",
        "list",
        "plugins",
        "entries",
        "config",
    ];
    let last = keys.last().copied().unwrap_or("SECRET");
    let owner = keys
        .iter()
        .rev()
        .skip(1)
        .find(|k| !generic.contains(k))
        .copied();
    let mut words = Vec::new();
    if let Some(owner) = owner {
        words.extend(split_words(owner));
    }
    for w in split_words(last) {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words.join("_")
}

fn split_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// One secret moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Where it was in the config.
    pub path: String,
    /// The variable that holds it now.
    pub variable: String,
    /// Whether the env file already held this value under that name.
    pub reused: bool,
}

/// What `externalize` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalizeOutcome {
    /// The secrets moved.
    pub moved: Vec<Moved>,
    /// Secrets that cannot live in an env variable (whole objects), by path.
    pub skipped: Vec<String>,
    /// The config's backup, if it was rewritten.
    pub backup: Option<PathBuf>,
}

/// Why externalize refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ExternalizeError {
    /// Bad input, a write failure, or a check that failed (exit 2).
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// The env file is unusable.
    #[error("{path}: {message}")]
    EnvFile {
        /// The env file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Moves the literal secrets of `file` into `env_path`.
pub fn externalize(
    file: &Path,
    env_path: &Path,
    dry_run: bool,
) -> Result<ExternalizeOutcome, ExternalizeError> {
    let env_err = |message: String| ExternalizeError::EnvFile {
        path: env_path.display().to_string(),
        message,
    };
    let doc = load(file).map_err(ApplyError::from)?;
    let mut env: EnvFile = match std::fs::read(env_path) {
        Ok(bytes) => mosbot_envfile::parse_bytes(&bytes)
            .map_err(|e| env_err(format!("line {}: {}", e.line(), e.what())))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => mosbot_envfile::parse(""),
        Err(e) => return Err(env_err(e.to_string())),
    };
    let original_env = env.text().to_string();
    let before = doc.to_json();
    let mut outcome = ExternalizeOutcome::default();
    let mut edits = Vec::new();
    for path in redaction_paths(&before) {
        let Some(node) = doc.get(&path) else { continue };
        let (value, quote) = match &node.kind {
            Kind::String(s, q) if is_concrete_sensitive_string(s) => (s.clone(), *q),
            Kind::String(..) => continue,
            _ => {
                outcome.skipped.push(path.to_string());
                continue;
            }
        };
        let (variable, reused) = pick_name(&env, &suggested_variable(&path), &value);
        if !reused {
            env.set(&variable, &value)
                .map_err(|e| env_err(e.to_string()))?;
        }
        let quote = if quote == Quote::None {
            Quote::Double
        } else {
            quote
        };
        edits.push((
            node.span.clone(),
            string_literal(&format!("${{{variable}}}"), quote),
        ));
        outcome.moved.push(Moved {
            path: path.to_string(),
            variable,
            reused,
        });
    }
    if outcome.moved.is_empty() {
        return Ok(outcome);
    }
    let new_text = doc.replaced(edits);
    // Fail closed: the new config, resolved with the new env file, must be the old config.
    let new_doc = parse(&new_text).map_err(|e| env_err(format!("internal error: {e}")))?;
    let lookup = |name: &str| env.value(name).map(str::to_string);
    let resolved = resolve(&new_doc.to_json(), &lookup, OnMissing::Keep).map(|(v, _)| v);
    let before_resolved = resolve(&before, &lookup, OnMissing::Keep).map(|(v, _)| v);
    if resolved.ok() != before_resolved.ok() {
        return Err(env_err(
            "internal error: the externalized config would not resolve to the same value"
                .to_string(),
        ));
    }
    if !dry_run {
        if env.text() != original_env {
            mosbot_core::atomic::write_atomic(
                env_path,
                env.text().as_bytes(),
                mosbot_core::atomic::ModePolicy::Secret,
            )
            .map_err(|e| env_err(e.to_string()))?;
        }
        outcome.backup = Some(rotate_backups(file, doc.text())?);
        mosbot_core::atomic::write_atomic(
            file,
            new_text.as_bytes(),
            mosbot_core::atomic::ModePolicy::Keep,
        )
        .map_err(|source| ApplyError::Io {
            path: file.display().to_string(),
            source,
        })?;
    }
    Ok(outcome)
}

/// `base`, or `base_2`, `base_3`, …: the first name that is free or already holds `value`. A
/// name that holds a different value is never reused. Returns (name, already holds it).
fn pick_name(env: &EnvFile, base: &str, value: &str) -> (String, bool) {
    for n in 1.. {
        let name = if n == 1 {
            base.to_string()
        } else {
            format!("{base}_{n}")
        };
        match env.value(&name) {
            None => return (name, false),
            Some(v) if v == value => return (name, true),
            Some(_) => continue,
        }
    }
    unreachable!("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derived_from_paths() {
        let p =
            |keys: &[&str]| ConfigPath(keys.iter().map(|k| Segment::Key(k.to_string())).collect());
        assert_eq!(
            suggested_variable(&p(&["channels", "telegram", "botToken"])),
            "TELEGRAM_BOT_TOKEN"
        );
        assert_eq!(
            suggested_variable(&p(&["models", "providers", "openai", "apiKey"])),
            "OPENAI_API_KEY"
        );
        assert_eq!(
            suggested_variable(&p(&["gateway", "auth", "token"])),
            "OPENCLAW_GATEWAY_TOKEN"
        );
        assert_eq!(
            suggested_variable(&p(&["tools", "web", "search", "apiKey"])),
            "SEARCH_API_KEY"
        );
    }
}
