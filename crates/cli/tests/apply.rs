//! `config apply`: every upstream bug of REFERENCE.md has a regression test here that fails on
//! the buggy behaviour, on real files through the real binary.

mod common;
use common::*;
use std::fs;

const GW: &str = "gw-Hq8vK2mX9pL4nR7tW3zY6bC1dF5gJ0sA";
const TG: &str = "7311829311:AAFq2b3C4d5E6f7G8h9I0jK1lM2nO3pQ4rS5t";
const OR: &str = "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";

fn file() -> String {
    format!(
        "// OpenClaw config: hand-written, comments matter\n{{\n  gateway: {{\n    port: 18789, // loopback only\n    auth: {{ mode: 'token', token: '${{OPENCLAW_GATEWAY_TOKEN}}' }},\n  }},\n  channels: {{ telegram: {{ enabled: true, botToken: '{TG}' }} }},\n  agents: {{\n    defaults: {{ maxTokens: 4096 }},\n    list: [\n      {{ id: 'main', model: 'openrouter/auto', apiKey: '{OR}' }},\n      {{ id: 'helper', model: 'openrouter/fast', apiKey: '' }},\n    ],\n  }},\n}}\n"
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("openclaw.json", &file()),
            (".env", &format!("OPENCLAW_GATEWAY_TOKEN={GW}\n")),
        ],
    );
    chmod(&dir.path().join("openclaw.json"), 0o600);
    dir
}

fn show(dir: &std::path::Path) -> String {
    let r = run_in(
        dir,
        &["config", "show", "openclaw.json", "--format", "json5"],
    );
    assert_eq!(r.code, 0);
    r.stdout
}

