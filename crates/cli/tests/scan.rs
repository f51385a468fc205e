//! `scan` on real directories and standard input: every known value found in every encoding,
//! with its place; no value ever printed.

mod common;
use base64::Engine;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

const GW: &str = "Gw7kP9qR2sT4uV6wX8yZ0aB1cD3eF5gH7iJ9kL1mN2=";
const DBPW: &str = "Vq7-Hn4.Kp9_Zt2xWm6rBc8d";

fn deployment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;
    let pct: String = DBPW
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    write_tree(
        dir.path(),
        &[
            (".gitignore", ".env\nignored.log\n"),
            (
                "api/.env",
                &format!(
                    "OPENCLAW_GATEWAY_TOKEN={GW}\nDB_PASSWORD={DBPW}\nPORT=3000\nSHORT_TOKEN=abc\n"
                ),
            ),
            ("README.md", &format!("# notes\n\nthe token is {GW} oops\n")),
            (
                "k8s/secret.yaml",
                &format!(
                    "apiVersion: v1\nkind: Secret\ndata:\n  OPENCLAW_GATEWAY_TOKEN: {}\n",
                    b64.encode(GW)
                ),
            ),
            (
                "web/dist/app.js",
                &format!(
                    "var c={{\"u\":\"postgres://mosbot:{pct}@db/mosbot\",\"k\":{}}};\n",
                    serde_json::to_string(&format!("{GW}\n")).unwrap()
                ),
            ),
            ("logs/dump.hex", &format!("{}\n", hex::encode(DBPW))),
            ("ignored.log", &format!("{GW}\n")),
        ],
    );
    std::fs::write(
        dir.path().join("bin.dat"),
        [b"\0\0".as_slice(), GW.as_bytes()].concat(),
    )
    .unwrap();
    dir
}

#[test]
fn every_encoding_is_found_in_place_and_nothing_is_printed() {
    let dir = deployment();
    let r = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    for (path, var, line) in [
        ("README.md", "OPENCLAW_GATEWAY_TOKEN", 3),
        ("k8s/secret.yaml", "OPENCLAW_GATEWAY_TOKEN", 4),
        ("web/dist/app.js", "DB_PASSWORD", 1),
        ("web/dist/app.js", "OPENCLAW_GATEWAY_TOKEN", 1),
        ("logs/dump.hex", "DB_PASSWORD", 1),
    ] {
        let hit = f
            .iter()
            .find(|x| x["path"] == path && x["variable"] == var)
            .unwrap_or_else(|| panic!("{path} {var}: {}", r.stdout));
        assert_eq!(hit["line"], line, "{path}");
        assert_eq!(hit["rule"], "secret.known-value");
    }
    assert!(
        !f.iter().any(|x| x["path"] == "api/.env"),
        "the source itself is not a leak"
    );
    assert!(
        !f.iter().any(|x| x["path"] == "ignored.log"),
        ".gitignore honoured"
    );
    assert!(!f.iter().any(|x| x["path"] == "bin.dat"), "binary skipped");
    assert!(
        r.stderr
            .contains("SHORT_TOKEN (api/.env:4) is not looked for"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("skipped bin.dat: binary"), "{}", r.stderr);
    for format in ["text", "json", "jsonl", "sarif"] {
        let r = run_in(dir.path(), &["scan", ".", "--format", format]);
        assert_no_secret(&r.all(), &[GW, DBPW, "abc\n"]);
    }
    let all = findings(&run_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--no-ignore", "--binary"],
    ));
    assert!(
        all.iter().any(|x| x["path"] == "ignored.log")
            && all.iter().any(|x| x["path"] == "bin.dat")
    );
}

#[test]
fn standard_input_with_known_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("jwt.txt"),
        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mosbot-secrets"))
        .args([
            "scan",
            "-",
            "--known",
            "JWT_SECRET=@jwt.txt",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"line one\nAuthorization: Bearer 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "-");
    assert_eq!(v["findings"][0]["line"], 2);
    assert_eq!(v["findings"][0]["variable"], "JWT_SECRET");
    assert!(!stdout.contains("0f1e2d3c4b5a6978"));
}

#[test]
fn a_clean_tree_exits_0_and_bad_usage_2() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("api/.env", &format!("OPENCLAW_GATEWAY_TOKEN={GW}\n")),
            ("README.md", "nothing here\n"),
        ],
    );
    let r = run_in(dir.path(), &["scan", "."]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("No findings"));
    assert_eq!(run_in(dir.path(), &["scan", "missing-dir"]).code, 2);
    assert_eq!(
        run_in(dir.path(), &["scan", ".", "--known", "NOEQUALS"]).code,
        2
    );
}

