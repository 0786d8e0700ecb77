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
    /// What the directory walks saw, for `file_facts_in`.
    pub listing: Listing,
}

/// What the walks saw of the folders they read, so that `file_facts_in` need not ask the file
/// system about a name it already knows is absent. The facts of a Dockerfile look for up to
/// three files beside it (`<name>.dockerignore`, `.dockerignore`, `go.mod`) and for a `.git`
/// and a `.dockerignore` in every folder above it: on a tree of Dockerfiles those failed
/// `stat`s were about half of the run's system calls, while the walk had already read every
/// one of those folders. Only the names looked for are kept; everything is absolute.
#[derive(Debug, Default)]
pub struct Listing {
    /// Each walk's root as given and as an absolute path.
    roots: Vec<(PathBuf, PathBuf)>,
    /// Folders a walk read whole (every folder it searched whose listing had no error).
    listed: std::collections::HashSet<std::ffi::OsString>,
    /// The entries of walked folders with a name `file_facts_in` looks for.
    named: std::collections::HashSet<std::ffi::OsString>,
}

impl Listing {
    /// Whether `file_facts_in` looks for entries of this name.
    fn looked_for(name: &std::ffi::OsStr) -> bool {
        name == ".git" || name == "go.mod" || name.as_encoded_bytes().ends_with(b".dockerignore")
    }

    /// `path` (as a walk names it) as an absolute path, without asking the file system.
    fn absolute(&self, path: &Path) -> Option<PathBuf> {
        self.roots
            .iter()
            .find_map(|(root, abs)| path.strip_prefix(root).ok().map(|rel| abs.join(rel)))
    }

    /// Whether the entry at `path` (absolute) may exist: false only when a walk read its folder
    /// whole and saw no entry of that name.
    fn may_exist(&self, path: &Path) -> bool {
        match path.parent() {
            Some(dir) if self.listed.contains(dir.as_os_str()) => {
                self.named.contains(path.as_os_str())
            }
            _ => true,
        }
    }

