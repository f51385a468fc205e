//! JSON Lines: one finding per line, then one summary line, for streaming consumers.

use serde_json::json;
use std::io::{self, Write};

use super::Report;

/// Writes each finding as one JSON object per line, then `{"summary": …}`.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        serde_json::to_writer(&mut *out, f)?;
        writeln!(out)?;
    }
    let summary = json!({"summary": {"total": report.findings.len(), "failed": report.fails()}});
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out)
}