#[test]
fn provider_keys_are_found_by_rule_and_an_allow_comment_silences_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let gh = "ghp_Xy7Qw3Er5Ty8Ui1Op4As6Df9Gh2Jk0Lz5Mn7";
    write_tree(
        dir.path(),
        &[
            ("deploy.sh", &format!("export GITHUB_TOKEN={gh}\n")),
            (
                "test/fixture.txt",
                &format!("token = \"{gh}\" # mosbot-secrets:allow\n"),
            ),
            (
                "docs.md",
                "set OPENAI_API_KEY=sk-your-key-here and AKIAIOSFODNN7EXAMPLE\n",
            ),
        ],
    );
    let r = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    assert!(
        f.iter()
            .any(|x| x["path"] == "deploy.sh" && x["rule"].as_str().unwrap().starts_with("github")),
        "{}",
        r.stdout
    );
    assert!(
        !f.iter().any(|x| x["path"] == "test/fixture.txt"),
        "allowed line"
    );
    assert!(
        !f.iter().any(|x| x["path"] == "docs.md"),
        "placeholders and documentation examples: {}",
        r.stdout
    );
    assert_eq!(
        f.iter().filter(|x| x["path"] == "deploy.sh").count(),
        1,
        "one secret, one finding"
    );
    assert_no_secret(&r.all(), &[gh]);
}

#[test]
fn a_baseline_or_the_ignore_file_hides_known_findings() {
    let dir = deployment();
    let first = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    let all = findings(&first);
    assert!(all.len() >= 4);
    std::fs::write(dir.path().join("baseline.json"), &first.stdout).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(findings(&r).is_empty());
    assert!(r.stderr.contains("hidden by"), "{}", r.stderr);
    let one = all[0]["fingerprint"].as_str().unwrap();
    std::fs::write(
        dir.path().join(".mosbot-secrets-ignore"),
        format!("# accepted\n{one}  # reviewed\n"),
    )
    .unwrap();
    let rest = findings(&run_in(dir.path(), &["scan", ".", "--format", "json"]));
    assert_eq!(rest.len(), all.len() - 1);
    let fps: std::collections::HashSet<&str> = all
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), all.len(), "fingerprints are distinct");
}

#[test]
fn fixtures_directories_are_passed_over_from_above_but_read_on_their_own() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("api/.env", &format!("OPENCLAW_GATEWAY_TOKEN={GW}\n")),
            ("examples/demo/.mosbot-secrets-fixtures", "# fakes\n"),
            (
                "examples/demo/.env",
                &format!("OPENCLAW_GATEWAY_TOKEN={GW}\n"),
            ),
            ("examples/demo/notes.md", &format!("{GW}\n")),
        ],
    );
    let r = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert!(
        !findings(&r)
            .iter()
            .any(|f| f["path"].as_str().unwrap().starts_with("examples/")),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("skipped examples/demo: test fixtures"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &dir.path().join("examples/demo"),
        &["scan", ".", "--format", "json"],
    );
    assert!(
        findings(&r).iter().any(|f| f["path"] == "notes.md"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_user_rules_file_adds_rules_and_turns_built_ins_off() {
    let dir = tempfile::tempdir().unwrap();
    let gh = "ghp_Xy7Qw3Er5Ty8Ui1Op4As6Df9Gh2Jk0Lz5Mn7";
    write_tree(dir.path(), &[
        ("deploy.sh", &format!("export GITHUB_TOKEN={gh}\nINTERNAL=acme_live_9f8e7d6c5b4a39281706\n")),
        ("rules.toml", "disable = [\"github-pat-classic\", \"generic-secret-assignment\"]\n\n[[rule]]\nid = \"acme-live-key\"\nname = \"ACME live key\"\nregex = 'acme_live_[0-9a-f]{20}'\nkeywords = [\"acme_live_\"]\nseverity = \"high\"\ndescription = \"An ACME key.\"\nrevoke = \"Revoke it in ACME.\"\n"),
    ]);
    let r = run_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--rules", "rules.toml"],
    );
    let f = findings(&r);
    assert!(
        f.iter().any(|x| x["rule"] == "acme-live-key"),
        "{}",
        r.all()
    );
    assert!(
        !f.iter().any(|x| x["rule"] == "github-pat-classic"),
        "{}",
        r.stdout
    );
    std::fs::write(
        dir.path().join("bad.toml"),
        "disable = [\"no-such-rule\"]\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["scan", ".", "--rules", "bad.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-rule"), "{}", r.stderr);
}

/// The values of Kubernetes Secret manifests are known values too: `data` decoded from base64,
/// `stringData` as written, settings (not secrets) left alone; the manifest itself is reported
/// as holding real values.
#[test]
fn kubernetes_secret_values_are_looked_for_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;
    let data_token = "k8sd-W3rT5yU7iO9pA2sD4fG6hJ8kL0zXcV";
    let string_pw = "k8s-string-Pw7Qz3Xc9Vb5Nm1Lk";
    write_tree(
        dir.path(),
        &[
            (
                "k8s/secrets.yaml",
                &format!(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cfg}}\ndata:\n  LOG_LEVEL: debug\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openclaw-secrets\ndata:\n  OPENCLAW_GATEWAY_TOKEN: {}\nstringData:\n  DB_PASSWORD: \"{string_pw}\"\n  CORS_ORIGIN: '*'\n",
                    b64.encode(data_token)
                ),
            ),
            (
                "k8s/api-deployment.yaml",
                &format!("env:\n  - name: OPENCLAW_GATEWAY_TOKEN\n    value: \"{data_token}\"\n"),
            ),
            ("notes.md", &format!("db password: {string_pw}\n")),
        ],
    );
    let r = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let f = findings(&r);
    let at = |path: &str, var: &str| {
        f.iter()
            .find(|x| x["path"] == path && x["variable"] == var)
            .unwrap_or_else(|| panic!("{var} at {path}: {}", r.stdout))
    };
    let literal = at("k8s/api-deployment.yaml", "OPENCLAW_GATEWAY_TOKEN");
    assert_eq!(literal["line"], 3);
    assert!(
        literal["message"]
            .as_str()
            .unwrap()
            .contains("from k8s/secrets.yaml:12"),
        "{literal}"
    );
    assert_eq!(at("notes.md", "DB_PASSWORD")["line"], 1);
    let own = at("k8s/secrets.yaml", "OPENCLAW_GATEWAY_TOKEN");
    assert!(own["message"].as_str().unwrap().contains("Secret manifest"));
    assert!(!f.iter().any(|x| x["variable"] == "CORS_ORIGIN"), "{f:#?}");
    assert!(!r.stderr.contains("CORS_ORIGIN"), "{}", r.stderr);
    for format in ["text", "json", "sarif"] {
        let r = run_in(dir.path(), &["scan", ".", "--format", format]);
        assert_no_secret(&r.all(), &[data_token, string_pw, &b64.encode(data_token)]);
    }
}

