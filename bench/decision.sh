#!/usr/bin/env bash
# Decision benchmark (issue 4, "Speed"): the decision record for 500 suppliers across the 8 lots
# of the demo procurement and the 500 notices, rendered as PDF/A by anbud (cargo bench --bench
# decision, release profile), then the same content as HTML converted to PDF by LibreOffice
# headless (what a coordinator would otherwise do by hand), and the ratio.
# Goals: record <= 2 s, all notices <= 5 s (2 cores), LibreOffice time / anbud time >= 5.
#
# LibreOffice converts the record in one call and the notices in calls of at most 200 files
# (version 7.4 silently skips the files after about the 246th of a call); every call's start-up
# counts, as it would for a coordinator.
#
# Usage: bench/decision.sh          (BENCH_N=50 bench/decision.sh for a quick run; BENCH_RUNS for
#        the number of anbud runs, median reported, default 3; KEEP=DIR keeps the HTML and both
#        sets of PDFs in DIR for a look)
# Needs: cargo, python3, LibreOffice (installed with apt-get if missing), pdfinfo (optional).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

n="${BENCH_N:-500}"
runs="${BENCH_RUNS:-3}"
if [[ -n "${KEEP:-}" ]]; then
    work="$KEEP"
    mkdir -p "$work"
    rm -rf "$work/html" "$work/anbud-pdf" "$work/lo-pdf"
else
    work="$(mktemp -d)"
