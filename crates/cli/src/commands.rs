//! The subcommands: each returns its exit code, or an error message for exit code 2.

use mosbot_check::init::{Action, ActionKind, InitOptions};
use mosbot_check::{CheckError, CheckOptions};
use mosbot_core::report::{json, sarif, text, Report};
use mosbot_core::{generate as gen, Catalog, Recipe, Severity};
use std::io::Write;
use std::path::Path;

use crate::{FailOn, Format};

/// `generate`: the value and a newline, nothing else.
pub fn generate(what: &str, length: Option<usize>) -> Result<u8, String> {
    let catalog = Catalog::builtin();
    let recipe = match what {
        "jwt-secret" => Recipe::JwtSecret,
        "token" => Recipe::Token,
        "password" => Recipe::Password,
        name => match catalog.variable(name) {
            Some(var) => var.recipe.ok_or_else(|| {
                format!("{name} cannot be generated: it is issued by its provider or is not a secret")
            })?,
            None => {
                return Err(format!(
                    "unknown recipe or variable {what:?}: use jwt-secret, token, password, or one of {}",
                    catalog
                        .variables()
                        .iter()
                        .filter(|v| v.recipe.is_some())
                        .map(|v| v.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        },
    };
    let value = match (recipe, length) {
        (Recipe::Password, Some(n)) if n < 20 => {
            return Err(format!(
                "--length {n} is too short: a password needs 20 or more"
            ))
        }
        (Recipe::Password, Some(n)) if n > 1024 => {
            return Err(format!("--length {n} is too long (1024 at most)"))
        }
        (Recipe::Password, Some(n)) => gen::password(n),
        (_, Some(_)) => return Err("--length applies to passwords only".to_string()),
        (recipe, None) => gen::generate(recipe),
    }
    .map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", &*value)
        .and_then(|_| out.flush())
        .or_else(ignore_closed_pipe)
        .map_err(|e| e.to_string())?;
    Ok(0)
}

/// The severity `--fail-on` names.
pub fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Low => Some(Severity::Low),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::High => Some(Severity::High),
        FailOn::Critical => Some(Severity::Critical),
        FailOn::Never => None,
    }
}

/// `mosbot-secrets check | head` closes the pipe early: that is the reader's choice, not an error.
pub fn ignore_closed_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// The error's message with its file named as the user can find it: paths relative to the
/// deployment root get the root in front.
fn located(e: CheckError, root_arg: &str) -> String {
    if Path::new(&e.path).is_absolute() || e.path.starts_with(root_arg) || root_arg == "." {
        e.to_string()
    } else {
        format!("{}/{e}", root_arg.trim_end_matches('/'))
    }
}

fn describe(action: &Action) -> String {
    let var = action.variable.as_deref().unwrap_or("");
    match &action.kind {
        ActionKind::CreatedFile => "created (mode 0600)".to_string(),
        ActionKind::Generated { recipe } => format!("{var}: generated ({recipe})"),
        ActionKind::CopiedFrom { variable, path } => {
            format!("{var}: set to the value of {variable} in {path} (they must match)")
        }
        ActionKind::Default => format!("{var}: added with its default; adjust it if needed"),
        ActionKind::ReplacedPlaceholder => {
            format!("{var}: placeholder replaced with a generated value")
        }
        ActionKind::KeptPlaceholder { can_generate: true } => {
            format!(
                "{var}: still a placeholder; kept (run with --replace-placeholders to replace it)"
            )
        }
        ActionKind::KeptPlaceholder {
            can_generate: false,
        } => {
            format!("{var}: still a placeholder; set a real value issued by its provider")
        }
        ActionKind::Conflict { other, other_path } => {
            format!("{var}: differs from {other} in {other_path}, which it must equal; left as it is (choose one value)")
        }
        ActionKind::TrackedByGit => {
            "tracked by git: run `git rm --cached` on it, then rotate every secret it holds (see `mosbot-secrets check`)".to_string()
        }
        ActionKind::TightenedMode { from } => format!("mode tightened from {from:04o} to 0600"),
        ActionKind::IgnoredInGit { lines } => format!(
            "added {} so that env files are never committed",
            lines.join(", ")
        ),
    }
}

/// `init`: creates or completes env files, then reports what it did by variable name only.
pub fn init(dir: &Path, replace_placeholders: bool, dry_run: bool) -> Result<u8, String> {
    let options = InitOptions {
        replace_placeholders,
        dry_run,
    };
    let actions = mosbot_check::init::run(dir, &options)
        .map_err(|e| located(e, &dir.display().to_string()))?;
    let mut out = anstream::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    if dry_run {
        writeln!(out, "Dry run: nothing was written.").map_err(io)?;
    }
    if actions.iter().all(|a| a.kind.is_warning()) && !dry_run {
        writeln!(
            out,
            "Nothing to change in {}: every secret is set and every env file is excluded from git.",
            dir.display()
        )
        .map_err(io)?;
    }
    for action in &actions {
        let marker = if action.kind.is_warning() {
            "warning: "
        } else {
            ""
        };
        writeln!(out, "{}: {marker}{}", action.path, describe(action)).map_err(io)?;
    }
    Ok(0)
}

/// `check`: audits and reports; exit 1 when a finding reaches `--fail-on`.
pub fn check(dir: &Path, format: Format, fail_on: FailOn, git: bool) -> Result<u8, String> {
    let root_arg = dir.display().to_string();
    let options = CheckOptions {
        root_arg: root_arg.clone(),
        git,
    };
    let outcome = mosbot_check::run(dir, &options).map_err(|e| located(e, &root_arg))?;
    let threshold = threshold(fail_on);
    let report = Report {
        tool_version: env!("CARGO_PKG_VERSION"),
        root: &root_arg,
        files_read: outcome.inputs.len(),
        inputs: outcome.inputs,
        findings: outcome.findings,
        rules: mosbot_check::rules::ALL,
        fail_on: threshold,
        grouping: Default::default(),
        skipped: Vec::new(),
    };
    let mut out = anstream::stdout().lock();
    match format {
        Format::Text => text::write(&report, &mut out),
        Format::Json => json::write(&report, &mut out),
        Format::Sarif => sarif::write(&report, &mut out),
    }
    .and_then(|_| out.flush())
    .or_else(ignore_closed_pipe)
    .map_err(|e| e.to_string())?;
    Ok(if report.fails() { 1 } else { 0 })
}
