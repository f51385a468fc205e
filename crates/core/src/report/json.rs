//! The JSON report: an object with a `findings` array and a `summary`.

use serde_json::json;
use std::io::{self, Write};

use super::Report;
use crate::finding::Severity;

/// Writes `report` as one pretty-printed JSON object and a newline.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let counts = report.counts();
    let mut by_severity = serde_json::Map::new();
    for sev in Severity::ALL {
        by_severity.insert(sev.as_str().to_string(), json!(counts[sev as usize]));
    }
    let value = json!({
        "tool": "mosbot-secrets",
        "version": report.tool_version,
        "root": report.root,
        "inputs": report.inputs,
        "findings": report.findings,
        "skipped": report.skipped,
        "summary": {
            "files_read": report.files_read,
            "total": report.findings.len(),
            "by_severity": by_severity,
            "fail_on": report.fail_on.map(|s| s.as_str()),
            "failed": report.fails(),
        },
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
