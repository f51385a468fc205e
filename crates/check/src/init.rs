//! `init`: creates or completes the env file of every component of a deployment with generated
//! secrets, gives aliased variables one value, and makes `.gitignore` exclude every env file.
//! Never overwrites a real value; a second run changes nothing.

use mosbot_core::atomic::{write_atomic, ModePolicy};
use mosbot_core::catalog::{Class, Variable};
use mosbot_core::classify::placeholder;
use mosbot_core::generate::generate;
use mosbot_core::Catalog;
use mosbot_envfile::EnvFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

use crate::deployment::{component_dirs, read_env_file, root_component, Deployment};
use crate::gitignore::{IgnoreStack, Verdict};
use crate::CheckError;

/// How to run `init`.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// Replace recognised placeholders (`replace-with-…`, `change-me`, empty) with generated values.
    pub replace_placeholders: bool,
    /// Report what would change without writing anything.
    pub dry_run: bool,
}

/// One thing `init` did (or, for warnings, did not do). Names variables, never values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The file, relative to the root.
    pub path: String,
    /// The variable, where the action concerns one.
    pub variable: Option<String>,
    /// What happened.
    pub kind: ActionKind,
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    /// A new env file (mode 0600).
    CreatedFile,
    /// A new secret from the recipe.
    Generated {
        /// The recipe's name (`jwt-secret`).
        recipe: &'static str,
    },
    /// The value of the variable it must equal.
    CopiedFrom {
        /// The variable copied.
        variable: String,
        /// Its file.
        path: String,
    },
    /// A setting's default.
    Default,
    /// A placeholder replaced by a generated (or copied) value.
    ReplacedPlaceholder,
    /// A placeholder left in place (no `--replace-placeholders`, or no recipe).
    KeptPlaceholder {
        /// Whether a generated value could replace it.
        can_generate: bool,
    },
    /// Variables that must be equal differ; left alone.
    Conflict {
        /// The other variable.
        other: String,
        /// Its file.
        other_path: String,
    },
    /// The file's mode lost its group and other bits.
    TightenedMode {
        /// The old mode.
        from: u32,
    },
    /// The file is tracked by git: .gitignore cannot help until it is untracked.
    TrackedByGit,
    /// Lines appended to a `.gitignore`.
    IgnoredInGit {
        /// The lines added.
        lines: Vec<String>,
    },
}

impl ActionKind {
    /// Whether this is a warning: something the user must still do.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            ActionKind::KeptPlaceholder { .. }
                | ActionKind::Conflict { .. }
                | ActionKind::TrackedByGit
        )
    }
}

/// A file `init` manages: where it is, what it holds now, and whether it is new.
struct Target {
    component: String,
    rel: String,
    abs: PathBuf,
    file: EnvFile,
    original: Option<String>,
}

/// The lines `init` adds to a `.gitignore` that does not exclude env files.
const GITIGNORE_BLOCK: &[&str] = &[".env", ".env.*", "!.env.example"];
const GITIGNORE_COMMENT: &str =
    "# Env files hold secrets and are never committed (added by mosbot-secrets init).";

/// A value already set for an alias group: the value, its variable and its file.
struct Known {
    value: Zeroizing<String>,
    variable: String,
    path: String,
}

/// Runs `init` on `root`. Everything is decided and every file is read before the first write.
pub fn run(root: &Path, options: &InitOptions) -> Result<Vec<Action>, CheckError> {
    if options.dry_run && !root.exists() {
        return Err(CheckError::new(
            root.display().to_string(),
            None,
            "does not exist (init without --dry-run creates it)".to_string(),
        ));
    }
    std::fs::create_dir_all(root).map_err(|e| CheckError::io(root, &e))?;
    let deployment = Deployment::load(root)?;
    let catalog = &deployment.catalog;
    let mut targets = load_targets(root, catalog)?;
    let mut known = known_values(catalog, &targets);
    let mut actions = conflicts(catalog, &targets, &known);
    for t in &mut targets {
        complete(catalog, t, &mut known, options, &mut actions)?;
    }
    write_targets(&deployment, &targets, options, &mut actions)?;

    let mut env_rels: Vec<String> = deployment.env_files.iter().map(|f| f.rel.clone()).collect();
    for t in &targets {
        if (t.original.is_some() || !t.file.entries().is_empty()) && !env_rels.contains(&t.rel) {
            env_rels.push(t.rel.clone());
        }
    }
    let canonical = root.canonicalize().map_err(|e| CheckError::io(root, &e))?;
    let repo = crate::git::repo_around(&canonical)?;
    let top = crate::git::ignore_top(&canonical, repo.as_ref());
    ensure_ignored(&canonical, &top, &env_rels, options, &mut actions)?;
    if let Some(repo) = &repo {
        let tracked =
            crate::git::tracked_env_files(repo).map_err(|e| crate::git::git_error(root, &e))?;
        for rel in tracked {
            actions.push(Action {
                path: rel,
                variable: None,
                kind: ActionKind::TrackedByGit,
            });
        }
    }
    Ok(actions)
}

