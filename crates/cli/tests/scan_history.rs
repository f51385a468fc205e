//! `scan` over real git repositories: each planted secret is found with the right provenance,
//! and its value appears in no output.

mod common;
use base64::Engine;
use common::*;

const T1: &str = "hist-Q8vK2mX9pL4nR7tW3zY6bC1dF5gJ0sA";
const T2: &str = "side-Z7yX6wV5uT4sR3qP2oN1mL0kJ9iH8gF";
const T3: &str = "tag0-A1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU";
const T4: &str = "merg-M9nB8vC7xZ6lK5jH4gF3dS2aP1oI0uY";
const T5: &str = "renm-R4eW3qA2sD1fG0hJ9kL8zX7cV6bN5mQ";
const T6: &str = "k8sb-K2jH3gF4dS5aQ6wE7rT8yU9iO0pL1zX";
const T7: &str = "bigf-B5nM4bV3cX2zL1kJ0hG9fD8sA7qW6eR";
const T8: &str = "crlf-C7rL6fD5sA4qW3eR2tY1uI0oP9lK8jH";

fn scan_json(dir: &std::path::Path) -> (Vec<serde_json::Value>, Run) {
    let r = run_in(dir, &["scan", ".", "--format", "json"]);
    (findings(&r), r)
}

fn find<'a>(f: &'a [serde_json::Value], var: &str, path: &str) -> &'a serde_json::Value {
    f.iter()
        .find(|x| x["variable"] == var && x["path"] == path)
        .unwrap_or_else(|| panic!("{var} at {path} not found in {f:#?}"))
}

