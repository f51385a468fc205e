//! `mosbot-secrets`: the binary. It parses flags, calls the libraries, picks the reporter and
//! turns errors into messages and exit codes: 0 fine, 1 findings at or above `--fail-on`, 2 bad
//! usage or input.
#![forbid(unsafe_code)]

mod commands;
mod config_cmd;
mod hook_cmd;
mod scan_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Secrets management for MosBot OS and the OpenClaw runtime.
#[derive(Debug, Parser)]
#[command(name = "mosbot-secrets", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  mosbot-secrets init ./deploy\n  mosbot-secrets check ./deploy\n  mosbot-secrets generate jwt-secret"
)]
struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a new secret: a recipe (jwt-secret, token, password) or a variable's name.
    #[command(
        after_help = "Examples:\n  mosbot-secrets generate jwt-secret        # 96 hex characters (48 random bytes)\n  mosbot-secrets generate token             # 44 characters of base64 (32 random bytes)\n  mosbot-secrets generate password --length 32\n  mosbot-secrets generate OPENCLAW_GATEWAY_TOKEN"
    )]
    Generate {
        /// `jwt-secret`, `token`, `password`, or a variable of the catalog (JWT_SECRET, ...).
        what: String,
        /// Length of a password, in characters (20 or more).
        #[arg(long)]
        length: Option<usize>,
    },
    /// Create or complete the env files of a deployment with generated secrets.
    #[command(
        after_help = "Examples:\n  mosbot-secrets init                        # the current directory\n  mosbot-secrets init ./deploy --dry-run     # show what would change\n  mosbot-secrets init ./deploy --replace-placeholders"
    )]
    Init {
        /// The deployment directory (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace recognised placeholders (replace-with-…, change-me…, your-…, empty) too.
        #[arg(long)]
        replace_placeholders: bool,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Find secrets in files, staged changes and all of git history: the deployment's own values (in every encoding) and provider keys by rule.
    #[command(
        after_help = "Examples:\n  mosbot-secrets scan .                       # work tree + every blob of git history\n  mosbot-secrets scan examples/mosbot-deployment --no-history\n  mosbot-secrets scan . --staged              # what the next commit adds (pre-commit)\n  mosbot-secrets scan . --format sarif > scan.sarif\n  docker logs api 2>&1 | mosbot-secrets scan - --known JWT_SECRET=@/run/secrets/jwt\n\nThe secrets of every env file and Kubernetes Secret manifest of DIR (or of the current\ndirectory, for -) are looked for as written, base64 (both alphabets, any alignment),\npercent-encoded, JSON-escaped and hex; 162 rules find provider keys. Binary files, archives\nand files over --max-size are passed over and named.\nExit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error."
    )]
    Scan {
        /// A deployment directory, or - for standard input.
        #[arg(default_value = ".")]
        target: PathBuf,
        /// Another value to look for: NAME=@FILE (the file holds the value; repeatable).
        #[arg(long)]
        known: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
        format: ScanFormat,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value_t = FailOn::High)]
        fail_on: FailOn,
        /// Read files .gitignore excludes too.
        #[arg(long)]
        no_ignore: bool,
        /// Read binary files too.
        #[arg(long)]
        binary: bool,
        /// Pass over files and blobs larger than this many MB (0: no limit); the report names them.
        #[arg(long, default_value_t = 100, value_name = "MB")]
        max_size: u64,
        /// Skip the git history of the repository around the directory (the work tree only).
        #[arg(long)]
        no_history: bool,
        /// Only what the next commit adds (index entries that differ from HEAD): for pre-commit.
        #[arg(long, conflicts_with = "no_history")]
        staged: bool,
        /// Hide the findings of an earlier `--format json` report (by fingerprint).
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// A rules file of yours: `[[rule]]`s to add (the built-in schema) and `disable = [ids]`.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Install the pre-commit hook that runs `scan --staged`.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Work with openclaw.json: resolve `${VAR}` references, show it redacted.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// Audit a deployment directory against every rule of the secrets spec.
    #[command(
        after_help = "Examples:\n  mosbot-secrets check examples/mosbot-deployment\n  mosbot-secrets check ./deploy --format sarif > results.sarif\n  mosbot-secrets check ./deploy --format json --fail-on critical\n\nExit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error."
    )]
    Check {
        /// The deployment directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value_t = FailOn::High)]
        fail_on: FailOn,
        /// Skip the git repository (tracked files and history); .gitignore is still judged.
        #[arg(long)]
        no_git: bool,
    },
}

