//! `check`: audits a MosBot OS deployment directory against every rule of the secrets spec and
//! says how to fix each finding ([`run`], which reads and never writes); and `init`, which
//! bootstraps a deployment's env files safely ([`init::run`]).
#![forbid(unsafe_code)]

mod config_lint;
pub mod cors;
pub mod deployment;
pub(crate) mod git;
pub mod gitignore;
pub mod init;
pub mod manifests;
mod perms;
pub mod rules;
mod secrets;
mod vite;

use mosbot_core::finding::sort_findings;
use mosbot_core::Finding;
use std::path::Path;

pub use deployment::{is_env_file_name, Deployment};

/// A problem that stops the audit (bad input, unreadable file): exit code 2 territory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct CheckError {
    /// The file, relative to the root where it is under it.
    pub path: String,
    /// The 1-based line, where there is one.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl CheckError {
    /// An error about `path`.
    pub fn new(path: impl Into<String>, line: Option<u32>, message: String) -> CheckError {
        CheckError {
            path: path.into(),
            line,
            message,
        }
    }

    /// An I/O error about `path`.
    pub fn io(path: &Path, e: &std::io::Error) -> CheckError {
        CheckError::new(path.display().to_string(), None, e.to_string())
    }

    /// The same error, naming the file by its path relative to the root.
    pub fn with_rel(mut self, rel: &str) -> CheckError {
        self.path = rel.to_string();
        self
    }
}

/// How to run the audit.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The root as the user typed it, for fix commands (`mosbot-secrets init examples/x`).
    pub root_arg: String,
    /// Look at the git repository (tracked files, history).
    pub git: bool,
}

/// What the audit found and what it read.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every finding, sorted by file, line, severity.
    pub findings: Vec<Finding>,
    /// The files read, relative to the root.
    pub inputs: Vec<String>,
}

/// What every rule can see.
pub(crate) struct Context {
    pub root_arg: String,
}

/// Audits the deployment at `root`.
pub fn run(root: &Path, options: &CheckOptions) -> Result<Outcome, CheckError> {
    let deployment = Deployment::load(root)?;
    let ctx = Context {
        root_arg: options.root_arg.clone(),
    };
    let mut findings = Vec::new();
    secrets::check(&ctx, &deployment, &mut findings);
    cors::check(&deployment, &mut findings);
    vite::check(&deployment, &mut findings);
    perms::check(&deployment, &mut findings);
    config_lint::check(&deployment, &mut findings)?;
    git::check(&ctx, &deployment, options.git, &mut findings)?;
    sort_findings(&mut findings);
    let mut inputs: Vec<String> = deployment.env_files.iter().map(|f| f.rel.clone()).collect();
    inputs.extend(deployment.config_files.iter().map(|(rel, _)| rel.clone()));
    Ok(Outcome { findings, inputs })
}

/// A secret value of the deployment, for leak scans: the variable, the file and line it was
/// read from, and the value (never printed).
pub struct DeploymentSecret {
    /// The variable.
    pub name: String,
    /// The env file, relative to the root.
    pub path: String,
    /// 1-based line of the entry.
    pub line: u32,
    /// The value.
    pub value: String,
}

/// Every secret the deployment holds: in its env files (catalog secrets, secret-named variables
/// and credential-shaped values; not `VITE_*`, which are public by design, nor placeholders),
/// then in its Kubernetes Secret manifests (the same judgement on key and value; a value an
/// env file already gave is not repeated).
pub fn deployment_secrets(d: &Deployment) -> Vec<DeploymentSecret> {
    deployment_secrets_with(d, manifests::manifest_secrets(&d.root))
}

/// [`deployment_secrets`] with the manifests' values given (found by the caller).
pub fn deployment_secrets_with(
    d: &Deployment,
    manifests: Vec<manifests::ManifestSecret>,
) -> Vec<DeploymentSecret> {
    let is_secret = |key: &str, value: &str| {
        !key.starts_with("VITE_")
            && (d.catalog.class_of(key) == mosbot_core::catalog::Class::Secret
                || mosbot_core::classify::token_shape(value).is_some())
            && mosbot_core::classify::placeholder(value).is_none()
    };
    let mut out: Vec<DeploymentSecret> = d
        .env_files
        .iter()
        .flat_map(|f| {
            f.file
                .effective()
                .into_iter()
                .filter(|e| is_secret(e.key(), e.value()))
                .map(|e| DeploymentSecret {
                    name: e.key().to_string(),
                    path: f.rel.clone(),
                    line: e.line,
                    value: e.value().to_string(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for m in manifests {
        if is_secret(&m.key, &m.value) && !out.iter().any(|s| s.value == m.value) {
            out.push(DeploymentSecret {
                name: m.key,
                path: m.path,
                line: m.line,
                value: m.value,
            });
        }
    }
    out
}
