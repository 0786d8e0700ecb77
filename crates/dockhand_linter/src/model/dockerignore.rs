//! dockerignore: the patterns of a `.dockerignore`, read and matched with Docker's semantics
//! (moby/patternmatcher): one pattern a line, `#` comments, blank lines skipped, each pattern
//! cleaned like a path and anchored at the context root (`*.md` is a root file only, unlike
//! `.gitignore`), `*` and `?` within one path segment, `[...]` classes, `**` for any number of
//! segments, `!` for exceptions, the last matching pattern wins, and a path is excluded when
//! it or a parent directory matches.
//!
//! Hand-written rather than taken from a crate: the `ignore` crate (gitignore) and `globset`
//! differ from Docker in anchoring and in how parents match, and no maintained crate follows
//! patternmatcher. The text is parsed once per file by the source layer; rules only match.
//! Matching is linear in the pattern and path per `**`-free pattern and O(segments²) with `**`.

use super::glob::glob_match;

/// One pattern, split into path segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    /// As written, cleaned (no `!`).
    pub text: String,
    /// `!pattern`: an exception that re-includes paths.
    pub exclusion: bool,
    segments: Vec<String>,
}

/// The patterns of one ignore file, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<IgnorePattern>,
    /// Which file they came from (`.dockerignore`, `app.Dockerfile.dockerignore`), for
    /// messages.
    pub file_name: String,
}

/// Cleans a path as Go's `filepath.Clean` does for slash paths, without the leading `/`.
fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

impl DockerIgnore {
    /// Reads the text of an ignore file.
    pub fn parse(file_name: &str, text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exclusion, rest) = match line.strip_prefix('!') {
                Some(r) => (true, r.trim()),
                None => (false, line),
            };
            let text = clean(rest);
            if text.is_empty() {
                continue;
            }
            let segments = text.split('/').map(str::to_string).collect();
            patterns.push(IgnorePattern {
                text,
                exclusion,
                segments,
            });
        }
        DockerIgnore {
            patterns,
            file_name: file_name.to_string(),
        }
    }

    /// Whether any pattern is an exception (`!keep.txt`).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// The pattern that excludes `path` (a context path), if the last pattern matching it or
    /// one of its parent directories is not an exception.
    pub fn excluded_by(&self, path: &str) -> Option<&IgnorePattern> {
        let path = clean(path);
        let segs: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').collect()
        };
        let mut last = None;
        for p in &self.patterns {
            // the path itself or any parent directory
            let hit = (1..=segs.len()).any(|n| p.matches(&segs[..n]));
            if hit {
                last = Some(p);
            }
        }
        last.filter(|p| !p.exclusion)
    }
}

impl IgnorePattern {
    /// Whether the pattern matches exactly these path segments.
    fn matches(&self, path: &[&str]) -> bool {
        let pat = &self.segments;
        // reach[j]: pattern prefix of length i matches path prefix of length j
        let mut reach = vec![false; path.len() + 1];
        reach[0] = true;
        for seg in pat {
            let mut next = vec![false; path.len() + 1];
            if seg == "**" {
                // zero or more segments
                let mut any = false;
                for j in 0..=path.len() {
                    any |= reach[j];
                    next[j] = any;
                }
            } else {
                for j in 0..path.len() {
                    if reach[j] && glob_match(seg, path[j]) {
                        next[j + 1] = true;
                    }
                }
            }
            reach = next;
        }
        reach[path.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ig(text: &str) -> DockerIgnore {
        DockerIgnore::parse(".dockerignore", text)
    }

    #[test]
    fn anchored_parents_and_double_star() {
        let d = ig("# comment\n\nnode_modules\n*.md\n/build/\n**/*.log\n./tmp/../cache\n");
        assert!(d.excluded_by("node_modules").is_some());
        assert!(d.excluded_by("node_modules/x/y.js").is_some());
        assert!(d.excluded_by("README.md").is_some());
        assert!(
            d.excluded_by("docs/README.md").is_none(),
            "anchored at the root"
        );
        assert!(d.excluded_by("build/out").is_some());
        assert!(d.excluded_by("a/b/c.log").is_some());
        assert!(
            d.excluded_by("c.log").is_some(),
            "** matches no segment too"
        );
        assert!(d.excluded_by("cache/x").is_some());
        assert!(d.excluded_by("src/main.rs").is_none());
        assert!(d.excluded_by("./node_modules").is_some());
    }

    #[test]
    fn last_match_wins() {
        let d = ig("*.md\n!README.md\n");
        assert!(d.has_exclusions());
        assert!(d.excluded_by("README.md").is_none());
        assert!(d.excluded_by("CHANGES.md").is_some());
        let d = ig("!README.md\n*.md\n");
        assert!(d.excluded_by("README.md").is_some());
    }
}
