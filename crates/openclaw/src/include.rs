//! `$include` in openclaw.json, as OpenClaw resolves it: `"$include": "./part.json5"` or a list
//! of paths, relative to the including file; the included value replaces the object, or, with
//! sibling keys, is deep-merged under them (objects recursively, arrays concatenated, the
//! siblings winning); cycles are refused, depth is at most 10, and a path may not leave the
//! config's directory (lexically or through a symbolic link).

use serde_json::{Map, Value};
use std::path::{Component, Path, PathBuf};

use crate::file::{load, ConfigError};
use crate::json5::Document;
use crate::path::ConfigPath;

/// The key that pulls in another file.
pub const INCLUDE_KEY: &str = "$include";

/// Deepest chain of includes OpenClaw follows.
pub const MAX_INCLUDE_DEPTH: usize = 10;

/// Resolves every `$include` of `doc` (read from `path`). Errors name the including file and
/// the line and column of its `$include`.
pub fn resolve_includes(doc: &Document, path: &Path) -> Result<Value, ConfigError> {
    let value = doc.to_json();
    if !has_include(&value) {
        return Ok(value);
    }
    let root_dir = absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut session = Session {
        root_dir,
        chain: vec![normalize(&absolute(path))],
    };
    session.process(doc, path, &value, &ConfigPath::root(), 0)
}

/// Whether `value` has a `$include` anywhere.
pub fn has_include(value: &Value) -> bool {
    match value {
        Value::Object(m) => m.contains_key(INCLUDE_KEY) || m.values().any(has_include),
        Value::Array(a) => a.iter().any(has_include),
        _ => false,
    }
}

struct Session {
    root_dir: PathBuf,
    chain: Vec<PathBuf>,
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path.normalize`: `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Deep merge: objects recursively, arrays concatenated, otherwise `over` wins.
pub fn deep_merge(base: Value, over: Value) -> Value {
    match (base, over) {
        (Value::Array(mut a), Value::Array(b)) => {
            a.extend(b);
            Value::Array(a)
        }
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let merged = match a.remove(&k) {
                    Some(current) if current.is_object() && v.is_object() => deep_merge(current, v),
                    Some(Value::Array(mut current)) if v.is_array() => {
                        current.extend(v.as_array().cloned().unwrap_or_default());
                        Value::Array(current)
                    }
                    _ => v,
                };
                a.insert(k, merged);
            }
            Value::Object(a)
        }
        (_, over) => over,
    }
}

impl Session {
    fn error(&self, doc: &Document, file: &Path, at: &ConfigPath, message: String) -> ConfigError {
        let place = doc
            .get(&at.key(INCLUDE_KEY))
            .map(|n| doc.line_column(n.span.start));
        ConfigError {
            path: file.display().to_string(),
            place,
            message,
        }
    }

