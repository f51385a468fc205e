//! `scan --staged` and the pre-commit hook, on real repositories with real `git commit`.

mod common;
use common::*;
use std::process::Command;

const TOKEN: &str = "hk-Wq8vK2mX9pL4nR7tW3zY6bC1dF5gJ0sAq";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_tree(
        dir.path(),
        &[
            (".gitignore", ".env\n"),
            (".env", &format!("OPENCLAW_GATEWAY_TOKEN={TOKEN}\n")),
            ("README.md", "hi\n"),
        ],
    );
    git(dir.path(), &["add", ".gitignore", "README.md"]);
    git(dir.path(), &["commit", "-qm", "initial"]);
    dir
}

#[test]
fn staged_finds_only_what_the_next_commit_adds() {
    let dir = repo();
    let r = run_in(dir.path(), &["scan", "--staged", "."]);
    assert_eq!(r.code, 0, "nothing staged: {}", r.all());
    write_tree(
        dir.path(),
        &[(
            "config.js",
            &format!("module.exports = {{ token: '{TOKEN}' }}\n"),
        )],
    );
    git(dir.path(), &["add", "config.js"]);
    git(dir.path(), &["add", "-f", ".env"]);
    let r = run_in(dir.path(), &["scan", "--staged", ".", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    assert!(
        has(
            &f,
            "secret.known-value",
            "config.js",
            Some("OPENCLAW_GATEWAY_TOKEN")
        ),
        "{}",
        r.stdout
    );
    assert!(
        has(&f, "secret.env-file-staged", ".env", None),
        "{}",
        r.stdout
    );
    assert_no_secret(&r.all(), &[TOKEN]);
}

fn commit(dir: &std::path::Path) -> std::process::Output {
    let path = format!(
        "{}:{}",
        std::path::Path::new(env!("CARGO_BIN_EXE_mosbot-secrets"))
            .parent()
            .unwrap()
            .display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@e",
            "commit",
            "-qm",
            "try",
        ])
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

#[test]
fn the_installed_hook_blocks_a_leaking_commit_and_lets_a_clean_one_through() {
    let dir = repo();
    let r = run_in(dir.path(), &["hook", "install"]);
    assert_eq!(r.code, 0, "{}", r.all());
    write_tree(dir.path(), &[("leak.txt", &format!("{TOKEN}\n"))]);
    git(dir.path(), &["add", "leak.txt"]);
    let out = commit(dir.path());
    assert!(!out.status.success(), "the commit must be blocked");
    let stderr =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("commit blocked"), "{stderr}");
    assert!(!stderr.contains(TOKEN));
    git(dir.path(), &["rm", "-q", "--cached", "leak.txt"]);
    write_tree(dir.path(), &[("ok.txt", "fine\n")]);
    git(dir.path(), &["add", "ok.txt"]);
    assert!(commit(dir.path()).status.success());
}

#[test]
fn a_foreign_hook_is_kept_unless_asked() {
    let dir = repo();
    let hook = dir.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho theirs\n").unwrap();
    let r = run_in(dir.path(), &["hook", "install"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--chain") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho theirs\n"
    );
    assert_eq!(run_in(dir.path(), &["hook", "install", "--chain"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".git/hooks/pre-commit.local")).unwrap(),
        "#!/bin/sh\necho theirs\n"
    );
    assert!(std::fs::read_to_string(&hook)
        .unwrap()
        .contains("pre-commit.local"));
    assert_eq!(
        run_in(dir.path(), &["hook", "install"]).code,
        0,
        "re-installing ours is fine"
    );
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("pre-commit.local"),
        "and keeps the chain"
    );
}
