#!/usr/bin/env bash
# Tests the `dockhand` hook of .pre-commit-hooks.yaml with the real pre-commit from PyPI.
#
# It installs pre-commit in a venv under target/precommit/, makes a throwaway git repository
# with bad and good Dockerfiles, and checks that:
#   1. `pre-commit try-repo <this checkout> dockhand --files bad/Dockerfile` fails with the
#      expected codes;
#   2. the same with good/Dockerfile passes;
#   3. `pre-commit run --all-files` passes the hook exactly the files dockhand looks for
#      (Dockerfile, *.dockerfile, Containerfile.*, not *.dockerignore or other files);
#   4. a plain `pre-commit run` lints only the staged Dockerfile, not the committed ones;
#   5. a commit that changes no Dockerfile skips the hook.
# pre-commit builds the hook with `cargo install --path .` (a release build: a few minutes the
# first time). CARGO_TARGET_DIR is kept under target/precommit/ so later runs reuse compiled
# dependencies. Like try-repo, the checks use the committed tree plus uncommitted changes to
# tracked files; untracked files are not seen.
#
# Usage: bash ci/precommit-test.sh        (ends with a line "N passed, M failed")
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/target/precommit"
VENV="$WORK/venv"
PRE_COMMIT_VERSION="${PRE_COMMIT_VERSION:-4.7.0}"
export PRE_COMMIT_HOME="$WORK/home"
export CARGO_TARGET_DIR="$WORK/cargo-target"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PRE_COMMIT_COLOR=never
mkdir -p "$WORK/logs"

passed=0
failed=0
pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL: $1"
  shift
  for log in "$@"; do
    echo "---- $log (last 40 lines)"
    tail -n 40 "$log"
    echo "----"
  done
  failed=$((failed + 1))
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# ---- pre-commit in a venv
if [ ! -x "$VENV/bin/pre-commit" ] || [ "$("$VENV/bin/pre-commit" --version)" != "pre-commit $PRE_COMMIT_VERSION" ]; then
  echo "== installing pre-commit $PRE_COMMIT_VERSION into $VENV"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" || ! "$VENV/bin/pip" install --quiet "pre-commit==$PRE_COMMIT_VERSION"; then
    fail "install pre-commit from PyPI"
    finish
  fi
