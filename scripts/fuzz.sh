#!/usr/bin/env bash
# Fuzzes the workbook reader (fuzz/fuzz_targets/workbook.rs) for SECONDS (default 60) with
# cargo-fuzz on the nightly toolchain, installing cargo-fuzz if missing. The committed corpus
# (fuzz/corpus/workbook) is read, never written: new inputs go to a temporary folder. A crash, a
# single allocation above 256 MB (the reader process's limit) or an input taking over 10 s (its time
# limit) fails the run and is written to fuzz/artifacts/workbook/. See docs/fuzzing.md.
#
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags…]
#        FUZZ_KEEP=DIR scripts/fuzz.sh 3600     (keep the new inputs in DIR, to minimize into the corpus)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-60}"
shift || true

if ! command -v cargo-fuzz >/dev/null; then
  echo "== cargo install cargo-fuzz"
  cargo install cargo-fuzz --locked --version 0.13.2
fi

new="${FUZZ_KEEP:-$(mktemp -d)}"
mkdir -p "$new"
[[ -n "${FUZZ_KEEP:-}" ]] || trap 'rm -rf "$new"' EXIT

cargo +nightly fuzz run workbook -O "$new" fuzz/corpus/workbook -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len=131072 \
  -print_final_stats=1 "$@"
