//! The secret rules: missing, placeholder, too short, weak, aliases that differ, one value
//! reused for two secrets, a secret in the wrong component, BOOTSTRAP_OWNER_PASSWORD left behind,
//! and keys set twice.

use mosbot_core::catalog::{Class, Recipe, Strength, Variable};
use mosbot_core::classify::{placeholder, token_shape};
use mosbot_core::strength::{evaluate, looks_random, Weakness};
use mosbot_core::{Finding, Severity};
use mosbot_envfile::Entry;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use crate::deployment::{Deployment, EnvFileInfo};
use crate::rules::*;
use crate::Context;

/// A value's digest: values are compared by digest so that no code path holds two of them side
/// by side longer than needed, and nothing that reaches a report can carry one.
pub(crate) fn digest(value: &str) -> [u8; 32] {
    Sha256::digest(value.as_bytes()).into()
}

/// Whether `entry` holds a secret: the catalog says so, its name says so, or its value has the
/// shape of a known credential.
pub(crate) fn is_secret(deployment: &Deployment, entry: &Entry) -> bool {
    deployment.catalog.class_of(entry.key()) == Class::Secret
        || token_shape(entry.value()).is_some()
}

/// A secret the server side holds: `VITE_*` values are judged by the Vite rules instead.
fn is_server_secret(deployment: &Deployment, entry: &Entry) -> bool {
    !entry.key().starts_with("VITE_") && is_secret(deployment, entry)
}

/// A finding of `rule` at entry `e` of file `f`.
pub(crate) fn at_entry(
    f: &EnvFileInfo,
    e: &Entry,
    rule: &'static str,
    severity: Severity,
    message: String,
    fix: String,
) -> Finding {
    Finding::new(rule, severity, message, fix)
        .at(f.rel.clone(), Some(e.line), Some(e.column))
        .variable(e.key())
}

fn generate_fix(ctx: &Context, var: Option<&Variable>, name: &str, replace: bool) -> String {
    // Rotating JWT_SECRET logs every user out: say so before they do it.
    let consequence = match var.and_then(|v| v.recipe) {
        Some(Recipe::JwtSecret) => "; every active session ends",
        _ => "",
    };
    match (var, var.and_then(|v| v.recipe)) {
        (_, Some(recipe)) if replace => format!(
            "mosbot-secrets init --replace-placeholders {} (or set it to the output of `mosbot-secrets generate {}`){consequence}",
            ctx.root_arg,
            recipe.cli_name()
        ),
        (_, Some(recipe)) => format!(
            "set {name} to the output of `mosbot-secrets generate {}`, then restart the service{consequence}",
            recipe.cli_name()
        ),
        (Some(_), None) => format!("set {name} to a real key issued by its provider"),
        (None, None) => format!(
            "set {name} to a strong random value, e.g. the output of `mosbot-secrets generate token`"
        ),
    }
}

/// Runs every secret rule.
pub(crate) fn check(ctx: &Context, d: &Deployment, out: &mut Vec<Finding>) {
    for f in &d.env_files {
        for e in f.file.effective() {
            check_entry(ctx, d, f, e, out);
        }
        for (key, earlier) in f.file.duplicates() {
            let last = f.file.get(key).expect("a duplicate has a last entry");
            let lines: Vec<String> = earlier.iter().map(|l| l.to_string()).collect();
            out.push(at_entry(
                f,
                last,
                ENV_DUPLICATE_KEY,
                Severity::Low,
                format!(
                    "{key} is set again here; dotenv ignores the earlier line(s) {}",
                    lines.join(", ")
                ),
                format!(
                    "delete the earlier {key} line(s) {} of {}",
                    lines.join(", "),
                    f.rel
                ),
            ));
        }
    }
    check_missing(ctx, d, out);
    check_consistency(d, out);
    check_reuse(d, out);
}

fn check_entry(ctx: &Context, d: &Deployment, f: &EnvFileInfo, e: &Entry, out: &mut Vec<Finding>) {
    let name = e.key();
    let var = d.catalog.variable(name);
    let class = d.catalog.class_of(name);
    if class == Class::Setting && var.is_some_and(|v| !v.required_in.is_empty()) {
        if let Some(p) = placeholder(e.value()).filter(|p| p.pattern != "empty") {
            out.push(at_entry(
                f,
                e,
                SETTING_PLACEHOLDER,
                Severity::Medium,
                format!("{name} looks like a placeholder ({})", p.pattern),
                format!("set {name} in {} to the real value", f.rel),
            ));
        }
    }
    if !is_server_secret(d, e) {
        return;
    }
    if let Some(p) = placeholder(e.value()) {
        let what = if p.pattern == "empty" {
            "is empty".to_string()
        } else {
            format!("looks like a placeholder ({})", p.pattern)
        };
        // A guessable internal secret lets anyone forge sessions or call the services; a provider
        // key that is a placeholder only breaks the feature that needs it.
        let severity = match var {
            Some(v) if v.strength == Strength::ProviderKey => Severity::Medium,
            Some(_) => Severity::Critical,
            None => Severity::High,
        };
        out.push(at_entry(
            f,
            e,
            SECRET_PLACEHOLDER,
            severity,
            format!("{name} {what}"),
            generate_fix(ctx, var, name, true),
        ));
    } else {
        let (strength, min_length) = match var {
            Some(v) => (v.strength, v.min_length),
            // Unknown secrets: a credential-shaped or random-looking value passes; anything else
            // is judged like a password.
            None if token_shape(e.value()).is_some() || looks_random(e.value()) => {
                (Strength::Any, None)
            }
            None => (Strength::Password, None),
        };
        let severity = if var.is_some() {
            Severity::High
        } else {
            Severity::Medium
        };
        for weakness in evaluate(e.value(), strength, min_length) {
            let (rule, message) = match weakness {
                Weakness::TooShort { min, actual } => (
                    SECRET_TOO_SHORT,
                    format!("{name} is {actual} characters long; it must be at least {min}"),
                ),
                Weakness::Weak { reason } => (SECRET_WEAK, format!("{name} is weak: {reason}")),
            };
            out.push(at_entry(
                f,
                e,
                rule,
                severity,
                message,
                generate_fix(ctx, var, name, false),
            ));
        }
    }
    if let Some(v) = var {
        if v.remove_after_first_use {
            out.push(at_entry(
                f,
                e,
                BOOTSTRAP_STILL_PRESENT,
                Severity::Medium,
                format!(
                    "{name} is still set; it is only needed until the first owner has logged in"
                ),
                format!(
                    "after the first login, delete the {name} line from {}",
                    f.rel
                ),
            ));
        }
        if !v.components.is_empty() && !v.components.contains(&f.component) {
            out.push(at_entry(
                f,
                e,
                SECRET_UNEXPECTED_COMPONENT,
                Severity::Low,
                format!(
                    "{name} is set in the {} component's env file, which does not use it",
                    f.component
                ),
                format!("delete the {name} line from {}", f.rel),
            ));
        }
    }
}

