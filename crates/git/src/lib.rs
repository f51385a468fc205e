//! Repository discovery, index listing and history-wide path search, built on `gix`.
//!
//! All functions are read-only: they never write to the repository, its index or its worktree.
//! Objects are read with gitoxide, not by parsing `git log` output: no `git` binary is needed,
//! and each tree is read once however many commits share it.
#![forbid(unsafe_code)]

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use gix::{
    bstr::{BStr, BString, ByteSlice, ByteVec},
    refs::TargetRef,
    revision::walk::Sorting,
};

/// The error type of this module: `gix`'s own error, which keeps the full cause chain.
pub type Error = gix::Error;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open repository (gitoxide's handle).
pub use gix::Repository;

/// An object id.
pub use gix::ObjectId;

pub mod blobs;
pub mod graph;
#[cfg(test)]
mod test_repo;

/// A path found by [`paths_in_history()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryHit {
    /// The slash-separated path relative to the repository root, e.g. `api/.env.production`.
    pub path: String,
    /// The hex id of the oldest commit whose tree contains `path`.
    ///
    /// "Oldest" follows `git log --date-order`: commits are ordered by committer time, except that a
    /// commit always sorts after its parents, so equal or skewed timestamps cannot make a descendant
    /// look older than its ancestor.
    pub first_commit: String,
    /// The number of distinct commits whose tree contains `path`.
    pub commit_count: usize,
}

