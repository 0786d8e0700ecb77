#!/usr/bin/env bash
# Scaling check: does linting time grow linearly with the input?
#
#   bench/scaling.sh            from the repository root
#
# Lints the corpus copied 1×, 4× and 16× into a temporary directory (one invocation each),
# and one synthetic 10 MB Dockerfile. Prints the medians, the ratio to 1× and the time per
# file, and checks the targets of issue 6: 16× takes at most 17× the time of 1×, and the
# 10 MB file lints in under 1 s. Uses hyperfine when present, else a loop.
#
# Environment: CORPUS=../shared/corpus/real, RUNS=5.
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/real}
RUNS=${RUNS:-5}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS (set CORPUS=...)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
DOCKHAND=$PWD/target/release/dockhand

for n in 1 4 16; do
    for ((i = 0; i < n; i++)); do
        mkdir -p "$WORK/x$n/copy$i"
        cp -r "$CORPUS/." "$WORK/x$n/copy$i/"
    done
done

# A 10 MB Dockerfile: many stages, each with long RUNs joined by continuations.
python3 - "$WORK/big/Dockerfile" <<'PY'
import os, sys
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
parts = ["# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm-slim\n"]
size, n = 0, 0
while size < 10 * 1024 * 1024:
    p = (f"FROM $BASE AS s{n}\n"
         f"ENV APP_{n}=/opt/app{n} PATH=/opt/app{n}/bin:$PATH\n"
         "RUN apt-get update \\\n"
         "    && apt-get install -y --no-install-recommends ca-certificates curl git \\\n"
         "    && curl -fsSL https://example.com/install.sh | sh -s -- --prefix \"$APP\" \\\n"
         "    && rm -rf /var/lib/apt/lists/*\n"
         f"COPY --from=s{max(n - 1, 0)} /opt /opt\n"
         f"WORKDIR /opt/app{n}\n"
         "USER 1000\n")
    parts.append(p)
    size += len(p)
    n += 1
open(sys.argv[1], "w").write("".join(parts))
PY

time_of() { # median seconds of a command (shell line)
    local name=$1 cmd=$2
    if command -v hyperfine >/dev/null; then
        hyperfine --runs "$RUNS" --warmup 1 -i --style none --export-json "$WORK/$name.json" "$cmd" >/dev/null 2>&1
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/$name.json"
    else
        local i t0 t1 ts=()
        bash -c "$cmd" >/dev/null 2>&1 || true
        for ((i = 0; i < RUNS; i++)); do
            t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1 || true; t1=$(date +%s%N)
            ts+=("$(((t1 - t0) / 1000))")
        done
        python3 -c 'import statistics,sys; print(statistics.median(int(x) / 1e6 for x in sys.argv[1:]))' "${ts[@]}"
    fi
}

echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); date: $(date +%F); medians of $RUNS runs."
echo
echo "| input | files in the tree | median | vs 1× | per file |"
echo "|---|---:|---:|---:|---:|"
t1=""
for n in 1 4 16; do
    files=$(find "$WORK/x$n" -type f | wc -l)
    t=$(time_of "x$n" "$DOCKHAND $WORK/x$n >/dev/null")
    [ -z "$t1" ] && t1=$t
    python3 -c 'import sys; n, f, t, t1 = sys.argv[1:]; t, t1 = float(t), float(t1)
print(f"| corpus ×{n} | {f} | {t * 1000:.0f} ms | {t / t1:.2f}× | {t / int(f) * 1e6:.0f} µs |")' "$n" "$files" "$t" "$t1"
    eval "t_$n=$t"
done
tb=$(time_of big "$DOCKHAND $WORK/big/Dockerfile >/dev/null")
size=$(wc -c <"$WORK/big/Dockerfile")
python3 -c 'import sys; t, s = float(sys.argv[1]), int(sys.argv[2])
print(f"| synthetic Dockerfile, {s / 1e6:.1f} MB | 1 | {t * 1000:.0f} ms | | {s / t / 1e6:.0f} MB/s |")' "$tb" "$size"
echo
python3 -c 'import sys; t1, t16, tb = map(float, sys.argv[1:])
r = t16 / t1
ok = lambda c: "met" if c else "MISSED"
print(f"- {ok(r <= 17)}: 16× the corpus takes {r:.1f}× the time of 1× (target: at most 17×)")
print(f"- {ok(tb < 1)}: the 10 MB file lints in {tb * 1000:.0f} ms (target: under 1 s)")' "$t_1" "$t_16" "$tb"
