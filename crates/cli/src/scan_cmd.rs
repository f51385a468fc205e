//! `scan`: where do the deployment's secrets appear that they should not?

use mosbot_core::report::{json, jsonl, sarif, text, Grouping, Report, Skipped};
use mosbot_core::{Finding, RuleInfo, Severity};
use mosbot_scan::files::{
    scan_dir, scan_reader, scan_rules, Occurrence, RuleOccurrence, ScanOptions,
};
use mosbot_scan::known::{KnownSet, KnownValue};
use mosbot_scan::rules::RuleSet;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{FailOn, ScanFormat};

/// The paths in the git index under `root`, relative to it; None outside a repository.
fn indexed_paths(root: &Path) -> Option<Vec<String>> {
    let (repo, _, prefix) = repository_at(root).ok()??;
    let paths = mosbot_git::tracked_paths(&repo).ok()?;
    Some(if prefix.is_empty() {
        paths
    } else {
        paths
            .into_iter()
            .filter_map(|p| p.strip_prefix(&format!("{prefix}/")).map(str::to_string))
            .collect()
    })
}

/// The rule of a known value found.
pub const KNOWN_VALUE: RuleInfo = RuleInfo {
    id: Cow::Borrowed("secret.known-value"),
    severity: Severity::Critical,
    summary: Cow::Borrowed("A secret of the deployment appears outside its env file."),
    help: Cow::Borrowed("The exact value of a secret the deployment uses was found (as written, or base64, percent, JSON-escaped or hex encoded). Rotate it, remove it from the file, and if the file was ever committed, purge it from history."),
};

/// The known values: the deployment's env files and Kubernetes Secret manifests (when `root` is a
/// deployment) and `--known`; and the files not to read (the env files).
fn known_values(
    root: Option<&Path>,
    known: &[String],
    staged: bool,
) -> Result<(Vec<KnownValue>, Vec<String>), String> {
    let mut values = Vec::new();
    let mut sources = Vec::new();
    if let Some(root) = root {
        let deployment = mosbot_check::Deployment::load(root).map_err(|e| e.to_string())?;
        // Before a commit, the manifests are the ones git knows (no walk of the tree: a
        // pre-commit check must answer at once).
        let manifests = match staged.then(|| indexed_paths(root)).flatten() {
            Some(paths) => mosbot_check::manifests::manifest_secrets_among(
                root,
                paths.iter().map(String::as_str),
            ),
            None => mosbot_check::manifests::manifest_secrets(root),
        };
        for s in mosbot_check::deployment_secrets_with(&deployment, manifests) {
            values.push(KnownValue {
                name: s.name,
                source: format!("{}:{}", s.path, s.line),
                value: s.value,
            });
        }
        sources = deployment.env_files.iter().map(|f| f.rel.clone()).collect();
    }
    for spec in known {
        let Some((name, file)) = spec.split_once("=@") else {
            return Err(format!("--known {spec:?}: expected NAME=@FILE"));
        };
        let value = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let value = value
            .strip_suffix('\n')
            .map(|v| v.strip_suffix('\r').unwrap_or(v))
            .unwrap_or(&value)
            .to_string();
        values.push(KnownValue {
            name: name.to_string(),
            source: file.to_string(),
            value,
        });
    }
    Ok((values, sources))
}

/// The report's description of the data rules (SARIF lists them).
fn rule_infos(rules: &RuleSet) -> Vec<RuleInfo> {
    rules
        .rules()
        .iter()
        .map(|r| RuleInfo {
            id: Cow::Owned(r.def.id.clone()),
            severity: r.severity,
            summary: Cow::Owned(r.def.description.clone()),
            help: Cow::Owned(format!("{} {}", r.def.description, r.def.revoke)),
        })
        .collect()
}

