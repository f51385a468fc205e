//! Scanning a directory (honouring `.gitignore`) or any reader, for known values.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::known::{Encoding, KnownSet};

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
}

/// How many leading bytes decide "binary" (a NUL among them), as git does.
const BINARY_SNIFF: usize = 8000;

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
    set.find(bytes)
        .into_iter()
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

/// Scans every file under `root`.
pub fn scan_dir(
    set: &KnownSet,
    root: &Path,
    options: &ScanOptions,
) -> (Vec<Occurrence>, ScanStats) {
    let mut stats = ScanStats::default();
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(false)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                stats
                    .skipped
                    .push((root.display().to_string(), e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = rel_path(root, entry.path());
        if options.exclude.contains(&rel) {
            continue;
        }
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                stats.skipped.push((rel, e.to_string()));
                continue;
            }
        };
        if !options.binary && bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
            stats
                .skipped
                .push((rel, "binary (use --binary to read it)".to_string()));
            continue;
        }
        stats.files += 1;
        stats.bytes += bytes.len() as u64;
        out.extend(scan_bytes(set, &rel, &bytes));
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    (out, stats)
}

/// Scans a reader (standard input), reported as `-`.
pub fn scan_reader(
    set: &KnownSet,
    mut reader: impl Read,
) -> std::io::Result<(Vec<Occurrence>, ScanStats)> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    let stats = ScanStats {
        files: 1,
        bytes: bytes.len() as u64,
        skipped: Vec::new(),
    };
    Ok((scan_bytes(set, "-", &bytes), stats))
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}
