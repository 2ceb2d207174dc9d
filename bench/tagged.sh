#!/usr/bin/env bash
# Tagged against untagged records (issue 13, "Speed": the tagged record no slower than 2x the
# untagged one). The untagged writer (printpdf + lopdf, PDF/A-2b) is gone from the code, so its
# benchmark is built from the last revision that had it (UNTAGGED_REV, default 2604992) in a
# temporary git worktree sharing this target folder; then both `cargo bench --bench decision`
# binaries run in turns, untagged then tagged, PAIRS times (default 3), on the same 500
# suppliers, and the ratio of each pair's record and notices medians is printed. Figures:
# docs/performance.md, "Tagged records".
#
# Usage: bench/tagged.sh        (PAIRS=5 for more pairs; BENCH_N=100 for a quick run)
# Needs: git, cargo. Long the first time (two release builds on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rev="${UNTAGGED_REV:-2604992}"
pairs="${PAIRS:-3}"
export BENCH_N="${BENCH_N:-500}" BENCH_RUNS="${BENCH_RUNS:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
tree="$work/untagged"
cleanup() {
    git worktree remove --force "$tree" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

bench_binary() { # the decision bench executable cargo reports for the crate in $1
    (cd "$1" && cargo bench --bench decision --no-run --message-format=json 2>/dev/null) |
        python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "decision" and m.get("executable"):
        print(m["executable"])'
}

echo "== building the untagged writer's benchmark ($rev)"
git worktree add --detach "$tree" "$rev" >/dev/null
cp "$(bench_binary "$tree")" "$work/untagged-bench"
echo "== building the tagged writer's benchmark (this tree)"
cp "$(bench_binary "$root")" "$work/tagged-bench"

printf '%-5s %12s %12s %14s %14s %8s %8s\n' pair "record old" "record new" "notices old" "notices new" "record" "notices"
for i in $(seq 1 "$pairs"); do
    for kind in untagged tagged; do
        "$work/$kind-bench" >"$work/$kind.out"
        grep -E '^record :' "$work/$kind.out" | awk '{print $3}' >"$work/$kind.record"
        grep -E '^notices:' "$work/$kind.out" | awk '{print $2}' >"$work/$kind.notices"
    done
    ro="$(cat "$work/untagged.record")" rn="$(cat "$work/tagged.record")"
    no="$(cat "$work/untagged.notices")" nn="$(cat "$work/tagged.notices")"
    printf '%-5s %9s ms %9s ms %11s ms %11s ms %7.2fx %7.2fx\n' "$i" "$ro" "$rn" "$no" "$nn" \
        "$(python3 -c "print($rn / $ro)")" "$(python3 -c "print($nn / $no)")"
done
echo "goal: the tagged record at most 2x the untagged one (the last two columns: new / old)"
