//! Property: a known value is found in every encoding it travels in, whatever surrounds it.

use base64::Engine;
use mosbot_scan::known::{KnownSet, KnownValue};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn found_raw_and_inside_any_base64_run(
        value in "[A-Za-z0-9+/=_-]{16,64}",
        prefix in prop::collection::vec(any::<u8>(), 0..20),
        suffix in prop::collection::vec(any::<u8>(), 0..20),
    ) {
        prop_assume!(mosbot_core::strength::shannon_bits(&value) >= 28.0);
        let set = KnownSet::new(vec![KnownValue { name: "T".into(), source: "t".into(), value: value.clone() }]);
        let mut stream = prefix.clone();
        stream.extend_from_slice(value.as_bytes());
        stream.extend_from_slice(&suffix);
        prop_assert!(!set.find(&stream).is_empty(), "raw");
        for engine in [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::URL_SAFE, base64::engine::general_purpose::STANDARD_NO_PAD] {
            let encoded = engine.encode(&stream);
            prop_assert!(!set.find(encoded.as_bytes()).is_empty(), "base64 with {} bytes before", prefix.len());
        }
        prop_assert!(!set.find(hex::encode(&stream).as_bytes()).is_empty(), "hex");
    }
}
