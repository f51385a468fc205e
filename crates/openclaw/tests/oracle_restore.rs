//! Differential test of restore against OpenClaw's `restoreRedactedValues` (2026.9.6):
//! `tests/oracle/openclaw_cases.json`.

use mosbot_openclaw::restore::restore;
use serde_json::Value;

/// Where we deliberately differ, because OpenClaw loses or misplaces a secret there:
/// - it pairs array items by `id` only, so agents reordered by `agentId` swap secrets; we pair by
///   `agentId` too (REFERENCE.md);
/// - it turns a sentinel with no original in a string array into `undefined`; we refuse it.
fn deliberate(case: &Value) -> Option<&'static str> {
    if case.get("undefined_paths").is_some() {
        return Some("undefined");
    }
    if case["name"].as_str().unwrap().contains("agentId") {
        return Some("agentId");
    }
    None
}

#[test]
fn restore_agrees_with_openclaw() {
    let corpus: Value = serde_json::from_str(include_str!("oracle/openclaw_cases.json")).unwrap();
    let cases = corpus["restore"].as_array().unwrap();
    assert!(cases.len() >= 100);
    let mut failures = Vec::new();
    let mut differ = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let ours = restore(&case["edited"], &case["original"]);
        match deliberate(case) {
            Some("undefined") => {
                differ += 1;
                assert!(
                    ours.is_err(),
                    "{name}: a sentinel without an original is refused, got {ours:?}"
                );
                continue;
            }
            Some(_) => {
                differ += 1;
                let restored = ours.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_ne!(
                    &restored, &case["expected"],
                    "{name}: we pair by agentId, OpenClaw by position"
                );
                continue;
            }
            None => {}
        }
        match (&ours, case.get("expected"), case.get("error")) {
            (Ok(v), Some(expected), _) if v == expected => {}
            (Err(e), _, Some(error)) if e.to_string() == error.as_str().unwrap_or_default() => {}
            (ours, expected, error) => failures.push(format!(
                "{name}:\n  edited   {}\n  original {}\n  openclaw {expected:?} {error:?}\n  ours     {ours:?}",
                case["edited"], case["original"]
            )),
        }
    }
    eprintln!(
        "{} cases agree, {differ} differ on purpose",
        cases.len() - differ
    );
    assert!(differ <= 6);
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
