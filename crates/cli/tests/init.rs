//! `init`: creates or completes env files safely; never overwrites; a second run changes nothing.

mod common;
use common::*;
use std::fs;

fn env_value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(|v| v.to_string()))
}

#[test]
fn flat_directory_gets_every_api_secret_at_0600_and_a_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0, "{}", r.all());
    let env = fs::read_to_string(dir.path().join(".env")).unwrap();
    for key in [
        "JWT_SECRET",
        "DB_PASSWORD",
        "BOOTSTRAP_OWNER_PASSWORD",
        "OPENCLAW_WORKSPACE_TOKEN",
        "OPENCLAW_GATEWAY_TOKEN",
        "CORS_ORIGIN",
    ] {
        assert!(
            env_value(&env, key).is_some_and(|v| !v.is_empty()),
            "{key} missing:\n{env}"
        );
    }
    assert_eq!(env_value(&env, "JWT_SECRET").unwrap().len(), 96);
    assert_eq!(env_value(&env, "OPENCLAW_GATEWAY_TOKEN").unwrap().len(), 44);
    assert_eq!(mode(&dir.path().join(".env")), 0o600);
    let gi = fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(gi.lines().any(|l| l == ".env"));
    // Reported by name only.
    let secrets: Vec<String> = env
        .lines()
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.to_string()))
        .filter(|v| v.len() > 20)
        .collect();
    assert_no_secret(
        &r.all(),
        &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(r.stdout.contains("JWT_SECRET"));
    // And check agrees it is sound (only the bootstrap reminder remains).
    let c = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&c);
    assert!(
        f.iter().all(|f| f["rule"] == "bootstrap.still-present"),
        "{}",
        c.stdout
    );
}

#[test]
fn second_run_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("api/server.js", ""),
            ("workspace-server/index.js", ""),
            ("web/vite.config.ts", ""),
        ],
    );
    assert_eq!(run_in(dir.path(), &["init", "."]).code, 0);
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Nothing to change"), "{}", r.stdout);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn aliased_tokens_get_one_value_across_components() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("api/x", ""),
            ("workspace-server/x", ""),
            ("openclaw/x", ""),
            ("web/x", ""),
        ],
    );
    assert_eq!(
        run_in(dir.path(), &["init", dir.path().to_str().unwrap()]).code,
        0
    );
    let api = fs::read_to_string(dir.path().join("api/.env")).unwrap();
    let ws = fs::read_to_string(dir.path().join("workspace-server/.env")).unwrap();
    let gw = fs::read_to_string(dir.path().join("openclaw/.env")).unwrap();
    let web = fs::read_to_string(dir.path().join("web/.env")).unwrap();
    assert_eq!(
        env_value(&api, "OPENCLAW_WORKSPACE_TOKEN"),
        env_value(&ws, "WORKSPACE_SERVICE_TOKEN")
    );
    assert_eq!(
        env_value(&api, "OPENCLAW_GATEWAY_TOKEN"),
        env_value(&gw, "OPENCLAW_GATEWAY_TOKEN")
    );
    assert!(env_value(&api, "OPENCLAW_WORKSPACE_TOKEN").unwrap().len() == 44);
    assert_eq!(
        env_value(&web, "VITE_API_URL").as_deref(),
        Some("http://localhost:3000")
    );
    assert!(
        !web.contains("SECRET") && !web.contains("TOKEN"),
        "the dashboard gets no secret"
    );
}

