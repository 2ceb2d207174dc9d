#!/usr/bin/env bash
# Starts the desktop app on the demo procurement (the README's run command), on a fresh Debian 12
# with Rust and Node: installs what the app needs (scripts/setup.sh), builds the UI, then builds
# and starts the app with --demo. The demo (definition and 17 bid workbooks) is written to the
# app's data folder and its bids imported into a fresh database there (ANBUD_DB picks another
# database file; it is then kept, not emptied).
#
#   bash scripts/demo.sh                 open the window (needs a display)
#   xvfb-run -a bash scripts/demo.sh     without one
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

"$root/scripts/setup.sh"

echo "== ui: npm run build"
(cd ui && npm run build)

echo "== anbud-app --demo"
exec cargo run -p anbud-app -- --demo
