#!/usr/bin/env bash
# Checks the CI examples that README.md shows, ci/github-actions.yml and ci/gitlab-ci.yml:
# each parses as YAML (PyYAML's safe_load), is wired as GitHub and GitLab expect (SARIF upload
# with security-events: write; a codequality report kept when the job fails), and the dockhand
# command it runs works: it is run as written, on a project with a bad Dockerfile, and what it
# writes is checked. The `cargo install --git` steps are not run (no network to GitHub here).
#
# Usage: bash ci/ci-examples-test.sh [DOCKHAND]   (default: target/release/dockhand, built
# if missing). Ends with a line "N passed, M failed".
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKHAND="${1:-$ROOT/target/release/dockhand}"
if [ ! -x "$DOCKHAND" ]; then
  (cd "$ROOT" && cargo build --release --quiet) || exit 1
fi
DOCKHAND=$(cd "$(dirname "$DOCKHAND")" && pwd)/$(basename "$DOCKHAND")

PY=python3
if ! "$PY" -c 'import yaml' 2>/dev/null; then
  VENV="$ROOT/target/ci-examples-venv"
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import yaml' 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet pyyaml || exit 1
  fi
  PY="$VENV/bin/python"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/bin"
ln -s "$DOCKHAND" "$TMP/bin/dockhand"

# Reads both examples and writes, per CI, the structural problems found ($TMP/CI.problems),
# the dockhand line to run ($TMP/CI.cmd) and the report file it must write ($TMP/CI.file).
"$PY" - "$ROOT/ci/github-actions.yml" "$ROOT/ci/gitlab-ci.yml" "$TMP" <<'EOF'
import sys, yaml, re

gh_path, gl_path, tmp = sys.argv[1:]
problems = {"github": [], "gitlab": []}

gh = yaml.safe_load(open(gh_path))
# PyYAML (YAML 1.1) reads the key `on` as True
if "on" not in gh and True not in gh:
    problems["github"].append("no `on:`")
job = gh["jobs"]["dockhand"]
if job.get("permissions", {}).get("security-events") != "write":
    problems["github"].append("permissions: security-events: write is missing")
steps = job["steps"]
lint = [s["run"] for s in steps if "run" in s and s["run"].startswith("dockhand ")]
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
if len(lint) != 1 or len(upload) != 1:
    problems["github"].append("expected one `run: dockhand ...` step and one upload-sarif step")
else:
    m = re.search(r"--format sarif:(\S+)", lint[0])
    if not m or upload[0]["with"]["sarif_file"] != m.group(1):
        problems["github"].append("upload-sarif does not upload the file dockhand writes")
    open(f"{tmp}/github.cmd", "w").write(lint[0] + "\n")
    open(f"{tmp}/github.file", "w").write(upload[0]["with"]["sarif_file"])

gl = yaml.safe_load(open(gl_path))
job = gl["dockhand"]
art = job.get("artifacts", {})
if art.get("when") != "always":
    problems["gitlab"].append("artifacts: when: always is missing (the report must be kept when the job fails)")
report = art.get("reports", {}).get("codequality")
lint = [line for line in job["script"] if line.startswith("dockhand ")]
if len(lint) != 1 or not report:
    problems["gitlab"].append("expected one `dockhand ...` script line and artifacts:reports:codequality")
else:
    if f"gitlab:{report}" not in lint[0] and not re.search(rf"--format gitlab .*-o {re.escape(report)}", lint[0]):
        problems["gitlab"].append("codequality does not name the file dockhand writes")
    open(f"{tmp}/gitlab.cmd", "w").write(lint[0] + "\n")
    open(f"{tmp}/gitlab.file", "w").write(report)

for ci, p in problems.items():
    open(f"{tmp}/{ci}.problems", "w").write("".join(x + "\n" for x in p))
EOF

passed=0
failed=0
check() { # name, then a command that succeeds when the check passes
  local name=$1
  shift
  if "$@"; then
    echo "PASS: $name"
    passed=$((passed + 1))
  else
    echo "FAIL: $name"
    failed=$((failed + 1))
  fi
}
no_problems() {
  if [ -f "$TMP/$1.problems" ] && [ ! -s "$TMP/$1.problems" ]; then
    return 0
  fi
  cat "$TMP/$1.problems" 2>/dev/null
  return 1
}

# a project to lint: DH002 (error) and DH004 (warning)
P="$TMP/project"
mkdir -p "$P/svc"
printf 'FROM alpine:3.22\nCOPPY . /app\nCOPY --from=buidler /src /dst\n' > "$P/svc/Dockerfile"

# runs the example's dockhand line in the project with the test binary as `dockhand`; the
# exit code must be 1 (findings)
run_example() {
  local ci=$1
  [ -f "$TMP/$ci.cmd" ] || return 1
  echo "   \$ $(cat "$TMP/$ci.cmd")"
  (cd "$P" && PATH="$TMP/bin:$PATH" bash -e "$TMP/$ci.cmd") > "$TMP/$ci.out" 2>&1
  local status=$?
  sed 's/^/   | /' "$TMP/$ci.out"
  [ "$status" -eq 1 ] || { echo "   exit $status, expected 1"; return 1; }
}

github_outputs() {
  local sarif
  sarif="$P/$(cat "$TMP/github.file")"
  grep -q '^::error file=svc/Dockerfile,line=2,col=1' "$TMP/github.out" \
    && grep -q '^::warning file=svc/Dockerfile,line=3' "$TMP/github.out" \
    && "$PY" - "$sarif" <<'EOF'
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0", log["version"]
results = log["runs"][0]["results"]
got = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results]
assert got == [("DH002", "error", "svc/Dockerfile"), ("DH004", "warning", "svc/Dockerfile")], got
EOF
}

gitlab_outputs() {
  local report
  report="$P/$(cat "$TMP/gitlab.file")"
  grep -q '^svc/Dockerfile:2:1: error DH002' "$TMP/gitlab.out" \
    && "$PY" - "$report" <<'EOF'
import json, sys
issues = json.load(open(sys.argv[1]))
got = [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues]
assert got == [("DH002", "critical", "svc/Dockerfile", 2), ("DH004", "major", "svc/Dockerfile", 3)], got
assert all(len(i["fingerprint"]) == 32 and i["description"] for i in issues)
EOF
}

# Whether README.md shows each given file verbatim (ci/shown-verbatim.py).
shown_verbatim() {
  python3 "$ROOT/ci/shown-verbatim.py" "$@"
}

check "the docs show ci/github-actions.yml and ci/gitlab-ci.yml verbatim" \
  shown_verbatim ci/github-actions.yml ci/gitlab-ci.yml
check "ci/github-actions.yml parses and uploads the SARIF file dockhand writes (security-events: write)" no_problems github
check "the GitHub Actions lint command runs as written and exits 1 on findings" run_example github
check "it prints ::error/::warning annotations and writes SARIF 2.1.0 with both findings" github_outputs
check "ci/gitlab-ci.yml parses and publishes the report dockhand writes (when: always)" no_problems gitlab
check "the GitLab CI lint command runs as written and exits 1 on findings" run_example gitlab
check "it writes a Code Quality report with both findings and logs concise output" gitlab_outputs

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
