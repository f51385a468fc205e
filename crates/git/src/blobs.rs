//! Blobs: their bytes, the files of a tree, what the index is about to commit, and the shapes
//! of history answers ([`HistoryBlob`], [`Provenance`]; [`crate::graph`] computes them).

use std::collections::HashMap;

use gix::bstr::ByteSlice;
use gix::{ObjectId, Repository};

use crate::Result;

/// A distinct blob and the paths it appears at anywhere in history.
#[derive(Debug, Clone)]
pub struct HistoryBlob {
    /// The blob's id.
    pub id: ObjectId,
    /// The `/`-separated paths it appears at, sorted.
    pub paths: Vec<String>,
    /// The position, in the newest-first walk, of the newest commit that adds it.
    pub newest: usize,
}

/// Calls `f` with the path and id of every blob and symlink under the tree `root`, depth first.
fn for_each_file(
    repo: &Repository,
    root: ObjectId,
    f: &mut dyn FnMut(String, ObjectId),
) -> Result<()> {
    let mut stack = vec![(root, String::new())];
    while let Some((tree_id, prefix)) = stack.pop() {
        let tree = repo.find_tree(tree_id)?;
        for entry in tree.iter() {
            let entry = entry?.inner;
            let name = entry.filename.to_str_lossy();
            let path = if prefix.is_empty() {
                name.into_owned()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.mode.is_tree() {
                stack.push((entry.oid.to_owned(), path));
            } else if entry.mode.is_blob_or_symlink() {
                f(path, entry.oid.to_owned());
            }
        }
    }
    Ok(())
}

/// The bytes of a blob.
pub fn blob_data(repo: &Repository, id: ObjectId) -> Result<Vec<u8>> {
    Ok(repo.find_blob(id)?.data.clone())
}

/// Where a (path, content) pair lives in history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The oldest commit whose tree has one of the blobs at the path (a merge, if the merge made it).
    pub introduced_in: String,
    /// The oldest commit without it whose parent had it, if any.
    pub removed_in: Option<String>,
    /// Whether HEAD's tree has it.
    pub in_head: bool,
    /// The refs whose history reaches the introducing commit.
    pub refs: Vec<String>,
}

