#!/usr/bin/env bash
# dockhand's human output in a real terminal: tmux at 80 columns, COLUMNS unset, so the width
# can only come from the terminal itself. For each case it runs dockhand in the pane, captures
# it (`capture-pane -p -J`: lines the terminal wrapped are joined again, so a line drawn wider
# than the terminal shows at its full width), and checks that
#   - no line is wider than 80 columns, and the widest is near 80 (the width was detected,
#     not a default of 100, nor something narrow);
#   - every snippet box is whole: each `╭─[` has its `╰────`, the gutter `│` lines between;
#   - every finding has its `help:` line, and no line of a help text cuts a code span (an odd
#     number of backticks on a line);
#   - the summary line is there.
# Installs tmux with apt-get when it is missing.
#
# Usage: bash ci/tmux-test.sh [path/to/dockhand]     (ends with a line "N passed, M failed")
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKHAND=$(realpath "${1:-$ROOT/target/release/dockhand}")
WORK="$ROOT/target/tmux-test"
COLS=80
mkdir -p "$WORK"

if ! command -v tmux > /dev/null; then
  echo "== apt-get install tmux"
  apt-get update -qq > "$WORK/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >> "$WORK/apt.log" 2>&1 \
    || { echo "apt-get failed:"; tail -n 20 "$WORK/apt.log"; exit 1; }
fi

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

SOCKET="dockhand-tmux-test-$$"
cleanup() { tmux -L "$SOCKET" kill-server > /dev/null 2>&1 || true; }
trap cleanup EXIT

# run_case NAME DIR ARGS...: runs dockhand ARGS in a fresh 80-column pane, in DIR (relative
# to the repository root); the capture goes to $WORK/NAME.txt
run_case() {
  local name=$1 dir=$2
  shift 2
  local out="$WORK/$name.txt" done="$WORK/$name.done"
  rm -f "$out" "$done"
  local cmd
  cmd="cd $(printf %q "$ROOT/$dir") && env -u COLUMNS -u LINES NO_COLOR=1 $(printf %q "$DOCKHAND")"
  for a in "$@"; do cmd+=" $(printf %q "$a")"; done
  cmd+="; touch $(printf %q "$done"); sleep 600"
  tmux -L "$SOCKET" -f /dev/null new-session -d -s "$name" -x "$COLS" -y 50 \
    "bash --norc --noprofile -c $(printf %q "$cmd")"
  tmux -L "$SOCKET" set-option -t "$name" history-limit 20000 > /dev/null
  for _ in $(seq 1 300); do
    [ -e "$done" ] && break
    sleep 0.1
  done
  if [ ! -e "$done" ]; then
    fail "$name: dockhand did not finish in 30 s"
    return 1
  fi
  local width
  width=$(tmux -L "$SOCKET" display-message -p -t "$name" '#{pane_width}')
  if [ "$width" != "$COLS" ]; then
    fail "$name: the pane is $width columns, not $COLS"
    return 1
  fi
  tmux -L "$SOCKET" capture-pane -p -J -S - -E - -t "$name" > "$out"
  tmux -L "$SOCKET" kill-session -t "$name"
}

# check NAME: the checks above on $WORK/NAME.txt
check() {
  local name=$1
  if python3 - "$WORK/$name.txt" "$COLS" <<'PY'; then
import sys, unicodedata

path, cols = sys.argv[1], int(sys.argv[2])
lines = [l.rstrip() for l in open(path, encoding="utf-8").read().split("\n")]
while lines and not lines[-1]:
    lines.pop()
problems = []

def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

widest = max((width(l) for l in lines), default=0)
for n, l in enumerate(lines, 1):
    if width(l) > cols:
        problems.append(f"line {n} is {width(l)} columns: {l!r}")
if widest < cols - 12:
    problems.append(f"the widest line is {widest} columns: the width of {cols} was not used")

opened = sum(l.lstrip().startswith("╭─[") for l in lines)
closed = sum(l.lstrip().startswith("╰──") for l in lines)
if opened == 0 or opened != closed:
    problems.append(f"{opened} snippet boxes opened, {closed} closed")
inside = False
for n, l in enumerate(lines, 1):
    s = l.lstrip()
    if s.startswith("╭─["):
        inside = True
    elif s.startswith("╰──"):
        inside = False
    elif inside and "│" not in l and "·" not in l:
        problems.append(f"line {n} inside a snippet box has no gutter: {l!r}")

blocks = sum(1 for l in lines if l.startswith("  ") and "run `dockhand explain" in l)
helps = [n for n, l in enumerate(lines) if l.startswith("  help: ")]
if blocks == 0 or len(helps) < blocks:
    problems.append(f"{blocks} findings but {len(helps)} help lines")
for start in helps:
    n = start
    while n < len(lines) and lines[n].strip():
        if lines[n].count("`") % 2:
            problems.append(f"line {n + 1} cuts a code span: {lines[n]!r}")
        n += 1

if not any(" finding" in l and " in " in l for l in lines[-3:]):
    problems.append("no summary line at the end")

for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
    pass "$name: fits $COLS columns, boxes whole, help lines intact"
  else
    fail "$name (capture: target/tmux-test/$name.txt)"
  fi
}

run_case demo . fixtures/demo && check demo
# long help lines with code spans (digests, buildx commands), lines wider than the terminal,
# and DH007's help naming the comments that would cover a finding
run_case digests fixtures/rules base_image_without_digest/fail_tags.Dockerfile \
  hardcoded_target_arch/fail_env_arg_platform.Dockerfile \
  unused_suppression/fail_reported_elsewhere.Dockerfile --select ALL && check digests
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
