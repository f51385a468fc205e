//! Scanning all of git history: every distinct blob reachable from any ref is read once; the
//! (value, path) pairs found then get their provenance.

use std::collections::{BTreeMap, HashSet};

use mosbot_git::blobs::{blob_data, Provenance};
use mosbot_git::graph::CommitGraph;
use mosbot_git::{ObjectId, Repository};

use crate::files::line_column;
use crate::files::ReadLimits;
use crate::known::{value_fingerprint, Encoding, KnownSet};
use crate::rules::RuleSet;
use sha2::{Digest, Sha256};

/// A known value found in history at one path.
#[derive(Debug, Clone)]
pub struct HistoryOccurrence {
    /// Index into the set's values.
    pub value: usize,
    /// The path, relative to the work tree.
    pub path: String,
    /// Line and column in the newest blob that has it.
    pub line: u32,
    /// See `line`.
    pub column: u32,
    /// How it was written.
    pub encoding: Encoding,
    /// Where it lives in history.
    pub provenance: Provenance,
}

/// A finding's history fields from a provenance.
pub fn history_of(p: &Provenance) -> mosbot_core::finding::History {
    mosbot_core::finding::History {
        introduced_in: p.introduced_in.clone(),
        removed_in: p.removed_in.clone(),
        in_head: p.in_head,
        refs: p.refs.clone(),
    }
}

/// A rule match found in history at one path.
#[derive(Debug, Clone)]
pub struct HistoryRuleOccurrence {
    /// Index into the rule set.
    pub rule: usize,
    /// The path, relative to the work tree.
    pub path: String,
    /// Line and column in the newest blob that has it.
    pub line: u32,
    /// See `line`.
    pub column: u32,
    /// A short fingerprint of the secret, for high-entropy secrets.
    pub secret_fingerprint: Option<String>,
    /// Where it lives in history.
    pub provenance: Provenance,
}

/// Everything the history scan found.
#[derive(Debug, Clone, Default)]
pub struct HistoryFound {
    /// Known values.
    pub known: Vec<HistoryOccurrence>,
    /// Rule matches that no known value explains.
    pub rules: Vec<HistoryRuleOccurrence>,
}

/// The blobs that hold one rule match at one path, its place in the newest of them (and that
/// blob's age, [`mosbot_git::blobs::HistoryBlob::newest`]), and its fingerprint.
type RuleSighting = (HashSet<ObjectId>, ((u32, u32), usize), Option<String>);

/// The blobs that hold one value at one path, its place in the newest of them (and that blob's
/// age), and the encoding.
type Sighting = (HashSet<ObjectId>, ((u32, u32), usize), Encoding);

/// A rule match in one blob: the rule, the digest of the secret, its place, its fingerprint.
type RuleMatch = (usize, [u8; 32], (u32, u32), Option<String>);

/// What one worker analysed: (index into the blob list, outcome).
type WorkerResult = Result<Vec<(usize, Outcome)>, mosbot_git::Error>;

/// What one blob holds: known values (value, encoding, place) and rule matches no known value
/// explains (rule, digest of the secret, place, fingerprint).
struct BlobAnalysis {
    size: u64,
    known: Vec<(usize, Encoding, (u32, u32))>,
    rules: Vec<RuleMatch>,
}

