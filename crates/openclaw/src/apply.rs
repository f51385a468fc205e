//! `config apply`: merge a document that came back from an editor or API client into the file on
//! disk, the way it must be done and upstream did not:
//!
//! 1. refuse when the file changed since the client read it (`--base-hash`, SHA-256 of the raw
//!    text, as OpenClaw's `hash`);
//! 2. restore every sentinel from the file by path ([`crate::restore`]); refuse a sentinel with
//!    no original value or left over;
//! 3. where the file holds a `${VAR}` template and the document holds what it resolves to, keep
//!    the template: resolved secrets never reach the file (a template whose variable is unset is
//!    kept when the client sent it back unchanged);
//! 4. refuse an ambiguous reorder of array items that hold templates (no unique identity);
//! 5. write only the changed values' text ([`crate::json5::write_back`]), atomically, keeping
//!    the mode, after rotating backups `FILE.bak`, `.bak.1` … `.bak.4`.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use crate::file::{load, ConfigError};
use crate::json5::{write_back, MergeError};
use crate::path::ConfigPath;
use crate::redact::SENTINEL;
use crate::resolve::{references, resolve, OnMissing};
use crate::restore::{item_identity, restore, RestoreError};

/// How many rotated backups are kept besides `FILE.bak`.
pub const ROTATED_BACKUPS: usize = 4;

/// Options of [`apply`].
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// SHA-256 (hex) of the file's text when the client read it.
    pub base_hash: Option<String>,
    /// Decide and report; write nothing.
    pub dry_run: bool,
}

/// What [`apply`] did. Paths only, never values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyOutcome {
    /// Paths whose value changed.
    pub changed: Vec<String>,
    /// Paths where a resolved value came back and the `${VAR}` template was kept.
    pub kept_templates: Vec<String>,
    /// Whether the file was (or, in a dry run, would be) rewritten.
    pub rewritten: bool,
    /// The backup written, if any.
    pub backup: Option<PathBuf>,
}