/// Archives are never opened, with or without --binary; the report names each one.
#[test]
fn archives_are_reported_as_not_opened_in_the_tree_and_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write_tree(d, &[("README.md", "hello\n")]);
    // A zip's local file header, then a stored (uncompressed) member holding a key.
    let key = format!("ghp_{}", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5");
    std::fs::write(
        d.join("bundle.zip"),
        [b"PK\x03\x04\x14\0\0\0".as_slice(), key.as_bytes()].concat(),
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "archives"]);
    // Not committed: only the work-tree scan meets these.
    std::fs::write(d.join("logs.tar.gz"), b"\x1f\x8b\x08\0compressed").unwrap();
    std::fs::copy(d.join("bundle.zip"), d.join("new.zip")).unwrap();
    for extra in [&[][..], &["--binary"][..]] {
        let mut args = vec!["scan", ".", "--format", "json"];
        args.extend(extra);
        let r = run_in(d, &args);
        assert_eq!(r.code, 0, "{}", r.all());
        let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let skipped = report["skipped"].as_array().unwrap();
        for (path, kind) in [
            ("new.zip", "zip archive, not opened"),
            ("logs.tar.gz", "gzip archive, not opened"),
            ("git:bundle.zip", "zip archive, not opened"),
        ] {
            assert!(
                skipped
                    .iter()
                    .any(|s| s["path"] == path && s["reason"].as_str().unwrap().starts_with(kind)),
                "{path}: {skipped:#?}"
            );
        }
        assert!(r
            .stderr
            .contains("skipped new.zip: zip archive, not opened"));
        assert!(r
            .stderr
            .contains("skipped bundle.zip in history: zip archive, not opened"));
        assert_no_secret(&r.all(), &[&key]);
    }
}

/// The work tree is read on every core; the report is the same, byte for byte, every time.
#[test]
fn a_parallel_walk_gives_the_same_report_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("d{}/f{i}.txt", i % 7),
                format!("line\n{GW}\nkey ghp_{:0>36}\n", i),
            )
        })
        .collect();
    let mut tree: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let env = format!("OPENCLAW_GATEWAY_TOKEN={GW}\n");
    tree.push(("api/.env", &env));
    write_tree(dir.path(), &tree);
    let first = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(first.code, 1, "{}", first.all());
    assert_eq!(findings(&first).len(), 300, "one known value per file");
    for _ in 0..3 {
        let again = run_in(dir.path(), &["scan", ".", "--format", "json"]);
        assert_eq!(again.stdout, first.stdout);
        assert_eq!(again.stderr, first.stderr);
    }
}