    fn process(
        &mut self,
        doc: &Document,
        file: &Path,
        value: &Value,
        at: &ConfigPath,
        depth: usize,
    ) -> Result<Value, ConfigError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.process(doc, file, v, &at.index(i), depth))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Value::Object(map) if !map.contains_key(INCLUDE_KEY) => {
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.process(doc, file, v, &at.key(k), depth)?);
                }
                Ok(Value::Object(out))
            }
            Value::Object(map) => {
                let targets: Vec<&str> = match &map[INCLUDE_KEY] {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(items) => items
                        .iter()
                        .map(|i| {
                            i.as_str().ok_or_else(|| {
                                self.error(
                                    doc,
                                    file,
                                    at,
                                    "Invalid $include array item: expected string".to_string(),
                                )
                            })
                        })
                        .collect::<Result<_, _>>()?,
                    _ => {
                        return Err(self.error(
                            doc,
                            file,
                            at,
                            "Invalid $include value: expected string or array of strings"
                                .to_string(),
                        ))
                    }
                };
                let mut included = if targets.len() == 1 {
                    Value::Null
                } else {
                    Value::Object(Map::new())
                };
                for (n, target) in targets.iter().enumerate() {
                    let value = self.load(doc, file, at, target, depth)?;
                    included = if n == 0 && targets.len() == 1 {
                        value
                    } else {
                        deep_merge(included, value)
                    };
                }
                let others: Vec<(&String, &Value)> =
                    map.iter().filter(|(k, _)| *k != INCLUDE_KEY).collect();
                if others.is_empty() {
                    return Ok(included);
                }
                if !included.is_object() {
                    return Err(self.error(
                        doc,
                        file,
                        at,
                        "Sibling keys require included content to be an object".to_string(),
                    ));
                }
                let mut rest = Map::new();
                for (k, v) in others {
                    rest.insert(k.clone(), self.process(doc, file, v, &at.key(k), depth)?);
                }
                Ok(deep_merge(included, Value::Object(rest)))
            }
            other => Ok(other.clone()),
        }
    }

    fn load(
        &mut self,
        doc: &Document,
        file: &Path,
        at: &ConfigPath,
        target: &str,
        depth: usize,
    ) -> Result<Value, ConfigError> {
        if target.contains('\0') {
            return Err(self.error(
                doc,
                file,
                at,
                "Include path must not contain null bytes".to_string(),
            ));
        }
        let dir = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let resolved = normalize(&dir.join(target));
        if !resolved.starts_with(&self.root_dir) {
            return Err(self.error(
                doc,
                file,
                at,
                format!(
                    "Include path escapes config directory: {target} (root: {})",
                    self.root_dir.display()
                ),
            ));
        }
        if let (Ok(real), Ok(root_real)) = (resolved.canonicalize(), self.root_dir.canonicalize()) {
            if !real.starts_with(&root_real) {
                return Err(self.error(doc, file, at, format!("Include path resolves outside config directory (symlink): {target} (root: {})", self.root_dir.display())));
            }
        }
        if self.chain.contains(&resolved) {
            let chain: Vec<String> = self
                .chain
                .iter()
                .chain([&resolved])
                .map(|p| p.display().to_string())
                .collect();
            return Err(self.error(
                doc,
                file,
                at,
                format!("Circular include detected: {}", chain.join(" -> ")),
            ));
        }
        if depth >= MAX_INCLUDE_DEPTH {
            return Err(self.error(
                doc,
                file,
                at,
                format!("Maximum include depth ({MAX_INCLUDE_DEPTH}) exceeded at: {target}"),
            ));
        }
        let included = load(&resolved)?;
        self.chain.push(resolved.clone());
        let value = self.process(
            &included,
            &resolved,
            &included.to_json(),
            &ConfigPath::root(),
            depth + 1,
        );
        self.chain.pop();
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (p, c) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, c).unwrap();
        }
        dir
    }

    fn run(dir: &tempfile::TempDir) -> Result<Value, ConfigError> {
        let path = dir.path().join("openclaw.json");
        resolve_includes(&load(&path).unwrap(), &path)
    }

    #[test]
    fn includes_replace_and_merge() {
        let dir = tree(&[
            ("openclaw.json", "{ agents: { $include: './agents.json5' }, models: { $include: ['a.json5', 'b.json5'], extra: 1 } }"),
            ("agents.json5", "{ list: [{ id: 'main' }] }"),
            ("a.json5", "{ providers: { x: { k: 1 } }, tags: ['a'] }"),
            ("b.json5", "{ providers: { y: { k: 2 } }, tags: ['b'] }"),
        ]);
        assert_eq!(
            run(&dir).unwrap(),
            json!({"agents": {"list": [{"id": "main"}]}, "models": {"providers": {"x": {"k": 1}, "y": {"k": 2}}, "tags": ["a", "b"], "extra": 1}})
        );
    }

    #[test]
    fn cycles_depth_and_escapes_are_refused_with_a_place() {
        let dir = tree(&[
            ("openclaw.json", "{\n  a: { $include: 'x.json5' } }"),
            ("x.json5", "{ b: { $include: 'openclaw.json' } }"),
        ]);
        let e = run(&dir).unwrap_err();
        assert!(e.message.starts_with("Circular include detected:"), "{e}");
        assert!(
            e.path.ends_with("x.json5") && e.place == Some((1, 18)),
            "{e}"
        );
        let dir = tree(&[("openclaw.json", "{ a: { $include: '../outside.json5' } }")]);
        assert!(run(&dir)
            .unwrap_err()
            .message
            .contains("escapes config directory"));
        let mut files = vec![(
            "openclaw.json".to_string(),
            "{ $include: 'd0.json5' }".to_string(),
        )];
        for i in 0..11 {
            files.push((
                format!("d{i}.json5"),
                format!("{{ $include: 'd{}.json5' }}", i + 1),
            ));
        }
        files.push(("d11.json5".to_string(), "{}".to_string()));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = tree(&refs);
        assert!(run(&dir)
            .unwrap_err()
            .message
            .contains("Maximum include depth (10)"));
    }
}
