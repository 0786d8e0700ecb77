//! Target platforms as Dockerfiles spell them: Go's `GOOS`/`GOARCH`, OCI platforms
//! (`linux/arm64/v8`), Rust target triples (`aarch64-unknown-linux-musl`), all mapped to one
//! architecture name (Go's: `amd64`, `arm64`, `arm`, `386`, ...). Also every value a RUN gives
//! a variable. No findings are produced here.

use super::stage::RunFact;
use crate::span::Span;

/// A variable set in a RUN: by a `VAR=value` prefix, `export VAR=value` or `env VAR=value`.
#[derive(Debug, Clone)]
pub struct RunAssignment<'a> {
    pub value: &'a str,
    /// The word that sets it (the value for a prefix, `VAR=value` for `export`).
    pub span: Span,
}

impl RunFact {
    /// Every value this RUN gives `var`, in order (a RUN may build for several platforms).
    pub fn assignments_of<'a>(&'a self, var: &'a str) -> Vec<RunAssignment<'a>> {
        let mut out = Vec::new();
        for c in &self.commands {
            for (n, v) in &c.assignments {
                if n == var {
                    out.push(RunAssignment {
                        value: &v.value,
                        span: v.span,
                    });
                }
            }
            if matches!(c.name(), Some("export" | "env")) {
                for w in c.args() {
                    if let Some(v) = w.value.strip_prefix(var).and_then(|r| r.strip_prefix('=')) {
                        out.push(RunAssignment {
                            value: v,
                            span: w.span,
                        });
                    }
                }
            }
        }
        out
    }
}

/// Go's name for an architecture written as a `GOARCH`, an OCI platform part or a `uname -m`
/// / Rust triple prefix; `None` for what is not a CPU architecture we know.
pub fn canonical_arch(a: &str) -> Option<&'static str> {
    Some(match a.to_ascii_lowercase().as_str() {
        "amd64" | "x86_64" | "x86-64" | "x64" => "amd64",
        "arm64" | "aarch64" | "arm64v8" => "arm64",
        "arm" | "armv7" | "armv7l" | "armhf" | "armv6" | "armv6l" | "armel" | "armv7a" => "arm",
        "386" | "i386" | "i686" | "i586" | "x86" => "386",
        "ppc64le" | "powerpc64le" => "ppc64le",
        "ppc64" | "powerpc64" => "ppc64",
        "s390x" => "s390x",
        "riscv64" | "riscv64gc" => "riscv64",
        "loong64" | "loongarch64" => "loong64",
        "mips" | "mipsle" | "mips64" | "mips64le" => "mips",
        _ => return None,
    })
}

/// A platform's OS and architecture (`linux/arm64/v8` → `("linux", "arm64")`).
pub fn platform_parts(p: &str) -> Option<(&str, &'static str)> {
    let mut it = p.split('/');
    let os = it.next()?;
    let arch = canonical_arch(it.next()?)?;
    Some((os, arch))
}

/// A Rust target triple's OS family and architecture
/// (`aarch64-unknown-linux-musl` → `("linux", "arm64")`); `None` for wasm and unknown CPUs.
pub fn rust_target_parts(triple: &str) -> Option<(&'static str, &'static str)> {
    let arch = canonical_arch(triple.split('-').next()?)?;
    let os = if triple.contains("-linux") {
        "linux"
    } else if triple.contains("-windows") {
        "windows"
    } else if triple.contains("-darwin") || triple.contains("-apple") {
        "darwin"
    } else {
        "other"
    };
    Some((os, arch))
}
