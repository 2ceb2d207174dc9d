#!/usr/bin/env bash
# Starts the desktop app on the demo procurement (the README's run command), on a fresh Debian 12
# with Rust and Node: installs what the app needs (scripts/setup.sh), builds the UI, then builds
# and starts the app with --demo. The demo (definition and 17 bid workbooks) is written to the
# app's data folder (<data dir>/demo/) and its bids imported into the demo's own database there,
# never into the database ANBUD_DB names. What is done in the demo is kept between starts;
# remove the demo folder to start over (docs/environment.md).
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
