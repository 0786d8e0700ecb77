//! glob: the one name-matching helper of the model, for file names (`requirements*.txt`,
//! `go.[ms]*`), image repository patterns (`distroless/static*`) and tag tokens (`alpine*`).

/// Whether `name` matches `pattern`, byte-wise: `*` is any text (possibly empty), `?` one
/// byte, `[...]` one byte of a set (`[a-z]`, `[!x]`); everything else stands for itself.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p = pattern.as_bytes();
    let n = name.as_bytes();
    // iterative matcher with one backtrack point for `*` (linear enough for file names)
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                b'*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                b'?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                b'[' => {
                    if let Some(close) = p[pi + 1..].iter().position(|&c| c == b']') {
                        let set = &p[pi + 1..pi + 1 + close];
                        let (neg, set) = match set.first() {
                            Some(b'!' | b'^') => (true, &set[1..]),
                            _ => (false, set),
                        };
                        let mut hit = false;
                        let mut i = 0;
                        while i < set.len() {
                            if i + 2 < set.len() && set[i + 1] == b'-' {
                                hit |= set[i] <= n[ni] && n[ni] <= set[i + 2];
                                i += 3;
                            } else {
                                hit |= set[i] == n[ni];
                                i += 1;
                            }
                        }
                        if hit != neg {
                            pi += close + 2;
                            ni += 1;
                            continue;
                        }
                    } else if n[ni] == b'[' {
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                }
                c if c == n[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn file_names() {
        assert!(glob_match("requirements*.txt", "requirements-dev.txt"));
        assert!(glob_match("go.[ms]*", "go.mod"));
        assert!(!glob_match("go.[!ms]*", "go.mod"));
        assert!(glob_match("?.txt", "a.txt"));
        assert!(!glob_match("*.csproj", "App.fsproj"));
    }

    #[test]
    fn image_names_and_tokens() {
        assert!(glob_match("ubi*minimal", "ubi9/ubi-minimal"));
        assert!(glob_match("ubi*minimal", "ubi8-minimal"));
        assert!(!glob_match("ubi*minimal", "ubi9"));
        assert!(glob_match("distroless/static*", "distroless/static"));
        assert!(glob_match("alpine*", "alpine3.20"));
        assert!(glob_match("2.*", "2.0"));
        assert!(!glob_match("2.*", "20"));
        assert!(!glob_match("a*a", "a"));
        assert!(glob_match("golang", "golang") && !glob_match("golang", "golan"));
    }
}
