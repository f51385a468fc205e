//! `generate`: values made the way the spec says, printed alone.

mod common;
use common::*;

#[test]
fn jwt_secret_is_96_lowercase_hex_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["generate", "jwt-secret"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty());
    let v = r.stdout.strip_suffix('\n').unwrap();
    assert_eq!(v.len(), 96);
    assert!(v
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_ne!(
        run_in(dir.path(), &["generate", "jwt-secret"]).stdout,
        r.stdout
    );
}

#[test]
fn token_is_44_characters_of_base64() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["generate", "token"]);
    let v = r.stdout.strip_suffix('\n').unwrap();
    assert_eq!(v.len(), 44);
    assert!(v.ends_with('=') && !v.ends_with("=="));
    assert!(v[..43]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'));
}

#[test]
fn password_and_length() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["generate", "password"]);
    assert!(r.stdout.trim_end().chars().count() >= 20);
    let r = run_in(dir.path(), &["generate", "password", "--length", "40"]);
    assert_eq!(r.stdout.trim_end().chars().count(), 40);
    assert_eq!(
        run_in(dir.path(), &["generate", "password", "--length", "8"]).code,
        2
    );
}

#[test]
fn by_variable_name_uses_the_catalog_recipe() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run_in(dir.path(), &["generate", "JWT_SECRET"])
            .stdout
            .trim_end()
            .len(),
        96
    );
    assert_eq!(
        run_in(dir.path(), &["generate", "WORKSPACE_SERVICE_TOKEN"])
            .stdout
            .trim_end()
            .len(),
        44
    );
}

#[test]
fn unknown_or_provider_issued_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["generate", "OPENAI_API_KEY"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("provider"), "{}", r.stderr);
    let r = run_in(dir.path(), &["generate", "nonsense"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}
