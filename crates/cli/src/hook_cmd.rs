//! `hook install`: the pre-commit hook.

use std::path::Path;

/// Marks a hook as ours, so that a re-install may replace it.
const MARKER: &str = "# installed by mosbot-secrets hook install";

fn script(chained: bool) -> String {
    let chain = if chained {
        "# The hook that was here before runs first.\n\"$(dirname \"$0\")/pre-commit.local\" \"$@\" || exit $?\n"
    } else {
        ""
    };
    format!(
        "#!/bin/sh\n{MARKER}\n# Blocks a commit that adds a secret of this deployment or an env file.\n{chain}if ! command -v mosbot-secrets >/dev/null 2>&1; then\n  echo 'mosbot-secrets is not installed; the secrets check did not run' >&2\n  exit 1\nfi\nmosbot-secrets scan --staged \"$(git rev-parse --show-toplevel)\" || {{\n  echo 'mosbot-secrets: commit blocked. Remove the secrets above from the staged files (or unstage the env file), then commit again.' >&2\n  exit 1\n}}\n"
    )
}

/// Writes `.git/hooks/pre-commit` of the repository around `dir`.
pub fn install(dir: &Path, force: bool, chain: bool) -> Result<u8, String> {
    let canonical = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let Some((repo, _)) =
        mosbot_git::open(&canonical).map_err(|e| format!("{}: {e}", dir.display()))?
    else {
        return Err(format!("{}: not inside a git repository", dir.display()));
    };
    let hooks = repo.git_dir().join("hooks");
    std::fs::create_dir_all(&hooks).map_err(|e| format!("{}: {e}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    let existing = std::fs::read_to_string(&hook).ok();
    let ours = existing.as_deref().is_some_and(|t| t.contains(MARKER));
    let mut chained = false;
    if let Some(text) = existing.as_deref().filter(|_| !ours) {
        if chain {
            let local = hooks.join("pre-commit.local");
            if local.exists() {
                return Err(format!(
                    "{} exists already; move it away first",
                    local.display()
                ));
            }
            std::fs::rename(&hook, &local).map_err(|e| format!("{}: {e}", hook.display()))?;
            chained = true;
        } else if !force {
            let _ = text;
            return Err(format!(
                "{} exists and is not ours: rerun with --chain to keep it (it runs first) or --force to replace it",
                hook.display()
            ));
        }
    }
    if ours
        && existing
            .as_deref()
            .is_some_and(|t| t.contains("pre-commit.local"))
    {
        chained = true;
    }
    mosbot_core::atomic::write_atomic(
        &hook,
        script(chained).as_bytes(),
        mosbot_core::atomic::ModePolicy::Keep,
    )
    .map_err(|e| format!("{}: {e}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", hook.display()))?;
    }
    let how = if chained {
        " (the previous hook runs first, as pre-commit.local)"
    } else {
        ""
    };
    println!("{}: installed{how}", hook.display());
    Ok(0)
}
