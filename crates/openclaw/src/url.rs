//! Does a URL-like string carry credentials? OpenClaw's `redactSensitiveUrlLikeString` answers by
//! rewriting the string with Node's WHATWG parser; only "would it change" matters for config
//! redaction, so this answers that question directly: user info in the authority, a sensitive
//! query or fragment parameter, or a Telegram bot token in the path, also inside
//! percent-encoded nested URLs.

/// Query parameter names OpenClaw treats as secrets (after normalisation).
const SENSITIVE_PARAMS: &[&str] = &[
    "token",
    "key",
    "api_key",
    "apikey",
    "secret",
    "access_token",
    "auth_token",
    "password",
    "pass",
    "passwd",
    "auth",
    "jwt",
    "session",
    "id_token",
    "code",
    "client_secret",
    "app_secret",
    "hook_token",
    "refresh_token",
    "signature",
    "x_amz_signature",
    "x_amz_security_token",
    "private_key",
    "credential",
    "authorization",
    "sig",
    "x_api_key",
    "x_access_token",
    "x_auth_token",
];

/// Nested percent-encoding is undone at most this many times (OpenClaw's limit).
const MAX_DECODE_DEPTH: usize = 8;

/// Whether `value` holds credentials OpenClaw would mask.
pub fn carries_credentials(value: &str) -> bool {
    let mut current = value.to_string();
    for _ in 0..=MAX_DECODE_DEPTH {
        if has_userinfo(&current)
            || has_sensitive_param(&current)
            || has_telegram_bot_path(&current)
        {
            return true;
        }
        match percent_decode(&current) {
            Some(decoded) if decoded != current => current = decoded,
            _ => return false,
        }
    }
    false
}

fn has_userinfo(s: &str) -> bool {
    let authority_start = match s.find("://") {
        Some(i)
            if s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && i > 0 =>
        {
            i + 3
        }
        _ if s.starts_with("//") => 2,
        _ => return false,
    };
    let rest = &s[authority_start..];
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    rest[..end].contains('@')
}

fn normalise_param(name: &str) -> (String, bool) {
    let strip = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !(c.is_whitespace()
                    || c.is_control()
                    || *c == '+'
                    || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}'))
            })
            .collect()
    };
    let mut current = strip(name);
    for _ in 0..=MAX_DECODE_DEPTH {
        match percent_decode(&current) {
            Some(decoded) => {
                let decoded = strip(&decoded);
                if decoded == current {
                    break;
                }
                current = decoded;
            }
            None => {
                return (
                    current.to_lowercase().replace('-', "_"),
                    current.contains('%'),
                )
            }
        }
    }
    (current.to_lowercase().replace('-', "_"), false)
}

fn is_sensitive_param(name: &str) -> bool {
    let (normalised, undecodable) = normalise_param(name);
    if undecodable || SENSITIVE_PARAMS.contains(&normalised.as_str()) {
        return true;
    }
    // /(?:^|_)token(?:_[a-f0-9]{16,})?$/
    let scoped = normalised.rsplit_once("token_").filter(|(_, hex)| {
        hex.len() >= 16
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    let base = match scoped {
        Some((before, _)) => format!("{before}token"),
        None => normalised,
    };
    base == "token" || base.ends_with("_token")
}

fn has_sensitive_param(s: &str) -> bool {
    let query = s.find('?').map(|i| &s[i + 1..]);
    let fragment = s.find('#').map(|i| &s[i + 1..]);
    [query, fragment].into_iter().flatten().any(|part| {
        let part = part.split('#').next().unwrap_or(part);
        part.split('&')
            .filter_map(|pair| pair.split('=').next())
            .filter(|name| !name.is_empty())
            .any(is_sensitive_param)
    })
}

/// `/\/bot\d{6,}(?::|%3[aA])[A-Za-z0-9_-]{20,}(?=\/|$)/i`
fn has_telegram_bot_path(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.match_indices("/bot").any(|(i, _)| {
        let rest = &s[i + 4..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits < 6 {
            return false;
        }
        let rest = &rest[digits..];
        let rest = if let Some(r) = rest.strip_prefix(':') {
            r
        } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("%3a") {
            &rest[3..]
        } else {
            return false;
        };
        let token = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        token >= 20 && (token == rest.len() || rest.as_bytes()[token] == b'/')
    })
}

/// `decodeURIComponent`: None when a `%` escape is malformed or decodes to invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls() {
        for s in [
            "https://u:p@host/v1",
            "https://u@host",
            "redis://u:p@h:6379",
            "//u:p@host/x",
            "https://h/x?token=1",
            "https://h/x?api-key=1",
            "https://h/x#access_token=1",
            "host/path?token=1",
            "https://h/x?foo_token=1",
            "https://api.telegram.org/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ/getMe",
            "https://h/p%3Fkey%3D1",
        ] {
            assert!(carries_credentials(s), "{s}");
        }
        for s in [
            "https://host/v1",
            "https://h:8080/x",
            "https://h/x?model=gpt",
            "https://h/x?mytoken=1",
            "${BASE}/v1",
            "not a url",
        ] {
            assert!(!carries_credentials(s), "{s}");
        }
    }
}
