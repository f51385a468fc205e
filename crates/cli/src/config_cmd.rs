//! `config`: openclaw.json resolution and redaction.

use mosbot_openclaw::apply::{apply, text_hash, ApplyOptions};
use mosbot_openclaw::file::{load, redacted_text, resolved_text};
use mosbot_openclaw::redact::redact;
use mosbot_openclaw::resolve::{resolve, OnMissing};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ConfigFormat;

/// The variables `${VAR}` reads: the env files in order (a later file wins), then the process
/// environment, which wins over every file (as OpenClaw sees it at run time).
fn environment(env_files: &[PathBuf]) -> Result<impl Fn(&str) -> Option<String>, String> {
    let mut vars: HashMap<String, String> = HashMap::new();
    for path in env_files {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = mosbot_envfile::parse_bytes(&bytes)
            .map_err(|e| format!("{}:{}: {}", path.display(), e.line(), e.what()))?;
        for e in file.effective() {
            vars.insert(e.key().to_string(), e.value().to_string());
        }
    }
    Ok(move |name: &str| std::env::var(name).ok().or_else(|| vars.get(name).cloned()))
}

/// The config's value with every `$include` resolved.
fn with_includes(
    doc: &mosbot_openclaw::json5::Document,
    file: &Path,
) -> Result<serde_json::Value, String> {
    mosbot_openclaw::include::resolve_includes(doc, file).map_err(|e| e.to_string())
}

fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("a JSON value serialises");
    s.push('\n');
    s
}

/// `config resolve`: the config with `${VAR}` substituted. Secrets stay hidden unless `--reveal`.
pub fn resolve_cmd(
    file: &Path,
    env_files: &[PathBuf],
    allow_missing: bool,
    format: ConfigFormat,
    reveal: bool,
) -> Result<u8, String> {
    let doc = load(file).map_err(|e| e.to_string())?;
    let env = environment(env_files)?;
    let on_missing = if allow_missing {
        OnMissing::Keep
    } else {
        OnMissing::Fail
    };
    let outcome = match format {
        ConfigFormat::Json => {
            resolve(&with_includes(&doc, file)?, &env, on_missing).map(|(value, missing)| {
                let value = if reveal { value } else { redact(&value) };
                (pretty(&value), missing)
            })
        }
        ConfigFormat::Json5 => resolved_text(&doc, &env, on_missing).map(|(text, missing)| {
            if reveal {
                return (text, missing);
            }
            let resolved = mosbot_openclaw::json5::parse(&text)
                .expect("substituted literals keep the text valid JSON5");
            (redacted_text(&resolved), missing)
        }),
    };
    match outcome {
        Ok((text, missing)) => {
            for m in &missing {
                eprintln!("mosbot-secrets: warning: {m} (kept as written)");
            }
            print(&text)?;
            Ok(0)
        }
        Err(missing) => {
            eprintln!("mosbot-secrets: {}: {missing}", file.display());
            Ok(1)
        }
    }
}

/// `config show`: the config as an API may return it, secrets replaced by the sentinel.
pub fn show_cmd(file: &Path, format: ConfigFormat) -> Result<u8, String> {
    let doc = load(file).map_err(|e| e.to_string())?;
    match format {
        ConfigFormat::Json => print(&pretty(&redact(&with_includes(&doc, file)?)))?,
        ConfigFormat::Json5 => print(&redacted_text(&doc))?,
    }
    Ok(0)
}

/// `config apply`: restore, keep templates, write only what changed; report by path only.
pub fn apply_cmd(
    file: &Path,
    edited: &Path,
    base_hash: Option<String>,
    env_files: &[PathBuf],
    dry_run: bool,
) -> Result<u8, String> {
    let env = environment(env_files)?;
    let options = ApplyOptions { base_hash, dry_run };
    let name = file.display();
    match apply(file, edited, &env, &options) {
        Ok(outcome) => {
            let mut lines = Vec::new();
            if !outcome.rewritten {
                lines.push(format!("{name}: nothing to change"));
            } else {
                let verb = if dry_run { "would change" } else { "changed" };
                lines.push(format!(
                    "{name}: {verb} {} value(s): {}",
                    outcome.changed.len(),
                    outcome.changed.join(", ")
                ));
            }
            if !outcome.kept_templates.is_empty() {
                lines.push(format!(
                    "{name}: kept the ${{VAR}} template of {} (the resolved value came back; it is never written)",
                    outcome.kept_templates.join(", ")
                ));
            }
            print_summary(lines, &name, outcome.backup.as_deref(), dry_run)?;
            Ok(0)
        }
        Err(e) if e.exit_code() == 2 => Err(e.to_string()),
        Err(e) => {
            eprintln!("mosbot-secrets: {name}: refused: {e}");
            Ok(e.exit_code())
        }
    }
}

/// Prints a rewrite's report lines, then where the previous version went and whether this was a
/// dry run.
fn print_summary(
    mut lines: Vec<String>,
    name: &dyn std::fmt::Display,
    backup: Option<&Path>,
    dry_run: bool,
) -> Result<(), String> {
    if let Some(bak) = backup {
        lines.push(format!(
            "{name}: previous version saved as {}",
            bak.display()
        ));
    }
    if dry_run {
        lines.push("Dry run: nothing was written.".to_string());
    }
    print(&(lines.join("\n") + "\n"))
}

/// `config hash`: the SHA-256 of the file's text.
pub fn hash_cmd(file: &Path) -> Result<u8, String> {
    let doc = load(file).map_err(|e| e.to_string())?;
    print(&format!("{}\n", text_hash(doc.text())))?;
    Ok(0)
}

/// `config externalize`: literal secrets to the env file, `${NAME}` in their place.
pub fn externalize_cmd(file: &Path, env_file: &Path, dry_run: bool) -> Result<u8, String> {
    let outcome = mosbot_openclaw::externalize::externalize(file, env_file, dry_run)
        .map_err(|e| e.to_string())?;
    let (name, env) = (file.display(), env_file.display());
    let mut lines = Vec::new();
    if outcome.moved.is_empty() {
        lines.push(format!("{name}: no literal secret to move"));
    }
    for m in &outcome.moved {
        let how = if m.reused { "already there" } else { "added" };
        lines.push(format!(
            "{name}: {} -> ${{{}}} ({env}: {how})",
            m.path, m.variable
        ));
    }
    for path in &outcome.skipped {
        lines.push(format!("{name}: warning: {path} is a whole object and cannot live in one variable; left as it is"));
    }
    print_summary(lines, &name, outcome.backup.as_deref(), dry_run)?;
    Ok(0)
}
