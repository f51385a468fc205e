//! All of history at once: the commits of every ref walked once into a graph, the distinct blobs
//! the graph holds (each commit diffed against its first parent, on every core), and the
//! provenance of the few (path, content) pairs that matter, answered together in one pass.
//!
//! Why not gix's own tree diff or `Tree::lookup_entry_by_path` per commit: a diff here only
//! needs what a commit *adds* (no rename tracking, no deletions), and a provenance question asked
//! once per commit per path re-reads the same root trees thousands of times; both are a few
//! lines when written for exactly this, and an order of magnitude faster on long histories.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use gix::bstr::ByteSlice;
use gix::objs::tree::{EntryKind, EntryRef};
use gix::objs::TreeRefIter;
use gix::revision::walk::Sorting;
use gix::{ObjectId, Repository};

use crate::blobs::{HistoryBlob, Provenance};
use crate::{commit_tips, Result};

/// The bytes of decoded objects each tree-reading handle keeps: a commit's tree is read again as
/// the parent of the next commit a moment later. (Larger caches bought no time on the benchmark
/// repository, only memory.)
const OBJECT_CACHE: usize = 16 * 1024 * 1024;

/// The bytes of delta bases each reading handle keeps (git's `core.deltaBaseCacheLimit` is 96 MiB;
/// 32 MiB per thread was as fast on the benchmark repository).
const PACK_CACHE: usize = 32 * 1024 * 1024;

/// Blob -> (position of the newest commit that adds it, the paths it is added at).
type BlobPaths = HashMap<ObjectId, (usize, Vec<String>)>;

/// What a (tree, name) lookup found: the entry's id and whether it is a tree.
type Lookup = Option<(ObjectId, bool)>;

/// Every commit reachable from HEAD and every ref, newest first with children always before
/// their parents (`git log --date-order`), with what provenance needs to know about each.
#[derive(Debug, Clone)]
pub struct CommitGraph {
    ids: Vec<ObjectId>,
    trees: Vec<ObjectId>,
    parents: Vec<Vec<u32>>,
    head: Option<u32>,
    /// (ref name, position of the commit it points at).
    refs: Vec<(String, u32)>,
}

