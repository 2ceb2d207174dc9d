#!/usr/bin/env bash
# Import benchmark (issue 2, "Speed"): generates 1 000 filled bid workbooks, times importing and
# evaluating them into a fresh database with anbud (cargo bench --bench import, release profile),
# then times a Python openpyxl program (read-only mode) that merely reads the same workbooks, and
# prints the ratio. Goals: anbud <= 3 s in all and <= 200 MB peak memory; >= 10x faster than the
# openpyxl read alone.
#
# Usage: bench/import.sh            (BENCH_N=100 bench/import.sh for a quick run; BENCH_RUNS=1 for
#        one measured anbud run instead of the median of 3; BENCH_PHASES=1 to time the phases)
# Needs: cargo, python3 (openpyxl is installed with pip if missing).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

n="${BENCH_N:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="${BENCH_RUNS:-3}"
export BENCH_N="$n" BENCH_RUNS="$runs"
export BENCH_DIR="$work/workbooks"
export BENCH_RESULT="$work/anbud.txt"

echo "== anbud: import + evaluate $n workbooks, $runs runs each into a fresh database (cargo bench --bench import) =="
cargo bench --bench import

if ! python3 -c 'import openpyxl' 2>/dev/null; then
    echo "== installing openpyxl =="
    python3 -m pip install --quiet openpyxl
fi

echo
echo "== Python: openpyxl read-only read of the same $n workbooks =="
python3 "$root/bench/read_openpyxl.py" "$BENCH_DIR" "$work/python.txt"

value() { sed -n "s/^$2=//p" "$1"; }
anbud_s="$(value "$work/anbud.txt" seconds)"
peak_mb="$(value "$work/anbud.txt" peak_mb)"
python_s="$(value "$work/python.txt" seconds)"

python3 - "$n" "$anbud_s" "$peak_mb" "$python_s" "$runs" <<'EOF'
import sys
n, anbud_s, peak_mb, python_s, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
ratio = python_s / anbud_s
ok = lambda b: "met" if b else "NOT MET"
print()
print(f"== Summary ({n} workbooks) ==")
print(f"anbud import + evaluate + store : {anbud_s:8.3f} s   goal <= 3 s     {ok(anbud_s <= 3.0)}" + (f"  (median of {runs} runs)" if runs > 1 else ""))
print(f"anbud peak memory (VmHWM)       : {peak_mb:8.1f} MB  goal <= 200 MB  {ok(peak_mb <= 200.0)}")
print(f"openpyxl read-only, read only   : {python_s:8.3f} s")
print(f"ratio python / anbud            : {ratio:8.1f} x   goal >= 10 x    {ok(ratio >= 10.0)}")
if n != 1000:
    print("(goals are stated for 1 000 workbooks; this run used a different BENCH_N)")
EOF
