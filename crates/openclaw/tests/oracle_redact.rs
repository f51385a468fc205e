//! Differential test of redaction against OpenClaw's `redactConfigObject` (2026.9.6, without
//! schema hints): `tests/oracle/openclaw_cases.json`.

use mosbot_openclaw::redact::{is_secret_ref, redact, SENTINEL};
use serde_json::Value;

/// Whether the case holds a SecretRef object (`{source, id}` strings): there we deliberately
/// follow OpenClaw's hinted mode (the gateway's config API, and REFERENCE.md), which hides only
/// `id`; the hint-free package hides `source` and `provider` too, and its own restore then
/// rejects the result.
fn has_secret_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => is_secret_ref(v) || m.values().any(has_secret_ref),
        Value::Array(a) => a.iter().any(has_secret_ref),
        _ => false,
    }
}

#[test]
fn redact_agrees_with_openclaw() {
    let corpus: Value = serde_json::from_str(include_str!("oracle/openclaw_cases.json")).unwrap();
    let cases = corpus["redact"].as_array().unwrap();
    assert!(cases.len() >= 150);
    let mut failures = Vec::new();
    let mut deliberate = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let ours = redact(&case["config"]);
        if has_secret_ref(&case["config"]) {
            deliberate += 1;
            // Our rule: a SecretRef's source and provider stay, its id never does.
            let text = ours.to_string();
            assert!(
                !text.contains(&format!("\"source\":\"{SENTINEL}\"")),
                "{name}: {text}"
            );
            continue;
        }
        if ours != case["expected"] {
            failures.push(format!(
                "{name}:\n  config   {}\n  openclaw {}\n  ours     {ours}",
                case["config"], case["expected"]
            ));
        }
    }
    assert!(deliberate < 20, "{deliberate} SecretRef cases");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} cases agree, {deliberate} SecretRef cases differ on purpose",
        cases.len() - deliberate
    );
}
