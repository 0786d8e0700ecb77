#!/usr/bin/env bash
# Times dockhand (release build) on the large inputs of the bad-input catalogue, at full size:
# a 100 MB file (over the default limit, then linted with the limit raised), a 10 MB valid
# Dockerfile, a line of 10 MB, 100,000 continuation lines, 10,000 stages, JSON nested 100,000
# deep, and an ARG doubling bomb. Prints wall time and peak memory for each.
# Usage: bench/bad_inputs.sh   (builds with `cargo build --release -j 1` first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -j 1 --quiet
bin=$PWD/target/release/dockhand
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
def w(name, s):
    with open(os.path.join(d, name), "w") as f:
        f.write(s)
unit = "RUN apk add --no-cache curl && echo \"$HOME\" > /tmp/x\nENV A=1 B=2\n"
w("valid-10MB.Dockerfile", "FROM alpine:3.20\n" + unit * (10_000_000 // len(unit)))
w("valid-100MB.Dockerfile", "FROM alpine:3.20\n" + unit * (100_000_000 // len(unit)))
w("line-10MB.Dockerfile", "FROM alpine:3.20\nRUN echo " + "a" * 10_000_000 + "\n")
w("continuations-100k.Dockerfile", "FROM alpine:3.20\nRUN echo start \\\n"
  + "".join(f"    && echo {i} \\\n" for i in range(100_000)) + "    && echo end\n")
w("stages-10k.Dockerfile", "FROM alpine:3.20 AS s0\n"
  + "".join(f"FROM alpine:3.20 AS s{i}\nCOPY --from=s{i-1} /a /b\n" for i in range(1, 10_000)))
w("json-nested-100k.Dockerfile", "FROM alpine:3.20\nCMD " + "[" * 100_000 + "\"x\"" + "]" * 100_000 + "\n")
w("arg-bomb.Dockerfile", "ARG A0=xxxxxxxxxxxxxxxx\n"
  + "".join(f"ARG A{i}=${{A{i-1}}}${{A{i-1}}}\n" for i in range(1, 64))
  + "FROM alpine:$A63\nARG A63\nENV E=$A63$A63\nRUN echo $A63\n")
PY

run() {
    local label=$1; shift
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    /usr/bin/env time -f "%M" -o "$dir/mem" "$bin" --no-config --format concise "$@" > "$dir/out" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    printf '%-34s exit %s  %6.2f s  %6d MB peak  %s\n' "$label" "$rc" "$(echo "$t1 - $t0" | bc)" \
        "$(( $(tail -n 1 "$dir/mem") / 1024 ))" "$(tail -n 1 "$dir/out" | cut -c1-60)"
}
cd "$dir"
run "100 MB, default limit" valid-100MB.Dockerfile
run "100 MB, limit raised" --max-file-size 200000000 valid-100MB.Dockerfile
run "10 MB valid" valid-10MB.Dockerfile
run "one 10 MB line" line-10MB.Dockerfile
run "100,000 continuation lines" continuations-100k.Dockerfile
run "10,000 stages" stages-10k.Dockerfile
run "JSON nested 100,000 deep" json-nested-100k.Dockerfile
run "ARG doubling bomb" arg-bomb.Dockerfile
