//! The dashboard's env files: every `VITE_*` value is compiled into public JavaScript.

use mosbot_core::catalog::Class;
use mosbot_core::classify::{placeholder, token_shape};
use mosbot_core::strength::looks_random;
use mosbot_core::{Finding, Severity};
use std::collections::HashSet;

use crate::deployment::Deployment;
use crate::rules::*;
use crate::secrets::{at_entry, digest, is_secret};

/// Why a `VITE_*` value is a secret, if it is one.
fn secret_reason(
    d: &Deployment,
    known_secrets: &HashSet<[u8; 32]>,
    name: &str,
    value: &str,
) -> Option<String> {
    let bare = &name["VITE_".len()..];
    if d.catalog.class_of(bare) == Class::Secret && d.catalog.class_of(name) != Class::Public {
        return Some(format!("its name says it is {bare}, a secret"));
    }
    if placeholder(value).is_some() {
        return None;
    }
    if known_secrets.contains(&digest(value)) {
        return Some("its value is a secret used elsewhere in this deployment".to_string());
    }
    if let Some(shape) = token_shape(value) {
        return Some(format!("its value has the shape of a {}", shape.name));
    }
    if looks_random(value) {
        return Some("its value looks like a random credential".to_string());
    }
    None
}

/// Checks every `VITE_*` variable of the deployment's Vite apps.
pub(crate) fn check(d: &Deployment, out: &mut Vec<Finding>) {
    let public: Vec<&str> = d.catalog.public_vite_names().collect();
    let known_secrets: HashSet<[u8; 32]> = d
        .env_files
        .iter()
        .filter(|f| !f.vite)
        .flat_map(|f| f.file.effective())
        .filter(|e| is_secret(d, e) && placeholder(e.value()).is_none() && e.value().len() >= 8)
        .map(|e| digest(e.value()))
        .collect();
    for f in d.env_files.iter().filter(|f| f.vite) {
        for e in f
            .file
            .effective()
            .into_iter()
            .filter(|e| e.key().starts_with("VITE_"))
        {
            let name = e.key();
            if let Some(reason) = secret_reason(d, &known_secrets, name, e.value()) {
                out.push(at_entry(
                    f,
                    e,
                    VITE_SECRET_IN_BUNDLE,
                    Severity::Critical,
                    format!("{name} is compiled into the public JavaScript bundle, and {reason}"),
                    format!(
                        "delete {name} from {}, rotate the secret it held, and keep it on the API side; rebuild the dashboard",
                        f.rel
                    ),
                ));
            } else if !public.contains(&name) {
                out.push(at_entry(
                    f,
                    e,
                    VITE_UNKNOWN_VARIABLE,
                    Severity::Medium,
                    format!("{name} is not a dashboard variable ({}), yet it is compiled into the public bundle", public.join(", ")),
                    format!(
                        "delete {name} from {}, or declare it public in mosbot-secrets.toml ([[variable]] name = \"{name}\", class = \"public\")",
                        f.rel
                    ),
                ));
            }
        }
    }
}