/// The index entries that differ from HEAD (new or changed files), as (path, blob id): what the
/// next commit adds. Submodules and deletions are left out.
///
/// Fast on large trees, for pre-commit hooks: the index's cache-tree extension records, for each
/// directory git has not seen change since, the tree id its entries make; where that id is
/// HEAD's, the whole directory is unchanged and HEAD's side of it is never read. Only the
/// directories with staged changes (git invalidates their records) are compared entry by entry.
pub fn staged_changes(repo: &Repository) -> Result<Vec<(String, ObjectId)>> {
    let index = repo.index_or_empty()?;
    let mut repo = repo.clone();
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
    let head_tree = match repo.head()?.try_into_peeled_id()? {
        Some(head) => Some(repo.find_commit(head.detach())?.tree_id()?.detach()),
        None => None,
    };
    // Directories (with a trailing `/`; "" for the root) whose entries are HEAD's.
    let mut unchanged: std::collections::HashSet<String> = std::collections::HashSet::new();
    if let (Some(cache), Some(head)) = (index.tree(), head_tree) {
        unchanged_dirs(&repo, cache, head, String::new(), &mut unchanged)?;
    }
    if unchanged.contains("") {
        return Ok(Vec::new());
    }
    let head_root = head_tree.map(|t| repo.find_tree(t)).transpose()?;
    let mut out = Vec::new();
    for entry in index.entries() {
        if entry.mode.is_sparse() || entry.mode.is_submodule() {
            continue;
        }
        let path = entry.path(&index).to_str_lossy().into_owned();
        let in_unchanged_dir = path
            .match_indices('/')
            .any(|(i, _)| unchanged.contains(&path[..=i]));
        if in_unchanged_dir {
            continue;
        }
        let in_head = match &head_root {
            Some(tree) => tree
                .lookup_entry_by_path(&path)?
                .filter(|e| !e.mode().is_tree())
                .map(|e| e.object_id()),
            None => None,
        };
        if in_head != Some(entry.id) {
            out.push((path, entry.id));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

/// Adds to `out` the directories under `cache` whose recorded tree id is `head`'s (the tree of
/// the same directory in HEAD).
fn unchanged_dirs(
    repo: &Repository,
    cache: &gix::index::extension::Tree,
    head: ObjectId,
    prefix: String,
    out: &mut std::collections::HashSet<String>,
) -> Result<()> {
    if cache.num_entries.is_some() && cache.id == head {
        out.insert(prefix);
        return Ok(());
    }
    if cache.children.is_empty() {
        return Ok(());
    }
    let tree = repo.find_tree(head)?;
    for child in &cache.children {
        let name = child.name.as_slice();
        if let Some(entry) = tree.find_entry(name) {
            if entry.mode().is_tree() {
                let dir = format!("{prefix}{}/", name.to_str_lossy());
                unchanged_dirs(repo, child, entry.object_id(), dir, out)?;
            }
        }
    }
    Ok(())
}

/// Whether any attributes file of the repository (a tracked `.gitattributes`, or
/// `info/attributes`) sets a filter or a working-tree encoding, so that a file's bytes on disk
/// need not be its blob's.
fn rewrites_content(repo: &Repository, workdir: &std::path::Path) -> Result<bool> {
    let index = repo.index_or_empty()?;
    let mut files: Vec<std::path::PathBuf> = vec![repo.git_dir().join("info").join("attributes")];
    for entry in index.entries() {
        let path = entry.path(&index);
        if path == ".gitattributes" || path.ends_with(b"/.gitattributes") {
            files.push(workdir.join(path.to_str_lossy().as_ref()));
        }
    }
    Ok(files.iter().any(|file| {
        std::fs::read_to_string(file).is_ok_and(|text| {
            text.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .any(|l| l.contains("filter=") || l.contains("working-tree-encoding="))
        })
    }))
}

/// Another handle on the repository at `git_dir`, for a worker thread (a handle is not shared
/// between threads).
pub fn reopen(git_dir: &std::path::Path) -> Result<Repository> {
    gix::open_opts(git_dir, gix::open::Options::isolated())
}

/// The work-tree files (paths relative to the work tree) whose content is certainly HEAD's blob
/// at the same path, decided as `git status` does without reading them: the index holds HEAD's
/// blob for the path, and the index's record of the file's size, times and inode is still the
/// file's (and was not taken in the same second the file last changed, the "racy" case).
/// A scan of history reads those blobs anyway, so a scan of the work tree can pass over them.
///
/// None at all when the repository configures a filter or an encoding in its attributes: a
/// smudge filter (git-crypt, git-lfs) makes the work tree's bytes differ from the blob's, and a
/// git-crypt file's plaintext exists only in the work tree.
pub fn unchanged_since_head(
    repo: &Repository,
    workdir: &std::path::Path,
) -> Result<std::collections::HashSet<String>> {
    if rewrites_content(repo, workdir)? {
        return Ok(Default::default());
    }
    let mut head_files: HashMap<String, ObjectId> = HashMap::new();
    if let Some(head) = repo.head()?.try_into_peeled_id()? {
        let root = repo.find_commit(head.detach())?.tree_id()?.detach();
        for_each_file(repo, root, &mut |path, id| {
            head_files.insert(path, id);
        })?;
    }
    let index = repo.index_or_empty()?;
    let written = index.timestamp();
    let options = gix::index::entry::stat::Options::default();
    let mut out = std::collections::HashSet::new();
    for entry in index.entries() {
        if entry.stage_raw() != 0
            || !matches!(
                entry.mode,
                gix::index::entry::Mode::FILE | gix::index::entry::Mode::FILE_EXECUTABLE
            )
        {
            continue;
        }
        let path = entry.path(&index).to_str_lossy();
        if head_files.get(path.as_ref()) != Some(&entry.id) {
            continue;
        }
        let Ok(meta) = gix::index::fs::Metadata::from_path_no_follow(&workdir.join(path.as_ref()))
        else {
            continue;
        };
        let Ok(now) = gix::index::entry::Stat::from_fs(&meta) else {
            continue;
        };
        if meta.is_file()
            && entry.stat.matches(&now, options)
            && !entry.stat.is_racy(written, options)
        {
            out.insert(path.into_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_repo::Repo;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    fn set_mtime_in_the_past(repo: &Repo, path: &str) {
        let status = std::process::Command::new("touch")
            .args(["-d", "2 minutes ago"])
            .arg(repo.path().join(path))
            .status()
            .expect("touch runs");
        assert!(status.success());
    }

    #[test]
    fn only_files_the_index_vouches_for_are_unchanged() -> TestResult {
        let mut repo = Repo::init();
        for name in ["same.txt", "edited.txt", "staged.txt"] {
            repo.write(name, "content 1");
            set_mtime_in_the_past(&repo, name);
        }
        repo.write("racy.txt", "content 1");
        repo.commit("first");
        // Rewritten (same size) at once: in the second the index recorded it, so its times may
        // still match; the index cannot vouch for it.
        repo.write("racy.txt", "content 4");
        // Edited after the commit (same size, so only the times tell).
        repo.write("edited.txt", "content 2");
        // Staged: the index no longer holds HEAD's blob.
        repo.write("staged.txt", "content 3");
        repo.git(&["add", "staged.txt"]);
        let opened = repo.open();
        let unchanged = unchanged_since_head(&opened, repo.path())?;
        assert!(unchanged.contains("same.txt"), "{unchanged:?}");
        for changed in ["edited.txt", "staged.txt", "racy.txt"] {
            assert!(!unchanged.contains(changed), "{changed}: {unchanged:?}");
        }
        Ok(())
    }

    #[test]
    fn a_filter_in_the_attributes_vouches_for_nothing() -> TestResult {
        let mut repo = Repo::init();
        repo.write("same.txt", "content 1");
        set_mtime_in_the_past(&repo, "same.txt");
        // git-crypt's line: the blob is ciphertext, the work tree plaintext.
        repo.write(
            "secrets/.gitattributes",
            "*.env filter=git-crypt diff=git-crypt\n",
        );
        set_mtime_in_the_past(&repo, "secrets/.gitattributes");
        repo.commit("first");
        let opened = repo.open();
        assert!(unchanged_since_head(&opened, repo.path())?.is_empty());
        Ok(())
    }
}
