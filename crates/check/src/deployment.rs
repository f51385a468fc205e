//! Finding a deployment's files: which components it has, their env files, its openclaw.json.

use mosbot_core::atomic::file_mode;
use mosbot_core::Catalog;
use mosbot_envfile::EnvFile;
use std::fs;
use std::path::{Path, PathBuf};

use crate::CheckError;

/// Largest env file we read; anything bigger is not a hand-written `.env`.
pub const MAX_ENV_FILE_BYTES: u64 = 1 << 20;

/// Files named like env files that are templates meant to be committed.
const TEMPLATE_SUFFIXES: &[&str] = &["example", "sample", "template", "dist", "defaults", "tpl"];

/// Whether a file name is an env file that holds real values (`.env`, `.env.production`, ...),
/// as opposed to a template (`.env.example`).
pub fn is_env_file_name(name: &str) -> bool {
    if name == ".env" {
        return true;
    }
    let Some(rest) = name.strip_prefix(".env.") else {
        return false;
    };
    !rest.is_empty()
        && !rest
            .split('.')
            .any(|part| TEMPLATE_SUFFIXES.contains(&part))
}

/// The environment an env file belongs to: `""` for `.env` and `.env.local`, `production` for
/// `.env.production` and `.env.production.local`. Values are compared only within one.
fn environment_of(name: &str) -> String {
    let rest = name
        .strip_prefix(".env")
        .unwrap_or("")
        .trim_start_matches('.');
    rest.strip_suffix(".local")
        .or_else(|| (rest == "local").then_some(""))
        .unwrap_or(rest)
        .to_string()
}

/// One env file of the deployment, parsed.
#[derive(Debug)]
pub struct EnvFileInfo {
    /// Path relative to the deployment root, `/` separators.
    pub rel: String,
    /// Path on disk.
    pub abs: PathBuf,
    /// The catalog component it belongs to.
    pub component: String,
    /// `""`, `production`, ... (see `environment_of`).
    pub environment: String,
    /// Whether it belongs to a Vite app (every `VITE_*` value is public).
    pub vite: bool,
    /// The parsed file.
    pub file: EnvFile,
    /// Unix mode bits.
    pub mode: Option<u32>,
}

/// A deployment directory and what it holds.
#[derive(Debug)]
pub struct Deployment {
    /// The root as given.
    pub root: PathBuf,
    /// The catalog with the deployment's overrides.
    pub catalog: Catalog,
    /// Every env file found.
    pub env_files: Vec<EnvFileInfo>,
    /// openclaw.json files found (relative path, absolute path).
    pub config_files: Vec<(String, PathBuf)>,
}

/// Where a component's files were found: (component, directory relative to root, is Vite).
pub fn component_dirs(root: &Path, catalog: &Catalog) -> Vec<(String, String, bool)> {
    let mut found = Vec::new();
    for component in catalog.components() {
        for dir in &component.dirs {
            let path = root.join(dir);
            if path.is_dir() {
                found.push((
                    component.name.clone(),
                    dir.clone(),
                    component.vite || has_vite_config(&path),
                ));
            }
        }
    }
    found
}

fn has_vite_config(dir: &Path) -> bool {
    ["js", "ts", "mjs", "mts", "cjs", "cts"]
        .iter()
        .any(|ext| dir.join(format!("vite.config.{ext}")).is_file())
}

/// The component a flat deployment's root `.env` belongs to: the API when there are no component
/// directories (the spec's layout), else the Docker Compose environment.
pub fn root_component(dirs: &[(String, String, bool)]) -> &'static str {
    if dirs.is_empty() {
        "api"
    } else {
        "docker"
    }
}

