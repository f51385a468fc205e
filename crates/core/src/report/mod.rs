//! Reporters: one [`Report`] in, text, JSON or SARIF out. Reporters write to any `io::Write`; the
//! binary decides where (and whether colour survives: it wraps stdout in a stream that strips
//! styles when stdout is no terminal or `NO_COLOR` is set).

use crate::finding::{Finding, RuleInfo, Severity};

pub mod json;
pub mod jsonl;
pub mod sarif;
pub mod text;

/// Everything a command reports: the findings and what was looked at.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The tool's name and version, for JSON and SARIF.
    pub tool_version: &'a str,
    /// The audited root as the user named it.
    pub root: &'a str,
    /// The files that were read, relative to the root (listed in JSON).
    pub inputs: Vec<String>,
    /// How many files were read (a scan reads more than it lists).
    pub files_read: usize,
    /// What was passed over, and why (binary files, archives, fixtures; listed in JSON).
    pub skipped: Vec<Skipped>,
    /// The findings, in output order.
    pub findings: Vec<Finding>,
    /// The rules that could have produced findings (SARIF lists them).
    pub rules: &'a [RuleInfo],
    /// The severity at or above which the command fails.
    pub fail_on: Option<Severity>,
    /// How the text report groups findings.
    pub grouping: Grouping,
}

/// Something a command passed over and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file or directory, relative to the root (history paths: `git:` and the path).
    pub path: String,
    /// Why it was not read.
    pub reason: String,
}

/// How the text report groups findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// By file (`check`).
    #[default]
    ByFile,
    /// By the secret (variable) concerned (`scan`): every place one secret leaked, together.
    BySecret,
}

impl Report<'_> {
    /// How many findings there are of each severity, lowest first.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for f in &self.findings {
            counts[f.severity as usize] += 1;
        }
        counts
    }

    /// Whether any finding is at or above `fail_on`.
    pub fn fails(&self) -> bool {
        self.fail_on
            .is_some_and(|threshold| self.findings.iter().any(|f| f.severity >= threshold))
    }
}
