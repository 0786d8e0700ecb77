#!/usr/bin/env bash
# `--fix` over a copy of the corpus: how much it fixes, and that it breaks nothing.
#
#   bench/fix-corpus.sh            from the repository root (builds the release binary)
#
# Copies the corpus to a temporary folder (the corpus itself is never written), lints it with
# `--select ALL`, runs `--fix --unsafe-fixes --select ALL` on the copy, lints the result, and
# prints: files, files that did not converge, new syntax findings (DH001/DH002 findings a file
# has after fixing beyond those it had before: must be 0), findings fixed per rule and the
# findings left per rule. Exits 1 when a fix made a syntax finding.
#
# Environment:
#   CORPUS=../shared/corpus/real   the Dockerfiles
#   DOCKHAND=target/release/dockhand   the binary (built when it is the default and missing)
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/real}
DOCKHAND=${DOCKHAND:-target/release/dockhand}
if [ "$DOCKHAND" = target/release/dockhand ]; then
    cargo build --release --quiet
fi
DOCKHAND=$(realpath "$DOCKHAND")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$CORPUS" "$work/corpus"
# the corpus files are read-only; the copy must be writable for --fix
chmod -R u+w "$work/corpus"

common=(--select ALL --no-config --failure-threshold none --format json)
(cd "$work" && "$DOCKHAND" corpus "${common[@]}" > before.json) || true
(cd "$work" && "$DOCKHAND" corpus --fix --unsafe-fixes "${common[@]}" > fixed.json 2> fix.log) || true
(cd "$work" && "$DOCKHAND" corpus "${common[@]}" > after.json) || true
# a second run must find nothing left to fix
(cd "$work" && "$DOCKHAND" corpus --diff --unsafe-fixes --select ALL --no-config > again.diff 2>/dev/null) || true

python3 - "$work" <<'EOF'
import collections, json, re, sys, pathlib
work = pathlib.Path(sys.argv[1])
before = json.loads((work / "before.json").read_text())
after = json.loads((work / "after.json").read_text())
log = (work / "fix.log").read_text()

def per_file(doc, codes):
    c = collections.Counter()
    for d in doc["diagnostics"]:
        if d["code"] in codes:
            c[d["file"]] += 1
    return c

syntax = {"DH001", "DH002"}
sb, sa = per_file(before, syntax), per_file(after, syntax)
new_syntax = sum(max(0, n - sb.get(f, 0)) for f, n in sa.items())
not_converged = len(re.findall(r"did not converge", log))
reverted = len(re.findall(r"made a syntax error and were undone", log))
fixed = collections.Counter()
m = re.search(r"fixed \d+ findings? in \d+ files? \(([^)]*)\)", log)
if m:
    for part in m.group(1).split(", "):
        code, n = part.split()
        fixed[code] = int(n)
left = collections.Counter(d["code"] for d in after["diagnostics"])
had = collections.Counter(d["code"] for d in before["diagnostics"])
again = (work / "again.diff").read_text()
changed_again = again.count("\n+++ ")
print(f"files: {before['summary']['files']}")
print(f"files that did not converge: {not_converged}")
print(f"files with fixes undone for a syntax error: {reverted}")
print(f"new syntax findings: {new_syntax}")
print(f"files a second --fix would still change: {changed_again}")
print(f"findings before: {sum(had.values())}, after: {sum(left.values())}")
print("fixed per rule (findings before → fixes applied → findings left):")
for code in sorted(set(fixed) | {c for c in had if c in fixed}):
    print(f"  {code}  {had.get(code, 0):>5} → {fixed.get(code, 0):>5} → {left.get(code, 0):>5}")
print("remaining per rule:")
for code, n in sorted(left.items()):
    print(f"  {code}  {n}")
sys.exit(1 if new_syntax else 0)
EOF
