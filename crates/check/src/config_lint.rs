//! openclaw.json rules: literal secrets (at sensitive paths, gateway auth, credential shapes,
//! URLs with credentials), the sentinel on disk, `${VAR}` references no env file defines, and
//! references OpenClaw would leave as literal text.

use mosbot_core::classify::token_shape;
use mosbot_core::{Finding, Severity};
use mosbot_openclaw::externalize::{is_gateway_auth, suggested_variable};
use mosbot_openclaw::json5::{Document, Kind};
use mosbot_openclaw::path::{ConfigPath, Segment};
use mosbot_openclaw::redact::{is_concrete_sensitive_string, redaction_paths, SENTINEL};
use mosbot_openclaw::resolve::references;
use std::collections::HashSet;

use crate::deployment::Deployment;
use crate::rules::*;
use crate::CheckError;

/// `${…}` and `$NAME` that OpenClaw does not substitute.
fn literal_references(s: &str) -> Vec<String> {
    let valid: Vec<std::ops::Range<usize>> = references(s).into_iter().map(|r| r.span).collect();
    let inside_valid = |i: usize| valid.iter().any(|r| r.contains(&i));
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let doubled = bytes.get(i + 1) == Some(&b'$') || (i > 0 && bytes[i - 1] == b'$');
        if bytes[i] == b'$' && !inside_valid(i) && !doubled {
            if bytes.get(i + 1) == Some(&b'{') {
                if let Some(end) = s[i..].find('}') {
                    out.push(s[i..i + end + 1].to_string());
                    i += end + 1;
                    continue;
                }
            } else {
                let name: String = s[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name.len() >= 2
                    && name
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().any(|c| c.is_ascii_uppercase())
                {
                    out.push(format!("${name}"));
                }
            }
        }
        i += 1;
    }
    out
}

/// Runs the openclaw.json rules on every config file of the deployment.
pub(crate) fn check(d: &Deployment, out: &mut Vec<Finding>) -> Result<(), CheckError> {
    let defined: HashSet<&str> = d
        .env_files
        .iter()
        .flat_map(|f| f.file.effective())
        .filter(|e| !e.value().is_empty())
        .map(|e| e.key())
        .collect();
    for (rel, abs) in &d.config_files {
        let doc = mosbot_openclaw::file::load(abs).map_err(|e| {
            CheckError::new(
                rel.clone(),
                e.place.map(|p| p.0),
                match e.place {
                    Some((_, column)) => format!("column {column}: {}", e.message),
                    None => e.message,
                },
            )
        })?;
        lint(d, rel, &doc, &defined, out);
    }
    Ok(())
}

