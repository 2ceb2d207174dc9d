#!/usr/bin/env bash
# End-to-end tests of the real desktop app: builds ui/ (vite → ui/dist) and the app with the
# test hooks (cargo build -p anbud-app --features e2e, debug), then drives it through
# tauri-driver + WebKitWebDriver under Xvfb. Screenshots land in test-output/e2e/*.png. Closes
# with "N passed, M failed"; exits non-zero on failure.
#   scripts/e2e.sh              build everything, then test
#   E2E_SKIP_BUILD=1 scripts/e2e.sh   test the binaries already built (they must have been
#                                     built with the feature: scripts/test.sh does)
#   E2E_ONLY=<regex> scripts/e2e.sh   only the tests whose names match
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

out="$root/test-output/e2e"
mkdir -p "$out"
rm -f "$out"/*.png

if [[ "${E2E_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== ui: npm run build"
  if [[ ! -d ui/node_modules ]]; then (cd ui && npm ci --no-audit --no-fund); fi
  (cd ui && npm run build)
  echo "== app: cargo build -p anbud-app --features e2e"
  cargo build -p anbud-app --features e2e
fi
# A database with many suppliers is written by the core's app_bench_db example (cargo test
# builds it; build it here if it is not there).
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ ! -x "$target/debug/examples/app_bench_db" ]]; then
  echo "== cargo build -p anbud --example app_bench_db"
  cargo build -p anbud --example app_bench_db
fi

for tool in tauri-driver xvfb-run /usr/bin/WebKitWebDriver node pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "saknas: $tool (kör scripts/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }
done
# The e2e fills the handed-out bid workbook as a bidder would, with openpyxl.
python3 -c "import openpyxl" 2>/dev/null || { echo "saknas: python3-modulen openpyxl (kör scripts/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }

# A fresh database and data folder for the app (the demo is written beside it, into a database
# of its own), and the folders the e2e build's buttons use instead of the native file dialogs,
# which WebDriver cannot drive (docs/environment.md).
work="$out/data"
rm -rf "$work" "$out/beslut" "$out/sparat"
mkdir -p "$work" "$out/beslut" "$out/sparat"
export ANBUD_DB="$work/anbud.sqlite"
# The demo's own folder of workbooks (written when the demo is opened), where the test also puts
# the workbook it fills in.
export ANBUD_E2E_IMPORT_DIR="$work/demo/anbud"
export ANBUD_E2E_EXPORT_DIR="$out/beslut"
export ANBUD_E2E_SAVE_DIR="$out/sparat"
# Kostnadsprognos's file of expected hours: the template the screen saves, filled in by the test.
export ANBUD_E2E_PROJECTION_FILE="$out/sparat/prognosunderlag-ifyllt.xlsx"
unset ANBUD_DEMO

echo "== e2e: tauri-driver + WebKitWebDriver under Xvfb"
# Without this WebKitGTK under Xvfb renders a blank window.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export NO_AT_BRIDGE=1 # no accessibility bus under Xvfb: silence its warnings
exec xvfb-run -a -s "-screen 0 1400x900x24" node "$root/tests/e2e/run.mjs"
