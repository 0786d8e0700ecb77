//! The one schema of a base-image family entry. The built-in table (`data/images/*.toml`, turned
//! into Rust by `build.rs`) and the `[[images]]` entries of `dockhand.toml` are both read by
//! `read_entry` into an `ImageEntry`, and both become table rows through `ImageEntry::resolved`,
//! so a user entry can say everything a built-in one says, with the same keys and meanings.
//!
//! Only `std` is used here: `build.rs` includes this file with `#[path]`. Values arrive as a small
//! `Node` tree (any TOML reader can build one); problems come back with the span of the key or
//! value at fault, for the caller to show.

/// A byte range in the text the entry was read from.
pub type Span = (usize, usize);

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value's name, as written in a data or config file.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name of the value, as written in a data or config file.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            fn from_name(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

named_enum!(Libc {
    Glibc = "glibc",
    Musl = "musl",
    /// No C library in the image (scratch, distroless static): only static binaries run.
    None = "none",
    Unknown = "unknown",
});

named_enum!(Os {
    Linux = "linux",
    Windows = "windows",
});

named_enum!(Ecosystem {
    Go = "go",
    Rust = "rust",
    Java = "java",
    Node = "node",
    Python = "python",
    DotNet = "dotnet",
    C = "c",
    Ruby = "ruby",
    Php = "php",
    Other = "other",
});

named_enum!(PackageManager {
    Apk = "apk",
    Apt = "apt",
    Dnf = "dnf",
    Microdnf = "microdnf",
    Yum = "yum",
    /// Azure Linux / CBL-Mariner.
    Tdnf = "tdnf",
    Zypper = "zypper",
    Pacman = "pacman",
    /// The image has no package manager.
    None = "none",
    Unknown = "unknown",
});

named_enum!(
    /// The image's `/bin/sh`, the shell of a shell-form `RUN` (on Windows, `cmd`).
    Shell {
        /// BusyBox `ash` (Alpine, BusyBox, Wolfi, distroless `debug`).
        Ash = "ash",
        /// `dash` (Debian, Ubuntu).
        Dash = "dash",
        /// `bash` (the RHEL family, Amazon Linux, openSUSE, Arch).
        Bash = "bash",
        /// A POSIX `/bin/sh` of unknown kind (`true` in a file).
        Sh = "sh",
        /// Windows `cmd`.
        Cmd = "cmd",
        /// No shell in the image (`false` in a file).
        None = "none",
        Unknown = "unknown",
    }
);

impl Shell {
    /// Whether the image has a shell: `None` when not known.
    pub fn present(self) -> Option<bool> {
        match self {
            Shell::None => Some(false),
            Shell::Unknown => None,
            _ => Some(true),
        }
    }

    /// Only a shell of unknown kind (`sh`) or an unknown answer: a tag may tell more.
    pub fn kind_unknown(self) -> bool {
        matches!(self, Shell::Sh | Shell::Unknown)
    }
}

named_enum!(
    /// How the table states the CA bundle. `FromAlpineBase` means "whatever the Alpine base
    /// image of that release ships", resolved from the Alpine version when facts are looked up.
    CaCerts {
        Present = "present",
        Absent = "absent",
        Unknown = "unknown",
        FromAlpineBase = "from-alpine-base",
    }
);

impl Ecosystem {
    /// A language word as users write it. Other spellings of the known languages are accepted;
    /// any other word is `Other`. `None` for "none" (no toolchain).
    fn from_word(word: &str) -> Option<Self> {
        Some(match word {
            "golang" => Ecosystem::Go,
            "jdk" => Ecosystem::Java,
            "javascript" => Ecosystem::Node,
            ".net" => Ecosystem::DotNet,
            "cpp" | "c++" => Ecosystem::C,
            "none" => return None,
            other => Ecosystem::from_name(other).unwrap_or(Ecosystem::Other),
        })
    }
}

/// A value as read from TOML. Types the schema never takes are `Other` with their TOML name.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Str(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
    Other(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A key of a table with its value, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub node: Node,
}

