//! SARIF 2.1.0, in the subset GitHub code scanning accepts: one run, the rules in
//! `tool.driver.rules`, each result with a `ruleIndex`, a physical location relative to
//! `%SRCROOT%`, and `partialFingerprints` so that GitHub tracks a finding across commits.

use serde_json::{json, Value};
use std::io::{self, Write};

use super::Report;
use crate::finding::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub sorts security alerts by `security-severity`, a CVSS-like number as a string.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
    }
}

/// Writes `report` as a SARIF 2.1.0 log and a newline.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.replace(['.', '-'], "_"),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.help },
                "help": { "text": r.help },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": {
                    "tags": ["security", "secrets"],
                    "security-severity": security_severity(r.severity),
                },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = report.rules.iter().position(|r| r.id == f.rule);
            let mut region = serde_json::Map::new();
            if let Some(line) = f.line {
                region.insert("startLine".into(), json!(line));
                if let Some(column) = f.column {
                    region.insert("startColumn".into(), json!(column));
                }
            }
            let mut physical = json!({
                "artifactLocation": {
                    "uri": f.path.clone().unwrap_or_else(|| ".".to_string()),
                    "uriBaseId": "%SRCROOT%",
                },
            });
            if !region.is_empty() {
                physical["region"] = Value::Object(region);
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{} Fix: {}", f.message, f.fix) },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "mosbotSecretsFingerprint/v1": f.fingerprint },
                "properties": {
                    "severity": f.severity.as_str(),
                    "security-severity": security_severity(f.severity),
                },
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if let Some(v) = &f.variable {
                result["properties"]["variable"] = json!(v);
            }
            result
        })
        .collect();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mosbot-secrets",
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": rules,
                },
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the audited deployment directory" } } },
            "results": results,
        }],
    });
    // What was passed over (binary files, archives, fixtures) as notes of the run.
    if !report.skipped.is_empty() {
        let notes: Vec<Value> = report
            .skipped
            .iter()
            .map(|s| {
                json!({
                    "level": "note",
                    "message": { "text": format!("not read: {}", s.reason) },
                    "locations": [{ "physicalLocation": { "artifactLocation": {
                        "uri": s.path, "uriBaseId": "%SRCROOT%" } } }],
                })
            })
            .collect();
        log["runs"][0]["invocations"] =
            json!([{ "executionSuccessful": true, "toolExecutionNotifications": notes }]);
    }
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
