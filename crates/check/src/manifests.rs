//! Kubernetes Secret manifests in a deployment directory, and the values they hold: `stringData`
//! as written, `data` base64-decoded. A scan looks for these values like the env files' values.

use std::path::Path;

use base64::Engine;
use saphyr::{LoadableYamlNode, MarkedYaml};

/// Manifests larger than this are not Kubernetes Secrets anyone wrote by hand.
const MAX_MANIFEST: u64 = 1024 * 1024;

/// One value of a Secret manifest.
#[derive(Clone, PartialEq, Eq)]
pub struct ManifestSecret {
    /// The key (usually the environment variable it becomes).
    pub key: String,
    /// The Secret's `metadata.name`.
    pub secret: String,
    /// The manifest, relative to the deployment root, `/` separators.
    pub path: String,
    /// 1-based line of the key.
    pub line: u32,
    /// The value (decoded from base64 for `data`).
    pub value: String,
}

impl std::fmt::Debug for ManifestSecret {
    /// Never shows the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManifestSecret")
            .field("key", &self.key)
            .field("secret", &self.secret)
            .field("path", &self.path)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// The values of every `kind: Secret` manifest (`.yaml`/`.yml`, any number of documents per
/// file) under `root`, `.gitignore` honoured, `.git` passed over. Files that do not parse as
/// YAML are passed over here: this only gathers values to look for.
pub fn manifest_secrets(root: &Path) -> Vec<ManifestSecret> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker.flatten() {
        let name = entry.file_name().to_string_lossy();
        if !(name.ends_with(".yaml") || name.ends_with(".yml"))
            || !entry.file_type().is_some_and(|t| t.is_file())
            || entry.metadata().map_or(true, |m| m.len() > MAX_MANIFEST)
        {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.extend(secrets_in_file(root, &rel));
    }
    out.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out
}

/// The values of the Secret manifests among `paths` (relative to `root`): for a caller that
/// knows the candidates already (a pre-commit check takes them from the git index rather than
/// walking the tree).
pub fn manifest_secrets_among<'a>(
    root: &Path,
    paths: impl IntoIterator<Item = &'a str>,
) -> Vec<ManifestSecret> {
    let mut out: Vec<ManifestSecret> = paths
        .into_iter()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
        .flat_map(|p| secrets_in_file(root, p))
        .collect();
    out.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out
}

fn secrets_in_file(root: &Path, rel: &str) -> Vec<ManifestSecret> {
    let path = root.join(rel);
    if std::fs::metadata(&path).map_or(true, |m| !m.is_file() || m.len() > MAX_MANIFEST) {
        return Vec::new();
    }
    match std::fs::read_to_string(&path) {
        Ok(text) if text.contains("Secret") => secrets_in(rel, &text),
        _ => Vec::new(),
    }
}

/// The Secret values of one YAML text.
pub fn secrets_in(path: &str, text: &str) -> Vec<ManifestSecret> {
    let Ok(docs) = MarkedYaml::load_from_str(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for doc in &docs {
        // A `kind: List` of Secrets is as common as a bare Secret (kubectl get -o yaml).
        match doc
            .data
            .as_mapping_get("items")
            .and_then(|i| i.data.as_sequence())
        {
            Some(items) if is_kind(doc, "List") => {
                for item in items {
                    secret_values(path, item, &mut out);
                }
            }
            _ => secret_values(path, doc, &mut out),
        }
    }
    out
}

fn is_kind(node: &MarkedYaml<'_>, kind: &str) -> bool {
    node.data
        .as_mapping_get("kind")
        .and_then(|k| k.data.as_str())
        .is_some_and(|k| k == kind)
}

fn secret_values(path: &str, node: &MarkedYaml<'_>, out: &mut Vec<ManifestSecret>) {
    if !is_kind(node, "Secret") {
        return;
    }
    let secret = node
        .data
        .as_mapping_get("metadata")
        .and_then(|m| m.data.as_mapping_get("name"))
        .and_then(|n| n.data.as_str())
        .unwrap_or("(unnamed)")
        .to_string();
    for (field, encoded) in [("stringData", false), ("data", true)] {
        let Some(map) = node
            .data
            .as_mapping_get(field)
            .and_then(|m| m.data.as_mapping())
        else {
            continue;
        };
        for (key, value) in map {
            let (Some(key_text), Some(raw)) = (key.data.as_str(), value.data.as_str()) else {
                continue;
            };
            let value = if encoded {
                // Kubernetes accepts the standard alphabet only; whitespace inside is not valid
                // there either, but folded YAML scalars put it in, so it is taken out.
                let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                {
                    Some(decoded) => decoded,
                    None => continue,
                }
            } else {
                raw.to_string()
            };
            out.push(ManifestSecret {
                key: key_text.to_string(),
                secret: secret.clone(),
                path: path.to_string(),
                line: key.span.start.line() as u32,
                value,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_data_and_decoded_data_of_every_secret_document() {
        let text = "\
# comment
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  NOT_SECRET: visible
---
apiVersion: v1
kind: Secret
metadata:
  name: api
stringData:
  JWT_SECRET: \"plain-value\"
data:
  TOKEN: dG9rZW4tdmFsdWU= # mosbot-secrets:allow (a test fixture)
  BROKEN: '%%%'
---
kind: List
items:
  - kind: Secret
    metadata: {name: listed}
    data: {K: bGlzdGVk}
";
        let found = secrets_in("k8s/all.yaml", text);
        let got: Vec<(&str, &str, u32, &str)> = found
            .iter()
            .map(|s| (s.key.as_str(), s.secret.as_str(), s.line, s.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("JWT_SECRET", "api", 13, "plain-value"),
                ("TOKEN", "api", 15, "token-value"),
                ("K", "listed", 22, "listed"),
            ]
        );
        assert!(!format!("{found:?}").contains("plain-value"));
    }

    #[test]
    fn broken_yaml_gives_nothing() {
        assert!(secrets_in("x.yaml", "kind: Secret\n  bad: [\n").is_empty());
    }
}