fn lint(
    d: &Deployment,
    rel: &str,
    doc: &Document,
    defined: &HashSet<&str>,
    out: &mut Vec<Finding>,
) {
    let at = |node: &mosbot_openclaw::json5::Node| {
        let (line, column) = doc.line_column(node.span.start);
        (Some(line), Some(column))
    };
    let mut reported: HashSet<ConfigPath> = HashSet::new();
    for path in redaction_paths(&doc.to_json()) {
        let Some(node) = doc.get(&path) else { continue };
        let (line, column) = at(node);
        let var = suggested_variable(&path);
        let finding = match &node.kind {
            Kind::String(s, _) if s == SENTINEL => continue, // reported below
            Kind::String(s, _) if !is_concrete_sensitive_string(s) => continue,
            _ if is_gateway_auth(&path) => Finding::new(
                CONFIG_GATEWAY_AUTH_LITERAL,
                Severity::Critical,
                format!("{path} is written literally; the gateway token belongs in the environment or a Kubernetes Secret"),
                format!("set \"{path}\" to \"${{{var}}}\" and {var} in the gateway's env file: mosbot-secrets config externalize {rel} --env-file .env"),
            ),
            Kind::String(s, _) if mosbot_openclaw::redact::is_sensitive_url_config_path(&path_text(&path)) && s.contains("://") => Finding::new(
                CONFIG_URL_CREDENTIALS,
                Severity::High,
                format!("the URL at {path} carries credentials"),
                format!("move the URL to an env variable ({var}) and write \"${{{var}}}\" at {path}"),
            ),
            _ => Finding::new(
                CONFIG_LITERAL_SECRET,
                Severity::High,
                format!("{path} holds a literal secret; OpenClaw configs should reference it as ${{VAR}}"),
                format!("mosbot-secrets config externalize {rel} --env-file .env (it becomes \"${{{var}}}\")"),
            ),
        };
        reported.insert(path.clone());
        out.push(
            finding
                .at(rel.to_string(), line, column)
                .variable(path.to_string()),
        );
    }
    for (path, node, value) in doc.strings() {
        let (line, column) = at(node);
        if value.contains(SENTINEL) {
            out.push(
                Finding::new(
                    CONFIG_SENTINEL_ON_DISK,
                    Severity::Critical,
                    format!("{path} holds the redaction sentinel instead of its value: the file is corrupted"),
                    format!("restore {path} from {rel}.bak or set it again as a ${{VAR}} reference"),
                )
                .at(rel.to_string(), line, column)
                .variable(path.to_string()),
            );
            continue;
        }
        if !reported.contains(&path) {
            if let Some(shape) = token_shape(value) {
                out.push(
                    Finding::new(
                        CONFIG_TOKEN_SHAPE,
                        Severity::High,
                        format!("{path} holds a value with the shape of a {}", shape.name),
                        format!(
                            "move it to the environment and write \"${{{}}}\" at {path}",
                            suggested_variable(&path)
                        ),
                    )
                    .at(rel.to_string(), line, column)
                    .variable(path.to_string()),
                );
            }
        }
        for r in references(value)
            .into_iter()
            .filter(|r| !r.escaped && r.fallback.is_none())
        {
            if !defined.contains(r.name.as_str()) {
                out.push(
                    Finding::new(
                        CONFIG_UNDEFINED_VARIABLE,
                        Severity::Medium,
                        format!("{path} references ${{{}}}, which no env file of the deployment defines (or all leave empty)", r.name),
                        match d.catalog.variable(&r.name).and_then(|v| v.recipe) {
                            Some(recipe) => format!(
                                "add {}=… to the gateway's env file, with the value of `mosbot-secrets generate {}`",
                                r.name,
                                recipe.cli_name()
                            ),
                            None => format!("add {}=… (the value its provider issued) to the gateway's env file", r.name),
                        },
                    )
                    .at(rel.to_string(), line, column)
                    .variable(path.to_string()),
                );
            }
        }
        for literal in literal_references(value) {
            out.push(
                Finding::new(
                    CONFIG_LITERAL_REFERENCE,
                    Severity::Medium,
                    format!("{path} contains {literal}, which OpenClaw leaves as literal text (only ${{NAME}} with NAME in [A-Z_][A-Z0-9_]* is substituted)"),
                    format!("write it as ${{{}}}", literal.trim_start_matches('$').trim_matches(['{', '}']).to_ascii_uppercase()),
                )
                .at(rel.to_string(), line, column)
                .variable(path.to_string()),
            );
        }
    }
}

/// The dotted path with `[]` for indices, as the sensitivity rules see it.
fn path_text(path: &ConfigPath) -> String {
    let mut s = String::new();
    for seg in &path.0 {
        match seg {
            Segment::Key(k) if s.is_empty() => s.push_str(k),
            Segment::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Segment::Index(_) => s.push_str("[]"),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_openclaw_leaves_alone() {
        assert_eq!(
            literal_references("${lower} and $HOME and ${OK} and $${ESC} and $5"),
            vec!["${lower}", "$HOME"]
        );
        assert!(literal_references("${A}${B}").is_empty());
    }
}
