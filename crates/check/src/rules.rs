//! Every rule `check` has: its stable id, usual severity, summary and help.

use mosbot_core::{RuleInfo, Severity};
use std::borrow::Cow;

macro_rules! rules {
    ($($konst:ident = $id:literal, $sev:ident, $summary:literal, $help:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $konst: &str = $id;
        )*
        /// All rules, in the order SARIF lists them.
        pub const ALL: &[RuleInfo] = &[
            $(RuleInfo {
                id: Cow::Borrowed($id),
                severity: Severity::$sev,
                summary: Cow::Borrowed($summary),
                help: Cow::Borrowed($help),
            },)*
        ];
    };
}

rules! {
    SECRET_MISSING = "secret.missing", High,
        "A secret the component needs is not set.",
        "The component cannot start safely without it. Generate it with `mosbot-secrets init DIR`, which writes it atomically with mode 0600.";
    SECRET_PLACEHOLDER = "secret.placeholder", Critical,
        "A secret still holds a placeholder or is empty.",
        "Values such as `replace-with-...` or `change-me` are published in examples and docs: anyone can forge sessions or call the service. Replace them with `mosbot-secrets init --replace-placeholders DIR`.";
    SECRET_TOO_SHORT = "secret.too-short", High,
        "A secret is shorter than its rule allows.",
        "JWT_SECRET must be at least 48 characters (the spec generates 96 hex characters); tokens at least 32. Generate a new value with `mosbot-secrets generate NAME`.";
    SECRET_WEAK = "secret.weak", High,
        "A secret is guessable.",
        "Passwords need a zxcvbn score of 3 or more; random secrets need 96 bits of entropy and no dictionary words. Generate a new value with `mosbot-secrets generate NAME`.";
    SECRET_ALIAS_MISMATCH = "secret.alias-mismatch", High,
        "Two variables that must hold one value hold different values.",
        "The workspace service accepts WORKSPACE_SERVICE_TOKEN and the API sends OPENCLAW_WORKSPACE_TOKEN; the gateway and the API share OPENCLAW_GATEWAY_TOKEN. If they differ every request fails with 401. Copy one value to the other file.";
    SECRET_REUSED = "secret.reused", High,
        "One value is used for two different secrets.",
        "A leak of one secret then exposes the other, and rotating one breaks the other. Give each its own value with `mosbot-secrets generate NAME`.";
    SECRET_UNEXPECTED_COMPONENT = "secret.unexpected-component", Low,
        "A secret sits in the env file of a component that does not use it.",
        "Every extra copy is one more place it can leak from. Remove it from that file.";
    BOOTSTRAP_STILL_PRESENT = "bootstrap.still-present", Medium,
        "BOOTSTRAP_OWNER_PASSWORD is still set.",
        "It is needed only to create the first owner on an empty database. Remove it from the env file after the first login, and change the owner's password if the file was ever shared.";
    SETTING_MISSING = "setting.missing", Medium,
        "A setting the component needs is not set.",
        "Run `mosbot-secrets init DIR` to add it with its default, then adjust.";
    SETTING_PLACEHOLDER = "setting.placeholder", Medium,
        "A setting still holds a placeholder.",
        "Set the real value (for CORS_ORIGIN: the dashboard's exact origin).";
    CORS_WILDCARD = "cors.wildcard", High,
        "CORS_ORIGIN is `*`.",
        "Any web page could call the API from a logged-in user's browser. Set the dashboard's exact origin, e.g. https://dashboard.example.com.";
    CORS_NOT_AN_ORIGIN = "cors.not-an-origin", Medium,
        "CORS_ORIGIN is not an origin (scheme://host[:port]).",
        "Browsers send the origin without path or trailing slash; a value with either never matches and the dashboard cannot reach the API.";
    CORS_INSECURE = "cors.insecure", Low,
        "CORS_ORIGIN uses http:// for a host that is not local.",
        "Sessions travel over plain HTTP. Serve the dashboard over https.";
    VITE_SECRET_IN_BUNDLE = "vite.secret-in-bundle", Critical,
        "A VITE_* variable holds a secret.",
        "Vite compiles every VITE_* value into the public JavaScript bundle: the secret is published to every visitor. Remove it from the dashboard env file, rotate it, and keep it on the server side.";
    VITE_UNKNOWN_VARIABLE = "vite.unknown-variable", Medium,
        "A VITE_* variable is not one of the dashboard's public variables.",
        "Only VITE_API_URL, VITE_APP_NAME and VITE_API_TIMEOUT are meant to be public. Any other VITE_* value is compiled into public JavaScript; declare it public in mosbot-secrets.toml if that is intended.";
    GIT_ENV_NOT_IGNORED = "git.env-not-ignored", High,
        "An env file is not excluded by .gitignore.",
        "The next `git add .` commits it. `mosbot-secrets init DIR` adds the missing .gitignore lines.";
    GIT_ENV_TRACKED = "git.env-tracked", Critical,
        "An env file is tracked by git.",
        "Its secrets are in the repository for everyone with access. Stop tracking it (`git rm --cached`), rotate every secret in it, and remove it from history.";
    GIT_ENV_IN_HISTORY = "git.env-in-history", Critical,
        "An env file is in the repository's history.",
        "Deleting a file does not remove it from history: every clone has it. Rotate every secret it held, revoke provider keys, then remove it from history (git filter-repo --invert-paths --path FILE) and force-push.";
    GIT_SECRET_IN_HISTORY = "git.secret-in-history", Critical,
        "A secret of the deployment is in a committed file.",
        "The exact value (or its base64, percent, JSON or hex form) of a secret from the deployment's env files was committed. Every clone has it: rotate it, then remove it from history (git filter-repo --replace-text).";
    FILE_PERMISSIONS = "file.permissions", Medium,
        "A secret file is readable by group or others.",
        "Other users of the machine can read its secrets. Run `chmod 600 FILE`.";
    CONFIG_SENTINEL_ON_DISK = "config.sentinel-on-disk", Critical,
        "openclaw.json holds the __OPENCLAW_REDACTED__ sentinel.",
        "The file is corrupted: a redacted view was saved over the real value, and OpenClaw will send the sentinel as the credential. Restore the value from a backup (openclaw.json.bak) or set it again as a ${VAR} reference.";
    CONFIG_GATEWAY_AUTH_LITERAL = "config.gateway-auth-literal", Critical,
        "gateway.auth.token or gateway.auth.password is written literally in openclaw.json.",
        "The spec: gateway tokens belong in Kubernetes Secrets or the environment, not in openclaw.json. Use \"${OPENCLAW_GATEWAY_TOKEN}\" and set the variable. `mosbot-secrets config externalize` does it.";
    CONFIG_LITERAL_SECRET = "config.literal-secret", High,
        "A secret is written literally in openclaw.json.",
        "Never put secrets directly in openclaw.json: use a ${VAR} reference resolved from the environment. `mosbot-secrets config externalize` moves them into an env file.";
    CONFIG_TOKEN_SHAPE = "config.token-shape", High,
        "openclaw.json holds a value with the shape of a credential.",
        "A value that looks like a provider key sits in the config, where every reader of the file sees it. Move it to the environment and reference it as ${VAR}.";
    CONFIG_URL_CREDENTIALS = "config.url-credentials", High,
        "A URL in openclaw.json carries credentials.",
        "User info or a token in a URL is a secret in plain sight. Put the whole URL in an environment variable and reference it as ${VAR}.";
    CONFIG_UNDEFINED_VARIABLE = "config.undefined-variable", Medium,
        "openclaw.json references a ${VAR} that no env file of the deployment defines.",
        "OpenClaw fails to start (or, in lenient loads, keeps the literal text) when the variable is missing or empty. Define it in the gateway's env file.";
    CONFIG_LITERAL_REFERENCE = "config.literal-reference", Medium,
        "openclaw.json has a reference OpenClaw leaves as literal text (${lowercase}, $VAR).",
        "OpenClaw substitutes only ${NAME} with NAME in [A-Z_][A-Z0-9_]*; anything else is sent as written, which is almost always a typo.";
    ENV_DUPLICATE_KEY = "env.duplicate-key", Low,
        "A variable is set twice in one env file.",
        "dotenv uses the last one; the earlier one is dead text that misleads readers and edits. Delete it.";
}