/// The `.env` of every component directory found (or `DIR/.env` for a flat deployment), read
/// or started with a header.
fn load_targets(root: &Path, catalog: &Catalog) -> Result<Vec<Target>, CheckError> {
    let dirs = component_dirs(root, catalog);
    let mut places: Vec<(String, String)> = dirs
        .iter()
        .map(|(c, d, _)| (c.clone(), d.clone()))
        .collect();
    if dirs.is_empty() {
        places.push((root_component(&dirs).to_string(), String::new()));
    }
    let mut targets = Vec::new();
    for (component, dir) in places {
        let rel = if dir.is_empty() {
            ".env".to_string()
        } else {
            format!("{dir}/.env")
        };
        let abs = root.join(&rel);
        let (file, original) = if abs.exists() {
            let file = read_env_file(&abs, &rel)?;
            let text = file.text().to_string();
            (file, Some(text))
        } else {
            let title = catalog
                .component(&component)
                .map_or(component.as_str(), |c| c.title.as_str());
            (mosbot_envfile::parse(&new_file_header(title)), None)
        };
        targets.push(Target {
            component,
            rel,
            abs,
            file,
            original,
        });
    }
    Ok(targets)
}

/// The first real value of every alias group, so that a missing alias copies it.
fn known_values(catalog: &Catalog, targets: &[Target]) -> BTreeMap<String, Known> {
    let mut known = BTreeMap::new();
    for t in targets {
        for e in t.file.effective() {
            if catalog.class_of(e.key()) == Class::Secret && placeholder(e.value()).is_none() {
                known
                    .entry(catalog.group_key(e.key()))
                    .or_insert_with(|| Known {
                        value: Zeroizing::new(e.value().to_string()),
                        variable: e.key().to_string(),
                        path: t.rel.clone(),
                    });
            }
        }
    }
    known
}

/// Alias groups whose values already differ: reported, left as they are.
fn conflicts(
    catalog: &Catalog,
    targets: &[Target],
    known: &BTreeMap<String, Known>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    for t in targets {
        for e in t.file.effective() {
            let Some(k) = known.get(&catalog.group_key(e.key())) else {
                continue;
            };
            let differs = catalog.class_of(e.key()) == Class::Secret
                && placeholder(e.value()).is_none()
                && e.value() != k.value.as_str();
            if differs {
                actions.push(Action {
                    path: t.rel.clone(),
                    variable: Some(e.key().to_string()),
                    kind: ActionKind::Conflict {
                        other: k.variable.clone(),
                        other_path: k.path.clone(),
                    },
                });
            }
        }
    }
    actions
}