fn rule_finding(rules: &RuleSet, o: &RuleOccurrence) -> Finding {
    let rule = &rules.rules()[o.rule];
    let which = o
        .secret_fingerprint
        .as_ref()
        .map(|fp| format!(" (fingerprint {fp})"))
        .unwrap_or_default();
    Finding::new(
        rule.def.id.clone(),
        rule.severity,
        format!("{} found{which}", rule.def.name),
        format!(
            "{} Then remove it from {}, or allow the line with a `mosbot-secrets:allow` comment if it is no secret",
            rule.def.revoke, o.path
        ),
    )
    .at(o.path.clone(), Some(o.line), Some(o.column))
    .identified_by(&o.secret_fingerprint.clone().unwrap_or_else(|| format!("line {}", o.line)))
}

/// Fingerprints to hide: `.mosbot-secrets-ignore` at the root (one per line, `#` comments) and
/// the findings of a `--baseline` JSON report.
fn hidden_fingerprints(
    root: &Path,
    baseline: Option<&Path>,
) -> Result<std::collections::HashSet<String>, String> {
    let mut hidden = std::collections::HashSet::new();
    if let Ok(text) = std::fs::read_to_string(root.join(IGNORE_FILE)) {
        hidden.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                .filter(|l| !l.is_empty()),
        );
    }
    if let Some(path) = baseline {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let report: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a JSON report: {e}", path.display()))?;
        let findings = report["findings"]
            .as_array()
            .ok_or_else(|| format!("{}: no findings array", path.display()))?;
        hidden.extend(
            findings
                .iter()
                .filter_map(|f| f["fingerprint"].as_str().map(str::to_string)),
        );
    }
    Ok(hidden)
}

/// The file that lists fingerprints of findings known and accepted.
pub const IGNORE_FILE: &str = ".mosbot-secrets-ignore";

fn finding(set: &KnownSet, o: &Occurrence) -> Finding {
    let v = &set.values()[o.value];
    let how = match o.encoding.as_str() {
        "raw" => String::new(),
        other => format!(", {other}"),
    };
    // Env files are not read (they are where secrets belong); a Kubernetes Secret manifest is,
    // as one with real values must not be committed.
    if v.source
        .rsplit_once(':')
        .is_some_and(|(path, _)| path == o.path)
    {
        return Finding::new(
            KNOWN_VALUE.id,
            Severity::Critical,
            format!("this Secret manifest holds the real value of {}{how}", v.name),
            format!(
                "keep {} out of the repository (add it to .gitignore, or use a sealed or external secret, or kubectl create secret); if it was ever committed, rotate {} and purge it from history",
                o.path, v.name
            ),
        )
        .at(o.path.clone(), Some(o.line), Some(o.column))
        .variable(v.name.clone());
    }
    Finding::new(
        KNOWN_VALUE.id,
        Severity::Critical,
        format!("the value of {} (from {}) appears here{how}", v.name, v.source),
        format!(
            "rotate {} everywhere it is used, remove it from {}; if the file was ever committed, purge it from history",
            v.name, o.path
        ),
    )
    .at(o.path.clone(), Some(o.line), Some(o.column))
    .variable(v.name.clone())
}

/// Records something passed over: a note on stderr now (naming it as `shown`), and an entry of
/// the report's `skipped`.
fn note_skipped(skipped: &mut Vec<Skipped>, shown: &str, path: String, reason: String) {
    eprintln!("mosbot-secrets: note: skipped {shown}: {reason}");
    skipped.push(Skipped { path, reason });
}

/// The rule of an env file about to be committed.
pub const STAGED_ENV_FILE: RuleInfo = RuleInfo {
    id: Cow::Borrowed("secret.env-file-staged"),
    severity: Severity::Critical,
    summary: Cow::Borrowed("An env file is staged for commit."),
    help: Cow::Borrowed("Env files hold the deployment's secrets and are never committed. Unstage it (git restore --staged FILE), add it to .gitignore, and commit again."),
};

