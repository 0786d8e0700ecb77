#!/usr/bin/env bash
# Tests the PyPI packaging: the wheel (maturin, `bindings = "bin"`) and the `language: python`
# pre-commit hook of packaging/pre-commit-mirror/, as a user without Rust would meet them.
#
#   1. maturin (pinned, from PyPI, in its own venv) builds the wheel from this checkout;
#   2. the wheel installs into a fresh venv with no index (nothing else is needed), and its
#      `dockhand --version` is the version in Cargo.toml;
#   3. the installed `dockhand` lints fixtures/demo (exit 1, the broken demos' codes) and the
#      perfect demo clean (exit 0), with no cargo or rustc on PATH;
#   4. the mirror's versions match Cargo.toml;
#   5. `pre-commit try-repo` of the mirror (copied into a throwaway git repository) installs the
#      wheel through pip (PIP_FIND_LINKS points at the built wheel, as PyPI will serve it), fails
#      on a bad Dockerfile with its codes and passes a good one, with no cargo on PATH.
#
# Usage: bash ci/wheel-test.sh        (ends with a line "N passed, M failed")
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/target/wheel-test"
MATURIN_VERSION="${MATURIN_VERSION:-1.16.0}"
PRE_COMMIT_VERSION="${PRE_COMMIT_VERSION:-4.7.0}"
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

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A PATH with python but without cargo, rustc or rustup: what a user without Rust has.
NO_RUST_PATH=""
IFS=: read -r -a parts <<< "$PATH"
for p in "${parts[@]}"; do
  if [ -x "$p/cargo" ] || [ -x "$p/rustc" ] || [ -x "$p/rustup" ]; then
    continue
  fi
  NO_RUST_PATH="${NO_RUST_PATH:+$NO_RUST_PATH:}$p"
done

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)
echo "== dockhand $version"

# ---- 1. build the wheel
BUILD_VENV="$WORK/build-venv"
if [ ! -x "$BUILD_VENV/bin/maturin" ] || [ "$("$BUILD_VENV/bin/maturin" --version)" != "maturin $MATURIN_VERSION" ]; then
  echo "== installing maturin $MATURIN_VERSION and pre-commit $PRE_COMMIT_VERSION into $BUILD_VENV"
  rm -rf "$BUILD_VENV"
  if ! python3 -m venv "$BUILD_VENV" \
    || ! "$BUILD_VENV/bin/pip" install --quiet "maturin==$MATURIN_VERSION" "pre-commit==$PRE_COMMIT_VERSION"; then
    fail "install maturin and pre-commit from PyPI"
    finish
  fi
fi
DIST="$WORK/dist"
rm -rf "$DIST"
log="$WORK/logs/1-build.log"
echo "== maturin build --release"
if (cd "$ROOT" && "$BUILD_VENV/bin/maturin" build --release --out "$DIST") > "$log" 2>&1 \
  && wheel=$(ls "$DIST"/dockhand_lint-"$version"-py3-none-*.whl 2> /dev/null | head -n 1) && [ -n "$wheel" ]; then
  pass "maturin builds $(basename "$wheel")"
else
  fail "maturin build" "$log"
  finish
fi

# ---- 2. install into a fresh venv, offline
VENV="$TMP/user-venv"
log="$WORK/logs/2-install.log"
if python3 -m venv "$VENV" && "$VENV/bin/pip" install --no-index "$wheel" > "$log" 2>&1 \
  && [ -x "$VENV/bin/dockhand" ] \
  && [ "$(PATH="$NO_RUST_PATH" "$VENV/bin/dockhand" --version)" = "dockhand $version" ]; then
  pass "the wheel installs into a fresh venv and reports dockhand $version"
else
  fail "install the wheel and run dockhand --version" "$log"
fi

# ---- 3. the installed binary does the main job, without Rust on PATH
log="$WORK/logs/3-demo.log"
(cd "$ROOT" && PATH="$VENV/bin:$NO_RUST_PATH" dockhand fixtures/demo --format concise) > "$log" 2>&1
status=$?
if [ "$status" -eq 1 ] && grep -q 'go-naive/Dockerfile:.*DH201' "$log" && grep -q 'go-libc/Dockerfile:.*DH501' "$log" \
  && ! grep -q 'go-service/' "$log"; then
  pass "the installed dockhand lints fixtures/demo (exit 1; DH201, DH501; nothing in go-service)"
else
  fail "lint fixtures/demo with the installed dockhand (exit $status)" "$log"
fi
log="$WORK/logs/3-good.log"
(cd "$ROOT" && PATH="$VENV/bin:$NO_RUST_PATH" dockhand fixtures/demo/go-service) > "$log" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
  pass "the installed dockhand passes fixtures/demo/go-service (exit 0)"
else
  fail "lint fixtures/demo/go-service with the installed dockhand (exit $status)" "$log"
fi

# ---- 4. the mirror's versions follow Cargo.toml
MIRROR="$ROOT/packaging/pre-commit-mirror"
if grep -q "^version = \"$version\"$" "$MIRROR/pyproject.toml" \
  && grep -q "\"dockhand-lint==$version\"" "$MIRROR/pyproject.toml"; then
  pass "packaging/pre-commit-mirror pins dockhand-lint==$version"
else
  fail "packaging/pre-commit-mirror/pyproject.toml does not pin dockhand-lint==$version"
fi

# ---- 5. the language: python hook through pre-commit try-repo
HOOKREPO="$TMP/mirror"
cp -r "$MIRROR" "$HOOKREPO"
git -C "$HOOKREPO" init -q
git -C "$HOOKREPO" add -A
git -C "$HOOKREPO" -c user.name=wheel-test -c user.email=wheel-test@localhost \
  commit -q --no-verify --no-gpg-sign -m mirror
T="$TMP/project"
mkdir -p "$T/bad" "$T/good"
git -C "$T" init -q
printf 'FROM alpine:3.22\nCOPPY . /app\nCOPY --from=buidler /src /dst\n' > "$T/bad/Dockerfile"
printf 'FROM alpine:3.22 AS builder\nRUN echo hi > /hi\nFROM alpine:3.22\nCOPY --from=builder /hi /hi\n' > "$T/good/Dockerfile"
git -C "$T" add -A
git -C "$T" -c user.name=wheel-test -c user.email=wheel-test@localhost commit -q --no-verify --no-gpg-sign -m fixtures
export PRE_COMMIT_HOME="$TMP/pre-commit-home"
PC="$BUILD_VENV/bin/pre-commit"
log="$WORK/logs/5-try-repo-bad.log"
(cd "$T" && PATH="$NO_RUST_PATH" PIP_FIND_LINKS="$DIST" "$PC" try-repo "$HOOKREPO" dockhand --files bad/Dockerfile --verbose) > "$log" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -q 'DH002' "$log" && grep -q 'DH004' "$log" && grep -q 'bad/Dockerfile:2:1' "$log"; then
  pass "try-repo of the language: python hook fails on bad/Dockerfile with DH002 and DH004 (exit $status)"
else
  fail "try-repo of the mirror on bad/Dockerfile (exit $status)" "$log"
fi
log="$WORK/logs/5-try-repo-good.log"
(cd "$T" && PATH="$NO_RUST_PATH" PIP_FIND_LINKS="$DIST" "$PC" try-repo "$HOOKREPO" dockhand --files good/Dockerfile --verbose) > "$log" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q '^dockhand\.*Passed' "$log"; then
  pass "try-repo of the language: python hook passes good/Dockerfile"
else
  fail "try-repo of the mirror on good/Dockerfile (exit $status)" "$log"
fi

finish