    fn merge(&mut self, other: Listing) {
        self.roots.extend(other.roots);
        self.listed.extend(other.listed);
        self.named.extend(other.named);
    }
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
    // one directory's walk names each file once: only several arguments (or a glob) can name
    // one file twice
    let mut one_walk = args.len() == 1;
    for arg in args {
        let text = arg.to_string_lossy();
        let is_glob = text.contains(['*', '?', '[']);
        if is_glob {
            one_walk = false;
        }
        match std::fs::symlink_metadata(arg) {
            Ok(_) => {
                // follow links for the kind check; a dangling link is reported when read
                let is_dir = std::fs::metadata(arg).map(|m| m.is_dir()).unwrap_or(false);
                if is_dir {
                    let before = out.files.len();
                    if walk_dir(arg, exclude, &mut out) {
                        // a link found by the walk may name a file it also found
                        one_walk = false;
                    }
                    if out.files.len() == before {
                        out.errors.push(ReadError {
                            path: arg.clone(),
                            message: "no Dockerfiles found in this directory (looked for Dockerfile, Dockerfile.*, Dockerfile-*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*, Containerfile-*)".to_string(),
                        });
                    }
                } else {
                    one_walk = false;
                    if !(force_exclude && exclude(arg)) {
                        out.files.push(arg.clone());
                    }
                }
            }
            Err(_) if is_glob => match glob::glob(&text) {
                Ok(paths) => {
                    let mut found = false;
                    for p in paths {
                        // a directory the pattern cannot read is an error for that directory,
                        // never a silent gap
                        let p = match p {
                            Ok(p) => p,
                            Err(e) => {
                                out.errors.push(ReadError {
                                    path: e.path().to_path_buf(),
                                    message: io_message(e.error()),
                                });
                                found = true;
                                continue;
                            }
                        };
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
    // The same file named twice (`a/Dockerfile ./a/Dockerfile`, a symlink and its target) is
    // linted once, where it first appears.
    if !one_walk {
        let mut seen = std::collections::HashSet::new();
        out.files.retain(|p| seen.insert(file_identity(p)));
    }
    out
}

/// What makes two paths the same file: on Unix its device and inode (one `stat`, where
/// resolving the path would read every component's link), elsewhere the resolved path; the
/// path itself when it cannot be read (the read reports it).
#[derive(PartialEq, Eq, Hash)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn file_identity(p: &Path) -> FileIdentity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata(p) {
            return FileIdentity::Inode(m.dev(), m.ino());
        }
    }
    FileIdentity::Path(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// Searches one directory. The walk runs on rayon's threads (most of its time is system
/// calls), then the files are sorted by path, which is the order of a depth-first walk that
/// visits the entries of each directory by name (`Path`'s order compares component by
/// component).
///
/// `.gitignore`, `.ignore` and `.git/info/exclude` are honoured as git does, but read here (see
/// `Ignores`), not by the `ignore` crate, which would open whatever it finds under those
/// names: a FIFO would block it and a link to `/dev/zero` would fill memory.
///
/// Written by hand rather than with `ignore`'s or `walkdir`'s walkers: those filter a folder's
/// entries while they are still reading it, so whether the folder holds an ignore file (or a
/// `.git`) had to be asked of the file system, three failed `stat`s a folder, about a fifth of
/// the walk's time on a tree of Dockerfiles. Here each folder is read whole first, and only the
/// ignore files it holds are looked at. Returns whether a file it found is a symbolic link.
fn walk_dir(dir: &Path, exclude: &(dyn Fn(&Path) -> bool + Sync), out: &mut Discovered) -> bool {
    let ignores = Ignores::new(dir);
    let walk = Walk {
        ignores: &ignores,
        exclude,
        found: Default::default(),
        listing: std::sync::Mutex::new(Listing {
            roots: vec![(ignores.root.clone(), ignores.root_abs.clone())],
            ..Listing::default()
        }),
        linked: Default::default(),
    };
    // the ignore files above the root, read as the file system answers
    let above = ignores
        .root_abs
        .parent()
        .and_then(|p| ignores.above_walk(p));
    let root_abs = ignores.root_abs.clone();
    rayon::scope(|s| walk.visit(s, dir.to_path_buf(), root_abs, above));
    let Walk {
        found,
        listing,
        linked,
        ..
    } = walk;
    let (files, mut errors) = found.into_inner().unwrap_or_else(|e| e.into_inner());
    errors.append(&mut ignores.take_errors());
    // Path order (`Path`'s `Ord`: component by component), with each path split into its
    // components once rather than once per comparison.
    let keys: Vec<Vec<std::path::Component<'_>>> =
        files.iter().map(|p| p.components().collect()).collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
    let files: Vec<PathBuf> = order.into_iter().map(|i| files[i].clone()).collect();
    errors.sort_unstable_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.files.extend(files);
    out.errors.append(&mut errors);
    out.listing
        .merge(listing.into_inner().unwrap_or_else(|e| e.into_inner()));
    linked.into_inner()
}

/// One directory walk in progress (see `walk_dir`).
struct Walk<'w> {
    ignores: &'w Ignores,
    exclude: &'w (dyn Fn(&Path) -> bool + Sync),
    /// The Dockerfiles found and the errors met, in no order.
    found: std::sync::Mutex<(Vec<PathBuf>, Vec<ReadError>)>,
    listing: std::sync::Mutex<Listing>,
    /// A Dockerfile found is a symbolic link.
    linked: std::sync::atomic::AtomicBool,
}

impl<'w> Walk<'w> {
    /// Reads the folder `dir` (as the walk names it; `abs` absolute) whole, records what
    /// `file_facts_in` looks for, keeps its Dockerfiles and spawns a visit of each folder in
    /// it that no ignore file excludes. `above` holds the ignore files that apply to `dir`.
    fn visit<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        dir: PathBuf,
        abs: PathBuf,
        above: Option<Arc<DirIgnores>>,
    ) where
        'w: 's,
    {
        let mut errors = Vec::new();
        let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = Vec::new();
        match std::fs::read_dir(&dir) {
            Ok(read) => {
                for entry in read {
                    match entry.and_then(|e| e.file_type().map(|t| (e.file_name(), t))) {
                        Ok(e) => entries.push(e),
                        Err(e) => errors.push(ReadError {
                            path: dir.clone(),
                            message: io_message(&e),
                        }),
                    }
                }
            }
            Err(e) => errors.push(ReadError {
                path: dir.clone(),
                message: io_message(&e),
            }),
        }
        let whole = errors.is_empty();
        {
            let mut listing = self.listing.lock().unwrap_or_else(|e| e.into_inner());
            for (name, _) in &entries {
                if Listing::looked_for(name) {
                    listing.named.insert(abs.join(name).into_os_string());
                }
            }
            if whole {
                listing.listed.insert(abs.clone().into_os_string());
            }
        }
        let has = |n: &str| entries.iter().any(|(name, _)| name == n);
        let node = self.ignores.folder_node(
            &abs,
            [has(".ignore"), has(".gitignore"), has(".git")],
            above,
        );
        let mut files = Vec::new();
        for (name, kind) in entries {
            let is_dir = kind.is_dir();
            if is_dir && name == ".git" {
                continue;
            }
            if !is_dir && !is_dockerfile_name(&name.to_string_lossy()) {
                // not a candidate: skipped before any ignore file is looked at
                continue;
            }
            let entry_abs = abs.join(&name);
            if Ignores::matched(node.as_deref(), &entry_abs, is_dir) {
                continue;
            }
            let path = dir.join(&name);
            if is_dir {
                let node = node.clone();
                scope.spawn(move |s| self.visit(s, path, entry_abs, node));
            } else if (kind.is_file() || kind.is_symlink()) && !(self.exclude)(&path) {
                if kind.is_symlink() {
                    self.linked
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                files.push(path);
            }
        }
        if !files.is_empty() || !errors.is_empty() {
            let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
            found.0.append(&mut files);
            found.1.append(&mut errors);
        }
    }
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
    let bytes = read_regular(path, max_size).map_err(|e| {
        let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        if dangling {
            err("broken symbolic link: its target does not exist".to_string())
        } else {
            err(e)
        }
    })?;
    decode(bytes)
        .map(|text| SourceFile {
            path: path.to_path_buf(),
            text,
        })
        .map_err(err)
}

/// The message for a file over `--max-file-size`.
fn too_large(len: Option<u64>, max_size: u64) -> String {
    match len {
        Some(len) => format!(
            "file is too large ({len} bytes; the limit is {max_size} bytes, set by --max-file-size)"
        ),
        None => format!(
            "file is too large (over {max_size} bytes; the limit is set by --max-file-size)"
        ),
    }
}

/// The bytes of a regular file of at most `max_size` bytes. The file is opened without ever
/// blocking (`O_NONBLOCK`: a FIFO or a device opens at once, and a read that would wait fails
/// instead), checked to be a regular file on the opened descriptor (so nothing can be swapped
/// in between the check and the read), and read up to `max_size + 1` bytes (a file that grows,
/// or one such as `/proc/...` whose size says 0, still cannot make it read more).
pub fn read_regular(path: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device): not read".to_string());
    }
    if meta.len() > max_size {
        return Err(too_large(Some(meta.len()), max_size));
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::WouldBlock => {
                "reading would block (a special file, not a Dockerfile): not read".to_string()
            }
            _ => io_message(&e),
        })?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(None, max_size));
    }
    Ok(bytes)
}

