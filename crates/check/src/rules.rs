//! Every rule `check` has: its stable id, usual severity, summary and help.

use mosbot_core::{RuleInfo, Severity};

macro_rules! rules {
    ($($konst:ident = $id:literal, $sev:ident, $summary:literal, $help:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $konst: &str = $id;
        )*
        /// All rules, in the order SARIF lists them.
        pub const ALL: &[RuleInfo] = &[
            $(RuleInfo { id: $id, severity: Severity::$sev, summary: $summary, help: $help },)*
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
    FILE_PERMISSIONS = "file.permissions", Medium,
        "A secret file is readable by group or others.",
        "Other users of the machine can read its secrets. Run `chmod 600 FILE`.";
    ENV_DUPLICATE_KEY = "env.duplicate-key", Low,
        "A variable is set twice in one env file.",
        "dotenv uses the last one; the earlier one is dead text that misleads readers and edits. Delete it.";
}