fn env_file_names(dir: &Path) -> Result<Vec<String>, CheckError> {
    let entries = fs::read_dir(dir).map_err(|e| CheckError::io(dir, &e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| CheckError::io(dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_env_file_name(&name) {
            continue;
        }
        match fs::metadata(entry.path()) {
            Ok(meta) if meta.is_file() => names.push(name),
            Ok(_) => {} // a directory named .env
            // A link to nowhere, a file we may not stat: an env file we cannot audit.
            Err(e) => return Err(CheckError::new(name, None, format!("cannot read: {e}"))),
        }
    }
    // `.env` first, then the rest by name: the first file is where a missing variable belongs.
    names.sort_by_key(|n| (n != ".env", n.clone()));
    Ok(names)
}

fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Reads one env file, refusing binary and oversized files.
pub fn read_env_file(abs: &Path, rel: &str) -> Result<EnvFile, CheckError> {
    let meta = fs::metadata(abs).map_err(|e| CheckError::io(abs, &e).with_rel(rel))?;
    if meta.len() > MAX_ENV_FILE_BYTES {
        return Err(CheckError::new(
            rel,
            None,
            format!(
                "{} bytes is too large for an env file (limit {MAX_ENV_FILE_BYTES})",
                meta.len()
            ),
        ));
    }
    let bytes = fs::read(abs).map_err(|e| CheckError::io(abs, &e).with_rel(rel))?;
    mosbot_envfile::parse_bytes(&bytes)
        .map_err(|e| CheckError::new(rel, Some(e.line()), e.what().to_string()))
}

impl Deployment {
    /// Finds and reads everything `check` audits under `root`.
    pub fn load(root: &Path) -> Result<Deployment, CheckError> {
        let meta = fs::metadata(root).map_err(|e| CheckError::io(root, &e))?;
        if !meta.is_dir() {
            return Err(CheckError::new(
                root.display().to_string(),
                None,
                "not a directory".to_string(),
            ));
        }
        let catalog = Catalog::for_deployment(root)
            .map_err(|e| CheckError::new(e.path.clone(), Some(e.line as u32), e.message.clone()))?;
        let dirs = component_dirs(root, &catalog);
        let mut places: Vec<(String, String, bool)> =
            vec![(root_component(&dirs).to_string(), String::new(), false)];
        places.extend(dirs);
        let mut env_files = Vec::new();
        for (component, dir, vite) in places {
            let abs_dir = if dir.is_empty() {
                root.to_path_buf()
            } else {
                root.join(&dir)
            };
            for name in env_file_names(&abs_dir)? {
                let rel = join_rel(&dir, &name);
                let abs = abs_dir.join(&name);
                let file = read_env_file(&abs, &rel)?;
                let mode = file_mode(&abs).ok().flatten();
                env_files.push(EnvFileInfo {
                    environment: environment_of(&name),
                    rel,
                    abs,
                    component: component.clone(),
                    vite,
                    file,
                    mode,
                });
            }
        }
        let config_files = [
            "openclaw.json",
            "openclaw/openclaw.json",
            ".openclaw/openclaw.json",
        ]
        .iter()
        .filter(|rel| root.join(rel).is_file())
        .map(|rel| (rel.to_string(), root.join(rel)))
        .collect();
        Ok(Deployment {
            root: root.to_path_buf(),
            catalog,
            env_files,
            config_files,
        })
    }

    /// The env files of `component`.
    pub fn files_of<'a>(
        &'a self,
        component: &'a str,
    ) -> impl Iterator<Item = &'a EnvFileInfo> + 'a {
        self.env_files
            .iter()
            .filter(move |f| f.component == component)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_names() {
        for n in [
            ".env",
            ".env.local",
            ".env.production",
            ".env.production.local",
            ".env.bak",
        ] {
            assert!(is_env_file_name(n), "{n}");
        }
        for n in [
            ".env.example",
            ".env.sample",
            ".env.production.example",
            "env",
            ".envrc",
            "x.env",
            ".env.",
        ] {
            assert!(!is_env_file_name(n), "{n}");
        }
    }

    #[test]
    fn environments() {
        assert_eq!(environment_of(".env"), "");
        assert_eq!(environment_of(".env.local"), "");
        assert_eq!(environment_of(".env.production"), "production");
        assert_eq!(environment_of(".env.production.local"), "production");
    }
}
