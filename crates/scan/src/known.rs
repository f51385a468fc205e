//! Known values: every secret a deployment uses, looked for exactly and in the encodings it
//! travels in — base64 (standard and URL-safe, at all three alignments inside a longer base64
//! run), percent-encoding, JSON/JS string escaping, hex. One Aho-Corasick automaton holds every
//! needle, so a blob is read once however many values there are.

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use mosbot_core::strength::shannon_bits;
use sha2::{Digest, Sha256};

/// A secret value of the deployment and where it was read.
#[derive(Clone)]
pub struct KnownValue {
    /// The variable (`OPENCLAW_GATEWAY_TOKEN`).
    pub name: String,
    /// Where the value was read (`api/.env:12`), for messages.
    pub source: String,
    /// The value. A secret: never printed.
    pub value: String,
}

impl std::fmt::Debug for KnownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnownValue")
            .field("name", &self.name)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// How a known value was written where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// As is.
    Raw,
    /// Standard base64 (the alignment inside a longer run: 0, 1 or 2 bytes before it).
    Base64(u8),
    /// URL-safe base64, likewise.
    Base64Url(u8),
    /// Percent-encoded (`encodeURIComponent`).
    Percent,
    /// Inside a JSON or JavaScript string literal (escaped).
    JsonEscaped,
    /// Lower-case hex of its bytes.
    HexLower,
    /// Upper-case hex of its bytes.
    HexUpper,
}

impl Encoding {
    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Raw => "raw",
            Encoding::Base64(_) => "base64",
            Encoding::Base64Url(_) => "base64url",
            Encoding::Percent => "percent-encoded",
            Encoding::JsonEscaped => "json-escaped",
            Encoding::HexLower | Encoding::HexUpper => "hex",
        }
    }
}

/// Why a value is not looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The variable.
    pub name: String,
    /// Where it was read.
    pub source: String,
    /// Why (length or entropy), without the value.
    pub reason: String,
}

/// Shortest value matched at all, in characters.
pub const MIN_LENGTH: usize = 8;
/// Least entropy (bits, over the whole value) a value must carry to be matched at all.
pub const MIN_BITS: f64 = 28.0;
/// Shortest encoded needle: shorter encodings of a value match too much unrelated text.
pub const MIN_ENCODED_NEEDLE: usize = 12;

/// A hit: which value, how it was encoded, and where in the haystack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHit {
    /// Index into [`KnownSet::values`].
    pub value: usize,
    /// The encoding it was found in.
    pub encoding: Encoding,
    /// Byte range in the haystack.
    pub range: std::ops::Range<usize>,
}

/// Every known value, compiled into one matcher.
pub struct KnownSet {
    values: Vec<KnownValue>,
    skipped: Vec<Skipped>,
    needles: Vec<(usize, Encoding)>,
    matcher: Option<AhoCorasick>,
}

/// The stable part of the base64 of `value` when `offset` unknown bytes precede it in a longer
/// stream: the characters that depend on the value's bytes only.
fn base64_inner(value: &[u8], offset: usize, engine: &base64::engine::GeneralPurpose) -> String {
    let mut padded = vec![0u8; offset];
    padded.extend_from_slice(value);
    let encoded = engine.encode(&padded);
    let start = [0, 2, 3][offset];
    let end = 4 * ((offset + value.len()) / 3); // complete groups only: later bytes are unknown
    if end <= start {
        return String::new();
    }
    encoded[start..end].to_string()
}