/// A problem with an entry. `suggest` is the word at fault and the accepted words, for a
/// "did you mean" hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub span: Span,
    /// The key the problem is under (`variants.tokens` inside a variant), or `""`.
    pub key: String,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub suggest: Option<(String, &'static [&'static str])>,
}

/// Where a key may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In an entry only.
    Entry,
    /// In a `[[images.variants]]` table only.
    Variant,
    /// In both: in a variant it replaces the entry's value for the tags it matches.
    Both,
}

/// One key of the schema, for readers, error hints and the generated documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub place: Place,
    /// What the value looks like.
    pub kind: &'static str,
    /// What it means, and what an entry that leaves it out means.
    pub doc: &'static str,
}

/// Every key, in the order documentation and `--show-settings` list them.
pub const FIELDS: &[Field] = &[
    Field {
        key: "name",
        place: Place::Entry,
        kind: "string or list of strings",
        doc: "Repository the entry covers, optionally with a registry host \
              (`ghcr.io/acme/base`; Docker Hub without one), without tag or digest. One `*` \
              stands for any text (`distroless/static*`). A list covers several repositories \
              with the same facts. Required.",
    },
    Field {
        key: "family",
        place: Place::Entry,
        kind: "string",
        doc: "Name of the family in messages. Default: the first `name`.",
    },
    Field {
        key: "libc",
        place: Place::Both,
        kind: "`glibc`, `musl`, `none`, `unknown`",
        doc: "C library of the image; `none` means only static binaries run. Default: `unknown`.",
    },
    Field {
        key: "toolchain",
        place: Place::Both,
        kind: "language or `none`",
        doc: "The image exists to compile this language (`go`, `rust`, `java`, `node`, \
              `python`, `dotnet`, `c`, `ruby`, `php`; any other word is `other`), so it should \
              not be the final image. Also sets `ecosystem` unless that is given. `none` (the \
              default): not a toolchain image.",
    },
    Field {
        key: "ca-certificates",
        place: Place::Both,
        kind: "`true`, `false`, `\"unknown\"`, `\"from-alpine-base\"`",
        doc: "A CA bundle is in the image. `from-alpine-base`: whatever the Alpine release in \
              the tag ships. Default: unknown.",
    },
    Field {
        key: "nonroot",
        place: Place::Both,
        kind: "`true`, `false`, `\"unknown\"`",
        doc: "The image's default user is not root. Default: unknown.",
    },
    Field {
        key: "users",
        place: Place::Both,
        kind: "list of strings",
        doc: "Users known to be in `/etc/passwd` (a lower bound unless `users-exhaustive`). \
              Default: none known.",
    },
    Field {
        key: "shell",
        place: Place::Both,
        kind: "`\"ash\"`, `\"dash\"`, `\"bash\"`, `\"sh\"`, `\"cmd\"`, `\"none\"`, \
               `\"unknown\"`; `true`, `false`",
        doc: "The image's `/bin/sh`, which runs shell-form `RUN` and decides the dialect its \
              scripts are read in: `ash` (BusyBox: Alpine, BusyBox, Wolfi), `dash` (Debian, \
              Ubuntu), `bash` (the RHEL family, Amazon Linux, openSUSE, Arch); `sh` (or `true`): \
              a POSIX shell of unknown kind; `cmd`: Windows, whose `RUN` runs `cmd`; `none` (or \
              `false`): no shell, so no `RUN` works. Default: unknown (read as a POSIX `sh`).",
    },
    Field {
        key: "os",
        place: Place::Entry,
        kind: "`linux`, `windows`",
        doc: "Operating system of the image. Default: `linux`.",
    },
    Field {
        key: "env",
        place: Place::Entry,
        kind: "list of strings",
        doc: "Names of every `ENV` variable the image's configuration sets (`PATH`, \
              `PYTHON_VERSION`, ...), for undefined-var: given, the list is complete; left \
              out, the image's variables are unknown and no variable counts as undefined.",
    },
    Field {
        key: "platforms",
        place: Place::Entry,
        kind: "list of strings",
        doc: "Every platform the image is published for (`linux/amd64`, `windows/amd64`), \
              for invalid-base-image-platform; an OS alone (`windows`) stands for all its \
              architectures. Left out: unknown.",
    },
    Field {
        key: "ecosystem",
        place: Place::Entry,
        kind: "language or `none`",
        doc: "The language the image is for, runtime or toolchain (`node` for `node:22`). \
              Default: the `toolchain`, else none.",
    },
    Field {
        key: "c-compiler",
        place: Place::Both,
        kind: "`true`, `false`, `\"unknown\"`",
        doc: "A C compiler (`gcc`/`cc`) is on the PATH; with one, Go defaults to \
              `CGO_ENABLED=1`. Default: unknown.",
    },
    Field {
        key: "package-manager",
        place: Place::Both,
        kind: "`apk`, `apt`, `dnf`, `microdnf`, `yum`, `tdnf`, `zypper`, `pacman`, `none`, \
               `unknown`",
        doc: "The image's package manager; `none`: it has none. Default: `unknown`.",
    },
    Field {
        key: "users-exhaustive",
        place: Place::Both,
        kind: "`true`, `false`",
        doc: "`users` is the whole of `/etc/passwd`. Default: `false`.",
    },
    Field {
        key: "alpine-version-tag",
        place: Place::Entry,
        kind: "`true`, `false`",
        doc: "The tag's leading version is an Alpine release (as in `alpine:3.20`). Default: \
              `false`.",
    },
    Field {
        key: "server",
        place: Place::Both,
        kind: "`true`, `false`",
        doc: "The image's own command is a server that runs the files put into it (`nginx`, \
              `httpd`, `php:*-fpm`): a final stage that copies an application in and \
              sets no command of its own is that application, not a base image. Default: \
              `false`.",
    },
    Field {
        key: "version-tags",
        place: Place::Entry,
        kind: "`true`, `false`",
        doc: "The image publishes tags with its own version. `false` (distroless `nonroot`, \
              `debug`; images that only publish `latest`): the only pin is a digest, so \
              floating-base-tag leaves the tag to base-image-without-digest and \
              unpinned-base-image advises a digest. Default: `true`.",
    },
    Field {
        key: "version-format",
        place: Place::Entry,
        kind: "string",
        doc: "How a pinned version of the image is written in its tags, for help messages: \
              `<major>.<minor>` (the default), `<major>.<minor>.<patch>_<build>` (Temurin), \
              `<codename>-<YYYYMMDD>` (Debian).",
    },
    Field {
        key: "fix-lines",
        place: Place::Entry,
        kind: "list of strings",
        doc: "Tag tokens naming a release line that only receives fixes (a distribution's \
              stable release such as `bookworm` or `12`, a Windows `ltsc2022`), pinned \
              enough for floating-base-tag; `<major>` stands for any bare major version \
              (Java's `21`, whose releases are updates of `21.0`). `*` stands for any text.",
    },
    Field {
        key: "rolling-tags",
        place: Place::Entry,
        kind: "list of strings",
        doc: "Tag tokens that follow a development branch with no releases (`sid`, `edge`, \
              `rawhide`): no version tag exists to pin, only a digest, so floating-base-tag \
              leaves them to base-image-without-digest.",
    },
    Field {
        key: "line-in-name",
        place: Place::Entry,
        kind: "`true`, `false`",
        doc: "The repository name carries its release line (`redhat/ubi10-minimal`): without \
              a tag it is the newest build of that line, not of any release. Default: `false`.",
    },
    Field {
        key: "alpine-releases",
        place: Place::Entry,
        kind: "list of strings",
        doc: "Which Alpine release the plain `-alpine` tag of a version was built on, as \
              `\"<version>=<alpine release>\"` (`\"1.24.4=3.22\"`), for exactly that version \
              (a moving `1.24-alpine` is never inferred); used, as \"probably\", when the tag \
              names no Alpine release.",
    },
    Field {
        key: "source",
        place: Place::Both,
        kind: "string",
        doc: "Where the facts were checked (a URL or a short citation). Default for \
              `[[images]]`: the place in the config file.",
    },
    Field {
        key: "variants",
        place: Place::Entry,
        kind: "array of tables",
        doc: "Tag variants, checked in order; the first whose `tokens` match a `-`-separated \
              token of the tag replaces the keys it sets.",
    },
    Field {
        key: "tokens",
        place: Place::Variant,
        kind: "list of strings",
        doc: "Tag tokens the variant applies to (`slim`, `alpine*`: one `*` stands for any \
              text). Required in a variant.",
    },
];

