//! Judging variables the catalog does not know: by name (`*_TOKEN`, `*_PASSWORD`, ...), by value
//! shape (known token formats) and by placeholder patterns (`replace-with-…`, `change-me`, ...).

use regex::Regex;
use std::sync::LazyLock;

/// What a variable's name says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameVerdict {
    /// The name says it holds a secret.
    Secret,
    /// The name says nothing of the kind.
    NotSecret,
}

/// Name segments that mark a secret when they end the name (`STRIPE_SECRET_KEY`, `DB_PASS`).
const SECRET_LAST_SEGMENTS: &[&str] = &[
    "KEY",
    "APIKEY",
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASS",
    "PASSWD",
    "PWD",
    "PASSPHRASE",
    "CREDENTIAL",
    "CREDENTIALS",
    "SALT",
    "PEPPER",
    "SIGNATURE",
    "COOKIE",
    "SESSION",
    "AUTH",
];

/// Name segments that make a name a pointer to a secret or a counter, not a secret itself
/// (`SSH_KEY_PATH`, `MAX_TOKENS`, `PUBLIC_KEY`, `JWT_SECRET_FILE`).
const NOT_SECRET_SEGMENTS: &[&str] = &[
    "PATH",
    "FILE",
    "DIR",
    "URL",
    "URI",
    "HOST",
    "PORT",
    "NAME",
    "ID",
    "TTL",
    "EXPIRES",
    "EXPIRY",
    "TIMEOUT",
    "LENGTH",
    "COUNT",
    "LIMIT",
    "MAX",
    "MIN",
    "TOKENS",
    "PUBLIC",
    "ENABLED",
    "HEADER",
    "TYPE",
    "MODE",
    "REF",
    "ALGORITHM",
    "ALG",
    "ISSUER",
    "AUDIENCE",
    "PREFIX",
    "VERSION",
];

/// Judges a variable by its name alone.
pub fn classify_by_name(name: &str) -> NameVerdict {
    let upper = name.to_ascii_uppercase();
    let segments: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = segments.last() else {
        return NameVerdict::NotSecret;
    };
    if segments.iter().any(|s| NOT_SECRET_SEGMENTS.contains(s)) {
        return NameVerdict::NotSecret;
    }
    if SECRET_LAST_SEGMENTS.contains(last)
        || upper.contains("PRIVATE_KEY")
        || upper.contains("SECRET")
        || upper.contains("PASSWORD")
        || upper.ends_with("APIKEY")
        || upper.ends_with("TOKEN")
    {
        NameVerdict::Secret
    } else {
        NameVerdict::NotSecret
    }
}

/// A known token format, recognised by shape.
#[derive(Debug)]
pub struct TokenShape {
    /// Human name of the format ("OpenAI API key").
    pub name: &'static str,
    regex: Regex,
}

fn shape(name: &'static str, pattern: &str) -> TokenShape {
    TokenShape {
        name,
        regex: Regex::new(pattern).expect("token shape patterns are valid"),
    }
}

/// The token formats of the providers this stack meets. The scanner has the full rule set; this
/// list only decides "this value is certainly a credential" for classification.
static TOKEN_SHAPES: LazyLock<Vec<TokenShape>> = LazyLock::new(|| {
    vec![
        shape("Anthropic API key", r"^sk-ant-[A-Za-z0-9_-]{20,}$"),
        shape("OpenRouter API key", r"^sk-or-v1-[a-f0-9]{32,}$"),
        shape(
            "OpenAI API key",
            r"^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$",
        ),
        shape(
            "GitHub token",
            r"^(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}$",
        ),
        shape(
            "GitHub fine-grained token",
            r"^github_pat_[A-Za-z0-9_]{40,}$",
        ),
        shape("GitLab token", r"^glpat-[A-Za-z0-9_-]{20,}$"),
        shape("Slack token", r"^xox[baprs]-[A-Za-z0-9-]{10,}$"),
        shape("Slack app token", r"^xapp-[A-Za-z0-9-]{10,}$"),
        shape("Groq API key", r"^gsk_[A-Za-z0-9]{20,}$"),
        shape("Google API key", r"^AIza[0-9A-Za-z_-]{35}$"),
        shape("Perplexity API key", r"^pplx-[A-Za-z0-9]{20,}$"),
        shape("npm token", r"^npm_[A-Za-z0-9]{36}$"),
        shape("AWS access key id", r"^(?:AKIA|ASIA)[0-9A-Z]{16}$"),
        shape("Stripe key", r"^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}$"),
        shape(
            "SendGrid API key",
            r"^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$",
        ),
        shape("Hugging Face token", r"^hf_[A-Za-z0-9]{30,}$"),
        shape("Telegram bot token", r"^[0-9]{6,}:[A-Za-z0-9_-]{30,}$"),
        shape("Brave Search API key", r"^BSA[A-Za-z0-9_-]{20,}$"),
        shape(
            "JSON Web Token",
            r"^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$",
        ),
        shape("private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
        shape(
            "URL with a password",
            r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@",
        ),
    ]
});

/// The known token format `value` has, if any.
pub fn token_shape(value: &str) -> Option<&'static TokenShape> {
    let value = value.trim();
    TOKEN_SHAPES.iter().find(|s| s.regex.is_match(value))
}

/// Why a value was judged a placeholder: the pattern's description, never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// A description of the matched pattern (`"replace-with-…"`).
    pub pattern: &'static str,
}

