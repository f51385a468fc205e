//! Making new secret values the way the spec says, from the operating system's CSPRNG.

use base64::Engine;
use zeroize::Zeroizing;

use crate::catalog::Recipe;

/// Length of a generated password, in characters.
pub const PASSWORD_LENGTH: usize = 24;

/// The password alphabet: letters and digits without look-alikes (0/O, 1/l/I) plus a few
/// symbols that need no quoting in `.env`, YAML or a shell: 60 symbols, about 5.9 bits each.
pub const PASSWORD_ALPHABET: &[u8] =
    b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.";

/// The operating system could not provide random bytes.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomError(String);

fn random_bytes(len: usize) -> Result<Zeroizing<Vec<u8>>, RandomError> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    getrandom::fill(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    Ok(bytes)
}

/// A new value made by `recipe`.
pub fn generate(recipe: Recipe) -> Result<Zeroizing<String>, RandomError> {
    match recipe {
        Recipe::JwtSecret => jwt_secret(),
        Recipe::Token => token(),
        Recipe::Password => password(PASSWORD_LENGTH),
    }
}

/// 48 random bytes as 96 lowercase hex characters: Node's `randomBytes(48).toString('hex')`.
pub fn jwt_secret() -> Result<Zeroizing<String>, RandomError> {
    Ok(Zeroizing::new(hex::encode(&*random_bytes(48)?)))
}

/// 32 random bytes as 44 characters of padded standard base64: `openssl rand -base64 32`.
pub fn token() -> Result<Zeroizing<String>, RandomError> {
    Ok(Zeroizing::new(
        base64::engine::general_purpose::STANDARD.encode(&*random_bytes(32)?),
    ))
}

/// A password of `length` characters drawn uniformly from [`PASSWORD_ALPHABET`].
///
/// Rejection sampling keeps every character equally likely (a plain `byte % 58` would favour the
/// first 24 characters of the alphabet).
pub fn password(length: usize) -> Result<Zeroizing<String>, RandomError> {
    let n = PASSWORD_ALPHABET.len();
    let limit = 256 - (256 % n); // bytes at or above this would bias the draw
    let mut out = Zeroizing::new(String::with_capacity(length));
    while out.len() < length {
        for &b in random_bytes(length * 2)?.iter() {
            if (b as usize) < limit && out.len() < length {
                out.push(PASSWORD_ALPHABET[b as usize % n] as char);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_secret_is_96_lowercase_hex() {
        let v = jwt_secret().unwrap();
        assert_eq!(v.len(), 96);
        assert!(v
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
        assert_ne!(*v, *jwt_secret().unwrap());
    }

    #[test]
    fn token_is_44_char_padded_base64_of_32_bytes() {
        let v = token().unwrap();
        assert_eq!(v.len(), 44);
        assert!(v.ends_with('='));
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(v.as_bytes())
            .unwrap();
        assert_eq!(decoded.len(), 32);
    }

    #[test]
    fn password_uses_only_the_alphabet_and_every_symbol_appears() {
        let mut seen = [false; 256];
        for _ in 0..200 {
            let p = password(PASSWORD_LENGTH).unwrap();
            assert_eq!(p.chars().count(), PASSWORD_LENGTH);
            for b in p.bytes() {
                assert!(PASSWORD_ALPHABET.contains(&b));
                seen[b as usize] = true;
            }
        }
        assert!(PASSWORD_ALPHABET.iter().all(|&b| seen[b as usize]));
    }
}