fn check_missing(ctx: &Context, d: &Deployment, out: &mut Vec<Finding>) {
    let mut components: Vec<&str> = d.env_files.iter().map(|f| f.component.as_str()).collect();
    components.dedup();
    for component in components {
        let files: Vec<&EnvFileInfo> = d.files_of(component).collect();
        let Some(primary) = files.first() else {
            continue;
        };
        for var in d
            .catalog
            .variables()
            .iter()
            .filter(|v| v.required_in.iter().any(|c| c == component))
        {
            if files.iter().any(|f| f.file.get(&var.name).is_some()) {
                continue;
            }
            let (rule, severity) = if var.class == Class::Secret {
                (SECRET_MISSING, Severity::High)
            } else {
                (SETTING_MISSING, Severity::Medium)
            };
            let fix = match (&var.recipe, &var.default) {
                (Some(_), _) | (None, Some(_)) => format!("mosbot-secrets init {}", ctx.root_arg),
                (None, None) => format!("add {}=… to {}", var.name, primary.rel),
            };
            out.push(
                Finding::new(
                    rule,
                    severity,
                    format!("{} is not set for the {component} component", var.name),
                    fix,
                )
                .at(primary.rel.clone(), None, None)
                .variable(var.name.clone()),
            );
        }
    }
}

/// Names that must hold one value, per environment: each alias group, and every secret name with
/// itself (JWT_SECRET in api/.env and docker/.env).
fn check_consistency(d: &Deployment, out: &mut Vec<Finding>) {
    // (environment, group key) -> occurrences in file order
    let mut groups: BTreeMap<(String, String), Vec<(&EnvFileInfo, &Entry)>> = BTreeMap::new();
    for f in &d.env_files {
        for e in f.file.effective() {
            if !is_server_secret(d, e) || placeholder(e.value()).is_some() {
                continue;
            }
            let group = d.catalog.group_key(e.key());
            groups
                .entry((f.environment.clone(), group))
                .or_default()
                .push((f, e));
        }
    }
    for occurrences in groups.values() {
        let Some(&(first_file, first)) = occurrences.first() else {
            continue;
        };
        let first_digest = digest(first.value());
        for &(f, e) in &occurrences[1..] {
            if std::ptr::eq(f, first_file) || digest(e.value()) == first_digest {
                continue;
            }
            let why = d
                .catalog
                .alias_group(e.key())
                .map(|g| g.why.clone())
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| "both files configure the same secret".to_string());
            out.push(at_entry(
                f,
                e,
                SECRET_ALIAS_MISMATCH,
                Severity::High,
                format!(
                    "{} here differs from {} in {} ({why})",
                    e.key(),
                    first.key(),
                    first_file.rel
                ),
                format!(
                    "make {} in {} hold the same value as {} in {}",
                    e.key(),
                    f.rel,
                    first.key(),
                    first_file.rel
                ),
            ));
        }
    }
}

/// One value used for secrets that are not meant to share it.
fn check_reuse(d: &Deployment, out: &mut Vec<Finding>) {
    let mut by_value: BTreeMap<[u8; 32], Vec<(&EnvFileInfo, &Entry)>> = BTreeMap::new();
    for f in &d.env_files {
        for e in f.file.effective() {
            if is_server_secret(d, e)
                && placeholder(e.value()).is_none()
                && e.value().chars().count() >= 8
            {
                by_value.entry(digest(e.value())).or_default().push((f, e));
            }
        }
    }
    for occurrences in by_value.values() {
        let (first_file, first) = occurrences[0];
        for &(f, e) in &occurrences[1..] {
            if d.catalog.same_secret(first.key(), e.key()) {
                continue;
            }
            out.push(at_entry(
                f,
                e,
                SECRET_REUSED,
                Severity::High,
                format!(
                    "{} has the same value as {} in {}",
                    e.key(),
                    first.key(),
                    first_file.rel
                ),
                match d.catalog.variable(e.key()).and_then(|v| v.recipe) {
                    Some(recipe) => format!(
                        "give {} its own value: set it to the output of `mosbot-secrets generate {}`",
                        e.key(),
                        recipe.cli_name()
                    ),
                    None => format!("give {} its own value (one secret, one purpose)", e.key()),
                },
            ));
        }
    }
}