/// Standard input, at most `max_size` bytes (`--max-file-size` applies to it as to files):
/// reading stops one byte past the limit.
pub fn read_stdin(max_size: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading standard input: {e}"))?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(None, max_size));
    }
    Ok(bytes)
}

/// Checks and converts file bytes to text.
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("file is UTF-16 encoded: save it as UTF-8 (Docker reads UTF-8)".to_string());
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(format!(
            "binary file (a NUL byte at offset {at}): not a Dockerfile"
        ));
    }
    match String::from_utf8(bytes) {
        // A byte order mark is an encoding marker, not text (BuildKit skips it too): dropped
        // here, so that line 1's columns count from the first real character in every format.
        Ok(s) => Ok(match s.strip_prefix('\u{feff}') {
            Some(rest) => Arc::from(rest),
            None => Arc::from(s),
        }),
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

/// Folders above `dir` that are looked at for a `.dockerignore`, at most.
const MAX_LEVELS_UP: usize = 32;

/// Whether a folder above `dir`, up to the root of its git repository (the first folder with a
/// `.git`), holds a `.dockerignore`. Outside a repository nothing above `dir` counts: a folder
/// with no `.git` up to the file system's root gives no repository to bound the search. Each
/// folder's answer is kept, so a tree of files costs a `stat` or two per folder, not per file
/// and level. `dir` is absolute.
fn dockerignore_above(dir: &Path, listing: &Listing) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Per folder: (a `.git` is at or above it, a `.dockerignore` is above it up to that root).
    /// Keyed by the path's bytes (cheaper to hash than a `Path`'s components).
    static SEEN: OnceLock<Mutex<HashMap<std::ffi::OsString, (bool, bool)>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
    let known = |p: &Path| seen.lock().ok().and_then(|m| m.get(p.as_os_str()).copied());
    // the folders from `dir` up to the first one whose answer is known or that ends the walk
    let mut chain: Vec<&Path> = Vec::new();
    let mut at = dir;
    let mut answer = (false, false);
    for _ in 0..MAX_LEVELS_UP {
        if let Some(a) = known(at) {
            answer = a;
            break;
        }
        let git = at.join(".git");
        if listing.may_exist(&git) && git.exists() {
            answer = (true, false);
            if let Ok(mut m) = seen.lock() {
                m.insert(at.as_os_str().to_os_string(), answer);
            }
            break;
        }
        chain.push(at);
        match at.parent() {
            Some(up) => at = up,
            None => break,
        }
    }
    // fold back down: a folder's answer is its parent's, plus the parent's own .dockerignore
    // when the parent is inside the repository
    let parent_has = |p: &Path| {
        p.parent().is_some_and(|up| {
            let file = up.join(".dockerignore");
            listing.may_exist(&file) && file.is_file()
        })
    };
    for p in chain.into_iter().rev() {
        let (repo, found) = answer;
        answer = (repo, repo && (found || parent_has(p)));
        if let Ok(mut m) = seen.lock() {
            m.insert(p.as_os_str().to_os_string(), answer);
        }
    }
    answer.0 && answer.1
}