fi
profile="$(mktemp -d /tmp/lo-profile-XXXX)"
cleanup() {
    rm -rf "$profile"
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

export BENCH_N="$n" BENCH_RUNS="$runs"
export BENCH_HTML_DIR="$work/html"
export BENCH_PDF_DIR="$work/anbud-pdf"
export BENCH_RESULT="$work/anbud.txt"

echo "== anbud: record + $n notices, $runs runs (cargo bench --bench decision) =="
cargo bench --bench decision

soffice="$(command -v soffice || command -v libreoffice || true)"
if [[ -z "$soffice" ]]; then
    echo "== installing LibreOffice (libreoffice-writer-nogui) =="
    sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    $sudo apt-get install -y libreoffice-writer-nogui
    soffice="$(command -v soffice || command -v libreoffice)"
fi

echo
echo "== LibreOffice headless: the same content as HTML to PDF ($("$soffice" --version 2>/dev/null | head -n1)) =="
# A fresh profile, so no existing user installation is needed or touched. The profile is created
# beforehand by converting a one-line file (not timed); converting it a second time gives the
# start-up cost of one call, printed for reference.
lo=("$soffice" "-env:UserInstallation=file://$profile" --headless --norestore)
warm="$(mktemp -d)"
printf '<!DOCTYPE html><html><body><p>warm-up</p></body></html>\n' >"$warm/warm.html"
"${lo[@]}" --convert-to pdf --outdir "$warm" "$warm/warm.html" >/dev/null 2>&1
now() { date +%s.%N; }
s0="$(now)"
"${lo[@]}" --convert-to pdf --outdir "$warm" "$warm/warm.html" >/dev/null 2>&1
s1="$(now)"
rm -rf "$warm"

# LibreOffice (7.4) silently skips every file after about the 246th of one call (exit status 0),
# so the notices go in calls of at most 200 files, one after the other.
batch=200
mkdir -p "$work/lo-pdf"
: >"$work/lo-notices.log"
notice_files=("$BENCH_HTML_DIR"/notice-*.html)
t0="$(now)"
"${lo[@]}" --convert-to pdf --outdir "$work/lo-pdf" "$BENCH_HTML_DIR/record.html" >"$work/lo-record.log" 2>&1
t1="$(now)"
calls=0
for ((i = 0; i < ${#notice_files[@]}; i += batch)); do
    "${lo[@]}" --convert-to pdf --outdir "$work/lo-pdf" "${notice_files[@]:i:batch}" >>"$work/lo-notices.log" 2>&1
    calls=$((calls + 1))
done
t2="$(now)"

lo_notices="$(find "$work/lo-pdf" -name 'notice-*.pdf' | wc -l)"
if [[ ! -s "$work/lo-pdf/record.pdf" || "$lo_notices" != "$n" ]]; then
    echo "LibreOffice did not convert everything: record.pdf $(test -s "$work/lo-pdf/record.pdf" && echo ok || echo missing), $lo_notices of $n notices" >&2
    tail -n 5 "$work/lo-record.log" "$work/lo-notices.log" >&2
    exit 1
fi
lo_record_pages="?"
lo_notice_pages="?"
if command -v pdfinfo >/dev/null; then
    lo_record_pages="$(pdfinfo "$work/lo-pdf/record.pdf" | sed -n 's/^Pages: *//p')"
    lo_notice_pages="$(for f in "$work"/lo-pdf/notice-*.pdf; do pdfinfo "$f" | sed -n 's/^Pages: *//p'; done | awk '{s+=$1} END {print s}')"
fi
lo_notice_bytes="$(find "$work/lo-pdf" -name 'notice-*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s}')"
lo_record_bytes="$(stat -c %s "$work/lo-pdf/record.pdf")"

python3 - "$work/anbud.txt" "$t0" "$t1" "$t2" "$lo_record_pages" "$lo_record_bytes" "$lo_notice_bytes" "$s0" "$s1" "$calls" "$lo_notice_pages" <<'EOF'
import sys
res = dict(l.strip().split("=", 1) for l in open(sys.argv[1]) if "=" in l)
t0, t1, t2 = (float(x) for x in sys.argv[2:5])
lo_record_pages, lo_record_bytes, lo_notice_bytes = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
startup, calls, lo_notice_pages = float(sys.argv[9]) - float(sys.argv[8]), int(sys.argv[10]), sys.argv[11]
n = int(res["n"])
rec, nots, single = float(res["record_seconds"]), float(res["notices_seconds"]), float(res["notices_single_seconds"])
lo_rec, lo_nots = t1 - t0, t2 - t1
anbud = rec + nots
lo = lo_rec + lo_nots
ok = lambda b: "met" if b else "NOT MET"
print()
print(f"== Summary ({n} suppliers: {res['qualified']} qualified, {res['not_qualified']} not qualified; {res['cores']} cores) ==")
print(f"anbud record             : {rec:8.3f} s  {res['record_pages']:>4} pages  {int(res['record_bytes'])/1e6:6.2f} MB   goal <= 2 s  {ok(rec <= 2.0)}")
print(f"{f'anbud {n} notices':<25}: {nots:8.3f} s  {res['notice_pages']:>4} pages  {int(res['notice_bytes'])/1e6:6.2f} MB   goal <= 5 s  {ok(nots <= 5.0)}  ({res['threads']} threads; 1 thread {single:.3f} s)")
print(f"LibreOffice record       : {lo_rec:8.3f} s  {lo_record_pages:>4} pages  {lo_record_bytes/1e6:6.2f} MB")
print(f"{f'LibreOffice {n} notices':<25}: {lo_nots:8.3f} s  {lo_notice_pages:>4} pages  {lo_notice_bytes/1e6:6.2f} MB   ({calls} calls of <= 200 files)")
print(f"LibreOffice start-up     : {startup:8.3f} s per call (a one-line file; {1 + calls} calls above)")
print(f"ratio LibreOffice / anbud: {lo/anbud:8.1f} x  (record {lo_rec/rec:.1f} x, notices {lo_nots/nots:.1f} x)   goal >= 5 x  {ok(lo/anbud >= 5.0)}")
print(f"  with anbud's notices on 1 thread: {lo/(rec+single):.1f} x; without LibreOffice's start-up: {(lo - (1 + calls) * startup)/anbud:.1f} x; both: {(lo - (1 + calls) * startup)/(rec+single):.1f} x")
if n != 500:
    print("(goals are stated for 500 suppliers; this run used a different BENCH_N)")
EOF