/// Findings in what the next commit adds (the index entries that differ from HEAD).
fn staged_findings(
    set: &KnownSet,
    rules: &RuleSet,
    root: &Path,
    limits: mosbot_scan::files::ReadLimits,
) -> Result<(Vec<Finding>, usize, Vec<Skipped>), String> {
    let canonical = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let Some((repo, workdir)) =
        mosbot_git::open(&canonical).map_err(|e| format!("{}: {e}", root.display()))?
    else {
        return Err(format!(
            "{}: --staged needs a git repository",
            root.display()
        ));
    };
    let err = |e: mosbot_git::Error| format!("{}: cannot read the index: {e}", workdir.display());
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let staged = mosbot_git::blobs::staged_changes(&repo).map_err(err)?;
    for (path, id) in &staged {
        if path
            .rsplit('/')
            .next()
            .is_some_and(mosbot_check::is_env_file_name)
        {
            out.push(
                Finding::new(
                    STAGED_ENV_FILE.id,
                    Severity::Critical,
                    format!("{path} is an env file and is about to be committed"),
                    format!(
                        "git restore --staged {path} && echo '{}' >> .gitignore",
                        path.rsplit('/').next().unwrap_or(path)
                    ),
                )
                .at(path.clone(), None, None),
            );
        }
        let size = repo.find_header(*id).map_err(err)?.size();
        if let Some(why) = limits.too_large(size) {
            note_skipped(&mut skipped, path, path.clone(), why);
            continue;
        }
        let data = mosbot_git::blobs::blob_data(&repo, *id).map_err(err)?;
        if let Some(kind) = mosbot_scan::files::archive_kind(path, &data) {
            let reason = mosbot_scan::files::archive_note(kind);
            note_skipped(&mut skipped, path, path.clone(), reason);
            continue;
        }
        if !limits.binary && mosbot_scan::files::is_binary(&data) {
            continue;
        }
        for o in mosbot_scan::files::scan_bytes(set, path, &data) {
            let mut f = finding(set, &o);
            f.fix = format!(
                "remove it from {path} and git add it again; if it was pushed anywhere, rotate {}",
                set.values()[o.value].name
            );
            out.push(f);
        }
        let known: Vec<std::ops::Range<usize>> =
            set.find(&data).into_iter().map(|h| h.range).collect();
        out.extend(
            scan_rules(rules, path, &data, &known)
                .iter()
                .map(|o| rule_finding(rules, o)),
        );
    }
    Ok((out, staged.len(), skipped))
}

/// The repository around `root`: the handle, its work tree, and `root`'s path inside it (`""`
/// at the top).
fn repository_at(root: &Path) -> Result<Option<(mosbot_git::Repository, PathBuf, String)>, String> {
    let canonical = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let Some((repo, workdir)) =
        mosbot_git::open(&canonical).map_err(|e| format!("{}: {e}", root.display()))?
    else {
        return Ok(None);
    };
    let workdir = workdir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", workdir.display()))?;
    let prefix = canonical
        .strip_prefix(&workdir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    Ok(Some((repo, workdir, prefix)))
}

/// The work-tree files under `root` (relative to it) that a history scan reads anyway, as
/// HEAD's blobs: unchanged since HEAD by the index's account. Empty when that cannot be told.
fn covered_by_history(root: &Path) -> std::collections::HashSet<String> {
    let Ok(Some((repo, workdir, prefix))) = repository_at(root) else {
        return Default::default();
    };
    let Ok(unchanged) = mosbot_git::blobs::unchanged_since_head(&repo, &workdir) else {
        return Default::default();
    };
    if prefix.is_empty() {
        return unchanged;
    }
    unchanged
        .into_iter()
        .filter_map(|p| p.strip_prefix(&format!("{prefix}/")).map(str::to_string))
        .collect()
}

/// The progress of a history scan as a bar on standard error, when it is a terminal (nothing is
/// drawn into pipes, files or CI logs).
struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    fn on_terminal() -> Self {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            ProgressBar(indicatif::ProgressBar::new(0))
        } else {
            ProgressBar(indicatif::ProgressBar::hidden())
        }
    }
}