/// Keys an entry and its variants share. `None` means not set: the entry's default, or, in a
/// variant, the entry's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub libc: Option<Libc>,
    pub toolchain: Option<Option<Ecosystem>>,
    pub ca_certificates: Option<CaCerts>,
    pub nonroot: Option<Option<bool>>,
    pub users: Option<Vec<String>>,
    pub shell: Option<Shell>,
    pub c_compiler: Option<Option<bool>>,
    pub package_manager: Option<PackageManager>,
    pub users_exhaustive: Option<bool>,
    /// `server`: the image's command serves the files put into it.
    pub server: Option<bool>,
    pub source: Option<String>,
}

/// A tag variant of an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantEntry {
    pub tokens: Vec<String>,
    pub set: Facts,
}

/// One entry as written: a `[[images]]` table of a data file or of `dockhand.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageEntry {
    pub names: Vec<String>,
    pub family: Option<String>,
    pub os: Option<Os>,
    pub ecosystem: Option<Option<Ecosystem>>,
    pub alpine_version_tag: Option<bool>,
    pub facts: Facts,
    pub variants: Vec<VariantEntry>,
    /// `env`: every ENV name of the image (`None`: unknown).
    pub env: Option<Vec<String>>,
    /// `platforms`: every platform it is published for (`None`: unknown).
    pub platforms: Option<Vec<String>>,
    /// The image's tag grammar (`version-tags`, `fix-lines`, ...).
    pub tags: TagGrammar,
}