#[test]
fn an_existing_value_is_copied_to_its_alias_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let token = "Q2hhbmdlZEJ5SGFuZEJ1dFJlYWxseVJhbmRvbTAxMjM=";
    let jwt = "4f".repeat(48);
    write_tree(
        dir.path(),
        &[
            (
                "api/.env",
                &format!("# api\nJWT_SECRET={jwt}\nOPENCLAW_WORKSPACE_TOKEN={token}\n"),
            ),
            ("workspace-server/.env", "PORT=18780\n"),
        ],
    );
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0, "{}", r.all());
    let api = fs::read_to_string(dir.path().join("api/.env")).unwrap();
    assert!(
        api.starts_with(&format!(
            "# api\nJWT_SECRET={jwt}\nOPENCLAW_WORKSPACE_TOKEN={token}\n"
        )),
        "existing lines kept byte for byte:\n{api}"
    );
    let ws = fs::read_to_string(dir.path().join("workspace-server/.env")).unwrap();
    assert!(ws.starts_with("PORT=18780\n"));
    assert_eq!(
        env_value(&ws, "WORKSPACE_SERVICE_TOKEN").as_deref(),
        Some(token)
    );
    assert_no_secret(&r.all(), &[token, &jwt]);
    assert!(
        r.stdout.contains(
            "WORKSPACE_SERVICE_TOKEN: set to the value of OPENCLAW_WORKSPACE_TOKEN in api/.env"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn placeholders_are_kept_unless_asked_and_then_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let text = "JWT_SECRET=replace-with-a-long-random-secret\nDB_PASSWORD=change-me\nOPENCLAW_WORKSPACE_TOKEN=\nOPENCLAW_GATEWAY_TOKEN=your-gateway-token\nCORS_ORIGIN=http://localhost:5173\nOPENROUTER_API_KEY=your-openrouter-key\n";
    write_tree(dir.path(), &[(".env", text)]);
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0);
    assert!(
        fs::read_to_string(dir.path().join(".env"))
            .unwrap()
            .starts_with(text),
        "placeholders kept without the flag"
    );
    assert!(
        r.stdout.contains("JWT_SECRET: warning") || r.stdout.contains("warning: JWT_SECRET"),
        "{}",
        r.stdout
    );
    let r = run_in(dir.path(), &["init", ".", "--replace-placeholders"]);
    assert_eq!(r.code, 0);
    let env = fs::read_to_string(dir.path().join(".env")).unwrap();
    assert_eq!(env_value(&env, "JWT_SECRET").unwrap().len(), 96);
    assert_eq!(
        env_value(&env, "OPENCLAW_WORKSPACE_TOKEN").unwrap().len(),
        44
    );
    assert_ne!(env_value(&env, "DB_PASSWORD").unwrap(), "change-me");
    assert_eq!(
        env_value(&env, "OPENROUTER_API_KEY").as_deref(),
        Some("your-openrouter-key"),
        "a provider key cannot be generated"
    );
    assert!(
        r.stdout.contains("OPENROUTER_API_KEY: warning")
            || r.stdout.contains("warning: OPENROUTER_API_KEY"),
        "{}",
        r.stdout
    );
}

#[test]
fn loose_mode_is_tightened_and_gitignore_lines_are_added_only_if_needed() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[(".gitignore", "node_modules/\n.env\n")]);
    assert_eq!(run_in(dir.path(), &["init", "."]).code, 0);
    assert_eq!(
        fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "node_modules/\n.env\n",
        ".env already ignored: nothing added"
    );
    chmod(&dir.path().join(".env"), 0o644);
    let r = run_in(dir.path(), &["init", "."]);
    assert!(
        r.stdout.contains("mode tightened from 0644 to 0600"),
        "{}",
        r.stdout
    );
    assert_eq!(mode(&dir.path().join(".env")), 0o600);
}

#[test]
fn a_nested_negation_gets_its_own_exclusion() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(".gitignore", ".env\n"), ("api/.gitignore", "!.env\n")],
    );
    assert_eq!(run_in(dir.path(), &["init", "."]).code, 0);
    assert!(fs::read_to_string(dir.path().join("api/.gitignore"))
        .unwrap()
        .lines()
        .any(|l| l == "/.env"));
    let c = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert!(
        !has(&findings(&c), "git.env-not-ignored", "api/.env", None),
        "{}",
        c.stdout
    );
}

#[test]
fn bad_input_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("api/.env", "JWT_SECRET=x\n"),
            ("workspace-server/.env", "A=1\nB=\0\n"),
        ],
    );
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("workspace-server/.env") && r.stderr.contains(":2"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("api/.env", "PORT=3000\n"), ("workspace-server/keep", "")],
    );
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["init", ".", "--dry-run"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Dry run"));
    assert!(
        r.stdout
            .contains("api/.env: JWT_SECRET: generated (jwt-secret)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("workspace-server/.env: created"),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn init_on_a_copy_of_the_example_keeps_every_existing_byte() {
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/mosbot-deployment");
    let dir = tempfile::tempdir().unwrap();
    for rel in [
        "api/.env",
        "web/.env",
        "workspace-server/.env",
        ".gitignore",
        "openclaw.json",
        "web/vite.config.ts",
    ] {
        let target = dir.path().join(rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(example.join(rel), &target).unwrap();
    }
    let before: Vec<(String, String)> = [
        "api/.env",
        "web/.env",
        "workspace-server/.env",
        ".gitignore",
    ]
    .iter()
    .map(|r| {
        (
            r.to_string(),
            fs::read_to_string(dir.path().join(r)).unwrap(),
        )
    })
    .collect();
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0, "{}", r.all());
    for (rel, text) in &before {
        let after = fs::read_to_string(dir.path().join(rel)).unwrap();
        assert!(
            after.starts_with(text.as_str()),
            "{rel} lost or changed existing bytes"
        );
    }
    assert!(
        r.stdout
            .contains("warning: WORKSPACE_SERVICE_TOKEN: differs"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("warning: JWT_SECRET: still a placeholder"),
        "{}",
        r.stdout
    );
    let c = run_in(dir.path(), &["check", ".", "--format", "json", "--no-git"]);
    assert!(
        !findings(&c)
            .iter()
            .any(|f| f["rule"] == "git.env-not-ignored" || f["rule"] == "file.permissions"),
        "{}",
        c.stdout
    );
}
