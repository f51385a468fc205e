//! Git: env files not excluded by `.gitignore`, tracked by git, or anywhere in history.

use mosbot_core::{Finding, Severity};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::deployment::{is_env_file_name, Deployment};
use crate::gitignore::{IgnoreStack, Verdict};
use crate::rules::*;
use crate::{CheckError, Context};

/// The repository around a deployment, if there is one.
pub(crate) struct RepoAround {
    repo: mosbot_git::Repository,
    /// The work tree's root, canonical.
    workdir: PathBuf,
    /// The deployment root relative to the work tree, `/`-separated, `""` when they are one.
    prefix: String,
}

pub(crate) fn git_error(root: &Path, e: &mosbot_git::Error) -> CheckError {
    CheckError::new(
        root.display().to_string(),
        None,
        format!("cannot read the git repository: {e}"),
    )
}

/// Opens the repository that contains `root` (canonical), if any.
pub(crate) fn repo_around(root: &Path) -> Result<Option<RepoAround>, CheckError> {
    let Some((repo, workdir)) = mosbot_git::open(root).map_err(|e| git_error(root, &e))? else {
        return Ok(None);
    };
    let workdir = workdir
        .canonicalize()
        .map_err(|e| CheckError::io(&workdir, &e))?;
    let Ok(rel) = root.strip_prefix(&workdir) else {
        return Ok(None); // a bare repository or a root outside the work tree
    };
    let prefix = rel.to_string_lossy().replace('\\', "/");
    Ok(Some(RepoAround {
        repo,
        workdir,
        prefix,
    }))
}

/// The top of the `.gitignore` stack for `root` (canonical): the work tree when `root` is inside
/// one, so that the repository's own `.gitignore` files above `root` count; else `root`.
pub(crate) fn ignore_top(root: &Path, repo: Option<&RepoAround>) -> PathBuf {
    repo.map_or_else(|| root.to_path_buf(), |r| r.workdir.clone())
}

