#!/usr/bin/env bash
# Desktop app benchmark (issue 5, "Speed"; not a timed test): the release build started on a
# procurement with 1 000 suppliers, to the overview of all of them on screen (<= 2 s); the
# resident memory of the app and its WebKit processes then (<= 300 MB, as PSS: shared pages
# counted once; the RSS sum is printed too); filtering the overview
# (<= 50 ms per filter, layout included). Figures: docs/performance.md, "Desktop app".
#
# Usage: bench/app.sh          (BENCH_N=100 for a quick run; BENCH_RUNS=5 for more runs)
# Needs what scripts/setup.sh installs (WebKitGTK, Xvfb) and a release build, which this makes
# (long on 2 cores the first time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

n="${BENCH_N:-1000}"
runs="${BENCH_RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== ui: npm run build"
(cd ui && npm run build >/dev/null)
echo "== cargo build --release -p anbud-app"
cargo build --release -p anbud-app
echo "== a database with $n suppliers (cargo run --release --example app_bench_db)"
cargo run --release --example app_bench_db -- "$work/bench.sqlite" "$n"

# The app's own data (recent files) goes to the temporary folder, not the user's.
export ANBUD_DB="$work/data/anbud.sqlite"
echo "== $runs runs under Xvfb"
target="${CARGO_TARGET_DIR:-$root/target}"
xvfb-run -a -s "-screen 0 1400x900x24" python3 "$root/bench/app_run.py" "$target/release/anbud-app" "$work/bench.sqlite" "$runs" "$work/result.txt"

value() { sed -n "s/^$1=//p" "$work/result.txt"; }
python3 - "$n" "$(value ready_s)" "$(value rss_mb)" "$(value pss_mb)" "$(value worst_filter_ms)" "$(value median_filter_ms)" "$(value cold)" "$runs" <<'PY'
import sys
n, ready, rss, pss, worst, median, cold, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7], int(sys.argv[8])
ok = lambda b: "met" if b else "NOT MET"
print()
print(f"== Summary ({n} suppliers, median of {runs} runs, {'cold' if cold == 'True' else 'warm'} file cache) ==")
print(f"start to overview on screen : {ready:7.2f} s   goal <= 2 s      {ok(ready <= 2.0)}")
print(f"resident memory (PSS sum)   : {pss:7.0f} MB  goal <= 300 MB   {ok(pss <= 300.0)}   (RSS sum {rss:.0f} MB counts the shared WebKit/GTK libraries once per process)")
print(f"filtering, slowest filter   : {worst:7.1f} ms  goal <= 50 ms    {ok(worst <= 50.0)}   (median {median:.1f} ms)")
PY