/// The facts about a Dockerfile's surroundings that rules use: whether an ignore file applies
/// (`<name>.dockerignore` beside it, else `.dockerignore` in its directory, as BuildKit picks
/// them) and its patterns. An ignore file that cannot be read, is larger than
/// `MAX_IGNORE_FILE_SIZE` or is not UTF-8 still counts as present, with no patterns.
pub fn file_facts(path: &Path) -> dockhand_linter::rules::FileFacts {
    file_facts_in(path, &Listing::default())
}

/// `file_facts` for a file that `discover` found: what its walks saw spares the file system
/// the questions whose answer is already known (the facts are the same).
pub fn file_facts_in(path: &Path, listing: &Listing) -> dockhand_linter::rules::FileFacts {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let abs_dir = listing.absolute(dir);
    // whether `name` in `dir` may exist (asked of the file system when the walk cannot say)
    let may_exist = |name: &std::ffi::OsStr| {
        abs_dir
            .as_ref()
            .is_none_or(|d| listing.may_exist(&d.join(name)))
    };
    let mut candidates = Vec::new();
    if let Some(name) = path.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        if may_exist(&specific) {
            candidates.push(dir.join(specific));
        }
    }
    if may_exist(".dockerignore".as_ref()) {
        candidates.push(dir.join(".dockerignore"));
    }
    let go_mod_requires = may_exist("go.mod".as_ref())
        .then(|| go_mod_requires(dir))
        .flatten();
    let folders: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => s.to_str().map(str::to_string),
            _ => None,
        })
        .collect();
    let Some(file) = candidates.into_iter().find(|c| c.is_file()) else {
        // A `.dockerignore` further up (within the repository) says the build context is
        // probably that folder (`docker build -f svc/Dockerfile .`): which ignore file applies
        // is then unknown, not missing.
        let above = abs_dir
            .or_else(|| std::path::absolute(dir).ok())
            .is_some_and(|d| dockerignore_above(&d, listing));
        return dockhand_linter::rules::FileFacts {
            has_dockerignore: if above { None } else { Some(false) },
            dockerignore: None,
            go_mod_requires,
            folders,
        };
    };
    let small = std::fs::metadata(&file).is_ok_and(|m| m.len() <= MAX_IGNORE_FILE_SIZE);
    let patterns = small
        .then(|| std::fs::read_to_string(&file).ok())
        .flatten()
        .map(|text| {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            std::sync::Arc::new(dockhand_linter::model::dockerignore::DockerIgnore::parse(
                &name, &text,
            ))
        });
    dockhand_linter::rules::FileFacts {
        has_dockerignore: Some(true),
        dockerignore: patterns,
        go_mod_requires,
        folders,
    }
}

