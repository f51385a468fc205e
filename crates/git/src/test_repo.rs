//! A scratch repository driven by the `git` CLI, for the tests of this crate.

use std::{fs, path::Path, process::Command};

use crate::{open, Repository};

/// A scratch repository driven by the `git` CLI, isolated from the user's configuration.
pub(crate) struct Repo {
    dir: tempfile::TempDir,
    /// Commit timestamps, advanced by [`Repo::commit()`].
    pub(crate) clock: u64,
}

impl Repo {
    pub(crate) fn init() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
            clock: 1_700_000_000,
        };
        repo.git(&["init", "--quiet"]);
        repo
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_CEILING_DIRECTORIES",
            "GIT_NAMESPACE",
        ] {
            cmd.env_remove(var);
        }
        let date = format!("@{} +0000", self.clock);
        cmd.current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Tester")
            .env("GIT_AUTHOR_EMAIL", "tester@example.com")
            .env("GIT_COMMITTER_NAME", "Tester")
            .env("GIT_COMMITTER_EMAIL", "tester@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgSign=false",
                "-c",
                "tag.gpgSign=false",
            ])
            .args(args);
        cmd
    }

    /// Run git, assert success, and return its trimmed standard output.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub(crate) fn write(&self, path: &str, content: &str) {
        let path = self.path().join(path);
        fs::create_dir_all(path.parent().expect("has parent")).expect("create dirs");
        fs::write(path, content).expect("write file");
    }

    /// Stage everything and commit, returning the new commit's hex id.
    pub(crate) fn commit(&mut self, message: &str) -> String {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--allow-empty", "-m", message]);
        self.clock += 60;
        self.git(&["rev-parse", "HEAD"])
    }

    pub(crate) fn open(&self) -> Repository {
        let (repo, root) = open(self.path()).expect("no error").expect("a repository");
        assert_eq!(
            root.canonicalize().expect("root exists"),
            self.path().canonicalize().expect("dir exists")
        );
        repo
    }
}