/// What became of one blob.
enum Outcome {
    /// Read and analysed.
    Read(BlobAnalysis),
    /// Binary, passed over.
    Binary,
    /// An archive (of this kind), not opened.
    Archive(&'static str),
    /// Larger than the limit (why), not read.
    TooLarge(String),
}

fn analyze(
    data: &[u8],
    path: &str,
    set: &KnownSet,
    rules: Option<&RuleSet>,
    binary: bool,
) -> Outcome {
    if let Some(kind) = crate::files::archive_kind(path, data) {
        return Outcome::Archive(kind);
    }
    if !binary && crate::files::is_binary(data) {
        return Outcome::Binary;
    }
    let known_hits = set.find(data);
    let mut rule_hits = Vec::new();
    if let Some(rules) = rules {
        for hit in rules.find(data) {
            // Rule matches on an allowed line are not findings (known values are filtered below).
            if crate::files::line_allows(data, hit.range.start) {
                continue;
            }
            if known_hits
                .iter()
                .any(|k| k.range.start < hit.range.end && hit.range.start < k.range.end)
            {
                continue;
            }
            let secret = &data[hit.range.clone()];
            let digest: [u8; 32] = Sha256::digest(secret).into();
            let fingerprint = value_fingerprint(&String::from_utf8_lossy(secret));
            rule_hits.push((
                hit.rule,
                digest,
                line_column(data, hit.range.start),
                fingerprint,
            ));
        }
    }
    Outcome::Read(BlobAnalysis {
        size: data.len() as u64,
        known: known_hits
            .into_iter()
            .filter(|h| !crate::files::line_allows(data, h.range.start))
            .map(|h| (h.value, h.encoding, line_column(data, h.range.start)))
            .collect(),
        rules: rule_hits,
    })
}

/// What a long history scan reports as it goes (the command line shows a progress bar). Called
/// from several threads at once.
pub trait Progress: Sync {
    /// A phase begins with `total` steps (0: unknown).
    fn phase(&self, _name: &'static str, _total: u64) {}
    /// One more step of the current phase is done.
    fn step(&self) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}

/// How many threads read history: one per core, at most 8.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// Reads and analyses the blobs on every core (each worker with its own repository handle), in
/// the order given.
fn analyze_in_parallel(
    repo: &Repository,
    blobs: &[(ObjectId, Vec<String>, usize)],
    set: &KnownSet,
    rules: Option<&RuleSet>,
    limits: ReadLimits,
    progress: &dyn Progress,
) -> Result<Vec<Outcome>, mosbot_git::Error> {
    let workers = workers().min(blobs.len().max(1));
    let git_dir = repo.git_dir().to_path_buf();
    let chunks: Vec<WorkerResult> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let git_dir = &git_dir;
                scope.spawn(move || {
                    let repo = mosbot_git::graph::reading_handle(git_dir)?;
                    let mut out = Vec::new();
                    for (i, (id, paths, _)) in blobs.iter().enumerate().skip(w).step_by(workers) {
                        let size = repo.find_header(*id)?.size();
                        if let Some(why) = limits.too_large(size) {
                            out.push((i, Outcome::TooLarge(why)));
                            progress.step();
                            continue;
                        }
                        let data = blob_data(&repo, *id)?;
                        out.push((i, analyze(&data, &paths[0], set, rules, limits.binary)));
                        progress.step();
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a scan worker does not panic"))
            .collect()
    });
    let mut results: Vec<Option<Outcome>> = (0..blobs.len()).map(|_| None).collect();
    for chunk in chunks {
        for (i, analysis) in chunk? {
            results[i] = Some(analysis);
        }
    }
    Ok(results
        .into_iter()
        .map(|r| r.expect("every blob was analysed"))
        .collect())
}

/// What the history scan read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryStats {
    /// Distinct blobs read.
    pub blobs: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Binary blobs passed over.
    pub binary_skipped: usize,
    /// Archives not opened: (a path of the blob, kind).
    pub archives: Vec<(String, &'static str)>,
    /// Blobs larger than the limit, not read: (a path of the blob, why).
    pub too_large: Vec<(String, String)>,
}

/// Scans every blob under `prefix` (work-tree relative, `""` for all) once; paths for which
/// `wanted` is false are not reported (nor is their provenance computed).
pub fn scan_history(
    repo: &Repository,
    set: &KnownSet,
    rules: Option<&RuleSet>,
    prefix: &str,
    limits: ReadLimits,
    wanted: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<(HistoryFound, HistoryStats), mosbot_git::Error> {
    // (rule, secret digest, path) -> (blobs, first place, fingerprint)
    let mut rule_found: BTreeMap<(usize, [u8; 32], String), RuleSighting> = BTreeMap::new();
    let mut stats = HistoryStats::default();
    let under = |p: &str| prefix.is_empty() || p.starts_with(&format!("{prefix}/"));
    progress.phase("walking commits", 0);
    let graph = CommitGraph::load(repo)?;
    progress.phase("reading trees", graph.len() as u64);
    let blobs = graph.blobs(repo, workers(), &|| progress.step())?;
    // Directories below the scanned one that hold the fixtures marker, in any commit.
    let fixtures: Vec<String> = blobs
        .iter()
        .flat_map(|b| b.paths.iter())
        .filter_map(|p| p.strip_suffix(crate::files::FIXTURES_MARKER))
        .map(|dir| dir.to_string())
        .filter(|dir| under(dir.trim_end_matches('/')) && dir.trim_end_matches('/') != prefix)
        .collect();
    let in_fixtures = |p: &str| fixtures.iter().any(|dir| p.starts_with(dir.as_str()));
    // (value, path) -> (blobs that hold it there, first place, encoding)
    let mut found: BTreeMap<(usize, String), Sighting> = BTreeMap::new();
    let selected: Vec<(ObjectId, Vec<String>, usize)> = blobs
        .into_iter()
        .filter_map(|blob| {
            let paths: Vec<String> = blob
                .paths
                .into_iter()
                .filter(|p| under(p) && wanted(p) && !in_fixtures(p))
                .collect();
            (!paths.is_empty()).then_some((blob.id, paths, blob.newest))
        })
        .collect();
    progress.phase("reading blobs", selected.len() as u64);
    let outcomes = analyze_in_parallel(repo, &selected, set, rules, limits, progress)?;
    for (outcome, (id, paths, age)) in outcomes.into_iter().zip(&selected) {
        let analysis = match outcome {
            Outcome::Read(analysis) => analysis,
            Outcome::Binary => {
                stats.binary_skipped += 1;
                continue;
            }
            Outcome::Archive(kind) => {
                stats.archives.push((paths[0].clone(), kind));
                continue;
            }
            Outcome::TooLarge(why) => {
                stats.too_large.push((paths[0].clone(), why));
                continue;
            }
        };
        stats.blobs += 1;
        stats.bytes += analysis.size;
        for (rule, digest, place, fingerprint) in analysis.rules {
            for path in paths {
                let sighting = rule_found
                    .entry((rule, digest, path.clone()))
                    .or_insert_with(|| (HashSet::new(), (place, *age), fingerprint.clone()));
                sighting.0.insert(*id);
                if *age < sighting.1 .1 {
                    sighting.1 = (place, *age);
                }
            }
        }
        for (value, encoding, place) in analysis.known {
            for path in paths {
                let sighting = found
                    .entry((value, path.clone()))
                    .or_insert_with(|| (HashSet::new(), (place, *age), encoding));
                sighting.0.insert(*id);
                if *age < sighting.1 .1 {
                    sighting.1 = (place, *age);
                    sighting.2 = encoding;
                }
            }
        }
    }
    // Every (path, blobs) question answered in one pass over the commits.
    let mut questions: Vec<(String, HashSet<ObjectId>)> = Vec::new();
    questions.extend(
        found
            .iter()
            .map(|((_, path), s)| (path.clone(), s.0.clone())),
    );
    questions.extend(
        rule_found
            .iter()
            .map(|((_, _, path), s)| (path.clone(), s.0.clone())),
    );
    progress.phase("tracing history", graph.len() as u64);
    let mut answers = graph
        .provenance(repo, &questions, &|| progress.step())?
        .into_iter();
    let mut out = Vec::new();
    for ((value, path), (_, ((line, column), _), encoding)) in found {
        if let Some(provenance) = answers.next().flatten() {
            out.push(HistoryOccurrence {
                value,
                path,
                line,
                column,
                encoding,
                provenance,
            });
        }
    }
    let mut rule_out = Vec::new();
    for ((rule, _, path), (_, ((line, column), _), secret_fingerprint)) in rule_found {
        if let Some(provenance) = answers.next().flatten() {
            rule_out.push(HistoryRuleOccurrence {
                rule,
                path,
                line,
                column,
                secret_fingerprint,
                provenance,
            });
        }
    }
    Ok((
        HistoryFound {
            known: out,
            rules: rule_out,
        },
        stats,
    ))
}
