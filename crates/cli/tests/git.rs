//! `check` and `init` against real git repositories: tracked env files, env files anywhere in
//! history (deleted later, on a side branch, under a tag only), a deployment in a subdirectory.

mod common;
use common::*;

const TOKEN: &str = "hT9sK2vX7qL4mN8pR3wZ6yB1cF5gJ0dA2eU4iO6kM8=";

fn repo_with_deployment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_tree(
        dir.path(),
        &[(".gitignore", ".env\n"), ("README.md", "deploy\n")],
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "initial"]);
    dir
}

#[test]
fn a_tracked_env_file_is_critical() {
    let dir = repo_with_deployment();
    write_tree(
        dir.path(),
        &[(".env", &format!("OPENCLAW_GATEWAY_TOKEN={TOKEN}\n"))],
    );
    git(dir.path(), &["add", "-f", ".env"]);
    git(dir.path(), &["commit", "-qm", "oops"]);
    let commit = git(dir.path(), &["rev-parse", "HEAD"]);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    let tracked = f
        .iter()
        .find(|f| f["rule"] == "git.env-tracked")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!(tracked["path"], ".env");
    assert_eq!(tracked["severity"], "critical");
    assert!(tracked["message"].as_str().unwrap().contains(&commit[..12]));
    assert!(
        !has(&f, "git.env-in-history", ".env", None),
        "reported once, as tracked"
    );
    assert_no_secret(&r.all(), &[TOKEN]);
    // Staged only: tracked, not yet in history.
    let dir = repo_with_deployment();
    write_tree(dir.path(), &[("api/.env.production", "A=1\n")]);
    git(dir.path(), &["add", "-f", "api/.env.production"]);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    let t = f.iter().find(|f| f["rule"] == "git.env-tracked").unwrap();
    assert!(
        t["message"].as_str().unwrap().contains("staged"),
        "{}",
        r.stdout
    );
    // --no-git looks at no repository.
    let r = run_in(dir.path(), &["check", ".", "--format", "json", "--no-git"]);
    assert!(!findings(&r).iter().any(|f| f["rule"] == "git.env-tracked"));
}

#[test]
fn an_env_file_deleted_three_commits_later_is_still_in_history() {
    let dir = repo_with_deployment();
    write_tree(
        dir.path(),
        &[("api/.env", &format!("OPENCLAW_GATEWAY_TOKEN={TOKEN}\n"))],
    );
    git(dir.path(), &["add", "-f", "api/.env"]);
    git(dir.path(), &["commit", "-qm", "add env"]);
    let added = git(dir.path(), &["rev-parse", "HEAD"]);
    for i in 0..2 {
        write_tree(dir.path(), &[("README.md", &format!("v{i}\n"))]);
        git(dir.path(), &["commit", "-qam", "work"]);
    }
    git(dir.path(), &["rm", "-q", "--cached", "api/.env"]);
    git(dir.path(), &["commit", "-qm", "remove env"]);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    let h = f
        .iter()
        .find(|f| f["rule"] == "git.env-in-history")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!(h["path"], "api/.env");
    let msg = h["message"].as_str().unwrap();
    assert!(
        msg.contains(&added[..12]) && msg.contains("3 commit(s)"),
        "{msg}"
    );
    assert!(h["fix"]
        .as_str()
        .unwrap()
        .contains("git filter-repo --invert-paths --path api/.env"));
    assert!(!has(&f, "git.env-tracked", "api/.env", None));
    assert_no_secret(&r.all(), &[TOKEN]);
}

#[test]
fn side_branches_and_tags_count() {
    let dir = repo_with_deployment();
    git(dir.path(), &["switch", "-qc", "feature/gateway"]);
    write_tree(dir.path(), &[(".env.staging", "X=1\n")]);
    git(dir.path(), &["add", "-f", ".env.staging"]);
    git(dir.path(), &["commit", "-qm", "side"]);
    git(dir.path(), &["switch", "-q", "main"]);
    git(dir.path(), &["switch", "-qc", "release"]);
    write_tree(dir.path(), &[("workspace-server/.env", "Y=1\n")]);
    git(dir.path(), &["add", "-f", "workspace-server/.env"]);
    git(dir.path(), &["commit", "-qm", "release"]);
    git(dir.path(), &["tag", "-a", "v1", "-m", "v1"]);
    git(dir.path(), &["switch", "-q", "main"]);
    git(dir.path(), &["branch", "-qD", "release"]);
    let f = findings(&run_in(dir.path(), &["check", ".", "--format", "json"]));
    assert!(has(&f, "git.env-in-history", ".env.staging", None));
    assert!(has(&f, "git.env-in-history", "workspace-server/.env", None));
}

#[test]
fn a_deployment_in_a_subdirectory_sees_the_repository_gitignore() {
    let dir = repo_with_deployment();
    write_tree(
        dir.path(),
        &[
            ("deploy/api/.env", "A=1\n"),
            (
                "deploy/web/.env.local",
                "VITE_API_URL=http://localhost:3000\n",
            ),
        ],
    );
    write_tree(dir.path(), &[("other/.env", "B=1\n")]);
    git(dir.path(), &["add", "-f", "other/.env"]);
    git(dir.path(), &["commit", "-qm", "other"]);
    let r = run_in(dir.path(), &["check", "deploy", "--format", "json"]);
    let f = findings(&r);
    assert!(
        !has(&f, "git.env-not-ignored", "api/.env", None),
        "the repository root's .gitignore excludes it: {}",
        r.stdout
    );
    assert!(has(&f, "git.env-not-ignored", "web/.env.local", None));
    assert!(
        !f.iter()
            .any(|f| f["path"].as_str().is_some_and(|p| p.contains("other"))),
        "outside the deployment"
    );
    // init adds the exclusion inside the deployment, not above it.
    let before_root = std::fs::read(dir.path().join(".gitignore")).unwrap();
    assert_eq!(run_in(dir.path(), &["init", "deploy"]).code, 0);
    assert_eq!(
        std::fs::read(dir.path().join(".gitignore")).unwrap(),
        before_root
    );
    let f = findings(&run_in(
        dir.path(),
        &["check", "deploy", "--format", "json"],
    ));
    assert!(!f.iter().any(|f| f["rule"] == "git.env-not-ignored"));
}

#[test]
fn init_warns_about_a_tracked_env_file() {
    let dir = repo_with_deployment();
    write_tree(dir.path(), &[(".env", "PORT=3000\n")]);
    git(dir.path(), &["add", "-f", ".env"]);
    let r = run_in(dir.path(), &["init", "."]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".env: warning: tracked by git"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_secret_committed_outside_env_files_is_critical() {
    let dir = repo_with_deployment();
    write_tree(
        dir.path(),
        &[(".env", &format!("OPENCLAW_GATEWAY_TOKEN={TOKEN}\n"))],
    );
    write_tree(
        dir.path(),
        &[(
            "docs/setup.md",
            &format!("Use the token {TOKEN} to connect.\n"),
        )],
    );
    git(dir.path(), &["add", "docs/setup.md"]);
    git(dir.path(), &["commit", "-qm", "docs"]);
    git(dir.path(), &["rm", "-q", "docs/setup.md"]);
    git(dir.path(), &["commit", "-qm", "oops, remove"]);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    let h = f
        .iter()
        .find(|f| f["rule"] == "git.secret-in-history")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!(h["path"], "docs/setup.md");
    assert_eq!(h["variable"], "OPENCLAW_GATEWAY_TOKEN");
    assert_eq!(h["in_head"], false);
    assert_no_secret(&r.all(), &[TOKEN]);
}
