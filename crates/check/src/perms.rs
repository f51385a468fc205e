//! Secret files readable by group or others.

use mosbot_core::{Finding, Severity};

use crate::deployment::Deployment;
use crate::rules::FILE_PERMISSIONS;

fn judge(rel: &str, mode: u32, what: &str) -> Option<Finding> {
    if mode & 0o077 == 0 {
        return None;
    }
    let (severity, who) = if mode & 0o004 != 0 {
        (Severity::High, "every user of the machine")
    } else {
        (Severity::Medium, "its group")
    };
    Some(
        Finding::new(
            FILE_PERMISSIONS,
            severity,
            format!("{what} has mode {mode:04o}: {who} can read it"),
            format!("chmod 600 {rel}"),
        )
        .at(rel.to_string(), None, None),
    )
}

/// Checks the mode of every env file and openclaw.json.
pub(crate) fn check(d: &Deployment, out: &mut Vec<Finding>) {
    for f in &d.env_files {
        // A dashboard env file holds only public values by design.
        if f.vite {
            continue;
        }
        if let Some(finding) = f.mode.and_then(|m| judge(&f.rel, m, "this env file")) {
            out.push(finding);
        }
    }
    for (rel, abs) in &d.config_files {
        if let Ok(Some(mode)) = mosbot_core::atomic::file_mode(abs) {
            if let Some(finding) = judge(rel, mode, "this OpenClaw config") {
                out.push(finding);
            }
        }
    }
}