/// Adds what `t` lacks (in memory): missing secrets generated or copied from their alias,
/// settings with their defaults, placeholders replaced when asked.
fn complete(
    catalog: &Catalog,
    t: &mut Target,
    known: &mut BTreeMap<String, Known>,
    options: &InitOptions,
    actions: &mut Vec<Action>,
) -> Result<(), CheckError> {
    let is_new = t.original.is_none();
    let wanted: Vec<&Variable> = catalog
        .variables()
        .iter()
        .filter(|v| {
            // Present ones too, so that a placeholder anywhere in the file is handled. A new file
            // gets everything with a recipe or default (BOOTSTRAP_OWNER_PASSWORD included); an
            // existing one only what is required, so a removed bootstrap password stays removed.
            t.file.get(&v.name).is_some()
                || (v.components.contains(&t.component)
                    && (v.required_in.contains(&t.component)
                        || (is_new && (v.recipe.is_some() || v.default.is_some()))))
        })
        .collect();
    if is_new && !wanted.is_empty() {
        actions.push(Action {
            path: t.rel.clone(),
            variable: None,
            kind: ActionKind::CreatedFile,
        });
    }
    for var in wanted {
        let current = t.file.get(&var.name).map(|e| e.value().to_string());
        let is_placeholder = current.as_deref().is_some_and(|v| placeholder(v).is_some());
        if current.is_some() && (!is_placeholder || var.class != Class::Secret) {
            continue; // a real value, or a setting's placeholder: check reports it, init does not guess
        }
        if is_placeholder && (!options.replace_placeholders || var.recipe.is_none()) {
            actions.push(Action {
                path: t.rel.clone(),
                variable: Some(var.name.clone()),
                kind: ActionKind::KeptPlaceholder {
                    can_generate: var.recipe.is_some(),
                },
            });
            continue;
        }
        let Some((value, kind)) = new_value(catalog, var, t, known)? else {
            continue;
        };
        let kind = if is_placeholder {
            ActionKind::ReplacedPlaceholder
        } else {
            kind
        };
        t.file
            .set(&var.name, &value)
            .map_err(|e| CheckError::new(&t.rel, None, e.to_string()))?;
        actions.push(Action {
            path: t.rel.clone(),
            variable: Some(var.name.clone()),
            kind,
        });
    }
    Ok(())
}

/// The value `var` gets in `t`: its alias group's, a generated one, or its default. None for a
/// provider key or a setting without default.
fn new_value(
    catalog: &Catalog,
    var: &Variable,
    t: &Target,
    known: &mut BTreeMap<String, Known>,
) -> Result<Option<(Zeroizing<String>, ActionKind)>, CheckError> {
    if var.class != Class::Secret {
        return Ok(var
            .default
            .as_ref()
            .map(|d| (Zeroizing::new(d.clone()), ActionKind::Default)));
    }
    let group = catalog.group_key(&var.name);
    if let Some(k) = known.get(&group) {
        let kind = ActionKind::CopiedFrom {
            variable: k.variable.clone(),
            path: k.path.clone(),
        };
        return Ok(Some((k.value.clone(), kind)));
    }
    let Some(recipe) = var.recipe else {
        return Ok(None);
    };
    let value = generate(recipe).map_err(|e| CheckError::new(&t.rel, None, e.to_string()))?;
    known.insert(
        group,
        Known {
            value: value.clone(),
            variable: var.name.clone(),
            path: t.rel.clone(),
        },
    );
    Ok(Some((
        value,
        ActionKind::Generated {
            recipe: recipe.cli_name(),
        },
    )))
}

/// Writes every changed target atomically at 0600 and tightens the mode of unchanged ones, of
/// the env files init does not manage (`.env.production`, a dashboard's `.env.local`, ...) and
/// of openclaw.json.
fn write_targets(
    deployment: &Deployment,
    targets: &[Target],
    options: &InitOptions,
    actions: &mut Vec<Action>,
) -> Result<(), CheckError> {
    for t in targets {
        let changed = t.original.as_deref() != Some(t.file.text());
        let nothing_to_write = t.original.is_none() && t.file.entries().is_empty();
        if changed && !nothing_to_write {
            if !options.dry_run {
                write_atomic(&t.abs, t.file.text().as_bytes(), ModePolicy::Secret)
                    .map_err(|e| CheckError::io(&t.abs, &e).with_rel(&t.rel))?;
            }
        } else if t.original.is_some() {
            tighten_mode(&t.abs, &t.rel, options, actions)?;
        }
    }
    for f in deployment
        .env_files
        .iter()
        .filter(|f| !targets.iter().any(|t| t.rel == f.rel))
    {
        tighten_mode(&f.abs, &f.rel, options, actions)?;
    }
    // openclaw.json may hold credentials until `config externalize` moves them out.
    for (rel, abs) in &deployment.config_files {
        tighten_mode(abs, rel, options, actions)?;
    }
    Ok(())
}

/// The comment a new env file starts with.
fn new_file_header(title: &str) -> String {
    format!(
        "# {title}: secrets and settings of this deployment.\n# Created by mosbot-secrets init (mode 0600). Never commit this file; audit it with `mosbot-secrets check`.\n\n"
    )
}