impl mosbot_scan::history::Progress for ProgressBar {
    fn phase(&self, name: &'static str, total: u64) {
        let template = if total == 0 {
            "{spinner} {msg} {pos}"
        } else {
            "{msg:>16} [{bar:40}] {pos}/{len} ({eta} left)"
        };
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.reset_eta();
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            self.0.set_style(style.progress_chars("=> "));
        }
        self.0.set_message(name);
    }

    fn step(&self) {
        self.0.inc(1);
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Findings in the history of the repository around `root`, paths relative to `root`.
fn history_findings(
    set: &KnownSet,
    rules: &RuleSet,
    root: &Path,
    limits: mosbot_scan::files::ReadLimits,
    skipped: &mut Vec<Skipped>,
    blobs_read: &mut usize,
) -> Result<Vec<Finding>, String> {
    let Some((repo, _, prefix)) = repository_at(root)? else {
        return Ok(Vec::new());
    };
    let bar = ProgressBar::on_terminal();
    let (found, stats) = mosbot_scan::history::scan_history(
        &repo,
        set,
        Some(rules),
        &prefix,
        limits,
        &|_| true,
        &bar,
    )
    .map_err(|e| format!("{}: cannot read the git history: {e}", root.display()))?;
    drop(bar);
    *blobs_read = stats.blobs;
    if stats.binary_skipped > 0 {
        eprintln!("mosbot-secrets: note: skipped {} binary blob(s) in history (use --binary to read them)", stats.binary_skipped);
        skipped.push(Skipped {
            path: "git:".to_string(),
            reason: format!(
                "{} binary blob(s) in history (use --binary to read them)",
                stats.binary_skipped
            ),
        });
    }
    for (path, why) in &stats.too_large {
        note_skipped(
            skipped,
            &format!("{path} in history"),
            format!("git:{path}"),
            why.clone(),
        );
    }
    for (path, kind) in &stats.archives {
        let reason = mosbot_scan::files::archive_note(kind);
        note_skipped(
            skipped,
            &format!("{path} in history"),
            format!("git:{path}"),
            reason,
        );
    }
    let relative = |path: &str| {
        if prefix.is_empty() {
            path.to_string()
        } else {
            path[prefix.len() + 1..].to_string()
        }
    };
    let rule_findings: Vec<Finding> = found
        .rules
        .iter()
        .map(|o| {
            let occurrence = RuleOccurrence {
                path: relative(&o.path),
                line: o.line,
                column: o.column,
                rule: o.rule,
                secret_fingerprint: o.secret_fingerprint.clone(),
            };
            let mut f = rule_finding(rules, &occurrence)
                .with_history(mosbot_scan::history::history_of(&o.provenance));
            f.message = format!(
                "{} (in git history, added in {})",
                f.message,
                &o.provenance.introduced_in[..12.min(o.provenance.introduced_in.len())]
            );
            f
        })
        .collect();
    Ok(found
        .known
        .into_iter()
        .map(|o| {
            let rel = relative(&o.path);
            let v = &set.values()[o.value];
            let p = &o.provenance;
            let state = match (&p.removed_in, p.in_head) {
                (_, true) => "still in HEAD".to_string(),
                (Some(r), false) => format!("removed in {}", &r[..12.min(r.len())]),
                (None, false) => "not in HEAD".to_string(),
            };
            let encoding = match o.encoding.as_str() {
                "raw" => String::new(),
                other => format!(" ({other})"),
            };
            Finding::new(
                KNOWN_VALUE.id,
                Severity::Critical,
                format!(
                    "the value of {} (from {}) is in git history{encoding}: added in {} ({}), {state}",
                    v.name,
                    v.source,
                    &p.introduced_in[..12.min(p.introduced_in.len())],
                    p.refs.join(", ")
                ),
                format!(
                    "rotate {} now (every clone has it), then purge it from history: git filter-repo --replace-text, or --invert-paths --path {}",
                    v.name, o.path
                ),
            )
            .at(rel, Some(o.line), Some(o.column))
            .variable(v.name.clone())
            .with_history(mosbot_scan::history::history_of(p))
        })
        .chain(rule_findings)
        .collect())
}

/// `scan PATH`: known values and rule matches in a directory (and its git history), in what the
/// next commit adds (`--staged`), or in standard input.
#[allow(clippy::too_many_arguments)]
pub fn scan(
    target: &Path,
    known: &[String],
    options: ScanOptions,
    history: bool,
    staged: bool,
    baseline: Option<&Path>,
    rules_file: Option<&Path>,
    format: ScanFormat,
    fail_on: FailOn,
) -> Result<u8, String> {
    let stdin = target == Path::new("-");
    let root = if stdin {
        PathBuf::from(".")
    } else {
        target.to_path_buf()
    };
    if !stdin && !root.is_dir() {
        return Err(format!("{}: not a directory", root.display()));
    }
    let (values, sources) = known_values(Some(&root), known, staged)?;
    let set = KnownSet::new(values);
    let options = ScanOptions {
        exclude: sources,
        // The history scan reads HEAD's blobs; work-tree files unchanged since HEAD are the same
        // bytes, read once there.
        covered: if history && !stdin && !staged {
            covered_by_history(&root)
        } else {
            Default::default()
        },
        ..options
    };
    let rules = match rules_file {
        None => RuleSet::builtin(),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            RuleSet::builtin_with(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
    };
    if stdin && matches!(format, ScanFormat::Jsonl) {
        return stream_stdin(&set, &rules, &root, baseline, fail_on);
    }
    let mut infos = vec![KNOWN_VALUE, STAGED_ENV_FILE];
    infos.extend(rule_infos(&rules));
    if staged {
        let (findings, files, skipped) = staged_findings(&set, &rules, &root, options.limits())?;
        return report(target, findings, files, skipped, &infos, format, fail_on);
    }
    // A bare repository's directory is git's own files, not a work tree: its history is all.
    let bare =
        !stdin && matches!(repository_at(&root)?, Some((repo, _, _)) if repo.workdir().is_none());
    let (occurrences, rule_hits, stats) = if stdin {
        scan_reader(&set, &rules, std::io::stdin().lock())
            .map_err(|e| format!("standard input: {e}"))?
    } else if bare {
        eprintln!("mosbot-secrets: note: {} is a bare repository: its history is scanned, it has no work tree", root.display());
        (Vec::new(), Vec::new(), Default::default())
    } else {
        scan_dir(&set, &rules, &root, &options, &ProgressBar::on_terminal())
    };
    for s in set.skipped() {
        eprintln!(
            "mosbot-secrets: note: {} ({}) is not looked for: {}",
            s.name, s.source, s.reason
        );
    }
    let mut skipped: Vec<Skipped> = Vec::new();
    for s in set.skipped() {
        skipped.push(Skipped {
            path: s.source.clone(),
            reason: format!("the value of {} is not looked for: {}", s.name, s.reason),
        });
    }
    for (path, why) in &stats.skipped {
        note_skipped(&mut skipped, path, path.clone(), why.clone());
    }
    let mut findings: Vec<Finding> = occurrences.iter().map(|o| finding(&set, o)).collect();
    findings.extend(rule_hits.iter().map(|o| rule_finding(&rules, o)));
    // Work-tree files covered by history are counted among the blobs read.
    let mut blobs_read = 0;
    if history && !stdin {
        let in_history = history_findings(
            &set,
            &rules,
            &root,
            options.limits(),
            &mut skipped,
            &mut blobs_read,
        )?;
        // A committed file's worktree copy is the same leak: keep the finding with its history.
        findings.retain(|f| {
            !in_history.iter().any(|h| {
                h.path == f.path
                    && h.rule == f.rule
                    && h.variable == f.variable
                    && h.history.as_ref().is_some_and(|x| x.in_head)
            })
        });
        findings.extend(in_history);
    }
    let hidden = hidden_fingerprints(&root, baseline)?;
    let before = findings.len();
    findings.retain(|f| !hidden.contains(&f.fingerprint));
    if findings.len() < before {
        eprintln!(
            "mosbot-secrets: note: {} finding(s) hidden by {IGNORE_FILE} or --baseline",
            before - findings.len()
        );
    }
    mosbot_core::finding::sort_findings(&mut findings);
    report(
        target,
        findings,
        stats.files + blobs_read.max(stats.covered),
        skipped,
        &[KNOWN_VALUE],
        format,
        fail_on,
    )
}

/// `scan - --format jsonl`: standard input scanned as it arrives, each finding written (and
/// flushed) as one JSON line the moment it is found, the summary line at the end of input.
fn stream_stdin(
    set: &KnownSet,
    rules: &RuleSet,
    root: &Path,
    baseline: Option<&Path>,
    fail_on: FailOn,
) -> Result<u8, String> {
    for s in set.skipped() {
        eprintln!(
            "mosbot-secrets: note: {} ({}) is not looked for: {}",
            s.name, s.source, s.reason
        );
    }
    let hidden = hidden_fingerprints(root, baseline)?;
    let threshold = crate::commands::threshold(fail_on);
    let (mut total, mut failed) = (0usize, false);
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    mosbot_scan::files::scan_stream(set, rules, std::io::stdin().lock(), &mut |hit| {
        let f = match &hit {
            mosbot_scan::files::StreamHit::Known(o) => finding(set, o),
            mosbot_scan::files::StreamHit::Rule(o) => rule_finding(rules, o),
        };
        if hidden.contains(&f.fingerprint) || write_error.is_some() {
            return;
        }
        total += 1;
        failed |= threshold.is_some_and(|t| f.severity >= t);
        let line = serde_json::to_string(&f).expect("a finding serialises");
        if let Err(e) = writeln!(out, "{line}").and_then(|_| out.flush()) {
            write_error = Some(e);
        }
    })
    .map_err(|e| format!("standard input: {e}"))?;
    let summary = serde_json::json!({"summary": {"total": total, "failed": failed}});
    writeln!(out, "{summary}")
        .and_then(|_| out.flush())
        .map_err(|e| write_error.unwrap_or(e))
        .or_else(crate::commands::ignore_closed_pipe)
        .map_err(|e| e.to_string())?;
    Ok(u8::from(failed))
}

/// Writes the report and returns the exit code.
fn report(
    target: &Path,
    findings: Vec<Finding>,
    files_read: usize,
    skipped: Vec<Skipped>,
    rules: &[RuleInfo],
    format: ScanFormat,
    fail_on: FailOn,
) -> Result<u8, String> {
    let root_arg = target.display().to_string();
    let report = Report {
        tool_version: env!("CARGO_PKG_VERSION"),
        root: &root_arg,
        inputs: Vec::new(),
        files_read,
        findings,
        rules,
        fail_on: crate::commands::threshold(fail_on),
        grouping: Grouping::BySecret,
        skipped,
    };
    let mut out = anstream::stdout().lock();
    match format {
        ScanFormat::Text => text::write(&report, &mut out),
        ScanFormat::Json => json::write(&report, &mut out),
        ScanFormat::Jsonl => jsonl::write(&report, &mut out),
        ScanFormat::Sarif => sarif::write(&report, &mut out),
    }
    .and_then(|_| out.flush())
    .or_else(crate::commands::ignore_closed_pipe)
    .map_err(|e| e.to_string())?;
    Ok(u8::from(report.fails()))
}
