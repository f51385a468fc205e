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

/// One finding of [`scan_stream`], handed over the moment it is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamHit {
    /// A known value.
    Known(Occurrence),
    /// A rule match.
    Rule(RuleOccurrence),
}

/// How many bytes of lines already scanned a stream scan keeps in front of new lines, so that a
/// secret spanning lines (a PEM key) is still found whole.
const STREAM_CARRY: usize = 16 * 1024;

/// New bytes a stream scan gathers at most before it scans (it scans sooner whenever the reader
/// has nothing more ready: a followed log is scanned line by line as it grows).
const STREAM_BATCH: usize = 256 * 1024;

/// Scans a reader as it arrives (reported as `-`): complete lines are scanned as soon as no
/// more input is ready, and every finding goes to `emit` at once, exactly once, with its line
/// in the whole stream. For `docker logs -f … | scan -`, which never ends.
///
/// Each round scans the new lines behind up to [`STREAM_CARRY`] bytes of the last round's, so a
/// secret spanning lines is found whole; a block-shaped match (a `-----BEGIN …` key) that reaches
/// the end of what has arrived may still grow, so it waits for the next round (or the end of
/// input); matches
/// already reported are remembered by place until they leave the carried bytes.
pub fn scan_stream(
    set: &KnownSet,
    rules: &RuleSet,
    reader: impl Read,
    emit: &mut dyn FnMut(StreamHit),
) -> std::io::Result<ScanStats> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, reader);
    let mut stats = ScanStats {
        files: 1,
        ..ScanStats::default()
    };
    let mut round = StreamRound::default();
    loop {
        let read = reader.read_until(b'\n', &mut round.buf)?;
        stats.bytes += read as u64;
        let at_end = read == 0;
        // Nothing more buffered: the next read would wait for the writer, so scan what is here.
        let ready = round.buf.len() - round.scanned >= STREAM_BATCH || reader.buffer().is_empty();
        // At the end, a last round even without new bytes: matches that waited are due.
        if (at_end && !round.buf.is_empty()) || (round.buf.len() > round.scanned && ready) {
            round.scan(set, rules, at_end, emit);
        }
        if at_end {
            return Ok(stats);
        }
    }
}

/// The state a stream scan carries from one round to the next.
#[derive(Default)]
struct StreamRound {
    /// Carried bytes (from a line start), then the new lines.
    buf: Vec<u8>,
    /// How many bytes of `buf` were there at the last round.
    scanned: usize,
    /// The stream offset of `buf[0]`.
    offset: u64,
    /// The line number of `buf[0]`, minus one.
    lines_before: u32,
    /// Matches reported while still in the carried bytes: (stream start, end, rule or value).
    reported: std::collections::HashSet<(u64, u64, usize, bool)>,
}