#[test]
fn every_planted_secret_is_found_with_its_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let env: String = [
        ("T1", T1),
        ("T2", T2),
        ("T3", T3),
        ("T4", T4),
        ("T5", T5),
        ("T6", T6),
        ("T7", T7),
        ("T8", T8),
    ]
    .iter()
    .map(|(k, v)| format!("{k}_TOKEN={v}\n"))
    .collect();
    write_tree(
        d,
        &[
            (".gitignore", ".env\n"),
            (".env", &env),
            ("README.md", "hello\n"),
        ],
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "initial"]);
    // 1. added, then deleted three commits later
    write_tree(d, &[("notes.txt", &format!("token {T1}\n"))]);
    git(d, &["add", "notes.txt"]);
    git(d, &["commit", "-qm", "add notes"]);
    let added = git(d, &["rev-parse", "HEAD"]);
    for i in 0..2 {
        write_tree(d, &[("README.md", &format!("v{i}\n"))]);
        git(d, &["commit", "-qam", "work"]);
    }
    git(d, &["rm", "-q", "notes.txt"]);
    git(d, &["commit", "-qm", "remove notes"]);
    let removed = git(d, &["rev-parse", "HEAD"]);
    // 2. only on a side branch
    git(d, &["switch", "-qc", "feature/gateway"]);
    write_tree(d, &[("gw.conf", &format!("token={T2}\n"))]);
    git(d, &["add", "gw.conf"]);
    git(d, &["commit", "-qm", "side"]);
    git(d, &["switch", "-q", "main"]);
    // 3. only under a tag
    git(d, &["switch", "-qc", "release"]);
    write_tree(d, &[("release.txt", &format!("{T3}\n"))]);
    git(d, &["add", "release.txt"]);
    git(d, &["commit", "-qm", "release"]);
    git(d, &["tag", "-a", "v1", "-m", "v1"]);
    git(d, &["switch", "-q", "main"]);
    git(d, &["branch", "-qD", "release"]);
    // 4. introduced by a merge commit (the conflict resolution adds it)
    git(d, &["switch", "-qc", "topic"]);
    write_tree(d, &[("merge.txt", "topic\n")]);
    git(d, &["add", "merge.txt"]);
    git(d, &["commit", "-qm", "topic"]);
    git(d, &["switch", "-q", "main"]);
    write_tree(d, &[("merge.txt", "main\n")]);
    git(d, &["add", "merge.txt"]);
    git(d, &["commit", "-qm", "main side"]);
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@e",
            "merge",
            "-q",
            "topic",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(!out.status.success(), "conflict expected");
    write_tree(d, &[("merge.txt", &format!("resolved {T4}\n"))]);
    git(d, &["add", "merge.txt"]);
    git(d, &["commit", "-qm", "merge topic"]);
    let merge = git(d, &["rev-parse", "HEAD"]);
    // 5. a renamed file
    write_tree(d, &[("old-name.txt", &format!("{T5}\n"))]);
    git(d, &["add", "old-name.txt"]);
    git(d, &["commit", "-qm", "old"]);
    git(d, &["mv", "old-name.txt", "new-name.txt"]);
    git(d, &["commit", "-qm", "rename"]);
    // 6. base64 in a Kubernetes Secret
    let b64 = base64::engine::general_purpose::STANDARD.encode(T6);
    write_tree(d, &[("k8s/secret.yaml", &format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: openclaw-secrets\ndata:\n  OPENCLAW_GATEWAY_TOKEN: {b64}\n"))]);
    // 7. a 5 MB file
    let big = format!("{}{T7}\n{}", "x".repeat(4_000_000), "y".repeat(1_000_000));
    write_tree(d, &[("data/big.txt", &big)]);
    // 8. a CRLF file
    write_tree(d, &[("win.ini", &format!("[a]\r\nkey={T8}\r\n"))]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "more"]);

    let (f, r) = scan_json(d);
    assert_eq!(r.code, 1, "{}", r.all());
    let h = find(&f, "T1_TOKEN", "notes.txt");
    assert_eq!(h["introduced_in"], added.as_str());
    assert_eq!(h["removed_in"], removed.as_str());
    assert_eq!(h["in_head"], false);
    let h = find(&f, "T2_TOKEN", "gw.conf");
    assert_eq!(h["refs"], serde_json::json!(["refs/heads/feature/gateway"]));
    assert_eq!(h["in_head"], false);
    let h = find(&f, "T3_TOKEN", "release.txt");
    assert_eq!(h["refs"], serde_json::json!(["refs/tags/v1"]));
    let h = find(&f, "T4_TOKEN", "merge.txt");
    assert_eq!(
        h["introduced_in"],
        merge.as_str(),
        "the merge commit introduced it"
    );
    assert_eq!(h["in_head"], true);
    assert_eq!(find(&f, "T5_TOKEN", "old-name.txt")["in_head"], false);
    assert_eq!(find(&f, "T5_TOKEN", "new-name.txt")["in_head"], true);
    let h = find(&f, "T6_TOKEN", "k8s/secret.yaml");
    assert_eq!(h["line"], 6);
    assert!(h["message"].as_str().unwrap().contains("base64"));
    assert_eq!(find(&f, "T7_TOKEN", "data/big.txt")["line"], 1);
    assert_eq!(find(&f, "T8_TOKEN", "win.ini")["line"], 2);
    for format in ["text", "json", "jsonl", "sarif"] {
        let r = run_in(d, &["scan", ".", "--format", format]);
        assert_no_secret(&r.all(), &[T1, T2, T3, T4, T5, T6, T7, T8, &b64]);
    }
    // --no-history: only what the work tree holds.
    let f = findings(&run_in(
        d,
        &["scan", ".", "--format", "json", "--no-history"],
    ));
    assert!(!f.iter().any(|x| x["path"] == "notes.txt"));
    assert!(f.iter().any(|x| x["path"] == "new-name.txt"));
}

#[test]
fn a_provider_key_deleted_from_history_is_found_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = "sk-ant-api03-IsWvLgtwbTzeFfTpVGtzx6sHui8pvqeUjv9hIWMmbHXL8GnCf4Ad-iDyNAtcO-bWi4MnnPWS5KuSpI3pibxtmk6zmDuCVAA";
    git(d, &["init", "-q"]);
    write_tree(
        d,
        &[("config.py", &format!("ANTHROPIC_API_KEY = \"{key}\"\n"))],
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "oops"]);
    write_tree(
        d,
        &[(
            "config.py",
            "import os\nANTHROPIC_API_KEY = os.environ['ANTHROPIC_API_KEY']\n",
        )],
    );
    git(d, &["commit", "-qam", "fix"]);
    let r = run_in(d, &["scan", ".", "--format", "json"]);
    let f = findings(&r);
    let h = f
        .iter()
        .find(|x| x["path"] == "config.py" && x["in_head"] == false)
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(h["rule"].as_str().unwrap().contains("anthropic"), "{h}");
    assert_no_secret(&r.all(), &[key]);
}

