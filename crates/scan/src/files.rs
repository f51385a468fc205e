//! Scanning a directory (honouring `.gitignore`) or any reader, for known values.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::known::{Encoding, KnownSet};
use crate::rules::RuleSet;

/// A rule match in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOccurrence {
    /// The file, relative to the scanned root (`-` for standard input).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Index into the rule set.
    pub rule: usize,
    /// A short fingerprint of the matched secret (for high-entropy secrets), never the secret.
    pub secret_fingerprint: Option<String>,
}

/// The comment that allows one line: a finding on a line that holds it is not reported.
pub const ALLOW_MARKER: &str = "mosbot-secrets:allow";

/// Whether the line holding byte `offset` carries [`ALLOW_MARKER`].
pub(crate) fn line_allows(bytes: &[u8], offset: usize) -> bool {
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| offset + i);
    bytes[start..end]
        .windows(ALLOW_MARKER.len())
        .any(|w| w == ALLOW_MARKER.as_bytes())
}

/// The rule matches in one buffer that no known value already explains (`known` ranges).
pub fn scan_rules(
    rules: &RuleSet,
    path: &str,
    bytes: &[u8],
    known: &[std::ops::Range<usize>],
) -> Vec<RuleOccurrence> {
    rules
        .find(bytes)
        .into_iter()
        .filter(|h| {
            !known
                .iter()
                .any(|k| k.start < h.range.end && h.range.start < k.end)
        })
        .filter(|h| !line_allows(bytes, h.range.start))
        .map(|h| {
            let (line, column) = line_column(bytes, h.range.start);
            let secret = String::from_utf8_lossy(&bytes[h.range.clone()]);
            RuleOccurrence {
                path: path.to_string(),
                line,
                column,
                rule: h.rule,
                secret_fingerprint: crate::known::value_fingerprint(&secret),
            }
        })
        .collect()
}

/// One place a known value was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The file, relative to the scanned root (`-` for standard input), `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Index into the set's values.
    pub value: usize,
    /// How it was written.
    pub encoding: Encoding,
}

/// What a scan read and what it passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Files read.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Files passed over, with why (binary, unreadable).
    pub skipped: Vec<(String, String)>,
    /// Files not read because their bytes are read elsewhere ([`ScanOptions::covered`]).
    pub covered: usize,
}

/// Options of a directory scan.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Read files `.gitignore` excludes too.
    pub no_ignore: bool,
    /// Read binary files too.
    pub binary: bool,
    /// Files not to read (relative, `/` separators): the sources of the known values.
    pub exclude: Vec<String>,
    /// Files not to read because a history scan reads the same bytes (relative, `/` separators).
    pub covered: std::collections::HashSet<String>,
    /// Files larger than this many bytes are not read (and the report says so); None: no limit.
    pub max_size: Option<u64>,
}

impl ScanOptions {
    /// What may be read, for the history and `--staged` readers.
    pub fn limits(&self) -> ReadLimits {
        ReadLimits {
            binary: self.binary,
            max_size: self.max_size,
        }
    }
}

/// Which files and blobs are read at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadLimits {
    /// Read binary content too.
    pub binary: bool,
    /// Pass over anything larger than this many bytes (None: no limit).
    pub max_size: Option<u64>,
}

impl ReadLimits {
    /// Why something of `size` bytes is not read, if it is too large.
    pub fn too_large(&self, size: u64) -> Option<String> {
        let max = self.max_size?;
        (size > max).then(|| {
            format!(
                "{} MB, larger than --max-size {} MB (raise it to read it)",
                size.div_ceil(1_000_000),
                max / 1_000_000
            )
        })
    }
}

/// A file that marks its directory (and everything under it) as test fixtures with fake values:
/// the scanner passes over it when it scans from above (and says so).
pub const FIXTURES_MARKER: &str = ".mosbot-secrets-fixtures";

