//! Property tests of the JSON5 parser: any JSON document parses to the same value serde_json
//! reads; JSON5-only syntax (comments, single quotes, unquoted keys, trailing commas) changes
//! nothing of the value; no input makes it panic; spans point at the value's own text.

use mosbot_openclaw::json5::{parse, walk, Kind};
use mosbot_openclaw::path::ConfigPath;
use proptest::prelude::*;
use serde_json::Value;

/// JavaScript has one number type: compare numbers as doubles.
fn norm(v: &Value) -> Value {
    match v {
        Value::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(Value::Null, Value::Number)
        }
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
        other => other.clone(),
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(Value::from),
        (-1e6f64..1e6)
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
        "[a-zA-Z_${}:/.-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_][a-zA-Z0-9_]{0,8}|[ -~]{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes `v` as JSON5 with comments, single quotes, unquoted keys and trailing commas.
fn json5_text(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push_str("{ // members\n");
            for (k, v) in m {
                if !k.is_empty()
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !k.starts_with(|c: char| c.is_ascii_digit())
                {
                    out.push_str(k);
                } else {
                    out.push_str(&serde_json::to_string(k).unwrap());
                }
                out.push_str(" /* c */ : ");
                json5_text(v, out);
                out.push_str(",\n");
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for v in a {
                json5_text(v, out);
                out.push_str(", ");
            }
            out.push(']');
        }
        Value::String(s) if !s.contains(['\'', '\\']) && !s.chars().any(char::is_control) => {
            out.push('\'');
            out.push_str(s);
            out.push('\'');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn json_documents_parse_to_the_same_value(v in json_value()) {
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let doc = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert_eq!(norm(&doc.to_json()), norm(&v));
            prop_assert_eq!(doc.text(), text.as_str());
        }
    }

    #[test]
    fn json5_syntax_changes_nothing_of_the_value(v in json_value()) {
        let mut text = String::from("// leading comment\n");
        json5_text(&v, &mut text);
        text.push_str("\n/* trailing */\n");
        let doc = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(norm(&doc.to_json()), norm(&v));
    }

    #[test]
    fn spans_hold_each_value_s_own_text(v in json_value()) {
        let text = serde_json::to_string_pretty(&v).unwrap();
        let doc = parse(&text).unwrap();
        let mut ok = true;
        walk(doc.root(), &ConfigPath::root(), &mut |_, node| {
            // The span alone parses to the same value (serde_json's own float parse is not
            // correctly rounded without its float_roundtrip feature, so ours reads it).
            let own = parse(&text[node.span.clone()]).map(|d| d.to_json()).unwrap_or(Value::Bool(false));
            if !matches!(node.kind, Kind::Null) && norm(&own) != norm(&node.to_json()) {
                ok = false;
            }
        });
        prop_assert!(ok);
    }

    #[test]
    fn no_input_panics(text in "[{}\\[\\]:,'\"a-z0-9 \n/*\\\\.+-]{0,60}") {
        let _ = parse(&text);
    }
}
