#!/usr/bin/env bash
# Fills fuzz/corpus/{parse,lint,config} with seeds: the project's fixtures, and, when it is
# there, ../shared/corpus (real Dockerfiles; never committed). Generated corpora are gitignored.
set -euo pipefail
cd "$(dirname "$0")/.."            # fuzz/
root=..
shared=${SHARED_CORPUS:-$root/../shared/corpus}
mkdir -p corpus/parse corpus/lint corpus/config

n=0
add_dockerfile() {
    local f=$1 name
    name=$(sha1sum "$f" | cut -c1-16)
    cp "$f" "corpus/parse/$name"
    # the lint target reads its first byte as option flags: 0 means the defaults
    { printf '\0'; cat "$f"; } > "corpus/lint/$name"
    n=$((n + 1))
}

while IFS= read -r -d '' f; do add_dockerfile "$f"; done \
    < <(find "$root/fixtures" "$root/tests" -type f \( -name '*Dockerfile*' -o -name '*dockerfile*' \) -print0)
if [ -d "$shared" ]; then
    # keep the seed set small enough to be useful: files under 16 KiB
    while IFS= read -r -d '' f; do add_dockerfile "$f"; done \
        < <(find "$shared/real" "$shared/buildkit-parser" -type f -size -16k \
              \( -name 'Dockerfile*' -o -name '*.Dockerfile' -o -name '*.dockerfile' \) -print0)
fi

# config seeds: every TOML file and every ```toml block in the docs
m=0
while IFS= read -r -d '' f; do
    cp "$f" "corpus/config/$(sha1sum "$f" | cut -c1-16)"; m=$((m + 1))
done < <(find "$root/fixtures" "$root/tests" "$root/examples" -type f -name '*.toml' -print0 2>/dev/null)
for md in "$root"/README.md; do
    [ -f "$md" ] || continue
    awk -v dir=corpus/config -v base="$(basename "$md")" '
        /^```toml/ { inb = 1; k++; out = dir "/doc-" base "-" k; next }
        /^```/ && inb { inb = 0; close(out); next }
        inb { print > out }
    ' "$md"
done
cat > corpus/config/full <<'TOML'
select = ["DH1", "copy-from-unknown-stage"]
ignore = ["DH402"]
extend-select = ["ALL"]
failure-threshold = "info"
exclude = ["vendor/**", "**/testdata/*"]

[severity]
DH402 = "error"

[[overrides]]
files = ["docker/*.Dockerfile"]
ignore = ["DH1"]
severity = { DH101 = "style" }

[rules.DH402]
accepted-tags = ["lts", "stable"]

[rules.DH404]
registries = ["ghcr.io", "registry.example.com:5000"]

[[images]]
name = "example.com/base/runtime"
libc = "musl"
toolchain = "go"
ca-certificates = true
nonroot = true
users = ["app", "nobody"]
shell = true
TOML
echo "seeded $n Dockerfiles (parse, lint) and $(ls corpus/config | wc -l) config files"