/// How many leading bytes decide "binary" (a NUL among them), as git does.
const BINARY_SNIFF: usize = 8000;

/// Whether `bytes` look binary: a NUL among the first [`BINARY_SNIFF`] bytes, as git decides.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
}

/// What kind of archive or compressed file `bytes` (at `path`) is, if any: by its magic number,
/// or by its extension. Archives are never opened: their members are compressed, so a scan of
/// the raw bytes would miss what they hold, and unpacking untrusted archives is a risk of its own
/// (zip bombs, path traversal). The report names them instead.
pub fn archive_kind(path: &str, bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], usize, &str)] = &[
        (b"PK\x03\x04", 0, "zip"),
        (b"PK\x05\x06", 0, "zip"),
        (b"\x1f\x8b", 0, "gzip"),
        (b"BZh", 0, "bzip2"),
        (b"\xfd7zXZ\x00", 0, "xz"),
        (b"\x28\xb5\x2f\xfd", 0, "zstd"),
        (b"7z\xbc\xaf\x27\x1c", 0, "7z"),
        (b"Rar!\x1a\x07", 0, "rar"),
        (b"ustar", 257, "tar"),
    ];
    for (magic, at, kind) in MAGIC {
        if bytes.get(*at..at + magic.len()) == Some(*magic) {
            return Some(kind);
        }
    }
    const EXTENSIONS: &[(&str, &str)] = &[
        (".zip", "zip"),
        (".jar", "zip"),
        (".war", "zip"),
        (".whl", "zip"),
        (".apk", "zip"),
        (".tar", "tar"),
        (".tgz", "gzip"),
        (".gz", "gzip"),
        (".bz2", "bzip2"),
        (".xz", "xz"),
        (".zst", "zstd"),
        (".7z", "7z"),
        (".rar", "rar"),
    ];
    let lower = path.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|(_, kind)| *kind)
}

/// Why an archive was passed over, for the report.
pub fn archive_note(kind: &str) -> String {
    format!("{kind} archive, not opened (extract it and scan the directory)")
}

/// 1-based line and column (characters) of byte `offset` in `bytes`.
pub fn line_column(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() as u32 + 1;
    (line, column)
}

/// The occurrences of known values in one buffer.
pub fn scan_bytes(set: &KnownSet, path: &str, bytes: &[u8]) -> Vec<Occurrence> {
    occurrences(set.find(bytes), path, bytes)
}

/// The known-value hits of one buffer as occurrences (allowed lines left out).
fn occurrences(hits: Vec<crate::known::KnownHit>, path: &str, bytes: &[u8]) -> Vec<Occurrence> {
    hits.into_iter()
        .filter(|hit| !line_allows(bytes, hit.range.start))
        .map(|hit| {
            let (line, column) = line_column(bytes, hit.range.start);
            Occurrence {
                path: path.to_string(),
                line,
                column,
                value: hit.value,
                encoding: hit.encoding,
            }
        })
        .collect()
}

/// What one file gave: occurrences, rule matches, and whether it was read or passed over.
#[derive(Default)]
struct FileResult {
    known: Vec<Occurrence>,
    rules: Vec<RuleOccurrence>,
    read: Option<u64>,
    covered: bool,
    skipped: Option<(String, String)>,
}