/// What an entry says about the tags its image publishes (entry keys only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagGrammar {
    /// `version-tags`; `None`: `true`.
    pub version_tags: Option<bool>,
    pub version_format: Option<String>,
    pub fix_lines: Vec<String>,
    pub rolling_tags: Vec<String>,
    pub line_in_name: bool,
    /// `(version prefix, alpine release)`, as written.
    pub alpine_releases: Vec<(String, String)>,
}

/// An entry with every default applied: what a table row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub family: String,
    pub os: Os,
    pub libc: Libc,
    pub ca_certificates: CaCerts,
    pub nonroot: Option<bool>,
    pub users: Vec<String>,
    pub users_exhaustive: bool,
    pub ecosystem: Option<Ecosystem>,
    pub toolchain: Option<Ecosystem>,
    pub c_compiler: Option<bool>,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub alpine_version_tag: bool,
    pub server: bool,
    /// `None` when the entry gives none.
    pub source: Option<String>,
    pub env: Option<Vec<String>>,
    pub platforms: Option<Vec<String>>,
}

impl ImageEntry {
    /// The entry's facts with the defaults of left-out keys.
    pub fn resolved(&self) -> Resolved {
        let f = &self.facts;
        let toolchain = f.toolchain.flatten();
        Resolved {
            family: match &self.family {
                Some(family) => family.clone(),
                None => self.names.first().cloned().unwrap_or_default(),
            },
            os: self.os.unwrap_or(Os::Linux),
            libc: f.libc.unwrap_or(Libc::Unknown),
            ca_certificates: f.ca_certificates.unwrap_or(CaCerts::Unknown),
            nonroot: f.nonroot.flatten(),
            users: f.users.clone().unwrap_or_default(),
            users_exhaustive: f.users_exhaustive.unwrap_or(false),
            ecosystem: self.ecosystem.unwrap_or(toolchain),
            toolchain,
            c_compiler: f.c_compiler.flatten(),
            shell: f.shell.unwrap_or(Shell::Unknown),
            package_manager: f.package_manager.unwrap_or(PackageManager::Unknown),
            alpine_version_tag: self.alpine_version_tag.unwrap_or(false),
            server: f.server.unwrap_or(false),
            source: f.source.clone(),
            env: self.env.clone(),
            platforms: self.platforms.clone(),
        }
    }

