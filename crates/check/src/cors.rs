//! CORS_ORIGIN: the dashboard's exact origin, never `*`.

use mosbot_core::classify::placeholder;
use mosbot_core::{Finding, Severity};

use crate::deployment::Deployment;
use crate::rules::*;
use crate::secrets::at_entry;

/// What is wrong with an origin, if anything.
#[derive(Debug, PartialEq, Eq)]
pub enum OriginProblem {
    /// `*`.
    Wildcard,
    /// Not `scheme://host[:port]`: the reason.
    NotAnOrigin(&'static str),
    /// `http://` for a host that is not local.
    Insecure,
}

/// Judges one CORS origin value.
pub fn judge_origin(value: &str) -> Option<OriginProblem> {
    let value = value.trim();
    if value == "*" || value.split(',').any(|v| v.trim() == "*") {
        return Some(OriginProblem::Wildcard);
    }
    if value.contains(',') {
        return Some(OriginProblem::NotAnOrigin(
            "it is a list; the API compares the whole value with the browser's Origin",
        ));
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        return Some(OriginProblem::NotAnOrigin(
            "it has no scheme (http:// or https://)",
        ));
    };
    if scheme != "http" && scheme != "https" {
        return Some(OriginProblem::NotAnOrigin(
            "its scheme is neither http nor https",
        ));
    }
    if rest.is_empty() {
        return Some(OriginProblem::NotAnOrigin("it has no host"));
    }
    if rest.ends_with('/') {
        return Some(OriginProblem::NotAnOrigin(
            "it ends with a slash; browsers send the origin without one",
        ));
    }
    if rest.contains(['/', '?', '#']) {
        return Some(OriginProblem::NotAnOrigin(
            "it has a path, query or fragment; an origin has none",
        ));
    }
    if rest.contains('@') {
        return Some(OriginProblem::NotAnOrigin(
            "it has a user name or password; an origin has none",
        ));
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || rest.starts_with('[') => {
            if rest.starts_with('[') && !h.ends_with(']') {
                (rest, None) // an IPv6 literal without a port
            } else {
                (h, Some(p))
            }
        }
        _ => (rest, None),
    };
    if let Some(port) = port {
        if port.is_empty() || port.parse::<u16>().map_or(true, |p| p == 0) {
            return Some(OriginProblem::NotAnOrigin(
                "its port is not a number from 1 to 65535",
            ));
        }
    }
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    if !host_ok {
        return Some(OriginProblem::NotAnOrigin(
            "its host is not a valid host name",
        ));
    }
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]") || host.ends_with(".localhost");
    if scheme == "http" && !local {
        return Some(OriginProblem::Insecure);
    }
    None
}

/// Checks CORS_ORIGIN wherever it is set.
pub(crate) fn check(d: &Deployment, out: &mut Vec<Finding>) {
    for f in &d.env_files {
        let Some(e) = f.file.get("CORS_ORIGIN") else {
            continue;
        };
        if placeholder(e.value()).is_some() {
            continue; // reported by the placeholder rule
        }
        let finding = match judge_origin(e.value()) {
            None => continue,
            Some(OriginProblem::Wildcard) => at_entry(
                f,
                e,
                CORS_WILDCARD,
                Severity::High,
                "CORS_ORIGIN allows every origin (`*`)".to_string(),
                format!("set CORS_ORIGIN in {} to the dashboard's exact origin, e.g. https://dashboard.example.com", f.rel),
            ),
            Some(OriginProblem::NotAnOrigin(why)) => at_entry(
                f,
                e,
                CORS_NOT_AN_ORIGIN,
                Severity::Medium,
                format!("CORS_ORIGIN is not an origin: {why}"),
                format!("set CORS_ORIGIN in {} to scheme://host[:port] with no path or trailing slash", f.rel),
            ),
            Some(OriginProblem::Insecure) => at_entry(
                f,
                e,
                CORS_INSECURE,
                Severity::Low,
                "CORS_ORIGIN uses http:// for a host that is not local".to_string(),
                format!("serve the dashboard over https and set CORS_ORIGIN in {} to its https:// origin", f.rel),
            ),
        };
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(judge_origin("https://dash.example.com"), None);
        assert_eq!(judge_origin("http://localhost:5173"), None);
        assert_eq!(judge_origin("https://[2001:db8::1]:8443"), None);
        assert_eq!(judge_origin("*"), Some(OriginProblem::Wildcard));
        assert_eq!(
            judge_origin("https://a.com,*"),
            Some(OriginProblem::Wildcard)
        );
        assert_eq!(
            judge_origin("http://dash.example.com"),
            Some(OriginProblem::Insecure)
        );
        for bad in [
            "https://dash.example.com/",
            "https://dash.example.com/app",
            "dash.example.com",
            "ftp://x",
            "https://",
            "https://a.com:0",
            "https://a.com:99999",
            "https://a..com",
            "https://u:p@a.com",
            "https://a.com,https://b.com",
        ] {
            assert!(
                matches!(judge_origin(bad), Some(OriginProblem::NotAnOrigin(_))),
                "{bad}"
            );
        }
    }
}
