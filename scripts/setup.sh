#!/usr/bin/env bash
# Installs what the desktop app needs to build and test, on a fresh Debian 12 with Rust (cargo)
# and Node (npm) already present. Idempotent and non-interactive: safe to run again, in CI too.
#   - Debian packages: WebKitGTK 4.1 and friends (Tauri 2), WebKitWebDriver, Xvfb, ImageMagick,
#     poppler-utils and python3-openpyxl (the end-to-end tests)
#   - npm ci in ui/ (the e2e client in tests/e2e has no npm dependencies)
#   - tauri-driver 2.1.0 (cargo install), only if missing or another version
#   - rustfmt and clippy (scripts/test.sh checks with both): rustup's components, if missing
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive CI="${CI:-true}"
export PATH="$HOME/.cargo/bin:$PATH"

sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo -n); fi

packages=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev librsvg2-dev
  webkit2gtk-driver xvfb xauth x11-utils imagemagick
  # the end-to-end tests: pdftotext reads the exported record; openpyxl fills a bid workbook
  poppler-utils python3-openpyxl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== apt: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "== apt: allt finns redan"
fi

for tool in cargo npm node; do
  command -v "$tool" >/dev/null || { echo "saknas: $tool (installera Rust och Node 20 först)" >&2; exit 1; }
done

for component in fmt clippy; do
  if ! cargo "$component" --version >/dev/null 2>&1; then
    name=$([[ "$component" == fmt ]] && echo rustfmt || echo clippy)
    command -v rustup >/dev/null || { echo "saknas: cargo $component (installera Rust-komponenten $name)" >&2; exit 1; }
    echo "== rustup component add $name"
    rustup component add "$name"
  fi
done

echo "== npm ci (ui/)"
(cd "$root/ui" && npm ci --no-audit --no-fund)

# (tauri-driver has no --version flag: ask cargo what it installed.)
if cargo install --list 2>/dev/null | grep -q "^tauri-driver v2.1.0:"; then
  echo "== tauri-driver 2.1.0 finns redan"
else
  echo "== cargo install tauri-driver 2.1.0"
  cargo install tauri-driver --locked --version 2.1.0
fi
echo "setup klar"
