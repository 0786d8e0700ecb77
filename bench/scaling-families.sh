#!/usr/bin/env bash
# Scaling families (issue 17): generated inputs of every kind at four sizes, each double the
# last; time, peak memory and output size per size and the growth per doubling. Exits 1 when a
# family grows faster than 2.5x per doubling or uses more than 256 bytes of memory per input byte
# (plus 8 per byte of report).
#
#   bench/scaling-families.sh              full sizes (a few minutes)
#   bench/scaling-families.sh --ci         small sizes, under a minute (what .ci/run runs)
#   bench/scaling-families.sh --only stage-chain,env-path-append
#   DOCKHAND=/path/to/dockhand bench/scaling-families.sh   another binary (no build)
#
# See bench/scaling_families.py for the families and the exact limits.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DOCKHAND:-}" ]; then
    cargo build --release --quiet
    DOCKHAND=target/release/dockhand
fi
exec python3 bench/scaling_families.py --binary "$DOCKHAND" "$@"
