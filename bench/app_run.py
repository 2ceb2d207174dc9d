"""Runs the release build of the desktop app on a database and measures (bench/app.sh):
- start-up: from spawning the process to the overview of every supplier on screen (the app's UI
  reports, in benchmark mode ANBUD_BENCH=1, when the overview's rows are rendered and painted);
- memory: resident set of the app and its WebKit processes (sum of RSS, and of PSS, which counts
  shared pages once) at that moment;
- filtering the overview: each of a series of filters applied to the rendered table, layout
  included, timed in the UI.

    python3 bench/app_run.py APP DATABASE RUNS RESULT_FILE   (under a display, e.g. xvfb-run)
"""
import json
import os
import statistics
import subprocess
import sys
import time

app, db, runs, result_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(p))
        except OSError:
            pass
    return out


def tree(pid):
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(children(p))
    return seen


def kb(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def drop_caches():
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


results = []
for i in range(runs):
    cold = drop_caches()
    env = dict(os.environ, ANBUD_BENCH="1", WEBKIT_DISABLE_COMPOSITING_MODE="1", NO_AT_BRIDGE="1")
    started = time.monotonic()
    proc = subprocess.Popen([app, db], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    report = None
    deadline = started + 120
    for line in proc.stdout:
        if line.startswith("ANBUD_BENCH "):
            report = json.loads(line[len("ANBUD_BENCH "):])
            break
        if time.monotonic() > deadline:
            break
    ready_s = time.monotonic() - started
    pids = tree(proc.pid)
    rss = sum(kb(f"/proc/{p}/status", "VmRSS") for p in pids) / 1024
    pss = sum(kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) / 1024
    names = []
    for p in pids:
        try:
            with open(f"/proc/{p}/comm") as f:
                names.append(f"{f.read().strip()} {kb(f'/proc/{p}/status', 'VmRSS') / 1024:.0f}/{kb(f'/proc/{p}/smaps_rollup', 'Pss') / 1024:.0f}")
        except OSError:
            pass
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    if report is None:
        raise SystemExit(f"run {i + 1}: the app did not report within 120 s")
    ui = report["ui"]
    filters = ui["filters"]
    results.append({"ready_s": ready_s, "rss_mb": rss, "pss_mb": pss, "cold": cold, "rows": ui["rows"], "filters": filters,
                    "first_screen_ms": ui["first_screen_ms"], "processes": names})
    worst = max(f["ms"] for f in filters)
    print(f"run {i + 1}: ready {ready_s:.2f} s ({'cold' if cold else 'warm'} file cache), {ui['rows']} rows, "
          f"RSS {rss:.0f} MB (PSS {pss:.0f} MB) over {len(pids)} processes (name RSS/PSS MB: {', '.join(names)}), slowest filter {worst:.1f} ms")
    for f in filters:
        print(f"    {f['filter']:32s} {f['rows']:5d} rows {f['ms']:7.1f} ms")

ready = statistics.median(r["ready_s"] for r in results)
rss = statistics.median(r["rss_mb"] for r in results)
pss = statistics.median(r["pss_mb"] for r in results)
worst = statistics.median(max(f["ms"] for f in r["filters"]) for r in results)
median_filter = statistics.median(f["ms"] for r in results for f in r["filters"])
with open(result_file, "w") as f:
    f.write(f"ready_s={ready:.3f}\nrss_mb={rss:.1f}\npss_mb={pss:.1f}\nworst_filter_ms={worst:.1f}\n"
            f"median_filter_ms={median_filter:.1f}\nrows={results[0]['rows']}\ncold={results[0]['cold']}\n")