impl CommitGraph {
    /// Walks every ref once.
    pub fn load(repo: &Repository) -> Result<CommitGraph> {
        let mut graph = CommitGraph {
            ids: Vec::new(),
            trees: Vec::new(),
            parents: Vec::new(),
            head: None,
            refs: Vec::new(),
        };
        let tips = commit_tips(repo)?;
        if tips.is_empty() {
            return Ok(graph);
        }
        let mut parent_ids: Vec<Vec<ObjectId>> = Vec::new();
        for info in repo.rev_walk(tips).sorting(Sorting::DateOrder).all()? {
            let info = info?;
            graph.ids.push(info.id);
            parent_ids.push(info.parent_ids().map(|p| p.detach()).collect());
        }
        let position: HashMap<ObjectId, u32> = graph
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i as u32))
            .collect();
        for id in &graph.ids {
            graph.trees.push(repo.find_commit(*id)?.tree_id()?.detach());
        }
        // A parent missing from the walk (a shallow clone's boundary) is left out.
        graph.parents = parent_ids
            .iter()
            .map(|ps| ps.iter().filter_map(|p| position.get(p).copied()).collect())
            .collect();
        if let Some(head) = repo.head()?.try_into_peeled_id()? {
            graph.head = position.get(&head.detach()).copied();
        }
        for reference in repo.references()?.all()? {
            let mut reference = reference?;
            if matches!(reference.target(), gix::refs::TargetRef::Symbolic(_)) {
                continue;
            }
            let name = reference.name().as_bstr().to_str_lossy().into_owned();
            let Ok(tip) = reference.peel_to_id() else {
                continue;
            };
            if let Some(&at) = position.get(&tip.detach()) {
                graph.refs.push((name, at));
            }
        }
        graph.refs.sort();
        Ok(graph)
    }

    /// The number of commits.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there is no commit at all.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every distinct blob (and symlink) in any commit, with every path it appears at; submodule
    /// entries left out; ordered by paths, then newest first. Each commit is diffed against its first parent (a root commit against
    /// nothing): by induction along first parents, every (path, blob) of every commit is added by
    /// some commit's diff. The commits are split into `workers` contiguous runs, one thread and
    /// one repository handle each.
    /// `tick` is called once per commit read, from any thread.
    pub fn blobs(
        &self,
        repo: &Repository,
        workers: usize,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Vec<HistoryBlob>> {
        let n = self.len();
        let workers = workers.clamp(1, 16).min(n.max(1));
        let git_dir = repo.git_dir().to_path_buf();
        let chunk = n.div_ceil(workers).max(1);
        let found: Vec<Result<BlobPaths>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let git_dir = &git_dir;
                    scope.spawn(move || {
                        let mut repo = reading_handle(git_dir)?;
                        repo.object_cache_size(Some(OBJECT_CACHE));
                        // blob -> (newest commit adding it, paths)
                        let mut blobs: HashMap<ObjectId, (usize, Vec<String>)> = HashMap::new();
                        for c in (w * chunk)..((w + 1) * chunk).min(n) {
                            let old = self.parents[c].first().map(|&p| self.trees[p as usize]);
                            added_blobs(&repo, old, self.trees[c], &mut |path, id| {
                                let (_, paths) = blobs.entry(id).or_insert((c, Vec::new()));
                                if !paths.iter().any(|p| *p == path) {
                                    paths.push(path.to_string());
                                }
                            })?;
                            tick();
                        }
                        Ok(blobs)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a history walker does not panic"))
                .collect()
        });
        let mut blobs = BlobPaths::new();
        for part in found {
            for (id, (newest, paths)) in part? {
                let (first, all) = blobs.entry(id).or_insert((newest, Vec::new()));
                *first = (*first).min(newest);
                for path in paths {
                    if !all.contains(&path) {
                        all.push(path);
                    }
                }
            }
        }
        let mut out: Vec<HistoryBlob> = blobs
            .into_iter()
            .map(|(id, (newest, mut paths))| {
                paths.sort();
                HistoryBlob { id, paths, newest }
            })
            .collect();
        out.sort_by(|a, b| (&a.paths, a.newest, a.id).cmp(&(&b.paths, b.newest, b.id)));
        Ok(out)
    }

    /// The provenance of each (path, blobs) question: which commit introduced one of the blobs
    /// at the path, which removed it, whether HEAD has it, which refs reach it. None for a
    /// question no commit answers. One pass over the commits answers every question.
    /// `tick` is called once per commit.
    pub fn provenance(
        &self,
        repo: &Repository,
        questions: &[(String, HashSet<ObjectId>)],
        tick: &dyn Fn(),
    ) -> Result<Vec<Option<Provenance>>> {
        let n = self.len();
        if n == 0 || questions.is_empty() {
            return Ok(vec![None; questions.len()]);
        }
        let mut repo = reading_handle(repo.git_dir())?;
        repo.object_cache_size(Some(OBJECT_CACHE));
        let mut resolver = PathResolver::default();
        let mut paths: Vec<&str> = questions.iter().map(|(p, _)| p.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        let asked: Vec<usize> = questions
            .iter()
            .map(|(p, _)| paths.binary_search(&p.as_str()).expect("listed above"))
            .collect();
        // present[q]: the commits that have one of question q's blobs at its path (a bit each:
        // a million commits and a thousand questions stay at 125 MB).
        let words = n.div_ceil(64);
        let mut present = vec![vec![0u64; words]; questions.len()];
        let mut at: Vec<Option<ObjectId>> = vec![None; paths.len()];
        for (c, &tree) in self.trees.iter().enumerate() {
            for (slot, path) in at.iter_mut().zip(&paths) {
                *slot = resolver.blob_at(&repo, tree, path)?;
            }
            for (q, (_, blobs)) in questions.iter().enumerate() {
                if at[asked[q]].is_some_and(|id| blobs.contains(&id)) {
                    present[q][c / 64] |= 1 << (c % 64);
                }
            }
            tick();
        }
        let children = self.children();
        // Many findings share the commit that introduced them: one descendant walk each.
        let mut refs_of: HashMap<usize, Vec<String>> = HashMap::new();
        let mut out = Vec::with_capacity(questions.len());
        for bits in &present {
            let here = |c: usize| bits[c / 64] & (1 << (c % 64)) != 0;
            // The largest position is the oldest: children come before parents.
            let Some(introduced) = (0..n).rev().find(|&c| here(c)) else {
                out.push(None);
                continue;
            };
            let removed_in = (0..n)
                .rev()
                .find(|&c| !here(c) && self.parents[c].iter().any(|&p| here(p as usize)))
                .map(|c| self.ids[c].to_string());
            let refs = refs_of
                .entry(introduced)
                .or_insert_with(|| self.refs_reaching(introduced, &children))
                .clone();
            out.push(Some(Provenance {
                introduced_in: self.ids[introduced].to_string(),
                removed_in,
                in_head: self.head.is_some_and(|h| here(h as usize)),
                refs,
            }));
        }
        Ok(out)
    }

    /// Each commit's children, by position.
    fn children(&self) -> Vec<Vec<u32>> {
        let mut children = vec![Vec::new(); self.len()];
        for (c, parents) in self.parents.iter().enumerate() {
            for &p in parents {
                children[p as usize].push(c as u32);
            }
        }
        children
    }

    /// The refs whose history holds the commit at `position`: the refs pointing at it or at one
    /// of its descendants.
    fn refs_reaching(&self, position: usize, children: &[Vec<u32>]) -> Vec<String> {
        let mut seen = vec![false; self.len()];
        let mut stack = vec![position as u32];
        seen[position] = true;
        while let Some(c) = stack.pop() {
            for &child in &children[c as usize] {
                if !std::mem::replace(&mut seen[child as usize], true) {
                    stack.push(child);
                }
            }
        }
        self.refs
            .iter()
            .filter(|(_, at)| seen[*at as usize])
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// The (tree, name) lookups a [`PathResolver`] remembers at most (about 100 MB).
const MEMO_LIMIT: usize = 1_000_000;

/// Finds the blob at a path in many trees, remembering each (tree, name) lookup: consecutive
/// commits share most subtrees, so most lookups are answered without reading a tree.
#[derive(Default)]
struct PathResolver {
    memo: HashMap<(ObjectId, Vec<u8>), Lookup>,
}

impl PathResolver {
    fn blob_at(
        &mut self,
        repo: &Repository,
        root: ObjectId,
        path: &str,
    ) -> Result<Option<ObjectId>> {
        let mut tree = root;
        let mut parts = path.split('/').peekable();
        while let Some(name) = parts.next() {
            let last = parts.peek().is_none();
            let key = (tree, name.as_bytes().to_vec());
            let entry = match self.memo.get(&key) {
                Some(entry) => *entry,
                None => {
                    // Bounded: on a very long history the oldest lookups are worth least.
                    if self.memo.len() >= MEMO_LIMIT {
                        self.memo.clear();
                    }
                    let found = repo
                        .find_tree(tree)?
                        .find_entry(name)
                        .map(|e| (e.object_id(), e.mode().is_tree()));
                    self.memo.insert(key, found);
                    found
                }
            };
            match entry {
                Some((id, false)) if last => return Ok(Some(id)),
                Some((id, true)) if !last => tree = id,
                _ => return Ok(None),
            }
        }
        Ok(None)
    }
}

/// Git's order of tree entries: by name, a tree's name compared as if it ended in `/`.
fn git_order(a: &EntryRef<'_>, b: &EntryRef<'_>) -> Ordering {
    let key = |e: &EntryRef<'_>, i: usize| match e.filename.get(i) {
        Some(&byte) => byte,
        None if e.mode.is_tree() => b'/',
        None => 0,
    };
    let common = a.filename.len().min(b.filename.len());
    a.filename[..common]
        .cmp(&b.filename[..common])
        .then_with(|| key(a, common).cmp(&key(b, common)))
}

/// The entries of a tree, borrowing its bytes.
fn entries(data: &[u8], hash: gix::hash::Kind) -> Result<Vec<EntryRef<'_>>> {
    TreeRefIter::from_bytes(data, hash).collect::<std::result::Result<Vec<_>, _>>()
}

/// A handle for one reading thread, with a delta-base cache that is a hash map rather than gix's
/// default 64-entry list (whose linear lookups showed in profiles of long histories). Tree
/// readers add an object cache: a commit's tree is read again as the next commit's parent.
pub fn reading_handle(git_dir: &std::path::Path) -> Result<Repository> {
    let mut repo = crate::blobs::reopen(git_dir)?;
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            PACK_CACHE,
        ))
    });
    Ok(repo)
}