/// Scans every file under `root` for known values and rule matches, on every core (the walk is
/// `ignore`'s parallel one); the results come out sorted by path, line and column whatever the
/// threads did. `progress` steps once per file.
pub fn scan_dir(
    set: &KnownSet,
    rules: &RuleSet,
    root: &Path,
    options: &ScanOptions,
    progress: &dyn crate::history::Progress,
) -> (Vec<Occurrence>, Vec<RuleOccurrence>, ScanStats) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(false)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .threads(
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8),
        )
        .build_parallel();
    let fixtures_root = root.join(FIXTURES_MARKER).is_file();
    let results = std::sync::Mutex::new(Vec::<FileResult>::new());
    progress.phase("reading files", 0);
    walker.run(|| {
        Box::new(|entry| {
            let result = match entry {
                Ok(entry) => scan_entry(set, rules, root, options, fixtures_root, &entry),
                Err(e) => FileResult {
                    skipped: Some((root.display().to_string(), e.to_string())),
                    ..FileResult::default()
                },
            };
            progress.step();
            results
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(result);
            ignore::WalkState::Continue
        })
    });
    let mut stats = ScanStats::default();
    let mut out = Vec::new();
    let mut rule_out = Vec::new();
    for r in results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
    {
        if let Some(bytes) = r.read {
            stats.files += 1;
            stats.bytes += bytes;
        }
        stats.covered += usize::from(r.covered);
        stats.skipped.extend(r.skipped);
        out.extend(r.known);
        rule_out.extend(r.rules);
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    rule_out.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    stats.skipped.sort();
    (out, rule_out, stats)
}

/// One entry of the walk: read and scanned, or passed over (and why).
fn scan_entry(
    set: &KnownSet,
    rules: &RuleSet,
    root: &Path,
    options: &ScanOptions,
    fixtures_root: bool,
    entry: &ignore::DirEntry,
) -> FileResult {
    let mut result = FileResult::default();
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return result;
    }
    let rel = rel_path(root, entry.path());
    // Below the root, a fixtures directory holds planted fakes; scanning the directory itself
    // (its own root) still reads it.
    if !fixtures_root && under_fixtures(root, entry.path()) {
        if entry.file_name() == FIXTURES_MARKER {
            let dir = rel
                .strip_suffix(FIXTURES_MARKER)
                .unwrap_or(&rel)
                .trim_end_matches('/');
            result.skipped = Some((
                dir.to_string(),
                format!("test fixtures (marked by {FIXTURES_MARKER})"),
            ));
        }
        return result;
    }
    if options.exclude.contains(&rel) {
        return result;
    }
    if options.covered.contains(&rel) {
        result.covered = true;
        return result;
    }
    if let Some(why) = entry
        .metadata()
        .ok()
        .and_then(|m| options.limits().too_large(m.len()))
    {
        result.skipped = Some((rel, why));
        return result;
    }
    let bytes = match std::fs::read(entry.path()) {
        Ok(b) => b,
        Err(e) => {
            result.skipped = Some((rel, e.to_string()));
            return result;
        }
    };
    if let Some(kind) = archive_kind(&rel, &bytes) {
        result.skipped = Some((rel, archive_note(kind)));
        return result;
    }
    if !options.binary && is_binary(&bytes) {
        result.skipped = Some((rel, "binary (use --binary to read it)".to_string()));
        return result;
    }
    result.read = Some(bytes.len() as u64);
    let hits = set.find(&bytes);
    let known_ranges: Vec<std::ops::Range<usize>> = hits.iter().map(|h| h.range.clone()).collect();
    result.known = occurrences(hits, &rel, &bytes);
    result.rules = scan_rules(rules, &rel, &bytes, &known_ranges);
    result
}

/// Scans a reader (standard input), reported as `-`.
pub fn scan_reader(
    set: &KnownSet,
    rules: &RuleSet,
    mut reader: impl Read,
) -> std::io::Result<(Vec<Occurrence>, Vec<RuleOccurrence>, ScanStats)> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    let stats = ScanStats {
        files: 1,
        bytes: bytes.len() as u64,
        ..ScanStats::default()
    };
    let known: Vec<std::ops::Range<usize>> =
        set.find(&bytes).into_iter().map(|h| h.range).collect();
    Ok((
        scan_bytes(set, "-", &bytes),
        scan_rules(rules, "-", &bytes, &known),
        stats,
    ))
}

/// Whether `path` lies in a directory below `root` that holds the fixtures marker.
fn under_fixtures(root: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|a| a.starts_with(root) && *a != root)
        .any(|dir| dir.join(FIXTURES_MARKER).is_file())
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}
