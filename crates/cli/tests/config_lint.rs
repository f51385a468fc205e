//! `check` on openclaw.json and `config externalize`, on real files.

mod common;
use common::*;
use std::fs;

const GW: &str = "f3a9c2e1b7d84a6f9e0c1b2a3d4e5f60";
const OPENAI: &str = "sk-proj-Rk4Tq9Wm2Xv7Lp3Zb8Nc5Hd1Jf6Gs0Ya";
const SLACK: &str = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";

fn config() -> String {
    format!(
        "// planted\n{{\n  gateway: {{ auth: {{ mode: 'token', token: '{GW}' }} }},\n  models: {{ providers: {{ openai: {{ apiKey: '{OPENAI}', baseUrl: 'https://user:hunter2@proxy.example/v1' }} }} }},\n  notes: {{ slack: '{SLACK}' }},\n  channels: {{ telegram: {{ botToken: '__OPENCLAW_REDACTED__', name: '${{lower}} and $HOME' }} }},\n  env: {{ BRAVE_API_KEY: '${{BRAVE_API_KEY}}', DEFINED: '${{OPENROUTER_API_KEY}}' }},\n}}\n"
    )
}

fn deployment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[
        (".gitignore", ".env\n"),
        ("openclaw.json", &config()),
        ("openclaw/.env", "OPENROUTER_API_KEY=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\n"),
    ]);
    chmod(&dir.path().join("openclaw.json"), 0o600);
    chmod(&dir.path().join("openclaw/.env"), 0o600);
    dir
}

#[test]
fn check_lints_openclaw_json() {
    let dir = deployment();
    let r = run_in(dir.path(), &["check", ".", "--format", "json", "--no-git"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    for (rule, var) in [
        ("config.gateway-auth-literal", "gateway.auth.token"),
        ("config.literal-secret", "models.providers.openai.apiKey"),
        ("config.url-credentials", "models.providers.openai.baseUrl"),
        ("config.token-shape", "notes.slack"),
        ("config.sentinel-on-disk", "channels.telegram.botToken"),
        ("config.literal-reference", "channels.telegram.name"),
        ("config.undefined-variable", "env.BRAVE_API_KEY"),
    ] {
        assert!(
            has(&f, rule, "openclaw.json", Some(var)),
            "{rule} {var}: {}",
            r.stdout
        );
    }
    assert!(
        !has(
            &f,
            "config.undefined-variable",
            "openclaw.json",
            Some("env.DEFINED")
        ),
        "defined in openclaw/.env"
    );
    let gw = f
        .iter()
        .find(|f| f["rule"] == "config.gateway-auth-literal")
        .unwrap();
    assert_eq!(
        (
            gw["line"].as_u64(),
            gw["column"].as_u64(),
            gw["severity"].as_str()
        ),
        (Some(3), Some(44), Some("critical"))
    );
    let refs = f
        .iter()
        .filter(|f| f["rule"] == "config.literal-reference")
        .count();
    assert_eq!(refs, 2, "${{lower}} and $HOME");
    for format in ["text", "json", "sarif"] {
        let r = run_in(dir.path(), &["check", ".", "--format", format]);
        assert_no_secret(&r.all(), &[GW, OPENAI, SLACK, "hunter2"]);
    }
}

#[test]
fn check_refuses_a_broken_openclaw_json_naming_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("openclaw.json", "{\n  gateway: { port: 1,, },\n}\n")],
    );
    let r = run_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("openclaw.json:2: column 22"),
        "{}",
        r.stderr
    );
}

#[test]
fn externalize_moves_literals_and_resolves_to_the_same_config() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{{\n  // keep me\n  gateway: {{ auth: {{ token: '{GW}' }} }},\n  models: {{ providers: {{ openai: {{ apiKey: \"{OPENAI}\" }} }} }},\n  agents: {{ defaults: {{ maxTokens: 4096 }} }},\n}}\n");
    write_tree(
        dir.path(),
        &[
            ("openclaw.json", &text),
            (".env", "# gateway env\nOPENAI_API_KEY=a-different-value\n"),
        ],
    );
    let before = run_in(
        dir.path(),
        &["config", "resolve", "openclaw.json", "--reveal"],
    )
    .stdout;
    let r = run_in(
        dir.path(),
        &[
            "config",
            "externalize",
            "openclaw.json",
            "--env-file",
            ".env",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_no_secret(&r.all(), &[GW, OPENAI]);
    assert!(
        r.stdout
            .contains("gateway.auth.token -> ${OPENCLAW_GATEWAY_TOKEN}"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("-> ${OPENAI_API_KEY_2}"),
        "a different existing value is never clobbered: {}",
        r.stdout
    );
    let cfg = fs::read_to_string(dir.path().join("openclaw.json")).unwrap();
    assert!(!cfg.contains(GW) && !cfg.contains(OPENAI));
    assert!(
        cfg.contains("// keep me")
            && cfg.contains("token: '${OPENCLAW_GATEWAY_TOKEN}'")
            && cfg.contains("apiKey: \"${OPENAI_API_KEY_2}\""),
        "{cfg}"
    );
    let env = fs::read_to_string(dir.path().join(".env")).unwrap();
    assert!(
        env.starts_with("# gateway env\nOPENAI_API_KEY=a-different-value\n"),
        "{env}"
    );
    assert_eq!(mode(&dir.path().join(".env")) & 0o077, 0);
    let after = run_in(
        dir.path(),
        &[
            "config",
            "resolve",
            "openclaw.json",
            "--env-file",
            ".env",
            "--reveal",
        ],
    )
    .stdout;
    assert_eq!(before, after, "resolving afterwards gives the same config");
    // A second run has nothing to move.
    let r = run_in(
        dir.path(),
        &[
            "config",
            "externalize",
            "openclaw.json",
            "--env-file",
            ".env",
        ],
    );
    assert!(
        r.stdout.contains("no literal secret to move"),
        "{}",
        r.stdout
    );
}
