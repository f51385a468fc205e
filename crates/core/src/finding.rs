//! The one model of everything mosbot-secrets reports: a [`Finding`], with a [`Severity`], a
//! place and a fix; and [`RuleInfo`], what a rule is, for reporters that describe rules (SARIF).

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; no direct exposure.
    Low,
    /// A weakness or a likely mistake.
    Medium,
    /// A real risk: fix before deploying.
    High,
    /// A secret is exposed or about to be: act now.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lower-case name used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity {s:?} (low, medium, high, critical)"))
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem found, with where it is and how to fix it. It never holds a secret value: messages
/// name variables and places only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id (`secret.placeholder`); rules loaded from data own their id.
    pub rule: Cow<'static, str>,
    /// How bad it is.
    pub severity: Severity,
    /// The file, relative to the audited root, with `/` separators.
    pub path: Option<String>,
    /// 1-based line, where the finding has a place in the file.
    pub line: Option<u32>,
    /// 1-based column (in characters), where the finding has a place in the file.
    pub column: Option<u32>,
    /// The variable it concerns, if one.
    pub variable: Option<String>,
    /// One line saying what is wrong.
    pub message: String,
    /// A concrete fix: the exact command where there is one.
    pub fix: String,
    /// A stable identity: SHA-256 over rule, path and variable (not the line, which moves).
    pub fingerprint: String,
    /// For a finding in git history: where it came from and where it still is.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
}

/// The provenance of a finding in git history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// Full id of the commit that first added it (a merge commit if the merge did).
    pub introduced_in: String,
    /// The commit that removed it, if one did.
    pub removed_in: Option<String>,
    /// Whether HEAD still has it.
    pub in_head: bool,
    /// The refs it is reachable from.
    pub refs: Vec<String>,
}

impl Finding {
    /// A finding of `rule` with no place yet; chain [`Finding::at`] and [`Finding::variable`].
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        let mut finding = Finding {
            rule: rule.into(),
            severity,
            path: None,
            line: None,
            column: None,
            variable: None,
            message: message.into(),
            fix: fix.into(),
            fingerprint: String::new(),
            history: None,
        };
        finding.refresh_fingerprint();
        finding
    }

    /// Sets the file (relative, `/` separators) and, optionally, line and column.
    pub fn at(
        mut self,
        path: impl Into<String>,
        line: Option<u32>,
        column: Option<u32>,
    ) -> Finding {
        self.path = Some(path.into());
        self.line = line;
        self.column = column;
        self.refresh_fingerprint();
        self
    }

    /// Sets the variable the finding concerns.
    pub fn variable(mut self, name: impl Into<String>) -> Finding {
        self.variable = Some(name.into());
        self.refresh_fingerprint();
        self
    }

    /// Mixes `identity` (a fingerprint of the matched secret, say) into the fingerprint, for
    /// findings that have no variable to tell two of them apart in one file.
    pub fn identified_by(mut self, identity: &str) -> Finding {
        let mut hasher = Sha256::new();
        hasher.update(self.fingerprint.as_bytes());
        hasher.update([0]);
        hasher.update(identity.as_bytes());
        self.fingerprint = hex::encode(&hasher.finalize()[..12]);
        self
    }

    /// Attaches git provenance.
    pub fn with_history(mut self, history: History) -> Finding {
        self.history = Some(history);
        self
    }

    fn refresh_fingerprint(&mut self) {
        let mut hasher = Sha256::new();
        for part in [
            self.rule.as_ref(),
            self.path.as_deref().unwrap_or(""),
            self.variable.as_deref().unwrap_or(""),
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        self.fingerprint = hex::encode(&hasher.finalize()[..12]);
    }
}

/// Sorts findings for output: by path, then line, then severity (worst first), then rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then(a.line.cmp(&b.line))
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.cmp(&b.rule))
            .then(a.variable.cmp(&b.variable))
    });
}

/// What a rule is, for reporters that describe rules (SARIF's `tool.driver.rules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable id (`secret.placeholder`).
    pub id: Cow<'static, str>,
    /// Its usual severity (some findings of a rule may be raised or lowered).
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: Cow<'static, str>,
    /// Why it matters and what to do, a few sentences.
    pub help: Cow<'static, str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_and_parse() {
        assert!(Severity::Low < Severity::Critical);
        assert_eq!("HIGH".parse::<Severity>().unwrap(), Severity::High);
        assert!("severe".parse::<Severity>().is_err());
    }

    #[test]
    fn fingerprint_ignores_line_but_not_variable() {
        let a = Finding::new("r", Severity::Low, "m", "f")
            .at("a/.env", Some(1), None)
            .variable("X");
        let b = Finding::new("r", Severity::Low, "m", "f")
            .at("a/.env", Some(9), None)
            .variable("X");
        let c = Finding::new("r", Severity::Low, "m", "f")
            .at("a/.env", Some(1), None)
            .variable("Y");
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(a.fingerprint.len(), 24);
    }
}