/// Calls `f` with every (path, blob) that tree `new` has and tree `old` has not at that path.
/// Subtrees with the same id on both sides are not read.
fn added_blobs(
    repo: &Repository,
    old: Option<ObjectId>,
    new: ObjectId,
    f: &mut dyn FnMut(&str, ObjectId),
) -> Result<()> {
    let mut stack: Vec<(Option<ObjectId>, ObjectId, String)> = vec![(old, new, String::new())];
    while let Some((old, new, prefix)) = stack.pop() {
        if old == Some(new) {
            continue;
        }
        let before_data = match old {
            Some(old) => repo.find_tree(old)?.detach().data,
            None => Vec::new(),
        };
        let after_data = repo.find_tree(new)?.detach().data;
        let before = entries(&before_data, repo.object_hash())?;
        let after = entries(&after_data, repo.object_hash())?;
        let mut i = 0;
        for entry in &after {
            while i < before.len() && git_order(&before[i], entry) == Ordering::Less {
                i += 1;
            }
            let same_name = before
                .get(i)
                .filter(|b| git_order(b, entry) == Ordering::Equal);
            let join = |name: &[u8]| {
                let name = name.to_str_lossy();
                if prefix.is_empty() {
                    name.into_owned()
                } else {
                    format!("{prefix}/{name}")
                }
            };
            let id = entry.oid.to_owned();
            match entry.mode.kind() {
                EntryKind::Tree => {
                    let old_tree = same_name.map(|b| b.oid.to_owned());
                    if old_tree != Some(id) {
                        stack.push((old_tree, id, join(entry.filename)));
                    }
                }
                EntryKind::Blob | EntryKind::BlobExecutable | EntryKind::Link => {
                    if same_name.is_none_or(|b| b.oid != entry.oid) {
                        f(&join(entry.filename), id);
                    }
                }
                EntryKind::Commit => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_repo::Repo;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// (path, blob id) pairs of every blob found, sorted.
    fn pairs(repo: &Repository, workers: usize) -> Result<Vec<(String, String)>> {
        let graph = CommitGraph::load(repo)?;
        let mut out: Vec<(String, String)> = graph
            .blobs(repo, workers, &|| ())?
            .into_iter()
            .flat_map(|b| b.paths.into_iter().map(move |p| (p, b.id.to_string())))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Every (path, blob) of every commit, as git lists them: the oracle.
    fn git_pairs(repo: &Repo) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for commit in repo.git(&["rev-list", "--all"]).lines() {
            for line in repo.git(&["ls-tree", "-r", commit]).lines() {
                let (meta, path) = line.split_once('\t').expect("ls-tree line");
                let mut meta = meta.split(' ');
                let (_, kind, id) = (meta.next(), meta.next(), meta.next());
                if kind == Some("blob") {
                    out.push((path.to_string(), id.expect("id").to_string()));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_path_of_every_commit_is_found_whatever_the_workers() -> TestResult {
        let mut repo = Repo::init();
        repo.write("a/b/c.txt", "one");
        repo.write("a.b", "dot sorts before slash");
        repo.write("a0", "zero sorts after slash");
        repo.write("top.txt", "top");
        repo.commit("first");
        // A directory renamed: the same subtree at a new path.
        repo.git(&["mv", "a", "moved"]);
        repo.commit("rename the directory");
        // A file replaced by a directory of the same name, and back.
        std::fs::remove_file(repo.path().join("top.txt"))?;
        repo.write("top.txt/inner", "now a directory");
        repo.commit("file to directory");
        repo.git(&["checkout", "--quiet", "-b", "side", "HEAD~2"]);
        repo.write("side.txt", "only on the side");
        repo.write("moved-later", "side change");
        repo.commit("side");
        repo.git(&["checkout", "--quiet", "main"]);
        repo.git(&["merge", "--quiet", "--no-ff", "--no-commit", "side"]);
        repo.write("resolution.txt", "written by the merge itself");
        repo.commit("merge with a file of its own");
        let expected = git_pairs(&repo);
        let opened = repo.open();
        for workers in [1, 2, 3, 8] {
            assert_eq!(pairs(&opened, workers)?, expected, "{workers} workers");
        }
        Ok(())
    }

    #[test]
    fn provenance_answers_many_questions_at_once() -> TestResult {
        let mut repo = Repo::init();
        repo.write("keep.txt", "kept");
        let first = repo.commit("first");
        repo.write("config/secret.env", "TOKEN=abc");
        let added = repo.commit("add");
        repo.write("other.txt", "x");
        repo.commit("unrelated");
        std::fs::remove_file(repo.path().join("config/secret.env"))?;
        let removed = repo.commit("remove");
        repo.git(&["tag", "old", &added]);
        let opened = repo.open();
        let graph = CommitGraph::load(&opened)?;
        let id = |path: &str, commit: &str| -> Result<ObjectId> {
            Ok(opened
                .find_commit(ObjectId::from_hex(commit.as_bytes()).expect("hex"))?
                .tree()?
                .lookup_entry_by_path(path)?
                .expect("present")
                .object_id())
        };
        let secret = HashSet::from([id("config/secret.env", &added)?]);
        let kept = HashSet::from([id("keep.txt", &first)?]);
        let answers = graph.provenance(
            &opened,
            &[
                ("config/secret.env".to_string(), secret.clone()),
                ("keep.txt".to_string(), kept),
                ("nowhere.txt".to_string(), secret),
            ],
            &|| (),
        )?;
        let deleted = answers[0].as_ref().expect("found");
        assert_eq!(deleted.introduced_in, added);
        assert_eq!(deleted.removed_in.as_deref(), Some(removed.as_str()));
        assert!(!deleted.in_head);
        assert_eq!(deleted.refs, ["refs/heads/main", "refs/tags/old"]);
        let stays = answers[1].as_ref().expect("found");
        assert_eq!(stays.introduced_in, first);
        assert_eq!(stays.removed_in, None);
        assert!(stays.in_head);
        assert!(answers[2].is_none());
        Ok(())
    }

    /// One step of a random history.
    #[derive(Debug, Clone)]
    enum Step {
        /// Write file `path` with content number `content`.
        Write(usize, u8),
        /// Delete file `path` (or the directory of that name).
        Delete(usize),
        /// Commit (on the current branch).
        Commit,
        /// Start a branch at the current commit, or switch back to main and merge it.
        Branch,
    }

    /// Names that exercise git's tree order: a file sorts as itself, a directory as `name/`.
    const PATHS: &[&str] = &[
        "a", "a.b", "a0", "a-", "b/c", "b/c.d", "b-", "a/x", "a/y/z", "e f",
    ];

    fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                4 => (0..PATHS.len(), 0u8..4).prop_map(|(p, c)| Step::Write(p, c)),
                1 => (0..PATHS.len()).prop_map(Step::Delete),
                3 => Just(Step::Commit),
                1 => Just(Step::Branch),
            ],
            1..24,
        )
    }

    fn play(steps: &[Step]) -> Repo {
        let mut repo = Repo::init();
        repo.write("base", "base");
        repo.commit("base");
        let mut on_branch = false;
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Write(p, c) => {
                    let path = repo.path().join(PATHS[*p]);
                    // A file where a directory is wanted (or the reverse) is replaced.
                    for ancestor in path.ancestors().skip(1) {
                        if ancestor.is_file() {
                            std::fs::remove_file(ancestor).expect("remove file");
                        }
                    }
                    if path.is_dir() {
                        std::fs::remove_dir_all(&path).expect("remove dir");
                    }
                    repo.write(PATHS[*p], &format!("content {c}"));
                }
                Step::Delete(p) => {
                    let path = repo.path().join(PATHS[*p]);
                    let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
                }
                Step::Commit => {
                    repo.commit(&format!("step {i}"));
                }
                Step::Branch if !on_branch => {
                    repo.commit(&format!("before branch {i}"));
                    repo.git(&["checkout", "--quiet", "-b", &format!("side{i}")]);
                    on_branch = true;
                }
                Step::Branch => {
                    let side = repo.git(&["rev-parse", "--abbrev-ref", "HEAD"]);
                    repo.commit(&format!("end of {side}"));
                    repo.git(&["checkout", "--quiet", "--force", "main"]);
                    repo.git(&["clean", "--quiet", "-fdx"]);
                    // Conflicts are resolved by the side branch's version where git can, and
                    // by whatever the work tree then holds where it cannot (modify/delete).
                    let merged = repo
                        .command(&["merge", "--quiet", "--no-edit", "-X", "theirs", &side])
                        .output()
                        .expect("git runs");
                    if !merged.status.success() {
                        repo.git(&["add", "--all"]);
                        repo.git(&["commit", "--quiet", "--no-edit", "--allow-empty"]);
                    }
                    on_branch = false;
                }
            }
        }
        repo.commit("last");
        repo
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 16,
            ..Default::default()
        })]

        /// Whatever the history (files becoming directories, deletions, branches, merges), the
        /// blobs found are exactly every (path, blob) of every commit, as `git ls-tree` lists.
        #[test]
        fn random_histories_give_what_git_lists(steps in steps()) {
            let repo = play(&steps);
            let opened = repo.open();
            let expected = git_pairs(&repo);
            for workers in [1, 2] {
                proptest::prop_assert_eq!(pairs(&opened, workers).expect("walks"), expected.clone());
            }
        }
    }

    /// Presence is kept a bit per commit: a history longer than one 64-bit word is answered
    /// right on both sides of the word boundaries.
    #[test]
    fn provenance_across_word_boundaries_of_a_long_history() -> TestResult {
        let mut repo = Repo::init();
        let (mut added, mut removed) = (String::new(), String::new());
        for i in 0..140 {
            repo.write("counter.txt", &i.to_string());
            if i == 63 {
                repo.write("secret.txt", "s");
            }
            if i == 129 {
                std::fs::remove_file(repo.path().join("secret.txt"))?;
            }
            let id = repo.commit(&format!("c{i}"));
            if i == 63 {
                added = id;
            } else if i == 129 {
                removed = id;
            }
        }
        let opened = repo.open();
        let graph = CommitGraph::load(&opened)?;
        assert_eq!(graph.len(), 140);
        let blob = opened
            .find_commit(ObjectId::from_hex(added.as_bytes())?)?
            .tree()?
            .lookup_entry_by_path("secret.txt")?
            .expect("present")
            .object_id();
        let answer = graph.provenance(
            &opened,
            &[("secret.txt".into(), HashSet::from([blob]))],
            &|| (),
        )?;
        let p = answer[0].as_ref().expect("found");
        assert_eq!(p.introduced_in, added);
        assert_eq!(p.removed_in.as_deref(), Some(removed.as_str()));
        assert!(!p.in_head);
        Ok(())
    }

    #[test]
    fn empty_repository_has_no_blobs() -> TestResult {
        let repo = Repo::init();
        let opened = repo.open();
        let graph = CommitGraph::load(&opened)?;
        assert!(graph.is_empty());
        assert!(graph.blobs(&opened, 2, &|| ())?.is_empty());
        Ok(())
    }
}