/// Git hook subcommands.
#[derive(Debug, Subcommand)]
enum HookCommand {
    /// Write .git/hooks/pre-commit: block a commit that adds a known secret or an env file.
    #[command(
        after_help = "Examples:\n  mosbot-secrets hook install\n  mosbot-secrets hook install --chain   # keep an existing hook and run it first\n\nThe pre-commit framework: use the `mosbot-secrets` hook of this repository's .pre-commit-hooks.yaml."
    )]
    Install {
        /// The repository (any directory inside it).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace a pre-commit hook that is not ours.
        #[arg(long)]
        force: bool,
        /// Keep a pre-commit hook that is not ours and run it first.
        #[arg(long, conflicts_with = "force")]
        chain: bool,
    },
}

/// openclaw.json subcommands.
#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the config with every `${VAR}` substituted as OpenClaw does at run time.
    #[command(
        after_help = "Examples:\n  mosbot-secrets config resolve ~/.openclaw/openclaw.json --env-file ~/.openclaw/.env\n  mosbot-secrets config resolve openclaw.json --allow-missing --format json5\n\nSecrets in the result are shown as __OPENCLAW_REDACTED__ unless --reveal is given.\nExit codes: 0 resolved, 1 a variable is missing, 2 bad input."
    )]
    Resolve {
        /// The config file (JSON5).
        file: PathBuf,
        /// An env file to read variables from (repeatable; a later file wins; the process environment wins over all).
        #[arg(long = "env-file")]
        env_files: Vec<PathBuf>,
        /// Keep `${VAR}` of missing variables and warn, instead of failing (OpenClaw's lenient load).
        #[arg(long)]
        allow_missing: bool,
        /// Output format: the resolved object as JSON (`$include`s merged in), or the file's own text with values substituted in place.
        #[arg(long, value_enum, default_value_t = ConfigFormat::Json)]
        format: ConfigFormat,
        /// Print secret values instead of the sentinel.
        #[arg(long)]
        reveal: bool,
    },
    /// Merge an edited document (with __OPENCLAW_REDACTED__ sentinels) back into the config.
    #[command(
        after_help = "Examples:\n  mosbot-secrets config show openclaw.json --format json5 > edit.json5   # edit it, then:\n  mosbot-secrets config apply openclaw.json --from edit.json5 --base-hash \"$(mosbot-secrets config hash openclaw.json)\"\n  mosbot-secrets config apply openclaw.json --from edit.json5 --dry-run\n\nSentinels are restored from the file by path (array items by a unique id/agentId); a resolved\nsecret that comes back where the file has a ${VAR} template is written back as the template.\nExit codes: 0 applied (or nothing to change), 1 refused (file unchanged), 2 bad input."
    )]
    Apply {
        /// The config file to update.
        file: PathBuf,
        /// The edited document (JSON or JSON5).
        #[arg(long = "from")]
        edited: PathBuf,
        /// SHA-256 of the file's text when it was read; refuse if the file changed since.
        #[arg(long)]
        base_hash: Option<String>,
        /// An env file used to recognise resolved `${VAR}` values (repeatable).
        #[arg(long = "env-file")]
        env_files: Vec<PathBuf>,
        /// Report what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Move every literal secret of the config into an env file and reference it as `${NAME}`.
    #[command(
        after_help = "Examples:\n  mosbot-secrets config externalize ~/.openclaw/openclaw.json --env-file ~/.openclaw/.env\n  mosbot-secrets config externalize openclaw.json --env-file .env --dry-run\n\nNames come from the catalog (gateway.auth.token -> OPENCLAW_GATEWAY_TOKEN) or the path\n(channels.telegram.botToken -> TELEGRAM_BOT_TOKEN); a name holding a different value is never\nreused (NAME_2 is taken instead). Both files are written atomically, comments kept."
    )]
    Externalize {
        /// The config file.
        file: PathBuf,
        /// The env file that receives the secrets (created with mode 0600 if missing).
        #[arg(long = "env-file")]
        env_file: PathBuf,
        /// Report what would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the SHA-256 of the config's text (OpenClaw's `hash`, for `apply --base-hash`).
    #[command(after_help = "Example:\n  mosbot-secrets config hash openclaw.json")]
    Hash {
        /// The config file.
        file: PathBuf,
    },
    /// Print the config as OpenClaw's API returns it: secrets replaced by __OPENCLAW_REDACTED__.
    #[command(
        after_help = "Examples:\n  mosbot-secrets config show openclaw.json\n  mosbot-secrets config show openclaw.json --format json5   # comments and formatting kept"
    )]
    Show {
        /// The config file (JSON5).
        file: PathBuf,
        /// Output format: the redacted object as JSON (`$include`s merged in), or the file's own text with only secrets replaced.
        #[arg(long, value_enum, default_value_t = ConfigFormat::Json)]
        format: ConfigFormat,
    },
}