/// Files and blobs over --max-size are passed over and named (history blobs by their size in
/// the object database, without reading them); --max-size 0 reads everything.
#[test]
fn files_over_the_size_limit_are_named_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let key = format!("ghp_{}", "Lk9Jh8Gf7Ds6Aq5Wz4Xc3Vb2Nm1Qp0Ro9Ti8");
    let big = format!("{}\n{key}\n", "x".repeat(2_100_000));
    write_tree(d, &[("dump.sql", &big), ("README.md", "hi\n")]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "dump"]);
    write_tree(d, &[("local.sql", &big)]);
    let r = run_in(d, &["scan", ".", "--format", "json", "--max-size", "1"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    for path in ["git:dump.sql", "local.sql"] {
        assert!(
            skipped.iter().any(|s| s["path"] == path
                && s["reason"]
                    .as_str()
                    .unwrap()
                    .contains("larger than --max-size 1 MB")),
            "{path}: {skipped:#?}"
        );
    }
    let all = run_in(d, &["scan", ".", "--format", "json", "--max-size", "0"]);
    assert_eq!(all.code, 1, "{}", all.all());
    let f = findings(&all);
    assert!(
        f.iter().any(|x| x["path"] == "dump.sql") && f.iter().any(|x| x["path"] == "local.sql")
    );
    assert_no_secret(&format!("{}{}", r.all(), all.all()), &[&key]);
}

/// `scan - --format jsonl --known GW=@gw.txt` in `dir`, its three streams piped.
fn stream_scan(dir: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_mosbot-secrets"))
        .args(["scan", "-", "--known", "GW=@gw.txt", "--format", "jsonl"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `scan - --format jsonl` reports as the input arrives: a finding comes out while standard
/// input is still open (a followed log never ends).
#[test]
fn jsonl_from_standard_input_streams_each_finding_at_once() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gw.txt"), format!("{GW}\n")).unwrap();
    let mut child = stream_scan(dir.path());
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "GET /health 200").unwrap();
    writeln!(stdin, "auth header: Bearer {GW}").unwrap();
    stdin.flush().unwrap();
    // Read while stdin stays open: this blocks forever if the scan waits for the end.
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let first: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(first["variable"], "GW");
    assert_eq!(first["line"], 2);
    writeln!(stdin, "later: {GW}").unwrap();
    drop(stdin);
    let rest: Vec<String> = stdout.lines().map(|l| l.unwrap()).collect();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rest.len(), 2, "{rest:?}");
    let second: serde_json::Value = serde_json::from_str(&rest[0]).unwrap();
    assert_eq!(second["line"], 3);
    let summary: serde_json::Value = serde_json::from_str(&rest[1]).unwrap();
    assert_eq!(summary["summary"]["total"], 2);
    assert_no_secret(&format!("{line}{}", rest.join("\n")), &[GW]);
}

/// A long stream is scanned in rounds that overlap: every occurrence is reported once, at its
/// line, and a PEM key cut by a round's end is still found.
#[test]
fn a_long_stream_reports_every_occurrence_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gw.txt"), format!("{GW}\n")).unwrap();
    let pem_body: String = (0..30)
        .map(|i| {
            format!(
                "{:0>64}\n",
                format!("MIIEpAIBAAKCAQEA{i}x7Qz3Vb9Nm1Lk5Jh8Gf2Ds4Aq6Wz")
            )
        })
        .collect();
    let mut input = String::new();
    let mut expected_lines = Vec::new();
    let mut line = 1;
    for i in 0..12000 {
        if i % 500 == 7 {
            input.push_str(&format!("token {GW} seen\n"));
            expected_lines.push(line);
        } else if i == 8100 {
            input.push_str("-----BEGIN RSA PRIVATE KEY-----\n");
            input.push_str(&pem_body);
            input.push_str("-----END RSA PRIVATE KEY-----\n");
            line += 31;
        } else {
            input.push_str(&format!(
                "{i:>8} an ordinary log line with some padding text in it ok\n"
            ));
        }
        line += 1;
    }
    assert!(input.len() > 600_000, "several rounds");
    let mut child = stream_scan(dir.path());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let known: Vec<u64> = lines
        .iter()
        .filter(|v| v["variable"] == "GW")
        .map(|v| v["line"].as_u64().unwrap())
        .collect();
    assert_eq!(known, expected_lines);
    let pems = lines
        .iter()
        .filter(|v| v["rule"] == "private-key-pem")
        .count();
    assert_eq!(pems, 1, "{lines:#?}");
}
