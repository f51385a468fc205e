//! `config resolve` and `config show` on real files: OpenClaw's semantics, secrets hidden
//! unless asked, bad input named by file, line and column.

mod common;
use common::*;

const TOKEN: &str = "gw-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const LITERAL: &str = "sk-proj-Zq8LrT2vXw5NcY7mKb4Hd1Jf6Gs9Pa3Ue0Qi";

const CONFIG: &str = "// gateway config\n{\n  gateway: { auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' } },\n  models: { providers: { openai: { apiKey: \"LITERAL\", baseUrl: '${BASE}/v1' } } }, // planted\n  agents: { defaults: { maxTokens: 4096, model: 'openai/gpt' } },\n  escaped: '$${NOT_READ}',\n}\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("openclaw.json", &CONFIG.replace("LITERAL", LITERAL)),
            (
                ".env",
                &format!("OPENCLAW_GATEWAY_TOKEN={TOKEN}\nBASE=https://api.example.org\n"),
            ),
        ],
    );
    dir
}

#[test]
fn resolve_substitutes_and_hides_secrets_unless_revealed() {
    let dir = setup();
    let r = run_in(
        dir.path(),
        &["config", "resolve", "openclaw.json", "--env-file", ".env"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["models"]["providers"]["openai"]["baseUrl"],
        "https://api.example.org/v1"
    );
    assert_eq!(v["gateway"]["auth"]["token"], "__OPENCLAW_REDACTED__");
    assert_eq!(v["escaped"], "${NOT_READ}");
    assert_eq!(v["agents"]["defaults"]["maxTokens"], 4096);
    assert_no_secret(&r.all(), &[TOKEN, LITERAL]);
    let r = run_in(
        dir.path(),
        &[
            "config",
            "resolve",
            "openclaw.json",
            "--env-file",
            ".env",
            "--reveal",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["gateway"]["auth"]["token"], TOKEN);
}

#[test]
fn resolve_json5_keeps_the_file_s_text() {
    let dir = setup();
    let r = run_in(
        dir.path(),
        &[
            "config",
            "resolve",
            "openclaw.json",
            "--env-file",
            ".env",
            "--format",
            "json5",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("// gateway config\n{\n  gateway: { auth: { mode: 'token', token: '__OPENCLAW_REDACTED__' } },"), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("baseUrl: 'https://api.example.org/v1' } } }, // planted"));
    assert_no_secret(&r.all(), &[TOKEN, LITERAL]);
}

#[test]
fn a_missing_variable_fails_with_openclaw_s_message_or_warns() {
    let dir = setup();
    let r = run_in(dir.path(), &["config", "resolve", "openclaw.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Missing env var \"OPENCLAW_GATEWAY_TOKEN\" referenced at config path: gateway.auth.token"), "{}", r.stderr);
    let r = run_in(
        dir.path(),
        &["config", "resolve", "openclaw.json", "--allow-missing"],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("warning: Missing env var \"BASE\""),
        "{}",
        r.stderr
    );
    // The process environment wins over env files.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mosbot-secrets"))
        .args([
            "config",
            "resolve",
            "openclaw.json",
            "--env-file",
            ".env",
            "--reveal",
        ])
        .current_dir(dir.path())
        .env("BASE", "https://override.example")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("https://override.example/v1"));
}

#[test]
fn show_hides_literal_secrets_and_keeps_comments() {
    let dir = setup();
    let r = run_in(
        dir.path(),
        &["config", "show", "openclaw.json", "--format", "json5"],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, CONFIG.replace("LITERAL", "__OPENCLAW_REDACTED__"));
    let r = run_in(dir.path(), &["config", "show", "openclaw.json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["gateway"]["auth"]["token"], "${OPENCLAW_GATEWAY_TOKEN}",
        "references stay visible"
    );
    assert_no_secret(&r.all(), &[LITERAL]);
}

#[test]
fn bad_config_names_file_line_and_column_and_exits_2() {
    for (text, place) in [
        (&b"{\n  a: 1,\n  a: 2,\n}\n"[..], "openclaw.json:3:3"),
        (b"{\n  a: [1, 2\n}\n", "openclaw.json:3:1"),
        (b"{ a: 'x\0' }", "openclaw.json:1:1"),
        (b"{ a: '\xff' }", "openclaw.json:1:1"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("openclaw.json"), text).unwrap();
        let before = snapshot(dir.path());
        for cmd in [
            &["config", "show", "openclaw.json"][..],
            &["config", "resolve", "openclaw.json"],
        ] {
            let r = run_in(dir.path(), cmd);
            assert_eq!(r.code, 2, "{}", r.all());
            assert!(r.stderr.contains(place), "expected {place}: {}", r.stderr);
        }
        assert_eq!(snapshot(dir.path()), before);
    }
}

#[test]
fn includes_are_resolved_and_a_cycle_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[
        ("openclaw.json", "{\n  agents: { $include: './agents.json5' },\n  gateway: { port: 18789 },\n}\n"),
        ("agents.json5", "{ list: [{ id: 'main', apiKey: 'sk-proj-Zq8LrT2vXw5NcY7mKb4Hd1Jf6Gs9Pa3Ue0Qi' }] }"),
    ]);
    let r = run_in(dir.path(), &["config", "show", "openclaw.json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["agents"]["list"][0]["id"], "main");
    assert_eq!(v["agents"]["list"][0]["apiKey"], "__OPENCLAW_REDACTED__");
    std::fs::write(
        dir.path().join("agents.json5"),
        "{ $include: 'openclaw.json' }",
    )
    .unwrap();
    let r = run_in(dir.path(), &["config", "resolve", "openclaw.json"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("agents.json5:1:13: Circular include detected"),
        "{}",
        r.stderr
    );
}