    /// (registry, repository pattern) of each name. A first component with a `.` or `:`, or
    /// `localhost`, is a registry host; otherwise the name is on Docker Hub (`docker.io`).
    pub fn registry_names(&self) -> Vec<(String, String)> {
        self.names
            .iter()
            .map(|n| match n.split_once('/') {
                Some((host, rest)) if host.contains(['.', ':']) || host == "localhost" => {
                    (host.to_string(), rest.to_string())
                }
                _ => ("docker.io".to_string(), n.clone()),
            })
            .collect()
    }

    /// The keys set, as `key = value` in `FIELDS` order (`name` left out), for showing settings.
    pub fn describe(&self) -> String {
        let f = &self.facts;
        let mut out: Vec<String> = Vec::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push(format!("{key} = {v}"));
            }
        };
        put("family", self.family.clone());
        describe_facts(f, &mut put);
        put("os", self.os.map(|o| o.name().to_string()));
        put("ecosystem", self.ecosystem.map(language_name));
        put("c-compiler", f.c_compiler.map(maybe_bool));
        put(
            "package-manager",
            f.package_manager.map(|p| p.name().to_string()),
        );
        put(
            "users-exhaustive",
            f.users_exhaustive.map(|b| b.to_string()),
        );
        put(
            "alpine-version-tag",
            self.alpine_version_tag.map(|b| b.to_string()),
        );
        put("source", f.source.clone());
        put(
            "env",
            self.env.as_ref().map(|v| format!("[{}]", v.join(", "))),
        );
        put(
            "platforms",
            self.platforms
                .as_ref()
                .map(|v| format!("[{}]", v.join(", "))),
        );
        if !self.variants.is_empty() {
            let tokens: Vec<String> = self.variants.iter().map(|v| v.tokens.join("|")).collect();
            put("variants", Some(format!("[{}]", tokens.join(", "))));
        }
        out.join(", ")
    }
}

fn describe_facts(f: &Facts, put: &mut impl FnMut(&str, Option<String>)) {
    put("libc", f.libc.map(|l| l.name().to_string()));
    put("toolchain", f.toolchain.map(language_name));
    put(
        "ca-certificates",
        f.ca_certificates.map(|c| match c {
            CaCerts::Present => "true".to_string(),
            CaCerts::Absent => "false".to_string(),
            other => other.name().to_string(),
        }),
    );
    put("nonroot", f.nonroot.map(maybe_bool));
    put(
        "users",
        f.users.as_ref().map(|u| format!("[{}]", u.join(", "))),
    );
    put("shell", f.shell.map(|s| s.name().to_string()));
    put("server", f.server.map(|b| b.to_string()));
}

/// `go`, or `none` for no language.
pub fn language_name(e: Option<Ecosystem>) -> String {
    e.map_or("none", Ecosystem::name).to_string()
}

/// `true`, `false` or `unknown`.
pub fn maybe_bool(b: Option<bool>) -> String {
    b.map_or("unknown".to_string(), |b| b.to_string())
}

