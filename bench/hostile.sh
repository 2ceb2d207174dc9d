#!/usr/bin/env bash
# Hostile workbooks benchmark (issue 12): each hostile case of tests/support/hostile.rs given to the
# release `anbud evaluate` beside a valid workbook; wall time and peak memory (the command's and its
# reader process's high-water mark) per case, the median of BENCH_RUNS runs (default 3).
# Goals: at most 2 s and 300 MB per case; exits 1 when a case misses one. Figures in
# docs/performance.md and docs/workbook-limits.md.
#
# Usage: bench/hostile.sh   (BENCH_RUNS=1 bench/hostile.sh for one run per case)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench hostile
