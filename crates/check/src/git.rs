//! Git: env files not excluded by `.gitignore`, tracked by git, or anywhere in history.

use mosbot_core::{Finding, Severity};

use crate::deployment::Deployment;
use crate::gitignore::{IgnoreStack, Verdict};
use crate::rules::*;
use crate::{CheckError, Context};

/// Runs the git rules; `use_repo` false skips the repository (tracked files, history) but still
/// judges `.gitignore`.
pub(crate) fn check(
    _ctx: &Context,
    d: &Deployment,
    _use_repo: bool,
    out: &mut Vec<Finding>,
) -> Result<(), CheckError> {
    let root = d
        .root
        .canonicalize()
        .map_err(|e| CheckError::io(&d.root, &e))?;
    let top = root.clone();
    let mut stack = IgnoreStack::new(&top);
    stack.validate(&root)?;
    for f in &d.env_files {
        let abs = root.join(&f.rel);
        match stack.verdict(&abs)? {
            Verdict::Ignored { .. } => {}
            Verdict::NotIgnored { reincluded_by } => {
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
                            _ctx.root_arg, _ctx.root_arg
                        ),
                    )
                    .at(f.rel.clone(), None, None),
                );
            }
        }
    }
    Ok(())
}