fn tighten_mode(
    abs: &Path,
    rel: &str,
    options: &InitOptions,
    actions: &mut Vec<Action>,
) -> Result<(), CheckError> {
    let Ok(Some(mode)) = mosbot_core::atomic::file_mode(abs) else {
        return Ok(());
    };
    if mode & 0o077 == 0 {
        return Ok(());
    }
    if !options.dry_run {
        set_mode(abs, mode & 0o7700).map_err(|e| CheckError::io(abs, &e).with_rel(rel))?;
    }
    actions.push(Action {
        path: rel.to_string(),
        variable: None,
        kind: ActionKind::TightenedMode { from: mode },
    });
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Makes `.gitignore` exclude every env file: first the block in the root's `.gitignore`, then,
/// for a file a deeper negation still re-includes, its name in its own directory's `.gitignore`.
///
/// `root` and `top` are canonical; `top` is the work tree around `root` (or `root` itself): its
/// `.gitignore` files count, but only files under `root` are written.
fn ensure_ignored(
    root: &Path,
    top: &Path,
    env_rels: &[String],
    options: &InitOptions,
    actions: &mut Vec<Action>,
) -> Result<(), CheckError> {
    let not_ignored = |extra: &BTreeMap<PathBuf, String>| -> Result<Vec<String>, CheckError> {
        let mut stack = IgnoreStack::with_overrides(top, extra.clone());
        let mut out = Vec::new();
        for rel in env_rels {
            if let Verdict::NotIgnored { .. } = stack.verdict(&root.join(rel))? {
                out.push(rel.clone());
            }
        }
        Ok(out)
    };
    let mut pending: BTreeMap<PathBuf, String> = BTreeMap::new();
    let missing = not_ignored(&pending)?;
    if missing.is_empty() {
        return Ok(());
    }
    let root_gitignore = root.join(".gitignore");
    let (text, added) = append_lines(&root_gitignore, GITIGNORE_BLOCK)?;
    if !added.is_empty() {
        pending.insert(root.to_path_buf(), text);
        actions.push(Action {
            path: ".gitignore".to_string(),
            variable: None,
            kind: ActionKind::IgnoredInGit { lines: added },
        });
    }
    for rel in not_ignored(&pending)? {
        let abs = root.join(&rel);
        let dir = abs.parent().unwrap_or(root).to_path_buf();
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = format!("/{name}");
        let gitignore = dir.join(".gitignore");
        let (text, added) = match pending.get(&dir) {
            Some(existing) => append_to_text(existing, &[line.as_str()]),
            None => append_lines(&gitignore, &[line.as_str()])?,
        };
        if !added.is_empty() {
            pending.insert(dir.clone(), text);
            let path = gitignore
                .strip_prefix(root)
                .unwrap_or(&gitignore)
                .to_string_lossy()
                .replace('\\', "/");
            actions.push(Action {
                path,
                variable: None,
                kind: ActionKind::IgnoredInGit { lines: added },
            });
        }
    }
    if !options.dry_run {
        for (dir, text) in &pending {
            let path = dir.join(".gitignore");
            write_atomic(&path, text.as_bytes(), ModePolicy::Keep)
                .map_err(|e| CheckError::io(&path, &e))?;
        }
    }
    Ok(())
}

fn append_lines(path: &Path, lines: &[&str]) -> Result<(String, Vec<String>), CheckError> {
    let existing = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(CheckError::io(path, &e)),
    };
    Ok(append_to_text(&existing, lines))
}

/// Appends the `lines` not already present (as whole lines) to `text`.
fn append_to_text(text: &str, lines: &[&str]) -> (String, Vec<String>) {
    let present: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').trim())
        .collect();
    let added: Vec<String> = lines
        .iter()
        .filter(|l| !present.contains(l))
        .map(|l| l.to_string())
        .collect();
    if added.is_empty() {
        return (text.to_string(), added);
    }
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(ending);
    }
    if lines.len() > 1 {
        if !out.is_empty() {
            out.push_str(ending);
        }
        out.push_str(GITIGNORE_COMMENT);
        out.push_str(ending);
    }
    for l in &added {
        out.push_str(l);
        out.push_str(ending);
    }
    (out, added)
}
