//! Every blob of the history, read once: the distinct blobs reachable from any ref with the paths
//! they appear at, and, for the few that matter, their provenance (which commit introduced them,
//! which removed them, whether HEAD still has them, which refs reach them).

use std::collections::{HashMap, HashSet};

use gix::bstr::ByteSlice;
use gix::revision::walk::Sorting;
use gix::{ObjectId, Repository};

use crate::{commit_tips, Result};

/// A distinct blob and the paths it appears at anywhere in history.
#[derive(Debug, Clone)]
pub struct HistoryBlob {
    /// The blob's id.
    pub id: ObjectId,
    /// The `/`-separated paths it appears at.
    pub paths: Vec<String>,
}

/// Every distinct blob reachable from HEAD and every ref (submodule entries excluded). Each tree
/// is read once, however many commits share it.
pub fn reachable_blobs(repo: &Repository) -> Result<Vec<HistoryBlob>> {
    let tips = commit_tips(repo)?;
    let mut blobs: HashMap<ObjectId, Vec<String>> = HashMap::new();
    if tips.is_empty() {
        return Ok(Vec::new());
    }
    let mut seen_trees: HashSet<ObjectId> = HashSet::new();
    for info in repo.rev_walk(tips).all()? {
        let info = info?;
        let root = info.object()?.tree_id()?.detach();
        for_each_file(repo, root, Some(&mut seen_trees), &mut |path, id| {
            let paths = blobs.entry(id).or_default();
            if !paths.contains(&path) {
                paths.push(path);
            }
        })?;
    }
    let mut out: Vec<HistoryBlob> = blobs
        .into_iter()
        .map(|(id, paths)| HistoryBlob { id, paths })
        .collect();
    out.sort_by(|a, b| a.paths.cmp(&b.paths));
    Ok(out)
}

/// Calls `f` with the path and id of every blob and symlink under the tree `root`, depth first.
/// With `seen`, trees already in it are not read again (commits share most of their trees; the
/// blobs of a subtree seen before were reported then, under its first path).
fn for_each_file(
    repo: &Repository,
    root: ObjectId,
    mut seen: Option<&mut HashSet<ObjectId>>,
    f: &mut dyn FnMut(String, ObjectId),
) -> Result<()> {
    let mut stack = vec![(root, String::new())];
    while let Some((tree_id, prefix)) = stack.pop() {
        if let Some(seen) = seen.as_deref_mut() {
            if !seen.insert(tree_id) {
                continue;
            }
        }
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

fn has_at(
    repo: &Repository,
    commit: ObjectId,
    path: &str,
    blobs: &HashSet<ObjectId>,
) -> Result<bool> {
    let tree = repo.find_commit(commit)?.tree()?;
    Ok(match tree.lookup_entry_by_path(path)? {
        Some(entry) => blobs.contains(&entry.object_id()),
        None => false,
    })
}

/// The provenance of `blobs` at `path`; None if no commit has them there.
pub fn provenance(
    repo: &Repository,
    path: &str,
    blobs: &HashSet<ObjectId>,
) -> Result<Option<Provenance>> {
    let tips = commit_tips(repo)?;
    if tips.is_empty() {
        return Ok(None);
    }
    // Newest first, parents after children.
    let mut order: Vec<(ObjectId, Vec<ObjectId>)> = Vec::new();
    for info in repo.rev_walk(tips).sorting(Sorting::DateOrder).all()? {
        let info = info?;
        order.push((info.id, info.parent_ids().map(|p| p.detach()).collect()));
    }
    let mut present: HashMap<ObjectId, bool> = HashMap::new();
    for (id, _) in &order {
        present.insert(*id, has_at(repo, *id, path, blobs)?);
    }
    let Some(introduced) = order
        .iter()
        .rev()
        .find(|(id, _)| present[id])
        .map(|(id, _)| *id)
    else {
        return Ok(None);
    };
    let removed_in = order
        .iter()
        .rev()
        .find(|(id, parents)| {
            !present[id]
                && parents
                    .iter()
                    .any(|p| present.get(p).copied().unwrap_or(false))
        })
        .map(|(id, _)| id.to_string());
    let in_head = match repo.head()?.try_into_peeled_id()? {
        Some(head) => present.get(&head.detach()).copied().unwrap_or(false),
        None => false,
    };
    let mut refs = Vec::new();
    for reference in repo.references()?.all()? {
        let mut reference = reference?;
        if matches!(reference.target(), gix::refs::TargetRef::Symbolic(_)) {
            continue;
        }
        let name = reference.name().as_bstr().to_str_lossy().into_owned();
        let Ok(tip) = reference.peel_to_id() else {
            continue;
        };
        let tip = tip.detach();
        if !repo.find_header(tip)?.kind().is_commit() {
            continue;
        }
        let reaches = tip == introduced
            || repo
                .rev_walk([tip])
                .all()?
                .any(|c| c.is_ok_and(|c| c.id == introduced));
        if reaches {
            refs.push(name);
        }
    }
    refs.sort();
    Ok(Some(Provenance {
        introduced_in: introduced.to_string(),
        removed_in,
        in_head,
        refs,
    }))
}

/// The index entries that differ from HEAD (new or changed files), as (path, blob id): what the
/// next commit adds. Submodules and deletions are left out.
pub fn staged_changes(repo: &Repository) -> Result<Vec<(String, ObjectId)>> {
    let mut head_files: HashMap<String, ObjectId> = HashMap::new();
    if let Some(head) = repo.head()?.try_into_peeled_id()? {
        let root = repo.find_commit(head.detach())?.tree_id()?.detach();
        for_each_file(repo, root, None, &mut |path, id| {
            head_files.insert(path, id);
        })?;
    }
    let index = repo.index_or_empty()?;
    let mut out = Vec::new();
    for entry in index.entries() {
        if entry.mode.is_sparse() || entry.mode.is_submodule() {
            continue;
        }
        let path = entry.path(&index).to_str_lossy().into_owned();
        if head_files.get(&path) != Some(&entry.id) {
            out.push((path, entry.id));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

/// Another handle on the repository at `git_dir`, for a worker thread (a handle is not shared
/// between threads).
pub fn reopen(git_dir: &std::path::Path) -> Result<Repository> {
    gix::open_opts(git_dir, gix::open::Options::isolated())
}
