#!/usr/bin/env bash
# End-to-end tests of the real desktop app: builds ui/ (vite → ui/dist) and the app
# (cargo build -p anbud-app, debug), then drives it through tauri-driver + WebKitWebDriver
# under Xvfb. Screenshots land in test-output/e2e/*.png. Closes with "N passed, M failed";
# exits non-zero on failure.
#   scripts/e2e.sh              build everything, then test
#   E2E_SKIP_BUILD=1 scripts/e2e.sh   test the binaries already built
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
  echo "== app: cargo build -p anbud-app"
  cargo build -p anbud-app
fi

for tool in tauri-driver xvfb-run /usr/bin/WebKitWebDriver node; do
  command -v "$tool" >/dev/null || { echo "saknas: $tool (kör scripts/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }
done

echo "== e2e: tauri-driver + WebKitWebDriver under Xvfb"
# Without this WebKitGTK under Xvfb renders a blank window.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export NO_AT_BRIDGE=1 # no accessibility bus under Xvfb: silence its warnings
exec xvfb-run -a -s "-screen 0 1400x900x24" node "$root/tests/e2e/run.mjs"
