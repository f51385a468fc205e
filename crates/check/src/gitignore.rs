//! Is an env file excluded by `.gitignore`? Git's own semantics: every `.gitignore` from the
//! repository root down to the file's directory, the deepest match deciding, negations
//! (`!.env`) re-including, and a file under an excluded directory excluded whatever its own
//! patterns say.
//!
//! The `ignore` crate (ripgrep's) matches one `.gitignore` exactly as git does; combining the
//! files along a path is done here, because its directory walker decides while walking and
//! offers no "is this path ignored" query for a list of paths.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::CheckError;

/// The `.gitignore` files of one tree, read once each.
pub struct IgnoreStack {
    top: PathBuf,
    cache: HashMap<PathBuf, Option<Gitignore>>,
    /// `.gitignore` texts to use instead of the files on disk (by directory): how `init` checks
    /// what it is about to write before writing it.
    overrides: BTreeMap<PathBuf, String>,
}

/// Why a path is or is not ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Excluded: the `.gitignore` (relative to the top) and the pattern that decided.
    Ignored {
        /// The `.gitignore` file, relative to the top.
        file: String,
        /// The deciding pattern.
        pattern: String,
    },
    /// Not excluded; if a negation re-included it, the file and pattern that did.
    NotIgnored {
        /// The negation that re-included it, if that is why.
        reincluded_by: Option<(String, String)>,
    },
}

impl IgnoreStack {
    /// A stack for the tree under `top` (the repository's work tree, or the deployment root).
    pub fn new(top: &Path) -> IgnoreStack {
        IgnoreStack::with_overrides(top, BTreeMap::new())
    }

    /// A stack that reads `overrides[dir]` instead of `dir/.gitignore` where given.
    pub fn with_overrides(top: &Path, overrides: BTreeMap<PathBuf, String>) -> IgnoreStack {
        IgnoreStack {
            top: top.to_path_buf(),
            cache: HashMap::new(),
            overrides,
        }
    }

    fn load(&mut self, dir: &Path) -> Result<Option<&Gitignore>, CheckError> {
        if !self.cache.contains_key(dir) {
            let path = dir.join(".gitignore");
            let read = match self.overrides.get(dir) {
                Some(text) => Ok(text.clone().into_bytes()),
                None => std::fs::read(&path),
            };
            let loaded = match read {
                Ok(bytes) => Some(build(&self.top, dir, &path, &bytes)?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => None,
                Err(e) => return Err(CheckError::io(&path, &e).with_rel(&rel_to(&self.top, &path))),
            };
            self.cache.insert(dir.to_path_buf(), loaded);
        }
        Ok(self.cache[dir].as_ref())
    }

    /// Reads `dir/.gitignore` now, so that a broken line is reported even when no env file
    /// would have made us look.
    pub fn validate(&mut self, dir: &Path) -> Result<(), CheckError> {
        self.load(dir).map(|_| ())
    }

    /// The decision for one path under the top (absolute).
    fn decide(
        &mut self,
        path: &Path,
        is_dir: bool,
    ) -> Result<Option<(bool, String, String)>, CheckError> {
        // Deepest .gitignore first: the ancestors of `path` from its parent up to the top.
        let dirs: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&self.top))
            .map(Path::to_path_buf)
            .collect();
        for dir in dirs {
            let top = self.top.clone();
            if let Some(gi) = self.load(&dir)? {
                match gi.matched(path, is_dir) {
                    Match::None => continue,
                    Match::Ignore(glob) => {
                        return Ok(Some((
                            true,
                            rel_to(&top, &dir.join(".gitignore")),
                            glob.original().to_string(),
                        )))
                    }
                    Match::Whitelist(glob) => {
                        return Ok(Some((
                            false,
                            rel_to(&top, &dir.join(".gitignore")),
                            glob.original().to_string(),
                        )))
                    }
                }
            }
        }
        Ok(None)
    }

    /// Whether git would ignore the file `path` (absolute, under the top).
    pub fn verdict(&mut self, path: &Path) -> Result<Verdict, CheckError> {
        // A directory on the way that is excluded excludes everything in it: git never looks in.
        let rel: PathBuf = path.strip_prefix(&self.top).unwrap_or(path).to_path_buf();
        let mut dir = self.top.clone();
        let components: Vec<_> = rel.components().collect();
        for component in &components[..components.len().saturating_sub(1)] {
            dir.push(component);
            if let Some((true, file, pattern)) = self.decide(&dir, true)? {
                return Ok(Verdict::Ignored { file, pattern });
            }
        }
        Ok(match self.decide(path, false)? {
            Some((true, file, pattern)) => Verdict::Ignored { file, pattern },
            Some((false, file, pattern)) => Verdict::NotIgnored {
                reincluded_by: Some((file, pattern)),
            },
            None => Verdict::NotIgnored {
                reincluded_by: None,
            },
        })
    }
}

fn rel_to(top: &Path, path: &Path) -> String {
    path.strip_prefix(top)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Builds one `.gitignore`, line by line so that a broken line is named.
fn build(top: &Path, dir: &Path, path: &Path, bytes: &[u8]) -> Result<Gitignore, CheckError> {
    let rel = rel_to(top, path);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        CheckError::new(&rel, Some(line), "invalid UTF-8".to_string())
    })?;
    let mut builder = GitignoreBuilder::new(dir);
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Err(e) = builder.add_line(Some(path.to_path_buf()), line) {
            return Err(CheckError::new(
                &rel,
                Some(i as u32 + 1),
                format!("invalid pattern: {e}"),
            ));
        }
    }
    builder
        .build()
        .map_err(|e| CheckError::new(&rel, None, format!("invalid patterns: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (p, c) in files {
            let path = dir.path().join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, c).unwrap();
        }
        dir
    }

    fn ignored(stack: &mut IgnoreStack, top: &Path, rel: &str) -> bool {
        matches!(
            stack.verdict(&top.join(rel)).unwrap(),
            Verdict::Ignored { .. }
        )
    }

    #[test]
    fn nested_files_negations_and_directories() {
        let t = tree(&[
            (".gitignore", ".env\n/secrets/\n"),
            ("api/.gitignore", "!.env\n"),
            ("web/.gitignore", "# nothing\n"),
        ]);
        let mut s = IgnoreStack::new(t.path());
        assert!(ignored(&mut s, t.path(), ".env"));
        assert!(ignored(&mut s, t.path(), "web/.env"));
        assert!(
            !ignored(&mut s, t.path(), "api/.env"),
            "the nested negation re-includes it"
        );
        assert!(ignored(&mut s, t.path(), "secrets/x/.env.production"));
        assert!(!ignored(&mut s, t.path(), "web/.env.production"));
        match s.verdict(&t.path().join("api/.env")).unwrap() {
            Verdict::NotIgnored { reincluded_by } => {
                assert_eq!(
                    reincluded_by,
                    Some(("api/.gitignore".to_string(), "!.env".to_string()))
                )
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_file_in_an_excluded_directory_cannot_be_reincluded() {
        let t = tree(&[(".gitignore", "conf/\n!conf/.env\n")]);
        let mut s = IgnoreStack::new(t.path());
        assert!(ignored(&mut s, t.path(), "conf/.env"));
    }

    #[test]
    fn a_broken_line_is_named() {
        let t = tree(&[(".gitignore", ".env\n\n**/[z-a]\n")]);
        let mut s = IgnoreStack::new(t.path());
        let err = s.verdict(&t.path().join(".env")).unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.line),
            (".gitignore", Some(3)),
            "{err}"
        );
    }
}
