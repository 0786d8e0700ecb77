//! source: finding Dockerfiles and reading them into `SourceFile`s. IO problems become
//! `FileError`s that name the path; nothing here knows about Dockerfile syntax.

pub use dockhand_syntax::line_index::{LineCol, LineIndex};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are reported, not read (real Dockerfiles are kilobytes; this bounds
/// memory on a mistaken argument such as a disk image).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// A Dockerfile read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found (for display).
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// Why a file could not be read, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

/// Whether a file name is one dockhand looks for in directories: `Dockerfile`,
/// `Dockerfile.*`, `Dockerfile-*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`,
/// `Containerfile.*`, `Containerfile-*`.
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Dockerfile-")
        || name.starts_with("Containerfile.")
        || name.starts_with("Containerfile-")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

/// What one command-line argument expanded to.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub errors: Vec<ReadError>,
}

/// Expands path arguments: files are taken as given (whatever their name), directories are
/// searched recursively for Dockerfile names (honouring `.gitignore`, `.ignore` and hidden
/// files as git does), and arguments with glob characters that name no file are globs.
/// Paths are returned in a stable order without duplicates.
/// With `force_exclude`, files named explicitly are subject to `exclude` too (for pre-commit,
/// which names every changed file).
pub fn discover(
    args: &[PathBuf],
    exclude: &(dyn Fn(&Path) -> bool + Sync),
    force_exclude: bool,
) -> Discovered {
    let mut out = Discovered::default();
    for arg in args {
        let text = arg.to_string_lossy();
        let is_glob = text.contains(['*', '?', '[']);
        match std::fs::symlink_metadata(arg) {
            Ok(_) => {
                // follow links for the kind check; a dangling link is reported when read
                let is_dir = std::fs::metadata(arg).map(|m| m.is_dir()).unwrap_or(false);
                if is_dir {
                    let before = out.files.len();
                    walk_dir(arg, exclude, &mut out);
                    if out.files.len() == before {
                        out.errors.push(ReadError {
                            path: arg.clone(),
                            message: "no Dockerfiles found in this directory (looked for Dockerfile, Dockerfile.*, Dockerfile-*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*, Containerfile-*)".to_string(),
                        });
                    }
                } else if !(force_exclude && exclude(arg)) {
                    out.files.push(arg.clone());
                }
            }
            Err(_) if is_glob => match glob::glob(&text) {
                Ok(paths) => {
                    let mut found = false;
                    for p in paths.flatten() {
                        if p.is_dir() {
                            walk_dir(&p, exclude, &mut out);
                        } else if !exclude(&p) {
                            out.files.push(p);
                        }
                        found = true;
                    }
                    if !found {
                        out.errors.push(ReadError {
                            path: arg.clone(),
                            message: "the pattern matches no file".to_string(),
                        });
                    }
                }
                Err(e) => out.errors.push(ReadError {
                    path: arg.clone(),
                    message: format!("invalid glob pattern: {e}"),
                }),
            },
            Err(e) => out.errors.push(ReadError {
                path: arg.clone(),
                message: io_message(&e),
            }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.files.retain(|p| seen.insert(p.clone()));
    out
}

/// Searches one directory. The walk runs on several threads (most of its time is system calls:
/// `ignore` looks for `.gitignore`, `.ignore` and `.git/info/exclude` in every directory), then
/// the files are sorted by path, which is the order of a depth-first walk that visits the
/// entries of each directory by name (`Path`'s order compares component by component).
fn walk_dir(dir: &Path, exclude: &(dyn Fn(&Path) -> bool + Sync), out: &mut Discovered) {
    use ignore::WalkState;
    use std::sync::Mutex;
    let found = Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry| {
                let (files, errors) = &mut *found.lock().unwrap_or_else(|e| e.into_inner());
                match entry {
                    Ok(e) => {
                        let is_file = e.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
                        let name = e.file_name().to_string_lossy();
                        if is_file && is_dockerfile_name(&name) && !exclude(e.path()) {
                            files.push(e.into_path());
                        }
                    }
                    Err(err) => errors.push(ReadError {
                        path: dir.to_path_buf(),
                        message: err.to_string(),
                    }),
                }
                WalkState::Continue
            })
        });
    let (mut files, mut errors) = found.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable();
    errors.sort_unstable_by(|a, b| a.message.cmp(&b.message));
    out.files.append(&mut files);
    out.errors.append(&mut errors);
}

/// A user-facing description of an IO error.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            if e.raw_os_error() == Some(40) {
                "too many levels of symbolic links (a symlink loop)".to_string()
            } else {
                e.to_string()
            }
        }
    }
}

/// Reads one file, refusing what is not a Dockerfile's text: directories, FIFOs and devices
/// (which could block forever), files over `max_size`, binary files, UTF-16, invalid UTF-8.
pub fn read_file(path: &Path, max_size: u64) -> Result<SourceFile, ReadError> {
    let err = |message: String| ReadError {
        path: path.to_path_buf(),
        message,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let dangling =
                std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if dangling && e.kind() == std::io::ErrorKind::NotFound {
                return Err(err(
                    "broken symbolic link: its target does not exist".to_string()
                ));
            }
            return Err(err(io_message(&e)));
        }
    };
    if meta.is_dir() {
        return Err(err("is a directory".to_string()));
    }
    if !meta.is_file() {
        return Err(err(
            "not a regular file (a FIFO, socket or device): not read".to_string(),
        ));
    }
    if meta.len() > max_size {
        return Err(err(format!(
            "file is too large ({} bytes; the limit is {} bytes)",
            meta.len(),
            max_size
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| err(io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // read at most one byte more than the limit, in case the file grew since stat
    file.take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(io_message(&e)))?;
    if bytes.len() as u64 > max_size {
        return Err(err(format!("file is too large (over {max_size} bytes)")));
    }
    decode(bytes)
        .map(|text| SourceFile {
            path: path.to_path_buf(),
            text,
        })
        .map_err(err)
}

/// Checks and converts file bytes to text.
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("file is UTF-16 encoded: save it as UTF-8 (Docker reads UTF-8)".to_string());
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "binary file (a NUL byte at offset {at}): not a Dockerfile"
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(format!(
                "invalid UTF-8 at line {line}, column {col} (byte offset {at}): save the file as UTF-8"
            ))
        }
    }
}

/// Whether a `.dockerignore` applies to the Dockerfile at `path`: `<name>.dockerignore`
/// beside it, or `.dockerignore` in its directory (the usual build context).
pub fn has_dockerignore(path: &Path) -> bool {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(name) = path.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        if dir.join(specific).is_file() {
            return true;
        }
    }
    dir.join(".dockerignore").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "Dockerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "Containerfile.ci",
        ] {
            assert!(is_dockerfile_name(n), "{n}");
        }
        for n in [
            "Dockerfile.dockerignore",
            "dockerfile.txt",
            "README.md",
            "Dockerfilex",
        ] {
            assert!(!is_dockerfile_name(n), "{n}");
        }
    }

    #[test]
    fn decode_rejects_binary_and_bad_encodings() {
        assert!(decode(b"FROM x\n".to_vec()).is_ok());
        assert!(decode(vec![0xFF, 0xFE, b'F', 0])
            .unwrap_err()
            .contains("UTF-16"));
        assert!(decode(b"FROM \0x".to_vec())
            .unwrap_err()
            .contains("NUL byte at offset 5"));
        let e = decode(b"FROM x\nRUN \xff\n".to_vec()).unwrap_err();
        assert!(e.contains("line 2, column 5"), "{e}");
    }
}
