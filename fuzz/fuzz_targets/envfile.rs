//! Fuzzes the .env parser and editor: no panic on any bytes, spans within the text, and an edit
//! that succeeds reads back the value it wrote while every other variable keeps its value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = mosbot_envfile::parse_bytes(data) else { return };
    for e in file.entries() {
        assert!(e.line_span.end <= file.text().len());
        assert_eq!(&file.text()[e.key_span.clone()], e.key());
    }
    let mut edited = file.clone();
    if edited.set("FUZZ_KEY", "v4lue+/=").is_ok() {
        assert_eq!(edited.value("FUZZ_KEY"), Some("v4lue+/="));
        for e in file.effective() {
            if e.key() != "FUZZ_KEY" {
                assert_eq!(edited.value(e.key()), Some(e.value()));
            }
        }
    }
    if let Some(first) = file.effective().first().map(|e| e.key().to_string()) {
        let mut removed = file.clone();
        if removed.remove(&first).is_ok() {
            assert_eq!(removed.value(&first), None);
        }
    }
});
