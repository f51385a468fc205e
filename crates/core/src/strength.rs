//! Strength rules: is a value long enough, random enough, hard enough to guess?

use crate::catalog::Strength;

/// Why a value fails its strength rule. Never carries the value.
#[derive(Debug, Clone, PartialEq)]
pub enum Weakness {
    /// Shorter than the rule's minimum.
    TooShort {
        /// The minimum, in characters.
        min: usize,
        /// The value's length, in characters.
        actual: usize,
    },
    /// Long enough but guessable: the reason in words.
    Weak {
        /// What makes it weak, without quoting it.
        reason: String,
    },
}

/// Entropy in bits a random-looking secret (hex or base64 token, JWT secret) must show.
pub const MIN_RANDOM_BITS: f64 = 96.0;

/// Share of a random secret that may consist of words, sequences and other patterns zxcvbn knows.
pub const MAX_GUESSABLE_FRACTION: f64 = 0.5;

/// zxcvbn score a password must reach (0 to 4).
pub const MIN_PASSWORD_SCORE: u8 = 3;

/// Words of this stack that an attacker tries first; zxcvbn weighs them as dictionary words.
const STACK_WORDS: &[&str] = &[
    "mosbot",
    "openclaw",
    "secret",
    "jwt",
    "token",
    "password",
    "admin",
    "owner",
    "bootstrap",
    "workspace",
    "gateway",
    "dashboard",
    "postgres",
    "api",
    "key",
    "dev",
    "prod",
    "production",
];

/// zxcvbn is quadratic in the length; past this many characters the rest adds nothing we judge.
const ZXCVBN_MAX_CHARS: usize = 100;

/// Judges `value` against `strength` and `min_length`. An empty result means it passes.
pub fn evaluate(value: &str, strength: Strength, min_length: Option<usize>) -> Vec<Weakness> {
    let mut problems = Vec::new();
    let length = value.chars().count();
    if let Some(min) = min_length {
        if length < min {
            problems.push(Weakness::TooShort {
                min,
                actual: length,
            });
        }
    }
    match strength {
        Strength::HexRandom | Strength::Base64Random => {
            let bits = shannon_bits(value);
            if bits < MIN_RANDOM_BITS {
                problems.push(Weakness::Weak {
                    reason: format!(
                        "it carries about {bits:.0} bits of entropy; a random secret needs {MIN_RANDOM_BITS:.0} or more"
                    ),
                });
            } else if !is_hex(value) && guessable_fraction(value) > MAX_GUESSABLE_FRACTION {
                // Pure hex is exempt: hex has too few letters to spell words, but its digit runs
                // and short words ("dead", "cafe") reach 40% coverage in random output.
                problems.push(Weakness::Weak {
                    reason: "most of it is dictionary words, keyboard runs, sequences or dates, not random characters"
                        .to_string(),
                });
            }
        }
        Strength::Password => {
            if let Some(score) = zxcvbn_score(value).filter(|&s| s < MIN_PASSWORD_SCORE) {
                problems.push(Weakness::Weak {
                    reason: format!(
                        "its zxcvbn score is {score} of 4; a password needs {MIN_PASSWORD_SCORE} or more"
                    ),
                });
            }
        }
        Strength::ProviderKey | Strength::Any => {}
    }
    problems
}

/// Total Shannon entropy of the value's characters, in bits: the per-character entropy of its
/// own character distribution times its length. Repetition and small alphabets score low.
pub fn shannon_bits(value: &str) -> f64 {
    let chars: Vec<char> = value.chars().collect();
    if chars.is_empty() {
        return 0.0;
    }
    let mut counts = std::collections::HashMap::new();
    for c in &chars {
        *counts.entry(*c).or_insert(0usize) += 1;
    }
    let n = chars.len() as f64;
    let per_char: f64 = counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum();
    per_char * n
}

