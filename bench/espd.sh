#!/usr/bin/env bash
# Hostile ESPD documents benchmark (issue 14): malformed XML, 100 000 levels deep, 200 MB and
# billion laughs, each given to the release `anbud evaluate` beside a valid workbook; wall time and
# peak memory per case, the median of BENCH_RUNS runs (default 3), beside the ESPD-EDM's example
# response read. Goals: each refused in under a second, at most 100 MB; exits 1 when a case misses
# one. Figures in docs/performance.md and docs/espd.md.
#
# Usage: bench/espd.sh   (BENCH_RUNS=1 bench/espd.sh for one run per case)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench espd