impl RepoAround {
    /// `rel` (relative to the deployment root) relative to the work tree.
    fn in_repo(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// A work-tree path relative to the deployment root, if it is under it.
    fn in_deployment<'a>(&self, repo_path: &'a str) -> Option<&'a str> {
        if self.prefix.is_empty() {
            Some(repo_path)
        } else {
            repo_path.strip_prefix(&self.prefix)?.strip_prefix('/')
        }
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// The env files under the deployment that git tracks, relative to the deployment root.
pub(crate) fn tracked_env_files(repo: &RepoAround) -> Result<Vec<String>, mosbot_git::Error> {
    let mut tracked: Vec<String> = mosbot_git::tracked_paths(&repo.repo)?
        .iter()
        .filter_map(|p| repo.in_deployment(p))
        .filter(|p| p.rsplit('/').next().is_some_and(is_env_file_name))
        .map(str::to_string)
        .collect();
    tracked.sort_unstable();
    Ok(tracked)
}

/// Runs the git rules; `use_repo` false skips the repository (tracked files, history) but still
/// judges `.gitignore`.
pub(crate) fn check(
    ctx: &Context,
    d: &Deployment,
    use_repo: bool,
    out: &mut Vec<Finding>,
) -> Result<(), CheckError> {
    let root = d
        .root
        .canonicalize()
        .map_err(|e| CheckError::io(&d.root, &e))?;
    let repo = if use_repo { repo_around(&root)? } else { None };
    let mut stack = IgnoreStack::new(&ignore_top(&root, repo.as_ref()));
    stack.validate(&root)?;
    for f in &d.env_files {
        if let Verdict::NotIgnored { reincluded_by } = stack.verdict(&root.join(&f.rel))? {
            let message = match &reincluded_by {
                Some((file, pattern)) => format!(
                    "{} is not excluded from git: `{pattern}` in {file} re-includes it",
                    f.rel
                ),
                None => format!("{} is not excluded from git by any .gitignore", f.rel),
            };
            out.push(
                Finding::new(
                    GIT_ENV_NOT_IGNORED,
                    Severity::High,
                    message,
                    format!(
                        "add `.env` and `.env.*` to {}/.gitignore (`mosbot-secrets init {}` does it)",
                        ctx.root_arg, ctx.root_arg
                    ),
                )
                .at(f.rel.clone(), None, None),
            );
        }
    }
    let Some(repo) = repo else { return Ok(()) };
    check_repository(ctx, d, &root, &repo, out)
}

/// The deployment's secret values anywhere in the history under it (env files themselves are
/// reported by the env-file rules).
fn secrets_in_history(
    d: &Deployment,
    root: &Path,
    repo: &RepoAround,
    out: &mut Vec<Finding>,
) -> Result<(), CheckError> {
    use mosbot_scan::known::{KnownSet, KnownValue};
    let values = crate::deployment_secrets(d)
        .into_iter()
        .map(|s| KnownValue {
            name: s.name,
            source: format!("{}:{}", s.path, s.line),
            value: s.value,
        })
        .collect();
    let set = KnownSet::new(values);
    if set.values().is_empty() {
        return Ok(());
    }
    let (found, _) = mosbot_scan::history::scan_history(
        &repo.repo,
        &set,
        None,
        &repo.prefix,
        mosbot_scan::files::ReadLimits::default(),
        &|p: &str| !p.rsplit('/').next().is_some_and(is_env_file_name),
        &mosbot_scan::history::Silent,
    )
    .map_err(|e| git_error(root, &e))?;
    for o in found.known {
        let Some(rel) = repo.in_deployment(&o.path) else {
            continue;
        };
        let v = &set.values()[o.value];
        let p = &o.provenance;
        let state = if p.in_head {
            "still in HEAD"
        } else {
            "no longer in HEAD"
        };
        // A Kubernetes Secret manifest is its values' source: committed, it is the leak itself.
        let own_source = v
            .source
            .rsplit_once(':')
            .is_some_and(|(path, _)| path == rel);
        let message = if own_source {
            format!(
                "this Secret manifest holds the real value of {} and was committed in {} ({state}); keep real values out of git (a sealed or external secret, or kubectl create secret)",
                v.name,
                short(&p.introduced_in)
            )
        } else {
            format!(
                "the value of {} (from {}) was committed here in {} ({state})",
                v.name,
                v.source,
                short(&p.introduced_in)
            )
        };
        out.push(
            Finding::new(
                GIT_SECRET_IN_HISTORY,
                Severity::Critical,
                message,
                format!(
                    "rotate {} now, then purge it from history: git filter-repo --replace-text",
                    v.name
                ),
            )
            .at(rel.to_string(), Some(o.line), Some(o.column))
            .variable(v.name.clone())
            .with_history(mosbot_scan::history::history_of(p)),
        );
    }
    Ok(())
}

fn check_repository(
    ctx: &Context,
    d: &Deployment,
    root: &Path,
    repo: &RepoAround,
    out: &mut Vec<Finding>,
) -> Result<(), CheckError> {
    secrets_in_history(d, root, repo, out)?;
    let tracked: HashSet<String> = mosbot_git::tracked_paths(&repo.repo)
        .map_err(|e| git_error(root, &e))?
        .into_iter()
        .collect();
    let history = mosbot_git::paths_in_history(&repo.repo, |name| {
        std::str::from_utf8(name).is_ok_and(is_env_file_name)
    })
    .map_err(|e| git_error(root, &e))?;
    // Tracked env files under the deployment, whether committed yet or only staged.
    for rel in tracked_env_files(repo).map_err(|e| git_error(root, &e))? {
        let rel = rel.as_str();
        let in_history = history.iter().find(|h| h.path == repo.in_repo(rel));
        let since = match in_history {
            Some(h) => format!(
                "; committed first in {} and present in {} commit(s)",
                short(&h.first_commit),
                h.commit_count
            ),
            None => " (staged, not committed yet)".to_string(),
        };
        out.push(
            Finding::new(
                GIT_ENV_TRACKED,
                Severity::Critical,
                format!("{rel} is tracked by git{since}"),
                format!(
                    "git rm --cached {}/{rel}; exclude it in .gitignore; rotate every secret it holds{}",
                    ctx.root_arg.trim_end_matches('/'),
                    if in_history.is_some() {
                        format!(", then purge it from history: git filter-repo --invert-paths --path {}", repo.in_repo(rel))
                    } else {
                        String::new()
                    }
                ),
            )
            .at(rel.to_string(), None, None),
        );
    }
    for hit in &history {
        let Some(rel) = repo.in_deployment(&hit.path) else {
            continue;
        };
        if tracked.contains(&hit.path) {
            continue; // reported as tracked, with its history
        }
        out.push(
            Finding::new(
                GIT_ENV_IN_HISTORY,
                Severity::Critical,
                format!(
                    "{rel} is no longer tracked but stays in history: committed first in {}, present in {} commit(s); every clone has its secrets",
                    short(&hit.first_commit),
                    hit.commit_count
                ),
                format!(
                    "rotate every secret it held and revoke provider keys, then purge it: git filter-repo --invert-paths --path {} (and force-push every branch and tag)",
                    hit.path
                ),
            )
            .at(rel.to_string(), None, None),
        );
    }
    Ok(())
}