fi
PC="$VENV/bin/pre-commit"
"$PC" --version

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The repository and revision the config-based checks use: this checkout at HEAD, or (when
# tracked files have uncommitted changes) a clone with those changes committed, as try-repo
# does.
REPO="$ROOT"
REV=$(git -C "$ROOT" rev-parse HEAD)
if ! git -C "$ROOT" diff --quiet HEAD; then
  echo "== uncommitted changes: testing a temporary commit of them"
  REPO="$TMP/shadow"
  git clone -q "$ROOT" "$REPO"
  git -C "$REPO" checkout -q "$REV"
  git -C "$ROOT" diff --binary HEAD | git -C "$REPO" apply --index
  git -C "$REPO" -c user.name=precommit-test -c user.email=precommit-test@localhost \
    commit -q --no-verify --no-gpg-sign -m "uncommitted changes"
  REV=$(git -C "$REPO" rev-parse HEAD)
fi

# ---- the throwaway repository
T="$TMP/project"
mkdir -p "$T/bad" "$T/good"
cd "$T" || exit 1
git init -q
git config user.name precommit-test
git config user.email precommit-test@localhost
git config commit.gpgsign false
# DH002 (unknown instruction) and DH004 (COPY --from names no stage)
printf 'FROM alpine:3.22\nCOPPY . /app\nCOPY --from=buidler /src /dst\n' > bad/Dockerfile
# a name identify does not type as dockerfile, but dockhand lints
printf 'FROM alpine:3.22\nRUNN echo hi\n' > bad/app.dockerfile
printf 'FROM alpine:3.22 AS builder\nRUN echo hi > /hi\nFROM alpine:3.22\nCOPY --from=builder /hi /hi\n' > good/Dockerfile
printf 'FROM alpine:3.22\nRUN echo ci\n' > good/Containerfile.ci
# files the hook must not be given: each would produce a finding if it were linted
printf 'POISONIGNORE x\n' > bad/Dockerfile.dockerignore
printf 'POISONTEXT x\n' > notes.txt
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $REPO
    rev: $REV
    hooks:
      - id: dockhand
EOF
git add -A
git commit -q -m "fixtures"

# sum of the "in N file(s)" / "in K of N files" counts of dockhand's summary lines (pre-commit may run several
# dockhand processes, each printing a summary)
files_linted() {
  # "in 4 files" or "in 2 of 4 files": the last number is how many were linted
  grep -oE ' in ([0-9]+ of )?[0-9]+ files?' "$1" | awk '{ n += $(NF - 1) } END { print n + 0 }'
}

# ---- 1. try-repo on the bad Dockerfile
log="$WORK/logs/1-try-repo-bad.log"
echo "== pre-commit try-repo $ROOT dockhand --files bad/Dockerfile"
"$PC" try-repo "$ROOT" dockhand --files bad/Dockerfile --verbose > "$log" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -q 'DH002' "$log" && grep -q 'DH004' "$log" \
  && grep -q 'bad/Dockerfile:2:1' "$log" && grep -q 'bad/Dockerfile:3:' "$log"; then
  pass "try-repo fails on bad/Dockerfile with DH002 and DH004 (exit $status)"
else
  fail "try-repo on bad/Dockerfile (exit $status): expected failure with DH002 and DH004" "$log"
fi

# ---- 2. try-repo on the good Dockerfile
log="$WORK/logs/2-try-repo-good.log"
echo "== pre-commit try-repo $ROOT dockhand --files good/Dockerfile"
"$PC" try-repo "$ROOT" dockhand --files good/Dockerfile --verbose > "$log" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q '^dockhand\.*Passed' "$log" && grep -qi 'no findings in 1 file' "$log"; then
  pass "try-repo passes on good/Dockerfile"
else
  fail "try-repo on good/Dockerfile (exit $status): expected Passed" "$log"
fi

# ---- 3. run --all-files: which files reach the hook
log="$WORK/logs/3-all-files.log"
echo "== pre-commit run --all-files (repo $REPO at $REV)"
"$PC" run --all-files --verbose > "$log" 2>&1
status=$?
n=$(files_linted "$log")
if [ "$status" -ne 0 ] && grep -q 'bad/Dockerfile:2:1' "$log" && grep -q 'bad/app.dockerfile:2:1' "$log" \
  && ! grep -q 'POISON' "$log" && [ "$n" -eq 4 ]; then
  pass "--all-files lints the 4 Dockerfiles (incl. *.dockerfile, Containerfile.ci), not .dockerignore or notes.txt"
else
  fail "--all-files (exit $status, $n files linted): expected failure, 4 files, no POISON" "$log"
fi

# ---- 4. only the changed file is linted
log="$WORK/logs/4-changed-only.log"
echo "== pre-commit run after changing only good/Dockerfile"
printf 'FROM alpine:3.22\nRUNN echo broken\n' > good/Dockerfile
git add good/Dockerfile
"$PC" run --verbose > "$log" 2>&1
status=$?
n=$(files_linted "$log")
if [ "$status" -ne 0 ] && grep -q 'good/Dockerfile:2:1' "$log" && ! grep -q 'bad/' "$log" && [ "$n" -eq 1 ]; then
  pass "a plain run lints only the staged good/Dockerfile (1 file), not the committed bad ones"
else
  fail "changed-only run (exit $status, $n files linted): expected failure on good/Dockerfile alone" "$log"
fi
git reset -q --hard

# ---- 5. a change to no Dockerfile skips the hook
log="$WORK/logs/5-no-dockerfile.log"
echo "== pre-commit run after changing only notes.txt"
echo "more" >> notes.txt
git add notes.txt
"$PC" run > "$log" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q '^dockhand.*(no files to check)Skipped' "$log"; then
  pass "a change to notes.txt alone skips the hook"
else
  fail "run with only notes.txt staged (exit $status): expected Skipped" "$log"
fi

finish
