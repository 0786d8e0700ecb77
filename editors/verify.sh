#!/usr/bin/env bash
# Checks the editor integrations in editors/ with the editors installed here, running the
# exact files README.md shows. An editor that is not installed is skipped (SKIP line).
#
#   vim     editors/vim/compiler/dockhand.vim: `:compiler dockhand`, `:make`, the quickfix list
#   vim+ALE editors/vim/ale_linters/dockerfile/dockhand.vim: `:ALELint` on an unsaved buffer
#           (needs ALE: Debian's vim-ale, or ALE_DIR=/path/to/ale)
#   nvim    editors/nvim/dockhand.lua through editors/test/nvim_lint_harness.lua, which stands
#           in for nvim-lint (not packaged here): runs the linter definition as nvim-lint does
#   emacs   editors/emacs/flymake-dockhand.el: the backend called on an unsaved buffer
#   vscode  editors/vscode/tasks.json: its problem matcher regexp applied with node (VS Code
#           itself cannot run here)
#
# Every check lints the same project: a Dockerfile with an error, a warning, an info finding
# and a non-ASCII character before a finding, and a dockhand.toml next to it that raises
# DH004 to error. The stdin-based integrations run from / so that the config can only be
# found through --stdin-filename.
#
# Usage: bash editors/verify.sh [DOCKHAND]   (default: target/release/dockhand, built if
# missing). Install the editors with: apt-get install -y vim vim-ale neovim emacs-nox nodejs
# Ends with a line "N passed, M failed, K skipped".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ED="$ROOT/editors"
DOCKHAND="${1:-$ROOT/target/release/dockhand}"
if [ ! -x "$DOCKHAND" ]; then
  (cd "$ROOT" && cargo build --release --quiet) || exit 1
fi
DOCKHAND=$(cd "$(dirname "$DOCKHAND")" && pwd)/$(basename "$DOCKHAND")
ALE_DIR="${ALE_DIR:-/usr/share/vim-ale}"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/bin" "$TMP/proj"
ln -s "$DOCKHAND" "$TMP/bin/dockhand"
export PATH="$TMP/bin:$PATH"

P="$TMP/proj"
cat > "$P/Dockerfile" <<'EOF'
FROM alpine:3.22
COPPY . /app
# dockhand ignore=DH003
COPY --chown=zoë --from=buidler /src /dst
FROM alpine:3.22
COPY --from=0 /dst /dst
EOF
printf '[severity]\nDH004 = "error"\n' > "$P/dockhand.toml"

passed=0
failed=0
skipped=0
# name, expected file, actual file
compare() {
  if diff -u "$2" "$3" > "$TMP/diff"; then
    echo "PASS: $1"
    sed 's/^/   | /' "$3"
    passed=$((passed + 1))
  else
    echo "FAIL: $1"
    sed 's/^/   /' "$TMP/diff"
    failed=$((failed + 1))
  fi
}
skip() {
  echo "SKIP: $1"
  skipped=$((skipped + 1))
}
# Whether README.md shows each given file verbatim (ci/shown-verbatim.py).
shown_verbatim() {
  python3 "$ROOT/ci/shown-verbatim.py" "$@"
}

if shown_verbatim editors/vim/compiler/dockhand.vim editors/vim/ale_linters/dockerfile/dockhand.vim \
  editors/nvim/dockhand.lua editors/emacs/flymake-dockhand.el editors/vscode/tasks.json; then
  echo "PASS: the docs show each file of editors/ verbatim"
  passed=$((passed + 1))
else
  echo "FAIL: the docs show each file of editors/ verbatim"
  failed=$((failed + 1))
fi

