//! Property tests: the parse never panics and its spans are sound; edits change exactly what
//! they mean to and keep every other byte.

use mosbot_envfile::{encode_value, parse};
use proptest::prelude::*;

/// Text that looks like .env files: keys, separators, quotes, comments, escapes, line endings.
fn envish() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("A".to_string()),
        Just("KEY_2".to_string()),
        Just("b.c-d".to_string()),
        Just("export ".to_string()),
        Just("=".to_string()),
        Just(": ".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("#".to_string()),
        Just("# c".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just("\\n".to_string()),
        Just("\\".to_string()),
        Just("value".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("é".to_string()),
        "[ -~]{0,6}",
    ];
    prop::collection::vec(atom, 0..40).prop_map(|v| v.concat())
}

/// Values a secret or setting may hold.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9+/=_.-]{0,60}",
        "[ -~]{0,40}",
        "[ -~\n\t]{0,40}",
        any::<String>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_is_total_and_spans_are_sound(text in envish()) {
        let file = parse(&text);
        prop_assert_eq!(file.text(), text.as_str());
        for e in file.entries() {
            prop_assert_eq!(&text[e.key_span.clone()], e.key());
            prop_assert!(text.is_char_boundary(e.value_span.start) && text.is_char_boundary(e.value_span.end));
            prop_assert!(e.line_span.start <= e.key_span.start && e.value_span.end <= e.line_span.end);
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }

    #[test]
    fn encoded_values_read_back_unchanged(value in any_value()) {
        if let Some(encoded) = encode_value(&value) {
            let back = parse(&format!("K={encoded}\n"));
            prop_assert_eq!(back.value("K"), Some(value.as_str()));
        }
    }

    #[test]
    fn plain_secrets_are_always_representable(value in "[A-Za-z0-9+/=_.-]{1,96}") {
        prop_assert!(encode_value(&value).is_some());
    }

    #[test]
    fn set_changes_one_key_and_keeps_the_rest(text in envish(), value in any_value()) {
        let before = parse(&text);
        let mut after = before.clone();
        let key = before.effective().first().map(|e| e.key().to_string()).unwrap_or_else(|| "NEW_KEY".to_string());
        if after.set(&key, &value).is_ok() {
            prop_assert_eq!(after.value(&key), Some(value.as_str()));
            for e in before.effective() {
                if e.key() != key {
                    prop_assert_eq!(after.value(e.key()), Some(e.value()));
                }
            }
            // Outside the rewritten value, the bytes are the same.
            if let Some(entry) = before.get(&key) {
                let span = entry.value_span.clone();
                prop_assert!(after.text().starts_with(&text[..span.start]));
                prop_assert!(after.text().ends_with(&text[span.end..]));
            } else {
                prop_assert!(after.text().starts_with(&text));
            }
        }
    }

    #[test]
    fn remove_drops_the_key_and_keeps_the_rest(text in envish()) {
        let before = parse(&text);
        if let Some(first) = before.effective().first().map(|e| e.key().to_string()) {
            let mut after = before.clone();
            if after.remove(&first).is_ok() {
                prop_assert_eq!(after.value(&first), None);
                for e in before.effective() {
                    if e.key() != first {
                        prop_assert_eq!(after.value(e.key()), Some(e.value()));
                    }
                }
            }
        }
    }
}