/// `encodeURIComponent`.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl KnownSet {
    /// Compiles `values`; values too short or too predictable to match safely are set aside.
    pub fn new(values: Vec<KnownValue>) -> KnownSet {
        let mut kept = Vec::new();
        let mut skipped = Vec::new();
        for v in values {
            let len = v.value.chars().count();
            let bits = shannon_bits(&v.value);
            if len < MIN_LENGTH {
                skipped.push(Skipped {
                    name: v.name,
                    source: v.source,
                    reason: format!(
                        "{len} characters is too short to match safely (at least {MIN_LENGTH})"
                    ),
                });
            } else if bits < MIN_BITS {
                skipped.push(Skipped { name: v.name, source: v.source, reason: format!("about {bits:.0} bits of entropy is too predictable to match safely (at least {MIN_BITS:.0})") });
            } else if !kept
                .iter()
                .any(|k: &KnownValue| k.value == v.value && k.name == v.name)
            {
                kept.push(v);
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut needles = Vec::new();
        for (i, v) in kept.iter().enumerate() {
            let mut add = |needle: String, encoding: Encoding| {
                let ok = encoding == Encoding::Raw || needle.len() >= MIN_ENCODED_NEEDLE;
                if ok && !patterns.contains(&needle) {
                    patterns.push(needle);
                    needles.push((i, encoding));
                }
            };
            let bytes = v.value.as_bytes();
            add(v.value.clone(), Encoding::Raw);
            for offset in 0..3u8 {
                let std = base64_inner(
                    bytes,
                    offset as usize,
                    &base64::engine::general_purpose::STANDARD,
                );
                let url = base64_inner(
                    bytes,
                    offset as usize,
                    &base64::engine::general_purpose::URL_SAFE,
                );
                if url != std {
                    add(url, Encoding::Base64Url(offset));
                }
                add(std, Encoding::Base64(offset));
            }
            let pct = percent_encode(&v.value);
            if pct != v.value {
                add(pct, Encoding::Percent);
            }
            let json = serde_json::to_string(&v.value).expect("a string serialises");
            let json = &json[1..json.len() - 1];
            if json != v.value {
                add(json.to_string(), Encoding::JsonEscaped);
            }
            add(hex::encode(bytes), Encoding::HexLower);
            add(hex::encode_upper(bytes), Encoding::HexUpper);
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("literal needles always compile")
        });
        KnownSet {
            values: kept,
            skipped,
            needles,
            matcher,
        }
    }

    /// The values looked for.
    pub fn values(&self) -> &[KnownValue] {
        &self.values
    }

    /// The values set aside, and why.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Every occurrence in `haystack`.
    pub fn find(&self, haystack: &[u8]) -> Vec<KnownHit> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        matcher
            .find_iter(haystack)
            .map(|m| {
                let (value, encoding) = self.needles[m.pattern().as_usize()];
                KnownHit {
                    value,
                    encoding,
                    range: m.range(),
                }
            })
            .collect()
    }
}

/// A short SHA-256 fingerprint of a value, for high-entropy values only (a fingerprint of a short
/// password could be brute-forced back).
pub fn value_fingerprint(value: &str) -> Option<String> {
    (shannon_bits(value) >= 64.0).then(|| hex::encode(&Sha256::digest(value.as_bytes())[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(values: &[(&str, &str)]) -> KnownSet {
        KnownSet::new(
            values
                .iter()
                .map(|(n, v)| KnownValue {
                    name: n.to_string(),
                    source: "test".into(),
                    value: v.to_string(),
                })
                .collect(),
        )
    }

    const TOKEN: &str = "hT9sK2vX7qL4mN8pR3wZ6yB1cF5gJ0dA2eU4iO6kM8=";

    #[test]
    fn every_encoding_is_found() {
        let s = set(&[("T", TOKEN), ("P", "p@ss w/rd+\"quoted\"&more")]);
        let b64 = base64::engine::general_purpose::STANDARD;
        let url = base64::engine::general_purpose::URL_SAFE;
        for prefix in ["", "x", "xy", "xyz"] {
            let embedded = format!("{prefix}TOKEN={TOKEN}\nmore text");
            for text in [b64.encode(&embedded), url.encode(&embedded)] {
                let hits = s.find(text.as_bytes());
                assert!(
                    hits.iter().any(|h| h.value == 0),
                    "prefix {prefix:?}: {text}"
                );
            }
        }
        assert!(s
            .find(format!("url?t={}", percent_encode("p@ss w/rd+\"quoted\"&more")).as_bytes())
            .iter()
            .any(|h| h.encoding == Encoding::Percent));
        assert!(s
            .find(
                serde_json::json!({"p": "p@ss w/rd+\"quoted\"&more"})
                    .to_string()
                    .as_bytes()
            )
            .iter()
            .any(|h| h.encoding == Encoding::JsonEscaped));
        assert!(s
            .find(hex::encode(TOKEN).as_bytes())
            .iter()
            .any(|h| h.encoding == Encoding::HexLower));
        assert!(s
            .find(TOKEN.as_bytes())
            .iter()
            .any(|h| h.encoding == Encoding::Raw));
    }

    #[test]
    fn weak_values_are_skipped_with_a_reason() {
        let s = set(&[("PORT", "3000"), ("A", "aaaaaaaaaaaa"), ("T", TOKEN)]);
        assert_eq!(s.values().len(), 1);
        assert_eq!(s.skipped().len(), 2);
        assert!(!format!("{:?}", s.skipped()).contains("aaaa"));
        assert!(
            !format!("{:?}", s.values()).contains(TOKEN),
            "Debug never shows a value"
        );
    }
}