# ---- the CLI behaviour the integrations rely on
# shellcheck disable=SC2094 # --stdin-filename only names the input, nothing writes it
(cd / && dockhand --format gnu --stdin-filename "$P/Dockerfile" - < "$P/Dockerfile") > "$TMP/cli.out"
cat > "$TMP/cli.expected" <<EOF
$P/Dockerfile:2:1: error: unknown instruction \`COPPY\` [DH002]
$P/Dockerfile:3:19: warning: suppression of \`DH003\` matched no finding [DH007]
$P/Dockerfile:4:25: error: \`--from=buidler\` names no earlier stage [DH004]
$P/Dockerfile:6:13: note: \`--from=0\` names stage 0 by its index [DH006]
EOF
compare "dockhand --stdin-filename reports that name and finds its dockhand.toml (DH004 is an error)" \
  "$TMP/cli.expected" "$TMP/cli.out"

# ---- Vim: compiler plugin, :make, quickfix list
if command -v vim > /dev/null; then
  (cd "$P" && vim -Nu NONE -i NONE -Es \
    -c "set rtp^=$ED/vim" -c 'edit Dockerfile' -c 'compiler dockhand' -c 'silent make' \
    -c "call writefile(map(getqflist(), 'bufname(v:val.bufnr) . \":\" . v:val.lnum . \":\" . v:val.col . \" \" . v:val.type . \" \" . v:val.text'), '$TMP/vim.out')" \
    -c 'qa!') > /dev/null 2>&1
  cat > "$TMP/vim.expected" <<'EOF'
Dockerfile:2:1 e unknown instruction `COPPY` [DH002]
Dockerfile:3:19 w suppression of `DH003` matched no finding [DH007]
Dockerfile:4:25 e `--from=buidler` names no earlier stage [DH004]
Dockerfile:6:13 n `--from=0` names stage 0 by its index [DH006]
EOF
  compare "vim: :compiler dockhand + :make fill the quickfix list (file:line:col type text)" \
    "$TMP/vim.expected" "$TMP/vim.out"
else
  skip "vim: not installed"
fi

# ---- Vim + ALE: the linter definition, on an unsaved buffer, through stdin
if command -v vim > /dev/null && [ -f "$ALE_DIR/plugin/ale.vim" ]; then
  cat > "$TMP/ale.vim" <<EOF
set nocompatible
let &runtimepath = '$ALE_DIR,' . &runtimepath . ',$ED/vim'
filetype plugin on
let g:ale_linters = {'dockerfile': ['dockhand']}
runtime plugin/ale.vim
edit $P/Dockerfile
call append('\$', 'RUNN echo unsaved')
ALELint
let s:n = 0
while ale#engine#IsCheckingBuffer(bufnr('')) && s:n < 100
  sleep 100m
  let s:n += 1
endwhile
let s:list = get(get(g:, 'ale_buffer_info', {}), bufnr(''), {'loclist': []}).loclist
call writefile(map(s:list, 'v:val.lnum . ":" . v:val.col . " " . v:val.type . " " . v:val.code . " " . v:val.text'), '$TMP/ale.out')
qa!
EOF
  (cd / && timeout 60 vim -Nu NONE -i NONE -Es -S "$TMP/ale.vim") > /dev/null 2>&1
  # 4:26: dockhand's column 25 is byte 26 (ë is two bytes)
  cat > "$TMP/ale.expected" <<'EOF'
2:1 E DH002 unknown instruction `COPPY`
3:19 W DH007 suppression of `DH003` matched no finding
4:26 E DH004 `--from=buidler` names no earlier stage
6:13 I DH006 `--from=0` names stage 0 by its index
7:1 E DH002 unknown instruction `RUNN`
EOF
  compare "vim+ALE ($ALE_DIR): :ALELint on the unsaved buffer (line:bytecol type code text)" \
    "$TMP/ale.expected" "$TMP/ale.out"
else
  skip "vim+ALE: vim or ALE ($ALE_DIR) not installed"
fi

# ---- Neovim: the nvim-lint definition, run as nvim-lint runs it
if command -v nvim > /dev/null; then
  (cd / && DH_OUT="$TMP/nvim.json" timeout 60 nvim --headless -u NONE -i NONE \
    -c 'call append("$", "RUNN echo unsaved")' \
    -c "luafile $ED/test/nvim_lint_harness.lua" -c 'qa!' "$P/Dockerfile") > /dev/null 2>&1
  python3 - "$TMP/nvim.json" > "$TMP/nvim.out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(r["cmd"][:-2]), "<path>", r["cmd"][-1])
for d in r["diagnostics"]:
    print(f'{d["lnum"]}:{d["col"]}-{d["end_lnum"]}:{d["end_col"]} sev={d["severity"]} {d["code"]} {d["source"]}: {d["message"].splitlines()[0]}')
EOF
  # 0-based lines and byte columns, end exclusive; severity 1 error, 2 warn, 3 info
  cat > "$TMP/nvim.expected" <<'EOF'
dockhand --format json --stdin-filename <path> -
1:0-1:5 sev=1 DH002 dockhand: unknown instruction `COPPY`
2:18-2:23 sev=2 DH007 dockhand: suppression of `DH003` matched no finding
3:25-3:32 sev=1 DH004 dockhand: `--from=buidler` names no earlier stage
5:12-5:13 sev=3 DH006 dockhand: `--from=0` names stage 0 by its index
6:0-6:4 sev=1 DH002 dockhand: unknown instruction `RUNN`
EOF
  compare "nvim $(nvim --version | head -n 1 | cut -d' ' -f2): the nvim-lint definition on the unsaved buffer (vim.diagnostic.get)" \
    "$TMP/nvim.expected" "$TMP/nvim.out"
else
  skip "nvim: not installed"
fi

# ---- Emacs: the flymake backend, on an unsaved buffer
if command -v emacs > /dev/null; then
  (cd / && timeout 60 emacs --batch -Q -l "$ED/emacs/flymake-dockhand.el" \
    -l "$ED/test/emacs-harness.el" "$P/Dockerfile" "$TMP/emacs.out") > "$TMP/emacs.log" 2>&1
  # columns are characters here, as in dockhand; the region ends where Flymake puts it
  cat > "$TMP/emacs.expected" <<'EOF'
2:1-6 :error unknown instruction `COPPY` [DH002]
3:19-24 :warning suppression of `DH003` matched no finding [DH007]
4:25-32 :error `--from=buidler` names no earlier stage [DH004]
6:13-14 :note `--from=0` names stage 0 by its index [DH006]
7:1-5 :error unknown instruction `RUNN` [DH002]
EOF
  touch "$TMP/emacs.out"
  compare "emacs $(emacs --version | head -n 1 | cut -d' ' -f3): flymake-dockhand on the unsaved buffer (line:col-endcol type text)" \
    "$TMP/emacs.expected" "$TMP/emacs.out"
else
  skip "emacs: not installed"
fi

# ---- VS Code: the problem matcher of tasks.json
if command -v node > /dev/null; then
  (cd "$P" && dockhand --format gnu . | node "$ED/test/vscode-matcher.js" "$ED/vscode/tasks.json") > "$TMP/vscode.out"
  cat > "$TMP/vscode.expected" <<'EOF'
{"task":"dockhand: lint","owner":"dockhand","file":"Dockerfile","line":2,"column":1,"severity":"error","message":"unknown instruction `COPPY`","code":"DH002"}
{"task":"dockhand: lint","owner":"dockhand","file":"Dockerfile","line":3,"column":19,"severity":"warning","message":"suppression of `DH003` matched no finding","code":"DH007"}
{"task":"dockhand: lint","owner":"dockhand","file":"Dockerfile","line":4,"column":25,"severity":"error","message":"`--from=buidler` names no earlier stage","code":"DH004"}
{"task":"dockhand: lint","owner":"dockhand","file":"Dockerfile","line":6,"column":13,"severity":"info","message":"`--from=0` names stage 0 by its index","code":"DH006"}
EOF
  compare "vscode: the tasks.json problem matcher on dockhand's gnu output (node RegExp)" \
    "$TMP/vscode.expected" "$TMP/vscode.out"
else
  skip "vscode: node not installed"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
