//! `check`: every finding kind on real directories, the report formats, exit codes, and that no
//! planted value ever appears in any output.

mod common;
use common::*;
use std::fs;

const JWT_OK: &str = "9c1f2e3d4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5f60718293a4b5c6d7e8f90";
const WS_TOKEN: &str = "s3cR3tW0rkspAceT0kenAAAAqK8vL2mN4pQ6rS8tU0=";
const WS_OTHER: &str = "d1ff3r3ntW0rkspAceT0kenBBBqK8vL2mN4pQ6rS8x=";
const OR_KEY: &str = "sk-or-v1-5e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
const BOOT: &str = "Bx9.Lm4-Qr7_Tz2wYk5nPs8v";

/// A deployment with one planted problem of every kind `check` knows.
fn planted() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let api = format!(
        "# MosBot API\nPORT=3000\nJWT_SECRET=replace-with-a-long-random-secret\nDB_PASSWORD=mosbot2024\nBOOTSTRAP_OWNER_PASSWORD={BOOT}\nOPENCLAW_WORKSPACE_TOKEN={WS_TOKEN}\nOPENCLAW_GATEWAY_TOKEN=c2hvcnQtdG9rZW4tMTIz\nCORS_ORIGIN=*\nOPENROUTER_API_KEY={OR_KEY}\nSESSION_SECRET={WS_TOKEN}\nPORT=3001\n"
    );
    write_tree(dir.path(), &[
        (".gitignore", "api/.env\nweb/.env\n"),
        ("api/.env", &api),
        ("workspace-server/.env", &format!("WORKSPACE_SERVICE_TOKEN={WS_OTHER}\nJWT_SECRET={JWT_OK}\n")),
        ("web/vite.config.ts", "export default {}\n"),
        ("web/.env", &format!("VITE_API_URL=http://localhost:3000\nVITE_OPENROUTER_API_KEY={OR_KEY}\nVITE_SENTRY_ENVIRONMENT=staging\n")),
        ("openclaw.json", "{ gateway: { auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' } } }\n"),
    ]);
    chmod(&dir.path().join("api/.env"), 0o644);
    chmod(&dir.path().join("workspace-server/.env"), 0o640);
    chmod(&dir.path().join("openclaw.json"), 0o600);
    dir
}

/// One finding of every kind, planted both in `planted()` and in the shipped example.
const PLANTED_FINDINGS: &[(&str, &str, Option<&str>)] = &[
    ("secret.placeholder", "api/.env", Some("JWT_SECRET")),
    ("secret.weak", "api/.env", Some("DB_PASSWORD")),
    (
        "bootstrap.still-present",
        "api/.env",
        Some("BOOTSTRAP_OWNER_PASSWORD"),
    ),
    (
        "secret.too-short",
        "api/.env",
        Some("OPENCLAW_GATEWAY_TOKEN"),
    ),
    ("cors.wildcard", "api/.env", Some("CORS_ORIGIN")),
    ("secret.reused", "api/.env", Some("SESSION_SECRET")),
    ("env.duplicate-key", "api/.env", Some("PORT")),
    (
        "secret.alias-mismatch",
        "workspace-server/.env",
        Some("WORKSPACE_SERVICE_TOKEN"),
    ),
    (
        "secret.unexpected-component",
        "workspace-server/.env",
        Some("JWT_SECRET"),
    ),
    (
        "vite.secret-in-bundle",
        "web/.env",
        Some("VITE_OPENROUTER_API_KEY"),
    ),
    (
        "vite.unknown-variable",
        "web/.env",
        Some("VITE_SENTRY_ENVIRONMENT"),
    ),
    ("git.env-not-ignored", "workspace-server/.env", None),
];

/// The planted values (the placeholder is public text; its pattern name may be shown, the value not).
const PLANTED: &[&str] = &[
    JWT_OK,
    WS_TOKEN,
    WS_OTHER,
    OR_KEY,
    BOOT,
    "mosbot2024",
    "c2hvcnQtdG9rZW4tMTIz",
];