/// Placeholder patterns: lower-cased prefixes or whole values that real `.env.example` files and
/// docs use.
const PLACEHOLDER_PREFIXES: &[(&str, &str)] = &[
    ("replace-with", "replace-with-…"),
    ("replace_with", "replace_with_…"),
    ("replaceme", "replaceme…"),
    ("replace-me", "replace-me…"),
    ("change-me", "change-me…"),
    ("changeme", "changeme…"),
    ("change_me", "change_me…"),
    ("change-this", "change-this…"),
    ("changethis", "changethis…"),
    ("your-", "your-…"),
    ("your_", "your_…"),
    ("<your", "<your…>"),
    ("generated-by-", "generated-by-…"),
    ("generate-", "generate-…"),
    ("insert-", "insert-…"),
    ("put-your", "put-your…"),
    ("enter-your", "enter-your…"),
    ("todo", "todo…"),
    ("fixme", "fixme…"),
    ("xxx", "xxx…"),
    ("placeholder", "placeholder…"),
    ("dummy", "dummy…"),
    ("example", "example…"),
    ("sample", "sample…"),
    ("test-", "test-…"),
    ("fake", "fake…"),
    ("${", "${…} (dotenv does not expand references)"),
    ("<", "<…>"),
];

/// Whole values (lower-cased) that are placeholders.
const PLACEHOLDER_VALUES: &[&str] = &[
    "secret",
    "password",
    "passw0rd",
    "token",
    "key",
    "apikey",
    "api-key",
    "api_key",
    "changeit",
    "admin",
    "root",
    "test",
    "default",
    "none",
    "null",
    "undefined",
    "tbd",
    "n/a",
    "...",
    "***",
    "mysecret",
    "supersecret",
    "super-secret",
    "jwt-secret",
    "jwt_secret",
    "jwtsecret",
    "secret123",
    "password123",
    "12345678",
    "123456",
    "qwerty",
];

/// Judges whether `value` is a placeholder rather than a real value. Empty counts.
pub fn placeholder(value: &str) -> Option<Placeholder> {
    let lower = value.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return Some(Placeholder { pattern: "empty" });
    }
    if PLACEHOLDER_VALUES.contains(&lower.as_str()) {
        return Some(Placeholder {
            pattern: "a well-known default value",
        });
    }
    if let Some((_, pattern)) = PLACEHOLDER_PREFIXES
        .iter()
        .find(|(prefix, _)| lower.starts_with(prefix))
    {
        return Some(Placeholder { pattern });
    }
    if lower.len() >= 3
        && lower
            .chars()
            .all(|c| c == 'x' || c == '*' || c == '.' || c == '-' || c == '0')
    {
        return Some(Placeholder {
            pattern: "a run of filler characters",
        });
    }
    for word in [
        "replace-with",
        "change-me",
        "changeme",
        "your-",
        "example.com",
        "placeholder",
    ] {
        if lower.contains(word) {
            return Some(Placeholder {
                pattern: "a placeholder word",
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_say_secret() {
        for name in [
            "JWT_SECRET",
            "DB_PASSWORD",
            "DB_PASS",
            "OPENAI_API_KEY",
            "STRIPE_SECRET_KEY",
            "GITHUB_TOKEN",
            "SESSION_SECRET",
            "SSH_PRIVATE_KEY",
            "SMTP_PASSWD",
            "CLIENT_SECRET_VALUE",
            "REDIS_PWD",
            "AWS_SECRET_ACCESS_KEY",
            "APIKEY",
        ] {
            assert_eq!(classify_by_name(name), NameVerdict::Secret, "{name}");
        }
    }

    #[test]
    fn names_that_do_not() {
        for name in [
            "PORT",
            "DB_HOST",
            "MAX_TOKENS",
            "JWT_EXPIRES_IN",
            "SSH_KEY_PATH",
            "JWT_SECRET_FILE",
            "TOKEN_TTL",
            "STRIPE_PUBLIC_KEY",
            "VITE_API_URL",
            "NODE_ENV",
            "KEYBOARD_LAYOUT",
            "AWS_ACCESS_KEY_ID",
            "PASSWORD_MIN_LENGTH",
            "SECRET_NAME",
        ] {
            assert_eq!(classify_by_name(name), NameVerdict::NotSecret, "{name}");
        }
    }

    #[test]
    fn token_shapes() {
        let cases = [
            ("sk-proj-abcdefghijklmnopqrstuvwxyz012345", "OpenAI API key"),
            (
                "sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
                "Anthropic API key",
            ),
            (
                "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef",
                "OpenRouter API key",
            ),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GitHub token"), // mosbot-secrets:allow (a test fixture)
            (
                "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ", // mosbot-secrets:allow (a test fixture)
                "Telegram bot token",
            ),
            (
                "postgres://mosbot:hunter2hunter2@db:5432/mosbot",
                "URL with a password",
            ),
        ];
        for (value, name) in cases {
            assert_eq!(token_shape(value).map(|s| s.name), Some(name), "{name}");
        }
        for value in [
            "http://localhost:3000",
            "mosbot",
            "550e8400-e29b-41d4-a716-446655440000",
        ] {
            assert!(token_shape(value).is_none(), "{value}");
        }
    }

    #[test]
    fn placeholders() {
        for value in [
            "",
            "replace-with-a-long-random-secret",
            "change-me",
            "CHANGEME",
            "your-db-password",
            "your-jwt-secret",
            "generated-by-init",
            "xxxxxxxx",
            "<your key>",
            "${JWT_SECRET}",
            "secret",
            "https://your-dashboard.example.com",
            "TODO",
        ] {
            assert!(placeholder(value).is_some(), "{value:?}");
        }
        for value in [
            "6f1c0e7d9a2b",
            "http://localhost:5173",
            "Tr0ub4dor&3-horse-battery",
            "mosbot",
        ] {
            assert!(placeholder(value).is_none(), "{value:?}");
        }
    }
}
