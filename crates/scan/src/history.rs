//! Scanning all of git history: every distinct blob reachable from any ref is read once; the
//! (value, path) pairs found then get their provenance.

use std::collections::{BTreeMap, HashSet};

use mosbot_git::blobs::{blob_data, provenance, reachable_blobs, Provenance};
use mosbot_git::{ObjectId, Repository};

use crate::files::line_column;
use crate::known::{Encoding, KnownSet};

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

/// The blobs that hold one value at one path, the first place seen, and the encoding.
type Sighting = (HashSet<ObjectId>, (u32, u32), Encoding);

/// What the history scan read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryStats {
    /// Distinct blobs read.
    pub blobs: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Binary blobs passed over.
    pub binary_skipped: usize,
}

/// Scans every blob under `prefix` (work-tree relative, `""` for all) once; paths for which
/// `wanted` is false are not reported (nor is their provenance computed).
pub fn scan_history(
    repo: &Repository,
    set: &KnownSet,
    prefix: &str,
    binary: bool,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(Vec<HistoryOccurrence>, HistoryStats), mosbot_git::Error> {
    let mut stats = HistoryStats::default();
    let under = |p: &str| prefix.is_empty() || p.starts_with(&format!("{prefix}/"));
    // (value, path) -> (blobs that hold it there, first place, encoding)
    let mut found: BTreeMap<(usize, String), Sighting> = BTreeMap::new();
    for blob in reachable_blobs(repo)? {
        let paths: Vec<&String> = blob
            .paths
            .iter()
            .filter(|p| under(p) && wanted(p))
            .collect();
        if paths.is_empty() {
            continue;
        }
        let data = blob_data(repo, blob.id)?;
        if !binary && data[..data.len().min(8000)].contains(&0) {
            stats.binary_skipped += 1;
            continue;
        }
        stats.blobs += 1;
        stats.bytes += data.len() as u64;
        for hit in set.find(&data) {
            let place = line_column(&data, hit.range.start);
            for path in &paths {
                let entry = found
                    .entry((hit.value, (*path).clone()))
                    .or_insert_with(|| (HashSet::new(), place, hit.encoding));
                entry.0.insert(blob.id);
            }
        }
    }
    let mut out = Vec::new();
    for ((value, path), (blobs, (line, column), encoding)) in found {
        if let Some(provenance) = provenance(repo, &path, &blobs)? {
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
    Ok((out, stats))
}