/// Whether the `go.mod` in `dir` (beside the Dockerfile, the usual build context) has a
/// `require` directive; `None` when there is none, it is larger than `MAX_IGNORE_FILE_SIZE`
/// or it cannot be read as UTF-8. A module without one fetches nothing.
fn go_mod_requires(dir: &Path) -> Option<bool> {
    let file = dir.join("go.mod");
    if !std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() <= MAX_IGNORE_FILE_SIZE) {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    Some(text.lines().any(|l| {
        let l = l.trim_start();
        l.strip_prefix("require")
            .is_some_and(|rest| rest.starts_with([' ', '\t', '(']))
    }))
}

/// Ignore files larger than this are not used (and reported): real ones are a few kilobytes,
/// and the `ignore` crate's matchers cost several hundred bytes of memory per byte of patterns.
pub const MAX_IGNORE_FILE_SIZE: u64 = 256 * 1024;

/// The ignore files of one directory that has any, and the nearest ancestor that has any.
struct DirIgnores {
    /// `.ignore`, `.gitignore`, `.git/info/exclude`: the order in which they win.
    matchers: [Option<Gitignore>; 3],
    parent: Option<Arc<DirIgnores>>,
}

/// git's ignore rules for one walk, read lazily, one directory at a time, only from regular
/// files of at most `MAX_IGNORE_FILE_SIZE` bytes. Everything is keyed by absolute path.
struct Ignores {
    root: PathBuf,
    root_abs: PathBuf,
    errors: std::sync::Mutex<Vec<ReadError>>,
}

use ignore::gitignore::{Gitignore, GitignoreBuilder};

impl Ignores {
    fn new(root: &Path) -> Ignores {
        Ignores {
            root: root.to_path_buf(),
            root_abs: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            errors: Default::default(),
        }
    }