/// Why [`apply`] refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The file or the edited document is not valid input (exit 2).
    #[error(transparent)]
    Input(#[from] ConfigError),
    /// The file changed since the client read it.
    #[error("{path} changed since it was read (its hash is {actual}, the edit was based on {expected}); read it again and redo the edit")]
    Stale {
        /// The file.
        path: String,
        /// The hash the client sent.
        expected: String,
        /// The file's hash now.
        actual: String,
    },
    /// A sentinel could not be restored, or was left.
    #[error(transparent)]
    Restore(#[from] RestoreError),
    /// Items holding `${VAR}` templates were reordered without identities.
    #[error("the items of {0} were reordered, and without a unique `id` or `agentId` it is ambiguous which `${{VAR}}` template belongs to which; give them ids or keep their order")]
    AmbiguousReorder(String),
    /// The file uses `$include`: which file each value belongs to is not decided here yet.
    #[error("{0} uses $include; apply edits to the included files themselves (apply does not split a merged document across files)")]
    Includes(String),
    /// The rewrite could not be made faithfully.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
}

impl ApplyError {
    /// 2 for bad input and I/O, 1 for refusals.
    pub fn exit_code(&self) -> u8 {
        match self {
            ApplyError::Input(_) | ApplyError::Io { .. } => 2,
            _ => 1,
        }
    }
}

/// SHA-256 of `text`, lower-case hex (OpenClaw's config `hash`).
pub fn text_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Merges `edited` into `file`.
pub fn apply(
    file: &Path,
    edited: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    options: &ApplyOptions,
) -> Result<ApplyOutcome, ApplyError> {
    if !file.exists() {
        return create(file, edited, options);
    }
    let doc = load(file)?;
    let actual = text_hash(doc.text());
    if let Some(expected) = &options.base_hash {
        if !expected.eq_ignore_ascii_case(&actual) {
            return Err(ApplyError::Stale {
                path: file.display().to_string(),
                expected: expected.clone(),
                actual,
            });
        }
    }
    let original = doc.to_json();
    if crate::include::has_include(&original) {
        // The edited document would hold the included files' content; writing it into this file
        // would inline (and duplicate) them. Refuse rather than guess where each value belongs.
        return Err(ApplyError::Includes(file.display().to_string()));
    }
    let incoming = load(edited)?.to_json();
    let mut merged = restore(&incoming, &original)?;
    let mut outcome = ApplyOutcome::default();
    keep_templates(
        &mut merged,
        &original,
        env,
        &ConfigPath::root(),
        &mut outcome.kept_templates,
    )?;
    debug_assert!(!merged.to_string().contains(SENTINEL));
    let new_doc = write_back(&doc, &merged)?;
    changed_paths(
        &original,
        &merged,
        &ConfigPath::root(),
        &mut outcome.changed,
    );
    outcome.rewritten = new_doc.text() != doc.text();
    if outcome.rewritten && !options.dry_run {
        outcome.backup = Some(rotate_backups(file, doc.text())?);
        mosbot_core::atomic::write_atomic(
            file,
            new_doc.text().as_bytes(),
            mosbot_core::atomic::ModePolicy::Keep,
        )
        .map_err(|source| ApplyError::Io {
            path: file.display().to_string(),
            source,
        })?;
    }
    Ok(outcome)
}

/// A config that does not exist yet: written as pretty JSON with mode 0600 (it will hold
/// credentials or references to them); a sentinel has nothing to be restored from.
fn create(file: &Path, edited: &Path, options: &ApplyOptions) -> Result<ApplyOutcome, ApplyError> {
    let incoming = load(edited)?.to_json();
    let value = restore(&incoming, &Value::Object(serde_json::Map::new()))?;
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value serialises");
    text.push('\n');
    let mut outcome = ApplyOutcome {
        rewritten: true,
        ..ApplyOutcome::default()
    };
    changed_paths(
        &Value::Object(serde_json::Map::new()),
        &value,
        &ConfigPath::root(),
        &mut outcome.changed,
    );
    if !options.dry_run {
        mosbot_core::atomic::write_atomic(
            file,
            text.as_bytes(),
            mosbot_core::atomic::ModePolicy::Secret,
        )
        .map_err(|source| ApplyError::Io {
            path: file.display().to_string(),
            source,
        })?;
    }
    Ok(outcome)
}

fn has_template(v: &Value) -> bool {
    match v {
        Value::String(s) => references(s).iter().any(|r| !r.escaped),
        Value::Array(a) => a.iter().any(has_template),
        Value::Object(m) => m.values().any(has_template),
        _ => false,
    }
}

/// What `template` (a value of the file) resolves to; None when a variable is unset.
fn resolved(template: &Value, env: &dyn Fn(&str) -> Option<String>) -> Option<Value> {
    resolve(template, env, OnMissing::Fail).ok().map(|(v, _)| v)
}

/// Puts the file's `${VAR}` templates back where the document holds their resolved values.
fn keep_templates(
    merged: &mut Value,
    original: &Value,
    env: &dyn Fn(&str) -> Option<String>,
    path: &ConfigPath,
    kept: &mut Vec<String>,
) -> Result<(), ApplyError> {
    match (merged, original) {
        (Value::String(s), Value::String(template))
            if s != template
                && has_template(original)
                && resolved(original, env).is_some_and(|r| r.as_str() == Some(s.as_str())) =>
        {
            *s = template.clone();
            kept.push(path.to_string());
        }
        (Value::Object(m), Value::Object(o)) => {
            for (k, v) in m.iter_mut() {
                if let Some(orig) = o.get(k) {
                    keep_templates(v, orig, env, &path.key(k), kept)?;
                }
            }
        }
        (Value::Array(items), Value::Array(origs)) => {
            if origs.iter().any(has_template) {
                refuse_ambiguous_reorder(items, origs, env, path)?;
            }
            for (i, item) in items.iter_mut().enumerate() {
                let orig = match item_identity(item) {
                    Some(id) => origs.iter().find(|o| item_identity(o) == Some(id)),
                    None => origs.get(i),
                };
                if let Some(orig) = orig {
                    keep_templates(item, orig, env, &path.index(i), kept)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Items without identities that moved: which template goes where is a guess we do not make.
fn refuse_ambiguous_reorder(
    items: &[Value],
    origs: &[Value],
    env: &dyn Fn(&str) -> Option<String>,
    path: &ConfigPath,
) -> Result<(), ApplyError> {
    let matches =
        |item: &Value, orig: &Value| item == orig || resolved(orig, env).as_ref() == Some(item);
    let anonymous = |v: &Value| item_identity(v).is_none();
    for (i, item) in items.iter().enumerate() {
        if !anonymous(item) || origs.get(i).is_some_and(|o| matches(item, o)) {
            continue;
        }
        let moved_here = origs
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && anonymous(o) && has_template(o) && matches(item, o));
        if moved_here {
            return Err(ApplyError::AmbiguousReorder(if path.0.is_empty() {
                "<root>".into()
            } else {
                path.to_string()
            }));
        }
    }
    Ok(())
}

/// Paths (OpenClaw notation) whose value differs between `a` and `b`.
fn changed_paths(a: &Value, b: &Value, path: &ConfigPath, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => changed_paths(v, w, &path.key(k), out),
                    None => out.push(path.key(k).to_string()),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(path.key(k).to_string());
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                changed_paths(v, w, &path.index(i), out);
            }
        }
        _ if a != b => out.push(if path.0.is_empty() {
            "<root>".into()
        } else {
            path.to_string()
        }),
        _ => {}
    }
}

fn backup_path(file: &Path, n: usize) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(if n == 0 {
        ".bak".to_string()
    } else {
        format!(".bak.{n}")
    });
    file.with_file_name(name)
}

/// `FILE.bak.3` → `.bak.4`, …, `FILE.bak` → `.bak.1`, then the current text → `FILE.bak` (0600:
/// it holds whatever the file holds).
pub(crate) fn rotate_backups(file: &Path, current: &str) -> Result<PathBuf, ApplyError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ApplyError::Io { path, source }
    };
    for n in (0..ROTATED_BACKUPS).rev() {
        let from = backup_path(file, n);
        if from.exists() {
            std::fs::rename(&from, backup_path(file, n + 1)).map_err(io(&from))?;
        }
    }
    let bak = backup_path(file, 0);
    mosbot_core::atomic::write_atomic(
        &bak,
        current.as_bytes(),
        mosbot_core::atomic::ModePolicy::Secret,
    )
    .map_err(io(&bak))?;
    Ok(bak)
}
