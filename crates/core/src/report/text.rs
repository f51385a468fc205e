//! The human report: findings grouped by file, worst first within a line, a fix under each, and
//! a summary line. Styles are ANSI; the caller's stream strips them where colour is unwanted.

use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

use super::Report;
use crate::finding::Severity;

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::High => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Low => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
    }
}

/// Writes `report` for a person to read.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut current: Option<Option<&str>> = None;
    for f in &report.findings {
        let path = f.path.as_deref();
        if current != Some(path) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{bold}{}{bold:#}", path.unwrap_or("(deployment)"))?;
            current = Some(path);
        }
        let place = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => format!("{l}"),
            _ => "-".to_string(),
        };
        let style = severity_style(f.severity);
        writeln!(
            out,
            "  {place:<7} {style}{:<8}{style:#} {dim}{}{dim:#}  {}",
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
        writeln!(out, "  {:<7} {:<8} fix: {}", "", "", f.fix)?;
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    let counts = report.counts();
    let parts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter(|s| counts[**s as usize] > 0)
        .map(|s| format!("{} {}", counts[*s as usize], s))
        .collect();
    let files = report.inputs.len();
    let noun = if files == 1 { "file" } else { "files" };
    if report.findings.is_empty() {
        writeln!(
            out,
            "{bold}No findings{bold:#} in {} ({files} {noun} read).",
            report.root
        )?;
    } else {
        let n = report.findings.len();
        let finding_noun = if n == 1 { "finding" } else { "findings" };
        writeln!(
            out,
            "{bold}{n} {finding_noun}{bold:#} in {} ({}; {files} {noun} read).",
            report.root,
            parts.join(", ")
        )?;
    }
    if let Some(threshold) = report.fail_on {
        if report.fails() {
            writeln!(
                out,
                "Failing: at least one finding is {threshold} or worse (--fail-on {threshold})."
            )?;
        }
    }
    Ok(())
}
