//! Property tests of the JSON5 parser: any JSON document parses to the same value serde_json
//! reads; JSON5-only syntax (comments, single quotes, unquoted keys, trailing commas) changes
//! nothing of the value; no input makes it panic; spans point at the value's own text.

use mosbot_openclaw::json5::{parse, walk, write_back, Kind};
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

/// A value that shares structure with `a` and takes parts of `b`: members kept, dropped,
/// changed and added; arrays grown and shrunk.
fn mix(a: &Value, b: &Value, seed: u64) -> Value {
    let pick =
        |n: u64| (seed.rotate_left((n % 64) as u32) ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % 4;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = serde_json::Map::new();
            for (i, (k, v)) in x.iter().enumerate() {
                match pick(i as u64) {
                    0 => {}
                    1 => {
                        out.insert(k.clone(), y.get(k).cloned().unwrap_or(Value::Null));
                    }
                    _ => {
                        out.insert(
                            k.clone(),
                            mix(v, y.get(k).unwrap_or(b), seed.wrapping_add(i as u64)),
                        );
                    }
                }
            }
            for (k, v) in y {
                if !out.contains_key(k) && pick(k.len() as u64 + 7) == 0 {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) => {
            let keep = (pick(3) as usize).min(x.len());
            let mut out: Vec<Value> = x.iter().take(x.len() - keep / 2).cloned().collect();
            out.extend(y.iter().take(pick(5) as usize).cloned());
            Value::Array(out)
        }
        _ if pick(9) == 0 => b.clone(),
        _ => a.clone(),
    }
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
    fn write_back_holds_exactly_the_new_value(a in json_value(), b in json_value(), seed in any::<u64>()) {
        let mut text = String::from("// leading comment\n");
        json5_text(&a, &mut text);
        let doc = parse(&text).unwrap();
        // Unchanged: not one byte moves.
        let same = write_back(&doc, &doc.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(same.text(), text.as_str());
        // A related value (some of a, some of b) and an unrelated one both land exactly.
        let mixed = mix(&a, &b, seed);
        for target in [mixed, b] {
            let out = write_back(&doc, &target).map_err(|e| TestCaseError::fail(format!("{e}\n{text}\n{target}")))?;
            prop_assert_eq!(norm(&out.to_json()), norm(&target));
            prop_assert!(out.text().starts_with("// leading comment\n"));
        }
    }

    #[test]
    fn no_input_panics(text in "[{}\\[\\]:,'\"a-z0-9 \n/*\\\\.+-]{0,60}") {
        let _ = parse(&text);
    }
}