    fn take_errors(&self) -> Vec<ReadError> {
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// An absolute path shown as the walk names it (relative to the argument when under it).
    fn shown(&self, abs: &Path) -> PathBuf {
        match abs.strip_prefix(&self.root_abs) {
            Ok(rel) => self.root.join(rel),
            Err(_) => abs.to_path_buf(),
        }
    }

    /// Whether git would ignore the entry at `abs` (absolute) whose folder's ignore files,
    /// with those above, are `node`.
    fn matched(node: Option<&DirIgnores>, abs: &Path, is_dir: bool) -> bool {
        let mut found = [
            ignore::Match::None,
            ignore::Match::None,
            ignore::Match::None,
        ];
        let mut node = node;
        // for each kind of file the deepest match wins; then `.ignore` over `.gitignore` over
        // `exclude` (as the `ignore` crate and git order them)
        while let Some(n) = node {
            for (slot, m) in found.iter_mut().zip(&n.matchers) {
                if let (true, Some(m)) = (slot.is_none(), m) {
                    *slot = m.matched(abs, is_dir).map(|_| ());
                }
            }
            node = n.parent.as_deref();
        }
        let [a, b, c] = found;
        a.or(b).or(c).is_ignore()
    }

    /// The `DirIgnores` of the folder `dir` (absolute): `present` says whether it may hold a
    /// `.ignore`, a `.gitignore` and a `.git` (false only when its listing shows the name is
    /// absent, which then costs no `stat`); `above` is its parent's.
    fn folder_node(
        &self,
        dir: &Path,
        present: [bool; 3],
        above: Option<Arc<DirIgnores>>,
    ) -> Option<Arc<DirIgnores>> {
        let [ignore, gitignore, git] = present;
        let matchers = [
            ignore
                .then(|| self.matcher(dir, &dir.join(".ignore")))
                .flatten(),
            gitignore
                .then(|| self.matcher(dir, &dir.join(".gitignore")))
                .flatten(),
            (git && dir.join(".git").is_dir())
                .then(|| self.matcher(dir, &dir.join(".git").join("info").join("exclude")))
                .flatten(),
        ];
        if matchers.iter().any(Option::is_some) {
            Some(Arc::new(DirIgnores {
                matchers,
                parent: above,
            }))
        } else {
            above
        }
    }

    /// The ignore files that apply to the absolute directory `dir` above the walk: those of
    /// `dir` and of each folder up to the first that holds a `.git` (the repository's root,
    /// where git stops), asked of the file system (the walk has not read these folders).
    fn above_walk(&self, dir: &Path) -> Option<Arc<DirIgnores>> {
        // the folders from the repository root (or the file system's) down to `dir`
        let mut chain: Vec<&Path> = Vec::new();
        let mut d = Some(dir);
        while let Some(p) = d {
            chain.push(p);
            if p.join(".git").exists() {
                break;
            }
            d = p.parent();
        }
        let mut node = None;
        for d in chain.into_iter().rev() {
            // not listed: every name may be there (`folder_node` then asks)
            node = self.folder_node(d, [true, true, true], node);
        }
        node
    }

    /// The matcher of one ignore file, if it exists and can be used; problems are recorded.
    fn matcher(&self, dir: &Path, file: &Path) -> Option<Gitignore> {
        // most directories have no ignore file: one failed stat, no open
        std::fs::symlink_metadata(file).ok()?;
        let problem = |message: String| {
            let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
            errors.push(ReadError {
                path: self.shown(file),
                message,
            });
        };
        let bytes = match read_regular(file, MAX_IGNORE_FILE_SIZE) {
            Ok(b) => b,
            Err(m) if m == io_message(&std::io::ErrorKind::NotFound.into()) => return None,
            Err(m) => {
                problem(format!("ignore file not used: {m}"));
                return None;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut builder = GitignoreBuilder::new(dir);
        for (n, line) in text.lines().enumerate() {
            if let Err(e) = builder.add_line(Some(file.to_path_buf()), line) {
                problem(format!("ignore file line {}: {e}", n + 1));
            }
        }
        match builder.build() {
            Ok(g) => Some(g),
            Err(e) => {
                problem(format!("ignore file not used: {e}"));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` to `rel` under `root`, making the folders it needs.
    fn put(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// The paths of `files` relative to `base`, which holds them all.
    fn relative(files: &[PathBuf], base: &Path) -> Vec<PathBuf> {
        files
            .iter()
            .map(|p| p.strip_prefix(base).expect("under the base").to_path_buf())
            .collect()
    }

    /// One walk finds each file once; a link to a Dockerfile it also finds is still one file.
    #[cfg(unix)]
    #[test]
    fn a_link_beside_its_target_is_one_file() {
        let t = tempfile::tempdir().expect("tempdir");
        std::fs::write(t.path().join("Dockerfile"), "FROM scratch\n").expect("write");
        std::fs::create_dir(t.path().join("sub")).expect("mkdir");
        std::fs::write(t.path().join("sub/Dockerfile"), "FROM scratch\n").expect("write");
        let found = discover(&[t.path().to_path_buf()], &|_| false, false);
        assert_eq!(found.files.len(), 2, "{:?}", found.files);
        std::os::unix::fs::symlink("Dockerfile", t.path().join("Dockerfile.dev")).expect("link");
        let found = discover(&[t.path().to_path_buf()], &|_| false, false);
        assert_eq!(
            found.files,
            vec![t.path().join("Dockerfile"), t.path().join("sub/Dockerfile")]
        );
    }

    /// A walk of a folder inside a repository honours the ignore files above it up to the
    /// repository's root (the folder holding `.git`), and none above that root.
    #[test]
    fn ignore_files_above_the_walk_apply_up_to_the_repository_root() {
        let t = tempfile::tempdir().expect("tempdir");
        let root = t.path();
        let write = |rel: &str, text: &str| put(root, rel, text);
        std::fs::create_dir_all(root.join("repo/.git/info")).expect("mkdir");
        // above the repository: not git's, so not honoured
        write(".gitignore", "keep/\n");
        write("repo/.gitignore", "gen/\n");
        write("repo/.git/info/exclude", "tmp.Dockerfile\n");
        write("repo/app/.ignore", "old/\n");
        for f in ["keep", "gen", "old", "new"] {
            write(&format!("repo/app/svc/{f}/Dockerfile"), "FROM scratch\n");
        }
        write("repo/app/svc/tmp.Dockerfile", "FROM scratch\n");
        let walked = root.join("repo/app/svc");
        let found = discover(std::slice::from_ref(&walked), &|_| false, false);
        assert_eq!(
            relative(&found.files, &walked),
            [
                PathBuf::from("keep/Dockerfile"),
                PathBuf::from("new/Dockerfile")
            ]
        );
        assert!(found.errors.is_empty(), "{:?}", found.errors);
    }

    /// The facts of every Dockerfile a walk finds are the same whether the walk's listing
    /// answers for the folders it read or every question goes to the file system — for ignore
    /// files beside a Dockerfile (`.dockerignore`, `<name>.dockerignore`, one that is a
    /// folder), `go.mod` with and without `require`, and a `.dockerignore` above within a
    /// repository (`.git` a folder or a file) or outside one.
    #[test]
    fn the_walks_listing_changes_no_fact() {
        let t = tempfile::tempdir().expect("tempdir");
        let root = t.path();
        let write = |rel: &str, text: &str| put(root, rel, text);
        std::fs::create_dir_all(root.join("repo/.git")).expect("mkdir");
        write("repo/.dockerignore", "*.md\n");
        write("repo/a/Dockerfile", "FROM scratch\n");
        write("repo/b/Dockerfile", "FROM scratch\n");
        write("repo/b/.dockerignore", "node_modules\n");
        write("repo/c/web.Dockerfile", "FROM scratch\n");
        write("repo/c/web.Dockerfile.dockerignore", "dist\n");
        write("repo/c/.dockerignore", "other\n");
        write("repo/d/Dockerfile", "FROM scratch\n");
        write(
            "repo/d/go.mod",
            "module m\n\nrequire example.com/x v1.0.0\n",
        );
        write("repo/e/Dockerfile", "FROM scratch\n");
        write("repo/e/go.mod", "module m\n\ngo 1.26\n");
        write("repo/f/Dockerfile", "FROM scratch\n");
        std::fs::create_dir_all(root.join("repo/f/.dockerignore")).expect("mkdir");
        write("plain/deep/er/Dockerfile", "FROM scratch\n");
        write("wt/.git", "gitdir: /elsewhere\n");
        write("wt/.dockerignore", "x\n");
        write("wt/x/Dockerfile", "FROM scratch\n");

        let found = discover(&[root.to_path_buf()], &|_| false, false);
        assert_eq!(found.files.len(), 8, "{:?}", found.files);
        assert!(
            !found.listing.listed.is_empty(),
            "the walk listed its folders"
        );
        let facts: Vec<(String, dockhand_linter::rules::FileFacts)> = found
            .files
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(root).expect("under root");
                (
                    rel.to_string_lossy().into_owned(),
                    file_facts_in(p, &found.listing),
                )
            })
            .collect();
        let get = |rel: &str| &facts.iter().find(|(r, _)| r == rel).expect(rel).1;
        // beside the Dockerfile, `<name>.dockerignore` before `.dockerignore`
        assert_eq!(get("repo/b/Dockerfile").has_dockerignore, Some(true));
        assert!(get("repo/b/Dockerfile").dockerignore.is_some());
        assert_eq!(get("repo/c/web.Dockerfile").has_dockerignore, Some(true));
        // none beside, one above within the repository: unknown
        assert_eq!(get("repo/a/Dockerfile").has_dockerignore, None);
        assert_eq!(
            get("repo/f/Dockerfile").has_dockerignore,
            None,
            "a folder is no file"
        );
        assert_eq!(
            get("wt/x/Dockerfile").has_dockerignore,
            None,
            ".git may be a file"
        );
        // no repository, nothing beside: missing
        assert_eq!(
            get("plain/deep/er/Dockerfile").has_dockerignore,
            Some(false)
        );
        assert_eq!(get("repo/d/Dockerfile").go_mod_requires, Some(true));
        assert_eq!(get("repo/e/Dockerfile").go_mod_requires, Some(false));
        assert_eq!(get("repo/a/Dockerfile").go_mod_requires, None);
        // and every fact is what the file system alone answers
        for (p, (rel, with)) in found.files.iter().zip(&facts) {
            let alone = file_facts(p);
            assert_eq!(format!("{alone:?}"), format!("{with:?}"), "{rel}");
        }
    }

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

    /// A folder the walk cannot read is an error for that folder, with its path (root runs
    /// read any folder whatever its mode, so the unreadable one here is one that is gone).
    #[test]
    fn walk_errors_name_the_path_they_happened_at() {
        let t = tempfile::tempdir().expect("tempdir");
        let gone = t.path().join("gone");
        let mut out = Discovered::default();
        walk_dir(&gone, &|_| false, &mut out);
        assert!(out.files.is_empty());
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(out.errors[0].path, gone);
        assert_eq!(out.errors[0].message, "no such file or directory");
    }

    /// The walk reads each folder whole before it filters it: ignore files are found whatever
    /// their place in the listing, `.git` folders are not searched, links named like
    /// Dockerfiles count, and the listing knows every folder read and the names looked for.
    #[cfg(unix)]
    #[test]
    fn the_walk_reads_each_folder_whole() {
        let t = tempfile::tempdir().expect("tempdir");
        let root = t.path();
        for f in [
            "a/Dockerfile",
            "a/deep/Dockerfile",
            "b/Dockerfile",
            "c/.git/Dockerfile",
            "zz/x.Dockerfile",
            "zz/notes",
        ] {
            put(root, f, "FROM scratch\n");
        }
        // a `.gitignore` in `a` drops `deep`; one in `zz` (read after `x.Dockerfile` or before,
        // as the folder lists them) drops `x.Dockerfile`
        put(root, "a/.gitignore", "deep/\n");
        put(root, "zz/.gitignore", "*.Dockerfile\n");
        put(root, "b/.dockerignore", "*\n");
        std::os::unix::fs::symlink("Dockerfile", root.join("b/Dockerfile.link")).expect("link");
        let mut out = Discovered::default();
        let linked = walk_dir(root, &|_| false, &mut out);
        assert_eq!(
            relative(&out.files, root),
            [
                PathBuf::from("a/Dockerfile"),
                PathBuf::from("b/Dockerfile"),
                PathBuf::from("b/Dockerfile.link")
            ]
        );
        assert!(linked);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let abs = std::path::absolute(root).expect("absolute");
        let l = &out.listing;
        assert!(!l.may_exist(&abs.join("a/.dockerignore")));
        assert!(l.may_exist(&abs.join("b/.dockerignore")));
        assert!(l.may_exist(&abs.join("c/.git")));
        assert!(!l.may_exist(&abs.join("zz/go.mod")));
        // a folder the walk did not read may hold anything
        assert!(l.may_exist(&abs.join("c/.git/go.mod")));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(
            &*decode(b"\xef\xbb\xbfFROM x\n".to_vec()).unwrap(),
            "FROM x\n"
        );
        // only a leading one
        assert_eq!(&*decode("a\u{feff}".into()).unwrap(), "a\u{feff}");
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
