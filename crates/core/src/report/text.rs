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
    let mut findings: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    if report.grouping == super::Grouping::BySecret {
        findings.sort_by(|a, b| {
            a.variable
                .cmp(&b.variable)
                .then(a.path.cmp(&b.path))
                .then(a.line.cmp(&b.line))
        });
    }
    let mut current: Option<Option<&str>> = None;
    for f in findings {
        let (group, fallback) = match report.grouping {
            super::Grouping::ByFile => (f.path.as_deref(), "(deployment)"),
            super::Grouping::BySecret => (f.variable.as_deref(), "(rule matches)"),
        };
        if current != Some(group) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{bold}{}{bold:#}", group.unwrap_or(fallback))?;
            current = Some(group);
        }
        let shown_path = match report.grouping {
            super::Grouping::ByFile => String::new(),
            super::Grouping::BySecret => format!("{} ", f.path.as_deref().unwrap_or("-")),
        };
        let place = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => format!("{l}"),
            _ => "-".to_string(),
        };
        let style = severity_style(f.severity);
        writeln!(
            out,
            "  {shown_path}{place:<7} {style}{:<8}{style:#} {dim}{}{dim:#}  {}",
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
        writeln!(
            out,
            "  {:<width$}fix: {}",
            "",
            f.fix,
            width = shown_path.chars().count() + 17
        )?;
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
    let files = report.files_read;
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