fn apply(dir: &std::path::Path, edited: &str, extra: &[&str]) -> Run {
    fs::write(dir.join("edit.json5"), edited).unwrap();
    let mut args = vec![
        "config",
        "apply",
        "openclaw.json",
        "--from",
        "edit.json5",
        "--env-file",
        ".env",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn show_then_apply_unchanged_is_byte_identical_and_makes_no_backup() {
    let dir = setup();
    let shown = show(dir.path());
    assert_no_secret(&shown, &[TG, OR]);
    let r = apply(dir.path(), &shown, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("nothing to change"));
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file()
    );
    assert!(!dir.path().join("openclaw.json.bak").exists());
}

#[test]
fn an_edit_restores_every_secret_by_path_and_keeps_comments() {
    let dir = setup();
    let edited = show(dir.path()).replace("port: 18789", "port: 18790");
    let r = apply(dir.path(), &edited, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file().replace("18789", "18790")
    );
    assert!(
        r.stdout.contains("changed 1 value(s): gateway.port"),
        "{}",
        r.stdout
    );
    assert_no_secret(&r.all(), &[TG, OR, GW]);
    assert_eq!(
        mode(&dir.path().join("openclaw.json")),
        0o600,
        "the mode is kept"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json.bak")).unwrap(),
        file()
    );
    assert_eq!(mode(&dir.path().join("openclaw.json.bak")), 0o600);
}

/// Upstream: the sentinel was written to disk, corrupting real keys (even a numeric maxTokens).
#[test]
fn a_sentinel_never_reaches_the_disk() {
    let dir = setup();
    for edited in [
        show(dir.path()).replace("maxTokens: 4096", "maxTokens: '__OPENCLAW_REDACTED__'"),
        show(dir.path()).replace("model: 'openrouter/auto'", "model: '__OPENCLAW_REDACTED__'"),
        show(dir.path()).replace(
            "enabled: true,",
            "enabled: true, newToken: '__OPENCLAW_REDACTED__',",
        ),
    ] {
        let r = apply(dir.path(), &edited, &[]);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(
            r.stderr.contains("refused") && r.stderr.contains("__OPENCLAW_REDACTED__"),
            "{}",
            r.stderr
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
            file()
        );
    }
    let r = apply(
        dir.path(),
        &show(dir.path()).replace("maxTokens: 4096", "maxTokens: '__OPENCLAW_REDACTED__'"),
        &[],
    );
    assert!(
        r.stderr.contains("(agents.defaults.maxTokens)"),
        "the path is named: {}",
        r.stderr
    );
}

/// Upstream: resolved `${VAR}` values were written back as plaintext.
#[test]
fn a_resolved_secret_is_written_back_as_its_template() {
    let dir = setup();
    let resolved = run_in(
        dir.path(),
        &[
            "config",
            "resolve",
            "openclaw.json",
            "--env-file",
            ".env",
            "--format",
            "json5",
            "--reveal",
        ],
    )
    .stdout;
    assert!(resolved.contains(GW));
    let r = apply(
        dir.path(),
        &resolved.replace("port: 18789", "port: 18791"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let on_disk = fs::read_to_string(dir.path().join("openclaw.json")).unwrap();
    assert!(
        !on_disk.contains(GW),
        "the resolved token must not reach the file"
    );
    assert!(on_disk.contains("token: '${OPENCLAW_GATEWAY_TOKEN}'"));
    assert!(
        r.stdout
            .contains("kept the ${VAR} template of gateway.auth.token"),
        "{}",
        r.stdout
    );
    assert_no_secret(&r.all(), &[GW]);
}

/// Upstream (MosBot): restore by the position of string values put the wrong secret into the
/// wrong key as soon as one string was added earlier in the file.
#[test]
fn adding_a_string_earlier_does_not_move_secrets() {
    let dir = setup();
    let edited = show(dir.path()).replace("gateway: {\n", "gateway: {\n    bind: 'loopback',\n");
    let r = apply(dir.path(), &edited, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(
        &run_in(
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
        .stdout,
    )
    .unwrap();
    assert_eq!(v["channels"]["telegram"]["botToken"], TG);
    assert_eq!(v["agents"]["list"][0]["apiKey"], OR);
    assert_eq!(v["gateway"]["bind"], "loopback");
}

/// Array items are matched by id before position: reordering agents keeps each one's key.
#[test]
fn reordered_items_keep_their_own_secret() {
    let dir = setup();
    let shown = show(dir.path());
    let a = "      { id: 'main', model: 'openrouter/auto', apiKey: '__OPENCLAW_REDACTED__' },\n";
    let b = "      { id: 'helper', model: 'openrouter/fast', apiKey: '' },\n";
    assert!(shown.contains(a) && shown.contains(b), "{shown}");
    let r = apply(
        dir.path(),
        &shown.replace(&format!("{a}{b}"), &format!("{b}{a}")),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(
        &run_in(
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
        .stdout,
    )
    .unwrap();
    assert_eq!(v["agents"]["list"][1]["id"], "main");
    assert_eq!(v["agents"]["list"][1]["apiKey"], OR);
    assert_eq!(v["agents"]["list"][0]["apiKey"], "");
}

/// Upstream: `replaceAll("")` with an empty secret corrupted the whole text. Empty values are
/// values like any other here.
#[test]
fn an_empty_secret_corrupts_nothing() {
    let dir = setup();
    fs::write(dir.path().join(".env"), "OPENCLAW_GATEWAY_TOKEN=\n").unwrap();
    let edited = show(dir.path()).replace("model: 'openrouter/fast'", "model: 'openrouter/slow'");
    let r = apply(dir.path(), &edited, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file().replace("openrouter/fast", "openrouter/slow")
    );
}

#[test]
fn a_stale_base_hash_is_refused_and_a_fresh_one_accepted() {
    let dir = setup();
    let hash = run_in(dir.path(), &["config", "hash", "openclaw.json"])
        .stdout
        .trim()
        .to_string();
    assert_eq!(hash.len(), 64);
    let edited = show(dir.path()).replace("port: 18789", "port: 18792");
    let r = apply(dir.path(), &edited, &["--base-hash", &"0".repeat(64)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("changed since it was read"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file()
    );
    let r = apply(dir.path(), &edited, &["--base-hash", &hash, "--dry-run"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("would change 1 value(s): gateway.port"),
        "{}",
        r.stdout
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file(),
        "dry run"
    );
    assert_eq!(apply(dir.path(), &edited, &["--base-hash", &hash]).code, 0);
}

#[test]
fn backups_rotate_up_to_five() {
    let dir = setup();
    for port in 1..=7 {
        let edited = show(dir.path()).replace(
            &format!("port: {}", if port == 1 { 18789 } else { 20000 + port - 1 }),
            &format!("port: {}", 20000 + port),
        );
        assert_eq!(apply(dir.path(), &edited, &[]).code, 0);
    }
    for name in [
        "openclaw.json.bak",
        "openclaw.json.bak.1",
        "openclaw.json.bak.4",
    ] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    assert!(!dir.path().join("openclaw.json.bak.5").exists());
    assert!(fs::read_to_string(dir.path().join("openclaw.json.bak"))
        .unwrap()
        .contains("port: 20006"));
}

#[test]
fn bad_edited_input_exits_2_and_changes_nothing() {
    let dir = setup();
    let r = apply(dir.path(), "{ gateway: { port: 1,, } }", &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("edit.json5:1:"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        file()
    );
}

#[test]
fn an_ambiguous_reorder_of_templated_items_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  hooks: [\n    { url: 'https://a.example', token: '${HOOK_A}' },\n    { url: 'https://b.example', token: '${HOOK_B}' },\n  ],\n}\n";
    write_tree(
        dir.path(),
        &[
            ("openclaw.json", text),
            (".env", "HOOK_A=aaaaaaaaaaaaaaaa\nHOOK_B=bbbbbbbbbbbbbbbb\n"),
        ],
    );
    let resolved = run_in(
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
    let v: serde_json::Value = serde_json::from_str(&resolved).unwrap();
    let swapped = serde_json::json!({"hooks": [v["hooks"][1], v["hooks"][0]]});
    let r = apply(dir.path(), &swapped.to_string(), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("hooks were reordered"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        text
    );
    assert_no_secret(&r.all(), &["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]);
}

#[test]
fn a_new_config_is_created_at_0600() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "edit.json5",
            "{ gateway: { port: 18789, auth: { token: '${OPENCLAW_GATEWAY_TOKEN}' } } }",
        )],
    );
    let r = run_in(
        dir.path(),
        &["config", "apply", "openclaw.json", "--from", "edit.json5"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(mode(&dir.path().join("openclaw.json")), 0o600);
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("openclaw.json")).unwrap())
            .unwrap();
    assert_eq!(v["gateway"]["auth"]["token"], "${OPENCLAW_GATEWAY_TOKEN}");
    write_tree(
        dir.path(),
        &[("edit.json5", "{ token: '__OPENCLAW_REDACTED__' }")],
    );
    let r = run_in(
        dir.path(),
        &["config", "apply", "new.json", "--from", "edit.json5"],
    );
    assert_eq!(r.code, 1, "a sentinel has no original in a new file");
    assert!(!dir.path().join("new.json").exists());
}

#[test]
fn a_config_with_includes_is_not_inlined() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{ agents: { $include: './agents.json5' } }\n";
    write_tree(
        dir.path(),
        &[
            ("openclaw.json", text),
            ("agents.json5", "{ list: [] }"),
            ("edit.json5", "{ agents: { list: [] } }"),
        ],
    );
    let r = run_in(
        dir.path(),
        &["config", "apply", "openclaw.json", "--from", "edit.json5"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("uses $include"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("openclaw.json")).unwrap(),
        text
    );
}