/// Discover the repository containing `dir`, searching `dir` and then each of its parents.
///
/// Returns `Ok(None)` if neither `dir` nor any parent is inside a git repository, and otherwise the
/// repository with the root of its worktree. For a bare repository, which has no worktree, the root
/// is its git directory.
///
/// The repository is opened in isolation: only its own `.git/config` is read, while the system and
/// global (user) configuration and `GIT_*` environment variables such as `GIT_DIR` are ignored. This
/// keeps a broken or unusual user configuration from affecting the result, which only needs objects,
/// references and the index.
///
/// # Errors
///
/// If `dir` cannot be made absolute, or a repository was found but could not be opened, for
/// instance because its configuration or `HEAD` is malformed.
pub fn open(dir: &Path) -> Result<Option<(Repository, PathBuf)>> {
    use gix::discover::upwards::Error as NotFound;

    let dir = std::path::absolute(dir).map_err(Error::from_error)?;
    match gix::discover_opts(
        &dir,
        gix::discover::upwards::Options::default(),
        gix::open::Options::isolated(),
    ) {
        Ok(repo) => {
            let root = repo.workdir().unwrap_or_else(|| repo.git_dir()).to_owned();
            Ok(Some((repo, root)))
        }
        Err(err)
            if err.downcast_any_ref::<NotFound>().is_some_and(|err| {
                matches!(
                    err,
                    NotFound::NoGitRepository { .. }
                        | NotFound::NoGitRepositoryWithinCeiling { .. }
                        | NotFound::NoGitRepositoryWithinFs { .. }
                )
            }) =>
        {
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

/// Return every path recorded in the index of `repo`, slash-separated and relative to the worktree root.
///
/// The result is sorted and free of duplicates: a conflicted path, which the index holds once per
/// merge stage, is listed once. Submodules are listed by their path. Directories collapsed in a
/// sparse index are expanded to the files of their tree. A repository without an index file yields
/// an empty list. Paths that are not valid UTF-8 are converted lossily.
///
/// # Errors
///
/// If the index file cannot be read or is corrupt, or the tree of a sparse directory cannot be read.
pub fn tracked_paths(repo: &Repository) -> Result<Vec<String>> {
    let index = repo.index_or_empty()?;
    let mut sparse_dirs = None;
    let mut paths = Vec::with_capacity(index.entries().len());
    for entry in index.entries() {
        let path = entry.path(&index);
        if entry.mode.is_sparse() {
            let scanner =
                sparse_dirs.get_or_insert_with(|| TreeScanner::new(repo, |_: &[u8]| true, true));
            scanner.scan(entry.id)?;
            let dir = path.strip_suffix(b"/").unwrap_or(path).as_bstr();
            for file in scanner.expand([(entry.id, Seen::once(0))]).into_keys() {
                paths.push(join(dir, file.as_bstr()).to_str_lossy().into_owned());
            }
        } else {
            paths.push(path.to_str_lossy().into_owned());
        }
    }
    paths.sort_unstable();
    paths.dedup();
    Ok(paths)
}

/// Find every blob in the history of `repo` whose file name (the last path component) satisfies `pred`.
///
/// All commits reachable from `HEAD` and from every reference are visited: branches, tags (annotated
/// tags are peeled), remote-tracking branches, `refs/stash`, notes and any other ref below `refs/`.
/// References that do not lead to a commit, like a tag of a blob, are skipped, as are symbolic
/// references, whose targets are visited through their own names. Shallow boundaries are respected.
/// Regular files, executables and symlinks are considered; submodule entries are not.
///
/// Each tree object is read at most once, and what it contains is remembered by its id, so the many
/// commits sharing most of their trees cost little more than the trees that actually differ. Counts
/// are then propagated through the distinct trees instead of being listed per commit, which keeps
/// even a `pred` that matches thousands of files affordable.
///
/// The result is sorted by path. A repository without commits yields an empty list. Paths that are
/// not valid UTF-8 are converted lossily.
///
/// # Errors
///
/// If a reference cannot be read or peeled, or a commit or tree cannot be read or decoded, as in a
/// corrupt repository or a partial clone that lacks some objects.
pub fn paths_in_history(
    repo: &Repository,
    pred: impl Fn(&[u8]) -> bool,
) -> Result<Vec<HistoryHit>> {
    let tips = commit_tips(repo)?;
    if tips.is_empty() {
        return Ok(Vec::new());
    }

    // A private handle with an object cache, as the walk and this function both read each commit.
    let mut repo = repo.clone();
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    let repo = &repo;

    // Commits newest first, parents always after their children, like `git log --date-order`.
    // Commits sharing a root tree are grouped, so each root tree is examined only once.
    let mut commits: Vec<ObjectId> = Vec::new();
    let mut root_trees = gix::hashtable::HashMap::<ObjectId, Seen>::default();
    for info in repo.rev_walk(tips).sorting(Sorting::DateOrder).all()? {
        let info = info?;
        let tree = info.object()?.tree_id()?.detach();
        let seen = Seen::once(commits.len());
        commits.push(info.id);
        root_trees
            .entry(tree)
            .and_modify(|root| root.add(seen))
            .or_insert(seen);
    }

    let mut scanner = TreeScanner::new(repo, pred, false);
    for &tree in root_trees.keys() {
        scanner.scan(tree)?;
    }
    let mut hits: Vec<HistoryHit> = scanner
        .expand(root_trees)
        .into_iter()
        .map(|(path, seen)| HistoryHit {
            path: path.to_str_lossy().into_owned(),
            first_commit: commits[seen.oldest].to_string(),
            commit_count: seen.commits,
        })
        .collect();
    hits.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(hits)
}

/// Return the ids of the commits that `HEAD` and all references under `refs/` lead to, without duplicates.
fn commit_tips(repo: &Repository) -> Result<Vec<ObjectId>> {
    let mut candidates = Vec::new();
    if let Some(head) = repo.head()?.try_into_peeled_id()? {
        candidates.push(head.detach());
    }
    for reference in repo.references()?.all()? {
        let mut reference = reference?;
        if matches!(reference.target(), TargetRef::Symbolic(_)) {
            continue;
        }
        candidates.push(reference.peel_to_id()?.detach());
    }
    candidates.sort_unstable();
    candidates.dedup();

    let mut tips = Vec::with_capacity(candidates.len());
    for id in candidates {
        if repo.find_header(id)?.kind().is_commit() {
            tips.push(id);
        }
    }
    Ok(tips)
}

/// The commits in which a tree or a path was seen.
#[derive(Clone, Copy)]
struct Seen {
    /// The number of commits.
    commits: usize,
    /// The oldest commit's position in the newest-first walk: the largest position seen.
    oldest: usize,
}

impl Seen {
    /// A single commit, at `position` in the newest-first walk.
    fn once(position: usize) -> Self {
        Seen {
            commits: 1,
            oldest: position,
        }
    }

    /// Account for the distinct commits of `other` as well.
    fn add(&mut self, other: Seen) {
        self.commits += other.commits;
        self.oldest = self.oldest.max(other.oldest);
    }
}

/// The matching content of a tree that has any, with names relative to that tree.
#[derive(Default)]
struct Node {
    /// Names of matching entries directly in the tree.
    files: Vec<BString>,
    /// Names and ids of the subtrees that contain matching entries, at any depth.
    dirs: Vec<(BString, ObjectId)>,
}

/// Finds the entries, at any depth, whose file name matches a predicate, remembering for every
/// tree id it has read what that tree contains.
struct TreeScanner<'repo, P> {
    repo: &'repo Repository,
    pred: P,
    /// Whether submodule entries can match, in addition to blobs and symlinks.
    gitlinks: bool,
    /// Every tree scanned so far, with `None` for the majority that contain no match.
    memo: gix::hashtable::HashMap<ObjectId, Option<Box<Node>>>,
}

/// A tree whose subtrees are being scanned, on the explicit stack of [`TreeScanner::scan()`].
struct Frame {
    id: ObjectId,
    /// The name of this tree in its parent.
    name: BString,
    /// Subtrees not yet scanned.
    pending: Vec<(BString, ObjectId)>,
    /// What was found so far.
    node: Node,
}

impl<'repo, P: Fn(&[u8]) -> bool> TreeScanner<'repo, P> {
    fn new(repo: &'repo Repository, pred: P, gitlinks: bool) -> Self {
        TreeScanner {
            repo,
            pred,
            gitlinks,
            memo: gix::hashtable::HashMap::default(),
        }
    }

    /// Scan the tree `root` and all trees below it that were not scanned before.
    ///
    /// The traversal uses an explicit stack, so deeply nested trees cannot overflow the call stack.
    fn scan(&mut self, root: ObjectId) -> Result<()> {
        if self.memo.contains_key(&root) {
            return Ok(());
        }
        let mut stack = vec![self.read(root, BString::default())?];
        while let Some(mut frame) = stack.pop() {
            if let Some((name, id)) = frame.pending.pop() {
                if let Some(found) = self.memo.get(&id) {
                    if found.is_some() {
                        frame.node.dirs.push((name, id));
                    }
                    stack.push(frame);
                } else {
                    let child = self.read(id, name)?;
                    stack.push(frame);
                    stack.push(child);
                }
                continue;
            }

            let Frame { id, name, node, .. } = frame;
            if node.files.is_empty() && node.dirs.is_empty() {
                self.memo.insert(id, None);
            } else {
                self.memo.insert(id, Some(Box::new(node)));
                if let Some(parent) = stack.last_mut() {
                    parent.node.dirs.push((name, id));
                }
            }
        }
        Ok(())
    }

    /// Read the tree `id`, known as `name` in its parent, into a frame holding its matching entries,
    /// the subtrees already known to match and those still to scan.
    fn read(&self, id: ObjectId, name: BString) -> Result<Frame> {
        let tree = self.repo.find_tree(id)?;
        let mut frame = Frame {
            id,
            name,
            pending: Vec::new(),
            node: Node::default(),
        };
        for entry in tree.iter() {
            let entry = entry?.inner;
            if entry.mode.is_tree() {
                match self.memo.get(entry.oid) {
                    Some(None) => {}
                    Some(Some(_)) => frame
                        .node
                        .dirs
                        .push((entry.filename.to_owned(), entry.oid.to_owned())),
                    None => frame
                        .pending
                        .push((entry.filename.to_owned(), entry.oid.to_owned())),
                }
            } else if (entry.mode.is_blob_or_symlink() || (self.gitlinks && entry.mode.is_commit()))
                && (self.pred)(entry.filename)
            {
                frame.node.files.push(entry.filename.to_owned());
            }
        }
        Ok(frame)
    }

    /// Return the path of every match below the already [scanned](Self::scan()) `roots`, relative to
    /// them, with the commits of all the roots that contain it.
    ///
    /// This works level by level, merging the commits of each distinct (directory, tree) pair
    /// before descending, so the work is bounded by the distinct trees, not by the commits.
    fn expand(&self, roots: impl IntoIterator<Item = (ObjectId, Seen)>) -> HashMap<BString, Seen> {
        fn add<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Seen>, key: K, seen: Seen) {
            map.entry(key)
                .and_modify(|known| known.add(seen))
                .or_insert(seen);
        }

        let mut found = HashMap::new();
        let mut level = HashMap::new();
        for (id, seen) in roots {
            add(&mut level, (BString::default(), id), seen);
        }
        while !level.is_empty() {
            let mut next = HashMap::new();
            for ((dir, id), seen) in level {
                let Some(Some(node)) = self.memo.get(&id) else {
                    continue;
                };
                for file in &node.files {
                    add(&mut found, join(dir.as_bstr(), file.as_bstr()), seen);
                }
                for (name, child) in &node.dirs {
                    add(
                        &mut next,
                        (join(dir.as_bstr(), name.as_bstr()), *child),
                        seen,
                    );
                }
            }
            level = next;
        }
        found
    }
}

/// Join two slash-separated path fragments, where an empty `dir` stands for the root.
fn join(dir: &BStr, path: &BStr) -> BString {
    if dir.is_empty() {
        return path.to_owned();
    }
    let mut joined = BString::from(Vec::with_capacity(dir.len() + 1 + path.len()));
    joined.push_str(dir);
    joined.push_byte(b'/');
    joined.push_str(path);
    joined
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::test_repo::Repo;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    fn is_env(name: &[u8]) -> bool {
        name == b".env" || name.starts_with(b".env.")
    }

    fn hit<'a>(hits: &'a [HistoryHit], path: &str) -> &'a HistoryHit {
        hits.iter()
            .find(|hit| hit.path == path)
            .unwrap_or_else(|| panic!("{path} not among {hits:?}"))
    }

    #[test]
    fn env_committed_then_deleted() -> TestResult {
        let mut repo = Repo::init();
        repo.write("README.md", "hello");
        repo.commit("initial");
        repo.write(".env", "SECRET=1");
        let added = repo.commit("add env");
        repo.write("README.md", "hello again");
        repo.commit("touch readme");
        repo.git(&["rm", "--quiet", ".env"]);
        repo.commit("remove env");
        repo.commit("empty");

        let git = repo.open();
        let hits = paths_in_history(&git, is_env)?;
        assert_eq!(
            hits,
            vec![HistoryHit {
                path: ".env".into(),
                first_commit: added,
                commit_count: 2,
            }]
        );
        assert_eq!(tracked_paths(&git)?, vec!["README.md".to_owned()]);
        Ok(())
    }

    #[test]
    fn oldest_commit_respects_ancestry_when_timestamps_are_equal() -> TestResult {
        let mut repo = Repo::init();
        let mut ids = Vec::new();
        for round in 0..4 {
            repo.write(".env", &format!("SECRET={round}"));
            ids.push(repo.commit("same second"));
            repo.clock -= 60;
        }
        let hits = paths_in_history(&repo.open(), is_env)?;
        assert_eq!(hit(&hits, ".env").first_commit, ids[0]);
        assert_eq!(hit(&hits, ".env").commit_count, 4);
        Ok(())
    }

    #[test]
    fn file_only_on_side_branch() -> TestResult {
        let mut repo = Repo::init();
        repo.write("api/main.rs", "fn main() {}");
        repo.commit("initial");
        repo.git(&["switch", "--quiet", "-c", "feature"]);
        repo.write("api/.env.production", "TOKEN=x");
        let side = repo.commit("side");
        repo.commit("side 2");
        repo.git(&["switch", "--quiet", "main"]);
        repo.write("api/lib.rs", "");
        repo.commit("main moves on");

        let git = repo.open();
        let hits = paths_in_history(&git, is_env)?;
        assert_eq!(hits.len(), 1);
        assert_eq!(hit(&hits, "api/.env.production").first_commit, side);
        assert_eq!(hit(&hits, "api/.env.production").commit_count, 2);
        assert_eq!(
            tracked_paths(&git)?,
            vec!["api/lib.rs".to_owned(), "api/main.rs".to_owned()]
        );
        Ok(())
    }

    #[test]
    fn file_only_reachable_from_annotated_tag() -> TestResult {
        let mut repo = Repo::init();
        repo.write("README.md", "hello");
        repo.commit("initial");
        repo.git(&["switch", "--quiet", "-c", "release"]);
        repo.write("deploy/.env", "KEY=1");
        let tagged = repo.commit("release config");
        repo.git(&["tag", "-a", "v1.0", "-m", "release"]);
        repo.git(&["switch", "--quiet", "main"]);
        repo.git(&["branch", "--quiet", "-D", "release"]);
        // Tags of a blob and of a tree lead to no commit and must be skipped.
        let blob = repo.git(&["rev-parse", "HEAD:README.md"]);
        repo.git(&["tag", "blob-tag", &blob]);
        let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
        repo.git(&["tag", "-a", "tree-tag", "-m", "a tree", &tree]);

        let hits = paths_in_history(&repo.open(), is_env)?;
        assert_eq!(hit(&hits, "deploy/.env").first_commit, tagged);

        // The same through packed refs, whose peeled ids come from the packed-refs file.
        repo.git(&["pack-refs", "--all"]);
        let hits = paths_in_history(&repo.open(), is_env)?;
        assert_eq!(hit(&hits, "deploy/.env").first_commit, tagged);
        assert_eq!(hits.len(), 1);
        Ok(())
    }

    #[test]
    fn stash_and_remote_tracking_refs_are_searched() -> TestResult {
        let mut repo = Repo::init();
        repo.write("README.md", "hello");
        repo.commit("initial");
        // An untracked `.env` ends up in the stash's third parent only.
        repo.write(".env", "SECRET=1");
        repo.git(&["stash", "push", "--quiet", "--include-untracked"]);
        // A commit only known as a remote-tracking branch.
        repo.git(&["switch", "--quiet", "-c", "tmp"]);
        repo.write("remote/.env.local", "X=1");
        let remote = repo.commit("remote work");
        repo.git(&["update-ref", "refs/remotes/origin/tmp", &remote]);
        repo.git(&[
            "symbolic-ref",
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/gone",
        ]);
        repo.git(&["switch", "--quiet", "main"]);
        repo.git(&["branch", "--quiet", "-D", "tmp"]);

        let hits = paths_in_history(&repo.open(), is_env)?;
        assert_eq!(
            hits.iter().map(|hit| hit.path.as_str()).collect::<Vec<_>>(),
            vec![".env", "remote/.env.local"]
        );
        assert_eq!(hit(&hits, "remote/.env.local").first_commit, remote);
        Ok(())
    }

    #[test]
    fn detached_head_is_searched() -> TestResult {
        let mut repo = Repo::init();
        repo.write("README.md", "hello");
        repo.commit("initial");
        repo.git(&["switch", "--quiet", "--detach"]);
        repo.write(".env", "SECRET=1");
        let detached = repo.commit("only reachable from HEAD");

        let hits = paths_in_history(&repo.open(), is_env)?;
        assert_eq!(hit(&hits, ".env").first_commit, detached);
        Ok(())
    }

    #[test]
    fn bare_repository_root_is_its_git_dir() -> TestResult {
        let mut repo = Repo::init();
        repo.write("conf/.env", "SECRET=1");
        let first = repo.commit("initial");
        let bare = tempfile::tempdir()?;
        let bare_path = bare.path().join("clone.git");
        repo.git(&[
            "clone",
            "--quiet",
            "--bare",
            ".",
            bare_path.to_str().expect("UTF-8 temp path"),
        ]);

        let (git, root) = open(&bare_path)?.expect("a bare repository");
        assert_eq!(root.canonicalize()?, bare_path.canonicalize()?);
        assert!(tracked_paths(&git)?.is_empty());
        assert_eq!(
            hit(&paths_in_history(&git, is_env)?, "conf/.env").first_commit,
            first
        );
        Ok(())
    }

    #[test]
    fn empty_repository() -> TestResult {
        let repo = Repo::init();
        let git = repo.open();
        assert!(paths_in_history(&git, |_| true)?.is_empty());
        assert!(tracked_paths(&git)?.is_empty());

        // Staged but never committed: tracked, yet without history.
        repo.write(".env", "SECRET=1");
        repo.git(&["add", ".env"]);
        let git = repo.open();
        assert!(paths_in_history(&git, |_| true)?.is_empty());
        assert_eq!(tracked_paths(&git)?, vec![".env".to_owned()]);
        Ok(())
    }

    #[test]
    fn nested_paths_and_shared_subtrees() -> TestResult {
        let mut repo = Repo::init();
        repo.write("a/b/c/.env", "DEEP=1");
        repo.write("a/.env", "SHALLOW=1");
        // Identical directories share one tree object, which must be reported under both names.
        repo.write("x/conf/.env.test", "T=1");
        repo.write("y/conf/.env.test", "T=1");
        repo.write("a/b/c/main.rs", "");
        let first = repo.commit("initial");
        repo.write("a/b/c/main.rs", "fn main() {}");
        repo.commit("second");

        let git = repo.open();
        let hits = paths_in_history(&git, is_env)?;
        let paths: Vec<_> = hits.iter().map(|hit| hit.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "a/.env",
                "a/b/c/.env",
                "x/conf/.env.test",
                "y/conf/.env.test"
            ]
        );
        assert!(hits
            .iter()
            .all(|hit| hit.first_commit == first && hit.commit_count == 2));
        assert_eq!(tracked_paths(&git)?.len(), 5);

        // Discovery from a nested directory yields the worktree root.
        let (_, root) = open(&repo.path().join("a/b/c"))?.expect("inside the repository");
        assert_eq!(root.canonicalize()?, repo.path().canonicalize()?);
        Ok(())
    }

    #[test]
    fn conflicted_paths_are_listed_once() -> TestResult {
        let mut repo = Repo::init();
        repo.write("file.txt", "base");
        repo.commit("base");
        repo.git(&["switch", "--quiet", "-c", "other"]);
        repo.write("file.txt", "other");
        repo.commit("other");
        repo.git(&["switch", "--quiet", "main"]);
        repo.write("file.txt", "main");
        repo.commit("main");
        let merge = repo.command(&["merge", "--quiet", "other"]).output()?;
        assert!(!merge.status.success(), "the merge conflicts");

        assert_eq!(tracked_paths(&repo.open())?, vec!["file.txt".to_owned()]);
        Ok(())
    }

    #[test]
    fn sparse_index_directories_are_expanded() -> TestResult {
        let mut repo = Repo::init();
        repo.write("kept/a.txt", "a");
        repo.write("gone/deeper/b.txt", "b");
        repo.write("top.txt", "t");
        repo.commit("initial");
        repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "kept"]);

        assert_eq!(
            tracked_paths(&repo.open())?,
            vec![
                "gone/deeper/b.txt".to_owned(),
                "kept/a.txt".to_owned(),
                "top.txt".to_owned()
            ]
        );
        Ok(())
    }

    #[test]
    fn outside_any_repository() -> TestResult {
        let dir = tempfile::tempdir()?;
        assert!(open(dir.path())?.is_none());
        Ok(())
    }

    /// 10,000 commits over a few hundred files in nested directories, each changing one file.
    #[test]
    fn many_commits_sharing_trees() -> TestResult {
        const COMMITS: usize = 10_000;
        let repo = Repo::init();
        let mut stream = String::new();
        for n in 0..COMMITS {
            let (dir, file) = (n % 50, n % 7);
            write!(
                stream,
                "commit refs/heads/main\ncommitter T <t@example.com> {} +0000\ndata 0\n",
                1_700_000_000 + n
            )?;
            if n == 0 {
                for d in 0..50 {
                    for f in 0..7 {
                        write!(stream, "M 644 inline src/m{d}/sub/f{f}.rs\ndata 1\n0\n")?;
                    }
                }
            }
            let content = n.to_string();
            write!(
                stream,
                "M 644 inline src/m{dir}/sub/f{file}.rs\ndata {}\n{content}\n",
                content.len()
            )?;
            if n == 5_000 {
                stream.push_str("M 644 inline src/m3/sub/.env\ndata 1\nx\n");
            }
            stream.push('\n');
        }
        let mut import = repo.command(&["fast-import", "--quiet"]);
        import.stdin(std::process::Stdio::piped());
        let mut child = import.spawn()?;
        std::io::Write::write_all(&mut child.stdin.take().expect("piped"), stream.as_bytes())?;
        assert!(child.wait()?.success());
        let added = repo.git(&["rev-list", "--reverse", "main", "--", "src/m3/sub/.env"]);

        let git = repo.open();
        let hits = paths_in_history(&git, is_env)?;
        assert_eq!(
            hits,
            vec![HistoryHit {
                path: "src/m3/sub/.env".into(),
                first_commit: added,
                commit_count: COMMITS - 5_000,
            }]
        );
        Ok(())
    }
}