#[test]
fn every_planted_problem_is_found_with_its_place() {
    let dir = planted();
    let r = run_in(dir.path(), &["check", ".", "--format", "json", "--no-git"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    let expect = PLANTED_FINDINGS.iter().copied().chain([
        ("file.permissions", "api/.env", None),
        ("file.permissions", "workspace-server/.env", None),
    ]);
    for (rule, path, var) in expect {
        assert!(
            has(&f, rule, path, var),
            "missing {rule} on {path} {var:?}:\n{}",
            r.stdout
        );
    }
    assert!(!has(&f, "secret.missing", "workspace-server/.env", None));
    assert!(!has(&f, "git.env-not-ignored", "api/.env", None));
    assert!(!has(&f, "file.permissions", "openclaw.json", None));
    // Places: line and column of the entry.
    let jwt = f
        .iter()
        .find(|f| f["rule"] == "secret.placeholder")
        .unwrap();
    assert_eq!(
        (jwt["line"].as_u64(), jwt["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(jwt["severity"], "critical");
    assert!(jwt["fix"]
        .as_str()
        .unwrap()
        .contains("mosbot-secrets init --replace-placeholders ."));
    for finding in &f {
        for key in [
            "rule", "severity", "path", "line", "column", "variable", "message", "fix",
        ] {
            assert!(finding.get(key).is_some(), "{key} missing in {finding}");
        }
    }
    assert_no_secret(&r.all(), PLANTED);
    assert!(!r.all().contains("replace-with-a-long-random-secret"));
}

#[test]
fn no_output_format_leaks_a_planted_value() {
    let dir = planted();
    for format in ["text", "json", "sarif"] {
        let r = run_in(dir.path(), &["check", ".", "--format", format]);
        assert_eq!(r.code, 1);
        assert_no_secret(&r.all(), PLANTED);
    }
}

#[test]
fn missing_secrets_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".gitignore", ".env\n"),
            (".env", &format!("JWT_SECRET={JWT_OK}\n")),
        ],
    );
    chmod(&dir.path().join(".env"), 0o600);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    for var in [
        "DB_PASSWORD",
        "OPENCLAW_WORKSPACE_TOKEN",
        "OPENCLAW_GATEWAY_TOKEN",
    ] {
        assert!(
            has(&f, "secret.missing", ".env", Some(var)),
            "{var}: {}",
            r.stdout
        );
    }
    assert!(has(&f, "setting.missing", ".env", Some("CORS_ORIGIN")));
    assert!(
        !has(
            &f,
            "secret.missing",
            ".env",
            Some("BOOTSTRAP_OWNER_PASSWORD")
        ),
        "it is meant to go"
    );
}

#[test]
fn cors_origin_that_is_not_an_origin() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".gitignore", ".env\n"),
            (".env", "CORS_ORIGIN=https://dash.example.org/\n"),
        ],
    );
    let f = findings(&run_in(dir.path(), &["check", ".", "--format", "json"]));
    assert!(has(&f, "cors.not-an-origin", ".env", Some("CORS_ORIGIN")));
}

#[test]
fn text_report_is_grouped_by_file_with_fixes() {
    let dir = planted();
    let r = run_in(dir.path(), &["check", "."]);
    assert!(r.stdout.contains("api/.env\n"), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("fix: mosbot-secrets init --replace-placeholders ."));
    assert!(r
        .stdout
        .contains("Failing: at least one finding is high or worse"));
    assert!(!r.stdout.contains('\u{1b}'), "NO_COLOR is honoured");
}

#[test]
fn sarif_is_2_1_0_with_rules_and_locations() {
    let dir = planted();
    let r = run_in(dir.path(), &["check", ".", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 15);
    for result in run["results"].as_array().unwrap() {
        let idx = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], result["ruleId"]);
        let loc = &result["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some());
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["partialFingerprints"].is_object());
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(".gitignore", ".env\n"), ("docker/.env", "A=1\nA=2\n")],
    );
    chmod(&dir.path().join("docker/.env"), 0o600);
    assert_eq!(
        run_in(dir.path(), &["check", "."]).code,
        0,
        "a low finding does not fail by default"
    );
    assert_eq!(
        run_in(dir.path(), &["check", ".", "--fail-on", "low"]).code,
        1
    );
    let planted = planted();
    assert_eq!(
        run_in(planted.path(), &["check", ".", "--fail-on", "never"]).code,
        0
    );
    assert_eq!(
        run_in(planted.path(), &["check", ".", "--fail-on", "critical"]).code,
        1
    );
}

