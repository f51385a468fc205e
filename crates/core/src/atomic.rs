//! The one way mosbot-secrets writes a user's file: a temporary file in the same directory,
//! fsync, rename over the target, fsync the directory. A crash leaves the old file or the new
//! one, never half of either. Modes are kept or tightened, never loosened.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What mode the written file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModePolicy {
    /// Keep the existing file's mode; a new file gets 0644.
    Keep,
    /// A file that holds secrets: group and other bits are cleared from the existing mode; a new
    /// file gets 0600.
    Secret,
}

/// Mode a new secret file gets.
pub const SECRET_FILE_MODE: u32 = 0o600;

/// Mode a new ordinary file gets.
pub const PLAIN_FILE_MODE: u32 = 0o644;

/// Writes `contents` to `path` atomically under `policy`. A symbolic link is followed: its target
/// is replaced, the link stays.
pub fn write_atomic(path: &Path, contents: &[u8], policy: ModePolicy) -> io::Result<()> {
    let target = resolve_links(path)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = fs::metadata(&target).ok();
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    temp.write_all(contents)?;
    set_mode_and_owner(temp.as_file(), existing.as_ref(), policy)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// The final target of `path` after following symbolic links (the path itself if none).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

#[cfg(unix)]
fn set_mode_and_owner(
    file: &fs::File,
    existing: Option<&fs::Metadata>,
    policy: ModePolicy,
) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = match (existing, policy) {
        (Some(meta), ModePolicy::Keep) => meta.mode() & 0o7777,
        (Some(meta), ModePolicy::Secret) => meta.mode() & 0o7700,
        (None, ModePolicy::Keep) => PLAIN_FILE_MODE,
        (None, ModePolicy::Secret) => SECRET_FILE_MODE,
    };
    file.set_permissions(fs::Permissions::from_mode(mode))?;
    if let Some(meta) = existing {
        // Keep the owner when we may (as root, a rename would otherwise hand the file to root).
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode_and_owner(_: &fs::File, _: Option<&fs::Metadata>, _: ModePolicy) -> io::Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Durability of the rename; not every platform can open a directory, and failing here after
    // the rename succeeded would report an error for a write that happened.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The Unix mode bits of `path` (None where the platform has none).
pub fn file_mode(path: &Path) -> io::Result<Option<u32>> {
    let meta = fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(Some(meta.permissions().mode() & 0o7777))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok(None)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_secret_file_is_0600_and_new_plain_file_0644() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join(".env");
        write_atomic(&s, b"A=1\n", ModePolicy::Secret).unwrap();
        assert_eq!(file_mode(&s).unwrap(), Some(0o600));
        let p = dir.path().join(".gitignore");
        write_atomic(&p, b".env\n", ModePolicy::Keep).unwrap();
        assert_eq!(file_mode(&p).unwrap(), Some(0o644));
    }

    #[test]
    fn secret_policy_tightens_and_keep_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join(".env");
        fs::write(&s, "old").unwrap();
        fs::set_permissions(&s, fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&s, b"new", ModePolicy::Secret).unwrap();
        assert_eq!(file_mode(&s).unwrap(), Some(0o600));
        assert_eq!(fs::read(&s).unwrap(), b"new");
        fs::set_permissions(&s, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&s, b"newer", ModePolicy::Keep).unwrap();
        assert_eq!(file_mode(&s).unwrap(), Some(0o640));
    }

    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join(".env");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new", ModePolicy::Secret).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn no_temporary_file_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join("f"), b"x", ModePolicy::Keep).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["f"]);
    }
}
