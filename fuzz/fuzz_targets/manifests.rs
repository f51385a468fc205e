//! Fuzzes the Kubernetes Secret extraction (YAML by saphyr, then our walk): no panic on any text;
//! every value found comes with its key's line inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.lines().count().max(1) as u32;
    for s in mosbot_check::manifests::secrets_in("k8s/secret.yaml", text) {
        assert!(s.line >= 1 && s.line <= lines + 1, "line {} of {lines}", s.line);
    }
});