/// Whether a value looks like a random credential rather than a word, a URL or a number: long,
/// no spaces, varied characters.
pub fn looks_random(value: &str) -> bool {
    let value = value.trim();
    let length = value.chars().count();
    if length < 20 || value.contains(char::is_whitespace) {
        return false;
    }
    if value.contains("://") || value.starts_with('/') || value.starts_with("./") {
        return false;
    }
    if value.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let classes = [
        value.chars().any(|c| c.is_ascii_lowercase()),
        value.chars().any(|c| c.is_ascii_uppercase()),
        value.chars().any(|c| c.is_ascii_digit()),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    let per_char = shannon_bits(value) / length as f64;
    classes >= 2 && per_char >= 3.5 && guessable_fraction(value) <= MAX_GUESSABLE_FRACTION
}

fn zxcvbn_input(value: &str) -> &str {
    match value.char_indices().nth(ZXCVBN_MAX_CHARS) {
        Some((i, _)) => &value[..i],
        None => value,
    }
}

/// The share of `value`'s letters and digits that zxcvbn explains by a pattern (a dictionary
/// word, a keyboard run, a sequence, a repeat, a date) rather than by brute force.
///
/// zxcvbn's guess count saturates near 10^19, so on a long input brute force ties with every
/// pattern and it cannot tell a 52-character passphrase from 52 random characters. Judging the
/// value in short windows (split at separators, then every [`WINDOW`] characters) keeps each
/// window below the saturation point, where its matching is sharp.
pub fn guessable_fraction(value: &str) -> f64 {
    let mut total = 0usize;
    let mut explained = 0usize;
    for word in value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let chars: Vec<char> = word.chars().collect();
        for window in chars.chunks(WINDOW) {
            let text: String = window.iter().collect();
            total += window.len();
            let entropy = zxcvbn::zxcvbn(&text, STACK_WORDS);
            explained += entropy
                .sequence()
                .iter()
                .filter(|m| m.pattern != zxcvbn::matching::patterns::MatchPattern::BruteForce)
                .map(|m| m.j + 1 - m.i)
                .sum::<usize>();
        }
    }
    if total == 0 {
        return 1.0;
    }
    explained as f64 / total as f64
}

fn is_hex(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Window length for [`guessable_fraction`].
pub const WINDOW: usize = 16;

/// zxcvbn's score (0 to 4), or None for an empty value.
pub fn zxcvbn_score(value: &str) -> Option<u8> {
    if value.is_empty() {
        return None;
    }
    Some(zxcvbn::zxcvbn(zxcvbn_input(value), STACK_WORDS).score() as u8)
}

/// zxcvbn's estimate of log10(guesses), or None for an empty value.
pub fn zxcvbn_guesses_log10(value: &str) -> Option<f64> {
    if value.is_empty() {
        return None;
    }
    Some(zxcvbn::zxcvbn(zxcvbn_input(value), STACK_WORDS).guesses_log10())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;

    #[test]
    fn generated_values_pass_their_rules() {
        for _ in 0..20 {
            assert!(evaluate(
                &generate::jwt_secret().unwrap(),
                Strength::HexRandom,
                Some(48)
            )
            .is_empty());
            assert!(evaluate(
                &generate::token().unwrap(),
                Strength::Base64Random,
                Some(32)
            )
            .is_empty());
            assert!(evaluate(
                &generate::password(24).unwrap(),
                Strength::Password,
                Some(16)
            )
            .is_empty());
        }
    }

    #[test]
    fn short_jwt_secret_is_too_short() {
        let problems = evaluate(
            "0123456789abcdef0123456789abcdef",
            Strength::HexRandom,
            Some(48),
        );
        assert!(matches!(
            problems[0],
            Weakness::TooShort {
                min: 48,
                actual: 32
            }
        ));
    }

    #[test]
    fn repeated_or_wordy_secrets_are_weak() {
        let repeated = "a".repeat(64);
        assert!(evaluate(&repeated, Strength::HexRandom, Some(48))
            .iter()
            .any(|w| matches!(w, Weakness::Weak { .. })));
        let wordy = "my-super-secret-jwt-key-that-is-long-enough-for-prod";
        assert!(
            evaluate(wordy, Strength::HexRandom, Some(48))
                .iter()
                .any(|w| matches!(w, Weakness::Weak { .. })),
            "{:?}",
            zxcvbn_guesses_log10(wordy)
        );
    }

    #[test]
    fn weak_passwords() {
        for p in ["password123", "mosbot2024!", "qwertyuiop", "Summer2024"] {
            assert!(!evaluate(p, Strength::Password, None).is_empty(), "{p}");
        }
        assert!(evaluate("correct-horse-battery-staple-9Qz", Strength::Password, None).is_empty());
    }

    #[test]
    fn looks_random_separates_credentials_from_settings() {
        assert!(looks_random(&generate::token().unwrap()));
        assert!(looks_random("sk-proj-Xq3TzL9wRb7NcV2mKd5Fh8Jp1Gs4Yt6A"));
        for v in [
            "http://localhost:3000",
            "MosBot Dashboard",
            "30000",
            "production",
            "550e8400e29b41d4",
        ] {
            assert!(!looks_random(v), "{v}");
        }
    }
}