/// Config output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ConfigFormat {
    /// JSON of the value.
    Json,
    /// The file's own JSON5 text, comments kept.
    Json5,
}

/// Scan report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScanFormat {
    /// For people: grouped by secret.
    Text,
    /// One JSON object with a `findings` array.
    Json,
    /// One finding per line, then a summary line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people: grouped by file.
    Text,
    /// One JSON object with a `findings` array.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Any finding fails.
    Low,
    /// Medium or worse.
    Medium,
    /// High or worse.
    High,
    /// Only critical findings fail.
    Critical,
    /// Never fail on findings.
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let choice = match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let result = match cli.command {
        Command::Generate { what, length } => commands::generate(&what, length),
        Command::Init {
            dir,
            replace_placeholders,
            dry_run,
        } => commands::init(&dir, replace_placeholders, dry_run),
        Command::Check {
            dir,
            format,
            fail_on,
            no_git,
        } => commands::check(&dir, format, fail_on, !no_git),
        Command::Scan {
            target,
            known,
            format,
            fail_on,
            no_ignore,
            binary,
            max_size,
            no_history,
            staged,
            baseline,
            rules,
        } => scan_cmd::scan(
            &target,
            &known,
            mosbot_scan::files::ScanOptions {
                no_ignore,
                binary,
                max_size: (max_size > 0).then(|| max_size.saturating_mul(1_000_000)),
                ..Default::default()
            },
            !no_history,
            staged,
            baseline.as_deref(),
            rules.as_deref(),
            format,
            fail_on,
        ),
        Command::Hook(HookCommand::Install { dir, force, chain }) => {
            hook_cmd::install(&dir, force, chain)
        }
        Command::Config {
            action:
                ConfigCommand::Resolve {
                    file,
                    env_files,
                    allow_missing,
                    format,
                    reveal,
                },
        } => config_cmd::resolve_cmd(&file, &env_files, allow_missing, format, reveal),
        Command::Config {
            action: ConfigCommand::Show { file, format },
        } => config_cmd::show_cmd(&file, format),
        Command::Config {
            action:
                ConfigCommand::Apply {
                    file,
                    edited,
                    base_hash,
                    env_files,
                    dry_run,
                },
        } => config_cmd::apply_cmd(&file, &edited, base_hash, &env_files, dry_run),
        Command::Config {
            action: ConfigCommand::Hash { file },
        } => config_cmd::hash_cmd(&file),
        Command::Config {
            action:
                ConfigCommand::Externalize {
                    file,
                    env_file,
                    dry_run,
                },
        } => config_cmd::externalize_cmd(&file, &env_file, dry_run),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            anstream::eprintln!("mosbot-secrets: error: {message}");
            ExitCode::from(2)
        }
    }
}