impl StreamRound {
    fn scan(
        &mut self,
        set: &KnownSet,
        rules: &RuleSet,
        at_end: bool,
        emit: &mut dyn FnMut(StreamHit),
    ) {
        let buf = &self.buf;
        // A block-shaped match (a `-----BEGIN …` key) touching the end of what has arrived may
        // grow with the next line; every other match is complete within its line.
        let complete =
            |r: &std::ops::Range<usize>, block: bool| at_end || !block || r.end + 1 < buf.len();
        let mut waiting_from: Option<usize> = None;
        let known = set.find(buf);
        let known_ranges: Vec<std::ops::Range<usize>> =
            known.iter().map(|h| h.range.clone()).collect();
        let mut found: Vec<(std::ops::Range<usize>, usize, bool, bool, StreamHit)> = Vec::new();
        for hit in known {
            if line_allows(buf, hit.range.start) {
                continue;
            }
            let (line, column) = line_column(buf, hit.range.start);
            let occurrence = Occurrence {
                path: "-".to_string(),
                line: self.lines_before + line,
                column,
                value: hit.value,
                encoding: hit.encoding,
            };
            found.push((
                hit.range.clone(),
                hit.value,
                true,
                false,
                StreamHit::Known(occurrence),
            ));
        }
        for hit in rules.find(buf) {
            if known_ranges
                .iter()
                .any(|k| k.start < hit.range.end && hit.range.start < k.end)
                || line_allows(buf, hit.range.start)
            {
                continue;
            }
            let (line, column) = line_column(buf, hit.range.start);
            let secret = String::from_utf8_lossy(&buf[hit.range.clone()]);
            let occurrence = RuleOccurrence {
                path: "-".to_string(),
                line: self.lines_before + line,
                column,
                rule: hit.rule,
                secret_fingerprint: crate::known::value_fingerprint(&secret),
            };
            let block = rules.rules()[hit.rule]
                .def
                .keywords
                .iter()
                .any(|k| k.starts_with("-----begin"));
            found.push((
                hit.range.clone(),
                hit.rule,
                false,
                block,
                StreamHit::Rule(occurrence),
            ));
        }
        for (range, id, is_known, block, hit) in found {
            if !complete(&range, block) {
                waiting_from = Some(waiting_from.map_or(range.start, |w| w.min(range.start)));
                continue;
            }
            let key = (
                self.offset + range.start as u64,
                self.offset + range.end as u64,
                id,
                is_known,
            );
            if self.reported.insert(key) {
                emit(hit);
            }
        }
        // Carry the last STREAM_CARRY bytes from a line start, and every waiting match.
        let len = self.buf.len();
        let mut keep_from = match len.checked_sub(STREAM_CARRY) {
            None => 0,
            Some(p) => self.buf[p..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |i| p + i + 1),
        };
        if let Some(w) = waiting_from {
            let line_start = self.buf[..w]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            keep_from = keep_from.min(line_start);
        }
        self.lines_before += self.buf[..keep_from]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        self.offset += keep_from as u64;
        self.buf.drain(..keep_from);
        self.scanned = self.buf.len();
        let carried_from = self.offset;
        self.reported.retain(|&(_, end, _, _)| end > carried_from);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::known::KnownValue;

    /// A reader that hands out at most `chunk` bytes per read, as a slow writer does.
    struct Trickle<'a> {
        data: &'a [u8],
        chunk: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// However the input trickles in, the stream scan reports what one scan of the whole
    /// input reports: each occurrence once, at the same line and column, and a PEM key cut
    /// across many rounds found whole.
    #[test]
    fn a_trickled_stream_reports_what_the_whole_input_does() {
        let token = "strm-Q2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX";
        let set = KnownSet::new(vec![KnownValue {
            name: "TOKEN".into(),
            source: "t".into(),
            value: token.into(),
        }]);
        let rules = RuleSet::builtin();
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("line {i} of the log\n"));
            if i % 37 == 0 {
                text.push_str(&format!("x={token} y\n"));
            }
            if i == 200 {
                // A made-up key body: base64 characters from a fixed pseudo-random sequence.
                const B64: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
                text.push_str("-----BEGIN RSA PRIVATE KEY-----\n");
                for _ in 0..20 {
                    let row: String = (0..64)
                        .map(|_| {
                            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                            B64[(state >> 58) as usize] as char
                        })
                        .collect();
                    text.push_str(&row);
                    text.push('\n');
                }
                text.push_str("-----END RSA PRIVATE KEY-----\n");
            }
        }
        let (known, rule_hits, _) = scan_reader(&set, &rules, text.as_bytes()).expect("reads");
        assert!(
            rule_hits.len() == 1 && known.len() == 11,
            "{rule_hits:?} {}",
            known.len()
        );
        // The same key again as the very last lines, and a token on the last line without a
        // newline: both wait for the end of input.
        let key_start = text.find("-----BEGIN").expect("a key");
        let key_end = text.find("-----END").expect("a key end");
        let key = text[key_start..key_end].to_owned();
        text.push_str(&key);
        text.push_str(&format!("last {token}"));
        let (known, rule_hits, _) = scan_reader(&set, &rules, text.as_bytes()).expect("reads");
        assert!(
            rule_hits.len() == 2 && known.len() == 12,
            "{rule_hits:?} {}",
            known.len()
        );
        for chunk in [7, 100, 4096, 1 << 20] {
            let mut got_known = Vec::new();
            let mut got_rules = Vec::new();
            let reader = Trickle {
                data: text.as_bytes(),
                chunk,
            };
            scan_stream(&set, &rules, reader, &mut |hit| match hit {
                StreamHit::Known(o) => got_known.push(o),
                StreamHit::Rule(o) => got_rules.push(o),
            })
            .expect("reads");
            assert_eq!(got_known, known, "chunk {chunk}");
            assert_eq!(got_rules, rule_hits, "chunk {chunk}");
        }
    }
}