/// Reads one entry (the keys of one `[[images]]` table; `whole` is the table's span). The
/// entry is `None` when it has a problem; every problem found is returned.
pub fn read_entry(table: &[Entry], whole: Span) -> (Option<ImageEntry>, Vec<SchemaError>) {
    let mut r = Reader::default();
    let mut e = ImageEntry::default();
    let mut has_name_key = false;
    for item in table {
        let node = &item.node;
        r.key = item.key.clone();
        match item.key.as_str() {
            "name" => {
                has_name_key = true;
                let names = match &node.value {
                    Value::Str(_) => vec![node.clone()],
                    Value::Array(items) if !items.is_empty() => items.clone(),
                    _ => {
                        r.wrong_type(node, "a string or a non-empty list of strings");
                        continue;
                    }
                };
                for n in &names {
                    if let Some(s) = r.string(n) {
                        match check_image_name(&s) {
                            Ok(()) => e.names.push(s),
                            Err(label) => r.push(
                                n.span,
                                format!("invalid image name `{s}`"),
                                label,
                                Some(NAME_HELP.to_string()),
                            ),
                        }
                    }
                }
            }
            "family" => e.family = r.nonempty_string(node),
            "os" => e.os = r.word(node, "os", Os::from_name, Os::NAMES),
            "ecosystem" => e.ecosystem = r.language(node),
            "alpine-version-tag" => e.alpine_version_tag = r.boolean(node),
            "env" => e.env = r.strings(node),
            "platforms" => e.platforms = r.strings(node),
            "version-tags" => e.tags.version_tags = r.boolean(node),
            "version-format" => e.tags.version_format = r.nonempty_string(node),
            "fix-lines" => e.tags.fix_lines = r.strings(node).unwrap_or_default(),
            "rolling-tags" => e.tags.rolling_tags = r.strings(node).unwrap_or_default(),
            "line-in-name" => e.tags.line_in_name = r.boolean(node).unwrap_or(false),
            "alpine-releases" => e.tags.alpine_releases = r.alpine_releases(node),
            "variants" => e.variants = r.variants(node),
            key => {
                if !r.fact(&mut e.facts, key, node) {
                    r.unknown_key(item, "[[images]]", false);
                }
            }
        }
    }
    if !has_name_key {
        r.key.clear();
        r.push(
            whole,
            "image family without `name`".to_string(),
            "no `name` here".to_string(),
            Some("add `name = \"mycorp/base\"`".to_string()),
        );
    }
    let ok = r.problems.is_empty();
    (ok.then_some(e), r.problems)
}

const NAME_HELP: &str = "give the repository, optionally with its registry, without a tag or \
                         digest: `mycorp/go-builder`";

/// A repository name without tag or digest: lowercase, no spaces.
fn check_image_name(name: &str) -> Result<(), String> {
    let problem = if name.trim().is_empty() {
        "empty name"
    } else if name.contains('@') {
        "a digest is not part of the family name"
    } else if name.rsplit('/').next().unwrap_or(name).contains(':') {
        "a tag is not part of the family name"
    } else if name.contains(char::is_whitespace) {
        "contains whitespace"
    } else {
        let path = name.split_once('/').map_or(name, |(first, rest)| {
            if first.contains(['.', ':']) || first == "localhost" {
                rest
            } else {
                name
            }
        });
        if !path.chars().any(|c| c.is_ascii_uppercase()) {
            return Ok(());
        }
        "repository names are lowercase"
    };
    Err(problem.to_string())
}

#[derive(Default)]
struct Reader {
    key: String,
    problems: Vec<SchemaError>,
}

impl Reader {
    fn push(&mut self, span: Span, message: String, label: String, help: Option<String>) {
        self.problems.push(SchemaError {
            span,
            key: self.key.clone(),
            message,
            label,
            help,
            suggest: None,
        });
    }

