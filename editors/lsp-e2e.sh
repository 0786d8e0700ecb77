#!/usr/bin/env bash
# `dockhand server` end to end with real clients: Neovim's built-in LSP client (Debian's
# neovim, 0.7), Emacs with eglot (Debian's emacs-nox and elpa-eglot), and pytest-lsp (PyPI)
# replaying the recorded capabilities of VS Code 1.65, Neovim 0.7 and 0.11 and Emacs 29. Each
# opens a Dockerfile with a non-ASCII character before a finding, receives the finding at the
# right range, applies the suppression quick fix and sees the finding go away.
#
# Installs what is missing (apt-get, and a venv under target/lsp-e2e/). Usage:
#   bash editors/lsp-e2e.sh [path/to/dockhand]     (ends with a line "N passed, M failed")
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKHAND=$(realpath "${1:-$ROOT/target/release/dockhand}")
WORK="$ROOT/target/lsp-e2e"
PYTEST_LSP_VERSION="${PYTEST_LSP_VERSION:-1.0.1}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
mkdir -p "$WORK"

passed=0
failed=0
result() {
  if [ "$1" -eq 0 ]; then
    echo "PASS: $2"
    passed=$((passed + 1))
  else
    echo "FAIL: $2"
    sed 's/^/   /' "$3" | tail -n 40
    failed=$((failed + 1))
  fi
}

need_apt=0
command -v nvim > /dev/null || need_apt=1
command -v emacs > /dev/null || need_apt=1
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* > /dev/null 2>&1 || need_apt=1
if [ "$need_apt" -eq 1 ]; then
  echo "== apt-get install neovim emacs-nox elpa-eglot"
  apt-get update -qq > "$WORK/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim emacs-nox elpa-eglot >> "$WORK/apt.log" 2>&1 \
    || { echo "apt-get failed:"; tail -n 20 "$WORK/apt.log"; }
fi
VENV="$WORK/venv"
if [ ! -x "$VENV/bin/pytest" ]; then
  echo "== pytest-lsp $PYTEST_LSP_VERSION into $VENV"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet "pytest-lsp==$PYTEST_LSP_VERSION" \
    || echo "pip install pytest-lsp failed"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# `buildé`: 7 UTF-8 bytes, 6 UTF-16 units
printf 'FROM alpine:3.22\nCOPY --from=build\xc3\xa9 /a /b\n' > "$TMP/Dockerfile"
cd "$ROOT/editors/lsp" || exit 1

log="$WORK/nvim.log"
DOCKHAND="$DOCKHAND" FILE="$TMP/Dockerfile" timeout 60 \
  nvim --headless -u NONE -i NONE -n -c 'luafile nvim_test.lua' > "$log" 2>&1
result $? "Neovim $(nvim --version 2> /dev/null | head -n 1 | cut -d' ' -f2): diagnostic at its UTF-16 range, quick fix applied, finding gone" "$log"

log="$WORK/eglot.log"
DOCKHAND="$DOCKHAND" FILE="$TMP/Dockerfile" timeout 60 \
  emacs --batch --no-init-file -l eglot_test.el > "$log" 2>&1
result $? "Emacs $(emacs --version 2> /dev/null | head -n 1 | cut -d' ' -f3) + eglot: diagnostic, quick fix applied, finding gone" "$log"

log="$WORK/pytest-lsp.log"
DOCKHAND="$DOCKHAND" timeout 300 "$VENV/bin/pytest" -q -p no:cacheprovider test_server.py > "$log" 2>&1
status=$?
result $status "pytest-lsp with VS Code 1.65, Neovim 0.7 and 0.11, Emacs 29 capabilities ($(tail -n 1 "$log"))" "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
