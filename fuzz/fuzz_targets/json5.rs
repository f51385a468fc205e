//! Fuzzes the JSON5 parser: no panic on any bytes; every span lies on character boundaries of
//! the text and parses, alone, to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mosbot_openclaw::json5::{parse, walk};
use mosbot_openclaw::path::ConfigPath;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = parse(text) else { return };
    assert_eq!(doc.text(), text);
    walk(doc.root(), &ConfigPath::root(), &mut |_, node| {
        let own = &text[node.span.clone()];
        let again = parse(own).expect("a value's own text parses");
        let (a, b) = (again.to_json(), node.to_json());
        assert!(a == b || a.to_string() == "null" || b.to_string() == "null");
    });
});