    fn unknown_key(&mut self, item: &Entry, table: &str, variant: bool) {
        let allowed: &'static [&'static str] = if variant { VARIANT_KEYS } else { ENTRY_KEYS };
        self.problems.push(SchemaError {
            span: item.key_span,
            key: item.key.clone(),
            message: format!("unknown key `{}` in `{table}`", item.key),
            label: "unknown key".to_string(),
            help: None,
            suggest: Some((item.key.clone(), allowed)),
        });
    }

    fn wrong_type(&mut self, node: &Node, expected: &str) {
        let found = match &node.value {
            Value::Bool(_) => "boolean",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Table(_) => "table",
            Value::Other(name) => name,
        };
        let message = format!("`{}` must be {expected}, found {found}", self.key);
        self.push(node.span, message, format!("expected {expected}"), None);
    }

    fn string(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, "a string");
                None
            }
        }
    }

    fn nonempty_string(&mut self, node: &Node) -> Option<String> {
        let s = self.string(node)?;
        if s.trim().is_empty() {
            let message = format!("`{}` is empty", self.key);
            self.push(node.span, message, "empty string".to_string(), None);
            return None;
        }
        Some(s)
    }

    fn boolean(&mut self, node: &Node) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, "`true` or `false`");
                None
            }
        }
    }

    /// `true`, `false` or `"unknown"`.
    fn maybe_bool(&mut self, node: &Node) -> Option<Option<bool>> {
        match &node.value {
            Value::Bool(b) => Some(Some(*b)),
            Value::Str(s) if s == "unknown" => Some(None),
            _ => {
                self.wrong_type(node, "`true` or `false`");
                if let Some(last) = self.problems.last_mut() {
                    last.help = Some("or `\"unknown\"` when it is not known".to_string());
                }
                None
            }
        }
    }

    fn strings(&mut self, node: &Node) -> Option<Vec<String>> {
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match &item.value {
                Value::Str(s) if !s.trim().is_empty() => out.push(s.clone()),
                Value::Str(_) => {
                    ok = false;
                    let message = format!("`{}` has an empty entry", self.key);
                    self.push(item.span, message, "empty string".to_string(), None);
                }
                _ => {
                    ok = false;
                    self.wrong_type(item, "an array of strings");
                    if let Some(last) = self.problems.last_mut() {
                        last.label = "expected a string".to_string();
                    }
                }
            }
        }
        ok.then_some(out)
    }

    /// `["1.24.4=3.22", ...]`: each a version prefix and an Alpine `major.minor` release.
    fn alpine_releases(&mut self, node: &Node) -> Vec<(String, String)> {
        let Some(items) = self.strings(node) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let pair = item
                .split_once('=')
                .map(|(v, a)| (v.trim().to_string(), a.trim().to_string()))
                .filter(|(v, a)| {
                    !v.is_empty()
                        && a.split_once('.').is_some_and(|(x, y)| {
                            !x.is_empty()
                                && !y.is_empty()
                                && x.bytes().chain(y.bytes()).all(|b| b.is_ascii_digit())
                        })
                });
            match pair {
                Some(p) => out.push(p),
                None => {
                    let message = format!("invalid `{}` entry `{item}`", self.key);
                    let label = "expected `<version prefix>=<alpine major.minor>`".to_string();
                    self.push(
                        node.span,
                        message,
                        label,
                        Some("`\"1.24.4=3.22\"`".to_string()),
                    );
                }
            }
        }
        out
    }

    fn word<T>(
        &mut self,
        node: &Node,
        what: &str,
        parse: fn(&str) -> Option<T>,
        names: &'static [&'static str],
    ) -> Option<T> {
        let s = self.string(node)?;
        let v = parse(&s);
        if v.is_none() {
            let expected: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            self.problems.push(SchemaError {
                span: node.span,
                key: self.key.clone(),
                message: format!("unknown {what} `{s}`"),
                label: format!("expected {}", or_list(&expected)),
                help: None,
                suggest: Some((s, names)),
            });
        }
        v
    }

    fn language(&mut self, node: &Node) -> Option<Option<Ecosystem>> {
        let s = self.string(node)?;
        let t = s.trim();
        if t.is_empty() || t.contains(char::is_whitespace) {
            let message = format!("invalid {} `{s}`", self.key);
            let label = "expected one word such as `go` or `python`".to_string();
            self.push(node.span, message, label, None);
            return None;
        }
        Some(Ecosystem::from_word(&t.to_ascii_lowercase()))
    }

    /// A key an entry and a variant share; false when `key` is not one.
    fn fact(&mut self, f: &mut Facts, key: &str, node: &Node) -> bool {
        match key {
            "libc" => f.libc = self.word(node, "libc", Libc::from_name, Libc::NAMES),
            "toolchain" => f.toolchain = self.language(node),
            "ca-certificates" => {
                f.ca_certificates = match &node.value {
                    Value::Bool(true) => Some(CaCerts::Present),
                    Value::Bool(false) => Some(CaCerts::Absent),
                    Value::Str(s) if s == "unknown" || s == "from-alpine-base" => {
                        CaCerts::from_name(s)
                    }
                    _ => {
                        self.wrong_type(node, "`true` or `false`");
                        if let Some(last) = self.problems.last_mut() {
                            last.help = Some(
                                "or `\"unknown\"`, or `\"from-alpine-base\"` for the bundle of \
                                 the Alpine release in the tag"
                                    .to_string(),
                            );
                        }
                        None
                    }
                }
            }
            "nonroot" => f.nonroot = self.maybe_bool(node),
            "users" => f.users = self.strings(node),
            "shell" => {
                f.shell = match &node.value {
                    Value::Bool(true) => Some(Shell::Sh),
                    Value::Bool(false) => Some(Shell::None),
                    Value::Str(_) => self.word(node, "shell", Shell::from_name, Shell::NAMES),
                    _ => {
                        self.wrong_type(node, "a shell name, `true` or `false`");
                        None
                    }
                }
            }
            "c-compiler" => f.c_compiler = self.maybe_bool(node),
            "package-manager" => {
                f.package_manager = self.word(
                    node,
                    "package manager",
                    PackageManager::from_name,
                    PackageManager::NAMES,
                )
            }
            "users-exhaustive" => f.users_exhaustive = self.boolean(node),
            "server" => f.server = self.boolean(node),
            "source" => f.source = self.nonempty_string(node),
            _ => return false,
        }
        true
    }

    fn variants(&mut self, node: &Node) -> Vec<VariantEntry> {
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, "an array of tables");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Table(table) = &item.value else {
                self.wrong_type(item, "an array of tables");
                continue;
            };
            let mut v = VariantEntry::default();
            let mut has_tokens = false;
            for e in table {
                self.key = format!("variants.{}", e.key);
                if e.key == "tokens" {
                    has_tokens = true;
                    match self.strings(&e.node) {
                        Some(t) if t.is_empty() => {
                            let message = "`tokens` of a variant is empty".to_string();
                            self.push(e.node.span, message, "empty list".to_string(), None);
                        }
                        Some(t) => v.tokens = t,
                        None => {}
                    }
                } else if !self.fact(&mut v.set, &e.key, &e.node) {
                    self.unknown_key(e, "[[images.variants]]", true);
                }
            }
            if !has_tokens {
                self.key = "variants".to_string();
                self.push(
                    item.span,
                    "variant without `tokens`".to_string(),
                    "no `tokens` here".to_string(),
                    Some("add `tokens = [\"slim\"]`: the tag tokens it applies to".to_string()),
                );
            }
            out.push(v);
        }
        self.key = "variants".to_string();
        out
    }
}

/// The keys of `FIELDS` allowed in an entry (`Place::Entry` or `Both`).
pub const ENTRY_KEYS: &[&str] = &[
    "name",
    "family",
    "libc",
    "toolchain",
    "ca-certificates",
    "nonroot",
    "users",
    "shell",
    "os",
    "env",
    "platforms",
    "ecosystem",
    "c-compiler",
    "package-manager",
    "users-exhaustive",
    "alpine-version-tag",
    "server",
    "version-tags",
    "version-format",
    "fix-lines",
    "rolling-tags",
    "line-in-name",
    "alpine-releases",
    "source",
    "variants",
];
/// The keys of `FIELDS` allowed in a variant (`Place::Variant` or `Both`).
pub const VARIANT_KEYS: &[&str] = &[
    "libc",
    "toolchain",
    "ca-certificates",
    "nonroot",
    "users",
    "shell",
    "c-compiler",
    "package-manager",
    "users-exhaustive",
    "server",
    "source",
    "tokens",
];

/// "`a`, `b` or `c`".
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