#[test]
fn check_writes_nothing() {
    let dir = planted();
    let before = snapshot(dir.path());
    run_in(dir.path(), &["check", "."]);
    run_in(dir.path(), &["check", ".", "--format", "sarif"]);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn bad_input_names_the_file_and_line_and_exits_2() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("api/.env", b"A=1\nB=\0\n", "api/.env:2"),
        ("api/.env", b"A=1\n\nB=\xff\xfe\n", "api/.env:3"),
        (".gitignore", b"node_modules/\n**/[z-a]\n", ".gitignore:2"),
        (
            "mosbot-secrets.toml",
            b"[[variable]]\nname = 1\n",
            "mosbot-secrets.toml:2",
        ),
    ];
    for (file, bytes, place) in cases {
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), &[("api/x", "")]);
        fs::write(dir.path().join(file), bytes).unwrap();
        let before = snapshot(dir.path());
        let r = run_in(dir.path(), &["check", "."]);
        assert_eq!(r.code, 2, "{file}: {}", r.all());
        assert!(
            r.stderr.contains(place),
            "{file}: expected {place} in {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
        assert_eq!(snapshot(dir.path()), before);
    }
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["check", "does-not-exist"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does-not-exist"), "{}", r.stderr);
    // An unreadable env file: a link to nowhere.
    std::os::unix::fs::symlink("/nonexistent/target", dir.path().join(".env")).unwrap();
    let r = run_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains(".env"), "{}", r.stderr);
}

#[test]
fn a_secret_shaped_vite_value_is_critical_even_unknown() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[
        (".gitignore", ".env*\n"),
        ("web/vite.config.js", ""),
        ("web/.env.production", "VITE_API_URL=https://api.example.org\nVITE_APP_NAME=MosBot\nVITE_ANALYTICS=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"),
    ]);
    let f = findings(&run_in(dir.path(), &["check", ".", "--format", "json"]));
    assert!(has(
        &f,
        "vite.secret-in-bundle",
        "web/.env.production",
        Some("VITE_ANALYTICS")
    ));
    assert!(!has(
        &f,
        "vite.unknown-variable",
        "web/.env.production",
        Some("VITE_APP_NAME")
    ));
}

#[test]
fn the_shipped_example_shows_every_planted_problem() {
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/mosbot-deployment");
    let r = run_in(&example, &["check", ".", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    for &(rule, path, var) in PLANTED_FINDINGS {
        assert!(has(&f, rule, path, var), "{rule} on {path}: {}", r.stdout);
    }
    assert!(
        has(
            &f,
            "config.literal-secret",
            "openclaw.json",
            Some("models.providers.openai.apiKey")
        ),
        "{}",
        r.stdout
    );
    // No value of the example's env files appears in any report.
    let mut values = Vec::new();
    for file in ["api/.env", "web/.env", "workspace-server/.env"] {
        for line in fs::read_to_string(example.join(file)).unwrap().lines() {
            if let Some((_, v)) = line.split_once('=') {
                let v = v.trim().trim_matches(['"', '\'']);
                if v.len() >= 16 && !v.starts_with("http") && !v.starts_with("replace-with") {
                    values.push(v.to_string());
                }
            }
        }
    }
    assert!(values.len() >= 6);
    for format in ["text", "json", "sarif"] {
        let r = run_in(&example, &["check", ".", "--format", format]);
        assert_no_secret(
            &r.all(),
            &values.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = planted();
    let plain = run_in(dir.path(), &["check", "."]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let coloured = run_in(dir.path(), &["check", ".", "--color", "always"]);
    assert!(coloured.stdout.contains("\u{1b}["), "{}", coloured.stdout);
    let json = run_in(
        dir.path(),
        &["check", ".", "--format", "json", "--color", "always"],
    );
    assert!(
        serde_json::from_str::<serde_json::Value>(&json.stdout).is_ok(),
        "JSON is never styled"
    );
}

#[test]
fn the_project_catalog_adds_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[
        (".gitignore", ".env*\n"),
        ("mosbot-secrets.toml", "[[variable]]\nname = \"VITE_SENTRY_ENVIRONMENT\"\nclass = \"public\"\ncomponents = [\"dashboard\"]\n\n[[variable]]\nname = \"BILLING_WEBHOOK\"\nclass = \"secret\"\ncomponents = [\"api\"]\n\n[[variable]]\nname = \"JWT_SECRET\"\nmin_length = 128\n"),
        ("web/vite.config.ts", ""),
        ("web/.env", "VITE_API_URL=http://localhost:3000\nVITE_SENTRY_ENVIRONMENT=staging\n"),
        ("api/.env", &format!("JWT_SECRET={JWT_OK}\nBILLING_WEBHOOK=change-me\n")),
    ]);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = findings(&r);
    assert!(
        !has(
            &f,
            "vite.unknown-variable",
            "web/.env",
            Some("VITE_SENTRY_ENVIRONMENT")
        ),
        "declared public"
    );
    assert!(
        has(
            &f,
            "secret.placeholder",
            "api/.env",
            Some("BILLING_WEBHOOK")
        ),
        "declared secret: {}",
        r.stdout
    );
    assert!(
        has(&f, "secret.too-short", "api/.env", Some("JWT_SECRET")),
        "stricter minimum"
    );
}