/// Work-tree files the index vouches for are read once, as HEAD's blobs; a file changed since
/// (even to the same size) is read from the work tree; either way each secret is found once.
#[test]
fn unchanged_files_are_read_once_and_changed_ones_from_the_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let committed = "comm-Q1wE2rT3yU4iO5pA6sD7fG8hJ9kL0zX";
    let edited = "edit-Z9xC8vB7nM6lK5jH4gF3dS2aQ1wE0rT";
    write_tree(
        d,
        &[
            (".gitignore", ".env\n"),
            (
                ".env",
                &format!("COMMITTED_TOKEN={committed}\nEDITED_TOKEN={edited}\n"),
            ),
            ("kept.txt", &format!("token {committed}\n")),
            ("edited.txt", &format!("tok {}\n", "x".repeat(edited.len()))),
        ],
    );
    for f in ["kept.txt", "edited.txt"] {
        let status = std::process::Command::new("touch")
            .args(["-d", "2 minutes ago"])
            .arg(d.join(f))
            .status()
            .unwrap();
        assert!(status.success());
    }
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "initial"]);
    // Same size as before: only the file's times tell it changed.
    write_tree(d, &[("edited.txt", &format!("tok {edited}\n"))]);
    let (f, r) = scan_json(d);
    assert_eq!(r.code, 1, "{}", r.all());
    let kept: Vec<_> = f.iter().filter(|x| x["path"] == "kept.txt").collect();
    assert_eq!(kept.len(), 1, "{f:#?}");
    assert_eq!(kept[0]["in_head"], true);
    let changed: Vec<_> = f.iter().filter(|x| x["path"] == "edited.txt").collect();
    assert_eq!(changed.len(), 1, "{f:#?}");
    assert_eq!(changed[0]["variable"], "EDITED_TOKEN");
    assert!(changed[0].get("introduced_in").is_none(), "{f:#?}");
    assert_no_secret(&r.all(), &[committed, edited]);
}

/// A `mosbot-secrets:allow` comment allows its line in history too, known values and rule
/// matches alike; the same secret on another line is still found.
#[test]
fn an_allowed_line_is_allowed_in_history_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let token = "allw-T4yU6iO8pA1sD3fG5hJ7kL9zX2cV4bN";
    let key = format!("ghp_{}", "Zq8vK2mX9pL4nR7tW3yB5cD1fG6hJ0sA2eQ4");
    write_tree(
        d,
        &[
            (".gitignore", ".env\n"),
            (".env", &format!("GATEWAY_TOKEN={token}\n")),
            (
                "docs.md",
                &format!("example: {token} <!-- mosbot-secrets:allow -->\nkey = \"{key}\" # mosbot-secrets:allow\n"),
            ),
            ("leak.md", &format!("{key}\n")),
        ],
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "docs"]);
    let (f, r) = scan_json(d);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(!f.iter().any(|x| x["path"] == "docs.md"), "{f:#?}");
    assert!(f.iter().any(|x| x["path"] == "leak.md"), "{f:#?}");
    assert_no_secret(&r.all(), &[token, &key]);
}

/// A bare repository (a server's copy) has history and no work tree: its history is scanned,
/// git's own files are not read as if they were a work tree.
#[test]
fn a_bare_repository_is_scanned_by_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("src");
    std::fs::create_dir(&d).unwrap();
    git(&d, &["init", "-q"]);
    let key = format!("ghp_{}", "Mn8Bv7Cx6Zl5Kj4Hg3Fd2Sa1Qw0Er9Ty8Ui7");
    write_tree(&d, &[("deploy.sh", &format!("export GH={key}\n"))]);
    git(&d, &["add", "."]);
    git(&d, &["commit", "-qm", "oops"]);
    git(dir.path(), &["clone", "-q", "--bare", "src", "server.git"]);
    let r = run_in(dir.path(), &["scan", "server.git", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    assert!(
        f.iter()
            .any(|x| x["path"] == "deploy.sh" && x["rule"] == "github-pat-classic"),
        "{f:#?}"
    );
    assert!(r.stderr.contains("bare repository"), "{}", r.stderr);
    assert!(!r.stderr.contains("skipped objects/"), "{}", r.stderr);
    assert_no_secret(&r.all(), &[&key]);
}
