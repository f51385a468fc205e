//! Fuzzes the scanners over arbitrary file (or blob) bytes: the built-in rules and a set of known
//! values in every encoding; no panic, every hit inside the buffer, every place on a real line.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mosbot_scan::known::{KnownSet, KnownValue};
use mosbot_scan::rules::RuleSet;

fn sets() -> &'static (RuleSet, KnownSet) {
    static SETS: OnceLock<(RuleSet, KnownSet)> = OnceLock::new();
    SETS.get_or_init(|| {
        let known = KnownSet::new(vec![KnownValue {
            name: "OPENCLAW_GATEWAY_TOKEN".into(),
            source: "api/.env:1".into(),
            value: "Gw7kP9qR2sT4uV6wX8yZ0aB1cD3eF5gH".into(),
        }]);
        (RuleSet::builtin(), known)
    })
}

fuzz_target!(|data: &[u8]| {
    let (rules, known) = sets();
    for hit in rules.find(data) {
        assert!(hit.range.start <= hit.range.end && hit.range.end <= data.len());
    }
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for o in mosbot_scan::files::scan_bytes(known, "f", data) {
        assert!(o.line >= 1 && o.line <= lines);
    }
    for o in mosbot_scan::files::scan_rules(rules, "f", data, &[]) {
        assert!(o.line >= 1 && o.line <= lines);
    }
});
